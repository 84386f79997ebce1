client: c = socket(AF_INET, SOCK_NONBLOCK | SOCK_CLOEXEC)
