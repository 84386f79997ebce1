#include "capture/live.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "capture/decode.h"

#define MARKER_MAGIC "sockviz-marker:"
#define MARKER_LEN (sizeof(MARKER_MAGIC) - 1 + 8 + 4)
#define MAX_MARKERS 1024
/* The largest frame lo carries: its MTU (65536) and the link header,
 * with room to spare. It sizes the ring's blocks (the next power of two
 * above a frame: 128 KiB), so 8 MiB make 64 blocks, each handed over
 * when full or BLOCK_TIMEOUT_MS after its first packet: a capture thread
 * kept off the CPU for 64 ms loses nothing. */
#define SNAPLEN 65600
/* The kernel zeroes the whole ring up front, so a larger one costs time
 * on every run (32 MiB: 30 ms of a 50 ms run). Packed blocks
 * (TPACKET_V3, below) make 8 MiB hold tens of thousands of small frames;
 * fixed-size frames of SNAPLEN would hold 128. */
#define BUFFER_BYTES (8 * 1024 * 1024)
/* Not immediate mode, which gives fixed-size frames: a block of the ring
 * is handed over when full or after this many ms, so the end marker of a
 * run comes at most this late. */
#define BLOCK_TIMEOUT_MS 1

struct sv_live {
	pcap_t *pcap;
	uint32_t linktype;
	int marker_fd;           /* UDP socket bound on 127.0.0.1:port */
	struct sockaddr_in marker_addr;
	uint8_t nonce[8];        /* tells this run's markers from others' */
	int stop_fd;             /* eventfd: wakes the capture thread */
	pthread_t thread;
	int running;

	/* Capture thread only, until joined. */
	struct sv_packet_list packets;
	int oom;
	char thread_err[256];

	pthread_mutex_t mu;
	pthread_cond_t cv;       /* CLOCK_MONOTONIC */
	unsigned char seen[MAX_MARKERS];   /* guarded by mu */
	int failed;                         /* guarded by mu */
};

uint32_t
sv_live_linktype(const struct sv_live *lv)
{
	return lv->linktype;
}

static int
fill_random(uint8_t *b, size_t n)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	uint64_t x = (uint64_t)ts.tv_nsec * 6364136223846793005ULL ^
	    (uint64_t)getpid() << 32 ^ (uint64_t)ts.tv_sec;
	for (size_t i = 0; i < n; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		b[i] = (uint8_t)(x >> 56);
	}
	return 0;
}

static int
open_marker(struct sv_live *lv, char *errbuf, size_t errlen)
{
	lv->marker_fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (lv->marker_fd < 0) {
		snprintf(errbuf, errlen, "marker socket: %s", strerror(errno));
		return -1;
	}
	memset(&lv->marker_addr, 0, sizeof(lv->marker_addr));
	lv->marker_addr.sin_family = AF_INET;
	lv->marker_addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	socklen_t sl = sizeof(lv->marker_addr);
	/* Markers go from this socket to itself: a bound receiver means no
	 * ICMP port unreachable follows them onto the wire. */
	if (bind(lv->marker_fd, (struct sockaddr *)&lv->marker_addr, sl) < 0 ||
	    getsockname(lv->marker_fd, (struct sockaddr *)&lv->marker_addr,
	    &sl) < 0) {
		snprintf(errbuf, errlen, "marker socket bind: %s",
		    strerror(errno));
		return -1;
	}
	return 0;
}

struct sv_live *
sv_live_open(const char *ifname, const char *filter, enum sv_live_err *err,
    char *errbuf, size_t errlen)
{
	char pe[PCAP_ERRBUF_SIZE];
	struct sv_live *lv = calloc(1, sizeof(*lv));
	*err = SV_LIVE_FAILED;
	if (lv == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return NULL;
	}
	lv->marker_fd = -1;
	lv->stop_fd = -1;
	pthread_mutex_init(&lv->mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&lv->cv, &ca);
	pthread_condattr_destroy(&ca);
	fill_random(lv->nonce, sizeof(lv->nonce));

	if (open_marker(lv, errbuf, errlen) < 0)
		goto fail;
	lv->stop_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (lv->stop_fd < 0) {
		snprintf(errbuf, errlen, "eventfd: %s", strerror(errno));
		goto fail;
	}

	pe[0] = '\0';
	lv->pcap = pcap_create(ifname, pe);
	if (lv->pcap == NULL) {
		snprintf(errbuf, errlen, "pcap_create %s: %s", ifname, pe);
		goto fail;
	}
	pcap_set_snaplen(lv->pcap, SNAPLEN);
	pcap_set_timeout(lv->pcap, BLOCK_TIMEOUT_MS);
	pcap_set_buffer_size(lv->pcap, BUFFER_BYTES);
	if (pcap_set_tstamp_precision(lv->pcap, PCAP_TSTAMP_PRECISION_NANO)) {
		snprintf(errbuf, errlen, "%s: this libpcap cannot give"
		    " nanosecond timestamps", ifname);
		goto fail;
	}
	int r = pcap_activate(lv->pcap);
	if (r < 0) {
		if (r == PCAP_ERROR_PERM_DENIED || r == PCAP_ERROR_NO_SUCH_DEVICE)
			*err = SV_LIVE_REFUSED;
		snprintf(errbuf, errlen, "cannot capture on %s: %s%s%s",
		    ifname, pcap_statustostr(r),
		    pcap_geterr(lv->pcap)[0] ? ": " : "",
		    pcap_geterr(lv->pcap));
		goto fail;
	}
	/* Files number link types as LINKTYPE_*, live handles as DLT_*;
	 * they differ only for raw IP. */
	int dlt = pcap_datalink(lv->pcap);
	lv->linktype = dlt == DLT_RAW ? SV_LINK_RAW : (uint32_t)dlt;

	if (filter != NULL) {
		struct bpf_program prog;
		size_t size = strlen(filter) + 32;
		char *expr = malloc(size);
		if (expr == NULL) {
			snprintf(errbuf, errlen, "out of memory");
			goto fail;
		}
		snprintf(expr, size, "(%s) or (udp port %u)", filter,
		    (unsigned)ntohs(lv->marker_addr.sin_port));
		if (pcap_compile(lv->pcap, &prog, expr, 1,
		    PCAP_NETMASK_UNKNOWN) < 0) {
			snprintf(errbuf, errlen, "capture filter '%s': %s",
			    expr, pcap_geterr(lv->pcap));
			free(expr);
			goto fail;
		}
		free(expr);
		r = pcap_setfilter(lv->pcap, &prog);
		pcap_freecode(&prog);
		if (r < 0) {
			snprintf(errbuf, errlen, "capture filter: %s",
			    pcap_geterr(lv->pcap));
			goto fail;
		}
	}
	if (pcap_setnonblock(lv->pcap, 1, pe) < 0) {
		snprintf(errbuf, errlen, "pcap_setnonblock: %s", pe);
		goto fail;
	}
	*err = SV_LIVE_OK;
	return lv;
fail:
	sv_live_free(lv);
	return NULL;
}

/* Is this frame one of our markers? Returns its number, or -1. */
static int
marker_number(const struct sv_live *lv, const uint8_t *data, uint32_t len)
{
	struct sv_decoded d;
	if (sv_decode(lv->linktype, data, len, &d) != SV_PROTO_UDP ||
	    d.truncated || d.dst.family != 4 ||
	    d.dst.port != ntohs(lv->marker_addr.sin_port) ||
	    d.src.port != d.dst.port || d.payload_len != MARKER_LEN ||
	    (uint64_t)d.payload_off + MARKER_LEN > len)
		return -1;
	const uint8_t *p = data + d.payload_off;
	size_t m = sizeof(MARKER_MAGIC) - 1;
	if (memcmp(p, MARKER_MAGIC, m) != 0 ||
	    memcmp(p + m, lv->nonce, sizeof(lv->nonce)) != 0)
		return -1;
	p += m + sizeof(lv->nonce);
	uint32_t k = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
	return k < MAX_MARKERS ? (int)k : -1;
}

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct sv_live *lv = (struct sv_live *)user;
	int k = marker_number(lv, bytes, h->caplen);
	if (k >= 0) {
		pthread_mutex_lock(&lv->mu);
		lv->seen[k] = 1;
		pthread_cond_broadcast(&lv->cv);
		pthread_mutex_unlock(&lv->mu);
		return;
	}
	/* With nanosecond precision libpcap puts nanoseconds in tv_usec.
	 * The bytes belong to libpcap's ring: copy them out now. */
	int64_t ts = (int64_t)h->ts.tv_sec * 1000000000 + h->ts.tv_usec;
	if (!lv->oom && sv_packet_list_add(&lv->packets, ts, lv->linktype,
	    bytes, h->caplen, h->len) < 0)
		lv->oom = 1;
}

static void *
capture_main(void *arg)
{
	struct sv_live *lv = arg;
	struct pollfd pfd[2] = {
		{ .fd = pcap_get_selectable_fd(lv->pcap), .events = POLLIN },
		{ .fd = lv->stop_fd, .events = POLLIN },
	};
	for (;;) {
		int r = pcap_dispatch(lv->pcap, -1, on_packet, (u_char *)lv);
		if (r < 0) {
			snprintf(lv->thread_err, sizeof(lv->thread_err),
			    "capture: %s", pcap_geterr(lv->pcap));
			break;
		}
		if (r > 0)
			continue;
		if (poll(pfd, 2, -1) < 0 && errno != EINTR) {
			snprintf(lv->thread_err, sizeof(lv->thread_err),
			    "capture poll: %s", strerror(errno));
			break;
		}
		if (pfd[1].revents & POLLIN)
			break;
	}
	if (lv->thread_err[0]) {
		pthread_mutex_lock(&lv->mu);
		lv->failed = 1;
		pthread_cond_broadcast(&lv->cv);
		pthread_mutex_unlock(&lv->mu);
	}
	return NULL;
}

static int
send_marker(struct sv_live *lv, uint32_t k)
{
	uint8_t b[MARKER_LEN];
	size_t m = sizeof(MARKER_MAGIC) - 1;
	memcpy(b, MARKER_MAGIC, m);
	memcpy(b + m, lv->nonce, sizeof(lv->nonce));
	b[m + 8] = (uint8_t)(k >> 24);
	b[m + 9] = (uint8_t)(k >> 16);
	b[m + 10] = (uint8_t)(k >> 8);
	b[m + 11] = (uint8_t)k;
	ssize_t w = sendto(lv->marker_fd, b, sizeof(b), 0,
	    (struct sockaddr *)&lv->marker_addr, sizeof(lv->marker_addr));
	return w == (ssize_t)sizeof(b) ? 0 : -1;
}

static void
deadline_in(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

/* Wait until markers [from, to) are all seen. */
static int
wait_markers(struct sv_live *lv, int from, int to, int timeout_ms,
    char *errbuf, size_t errlen)
{
	struct timespec dl;
	deadline_in(&dl, timeout_ms);
	int r = 0;
	pthread_mutex_lock(&lv->mu);
	for (;;) {
		int missing = -1;
		for (int k = from; k < to; k++)
			if (!lv->seen[k]) {
				missing = k;
				break;
			}
		if (missing < 0)
			break;
		if (lv->failed) {
			snprintf(errbuf, errlen, "%s", lv->thread_err);
			r = -1;
			break;
		}
		if (pthread_cond_timedwait(&lv->cv, &lv->mu, &dl) ==
		    ETIMEDOUT) {
			snprintf(errbuf, errlen, "the capture did not see"
			    " marker %d within %d ms", missing, timeout_ms);
			r = -1;
			break;
		}
	}
	pthread_mutex_unlock(&lv->mu);
	return r;
}

int
sv_live_start(struct sv_live *lv, int timeout_ms, char *errbuf,
    size_t errlen)
{
	int e = pthread_create(&lv->thread, NULL, capture_main, lv);
	if (e != 0) {
		snprintf(errbuf, errlen, "capture thread: %s", strerror(e));
		return -1;
	}
	lv->running = 1;
	if (send_marker(lv, 0) < 0) {
		snprintf(errbuf, errlen, "start marker: %s", strerror(errno));
		return -1;
	}
	return wait_markers(lv, 0, 1, timeout_ms, errbuf, errlen);
}

static void
stop_thread(struct sv_live *lv)
{
	if (!lv->running)
		return;
	uint64_t one = 1;
	if (write(lv->stop_fd, &one, sizeof(one)) != sizeof(one)) {
		/* An eventfd write fails only on overflow; the thread has
		 * been woken already in that case. */
	}
	pthread_join(lv->thread, NULL);
	lv->running = 0;
}

int
sv_live_finish(struct sv_live *lv, int timeout_ms,
    struct sv_packet_list *out, uint64_t *dropped, char *errbuf,
    size_t errlen)
{
	cpu_set_t was, one;
	int n = 1;
	int have_mask = sched_getaffinity(0, sizeof(was), &was) == 0;
	int r = 0;

	if (have_mask) {
		n = 1;
		for (int cpu = 0; cpu < CPU_SETSIZE && n < MAX_MARKERS; cpu++) {
			if (!CPU_ISSET(cpu, &was))
				continue;
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			if (sched_setaffinity(0, sizeof(one), &one) == 0 &&
			    send_marker(lv, (uint32_t)n) == 0)
				n++;
		}
		sched_setaffinity(0, sizeof(was), &was);
	}
	if (n == 1 && send_marker(lv, (uint32_t)n++) < 0) {
		snprintf(errbuf, errlen, "end marker: %s", strerror(errno));
		r = -1;
	}
	if (r == 0)
		r = wait_markers(lv, 1, n, timeout_ms, errbuf, errlen);
	stop_thread(lv);
	if (r == 0 && lv->thread_err[0]) {
		snprintf(errbuf, errlen, "%s", lv->thread_err);
		r = -1;
	}
	if (r == 0 && lv->oom) {
		snprintf(errbuf, errlen, "out of memory holding packets");
		r = -1;
	}
	struct pcap_stat st;
	*dropped = 0;
	if (pcap_stats(lv->pcap, &st) == 0)
		*dropped = (uint64_t)st.ps_drop + st.ps_ifdrop;
	*out = lv->packets;
	memset(&lv->packets, 0, sizeof(lv->packets));
	return r;
}

void
sv_live_free(struct sv_live *lv)
{
	if (lv == NULL)
		return;
	stop_thread(lv);
	if (lv->pcap != NULL)
		pcap_close(lv->pcap);
	if (lv->marker_fd >= 0)
		close(lv->marker_fd);
	if (lv->stop_fd >= 0)
		close(lv->stop_fd);
	sv_packet_list_free(&lv->packets);
	pthread_mutex_destroy(&lv->mu);
	pthread_cond_destroy(&lv->cv);
	free(lv);
}
