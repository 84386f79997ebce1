/*
 * A TCP echo client: connect, send one line, read the echo, close.
 * Usage: echo_client ADDRESS PORT [TEXT]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: echo_client ADDRESS PORT [TEXT]\n");
		return 2;
	}
	const char *text = argc > 3 ? argv[3] : "hello";
	int s = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(argv[2]));
	if (inet_pton(AF_INET, argv[1], &a.sin_addr) != 1) {
		fprintf(stderr, "echo_client: bad address %s\n", argv[1]);
		return 2;
	}
	if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("connect");
		return 1;
	}
	size_t len = strlen(text);
	if (send(s, text, len, 0) != (ssize_t)len) {
		perror("send");
		return 1;
	}
	char buf[512];
	size_t have = 0;
	while (have < len) {
		ssize_t got = recv(s, buf + have, sizeof(buf) - have, 0);
		if (got <= 0) {
			perror("recv");
			return 1;
		}
		have += (size_t)got;
	}
	printf("echo: %.*s\n", (int)have, buf);
	close(s);
	return 0;
}
