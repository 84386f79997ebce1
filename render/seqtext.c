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
	const struct sv_seqtext *s;
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

static void
put_id(const struct sv_seqtext *s, FILE *fp, const struct sv_timeline *tl,
    int lane)
{
	if (tl->n_lanes == 0)
		fputs("capture", fp);
	else if (s->plain_name(tl->lanes[lane].name))
		fputs(tl->lanes[lane].name, fp);
	else
		fprintf(fp, "lane%d", lane);
}

/* Neither language takes a title or a note of nothing but spaces. */
static int
has_words(const char *s)
{
	return s != NULL && s[strspn(s, " \t\r\n")] != '\0';
}

/* "note over first, last" across every lane. */
static void
note_across(const struct sv_seqtext *s, FILE *fp,
    const struct sv_timeline *tl)
{
	fprintf(fp, "%s%sover ", s->indent, s->note);
	put_id(s, fp, tl, 0);
	if (tl->n_lanes > 1) {
		fputs(s->note_lanes, fp);
		put_id(s, fp, tl, tl->n_lanes - 1);
	}
	fputs(s->colon, fp);
}

/* Beside the lane: the first on its left, the last on its right, one
 * between over its line. */
static void
note_beside(const struct sv_seqtext *s, FILE *fp,
    const struct sv_timeline *tl, int lane)
{
	const char *where = tl->n_lanes <= 1 ? "right of" : lane == 0 ?
	    "left of" : lane == tl->n_lanes - 1 ? "right of" : "over";
	fprintf(fp, "%s%s%s ", s->indent, s->note, where);
	put_id(s, fp, tl, lane);
	fputs(s->colon, fp);
}

int
sv_seqtext_begin(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_seqtext *s)
{
	struct seqtext_state *m = calloc(1, sizeof(*m));
	FILE *fp = o->fp;
	char b[400];
	if (m == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	m->s = s;
	if (sv_ladder_init(&m->lad, tl) < 0) {
		free(m);
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	o->priv = m;

	fprintf(fp, "%ssockviz", s->head);
	if (tl->scenario) {
		s->text(fp, " \xc2\xb7 ");
		s->text(fp, tl->scenario);
	}
	fputs(": ", fp);
	s->text(fp, sv_capture_line(tl, m->lad.calls, b, sizeof(b)));
	fputs(s->title, fp);
	s->text(fp, has_words(tl->title) ? tl->title :
	    has_words(tl->scenario) ? tl->scenario : "capture");
	fputs(s->after_title, fp);
	for (int i = 0; i < tl->n_lanes || i == 0; i++) {
		fprintf(fp, "%sparticipant ", s->indent);
		if (tl->n_lanes > 0 && !s->plain_name(tl->lanes[i].name))
			s->alias(fp, i, tl->lanes[i].name);
		else
			put_id(s, fp, tl, i);
		fputc('\n', fp);
	}
	int sum = has_words(tl->summary), intro = has_words(tl->intro);
	if (sum || intro) {
		note_across(s, fp, tl);
		if (sum)
			s->text(fp, tl->summary);
		if (sum && intro)
			fputs(s->newline, fp);
		if (intro)
			s->text(fp, tl->intro);
		fputc('\n', fp);
	}
	return 0;
}

static void
put_return(const struct seqtext_state *m, FILE *fp,
    const struct sv_timeline *tl, const struct sv_call *c)
{
	const struct sv_seqtext *s = m->s;
	char a[300];
	int lane = sv_ladder_lane(&m->lad, c->actor);
	note_beside(s, fp, tl, lane);
	s->text(fp, sv_call_return(c, a, sizeof(a)));
	fputs(s->newline, fp);
	s->text(fp, sv_call_after(c, a, sizeof(a)));
	fputc('\n', fp);
	if (s->activate != NULL) {
		fprintf(fp, "%s%s", s->indent, s->deactivate);
		put_id(s, fp, tl, lane);
		fputc('\n', fp);
	}
}

static void
flush_returns(struct seqtext_state *m, FILE *fp,
    const struct sv_timeline *tl, int64_t t)
{
	struct sv_ladder_wait w;
	while (sv_ladder_due(&m->lad, t, &w))
		put_return(m, fp, tl, &w.ev->u.call);
}

static void
put_call(struct seqtext_state *m, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	const struct sv_seqtext *s = m->s;
	const struct sv_call *c = &ev->u.call;
	int lane = sv_ladder_lane(&m->lad, c->actor);
	char b[1200];

	sv_ladder_count_call(&m->lad, c);
	note_beside(s, fp, tl, lane);
	s->text(fp, sv_call_text(c, b, sizeof(b)));
	if (c->expect != NULL)
		fputs(c->failure ? s->failed : s->held, fp);
	if (!c->blocked) {
		fputs(s->newline, fp);
		s->text(fp, sv_call_after(c, b, sizeof(b)));
	}
	if (c->expect != NULL && c->failure != NULL) {
		fprintf(fp, "%s%s", s->newline, s->why_open);
		s->text(fp, c->failure);
		fputs(s->why_close, fp);
	}
	fputc('\n', fp);
	/* A call not in the timeline gets no return: nothing to end its
	 * activation. */
	if (c->blocked && sv_ladder_wait(&m->lad, ev, 0) == 0) {
		if (s->activate != NULL) {
			fprintf(fp, "%s%s", s->indent, s->activate);
			put_id(s, fp, tl, lane);
			fputc('\n', fp);
		}
	}
	if (has_words(c->note)) {
		note_across(s, fp, tl);
		s->text(fp, c->note);
		fputc('\n', fp);
	}
}

static void
put_packet(struct seqtext_state *m, FILE *fp, const struct sv_timeline *tl,
    const struct sv_pktev *p)
{
	const struct sv_seqtext *s = m->s;
	int from, to, kernel = sv_ladder_count_pkt(&m->lad, p);
	char label[128], detail[400];

	sv_ladder_pkt_lanes(&m->lad, p, &from, &to);
	fputs(s->indent, fp);
	put_id(s, fp, tl, from);
	s->arrow(fp, p, kernel);
	put_id(s, fp, tl, to);
	fputs(s->colon, fp);
	s->text(fp, sv_pkt_short(p, label, sizeof(label)));
	sv_pkt_detail(tl, p, m->lad.calls, detail, sizeof(detail));
	if (detail[0]) {
		fputc(' ', fp);
		s->text(fp, detail);
	}
	fputc('\n', fp);
}

int
sv_seqtext_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct seqtext_state *m = o->priv;
	flush_returns(m, o->fp, tl, ev->t);
	switch (ev->type) {
	case SV_EV_CALL:
		put_call(m, o->fp, tl, ev);
		break;
	case SV_EV_PACKET:
		put_packet(m, o->fp, tl, &ev->u.pkt);
		break;
	}
	return 0;
}

int
sv_seqtext_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct seqtext_state *m = o->priv;
	const struct sv_seqtext *s = m->s;
	FILE *fp = o->fp;
	char b[300], l[64], p[64];

	flush_returns(m, fp, tl, INT64_MAX);
	if (tl->n_finals > 0) {
		note_across(s, fp, tl);
		fputs("After the last step, the kernel holds:", fp);
		for (int i = 0; i < tl->n_finals; i++) {
			const struct sv_final *f = &tl->finals[i];
			snprintf(b, sizeof(b), "%s %s \xe2\x87\x84 %s %s",
			    f->actor >= 0 && f->actor < tl->n_lanes ?
			    tl->lanes[f->actor].name : "?",
			    sv_endpoint_str(&f->local, 1, l, sizeof(l)),
			    sv_endpoint_str(&f->peer, 1, p, sizeof(p)),
			    f->state == TCP_CLOSE ? "gone (CLOSED)" :
			    sv_tcp_state_name(f->state));
			fputs(s->newline, fp);
			s->text(fp, b);
		}
		fputc('\n', fp);
	}
	/* Expectations are only ever on calls. */
	if (m->lad.calls > 0) {
		const struct sv_ladder *lad = &m->lad;
		fputs(s->foot_open, fp);
		s->text(fp, sv_counts_line(lad->n_calls, lad->n_silent,
		    tl->packets, lad->n_answer, lad->n_kernel, b, sizeof(b)));
		if (lad->n_expect > 0) {
			fputs(s->foot_sep, fp);
			s->text(fp, sv_expect_line(lad->n_expect, lad->n_failed,
			    b, sizeof(b)));
		}
		fputs(s->foot_close, fp);
	}
	fputs(s->tail, fp);
	sv_ladder_fini(&m->lad);
	free(m);
	o->priv = NULL;
	return 0;
}
