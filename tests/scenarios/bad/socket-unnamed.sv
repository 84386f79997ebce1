client: socket(AF_INET, SOCK_STREAM)
