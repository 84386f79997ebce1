server: s = socket(AF_INET, SOCK_DGRAM)
server: recvfrom(s, 64, &peer)
client: c = socket(AF_INET, SOCK_DGRAM)
client: sendto(c, "x", peer)
