title "TCP over IPv6"
summary "The TCP lesson on [::1]: AF_INET6 and a bracketed address; the calls and the packets are the same"

note "The same calls as over IPv4; only the family and the addresses change."
server: s = socket(AF_INET6, SOCK_STREAM, 0)     -> none
server: bind(s, [::1]:8888) = 0                  -> none
note "[::1] is IPv6 loopback. The brackets keep its colons apart from the port."
server: listen(s, 5) = 0                         -> none

client: c = socket(AF_INET6, SOCK_STREAM, 0)     -> none
client: connect(c, [::1]:8888) = 0               -> SYN, SYN-ACK, ACK
note "The same three-way handshake, carried in IPv6 packets."
note "The kernel picked the client's port, from the same range as for IPv4."
server: a = accept(s, &who)                      -> none
note "accept() sends nothing, and returns an IPv6 address: [::1] and a port."

client: send(c, "hello") = 5                     -> PSH-ACK, ...
server: recv(a, 64) = 5 "hello"
server: send(a, "hi there") = 8                  -> PSH-ACK, ...
client: recv(c, 64) = 8 "hi there"

client: close(c) = 0                             -> FIN-ACK, ...
server: recv(a, 64) = 0
server: close(a) = 0                             -> FIN-ACK, ACK
note "The same close: FIN each way; the client, the active closer, waits in"
note "TIME_WAIT."
server: close(s) = 0                             -> none
