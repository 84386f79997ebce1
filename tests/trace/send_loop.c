/*
 * N small sends over one TCP connection, for measuring what tracing
 * costs: the server side reads until the end, the client sends N
 * one-byte messages. Usage: send_loop server PORT | client PORT N
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
	if (argc < 3 || (strcmp(argv[1], "client") == 0 && argc < 4)) {
		fprintf(stderr, "usage: send_loop server PORT | client PORT N\n");
		return 2;
	}
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(argv[2]));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int s = socket(AF_INET, SOCK_STREAM, 0);
	if (strcmp(argv[1], "server") == 0) {
		int one = 1;
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
		    listen(s, 1) < 0) {
			perror("send_loop");
			return 1;
		}
		/* For a script that starts the client once this is read. */
		printf("listening\n");
		fflush(stdout);
		int c = accept(s, NULL, NULL);
		char buf[65536];
		long total = 0;
		ssize_t got;
		while ((got = recv(c, buf, sizeof(buf), 0)) > 0)
			total += got;
		printf("received %ld bytes\n", total);
		close(c);
		close(s);
		return 0;
	}
	long n = atol(argv[3]);
	if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0) {
		perror("connect");
		return 1;
	}
	for (long i = 0; i < n; i++)
		if (send(s, "x", 1, 0) != 1) {
			perror("send");
			return 1;
		}
	close(s);
	return 0;
}
