/*
 * Captures for the render benchmarks, written as pcap to standard output.
 *
 *   gen_capture N F > big.pcap       N synthetic TCP segments over F
 *                                    conversations on 127.0.0.1
 *   gen_capture --live N > big.pcap  N packets of real loopback traffic
 *
 * --live enters a private network namespace (drive/netns.c: no root
 * needed), captures on its lo with libpcap and, until the capture holds N
 * packets, repeats one session: a short TCP connection (handshake, a
 * request, replies, the server closing first: 13 packets on average)
 * and two UDP exchanges on a fresh client socket (4 datagrams). That is
 * the mix of a whole lab's capture: 1,003,000 packets are 59,000
 * connections and 236,000 datagrams. Everything runs in this one
 * process: the client's connect() finishes the handshake in the kernel
 * before accept() is called, so nothing needs a second thread but the
 * capture.
 *
 * The capture thread stops at exactly N packets and tells the sessions to
 * stop, so no marker or timeout is needed: the sessions keep the capture
 * fed until it has enough. Statistics go to standard error; a capture
 * the kernel dropped packets from exits 1.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "capture/pcap_file.h"
#include "drive/netns.h"

/* Ethernet (14) + IPv4 (20) + TCP (20) + 32 bytes of payload. */
#define FRAME 86

/* Live: frames are short, so a small snap length keeps libpcap's ring
 * frames small and the ring deep (tens of thousands of packets). */
#define LIVE_SNAPLEN 1024
#define LIVE_BUFFER_BYTES (64 * 1024 * 1024)
#define TCP_PORT 8888
#define UDP_PORT 9999

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

static int
synthetic(unsigned long n, unsigned long flows)
{
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

struct live {
	pcap_t *pcap;
	unsigned long want, got;
	int linktype;
	int write_failed;
	atomic_int done;         /* the capture holds want packets */
};

static void
on_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct live *lv = (struct live *)user;
	if (lv->got == lv->want)
		return;
	struct sv_packet p = { .caplen = h->caplen, .origlen = h->len,
	    .linktype = (uint32_t)lv->linktype, .data = (uint8_t *)bytes,
	    /* nanosecond precision: tv_usec holds nanoseconds */
	    .ts_ns = (int64_t)h->ts.tv_sec * 1000000000LL + h->ts.tv_usec };
	if (sv_pcap_write_packet(stdout, &p) < 0)
		lv->write_failed = 1;
	if (++lv->got == lv->want) {
		atomic_store(&lv->done, 1);
		pcap_breakloop(lv->pcap);
	}
}

static void *
capture_thread(void *arg)
{
	struct live *lv = arg;
	while (!atomic_load(&lv->done))
		if (pcap_dispatch(lv->pcap, -1, on_packet, (u_char *)lv) ==
		    PCAP_ERROR) {
			fprintf(stderr, "gen_capture: %s\n",
			    pcap_geterr(lv->pcap));
			atomic_store(&lv->done, 1);
		}
	return NULL;
}

static int
fail(const char *what)
{
	perror(what);
	return -1;
}

static int
send_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t w = send(fd, buf, len, 0);
		if (w < 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

static int
recv_exactly(int fd, char *buf, size_t len)
{
	while (len > 0) {
		ssize_t r = recv(fd, buf, len, 0);
		if (r <= 0)
			return -1;
		buf += r;
		len -= (size_t)r;
	}
	return 0;
}

/* One TCP connection and two UDP exchanges; the sizes make the frames
 * average about 170 bytes on disk, as in such a capture. The
 * server sends two replies, or three in odd sessions: 12 or 14 TCP
 * packets (the client's ACK of the server's FIN rides on its own FIN),
 * 13 on average. */
static int
session(int lsock, int usrv, const struct sockaddr_in *tcp_addr,
    const struct sockaddr_in *udp_addr, int odd)
{
	static const char req[120], rep1[300], rep2[240], dgram[200];
	char buf[1024];
	int c = socket(AF_INET, SOCK_STREAM, 0);
	if (c < 0)
		return fail("socket");
	if (connect(c, (const struct sockaddr *)tcp_addr,
	    sizeof(*tcp_addr)) < 0) {
		close(c);
		return fail("connect");
	}
	int s = accept(lsock, NULL, NULL);
	if (s < 0) {
		close(c);
		return fail("accept");
	}
	int st = 0;
	if (send_all(c, req, sizeof(req)) < 0 ||
	    recv_exactly(s, buf, sizeof(req)) < 0 ||
	    send_all(s, rep1, sizeof(rep1)) < 0 ||
	    send_all(s, rep2, sizeof(rep2)) < 0 ||
	    (odd && send_all(s, rep2, sizeof(rep2)) < 0) ||
	    recv_exactly(c, buf, sizeof(rep1) + sizeof(rep2) *
	    (odd ? 2 : 1)) < 0)
		st = fail("tcp exchange");
	/* The server closes first: FIN, ACK, FIN, ACK, and the TIME_WAIT
	 * stays with the server's end, not with the client's port. */
	close(s);
	if (st == 0 && recv(c, buf, sizeof(buf), 0) != 0)
		st = fail("tcp end of stream");
	close(c);
	if (st < 0)
		return st;

	int u = socket(AF_INET, SOCK_DGRAM, 0);
	if (u < 0)
		return fail("socket");
	if (connect(u, (const struct sockaddr *)udp_addr,
	    sizeof(*udp_addr)) < 0) {
		close(u);
		return fail("connect udp");
	}
	for (int k = 0; k < 2 && st == 0; k++) {
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		if (send(u, dgram, sizeof(dgram), 0) < 0 ||
		    recvfrom(usrv, buf, sizeof(buf), 0,
		    (struct sockaddr *)&from, &fl) < 0 ||
		    sendto(usrv, dgram, sizeof(dgram), 0,
		    (struct sockaddr *)&from, fl) < 0 ||
		    recv(u, buf, sizeof(buf), 0) < 0)
			st = fail("udp exchange");
	}
	close(u);
	return st;
}

/* Ephemeral ports for 59,000 connections: the whole range, and loopback
 * TIME_WAIT reuse (tcp_tw_reuse 2, the default). Only this namespace's
 * settings change. */
static void
widen_ports(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/ip_local_port_range", "w");
	if (f != NULL) {
		fputs("1024 65535\n", f);
		fclose(f);
	}
}

static int
live(unsigned long n)
{
	char err[1024], pe[PCAP_ERRBUF_SIZE];
	if (sv_netns_enter(err, sizeof(err)) < 0) {
		fprintf(stderr, "gen_capture: %s\n", err);
		return 1;
	}
	widen_ports();
	struct live lv = { .want = n };
	pe[0] = '\0';
	if ((lv.pcap = pcap_create("lo", pe)) == NULL) {
		fprintf(stderr, "gen_capture: pcap_create lo: %s\n", pe);
		return 1;
	}
	pcap_set_snaplen(lv.pcap, LIVE_SNAPLEN);
	pcap_set_immediate_mode(lv.pcap, 1);
	pcap_set_buffer_size(lv.pcap, LIVE_BUFFER_BYTES);
	pcap_set_tstamp_precision(lv.pcap, PCAP_TSTAMP_PRECISION_NANO);
	int r = pcap_activate(lv.pcap);
	if (r < 0) {
		fprintf(stderr, "gen_capture: cannot capture on lo: %s: %s\n",
		    pcap_statustostr(r), pcap_geterr(lv.pcap));
		return 1;
	}
	lv.linktype = pcap_datalink(lv.pcap);

	struct sockaddr_in ta = { .sin_family = AF_INET,
	    .sin_port = htons(TCP_PORT),
	    .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in ua = ta;
	ua.sin_port = htons(UDP_PORT);
	int one = 1;
	int lsock = socket(AF_INET, SOCK_STREAM, 0);
	int usrv = socket(AF_INET, SOCK_DGRAM, 0);
	if (lsock < 0 || usrv < 0 ||
	    setsockopt(lsock, SOL_SOCKET, SO_REUSEADDR, &one,
	    sizeof(one)) < 0 ||
	    bind(lsock, (struct sockaddr *)&ta, sizeof(ta)) < 0 ||
	    listen(lsock, 16) < 0 ||
	    bind(usrv, (struct sockaddr *)&ua, sizeof(ua)) < 0) {
		perror("gen_capture: servers");
		return 1;
	}
	/* The ring is live since pcap_activate(): every packet from here
	 * on is captured, whenever the thread gets to it. */
	if (sv_pcap_write_header(stdout, (uint32_t)lv.linktype,
	    LIVE_SNAPLEN) < 0)
		return 1;
	pthread_t th;
	if (pthread_create(&th, NULL, capture_thread, &lv) != 0) {
		fprintf(stderr, "gen_capture: cannot start the capture\n");
		return 1;
	}
	unsigned long sessions = 0;
	int st = 0;
	while (!atomic_load(&lv.done) && st == 0) {
		st = session(lsock, usrv, &ta, &ua, (int)(sessions & 1));
		sessions++;
	}
	if (st < 0)
		atomic_store(&lv.done, 1);
	pcap_breakloop(lv.pcap);
	pthread_join(th, NULL);
	struct pcap_stat ps;
	unsigned long dropped = 0;
	if (pcap_stats(lv.pcap, &ps) == 0)
		dropped = ps.ps_drop + ps.ps_ifdrop;
	pcap_close(lv.pcap);
	close(lsock);
	close(usrv);
	fprintf(stderr, "gen_capture: %lu packets, %lu sessions (%lu TCP"
	    " connections, %lu datagrams), %lu dropped\n", lv.got, sessions,
	    sessions, sessions * 4, dropped);
	if (fflush(stdout) != 0 || lv.write_failed) {
		fprintf(stderr, "gen_capture: write failed\n");
		return 1;
	}
	return st < 0 || lv.got != n || dropped > 0 ? 1 : 0;
}

int
main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "--live") == 0) {
		unsigned long n = strtoul(argv[2], NULL, 10);
		if (n == 0) {
			fprintf(stderr, "gen_capture: PACKETS from 1\n");
			return 2;
		}
		return live(n);
	}
	if (argc != 3) {
		fprintf(stderr, "usage: gen_capture PACKETS FLOWS\n"
		    "       gen_capture --live PACKETS\n");
		return 2;
	}
	unsigned long n = strtoul(argv[1], NULL, 10);
	unsigned long flows = strtoul(argv[2], NULL, 10);
	if (flows == 0 || flows > 60000) {
		fprintf(stderr, "gen_capture: FLOWS from 1 to 60000\n");
		return 2;
	}
	return synthetic(n, flows);
}
