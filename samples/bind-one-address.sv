title "bind() picks the address, not just the port"
summary "A server bound to 127.0.0.2:8888 is not reachable on 127.0.0.1:8888"

note "Loopback answers to every address in 127.0.0.0/8. Take 127.0.0.1 and"
note "127.0.0.2 as the host's two network cards, A and B."
server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.2:8888) = 0              -> none
note "Bind to card B only: the kernel will hand this socket the packets that"
note "arrive for 127.0.0.2, port 8888, and nothing else."
server: listen(s, 5) = 0                         -> none

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = -1 ECONNREFUSED -> SYN, RST-ACK
note "Same port, card A: no socket is bound there. The kernel answers the"
note "SYN with RST, and connect() fails with ECONNREFUSED."
client: c2 = socket(AF_INET, SOCK_STREAM, 0)     -> none
client: connect(c2, 127.0.0.2:8888) = 0          -> SYN, SYN-ACK, ACK
note "Card B: the handshake completes."
server: a = accept(s, &who)                      -> none

server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(u, 0.0.0.0:9999) = 0                -> none
note "0.0.0.0 (INADDR_ANY) means every card: this socket takes port 9999"
note "on 127.0.0.1 and on 127.0.0.2 alike."
client: d = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: sendto(d, "to A", 127.0.0.1:9999) = 4    -> UDP
client: sendto(d, "to B", 127.0.0.2:9999) = 4    -> UDP
server: recvfrom(u, 64, &peer) = 4 "to A"
server: recvfrom(u, 64, &peer) = 4 "to B"
note "Both datagrams reach the one socket bound to 0.0.0.0:9999."
