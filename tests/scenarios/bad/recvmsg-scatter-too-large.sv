server: u = socket(AF_INET, SOCK_DGRAM)
server: recvmsg(u, {65000, 1000})
