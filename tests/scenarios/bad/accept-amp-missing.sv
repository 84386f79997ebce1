server: s = socket(AF_INET, SOCK_STREAM)
server: a = accept(s, peer)
