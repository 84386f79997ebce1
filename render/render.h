/*
 * One interface for every output format: begin, one call per event, end.
 * Adding a format is adding one file and one line in render/registry.c.
 */
#ifndef SOCKVIZ_RENDER_RENDER_H
#define SOCKVIZ_RENDER_RENDER_H

#include <stdio.h>

#include "render/timeline.h"

/* The columns the terminal format can draw in. */
#define SV_TEXT_MIN_WIDTH 72
#define SV_TEXT_MAX_WIDTH 240

struct sv_out {
	FILE *fp;
	int color;               /* ANSI colours (terminal only) */
	int width;               /* columns, for the terminal */
	int slides;              /* --slides: the lesson as frames, one per
	                          * step */
	int time_scaled;         /* --time scaled: rows placed on a time axis
	                          * to scale (render/layout.h), not evenly */
	void *priv;              /* the renderer's own state */
	char err[256];           /* set by a renderer that fails */
	/* Set at end by a format that had to hold what it drew before it
	 * could write it (a picture's height comes first): how many bytes,
	 * and where ("in memory", "in a temporary file"). */
	uint64_t held;
	const char *held_where;
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
/* Who caused a packet: "client connect()", "server's kernel, answering
 * client connect()", or "kernel". */
const char *sv_cause_name(const struct sv_timeline *tl,
    const struct sv_pktev *p, char *buf, size_t size);

/* The code point at s (n bytes left, n > 0) and its length in bytes; for
 * a byte that starts no well-formed UTF-8 sequence (stray, overlong,
 * surrogate, past U+10FFFF, cut short), SV_NOT_UTF8 and 1. */
#define SV_NOT_UTF8 UINT32_MAX
size_t sv_utf8_next(const char *s, size_t n, uint32_t *cp);

/* Columns a code point takes on a terminal or in a monospace font: 2 for
 * East Asian wide characters, else 1 (SV_NOT_UTF8 included). */
int sv_cp_cols(uint32_t cp);

/*
 * The next line of s (n bytes) in at most max_cols columns (wide
 * characters counting 2 when wide is set), broken at a space where there
 * is one, at a newline always. Sets *len to the line's length; returns the
 * bytes it consumed (the break included).
 */
size_t sv_wrap_line(const char *s, size_t n, int max_cols, int wide,
    size_t *len);

/* The diagram formats' words for calls and packets (svg, html, mermaid,
 * plantuml, tikz), so that every picture says the same thing. */
/* "= 0", "= -1 ECONNREFUSED". */
const char *sv_call_result(const struct sv_call *c, char *buf, size_t size);
/* The call and its result, "connect(8, 127.0.0.1:8888) = 0", and what a
 * recv(), recvfrom() or read() received: `recv(8, buf, 64, 0) = 5 "hi"`
 * (at most 40 bytes, those outside printable ASCII as '.'). */
const char *sv_call_line(const struct sv_call *c, char *buf, size_t size);
/* What sv_call_line() says after the call's text: `= 5 "hi"`. */
const char *sv_call_outcome(const struct sv_call *c, char *buf, size_t size);
/* The expectation's mark: "" (none written), "✓", "✓ as expected" (it
 * held, and the call failed as the scenario said it would), "✗". */
const char *sv_call_mark(const struct sv_call *c, char *buf, size_t size);
/* Beside a call's dot: sv_call_line(), or for a call that blocked
 * "accept(3) blocks…". */
const char *sv_call_text(const struct sv_call *c, char *buf, size_t size);
/* Where a blocked call comes back: "↳ accept() returns 4"; for a call
 * its actor was ended in, "↳ recv() had not returned after 700 ms". */
const char *sv_call_return(const struct sv_call *c, char *buf, size_t size);
/* What became of the call's actor: "client killed by SIGPIPE", "server
 * was ended (SIGKILL)" (at a deadline, in an unfinished call), or "". */
const char *sv_call_fate(const struct sv_timeline *tl,
    const struct sv_call *c, char *buf, size_t size);
/* "SIGPIPE"; the number for a signal without a name. */
const char *sv_signal_str(int sig, char *buf, size_t size);
/* What the call left behind: "local 127.0.0.1:47214 · ESTABLISHED ·
 * 3 packets", "no packets". _sep: with sep between address and state
 * and psep before the packet count (" · " in the pictures). */
const char *sv_call_after(const struct sv_call *c, char *buf, size_t size);
const char *sv_call_after_sep(const struct sv_call *c, const char *sep,
    const char *psep, char *buf, size_t size);
/* The label on an arrow: "SYN", "PSH,ACK 5B", "UDP 2B", "ICMP port
 * unreachable". Its first word is the JSON's flags, or its proto. */
const char *sv_pkt_short(const struct sv_pktev *p, char *buf, size_t size);
/* Who sent a packet and why, by its origin: "connect()" (the call's own
 * side), "server's kernel, answering connect()" (the sender's lane; "kernel
 * at 127.0.0.1:9" for an address no actor owns), "kernel: delayed
 * ACK". In a capture without calls (calls 0) no cause is named, only what
 * the packet shows of itself, which may be "". terse shortens an answer
 * for narrow places: 1 "kernel, answering connect()", 2 "answering
 * connect()". */
const char *sv_pkt_cause(const struct sv_timeline *tl,
    const struct sv_pktev *p, int calls, int terse, char *buf, size_t size);
/* Under the arrow: "seq=0 ack=0 · connect()", "seq=0 ack=1 · server's
 * kernel, answering connect()", "seq=1 ack=6 · kernel: delayed ACK": the
 * numbers, then sv_pkt_cause(). */
const char *sv_pkt_detail(const struct sv_timeline *tl,
    const struct sv_pktev *p, int calls, char *buf, size_t size);
/* The same, its cause said as tersely as sv_pkt_cause()'s terse asks. */
const char *sv_pkt_detail_terse(const struct sv_timeline *tl,
    const struct sv_pktev *p, int calls, int terse, char *buf, size_t size);
/* Whether terse changes what sv_pkt_cause() says of p: only an answer to
 * a call has words to leave out. */
int sv_pkt_cause_shrinks(const struct sv_timeline *tl,
    const struct sv_pktev *p);
/* "10 packets captured in a private network namespace, none lost." for
 * a run, also when drawn again from its pcapng (calls > 0), so both give
 * the same picture; "10 packets read from x.pcap." for other captures. */
const char *sv_capture_line(const struct sv_timeline *tl, int calls,
    char *buf, size_t size);
/* "14 calls, 9 of them silent on the wire; 10 packets, 4 answers, 0 sent
 * by a kernel on its own.": answers and kernel count the packets of those
 * origins. */
const char *sv_counts_line(int calls, int silent, uint64_t packets,
    int answers, int kernel, char *buf, size_t size);
/* "All 14 expectations held." or "2 of 14 expectations did NOT hold." */
const char *sv_expect_line(int expect, int failed, char *buf, size_t size);

#endif
