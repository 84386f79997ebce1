server: u = socket(AF_INET, SOCK_DGRAM)
client: c = socket(AF_INET, SOCK_STREAM)
client: poll(u, POLLIN)
