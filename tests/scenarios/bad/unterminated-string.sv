note "hello
client: c = socket(AF_INET, SOCK_STREAM)
