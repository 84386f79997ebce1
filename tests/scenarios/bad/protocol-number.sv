client: c = socket(AF_INET, SOCK_DGRAM, -7)
