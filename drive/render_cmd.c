#include "drive/render_cmd.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capfile.h"
#include "drive/render_select.h"
#include "render/timeline_io.h"

#define MAX_FILTER_LINKTYPES 8

/* A pcap filter, compiled once per link type it meets. */
struct filter {
	const char *expr;
	struct {
		uint32_t linktype;
		struct bpf_program prog;
	} c[MAX_FILTER_LINKTYPES];
	int n;
};

static void
filter_free(struct filter *f)
{
	for (int i = 0; i < f->n; i++)
		pcap_freecode(&f->c[i].prog);
	f->n = 0;
}

/* 1 the packet passes, 0 it does not, -1 the expression is bad. */
static int
filter_match(struct filter *f, const struct sv_packet *p, char *errbuf,
    size_t errlen)
{
	if (f->expr == NULL)
		return 1;
	int i;
	for (i = 0; i < f->n; i++)
		if (f->c[i].linktype == p->linktype)
			break;
	if (i == f->n) {
		if (f->n == MAX_FILTER_LINKTYPES) {
			snprintf(errbuf, errlen, "--filter: more than %d link"
			    " types in one capture", MAX_FILTER_LINKTYPES);
			return -1;
		}
		pcap_t *dead = pcap_open_dead_with_tstamp_precision(
		    (int)p->linktype, 262144, PCAP_TSTAMP_PRECISION_NANO);
		if (dead == NULL) {
			snprintf(errbuf, errlen, "--filter: out of memory");
			return -1;
		}
		if (pcap_compile(dead, &f->c[i].prog, f->expr, 1,
		    PCAP_NETMASK_UNKNOWN) < 0) {
			snprintf(errbuf, errlen, "--filter '%s': %s", f->expr,
			    pcap_geterr(dead));
			pcap_close(dead);
			return -1;
		}
		pcap_close(dead);
		f->c[i].linktype = p->linktype;
		f->n++;
	}
	struct pcap_pkthdr h;
	memset(&h, 0, sizeof(h));
	h.caplen = p->caplen;
	h.len = p->origlen;
	return pcap_offline_filter(&f->c[i].prog, &h, p->data) != 0;
}

/* The packets of a capture, one at a time, filtered. */
struct source {
	FILE *fp;
	const char *name;
	struct sv_capreader *rd;
	struct filter *filter;
	struct sv_select *sel;   /* --conv, --top; NULL: every packet */
	char err[512];           /* a read error, kept for the end */
	int failed;              /* the file is damaged past this point */
};

static int
source_open(struct source *s, char *errbuf, size_t errlen)
{
	char why[400];
	s->rd = sv_capreader_open_file(s->fp, why, sizeof(why));
	if (s->rd == NULL) {
		snprintf(errbuf, errlen, "%s: %s", s->name, why);
		return -1;
	}
	return 0;
}

/* 1 a packet, 0 the end (clean or damaged: see s->failed), -1 a bad
 * filter (errbuf set). */
static int
source_next(struct source *s, struct sv_packet *p, char *errbuf,
    size_t errlen)
{
	for (;;) {
		char why[400];
		int r = sv_capreader_next(s->rd, p, why, sizeof(why));
		if (r < 0) {
			snprintf(s->err, sizeof(s->err), "%s: %s", s->name,
			    why);
			s->failed = 1;
			return 0;
		}
		if (r == 0)
			return 0;
		int m = filter_match(s->filter, p, errbuf, errlen);
		if (m > 0 && s->sel != NULL && !sv_select_match(s->sel, p))
			continue;
		if (m != 0)
			return m;
	}
}

/* The sockviz timeline a pcapng section carries, if any: a malloc'd
 * string, or NULL (*oom says whether memory ran out). */
static char *
encoded_timeline(const struct sv_capreader *rd, int *oom)
{
	const char *const *c;
	size_t n = sv_capreader_section_comments(rd, &c);
	return sv_timeline_join(c, n, oom);
}

static int
begin_all(struct sv_sink *sinks, int n, const struct sv_timeline *tl,
    char *errbuf, size_t errlen)
{
	for (int i = 0; i < n; i++)
		if (sinks[i].r->begin != NULL &&
		    sinks[i].r->begin(&sinks[i].out, tl) < 0) {
			snprintf(errbuf, errlen, "%s: %s", sinks[i].name,
			    sinks[i].out.err);
			return -1;
		}
	return 0;
}

static int
event_all(struct sv_sink *sinks, int n, const struct sv_timeline *tl,
    const struct sv_event *ev, char *errbuf, size_t errlen)
{
	for (int i = 0; i < n; i++)
		if (sinks[i].r->event(&sinks[i].out, tl, ev) < 0) {
			snprintf(errbuf, errlen, "%s: %s", sinks[i].name,
			    sinks[i].out.err);
			return -1;
		}
	return 0;
}

/* Every sink ended, also after one failed (a format may hold a thread
 * or a temporary file until its end); the first failure is reported. */
static int
end_all(struct sv_sink *sinks, int n, const struct sv_timeline *tl,
    char *errbuf, size_t errlen)
{
	int st = 0;
	for (int i = 0; i < n; i++)
		if (sinks[i].r->end != NULL &&
		    sinks[i].r->end(&sinks[i].out, tl) < 0 && st == 0) {
			snprintf(errbuf, errlen, "%s: %s", sinks[i].name,
			    sinks[i].out.err);
			st = -1;
		}
	return st;
}

/* A packet event that borrows the reader's buffers. */
static void
borrowed_event(struct sv_event *ev, const struct sv_packet *p, int id)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = SV_EV_PACKET;
	ev->id = id;
	ev->t = p->ts_ns;
	ev->u.pkt.pkt = *p;
	ev->u.pkt.pkt.comment = NULL;
	ev->u.pkt.from = ev->u.pkt.to = ev->u.pkt.cause = -1;
}

/* The whole timeline in memory: for sockviz's own files (calls and their
 * packet lists go together) and for input that cannot be read twice. */
static int
render_held(struct source *s, struct sv_timeline *tl,
    struct sv_packet *first, int have_first, struct sv_sink *sinks,
    int n_sinks, char *errbuf, size_t errlen)
{
	struct sv_packet p = *first;
	int r = have_first;
	while (r == 1) {
		if (tl->packets == 0)
			tl->linktype = p.linktype;
		/* The reader's bytes last only until its next call. */
		struct sv_packet copy;
		if (sv_packet_copy(&copy, &p) < 0) {
			snprintf(errbuf, errlen, "out of memory");
			return 3;
		}
		if (sv_timeline_add_packet(tl, &copy) < 0) {
			sv_packet_clear(&copy);
			snprintf(errbuf, errlen, "out of memory");
			return 3;
		}
		tl->packets++;
		r = source_next(s, &p, errbuf, errlen);
	}
	if (r < 0)
		return 2;
	if (sv_select_check(s->sel, s->name, errbuf, errlen) < 0)
		return 2;
	if (sv_correlate(tl, errbuf, errlen) < 0)
		return 3;
	int st = 0;
	for (int i = 0; i < n_sinks && st == 0; i++)
		if (sv_render(sinks[i].r, &sinks[i].out, tl) < 0) {
			snprintf(errbuf, errlen, "%s: %s", sinks[i].name,
			    sinks[i].out.err);
			st = 2;
		}
	return st;
}

/* A capture without calls, drawn as it is read. */
static int
render_streamed(struct source *s, struct sv_timeline *tl,
    struct sv_sink *sinks, int n_sinks, char *errbuf, size_t errlen)
{
	struct sv_correlator *c = sv_correlator_new(tl);
	struct sv_packet p;
	struct sv_event ev;
	uint64_t count = 0;
	int r, st = 0;
	if (c == NULL)
		goto oom;
	sv_correlator_lanes_only(c);
	/* Pass one: the lanes, the count, the first stamp. */
	while ((r = source_next(s, &p, errbuf, errlen)) == 1) {
		borrowed_event(&ev, &p, (int)count);
		if (count == 0 || p.ts_ns < tl->t0)
			tl->t0 = p.ts_ns;
		if (count == 0)
			tl->linktype = p.linktype;
		if (sv_correlator_packet(c, &ev) < 0)
			goto oom;
		count++;
	}
	if (r >= 0)
		sv_correlator_done(c);
	sv_correlator_free(c);
	c = NULL;
	if (r < 0)
		return 2;
	/* A conversation asked for by name and not there: nothing drawn. */
	if (sv_select_check(s->sel, s->name, errbuf, errlen) < 0)
		return 2;
	tl->packets = count;

	/* Pass two: draw, from the start of the file again. */
	sv_capreader_free(s->rd);
	s->rd = NULL;
	/* Only the packets before any damage are read again: the damage
	 * itself is reported once, after the drawing. */
	if (fseek(s->fp, 0, SEEK_SET) != 0 || source_open(s, errbuf,
	    errlen) < 0)
		return 2;
	if ((c = sv_correlator_new(tl)) == NULL)
		goto oom;
	if (begin_all(sinks, n_sinks, tl, errbuf, errlen) < 0) {
		sv_correlator_free(c);
		return 2;
	}
	/* Every layout has planned its lanes from the spans: they are not
	 * asked again (the correlation of this pass records none). */
	free(tl->spans);
	tl->spans = NULL;
	tl->n_spans = tl->spans_cap = 0;
	for (uint64_t k = 0; k < count; k++) {
		if (source_next(s, &p, errbuf, errlen) != 1)
			break;
		borrowed_event(&ev, &p, (int)k);
		if (sv_correlator_packet(c, &ev) < 0)
			goto oom;
		if (event_all(sinks, n_sinks, tl, &ev, errbuf, errlen) < 0) {
			st = 2;
			break;
		}
	}
	sv_correlator_free(c);
	if (end_all(sinks, n_sinks, tl, errbuf, errlen) < 0 && st == 0)
		st = 2;
	return st;
oom:
	sv_correlator_free(c);
	snprintf(errbuf, errlen, "out of memory");
	return 3;
}

/*
 * --conv N and --top N: the conversations counted in a first pass over
 * the capture (filtered), then the file read again from its start.
 * Returns an exit status.
 */
static int
count_conversations(struct source *s, struct sv_select *sel, char *errbuf,
    size_t errlen)
{
	struct sv_convcount *cc = sv_convcount_new();
	struct sv_packet p;
	int r, st = 0;
	if (fseek(s->fp, 0, SEEK_SET) != 0) {
		sv_convcount_free(cc);
		snprintf(errbuf, errlen, "%s: --top and --conv N read the"
		    " capture twice: give a file, not a pipe", s->name);
		return 2;
	}
	if (cc == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return 3;
	}
	if (source_open(s, errbuf, errlen) < 0) {
		sv_convcount_free(cc);
		return 2;
	}
	while ((r = source_next(s, &p, errbuf, errlen)) == 1)
		if (sv_convcount_add(cc, &p) < 0) {
			r = -2;
			break;
		}
	if (r == -2) {
		snprintf(errbuf, errlen, "out of memory");
		st = 3;
	} else if (r < 0) {
		st = 2;
	} else {
		int v = sv_select_resolve(sel, cc, s->name, errbuf, errlen);
		st = v == -2 ? 3 : v < 0 ? 2 : 0;
		if (v == -2)
			snprintf(errbuf, errlen, "out of memory");
	}
	sv_convcount_free(cc);
	sv_capreader_free(s->rd);
	s->rd = NULL;
	/* Damage is found again, and reported, by the drawing pass. */
	s->failed = 0;
	s->err[0] = '\0';
	if (st == 0 && fseek(s->fp, 0, SEEK_SET) != 0) {
		snprintf(errbuf, errlen, "%s: cannot read it again",
		    s->name);
		st = 2;
	}
	return st;
}

int
sv_render_capture(FILE *fp, const char *name, const char *filter,
    struct sv_select *sel, struct sv_sink *sinks, int n_sinks,
    char *errbuf, size_t errlen)
{
	struct filter f = { .expr = filter };
	struct source s = { .fp = fp, .name = name, .filter = &f };
	struct sv_timeline *tl = sv_timeline_new();
	struct sv_packet first;
	int st;

	errbuf[0] = '\0';
	if (tl == NULL || (tl->capfile = strdup(name)) == NULL) {
		sv_timeline_free(tl);
		snprintf(errbuf, errlen, "out of memory");
		return 3;
	}
	const char *base = strrchr(name, '/');
	if ((tl->scenario = strdup(base ? base + 1 : name)) == NULL) {
		sv_timeline_free(tl);
		snprintf(errbuf, errlen, "out of memory");
		return 3;
	}
	if (sv_select_needs_count(sel) && (st = count_conversations(&s, sel,
	    errbuf, errlen)) != 0) {
		filter_free(&f);
		sv_timeline_free(tl);
		return st;
	}
	s.sel = sv_select_active(sel) ? sel : NULL;
	if (source_open(&s, errbuf, errlen) < 0) {
		filter_free(&f);
		sv_timeline_free(tl);
		return 2;
	}
	int r = source_next(&s, &first, errbuf, errlen);
	int oom = 0, calls = 0;
	char *encoded = r >= 0 ? encoded_timeline(s.rd, &oom) : NULL;
	char why[512];
	if (oom) {
		snprintf(errbuf, errlen, "out of memory");
		r = -1;
	} else if (encoded != NULL && (free(tl->scenario), tl->scenario =
	    NULL, sv_timeline_decode(tl, encoded,
	    strlen(encoded), why, sizeof(why))) < 0) {
		snprintf(errbuf, errlen, "%s: %s", name, why);
		r = -1;
	}
	for (size_t i = 0; encoded != NULL && i < tl->n; i++)
		calls += tl->ev[i].type == SV_EV_CALL;
	/* A timeline without calls (a capture sockviz re-wrote) is drawn
	 * as it is read, like any capture: memory stays flat. */
	if (encoded != NULL && calls == 0 && fseek(fp, 0, SEEK_SET) == 0) {
		free(encoded);
		encoded = NULL;
		sv_capreader_free(s.rd);
		s.rd = NULL;
		if (source_open(&s, errbuf, errlen) < 0)
			r = -1;
		else if (r >= 0)
			r = 2;   /* streamed below */
	}
	if (r < 0) {
		st = 2;
	} else if (r == 2) {
		st = render_streamed(&s, tl, sinks, n_sinks, errbuf, errlen);
	} else if (encoded != NULL || fseek(fp, 0, SEEK_SET) != 0) {
		/* The timeline the run drew, whole (decoded above, with the
		 * run's scenario name), or a capture that cannot be read
		 * twice. */
		st = render_held(&s, tl, &first, r == 1, sinks,
		    n_sinks, errbuf, errlen);
	} else {
		sv_capreader_free(s.rd);
		s.rd = NULL;
		if (source_open(&s, errbuf, errlen) < 0)
			st = 2;
		else
			st = render_streamed(&s, tl, sinks, n_sinks, errbuf,
			    errlen);
	}
	if (st == 0 && s.failed) {
		snprintf(errbuf, errlen, "%s", s.err);
		st = 2;
	}
	free(encoded);
	sv_capreader_free(s.rd);
	filter_free(&f);
	sv_timeline_free(tl);
	return st;
}

/* Conversations: protocol and the two endpoints, lower one first. */
struct flow {
	enum sv_proto proto;
	struct sv_endpoint a, b;
	uint64_t packets, bytes;
};

/* One word into the hash: multiply, fold the high half down. */
static uint64_t
flow_mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static uint64_t
flow_hash(const struct flow *k)
{
	/* Every field sv_endpoint_cmp() compares, a word at a time: each packet is
	 * hashed once. */
	const struct sv_endpoint *e[2] = { &k->a, &k->b };
	uint64_t h = 14695981039346656037ULL ^ (uint64_t)k->proto, w[2];
	for (int j = 0; j < 2; j++) {
		memcpy(w, e[j]->addr, 16);
		h = flow_mix(h, (uint64_t)e[j]->family << 16 | e[j]->port);
		h = flow_mix(flow_mix(h, w[0]), w[1]);
	}
	return h;
}

/* s padded with spaces to width, after it (left) or before it. */
static size_t
flow_field(char *out, const char *s, size_t len, size_t width, int left)
{
	size_t pad = len < width ? width - len : 0, n = 0;
	if (!left) {
		memset(out, ' ', pad);
		n = pad;
	}
	memcpy(out + n, s, len);
	n += len;
	if (left) {
		memset(out + n, ' ', pad);
		n += pad;
	}
	return n;
}

/* v in decimal, right-aligned in width. */
static size_t
flow_count(char *out, uint64_t v, size_t width)
{
	char d[20];
	size_t k = sizeof(d);
	do
		d[--k] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return flow_field(out, d + k, sizeof(d) - k, width, 0);
}

/* Where flow k is in the index (a free slot if it is not there). The
 * index keeps the table linear in conversations. */
static size_t
flow_slot(const struct flow *flows, const long *index, size_t cap,
    const struct flow *k)
{
	size_t mask = cap - 1, i = (size_t)flow_hash(k) & mask;
	while (index[i] >= 0) {
		const struct flow *f = &flows[index[i]];
		if (f->proto == k->proto && sv_endpoint_cmp(&f->a, &k->a) == 0 &&
		    sv_endpoint_cmp(&f->b, &k->b) == 0)
			break;
		i = (i + 1) & mask;
	}
	return i;
}

int
sv_render_flows(FILE *fp, const char *name, const char *filter, FILE *out,
    char *errbuf, size_t errlen)
{
	struct filter f = { .expr = filter };
	struct source s = { .fp = fp, .name = name, .filter = &f };
	struct flow *flows = NULL;
	long *index = NULL;
	size_t n = 0, icap = 0;
	struct sv_packet p;
	int r, st = 0;

	errbuf[0] = '\0';
	if (source_open(&s, errbuf, errlen) < 0)
		return 2;
	while ((r = source_next(&s, &p, errbuf, errlen)) == 1) {
		struct sv_decoded d;
		sv_decode(p.linktype, p.data, p.caplen, &d);
		struct flow k = { .proto = d.proto };
		if (sv_endpoint_cmp(&d.src, &d.dst) <= 0) {
			k.a = d.src;
			k.b = d.dst;
		} else {
			k.a = d.dst;
			k.b = d.src;
		}
		if ((n + 1) * 2 > icap) {
			/* Grow both: the flows and their index, half empty. */
			size_t nc = icap ? icap * 2 : 64;
			struct flow *nf = realloc(flows, nc / 2 * sizeof(*nf));
			long *ni = malloc(nc * sizeof(*ni));
			if (nf == NULL || ni == NULL) {
				free(ni);
				free(nf != NULL ? nf : flows);
				free(index);
				snprintf(errbuf, errlen, "out of memory");
				sv_capreader_free(s.rd);
				filter_free(&f);
				return 3;
			}
			flows = nf;
			for (size_t j = 0; j < nc; j++)
				ni[j] = -1;
			free(index);
			index = ni;
			icap = nc;
			for (size_t j = 0; j < n; j++)
				index[flow_slot(flows, index, icap,
				    &flows[j])] = (long)j;
		}
		size_t slot = flow_slot(flows, index, icap, &k);
		if (index[slot] < 0) {
			index[slot] = (long)n;
			flows[n++] = k;
		}
		size_t i = (size_t)index[slot];
		flows[i].packets++;
		flows[i].bytes += p.origlen;
	}
	if (r < 0)
		st = 2;
	fprintf(out, "%-7s %-45s %8s %10s\n", "proto", "conversation",
	    "packets", "bytes");
	for (size_t i = 0; i < n; i++) {
		char a[64], b[64], conv[140], line[256];
		int ports = flows[i].proto == SV_PROTO_TCP ||
		    flows[i].proto == SV_PROTO_UDP;
		snprintf(conv, sizeof(conv), "%s <-> %s",
		    sv_endpoint_str(&flows[i].a, ports, a, sizeof(a)),
		    sv_endpoint_str(&flows[i].b, ports, b, sizeof(b)));
		/* "%-7s %-45s %8llu %10llu\n", by hand: a capture of short
		 * connections has a line for every hundred packets. */
		const char *proto = sv_proto_name(flows[i].proto);
		size_t k = flow_field(line, proto, strlen(proto), 7, 1);
		line[k++] = ' ';
		k += flow_field(line + k, conv, strlen(conv), 45, 1);
		line[k++] = ' ';
		k += flow_count(line + k, flows[i].packets, 8);
		line[k++] = ' ';
		k += flow_count(line + k, flows[i].bytes, 10);
		line[k++] = '\n';
		fwrite(line, 1, k, out);
	}
	if (st == 0 && s.failed) {
		snprintf(errbuf, errlen, "%s", s.err);
		st = 2;
	}
	free(flows);
	free(index);
	sv_capreader_free(s.rd);
	filter_free(&f);
	return st;
}
