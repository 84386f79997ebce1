/*
 * libFuzzer target for the capture-file reader: the input is a whole
 * pcap or pcapng file.
 *
 * It is read twice in step, from memory and through a FILE (fmemopen),
 * and the two readers must agree on every packet, comment and error. Every
 * packet is decoded too, from a heap copy of exactly caplen bytes so
 * AddressSanitizer sees any read past the frame.
 *
 *   cmake -S . -B build-fuzz -DCMAKE_C_COMPILER=clang -DSOCKVIZ_FUZZ=ON
 *   cmake --build build-fuzz --target fuzz_capfile
 *   build-fuzz/fuzz/fuzz_capfile corpus/ tests/captures/broken
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capfile.h"
#include "capture/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256], ferr[256];
	/* fmemopen wants a writable buffer, and some libcs refuse size 0. */
	uint8_t *fbuf = malloc(size ? size : 1);
	FILE *fp;

	if (fbuf == NULL)
		return 0;
	if (size > 0)
		memcpy(fbuf, data, size);
	fp = size > 0 ? fmemopen(fbuf, size, "rb") : NULL;

	struct sv_capreader *r = sv_capreader_open_mem(data, size, err,
	    sizeof(err));
	struct sv_capreader *f = fp != NULL ?
	    sv_capreader_open_file(fp, ferr, sizeof(ferr)) : NULL;

	if (r == NULL) {
		if (strncmp(err, "byte ", 5) != 0)
			abort();
		if (fp != NULL && (f != NULL || strcmp(err, ferr) != 0))
			abort();
		goto done;
	}
	if (fp != NULL && f == NULL)
		abort();

	struct sv_packet p, q;
	int rc, frc;
	for (;;) {
		rc = sv_capreader_next(r, &p, err, sizeof(err));
		if (f != NULL) {
			frc = sv_capreader_next(f, &q, ferr, sizeof(ferr));
			if (frc != rc || (rc == 1 && !same_packet(&p, &q)) ||
			    (rc == -1 && strcmp(err, ferr) != 0) ||
			    !same_comments(r, f) ||
			    sv_capreader_offset(r) != sv_capreader_offset(f))
				abort();
		}
		if (rc != 1)
			break;
		decode_copy(&p);
	}
	/* Every failure names a byte, and stays failed. */
	if (rc < 0 && (strncmp(err, "byte ", 5) != 0 ||
	    sv_capreader_next(r, &p, err, sizeof(err)) != -1))
		abort();
	if (sv_capreader_offset(r) > size)
		abort();
done:
	sv_capreader_free(r);
	sv_capreader_free(f);
	if (fp != NULL)
		fclose(fp);
	free(fbuf);
	return 0;
}
