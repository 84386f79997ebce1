server: u = socket(AF_INET, SOCK_DGRAM)
server: recvmsg(u, 64, 0, from)
