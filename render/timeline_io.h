/*
 * A timeline's calls and metadata as text, for a pcapng section comment,
 * and back. Packets are not part of it: they travel as packets.
 */
#ifndef SOCKVIZ_RENDER_TIMELINE_IO_H
#define SOCKVIZ_RENDER_TIMELINE_IO_H

#include <stddef.h>

#include "render/timeline.h"

/* The text; malloc'd, NULL when out of memory. */
char *sv_timeline_encode(const struct sv_timeline *tl);

/* Does this comment start as sv_timeline_encode() writes? */
int sv_timeline_is_encoded(const char *text);

/*
 * Add the lanes, calls, finals and metadata the text holds to tl, which
 * must have no lanes or events yet. 0, or -1 with errbuf saying which line
 * of the text is wrong (tl then holds what came before it).
 */
int sv_timeline_decode(struct sv_timeline *tl, const char *text, size_t len,
    char *errbuf, size_t errlen);

#endif
