client: c = socket(AF_INET, SOCK_STREAM)
client: connect(c, 1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1:80)
