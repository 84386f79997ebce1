/*
 * The ladder as a LaTeX document drawn with TikZ: the layout of
 * render/layout.h, the very picture svg.c draws, for lecture notes and
 * slides. `pdflatex run.tex` gives a PDF.
 *
 *  - By default a standalone document cropped to the picture
 *    (\includegraphics it, or copy the tikzpicture).
 *  - With --slides a beamer document, 16:9: a title frame, then one frame
 *    per step (a call with its notes, a packet, a blocked call's return)
 *    showing the ladder up to that step in large type; a ladder taller
 *    than the frame scrolls, the newest rows in view and the lane headers
 *    pinned at the top; a last frame with the footer and the legend.
 *
 * Everything is set in the typewriter face, whose every character is
 * 0.525 em wide: a font of size ch / 0.525 takes exactly the layout's
 * cell of ch, so the layout's boxes are where LaTeX sets the text. TikZ's
 * y axis points up; the layout's y is negated. Layers keep lifelines,
 * grounds and bars under the text whatever the order they come in.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/layout.h"
#include "render/palette.h"
#include "render/render.h"

/* A picture: layout points to pt, a typewriter character being 0.525 em. */
#define PICTURE_SCALE 0.525
/* A slide: 160 mm by 90 mm (beamer's 16:9), the layout's 1920 x 1080. */
#define SLIDE_W_PT 453.54
#define SLIDE_H_PT 255.12
#define FRAME_W 1920.0
#define FRAME_H 1080.0
#define MAX_FRAMES 2000

struct tikz_state {
	struct sv_layout *L;
	struct sv_layout_metrics m;
	double s;                /* pt per layout unit */
	int slides;
	/* Slides. */
	struct sv_slides *view;
	struct sv_lrow *lanes;   /* the lanes' row, kept for every frame */
	struct sv_lrow *head;    /* the heading, for the title frame */
	struct sv_lrow **foot;   /* the footer's rows, for the last frame */
	size_t n_foot;
	int step;                /* the step whose rows are being pushed */
	int frames;
	double top;              /* the frame's ladder starts here */
	int n_lanes_drawn;
	int failed;
};

/* ---- text ---- */

/*
 * n bytes of s for LaTeX: its ten specials escaped, ligatures broken,
 * the symbols sockviz writes as math or as a character of one cell,
 * Latin letters as they are (pdflatex reads UTF-8 and T1 has them),
 * anything else as '?'.
 */
static void
tex_n(FILE *fp, const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = sv_utf8_next(s + i, n - i, &cp);
		char next = i + len < n ? s[i + len] : '\0';
		const char *rep = NULL;
		if (cp == SV_NOT_UTF8) {
			fputc('?', fp);
			i++;
			continue;
		}
		switch (cp) {
		case '\\': rep = "\\textbackslash{}"; break;
		case '{': rep = "\\{"; break;
		case '}': rep = "\\}"; break;
		case '$': rep = "\\$"; break;
		case '&': rep = "\\&"; break;
		case '#': rep = "\\#"; break;
		case '^': rep = "\\textasciicircum{}"; break;
		case '_': rep = "\\_"; break;
		case '%': rep = "\\%"; break;
		case '~': rep = "\\textasciitilde{}"; break;
		/* Ligatures: << and ,, are quotes, -- a dash, !` is ¡. */
		case '<': rep = "\\textless{}"; break;
		case '>': rep = "\\textgreater{}"; break;
		case '`': rep = "\\textasciigrave{}"; break;
		case '\'': rep = "\\textquotesingle{}"; break;
		case ',': rep = next == ',' ? ",{}" : NULL; break;
		case '-': rep = next == '-' ? "-{}" : NULL; break;
		case 0xb7: rep = "\\textperiodcentered{}"; break;
		case 0xab: rep = "\\guillemotleft{}"; break;
		case 0xbb: rep = "\\guillemotright{}"; break;
		case 0x2013: rep = "\\textendash{}"; break;
		case 0x2014: rep = "\\textemdash{}"; break;
		case 0x2018: rep = "\\textquoteleft{}"; break;
		case 0x2019: rep = "\\textquoteright{}"; break;
		case 0x201c: rep = "\\textquotedblleft{}"; break;
		case 0x201d: rep = "\\textquotedblright{}"; break;
		/* Symbols, each in the one cell the layout gave it. */
		case 0x2026: rep = "\\svc{\\ldots}"; break;
		case 0x2192: rep = "\\svc{$\\rightarrow$}"; break;
		case 0x21b3: rep = "\\svc{$\\hookrightarrow$}"; break;
		case 0x21c4: rep = "\\svc{$\\leftrightarrows$}"; break;
		case 0x22ef: rep = "\\svc{$\\cdots$}"; break;
		case 0x2713: rep = "\\svc{$\\checkmark$}"; break;
		case 0x2717: rep = "\\svc{$\\times$}"; break;
		default:
			break;
		}
		if (rep != NULL)
			fputs(rep, fp);
		else if (cp < 0x20 || cp == 0x7f)
			fputc(' ', fp);
		else if (cp < 0x7f || (cp >= 0xc0 && cp <= 0x17f &&
		    cp != 0xd7 && cp != 0xf7))
			fwrite(s + i, 1, len, fp);
		else
			fputc('?', fp);
		i += len;
	}
}

static void
tex(FILE *fp, const char *s)
{
	if (s != NULL)
		tex_n(fp, s, strlen(s));
}

/* ---- the document ---- */

static const char colours[] =
"\\usepackage[T1]{fontenc}\n"
"\\usepackage{lmodern}\n"
"\\usepackage{amssymb}\n"
"\\usetikzlibrary{arrows.meta}\n";

static void
define_colours(FILE *fp)
{
	for (int i = 0; i < SV_INK_COUNT; i++) {
		const struct sv_inkdef *d = sv_inkdef((enum sv_ink)i);
		fprintf(fp, "\\definecolor{sv%s}{HTML}{", d->id);
		for (const char *c = d->hex + 1; *c; c++)
			fputc(*c >= 'a' && *c <= 'f' ? *c - 'a' + 'A' : *c, fp);
		fputs("}\n", fp);
	}
}

/* Styles and macros, for whoever restyles the picture. */
static void
define_styles(const struct tikz_state *t, FILE *fp)
{
	double s = t->s;
	fputs("% One typewriter cell for a symbol.\n"
	    "\\newcommand{\\svc}[1]{\\makebox[.525em][c]{#1}}\n"
	    "% A packet's label: its flags, or its protocol, and payload"
	    " size.\n\\newcommand{\\svpkt}[1]{#1}\n"
	    "% A connection after the last step: lane, local, peer, state.\n"
	    "\\newcommand{\\svfinal}[4]{\\textbf{#1} #2 \\svc{$"
	    "\\leftrightarrows$} #3 \\textbf{#4}}\n"
	    "\\pgfdeclarelayer{lifelines}\n\\pgfdeclarelayer{grounds}\n"
	    "\\pgfdeclarelayer{bars}\n"
	    "\\pgfsetlayers{lifelines,grounds,bars,main}\n", fp);
	fprintf(fp, "\\tikzset{every node/.style={inner sep=0pt,outer sep=0pt,"
	    "anchor=base west},\n"
	    "  sv-lifeline/.style={draw=svlife,line width=%.2fpt},\n"
	    "  sv-packet/.style={line width=%.2fpt,"
	    "-{Latex[length=%.2fpt,width=%.2fpt]}},\n"
	    "  sv-kernel/.style={dash pattern=on %.2fpt off %.2fpt},\n"
	    "  sv-dot/.style={fill=svtext,draw=svtext,line width=%.2fpt},\n"
	    "  sv-ring/.style={fill=white,draw=svtext,line width=%.2fpt},\n"
	    "  sv-bar/.style={fill=svwaitground,draw=none},\n"
	    "  sv-lane/.style={draw=svlaneline,fill=svlane,rounded corners=%.2fpt,"
	    "line width=%.2fpt},\n"
	    "  sv-endpoint/.style={draw=svother,fill=white,rounded corners=%.2fpt,"
	    "line width=%.2fpt,dash pattern=on %.2fpt off %.2fpt}}\n",
	    2 * s, 2 * s, 12 * s, 10 * s, 7 * s, 5 * s, 2 * s, 2 * s, 6 * s,
	    1.5 * s, 6 * s, 1.5 * s, 4 * s, 3 * s);
}

/* The font a box's kind has: its cell is the layout's. */
static void
font(const struct tikz_state *t, FILE *fp, const struct sv_lbox *b)
{
	const struct sv_lfont *f = &t->m.font[b->kind];
	double pt = f->ch * t->s / 0.525;
	fprintf(fp, "\\fontsize{%.2f}{%.2f}\\selectfont\\ttfamily%s%s", pt,
	    pt * 1.2, b->flags & SV_LBOX_BOLD ? "\\bfseries" : "",
	    b->flags & SV_LBOX_ITALIC ? "\\itshape" : "");
}

static double
X(const struct tikz_state *t, double x)
{
	return x * t->s;
}

static double
Y(const struct tikz_state *t, double y, double dy)
{
	return -(y - dy) * t->s;
}

static void
rect(const struct tikz_state *t, FILE *fp, const char *layer,
    const char *style, double x, double y, double w, double h, double dy)
{
	if (layer != NULL)
		fprintf(fp, "\\begin{pgfonlayer}{%s}", layer);
	fprintf(fp, "\\fill[%s] (%.2f,%.2f) rectangle (%.2f,%.2f);", style,
	    X(t, x), Y(t, y, dy), X(t, x + w), Y(t, y + h, dy));
	if (layer != NULL)
		fputs("\\end{pgfonlayer}", fp);
	fputc('\n', fp);
}

static void
bar(const struct tikz_state *t, FILE *fp, double x, double y, double w,
    double h, double dy)
{
	fprintf(fp, "\\begin{pgfonlayer}{bars}\\fill[sv-bar] (%.2f,%.2f)"
	    " rectangle (%.2f,%.2f);\\draw[svwait,line width=%.2fpt]"
	    " (%.2f,%.2f) -- ++(0,%.2f) (%.2f,%.2f) -- ++(0,%.2f);"
	    "\\end{pgfonlayer}\n", X(t, x), Y(t, y, dy), X(t, x + w),
	    Y(t, y + h, dy), 1.5 * t->s, X(t, x), Y(t, y, dy), -h * t->s,
	    X(t, x + w), Y(t, y, dy), -h * t->s);
}

static void
arrow(const struct tikz_state *t, FILE *fp, double x1, double x2, double y,
    enum sv_ink ink, int dashed, double dy)
{
	fprintf(fp, "\\draw[sv-packet,draw=sv%s%s] (%.2f,%.2f) -- (%.2f,%.2f);\n",
	    sv_inkdef(ink)->id, dashed ? ",sv-kernel" : "", X(t, x1),
	    Y(t, y, dy), X(t, x2), Y(t, y, dy));
}

static void
circle(const struct tikz_state *t, FILE *fp, double cx, double cy, double r,
    int ring, double dy)
{
	fprintf(fp, "\\filldraw[%s] (%.2f,%.2f) circle (%.2fpt);\n",
	    ring ? "sv-ring" : "sv-dot", X(t, cx), Y(t, cy, dy), r * t->s);
}

static void
draw_mark(const struct tikz_state *t, FILE *fp, const struct sv_lmark *m,
    double dy)
{
	int dashed = (m->flags & SV_LMARK_DASHED) != 0;
	char st[64];
	switch (m->kind) {
	case SV_MARK_GROUND:
		snprintf(st, sizeof(st), "sv%s,rounded corners=%.2fpt",
		    sv_inkdef(m->ink)->id, 3 * t->s);
		rect(t, fp, "grounds", st, m->x, m->y, m->w, m->h, dy);
		break;
	case SV_MARK_BAR:
		bar(t, fp, m->x, m->y, m->w, m->h, dy);
		break;
	case SV_MARK_BREAK:
		for (int i = 0; i < t->n_lanes_drawn; i++) {
			double x = sv_layout_lane_x(t->L, i);
			rect(t, fp, "grounds", "white", x - 3, m->y + 2, 6,
			    m->h - 4, dy);
			fprintf(fp, "\\begin{pgfonlayer}{grounds}\\draw[svlife,"
			    "line width=%.2fpt,dash pattern=on %.2fpt off"
			    " %.2fpt] (%.2f,%.2f) -- (%.2f,%.2f);"
			    "\\end{pgfonlayer}\n", 2 * t->s, 2 * t->s, 4 * t->s,
			    X(t, x), Y(t, m->y + 4, dy), X(t, x),
			    Y(t, m->y + m->h - 4, dy));
		}
		break;
	case SV_MARK_ARROW: {
		double y = m->y + m->h / 2;
		if (m->flags & SV_LMARK_LEFT)
			arrow(t, fp, m->x + m->w, m->x, y, m->ink, dashed, dy);
		else
			arrow(t, fp, m->x, m->x + m->w, y, m->ink, dashed, dy);
		break;
	}
	case SV_MARK_LOOP:
		fprintf(fp, "\\draw[sv-packet,draw=sv%s%s] (%.2f,%.2f) --"
		    " ++(%.2f,0) -- ++(0,%.2f) -- ++(%.2f,0);\n",
		    sv_inkdef(m->ink)->id, dashed ? ",sv-kernel" : "",
		    X(t, m->x), Y(t, m->y, dy), m->w * t->s, -m->h * t->s,
		    -(m->w - 2) * t->s);
		break;
	case SV_MARK_DOT:
	case SV_MARK_RING:
		circle(t, fp, m->x + m->w / 2, m->y + m->h / 2, m->w / 2,
		    m->kind == SV_MARK_RING, dy);
		break;
	case SV_MARK_LANEBOX:
		fprintf(fp, "\\draw[%s] (%.2f,%.2f) rectangle (%.2f,%.2f);\n",
		    dashed ? "sv-endpoint" : "sv-lane", X(t, m->x),
		    Y(t, m->y, dy), X(t, m->x + m->w), Y(t, m->y + m->h, dy));
		break;
	case SV_MARK_SAMPLE:
		switch (m->sample) {
		case SV_MARK_ARROW:
			arrow(t, fp, m->x, m->x + m->w, m->y + m->h / 2,
			    m->ink, dashed, dy);
			break;
		case SV_MARK_BAR:
			bar(t, fp, m->x, m->y, m->w, m->h, dy);
			break;
		case SV_MARK_DOT:
		case SV_MARK_RING:
			circle(t, fp, m->x + m->w / 2, m->y + m->h / 2,
			    m->w / 2, m->sample == SV_MARK_RING, dy);
			break;
		default:
			break;
		}
		break;
	}
}

static void
draw_box(const struct tikz_state *t, FILE *fp, const struct sv_lrow *r,
    const struct sv_lbox *b, double dy)
{
	const struct sv_lfont *f = &t->m.font[b->kind];
	if (b->flags & SV_LBOX_GROUND)
		rect(t, fp, NULL, "white", b->x - 2, b->y, b->w + 4, b->h, dy);
	fprintf(fp, "\\node[text=sv%s,font=", sv_inkdef(b->ink)->id);
	font(t, fp, b);
	fprintf(fp, "] at (%.2f,%.2f) {", X(t, b->x), Y(t, b->y + f->base, dy));
	if (b->kind == SV_BOX_LABEL && (b->flags & SV_LBOX_FIRST)) {
		fputs("\\svpkt{", fp);
		tex(fp, sv_lbox_text(r, b));
		fputs("}", fp);
	} else {
		tex(fp, sv_lbox_text(r, b));
	}
	fputs("};\n", fp);
}

/* A final state, as one \svfinal set where its first box is. */
static void
draw_final(const struct tikz_state *t, FILE *fp, const struct sv_lrow *r,
    double dy)
{
	const struct sv_final *f = r->final;
	const struct sv_lbox *b = &r->box[0];
	char l[64], p[64];
	struct sv_lbox plain = *b;
	plain.flags = 0;
	/* A state worth its colour colours the line, as the terminal's. */
	fprintf(fp, "\\node[text=sv%s,font=", sv_inkdef(r->n_box > 2 ?
	    r->box[2].ink : SV_INK_TEXT)->id);
	font(t, fp, &plain);
	fprintf(fp, "] at (%.2f,%.2f) {\\svfinal{", X(t, b->x),
	    Y(t, b->y + t->m.font[b->kind].base, dy));
	tex(fp, sv_lbox_text(r, b));
	fputs("}{", fp);
	tex(fp, sv_endpoint_str(&f->local, 1, l, sizeof(l)));
	fputs("}{", fp);
	tex(fp, sv_endpoint_str(&f->peer, 1, p, sizeof(p)));
	fputs("}{", fp);
	tex(fp, r->n_box > 2 ? sv_lbox_text(r, &r->box[2]) : "");
	fputs("}};\n", fp);
}

static void
draw_row(const struct tikz_state *t, FILE *fp, const struct sv_lrow *r,
    double dy)
{
	for (size_t i = 0; i < r->n_mark; i++)
		draw_mark(t, fp, &r->mark[i], dy);
	if (r->final != NULL && r->n_box > 0) {
		draw_final(t, fp, r, dy);
		return;
	}
	for (size_t i = 0; i < r->n_box; i++)
		draw_box(t, fp, r, &r->box[i], dy);
}

static void
lifelines(const struct tikz_state *t, FILE *fp, double y0, double y1,
    double dy)
{
	fputs("\\begin{pgfonlayer}{lifelines}\n", fp);
	for (int i = 0; i < t->n_lanes_drawn; i++) {
		double x = sv_layout_lane_x(t->L, i);
		fprintf(fp, "\\draw[sv-lifeline%s] (%.2f,%.2f) -- (%.2f,%.2f);\n",
		    sv_layout_lane_endpoint(t->L, i) ? ",dash pattern=on 2pt"
		    " off 2pt" : "", X(t, x), Y(t, y0, dy), X(t, x),
		    Y(t, y1, dy));
	}
	fputs("\\end{pgfonlayer}\n", fp);
}

/* ---- the standalone picture ---- */

static void
picture_begin(struct tikz_state *t, FILE *fp, const struct sv_timeline *tl)
{
	fputs("% sockviz", fp);
	if (tl->scenario) {
		fputs(" \xc2\xb7 ", fp);
		tex(fp, tl->scenario);
	}
	if (tl->title) {
		fputs(" \xc2\xb7 ", fp);
		tex(fp, tl->title);
	}
	fputs("\n% pdflatex this file: a PDF of the ladder, cropped to it.\n",
	    fp);
	fputs("\\documentclass[tikz,border=10pt]{standalone}\n", fp);
	fputs(colours, fp);
	define_colours(fp);
	define_styles(t, fp);
	fputs("\\begin{document}\n\\frenchspacing\n", fp);
	fputs("\\begin{tikzpicture}[x=1pt,y=1pt,\n  baseline=0pt]\n", fp);
}

/* ---- slides ---- */

/* A copy of r in *slot, that outlives the layout's row. */
static const struct sv_lrow *
kept(struct sv_lrow **slot, const struct sv_lrow *r)
{
	struct sv_lrow *c = calloc(1, sizeof(*c));
	if (c == NULL || sv_lrow_copy(c, r) < 0) {
		if (c != NULL)
			sv_lrow_clear(c);
		free(c);
		return NULL;
	}
	*slot = c;
	return c;
}

static void
row_free(struct sv_lrow *r)
{
	if (r == NULL)
		return;
	sv_lrow_clear(r);
	free(r);
}

static void
frame_open(struct tikz_state *t, FILE *fp)
{
	fprintf(fp, "\\begin{frame}[plain]\n\\begin{tikzpicture}[x=1pt,y=1pt]\n"
	    "\\useasboundingbox (0,0) rectangle (%.2f,%.2f);\n", SLIDE_W_PT,
	    -SLIDE_H_PT + 4);
	(void)t;
}

static void
frame_close(FILE *fp)
{
	fputs("\\end{tikzpicture}\n\\end{frame}\n", fp);
}

/* The frame of the step just pushed: the lanes pinned at the top, then
 * the rows in view. */
static void
step_frame(struct tikz_state *t, FILE *fp)
{
	size_t n = sv_slides_count(t->view);
	if (n == 0 || t->lanes == NULL)
		return;
	if (++t->frames > MAX_FRAMES) {
		t->failed = 1;
		return;
	}
	frame_open(t, fp);
	/* The lanes' row at the frame's top margin. */
	double ldy = t->lanes->y - t->m.margin;
	draw_row(t, fp, t->lanes, ldy);
	double life_top = t->lanes->y + t->lanes->h - ldy;
	/* The rows below it, the first of them at the ladder's top. */
	double dy = sv_slides_shift(t->view) - t->top;
	const struct sv_lrow *last = sv_slides_row(t->view, n - 1);
	for (size_t i = 0; i < n; i++)
		draw_row(t, fp, sv_slides_row(t->view, i), dy);
	lifelines(t, fp, life_top + ldy, last->y + last->h + t->m.tail - dy +
	    ldy, ldy);
	frame_close(fp);
}

static void
title_frame(struct tikz_state *t, FILE *fp)
{
	if (t->head == NULL)
		return;
	frame_open(t, fp);
	draw_row(t, fp, t->head, t->head->y - FRAME_H / 5);
	frame_close(fp);
}

static void
foot_frame(struct tikz_state *t, FILE *fp)
{
	if (t->n_foot == 0)
		return;
	frame_open(t, fp);
	double dy = t->foot[0]->y - t->m.margin * 2;
	for (size_t i = 0; i < t->n_foot; i++)
		draw_row(t, fp, t->foot[i], dy);
	frame_close(fp);
}

static void
slides_begin(struct tikz_state *t, FILE *fp, const struct sv_timeline *tl)
{
	fputs("% sockviz", fp);
	if (tl->scenario) {
		fputs(" \xc2\xb7 ", fp);
		tex(fp, tl->scenario);
	}
	fputs("\n% pdflatex this file: slides, one frame a step.\n", fp);
	fputs("\\documentclass[aspectratio=169]{beamer}\n\\usepackage{tikz}\n",
	    fp);
	fputs(colours, fp);
	fputs("\\setbeamertemplate{navigation symbols}{}\n"
	    "\\setbeamersize{text margin left=0pt,text margin right=0pt}\n",
	    fp);
	define_colours(fp);
	define_styles(t, fp);
	fputs("\\begin{document}\n\\frenchspacing\n", fp);
}

/* A row made: drawn, or kept for the frames. */
static void
take_row(struct tikz_state *t, FILE *fp, const struct sv_lrow *r)
{
	if (!t->slides) {
		draw_row(t, fp, r, 0);
		return;
	}
	switch (r->kind) {
	case SV_ROW_HEAD:
		if (kept(&t->head, r) == NULL)
			t->failed = 1;
		return;
	case SV_ROW_LANES:
		if (kept(&t->lanes, r) == NULL)
			t->failed = 1;
		return;
	case SV_ROW_FOOT:
	case SV_ROW_LEGEND: {
		struct sv_lrow **nf = realloc(t->foot, (t->n_foot + 1) *
		    sizeof(*nf));
		if (nf == NULL) {
			t->failed = 1;
			return;
		}
		t->foot = nf;
		if (kept(&t->foot[t->n_foot], r) != NULL)
			t->n_foot++;
		else
			t->failed = 1;
		return;
	}
	default:
		break;
	}
	if (t->view == NULL) {
		/* The frame below the pinned lanes' row. */
		double lanes_h = t->lanes ? t->lanes->h : 0;
		t->top = t->m.margin + lanes_h + t->m.lead;
		t->view = sv_slides_new(FRAME_H - t->top - t->m.margin -
		    t->m.tail, r->y);
		if (t->view == NULL) {
			t->failed = 1;
			return;
		}
	}
	if (r->step >= 0 && r->step != t->step && t->step >= 0)
		step_frame(t, fp);
	if (r->step >= 0)
		t->step = r->step;
	if (sv_slides_push(t->view, r) < 0)
		t->failed = 1;
}

static void
drain(struct tikz_state *t, FILE *fp)
{
	const struct sv_lrow *r;
	while ((r = sv_layout_next(t->L)) != NULL)
		take_row(t, fp, r);
}

static void
tikz_free(struct tikz_state *t)
{
	if (t == NULL)
		return;
	sv_layout_free(t->L);
	sv_slides_free(t->view);
	row_free(t->lanes);
	row_free(t->head);
	for (size_t i = 0; i < t->n_foot; i++)
		row_free(t->foot[i]);
	free(t->foot);
	free(t);
}

static int
tikz_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	struct tikz_state *t = calloc(1, sizeof(*t));
	struct sv_layout_opts lo = { .heading = 1, .legend = 1,
	    .time_scaled = o->time_scaled, .color = 1 };
	if (t == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	t->slides = o->slides;
	t->m = t->slides ? sv_layout_slides : sv_layout_points;
	t->s = t->slides ? SLIDE_W_PT / FRAME_W : PICTURE_SCALE;
	t->step = -1;
	t->L = sv_layout_new(tl, &t->m, &lo, o->err, sizeof(o->err));
	if (t->L == NULL) {
		free(t);
		return -1;
	}
	o->priv = t;
	t->n_lanes_drawn = tl->n_lanes > 0 || tl->packets > 0 ?
	    sv_layout_lanes(t->L) : 0;
	if (t->slides)
		slides_begin(t, o->fp, tl);
	else
		picture_begin(t, o->fp, tl);
	drain(t, o->fp);
	if (t->slides)
		title_frame(t, o->fp);
	return 0;
}

static int
tikz_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct tikz_state *t = o->priv;
	(void)tl;
	sv_layout_event(t->L, ev);
	drain(t, o->fp);
	if (t->failed) {
		snprintf(o->err, sizeof(o->err), t->frames > MAX_FRAMES ?
		    "more than %d steps: too many for slides" :
		    "out of memory", MAX_FRAMES);
		return -1;
	}
	return 0;
}

static int
tikz_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct tikz_state *t = o->priv;
	FILE *fp = o->fp;
	double y0, y1;
	(void)tl;
	sv_layout_end(t->L);
	drain(t, fp);
	if (t->slides) {
		step_frame(t, fp);
		foot_frame(t, fp);
		fputs("\\end{document}\n", fp);
	} else {
		sv_layout_lifelines(t->L, &y0, &y1);
		lifelines(t, fp, y0, y1, 0);
		/* The picture's size is the layout's, whatever the type
		 * does at its edges. */
		fprintf(fp, "\\pgfresetboundingbox\n\\useasboundingbox (0,0)"
		    " rectangle (%.2f,%.2f);\n", X(t, sv_layout_width(t->L)),
		    Y(t, sv_layout_height(t->L), 0));
		fputs("\\end{tikzpicture}\n\\end{document}\n", fp);
	}
	int st = 0;
	if (t->failed || sv_layout_failed(t->L)) {
		snprintf(o->err, sizeof(o->err), t->frames > MAX_FRAMES ?
		    "more than %d steps: too many for slides" :
		    "out of memory", MAX_FRAMES);
		st = -1;
	}
	tikz_free(t);
	o->priv = NULL;
	return st;
}

const struct sv_renderer sv_render_tikz = {
	.name = "tikz",
	.ext = ".tex",
	.what = "a LaTeX document drawing the ladder with TikZ (--slides:"
	    " beamer frames)",
	.begin = tikz_begin,
	.event = tikz_event,
	.end = tikz_end,
};
