client: c = socket(AF_INET, SOCK_STREAM)
client: write(c, "x") killed SIGPIPE killed SIGPIPE
