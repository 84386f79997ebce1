/*
 * The terminal timeline: the ladder of render/layout.h, drawn in
 * character cells. One lifeline per lane; the calls beside their actor's
 * line; every packet an arrow between two lines, its flags written on
 * it, its numbers and cause beside the sender; a blocked call's lane
 * drawn heavy while it sleeps.
 *
 * Each row is drawn on a canvas of cells first (one cell per column, so
 * UTF-8 text and colours never shift the lines), then printed, and
 * forgotten: memory does not grow with the capture.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/layout.h"
#include "render/palette.h"
#include "render/render.h"


enum { A_BOLD = 1, A_ITALIC = 2 };

struct cell {
	char ch[5];              /* one UTF-8 character; "" after a wide one */
	unsigned char ink, attr;
};

struct text_state {
	struct sv_layout *L;
	int color;
	int width;               /* cells in a line */
	struct cell *c;          /* a row's lines */
	size_t cap;              /* cells c holds */
	int drawn;               /* lines printed so far */
	int *col;                /* each lane's lifeline column */
	int n_lanes;
};

static void
put_ch(struct text_state *s, int lines, int x, int y, const char *ch,
    enum sv_ink ink, int attr)
{
	if (x < 0 || x >= s->width || y < 0 || y >= lines)
		return;
	struct cell *c = &s->c[(size_t)y * (size_t)s->width + (size_t)x];
	snprintf(c->ch, sizeof(c->ch), "%s", ch);
	c->ink = (unsigned char)ink;
	c->attr = (unsigned char)attr;
}

/* Text from cell x of line y: control characters as spaces, bytes that
 * are not UTF-8 as '?', wide characters over two cells. */
static void
put_text(struct text_state *s, int lines, int x, int y, const char *t,
    enum sv_ink ink, int attr)
{
	size_t n = strlen(t);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = sv_utf8_next(t + i, n - i, &cp);
		int cw = sv_cp_cols(cp);
		char ch[5] = { 0 };
		if (cp == SV_NOT_UTF8)
			strcpy(ch, "?");
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			strcpy(ch, " ");
		else
			memcpy(ch, t + i, len);
		put_ch(s, lines, x, y, ch, ink, attr);
		if (cw == 2)
			put_ch(s, lines, x + 1, y, "", ink, attr);
		x += cw;
		i += len;
	}
}

static void
print_lines(struct text_state *s, struct sv_out *o, int lines)
{
	/* A line is made in a buffer, then written whole: a million
	 * packets are a million lines. */
	size_t cap = (size_t)s->width * 24 + 16;
	char stack[4096], *buf = cap <= sizeof(stack) ? stack : malloc(cap);
	if (buf == NULL)
		buf = stack, cap = sizeof(stack);
	for (int y = 0; y < lines; y++) {
		const struct cell *row = &s->c[(size_t)y * (size_t)s->width];
		int last = s->width - 1;
		while (last >= 0 && strcmp(row[last].ch, " ") == 0)
			last--;
		int ink = SV_INK_TEXT, attr = 0;
		size_t n = 0;
		for (int i = 0; i <= last; i++) {
			if (n + 40 > cap) {
				fwrite(buf, 1, n, o->fp);
				n = 0;
			}
			if (o->color && (row[i].ink != ink ||
			    row[i].attr != attr)) {
				const char *a = sv_inkdef(row[i].ink)->ansi;
				n += (size_t)snprintf(buf + n, cap - n,
				    "\033[0%s%s%s%sm", row[i].attr & A_BOLD ?
				    ";1" : "", row[i].attr & A_ITALIC ? ";3" :
				    "", a[0] ? ";" : "", a);
				ink = row[i].ink;
				attr = row[i].attr;
			}
			for (const char *c = row[i].ch; *c; c++)
				buf[n++] = *c;
		}
		if (o->color && (ink != SV_INK_TEXT || attr != 0)) {
			memcpy(buf + n, "\033[0m", 4);
			n += 4;
		}
		buf[n++] = '\n';
		fwrite(buf, 1, n, o->fp);
	}
	if (buf != stack)
		free(buf);
	s->drawn += lines;
}

static int
make_room(struct text_state *s, int lines)
{
	size_t need = (size_t)lines * (size_t)s->width;
	if (need > s->cap) {
		struct cell *c = realloc(s->c, need * sizeof(*c));
		if (c == NULL)
			return -1;
		s->c = c;
		s->cap = need;
	}
	for (size_t i = 0; i < need; i++) {
		strcpy(s->c[i].ch, " ");
		s->c[i].ink = SV_INK_TEXT;
		s->c[i].attr = 0;
	}
	return 0;
}

static void
lifelines(struct text_state *s, int lines, int y0, int y1, int broken)
{
	for (int y = y0; y < y1; y++)
		for (int i = 0; i < s->n_lanes; i++)
			put_ch(s, lines, s->col[i], y, broken ?
			    "\xe2\x94\x8a" : "\xe2\x94\x82", SV_INK_LIFE, 0);
}

/* The lifelines alone, for the lines no row takes (under the lanes'
 * headers, before the footer). */
static int
fill_to(struct text_state *s, struct sv_out *o, int y)
{
	double y0, y1;
	int lines = y - s->drawn;
	if (lines <= 0)
		return 0;
	if (make_room(s, lines) < 0)
		return -1;
	sv_layout_lifelines(s->L, &y0, &y1);
	for (int k = 0; k < lines; k++)
		if (s->drawn + k >= (int)y0 && s->drawn + k < (int)y1)
			lifelines(s, lines, k, k + 1, 0);
	print_lines(s, o, lines);
	return 0;
}

static int
box_attr(const struct sv_lbox *b)
{
	int a = (b->flags & SV_LBOX_BOLD ? A_BOLD : 0) |
	    (b->flags & SV_LBOX_ITALIC ? A_ITALIC : 0);
	switch (b->kind) {
	case SV_BOX_CALL:
	case SV_BOX_RESULT:
	case SV_BOX_TITLE:
		a |= A_BOLD;
		break;
	default:
		break;
	}
	return a;
}

static void
draw_arrow(struct text_state *s, int lines, const struct sv_lmark *m,
    int y)
{
	int x0 = (int)m->x, x1 = (int)(m->x + m->w);
	int left = (m->flags & SV_LMARK_LEFT) != 0;
	const char *dash = m->flags & SV_LMARK_DASHED ? "\xe2\x95\x8c" :
	    "\xe2\x94\x80";
	for (int x = x0; x < x1; x++) {
		if (m->gx1 > m->gx0 && x >= (int)m->gx0 && x < (int)m->gx1)
			continue;
		const char *ch = dash;
		for (int i = 0; i < s->n_lanes; i++)
			if (s->col[i] == x)
				ch = "\xe2\x94\xbc";           /* ┼ */
		if (left && x == x0)
			ch = "\xe2\x97\x80";                   /* ◀ */
		else if (!left && x == x1 - 1)
			ch = "\xe2\x96\xb6";                   /* ▶ */
		put_ch(s, lines, x, y, ch, m->ink, 0);
	}
}

static void
draw_mark(struct text_state *s, int lines, const struct sv_lmark *m,
    int top)
{
	int x = (int)m->x, y = (int)m->y - top;
	switch (m->kind) {
	case SV_MARK_DOT:
		put_ch(s, lines, x, y, "\xe2\x97\x8f", SV_INK_TEXT, A_BOLD);
		break;
	case SV_MARK_RING:
		put_ch(s, lines, x, y, "\xe2\x97\x8b", SV_INK_TEXT, A_BOLD);
		break;
	case SV_MARK_BAR: {
		int y1 = (int)(m->y + m->h + 0.999) - top;
		for (int k = y; k < y1; k++)
			put_ch(s, lines, x, k, "\xe2\x94\x83", SV_INK_WAIT, 0);
		break;
	}
	case SV_MARK_ARROW:
		draw_arrow(s, lines, m, y);
		break;
	case SV_MARK_LOOP:
		put_ch(s, lines, x, y, "\xe2\x86\xba", m->ink, 0);
		break;
	case SV_MARK_SAMPLE:
		switch (m->sample) {
		case SV_MARK_ARROW:
			put_text(s, lines, x, y, m->flags & SV_LMARK_DASHED ?
			    "\xe2\x95\x8c\xe2\x95\x8c\xe2\x96\xb6" :
			    "\xe2\x94\x80\xe2\x94\x80\xe2\x96\xb6", m->ink, 0);
			break;
		case SV_MARK_DOT:
			put_ch(s, lines, x, y, "\xe2\x97\x8f", m->ink, A_BOLD);
			break;
		case SV_MARK_RING:
			put_ch(s, lines, x, y, "\xe2\x97\x8b", m->ink, A_BOLD);
			break;
		case SV_MARK_BAR:
			put_ch(s, lines, x, y, "\xe2\x94\x83", m->ink, 0);
			break;
		default:
			break;
		}
		break;
	case SV_MARK_GROUND:
	case SV_MARK_LANEBOX:
	case SV_MARK_BREAK:
		break;
	}
}

static int
draw_row(struct text_state *s, struct sv_out *o, const struct sv_lrow *r)
{
	int top = (int)r->y, lines = (int)(r->h + 0.5);
	if (lines <= 0)
		return 0;
	if (fill_to(s, o, top) < 0 || make_room(s, lines) < 0)
		return -1;
	int broken = 0;
	for (size_t i = 0; i < r->n_mark; i++)
		broken |= r->mark[i].kind == SV_MARK_BREAK;
	if (r->ladder)
		lifelines(s, lines, 0, lines, broken);
	for (size_t i = 0; i < r->n_mark; i++)
		draw_mark(s, lines, &r->mark[i], top);
	for (size_t i = 0; i < r->n_box; i++) {
		const struct sv_lbox *b = &r->box[i];
		put_text(s, lines, (int)b->x, (int)b->y - top, sv_lbox_text(r,
		    b), b->ink, box_attr(b));
	}
	print_lines(s, o, lines);
	return 0;
}

static int
drain(struct text_state *s, struct sv_out *o)
{
	const struct sv_lrow *r;
	while ((r = sv_layout_next(s->L)) != NULL)
		if (draw_row(s, o, r) < 0) {
			snprintf(o->err, sizeof(o->err), "out of memory");
			return -1;
		}
	return 0;
}

static void
text_free(struct text_state *s)
{
	if (s == NULL)
		return;
	sv_layout_free(s->L);
	free(s->c);
	free(s->col);
	free(s);
}

static int
text_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	struct text_state *s = calloc(1, sizeof(*s));
	struct sv_layout_metrics m = sv_layout_cells;
	struct sv_layout_opts lo = { .heading = 1, .legend = 1,
	    .time_scaled = o->time_scaled, .color = o->color };
	if (s == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	o->priv = s;
	m.width = o->width < SV_TEXT_MIN_WIDTH ? SV_TEXT_MIN_WIDTH :
	    o->width > SV_TEXT_MAX_WIDTH ? SV_TEXT_MAX_WIDTH : o->width;
	s->L = sv_layout_new(tl, &m, &lo, o->err, sizeof(o->err));
	if (s->L == NULL)
		return -1;
	s->width = (int)sv_layout_width(s->L);
	s->n_lanes = tl->n_lanes > 0 || tl->packets > 0 ?
	    sv_layout_lanes(s->L) : 0;
	s->col = calloc((size_t)(s->n_lanes > 0 ? s->n_lanes : 1),
	    sizeof(*s->col));
	if (s->col == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	for (int i = 0; i < s->n_lanes; i++)
		s->col[i] = (int)sv_layout_lane_x(s->L, i);
	return drain(s, o);
}

static int
text_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct text_state *s = o->priv;
	(void)tl;
	sv_layout_event(s->L, ev);
	return drain(s, o);
}

static int
text_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct text_state *s = o->priv;
	(void)tl;
	sv_layout_end(s->L);
	int st = drain(s, o);
	if (st == 0 && sv_layout_failed(s->L)) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		st = -1;
	}
	text_free(s);
	o->priv = NULL;
	return st;
}

const struct sv_renderer sv_render_text = {
	.name = "text",
	.ext = ".txt",
	.what = "the ladder diagram, as the terminal shows it",
	.begin = text_begin,
	.event = text_event,
	.end = text_end,
};
