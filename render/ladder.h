/*
 * What the ladder-shaped formats share while they stream the timeline:
 * svg.c and tikz.c (drawn) and seqtext.c (Mermaid, PlantUML). Internal to
 * render/.
 *
 * A blocked call is drawn once where it was made and once more, as its
 * return, before the first event at or after its end: sv_ladder_wait()
 * keeps it until then, sv_ladder_due() hands the returns back in the
 * order they happened. The queue is sized in begin from the calls the
 * timeline holds, so nothing grows while events stream past.
 */
#ifndef SOCKVIZ_RENDER_LADDER_H
#define SOCKVIZ_RENDER_LADDER_H

#include <stddef.h>
#include <stdint.h>

#include "render/timeline.h"

struct sv_ladder_wait {
	int64_t t;               /* when the call returned */
	const struct sv_event *ev;
	double y;                /* where the caller drew it, if it cares */
};

struct sv_ladder {
	int n_lanes;             /* tl's, or one when it has none */
	int calls;               /* calls in the timeline */
	size_t blocked;          /* ... of which blocked */
	struct sv_ladder_wait *wait;
	size_t n_wait;
	/* The footer's counts, of what has been drawn. */
	int n_calls, n_silent, n_answer, n_kernel, n_expect, n_failed;
};

/* Counts tl's lanes and calls and makes room for every blocked call's
 * return; 0, or -1 when out of memory. */
int sv_ladder_init(struct sv_ladder *l, const struct sv_timeline *tl);
void sv_ladder_fini(struct sv_ladder *l);

/* A lane that exists: lane, or 0. */
int sv_ladder_lane(const struct sv_ladder *l, int lane);
/* A packet's lanes; one it lacks is the other's, lane 0 for both. */
void sv_ladder_pkt_lanes(const struct sv_ladder *l, const struct sv_pktev *p,
    int *from, int *to);

/* Counts the call for the footer. */
void sv_ladder_count_call(struct sv_ladder *l, const struct sv_call *c);
/* Counts the packet by its origin; whether a kernel sent it on its own
 * (never said of a capture without calls). */
int sv_ladder_count_pkt(struct sv_ladder *l, const struct sv_pktev *p);

/* Keeps the blocked call ev until its return; 0, or -1 for a call that
 * was not in the timeline at init (it gets no return). */
int sv_ladder_wait(struct sv_ladder *l, const struct sv_event *ev,
    double y);
/* The earliest return due by t into *w: 1, or 0 when none is. */
int sv_ladder_due(struct sv_ladder *l, int64_t t, struct sv_ladder_wait *w);

/*
 * How wide the text on a ladder is, for placing the lifelines: in
 * whatever unit the format draws in. need_* measure one string; the pads
 * are added as pad_arrow then pad_text to an arrow's widest text, and
 * loop then loop_inset to that for a packet from a lane to itself.
 */
struct sv_ladder_measure {
	double (*call)(const struct sv_call *c, const char *line);
	double (*ret)(const char *s);      /* a return, bolder */
	double (*after)(const char *s);    /* the line under a call */
	double (*label)(const char *s);    /* over an arrow */
	double (*detail)(const char *s);   /* under it */
	double pad_arrow, pad_text;
	double loop, loop_inset;
};

struct sv_ladder_room {
	double left;             /* lane 0's text, on its left */
	double *right;           /* each lane's text on its right */
	double arrow;            /* between two lanes, for an arrow's text */
	size_t pkt_events;       /* packets the timeline holds */
};

/* The room the text of tl's events wants; room->right is n_lanes long
 * and the caller's to free. 0, or -1 when out of memory. */
int sv_ladder_room(const struct sv_ladder *l, const struct sv_timeline *tl,
    const struct sv_ladder_measure *m, struct sv_ladder_room *room);

#endif
