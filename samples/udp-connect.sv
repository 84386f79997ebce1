title "UDP: connect, then send and recv"
summary "A connected UDP client: connect() sends nothing, send() needs no address"

server: s = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(s, 127.0.0.1:9999) = 0              -> none
server: recvfrom(s, 64, &peer) = 4 "ping"

client: c = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: connect(c, 127.0.0.1:9999) = 0           -> none
note "UDP connect() sends NOTHING. It only records the peer's address in"
note "the socket (and picks a local port): there is no handshake to do."
client: getpeername(c) = 0                       -> none
client: send(c, "ping") = 4                      -> UDP
note "send() needs no address: the socket has one since connect()."
server: sendto(s, "pong", peer) = 4              -> UDP
client: recv(c, 64) = 4 "pong"
note "recv() needs no address either: a connected UDP socket hears only"
note "its peer."
client: close(c) = 0                             -> none
server: close(s) = 0                             -> none
