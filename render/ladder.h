/*
 * What the ladder-shaped formats share while they stream the timeline:
 * the layout (layout.c, for text.c, svg.c and tikz.c) and seqtext.c
 * (Mermaid, PlantUML). Internal to render/.
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

#endif
