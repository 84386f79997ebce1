title "x" "y"
client: c = socket(AF_INET, SOCK_STREAM)
