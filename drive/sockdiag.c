#include "drive/sockdiag.h"

#include <errno.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int
sv_sockdiag_tcp_state(const struct sv_endpoint *local,
    const struct sv_endpoint *peer)
{
	if (local->family == 0 || local->family != peer->family)
		return -1;
	struct {
		struct nlmsghdr nh;
		struct inet_diag_req_v2 req;
	} msg;
	memset(&msg, 0, sizeof(msg));
	msg.nh.nlmsg_len = sizeof(msg);
	msg.nh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	/* No NLM_F_DUMP: an exact lookup, which finds TIME_WAIT too. */
	msg.nh.nlmsg_flags = NLM_F_REQUEST;
	msg.req.sdiag_family = local->family == 4 ? AF_INET : AF_INET6;
	msg.req.sdiag_protocol = IPPROTO_TCP;
	msg.req.idiag_states = ~0U;
	msg.req.id.idiag_sport = htons(local->port);
	msg.req.id.idiag_dport = htons(peer->port);
	memcpy(msg.req.id.idiag_src, local->addr, local->family == 4 ? 4 : 16);
	memcpy(msg.req.id.idiag_dst, peer->addr, peer->family == 4 ? 4 : 16);
	msg.req.id.idiag_cookie[0] = INET_DIAG_NOCOOKIE;
	msg.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;

	/* One socket for every query of the process: a traced program
	 * asks once per call. It is opened after the namespace is entered
	 * (the queries are of the run's own namespace) and closed on exec. */
	static int fd = -1;
	if (fd < 0 && (fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
	    NETLINK_SOCK_DIAG)) < 0)
		return -1;
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	if (sendto(fd, &msg, sizeof(msg), 0, (struct sockaddr *)&sa,
	    sizeof(sa)) < 0) {
		close(fd);
		fd = -1;
		return -1;
	}
	union {
		struct nlmsghdr nh;
		char b[8192];
	} buf;
	ssize_t n = recv(fd, buf.b, sizeof(buf.b), 0);
	if (n < (ssize_t)sizeof(struct nlmsghdr))
		return -1;
	for (struct nlmsghdr *h = &buf.nh; NLMSG_OK(h, (size_t)n);
	    h = NLMSG_NEXT(h, n)) {
		if (h->nlmsg_type == NLMSG_ERROR) {
			const struct nlmsgerr *e = NLMSG_DATA(h);
			if (h->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				return -1;
			return e->error == -ENOENT ? TCP_CLOSE : -1;
		}
		if (h->nlmsg_type == SOCK_DIAG_BY_FAMILY &&
		    h->nlmsg_len >= NLMSG_LENGTH(sizeof(struct inet_diag_msg))) {
			const struct inet_diag_msg *m = NLMSG_DATA(h);
			/* The exact lookup falls back to a listener on the
			 * local port: that is not this connection. */
			if (ntohs(m->id.idiag_dport) != peer->port ||
			    ntohs(m->id.idiag_sport) != local->port)
				return TCP_CLOSE;
			return m->idiag_state;
		}
	}
	return -1;
}
