client: c = socket(AF_INET, SOCK_STREAM)
client: connect(c, -127.0.0.1:80)
