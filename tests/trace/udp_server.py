"""A UDP echo server: answer N datagrams (default 1) to whoever sent them.
Usage: udp_server.py PORT [N]"""
import socket
import sys

port = int(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 1
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", port))
for _ in range(n):
    data, peer = s.recvfrom(512)
    s.sendto(data.upper(), peer)
s.close()
