/*
 * The timeline as a PlantUML sequence diagram (@startuml ... @enduml):
 * what render/seqtext.c says, in PlantUML's syntax, for tools and wikis
 * that draw PlantUML (and Debian's plantuml, 1.2020.02, which the suite
 * checks it with).
 *
 * As the ladder draws it: the title block heads the picture; a call is a
 * grey rectangle ("rnote") beside its actor, left of the first lane and
 * right of the others, never over a neighbour's lifeline; the scenario's
 * notes are yellow and span every lane ("note across"); an arrow has its
 * kind's colour (render/palette.h), its flags in bold above the numbers
 * and the cause, dashed when a kernel sent it on its own, an open head
 * when it answers. A blocked call is a message from its actor to itself and
 * activates it until the call returns: PlantUML starts an activation at
 * the message before it, and refuses one after a deactivation with no
 * message between, so the call has to be that message.
 *
 * PlantUML reads markup inside any text (creole: **bold**, ""mono"",
 * <color>, \n) and expands % functions and $ variables before that:
 * whatever could be taken for either goes as <U+XXXX>, and so does every
 * character outside ASCII, which also keeps the file independent of the
 * charset PlantUML assumes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "render/palette.h"
#include "render/render.h"
#include "render/seqtext.h"

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
 * none of its keywords. */
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
	if (!sv_seqtext_ident(s))
		return 0;
	for (size_t k = 0; k < sizeof(kw) / sizeof(kw[0]); k++)
		if (strcasecmp(s, kw[k]) == 0)
			return 0;
	return 1;
}

/* A colour of the palette (render/palette.h), "#1a7f37". */
static const char *
hex(enum sv_ink ink)
{
	return sv_inkdef(ink)->hex;
}

/* A call's box: the lanes' ground, lighter. */
#define CALL_GROUND "#f6f8fa"

static void
pu_participant(struct sv_seqw *w, int lane)
{
	const struct sv_timeline *tl = w->tl;
	fputs("participant ", w->fp);
	if (tl->n_lanes > 0 && !pu_plain_name(tl->lanes[lane].name)) {
		fputc('"', w->fp);
		pu_text(w->fp, tl->lanes[lane].name);
		fprintf(w->fp, "\" as lane%d", lane);
	} else {
		sv_seqtext_id(w, lane);
	}
	fputc('\n', w->fp);
}

static void
pu_style(FILE *fp, enum sv_seq_style st, int open)
{
	switch (st) {
	case SV_SEQ_PLAIN:
		break;
	case SV_SEQ_WORDS:
		if (open)
			fprintf(fp, "<color:%s>", hex(SV_INK_NOTE));
		else
			fputs("</color>", fp);
		break;
	case SV_SEQ_DIM:
		if (open)
			fprintf(fp, "<size:11><color:%s>", hex(SV_INK_DIM));
		else
			fputs("</color></size>", fp);
		break;
	case SV_SEQ_BAD:
		if (open)
			fprintf(fp, "<color:%s>", hex(SV_INK_BAD));
		else
			fputs("</color>", fp);
		break;
	}
}

static void
pu_mark(FILE *fp, enum sv_seq_mark m)
{
	switch (m) {
	case SV_SEQ_NO_MARK:
		break;
	case SV_SEQ_HELD:
		fprintf(fp, " <color:%s><U+2713></color>", hex(SV_INK_OK));
		break;
	case SV_SEQ_FAILED:
		fprintf(fp, " <color:%s><U+2717></color>", hex(SV_INK_BAD));
		break;
	}
}

/* One line of the title block; each begins with markup, so that none
 * reads as "end title". */
static void
title_line(FILE *fp, const char *open, const char *s, const char *close)
{
	fputs(open, fp);
	pu_text(fp, s);
	fprintf(fp, "%s\n", close);
}

static int
pu_head(struct sv_seqw *w, const struct sv_seqhead *h)
{
	FILE *fp = w->fp;
	fputs("@startuml\n' sockviz", fp);
	if (h->scenario) {
		pu_text(fp, " \xc2\xb7 ");
		pu_text(fp, h->scenario);
	}
	fputs(": ", fp);
	pu_text(fp, h->capture);
	fputs("\ntitle\n", fp);
	title_line(fp, "<size:20>**", h->title, "**</size>");
	/* A long summary in lines, each its own. */
	size_t n = h->summary ? strlen(h->summary) : 0, len;
	for (size_t at = 0; at < n;) {
		size_t used = sv_wrap_line(h->summary + at, n - at, 96, 1,
		    &len);
		char *line = strndup(h->summary + at, len);
		if (line != NULL)
			title_line(fp, "<size:14>", line, "</size>");
		free(line);
		at += used;
	}
	fprintf(fp, "<size:11><color:%s>", hex(SV_INK_DIM));
	title_line(fp, "", h->capture, "</color></size>");
	fprintf(fp, "end title\n"
	    "hide footbox\n"
	    "skinparam shadowing false\n"
	    "skinparam defaultFontName Monospaced\n"
	    "skinparam sequenceMessageAlign center\n"
	    "skinparam sequence {\n"
	    "  ParticipantBackgroundColor %s\n"
	    "  ParticipantBorderColor %s\n"
	    "  ParticipantFontSize 15\n"
	    "  LifeLineBorderColor %s\n"
	    "  ArrowColor %s\n"
	    "}\n"
	    "skinparam note {\n"
	    "  BackgroundColor %s\n"
	    "  BorderColor %s\n"
	    "}\n", hex(SV_INK_LANE_GROUND), hex(SV_INK_LANE_EDGE),
	    hex(SV_INK_LIFE), hex(SV_INK_ACK), hex(SV_INK_NOTE_GROUND),
	    hex(SV_INK_OTHER));
	return 0;
}

/*
 * PlantUML keeps a lane clear of the labels of the messages that reach
 * it, but not of the notes beside its neighbour: a middle lane's boxes,
 * on its right, would cover the next lifeline. A hidden message between
 * the two, as wide as the widest of those boxes, keeps them apart.
 */
static void
pu_lanes_done(struct sv_seqw *w)
{
	for (int i = 1; i + 1 < w->tl->n_lanes && i < w->n_room; i++) {
		if (w->room[i] == 0)
			continue;
		sv_seqtext_id(w, i);
		fputs(" -[hidden]> ", w->fp);
		sv_seqtext_id(w, i + 1);
		fputs(" : ", w->fp);
		/* No-break spaces, a column each; a few more for the box's
		 * own margins. */
		for (int c = 0; c < w->room[i] + 4; c++)
			fputs("<U+00A0>", w->fp);
		fputc('\n', w->fp);
	}
}

/* Beside the lane: the first on its left, the others on their right. */
static const char *
side(const struct sv_seqw *w, int lane)
{
	return lane == 0 && w->tl->n_lanes > 1 ? "left of" : "right of";
}

static void
pu_box(struct sv_seqw *w, const struct sv_seqbox *b)
{
	FILE *fp = w->fp;
	const struct sv_seqtext *s = w->s;
	switch (b->kind) {
	case SV_SEQ_NOTE:
		fputs("note across : ", fp);
		sv_seqtext_lines(w, b, s->cols_across);
		break;
	case SV_SEQ_CALL:
	case SV_SEQ_RETURN:
		fprintf(fp, "rnote %s ", side(w, b->lane));
		sv_seqtext_id(w, b->lane);
		fputs(" " CALL_GROUND " : ", fp);
		sv_seqtext_lines(w, b, s->cols_beside);
		break;
	case SV_SEQ_BLOCK:
		sv_seqtext_id(w, b->lane);
		fprintf(fp, " -[%s]> ", hex(SV_INK_WAIT));
		sv_seqtext_id(w, b->lane);
		fputs(" : ", fp);
		sv_seqtext_lines(w, b, s->cols_beside);
		fputs("\nactivate ", fp);
		sv_seqtext_id(w, b->lane);
		fprintf(fp, " %s", hex(SV_INK_WAIT_GROUND));
		break;
	case SV_SEQ_FINAL:
		/* A final state is never broken. */
		fprintf(fp, "note across %s : ", hex(SV_INK_PAPER));
		sv_seqtext_lines(w, b, 200);
		break;
	case SV_SEQ_COUNTS:
		fputs("caption ", fp);
		sv_seqtext_lines(w, b, s->cols_across + 40);
		break;
	}
	fputc('\n', fp);
	if (b->kind == SV_SEQ_RETURN) {
		fputs("deactivate ", fp);
		sv_seqtext_id(w, b->lane);
		fputc('\n', fp);
	}
}

static void
pu_packet(struct sv_seqw *w, const struct sv_seqpkt *p)
{
	FILE *fp = w->fp;
	sv_seqtext_id(w, p->from);
	/* Dashed for a kernel on its own, an open head for an answer. */
	fprintf(fp, " -[%s]%s ", hex(p->ink), p->kernel ? "->" : p->answer ?
	    ">>" : ">");
	sv_seqtext_id(w, p->to);
	fprintf(fp, " : <color:%s>**", hex(p->ink));
	pu_text(fp, p->label);
	fputs("**</color>", fp);
	if (p->detail[0]) {
		fprintf(fp, "\\n<size:11><color:%s>", hex(SV_INK_DIM));
		pu_text(fp, p->detail);
		fputs("</color></size>", fp);
	}
	fputc('\n', fp);
}

static void
pu_tail(struct sv_seqw *w)
{
	fputs("@enduml\n", w->fp);
}

static const struct sv_seqtext plantuml = {
	.text = pu_text,
	.plain_name = pu_plain_name,
	.participant = pu_participant,
	.cols_beside = 64,
	.cols_across = 76,
	.newline = "\\n",
	.style = pu_style,
	.mark = pu_mark,
	.head = pu_head,
	.lanes_done = pu_lanes_done,
	.box = pu_box,
	.packet = pu_packet,
	.tail = pu_tail,
};

static int
plantuml_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	return sv_seqtext_begin(o, tl, &plantuml);
}

const struct sv_renderer sv_render_plantuml = {
	.name = "plantuml",
	.ext = ".puml",
	.what = "a PlantUML sequence diagram",
	.begin = plantuml_begin,
	.event = sv_seqtext_event,
	.end = sv_seqtext_end,
};
