/*
 * Reading classic pcap files.
 *
 * The file header, 24 bytes, every field in the byte order the magic
 * number shows (a reader that sees a1 b2 c3 d4 reversed swaps):
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |       magic: 0xa1b2c3d4 (µs) or 0xa1b23c4d (ns)               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |      major version (2)        |      minor version (4)        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |              reserved (once thiszone, in practice 0)          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |              reserved (once sigfigs, in practice 0)           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                          snap length                          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | FCS |f|      reserved       |          link type              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Then one record per frame, a 16-byte header and caplen bytes:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                timestamp, seconds (unsigned)                  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |            timestamp, micro- or nanoseconds                   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                   captured length (caplen)                    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                   original length (origlen)                   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                  frame data (caplen bytes) ...
 *
 * A snap length of 0 or above 2^28 is nonsense some writers produce; we
 * accept the file and bound each record's caplen on its own instead.
 */
#include <stdint.h>
#include <string.h>

#include "capture/capfile_internal.h"

#define PCAP_HDR_LEN 24
#define PCAP_REC_LEN 16

int
sv_pcap_open(struct sv_capreader *r, const uint8_t magic[4])
{
	struct sv_pcap_state *st = &r->pcap;
	const uint8_t *v;
	size_t got;
	uint16_t major, minor;
	uint32_t skip, linktype;

	st->be = magic[0] == 0xa1;
	st->nsec = magic[1] == 0x3c || magic[2] == 0x3c;
	if (sv_cap_read(r, PCAP_HDR_LEN - 4, &v, &got) < 0)
		return -1;
	if (got < PCAP_HDR_LEN - 4)
		return sv_cap_fail(r, 0, "pcap file header cut short: "
		    "%d bytes expected, %zu found", PCAP_HDR_LEN, got + 4);

	struct sv_cursor c = sv_cursor_init(v, got);
	(void)sv_cap_get16(&c, st->be, &major);
	(void)sv_cap_get16(&c, st->be, &minor);
	(void)sv_cap_get32(&c, st->be, &skip);
	(void)sv_cap_get32(&c, st->be, &skip);
	(void)sv_cap_get32(&c, st->be, &st->snaplen);
	(void)sv_cap_get32(&c, st->be, &linktype);
	if (major != 2)
		return sv_cap_fail(r, 4, "pcap version 2.x expected, "
		    "found %u.%u", major, minor);
	/* The upper bits say whether frames end in an FCS, and how long it
	 * is; the link type proper is the low 16. */
	st->linktype = linktype & 0xffff;
	return 0;
}

int
sv_pcap_next(struct sv_capreader *r, struct sv_packet *p)
{
	struct sv_pcap_state *st = &r->pcap;
	uint64_t off = r->src.off;
	const uint8_t *v;
	size_t got;
	uint32_t sec, frac, caplen, origlen;

	if (sv_cap_read(r, PCAP_REC_LEN, &v, &got) < 0)
		return -1;
	if (got == 0)
		return 0;
	if (got < PCAP_REC_LEN)
		return sv_cap_fail(r, off, "record header cut short: "
		    "%d bytes expected, %zu found", PCAP_REC_LEN, got);

	struct sv_cursor c = sv_cursor_init(v, got);
	(void)sv_cap_get32(&c, st->be, &sec);
	(void)sv_cap_get32(&c, st->be, &frac);
	(void)sv_cap_get32(&c, st->be, &caplen);
	(void)sv_cap_get32(&c, st->be, &origlen);
	if (sv_cap_check_caplen(r, off + 8, caplen, st->snaplen) < 0)
		return -1;
	if (sv_cap_need(r, caplen, &v, "packet data") < 0)
		return -1;

	/* Both parts are unsigned 32-bit: at most about 4.3e18 ns, inside
	 * int64. A fraction of a second or more is kept as written. */
	p->ts_ns = (int64_t)sec * 1000000000 +
	    (int64_t)frac * (st->nsec ? 1 : 1000);
	p->caplen = caplen;
	p->origlen = origlen;
	p->linktype = st->linktype;
	p->ifindex = 0;
	p->data = (uint8_t *)v;
	p->comment = NULL;
	return 1;
}
