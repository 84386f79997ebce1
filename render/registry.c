#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "render/render.h"

extern const struct sv_renderer sv_render_text;
extern const struct sv_renderer sv_render_json;
extern const struct sv_renderer sv_render_pcap;
extern const struct sv_renderer sv_render_pcapng;
extern const struct sv_renderer sv_render_svg;
extern const struct sv_renderer sv_render_html;
extern const struct sv_renderer sv_render_mermaid;
extern const struct sv_renderer sv_render_plantuml;
extern const struct sv_renderer sv_render_tikz;
extern const struct sv_renderer sv_render_markdown;
extern const struct sv_renderer sv_render_pdf;
extern const struct sv_renderer sv_render_png;

static const struct sv_renderer *const all[] = {
	&sv_render_text,
	&sv_render_json,
	&sv_render_pcap,
	&sv_render_pcapng,
	&sv_render_svg,
	&sv_render_html,
	&sv_render_mermaid,
	&sv_render_plantuml,
	&sv_render_tikz,
	&sv_render_markdown,
	&sv_render_pdf,
	&sv_render_png,
	NULL,
};

/* Formats for tests, known by name but left out of the usage. */
extern const struct sv_renderer sv_render_layout;
extern const struct sv_renderer sv_render_layout_text;

static const struct sv_renderer *const hidden[] = {
	&sv_render_layout,
	&sv_render_layout_text,
	NULL,
};

const struct sv_renderer *const *
sv_renderers(void)
{
	return all;
}

const struct sv_renderer *
sv_renderer_by_name(const char *name)
{
	for (size_t i = 0; all[i] != NULL; i++)
		if (strcmp(all[i]->name, name) == 0)
			return all[i];
	for (size_t i = 0; hidden[i] != NULL; i++)
		if (strcmp(hidden[i]->name, name) == 0)
			return hidden[i];
	return NULL;
}

const struct sv_renderer *
sv_renderer_by_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (dot == NULL || (slash != NULL && dot < slash))
		return NULL;
	for (size_t i = 0; all[i] != NULL; i++)
		if (strcmp(all[i]->ext, dot) == 0)
			return all[i];
	for (size_t i = 0; hidden[i] != NULL; i++)
		if (strcmp(hidden[i]->ext, dot) == 0)
			return hidden[i];
	return NULL;
}

int
sv_render(const struct sv_renderer *r, struct sv_out *o,
    const struct sv_timeline *tl)
{
	o->err[0] = '\0';
	if (r->begin != NULL && r->begin(o, tl) < 0)
		return -1;
	for (size_t i = 0; i < tl->n; i++)
		if (r->event(o, tl, &tl->ev[i]) < 0)
			return -1;
	if (r->end != NULL && r->end(o, tl) < 0)
		return -1;
	/* A lost write says why: "No space left on device". */
	errno = 0;
	if (fflush(o->fp) != 0 || ferror(o->fp)) {
		if (!o->err[0])
			snprintf(o->err, sizeof(o->err), "%s",
			    strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}
