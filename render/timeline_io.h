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

/*
 * A pcapng option holds at most 65535 bytes; a timeline of any size
 * travels as several section comments: the first as encoded, each next
 * one beginning with a line saying it continues the one before.
 * sv_timeline_split cuts text into *n malloc'd pieces of at most max
 * bytes (max > 64), NULL when out of memory; sv_timeline_join puts the
 * pieces found among a section's comments back together: a malloc'd
 * string, or NULL when there is no timeline (*oom says if memory ran
 * out instead).
 */
char **sv_timeline_split(const char *text, size_t max, size_t *n);
void sv_timeline_pieces_free(char **pieces, size_t n);
char *sv_timeline_join(const char *const *comments, size_t n, int *oom);

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
