title "UDP over IPv6"
summary "The UDP lesson on [::1]: sendto() and recvfrom() with IPv6 addresses"

server: s = socket(AF_INET6, SOCK_DGRAM, 0)      -> none
server: bind(s, [::1]:9999) = 0                  -> none
note "An IPv6 UDP server: bind [::1], port 9999. Still no listen()."
server: recvfrom(s, 64, &peer) = 4 "ping"

client: c = socket(AF_INET6, SOCK_DGRAM, 0)      -> none
client: sendto(c, "ping", [::1]:9999) = 4        -> UDP
note "One sendto(), one datagram, now in an IPv6 packet."
server: sendto(s, "pong", peer) = 4              -> UDP
note "recvfrom() gave an IPv6 address; the reply goes there."
client: recvfrom(c, 64, &from) = 4 "pong"

client: sendto(c, "hello?", [::1]:7777) = 6      -> UDP
note "No socket on port 7777: the kernel answers with ICMPv6 port"
note "unreachable, IPv6's own ICMP. The unconnected socket is not told."
client: recvfrom(c, 64, MSG_DONTWAIT) = -1 EAGAIN -> none
client: close(c) = 0                             -> none
server: close(s) = 0                             -> none
