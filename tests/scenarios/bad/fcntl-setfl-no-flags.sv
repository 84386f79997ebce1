client: c = socket(AF_INET, SOCK_STREAM)
client: fcntl(c, F_SETFL)
