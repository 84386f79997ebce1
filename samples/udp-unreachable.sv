title "UDP to a port with no receiver"
summary "The kernel answers with ICMP port unreachable; only a connected socket hears of it"

client: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: sendto(u, "anyone?", 127.0.0.1:9999) = 7 -> UDP
note "sendto() returns 7: the datagram left. Nothing listens on port 9999,"
note "so the receiving kernel drops it and sends back ICMP port unreachable."
client: recvfrom(u, 64, MSG_DONTWAIT) = -1 EAGAIN -> none
note "An unconnected socket is not told: the ICMP could concern any of the"
note "addresses it sends to, so the kernel keeps no error for it."

client: c = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: connect(c, 127.0.0.1:9999) = 0           -> none
note "connect() sends nothing, so it cannot find out that no one is there."
client: send(c, "anyone?") = 7                   -> UDP
note "The same datagram, the same ICMP. send() has already returned 7; the"
note "kernel stores the error on the socket, which has only one peer."
client: send(c, "again") = -1 ECONNREFUSED       -> none
note "The NEXT call reports it: this send() fails and sends nothing."
client: send(c, "again") = 5                     -> UDP
note "The error is reported once. This datagram leaves, and is refused again."
client: recv(c, 64) = -1 ECONNREFUSED            -> none
note "A recv() reports it just the same."
