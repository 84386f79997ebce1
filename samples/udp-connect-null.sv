title "UDP after connect(): the address is optional"
summary "A connected UDP socket uses send()/recv(), or sendto(..., NULL)/recvfrom() just as well"

server: s = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(s, 127.0.0.1:9999) = 0              -> none

client: c = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: connect(c, 127.0.0.1:9999) = 0           -> none
note "connect() stores the peer's address in the socket. Nothing is sent."
client: send(c, "one") = 3                       -> UDP
note "send() takes no address: the kernel uses the stored one."
client: sendto(c, "two", NULL) = 3               -> UDP
note "sendto() with a NULL address does exactly the same."
server: recvfrom(s, 64, &peer) = 3 "one"
server: recvfrom(s, 64, &peer) = 3 "two"
note "Both reach the server, from the same client port."
server: sendto(s, "three", peer) = 5             -> UDP
server: sendto(s, "four", peer) = 4              -> UDP
server: sendto(s, "five", peer) = 4              -> UDP
client: recv(c, 64) = 5 "three"
note "recv(): no address needed, the datagram can only be from the peer."
client: recvfrom(c, 64, NULL) = 4 "four"
note "recvfrom() with NULL for the address: the same as recv(). The C call is"
note "recvfrom(c, buf, 64, 0, NULL, NULL)."
client: recvfrom(c, 64, &from) = 4 "five"
note "recvfrom() with an address buffer still works, and reports the peer."
