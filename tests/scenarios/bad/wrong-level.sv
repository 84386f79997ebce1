client: c = socket(AF_INET, SOCK_STREAM)
client: setsockopt(c, IPPROTO_TCP, SO_REUSEADDR, 1)
