/*
 * What the kernel makes a packet socket's life cost, call by call, with
 * nothing else going on: the parts of bench/floor.c taken apart.
 *
 *   packet_costs [ROUNDS]
 *
 * In a private network namespace (sv_netns_enter(), as any run), ROUNDS
 * times (default 60): one bare RCU grace period (membarrier's
 * MEMBARRIER_CMD_GLOBAL waits for synchronize_rcu()), close() of a packet
 * socket without a ring, setsockopt(PACKET_RX_RING) and close() with a
 * one-page ring and with the ring libpcap makes on lo for capture/live.c
 * (128 frames of 65,632 bytes in 128 KiB blocks: 16 MiB). Prints the
 * median, 10th and 90th percentile of each in milliseconds.
 */
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/membarrier.h>
#include <net/ethernet.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "drive/netns.h"

enum { GP, CLOSE_BARE, RING_SMALL, CLOSE_SMALL, RING_PCAP, CLOSE_PCAP, N_COST };

static const char *const what[N_COST] = {
	"one RCU grace period (membarrier GLOBAL)",
	"close(), packet socket without a ring",
	"setsockopt(PACKET_RX_RING), 4 KiB ring",
	"close(), packet socket with a 4 KiB ring",
	"setsockopt(PACKET_RX_RING), libpcap's 16 MiB",
	"close(), packet socket with the 16 MiB ring",
};

static long long
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

static int
packet_socket(void)
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	int v2 = TPACKET_V2;
	if (fd < 0 || setsockopt(fd, SOL_PACKET, PACKET_VERSION, &v2,
	    sizeof(v2)) < 0) {
		perror("packet socket");
		exit(1);
	}
	return fd;
}

/* Time the ring's setsockopt into *set and the socket's close into *cls;
 * the ring is mapped and unmapped between, as libpcap does. */
static void
ring_life(const struct tpacket_req *req, long long *set, long long *cls)
{
	int fd = packet_socket();
	long long t = now_ns();
	if (setsockopt(fd, SOL_PACKET, PACKET_RX_RING, req, sizeof(*req)) < 0) {
		perror("PACKET_RX_RING");
		exit(1);
	}
	*set = now_ns() - t;
	size_t len = (size_t)req->tp_block_size * req->tp_block_nr;
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m != MAP_FAILED)
		munmap(m, len);
	t = now_ns();
	close(fd);
	*cls = now_ns() - t;
}

int
main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 60;
	char err[1024];
	if (n < 1) {
		fprintf(stderr, "usage: packet_costs [ROUNDS]\n");
		return 2;
	}
	if (sv_netns_enter(err, sizeof(err)) < 0) {
		fprintf(stderr, "packet_costs: %s\n", err);
		return 1;
	}
	long long *v[N_COST];
	for (int c = 0; c < N_COST; c++)
		if ((v[c] = calloc((size_t)n, sizeof(long long))) == NULL)
			return 1;
	const struct tpacket_req small = { 4096, 1, 4096, 1 };
	const struct tpacket_req pcap = { 131072, 128, 65632, 128 };
	int have_gp = syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) == 0;

	for (int i = 0; i < n; i++) {
		long long t = now_ns();
		if (have_gp)
			syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0);
		v[GP][i] = now_ns() - t;
		int fd = packet_socket();
		t = now_ns();
		close(fd);
		v[CLOSE_BARE][i] = now_ns() - t;
		ring_life(&small, &v[RING_SMALL][i], &v[CLOSE_SMALL][i]);
		ring_life(&pcap, &v[RING_PCAP][i], &v[CLOSE_PCAP][i]);
	}
	printf("%-46s %8s %8s %8s\n", "ms", "median", "p10", "p90");
	for (int c = have_gp ? 0 : 1; c < N_COST; c++) {
		qsort(v[c], (size_t)n, sizeof(long long), cmp_ll);
		printf("%-46s %8.2f %8.2f %8.2f\n", what[c], v[c][n / 2] / 1e6,
		    v[c][n / 10] / 1e6, v[c][n * 9 / 10] / 1e6);
	}
	return 0;
}
