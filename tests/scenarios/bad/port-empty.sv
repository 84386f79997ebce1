server: s = socket(AF_INET, SOCK_DGRAM)
server: bind(s, [::1]:)
