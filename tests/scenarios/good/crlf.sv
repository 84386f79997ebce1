# The TCP sample with CRLF line endings, as a Windows editor saves it.
title "TCP: connect, accept, send, recv, close"
summary "TCP client and server: the handshake, one exchange, the close"

note "A TCP server: socket(), bind() a well-known address, listen()."
server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
note "bind() names the local end. Nothing goes on the wire."
server: listen(s, 5) = 0                         -> none
note "listen() makes the kernel answer connection requests: still silent."

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
note "connect() names the remote end and performs the three-way handshake."
note "The client never called bind(): the kernel picked its port."
server: a = accept(s)                            -> none
note "accept() sends nothing: the kernel finished the handshake already."
note "It returns a NEW socket for this connection; s keeps listening."

client: send(c, "hello") = 5                     -> PSH-ACK, ...
server: recv(a, 64) = 5 "hello"
server: send(a, "hi there") = 8                  -> PSH-ACK, ...
client: recv(c, 64) = 8 "hi there"

client: close(c) = 0                             -> FIN-ACK, ...
note "close() sends FIN; the client is the active closer."
server: recv(a, 64) = 0
note "recv() returning 0 is how the server learns of the FIN."
server: close(a) = 0                             -> FIN-ACK, ...
server: close(s) = 0                             -> none
