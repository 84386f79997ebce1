/*
 * Both ends of a UDP exchange in one program, with sendmsg() and
 * recvmsg(): the message is gathered from two buffers on the way out and
 * scattered into two on the way in, and recvmsg() names the sender.
 * Usage: msg_pair PORT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: msg_pair PORT\n");
		return 2;
	}
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(argv[1]));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int rx = socket(AF_INET, SOCK_DGRAM, 0);
	if (bind(rx, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("bind");
		return 1;
	}
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	char head[] = "head:", body[] = "body";
	struct iovec out[2] = { { head, 5 }, { body, 4 } };
	struct msghdr m;
	memset(&m, 0, sizeof(m));
	m.msg_name = &a;
	m.msg_namelen = sizeof(a);
	m.msg_iov = out;
	m.msg_iovlen = 2;
	if (sendmsg(tx, &m, 0) != 9) {
		perror("sendmsg");
		return 1;
	}
	char b1[4], b2[16];
	struct iovec in[2] = { { b1, sizeof(b1) }, { b2, sizeof(b2) } };
	struct sockaddr_in from;
	memset(&m, 0, sizeof(m));
	m.msg_name = &from;
	m.msg_namelen = sizeof(from);
	m.msg_iov = in;
	m.msg_iovlen = 2;
	ssize_t got = recvmsg(rx, &m, 0);
	if (got != 9) {
		perror("recvmsg");
		return 1;
	}
	printf("got %.4s|%.5s from port %u\n", b1, b2, ntohs(from.sin_port));
	close(tx);
	close(rx);
	return 0;
}
