/*
 * The capture-file reader: its byte source, opening by magic number, and
 * dispatch to the pcap and pcapng backends.
 *
 * The magic is the file's first four bytes:
 *
 *   d4 c3 b2 a1   pcap, little-endian, microseconds
 *   a1 b2 c3 d4   pcap, big-endian, microseconds
 *   4d 3c b2 a1   pcap, little-endian, nanoseconds
 *   a1 b2 3c 4d   pcap, big-endian, nanoseconds
 *   0a 0d 0d 0a   pcapng: the type of the section header block, which
 *                 reads the same in either byte order
 */
#include "capture/capfile.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "capture/capfile_internal.h"

/* ---- byte source ----------------------------------------------------- */

int
sv_src_read(struct sv_bytesrc *s, size_t n, const uint8_t **view, size_t *got)
{
	if (s->fp == NULL) {
		size_t left = s->memlen - s->mempos;
		size_t k = n < left ? n : left;
		*view = s->mem + s->mempos;
		s->mempos += k;
		s->off += k;
		*got = k;
		return 0;
	}
	if (s->len - s->pos >= n) {
		*view = s->buf + s->pos;
		s->pos += n;
		s->off += n;
		*got = n;
		return 0;
	}
	/* What is left to the front, then more behind it. */
	size_t k = s->len - s->pos;
	if (k > 0 && s->pos > 0)
		memmove(s->buf, s->buf + s->pos, k);
	s->pos = 0;
	s->len = k;
	while (s->len < n) {
		/*
		 * Grow the buffer only as bytes arrive: a damaged length
		 * field in a short file must not cost a 64 MiB allocation.
		 */
		if (s->len == s->bufcap) {
			size_t ncap = s->bufcap ? s->bufcap * 2 : 65536;
			uint8_t *nb = realloc(s->buf, ncap);
			if (nb == NULL)
				return -1;
			s->buf = nb;
			s->bufcap = ncap;
		}
		size_t want = s->bufcap - s->len;
		size_t r = fread(s->buf + s->len, 1, want, s->fp);
		s->len += r;
		if (r < want) {
			if (ferror(s->fp))
				s->ioerr = errno ? errno : EIO;
			break;
		}
	}
	k = s->len < n ? s->len : n;
	*view = s->buf;
	s->pos = k;
	s->off += k;
	*got = k;
	return 0;
}

int
sv_src_skip(struct sv_bytesrc *s, uint64_t n, uint64_t *got)
{
	if (s->fp == NULL) {
		size_t left = s->memlen - s->mempos;
		size_t k = n < left ? (size_t)n : left;
		s->mempos += k;
		s->off += k;
		*got = k;
		return 0;
	}
	/* What was read ahead first, then fread, not fseek: the FILE may
	 * be a pipe. */
	uint64_t done = s->len - s->pos < n ? s->len - s->pos : n;
	s->pos += (size_t)done;
	s->off += done;
	if (s->pos == s->len)
		s->pos = s->len = 0;
	uint8_t chunk[4096];
	while (done < n) {
		size_t want = n - done < sizeof(chunk) ?
		    (size_t)(n - done) : sizeof(chunk);
		size_t k = fread(chunk, 1, want, s->fp);
		done += k;
		s->off += k;
		if (k < want) {
			if (ferror(s->fp))
				s->ioerr = errno ? errno : EIO;
			break;
		}
	}
	*got = done;
	return 0;
}

/* ---- helpers shared by the backends ---------------------------------- */

int
sv_cap_fail(struct sv_capreader *r, uint64_t off, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(r->err, sizeof(r->err), "byte %llu: ",
	    (unsigned long long)off);

	if (n < 0 || (size_t)n >= sizeof(r->err))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof(r->err) - (size_t)n, fmt, ap);
	va_end(ap);
	r->state = -1;
	return -1;
}

int
sv_cap_read(struct sv_capreader *r, size_t n, const uint8_t **view,
    size_t *got)
{
	uint64_t off = r->src.off;

	if (sv_src_read(&r->src, n, view, got) < 0)
		return sv_cap_fail(r, off, "out of memory for %zu bytes", n);
	if (*got < n && r->src.ioerr)
		return sv_cap_fail(r, r->src.off, "read error: %s",
		    strerror(r->src.ioerr));
	return 0;
}

int
sv_cap_need(struct sv_capreader *r, size_t n, const uint8_t **view,
    const char *what)
{
	uint64_t off = r->src.off;
	size_t got = 0;

	if (sv_cap_read(r, n, view, &got) < 0)
		return -1;
	if (got < n)
		return sv_cap_fail(r, off,
		    "%s cut short: %zu bytes expected, %zu found", what, n, got);
	return 0;
}

int
sv_cap_set_comment(struct sv_capreader *r, const uint8_t *s, size_t len)
{
	if (len + 1 > r->comment_cap) {
		char *nc = realloc(r->comment, len + 1);
		if (nc == NULL)
			return -1;
		r->comment = nc;
		r->comment_cap = len + 1;
	}
	if (len > 0)
		memcpy(r->comment, s, len);
	r->comment[len] = '\0';
	return 0;
}

int
sv_cap_check_caplen(struct sv_capreader *r, uint64_t off, uint32_t caplen,
    uint32_t snaplen)
{
	if (caplen > SV_CAP_MAX_CAPLEN)
		return sv_cap_fail(r, off, "captured length %u is beyond the "
		    "%u-byte limit for one frame", caplen, SV_CAP_MAX_CAPLEN);
	if (snaplen > 0 && snaplen <= SV_CAP_SANE_SNAPLEN &&
	    caplen > snaplen + SV_CAP_SNAP_SLACK)
		return sv_cap_fail(r, off, "captured length %u exceeds the "
		    "snap length %u by more than %u", caplen, snaplen,
		    SV_CAP_SNAP_SLACK);
	return 0;
}

/* ---- the reader ------------------------------------------------------ */

static void
set_err(char *errbuf, size_t errlen, const char *msg)
{
	if (errbuf != NULL && errlen > 0)
		snprintf(errbuf, errlen, "%s", msg);
}

static int
is_pcap_magic(const uint8_t m[4])
{
	static const uint8_t magics[4][4] = {
		{ 0xd4, 0xc3, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0xc3, 0xd4 },
		{ 0x4d, 0x3c, 0xb2, 0xa1 }, { 0xa1, 0xb2, 0x3c, 0x4d },
	};
	for (size_t i = 0; i < 4; i++)
		if (memcmp(m, magics[i], 4) == 0)
			return 1;
	return 0;
}

/* The first bytes are not a magic number; say what they might be. */
static int
not_a_capture(struct sv_capreader *r, const uint8_t m[4])
{
	uint32_t be = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 |
	    (uint32_t)m[2] << 8 | m[3];
	uint32_t le = (uint32_t)m[3] << 24 | (uint32_t)m[2] << 16 |
	    (uint32_t)m[1] << 8 | m[0];
	uint32_t t = le < be ? le : be;

	/* A pcapng file that lost its section header starts with an
	 * interface description or a packet block. */
	if (t >= 1 && t <= 6)
		return sv_cap_fail(r, 0, "not a capture file: magic 0x%08x "
		    "is neither pcap nor pcapng (it looks like pcapng block "
		    "type %u, but a pcapng file must begin with a section "
		    "header block)", be, t);
	return sv_cap_fail(r, 0, "not a capture file: magic 0x%08x is "
	    "neither pcap nor pcapng", be);
}

static struct sv_capreader *
open_src(struct sv_bytesrc src, char *errbuf, size_t errlen)
{
	struct sv_capreader *r = calloc(1, sizeof(*r));
	const uint8_t *m;
	size_t got;
	int rc;

	if (r == NULL) {
		set_err(errbuf, errlen, "byte 0: out of memory for a reader");
		return NULL;
	}
	r->src = src;
	if (sv_cap_read(r, 4, &m, &got) < 0)
		goto fail;
	if (got < 4) {
		sv_cap_fail(r, 0, "not a capture file: 4-byte magic number "
		    "expected, %zu bytes found", got);
		goto fail;
	}
	uint8_t magic[4];
	memcpy(magic, m, 4);
	if (is_pcap_magic(magic)) {
		r->format = SV_CAP_PCAP;
		rc = sv_pcap_open(r, magic);
	} else if (memcmp(magic, "\x0a\x0d\x0d\x0a", 4) == 0) {
		r->format = SV_CAP_PCAPNG;
		rc = sv_pcapng_open(r);
	} else {
		rc = not_a_capture(r, magic);
	}
	if (rc < 0)
		goto fail;
	return r;
fail:
	set_err(errbuf, errlen, r->err);
	sv_capreader_free(r);
	return NULL;
}

struct sv_capreader *
sv_capreader_open_file(FILE *fp, char *errbuf, size_t errlen)
{
	struct sv_bytesrc src;

	memset(&src, 0, sizeof(src));
	src.fp = fp;
	return open_src(src, errbuf, errlen);
}

struct sv_capreader *
sv_capreader_open_mem(const uint8_t *buf, size_t len, char *errbuf,
    size_t errlen)
{
	struct sv_bytesrc src;

	memset(&src, 0, sizeof(src));
	src.mem = buf;
	src.memlen = buf != NULL ? len : 0;
	return open_src(src, errbuf, errlen);
}

void
sv_capreader_free(struct sv_capreader *r)
{
	if (r == NULL)
		return;
	sv_pcapng_release(r);
	free(r->src.buf);
	free(r->comment);
	free(r);
}

enum sv_capformat
sv_capreader_format(const struct sv_capreader *r)
{
	return r->format;
}

int
sv_capreader_next(struct sv_capreader *r, struct sv_packet *p, char *errbuf,
    size_t errlen)
{
	int rc = -1;

	memset(p, 0, sizeof(*p));
	if (r->state > 0)
		return 0;
	if (r->state < 0) {
		set_err(errbuf, errlen, r->err);
		return -1;
	}
	switch (r->format) {
	case SV_CAP_PCAP:
		rc = sv_pcap_next(r, p);
		break;
	case SV_CAP_PCAPNG:
		rc = sv_pcapng_next(r, p);
		break;
	}
	if (rc < 0) {
		memset(p, 0, sizeof(*p));
		r->state = -1;
		set_err(errbuf, errlen, r->err);
	} else if (rc == 0) {
		r->state = 1;
	}
	return rc;
}

size_t
sv_capreader_section_comments(const struct sv_capreader *r,
    const char *const **comments)
{
	*comments = (const char *const *)r->ng.comments;
	return r->ng.ncomments;
}

uint64_t
sv_capreader_offset(const struct sv_capreader *r)
{
	return r->src.off;
}
