/*
 * The ladder as an SVG 1.1 picture, for lecture slides: the diagram the
 * terminal shows (text.c), drawn with lines and type. One lifeline per
 * lane; each call a dot on its actor's line with its text beside it; each
 * packet an arrow from sender to receiver, its flags above, its numbers
 * and cause below; a call that blocked, a bar from the call to its return.
 *
 * Rows are evenly spaced in event order, not in time: a handshake that
 * takes 30 µs and a delayed ACK 40 ms later are equally readable. The
 * picture is streamed: its size is fixed in begin from what the timeline
 * holds then (the lanes, the calls, and tl->packets, which counts the
 * packets also when render streams them past us without keeping them), so
 * memory does not grow with the capture.
 *
 * html.c draws the same picture inside a page, through svg_draw.h.
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

#define FONT "DejaVu Sans Mono, Menlo, Consolas, monospace"
/* Every face in FONT is monospaced, about 0.6 em to a character (DejaVu
 * Sans Mono and Menlo 0.602, Consolas 0.55): the layout is computed here,
 * with nothing to measure. */
#define EM_W 0.6

/* Geometry, in px. */
#define MARGIN 28.0
#define TIME_X (MARGIN + 58.0)   /* right edge of the time column */
#define TEXT_X (MARGIN + 74.0)   /* where notes and the footer start */
#define DOT_GAP 14.0             /* from a lifeline to the text beside it */
#define DOT_R 6.0
#define ROW 38.0                 /* a call, a packet, a return */
#define NOTE_ROW 21.0            /* a line of a note or of a failure */
/* Within a row, from its top: */
#define DOT_Y 15.0               /* a call's dot; a packet's arrow 4 lower */
#define BASE_Y 20.0              /* the baseline of a call's text */
#define SUB_Y 33.0               /* ... and of the line under it */
#define FOOT_ROW 22.0
#define BOX_H 32.0               /* a lane's name box */
#define INSET 8.0                /* arrows end clear of a blocked bar */
#define BAR_W 10.0
#define LOOP_W 34.0              /* a packet from a lane to itself */
#define MIN_GAP 300.0            /* between two lifelines */
#define MAX_GAP 640.0
#define STREAM_GAP 320.0         /* when no packet is known in advance */
#define MIN_W 760.0

/* Font sizes, in px. */
#define F_KICKER 13.0
#define F_TITLE 26.0
#define F_SUMMARY 17.0
#define F_META 13.0
#define F_LANE 17.0
#define F_CALL 15.0
#define F_SUB 12.0
#define F_PKT 14.0
#define F_DETAIL 12.0
#define F_TIME 12.0
#define F_NOTE 14.0
#define F_FOOT 14.0

/* Colours for a white page, in the terminal's scheme: SYN green, FIN
 * amber, RST red, data cyan, UDP magenta, ICMP red. */
enum ink {
	I_TEXT, I_DIM, I_LIFE, I_SYN, I_FIN, I_RST, I_DATA, I_UDP, I_ICMP,
	I_ACK, I_OTHER, I_OK, I_BAD, I_NOTE, I_WAIT,
};

static const char *const ink[] = {
	[I_TEXT] = "#1f2328", [I_DIM] = "#656d76", [I_LIFE] = "#b6bfc8",
	[I_SYN] = "#1a7f37", [I_FIN] = "#b35900", [I_RST] = "#cf222e",
	[I_DATA] = "#0b7a99", [I_UDP] = "#a3169f", [I_ICMP] = "#d1242f",
	[I_ACK] = "#3b4450", [I_OTHER] = "#8c959f", [I_OK] = "#1a7f37",
	[I_BAD] = "#cf222e", [I_NOTE] = "#27466e", [I_WAIT] = "#d4a72c",
};

/* The inks an arrow can take, each with its arrowhead. */
static const enum ink arrow_inks[] = {
	I_SYN, I_FIN, I_RST, I_DATA, I_UDP, I_ICMP, I_ACK, I_OTHER,
};

struct sv_svg {
	int flags;
	struct sv_ladder lad;    /* lanes, calls, returns, counts */
	double *x;               /* lifelines */
	double w, h;
	double y_lanes;          /* top of the lane boxes */
	double y_end;            /* bottom of the last row planned */
	double y;                /* top of the next row */
	int note_cols;           /* characters in a line of a note */
	int title_cols, summary_cols;
	int step;                /* steps drawn so far (data-step) */
};

/* ---- UTF-8 and XML ---- */

/* Character cells a code point takes in a monospaced face. */
static int
cols_n(const char *s, size_t n)
{
	int w = 0;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += sv_utf8_next(s + i, n - i, &cp);
		w += sv_cp_cols(cp);
	}
	return w;
}

static int
cols(const char *s)
{
	return cols_n(s, strlen(s));
}

/* Width in px of s at a font size. */
static double
tw(const char *s, double size)
{
	return cols(s) * size * EM_W;
}

void
sv_xml_put(FILE *fp, const char *s, size_t n, int keep_lines)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = sv_utf8_next(s + i, n - i, &cp);
		switch (cp) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		case '\n':
		case '\t':
			fputc(keep_lines ? (int)cp : ' ', fp);
			break;
		default:
			/* XML 1.0 allows no other control character and not
			 * U+FFFE or U+FFFF; C1 controls are allowed but
			 * draw nothing useful. */
			if (cp == SV_NOT_UTF8 || cp == 0x7f ||
			    (cp >= 0x80 && cp <= 0x9f) || cp == 0xfffe ||
			    cp == 0xffff)
				fputc('?', fp);
			else if (cp < 0x20)
				fputc(' ', fp);
			else
				fwrite(s + i, 1, len, fp);
		}
		i += len;
	}
}

static void
xml(FILE *fp, const char *s)
{
	sv_xml_put(fp, s, strlen(s), 0);
}

/* At most max_cols characters of s, "…" marking a cut. */
static void
xml_cut(FILE *fp, const char *s, int max_cols)
{
	size_t n = strlen(s);
	if (cols_n(s, n) <= max_cols) {
		sv_xml_put(fp, s, n, 0);
		return;
	}
	int w = 0;
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t len = sv_utf8_next(s + i, n - i, &cp);
		int cw = sv_cp_cols(cp);
		if (w + cw > max_cols - 1)
			break;
		w += cw;
		i += len;
	}
	sv_xml_put(fp, s, i, 0);
	fputs("\xe2\x80\xa6", fp);
}


static int
wrap_count(const char *s, int max_cols)
{
	int lines = 0;
	size_t n = s ? strlen(s) : 0, len;
	for (size_t i = 0; i < n; lines++)
		i += sv_wrap_line(s + i, n - i, max_cols, 1, &len);
	return lines;
}

/* The widest line s wraps into, in characters. */
static int
wrap_widest(const char *s, int max_cols)
{
	int widest = 0;
	size_t n = strlen(s), len;
	for (size_t i = 0; i < n;) {
		size_t used = sv_wrap_line(s + i, n - i, max_cols, 1, &len);
		int w = cols_n(s + i, len);
		widest = w > widest ? w : widest;
		i += used;
	}
	return widest;
}

/* ---- what the rows say ---- */

static int
lane_of(const struct sv_svg *d, int lane)
{
	return sv_ladder_lane(&d->lad, lane);
}

static enum ink
pkt_ink(const struct sv_pktev *p)
{
	const struct sv_decoded *dd = &p->d;
	switch (dd->proto) {
	case SV_PROTO_TCP:
		if (dd->tcp_flags & SV_TCP_RST)
			return I_RST;
		if (dd->tcp_flags & SV_TCP_SYN)
			return I_SYN;
		if (dd->tcp_flags & SV_TCP_FIN)
			return I_FIN;
		return dd->payload_len ? I_DATA : I_ACK;
	case SV_PROTO_UDP:
		return I_UDP;
	case SV_PROTO_ICMP:
	case SV_PROTO_ICMP6:
		return I_ICMP;
	case SV_PROTO_IPV4:
	case SV_PROTO_IPV6:
	case SV_PROTO_LINK:
	case SV_PROTO_UNKNOWN:
		return I_OTHER;
	}
	return I_OTHER;
}

const char *
sv_svg_pkt_colour(const struct sv_pktev *p)
{
	return ink[pkt_ink(p)];
}

static const char *ink_id(enum ink i);

const char *
sv_svg_pkt_kind(const struct sv_pktev *p)
{
	return ink_id(pkt_ink(p));
}

const char *
sv_svg_kind(int i, const char **colour)
{
	if (i < 0 || (size_t)i >= sizeof(arrow_inks) / sizeof(arrow_inks[0]))
		return NULL;
	*colour = ink[arrow_inks[i]];
	return ink_id(arrow_inks[i]);
}

static const char *
ink_id(enum ink i)
{
	switch (i) {
	case I_SYN: return "syn";
	case I_FIN: return "fin";
	case I_RST: return "rst";
	case I_DATA: return "data";
	case I_UDP: return "udp";
	case I_ICMP: return "icmp";
	case I_ACK: return "ack";
	case I_TEXT:
	case I_DIM:
	case I_LIFE:
	case I_OTHER:
	case I_OK:
	case I_BAD:
	case I_NOTE:
	case I_WAIT:
		break;
	}
	return "other";
}

static const char *
call_mark(const struct sv_call *c)
{
	return c->expect == NULL ? "" : c->failure == NULL ?
	    " \xe2\x9c\x93" : " \xe2\x9c\x97";
}

void
sv_svg_ms(const struct sv_timeline *tl, int64_t t, char *b, size_t n)
{
	int64_t us = sv_rel_ns(tl, t) / 1000;
	const char *sign = us < 0 ? "-" : "";
	if (us < 0)
		us = -us;
	snprintf(b, n, "%s%" PRId64 ".%03" PRId64, sign, us / 1000, us % 1000);
}

static const char *
failure_text(const struct sv_call *c, char *b, size_t n)
{
	snprintf(b, n, "\xe2\x9c\x97 %s", c->failure);
	return b;
}

/* ---- layout ---- */

void
sv_svg_free(struct sv_svg *d)
{
	if (d == NULL)
		return;
	free(d->x);
	sv_ladder_fini(&d->lad);
	free(d);
}

static double
dmax(double a, double b)
{
	return a > b ? a : b;
}

static double
measure_call(const struct sv_call *c, const char *line)
{
	return (cols(line) + cols(call_mark(c))) * F_CALL * EM_W;
}

static double
measure_ret(const char *s)
{
	return tw(s, F_CALL);
}

static double
measure_after(const char *s)
{
	return tw(s, F_SUB);
}

static double
measure_label(const char *s)
{
	return tw(s, F_PKT);
}

static double
measure_detail(const char *s)
{
	return tw(s, F_DETAIL);
}

static const struct sv_ladder_measure measure = {
	.call = measure_call,
	.ret = measure_ret,
	.after = measure_after,
	.label = measure_label,
	.detail = measure_detail,
	.pad_arrow = 2 * INSET,
	.pad_text = 24,
	.loop = LOOP_W,
	.loop_inset = INSET,
};

struct sv_svg *
sv_svg_new(const struct sv_timeline *tl, int flags, char *err, size_t errlen)
{
	struct sv_svg *d = calloc(1, sizeof(*d));
	struct sv_ladder_room room = { .right = NULL };
	double *right, *namew = NULL;
	size_t blocked, pkt_events;
	double left, arrow;
	char b[1200];

	if (d == NULL || sv_ladder_init(&d->lad, tl) < 0)
		goto oom;
	d->flags = flags;
	blocked = d->lad.blocked;
	d->x = calloc((size_t)d->lad.n_lanes, sizeof(*d->x));
	namew = calloc((size_t)d->lad.n_lanes, sizeof(*namew));
	if (d->x == NULL || namew == NULL ||
	    sv_ladder_room(&d->lad, tl, &measure, &room) < 0)
		goto oom;
	for (int i = 0; i < tl->n_lanes; i++)
		namew[i] = tw(tl->lanes[i].name, F_LANE) + 24;
	left = room.left;
	right = room.right;
	arrow = room.arrow;
	pkt_events = room.pkt_events;
	if (pkt_events == 0 && tl->packets > 0)
		arrow = STREAM_GAP;
	arrow = arrow < MAX_GAP ? arrow : MAX_GAP;

	double x = TEXT_X;
	if (d->lad.n_lanes > 1)
		x += dmax(dmax(left, namew[0] / 2), 120) + DOT_GAP;
	else
		x += dmax(namew[0] / 2, 60);
	d->x[0] = x;
	for (int i = 1; i < d->lad.n_lanes; i++) {
		double gap = dmax(MIN_GAP, arrow);
		gap = dmax(gap, (namew[i - 1] + namew[i]) / 2 + 24);
		if (i > 1) {
			/* The lane before has its text on its right. */
			double t = right[i - 1] + DOT_GAP + 18;
			gap = dmax(gap, t < MAX_GAP ? t : MAX_GAP);
		}
		x += gap;
		d->x[i] = x;
	}
	int last = d->lad.n_lanes - 1;
	d->w = x + dmax(right[last] + DOT_GAP, namew[last] / 2) + MARGIN;
	d->w = dmax(d->w, MIN_W);
	d->w = (double)(long)(d->w + 0.5);
	d->note_cols = (int)((d->w - TEXT_X - MARGIN) / (F_NOTE * EM_W));
	d->title_cols = (int)((d->w - 2 * MARGIN) / (F_TITLE * EM_W));
	d->summary_cols = (int)((d->w - 2 * MARGIN) / (F_SUMMARY * EM_W));

	/* Height: the heading, the lane boxes, the rows, the footer. */
	double y = MARGIN;
	if (flags & SV_SVG_STANDALONE) {
		y += 20;
		y += 34 * wrap_count(tl->title ? tl->title : tl->scenario ?
		    tl->scenario : "capture", d->title_cols);
		y += 24 * wrap_count(tl->summary, d->summary_cols);
		y += 22 * (1 + (tl->dropped > 0));
		if (tl->intro)
			y += 8 + NOTE_ROW * wrap_count(tl->intro, d->note_cols);
		y += 18;
	}
	d->y_lanes = y;
	d->y = y + BOX_H + 14;

	/* Every call and every packet is one row (packets held or not:
	 * tl->packets counts them), every blocked call one more for its
	 * return; notes and failures take a line each. */
	size_t rows = (size_t)d->lad.calls + blocked + (pkt_events > tl->packets ?
	    pkt_events : tl->packets);
	size_t lines = 0;
	for (size_t i = 0; i < tl->n; i++) {
		const struct sv_call *c = &tl->ev[i].u.call;
		if (tl->ev[i].type != SV_EV_CALL)
			continue;
		if (c->note)
			lines += (size_t)wrap_count(c->note, d->note_cols);
		if (c->expect && c->failure)
			lines += (size_t)wrap_count(failure_text(c, b,
			    sizeof(b)), d->note_cols);
	}
	d->y_end = d->y + (double)rows * ROW + (double)lines * NOTE_ROW;
	double foot = 16;
	if (tl->n_finals > 0)
		foot += FOOT_ROW * (1 + tl->n_finals) + 6;
	for (size_t i = 0; i < tl->n; i++)
		if (tl->ev[i].type == SV_EV_CALL &&
		    tl->ev[i].u.call.expect != NULL) {
			foot += FOOT_ROW;
			break;
		}
	if (d->lad.calls > 0)
		foot += FOOT_ROW;
	d->h = (double)(long)(d->y_end + foot + MARGIN + 0.5);
	free(room.right);
	free(namew);
	return d;
oom:
	free(room.right);
	free(namew);
	sv_svg_free(d);
	snprintf(err, errlen, "out of memory");
	return NULL;
}

/* ---- drawing ---- */

/* <text ...> opened at x, y; the caller writes the content and closes. */
static void
text_at(FILE *fp, double x, double y, double size, const char *anchor,
    const char *fill, const char *extra)
{
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\"", x, y, size);
	if (anchor != NULL)
		fprintf(fp, " text-anchor=\"%s\"", anchor);
	/* Spaces as written: SVG would drop the one before a <tspan>. */
	fputs(" xml:space=\"preserve\"", fp);
	fprintf(fp, " fill=\"%s\"%s%s>", fill, extra ? " " : "",
	    extra ? extra : "");
}

static void
text_line(FILE *fp, double x, double y, double size, const char *anchor,
    const char *fill, const char *extra, const char *s)
{
	text_at(fp, x, y, size, anchor, fill, extra);
	xml(fp, s);
	fputs("</text>\n", fp);
}

/* Lines of s wrapped at max_cols, one every step px from baseline y. */
static double
text_wrapped(FILE *fp, double x, double y, double step, double size,
    const char *fill, const char *extra, const char *s, int max_cols)
{
	size_t n = strlen(s), len;
	for (size_t i = 0; i < n;) {
		size_t used = sv_wrap_line(s + i, n - i, max_cols, 1, &len);
		text_at(fp, x, y, size, NULL, fill, extra);
		sv_xml_put(fp, s + i, len, 0);
		fputs("</text>\n", fp);
		y += step;
		i += used;
	}
	return y;
}

static void
white_box(FILE *fp, double x, double y, double w, double h)
{
	fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
	    " fill=\"#ffffff\"/>\n", x, y, w, h);
}

static void
put_time(FILE *fp, const struct sv_timeline *tl, int64_t t, double y)
{
	char b[32];
	sv_svg_ms(tl, t, b, sizeof(b));
	text_line(fp, TIME_X, y, F_TIME, "end", ink[I_DIM], NULL, b);
}

void
sv_svg_open(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl)
{
	char b[600];
	snprintf(b, sizeof(b), "sockviz%s%s%s%s", tl->scenario ?
	    " \xc2\xb7 " : "", tl->scenario ? tl->scenario : "",
	    tl->title ? " \xc2\xb7 " : "", tl->title ? tl->title : "");
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
	    " width=\"%.0f\" height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\""
	    " font-family=\"%s\" role=\"img\" aria-label=\"", d->w, d->h,
	    d->w, d->h, FONT);
	xml(fp, b);
	fputs("\">\n", fp);
	if (d->flags & SV_SVG_STANDALONE) {
		fputs("<title>", fp);
		xml(fp, b);
		fputs("</title>\n", fp);
	}
	fputs("<defs>\n", fp);
	for (size_t i = 0; i < sizeof(arrow_inks) / sizeof(arrow_inks[0]);
	    i++)
		fprintf(fp, "<marker id=\"sv-head-%s\" viewBox=\"0 0 12 12\""
		    " refX=\"11\" refY=\"6\" markerWidth=\"12\""
		    " markerHeight=\"12\" markerUnits=\"userSpaceOnUse\""
		    " orient=\"auto\"><path d=\"M0,1 L12,6 L0,11 z\""
		    " fill=\"%s\"/></marker>\n", ink_id(arrow_inks[i]),
		    ink[arrow_inks[i]]);
	fputs("</defs>\n", fp);
	fprintf(fp, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n",
	    d->w, d->h);

	double y = MARGIN;
	if (d->flags & SV_SVG_STANDALONE) {
		snprintf(b, sizeof(b), "sockviz%s%s", tl->title &&
		    tl->scenario ? " \xc2\xb7 " : "", tl->title &&
		    tl->scenario ? tl->scenario : "");
		text_line(fp, MARGIN, y + 13, F_KICKER, NULL, ink[I_DIM],
		    "letter-spacing=\"1\"", b);
		y += 20;
		y = text_wrapped(fp, MARGIN, y + 26, 34, F_TITLE, ink[I_TEXT],
		    "font-weight=\"bold\"", tl->title ? tl->title :
		    tl->scenario ? tl->scenario : "capture", d->title_cols) -
		    26;
		if (tl->summary)
			y = text_wrapped(fp, MARGIN, y + 18, 24, F_SUMMARY,
			    ink[I_TEXT], NULL, tl->summary, d->summary_cols) -
			    18;
		sv_capture_line(tl, d->lad.calls, b, sizeof(b));
		text_line(fp, MARGIN, y + 16, F_META, NULL, tl->dropped ?
		    ink[I_BAD] : ink[I_DIM], NULL, b);
		y += 22;
		if (tl->dropped) {
			snprintf(b, sizeof(b), "the capture lost %" PRIu64
			    " packets: this timeline is incomplete",
			    tl->dropped);
			text_line(fp, MARGIN, y + 16, F_META, NULL, ink[I_BAD],
			    "font-weight=\"bold\"", b);
			y += 22;
		}
		if (tl->intro)
			y = text_wrapped(fp, MARGIN, y + 8 + 16, NOTE_ROW,
			    F_NOTE, ink[I_NOTE], "font-style=\"italic\"",
			    tl->intro, d->note_cols) - 16;
	}

	/* Lifelines first: everything else is drawn over them. Without
	 * lanes, one only where packets are still to come. */
	int lifelines = tl->n_lanes > 0 || tl->packets > 0 ? d->lad.n_lanes : 0;
	fprintf(fp, "<g class=\"sv-lifelines\" stroke=\"%s\""
	    " stroke-width=\"2\">\n", ink[I_LIFE]);
	for (int i = 0; i < lifelines; i++)
		fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
		    " y2=\"%.1f\"%s/>\n", d->x[i], d->y_lanes + BOX_H, d->x[i],
		    d->y_end + 8, i < tl->n_lanes && tl->lanes[i].endpoint ?
		    " stroke-dasharray=\"4 4\"" : "");
	fputs("</g>\n", fp);
	text_line(fp, TIME_X, d->y_lanes + 21, F_TIME, "end", ink[I_DIM], NULL,
	    "ms");
	for (int i = 0; i < tl->n_lanes; i++) {
		const char *name = tl->lanes[i].name;
		double bw = tw(name, F_LANE) + 24;
		int ep = tl->lanes[i].endpoint;
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
		    " height=\"%.1f\" rx=\"6\" fill=\"%s\" stroke=\"%s\""
		    " stroke-width=\"1.5\"%s/>\n", d->x[i] - bw / 2, d->y_lanes,
		    bw, BOX_H, ep ? "#ffffff" : "#eaf1f8", ep ? "#8c959f" :
		    "#54708f", ep ? " stroke-dasharray=\"4 3\"" : "");
		text_line(fp, d->x[i], d->y_lanes + 22, F_LANE, "middle",
		    ink[I_TEXT], "font-weight=\"bold\" class=\"sv-lane\"",
		    name);
	}
}

/* Text beside a lane, at baseline y: left of lane 0, right of the others.
 * A lane between two others gets a white ground, as its text crosses the
 * next lifeline. */
static void
beside_at(struct sv_svg *d, FILE *fp, int lane, double y, double size,
    const char *fill, const char *extra, const char *s, const char *mark,
    const char *mark_fill)
{
	int left = lane == 0 && d->lad.n_lanes > 1;
	double x = left ? d->x[lane] - DOT_GAP : d->x[lane] + DOT_GAP;
	if (!left && lane < d->lad.n_lanes - 1) {
		double w = (cols(s) + (mark ? cols(mark) : 0)) * size * EM_W;
		white_box(fp, x - 3, y - size, w + 6, size + 5);
	}
	text_at(fp, x, y, size, left ? "end" : NULL, fill, extra);
	xml(fp, s);
	if (mark != NULL && mark[0]) {
		/* The space before the mark is kept by xml:space. */
		fprintf(fp, "<tspan fill=\"%s\" font-weight=\"bold\">",
		    mark_fill);
		xml(fp, mark);
		fputs("</tspan>", fp);
	}
	fputs("</text>\n", fp);
}

static void
dot(FILE *fp, double x, double y, int hollow)
{
	fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\""
	    " stroke=\"%s\" stroke-width=\"2\"/>\n", x, y, hollow ? DOT_R - 1 :
	    DOT_R, hollow ? "#ffffff" : ink[I_TEXT], ink[I_TEXT]);
}

/* The bars of the calls asleep, from y0 to y1: drawn a row at a time,
 * before the row, so that a note written across a bar stays readable. */
static void
bar(struct sv_svg *d, FILE *fp, const struct sv_call *c, double y0,
    double y1)
{
	double x = d->x[lane_of(d, c->actor)] - BAR_W / 2;
	fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
	    " height=\"%.1f\" fill=\"#fbe6a2\"/>\n<path d=\"M%.1f,%.1f v%.1f"
	    " M%.1f,%.1f v%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", x,
	    y0, BAR_W, y1 - y0, x, y0, y1 - y0, x + BAR_W, y0, y1 - y0,
	    ink[I_WAIT]);
}

static void
bars(struct sv_svg *d, FILE *fp, double y0, double y1)
{
	for (size_t i = 0; i < d->lad.n_wait; i++)
		bar(d, fp, &d->lad.wait[i].ev->u.call, y0, y1);
}

/* A note or a failure: lines across the ladder on a tinted ground. */
static void
note_lines(struct sv_svg *d, FILE *fp, const char *s, const char *ground,
    const char *fill, const char *extra)
{
	int lines = wrap_count(s, d->note_cols);
	if (lines == 0)
		return;
	double w = wrap_widest(s, d->note_cols) * F_NOTE * EM_W;
	fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
	    " height=\"%.1f\" rx=\"3\" fill=\"%s\"/>\n", TEXT_X - 8, d->y + 2,
	    w + 16, lines * NOTE_ROW - 2, ground);
	bars(d, fp, d->y, d->y + lines * NOTE_ROW);
	d->y = text_wrapped(fp, TEXT_X, d->y + 15, NOTE_ROW, F_NOTE, fill,
	    extra, s, d->note_cols) - 15;
}

static void
draw_return(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	const struct sv_call *c = &ev->u.call;
	int lane = lane_of(d, c->actor);
	char b[700];

	fprintf(fp, "<g class=\"sv-ret\" data-step=\"%d\" data-ev=\"%d\">\n",
	    d->step++, ev->id);
	bars(d, fp, d->y, d->y + ROW);
	bar(d, fp, c, d->y, d->y + DOT_Y);
	dot(fp, d->x[lane], d->y + DOT_Y, 1);
	put_time(fp, tl, c->t_end, d->y + BASE_Y);
	sv_call_return(c, b, sizeof(b));
	beside_at(d, fp, lane, d->y + BASE_Y, F_CALL, ink[I_TEXT],
	    "font-weight=\"bold\"", b, NULL, NULL);
	sv_call_after(c, b, sizeof(b));
	beside_at(d, fp, lane, d->y + SUB_Y, F_SUB, ink[I_DIM], NULL, b, NULL,
	    NULL);
	d->y += ROW;
	fputs("</g>\n", fp);
}

/* The returns of blocked calls that came back by time t, in the order
 * they did. */
static void
flush_pending(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl,
    int64_t t)
{
	struct sv_ladder_wait w;
	while (sv_ladder_due(&d->lad, t, &w))
		draw_return(d, fp, tl, w.ev);
}

static void
draw_call(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	const struct sv_call *c = &ev->u.call;
	int lane = lane_of(d, c->actor);
	char b[1200];

	sv_ladder_count_call(&d->lad, c);
	fprintf(fp, "<g class=\"sv-call\" data-step=\"%d\" data-ev=\"%d\">\n",
	    d->step++, ev->id);
	bars(d, fp, d->y, d->y + ROW);
	if (c->blocked) {
		/* A call not in the timeline gets no return row. */
		(void)sv_ladder_wait(&d->lad, ev, 0);
		bar(d, fp, c, d->y + DOT_Y, d->y + ROW);
	}
	put_time(fp, tl, ev->t, d->y + BASE_Y);
	dot(fp, d->x[lane], d->y + DOT_Y, 0);
	sv_call_text(c, b, sizeof(b));
	beside_at(d, fp, lane, d->y + BASE_Y, F_CALL, ink[I_TEXT],
	    "class=\"sv-call-text\"", b, call_mark(c), c->failure ?
	    ink[I_BAD] : ink[I_OK]);
	if (!c->blocked) {
		sv_call_after(c, b, sizeof(b));
		beside_at(d, fp, lane, d->y + SUB_Y, F_SUB, ink[I_DIM], NULL, b,
		    NULL, NULL);
	}
	d->y += ROW;
	if (c->expect != NULL && c->failure != NULL)
		note_lines(d, fp, failure_text(c, b, sizeof(b)), "#ffebe9",
		    ink[I_BAD], "font-weight=\"bold\"");
	if (c->note != NULL)
		note_lines(d, fp, c->note, "#fff8c5", ink[I_NOTE],
		    "font-style=\"italic\"");
	fputs("</g>\n", fp);
}

static void
draw_packet(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	const struct sv_pktev *p = &ev->u.pkt;
	int from, to;
	enum ink k = pkt_ink(p);
	int kernel = sv_ladder_count_pkt(&d->lad, p);
	double ya = d->y + DOT_Y + 4;
	char label[128], detail[400];

	sv_ladder_pkt_lanes(&d->lad, p, &from, &to);
	sv_pkt_short(p, label, sizeof(label));
	sv_pkt_detail(tl, p, d->lad.calls, detail, sizeof(detail));
	fprintf(fp, "<g class=\"sv-pkt\" data-step=\"%d\" data-ev=\"%d\">\n",
	    d->step++, ev->id);
	bars(d, fp, d->y, d->y + ROW);
	put_time(fp, tl, ev->t, ya + 4);
	if (from == to) {
		/* Out of the lane and back into it. */
		double x = d->x[from] + INSET;
		fprintf(fp, "<path d=\"M%.1f,%.1f h%.1f v14 h%.1f\""
		    " fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s"
		    " marker-end=\"url(#sv-head-%s)\"/>\n", x, ya - 7, LOOP_W,
		    -LOOP_W + 2, ink[k], kernel ?
		    " stroke-dasharray=\"7 5\"" : "", ink_id(k));
		x += LOOP_W + 10;
		text_at(fp, x, ya - 1, F_PKT, NULL, ink[k],
		    "font-weight=\"bold\" class=\"sv-flags\"");
		xml(fp, label);
		fputs("</text>\n", fp);
		text_line(fp, x, ya + 14, F_DETAIL, NULL, ink[I_DIM], NULL,
		    detail);
	} else {
		double dir = d->x[to] > d->x[from] ? 1 : -1;
		double x1 = d->x[from] + dir * INSET;
		double x2 = d->x[to] - dir * INSET;
		double mid = (x1 + x2) / 2, len = (x2 - x1) * dir;
		int room = (int)((len - 12) / (F_DETAIL * EM_W));
		int room_l = (int)((len - 12) / (F_PKT * EM_W));
		fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
		    " y2=\"%.1f\" stroke=\"%s\" stroke-width=\"2\"%s"
		    " marker-end=\"url(#sv-head-%s)\"/>\n", x1, ya, x2, ya,
		    ink[k], kernel ? " stroke-dasharray=\"7 5\"" : "",
		    ink_id(k));
		if (abs(to - from) > 1) {
			/* Over other lanes' lifelines: on white. */
			double lw = tw(label, F_PKT), dw = tw(detail, F_DETAIL);
			lw = lw < len - 16 ? lw : len - 16;
			dw = dw < len - 16 ? dw : len - 16;
			white_box(fp, mid - lw / 2 - 4, ya - 18, lw + 8, 15);
			if (detail[0])
				white_box(fp, mid - dw / 2 - 4, ya + 4, dw + 8,
				    13);
		}
		text_at(fp, mid, ya - 6, F_PKT, "middle", ink[k],
		    "font-weight=\"bold\" class=\"sv-flags\"");
		xml_cut(fp, label, room_l);
		fputs("</text>\n", fp);
		if (detail[0]) {
			text_at(fp, mid, ya + 14, F_DETAIL, "middle",
			    ink[I_DIM], NULL);
			xml_cut(fp, detail, room);
			fputs("</text>\n", fp);
		}
	}
	fputs("</g>\n", fp);
	d->y += ROW;
}

void
sv_svg_event(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	flush_pending(d, fp, tl, ev->t);
	switch (ev->type) {
	case SV_EV_CALL:
		draw_call(d, fp, tl, ev);
		break;
	case SV_EV_PACKET:
		draw_packet(d, fp, tl, ev);
		break;
	}
}

void
sv_svg_close(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl)
{
	char b[600], l[64], p[64];
	flush_pending(d, fp, tl, INT64_MAX);
	double y = d->y_end + 16;
	if (tl->n_finals > 0) {
		text_line(fp, TEXT_X, y + 15, F_SUB, NULL, ink[I_DIM], NULL,
		    "After the last step, the kernel holds:");
		y += FOOT_ROW + 6;
	}
	/* Connections outlive their descriptors: where each one ended. */
	for (int i = 0; i < tl->n_finals; i++) {
		const struct sv_final *f = &tl->finals[i];
		int tw_ = f->state == TCP_TIME_WAIT;
		text_at(fp, TEXT_X + 16, y + 15, F_FOOT, NULL, ink[I_TEXT],
		    "class=\"sv-final\"");
		fputs("<tspan font-weight=\"bold\">", fp);
		xml(fp, f->actor >= 0 && f->actor < tl->n_lanes ?
		    tl->lanes[f->actor].name : "?");
		fputs("</tspan> ", fp);
		snprintf(b, sizeof(b), "%s \xe2\x87\x84 %s ",
		    sv_endpoint_str(&f->local, 1, l, sizeof(l)),
		    sv_endpoint_str(&f->peer, 1, p, sizeof(p)));
		xml(fp, b);
		fprintf(fp, "<tspan fill=\"%s\" font-weight=\"bold\">",
		    tw_ ? ink[I_FIN] : ink[I_TEXT]);
		xml(fp, f->state == TCP_CLOSE ? "gone (CLOSED)" :
		    sv_tcp_state_name(f->state));
		fputs("</tspan></text>\n", fp);
		y += FOOT_ROW;
	}
	if (d->lad.calls > 0) {
		sv_counts_line(d->lad.n_calls, d->lad.n_silent, tl->packets,
		    d->lad.n_answer, d->lad.n_kernel, b, sizeof(b));
		text_line(fp, TEXT_X, y + 15, F_SUB, NULL, ink[I_DIM], NULL, b);
		y += FOOT_ROW;
	}
	if (d->lad.n_expect > 0) {
		int failed = d->lad.n_failed;
		char e[200];
		snprintf(b, sizeof(b), "%s %s", failed ? "\xe2\x9c\x97" :
		    "\xe2\x9c\x93", sv_expect_line(d->lad.n_expect, failed, e,
		    sizeof(e)));
		text_line(fp, TEXT_X, y + 15, F_SUB, NULL, failed ?
		    ink[I_BAD] : ink[I_OK], "font-weight=\"bold\"", b);
	}
	fputs("</svg>\n", fp);
}

/* ---- the renderer ---- */

static int
svg_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	struct sv_svg *d = sv_svg_new(tl, SV_SVG_STANDALONE, o->err,
	    sizeof(o->err));
	if (d == NULL)
		return -1;
	o->priv = d;
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", o->fp);
	sv_svg_open(d, o->fp, tl);
	return 0;
}

static int
svg_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	sv_svg_event(o->priv, o->fp, tl, ev);
	return 0;
}

static int
svg_end(struct sv_out *o, const struct sv_timeline *tl)
{
	sv_svg_close(o->priv, o->fp, tl);
	sv_svg_free(o->priv);
	o->priv = NULL;
	return 0;
}

const struct sv_renderer sv_render_svg = {
	.name = "svg",
	.ext = ".svg",
	.what = "the ladder as an SVG picture, for slides",
	.begin = svg_begin,
	.event = svg_event,
	.end = svg_end,
};
