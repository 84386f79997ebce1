client: c = socket(AF_INET, SOCK_STREAM)
client: poll({c, c POLLIN})
