client: c = socket(AF_INET, SOCK_STREAM)
client: getsockname(c, NULL)
