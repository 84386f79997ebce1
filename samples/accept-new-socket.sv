title "accept() returns a new socket"
summary "Each accept() gives a new descriptor on the same local port; the listener keeps listening"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
server: a1 = accept(s, &who1)                    -> none
note "No connection request yet: accept() blocks."

alice: c1 = socket(AF_INET, SOCK_STREAM, 0)      -> none
alice: connect(c1, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
note "The handshake is done by the kernels; it wakes the blocked accept(),"
note "which returns a new descriptor with alice's address."

bob: c2 = socket(AF_INET, SOCK_STREAM, 0)        -> none
bob: connect(c2, 127.0.0.1:8888) = 0             -> SYN, SYN-ACK, ACK
note "s is still listening: a second client connects to the same port."
server: a2 = accept(s, &who2)                    -> none
note "A second new descriptor. Three sockets share local port 8888: the"
note "listener and one per connection; the peer's address tells them apart."
server: getsockname(a2, &me) = 0                 -> none

alice: send(c1, "I am alice") = 10               -> PSH-ACK, ...
bob: send(c2, "I am bob") = 8                    -> PSH-ACK, ...
server: recv(a2, 64) = 8 "I am bob"
server: recv(a1, 64) = 10 "I am alice"
note "Each connection has its own descriptor and its own bytes."
