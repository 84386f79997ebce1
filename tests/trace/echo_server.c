/*
 * A TCP echo server, as a student writes one: socket, bind, listen, then
 * for each of N clients (default 1) accept, echo until the client closes,
 * close. Usage: echo_server PORT [N]
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
	if (argc < 2) {
		fprintf(stderr, "usage: echo_server PORT [N]\n");
		return 2;
	}
	int n = argc > 2 ? atoi(argv[2]) : 1;
	int s = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(argv[1]));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) < 0 ||
	    listen(s, 8) < 0) {
		perror("echo_server");
		return 1;
	}
	for (int i = 0; n <= 0 || i < n; i++) {
		int c = accept(s, NULL, NULL);
		if (c < 0) {
			perror("accept");
			return 1;
		}
		char buf[512];
		ssize_t got;
		while ((got = recv(c, buf, sizeof(buf), 0)) > 0)
			send(c, buf, (size_t)got, 0);
		close(c);
	}
	close(s);
	return 0;
}
