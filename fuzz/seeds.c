/*
 * The seed maker for the fuzz targets (not a target itself; built with
 * them). fuzz/make_corpus.sh drives it; the seeds it made are committed
 * under fuzz/corpus/.
 *
 *   seeds timeline FILE.pcapng
 *       print the sockviz timeline the file carries (the section comment
 *       render/timeline_io.c wrote) and one NUL byte: the first half of
 *       a fuzz_timeline seed TEXT NUL CAPTURE.
 *   seeds decode FILE DIR NAME
 *       for every Ethernet frame of the capture FILE, write one
 *       fuzz_decode seed per link type, DIR/NAME-<frame>-<index>: the
 *       index byte fuzz_decode reads, then the frame as that link type
 *       carries it (BSD loopback, Ethernet, raw IP, Linux cooked v1 and
 *       v2, LINKTYPE_IPV4/IPV6).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "capture/capfile.h"
#include "render/timeline_io.h"

static int
timeline(const char *path)
{
	char err[256];
	struct sv_packet p;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL) {
		perror(path);
		return 2;
	}
	struct sv_capreader *r = sv_capreader_open_file(fp, err, sizeof(err));
	if (r == NULL || sv_capreader_next(r, &p, err, sizeof(err)) < 0) {
		fprintf(stderr, "%s: %s\n", path, err);
		sv_capreader_free(r);
		fclose(fp);
		return 2;
	}
	const char *const *c;
	size_t n = sv_capreader_section_comments(r, &c);
	int found = 0;
	for (size_t i = 0; i < n && !found; i++)
		if (sv_timeline_is_encoded(c[i])) {
			fwrite(c[i], 1, strlen(c[i]) + 1, stdout);
			found = 1;
		}
	sv_capreader_free(r);
	fclose(fp);
	if (!found) {
		fprintf(stderr, "%s: no sockviz timeline in it\n", path);
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 2;
}

static int
put(const char *dir, const char *name, unsigned frame, int index,
    const uint8_t *head, size_t hlen, const uint8_t *ip, size_t iplen)
{
	char path[4096];
	uint8_t b = (uint8_t)index;

	snprintf(path, sizeof(path), "%s/%s-%02u-%d", dir, name, frame, index);
	FILE *fp = fopen(path, "wb");
	if (fp == NULL) {
		perror(path);
		return -1;
	}
	fwrite(&b, 1, 1, fp);
	fwrite(head, 1, hlen, fp);
	fwrite(ip, 1, iplen, fp);
	return fclose(fp) == 0 ? 0 : -1;
}

/* The row numbers of fuzz_decode.c's table. */
enum { L_NULL, L_ETHERNET, L_RAW, L_SLL, L_IPV4, L_IPV6, L_SLL2 };

static int
frame_seeds(const char *dir, const char *name, unsigned k,
    const struct sv_packet *p)
{
	const uint8_t *f = p->data;
	if (p->linktype != SV_LINK_ETHERNET || p->caplen < 14)
		return 0;
	uint16_t et = (uint16_t)(f[12] << 8 | f[13]);
	const uint8_t *ip = f + 14;
	size_t iplen = p->caplen - 14;
	int v6 = et == 0x86dd;
	if (et != 0x0800 && !v6)
		return 0;
	/* BSD loopback: the address family in host order (x86: little). */
	uint8_t null_hdr[4] = { v6 ? 30 : 2, 0, 0, 0 };
	/* Linux cooked v1: packet type, ARPHRD, address length, address,
	 * protocol. */
	uint8_t sll[16] = { 0, 0, 0x03, 0x04, 0, 6 };
	sll[14] = f[12];
	sll[15] = f[13];
	/* v2: protocol, reserved, ifindex, ARPHRD, type, address length,
	 * address. */
	uint8_t sll2[20] = { f[12], f[13], 0, 0, 0, 0, 0, 1, 0x03, 0x04,
	    0, 6 };
	if (put(dir, name, k, L_NULL, null_hdr, 4, ip, iplen) < 0 ||
	    put(dir, name, k, L_ETHERNET, f, 14, ip, iplen) < 0 ||
	    put(dir, name, k, L_RAW, NULL, 0, ip, iplen) < 0 ||
	    put(dir, name, k, L_SLL, sll, 16, ip, iplen) < 0 ||
	    put(dir, name, k, v6 ? L_IPV6 : L_IPV4, NULL, 0, ip, iplen) < 0 ||
	    put(dir, name, k, L_SLL2, sll2, 20, ip, iplen) < 0)
		return -1;
	return 0;
}

static int
decode(const char *path, const char *dir, const char *name)
{
	char err[256];
	struct sv_packet p;
	FILE *fp = fopen(path, "rb");
	int r, st = 0;
	unsigned k = 0;

	if (fp == NULL) {
		perror(path);
		return 2;
	}
	struct sv_capreader *rd = sv_capreader_open_file(fp, err, sizeof(err));
	if (rd == NULL) {
		fprintf(stderr, "%s: %s\n", path, err);
		fclose(fp);
		return 2;
	}
	while ((r = sv_capreader_next(rd, &p, err, sizeof(err))) == 1)
		if (frame_seeds(dir, name, k++, &p) < 0)
			st = 2;
	if (r < 0) {
		fprintf(stderr, "%s: %s\n", path, err);
		st = 2;
	}
	sv_capreader_free(rd);
	fclose(fp);
	return st;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "timeline") == 0)
		return timeline(argv[2]);
	if (argc == 5 && strcmp(argv[1], "decode") == 0)
		return decode(argv[2], argv[3], argv[4]);
	fprintf(stderr, "usage: seeds timeline FILE.pcapng\n"
	    "       seeds decode FILE DIR NAME\n");
	return 2;
}
