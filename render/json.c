/*
 * The timeline as one JSON object: the contract of docs/json.md. Keys may be
 * added; none may be renamed or removed.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "render/names.h"
#include "render/render.h"

static void
jstr(FILE *fp, const char *s, size_t n)
{
	fputc('"', fp);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			/* Bytes outside printable ASCII as code points of
			 * the same value: always valid JSON, never UTF-8
			 * that was not there. */
			if (c < 0x20 || c >= 0x7f)
				fprintf(fp, "\\u%04x", c);
			else
				fputc(c, fp);
		}
	}
	fputc('"', fp);
}

static void
jcstr(FILE *fp, const char *s)
{
	if (s == NULL)
		fputs("null", fp);
	else
		jstr(fp, s, strlen(s));
}

static void
jendpoint(FILE *fp, const struct sv_endpoint *e, int with_port)
{
	char b[64];
	if (e->family == 0) {
		fputs("null", fp);
		return;
	}
	jcstr(fp, sv_endpoint_str(e, with_port, b, sizeof(b)));
}

static int
json_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	FILE *fp = o->fp;
	fputs("{\"sockviz\":1,\"scenario\":", fp);
	jcstr(fp, tl->scenario);
	fputs(",\"title\":", fp);
	jcstr(fp, tl->title);
	fputs(",\"summary\":", fp);
	jcstr(fp, tl->summary);
	fputs(",\"intro\":", fp);
	jcstr(fp, tl->intro);
	fprintf(fp, ",\n\"capture\":{\"packets\":%" PRIu64 ",\"dropped\":%"
	    PRIu64 ",\"isolated\":%s},\n\"actors\":[", tl->packets,
	    tl->dropped, tl->isolated ? "true" : "false");
	for (int i = 0; i < tl->n_lanes; i++) {
		fputs(i ? ",{\"name\":" : "{\"name\":", fp);
		jcstr(fp, tl->lanes[i].name);
		fprintf(fp, ",\"endpoint\":%s,\"pid\":",
		    tl->lanes[i].endpoint ? "true" : "false");
		/* An endpoint lane is an address, not a process. */
		if (!tl->lanes[i].endpoint && tl->lanes[i].pid > 0)
			fprintf(fp, "%d}", tl->lanes[i].pid);
		else
			fputs("null}", fp);
	}
	fputs("],\n\"events\":[", fp);
	return 0;
}

static void
call_json(FILE *fp, const struct sv_timeline *tl, const struct sv_call *c)
{
	char b[64];
	fputs("\"type\":\"call\",\"actor\":", fp);
	jcstr(fp, tl->lanes[c->actor].name);
	fputs(",\"fn\":", fp);
	jcstr(fp, sv_fn_name(c->fn));
	fputs(",\"text\":", fp);
	jcstr(fp, c->text);
	/* A call that never returned has no return value. */
	if (c->unfinished)
		fputs(",\"ret\":null,\"errno\":null", fp);
	else {
		fprintf(fp, ",\"ret\":%ld,\"errno\":", c->ret);
		jcstr(fp, c->err ? sv_errno_name(c->err, b, sizeof(b)) : NULL);
	}
	fprintf(fp, ",\"t_begin\":%" PRId64 ",\"t_end\":%" PRId64,
	    sv_rel_ns(tl, c->t_begin), sv_rel_ns(tl, c->t_end));
	fputs(",\"local\":", fp);
	jendpoint(fp, &c->local, 1);
	fputs(",\"peer\":", fp);
	jendpoint(fp, &c->peer, 1);
	fputs(",\"addr\":", fp);
	jendpoint(fp, &c->addr, 1);
	fputs(",\"state\":", fp);
	jcstr(fp, c->tcp_state > 0 ? sv_tcp_state_name(c->tcp_state) : NULL);
	fputs(",\"packets\":[", fp);
	for (size_t i = 0; i < c->n_packets; i++)
		fprintf(fp, "%s%d", i ? "," : "", c->packets[i]);
	fprintf(fp, "],\"step\":%d,\"line\":%d,\"blocked\":%s,\"data\":",
	    c->step, c->line, c->blocked ? "true" : "false");
	if (c->data != NULL)
		jstr(fp, c->data, c->data_len);
	else
		fputs("null", fp);
	fputs(",\"note\":", fp);
	jcstr(fp, c->note);
	fputs(",\"expect\":", fp);
	jcstr(fp, c->expect);
	fputs(",\"failure\":", fp);
	jcstr(fp, c->failure);
	fprintf(fp, ",\"unfinished\":%s,\"signal\":",
	    c->unfinished ? "true" : "false");
	jcstr(fp, c->signal > 0 ? sv_signal_str(c->signal, b, sizeof(b)) :
	    NULL);
}

static void
packet_json(FILE *fp, const struct sv_timeline *tl, const struct sv_pktev *p,
    int64_t t)
{
	const struct sv_decoded *d = &p->d;
	char b[64];
	int icmp = d->proto == SV_PROTO_ICMP || d->proto == SV_PROTO_ICMP6;
	fprintf(fp, "\"type\":\"packet\",\"t\":%" PRId64 ",\"proto\":",
	    sv_rel_ns(tl, t));
	jcstr(fp, sv_proto_name(d->proto));
	fputs(",\"src\":", fp);
	jendpoint(fp, &d->src, !icmp);
	fputs(",\"dst\":", fp);
	jendpoint(fp, &d->dst, !icmp);
	fputs(",\"from\":", fp);
	jcstr(fp, p->from >= 0 ? tl->lanes[p->from].name : NULL);
	fputs(",\"to\":", fp);
	jcstr(fp, p->to >= 0 ? tl->lanes[p->to].name : NULL);
	fputs(",\"flags\":", fp);
	jcstr(fp, sv_pkt_flags(p, b, sizeof(b)));
	if (d->proto == SV_PROTO_TCP)
		fprintf(fp, ",\"seq\":%u,\"ack\":%u", p->rel_seq, p->rel_ack);
	else
		fputs(",\"seq\":null,\"ack\":null", fp);
	fprintf(fp, ",\"len\":%u,\"cause\":", d->payload_len);
	if (p->cause >= 0)
		fprintf(fp, "%d", p->cause);
	else
		fputs("null", fp);
	fputs(",\"origin\":", fp);
	jcstr(fp, sv_origin_name(p->origin));
	fputs(",\"note\":", fp);
	jcstr(fp, p->note[0] ? p->note : NULL);
	fprintf(fp, ",\"caplen\":%u,\"origlen\":%u,\"truncated\":%s",
	    p->pkt.caplen, p->pkt.origlen, d->truncated ? "true" : "false");
	if (icmp) {
		fprintf(fp, ",\"icmp_type\":%u,\"icmp_code\":%u,\"quote\":",
		    d->icmp_type, d->icmp_code);
		if (d->quote.present) {
			fputs("{\"proto\":", fp);
			jcstr(fp, sv_proto_name(d->quote.proto));
			fputs(",\"src\":", fp);
			jendpoint(fp, &d->quote.src, 1);
			fputs(",\"dst\":", fp);
			jendpoint(fp, &d->quote.dst, 1);
			fputs("}", fp);
		} else {
			fputs("null", fp);
		}
	}
}

static int
json_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	FILE *fp = o->fp;
	fprintf(fp, "%s\n{\"id\":%d,", ev->id ? "," : "", ev->id);
	switch (ev->type) {
	case SV_EV_CALL:
		call_json(fp, tl, &ev->u.call);
		break;
	case SV_EV_PACKET:
		packet_json(fp, tl, &ev->u.pkt, ev->t);
		break;
	}
	fputc('}', fp);
	return 0;
}

static int
json_end(struct sv_out *o, const struct sv_timeline *tl)
{
	FILE *fp = o->fp;
	fputs("\n],\n\"final\":[", fp);
	for (int i = 0; i < tl->n_finals; i++) {
		const struct sv_final *f = &tl->finals[i];
		fputs(i ? ",\n{\"actor\":" : "\n{\"actor\":", fp);
		jcstr(fp, tl->lanes[f->actor].name);
		fputs(",\"local\":", fp);
		jendpoint(fp, &f->local, 1);
		fputs(",\"peer\":", fp);
		jendpoint(fp, &f->peer, 1);
		fputs(",\"state\":", fp);
		jcstr(fp, sv_tcp_state_name(f->state));
		fputc('}', fp);
	}
	fputs("]}\n", fp);
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
