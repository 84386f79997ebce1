/*
 * The timeline as one self-contained web page: the ladder (svg.c's
 * picture, inline), the scenario's text, and a table of every event. No
 * script, no font, no style sheet from elsewhere: it opens offline, prints
 * on paper, and is also well-formed XML.
 *
 * The picture is written as events arrive; the table comes after it on
 * the page, so its rows wait in a temporary file until the end: memory
 * does not grow with the capture, the disk does, by a line per event.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "render/svg_draw.h"

struct html_state {
	struct sv_svg *svg;
	FILE *rows;              /* the table's rows, until end */
	int calls;               /* calls in the timeline */
};

static const char style[] =
"body{font-family:\"DejaVu Sans\",\"Helvetica Neue\",Arial,sans-serif;"
"color:#1f2328;background:#fff;margin:2em auto;padding:0 1.5em;"
"max-width:1400px;line-height:1.45}\n"
".kicker{font-family:\"DejaVu Sans Mono\",Menlo,Consolas,monospace;"
"color:#656d76;letter-spacing:.06em;margin:0}\n"
"h1{font-size:1.9em;margin:.1em 0 .2em}\n"
"h2{font-size:1.3em;margin:1.6em 0 .5em;border-bottom:1px solid #d0d7de}\n"
".summary{font-size:1.15em;margin:.2em 0}\n"
".meta{color:#656d76;margin:.2em 0}\n"
".intro{font-style:italic;color:#27466e;white-space:pre-line}\n"
".figure{margin:1.5em 0;overflow-x:auto}\n"
".figure svg{display:block;max-width:100%;height:auto}\n"
"pre{font-family:\"DejaVu Sans Mono\",Menlo,Consolas,monospace;"
"font-size:.9em;background:#f6f8fa;border:1px solid #d0d7de;"
"border-radius:6px;padding:1em;overflow-x:auto;white-space:pre-wrap}\n"
"table{border-collapse:collapse;width:100%;font-size:.92em}\n"
"th,td{border-bottom:1px solid #d8dee4;padding:.3em .6em;text-align:left;"
"vertical-align:top}\n"
"th{background:#f6f8fa}\n"
"td.n,td.ms{text-align:right;white-space:nowrap;color:#656d76;"
"font-variant-numeric:tabular-nums}\n"
"td code,td.pkt{font-family:\"DejaVu Sans Mono\",Menlo,Consolas,"
"monospace}\n"
"tr.packet td{background:#fbfcfd}\n"
".after{color:#656d76;font-size:.9em}\n"
".note{font-style:italic;color:#27466e;background:#fff8c5;"
"padding:0 .3em;white-space:pre-line}\n"
".ok{color:#1a7f37;font-weight:bold}\n"
".bad{color:#cf222e;font-weight:bold}\n"
"@media print{body{margin:0;padding:0;max-width:none;font-size:10pt}"
".figure{overflow:visible}h2{break-after:avoid}"
"tr{break-inside:avoid}thead{display:table-header-group}"
"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

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
	h->svg = sv_svg_new(tl, 0, o->err, sizeof(o->err));
	if (h->svg == NULL) {
		free(h);
		return -1;
	}
	h->rows = tmpfile();
	if (h->rows == NULL) {
		int e = errno;
		snprintf(o->err, sizeof(o->err), "cannot make a temporary"
		    " file for the events table: %s", strerror(e));
		sv_svg_free(h->svg);
		free(h);
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
	    " content=\"sockviz\"/>\n<title>", fp);
	put(fp, b);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
	    "<div class=\"head\">\n<p class=\"kicker\">sockviz%s", style,
	    tl->title && tl->scenario ? " \xc2\xb7 " : "");
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
	fputs("</div>\n<div class=\"figure\">\n", fp);
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
	fprintf(fp, "</td><td class=\"pkt\"><b style=\"color:%s\">",
	    sv_svg_pkt_colour(p));
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
		break;
	}
	fputs("</tr>\n", h->rows);
	return 0;
}

static int
html_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct html_state *h = o->priv;
	FILE *fp = o->fp;
	char buf[8192];
	size_t n;
	int r = 0;

	sv_svg_close(h->svg, fp, tl);
	fputs("</div>\n", fp);
	if (tl->source != NULL) {
		fputs("<div class=\"part\">\n<h2>The scenario</h2>\n<pre>", fp);
		put_lines(fp, tl->source);
		fputs("</pre>\n</div>\n", fp);
	}
	fputs("<div class=\"part\">\n<h2>Every event</h2>\n<table>\n<thead><tr>"
	    "<th>#</th><th>ms</th><th>lane</th><th>what</th>"
	    "<th>caused by / caused</th></tr></thead>\n<tbody>\n", fp);
	if (fflush(h->rows) != 0 || fseek(h->rows, 0, SEEK_SET) != 0) {
		int e = errno;
		snprintf(o->err, sizeof(o->err), "the events table's temporary"
		    " file: %s", strerror(e));
		r = -1;
	}
	while (r == 0 && (n = fread(buf, 1, sizeof(buf), h->rows)) > 0)
		fwrite(buf, 1, n, fp);
	if (r == 0 && ferror(h->rows)) {
		snprintf(o->err, sizeof(o->err), "the events table's temporary"
		    " file could not be read back");
		r = -1;
	}
	fputs("</tbody>\n</table>\n</div>\n</body>\n</html>\n", fp);
	fclose(h->rows);
	sv_svg_free(h->svg);
	free(h);
	o->priv = NULL;
	return r;
}

const struct sv_renderer sv_render_html = {
	.name = "html",
	.ext = ".html",
	.what = "one self-contained page: the ladder, the scenario, the"
	    " events",
	.begin = html_begin,
	.event = html_event,
	.end = html_end,
};
