client: c = socket(AF_INET, SOCK_STREAM)
client: setsockopt(c, SOL_IP, SO_REUSEADDR, 1)
