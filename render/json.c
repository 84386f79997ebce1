/*
 * The timeline as one JSON object: the contract of docs/json.md. Keys may be
 * added; none may be renamed or removed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "render/names.h"
#include "render/render.h"

/*
 * Each event is made in a buffer on the stack and written with one
 * fwrite(): a million packets were twenty million stdio calls. A long
 * string only makes the buffer go out early.
 */
struct jb {
	FILE *fp;
	size_t n;
	char b[4096];
};

static void
jflush(struct jb *j)
{
	if (j->n > 0)
		fwrite(j->b, 1, j->n, j->fp);
	j->n = 0;
}

/* Room for k more bytes (k no more than the buffer). */
static void
jroom(struct jb *j, size_t k)
{
	if (j->n + k > sizeof(j->b))
		jflush(j);
}

static void
jputn_slow(struct jb *j, const char *s, size_t n)
{
	while (n > 0) {
		jroom(j, 1);
		size_t k = sizeof(j->b) - j->n;
		if (k > n)
			k = n;
		memcpy(j->b + j->n, s, k);
		j->n += k;
		s += k;
		n -= k;
	}
}

static inline void
jputn(struct jb *j, const char *s, size_t n)
{
	if (j->n + n <= sizeof(j->b)) {
		memcpy(j->b + j->n, s, n);
		j->n += n;
	} else {
		jputn_slow(j, s, n);
	}
}

static void
jputs(struct jb *j, const char *s)
{
	jputn(j, s, strlen(s));
}

/* A string literal, its length known when compiled. */
#define JLIT(j, lit) jputn((j), (lit), sizeof(lit) - 1)

static void
jputc(struct jb *j, char c)
{
	jroom(j, 1);
	j->b[j->n++] = c;
}

/* v in decimal, as "%" PRIu64 prints it. */
static void
jputu(struct jb *j, uint64_t v)
{
	char d[20];
	int k = 0;
	do
		d[k++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	jroom(j, 20);
	while (k > 0)
		j->b[j->n++] = d[--k];
}

/* v in decimal, as "%" PRId64 (or %d, %ld) prints it. */
static void
jputi(struct jb *j, int64_t v)
{
	if (v < 0) {
		jputc(j, '-');
		jputu(j, 0 - (uint64_t)v);
	} else {
		jputu(j, (uint64_t)v);
	}
}

/* The bytes a JSON string holds as they are: printable ASCII but the
 * quote and the backslash. */
static const unsigned char plain[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x00 */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,	/* 0x10 */
	1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x20 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x30 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x40 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,	/* 0x50 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,	/* 0x60 */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,	/* 0x70 */
};

static void
jstr(struct jb *j, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	jputc(j, '"');
	for (size_t i = 0; i < n; i++) {
		/* A run that needs no escape goes in whole. */
		size_t r = i;
		while (r < n && plain[(unsigned char)s[r]])
			r++;
		if (r > i) {
			jputn(j, s + i, r - i);
			i = r;
			if (i == n)
				break;
		}
		unsigned char c = (unsigned char)s[i];
		jroom(j, 6);
		char *o = j->b + j->n;
		switch (c) {
		case '"': o[0] = '\\'; o[1] = '"'; j->n += 2; break;
		case '\\': o[0] = '\\'; o[1] = '\\'; j->n += 2; break;
		case '\n': o[0] = '\\'; o[1] = 'n'; j->n += 2; break;
		case '\r': o[0] = '\\'; o[1] = 'r'; j->n += 2; break;
		case '\t': o[0] = '\\'; o[1] = 't'; j->n += 2; break;
		default:
			/* Bytes outside printable ASCII as code points of
			 * the same value: always valid JSON, never UTF-8
			 * that was not there. */
			if (c < 0x20 || c >= 0x7f) {
				memcpy(o, "\\u00", 4);
				o[4] = hex[c >> 4];
				o[5] = hex[c & 15];
				j->n += 6;
			} else {
				o[0] = (char)c;
				j->n++;
			}
		}
	}
	jputc(j, '"');
}

static void
jcstr(struct jb *j, const char *s)
{
	if (s == NULL)
		JLIT(j, "null");
	else
		jstr(j, s, strlen(s));
}

static void
jbool(struct jb *j, int v)
{
	jputs(j, v ? "true" : "false");
}

static void
jendpoint(struct jb *j, const struct sv_endpoint *e, int with_port)
{
	char b[64];
	if (e->family == 0) {
		JLIT(j, "null");
		return;
	}
	jcstr(j, sv_endpoint_str(e, with_port, b, sizeof(b)));
}

static int
json_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	struct jb j;
	/* Not zeroed: only the first n bytes are ever read. */
	j.fp = o->fp;
	j.n = 0;
	JLIT(&j, "{\"sockviz\":1,\"scenario\":");
	jcstr(&j, tl->scenario);
	JLIT(&j, ",\"title\":");
	jcstr(&j, tl->title);
	JLIT(&j, ",\"summary\":");
	jcstr(&j, tl->summary);
	JLIT(&j, ",\"intro\":");
	jcstr(&j, tl->intro);
	JLIT(&j, ",\n\"capture\":{\"packets\":");
	jputu(&j, tl->packets);
	JLIT(&j, ",\"dropped\":");
	jputu(&j, tl->dropped);
	JLIT(&j, ",\"isolated\":");
	jbool(&j, tl->isolated);
	JLIT(&j, "},\n\"actors\":[");
	for (int i = 0; i < tl->n_lanes; i++) {
		jputs(&j, i ? ",{\"name\":" : "{\"name\":");
		jcstr(&j, tl->lanes[i].name);
		JLIT(&j, ",\"endpoint\":");
		jbool(&j, tl->lanes[i].endpoint);
		JLIT(&j, ",\"pid\":");
		/* An endpoint lane is an address, not a process. */
		if (!tl->lanes[i].endpoint && tl->lanes[i].pid > 0) {
			jputi(&j, tl->lanes[i].pid);
			jputc(&j, '}');
		} else {
			JLIT(&j, "null}");
		}
	}
	JLIT(&j, "],\n\"events\":[");
	jflush(&j);
	return 0;
}

static void
call_json(struct jb *j, const struct sv_timeline *tl, const struct sv_call *c)
{
	char b[64];
	JLIT(j, "\"type\":\"call\",\"actor\":");
	jcstr(j, tl->lanes[c->actor].name);
	JLIT(j, ",\"fn\":");
	jcstr(j, sv_fn_name(c->fn));
	JLIT(j, ",\"text\":");
	jcstr(j, c->text);
	/* A call that never returned has no return value. */
	if (c->unfinished) {
		JLIT(j, ",\"ret\":null,\"errno\":null");
	} else {
		JLIT(j, ",\"ret\":");
		jputi(j, c->ret);
		JLIT(j, ",\"errno\":");
		jcstr(j, c->err ? sv_errno_name(c->err, b, sizeof(b)) : NULL);
	}
	JLIT(j, ",\"t_begin\":");
	jputi(j, sv_rel_ns(tl, c->t_begin));
	JLIT(j, ",\"t_end\":");
	jputi(j, sv_rel_ns(tl, c->t_end));
	JLIT(j, ",\"local\":");
	jendpoint(j, &c->local, 1);
	JLIT(j, ",\"peer\":");
	jendpoint(j, &c->peer, 1);
	JLIT(j, ",\"addr\":");
	jendpoint(j, &c->addr, 1);
	JLIT(j, ",\"state\":");
	jcstr(j, c->tcp_state > 0 ? sv_tcp_state_name(c->tcp_state) : NULL);
	JLIT(j, ",\"packets\":[");
	for (size_t i = 0; i < c->n_packets; i++) {
		if (i)
			jputc(j, ',');
		jputi(j, c->packets[i]);
	}
	JLIT(j, "],\"step\":");
	jputi(j, c->step);
	JLIT(j, ",\"line\":");
	jputi(j, c->line);
	JLIT(j, ",\"blocked\":");
	jbool(j, c->blocked);
	JLIT(j, ",\"data\":");
	if (c->data != NULL)
		jstr(j, c->data, c->data_len);
	else
		JLIT(j, "null");
	JLIT(j, ",\"note\":");
	jcstr(j, c->note);
	JLIT(j, ",\"expect\":");
	jcstr(j, c->expect);
	JLIT(j, ",\"failure\":");
	jcstr(j, c->failure);
	JLIT(j, ",\"unfinished\":");
	jbool(j, c->unfinished);
	JLIT(j, ",\"signal\":");
	jcstr(j, c->signal > 0 ? sv_signal_str(c->signal, b, sizeof(b)) :
	    NULL);
	JLIT(j, ",\"exit\":");
	if (c->exit_status != 0)
		jputi(j, c->exit_status);
	else
		JLIT(j, "null");
}

static void
packet_json(struct jb *j, const struct sv_timeline *tl,
    const struct sv_pktev *p, int64_t t)
{
	const struct sv_decoded *d = &p->d;
	char b[64];
	int icmp = d->proto == SV_PROTO_ICMP || d->proto == SV_PROTO_ICMP6;
	JLIT(j, "\"type\":\"packet\",\"t\":");
	jputi(j, sv_rel_ns(tl, t));
	JLIT(j, ",\"proto\":");
	jcstr(j, sv_proto_name(d->proto));
	JLIT(j, ",\"src\":");
	jendpoint(j, &d->src, !icmp);
	JLIT(j, ",\"dst\":");
	jendpoint(j, &d->dst, !icmp);
	JLIT(j, ",\"from\":");
	jcstr(j, p->from >= 0 ? tl->lanes[p->from].name : NULL);
	JLIT(j, ",\"to\":");
	jcstr(j, p->to >= 0 ? tl->lanes[p->to].name : NULL);
	JLIT(j, ",\"flags\":");
	jcstr(j, sv_pkt_flags(p, b, sizeof(b)));
	if (d->proto == SV_PROTO_TCP) {
		JLIT(j, ",\"seq\":");
		jputu(j, p->rel_seq);
		JLIT(j, ",\"ack\":");
		jputu(j, p->rel_ack);
	} else {
		JLIT(j, ",\"seq\":null,\"ack\":null");
	}
	JLIT(j, ",\"len\":");
	jputu(j, d->payload_len);
	JLIT(j, ",\"cause\":");
	if (p->cause >= 0)
		jputi(j, p->cause);
	else
		JLIT(j, "null");
	JLIT(j, ",\"origin\":");
	jcstr(j, sv_origin_name(p->origin));
	JLIT(j, ",\"note\":");
	jcstr(j, p->note[0] ? p->note : NULL);
	JLIT(j, ",\"caplen\":");
	jputu(j, p->pkt.caplen);
	JLIT(j, ",\"origlen\":");
	jputu(j, p->pkt.origlen);
	JLIT(j, ",\"truncated\":");
	jbool(j, d->truncated);
	if (icmp) {
		JLIT(j, ",\"icmp_type\":");
		jputu(j, d->icmp_type);
		JLIT(j, ",\"icmp_code\":");
		jputu(j, d->icmp_code);
		JLIT(j, ",\"quote\":");
		if (d->quote.present) {
			JLIT(j, "{\"proto\":");
			jcstr(j, sv_proto_name(d->quote.proto));
			JLIT(j, ",\"src\":");
			jendpoint(j, &d->quote.src, 1);
			JLIT(j, ",\"dst\":");
			jendpoint(j, &d->quote.dst, 1);
			JLIT(j, "}");
		} else {
			JLIT(j, "null");
		}
	}
}

static int
json_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct jb j;
	/* Not zeroed: only the first n bytes are ever read. */
	j.fp = o->fp;
	j.n = 0;
	jputs(&j, ev->id ? ",\n{\"id\":" : "\n{\"id\":");
	jputi(&j, ev->id);
	jputc(&j, ',');
	switch (ev->type) {
	case SV_EV_CALL:
		call_json(&j, tl, &ev->u.call);
		break;
	case SV_EV_PACKET:
		packet_json(&j, tl, &ev->u.pkt, ev->t);
		break;
	}
	jputc(&j, '}');
	jflush(&j);
	return 0;
}

static int
json_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct jb j;
	/* Not zeroed: only the first n bytes are ever read. */
	j.fp = o->fp;
	j.n = 0;
	JLIT(&j, "\n],\n\"final\":[");
	for (int i = 0; i < tl->n_finals; i++) {
		const struct sv_final *f = &tl->finals[i];
		jputs(&j, i ? ",\n{\"actor\":" : "\n{\"actor\":");
		jcstr(&j, tl->lanes[f->actor].name);
		JLIT(&j, ",\"local\":");
		jendpoint(&j, &f->local, 1);
		JLIT(&j, ",\"peer\":");
		jendpoint(&j, &f->peer, 1);
		JLIT(&j, ",\"state\":");
		jcstr(&j, sv_tcp_state_name(f->state));
		jputc(&j, '}');
	}
	JLIT(&j, "]}\n");
	jflush(&j);
	return 0;
}

const struct sv_renderer sv_render_json = {
	.name = "json",
	.ext = ".json",
	.what = "the timeline as one JSON object (the contract of docs/json.md)",
	.begin = json_begin,
	.event = json_event,
	.end = json_end,
};
