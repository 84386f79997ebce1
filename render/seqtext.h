/*
 * The timeline as a sequence diagram in a text language (Mermaid,
 * PlantUML), for render/mermaid.c and render/plantuml.c. Internal to
 * render/.
 *
 * Both languages say the same things: lanes are participants in lane
 * order; a call is a note beside its actor with its result and what it
 * left behind; a packet is a message, dashed when the kernel sent it on
 * its own; a blocked call's return is a note where it happened; the
 * scenario's notes span every lane; the final states and the counts close
 * the diagram. This engine decides what is said and when; a format gives
 * its syntax as a struct sv_seqtext and uses sv_seqtext_begin, _event and
 * _end as its renderer.
 */
#ifndef SOCKVIZ_RENDER_SEQTEXT_H
#define SOCKVIZ_RENDER_SEQTEXT_H

#include <stdio.h>

#include "render/render.h"

struct sv_seqtext {
	/* Text shown literally, whatever the language would read in it. */
	void (*text)(FILE *fp, const char *s);
	/* Whether a lane's name can stand as its participant's id;
	 * otherwise the id is "lane<N>" with the name as an alias. */
	int (*plain_name)(const char *s);
	/* The rest of "participant " for an aliased lane. */
	void (*alias)(FILE *fp, int lane, const char *name);
	/* Between the ids of a message's ends. */
	void (*arrow)(FILE *fp, const struct sv_pktev *p, int kernel);

	const char *head;        /* the first line, and a comment opened */
	const char *title;       /* before the title's text */
	const char *after_title; /* the title ended, settings */
	const char *indent;      /* before every statement */
	const char *note;        /* "note " (then "over", "left of") */
	const char *note_lanes;  /* between the two lanes of "note over" */
	const char *colon;       /* before a note's or a message's text */
	const char *newline;     /* a line break inside a text */
	const char *held;        /* after a call: its expectation held */
	const char *failed;      /* ... or did not */
	const char *why_open;    /* around why it did not, after newline */
	const char *why_close;
	const char *activate;    /* "activate " for a blocked call, or NULL */
	const char *deactivate;  /* "deactivate " when it returns */
	const char *foot_open;   /* before the counts */
	const char *foot_sep;    /* between the counts and the expectations */
	const char *foot_close;
	const char *tail;        /* the diagram's end */
};

/* "lane<N>" is kept for aliases: a name of that shape, or one that is no
 * identifier (letters, digits, '_', not starting with a digit), is never
 * plain. Each language then excludes its own keywords. */
int sv_seqtext_ident(const char *s);

/* The renderer's three calls for the format s. */
int sv_seqtext_begin(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_seqtext *s);
int sv_seqtext_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev);
int sv_seqtext_end(struct sv_out *o, const struct sv_timeline *tl);

#endif
