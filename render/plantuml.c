/*
 * The timeline as a PlantUML sequence diagram (@startuml ... @enduml):
 * the same content as the Mermaid one, for tools and wikis that draw
 * PlantUML. Lanes are participants in lane order; a call is a note beside
 * its actor; a packet is an arrow in the ladder's colour, dashed when the
 * kernel sent it on its own; a blocked call's return is a note of its own
 * where it happened (no activation bar: PlantUML would start one at the
 * message before the call, not at the call); the scenario's notes span
 * every lane.
 *
 * PlantUML reads markup inside any text (creole: **bold**, ""mono"",
 * <color>, \n) and expands % functions and $ variables before that:
 * whatever could be taken for either goes as <U+XXXX>, and so does every
 * character outside ASCII, which also keeps the file independent of the
 * charset PlantUML assumes.
 */
#include <inttypes.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render/names.h"
#include "render/render.h"
#include "render/svg_draw.h"

struct plantuml_state {
	int calls;               /* calls in the timeline */
	struct pend {            /* blocked calls, until they return */
		int64_t t;
		const struct sv_event *ev;
	} *pend;
	size_t n_pend, cap_pend;
	int n_calls, n_silent, n_kernel, n_expect, n_failed;
};

/* Text as PlantUML shows it literally; a newline as its \n. */
static void
pu_text(FILE *fp, const char *s)
{
	size_t n = strlen(s);
	int line_start = 1;
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		i += sv_utf8_next(s + i, n - i, &cp);
		char next = s[i];        /* '\0' at the end */
		if (cp == SV_NOT_UTF8) {
			fputc('?', fp);
			line_start = 0;
			continue;
		}
		if (cp == '\n') {
			fputs("\\n", fp);
			line_start = 1;
			continue;
		}
		int esc = cp >= 0x80;
		switch (cp) {
		case '<': case '&': case '\\': case '%': case '$': case '~':
			esc = 1;
			break;
		case '*': case '/': case '"': case '-': case '_': case '=':
		case '^': case '[': case ']':
			/* Creole marks are doubled: "**", "--", "[[", and /'
			 * opens a comment. */
			esc = (uint32_t)(unsigned char)next == cp ||
			    (cp == '/' && next == '\'');
			break;
		default:
			break;
		}
		/* At the start of a line: lists, headings, tables, rules. */
		if (line_start && (cp == '*' || cp == '#' || cp == '=' ||
		    cp == '|' || cp == '-'))
			esc = 1;
		line_start = 0;
		if (cp < 0x20 || cp == 0x7f)
			fputc(' ', fp);
		else if (esc)
			fprintf(fp, "<U+%04" PRIX32 ">", cp);
		else
			fputc((int)cp, fp);
	}
}

/* A participant PlantUML takes by its plain name: an identifier that is
 * none of its keywords. "lane<N>" is kept for the aliases. */
static int
pu_plain_name(const char *s)
{
	static const char *const kw[] = {
		"across", "activate", "actor", "alt", "as", "autonumber",
		"boundary", "box", "break", "collections", "control",
		"create", "critical", "database", "deactivate", "destroy",
		"else", "end", "entity", "footer", "group", "header", "hide",
		"hnote", "left", "legend", "loop", "newpage", "note", "of",
		"opt", "over", "par", "participant", "queue", "ref",
		"return", "right", "rnote", "show", "skinparam", "title",
	};
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
	    s[0] == '_'))
		return 0;
	for (size_t i = 1; s[i]; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	for (size_t k = 0; k < sizeof(kw) / sizeof(kw[0]); k++)
		if (strcasecmp(s, kw[k]) == 0)
			return 0;
	if (strncmp(s, "lane", 4) == 0 && strspn(s + 4, "0123456789") ==
	    strlen(s + 4))
		return 0;
	return 1;
}

static void
pu_id(FILE *fp, const struct sv_timeline *tl, int lane)
{
	if (tl->n_lanes == 0)
		fputs("capture", fp);
	else if (pu_plain_name(tl->lanes[lane].name))
		fputs(tl->lanes[lane].name, fp);
	else
		fprintf(fp, "lane%d", lane);
}

/* PlantUML refuses a title or a note of nothing but spaces. */
static int
has_words(const char *s)
{
	return s != NULL && s[strspn(s, " \t\r\n")] != '\0';
}

static int
lane_of(const struct sv_timeline *tl, int lane)
{
	return lane >= 0 && lane < tl->n_lanes ? lane : 0;
}

static void
pu_note_across(FILE *fp, const struct sv_timeline *tl)
{
	fputs("note over ", fp);
	pu_id(fp, tl, 0);
	if (tl->n_lanes > 1) {
		fputs(", ", fp);
		pu_id(fp, tl, tl->n_lanes - 1);
	}
	fputs(" : ", fp);
}

static void
pu_note_beside(FILE *fp, const struct sv_timeline *tl, int lane)
{
	const char *where = tl->n_lanes <= 1 ? "right of" : lane == 0 ?
	    "left of" : lane == tl->n_lanes - 1 ? "right of" : "over";
	fprintf(fp, "note %s ", where);
	pu_id(fp, tl, lane);
	fputs(" : ", fp);
}

static int
plantuml_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	struct plantuml_state *m = calloc(1, sizeof(*m));
	FILE *fp = o->fp;
	char b[400];
	if (m == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	for (size_t i = 0; i < tl->n; i++)
		if (tl->ev[i].type == SV_EV_CALL) {
			m->calls++;
			m->cap_pend += tl->ev[i].u.call.blocked != 0;
		}
	/* Only calls in the timeline block, each once: room for all. */
	if (m->cap_pend > 0 && (m->pend = calloc(m->cap_pend,
	    sizeof(*m->pend))) == NULL) {
		free(m);
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	o->priv = m;

	fputs("@startuml\n' sockviz", fp);
	if (tl->scenario) {
		fputs(" <U+00B7> ", fp);
		pu_text(fp, tl->scenario);
	}
	fputs(": ", fp);
	pu_text(fp, sv_capture_line(tl, m->calls, b, sizeof(b)));
	fputs("\ntitle ", fp);
	pu_text(fp, has_words(tl->title) ? tl->title :
	    has_words(tl->scenario) ? tl->scenario : "capture");
	fputs("\nhide footbox\nskinparam shadowing false\n"
	    "skinparam defaultFontName Monospaced\n", fp);
	for (int i = 0; i < tl->n_lanes || i == 0; i++) {
		fputs("participant ", fp);
		if (tl->n_lanes > 0 && !pu_plain_name(tl->lanes[i].name)) {
			fputc('"', fp);
			pu_text(fp, tl->lanes[i].name);
			fputs("\" as ", fp);
		}
		pu_id(fp, tl, i);
		fputc('\n', fp);
	}
	int sum = has_words(tl->summary), intro = has_words(tl->intro);
	if (sum || intro) {
		pu_note_across(fp, tl);
		if (sum)
			pu_text(fp, tl->summary);
		if (sum && intro)
			fputs("\\n", fp);
		if (intro)
			pu_text(fp, tl->intro);
		fputc('\n', fp);
	}
	return 0;
}

static void
pu_return(FILE *fp, const struct sv_timeline *tl, const struct sv_call *c)
{
	char r[48], a[300];
	int lane = lane_of(tl, c->actor);
	pu_note_beside(fp, tl, lane);
	snprintf(a, sizeof(a), "\xe2\x86\xb3 %s() returns %s", c->fn,
	    sv_call_result(c, r, sizeof(r)) + 2);
	pu_text(fp, a);
	fputs("\\n", fp);
	pu_text(fp, sv_call_after(c, a, sizeof(a)));
	fputc('\n', fp);
}

static void
pu_flush(struct plantuml_state *m, FILE *fp, const struct sv_timeline *tl,
    int64_t t)
{
	while (m->n_pend > 0 && m->pend[0].t <= t) {
		const struct sv_call *c = &m->pend[0].ev->u.call;
		m->n_pend--;
		memmove(m->pend, m->pend + 1, m->n_pend * sizeof(*m->pend));
		pu_return(fp, tl, c);
	}
}

static void
pu_call(struct plantuml_state *m, FILE *fp, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	const struct sv_call *c = &ev->u.call;
	int lane = lane_of(tl, c->actor);
	char b[1200];

	m->n_calls++;
	m->n_silent += c->n_packets == 0;
	if (c->expect != NULL) {
		m->n_expect++;
		m->n_failed += c->failure != NULL;
	}
	pu_note_beside(fp, tl, lane);
	if (c->blocked) {
		snprintf(b, sizeof(b), "%s blocks\xe2\x80\xa6", c->text ?
		    c->text : c->fn);
		pu_text(fp, b);
	} else {
		pu_text(fp, sv_call_line(c, b, sizeof(b)));
	}
	if (c->expect != NULL)
		fputs(c->failure ? " <color:#cf222e><U+2717></color>" :
		    " <color:#1a7f37><U+2713></color>", fp);
	if (!c->blocked) {
		fputs("\\n", fp);
		pu_text(fp, sv_call_after(c, b, sizeof(b)));
	}
	if (c->expect != NULL && c->failure != NULL) {
		fputs("\\n<color:#cf222e><U+2717> ", fp);
		pu_text(fp, c->failure);
		fputs("</color>", fp);
	}
	fputc('\n', fp);
	if (c->blocked && m->n_pend < m->cap_pend) {
		size_t i = m->n_pend;
		while (i > 0 && m->pend[i - 1].t > c->t_end) {
			m->pend[i] = m->pend[i - 1];
			i--;
		}
		m->pend[i].t = c->t_end;
		m->pend[i].ev = ev;
		m->n_pend++;
	}
	if (has_words(c->note)) {
		pu_note_across(fp, tl);
		pu_text(fp, c->note);
		fputc('\n', fp);
	}
}

static void
pu_packet(struct plantuml_state *m, FILE *fp, const struct sv_timeline *tl,
    const struct sv_pktev *p)
{
	int from = lane_of(tl, p->from);
	int to = p->to >= 0 && p->to < tl->n_lanes ? p->to : from;
	int kernel = p->cause < 0 && m->calls > 0;
	char label[128], detail[400];

	m->n_kernel += kernel;
	pu_id(fp, tl, from);
	fprintf(fp, " -[%s]%s ", sv_svg_pkt_colour(p), kernel ? "->" : ">");
	pu_id(fp, tl, to);
	fputs(" : ", fp);
	pu_text(fp, sv_pkt_short(p, label, sizeof(label)));
	sv_pkt_detail(tl, p, m->calls, detail, sizeof(detail));
	if (detail[0]) {
		fputc(' ', fp);
		pu_text(fp, detail);
	}
	fputc('\n', fp);
}

static int
plantuml_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct plantuml_state *m = o->priv;
	pu_flush(m, o->fp, tl, ev->t);
	switch (ev->type) {
	case SV_EV_CALL:
		pu_call(m, o->fp, tl, ev);
		break;
	case SV_EV_PACKET:
		pu_packet(m, o->fp, tl, &ev->u.pkt);
		break;
	}
	return 0;
}

static int
plantuml_end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct plantuml_state *m = o->priv;
	FILE *fp = o->fp;
	char b[300], l[64], p[64];

	pu_flush(m, fp, tl, INT64_MAX);
	if (tl->n_finals > 0) {
		pu_note_across(fp, tl);
		fputs("After the last step, the kernel holds:", fp);
		for (int i = 0; i < tl->n_finals; i++) {
			const struct sv_final *f = &tl->finals[i];
			snprintf(b, sizeof(b), "%s %s \xe2\x87\x84 %s %s",
			    f->actor >= 0 && f->actor < tl->n_lanes ?
			    tl->lanes[f->actor].name : "?",
			    sv_endpoint_str(&f->local, 1, l, sizeof(l)),
			    sv_endpoint_str(&f->peer, 1, p, sizeof(p)),
			    f->state == TCP_CLOSE ? "gone (CLOSED)" :
			    sv_tcp_state_name(f->state));
			fputs("\\n", fp);
			pu_text(fp, b);
		}
		fputc('\n', fp);
	}
	if (m->calls > 0) {
		fputs("caption ", fp);
		pu_text(fp, sv_counts_line(m->n_calls, m->n_silent,
		    tl->packets, m->n_kernel, b, sizeof(b)));
		if (m->n_expect > 0) {
			fputc(' ', fp);
			pu_text(fp, sv_expect_line(m->n_expect, m->n_failed,
			    b, sizeof(b)));
		}
		fputc('\n', fp);
	}
	fputs("@enduml\n", fp);
	free(m->pend);
	free(m);
	o->priv = NULL;
	return 0;
}

const struct sv_renderer sv_render_plantuml = {
	.name = "plantuml",
	.ext = ".puml",
	.what = "a PlantUML sequence diagram",
	.begin = plantuml_begin,
	.event = plantuml_event,
	.end = plantuml_end,
};
