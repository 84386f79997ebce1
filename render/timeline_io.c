/*
 * A timeline's calls and metadata as text, so that they travel inside a
 * pcapng file (as a section comment) and `sockviz render` can draw the
 * very timeline the run drew. Packets travel as packets; correlation is
 * done again on reading, and gives the same result from the same input.
 *
 * The text is line-oriented: a header line, then one record per line,
 * fields separated by tabs. Strings are escaped so that tabs, newlines,
 * '%' and bytes outside printable ASCII never appear raw: %XX.
 *
 *   sockviz-timeline 1
 *   meta	scenario	tcp
 *   lane	server	pid
 *   final	1	4/7f000001/41234	4/7f000001/8888	6
 *   call	actor	step	line	fn	text	ret	err	t_begin	t_end
 *       local	peer	conn_local	conn_peer	sock_type	tcp_state
 *       blocked	addr	data	note	expect	failure	unfinished	signal
 *       addr_asked	exit_status
 *
 * An endpoint is family/hex address/port, or "-" for none. Fields are only
 * ever added at the end of a record: a reader takes a missing one as 0
 * (files written before lanes had a pid, or calls a signal), and skips
 * fields it does not know.
 */
#include "render/timeline_io.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER "sockviz-timeline 1\n"
#define NULL_FIELD "~"

struct buf {
	char *s;
	size_t n, cap;
	int oom;
};

static void
put(struct buf *b, const char *p, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t nc = b->cap ? b->cap * 2 : 1024;
		while (nc < b->n + n + 1)
			nc *= 2;
		char *ns = realloc(b->s, nc);
		if (ns == NULL) {
			b->oom = 1;
			return;
		}
		b->s = ns;
		b->cap = nc;
	}
	memcpy(b->s + b->n, p, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
putf(struct buf *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n > 0)
		put(b, tmp, (size_t)n < sizeof(tmp) ? (size_t)n :
		    sizeof(tmp) - 1);
}

/* A tab, then the string escaped; NULL as "~". */
static void
put_str(struct buf *b, const char *s, size_t n, int is_null)
{
	put(b, "\t", 1);
	if (is_null) {
		put(b, NULL_FIELD, 1);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x21 || c > 0x7e || c == '%' || c == '~')
			putf(b, "%%%02X", c);
		else
			put(b, (const char *)&s[i], 1);
	}
}

static void
put_cstr(struct buf *b, const char *s)
{
	put_str(b, s, s ? strlen(s) : 0, s == NULL);
}

static void
put_ep(struct buf *b, const struct sv_endpoint *e)
{
	put(b, "\t", 1);
	if (e->family == 0) {
		put(b, "-", 1);
		return;
	}
	putf(b, "%u/", e->family);
	for (int i = 0; i < (e->family == 4 ? 4 : 16); i++)
		putf(b, "%02x", e->addr[i]);
	putf(b, "/%u", e->port);
}

char *
sv_timeline_encode(const struct sv_timeline *tl)
{
	struct buf b = { 0 };
	put(&b, HEADER, strlen(HEADER));
	put(&b, "meta\tscenario", 13);
	put_cstr(&b, tl->scenario);
	put(&b, "\nmeta\ttitle", 11);
	put_cstr(&b, tl->title);
	put(&b, "\nmeta\tsummary", 13);
	put_cstr(&b, tl->summary);
	put(&b, "\nmeta\tintro", 11);
	put_cstr(&b, tl->intro);
	put(&b, "\nmeta\tsource", 12);
	put_cstr(&b, tl->source);
	putf(&b, "\nmeta\tisolated\t%d\nmeta\tdropped\t%" PRIu64 "\n",
	    tl->isolated, tl->dropped);
	if (tl->traced)
		put(&b, "meta\ttraced\t1\n", 14);
	for (int i = 0; i < tl->n_lanes; i++) {
		if (tl->lanes[i].endpoint)
			continue;   /* correlation makes these again */
		put(&b, "lane", 4);
		put_cstr(&b, tl->lanes[i].name);
		putf(&b, "\t%d\n", tl->lanes[i].pid);
	}
	for (int i = 0; i < tl->n_finals; i++) {
		const struct sv_final *f = &tl->finals[i];
		putf(&b, "final\t%d", f->actor);
		put_ep(&b, &f->local);
		put_ep(&b, &f->peer);
		putf(&b, "\t%d\n", f->state);
	}
	for (size_t i = 0; i < tl->n; i++) {
		const struct sv_event *ev = &tl->ev[i];
		if (ev->type != SV_EV_CALL)
			continue;
		const struct sv_call *c = &ev->u.call;
		putf(&b, "call\t%d\t%d\t%d", c->actor, c->step, c->line);
		put_cstr(&b, sv_fn_name(c->fn));
		put_cstr(&b, c->text);
		putf(&b, "\t%ld\t%d\t%" PRId64 "\t%" PRId64, c->ret, c->err,
		    c->t_begin, c->t_end);
		put_ep(&b, &c->local);
		put_ep(&b, &c->peer);
		put_ep(&b, &c->conn_local);
		put_ep(&b, &c->conn_peer);
		putf(&b, "\t%d\t%d\t%d", c->sock_type, c->tcp_state,
		    c->blocked);
		put_ep(&b, &c->addr);
		put_str(&b, c->data, c->data_len, c->data == NULL);
		put_cstr(&b, c->note);
		put_cstr(&b, c->expect);
		put_cstr(&b, c->failure);
		putf(&b, "\t%d\t%d\t%d\t%d\n", c->unfinished, c->signal,
		    c->addr_asked, c->exit_status);
	}
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

int
sv_timeline_is_encoded(const char *text)
{
	return strncmp(text, HEADER, strlen(HEADER)) == 0;
}

#define CONTINUED "sockviz timeline, continued\n"

void
sv_timeline_pieces_free(char **pieces, size_t n)
{
	for (size_t i = 0; pieces != NULL && i < n; i++)
		free(pieces[i]);
	free(pieces);
}

char **
sv_timeline_split(const char *text, size_t max, size_t *n)
{
	size_t len = strlen(text), head = strlen(CONTINUED);
	size_t room = max - head, count = 1;
	if (len > max)
		count += (len - max + room - 1) / room;
	char **v = calloc(count, sizeof(*v));
	if (v == NULL)
		return NULL;
	size_t off = 0;
	for (size_t i = 0; i < count; i++) {
		size_t take = i == 0 ? max : room;
		if (take > len - off)
			take = len - off;
		const char *pre = i == 0 ? "" : CONTINUED;
		size_t pl = strlen(pre);
		if ((v[i] = malloc(pl + take + 1)) == NULL) {
			sv_timeline_pieces_free(v, count);
			return NULL;
		}
		memcpy(v[i], pre, pl);
		memcpy(v[i] + pl, text + off, take);
		v[i][pl + take] = '\0';
		off += take;
	}
	*n = count;
	return v;
}

char *
sv_timeline_join(const char *const *c, size_t n, int *oom)
{
	size_t head = strlen(CONTINUED), first = n, total = 0, end;
	*oom = 0;
	for (size_t i = 0; i < n && first == n; i++)
		if (sv_timeline_is_encoded(c[i]))
			first = i;
	if (first == n)
		return NULL;
	total = strlen(c[first]);
	for (end = first + 1; end < n && strncmp(c[end], CONTINUED,
	    head) == 0; end++)
		total += strlen(c[end]) - head;
	char *s = malloc(total + 1);
	if (s == NULL) {
		*oom = 1;
		return NULL;
	}
	size_t off = strlen(c[first]);
	memcpy(s, c[first], off);
	for (size_t i = first + 1; i < end; i++) {
		size_t k = strlen(c[i]) - head;
		memcpy(s + off, c[i] + head, k);
		off += k;
	}
	s[off] = '\0';
	return s;
}

/* Reading: a cursor over one line's tab-separated fields. */
struct rd {
	const char *p, *end;     /* the rest of the line */
	int line;
	char *err;
	size_t errlen;
	int failed;
};

static int
bad(struct rd *r, const char *what)
{
	if (!r->failed)
		snprintf(r->err, r->errlen, "sockviz timeline comment, line"
		    " %d: %s", r->line, what);
	r->failed = 1;
	return -1;
}

/* The next field: [*s, *s + *n). */
static int
field(struct rd *r, const char **s, size_t *n)
{
	if (r->p > r->end)
		return bad(r, "a field is missing");
	const char *t = memchr(r->p, '\t', (size_t)(r->end - r->p));
	const char *e = t ? t : r->end;
	*s = r->p;
	*n = (size_t)(e - r->p);
	r->p = e + 1;
	return 0;
}

static int
hexv(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* An escaped string; *out NULL for "~". */
static int
get_str(struct rd *r, char **out, size_t *outlen)
{
	const char *s;
	size_t n;
	*out = NULL;
	if (outlen)
		*outlen = 0;
	if (field(r, &s, &n) < 0)
		return -1;
	if (n == 1 && s[0] == '~')
		return 0;
	char *d = malloc(n + 1);
	if (d == NULL)
		return bad(r, "out of memory");
	size_t j = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] != '%') {
			d[j++] = s[i];
			continue;
		}
		int h = i + 2 < n ? hexv(s[i + 1]) : -1;
		int l = i + 2 < n ? hexv(s[i + 2]) : -1;
		if (h < 0 || l < 0) {
			free(d);
			return bad(r, "a bad %XX escape");
		}
		d[j++] = (char)(h * 16 + l);
		i += 2;
	}
	d[j] = '\0';
	*out = d;
	if (outlen)
		*outlen = j;
	return 0;
}

static int
get_i64(struct rd *r, int64_t lo, int64_t hi, int64_t *v)
{
	const char *s;
	size_t n;
	char tmp[32];
	if (field(r, &s, &n) < 0)
		return -1;
	if (n == 0 || n >= sizeof(tmp))
		return bad(r, "a number was expected");
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	char *e;
	errno = 0;
	long long x = strtoll(tmp, &e, 10);
	if (errno || *e || x < lo || x > hi)
		return bad(r, "a number out of range");
	*v = x;
	return 0;
}

static int
get_int(struct rd *r, int lo, int hi, int *v)
{
	int64_t x;
	if (get_i64(r, lo, hi, &x) < 0)
		return -1;
	*v = (int)x;
	return 0;
}

/* A number that later versions added at the end of a record: 0 when the
 * record ends before it. */
static int
get_int_opt(struct rd *r, int lo, int hi, int *v)
{
	*v = 0;
	if (r->p > r->end)
		return 0;
	return get_int(r, lo, hi, v);
}

static int
get_ep(struct rd *r, struct sv_endpoint *e)
{
	const char *s;
	size_t n;
	memset(e, 0, sizeof(*e));
	if (field(r, &s, &n) < 0)
		return -1;
	if (n == 1 && s[0] == '-')
		return 0;
	if (n < 2 || (s[0] != '4' && s[0] != '6') || s[1] != '/')
		return bad(r, "an endpoint was expected");
	int alen = s[0] == '4' ? 4 : 16;
	if (n < (size_t)(2 + alen * 2 + 2) || s[2 + alen * 2] != '/')
		return bad(r, "an endpoint's address is cut short");
	for (int i = 0; i < alen; i++) {
		int h = hexv(s[2 + 2 * i]), l = hexv(s[3 + 2 * i]);
		if (h < 0 || l < 0)
			return bad(r, "an endpoint's address is not hex");
		e->addr[i] = (uint8_t)(h * 16 + l);
	}
	long port = 0;
	size_t i = 3 + (size_t)alen * 2;
	if (i >= n)
		return bad(r, "an endpoint has no port");
	for (; i < n; i++) {
		if (s[i] < '0' || s[i] > '9' || (port = port * 10 +
		    (s[i] - '0')) > 65535)
			return bad(r, "an endpoint's port is not 0 to 65535");
	}
	e->family = (uint8_t)(s[0] - '0');
	e->port = (uint16_t)port;
	return 0;
}

static int
decode_call(struct rd *r, struct sv_timeline *tl)
{
	struct sv_event *ev = sv_timeline_append(tl, SV_EV_CALL);
	if (ev == NULL)
		return bad(r, "out of memory");
	struct sv_call *c = &ev->u.call;
	char *fn = NULL;
	int64_t ret;
	if (get_int(r, 0, tl->n_lanes - 1, &c->actor) < 0 ||
	    get_int(r, 0, 1 << 30, &c->step) < 0 ||
	    get_int(r, 0, 1 << 30, &c->line) < 0 ||
	    get_str(r, &fn, NULL) < 0)
		return -1;
	int k = fn != NULL ? sv_fn_lookup(fn, strlen(fn)) : -1;
	free(fn);
	if (k < 0)
		return bad(r, "a call's function name is missing or unknown");
	c->fn = (enum sv_fn)k;
	if (get_str(r, &c->text, NULL) < 0 ||
	    get_i64(r, INT32_MIN, INT32_MAX, &ret) < 0 ||
	    get_int(r, 0, 1 << 20, &c->err) < 0 ||
	    get_i64(r, INT64_MIN, INT64_MAX, &c->t_begin) < 0 ||
	    get_i64(r, INT64_MIN, INT64_MAX, &c->t_end) < 0 ||
	    get_ep(r, &c->local) < 0 || get_ep(r, &c->peer) < 0 ||
	    get_ep(r, &c->conn_local) < 0 || get_ep(r, &c->conn_peer) < 0 ||
	    get_int(r, 0, 16, &c->sock_type) < 0 ||
	    get_int(r, -1, 255, &c->tcp_state) < 0 ||
	    get_int(r, 0, 1, &c->blocked) < 0 ||
	    get_ep(r, &c->addr) < 0 ||
	    get_str(r, &c->data, &c->data_len) < 0 ||
	    get_str(r, &c->note, NULL) < 0 ||
	    get_str(r, &c->expect, NULL) < 0 ||
	    get_str(r, &c->failure, NULL) < 0 ||
	    get_int_opt(r, 0, 1, &c->unfinished) < 0 ||
	    get_int_opt(r, 0, 255, &c->signal) < 0 ||
	    get_int_opt(r, 0, 1, &c->addr_asked) < 0 ||
	    get_int_opt(r, 0, 255, &c->exit_status) < 0)
		return -1;
	if (c->text == NULL)
		return bad(r, "a call has no text");
	c->ret = (long)ret;
	ev->t = c->t_begin;
	return 0;
}

static int
decode_lane(struct rd *r, struct sv_timeline *tl)
{
	char *name = NULL;
	int pid, l = -1;
	if (get_str(r, &name, NULL) < 0)
		return -1;
	if (name == NULL) {
		bad(r, "a lane without a name");
	} else if (get_int_opt(r, 0, INT32_MAX, &pid) == 0) {
		if ((l = sv_timeline_add_lane(tl, name, 0)) < 0)
			bad(r, "out of memory");
		else
			tl->lanes[l].pid = pid;
	}
	free(name);
	return l < 0 ? -1 : 0;
}

static int
decode_meta(struct rd *r, struct sv_timeline *tl)
{
	const char *k;
	size_t n;
	if (field(r, &k, &n) < 0)
		return -1;
	char **dst = NULL;
	if (n == 8 && memcmp(k, "scenario", 8) == 0)
		dst = &tl->scenario;
	else if (n == 5 && memcmp(k, "title", 5) == 0)
		dst = &tl->title;
	else if (n == 7 && memcmp(k, "summary", 7) == 0)
		dst = &tl->summary;
	else if (n == 5 && memcmp(k, "intro", 5) == 0)
		dst = &tl->intro;
	else if (n == 6 && memcmp(k, "source", 6) == 0)
		dst = &tl->source;
	if (dst != NULL) {
		free(*dst);
		return get_str(r, dst, NULL);
	}
	int64_t v;
	if (n == 8 && memcmp(k, "isolated", 8) == 0) {
		if (get_i64(r, 0, 1, &v) < 0)
			return -1;
		tl->isolated = (int)v;
	} else if (n == 7 && memcmp(k, "dropped", 7) == 0) {
		if (get_i64(r, 0, INT64_MAX, &v) < 0)
			return -1;
		tl->dropped = (uint64_t)v;
	} else if (n == 6 && memcmp(k, "traced", 6) == 0) {
		if (get_i64(r, 0, 1, &v) < 0)
			return -1;
		tl->traced = (int)v;
	}
	/* Unknown metadata is a later version's: skip it. */
	return 0;
}

int
sv_timeline_decode(struct sv_timeline *tl, const char *text, size_t len,
    char *errbuf, size_t errlen)
{
	struct rd r = { .err = errbuf, .errlen = errlen };
	const char *p = text, *end = text + len;
	/* Within len: the text need not end in a NUL. */
	if (len < strlen(HEADER) || memcmp(text, HEADER, strlen(HEADER)) != 0)
		return bad(&r, "no 'sockviz-timeline 1' header");
	p += strlen(HEADER);
	r.line = 1;
	while (p < end && !r.failed) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		r.line++;
		r.p = p;
		r.end = le;
		const char *kind;
		size_t kn;
		if (le > p && field(&r, &kind, &kn) == 0) {
			if (kn == 4 && memcmp(kind, "meta", 4) == 0) {
				decode_meta(&r, tl);
			} else if (kn == 4 && memcmp(kind, "lane", 4) == 0) {
				decode_lane(&r, tl);
			} else if (kn == 5 && memcmp(kind, "final", 5) == 0) {
				int a, st;
				struct sv_endpoint l, pe;
				if (get_int(&r, 0, tl->n_lanes - 1, &a) == 0 &&
				    get_ep(&r, &l) == 0 && get_ep(&r, &pe) == 0 &&
				    get_int(&r, 0, 255, &st) == 0 &&
				    sv_timeline_add_final(tl, a, &l, &pe, st) < 0)
					bad(&r, "out of memory");
			} else if (kn == 4 && memcmp(kind, "call", 4) == 0) {
				decode_call(&r, tl);
			}
			/* Other kinds are a later version's: skip them. */
		}
		p = nl ? nl + 1 : end;
	}
	return r.failed ? -1 : 0;
}
