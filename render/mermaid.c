/*
 * The timeline as a Mermaid sequence diagram, for Markdown pages that
 * draw Mermaid (GitHub, GitLab, most wikis) and for mermaid-cli. What it
 * says is render/seqtext.c's; this file is Mermaid's syntax. A blocked
 * call also activates its actor until it returns.
 *
 * Mermaid's lexer ends a text at '#', ';' or a newline, and hands it to
 * the browser as HTML: such characters go as Mermaid's entity codes,
 * "#35;" for '#', which it turns back into the character.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "render/render.h"
#include "render/seqtext.h"

/* Text as Mermaid reads it: entity codes for what its lexer or the
 * browser would take for syntax; a newline as <br/>; a byte that is not
 * UTF-8 as '?'. */
static void
mm_text(FILE *fp, const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = sv_utf8_next(s + i, n - i, &cp);
		if (cp == SV_NOT_UTF8)
			fputc('?', fp);
		else if (len > 1)
			fwrite(s + i, 1, len, fp);
		else if (cp == '\n')
			fputs("<br/>", fp);
		else if (strchr("#;%<>&\"", (int)cp) != NULL)
			fprintf(fp, "#%u;", (unsigned)cp);
		else
			fputc(cp < 0x20 || cp == 0x7f ? ' ' : (int)cp, fp);
		i += len;
	}
}

/* A name its lexer reads as a participant: an identifier not starting
 * as one of its keywords does (it tries those first, so "endpoint" would
 * be "end"). */
static int
mm_plain_name(const char *s)
{
	static const char *const kw[] = {
		"accdescr", "acctitle", "activate", "actor", "alt", "and",
		"autonumber", "box", "break", "create", "critical",
		"deactivate", "destroy", "details", "else", "end", "left",
		"link", "loop", "note", "off", "opt", "over", "par",
		"properties", "rect", "right", "sequencediagram", "title",
	};
	if (!sv_seqtext_ident(s))
		return 0;
	for (size_t k = 0; k < sizeof(kw) / sizeof(kw[0]); k++)
		if (strncasecmp(s, kw[k], strlen(kw[k])) == 0)
			return 0;
	return 1;
}

static void
mm_alias(FILE *fp, int lane, const char *name)
{
	fprintf(fp, "lane%d as ", lane);
	mm_text(fp, name);
}

static void
mm_arrow(FILE *fp, const struct sv_pktev *p, int kernel)
{
	(void)p;
	fputs(kernel ? "-->>" : "->>", fp);
}

static const struct sv_seqtext mermaid = {
	.text = mm_text,
	.plain_name = mm_plain_name,
	.alias = mm_alias,
	.arrow = mm_arrow,
	.head = "sequenceDiagram\n    %% ",
	.title = "\n    title ",
	.after_title = "\n",
	.indent = "    ",
	.note = "Note ",
	.note_lanes = ",",
	.colon = ": ",
	.newline = "<br/>",
	.held = " \xe2\x9c\x93",
	.failed = " \xe2\x9c\x97",
	.why_open = "\xe2\x9c\x97 ",
	.why_close = "",
	/* A blocked call's actor stays active until the call returns. */
	.activate = "activate ",
	.deactivate = "deactivate ",
	.foot_open = "    %% ",
	.foot_sep = "\n    %% ",
	.foot_close = "\n",
	.tail = "",
};

static int
mermaid_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	return sv_seqtext_begin(o, tl, &mermaid);
}

const struct sv_renderer sv_render_mermaid = {
	.name = "mermaid",
	.ext = ".mmd",
	.what = "a Mermaid sequence diagram, for Markdown pages and wikis",
	.begin = mermaid_begin,
	.event = sv_seqtext_event,
	.end = sv_seqtext_end,
};
