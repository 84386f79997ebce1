client: c = socket(AF_INET, SOCK_STREAM)
client: shutdown(c, SHUT_BOTH)
