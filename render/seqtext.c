/*
 * What a sequence diagram in a text language says, and when: the engine
 * behind render/mermaid.c and render/plantuml.c (render/seqtext.h says
 * what each statement means). It streams: a blocked call's return waits
 * in the ladder's queue (render/ladder.h), nothing else is kept.
 */
#include <inttypes.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/ladder.h"
#include "render/names.h"
#include "render/render.h"
#include "render/seqtext.h"

struct seqtext_state {
	struct sv_seqw w;
	struct sv_ladder lad;    /* calls, returns, counts */
};

int
sv_seqtext_ident(const char *s)
{
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	    s[0] == '_'))
		return 0;
	for (size_t i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	if (strncmp(s, "lane", 4) == 0 && strspn(s + 4, "0123456789") ==
	    strlen(s + 4))
		return 0;
	return 1;
}

void
sv_seqtext_id(const struct sv_seqw *w, int lane)
{
	const struct sv_timeline *tl = w->tl;
	if (tl->n_lanes == 0)
		fputs("capture", w->fp);
	else if (w->s->plain_name(tl->lanes[lane].name))
		fputs(tl->lanes[lane].name, w->fp);
	else
		fprintf(w->fp, "lane%d", lane);
}

/* One wrapped piece of a line, as text. */
static void
put_piece(const struct sv_seqw *w, const char *s, size_t len)
{
	char b[1024];
	while (len > 0) {
		size_t n = len < sizeof(b) - 1 ? len : sizeof(b) - 1;
		memcpy(b, s, n);
		b[n] = '\0';
		w->s->text(w->fp, b);
		s += n;
		len -= n;
	}
}

static int widest(const struct sv_seqline *l, int n, int cols);

void
sv_seqtext_lines(const struct sv_seqw *w, const struct sv_seqbox *b,
    int cols)
{
	const struct sv_seqtext *s = w->s;
	int first = 1;
	for (int i = 0; i < b->n; i++) {
		struct sv_seqline one = b->line[i];
		const struct sv_seqline *l = &one;
		char *flowed = NULL;
		/* The scenario's words come in lines as wide as its author
		 * chose: kept where they fit, else flowed into one paragraph
		 * and wrapped again, rather than broken twice. */
		if (one.style == SV_SEQ_WORDS && strchr(one.s, '\n') != NULL &&
		    widest(&one, 1, 1 << 20) > cols &&
		    (flowed = strdup(one.s)) != NULL) {
			for (char *c = flowed; *c; c++)
				if (*c == '\n')
					*c = ' ';
			one.s = flowed;
		}
		size_t n = strlen(l->s), len;
		/* A line of nothing is left out. */
		for (size_t at = 0; at < n;) {
			size_t used = sv_wrap_line(l->s + at, n - at, cols, 1,
			    &len);
			if (!first)
				fputs(s->newline, w->fp);
			first = 0;
			s->style(w->fp, l->style, 1);
			put_piece(w, l->s + at, len);
			s->style(w->fp, l->style, 0);
			at += used;
		}
		if (n > 0 && l->mark != SV_SEQ_NO_MARK)
			s->mark(w->fp, l->mark);
		free(flowed);
	}
}

/* Neither language takes a title or a note of nothing but spaces. */
static int
has_words(const char *s)
{
	return s != NULL && s[strspn(s, " \t\r\n")] != '\0';
}

static void
put_box(struct seqtext_state *m, enum sv_seq_box kind, int lane,
    const struct sv_seqline *line, int n)
{
	struct sv_seqbox b = { kind, lane, line, n };
	m->w.s->box(&m->w, &b);
}

/* The lines of a call's box, or of its return's. */
struct call_box {
	char t[1200], a[300], why[600], f[160];
	struct sv_seqline l[4];
	int n;
};

static void
call_lines(const struct sv_timeline *tl, const struct sv_call *c,
    struct call_box *cb)
{
	cb->n = 0;
	cb->l[cb->n++] = (struct sv_seqline){ SV_SEQ_PLAIN, c->expect ==
	    NULL ? SV_SEQ_NO_MARK : c->failure ? SV_SEQ_FAILED : SV_SEQ_HELD,
	    sv_call_text(c, cb->t, sizeof(cb->t)) };
	/* A blocked call says what it left behind where it returns. */
	if (!c->blocked)
		cb->l[cb->n++] = (struct sv_seqline){ SV_SEQ_DIM,
		    SV_SEQ_NO_MARK, sv_call_after(c, cb->a, sizeof(cb->a)) };
	if (c->expect != NULL && c->failure != NULL) {
		snprintf(cb->why, sizeof(cb->why), "\xe2\x9c\x97 %s",
		    c->failure);
		cb->l[cb->n++] = (struct sv_seqline){ SV_SEQ_BAD,
		    SV_SEQ_NO_MARK, cb->why };
	}
	if (!c->blocked && sv_call_fate(tl, c, cb->f, sizeof(cb->f))[0])
		cb->l[cb->n++] = (struct sv_seqline){ SV_SEQ_BAD,
		    SV_SEQ_NO_MARK, cb->f };
}

static void
return_lines(const struct sv_timeline *tl, const struct sv_call *c,
    struct call_box *cb)
{
	cb->n = 0;
	cb->l[cb->n++] = (struct sv_seqline){ SV_SEQ_PLAIN, SV_SEQ_NO_MARK,
	    sv_call_return(c, cb->t, sizeof(cb->t)) };
	cb->l[cb->n++] = (struct sv_seqline){ SV_SEQ_DIM, SV_SEQ_NO_MARK,
	    sv_call_after(c, cb->a, sizeof(cb->a)) };
	if (sv_call_fate(tl, c, cb->f, sizeof(cb->f))[0])
		cb->l[cb->n++] = (struct sv_seqline){ SV_SEQ_BAD,
		    SV_SEQ_NO_MARK, cb->f };
}

/* The widest line of a box, wrapped at cols, in columns. */
static int
widest(const struct sv_seqline *l, int n, int cols)
{
	int most = 0;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(l[i].s), w;
		for (size_t at = 0; at < len;) {
			size_t used = sv_wrap_line(l[i].s + at, len - at, cols,
			    1, &w);
			int c = 0;
			for (size_t j = 0; j < w;) {
				uint32_t cp;
				j += sv_utf8_next(l[i].s + at + j, w - j, &cp);
				c += sv_cp_cols(cp);
			}
			at += used;
			/* The mark goes after the last piece. */
			if (at >= len && l[i].mark != SV_SEQ_NO_MARK)
				c += 2;
			most = c > most ? c : most;
		}
	}
	return most;
}

/* Columns the longest of s's lines takes. */
static int
text_cols(const char *s)
{
	struct sv_seqline l = { SV_SEQ_PLAIN, SV_SEQ_NO_MARK, s };
	return widest(&l, 1, 1 << 20);
}

/* How wide the text between each two lanes is, for a format that lays
 * out its notes across the lanes before it has seen the events. */
static int
measure_lanes(struct seqtext_state *m)
{
	const struct sv_timeline *tl = m->w.tl;
	int n = tl->n_lanes > 0 ? tl->n_lanes : 1, cols = m->w.s->cols_beside;
	struct call_box *cb = malloc(sizeof(*cb));
	int *room = calloc((size_t)n, sizeof(int));
	if (cb == NULL || room == NULL) {
		free(cb);
		free(room);
		return -1;
	}
	for (size_t i = 0; i < tl->n; i++) {
		const struct sv_event *ev = &tl->ev[i];
		int lane = 0, w = 0;
		switch (ev->type) {
		case SV_EV_CALL:
			lane = sv_ladder_lane(&m->lad, ev->u.call.actor);
			call_lines(tl, &ev->u.call, cb);
			w = widest(cb->l, cb->n, cols);
			if (ev->u.call.blocked) {
				return_lines(tl, &ev->u.call, cb);
				int r = widest(cb->l, cb->n, cols);
				w = r > w ? r : w;
			}
			break;
		case SV_EV_PACKET: {
			int from, to;
			sv_ladder_pkt_lanes(&m->lad, &ev->u.pkt, &from, &to);
			if (from - to != 1 && to - from != 1)
				continue;
			lane = from < to ? from : to;
			w = text_cols(sv_pkt_short(&ev->u.pkt, cb->t,
			    sizeof(cb->t)));
			int d = text_cols(sv_pkt_detail(tl, &ev->u.pkt,
			    m->lad.calls, cb->a, sizeof(cb->a)));
			w = d > w ? d : w;
			break;
		}
		}
		if (w > room[lane])
			room[lane] = w;
	}
	free(cb);
	m->w.room = room;
	m->w.n_room = n;
	return 0;
}

static void
put_return(struct seqtext_state *m, const struct sv_call *c)
{
	struct call_box cb;
	return_lines(m->w.tl, c, &cb);
	put_box(m, SV_SEQ_RETURN, sv_ladder_lane(&m->lad, c->actor), cb.l,
	    cb.n);
}

static void
flush_returns(struct seqtext_state *m, int64_t t)
{
	struct sv_ladder_wait w;
	while (sv_ladder_due(&m->lad, t, &w))
		put_return(m, &w.ev->u.call);
}

static void
put_call(struct seqtext_state *m, const struct sv_event *ev)
{
	const struct sv_call *c = &ev->u.call;
	struct call_box cb;

	sv_ladder_count_call(&m->lad, c);
	call_lines(m->w.tl, c, &cb);
	/* A call not in the timeline gets no return: nothing would end
	 * its activation. */
	int waits = c->blocked && sv_ladder_wait(&m->lad, ev, 0) == 0;
	put_box(m, waits ? SV_SEQ_BLOCK : SV_SEQ_CALL,
	    sv_ladder_lane(&m->lad, c->actor), cb.l, cb.n);
	if (has_words(c->note)) {
		struct sv_seqline nl = { SV_SEQ_WORDS, SV_SEQ_NO_MARK,
		    c->note };
		put_box(m, SV_SEQ_NOTE, 0, &nl, 1);
	}
}

int
sv_seqtext_begin(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_seqtext *s)
{
	struct seqtext_state *m = calloc(1, sizeof(*m));
	char cap[400];
	if (m == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	if (sv_ladder_init(&m->lad, tl) < 0) {
		free(m);
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	m->w = (struct sv_seqw){ o->fp, tl, s, NULL, NULL, 0, o->err,
	    sizeof(o->err) };
	if (measure_lanes(m) < 0) {
		sv_ladder_fini(&m->lad);
		free(m);
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	o->priv = m;

	struct sv_seqhead h = {
		.scenario = tl->scenario,
		.title = has_words(tl->title) ? tl->title :
		    has_words(tl->scenario) ? tl->scenario : "capture",
		.summary = has_words(tl->summary) ? tl->summary : NULL,
		.capture = sv_capture_line(tl, m->lad.calls, cap, sizeof(cap)),
	};
	if (s->head(&m->w, &h) < 0) {
		s->tail(&m->w);
		sv_ladder_fini(&m->lad);
		free(m->w.room);
		free(m);
		o->priv = NULL;
		return -1;
	}
	for (int i = 0; i < tl->n_lanes || i == 0; i++)
		s->participant(&m->w, i);
	s->lanes_done(&m->w);
	if (has_words(tl->intro)) {
		struct sv_seqline l = { SV_SEQ_WORDS, SV_SEQ_NO_MARK,
		    tl->intro };
		put_box(m, SV_SEQ_NOTE, 0, &l, 1);
	}
	return 0;
}

static void
put_packet(struct seqtext_state *m, const struct sv_pktev *p)
{
	char label[128], detail[400];
	struct sv_seqpkt q = {
		.p = p,
		.kernel = sv_ladder_count_pkt(&m->lad, p),
		.answer = p->cause >= 0 && p->origin == SV_ORIGIN_ANSWER,
		.ink = sv_pkt_ink(p),
		.label = sv_pkt_short(p, label, sizeof(label)),
		.detail = sv_pkt_detail(m->w.tl, p, m->lad.calls, detail,
		    sizeof(detail)),
	};
	sv_ladder_pkt_lanes(&m->lad, p, &q.from, &q.to);
	m->w.s->packet(&m->w, &q);
}

int
sv_seqtext_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct seqtext_state *m = o->priv;
	(void)tl;
	flush_returns(m, ev->t);
	switch (ev->type) {
	case SV_EV_CALL:
		put_call(m, ev);
		break;
	case SV_EV_PACKET:
		put_packet(m, &ev->u.pkt);
		break;
	}
	return 0;
}

static void
put_finals(struct seqtext_state *m)
{
	const struct sv_timeline *tl = m->w.tl;
	/* One line of heading, then one per connection: held in one
	 * buffer, the lines pointing into it. */
	enum { LINE = 200 };
	struct sv_seqline *l = calloc((size_t)tl->n_finals + 1, sizeof(*l));
	char *b = calloc((size_t)tl->n_finals, LINE);
	char lo[64], pe[64];
	if (l == NULL || b == NULL) {
		free(l);
		free(b);
		snprintf(m->w.err, m->w.errlen, "out of memory");
		return;
	}
	l[0] = (struct sv_seqline){ SV_SEQ_PLAIN, SV_SEQ_NO_MARK,
	    sv_timeline_finals_heading(tl) };
	for (int i = 0; i < tl->n_finals; i++) {
		const struct sv_final *f = &tl->finals[i];
		char *line = b + (size_t)i * LINE;
		snprintf(line, LINE, "%s %s \xe2\x87\x84 %s %s",
		    f->actor >= 0 && f->actor < tl->n_lanes ?
		    tl->lanes[f->actor].name : "?",
		    sv_endpoint_str(&f->local, 1, lo, sizeof(lo)),
		    sv_endpoint_str(&f->peer, 1, pe, sizeof(pe)),
		    f->state == TCP_CLOSE ? "gone (CLOSED)" :
		    sv_tcp_state_name(f->state));
		l[i + 1] = (struct sv_seqline){ SV_SEQ_PLAIN, SV_SEQ_NO_MARK,
		    line };
	}
	put_box(m, SV_SEQ_FINAL, 0, l, tl->n_finals + 1);
	free(l);
	free(b);
}

int
sv_seqtext_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct seqtext_state *m = o->priv;
	const struct sv_ladder *lad = &m->lad;
	char counts[300], expect[120];

	flush_returns(m, INT64_MAX);
	if (tl->n_finals > 0)
		put_finals(m);
	/* Expectations are only ever on calls. */
	if (lad->calls > 0) {
		struct sv_seqline l[2] = {
			{ SV_SEQ_PLAIN, SV_SEQ_NO_MARK, sv_counts_line(
			    lad->n_calls, lad->n_silent, tl->packets,
			    lad->n_answer, lad->n_kernel, counts,
			    sizeof(counts)) },
			{ lad->n_failed ? SV_SEQ_BAD : SV_SEQ_PLAIN,
			    SV_SEQ_NO_MARK, sv_expect_line(lad->n_expect,
			    lad->n_failed, expect, sizeof(expect)) },
		};
		put_box(m, SV_SEQ_COUNTS, 0, l, lad->n_expect > 0 ? 2 : 1);
	}
	m->w.s->tail(&m->w);
	sv_ladder_fini(&m->lad);
	free(m->w.room);
	int failed = o->err[0] != '\0';
	free(m);
	o->priv = NULL;
	return failed ? -1 : 0;
}
