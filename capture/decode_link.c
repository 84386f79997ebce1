/*
 * Link layers: Ethernet (with 802.1Q/802.1ad tags), Linux cooked captures
 * v1 and v2, BSD loopback, and bare IP.
 *
 * Ethernet II (IEEE 802.3 with an EtherType), 14 bytes:
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                  destination MAC (6 octets)                   |
 *   +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                               |                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *   |                     source MAC (6 octets)                     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |      EtherType / length       |  payload ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * A value below 0x0600 in the last field is an 802.3 length with LLC
 * after it, not an EtherType; we stop at the link layer there.
 *
 * A VLAN tag (802.1Q, TPID 0x8100; 802.1ad outer tag, TPID 0x88a8, or the
 * pre-standard 0x9100) sits where the EtherType was and pushes it back
 * four bytes:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |         TPID (0x8100)         | PCP |D|        VLAN ID        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |      inner EtherType          |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Linux cooked capture v1 (LINKTYPE_LINUX_SLL), 16 bytes, big-endian,
 * what "tcpdump -i any" used to produce:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        packet type            |       ARPHRD_ type            |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  link-layer address length    |                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *   |          link-layer address (first 8 octets, zero padded)     |
 *   +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                               |    protocol (EtherType)       |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Linux cooked capture v2 (LINKTYPE_LINUX_SLL2), 20 bytes, which moves the
 * protocol to the front and adds the interface index:
 *
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |    protocol (EtherType)       |        reserved (0)           |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                       interface index                         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |       ARPHRD_ type            |  packet type  | addr length   |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          link-layer address (first 8 octets, zero padded)     |
 *   +                                                               +
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * BSD loopback (LINKTYPE_NULL), 4 bytes: the AF_ value of the payload in
 * the byte order of the host that captured it. AF_INET is 2 everywhere;
 * AF_INET6 is 10 on Linux, 24 on NetBSD and OpenBSD, 28 on FreeBSD, 30 on
 * macOS.
 *
 * LINKTYPE_RAW has no header: the IP version nibble says which IP follows.
 */
#include "capture/decode_internal.h"

#define ETHERTYPE_IPV4 0x0800
#define ETHERTYPE_IPV6 0x86dd
#define ETHERTYPE_MIN  0x0600    /* below: an 802.3 length, not a type */

/* How many tags we look through: one, or two for QinQ. */
#define VLAN_MAX_TAGS 2

static int
is_vlan_tpid(uint16_t type)
{
	return type == 0x8100 || type == 0x88a8 || type == 0x9100;
}

/*
 * The link header is done and names `type`; look through VLAN tags and
 * hand the payload to IP. Cooked captures can carry tags too (libpcap puts
 * back the ones the kernel stripped), so all three headers come here.
 */
static void
decode_ethertype(struct sv_dctx *d, uint16_t type, struct sv_cursor c)
{
	struct sv_decoded *out = d->out;

	out->proto = SV_PROTO_LINK;
	for (int tags = 0; is_vlan_tpid(type); tags++) {
		out->ethertype = type;
		if (tags == VLAN_MAX_TAGS)
			return;
		size_t have = c.len;
		if (sv_skip(&c, 2) < 0 || sv_get_be16(&c, &type) < 0) {
			sv_note_truncated(out,
			    "VLAN tag cut short: %zu of 4 bytes captured",
			    have);
			return;
		}
	}
	if (type < ETHERTYPE_MIN) {
		out->ethertype = 0;
		return;
	}
	out->ethertype = type;
	switch (type) {
	case ETHERTYPE_IPV4:
		sv_decode_ipv4(d, c);
		break;
	case ETHERTYPE_IPV6:
		sv_decode_ipv6(d, c);
		break;
	}
}

void
sv_decode_ethernet(struct sv_dctx *d, struct sv_cursor c)
{
	size_t have = c.len;
	uint16_t type;

	if (sv_skip(&c, 12) < 0 || sv_get_be16(&c, &type) < 0) {
		sv_note_truncated(d->out,
		    "Ethernet header cut short: %zu of 14 bytes captured", have);
		return;
	}
	decode_ethertype(d, type, c);
}

void
sv_decode_sll(struct sv_dctx *d, struct sv_cursor c)
{
	size_t have = c.len;
	uint16_t proto;

	if (sv_skip(&c, 14) < 0 || sv_get_be16(&c, &proto) < 0) {
		sv_note_truncated(d->out,
		    "Linux cooked header cut short: %zu of 16 bytes captured",
		    have);
		return;
	}
	decode_ethertype(d, proto, c);
}

void
sv_decode_sll2(struct sv_dctx *d, struct sv_cursor c)
{
	size_t have = c.len;
	uint16_t proto;

	if (sv_get_be16(&c, &proto) < 0 || sv_skip(&c, 18) < 0) {
		sv_note_truncated(d->out,
		    "Linux cooked v2 header cut short: %zu of 20 bytes captured",
		    have);
		return;
	}
	decode_ethertype(d, proto, c);
}

void
sv_decode_null(struct sv_dctx *d, struct sv_cursor c)
{
	size_t have = c.len;
	uint32_t family;

	if (sv_get_le32(&c, &family) < 0) {
		sv_note_truncated(d->out,
		    "loopback header cut short: %zu of 4 bytes captured", have);
		return;
	}
	/* Written in the capturing host's order, which need not be ours or
	 * little-endian. Every AF_ value is small, so a big one was read
	 * in the wrong order. */
	if (family > 0xffff)
		family = (family >> 24) | (family >> 8 & 0xff00) |
		    (family & 0xff00) << 8 | (family & 0xff) << 24;
	d->out->proto = SV_PROTO_LINK;
	switch (family) {
	case 2:
		sv_decode_ipv4(d, c);
		break;
	case 10:
	case 24:
	case 28:
	case 30:
		sv_decode_ipv6(d, c);
		break;
	}
}

void
sv_decode_raw(struct sv_dctx *d, struct sv_cursor c)
{
	uint8_t b;

	/* No header, so the link layer is understood before a byte is read. */
	d->out->proto = SV_PROTO_LINK;
	if (sv_peek_u8(&c, 0, &b) < 0) {
		sv_note_truncated(d->out,
		    "raw IP packet cut short: 0 bytes captured, "
		    "need 1 for the version");
		return;
	}
	switch (b >> 4) {
	case 4:
		sv_decode_ipv4(d, c);
		break;
	case 6:
		sv_decode_ipv6(d, c);
		break;
	default:
		sv_note_malformed(d->out,
		    "raw IP: expected version 4 or 6, found %u", b >> 4);
		break;
	}
}
