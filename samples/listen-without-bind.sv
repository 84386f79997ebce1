title "listen() without bind()"
summary "The kernel gives an unbound listener a port of its own choosing, which no client can know"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: listen(s, 5) = 0                         -> none
note "No bind(): listen() binds the socket itself, to 0.0.0.0 and an"
note "ephemeral port, and starts taking connections there."
server: getsockname(s, &where) = 0               -> none
note "Only the server can find out which port: by asking getsockname()."

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = -1 ECONNREFUSED -> SYN, RST-ACK
note "The client was told nothing, so it guesses. Wrong port: RST."
note "This is why a server binds a well-known port."

server: self = socket(AF_INET, SOCK_STREAM, 0)   -> none
server: connect(self, where) = 0                 -> SYN, SYN-ACK, ACK
note "The port is real: the server, which knows it, can connect to it."
note "(Connecting to 0.0.0.0 reaches this host on Linux.)"
server: a = accept(s)                            -> none

server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: recvfrom(u, 64, MSG_DONTWAIT) = -1 EAGAIN -> none
note "UDP is different: receiving on an unbound socket does not bind it."
server: getsockname(u, &uwhere) = 0              -> none
note "Still 0.0.0.0, port 0: an unbound UDP socket has no port, so no"
note "datagram can reach it. It gets one from bind(), connect() or sendto()."
