/*
 * The ladder's geometry, computed once for every format that draws it
 * (text.c, svg.c, tikz.c; a PDF or PNG backend), in abstract units that
 * each backend scales: a terminal's cells, or a picture's points. The
 * backends only draw what this says, so that every picture says the
 * same thing in the same place (docs/design.md, "Output, for people").
 * Internal to render/.
 *
 * What it lays out, top to bottom:
 *   - the heading: title, summary, what was captured, the scenario's
 *     opening notes;
 *   - the lanes: one lifeline per actor (or address:port), under a header
 *     naming the actor and its own address ("server 127.0.0.1:8888");
 *   - rows, one per call, packet, blocked call's return, note, failure,
 *     fate and gap in time, each with its text boxes and marks (dots,
 *     arrows, bars);
 *   - the footer: what the kernel holds after the last step, the counts,
 *     the expectations, and a legend of the marks and colours used.
 *
 * Streaming. sv_layout_new() places the lanes, from the lanes and calls
 * (all in the timeline at begin) and the packets the timeline holds, if
 * any; rows are then made one at a time as the events arrive:
 *
 *	L = sv_layout_new(tl, &metrics, &opts, err, errlen);
 *	while ((row = sv_layout_next(L)) != NULL) draw(row);   heading, lanes
 *	for each event: sv_layout_event(L, ev);
 *	                while ((row = sv_layout_next(L)) != NULL) draw(row);
 *	sv_layout_end(L);
 *	while ((row = sv_layout_next(L)) != NULL) draw(row);   returns, footer
 *	sv_layout_free(L);
 *
 * A row is valid until the next call of sv_layout_next(); the event it
 * was made from, until the next sv_layout_event(). Only one row is held,
 * so memory does not grow with the number of packets.
 *
 * Lanes reused. A capture with more address lanes than fit (or than
 * reuse_over) is drawn on fewer: once every conversation on a lane has
 * ended (its last packet drawn, tl->spans), a later conversation's
 * endpoint may take it, and a SV_ROW_RELABEL row says so, right before
 * the packet that first draws the new endpoint there, with a header box
 * ("↓ 127.0.0.1:50002") on that lane's lifeline. An endpoint keeps its
 * own lane when it comes back to it free, so that a server stays put;
 * sv_layout_pos() is where a lane is drawn at the row last made.
 *
 * Placement rules (tests/integration/geometry.sh checks them over every
 * lesson, through the hidden format "layout"): no two text boxes overlap;
 * no text box crosses a lifeline, a bar or an arrow, except a label drawn
 * on a ground that hides the lifelines of the lanes its arrow crosses
 * (SV_LBOX_GROUND); nothing leaves the canvas; a note, a failure and a
 * fate sit beside their own actor's lane (left of the leftmost lane, right
 * of the others), never across another lifeline; every box is a line tall
 * with its descenders, so nothing touches the text above it. Text is
 * wrapped, never cut.
 *
 * Coordinates: x to the right, y down, from the canvas's top left corner.
 * In cells a lifeline's x is the middle of its column (col + 0.5) and a
 * box's x and w are whole columns.
 */
#ifndef SOCKVIZ_RENDER_LAYOUT_H
#define SOCKVIZ_RENDER_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "render/palette.h"
#include "render/timeline.h"

/* What a text box says. Each kind has one font in a backend. */
enum sv_lbox_kind {
	SV_BOX_KICKER,           /* "sockviz · tcp" */
	SV_BOX_TITLE,
	SV_BOX_SUMMARY,
	SV_BOX_META,             /* "10 packets captured ..." */
	SV_BOX_INTRO,            /* the notes before the first step */
	SV_BOX_MS,               /* "ms", over the times */
	SV_BOX_LANE,             /* a lane's name */
	SV_BOX_ENDPOINT,         /* ... and its own address */
	SV_BOX_TIME,
	SV_BOX_CALL,             /* "connect(3, 127.0.0.1:8888)" */
	SV_BOX_RESULT,           /* "= 0", "= 5 \"hello\"", "blocks…" */
	SV_BOX_MARK,             /* "✓", "✓ as expected", "✗" */
	SV_BOX_AFTER,            /* "ESTABLISHED · 3 packets" */
	SV_BOX_RETURN,           /* "↳ accept() returns 4" */
	SV_BOX_LABEL,            /* over an arrow: "SYN,ACK" */
	SV_BOX_DETAIL,           /* beside or under it: "seq=0 ack=1 · ..." */
	SV_BOX_NOTE,
	SV_BOX_FAILURE,          /* "✗ expected ..." */
	SV_BOX_FATE,             /* "client killed by SIGPIPE" */
	SV_BOX_GAP,              /* "⋯ 40 ms ⋯" */
	SV_BOX_FOOT,             /* "After the last step, the kernel holds:" */
	SV_BOX_FINAL_LANE,       /* a final state: "client" */
	SV_BOX_FINAL,            /* "127.0.0.1:51632 ⇄ 127.0.0.1:8888" */
	SV_BOX_FINAL_STATE,      /* "TIME_WAIT" */
	SV_BOX_COUNTS,           /* "14 calls, 9 of them silent ..." */
	SV_BOX_EXPECT,           /* "✓ All 14 expectations held." */
	SV_BOX_LEGEND,           /* a legend entry's words */
	SV_BOX_LEGEND_SYM,       /* a legend entry's sign, when it is text */
	SV_BOX_RELABEL,          /* "↓ 127.0.0.1:50002": a reused lane's
	                          * endpoint from this row on */
};
#define SV_BOX_KINDS (SV_BOX_RELABEL + 1)

enum {
	SV_LBOX_BOLD = 1 << 0,
	SV_LBOX_ITALIC = 1 << 1,
	SV_LBOX_GROUND = 1 << 2, /* on a paper ground that hides the
	                          * lifelines under it */
	SV_LBOX_FIRST = 1 << 3,  /* the first line of a text wrapped over
	                          * several boxes */
};

struct sv_lbox {
	enum sv_lbox_kind kind;
	double x, y, w, h;       /* h: a line, its descenders included */
	int lane;                /* the timeline's lane it speaks of, -1 */
	enum sv_ink ink;
	unsigned flags;          /* SV_LBOX_* */
	size_t off, len;         /* its text in the row's */
};

enum sv_lmark_kind {
	SV_MARK_DOT,             /* a call, on its lane */
	SV_MARK_RING,            /* a blocked call's return */
	SV_MARK_BAR,             /* a call asleep, across the row */
	SV_MARK_ARROW,           /* a packet */
	SV_MARK_LOOP,            /* a packet from a lane to itself */
	SV_MARK_GROUND,          /* a note's or a failure's tinted ground */
	SV_MARK_LANEBOX,         /* a lane's header */
	SV_MARK_BREAK,           /* time left out: the lifelines broken */
	SV_MARK_SAMPLE,          /* a legend entry's sign: an arrow, a dot,
	                          * a ring, a bar, by sample */
};
#define SV_MARK_KINDS (SV_MARK_SAMPLE + 1)

enum {
	SV_LMARK_DASHED = 1 << 0, /* an arrow a kernel sent on its own; an
	                          * address lane's header */
	SV_LMARK_LEFT = 1 << 1,  /* an arrow pointing left */
	SV_LMARK_TOP = 1 << 2,   /* a bar that begins in this row */
	SV_LMARK_BOTTOM = 1 << 3, /* ... that ends in it */
};

struct sv_lmark {
	enum sv_lmark_kind kind;
	double x, y, w, h;       /* its bounds; an arrow's line is at
	                          * y + h / 2 from x to x + w */
	int lane;                /* the timeline's lane, -1 */
	enum sv_ink ink;
	unsigned flags;          /* SV_LMARK_* */
	/* An arrow: where its label interrupts it (cells: the label is
	 * written on the arrow), gx0 == gx1 when nowhere. A sample: what
	 * it shows, as a mark kind (SV_MARK_ARROW, _DOT, _RING, _BAR). */
	double gx0, gx1;
	int sample;
};

enum sv_lrow_kind {
	SV_ROW_HEAD,             /* title ... intro */
	SV_ROW_LANES,            /* the lanes' headers */
	SV_ROW_CALL,
	SV_ROW_RETURN,
	SV_ROW_PACKET,
	SV_ROW_NOTE,
	SV_ROW_FAILURE,
	SV_ROW_FATE,
	SV_ROW_GAP,
	SV_ROW_END,              /* the lifelines' last stretch */
	SV_ROW_FOOT,
	SV_ROW_LEGEND,
	SV_ROW_RELABEL,          /* reused lanes' new endpoints, in the step
	                          * of the packet that first draws them */
};
#define SV_ROW_KINDS (SV_ROW_RELABEL + 1)

struct sv_lrow {
	enum sv_lrow_kind kind;
	double y, h;
	int ladder;              /* the lifelines run through it */
	/* The drawn step it belongs to, from 0 in order (a call with its
	 * notes, a packet, a return; a gap goes with the step after it),
	 * or -1; the kind of that step's event (SV_ROW_CALL, _PACKET,
	 * _RETURN); the event's id; 1 for the step's first row. */
	int step, step_kind, ev, first;
	const struct sv_event *event;   /* until the next sv_layout_event */
	const struct sv_final *final;   /* a SV_ROW_FOOT of a final state */
	int64_t t;               /* when, for a row with a time */
	int timed;
	struct sv_lbox *box;
	size_t n_box;
	struct sv_lmark *mark;
	size_t n_mark;
	char *text;              /* the boxes' text, each NUL-terminated */
	size_t n_text;
	size_t cap_box, cap_mark, cap_text;  /* private */
};

/* A copy of src into dst, which owns its buffers (zeroed the first
 * time): 0, or -1 when out of memory. sv_lrow_clear() frees them. */
int sv_lrow_copy(struct sv_lrow *dst, const struct sv_lrow *src);
void sv_lrow_clear(struct sv_lrow *r);

/* The text of a box of row r (NUL-terminated). */
const char *sv_lbox_text(const struct sv_lrow *r, const struct sv_lbox *b);

/* One font of a backend: its size (for the backend), the advance of a
 * character cell, the box height of a line, and the baseline from the
 * box's top. */
struct sv_lfont {
	double size, ch, lh, base;
};

struct sv_layout_metrics {
	int cells;               /* whole cells: a terminal */
	struct sv_lfont font[SV_BOX_KINDS];
	double margin;           /* the canvas's edge to anything drawn */
	double time_gap;         /* the times to the text right of them */
	double pad;              /* a lifeline to the text beside it */
	double life_w;           /* a lifeline's width */
	double dot_r;
	double bar_w;
	double row_pad;          /* above and below a row's content */
	double para;             /* between the heading's paragraphs */
	double lead;             /* lane headers to the first row */
	double tail;             /* the last row to the lifelines' end */
	double foot_gap;         /* lifelines' end to the footer */
	double head_pad_x, head_pad_y;  /* inside a lane's header box */
	double head_gap;         /* between two lanes' headers */
	double arrow_band;       /* the arrow's stripe between its label and
	                          * its detail (pictures) */
	double arrow_inset;      /* an arrow ends this far from a lifeline */
	double loop_w, loop_h;
	double label_pad;        /* around a label on its arrow */
	double min_gap;          /* between two lifelines, at least */
	double comfort_gap;      /* ... widened to this when there is room */
	double min_text;         /* a lane's text column, at the narrowest */
	double cap_text;         /* a lane's text column widens for its calls
	                          * up to this, then they wrap */
	double cap_note;         /* ... and for its notes, up to this */
	double width;            /* the canvas's width, or 0: as wide as the
	                          * text wants, at least min_width */
	double min_width;
	int max_lanes;           /* lanes drawn; the rest share the last
	                          * ("… 7 more"); 0 for no limit */
	int reuse_over;          /* a capture with more address lanes than
	                          * this, or than fit, reuses the lanes of
	                          * conversations that ended; 0: only when
	                          * they do not fit */
	int inline_label;        /* the label written on its arrow (cells);
	                          * else above it */
	int detail_beside;       /* the detail beside the sender (cells);
	                          * else under the arrow */
	int side_heads;          /* the first lane's header ends at its
	                          * lifeline, the last's starts at it
	                          * (cells); else each is centred */
	int title_line;          /* kicker and title on one line (cells) */
	const char *note_mark;   /* before a note's first line: "» " */
	double scale_row;        /* --time scaled: a typical gap between two
	                          * rows is this tall */
	double max_break;        /* ... a longer one than this is cut and
	                          * marked as a gap */
};

/* A terminal (set .width to its columns), an SVG or TikZ picture, and a
 * 1920x1080 slide. */
extern const struct sv_layout_metrics sv_layout_cells;
extern const struct sv_layout_metrics sv_layout_points;
extern const struct sv_layout_metrics sv_layout_slides;

struct sv_layout_opts {
	int heading;             /* lay out the heading (a page around the
	                          * picture may set it itself) */
	int time_scaled;         /* rows on a time axis, to scale */
	int legend;              /* lay out the legend */
	int color;               /* the legend names colours (a terminal
	                          * without colours shows none) */
};

struct sv_layout;

/* The lanes placed, the heading and lanes' rows queued; NULL with err
 * set (out of memory). m and o are copied. */
struct sv_layout *sv_layout_new(const struct sv_timeline *tl,
    const struct sv_layout_metrics *m, const struct sv_layout_opts *o,
    char *err, size_t errlen);
void sv_layout_free(struct sv_layout *L);

/* The rows of one more event: the returns of blocked calls that came
 * back before it, a gap, its own rows. */
void sv_layout_event(struct sv_layout *L, const struct sv_event *ev);
/* The returns still pending, the lifelines' end, the footer. */
void sv_layout_end(struct sv_layout *L);
/* The next row, or NULL when every row queued has been made. */
const struct sv_lrow *sv_layout_next(struct sv_layout *L);

/* The canvas's width. */
double sv_layout_width(const struct sv_layout *L);
/* The bottom of the last row made: the canvas's height once the last
 * row is made. */
double sv_layout_height(const struct sv_layout *L);
/* Where the lifelines run, from y0 (under the lanes' headers) to y1
 * (known once SV_ROW_END is made; until then, the last row's bottom). */
void sv_layout_lifelines(const struct sv_layout *L, double *y0, double *y1);

/* A lifeline's width. */
double sv_layout_life_w(const struct sv_layout *L);
/* Whether memory ran out while rows were made (some boxes are missing). */
int sv_layout_failed(const struct sv_layout *L);

/* The lanes drawn, left to right: the i-th's lifeline x, its timeline
 * lane (-1 for the lane that gathers those beyond max_lanes), whether it
 * is an address:port lane. */
int sv_layout_lanes(const struct sv_layout *L);
double sv_layout_lane_x(const struct sv_layout *L, int i);
int sv_layout_lane_of(const struct sv_layout *L, int i);
int sv_layout_lane_endpoint(const struct sv_layout *L, int i);
/* Where the timeline's lane is drawn: its index among the lanes drawn. */
int sv_layout_pos(const struct sv_layout *L, int lane);

/* The whole picture's height, made by laying out every event tl holds,
 * and where its lifelines run: for a backend that writes those first.
 * -1 when out of memory. */
double sv_layout_measure(const struct sv_timeline *tl,
    const struct sv_layout_metrics *m, const struct sv_layout_opts *o,
    double *life_y0, double *life_y1);

/* "box", "row" ...: names of kinds, as the format "layout" prints them. */
const char *sv_lbox_kind_name(enum sv_lbox_kind k);
const char *sv_lmark_kind_name(enum sv_lmark_kind k);
const char *sv_lrow_kind_name(enum sv_lrow_kind k);

/*
 * Slides: a frame of fixed height shows the newest rows of the ladder;
 * as steps are added it scrolls. Push the ladder's rows as they are made
 * (copies are kept, as many as can still be in view); after the rows of
 * step K, the frame of step K shows sv_slides_count() rows, oldest first,
 * each moved up by sv_slides_shift(). Rows are whole or not shown.
 */
struct sv_slides;

/* A frame view_h tall, for rows starting at y top (the first ladder
 * row's y). */
struct sv_slides *sv_slides_new(double view_h, double top);
void sv_slides_free(struct sv_slides *s);
/* Keep a copy of r; 0, or -1 when out of memory. */
int sv_slides_push(struct sv_slides *s, const struct sv_lrow *r);
size_t sv_slides_count(const struct sv_slides *s);
const struct sv_lrow *sv_slides_row(const struct sv_slides *s, size_t i);
/* What to subtract from the rows' y for the frame: their y is then from
 * top, down. */
double sv_slides_shift(const struct sv_slides *s);

#endif
