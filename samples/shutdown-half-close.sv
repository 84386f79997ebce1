title "shutdown(SHUT_WR): a half close"
summary "shutdown() sends FIN while the other direction stays open: the server answers after reading 0"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
server: a = accept(s)                            -> none

client: send(c, "question") = 8                  -> PSH-ACK, ...
client: shutdown(c, SHUT_WR) = 0                 -> FIN-ACK, ...
note "FIN: the client will send nothing more. Unlike close(), it keeps the"
note "socket, and can still read."
server: recv(a, 64) = 8 "question"
server: recv(a, 64) = 0
note "0: the end of the client's stream. The whole question has arrived."
server: send(a, "answer") = 6                    -> PSH-ACK, ...
note "The other direction still works: the server answers."
client: recv(c, 64) = 6 "answer"
client: send(c, "more?", MSG_NOSIGNAL) = -1 EPIPE -> none
note "The client's own direction is shut: writing fails with EPIPE. Without"
note "MSG_NOSIGNAL the kernel would also send SIGPIPE, which ends a program"
note "(the lesson sigpipe)."
server: close(a) = 0                             -> FIN-ACK, ACK
note "The server's FIN ends the second direction."
client: recv(c, 64) = 0                          -> none
client: close(c) = 0                             -> none
note "Both FINs have been sent: close() has nothing left to send."
