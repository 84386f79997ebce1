client: c = socket(AF_INET, SOCK_STREAM)
actors client server
