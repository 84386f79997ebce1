client: c = socket(AF_INET, SOCK_DGRAM)
client: send(c, "x", -1)
