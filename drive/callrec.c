/*
 * Decoding a recorded socket call (see callrec.h). Every value shown comes
 * from the process: the registers the kernel was handed and the memory
 * they point to, read while the process is stopped.
 */
#include "drive/callrec.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include "drive/recorder.h"
#include "render/names.h"

/* How much of a payload the call text quotes. */
#define QUOTE_MAX 24
/* The most bytes of one call kept in the record. */
#define DATA_MAX (1u << 20)
#define MAX_IOV 64

/* A string builder over a fixed buffer that never overflows. */
struct text {
	char b[768];
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
add_quoted(struct text *t, const char *d, size_t len, size_t max)
{
	add(t, "\"");
	for (size_t i = 0; i < len && i < max; i++) {
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
	add(t, len > max ? "\"..." : "\"");
}

struct name {
	long v;
	const char *n;
};

/* Flags as NAME|NAME, with what is left over in hex; "0" for none. */
static void
add_bits(struct text *t, long v, const struct name *names, size_t n)
{
	if (v == 0) {
		add(t, "0");
		return;
	}
	const char *sep = "";
	for (size_t i = 0; i < n; i++)
		if ((v & names[i].v) == names[i].v) {
			add(t, "%s%s", sep, names[i].n);
			v &= ~names[i].v;
			sep = "|";
		}
	if (v != 0)
		add(t, "%s%#lx", sep, v);
}

#define N(x) { x, #x }
static const struct name msg_flags[] = {
	N(MSG_DONTWAIT), N(MSG_PEEK), N(MSG_WAITALL), N(MSG_OOB),
	N(MSG_NOSIGNAL), N(MSG_MORE), N(MSG_TRUNC), N(MSG_CTRUNC),
};
static const struct name poll_events[] = {
	N(POLLIN), N(POLLPRI), N(POLLOUT), N(POLLRDHUP), N(POLLERR),
	N(POLLHUP), N(POLLNVAL),
};
static const struct name o_flags[] = {
	N(O_NONBLOCK), N(O_APPEND), N(O_WRONLY), N(O_RDWR),
};
static const struct name sock_flags[] = {
	N(SOCK_NONBLOCK), N(SOCK_CLOEXEC),
};
static const struct name families[] = {
	N(AF_INET), N(AF_INET6), N(AF_UNIX), N(AF_UNSPEC),
};
static const struct name types[] = {
	N(SOCK_STREAM), N(SOCK_DGRAM), N(SOCK_RAW), N(SOCK_SEQPACKET),
};
static const struct name protocols[] = {
	N(IPPROTO_TCP), N(IPPROTO_UDP),
};
static const struct name levels[] = {
	N(SOL_SOCKET), N(IPPROTO_TCP), N(IPPROTO_IPV6), N(IPPROTO_IP),
};
static const struct name sol_opts[] = {
	N(SO_REUSEADDR), N(SO_REUSEPORT), N(SO_LINGER), N(SO_RCVBUF),
	N(SO_SNDBUF), N(SO_KEEPALIVE), N(SO_BROADCAST), N(SO_TYPE),
	N(SO_ERROR),
};
static const struct name tcp_opts[] = {
	N(TCP_NODELAY), N(TCP_QUICKACK), N(TCP_CORK),
};
static const struct name ipv6_opts[] = {
	N(IPV6_V6ONLY),
};
static const struct name shuts[] = {
	N(SHUT_RD), N(SHUT_WR), N(SHUT_RDWR),
};
static const struct name fcntl_cmds[] = {
	N(F_GETFL), N(F_SETFL), N(F_GETFD), N(F_SETFD),
};
#undef N
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* One of a list of constants, or the number. */
static void
add_const(struct text *t, long v, const struct name *names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (names[i].v == v) {
			add(t, "%s", names[i].n);
			return;
		}
	add(t, "%ld", v);
}

/* The address at addr (len bytes) in the process, read into *ss: the
 * number of bytes read, or -1. */
static ssize_t
peek_sockaddr(pid_t pid, uint64_t addr, uint64_t len,
    struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	size_t n = len < sizeof(*ss) ? (size_t)len : sizeof(*ss);
	if (addr == 0 || sv_rec_peek(pid, addr, ss, n) != (ssize_t)n)
		return -1;
	return (ssize_t)n;
}

/* The endpoint at addr in the process; family 0 when none is there. */
static void
peek_endpoint(pid_t pid, uint64_t addr, uint64_t len, struct sv_endpoint *e)
{
	struct sockaddr_storage ss;
	ssize_t n = peek_sockaddr(pid, addr, len, &ss);
	if (n < 0 || sv_rec_endpoint(&ss, (size_t)n, e) < 0)
		memset(e, 0, sizeof(*e));
}

/* The address at addr (len bytes) in the process: "127.0.0.1:8888". */
static void
add_sockaddr(struct text *t, pid_t pid, uint64_t addr, uint64_t len)
{
	struct sockaddr_storage ss;
	struct sv_endpoint e;
	if (addr == 0) {
		add(t, "NULL");
		return;
	}
	ssize_t n = peek_sockaddr(pid, addr, len, &ss);
	if (n < 0) {
		add(t, "%#llx", (unsigned long long)addr);
		return;
	}
	if (sv_rec_endpoint(&ss, (size_t)n, &e) < 0) {
		add(t, "{");
		add_const(t, ss.ss_family, families, COUNT(families));
		add(t, ", %llu bytes}", (unsigned long long)len);
		return;
	}
	char b[64];
	add(t, "%s", sv_endpoint_str(&e, 1, b, sizeof(b)));
}

/* An address buffer and its length: "&peer, &len", or "NULL, NULL". */
static void
add_addrbuf(struct text *t, uint64_t addr, uint64_t lenp, const char *name)
{
	if (addr == 0)
		add(t, "NULL");
	else
		add(t, "&%s", name ? name : "addr");
	add(t, lenp == 0 ? ", NULL" : ", &len");
}

static char *
peek_dup(pid_t pid, uint64_t addr, size_t len, size_t *got)
{
	if (len > DATA_MAX)
		len = DATA_MAX;
	char *d = malloc(len + 1);
	if (d == NULL)
		return NULL;
	ssize_t n = addr ? sv_rec_peek(pid, addr, d, len) : 0;
	if (n < 0)
		n = 0;
	d[n] = '\0';
	*got = (size_t)n;
	return d;
}

/* The iovecs of a msghdr in the process. */
struct msg {
	struct msghdr h;
	struct iovec iov[MAX_IOV];
	size_t n_iov;
	int ok;
};

static void
read_msg(pid_t pid, uint64_t addr, struct msg *m)
{
	memset(m, 0, sizeof(*m));
	if (addr == 0 || sv_rec_peek(pid, addr, &m->h, sizeof(m->h)) !=
	    (ssize_t)sizeof(m->h))
		return;
	m->n_iov = m->h.msg_iovlen < MAX_IOV ? m->h.msg_iovlen : MAX_IOV;
	size_t sz = m->n_iov * sizeof(struct iovec);
	if (sv_rec_peek(pid, (uint64_t)(uintptr_t)m->h.msg_iov, m->iov, sz) !=
	    (ssize_t)sz)
		return;
	m->ok = 1;
}

/* An iovec array of n entries at addr, as a msg without a header. */
static void
read_iov(pid_t pid, uint64_t addr, uint64_t n, struct msg *m)
{
	memset(m, 0, sizeof(*m));
	m->n_iov = n < MAX_IOV ? (size_t)n : MAX_IOV;
	size_t sz = m->n_iov * sizeof(struct iovec);
	if (sz == 0 || sv_rec_peek(pid, addr, m->iov, sz) == (ssize_t)sz)
		m->ok = 1;
}

/* The first messages of a sendmmsg() or recvmmsg() vector. */
#define MAX_MMSG 8
struct mmsg {
	struct mmsghdr v[MAX_MMSG];
	size_t n;
	int ok;
};

static void
read_mmsg(pid_t pid, uint64_t addr, uint64_t vlen, struct mmsg *mm)
{
	memset(mm, 0, sizeof(*mm));
	mm->n = vlen < MAX_MMSG ? (size_t)vlen : MAX_MMSG;
	size_t sz = mm->n * sizeof(mm->v[0]);
	mm->ok = sz > 0 && sv_rec_peek(pid, addr, mm->v, sz) == (ssize_t)sz;
}

/* Message i of mm as a msg (its header and iovecs). */
static void
mmsg_msg(pid_t pid, const struct mmsg *mm, size_t i, struct msg *m)
{
	read_iov(pid, (uint64_t)(uintptr_t)mm->v[i].msg_hdr.msg_iov,
	    mm->v[i].msg_hdr.msg_iovlen, m);
	m->h = mm->v[i].msg_hdr;
}

/* Gather up to len bytes from the process's iovecs. */
static char *
gather(pid_t pid, const struct msg *m, size_t len, size_t *got)
{
	if (len > DATA_MAX)
		len = DATA_MAX;
	char *d = malloc(len + 1);
	size_t n = 0;
	if (d == NULL)
		return NULL;
	for (size_t i = 0; i < m->n_iov && n < len; i++) {
		size_t k = m->iov[i].iov_len < len - n ? m->iov[i].iov_len :
		    len - n;
		ssize_t r = sv_rec_peek(pid, (uint64_t)(uintptr_t)
		    m->iov[i].iov_base, d + n, k);
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	d[n] = '\0';
	*got = n;
	return d;
}

static void add_iov_out(struct text *t, pid_t pid, const struct msg *m);

static void
add_msg_out(struct text *t, pid_t pid, const struct msg *m)
{
	if (!m->ok) {
		add(t, "?");
		return;
	}
	add(t, "{");
	add_sockaddr(t, pid, (uint64_t)(uintptr_t)m->h.msg_name,
	    m->h.msg_namelen);
	add(t, ", ");
	add_iov_out(t, pid, m);
	add(t, "}");
}

/* The iovecs' bytes, quoted: ["abc", "de"]. */
static void
add_iov_out(struct text *t, pid_t pid, const struct msg *m)
{
	add(t, "[");
	for (size_t i = 0; i < m->n_iov; i++) {
		char q[QUOTE_MAX + 1];
		size_t k = m->iov[i].iov_len < QUOTE_MAX ? m->iov[i].iov_len :
		    QUOTE_MAX;
		ssize_t r = sv_rec_peek(pid, (uint64_t)(uintptr_t)
		    m->iov[i].iov_base, q, k);
		add(t, "%s", i ? ", " : "");
		if (r < 0)
			add(t, "?");
		else
			add_quoted(t, q, m->iov[i].iov_len, (size_t)r);
	}
	add(t, "]");
}

/* The iovecs' room: [64, 64]. */
static void
add_iov_in(struct text *t, const struct msg *m)
{
	add(t, "[");
	for (size_t i = 0; i < m->n_iov; i++)
		add(t, "%s%zu", i ? ", " : "", m->iov[i].iov_len);
	add(t, "]");
}

static void
add_msg_in(struct text *t, const struct msg *m, const char *addr_name)
{
	if (!m->ok) {
		add(t, "?");
		return;
	}
	add(t, "{");
	if (m->h.msg_name == NULL)
		add(t, "NULL");
	else
		add(t, "&%s", addr_name ? addr_name : "addr");
	add(t, ", ");
	add_iov_in(t, m);
	add(t, "}");
}

static void
add_pollfds(struct text *t, pid_t pid, uint64_t addr, uint64_t n, int out)
{
	struct pollfd p[16];
	size_t k = n < 16 ? (size_t)n : 16;
	if (sv_rec_peek(pid, addr, p, k * sizeof(p[0])) !=
	    (ssize_t)(k * sizeof(p[0]))) {
		add(t, "?");
		return;
	}
	add(t, "[");
	for (size_t i = 0; i < k; i++) {
		add(t, "%s{%d, ", i ? ", " : "", p[i].fd);
		add_bits(t, p[i].events, poll_events, COUNT(poll_events));
		if (out && p[i].revents) {
			add(t, ", revents=");
			add_bits(t, p[i].revents, poll_events,
			    COUNT(poll_events));
		}
		add(t, "}");
	}
	add(t, k < n ? ", ...]" : "]");
}

static void
add_sockopt(struct text *t, pid_t pid, const uint64_t a[6])
{
	long level = (long)a[1], opt = (long)a[2];
	add_const(t, level, levels, COUNT(levels));
	add(t, ", ");
	if (level == SOL_SOCKET)
		add_const(t, opt, sol_opts, COUNT(sol_opts));
	else if (level == IPPROTO_TCP)
		add_const(t, opt, tcp_opts, COUNT(tcp_opts));
	else if (level == IPPROTO_IPV6)
		add_const(t, opt, ipv6_opts, COUNT(ipv6_opts));
	else
		add(t, "%ld", opt);
	int v[2] = { 0, 0 };
	size_t len = a[4] < sizeof(v) ? (size_t)a[4] : sizeof(v);
	if (sv_rec_peek(pid, a[3], v, len) != (ssize_t)len)
		add(t, ", ?");
	else if (level == SOL_SOCKET && opt == SO_LINGER && len == sizeof(v))
		add(t, ", {%d, %d}", v[0], v[1]);
	else
		add(t, ", %d", v[0]);
}

/* A struct timespec (or timeval, with usec) at addr: {1, 500000000}. */
static void
add_time(struct text *t, pid_t pid, uint64_t addr)
{
	long v[2];
	if (addr == 0)
		add(t, "NULL");
	else if (sv_rec_peek(pid, addr, v, sizeof(v)) != (ssize_t)sizeof(v))
		add(t, "%#llx", (unsigned long long)addr);
	else
		add(t, "{%ld, %ld}", v[0], v[1]);
}

/* An fd_set of select(): the descriptors in it, [3 4]. */
static void
add_fdset(struct text *t, pid_t pid, uint64_t addr, int nfds)
{
	fd_set set;
	if (addr == 0) {
		add(t, "NULL");
		return;
	}
	if (nfds > FD_SETSIZE)
		nfds = FD_SETSIZE;
	size_t sz = ((size_t)nfds + 63) / 64 * 8;
	memset(&set, 0, sizeof(set));
	if (sz > 0 && sv_rec_peek(pid, addr, &set, sz) != (ssize_t)sz) {
		add(t, "?");
		return;
	}
	add(t, "[");
	const char *sep = "";
	for (int fd = 0; fd < nfds; fd++)
		if (FD_ISSET(fd, &set)) {
			add(t, "%s%d", sep, fd);
			sep = " ";
		}
	add(t, "]");
}

static void
add_mmsg(struct text *t, pid_t pid, const uint64_t a[6], int in,
    const char *addr_name)
{
	struct mmsg mm;
	read_mmsg(pid, a[1], a[2], &mm);
	if (!mm.ok) {
		add(t, "?");
		return;
	}
	add(t, "[");
	for (size_t i = 0; i < mm.n; i++) {
		struct msg m;
		mmsg_msg(pid, &mm, i, &m);
		add(t, "%s", i ? ", " : "");
		if (in)
			add_msg_in(t, &m, addr_name);
		else
			add_msg_out(t, pid, &m);
	}
	add(t, mm.n < a[2] ? ", ...]" : "]");
}

/* socket()'s and socketpair()'s first two: AF_INET, SOCK_STREAM|... */
static void
add_domain_type(struct text *t, const uint64_t a[6])
{
	add_const(t, (long)a[0], families, COUNT(families));
	add(t, ", ");
	add_const(t, (long)(a[1] & 0xf), types, COUNT(types));
	if (a[1] & ~(uint64_t)0xf) {
		add(t, "|");
		add_bits(t, (long)(a[1] & ~(uint64_t)0xf), sock_flags,
		    COUNT(sock_flags));
	}
}

/* The call as C-like text; out: after the call (poll's revents). */
static void
call_text(pid_t pid, enum sv_fn fn, const uint64_t a[6],
    const char *addr_name, int out, struct text *t)
{
	int fd = (int)a[0];
	add(t, "%s(", sv_fn_name(fn));
	switch (fn) {
	case SV_FN_SOCKET:
		add_domain_type(t, a);
		add(t, ", ");
		if (a[2] == 0)
			add(t, "0");
		else
			add_const(t, (long)a[2], protocols, COUNT(protocols));
		break;
	case SV_FN_BIND:
	case SV_FN_CONNECT:
		add(t, "%d, ", fd);
		add_sockaddr(t, pid, a[1], a[2]);
		break;
	case SV_FN_LISTEN:
		add(t, "%d, %d", fd, (int)a[1]);
		break;
	case SV_FN_ACCEPT:
	case SV_FN_GETSOCKNAME:
	case SV_FN_GETPEERNAME:
		add(t, "%d, ", fd);
		add_addrbuf(t, a[1], a[2], addr_name);
		break;
	case SV_FN_SEND:
	case SV_FN_SENDTO:
	case SV_FN_WRITE: {
		char q[QUOTE_MAX];
		size_t k = a[2] < QUOTE_MAX ? (size_t)a[2] : QUOTE_MAX;
		ssize_t r = sv_rec_peek(pid, a[1], q, k);
		add(t, "%d, ", fd);
		if (r < 0)
			add(t, "%#llx", (unsigned long long)a[1]);
		else
			add_quoted(t, q, (size_t)a[2], (size_t)r);
		add(t, ", %llu", (unsigned long long)a[2]);
		if (fn == SV_FN_WRITE)
			break;
		add(t, ", ");
		add_bits(t, (long)a[3], msg_flags, COUNT(msg_flags));
		if (fn == SV_FN_SENDTO) {
			add(t, ", ");
			add_sockaddr(t, pid, a[4], a[5]);
			if (a[4] == 0)
				add(t, ", %llu", (unsigned long long)a[5]);
		}
		break;
	}
	case SV_FN_SENDMSG: {
		struct msg m;
		read_msg(pid, a[1], &m);
		add(t, "%d, ", fd);
		add_msg_out(t, pid, &m);
		add(t, ", ");
		add_bits(t, (long)a[2], msg_flags, COUNT(msg_flags));
		break;
	}
	case SV_FN_RECV:
	case SV_FN_RECVFROM:
		add(t, "%d, buf, %llu, ", fd, (unsigned long long)a[2]);
		add_bits(t, (long)a[3], msg_flags, COUNT(msg_flags));
		if (fn == SV_FN_RECVFROM) {
			add(t, ", ");
			add_addrbuf(t, a[4], a[5], addr_name);
		}
		break;
	case SV_FN_RECVMSG: {
		struct msg m;
		read_msg(pid, a[1], &m);
		add(t, "%d, ", fd);
		add_msg_in(t, &m, addr_name);
		add(t, ", ");
		add_bits(t, (long)a[2], msg_flags, COUNT(msg_flags));
		break;
	}
	case SV_FN_READ:
		add(t, "%d, buf, %llu", fd, (unsigned long long)a[2]);
		break;
	case SV_FN_SHUTDOWN:
		add(t, "%d, ", fd);
		add_const(t, (long)a[1], shuts, COUNT(shuts));
		break;
	case SV_FN_CLOSE:
		add(t, "%d", fd);
		break;
	case SV_FN_SETSOCKOPT:
		add(t, "%d, ", fd);
		add_sockopt(t, pid, a);
		break;
	case SV_FN_FCNTL:
		add(t, "%d, ", fd);
		add_const(t, (long)a[1], fcntl_cmds, COUNT(fcntl_cmds));
		if ((long)a[1] == F_SETFL) {
			add(t, ", ");
			add_bits(t, (long)a[2], o_flags, COUNT(o_flags));
		} else if ((long)a[1] != F_GETFL && (long)a[1] != F_GETFD) {
			add(t, ", %ld", (long)a[2]);
		}
		break;
	case SV_FN_POLL:
		add_pollfds(t, pid, a[0], a[1], out);
		add(t, ", %llu, %d", (unsigned long long)a[1], (int)a[2]);
		break;
	case SV_FN_SOCKETPAIR: {
		int sv[2];
		add_domain_type(t, a);
		add(t, ", %d, ", (int)a[2]);
		if (out && sv_rec_peek(pid, a[3], sv, sizeof(sv)) ==
		    (ssize_t)sizeof(sv))
			add(t, "[%d, %d]", sv[0], sv[1]);
		else
			add(t, "sv");
		break;
	}
	case SV_FN_ACCEPT4:
		add(t, "%d, ", fd);
		add_addrbuf(t, a[1], a[2], addr_name);
		add(t, ", ");
		add_bits(t, (long)a[3], sock_flags, COUNT(sock_flags));
		break;
	case SV_FN_SENDMMSG:
	case SV_FN_RECVMMSG:
		add(t, "%d, ", fd);
		add_mmsg(t, pid, a, fn == SV_FN_RECVMMSG, addr_name);
		add(t, ", %u, ", (unsigned)a[2]);
		add_bits(t, (long)a[3], msg_flags, COUNT(msg_flags));
		if (fn == SV_FN_RECVMMSG) {
			add(t, ", ");
			add_time(t, pid, a[4]);
		}
		break;
	case SV_FN_WRITEV:
	case SV_FN_READV: {
		struct msg m;
		read_iov(pid, a[1], a[2], &m);
		add(t, "%d, ", fd);
		if (!m.ok)
			add(t, "?");
		else if (fn == SV_FN_WRITEV)
			add_iov_out(t, pid, &m);
		else
			add_iov_in(t, &m);
		add(t, ", %d", (int)a[2]);
		break;
	}
	case SV_FN_GETSOCKOPT:
		add(t, "%d, ", fd);
		if (out) {
			add_sockopt(t, pid, a);
		} else {
			add_const(t, (long)a[1], levels, COUNT(levels));
			add(t, ", %ld, &val", (long)a[2]);
		}
		add(t, ", &len");
		break;
	case SV_FN_DUP:
		add(t, "%d", fd);
		break;
	case SV_FN_DUP2:
	case SV_FN_DUP3:
		add(t, "%d, %d", fd, (int)a[1]);
		if (fn == SV_FN_DUP3)
			add(t, ", %s", a[2] & O_CLOEXEC ? "O_CLOEXEC" : "0");
		break;
	case SV_FN_PPOLL:
		add_pollfds(t, pid, a[0], a[1], out);
		add(t, ", %llu, ", (unsigned long long)a[1]);
		add_time(t, pid, a[2]);
		add(t, ", %s", a[3] ? "&mask" : "NULL");
		break;
	case SV_FN_SELECT:
	case SV_FN_PSELECT6:
		add(t, "%d, ", fd);
		for (int k = 1; k <= 3; k++) {
			add_fdset(t, pid, a[k], fd);
			add(t, ", ");
		}
		add_time(t, pid, a[4]);
		if (fn == SV_FN_PSELECT6)
			add(t, ", %s", a[5] ? "&mask" : "NULL");
		break;
	case SV_FN_EPOLL_WAIT:
	case SV_FN_EPOLL_PWAIT:
		add(t, "%d, events, %d, %d", fd, (int)a[2], (int)a[3]);
		if (fn == SV_FN_EPOLL_PWAIT)
			add(t, ", %s", a[4] ? "&mask" : "NULL");
		break;
	}
	add(t, ")");
}

static size_t
iov_total(const struct msg *m)
{
	size_t total = 0;
	for (size_t i = 0; i < m->n_iov; i++)
		total += m->iov[i].iov_len;
	return total;
}

/*
 * The bytes of a message vector, one message after the other: on entry
 * (done 0) all that is handed to sendmmsg(); on exit the first done
 * messages, msg_len bytes each, as the kernel wrote it.
 */
static int
mmsg_data(pid_t pid, const uint64_t a[6], int on_exit, long done,
    struct sv_call *c)
{
	struct mmsg mm;
	read_mmsg(pid, a[1], a[2], &mm);
	size_t n = on_exit ? (done < (long)mm.n ? (size_t)done : mm.n) : mm.n;
	free(c->data);
	c->data = NULL;
	c->data_len = 0;
	memset(&c->addr, 0, sizeof(c->addr));
	size_t cap = 1;
	char *all = malloc(cap);
	if (all == NULL)
		return -1;
	for (size_t i = 0; mm.ok && i < n; i++) {
		struct msg m;
		mmsg_msg(pid, &mm, i, &m);
		size_t want = on_exit ? mm.v[i].msg_len : iov_total(&m), got;
		char *d = gather(pid, &m, want, &got);
		char *grown = d ? realloc(all, cap + got) : NULL;
		if (grown == NULL) {
			free(d);
			free(all);
			return -1;
		}
		all = grown;
		memcpy(all + c->data_len, d, got);
		c->data_len += got;
		cap += got;
		free(d);
		if (i == 0 && m.h.msg_name != NULL) {
			peek_endpoint(pid, (uint64_t)(uintptr_t)m.h.msg_name,
			    m.h.msg_namelen, on_exit ? &c->addr :
			    &c->conn_peer);
			c->addr_asked = on_exit;
		}
	}
	all[c->data_len] = '\0';
	c->data = all;
	return 0;
}

int
sv_callrec_enter(pid_t pid, enum sv_fn fn, const uint64_t a[6],
    const char *addr_name, struct sv_call *c)
{
	struct text t = { .n = 0 };
	c->fn = fn;
	call_text(pid, fn, a, addr_name, 0, &t);
	free(c->text);
	if ((c->text = strdup(t.b)) == NULL)
		return -1;
	free(c->data);
	c->data = NULL;
	c->data_len = 0;
	/* Where the call sends to, for the correlation of what it sends. */
	memset(&c->conn_peer, 0, sizeof(c->conn_peer));
	if (fn == SV_FN_CONNECT)
		peek_endpoint(pid, a[1], a[2], &c->conn_peer);
	else if (fn == SV_FN_SENDTO)
		peek_endpoint(pid, a[4], a[5], &c->conn_peer);
	if (fn == SV_FN_SEND || fn == SV_FN_SENDTO || fn == SV_FN_WRITE) {
		if ((c->data = peek_dup(pid, a[1], (size_t)a[2],
		    &c->data_len)) == NULL)
			return -1;
	} else if (fn == SV_FN_WRITEV) {
		struct msg m;
		read_iov(pid, a[1], a[2], &m);
		if ((c->data = gather(pid, &m, iov_total(&m),
		    &c->data_len)) == NULL)
			return -1;
	} else if (fn == SV_FN_SENDMMSG) {
		if (mmsg_data(pid, a, 0, 0, c) < 0)
			return -1;
	} else if (fn == SV_FN_SENDMSG) {
		struct msg m;
		read_msg(pid, a[1], &m);
		if (m.ok)
			peek_endpoint(pid, (uint64_t)(uintptr_t)m.h.msg_name,
			    m.h.msg_namelen, &c->conn_peer);
		if ((c->data = gather(pid, &m, iov_total(&m),
		    &c->data_len)) == NULL)
			return -1;
	}
	return 0;
}

/* The address the kernel wrote at addr, with its length at lenp. */
static void
returned_addr(pid_t pid, uint64_t addr, uint64_t lenp, struct sv_call *c)
{
	memset(&c->addr, 0, sizeof(c->addr));
	c->addr_asked = addr != 0 && lenp != 0;
	if (!c->addr_asked)
		return;
	socklen_t len = 0;
	if (sv_rec_peek(pid, lenp, &len, sizeof(len)) != sizeof(len) ||
	    len == 0)
		return;
	peek_endpoint(pid, addr, len, &c->addr);
}

int
sv_callrec_exit(pid_t pid, enum sv_fn fn, const uint64_t a[6],
    int64_t rval, const char *addr_name, struct sv_call *c)
{
	c->ret = rval < 0 && rval >= -4095 ? -1 : (long)rval;
	c->err = rval < 0 && rval >= -4095 ? (int)-rval : 0;
	/* What the kernel wrote back is part of these calls' text. Not of
	 * ppoll() and pselect6(): they write the time left over the
	 * timeout they were passed, which the text must show as passed. */
	if (fn == SV_FN_POLL || fn == SV_FN_GETSOCKOPT ||
	    fn == SV_FN_SOCKETPAIR) {
		struct text t = { .n = 0 };
		call_text(pid, fn, a, addr_name, 1, &t);
		free(c->text);
		if ((c->text = strdup(t.b)) == NULL)
			return -1;
	}
	if (fn == SV_FN_SENDMMSG || fn == SV_FN_RECVMMSG) {
		/* The return is a count of messages, not of bytes. */
		if (mmsg_data(pid, a, 1, c->ret, c) < 0)
			return -1;
		return 0;
	}
	if (sv_fn_is(fn, SV_CALL_SENDS_DATA)) {
		/* Keep what the kernel took. */
		if (c->ret <= 0) {
			free(c->data);
			c->data = NULL;
			c->data_len = 0;
		} else if ((size_t)c->ret < c->data_len) {
			c->data_len = (size_t)c->ret;
		}
	}
	if (sv_fn_is(fn, SV_CALL_RECEIVES) && c->ret > 0) {
		free(c->data);
		if (fn == SV_FN_RECVMSG || fn == SV_FN_READV) {
			struct msg m;
			if (fn == SV_FN_RECVMSG)
				read_msg(pid, a[1], &m);
			else
				read_iov(pid, a[1], a[2], &m);
			c->data = gather(pid, &m, (size_t)c->ret, &c->data_len);
		} else {
			c->data = peek_dup(pid, a[1], (size_t)c->ret,
			    &c->data_len);
		}
		if (c->data == NULL)
			return -1;
	}
	if (c->ret < 0)
		return 0;
	switch (fn) {
	case SV_FN_ACCEPT:
	case SV_FN_ACCEPT4:
	case SV_FN_GETSOCKNAME:
	case SV_FN_GETPEERNAME:
		returned_addr(pid, a[1], a[2], c);
		break;
	case SV_FN_RECVFROM:
		returned_addr(pid, a[4], a[5], c);
		break;
	case SV_FN_RECVMSG: {
		struct msg m;
		read_msg(pid, a[1], &m);
		memset(&c->addr, 0, sizeof(c->addr));
		c->addr_asked = m.ok && m.h.msg_name != NULL;
		if (c->addr_asked && m.h.msg_namelen > 0)
			peek_endpoint(pid, (uint64_t)(uintptr_t)m.h.msg_name,
			    m.h.msg_namelen, &c->addr);
		break;
	}
	case SV_FN_SOCKET:
	case SV_FN_BIND:
	case SV_FN_LISTEN:
	case SV_FN_CONNECT:
	case SV_FN_SEND:
	case SV_FN_SENDTO:
	case SV_FN_SENDMSG:
	case SV_FN_RECV:
	case SV_FN_WRITE:
	case SV_FN_READ:
	case SV_FN_SHUTDOWN:
	case SV_FN_CLOSE:
	case SV_FN_SETSOCKOPT:
	default:
		break;           /* they return no address */
	}
	return 0;
}
