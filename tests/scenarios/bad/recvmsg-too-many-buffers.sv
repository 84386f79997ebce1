server: u = socket(AF_INET, SOCK_DGRAM)
server: recvmsg(u, {1, 1, 1, 1, 1, 1, 1, 1, 1})
