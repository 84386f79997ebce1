/*
 * IPv4 (RFC 791).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Vers=4 |  IHL  |   DSCP    |ECN|         total length          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        identification         |0|D|M|     fragment offset     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |      TTL      |   protocol    |       header checksum         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        source address                         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                     destination address                       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |               options (IHL - 5 words, if any)                 |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * IHL counts 32-bit words, so a header is 20 to 60 bytes. Total length
 * counts the header and the payload; anything captured past it is link
 * padding (Ethernet pads to 60 bytes) and must not be read as payload.
 * D is don't-fragment, M more-fragments; the offset counts 8-byte units,
 * and only the piece at offset 0 starts with the upper-layer header.
 *
 * The checksum is not verified: with checksum offload, outgoing packets
 * are captured before the NIC fills it in.
 */
#include "capture/decode_internal.h"

#include <stdio.h>
#include <string.h>

#define IPV4_MIN_HLEN 20

enum sv_parse
sv_parse_ipv4(struct sv_cursor c, struct sv_ip *ip, char *why, size_t size)
{
	size_t have = c.len;
	uint8_t vihl, ttl, proto;
	uint16_t total, frag;

	memset(ip, 0, sizeof(*ip));
	/* The first byte alone can show the header is nonsense, and saying
	 * so beats reporting a capture that merely stopped early. */
	if (sv_peek_u8(&c, 0, &vihl) == 0) {
		if (vihl >> 4 != 4) {
			snprintf(why, size,
			    "IPv4 header: expected version 4, found %u",
			    vihl >> 4);
			return SV_PARSE_BAD;
		}
		if ((vihl & 0x0f) < 5) {
			snprintf(why, size,
			    "IPv4 header length %u (IHL %u), expected at least 20",
			    (vihl & 0x0f) * 4u, vihl & 0x0fu);
			return SV_PARSE_BAD;
		}
	}
	if (sv_get_u8(&c, &vihl) < 0 || sv_skip(&c, 1) < 0 ||
	    sv_get_be16(&c, &total) < 0 || sv_skip(&c, 2) < 0 ||
	    sv_get_be16(&c, &frag) < 0 || sv_get_u8(&c, &ttl) < 0 ||
	    sv_get_u8(&c, &proto) < 0 || sv_skip(&c, 2) < 0 ||
	    sv_get_bytes(&c, ip->src, 4) < 0 ||
	    sv_get_bytes(&c, ip->dst, 4) < 0) {
		snprintf(why, size,
		    "IPv4 header cut short: %zu of 20 bytes captured", have);
		return SV_PARSE_SHORT;
	}
	ip->family = 4;
	ip->ttl = ttl;
	ip->next = proto;
	ip->hlen = (size_t)(vihl & 0x0f) * 4;
	ip->total = total;
	/* Linux captures TCP segmentation offload super-packets before they
	 * are cut up; past 64K (BIG TCP) the total length cannot say how
	 * long they are and is left 0. Trust the capture then. */
	if (total == 0)
		ip->total = have;
	if (ip->total < ip->hlen) {
		snprintf(why, size,
		    "IPv4 total length %zu, expected at least the header's %zu",
		    ip->total, ip->hlen);
		return SV_PARSE_BAD;
	}
	if (have < ip->hlen) {
		snprintf(why, size,
		    "IPv4 header cut short: %zu of %zu bytes captured",
		    have, ip->hlen);
		return SV_PARSE_SHORT;
	}
	ip->fragment = (frag & 0x3fff) != 0;
	ip->later_fragment = (frag & 0x1fff) != 0;
	return SV_PARSE_OK;
}

void
sv_decode_ipv4(struct sv_dctx *d, struct sv_cursor c)
{
	struct sv_decoded *out = d->out;
	struct sv_ip ip;
	char why[sizeof(out->why)];

	switch (sv_parse_ipv4(c, &ip, why, sizeof(why))) {
	case SV_PARSE_OK:
		break;
	case SV_PARSE_SHORT:
		sv_note_truncated(out, "%s", why);
		return;
	case SV_PARSE_BAD:
		sv_note_malformed(out, "%s", why);
		return;
	}
	sv_ip_endpoints(&ip, &out->src, &out->dst);
	out->ttl = ip.ttl;
	out->proto = SV_PROTO_IPV4;

	/* The header fit, so the skip does; then drop the link padding. */
	(void)sv_skip(&c, ip.hlen);
	sv_cursor_clamp(&c, ip.total - ip.hlen);
	sv_decode_upper(d, &ip, c, ip.total - ip.hlen);
}
