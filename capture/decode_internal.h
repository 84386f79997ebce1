/*
 * What the per-protocol decoders share; not for use outside capture/.
 *
 * Each layer gets a cursor over the bytes captured for it, already clamped
 * to the length its parent declared, and that declared length, so it can
 * tell "the capture stopped here" (truncated) from "the headers disagree"
 * (malformed). A layer writes into the result only once its own header is
 * complete and consistent; then it sets out->proto and hands its payload
 * on. So out->proto always names the innermost complete layer.
 */
#ifndef SOCKVIZ_CAPTURE_DECODE_INTERNAL_H
#define SOCKVIZ_CAPTURE_DECODE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "capture/decode.h"
#include "capture/extract.h"

/* One frame being decoded. */
struct sv_dctx {
	const uint8_t *frame;    /* first byte: payload_off counts from here */
	struct sv_decoded *out;
};

/* What a header parser made of its bytes. */
enum sv_parse {
	SV_PARSE_OK,
	SV_PARSE_SHORT,          /* the bytes ran out inside the header */
	SV_PARSE_BAD,            /* the header contradicts itself */
};

/*
 * An IPv4 or IPv6 header as the layers above need it. Parsed apart from
 * sv_decoded because ICMP errors quote one too.
 */
struct sv_ip {
	uint8_t family;          /* 4 or 6 */
	uint8_t src[16], dst[16];
	uint8_t ttl;             /* TTL or hop limit */
	uint8_t next;            /* upper-layer protocol number */
	int fragment;            /* one piece of a fragmented datagram */
	int later_fragment;      /* not the first piece: no upper header here */
	size_t hlen;             /* header bytes, options and extensions included */
	size_t total;            /* datagram length the header declares */
};

/* Record a problem; the first `why` stays, later ones only set the flag. */
void sv_note_truncated(struct sv_decoded *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void sv_note_malformed(struct sv_decoded *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Copy an IP header's addresses into endpoints (port 0). */
void sv_ip_endpoints(const struct sv_ip *ip, struct sv_endpoint *src,
    struct sv_endpoint *dst);

/*
 * Hand an IP payload to its upper-layer decoder. c holds the captured
 * payload bytes, clamped to `declared`, the payload length the IP header
 * claims.
 */
void sv_decode_upper(struct sv_dctx *d, const struct sv_ip *ip,
    struct sv_cursor c, size_t declared);

/* decode_link.c */
void sv_decode_ethernet(struct sv_dctx *d, struct sv_cursor c);
void sv_decode_sll(struct sv_dctx *d, struct sv_cursor c);
void sv_decode_sll2(struct sv_dctx *d, struct sv_cursor c);
void sv_decode_null(struct sv_dctx *d, struct sv_cursor c);
void sv_decode_raw(struct sv_dctx *d, struct sv_cursor c);

/* decode_ipv4.c */
enum sv_parse sv_parse_ipv4(struct sv_cursor c, struct sv_ip *ip,
    char *why, size_t size);
void sv_decode_ipv4(struct sv_dctx *d, struct sv_cursor c);

/* decode_ipv6.c: the fixed header, then the extension header chain. */
enum sv_parse sv_parse_ipv6(struct sv_cursor c, struct sv_ip *ip,
    char *why, size_t size);
enum sv_parse sv_ipv6_walk_ext(struct sv_cursor *c, size_t *left,
    struct sv_ip *ip, char *why, size_t size);
void sv_decode_ipv6(struct sv_dctx *d, struct sv_cursor c);

/* decode_tcp.c, decode_udp.c, decode_icmp.c, decode_icmp6.c */
void sv_decode_tcp(struct sv_dctx *d, struct sv_cursor c, size_t len);
void sv_decode_udp(struct sv_dctx *d, struct sv_cursor c, size_t len,
    int fragment);
void sv_decode_icmp(struct sv_dctx *d, struct sv_cursor c, size_t len);
void sv_decode_icmp6(struct sv_dctx *d, struct sv_cursor c, size_t len);

#endif
