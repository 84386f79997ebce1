/*
 * A forking TCP echo server: the parent accepts, forks a child for each
 * connection and goes back to accept(); the child echoes until the client
 * closes. It serves N clients (default 1) and then waits for its children.
 * Usage: fork_server PORT [N]
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void
serve(int c)
{
	char buf[512];
	ssize_t got;
	while ((got = recv(c, buf, sizeof(buf), 0)) > 0)
		send(c, buf, (size_t)got, 0);
	close(c);
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: fork_server PORT [N]\n");
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
		perror("fork_server");
		return 1;
	}
	for (int i = 0; i < n; i++) {
		int c = accept(s, NULL, NULL);
		if (c < 0) {
			perror("accept");
			return 1;
		}
		pid_t pid = fork();
		if (pid < 0) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			close(s);
			serve(c);
			_exit(0);
		}
		close(c);
	}
	close(s);
	int status, bad = 0;
	while (wait(&status) > 0)
		bad |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	return bad;
}
