/*
 * Unit tests of the packet decoder (capture/decode*.c).
 *
 * Each frame is written out byte by byte, with the decoding above it in
 * the style of a tcpdump line. Checksums in the frames are correct unless
 * a test says it edits a byte (the decoder does not verify them anyway).
 *
 * Every frame is decoded from a heap copy of exactly its length, so
 * AddressSanitizer reports a read even one byte past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "capture/decode.h"
#include "capture/packet.h"
#include "render/timeline.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- frames ---------------------------------------------------------- */

/*
 * 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4, length 74:
 * (ttl 64, id 4660, flags [DF], proto TCP, length 60)
 * 10.0.0.1.40000 > 10.0.0.2.8888: Flags [S], seq 1000, win 64240,
 *     options [mss 1460,sackOK,TS val 100 ecr 0,nop,wscale 7], length 0
 */
static const uint8_t syn_frame[] = {
	/* Ethernet: dst, src, type 0x0800 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00,
	/* IPv4: IHL 5, len 60, id 0x1234, DF, ttl 64, proto 6 */
	0x45, 0x00, 0x00, 0x3c, 0x12, 0x34, 0x40, 0x00,
	0x40, 0x06, 0x14, 0x86,
	0x0a, 0x00, 0x00, 0x01,         /* 10.0.0.1 */
	0x0a, 0x00, 0x00, 0x02,         /* 10.0.0.2 */
	/* TCP: 40000 > 8888, seq 1000, ack 0, offset 10, [S], win 64240 */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x00, 0x00,
	0xa0, 0x02, 0xfa, 0xf0,
	0x75, 0xc8, 0x00, 0x00,
	/* options: mss 1460, sackOK, TS 100 0, nop, wscale 7 */
	0x02, 0x04, 0x05, 0xb4,
	0x04, 0x02,
	0x08, 0x0a, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00,
	0x01,
	0x03, 0x03, 0x07,
};

/*
 * 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4, length 74:
 * (ttl 64, id 0, flags [DF], proto TCP, length 60)
 * 10.0.0.2.8888 > 10.0.0.1.40000: Flags [S.], seq 5000, ack 1001,
 *     win 65160, options [mss 1460,sackOK,TS val 200 ecr 100,nop,wscale 7],
 *     length 0
 */
static const uint8_t synack_frame[] = {
	/* Ethernet */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x08, 0x00,
	/* IPv4: len 60, id 0, DF, ttl 64, TCP, 10.0.0.2 > 10.0.0.1 */
	0x45, 0x00, 0x00, 0x3c, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x26, 0xba,
	0x0a, 0x00, 0x00, 0x02,
	0x0a, 0x00, 0x00, 0x01,
	/* TCP: 8888 > 40000, seq 5000, ack 1001, offset 10, [S.], win 65160 */
	0x22, 0xb8, 0x9c, 0x40,
	0x00, 0x00, 0x13, 0x88,
	0x00, 0x00, 0x03, 0xe9,
	0xa0, 0x12, 0xfe, 0x88,
	0x5d, 0xcf, 0x00, 0x00,
	/* options: mss 1460, sackOK, TS 200 100, nop, wscale 7 */
	0x02, 0x04, 0x05, 0xb4,
	0x04, 0x02,
	0x08, 0x0a, 0x00, 0x00, 0x00, 0xc8, 0x00, 0x00, 0x00, 0x64,
	0x01,
	0x03, 0x03, 0x07,
};

/*
 * 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4, length 59:
 * (ttl 64, id 4661, flags [DF], proto TCP, length 45)
 * 10.0.0.1.40000 > 10.0.0.2.8888: Flags [P.], seq 1001:1006, ack 5001,
 *     win 502, length 5: "hello"
 */
static const uint8_t data_frame[] = {
	/* Ethernet */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00,
	/* IPv4: len 45, id 0x1235, DF, ttl 64, TCP */
	0x45, 0x00, 0x00, 0x2d, 0x12, 0x35, 0x40, 0x00,
	0x40, 0x06, 0x14, 0x94,
	0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	/* TCP: 40000 > 8888, seq 1001, ack 5001, offset 5, [P.], win 502 */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x03, 0xe9,
	0x00, 0x00, 0x13, 0x89,
	0x50, 0x18, 0x01, 0xf6,
	0x7f, 0x92, 0x00, 0x00,
	/* "hello" */
	0x68, 0x65, 0x6c, 0x6c, 0x6f,
};

/*
 * 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4, length 60:
 * (ttl 64, id 1, flags [DF], proto TCP, length 40)
 * 10.0.0.2.8888 > 10.0.0.1.40000: Flags [.], seq 5001, ack 1006, win 509,
 *     length 0
 * followed by 6 bytes of Ethernet padding up to the 60-byte minimum.
 */
static const uint8_t padded_frame[] = {
	/* Ethernet */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x08, 0x00,
	/* IPv4: len 40, id 1, DF, ttl 64, TCP, 10.0.0.2 > 10.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x40, 0x00,
	0x40, 0x06, 0x26, 0xcd,
	0x0a, 0x00, 0x00, 0x02,
	0x0a, 0x00, 0x00, 0x01,
	/* TCP: 8888 > 40000, seq 5001, ack 1006, offset 5, [.], win 509 */
	0x22, 0xb8, 0x9c, 0x40,
	0x00, 0x00, 0x13, 0x89,
	0x00, 0x00, 0x03, 0xee,
	0x50, 0x10, 0x01, 0xfd,
	0xc3, 0x65, 0x00, 0x00,
	/* padding: not zeros, so nothing can pass for "empty" by luck */
	0xde, 0xad, 0xbe, 0xef, 0xde, 0xad,
};

/*
 * 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4, length 46:
 * (ttl 64, id 8192, flags [DF], proto UDP, length 32)
 * 10.0.0.1.40001 > 10.0.0.2.9999: UDP, length 4: "ping"
 */
static const uint8_t udp_frame[] = {
	/* Ethernet */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00,
	/* IPv4: len 32, id 0x2000, DF, ttl 64, proto 17 */
	0x45, 0x00, 0x00, 0x20, 0x20, 0x00, 0x40, 0x00,
	0x40, 0x11, 0x06, 0xcb,
	0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	/* UDP: 40001 > 9999, length 12 */
	0x9c, 0x41, 0x27, 0x0f, 0x00, 0x0c, 0x49, 0xb2,
	/* "ping" */
	0x70, 0x69, 0x6e, 0x67,
};

/* Offsets into udp_frame, for the tests that edit it. */
#define UDP_FRAME_IP      14
#define UDP_FRAME_UDP     34

/*
 * 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv6, length 77:
 * (hlim 64, next-header TCP (6) payload length: 23)
 * 2001:db8::1.50000 > 2001:db8::2.443: Flags [P.], seq 1:4, ack 1,
 *     win 512, length 3: "abc"
 */
static const uint8_t v6tcp_frame[] = {
	/* Ethernet, type 0x86dd */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x86, 0xdd,
	/* IPv6: payload length 23, next header 6, hop limit 64 */
	0x60, 0x00, 0x00, 0x00, 0x00, 0x17, 0x06, 0x40,
	/* 2001:db8::1 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	/* 2001:db8::2 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	/* TCP: 50000 > 443, seq 1, ack 1, offset 5, [P.], win 512 */
	0xc3, 0x50, 0x01, 0xbb,
	0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x01,
	0x50, 0x18, 0x02, 0x00,
	0xc8, 0xe4, 0x00, 0x00,
	/* "abc" */
	0x61, 0x62, 0x63,
};

/*
 * 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv6, length 90:
 * (hlim 64, next-header Options (0) payload length: 36)
 * 2001:db8::1 > 2001:db8::2: HBH (rtalert: 0x0000) (padn) DSTOPT (padn)
 *     40002 > 9999: UDP, length 4: "ping"
 */
static const uint8_t v6ext_frame[] = {
	/* Ethernet, type 0x86dd */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x86, 0xdd,
	/* IPv6: payload length 36, next header 0 (hop-by-hop), hlim 64 */
	0x60, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	/* hop-by-hop: next 60, ext len 0 (8 bytes): router alert, PadN */
	0x3c, 0x00, 0x05, 0x02, 0x00, 0x00, 0x01, 0x00,
	/* destination options: next 17, ext len 1 (16 bytes): PadN 12 */
	0x11, 0x01, 0x01, 0x0c, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* UDP: 40002 > 9999, length 12 */
	0x9c, 0x42, 0x27, 0x0f, 0x00, 0x0c, 0x02, 0x3f,
	/* "ping" */
	0x70, 0x69, 0x6e, 0x67,
};

/*
 * 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv6, length 86:
 * (hlim 64, next-header Fragment (44) payload length: 24)
 * 2001:db8::1 > 2001:db8::2: frag (0x11223344:0|16) 40002 > 9999: UDP,
 *     length 1000
 * The first piece of a 1008-byte UDP datagram: the UDP length is the
 * whole datagram's.
 */
static const uint8_t frag6_frame[] = {
	/* Ethernet, type 0x86dd */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x86, 0xdd,
	/* IPv6: payload length 24, next header 44 (fragment), hlim 64 */
	0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x2c, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	/* fragment: next 17, offset 0, M=1, id 0x11223344 */
	0x11, 0x00, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44,
	/* UDP: 40002 > 9999, length 1008, checksum left 0 */
	0x9c, 0x42, 0x27, 0x0f, 0x03, 0xf0, 0x00, 0x00,
	/* "fragment" */
	0x66, 0x72, 0x61, 0x67, 0x6d, 0x65, 0x6e, 0x74,
};

#define FRAG6_FRAME_FRAG  54

/*
 * In 00:00:00:00:00:00 ethertype IPv4, length 56:
 * (ttl 64, id 0, flags [DF], proto TCP, length 40)
 * 127.0.0.1.8888 > 127.0.0.1.40000: Flags [R.], seq 0, ack 1, win 0,
 *     length 0
 */
static const uint8_t sll_frame[] = {
	/* cooked v1: to us (0), ARPHRD_LOOPBACK (772), addr len 6,
	 * address 00:00:00:00:00:00 + 2 bytes padding, protocol 0x0800 */
	0x00, 0x00, 0x03, 0x04, 0x00, 0x06,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x08, 0x00,
	/* IPv4: len 40, id 0, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01,
	0x7f, 0x00, 0x00, 0x01,
	/* TCP: 8888 > 40000, seq 0, ack 1, offset 5, [R.], win 0 */
	0x22, 0xb8, 0x9c, 0x40,
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01,
	0x50, 0x14, 0x00, 0x00,
	0xf2, 0xd4, 0x00, 0x00,
};

/*
 * lo In ifindex 1 00:00:00:00:00:00 ethertype IPv6, length 80:
 * (hlim 64, next-header TCP (6) payload length: 20)
 * ::1.40000 > ::1.8888: Flags [F.], seq 10, ack 20, win 512, length 0
 */
static const uint8_t sll2_frame[] = {
	/* cooked v2: protocol 0x86dd, reserved, ifindex 1,
	 * ARPHRD_LOOPBACK (772), to us (0), addr len 6, address + padding */
	0x86, 0xdd, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01,
	0x03, 0x04, 0x00, 0x06,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	/* IPv6: payload length 20, next header 6, hlim 64, ::1 > ::1 */
	0x60, 0x00, 0x00, 0x00, 0x00, 0x14, 0x06, 0x40,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	/* TCP: 40000 > 8888, seq 10, ack 20, offset 5, [F.], win 512 */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x00, 0x0a,
	0x00, 0x00, 0x00, 0x14,
	0x50, 0x11, 0x02, 0x00,
	0xee, 0xbb, 0x00, 0x00,
};

/*
 * AF IPv4 (2), length 44: (ttl 64, id 12288, flags [DF], proto TCP,
 * length 40)
 * 127.0.0.1.40000 > 127.0.0.1.8888: Flags [S], seq 42, win 65495, length 0
 * The first 4 bytes are overwritten in host order by the test.
 */
static const uint8_t null4_frame[] = {
	/* BSD loopback: AF_INET, little-endian here */
	0x02, 0x00, 0x00, 0x00,
	/* IPv4: len 40, id 0x3000, DF, ttl 64, TCP */
	0x45, 0x00, 0x00, 0x28, 0x30, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x0c, 0xce,
	0x7f, 0x00, 0x00, 0x01,
	0x7f, 0x00, 0x00, 0x01,
	/* TCP: 40000 > 8888, seq 42, ack 0, offset 5, [S], win 65495 */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x00, 0x2a,
	0x00, 0x00, 0x00, 0x00,
	0x50, 0x02, 0xff, 0xd7,
	0xf2, 0xe5, 0x00, 0x00,
};

/*
 * AF IPv6 (30), length 54: (hlim 64, next-header UDP (17)
 * payload length: 10) ::1.40003 > ::1.9999: UDP, length 2: "hi"
 * The family is 30 (macOS AF_INET6) written big-endian, as a big-endian
 * Mac would have.
 */
static const uint8_t null6_frame[] = {
	/* BSD loopback: AF_INET6 = 30, big-endian */
	0x00, 0x00, 0x00, 0x1e,
	/* IPv6: payload length 10, next header 17, hlim 64, ::1 > ::1 */
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x11, 0x40,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	/* UDP: 40003 > 9999, length 10 */
	0x9c, 0x43, 0x27, 0x0f, 0x00, 0x0a, 0xd4, 0x1c,
	/* "hi" */
	0x68, 0x69,
};

/*
 * 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype 802.1Q, length 50:
 * vlan 100, p 0, ethertype IPv4, (ttl 64, id 8193, flags [DF], proto UDP,
 * length 32) 10.0.0.1.40001 > 10.0.0.2.9999: UDP, length 4: "ping"
 */
static const uint8_t vlan_frame[] = {
	/* Ethernet, type 0x8100 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x81, 0x00,
	/* tag: priority 0, VLAN 100, inner type 0x0800 */
	0x00, 0x64, 0x08, 0x00,
	/* IPv4: len 32, id 0x2001, DF, ttl 64, UDP */
	0x45, 0x00, 0x00, 0x20, 0x20, 0x01, 0x40, 0x00,
	0x40, 0x11, 0x06, 0xca,
	0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	/* UDP: 40001 > 9999, length 12 */
	0x9c, 0x41, 0x27, 0x0f, 0x00, 0x0c, 0x49, 0xb2,
	/* "ping" */
	0x70, 0x69, 0x6e, 0x67,
};

/*
 * 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype 802.1Q-QinQ, length 62:
 * vlan 10, p 0, ethertype 802.1Q, vlan 20, p 0, ethertype IPv4,
 * (ttl 64, id 4662, flags [DF], proto TCP, length 40)
 * 10.0.0.1.40000 > 10.0.0.2.8888: Flags [.], seq 1006, ack 5001, win 502,
 *     length 0
 */
static const uint8_t qinq_frame[] = {
	/* Ethernet, type 0x88a8 */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x88, 0xa8,
	/* outer tag: VLAN 10, inner type 0x8100 */
	0x00, 0x0a, 0x81, 0x00,
	/* inner tag: VLAN 20, type 0x0800 */
	0x00, 0x14, 0x08, 0x00,
	/* IPv4: len 40, id 0x1236, DF, ttl 64, TCP */
	0x45, 0x00, 0x00, 0x28, 0x12, 0x36, 0x40, 0x00,
	0x40, 0x06, 0x14, 0x98,
	0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	/* TCP: 40000 > 8888, seq 1006, ack 5001, offset 5, [.], win 502 */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x03, 0xee,
	0x00, 0x00, 0x13, 0x89,
	0x50, 0x10, 0x01, 0xf6,
	0xc3, 0x6c, 0x00, 0x00,
};

/*
 * 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv4, length 70:
 * (ttl 64, id 16384, flags [none], proto ICMP, length 56)
 * 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 9999 unreachable, length 36
 *     (ttl 64, id 8192, flags [DF], proto UDP, length 32)
 *     10.0.0.1.40001 > 10.0.0.2.9999: UDP, length 4
 */
static const uint8_t icmp_frame[] = {
	/* Ethernet */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x08, 0x00,
	/* IPv4: len 56, id 0x4000, ttl 64, proto 1, 10.0.0.2 > 10.0.0.1 */
	0x45, 0x00, 0x00, 0x38, 0x40, 0x00, 0x00, 0x00,
	0x40, 0x01, 0x26, 0xc3,
	0x0a, 0x00, 0x00, 0x02,
	0x0a, 0x00, 0x00, 0x01,
	/* ICMP: type 3 (unreachable), code 3 (port), unused */
	0x03, 0x03, 0xef, 0xed, 0x00, 0x00, 0x00, 0x00,
	/* quoted IPv4: len 32, UDP, 10.0.0.1 > 10.0.0.2 */
	0x45, 0x00, 0x00, 0x20, 0x20, 0x00, 0x40, 0x00,
	0x40, 0x11, 0x06, 0xcb,
	0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	/* quoted UDP: 40001 > 9999, length 12 */
	0x9c, 0x41, 0x27, 0x0f, 0x00, 0x0c, 0x49, 0xb2,
};

#define ICMP_FRAME_ICMP   34
#define ICMP_FRAME_QUOTE  42

/*
 * 02:00:00:00:00:02 > 02:00:00:00:00:01, ethertype IPv6, length 114:
 * (hlim 64, next-header ICMPv6 (58) payload length: 60)
 * 2001:db8::2 > 2001:db8::1: ICMP6, destination unreachable,
 *     unreachable port, 2001:db8::2 udp port 9999
 *     quoting 2001:db8::1.40002 > 2001:db8::2.9999: UDP, length 4
 */
static const uint8_t icmp6_frame[] = {
	/* Ethernet, type 0x86dd */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x86, 0xdd,
	/* IPv6: payload length 60, next header 58, hlim 64 */
	0x60, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x3a, 0x40,
	/* 2001:db8::2 > 2001:db8::1 */
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	/* ICMPv6: type 1 (unreachable), code 4 (port), unused */
	0x01, 0x04, 0x31, 0xe1, 0x00, 0x00, 0x00, 0x00,
	/* quoted IPv6: payload length 12, UDP, 2001:db8::1 > 2001:db8::2 */
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x11, 0x40,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
	/* quoted UDP: 40002 > 9999, length 12, then "ping" */
	0x9c, 0x42, 0x27, 0x0f, 0x00, 0x0c, 0x02, 0x3f,
	0x70, 0x69, 0x6e, 0x67,
};

/*
 * 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP, length 42:
 * Request who-has 10.0.0.2 tell 10.0.0.1, length 28
 */
static const uint8_t arp_frame[] = {
	/* Ethernet: broadcast, type 0x0806 */
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x06,
	/* ARP: Ethernet/IPv4, request, sender 02:..:01 10.0.0.1,
	 * target 00:..:00 10.0.0.2 */
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x02,
};

/* ---- helpers --------------------------------------------------------- */

/*
 * Decode from a heap copy of exactly len bytes: a stack array with other
 * data after it would hide a read past the end from AddressSanitizer.
 */
static enum sv_proto
decode_exact(uint32_t linktype, const uint8_t *bytes, size_t len,
    struct sv_decoded *d)
{
	uint8_t *copy = NULL;
	enum sv_proto p;

	if (len > 0) {
		copy = malloc(len);
		assert_non_null(copy);
		memcpy(copy, bytes, len);
	}
	p = sv_decode(linktype, copy, len, d);
	free(copy);
	return p;
}

/* A writable copy of a frame, for the tests that break one field. */
static uint8_t *
frame_copy(const uint8_t *bytes, size_t len)
{
	uint8_t *copy = malloc(len);

	assert_non_null(copy);
	memcpy(copy, bytes, len);
	return copy;
}

static void
assert_endpoint(const struct sv_endpoint *e, const char *want)
{
	char buf[64];

	/* ICMP endpoints carry no port, and are written without one. */
	assert_string_equal(sv_endpoint_str(e, e->port != 0, buf,
	    sizeof(buf)), want);
}

static void
assert_clean(const struct sv_decoded *d)
{
	assert_int_equal(d->truncated, 0);
	assert_int_equal(d->malformed, 0);
	assert_string_equal(d->why, "");
}

/* How deep a layer is, so "never claims more than the full frame" can be
 * checked across protocols. */
static int
depth(enum sv_proto p)
{
	switch (p) {
	case SV_PROTO_UNKNOWN:
		return 0;
	case SV_PROTO_LINK:
		return 1;
	case SV_PROTO_IPV4:
	case SV_PROTO_IPV6:
		return 2;
	case SV_PROTO_TCP:
	case SV_PROTO_UDP:
	case SV_PROTO_ICMP:
	case SV_PROTO_ICMP6:
		return 3;
	}
	return -1;
}

/* What must hold for any input at all. */
static void
assert_sane(const struct sv_decoded *d, size_t len)
{
	assert_true(depth(d->proto) >= 0);
	assert_true(memchr(d->why, '\0', sizeof(d->why)) != NULL);
	if (d->truncated || d->malformed)
		assert_true(d->why[0] != '\0');
	if (d->proto == SV_PROTO_TCP || d->proto == SV_PROTO_UDP) {
		assert_true(d->payload_off <= len);
		if (!d->truncated)
			assert_true((size_t)d->payload_off + d->payload_len
			    <= len);
	}
	if (d->src.family != 0)
		assert_true(d->src.family == 4 || d->src.family == 6);
}

/* ---- well-formed frames ---------------------------------------------- */

static void
test_eth_ipv4_tcp_syn(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, syn_frame,
	    sizeof(syn_frame), &d), SV_PROTO_TCP);
	assert_int_equal(d.proto, SV_PROTO_TCP);
	assert_clean(&d);
	assert_int_equal(d.ethertype, 0x0800);
	assert_endpoint(&d.src, "10.0.0.1:40000");
	assert_endpoint(&d.dst, "10.0.0.2:8888");
	assert_int_equal(d.src.family, 4);
	assert_int_equal(d.src.port, 40000);
	assert_int_equal(d.dst.port, 8888);
	assert_int_equal(d.ttl, 64);
	assert_int_equal(d.tcp_flags, SV_TCP_SYN);
	assert_int_equal(d.seq, 1000);
	assert_int_equal(d.ack, 0);
	assert_int_equal(d.window, 64240);
	/* 14 + 20 + 40: the options are header, not payload */
	assert_int_equal(d.payload_off, 74);
	assert_int_equal(d.payload_len, 0);
}

static void
test_eth_ipv4_tcp_synack(void **state)
{
	struct sv_decoded d;
	char flags[48];
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, synack_frame,
	    sizeof(synack_frame), &d), SV_PROTO_TCP);
	assert_clean(&d);
	assert_endpoint(&d.src, "10.0.0.2:8888");
	assert_endpoint(&d.dst, "10.0.0.1:40000");
	assert_int_equal(d.tcp_flags, SV_TCP_SYN | SV_TCP_ACK);
	assert_string_equal(sv_tcp_flags_str(d.tcp_flags, ",", flags,
	    sizeof(flags)), "SYN,ACK");
	assert_int_equal(d.seq, 5000);
	assert_int_equal(d.ack, 1001);
	assert_int_equal(d.window, 65160);
	assert_int_equal(d.payload_len, 0);
}

static void
test_eth_ipv4_tcp_data_psh(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, data_frame,
	    sizeof(data_frame), &d), SV_PROTO_TCP);
	assert_clean(&d);
	assert_int_equal(d.tcp_flags, SV_TCP_PSH | SV_TCP_ACK);
	assert_int_equal(d.seq, 1001);
	assert_int_equal(d.ack, 5001);
	assert_int_equal(d.window, 502);
	assert_int_equal(d.payload_off, 54);
	assert_int_equal(d.payload_len, 5);
	assert_memory_equal(data_frame + d.payload_off, "hello", 5);
}

static void
test_eth_padding_not_payload(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, padded_frame,
	    sizeof(padded_frame), &d), SV_PROTO_TCP);
	assert_clean(&d);
	assert_int_equal(d.tcp_flags, SV_TCP_ACK);
	assert_int_equal(d.payload_off, 54);
	assert_int_equal(d.payload_len, 0);

	/* Losing padding to the snap length is no truncation. */
	for (size_t len = 54; len < sizeof(padded_frame); len++) {
		decode_exact(SV_LINK_ETHERNET, padded_frame, len, &d);
		assert_int_equal(d.proto, SV_PROTO_TCP);
		assert_clean(&d);
		assert_int_equal(d.payload_len, 0);
	}
}

static void
test_eth_ipv4_udp(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, udp_frame,
	    sizeof(udp_frame), &d), SV_PROTO_UDP);
	assert_clean(&d);
	assert_endpoint(&d.src, "10.0.0.1:40001");
	assert_endpoint(&d.dst, "10.0.0.2:9999");
	assert_int_equal(d.payload_off, 42);
	assert_int_equal(d.payload_len, 4);
	assert_int_equal(d.tcp_flags, 0);
}

static void
test_eth_ipv6_tcp(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, v6tcp_frame,
	    sizeof(v6tcp_frame), &d), SV_PROTO_TCP);
	assert_clean(&d);
	assert_int_equal(d.ethertype, 0x86dd);
	assert_int_equal(d.src.family, 6);
	assert_endpoint(&d.src, "[2001:db8::1]:50000");
	assert_endpoint(&d.dst, "[2001:db8::2]:443");
	assert_int_equal(d.ttl, 64);
	assert_int_equal(d.tcp_flags, SV_TCP_PSH | SV_TCP_ACK);
	assert_int_equal(d.payload_off, 74);
	assert_int_equal(d.payload_len, 3);
}

static void
test_ipv6_hbh_dstopts_udp(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, v6ext_frame,
	    sizeof(v6ext_frame), &d), SV_PROTO_UDP);
	assert_clean(&d);
	assert_endpoint(&d.src, "[2001:db8::1]:40002");
	assert_endpoint(&d.dst, "[2001:db8::2]:9999");
	/* 14 + 40 + 8 + 16 + 8 */
	assert_int_equal(d.payload_off, 86);
	assert_int_equal(d.payload_len, 4);
}

static void
test_ipv6_fragments(void **state)
{
	struct sv_decoded d;
	uint8_t *f = frame_copy(frag6_frame, sizeof(frag6_frame));
	(void)state;

	/* First piece: UDP's length speaks for the whole datagram, so it
	 * may exceed this packet without being malformed. */
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f,
	    sizeof(frag6_frame), &d), SV_PROTO_UDP);
	assert_clean(&d);
	assert_endpoint(&d.src, "[2001:db8::1]:40002");
	assert_int_equal(d.payload_len, 8);

	/* Offset 1000 (125 units), M=0: a later piece starts mid-datagram
	 * and must not be read as a UDP header. */
	f[FRAG6_FRAME_FRAG + 2] = 0x03;
	f[FRAG6_FRAME_FRAG + 3] = 0xe8;
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f,
	    sizeof(frag6_frame), &d), SV_PROTO_IPV6);
	assert_clean(&d);
	assert_endpoint(&d.src, "2001:db8::1");
	free(f);
}

static void
test_ipv6_jumbogram_malformed(void **state)
{
	struct sv_decoded d;
	uint8_t *f = frame_copy(v6ext_frame, sizeof(v6ext_frame));
	(void)state;

	/* payload length 0 in front of a hop-by-hop header */
	f[14 + 4] = 0x00;
	f[14 + 5] = 0x00;
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f,
	    sizeof(v6ext_frame), &d), SV_PROTO_IPV6);
	assert_int_equal(d.malformed, 1);
	assert_non_null(strstr(d.why, "jumbogram"));
	assert_endpoint(&d.dst, "2001:db8::2");
	free(f);
}

static void
test_sll_ipv4_tcp(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_LINUX_SLL, sll_frame,
	    sizeof(sll_frame), &d), SV_PROTO_TCP);
	assert_clean(&d);
	assert_int_equal(d.ethertype, 0x0800);
	assert_endpoint(&d.src, "127.0.0.1:8888");
	assert_endpoint(&d.dst, "127.0.0.1:40000");
	assert_int_equal(d.tcp_flags, SV_TCP_RST | SV_TCP_ACK);
	assert_int_equal(d.ack, 1);
	assert_int_equal(d.payload_off, 56);
	assert_int_equal(d.payload_len, 0);
}

static void
test_sll2_ipv6_tcp(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_LINUX_SLL2, sll2_frame,
	    sizeof(sll2_frame), &d), SV_PROTO_TCP);
	assert_clean(&d);
	assert_int_equal(d.ethertype, 0x86dd);
	assert_endpoint(&d.src, "[::1]:40000");
	assert_endpoint(&d.dst, "[::1]:8888");
	assert_int_equal(d.tcp_flags, SV_TCP_FIN | SV_TCP_ACK);
	assert_int_equal(d.seq, 10);
	assert_int_equal(d.ack, 20);
	assert_int_equal(d.payload_off, 80);
}

static void
test_null_ipv4_host_order(void **state)
{
	struct sv_decoded d;
	uint8_t *f = frame_copy(null4_frame, sizeof(null4_frame));
	uint32_t af_inet = 2;
	(void)state;

	/* What the capturing host wrote: its own byte order. */
	memcpy(f, &af_inet, sizeof(af_inet));
	assert_int_equal(decode_exact(SV_LINK_NULL, f, sizeof(null4_frame),
	    &d), SV_PROTO_TCP);
	assert_clean(&d);
	assert_int_equal(d.ethertype, 0);
	assert_endpoint(&d.src, "127.0.0.1:40000");
	assert_endpoint(&d.dst, "127.0.0.1:8888");
	assert_int_equal(d.tcp_flags, SV_TCP_SYN);
	assert_int_equal(d.payload_off, 44);
	free(f);
}

static void
test_null_ipv6_other_order(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_NULL, null6_frame,
	    sizeof(null6_frame), &d), SV_PROTO_UDP);
	assert_clean(&d);
	assert_endpoint(&d.src, "[::1]:40003");
	assert_endpoint(&d.dst, "[::1]:9999");
	assert_int_equal(d.payload_len, 2);
}

static void
test_vlan_udp(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, vlan_frame,
	    sizeof(vlan_frame), &d), SV_PROTO_UDP);
	assert_clean(&d);
	/* the type of what the tags carry, not the tag's */
	assert_int_equal(d.ethertype, 0x0800);
	assert_endpoint(&d.src, "10.0.0.1:40001");
	assert_endpoint(&d.dst, "10.0.0.2:9999");
	assert_int_equal(d.payload_off, 46);
	assert_int_equal(d.payload_len, 4);
}

static void
test_qinq_tcp(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, qinq_frame,
	    sizeof(qinq_frame), &d), SV_PROTO_TCP);
	assert_clean(&d);
	assert_int_equal(d.ethertype, 0x0800);
	assert_endpoint(&d.src, "10.0.0.1:40000");
	assert_int_equal(d.payload_off, 62);
}

static void
test_icmp_port_unreachable_quotes_udp(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, icmp_frame,
	    sizeof(icmp_frame), &d), SV_PROTO_ICMP);
	assert_clean(&d);
	assert_int_equal(d.icmp_type, 3);
	assert_int_equal(d.icmp_code, 3);
	/* ICMP has no ports */
	assert_int_equal(d.src.port, 0);
	assert_int_equal(d.dst.port, 0);
	assert_endpoint(&d.src, "10.0.0.2");
	assert_endpoint(&d.dst, "10.0.0.1");
	assert_int_equal(d.payload_len, 0);

	assert_int_equal(d.quote.present, 1);
	assert_int_equal(d.quote.proto, SV_PROTO_UDP);
	assert_int_equal(d.quote.src.port, 40001);
	assert_int_equal(d.quote.dst.port, 9999);
	assert_endpoint(&d.quote.src, "10.0.0.1:40001");
	assert_endpoint(&d.quote.dst, "10.0.0.2:9999");
}

static void
test_icmp_quote_variants(void **state)
{
	struct sv_decoded d;
	uint8_t *f = frame_copy(icmp_frame, sizeof(icmp_frame));
	(void)state;

	/* Quoted protocol 6: the same ports, read as TCP's. */
	f[ICMP_FRAME_QUOTE + 9] = 6;
	decode_exact(SV_LINK_ETHERNET, f, sizeof(icmp_frame), &d);
	assert_int_equal(d.proto, SV_PROTO_ICMP);
	assert_int_equal(d.quote.proto, SV_PROTO_TCP);
	assert_endpoint(&d.quote.src, "10.0.0.1:40001");

	/* Only the IP header quoted: addresses, no ports. */
	decode_exact(SV_LINK_ETHERNET, f, ICMP_FRAME_QUOTE + 20, &d);
	assert_int_equal(d.proto, SV_PROTO_ICMP);
	assert_int_equal(d.truncated, 1);
	assert_int_equal(d.quote.present, 1);
	assert_int_equal(d.quote.proto, SV_PROTO_IPV4);
	assert_endpoint(&d.quote.dst, "10.0.0.2");

	/* Outer total length 48: the quoted UDP header is now link
	 * padding, and its bytes must not turn into ports. */
	f[ICMP_FRAME_QUOTE + 9] = 17;
	f[14 + 3] = 48;
	decode_exact(SV_LINK_ETHERNET, f, sizeof(icmp_frame), &d);
	assert_int_equal(d.proto, SV_PROTO_ICMP);
	assert_clean(&d);
	assert_int_equal(d.quote.present, 1);
	assert_int_equal(d.quote.proto, SV_PROTO_IPV4);
	assert_int_equal(d.quote.src.port, 0);
	f[14 + 3] = 56;

	/* The quoted datagram is a later fragment: no ports to be had. */
	f[ICMP_FRAME_QUOTE + 7] = 0x10;
	decode_exact(SV_LINK_ETHERNET, f, sizeof(icmp_frame), &d);
	assert_int_equal(d.quote.proto, SV_PROTO_IPV4);
	assert_int_equal(d.quote.dst.port, 0);
	f[ICMP_FRAME_QUOTE + 7] = 0x00;

	/* Echo request (type 8): nothing quoted. */
	f[ICMP_FRAME_ICMP] = 8;
	f[ICMP_FRAME_ICMP + 1] = 0;
	decode_exact(SV_LINK_ETHERNET, f, sizeof(icmp_frame), &d);
	assert_int_equal(d.proto, SV_PROTO_ICMP);
	assert_clean(&d);
	assert_int_equal(d.icmp_type, 8);
	assert_int_equal(d.quote.present, 0);

	/* A quoted header with IHL 2 is reported, but the ICMP stands. */
	f[ICMP_FRAME_ICMP] = 3;
	f[ICMP_FRAME_ICMP + 1] = 3;
	f[ICMP_FRAME_QUOTE] = 0x42;
	decode_exact(SV_LINK_ETHERNET, f, sizeof(icmp_frame), &d);
	assert_int_equal(d.proto, SV_PROTO_ICMP);
	assert_int_equal(d.malformed, 1);
	assert_int_equal(d.quote.present, 0);
	assert_non_null(strstr(d.why, "quote"));
	free(f);
}

static void
test_icmp6_port_unreachable_quotes_udp(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, icmp6_frame,
	    sizeof(icmp6_frame), &d), SV_PROTO_ICMP6);
	assert_clean(&d);
	assert_int_equal(d.icmp_type, 1);
	assert_int_equal(d.icmp_code, 4);
	assert_endpoint(&d.src, "2001:db8::2");
	assert_endpoint(&d.dst, "2001:db8::1");
	assert_int_equal(d.src.port, 0);

	assert_int_equal(d.quote.present, 1);
	assert_int_equal(d.quote.proto, SV_PROTO_UDP);
	assert_int_equal(d.quote.src.family, 6);
	assert_int_equal(d.quote.src.port, 40002);
	assert_int_equal(d.quote.dst.port, 9999);
	assert_endpoint(&d.quote.src, "[2001:db8::1]:40002");
	assert_endpoint(&d.quote.dst, "[2001:db8::2]:9999");
}

static void
test_raw_link_types(void **state)
{
	struct sv_decoded d;
	uint8_t bad = 0x55;
	(void)state;

	/* The IP packets of the Ethernet frames above, without Ethernet. */
	assert_int_equal(decode_exact(SV_LINK_RAW, udp_frame + 14,
	    sizeof(udp_frame) - 14, &d), SV_PROTO_UDP);
	assert_clean(&d);
	assert_int_equal(d.ethertype, 0);
	assert_int_equal(d.payload_off, 28);
	assert_int_equal(decode_exact(SV_LINK_RAW, v6tcp_frame + 14,
	    sizeof(v6tcp_frame) - 14, &d), SV_PROTO_TCP);
	assert_endpoint(&d.dst, "[2001:db8::2]:443");
	assert_int_equal(decode_exact(SV_LINK_IPV4, syn_frame + 14,
	    sizeof(syn_frame) - 14, &d), SV_PROTO_TCP);
	assert_int_equal(decode_exact(SV_LINK_IPV6, v6ext_frame + 14,
	    sizeof(v6ext_frame) - 14, &d), SV_PROTO_UDP);

	/* version 5 */
	assert_int_equal(decode_exact(SV_LINK_RAW, &bad, 1, &d),
	    SV_PROTO_LINK);
	assert_int_equal(d.malformed, 1);
	/* nothing at all */
	assert_int_equal(decode_exact(SV_LINK_RAW, NULL, 0, &d),
	    SV_PROTO_LINK);
	assert_int_equal(d.truncated, 1);
	/* an IPv6 packet where IPv4 was promised */
	assert_int_equal(decode_exact(SV_LINK_IPV4, v6tcp_frame + 14,
	    sizeof(v6tcp_frame) - 14, &d), SV_PROTO_LINK);
	assert_int_equal(d.malformed, 1);
	assert_non_null(strstr(d.why, "version"));
}

/* ---- truncation ------------------------------------------------------ */

static void
test_truncate_syn_every_length(void **state)
{
	struct sv_decoded d;
	(void)state;

	for (size_t len = 0; len < sizeof(syn_frame); len++) {
		enum sv_proto want;

		if (len < 14)
			want = SV_PROTO_UNKNOWN;
		else if (len < 34)
			want = SV_PROTO_LINK;
		else if (len < 54)
			want = SV_PROTO_IPV4;   /* inside the fixed 20 bytes */
		else
			want = SV_PROTO_TCP;    /* inside the options */
		assert_int_equal(decode_exact(SV_LINK_ETHERNET, syn_frame,
		    len, &d), want);
		assert_int_equal(d.truncated, 1);
		assert_int_equal(d.malformed, 0);
		assert_true(d.why[0] != '\0');
		if (want == SV_PROTO_TCP) {
			/* everything reported is in the fixed 20 bytes */
			assert_endpoint(&d.src, "10.0.0.1:40000");
			assert_endpoint(&d.dst, "10.0.0.2:8888");
			assert_int_equal(d.tcp_flags, SV_TCP_SYN);
			assert_int_equal(d.seq, 1000);
			assert_int_equal(d.payload_len, 0);
			assert_int_equal(d.payload_off, len);
		} else if (want == SV_PROTO_IPV4) {
			assert_endpoint(&d.src, "10.0.0.1");
			assert_endpoint(&d.dst, "10.0.0.2");
		} else {
			assert_int_equal(d.src.family, 0);
		}
		if (want != SV_PROTO_TCP) {
			/* nothing of a fixed header that was not all there */
			assert_int_equal(d.tcp_flags, 0);
			assert_int_equal(d.src.port, 0);
		}
	}
}

static void
test_truncate_why_says_how_much(void **state)
{
	struct sv_decoded d;
	(void)state;

	decode_exact(SV_LINK_ETHERNET, data_frame, 14 + 20 + 12, &d);
	assert_int_equal(d.proto, SV_PROTO_IPV4);
	assert_string_equal(d.why,
	    "TCP header cut short: 12 of 20 bytes captured");

	decode_exact(SV_LINK_ETHERNET, syn_frame, 14 + 20 + 30, &d);
	assert_int_equal(d.proto, SV_PROTO_TCP);
	assert_string_equal(d.why,
	    "TCP options cut short: 30 of 40 header bytes captured");

	decode_exact(SV_LINK_ETHERNET, syn_frame, 10, &d);
	assert_int_equal(d.proto, SV_PROTO_UNKNOWN);
	assert_string_equal(d.why,
	    "Ethernet header cut short: 10 of 14 bytes captured");
}

/*
 * A snap length of 64 (tcpdump -s 64) ends inside a SYN's options. tshark
 * still reads the fixed header:
 *
 *   $ tshark -r syn64.pcap -T fields -e tcp.srcport -e tcp.dstport \
 *       -e tcp.flags.str -e tcp.seq_raw -e tcp.ack_raw -e tcp.len \
 *       -e tcp.hdr_len -e tcp.window_size_value
 *   40000  8888  ··········S·  1000  0  0  40  64240
 */
static void
test_truncate_syn_options_snaplen_64(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, syn_frame, 64, &d),
	    SV_PROTO_TCP);
	assert_int_equal(d.truncated, 1);
	assert_int_equal(d.malformed, 0);
	assert_endpoint(&d.src, "10.0.0.1:40000");
	assert_endpoint(&d.dst, "10.0.0.2:8888");
	assert_int_equal(d.tcp_flags, SV_TCP_SYN);
	assert_int_equal(d.seq, 1000);
	assert_int_equal(d.ack, 0);
	assert_int_equal(d.window, 64240);
	assert_int_equal(d.payload_len, 0);
	/* the payload would start at 74, past the capture: at its end */
	assert_int_equal(d.payload_off, 64);
}

/*
 * 02:00:00:00:00:01 > 02:00:00:00:00:02, ethertype IPv4, length 71:
 * (ttl 64, id 4661, flags [DF], proto TCP, length 57)
 * 10.0.0.1.40000 > 10.0.0.2.8888: Flags [P.], seq 1001:1006, ack 5001,
 *     win 502, options [nop,nop,TS val 300 ecr 200], length 5: "hello"
 *
 * Cut to 64 bytes, two bytes short of the end of its 32-byte header:
 *
 *   $ tshark -r ts64.pcap -T fields -e tcp.srcport -e tcp.dstport \
 *       -e tcp.flags.str -e tcp.seq_raw -e tcp.ack_raw -e tcp.len \
 *       -e tcp.hdr_len -e tcp.window_size_value
 *   40000  8888  ·······AP···  1001  5001  5  32  502
 *   [Packet size limited during capture: TCP truncated]
 */
static const uint8_t ts_data_frame[] = {
	/* Ethernet */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x08, 0x00,
	/* IPv4: len 57, id 0x1235, DF, ttl 64, TCP */
	0x45, 0x00, 0x00, 0x39, 0x12, 0x35, 0x40, 0x00,
	0x40, 0x06, 0x14, 0x88,
	0x0a, 0x00, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x02,
	/* TCP: 40000 > 8888, seq 1001, ack 5001, offset 8, [P.], win 502 */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x03, 0xe9,
	0x00, 0x00, 0x13, 0x89,
	0x80, 0x18, 0x01, 0xf6,
	0x44, 0x87, 0x00, 0x00,
	/* options: nop, nop, TS 300 200 */
	0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x01, 0x2c, 0x00, 0x00, 0x00, 0xc8,
	/* "hello" */
	0x68, 0x65, 0x6c, 0x6c, 0x6f,
};

static void
test_truncate_data_options_snaplen_64(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, ts_data_frame,
	    sizeof(ts_data_frame), &d), SV_PROTO_TCP);
	assert_clean(&d);
	assert_int_equal(d.payload_off, 66);
	assert_memory_equal(ts_data_frame + d.payload_off, "hello", 5);

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, ts_data_frame, 64, &d),
	    SV_PROTO_TCP);
	assert_int_equal(d.truncated, 1);
	assert_string_equal(d.why,
	    "TCP options cut short: 30 of 32 header bytes captured");
	assert_endpoint(&d.src, "10.0.0.1:40000");
	assert_endpoint(&d.dst, "10.0.0.2:8888");
	assert_int_equal(d.tcp_flags, SV_TCP_PSH | SV_TCP_ACK);
	assert_int_equal(d.seq, 1001);
	assert_int_equal(d.ack, 5001);
	assert_int_equal(d.window, 502);
	/* the length the IP header declares, as tshark's tcp.len */
	assert_int_equal(d.payload_len, 5);
	assert_int_equal(d.payload_off, 64);
}

static void
test_truncate_payload_keeps_transport(void **state)
{
	struct sv_decoded d;
	(void)state;

	/* Headers whole, "hello" cut to "he" by the snap length. */
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, data_frame, 56, &d),
	    SV_PROTO_TCP);
	assert_int_equal(d.truncated, 1);
	assert_int_equal(d.malformed, 0);
	assert_int_equal(d.payload_len, 5);
	assert_int_equal(d.payload_off, 54);
	assert_int_equal(d.tcp_flags, SV_TCP_PSH | SV_TCP_ACK);
	assert_string_equal(d.why,
	    "TCP payload cut short: 2 of 5 bytes captured");

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, udp_frame, 43, &d),
	    SV_PROTO_UDP);
	assert_int_equal(d.truncated, 1);
	assert_int_equal(d.payload_len, 4);
}

struct frame_case {
	const char *name;
	uint32_t linktype;
	const uint8_t *bytes;
	size_t len;
	enum sv_proto proto;
};

static const struct frame_case frames[] = {
	{ "syn", SV_LINK_ETHERNET, syn_frame, sizeof(syn_frame),
	    SV_PROTO_TCP },
	{ "synack", SV_LINK_ETHERNET, synack_frame, sizeof(synack_frame),
	    SV_PROTO_TCP },
	{ "data", SV_LINK_ETHERNET, data_frame, sizeof(data_frame),
	    SV_PROTO_TCP },
	{ "ts_data", SV_LINK_ETHERNET, ts_data_frame, sizeof(ts_data_frame),
	    SV_PROTO_TCP },
	{ "udp", SV_LINK_ETHERNET, udp_frame, sizeof(udp_frame),
	    SV_PROTO_UDP },
	{ "v6tcp", SV_LINK_ETHERNET, v6tcp_frame, sizeof(v6tcp_frame),
	    SV_PROTO_TCP },
	{ "v6ext", SV_LINK_ETHERNET, v6ext_frame, sizeof(v6ext_frame),
	    SV_PROTO_UDP },
	{ "frag6", SV_LINK_ETHERNET, frag6_frame, sizeof(frag6_frame),
	    SV_PROTO_UDP },
	{ "sll", SV_LINK_LINUX_SLL, sll_frame, sizeof(sll_frame),
	    SV_PROTO_TCP },
	{ "sll2", SV_LINK_LINUX_SLL2, sll2_frame, sizeof(sll2_frame),
	    SV_PROTO_TCP },
	{ "null4", SV_LINK_NULL, null4_frame, sizeof(null4_frame),
	    SV_PROTO_TCP },
	{ "null6", SV_LINK_NULL, null6_frame, sizeof(null6_frame),
	    SV_PROTO_UDP },
	{ "vlan", SV_LINK_ETHERNET, vlan_frame, sizeof(vlan_frame),
	    SV_PROTO_UDP },
	{ "qinq", SV_LINK_ETHERNET, qinq_frame, sizeof(qinq_frame),
	    SV_PROTO_TCP },
	{ "icmp", SV_LINK_ETHERNET, icmp_frame, sizeof(icmp_frame),
	    SV_PROTO_ICMP },
	{ "icmp6", SV_LINK_ETHERNET, icmp6_frame, sizeof(icmp6_frame),
	    SV_PROTO_ICMP6 },
	{ "arp", SV_LINK_ETHERNET, arp_frame, sizeof(arp_frame),
	    SV_PROTO_LINK },
};

static void
test_truncate_every_frame_every_length(void **state)
{
	struct sv_decoded d;
	(void)state;

	for (size_t i = 0; i < NELEM(frames); i++) {
		const struct frame_case *fc = &frames[i];

		assert_int_equal(decode_exact(fc->linktype, fc->bytes,
		    fc->len, &d), fc->proto);
		assert_clean(&d);
		for (size_t len = 0; len < fc->len; len++) {
			decode_exact(fc->linktype, fc->bytes, len, &d);
			assert_sane(&d, len);
			assert_int_equal(d.malformed, 0);
			/* ARP is not read, so losing its bytes goes unseen */
			if (fc->proto != SV_PROTO_LINK)
				assert_int_equal(d.truncated, 1);
			/* a prefix is at most as deep as the whole, and on
			 * the same path */
			assert_true(depth(d.proto) <= depth(fc->proto));
			if (depth(d.proto) == depth(fc->proto))
				assert_int_equal(d.proto, fc->proto);
		}
	}
}

/* ---- Wireshark's relative numbers ----------------------------------- */

/*
 * Relative sequence numbers are the correlation's, not the decoder's, but
 * they are what a reader compares with Wireshark: here a capture without
 * calls, as `sockviz render` reads a foreign file, of raw IPv4 frames
 * (LINKTYPE_RAW) on 127.0.0.1, each with tshark's reading:
 *
 *   $ tshark -r x.pcap -T fields -e tcp.srcport -e tcp.dstport \
 *       -e tcp.flags.str -e tcp.seq -e tcp.ack -e tcp.len
 *
 * Wireshark counts each direction from its SYN (the SYN is 0), or, where
 * the first segment seen that way is no SYN, from one below it (that
 * segment is 1); an ACK seen before anything of the other direction sets
 * that direction's base one below what it acknowledges. Without the ACK
 * flag the acknowledgment field is shown raw.
 */

/* 40000 > 9: Flags [S], seq 1000, win 65495, length 0 */
static const uint8_t refused_syn[] = {
	/* IPv4: len 40, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 40000 > 9, seq 1000, ack 0, [S] */
	0x9c, 0x40, 0x00, 0x09,
	0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x00, 0x00,
	0x50, 0x02, 0xff, 0xd7,
	0x11, 0xd7, 0x00, 0x00,
};

/* 9 > 40000: Flags [R.], seq 0, ack 1001, win 0, length 0 */
static const uint8_t refused_rst[] = {
	/* IPv4: len 40, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 9 > 40000, seq 0, ack 1001, [R.] */
	0x00, 0x09, 0x9c, 0x40,
	0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x03, 0xe9,
	0x50, 0x14, 0x00, 0x00,
	0x11, 0x9c, 0x00, 0x00,
};

/* 40000 > 8888: Flags [S], seq 1000, win 65495, length 0 */
static const uint8_t hs_syn[] = {
	/* IPv4: len 40, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 40000 > 8888, seq 1000, ack 0, [S] */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x00, 0x00,
	0x50, 0x02, 0xff, 0xd7,
	0xef, 0x27, 0x00, 0x00,
};

/* 8888 > 40000: Flags [S.], seq 5000, ack 1001, win 65483, length 0 */
static const uint8_t hs_synack[] = {
	/* IPv4: len 40, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 8888 > 40000, seq 5000, ack 1001, [S.] */
	0x22, 0xb8, 0x9c, 0x40,
	0x00, 0x00, 0x13, 0x88,
	0x00, 0x00, 0x03, 0xe9,
	0x50, 0x12, 0xff, 0xcb,
	0xdb, 0x9a, 0x00, 0x00,
};

/* 40000 > 8888: Flags [.], ack 5001, win 65483, length 0 */
static const uint8_t hs_ack[] = {
	/* IPv4: len 40, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 40000 > 8888, seq 1001, ack 5001, [.] */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x03, 0xe9,
	0x00, 0x00, 0x13, 0x89,
	0x50, 0x10, 0xff, 0xcb,
	0xdb, 0x9b, 0x00, 0x00,
};

/* 40000 > 8888: Flags [P.], seq 1001:1010, ack 5001, length 9 */
static const uint8_t unread_data[] = {
	/* IPv4: len 49, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x31, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xc5,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 40000 > 8888, seq 1001, ack 5001, [P.] */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x03, 0xe9,
	0x00, 0x00, 0x13, 0x89,
	0x50, 0x18, 0xff, 0xcb,
	0x0b, 0xe1, 0x00, 0x00,
	/* "ignore me" */
	0x69, 0x67, 0x6e, 0x6f, 0x72, 0x65, 0x20, 0x6d, 0x65,
};

/* 8888 > 40000: Flags [.], ack 1010, length 0 */
static const uint8_t unread_ack[] = {
	/* IPv4: len 40, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 8888 > 40000, seq 5001, ack 1010, [.] */
	0x22, 0xb8, 0x9c, 0x40,
	0x00, 0x00, 0x13, 0x89,
	0x00, 0x00, 0x03, 0xf2,
	0x50, 0x10, 0xff, 0xcb,
	0xdb, 0x92, 0x00, 0x00,
};

/* 8888 > 40000: Flags [R.], seq 5001, ack 1010, length 0 */
static const uint8_t unread_rst[] = {
	/* IPv4: len 40, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 8888 > 40000, seq 5001, ack 1010, [R.] */
	0x22, 0xb8, 0x9c, 0x40,
	0x00, 0x00, 0x13, 0x89,
	0x00, 0x00, 0x03, 0xf2,
	0x50, 0x14, 0xff, 0xcb,
	0xdb, 0x8e, 0x00, 0x00,
};

/* 40000 > 8888: Flags [P.], seq 1001:1005, ack 5001, length 4 */
static const uint8_t late_data[] = {
	/* IPv4: len 44, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x2c, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xca,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 40000 > 8888, seq 1001, ack 5001, [P.] */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x03, 0xe9,
	0x00, 0x00, 0x13, 0x89,
	0x50, 0x18, 0xff, 0xcb,
	0xfa, 0xc8, 0x00, 0x00,
	/* "late" */
	0x6c, 0x61, 0x74, 0x65,
};

/* 8888 > 40000: Flags [R], seq 5001, win 0, length 0 */
static const uint8_t bare_rst[] = {
	/* IPv4: len 40, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 8888 > 40000, seq 5001, ack 0, [R] */
	0x22, 0xb8, 0x9c, 0x40,
	0x00, 0x00, 0x13, 0x89,
	0x00, 0x00, 0x00, 0x00,
	0x50, 0x04, 0x00, 0x00,
	0xdf, 0x5c, 0x00, 0x00,
};

/* 8888 > 40000: Flags [P.], seq 5001:5009, ack 1006, length 8 */
static const uint8_t mid_data[] = {
	/* IPv4: len 48, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x30, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xc6,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 8888 > 40000, seq 5001, ack 1006, [P.] */
	0x22, 0xb8, 0x9c, 0x40,
	0x00, 0x00, 0x13, 0x89,
	0x00, 0x00, 0x03, 0xee,
	0x50, 0x18, 0xff, 0xcb,
	0x31, 0x2d, 0x00, 0x00,
	/* "mid-data" */
	0x6d, 0x69, 0x64, 0x2d, 0x64, 0x61, 0x74, 0x61,
};

/* 40000 > 8888: Flags [.], ack 5009, length 0 */
static const uint8_t mid_ack[] = {
	/* IPv4: len 40, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 40000 > 8888, seq 1006, ack 5009, [.] */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x03, 0xee,
	0x00, 0x00, 0x13, 0x91,
	0x50, 0x10, 0xff, 0xcb,
	0xdb, 0x8e, 0x00, 0x00,
};

/* 40000 > 8888: Flags [S], seq 1000, win 65495, length 0; its
 * acknowledgment field holds 555, without the ACK flag */
static const uint8_t syn_ack555[] = {
	/* IPv4: len 40, DF, ttl 64, TCP, 127.0.0.1 > 127.0.0.1 */
	0x45, 0x00, 0x00, 0x28, 0x00, 0x00, 0x40, 0x00,
	0x40, 0x06, 0x3c, 0xce,
	0x7f, 0x00, 0x00, 0x01, 0x7f, 0x00, 0x00, 0x01,
	/* TCP: 40000 > 8888, seq 1000, ack 555, [S] */
	0x9c, 0x40, 0x22, 0xb8,
	0x00, 0x00, 0x03, 0xe8,
	0x00, 0x00, 0x02, 0x2b,
	0x50, 0x02, 0xff, 0xd7,
	0xec, 0xfc, 0x00, 0x00,
};

/* The IPv4 total length of a raw frame: every frame above is whole. */
static size_t
frame_len(const uint8_t *f)
{
	return (size_t)f[2] << 8 | f[3];
}

/* sockviz's relative numbers of f[0..n), in that order. */
static void
relative_numbers(const uint8_t *const *f, const size_t *lens, size_t n,
    uint32_t *seq, uint32_t *ack)
{
	struct sv_timeline *tl = sv_timeline_new();
	char err[128];

	assert_non_null(tl);
	for (size_t i = 0; i < n; i++) {
		struct sv_packet p = { .ts_ns = 1000 + (int64_t)i,
		    .caplen = (uint32_t)lens[i], .origlen = (uint32_t)lens[i],
		    .linktype = SV_LINK_RAW };

		p.data = frame_copy(f[i], lens[i]);
		assert_int_equal(sv_timeline_add_packet(tl, &p), 0);
	}
	assert_int_equal(sv_correlate(tl, err, sizeof(err)), 0);
	assert_int_equal(tl->n, n);
	for (size_t i = 0; i < n; i++) {
		const struct sv_pktev *p = &tl->ev[i].u.pkt;

		assert_int_equal(p->d.proto, SV_PROTO_TCP);
		assert_int_equal(p->cause, -1);
		seq[i] = p->rel_seq;
		ack[i] = p->rel_ack;
	}
	sv_timeline_free(tl);
}

#define NUMBERS(seq, ack, ...) do { \
	const uint8_t *const f_[] = { __VA_ARGS__ }; \
	size_t l_[NELEM(f_)]; \
	for (size_t i_ = 0; i_ < NELEM(f_); i_++) \
		l_[i_] = frame_len(f_[i_]); \
	relative_numbers(f_, l_, NELEM(f_), seq, ack); \
} while (0)

/*
 *   40000  9      ··········S·  0  0  0
 *   9      40000  ·······A·R··  1  1  0
 *
 * The RST-ACK's sequence number is 0, but it is the first segment of its
 * direction and no SYN: Wireshark shows it as 1.
 */
static void
test_numbers_rst_to_closed_port(void **state)
{
	uint32_t seq[2], ack[2];
	(void)state;

	NUMBERS(seq, ack, refused_syn, refused_rst);
	assert_int_equal(seq[0], 0);
	assert_int_equal(ack[0], 0);
	assert_int_equal(seq[1], 1);
	assert_int_equal(ack[1], 1);
}

/*
 *   40000  8888   ··········S·  0  0  0
 *   8888   40000  ·······A··S·  0  1  0
 *   40000  8888   ·······A····  1  1  0
 *   40000  8888   ·······AP···  1  1  9
 *   8888   40000  ·······A····  1  10 0
 *   8888   40000  ·······A·R··  1  10 0
 *
 * close() with 9 unread bytes: RST-ACK, counted from the server's SYN.
 */
static void
test_numbers_rst_after_close_with_unread_data(void **state)
{
	uint32_t seq[6], ack[6];
	static const uint32_t want_seq[] = { 0, 0, 1, 1, 1, 1 };
	static const uint32_t want_ack[] = { 0, 1, 1, 1, 10, 10 };
	(void)state;

	NUMBERS(seq, ack, hs_syn, hs_synack, hs_ack, unread_data, unread_ack,
	    unread_rst);
	for (size_t i = 0; i < NELEM(want_seq); i++) {
		assert_int_equal(seq[i], want_seq[i]);
		assert_int_equal(ack[i], want_ack[i]);
	}
}

/*
 *   40000  8888   ··········S·  0  0  0
 *   8888   40000  ·······A··S·  0  1  0
 *   40000  8888   ·······A····  1  1  0
 *   40000  8888   ·······AP···  1  1  4
 *   8888   40000  ·········R··  1  0  0
 *
 * An RST without ACK (the answer to a segment for a socket that is gone):
 * its acknowledgment field is 0 and shown as 0, not relative.
 */
static void
test_numbers_bare_rst(void **state)
{
	uint32_t seq[5], ack[5];
	(void)state;

	NUMBERS(seq, ack, hs_syn, hs_synack, hs_ack, late_data, bare_rst);
	assert_int_equal(seq[4], 1);
	assert_int_equal(ack[4], 0);
	assert_int_equal(seq[3], 1);
	assert_int_equal(ack[3], 1);
}

/*
 *   8888   40000  ·······AP···  1  1  8
 *   40000  8888   ·······A····  1  9  0
 *
 * The capture starts mid-connection: the first segment each way is 1, and
 * the first ACK sets the other direction's base before it sends.
 */
static void
test_numbers_capture_starts_mid_connection(void **state)
{
	uint32_t seq[2], ack[2];
	(void)state;

	NUMBERS(seq, ack, mid_data, mid_ack);
	assert_int_equal(seq[0], 1);
	assert_int_equal(ack[0], 1);
	assert_int_equal(seq[1], 1);
	assert_int_equal(ack[1], 9);
}

/*
 *   40000  8888   ··········S·  0  555  0
 *   8888   40000  ·······A··S·  0  1    0
 *
 * A SYN whose acknowledgment field holds 555 without the ACK flag: shown
 * raw, and it sets no base for the other direction.
 */
static void
test_numbers_ack_field_without_ack_flag(void **state)
{
	uint32_t seq[2], ack[2];
	(void)state;

	NUMBERS(seq, ack, syn_ack555, hs_synack);
	assert_int_equal(seq[0], 0);
	assert_int_equal(ack[0], 555);
	assert_int_equal(seq[1], 0);
	assert_int_equal(ack[1], 1);
}

/* ---- malformed headers ----------------------------------------------- */

static void
test_malformed_ihl(void **state)
{
	struct sv_decoded d;
	uint8_t *f = frame_copy(udp_frame, sizeof(udp_frame));
	(void)state;

	f[UDP_FRAME_IP] = 0x44;         /* IHL 4: 16 bytes */
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f, sizeof(udp_frame),
	    &d), SV_PROTO_LINK);
	assert_int_equal(d.malformed, 1);
	assert_int_equal(d.truncated, 0);
	assert_string_equal(d.why,
	    "IPv4 header length 16 (IHL 4), expected at least 20");
	assert_int_equal(d.src.family, 0);
	free(f);
}

static void
test_malformed_total_length(void **state)
{
	struct sv_decoded d;
	uint8_t *f = frame_copy(udp_frame, sizeof(udp_frame));
	(void)state;

	f[UDP_FRAME_IP + 3] = 16;       /* total length below the header's */
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f, sizeof(udp_frame),
	    &d), SV_PROTO_LINK);
	assert_int_equal(d.malformed, 1);
	assert_non_null(strstr(d.why, "total length 16"));

	/* Total length 24 leaves UDP 4 bytes: less than its own header. */
	f[UDP_FRAME_IP + 3] = 24;
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f, sizeof(udp_frame),
	    &d), SV_PROTO_IPV4);
	assert_int_equal(d.malformed, 1);
	assert_string_equal(d.why,
	    "UDP header needs 8 bytes, IP payload has 4");

	/* 0 is what segmentation offload leaves: take the captured size. */
	f[UDP_FRAME_IP + 2] = 0;
	f[UDP_FRAME_IP + 3] = 0;
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f, sizeof(udp_frame),
	    &d), SV_PROTO_UDP);
	assert_clean(&d);
	assert_int_equal(d.payload_len, 4);
	free(f);
}

static void
test_malformed_udp_length(void **state)
{
	struct sv_decoded d;
	uint8_t *f = frame_copy(udp_frame, sizeof(udp_frame));
	(void)state;

	f[UDP_FRAME_UDP + 5] = 4;       /* UDP length 4 < 8 */
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f, sizeof(udp_frame),
	    &d), SV_PROTO_IPV4);
	assert_int_equal(d.malformed, 1);
	assert_string_equal(d.why, "UDP length 4, expected at least 8");
	assert_endpoint(&d.src, "10.0.0.1");
	assert_int_equal(d.src.port, 0);

	f[UDP_FRAME_UDP + 5] = 40;      /* more than the 12 IP carries */
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f, sizeof(udp_frame),
	    &d), SV_PROTO_IPV4);
	assert_int_equal(d.malformed, 1);
	assert_string_equal(d.why,
	    "UDP length 40 exceeds the IP payload of 12 bytes");

	/* The same as a first fragment (MF): the length is the
	 * datagram's, and this piece holds part of it. */
	f[UDP_FRAME_IP + 6] = 0x20;
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f, sizeof(udp_frame),
	    &d), SV_PROTO_UDP);
	assert_clean(&d);
	assert_int_equal(d.payload_len, 4);

	/* A later fragment (offset 1480) is not read as UDP at all. */
	f[UDP_FRAME_IP + 6] = 0x00;
	f[UDP_FRAME_IP + 7] = 0xb9;
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f, sizeof(udp_frame),
	    &d), SV_PROTO_IPV4);
	assert_clean(&d);
	free(f);
}

static void
test_malformed_tcp_offset(void **state)
{
	struct sv_decoded d;
	uint8_t *f = frame_copy(data_frame, sizeof(data_frame));
	(void)state;

	f[14 + 20 + 12] = 0x40;         /* data offset 4: 16 bytes */
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f, sizeof(data_frame),
	    &d), SV_PROTO_IPV4);
	assert_int_equal(d.malformed, 1);
	assert_int_equal(d.truncated, 0);
	assert_string_equal(d.why,
	    "TCP data offset 4 (16 bytes), expected at least 5 (20)");
	assert_int_equal(d.tcp_flags, 0);

	f[14 + 20 + 12] = 0xf0;         /* 60 bytes, but IP holds 25 */
	assert_int_equal(decode_exact(SV_LINK_ETHERNET, f, sizeof(data_frame),
	    &d), SV_PROTO_IPV4);
	assert_int_equal(d.malformed, 1);
	assert_string_equal(d.why,
	    "TCP data offset says 60 header bytes, IP payload has 25");
	free(f);
}

/* ---- what is not decoded --------------------------------------------- */

static void
test_arp_is_link(void **state)
{
	struct sv_decoded d;
	(void)state;

	assert_int_equal(decode_exact(SV_LINK_ETHERNET, arp_frame,
	    sizeof(arp_frame), &d), SV_PROTO_LINK);
	assert_clean(&d);
	assert_int_equal(d.ethertype, 0x0806);
	assert_int_equal(d.src.family, 0);
}

static void
test_unknown_linktype(void **state)
{
	struct sv_decoded d;
	(void)state;

	/* 147 is LINKTYPE_USER0 */
	assert_int_equal(decode_exact(147, syn_frame, sizeof(syn_frame), &d),
	    SV_PROTO_UNKNOWN);
	assert_clean(&d);
	assert_int_equal(d.ethertype, 0);
}

static void
test_random_bytes(void **state)
{
	static const uint32_t links[] = {
		SV_LINK_NULL, SV_LINK_ETHERNET, SV_LINK_RAW,
		SV_LINK_LINUX_SLL, SV_LINK_IPV4, SV_LINK_IPV6,
		SV_LINK_LINUX_SLL2,
	};
	uint32_t x = 0x12345678;        /* xorshift32: the same run each time */
	struct sv_decoded d;
	uint8_t buf[160];
	(void)state;

	/* Noise, and the frames above with one byte changed. */
	for (int i = 0; i < 20000; i++) {
		size_t len;

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		if (i % 2 == 0) {
			const struct frame_case *fc =
			    &frames[x % NELEM(frames)];
			memcpy(buf, fc->bytes, fc->len);
			len = fc->len;
			buf[(x >> 8) % len] = (uint8_t)(x >> 16);
			decode_exact(fc->linktype, buf, len, &d);
		} else {
			len = (x >> 8) % sizeof(buf);
			for (size_t j = 0; j < len; j++) {
				x ^= x << 13;
				x ^= x >> 17;
				x ^= x << 5;
				buf[j] = (uint8_t)x;
			}
			/* steer IP-ish first bytes often enough */
			if (len > 0 && x % 3 == 0)
				buf[0] = (uint8_t)(x % 2 ? 0x45 : 0x60);
			decode_exact(links[x % NELEM(links)], buf, len, &d);
		}
		assert_sane(&d, len);
	}
}

/* ---- formatting ------------------------------------------------------ */

static void
test_tcp_flags_str(void **state)
{
	char buf[64];
	char small[6];
	(void)state;

	assert_string_equal(sv_tcp_flags_str(0x12, ",", buf, sizeof(buf)),
	    "SYN,ACK");
	assert_string_equal(sv_tcp_flags_str(0x11, "-", buf, sizeof(buf)),
	    "FIN-ACK");
	assert_string_equal(sv_tcp_flags_str(0x02, ",", buf, sizeof(buf)),
	    "SYN");
	assert_string_equal(sv_tcp_flags_str(0x00, ",", buf, sizeof(buf)),
	    "");
	assert_string_equal(sv_tcp_flags_str(0x18, ",", buf, sizeof(buf)),
	    "PSH,ACK");
	assert_string_equal(sv_tcp_flags_str(0xff, ",", buf, sizeof(buf)),
	    "SYN,FIN,RST,PSH,ACK,URG,ECE,CWR");
	/* Too small: whole names only, always terminated. */
	assert_string_equal(sv_tcp_flags_str(0x12, ",", small, sizeof(small)),
	    "SYN");
	assert_string_equal(sv_tcp_flags_str(0x12, ",", small, 3), "");
}

static void
test_endpoint_str(void **state)
{
	struct sv_endpoint e4 = { .family = 4, .addr = { 127, 0, 0, 1 },
	    .port = 8888 };
	struct sv_endpoint e6 = { .family = 6, .port = 8888 };
	struct sv_endpoint none = { 0 };
	char buf[64];
	char tiny[8];
	(void)state;

	e6.addr[15] = 1;
	assert_string_equal(sv_endpoint_str(&e4, 1, buf, sizeof(buf)),
	    "127.0.0.1:8888");
	assert_string_equal(sv_endpoint_str(&e4, 0, buf, sizeof(buf)),
	    "127.0.0.1");
	assert_string_equal(sv_endpoint_str(&e6, 1, buf, sizeof(buf)),
	    "[::1]:8888");
	assert_string_equal(sv_endpoint_str(&e6, 0, buf, sizeof(buf)),
	    "::1");
	assert_string_equal(sv_endpoint_str(&none, 1, buf, sizeof(buf)),
	    "-");
	/* port 0 is a socket's "any port": written, when a port is asked */
	e4.port = 0;
	assert_string_equal(sv_endpoint_str(&e4, 1, buf, sizeof(buf)),
	    "127.0.0.1:0");
	/* a short buffer is cut, never overrun */
	e4.port = 8888;
	assert_string_equal(sv_endpoint_str(&e4, 1, tiny, sizeof(tiny)),
	    "127.0.0");
}

static void
test_endpoint_eq(void **state)
{
	struct sv_endpoint a = { .family = 4, .addr = { 10, 0, 0, 1 },
	    .port = 80 };
	struct sv_endpoint b = a;
	(void)state;

	assert_true(sv_endpoint_eq(&a, &b));
	b.addr[10] = 0xff;              /* past an IPv4 address: ignored */
	assert_true(sv_endpoint_eq(&a, &b));
	b.port = 81;
	assert_false(sv_endpoint_eq(&a, &b));
	b = a;
	b.addr[3] = 2;
	assert_false(sv_endpoint_eq(&a, &b));
	b = a;
	b.family = 6;
	assert_false(sv_endpoint_eq(&a, &b));
}

static void
test_proto_name(void **state)
{
	(void)state;

	assert_string_equal(sv_proto_name(SV_PROTO_TCP), "TCP");
	assert_string_equal(sv_proto_name(SV_PROTO_UDP), "UDP");
	assert_string_equal(sv_proto_name(SV_PROTO_ICMP), "ICMP");
	assert_string_equal(sv_proto_name(SV_PROTO_ICMP6), "ICMPv6");
	assert_string_equal(sv_proto_name(SV_PROTO_IPV4), "IPv4");
	assert_string_equal(sv_proto_name(SV_PROTO_IPV6), "IPv6");
	assert_string_equal(sv_proto_name(SV_PROTO_LINK), "link");
	assert_string_equal(sv_proto_name(SV_PROTO_UNKNOWN), "unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_eth_ipv4_tcp_syn),
		cmocka_unit_test(test_eth_ipv4_tcp_synack),
		cmocka_unit_test(test_eth_ipv4_tcp_data_psh),
		cmocka_unit_test(test_eth_padding_not_payload),
		cmocka_unit_test(test_eth_ipv4_udp),
		cmocka_unit_test(test_eth_ipv6_tcp),
		cmocka_unit_test(test_ipv6_hbh_dstopts_udp),
		cmocka_unit_test(test_ipv6_fragments),
		cmocka_unit_test(test_ipv6_jumbogram_malformed),
		cmocka_unit_test(test_sll_ipv4_tcp),
		cmocka_unit_test(test_sll2_ipv6_tcp),
		cmocka_unit_test(test_null_ipv4_host_order),
		cmocka_unit_test(test_null_ipv6_other_order),
		cmocka_unit_test(test_vlan_udp),
		cmocka_unit_test(test_qinq_tcp),
		cmocka_unit_test(test_icmp_port_unreachable_quotes_udp),
		cmocka_unit_test(test_icmp_quote_variants),
		cmocka_unit_test(test_icmp6_port_unreachable_quotes_udp),
		cmocka_unit_test(test_raw_link_types),
		cmocka_unit_test(test_truncate_syn_every_length),
		cmocka_unit_test(test_truncate_why_says_how_much),
		cmocka_unit_test(test_truncate_syn_options_snaplen_64),
		cmocka_unit_test(test_truncate_data_options_snaplen_64),
		cmocka_unit_test(test_truncate_payload_keeps_transport),
		cmocka_unit_test(test_truncate_every_frame_every_length),
		cmocka_unit_test(test_numbers_rst_to_closed_port),
		cmocka_unit_test(test_numbers_rst_after_close_with_unread_data),
		cmocka_unit_test(test_numbers_bare_rst),
		cmocka_unit_test(test_numbers_capture_starts_mid_connection),
		cmocka_unit_test(test_numbers_ack_field_without_ack_flag),
		cmocka_unit_test(test_malformed_ihl),
		cmocka_unit_test(test_malformed_total_length),
		cmocka_unit_test(test_malformed_udp_length),
		cmocka_unit_test(test_malformed_tcp_offset),
		cmocka_unit_test(test_arp_is_link),
		cmocka_unit_test(test_unknown_linktype),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_tcp_flags_str),
		cmocka_unit_test(test_endpoint_str),
		cmocka_unit_test(test_endpoint_eq),
		cmocka_unit_test(test_proto_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
