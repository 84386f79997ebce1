/*
 * The rarer socket calls, one after the other, so that each is seen
 * decoded: socketpair, dup/dup2/dup3, writev/readv, sendmmsg/recvmmsg,
 * select, pselect6, ppoll, epoll_wait, getsockopt, accept4. All on
 * loopback, in one process. Usage: calls_zoo PORT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: calls_zoo PORT\n");
		return 2;
	}
	int port = atoi(argv[1]);
	struct sockaddr_in a;
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_port = htons((unsigned short)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		return 1;
	close(sv[0]);
	close(sv[1]);

	/* UDP: a receiver, and a connected sender dup()ed three ways. */
	int rx = socket(AF_INET, SOCK_DGRAM, 0);
	if (bind(rx, (struct sockaddr *)&a, sizeof(a)) < 0)
		return 1;
	int tx = socket(AF_INET, SOCK_DGRAM, 0);
	connect(tx, (struct sockaddr *)&a, sizeof(a));
	int d1 = dup(tx);
	int d2 = dup2(tx, 20);
	int d3 = dup3(tx, 21, O_CLOEXEC);
	struct iovec out[2] = { { "ab", 2 }, { "cd", 2 } };
	writev(d1, out, 2);
	char b1[2], b2[8];
	struct iovec in[2] = { { b1, sizeof(b1) }, { b2, sizeof(b2) } };
	fd_set rs;
	FD_ZERO(&rs);
	FD_SET(rx, &rs);
	select(rx + 1, &rs, NULL, NULL, NULL);
	readv(rx, in, 2);

	char m1[] = "one", m2[] = "two";
	struct iovec v1 = { m1, 3 }, v2 = { m2, 3 };
	struct mmsghdr mm[2];
	memset(mm, 0, sizeof(mm));
	mm[0].msg_hdr.msg_iov = &v1;
	mm[0].msg_hdr.msg_iovlen = 1;
	mm[1].msg_hdr.msg_iov = &v2;
	mm[1].msg_hdr.msg_iovlen = 1;
	sendmmsg(d2, mm, 2, 0);
	struct timespec ts = { 5, 0 };
	FD_ZERO(&rs);
	FD_SET(rx, &rs);
	pselect(rx + 1, &rs, NULL, NULL, &ts, NULL);
	char r1[8], r2[8];
	struct iovec w1 = { r1, sizeof(r1) }, w2 = { r2, sizeof(r2) };
	struct mmsghdr got[2];
	memset(got, 0, sizeof(got));
	got[0].msg_hdr.msg_iov = &w1;
	got[0].msg_hdr.msg_iovlen = 1;
	got[1].msg_hdr.msg_iov = &w2;
	got[1].msg_hdr.msg_iovlen = 1;
	recvmmsg(rx, got, 2, 0, NULL);

	send(d3, "ep", 2, 0);
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = rx };
	epoll_ctl(ep, EPOLL_CTL_ADD, rx, &ev);
	struct epoll_event ready[4];
	epoll_wait(ep, ready, 4, 5000);
	recv(rx, r1, sizeof(r1), 0);
	close(ep);

	/* TCP: accept4 and getsockopt. */
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	int one = 1;
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	bind(ls, (struct sockaddr *)&a, sizeof(a));
	listen(ls, 1);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	struct pollfd p = { .fd = ls, .events = POLLIN };
	ppoll(&p, 1, &ts, NULL);
	int s = accept4(ls, NULL, NULL, SOCK_CLOEXEC);
	int rcv = 0;
	socklen_t len = sizeof(rcv);
	getsockopt(s, SOL_SOCKET, SO_RCVBUF, &rcv, &len);
	close(s);
	close(c);
	close(ls);
	close(d3);
	close(d2);
	close(d1);
	close(tx);
	close(rx);
	return 0;
}
