/*
 * TCP (RFC 9293).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          source port          |       destination port        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                        sequence number                        |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    acknowledgment number                      |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | data  |       |C|E|U|A|P|R|S|F|                               |
 *   | offset| rsvd  |W|C|R|C|S|S|Y|I|            window             |
 *   |       |       |R|E|G|K|H|T|N|N|                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |           checksum            |        urgent pointer         |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          options (data offset - 5 words, if any)              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                             data                              |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The data offset counts 32-bit words, so the header is 20 to 60 bytes.
 * TCP has no length of its own: the payload is whatever the IP layer
 * declares beyond the header.
 *
 * Everything sockviz reports is in the fixed 20 bytes. A snap length that
 * ends inside the options (tcpdump -s 64 cuts a SYN's 20 option bytes)
 * loses nothing it reports: the segment is still TCP, with its ports,
 * flags, numbers and declared payload length, marked truncated, as
 * Wireshark shows it. Only a cut inside the fixed 20 bytes leaves it IP.
 */
#include "capture/decode_internal.h"

#define TCP_MIN_HLEN 20

void
sv_decode_tcp(struct sv_dctx *d, struct sv_cursor c, size_t len)
{
	struct sv_decoded *out = d->out;
	size_t have = c.len, hlen;
	uint16_t sport, dport, win;
	uint32_t seq, ack;
	uint8_t off, flags;

	if (len < TCP_MIN_HLEN) {
		sv_note_malformed(out,
		    "TCP header needs 20 bytes, IP payload has %zu", len);
		return;
	}
	if (sv_get_be16(&c, &sport) < 0 || sv_get_be16(&c, &dport) < 0 ||
	    sv_get_be32(&c, &seq) < 0 || sv_get_be32(&c, &ack) < 0 ||
	    sv_get_u8(&c, &off) < 0 || sv_get_u8(&c, &flags) < 0 ||
	    sv_get_be16(&c, &win) < 0 || sv_skip(&c, 4) < 0) {
		sv_note_truncated(out,
		    "TCP header cut short: %zu of 20 bytes captured", have);
		return;
	}
	hlen = (size_t)(off >> 4) * 4;
	if (hlen < TCP_MIN_HLEN) {
		sv_note_malformed(out,
		    "TCP data offset %u (%zu bytes), expected at least 5 (20)",
		    off >> 4, hlen);
		return;
	}
	if (hlen > len) {
		sv_note_malformed(out,
		    "TCP data offset says %zu header bytes, IP payload has %zu",
		    hlen, len);
		return;
	}

	out->proto = SV_PROTO_TCP;
	out->src.port = sport;
	out->dst.port = dport;
	out->seq = seq;
	out->ack = ack;
	out->tcp_flags = flags;
	out->window = win;
	out->payload_len = (uint32_t)(len - hlen);
	/* Options carry nothing we report; step over them. */
	if (sv_skip(&c, hlen - TCP_MIN_HLEN) < 0) {
		/* The payload starts past the capture: point at its end, so
		 * that payload_off never exceeds what was captured. */
		out->payload_off = (uint32_t)(c.p + c.len - d->frame);
		sv_note_truncated(out,
		    "TCP options cut short: %zu of %zu header bytes captured",
		    have, hlen);
		return;
	}
	out->payload_off = (uint32_t)(c.p - d->frame);
	if (c.len < len - hlen)
		sv_note_truncated(out,
		    "TCP payload cut short: %zu of %zu bytes captured",
		    c.len, len - hlen);
}
