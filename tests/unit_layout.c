/*
 * Unit tests of the ladder's layout (render/layout.c), from timelines
 * built here, without drawing: where notes go, the gap rows, the order
 * of a capture's lanes, the words on a call that failed as expected, a
 * packet's note wrapped and never cut, the text width, the slides'
 * window; and the placement rules of render/layout.h over every golden
 * input (tests/golden/in), in both the terminal's and the pictures'
 * units.
 *
 * Times are in microseconds from T0; the server is lane 0, the client
 * lane 1.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "capture/capfile.h"
#include "render/layout.h"
#include "render/render.h"
#include "render/timeline.h"
#include "render/timeline_io.h"

#define US 1000
#define T0 1700000000000000000LL

/* ---- building timelines ---- */

static struct sv_timeline *
world(void)
{
	struct sv_timeline *tl = sv_timeline_new();
	assert_non_null(tl);
	assert_int_equal(sv_timeline_add_lane(tl, "server", 0), 0);
	assert_int_equal(sv_timeline_add_lane(tl, "client", 0), 1);
	return tl;
}

static struct sv_call *
call(struct sv_timeline *tl, int actor, const char *text, long ret,
    int64_t begin, int64_t end)
{
	struct sv_event *ev = sv_timeline_append(tl, SV_EV_CALL);
	assert_non_null(ev);
	struct sv_call *c = &ev->u.call;
	c->actor = actor;
	c->fn = SV_FN_SOCKET;
	c->text = strdup(text);
	c->ret = ret;
	c->tcp_state = -1;
	c->t_begin = T0 + begin * US;
	c->t_end = T0 + end * US;
	ev->t = c->t_begin;
	ev->id = (int)tl->n - 1;
	return c;
}

/* A packet as correlation would leave it, without its bytes. */
static struct sv_pktev *
packet(struct sv_timeline *tl, int from, int to, uint8_t flags,
    int64_t t, const char *note)
{
	struct sv_event *ev = sv_timeline_append(tl, SV_EV_PACKET);
	assert_non_null(ev);
	struct sv_pktev *p = &ev->u.pkt;
	ev->t = T0 + t * US;
	ev->id = (int)tl->n - 1;
	p->d.proto = SV_PROTO_TCP;
	p->d.tcp_flags = flags;
	p->from = from;
	p->to = to;
	p->cause = -1;
	p->origin = SV_ORIGIN_KERNEL;
	snprintf(p->note, sizeof(p->note), "%s", note ? note : "");
	tl->packets++;
	return p;
}

static void
finish_world(struct sv_timeline *tl)
{
	tl->t0 = tl->n ? tl->ev[0].t : 0;
}

/* ---- laying out, and the rules ---- */

struct rect {
	double x, y, w, h;
	int text, ground, lane;
	enum sv_lbox_kind kind;
	enum sv_lmark_kind mark;
	char s[200];
};

struct laid {
	struct rect *r;
	size_t n, cap;
	double width, height, life_y0, life_y1;
	double lane_x[64];
	int lanes;
	int gaps;
	char gap[64];
};

static void
keep(struct laid *a, struct rect r)
{
	if (a->n == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 256;
		a->r = realloc(a->r, a->cap * sizeof(*a->r));
		assert_non_null(a->r);
	}
	a->r[a->n++] = r;
}

static void
take(struct sv_layout *L, struct laid *a)
{
	const struct sv_lrow *row;
	while ((row = sv_layout_next(L)) != NULL) {
		if (row->kind == SV_ROW_GAP) {
			a->gaps++;
			if (row->n_box > 0)
				snprintf(a->gap, sizeof(a->gap), "%s",
				    sv_lbox_text(row, &row->box[0]));
		}
		for (size_t i = 0; i < row->n_box; i++) {
			const struct sv_lbox *b = &row->box[i];
			struct rect r = { b->x, b->y, b->w, b->h, 1,
			    (b->flags & SV_LBOX_GROUND) != 0, b->lane < 0 ? -1 :
			    sv_layout_pos(L, b->lane), b->kind, 0, "" };
			snprintf(r.s, sizeof(r.s), "%s", sv_lbox_text(row, b));
			keep(a, r);
		}
		for (size_t i = 0; i < row->n_mark; i++) {
			const struct sv_lmark *m = &row->mark[i];
			struct rect r = { m->x, m->y, m->w, m->h, 0, 0,
			    m->lane < 0 ? -1 : sv_layout_pos(L, m->lane), 0,
			    m->kind, "" };
			keep(a, r);
		}
	}
}

static void
lay_out(const struct sv_timeline *tl, const struct sv_layout_metrics *m,
    struct laid *a)
{
	char err[64];
	struct sv_layout_opts o = { .heading = 1, .legend = 1, .color = 1 };
	struct sv_layout *L = sv_layout_new(tl, m, &o, err, sizeof(err));
	assert_non_null(L);
	memset(a, 0, sizeof(*a));
	take(L, a);
	for (size_t i = 0; i < tl->n; i++) {
		sv_layout_event(L, &tl->ev[i]);
		take(L, a);
	}
	sv_layout_end(L);
	take(L, a);
	assert_false(sv_layout_failed(L));
	a->width = sv_layout_width(L);
	a->height = sv_layout_height(L);
	sv_layout_lifelines(L, &a->life_y0, &a->life_y1);
	a->lanes = sv_layout_lanes(L);
	for (int i = 0; i < a->lanes && i < 64; i++)
		a->lane_x[i] = sv_layout_lane_x(L, i);
	sv_layout_free(L);
}

static int
overlap(const struct rect *p, const struct rect *q)
{
	const double e = 0.01;
	return p->x < q->x + q->w - e && q->x < p->x + p->w - e &&
	    p->y < q->y + q->h - e && q->y < p->y + p->h - e;
}

/* The rules of render/layout.h; the number broken, each printed. */
static int
broken_rules(const struct laid *a, double life_w)
{
	int bad = 0;
	for (size_t i = 0; i < a->n; i++) {
		const struct rect *p = &a->r[i];
		if (p->x < -0.01 || p->y < -0.01 || p->x + p->w > a->width +
		    0.01 || p->y + p->h > a->height + 0.01) {
			print_message("outside: %s\n", p->s);
			bad++;
		}
		if (!p->text)
			continue;
		for (int l = 0; l < a->lanes && !p->ground; l++) {
			struct rect life = { a->lane_x[l] - life_w / 2,
			    a->life_y0, life_w, a->life_y1 - a->life_y0, 0, 0,
			    0, 0, 0, "" };
			if (overlap(p, &life)) {
				print_message("crosses lane %d: %s\n", l, p->s);
				bad++;
			}
		}
		if (p->kind == SV_BOX_NOTE && p->lane >= 0) {
			double lo = p->lane > 0 ? a->lane_x[p->lane - 1] : 0;
			double hi = p->lane + 1 < a->lanes ?
			    a->lane_x[p->lane + 1] : a->width;
			if (p->x < lo || p->x + p->w > hi) {
				print_message("note outside: %s\n", p->s);
				bad++;
			}
		}
		for (size_t j = 0; j < a->n; j++) {
			const struct rect *q = &a->r[j];
			if (j == i || !overlap(p, q))
				continue;
			if (q->text && j > i) {
				print_message("overlap: %s | %s\n", p->s, q->s);
				bad++;
			} else if (!q->text && (q->mark == SV_MARK_BAR ||
			    q->mark == SV_MARK_DOT || q->mark ==
			    SV_MARK_RING)) {
				print_message("crosses a mark: %s\n", p->s);
				bad++;
			}
		}
	}
	return bad;
}

static void
laid_free(struct laid *a)
{
	free(a->r);
	a->r = NULL;
}

static const struct rect *
find(const struct laid *a, enum sv_lbox_kind k, const char *s)
{
	for (size_t i = 0; i < a->n; i++)
		if (a->r[i].text && a->r[i].kind == k &&
		    strstr(a->r[i].s, s) != NULL)
			return &a->r[i];
	return NULL;
}

static struct sv_layout_metrics
cells(int width)
{
	struct sv_layout_metrics m = sv_layout_cells;
	m.width = width;
	return m;
}

/* ---- the cases ---- */

static struct sv_timeline *
two_notes(void)
{
	struct sv_timeline *tl = world();
	struct sv_call *c = call(tl, 0, "socket(AF_INET, SOCK_STREAM, 0)",
	    3, 0, 10);
	c->note = strdup("A note about the server, long enough to wrap over"
	    " more than one line of its column.");
	c = call(tl, 1, "connect(3, 127.0.0.1:8888)", 0, 100, 200);
	c->note = strdup("A note about the client: it sits right of the"
	    " client's lifeline, never across the server's.");
	c = call(tl, 0, "accept(3, NULL, NULL)", 4, 300, 900);
	c->blocked = 1;
	c->note = strdup("Written beside a call asleep in the kernel: never"
	    " through its bar.");
	call(tl, 1, "send(3, \"hi\", 2, 0)", 2, 500, 520);
	finish_world(tl);
	return tl;
}

/* A note sits beside its own actor's lane, whatever the units. */
static void
test_notes_beside_their_lane(void **state)
{
	(void)state;
	struct sv_timeline *tl = two_notes();
	const struct sv_layout_metrics *ms[] = { &sv_layout_points, NULL };
	struct sv_layout_metrics c100 = cells(100);
	ms[1] = &c100;
	for (int k = 0; k < 2; k++) {
		struct laid a;
		lay_out(tl, ms[k], &a);
		const struct rect *n0 = find(&a, SV_BOX_NOTE, "the server");
		const struct rect *n1 = find(&a, SV_BOX_NOTE, "the client");
		assert_non_null(n0);
		assert_non_null(n1);
		assert_true(n0->x + n0->w <= a.lane_x[0]);
		assert_true(n1->x >= a.lane_x[1]);
		assert_int_equal(broken_rules(&a, ms[k]->life_w), 0);
		laid_free(&a);
	}
	sv_timeline_free(tl);
}

/* 50 ms of nothing among rows 100 µs apart: one gap row says so. */
static void
test_a_long_wait_is_a_gap_row(void **state)
{
	(void)state;
	struct sv_timeline *tl = world();
	for (int i = 0; i < 8; i++)
		call(tl, i % 2, "close(3)", 0, i * 100, i * 100 + 10);
	call(tl, 0, "close(4)", 0, 700 + 50000, 700 + 50010);
	finish_world(tl);
	struct laid a;
	lay_out(tl, &sv_layout_points, &a);
	assert_int_equal(a.gaps, 1);
	assert_string_equal(a.gap, "\xe2\x8b\xaf 50 ms \xe2\x8b\xaf");
	laid_free(&a);
	/* Evenly spread calls have none. */
	sv_timeline_free(tl);
	tl = world();
	for (int i = 0; i < 8; i++)
		call(tl, i % 2, "close(3)", 0, i * 20000, i * 20000 + 10);
	finish_world(tl);
	lay_out(tl, &sv_layout_points, &a);
	assert_int_equal(a.gaps, 0);
	laid_free(&a);
	sv_timeline_free(tl);
}

/* A capture's lanes: every client left of the server it opened a
 * conversation with, whichever order they were met in. */
static void
test_clients_left_of_their_server(void **state)
{
	(void)state;
	struct sv_timeline *tl = sv_timeline_new();
	assert_non_null(tl);
	int c1 = sv_timeline_add_lane(tl, "127.0.0.1:40000", 1);
	int s = sv_timeline_add_lane(tl, "127.0.0.1:8888", 1);
	int c2 = sv_timeline_add_lane(tl, "127.0.0.1:40001", 1);
	tl->lanes[c1].client_of = s;
	tl->lanes[c2].client_of = s;
	packet(tl, c1, s, SV_TCP_SYN, 0, NULL);
	packet(tl, c2, s, SV_TCP_SYN, 50000, NULL);
	finish_world(tl);
	char err[64];
	struct sv_layout_opts o = { .heading = 1 };
	struct sv_layout *L = sv_layout_new(tl, &sv_layout_points, &o, err,
	    sizeof(err));
	assert_non_null(L);
	assert_true(sv_layout_pos(L, c1) < sv_layout_pos(L, s));
	assert_true(sv_layout_pos(L, c2) < sv_layout_pos(L, s));
	sv_layout_free(L);
	sv_timeline_free(tl);
}

/* ✓ on a call that failed as the scenario expects says so. */
static void
test_a_failure_as_expected_says_so(void **state)
{
	(void)state;
	struct sv_timeline *tl = world();
	struct sv_call *c = call(tl, 1, "connect(3, 127.0.0.1:9)", -1, 0, 10);
	c->err = 111;
	c->expect = strdup("= -1 ECONNREFUSED");
	c = call(tl, 1, "close(3)", 0, 20, 30);
	c->expect = strdup("= 0");
	finish_world(tl);
	struct laid a;
	lay_out(tl, &sv_layout_points, &a);
	const struct rect *m = find(&a, SV_BOX_MARK, "\xe2\x9c\x93");
	assert_non_null(m);
	assert_string_equal(m->s, "\xe2\x9c\x93 as expected");
	assert_non_null(find(&a, SV_BOX_LEGEND, "as the scenario says"));
	laid_free(&a);
	sv_timeline_free(tl);
}

/* A packet's note is wrapped, never cut: every word of it is drawn. */
static void
test_a_packets_note_is_never_cut(void **state)
{
	(void)state;
	const char *note = "RST: no socket on 127.0.0.1:18890 takes this"
	    " connection";
	struct sv_timeline *tl = world();
	call(tl, 1, "connect(3, 127.0.0.1:18890)", -1, 0, 100);
	packet(tl, 0, 1, SV_TCP_RST | SV_TCP_ACK, 50, note);
	finish_world(tl);
	struct sv_layout_metrics ms[] = { sv_layout_points, cells(72) };
	for (int k = 0; k < 2; k++) {
		struct laid a;
		char all[600] = "";
		lay_out(tl, &ms[k], &a);
		for (size_t i = 0; i < a.n; i++)
			if (a.r[i].text && a.r[i].kind == SV_BOX_DETAIL) {
				strcat(all, all[0] ? " " : "");
				strcat(all, a.r[i].s);
			}
		for (const char *w = "RST: no socket on 127.0.0.1:18890 takes"
		    " this connection"; *w;) {
			char word[64];
			size_t n = strcspn(w, " ");
			snprintf(word, sizeof(word), "%.*s", (int)n, w);
			assert_non_null(strstr(all, word));
			w += n + (w[n] == ' ');
		}
		assert_int_equal(broken_rules(&a, ms[k].life_w), 0);
		laid_free(&a);
	}
	sv_timeline_free(tl);
}

/* The terminal's ladder fits its width: no lane cut at the right. */
static void
test_text_fits_its_width(void **state)
{
	(void)state;
	struct sv_timeline *tl = two_notes();
	for (int w = 72; w <= 140; w += 28) {
		struct sv_layout_metrics m = cells(w);
		struct laid a;
		lay_out(tl, &m, &a);
		assert_true(a.width <= w);
		assert_non_null(find(&a, SV_BOX_CALL, "socket(AF_INET,"));
		assert_int_equal(broken_rules(&a, m.life_w), 0);
		laid_free(&a);
	}
	sv_timeline_free(tl);
}

/* Slides: the newest rows stay in view; rows are whole. */
static void
test_slides_scroll_to_the_newest_row(void **state)
{
	(void)state;
	struct sv_slides *s = sv_slides_new(100, 10);
	struct sv_lrow r;
	assert_non_null(s);
	memset(&r, 0, sizeof(r));
	for (int i = 0; i < 5; i++) {
		r.y = 10 + 30 * i;
		r.h = 30;
		r.step = i;
		assert_int_equal(sv_slides_push(s, &r), 0);
	}
	/* Rows at 10..160: three fit in 100, the newest last. */
	assert_int_equal(sv_slides_count(s), 3);
	assert_int_equal(sv_slides_row(s, 2)->step, 4);
	assert_true(sv_slides_shift(s) == 70);
	sv_slides_free(s);
	/* Fewer rows than a frame: shown from the top. */
	s = sv_slides_new(100, 10);
	r.y = 10;
	assert_int_equal(sv_slides_push(s, &r), 0);
	assert_true(sv_slides_shift(s) == 10);
	sv_slides_free(s);
}

/* ---- the golden inputs, whole ---- */

static struct sv_timeline *
read_pcapng(const char *path)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	char why[400];
	struct sv_capreader *rd = sv_capreader_open_file(fp, why, sizeof(why));
	assert_non_null(rd);
	struct sv_timeline *tl = sv_timeline_new();
	struct sv_packet p;
	/* The calls travel in the section's comments, read with its first
	 * packet; then the packets. */
	int r = sv_capreader_next(rd, &p, why, sizeof(why));
	const char *const *c;
	size_t nc = sv_capreader_section_comments(rd, &c);
	int oom = 0;
	char *enc = sv_timeline_join(c, nc, &oom);
	assert_false(oom);
	assert_non_null(enc);
	assert_int_equal(sv_timeline_decode(tl, enc, strlen(enc), why,
	    sizeof(why)), 0);
	free(enc);
	for (; r == 1; r = sv_capreader_next(rd, &p, why, sizeof(why))) {
		struct sv_packet copy;
		assert_int_equal(sv_packet_copy(&copy, &p), 0);
		assert_int_equal(sv_timeline_add_packet(tl, &copy), 0);
		tl->packets++;
	}
	assert_int_equal(r, 0);
	sv_capreader_free(rd);
	fclose(fp);
	assert_int_equal(sv_correlate(tl, why, sizeof(why)), 0);
	return tl;
}

static void
test_rules_hold_for_every_golden_input(void **state)
{
	(void)state;
	const char *data = getenv("SOCKVIZ_TESTDATA");
	char dir[512], path[1024];
	if (data == NULL)
		skip();
	snprintf(dir, sizeof(dir), "%s/golden/in", data);
	DIR *d = opendir(dir);
	if (d == NULL)
		skip();
	struct dirent *e;
	int files = 0;
	while ((e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);
		if (n < 8 || strcmp(e->d_name + n - 7, ".pcapng") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		struct sv_timeline *tl = read_pcapng(path);
		struct sv_layout_metrics ms[] = { sv_layout_points,
		    cells(72), cells(100), cells(140) };
		for (int k = 0; k < 4; k++) {
			struct laid a;
			lay_out(tl, &ms[k], &a);
			if (broken_rules(&a, ms[k].life_w) != 0)
				fail_msg("%s: the rules broken", e->d_name);
			laid_free(&a);
		}
		sv_timeline_free(tl);
		files++;
	}
	closedir(d);
	assert_true(files > 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_notes_beside_their_lane),
		cmocka_unit_test(test_a_long_wait_is_a_gap_row),
		cmocka_unit_test(test_clients_left_of_their_server),
		cmocka_unit_test(test_a_failure_as_expected_says_so),
		cmocka_unit_test(test_a_packets_note_is_never_cut),
		cmocka_unit_test(test_text_fits_its_width),
		cmocka_unit_test(test_slides_scroll_to_the_newest_row),
		cmocka_unit_test(test_rules_hold_for_every_golden_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
