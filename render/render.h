/*
 * One interface for every output format: begin, one call per event, end.
 * Adding a format is adding one file and one line in render/registry.c.
 */
#ifndef SOCKVIZ_RENDER_RENDER_H
#define SOCKVIZ_RENDER_RENDER_H

#include <stdio.h>

#include "render/timeline.h"

struct sv_out {
	FILE *fp;
	int color;               /* ANSI colours (terminal only) */
	int width;               /* columns, for the terminal */
	void *priv;              /* the renderer's own state */
	char err[256];           /* set by a renderer that fails */
};

struct sv_renderer {
	const char *name;        /* "json", as --format takes it */
	const char *ext;         /* ".json", as -o FILE ends */
	const char *what;        /* one line for --help */
	int binary;              /* never to a terminal */
	int (*begin)(struct sv_out *o, const struct sv_timeline *tl);
	int (*event)(struct sv_out *o, const struct sv_timeline *tl,
	    const struct sv_event *ev);
	int (*end)(struct sv_out *o, const struct sv_timeline *tl);
};

const struct sv_renderer *sv_renderer_by_name(const char *name);
/* By the path's extension; NULL when it names no format. */
const struct sv_renderer *sv_renderer_by_path(const char *path);
/* NULL-terminated list of every renderer. */
const struct sv_renderer *const *sv_renderers(void);

/* Run r over the whole timeline. 0, or -1 with o->err set. */
int sv_render(const struct sv_renderer *r, struct sv_out *o,
    const struct sv_timeline *tl);

/* Helpers renderers share. */
/* Nanoseconds since the timeline's first event. */
int64_t sv_rel_ns(const struct sv_timeline *tl, int64_t t);
/* "SYN,ACK" or "" for the packet; "UDP 4" style summary in buf. */
const char *sv_pkt_flags(const struct sv_pktev *p, char *buf, size_t size);
/* One-line label: "SYN seq=0 ack=0 len=0", "UDP len=4", "ICMP port
 * unreachable". */
const char *sv_pkt_label(const struct sv_pktev *p, char *buf, size_t size);
/* The name of the call that caused a packet: "connect()", or "kernel". */
const char *sv_cause_name(const struct sv_timeline *tl,
    const struct sv_pktev *p, char *buf, size_t size);

#endif
