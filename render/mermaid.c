/*
 * The timeline as a Mermaid sequence diagram, for Markdown pages that
 * draw Mermaid (GitHub, GitLab, most wikis) and for mermaid-cli. Lanes are
 * participants in lane order; a call is a note beside its actor with its
 * result and what it left behind; a packet is a message, dashed when the
 * kernel sent it on its own; a blocked call activates its actor until it
 * returns; the scenario's notes span every lane.
 *
 * Mermaid's lexer ends a text at '#', ';' or a newline, and hands it to
 * the browser as HTML: such characters go as Mermaid's entity codes,
 * "#35;" for '#', which it turns back into the character.
 */
#include <inttypes.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render/names.h"
#include "render/render.h"

struct mermaid_state {
	int calls;               /* calls in the timeline */
	struct pend {            /* blocked calls, until they return */
		int64_t t;
		const struct sv_event *ev;
	} *pend;
	size_t n_pend, cap_pend;
	int n_calls, n_silent, n_kernel, n_expect, n_failed;
};

/* Text as Mermaid reads it: entity codes for what its lexer or the
 * browser would take for syntax; a newline as <br/>; a byte that is not
 * UTF-8 as '?'. */
static void
mm_text(FILE *fp, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = sv_utf8_next(s + i, n - i, &cp);
		if (cp == SV_NOT_UTF8)
			fputc('?', fp);
		else if (len > 1)
			fwrite(s + i, 1, len, fp);
		else if (cp == '\n')
			fputs("<br/>", fp);
		else if (strchr("#;%<>&\"", (int)cp) != NULL)
			fprintf(fp, "#%u;", (unsigned)cp);
		else
			fputc(cp < 0x20 || cp == 0x7f ? ' ' : (int)cp, fp);
		i += len;
	}
}

/* A name its lexer reads as a participant: letters, digits, '_', and
 * not starting as one of its keywords does (it tries those first, so
 * "endpoint" would be "end"). "lane<N>" is kept for the aliases. */
static int
mm_plain_name(const char *s)
{
	static const char *const kw[] = {
		"accdescr", "acctitle", "activate", "actor", "alt", "and",
		"autonumber", "box", "break", "create", "critical",
		"deactivate", "destroy", "details", "else", "end", "left",
		"link", "loop", "note", "off", "opt", "over", "par",
		"properties", "rect", "right", "sequencediagram", "title",
	};
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	    s[0] == '_'))
		return 0;
	for (size_t i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	for (size_t k = 0; k < sizeof(kw) / sizeof(kw[0]); k++)
		if (strncasecmp(s, kw[k], strlen(kw[k])) == 0)
			return 0;
	if (strncmp(s, "lane", 4) == 0 && strspn(s + 4, "0123456789") ==
	    strlen(s + 4))
		return 0;
	return 1;
}

static void
mm_id(FILE *fp, const struct sv_timeline *tl, int lane)
{
	if (tl->n_lanes == 0)
		fputs("capture", fp);
	else if (mm_plain_name(tl->lanes[lane].name))
		fputs(tl->lanes[lane].name, fp);
	else
		fprintf(fp, "lane%d", lane);
}

/* Mermaid has no use for a title or a note of nothing but spaces. */
static int
has_words(const char *s)
{
	return s != NULL && s[strspn(s, " \t\r\n")] != '\0';
}

static int
lane_of(const struct sv_timeline *tl, int lane)
{
	return lane >= 0 && lane < tl->n_lanes ? lane : 0;
}

/* "Note over first,last" across every lane. */
static void
mm_note_across(FILE *fp, const struct sv_timeline *tl)
{
	fputs("    Note over ", fp);
	mm_id(fp, tl, 0);
	if (tl->n_lanes > 1) {
		fputc(',', fp);
		mm_id(fp, tl, tl->n_lanes - 1);
	}
	fputs(": ", fp);
}

/* Beside the lane: the first on its left, the last on its right, one
 * between over its line. */
static void
mm_note_beside(FILE *fp, const struct sv_timeline *tl, int lane)
{
	const char *where = tl->n_lanes <= 1 ? "right of" : lane == 0 ?
	    "left of" : lane == tl->n_lanes - 1 ? "right of" : "over";
	fprintf(fp, "    Note %s ", where);
	mm_id(fp, tl, lane);
	fputs(": ", fp);
}

static int
mermaid_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	struct mermaid_state *m = calloc(1, sizeof(*m));
	FILE *fp = o->fp;
	char b[400];
	if (m == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	for (size_t i = 0; i < tl->n; i++)
		if (tl->ev[i].type == SV_EV_CALL) {
			m->calls++;
			m->cap_pend += tl->ev[i].u.call.blocked != 0;
		}
	/* Only calls in the timeline block, each once: room for all. */
	if (m->cap_pend > 0 && (m->pend = calloc(m->cap_pend,
	    sizeof(*m->pend))) == NULL) {
		free(m);
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	o->priv = m;

	fputs("sequenceDiagram\n    %% sockviz", fp);
	if (tl->scenario) {
		fputs(" \xc2\xb7 ", fp);
		mm_text(fp, tl->scenario);
	}
	fputs(": ", fp);
	mm_text(fp, sv_capture_line(tl, m->calls, b, sizeof(b)));
	fputs("\n    title ", fp);
	mm_text(fp, has_words(tl->title) ? tl->title :
	    has_words(tl->scenario) ? tl->scenario : "capture");
	fputc('\n', fp);
	for (int i = 0; i < tl->n_lanes || i == 0; i++) {
		fputs("    participant ", fp);
		mm_id(fp, tl, i);
		if (tl->n_lanes > 0 && !mm_plain_name(tl->lanes[i].name)) {
			fputs(" as ", fp);
			mm_text(fp, tl->lanes[i].name);
		}
		fputc('\n', fp);
	}
	int sum = has_words(tl->summary), intro = has_words(tl->intro);
	if (sum || intro) {
		mm_note_across(fp, tl);
		if (sum)
			mm_text(fp, tl->summary);
		if (sum && intro)
			fputs("<br/>", fp);
		if (intro)
			mm_text(fp, tl->intro);
		fputc('\n', fp);
	}
	return 0;
}

static void
mm_return(FILE *fp, const struct sv_timeline *tl, const struct sv_call *c)
{
	char r[48], a[300];
	int lane = lane_of(tl, c->actor);
	mm_note_beside(fp, tl, lane);
	snprintf(a, sizeof(a), "\xe2\x86\xb3 %s() returns %s", c->fn,
	    sv_call_result(c, r, sizeof(r)) + 2);
	mm_text(fp, a);
	fputs("<br/>", fp);
	mm_text(fp, sv_call_after(c, a, sizeof(a)));
	fputs("\n    deactivate ", fp);
	mm_id(fp, tl, lane);
	fputc('\n', fp);
}

static void
mm_flush(struct mermaid_state *m, FILE *fp, const struct sv_timeline *tl,
    int64_t t)
{
	while (m->n_pend > 0 && m->pend[0].t <= t) {
		const struct sv_call *c = &m->pend[0].ev->u.call;
		m->n_pend--;
		memmove(m->pend, m->pend + 1, m->n_pend * sizeof(*m->pend));
		mm_return(fp, tl, c);
	}
}

static void
mm_call(struct mermaid_state *m, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	const struct sv_call *c = &ev->u.call;
	int lane = lane_of(tl, c->actor);
	char b[1200];

	m->n_calls++;
	m->n_silent += c->n_packets == 0;
	if (c->expect != NULL) {
		m->n_expect++;
		m->n_failed += c->failure != NULL;
	}
	mm_note_beside(fp, tl, lane);
	if (c->blocked) {
		mm_text(fp, c->text ? c->text : c->fn);
		fputs(" blocks\xe2\x80\xa6", fp);
	} else {
		mm_text(fp, sv_call_line(c, b, sizeof(b)));
	}
	if (c->expect != NULL)
		fputs(c->failure ? " \xe2\x9c\x97" : " \xe2\x9c\x93", fp);
	if (!c->blocked) {
		fputs("<br/>", fp);
		mm_text(fp, sv_call_after(c, b, sizeof(b)));
	}
	if (c->expect != NULL && c->failure != NULL) {
		fputs("<br/>\xe2\x9c\x97 ", fp);
		mm_text(fp, c->failure);
	}
	fputc('\n', fp);
	if (c->blocked && m->n_pend < m->cap_pend) {
		size_t i = m->n_pend;
		while (i > 0 && m->pend[i - 1].t > c->t_end) {
			m->pend[i] = m->pend[i - 1];
			i--;
		}
		m->pend[i].t = c->t_end;
		m->pend[i].ev = ev;
		m->n_pend++;
		fputs("    activate ", fp);
		mm_id(fp, tl, lane);
		fputc('\n', fp);
	}
	if (has_words(c->note)) {
		mm_note_across(fp, tl);
		mm_text(fp, c->note);
		fputc('\n', fp);
	}
}

static void
mm_packet(struct mermaid_state *m, FILE *fp, const struct sv_timeline *tl,
    const struct sv_pktev *p)
{
	int from = lane_of(tl, p->from);
	int to = p->to >= 0 && p->to < tl->n_lanes ? p->to : from;
	int kernel = p->cause < 0 && m->calls > 0;
	char label[128], detail[400];

	m->n_kernel += kernel;
	fputs("    ", fp);
	mm_id(fp, tl, from);
	fputs(kernel ? "-->>" : "->>", fp);
	mm_id(fp, tl, to);
	fputs(": ", fp);
	mm_text(fp, sv_pkt_short(p, label, sizeof(label)));
	sv_pkt_detail(tl, p, m->calls, detail, sizeof(detail));
	if (detail[0]) {
		fputc(' ', fp);
		mm_text(fp, detail);
	}
	fputc('\n', fp);
}

static int
mermaid_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct mermaid_state *m = o->priv;
	mm_flush(m, o->fp, tl, ev->t);
	switch (ev->type) {
	case SV_EV_CALL:
		mm_call(m, o->fp, tl, ev);
		break;
	case SV_EV_PACKET:
		mm_packet(m, o->fp, tl, &ev->u.pkt);
		break;
	}
	return 0;
}

static int
mermaid_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct mermaid_state *m = o->priv;
	FILE *fp = o->fp;
	char b[300], l[64], p[64];

	mm_flush(m, fp, tl, INT64_MAX);
	if (tl->n_finals > 0) {
		mm_note_across(fp, tl);
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
			fputs("<br/>", fp);
			mm_text(fp, b);
		}
		fputc('\n', fp);
	}
	if (m->calls > 0) {
		fputs("    %% ", fp);
		mm_text(fp, sv_counts_line(m->n_calls, m->n_silent,
		    tl->packets, m->n_kernel, b, sizeof(b)));
		fputc('\n', fp);
	}
	if (m->n_expect > 0) {
		fputs("    %% ", fp);
		mm_text(fp, sv_expect_line(m->n_expect, m->n_failed, b,
		    sizeof(b)));
		fputc('\n', fp);
	}
	free(m->pend);
	free(m);
	o->priv = NULL;
	return 0;
}

const struct sv_renderer sv_render_mermaid = {
	.name = "mermaid",
	.ext = ".mmd",
	.what = "a Mermaid sequence diagram, for Markdown pages and wikis",
	.begin = mermaid_begin,
	.event = mermaid_event,
	.end = mermaid_end,
};
