/*
 * Which conversations `sockviz render` draws (--conv, --top). A
 * conversation is what `render --flows` lists on one line: the packets
 * of one protocol between two endpoints, either way. Picks are parsed
 * from the command line; those that need the whole capture (a number
 * from --flows, the busiest N) are resolved by a first pass over it,
 * counting (struct sv_convcount), before anything is drawn.
 */
#ifndef SOCKVIZ_DRIVE_RENDER_SELECT_H
#define SOCKVIZ_DRIVE_RENDER_SELECT_H

#include <stddef.h>

#include "capture/decode.h"
#include "capture/packet.h"

#define SV_MAX_CONV 16           /* --conv given this many times at most */
#define SV_MAX_TOP 1000000

/* One conversation's key: its protocol, the lower endpoint first. */
struct sv_convkey {
	int proto;               /* enum sv_proto, or -1: any (a --conv pair) */
	struct sv_endpoint a, b;
};

struct sv_conv_pick {
	const char *spec;        /* as given, for messages */
	unsigned long index;     /* a number from --flows (1 ...), or 0 */
	struct sv_convkey key;   /* the pair, once known */
	unsigned long matched;   /* packets drawn of it */
};

struct sv_select {
	struct sv_conv_pick pick[SV_MAX_CONV];
	int n_pick;
	unsigned long top;       /* --top N, or 0 */
	struct sv_convkey *keys; /* --top's, sorted; owned */
	size_t n_keys;
};

/* Add a --conv SPEC: "3" (the third line of --flows), or two endpoints,
 * "127.0.0.1:41234-127.0.0.1:8888" (also "... <-> ...", as --flows
 * writes them, or with a comma). 0, or -1 with err set. */
int sv_select_add_conv(struct sv_select *s, const char *spec, char *err,
    size_t errlen);
/* Whether anything is chosen at all. */
int sv_select_active(const struct sv_select *s);
/* Whether the choice needs a first pass over the capture. */
int sv_select_needs_count(const struct sv_select *s);
void sv_select_fini(struct sv_select *s);

/* The conversations of a capture with their packet counts, in the
 * order they were first seen. */
struct sv_convcount;
struct sv_convcount *sv_convcount_new(void);
/* Count one packet; 0, or -1 out of memory. */
int sv_convcount_add(struct sv_convcount *c, const struct sv_packet *p);
void sv_convcount_free(struct sv_convcount *c);

/* Turn numbers and --top into keys, from the counts; name is the
 * capture's, for messages. 0; -1 bad input (a number past the last
 * conversation: err set), -2 out of memory. */
int sv_select_resolve(struct sv_select *s, const struct sv_convcount *c,
    const char *name, char *err, size_t errlen);

/* Is the packet in a chosen conversation? (Counts it for the pick.) */
int sv_select_match(struct sv_select *s, const struct sv_packet *p);

/* After the packets were read: -1 with err set when a --conv pair
 * matched none (a typing error, most likely), else 0. */
int sv_select_check(const struct sv_select *s, const char *name, char *err,
    size_t errlen);

#endif
