client: c = socket(AF_INET, SOCK_STREAM)
client: send(c, "hi") = 2 "hi"
