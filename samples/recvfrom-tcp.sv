title "recvfrom() on a TCP socket: no address comes back"
summary "On a connected TCP socket recvfrom() returns the data but no address: the kernel sets the length to 0"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
server: a = accept(s, &peer)                     -> none
note "accept() with an address buffer: this is where a TCP server learns who"
note "connected."
client: send(c, "hello") = 5                     -> PSH-ACK, ...
server: recvfrom(a, 64, &from) = 5 "hello"
note "recvfrom() is passed an address buffer, and the bytes arrive, but no"
note "address: on a connected TCP socket the kernel writes a length of 0 and"
note "leaves the buffer alone. A stream has one peer, named once."
server: getpeername(a, &who) = 0                 -> none
note "A TCP program asks getpeername(), or keeps what accept() returned."
client: recvfrom(c, 64, MSG_DONTWAIT, &from) = -1 EAGAIN -> none
note "The client's side is the same; nothing has come back yet, and"
note "MSG_DONTWAIT makes this one call return at once instead of waiting."
