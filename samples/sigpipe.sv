title "SIGPIPE: writing to a connection the peer has closed"
summary "After the peer's close, a write draws RST; the next one fails with EPIPE, and SIGPIPE ends the writer unless MSG_NOSIGNAL"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
server: a = accept(s)                            -> none
server: send(a, "bye") = 3                       -> PSH-ACK, ...
client: recv(c, 64) = 3 "bye"
server: close(a) = 0                             -> FIN-ACK, ...
note "The server closes its end: FIN. The client's socket is still open."
client: send(c, "one") = 3                       -> PSH-ACK, RST
note "The client's kernel cannot know the server will read no more: the data"
note "goes out, and the server's kernel answers RST, for no socket takes it."
client: send(c, "two", MSG_NOSIGNAL) = -1 EPIPE  -> none
note "The connection is reset: send() fails with EPIPE. MSG_NOSIGNAL keeps"
note "the kernel from sending the signal as well."
client: send(c, "three") = -1 EPIPE killed SIGPIPE -> none
note "Without MSG_NOSIGNAL the kernel also sends SIGPIPE, whose default action"
note "ends the program: the client dies in this call. Servers ignore SIGPIPE"
note "(signal(SIGPIPE, SIG_IGN)) or pass MSG_NOSIGNAL."
server: close(s) = 0                             -> none
note "The server goes on: only the client died."
