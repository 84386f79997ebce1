/*
 * The ladder drawn as SVG, for render/svg.c (a picture on its own) and
 * render/html.c (the same picture inside a page). Internal to render/.
 *
 * The drawing follows the renderer's shape: sv_svg_new() lays the picture
 * out (render/layout.h) from what begin knows (lanes, calls, the packets
 * the timeline holds), then sv_svg_open(), one sv_svg_event() per event,
 * sv_svg_close(). Nothing is kept per packet, so memory does not grow
 * with the capture; when the packets stream past, the picture is written
 * whole by sv_svg_close(), once its height is known.
 */
#ifndef SOCKVIZ_RENDER_SVG_DRAW_H
#define SOCKVIZ_RENDER_SVG_DRAW_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "render/timeline.h"

enum {
	SV_SVG_STANDALONE = 1,   /* a file of its own: a <title>, and the
	                          * heading (title, summary, capture, intro) */
	SV_SVG_TIME_SCALED = 2,  /* rows on a time axis (--time scaled) */
};

struct sv_svg;

/* The layout, or NULL with err set (out of memory). */
struct sv_svg *sv_svg_new(const struct sv_timeline *tl, int flags,
    char *err, size_t errlen);
void sv_svg_free(struct sv_svg *d);

/* The <svg> element's start, the heading, the lanes. */
void sv_svg_open(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl);
/* One row (or a few: a call's notes, earlier calls' returns). */
void sv_svg_event(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev);
/* The returns still pending, the final states, the counts, </svg>. */
void sv_svg_close(struct sv_svg *d, FILE *fp, const struct sv_timeline *tl);

/* The colour of a packet's arrow: "#1a7f37" for a SYN. */
const char *sv_svg_pkt_colour(const struct sv_pktev *p);
/* Its kind, one of those sv_svg_kind() lists: "syn", "data", "udp"... */
const char *sv_svg_pkt_kind(const struct sv_pktev *p);
/* The i-th kind of arrow and its colour, for formats that name their
 * colours; NULL past the last. */
const char *sv_svg_kind(int i, const char **colour);

/* Milliseconds since the timeline's first event: "0.503". */
void sv_svg_ms(const struct sv_timeline *tl, int64_t t, char *buf,
    size_t size);

/*
 * n bytes of s as XML character data or attribute value: & < > " '
 * escaped, bytes that are not UTF-8 (or are characters XML forbids) as
 * '?', control characters as spaces; newlines and tabs kept when
 * keep_lines is set.
 */
void sv_xml_put(FILE *fp, const char *s, size_t n, int keep_lines);

#endif
