server: u = socket(AF_INET, SOCK_DGRAM)
server: recvfrom(u, 64, peer)
