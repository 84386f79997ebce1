title "connect(): TCP versus UDP"
summary "The headline: TCP connect() sends the three-way handshake, UDP connect() sends nothing"

note "The same call on two kinds of socket. Watch the wire."
server: t = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(t, 127.0.0.1:8888) = 0              -> none
server: listen(t, 5) = 0                         -> none
server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(u, 127.0.0.1:9999) = 0              -> none

client: tc = socket(AF_INET, SOCK_STREAM, 0)     -> none
client: connect(tc, 127.0.0.1:8888) = 0          -> SYN, SYN-ACK, ACK
note "TCP connect(): three packets, the three-way handshake, all inside the call."

client: uc = socket(AF_INET, SOCK_DGRAM, 0)      -> none
client: connect(uc, 127.0.0.1:9999) = 0          -> none
note "UDP connect(): nothing on the wire. It only stores the peer's address."

client: send(uc, "hi") = 2                       -> UDP
note "The first UDP packet is the first datagram the client sends."
server: recvfrom(u, 64, &from) = 2 "hi"

server: a = accept(t)                            -> none
note "accept() sends nothing either: the kernel finished the handshake inside connect()."
client: close(uc) = 0                            -> none
note "Closing a UDP socket is silent too: there was never a connection."
# The TCP connection is left open: how it closes is the 'tcp' lesson.
