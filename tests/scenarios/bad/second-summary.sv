summary "a"
client: c = socket(AF_INET, SOCK_STREAM)
summary "b"
