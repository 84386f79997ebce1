/* Labels every format puts on a packet, and the diagrams' words for calls. */
#include <inttypes.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "render/names.h"
#include "render/render.h"

int64_t
sv_rel_ns(const struct sv_timeline *tl, int64_t t)
{
	return t - tl->t0;
}

const char *
sv_pkt_flags(const struct sv_pktev *p, char *buf, size_t size)
{
	if (p->d.proto == SV_PROTO_TCP)
		return sv_tcp_flags_str(p->d.tcp_flags, ",", buf, size);
	buf[0] = '\0';
	return buf;
}

const char *
sv_pkt_label(const struct sv_pktev *p, char *buf, size_t size)
{
	const struct sv_decoded *d = &p->d;
	char f[64];
	switch (d->proto) {
	case SV_PROTO_TCP:
		snprintf(buf, size, "%s seq=%u ack=%u len=%u",
		    sv_tcp_flags_str(d->tcp_flags, ",", f, sizeof(f)),
		    p->rel_seq, p->rel_ack, d->payload_len);
		break;
	case SV_PROTO_UDP:
		snprintf(buf, size, "UDP len=%u", d->payload_len);
		break;
	case SV_PROTO_ICMP:
	case SV_PROTO_ICMP6: {
		int v4 = d->proto == SV_PROTO_ICMP;
		int unreach = v4 ? d->icmp_type == 3 : d->icmp_type == 1;
		int port = v4 ? d->icmp_code == 3 : d->icmp_code == 4;
		snprintf(buf, size, "%s %s", v4 ? "ICMP" : "ICMPv6",
		    unreach && port ? "port unreachable" : unreach ?
		    "unreachable" : "message");
		if (!(unreach && port) && !unreach)
			snprintf(buf, size, "%s type %u code %u",
			    v4 ? "ICMP" : "ICMPv6", d->icmp_type,
			    d->icmp_code);
		break;
	}
	case SV_PROTO_IPV4:
	case SV_PROTO_IPV6:
	case SV_PROTO_LINK:
	case SV_PROTO_UNKNOWN:
		snprintf(buf, size, "%s len=%u", sv_proto_name(d->proto),
		    p->pkt.origlen);
		break;
	}
	if (d->truncated && size > 12) {
		size_t n = 0;
		while (n < size && buf[n])
			n++;
		snprintf(buf + n, size - n, " (cut short)");
	}
	return buf;
}

/* Appends to a buffer that may fill up: the text is then cut, never
 * overrun. */
struct sbuf {
	char *b;
	size_t size, n;
};

static void sadd(struct sbuf *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sadd(struct sbuf *s, const char *fmt, ...)
{
	if (s->n + 1 >= s->size)
		return;
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(s->b + s->n, s->size - s->n, fmt, ap);
	va_end(ap);
	if (r > 0)
		s->n = s->n + (size_t)r < s->size ? s->n + (size_t)r :
		    s->size - 1;
}

/* n bytes of plain text t on the end, as sadd(s, "%.*s", n, t) does,
 * without a format to parse: the labels of a million packets are made
 * here. */
static void
sputn(struct sbuf *s, const char *t, size_t n)
{
	size_t room = s->n + 1 < s->size ? s->size - 1 - s->n : 0;
	if (n > room)
		n = room;
	memcpy(s->b + s->n, t, n);
	s->n += n;
	if (s->n < s->size)
		s->b[s->n] = '\0';
}

static void
sputs(struct sbuf *s, const char *t)
{
	sputn(s, t, strlen(t));
}

/* A string literal, its length known to the compiler. */
#define SPUTL(s, lit) sputn((s), (lit), sizeof(lit) - 1)

/* v in decimal on the end, as sadd(s, "%" PRIu32, v) does. */
static void
sputu(struct sbuf *s, uint32_t v)
{
	char d[10];
	int k = 0;
	do
		d[k++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	while (k > 0 && s->n + 1 < s->size)
		s->b[s->n++] = d[--k];
	if (s->n < s->size)
		s->b[s->n] = '\0';
}

/* The call that caused p, or NULL. */
static const struct sv_call *
cause_call(const struct sv_timeline *tl, const struct sv_pktev *p)
{
	if (p->cause < 0 || (size_t)p->cause >= tl->n ||
	    tl->ev[p->cause].type != SV_EV_CALL)
		return NULL;
	return &tl->ev[p->cause].u.call;
}

/* "server's kernel", "kernel at 127.0.0.1:9": whose kernel sent p. */
static const char *
sender_kernel(const struct sv_timeline *tl, const struct sv_pktev *p,
    char *buf, size_t size)
{
	if (p->from < 0 || p->from >= tl->n_lanes)
		snprintf(buf, size, "kernel");
	else if (tl->lanes[p->from].endpoint)
		snprintf(buf, size, "kernel at %s", tl->lanes[p->from].name);
	else
		snprintf(buf, size, "%s's kernel", tl->lanes[p->from].name);
	return buf;
}

const char *
sv_cause_name(const struct sv_timeline *tl, const struct sv_pktev *p,
    char *buf, size_t size)
{
	const struct sv_call *c = cause_call(tl, p);
	char k[96];
	if (c == NULL)
		snprintf(buf, size, "kernel");
	else if (p->origin == SV_ORIGIN_ANSWER)
		snprintf(buf, size, "%s, answering %s %s()",
		    sender_kernel(tl, p, k, sizeof(k)),
		    tl->lanes[c->actor].name, sv_fn_name(c->fn));
	else
		snprintf(buf, size, "%s %s()", tl->lanes[c->actor].name,
		    sv_fn_name(c->fn));
	return buf;
}

const char *
sv_pkt_cause(const struct sv_timeline *tl, const struct sv_pktev *p,
    int calls, int terse, char *buf, size_t size)
{
	const struct sv_call *c = cause_call(tl, p);
	char k[96];
	if (c == NULL) {
		if (calls > 0) {
			snprintf(buf, size, "kernel%s%s", p->note[0] ? ": " :
			    "", p->note);
		} else if (size > 0) {
			struct sbuf sb = { buf, size, 0 };
			buf[0] = '\0';
			sputs(&sb, p->note);
		}
	} else if (p->origin != SV_ORIGIN_ANSWER) {
		snprintf(buf, size, "%s()", sv_fn_name(c->fn));
	} else if (terse <= 0) {
		snprintf(buf, size, "%s, answering %s()",
		    sender_kernel(tl, p, k, sizeof(k)), sv_fn_name(c->fn));
	} else {
		snprintf(buf, size, "%sanswering %s()", terse == 1 ?
		    "kernel, " : "", sv_fn_name(c->fn));
	}
	return buf;
}

int
sv_pkt_cause_shrinks(const struct sv_timeline *tl, const struct sv_pktev *p)
{
	return cause_call(tl, p) != NULL && p->origin == SV_ORIGIN_ANSWER;
}

const char *
sv_call_result(const struct sv_call *c, char *buf, size_t size)
{
	char e[32];
	if (c->ret < 0)
		snprintf(buf, size, "= -1 %s", sv_errno_name(c->err, e,
		    sizeof(e)));
	else
		snprintf(buf, size, "= %ld", c->ret);
	return buf;
}

const char *
sv_call_line(const struct sv_call *c, char *buf, size_t size)
{
	struct sbuf s = { buf, size, 0 };
	char r[48];
	buf[0] = '\0';
	sadd(&s, "%s %s", c->text ? c->text : sv_fn_name(c->fn),
	    sv_call_result(c, r, sizeof(r)));
	if (c->data != NULL && sv_fn_is(c->fn, SV_CALL_RECEIVES)) {
		char q[41];
		size_t j = 0;
		for (size_t i = 0; i < c->data_len && j < 40; i++) {
			unsigned char ch = (unsigned char)c->data[i];
			q[j++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '.';
		}
		q[j] = '\0';
		sadd(&s, " \"%s\"", q);
	}
	return buf;
}

const char *
sv_call_outcome(const struct sv_call *c, char *buf, size_t size)
{
	const char *text = c->text ? c->text : sv_fn_name(c->fn);
	char line[1200];
	size_t n = strlen(text);
	sv_call_line(c, line, sizeof(line));
	/* The line is the text, a space, then the outcome. */
	snprintf(buf, size, "%s", strncmp(line, text, n) == 0 &&
	    line[n] == ' ' ? line + n + 1 : line);
	return buf;
}

const char *
sv_call_mark(const struct sv_call *c, char *buf, size_t size)
{
	if (c->expect == NULL)
		snprintf(buf, size, "%s", "");
	else if (c->failure != NULL)
		snprintf(buf, size, "\xe2\x9c\x97");
	else if (c->ret < 0 && !c->unfinished)
		snprintf(buf, size, "\xe2\x9c\x93 as expected");
	else
		snprintf(buf, size, "\xe2\x9c\x93");
	return buf;
}

const char *
sv_call_text(const struct sv_call *c, char *buf, size_t size)
{
	if (c->blocked)
		snprintf(buf, size, "%s blocks\xe2\x80\xa6", c->text ?
		    c->text : sv_fn_name(c->fn));
	else
		sv_call_line(c, buf, size);
	return buf;
}

const char *
sv_signal_str(int sig, char *buf, size_t size)
{
	const char *name = sig > 0 ? sigabbrev_np(sig) : NULL;
	if (name != NULL)
		snprintf(buf, size, "SIG%s", name);
	else
		snprintf(buf, size, "signal %d", sig);
	return buf;
}

const char *
sv_call_fate(const struct sv_timeline *tl, const struct sv_call *c,
    char *buf, size_t size)
{
	const char *actor = c->actor >= 0 && c->actor < tl->n_lanes ?
	    tl->lanes[c->actor].name : "the actor";
	char sig[32];
	buf[0] = '\0';
	if (c->unfinished)
		snprintf(buf, size, "%s was ended%s%s%s", actor,
		    c->signal ? " (" : "", c->signal ? sv_signal_str(c->signal,
		    sig, sizeof(sig)) : "", c->signal ? ")" : "");
	else if (c->signal)
		snprintf(buf, size, "%s killed by %s", actor,
		    sv_signal_str(c->signal, sig, sizeof(sig)));
	else if (c->exit_status)
		snprintf(buf, size, "%s exited with status %d", actor,
		    c->exit_status);
	return buf;
}

const char *
sv_call_return(const struct sv_call *c, char *buf, size_t size)
{
	char r[48];
	if (c->unfinished) {
		/* Its return value means nothing: say how long it slept. */
		snprintf(buf, size, "\xe2\x86\xb3 %s() had not returned after"
		    " %" PRId64 " ms", sv_fn_name(c->fn),
		    (c->t_end - c->t_begin) / 1000000);
		return buf;
	}
	sv_call_result(c, r, sizeof(r));
	/* The result without its "= ". */
	snprintf(buf, size, "\xe2\x86\xb3 %s() returns %s", sv_fn_name(c->fn),
	    r + 2);
	return buf;
}

const char *
sv_call_after(const struct sv_call *c, char *buf, size_t size)
{
	return sv_call_after_sep(c, " \xc2\xb7 ", " \xc2\xb7 ", buf, size);
}

const char *
sv_call_after_sep(const struct sv_call *c, const char *sep, const char *psep,
    char *buf, size_t size)
{
	struct sbuf s = { buf, size, 0 };
	char a[64];
	buf[0] = '\0';
	/* "from" only for an address the kernel returned; a TCP recvfrom()
	 * is handed none even with a buffer. Without a buffer, accept()'s
	 * new socket still has a peer, which is the connection's state. */
	if (sv_fn_is(c->fn, SV_CALL_RETURNS_PEER) && c->ret >= 0 &&
	    c->addr_asked)
		sadd(&s, c->addr.family ? "from %s" : "no address returned",
		    sv_endpoint_str(&c->addr, 1, a, sizeof(a)));
	else if (sv_fn_accepts(c->fn) && c->ret >= 0 && c->peer.family)
		sadd(&s, "peer %s", sv_endpoint_str(&c->peer, 1, a, sizeof(a)));
	else if (c->fn == SV_FN_GETSOCKNAME && c->ret == 0)
		sadd(&s, "local %s%s", sv_endpoint_str(&c->addr, 1, a,
		    sizeof(a)), c->addr.port == 0 ? " (no port yet)" : "");
	else if (c->fn == SV_FN_GETPEERNAME && c->ret == 0)
		sadd(&s, "peer %s", sv_endpoint_str(&c->addr, 1, a, sizeof(a)));
	/* The local port is news after connect(), and after a datagram's
	 * send (the kernel may just have picked it); not after a TCP send.
	 * After a failed call the kernel may still report the port it had
	 * picked, though it has let it go: say nothing of it. */
	else if (sv_fn_is(c->fn, SV_CALL_AUTOBINDS) && (c->fn ==
	    SV_FN_CONNECT || c->sock_type == SOCK_DGRAM) && c->ret >= 0 &&
	    c->local.family && c->local.port)
		sadd(&s, "local %s", sv_endpoint_str(&c->local, 1, a,
		    sizeof(a)));
	if (c->tcp_state > 0)
		sadd(&s, "%s%s", s.n ? sep : "",
		    sv_tcp_state_name(c->tcp_state));
	if (c->n_packets == 0)
		sadd(&s, "%sno packets", s.n ? psep : "");
	else
		sadd(&s, "%s%zu packet%s", s.n ? psep : "", c->n_packets,
		    c->n_packets == 1 ? "" : "s");
	return buf;
}

const char *
sv_pkt_short(const struct sv_pktev *p, char *buf, size_t size)
{
	const struct sv_decoded *d = &p->d;
	char f[64];
	struct sbuf s = { buf, size, 0 };
	if (size == 0)
		return buf;
	buf[0] = '\0';
	switch (d->proto) {
	case SV_PROTO_TCP:
		sputs(&s, sv_tcp_flags_str(d->tcp_flags, ",", f, sizeof(f)));
		if (d->payload_len) {
			SPUTL(&s, " ");
			sputu(&s, d->payload_len);
			SPUTL(&s, "B");
		}
		break;
	case SV_PROTO_UDP:
		SPUTL(&s, "UDP ");
		sputu(&s, d->payload_len);
		SPUTL(&s, "B");
		break;
	case SV_PROTO_ICMP:
	case SV_PROTO_ICMP6:
	case SV_PROTO_IPV4:
	case SV_PROTO_IPV6:
	case SV_PROTO_LINK:
	case SV_PROTO_UNKNOWN:
		sv_pkt_label(p, buf, size);
		break;
	}
	return buf;
}

const char *
sv_pkt_detail(const struct sv_timeline *tl, const struct sv_pktev *p,
    int calls, char *buf, size_t size)
{
	return sv_pkt_detail_terse(tl, p, calls, 0, buf, size);
}

const char *
sv_pkt_detail_terse(const struct sv_timeline *tl, const struct sv_pktev *p,
    int calls, int terse, char *buf, size_t size)
{
	struct sbuf s = { buf, size, 0 };
	char cause[192];
	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (p->d.proto == SV_PROTO_TCP) {
		SPUTL(&s, "seq=");
		sputu(&s, p->rel_seq);
		SPUTL(&s, " ack=");
		sputu(&s, p->rel_ack);
	}
	if (calls == 0 && cause_call(tl, p) == NULL) {
		/* What sv_pkt_cause() says then, the note, without a copy:
		 * each packet of a capture comes here. */
		size_t n = strnlen(p->note, sizeof(p->note));
		if (n > 0) {
			if (s.n)
				SPUTL(&s, " \xc2\xb7 ");
			sputn(&s, p->note, n);
		}
		return buf;
	}
	sv_pkt_cause(tl, p, calls, terse, cause, sizeof(cause));
	if (cause[0]) {
		if (s.n)
			SPUTL(&s, " \xc2\xb7 ");
		sputs(&s, cause);
	}
	return buf;
}

const char *
sv_capture_line(const struct sv_timeline *tl, int calls, char *buf,
    size_t size)
{
	const char *s = tl->packets == 1 ? "" : "s";
	if (tl->capfile != NULL && calls == 0)
		snprintf(buf, size, "%" PRIu64 " packet%s read from %s.",
		    tl->packets, s, tl->capfile);
	else
		snprintf(buf, size, "%" PRIu64 " packet%s captured %s, %s.",
		    tl->packets, s, tl->isolated ?
		    "in a private network namespace" : "on the host's lo",
		    tl->dropped ? "SOME LOST" : "none lost");
	return buf;
}

const char *
sv_counts_line(int calls, int silent, uint64_t packets, int answers,
    int kernel, char *buf, size_t size)
{
	snprintf(buf, size, "%d call%s, %d of them silent on the wire; %" PRIu64
	    " packet%s, %d answer%s, %d sent by a kernel on its own.", calls,
	    calls == 1 ? "" : "s", silent, packets, packets == 1 ? "" : "s",
	    answers, answers == 1 ? "" : "s", kernel);
	return buf;
}

const char *
sv_expect_line(int expect, int failed, char *buf, size_t size)
{
	if (failed)
		snprintf(buf, size, "%d of %d expectations did NOT hold.",
		    failed, expect);
	else
		snprintf(buf, size, "All %d expectation%s held.", expect,
		    expect == 1 ? "" : "s");
	return buf;
}

size_t
sv_utf8_next(const char *str, size_t n, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	uint32_t c = s[0], min;
	size_t len;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		goto bad;
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = SV_NOT_UTF8;
	return 1;
}

int
sv_cp_cols(uint32_t cp)
{
	if (cp < 0x1100)
		return 1;
	if ((cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
	    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
	    (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
	    (cp >= 0xffe0 && cp <= 0xffe6) ||
	    (cp >= 0x1f300 && cp <= 0x1faff) ||
	    (cp >= 0x20000 && cp <= 0x3fffd))
		return 2;
	return 1;
}

size_t
sv_wrap_line(const char *s, size_t n, int max_cols, int wide,
    size_t *len)
{
	size_t i = 0, space = SIZE_MAX;
	int w = 0;
	if (max_cols < 8)
		max_cols = 8;
	while (i < n && s[i] != '\n') {
		uint32_t cp;
		size_t l = sv_utf8_next(s + i, n - i, &cp);
		int cw = wide ? sv_cp_cols(cp) : 1;
		if (w + cw > max_cols && i > 0) {
			if (space != SIZE_MAX && space > 0) {
				*len = space;
				return space + 1;
			}
			*len = i;
			return i;
		}
		if (s[i] == ' ')
			space = i;
		w += cw;
		i += l;
	}
	*len = i;
	return i < n ? i + 1 : i;
}
