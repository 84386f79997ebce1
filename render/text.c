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
 *
 * Drawing and writing have a thread of their own: the layout's rows are
 * copied, a batch at a time, to the thread that draws and writes them,
 * so that a long capture's correlation and layout on one CPU and its
 * drawing on another go at once (a million packets: about a third less
 * time). The rows are drawn in the order they were made, so the output
 * is the same byte for byte; should the thread not start, they are
 * drawn here.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/layout.h"
#include "render/palette.h"
#include "render/render.h"


enum { A_BOLD = 1, A_ITALIC = 2 };

struct cell {
	char ch[4];              /* one UTF-8 character, len bytes of it */
	unsigned char len;       /* 0 after a wide character */
	unsigned char ink, attr;
	unsigned char pad;       /* eight bytes: a cell is one store */
};

/* What a million-line drawing is written through: lines gather here and
 * leave in large writes, not one stdio call each. */
#define OUT_BYTES (64 * 1024)

/* Rows go to the drawing thread this many at a time, through this many
 * batches: a hand-over (a wake-up of the other thread, at worst) is
 * shared by 256 rows. */
#define BATCH_ROWS 256
#define N_BATCHES 4

/* Rows copied for the drawing thread, each with the lifelines' extent
 * when it was made (the layout's own may have moved on since). A row's
 * boxes, marks and text go one after another into buf, which grows
 * while the batch fills: where each begins is kept as an offset, and
 * made a pointer when the row is drawn. */
struct batch {
	struct sv_lrow row[BATCH_ROWS];
	size_t at[BATCH_ROWS];   /* the row's boxes in buf; marks, text
				  * follow */
	double life_y0[BATCH_ROWS], life_y1[BATCH_ROWS];
	size_t n;
	unsigned char *buf;
	size_t len, cap;
};

/* Batch indices, a ring of N_BATCHES. */
struct bqueue {
	int v[N_BATCHES];
	size_t head, n;
};

struct text_state {
	struct sv_layout *L;
	int color;
	int width;               /* cells in a line */
	struct cell *c;          /* a row's lines */
	size_t cap;              /* cells c holds */
	/* What a line shows before anything is drawn on it: blank, the
	 * lifelines, the lifelines broken (time left out); a line is
	 * begun as a copy of one. */
	struct cell *ground[3];
	int drawn;               /* lines printed so far */
	int *col;                /* each lane's lifeline column */
	int n_lanes;
	char *out;               /* OUT_BYTES, waiting for fwrite */
	size_t n_out;
	double life_y0, life_y1; /* the lifelines, as of the row drawn */
	char werr[200];          /* why a write failed, "" */
	int oom;                 /* a row could not be copied */
	int draw_oom;            /* ... or drawn (the drawing thread's) */
	/* The drawing thread, when it runs: batches go to it full and come
	 * back free; fill is the one being filled here, or -1. */
	struct batch *b;
	int fill;
	int threaded, done;
	struct bqueue full, free;
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

static void
put_chn(struct text_state *s, int lines, int x, int y, const char *ch,
    size_t len, enum sv_ink ink, int attr)
{
	if (x < 0 || x >= s->width || y < 0 || y >= lines)
		return;
	struct cell *c = &s->c[(size_t)y * (size_t)s->width + (size_t)x];
	memcpy(c->ch, ch, len);
	c->len = (unsigned char)len;
	c->ink = (unsigned char)ink;
	c->attr = (unsigned char)attr;
}

/* Cells [x0, x1) of line y, all ch (len bytes). */
static void
put_run(struct text_state *s, int lines, int x0, int x1, int y,
    const char *ch, size_t len, enum sv_ink ink, int attr)
{
	if (y < 0 || y >= lines)
		return;
	if (x0 < 0)
		x0 = 0;
	if (x1 > s->width)
		x1 = s->width;
	struct cell c = { .len = (unsigned char)len,
	    .ink = (unsigned char)ink, .attr = (unsigned char)attr };
	memcpy(c.ch, ch, len);
	struct cell *row = &s->c[(size_t)y * (size_t)s->width];
	for (int x = x0; x < x1; x++)
		row[x] = c;
}

static void
put_ch(struct text_state *s, int lines, int x, int y, const char *ch,
    enum sv_ink ink, int attr)
{
	size_t len = strlen(ch);
	put_chn(s, lines, x, y, ch, len < 4 ? len : 4, ink, attr);
}

/* Text (n bytes) from cell x of line y: control characters as spaces,
 * bytes that are not UTF-8 as '?', wide characters over two cells. */
static void
put_textn(struct text_state *s, int lines, int x, int y, const char *t,
    size_t n, enum sv_ink ink, int attr)
{
	if (y < 0 || y >= lines)
		return;
	struct cell *row = &s->c[(size_t)y * (size_t)s->width];
	struct cell a = { .len = 1, .ink = (unsigned char)ink,
	    .attr = (unsigned char)attr };
	const int width = s->width;   /* not reloaded after each store */
	for (size_t i = 0; i < n;) {
		unsigned char b = (unsigned char)t[i];
		if (b >= 0x20 && b < 0x7f) {
			/* Printable ASCII, nearly all of it: one cell. */
			if ((unsigned)x < (unsigned)width) {
				/* The byte into the cell, then one 8-byte
				 * store: a struct assignment here is a store
				 * per field. */
				a.ch[0] = (char)b;
				memcpy(&row[x], &a, sizeof(a));
			}
			x++;
			i++;
			continue;
		}
		uint32_t cp;
		size_t len = sv_utf8_next(t + i, n - i, &cp);
		int cw = sv_cp_cols(cp);
		if (cp == SV_NOT_UTF8)
			put_chn(s, lines, x, y, "?", 1, ink, attr);
		else if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			put_chn(s, lines, x, y, " ", 1, ink, attr);
		else
			put_chn(s, lines, x, y, t + i, len, ink, attr);
		if (cw == 2)
			put_chn(s, lines, x + 1, y, "", 0, ink, attr);
		x += cw;
		i += len;
	}
}

static void
put_text(struct text_state *s, int lines, int x, int y, const char *t,
    enum sv_ink ink, int attr)
{
	put_textn(s, lines, x, y, t, strlen(t), ink, attr);
}

static void
out_flush(struct text_state *s, struct sv_out *o)
{
	/* A lost write keeps its reason: the stream's error flag alone
	 * would not say "No space left on device" later. */
	if (s->n_out > 0 && fwrite(s->out, 1, s->n_out, o->fp) != s->n_out &&
	    !s->werr[0])
		snprintf(s->werr, sizeof(s->werr), "%s", strerror(errno));
	s->n_out = 0;
}

/* The characters of cells [0, n) into buf, 4 bytes of room a cell;
 * returns the bytes they take. */
static size_t
put_cells(char *restrict buf, const struct cell *restrict row, int n)
{
	char *p = buf;
	int i = 0;
	/* Four cells a turn: this loop sees every cell. */
	for (; i + 4 <= n; i += 4) {
		memcpy(p, row[i].ch, 4);
		p += row[i].len;
		memcpy(p, row[i + 1].ch, 4);
		p += row[i + 1].len;
		memcpy(p, row[i + 2].ch, 4);
		p += row[i + 2].len;
		memcpy(p, row[i + 3].ch, 4);
		p += row[i + 3].len;
	}
	for (; i < n; i++) {
		memcpy(p, row[i].ch, 4);
		p += row[i].len;
	}
	return (size_t)(p - buf);
}

static void
print_lines(struct text_state *s, struct sv_out *o, int lines)
{
	/* The most one cell can add: a colour change and 4 bytes. */
	const size_t cell_max = 40;
	for (int y = 0; y < lines; y++) {
		const struct cell *row = &s->c[(size_t)y * (size_t)s->width];
		int last = s->width - 1;
		while (last >= 0 && row[last].len == 1 &&
		    row[last].ch[0] == ' ')
			last--;
		int ink = SV_INK_TEXT, attr = 0;
		char *buf = s->out;
		size_t n = s->n_out;
		if (!o->color && (size_t)(last + 1) * 4 + 1 <= OUT_BYTES) {
			/* No colours: only the characters, the line's room
			 * made once. */
			if (n + (size_t)(last + 1) * 4 + 1 > OUT_BYTES) {
				out_flush(s, o);
				n = 0;
			}
			n += put_cells(buf + n, row, last + 1);
			buf[n++] = '\n';
			s->n_out = n;
			continue;
		}
		for (int i = 0; i <= last; i++) {
			if (n + cell_max > OUT_BYTES) {
				s->n_out = n;
				out_flush(s, o);
				n = 0;
			}
			if (o->color && (row[i].ink != ink ||
			    row[i].attr != attr)) {
				const char *a = sv_inkdef(row[i].ink)->ansi;
				n += (size_t)snprintf(buf + n, OUT_BYTES - n,
				    "\033[0%s%s%s%sm", row[i].attr & A_BOLD ?
				    ";1" : "", row[i].attr & A_ITALIC ? ";3" :
				    "", a[0] ? ";" : "", a);
				ink = row[i].ink;
				attr = row[i].attr;
			}
			memcpy(buf + n, row[i].ch, 4);
			n += row[i].len;
		}
		if (n + cell_max > OUT_BYTES) {
			s->n_out = n;
			out_flush(s, o);
			n = 0;
		}
		if (o->color && (ink != SV_INK_TEXT || attr != 0)) {
			memcpy(buf + n, "\033[0m", 4);
			n += 4;
		}
		buf[n++] = '\n';
		s->n_out = n;
	}
	s->drawn += lines;
}

enum { G_BLANK, G_LIFE, G_BROKEN };

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
	return 0;
}

/* Line y begun as ground g. */
static void
line_ground(struct text_state *s, int y, int g)
{
	memcpy(s->c + (size_t)y * (size_t)s->width, s->ground[g],
	    (size_t)s->width * sizeof(*s->c));
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
	y0 = s->life_y0;
	y1 = s->life_y1;
	for (int k = 0; k < lines; k++)
		line_ground(s, k, s->drawn + k >= (int)y0 &&
		    s->drawn + k < (int)y1 ? G_LIFE : G_BLANK);
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
	int gap = m->gx1 > m->gx0;
	int g0 = gap ? (int)m->gx0 : 0, g1 = gap ? (int)m->gx1 : 0;
	const char *dash = m->flags & SV_LMARK_DASHED ? "\xe2\x95\x8c" :
	    "\xe2\x94\x80";
	/* The line, then what stands on it: a crossed lifeline, the head.
	 * Each cell ends as the last of these that touches it. */
	if (!gap) {
		put_run(s, lines, x0, x1, y, dash, 3, m->ink, 0);
	} else {
		put_run(s, lines, x0, g0 < x1 ? g0 : x1, y, dash, 3, m->ink,
		    0);
		put_run(s, lines, g1 > x0 ? g1 : x0, x1, y, dash, 3, m->ink,
		    0);
	}
	for (int i = 0; i < s->n_lanes; i++) {
		int x = s->col[i];
		if (x >= x0 && x < x1 && !(gap && x >= g0 && x < g1))
			put_chn(s, lines, x, y, "\xe2\x94\xbc", 3, m->ink,
			    0);                                /* ┼ */
	}
	int hx = left ? x0 : x1 - 1;
	if (hx >= x0 && hx < x1 && !(gap && hx >= g0 && hx < g1))
		put_chn(s, lines, hx, y, left ? "\xe2\x97\x80" :
		    "\xe2\x96\xb6", 3, m->ink, 0);          /* ◀ ▶ */
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
	/* The lifelines first, under everything drawn: the ground. */
	for (int y = 0; y < lines; y++)
		line_ground(s, y, !r->ladder ? G_BLANK : broken ? G_BROKEN :
		    G_LIFE);
	for (size_t i = 0; i < r->n_mark; i++)
		draw_mark(s, lines, &r->mark[i], top);
	for (size_t i = 0; i < r->n_box; i++) {
		const struct sv_lbox *b = &r->box[i];
		put_textn(s, lines, (int)b->x, (int)b->y - top,
		    sv_lbox_text(r, b), b->len, b->ink, box_attr(b));
	}
	print_lines(s, o, lines);
	return 0;
}

static void
bq_push(struct bqueue *q, int k)
{
	q->v[(q->head + q->n++) % N_BATCHES] = k;
}

static int
bq_pop(struct bqueue *q)
{
	int k = q->v[q->head];
	q->head = (q->head + 1) % N_BATCHES;
	q->n--;
	return k;
}

/* Row r (the layout's, valid until its next row) into the batch; 0, or
 * -1 when out of memory. */
static int
batch_add(struct batch *b, const struct sv_lrow *r, double y0, double y1)
{
	/* Whole multiples of 8, so that the marks after the boxes are
	 * aligned as they were. */
	size_t nb = (r->n_box * sizeof(*r->box) + 7) & ~(size_t)7;
	size_t nm = (r->n_mark * sizeof(*r->mark) + 7) & ~(size_t)7;
	size_t need = b->len + nb + nm + r->n_text;
	if (need > b->cap) {
		size_t cap = b->cap ? b->cap : 64 * 1024;
		while (cap < need)
			cap *= 2;
		unsigned char *nbuf = realloc(b->buf, cap);
		if (nbuf == NULL)
			return -1;
		b->buf = nbuf;
		b->cap = cap;
	}
	struct sv_lrow *dst = &b->row[b->n];
	*dst = *r;
	dst->box = NULL;
	dst->mark = NULL;
	dst->text = NULL;
	dst->event = NULL;
	dst->cap_box = dst->cap_mark = dst->cap_text = 0;
	b->at[b->n] = b->len;
	if (r->n_box > 0)
		memcpy(b->buf + b->len, r->box, r->n_box * sizeof(*r->box));
	if (r->n_mark > 0)
		memcpy(b->buf + b->len + nb, r->mark, r->n_mark *
		    sizeof(*r->mark));
	if (r->n_text > 0)
		memcpy(b->buf + b->len + nb + nm, r->text, r->n_text);
	b->len = (need + 7) & ~(size_t)7;
	b->life_y0[b->n] = y0;
	b->life_y1[b->n] = y1;
	b->n++;
	return 0;
}

static void
draw_batch(struct text_state *s, struct sv_out *o, struct batch *b)
{
	for (size_t i = 0; i < b->n && !s->draw_oom; i++) {
		struct sv_lrow *r = &b->row[i];
		size_t nb = (r->n_box * sizeof(*r->box) + 7) & ~(size_t)7;
		size_t nm = (r->n_mark * sizeof(*r->mark) + 7) & ~(size_t)7;
		if (b->buf != NULL) {    /* none while every row was empty */
			unsigned char *p = b->buf + b->at[i];
			r->box = (struct sv_lbox *)(void *)p;
			r->mark = (struct sv_lmark *)(void *)(p + nb);
			r->text = (char *)(p + nb + nm);
		}
		s->life_y0 = b->life_y0[i];
		s->life_y1 = b->life_y1[i];
		if (draw_row(s, o, r) < 0)
			s->draw_oom = 1;
	}
	b->n = 0;
	b->len = 0;
}

/* The drawing thread: full batches in, drawn and written, free out. */
static void *
drawer(void *arg)
{
	struct sv_out *o = arg;
	struct text_state *s = o->priv;
	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (s->full.n == 0 && !s->done)
			pthread_cond_wait(&s->cv, &s->mu);
		if (s->full.n == 0)
			break;
		int k = bq_pop(&s->full);
		pthread_mutex_unlock(&s->mu);
		draw_batch(s, o, &s->b[k]);
		pthread_mutex_lock(&s->mu);
		bq_push(&s->free, k);
		pthread_cond_broadcast(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	out_flush(s, o);
	return NULL;
}

/* The batch being filled to the drawing thread (or drawn here). */
static void
hand_over(struct text_state *s, struct sv_out *o)
{
	if (s->fill < 0)
		return;
	if (!s->threaded) {
		draw_batch(s, o, &s->b[s->fill]);
		return;
	}
	pthread_mutex_lock(&s->mu);
	bq_push(&s->full, s->fill);
	pthread_cond_broadcast(&s->cv);
	while (s->free.n == 0)
		pthread_cond_wait(&s->cv, &s->mu);
	s->fill = bq_pop(&s->free);
	pthread_mutex_unlock(&s->mu);
}

/* The rows the layout has made, into the batch. */
static int
drain(struct text_state *s, struct sv_out *o)
{
	const struct sv_lrow *r;
	double y0, y1;
	while ((r = sv_layout_next(s->L)) != NULL) {
		struct batch *b = &s->b[s->fill];
		sv_layout_lifelines(s->L, &y0, &y1);
		if (batch_add(b, r, y0, y1) < 0) {
			s->oom = 1;
			break;
		}
		if (b->n == BATCH_ROWS)
			hand_over(s, o);
	}
	if (s->oom) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	return 0;
}

static void text_free(struct text_state *s, struct sv_out *o);

/*
 * drain(), and when that fails, all given up here and now: the drawing
 * thread joined and everything freed, since the caller of a format that
 * failed need not end it (and may close its file).
 */
static int
drained(struct text_state *s, struct sv_out *o)
{
	if (drain(s, o) == 0)
		return 0;
	text_free(s, o);
	o->priv = NULL;
	return -1;
}

/* Every row drawn and written: the thread, if any, joined. */
static void
finish_drawing(struct text_state *s, struct sv_out *o)
{
	if (s->b != NULL)
		hand_over(s, o);
	if (s->threaded) {
		pthread_mutex_lock(&s->mu);
		s->done = 1;
		pthread_cond_broadcast(&s->cv);
		pthread_mutex_unlock(&s->mu);
		pthread_join(s->th, NULL);
		s->threaded = 0;
		pthread_cond_destroy(&s->cv);
		pthread_mutex_destroy(&s->mu);
	} else {
		out_flush(s, o);
	}
}

static void
text_free(struct text_state *s, struct sv_out *o)
{
	if (s == NULL)
		return;
	finish_drawing(s, o);
	for (int k = 0; s->b != NULL && k < N_BATCHES; k++)
		free(s->b[k].buf);
	free(s->b);
	sv_layout_free(s->L);
	free(s->c);
	for (int g = G_BLANK; g <= G_BROKEN; g++)
		free(s->ground[g]);
	free(s->col);
	free(s->out);
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
	s->fill = -1;
	m.width = o->width < SV_TEXT_MIN_WIDTH ? SV_TEXT_MIN_WIDTH :
	    o->width > SV_TEXT_MAX_WIDTH ? SV_TEXT_MAX_WIDTH : o->width;
	s->L = sv_layout_new(tl, &m, &lo, o->err, sizeof(o->err));
	if (s->L == NULL)
		return -1;
	s->width = (int)sv_layout_width(s->L);
	s->out = malloc(OUT_BYTES);
	s->b = calloc(N_BATCHES, sizeof(*s->b));
	s->n_lanes = tl->n_lanes > 0 || tl->packets > 0 ?
	    sv_layout_lanes(s->L) : 0;
	s->col = calloc((size_t)(s->n_lanes > 0 ? s->n_lanes : 1),
	    sizeof(*s->col));
	for (int g = G_BLANK; g <= G_BROKEN; g++)
		s->ground[g] = malloc((size_t)(s->width > 0 ? s->width : 1) *
		    sizeof(*s->ground[g]));
	if (s->out == NULL || s->b == NULL || s->col == NULL ||
	    s->ground[G_BLANK] == NULL || s->ground[G_LIFE] == NULL ||
	    s->ground[G_BROKEN] == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	for (int i = 0; i < s->n_lanes; i++)
		s->col[i] = (int)sv_layout_lane_x(s->L, i);
	for (int g = G_BLANK; g <= G_BROKEN; g++) {
		struct cell *c = s->ground[g];
		struct cell life = { .len = 3, .ink = SV_INK_LIFE };
		memcpy(life.ch, g == G_BROKEN ? "\xe2\x94\x8a" :
		    "\xe2\x94\x82", 3);
		for (int x = 0; x < s->width; x++)
			c[x] = (struct cell){ .ch = " ", .len = 1,
			    .ink = SV_INK_TEXT };
		for (int i = 0; g != G_BLANK && i < s->n_lanes; i++)
			if (s->col[i] >= 0 && s->col[i] < s->width)
				c[s->col[i]] = life;
	}
	s->fill = 0;
	for (int k = 1; k < N_BATCHES; k++)
		bq_push(&s->free, k);
	if (pthread_mutex_init(&s->mu, NULL) == 0) {
		int cv = pthread_cond_init(&s->cv, NULL) == 0;
		if (cv && pthread_create(&s->th, NULL, drawer, o) == 0) {
			s->threaded = 1;
		} else {
			if (cv)
				pthread_cond_destroy(&s->cv);
			pthread_mutex_destroy(&s->mu);
		}
	}
	return drained(s, o);
}

static int
text_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct text_state *s = o->priv;
	(void)tl;
	if (s == NULL)
		return -1;
	sv_layout_event(s->L, ev);
	return drained(s, o);
}

static int
text_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct text_state *s = o->priv;
	(void)tl;
	if (s == NULL)
		return -1;       /* given up already: o->err says why */
	sv_layout_end(s->L);
	int st = drain(s, o);
	finish_drawing(s, o);
	if (st == 0 && (s->draw_oom || sv_layout_failed(s->L))) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		st = -1;
	}
	/* A write the drawing thread lost fails the format here, with its
	 * reason (its errno was that thread's). */
	if (st == 0 && s->werr[0]) {
		snprintf(o->err, sizeof(o->err), "%s", s->werr);
		st = -1;
	}
	text_free(s, o);
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
