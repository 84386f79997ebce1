title "sendmsg() and recvmsg(): one message, several buffers"
summary "sendmsg() gathers buffers into one datagram; recvmsg() scatters it into buffers and says who sent it"

server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(u, 127.0.0.1:9999) = 0              -> none
client: d = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: sendmsg(d, {"head:", "body"}, 127.0.0.1:9999) = 9 -> UDP
note "Two buffers, one call, one datagram of 9 bytes: the kernel joins them."
server: recvmsg(u, {5, 59}, &from) = 9 "head:body"
note "recvmsg() fills the first buffer, then the next, and writes the sender's"
note "address: a recvfrom() with several buffers."

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
server: a = accept(s)                            -> none
client: sendmsg(c, {"GET ", "/", "\n"}) = 6      -> PSH-ACK, ...
note "On TCP, three buffers make one segment: to a stream they are just bytes."
server: recvmsg(a, {64}) = 6 "GET /\n"
