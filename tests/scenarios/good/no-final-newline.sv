# No newline after the last step.
client: c = socket(AF_INET, SOCK_DGRAM)
client: sendto(c, "\xff\xFE", 127.0.0.1:9) = 2 -> UDP