title "close() with unread data sends RST"
summary "Closing a socket whose received bytes were never read resets the connection instead of a FIN"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
server: a = accept(s)                            -> none
client: send(c, "read me") = 7                   -> PSH-ACK, ...
server: recv(a, 64) = 7 "read me"
server: send(a, "done") = 4                      -> PSH-ACK, ...
client: recv(c, 64) = 4 "done"
server: close(a) = 0                             -> FIN-ACK, ...
note "Everything was read: close() sends an ordinary FIN."
client: recv(c, 64) = 0
client: close(c) = 0                             -> FIN-ACK, ACK

client: c2 = socket(AF_INET, SOCK_STREAM, 0)     -> none
client: connect(c2, 127.0.0.1:8888) = 0          -> SYN, SYN-ACK, ACK
server: a2 = accept(s)                           -> none
client: send(c2, "ignore me") = 9                -> PSH-ACK, ...
server: close(a2) = 0                            -> RST-ACK
note "9 bytes arrived and were never read. The kernel drops them and sends"
note "RST, not FIN: the peer must not think its data was taken."
client: recv(c2, 64) = -1 ECONNRESET             -> none
note "The client gets an error, not an end of stream."
