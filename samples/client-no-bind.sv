title "A client needs no bind()"
summary "connect() and sendto() give an unbound socket a port; getsockname() shows it before and after"

note "The servers bind well-known ports. The client binds nothing."
server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(u, 127.0.0.1:9999) = 0              -> none

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: getsockname(c, &me) = 0                  -> none
note "A new socket has no local address yet: 0.0.0.0, port 0."
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
note "connect() binds it first: the kernel picks an ephemeral port, and the"
note "SYN already leaves from it."
client: getsockname(c, &me) = 0                  -> none
note "Now 127.0.0.1 and that port: the address the route to the server uses."
server: a = accept(s, &who)                      -> none
note "The server learns the client's port from accept(). It never needed to"
note "know it in advance."

client: d = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: getsockname(d, &me) = 0                  -> none
note "UDP the same: no address yet."
client: sendto(d, "ping", 127.0.0.1:9999) = 4    -> UDP
note "The first sendto() binds the socket: an ephemeral port on 0.0.0.0,"
note "any address, since an unconnected socket may send anywhere."
client: getsockname(d, &me) = 0                  -> none
server: recvfrom(u, 64, &peer) = 4 "ping"
note "recvfrom() tells the server which port the kernel picked."
server: sendto(u, "pong", peer) = 4              -> UDP
client: recvfrom(d, 64) = 4 "pong"
note "The reply comes back to the port the client never chose."

client: e = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: connect(e, 127.0.0.1:9999) = 0           -> none
note "A UDP connect() binds too, silently: a port, and 127.0.0.1 this time."
client: getsockname(e, &me) = 0                  -> none
