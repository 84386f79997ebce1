/*
 * Writes a pcap of N synthetic TCP segments over F conversations on
 * 127.0.0.1, to standard output: input for the render benchmarks.
 *
 *   gen_capture N F > big.pcap
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/pcap_file.h"

/* Ethernet (14) + IPv4 (20) + TCP (20) + 32 bytes of payload. */
#define FRAME 86

static void
put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

static void
put32(unsigned char *p, unsigned long v)
{
	put16(p, (unsigned)(v >> 16));
	put16(p + 2, (unsigned)(v & 0xffff));
}

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gen_capture PACKETS FLOWS\n");
		return 2;
	}
	unsigned long n = strtoul(argv[1], NULL, 10);
	unsigned long flows = strtoul(argv[2], NULL, 10);
	if (flows == 0 || flows > 60000) {
		fprintf(stderr, "gen_capture: FLOWS from 1 to 60000\n");
		return 2;
	}
	unsigned char f[FRAME];
	memset(f, 0, sizeof(f));
	put16(f + 12, 0x0800);
	f[14] = 0x45;
	put16(f + 16, FRAME - 14);
	f[22] = 64;
	f[23] = 6;
	put32(f + 26, 0x7f000001);
	put32(f + 30, 0x7f000001);
	f[46] = 0x50;
	f[47] = 0x18;                         /* PSH, ACK */
	put16(f + 48, 65535);
	struct sv_packet p = { .caplen = FRAME, .origlen = FRAME,
	    .linktype = SV_LINK_ETHERNET, .data = f };
	if (sv_pcap_write_header(stdout, SV_LINK_ETHERNET, 262144) < 0)
		return 1;
	for (unsigned long i = 0; i < n; i++) {
		unsigned long k = i % flows, round = i / flows;
		int back = (int)(round & 1);
		unsigned cport = 20000 + (unsigned)k, sport = 8888;
		put16(f + 34, back ? sport : cport);
		put16(f + 36, back ? cport : sport);
		put32(f + 38, 1000 + (round / 2) * 32);
		put32(f + 42, 5000 + (round / 2) * 32);
		p.ts_ns = 1700000000000000000LL + (long long)i * 1000;
		if (sv_pcap_write_packet(stdout, &p) < 0)
			return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
