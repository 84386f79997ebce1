/*
 * Checking a call against the expectations its step wrote down
 * (docs/scenarios.md, "Expectations"): "= RET [ERRNO] [DATA]",
 * "killed SIGNAL" and "-> PACKETS".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive/run.h"
#include "render/names.h"

static int
pkt_matches(const struct sv_pkt_expect *e, const struct sv_pktev *p)
{
	if (e->proto != p->d.proto)
		return 0;
	return e->proto != SV_PROTO_TCP || e->tcp_flags == p->d.tcp_flags;
}

/* "SYN, SYN-ACK, ACK" for the packets a call caused. */
static void
caused_str(const struct sv_timeline *tl, const struct sv_call *c, char *buf,
    size_t size)
{
	size_t j = 0;
	buf[0] = '\0';
	if (c->n_packets == 0) {
		snprintf(buf, size, "none");
		return;
	}
	for (size_t i = 0; i < c->n_packets && j < size; i++) {
		const struct sv_pktev *p = &tl->ev[c->packets[i]].u.pkt;
		char f[64];
		const char *s = p->d.proto == SV_PROTO_TCP ?
		    sv_tcp_flags_str(p->d.tcp_flags, "-", f, sizeof(f)) :
		    sv_proto_name(p->d.proto);
		int n = snprintf(buf + j, size - j, "%s%s", i ? ", " : "", s);
		if (n < 0)
			break;
		j += (size_t)n;
	}
}

static int
set_failure(struct sv_call *c, const char *msg)
{
	free(c->failure);
	c->failure = strdup(msg);
	return -1;
}

/* "= 0", "= -1 ECONNREFUSED": the '=' expectation as the message shows it. */
static void
want_ret_str(const struct sv_step *st, char *buf, size_t size)
{
	char e[32];
	if (st->expect_errno)
		snprintf(buf, size, "%ld %s", st->expect_ret,
		    sv_errno_name(st->expect_errno, e, sizeof(e)));
	else
		snprintf(buf, size, "%ld", st->expect_ret);
}

/*
 * The order of the checks is the order of what happened: whether the
 * actor died (a signal explains any return value), whether the call
 * returned at all, what it returned, what it put on the wire.
 */
/* Bytes as a C string literal's inside, so that a NUL, an escape or a
 * bell in received data neither cuts the message nor reaches a terminal:
 * "a\0b\x1b". Long data ends with "...". */
static const char *
escaped(const char *d, size_t n, char *buf, size_t size)
{
	size_t j = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)d[i];
		char one[8];
		if (ch == '"' || ch == '\\')
			snprintf(one, sizeof(one), "\\%c", ch);
		else if (ch == '\n')
			snprintf(one, sizeof(one), "\\n");
		else if (ch == '\0')
			snprintf(one, sizeof(one), "\\0");
		else if (ch >= 0x20 && ch < 0x7f)
			snprintf(one, sizeof(one), "%c", ch);
		else
			snprintf(one, sizeof(one), "\\x%02x", ch);
		size_t k = strlen(one);
		if (j + k + 4 >= size) {
			snprintf(buf + j, size - j, "...");
			break;
		}
		memcpy(buf + j, one, k + 1);
		j += k;
	}
	return buf;
}

int
sv_check_expect(const struct sv_step *st, const struct sv_timeline *tl,
    struct sv_call *c)
{
	char msg[1024], a[32], b[32], wret[64];
	if (st->expect_signal != 0 && c->signal != st->expect_signal) {
		sv_signal_name(st->expect_signal, a, sizeof(a));
		if (c->signal == 0)
			snprintf(msg, sizeof(msg), "expected the actor to be"
			    " killed by %s; it was not", a);
		else
			snprintf(msg, sizeof(msg), "expected the actor to be"
			    " killed by %s; it was killed by %s", a,
			    sv_signal_name(c->signal, b, sizeof(b)));
		return set_failure(c, msg);
	}
	if (st->expect_ret_set && c->unfinished) {
		/* ret and err of an unfinished call mean nothing. */
		want_ret_str(st, wret, sizeof(wret));
		snprintf(msg, sizeof(msg), "expected = %s; it had not returned"
		    " when its actor was ended at the deadline", wret);
		return set_failure(c, msg);
	}
	if (st->expect_ret_set && c->signal != 0 && st->expect_signal == 0) {
		want_ret_str(st, wret, sizeof(wret));
		snprintf(msg, sizeof(msg), "expected = %s; the actor was killed"
		    " by %s", wret, sv_signal_name(c->signal, a, sizeof(a)));
		return set_failure(c, msg);
	}
	if (st->expect_ret_set && (c->ret != st->expect_ret ||
	    (st->expect_errno != 0 && c->err != st->expect_errno))) {
		char got[64];
		if (c->ret < 0)
			snprintf(got, sizeof(got), "%ld %s", c->ret,
			    sv_errno_name(c->err, a, sizeof(a)));
		else
			snprintf(got, sizeof(got), "%ld", c->ret);
		want_ret_str(st, wret, sizeof(wret));
		snprintf(msg, sizeof(msg), "expected = %s; it returned %s",
		    wret, got);
		return set_failure(c, msg);
	}
	if (st->expect_data != NULL && (c->data_len != st->expect_data_len ||
	    (c->data_len && memcmp(c->data, st->expect_data,
	    c->data_len) != 0))) {
		char want_q[200], got_q[200];
		snprintf(msg, sizeof(msg), "expected to receive \"%s\";"
		    " it received \"%s\"", escaped(st->expect_data,
		    st->expect_data_len, want_q, sizeof(want_q)),
		    escaped(c->data, c->data ? c->data_len : 0, got_q,
		    sizeof(got_q)));
		return set_failure(c, msg);
	}
	if (!st->expect_pkts_set)
		return 0;
	int ok = st->expect_more ? c->n_packets >= (size_t)st->n_expect :
	    c->n_packets == (size_t)st->n_expect;
	for (int i = 0; ok && i < st->n_expect; i++)
		ok = pkt_matches(&st->expect[i],
		    &tl->ev[c->packets[i]].u.pkt);
	if (ok)
		return 0;
	char want[400], got[400];
	sv_expect_str(st, want, sizeof(want));
	caused_str(tl, c, got, sizeof(got));
	snprintf(msg, sizeof(msg), "expected -> %s; the kernel sent %s",
	    want, got);
	return set_failure(c, msg);
}
