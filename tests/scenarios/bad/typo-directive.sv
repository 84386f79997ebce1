titel "x"
client: c = socket(AF_INET, SOCK_STREAM)
