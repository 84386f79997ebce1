/*
 * ICMPv6 (RFC 4443).
 *
 * Every message starts with type, code and checksum; error messages
 * (types 1 to 4, high bit clear) add 4 bytes and then quote as much of
 * the offending packet as fits in the minimum IPv6 MTU:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     type      |     code      |           checksum            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     unused / MTU (type 2) / pointer (type 4)                  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   quoted IPv6 header (40 bytes), its extension headers,       |
 *   |   then the start of its TCP or UDP header, ports first ...    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * 1 is destination unreachable (code 4: port unreachable), 2 packet too
 * big, 3 time exceeded, 4 parameter problem.
 */
#include "capture/decode_internal.h"

#include <netinet/in.h>

#define ICMP6_HLEN 4            /* type, code, checksum */
#define ICMP6_ERR_HLEN 8        /* and the word before the quote */

static void
decode_quote(struct sv_decoded *out, struct sv_cursor c)
{
	struct sv_quote *q = &out->quote;
	struct sv_ip ip;
	char why[sizeof(out->why)];
	uint16_t sport, dport;
	size_t left;

	switch (sv_parse_ipv6(c, &ip, why, sizeof(why))) {
	case SV_PARSE_OK:
		break;
	case SV_PARSE_SHORT:
		return;
	case SV_PARSE_BAD:
		sv_note_malformed(out, "ICMPv6 quote: %s", why);
		return;
	}
	q->present = 1;
	q->proto = SV_PROTO_IPV6;
	sv_ip_endpoints(&ip, &q->src, &q->dst);

	/* The quote is cut wherever the sender ran out of room, so its
	 * extension headers are bounded by the quote, not by the payload
	 * length the quoted header declares. Running out is no error. */
	(void)sv_skip(&c, ip.hlen);
	left = c.len;
	if (sv_ipv6_walk_ext(&c, &left, &ip, why, sizeof(why)) != SV_PARSE_OK)
		return;
	if (ip.later_fragment)
		return;
	if (ip.next != IPPROTO_TCP && ip.next != IPPROTO_UDP)
		return;
	if (sv_get_be16(&c, &sport) < 0 || sv_get_be16(&c, &dport) < 0)
		return;
	q->proto = ip.next == IPPROTO_TCP ? SV_PROTO_TCP : SV_PROTO_UDP;
	q->src.port = sport;
	q->dst.port = dport;
}

void
sv_decode_icmp6(struct sv_dctx *d, struct sv_cursor c, size_t len)
{
	struct sv_decoded *out = d->out;
	size_t have = c.len;
	uint8_t type, code;

	if (len < ICMP6_HLEN) {
		sv_note_malformed(out,
		    "ICMPv6 header needs 4 bytes, IP payload has %zu", len);
		return;
	}
	if (sv_get_u8(&c, &type) < 0 || sv_get_u8(&c, &code) < 0 ||
	    sv_skip(&c, 2) < 0) {
		sv_note_truncated(out,
		    "ICMPv6 header cut short: %zu of 4 bytes captured", have);
		return;
	}
	out->proto = SV_PROTO_ICMP6;
	out->icmp_type = type;
	out->icmp_code = code;
	if (have < len)
		sv_note_truncated(out,
		    "ICMPv6 message cut short: %zu of %zu bytes captured",
		    have, len);
	if (type < 1 || type > 4)
		return;
	if (len < ICMP6_ERR_HLEN) {
		sv_note_malformed(out,
		    "ICMPv6 error message needs 8 bytes, found %zu", len);
		return;
	}
	if (sv_skip(&c, ICMP6_ERR_HLEN - ICMP6_HLEN) == 0)
		decode_quote(out, c);
}
