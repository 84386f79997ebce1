title "Dual stack: an IPv6 server takes IPv4 clients"
summary "A socket bound to [::] hears IPv4 too; accept() shows the client as ::ffff:127.0.0.1"

server: s = socket(AF_INET6, SOCK_STREAM)        -> none
server: bind(s, [::]:8888) = 0                   -> none
note "[::] is every address, IPv4 ones included, unless IPV6_V6ONLY is set."
server: listen(s, 5) = 0                         -> none
client: c = socket(AF_INET, SOCK_STREAM)         -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
note "An IPv4 client. The packets on the wire are plain IPv4."
server: a = accept(s, &peer)                     -> none
note "The IPv6 socket sees the client as an IPv4-mapped address, ::ffff:127.0.0.1."
client: send(c, "hi") = 2                        -> PSH-ACK, ...
server: recv(a, 64) = 2 "hi"
client: close(c) = 0                             -> FIN-ACK, ...
server: recv(a, 64) = 0
server: close(a) = 0                             -> FIN-ACK, ACK
server: close(s) = 0                             -> none
