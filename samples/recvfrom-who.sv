title "recvfrom() tells who sent"
summary "One UDP server, two clients: recvfrom() returns each sender's address, and the server answers it"

server: s = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(s, 127.0.0.1:9999) = 0              -> none
server: recvfrom(s, 64, &who) = 10 "I am alice"
note "The server has no connection, so it cannot know who will write."

alice: a = socket(AF_INET, SOCK_DGRAM, 0)        -> none
alice: sendto(a, "I am alice", 127.0.0.1:9999) = 10 -> UDP
note "The datagram wakes the server; recvfrom() fills in alice's address."
server: sendto(s, "hi alice", who) = 8           -> UDP
note "The server answers the address recvfrom() gave it."

bob: b = socket(AF_INET, SOCK_DGRAM, 0)          -> none
bob: sendto(b, "I am bob", 127.0.0.1:9999) = 8   -> UDP
server: recvfrom(s, 64, &who) = 8 "I am bob"
note "Same socket, another sender: this time who holds bob's address."
server: sendto(s, "hi bob", who) = 6             -> UDP

alice: recvfrom(a, 64, &from) = 8 "hi alice"
note "Each reply went to the right client."
bob: recv(b, 64) = 6 "hi bob"
note "recv() gives no address. Enough for bob, who talks to one server"
note "only; a server with many clients needs recvfrom()."
