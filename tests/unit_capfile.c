/*
 * Unit tests of the capture-file reader and the pcapng writer
 * (capture/capfile.c, pcap_read.c, pcapng_read.c, pcapng_write.c).
 *
 * Small files are written out byte by byte with what they hold above
 * them; bigger ones come from a little builder (struct nb) that lays
 * blocks down in either byte order. The damaged files the reader must
 * refuse live in tests/captures/broken/, listed with the expected outcome
 * in EXPECT; test_broken_corpus() checks every line.
 *
 * Every buffer is read from a heap copy of exactly its length, so
 * AddressSanitizer reports a read even one byte past the end.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "capture/capfile.h"
#include "capture/packet.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- reading helpers ------------------------------------------------- */

/* What reading a whole file came to. */
struct outcome {
	int opened;
	int npk;                 /* packets read */
	int rc;                  /* the last _next: 0 end, -1 error */
	char err[256];
};

static uint8_t *
heap_copy(const uint8_t *buf, size_t len)
{
	uint8_t *c = malloc(len ? len : 1);
	assert_non_null(c);
	if (len > 0)
		memcpy(c, buf, len);
	return c;
}

/* Read every packet; check each one's data is readable to its end. */
static struct outcome
drain(struct sv_capreader *r)
{
	struct outcome o;
	struct sv_packet p;
	unsigned sum = 0;

	memset(&o, 0, sizeof(o));
	o.opened = 1;
	while ((o.rc = sv_capreader_next(r, &p, o.err, sizeof(o.err))) == 1) {
		o.npk++;
		for (uint32_t i = 0; i < p.caplen; i++)
			sum += p.data[i];
		if (p.comment != NULL)
			sum += (unsigned)strlen(p.comment);
	}
	(void)sum;
	return o;
}

static struct outcome
read_mem(const uint8_t *buf, size_t len)
{
	uint8_t *copy = heap_copy(buf, len);
	struct outcome o;
	struct sv_capreader *r;

	memset(&o, 0, sizeof(o));
	o.rc = -1;
	r = sv_capreader_open_mem(copy, len, o.err, sizeof(o.err));
	if (r != NULL) {
		o = drain(r);
		sv_capreader_free(r);
	}
	free(copy);
	return o;
}

static FILE *
file_of(const uint8_t *buf, size_t len)
{
	FILE *fp = tmpfile();
	assert_non_null(fp);
	if (len > 0)
		assert_int_equal(fwrite(buf, 1, len, fp), len);
	rewind(fp);
	return fp;
}

static struct outcome
read_file(FILE *fp)
{
	struct outcome o;
	struct sv_capreader *r;

	memset(&o, 0, sizeof(o));
	o.rc = -1;
	r = sv_capreader_open_file(fp, o.err, sizeof(o.err));
	if (r != NULL) {
		o = drain(r);
		sv_capreader_free(r);
	}
	return o;
}

/* ---- a pcapng builder ------------------------------------------------ */

struct nb {
	uint8_t d[8192];
	size_t n;
	int be;
	size_t marks[64];        /* where each block ends */
	int npk_at[64];          /* packets before each mark */
	size_t nmarks;
	int npk;
};

static void
nb_u8(struct nb *b, uint8_t v)
{
	assert_true(b->n < sizeof(b->d));
	b->d[b->n++] = v;
}

static void
nb_u16(struct nb *b, uint16_t v)
{
	nb_u8(b, (uint8_t)(b->be ? v >> 8 : v));
	nb_u8(b, (uint8_t)(b->be ? v : v >> 8));
}

static void
nb_u32(struct nb *b, uint32_t v)
{
	nb_u16(b, (uint16_t)(b->be ? v >> 16 : v));
	nb_u16(b, (uint16_t)(b->be ? v : v >> 16));
}

static void
nb_u64(struct nb *b, uint64_t v)
{
	nb_u32(b, (uint32_t)(b->be ? v >> 32 : v));
	nb_u32(b, (uint32_t)(b->be ? v : v >> 32));
}

static void
nb_bytes(struct nb *b, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nb_u8(b, ((const uint8_t *)p)[i]);
}

static void
nb_pad(struct nb *b)
{
	while (b->n % 4)
		nb_u8(b, 0);
}

static size_t
nb_begin(struct nb *b, uint32_t type)
{
	size_t s = b->n;
	nb_u32(b, type);
	nb_u32(b, 0);
	return s;
}

static void
nb_end(struct nb *b, size_t s)
{
	uint32_t len = (uint32_t)(b->n - s + 4);
	nb_u32(b, len);
	size_t n = b->n;
	b->n = s + 4;
	nb_u32(b, len);
	b->n = n;
	assert_true(b->nmarks < NELEM(b->marks));
	b->marks[b->nmarks] = b->n;
	b->npk_at[b->nmarks] = b->npk;
	b->nmarks++;
}

static void
nb_opt(struct nb *b, uint16_t code, const void *val, uint16_t n)
{
	nb_u16(b, code);
	nb_u16(b, n);
	nb_bytes(b, val, n);
	nb_pad(b);
}

/* A section header with the given comments (NULL-terminated list). */
static void
nb_shb(struct nb *b, const char *const *comments)
{
	size_t s = nb_begin(b, 0x0A0D0D0A);
	nb_u32(b, 0x1A2B3C4D);
	nb_u16(b, 1);
	nb_u16(b, 0);
	nb_u64(b, UINT64_MAX);
	for (size_t i = 0; comments != NULL && comments[i] != NULL; i++)
		nb_opt(b, 1, comments[i], (uint16_t)strlen(comments[i]));
	if (comments != NULL)
		nb_opt(b, 0, NULL, 0);
	nb_end(b, s);
}

/* tsresol < 0: no option (microseconds). */
static void
nb_idb(struct nb *b, uint16_t linktype, uint32_t snaplen, int tsresol,
    int64_t tsoffset)
{
	size_t s = nb_begin(b, 1);
	nb_u16(b, linktype);
	nb_u16(b, 0);
	nb_u32(b, snaplen);
	if (tsresol >= 0) {
		uint8_t v = (uint8_t)tsresol;
		nb_opt(b, 9, &v, 1);
	}
	if (tsoffset != 0) {
		nb_u16(b, 14);
		nb_u16(b, 8);
		nb_u64(b, (uint64_t)tsoffset);
	}
	nb_end(b, s);
}

static void
nb_epb(struct nb *b, uint32_t ifid, uint64_t ts, const uint8_t *data,
    uint32_t caplen, uint32_t origlen, const char *comment)
{
	size_t s = nb_begin(b, 6);
	nb_u32(b, ifid);
	nb_u32(b, (uint32_t)(ts >> 32));
	nb_u32(b, (uint32_t)ts);
	nb_u32(b, caplen);
	nb_u32(b, origlen);
	nb_bytes(b, data, caplen);
	nb_pad(b);
	if (comment != NULL) {
		nb_opt(b, 1, comment, (uint16_t)strlen(comment));
		nb_opt(b, 0, NULL, 0);
	}
	b->npk++;
	nb_end(b, s);
}

static const uint8_t payload[64] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11,
	0x26, 0xba, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40,
	0x00, 0x35, 0x00, 0x0c, 0x00, 0x00, 'p', 'i', 'n', 'g', 0x11, 0x22,
	0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee,
	0xf0, 0xf1, 0xf2, 0xf3,
};

/* ---- pcapng written by us, read back --------------------------------- */

struct written {
	char *buf;
	size_t len;
	size_t marks[16];
	int npk_at[16];
	size_t nmarks;
};

static void
mark(struct written *w, FILE *fp, int npk)
{
	assert_int_equal(fflush(fp), 0);
	w->marks[w->nmarks] = w->len;
	w->npk_at[w->nmarks] = npk;
	w->nmarks++;
}

static const char *const shb_comments[] = {
	"first section comment",
	"zweiter Kommentar, mit Umlauten: äöü",
};

static struct sv_packet wpk[5];
static const char *const wcomments[5] = {
	"hello", NULL, "", "a comment of 7", "x",
};
static const uint32_t wifid[5] = { 0, 1, 0, 1, 0 };

static void
write_sample(struct written *w)
{
	FILE *fp = open_memstream(&w->buf, &w->len);
	assert_non_null(fp);
	memset(w->marks, 0, sizeof(w->marks));
	w->nmarks = 0;

	/* Every length modulo 4 for the padding, a 0-byte frame, a frame
	 * cut by the snap length, the largest int64 stamp. */
	static const uint32_t caplen[5] = { 60, 45, 0, 10, 63 };
	static const uint32_t origlen[5] = { 60, 45, 0, 1500, 63 };
	static const int64_t ts[5] = {
		1700000000123456789, 1, 0, INT64_MAX, 1700000000000000001,
	};
	for (size_t i = 0; i < NELEM(wpk); i++) {
		memset(&wpk[i], 0, sizeof(wpk[i]));
		wpk[i].ts_ns = ts[i];
		wpk[i].caplen = caplen[i];
		wpk[i].origlen = origlen[i];
		wpk[i].data = (uint8_t *)payload + i % 2;
	}

	assert_int_equal(sv_pcapng_write_shb(fp, shb_comments,
	    NELEM(shb_comments), "sockviz unit test"), 0);
	mark(w, fp, 0);
	assert_int_equal(sv_pcapng_write_idb(fp, SV_LINK_ETHERNET, 262144,
	    "lo"), 0);
	mark(w, fp, 0);
	assert_int_equal(sv_pcapng_write_idb(fp, SV_LINK_RAW, 65535, NULL),
	    0);
	mark(w, fp, 0);
	for (size_t i = 0; i < NELEM(wpk); i++) {
		assert_int_equal(sv_pcapng_write_epb(fp, wifid[i], &wpk[i],
		    wcomments[i]), 0);
		mark(w, fp, (int)i + 1);
	}
	assert_int_equal(fclose(fp), 0);
}

static void
check_sample(struct sv_capreader *r, const struct written *w)
{
	static const uint32_t lt[2] = { SV_LINK_ETHERNET, SV_LINK_RAW };
	struct sv_packet p;
	char err[256];
	const char *const *com;

	assert_int_equal(sv_capreader_format(r), SV_CAP_PCAPNG);
	assert_int_equal(sv_capreader_section_comments(r, &com), 2);
	assert_string_equal(com[0], shb_comments[0]);
	assert_string_equal(com[1], shb_comments[1]);
	assert_int_equal(sv_capreader_offset(r), w->marks[0]);

	for (size_t i = 0; i < NELEM(wpk); i++) {
		assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)),
		    1);
		assert_int_equal(p.ts_ns, wpk[i].ts_ns);
		assert_int_equal(p.caplen, wpk[i].caplen);
		assert_int_equal(p.origlen, wpk[i].origlen);
		assert_int_equal(p.ifindex, wifid[i]);
		assert_int_equal(p.linktype, lt[wifid[i]]);
		if (p.caplen > 0)
			assert_memory_equal(p.data, wpk[i].data, p.caplen);
		if (wcomments[i] == NULL || wcomments[i][0] == '\0')
			assert_null(p.comment);
		else
			assert_string_equal(p.comment, wcomments[i]);
		assert_int_equal(sv_capreader_offset(r), w->marks[3 + i]);
		assert_int_equal(sv_capreader_section_comments(r, &com), 2);
	}
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 0);
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 0);
	assert_int_equal(sv_capreader_offset(r), w->len);
}

static void
test_pcapng_roundtrip(void **state)
{
	struct written w;
	char err[256];
	(void)state;

	write_sample(&w);

	uint8_t *copy = heap_copy((uint8_t *)w.buf, w.len);
	struct sv_capreader *r = sv_capreader_open_mem(copy, w.len, err,
	    sizeof(err));
	assert_non_null(r);
	check_sample(r, &w);
	sv_capreader_free(r);
	free(copy);

	FILE *fp = file_of((uint8_t *)w.buf, w.len);
	r = sv_capreader_open_file(fp, err, sizeof(err));
	assert_non_null(r);
	check_sample(r, &w);
	sv_capreader_free(r);
	fclose(fp);
	free(w.buf);
}

/* The writer's exact bytes for one small EPB, in host order. */
static void
test_pcapng_write_layout(void **state)
{
	char *buf;
	size_t len;
	uint8_t data[3] = { 0xaa, 0xbb, 0xcc };
	struct sv_packet p;
	(void)state;

	memset(&p, 0, sizeof(p));
	p.ts_ns = 0x0000000100000002;
	p.caplen = 3;
	p.origlen = 9;
	p.data = data;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(sv_pcapng_write_epb(fp, 7, &p, "hi!"), 0);
	assert_int_equal(fclose(fp), 0);

	/* type 6, length 48, if 7, ts 1:2, caplen 3, origlen 9, data +1 pad,
	 * opt_comment "hi!" +1 pad, opt_endofopt, length 48 */
	uint32_t want[12] = { 6, 48, 7, 1, 2, 3, 9, 0, 0, 0, 0, 48 };
	uint8_t *w = (uint8_t *)want;
	memcpy(w + 28, data, 3);
	uint16_t oh[2] = { 1, 3 };
	memcpy(w + 32, oh, 4);
	memcpy(w + 36, "hi!", 3);
	assert_int_equal(len, sizeof(want));
	assert_memory_equal(buf, want, sizeof(want));
	free(buf);

	/* Negative stamps cannot be written without an if_tsoffset. */
	fp = open_memstream(&buf, &len);
	p.ts_ns = -1;
	assert_int_equal(sv_pcapng_write_epb(fp, 0, &p, NULL), -1);
	fclose(fp);
	free(buf);
}

/* A comment too long for one option is cut at a UTF-8 boundary. */
static void
test_pcapng_long_comment(void **state)
{
	size_t n = 70000;
	char *big = malloc(n + 1);
	char *buf;
	size_t len;
	char err[256];
	struct sv_packet p;
	(void)state;

	assert_non_null(big);
	for (size_t i = 0; i < n; i += 2)
		memcpy(big + i, "\xc3\xa9", 2);         /* é */
	big[n] = '\0';
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	const char *const c[1] = { big };
	assert_int_equal(sv_pcapng_write_shb(fp, c, 1, NULL), 0);
	assert_int_equal(sv_pcapng_write_idb(fp, 1, 0, NULL), 0);
	memset(&p, 0, sizeof(p));
	p.data = (uint8_t *)payload;
	assert_int_equal(sv_pcapng_write_epb(fp, 0, &p, big), 0);
	assert_int_equal(fclose(fp), 0);

	struct sv_capreader *r = sv_capreader_open_mem((uint8_t *)buf, len,
	    err, sizeof(err));
	assert_non_null(r);
	const char *const *com;
	assert_int_equal(sv_capreader_section_comments(r, &com), 1);
	assert_int_equal(strlen(com[0]), 65534);
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 1);
	assert_int_equal(strlen(p.comment), 65534);
	assert_memory_equal(p.comment, big, 65534);
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 0);
	sv_capreader_free(r);
	free(buf);
	free(big);
}

/* ---- classic pcap ---------------------------------------------------- */

/*
 * Little-endian, microseconds: version 2.4, snaplen 262144, Ethernet.
 * One record: 1700000000.123456, caplen 4, origlen 1500, de ad be ef.
 */
static const uint8_t pcap_le_us[] = {
	0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x04, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x00, 0xf1, 0x53, 0x65, 0x40, 0xe2, 0x01, 0x00,
	0x04, 0x00, 0x00, 0x00, 0xdc, 0x05, 0x00, 0x00,
	0xde, 0xad, 0xbe, 0xef,
};

/*
 * Big-endian, microseconds: version 2.4, snaplen 262144, raw IP (101).
 * One record: 1700000000.123456, caplen 4, origlen 1500, de ad be ef.
 */
static const uint8_t pcap_be_us[] = {
	0xa1, 0xb2, 0xc3, 0xd4, 0x00, 0x02, 0x00, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x65,
	0x65, 0x53, 0xf1, 0x00, 0x00, 0x01, 0xe2, 0x40,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x05, 0xdc,
	0xde, 0xad, 0xbe, 0xef,
};

/*
 * Little-endian, nanoseconds: version 2.4, snaplen 262144, Linux cooked
 * (113), FCS bits set above the link type (ignored). One record:
 * 1700000000.123456789, caplen 4, origlen 1500, de ad be ef.
 */
static const uint8_t pcap_le_ns[] = {
	0x4d, 0x3c, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x04, 0x00, 0x71, 0x00, 0x00, 0x90,
	0x00, 0xf1, 0x53, 0x65, 0x15, 0xcd, 0x5b, 0x07,
	0x04, 0x00, 0x00, 0x00, 0xdc, 0x05, 0x00, 0x00,
	0xde, 0xad, 0xbe, 0xef,
};

/*
 * Big-endian, nanoseconds: version 2.4, snaplen 262144, Linux cooked v2
 * (276). One record: 1700000000.123456789, caplen 4, origlen 1500,
 * de ad be ef.
 */
static const uint8_t pcap_be_ns[] = {
	0xa1, 0xb2, 0x3c, 0x4d, 0x00, 0x02, 0x00, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x01, 0x14,
	0x65, 0x53, 0xf1, 0x00, 0x07, 0x5b, 0xcd, 0x15,
	0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x05, 0xdc,
	0xde, 0xad, 0xbe, 0xef,
};

static void
test_pcap_four_magics(void **state)
{
	static const struct {
		const uint8_t *buf;
		size_t len;
		int64_t ts;
		uint32_t linktype;
	} cases[] = {
		{ pcap_le_us, sizeof(pcap_le_us), 1700000000123456000,
		    SV_LINK_ETHERNET },
		{ pcap_be_us, sizeof(pcap_be_us), 1700000000123456000,
		    SV_LINK_RAW },
		{ pcap_le_ns, sizeof(pcap_le_ns), 1700000000123456789,
		    SV_LINK_LINUX_SLL },
		{ pcap_be_ns, sizeof(pcap_be_ns), 1700000000123456789,
		    SV_LINK_LINUX_SLL2 },
	};
	static const uint8_t data[4] = { 0xde, 0xad, 0xbe, 0xef };
	(void)state;

	for (size_t i = 0; i < NELEM(cases); i++) {
		char err[256];
		struct sv_packet p;
		const char *const *com;
		uint8_t *copy = heap_copy(cases[i].buf, cases[i].len);
		struct sv_capreader *r = sv_capreader_open_mem(copy,
		    cases[i].len, err, sizeof(err));

		assert_non_null(r);
		assert_int_equal(sv_capreader_format(r), SV_CAP_PCAP);
		assert_int_equal(sv_capreader_offset(r), 24);
		assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)),
		    1);
		assert_int_equal(p.ts_ns, cases[i].ts);
		assert_int_equal(p.caplen, 4);
		assert_int_equal(p.origlen, 1500);
		assert_int_equal(p.linktype, cases[i].linktype);
		assert_int_equal(p.ifindex, 0);
		assert_null(p.comment);
		assert_memory_equal(p.data, data, 4);
		assert_int_equal(sv_capreader_section_comments(r, &com), 0);
		assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)),
		    0);
		assert_int_equal(sv_capreader_offset(r), cases[i].len);
		sv_capreader_free(r);
		free(copy);
	}
}

/* ---- pcapng sections, interfaces, resolutions ------------------------ */

static void
build_two_sections(struct nb *b)
{
	static const char *const c1[] = { "section one", NULL };
	static const char *const c2[] = { "two-a", "two-b", NULL };

	memset(b, 0, sizeof(*b));
	/* Section 1, little-endian: Ethernet in µs, raw IP in ns. */
	nb_shb(b, c1);
	nb_idb(b, SV_LINK_ETHERNET, 262144, -1, 0);
	nb_idb(b, SV_LINK_RAW, 65535, 9, 0);
	nb_epb(b, 0, 1700000000123456ull, payload, 60, 60, NULL);
	nb_epb(b, 1, 1700000000123456789ull, payload + 14, 46, 46, "in ns");
	/* Section 2, big-endian: its own interfaces, 2^-20 s with an hour
	 * taken off, and Linux cooked in ms. */
	b->be = 1;
	nb_shb(b, c2);
	nb_idb(b, SV_LINK_LINUX_SLL, 0, 0x80 | 20, -3600);
	nb_idb(b, SV_LINK_LINUX_SLL2, 128, 3, 0);
	nb_epb(b, 0, ((uint64_t)1700003600 << 20) | (1u << 19), payload, 33,
	    100, "half a second");
	nb_epb(b, 1, 1700000000001ull, payload, 7, 7, NULL);
}

static void
test_pcapng_two_sections(void **state)
{
	struct nb b;
	char err[256];
	struct sv_packet p;
	const char *const *com;
	(void)state;

	build_two_sections(&b);
	uint8_t *copy = heap_copy(b.d, b.n);
	struct sv_capreader *r = sv_capreader_open_mem(copy, b.n, err,
	    sizeof(err));
	assert_non_null(r);

	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 1);
	assert_int_equal(p.ts_ns, 1700000000123456000);
	assert_int_equal(p.linktype, SV_LINK_ETHERNET);
	assert_int_equal(p.ifindex, 0);
	assert_int_equal(p.caplen, 60);
	assert_null(p.comment);
	assert_int_equal(sv_capreader_section_comments(r, &com), 1);
	assert_string_equal(com[0], "section one");

	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 1);
	assert_int_equal(p.ts_ns, 1700000000123456789);
	assert_int_equal(p.linktype, SV_LINK_RAW);
	assert_int_equal(p.ifindex, 1);
	assert_int_equal(p.caplen, 46);
	assert_memory_equal(p.data, payload + 14, 46);
	assert_string_equal(p.comment, "in ns");

	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 1);
	assert_int_equal(p.ts_ns, 1700000000500000000);
	assert_int_equal(p.linktype, SV_LINK_LINUX_SLL);
	assert_int_equal(p.ifindex, 0);
	assert_int_equal(p.caplen, 33);
	assert_int_equal(p.origlen, 100);
	assert_memory_equal(p.data, payload, 33);
	assert_string_equal(p.comment, "half a second");
	assert_int_equal(sv_capreader_section_comments(r, &com), 2);
	assert_string_equal(com[0], "two-a");
	assert_string_equal(com[1], "two-b");

	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 1);
	assert_int_equal(p.ts_ns, 1700000000001000000);
	assert_int_equal(p.linktype, SV_LINK_LINUX_SLL2);
	assert_int_equal(p.ifindex, 1);
	assert_null(p.comment);

	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 0);
	sv_capreader_free(r);
	free(copy);
}

/* Interfaces belong to their section: a new one forgets the old. */
static void
test_pcapng_interfaces_reset(void **state)
{
	struct nb b;
	(void)state;

	memset(&b, 0, sizeof(b));
	nb_shb(&b, NULL);
	nb_idb(&b, 1, 0, -1, 0);
	nb_idb(&b, 1, 0, -1, 0);
	nb_epb(&b, 1, 0, payload, 4, 4, NULL);
	size_t shb2 = b.n;
	nb_shb(&b, NULL);
	nb_idb(&b, 1, 0, -1, 0);
	size_t epb2 = b.n;
	nb_epb(&b, 1, 0, payload, 4, 4, NULL);
	(void)shb2;

	struct outcome o = read_mem(b.d, b.n);
	assert_int_equal(o.npk, 1);
	assert_int_equal(o.rc, -1);
	char want[64];
	snprintf(want, sizeof(want), "byte %zu: ", epb2 + 8);
	assert_non_null(strstr(o.err, want));
	assert_non_null(strstr(o.err, "interface 1"));
}

static void
test_pcapng_resolutions(void **state)
{
	static const struct {
		int tsresol;
		int64_t tsoffset;
		uint64_t t;
		int64_t ns;
	} cases[] = {
		{ -1, 0, 1, 1000 },                     /* default µs */
		{ 6, 0, 1700000000000001, 1700000000000001000 },
		{ 0, 0, 5, 5000000000 },                /* seconds */
		{ 3, 0, 1234, 1234000000 },             /* ms */
		{ 9, 0, INT64_MAX, INT64_MAX },
		{ 10, 0, 15, 1 },                       /* 1.5 ns, rounded down */
		{ 12, 0, 1000000000999, 1000000000 },
		{ 18, 0, UINT64_MAX, 18446744073 },
		{ 19, 0, UINT64_MAX, 1844674407 },
		{ 127, 0, UINT64_MAX, 0 },
		{ 0x80, 0, 3, 3000000000 },             /* 2^0 s */
		{ 0x80 | 20, 0, 1 << 20, 1000000000 },
		{ 0x80 | 20, 0, 1, 953 },               /* 953.67 */
		{ 0x80 | 30, 0, 3, 2 },                 /* 2.79 */
		{ 0x80 | 63, 0, UINT64_MAX, 1999999999 },
		{ 0x80 | 64, 0, UINT64_MAX, 999999999 },
		{ 0x80 | 127, 0, UINT64_MAX, 0 },
		{ 6, -1, 0, -1000000000 },              /* before 1970 */
		{ 6, 1700000000, 5, 1700000000000005000 },
		{ 9, -9223372037, UINT64_MAX, 9223372036709551615 },
		{ 0, 0, 9223372036, 9223372036000000000 },
	};
	(void)state;

	for (size_t i = 0; i < NELEM(cases); i++) {
		struct nb b;
		char err[256];
		struct sv_packet p;

		memset(&b, 0, sizeof(b));
		nb_shb(&b, NULL);
		nb_idb(&b, 1, 0, cases[i].tsresol, cases[i].tsoffset);
		nb_epb(&b, 0, cases[i].t, payload, 1, 1, NULL);
		uint8_t *copy = heap_copy(b.d, b.n);
		struct sv_capreader *r = sv_capreader_open_mem(copy, b.n, err,
		    sizeof(err));
		assert_non_null(r);
		int rc = sv_capreader_next(r, &p, err, sizeof(err));
		if (rc != 1)
			print_error("case %zu: %s\n", i, err);
		assert_int_equal(rc, 1);
		if (p.ts_ns != cases[i].ns)
			print_error("case %zu: %lld ns, expected %lld\n", i,
			    (long long)p.ts_ns, (long long)cases[i].ns);
		assert_true(p.ts_ns == cases[i].ns);
		sv_capreader_free(r);
		free(copy);
	}
}

/* ---- block types ----------------------------------------------------- */

/*
 * Little-endian. SHB (28 bytes, no options); IDB: Ethernet, snaplen 6;
 * SPB of a 10-byte frame holding 01..06 (the snap length) plus 2 bytes of
 * padding; SPB of a 3-byte frame 0a 0b 0c plus 1 byte of padding.
 */
static const uint8_t spb_file[] = {
	0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0x00, 0x00, 0x00,
	0x4d, 0x3c, 0x2b, 0x1a, 0x01, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x1c, 0x00, 0x00, 0x00,
	/* IDB at 28 */
	0x01, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,
	0x14, 0x00, 0x00, 0x00,
	/* SPB at 48: origlen 10 */
	0x03, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x00,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x00, 0x00,
	0x18, 0x00, 0x00, 0x00,
	/* SPB at 72: origlen 3 */
	0x03, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00,
	0x03, 0x00, 0x00, 0x00,
	0x0a, 0x0b, 0x0c, 0x00,
	0x14, 0x00, 0x00, 0x00,
};

static void
test_pcapng_spb(void **state)
{
	static const uint8_t d1[] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t d2[] = { 0x0a, 0x0b, 0x0c };
	char err[256];
	struct sv_packet p;
	(void)state;

	uint8_t *copy = heap_copy(spb_file, sizeof(spb_file));
	struct sv_capreader *r = sv_capreader_open_mem(copy, sizeof(spb_file),
	    err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 1);
	assert_int_equal(p.caplen, 6);
	assert_int_equal(p.origlen, 10);
	assert_int_equal(p.ts_ns, 0);
	assert_int_equal(p.linktype, SV_LINK_ETHERNET);
	assert_memory_equal(p.data, d1, 6);
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 1);
	assert_int_equal(p.caplen, 3);
	assert_int_equal(p.origlen, 3);
	assert_memory_equal(p.data, d2, 3);
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 0);
	sv_capreader_free(r);
	free(copy);
}

/*
 * Little-endian. SHB; IDB: raw IP (101), snaplen 0 (none), no options;
 * obsolete Packet Block (type 2, 52 bytes): interface 0, 5 drops,
 * timestamp 1000 µs, caplen 5, origlen 5, 45 00 00 05 99 plus 3 bytes of
 * padding, opt_comment "pb", opt_endofopt.
 */
static const uint8_t pb_file[] = {
	0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0x00, 0x00, 0x00,
	0x4d, 0x3c, 0x2b, 0x1a, 0x01, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x1c, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00,
	0x65, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x14, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x34, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x05, 0x00,
	0x00, 0x00, 0x00, 0x00, 0xe8, 0x03, 0x00, 0x00,
	0x05, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00,
	0x45, 0x00, 0x00, 0x05, 0x99, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x02, 0x00, 'p', 'b', 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0x34, 0x00, 0x00, 0x00,
};

static void
test_pcapng_obsolete_pb(void **state)
{
	static const uint8_t d[] = { 0x45, 0x00, 0x00, 0x05, 0x99 };
	char err[256];
	struct sv_packet p;
	(void)state;

	uint8_t *copy = heap_copy(pb_file, sizeof(pb_file));
	struct sv_capreader *r = sv_capreader_open_mem(copy, sizeof(pb_file),
	    err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 1);
	assert_int_equal(p.ts_ns, 1000000);
	assert_int_equal(p.caplen, 5);
	assert_int_equal(p.origlen, 5);
	assert_int_equal(p.linktype, SV_LINK_RAW);
	assert_memory_equal(p.data, d, 5);
	assert_string_equal(p.comment, "pb");
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 0);
	sv_capreader_free(r);
	free(copy);
}

/*
 * Little-endian. SHB; IDB Ethernet; a block of type 0x12345678 with 8
 * bytes of body; an Interface Statistics Block (type 5, 24 bytes:
 * interface 0, timestamp 0); a custom block 0x40000BAD (PEN 32473); an
 * EPB: interface 0, timestamp 0, caplen 2 origlen 2, 77 88 + padding.
 */
static const uint8_t unknown_file[] = {
	0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0x00, 0x00, 0x00,
	0x4d, 0x3c, 0x2b, 0x1a, 0x01, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x1c, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x14, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00,
	0x14, 0x00, 0x00, 0x00,
	0x78, 0x56, 0x34, 0x12, 0x14, 0x00, 0x00, 0x00,
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x14, 0x00, 0x00, 0x00,
	0x05, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00,
	0xad, 0x0b, 0x00, 0x40, 0x10, 0x00, 0x00, 0x00,
	0xd9, 0x7e, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00,
	0x06, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x77, 0x88, 0x00, 0x00,
	0x24, 0x00, 0x00, 0x00,
};

static void
test_pcapng_unknown_blocks_skipped(void **state)
{
	char err[256];
	struct sv_packet p;
	(void)state;

	uint8_t *copy = heap_copy(unknown_file, sizeof(unknown_file));
	struct sv_capreader *r = sv_capreader_open_mem(copy,
	    sizeof(unknown_file), err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 1);
	assert_int_equal(p.caplen, 2);
	assert_int_equal(p.data[0], 0x77);
	assert_int_equal(p.data[1], 0x88);
	assert_int_equal(sv_capreader_offset(r), sizeof(unknown_file));
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 0);
	sv_capreader_free(r);
	free(copy);

	/* The same from a FILE, where skipping reads instead of jumping. */
	FILE *fp = file_of(unknown_file, sizeof(unknown_file));
	struct outcome o = read_file(fp);
	fclose(fp);
	assert_int_equal(o.npk, 1);
	assert_int_equal(o.rc, 0);
}

/*
 * Little-endian. SHB; IDB (40 bytes): Ethernet, no snaplen, if_name
 * "eth0x" (5 bytes + 3 padding), if_tsresol 3 (ms), no opt_endofopt;
 * EPB (64 bytes): interface 0, timestamp 2 ms, caplen 1 origlen 1, 42 + 3
 * padding, an unknown option 0x8001 of 1 byte (+3), opt_comment "abc"
 * (+1), a second opt_comment "zz" (ignored), opt_endofopt.
 */
static const uint8_t padding_file[] = {
	0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0x00, 0x00, 0x00,
	0x4d, 0x3c, 0x2b, 0x1a, 0x01, 0x00, 0x00, 0x00,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x1c, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x05, 0x00, 'e', 't', 'h', '0', 'x', 0x00, 0x00, 0x00,
	0x09, 0x00, 0x01, 0x00, 0x03, 0x00, 0x00, 0x00,
	0x28, 0x00, 0x00, 0x00,
	0x06, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x42, 0x00, 0x00, 0x00,
	0x01, 0x80, 0x01, 0x00, 0xff, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x03, 0x00, 'a', 'b', 'c', 0x00,
	0x01, 0x00, 0x02, 0x00, 'z', 'z', 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00,
	0x40, 0x00, 0x00, 0x00,
};

static void
test_pcapng_options_padding(void **state)
{
	char err[256];
	struct sv_packet p;
	(void)state;

	uint8_t *copy = heap_copy(padding_file, sizeof(padding_file));
	struct sv_capreader *r = sv_capreader_open_mem(copy,
	    sizeof(padding_file), err, sizeof(err));
	assert_non_null(r);
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 1);
	assert_int_equal(p.ts_ns, 2000000);
	assert_int_equal(p.caplen, 1);
	assert_int_equal(p.data[0], 0x42);
	assert_string_equal(p.comment, "abc");
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), 0);
	sv_capreader_free(r);
	free(copy);

	/* Comments of every length modulo 4, before and after an unknown
	 * option, in both byte orders. */
	static const char *const texts[] = { "", "a", "ab", "abc", "abcd",
	    "abcde", NULL };
	const size_t ntexts = NELEM(texts) - 1;
	for (int be = 0; be < 2; be++) {
		struct nb b;
		memset(&b, 0, sizeof(b));
		b.be = be;
		nb_shb(&b, texts);
		nb_idb(&b, 1, 0, -1, 0);
		for (size_t i = 0; i < ntexts; i++)
			nb_epb(&b, 0, i, payload, (uint32_t)i, 64,
			    texts[i]);
		copy = heap_copy(b.d, b.n);
		r = sv_capreader_open_mem(copy, b.n, err, sizeof(err));
		assert_non_null(r);
		const char *const *com;
		assert_int_equal(sv_capreader_section_comments(r, &com),
		    ntexts);
		for (size_t i = 0; i < ntexts; i++) {
			assert_string_equal(com[i], texts[i]);
			assert_int_equal(sv_capreader_next(r, &p, err,
			    sizeof(err)), 1);
			assert_int_equal(p.caplen, i);
			assert_int_equal(p.origlen, 64);
			assert_non_null(p.comment);
			assert_string_equal(p.comment, texts[i]);
		}
		assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)),
		    0);
		sv_capreader_free(r);
		free(copy);
	}
}

/* ---- damage ---------------------------------------------------------- */

/*
 * Cut a valid file at every byte. Before the end of the file header,
 * open fails; later, the reader yields every packet whose block is whole
 * and then ends cleanly if the cut falls between blocks, or fails naming
 * a byte if it falls inside one.
 */
static void
cut_everywhere(const uint8_t *buf, size_t len, const size_t *marks,
    const int *npk_at, size_t nmarks, int via_file)
{
	for (size_t cut = 0; cut <= len; cut++) {
		struct outcome o;
		if (via_file) {
			FILE *fp = file_of(buf, cut);
			o = read_file(fp);
			fclose(fp);
		} else {
			o = read_mem(buf, cut);
		}

		if (cut < marks[0]) {
			assert_false(o.opened);
			assert_non_null(strstr(o.err, "byte "));
			continue;
		}
		size_t k = 0;
		while (k + 1 < nmarks && marks[k + 1] <= cut)
			k++;
		if (!o.opened || o.npk != npk_at[k])
			print_error("cut at %zu: %s, %d packets (%s)\n", cut,
			    o.opened ? "opened" : "not opened", o.npk, o.err);
		assert_true(o.opened);
		assert_int_equal(o.npk, npk_at[k]);
		if (cut == marks[k]) {
			assert_int_equal(o.rc, 0);
		} else {
			assert_int_equal(o.rc, -1);
			assert_true(strncmp(o.err, "byte ", 5) == 0);
		}
	}
}

static void
test_truncation_everywhere(void **state)
{
	struct written w;
	struct nb b;
	(void)state;

	write_sample(&w);
	cut_everywhere((uint8_t *)w.buf, w.len, w.marks, w.npk_at, w.nmarks,
	    0);
	cut_everywhere((uint8_t *)w.buf, w.len, w.marks, w.npk_at, w.nmarks,
	    1);
	free(w.buf);

	build_two_sections(&b);
	cut_everywhere(b.d, b.n, b.marks, b.npk_at, b.nmarks, 0);

	/* classic pcap: header, then three records */
	static const size_t pmarks[] = { 24, 84, 100, 160 };
	static const int pnpk[] = { 0, 1, 2, 3 };
	uint8_t pcap[160];
	memcpy(pcap, pcap_le_us, 24);
	for (size_t i = 0, off = 24; i < 3; i++) {
		uint32_t caplen = i == 1 ? 0 : 44;
		uint32_t rec[4] = { 1700000000, (uint32_t)i, caplen, caplen };
		memcpy(pcap + off, rec, 16);    /* host order: little */
		memcpy(pcap + off + 16, payload, caplen);
		off += 16 + caplen;
	}
	cut_everywhere(pcap, sizeof(pcap), pmarks, pnpk, NELEM(pmarks), 0);
	cut_everywhere(pcap, sizeof(pcap), pmarks, pnpk, NELEM(pmarks), 1);
}

/* After an error every call fails the same way; after the end, ends. */
static void
test_errors_stick(void **state)
{
	char err[256], err2[256];
	struct sv_packet p;
	(void)state;

	/* the LE µs file with its record cut to 7 bytes */
	uint8_t *copy = heap_copy(pcap_le_us, 31);
	struct sv_capreader *r = sv_capreader_open_mem(copy, 31, err,
	    sizeof(err));
	assert_non_null(r);
	assert_int_equal(sv_capreader_next(r, &p, err, sizeof(err)), -1);
	assert_string_equal(err, "byte 24: record header cut short: "
	    "16 bytes expected, 7 found");
	assert_int_equal(sv_capreader_next(r, &p, err2, sizeof(err2)), -1);
	assert_string_equal(err, err2);
	assert_int_equal(sv_capreader_next(r, &p, NULL, 0), -1);
	sv_capreader_free(r);
	free(copy);

	/* no error buffer at all, and a short one */
	assert_null(sv_capreader_open_mem(pcap_le_us, 3, NULL, 0));
	char tiny[8];
	assert_null(sv_capreader_open_mem(pcap_le_us, 3, tiny, sizeof(tiny)));
	assert_string_equal(tiny, "byte 0:");
}

/* Every file in tests/captures/broken, as EXPECT says. */
static void
test_broken_corpus(void **state)
{
	const char *root = getenv("SOCKVIZ_TESTDATA");
	char dir[4096], path[8192], line[1024];
	(void)state;

	if (root == NULL) {
		print_message("SOCKVIZ_TESTDATA is not set (ctest sets it to "
		    "the tests directory); cannot find captures/broken\n");
		skip();
	}
	snprintf(dir, sizeof(dir), "%s/captures/broken", root);
	snprintf(path, sizeof(path), "%s/EXPECT", dir);
	FILE *ex = fopen(path, "r");
	if (ex == NULL)
		fail_msg("cannot open %s", path);

	char listed[128][128];
	size_t nlisted = 0;
	while (fgets(line, sizeof(line), ex) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		char name[128], kind[16];
		int n = 0, used = 0;
		if (sscanf(line, "%127s %15s %n", name, kind, &used) != 2)
			fail_msg("EXPECT: bad line: %s", line);
		const char *rest = line + used;
		if (strcmp(kind, "ok") == 0 || strcmp(kind, "partial") == 0) {
			int used2 = 0;
			if (sscanf(rest, "%d %n", &n, &used2) != 1)
				fail_msg("EXPECT: no count: %s", line);
			rest += used2;
		} else if (strcmp(kind, "error") != 0) {
			fail_msg("EXPECT: unknown outcome: %s", line);
		}
		assert_true(nlisted < NELEM(listed));
		snprintf(listed[nlisted++], sizeof(listed[0]), "%s", name);

		snprintf(path, sizeof(path), "%s/%s", dir, name);
		FILE *fp = fopen(path, "rb");
		if (fp == NULL)
			fail_msg("cannot open %s", path);
		uint8_t buf[65536];
		size_t len = fread(buf, 1, sizeof(buf), fp);
		rewind(fp);

		struct outcome both[2];
		both[0] = read_file(fp);
		both[1] = read_mem(buf, len);
		fclose(fp);
		for (int i = 0; i < 2; i++) {
			struct outcome *o = &both[i];
			const char *how = i ? "memory" : "FILE";
			int good;
			if (strcmp(kind, "ok") == 0)
				good = o->opened && o->rc == 0 && o->npk == n;
			else
				good = o->rc == -1 && o->npk == n &&
				    strncmp(o->err, "byte ", 5) == 0 &&
				    strstr(o->err, rest) != NULL;
			if (!good)
				fail_msg("%s (from %s): expected %s %d \"%s\", "
				    "got %d packets, %s: %s", name, how, kind,
				    n, rest, o->npk,
				    !o->opened ? "not opened" :
				    o->rc == 0 ? "clean end" : "error", o->err);
		}
	}
	fclose(ex);
	assert_true(nlisted >= 20);

	/* ... and no file without a line. */
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *de;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "EXPECT") == 0)
			continue;
		size_t i = 0;
		while (i < nlisted && strcmp(listed[i], de->d_name) != 0)
			i++;
		if (i == nlisted)
			fail_msg("%s/%s has no line in EXPECT", dir,
			    de->d_name);
	}
	closedir(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pcapng_roundtrip),
		cmocka_unit_test(test_pcapng_write_layout),
		cmocka_unit_test(test_pcapng_long_comment),
		cmocka_unit_test(test_pcap_four_magics),
		cmocka_unit_test(test_pcapng_two_sections),
		cmocka_unit_test(test_pcapng_interfaces_reset),
		cmocka_unit_test(test_pcapng_resolutions),
		cmocka_unit_test(test_pcapng_spb),
		cmocka_unit_test(test_pcapng_obsolete_pb),
		cmocka_unit_test(test_pcapng_unknown_blocks_skipped),
		cmocka_unit_test(test_pcapng_options_padding),
		cmocka_unit_test(test_truncation_everywhere),
		cmocka_unit_test(test_errors_stick),
		cmocka_unit_test(test_broken_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
