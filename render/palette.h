/*
 * The one palette of the drawn formats (text.c, svg.c, tikz.c, and any
 * picture drawn from render/layout.h): every colour a ladder uses, as a
 * hex value for paper and as an ANSI attribute for a terminal, and what
 * an arrow's colour means, for the legend. Internal to render/.
 */
#ifndef SOCKVIZ_RENDER_PALETTE_H
#define SOCKVIZ_RENDER_PALETTE_H

#include <stddef.h>

#include "render/timeline.h"

enum sv_ink {
	SV_INK_TEXT,             /* calls, names */
	SV_INK_DIM,              /* times, what a call left, details */
	SV_INK_LIFE,             /* lifelines */
	/* Arrows, by what the packet is: */
	SV_INK_SYN,
	SV_INK_FIN,
	SV_INK_RST,
	SV_INK_DATA,             /* TCP with payload */
	SV_INK_UDP,
	SV_INK_ICMP,
	SV_INK_ACK,              /* TCP without payload or other flags */
	SV_INK_OTHER,            /* not understood past IP */
	/* Marks and notes: */
	SV_INK_OK,
	SV_INK_BAD,
	SV_INK_NOTE,
	SV_INK_WAIT,             /* a blocked call's bar, its edge */
	/* Grounds: */
	SV_INK_PAPER,
	SV_INK_NOTE_GROUND,
	SV_INK_BAD_GROUND,
	SV_INK_WAIT_GROUND,
	SV_INK_LANE_GROUND,
	SV_INK_LANE_EDGE,
};
#define SV_INK_COUNT (SV_INK_LANE_EDGE + 1)

struct sv_inkdef {
	const char *id;          /* "syn": names it in SVG ids, TikZ colours */
	const char *hex;         /* "#1a7f37", on white paper */
	const char *ansi;        /* "32", an SGR attribute; "" for none */
	const char *means;       /* an arrow's: "SYN" (legend), else NULL */
	const char *ansi_name;   /* how a terminal shows it: "green" */
};

const struct sv_inkdef *sv_inkdef(enum sv_ink ink);

/* The colour of a packet's arrow. */
enum sv_ink sv_pkt_ink(const struct sv_pktev *p);

/* The inks an arrow can take, in the legend's order: the i-th, or -1
 * past the last. */
int sv_arrow_ink(size_t i);

#endif
