title "connect() to a port nobody listens on"
summary "The SYN is answered with RST; connect() fails with ECONNREFUSED"

client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = -1 ECONNREFUSED -> SYN, RST-ACK
note "No socket listens on 127.0.0.1:8888. The host's kernel answers the SYN"
note "with RST (and ACK of the SYN): there is no one to connect to."
note "connect() returns -1, errno ECONNREFUSED, at once: no retries."
client: close(c) = 0                             -> none
note "No connection was made, so close() has nothing to end."
