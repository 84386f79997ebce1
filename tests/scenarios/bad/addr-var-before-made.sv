server: s = socket(AF_INET, SOCK_DGRAM)
server: sendto(s, "x", peer)
