client: c = socket(AF_UNIX, SOCK_STREAM)
