/*
 * The namespace-plus-capture floor: what every `sockviz run` must do
 * before and after its scenario, and nothing else.
 *
 *   floor [-v]
 *
 * Enters a new network namespace with the project's own sv_netns_enter()
 * (a user namespace too when not root, and lo brought up), then creates,
 * activates and closes a libpcap handle on lo with the settings
 * capture/live.c uses: snaplen, block timeout, buffer size, nanosecond
 * timestamps. -v prints how long each phase took, in microseconds, to
 * standard error. Exit status 0, or 1 with the reason on standard error.
 *
 * bench/run_vs_floor.sh times this against whole runs.
 */
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "drive/netns.h"

/* The same as SNAPLEN and BUFFER_BYTES in capture/live.c, which keeps
 * them private; bench/run_vs_floor.sh warns when they drift apart. */
#define FLOOR_SNAPLEN 65600
#define FLOOR_BUFFER_BYTES (8 * 1024 * 1024)
#define FLOOR_BLOCK_TIMEOUT_MS 1

static long long
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int
main(int argc, char **argv)
{
	int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
	if (argc > 1 + verbose) {
		fprintf(stderr, "usage: floor [-v]\n");
		return 2;
	}
	char err[1024], pe[PCAP_ERRBUF_SIZE];
	long long t0 = now_ns();

	if (sv_netns_enter(err, sizeof(err)) < 0) {
		fprintf(stderr, "floor: %s\n", err);
		return 1;
	}
	long long t1 = now_ns();

	pe[0] = '\0';
	pcap_t *p = pcap_create("lo", pe);
	if (p == NULL) {
		fprintf(stderr, "floor: pcap_create lo: %s\n", pe);
		return 1;
	}
	pcap_set_snaplen(p, FLOOR_SNAPLEN);
	pcap_set_timeout(p, FLOOR_BLOCK_TIMEOUT_MS);
	pcap_set_buffer_size(p, FLOOR_BUFFER_BYTES);
	if (pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_NANO)) {
		fprintf(stderr, "floor: no nanosecond timestamps\n");
		return 1;
	}
	int r = pcap_activate(p);
	if (r < 0) {
		fprintf(stderr, "floor: cannot capture on lo: %s: %s\n",
		    pcap_statustostr(r), pcap_geterr(p));
		pcap_close(p);
		return 1;
	}
	long long t2 = now_ns();

	pcap_close(p);
	long long t3 = now_ns();

	if (verbose)
		fprintf(stderr, "netns_enter_us=%lld pcap_activate_us=%lld"
		    " pcap_close_us=%lld total_us=%lld\n", (t1 - t0) / 1000,
		    (t2 - t1) / 1000, (t3 - t2) / 1000, (t3 - t0) / 1000);
	return 0;
}
