title "The delayed ACK: a packet the kernel sends on its own"
summary "With quick ACKs off, the receiving kernel holds its ACK back for tens of milliseconds, then sends it by a timer"

server: s = socket(AF_INET, SOCK_STREAM, 0)      -> none
server: bind(s, 127.0.0.1:8888) = 0              -> none
server: listen(s, 5) = 0                         -> none
client: c = socket(AF_INET, SOCK_STREAM, 0)      -> none
client: connect(c, 127.0.0.1:8888) = 0           -> SYN, SYN-ACK, ACK
server: a = accept(s)                            -> none
server: setsockopt(a, IPPROTO_TCP, TCP_QUICKACK, 0) = 0 -> none
note "TCP_QUICKACK 0: the server's kernel may delay its ACKs, hoping to send"
note "them with an answer instead of on their own."
client: send(c, "question") = 8                  -> PSH-ACK
note "Only the data: no ACK comes back inside send() this time."
client: recv(c, 64) = 6 "answer"
note "The client waits for the answer, asleep in recv()."
server: poll({s POLLIN}, 100) = 0                -> none
note "The server takes its time (a poll() that times out after 100 ms). In the"
note "meantime the delayed-ACK timer fires: the server's kernel acknowledges"
note "the question by itself. No call sent that ACK, not even the client's"
note "recv() that was waiting on the same connection."
server: recv(a, 64) = 8 "question"
server: send(a, "answer") = 6                    -> PSH-ACK, ...
