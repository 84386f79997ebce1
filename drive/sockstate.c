/*
 * Socket state after a call (see sockstate.h).
 */
#include "drive/sockstate.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>

#include "drive/scenario.h"
#include "drive/sockdiag.h"

static int
is_stream(int type)
{
	return (type & SV_SOCK_TYPE_MASK) == SOCK_STREAM;
}

/* A full four-tuple, one the kernel can look up exactly. */
static int
full(const struct sv_endpoint *l, const struct sv_endpoint *p)
{
	return l->family != 0 && p->family != 0 && l->port != 0 &&
	    p->port != 0;
}

int
sv_sock_fd_of(enum sv_fn fn, const uint64_t a[6])
{
	return sv_fn_is(fn, SV_CALL_ON_SOCKET) ? (int)a[0] : -1;
}

void
sv_sock_after(int pidfd, enum sv_fn fn, const uint64_t a[6],
    const struct sv_sockinfo *before, struct sv_fdconn *fds,
    struct sv_call *c)
{
	int fd = (int)a[0];
	int makes = sv_fn_is(fn, SV_CALL_MAKES_SOCKET);
	int closes = fn == SV_FN_CLOSE && c->ret == 0;
	int look = makes ? (c->ret >= 0 ? (int)c->ret : -1) : closes ? -1 :
	    sv_fn_is(fn, SV_CALL_ON_SOCKET) ? fd : -1;
	struct sv_sockinfo now;
	sv_rec_sockinfo(pidfd, look, &now);
	int kfd = look >= 0 ? look : fn == SV_FN_CLOSE ? fd : -1;
	struct sv_fdconn *known = fds != NULL && kfd >= 0 && kfd < SV_MAX_FD ?
	    &fds[kfd] : NULL;
	if (known != NULL && makes) {
		/* A new descriptor: a dup() knows what its original knew. */
		if (sv_fn_is(fn, SV_CALL_DUPS) && fd >= 0 && fd < SV_MAX_FD &&
		    fd != kfd)
			*known = fds[fd];
		else if (!sv_fn_is(fn, SV_CALL_DUPS))
			memset(known, 0, sizeof(*known));
	}

	c->local = now.local;
	c->peer = now.peer;
	/* A failed connect() gives its port back: no local end. */
	if (fn == SV_FN_CONNECT && c->ret < 0)
		memset(&c->local, 0, sizeof(c->local));
	c->sock_type = now.ok ? now.type : before->ok ? before->type :
	    fn == SV_FN_SOCKET ? (int)(a[1] & SV_SOCK_TYPE_MASK) : 0;
	struct sv_endpoint dest = c->conn_peer;
	c->conn_local = now.local.family ? now.local : before->local;
	c->conn_peer = now.peer.family ? now.peer : before->peer;
	if (known != NULL && known->local.family && !full(&c->conn_local,
	    &c->conn_peer) && (!makes || sv_fn_is(fn, SV_CALL_DUPS))) {
		c->conn_local = known->local;
		c->conn_peer = known->peer;
	}
	if (c->conn_peer.family == 0 && dest.family != 0)
		c->conn_peer = dest;
	/* A connect() that failed leaves the socket unbound: its packets
	 * went from a port now forgotten, so any local end matches. */
	if (c->conn_local.family == 0 && c->conn_peer.family != 0)
		c->conn_local.family = c->conn_peer.family;
	if (known != NULL && full(&now.local, &now.peer)) {
		known->local = now.local;
		known->peer = now.peer;
		known->type = now.type;
	}

	c->tcp_state = -1;
	if (is_stream(c->sock_type)) {
		/* An open socket's own TCP_INFO, unless it says CLOSE: the
		 * connection may live on as a TIME_WAIT socket of its own,
		 * which only its four-tuple finds. */
		if (now.ok && now.tcp_state >= 0 && now.tcp_state != TCP_CLOSE)
			c->tcp_state = now.tcp_state;
		else if (full(&c->conn_local, &c->conn_peer))
			c->tcp_state = sv_sockdiag_tcp_state(&c->conn_local,
			    &c->conn_peer);
		if (c->tcp_state < 0 && now.ok)
			c->tcp_state = now.tcp_state;
		if (c->tcp_state < 0 && look < 0 && closes)
			c->tcp_state = TCP_CLOSE;
	}
	/* The descriptor is gone; its number may come back as another. */
	if (look < 0 && known != NULL && closes)
		memset(known, 0, sizeof(*known));
}

int
sv_sock_finals(const struct sv_call *calls, const int *done, size_t n,
    struct sv_timeline *tl)
{
	static const uint8_t zero[16];
	for (size_t i = 0; i < n; i++) {
		const struct sv_call *c = &calls[i];
		if (!done[i] || !is_stream(c->sock_type) ||
		    c->conn_local.port == 0 || c->conn_peer.port == 0 ||
		    memcmp(c->conn_local.addr, zero, 16) == 0)
			continue;
		int seen = 0;
		for (int k = 0; k < tl->n_finals && !seen; k++)
			seen = sv_endpoint_eq(&tl->finals[k].local,
			    &c->conn_local) && sv_endpoint_eq(
			    &tl->finals[k].peer, &c->conn_peer);
		if (seen)
			continue;
		int st = sv_sockdiag_tcp_state(&c->conn_local, &c->conn_peer);
		if (st < 0)
			continue;
		if (sv_timeline_add_final(tl, c->actor, &c->conn_local,
		    &c->conn_peer, st) < 0)
			return -1;
	}
	return 0;
}
