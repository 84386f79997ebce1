/*
 * The timeline as a Mermaid sequence diagram, for Markdown pages that
 * draw Mermaid (GitHub, GitLab, most wikis) and for mermaid-cli: what
 * render/seqtext.c says, in Mermaid's syntax.
 *
 * As the ladder draws it, within what Mermaid can say: the title, the
 * summary and the capture head the lanes as the label of a box around
 * them (Mermaid centres that; its own "title" it places off-centre); a
 * call is a note on the right of its actor, which Mermaid keeps clear of
 * the next lifeline; a blocked call activates its actor until it returns;
 * the scenario's notes span every lane on a yellow band ("rect"); a packet
 * is dashed when a kernel sent it on its own, has an open head when it
 * answers, a cross when it is a reset.
 *
 * Mermaid has no colour of its own for one arrow or one note, but it
 * numbers every statement (note, message, activation, rect) in order and
 * writes the number into the picture as data-id="i<N>": the CSS of the
 * directive at the end gives each arrow its kind's colour (the palette's,
 * render/palette.h) and each note its look by that number. A Mermaid
 * that writes no such numbers draws the same diagram in its theme's
 * colours. The directive comes last because only then are the numbers
 * known; Mermaid reads a directive wherever it stands. Fonts are set for
 * measuring as well as for drawing, so that a note is as wide as its
 * text; lines are wrapped here, so that no note is wider than a lane
 * needs. (Checked with mermaid-cli 12.2.0 and mermaid 12.3.0.)
 *
 * Mermaid's lexer ends a text at '#', ';' or a newline, and hands it to
 * the browser as HTML: such characters go as Mermaid's entity codes,
 * "#35;" for '#', which it turns back into the character.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render/palette.h"
#include "render/render.h"
#include "render/seqtext.h"

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

/* A name its lexer reads as a participant: an identifier not starting
 * as one of its keywords does (it tries those first, so "endpoint" would
 * be "end"). */
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
	if (!sv_seqtext_ident(s))
		return 0;
	for (size_t k = 0; k < sizeof(kw) / sizeof(kw[0]); k++)
		if (strncasecmp(s, kw[k], strlen(kw[k])) == 0)
			return 0;
	return 1;
}

#define FONT "DejaVu Sans Mono, Menlo, Consolas, monospace"
/* A call's box: the lanes' ground, lighter. */
#define CALL_GROUND "#f6f8fa"

/* A colour of the palette (render/palette.h), "#1a7f37". */
static const char *
hex(enum sv_ink ink)
{
	return sv_inkdef(ink)->hex;
}

/* What a numbered statement is, for its look. */
enum {
	R_PLAIN,                 /* a call, an activation: the theme's look */
	R_WORDS,                 /* the scenario's words */
	R_FINAL,                 /* the final states */
	R_COUNTS,                /* the counts, as a caption */
	R_BAD,                   /* a call whose expectation failed */
	R_COUNTS_BAD,            /* the counts, when one did */
	R_PKT,                   /* a packet: R_PKT + 2 * its ink (+1 when
	                          * its label is one line) */
};

/*
 * Mermaid draws nothing longer than its maxTextSize, 50 000 characters by
 * default: a few hundred events. The looks of the first MM_RECS statements
 * are kept, which covers every diagram it draws, and memory stays flat
 * however many packets stream past.
 */
#define MM_RECS 8192

struct mm_state {
	unsigned char rec[MM_RECS];  /* each numbered statement's R_* */
	size_t n;                    /* statements numbered so far */
};

/* Counts a statement Mermaid numbers. */
static void
rec(struct sv_seqw *w, int role)
{
	struct mm_state *m = w->fmt;
	if (m->n < MM_RECS)
		m->rec[m->n] = (unsigned char)role;
	m->n++;
}

static void
mm_participant(struct sv_seqw *w, int lane)
{
	const struct sv_timeline *tl = w->tl;
	fputs("    participant ", w->fp);
	if (tl->n_lanes > 0 && !mm_plain_name(tl->lanes[lane].name)) {
		fprintf(w->fp, "lane%d as ", lane);
		mm_text(w->fp, tl->lanes[lane].name);
	} else {
		sv_seqtext_id(w, lane);
	}
	fputc('\n', w->fp);
}

/* Inside a note Mermaid styles nothing: the CSS styles whole notes. */
static void
mm_style(FILE *fp, enum sv_seq_style st, int open)
{
	(void)fp;
	(void)st;
	(void)open;
}

static void
mm_mark(FILE *fp, enum sv_seq_mark m)
{
	switch (m) {
	case SV_SEQ_NO_MARK:
		break;
	case SV_SEQ_HELD:
		fputs(" \xe2\x9c\x93", fp);
		break;
	case SV_SEQ_FAILED:
		fputs(" \xe2\x9c\x97", fp);
		break;
	}
}

/* A line of the box's label, wrapped as a note across would be. */
static void
label_line(struct sv_seqw *w, const char *s, int first)
{
	struct sv_seqline l = { SV_SEQ_PLAIN, SV_SEQ_NO_MARK, s };
	struct sv_seqbox b = { SV_SEQ_NOTE, 0, &l, 1 };
	if (!first)
		fputs("<br/>", w->fp);
	sv_seqtext_lines(w, &b, w->s->cols_across);
}

static int
mm_head(struct sv_seqw *w, const struct sv_seqhead *h)
{
	FILE *fp = w->fp;
	if ((w->fmt = calloc(1, sizeof(struct mm_state))) == NULL) {
		snprintf(w->err, w->errlen, "out of memory");
		return -1;
	}
	fputs("sequenceDiagram\n    %% sockviz", fp);
	if (h->scenario) {
		mm_text(fp, " \xc2\xb7 ");
		mm_text(fp, h->scenario);
	}
	fputs(": ", fp);
	mm_text(fp, h->capture);
	fputs("\n    accTitle: ", fp);
	mm_text(fp, h->title);
	/* A colour first, so that no title is read as one. */
	fputs("\n    box transparent ", fp);
	label_line(w, h->title, 1);
	if (h->summary)
		label_line(w, h->summary, 0);
	label_line(w, h->capture, 0);
	fputc('\n', fp);
	return 0;
}

static void
mm_lanes_done(struct sv_seqw *w)
{
	fputs("    end\n", w->fp);
}

/*
 * Columns a note across every lane can hold without running out of it.
 * Mermaid makes such a note as wide as the lanes it spans, whatever its
 * text, and keeps each lane that far from the next one as the widest note
 * on its right, or the widest label of an arrow to the next lane, needs
 * (sequenceRenderer: a lane's margin is that text's width; a note over
 * lanes is their span plus one margin). seqtext measures those in head:
 * the span is at least what they need, and the text is wrapped to that.
 * In columns of a monospace face at 14px.
 */
#define MM_COL 8.43              /* px a column takes */
#define MM_LANE 150.0            /* a participant's box */
#define MM_MARGIN 50.0           /* between two boxes */
#define MM_PAD 10.0              /* inside a note, on either side */
static int
across_cols(const struct sv_seqw *w)
{
	int n = w->tl->n_lanes < w->n_room ? w->tl->n_lanes : w->n_room;
	int cols = w->s->cols_across;
	if (n <= 1)
		return cols;
	double span = 0;
	for (int i = 0; i < n - 1; i++) {
		double gap = w->room[i] * MM_COL + 2 * MM_PAD + MM_MARGIN;
		span += gap > MM_LANE + MM_MARGIN ? gap : MM_LANE + MM_MARGIN;
	}
	/* A column to spare, for faces a little wider than the one
	 * measured. */
	int fit = (int)((span + MM_MARGIN - 2 * MM_PAD) / MM_COL) - 2;
	return fit < 24 ? 24 : fit < cols ? fit : cols;
}

/* Whether a line of the box says something went wrong. */
static int
says_bad(const struct sv_seqbox *b)
{
	for (int i = 0; i < b->n; i++)
		if (b->line[i].style == SV_SEQ_BAD)
			return 1;
	return 0;
}

/* "Note over first,last: " */
static void
note_across(struct sv_seqw *w)
{
	fputs("    Note over ", w->fp);
	sv_seqtext_id(w, 0);
	if (w->tl->n_lanes > 1) {
		fputc(',', w->fp);
		sv_seqtext_id(w, w->tl->n_lanes - 1);
	}
	fputs(": ", w->fp);
}

static void
mm_box(struct sv_seqw *w, const struct sv_seqbox *b)
{
	FILE *fp = w->fp;
	const struct sv_seqtext *s = w->s;
	switch (b->kind) {
	case SV_SEQ_NOTE: {
		/* rgb(), as '#' would start a comment. */
		unsigned r = 0, g = 0, bl = 0;
		sscanf(hex(SV_INK_NOTE_GROUND), "#%2x%2x%2x", &r, &g, &bl);
		fprintf(fp, "    rect rgb(%u, %u, %u)\n", r, g, bl);
		rec(w, R_PLAIN);
		note_across(w);
		sv_seqtext_lines(w, b, across_cols(w));
		fputs("\n    end\n", fp);
		rec(w, R_WORDS);
		rec(w, R_PLAIN);
		return;
	}
	case SV_SEQ_CALL:
	case SV_SEQ_BLOCK:
	case SV_SEQ_RETURN:
		fputs("    Note right of ", fp);
		sv_seqtext_id(w, b->lane);
		fputs(": ", fp);
		sv_seqtext_lines(w, b, s->cols_beside);
		fputc('\n', fp);
		rec(w, says_bad(b) ? R_BAD : R_PLAIN);
		if (b->kind == SV_SEQ_CALL)
			return;
		fputs(b->kind == SV_SEQ_BLOCK ? "    activate " :
		    "    deactivate ", fp);
		sv_seqtext_id(w, b->lane);
		fputc('\n', fp);
		rec(w, R_PLAIN);
		return;
	case SV_SEQ_FINAL:
	case SV_SEQ_COUNTS:
		/* Drawn without their box, as the ladder's footer is: no
		 * need to fit it. A final state is never broken. */
		note_across(w);
		sv_seqtext_lines(w, b, b->kind == SV_SEQ_FINAL ? 200 :
		    s->cols_across + 40);
		fputc('\n', fp);
		rec(w, b->kind == SV_SEQ_FINAL ? R_FINAL : says_bad(b) ?
		    R_COUNTS_BAD : R_COUNTS);
		return;
	}
}

static void
mm_packet(struct sv_seqw *w, const struct sv_seqpkt *p)
{
	FILE *fp = w->fp;
	int rst = p->ink == SV_INK_RST;
	fputs("    ", fp);
	sv_seqtext_id(w, p->from);
	/* Dashed for a kernel on its own; a reset's cross, or an answer's
	 * open head. */
	fputs(p->kernel ? "--" : "-", fp);
	fputs(rst ? "x" : p->answer && !p->kernel ? ")" : ">>", fp);
	sv_seqtext_id(w, p->to);
	fputs(": ", fp);
	mm_text(fp, p->label);
	if (p->detail[0]) {
		fputs("<br/>", fp);
		mm_text(fp, p->detail);
	}
	fputc('\n', fp);
	rec(w, R_PKT + 2 * (int)p->ink + (p->detail[0] == '\0'));
}

/* "[data-id=i3],[data-id=i7]" for the statements of role r, each as
 * pre + the number + post; 0 when there are none. */
static int
selectors(FILE *fp, const struct mm_state *m, int r, const char *pre,
    const char *post)
{
	int n = 0;
	for (size_t i = 0; i < m->n && i < MM_RECS; i++)
		if (m->rec[i] == r)
			fprintf(fp, "%s%s[data-id=i%zu]%s", n++ ? "," : "", pre,
			    i, post);
	return n;
}

/* A rule for the statements of role r, when there are any. */
static void
rule(FILE *fp, const struct mm_state *m, int r, const char *pre,
    const char *post, const char *decl)
{
	int any = 0;
	for (size_t i = 0; i < m->n && i < MM_RECS && !any; i++)
		any = m->rec[i] == r;
	if (!any)
		return;
	selectors(fp, m, r, pre, post);
	fprintf(fp, "{%s}", decl);
}

static void
put_css(FILE *fp, const struct mm_state *m)
{
	char decl[160];
	/* Every label is its flags, in bold, over the numbers and the
	 * cause: the second of two lines before an arrow. */
	fprintf(fp, ".messageLine0,.messageLine1{stroke-width:2px}"
	    "marker path{fill:context-stroke !important;"
	    "stroke:context-stroke !important}"
	    ".messageText{font-weight:bold}"
	    "text.messageText+text.messageText:has(+[data-et=message]){"
	    "font-weight:normal;"
	    "fill:%s !important}"
	    "rect.rect{stroke:none !important;filter:none !important}"
	    "rect.rect+text.text tspan{font-weight:bold}", hex(SV_INK_DIM));
	rule(fp, m, R_WORDS, "", " rect.note", "fill:none;stroke:none");
	snprintf(decl, sizeof(decl), "fill:%s !important;font-style:italic",
	    hex(SV_INK_NOTE));
	rule(fp, m, R_WORDS, "", " tspan", decl);
	rule(fp, m, R_FINAL, "", " rect.note", "fill:none;stroke:none");
	rule(fp, m, R_COUNTS, "", " rect.note", "fill:none;stroke:none");
	snprintf(decl, sizeof(decl), "fill:%s !important", hex(SV_INK_DIM));
	rule(fp, m, R_COUNTS, "", " tspan", decl);
	rule(fp, m, R_COUNTS_BAD, "", " rect.note", "fill:none;stroke:none");
	snprintf(decl, sizeof(decl), "fill:%s !important", hex(SV_INK_BAD));
	rule(fp, m, R_COUNTS_BAD, "", " tspan", decl);
	snprintf(decl, sizeof(decl), "fill:%s;stroke:%s",
	    hex(SV_INK_BAD_GROUND), hex(SV_INK_BAD));
	rule(fp, m, R_BAD, "", " rect.note", decl);
	/* An ACK is drawn in the theme's own arrow colour. */
	for (size_t i = 0; sv_arrow_ink(i) >= 0; i++) {
		enum sv_ink k = (enum sv_ink)sv_arrow_ink(i);
		if (k == SV_INK_ACK)
			continue;
		int two = R_PKT + 2 * (int)k, one = two + 1;
		snprintf(decl, sizeof(decl), "stroke:%s !important", hex(k));
		rule(fp, m, two, "", "", decl);
		rule(fp, m, one, "", "", decl);
		snprintf(decl, sizeof(decl), "fill:%s !important", hex(k));
		rule(fp, m, two, "text:has(+text+", ")", decl);
		rule(fp, m, one, "text:has(+", ")", decl);
	}
}

static void
mm_tail(struct sv_seqw *w)
{
	struct mm_state *m = w->fmt;
	FILE *fp = w->fp;
	if (m == NULL)
		return;
	if (!w->err[0]) {
		fprintf(fp, "    %%%% The look: Mermaid reads a directive"
		    " wherever it stands.\n"
		    "    %%%%{init: {\"theme\": \"base\", \"look\": \"classic\", "
		    "\"fontFamily\": \"" FONT "\", \"fontSize\": 14, "
		    "\"themeVariables\": {\"fontFamily\": \"" FONT "\", "
		    "\"fontSize\": \"14px\", "
		    "\"actorBkg\": \"%s\", \"actorBorder\": \"%s\", "
		    "\"actorTextColor\": \"%s\", \"actorLineColor\": \"%s\", "
		    "\"signalColor\": \"%s\", \"signalTextColor\": \"%s\", "
		    "\"noteBkgColor\": \"" CALL_GROUND "\", "
		    "\"noteBorderColor\": \"%s\", \"noteTextColor\": \"%s\", "
		    "\"activationBkgColor\": \"%s\", "
		    "\"activationBorderColor\": \"%s\"}, "
		    "\"sequence\": {\"noteAlign\": \"left\", \"wrap\": false}, "
		    "\"themeCSS\": \"", hex(SV_INK_LANE_GROUND),
		    hex(SV_INK_LANE_EDGE), hex(SV_INK_TEXT), hex(SV_INK_LIFE),
		    hex(SV_INK_ACK), hex(SV_INK_ACK), hex(SV_INK_OTHER),
		    hex(SV_INK_TEXT), hex(SV_INK_WAIT_GROUND), hex(SV_INK_WAIT));
		put_css(fp, m);
		fputs("\"}}%%\n", fp);
	}
	free(m);
	w->fmt = NULL;
}

static const struct sv_seqtext mermaid = {
	.text = mm_text,
	.plain_name = mm_plain_name,
	.participant = mm_participant,
	.cols_beside = 60,
	.cols_across = 76,
	.newline = "<br/>",
	.style = mm_style,
	.mark = mm_mark,
	.head = mm_head,
	.lanes_done = mm_lanes_done,
	.box = mm_box,
	.packet = mm_packet,
	.tail = mm_tail,
};

static int
mermaid_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	return sv_seqtext_begin(o, tl, &mermaid);
}

const struct sv_renderer sv_render_mermaid = {
	.name = "mermaid",
	.ext = ".mmd",
	.what = "a Mermaid sequence diagram, for Markdown pages and wikis",
	.begin = mermaid_begin,
	.event = sv_seqtext_event,
	.end = sv_seqtext_end,
};
