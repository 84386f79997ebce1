client: c = socket(AF_INET, SOCK_STREAM)
client: poll({c POLLIN, c POLLIN, c POLLIN, c POLLIN, c POLLIN, c POLLIN, c POLLIN, c POLLIN, c POLLIN})
