client: c = socket(AF_INET, SOCK_STREAM)
client: close(c) = 0 = 0
