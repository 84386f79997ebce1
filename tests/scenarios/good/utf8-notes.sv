title "Café: UTF-8 in strings"
note "Notes and payloads may hold any UTF-8: été, 日本, →"
client: c = socket(AF_INET, SOCK_DGRAM)
client: sendto(c, "é", 127.0.0.1:9) = 2 -> UDP   # é is two bytes
