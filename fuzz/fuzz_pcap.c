/*
 * libFuzzer target: the classic pcap reader (capture/pcap_read.c) on a
 * whole file, read from memory and through a FILE in step (the checks are
 * fuzz/capcheck.c's).
 *
 * An input that does not start with one of the four pcap magic numbers
 * gets one, chosen by its first byte, in place of its first four bytes:
 * no mutation is wasted on a file the pcapng reader, or none, would take.
 * Inputs shorter than four bytes are read as they are (the "not a capture
 * file" paths).
 *
 * Seeds: fuzz/corpus/fuzz_pcap (sockviz's own pcap output) and the .pcap
 * files of tests/captures/broken.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/capcheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const uint8_t magics[4][4] = {
	{ 0xd4, 0xc3, 0xb2, 0xa1 },   /* little-endian, µs */
	{ 0xa1, 0xb2, 0xc3, 0xd4 },   /* big-endian, µs */
	{ 0x4d, 0x3c, 0xb2, 0xa1 },   /* little-endian, ns */
	{ 0xa1, 0xb2, 0x3c, 0x4d },   /* big-endian, ns */
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 4) {
		sv_fuzz_capfile(data, size, SV_CAP_PCAP);
		return 0;
	}
	for (size_t i = 0; i < 4; i++)
		if (memcmp(data, magics[i], 4) == 0) {
			sv_fuzz_capfile(data, size, SV_CAP_PCAP);
			return 0;
		}
	/* A heap copy of exactly size bytes, so ASan still sees any read
	 * past the end. */
	uint8_t *copy = malloc(size);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	memcpy(copy, magics[data[0] & 3], 4);
	sv_fuzz_capfile(copy, size, SV_CAP_PCAP);
	free(copy);
	return 0;
}
