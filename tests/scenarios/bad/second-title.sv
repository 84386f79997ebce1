title "a"
title "b"
client: c = socket(AF_INET, SOCK_STREAM)
