client: c = socket(AF_INET, SOCK_STREAM)
client: recv(c, 64, MSG_PEEK, &from)
