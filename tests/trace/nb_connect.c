/*
 * A non-blocking connect(): it returns -1 EINPROGRESS at once, poll()
 * waits until the socket is writable, getsockopt(SO_ERROR) says how the
 * handshake went; then one send and close.
 * Usage: nb_connect ADDRESS PORT
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: nb_connect ADDRESS PORT\n");
		return 2;
	}
	int s = socket(AF_INET, SOCK_STREAM, 0);
	int fl = fcntl(s, F_GETFL);
	fcntl(s, F_SETFL, fl | O_NONBLOCK);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)atoi(argv[2]));
	inet_pton(AF_INET, argv[1], &a.sin_addr);
	if (connect(s, (struct sockaddr *)&a, sizeof(a)) < 0 &&
	    errno != EINPROGRESS) {
		perror("connect");
		return 1;
	}
	struct pollfd p = { .fd = s, .events = POLLOUT };
	if (poll(&p, 1, 5000) != 1) {
		fprintf(stderr, "nb_connect: poll timed out\n");
		return 1;
	}
	int err = 0;
	socklen_t len = sizeof(err);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err != 0) {
		fprintf(stderr, "nb_connect: %s\n", strerror(err));
		return 1;
	}
	send(s, "hi", 2, 0);
	close(s);
	return 0;
}
