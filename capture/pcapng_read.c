/*
 * Reading pcapng files (draft-ietf-opsawg-pcapng).
 *
 * A file is a run of blocks. Every block has the same frame, its fields in
 * the byte order of the section it belongs to:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                          block type                           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                      block total length                       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   /                  body (a multiple of 4 bytes)                 /
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |              block total length, again                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Section header block (type 0x0A0D0D0A), which starts each section and
 * sets its byte order; the interfaces that follow belong to it alone:
 *
 *   | byte-order magic 0x1A2B3C4D | major 1 | minor 0 |
 *   | section length (64 bits, -1 when unknown) | options ... |
 *
 * Interface description block (type 1):
 *
 *   | link type (16) | reserved (16) | snap length (32) | options ... |
 *
 *   if_tsresol (option 9, one byte): timestamps count units of 10^-v
 *   seconds, or 2^-(v & 0x7f) when the high bit is set; 10^-6 if absent.
 *   if_tsoffset (option 14, 64 bits signed): seconds to add to each.
 *
 * Enhanced packet block (type 6), and the obsolete packet block (type 2),
 * the same but for a 16-bit interface id and a 16-bit drop count:
 *
 *   | interface id (32) | timestamp high (32) | timestamp low (32) |
 *   | captured length | original length | data, padded to 4 | options |
 *
 * Simple packet block (type 3): no timestamp, interface 0, and a length
 * that has to be worked out:
 *
 *   | original length | data, padded to 4 |
 *
 * Options, in every block that has them:
 *
 *   | option code (16) | value length (16) | value, padded to 4 ... |
 *
 * ending with opt_endofopt (code 0) or the end of the body. opt_comment
 * (code 1) is UTF-8 text. Every other block type, custom blocks (0xBAD,
 * 0x40000BAD) included, is skipped by its length.
 */
#include <stdlib.h>
#include <string.h>

#include "capture/capfile_internal.h"

enum {
	BT_SHB = 0x0A0D0D0A,
	BT_IDB = 1,
	BT_PB = 2,
	BT_SPB = 3,
	BT_EPB = 6,
};

enum {
	OPT_ENDOFOPT = 0,
	OPT_COMMENT = 1,
	OPT_IF_TSRESOL = 9,
	OPT_IF_TSOFFSET = 14,
};

/* Smallest total length of each block we read: frame plus fixed fields. */
#define SHB_MIN 28
#define IDB_MIN 20
#define PB_MIN 32
#define SPB_MIN 16
#define BLOCK_MIN 12

static const uint8_t shb_type[4] = { 0x0a, 0x0d, 0x0d, 0x0a };

/* ---- section state --------------------------------------------------- */

static void
drop_comments(struct sv_pcapng_state *ng)
{
	for (size_t i = 0; i < ng->ncomments; i++)
		free(ng->comments[i]);
	ng->ncomments = 0;
}

void
sv_pcapng_release(struct sv_capreader *r)
{
	drop_comments(&r->ng);
	free(r->ng.comments);
	free(r->ng.ifs);
	memset(&r->ng, 0, sizeof(r->ng));
}

static int
add_comment(struct sv_pcapng_state *ng, const uint8_t *s, size_t len)
{
	if (ng->ncomments == ng->comcap) {
		size_t ncap = ng->comcap ? ng->comcap * 2 : 4;
		char **nv = realloc(ng->comments, ncap * sizeof(*nv));
		if (nv == NULL)
			return -1;
		ng->comments = nv;
		ng->comcap = ncap;
	}
	char *c = malloc(len + 1);
	if (c == NULL)
		return -1;
	if (len > 0)
		memcpy(c, s, len);
	c[len] = '\0';
	ng->comments[ng->ncomments++] = c;
	return 0;
}

static struct sv_ngif *
add_interface(struct sv_pcapng_state *ng)
{
	if (ng->nifs == ng->ifcap) {
		size_t ncap = ng->ifcap ? ng->ifcap * 2 : 4;
		struct sv_ngif *nv = realloc(ng->ifs, ncap * sizeof(*nv));
		if (nv == NULL)
			return NULL;
		ng->ifs = nv;
		ng->ifcap = ncap;
	}
	struct sv_ngif *ifc = &ng->ifs[ng->nifs++];
	memset(ifc, 0, sizeof(*ifc));
	ifc->tsres_exp = 6;
	return ifc;
}

/* ---- blocks and options ---------------------------------------------- */

/* Check a block's total length (the field at off + 4). */
static int
check_length(struct sv_capreader *r, uint64_t off, uint32_t len,
    uint32_t min, const char *name)
{
	if (len < min)
		return sv_cap_fail(r, off + 4, "%s length %u is too short: "
		    "at least %u expected", name, len, min);
	if (len % 4 != 0)
		return sv_cap_fail(r, off + 4, "%s length %u is not a "
		    "multiple of 4", name, len);
	if (len > SV_CAP_MAX_BLOCK)
		return sv_cap_fail(r, off + 4, "%s length %u exceeds the "
		    "%u MiB limit", name, len, SV_CAP_MAX_BLOCK >> 20);
	return 0;
}

/*
 * The rest of a block whose 8- (or, for a section header, 12-) byte
 * header has been read: `have` bytes of it. Checks the trailing length and
 * leaves *body on the bytes between the fixed header and the trailer.
 */
static int
read_rest(struct sv_capreader *r, uint64_t off, uint32_t len, size_t have,
    int be, const char *name, struct sv_cursor *body)
{
	const uint8_t *v;
	size_t got, want = len - have;

	if (sv_cap_read(r, want, &v, &got) < 0)
		return -1;
	if (got < want)
		return sv_cap_fail(r, off, "%s cut short: %u bytes expected, "
		    "%zu found", name, len, have + got);

	struct sv_cursor t = sv_cursor_init(v + want - 4, 4);
	uint32_t trailer;
	(void)sv_cap_get32(&t, be, &trailer);
	if (trailer != len)
		return sv_cap_fail(r, off + len - 4, "%s trailer says length "
		    "%u, the header said %u", name, trailer, len);
	*body = sv_cursor_init(v, want - 4);
	return 0;
}

struct optiter {
	struct sv_cursor c;
	uint64_t off;            /* file offset of the next option */
	int be;
	uint64_t at;             /* file offset of the option returned */
};

/* 1 with an option, 0 at the end of the options, -1 on damage. */
static int
next_option(struct sv_capreader *r, struct optiter *it, uint16_t *code,
    const uint8_t **val, uint16_t *len)
{
	it->at = it->off;
	if (it->c.len == 0)
		return 0;
	if (it->c.len < 4)
		return sv_cap_fail(r, it->off, "option header cut short: "
		    "4 bytes expected, %zu left in the block", it->c.len);
	(void)sv_cap_get16(&it->c, it->be, code);
	(void)sv_cap_get16(&it->c, it->be, len);
	if (*code == OPT_ENDOFOPT)
		return 0;

	size_t padded = ((size_t)*len + 3) & ~(size_t)3;
	if (padded > it->c.len)
		return sv_cap_fail(r, it->off, "option %u of %u bytes "
		    "overruns the block: %zu bytes left", *code, *len,
		    it->c.len);
	*val = it->c.p;
	(void)sv_skip(&it->c, padded);
	it->off += 4 + padded;
	return 1;
}

/* ---- timestamps ------------------------------------------------------ */

/*
 * t units of the interface's resolution, plus its offset, in ns, exactly
 * (rounded down when the resolution is finer than 1 ns or a power of 2).
 * t < 2^64 and 10^9 < 2^30, so every product fits 128 bits.
 */
static int
stamp_ns(struct sv_capreader *r, uint64_t off, const struct sv_ngif *ifc,
    uint64_t t, int64_t *out)
{
	unsigned __int128 ns = (unsigned __int128)t * 1000000000u;

	if (ifc->tsres_pow2) {
		ns = ifc->tsres_exp < 128 ? ns >> ifc->tsres_exp : 0;
	} else if (ifc->tsres_exp <= 9) {
		ns = t;
		for (unsigned i = ifc->tsres_exp; i < 9; i++)
			ns *= 10;
	} else {
		/* t * 10^9 < 10^29: any finer resolution gives 0. */
		unsigned __int128 div = 1;
		for (unsigned i = 0; i < ifc->tsres_exp && i < 30; i++)
			div *= 10;
		ns /= div;
	}
	__int128 total = (__int128)ns + (__int128)ifc->tsoffset * 1000000000;
	if (total > INT64_MAX || total < INT64_MIN)
		return sv_cap_fail(r, off, "timestamp %llu in units of "
		    "%s%u s (offset %lld s) is beyond what 64-bit "
		    "nanoseconds hold", (unsigned long long)t,
		    ifc->tsres_pow2 ? "2^-" : "10^-", ifc->tsres_exp,
		    (long long)ifc->tsoffset);
	*out = (int64_t)total;
	return 0;
}

/* ---- the blocks we read ---------------------------------------------- */

/* A section header block at off, its type already consumed. */
static int
read_shb(struct sv_capreader *r, uint64_t off)
{
	struct sv_pcapng_state *ng = &r->ng;
	const uint8_t *v;
	size_t got;

	if (sv_cap_read(r, 8, &v, &got) < 0)
		return -1;
	if (got < 8)
		return sv_cap_fail(r, off, "section header block cut short: "
		    "12 bytes expected, %zu found", 4 + got);

	struct sv_cursor c = sv_cursor_init(v, got);
	uint8_t lenb[4];
	uint32_t bom = 0, len;
	(void)sv_get_bytes(&c, lenb, 4);
	(void)sv_get_be32(&c, &bom);
	if (bom == 0x1A2B3C4D)
		ng->be = 1;
	else if (bom == 0x4D3C2B1A)
		ng->be = 0;
	else
		return sv_cap_fail(r, off + 8, "byte-order magic 0x1a2b3c4d "
		    "expected (in either byte order), found 0x%08x", bom);
	c = sv_cursor_init(lenb, 4);
	(void)sv_cap_get32(&c, ng->be, &len);
	if (check_length(r, off, len, SHB_MIN, "section header block") < 0)
		return -1;

	struct sv_cursor body;
	if (read_rest(r, off, len, 12, ng->be, "section header block",
	    &body) < 0)
		return -1;

	uint16_t major, minor;
	uint64_t seclen;
	(void)sv_cap_get16(&body, ng->be, &major);
	(void)sv_cap_get16(&body, ng->be, &minor);
	(void)sv_cap_get64(&body, ng->be, &seclen);
	if (major != 1)
		return sv_cap_fail(r, off + 12, "pcapng version 1.x expected, "
		    "found %u.%u", major, minor);

	/* A new section: its own interfaces, its own comments. */
	ng->nifs = 0;
	drop_comments(ng);

	struct optiter it = { body, off + 24, ng->be, 0 };
	uint16_t code = 0, olen = 0;
	const uint8_t *val = NULL;
	int rc;
	while ((rc = next_option(r, &it, &code, &val, &olen)) > 0)
		if (code == OPT_COMMENT && add_comment(ng, val, olen) < 0)
			return sv_cap_fail(r, off, "out of memory for a "
			    "section comment of %u bytes", olen);
	return rc;
}

static int
read_idb(struct sv_capreader *r, uint64_t off, struct sv_cursor body)
{
	struct sv_pcapng_state *ng = &r->ng;
	uint16_t linktype, reserved;
	uint32_t snaplen;

	(void)sv_cap_get16(&body, ng->be, &linktype);
	(void)sv_cap_get16(&body, ng->be, &reserved);
	(void)sv_cap_get32(&body, ng->be, &snaplen);

	struct sv_ngif *ifc = add_interface(ng);
	if (ifc == NULL)
		return sv_cap_fail(r, off, "out of memory for interface %zu",
		    ng->nifs);
	ifc->linktype = linktype;
	ifc->snaplen = snaplen;

	struct optiter it = { body, off + 16, ng->be, 0 };
	uint16_t code = 0, olen = 0;
	const uint8_t *val = NULL;
	int rc;
	while ((rc = next_option(r, &it, &code, &val, &olen)) > 0) {
		if (code == OPT_IF_TSRESOL) {
			if (olen != 1)
				return sv_cap_fail(r, it.at, "if_tsresol "
				    "option of 1 byte expected, %u found",
				    olen);
			ifc->tsres_pow2 = (val[0] & 0x80) != 0;
			ifc->tsres_exp = val[0] & 0x7f;
		} else if (code == OPT_IF_TSOFFSET) {
			if (olen != 8)
				return sv_cap_fail(r, it.at, "if_tsoffset "
				    "option of 8 bytes expected, %u found",
				    olen);
			struct sv_cursor oc = sv_cursor_init(val, 8);
			uint64_t secs;
			(void)sv_cap_get64(&oc, ng->be, &secs);
			ifc->tsoffset = (int64_t)secs;
		}
	}
	return rc;
}

/* An enhanced (type 6) or obsolete (type 2) packet block. */
static int
read_epb(struct sv_capreader *r, uint64_t off, uint32_t len,
    struct sv_cursor body, int obsolete, struct sv_packet *p)
{
	struct sv_pcapng_state *ng = &r->ng;
	uint32_t ifid, hi, lo, caplen, origlen;

	if (obsolete) {
		uint16_t id16, drops;
		(void)sv_cap_get16(&body, ng->be, &id16);
		(void)sv_cap_get16(&body, ng->be, &drops);
		ifid = id16;
	} else {
		(void)sv_cap_get32(&body, ng->be, &ifid);
	}
	(void)sv_cap_get32(&body, ng->be, &hi);
	(void)sv_cap_get32(&body, ng->be, &lo);
	(void)sv_cap_get32(&body, ng->be, &caplen);
	(void)sv_cap_get32(&body, ng->be, &origlen);

	const char *name = obsolete ? "packet block" : "enhanced packet block";
	if (ifid >= ng->nifs)
		return sv_cap_fail(r, off + 8, "%s names interface %u, but "
		    "the section describes %zu", name, ifid, ng->nifs);
	const struct sv_ngif *ifc = &ng->ifs[ifid];
	if (sv_cap_check_caplen(r, off + 20, caplen, ifc->snaplen) < 0)
		return -1;
	uint64_t padded = ((uint64_t)caplen + 3) & ~3ull;
	if (padded > body.len)
		return sv_cap_fail(r, off + 20, "captured length %u overruns "
		    "the %u-byte %s: room for %zu bytes of data", caplen, len,
		    name, body.len);
	if (stamp_ns(r, off + 12, ifc, (uint64_t)hi << 32 | lo,
	    &p->ts_ns) < 0)
		return -1;
	p->data = (uint8_t *)body.p;
	(void)sv_skip(&body, (size_t)padded);

	struct optiter it = { body, off + 28 + padded, ng->be, 0 };
	uint16_t code = 0, olen = 0;
	const uint8_t *val = NULL;
	int rc, have_comment = 0;
	while ((rc = next_option(r, &it, &code, &val, &olen)) > 0) {
		if (code != OPT_COMMENT || have_comment)
			continue;
		if (sv_cap_set_comment(r, val, olen) < 0)
			return sv_cap_fail(r, off, "out of memory for a "
			    "comment of %u bytes", olen);
		have_comment = 1;
	}
	if (rc < 0)
		return -1;

	p->caplen = caplen;
	p->origlen = origlen;
	p->linktype = ifc->linktype;
	p->ifindex = ifid;
	p->comment = have_comment ? r->comment : NULL;
	return 1;
}

static int
read_spb(struct sv_capreader *r, uint64_t off, struct sv_cursor body,
    struct sv_packet *p)
{
	struct sv_pcapng_state *ng = &r->ng;
	uint32_t origlen;

	if (ng->nifs == 0)
		return sv_cap_fail(r, off, "simple packet block needs "
		    "interface 0, but the section describes none");
	const struct sv_ngif *ifc = &ng->ifs[0];
	(void)sv_cap_get32(&body, ng->be, &origlen);

	/* The block does not say how much it holds: the smaller of the
	 * frame and the snap length, and never more than the body. */
	uint64_t caplen = origlen;
	if (ifc->snaplen > 0 && ifc->snaplen < caplen)
		caplen = ifc->snaplen;
	if (body.len < caplen)
		caplen = body.len;
	if (sv_cap_check_caplen(r, off + 8, (uint32_t)caplen,
	    ifc->snaplen) < 0)
		return -1;

	p->ts_ns = 0;
	p->caplen = (uint32_t)caplen;
	p->origlen = origlen;
	p->linktype = ifc->linktype;
	p->ifindex = 0;
	p->data = (uint8_t *)body.p;
	p->comment = NULL;
	return 1;
}

/* A block we do not read: step over its body, then check its trailer. */
static int
skip_block(struct sv_capreader *r, uint64_t off, uint32_t type,
    uint32_t len)
{
	const uint8_t *v = NULL;
	uint64_t got;
	size_t tgot;

	if (sv_src_skip(&r->src, len - 12, &got) < 0)
		return -1;
	if (got == len - 12) {
		if (sv_cap_read(r, 4, &v, &tgot) < 0)
			return -1;
		got += tgot;
	}
	if (got < (uint64_t)len - 8) {
		if (r->src.ioerr)
			return sv_cap_fail(r, r->src.off, "read error: %s",
			    strerror(r->src.ioerr));
		return sv_cap_fail(r, off, "block of type 0x%08x cut short: "
		    "%u bytes expected, %llu found", type, len,
		    (unsigned long long)(8 + got));
	}

	struct sv_cursor t = sv_cursor_init(v, 4);
	uint32_t trailer;
	(void)sv_cap_get32(&t, r->ng.be, &trailer);
	if (trailer != len)
		return sv_cap_fail(r, off + len - 4, "block of type 0x%08x: "
		    "trailer says length %u, the header said %u", type,
		    trailer, len);
	return 0;
}

/* ---- the backend ----------------------------------------------------- */

int
sv_pcapng_open(struct sv_capreader *r)
{
	return read_shb(r, 0);
}

int
sv_pcapng_next(struct sv_capreader *r, struct sv_packet *p)
{
	struct sv_pcapng_state *ng = &r->ng;

	for (;;) {
		uint64_t off = r->src.off;
		const uint8_t *v;
		size_t got;

		if (sv_cap_read(r, 4, &v, &got) < 0)
			return -1;
		if (got == 0)
			return 0;
		if (got < 4)
			return sv_cap_fail(r, off, "block header cut short: "
			    "8 bytes expected, %zu found", got);
		if (memcmp(v, shb_type, 4) == 0) {
			if (read_shb(r, off) < 0)
				return -1;
			continue;
		}

		uint8_t typeb[4];
		memcpy(typeb, v, 4);
		if (sv_cap_read(r, 4, &v, &got) < 0)
			return -1;
		if (got < 4)
			return sv_cap_fail(r, off, "block header cut short: "
			    "8 bytes expected, %zu found", 4 + got);
		uint32_t type, len;
		struct sv_cursor c = sv_cursor_init(typeb, 4);
		(void)sv_cap_get32(&c, ng->be, &type);
		c = sv_cursor_init(v, 4);
		(void)sv_cap_get32(&c, ng->be, &len);

		const char *name;
		uint32_t min;
		switch (type) {
		case BT_IDB:
			name = "interface description block";
			min = IDB_MIN;
			break;
		case BT_PB:
			name = "packet block";
			min = PB_MIN;
			break;
		case BT_SPB:
			name = "simple packet block";
			min = SPB_MIN;
			break;
		case BT_EPB:
			name = "enhanced packet block";
			min = PB_MIN;
			break;
		default:
			if (check_length(r, off, len, BLOCK_MIN, "block") < 0)
				return -1;
			if (skip_block(r, off, type, len) < 0)
				return -1;
			continue;
		}

		struct sv_cursor body;
		if (check_length(r, off, len, min, name) < 0)
			return -1;
		if (read_rest(r, off, len, 8, ng->be, name, &body) < 0)
			return -1;
		if (type == BT_IDB) {
			if (read_idb(r, off, body) < 0)
				return -1;
			continue;
		}
		if (type == BT_SPB)
			return read_spb(r, off, body, p);
		return read_epb(r, off, len, body, type == BT_PB, p);
	}
}
