server: s = socket(AF_INET, SOCK_DGRAM)
server: recvfrom(s, 64, &)
