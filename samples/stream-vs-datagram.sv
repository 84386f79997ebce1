title "TCP is a byte stream, UDP keeps messages"
summary "Two TCP send()s can come out of one recv(); two UDP sendto()s always need two recvfrom()s"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(u, 127.0.0.1:9999) = 0              -> none

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
server: a = accept(s)                            -> none
client: send(c, "hello") = 5                     -> PSH-ACK, ...
client: send(c, "world") = 5                     -> PSH-ACK, ...
note "Two send()s, two segments: on loopback the first is acknowledged inside"
note "send() itself, so Nagle's algorithm has nothing in flight to wait for."
server: recv(a, 64) = 10 "helloworld"
note "One recv() returns both: TCP delivers bytes, and keeps no trace of"
note "where one send() ended. Message boundaries are the program's business."
client: send(c, "abcdef") = 6                    -> PSH-ACK, ...
server: recv(a, 4) = 4 "abcd"
server: recv(a, 64) = 2 "ef"
note "A small buffer takes part of the stream; the rest waits for the next recv()."

client: d = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: sendto(d, "hello", 127.0.0.1:9999) = 5   -> UDP
client: sendto(d, "world", 127.0.0.1:9999) = 5   -> UDP
server: recvfrom(u, 64) = 5 "hello"
server: recvfrom(u, 64) = 5 "world"
note "UDP: each sendto() is one datagram, and each recvfrom() returns one"
note "whole datagram, never two."
client: sendto(d, "abcdef", 127.0.0.1:9999) = 6  -> UDP
server: recvfrom(u, 4) = 4 "abcd"
server: recvfrom(u, 64, MSG_DONTWAIT) = -1 EAGAIN -> none
note "A datagram too big for the buffer is cut: the rest is lost, not kept."
