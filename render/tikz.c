/*
 * The ladder as a standalone LaTeX document drawn with TikZ: `pdflatex
 * run.tex` gives a PDF cropped to the picture, for lecture notes and
 * beamer slides (\includegraphics, or copy the tikzpicture). The same
 * picture as svg.c: lifelines, calls as dots with their text, packets as
 * coloured arrows (dashed when the kernel sent them on its own), blocked
 * calls as bars, notes on a tinted ground, the final states below.
 *
 * Everything on the ladder is set in the typewriter face, whose every
 * character is 0.525 em wide: the layout is computed here, and LaTeX
 * only sets the heading and the footer's paragraphs itself. TikZ's y axis
 * points up; rows go down from 0, so nothing needs the height in advance.
 * Layers keep lifelines, note grounds and bars under the text whatever
 * the order they are drawn in.
 */
#include <inttypes.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/ladder.h"
#include "render/names.h"
#include "render/render.h"
#include "render/svg_draw.h"

/* Widths of a typewriter character, in pt, at the sizes used. */
#define CH 4.725                 /* \small: 9 pt */
#define CH_F 4.2                 /* \footnotesize: 8 pt */
#define CH_S 3.675               /* \scriptsize: 7 pt */

/* Geometry, in pt. */
#define TIME_X (-6.0)            /* right edge of the time column */
#define TEXT_X 4.0               /* where notes start */
#define LEFT_X (-40.0)           /* the picture's left edge */
#define DOT_GAP 7.0
#define ROW 25.0
#define NOTE_ROW 11.5
#define INSET 4.5
#define BAR_W 5.0
#define LOOP_W 18.0
#define MIN_GAP 140.0
#define MAX_GAP 340.0
#define STREAM_GAP 180.0

struct tikz_state {
	struct sv_ladder lad;    /* lanes, calls, returns, counts; a
	                          * return's y is its call's dot */
	double *x;
	double w;                /* from LEFT_X to the right edge */
	int note_cols;
	double y;                /* top of the next row */
};

/* ---- text ---- */

/* Characters in s, as the typewriter face sets them. */
static int
tcols_n(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n; w++) {
		uint32_t cp;
		i += sv_utf8_next(s + i, n - i, &cp);
	}
	return w;
}

static int
tcols(const char *s)
{
	return tcols_n(s, strlen(s));
}

/*
 * n bytes of s for LaTeX: its ten specials escaped, ligatures broken,
 * the few symbols sockviz itself writes as math, Latin letters as they
 * are (pdflatex reads UTF-8 and T1 has them), anything else as '?'.
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
		case 0x2026: rep = "\\ldots{}"; break;
		case 0x2192: rep = "\\ensuremath{\\rightarrow}"; break;
		case 0x21b3: rep = "\\ensuremath{\\hookrightarrow}"; break;
		case 0x21c4: rep = "\\ensuremath{\\leftrightarrows}"; break;
		case 0x2713: rep = "\\ensuremath{\\checkmark}"; break;
		case 0x2717: rep = "\\ensuremath{\\times}"; break;
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

/* At most max_cols characters, "…" marking a cut. */
static void
tex_cut(FILE *fp, const char *s, int max_cols)
{
	size_t n = strlen(s), i = 0;
	if (tcols_n(s, n) <= max_cols) {
		tex_n(fp, s, n);
		return;
	}
	for (int w = 0; i < n && w < max_cols - 1; w++) {
		uint32_t cp;
		i += sv_utf8_next(s + i, n - i, &cp);
	}
	tex_n(fp, s, i);
	fputs("\\ldots{}", fp);
}

/* ---- layout ---- */

static int
lane_of(const struct tikz_state *t, int lane)
{
	return sv_ladder_lane(&t->lad, lane);
}

static double
dmax(double a, double b)
{
	return a > b ? a : b;
}

static void
tikz_free(struct tikz_state *t)
{
	if (t == NULL)
		return;
	free(t->x);
	sv_ladder_fini(&t->lad);
	free(t);
}

/* The text beside a call has room for its mark, " \checkmark". */
static double
measure_call(const struct sv_call *c, const char *line)
{
	(void)c;
	return (tcols(line) + 2) * CH;
}

static double
measure_ret(const char *s)
{
	return tcols(s) * CH;
}

/* The line under a call and the one under an arrow. */
static double
measure_small(const char *s)
{
	return tcols(s) * CH_S;
}

static double
measure_label(const char *s)
{
	return tcols(s) * CH_F;
}

static const struct sv_ladder_measure measure = {
	.call = measure_call,
	.ret = measure_ret,
	.after = measure_small,
	.label = measure_label,
	.detail = measure_small,
	.pad_arrow = 2 * INSET,
	.pad_text = 12,
	.loop = LOOP_W,
	.loop_inset = 0,
};

static struct tikz_state *
tikz_layout(const struct sv_timeline *tl)
{
	struct tikz_state *t = calloc(1, sizeof(*t));
	struct sv_ladder_room room = { .right = NULL };
	double *right, left, arrow;

	if (t == NULL)
		return NULL;
	if (sv_ladder_init(&t->lad, tl) < 0 ||
	    (t->x = calloc((size_t)t->lad.n_lanes, sizeof(*t->x))) == NULL ||
	    sv_ladder_room(&t->lad, tl, &measure, &room) < 0)
		goto fail;
	left = room.left;
	right = room.right;
	arrow = room.arrow;
	if (room.pkt_events == 0 && tl->packets > 0)
		arrow = STREAM_GAP;
	arrow = arrow < MAX_GAP ? arrow : MAX_GAP;
	double x = TEXT_X;
	x += t->lad.n_lanes > 1 ? dmax(left, 60) + DOT_GAP : 30;
	t->x[0] = x;
	for (int i = 1; i < t->lad.n_lanes; i++) {
		double gap = dmax(MIN_GAP, arrow);
		double names = (tcols(tl->lanes[i - 1].name) +
		    tcols(tl->lanes[i].name)) * CH / 2 + 24;
		gap = dmax(gap, names);
		if (i > 1) {
			double r = right[i - 1] + DOT_GAP + 10;
			gap = dmax(gap, r < MAX_GAP ? r : MAX_GAP);
		}
		x += gap;
		t->x[i] = x;
	}
	x += right[t->lad.n_lanes - 1] + DOT_GAP;
	t->w = dmax(x - LEFT_X, 360);
	t->note_cols = (int)((LEFT_X + t->w - TEXT_X) / CH);
	free(room.right);
	return t;
fail:
	free(room.right);
	tikz_free(t);
	return NULL;
}

/* ---- drawing ---- */

static const char preamble[] =
"\\documentclass[tikz,border=10pt]{standalone}\n"
"\\usepackage[T1]{fontenc}\n"
"\\usepackage{lmodern}\n"
"\\usepackage{amssymb}\n"
"\\usetikzlibrary{arrows.meta}\n"
"\\definecolor{svtext}{HTML}{1F2328}\n"
"\\definecolor{svdim}{HTML}{656D76}\n"
"\\definecolor{svlife}{HTML}{B6BFC8}\n"
"\\definecolor{svok}{HTML}{1A7F37}\n"
"\\definecolor{svbad}{HTML}{CF222E}\n"
"\\definecolor{svnote}{HTML}{27466E}\n"
"\\definecolor{svnoteground}{HTML}{FFF8C5}\n"
"\\definecolor{svbadground}{HTML}{FFEBE9}\n"
"\\definecolor{svwait}{HTML}{D4A72C}\n"
"\\definecolor{svwaitground}{HTML}{FBE6A2}\n"
"\\definecolor{svlane}{HTML}{EAF1F8}\n"
"\\definecolor{svlaneline}{HTML}{54708F}\n";

/* Macros name what the picture shows, for whoever restyles it. */
static const char macros[] =
"% A packet's label: its flags, or its protocol, and payload size.\n"
"\\newcommand{\\svpkt}[1]{#1}\n"
"% A connection after the last step: lane, local, peer, state.\n"
"\\newcommand{\\svfinal}[4]{\\textbf{#1} #2 $\\leftrightarrows$ #3"
" \\textbf{#4}}\n"
"\\pgfdeclarelayer{lifelines}\n"
"\\pgfdeclarelayer{grounds}\n"
"\\pgfdeclarelayer{bars}\n"
"\\pgfsetlayers{lifelines,grounds,bars,main}\n"
"\\begin{document}\n\\frenchspacing\n"
"\\begin{tikzpicture}[x=1pt,y=1pt,\n"
"  every node/.style={inner sep=0pt,outer sep=0pt},\n"
"  sv-call/.style={font=\\ttfamily\\small,text=svtext},\n"
"  sv-after/.style={font=\\ttfamily\\scriptsize,text=svdim},\n"
"  sv-time/.style={font=\\ttfamily\\scriptsize,text=svdim,anchor=base east},\n"
"  sv-note/.style={font=\\ttfamily\\itshape\\small,text=svnote,"
"anchor=base west},\n"
"  sv-failure/.style={font=\\ttfamily\\bfseries\\small,text=svbad,"
"anchor=base west},\n"
"  sv-lane/.style={draw=svlaneline,fill=svlane,rounded corners=3pt,"
"line width=.8pt,inner xsep=6pt,inner ysep=4pt,"
"font=\\ttfamily\\bfseries},\n"
"  sv-endpoint/.style={sv-lane,draw=svdim,fill=white,"
"dash pattern=on 2pt off 1.5pt},\n"
"  sv-lifeline/.style={draw=svlife,line width=1pt},\n"
"  sv-dot/.style={fill=svtext,draw=svtext,line width=.8pt},\n"
"  sv-ring/.style={fill=white,draw=svtext,line width=.8pt},\n"
"  sv-packet/.style={line width=1pt,-{Latex[length=6pt,width=5pt]}},\n"
"  sv-kernel/.style={dash pattern=on 4pt off 2.5pt},\n"
"  sv-label/.style={font=\\ttfamily\\bfseries\\footnotesize,above=1.5pt},\n"
"  sv-detail/.style={font=\\ttfamily\\scriptsize,text=svdim,below=2pt},\n"
"]\n";

static void
put_time(FILE *fp, const struct sv_timeline *tl, int64_t t, double y)
{
	char b[32];
	sv_svg_ms(tl, t, b, sizeof(b));
	fprintf(fp, "\\node[sv-time] at (%.1f,%.1f) {%s};\n", TIME_X, y, b);
}

/* A node beside the lane: left of lane 0, right of the others; on white
 * where it crosses the next lifeline. */
static void
beside(struct tikz_state *t, FILE *fp, int lane, double y,
    const char *style, const char *s, const char *mark,
    const char *mark_colour)
{
	int left = lane == 0 && t->lad.n_lanes > 1;
	fprintf(fp, "\\node[%s,anchor=base %s%s] at (%.1f,%.1f) {", style,
	    left ? "east" : "west", !left && lane < t->lad.n_lanes - 1 ?
	    ",fill=white" : "", t->x[lane] + (left ? -DOT_GAP : DOT_GAP), y);
	tex(fp, s);
	if (mark != NULL)
		fprintf(fp, " \\textcolor{%s}{%s}", mark_colour, mark);
	fputs("};\n", fp);
}

static void
note_lines(struct tikz_state *t, FILE *fp, const char *s, const char *style,
    const char *ground)
{
	size_t n = strlen(s), len;
	int lines = 0, widest = 0;
	for (size_t i = 0; i < n; lines++) {
		size_t used = sv_wrap_line(s + i, n - i, t->note_cols, 0, &len);
		int w = tcols_n(s + i, len);
		widest = w > widest ? w : widest;
		i += used;
	}
	if (lines == 0)
		return;
	fprintf(fp, "\\begin{pgfonlayer}{grounds}\\fill[%s,rounded corners="
	    "1.5pt] (%.1f,%.1f) rectangle (%.1f,%.1f);\\end{pgfonlayer}\n",
	    ground, TEXT_X - 3, t->y - 1, TEXT_X + widest * CH + 3,
	    t->y - lines * NOTE_ROW);
	for (size_t i = 0; i < n;) {
		size_t used = sv_wrap_line(s + i, n - i, t->note_cols, 0, &len);
		fprintf(fp, "\\node[%s] at (%.1f,%.1f) {", style, TEXT_X,
		    t->y - 8.5);
		tex_n(fp, s + i, len);
		fputs("};\n", fp);
		t->y -= NOTE_ROW;
		i += used;
	}
}

static int
tikz_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	struct tikz_state *t = tikz_layout(tl);
	FILE *fp = o->fp;
	char b[600];
	if (t == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	o->priv = t;

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
	fputs(preamble, fp);
	for (int i = 0;; i++) {
		const char *colour, *kind = sv_svg_kind(i, &colour);
		if (kind == NULL)
			break;
		fprintf(fp, "\\definecolor{sv%s}{HTML}{", kind);
		for (const char *c = colour + 1; *c; c++)
			fputc(*c >= 'a' && *c <= 'f' ? *c - 'a' + 'A' : *c, fp);
		fputs("}\n", fp);
	}
	fputs(macros, fp);

	/* The heading grows up from the lane boxes, set by LaTeX. */
	fprintf(fp, "\\node[anchor=south west,text width=%.1fpt,align=left,"
	    "font=\\sffamily] at (%.1f,18) {", t->w, LEFT_X);
	fputs("{\\footnotesize\\color{svdim}sockviz", fp);
	if (tl->title && tl->scenario) {
		fputs(" \\textperiodcentered{} ", fp);
		tex(fp, tl->scenario);
	}
	/* \\ may not end an empty line: \mbox{} starts each one. */
	fputs("}\\\\[2pt]\n{\\Large\\bfseries\\mbox{}", fp);
	tex(fp, tl->title && tl->title[0] ? tl->title : tl->scenario &&
	    tl->scenario[0] ? tl->scenario : "capture");
	fputs("}", fp);
	if (tl->summary && tl->summary[0]) {
		fputs("\\\\[3pt]\n\\mbox{}", fp);
		tex(fp, tl->summary);
	}
	fprintf(fp, "\\\\[2pt]\n{\\footnotesize\\color{%s}",
	    tl->dropped ? "svbad" : "svdim");
	tex(fp, sv_capture_line(tl, t->lad.calls, b, sizeof(b)));
	if (tl->dropped) {
		snprintf(b, sizeof(b), " The capture lost %" PRIu64
		    " packets: this timeline is incomplete.", tl->dropped);
		tex(fp, b);
	}
	fputs("}", fp);
	if (tl->intro && tl->intro[0]) {
		const char *p = tl->intro;
		fputs("\\\\[6pt]\n{\\ttfamily\\itshape\\small"
		    "\\color{svnote}", fp);
		while (*p) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			fputs("\\mbox{}", fp);
			tex_n(fp, p, n);
			p += n + (nl ? 1 : 0);
			if (*p)
				fputs("\\\\\n", fp);
		}
		fputs("}", fp);
	}
	fputs("};\n", fp);

	fprintf(fp, "\\node[sv-time] at (%.1f,-3) {ms};\n", TIME_X);
	for (int i = 0; i < tl->n_lanes; i++) {
		fprintf(fp, "\\node[%s] at (%.1f,0) {",
		    tl->lanes[i].endpoint ? "sv-endpoint" : "sv-lane", t->x[i]);
		tex(fp, tl->lanes[i].name);
		fputs("};\n", fp);
	}
	t->y = -14;
	return 0;
}

static void
draw_return(struct tikz_state *t, FILE *fp, const struct sv_timeline *tl,
    const struct sv_ladder_wait *pe)
{
	const struct sv_call *c = &pe->ev->u.call;
	int lane = lane_of(t, c->actor);
	double x = t->x[lane], y = t->y - 8;
	char b[700];
	fprintf(fp, "\\begin{pgfonlayer}{bars}\\filldraw[fill=svwaitground,"
	    "draw=svwait,line width=.6pt] (%.1f,%.1f) rectangle (%.1f,%.1f);"
	    "\\end{pgfonlayer}\n", x - BAR_W / 2, pe->y, x + BAR_W / 2,
	    y);
	fprintf(fp, "\\filldraw[sv-ring] (%.1f,%.1f) circle (2.6pt);\n", x, y);
	put_time(fp, tl, c->t_end, t->y - 11);
	sv_call_return(c, b, sizeof(b));
	beside(t, fp, lane, t->y - 11,
	    "sv-call,font=\\ttfamily\\bfseries\\small", b, NULL, NULL);
	sv_call_after(c, b, sizeof(b));
	beside(t, fp, lane, t->y - 20, "sv-after", b, NULL, NULL);
	t->y -= ROW;
}

static void
flush_pending(struct tikz_state *t, FILE *fp, const struct sv_timeline *tl,
    int64_t when)
{
	struct sv_ladder_wait pe;
	while (sv_ladder_due(&t->lad, when, &pe))
		draw_return(t, fp, tl, &pe);
}

static void
draw_call(struct tikz_state *t, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	const struct sv_call *c = &ev->u.call;
	int lane = lane_of(t, c->actor);
	char b[1200];

	sv_ladder_count_call(&t->lad, c);
	put_time(fp, tl, ev->t, t->y - 11);
	fprintf(fp, "\\filldraw[sv-dot] (%.1f,%.1f) circle (2.8pt);\n",
	    t->x[lane], t->y - 8);
	sv_call_text(c, b, sizeof(b));
	beside(t, fp, lane, t->y - 11, "sv-call", b, c->expect == NULL ? NULL :
	    c->failure ? "\\ensuremath{\\times}" : "\\ensuremath{\\checkmark}",
	    c->failure ? "svbad" : "svok");
	if (!c->blocked) {
		sv_call_after(c, b, sizeof(b));
		beside(t, fp, lane, t->y - 20, "sv-after", b, NULL, NULL);
	} else {
		/* A call not in the timeline gets no return. */
		(void)sv_ladder_wait(&t->lad, ev, t->y - 8);
	}
	t->y -= ROW;
	if (c->expect != NULL && c->failure != NULL) {
		snprintf(b, sizeof(b), "\xe2\x9c\x97 %s", c->failure);
		note_lines(t, fp, b, "sv-failure", "svbadground");
	}
	if (c->note != NULL)
		note_lines(t, fp, c->note, "sv-note", "svnoteground");
}

static void
draw_packet(struct tikz_state *t, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	const struct sv_pktev *p = &ev->u.pkt;
	int from, to;
	int kernel = sv_ladder_count_pkt(&t->lad, p);
	const char *kind = sv_svg_pkt_kind(p);
	double ya = t->y - 12;
	char label[128], detail[400];

	sv_ladder_pkt_lanes(&t->lad, p, &from, &to);
	sv_pkt_short(p, label, sizeof(label));
	sv_pkt_detail(tl, p, t->lad.calls, detail, sizeof(detail));
	put_time(fp, tl, ev->t, ya - 2.5);
	if (from == to) {
		double x = t->x[from] + INSET;
		fprintf(fp, "\\draw[sv-packet,sv%s%s] (%.1f,%.1f) --"
		    " ++(%.1f,0) -- ++(0,-7) -- ++(%.1f,0);\n", kind,
		    kernel ? ",sv-kernel" : "", x, ya + 3.5, LOOP_W,
		    -LOOP_W + 1);
		fprintf(fp, "\\node[anchor=base west,font=\\ttfamily\\bfseries"
		    "\\footnotesize,text=sv%s] at (%.1f,%.1f) {\\svpkt{", kind,
		    x + LOOP_W + 5, ya + 1);
		tex(fp, label);
		fprintf(fp, "}};\n\\node[anchor=base west,font=\\ttfamily"
		    "\\scriptsize,text=svdim] at (%.1f,%.1f) {", x + LOOP_W + 5,
		    ya - 8);
		tex(fp, detail);
		fputs("};\n", fp);
	} else {
		double dir = t->x[to] > t->x[from] ? 1 : -1;
		double x1 = t->x[from] + dir * INSET;
		double x2 = t->x[to] - dir * INSET;
		double len = (x2 - x1) * dir;
		const char *ground = abs(to - from) > 1 ? ",fill=white" : "";
		fprintf(fp, "\\draw[sv-packet,sv%s%s] (%.1f,%.1f) --"
		    " (%.1f,%.1f)\n  node[midway,sv-label,text=sv%s%s]"
		    " {\\svpkt{", kind, kernel ? ",sv-kernel" : "", x1, ya,
		    x2, ya, kind, ground);
		tex_cut(fp, label, (int)((len - 8) / CH_F));
		fputs("}}", fp);
		if (detail[0]) {
			fprintf(fp, "\n  node[midway,sv-detail%s] {", ground);
			tex_cut(fp, detail, (int)((len - 8) / CH_S));
			fputs("}", fp);
		}
		fputs(";\n", fp);
	}
	t->y -= ROW;
}

static int
tikz_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct tikz_state *t = o->priv;
	flush_pending(t, o->fp, tl, ev->t);
	switch (ev->type) {
	case SV_EV_CALL:
		draw_call(t, o->fp, tl, ev);
		break;
	case SV_EV_PACKET:
		draw_packet(t, o->fp, tl, ev);
		break;
	}
	return 0;
}

static int
tikz_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct tikz_state *t = o->priv;
	FILE *fp = o->fp;
	char b[300], l[64], p[64];

	flush_pending(t, fp, tl, INT64_MAX);
	int lifelines = tl->n_lanes > 0 || tl->packets > 0 ? t->lad.n_lanes :
	    0;
	fputs("\\begin{pgfonlayer}{lifelines}\n", fp);
	for (int i = 0; i < lifelines; i++)
		fprintf(fp, "\\draw[sv-lifeline%s] (%.1f,-6) -- (%.1f,%.1f);\n",
		    i < tl->n_lanes && tl->lanes[i].endpoint ?
		    ",dash pattern=on 2pt off 2pt" : "", t->x[i], t->x[i],
		    t->y - 4);
	fputs("\\end{pgfonlayer}\n", fp);

	/* The footer grows down from the last row, set by LaTeX. */
	fprintf(fp, "\\node[anchor=north west,text width=%.1fpt,align=left,"
	    "font=\\ttfamily\\small] at (%.1f,%.1f) {", t->w - (TEXT_X -
	    LEFT_X), TEXT_X, t->y - 12);
	int lines = 0;
	if (tl->n_finals > 0) {
		fputs("{\\scriptsize\\color{svdim}After the last step, the"
		    " kernel holds:}", fp);
		lines++;
	}
	for (int i = 0; i < tl->n_finals; i++) {
		const struct sv_final *f = &tl->finals[i];
		fputs("\\\\\n\\hspace*{1em}", fp);
		if (f->state == TCP_TIME_WAIT)
			fputs("\\color{svfin}", fp);
		fputs("\\svfinal{", fp);
		tex(fp, f->actor >= 0 && f->actor < tl->n_lanes ?
		    tl->lanes[f->actor].name : "?");
		fputs("}{", fp);
		tex(fp, sv_endpoint_str(&f->local, 1, l, sizeof(l)));
		fputs("}{", fp);
		tex(fp, sv_endpoint_str(&f->peer, 1, p, sizeof(p)));
		fputs("}{", fp);
		tex(fp, f->state == TCP_CLOSE ? "gone (CLOSED)" :
		    sv_tcp_state_name(f->state));
		fputs("}\\color{svtext}", fp);
	}
	if (t->lad.calls > 0) {
		sv_counts_line(t->lad.n_calls, t->lad.n_silent, tl->packets,
		    t->lad.n_answer, t->lad.n_kernel, b, sizeof(b));
		fputs(lines++ ? "\\\\[3pt]\n" : "", fp);
		fputs("{\\scriptsize\\color{svdim}", fp);
		tex(fp, b);
		fputs("}", fp);
	}
	if (t->lad.n_expect > 0) {
		int failed = t->lad.n_failed;
		sv_expect_line(t->lad.n_expect, failed, b, sizeof(b));
		fputs(lines++ ? "\\\\\n" : "", fp);
		fprintf(fp, "{\\scriptsize\\bfseries\\color{%s}%s ",
		    failed ? "svbad" : "svok", failed ?
		    "\\ensuremath{\\times}" : "\\ensuremath{\\checkmark}");
		tex(fp, b);
		fputs("}", fp);
	}
	if (lines == 0)
		fputs("\\mbox{}", fp);
	fputs("};\n\\end{tikzpicture}\n\\end{document}\n", fp);
	tikz_free(t);
	o->priv = NULL;
	return 0;
}

const struct sv_renderer sv_render_tikz = {
	.name = "tikz",
	.ext = ".tex",
	.what = "a standalone LaTeX document drawing the ladder with TikZ",
	.begin = tikz_begin,
	.event = tikz_event,
	.end = tikz_end,
};
