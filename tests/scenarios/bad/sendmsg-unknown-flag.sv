client: c = socket(AF_INET, SOCK_STREAM)
client: sendmsg(c, "x", NULL, MSG_MORE)
