title "A connected UDP socket hears only its peer"
summary "After connect(), datagrams from anyone else reach the wire but are not delivered"

server: s = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(s, 127.0.0.1:9999) = 0              -> none

client: c = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: bind(c, 127.0.0.1:5555) = 0              -> none
note "A fixed port, so that a stranger can aim at it."
client: connect(c, 127.0.0.1:9999) = 0           -> none
note "The peer is now 127.0.0.1:9999, and only 127.0.0.1:9999."

stranger: x = socket(AF_INET, SOCK_DGRAM, 0)     -> none
stranger: sendto(x, "spam", 127.0.0.1:5555) = 4  -> UDP
note "The stranger's datagram is on the wire and reaches the client's host,"
note "but no socket takes it: the one on port 5555 is connected to someone"
note "else. The kernel answers ICMP port unreachable."
client: recv(c, 64, MSG_DONTWAIT) = -1 EAGAIN    -> none
note "Nothing to read: the datagram was never delivered."

server: sendto(s, "pong", 127.0.0.1:5555) = 4    -> UDP
client: recv(c, 64) = 4 "pong"
note "From the peer it is delivered. recv() needs no address: it is the peer's."
