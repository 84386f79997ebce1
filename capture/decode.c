/*
 * The decoder's entry point: pick the link-layer decoder for a LINKTYPE,
 * and the small formatting helpers every output needs.
 *
 * Decoding goes outside in, one file per protocol: decode_link.c hands an
 * ethertype or address family to decode_ipv4.c or decode_ipv6.c, which
 * hand their payload through sv_decode_upper() to TCP, UDP, ICMP or
 * ICMPv6. See decode_internal.h for how lengths travel between layers.
 */
#include "capture/decode.h"
#include "capture/decode_internal.h"
#include "capture/packet.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void
note(struct sv_decoded *out, const char *fmt, va_list ap)
{
	/* The innermost layer reports first, and it knows best. */
	if (out->why[0] != '\0')
		return;
	vsnprintf(out->why, sizeof(out->why), fmt, ap);
}

void
sv_note_truncated(struct sv_decoded *out, const char *fmt, ...)
{
	va_list ap;

	out->truncated = 1;
	va_start(ap, fmt);
	note(out, fmt, ap);
	va_end(ap);
}

void
sv_note_malformed(struct sv_decoded *out, const char *fmt, ...)
{
	va_list ap;

	out->malformed = 1;
	va_start(ap, fmt);
	note(out, fmt, ap);
	va_end(ap);
}

void
sv_ip_endpoints(const struct sv_ip *ip, struct sv_endpoint *src,
    struct sv_endpoint *dst)
{
	size_t alen = ip->family == 4 ? 4 : 16;

	memset(src, 0, sizeof(*src));
	memset(dst, 0, sizeof(*dst));
	src->family = dst->family = ip->family;
	memcpy(src->addr, ip->src, alen);
	memcpy(dst->addr, ip->dst, alen);
}

void
sv_decode_upper(struct sv_dctx *d, const struct sv_ip *ip, struct sv_cursor c,
    size_t declared)
{
	/* A later fragment starts mid-stream: its first bytes are data,
	 * not the header its protocol number names. */
	if (!ip->later_fragment) {
		switch (ip->next) {
		case IPPROTO_TCP:
			sv_decode_tcp(d, c, declared);
			return;
		case IPPROTO_UDP:
			sv_decode_udp(d, c, declared, ip->fragment);
			return;
		case IPPROTO_ICMP:
			if (ip->family == 4) {
				sv_decode_icmp(d, c, declared);
				return;
			}
			break;
		case IPPROTO_ICMPV6:
			if (ip->family == 6) {
				sv_decode_icmp6(d, c, declared);
				return;
			}
			break;
		}
	}
	if (c.len < declared)
		sv_note_truncated(d->out,
		    "IPv%u payload cut short: %zu of %zu bytes captured",
		    ip->family, c.len, declared);
}

enum sv_proto
sv_decode(uint32_t linktype, const uint8_t *buf, size_t len,
    struct sv_decoded *out)
{
	struct sv_dctx d;
	struct sv_cursor c = sv_cursor_init(buf, len);

	memset(out, 0, sizeof(*out));
	out->proto = SV_PROTO_UNKNOWN;
	d.frame = buf;
	d.out = out;

	switch (linktype) {
	case SV_LINK_NULL:
		sv_decode_null(&d, c);
		break;
	case SV_LINK_ETHERNET:
		sv_decode_ethernet(&d, c);
		break;
	case SV_LINK_RAW:
		sv_decode_raw(&d, c);
		break;
	case SV_LINK_LINUX_SLL:
		sv_decode_sll(&d, c);
		break;
	case SV_LINK_LINUX_SLL2:
		sv_decode_sll2(&d, c);
		break;
	case SV_LINK_IPV4:
		/* No link header at all, so the link layer is understood. */
		out->proto = SV_PROTO_LINK;
		sv_decode_ipv4(&d, c);
		break;
	case SV_LINK_IPV6:
		out->proto = SV_PROTO_LINK;
		sv_decode_ipv6(&d, c);
		break;
	default:
		/* Any other number is input, not a case we forgot. */
		break;
	}
	return out->proto;
}

enum sv_proto
sv_decode_ends(uint32_t linktype, const uint8_t *buf, size_t len,
    struct sv_decoded *out)
{
	struct sv_cursor c = sv_cursor_init(buf, len), ip, up;
	uint16_t type, total, frag, sport, dport, ulen;
	uint8_t vihl, ttl, next, off, flags;
	uint32_t seq;

	/* Ethernet, then IPv4 that is not a fragment, then a whole TCP or
	 * UDP header: nearly every frame of a capture, read here with the
	 * checks sv_decode() makes on the way to the same answer. Anything
	 * else, or anything those checks would note, goes to sv_decode(). */
	if (linktype != SV_LINK_ETHERNET || sv_skip(&c, 12) < 0 ||
	    sv_get_be16(&c, &type) < 0 || type != 0x0800)
		return sv_decode(linktype, buf, len, out);
	ip = c;
	if (sv_get_u8(&c, &vihl) < 0 || vihl >> 4 != 4 || (vihl & 0x0f) < 5 ||
	    sv_skip(&c, 1) < 0 || sv_get_be16(&c, &total) < 0 ||
	    sv_skip(&c, 2) < 0 || sv_get_be16(&c, &frag) < 0 ||
	    (frag & 0x3fff) != 0 || sv_get_u8(&c, &ttl) < 0 ||
	    sv_get_u8(&c, &next) < 0 || sv_skip(&c, 2) < 0 || c.len < 8)
		return sv_decode(linktype, buf, len, out);
	size_t hlen = (size_t)(vihl & 0x0f) * 4;
	size_t all = total != 0 ? total : ip.len;   /* as sv_parse_ipv4() */
	if (all < hlen || ip.len < hlen)
		return sv_decode(linktype, buf, len, out);
	up = ip;
	(void)sv_skip(&up, hlen);
	sv_cursor_clamp(&up, all - hlen);
	size_t declared = all - hlen;

	memset(out, 0, sizeof(*out));
	out->ethertype = type;
	out->ttl = ttl;
	out->src.family = out->dst.family = 4;
	(void)sv_get_bytes(&c, out->src.addr, 4);
	(void)sv_get_bytes(&c, out->dst.addr, 4);
	if (next == IPPROTO_TCP) {
		if (declared < 20 || up.len < 20 ||
		    sv_get_be16(&up, &sport) < 0 ||
		    sv_get_be16(&up, &dport) < 0 ||
		    sv_get_be32(&up, &seq) < 0 || sv_skip(&up, 4) < 0 ||
		    sv_get_u8(&up, &off) < 0 || sv_get_u8(&up, &flags) < 0 ||
		    (size_t)(off >> 4) * 4 < 20 ||
		    (size_t)(off >> 4) * 4 > declared)
			return sv_decode(linktype, buf, len, out);
		out->proto = SV_PROTO_TCP;
		out->seq = seq;
		out->tcp_flags = flags;
	} else if (next == IPPROTO_UDP) {
		if (declared < 8 || up.len < 8 ||
		    sv_get_be16(&up, &sport) < 0 ||
		    sv_get_be16(&up, &dport) < 0 ||
		    sv_get_be16(&up, &ulen) < 0 || ulen < 8 || ulen > declared)
			return sv_decode(linktype, buf, len, out);
		out->proto = SV_PROTO_UDP;
	} else {
		return sv_decode(linktype, buf, len, out);
	}
	out->src.port = sport;
	out->dst.port = dport;
	return out->proto;
}

const char *
sv_proto_name(enum sv_proto p)
{
	/* No default: a new layer must be named here. */
	switch (p) {
	case SV_PROTO_UNKNOWN:
		return "unknown";
	case SV_PROTO_LINK:
		return "link";
	case SV_PROTO_IPV4:
		return "IPv4";
	case SV_PROTO_IPV6:
		return "IPv6";
	case SV_PROTO_TCP:
		return "TCP";
	case SV_PROTO_UDP:
		return "UDP";
	case SV_PROTO_ICMP:
		return "ICMP";
	case SV_PROTO_ICMP6:
		return "ICMPv6";
	}
	return "unknown";
}

char *
sv_tcp_flags_str(uint8_t flags, const char *sep, char *buf, size_t size)
{
	/* SYN first: it is what a reader looks for in a handshake. */
	static const struct {
		uint8_t bit;
		const char *name;
	} names[] = {
		{ SV_TCP_SYN, "SYN" }, { SV_TCP_FIN, "FIN" },
		{ SV_TCP_RST, "RST" }, { SV_TCP_PSH, "PSH" },
		{ SV_TCP_ACK, "ACK" }, { SV_TCP_URG, "URG" },
		{ SV_TCP_ECE, "ECE" }, { SV_TCP_CWR, "CWR" },
	};
	size_t used = 0;
	int first = 1;

	if (size == 0)
		return buf;
	buf[0] = '\0';
	if (sep == NULL)
		sep = "";
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((flags & names[i].bit) == 0)
			continue;
		/* Copied, not printed: every packet's label passes here. */
		size_t ls = first ? 0 : strlen(sep), n = ls + 3;
		first = 0;
		if (n >= size - used) {
			/* Out of room: drop the half-written name rather
			 * than show a flag that is not there. */
			buf[used] = '\0';
			break;
		}
		memcpy(buf + used, sep, ls);
		memcpy(buf + used + ls, names[i].name, 3);
		used += n;
		buf[used] = '\0';
	}
	return buf;
}

char *
sv_endpoint_str(const struct sv_endpoint *e, int with_port, char *buf,
    size_t size)
{
	char addr[INET6_ADDRSTRLEN];
	int af;

	if (size == 0)
		return buf;
	if (e->family == 4) {
		/* By hand, as inet_ntop() and "%s:%u" write it: JSON and
		 * lane names ask for this once or twice a packet. */
		char t[24];
		size_t n = 0;
		for (int i = 0; i < 4; i++) {
			unsigned v = e->addr[i];
			if (i)
				t[n++] = '.';
			if (v >= 100)
				t[n++] = (char)('0' + v / 100);
			if (v >= 10)
				t[n++] = (char)('0' + v / 10 % 10);
			t[n++] = (char)('0' + v % 10);
		}
		if (with_port) {
			char d[5];
			int k = 0;
			unsigned p = e->port;
			t[n++] = ':';
			do
				d[k++] = (char)('0' + p % 10);
			while ((p /= 10) != 0);
			while (k > 0)
				t[n++] = d[--k];
		}
		if (n > size - 1)
			n = size - 1;
		memcpy(buf, t, n);
		buf[n] = '\0';
		return buf;
	}
	if (e->family == 6)
		af = AF_INET6;
	else {
		snprintf(buf, size, "-");
		return buf;
	}
	if (inet_ntop(af, e->addr, addr, sizeof(addr)) == NULL) {
		snprintf(buf, size, "?");
		return buf;
	}
	/* Callers that draw ICMP endpoints ask for no port; a socket's
	 * port 0 ("let the kernel choose") is printed as such. */
	if (!with_port)
		snprintf(buf, size, "%s", addr);
	else if (e->family == 6)
		snprintf(buf, size, "[%s]:%u", addr, (unsigned)e->port);
	else
		snprintf(buf, size, "%s:%u", addr, (unsigned)e->port);
	return buf;
}

int
sv_endpoint_eq(const struct sv_endpoint *a, const struct sv_endpoint *b)
{
	if (a->family != b->family || a->port != b->port)
		return 0;
	/* Compare only the bytes the family uses: the rest may be stale.
	 * Each length a constant, so that the compiler compares words. */
	if (a->family == 4)
		return memcmp(a->addr, b->addr, 4) == 0;
	if (a->family == 6)
		return memcmp(a->addr, b->addr, 16) == 0;
	return 1;
}

int
sv_endpoint_cmp(const struct sv_endpoint *x, const struct sv_endpoint *y)
{
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	int c = memcmp(x->addr, y->addr, 16);
	if (c != 0)
		return c;
	return x->port < y->port ? -1 : x->port > y->port;
}
