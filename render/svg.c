/*
 * The ladder as an SVG 1.1 picture, for lecture slides: the layout of
 * render/layout.h, drawn with lines and type. One lifeline per lane under
 * a header naming the actor and its address; each call a dot on its
 * actor's line with its text beside it; each packet an arrow from sender
 * to receiver, its flags above, its numbers and cause below (dashed when
 * a kernel sent it on its own); a blocked call a bar from the call to its
 * return; notes on a tinted ground beside their actor's lane; the footer
 * and a legend of what the marks and colours mean.
 *
 * Every step (a call with its notes, a packet, a blocked call's return)
 * is one <g data-step="K" data-ev="ID">, K counting from 0 in document
 * order, holding everything drawn for it: a page that steps through the
 * picture (html.c, cairo.c's slides) hides a step by hiding its group.
 * Lane headers, lifelines and footer are outside every step.
 *
 * The picture is streamed. Its height comes first, in the <svg> element:
 * when the timeline holds its packets, the layout is run once through to
 * measure it; when packets stream past (a capture drawn as it is read),
 * the rows wait in a temporary file until the end, so memory does not
 * grow with the capture.
 *
 * html.c draws the same picture inside a page, through svg_draw.h.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/layout.h"
#include "render/palette.h"
#include "render/render.h"
#include "render/svg_draw.h"

#define FONT "DejaVu Sans Mono, Menlo, Consolas, monospace"

struct sv_svg {
	int flags;
	struct sv_layout *L;
	struct sv_layout_metrics m;
	double w, h;             /* known at open, or at close when deferred */
	double life_y0, life_y1;
	FILE *out;               /* where rows go: the file, or body */
	FILE *body;              /* the rows, until the height is known */
	int step;                /* the step whose group is open, or -1 */
};

/* ---- XML ---- */

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

/* ---- what other formats ask ---- */

const char *
sv_svg_pkt_colour(const struct sv_pktev *p)
{
	return sv_inkdef(sv_pkt_ink(p))->hex;
}

const char *
sv_svg_pkt_kind(const struct sv_pktev *p)
{
	return sv_inkdef(sv_pkt_ink(p))->id;
}

const char *
sv_svg_kind(int i, const char **colour)
{
	int k = i < 0 ? -1 : sv_arrow_ink((size_t)i);
	if (k < 0)
		return NULL;
	*colour = sv_inkdef((enum sv_ink)k)->hex;
	return sv_inkdef((enum sv_ink)k)->id;
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
hex(enum sv_ink i)
{
	return sv_inkdef(i)->hex;
}

/* ---- drawing a row ---- */

static void
text_open(struct sv_svg *d, FILE *fp, const struct sv_lbox *b,
    const char *cls)
{
	const struct sv_lfont *f = &d->m.font[b->kind];
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%g\" fill=\"%s\""
	    "%s%s xml:space=\"preserve\"", b->x, b->y + f->base, f->size,
	    hex(b->ink), b->flags & SV_LBOX_BOLD ? " font-weight=\"bold\"" :
	    "", b->flags & SV_LBOX_ITALIC ? " font-style=\"italic\"" : "");
	/* The class last: tests read what follows it as the text. */
	if (cls != NULL)
		fprintf(fp, " class=\"%s\"", cls);
	fputc('>', fp);
}

static const char *
box_class(const struct sv_lbox *b)
{
	int first = (b->flags & SV_LBOX_FIRST) != 0;
	switch (b->kind) {
	case SV_BOX_CALL:
		return first ? "sv-call-text" : NULL;
	case SV_BOX_LABEL:
		return first ? "sv-flags" : NULL;
	case SV_BOX_LANE:
		return "sv-lane";
	case SV_BOX_NOTE:
		return "sv-note";
	default:
		return NULL;
	}
}

static void
draw_box(struct sv_svg *d, FILE *fp, const struct sv_lrow *r,
    const struct sv_lbox *b)
{
	if (b->flags & SV_LBOX_GROUND)
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
		    " height=\"%.1f\" fill=\"%s\"/>\n", b->x - 2, b->y,
		    b->w + 4, b->h, hex(SV_INK_PAPER));
	text_open(d, fp, b, box_class(b));
	xml(fp, sv_lbox_text(r, b));
	fputs("</text>\n", fp);
}

/* A final state, one <text>: "client 127.0.0.1:51632 ⇄ 127.0.0.1:8888
 * TIME_WAIT", its parts styled as the layout's boxes say. */
static void
draw_final(struct sv_svg *d, FILE *fp, const struct sv_lrow *r)
{
	if (r->n_box == 0)
		return;
	text_open(d, fp, &r->box[0], "sv-final");
	for (size_t i = 0; i < r->n_box; i++) {
		const struct sv_lbox *b = &r->box[i];
		if (i > 0)
			fputc(' ', fp);
		fprintf(fp, "<tspan fill=\"%s\"%s>", hex(b->ink),
		    b->flags & SV_LBOX_BOLD ? " font-weight=\"bold\"" : "");
		xml(fp, sv_lbox_text(r, b));
		fputs("</tspan>", fp);
	}
	fputs("</text>\n", fp);
}

static void
arrow_line(FILE *fp, double x1, double x2, double y, enum sv_ink ink,
    int dashed)
{
	fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
	    " stroke=\"%s\" stroke-width=\"2\"%s marker-end=\"url(#sv-head-%s)\""
	    "/>\n", x1, y, x2, y, hex(ink), dashed ?
	    " stroke-dasharray=\"7 5\"" : "", sv_inkdef(ink)->id);
}

static void
circle(FILE *fp, double cx, double cy, double r, int hollow, enum sv_ink ink)
{
	fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\""
	    " stroke=\"%s\" stroke-width=\"2\"/>\n", cx, cy, hollow ? r - 1 : r,
	    hollow ? hex(SV_INK_PAPER) : hex(ink), hex(ink));
}

static void
bar_rect(FILE *fp, double x, double y, double w, double h)
{
	fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
	    " height=\"%.1f\" fill=\"%s\"/>\n<path d=\"M%.1f,%.1f v%.1f"
	    " M%.1f,%.1f v%.1f\" stroke=\"%s\" stroke-width=\"1.5\"/>\n", x, y,
	    w, h, hex(SV_INK_WAIT_GROUND), x, y, h, x + w, y, h,
	    hex(SV_INK_WAIT));
}

static void
draw_mark(struct sv_svg *d, FILE *fp, const struct sv_lmark *m)
{
	int dashed = (m->flags & SV_LMARK_DASHED) != 0;
	switch (m->kind) {
	case SV_MARK_GROUND:
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
		    " height=\"%.1f\" rx=\"3\" fill=\"%s\"/>\n", m->x, m->y,
		    m->w, m->h, hex(m->ink));
		break;
	case SV_MARK_BAR:
		bar_rect(fp, m->x, m->y, m->w, m->h);
		break;
	case SV_MARK_BREAK:
		/* Time cut out: each lifeline dotted across the row. */
		for (int i = 0; i < sv_layout_lanes(d->L); i++) {
			double x = sv_layout_lane_x(d->L, i);
			fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"6\""
			    " height=\"%.1f\" fill=\"%s\"/>\n<line x1=\"%.1f\""
			    " y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
			    " stroke-width=\"2\" stroke-dasharray=\"2 4\"/>\n",
			    x - 3, m->y + 2, m->h - 4, hex(SV_INK_PAPER), x,
			    m->y + 4, x, m->y + m->h - 4, hex(SV_INK_LIFE));
		}
		break;
	case SV_MARK_ARROW: {
		double y = m->y + m->h / 2;
		if (m->flags & SV_LMARK_LEFT)
			arrow_line(fp, m->x + m->w, m->x, y, m->ink, dashed);
		else
			arrow_line(fp, m->x, m->x + m->w, y, m->ink, dashed);
		break;
	}
	case SV_MARK_LOOP:
		fprintf(fp, "<path d=\"M%.1f,%.1f h%.1f v%.1f h%.1f\""
		    " fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s"
		    " marker-end=\"url(#sv-head-%s)\"/>\n", m->x, m->y, m->w,
		    m->h, -m->w + 2, hex(m->ink), dashed ?
		    " stroke-dasharray=\"7 5\"" : "", sv_inkdef(m->ink)->id);
		break;
	case SV_MARK_DOT:
	case SV_MARK_RING:
		circle(fp, m->x + m->w / 2, m->y + m->h / 2, m->w / 2,
		    m->kind == SV_MARK_RING, m->ink);
		break;
	case SV_MARK_LANEBOX:
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
		    " height=\"%.1f\" rx=\"6\" fill=\"%s\" stroke=\"%s\""
		    " stroke-width=\"1.5\"%s/>\n", m->x, m->y, m->w, m->h,
		    dashed ? hex(SV_INK_PAPER) : hex(SV_INK_LANE_GROUND),
		    dashed ? hex(SV_INK_OTHER) : hex(SV_INK_LANE_EDGE),
		    dashed ? " stroke-dasharray=\"4 3\"" : "");
		break;
	case SV_MARK_SAMPLE:
		/* The legend's signs are paths, not the ladder's lines and
		 * circles: what reads the picture for its rows (tests, a
		 * page stepping through it) finds only the ladder's. */
		switch (m->sample) {
		case SV_MARK_ARROW:
			fprintf(fp, "<path d=\"M%.1f,%.1f h%.1f\" stroke=\"%s\""
			    " stroke-width=\"2\"%s marker-end=\"url(#sv-head-%s)\""
			    "/>\n", m->x, m->y + m->h / 2, m->w, hex(m->ink),
			    dashed ? " stroke-dasharray=\"7 5\"" : "",
			    sv_inkdef(m->ink)->id);
			break;
		case SV_MARK_BAR:
			bar_rect(fp, m->x, m->y, m->w, m->h);
			break;
		case SV_MARK_DOT:
		case SV_MARK_RING: {
			int ring = m->sample == SV_MARK_RING;
			double r = m->w / 2 - ring;
			fprintf(fp, "<path d=\"M%.1f,%.1f a%.1f,%.1f 0 1,0 %.1f,0"
			    " a%.1f,%.1f 0 1,0 %.1f,0\" fill=\"%s\" stroke=\"%s\""
			    " stroke-width=\"2\"/>\n", m->x + m->w / 2 - r,
			    m->y + m->h / 2, r, r, 2 * r, r, r, -2 * r, ring ?
			    hex(SV_INK_PAPER) : hex(m->ink), hex(m->ink));
			break;
		}
		default:
			break;
		}
		break;
	}
}

static const char *
step_class(int kind)
{
	switch (kind) {
	case SV_ROW_PACKET:
		return "sv-pkt";
	case SV_ROW_RETURN:
		return "sv-ret";
	default:
		return "sv-call";
	}
}

static void
close_step(struct sv_svg *d, FILE *fp)
{
	if (d->step >= 0)
		fputs("</g>\n", fp);
	d->step = -1;
}

/* Grounds and bars under the arrows, dots over them, text over all. */
static const int layer[SV_MARK_KINDS] = {
	[SV_MARK_GROUND] = 0, [SV_MARK_BREAK] = 0, [SV_MARK_LANEBOX] = 0,
	[SV_MARK_BAR] = 1, [SV_MARK_ARROW] = 2, [SV_MARK_LOOP] = 2,
	[SV_MARK_DOT] = 3, [SV_MARK_RING] = 3, [SV_MARK_SAMPLE] = 3,
};

static void
draw_row(struct sv_svg *d, FILE *fp, const struct sv_lrow *r)
{
	if (r->step >= 0 && r->step != d->step) {
		close_step(d, fp);
		fprintf(fp, "<g class=\"%s\" data-step=\"%d\" data-ev=\"%d\">\n",
		    step_class(r->step_kind), r->step, r->ev);
		d->step = r->step;
	} else if (r->step < 0) {
		close_step(d, fp);
	}
	for (int l = 0; l <= 3; l++)
		for (size_t i = 0; i < r->n_mark; i++)
			if (layer[r->mark[i].kind] == l)
				draw_mark(d, fp, &r->mark[i]);
	if (r->final != NULL) {
		draw_final(d, fp, r);
		return;
	}
	for (size_t i = 0; i < r->n_box; i++)
		draw_box(d, fp, r, &r->box[i]);
}

static void
drain(struct sv_svg *d)
{
	const struct sv_lrow *r;
	while ((r = sv_layout_next(d->L)) != NULL)
		draw_row(d, d->out, r);
}

/* ---- the document ---- */

static void
svg_head(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl)
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
	for (size_t i = 0; sv_arrow_ink(i) >= 0; i++) {
		enum sv_ink k = (enum sv_ink)sv_arrow_ink(i);
		fprintf(fp, "<marker id=\"sv-head-%s\" viewBox=\"0 0 12 12\""
		    " refX=\"11\" refY=\"6\" markerWidth=\"12\""
		    " markerHeight=\"12\" markerUnits=\"userSpaceOnUse\""
		    " orient=\"auto\"><path d=\"M0,1 L12,6 L0,11 z\""
		    " fill=\"%s\"/></marker>\n", sv_inkdef(k)->id, hex(k));
	}
	fputs("</defs>\n", fp);
	fprintf(fp, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"%s\"/>\n",
	    d->w, d->h, hex(SV_INK_PAPER));
	/* Lifelines first: everything else is drawn over them. Without
	 * lanes, one only where packets are still to come. */
	int n = tl->n_lanes > 0 || tl->packets > 0 ? sv_layout_lanes(d->L) : 0;
	fprintf(fp, "<g class=\"sv-lifelines\" stroke=\"%s\""
	    " stroke-width=\"%g\">\n", hex(SV_INK_LIFE), d->m.life_w);
	for (int i = 0; i < n; i++)
		fprintf(fp, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
		    " y2=\"%.1f\"%s/>\n", sv_layout_lane_x(d->L, i), d->life_y0,
		    sv_layout_lane_x(d->L, i), d->life_y1,
		    sv_layout_lane_endpoint(d->L, i) ?
		    " stroke-dasharray=\"4 4\"" : "");
	fputs("</g>\n", fp);
}

void
sv_svg_free(struct sv_svg *d)
{
	if (d == NULL)
		return;
	sv_layout_free(d->L);
	if (d->body != NULL)
		fclose(d->body);
	free(d);
}

struct sv_svg *
sv_svg_new(const struct sv_timeline *tl, int flags, char *err, size_t errlen)
{
	struct sv_svg *d = calloc(1, sizeof(*d));
	struct sv_layout_opts lo = {
		.heading = (flags & SV_SVG_STANDALONE) != 0,
		.time_scaled = (flags & SV_SVG_TIME_SCALED) != 0,
		.legend = 1, .color = 1,
	};
	size_t pkt_events = 0;
	if (d == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	d->flags = flags;
	d->step = -1;
	d->m = sv_layout_points;
	d->L = sv_layout_new(tl, &d->m, &lo, err, errlen);
	if (d->L == NULL) {
		free(d);
		return NULL;
	}
	d->w = (double)(long)(sv_layout_width(d->L) + 0.5);
	for (size_t i = 0; i < tl->n; i++)
		pkt_events += tl->ev[i].type == SV_EV_PACKET;
	if (pkt_events == 0 && tl->packets > 0) {
		/* The packets will stream past: the rows wait in a file
		 * until the picture's height is known. */
		d->body = tmpfile();
		if (d->body == NULL) {
			int e = errno;
			snprintf(err, errlen, "cannot make a temporary file for"
			    " the picture: %s", strerror(e));
			sv_svg_free(d);
			return NULL;
		}
	} else {
		double h = sv_layout_measure(tl, &d->m, &lo, &d->life_y0,
		    &d->life_y1);
		if (h < 0) {
			snprintf(err, errlen, "out of memory");
			sv_svg_free(d);
			return NULL;
		}
		d->h = (double)(long)(h + 0.999);
	}
	return d;
}

void
sv_svg_open(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl)
{
	if (d->body == NULL) {
		svg_head(d, fp, tl);
		d->out = fp;
	} else {
		d->out = d->body;
	}
	drain(d);
}

void
sv_svg_event(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	(void)fp;
	(void)tl;
	sv_layout_event(d->L, ev);
	drain(d);
}

void
sv_svg_close(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl)
{
	sv_layout_end(d->L);
	drain(d);
	close_step(d, d->out);
	if (d->body != NULL) {
		char buf[8192];
		size_t n;
		d->h = (double)(long)(sv_layout_height(d->L) + 0.999);
		sv_layout_lifelines(d->L, &d->life_y0, &d->life_y1);
		svg_head(d, fp, tl);
		fflush(d->body);
		rewind(d->body);
		while ((n = fread(buf, 1, sizeof(buf), d->body)) > 0)
			fwrite(buf, 1, n, fp);
		if (ferror(d->body))
			fputs("<!-- the picture's temporary file could not be"
			    " read back -->\n", fp);
	}
	fputs("</svg>\n", fp);
}

/* ---- the renderer ---- */

static int
svg_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	struct sv_svg *d = sv_svg_new(tl, SV_SVG_STANDALONE |
	    (o->time_scaled ? SV_SVG_TIME_SCALED : 0), o->err,
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
	struct sv_svg *d = o->priv;
	int st = 0;
	sv_svg_close(d, o->fp, tl);
	if (d->body != NULL) {
		/* Read back whole: the file's position is its size. */
		long held = ftell(d->body);
		o->held = held > 0 ? (uint64_t)held : 0;
		o->held_where = "in a temporary file";
	}
	if (sv_layout_failed(d->L) || (d->body != NULL && ferror(d->body))) {
		snprintf(o->err, sizeof(o->err), "%s",
		    sv_layout_failed(d->L) ? "out of memory" :
		    "cannot read back the picture's temporary file");
		st = -1;
	}
	sv_svg_free(d);
	o->priv = NULL;
	return st;
}

const struct sv_renderer sv_render_svg = {
	.name = "svg",
	.ext = ".svg",
	.what = "the ladder as an SVG picture, for slides",
	.begin = svg_begin,
	.event = svg_event,
	.end = svg_end,
};
