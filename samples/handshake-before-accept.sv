title "The handshake happens before accept()"
summary "connect() returns before the server calls accept(); accept() takes a finished connection and sends nothing"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
note "From here the kernel answers connection requests on 8888 by itself."

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
note "connect() has returned: the connection is ESTABLISHED, and the server"
note "program has not called accept(). The server's kernel completed the"
note "handshake and put the connection in the listener's queue."
client: send(c, "early") = 5                     -> PSH-ACK, ...
note "The client can even send: the server's kernel takes and ACKs the bytes."

server: a = accept(s, &who)                      -> none
note "accept() only takes a finished connection off the queue. Nothing on"
note "the wire: it is not part of the handshake."
server: recv(a, 64) = 5 "early"                  -> none
note "The bytes were waiting in the new socket."
