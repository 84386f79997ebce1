client: c = socket(AF_INET6, SOCK_STREAM)
client: connect(c, [::1])
