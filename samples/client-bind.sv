title "A client that binds its own port"
summary "bind() before connect() or sendto() chooses the client's port; every packet then carries it"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(u, 127.0.0.1:9999) = 0              -> none

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: bind(c, 127.0.0.1:40000) = 0             -> none
note "The client names its own end: 127.0.0.1, port 40000. Silent, as"
note "every bind() is."
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
note "connect() keeps that address: the SYN leaves from port 40000, not"
note "from an ephemeral port."
server: a = accept(s, &who)                      -> none
note "accept() reports the client as 127.0.0.1:40000."
client: send(c, "from 40000") = 10               -> PSH-ACK, ...
server: recv(a, 64) = 10 "from 40000"

client2: c2 = socket(AF_INET, SOCK_STREAM, 0)     -> none
client2: bind(c2, 127.0.0.1:40000) = -1 EADDRINUSE -> none
note "The price of a fixed port: a second client cannot have it while the"
note "first holds it. This is why clients usually leave the port to the kernel."

client: d = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: bind(d, 127.0.0.2:0) = 0                 -> none
note "Port 0 leaves the port to the kernel: this client chooses only its"
note "address, as a host with two network cards may (127.0.0.2 is loopback too)."
client: sendto(d, "ping", 127.0.0.1:9999) = 4    -> UDP
note "The datagram leaves from 127.0.0.2, not from the usual 127.0.0.1."
server: recvfrom(u, 64, &peer) = 4 "ping"
note "recvfrom() shows the address the client chose and the port it did not."
server: sendto(u, "pong", peer) = 4              -> UDP
client: recv(d, 64) = 4 "pong"
