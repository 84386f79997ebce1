/*
 * ICMP for IPv4 (RFC 792).
 *
 * Every message starts with the same 8 bytes:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     type      |     code      |           checksum            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   depends on the type (unused, pointer, gateway, id/seq ...)  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Error messages -- destination unreachable (3), source quench (4),
 * redirect (5), time exceeded (11), parameter problem (12) -- go on with
 * the IP header of the datagram that caused them and at least its first
 * 8 data bytes:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     quoted IPv4 header (20 to 60 bytes, options included)     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   quoted source port          |   quoted destination port     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   rest of the quoted TCP or UDP header / data ...             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Those 8 bytes are enough for TCP's and UDP's ports, which is what ties
 * an error back to the socket that caused it.
 */
#include "capture/decode_internal.h"

#include <netinet/in.h>

#define ICMP_HLEN 8

static int
icmp_quotes(uint8_t type)
{
	switch (type) {
	case 3:         /* destination unreachable */
	case 4:         /* source quench */
	case 5:         /* redirect */
	case 11:        /* time exceeded */
	case 12:        /* parameter problem */
		return 1;
	}
	return 0;
}

static void
decode_quote(struct sv_decoded *out, struct sv_cursor c)
{
	struct sv_quote *q = &out->quote;
	struct sv_ip ip;
	char why[sizeof(out->why)];
	uint16_t sport, dport;

	switch (sv_parse_ipv4(c, &ip, why, sizeof(why))) {
	case SV_PARSE_OK:
		break;
	case SV_PARSE_SHORT:
		/* The sender, or the snap length, quoted less than a
		 * header; the latter is already noted as truncation. */
		return;
	case SV_PARSE_BAD:
		sv_note_malformed(out, "ICMP quote: %s", why);
		return;
	}
	q->present = 1;
	q->proto = SV_PROTO_IPV4;
	sv_ip_endpoints(&ip, &q->src, &q->dst);
	if (ip.later_fragment)
		return;
	if (ip.next != IPPROTO_TCP && ip.next != IPPROTO_UDP)
		return;
	/* The quoted total length is the original datagram's, not the
	 * quote's, so it does not bound what we read here. */
	if (sv_skip(&c, ip.hlen) < 0 || sv_get_be16(&c, &sport) < 0 ||
	    sv_get_be16(&c, &dport) < 0)
		return;
	q->proto = ip.next == IPPROTO_TCP ? SV_PROTO_TCP : SV_PROTO_UDP;
	q->src.port = sport;
	q->dst.port = dport;
}

void
sv_decode_icmp(struct sv_dctx *d, struct sv_cursor c, size_t len)
{
	struct sv_decoded *out = d->out;
	size_t have = c.len;
	uint8_t type, code;

	if (len < ICMP_HLEN) {
		sv_note_malformed(out,
		    "ICMP header needs 8 bytes, IP payload has %zu", len);
		return;
	}
	if (sv_get_u8(&c, &type) < 0 || sv_get_u8(&c, &code) < 0 ||
	    sv_skip(&c, 6) < 0) {
		sv_note_truncated(out,
		    "ICMP header cut short: %zu of 8 bytes captured", have);
		return;
	}
	out->proto = SV_PROTO_ICMP;
	out->icmp_type = type;
	out->icmp_code = code;
	if (have < len)
		sv_note_truncated(out,
		    "ICMP message cut short: %zu of %zu bytes captured",
		    have, len);
	if (icmp_quotes(type))
		decode_quote(out, c);
}
