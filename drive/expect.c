/* Checking a call against the expectations its step wrote down. */
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

int
sv_check_expect(const struct sv_step *st, const struct sv_timeline *tl,
    struct sv_call *c)
{
	char msg[1024], a[32], b[32];
	if (st->expect_ret_set && (c->ret != st->expect_ret ||
	    (st->expect_errno != 0 && c->err != st->expect_errno))) {
		char got[64], want[64];
		if (c->ret < 0)
			snprintf(got, sizeof(got), "%ld %s", c->ret,
			    sv_errno_name(c->err, a, sizeof(a)));
		else
			snprintf(got, sizeof(got), "%ld", c->ret);
		if (st->expect_errno)
			snprintf(want, sizeof(want), "%ld %s", st->expect_ret,
			    sv_errno_name(st->expect_errno, b, sizeof(b)));
		else
			snprintf(want, sizeof(want), "%ld", st->expect_ret);
		snprintf(msg, sizeof(msg), "expected = %s; it returned %s",
		    want, got);
		return set_failure(c, msg);
	}
	if (st->expect_data != NULL && (c->data_len != st->expect_data_len ||
	    (c->data_len && memcmp(c->data, st->expect_data,
	    c->data_len) != 0))) {
		snprintf(msg, sizeof(msg), "expected to receive \"%.*s\";"
		    " it received \"%.*s\"", (int)st->expect_data_len,
		    st->expect_data, (int)c->data_len,
		    c->data ? c->data : "");
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
