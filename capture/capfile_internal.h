/*
 * What the capture-file readers share: where the bytes come from, the
 * reader's state, and how an error is recorded.
 *
 * capfile.c owns the reader and its byte source and dispatches to one
 * backend per format: pcap_read.c (classic pcap) and pcapng_read.c. A
 * backend's open reads the file header (the magic already consumed); its
 * next returns 1, 0 or -1 as sv_capreader_next does, failing through
 * sv_cap_fail() so the message is kept for later calls.
 */
#ifndef SOCKVIZ_CAPTURE_CAPFILE_INTERNAL_H
#define SOCKVIZ_CAPTURE_CAPFILE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "capture/capfile.h"
#include "capture/extract.h"
#include "capture/packet.h"

/* Nothing we read may ask for more memory than this in one block. */
#define SV_CAP_MAX_BLOCK (64u * 1024 * 1024)
/* Four times the largest snap length libpcap uses for any link type. */
#define SV_CAP_MAX_CAPLEN (4u * 262144)
/* A frame may exceed the declared snap length by this much before we call
 * the length damaged: some writers record a small snap length and then
 * store offloaded (GRO) frames bigger than it. */
#define SV_CAP_SNAP_SLACK 65536u
/* Snap lengths outside 1..2^28 are not believed (but tolerated). */
#define SV_CAP_SANE_SNAPLEN (1u << 28)

/*
 * Bytes in order, from a FILE or from memory. A read hands back a view
 * of the next bytes, valid until the next read or skip: into the caller's
 * memory for a buffer, into `buf` for a FILE. `off` counts what has been
 * consumed, so it is the file offset of the next byte. A FILE is read
 * ahead of what is consumed (two stdio calls a packet cost more than
 * the rest of reading it), so its own position runs ahead of `off`.
 */
struct sv_bytesrc {
	FILE *fp;                /* NULL for memory */
	const uint8_t *mem;
	size_t memlen;
	size_t mempos;
	uint8_t *buf;            /* FILE only: read ahead in large blocks,
	                          * grown to the largest read */
	size_t bufcap;
	size_t pos, len;         /* buf[pos, len) is read but not consumed */
	uint64_t off;
	int ioerr;               /* errno of a failed fread, else 0 */
};

/*
 * Up to n bytes. *got is n unless the input ended (or a read failed:
 * ioerr says so). Returns 0, or -1 when memory for the view ran out.
 */
int sv_src_read(struct sv_bytesrc *s, size_t n, const uint8_t **view,
    size_t *got);
/* Consume up to n bytes without keeping them; *got as above. */
int sv_src_skip(struct sv_bytesrc *s, uint64_t n, uint64_t *got);

/* Per-interface state of a pcapng section. */
struct sv_ngif {
	uint32_t linktype;
	uint32_t snaplen;        /* 0: no limit */
	int tsres_pow2;          /* resolution 2^-tsres_exp, else 10^-tsres_exp */
	unsigned tsres_exp;
	int64_t tsoffset;        /* seconds added to every stamp */
};

struct sv_pcap_state {
	int be;                  /* the file's fields are big-endian */
	int nsec;                /* fractions are ns, else µs */
	uint32_t snaplen;
	uint32_t linktype;
};

struct sv_pcapng_state {
	int be;                  /* byte order of the current section */
	struct sv_ngif *ifs;     /* interfaces of the current section */
	size_t nifs, ifcap;
	char **comments;         /* opt_comment strings of the section */
	size_t ncomments, comcap;
};

struct sv_capreader {
	enum sv_capformat format;
	struct sv_bytesrc src;
	int state;               /* 0 reading, 1 at end, -1 failed */
	char err[256];           /* why it failed, for every later call */
	char *comment;           /* the current packet's comment */
	size_t comment_cap;
	struct sv_pcap_state pcap;
	struct sv_pcapng_state ng;
};

/* Record "byte off: <message>", mark the reader failed, return -1. */
int sv_cap_fail(struct sv_capreader *r, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Read n bytes through the reader's source. sv_cap_read fails only when
 * memory runs out or the FILE reports an error; *got < n means the input
 * ended. sv_cap_need also fails when fewer than n bytes are left, saying
 * "<what> cut short".
 */
int sv_cap_read(struct sv_capreader *r, size_t n, const uint8_t **view,
    size_t *got);
int sv_cap_need(struct sv_capreader *r, size_t n, const uint8_t **view,
    const char *what);

/* Keep a NUL-terminated copy of len bytes as the packet comment. 0 or -1. */
int sv_cap_set_comment(struct sv_capreader *r, const uint8_t *s, size_t len);

/* Accept caplen, or fail naming the field at off. */
int sv_cap_check_caplen(struct sv_capreader *r, uint64_t off,
    uint32_t caplen, uint32_t snaplen);

/* Backends. magic is the file's first four bytes, already consumed. */
int sv_pcap_open(struct sv_capreader *r, const uint8_t magic[4]);
int sv_pcap_next(struct sv_capreader *r, struct sv_packet *p);

int sv_pcapng_open(struct sv_capreader *r);
int sv_pcapng_next(struct sv_capreader *r, struct sv_packet *p);
void sv_pcapng_release(struct sv_capreader *r);

/* Fixed-width fields in the byte order a file declares. A field that is
 * not there reads as 0, so that no caller ever holds an unset value. */
static inline int
sv_cap_get16(struct sv_cursor *c, int be, uint16_t *v)
{
	*v = 0;
	if (c->len < 2)
		return -1;
	if (be)
		*v = (uint16_t)((unsigned)c->p[0] << 8 | c->p[1]);
	else
		*v = (uint16_t)((unsigned)c->p[1] << 8 | c->p[0]);
	c->p += 2;
	c->len -= 2;
	return 0;
}

static inline int
sv_cap_get32(struct sv_cursor *c, int be, uint32_t *v)
{
	*v = 0;
	return be ? sv_get_be32(c, v) : sv_get_le32(c, v);
}

static inline int
sv_cap_get64(struct sv_cursor *c, int be, uint64_t *v)
{
	uint32_t a, b;

	*v = 0;
	if (c->len < 8)
		return -1;
	(void)sv_cap_get32(c, be, &a);
	(void)sv_cap_get32(c, be, &b);
	*v = be ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
	return 0;
}

#endif
