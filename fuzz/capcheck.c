/*
 * The capture-reader checks the fuzz targets share (see capcheck.h).
 *
 * What the reader promises (capture/capfile.h) and this checks:
 *  - memory and FILE give the same packets, the same section comments,
 *    the same offsets and the same errors, step by step;
 *  - an error names a byte ("byte N: ..."), N within the file, and the
 *    reader stays failed once it has failed;
 *  - no packet is bigger than the reader's caplen limit or than the file;
 *  - the offset never passes the end of the input.
 * A broken promise abort()s, so libFuzzer keeps the input.
 */
#include "fuzz/capcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/decode.h"

/* As in capture/capfile_internal.h: no reader hands out more. */
#define MAX_CAPLEN (4u * 262144)

static void
broken(const char *what, const char *err)
{
	fprintf(stderr, "capcheck: %s\n  message: %s\n", what,
	    err != NULL ? err : "(none)");
	abort();
}

static int
same_packet(const struct sv_packet *a, const struct sv_packet *b)
{
	if (a->ts_ns != b->ts_ns || a->caplen != b->caplen ||
	    a->origlen != b->origlen || a->linktype != b->linktype ||
	    a->ifindex != b->ifindex)
		return 0;
	if (a->caplen > 0 && memcmp(a->data, b->data, a->caplen) != 0)
		return 0;
	if ((a->comment == NULL) != (b->comment == NULL))
		return 0;
	return a->comment == NULL || strcmp(a->comment, b->comment) == 0;
}

static int
same_comments(const struct sv_capreader *a, const struct sv_capreader *b)
{
	const char *const *ca, *const *cb;
	size_t n = sv_capreader_section_comments(a, &ca);

	if (sv_capreader_section_comments(b, &cb) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(ca[i], cb[i]) != 0)
			return 0;
	return 1;
}

/* "byte N: " with N at most size. */
static void
check_error(const char *err, size_t size)
{
	char *end;
	unsigned long long off;

	if (strncmp(err, "byte ", 5) != 0)
		broken("an error that names no byte", err);
	off = strtoull(err + 5, &end, 10);
	if (end == err + 5 || end[0] != ':' || end[1] != ' ' || end[2] == '\0')
		broken("an error without \"byte N: what\"", err);
	if (off > size)
		broken("an error names a byte past the end of the file", err);
}

static void
decode_copy(const struct sv_packet *p)
{
	struct sv_decoded d;
	uint8_t *copy = malloc(p->caplen ? p->caplen : 1);

	if (copy == NULL)
		return;
	if (p->caplen > 0)
		memcpy(copy, p->data, p->caplen);
	sv_decode(p->linktype, copy, p->caplen, &d);
	free(copy);
}

void
sv_fuzz_capfile(const uint8_t *data, size_t size, enum sv_capformat want)
{
	char err[256], ferr[256];
	/* fmemopen wants a writable buffer, and some libcs refuse size 0. */
	uint8_t *fbuf = malloc(size ? size : 1);
	FILE *fp;

	if (fbuf == NULL)
		return;
	if (size > 0)
		memcpy(fbuf, data, size);
	fp = size > 0 ? fmemopen(fbuf, size, "rb") : NULL;

	struct sv_capreader *r = sv_capreader_open_mem(data, size, err,
	    sizeof(err));
	struct sv_capreader *f = fp != NULL ?
	    sv_capreader_open_file(fp, ferr, sizeof(ferr)) : NULL;

	if (r == NULL) {
		check_error(err, size);
		if (fp != NULL && (f != NULL || strcmp(err, ferr) != 0))
			broken("memory refused the file, FILE did not agree",
			    err);
		goto done;
	}
	if (fp != NULL && f == NULL)
		broken("FILE refused what memory opened", ferr);
	if (sv_capreader_format(r) != want)
		broken("the file opened as the other format", NULL);
	if (f != NULL && sv_capreader_format(f) != want)
		broken("FILE opened it as the other format", NULL);

	struct sv_packet p, q;
	int rc, frc;
	for (;;) {
		rc = sv_capreader_next(r, &p, err, sizeof(err));
		if (f != NULL) {
			frc = sv_capreader_next(f, &q, ferr, sizeof(ferr));
			if (frc != rc || (rc == 1 && !same_packet(&p, &q)) ||
			    (rc == -1 && strcmp(err, ferr) != 0))
				broken("memory and FILE read different"
				    " packets", rc == -1 ? err : NULL);
			if (!same_comments(r, f))
				broken("memory and FILE read different"
				    " comments", NULL);
			if (sv_capreader_offset(r) != sv_capreader_offset(f))
				broken("memory and FILE at different offsets",
				    NULL);
		}
		if (rc != 1)
			break;
		if (p.caplen > MAX_CAPLEN || p.caplen > size)
			broken("a packet larger than the limit or the file",
			    NULL);
		if (p.caplen > 0 && p.data == NULL)
			broken("a packet with bytes but no data", NULL);
		decode_copy(&p);
	}
	if (rc < 0) {
		check_error(err, size);
		/* Failed stays failed, with the same words. */
		char again[256];
		if (sv_capreader_next(r, &p, again, sizeof(again)) != -1 ||
		    strcmp(again, err) != 0)
			broken("a failed reader read on", again);
	} else if (sv_capreader_next(r, &p, err, sizeof(err)) != 0) {
		broken("a reader at its end read on", NULL);
	}
	if (sv_capreader_offset(r) > size)
		broken("the offset passed the end of the input", NULL);
done:
	sv_capreader_free(r);
	sv_capreader_free(f);
	if (fp != NULL)
		fclose(fp);
	free(fbuf);
}
