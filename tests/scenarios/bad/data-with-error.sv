server: s = socket(AF_INET, SOCK_DGRAM)
server: recv(s, 64) = -1 EAGAIN "hi"
