client: c = socket(AF_INET, SOCK_STREAM)
client: poll({}, 100)
