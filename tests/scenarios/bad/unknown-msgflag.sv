client: c = socket(AF_INET, SOCK_STREAM)
client: send(c, "x", MSG_MORE)
