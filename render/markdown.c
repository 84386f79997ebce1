/*
 * The timeline as Markdown, for handouts and course pages: the title, the
 * summary and the capture as a heading, the scenario's opening notes as a
 * quote, then one table of every event, one row each, in order (time in
 * ms, actor, the call or the packet, its cause, the call's result, the
 * note the scenario put after it), then the connections' final states and
 * the counts. The words are the diagrams' (render/label.c).
 *
 * The table is GitHub's (GFM) and CommonMark's pipe table. A cell is one
 * line of inline Markdown: newlines become spaces, and every character
 * that Markdown or GitHub would act on inside a cell (| ` * _ [ ] < & \ ~
 * $) is escaped with a backslash, so a scenario's text shows as written.
 * A call stands in a code span when it holds no pipe or backtick (a pipe
 * inside a code span is still a cell's end, and cannot be escaped there
 * in every reader).
 *
 * It streams: a row is written per event and nothing is kept, so memory
 * does not grow with the capture.
 */
#include <inttypes.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/names.h"
#include "render/render.h"

struct md_state {
	int calls;               /* in the timeline, known at begin */
	int n_calls, n_silent, n_answer, n_kernel, n_expect, n_failed;
};

/* Inline text, escaped: newlines and control characters as spaces, a
 * byte that is not UTF-8 as '?'. */
static void
md_text(FILE *fp, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = sv_utf8_next(s + i, n - i, &cp);
		if (cp == SV_NOT_UTF8)
			fputc('?', fp);
		else if (len > 1)
			fwrite(s + i, 1, len, fp);
		else if (cp < 0x20 || cp == 0x7f)
			fputc(' ', fp);
		else if (strchr("\\`*_[]<>|&~$!#", (int)cp) != NULL)
			fprintf(fp, "\\%c", (int)cp);
		else
			fputc((int)cp, fp);
		i += len;
	}
}

/* A call, in a code span where one can hold it. */
static void
md_code(FILE *fp, const char *s)
{
	int plain = strpbrk(s, "|`\r\n") == NULL && s[0] != ' ' &&
	    s[0] != '\0' && s[strlen(s) - 1] != ' ';
	for (size_t i = 0; plain && s[i]; i++)
		plain = (unsigned char)s[i] >= 0x20 && s[i] != 0x7f;
	if (!plain) {
		md_text(fp, s);
		return;
	}
	/* Inside a code span every character is literal; what is not
	 * UTF-8 still becomes '?'. */
	size_t n = strlen(s);
	fputc('`', fp);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = sv_utf8_next(s + i, n - i, &cp);
		if (cp == SV_NOT_UTF8)
			fputc('?', fp);
		else
			fwrite(s + i, 1, len, fp);
		i += len;
	}
	fputc('`', fp);
}

/* Milliseconds since the first event: "0.503". */
static void
put_ms(FILE *fp, const struct sv_timeline *tl, int64_t t)
{
	int64_t us = sv_rel_ns(tl, t) / 1000;
	const char *sign = us < 0 ? "-" : "";
	if (us < 0)
		us = -us;
	fprintf(fp, "%s%" PRId64 ".%03" PRId64, sign, us / 1000, us % 1000);
}

static const char *
lane_name(const struct sv_timeline *tl, int lane)
{
	return lane >= 0 && lane < tl->n_lanes ? tl->lanes[lane].name : "?";
}

/* s without the spaces around it, emphasised with marks ("*", "**"):
 * Markdown takes no emphasis that opens or closes on a space. */
static void
md_em(FILE *fp, const char *marks, const char *s)
{
	size_t skip = strspn(s, " \t\r\n"), n = strlen(s + skip);
	while (n > 0 && strchr(" \t\r\n", s[skip + n - 1]) != NULL)
		n--;
	char *t = strndup(s + skip, n);
	if (t == NULL) {
		md_text(fp, s);
		return;
	}
	if (n > 0)
		fputs(marks, fp);
	md_text(fp, t);
	if (n > 0)
		fputs(marks, fp);
	free(t);
}

/*
 * A paragraph of text that may hold newlines: each line its own, with a
 * hard break between (a backslash ending the line), after prefix. What
 * would start a block at a line's start (a list's "-", "+" or "1.", a
 * heading's underline "=", an indented code block) is escaped or left out.
 */
static void
paragraph(FILE *fp, const char *prefix, const char *s)
{
	const char *p = s;
	fputs(prefix, fp);
	while (*p) {
		p += strspn(p, " \t");
		size_t n = strcspn(p, "\n"), digits = strspn(p, "0123456789");
		if (n > 0 && strchr("-+=", *p) != NULL)
			fputc('\\', fp);
		if (digits > 0 && digits < n && (p[digits] == '.' ||
		    p[digits] == ')')) {
			fwrite(p, 1, digits, fp);
			fputc('\\', fp);
			p += digits;
			n -= digits;
		}
		char b[1024];
		while (n > 0) {
			size_t k = n < sizeof(b) - 1 ? n : sizeof(b) - 1;
			memcpy(b, p, k);
			b[k] = '\0';
			md_text(fp, b);
			p += k;
			n -= k;
		}
		if (*p == '\n') {
			p++;
			if (*p)
				fprintf(fp, "\\\n%s", prefix);
		}
	}
	fputs("\n\n", fp);
}

static int
has_words(const char *s)
{
	return s != NULL && s[strspn(s, " \t\r\n")] != '\0';
}

static int
md_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	FILE *fp = o->fp;
	struct md_state *m = calloc(1, sizeof(*m));
	char b[400];
	if (m == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	for (size_t i = 0; i < tl->n; i++)
		m->calls += tl->ev[i].type == SV_EV_CALL;
	o->priv = m;

	/* A heading is one line: md_text() makes newlines spaces. */
	fputs("# ", fp);
	md_text(fp, has_words(tl->title) ? tl->title :
	    has_words(tl->scenario) ? tl->scenario : "capture");
	fputs("\n\n", fp);
	if (has_words(tl->summary))
		paragraph(fp, "", tl->summary);
	fputc('*', fp);
	fputs("sockviz", fp);
	if (tl->scenario) {
		fputs(" \xc2\xb7 ", fp);
		md_text(fp, tl->scenario);
	}
	fputs(" \xc2\xb7 ", fp);
	md_text(fp, sv_capture_line(tl, m->calls, b, sizeof(b)));
	fputs("*\n\n", fp);
	if (has_words(tl->intro))
		paragraph(fp, "> ", tl->intro);
	fputs("| ms | actor | call or packet | cause or origin | result |"
	    " note |\n"
	    "| --: | --- | --- | --- | --- | --- |\n", fp);
	return 0;
}

/* The result cell: "= 5 "hello" ✓ · ESTABLISHED · 2 packets", how long a
 * blocked call waited, what failed, what became of the actor. */
static void
call_result(FILE *fp, const struct sv_timeline *tl, const struct sv_call *c)
{
	char line[1200], r[300], a[300];
	if (c->unfinished) {
		md_text(fp, sv_call_return(c, r, sizeof(r)));
	} else {
		/* sv_call_line() is the call, then its result and what it
		 * received: the result is what follows the call's text. */
		size_t tlen = c->text ? strlen(c->text) : 0;
		sv_call_line(c, line, sizeof(line));
		if (c->text && strncmp(line, c->text, tlen) == 0 &&
		    line[tlen] == ' ')
			md_text(fp, line + tlen + 1);
		else
			md_text(fp, sv_call_result(c, r, sizeof(r)));
	}
	if (c->expect != NULL)
		fputs(c->failure ? " \xe2\x9c\x97" : " \xe2\x9c\x93", fp);
	if (c->blocked && !c->unfinished) {
		fputs(" \xc2\xb7 blocked until ", fp);
		put_ms(fp, tl, c->t_end);
		fputs(" ms", fp);
	}
	if (sv_call_after(c, a, sizeof(a))[0]) {
		fputs(" \xc2\xb7 ", fp);
		md_text(fp, a);
	}
	if (c->expect != NULL && c->failure != NULL) {
		snprintf(line, sizeof(line), "\xe2\x9c\x97 %s", c->failure);
		fputs(" \xc2\xb7 ", fp);
		md_em(fp, "**", line);
	}
	if (sv_call_fate(tl, c, a, sizeof(a))[0]) {
		fputs(" \xc2\xb7 ", fp);
		md_em(fp, "**", a);
	}
}

static void
put_call(struct md_state *m, FILE *fp, const struct sv_timeline *tl,
    const struct sv_call *c)
{
	m->n_calls++;
	m->n_silent += c->n_packets == 0;
	if (c->expect != NULL) {
		m->n_expect++;
		m->n_failed += c->failure != NULL;
	}
	fputs(" | ", fp);
	md_text(fp, lane_name(tl, c->actor));
	fputs(" | ", fp);
	md_code(fp, c->text ? c->text : sv_fn_name(c->fn));
	fputs(" | | ", fp);
	call_result(fp, tl, c);
	fputs(" | ", fp);
	if (has_words(c->note))
		md_em(fp, "*", c->note);
	fputs(" |\n", fp);
}

static void
put_packet(struct md_state *m, FILE *fp, const struct sv_timeline *tl,
    const struct sv_pktev *p)
{
	char label[128], cause[400];
	int kernel = p->cause < 0 && m->calls > 0;
	m->n_kernel += kernel;
	m->n_answer += p->cause >= 0 && p->origin == SV_ORIGIN_ANSWER;
	fputs(" | ", fp);
	md_text(fp, lane_name(tl, p->from));
	fputs(" \xe2\x86\x92 ", fp);
	md_text(fp, lane_name(tl, p->to));
	fputs(" | **", fp);
	md_text(fp, sv_pkt_short(p, label, sizeof(label)));
	fputs("**", fp);
	if (p->d.proto == SV_PROTO_TCP)
		fprintf(fp, " seq=%" PRIu32 " ack=%" PRIu32, p->rel_seq,
		    p->rel_ack);
	fputs(" | ", fp);
	md_text(fp, sv_pkt_cause(tl, p, m->calls, 0, cause, sizeof(cause)));
	fputs(" | | |\n", fp);
}

static int
md_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct md_state *m = o->priv;
	FILE *fp = o->fp;
	fputs("| ", fp);
	put_ms(fp, tl, ev->t);
	switch (ev->type) {
	case SV_EV_CALL:
		put_call(m, fp, tl, &ev->u.call);
		break;
	case SV_EV_PACKET:
		put_packet(m, fp, tl, &ev->u.pkt);
		break;
	}
	return 0;
}

static int
md_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct md_state *m = o->priv;
	FILE *fp = o->fp;
	char b[300], l[64], p[64];
	fputc('\n', fp);
	if (tl->n_finals > 0) {
		fprintf(fp, "%s\n\n", sv_timeline_finals_heading(tl));
		for (int i = 0; i < tl->n_finals; i++) {
			const struct sv_final *f = &tl->finals[i];
			fputs("- ", fp);
			md_text(fp, lane_name(tl, f->actor));
			fputc(' ', fp);
			md_text(fp, sv_endpoint_str(&f->local, 1, l, sizeof(l)));
			fputs(" \xe2\x87\x84 ", fp);
			md_text(fp, sv_endpoint_str(&f->peer, 1, p, sizeof(p)));
			fputs(" **", fp);
			md_text(fp, f->state == TCP_CLOSE ? "gone (CLOSED)" :
			    sv_tcp_state_name(f->state));
			fputs("**\n", fp);
		}
		fputc('\n', fp);
	}
	if (m->calls > 0) {
		md_text(fp, sv_counts_line(m->n_calls, m->n_silent,
		    tl->packets, m->n_answer, m->n_kernel, b, sizeof(b)));
		if (m->n_expect > 0) {
			sv_expect_line(m->n_expect, m->n_failed, b, sizeof(b));
			fputs(m->n_failed ? "\\\n**" : "\\\n", fp);
			md_text(fp, b);
			fputs(m->n_failed ? "**" : "", fp);
		}
		fputc('\n', fp);
	}
	free(m);
	o->priv = NULL;
	return 0;
}

const struct sv_renderer sv_render_markdown = {
	.name = "md",
	.ext = ".md",
	.what = "a Markdown table of every event, for handouts and course"
	    " pages",
	.begin = md_begin,
	.event = md_event,
	.end = md_end,
};
