server: s = socket(AF_INET, SOCK_DGRAM)
server: x = bind(s, 127.0.0.1:9999)
