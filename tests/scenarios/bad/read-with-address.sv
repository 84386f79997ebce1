client: c = socket(AF_INET, SOCK_STREAM)
client: read(c, 64, &from)
