# Every construct of the language at least once. tests/unit_scenario.c
# parses it, and every prefix of it.
title "Syntax: \"every\" construct"
summary "tabs,\tescapes and comments"
note "An intro note before the first step."
note "A second intro line; a # inside a string is text."
actors server, client note

server: s = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP)   -> none   # a comment
server: setsockopt(s, SOL_SOCKET, SO_REUSEADDR, 1) = 0
server: setsockopt(s, SO_LINGER, 1, 30) = 0
server: setsockopt(s, IPPROTO_TCP, TCP_NODELAY, 1) = 0
server: bind(s, 0.0.0.0:8888) = 0
server: listen(s) = 0
server: listen(s, 0) = 0
	client:	c = socket(AF_INET, SOCK_STREAM, 0)
client: connect(c, 127.0.0.1:8888) -> SYN, SYN-ACK, ACK = 0
note "Expectations may come in either order."
note "Notes stack up under the step before them."
server: a = accept(s, &peer)
server: getsockname(a, &me) = 0
server: getpeername(a) = 0
client: send(c, "a\tb\x00c\\\"", MSG_DONTWAIT | MSG_NOSIGNAL) = 7 -> PSH-ACK, ...
server: recv(a, 64, MSG_PEEK) = 7 "a\tb\0c\\\""
server: read(a, 7) = 7
server: write(a, "") = 0 -> none
client: shutdown(c, SHUT_WR) = 0 -> FIN-ACK, ...
client: recv(c, 64) = -1 EAGAIN
server: close(a) = 0 -> ...
client: close(c)
client: c2 = socket(AF_INET, SOCK_STREAM)
client: connect(c2, 127.0.0.1:1) = -1 ECONNREFUSED -> SYN, RST-ACK
server: s = socket(AF_INET, SOCK_DGRAM)
server: bind(s, 127.0.0.1:9999) = 0
note: u = socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP)
note: sendto(u, "x", 127.0.0.1:9, 0) = 1 -> UDP, ICMP
note: connect(u, 127.0.0.1:9999) = 0
note: sendto(u, "y", NULL) = 1 -> UDP
server: recvfrom(s, 64, MSG_DONTWAIT, &from) = 1 "y"
server: recvfrom(s, 64, &from)
server: sendto(s, "z", from) = 1
server: sendto(s, "z", peer, MSG_DONTWAIT)
title : t = socket(AF_INET6, SOCK_DGRAM)
title: sendto(t, "v6", [::1]:9) = 2 -> UDP, ICMPv6
title: close(t) = 0
server: recvfrom(s, 64, NULL)
server: recvfrom(s, 64, 0, NULL) = -1 EAGAIN
server: sendmsg(s, "one", from)
server: sendmsg(s, {"hel", "lo", ""}, 127.0.0.1:9, MSG_DONTWAIT) = 5 -> UDP, ...
server: sendmsg(s, {"x"}, NULL)
server: sendmsg(s, "y", MSG_NOSIGNAL | MSG_DONTWAIT)
server: sendmsg(s, "z")
server: recvmsg(s, 64)
server: recvmsg(s, {4, 60}, MSG_PEEK, &from) = 1 "z"
server: recvmsg(s, {1}, NULL)
server: recvmsg(s,{2,2},MSG_DONTWAIT)
server: t = socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC)
server: bind(t, 127.0.0.1:8889) = 0
server: listen(t) = 0
server: a2 = accept(t, NULL)
client: n = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, IPPROTO_TCP)
client: fcntl(n, F_GETFL) = 2050
client: fcntl(n, F_SETFL, 0) = 0
client: fcntl(n, F_SETFL, O_NONBLOCK) = 0
client: fcntl(n, F_GETFL, 0)
client: connect(n, 127.0.0.1:8889) = -1 EINPROGRESS -> SYN, ...
client: poll(n, POLLOUT, 1000) = 1
client: poll({n POLLIN | POLLRDHUP, c2 POLLOUT|POLLPRI}, 0) = 1
client: poll({n 0})
client: shutdown(n, SHUT_WR)
client: write(n, "late") = -1 EPIPE killed SIGPIPE -> none
note: send(u, "bye") -> none killed SIGKILL
note "A note after the last step."
