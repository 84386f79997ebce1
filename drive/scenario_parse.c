/*
 * The scenario text format, one step per line:
 *
 *   title "TCP: the three-way handshake"
 *   summary "connect() sends SYN, SYN-ACK, ACK"
 *   # a comment
 *   server: s = socket(AF_INET, SOCK_STREAM)
 *   server: bind(s, 127.0.0.1:8888)
 *   client: connect(c, 127.0.0.1:8888) = 0 -> SYN, SYN-ACK, ACK
 *   note "the handshake happens inside connect()"
 *
 * The parser is a hand-written scanner over one line at a time. It keeps
 * no global state and reads only buf[0..len), so a fuzzer can call it.
 * Every error names the file, line and column of the offending text.
 */
#include "drive/scenario.h"
#include "render/render.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "render/names.h"

/* Longest payload or note a step may carry. */
#define MAX_STRING 65536
#define MAX_ACTORS 16
#define MAX_STEPS 4096
#define MAX_VARS 64

enum tok_kind {
	T_END,       /* end of line (or a comment) */
	T_IDENT,
	T_INT,
	T_STRING,
	T_ADDR,
	T_PUNCT,     /* one of : = ( ) , | & { } and "->" as '>' */
	T_ELLIPSIS,
};

struct tok {
	enum tok_kind kind;
	int col;
	const char *s;           /* start in the line */
	size_t n;                /* length in the line */
	long num;
	char punct;
	struct sv_endpoint addr;
	char *str;               /* T_STRING: decoded bytes, owned by parser */
	size_t str_len;
};

struct parser {
	const char *name;
	const char *line;        /* current line, not NUL-terminated */
	size_t line_len;
	int lineno;
	size_t pos;
	struct tok t;            /* current token */
	char *err;
	size_t errlen;
	int failed;
	struct sv_scenario *sc;
	/* socket variables, per actor */
	struct {
		int actor;
		char *name;
		int type;
	} vars[MAX_VARS];
	int n_vars;
	/* address variables, per actor */
	struct {
		int actor;
		char *name;
	} avars[MAX_VARS];
	int n_avars;
};

static void
fail(struct parser *p, int col, const char *fmt, ...)
{
	if (p->failed)
		return;
	p->failed = 1;
	int n = snprintf(p->err, p->errlen, "%s:%d:%d: ", p->name, p->lineno,
	    col);
	if (n < 0 || (size_t)n >= p->errlen)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->err + n, p->errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

/* Show a token in an error message: at most 40 bytes, printable. */
static const char *
tok_text(const struct tok *t, char *buf, size_t size)
{
	if (t->kind == T_END)
		return "end of line";
	size_t n = t->n < 40 ? t->n : 40;
	size_t j = 0;
	buf[j++] = '\'';
	for (size_t i = 0; i < n && j + 5 < size; i++) {
		unsigned char c = (unsigned char)t->s[i];
		if (c >= 0x20 && c < 0x7f)
			buf[j++] = (char)c;
		else
			j += (size_t)snprintf(buf + j, size - j, "\\x%02x", c);
	}
	if (t->n > n && j + 4 < size) {
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j++] = '\'';
	buf[j] = '\0';
	return buf;
}

static void
expected(struct parser *p, const char *what)
{
	char b[200];
	fail(p, p->t.col, "expected %s, found %s", what,
	    tok_text(&p->t, b, sizeof(b)));
}

static int
is_ident_start(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

static int
is_ident(int c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* A port after ':' at p->pos; the whole token is [start, pos). */
static int
scan_port(struct parser *p, int col, uint16_t *port)
{
	size_t i = p->pos;
	long v = 0;
	if (i >= p->line_len || p->line[i] != ':') {
		fail(p, col, "address needs a port, as in 127.0.0.1:8888");
		return -1;
	}
	i++;
	size_t start = i;
	while (i < p->line_len && p->line[i] >= '0' && p->line[i] <= '9') {
		v = v * 10 + (p->line[i] - '0');
		if (v > 65535)
			break;
		i++;
	}
	if (i == start || v > 65535) {
		fail(p, (int)start + 1, "expected a port from 0 to 65535");
		return -1;
	}
	p->pos = i;
	*port = (uint16_t)v;
	return 0;
}

static int
scan_string(struct parser *p)
{
	struct tok *t = &p->t;
	size_t i = p->pos + 1;
	char *out = malloc(p->line_len + 1);
	size_t n = 0;
	if (out == NULL) {
		fail(p, t->col, "out of memory");
		return -1;
	}
	for (;;) {
		if (i >= p->line_len) {
			free(out);
			fail(p, t->col, "string has no closing '\"'");
			return -1;
		}
		char c = p->line[i];
		if (c == '"')
			break;
		if (c == '\\') {
			if (i + 1 >= p->line_len) {
				free(out);
				fail(p, (int)i + 1, "'\\' at the end of the line");
				return -1;
			}
			char e = p->line[i + 1];
			i += 2;
			switch (e) {
			case 'n': out[n++] = '\n'; break;
			case 'r': out[n++] = '\r'; break;
			case 't': out[n++] = '\t'; break;
			case '0': out[n++] = '\0'; break;
			case '\\': out[n++] = '\\'; break;
			case '"': out[n++] = '"'; break;
			case 'x': {
				int h = i < p->line_len ? hexval(p->line[i]) : -1;
				int l = i + 1 < p->line_len ?
				    hexval(p->line[i + 1]) : -1;
				if (h < 0 || l < 0) {
					free(out);
					fail(p, (int)i - 1,
					    "'\\x' wants two hex digits");
					return -1;
				}
				out[n++] = (char)(h * 16 + l);
				i += 2;
				break;
			}
			default:
				free(out);
				fail(p, (int)i - 1, "unknown escape '\\%c'"
				    " (known: \\n \\r \\t \\0 \\\\ \\\" \\xHH)",
				    e >= 0x20 && e < 0x7f ? e : '?');
				return -1;
			}
			continue;
		}
		out[n++] = c;
		i++;
	}
	if (n > MAX_STRING) {
		free(out);
		fail(p, t->col, "string of %zu bytes; at most %d", n,
		    MAX_STRING);
		return -1;
	}
	out[n] = '\0';
	t->kind = T_STRING;
	t->str = out;
	t->str_len = n;
	p->pos = i + 1;
	return 0;
}

/* An IPv4 address and port, or a bare integer, starting with a digit. */
static int
scan_number_or_addr(struct parser *p)
{
	struct tok *t = &p->t;
	size_t i = p->pos;
	int dots = 0;
	if (p->line[i] == '-')
		i++;
	while (i < p->line_len &&
	    ((p->line[i] >= '0' && p->line[i] <= '9') || p->line[i] == '.')) {
		if (p->line[i] == '.')
			dots++;
		i++;
	}
	if (dots == 0) {
		long v = 0;
		int neg = p->line[p->pos] == '-';
		size_t j = p->pos + (size_t)neg;
		if (j == i) {
			fail(p, t->col, "expected a number after '-'");
			return -1;
		}
		for (; j < i; j++) {
			v = v * 10 + (p->line[j] - '0');
			if (v > INT_MAX) {
				fail(p, t->col, "number too large (at most %d)",
				    INT_MAX);
				return -1;
			}
		}
		t->kind = T_INT;
		t->num = neg ? -v : v;
		p->pos = i;
		return 0;
	}
	char a[32];
	size_t n = i - p->pos;
	if (n >= sizeof(a) || p->line[p->pos] == '-') {
		fail(p, t->col, "not an IPv4 address");
		return -1;
	}
	memcpy(a, p->line + p->pos, n);
	a[n] = '\0';
	memset(&t->addr, 0, sizeof(t->addr));
	if (inet_pton(AF_INET, a, t->addr.addr) != 1) {
		fail(p, t->col, "'%s' is neither a whole number nor an IPv4"
		    " address", a);
		return -1;
	}
	t->addr.family = 4;
	p->pos = i;
	if (scan_port(p, t->col, &t->addr.port) < 0)
		return -1;
	t->kind = T_ADDR;
	return 0;
}

static int
scan_addr6(struct parser *p)
{
	struct tok *t = &p->t;
	size_t i = p->pos + 1;
	while (i < p->line_len && p->line[i] != ']')
		i++;
	if (i >= p->line_len) {
		fail(p, t->col, "'[' opens an IPv6 address with no ']'");
		return -1;
	}
	char a[64];
	size_t n = i - p->pos - 1;
	if (n >= sizeof(a)) {
		fail(p, t->col + 1, "not an IPv6 address");
		return -1;
	}
	memcpy(a, p->line + p->pos + 1, n);
	a[n] = '\0';
	memset(&t->addr, 0, sizeof(t->addr));
	if (inet_pton(AF_INET6, a, t->addr.addr) != 1) {
		fail(p, t->col + 1, "'%s' is not an IPv6 address", a);
		return -1;
	}
	t->addr.family = 6;
	p->pos = i + 1;
	if (scan_port(p, t->col, &t->addr.port) < 0)
		return -1;
	t->kind = T_ADDR;
	return 0;
}

/* Read the next token of the current line into p->t. */
static int
next(struct parser *p)
{
	struct tok *t = &p->t;
	free(t->str);
	memset(t, 0, sizeof(*t));
	while (p->pos < p->line_len &&
	    (p->line[p->pos] == ' ' || p->line[p->pos] == '\t' ||
	    p->line[p->pos] == '\r'))
		p->pos++;
	t->col = (int)p->pos + 1;
	t->s = p->line + p->pos;
	size_t start = p->pos;
	if (p->pos >= p->line_len || p->line[p->pos] == '#') {
		t->kind = T_END;
		return 0;
	}
	char c = p->line[p->pos];
	int r = 0;
	if (is_ident_start(c)) {
		while (p->pos < p->line_len && is_ident(p->line[p->pos]))
			p->pos++;
		t->kind = T_IDENT;
	} else if ((c >= '0' && c <= '9') || (c == '-' &&
	    p->pos + 1 < p->line_len && p->line[p->pos + 1] >= '0' &&
	    p->line[p->pos + 1] <= '9')) {
		r = scan_number_or_addr(p);
	} else if (c == '"') {
		r = scan_string(p);
	} else if (c == '[') {
		r = scan_addr6(p);
	} else if (c == '-' && p->pos + 1 < p->line_len &&
	    p->line[p->pos + 1] == '>') {
		t->kind = T_PUNCT;
		t->punct = '>';
		p->pos += 2;
	} else if (c == '.' && p->pos + 2 < p->line_len &&
	    p->line[p->pos + 1] == '.' && p->line[p->pos + 2] == '.') {
		t->kind = T_ELLIPSIS;
		p->pos += 3;
	} else if (strchr(":=(),|&{}", c) != NULL) {
		t->kind = T_PUNCT;
		t->punct = c;
		p->pos++;
	} else {
		unsigned char u = (unsigned char)c;
		if (u >= 0x20 && u < 0x7f)
			fail(p, t->col, "unexpected character '%c'", c);
		else
			fail(p, t->col, "unexpected byte 0x%02x", u);
		return -1;
	}
	t->n = p->pos - start;
	return r;
}

static int
is_punct(const struct parser *p, char c)
{
	return p->t.kind == T_PUNCT && p->t.punct == c;
}

static int
is_word(const struct parser *p, const char *w)
{
	return p->t.kind == T_IDENT && strlen(w) == p->t.n &&
	    memcmp(p->t.s, w, p->t.n) == 0;
}

static int
expect_punct(struct parser *p, char c)
{
	if (!is_punct(p, c)) {
		char what[8] = { '\'', c == '>' ? '-' : c, 0, 0, 0 };
		if (c == '>')
			strcat(what, ">'");
		else
			what[2] = '\'';
		expected(p, what);
		return -1;
	}
	return next(p);
}

static char *
tok_strdup(const struct tok *t)
{
	char *s = malloc(t->n + 1);
	if (s != NULL) {
		memcpy(s, t->s, t->n);
		s[t->n] = '\0';
	}
	return s;
}

/* Named constants the calls take. */
struct konst {
	const char *name;
	int value;
};

static const struct konst domains[] = {
	{ "AF_INET", AF_INET }, { "AF_INET6", AF_INET6 }, { NULL, 0 }
};
static const struct konst types[] = {
	{ "SOCK_STREAM", SOCK_STREAM }, { "SOCK_DGRAM", SOCK_DGRAM },
	{ NULL, 0 }
};
static const struct konst typeflags[] = {
	{ "SOCK_NONBLOCK", SOCK_NONBLOCK }, { "SOCK_CLOEXEC", SOCK_CLOEXEC },
	{ NULL, 0 }
};
static const struct konst protocols[] = {
	{ "IPPROTO_TCP", IPPROTO_TCP }, { "IPPROTO_UDP", IPPROTO_UDP },
	{ NULL, 0 }
};
static const struct konst msgflags[] = {
	{ "MSG_DONTWAIT", MSG_DONTWAIT }, { "MSG_PEEK", MSG_PEEK },
	{ "MSG_WAITALL", MSG_WAITALL }, { "MSG_OOB", MSG_OOB },
	{ "MSG_NOSIGNAL", MSG_NOSIGNAL }, { NULL, 0 }
};
static const struct konst hows[] = {
	{ "SHUT_RD", SHUT_RD }, { "SHUT_WR", SHUT_WR },
	{ "SHUT_RDWR", SHUT_RDWR }, { NULL, 0 }
};
static const struct konst levels[] = {
	{ "SOL_SOCKET", SOL_SOCKET }, { "IPPROTO_TCP", IPPROTO_TCP },
	{ "IPPROTO_IPV6", IPPROTO_IPV6 }, { NULL, 0 }
};
static const struct konst fcntl_cmds[] = {
	{ "F_GETFL", F_GETFL }, { "F_SETFL", F_SETFL }, { NULL, 0 }
};
/* The one file status flag F_SETFL changes that matters to a socket. */
static const struct konst fl_flags[] = {
	{ "O_NONBLOCK", O_NONBLOCK }, { NULL, 0 }
};
static const struct konst pollevents[] = {
	{ "POLLIN", POLLIN }, { "POLLOUT", POLLOUT }, { "POLLPRI", POLLPRI },
	{ "POLLRDHUP", POLLRDHUP }, { NULL, 0 }
};
/* What "killed SIG..." may name: the signals whose default action ends a
 * process. SIGPIPE first: it is the one a socket call sends. */
static const struct konst signals[] = {
	{ "SIGPIPE", SIGPIPE }, { "SIGKILL", SIGKILL }, { "SIGTERM", SIGTERM },
	{ "SIGINT", SIGINT }, { "SIGHUP", SIGHUP }, { "SIGQUIT", SIGQUIT },
	{ "SIGALRM", SIGALRM }, { "SIGABRT", SIGABRT },
	{ "SIGSEGV", SIGSEGV }, { "SIGBUS", SIGBUS }, { "SIGUSR1", SIGUSR1 },
	{ "SIGUSR2", SIGUSR2 }, { NULL, 0 }
};

/* Options, with the level each lives at and how many values it takes. */
static const struct {
	const char *name;
	int level, opt, nvals;
} options[] = {
	{ "SO_REUSEADDR", SOL_SOCKET, SO_REUSEADDR, 1 },
	{ "SO_REUSEPORT", SOL_SOCKET, SO_REUSEPORT, 1 },
	{ "SO_LINGER", SOL_SOCKET, SO_LINGER, 2 },
	{ "SO_RCVBUF", SOL_SOCKET, SO_RCVBUF, 1 },
	{ "SO_SNDBUF", SOL_SOCKET, SO_SNDBUF, 1 },
	{ "SO_KEEPALIVE", SOL_SOCKET, SO_KEEPALIVE, 1 },
	{ "SO_BROADCAST", SOL_SOCKET, SO_BROADCAST, 1 },
	{ "TCP_NODELAY", IPPROTO_TCP, TCP_NODELAY, 1 },
	{ "TCP_QUICKACK", IPPROTO_TCP, TCP_QUICKACK, 1 },
	{ "TCP_CORK", IPPROTO_TCP, TCP_CORK, 1 },
	{ "IPV6_V6ONLY", IPPROTO_IPV6, IPV6_V6ONLY, 1 },
};

const char *
sv_signal_name(int sig, char *buf, size_t size)
{
	return sv_signal_str(sig, buf, size);   /* one name for a signal */
}

static int
konst_list(const struct konst *k, char *buf, size_t size)
{
	size_t j = 0;
	buf[0] = '\0';
	for (; k->name != NULL; k++) {
		int n = snprintf(buf + j, size - j, "%s%s", j ? ", " : "",
		    k->name);
		if (n < 0 || (size_t)n >= size - j)
			return -1;
		j += (size_t)n;
	}
	return 0;
}

/* Is the current token a name from the table? Sets *out if so. */
static int
konst_find(const struct parser *p, const struct konst *k, int *out)
{
	if (p->t.kind != T_IDENT)
		return 0;
	for (; k->name != NULL; k++)
		if (is_word(p, k->name)) {
			*out = k->value;
			return 1;
		}
	return 0;
}

/* "expected WHAT (NAME, NAME[, or 0]), found ..." */
static void
expected_konst(struct parser *p, const struct konst *k, const char *what,
    int allow_int)
{
	char list[256], msg[400];
	konst_list(k, list, sizeof(list));
	snprintf(msg, sizeof(msg), "%s (%s%s)", what, list,
	    allow_int ? ", or 0" : "");
	expected(p, msg);
}

/* A constant from the table, or a plain integer when allow_int. */
static int
parse_konst(struct parser *p, const struct konst *k, const char *what,
    int allow_int, int *out)
{
	/* Where a constant may be left out, 0 stands for "none". */
	if (allow_int && p->t.kind == T_INT && p->t.num == 0) {
		*out = 0;
		return next(p);
	}
	if (konst_find(p, k, out))
		return next(p);
	expected_konst(p, k, what, allow_int);
	return -1;
}

/* FLAG | FLAG ... or 0, each FLAG from the table. */
static int
parse_flags(struct parser *p, const struct konst *k, const char *what,
    int *out)
{
	*out = 0;
	for (;;) {
		int f;
		if (parse_konst(p, k, what, 1, &f) < 0)
			return -1;
		*out |= f;
		if (!is_punct(p, '|'))
			return 0;
		if (next(p) < 0)
			return -1;
	}
}

static int
parse_msgflags(struct parser *p, int *out)
{
	return parse_flags(p, msgflags, "message flags", out);
}

/* Could the current token start message flags (MSG_..., or a number)? */
static int
at_msgflags(const struct parser *p)
{
	return p->t.kind == T_INT || (p->t.kind == T_IDENT && p->t.n > 4 &&
	    memcmp(p->t.s, "MSG_", 4) == 0);
}

static int
parse_int(struct parser *p, const char *what, long lo, long hi, long *out)
{
	if (p->t.kind != T_INT) {
		expected(p, what);
		return -1;
	}
	if (p->t.num < lo || p->t.num > hi) {
		fail(p, p->t.col, "%s must be from %ld to %ld, not %ld", what,
		    lo, hi, p->t.num);
		return -1;
	}
	*out = p->t.num;
	return next(p);
}

/* The first character after blanks at p->pos, and its column; -1 at the
 * end of the line. Lets a rule look past a ',' it must not consume. */
static int
peek_char(const struct parser *p, int *col)
{
	size_t q = p->pos;
	while (q < p->line_len && (p->line[q] == ' ' || p->line[q] == '\t'))
		q++;
	*col = (int)q + 1;
	return q < p->line_len ? (unsigned char)p->line[q] : -1;
}

static int
find_var(const struct parser *p, int actor, const char *s, size_t n)
{
	for (int i = 0; i < p->n_vars; i++)
		if (p->vars[i].actor == actor && strlen(p->vars[i].name) == n &&
		    memcmp(p->vars[i].name, s, n) == 0)
			return i;
	return -1;
}

/* A socket variable the actor has made before; *name gets a copy. */
static int
parse_sock_name(struct parser *p, int actor, char **name)
{
	if (p->t.kind != T_IDENT) {
		expected(p, "a socket variable");
		return -1;
	}
	int v = find_var(p, actor, p->t.s, p->t.n);
	if (v < 0) {
		const char *a = p->sc->actors[actor];
		fail(p, p->t.col, "'%.*s' is not a socket of %s; make it"
		    " first, as in '%s: %.*s = socket(AF_INET, SOCK_STREAM)'",
		    (int)p->t.n, p->t.s, a, a, (int)p->t.n, p->t.s);
		return -1;
	}
	*name = strdup(p->vars[v].name);
	if (*name == NULL) {
		fail(p, p->t.col, "out of memory");
		return -1;
	}
	return next(p);
}

static int
parse_sock(struct parser *p, struct sv_step *st)
{
	return parse_sock_name(p, st->actor, &st->sock);
}

static int
find_avar(const struct parser *p, int actor, const char *s, size_t n)
{
	for (int i = 0; i < p->n_avars; i++)
		if (p->avars[i].actor == actor &&
		    strlen(p->avars[i].name) == n &&
		    memcmp(p->avars[i].name, s, n) == 0)
			return i;
	return -1;
}

/*
 * The address argument, after its ',': "&name" passes a buffer and keeps
 * the address the call returns in a variable; NULL passes none, as the
 * C call would (accept, recvfrom and recvmsg only: getsockname() and
 * getpeername() without a buffer are just EFAULT).
 */
static int
parse_addr_out(struct parser *p, struct sv_step *st)
{
	int may_be_null = sv_fn_is(st->fn, SV_CALL_RETURNS_PEER);
	if (is_word(p, "NULL")) {
		if (!may_be_null) {
			const char *f = sv_fn_name(st->fn);
			fail(p, p->t.col, "%s() needs somewhere to put the"
			    " address: write %s(%s) or %s(%s, &name)", f, f,
			    st->sock, f, st->sock);
			return -1;
		}
		return next(p);
	}
	if (!is_punct(p, '&')) {
		expected(p, may_be_null ? "'&name', a variable to hold the"
		    " address, or NULL" : "'&name', a variable to hold the"
		    " address");
		return -1;
	}
	if (next(p) < 0)
		return -1;
	if (p->t.kind != T_IDENT) {
		expected(p, "a name after '&'");
		return -1;
	}
	if (find_var(p, st->actor, p->t.s, p->t.n) >= 0) {
		fail(p, p->t.col, "'%.*s' is a socket; an address needs a"
		    " name of its own", (int)p->t.n, p->t.s);
		return -1;
	}
	if (find_avar(p, st->actor, p->t.s, p->t.n) < 0) {
		if (p->n_avars == MAX_VARS) {
			fail(p, p->t.col, "more than %d address variables",
			    MAX_VARS);
			return -1;
		}
		p->avars[p->n_avars].actor = st->actor;
		p->avars[p->n_avars].name = tok_strdup(&p->t);
		if (p->avars[p->n_avars].name == NULL) {
			fail(p, p->t.col, "out of memory");
			return -1;
		}
		p->n_avars++;
	}
	if ((st->addr_out = tok_strdup(&p->t)) == NULL) {
		fail(p, p->t.col, "out of memory");
		return -1;
	}
	return next(p);
}

static int
parse_addr(struct parser *p, struct sv_step *st, int allow_null)
{
	if (is_word(p, "NULL")) {
		if (!allow_null) {
			fail(p, p->t.col, "%s() needs an address; only"
			    " sendto() and sendmsg() take NULL",
			    sv_fn_name(st->fn));
			return -1;
		}
		st->addr_null = 1;
		return next(p);
	}
	if (p->t.kind == T_IDENT && find_var(p, st->actor, p->t.s,
	    p->t.n) >= 0) {
		fail(p, p->t.col, "'%.*s' is a socket, not an address",
		    (int)p->t.n, p->t.s);
		return -1;
	}
	if (p->t.kind == T_IDENT) {
		if (find_avar(p, st->actor, p->t.s, p->t.n) < 0) {
			fail(p, p->t.col, "'%.*s' is not an address variable"
			    " of %s; one is made by '&%.*s' in accept(),"
			    " recvfrom(), recvmsg(), getsockname() or"
			    " getpeername()", (int)p->t.n, p->t.s,
			    p->sc->actors[st->actor], (int)p->t.n, p->t.s);
			return -1;
		}
		if ((st->addr_ref = tok_strdup(&p->t)) == NULL) {
			fail(p, p->t.col, "out of memory");
			return -1;
		}
		return next(p);
	}
	if (p->t.kind != T_ADDR) {
		expected(p, allow_null ? "an address such as 127.0.0.1:8888,"
		    " [::1]:8888, or NULL" : "an address such as"
		    " 127.0.0.1:8888 or [::1]:8888");
		return -1;
	}
	st->addr = p->t.addr;
	st->addr_col = p->t.col;
	return next(p);
}

static int
parse_payload(struct parser *p, struct sv_step *st)
{
	if (p->t.kind != T_STRING) {
		expected(p, "a string such as \"hello\"");
		return -1;
	}
	st->data = p->t.str;
	st->data_len = p->t.str_len;
	p->t.str = NULL;
	return next(p);
}

/*
 * sendmsg()'s payload: "data", or a gather list {"hel", "lo"} whose
 * pieces are sent as one message. st->data is their concatenation, and
 * grows as it is read so that the step owns it on every error path.
 */
static int
parse_gather(struct parser *p, struct sv_step *st)
{
	if (!is_punct(p, '{')) {
		if (parse_payload(p, st) < 0)
			return -1;
		st->iov_len[0] = st->data_len;
		st->n_iov = 1;
		return 0;
	}
	int open = p->t.col;
	if (next(p) < 0)
		return -1;
	if (is_punct(p, '}')) {
		fail(p, open, "an empty gather list: sendmsg() sends at least"
		    " one piece, as in {\"hel\", \"lo\"}");
		return -1;
	}
	for (;;) {
		if (p->t.kind != T_STRING) {
			expected(p, "a string such as \"hello\"");
			return -1;
		}
		if (st->n_iov == SV_MAX_IOV) {
			fail(p, p->t.col, "more than %d pieces in one gather"
			    " list", SV_MAX_IOV);
			return -1;
		}
		if (st->data_len + p->t.str_len > MAX_STRING) {
			fail(p, p->t.col, "a gather list of more than %d bytes",
			    MAX_STRING);
			return -1;
		}
		char *d = realloc(st->data, st->data_len + p->t.str_len + 1);
		if (d == NULL) {
			fail(p, p->t.col, "out of memory");
			return -1;
		}
		memcpy(d + st->data_len, p->t.str, p->t.str_len);
		st->data = d;
		st->data_len += p->t.str_len;
		st->data[st->data_len] = '\0';
		st->iov_len[st->n_iov++] = p->t.str_len;
		if (next(p) < 0)
			return -1;
		if (is_punct(p, '}'))
			return next(p);
		if (!is_punct(p, ',')) {
			expected(p, "',' or '}'");
			return -1;
		}
		if (next(p) < 0)
			return -1;
	}
}

/* recvmsg()'s buffers: 64, or a scatter list {4, 60}; buflen is the sum. */
static int
parse_scatter(struct parser *p, struct sv_step *st)
{
	long v;
	if (!is_punct(p, '{')) {
		if (parse_int(p, "a buffer size", 1, MAX_STRING, &v) < 0)
			return -1;
		st->buflen = st->iov_len[0] = (size_t)v;
		st->n_iov = 1;
		return 0;
	}
	int open = p->t.col;
	if (next(p) < 0)
		return -1;
	if (is_punct(p, '}')) {
		fail(p, open, "an empty scatter list: recvmsg() needs at least"
		    " one buffer, as in {4, 60}");
		return -1;
	}
	for (;;) {
		if (st->n_iov == SV_MAX_IOV && p->t.kind == T_INT) {
			fail(p, p->t.col, "more than %d buffers in one scatter"
			    " list", SV_MAX_IOV);
			return -1;
		}
		int col = p->t.col;
		if (parse_int(p, "a buffer size", 1, MAX_STRING, &v) < 0)
			return -1;
		if (st->buflen + (size_t)v > MAX_STRING) {
			fail(p, col, "a scatter list of more than %d bytes",
			    MAX_STRING);
			return -1;
		}
		st->iov_len[st->n_iov++] = (size_t)v;
		st->buflen += (size_t)v;
		if (is_punct(p, '}'))
			return next(p);
		if (!is_punct(p, ',')) {
			expected(p, "',' or '}'");
			return -1;
		}
		if (next(p) < 0)
			return -1;
	}
}

static int
comma(struct parser *p)
{
	return expect_punct(p, ',');
}

static int
add_var(struct parser *p, struct sv_step *st, int type, int col)
{
	if (st->var == NULL)
		return 0;
	if (find_avar(p, st->actor, st->var, strlen(st->var)) >= 0) {
		fail(p, col, "'%s' is an address; a socket needs a name of"
		    " its own", st->var);
		return -1;
	}
	int v = find_var(p, st->actor, st->var, strlen(st->var));
	if (v >= 0) {
		/* Rebinding a name is allowed: a lesson may reuse 's'. */
		p->vars[v].type = type;
		return 0;
	}
	if (p->n_vars == MAX_VARS) {
		fail(p, col, "more than %d socket variables", MAX_VARS);
		return -1;
	}
	p->vars[p->n_vars].actor = st->actor;
	p->vars[p->n_vars].name = strdup(st->var);
	p->vars[p->n_vars].type = type;
	if (p->vars[p->n_vars].name == NULL) {
		fail(p, col, "out of memory");
		return -1;
	}
	p->n_vars++;
	return 0;
}

/* SOCK_STREAM, or the type OR'ed with SOCK_NONBLOCK, SOCK_CLOEXEC in any
 * order, as C allows. */
static int
parse_socktype(struct parser *p, int *out)
{
	int col = p->t.col, base = -1, flags = 0;
	for (;;) {
		int v;
		if (konst_find(p, types, &v)) {
			if (base >= 0) {
				fail(p, p->t.col, "a socket has one type; %.*s"
				    " is a second", (int)p->t.n, p->t.s);
				return -1;
			}
			base = v;
		} else if (konst_find(p, typeflags, &v)) {
			flags |= v;
		} else {
			if (base < 0)
				expected_konst(p, types, "a socket type", 0);
			else
				expected_konst(p, typeflags,
				    "a socket type flag", 0);
			return -1;
		}
		if (next(p) < 0)
			return -1;
		if (!is_punct(p, '|'))
			break;
		if (next(p) < 0)
			return -1;
	}
	if (base < 0) {
		fail(p, col, "flags make no socket without a type, as in"
		    " SOCK_STREAM | SOCK_NONBLOCK");
		return -1;
	}
	*out = base | flags;
	return 0;
}

static int
args_socket(struct parser *p, struct sv_step *st)
{
	if (parse_konst(p, domains, "a domain", 0, &st->domain) < 0 ||
	    comma(p) < 0 || parse_socktype(p, &st->type) < 0)
		return -1;
	if (!is_punct(p, ','))
		return 0;
	if (next(p) < 0)
		return -1;
	int pcol = p->t.col;
	if (parse_konst(p, protocols, "a protocol", 1, &st->protocol) < 0)
		return -1;
	if (st->protocol != 0 && (st->protocol == IPPROTO_TCP) !=
	    ((st->type & SV_SOCK_TYPE_MASK) == SOCK_STREAM)) {
		fail(p, pcol, "SOCK_STREAM goes with IPPROTO_TCP, SOCK_DGRAM"
		    " with IPPROTO_UDP");
		return -1;
	}
	return 0;
}

static int
args_listen(struct parser *p, struct sv_step *st)
{
	long v;
	st->backlog = 5;
	if (parse_sock(p, st) < 0)
		return -1;
	if (is_punct(p, ',')) {
		if (next(p) < 0 ||
		    parse_int(p, "a backlog", 0, 65535, &v) < 0)
			return -1;
		st->backlog = (int)v;
	}
	return 0;
}

/* accept(s[, &name | NULL]), getsockname(s[, &name]), getpeername(...) */
static int
args_addr_query(struct parser *p, struct sv_step *st)
{
	if (parse_sock(p, st) < 0)
		return -1;
	if (!is_punct(p, ','))
		return 0;
	return next(p) < 0 ? -1 : parse_addr_out(p, st);
}

/* send(s, "data"[, FLAGS]), write(s, "data") */
static int
args_send(struct parser *p, struct sv_step *st)
{
	if (parse_sock(p, st) < 0 || comma(p) < 0 || parse_payload(p, st) < 0)
		return -1;
	if (st->fn == SV_FN_SEND && is_punct(p, ','))
		return next(p) < 0 || parse_msgflags(p, &st->flags) < 0 ? -1 : 0;
	return 0;
}

/* sendto(s, "data", ADDR | name | NULL[, FLAGS]) */
static int
args_sendto(struct parser *p, struct sv_step *st)
{
	if (parse_sock(p, st) < 0 || comma(p) < 0 || parse_payload(p, st) < 0)
		return -1;
	if (!is_punct(p, ',')) {
		expected(p, "',' and an address (or NULL): sendto() names"
		    " where the datagram goes");
		return -1;
	}
	if (next(p) < 0 || parse_addr(p, st, 1) < 0)
		return -1;
	if (is_punct(p, ','))
		return next(p) < 0 || parse_msgflags(p, &st->flags) < 0 ? -1 : 0;
	return 0;
}

/* sendmsg(s, "data" | {"a", "b"}[, ADDR | name | NULL][, FLAGS]): the
 * address may be left out, flags or not; without one there is no
 * msg_name, as with NULL. */
static int
args_sendmsg(struct parser *p, struct sv_step *st)
{
	if (parse_sock(p, st) < 0 || comma(p) < 0 || parse_gather(p, st) < 0)
		return -1;
	st->addr_null = 1;
	if (!is_punct(p, ','))
		return 0;
	if (next(p) < 0)
		return -1;
	if (!at_msgflags(p)) {
		st->addr_null = 0;
		if (parse_addr(p, st, 1) < 0)
			return -1;
		if (!is_punct(p, ','))
			return 0;
		if (next(p) < 0)
			return -1;
	}
	return parse_msgflags(p, &st->flags);
}

static int
no_address(struct parser *p, const struct sv_step *st, int col)
{
	fail(p, col, "%s() gives no address; use recvfrom(%s, %zu, &from)",
	    sv_fn_name(st->fn), st->sock, st->buflen);
	return -1;
}

/*
 * recv(s, 64[, FLAGS]), read(s, 64),
 * recvfrom(s, 64[, FLAGS][, &name | NULL]),
 * recvmsg(s, 64 | {4, 60}[, FLAGS][, &name | NULL])
 *
 * A ',' that starts no argument of the call is left where it is, so that
 * the caller says "too many arguments" at it.
 */
static int
args_receive(struct parser *p, struct sv_step *st)
{
	long v;
	int col, gives_addr = sv_fn_is(st->fn, SV_CALL_RETURNS_PEER);
	if (parse_sock(p, st) < 0 || comma(p) < 0)
		return -1;
	if (st->fn == SV_FN_RECVMSG) {
		if (parse_scatter(p, st) < 0)
			return -1;
	} else {
		if (parse_int(p, "a buffer size", 1, MAX_STRING, &v) < 0)
			return -1;
		st->buflen = (size_t)v;
	}
	if (!is_punct(p, ','))
		return 0;
	if (!gives_addr && peek_char(p, &col) == '&')
		return no_address(p, st, col);
	if (st->fn == SV_FN_READ)
		return 0;
	if (next(p) < 0)
		return -1;
	if (gives_addr && (is_punct(p, '&') || is_word(p, "NULL")))
		return parse_addr_out(p, st);
	if (gives_addr && !at_msgflags(p)) {
		char list[256], msg[400];
		konst_list(msgflags, list, sizeof(list));
		snprintf(msg, sizeof(msg), "message flags (%s, or 0), or the"
		    " address: '&name' or NULL", list);
		expected(p, msg);
		return -1;
	}
	if (parse_msgflags(p, &st->flags) < 0)
		return -1;
	if (!is_punct(p, ','))
		return 0;
	if (!gives_addr)
		return peek_char(p, &col) == '&' ? no_address(p, st, col) : 0;
	return next(p) < 0 ? -1 : parse_addr_out(p, st);
}

static int
args_setsockopt(struct parser *p, struct sv_step *st)
{
	long v;
	if (parse_sock(p, st) < 0 || comma(p) < 0)
		return -1;
	int level = -1;
	if (konst_find(p, levels, &level) && (next(p) < 0 || comma(p) < 0))
		return -1;
	size_t i, n = sizeof(options) / sizeof(options[0]);
	for (i = 0; i < n; i++)
		if (is_word(p, options[i].name))
			break;
	if (i == n) {
		expected(p, "a level (SOL_SOCKET, IPPROTO_TCP, IPPROTO_IPV6)"
		    " or a socket option (SO_REUSEADDR, SO_REUSEPORT,"
		    " SO_LINGER, SO_RCVBUF, SO_SNDBUF, SO_KEEPALIVE,"
		    " SO_BROADCAST, TCP_NODELAY, TCP_QUICKACK, TCP_CORK,"
		    " IPV6_V6ONLY)");
		return -1;
	}
	if (level >= 0 && level != options[i].level) {
		fail(p, p->t.col, "%s is not an option of that level",
		    options[i].name);
		return -1;
	}
	st->level = options[i].level;
	st->opt = options[i].opt;
	if (next(p) < 0 || comma(p) < 0 ||
	    parse_int(p, "a value", 0, 1 << 30, &v) < 0)
		return -1;
	st->optval = (int)v;
	if (options[i].nvals == 2) {
		if (!is_punct(p, ',')) {
			expected(p, "',' and the linger time: SO_LINGER takes"
			    " two values, on (0 or 1) and seconds");
			return -1;
		}
		if (next(p) < 0 || parse_int(p, "the linger time in seconds",
		    0, 3600, &v) < 0)
			return -1;
		st->optval2 = (int)v;
	}
	return 0;
}

/* fcntl(s, F_GETFL), fcntl(s, F_SETFL, O_NONBLOCK | 0) */
static int
args_fcntl(struct parser *p, struct sv_step *st)
{
	if (parse_sock(p, st) < 0 || comma(p) < 0 ||
	    parse_konst(p, fcntl_cmds, "a command", 0, &st->fcntl_cmd) < 0)
		return -1;
	if (st->fcntl_cmd == F_GETFL) {
		/* Programs often write fcntl(fd, F_GETFL, 0); the kernel
		 * ignores the argument, so a 0 may stand there too. */
		if (!is_punct(p, ','))
			return 0;
		if (next(p) < 0)
			return -1;
		if (p->t.kind != T_INT || p->t.num != 0) {
			expected(p, "')': F_GETFL takes no flags, it returns"
			    " them");
			return -1;
		}
		return next(p);
	}
	if (!is_punct(p, ',')) {
		expected(p, "',' and the flags: F_SETFL sets them (O_NONBLOCK,"
		    " or 0)");
		return -1;
	}
	int fl;
	if (next(p) < 0 || parse_flags(p, fl_flags, "file status flags",
	    &fl) < 0)
		return -1;
	st->fcntl_arg = fl;
	return 0;
}

/* POLLIN | POLLOUT ... or 0. */
static int
parse_poll_events(struct parser *p, short *out)
{
	static const char *const always[] = { "POLLERR", "POLLHUP",
	    "POLLNVAL" };
	int ev = 0, f;
	for (;;) {
		for (size_t i = 0; i < sizeof(always) / sizeof(always[0]); i++)
			if (is_word(p, always[i])) {
				fail(p, p->t.col, "%s is not asked for: poll()"
				    " reports it whatever the events say",
				    always[i]);
				return -1;
			}
		if (parse_konst(p, pollevents, "poll events", 1, &f) < 0)
			return -1;
		ev |= f;
		if (!is_punct(p, '|'))
			break;
		if (next(p) < 0)
			return -1;
	}
	*out = (short)ev;
	return 0;
}

/* One socket and its events: "s POLLIN | POLLOUT", into st->pfd[]. */
static int
parse_pollfd(struct parser *p, struct sv_step *st, int with_comma)
{
	if (st->n_pfd == SV_MAX_POLL) {
		fail(p, p->t.col, "more than %d sockets in one poll()",
		    SV_MAX_POLL);
		return -1;
	}
	int i = st->n_pfd;
	if (parse_sock_name(p, st->actor, &st->pfd[i].sock) < 0)
		return -1;
	st->n_pfd++;
	if (with_comma && comma(p) < 0)
		return -1;
	return parse_poll_events(p, &st->pfd[i].events);
}

/* poll(s, EVENTS[, MS]), poll({a EVENTS, b EVENTS, ...}[, MS]) */
static int
args_poll(struct parser *p, struct sv_step *st)
{
	long v;
	st->timeout_ms = -1;
	if (!is_punct(p, '{')) {
		if (parse_pollfd(p, st, 1) < 0)
			return -1;
	} else {
		int open = p->t.col;
		if (next(p) < 0)
			return -1;
		if (is_punct(p, '}')) {
			fail(p, open, "an empty list: poll() waits on at least"
			    " one socket, as in {s POLLIN}");
			return -1;
		}
		for (;;) {
			if (parse_pollfd(p, st, 0) < 0)
				return -1;
			if (is_punct(p, '}'))
				break;
			if (!is_punct(p, ',')) {
				expected(p, "',' or '}'");
				return -1;
			}
			if (next(p) < 0)
				return -1;
		}
		if (next(p) < 0)
			return -1;
	}
	/* The step's socket, for what asks "which socket": the first. */
	if ((st->sock = strdup(st->pfd[0].sock)) == NULL) {
		fail(p, p->t.col, "out of memory");
		return -1;
	}
	if (!is_punct(p, ','))
		return 0;
	if (next(p) < 0 || parse_int(p, "a timeout in milliseconds", -1,
	    INT_MAX, &v) < 0)
		return -1;
	st->timeout_ms = (int)v;
	return 0;
}

/* The arguments of one call, after its '('. */
static int
parse_args(struct parser *p, struct sv_step *st)
{
	switch (st->fn) {
	case SV_FN_SOCKET:
		return args_socket(p, st);
	case SV_FN_BIND:
	case SV_FN_CONNECT:
		return parse_sock(p, st) < 0 || comma(p) < 0 ||
		    parse_addr(p, st, 0) < 0 ? -1 : 0;
	case SV_FN_LISTEN:
		return args_listen(p, st);
	case SV_FN_CLOSE:
		return parse_sock(p, st);
	case SV_FN_ACCEPT:
	case SV_FN_GETSOCKNAME:
	case SV_FN_GETPEERNAME:
		return args_addr_query(p, st);
	case SV_FN_SEND:
	case SV_FN_WRITE:
		return args_send(p, st);
	case SV_FN_SENDTO:
		return args_sendto(p, st);
	case SV_FN_SENDMSG:
		return args_sendmsg(p, st);
	case SV_FN_RECV:
	case SV_FN_RECVFROM:
	case SV_FN_RECVMSG:
	case SV_FN_READ:
		return args_receive(p, st);
	case SV_FN_SHUTDOWN:
		return parse_sock(p, st) < 0 || comma(p) < 0 ||
		    parse_konst(p, hows, "how", 0, &st->how) < 0 ? -1 : 0;
	case SV_FN_SETSOCKOPT:
		return args_setsockopt(p, st);
	case SV_FN_FCNTL:
		return args_fcntl(p, st);
	case SV_FN_POLL:
		return args_poll(p, st);
	default:
		break;           /* refused above: traced programs' calls */
	}
	return -1;
}

/* One packet name: SYN-ACK, PSH-ACK, UDP, ICMP, ICMPv6. */
static int
parse_pkt(struct parser *p, struct sv_pkt_expect *e)
{
	static const struct konst flags[] = {
		{ "SYN", SV_TCP_SYN }, { "FIN", SV_TCP_FIN },
		{ "RST", SV_TCP_RST }, { "PSH", SV_TCP_PSH },
		{ "ACK", SV_TCP_ACK }, { "URG", SV_TCP_URG },
		{ "ECE", SV_TCP_ECE }, { "CWR", SV_TCP_CWR }, { NULL, 0 }
	};
	memset(e, 0, sizeof(*e));
	if (is_word(p, "UDP") || is_word(p, "ICMP") || is_word(p, "ICMPv6")) {
		e->proto = is_word(p, "UDP") ? SV_PROTO_UDP :
		    is_word(p, "ICMP") ? SV_PROTO_ICMP : SV_PROTO_ICMP6;
		return next(p);
	}
	e->proto = SV_PROTO_TCP;
	/* SYN-ACK scans as SYN, then "-" glued to ACK: walk the raw text. */
	if (p->t.kind != T_IDENT) {
		expected(p, "a packet (SYN, SYN-ACK, ACK, PSH-ACK, FIN-ACK,"
		    " RST, RST-ACK, UDP, ICMP, ICMPv6) or none");
		return -1;
	}
	size_t i = p->t.col - 1;
	for (;;) {
		size_t s = i;
		while (i < p->line_len && p->line[i] >= 'A' &&
		    p->line[i] <= 'Z')
			i++;
		int found = 0;
		for (const struct konst *k = flags; k->name; k++) {
			if (strlen(k->name) == i - s &&
			    memcmp(p->line + s, k->name, i - s) == 0) {
				if (e->tcp_flags & k->value) {
					fail(p, (int)s + 1, "%s twice in one"
					    " packet", k->name);
					return -1;
				}
				e->tcp_flags |= (uint8_t)k->value;
				found = 1;
			}
		}
		if (i == s) {
			fail(p, (int)s + 1, "expected a TCP flag after '-'");
			return -1;
		}
		if (!found || (i < p->line_len && is_ident(p->line[i]))) {
			fail(p, (int)s + 1, "expected a TCP flag (SYN, FIN, RST,"
			    " PSH, ACK, URG, ECE, CWR) or UDP, ICMP, ICMPv6");
			return -1;
		}
		if (i < p->line_len && p->line[i] == '-' &&
		    (i + 1 >= p->line_len || p->line[i + 1] != '>')) {
			i++;
			continue;
		}
		break;
	}
	p->pos = i;
	return next(p);
}

/* "= RET [ERRNO] ["data"]": what the call returned. */
static int
parse_expect_ret(struct parser *p, struct sv_step *st)
{
	if (st->expect_ret_set) {
		fail(p, p->t.col, "a second '=' expectation for one call");
		return -1;
	}
	if (st->expect_signal) {
		fail(p, p->t.col, "'= RETURN' goes before 'killed', in the"
		    " order things happen: the call returns, then the signal"
		    " ends the actor");
		return -1;
	}
	if (next(p) < 0 || parse_int(p, "a return value", -1, 1000000000L,
	    &st->expect_ret) < 0)
		return -1;
	st->expect_ret_set = 1;
	if (p->t.kind == T_IDENT && !is_word(p, "killed")) {
		char name[64];
		size_t n = p->t.n < 63 ? p->t.n : 63;
		memcpy(name, p->t.s, n);
		name[n] = '\0';
		int e = sv_errno_value(name);
		if (e <= 0) {
			fail(p, p->t.col, "'%s' is not an errno name such as"
			    " ECONNREFUSED", name);
			return -1;
		}
		if (st->expect_ret != -1) {
			fail(p, p->t.col, "an errno goes with a return of -1");
			return -1;
		}
		st->expect_errno = e;
		if (next(p) < 0)
			return -1;
	}
	if (p->t.kind != T_STRING)
		return 0;
	if (!sv_fn_is(st->fn, SV_CALL_RECEIVES)) {
		fail(p, p->t.col, "only recv(), recvfrom(), recvmsg() and"
		    " read() return data to expect");
		return -1;
	}
	if (st->expect_ret != (long)p->t.str_len) {
		fail(p, p->t.col, "%zu bytes of data go with '= %zu', not"
		    " '= %ld'", p->t.str_len, p->t.str_len, st->expect_ret);
		return -1;
	}
	if (p->t.str_len > st->buflen) {
		fail(p, p->t.col, "%zu bytes of data do not fit the %zu-byte"
		    " buffer", p->t.str_len, st->buflen);
		return -1;
	}
	st->expect_data = p->t.str;
	st->expect_data_len = p->t.str_len;
	p->t.str = NULL;
	return next(p);
}

/* "-> none", "-> PKT, PKT[, ...]": what the call put on the wire. */
static int
parse_expect_pkts(struct parser *p, struct sv_step *st)
{
	if (st->expect_pkts_set) {
		fail(p, p->t.col, "a second '->' expectation for one call");
		return -1;
	}
	st->expect_pkts_set = 1;
	if (next(p) < 0)
		return -1;
	if (is_word(p, "none"))
		return next(p);
	for (;;) {
		if (p->t.kind == T_ELLIPSIS) {
			st->expect_more = 1;
			return next(p);
		}
		if (st->n_expect == SV_MAX_EXPECT) {
			fail(p, p->t.col, "more than %d packets expected",
			    SV_MAX_EXPECT);
			return -1;
		}
		if (parse_pkt(p, &st->expect[st->n_expect]) < 0)
			return -1;
		st->n_expect++;
		if (!is_punct(p, ','))
			return 0;
		if (next(p) < 0)
			return -1;
	}
}

/* "killed SIGPIPE": the actor dies of the signal at this step. */
static int
parse_expect_killed(struct parser *p, struct sv_step *st)
{
	if (st->expect_signal) {
		fail(p, p->t.col, "a second 'killed' expectation for one"
		    " call");
		return -1;
	}
	return next(p) < 0 || parse_konst(p, signals, "a signal", 0,
	    &st->expect_signal) < 0 ? -1 : 0;
}

/*
 * "= RET [ERRNO] ["data"]", "killed SIGNAL" (after '=' if both) and
 * "-> PKT, PKT, ..." in any order; the text is kept as written.
 */
static int
parse_expectations(struct parser *p, struct sv_step *st)
{
	int start = p->t.col;
	while (p->t.kind != T_END) {
		int r;
		if (is_punct(p, '='))
			r = parse_expect_ret(p, st);
		else if (is_punct(p, '>'))
			r = parse_expect_pkts(p, st);
		else if (is_word(p, "killed"))
			r = parse_expect_killed(p, st);
		else {
			expected(p, "'= RETURN', '-> PACKETS', 'killed SIGNAL',"
			    " or the end of the line");
			r = -1;
		}
		if (r < 0)
			return -1;
	}
	if (!st->expect_ret_set && !st->expect_pkts_set && !st->expect_signal)
		return 0;
	size_t n = (size_t)(p->t.col - start);
	st->expect_text = malloc(n + 1);
	if (st->expect_text == NULL) {
		fail(p, start, "out of memory");
		return -1;
	}
	/* Kept as written, but with runs of blanks folded. */
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		char c = p->line[start - 1 + i];
		if (c == '\t' || c == '\r')
			c = ' ';
		if (c == ' ' && (j == 0 || st->expect_text[j - 1] == ' '))
			continue;
		st->expect_text[j++] = c;
	}
	while (j > 0 && st->expect_text[j - 1] == ' ')
		j--;
	st->expect_text[j] = '\0';
	return 0;
}

static int
actor_index(struct parser *p, const struct tok *t)
{
	struct sv_scenario *sc = p->sc;
	for (int i = 0; i < sc->n_actors; i++)
		if (strlen(sc->actors[i]) == t->n &&
		    memcmp(sc->actors[i], t->s, t->n) == 0)
			return i;
	if (sc->n_actors == MAX_ACTORS) {
		fail(p, t->col, "more than %d actors", MAX_ACTORS);
		return -1;
	}
	char **na = realloc(sc->actors, (size_t)(sc->n_actors + 1) *
	    sizeof(*na));
	if (na == NULL) {
		fail(p, t->col, "out of memory");
		return -1;
	}
	sc->actors = na;
	if ((sc->actors[sc->n_actors] = tok_strdup(t)) == NULL) {
		fail(p, t->col, "out of memory");
		return -1;
	}
	return sc->n_actors++;
}

static int
append_text(char **dst, const char *s, size_t n)
{
	size_t old = *dst ? strlen(*dst) : 0;
	char *d = realloc(*dst, old + n + 2);
	if (d == NULL)
		return -1;
	if (*dst != NULL)
		d[old++] = '\n';
	memcpy(d + old, s, n);
	d[old + n] = '\0';
	*dst = d;
	return 0;
}

/* title, summary, note, actors */
static int
parse_directive(struct parser *p)
{
	struct sv_scenario *sc = p->sc;
	int col = p->t.col;
	if (is_word(p, "actors")) {
		if (sc->n_steps > 0) {
			fail(p, col, "'actors' must come before the first"
			    " step");
			return -1;
		}
		if (next(p) < 0)
			return -1;
		if (p->t.kind != T_IDENT) {
			expected(p, "actor names");
			return -1;
		}
		while (p->t.kind == T_IDENT) {
			if (actor_index(p, &p->t) < 0 || next(p) < 0)
				return -1;
			if (is_punct(p, ',') && next(p) < 0)
				return -1;
		}
		return 0;
	}
	char **dst = is_word(p, "title") ? &sc->title :
	    is_word(p, "summary") ? &sc->summary : NULL;
	int is_note = is_word(p, "note");
	if (next(p) < 0)
		return -1;
	if (p->t.kind != T_STRING) {
		expected(p, "a string in double quotes");
		return -1;
	}
	if (dst != NULL && *dst != NULL) {
		fail(p, col, "a second %s", dst == &sc->title ? "title" :
		    "summary");
		return -1;
	}
	if (memchr(p->t.str, '\0', p->t.str_len) != NULL) {
		fail(p, p->t.col, "text to show cannot hold a NUL byte");
		return -1;
	}
	if (is_note) {
		char **into = sc->n_steps > 0 ?
		    &sc->steps[sc->n_steps - 1].note : &sc->intro;
		if ((*into ? strlen(*into) : 0) + p->t.str_len > MAX_STRING) {
			fail(p, col, "notes of more than %d bytes for one"
			    " step", MAX_STRING);
			return -1;
		}
		if (append_text(into, p->t.str, p->t.str_len) < 0) {
			fail(p, col, "out of memory");
			return -1;
		}
	} else {
		*dst = p->t.str;
		p->t.str = NULL;
	}
	return next(p);
}

static int
parse_step(struct parser *p)
{
	struct sv_scenario *sc = p->sc;
	if (sc->n_steps == MAX_STEPS) {
		fail(p, p->t.col, "more than %d steps", MAX_STEPS);
		return -1;
	}
	struct sv_step *ns = realloc(sc->steps, (size_t)(sc->n_steps + 1) *
	    sizeof(*ns));
	if (ns == NULL) {
		fail(p, p->t.col, "out of memory");
		return -1;
	}
	sc->steps = ns;
	struct sv_step *st = &sc->steps[sc->n_steps++];
	memset(st, 0, sizeof(*st));
	st->line = p->lineno;
	st->col = p->t.col;
	st->actor = actor_index(p, &p->t);
	if (st->actor < 0 || next(p) < 0)
		return -1;
	if (!is_punct(p, ':')) {
		if (p->t.kind == T_STRING) {
			fail(p, st->col, "unknown directive '%s' (known: title,"
			    " summary, note, actors)", sc->actors[st->actor]);
			return -1;
		}
		expected(p, "':' after the actor's name, as in"
		    " 'client: connect(c, 127.0.0.1:8888)'");
		return -1;
	}
	if (next(p) < 0)
		return -1;
	if (p->t.kind != T_IDENT) {
		expected(p, "a call such as socket(...) or a variable");
		return -1;
	}
	struct tok name = p->t;
	name.str = NULL;
	int var_col = name.col;
	if (next(p) < 0)
		return -1;
	if (is_punct(p, '=')) {
		st->var = tok_strdup(&name);
		if (st->var == NULL) {
			fail(p, name.col, "out of memory");
			return -1;
		}
		if (next(p) < 0)
			return -1;
		if (p->t.kind != T_IDENT) {
			expected(p, "socket(...) or accept(...)");
			return -1;
		}
		name = p->t;
		name.str = NULL;
		if (next(p) < 0)
			return -1;
	}
	int fn = sv_fn_lookup(name.s, name.n);
	if (fn >= 0 && sv_fn_is((enum sv_fn)fn, SV_CALL_TRACED))
		fn = -1;         /* a program's call, not a scenario's */
	if (fn < 0) {
		/* The list is the call table's, so it cannot go stale. */
		char b[80], known[400];
		size_t j = 0;
		for (int i = 0; i < SV_FN_COUNT && j < sizeof(known); i++) {
			if (sv_fn_is((enum sv_fn)i, SV_CALL_TRACED))
				continue;
			int n = snprintf(known + j, sizeof(known) - j, "%s%s",
			    j ? ", " : "", sv_fn_name((enum sv_fn)i));
			if (n < 0)
				break;
			j += (size_t)n;
		}
		fail(p, name.col, "unknown call %s; known: %s",
		    tok_text(&name, b, sizeof(b)), known);
		return -1;
	}
	st->fn = (enum sv_fn)fn;
	if (st->var != NULL && !sv_fn_is(st->fn, SV_CALL_MAKES_SOCKET)) {
		fail(p, name.col, "only socket() and accept() give a socket"
		    " to name");
		return -1;
	}
	if (expect_punct(p, '(') < 0 || parse_args(p, st) < 0)
		return -1;
	if (!is_punct(p, ')')) {
		if (is_punct(p, ',')) {
			fail(p, p->t.col, "too many arguments to %s()",
			    sv_fn_name(st->fn));
			return -1;
		}
		expected(p, "')'");
		return -1;
	}
	if (next(p) < 0 || parse_expectations(p, st) < 0)
		return -1;
	if (st->fn == SV_FN_SOCKET) {
		if (st->var == NULL) {
			fail(p, name.col, "name the socket, as in"
			    " 's = socket(AF_INET, SOCK_STREAM)'");
			return -1;
		}
		/* The variable table keeps the type without its flags. */
		return add_var(p, st, st->type & SV_SOCK_TYPE_MASK, var_col);
	}
	int v = find_var(p, st->actor, st->sock, strlen(st->sock));
	int stype = p->vars[v].type;
	if (st->fn == SV_FN_ACCEPT)
		return add_var(p, st, stype, var_col);
	return 0;
}

static void
free_step(struct sv_step *st)
{
	free(st->var);
	free(st->sock);
	free(st->data);
	free(st->expect_data);
	free(st->expect_text);
	free(st->note);
	free(st->addr_ref);
	free(st->addr_out);
	/* Every slot, not n_pfd: a name is copied before the token after
	 * it is read, and that read may fail. */
	for (int i = 0; i < SV_MAX_POLL; i++)
		free(st->pfd[i].sock);
}

void
sv_scenario_free(struct sv_scenario *sc)
{
	if (sc == NULL)
		return;
	for (int i = 0; i < sc->n_steps; i++)
		free_step(&sc->steps[i]);
	free(sc->steps);
	for (int i = 0; i < sc->n_actors; i++)
		free(sc->actors[i]);
	free(sc->actors);
	free(sc->name);
	free(sc->title);
	free(sc->summary);
	free(sc->intro);
	free(sc->source);
	free(sc);
}

struct sv_scenario *
sv_scenario_parse(const char *name, const char *buf, size_t len,
    char *errbuf, size_t errlen)
{
	struct parser p;
	memset(&p, 0, sizeof(p));
	p.name = name;
	p.err = errbuf;
	p.errlen = errlen;
	p.sc = calloc(1, sizeof(*p.sc));
	if (p.sc == NULL || (p.sc->name = strdup(name)) == NULL ||
	    (p.sc->source = malloc(len + 1)) == NULL) {
		snprintf(errbuf, errlen, "%s: out of memory", name);
		sv_scenario_free(p.sc);
		return NULL;
	}
	memcpy(p.sc->source, buf, len);
	p.sc->source[len] = '\0';

	size_t off = 0;
	while (off < len && !p.failed) {
		const char *nl = memchr(buf + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - buf) : len;
		p.line = buf + off;
		p.line_len = end - off;
		p.lineno++;
		p.pos = 0;
		/* A UTF-8 byte order mark is not text the lecturer wrote, and
		 * a CR before the newline is the file's line ending: neither
		 * counts as a column. */
		if (p.lineno == 1 && p.line_len >= 3 &&
		    memcmp(p.line, "\xef\xbb\xbf", 3) == 0) {
			p.line += 3;
			p.line_len -= 3;
		}
		if (p.line_len > 0 && p.line[p.line_len - 1] == '\r')
			p.line_len--;
		if (memchr(p.line, '\0', p.line_len) != NULL) {
			fail(&p, (int)((const char *)memchr(p.line, '\0',
			    p.line_len) - p.line) + 1, "NUL byte in the text");
			break;
		}
		if (next(&p) < 0)
			break;
		if (p.t.kind == T_END) {
			/* blank line or comment */
		} else if (p.t.kind != T_IDENT) {
			expected(&p, "a step such as 'client: connect(c,"
			    " 127.0.0.1:8888)', or title, summary, note,"
			    " actors");
		} else if (is_word(&p, "title") || is_word(&p, "summary") ||
		    is_word(&p, "note") || is_word(&p, "actors")) {
			/* a directive, unless it is an actor named so */
			size_t save = p.pos;
			while (save < p.line_len && (p.line[save] == ' ' ||
			    p.line[save] == '\t'))
				save++;
			if (save < p.line_len && p.line[save] == ':')
				parse_step(&p);
			else
				parse_directive(&p);
		} else {
			parse_step(&p);
		}
		if (!p.failed && p.t.kind != T_END) {
			char b[80];
			fail(&p, p.t.col, "unexpected %s after the end of the"
			    " statement", tok_text(&p.t, b, sizeof(b)));
		}
		off = end + 1;
	}
	free(p.t.str);
	for (int i = 0; i < p.n_vars; i++)
		free(p.vars[i].name);
	for (int i = 0; i < p.n_avars; i++)
		free(p.avars[i].name);
	if (!p.failed && p.sc->n_steps == 0) {
		p.lineno = p.lineno ? p.lineno : 1;
		fail(&p, 1, "no steps: a scenario needs at least one call");
	}
	if (p.failed) {
		sv_scenario_free(p.sc);
		return NULL;
	}
	return p.sc;
}

char *
sv_expect_str(const struct sv_step *st, char *buf, size_t size)
{
	size_t j = 0;
	buf[0] = '\0';
	if (!st->expect_pkts_set)
		return buf;
	if (st->n_expect == 0 && !st->expect_more) {
		snprintf(buf, size, "none");
		return buf;
	}
	for (int i = 0; i < st->n_expect && j < size; i++) {
		char f[64];
		const struct sv_pkt_expect *e = &st->expect[i];
		const char *s = e->proto == SV_PROTO_TCP ?
		    sv_tcp_flags_str(e->tcp_flags, "-", f, sizeof(f)) :
		    sv_proto_name(e->proto);
		int n = snprintf(buf + j, size - j, "%s%s", i ? ", " : "", s);
		if (n < 0)
			break;
		j += (size_t)n;
	}
	if (st->expect_more && j < size)
		snprintf(buf + j, size - j, "%s...", j ? ", " : "");
	return buf;
}
