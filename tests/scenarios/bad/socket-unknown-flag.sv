client: c = socket(AF_INET, SOCK_STREAM | SOCK_RAW)
