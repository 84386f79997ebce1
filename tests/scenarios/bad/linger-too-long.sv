client: c = socket(AF_INET, SOCK_STREAM)
client: setsockopt(c, SOL_SOCKET, SO_LINGER, 1, 3601)
