# The UDP sample behind a UTF-8 byte order mark.
title "UDP: sendto and recvfrom"
summary "UDP client and server: no connection, one datagram each way"

server: s = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(s, 127.0.0.1:9999) = 0              -> none
note "A UDP server binds a well-known port and is ready: UDP has no listen()."
server: recvfrom(s, 64, &peer) = 4 "ping"
note "recvfrom() blocks until a datagram arrives."

client: c = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: sendto(c, "ping", 127.0.0.1:9999) = 4    -> UDP
note "sendto() carries the address with every datagram. No handshake:"
note "the first packet is the data. The kernel picked the client's port."
server: sendto(s, "pong", peer) = 4              -> UDP
note "The server answers the address recvfrom() returned in peer."
client: recvfrom(c, 64) = 4 "pong"
client: close(c) = 0                             -> none
server: close(s) = 0                             -> none
note "Closing a UDP socket sends nothing: there is no connection to end."
