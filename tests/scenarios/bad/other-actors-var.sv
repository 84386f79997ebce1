server: s = socket(AF_INET, SOCK_DGRAM)
client: close(s)
