title "The echo pair of tests/trace, as a scenario"
summary "The same calls as echo_server and echo_client, in the order a trace of them makes"

server: s = socket(AF_INET, SOCK_STREAM, 0)
server: setsockopt(s, SO_REUSEADDR, 1) = 0
server: bind(s, 127.0.0.1:8888) = 0
server: listen(s, 8) = 0
server: a = accept(s)
client: c = socket(AF_INET, SOCK_STREAM, 0)
client: connect(c, 127.0.0.1:8888) = 0
client: send(c, "hello") = 5
client: recv(c, 512) = 5
server: recv(a, 512) = 5
server: send(a, "hello") = 5
server: recv(a, 512) = 0
client: close(c) = 0
server: close(a) = 0
server: close(s) = 0
