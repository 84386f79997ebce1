client: c = socket(AF_INET, SOCK_STREAM)
note "a\0b"
