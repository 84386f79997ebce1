/*
 * Decoding of captured frames: link layer, IPv4/IPv6, TCP/UDP/ICMP/ICMPv6.
 *
 * Every read is bounds-checked against the captured length; nothing is
 * cast to a struct. Each layer is clamped to the length its parent
 * declares, so Ethernet padding never reaches TCP. The decoder fills what
 * it understood and says how far it got: a frame cut short by the snap
 * length still yields its outer layers, with `truncated` set.
 */
#ifndef SOCKVIZ_CAPTURE_DECODE_H
#define SOCKVIZ_CAPTURE_DECODE_H

#include <stddef.h>
#include <stdint.h>

/* How far the decoder understood a frame: the innermost layer it read. */
enum sv_proto {
	SV_PROTO_UNKNOWN = 0,    /* not even the link layer */
	SV_PROTO_LINK,           /* link layer only (ARP, LLDP, ...) */
	SV_PROTO_IPV4,           /* IP, but an upper layer we do not decode */
	SV_PROTO_IPV6,
	SV_PROTO_TCP,
	SV_PROTO_UDP,
	SV_PROTO_ICMP,
	SV_PROTO_ICMP6,
};

/* TCP flag bits as they stand in the header's 13th byte. */
enum {
	SV_TCP_FIN = 0x01,
	SV_TCP_SYN = 0x02,
	SV_TCP_RST = 0x04,
	SV_TCP_PSH = 0x08,
	SV_TCP_ACK = 0x10,
	SV_TCP_URG = 0x20,
	SV_TCP_ECE = 0x40,
	SV_TCP_CWR = 0x80,
};

/* An address and, for TCP and UDP, a port (host byte order). */
struct sv_endpoint {
	uint8_t family;          /* 4, 6, or 0 when absent */
	uint8_t addr[16];        /* IPv4 in the first 4 bytes */
	uint16_t port;
};

/* The IP + transport header an ICMP error quotes. */
struct sv_quote {
	int present;
	enum sv_proto proto;     /* SV_PROTO_TCP, _UDP, or the IP version alone */
	struct sv_endpoint src, dst;
};

struct sv_decoded {
	enum sv_proto proto;
	uint16_t ethertype;      /* when the link layer names one, else 0 */
	struct sv_endpoint src, dst;
	uint8_t ttl;             /* IPv4 TTL or IPv6 hop limit */

	/* TCP */
	uint8_t tcp_flags;
	uint32_t seq, ack;
	uint16_t window;

	/* TCP or UDP payload: the length the headers declare, clamped to the
	 * IP length, and where it starts in the frame. */
	uint32_t payload_len;
	uint32_t payload_off;

	/* ICMP / ICMPv6 */
	uint8_t icmp_type, icmp_code;
	struct sv_quote quote;   /* for destination unreachable and the like */

	int truncated;           /* the capture ended inside a header or payload */
	int malformed;           /* a header contradicted itself; see `why` */
	char why[96];            /* what was wrong, when truncated or malformed */
};

/*
 * Decode one frame of the given LINKTYPE. Always fills *out (zeroed first);
 * returns the innermost layer understood, the same value as out->proto.
 */
enum sv_proto sv_decode(uint32_t linktype, const uint8_t *buf, size_t len,
    struct sv_decoded *out);

/*
 * Only what tells a frame's conversation apart: proto, src and dst (with
 * their ports), and TCP's flags and sequence number, as sv_decode() gives
 * them; the other fields may be left zero. For a pass over a capture that
 * draws nothing (render/correlate.c, lanes only).
 */
enum sv_proto sv_decode_ends(uint32_t linktype, const uint8_t *buf,
    size_t len, struct sv_decoded *out);

/* "TCP", "UDP", "ICMP", "ICMPv6", "IPv4", "IPv6", "link", "unknown". */
const char *sv_proto_name(enum sv_proto p);

/*
 * TCP flags named in the order SYN, FIN, RST, PSH, ACK, URG, ECE, CWR,
 * joined by `sep` ("," for JSON, "-" for scenario expectations). Writes at
 * most size bytes including the NUL; returns buf.
 */
char *sv_tcp_flags_str(uint8_t flags, const char *sep, char *buf, size_t size);

/*
 * "127.0.0.1:8888", "[::1]:8888" (port 0 included), or "127.0.0.1", "::1"
 * when with_port is 0. size >= 64 suffices.
 */
char *sv_endpoint_str(const struct sv_endpoint *e, int with_port,
    char *buf, size_t size);

/* Same family, address and port. */
int sv_endpoint_eq(const struct sv_endpoint *a, const struct sv_endpoint *b);
/* An order of endpoints: family, then address bytes, then port. <0, 0, >0. */
int sv_endpoint_cmp(const struct sv_endpoint *x, const struct sv_endpoint *y);

#endif
