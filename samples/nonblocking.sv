title "Non-blocking sockets: EAGAIN instead of waiting"
summary "accept() and recv() on a non-blocking socket return -1 EAGAIN at once; on a blocking one they wait"

server: s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0) -> none
note "SOCK_NONBLOCK: no call on this socket ever sleeps."
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
server: accept(s) = -1 EAGAIN                    -> none
note "No connection is waiting: accept() says so with EAGAIN (EWOULDBLOCK),"
note "at once, instead of waiting for one."
client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
server: a = accept(s)                            -> none
note "Now one is waiting, and the same call returns it. The new socket is"
note "blocking again: accept() does not pass O_NONBLOCK on."
server: fcntl(a, F_SETFL, O_NONBLOCK) = 0        -> none
note "fcntl(F_SETFL, O_NONBLOCK) makes a socket non-blocking after the fact."
server: recv(a, 64) = -1 EAGAIN                  -> none
note "Nothing has arrived: recv() returns -1 EAGAIN at once."
client: recv(c, 64) = 5 "hello"
note "The client's socket blocks: its recv() sleeps in the kernel until"
note "data comes, and the next step goes on meanwhile."
server: send(a, "hello") = 5                     -> PSH-ACK, ...
note "The server's data wakes the client's recv()."
client: send(c, "hi") = 2                        -> PSH-ACK, ...
server: recv(a, 64) = 2 "hi"
note "With data there, the non-blocking recv() returns it like any other."
