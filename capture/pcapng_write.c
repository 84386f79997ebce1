/*
 * Writing pcapng: one section header block, interface description blocks
 * with nanosecond resolution, enhanced packet blocks. Fields are in host
 * byte order; the byte-order magic tells readers which that is. The block
 * layouts are drawn in pcapng_read.c.
 */
#include "capture/capfile.h"

#include <errno.h>
#include <string.h>

enum {
	BT_SHB = 0x0A0D0D0A,
	BT_IDB = 1,
	BT_EPB = 6,
	OPT_ENDOFOPT = 0,
	OPT_COMMENT = 1,
	OPT_SHB_USERAPPL = 4,
	OPT_IF_NAME = 2,
	OPT_IF_TSRESOL = 9,
};

#define OPT_MAX SV_PCAPNG_OPT_MAX

static size_t
pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

/*
 * How much of s one option can carry: all of it, or up to 65535 bytes cut
 * at a UTF-8 character boundary (a continuation byte is 10xxxxxx).
 */
static size_t
opt_len(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	if (n <= OPT_MAX)
		return n;
	n = OPT_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/* Bytes an option with a value of n bytes takes, header and padding. */
static size_t
opt_size(size_t n)
{
	return 4 + pad4(n);
}

static int
put(FILE *fp, const void *b, size_t n)
{
	return n == 0 || fwrite(b, n, 1, fp) == 1 ? 0 : -1;
}

static int
put16(FILE *fp, uint16_t v)
{
	return put(fp, &v, 2);
}

static int
put32(FILE *fp, uint32_t v)
{
	return put(fp, &v, 4);
}

static int
put_option(FILE *fp, uint16_t code, const void *val, size_t n)
{
	static const uint8_t zero[3];

	if (put16(fp, code) < 0 || put16(fp, (uint16_t)n) < 0 ||
	    put(fp, val, n) < 0)
		return -1;
	return put(fp, zero, pad4(n) - n);
}

int
sv_pcapng_write_shb(FILE *fp, const char *const *comments, size_t n,
    const char *userappl)
{
	size_t total = 28 + 4;  /* frame, fixed fields, opt_endofopt */
	size_t ua = opt_len(userappl);

	for (size_t i = 0; i < n; i++)
		if (opt_len(comments[i]) > 0)
			total += opt_size(opt_len(comments[i]));
	if (ua > 0)
		total += opt_size(ua);
	if (total > UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}

	int64_t seclen = -1;    /* not known while streaming */
	if (put32(fp, BT_SHB) < 0 || put32(fp, (uint32_t)total) < 0 ||
	    put32(fp, 0x1A2B3C4D) < 0 || put16(fp, 1) < 0 ||
	    put16(fp, 0) < 0 || put(fp, &seclen, 8) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t len = opt_len(comments[i]);
		if (len > 0 && put_option(fp, OPT_COMMENT, comments[i],
		    len) < 0)
			return -1;
	}
	if (ua > 0 && put_option(fp, OPT_SHB_USERAPPL, userappl, ua) < 0)
		return -1;
	if (put_option(fp, OPT_ENDOFOPT, NULL, 0) < 0)
		return -1;
	return put32(fp, (uint32_t)total);
}

int
sv_pcapng_write_idb(FILE *fp, uint32_t linktype, uint32_t snaplen,
    const char *ifname)
{
	size_t name = opt_len(ifname);
	size_t total = 20 + opt_size(1) + 4;
	uint8_t tsresol = 9;    /* 10^-9 s: nanoseconds */

	if (linktype > 0xffff) {        /* the field is 16 bits */
		errno = EINVAL;
		return -1;
	}
	if (name > 0)
		total += opt_size(name);
	if (put32(fp, BT_IDB) < 0 || put32(fp, (uint32_t)total) < 0 ||
	    put16(fp, (uint16_t)linktype) < 0 || put16(fp, 0) < 0 ||
	    put32(fp, snaplen) < 0)
		return -1;
	if (name > 0 && put_option(fp, OPT_IF_NAME, ifname, name) < 0)
		return -1;
	if (put_option(fp, OPT_IF_TSRESOL, &tsresol, 1) < 0 ||
	    put_option(fp, OPT_ENDOFOPT, NULL, 0) < 0)
		return -1;
	return put32(fp, (uint32_t)total);
}

int
sv_pcapng_write_epb(FILE *fp, uint32_t ifid, const struct sv_packet *p,
    const char *comment)
{
	static const uint8_t zero[3];
	size_t com = opt_len(comment);
	uint64_t total = 32 + (uint64_t)pad4(p->caplen);

	/* With no if_tsoffset the stamp is an unsigned count from 1970. */
	if (p->ts_ns < 0) {
		errno = ERANGE;
		return -1;
	}
	if (com > 0)
		total += opt_size(com) + 4;
	if (total > UINT32_MAX) {
		errno = EOVERFLOW;
		return -1;
	}

	uint64_t ts = (uint64_t)p->ts_ns;
	if (put32(fp, BT_EPB) < 0 || put32(fp, (uint32_t)total) < 0 ||
	    put32(fp, ifid) < 0 || put32(fp, (uint32_t)(ts >> 32)) < 0 ||
	    put32(fp, (uint32_t)ts) < 0 || put32(fp, p->caplen) < 0 ||
	    put32(fp, p->origlen) < 0 || put(fp, p->data, p->caplen) < 0 ||
	    put(fp, zero, pad4(p->caplen) - p->caplen) < 0)
		return -1;
	if (com > 0 && (put_option(fp, OPT_COMMENT, comment, com) < 0 ||
	    put_option(fp, OPT_ENDOFOPT, NULL, 0) < 0))
		return -1;
	return put32(fp, (uint32_t)total);
}
