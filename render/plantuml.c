/*
 * The timeline as a PlantUML sequence diagram (@startuml ... @enduml):
 * the same content as the Mermaid one (render/seqtext.c says it), for
 * tools and wikis that draw PlantUML; this file is PlantUML's syntax. An
 * arrow has the ladder's colour. A blocked call's return is only a note,
 * with no activation bar: PlantUML would start one at the message before
 * the call, not at the call.
 *
 * PlantUML reads markup inside any text (creole: **bold**, ""mono"",
 * <color>, \n) and expands % functions and $ variables before that:
 * whatever could be taken for either goes as <U+XXXX>, and so does every
 * character outside ASCII, which also keeps the file independent of the
 * charset PlantUML assumes.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "render/render.h"
#include "render/seqtext.h"
#include "render/svg_draw.h"

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

static void
pu_alias(FILE *fp, int lane, const char *name)
{
	fputc('"', fp);
	pu_text(fp, name);
	fprintf(fp, "\" as lane%d", lane);
}

static void
pu_arrow(FILE *fp, const struct sv_pktev *p, int kernel)
{
	fprintf(fp, " -[%s]%s ", sv_svg_pkt_colour(p), kernel ? "->" : ">");
}

static const struct sv_seqtext plantuml = {
	.text = pu_text,
	.plain_name = pu_plain_name,
	.alias = pu_alias,
	.arrow = pu_arrow,
	.head = "@startuml\n' ",
	.title = "\ntitle ",
	.after_title = "\nhide footbox\nskinparam shadowing false\n"
	    "skinparam defaultFontName Monospaced\n",
	.indent = "",
	.note = "note ",
	.note_lanes = ", ",
	.colon = " : ",
	.newline = "\\n",
	.held = " <color:#1a7f37><U+2713></color>",
	.failed = " <color:#cf222e><U+2717></color>",
	.why_open = "<color:#cf222e><U+2717> ",
	.why_close = "</color>",
	.activate = NULL,
	.deactivate = NULL,
	.foot_open = "caption ",
	.foot_sep = " ",
	.foot_close = "\n",
	.tail = "@enduml\n",
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
