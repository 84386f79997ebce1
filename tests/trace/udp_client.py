"""A UDP client that connects first: connect() picks the peer (and sends
nothing), then send() and recv() need no address.
Usage: udp_client.py ADDRESS PORT [TEXT...]"""
import socket
import sys

s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect((sys.argv[1], int(sys.argv[2])))
for text in sys.argv[3:] or ["hello"]:
    s.send(text.encode())
    print("answer:", s.recv(512).decode())
s.close()
