title "IPv6: the handshake over ::1"
summary "The same calls with AF_INET6 and bracketed addresses"

server: s = socket(AF_INET6, SOCK_STREAM)
server: setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, 1) = 0
server: bind(s, [::1]:8888) = 0
server: listen(s, 1) = 0
client: c = socket(AF_INET6, SOCK_STREAM)
client: connect(c, [::1]:8888) = 0 -> SYN, SYN-ACK, ACK
client: getsockname(c, &me) = 0
server: a = accept(s, &peer)
client: send(c, "hi") = 2 -> PSH-ACK, ...
server: recv(a, 64) = 2 "hi"
client: close(c) = 0 -> FIN-ACK, ...
server: close(a) = 0 -> FIN-ACK, ...
server: close(s) = 0 -> none
server: u = socket(AF_INET6, SOCK_DGRAM)
server: sendto(u, "x", [::ffff:127.0.0.1]:9) = 1
