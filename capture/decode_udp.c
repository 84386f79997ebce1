/*
 * UDP (RFC 768).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          source port          |       destination port        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |            length             |           checksum            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                          data ...                             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The length counts these 8 bytes and the data, so it is at least 8 and
 * cannot exceed what IP carries; the datagram's payload is the length
 * minus 8, and IP bytes past it are not UDP's.
 */
#include "capture/decode_internal.h"

#define UDP_HLEN 8

void
sv_decode_udp(struct sv_dctx *d, struct sv_cursor c, size_t len, int fragment)
{
	struct sv_decoded *out = d->out;
	size_t have = c.len, ulen, plen;
	uint16_t sport, dport, length;

	if (len < UDP_HLEN) {
		sv_note_malformed(out,
		    "UDP header needs 8 bytes, IP payload has %zu", len);
		return;
	}
	if (sv_get_be16(&c, &sport) < 0 || sv_get_be16(&c, &dport) < 0 ||
	    sv_get_be16(&c, &length) < 0 || sv_skip(&c, 2) < 0) {
		sv_note_truncated(out,
		    "UDP header cut short: %zu of 8 bytes captured", have);
		return;
	}
	if (length < UDP_HLEN) {
		sv_note_malformed(out, "UDP length %u, expected at least 8",
		    (unsigned)length);
		return;
	}
	/* The first piece of a fragmented datagram carries the whole
	 * datagram's length but only part of its bytes. */
	ulen = length;
	if (ulen > len) {
		if (!fragment) {
			sv_note_malformed(out,
			    "UDP length %zu exceeds the IP payload of %zu bytes",
			    ulen, len);
			return;
		}
		ulen = len;
	}

	out->proto = SV_PROTO_UDP;
	out->src.port = sport;
	out->dst.port = dport;
	plen = ulen - UDP_HLEN;
	out->payload_off = (uint32_t)(c.p - d->frame);
	out->payload_len = (uint32_t)plen;
	if (c.len < plen)
		sv_note_truncated(out,
		    "UDP payload cut short: %zu of %zu bytes captured",
		    c.len, plen);
}
