/*
 * The timeline as a sequence diagram in a text language (Mermaid,
 * PlantUML), for render/mermaid.c and render/plantuml.c. Internal to
 * render/.
 *
 * Both languages say the same things, in the ladder's terms (README.md,
 * "What it looks like"): lanes are participants in lane order; a call is a
 * box beside its actor with its result and what it left behind, unlike the
 * scenario's notes, which span every lane; a call that blocked keeps its
 * actor active until its return, drawn where it happened; a packet is a
 * message in its kind's colour (the palette's), dashed when the kernel
 * sent it on its own, with an open head when it answers the other side's
 * call; the final states and the counts close the diagram.
 *
 * This engine decides what is said and when, and wraps it into lines; a
 * format writes each statement in its own syntax, through a struct
 * sv_seqtext, and uses sv_seqtext_begin, _event and _end as its renderer.
 */
#ifndef SOCKVIZ_RENDER_SEQTEXT_H
#define SOCKVIZ_RENDER_SEQTEXT_H

#include <stdio.h>

#include "render/palette.h"
#include "render/render.h"

/* How a line of a box reads, for the formats that style it. */
enum sv_seq_style {
	SV_SEQ_PLAIN,            /* a call, a return, a final state, counts */
	SV_SEQ_WORDS,            /* the scenario's own words */
	SV_SEQ_DIM,              /* what a call left behind */
	SV_SEQ_BAD,              /* an expectation that failed, a death */
};

/* After a call's line: its expectation held, or did not. */
enum sv_seq_mark {
	SV_SEQ_NO_MARK,
	SV_SEQ_HELD,
	SV_SEQ_FAILED,
};

enum sv_seq_box {
	SV_SEQ_NOTE,             /* the scenario's words, across every lane */
	SV_SEQ_CALL,             /* a call that returned, beside its actor */
	SV_SEQ_BLOCK,            /* a call that blocked: its actor is active */
	SV_SEQ_RETURN,           /* ... until it returns, beside the actor */
	SV_SEQ_FINAL,            /* the connections after the last step */
	SV_SEQ_COUNTS,           /* the counts and expectations, last */
};

struct sv_seqline {
	enum sv_seq_style style;
	enum sv_seq_mark mark;
	const char *s;           /* UTF-8, may hold newlines */
};

struct sv_seqbox {
	enum sv_seq_box kind;
	int lane;                /* the actor's, for a call or a return */
	const struct sv_seqline *line;
	int n;
};

struct sv_seqpkt {
	const struct sv_pktev *p;
	int from, to;            /* lanes */
	int kernel;              /* sent by a kernel on its own */
	int answer;              /* the other side's kernel, answering */
	enum sv_ink ink;         /* its kind's colour (render/palette.h) */
	const char *label;       /* "SYN", "PSH,ACK 5B" */
	const char *detail;      /* "seq=0 ack=0 · connect()", may be "" */
};

/* The heading: the scenario's title (or name), its summary, and how the
 * packets were had. */
struct sv_seqhead {
	const char *scenario;    /* may be NULL */
	const char *title;       /* never empty */
	const char *summary;     /* may be NULL */
	const char *capture;     /* "10 packets captured in ..." */
};

struct sv_seqw;

struct sv_seqtext {
	/* Text shown literally, whatever the language would read in it;
	 * a newline as the language's line break. */
	void (*text)(FILE *fp, const char *s);
	/* Whether a lane's name can stand as its participant's id;
	 * otherwise the id is "lane<N>" with the name as an alias. */
	int (*plain_name)(const char *s);
	/* The whole "participant" statement of lane. */
	void (*participant)(struct sv_seqw *w, int lane);
	/* Columns to wrap a box's lines at: beside a lane, across. */
	int cols_beside, cols_across;
	/* A line break inside a box. */
	const char *newline;
	/* Around a line of a style; what follows a marked line. */
	void (*style)(FILE *fp, enum sv_seq_style st, int open);
	void (*mark)(FILE *fp, enum sv_seq_mark m);

	/* The statements, in this order: head (the first lines, the
	 * title, the settings; 0, or -1 with err set), participant for
	 * each lane, lanes_done, then a box or a packet as the events
	 * come, tail last. head makes the format's own state (w->fmt),
	 * tail frees it, also after head failed. */
	int (*head)(struct sv_seqw *w, const struct sv_seqhead *h);
	void (*lanes_done)(struct sv_seqw *w);
	void (*box)(struct sv_seqw *w, const struct sv_seqbox *b);
	void (*packet)(struct sv_seqw *w, const struct sv_seqpkt *p);
	void (*tail)(struct sv_seqw *w);
};

/* What a format's statements are written with. */
struct sv_seqw {
	FILE *fp;
	const struct sv_timeline *tl;
	const struct sv_seqtext *s;
	void *fmt;               /* the format's own state */
	/* For each lane, the widest line between it and the next, in
	 * columns: its calls' boxes (wrapped at cols_beside), and the labels
	 * of the packets between the two. Known in head, of what the
	 * timeline holds then: every event when there are calls. */
	int *room;
	int n_room;
	char *err;               /* o->err */
	size_t errlen;
};

/* "lane<N>" is kept for aliases: a name of that shape, or one that is no
 * identifier (letters, digits, '_', not starting with a digit), is never
 * plain. Each language then excludes its own keywords. */
int sv_seqtext_ident(const char *s);

/* A lane's participant id. */
void sv_seqtext_id(const struct sv_seqw *w, int lane);

/* Every line of b, wrapped at cols, styled and marked, separated by the
 * format's newline. */
void sv_seqtext_lines(const struct sv_seqw *w, const struct sv_seqbox *b,
    int cols);

/* The renderer's three calls for the format s. */
int sv_seqtext_begin(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_seqtext *s);
int sv_seqtext_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev);
int sv_seqtext_end(struct sv_out *o, const struct sv_timeline *tl);

#endif
