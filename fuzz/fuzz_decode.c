/*
 * libFuzzer target: the packet decoder (capture/decode*.c) on every link
 * type it knows, and on one it does not.
 *
 * The first byte picks the link type (table below); the rest is the
 * frame, handed over as a heap copy of exactly its length so that
 * AddressSanitizer reports a read even one byte past it. Besides crashes
 * it checks what capture/decode.h promises:
 *  - the return value is out->proto, and names a layer that exists;
 *  - payload_off never passes the captured bytes, and a payload that is
 *    not marked truncated lies wholly inside them;
 *  - a frame marked truncated or malformed says why, and why is a
 *    NUL-terminated string;
 *  - TCP and UDP have both endpoints, of family 4 or 6, and the same one;
 *    an ICMP quote belongs to an ICMP packet;
 *  - decoding is a function: the same bytes decode the same twice;
 *  - an unknown link type is understood not at all.
 * The formatting helpers run over the result too, with roomy and tiny
 * buffers. A broken promise aborts, so libFuzzer keeps the input.
 *
 * Seeds: fuzz/corpus/fuzz_decode, one file per link type: the frames of
 * the lessons' captures (TCP, UDP, ICMP, ICMPv6, IPv6) with that link
 * type's byte in front.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/decode.h"
#include "capture/packet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The first input byte modulo the table's size picks the row. */
static const uint32_t linktypes[] = {
	SV_LINK_NULL,
	SV_LINK_ETHERNET,
	SV_LINK_RAW,
	SV_LINK_LINUX_SLL,
	SV_LINK_IPV4,
	SV_LINK_IPV6,
	SV_LINK_LINUX_SLL2,
	147,                     /* LINKTYPE_USER0: not decoded */
};
#define N_LINKTYPES (sizeof(linktypes) / sizeof(linktypes[0]))

static void
broken(const char *what, uint32_t linktype, const struct sv_decoded *d)
{
	fprintf(stderr, "fuzz_decode: linktype %u: %s\n  proto %s, "
	    "payload_off %u, payload_len %u, truncated %d, malformed %d\n"
	    "  why: %.96s\n", linktype, what, sv_proto_name(d->proto),
	    d->payload_off, d->payload_len, d->truncated, d->malformed,
	    d->why);
	abort();
}

static int
family_ok(const struct sv_endpoint *e)
{
	return e->family == 0 || e->family == 4 || e->family == 6;
}

static void
check(uint32_t linktype, size_t len, enum sv_proto ret,
    const struct sv_decoded *d)
{
	char buf[128], tiny[3];

	if (ret != d->proto)
		broken("return value is not out->proto", linktype, d);
	if (d->proto < SV_PROTO_UNKNOWN || d->proto > SV_PROTO_ICMP6)
		broken("proto names no layer", linktype, d);
	if (memchr(d->why, '\0', sizeof(d->why)) == NULL)
		broken("why is not NUL-terminated", linktype, d);
	if ((d->truncated || d->malformed) && d->why[0] == '\0')
		broken("truncated or malformed without a reason", linktype, d);
	if (!family_ok(&d->src) || !family_ok(&d->dst))
		broken("an endpoint of an unknown family", linktype, d);
	if (d->proto == SV_PROTO_TCP || d->proto == SV_PROTO_UDP) {
		if (d->src.family == 0 || d->src.family != d->dst.family)
			broken("TCP/UDP without two endpoints of one family",
			    linktype, d);
		if (d->payload_off > len)
			broken("payload_off past the captured bytes",
			    linktype, d);
		if (!d->truncated &&
		    (uint64_t)d->payload_off + d->payload_len > len)
			broken("payload not truncated, yet past the captured"
			    " bytes", linktype, d);
	} else if (d->payload_off != 0 || d->payload_len != 0) {
		broken("a payload outside TCP and UDP", linktype, d);
	}
	if (d->quote.present && d->proto != SV_PROTO_ICMP &&
	    d->proto != SV_PROTO_ICMP6)
		broken("a quoted header outside ICMP", linktype, d);
	if (d->quote.present && (!family_ok(&d->quote.src) ||
	    !family_ok(&d->quote.dst)))
		broken("a quoted endpoint of an unknown family", linktype, d);

	/* What every renderer does with a decoded packet. */
	(void)strlen(sv_proto_name(d->proto));
	sv_tcp_flags_str(d->tcp_flags, ",", buf, sizeof(buf));
	sv_tcp_flags_str(d->tcp_flags, "-", tiny, sizeof(tiny));
	if (strlen(tiny) >= sizeof(tiny))
		broken("flags overran a small buffer", linktype, d);
	sv_endpoint_str(&d->src, 1, buf, sizeof(buf));
	sv_endpoint_str(&d->dst, 0, buf, sizeof(buf));
	sv_endpoint_str(&d->src, 1, tiny, sizeof(tiny));
	if (d->quote.present) {
		sv_endpoint_str(&d->quote.src, 1, buf, sizeof(buf));
		sv_endpoint_str(&d->quote.dst, 1, buf, sizeof(buf));
	}
	if (!sv_endpoint_eq(&d->src, &d->src))
		broken("an endpoint differs from itself", linktype, d);
}

/* Field by field: struct copies may carry any padding bytes. */
static int
same_endpoint(const struct sv_endpoint *a, const struct sv_endpoint *b)
{
	return a->family == b->family && a->port == b->port &&
	    memcmp(a->addr, b->addr, sizeof(a->addr)) == 0;
}

static int
same_decoded(const struct sv_decoded *a, const struct sv_decoded *b)
{
	return a->proto == b->proto && a->ethertype == b->ethertype &&
	    same_endpoint(&a->src, &b->src) &&
	    same_endpoint(&a->dst, &b->dst) && a->ttl == b->ttl &&
	    a->tcp_flags == b->tcp_flags && a->seq == b->seq &&
	    a->ack == b->ack && a->window == b->window &&
	    a->payload_len == b->payload_len &&
	    a->payload_off == b->payload_off &&
	    a->icmp_type == b->icmp_type && a->icmp_code == b->icmp_code &&
	    a->quote.present == b->quote.present &&
	    a->quote.proto == b->quote.proto &&
	    same_endpoint(&a->quote.src, &b->quote.src) &&
	    same_endpoint(&a->quote.dst, &b->quote.dst) &&
	    a->truncated == b->truncated && a->malformed == b->malformed &&
	    strcmp(a->why, b->why) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sv_decoded d, again;

	if (size < 1)
		return 0;
	uint32_t linktype = linktypes[data[0] % N_LINKTYPES];
	size_t len = size - 1;
	uint8_t *frame = malloc(len ? len : 1);
	if (frame == NULL)
		return 0;
	if (len > 0)
		memcpy(frame, data + 1, len);

	enum sv_proto ret = sv_decode(linktype, frame, len, &d);
	check(linktype, len, ret, &d);
	if (linktype == 147 && d.proto != SV_PROTO_UNKNOWN)
		broken("an unknown link type was understood", linktype, &d);
	sv_decode(linktype, frame, len, &again);
	if (!same_decoded(&d, &again))
		broken("the same bytes decoded differently", linktype, &d);
	/* The short decoding of a first pass tells conversations apart as
	 * the whole one does. */
	struct sv_decoded e;
	if (sv_decode_ends(linktype, frame, len, &e) != ret ||
	    e.proto != d.proto || !same_endpoint(&e.src, &d.src) ||
	    !same_endpoint(&e.dst, &d.dst) || (d.proto == SV_PROTO_TCP &&
	    (e.tcp_flags != d.tcp_flags || e.seq != d.seq)))
		broken("sv_decode_ends() disagrees with sv_decode()", linktype,
		    &d);
	free(frame);
	return 0;
}
