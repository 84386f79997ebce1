client: c = socket(AF_INET, SOCK_STREAM)
client: sendmsg(c, {"1", "2", "3", "4", "5", "6", "7", "8", "9"})
