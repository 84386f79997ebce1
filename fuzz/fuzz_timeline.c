/*
 * libFuzzer target: the decoder of sockviz's own timeline
 * (render/timeline_io.c, sv_timeline_decode: the calls a pcapng section
 * comment carries), then the correlation, then every renderer of
 * render/registry.c over the result, binary ones included.
 *
 * Two kinds of input:
 *  - a pcapng file (it starts 0a 0d 0d 0a): read as `sockviz render`
 *    reads a file sockviz wrote (drive/render_cmd.c, render_held): the
 *    section's timeline comment decoded, every packet added;
 *  - anything else: TEXT, or TEXT NUL CAPTURE. TEXT is handed to the
 *    decoder as it is; CAPTURE, if present, is a pcap or pcapng file
 *    whose packets join the calls. Mutations of the text then never
 *    break a block length, so most of them reach the decoder.
 * A timeline that decodes is correlated and drawn by every renderer into
 * /dev/null (the slow ones, PDF and PNG, for one input in 32: see
 * SLOW_EVERY), with a width and colour picked from the input's hash, and
 * drawn again into memory as pcapng and read back: the timeline it
 * carries must encode to the same text (the promise of -o x.pcapng).
 *
 * Besides crashes, leaks and hangs it checks: a decode error says
 * "sockviz timeline comment, line N: "; a renderer that fails says why;
 * the round trip above. A broken promise aborts.
 *
 * Seeds: fuzz/corpus/fuzz_timeline: pcapng files `sockviz run LESSON -o
 * x.pcapng` wrote, and the same split into TEXT NUL PCAP by
 * fuzz/seeds.c (fuzz/make_corpus.sh).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capfile.h"
#include "render/render.h"
#include "render/timeline.h"
#include "render/timeline_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* fontconfig's caches, which LeakSanitizer would call leaks, are
 * suppressed by render/cairo.c itself in a sanitizer build. */

/*
 * The renderers that draw through librsvg and cairo take a thousand
 * times as long as the others; they draw one input in SLOW_EVERY (picked
 * by the input's hash, so a crash replays), or every one when
 * FUZZ_TIMELINE_ALL is set in the environment.
 */
#define SLOW_EVERY 32
static const char *const slow_renderers[] = { "pdf", "png" };
static int all_every_time;

static const uint8_t shb_type[4] = { 0x0a, 0x0d, 0x0d, 0x0a };
static FILE *devnull;

static void
broken(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_timeline: %s\n  message: %s\n", what,
	    err != NULL ? err : "(none)");
	abort();
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	all_every_time = getenv("FUZZ_TIMELINE_ALL") != NULL;
	devnull = fopen("/dev/null", "w");
	if (devnull == NULL)
		broken("cannot open /dev/null", NULL);
	return 0;
}

/* "sockviz timeline comment, line N: what". */
static void
check_decode_error(const char *err)
{
	static const char head[] = "sockviz timeline comment, line ";
	char *end;

	if (strncmp(err, head, sizeof(head) - 1) != 0)
		broken("a decode error without its header", err);
	long line = strtol(err + sizeof(head) - 1, &end, 10);
	if (line < 0 || end[0] != ':' || end[1] != ' ' || end[2] == '\0')
		broken("a decode error without \"line N: what\"", err);
}

/* The sockviz timeline among the section's comments, as render_cmd.c
 * looks for it. */
static const char *
encoded_timeline(const struct sv_capreader *rd)
{
	const char *const *c;
	size_t n = sv_capreader_section_comments(rd, &c);
	for (size_t i = 0; i < n; i++)
		if (sv_timeline_is_encoded(c[i]))
			return c[i];
	return NULL;
}

/* Decode text from a heap copy of exactly len bytes plus a NUL, as the
 * pcapng reader hands over a comment (that the decoder also keeps to len
 * without the NUL, tests/unit_timeline_io.c checks). 0, or -1 when it
 * did not decode. */
static int
decode_text(struct sv_timeline *tl, const char *text, size_t len)
{
	char err[512];
	char *copy = malloc(len + 1);

	if (copy == NULL)
		return -1;
	memcpy(copy, text, len);
	copy[len] = '\0';
	err[0] = '\0';
	int r = sv_timeline_decode(tl, copy, len, err, sizeof(err));
	free(copy);
	if (r < 0)
		check_decode_error(err);
	return r;
}

/*
 * Build a timeline from a capture, as `sockviz render` does with a file
 * sockviz wrote: the calls from the section's comment when text is NULL,
 * else from text; the packets from the capture. NULL when nothing
 * decodes (a damaged capture keeps the packets before the damage, as
 * render_cmd.c does).
 */
static struct sv_timeline *
build(const char *text, size_t text_len, const uint8_t *cap, size_t cap_len)
{
	char err[256];
	struct sv_timeline *tl = sv_timeline_new();
	struct sv_capreader *rd = NULL;
	struct sv_packet p;
	int r = 0;

	if (tl == NULL || (tl->capfile = strdup("fuzz.pcapng")) == NULL)
		goto fail;
	if (cap != NULL) {
		rd = sv_capreader_open_mem(cap, cap_len, err, sizeof(err));
		if (rd == NULL && text == NULL)
			goto fail;
	}
	if (rd != NULL)
		r = sv_capreader_next(rd, &p, err, sizeof(err));
	if (text == NULL) {
		const char *enc = r >= 0 ? encoded_timeline(rd) : NULL;
		if (enc == NULL)
			goto fail;
		if (decode_text(tl, enc, strlen(enc)) < 0)
			goto fail;
	} else if (decode_text(tl, text, text_len) < 0) {
		goto fail;
	}
	while (r == 1) {
		struct sv_packet copy;
		if (tl->packets == 0)
			tl->linktype = p.linktype;
		if (sv_packet_copy(&copy, &p) < 0)
			goto fail;
		if (sv_timeline_add_packet(tl, &copy) < 0) {
			sv_packet_clear(&copy);
			goto fail;
		}
		tl->packets++;
		r = sv_capreader_next(rd, &p, err, sizeof(err));
	}
	sv_capreader_free(rd);
	if (sv_correlate(tl, err, sizeof(err)) < 0) {
		sv_timeline_free(tl);
		return NULL;
	}
	return tl;
fail:
	sv_capreader_free(rd);
	sv_timeline_free(tl);
	return NULL;
}

static uint32_t
fnv1a(const uint8_t *data, size_t size)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619u;
	return h;
}

static int
slow(const struct sv_renderer *r)
{
	for (size_t i = 0; i < sizeof(slow_renderers) /
	    sizeof(slow_renderers[0]); i++)
		if (strcmp(r->name, slow_renderers[i]) == 0)
			return 1;
	return 0;
}

static int
render_to(const struct sv_renderer *r, FILE *fp, int width, int color,
    const struct sv_timeline *tl)
{
	struct sv_out o;

	memset(&o, 0, sizeof(o));
	o.fp = fp;
	o.width = width;
	o.color = color;
	int rc = sv_render(r, &o, tl);
	if (rc < 0 && o.err[0] == '\0')
		broken("a renderer failed without saying why", r->name);
	return rc;
}

/* The timeline drawn as pcapng into memory and read back carries the
 * same calls and metadata. */
static void
round_trip(const struct sv_timeline *tl)
{
	const struct sv_renderer *ng = sv_renderer_by_name("pcapng");
	char *buf = NULL;
	size_t len = 0;
	FILE *mem;

	if (ng == NULL)
		broken("no pcapng renderer", NULL);
	if ((mem = open_memstream(&buf, &len)) == NULL)
		return;
	int rc = render_to(ng, mem, 110, 0, tl);
	if (fclose(mem) != 0 || rc < 0) {
		free(buf);
		return;
	}
	struct sv_timeline *back = build(NULL, 0, (const uint8_t *)buf, len);
	if (back == NULL)
		broken("sockviz cannot read back the pcapng it wrote", NULL);
	char *a = sv_timeline_encode(tl), *b = sv_timeline_encode(back);
	if (a != NULL && b != NULL && strcmp(a, b) != 0) {
		fprintf(stderr, "---- drawn\n%s\n---- read back\n%s\n", a, b);
		broken("the pcapng read back carries another timeline", NULL);
	}
	free(a);
	free(b);
	sv_timeline_free(back);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sv_timeline *tl;

	if (size >= 4 && memcmp(data, shb_type, 4) == 0) {
		tl = build(NULL, 0, data, size);
	} else {
		const uint8_t *nul = memchr(data, '\0', size);
		size_t tlen = nul != NULL ? (size_t)(nul - data) : size;
		const uint8_t *cap = nul != NULL ? nul + 1 : NULL;
		size_t clen = nul != NULL ? size - tlen - 1 : 0;
		/* The capture as a heap copy of exactly its bytes, so ASan
		 * sees any read past its end. */
		uint8_t *ccopy = NULL;
		if (cap != NULL && (ccopy = malloc(clen ? clen : 1)) == NULL)
			return 0;
		if (clen > 0)
			memcpy(ccopy, cap, clen);
		tl = build((const char *)data, tlen, ccopy, clen);
		free(ccopy);
	}
	if (tl == NULL)
		return 0;

	uint32_t h = fnv1a(data, size);
	int width = SV_TEXT_MIN_WIDTH +
	    (int)(h % (SV_TEXT_MAX_WIDTH - SV_TEXT_MIN_WIDTH + 1));
	int color = (int)(h >> 31);
	const struct sv_renderer *const *all = sv_renderers();
	int draw_slow = all_every_time || (h >> 8) % SLOW_EVERY == 0;
	for (size_t i = 0; all[i] != NULL; i++)
		if (draw_slow || !slow(all[i]))
			(void)render_to(all[i], devnull, width, color, tl);
	round_trip(tl);
	sv_timeline_free(tl);
	return 0;
}
