server: s = socket(AF_INET, SOCK_STREAM)
server: listen(s, -1)
