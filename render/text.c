/*
 * The terminal timeline: a ladder diagram. One lifeline per lane, the
 * calls beside their actor's line, every packet an arrow between two
 * lines, labelled with its flags and, on the sender's side, its numbers
 * and the call that caused it.
 *
 * Each row is drawn on a canvas of cells first (one cell per column, so
 * UTF-8 notes and colours never shift the lines), then printed.
 */
#include <inttypes.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "render/names.h"
#include "render/render.h"

#define TIME_W 10
#define MIN_WIDTH 72
#define MAX_WIDTH 240
#define MAX_LANES 32

enum style {
	S_PLAIN, S_DIM, S_BOLD, S_LANE0, S_SYN, S_FIN, S_RST, S_DATA,
	S_UDP, S_ICMP, S_OK, S_BAD, S_NOTE,
};

static const char *const ansi[] = {
	[S_PLAIN] = "0", [S_DIM] = "2", [S_BOLD] = "1", [S_LANE0] = "1;34",
	[S_SYN] = "32", [S_FIN] = "33", [S_RST] = "1;31", [S_DATA] = "36",
	[S_UDP] = "35", [S_ICMP] = "31", [S_OK] = "32", [S_BAD] = "1;31",
	[S_NOTE] = "3",
};

struct cell {
	char ch[5];              /* one UTF-8 character; "" after a wide one */
	unsigned char style;
};

struct pending {                 /* a blocked call's return, to draw later */
	int64_t t;
	const struct sv_event *ev;
};

struct text_state {
	int width;
	int n_lanes;
	int x[MAX_LANES];        /* lifeline columns */
	int left_w;              /* text area left of lane 0 */
	struct cell *row;
	struct pending *pend;
	size_t n_pend, cap_pend;
	int n_calls, n_silent, n_answer, n_kernel, n_failed, n_expect;
	int n_calls_total;       /* in the whole timeline */
};

/* Display width of s. */
static int
text_width(const char *s)
{
	int w = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += sv_utf8_next(s + i, n - i, &cp);
		w += sv_cp_cols(cp);
	}
	return w;
}

static void
clear_row(struct text_state *s)
{
	for (int i = 0; i < s->width; i++) {
		strcpy(s->row[i].ch, " ");
		s->row[i].style = S_PLAIN;
	}
}

static void
put_ch(struct text_state *s, int x, const char *ch, int style)
{
	if (x < 0 || x >= s->width)
		return;
	snprintf(s->row[x].ch, sizeof(s->row[x].ch), "%s", ch);
	s->row[x].style = (unsigned char)style;
}

/* Write text from column x, at most maxw columns; "…" marks a cut.
 * Returns the columns used. */
static int
put_text(struct text_state *s, int x, const char *t, int style, int maxw)
{
	int w = 0;
	size_t n = strlen(t);
	int total = text_width(t);
	if (maxw <= 0)
		return 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = sv_utf8_next(t + i, n - i, &cp);
		int cw = sv_cp_cols(cp);
		if (total > maxw && w + cw > maxw - 1) {
			put_ch(s, x + w, "\xe2\x80\xa6", style);
			return w + 1;
		}
		if (w + cw > maxw)
			break;
		char ch[5] = { 0 };
		if (cp == SV_NOT_UTF8)
			strcpy(ch, "?");
		else if (cp < 0x20)
			strcpy(ch, " ");
		else
			memcpy(ch, t + i, len);
		put_ch(s, x + w, ch, style);
		if (cw == 2)
			put_ch(s, x + w + 1, "", style);
		w += cw;
		i += len;
	}
	return w;
}

/* Right-aligned so that the text ends just before column end. */
static void
put_text_right(struct text_state *s, int end, const char *t, int style,
    int maxw)
{
	int w = text_width(t);
	if (w > maxw)
		w = maxw;
	put_text(s, end - w, t, style, maxw);
}

static void
lifelines(struct text_state *s)
{
	for (int i = 0; i < s->n_lanes; i++)
		put_ch(s, s->x[i], "\xe2\x94\x82", S_DIM);   /* │ */
}

static void
flush_row(struct text_state *s, struct sv_out *o)
{
	int last = s->width - 1;
	while (last >= 0 && strcmp(s->row[last].ch, " ") == 0)
		last--;
	int cur = S_PLAIN;
	for (int i = 0; i <= last; i++) {
		if (o->color && s->row[i].style != cur) {
			fprintf(o->fp, "\033[0m");
			if (s->row[i].style != S_PLAIN)
				fprintf(o->fp, "\033[%sm",
				    ansi[s->row[i].style]);
			cur = s->row[i].style;
		}
		fputs(s->row[i].ch, o->fp);
	}
	if (o->color && cur != S_PLAIN)
		fputs("\033[0m", o->fp);
	fputc('\n', o->fp);
	clear_row(s);
}

static void
put_time(struct text_state *s, const struct sv_timeline *tl, int64_t t)
{
	char b[32];
	int64_t us = sv_rel_ns(tl, t) / 1000;
	snprintf(b, sizeof(b), "%4" PRId64 ".%03" PRId64, us / 1000,
	    us % 1000);
	put_text_right(s, TIME_W - 2, b, S_DIM, TIME_W - 2);
}

static int
lane_style(int lane)
{
	(void)lane;
	return S_BOLD;
}

/* Text beside a lane: left of lane 0, right of the others. */
static void
beside(struct text_state *s, int lane, const char *t, int style)
{
	if (lane == 0 && s->n_lanes > 1) {
		put_text_right(s, s->x[0] - 1, t, style, s->left_w);
	} else {
		int x = s->x[lane] + 2;
		put_text(s, x, t, style, s->width - x);
	}
}

/*
 * A call beside its lane: when space runs short, the call's arguments are
 * cut, never what follows them (tail: the result, the check mark), which
 * is the point of the line.
 */
static void
beside_call(struct text_state *s, int lane, const char *text,
    const char *tail, int style)
{
	int avail = lane == 0 && s->n_lanes > 1 ? s->left_w :
	    s->width - s->x[lane] - 2;
	int tw = text_width(text), lw = text_width(tail);
	int total = tw + lw <= avail ? tw + lw : avail;
	int x = lane == 0 && s->n_lanes > 1 ? s->x[0] - 1 - total :
	    s->x[lane] + 2;
	if (total - lw < 8) {
		/* Too narrow to keep both: cut the whole line instead. */
		char b[1024];
		snprintf(b, sizeof(b), "%s%s", text, tail);
		beside(s, lane, b, style);
		return;
	}
	int used = put_text(s, x, text, style, total - lw);
	put_text(s, x + used, tail, style, lw);
}

static int
text_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	struct text_state *s = calloc(1, sizeof(*s));
	if (s == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	o->priv = s;
	s->width = o->width < MIN_WIDTH ? MIN_WIDTH : o->width > MAX_WIDTH ?
	    MAX_WIDTH : o->width;
	s->n_lanes = tl->n_lanes < MAX_LANES ? tl->n_lanes : MAX_LANES;
	if (s->n_lanes == 0)
		s->n_lanes = 1;
	s->row = calloc((size_t)s->width, sizeof(*s->row));
	if (s->row == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	/* Lane 0's text sits on the left; the others' on their right. The
	 * ladder takes what the two text areas leave, at least 24 columns
	 * between two lifelines. */
	int avail = s->width - TIME_W;
	int gap = s->n_lanes > 1 ? (avail * 20 / 100) / (s->n_lanes - 1) : 0;
	if (s->n_lanes > 1 && gap < 18)
		gap = 18;
	s->left_w = (avail - gap * (s->n_lanes - 1)) / 2;
	if (s->left_w < 20)
		s->left_w = 20;
	for (int i = 0; i < s->n_lanes; i++)
		s->x[i] = TIME_W + s->left_w + 1 + i * gap;
	clear_row(s);
	for (size_t i = 0; i < tl->n; i++)
		s->n_calls_total += tl->ev[i].type == SV_EV_CALL;

	char b[512];
	snprintf(b, sizeof(b), "sockviz \xc2\xb7 %s%s%s", tl->scenario ?
	    tl->scenario : "capture", tl->title ? " \xc2\xb7 " : "",
	    tl->title ? tl->title : "");
	put_text(s, 0, b, S_BOLD, s->width);
	flush_row(s, o);
	if (tl->summary) {
		put_text(s, 0, tl->summary, S_PLAIN, s->width);
		flush_row(s, o);
	}
	/* As the pictures say it: a run drawn again from its pcapng says
	 * what the run said. */
	sv_capture_line(tl, s->n_calls_total, b, sizeof(b));
	put_text(s, 0, b, tl->dropped ? S_BAD : S_DIM, s->width);
	flush_row(s, o);
	if (tl->dropped) {
		snprintf(b, sizeof(b), "the capture lost %" PRIu64 " packets:"
		    " this timeline is incomplete", tl->dropped);
		put_text(s, 0, b, S_BAD, s->width);
		flush_row(s, o);
	}
	if (tl->intro) {
		flush_row(s, o);
		const char *p = tl->intro;
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			snprintf(b, sizeof(b), "%.*s", (int)n, p);
			put_text(s, 0, b, S_NOTE, s->width);
			flush_row(s, o);
			p += n + (nl ? 1 : 0);
		}
	}
	flush_row(s, o);
	put_text_right(s, TIME_W - 2, "ms", S_DIM, TIME_W);
	/* A capture filtered down to nothing has no lanes at all. */
	for (int i = 0; i < s->n_lanes && i < tl->n_lanes; i++) {
		const char *name = tl->lanes[i].name;
		int w = text_width(name);
		int x = i == 0 && s->n_lanes > 1 ? s->x[i] - w + 1 :
		    i == s->n_lanes - 1 && s->n_lanes > 1 ? s->x[i] :
		    s->x[i] - w / 2;
		put_text(s, x, name, lane_style(i), w);
	}
	flush_row(s, o);
	lifelines(s);
	flush_row(s, o);
	return 0;
}

static int
pkt_style(const struct sv_pktev *p)
{
	const struct sv_decoded *d = &p->d;
	switch (d->proto) {
	case SV_PROTO_TCP:
		if (d->tcp_flags & SV_TCP_RST)
			return S_RST;
		if (d->tcp_flags & SV_TCP_SYN)
			return S_SYN;
		if (d->tcp_flags & SV_TCP_FIN)
			return S_FIN;
		return d->payload_len ? S_DATA : S_PLAIN;
	case SV_PROTO_UDP:
		return S_UDP;
	case SV_PROTO_ICMP:
	case SV_PROTO_ICMP6:
		return S_ICMP;
	case SV_PROTO_IPV4:
	case SV_PROTO_IPV6:
	case SV_PROTO_LINK:
	case SV_PROTO_UNKNOWN:
		return S_DIM;
	}
	return S_PLAIN;
}

static void
draw_packet(struct text_state *s, struct sv_out *o,
    const struct sv_timeline *tl, const struct sv_event *ev)
{
	const struct sv_pktev *p = &ev->u.pkt;
	int from = p->from >= 0 && p->from < s->n_lanes ? p->from : 0;
	int to = p->to >= 0 && p->to < s->n_lanes ? p->to : from;
	int st = pkt_style(p);
	char label[96], detail[256], numbers[48];

	put_time(s, tl, ev->t);
	lifelines(s);
	sv_pkt_short(p, label, sizeof(label));
	int xf = s->x[from], xt = s->x[to];
	if (from == to) {
		put_ch(s, xf, "\xe2\x86\xba", st);                   /* ↺ */
		put_text(s, xf + 2, label, st, s->width - xf - 2);
	} else {
		int lo = xf < xt ? xf : xt, hi = xf < xt ? xt : xf;
		for (int x = lo + 1; x < hi; x++)
			put_ch(s, x, "\xe2\x94\x80", st);            /* ─ */
		if (xf < xt)
			put_ch(s, hi - 1, "\xe2\x96\xb6", st);       /* ▶ */
		else
			put_ch(s, lo + 1, "\xe2\x97\x80", st);       /* ◀ */
		int lw = text_width(label) + 2;
		if (lw > hi - lo - 3 && (p->d.proto == SV_PROTO_ICMP ||
		    p->d.proto == SV_PROTO_ICMP6)) {
			snprintf(label, sizeof(label), "%s",
			    sv_proto_name(p->d.proto));
			lw = text_width(label) + 2;
		}
		if (lw <= hi - lo - 3) {
			int x = lo + 1 + (hi - lo - 1 - lw) / 2;
			put_ch(s, x, " ", st);
			put_text(s, x + 1, label, st, lw - 2);
			put_ch(s, x + lw - 1, " ", st);
		}
	}
	/* Numbers and cause on the sender's side. */
	if (p->d.proto == SV_PROTO_TCP)
		snprintf(numbers, sizeof(numbers), "seq=%u ack=%u",
		    p->rel_seq, p->rel_ack);
	else
		numbers[0] = '\0';
	if (p->cause < 0 && s->n_calls_total > 0)
		s->n_kernel++;
	else if (p->cause >= 0 && p->origin == SV_ORIGIN_ANSWER)
		s->n_answer++;
	int side = from;
	if (from == to || (from == 0 && s->n_lanes > 1 && xf > xt))
		side = s->n_lanes - 1;
	int x = s->x[s->n_lanes - 1] + 2;
	int room = side == 0 && s->n_lanes > 1 ? s->left_w : s->width - x;
	/* An answer names the kernel that sent it where there is room, and
	 * says less where there is not, rather than lose the call's name. */
	for (int terse = 0; terse <= 2; terse++) {
		char cause[192];
		sv_pkt_cause(tl, p, s->n_calls_total, terse, cause,
		    sizeof(cause));
		snprintf(detail, sizeof(detail), "%s%s%s", numbers,
		    numbers[0] && cause[0] ? "  " : "", cause);
		if (text_width(detail) <= room)
			break;
	}
	if (side == 0 && s->n_lanes > 1)
		put_text_right(s, s->x[0] - 1, detail, S_DIM, s->left_w);
	else
		put_text(s, x, detail, S_DIM, room);
	flush_row(s, o);
}

/* A line of the footer, broken at spaces to fit the width. */
static void
footer_rows(struct text_state *s, struct sv_out *o, const char *t, int style)
{
	size_t n = strlen(t);
	while (n > 0) {
		size_t len, used = sv_wrap_line(t, n, s->width, 1, &len);
		char b[512];
		snprintf(b, sizeof(b), "%.*s", (int)len, t);
		put_text(s, 0, b, style, s->width);
		flush_row(s, o);
		t += used;
		n -= used;
	}
}

static void
note_rows(struct text_state *s, struct sv_out *o, int lane, const char *note,
    int style, const char *mark)
{
	const char *p = note;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char b[1024];
		snprintf(b, sizeof(b), "%s%.*s", mark, (int)n, p);
		lifelines(s);
		(void)lane;
		put_text(s, TIME_W, b, style, s->width - TIME_W);
		flush_row(s, o);
		p += n + (nl ? 1 : 0);
	}
}

/* A row for the actor's death in or right after the call, if it died. */
static void
fate_row(struct text_state *s, struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_call *c)
{
	char b[160];
	if (sv_call_fate(tl, c, b, sizeof(b))[0] == '\0')
		return;
	lifelines(s);
	beside(s, c->actor, b, S_BAD);
	flush_row(s, o);
}

static void
draw_call_return(struct text_state *s, struct sv_out *o,
    const struct sv_timeline *tl, const struct sv_call *c)
{
	char b[600], a[256];
	put_time(s, tl, c->t_end);
	lifelines(s);
	beside(s, c->actor, sv_call_return(c, b, sizeof(b)), S_BOLD);
	flush_row(s, o);
	sv_call_after_sep(c, "  ", "  \xc2\xb7 ", a, sizeof(a));
	lifelines(s);
	beside(s, c->actor, a, S_DIM);
	flush_row(s, o);
	fate_row(s, o, tl, c);
}

static int
cmp_pending(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	return x->t < y->t ? -1 : x->t > y->t;
}

static void
flush_pending(struct text_state *s, struct sv_out *o,
    const struct sv_timeline *tl, int64_t before)
{
	if (s->n_pend == 0)
		return;
	qsort(s->pend, s->n_pend, sizeof(*s->pend), cmp_pending);
	size_t k = 0;
	while (k < s->n_pend && s->pend[k].t <= before) {
		draw_call_return(s, o, tl, &s->pend[k].ev->u.call);
		k++;
	}
	memmove(s->pend, s->pend + k, (s->n_pend - k) * sizeof(*s->pend));
	s->n_pend -= k;
}

static int
draw_call(struct text_state *s, struct sv_out *o,
    const struct sv_timeline *tl, const struct sv_event *ev)
{
	const struct sv_call *c = &ev->u.call;
	char b[700], r[64], a[256];
	const char *mark = c->expect == NULL ? "" : c->failure == NULL ?
	    " \xe2\x9c\x93" : " \xe2\x9c\x97";
	s->n_calls++;
	if (c->n_packets == 0)
		s->n_silent++;
	if (c->expect != NULL) {
		s->n_expect++;
		s->n_failed += c->failure != NULL;
	}
	put_time(s, tl, ev->t);
	lifelines(s);
	put_ch(s, s->x[c->actor], "\xe2\x97\x8f", S_BOLD);           /* ● */
	if (c->blocked) {
		snprintf(b, sizeof(b), " blocks\xe2\x80\xa6%s", mark);
		beside_call(s, c->actor, c->text, b, S_BOLD);
		flush_row(s, o);
		if (s->n_pend == s->cap_pend) {
			size_t nc = s->cap_pend ? s->cap_pend * 2 : 8;
			struct pending *np = realloc(s->pend, nc *
			    sizeof(*np));
			if (np == NULL) {
				snprintf(o->err, sizeof(o->err),
				    "out of memory");
				return -1;
			}
			s->pend = np;
			s->cap_pend = nc;
		}
		s->pend[s->n_pend].t = c->t_end;
		s->pend[s->n_pend].ev = ev;
		s->n_pend++;
	} else {
		sv_call_result(c, r, sizeof(r));
		if (c->data != NULL && sv_fn_is(c->fn, SV_CALL_RECEIVES)) {
			char q[64];
			size_t j = 0;
			for (size_t i = 0; i < c->data_len && j < 40; i++) {
				unsigned char ch = (unsigned char)c->data[i];
				q[j++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '.';
			}
			q[j] = '\0';
			snprintf(b, sizeof(b), " %s \"%s\"%s", r, q, mark);
		} else {
			snprintf(b, sizeof(b), " %s%s", r, mark);
		}
		beside_call(s, c->actor, c->text, b, S_BOLD);
		flush_row(s, o);
		sv_call_after_sep(c, "  ", "  \xc2\xb7 ", a, sizeof(a));
		lifelines(s);
		beside(s, c->actor, a, S_DIM);
		flush_row(s, o);
		fate_row(s, o, tl, c);
	}
	if (c->expect != NULL && c->failure != NULL) {
		snprintf(b, sizeof(b), "\xe2\x9c\x97 %s", c->failure);
		lifelines(s);
		beside(s, c->actor, b, S_BAD);
		flush_row(s, o);
	}
	if (c->note != NULL)
		note_rows(s, o, c->actor, c->note, S_NOTE, "\xc2\xbb ");
	return 0;
}

static int
text_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct text_state *s = o->priv;
	flush_pending(s, o, tl, ev->t);
	switch (ev->type) {
	case SV_EV_CALL:
		return draw_call(s, o, tl, ev);
	case SV_EV_PACKET:
		draw_packet(s, o, tl, ev);
		return 0;
	}
	return 0;
}

static int
text_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct text_state *s = o->priv;
	char b[256];
	flush_pending(s, o, tl, INT64_MAX);
	lifelines(s);
	flush_row(s, o);
	/* Connections outlive their descriptors: say where each one ended. */
	for (int i = 0; i < tl->n_finals; i++) {
		const struct sv_final *f = &tl->finals[i];
		char a[64], p[64];
		if (i == 0) {
			put_text(s, 0, "After the last step, the kernel holds:",
			    S_DIM, s->width);
			flush_row(s, o);
		}
		snprintf(b, sizeof(b), "%s %s \xe2\x87\x84 %s  %s",
		    tl->lanes[f->actor].name,
		    sv_endpoint_str(&f->local, 1, a, sizeof(a)),
		    sv_endpoint_str(&f->peer, 1, p, sizeof(p)),
		    f->state == TCP_CLOSE ? "gone (CLOSED)" :
		    sv_tcp_state_name(f->state));
		put_text(s, 2, b, f->state == TCP_TIME_WAIT ? S_FIN : S_PLAIN,
		    s->width - 2);
		flush_row(s, o);
	}
	if (s->n_calls_total > 0)
		footer_rows(s, o, sv_counts_line(s->n_calls, s->n_silent,
		    tl->packets, s->n_answer, s->n_kernel, b, sizeof(b)),
		    S_DIM);
	if (s->n_expect > 0) {
		if (s->n_failed)
			snprintf(b, sizeof(b), "%d of %d expectations did NOT"
			    " hold.", s->n_failed, s->n_expect);
		else
			snprintf(b, sizeof(b), "All %d expectations held.",
			    s->n_expect);
		put_text(s, 0, b, s->n_failed ? S_BAD : S_OK, s->width);
		flush_row(s, o);
	}
	free(s->row);
	free(s->pend);
	free(s);
	o->priv = NULL;
	return 0;
}

const struct sv_renderer sv_render_text = {
	.name = "text",
	.ext = ".txt",
	.what = "the ladder diagram, as the terminal shows it",
	.begin = text_begin,
	.event = text_event,
	.end = text_end,
};
