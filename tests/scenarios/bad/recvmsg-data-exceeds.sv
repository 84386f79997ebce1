server: u = socket(AF_INET, SOCK_DGRAM)
server: recvmsg(u, {2, 2}) = 5 "hello"
