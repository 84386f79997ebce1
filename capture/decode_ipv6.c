/*
 * IPv6 (RFC 8200) and the extension headers between it and the upper
 * layer.
 *
 * Fixed header, 40 bytes:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Vers=6 | traffic class |              flow label               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        payload length         |  next header  |   hop limit   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                                                               |
 *   +                  source address (16 octets)                   +
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                                                               |
 *   +               destination address (16 octets)                 +
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The payload length counts everything after these 40 bytes, extension
 * headers included. Zero with a hop-by-hop header next means a jumbogram
 * (RFC 2675), whose real length hides in a hop-by-hop option; we do not
 * follow those.
 *
 * Hop-by-hop options (0), routing (43) and destination options (60)
 * share one shape; the length counts 8-byte units after the first 8:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  next header  |  ext length   |  options or routing data ...  |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *   |            ... (8 + 8 * ext length bytes in all)              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The fragment header (44) is always 8 bytes:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  next header  |   reserved    |    fragment offset      |Res|M|
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        identification                         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * As in IPv4, only the piece at offset 0 holds the upper-layer header.
 */
#include "capture/decode_internal.h"

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#define IPV6_HLEN 40

enum sv_parse
sv_parse_ipv6(struct sv_cursor c, struct sv_ip *ip, char *why, size_t size)
{
	size_t have = c.len;
	uint8_t b;
	uint16_t plen;

	memset(ip, 0, sizeof(*ip));
	if (sv_peek_u8(&c, 0, &b) == 0 && b >> 4 != 6) {
		snprintf(why, size, "IPv6 header: expected version 6, found %u",
		    b >> 4);
		return SV_PARSE_BAD;
	}
	if (sv_skip(&c, 4) < 0 || sv_get_be16(&c, &plen) < 0 ||
	    sv_get_u8(&c, &ip->next) < 0 || sv_get_u8(&c, &ip->ttl) < 0 ||
	    sv_get_bytes(&c, ip->src, 16) < 0 ||
	    sv_get_bytes(&c, ip->dst, 16) < 0) {
		snprintf(why, size,
		    "IPv6 header cut short: %zu of 40 bytes captured", have);
		return SV_PARSE_SHORT;
	}
	ip->family = 6;
	ip->hlen = IPV6_HLEN;
	ip->total = IPV6_HLEN + (size_t)plen;
	return SV_PARSE_OK;
}

static const char *
ext_name(uint8_t next)
{
	switch (next) {
	case IPPROTO_HOPOPTS:
		return "hop-by-hop options";
	case IPPROTO_ROUTING:
		return "routing";
	case IPPROTO_FRAGMENT:
		return "fragment";
	case IPPROTO_DSTOPTS:
		return "destination options";
	}
	return NULL;
}

enum sv_parse
sv_ipv6_walk_ext(struct sv_cursor *c, size_t *left, struct sv_ip *ip,
    char *why, size_t size)
{
	const char *name;

	/* Each header is at least 8 bytes, so this ends within the packet. */
	while (!ip->later_fragment && (name = ext_name(ip->next)) != NULL) {
		struct sv_cursor h = *c;
		uint8_t next, elen;
		uint16_t off;
		size_t n;

		if (*left < 8) {
			snprintf(why, size,
			    "IPv6 %s header needs 8 bytes, payload has %zu left",
			    name, *left);
			return SV_PARSE_BAD;
		}
		if (sv_get_u8(&h, &next) < 0 || sv_get_u8(&h, &elen) < 0) {
			snprintf(why, size,
			    "IPv6 %s header cut short: %zu of 8 bytes captured",
			    name, c->len);
			return SV_PARSE_SHORT;
		}
		n = ip->next == IPPROTO_FRAGMENT ? 8 : 8 + (size_t)elen * 8;
		if (*left < n) {
			snprintf(why, size,
			    "IPv6 %s header is %zu bytes, payload has %zu left",
			    name, n, *left);
			return SV_PARSE_BAD;
		}
		if (c->len < n) {
			snprintf(why, size,
			    "IPv6 %s header cut short: %zu of %zu bytes captured",
			    name, c->len, n);
			return SV_PARSE_SHORT;
		}
		if (ip->next == IPPROTO_FRAGMENT) {
			/* The header is all there; the read cannot fail. */
			if (sv_get_be16(&h, &off) == 0) {
				ip->fragment = (off & 0xfff9) != 0;
				ip->later_fragment = (off & 0xfff8) != 0;
			}
		}
		(void)sv_skip(c, n);
		*left -= n;
		ip->hlen += n;
		ip->next = next;
	}
	return SV_PARSE_OK;
}

void
sv_decode_ipv6(struct sv_dctx *d, struct sv_cursor c)
{
	struct sv_decoded *out = d->out;
	struct sv_ip ip;
	char why[sizeof(out->why)];
	size_t left;

	switch (sv_parse_ipv6(c, &ip, why, sizeof(why))) {
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
	out->proto = SV_PROTO_IPV6;

	if (ip.total == IPV6_HLEN && ip.next == IPPROTO_HOPOPTS) {
		sv_note_malformed(out,
		    "IPv6 payload length 0 before a hop-by-hop header: "
		    "a jumbogram, not decoded");
		return;
	}
	(void)sv_skip(&c, IPV6_HLEN);
	left = ip.total - IPV6_HLEN;
	sv_cursor_clamp(&c, left);
	switch (sv_ipv6_walk_ext(&c, &left, &ip, why, sizeof(why))) {
	case SV_PARSE_OK:
		break;
	case SV_PARSE_SHORT:
		sv_note_truncated(out, "%s", why);
		return;
	case SV_PARSE_BAD:
		sv_note_malformed(out, "%s", why);
		return;
	}
	sv_decode_upper(d, &ip, c, left);
}
