title "SO_LINGER {1, 0}: close() aborts with RST"
summary "With a zero linger time, close() resets the connection: RST, no FIN, no TIME_WAIT"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
server: a = accept(s)                            -> none

client: setsockopt(c, SO_LINGER, 1, 0) = 0       -> none
note "Linger on, for 0 seconds: close() must not wait at all."
client: close(c) = 0                             -> RST-ACK
note "No FIN: one RST, and the connection is gone at once. The client"
note "skips TIME_WAIT; unsent data, if there were any, would be dropped."
server: recv(a, 64) = -1 ECONNRESET              -> none
note "The server learns of it as an error, not as an end of stream."
server: close(a) = 0                             -> none
note "Nothing left to close on the wire."
