/*
 * The timeline as one self-contained web page for a lecture: the ladder
 * (svg.c's picture, inline), the scenario's text and a table of every
 * event, plus what a lecturer needs to walk a room through it:
 *
 *  - Stepping. Opened without a fragment the page shows the whole ladder,
 *    as a student who just opens the file expects. Right arrow, space or
 *    PageDown shows the next step, left arrow or PageUp the previous,
 *    Home the first, End the last; the prev/next buttons do the same for
 *    a mouse. Steps count from 0, as the picture's data-step does:
 *    "#step=N" opens with steps 0..N drawn, and the address follows as the
 *    lecturer steps (replaced, not pushed, so Back leaves the page).
 *  - Details. Clicking an event, or Enter on one (Tab moves between
 *    them), opens a panel: a packet's decoded headers, its cause and its
 *    bytes in hex and ASCII; a call's text, result, errno, addresses, TCP
 *    state, whether it blocked, never returned or was killed, its note.
 *  - A light and a dark theme, following prefers-color-scheme until the
 *    theme button picks one (a class on <html>; nothing is stored).
 *  - Printing, A4 or Letter, portrait: the whole ladder at the page's
 *    width, cut between rows into pieces that each fit a page, each
 *    headed by the lanes again.
 *
 * Nothing is fetched: the style sheet and the script (html_page.c) are in
 * the page, and the data the script shows is a JSON island,
 * <script type="application/json" id="sv-timeline">, holding exactly what
 * the json renderer writes (docs/json.md) with one key added,
 * "packet_bytes": per packet id its frame in hex, the link type, where the
 * payload starts, TTL and TCP window, and its arrow's colour; and
 * "packet_bytes_limit", the caps below. '<', '>' and '&' in the island
 * are written as \u escapes (they only occur inside JSON strings), so no
 * text of a scenario can end the script, and the page stays well-formed
 * XML: the script sits in a CDATA section that HTML reads as a comment.
 *
 * The picture is written as events arrive; the table and the island come
 * after it on the page, so they wait in temporary files until the end:
 * memory does not grow with the capture, the disk does. The page keeps at
 * most HTML_PKT_BYTES of each frame and HTML_ALL_BYTES in all, and says
 * so where it keeps less.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/html_page.h"
#include "render/render.h"
#include "render/svg_draw.h"

/* A whole Ethernet frame of 1500 bytes fits; a 64 KiB loopback segment
 * shows its headers and the start of its payload. */
#define HTML_PKT_BYTES 4096u
#define HTML_ALL_BYTES (8u << 20)

extern const struct sv_renderer sv_render_json;

struct html_state {
	struct sv_svg *svg;
	FILE *rows;              /* the table's rows, until end */
	struct sv_out json;      /* the json renderer, into a temporary file */
	FILE *bytes;             /* "id":{...} per packet, until end */
	int calls;               /* calls in the timeline */
	int packets;             /* entries in bytes */
	uint64_t kept;           /* frame bytes kept so far */
	int full_at;             /* the first packet the budget left out, -1 */
	int cut;                 /* packets shortened to HTML_PKT_BYTES */
};

static void
put(FILE *fp, const char *s)
{
	if (s != NULL)
		sv_xml_put(fp, s, strlen(s), 0);
}

static void
put_lines(FILE *fp, const char *s)
{
	if (s != NULL)
		sv_xml_put(fp, s, strlen(s), 1);
}

static void
html_state_free(struct html_state *h)
{
	if (h == NULL)
		return;
	if (h->rows != NULL)
		fclose(h->rows);
	if (h->json.fp != NULL)
		fclose(h->json.fp);
	if (h->bytes != NULL)
		fclose(h->bytes);
	sv_svg_free(h->svg);
	free(h);
}

/* The toolbar over the picture; the script shows it (without a script
 * there is nothing to step). */
static const char toolbar[] =
"<div class=\"sv-bar\" id=\"sv-bar\" role=\"toolbar\""
" aria-label=\"steps\">\n"
"<button type=\"button\" id=\"sv-prev\" title=\"previous step"
" (\xe2\x86\x90 or PageUp)\">\xe2\x97\x80 prev</button>\n"
"<span class=\"sv-count\" id=\"sv-count\" aria-live=\"polite\"></span>\n"
"<button type=\"button\" id=\"sv-next\" title=\"next step (\xe2\x86\x92,"
" space or PageDown)\">next \xe2\x96\xb6</button>\n"
"<button type=\"button\" id=\"sv-all\" title=\"show every step\">all"
"</button>\n"
"<span class=\"sv-what\" id=\"sv-what\"></span>\n"
"<button type=\"button\" id=\"sv-theme\" aria-pressed=\"false\">dark"
"</button>\n"
"</div>\n"
"<p class=\"sv-keys\"><kbd>\xe2\x86\x92</kbd> or <kbd>space</kbd> next"
" step \xc2\xb7 <kbd>\xe2\x86\x90</kbd> back \xc2\xb7 <kbd>Home</kbd>"
" <kbd>End</kbd> first, last \xc2\xb7 click an event, or <kbd>Tab</kbd> to"
" it and <kbd>Enter</kbd>: its details \xc2\xb7 <kbd>Esc</kbd> closes them"
" \xc2\xb7 add <code>#step=N</code> to the address to open at step N</p>\n";

/* The details panel, filled by the script. */
static const char details[] =
"<div class=\"sv-details\" id=\"sv-details\" role=\"region\""
" aria-label=\"the selected event\" hidden=\"hidden\">\n"
"<div class=\"sv-dhead\"><h2 id=\"sv-dtitle\"></h2>"
"<span class=\"sv-dsub\" id=\"sv-dsub\"></span>"
"<button type=\"button\" id=\"sv-dclose\" title=\"close (Esc)\">"
"\xc3\x97</button></div>\n"
"<div id=\"sv-dbody\"></div>\n"
"</div>\n";

static FILE *
temp(struct sv_out *o, const char *what)
{
	FILE *fp = tmpfile();
	if (fp == NULL) {
		int e = errno;
		snprintf(o->err, sizeof(o->err), "cannot make a temporary"
		    " file for %s: %s", what, strerror(e));
	}
	return fp;
}

static int
html_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	struct html_state *h = calloc(1, sizeof(*h));
	FILE *fp = o->fp;
	char b[600];

	if (h == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	h->full_at = -1;
	h->svg = sv_svg_new(tl, 0, o->err, sizeof(o->err));
	if (h->svg == NULL ||
	    (h->rows = temp(o, "the events table")) == NULL ||
	    (h->json.fp = temp(o, "the page's data")) == NULL ||
	    (h->bytes = temp(o, "the packets' bytes")) == NULL) {
		html_state_free(h);
		return -1;
	}
	if (sv_render_json.begin(&h->json, tl) < 0) {
		snprintf(o->err, sizeof(o->err), "%s", h->json.err);
		html_state_free(h);
		return -1;
	}
	for (size_t i = 0; i < tl->n; i++)
		h->calls += tl->ev[i].type == SV_EV_CALL;
	o->priv = h;

	snprintf(b, sizeof(b), "sockviz%s%s%s%s", tl->scenario ?
	    " \xc2\xb7 " : "", tl->scenario ? tl->scenario : "",
	    tl->title ? " \xc2\xb7 " : "", tl->title ? tl->title : "");
	fputs("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\""
	    " lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
	    "<meta name=\"viewport\" content=\"width=device-width,"
	    " initial-scale=1\"/>\n<meta name=\"generator\""
	    " content=\"sockviz\"/>\n<meta name=\"color-scheme\""
	    " content=\"light dark\"/>\n<title>", fp);
	put(fp, b);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<div class=\"head\">\n<p class=\"kicker\">sockviz%s",
	    sv_html_style, tl->title && tl->scenario ? " \xc2\xb7 " : "");
	if (tl->title)
		put(fp, tl->scenario);
	fputs("</p>\n<h1>", fp);
	put(fp, tl->title ? tl->title : tl->scenario ? tl->scenario :
	    "capture");
	fputs("</h1>\n", fp);
	if (tl->summary) {
		fputs("<p class=\"summary\">", fp);
		put(fp, tl->summary);
		fputs("</p>\n", fp);
	}
	fprintf(fp, "<p class=\"meta%s\">", tl->dropped ? " bad" : "");
	put(fp, sv_capture_line(tl, h->calls, b, sizeof(b)));
	fputs("</p>\n", fp);
	if (tl->intro) {
		fputs("<p class=\"intro\">", fp);
		put_lines(fp, tl->intro);
		fputs("</p>\n", fp);
	}
	fprintf(fp, "</div>\n%s<div class=\"figure sv-ink\">\n", toolbar);
	sv_svg_open(h->svg, fp, tl);
	return 0;
}

static void
call_row(FILE *fp, const struct sv_timeline *tl, const struct sv_event *ev)
{
	const struct sv_call *c = &ev->u.call;
	char b[1200];
	fputs("<td>", fp);
	put(fp, c->actor >= 0 && c->actor < tl->n_lanes ?
	    tl->lanes[c->actor].name : "?");
	fputs("</td><td><code>", fp);
	put(fp, sv_call_line(c, b, sizeof(b)));
	fputs("</code>", fp);
	if (c->expect != NULL)
		fputs(c->failure ? " <span class=\"bad\">\xe2\x9c\x97</span>" :
		    " <span class=\"ok\">\xe2\x9c\x93</span>", fp);
	fputs("<div class=\"after\">", fp);
	if (c->blocked) {
		char ms[32];
		sv_svg_ms(tl, c->t_end, ms, sizeof(ms));
		fprintf(fp, "blocked, returned at %s ms \xc2\xb7 ", ms);
	}
	put(fp, sv_call_after(c, b, sizeof(b)));
	fputs("</div>", fp);
	if (c->expect != NULL && c->failure != NULL) {
		fputs("<div class=\"bad\">\xe2\x9c\x97 ", fp);
		put(fp, c->failure);
		fputs("</div>", fp);
	}
	if (c->note != NULL) {
		fputs("<div class=\"note\">", fp);
		put_lines(fp, c->note);
		fputs("</div>", fp);
	}
	fputs("</td><td>", fp);
	for (size_t i = 0; i < c->n_packets; i++)
		fprintf(fp, "%s%d", i ? ", " : "packets ", c->packets[i]);
	fputs("</td>", fp);
}

static void
packet_row(FILE *fp, const struct sv_timeline *tl, const struct sv_pktev *p,
    int calls)
{
	char b[400];
	fputs("<td>", fp);
	put(fp, p->from >= 0 && p->from < tl->n_lanes ?
	    tl->lanes[p->from].name : "?");
	fputs(" \xe2\x86\x92 ", fp);
	put(fp, p->to >= 0 && p->to < tl->n_lanes ? tl->lanes[p->to].name :
	    "?");
	fprintf(fp, "</td><td class=\"pkt\"><b class=\"sv-ink\""
	    " style=\"color:%s\">", sv_svg_pkt_colour(p));
	put(fp, sv_pkt_short(p, b, sizeof(b)));
	fputs("</b>", fp);
	if (p->d.proto == SV_PROTO_TCP)
		fprintf(fp, " seq=%u ack=%u", p->rel_seq, p->rel_ack);
	fputs("</td><td>", fp);
	if (p->cause >= 0 && (size_t)p->cause < tl->n) {
		put(fp, sv_cause_name(tl, p, b, sizeof(b)));
		fprintf(fp, " (event %d)", p->cause);
	} else if (calls > 0) {
		fputs("kernel", fp);
		if (p->note[0]) {
			fputs(": ", fp);
			put(fp, p->note);
		}
	} else {
		put(fp, p->note);
	}
	fputs("</td>", fp);
}

/* The packet's entry in "packet_bytes": the frame (as much as the caps
 * keep) and what the JSON contract does not carry. */
static void
bytes_entry(struct html_state *h, const struct sv_event *ev)
{
	static const char hex[] = "0123456789abcdef";
	const struct sv_pktev *p = &ev->u.pkt;
	FILE *fp = h->bytes;
	uint32_t keep = p->pkt.data != NULL ? p->pkt.caplen : 0;

	if (keep > HTML_PKT_BYTES) {
		keep = HTML_PKT_BYTES;
		h->cut++;
	}
	/* Once the budget is spent no packet keeps bytes, so that the page
	 * can say from which one on they are missing. */
	if (h->full_at >= 0 || h->kept + keep > HTML_ALL_BYTES) {
		if (h->full_at < 0)
			h->full_at = ev->id;
		keep = 0;
	}
	h->kept += keep;
	fprintf(fp, "%s\"%d\":{\"colour\":\"%s\",\"linktype\":%u,"
	    "\"payload_off\":%u,\"ttl\":%u", h->packets++ ? ",\n" : "",
	    ev->id, sv_svg_pkt_colour(p), p->pkt.linktype, p->d.payload_off,
	    p->d.ttl);
	if (p->d.proto == SV_PROTO_TCP)
		fprintf(fp, ",\"window\":%u", p->d.window);
	fprintf(fp, ",\"kept\":%u,\"hex\":\"", keep);
	for (uint32_t i = 0; i < keep; i++) {
		putc(hex[p->pkt.data[i] >> 4], fp);
		putc(hex[p->pkt.data[i] & 15], fp);
	}
	fputs("\"}", fp);
}

static int
html_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct html_state *h = o->priv;
	char ms[32];
	sv_svg_event(h->svg, o->fp, tl, ev);
	sv_svg_ms(tl, ev->t, ms, sizeof(ms));
	fprintf(h->rows, "<tr class=\"%s\"><td class=\"n\">%d</td>"
	    "<td class=\"ms\">%s</td>", ev->type == SV_EV_CALL ? "call" :
	    "packet", ev->id, ms);
	switch (ev->type) {
	case SV_EV_CALL:
		call_row(h->rows, tl, ev);
		break;
	case SV_EV_PACKET:
		packet_row(h->rows, tl, &ev->u.pkt, h->calls);
		bytes_entry(h, ev);
		break;
	}
	fputs("</tr>\n", h->rows);
	if (sv_render_json.event(&h->json, tl, ev) < 0) {
		snprintf(o->err, sizeof(o->err), "%s", h->json.err);
		return -1;
	}
	return 0;
}

/*
 * The first n bytes of tmp (from its start) to fp; as JSON for a script
 * element when json is set: '<', '>' and '&' as \u escapes, which is
 * right because json.c writes them only inside strings. 0, or -1 with
 * o->err set.
 */
static int
copy_back(struct sv_out *o, FILE *tmp, long n, int json, const char *what)
{
	char buf[8192];
	if (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0) {
		int e = errno;
		snprintf(o->err, sizeof(o->err), "%s's temporary file: %s",
		    what, strerror(e));
		return -1;
	}
	while (n > 0) {
		size_t want = n < (long)sizeof(buf) ? (size_t)n : sizeof(buf);
		size_t got = fread(buf, 1, want, tmp);
		if (got == 0)
			break;
		n -= (long)got;
		if (!json) {
			fwrite(buf, 1, got, o->fp);
			continue;
		}
		for (size_t i = 0; i < got; i++) {
			switch (buf[i]) {
			case '<': fputs("\\u003c", o->fp); break;
			case '>': fputs("\\u003e", o->fp); break;
			case '&': fputs("\\u0026", o->fp); break;
			default: putc(buf[i], o->fp);
			}
		}
	}
	if (ferror(tmp) || n > 0) {
		snprintf(o->err, sizeof(o->err), "%s's temporary file could"
		    " not be read back", what);
		return -1;
	}
	return 0;
}

/* Where the JSON object json.c wrote ends: the offset of its last '}',
 * so that keys can be added before it; -1 when there is none. */
static long
json_close_at(FILE *tmp)
{
	char tail[64];
	long size, from;
	size_t got;
	if (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_END) != 0 ||
	    (size = ftell(tmp)) < 0)
		return -1;
	from = size > (long)sizeof(tail) ? size - (long)sizeof(tail) : 0;
	if (fseek(tmp, from, SEEK_SET) != 0)
		return -1;
	got = fread(tail, 1, sizeof(tail), tmp);
	while (got > 0)
		if (tail[--got] == '}')
			return from + (long)got;
	return -1;
}

/* The island: json.c's object, "packet_bytes" added. */
static int
island(struct sv_out *o, struct html_state *h, const struct sv_timeline *tl)
{
	FILE *fp = o->fp;
	long close_at;

	if (sv_render_json.end(&h->json, tl) < 0) {
		snprintf(o->err, sizeof(o->err), "%s", h->json.err);
		return -1;
	}
	if ((close_at = json_close_at(h->json.fp)) < 0) {
		snprintf(o->err, sizeof(o->err), "the page's data: the JSON"
		    " renderer wrote no object");
		return -1;
	}
	fputs("<script type=\"application/json\" id=\"sv-timeline\">", fp);
	if (copy_back(o, h->json.fp, close_at, 1, "the page's data") < 0)
		return -1;
	fputs(",\n\"packet_bytes\":{", fp);
	if (fseek(h->bytes, 0, SEEK_END) != 0 || copy_back(o, h->bytes,
	    ftell(h->bytes), 0, "the packets' bytes") < 0) {
		if (!o->err[0])
			snprintf(o->err, sizeof(o->err), "the packets' bytes:"
			    " temporary file: %s", strerror(errno));
		return -1;
	}
	fprintf(fp, "},\n\"packet_bytes_limit\":{\"per_packet\":%u,"
	    "\"total\":%u,\"exhausted_at\":", HTML_PKT_BYTES, HTML_ALL_BYTES);
	if (h->full_at >= 0)
		fprintf(fp, "%d}}</script>\n", h->full_at);
	else
		fputs("null}}</script>\n", fp);
	return 0;
}

static int
html_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct html_state *h = o->priv;
	FILE *fp = o->fp;
	int r = 0;

	sv_svg_close(h->svg, fp, tl);
	fputs("</div>\n", fp);
	if (h->full_at >= 0 || h->cut > 0) {
		fputs("<p class=\"after\">The details panel shows ", fp);
		if (h->cut > 0)
			fprintf(fp, "the first %u bytes of a packet", HTML_PKT_BYTES);
		if (h->full_at >= 0)
			fprintf(fp, "%sno bytes of the packets from event %d on"
			    " (the page keeps %u MiB of them)", h->cut ? ", and " :
			    "", h->full_at, HTML_ALL_BYTES >> 20);
		fputs("; a .pcapng written with -o keeps them all.</p>\n", fp);
	}
	if (tl->source != NULL) {
		fputs("<div class=\"part\">\n<h2>The scenario</h2>\n<pre>", fp);
		put_lines(fp, tl->source);
		fputs("</pre>\n</div>\n", fp);
	}
	fputs("<div class=\"part\">\n<h2>Every event</h2>\n<table>\n<thead><tr>"
	    "<th>#</th><th>ms</th><th>lane</th><th>what</th>"
	    "<th>caused by / caused</th></tr></thead>\n<tbody>\n", fp);
	if (fseek(h->rows, 0, SEEK_END) != 0 || copy_back(o, h->rows,
	    ftell(h->rows), 0, "the events table") < 0) {
		if (!o->err[0])
			snprintf(o->err, sizeof(o->err), "the events table:"
			    " temporary file: %s", strerror(errno));
		r = -1;
	}
	fputs("</tbody>\n</table>\n</div>\n", fp);
	fputs(details, fp);
	if (r == 0)
		r = island(o, h, tl);
	fprintf(fp, "<script>//<![CDATA[\n%s//]]></script>\n</body>\n"
	    "</html>\n", sv_html_script);
	html_state_free(h);
	o->priv = NULL;
	return r;
}

const struct sv_renderer sv_render_html = {
	.name = "html",
	.ext = ".html",
	.what = "one self-contained page for a lecture: the ladder, step by"
	    " step, details of every event, the scenario, a table",
	.begin = html_begin,
	.event = html_event,
	.end = html_end,
};
