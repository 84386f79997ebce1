client: c = socket(AF_INET, SOCK_DGRAM)
client: setsockopt(c, SO_RCVBUF, 99999999999)
