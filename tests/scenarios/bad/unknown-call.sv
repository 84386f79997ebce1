client: c = socket(AF_INET, SOCK_STREAM)
client: conect(c, 127.0.0.1:8888)
