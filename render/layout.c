/*
 * One layout of the ladder (render/layout.h): where every lifeline, row,
 * text box, dot, arrow and bar goes, for every format that draws it.
 *
 * Lanes are placed once, in sv_layout_new(): each lane's text goes on one
 * side of its lifeline (left of the leftmost lane, right of the others),
 * into the column between it and the next lifeline; the columns are sized
 * from what the calls (and the packets, when the timeline holds them)
 * will write there, shrunk in proportion when the canvas is narrower
 * (text then wraps), never below a minimum. Rows are then made one at a
 * time from a small queue of jobs: the event's own row, the rows that
 * belong to its step (notes, failures, a fate), the returns of blocked
 * calls as they fall due, a gap row where much time passed.
 */
#include "render/layout.h"

#include <inttypes.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/ladder.h"
#include "render/names.h"
#include "render/render.h"

#define MS ((int64_t)1000000)    /* ns */
#define GAP_MIN_NS (10 * MS)     /* a gap shorter than this is never cut */
#define GAP_FACTOR 20            /* ... nor one under this many medians */
#define HIST 130                 /* buckets of the streamed gap estimate */

/* ---- metrics ---- */

/* A font: its size, a monospaced face's advance (DejaVu Sans Mono's
 * 0.602 em), a line's box, its baseline set so that ascenders and
 * descenders stay inside the box. */
#define PF(size, lh) { size, (size) * 0.602, lh, (lh) / 2.0 + (size) * 0.35 }
#define CF { 1, 1, 1, 0 }

const struct sv_layout_metrics sv_layout_cells = {
	.cells = 1,
	.font = {
		CF, CF, CF, CF, CF, CF, CF, CF, CF, CF, CF, CF, CF, CF,
		CF, CF, CF, CF, CF, CF, CF, CF, CF, CF, CF, CF, CF, CF,
		CF,
	},
	.margin = 0, .time_gap = 1, .pad = 1.5, .life_w = 1, .dot_r = 0.5,
	.bar_w = 1, .row_pad = 0, .para = 1, .lead = 1, .tail = 1,
	.foot_gap = 0,
	.head_pad_x = 0, .head_pad_y = 0, .head_gap = 2, .arrow_band = 0,
	.arrow_inset = 0, .loop_w = 1, .loop_h = 1, .label_pad = 1,
	.min_gap = 8, .comfort_gap = 20, .min_text = 14, .cap_text = 64,
	.cap_note = 40, .width = 110, .min_width = 0, .max_lanes = 0,
	.reuse_over = 0,
	.inline_label = 1, .detail_beside = 1, .side_heads = 1,
	.title_line = 1, .note_mark = "\xc2\xbb ", .scale_row = 2,
	.max_break = 12,
};

const struct sv_layout_metrics sv_layout_points = {
	.cells = 0,
	.font = {
		[SV_BOX_KICKER] = PF(13, 18), [SV_BOX_TITLE] = PF(26, 34),
		[SV_BOX_SUMMARY] = PF(17, 24), [SV_BOX_META] = PF(13, 20),
		[SV_BOX_INTRO] = PF(15, 21), [SV_BOX_MS] = PF(13, 18),
		[SV_BOX_LANE] = PF(17, 22), [SV_BOX_ENDPOINT] = PF(15, 22),
		[SV_BOX_TIME] = PF(13, 18), [SV_BOX_CALL] = PF(16, 20),
		[SV_BOX_RESULT] = PF(16, 20), [SV_BOX_MARK] = PF(16, 20),
		[SV_BOX_AFTER] = PF(13, 16), [SV_BOX_RETURN] = PF(16, 20),
		[SV_BOX_LABEL] = PF(15, 18), [SV_BOX_DETAIL] = PF(13, 16),
		[SV_BOX_NOTE] = PF(15, 19), [SV_BOX_FAILURE] = PF(15, 19),
		[SV_BOX_FATE] = PF(15, 19), [SV_BOX_GAP] = PF(13, 18),
		[SV_BOX_FOOT] = PF(13, 20), [SV_BOX_FINAL_LANE] = PF(15, 22),
		[SV_BOX_FINAL] = PF(15, 22), [SV_BOX_FINAL_STATE] = PF(15, 22),
		[SV_BOX_COUNTS] = PF(13, 20), [SV_BOX_EXPECT] = PF(13, 20),
		[SV_BOX_LEGEND] = PF(13, 22), [SV_BOX_LEGEND_SYM] = PF(15, 22),
		[SV_BOX_RELABEL] = PF(15, 20),
	},
	.margin = 28, .time_gap = 16, .pad = 14, .life_w = 2, .dot_r = 6,
	.bar_w = 10, .row_pad = 3, .para = 8, .lead = 14, .tail = 8,
	.foot_gap = 16,
	.head_pad_x = 12, .head_pad_y = 6, .head_gap = 16, .arrow_band = 6,
	.arrow_inset = 8, .loop_w = 34, .loop_h = 14, .label_pad = 8,
	.min_gap = 90, .comfort_gap = 300, .min_text = 180, .cap_text = 620,
	.cap_note = 400, .width = 0, .min_width = 760, .max_lanes = 0,
	.reuse_over = 8,
	.inline_label = 0, .detail_beside = 0, .side_heads = 0,
	.title_line = 0, .note_mark = "", .scale_row = 44, .max_break = 264,
};

const struct sv_layout_metrics sv_layout_slides = {
	.cells = 0,
	.font = {
		[SV_BOX_KICKER] = PF(26, 36), [SV_BOX_TITLE] = PF(56, 72),
		[SV_BOX_SUMMARY] = PF(34, 46), [SV_BOX_META] = PF(24, 36),
		[SV_BOX_INTRO] = PF(30, 42), [SV_BOX_MS] = PF(20, 28),
		[SV_BOX_LANE] = PF(26, 34), [SV_BOX_ENDPOINT] = PF(24, 34),
		[SV_BOX_TIME] = PF(20, 28), [SV_BOX_CALL] = PF(25, 32),
		[SV_BOX_RESULT] = PF(25, 32), [SV_BOX_MARK] = PF(25, 32),
		[SV_BOX_AFTER] = PF(20, 27), [SV_BOX_RETURN] = PF(25, 32),
		[SV_BOX_LABEL] = PF(23, 30), [SV_BOX_DETAIL] = PF(20, 27),
		[SV_BOX_NOTE] = PF(23, 31), [SV_BOX_FAILURE] = PF(23, 31),
		[SV_BOX_FATE] = PF(23, 31), [SV_BOX_GAP] = PF(20, 28),
		[SV_BOX_FOOT] = PF(26, 38), [SV_BOX_FINAL_LANE] = PF(28, 40),
		[SV_BOX_FINAL] = PF(28, 40), [SV_BOX_FINAL_STATE] = PF(28, 40),
		[SV_BOX_COUNTS] = PF(26, 38), [SV_BOX_EXPECT] = PF(26, 38),
		[SV_BOX_LEGEND] = PF(24, 40), [SV_BOX_LEGEND_SYM] = PF(28, 40),
		[SV_BOX_RELABEL] = PF(24, 32),
	},
	.margin = 40, .time_gap = 22, .pad = 20, .life_w = 3, .dot_r = 9,
	.bar_w = 15, .row_pad = 6, .para = 12, .lead = 18, .tail = 12,
	.foot_gap = 24,
	.head_pad_x = 16, .head_pad_y = 8, .head_gap = 24, .arrow_band = 12,
	.arrow_inset = 12, .loop_w = 50, .loop_h = 20, .label_pad = 12,
	.min_gap = 130, .comfort_gap = 420, .min_text = 300, .cap_text = 900,
	.cap_note = 600, .width = 1920, .min_width = 1920, .max_lanes = 0,
	.reuse_over = 6,
	.inline_label = 0, .detail_beside = 0, .side_heads = 0,
	.title_line = 0, .note_mark = "", .scale_row = 64, .max_break = 384,
};

/* ---- the state ---- */

enum job_kind {
	J_HEAD, J_LANES, J_CALL, J_RETURN, J_PACKET, J_NOTE, J_FAILURE,
	J_FATE, J_END, J_FOOT,
};

struct job {
	enum job_kind kind;
	const struct sv_event *ev;
	int step;
	int gapped;              /* its gap row made, or found not needed */
	int relabeled;           /* the lanes it takes over relabelled */
	int lead;                /* rows of its step made before its own */
	int sub;                 /* J_FOOT: which part */
};

struct lane {                    /* a lane drawn, by position */
	int lane;                /* the timeline's, -1 for "… N more" */
	int endpoint;
	const char *name;
	char ep[160];            /* the actor's own addresses, or "" */
	double relabel_w;        /* the widest relabel it shows, or 0 */
	double x;
};

/* Lanes reused: a lane's stretch of the ladder, from its first
 * conversation's first packet to the last packet of those overlapping
 * it, and the position it is drawn at. */
struct ivl {
	int lane, first, last;
	int col;                 /* a column, then a position; -1 the
	                          * shared lane ("… 7 more") */
	int next;                /* the lane's next stretch, or -1 */
};

/* What drawing needs of a stretch, once planned: where its lane goes
 * from which event on. A capture of short connections has hundreds of
 * thousands. */
struct take {
	int first, lane, col;
};

struct sv_layout {
	const struct sv_timeline *tl;
	struct sv_layout_metrics m;
	struct sv_layout_opts o;
	struct sv_ladder lad;    /* returns due, the footer's counts */
	int n;                   /* lanes drawn */
	struct lane *ln;
	int *pos;                /* the timeline's lane to its position */
	char more[48];
	int head2;               /* lane headers on two lines */
	double width;
	double x_time;           /* the times' right edge */
	double x_text;           /* where text right of the times starts */
	double life_y0, life_y1;
	double y;                /* the next row's top */
	int calls;
	int step;
	/* Blocked calls, for their bars: those asleep now. */
	const struct sv_event **blk;
	size_t n_blk, cap_blk;
	/* Time. */
	int64_t last_t;
	int have_last;
	int64_t gap_min;         /* known in advance, or -1: estimated */
	uint64_t hist[HIST], n_hist;
	int64_t med;             /* the estimate, made at n_hist med_at */
	uint64_t med_at;
	double scale;            /* --time scaled: units per ns */
	double anchor_y;
	int64_t anchor_t;
	int anchored;
	/* What was drawn, for the legend. */
	int used_dot, used_ring, used_bar, used_ok, used_as_expected;
	int used_bad, used_solid, used_dashed, used_gap;
	unsigned inks;
	/* The jobs, a ring. */
	struct job *q;
	size_t qh, qn, qcap;
	struct sv_lrow row;
	int oom;
	/* Lanes reused (plan_reuse): the stretches in the order they
	 * begin, the next to take its lane; what each position shows. */
	int reuse;
	struct take *iv;
	size_t n_iv, next_iv;
	int *col_lane, *init_lane;
	int shared;              /* the shared lane's position, or -1 */
	int used_relabel;
	long relabels;
};

/* ---- text ---- */

static int
cols_n(const char *s, size_t n)
{
	/* ASCII, one column a byte: most of every label, and every label
	 * is measured. Eight bytes at a time, while no top bit is set. */
	size_t i = 0;
	uint64_t w8;
	while (i + 8 <= n && (memcpy(&w8, s + i, 8),
	    (w8 & 0x8080808080808080ULL) == 0))
		i += 8;
	while (i < n && (unsigned char)s[i] < 0x80)
		i++;
	int w = (int)i;
	while (i < n) {
		if ((unsigned char)s[i] < 0x80) {
			/* ASCII, one column a byte: most of every label. */
			i++;
			w++;
			continue;
		}
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

static double
tw(const struct sv_layout *L, enum sv_lbox_kind k, const char *s)
{
	return cols(s) * L->m.font[k].ch;
}

static double
lh(const struct sv_layout *L, enum sv_lbox_kind k)
{
	return L->m.font[k].lh;
}

static double
dmax(double a, double b)
{
	return a > b ? a : b;
}

static double
dmin(double a, double b)
{
	return a < b ? a : b;
}

/*
 * The next line of s (n bytes) in at most max columns: broken at the
 * last space that fits, a " · " separator dropped at the break; at a
 * newline always; inside a word only when it has no space to break at.
 * *len is the line's length, the return value what it consumed.
 */
static size_t
wrap_line(const char *s, size_t n, int max, size_t *len)
{
	size_t i = 0, sp = SIZE_MAX, dot = SIZE_MAX;
	int w = 0, dot_w = 0;
	if (max < 1)
		max = 1;
	/* A line no wider in bytes than max fits whole (no character is
	 * wider than its bytes): the loop below would take it all. */
	if (n <= (size_t)max && memchr(s, '\n', n) == NULL) {
		*len = n;
		return n;
	}
	while (i < n && s[i] != '\n') {
		uint32_t cp;
		size_t l = 1;
		int cw = 1;
		/* ASCII, one byte and one column, is most of it. */
		if ((unsigned char)s[i] >= 0x80) {
			l = sv_utf8_next(s + i, n - i, &cp);
			cw = sv_cp_cols(cp);
		}
		if (s[i] == ' ')
			sp = i;
		if (s[i] == ' ' && i + 3 < n && memcmp(s + i + 1, "\xc2\xb7 ",
		    3) == 0) {
			dot = i;
			dot_w = w;
		}
		if (w + cw > max && i > 0) {
			if (s[i] == ' ')
				sp = i;
			/* Rather between the parts " · " joins, when that
			 * still fills most of the line. */
			if (dot != SIZE_MAX && dot_w * 5 >= max * 3)
				sp = dot;
			if (sp == SIZE_MAX || sp == 0) {
				*len = i;
				return i;
			}
			size_t end = sp, next = sp + 1;
			/* "a · b" broken at either space loses its dot. */
			if (end >= 3 && memcmp(s + end - 3, " \xc2\xb7", 3) == 0)
				end -= 3;
			if (next + 3 <= n && memcmp(s + next, "\xc2\xb7 ", 3) == 0)
				next += 3;
			while (end > 0 && s[end - 1] == ' ')
				end--;
			*len = end;
			return next;
		}
		w += cw;
		i += l;
	}
	*len = i;
	return i < n ? i + 1 : i;
}

/* How many lines, and how wide the widest, s wraps into at max. */
static int
wrap_measure(const char *s, int max, int *widest)
{
	size_t n = strlen(s), len;
	int lines = 0;
	*widest = 0;
	for (size_t i = 0; i < n; lines++) {
		size_t used = wrap_line(s + i, n - i, max, &len);
		int w = cols_n(s + i, len);
		*widest = w > *widest ? w : *widest;
		i += used;
		if (used == 0)
			break;
	}
	return lines;
}

/*
 * A lecturer's note as it flows into a column: its lines were broken for
 * a full-width page, so a line break inside a sentence becomes a space;
 * one after a sentence's end stays, as the next sentence's own line.
 */
static const char *
reflow(const char *s, char *b, size_t size)
{
	size_t j = 0;
	for (size_t i = 0; s[i] && j + 1 < size; i++) {
		char c = s[i];
		if (c == '\n' && i > 0 && strchr(".!?", s[i - 1]) == NULL &&
		    s[i + 1] != '\0' && s[i + 1] != '\n')
			c = ' ';
		b[j++] = c;
	}
	b[j] = '\0';
	return b;
}

/* ---- rows ---- */

const char *
sv_lbox_text(const struct sv_lrow *r, const struct sv_lbox *b)
{
	return r->text + b->off;
}

static int
grow(void **p, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return 0;
	size_t nc = *cap ? *cap : 16;
	while (nc < need)
		nc *= 2;
	void *np = realloc(*p, nc * size);
	if (np == NULL)
		return -1;
	*p = np;
	*cap = nc;
	return 0;
}

static void
row_start(struct sv_layout *L, enum sv_lrow_kind kind, double y)
{
	struct sv_lrow *r = &L->row;
	r->kind = kind;
	r->y = y;
	r->h = 0;
	r->ladder = 0;
	r->step = -1;
	r->step_kind = -1;
	r->ev = -1;
	r->first = 0;
	r->event = NULL;
	r->final = NULL;
	r->t = 0;
	r->timed = 0;
	r->n_box = r->n_mark = r->n_text = 0;
}

/* A box of kind k at (x, y), w wide, saying s[0..n). NULL when out of
 * memory (the layout then says so). */
static struct sv_lbox *
box_w(struct sv_layout *L, enum sv_lbox_kind k, double x, double y,
    int lane, enum sv_ink ink, unsigned flags, const char *s, size_t n,
    double w)
{
	struct sv_lrow *r = &L->row;
	if (grow((void **)&r->box, &r->cap_box, r->n_box + 1,
	    sizeof(*r->box)) < 0 || grow((void **)&r->text, &r->cap_text,
	    r->n_text + n + 1, 1) < 0) {
		L->oom = 1;
		return NULL;
	}
	struct sv_lbox *b = &r->box[r->n_box++];
	b->kind = k;
	b->x = x;
	b->y = y;
	b->w = w;
	b->h = L->m.font[k].lh;
	b->lane = lane;
	b->ink = ink;
	b->flags = flags;
	b->off = r->n_text;
	b->len = n;
	memcpy(r->text + r->n_text, s, n);
	r->text[r->n_text + n] = '\0';
	r->n_text += n + 1;
	return b;
}

/* The same, measured here. */
static struct sv_lbox *
box_n(struct sv_layout *L, enum sv_lbox_kind k, double x, double y,
    int lane, enum sv_ink ink, unsigned flags, const char *s, size_t n)
{
	return box_w(L, k, x, y, lane, ink, flags, s, n,
	    cols_n(s, n) * L->m.font[k].ch);
}

static struct sv_lbox *
box(struct sv_layout *L, enum sv_lbox_kind k, double x, double y, int lane,
    enum sv_ink ink, unsigned flags, const char *s)
{
	return box_n(L, k, x, y, lane, ink, flags, s, strlen(s));
}

static struct sv_lmark *
mark(struct sv_layout *L, enum sv_lmark_kind k, double x, double y,
    double w, double h, int lane, enum sv_ink ink, unsigned flags)
{
	struct sv_lrow *r = &L->row;
	if (grow((void **)&r->mark, &r->cap_mark, r->n_mark + 1,
	    sizeof(*r->mark)) < 0) {
		L->oom = 1;
		return NULL;
	}
	struct sv_lmark *m = &r->mark[r->n_mark++];
	memset(m, 0, sizeof(*m));
	m->kind = k;
	m->x = x;
	m->y = y;
	m->w = w;
	m->h = h;
	m->lane = lane;
	m->ink = ink;
	m->flags = flags;
	return m;
}

/* ---- lanes ---- */

int
sv_layout_pos(const struct sv_layout *L, int lane)
{
	if (L->tl->n_lanes == 0 || lane < 0 || lane >= L->tl->n_lanes)
		return 0;
	return L->pos[lane];
}

int
sv_layout_lanes(const struct sv_layout *L)
{
	return L->n;
}

double
sv_layout_lane_x(const struct sv_layout *L, int i)
{
	return L->ln[i].x;
}

int
sv_layout_lane_of(const struct sv_layout *L, int i)
{
	return L->ln[i].lane;
}

int
sv_layout_lane_endpoint(const struct sv_layout *L, int i)
{
	return L->ln[i].endpoint;
}

/*
 * The order of the lanes. An actor's scenario names them in the order
 * it wants them drawn; a capture's lanes are the addresses in the order
 * they were met, which puts one conversation's client left of its server
 * and the next one's right of it. There, every client goes left of the
 * server it opened a conversation with (client_of): the lanes sorted so
 * that each comes after those that opened a conversation with it, the
 * earliest met first, a cycle broken at its earliest lane.
 */
static int order_nodes(int n, const int *client_of, int *order);

static int
order_lanes(const struct sv_timeline *tl, int *order)
{
	int n = tl->n_lanes;
	for (int i = 0; i < n; i++)
		if (!tl->lanes[i].endpoint) {
			for (int j = 0; j < n; j++)
				order[j] = j;
			return 0;
		}
	int *cof = malloc((size_t)(n > 0 ? n : 1) * sizeof(*cof));
	if (cof == NULL)
		return -1;
	for (int i = 0; i < n; i++)
		cof[i] = tl->lanes[i].client_of;
	int r = order_nodes(n, cof, order);
	free(cof);
	return r;
}

/* The same for any nodes (lanes, or reused lanes' columns), each
 * pointing at the one it opened a conversation with, or -1. */
static int
order_nodes(int n, const int *client_of, int *order)
{
	int k = 0, next = 0;
	size_t sz = n > 0 ? (size_t)n : 1;
	int *indeg = calloc(sz, sizeof(*indeg));
	int *heap = calloc(sz, sizeof(*heap));
	char *done = calloc(sz, 1);
	int nh = 0;
	if (indeg == NULL || heap == NULL || done == NULL) {
		free(indeg);
		free(heap);
		free(done);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		int s = client_of[i];
		if (s >= 0 && s < n && s != i)
			indeg[s]++;
	}
#define HPUSH(v) do { int c_ = nh++; heap[c_] = (v); \
	while (c_ > 0 && heap[(c_ - 1) / 2] > heap[c_]) { \
		int t_ = heap[c_]; heap[c_] = heap[(c_ - 1) / 2]; \
		heap[(c_ - 1) / 2] = t_; c_ = (c_ - 1) / 2; } } while (0)
	for (int i = 0; i < n; i++)
		if (indeg[i] == 0)
			HPUSH(i);
	while (k < n) {
		int v;
		if (nh == 0) {
			while (done[next])
				next++;
			v = next;
			indeg[v] = 0;
		} else {
			v = heap[0];
			heap[0] = heap[--nh];
			for (int c = 0;;) {
				int a = 2 * c + 1, b = a + 1, s = c;
				if (a < nh && heap[a] < heap[s])
					s = a;
				if (b < nh && heap[b] < heap[s])
					s = b;
				if (s == c)
					break;
				int t = heap[c];
				heap[c] = heap[s];
				heap[s] = t;
				c = s;
			}
			if (done[v])
				continue;
		}
		done[v] = 1;
		order[k++] = v;
		int s = client_of[v];
		if (s >= 0 && s < n && s != v && !done[s] && --indeg[s] == 0)
			HPUSH(s);
	}
#undef HPUSH
	free(indeg);
	free(heap);
	free(done);
	return 0;
}

/* An actor's own addresses, from its calls: "127.0.0.1:8888", and more
 * as ", :9999" (same address) or ", [::1]:8888", then "+2". */
static void
lane_endpoints(struct sv_layout *L)
{
	const struct sv_timeline *tl = L->tl;
	int nl = tl->n_lanes;
	struct seen {
		struct sv_endpoint e[2];
		int n, more;
	} *sn = calloc((size_t)(nl > 0 ? nl : 1), sizeof(*sn));
	if (sn == NULL) {
		L->oom = 1;
		return;
	}
	for (size_t i = 0; i < tl->n; i++) {
		if (tl->ev[i].type != SV_EV_CALL)
			continue;
		const struct sv_call *c = &tl->ev[i].u.call;
		const struct sv_endpoint *e = &c->local;
		if (c->actor < 0 || c->actor >= nl || e->family == 0 ||
		    e->port == 0 || tl->lanes[c->actor].endpoint)
			continue;
		struct seen *s = &sn[c->actor];
		int k;
		for (k = 0; k < s->n; k++)
			if (sv_endpoint_eq(&s->e[k], e))
				break;
		if (k < s->n)
			continue;
		if (s->n < 2)
			s->e[s->n++] = *e;
		else
			s->more++;
	}
	for (int p = 0; p < L->n; p++) {
		struct lane *ln = &L->ln[p];
		if (ln->lane < 0)
			continue;
		struct seen *s = &sn[ln->lane];
		char a[64], b[64];
		ln->ep[0] = '\0';
		if (s->n == 0)
			continue;
		sv_endpoint_str(&s->e[0], 1, a, sizeof(a));
		if (s->n == 1) {
			snprintf(ln->ep, sizeof(ln->ep), "%s", a);
		} else {
			int same = s->e[0].family == s->e[1].family &&
			    memcmp(s->e[0].addr, s->e[1].addr, 16) == 0;
			if (same)
				snprintf(b, sizeof(b), ":%u", s->e[1].port);
			else
				sv_endpoint_str(&s->e[1], 1, b, sizeof(b));
			if (s->more)
				snprintf(ln->ep, sizeof(ln->ep), "%s, %s +%d",
				    a, b, s->more);
			else
				snprintf(ln->ep, sizeof(ln->ep), "%s, %s", a,
				    b);
		}
	}
	free(sn);
}

/* ---- lanes reused ---- */

/* Room kept for endpoints that come back (a server between two of its
 * conversations): columns beyond the fewest the capture needs. */
#define REUSE_SPARE 4
/* ... and only for an endpoint coming back within this many stretches:
 * one that comes back much later (an ephemeral port used again) might
 * as well not. */
#define REUSE_SOON 64

/*
 * Each lane's stretches: a conversation's span starts one, or joins the
 * stretch of its lane that it overlaps (spans come in the order they
 * begin, so only a lane's latest stretch can overlap). The stretches
 * come out in the order they begin, the two lanes of one conversation
 * in its order.
 */
static int
stretches(const struct sv_timeline *tl, struct ivl **out, size_t *n_out)
{
	int nl = tl->n_lanes;
	int *cur = malloc((size_t)(nl > 0 ? nl : 1) * sizeof(*cur));
	struct ivl *iv = NULL;
	size_t n = 0, cap = 0;
	if (cur == NULL)
		return -1;
	for (int i = 0; i < nl; i++)
		cur[i] = -1;
	for (size_t k = 0; k < tl->n_spans; k++) {
		const struct sv_span *sp = &tl->spans[k];
		for (int e = 0; e < 2; e++) {
			int l = sp->lane[e];
			if (l < 0 || l >= nl || (e == 1 && l == sp->lane[0]))
				continue;
			int c = cur[l];
			if (c >= 0 && sp->first <= iv[c].last) {
				if (sp->last > iv[c].last)
					iv[c].last = sp->last;
				continue;
			}
			if (grow((void **)&iv, &cap, n + 1, sizeof(*iv)) < 0) {
				free(cur);
				free(iv);
				return -1;
			}
			iv[n] = (struct ivl){ .lane = l, .first = sp->first,
			    .last = sp->last, .col = -1, .next = -1 };
			if (c >= 0)
				iv[c].next = (int)n;
			cur[l] = (int)n++;
		}
	}
	free(cur);
	*out = iv;
	*n_out = n;
	return 0;
}

/* The fewest lanes the stretches can be drawn on: the most that
 * overlap. */
static int
fewest_lanes(const struct ivl *iv, size_t n)
{
	int *end = malloc((n > 0 ? n : 1) * sizeof(*end));
	int nh = 0, most = 0;
	if (end == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		/* A min-heap of the ends of the stretches still drawn. */
		while (nh > 0 && end[0] < iv[i].first) {
			end[0] = end[--nh];
			for (int c = 0;;) {
				int a = 2 * c + 1, b = a + 1, m = c;
				if (a < nh && end[a] < end[m])
					m = a;
				if (b < nh && end[b] < end[m])
					m = b;
				if (m == c)
					break;
				int t = end[c];
				end[c] = end[m];
				end[m] = t;
				c = m;
			}
		}
		int c = nh++;
		end[c] = iv[i].last;
		while (c > 0 && end[(c - 1) / 2] > end[c]) {
			int t = end[c];
			end[c] = end[(c - 1) / 2];
			end[(c - 1) / 2] = t;
			c = (c - 1) / 2;
		}
		most = nh > most ? nh : most;
	}
	free(end);
	return most;
}

/* A heap entry: a key (an end, or when a column's endpoint comes back),
 * the column, and the column's take count when it was pushed (an entry
 * for a column taken since is stale). */
struct hent {
	int key, col;
	unsigned gen;
};

struct heap {
	struct hent *v;
	size_t n, cap;
	int max;                 /* a max-heap, else a min-heap */
};

static int
hbefore(const struct heap *h, size_t a, size_t b)
{
	return h->max ? h->v[a].key > h->v[b].key : h->v[a].key <
	    h->v[b].key;
}

static int
hpush(struct heap *h, struct hent e)
{
	if (grow((void **)&h->v, &h->cap, h->n + 1, sizeof(*h->v)) < 0)
		return -1;
	size_t c = h->n++;
	h->v[c] = e;
	while (c > 0 && hbefore(h, c, (c - 1) / 2)) {
		struct hent t = h->v[c];
		h->v[c] = h->v[(c - 1) / 2];
		h->v[(c - 1) / 2] = t;
		c = (c - 1) / 2;
	}
	return 0;
}

/* Entry c down to its place under its children. */
static void
hsift(struct heap *h, size_t c)
{
	for (;;) {
		size_t a = 2 * c + 1, b = a + 1, m = c;
		if (a < h->n && hbefore(h, a, m))
			m = a;
		if (b < h->n && hbefore(h, b, m))
			m = b;
		if (m == c)
			break;
		struct hent t = h->v[c];
		h->v[c] = h->v[m];
		h->v[m] = t;
		c = m;
	}
}

static struct hent
hpop(struct heap *h)
{
	struct hent top = h->v[0];
	h->v[0] = h->v[--h->n];
	hsift(h, 0);
	return top;
}

struct column {
	int busy, occ;           /* drawn now; its latest stretch */
	unsigned gen;
	int client_of;           /* the column of a server its lanes opened
	                          * a conversation with, or -1 */
};

/* Keep only the entries of h still good (the column's current take,
 * in the state wanted), in heap order again: an entry goes stale when
 * its column is taken by other means, and stale ones would pile up over
 * a long capture. */
static void
hprune(struct heap *h, const struct column *col, int busy_wanted)
{
	size_t k = 0;
	for (size_t i = 0; i < h->n; i++) {
		const struct column *c = &col[h->v[i].col];
		if (c->gen == h->v[i].gen && c->busy == busy_wanted)
			h->v[k++] = h->v[i];
	}
	h->n = k;
	/* Heap order again, from the last parent up. */
	for (size_t i = k / 2; i-- > 0;)
		hsift(h, i);
}

/* The free columns' queue from head on, without those taken since, at
 * its start; returns its length. */
static size_t
qprune(struct hent *q, size_t head, size_t n, const struct column *col)
{
	size_t k = 0;
	for (size_t i = head; i < n; i++)
		if (!col[q[i].col].busy && col[q[i].col].gen == q[i].gen)
			q[k++] = q[i];
	return k;
}

/*
 * Columns for the stretches, in the order they begin: an endpoint takes
 * back its own column when that is free; else a free column whose last
 * endpoint never comes back (soon), the longest free first; else a new column,
 * up to soft; else the free column whose endpoint comes back last; else
 * a new one up to limit; else none (col -1: the shared lane). The
 * columns, in the order they were made, go in *cols. Returns how many,
 * or -1 when out of memory.
 */
static int
assign_columns(const struct sv_timeline *tl, struct ivl *iv, size_t n,
    int soft, int limit, struct column **cols)
{
	int nl = tl->n_lanes, nc = 0, st = -1;
	size_t cap = 0;
	struct column *col = NULL;
	struct heap busy = { .max = 0 }, back = { .max = 1 };
	struct hent *gone = NULL;        /* free, its endpoint not coming
					  * back: a queue */
	size_t n_gone = 0, gone_head = 0, gone_cap = 0;
	int *last_col = malloc((size_t)(nl > 0 ? nl : 1) * sizeof(*last_col));
	if (last_col == NULL)
		goto out;
	for (int i = 0; i < nl; i++)
		last_col[i] = -1;
	for (size_t g = 0; g < n;) {
		size_t ge = g;
		while (ge < n && iv[ge].first == iv[g].first)
			ge++;
		/* Columns whose stretch ended before this one begins. */
		while (busy.n > 0 && busy.v[0].key < iv[g].first) {
			struct hent e = hpop(&busy);
			struct column *c = &col[e.col];
			if (e.gen != c->gen)
				continue;
			c->busy = 0;
			int nx = iv[c->occ].next;
			if (nx >= 0 && (size_t)nx > g + REUSE_SOON)
				nx = -1;
			struct hent f = { nx >= 0 ? iv[nx].first : 0, e.col,
			    c->gen };
			if (nx >= 0 && hpush(&back, f) < 0)
				goto out;
			if (back.n > 2 * (size_t)nc + 64)
				hprune(&back, col, 0);
			if (nx < 0) {
				if (n_gone == gone_cap && gone_head > 0) {
					n_gone = qprune(gone, gone_head,
					    n_gone, col);
					gone_head = 0;
				}
				if (grow((void **)&gone, &gone_cap, n_gone + 1,
				    sizeof(*gone)) < 0)
					goto out;
				gone[n_gone++] = f;
			}
		}
		/* Those coming back to a column first, then the new. */
		for (int pass = 0; pass < 2; pass++)
			for (size_t i = g; i < ge; i++) {
				int l = iv[i].lane, own = last_col[l], k = -1;
				if ((own >= 0) != (pass == 0))
					continue;
				if (own >= 0 && !col[own].busy)
					k = own;
				while (k < 0 && gone_head < n_gone) {
					struct hent e = gone[gone_head++];
					if (!col[e.col].busy &&
					    col[e.col].gen == e.gen)
						k = e.col;
				}
				if (k < 0 && nc >= soft)
					while (k < 0 && back.n > 0) {
						struct hent e = hpop(&back);
						if (!col[e.col].busy &&
						    col[e.col].gen == e.gen)
							k = e.col;
					}
				if (k < 0 && nc < limit) {
					if (grow((void **)&col, &cap,
					    (size_t)nc + 1, sizeof(*col)) < 0)
						goto out;
					col[nc] = (struct column){ .client_of =
					    -1 };
					k = nc++;
				}
				iv[i].col = k;
				if (k < 0)
					continue;
				struct column *c = &col[k];
				c->busy = 1;
				c->occ = (int)i;
				c->gen++;
				last_col[l] = k;
				struct hent e = { iv[i].last, k, c->gen };
				if (hpush(&busy, e) < 0)
					goto out;
			}
		/* Clients left of their servers: the column of the server
		 * each new endpoint opened a conversation with. */
		for (size_t i = g; i < ge; i++) {
			int k = iv[i].col, s = tl->lanes[iv[i].lane].client_of;
			if (k < 0 || s < 0 || s >= nl || col[k].client_of >= 0)
				continue;
			int sk = last_col[s];
			if (sk >= 0 && sk != k && col[sk].busy &&
			    iv[col[sk].occ].lane == s)
				col[k].client_of = sk;
		}
		g = ge;
	}
	st = nc;
out:
	free(last_col);
	free(busy.v);
	free(back.v);
	free(gone);
	if (st < 0)
		free(col);
	else
		*cols = col;
	return st;
}

/* "↓ 127.0.0.1:50002": a reused lane's endpoint from this row on. */
static void
relabel_str(const char *name, char *b, size_t n)
{
	/* Without a format: a capture of short connections has a relabel
	 * every few packets. */
	static const char arrow[] = "\xe2\x86\x93 ";
	size_t a = sizeof(arrow) - 1, len = strlen(name);
	if (n <= a) {
		if (n > 0)
			b[0] = '\0';   /* no room even for the arrow */
		return;
	}
	if (len > n - 1 - a)
		len = n - 1 - a;
	memcpy(b, arrow, a);
	memcpy(b + a, name, len);
	b[a + len] = '\0';
}

/*
 * Whether the capture's lanes are drawn reused, and if so the lanes
 * drawn: fits lanes fit the canvas as they are, cap when reused. 1 planned, 0 not worth it (the lanes
 * fit, or nothing is known of the conversations), -1 out of memory.
 */
static int
plan_reuse(struct sv_layout *L, int fits, int cap)
{
	const struct sv_timeline *tl = L->tl;
	int nl = tl->n_lanes;
	if (!tl->spans_done || nl == 0 || (nl <= fits &&
	    (L->m.reuse_over <= 0 || nl <= L->m.reuse_over)))
		return 0;
	for (int i = 0; i < nl; i++)
		if (!tl->lanes[i].endpoint)
			return 0;
	struct ivl *iv = NULL;
	struct column *col = NULL;
	size_t n = 0;
	int *order = NULL, *where = NULL;
	char *over = NULL;
	if (stretches(tl, &iv, &n) < 0)
		return -1;
	int few = fewest_lanes(iv, n);
	if (few < 0)
		goto oom;
	if (few >= nl) {
		/* Nothing ends before another begins. */
		free(iv);
		return 0;
	}
	int soft = few + REUSE_SPARE < cap ? few + REUSE_SPARE : cap;
	int nc = assign_columns(tl, iv, n, soft, cap, &col);
	int shared = 0;
	for (size_t i = 0; i < n && nc >= 0 && !shared; i++)
		shared = iv[i].col < 0;
	if (shared) {
		/* Too many at once even so: one lane, the first (servers
		 * follow their clients), gathers those that find none. */
		free(col);
		col = NULL;
		for (size_t i = 0; i < n; i++)
			iv[i].col = -1;
		int lim = cap - 1 > 1 ? cap - 1 : 1;
		nc = assign_columns(tl, iv, n, soft < lim ? soft : lim, lim,
		    &col);
	}
	if (nc < 0)
		goto oom;
	order = malloc((size_t)(nc > 0 ? nc : 1) * sizeof(*order));
	where = malloc((size_t)(nc > 0 ? nc : 1) * sizeof(*where));
	int *cof = malloc((size_t)(nc > 0 ? nc : 1) * sizeof(*cof));
	over = calloc((size_t)nl, 1);
	L->n = nc + shared;
	L->ln = calloc((size_t)L->n, sizeof(*L->ln));
	L->pos = calloc((size_t)nl, sizeof(*L->pos));
	L->col_lane = malloc((size_t)L->n * sizeof(*L->col_lane));
	L->init_lane = malloc((size_t)L->n * sizeof(*L->init_lane));
	if (order == NULL || where == NULL || cof == NULL || over == NULL ||
	    L->ln == NULL || L->pos == NULL || L->col_lane == NULL ||
	    L->init_lane == NULL) {
		free(cof);
		goto oom;
	}
	for (int k = 0; k < nc; k++)
		cof[k] = col[k].client_of;
	int r = order_nodes(nc, cof, order);
	free(cof);
	if (r < 0)
		goto oom;
	for (int k = 0; k < nc; k++)
		where[order[k]] = k + shared;
	L->shared = shared ? 0 : -1;
	for (int p = 0; p < L->n; p++) {
		L->ln[p].lane = -1;
		L->ln[p].endpoint = 1;
		L->init_lane[p] = -1;
	}
	int n_over = 0;
	char b[200];
	for (size_t i = 0; i < n; i++) {
		struct ivl *v = &iv[i];
		int l = v->lane;
		if (v->col < 0) {
			v->col = 0;
			n_over += !over[l];
			over[l] = 1;
			continue;
		}
		int p = v->col = where[v->col];
		struct lane *ln = &L->ln[p];
		if (ln->lane < 0) {
			ln->lane = l;
			ln->name = tl->lanes[l].name;
			L->init_lane[p] = l;
			L->pos[l] = p;
		} else if (L->init_lane[p] != l) {
			relabel_str(tl->lanes[l].name, b, sizeof(b));
			ln->relabel_w = dmax(ln->relabel_w,
			    tw(L, SV_BOX_RELABEL, b));
		}
	}
	if (shared) {
		snprintf(L->more, sizeof(L->more), "\xe2\x80\xa6 %d more",
		    n_over);
		L->ln[0].lane = -1;
		L->ln[0].name = L->more;
	}
	for (int p = 0; p < L->n; p++)
		if (L->ln[p].name == NULL)
			L->ln[p].name = "";
	memcpy(L->col_lane, L->init_lane, (size_t)L->n * sizeof(int));
	/* What drawing needs, in place: a take is smaller than a stretch,
	 * so the i-th is written over stretches already read. */
	unsigned char *mem = (unsigned char *)iv;
	for (size_t i = 0; i < n; i++) {
		struct ivl v;
		memcpy(&v, mem + i * sizeof(v), sizeof(v));
		struct take t = { v.first, v.lane, v.col };
		memcpy(mem + i * sizeof(t), &t, sizeof(t));
	}
	void *shrunk = realloc(mem, (n > 0 ? n : 1) * sizeof(struct take));
	L->iv = shrunk != NULL ? shrunk : (void *)mem;
	L->n_iv = n;
	L->reuse = 1;
	free(col);
	free(order);
	free(where);
	free(over);
	return 1;
oom:
	free(iv);
	free(col);
	free(order);
	free(where);
	free(over);
	return -1;
}

/* The stretches that begin by event id: their lanes drawn where they
 * are planned. With row, a relabel box for each lane that shows another
 * endpoint from here on, at y. */
static void
take_lanes(struct sv_layout *L, int id, int row, double y)
{
	const struct sv_layout_metrics *m = &L->m;
	char b[200];
	while (L->next_iv < L->n_iv && L->iv[L->next_iv].first <= id) {
		const struct take *v = &L->iv[L->next_iv++];
		int p = v->col;
		L->pos[v->lane] = p;
		if (p == L->shared || L->col_lane[p] == v->lane)
			continue;
		L->col_lane[p] = v->lane;
		if (!row)
			continue;
		relabel_str(L->tl->lanes[v->lane].name, b, sizeof(b));
		double w = tw(L, SV_BOX_RELABEL, b), x;
		double x_l = L->ln[p].x;
		if (m->side_heads && L->n > 1 && p == 0)
			x = x_l + m->life_w / 2 - w;
		else if (m->side_heads && p == L->n - 1)
			x = x_l - m->life_w / 2;
		else
			x = x_l - w / 2;
		if (m->cells)
			x = (double)(long)(x + 0.5);
		if (!m->cells)
			mark(L, SV_MARK_LANEBOX, x - m->head_pad_x, y,
			    w + 2 * m->head_pad_x, lh(L, SV_BOX_RELABEL) +
			    2 * m->head_pad_y, v->lane, SV_INK_LANE_GROUND,
			    SV_LMARK_DASHED);
		/* On its own lifeline: the header's ground hides it. */
		box(L, SV_BOX_RELABEL, x, y + m->head_pad_y, v->lane,
		    SV_INK_TEXT, SV_LBOX_BOLD | SV_LBOX_GROUND, b);
		L->relabels++;
	}
}

/* Back to the lanes as they are at the top. */
static void
lanes_rewind(struct sv_layout *L)
{
	L->next_iv = 0;
	memcpy(L->col_lane, L->init_lane, (size_t)L->n * sizeof(int));
	for (int p = 0; p < L->n; p++)
		if (L->init_lane[p] >= 0)
			L->pos[L->init_lane[p]] = p;
}

/* A lane header's width: on one line ("server 127.0.0.1:8888") or two. */
static double
head_w(const struct sv_layout *L, int p, int two)
{
	const struct lane *ln = &L->ln[p];
	double name = tw(L, SV_BOX_LANE, ln->name);
	double ep = ln->ep[0] ? tw(L, SV_BOX_ENDPOINT, ln->ep) : 0;
	double w = two ? dmax(name, ep) : name + (ep > 0 ? ep +
	    L->m.font[SV_BOX_ENDPOINT].ch : 0);
	/* A reused lane's relabels take the header's place further down:
	 * room for the widest, by the same rules. */
	return dmax(w, ln->relabel_w) + 2 * L->m.head_pad_x;
}

/* Which side of its lifeline a lane's text goes: -1 left, 1 right. */
static int
side_of(const struct sv_layout *L, int p)
{
	return p == 0 && L->n > 1 ? -1 : 1;
}

/* The column a lane's text takes beside it, [*x0, *x1). */
static void
region(const struct sv_layout *L, int p, int side, double *x0, double *x1)
{
	const struct sv_layout_metrics *m = &L->m;
	double x = L->ln[p].x;
	if (side < 0) {
		*x0 = p > 0 ? L->ln[p - 1].x + m->pad : L->x_text;
		*x1 = x - m->pad;
	} else {
		*x0 = x + m->pad;
		*x1 = p + 1 < L->n ? L->ln[p + 1].x - m->pad : L->width -
		    m->margin;
	}
	if (m->cells) {
		*x0 = (double)(long)(*x0 + 0.999);
		*x1 = (double)(long)*x1;
	}
	if (*x1 < *x0 + m->font[SV_BOX_CALL].ch)
		*x1 = *x0 + m->font[SV_BOX_CALL].ch;
}

/* ---- the wants: how wide each column would like to be ---- */

#define CALL_BINS 160

struct want {
	double n2, n1, m;        /* everything on one line; calls on one
	                          * line; the least */
	unsigned *calls;         /* how many calls are how wide, in cells,
	                          * or NULL: the column has none */
	double pads;
};

static void
want(struct want *w, double n2, double n1, double m)
{
	w->n2 = dmax(w->n2, dmax(n2, n1));
	w->n1 = dmax(w->n1, n1);
	w->m = dmax(w->m, m);
}

/* Text of lane p, n1 and n2 wide, into the column on its side. */
static void
want_text(const struct sv_layout *L, struct want *sp, int p, double n1,
    double n2)
{
	const struct sv_layout_metrics *m = &L->m;
	n1 = dmin(n1, m->cap_text);
	n2 = dmin(n2, m->cap_text);
	double least = dmin(n1, m->min_text);
	int side = side_of(L, p);
	int s = side < 0 ? p : p + 1;
	double pads = side < 0 ? m->pad : s == L->n ? m->pad : 2 * m->pad;
	/* A column's calls on one line: most of them, that is; the few
	 * longest may wrap rather than crowd the others. */
	want(&sp[s], dmax(n1, n2) + pads, 0, least + pads);
	if (sp[s].calls == NULL)
		sp[s].calls = calloc(CALL_BINS, sizeof(*sp[s].calls));
	if (sp[s].calls != NULL) {
		long bin = (long)(n1 / m->font[SV_BOX_CALL].ch + 0.999);
		sp[s].calls[bin < CALL_BINS ? bin : CALL_BINS - 1]++;
		sp[s].pads = pads;
	}
}

/* Each column's calls: the width four in five of them fit in. */
static void
want_calls(const struct sv_layout *L, struct want *sp)
{
	for (int i = 0; i <= L->n; i++) {
		unsigned total = 0, seen = 0;
		if (sp[i].calls == NULL)
			continue;
		for (int b = 0; b < CALL_BINS; b++)
			total += sp[i].calls[b];
		for (int b = 0; b < CALL_BINS; b++) {
			seen += sp[i].calls[b];
			if (seen * 5 >= total * 4) {
				want(&sp[i], 0, b * L->m.font[SV_BOX_CALL].ch +
				    sp[i].pads, 0);
				break;
			}
		}
		free(sp[i].calls);
		sp[i].calls = NULL;
	}
}

static void
call_strings(const struct sv_call *c, char *text, size_t ts, char *out,
    size_t os, char *mk, size_t ms)
{
	snprintf(text, ts, "%s", c->text ? c->text : sv_fn_name(c->fn));
	if (c->blocked) {
		snprintf(out, os, "blocks\xe2\x80\xa6");
		mk[0] = '\0';
	} else {
		sv_call_outcome(c, out, os);
		sv_call_mark(c, mk, ms);
	}
}

/* The line beside a call's dot, as wide as it is on one line. */
static double
call_line_w(const struct sv_layout *L, const struct sv_call *c)
{
	char t[1200], o[256], k[64];
	call_strings(c, t, sizeof(t), o, sizeof(o), k, sizeof(k));
	double ch = L->m.font[SV_BOX_CALL].ch;
	return tw(L, SV_BOX_CALL, t) + ch + tw(L, SV_BOX_RESULT, o) +
	    (k[0] ? ch + tw(L, SV_BOX_MARK, k) : 0);
}

static double
return_line_w(const struct sv_layout *L, const struct sv_call *c)
{
	char r[700], k[64];
	sv_call_return(c, r, sizeof(r));
	sv_call_mark(c, k, sizeof(k));
	return tw(L, SV_BOX_RETURN, r) + (k[0] ? L->m.font[SV_BOX_MARK].ch +
	    tw(L, SV_BOX_MARK, k) : 0);
}

static void
want_call(const struct sv_layout *L, struct want *sp, const struct sv_call *c)
{
	const struct sv_layout_metrics *m = &L->m;
	char b[8192];
	int p = sv_layout_pos(L, c->actor);
	double n1 = call_line_w(L, c), n2 = 0;
	if (c->blocked)
		n1 = dmax(n1, return_line_w(L, c));
	n2 = dmax(n2, tw(L, SV_BOX_AFTER, sv_call_after(c, b, sizeof(b))));
	n1 = dmax(n1, tw(L, SV_BOX_FATE, sv_call_fate(L->tl, c, b,
	    sizeof(b))));
	if (c->note != NULL) {
		int widest;
		wrap_measure(reflow(c->note, b, sizeof(b)), 1 << 20, &widest);
		n2 = dmax(n2, dmin(widest * m->font[SV_BOX_NOTE].ch +
		    tw(L, SV_BOX_NOTE, m->note_mark), m->cap_note));
	}
	if (c->expect != NULL && c->failure != NULL)
		n2 = dmax(n2, dmin((cols(c->failure) + 2) *
		    m->font[SV_BOX_FAILURE].ch, m->cap_note));
	want_text(L, sp, p, n1, n2);
}

/* What an arrow from position a to b wants of the columns between. */
static void
want_packet(const struct sv_layout *L, struct want *sp,
    const struct sv_pktev *pk)
{
	const struct sv_layout_metrics *m = &L->m;
	char label[128], d0[400], d2[400];
	int from, to;
	sv_ladder_pkt_lanes(&L->lad, pk, &from, &to);
	int a = sv_layout_pos(L, from), b = sv_layout_pos(L, to);
	sv_pkt_short(pk, label, sizeof(label));
	sv_pkt_detail_terse(L->tl, pk, L->calls, 0, d0, sizeof(d0));
	sv_pkt_detail_terse(L->tl, pk, L->calls, 2, d2, sizeof(d2));
	double lw = tw(L, SV_BOX_LABEL, label);
	double dw0 = tw(L, SV_BOX_DETAIL, d0), dw2 = tw(L, SV_BOX_DETAIL, d2);
	if (a == b) {
		/* Out of the lane and back, its words right of the loop:
		 * the label, then the detail beside it (cells) or under. */
		double loop = m->cells ? 0 : m->arrow_inset + m->loop_w +
		    m->label_pad;
		double ch = m->font[SV_BOX_DETAIL].ch;
		double n1 = m->inline_label ? lw + ch + dw2 : dmax(lw, dw2);
		double n2 = m->inline_label ? lw + ch + dw0 : dmax(lw, dw0);
		int s = a + 1;
		double pads = s == L->n ? m->pad : 2 * m->pad;
		want(&sp[s], dmin(n2, m->cap_text) + loop + pads,
		    dmin(n1, m->cap_text) + loop + pads,
		    dmin(n1, m->min_text) + loop + pads);
		return;
	}
	int lo = a < b ? a : b, hi = a < b ? b : a;
	if (m->inline_label) {
		/* On the arrow: "◀─ SYN,ACK ─" between the lifelines. */
		double need = lw + 2 * m->label_pad + 3 + m->life_w;
		if (hi - lo == 1)
			want(&sp[hi], need, need, need);
		/* Beside the sender, away from the arrow. */
		int s = b > a ? a : a + 1;
		double pads = s == 0 || s == L->n ? m->pad : 2 * m->pad;
		want(&sp[s], dmin(dw0, m->cap_text) + pads,
		    dmin(dw2, m->cap_text) + pads,
		    dmin(dw2, m->min_text) + pads);
	} else if (hi - lo == 1) {
		double ends = 2 * m->arrow_inset + 2 * m->label_pad;
		want(&sp[hi], dmin(dw0, m->cap_text) + ends, lw + ends,
		    lw + ends);
	}
}

/* Column widths for the wants: sp[0..n] (left of the first lifeline,
 * between two, right of the last), into avail (< 0: any). */
static void
solve(const struct sv_layout *L, struct want *sp, double avail, double *s)
{
	int n = L->n;
	double s2 = 0, s1 = 0, sm = 0;
	for (int i = 0; i <= n; i++) {
		if (i > 0 && i < n) {
			/* Arrows need room: at least min_gap, a
			 * comfortable gap where the canvas is free. */
			sp[i].m = dmax(sp[i].m, L->m.min_gap);
			sp[i].n1 = dmax(sp[i].n1, sp[i].m);
			sp[i].n2 = dmax(sp[i].n2, dmax(sp[i].n1, avail < 0 ?
			    L->m.comfort_gap : 0));
		}
		sp[i].n1 = dmax(sp[i].n1, sp[i].m);
		sp[i].n2 = dmax(sp[i].n2, sp[i].n1);
		s2 += sp[i].n2;
		s1 += sp[i].n1;
		sm += sp[i].m;
	}
	for (int i = 0; i <= n; i++) {
		if (avail < 0 || s2 <= avail)
			s[i] = sp[i].n2;
		else if (s1 <= avail)
			s[i] = sp[i].n1 + (sp[i].n2 - sp[i].n1) * (avail - s1) /
			    (s2 - s1);
		else if (sm <= avail)
			s[i] = sp[i].m + (sp[i].n1 - sp[i].m) * (avail - sm) /
			    (s1 > sm ? s1 - sm : 1);
		else
			s[i] = sp[i].m;
	}
	if (avail >= 0 && s2 < avail && n > 1) {
		/* Room to spare: longer arrows, up to a comfortable gap. */
		double extra = avail - s2, want_more = 0;
		for (int i = 1; i < n; i++)
			want_more += dmax(0, L->m.comfort_gap - s[i]);
		double f = want_more > 0 ? dmin(1, extra / want_more) : 0;
		for (int i = 1; i < n; i++)
			s[i] += dmax(0, L->m.comfort_gap - s[i]) * f;
	}
	if (avail >= 0 && !L->m.cells) {
		/* A frame of fixed size (a slide): the ladder in its
		 * middle. */
		double used = 0;
		for (int i = 0; i <= n; i++)
			used += s[i];
		if (used < avail) {
			s[0] += (avail - used) / 2;
			s[n] += (avail - used) / 2;
		}
	}
}

/* How far lane p's header reaches left and right of its lifeline. */
static void
head_extent(const struct sv_layout *L, int p, int two, double *left,
    double *right)
{
	double w = head_w(L, p, two), half = L->m.life_w / 2;
	if (L->m.side_heads && L->n > 1 && p == 0) {
		*left = w - half;
		*right = half;
	} else if (L->m.side_heads && p == L->n - 1) {
		*left = half;
		*right = w - half;
	} else {
		*left = *right = w / 2;
	}
}

/* The headers, on one line each or two, must not meet: nor the first
 * the "ms" over the times, nor the last the canvas's edge. */
static void
want_heads(const struct sv_layout *L, struct want *sp, int two)
{
	int n = L->n;
	double l, r, l2, r2;
	if (L->tl->n_lanes == 0)
		return;
	head_extent(L, 0, two, &l, &r);
	want(&sp[0], 0, 0, dmax(0, l - (L->x_text - L->x_time) +
	    L->m.font[SV_BOX_MS].ch));
	for (int p = 0; p + 1 < n; p++) {
		head_extent(L, p, two, &l, &r);
		head_extent(L, p + 1, two, &l2, &r2);
		want(&sp[p + 1], 0, 0, r + l2 + L->m.head_gap);
	}
	head_extent(L, n - 1, two, &l, &r);
	want(&sp[n], 0, 0, r);
}

/*
 * Columns in whole cells. A lifeline sits in the middle of its cell, so
 * the first and last columns end half a cell from it: those two are
 * rounded as whole cells plus a half, the others as whole cells, all
 * down, then the cells lost to rounding given back to the columns that
 * lost most. No column ends up narrower than the whole cells it needs,
 * nor the canvas wider.
 */
static void
whole_cells(double *s, int n)
{
	double total = 0, whole = 0;
	double frac[64];
	for (int i = 0; i <= n; i++) {
		double half = i == 0 || i == n ? 0.5 : 0;
		double v = s[i] - half;
		double f = (double)(long)(v + 1e-9);
		total += v;
		whole += f;
		if (i < 64)
			frac[i] = v - f;
		s[i] = f + half;
	}
	for (long left = (long)(total + 1e-6) - (long)(whole + 0.5); left > 0;
	    left--) {
		int best = 0;
		for (int i = 1; i <= n && i < 64; i++)
			if (frac[i] > frac[best])
				best = i;
		s[best] += 1;
		frac[best] = -1;
	}
}

static int
place_lanes(struct sv_layout *L, int held)
{
	const struct sv_timeline *tl = L->tl;
	const struct sv_layout_metrics *m = &L->m;
	int n = L->n;
	struct want *sp = calloc((size_t)n + 1, sizeof(*sp));
	double *s = calloc((size_t)n + 1, sizeof(*s));
	if (sp == NULL || s == NULL) {
		free(sp);
		free(s);
		return -1;
	}
	for (size_t i = 0; i < tl->n; i++) {
		const struct sv_event *ev = &tl->ev[i];
		switch (ev->type) {
		case SV_EV_CALL:
			want_call(L, sp, &ev->u.call);
			break;
		case SV_EV_PACKET:
			if (L->reuse)
				take_lanes(L, ev->id, 0, 0);
			want_packet(L, sp, &ev->u.pkt);
			break;
		}
	}
	if (L->reuse)
		lanes_rewind(L);
	want_calls(L, sp);
	if (n == 1)
		want(&sp[0], m->pad, m->pad, m->pad);
	/* Every lane's text column at least min_text wide, so that its
	 * notes and details have somewhere to go; packets that stream past
	 * unseen want about as much room as a detail takes. */
	double guess = held ? 0 : m->min_text * 1.5;
	/* Arrows whose labels are not known yet: room for a typical one
	 * ("PSH,ACK 1448B"), and in pictures for its detail under it. */
	for (int i = 1; i < n && !held; i++)
		want(&sp[i], m->detail_beside ? m->comfort_gap * 0.9 :
		    44 * m->font[SV_BOX_DETAIL].ch + 2 * (m->arrow_inset +
		    m->label_pad), m->detail_beside ? m->comfort_gap * 0.9 :
		    0, 0);
	for (int p = 0; p < n; p++) {
		int side = side_of(L, p);
		int c = side < 0 ? p : p + 1;
		double pads = side < 0 || c == n ? m->pad : 2 * m->pad;
		want(&sp[c], guess + pads, guess + pads, m->min_text + pads);
	}
	double avail = m->width > 0 ? m->width - L->x_text - m->margin : -1;
	/* Headers on one line if they fit so, else each on two. */
	struct want *h1 = calloc((size_t)n + 1, sizeof(*h1));
	if (h1 == NULL) {
		free(sp);
		free(s);
		return -1;
	}
	memcpy(h1, sp, ((size_t)n + 1) * sizeof(*sp));
	want_heads(L, h1, 0);
	double least = 0;
	for (int i = 0; i <= n; i++)
		least += dmax(h1[i].m, i > 0 && i < n ? m->min_gap : 0);
	free(h1);
	L->head2 = avail >= 0 && least > avail;
	want_heads(L, sp, L->head2);
	solve(L, sp, avail, s);
	if (m->cells)
		whole_cells(s, n);
	double x = L->x_text;
	for (int p = 0; p < n; p++) {
		x += s[p];
		L->ln[p].x = x;
	}
	L->width = dmax(x + s[n] + m->margin, m->min_width);
	free(sp);
	free(s);
	return 0;
}

/* ---- time ---- */

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* The gap between rows the timeline holds: a gap at least gap_min long
 * is marked; -1 when packets stream past (estimated as they come). */
static int
plan_time(struct sv_layout *L, int held)
{
	const struct sv_timeline *tl = L->tl;
	size_t n = 0;
	L->gap_min = -1;
	L->scale = L->m.scale_row / (double)MS;
	if (!held)
		return 0;
	int64_t *t = malloc((tl->n * 2 + 1) * sizeof(*t));
	if (t == NULL)
		return -1;
	for (size_t i = 0; i < tl->n; i++) {
		t[n++] = tl->ev[i].t;
		if (tl->ev[i].type == SV_EV_CALL && tl->ev[i].u.call.blocked)
			t[n++] = tl->ev[i].u.call.t_end;
	}
	qsort(t, n, sizeof(*t), cmp_i64);
	for (size_t i = 0; i + 1 < n; i++)
		t[i] = t[i + 1] - t[i];
	int64_t med = 0;
	if (n > 1) {
		qsort(t, n - 1, sizeof(*t), cmp_i64);
		med = t[(n - 1) / 2];
	}
	free(t);
	L->gap_min = med * GAP_FACTOR > GAP_MIN_NS ? med * GAP_FACTOR :
	    GAP_MIN_NS;
	L->scale = L->m.scale_row / (double)(med > 1000 ? med : 1000);
	return 0;
}

static int
hist_bucket(int64_t v)
{
	if (v <= 1)
		return 0;
	int msb = 63 - __builtin_clzll((unsigned long long)v);
	int half = msb > 0 && (v >> (msb - 1) & 1);
	int b = 2 * msb + half;
	return b < HIST ? b : HIST - 1;
}

static int64_t
hist_median(const struct sv_layout *L)
{
	uint64_t seen = 0;
	for (int b = 0; b < HIST; b++) {
		seen += L->hist[b];
		if (seen * 2 >= L->n_hist) {
			int msb = b / 2;
			return (int64_t)((2 + (b & 1)) * (1ULL << msb) / 2);
		}
	}
	return 0;
}

/* Whether the time since the last row deserves a gap row. */
static int
is_gap(struct sv_layout *L, int64_t t)
{
	if (!L->have_last || t <= L->last_t)
		return 0;
	int64_t dt = t - L->last_t;
	if (L->o.time_scaled)
		return L->anchored && (double)(t - L->anchor_t) * L->scale -
		    (L->y - L->anchor_y) > L->m.max_break;
	int64_t min = L->gap_min;
	if (min < 0) {
		/* Streamed: the median of the gaps seen so far, looked at
		 * again every so often, not at every row. */
		if (L->n_hist != L->med_at && (L->n_hist < 64 ||
		    L->n_hist - L->med_at >= 64)) {
			L->med = hist_median(L);
			L->med_at = L->n_hist;
		}
		min = L->med * GAP_FACTOR > GAP_MIN_NS ? L->med * GAP_FACTOR :
		    GAP_MIN_NS;
	}
	return dt > min;
}

static void
saw_time(struct sv_layout *L, int64_t t)
{
	if (L->have_last && t >= L->last_t) {
		L->hist[hist_bucket(t - L->last_t)]++;
		L->n_hist++;
	}
	if (!L->have_last || t > L->last_t)
		L->last_t = t;
	L->have_last = 1;
}

/* Where a timed row goes: after the last, and in --time scaled no
 * higher than its time says. */
static double
row_top(struct sv_layout *L, int64_t t)
{
	double y = L->y;
	if (!L->o.time_scaled)
		return y;
	if (!L->anchored) {
		L->anchored = 1;
		L->anchor_t = t;
		L->anchor_y = y;
		return y;
	}
	double want_y = L->anchor_y + (double)(t - L->anchor_t) * L->scale;
	if (L->m.cells)
		want_y = (double)(long)(want_y + 0.5);
	return dmax(y, want_y);
}

/* "⋯ 40 ms ⋯", "⋯ 2.5 s ⋯", "⋯ 3 min ⋯". */
static void
gap_str(int64_t ns, char *b, size_t n)
{
	const char *d = "\xe2\x8b\xaf";
	if (ns < 1000 * MS)
		snprintf(b, n, "%s %" PRId64 " ms %s", d, ns / MS, d);
	else if (ns < 10000 * MS)
		snprintf(b, n, "%s %" PRId64 ".%" PRId64 " s %s", d,
		    ns / (1000 * MS), ns / (100 * MS) % 10, d);
	else if (ns < 120000 * MS)
		snprintf(b, n, "%s %" PRId64 " s %s", d, ns / (1000 * MS), d);
	else
		snprintf(b, n, "%s %" PRId64 " min %s", d, ns / (60000 * MS),
		    d);
}

static void
time_box(struct sv_layout *L, int64_t t, double y_mid)
{
	char b[32], d[24];
	int64_t us = sv_rel_ns(L->tl, t) / 1000;
	int neg = us < 0;
	/* "%s%" PRId64 ".%03" PRId64, written by hand: one a packet. */
	uint64_t u = neg ? 0 - (uint64_t)us : (uint64_t)us;
	uint64_t ms = u / 1000, frac = u % 1000;
	size_t n = 0, k = 0;
	if (neg)
		b[n++] = '-';
	do
		d[k++] = (char)('0' + ms % 10);
	while ((ms /= 10) != 0);
	while (k > 0)
		b[n++] = d[--k];
	b[n++] = '.';
	b[n++] = (char)('0' + frac / 100);
	b[n++] = (char)('0' + frac / 10 % 10);
	b[n++] = (char)('0' + frac % 10);
	b[n] = '\0';
	double w = (double)n * L->m.font[SV_BOX_TIME].ch;
	double y = y_mid - lh(L, SV_BOX_TIME) / 2;
	if (L->m.cells)
		y = (double)(long)y;
	box_w(L, SV_BOX_TIME, L->x_time - w, y, -1, SV_INK_DIM, 0, b, n, w);
}

/* ---- the jobs ---- */

static int
push(struct sv_layout *L, struct job j, int front)
{
	if (L->qn == L->qcap) {
		size_t nc = L->qcap ? L->qcap * 2 : 16;
		struct job *nq = malloc(nc * sizeof(*nq));
		if (nq == NULL) {
			L->oom = 1;
			return -1;
		}
		for (size_t i = 0; i < L->qn; i++)
			nq[i] = L->q[(L->qh + i) % L->qcap];
		free(L->q);
		L->q = nq;
		L->qh = 0;
		L->qcap = nc;
	}
	if (front) {
		L->qh = (L->qh + L->qcap - 1) % L->qcap;
		L->q[L->qh] = j;
	} else {
		L->q[(L->qh + L->qn) % L->qcap] = j;
	}
	L->qn++;
	return 0;
}

static void
push_job(struct sv_layout *L, enum job_kind k, const struct sv_event *ev,
    int step, int sub, int front)
{
	struct job j = { .kind = k, .ev = ev, .step = step, .sub = sub };
	(void)push(L, j, front);
}

/* ---- blocked calls' bars ---- */

static void
blk_add(struct sv_layout *L, const struct sv_event *ev)
{
	if (grow((void **)&L->blk, &L->cap_blk, L->n_blk + 1,
	    sizeof(*L->blk)) < 0) {
		L->oom = 1;
		return;
	}
	L->blk[L->n_blk++] = ev;
}

static void
blk_remove(struct sv_layout *L, const struct sv_event *ev)
{
	for (size_t i = 0; i < L->n_blk; i++)
		if (L->blk[i] == ev) {
			memmove(L->blk + i, L->blk + i + 1, (L->n_blk - i - 1) *
			    sizeof(*L->blk));
			L->n_blk--;
			return;
		}
}

static void
bar(struct sv_layout *L, int lane, double y0, double y1, unsigned flags)
{
	if (y1 <= y0)
		return;
	double x = L->ln[sv_layout_pos(L, lane)].x;
	mark(L, SV_MARK_BAR, x - L->m.bar_w / 2, y0, L->m.bar_w, y1 - y0,
	    lane, SV_INK_WAIT, flags);
	L->used_bar = 1;
}

/* The bars of the calls asleep across the whole row, but for skip. */
static void
bars_across(struct sv_layout *L, const struct sv_event *skip)
{
	struct sv_lrow *r = &L->row;
	for (size_t i = 0; i < L->n_blk; i++)
		if (L->blk[i] != skip)
			bar(L, L->blk[i]->u.call.actor, r->y, r->y + r->h, 0);
}

/* ---- text beside a lane ---- */

/* Up to four pieces of text on one line. */
struct piece {
	enum sv_lbox_kind k;
	const char *s;
	size_t n;
	enum sv_ink ink;
	unsigned flags;
};

struct line {
	struct piece p[4];
	int n;
	double w, h;
};

static void
line_add(const struct sv_layout *L, struct line *ln, enum sv_lbox_kind k,
    const char *s, size_t n, enum sv_ink ink, unsigned flags)
{
	if (ln->n == 4)
		return;
	double w = cols_n(s, n) * L->m.font[k].ch;
	if (ln->n > 0)
		ln->w += L->m.font[k].ch;
	ln->w += w;
	ln->h = dmax(ln->h, L->m.font[k].lh);
	ln->p[ln->n++] = (struct piece){ k, s, n, ink, flags };
}

/* A line into [x0, x1) at y, against x1 when right; returns its
 * height. */
static double
line_put(struct sv_layout *L, const struct line *ln, double x0, double x1,
    double y, int lane, int right)
{
	double x = right ? x1 - ln->w : x0;
	for (int i = 0; i < ln->n; i++) {
		const struct piece *p = &ln->p[i];
		/* Pieces of one line share a baseline: a smaller font's box
		 * sits at the bottom of the line's. */
		double yy = y + ln->h - L->m.font[p->k].lh;
		if (L->m.cells)
			yy = y;
		struct sv_lbox *b = box_n(L, p->k, x, yy, lane, p->ink,
		    p->flags, p->s, p->n);
		if (b == NULL)
			return ln->h;
		x += b->w + L->m.font[p->k].ch;
	}
	return ln->h;
}

/* s wrapped into [x0, x1) from y, each line against x1 when right, or
 * all lines as a block against x1 when block; the first line after
 * prefix. Returns the y below the last line. */
static double
text_block(struct sv_layout *L, enum sv_lbox_kind k, const char *s,
    const char *prefix, double x0, double x1, double y, int lane,
    enum sv_ink ink, unsigned flags, int right, int block)
{
	double ch = L->m.font[k].ch;
	int pre = prefix ? cols(prefix) : 0;
	int max = (int)((x1 - x0) / ch + 1e-6) - pre;
	size_t n = strlen(s), len;
	char b[1400];
	if (block) {
		int widest;
		wrap_measure(s, max, &widest);
		x0 = dmax(x0, x1 - (widest + pre) * ch);
		right = 0;
	}
	for (size_t i = 0, first = 1; i < n; first = 0) {
		size_t used = wrap_line(s + i, n - i, max, &len);
		/* The prefix and the line, cut as snprintf() into b would
		 * cut them (copied: every packet's detail passes here). */
		size_t np = first && prefix ? strlen(prefix) : 0, nb;
		if (np > sizeof(b) - 1)
			np = sizeof(b) - 1;
		if (np > 0)      /* prefix may be NULL */
			memcpy(b, prefix, np);
		nb = len < sizeof(b) - 1 - np ? len : sizeof(b) - 1 - np;
		memcpy(b + np, s + i, nb);
		nb += np;
		b[nb] = '\0';
		double xx = first || !pre ? x0 : x0 + pre * ch;
		double w = cols_n(b, nb) * L->m.font[k].ch;
		if (right)
			xx = x1 - w;
		if (len > 0 || first)
			box_w(L, k, xx, y, lane, ink, flags | (first ?
			    SV_LBOX_FIRST : 0), b, nb, w);
		y += lh(L, k);
		i += used;
		if (used == 0)
			break;
	}
	return y;
}

/* ---- rows ---- */

static void
head_row(struct sv_layout *L)
{
	const struct sv_timeline *tl = L->tl;
	const struct sv_layout_metrics *m = &L->m;
	char b[800];
	double x0 = m->margin, x1 = L->width - m->margin;
	row_start(L, SV_ROW_HEAD, L->y);
	double y = L->y + m->margin;
	const char *title = tl->title && tl->title[0] ? tl->title :
	    tl->scenario && tl->scenario[0] ? tl->scenario : "capture";
	if (m->title_line) {
		snprintf(b, sizeof(b), "sockviz \xc2\xb7 %s%s%s", tl->scenario ?
		    tl->scenario : "capture", tl->title ? " \xc2\xb7 " : "",
		    tl->title ? tl->title : "");
		y = text_block(L, SV_BOX_TITLE, b, NULL, x0, x1, y, -1,
		    SV_INK_TEXT, SV_LBOX_BOLD, 0, 0);
	} else {
		snprintf(b, sizeof(b), "sockviz%s%s", tl->title &&
		    tl->scenario ? " \xc2\xb7 " : "", tl->title &&
		    tl->scenario ? tl->scenario : "");
		y = text_block(L, SV_BOX_KICKER, b, NULL, x0, x1, y, -1,
		    SV_INK_DIM, 0, 0, 0);
		y = text_block(L, SV_BOX_TITLE, title, NULL, x0, x1, y, -1,
		    SV_INK_TEXT, SV_LBOX_BOLD, 0, 0);
	}
	if (tl->summary && tl->summary[0])
		y = text_block(L, SV_BOX_SUMMARY, tl->summary, NULL, x0, x1,
		    y, -1, SV_INK_TEXT, 0, 0, 0);
	sv_capture_line(tl, L->calls, b, sizeof(b));
	y = text_block(L, SV_BOX_META, b, NULL, x0, x1, y, -1, tl->dropped ?
	    SV_INK_BAD : SV_INK_DIM, 0, 0, 0);
	if (tl->dropped) {
		snprintf(b, sizeof(b), "the capture lost %" PRIu64 " packets:"
		    " this timeline is incomplete", tl->dropped);
		y = text_block(L, SV_BOX_META, b, NULL, x0, x1, y, -1,
		    SV_INK_BAD, SV_LBOX_BOLD, 0, 0);
	}
	if (tl->intro && tl->intro[0]) {
		y += m->para;
		char flow[2048];
		y = text_block(L, SV_BOX_INTRO, reflow(tl->intro, flow,
		    sizeof(flow)), NULL, x0, x1, y, -1, SV_INK_NOTE,
		    SV_LBOX_ITALIC, 0, 0);
	}
	y += m->para;
	L->row.h = y - L->row.y;
	L->y = y;
}

static void
lanes_row(struct sv_layout *L)
{
	const struct sv_layout_metrics *m = &L->m;
	int n = L->n;
	row_start(L, SV_ROW_LANES, L->y);
	double lines = lh(L, SV_BOX_LANE) + (L->head2 ?
	    lh(L, SV_BOX_ENDPOINT) : 0);
	double bh = lines + 2 * m->head_pad_y;
	double y = L->y;
	if (L->tl->n_lanes > 0 || L->tl->packets > 0) {
		double mw = tw(L, SV_BOX_MS, "ms");
		box(L, SV_BOX_MS, L->x_time - mw, y + (m->cells ? 0 : (bh -
		    lh(L, SV_BOX_MS)) / 2), -1, SV_INK_DIM, 0, "ms");
	}
	for (int p = 0; p < n && L->tl->n_lanes > 0; p++) {
		struct lane *ln = &L->ln[p];
		double w = head_w(L, p, L->head2);
		double bx;
		if (m->side_heads && n > 1 && p == 0)
			bx = ln->x + m->life_w / 2 - w;
		else if (m->side_heads && p == n - 1)
			bx = ln->x - m->life_w / 2;
		else
			bx = ln->x - w / 2;
		if (m->cells)
			bx = (double)(long)(bx + 0.5);
		if (!m->cells)
			mark(L, SV_MARK_LANEBOX, bx, y, w, bh, ln->lane,
			    SV_INK_LANE_GROUND, ln->endpoint ?
			    SV_LMARK_DASHED : 0);
		double ix0 = bx + m->head_pad_x, ix1 = bx + w - m->head_pad_x;
		double ty = y + m->head_pad_y;
		struct line one = { .n = 0 };
		line_add(L, &one, SV_BOX_LANE, ln->name, strlen(ln->name),
		    SV_INK_TEXT, SV_LBOX_BOLD);
		if (!L->head2 && ln->ep[0])
			line_add(L, &one, SV_BOX_ENDPOINT, ln->ep,
			    strlen(ln->ep), SV_INK_TEXT, 0);
		double cx = (ix0 + ix1 - one.w) / 2;
		if (m->cells)
			cx = m->side_heads && n > 1 && p == 0 ? ix1 - one.w :
			    m->side_heads && p == n - 1 ? ix0 :
			    (double)(long)(cx + 0.5);
		line_put(L, &one, cx, cx + one.w, ty, ln->lane, 0);
		if (L->head2 && ln->ep[0]) {
			double ew = tw(L, SV_BOX_ENDPOINT, ln->ep);
			double ex = (ix0 + ix1 - ew) / 2;
			if (m->cells)
				ex = m->side_heads && n > 1 && p == 0 ?
				    ix1 - ew : m->side_heads && p == n - 1 ?
				    ix0 : (double)(long)(ex + 0.5);
			box(L, SV_BOX_ENDPOINT, ex, ty + lh(L, SV_BOX_LANE),
			    ln->lane, SV_INK_TEXT, 0, ln->ep);
		}
	}
	L->row.h = bh;
	L->life_y0 = L->y + bh;
	L->life_y1 = L->life_y0;
	L->y += bh + m->lead;
}

/* The row's end: everything in it, and room below. */
static void
row_close(struct sv_layout *L, double content_bottom)
{
	struct sv_lrow *r = &L->row;
	r->h = content_bottom + L->m.row_pad - r->y;
	L->y = r->y + r->h;
	if (r->ladder)
		L->life_y1 = L->y;
}

static void
step_of(struct sv_layout *L, struct job *j, int kind)
{
	if (j->step < 0)
		j->step = L->step++;
	L->row.step = j->step;
	L->row.step_kind = kind;
	L->row.first = !j->lead;
	if (j->ev != NULL) {
		L->row.ev = j->ev->id;
		L->row.event = j->ev;
	}
}

static void
gap_row(struct sv_layout *L, struct job *j, int64_t t, int kind)
{
	const struct sv_layout_metrics *m = &L->m;
	char b[48];
	gap_str(t - L->last_t, b, sizeof(b));
	row_start(L, SV_ROW_GAP, L->y);
	L->row.ladder = 1;
	if (j->step < 0)
		j->step = L->step++;
	L->row.step = j->step;
	L->row.step_kind = kind;
	L->row.first = !j->lead;
	j->lead = 1;
	L->row.ev = j->ev ? j->ev->id : -1;
	L->row.event = j->ev;
	double y = L->y + m->row_pad;
	box(L, SV_BOX_GAP, m->margin, y, -1, SV_INK_DIM, SV_LBOX_ITALIC, b);
	row_close(L, y + lh(L, SV_BOX_GAP));
	if (L->n > 0)
		mark(L, SV_MARK_BREAK, L->ln[0].x - m->bar_w, L->row.y,
		    L->ln[L->n - 1].x - L->ln[0].x + 2 * m->bar_w, L->row.h,
		    -1, SV_INK_LIFE, 0);
	bars_across(L, NULL);
	L->used_gap = 1;
	/* Time starts over after the cut. */
	L->anchored = 0;
}

/* The lanes a packet's conversation takes over, relabelled: a row in
 * the packet's step, before it (after its gap, if any). */
static void
relabel_row(struct sv_layout *L, struct job *j)
{
	const struct sv_layout_metrics *m = &L->m;
	row_start(L, SV_ROW_RELABEL, L->y);
	L->row.ladder = 1;
	if (j->step < 0)
		j->step = L->step++;
	L->row.step = j->step;
	L->row.step_kind = SV_ROW_PACKET;
	L->row.first = !j->lead;
	L->row.ev = j->ev->id;
	L->row.event = j->ev;
	double top = L->y + m->row_pad;
	take_lanes(L, j->ev->id, 1, top);
	if (L->row.n_box == 0)
		return;
	j->lead = 1;
	L->used_relabel = 1;
	row_close(L, top + lh(L, SV_BOX_RELABEL) + 2 * m->head_pad_y);
	bars_across(L, NULL);
}

static double
dot_y(const struct sv_layout *L, double top)
{
	return top + (L->m.cells ? 0.5 : lh(L, SV_BOX_CALL) / 2);
}

static void
dot_mark(struct sv_layout *L, enum sv_lmark_kind k, int lane, double y)
{
	const struct sv_layout_metrics *m = &L->m;
	double x = L->ln[sv_layout_pos(L, lane)].x;
	mark(L, k, x - m->dot_r, y - m->dot_r, 2 * m->dot_r, 2 * m->dot_r,
	    lane, SV_INK_TEXT, 0);
}

/* The lines of a call or a return beside its lane: text, outcome and
 * mark, wrapped; then what it left. Returns the y below. */
static double
call_lines(struct sv_layout *L, int lane, enum sv_lbox_kind k,
    const char *text, const char *outcome, const char *mk, int bad,
    const char *after, double y)
{
	const struct sv_layout_metrics *m = &L->m;
	int p = sv_layout_pos(L, lane), side = side_of(L, p);
	double x0, x1;
	region(L, p, side, &x0, &x1);
	double ch = m->font[k].ch;
	int max = (int)((x1 - x0) / ch + 1e-6);
	size_t n = strlen(text), len;
	struct line ln = { .n = 0 };
	/* The text's lines; the outcome and mark after the last, or on a
	 * line of their own when they do not fit there. */
	size_t i = 0;
	int right = side < 0;
	unsigned fl = k == SV_BOX_RETURN ? SV_LBOX_BOLD : 0;
	enum sv_ink mk_ink = bad ? SV_INK_BAD : SV_INK_OK;
	for (int first = 1; i < n || first; first = 0) {
		size_t used = wrap_line(text + i, n - i, max, &len);
		memset(&ln, 0, sizeof(ln));
		line_add(L, &ln, k, text + i, len, SV_INK_TEXT, fl | (first ?
		    SV_LBOX_FIRST : 0));
		i += used;
		if (i >= n || used == 0)
			break;
		y += line_put(L, &ln, x0, x1, y, lane, right);
	}
	double tail = (outcome[0] ? cols(outcome) * m->font[SV_BOX_RESULT].ch
	    : 0) + (mk[0] ? (outcome[0] ? ch : 0) + cols(mk) *
	    m->font[SV_BOX_MARK].ch : 0);
	if (tail > 0 && ln.w + ch + tail <= x1 - x0 + 1e-6) {
		if (outcome[0])
			line_add(L, &ln, SV_BOX_RESULT, outcome,
			    strlen(outcome), SV_INK_TEXT, fl);
		if (mk[0])
			line_add(L, &ln, SV_BOX_MARK, mk, strlen(mk), mk_ink,
			    SV_LBOX_BOLD);
		y += line_put(L, &ln, x0, x1, y, lane, right);
	} else {
		y += line_put(L, &ln, x0, x1, y, lane, right);
		if (tail > 0 && tail <= x1 - x0 + 1e-6) {
			memset(&ln, 0, sizeof(ln));
			if (outcome[0])
				line_add(L, &ln, SV_BOX_RESULT, outcome,
				    strlen(outcome), SV_INK_TEXT, fl);
			if (mk[0])
				line_add(L, &ln, SV_BOX_MARK, mk, strlen(mk),
				    mk_ink, SV_LBOX_BOLD);
			y += line_put(L, &ln, x0, x1, y, lane, right);
		} else if (tail > 0) {
			if (outcome[0])
				y = text_block(L, SV_BOX_RESULT, outcome, NULL,
				    x0, x1, y, lane, SV_INK_TEXT, fl, right,
				    0);
			if (mk[0])
				y = text_block(L, SV_BOX_MARK, mk, NULL, x0, x1,
				    y, lane, mk_ink, SV_LBOX_BOLD, right, 0);
		}
	}
	if (after != NULL && after[0])
		y = text_block(L, SV_BOX_AFTER, after, NULL, x0, x1, y, lane,
		    SV_INK_DIM, 0, right, 0);
	return y;
}

static void
call_row(struct sv_layout *L, struct job *j)
{
	const struct sv_call *c = &j->ev->u.call;
	char t[1200], o[256], k[64], a[400];
	double at = row_top(L, j->ev->t);
	row_start(L, SV_ROW_CALL, L->y);
	step_of(L, j, SV_ROW_CALL);
	L->row.ladder = 1;
	L->row.t = j->ev->t;
	L->row.timed = 1;
	sv_ladder_count_call(&L->lad, c);
	call_strings(c, t, sizeof(t), o, sizeof(o), k, sizeof(k));
	if (c->blocked)
		a[0] = '\0';
	else
		sv_call_after(c, a, sizeof(a));
	double top = at + L->m.row_pad;
	double yd = dot_y(L, top);
	time_box(L, j->ev->t, yd);
	double y = call_lines(L, c->actor, SV_BOX_CALL, t, o, k,
	    c->failure != NULL, a, top);
	dot_mark(L, SV_MARK_DOT, c->actor, yd);
	L->used_dot = 1;
	L->used_ok |= c->expect != NULL && c->failure == NULL;
	L->used_as_expected |= strstr(k, "as expected") != NULL;
	L->used_bad |= c->failure != NULL;
	row_close(L, y);
	bars_across(L, NULL);
	if (c->blocked && sv_ladder_wait(&L->lad, j->ev, yd) == 0) {
		bar(L, c->actor, yd, L->row.y + L->row.h, SV_LMARK_TOP);
		blk_add(L, j->ev);
	}
	saw_time(L, j->ev->t);
	/* The rest of its step, in order: its actor's fate, the failure,
	 * the lecturer's note. */
	if (c->note != NULL)
		push_job(L, J_NOTE, j->ev, j->step, 0, 1);
	if (c->expect != NULL && c->failure != NULL)
		push_job(L, J_FAILURE, j->ev, j->step, 0, 1);
	if (!c->blocked && sv_call_fate(L->tl, c, a, sizeof(a))[0])
		push_job(L, J_FATE, j->ev, j->step, 0, 1);
}

static void
return_row(struct sv_layout *L, struct job *j)
{
	const struct sv_call *c = &j->ev->u.call;
	char r[700], k[64], a[400];
	double at = row_top(L, c->t_end);
	row_start(L, SV_ROW_RETURN, L->y);
	step_of(L, j, SV_ROW_RETURN);
	L->row.ladder = 1;
	L->row.t = c->t_end;
	L->row.timed = 1;
	sv_call_return(c, r, sizeof(r));
	sv_call_mark(c, k, sizeof(k));
	sv_call_after(c, a, sizeof(a));
	double top = at + L->m.row_pad;
	double yd = dot_y(L, top);
	time_box(L, c->t_end, yd);
	double y = call_lines(L, c->actor, SV_BOX_RETURN, r, "", k,
	    c->failure != NULL, a, top);
	dot_mark(L, SV_MARK_RING, c->actor, yd);
	L->used_ring = 1;
	L->used_ok |= c->expect != NULL && c->failure == NULL;
	L->used_as_expected |= strstr(k, "as expected") != NULL;
	L->used_bad |= c->failure != NULL;
	row_close(L, y);
	blk_remove(L, j->ev);
	bars_across(L, NULL);
	bar(L, c->actor, L->row.y, yd, SV_LMARK_BOTTOM);
	saw_time(L, c->t_end);
	if (sv_call_fate(L->tl, c, a, sizeof(a))[0])
		push_job(L, J_FATE, j->ev, j->step, 0, 1);
}

/* A note, a failure or a fate: beside its actor's lane. */
static void
aside_row(struct sv_layout *L, struct job *j, enum sv_lrow_kind rk)
{
	const struct sv_layout_metrics *m = &L->m;
	const struct sv_call *c = &j->ev->u.call;
	char b[8192];
	enum sv_lbox_kind k;
	enum sv_ink ink, ground;
	unsigned fl;
	const char *s, *prefix = NULL;
	switch (rk) {
	case SV_ROW_NOTE:
		k = SV_BOX_NOTE;
		ink = SV_INK_NOTE;
		ground = SV_INK_NOTE_GROUND;
		fl = SV_LBOX_ITALIC;
		s = reflow(c->note, b, sizeof(b));
		prefix = m->note_mark[0] ? m->note_mark : NULL;
		break;
	case SV_ROW_FAILURE:
		k = SV_BOX_FAILURE;
		ink = SV_INK_BAD;
		ground = SV_INK_BAD_GROUND;
		fl = SV_LBOX_BOLD;
		snprintf(b, sizeof(b), "\xe2\x9c\x97 %s", c->failure);
		s = b;
		break;
	default:
		k = SV_BOX_FATE;
		ink = SV_INK_BAD;
		ground = SV_INK_PAPER;
		fl = SV_LBOX_BOLD;
		s = sv_call_fate(L->tl, c, b, sizeof(b));
		break;
	}
	row_start(L, rk, L->y);
	L->row.step = j->step;
	L->row.step_kind = j->kind == J_FATE && c->blocked ? SV_ROW_RETURN :
	    SV_ROW_CALL;
	L->row.ev = j->ev->id;
	L->row.event = j->ev;
	L->row.ladder = 1;
	int p = sv_layout_pos(L, c->actor), side = side_of(L, p);
	double x0, x1;
	region(L, p, side, &x0, &x1);
	/* The tinted ground reaches a little past the text, still clear
	 * of the lifelines and bars either side. */
	double gp = m->cells ? 0 : dmin(6, m->pad - m->bar_w / 2 - 2);
	double top = L->row.y + m->row_pad;
	size_t first = L->row.n_box;
	double y = text_block(L, k, s, prefix, x0 + gp, x1 - gp, top,
	    c->actor, ink, fl, 0, side < 0);
	if (!m->cells && ground != SV_INK_PAPER && L->row.n_box > first) {
		double bx0 = x1, bx1 = x0;
		for (size_t i = first; i < L->row.n_box; i++) {
			bx0 = dmin(bx0, L->row.box[i].x);
			bx1 = dmax(bx1, L->row.box[i].x + L->row.box[i].w);
		}
		mark(L, SV_MARK_GROUND, bx0 - gp, top, bx1 - bx0 + 2 * gp,
		    y - top, c->actor, ground, 0);
	}
	row_close(L, y);
	bars_across(L, NULL);
}

/* The label and detail of an arrow between two lanes, in pictures:
 * the label over it, the detail wrapped under it, both within the span
 * [x0, x1) between the lifelines they may use. */
static double
arrow_words_over(struct sv_layout *L, const char *label, const char *detail,
    double x0, double x1, double top, int lane, enum sv_ink ink,
    unsigned ground, double *ya)
{
	const struct sv_layout_metrics *m = &L->m;
	double lw = tw(L, SV_BOX_LABEL, label);
	double cx = (x0 + x1) / 2;
	struct sv_lbox *b = box(L, SV_BOX_LABEL, cx - lw / 2, top, lane, ink,
	    SV_LBOX_BOLD | SV_LBOX_FIRST | ground, label);
	(void)b;
	double y = top + lh(L, SV_BOX_LABEL);
	*ya = y + m->arrow_band / 2;
	y += m->arrow_band;
	if (detail[0]) {
		double ch = m->font[SV_BOX_DETAIL].ch;
		int max = (int)((x1 - x0 - 2 * m->label_pad) / ch);
		size_t n = strlen(detail), len;
		char t[400];
		for (size_t i = 0; i < n;) {
			size_t used = wrap_line(detail + i, n - i, max, &len);
			snprintf(t, sizeof(t), "%.*s", (int)len, detail + i);
			double w = tw(L, SV_BOX_DETAIL, t);
			box(L, SV_BOX_DETAIL, cx - w / 2, y, lane, SV_INK_DIM,
			    ground | (i == 0 ? SV_LBOX_FIRST : 0), t);
			y += lh(L, SV_BOX_DETAIL);
			i += used;
			if (used == 0)
				break;
		}
	}
	return y;
}

/* What every part of a packet's row needs to know. */
struct pkt_row {
	const struct sv_pktev *pk;
	int from, a, b;          /* the sender's lane; the two positions */
	enum sv_ink ink;
	unsigned dash;           /* SV_LMARK_DASHED for a kernel's own */
	char label[128], detail[400];
	double top;              /* the content's top */
};

/* Out of the lane and back: the words right of the loop. Returns the
 * content's bottom; *ya the arrow's y. */
static double
packet_loop(struct sv_layout *L, struct pkt_row *P, double *ya)
{
	const struct sv_layout_metrics *m = &L->m;
	double x0, x1, xa = L->ln[P->a].x, y;
	region(L, P->a, 1, &x0, &x1);
	sv_pkt_detail_terse(L->tl, P->pk, L->calls, 0, P->detail,
	    sizeof(P->detail));
	if (m->inline_label) {
		/* ↺ on the lifeline, the label, the detail after it or
		 * under it. */
		struct line ln = { .n = 0 };
		line_add(L, &ln, SV_BOX_LABEL, P->label, strlen(P->label),
		    P->ink, SV_LBOX_BOLD | SV_LBOX_FIRST);
		y = P->top + line_put(L, &ln, x0, x1, P->top, P->from, 0);
		double dx = x0 + ln.w + m->font[SV_BOX_DETAIL].ch;
		if (P->detail[0] && dx + tw(L, SV_BOX_DETAIL, P->detail) <= x1)
			box(L, SV_BOX_DETAIL, dx, P->top, P->from, SV_INK_DIM,
			    SV_LBOX_FIRST, P->detail);
		else if (P->detail[0])
			y = text_block(L, SV_BOX_DETAIL, P->detail, NULL, x0,
			    x1, y, P->from, SV_INK_DIM, 0, 0, 0);
		*ya = P->top + 0.5;
		mark(L, SV_MARK_LOOP, xa - 0.5, P->top, 1, 1, P->from, P->ink,
		    P->dash);
		return y;
	}
	double lx = xa + m->arrow_inset, tx = lx + m->loop_w + m->label_pad;
	box(L, SV_BOX_LABEL, tx, P->top, P->from, P->ink, SV_LBOX_BOLD |
	    SV_LBOX_FIRST, P->label);
	y = P->top + lh(L, SV_BOX_LABEL);
	if (P->detail[0])
		y = text_block(L, SV_BOX_DETAIL, P->detail, NULL, tx, x1, y,
		    P->from, SV_INK_DIM, 0, 0, 0);
	*ya = P->top + lh(L, SV_BOX_LABEL) / 2;
	mark(L, SV_MARK_LOOP, lx, *ya - m->loop_h / 2, m->loop_w, m->loop_h,
	    P->from, P->ink, P->dash);
	return dmax(y, *ya + m->loop_h / 2);
}

/* The stretch of the arrow its words take, [*x0, *x1] between two
 * lifelines: next to the sender when they fit there; else the whole
 * arrow, on a ground that hides the lifelines it crosses (returned). */
static unsigned
words_span(const struct sv_layout *L, const struct pkt_row *P, double need,
    double *x0, double *x1)
{
	int dir = P->b > P->a ? 1 : -1;
	int lo = P->a < P->b ? P->a : P->b, hi = P->a < P->b ? P->b : P->a;
	*x0 = L->ln[dir > 0 ? P->a : P->a - 1].x;
	*x1 = L->ln[dir > 0 ? P->a + 1 : P->a].x;
	if (hi - lo == 1 || need <= *x1 - *x0)
		return 0;
	*x0 = L->ln[lo].x;
	*x1 = L->ln[hi].x;
	return SV_LBOX_GROUND;
}

/* The terminal's arrow: its label written on it, or over it when too
 * long; the detail beside the sender, away from the arrow. */
static double
packet_on_arrow(struct sv_layout *L, struct pkt_row *P, double *ya)
{
	const struct sv_layout_metrics *m = &L->m;
	int dir = P->b > P->a ? 1 : -1;
	int lo = P->a < P->b ? P->a : P->b, hi = P->a < P->b ? P->b : P->a;
	unsigned arrow = P->dash | (dir < 0 ? SV_LMARK_LEFT : 0);
	double lw = tw(L, SV_BOX_LABEL, P->label), sx0, sx1;
	/* "◀─ SYN,ACK ─": the label, a space and a dash each side, the
	 * head; strictly between the lifelines. */
	double need = lw + 2 * m->label_pad + 3 + m->life_w;
	unsigned ground = words_span(L, P, need, &sx0, &sx1);
	double c0 = sx0 + 0.5, c1 = sx1 - 0.5, y;
	double ax = L->ln[lo].x + 0.5, aw = L->ln[hi].x - L->ln[lo].x - 1;
	if (need > c1 - c0 + m->life_w) {
		/* Too long for the arrow, even all of it: over it. */
		c0 = L->ln[lo].x + 0.5;
		c1 = L->ln[hi].x - 0.5;
		ground = hi - lo > 1 ? SV_LBOX_GROUND : 0;
		y = text_block(L, SV_BOX_LABEL, P->label, NULL, c0 + 1, c1 - 1,
		    P->top, P->from, P->ink, SV_LBOX_BOLD | ground, 0, 0);
		struct sv_lmark *mk = mark(L, SV_MARK_ARROW, ax, y, aw, 1,
		    P->from, P->ink, arrow);
		if (mk != NULL)
			mk->gx0 = mk->gx1 = mk->x;
		*ya = y + 0.5;
		y += 1;
	} else {
		double lx = (double)(long)(c0 + (c1 - c0 - lw) / 2);
		box_w(L, SV_BOX_LABEL, lx, P->top, P->from, P->ink,
		    SV_LBOX_BOLD | SV_LBOX_FIRST | ground, P->label,
		    strlen(P->label), lw);
		struct sv_lmark *mk = mark(L, SV_MARK_ARROW, ax, P->top, aw, 1,
		    P->from, P->ink, arrow);
		if (mk != NULL) {
			mk->gx0 = lx - m->label_pad;
			mk->gx1 = lx + lw + m->label_pad;
		}
		*ya = P->top + 0.5;
		y = P->top + 1;
	}
	/* As much of the cause as fits on one line, else all of it,
	 * wrapped. */
	double x0, x1;
	region(L, P->a, -dir, &x0, &x1);
	int shrinks = sv_pkt_cause_shrinks(L->tl, P->pk);
	for (int terse = 0; terse <= 2; terse++) {
		sv_pkt_detail_terse(L->tl, P->pk, L->calls, terse, P->detail,
		    sizeof(P->detail));
		/* A cause terse cannot shorten is written once. */
		if (!shrinks || tw(L, SV_BOX_DETAIL, P->detail) <= x1 - x0)
			break;
	}
	if (P->detail[0])
		y = dmax(y, text_block(L, SV_BOX_DETAIL, P->detail, NULL, x0, x1,
		    *ya - 0.5, P->from, SV_INK_DIM, 0, dir > 0, 0));
	return y;
}

/* A picture's arrow: its label over it, its detail wrapped under it. */
static double
packet_over_arrow(struct sv_layout *L, struct pkt_row *P, double *ya)
{
	const struct sv_layout_metrics *m = &L->m;
	int dir = P->b > P->a ? 1 : -1;
	double lw = tw(L, SV_BOX_LABEL, P->label), sx0, sx1;
	unsigned ground = words_span(L, P, lw + 2 * (m->label_pad +
	    m->arrow_inset), &sx0, &sx1);
	sv_pkt_detail_terse(L->tl, P->pk, L->calls, 0, P->detail,
	    sizeof(P->detail));
	double y = arrow_words_over(L, P->label, P->detail, sx0 +
	    m->arrow_inset, sx1 - m->arrow_inset, P->top, P->from, P->ink,
	    ground, ya);
	double x1 = L->ln[P->a].x + dir * m->arrow_inset;
	double x2 = L->ln[P->b].x - dir * m->arrow_inset;
	mark(L, SV_MARK_ARROW, x1 < x2 ? x1 : x2, *ya - 1, x1 < x2 ? x2 - x1 :
	    x1 - x2, 2, P->from, P->ink, P->dash | (dir < 0 ? SV_LMARK_LEFT :
	    0));
	return y;
}

static void
packet_row(struct sv_layout *L, struct job *j)
{
	struct pkt_row P;
	int to;
	double at = row_top(L, j->ev->t), y, ya;
	row_start(L, SV_ROW_PACKET, L->y);
	step_of(L, j, SV_ROW_PACKET);
	L->row.ladder = 1;
	L->row.t = j->ev->t;
	L->row.timed = 1;
	P.pk = &j->ev->u.pkt;
	sv_ladder_pkt_lanes(&L->lad, P.pk, &P.from, &to);
	int kernel = sv_ladder_count_pkt(&L->lad, P.pk);
	P.ink = sv_pkt_ink(P.pk);
	P.dash = kernel ? SV_LMARK_DASHED : 0;
	P.a = sv_layout_pos(L, P.from);
	P.b = sv_layout_pos(L, to);
	P.top = at + L->m.row_pad;
	sv_pkt_short(P.pk, P.label, sizeof(P.label));
	L->inks |= 1u << P.ink;
	L->used_solid |= !kernel;
	L->used_dashed |= kernel;
	if (P.a == P.b)
		y = packet_loop(L, &P, &ya);
	else if (L->m.inline_label)
		y = packet_on_arrow(L, &P, &ya);
	else
		y = packet_over_arrow(L, &P, &ya);
	time_box(L, j->ev->t, ya);
	row_close(L, y);
	bars_across(L, NULL);
	saw_time(L, j->ev->t);
}

static void
end_row(struct sv_layout *L)
{
	row_start(L, SV_ROW_END, L->y);
	L->row.ladder = 1;
	L->row.h = L->m.tail;
	L->y += L->m.tail;
	L->life_y1 = L->y;
	bars_across(L, NULL);
	L->y += L->m.foot_gap;
}

/* The legend: each sign drawn, and what it means, flowing over lines. */
struct entry {
	int sample;              /* a mark kind, or -1: sym is text */
	const char *sym;
	enum sv_ink ink;
	unsigned flags;
	const char *words;
};

static void
legend_row(struct sv_layout *L)
{
	const struct sv_layout_metrics *m = &L->m;
	struct entry e[24];
	int n = 0;
	if (L->used_dot)
		e[n++] = (struct entry){ SV_MARK_DOT, NULL, SV_INK_TEXT, 0,
		    "a call, on its actor's lifeline" };
	if (L->used_bar)
		e[n++] = (struct entry){ SV_MARK_BAR, NULL, SV_INK_WAIT, 0,
		    "asleep in the kernel" };
	if (L->used_ring)
		e[n++] = (struct entry){ SV_MARK_RING, NULL, SV_INK_TEXT, 0,
		    "a blocked call returns" };
	if (L->used_ok)
		e[n++] = (struct entry){ -1, "\xe2\x9c\x93", SV_INK_OK, 0,
		    "the expectation held" };
	if (L->used_as_expected)
		e[n++] = (struct entry){ -1, "\xe2\x9c\x93 as expected",
		    SV_INK_OK, 0,
		    "the call failed, as the scenario says it must" };
	if (L->used_bad)
		e[n++] = (struct entry){ -1, "\xe2\x9c\x97", SV_INK_BAD, 0,
		    "the expectation did NOT hold" };
	if (L->used_solid)
		e[n++] = (struct entry){ SV_MARK_ARROW, NULL, SV_INK_ACK, 0,
		    L->calls > 0 ? "sent by a call, or answering one" :
		    "a packet" };
	if (L->used_dashed)
		e[n++] = (struct entry){ SV_MARK_ARROW, NULL, SV_INK_ACK,
		    SV_LMARK_DASHED, "sent by a kernel on its own" };
	if (L->used_gap)
		e[n++] = (struct entry){ -1, "\xe2\x8b\xaf", SV_INK_DIM, 0,
		    "time left out" };
	if (L->used_relabel)
		e[n++] = (struct entry){ -1, "\xe2\x86\x93", SV_INK_TEXT, 0,
		    "the lane shows this endpoint from here on: every"
		    " conversation on it before had ended" };
	if (!m->cells || L->o.color)
		for (size_t i = 0; sv_arrow_ink(i) >= 0 && n < 24; i++) {
			enum sv_ink k = (enum sv_ink)sv_arrow_ink(i);
			if (L->inks & (1u << k))
				e[n++] = (struct entry){ SV_MARK_ARROW, NULL,
				    k, 0, sv_inkdef(k)->means };
		}
	if (n == 0)
		return;
	L->y += m->para;
	row_start(L, SV_ROW_LEGEND, L->y);
	double x0 = m->cells ? m->margin : L->x_text;
	double x1 = L->width - m->margin;
	double ch = m->font[SV_BOX_LEGEND].ch;
	double arrow_w = m->cells ? 3 : 4 * ch;
	double sep = 3 * ch;
	double line = dmax(lh(L, SV_BOX_LEGEND), lh(L, SV_BOX_LEGEND_SYM));
	double x = x0, y = L->y + m->row_pad;
	for (int i = 0; i < n; i++) {
		const struct entry *en = &e[i];
		double sw, sh;
		switch (en->sample) {
		case SV_MARK_ARROW:
			sw = arrow_w;
			sh = m->cells ? 1 : 2;
			break;
		case SV_MARK_BAR:
			sw = m->bar_w;
			sh = m->cells ? 1 : line - 4;
			break;
		case -1:
			sw = tw(L, SV_BOX_LEGEND_SYM, en->sym);
			sh = lh(L, SV_BOX_LEGEND_SYM);
			break;
		default:
			sw = 2 * m->dot_r;
			sh = 2 * m->dot_r;
			break;
		}
		double ww = tw(L, SV_BOX_LEGEND, en->words);
		if (x > x0 && x + sw + ch + ww > x1) {
			x = x0;
			y += line;
		}
		if (en->sample >= 0) {
			struct sv_lmark *mk = mark(L, SV_MARK_SAMPLE, x,
			    m->cells ? y : y + (line - sh) / 2, sw, sh, -1,
			    en->ink, en->flags);
			if (mk != NULL)
				mk->sample = en->sample;
		} else {
			box(L, SV_BOX_LEGEND_SYM, x, y + line - sh, -1,
			    en->ink, SV_LBOX_BOLD, en->sym);
		}
		x += sw + ch;
		enum sv_ink wink = en->sample == SV_MARK_ARROW &&
		    en->ink != SV_INK_ACK ? en->ink : SV_INK_DIM;
		double wy = y + line - lh(L, SV_BOX_LEGEND);
		if (x + ww <= x1) {
			box(L, SV_BOX_LEGEND, x, wy, -1, wink, 0, en->words);
			x += ww + sep;
		} else {
			/* Too long for what is left of a line: wrapped. */
			y = text_block(L, SV_BOX_LEGEND, en->words, NULL, x, x1,
			    wy, -1, wink, 0, 0, 0) - line;
			x = x1;
		}
	}
	row_close(L, y + line);
}

/* The footer, a row at a time: sub 0 the heading of the final states,
 * 1.. each of them, then the counts, the expectations, the legend. */
static void
foot_row(struct sv_layout *L, struct job *j)
{
	const struct sv_timeline *tl = L->tl;
	const struct sv_layout_metrics *m = &L->m;
	char b[400], l[64], p[64];
	double x0 = m->cells ? m->margin : L->x_text;
	double x1 = L->width - m->margin;
	int nf = tl->n_finals;
	int sub = j->sub;
	row_start(L, SV_ROW_FOOT, L->y);
	double y = L->y;
	if (sub == 0 && nf == 0)
		sub = 1 + nf;
	if (sub == 0) {
		y = text_block(L, SV_BOX_FOOT, sv_timeline_finals_heading(tl),
		    NULL, x0, x1, y, -1, SV_INK_DIM, 0, 0, 0);
		if (!m->cells)
			y += 4;
	} else if (sub <= nf) {
		const struct sv_final *f = &tl->finals[sub - 1];
		struct line ln = { .n = 0 };
		const char *name = f->actor >= 0 && f->actor < tl->n_lanes ?
		    tl->lanes[f->actor].name : "?";
		snprintf(b, sizeof(b), "%s \xe2\x87\x84 %s", sv_endpoint_str(
		    &f->local, 1, l, sizeof(l)), sv_endpoint_str(&f->peer, 1,
		    p, sizeof(p)));
		const char *st = f->state == TCP_CLOSE ? "gone (CLOSED)" :
		    sv_tcp_state_name(f->state);
		line_add(L, &ln, SV_BOX_FINAL_LANE, name, strlen(name),
		    SV_INK_TEXT, SV_LBOX_BOLD);
		line_add(L, &ln, SV_BOX_FINAL, b, strlen(b), SV_INK_TEXT, 0);
		double indent = m->cells ? 2 : 16;
		enum sv_ink sink = f->state == TCP_TIME_WAIT ? SV_INK_FIN :
		    SV_INK_TEXT;
		if (ln.w + m->font[SV_BOX_FINAL_STATE].ch + tw(L,
		    SV_BOX_FINAL_STATE, st) <= x1 - x0 - indent) {
			line_add(L, &ln, SV_BOX_FINAL_STATE, st, strlen(st),
			    sink, SV_LBOX_BOLD);
			y += line_put(L, &ln, x0 + indent, x1, y, f->actor, 0);
			L->row.final = f;
		} else {
			/* Too long for one line: the state under it. */
			y += line_put(L, &ln, x0 + indent, x1, y, f->actor, 0);
			y = text_block(L, SV_BOX_FINAL_STATE, st, NULL, x0 +
			    2 * indent, x1, y, f->actor, sink, SV_LBOX_BOLD,
			    0, 0);
		}
	} else if (sub == nf + 1) {
		if (L->calls > 0)
			y = text_block(L, SV_BOX_COUNTS, sv_counts_line(
			    L->lad.n_calls, L->lad.n_silent, tl->packets,
			    L->lad.n_answer, L->lad.n_kernel, b, sizeof(b)),
			    NULL, x0, x1, y, -1, SV_INK_DIM, 0, 0, 0);
	} else if (sub == nf + 2) {
		if (L->lad.n_expect > 0) {
			char e[200];
			int failed = L->lad.n_failed;
			snprintf(b, sizeof(b), "%s %s", failed ?
			    "\xe2\x9c\x97" : "\xe2\x9c\x93", sv_expect_line(
			    L->lad.n_expect, failed, e, sizeof(e)));
			y = text_block(L, SV_BOX_EXPECT, b, NULL, x0, x1, y, -1,
			    failed ? SV_INK_BAD : SV_INK_OK, SV_LBOX_BOLD, 0,
			    0);
		}
	} else {
		if (L->o.legend)
			legend_row(L);
		/* The canvas ends a margin below the last row. */
		L->y += m->margin;
		return;
	}
	L->row.h = y - L->row.y;
	L->y = y;
	push_job(L, J_FOOT, NULL, -1, sub + 1, 1);
}

/* ---- the interface ---- */

static void
run_job(struct sv_layout *L, struct job *j)
{
	switch (j->kind) {
	case J_HEAD:
		head_row(L);
		break;
	case J_LANES:
		lanes_row(L);
		break;
	case J_CALL:
		call_row(L, j);
		break;
	case J_RETURN:
		return_row(L, j);
		break;
	case J_PACKET:
		packet_row(L, j);
		break;
	case J_NOTE:
		aside_row(L, j, SV_ROW_NOTE);
		break;
	case J_FAILURE:
		aside_row(L, j, SV_ROW_FAILURE);
		break;
	case J_FATE:
		aside_row(L, j, SV_ROW_FATE);
		break;
	case J_END:
		end_row(L);
		break;
	case J_FOOT:
		foot_row(L, j);
		break;
	}
}

const struct sv_lrow *
sv_layout_next(struct sv_layout *L)
{
	while (L->qn > 0) {
		struct job *j = &L->q[L->qh];
		int64_t t = 0;
		int kind = -1;
		if (j->kind == J_CALL || j->kind == J_PACKET) {
			t = j->ev->t;
			kind = j->kind == J_CALL ? SV_ROW_CALL : SV_ROW_PACKET;
		} else if (j->kind == J_RETURN) {
			t = j->ev->u.call.t_end;
			kind = SV_ROW_RETURN;
		}
		if (kind >= 0 && j->gapped == 0) {
			j->gapped = 1;
			if (is_gap(L, t)) {
				/* The gap first, in the step it leads to. */
				j->gapped = 2;
				gap_row(L, j, t, kind);
				return &L->row;
			}
		}
		if (j->kind == J_PACKET && L->reuse && !j->relabeled) {
			/* Then the lanes it takes over, if any. */
			j->relabeled = 1;
			relabel_row(L, j);
			if (L->row.n_box > 0)
				return &L->row;
		}
		struct job cur = *j;
		L->qh = (L->qh + 1) % L->qcap;
		L->qn--;
		run_job(L, &cur);
		/* A footer part with nothing to say makes no row. */
		if ((L->row.kind == SV_ROW_FOOT ||
		    L->row.kind == SV_ROW_LEGEND) && L->row.n_box == 0 &&
		    L->row.n_mark == 0)
			continue;
		return &L->row;
	}
	return NULL;
}

void
sv_layout_event(struct sv_layout *L, const struct sv_event *ev)
{
	struct sv_ladder_wait w;
	while (sv_ladder_due(&L->lad, ev->t, &w))
		push_job(L, J_RETURN, w.ev, -1, 0, 0);
	switch (ev->type) {
	case SV_EV_CALL:
		push_job(L, J_CALL, ev, -1, 0, 0);
		break;
	case SV_EV_PACKET:
		push_job(L, J_PACKET, ev, -1, 0, 0);
		break;
	}
}

void
sv_layout_end(struct sv_layout *L)
{
	struct sv_ladder_wait w;
	while (sv_ladder_due(&L->lad, INT64_MAX, &w))
		push_job(L, J_RETURN, w.ev, -1, 0, 0);
	push_job(L, J_END, NULL, -1, 0, 0);
	push_job(L, J_FOOT, NULL, -1, 0, 0);
}

double
sv_layout_width(const struct sv_layout *L)
{
	return L->width;
}

double
sv_layout_height(const struct sv_layout *L)
{
	return L->y;
}

double
sv_layout_life_w(const struct sv_layout *L)
{
	return L->m.life_w;
}

int
sv_layout_failed(const struct sv_layout *L)
{
	return L->oom;
}

void
sv_layout_lifelines(const struct sv_layout *L, double *y0, double *y1)
{
	*y0 = L->life_y0;
	*y1 = L->life_y1;
}

void
sv_layout_free(struct sv_layout *L)
{
	if (L == NULL)
		return;
	sv_ladder_fini(&L->lad);
	free(L->ln);
	free(L->pos);
	free(L->iv);
	free(L->col_lane);
	free(L->init_lane);
	free(L->blk);
	free(L->q);
	free(L->row.box);
	free(L->row.mark);
	free(L->row.text);
	free(L);
}

/* The widest time the rows will show, in characters. */
static int
time_cols(const struct sv_timeline *tl, int held)
{
	int64_t last = 0;
	if (!held)
		return 10;
	for (size_t i = 0; i < tl->n; i++) {
		int64_t t = tl->ev[i].type == SV_EV_CALL ?
		    tl->ev[i].u.call.t_end : tl->ev[i].t;
		last = t > last ? t : last;
	}
	int64_t ms = sv_rel_ns(tl, last) / MS;
	int w = 5;               /* "0.000" */
	for (; ms >= 10; ms /= 10)
		w++;
	return w;
}

struct sv_layout *
sv_layout_new(const struct sv_timeline *tl, const struct sv_layout_metrics *m,
    const struct sv_layout_opts *o, char *err, size_t errlen)
{
	struct sv_layout *L = calloc(1, sizeof(*L));
	int *order = NULL;
	if (L == NULL)
		goto oom;
	L->tl = tl;
	L->m = *m;
	L->o = *o;
	if (sv_ladder_init(&L->lad, tl) < 0)
		goto oom;
	L->calls = L->lad.calls;
	size_t pkt_events = 0;
	for (size_t i = 0; i < tl->n; i++)
		pkt_events += tl->ev[i].type == SV_EV_PACKET;
	int held = !(pkt_events == 0 && tl->packets > 0);
	if (plan_time(L, held) < 0)
		goto oom;
	double tch = m->font[SV_BOX_TIME].ch;
	L->x_time = m->margin + time_cols(tl, held) * tch;
	L->x_text = L->x_time + m->time_gap;

	/* The lanes, in order; on a terminal only as many as fit. */
	int nl = tl->n_lanes;
	int cap = nl > 0 ? nl : 1, reuse_cap = INT32_MAX;
	if (m->cells || m->max_lanes > 0) {
		int fit = m->max_lanes;
		reuse_cap = fit;
		if (fit <= 0) {
			/* Each lane beyond the first takes a gap at least as
			 * wide as a lane's name, or an arrow's label (which
			 * a capture read as it streams cannot say). */
			double avail = m->width - L->x_text - m->margin;
			double per = held ? m->min_gap : dmax(m->min_gap,
			    m->comfort_gap * 0.9);
			for (int i = 0; i < nl; i++)
				per = dmax(per, tw(L, SV_BOX_LANE,
				    tl->lanes[i].name) + m->head_gap);
			fit = (int)((avail - 2 * (m->min_text + m->pad)) /
			    per) + 1;
			/* Reused, a lane's header may say "↓ " more. */
			reuse_cap = (int)((avail - 2 * (m->min_text +
			    m->pad)) / (per + 2 * m->font[SV_BOX_RELABEL].ch))
			    + 1;
		}
		if (fit < 2)
			fit = 2;
		if (reuse_cap < 2)
			reuse_cap = 2;
		cap = cap < fit ? cap : fit;
	}
	L->shared = -1;
	int planned = plan_reuse(L, cap, reuse_cap);
	if (planned < 0)
		goto oom;
	if (planned > 0)
		goto placed;
	L->n = cap;
	L->ln = calloc((size_t)cap, sizeof(*L->ln));
	L->pos = calloc((size_t)(nl > 0 ? nl : 1), sizeof(*L->pos));
	order = calloc((size_t)(nl > 0 ? nl : 1), sizeof(*order));
	if (L->ln == NULL || L->pos == NULL || order == NULL ||
	    order_lanes(tl, order) < 0)
		goto oom;
	if (nl == 0) {
		L->ln[0].lane = -1;
		L->ln[0].name = "";
	}
	/* Lanes that do not fit share one, "… 7 more": the last, or in a
	 * capture (where servers follow their clients) the first, so that
	 * the servers stay in view. */
	int endpoints = nl > 0;
	for (int k = 0; k < nl; k++)
		endpoints &= tl->lanes[k].endpoint;
	int shared = nl > cap ? (endpoints ? 0 : cap - 1) : -1;
	int skip = nl > cap ? nl - cap + 1 : 0;
	for (int k = 0; k < nl; k++) {
		int p;
		if (shared < 0)
			p = k;
		else if (shared == 0)
			p = k < skip ? 0 : k - skip + 1;
		else
			p = k < cap - 1 ? k : cap - 1;
		L->pos[order[k]] = p;
		if (p != shared) {
			L->ln[p].lane = order[k];
			L->ln[p].name = tl->lanes[order[k]].name;
			L->ln[p].endpoint = tl->lanes[order[k]].endpoint;
		}
	}
	if (shared >= 0) {
		snprintf(L->more, sizeof(L->more), "\xe2\x80\xa6 %d more",
		    skip);
		L->ln[shared].lane = -1;
		L->ln[shared].name = L->more;
		L->ln[shared].endpoint = 1;
	}
	free(order);
	order = NULL;
placed:
	lane_endpoints(L);
	if (place_lanes(L, held) < 0)
		goto oom;
	if (o->heading)
		push_job(L, J_HEAD, NULL, -1, 0, 0);
	else
		L->y = m->margin;
	push_job(L, J_LANES, NULL, -1, 0, 0);
	if (L->oom)
		goto oom;
	return L;
oom:
	free(order);
	sv_layout_free(L);
	snprintf(err, errlen, "out of memory");
	return NULL;
}

double
sv_layout_measure(const struct sv_timeline *tl,
    const struct sv_layout_metrics *m, const struct sv_layout_opts *o,
    double *life_y0, double *life_y1)
{
	char err[64];
	struct sv_layout *L = sv_layout_new(tl, m, o, err, sizeof(err));
	if (L == NULL)
		return -1;
	while (sv_layout_next(L) != NULL)
		;
	for (size_t i = 0; i < tl->n; i++) {
		sv_layout_event(L, &tl->ev[i]);
		while (sv_layout_next(L) != NULL)
			;
	}
	sv_layout_end(L);
	while (sv_layout_next(L) != NULL)
		;
	double h = L->oom ? -1 : sv_layout_height(L);
	sv_layout_lifelines(L, life_y0, life_y1);
	sv_layout_free(L);
	return h;
}

/* ---- names ---- */

const char *
sv_lbox_kind_name(enum sv_lbox_kind k)
{
	static const char *const names[SV_BOX_KINDS] = {
		"kicker", "title", "summary", "meta", "intro", "ms", "lane",
		"endpoint", "time", "call", "result", "mark", "after",
		"return", "label", "detail", "note", "failure", "fate", "gap",
		"foot", "final-lane", "final", "final-state", "counts",
		"expect", "legend", "legend-sym", "relabel",
	};
	return (unsigned)k < SV_BOX_KINDS ? names[k] : "?";
}

const char *
sv_lmark_kind_name(enum sv_lmark_kind k)
{
	static const char *const names[SV_MARK_KINDS] = {
		"dot", "ring", "bar", "arrow", "loop", "ground", "lanebox",
		"break", "sample",
	};
	return (unsigned)k < SV_MARK_KINDS ? names[k] : "?";
}

const char *
sv_lrow_kind_name(enum sv_lrow_kind k)
{
	static const char *const names[SV_ROW_KINDS] = {
		"head", "lanes", "call", "return", "packet", "note",
		"failure", "fate", "gap", "end", "foot", "legend", "relabel",
	};
	return (unsigned)k < SV_ROW_KINDS ? names[k] : "?";
}

/* ---- slides ---- */

static int row_copy(struct sv_lrow *dst, const struct sv_lrow *src);

struct sv_slides {
	double view_h, top;
	struct sv_lrow *r;       /* a ring of copies */
	size_t head, n, cap;
	int scrolled;
};

struct sv_slides *
sv_slides_new(double view_h, double top)
{
	struct sv_slides *s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->view_h = view_h;
	s->top = top;
	return s;
}

static void
row_free(struct sv_lrow *r)
{
	free(r->box);
	free(r->mark);
	free(r->text);
	memset(r, 0, sizeof(*r));
}

void
sv_slides_free(struct sv_slides *s)
{
	if (s == NULL)
		return;
	for (size_t i = 0; i < s->cap; i++)
		row_free(&s->r[i]);
	free(s->r);
	free(s);
}

static struct sv_lrow *
ring_at(const struct sv_slides *s, size_t i)
{
	return &s->r[(s->head + i) % s->cap];
}

int
sv_lrow_copy(struct sv_lrow *dst, const struct sv_lrow *src)
{
	return row_copy(dst, src);
}

void
sv_lrow_clear(struct sv_lrow *r)
{
	row_free(r);
}

static int
row_copy(struct sv_lrow *dst, const struct sv_lrow *src)
{
	struct sv_lrow keep = *dst;
	*dst = *src;
	dst->box = keep.box;
	dst->mark = keep.mark;
	dst->text = keep.text;
	dst->cap_box = keep.cap_box;
	dst->cap_mark = keep.cap_mark;
	dst->cap_text = keep.cap_text;
	dst->event = NULL;
	if (grow((void **)&dst->box, &dst->cap_box, src->n_box + 1,
	    sizeof(*dst->box)) < 0 || grow((void **)&dst->mark,
	    &dst->cap_mark, src->n_mark + 1, sizeof(*dst->mark)) < 0 ||
	    grow((void **)&dst->text, &dst->cap_text, src->n_text + 1, 1) < 0)
		return -1;
	/* A row may have no boxes, no marks, no text: nothing to copy
	 * (and memcpy wants a pointer even then). */
	if (src->n_box > 0)
		memcpy(dst->box, src->box, src->n_box * sizeof(*src->box));
	if (src->n_mark > 0)
		memcpy(dst->mark, src->mark, src->n_mark * sizeof(*src->mark));
	if (src->n_text > 0)
		memcpy(dst->text, src->text, src->n_text);
	return 0;
}

int
sv_slides_push(struct sv_slides *s, const struct sv_lrow *r)
{
	if (s->n == s->cap) {
		size_t nc = s->cap ? s->cap * 2 : 16;
		struct sv_lrow *nr = calloc(nc, sizeof(*nr));
		if (nr == NULL)
			return -1;
		/* Every old slot, rows and spare buffers alike, in order. */
		for (size_t i = 0; i < s->cap; i++)
			nr[i] = *ring_at(s, i);
		free(s->r);
		s->r = nr;
		s->head = 0;
		s->cap = nc;
	}
	if (row_copy(ring_at(s, s->n), r) < 0)
		return -1;
	s->n++;
	/* Until the ladder overflows the frame it is shown from its top;
	 * then the oldest rows go, the newest ending within the frame. */
	double bottom = r->y + r->h;
	if (!s->scrolled && bottom - s->top <= s->view_h)
		return 0;
	s->scrolled = 1;
	while (s->n > 1 && bottom - ring_at(s, 0)->y > s->view_h) {
		s->head = (s->head + 1) % s->cap;
		s->n--;
	}
	return 0;
}

size_t
sv_slides_count(const struct sv_slides *s)
{
	return s->n;
}

const struct sv_lrow *
sv_slides_row(const struct sv_slides *s, size_t i)
{
	return i < s->n ? ring_at(s, i) : NULL;
}

double
sv_slides_shift(const struct sv_slides *s)
{
	if (!s->scrolled || s->n == 0)
		return s->top;
	return ring_at(s, 0)->y;
}
