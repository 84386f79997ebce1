/*
 * A thread sends, the main thread receives: the main thread binds a UDP
 * socket and waits in recv(); a second thread makes a socket of its own
 * and sends one datagram to it. Usage: thread_udp PORT
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static struct sockaddr_in to;

static void *
worker(void *arg)
{
	int s = socket(AF_INET, SOCK_DGRAM, 0);
	sendto(s, "from a thread", 13, 0, (struct sockaddr *)&to, sizeof(to));
	close(s);
	return arg;
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: thread_udp PORT\n");
		return 2;
	}
	to.sin_family = AF_INET;
	to.sin_port = htons((unsigned short)atoi(argv[1]));
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	int r = socket(AF_INET, SOCK_DGRAM, 0);
	if (bind(r, (struct sockaddr *)&to, sizeof(to)) < 0) {
		perror("bind");
		return 1;
	}
	pthread_t t;
	if (pthread_create(&t, NULL, worker, NULL) != 0)
		return 1;
	char b[64];
	ssize_t n = recv(r, b, sizeof(b), 0);
	pthread_join(t, NULL);
	close(r);
	return n == 13 ? 0 : 1;
}
