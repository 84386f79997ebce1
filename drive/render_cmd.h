/*
 * `sockviz render FILE`: draw a capture someone made, or one sockviz
 * wrote, with the same renderers a run uses.
 */
#ifndef SOCKVIZ_DRIVE_RENDER_CMD_H
#define SOCKVIZ_DRIVE_RENDER_CMD_H

#include <stdio.h>

#include "drive/render_select.h"
#include "render/render.h"

/* One destination: a renderer and where it writes. */
struct sv_sink {
	const struct sv_renderer *r;
	struct sv_out out;
	const char *name;        /* for messages: a path or "standard output" */
};

/*
 * Read the capture in fp (named name in messages) and draw it into every
 * sink. A pcapng file that sockviz wrote carries its calls: the timeline
 * is the run's own. Any other capture is streamed (twice where fp can be
 * rewound: once to learn the lanes, once to draw), so memory grows with
 * conversations, not packets. filter, when not NULL, is a pcap filter
 * expression; sel, when not NULL, the conversations to draw (--conv,
 * --top: a first pass counts them when it must). Returns an exit status
 * (0, 2 bad input, 3 out of memory); on damaged input the sinks hold
 * what came before the damage and errbuf says where it was.
 */
int sv_render_capture(FILE *fp, const char *name, const char *filter,
    struct sv_select *sel, struct sv_sink *sinks, int n_sinks,
    char *errbuf, size_t errlen);

/* The conversations in the capture, one line each, with their packet and
 * byte counts. Same return values. */
int sv_render_flows(FILE *fp, const char *name, const char *filter,
    FILE *out, char *errbuf, size_t errlen);

#endif
