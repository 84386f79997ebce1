/*
 * libFuzzer target: the pcapng reader (capture/pcapng_read.c) on a whole
 * file, read from memory and through a FILE in step (the checks are
 * fuzz/capcheck.c's).
 *
 * An input that does not start with the section header block's type
 * (0a 0d 0d 0a) gets it in place of its first four bytes, so every input
 * reaches the pcapng reader. Inputs shorter than four bytes are read as
 * they are.
 *
 * Seeds: fuzz/corpus/fuzz_pcapng (files `sockviz run LESSON -o x.pcapng`
 * wrote, with their comments and calls) and the .pcapng files of
 * tests/captures/broken.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/capcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t shb_type[4] = { 0x0a, 0x0d, 0x0d, 0x0a };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4 || memcmp(data, shb_type, 4) == 0) {
		sv_fuzz_capfile(data, size, SV_CAP_PCAPNG);
		return 0;
	}
	/* A heap copy of exactly size bytes, so ASan still sees any read
	 * past the end. */
	uint8_t *copy = malloc(size);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	memcpy(copy, shb_type, 4);
	sv_fuzz_capfile(copy, size, SV_CAP_PCAPNG);
	free(copy);
	return 0;
}
