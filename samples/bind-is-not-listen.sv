title "bind() is not listen()"
summary "connect() to a port that is bound but not listening is refused; after listen() it succeeds"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
note "The port is taken, but the socket does not listen yet."

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = -1 ECONNREFUSED -> SYN, RST-ACK
note "A bound socket does not take connections: the kernel answers the SYN"
note "with RST, as if nobody were there."

server: listen(s, 5) = 0                         -> none
note "listen() is what makes the kernel take connection requests for this"
note "port. Still nothing on the wire: it waits for a SYN."

client: c2 = socket(AF_INET, SOCK_STREAM, 0)     -> none
client: connect(c2, 127.0.0.1:8888) = 0          -> SYN, SYN-ACK, ACK
note "The same connect() now gets SYN-ACK: the handshake completes."
server: a = accept(s)                            -> none
note "UDP has no listen(): for a UDP socket, bind() alone is enough to receive."
