client: c = socket(AF_INET, SOCK_STREAM)
client: write(c, "x") = -1 EPIPE killed SIGFOO
