server: s = socket(AF_INET, SOCK_DGRAM)
server: bind(s, 127.0.0.1:65536)
