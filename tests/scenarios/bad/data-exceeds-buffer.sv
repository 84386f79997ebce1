server: s = socket(AF_INET, SOCK_DGRAM)
server: recv(s, 4) = 5 "hello"
