title "close(): FIN, and the active closer's TIME_WAIT"
summary "Each side's close() sends a FIN; the side that closes first ends in TIME_WAIT"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
server: a = accept(s)                            -> none
client: send(c, "bye") = 3                       -> PSH-ACK, ...
server: recv(a, 64) = 3 "bye"

client: close(c) = 0                             -> FIN-ACK, ...
note "The client closes first: it is the active closer. Its FIN says: no"
note "more data from me. FIN_WAIT1: it waits for the server's ACK and FIN."
server: recv(a, 64) = 0
note "The server reads 0, end of stream: the client's FIN has arrived."
note "Its socket is in CLOSE_WAIT until the program closes it too."
server: close(a) = 0                             -> FIN-ACK, ACK
note "The server's FIN, and the client's kernel ACKs it: the server's side"
note "is gone. The server's kernel delayed its ACK of the client's FIN"
note "(ack=5), so it rides on this FIN: three packets here, not four."
note "The client's side now waits in TIME_WAIT (60 s on Linux), in case the"
note "last ACK is lost and the FIN comes again."
server: close(s) = 0                             -> none
