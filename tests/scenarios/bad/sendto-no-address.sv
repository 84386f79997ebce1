client: c = socket(AF_INET, SOCK_DGRAM)
client: sendto(c, "x")
