/*
 * Writes the damaged (and a few odd but valid) capture files in
 * tests/captures/broken/. The files are committed; this program is how
 * they were made, and how to remake them after a change here:
 *
 *   cc -std=gnu11 -Wall -o /tmp/make_broken tests/captures/make_broken.c
 *   /tmp/make_broken tests/captures/broken
 *
 * The tests read the files, not this program; it needs nothing from the
 * library. What the reader must say about each file is listed, with the
 * byte offsets worked out below, in tests/captures/broken/EXPECT.
 *
 * Every file is built from the same pieces. Offsets in the comments are
 * where each piece starts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct buf {
	uint8_t d[4096];
	size_t n;
	int be;                  /* write fields big-endian */
};

/*
 * 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4, length 60:
 * 10.0.0.1.40000 > 10.0.0.2.53: UDP, length 4 (padded to 60 bytes).
 */
static const uint8_t frame[60] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00,
	0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11, 0x26, 0xba,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	0x9c, 0x40, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00,
	'p', 'i', 'n', 'g',
};

static void
u8(struct buf *b, uint8_t v)
{
	if (b->n >= sizeof(b->d)) {
		fprintf(stderr, "make_broken: buffer full\n");
		exit(1);
	}
	b->d[b->n++] = v;
}

static void
u16(struct buf *b, uint16_t v)
{
	if (b->be) {
		u8(b, (uint8_t)(v >> 8));
		u8(b, (uint8_t)v);
	} else {
		u8(b, (uint8_t)v);
		u8(b, (uint8_t)(v >> 8));
	}
}

static void
u32(struct buf *b, uint32_t v)
{
	if (b->be) {
		u16(b, (uint16_t)(v >> 16));
		u16(b, (uint16_t)v);
	} else {
		u16(b, (uint16_t)v);
		u16(b, (uint16_t)(v >> 16));
	}
}

static void
u64(struct buf *b, uint64_t v)
{
	if (b->be) {
		u32(b, (uint32_t)(v >> 32));
		u32(b, (uint32_t)v);
	} else {
		u32(b, (uint32_t)v);
		u32(b, (uint32_t)(v >> 32));
	}
}

static void
bytes(struct buf *b, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		u8(b, ((const uint8_t *)p)[i]);
}

static void
pad4(struct buf *b)
{
	while (b->n % 4)
		u8(b, 0);
}

/* Overwrite the 32-bit field at off. */
static void
set32(struct buf *b, size_t off, uint32_t v)
{
	size_t n = b->n;
	b->n = off;
	u32(b, v);
	b->n = n;
}

/* ---- classic pcap ---------------------------------------------------- */

static void
pcap_header(struct buf *b, uint16_t major, uint32_t snaplen,
    uint32_t linktype)
{
	u32(b, 0xa1b2c3d4);
	u16(b, major);
	u16(b, 4);
	u32(b, 0);
	u32(b, 0);
	u32(b, snaplen);
	u32(b, linktype);
}

static void
pcap_record(struct buf *b, uint32_t sec, uint32_t usec, uint32_t caplen,
    uint32_t origlen, const uint8_t *data, size_t n)
{
	u32(b, sec);
	u32(b, usec);
	u32(b, caplen);
	u32(b, origlen);
	bytes(b, data, n);
}

/* ---- pcapng ---------------------------------------------------------- */

static size_t
block_begin(struct buf *b, uint32_t type)
{
	size_t start = b->n;
	u32(b, type);
	u32(b, 0);
	return start;
}

static void
block_end(struct buf *b, size_t start)
{
	uint32_t len = (uint32_t)(b->n - start + 4);
	u32(b, len);
	set32(b, start + 4, len);
}

static void
option(struct buf *b, uint16_t code, const void *val, uint16_t n)
{
	u16(b, code);
	u16(b, n);
	bytes(b, val, n);
	pad4(b);
}

/* 28 bytes, no options. */
static void
shb(struct buf *b)
{
	size_t s = block_begin(b, 0x0A0D0D0A);
	u32(b, 0x1A2B3C4D);
	u16(b, 1);
	u16(b, 0);
	u64(b, UINT64_MAX);
	block_end(b, s);
}

/* 20 bytes with no options; 28 with if_tsresol. */
static void
idb(struct buf *b, uint16_t linktype, uint32_t snaplen, int tsresol)
{
	size_t s = block_begin(b, 1);
	u16(b, linktype);
	u16(b, 0);
	u32(b, snaplen);
	if (tsresol >= 0) {
		uint8_t v = (uint8_t)tsresol;
		option(b, 9, &v, 1);
	}
	block_end(b, s);
}

/* 32 + caplen padded; no options. */
static void
epb(struct buf *b, uint32_t ifid, uint64_t ts, const uint8_t *data,
    uint32_t caplen)
{
	size_t s = block_begin(b, 6);
	u32(b, ifid);
	u32(b, (uint32_t)(ts >> 32));
	u32(b, (uint32_t)ts);
	u32(b, caplen);
	u32(b, caplen);
	bytes(b, data, caplen);
	pad4(b);
	block_end(b, s);
}

/* SHB at 0, IDB (Ethernet, µs) at 28, one 92-byte EPB at 48, ends at 140. */
static void
good_start(struct buf *b)
{
	shb(b);
	idb(b, 1, 262144, -1);
	epb(b, 0, 1700000000000000ull, frame, sizeof(frame));
}

/* ---- the files ------------------------------------------------------- */

static const char *dir;

static void
save(const char *name, const struct buf *b)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");
	if (fp == NULL || fwrite(b->d, 1, b->n, fp) != b->n ||
	    fclose(fp) != 0) {
		perror(path);
		exit(1);
	}
}

static void
make_pcap(void)
{
	struct buf b;

	memset(&b, 0, sizeof(b));
	save("empty.pcap", &b);

	memset(&b, 0, sizeof(b));
	u16(&b, 0xc3d4);
	save("truncated-magic.pcap", &b);

	memset(&b, 0, sizeof(b));
	pcap_header(&b, 2, 262144, 1);
	b.n = 10;
	save("truncated-global-header.pcap", &b);

	memset(&b, 0, sizeof(b));
	b.be = 1;
	u32(&b, 0x12345678);
	b.be = 0;
	u16(&b, 2);
	u16(&b, 4);
	save("bad-magic.pcap", &b);

	memset(&b, 0, sizeof(b));
	pcap_header(&b, 3, 262144, 1);
	save("bad-version.pcap", &b);

	/* header, record at 24 (ends at 100), 7 bytes of a record header */
	memset(&b, 0, sizeof(b));
	pcap_header(&b, 2, 262144, 1);
	pcap_record(&b, 1700000000, 1, 60, 60, frame, 60);
	pcap_record(&b, 1700000000, 2, 60, 60, frame, 0);
	b.n = 107;
	save("record-header-truncated.pcap", &b);

	/* second record at 100, its data at 116 cut to 30 bytes */
	memset(&b, 0, sizeof(b));
	pcap_header(&b, 2, 262144, 1);
	pcap_record(&b, 1700000000, 1, 60, 60, frame, 60);
	pcap_record(&b, 1700000000, 2, 60, 60, frame, 30);
	save("record-data-truncated.pcap", &b);

	/* caplen field at 32 */
	memset(&b, 0, sizeof(b));
	pcap_header(&b, 2, 262144, 1);
	pcap_record(&b, 1700000000, 1, 0x7fffffff, 60, frame, 60);
	save("record-caplen-huge.pcap", &b);

	memset(&b, 0, sizeof(b));
	b.be = 1;
	pcap_header(&b, 2, 262144, 1);
	pcap_record(&b, 1700000000, 1, 0x00100001, 60, frame, 60);
	save("record-caplen-huge-be.pcap", &b);

	memset(&b, 0, sizeof(b));
	pcap_header(&b, 2, 128, 1);
	pcap_record(&b, 1700000000, 1, 200000, 200000, frame, 60);
	save("record-caplen-over-snaplen.pcap", &b);

	/* valid: a 0-byte frame between two ordinary ones */
	memset(&b, 0, sizeof(b));
	pcap_header(&b, 2, 262144, 1);
	pcap_record(&b, 1700000000, 1, 60, 60, frame, 60);
	pcap_record(&b, 1700000000, 2, 0, 0, frame, 0);
	pcap_record(&b, 1700000000, 3, 60, 60, frame, 60);
	save("zero-length-packet.pcap", &b);

	/* valid: snap lengths nobody means */
	memset(&b, 0, sizeof(b));
	pcap_header(&b, 2, 0xffffffff, 1);
	pcap_record(&b, 1700000000, 1, 60, 60, frame, 60);
	save("snaplen-absurd.pcap", &b);

	memset(&b, 0, sizeof(b));
	pcap_header(&b, 2, 0, 1);
	pcap_record(&b, 1700000000, 1, 60, 60, frame, 60);
	save("snaplen-zero.pcap", &b);

	/* valid: a link type nobody assigned passes through */
	memset(&b, 0, sizeof(b));
	pcap_header(&b, 2, 262144, 65000);
	pcap_record(&b, 1700000000, 1, 60, 60, frame, 60);
	save("unknown-linktype.pcap", &b);

	/* valid: snap length 20 cut the frame to 20 of its 60 bytes */
	memset(&b, 0, sizeof(b));
	pcap_header(&b, 2, 20, 1);
	pcap_record(&b, 1700000000, 1, 20, 60, frame, 20);
	save("snapped.pcap", &b);
}

static void
make_pcapng(void)
{
	struct buf b;
	size_t s;

	/* an IDB where the SHB should be */
	memset(&b, 0, sizeof(b));
	idb(&b, 1, 262144, -1);
	shb(&b);
	save("pcapng-no-shb.pcapng", &b);

	/* byte-order magic at 8 */
	memset(&b, 0, sizeof(b));
	shb(&b);
	set32(&b, 8, 0x11223344);
	save("pcapng-bad-byte-order-magic.pcapng", &b);

	/* version at 12 */
	memset(&b, 0, sizeof(b));
	shb(&b);
	b.d[12] = 2;
	save("pcapng-bad-version.pcapng", &b);

	memset(&b, 0, sizeof(b));
	shb(&b);
	b.n = 20;
	save("pcapng-shb-cut-short.pcapng", &b);

	/* SHB whose comment option (at 24) claims 200 bytes */
	memset(&b, 0, sizeof(b));
	s = block_begin(&b, 0x0A0D0D0A);
	u32(&b, 0x1A2B3C4D);
	u16(&b, 1);
	u16(&b, 0);
	u64(&b, UINT64_MAX);
	option(&b, 1, "hello", 5);
	block_end(&b, s);
	b.d[26] = 200;
	save("pcapng-shb-option-overruns.pcapng", &b);

	/* second EPB at 140 says 1000 bytes; 92 are there */
	memset(&b, 0, sizeof(b));
	good_start(&b);
	epb(&b, 0, 1700000000000001ull, frame, sizeof(frame));
	set32(&b, 144, 1000);
	save("pcapng-block-length-lies.pcapng", &b);

	/* second EPB at 140, its trailer (at 228) says 96 */
	memset(&b, 0, sizeof(b));
	good_start(&b);
	epb(&b, 0, 1700000000000001ull, frame, sizeof(frame));
	set32(&b, 228, 96);
	save("pcapng-trailer-mismatch.pcapng", &b);

	/* EPB at 48 names interface 3 (field at 56) */
	memset(&b, 0, sizeof(b));
	shb(&b);
	idb(&b, 1, 262144, -1);
	epb(&b, 3, 1700000000000000ull, frame, sizeof(frame));
	save("pcapng-epb-unknown-interface.pcapng", &b);

	/* EPB at 48 with a comment option (at 136) claiming 200 bytes */
	memset(&b, 0, sizeof(b));
	shb(&b);
	idb(&b, 1, 262144, -1);
	s = block_begin(&b, 6);
	u32(&b, 0);
	u32(&b, 0);
	u32(&b, 1);
	u32(&b, 60);
	u32(&b, 60);
	bytes(&b, frame, 60);
	option(&b, 1, "a comment", 9);
	block_end(&b, s);
	b.d[138] = 200;
	save("pcapng-option-overruns-block.pcapng", &b);

	/* EPB at 48 whose length field (at 52) says 93 */
	memset(&b, 0, sizeof(b));
	good_start(&b);
	set32(&b, 52, 93);
	save("pcapng-block-length-not-multiple-of-4.pcapng", &b);

	/* second EPB at 140 cut after 40 of its 92 bytes */
	memset(&b, 0, sizeof(b));
	good_start(&b);
	epb(&b, 0, 1700000000000001ull, frame, sizeof(frame));
	b.n = 180;
	save("pcapng-truncated-in-epb.pcapng", &b);

	/* five bytes after the last block */
	memset(&b, 0, sizeof(b));
	good_start(&b);
	bytes(&b, "\x06\x00\x00\x00\x5c", 5);
	save("pcapng-truncated-block-header.pcapng", &b);

	/* IDB at 28 whose length (at 32) is 16, too small for its fields */
	memset(&b, 0, sizeof(b));
	shb(&b);
	s = block_begin(&b, 1);
	u16(&b, 1);
	u16(&b, 0);
	block_end(&b, s);
	save("pcapng-idb-cut-short.pcapng", &b);

	/* EPB at 48 claims 2 GiB */
	memset(&b, 0, sizeof(b));
	good_start(&b);
	set32(&b, 52, 0x7ffffffc);
	save("pcapng-huge-block.pcapng", &b);

	/* an unknown block at 48 claims 4 GiB */
	memset(&b, 0, sizeof(b));
	shb(&b);
	idb(&b, 1, 262144, -1);
	s = block_begin(&b, 0x99);
	u32(&b, 0);
	block_end(&b, s);
	set32(&b, 52, 0xfffffffc);
	save("pcapng-huge-unknown-block.pcapng", &b);

	/* an unknown block at 48 whose trailer (at 60) says 20 */
	memset(&b, 0, sizeof(b));
	shb(&b);
	idb(&b, 1, 262144, -1);
	s = block_begin(&b, 0x99);
	u32(&b, 0);
	block_end(&b, s);
	set32(&b, 60, 20);
	save("pcapng-unknown-block-trailer-mismatch.pcapng", &b);

	/* a block at 28 of length 8 (field at 32): not even its frame */
	memset(&b, 0, sizeof(b));
	shb(&b);
	u32(&b, 0x99);
	u32(&b, 8);
	save("pcapng-block-length-too-small.pcapng", &b);

	/* SPB at 28 with no interface to take a snap length from */
	memset(&b, 0, sizeof(b));
	shb(&b);
	s = block_begin(&b, 3);
	u32(&b, 60);
	bytes(&b, frame, 60);
	block_end(&b, s);
	save("pcapng-spb-without-idb.pcapng", &b);

	/* EPB at 48: 92 bytes of block, caplen (at 68) 100 */
	memset(&b, 0, sizeof(b));
	good_start(&b);
	set32(&b, 68, 100);
	save("pcapng-epb-caplen-overruns-block.pcapng", &b);

	/* EPB at 48: caplen (at 68) 2^31 - 1 */
	memset(&b, 0, sizeof(b));
	good_start(&b);
	set32(&b, 68, 0x7fffffff);
	save("pcapng-epb-caplen-huge.pcapng", &b);

	/* IDB at 28 with if_tsresol (option at 44) 2 bytes long */
	memset(&b, 0, sizeof(b));
	shb(&b);
	s = block_begin(&b, 1);
	u16(&b, 1);
	u16(&b, 0);
	u32(&b, 262144);
	option(&b, 9, "\x09\x00", 2);
	block_end(&b, s);
	save("pcapng-tsresol-bad-length.pcapng", &b);

	/* IDB at 28 (28 bytes, ns); EPB at 56, timestamp (at 68) 2^64 - 1 ns */
	memset(&b, 0, sizeof(b));
	shb(&b);
	idb(&b, 1, 262144, 9);
	epb(&b, 0, UINT64_MAX, frame, sizeof(frame));
	save("pcapng-timestamp-out-of-range.pcapng", &b);

	/* IDB at 28 with if_tsoffset 2^62 s; EPB at 60, timestamp at 72 */
	memset(&b, 0, sizeof(b));
	shb(&b);
	s = block_begin(&b, 1);
	u16(&b, 1);
	u16(&b, 0);
	u32(&b, 262144);
	u16(&b, 14);
	u16(&b, 8);
	u64(&b, 1ull << 62);
	block_end(&b, s);
	epb(&b, 0, 1, frame, sizeof(frame));
	save("pcapng-tsoffset-huge.pcapng", &b);

	/* a good section, then a section header (at 140) with a bad
	 * byte-order magic (at 148) */
	memset(&b, 0, sizeof(b));
	good_start(&b);
	shb(&b);
	set32(&b, 148, 0x01020304);
	save("pcapng-second-section-bad-magic.pcapng", &b);

	/* valid: an unknown block and a custom block are skipped */
	memset(&b, 0, sizeof(b));
	shb(&b);
	idb(&b, 1, 262144, -1);
	s = block_begin(&b, 0x99);
	u32(&b, 0xdeadbeef);
	block_end(&b, s);
	s = block_begin(&b, 0xBAD);
	u32(&b, 32473);         /* private enterprise number */
	bytes(&b, "custom", 6);
	pad4(&b);
	block_end(&b, s);
	s = block_begin(&b, 0x40000BAD);
	u32(&b, 32473);
	block_end(&b, s);
	epb(&b, 0, 1700000000000000ull, frame, sizeof(frame));
	save("pcapng-unknown-block.pcapng", &b);

	/* valid: a 0-byte frame */
	memset(&b, 0, sizeof(b));
	shb(&b);
	idb(&b, 1, 262144, -1);
	epb(&b, 0, 1700000000000000ull, frame, 0);
	save("pcapng-zero-length-packet.pcapng", &b);

	/* valid: an SPB of a 60-byte frame cut to the snap length, 20 */
	memset(&b, 0, sizeof(b));
	shb(&b);
	idb(&b, 1, 20, -1);
	s = block_begin(&b, 3);
	u32(&b, 60);
	bytes(&b, frame, 20);
	block_end(&b, s);
	save("pcapng-spb-snaplen.pcapng", &b);

	/* valid: the obsolete packet block (type 2) */
	memset(&b, 0, sizeof(b));
	shb(&b);
	idb(&b, 1, 262144, -1);
	s = block_begin(&b, 2);
	u16(&b, 0);             /* interface */
	u16(&b, 0);             /* drops */
	u32(&b, 0);
	u32(&b, 1);
	u32(&b, 60);
	u32(&b, 60);
	bytes(&b, frame, 60);
	block_end(&b, s);
	save("pcapng-obsolete-pb.pcapng", &b);

	/* valid: big-endian section, if_tsresol 2^-20 */
	memset(&b, 0, sizeof(b));
	b.be = 1;
	shb(&b);
	idb(&b, 101, 65535, 0x80 | 20);
	epb(&b, 0, (uint64_t)1700000000 << 20, frame + 14, 46);
	save("pcapng-big-endian.pcapng", &b);
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: make_broken DIR\n");
		return 2;
	}
	dir = argv[1];
	make_pcap();
	make_pcapng();
	return 0;
}
