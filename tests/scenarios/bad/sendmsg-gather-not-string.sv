client: c = socket(AF_INET, SOCK_STREAM)
client: sendmsg(c, {"a", 5})
