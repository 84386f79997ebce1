title "bind() picks the address, not just the port"
summary "A server bound to 127.0.0.2:8888 is not reachable on 127.0.0.1:8888"

note "Loopback answers to every address in 127.0.0.0/8: 127.0.0.1 and 127.0.0.2"
note "are two addresses of one host, as a host with two cards has two."
server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.2:8888) = 0              -> none
note "Bind to 127.0.0.2 only: the kernel hands this socket what is addressed to"
note "127.0.0.2, port 8888. Linux goes by the destination address, not by the"
note "card a packet came in on (the weak host model): to tie a socket to one"
note "card, a program uses setsockopt(SO_BINDTODEVICE)."
server: listen(s, 5) = 0                         -> none

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = -1 ECONNREFUSED -> SYN, RST-ACK
note "Same port, the other address: no socket is bound there. The kernel"
note "answers the SYN with RST, and connect() fails with ECONNREFUSED."
client: c2 = socket(AF_INET, SOCK_STREAM, 0)     -> none
client: connect(c2, 127.0.0.2:8888) = 0          -> SYN, SYN-ACK, ACK
note "To 127.0.0.2: the handshake completes."
server: a = accept(s, &who)                      -> none

server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(u, 0.0.0.0:9999) = 0                -> none
note "0.0.0.0 (INADDR_ANY) means every address of the host: this socket takes"
note "port 9999 on 127.0.0.1 and on 127.0.0.2 alike."
client: d = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: sendto(d, "to A", 127.0.0.1:9999) = 4    -> UDP
client: sendto(d, "to B", 127.0.0.2:9999) = 4    -> UDP
server: recvfrom(u, 64, &peer) = 4 "to A"
server: recvfrom(u, 64, &peer) = 4 "to B"
note "Both datagrams reach the one socket bound to 0.0.0.0:9999."
