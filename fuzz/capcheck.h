/*
 * What the capture-reader fuzz targets (fuzz_pcap.c, fuzz_pcapng.c)
 * check, shared: one file read twice in step, from memory and through a
 * FILE, the two readers agreeing on every packet, comment, offset and
 * error, and every packet decoded from a heap copy of exactly its bytes.
 */
#ifndef SOCKVIZ_FUZZ_CAPCHECK_H
#define SOCKVIZ_FUZZ_CAPCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "capture/capfile.h"

/*
 * Read data[0, size) both ways and abort() on any disagreement or broken
 * promise. want is the format a file that opens must have.
 */
void sv_fuzz_capfile(const uint8_t *data, size_t size, enum sv_capformat want);

#endif
