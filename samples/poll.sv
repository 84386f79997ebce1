title "poll(): one wait for several sockets"
summary "A server waits on a TCP listener and a UDP socket at once; poll() returns when one of them is ready"

server: t = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(t, 127.0.0.1:8888) = 0              -> none
server: listen(t, 5) = 0                         -> none
server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(u, 127.0.0.1:9999) = 0              -> none
server: poll({t POLLIN, u POLLIN}, -1) = 1       -> none
note "One call, two sockets: poll() sleeps until either has something to read."
client: d = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: sendto(d, "ping", 127.0.0.1:9999) = 4    -> UDP
note "The datagram makes the UDP socket readable: poll() returns 1, and its"
note "revents say which socket is ready."
server: recvfrom(u, 64, &peer) = 4 "ping"
server: poll({t POLLIN, u POLLIN}, -1) = 1       -> none
client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
note "A finished handshake makes the listener readable: accept() will not block."
server: a = accept(t)                            -> none
server: poll({u POLLIN}, 0) = 0                  -> none
note "A timeout of 0 only looks: nothing is ready, and it returns 0 at once."
