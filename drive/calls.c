#include "drive/calls.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "drive/sockdiag.h"

/* How much of a payload the call text quotes. */
#define QUOTE_MAX 24

static int64_t
now_real(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static socklen_t
to_sockaddr(const struct sv_endpoint *e, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (e->family == 4) {
		struct sockaddr_in *s = (struct sockaddr_in *)ss;
		s->sin_family = AF_INET;
		s->sin_port = htons(e->port);
		memcpy(&s->sin_addr, e->addr, 4);
		return sizeof(*s);
	}
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
	s6->sin6_family = AF_INET6;
	s6->sin6_port = htons(e->port);
	memcpy(&s6->sin6_addr, e->addr, 16);
	return sizeof(*s6);
}

static void
from_sockaddr(const struct sockaddr_storage *ss, socklen_t len,
    struct sv_endpoint *e)
{
	memset(e, 0, sizeof(*e));
	if (ss->ss_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *s = (const struct sockaddr_in *)ss;
		e->family = 4;
		e->port = ntohs(s->sin_port);
		memcpy(e->addr, &s->sin_addr, 4);
	} else if (ss->ss_family == AF_INET6 &&
	    len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s6 =
		    (const struct sockaddr_in6 *)ss;
		e->family = 6;
		e->port = ntohs(s6->sin6_port);
		memcpy(e->addr, &s6->sin6_addr, 16);
	}
}

/* The socket's local and peer endpoints; family 0 where there is none. */
static void
endpoints(int fd, struct sv_endpoint *local, struct sv_endpoint *peer)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	memset(local, 0, sizeof(*local));
	memset(peer, 0, sizeof(*peer));
	if (fd < 0)
		return;
	if (getsockname(fd, (struct sockaddr *)&ss, &sl) == 0)
		from_sockaddr(&ss, sl, local);
	sl = sizeof(ss);
	if (getpeername(fd, (struct sockaddr *)&ss, &sl) == 0)
		from_sockaddr(&ss, sl, peer);
	/* An unbound socket has no local end yet: say so, not 0.0.0.0:0. */
	static const uint8_t zero[16];
	if (local->port == 0 && memcmp(local->addr, zero, 16) == 0)
		local->family = 0;
}

static int
tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t sl = sizeof(ti);
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &sl) < 0)
		return -1;
	return ti.tcpi_state;
}

static int
find_sock(const struct sv_socks *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->v[i].name, name) == 0)
			return i;
	return -1;
}

static void
set_sock(struct sv_socks *s, const char *name, int fd, int type, int family)
{
	int i = find_sock(s, name);
	if (i < 0) {
		if (s->n == SV_MAX_SOCKS)
			return;
		i = s->n++;
	}
	s->v[i].name = name;
	s->v[i].fd = fd;
	s->v[i].type = type;
	s->v[i].family = family;
}

static const struct sv_endpoint *
get_addr(const struct sv_socks *s, const char *name)
{
	for (int i = 0; i < s->n_a; i++)
		if (strcmp(s->a[i].name, name) == 0)
			return &s->a[i].ep;
	return NULL;
}

static void
set_addr(struct sv_socks *s, const char *name, const struct sv_endpoint *ep)
{
	for (int i = 0; i < s->n_a; i++)
		if (strcmp(s->a[i].name, name) == 0) {
			s->a[i].ep = *ep;
			return;
		}
	if (s->n_a == SV_MAX_SOCKS)
		return;
	s->a[s->n_a].name = name;
	s->a[s->n_a].ep = *ep;
	s->n_a++;
}

void
sv_socks_close_all(struct sv_socks *s)
{
	for (int i = 0; i < s->n; i++)
		if (s->v[i].fd >= 0) {
			close(s->v[i].fd);
			s->v[i].fd = -1;
		}
}

/* A string builder over a fixed buffer that never overflows. */
struct text {
	char b[512];
	size_t n;
};

static void
add(struct text *t, const char *fmt, ...)
{
	if (t->n >= sizeof(t->b) - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(t->b + t->n, sizeof(t->b) - t->n, fmt, ap);
	va_end(ap);
	if (r > 0)
		t->n += (size_t)r < sizeof(t->b) - t->n ? (size_t)r :
		    sizeof(t->b) - t->n - 1;
}

static void
add_quoted(struct text *t, const char *d, size_t len)
{
	add(t, "\"");
	for (size_t i = 0; i < len && i < QUOTE_MAX; i++) {
		unsigned char c = (unsigned char)d[i];
		if (c == '"' || c == '\\')
			add(t, "\\%c", c);
		else if (c == '\n')
			add(t, "\\n");
		else if (c >= 0x20 && c < 0x7f)
			add(t, "%c", c);
		else
			add(t, "\\x%02x", c);
	}
	add(t, len > QUOTE_MAX ? "\"..." : "\"");
}

static void
add_endpoint(struct text *t, const struct sv_endpoint *e)
{
	char b[64];
	add(t, "%s", sv_endpoint_str(e, 1, b, sizeof(b)));
}

static void
add_flags(struct text *t, int flags)
{
	static const struct {
		int v;
		const char *n;
	} f[] = {
		{ MSG_DONTWAIT, "MSG_DONTWAIT" }, { MSG_PEEK, "MSG_PEEK" },
		{ MSG_WAITALL, "MSG_WAITALL" }, { MSG_OOB, "MSG_OOB" },
		{ MSG_NOSIGNAL, "MSG_NOSIGNAL" },
	};
	if (flags == 0) {
		add(t, "0");
		return;
	}
	int first = 1;
	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		if (flags & f[i].v) {
			add(t, "%s%s", first ? "" : "|", f[i].n);
			first = 0;
		}
}

static const char *
opt_name(int level, int opt)
{
	if (level == SOL_SOCKET) {
		switch (opt) {
		case SO_REUSEADDR: return "SO_REUSEADDR";
		case SO_REUSEPORT: return "SO_REUSEPORT";
		case SO_LINGER: return "SO_LINGER";
		case SO_RCVBUF: return "SO_RCVBUF";
		case SO_SNDBUF: return "SO_SNDBUF";
		case SO_KEEPALIVE: return "SO_KEEPALIVE";
		case SO_BROADCAST: return "SO_BROADCAST";
		}
	} else if (level == IPPROTO_TCP) {
		switch (opt) {
		case TCP_NODELAY: return "TCP_NODELAY";
		case TCP_QUICKACK: return "TCP_QUICKACK";
		case TCP_CORK: return "TCP_CORK";
		}
	} else if (level == IPPROTO_IPV6 && opt == IPV6_V6ONLY) {
		return "IPV6_V6ONLY";
	}
	return "?";
}

static const char *
level_name(int level)
{
	return level == SOL_SOCKET ? "SOL_SOCKET" : level == IPPROTO_TCP ?
	    "IPPROTO_TCP" : "IPPROTO_IPV6";
}

/* The call as C-like text, with the real descriptor numbers. */
static void
call_text(const struct sv_step *st, const struct sv_endpoint *addr, int fd,
    struct text *t)
{
	add(t, "%s(", sv_fn_name(st->fn));
	switch (st->fn) {
	case SV_FN_SOCKET:
		add(t, "%s, %s, ", st->domain == AF_INET ? "AF_INET" :
		    "AF_INET6", st->type == SOCK_STREAM ? "SOCK_STREAM" :
		    "SOCK_DGRAM");
		if (st->protocol == 0)
			add(t, "0");
		else
			add(t, st->protocol == IPPROTO_TCP ? "IPPROTO_TCP" :
			    "IPPROTO_UDP");
		break;
	case SV_FN_BIND:
	case SV_FN_CONNECT:
		add(t, "%d, ", fd);
		add_endpoint(t, addr);
		break;
	case SV_FN_LISTEN:
		add(t, "%d, %d", fd, st->backlog);
		break;
	case SV_FN_CLOSE:
		add(t, "%d", fd);
		break;
	case SV_FN_ACCEPT:
	case SV_FN_GETSOCKNAME:
	case SV_FN_GETPEERNAME:
		add(t, "%d", fd);
		if (st->addr_out != NULL)
			add(t, ", &%s", st->addr_out);
		break;
	case SV_FN_SEND:
	case SV_FN_SENDTO:
	case SV_FN_WRITE:
		add(t, "%d, ", fd);
		add_quoted(t, st->data, st->data_len);
		add(t, ", %zu", st->data_len);
		if (st->fn == SV_FN_WRITE)
			break;
		add(t, ", ");
		add_flags(t, st->flags);
		if (st->fn == SV_FN_SENDTO) {
			add(t, ", ");
			if (st->addr_null)
				add(t, "NULL");
			else
				add_endpoint(t, addr);
		}
		break;
	case SV_FN_RECV:
	case SV_FN_RECVFROM:
		add(t, "%d, buf, %zu, ", fd, st->buflen);
		add_flags(t, st->flags);
		if (st->fn == SV_FN_RECVFROM && st->addr_out != NULL)
			add(t, ", &%s", st->addr_out);
		else if (st->fn == SV_FN_RECVFROM)
			add(t, ", NULL");
		break;
	case SV_FN_READ:
		add(t, "%d, buf, %zu", fd, st->buflen);
		break;
	case SV_FN_SHUTDOWN:
		add(t, "%d, %s", fd, st->how == SHUT_RD ? "SHUT_RD" :
		    st->how == SHUT_WR ? "SHUT_WR" : "SHUT_RDWR");
		break;
	case SV_FN_SETSOCKOPT:
		add(t, "%d, %s, %s, ", fd, level_name(st->level),
		    opt_name(st->level, st->opt));
		if (st->opt == SO_LINGER && st->level == SOL_SOCKET)
			add(t, "{%d, %d}", st->optval, st->optval2);
		else
			add(t, "%d", st->optval);
		break;
	}
	add(t, ")");
}

static void
set_deadline(int fd, int ms)
{
	struct timeval tv = { .tv_sec = ms / 1000,
	    .tv_usec = (ms % 1000) * 1000 };
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
}

static const long sleeps_accept[] = {
#ifdef SYS_accept
	SYS_accept,
#endif
	SYS_accept4, 0 };
static const long sleeps_recv[] = {
#ifdef SYS_recvfrom
	SYS_recvfrom,
#endif
	SYS_recvmsg, SYS_read, 0 };
static const long sleeps_none[] = { 0 };

const long *
sv_call_sleeps_in(enum sv_fn fn)
{
	switch (fn) {
	case SV_FN_ACCEPT:
		return sleeps_accept;
	case SV_FN_RECV:
	case SV_FN_RECVFROM:
	case SV_FN_READ:
		return sleeps_recv;
	case SV_FN_SOCKET:
	case SV_FN_BIND:
	case SV_FN_LISTEN:
	case SV_FN_CONNECT:
	case SV_FN_SEND:
	case SV_FN_SENDTO:
	case SV_FN_WRITE:
	case SV_FN_SHUTDOWN:
	case SV_FN_CLOSE:
	case SV_FN_SETSOCKOPT:
	case SV_FN_GETSOCKNAME:
	case SV_FN_GETPEERNAME:
		return sleeps_none;
	}
	return sleeps_none;
}

int
sv_call_exec(struct sv_socks *socks, const struct sv_step *st,
    int deadline_ms, atomic_int *in_call, struct sv_call *c)
{
	int si = st->sock ? find_sock(socks, st->sock) : -1;
	int fd = si >= 0 ? socks->v[si].fd : -1;
	int type = si >= 0 ? socks->v[si].type : st->type;
	struct sv_endpoint before_local, before_peer;
	struct sockaddr_storage ss;
	socklen_t sl = 0;
	char *buf = NULL;
	long ret = -1;
	int err = 0;
	struct text t = { .n = 0 };

	struct sv_endpoint addr = st->addr;
	if (st->addr_ref != NULL) {
		const struct sv_endpoint *e = get_addr(socks, st->addr_ref);
		if (e != NULL)
			addr = *e;
		else
			memset(&addr, 0, sizeof(addr));
	}

	memset(c, 0, sizeof(*c));
	c->tcp_state = -1;
	c->sock_type = type;
	c->fn = st->fn;
	endpoints(fd, &before_local, &before_peer);
	call_text(st, &addr, fd, &t);
	if ((c->text = strdup(t.b)) == NULL)
		return -1;
	if (st->fn == SV_FN_RECV || st->fn == SV_FN_RECVFROM ||
	    st->fn == SV_FN_READ) {
		if ((buf = malloc(st->buflen)) == NULL)
			return -1;
	}
	if (addr.family != 0) {
		sl = to_sockaddr(&addr, &ss);
	} else {
		/* An address variable that was never filled: the kernel
		 * says what it makes of an empty address. */
		memset(&ss, 0, sizeof(ss));
		sl = sizeof(struct sockaddr_in);
	}
	struct sockaddr_storage from;
	socklen_t fromlen = sizeof(from);
	memset(&from, 0, sizeof(from));

	/* From here to the end time, nothing but the call itself. */
	c->t_begin = now_real();
	atomic_store(in_call, 1);
	switch (st->fn) {
	case SV_FN_SOCKET:
		ret = socket(st->domain, st->type | SOCK_CLOEXEC, st->protocol);
		break;
	case SV_FN_BIND:
		ret = bind(fd, (struct sockaddr *)&ss, sl);
		break;
	case SV_FN_LISTEN:
		ret = listen(fd, st->backlog);
		break;
	case SV_FN_ACCEPT:
		ret = accept(fd, (struct sockaddr *)&from, &fromlen);
		break;
	case SV_FN_CONNECT:
		ret = connect(fd, (struct sockaddr *)&ss, sl);
		break;
	case SV_FN_SEND:
		ret = send(fd, st->data, st->data_len, st->flags |
		    MSG_NOSIGNAL);
		break;
	case SV_FN_SENDTO:
		ret = sendto(fd, st->data, st->data_len, st->flags |
		    MSG_NOSIGNAL, st->addr_null ? NULL :
		    (struct sockaddr *)&ss, st->addr_null ? 0 : sl);
		break;
	case SV_FN_WRITE:
		ret = write(fd, st->data, st->data_len);
		break;
	case SV_FN_RECV:
		ret = recv(fd, buf, st->buflen, st->flags);
		break;
	case SV_FN_RECVFROM:
		ret = recvfrom(fd, buf, st->buflen, st->flags,
		    (struct sockaddr *)&from, &fromlen);
		break;
	case SV_FN_READ:
		ret = read(fd, buf, st->buflen);
		break;
	case SV_FN_SHUTDOWN:
		ret = shutdown(fd, st->how);
		break;
	case SV_FN_CLOSE:
		ret = close(fd);
		break;
	case SV_FN_SETSOCKOPT:
		if (st->level == SOL_SOCKET && st->opt == SO_LINGER) {
			struct linger l = { st->optval, st->optval2 };
			ret = setsockopt(fd, st->level, st->opt, &l, sizeof(l));
		} else {
			ret = setsockopt(fd, st->level, st->opt, &st->optval,
			    sizeof(st->optval));
		}
		break;
	case SV_FN_GETSOCKNAME:
		ret = getsockname(fd, (struct sockaddr *)&from, &fromlen);
		break;
	case SV_FN_GETPEERNAME:
		ret = getpeername(fd, (struct sockaddr *)&from, &fromlen);
		break;
	}
	err = ret < 0 ? errno : 0;
	atomic_store(in_call, 0);
	c->t_end = now_real();

	c->ret = ret;
	c->err = err;

	int newfd = -1;
	if (st->fn == SV_FN_SOCKET && ret >= 0) {
		newfd = (int)ret;
		set_sock(socks, st->var, newfd, st->type, st->domain);
	} else if (st->fn == SV_FN_ACCEPT && ret >= 0) {
		newfd = (int)ret;
		if (st->var != NULL)
			set_sock(socks, st->var, newfd, type,
			    si >= 0 ? socks->v[si].family : AF_INET);
	}
	if (newfd >= 0)
		set_deadline(newfd, deadline_ms);
	if (st->fn == SV_FN_CLOSE && ret == 0 && si >= 0)
		socks->v[si].fd = -1;

	/* What the socket looks like now. accept() reports the new one. */
	int look = newfd >= 0 ? newfd : (st->fn == SV_FN_CLOSE && ret == 0) ?
	    -1 : fd;
	endpoints(look, &c->local, &c->peer);
	c->conn_local = c->local.family ? c->local : before_local;
	c->conn_peer = c->peer.family ? c->peer : before_peer;
	if (c->conn_peer.family == 0 && addr.family != 0 &&
	    (st->fn == SV_FN_CONNECT || st->fn == SV_FN_SENDTO))
		c->conn_peer = addr;
	/* A connect() that failed leaves the socket unbound: its packets
	 * went from a port now forgotten, so any local end matches. */
	if (c->conn_local.family == 0 && c->conn_peer.family != 0)
		c->conn_local.family = c->conn_peer.family;
	if ((st->fn == SV_FN_RECVFROM || st->fn == SV_FN_ACCEPT) && ret >= 0 &&
	    c->peer.family == 0)
		from_sockaddr(&from, fromlen, &c->peer);
	if ((st->fn == SV_FN_GETSOCKNAME || st->fn == SV_FN_GETPEERNAME ||
	    st->fn == SV_FN_ACCEPT || st->fn == SV_FN_RECVFROM) && ret >= 0)
		from_sockaddr(&from, fromlen, &c->addr);
	if (st->addr_out != NULL && ret >= 0)
		set_addr(socks, st->addr_out, &c->addr);
	if (type == SOCK_STREAM) {
		if (look >= 0)
			c->tcp_state = tcp_state(look);
		else if (before_peer.family != 0)
			c->tcp_state = sv_sockdiag_tcp_state(&before_local,
			    &before_peer);
		else if (st->fn == SV_FN_CLOSE && ret == 0)
			c->tcp_state = TCP_CLOSE;
	}

	const char *data = NULL;
	size_t dlen = 0;
	if ((st->fn == SV_FN_SEND || st->fn == SV_FN_SENDTO ||
	    st->fn == SV_FN_WRITE) && ret > 0) {
		data = st->data;
		dlen = (size_t)ret;
	} else if (buf != NULL && ret > 0) {
		data = buf;
		dlen = (size_t)ret;
	}
	if (data != NULL) {
		if ((c->data = malloc(dlen + 1)) == NULL) {
			free(buf);
			return -1;
		}
		memcpy(c->data, data, dlen);
		c->data[dlen] = '\0';
		c->data_len = dlen;
	}
	free(buf);
	return 0;
}
