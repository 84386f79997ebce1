/*
 * The layout itself as text, one box or mark a line, for tests that
 * check the geometry without drawing (tests/integration/geometry.sh):
 *
 *	kind x y w h lane text
 *
 * kind is a box's kind (call, note, label ...; "+ground" when it is set
 * on a ground that hides lifelines) or a mark's (dot, bar, arrow ...),
 * lane the position of the lane it belongs to (0 leftmost) or -1, text
 * what a box says ("-" for a mark). "canvas" gives the picture's size and
 * "lifeline" each lane's line; lines starting "#" name the rows. Two
 * hidden formats: "layout", the pictures' layout (svg, tikz), and
 * "layout-text", the terminal's at --width; "layout --slides", a 1920x1080
 * slide's.
 */
#include <stdio.h>
#include <stdlib.h>

#include "render/layout.h"
#include "render/render.h"

static int
begin(struct sv_out *o, const struct sv_timeline *tl, int cells)
{
	struct sv_layout_metrics m = cells ? sv_layout_cells : o->slides ?
	    sv_layout_slides : sv_layout_points;
	struct sv_layout_opts lo = { .heading = 1, .legend = 1,
	    .time_scaled = o->time_scaled, .color = 1 };
	if (cells)
		m.width = o->width > 0 ? o->width : 110;
	struct sv_layout *L = sv_layout_new(tl, &m, &lo, o->err,
	    sizeof(o->err));
	if (L == NULL)
		return -1;
	o->priv = L;
	fprintf(o->fp, "# sockviz layout, in %s\n", cells ? "cells" :
	    "points");
	return 0;
}

static int
begin_points(struct sv_out *o, const struct sv_timeline *tl)
{
	return begin(o, tl, 0);
}

static int
begin_cells(struct sv_out *o, const struct sv_timeline *tl)
{
	return begin(o, tl, 1);
}

static void
put_text(FILE *fp, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '\t' ? ' ' : *s, fp);
}

static void
drain(struct sv_out *o)
{
	struct sv_layout *L = o->priv;
	const struct sv_lrow *r;
	while ((r = sv_layout_next(L)) != NULL) {
		fprintf(o->fp, "# row %s y=%g h=%g step=%d ev=%d\n",
		    sv_lrow_kind_name(r->kind), r->y, r->h, r->step, r->ev);
		for (size_t i = 0; i < r->n_box; i++) {
			const struct sv_lbox *b = &r->box[i];
			fprintf(o->fp, "%s%s %g %g %g %g %d ",
			    sv_lbox_kind_name(b->kind), b->flags &
			    SV_LBOX_GROUND ? "+ground" : "", b->x, b->y, b->w,
			    b->h, b->lane < 0 ? -1 : sv_layout_pos(L,
			    b->lane));
			put_text(o->fp, sv_lbox_text(r, b));
			fputc('\n', o->fp);
		}
		for (size_t i = 0; i < r->n_mark; i++) {
			const struct sv_lmark *mk = &r->mark[i];
			fprintf(o->fp, "%s%s %g %g %g %g %d -\n",
			    sv_lmark_kind_name(mk->kind), mk->flags &
			    SV_LMARK_DASHED ? "+dashed" : "", mk->x, mk->y,
			    mk->w, mk->h, mk->lane < 0 ? -1 :
			    sv_layout_pos(L, mk->lane));
			if (mk->kind == SV_MARK_ARROW && mk->gx1 > mk->gx0)
				fprintf(o->fp, "# arrow gap %g %g\n", mk->gx0,
				    mk->gx1);
		}
	}
}

static int
event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	(void)tl;
	sv_layout_event(o->priv, ev);
	drain(o);
	return 0;
}

static int
end(struct sv_out *o, const struct sv_timeline *tl)
{
	struct sv_layout *L = o->priv;
	double y0, y1;
	sv_layout_end(L);
	drain(o);
	sv_layout_lifelines(L, &y0, &y1);
	double lw = sv_layout_life_w(L);
	for (int i = 0; i < sv_layout_lanes(L); i++) {
		int lane = sv_layout_lane_of(L, i);
		fprintf(o->fp, "lifeline %g %g %g %g %d %s\n",
		    sv_layout_lane_x(L, i) - lw / 2, y0, lw, y1 - y0, i,
		    lane >= 0 ? tl->lanes[lane].name : "-");
	}
	fprintf(o->fp, "canvas 0 0 %g %g -1 -\n", sv_layout_width(L),
	    sv_layout_height(L));
	int bad = sv_layout_failed(L);
	sv_layout_free(L);
	o->priv = NULL;
	if (bad) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	return 0;
}

const struct sv_renderer sv_render_layout = {
	.name = "layout",
	.ext = ".layout",
	.what = "the pictures' layout, a box a line (for tests)",
	.begin = begin_points,
	.event = event,
	.end = end,
};

const struct sv_renderer sv_render_layout_text = {
	.name = "layout-text",
	.ext = ".layout-text",
	.what = "the terminal's layout, a box a line (for tests)",
	.begin = begin_cells,
	.event = event,
	.end = end,
};
