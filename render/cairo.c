/*
 * PDF and PNG: the SVG picture (svg.c), drawn by librsvg onto a cairo
 * surface.
 *
 * begin, event and end are forwarded to the SVG renderer, which writes
 * into memory; end hands the finished document to librsvg. So the PDF and
 * the PNG are the very picture the .svg file is, with no second layout to
 * drift from it. The PDF draws one SVG px as one pt, its text as text
 * (cairo embeds a subset of each font); the PNG is scaled to be at least
 * 1920 px wide, a 1080p slide's width (or 1080 px tall, should that give
 * larger type).
 *
 * With --slides the PDF is a deck: one 16:9 page per step, revealing the
 * ladder as the lecturer talks. Page K is the SVG without the step groups
 * after K (every event is a <g data-step="K">, in document order; lane
 * headers, lifelines and footer are outside them), at a scale that makes a
 * call's type at least 24 px (its font size) on a 1920x1080 screen. A
 * ladder taller than the page scrolls: the lane headers stay pinned at
 * the top, the rows under them end with the newest one. A ladder wider
 * than the page first gives up its time column; if still too wide, it
 * pans, keeping the newest row in view and as many others whole as it
 * can. The heading and the footer keep to the left, as on a slide.
 * librsvg measures where the rows are, through ids added for the purpose.
 */
#include <cairo-pdf.h>
#include <ctype.h>
#include <cairo.h>
#include <dlfcn.h>
#include <librsvg/rsvg.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/render.h"

extern const struct sv_renderer sv_render_svg;

/*
 * librsvg and cairo are loaded when a PDF or a PNG is begun, not when
 * sockviz starts: linked in, they and the fifty-odd libraries under them
 * (GLib, pango, fontconfig, X11, ICU, ...) cost every command about 10 ms
 * and 10 MiB before it did anything, the terminal ladder and a run
 * included. The headers still give every function's type; the names
 * below are those of the library, called through the pointers found.
 */
#define LIB_FNS(X) \
	X(cairo_clip) X(cairo_create) X(cairo_destroy) X(cairo_fill) \
	X(cairo_image_surface_create) X(cairo_paint) \
	X(cairo_pdf_surface_create_for_stream) \
	X(cairo_pdf_surface_set_metadata) X(cairo_pdf_surface_set_size) \
	X(cairo_rectangle) X(cairo_restore) X(cairo_save) X(cairo_scale) \
	X(cairo_set_source_rgb) X(cairo_show_page) X(cairo_status) \
	X(cairo_status_to_string) X(cairo_surface_destroy) \
	X(cairo_surface_finish) X(cairo_surface_flush) \
	X(cairo_surface_status) X(cairo_surface_write_to_png_stream) \
	X(cairo_translate) \
	X(g_error_free) X(g_memory_input_stream_new_from_data) \
	X(g_object_unref) \
	X(rsvg_handle_get_geometry_for_layer) \
	X(rsvg_handle_get_intrinsic_size_in_pixels) \
	X(rsvg_handle_new_from_stream_sync) X(rsvg_handle_render_document) \
	X(rsvg_handle_set_dpi)

static struct {
	int loaded;
#define LIB_FIELD(f) __typeof__(f) *f;
	LIB_FNS(LIB_FIELD)
#undef LIB_FIELD
} lib;

/* The libraries, once; -1 with err set when this machine lacks them. */
static int
lib_load(char *err, size_t errlen)
{
	/* Debian's runtime packages, which the -dev ones the build needs
	 * depend on: librsvg2-2 (and under it GLib) and libcairo2. */
	static const char *const names[] = { "librsvg-2.so.2",
	    "libcairo.so.2" };
	void *h[2] = { NULL, NULL };
	if (lib.loaded)
		return 0;
	for (int i = 0; i < 2; i++)
		if ((h[i] = dlopen(names[i], RTLD_NOW | RTLD_LOCAL)) == NULL) {
			const char *why = dlerror();
			snprintf(err, errlen, "PDF and PNG are drawn with"
			    " librsvg and cairo, and %s cannot be loaded:"
			    " %s", names[i], why != NULL ? why : "unknown");
			goto fail;
		}
	/* Each name from whichever library (or one they load) has it:
	 * GLib's come with librsvg. */
#define LIB_FIND(f) \
	if ((*(void **)&lib.f = dlsym(h[1], #f)) == NULL && \
	    (*(void **)&lib.f = dlsym(h[0], #f)) == NULL) { \
		snprintf(err, errlen, "neither %s nor %s has %s", names[0], \
		    names[1], #f); \
		goto fail; \
	}
	LIB_FNS(LIB_FIND)
#undef LIB_FIND
	lib.loaded = 1;
	return 0;
fail:
	for (int i = 0; i < 2; i++)
		if (h[i] != NULL)
			dlclose(h[i]);
	return -1;
}


/* A PDF page is at most 14400 units on a side (ISO 32000-1, annex C);
 * a taller picture goes on several pages. */
#define PDF_MAX_PT 14400.0

/* The PNG: wide enough for a 1080p slide, and within cairo's image
 * limit and a memory budget (200 MB of pixels). */
#define PNG_W 1920.0
#define PNG_H 1080.0
#define PNG_MAX_SIDE 32767.0
#define PNG_MAX_PIXELS 50e6
#define PNG_MIN_SCALE 0.5        /* below this, the type is unreadable */

/* Slides: the frame as a projector shows it, in px, on a page of the
 * usual 16:9 slide size, 13.33 x 7.5 in (so 1 pt is 2 px). */
#define FRAME_W 1920.0
#define FRAME_H 1080.0
#define SLIDE_W_PT 960.0
#define SLIDE_H_PT 540.0
#define CALL_PX 24.0             /* a call's type on the frame, at least */
#define CALL_FONT 15.0           /* the SVG's, when it does not say */
#define MAX_SCALE 2.0            /* frame px per SVG px; more shows too
                                  * few rows */
#define MAX_FRAMES 1000          /* pages; some 20 ms each */
/* In SVG px: */
#define HPAD 12.0                /* kept clear left and right of a row */
#define BAND_PAD 10.0            /* above the lane headers' type */
#define ROW_AIR 8.0              /* above the first row under the band */
#define BELOW 14.0               /* lifelines drawn below the newest row */
#define FOOT_AIR 10.0            /* kept clear at the bottom of a frame */
#define RULE_W 1.5               /* the line under a pinned band */

struct cz {
	struct sv_out svg;       /* the SVG renderer's, into memory */
	char *buf;
	size_t len;
};

/* ---- the SVG, in memory ---- */

static int
cz_begin(struct sv_out *o, const struct sv_timeline *tl)
{
	if (lib_load(o->err, sizeof(o->err)) < 0)
		return -1;
	struct cz *c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	c->svg.fp = open_memstream(&c->buf, &c->len);
	if (c->svg.fp == NULL) {
		free(c);
		snprintf(o->err, sizeof(o->err), "out of memory");
		return -1;
	}
	c->svg.width = o->width;
	c->svg.time_scaled = o->time_scaled;
	/* An SVG drawn for slides, should svg.c draw one (bigger type, a
	 * frame's width); this file scales whatever it is given. */
	c->svg.slides = o->slides;
	if (sv_render_svg.begin(&c->svg, tl) < 0) {
		snprintf(o->err, sizeof(o->err), "%s", c->svg.err);
		fclose(c->svg.fp);
		free(c->buf);
		free(c);
		return -1;
	}
	o->priv = c;
	return 0;
}

static int
cz_event(struct sv_out *o, const struct sv_timeline *tl,
    const struct sv_event *ev)
{
	struct cz *c = o->priv;
	if (sv_render_svg.event(&c->svg, tl, ev) < 0) {
		snprintf(o->err, sizeof(o->err), "%s", c->svg.err);
		return -1;
	}
	return 0;
}

/* The SVG finished, in c->buf (c->len bytes); -1 with o->err set when it
 * could not be. */
static int
cz_finish_svg(struct sv_out *o, const struct sv_timeline *tl, struct cz *c)
{
	int st = sv_render_svg.end(&c->svg, tl);
	int bad = ferror(c->svg.fp);
	if (fclose(c->svg.fp) != 0 || bad) {
		if (st == 0)
			snprintf(c->svg.err, sizeof(c->svg.err),
			    "out of memory");
		st = -1;
	}
	if (st < 0) {
		snprintf(o->err, sizeof(o->err), "%s", c->svg.err);
		return -1;
	}
	/* librsvg reads a whole document: it is all in memory. */
	o->held = c->len;
	o->held_where = "in memory (the SVG that librsvg draws)";
	return 0;
}

static RsvgHandle *
load(const char *svg, size_t len, char *err, size_t errlen)
{
	GError *ge = NULL;
	GInputStream *in = lib.g_memory_input_stream_new_from_data(svg,
	    (gssize)len, NULL);
	/* The document is ours, its strings escaped: no limit on its size.
	 * With no base file, librsvg can fetch nothing. */
	RsvgHandle *h = lib.rsvg_handle_new_from_stream_sync(in, NULL,
	    RSVG_HANDLE_FLAG_UNLIMITED, NULL, &ge);
	lib.g_object_unref(in);
	if (h == NULL) {
		snprintf(err, errlen, "librsvg cannot read the SVG: %s",
		    ge != NULL ? ge->message : "unknown error");
		if (ge != NULL)
			lib.g_error_free(ge);
		return NULL;
	}
	lib.rsvg_handle_set_dpi(h, 96);
	return h;
}

static void
size_of(RsvgHandle *h, double *w, double *hh)
{
	gdouble gw = 0, gh = 0;
	if (!lib.rsvg_handle_get_intrinsic_size_in_pixels(h, &gw, &gh) ||
	    gw <= 0 || gh <= 0)
		gw = gh = 1;
	*w = gw;
	*hh = gh;
}

/* The document at 1 unit per SVG px, its origin at the current point. */
static int
draw(RsvgHandle *h, cairo_t *cr, double w, double hh, char *err,
    size_t errlen)
{
	GError *ge = NULL;
	RsvgRectangle vp = { .x = 0, .y = 0, .width = w, .height = hh };
	if (!lib.rsvg_handle_render_document(h, cr, &vp, &ge)) {
		snprintf(err, errlen, "librsvg cannot draw the SVG: %s",
		    ge != NULL ? ge->message : "unknown error");
		if (ge != NULL)
			lib.g_error_free(ge);
		return -1;
	}
	return 0;
}

static cairo_status_t
write_fp(void *closure, const unsigned char *data, unsigned int len)
{
	return fwrite(data, 1, len, closure) == len ? CAIRO_STATUS_SUCCESS :
	    CAIRO_STATUS_WRITE_ERROR;
}

/* The PDF's title and date: the lesson's, and when it was captured, so
 * that the same capture makes the same file. */
static void
pdf_metadata(cairo_surface_t *s, const struct sv_timeline *tl)
{
	char b[64];
	const char *title = tl->title ? tl->title : tl->scenario;
	if (title != NULL)
		lib.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
		    title);
	lib.cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR,
	    "sockviz");
	if (tl->t0 > 0) {
		time_t t = (time_t)(tl->t0 / 1000000000);
		struct tm tm;
		if (gmtime_r(&t, &tm) != NULL &&
		    strftime(b, sizeof(b), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0)
			lib.cairo_pdf_surface_set_metadata(s,
			    CAIRO_PDF_METADATA_CREATE_DATE, b);
	}
}

/* Finish a surface and say whether everything reached the file. */
static int
finish(cairo_t *cr, cairo_surface_t *s, int st, char *err, size_t errlen)
{
	cairo_status_t cs = lib.cairo_status(cr);
	lib.cairo_destroy(cr);
	lib.cairo_surface_finish(s);
	if (cs == CAIRO_STATUS_SUCCESS)
		cs = lib.cairo_surface_status(s);
	lib.cairo_surface_destroy(s);
	if (st == 0 && cs != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "cairo: %s", lib.cairo_status_to_string(cs));
		st = -1;
	}
	return st;
}

/* ---- the whole picture ---- */


/* ---- slides: the SVG's step groups ---- */

/* A <g data-step> in the SVG text, and where librsvg says it is. */
struct group {
	size_t start, end;       /* bytes, from '<' to after "</g>" */
	double x0, y0, x1, y1;   /* extent; y1 < y0: unknown */
};

/* What the measuring copy gives an id. */
enum mark_kind {
	M_STEP,                  /* a step group */
	M_LANE,                  /* a lane header */
	M_TIME,                  /* a row's time, "0.503", in a step group,
	                          * or the column's "ms" */
	M_LIFE,                  /* the lifelines */
};

/* An element to measure: its id goes at at, after the tag's name
 * (SIZE_MAX: it has an id of its own). */
struct mark {
	size_t at;
	size_t start, end;       /* M_TIME: the element, from '<' to after
	                          * "</text>" */
	enum mark_kind kind;
	char id[32];
};

/* An extent, empty while x1 < x0. */
struct box {
	double x0, y0, x1, y1;
};

struct deck {
	const char *svg;
	size_t len;
	struct group *g;
	size_t ng, gcap;
	struct mark *m;
	size_t nm, mcap;
	double call_font;        /* px, of a call's text in the SVG */
	double w, h;             /* the SVG */
	struct box lanes;        /* the lane headers' type */
	struct box times;        /* the time column */
	struct box life;         /* the lifelines */
};

static int
starts(const char *s, size_t n, size_t i, const char *p)
{
	size_t k = strlen(p);
	return n - i >= k && memcmp(s + i, p, k) == 0;
}

/* After the first occurrence of p at or past i, or n. */
static size_t
skip_past(const char *s, size_t n, size_t i, const char *p)
{
	size_t k = strlen(p);
	for (; i + k <= n; i++)
		if (memcmp(s + i, p, k) == 0)
			return i + k;
	return n;
}

/* After the '>' closing the tag that opens at i, quoted values skipped. */
static size_t
tag_end(const char *s, size_t n, size_t i)
{
	char q = 0;
	for (i++; i < n; i++) {
		if (q != 0) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			q = s[i];
		} else if (s[i] == '>') {
			return i + 1;
		}
	}
	return n;
}

static int
name_char(char ch)
{
	return ch != '\0' && strchr(" \t\r\n/>=", ch) == NULL;
}

/* The value of attribute name in the tag s[i..e), or NULL; *vlen set. */
static const char *
attr(const char *s, size_t i, size_t e, const char *name, size_t *vlen)
{
	size_t k = strlen(name);
	i++;
	while (i < e && name_char(s[i]))
		i++;
	while (i < e) {
		while (i < e && !name_char(s[i]))
			i++;
		size_t a = i;
		while (i < e && name_char(s[i]))
			i++;
		size_t an = i - a;
		while (i < e && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n'))
			i++;
		if (i >= e || s[i] != '=')
			continue;
		i++;
		while (i < e && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
		    s[i] == '\n'))
			i++;
		if (i >= e || (s[i] != '"' && s[i] != '\''))
			continue;
		char q = s[i++];
		size_t v = i;
		while (i < e && s[i] != q)
			i++;
		if (an == k && memcmp(s + a, name, k) == 0) {
			*vlen = i - v;
			return s + v;
		}
		i++;
	}
	return NULL;
}

/* Whether the tag's class attribute holds the word. */
static int
has_class(const char *s, size_t i, size_t e, const char *word)
{
	size_t n, k = strlen(word);
	const char *v = attr(s, i, e, "class", &n);
	for (size_t j = 0; v != NULL && j < n;) {
		while (j < n && v[j] == ' ')
			j++;
		size_t a = j;
		while (j < n && v[j] != ' ')
			j++;
		if (j - a == k && memcmp(v + a, word, k) == 0)
			return 1;
	}
	return 0;
}

static void
box_add(struct box *b, double x0, double y0, double x1, double y1)
{
	if (b->x1 < b->x0) {
		*b = (struct box){ x0, y0, x1, y1 };
		return;
	}
	b->x0 = fmin(b->x0, x0);
	b->y0 = fmin(b->y0, y0);
	b->x1 = fmax(b->x1, x1);
	b->y1 = fmax(b->y1, y1);
}

static int
add_mark(struct deck *d, const char *s, size_t i, size_t e,
    enum mark_kind kind, size_t index)
{
	static const char *const kinds[] = {
		[M_STEP] = "step", [M_LANE] = "lane", [M_TIME] = "time",
		[M_LIFE] = "life",
	};
	if (d->nm == d->mcap) {
		size_t cap = d->mcap ? 2 * d->mcap : 64;
		struct mark *m = realloc(d->m, cap * sizeof(*m));
		if (m == NULL)
			return -1;
		d->m = m;
		d->mcap = cap;
	}
	struct mark *m = &d->m[d->nm++];
	m->kind = kind;
	size_t n;
	const char *id = attr(s, i, e, "id", &n);
	if (id != NULL && n < sizeof(m->id)) {
		memcpy(m->id, id, n);      /* its own id, measured as it is */
		m->id[n] = '\0';
		m->at = SIZE_MAX;
	} else {
		snprintf(m->id, sizeof(m->id), "sv-cz-%s-%zu", kinds[kind],
		    index);
		m->at = i + 1;
		while (m->at < e && name_char(s[m->at]))
			m->at++;
	}
	return 0;
}

/* Where the <text> whose start tag ends at e ends, when it holds only
 * a time, "0.503" or "-1.250" (in_step), or the time column's "ms"; else
 * 0. */
static size_t
time_end(const char *s, size_t n, size_t e, int in_step)
{
	size_t i = e, digits = 0, dot = 0;
	if (!in_step) {
		if (!starts(s, n, i, "ms</text>"))
			return 0;
		return i + 9;
	}
	if (i < n && s[i] == '-')
		i++;
	for (; i < n && (s[i] == '.' || (s[i] >= '0' && s[i] <= '9')); i++) {
		if (s[i] == '.')
			dot++;
		else
			digits++;
	}
	if (digits == 0 || dot != 1 || !starts(s, n, i, "</text>"))
		return 0;
	return i + 7;
}

static int
add_group(struct deck *d, size_t start, size_t end)
{
	if (d->ng == d->gcap) {
		size_t cap = d->gcap ? 2 * d->gcap : 64;
		struct group *g = realloc(d->g, cap * sizeof(*g));
		if (g == NULL)
			return -1;
		d->g = g;
		d->gcap = cap;
	}
	d->g[d->ng++] = (struct group){ .start = start, .end = end, .y1 = -1 };
	return 0;
}

/* The first font-size of a call's text, when the tag gives it. */
static void
call_font(struct deck *d, const char *s, size_t i, size_t e)
{
	size_t vl;
	char b[32];
	if (d->call_font != 0 || !has_class(s, i, e, "sv-call-text"))
		return;
	const char *v = attr(s, i, e, "font-size", &vl);
	if (v != NULL && vl < sizeof(b)) {
		memcpy(b, v, vl);
		b[vl] = '\0';
		d->call_font = strtod(b, NULL);
	}
}

/*
 * The step groups, the lane headers, the rows' times and a call's font
 * size, from the SVG text. Comments, CDATA and processing instructions
 * are skipped; a step group ends at the </g> that closes it, whatever it
 * holds.
 */
static int
scan(struct deck *d)
{
	const char *s = d->svg;
	size_t n = d->len, lanes = 0, times = 0;
	int depth = 0, in_depth = -1;
	d->call_font = 0;
	for (size_t i = 0; i < n;) {
		if (s[i] != '<') {
			i++;
			continue;
		}
		if (starts(s, n, i, "<!--")) {
			i = skip_past(s, n, i + 4, "-->");
			continue;
		}
		if (starts(s, n, i, "<![CDATA[")) {
			i = skip_past(s, n, i + 9, "]]>");
			continue;
		}
		if (starts(s, n, i, "<?")) {
			i = skip_past(s, n, i + 2, "?>");
			continue;
		}
		size_t e = tag_end(s, n, i);
		if (starts(s, n, i, "<!")) {
			i = e;
			continue;
		}
		int closing = i + 1 < n && s[i + 1] == '/';
		size_t nm = i + 1 + (size_t)closing, ne = nm;
		while (ne < e && name_char(s[ne]))
			ne++;
		int is_g = ne - nm == 1 && s[nm] == 'g';
		int is_text = ne - nm == 4 && memcmp(s + nm, "text", 4) == 0;
		int empty = e >= 2 && s[e - 2] == '/';
		size_t vl, te;
		int r = 0;
		if (closing) {
			if (is_g && --depth == in_depth) {
				d->g[d->ng - 1].end = e;
				in_depth = -1;
			}
		} else if (is_g && in_depth < 0 &&
		    attr(s, i, e, "data-step", &vl) != NULL) {
			r = add_mark(d, s, i, e, M_STEP, d->ng);
			if (r == 0)
				r = add_group(d, i, e);
			if (!empty)
				in_depth = depth;
		} else if (in_depth < 0 && has_class(s, i, e, "sv-lane")) {
			r = add_mark(d, s, i, e, M_LANE, lanes++);
		} else if (in_depth < 0 && has_class(s, i, e, "sv-lifelines")) {
			r = add_mark(d, s, i, e, M_LIFE, 0);
		} else if (is_text && !empty &&
		    attr(s, i, e, "display", &vl) == NULL &&
		    (te = time_end(s, n, e, in_depth >= 0)) > 0) {
			r = add_mark(d, s, i, e, M_TIME, times++);
			d->m[d->nm - 1].start = i;
			d->m[d->nm - 1].end = te;
		}
		if (r < 0)
			return -1;
		if (!closing)
			call_font(d, s, i, e);
		if (is_g && !closing && !empty)
			depth++;
		i = e;
	}
	if (in_depth >= 0)
		d->g[d->ng - 1].end = n;
	if (!(d->call_font > 0 && d->call_font < 1000))
		d->call_font = CALL_FONT;
	return 0;
}

/* The SVG with the marks' ids written in, for librsvg to measure; the
 * times hidden when hide_times, so that a row measures without them. */
static char *
with_ids(const struct deck *d, int hide_times, size_t *len)
{
	char *out = NULL;
	FILE *fp = open_memstream(&out, len);
	if (fp == NULL)
		return NULL;
	size_t from = 0;
	for (size_t i = 0; i < d->nm; i++) {
		const struct mark *m = &d->m[i];
		if (m->at == SIZE_MAX)
			continue;
		fwrite(d->svg + from, 1, m->at - from, fp);
		fprintf(fp, " id=\"%s\"%s", m->id, hide_times &&
		    m->kind == M_TIME ? " display=\"none\"" : "");
		from = m->at;
	}
	fwrite(d->svg + from, 1, d->len - from, fp);
	int bad = ferror(fp);
	if (fclose(fp) != 0 || bad) {
		free(out);
		return NULL;
	}
	return out;
}

/* The element's extent without strokes: librsvg 2.54's extent with them
 * (the "ink") of a line with a marker reaches out to the origin. */
static int
extent(RsvgHandle *h, const struct deck *d, const char *id, RsvgRectangle *r)
{
	char ref[40];
	RsvgRectangle vp = { .x = 0, .y = 0, .width = d->w, .height = d->h };
	RsvgRectangle ink;
	GError *ge = NULL;
	snprintf(ref, sizeof(ref), "#%s", id);
	if (!lib.rsvg_handle_get_geometry_for_layer(h, ref, &vp, &ink, r, &ge)) {
		if (ge != NULL)
			lib.g_error_free(ge);
		return -1;
	}
	return r->width > 0 || r->height > 0 ? 0 : -1;
}

/* Measure the marks of one kind (M_STEP: groups, with the times hidden;
 * else into the box). */
static int
measure_pass(struct deck *d, enum mark_kind kind, struct box *into,
    char *err, size_t errlen)
{
	size_t len, k = 0;
	char *svg = with_ids(d, kind == M_STEP, &len);
	if (svg == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	RsvgHandle *h = load(svg, len, err, errlen);
	free(svg);
	if (h == NULL)
		return -1;
	size_of(h, &d->w, &d->h);
	for (size_t i = 0; i < d->nm; i++) {
		const struct mark *m = &d->m[i];
		RsvgRectangle r;
		if (m->kind == M_STEP)
			k++;
		if (m->kind != kind || extent(h, d, m->id, &r) < 0)
			continue;
		if (kind == M_STEP) {
			struct group *g = &d->g[k - 1];
			g->x0 = r.x;
			g->x1 = r.x + r.width;
			g->y0 = r.y;
			g->y1 = r.y + r.height;
		} else {
			box_add(into, r.x, r.y, r.x + r.width, r.y + r.height);
		}
	}
	lib.g_object_unref(h);
	return 0;
}

/* Where every step group (without its time), lane header and time is. */
static int
measure(struct deck *d, char *err, size_t errlen)
{
	d->lanes = d->times = d->life = (struct box){ 1, 1, 0, 0 };
	if (measure_pass(d, M_STEP, NULL, err, errlen) < 0 ||
	    measure_pass(d, M_LANE, &d->lanes, err, errlen) < 0 ||
	    measure_pass(d, M_LIFE, &d->life, err, errlen) < 0)
		return -1;
	/* Times only matter when there are rows to go with them. */
	return d->ng > 0 ? measure_pass(d, M_TIME, &d->times, err, errlen) : 0;
}

/* ---- slides: the frames ---- */

/* How page K shows the picture, in SVG px. */
struct view {
	double x;                /* left edge of the frame, for the ladder */
	double head_x;           /* ... for the heading above it */
	int pinned;              /* lane headers pinned over scrolled rows */
	double top;              /* pinned: the top of the rows shown under
	                          * the band */
	double bottom;           /* nothing below this is drawn */
	size_t first;            /* the first step group drawn */
	int no_times;            /* the time column left out */
};

struct frames {
	double s;                /* frame px per SVG px */
	double fw, fh;           /* the frame, in SVG px */
	double cx0, cx1;         /* what the ladder spans, padded */
	double rx0, rx1;         /* the same without the time column */
	double band_top, band_h; /* the lane headers' band */
	double foot_top;         /* the footer, under the lifelines */
};

static int
known(const struct group *g)
{
	return g->y1 >= g->y0;
}

static void
frames_plan(const struct deck *d, struct frames *f)
{
	struct box rows = { 1, 1, 0, 0 }, all;
	double first_top = -1;
	for (size_t i = 0; i < d->ng; i++) {
		const struct group *g = &d->g[i];
		if (!known(g))
			continue;
		box_add(&rows, g->x0, g->y0, g->x1, g->y1);
		if (first_top < 0)
			first_top = g->y0;
	}
	if (d->lanes.x0 <= d->lanes.x1)
		box_add(&rows, d->lanes.x0, d->lanes.y0, d->lanes.x1,
		    d->lanes.y1);
	if (rows.x1 <= rows.x0)
		rows = (struct box){ 0, 0, d->w, d->h };
	all = rows;
	if (d->times.x0 <= d->times.x1)
		box_add(&all, d->times.x0, d->times.y0, d->times.x1,
		    d->times.y1);
	f->cx0 = fmax(0, all.x0 - HPAD);
	f->cx1 = fmin(d->w, all.x1 + HPAD);
	f->rx0 = fmax(0, rows.x0 - HPAD);
	f->rx1 = fmin(d->w, rows.x1 + HPAD);
	double min_s = CALL_PX / d->call_font;
	f->s = FRAME_W / (f->cx1 - f->cx0);
	f->s = fmin(f->s, fmax(MAX_SCALE, min_s));
	f->s = fmax(f->s, min_s);
	f->fw = FRAME_W / f->s;
	f->fh = FRAME_H / f->s;
	/* The band: from above the lane names to the first row. */
	double top = first_top >= 0 ? first_top - 2 : d->h;
	if (d->lanes.x0 <= d->lanes.x1 && d->lanes.y0 < top)
		f->band_top = fmax(0, d->lanes.y0 - BAND_PAD);
	else
		f->band_top = fmax(0, top - 56);
	f->band_h = fmax(0, top - f->band_top);
	if (f->band_h > f->fh / 3)
		f->band_h = f->fh / 3;
	f->foot_top = d->h;
	if (rows.y1 > rows.y0 && d->ng > 0)
		f->foot_top = fmin(d->h, fmax(rows.y1, d->life.x0 <=
		    d->life.x1 ? d->life.y1 : 0) + 1);
}

/* Where the rows from group j on start: a little above its type, not
 * into the group before. */
static double
rows_from(const struct deck *d, size_t j)
{
	double top = d->g[j].y0 - ROW_AIR;
	for (size_t i = j; i-- > 0;)
		if (known(&d->g[i])) {
			if (d->g[i].y1 > top)
				top = fmin(d->g[i].y1, d->g[j].y0);
			break;
		}
	return top;
}

/* How many of the rows first..k lie whole within [x, x + fw]. */
static int
rows_in_view(const struct deck *d, const struct frames *f, size_t first,
    size_t k, double x)
{
	int n = 0;
	for (size_t i = first; i <= k && i < d->ng; i++)
		n += known(&d->g[i]) && d->g[i].x0 - HPAD >= x - 0.5 &&
		    d->g[i].x1 + HPAD <= x + f->fw + 0.5;
	return n;
}

/*
 * Sideways: the ladder centred when it fits the frame; else, when it
 * fits without its time column, that centred; else the newest row (k)
 * in view, and of the positions that keep it there (one of its own
 * edges, or one of the other rows' shown, at an edge of the frame), the
 * one that shows the most rows whole, moving least from *x.
 */
static double
frame_x(const struct deck *d, const struct frames *f, size_t first,
    size_t k, double *x)
{
	if (f->cx1 - f->cx0 <= f->fw)
		return (f->cx0 + f->cx1 - f->fw) / 2;
	if (f->rx1 - f->rx0 <= f->fw)
		return (f->rx0 + f->rx1 - f->fw) / 2;
	double lo = f->cx0, hi = f->cx1 - f->fw;
	if (k < d->ng && known(&d->g[k])) {
		const struct group *g = &d->g[k];
		double a = g->x0 - HPAD, b = g->x1 + HPAD;
		if (b - a > f->fw) {
			lo = hi = (a + b - f->fw) / 2;
		} else {
			lo = fmax(lo, b - f->fw);
			hi = fmin(hi, a);
		}
	}
	if (hi < lo)
		hi = lo;
	double best = fmax(lo, fmin(*x, hi));
	int best_n = rows_in_view(d, f, first, k, best);
	for (size_t i = first; i <= k && i < d->ng; i++) {
		if (!known(&d->g[i]))
			continue;
		double c[2] = { d->g[i].x0 - HPAD, d->g[i].x1 + HPAD - f->fw };
		for (int j = 0; j < 2; j++) {
			double cx = fmax(lo, fmin(c[j], hi));
			int n = rows_in_view(d, f, first, k, cx);
			if (n > best_n || (n == best_n &&
			    fabs(cx - *x) < fabs(best - *x))) {
				best = cx;
				best_n = n;
			}
		}
	}
	*x = best;
	return best;
}

/*
 * Page k (of d->ng; the last one also shows the footer): the newest row
 * at the bottom of what is shown, lane headers pinned once the heading
 * has scrolled away.
 */
static void
frame_view(const struct deck *d, const struct frames *f, size_t k,
    double *x, struct view *v)
{
	int last = k + 1 >= d->ng;
	double bottom = 0;
	for (size_t i = 0; i <= k && i < d->ng; i++)
		if (known(&d->g[i]))
			bottom = fmax(bottom, d->g[i].y1);
	bottom = last ? d->h : fmin(d->h, bottom + BELOW);
	v->bottom = bottom;
	v->first = 0;
	v->pinned = 0;
	v->top = 0;
	if (bottom > f->fh - FOOT_AIR && d->ng > 0) {
		double room = f->fh - f->band_h - RULE_W - FOOT_AIR;
		size_t j = 0;
		while (j < k && (!known(&d->g[j]) ||
		    bottom - rows_from(d, j) > room))
			j++;
		v->pinned = 1;
		v->first = j;
		v->top = known(&d->g[j]) ? rows_from(d, j) : bottom - room;
	}
	v->x = frame_x(d, f, v->first, k, x);
	/* A time cut in half reads as another number: all or none. */
	v->no_times = d->times.x0 <= d->times.x1 && v->x > d->times.x0;
	/* The heading stays where a title goes, at the left, unless the
	 * ladder is centred further left. */
	v->head_x = fmin(v->x, 0);
}

/* The SVG as page k shows it: groups after k, and those scrolled away
 * above v->first, left out, and the times when v->no_times; band, with
 * every group left out (what the band of lane headers shows, as no row
 * reaches up into it). */
static char *
frame_svg(const struct deck *d, size_t k, const struct view *v, int band,
    size_t *len)
{
	char *out = NULL;
	FILE *fp = open_memstream(&out, len);
	if (fp == NULL)
		return NULL;
	size_t from = 0, gi = 0;
	for (size_t i = 0; i < d->nm; i++) {
		const struct mark *m = &d->m[i];
		size_t a, b;
		if (m->kind == M_STEP) {
			const struct group *g = &d->g[gi];
			if (!band && gi <= k && (!v->pinned ||
			    gi >= v->first || (known(g) && g->y1 > v->top))) {
				gi++;
				continue;
			}
			gi++;
			a = g->start;
			b = g->end;
		} else if (m->kind == M_TIME && v->no_times) {
			a = m->start;
			b = m->end;
		} else {
			continue;
		}
		if (a < from)
			continue;        /* inside a group left out */
		fwrite(d->svg + from, 1, a - from, fp);
		from = b;
	}
	fwrite(d->svg + from, 1, d->len - from, fp);
	int bad = ferror(fp);
	if (fclose(fp) != 0 || bad) {
		free(out);
		return NULL;
	}
	return out;
}

/* The picture's region from doc_y down, h tall, at frame (0, y), its
 * left edge at doc x. */
static int
draw_region(cairo_t *cr, RsvgHandle *h, const struct deck *d,
    const struct frames *f, double x, double doc_y, double y, double hh,
    char *err, size_t errlen)
{
	if (hh <= 0)
		return 0;
	lib.cairo_save(cr);
	lib.cairo_rectangle(cr, 0, y, f->fw, hh);
	lib.cairo_clip(cr);
	lib.cairo_translate(cr, -x, y - doc_y);
	int st = draw(h, cr, d->w, d->h, err, errlen);
	lib.cairo_restore(cr);
	return st;
}

/* The ladder's rows from doc_y down, at frame y, and under them the
 * footer, which like the heading keeps to the left. */
static int
draw_rows(cairo_t *cr, RsvgHandle *h, const struct deck *d,
    const struct frames *f, const struct view *v, double doc_y, double y,
    double hh, char *err, size_t errlen)
{
	double rows = fmin(hh, fmax(0, f->foot_top - doc_y));
	int st = draw_region(cr, h, d, f, v->x, doc_y, y, rows, err, errlen);
	if (st == 0)
		st = draw_region(cr, h, d, f, v->head_x, doc_y + rows,
		    y + rows, hh - rows, err, errlen);
	return st;
}

static int
draw_frame(cairo_t *cr, RsvgHandle *h, RsvgHandle *band,
    const struct deck *d, const struct frames *f, const struct view *v,
    char *err, size_t errlen)
{
	int st;
	lib.cairo_save(cr);
	lib.cairo_set_source_rgb(cr, 1, 1, 1);
	lib.cairo_paint(cr);
	lib.cairo_scale(cr, SLIDE_W_PT / FRAME_W * f->s, SLIDE_H_PT / FRAME_H *
	    f->s);
	if (!v->pinned) {
		/* As the SVG has it: the heading, then the ladder so far. */
		double head = fmin(f->band_top, v->bottom);
		st = draw_region(cr, band, d, f, v->head_x, 0, 0, head, err,
		    errlen);
		if (st == 0)
			st = draw_rows(cr, h, d, f, v, head, head,
			    fmin(f->fh, v->bottom) - head, err, errlen);
	} else {
		/* The lane headers, a rule, the rows scrolled under it. */
		double y = f->band_h + RULE_W;
		st = draw_region(cr, band, d, f, v->x, f->band_top, 0,
		    f->band_h, err, errlen);
		if (st == 0)
			st = draw_rows(cr, h, d, f, v, v->top, y,
			    fmin(f->fh - y, v->bottom - v->top), err, errlen);
		lib.cairo_set_source_rgb(cr, 0xd0 / 255.0, 0xd7 / 255.0,
		    0xde / 255.0);
		lib.cairo_rectangle(cr, 0, f->band_h, f->fw, RULE_W);
		lib.cairo_fill(cr);
	}
	lib.cairo_restore(cr);
	return st;
}

static void
deck_free(struct deck *d)
{
	free(d->g);
	free(d->m);
}

/* The document page k shows (band: the band's), loaded. */
static RsvgHandle *
load_frame(const struct deck *d, size_t k, const struct view *v, int band,
    char *err, size_t errlen)
{
	size_t len;
	char *svg = frame_svg(d, k, v, band, &len);
	if (svg == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	RsvgHandle *h = load(svg, len, err, errlen);
	free(svg);
	return h;
}

/* The step groups found and measured, the frames planned. */
static int
deck_prepare(struct deck *d, struct frames *f, char *err, size_t errlen)
{
	if (scan(d) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (d->ng > MAX_FRAMES) {
		snprintf(err, errlen, "%zu steps make too many slides (at most"
		    " %d); draw fewer, or leave out --slides", d->ng,
		    MAX_FRAMES);
		return -1;
	}
	if (measure(d, err, errlen) < 0)
		return -1;
	frames_plan(d, f);
	return 0;
}

static int
pdf_slides(struct sv_out *o, const struct sv_timeline *tl, const char *svg,
    size_t len)
{
	struct deck d = { .svg = svg, .len = len };
	struct frames f;
	/* The band's document, with the time column and without, made
	 * when first needed. */
	RsvgHandle *band[2] = { NULL, NULL };
	if (deck_prepare(&d, &f, o->err, sizeof(o->err)) < 0) {
		deck_free(&d);
		return -1;
	}
	cairo_surface_t *s = lib.cairo_pdf_surface_create_for_stream(write_fp,
	    o->fp, SLIDE_W_PT, SLIDE_H_PT);
	pdf_metadata(s, tl);
	cairo_t *cr = lib.cairo_create(s);
	size_t pages = d.ng > 0 ? d.ng : 1;
	double x = 0;
	int st = 0;
	for (size_t k = 0; k < pages && st == 0; k++) {
		struct view v;
		frame_view(&d, &f, k, &x, &v);
		RsvgHandle **b = &band[v.no_times];
		if (*b == NULL)
			*b = load_frame(&d, k, &v, 1, o->err, sizeof(o->err));
		RsvgHandle *h = *b == NULL ? NULL : load_frame(&d, k, &v, 0,
		    o->err, sizeof(o->err));
		if (h == NULL) {
			st = -1;
			break;
		}
		st = draw_frame(cr, h, *b, &d, &f, &v, o->err,
		    sizeof(o->err));
		lib.g_object_unref(h);
		lib.cairo_show_page(cr);
	}
	for (int i = 0; i < 2; i++)
		if (band[i] != NULL)
			lib.g_object_unref(band[i]);
	deck_free(&d);
	return finish(cr, s, st, o->err, sizeof(o->err));
}

/* ---- the whole picture, a page at a time ---- */

/* Room kept above and below the coordinates a group's elements give:
 * type rises above its baseline, an arrow's head and stroke reach past
 * its line. */
#define REACH_PAD 64.0

/* Which step groups a page's document holds. */
struct paged {
	unsigned char *pick;     /* per group: 1 in the page */
};

/* The number attribute name of the tag s[i..e) holds, or NaN. */
static double
num(const char *s, size_t i, size_t e, const char *name)
{
	char b[48];
	size_t n;
	const char *v = attr(s, i, e, name, &n);
	if (v == NULL || n == 0 || n >= sizeof(b))
		return NAN;
	memcpy(b, v, n);
	b[n] = '\0';
	char *end;
	double x = strtod(b, &end);
	return end == b ? NAN : x;
}

/* y into [*lo, *hi]; a coordinate that did not read (NaN) makes it
 * everything. */
static void
reach_add(double *lo, double *hi, double y)
{
	if (isnan(y)) {
		*lo = -INFINITY;
		*hi = INFINITY;
	}
	if (y < *lo)
		*lo = y;
	if (y > *hi)
		*hi = y;
}

/* The heights a path's commands reach, as svg.c writes them (M, m, L,
 * l, H, h, V, v, A, a, Z, z); 0, or -1 for anything else. */
static int
path_reach(const char *d, size_t n, double *lo, double *hi)
{
	double x[7], y = 0;
	size_t i = 0;
	while (i < n) {
		char c = d[i++];
		if (c == ' ' || c == ',')
			continue;
		int k = strchr("MmLl", c) ? 2 : strchr("Vv", c) ? 1 :
		    strchr("Hh", c) ? 1 : strchr("Aa", c) ? 7 :
		    strchr("Zz", c) ? 0 : -1;
		if (k < 0)
			return -1;
		for (int j = 0; j < k; j++) {
			while (i < n && (d[i] == ' ' || d[i] == ','))
				i++;
			char b[48];
			size_t m = 0;
			while (i < n && m + 1 < sizeof(b) && (isdigit(
			    (unsigned char)d[i]) || strchr("+-.eE", d[i])))
				b[m++] = d[i++];
			b[m] = '\0';
			char *end;
			x[j] = strtod(b, &end);
			if (m == 0 || end != b + m)
				return -1;
		}
		switch (c) {
		case 'M': case 'L': y = x[1]; break;
		case 'm': case 'l': y += x[1]; break;
		case 'V': y = x[0]; break;
		case 'v': y += x[0]; break;
		case 'A': case 'a':
			/* The arc stays within its radius of either end. */
			reach_add(lo, hi, y - fabs(x[1]));
			reach_add(lo, hi, y + fabs(x[1]));
			y = c == 'A' ? x[6] : y + x[6];
			reach_add(lo, hi, y - fabs(x[1]));
			reach_add(lo, hi, y + fabs(x[1]));
			break;
		default: break;
		}
		reach_add(lo, hi, y);
	}
	return 0;
}

/*
 * How far down a group draws: the y, y1, y2, cy (with r), a rect's y
 * and height and a path's heights of its elements. A group holding
 * anything else (or a transform) is taken to reach everywhere.
 */
static void
group_reach(const char *s, struct group *g)
{
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = g->start; i < g->end; i++) {
		if (s[i] != '<' || s[i + 1] == '/')
			continue;
		size_t e = tag_end(s, g->end, i), nm = i + 1, ne = nm, vl;
		while (ne < e && name_char(s[ne]))
			ne++;
		const char *v;
		size_t len = ne - nm;
		const char *name = s + nm;
#define NAMED(w) (len == sizeof(w) - 1 && memcmp(name, w, len) == 0)
		if (attr(s, i, e, "transform", &vl) != NULL)
			goto everywhere;
		if (NAMED("line")) {
			reach_add(&lo, &hi, num(s, i, e, "y1"));
			reach_add(&lo, &hi, num(s, i, e, "y2"));
		} else if (NAMED("text")) {
			reach_add(&lo, &hi, num(s, i, e, "y"));
		} else if (NAMED("rect")) {
			double y = num(s, i, e, "y");
			reach_add(&lo, &hi, y);
			reach_add(&lo, &hi, y + num(s, i, e, "height"));
		} else if (NAMED("circle")) {
			double y = num(s, i, e, "cy"), r = num(s, i, e, "r");
			reach_add(&lo, &hi, y - r);
			reach_add(&lo, &hi, y + r);
		} else if (NAMED("path")) {
			if ((v = attr(s, i, e, "d", &vl)) == NULL ||
			    path_reach(v, vl, &lo, &hi) < 0)
				goto everywhere;
		} else if (!NAMED("g") && !NAMED("tspan") && !NAMED("title")) {
			goto everywhere;
		}
#undef NAMED
		i = e - 1;
	}
	if (lo <= hi) {
		g->y0 = lo;
		g->y1 = hi;
		return;
	}
everywhere:
	g->y0 = -INFINITY;
	g->y1 = INFINITY;
}

static int
paged_plan(struct deck *d, struct paged *pg)
{
	if ((pg->pick = calloc(d->ng > 0 ? d->ng : 1, 1)) == NULL)
		return -1;
	for (size_t k = 0; k < d->ng; k++)
		group_reach(d->svg, &d->g[k]);
	return 0;
}

/* The groups that reach into [y0, y1). */
static void
paged_pick(struct deck *d, struct paged *pg, double y0, double y1)
{
	for (size_t k = 0; k < d->ng; k++)
		pg->pick[k] = !(d->g[k].y1 < y0 || d->g[k].y0 >= y1);
}

/* A page's document: the SVG without the step groups not picked (page
 * -1: without any); *doc its text, kept for the next page. */
static RsvgHandle *
load_page(const struct deck *d, const struct paged *pg, int page,
    char **doc, char *err, size_t errlen)
{
	size_t n = 0, at = 0;
	for (size_t k = 0; k <= d->ng; k++) {
		size_t end = k < d->ng ? d->g[k].start : d->len;
		n += end - at;
		if (k < d->ng) {
			if (page >= 0 && pg->pick[k])
				n += d->g[k].end - d->g[k].start;
			at = d->g[k].end;
		}
	}
	char *b = realloc(*doc, n > 0 ? n : 1);
	if (b == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	*doc = b;
	n = at = 0;
	for (size_t k = 0; k <= d->ng; k++) {
		size_t end = k < d->ng ? d->g[k].start : d->len;
		memcpy(b + n, d->svg + at, end - at);
		n += end - at;
		if (k < d->ng) {
			if (page >= 0 && pg->pick[k]) {
				memcpy(b + n, d->svg + d->g[k].start,
				    d->g[k].end - d->g[k].start);
				n += d->g[k].end - d->g[k].start;
			}
			at = d->g[k].end;
		}
	}
	return load(b, n, err, errlen);
}

/* The picture's size, from its frame alone (no step group): librsvg
 * reads a few elements, not the whole. */
static int
picture_size(const struct deck *d, double *w, double *hh, char *err,
    size_t errlen)
{
	char *doc = NULL;
	RsvgHandle *h = load_page(d, NULL, -1, &doc, err, errlen);
	free(doc);
	if (h == NULL)
		return -1;
	size_of(h, w, hh);
	lib.g_object_unref(h);
	return 0;
}

/*
 * The whole picture as a PDF. A page holds at most PDF_MAX_PT of its
 * height; a taller picture is cut into pages, and each page is drawn
 * from a document of its own: what is outside the step groups (lane
 * headers, lifelines, the footer: a few elements) and the step groups
 * that reach into the page. Drawing every page from the whole document
 * took the whole document's work a page, minutes for a capture of 20,000
 * packets; this way it takes its own.
 */
static int
pdf_whole(struct sv_out *o, const struct sv_timeline *tl, const char *svg,
    size_t len)
{
	struct deck d = { .svg = svg, .len = len };
	struct paged pg = { 0 };
	char *doc = NULL;
	int st = -1;
	if (scan(&d) < 0 || paged_plan(&d, &pg) < 0) {
		snprintf(o->err, sizeof(o->err), "out of memory");
		goto out;
	}
	double w, hh;
	if (picture_size(&d, &w, &hh, o->err, sizeof(o->err)) < 0)
		goto out;
	RsvgHandle *h;
	int pages = (int)ceil(hh / PDF_MAX_PT);
	pages = pages < 1 ? 1 : pages;
	double page_h = hh < PDF_MAX_PT ? hh : PDF_MAX_PT;
	cairo_surface_t *s = lib.cairo_pdf_surface_create_for_stream(write_fp,
	    o->fp, w, page_h);
	pdf_metadata(s, tl);
	cairo_t *cr = lib.cairo_create(s);
	st = 0;
	for (int i = 0; i < pages && st == 0; i++) {
		double top = i * PDF_MAX_PT;
		double ph = hh - top < PDF_MAX_PT ? hh - top : PDF_MAX_PT;
		/* One page: the whole document; else its own. */
		if (pages == 1) {
			h = load(svg, len, o->err, sizeof(o->err));
		} else {
			paged_pick(&d, &pg, top - REACH_PAD, top + ph +
			    REACH_PAD);
			h = load_page(&d, &pg, i, &doc, o->err,
			    sizeof(o->err));
		}
		if (h == NULL) {
			st = -1;
			break;
		}
		lib.cairo_pdf_surface_set_size(s, w, ph);
		lib.cairo_save(cr);
		lib.cairo_translate(cr, 0, -top);
		st = draw(h, cr, w, hh, o->err, sizeof(o->err));
		lib.cairo_restore(cr);
		lib.cairo_show_page(cr);
		lib.g_object_unref(h);
	}
	st = finish(cr, s, st, o->err, sizeof(o->err));
out:
	free(doc);
	free(pg.pick);
	deck_free(&d);
	return st;
}

static int
png_whole(struct sv_out *o, const char *svg, size_t len)
{
	double w, hh;
	/* Its size first: a picture too large is refused before librsvg
	 * reads all of it. */
	struct deck d = { .svg = svg, .len = len };
	int sized = -1;
	if (scan(&d) < 0)
		snprintf(o->err, sizeof(o->err), "out of memory");
	else
		sized = picture_size(&d, &w, &hh, o->err, sizeof(o->err));
	deck_free(&d);
	if (sized < 0)
		return -1;
	/* As wide as a 1080p slide, or as tall, whichever gives the larger
	 * type, never smaller than the SVG; then within the limits. */
	double sc = fmax(fmax(PNG_W / w, PNG_H / hh), 1.0);
	sc = fmin(sc, fmin(PNG_MAX_SIDE / w, PNG_MAX_SIDE / hh));
	sc = fmin(sc, sqrt(PNG_MAX_PIXELS / (w * hh)));
	if (sc < PNG_MIN_SCALE) {
		snprintf(o->err, sizeof(o->err), "the picture (%.0fx%.0f px)"
		    " is too large for a readable PNG; write .svg or .pdf",
		    w, hh);
		return -1;
	}
	RsvgHandle *h = load(svg, len, o->err, sizeof(o->err));
	if (h == NULL)
		return -1;
	int pw = (int)ceil(w * sc - 0.01), ph = (int)ceil(hh * sc - 0.01);
	cairo_surface_t *s = lib.cairo_image_surface_create(CAIRO_FORMAT_RGB24,
	    pw, ph);
	cairo_t *cr = lib.cairo_create(s);
	lib.cairo_set_source_rgb(cr, 1, 1, 1);
	lib.cairo_paint(cr);
	lib.cairo_scale(cr, sc, sc);
	int st = draw(h, cr, w, hh, o->err, sizeof(o->err));
	if (st == 0 && lib.cairo_status(cr) == CAIRO_STATUS_SUCCESS) {
		lib.cairo_surface_flush(s);
		cairo_status_t cs = lib.cairo_surface_write_to_png_stream(s,
		    write_fp, o->fp);
		if (cs != CAIRO_STATUS_SUCCESS) {
			snprintf(o->err, sizeof(o->err), "cairo: %s",
			    lib.cairo_status_to_string(cs));
			st = -1;
		}
	}
	lib.g_object_unref(h);
	return finish(cr, s, st, o->err, sizeof(o->err));
}

/* ---- the renderers ---- */

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SV_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define SV_ASAN 1
#endif

#ifdef SV_ASAN
/*
 * fontconfig (under pango, under librsvg) keeps the pointers inside its
 * patterns as offsets, which LeakSanitizer cannot follow, so in a
 * sanitizer build its caches would read as leaks; LeakSanitizer asks the
 * program for suppressions through this hook.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_options(void);

const char *
__lsan_default_suppressions(void)
{
	return "leak:libfontconfig.so\n";
}

/* ... and without a word about it on stderr, where tests look. */
const char *
__lsan_default_options(void)
{
	return "print_suppressions=0";
}
#endif

static int
end_common(struct sv_out *o, const struct sv_timeline *tl, int pdf)
{
	struct cz *c = o->priv;
	o->priv = NULL;
	int st = cz_finish_svg(o, tl, c);
	char *svg = c->buf;
	size_t len = c->len;
	free(c);
	if (st == 0 && pdf && o->slides) {
		st = pdf_slides(o, tl, svg, len);
	} else if (st == 0 && pdf) {
		st = pdf_whole(o, tl, svg, len);
	} else if (st == 0) {
		st = png_whole(o, svg, len);
	}
	free(svg);
	return st;
}

static int
pdf_end(struct sv_out *o, const struct sv_timeline *tl)
{
	return end_common(o, tl, 1);
}

static int
png_end(struct sv_out *o, const struct sv_timeline *tl)
{
	return end_common(o, tl, 0);
}

const struct sv_renderer sv_render_pdf = {
	.name = "pdf",
	.ext = ".pdf",
	.what = "the SVG picture as a PDF, fonts embedded; --slides: one"
	    " 16:9 page per step",
	.binary = 1,
	.begin = cz_begin,
	.event = cz_event,
	.end = pdf_end,
};

const struct sv_renderer sv_render_png = {
	.name = "png",
	.ext = ".png",
	.what = "the SVG picture as a PNG, at least 1920 px wide",
	.binary = 1,
	.begin = cz_begin,
	.event = cz_event,
	.end = png_end,
};
