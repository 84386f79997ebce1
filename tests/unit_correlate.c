/*
 * Unit tests of the correlation (render/correlate.c): which call caused
 * each packet, and who put it on the wire (docs/json.md, "Which call
 * caused a packet").
 *
 * Each case is one row of that table, written as a small scenario:
 * the calls as the actors made them, with their times in microseconds from
 * the start (written "[begin, end]"), and the packets as tcpdump shows
 * them, each a real frame (raw IPv4, LINKTYPE_RAW) that the correlation
 * decodes. Then what each packet must be: the call's own (origin call), the
 * other side's kernel answering the call (origin answer), or a kernel's on
 * its own (cause null, origin kernel).
 *
 * Everywhere, the server is 127.0.0.1:8888 and the client 127.0.0.1:40000.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "capture/decode.h"
#include "capture/packet.h"
#include "render/calls.h"
#include "render/timeline.h"

enum { SERVER, CLIENT };         /* the lanes */

#define US 1000                  /* ns: times below are in microseconds */
#define T0 1700000000000000000LL /* CLOCK_REALTIME of the first event */

/* ---- building a timeline -------------------------------------------- */

static struct sv_endpoint
ep(const char *addr, uint16_t port)
{
	struct sv_endpoint e;

	memset(&e, 0, sizeof(e));
	if (addr == NULL)
		return e;
	e.family = 4;
	assert_int_equal(inet_pton(AF_INET, addr, e.addr), 1);
	e.port = port;
	return e;
}

#define NONE ep(NULL, 0)
#define SRV ep("127.0.0.1", 8888)
#define CLI ep("127.0.0.1", 40000)

static struct sv_timeline *
world(void)
{
	struct sv_timeline *tl = sv_timeline_new();

	assert_non_null(tl);
	assert_int_equal(sv_timeline_add_lane(tl, "server", 0), SERVER);
	assert_int_equal(sv_timeline_add_lane(tl, "client", 0), CLIENT);
	return tl;
}

/*
 * A call by actor on the connection local -> peer (a zero port: any),
 * in progress over [begin, end]. Returns its handle: the step number,
 * which the tests use to find it once the timeline is sorted.
 */
static int
call(struct sv_timeline *tl, int actor, enum sv_fn fn, int sock_type,
    struct sv_endpoint local, struct sv_endpoint peer, int64_t begin,
    int64_t end)
{
	static int steps;
	struct sv_event *ev = sv_timeline_append(tl, SV_EV_CALL);
	struct sv_call *c;

	assert_non_null(ev);
	c = &ev->u.call;
	c->actor = actor;
	c->step = ++steps;
	c->fn = fn;
	c->text = strdup(sv_fn_name(fn));
	assert_non_null(c->text);
	c->sock_type = sock_type;
	c->tcp_state = -1;
	c->local = c->conn_local = local;
	c->peer = c->conn_peer = peer;
	c->t_begin = T0 + begin * US;
	c->t_end = T0 + end * US;
	ev->t = c->t_begin;
	return c->step;
}

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v & 0xffff);
}

/* An IPv4 header from src to dst carrying len bytes of protocol proto.
 * Checksums stay 0: the decoder does not verify them. */
static void
ipv4(uint8_t *f, struct sv_endpoint src, struct sv_endpoint dst,
    uint8_t proto, size_t len)
{
	memset(f, 0, 20);
	f[0] = 0x45;
	put16(f + 2, (unsigned)(20 + len));
	f[6] = 0x40;                     /* DF */
	f[8] = 64;
	f[9] = proto;
	memcpy(f + 12, src.addr, 4);
	memcpy(f + 16, dst.addr, 4);
}

static void
add_frame(struct sv_timeline *tl, int64_t t, const uint8_t *f, size_t len)
{
	struct sv_packet p;

	memset(&p, 0, sizeof(p));
	p.ts_ns = T0 + t * US;
	p.caplen = p.origlen = (uint32_t)len;
	p.linktype = SV_LINK_RAW;
	p.data = malloc(len);
	assert_non_null(p.data);
	memcpy(p.data, f, len);
	assert_int_equal(sv_timeline_add_packet(tl, &p), 0);
}

enum { SYN = SV_TCP_SYN, FIN = SV_TCP_FIN, RST = SV_TCP_RST,
    PSH = SV_TCP_PSH, ACK = SV_TCP_ACK };

/* src > dst: Flags [flags], seq seq:seq+len, ack ack, length len */
static void
tcp(struct sv_timeline *tl, int64_t t, struct sv_endpoint src,
    struct sv_endpoint dst, uint8_t flags, uint32_t seq, uint32_t ack,
    size_t len)
{
	uint8_t f[20 + 20 + 64];

	assert_true(len <= 64);
	ipv4(f, src, dst, 6, 20 + len);
	memset(f + 20, 0, 20);
	put16(f + 20, src.port);
	put16(f + 22, dst.port);
	put32(f + 24, seq);
	put32(f + 28, ack);
	f[32] = 0x50;                    /* 20 bytes, no options */
	f[33] = flags;
	put16(f + 34, 65483);
	memset(f + 40, 'x', len);
	add_frame(tl, t, f, 40 + len);
}

/* src > dst: UDP, length len */
static void
udp(struct sv_timeline *tl, int64_t t, struct sv_endpoint src,
    struct sv_endpoint dst, size_t len)
{
	uint8_t f[20 + 8 + 64];

	assert_true(len <= 64);
	ipv4(f, src, dst, 17, 8 + len);
	put16(f + 20, src.port);
	put16(f + 22, dst.port);
	put16(f + 24, (unsigned)(8 + len));
	put16(f + 26, 0);
	memset(f + 28, 'x', len);
	add_frame(tl, t, f, 28 + len);
}

/* from > to: ICMP udp port dport unreachable, quoting to's datagram to
 * dport */
static void
icmp_port_unreachable(struct sv_timeline *tl, int64_t t,
    struct sv_endpoint to, struct sv_endpoint dport)
{
	uint8_t f[20 + 8 + 20 + 8];

	ipv4(f, dport, to, 1, sizeof(f) - 20);
	memset(f + 20, 0, 8);
	f[20] = 3;                       /* destination unreachable */
	f[21] = 3;                       /* port */
	ipv4(f + 28, to, dport, 17, 8 + 4);
	put16(f + 48, to.port);
	put16(f + 50, dport.port);
	put16(f + 52, 8 + 4);
	put16(f + 54, 0);
	add_frame(tl, t, f, sizeof(f));
}

static void
correlate(struct sv_timeline *tl)
{
	char err[128];

	assert_int_equal(sv_correlate(tl, err, sizeof(err)), 0);
}

/* ---- reading it back ------------------------------------------------ */

static const struct sv_event *
call_ev(const struct sv_timeline *tl, int step)
{
	for (size_t i = 0; i < tl->n; i++)
		if (tl->ev[i].type == SV_EV_CALL &&
		    tl->ev[i].u.call.step == step)
			return &tl->ev[i];
	fail_msg("no call for step %d", step);
	return NULL;
}

/* The k-th packet, in time order (0-based). */
static const struct sv_pktev *
packet(const struct sv_timeline *tl, int k)
{
	for (size_t i = 0; i < tl->n; i++)
		if (tl->ev[i].type == SV_EV_PACKET && k-- == 0)
			return &tl->ev[i].u.pkt;
	fail_msg("no such packet");
	return NULL;
}

/* Packet k was caused by the call of step, with this origin. */
static void
assert_caused(const struct sv_timeline *tl, int k, int step,
    enum sv_origin origin)
{
	const struct sv_pktev *p = packet(tl, k);

	assert_int_equal(p->cause, call_ev(tl, step)->id);
	assert_string_equal(sv_origin_name(p->origin),
	    sv_origin_name(origin));
	assert_string_equal(p->note, "");
}

/* Packet k was a kernel's on its own, for the reason note. */
static void
assert_kernel(const struct sv_timeline *tl, int k, const char *note)
{
	const struct sv_pktev *p = packet(tl, k);

	assert_int_equal(p->cause, -1);
	assert_string_equal(sv_origin_name(p->origin), "kernel");
	assert_string_equal(p->note, note);
}

/* The call of step caused n packets. */
static void
assert_packets(const struct sv_timeline *tl, int step, size_t n)
{
	assert_int_equal(call_ev(tl, step)->u.call.n_packets, n);
}

/* A server listening on 127.0.0.1:8888 since before 10 µs. */
static void
listener(struct sv_timeline *tl)
{
	call(tl, SERVER, SV_FN_SOCKET, SOCK_STREAM, NONE, NONE, 0, 2);
	call(tl, SERVER, SV_FN_BIND, SOCK_STREAM, SRV, NONE, 3, 5);
	call(tl, SERVER, SV_FN_LISTEN, SOCK_STREAM, SRV, NONE, 6, 8);
}

/* ---- the correlation table ------------------------------------------ */

/*
 * TCP connect() to a listener: SYN (call), SYN-ACK (answer), ACK (call);
 * the server's accept() then returns with none.
 *
 *   server: accept(s)                 [10, 300] blocks
 *   client: connect(c, 127.0.0.1:8888) [100, 200]
 *   120  40000 > 8888: Flags [S], seq 1000
 *   130  8888 > 40000: Flags [S.], seq 5000, ack 1001
 *   140  40000 > 8888: Flags [.], ack 5001
 */
static void
test_tcp_connect_to_a_listener(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	listener(tl);
	int accept = call(tl, SERVER, SV_FN_ACCEPT, SOCK_STREAM, SRV, NONE,
	    10, 300);
	int connect = call(tl, CLIENT, SV_FN_CONNECT, SOCK_STREAM, CLI, SRV,
	    100, 200);
	tcp(tl, 120, CLI, SRV, SYN, 1000, 0, 0);
	tcp(tl, 130, SRV, CLI, SYN | ACK, 5000, 1001, 0);
	tcp(tl, 140, CLI, SRV, ACK, 1001, 5001, 0);
	correlate(tl);

	assert_caused(tl, 0, connect, SV_ORIGIN_CALL);
	assert_caused(tl, 1, connect, SV_ORIGIN_ANSWER);
	assert_caused(tl, 2, connect, SV_ORIGIN_CALL);
	assert_packets(tl, connect, 3);
	assert_packets(tl, accept, 0);
	/* The answer is drawn from the server's lane: its kernel sent it. */
	assert_int_equal(packet(tl, 1)->from, SERVER);
	sv_timeline_free(tl);
}

/*
 * UDP connect(): none. A datagram that arrives meanwhile is the sender's.
 *
 *   client: connect(u, 127.0.0.1:8888) [100, 200]
 *   server: sendto(u, "ping", 127.0.0.1:40000) [140, 180]
 *   150  8888 > 40000: UDP, length 4
 */
static void
test_udp_connect_sends_nothing(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	int connect = call(tl, CLIENT, SV_FN_CONNECT, SOCK_DGRAM, CLI, SRV,
	    100, 200);
	int sendto = call(tl, SERVER, SV_FN_SENDTO, SOCK_DGRAM, SRV, CLI,
	    140, 180);
	udp(tl, 150, SRV, CLI, 4);
	correlate(tl);

	assert_packets(tl, connect, 0);
	assert_caused(tl, 0, sendto, SV_ORIGIN_CALL);
	sv_timeline_free(tl);
}

/*
 * UDP sendto(): exactly one datagram, its own, even while the peer's
 * sendto() overlaps it.
 *
 *   client: sendto(u, "ping", 127.0.0.1:8888) [100, 300]
 *   150  40000 > 8888: UDP, length 4
 *   server: sendto(u, "pong", 127.0.0.1:40000) [200, 260]
 *   220  8888 > 40000: UDP, length 4
 */
static void
test_udp_sendto_exactly_one_datagram(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	/* An unconnected socket: any destination. */
	int ping = call(tl, CLIENT, SV_FN_SENDTO, SOCK_DGRAM, CLI, NONE,
	    100, 300);
	int pong = call(tl, SERVER, SV_FN_SENDTO, SOCK_DGRAM, SRV, NONE,
	    200, 260);
	udp(tl, 150, CLI, SRV, 4);
	udp(tl, 220, SRV, CLI, 4);
	correlate(tl);

	assert_caused(tl, 0, ping, SV_ORIGIN_CALL);
	assert_caused(tl, 1, pong, SV_ORIGIN_CALL);
	assert_packets(tl, ping, 1);
	assert_packets(tl, pong, 1);
	sv_timeline_free(tl);
}

/*
 * TCP send(): its data segment, and the peer's immediate ACK as an answer,
 * though the server sleeps in recv() all along (a call that only receives
 * never gets answers).
 *
 *   server: recv(a, buf, 64, 0)       [50, 400] blocks
 *   client: send(c, "hello", 5, 0)    [100, 300]
 *   150  40000 > 8888: Flags [P.], seq 1001:1006, ack 5001, length 5
 *   160  8888 > 40000: Flags [.], ack 1006
 */
static void
test_tcp_send_data_and_the_peers_ack(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	int recv = call(tl, SERVER, SV_FN_RECV, SOCK_STREAM, SRV, CLI, 50,
	    400);
	int send = call(tl, CLIENT, SV_FN_SEND, SOCK_STREAM, CLI, SRV, 100,
	    300);
	tcp(tl, 150, CLI, SRV, PSH | ACK, 1001, 5001, 5);
	tcp(tl, 160, SRV, CLI, ACK, 5001, 1006, 0);
	correlate(tl);

	assert_caused(tl, 0, send, SV_ORIGIN_CALL);
	assert_caused(tl, 1, send, SV_ORIGIN_ANSWER);
	assert_packets(tl, recv, 0);
	sv_timeline_free(tl);
}

/*
 * TCP close(): a FIN (call), and the peer's immediate ACK of it as an
 * answer.
 *
 *   client: close(c)                  [100, 200]
 *   150  40000 > 8888: Flags [F.], seq 1006, ack 5001
 *   160  8888 > 40000: Flags [.], ack 1007
 */
static void
test_tcp_close_fin_and_the_peers_ack(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	int close = call(tl, CLIENT, SV_FN_CLOSE, SOCK_STREAM, CLI, SRV, 100,
	    200);
	tcp(tl, 150, CLI, SRV, FIN | ACK, 1006, 5001, 0);
	tcp(tl, 160, SRV, CLI, ACK, 5001, 1007, 0);
	correlate(tl);

	assert_caused(tl, 0, close, SV_ORIGIN_CALL);
	assert_caused(tl, 1, close, SV_ORIGIN_ANSWER);
	assert_packets(tl, close, 2);
	sv_timeline_free(tl);
}

/*
 * The peer's ACK of close()'s FIN, sent once close() has returned, is the
 * kernel's: never the later call's that reads the end of stream, though
 * that call is in progress on the same connection when the ACK leaves.
 *
 *   client: close(c)                  [100, 200]
 *   150  40000 > 8888: Flags [F.], seq 1006, ack 5001
 *   server: recv(a, buf, 64, 0) = 0   [300, 350]
 *   320  8888 > 40000: Flags [.], ack 1007
 */
static void
test_tcp_close_a_late_ack_is_the_kernels(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	int close = call(tl, CLIENT, SV_FN_CLOSE, SOCK_STREAM, CLI, SRV, 100,
	    200);
	int recv = call(tl, SERVER, SV_FN_RECV, SOCK_STREAM, SRV, CLI, 300,
	    350);
	tcp(tl, 150, CLI, SRV, FIN | ACK, 1006, 5001, 0);
	tcp(tl, 320, SRV, CLI, ACK, 5001, 1007, 0);
	correlate(tl);

	assert_caused(tl, 0, close, SV_ORIGIN_CALL);
	/* The FIN came before the recv() began: nothing the recv() read
	 * made the kernel send this. */
	assert_kernel(tl, 1, "ACK of the peer's FIN");
	assert_packets(tl, close, 1);
	assert_packets(tl, recv, 0);
	sv_timeline_free(tl);
}

/*
 * TCP connect() to a port with no listener: SYN (call), then RST-ACK
 * (answer); it returns -1 ECONNREFUSED. No actor owns 127.0.0.1:9: the
 * RST comes from a lane of its own.
 *
 *   client: connect(c, 127.0.0.1:9)   [100, 200] = -1 ECONNREFUSED
 *   120  40000 > 9: Flags [S], seq 1000
 *   130  9 > 40000: Flags [R.], seq 0, ack 1001
 */
static void
test_tcp_connect_to_a_closed_port(void **state)
{
	struct sv_timeline *tl = world();
	struct sv_endpoint closed = ep("127.0.0.1", 9);
	(void)state;

	int connect = call(tl, CLIENT, SV_FN_CONNECT, SOCK_STREAM, CLI,
	    closed, 100, 200);
	tcp(tl, 120, CLI, closed, SYN, 1000, 0, 0);
	tcp(tl, 130, closed, CLI, RST | ACK, 0, 1001, 0);
	correlate(tl);

	assert_caused(tl, 0, connect, SV_ORIGIN_CALL);
	assert_caused(tl, 1, connect, SV_ORIGIN_ANSWER);
	const struct sv_pktev *rst = packet(tl, 1);
	assert_true(tl->lanes[rst->from].endpoint);
	assert_string_equal(tl->lanes[rst->from].name, "127.0.0.1:9");
	sv_timeline_free(tl);
}

/*
 * bind(), listen(), socket(): none, even while a handshake on the very
 * port they name is on the wire.
 *
 *   server: socket() [0, 2], bind(s, 127.0.0.1:8888) [3, 5],
 *           listen(s, 5) [6, 8], then a second socket on the same port
 *           (SO_REUSEPORT) while a client connects to the first:
 *   client: connect(c, 127.0.0.1:8888) [100, 200]
 *   server: socket() [110, 115], bind(s2, 127.0.0.1:8888) [118, 125],
 *           listen(s2, 5) [128, 145]
 *   120  40000 > 8888: Flags [S], seq 1000
 *   130  8888 > 40000: Flags [S.], seq 5000, ack 1001
 *   140  40000 > 8888: Flags [.], ack 5001
 */
static void
test_socket_bind_listen_send_nothing(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	listener(tl);
	int connect = call(tl, CLIENT, SV_FN_CONNECT, SOCK_STREAM, CLI, SRV,
	    100, 200);
	int sock = call(tl, SERVER, SV_FN_SOCKET, SOCK_STREAM, NONE, NONE,
	    110, 115);
	int bind = call(tl, SERVER, SV_FN_BIND, SOCK_STREAM, SRV, NONE, 118,
	    125);
	int listen = call(tl, SERVER, SV_FN_LISTEN, SOCK_STREAM, SRV, NONE,
	    128, 145);
	tcp(tl, 120, CLI, SRV, SYN, 1000, 0, 0);
	tcp(tl, 130, SRV, CLI, SYN | ACK, 5000, 1001, 0);
	tcp(tl, 140, CLI, SRV, ACK, 1001, 5001, 0);
	correlate(tl);

	assert_packets(tl, sock, 0);
	assert_packets(tl, bind, 0);
	assert_packets(tl, listen, 0);
	for (size_t i = 0; i < tl->n; i++)
		if (tl->ev[i].type == SV_EV_CALL &&
		    tl->ev[i].u.call.step != connect)
			assert_int_equal(tl->ev[i].u.call.n_packets, 0);
	assert_packets(tl, connect, 3);
	sv_timeline_free(tl);
}

/*
 * A delayed ACK, fired by the server's timer while the client sleeps in
 * recv() waiting for the reply: no call sent it. The client's recv() gets
 * no answers, and the server has no call in progress at all.
 *
 *   client: send(c, "hello", 5, 0)    [100, 150]
 *   120  40000 > 8888: Flags [P.], seq 1001:1006, ack 5001, length 5
 *   client: recv(c, buf, 64, 0)       [200, 900] blocks
 *   240  8888 > 40000: Flags [.], ack 1006
 */
static void
test_delayed_ack_while_the_peers_recv_sleeps(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	int send = call(tl, CLIENT, SV_FN_SEND, SOCK_STREAM, CLI, SRV, 100,
	    150);
	int recv = call(tl, CLIENT, SV_FN_RECV, SOCK_STREAM, CLI, SRV, 200,
	    900);
	tcp(tl, 120, CLI, SRV, PSH | ACK, 1001, 5001, 5);
	tcp(tl, 240, SRV, CLI, ACK, 5001, 1006, 0);
	correlate(tl);

	assert_caused(tl, 0, send, SV_ORIGIN_CALL);
	assert_kernel(tl, 1, "delayed ACK");
	assert_packets(tl, send, 1);
	assert_packets(tl, recv, 0);
	sv_timeline_free(tl);
}

/*
 * The same ACK, with the server asleep in a recv() that began after the
 * data arrived: nothing arrived for that recv() to read, so the ACK is
 * still the timer's.
 *
 *   client: send(c, "hello", 5, 0)    [100, 150]
 *   120  40000 > 8888: Flags [P.], seq 1001:1006, ack 5001, length 5
 *   server: recv(a, buf, 64, 0)       [200, 900] blocks
 *   240  8888 > 40000: Flags [.], ack 1006
 */
static void
test_delayed_ack_while_its_own_recv_sleeps(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	call(tl, CLIENT, SV_FN_SEND, SOCK_STREAM, CLI, SRV, 100, 150);
	int recv = call(tl, SERVER, SV_FN_RECV, SOCK_STREAM, SRV, CLI, 200,
	    900);
	tcp(tl, 120, CLI, SRV, PSH | ACK, 1001, 5001, 5);
	tcp(tl, 240, SRV, CLI, ACK, 5001, 1006, 0);
	correlate(tl);

	assert_kernel(tl, 1, "delayed ACK");
	assert_packets(tl, recv, 0);
	sv_timeline_free(tl);
}

/*
 * A recv() owns what its reading makes its kernel send: data arrived
 * while it slept, and the ACK that follows once the sender's call has
 * returned is the recv()'s.
 *
 *   server: recv(a, buf, 64, 0)       [50, 400] blocks
 *   client: send(c, "hello", 5, 0)    [100, 150]
 *   120  40000 > 8888: Flags [P.], seq 1001:1006, ack 5001, length 5
 *   200  8888 > 40000: Flags [.], ack 1006
 */
static void
test_recv_owns_the_ack_of_what_it_read(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	int recv = call(tl, SERVER, SV_FN_RECV, SOCK_STREAM, SRV, CLI, 50,
	    400);
	int send = call(tl, CLIENT, SV_FN_SEND, SOCK_STREAM, CLI, SRV, 100,
	    150);
	tcp(tl, 120, CLI, SRV, PSH | ACK, 1001, 5001, 5);
	tcp(tl, 200, SRV, CLI, ACK, 5001, 1006, 0);
	correlate(tl);

	assert_caused(tl, 0, send, SV_ORIGIN_CALL);
	assert_caused(tl, 1, recv, SV_ORIGIN_CALL);
	sv_timeline_free(tl);
}

/*
 * An answer belongs to the call whose segment it acknowledges, not just
 * to the latest call on the connection.
 *
 *   client: send(c, "hello", 5, 0)    [100, 500] (a slow, large write)
 *   150  40000 > 8888: Flags [P.], seq 1001:1006, ack 5001, length 5
 *   client: shutdown(c, SHUT_WR)      [300, 400] (from another thread)
 *   310  40000 > 8888: Flags [F.], seq 1006, ack 5001
 *   320  8888 > 40000: Flags [.], ack 1006
 *   330  8888 > 40000: Flags [.], ack 1007
 */
static void
test_an_answer_goes_to_the_call_it_answers(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	int send = call(tl, CLIENT, SV_FN_SEND, SOCK_STREAM, CLI, SRV, 100,
	    500);
	int shut = call(tl, CLIENT, SV_FN_SHUTDOWN, SOCK_STREAM, CLI, SRV,
	    300, 400);
	tcp(tl, 150, CLI, SRV, PSH | ACK, 1001, 5001, 5);
	tcp(tl, 310, CLI, SRV, FIN | ACK, 1006, 5001, 0);
	tcp(tl, 320, SRV, CLI, ACK, 5001, 1006, 0);
	tcp(tl, 330, SRV, CLI, ACK, 5001, 1007, 0);
	correlate(tl);

	assert_caused(tl, 0, send, SV_ORIGIN_CALL);
	assert_caused(tl, 1, shut, SV_ORIGIN_CALL);
	assert_caused(tl, 2, send, SV_ORIGIN_ANSWER);
	assert_caused(tl, 3, shut, SV_ORIGIN_ANSWER);
	sv_timeline_free(tl);
}

/*
 * A packet from the other side that answers nothing the call sent is not
 * the call's. Here the server's kernel delays its ACK of the first send()
 * until the second is running: it acknowledges only the first send()'s
 * bytes, and that call has returned, so it is the kernel's own.
 *
 *   client: send(c, "hello", 5, 0)    [100, 150]
 *   120  40000 > 8888: Flags [P.], seq 1001:1006, ack 5001, length 5
 *   client: send(c, "world", 5, 0)    [200, 300]
 *   210  40000 > 8888: Flags [P.], seq 1006:1011, ack 5001, length 5
 *   220  8888 > 40000: Flags [.], ack 1006
 *   230  8888 > 40000: Flags [.], ack 1011
 */
static void
test_what_answers_nothing_is_the_kernels(void **state)
{
	struct sv_timeline *tl = world();
	(void)state;

	int first = call(tl, CLIENT, SV_FN_SEND, SOCK_STREAM, CLI, SRV, 100,
	    150);
	int second = call(tl, CLIENT, SV_FN_SEND, SOCK_STREAM, CLI, SRV, 200,
	    300);
	tcp(tl, 120, CLI, SRV, PSH | ACK, 1001, 5001, 5);
	tcp(tl, 210, CLI, SRV, PSH | ACK, 1006, 5001, 5);
	tcp(tl, 220, SRV, CLI, ACK, 5001, 1006, 0);
	tcp(tl, 230, SRV, CLI, ACK, 5001, 1011, 0);
	correlate(tl);

	assert_caused(tl, 0, first, SV_ORIGIN_CALL);
	assert_caused(tl, 1, second, SV_ORIGIN_CALL);
	assert_kernel(tl, 2, "delayed ACK");
	assert_caused(tl, 3, second, SV_ORIGIN_ANSWER);
	assert_packets(tl, first, 1);
	assert_packets(tl, second, 2);
	sv_timeline_free(tl);
}

/*
 * An ICMP port unreachable during sendto(): the kernel's own, as the
 * design lists an ICMP error; the sendto() keeps exactly its datagram.
 *
 *   client: sendto(u, "ping", 127.0.0.1:9999) [100, 300]
 *   150  40000 > 9999: UDP, length 4
 *   160  127.0.0.1 > 127.0.0.1: ICMP 127.0.0.1 udp port 9999 unreachable
 */
static void
test_icmp_port_unreachable_during_sendto(void **state)
{
	struct sv_timeline *tl = world();
	struct sv_endpoint nobody = ep("127.0.0.1", 9999);
	(void)state;

	int sendto = call(tl, CLIENT, SV_FN_SENDTO, SOCK_DGRAM, CLI, NONE,
	    100, 300);
	udp(tl, 150, CLI, nobody, 4);
	icmp_port_unreachable(tl, 160, CLI, nobody);
	correlate(tl);

	assert_caused(tl, 0, sendto, SV_ORIGIN_CALL);
	assert_kernel(tl, 1, "port unreachable: 127.0.0.1:9999/udp");
	assert_packets(tl, sendto, 1);
	sv_timeline_free(tl);
}

/* ---- the streaming path --------------------------------------------- */

/*
 * sv_correlator_packet, fed one packet at a time as a large capture is
 * read, gives what sv_correlate gives; a packet stamped out of order
 * (about 1% are, on lo) still finds the calls in progress at its stamp.
 *
 *   client: connect(c, 127.0.0.1:8888) [100, 200]
 *   client: send(c, "hello", 5, 0)    [300, 400]
 *   120  SYN, 130 SYN-ACK, 140 ACK, 350 data, then (late) 135 a
 *   retransmitted SYN-ACK, 360 the ACK of the data
 */
static void
test_streaming_out_of_order(void **state)
{
	struct sv_timeline *tl = world();
	struct sv_timeline *pk = sv_timeline_new();
	struct sv_correlator *c;
	(void)state;

	assert_non_null(pk);
	int connect = call(tl, CLIENT, SV_FN_CONNECT, SOCK_STREAM, CLI, SRV,
	    100, 200);
	int send = call(tl, CLIENT, SV_FN_SEND, SOCK_STREAM, CLI, SRV, 300,
	    400);
	correlate(tl);                   /* orders and numbers the calls */
	tcp(pk, 120, CLI, SRV, SYN, 1000, 0, 0);
	tcp(pk, 130, SRV, CLI, SYN | ACK, 5000, 1001, 0);
	tcp(pk, 140, CLI, SRV, ACK, 1001, 5001, 0);
	tcp(pk, 350, CLI, SRV, PSH | ACK, 1001, 5001, 5);
	tcp(pk, 135, SRV, CLI, SYN | ACK, 5000, 1001, 0);
	tcp(pk, 360, SRV, CLI, ACK, 5001, 1006, 0);
	assert_non_null(c = sv_correlator_new(tl));
	for (size_t i = 0; i < pk->n; i++)
		assert_int_equal(sv_correlator_packet(c, &pk->ev[i]), 0);
	sv_correlator_free(c);

	static const enum sv_origin want[] = { SV_ORIGIN_CALL,
	    SV_ORIGIN_ANSWER, SV_ORIGIN_CALL, SV_ORIGIN_CALL,
	    SV_ORIGIN_ANSWER, SV_ORIGIN_ANSWER };
	int cause[] = { connect, connect, connect, send, connect, send };
	for (size_t i = 0; i < pk->n; i++) {
		const struct sv_pktev *p = &pk->ev[i].u.pkt;
		assert_int_equal(p->cause, call_ev(tl, cause[i])->id);
		assert_string_equal(sv_origin_name(p->origin),
		    sv_origin_name(want[i]));
	}
	sv_timeline_free(pk);
	sv_timeline_free(tl);
}

/*
 * A timeline with no events at all (a capture of no packets, drawn from
 * the pcapng sockviz made of it): nothing to attribute, and no undefined
 * behaviour on the way (qsort() of a NULL array, even of 0 elements, is;
 * the sanitizer build aborts on it). tests/integration/render_empty.sh
 * is the same case end to end.
 */
static void
test_an_empty_timeline(void **state)
{
	char err[256];
	struct sv_timeline *tl = sv_timeline_new();
	(void)state;
	assert_non_null(tl);
	assert_null(tl->ev);
	assert_int_equal(sv_correlate(tl, err, sizeof(err)), 0);
	assert_int_equal(tl->n, 0);
	assert_int_equal(tl->t0, 0);
	sv_timeline_free(tl);
}

/*
 * Conversations of a capture without calls, as the lanes reused draw
 * them. A SYN repeated between two endpoints after the UDP between them
 * went quiet, and a thousand other exchanges went by (the correlator
 * lets ended exchanges go as it reads), is still the SYN it repeats:
 * it joins the conversation the ACK before it began, and every other
 * exchange is one conversation of its own.
 */
static void
test_conversations_a_long_capture(void **state)
{
	char err[128];
	struct sv_timeline *tl = sv_timeline_new();
	struct sv_endpoint a = ep("127.0.0.1", 40000), b = ep("127.0.0.1", 8888);
	struct sv_endpoint dns = ep("127.0.0.3", 53);
	enum { OTHERS = 1100 };
	(void)state;
	assert_non_null(tl);
	tcp(tl, 0, a, b, SYN, 1000, 0, 0);
	udp(tl, 2000000, a, b, 4);                  /* 2 s later: anew */
	for (int i = 0; i < OTHERS; i++)
		udp(tl, 2000010 + i, ep("127.0.0.2", (uint16_t)(20000 + i)),
		    dns, 4);
	tcp(tl, 5000000, a, b, ACK, 1001, 1, 0);
	tcp(tl, 5000001, a, b, SYN, 1000, 0, 0);    /* the first, again */
	assert_int_equal(sv_correlate(tl, err, sizeof(err)), 0);
	assert_true(tl->spans_done);
	assert_int_equal(tl->n_spans, 2 + OTHERS + 1);
	const struct sv_span *last = &tl->spans[tl->n_spans - 1];
	assert_int_equal(last->first, (int)tl->n - 2);
	assert_int_equal(last->last, (int)tl->n - 1);
	for (size_t k = 2; k < 2 + OTHERS; k++)
		assert_int_equal(tl->spans[k].first, tl->spans[k].last);
	sv_timeline_free(tl);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_connect_to_a_listener),
		cmocka_unit_test(test_udp_connect_sends_nothing),
		cmocka_unit_test(test_udp_sendto_exactly_one_datagram),
		cmocka_unit_test(test_tcp_send_data_and_the_peers_ack),
		cmocka_unit_test(test_tcp_close_fin_and_the_peers_ack),
		cmocka_unit_test(test_tcp_close_a_late_ack_is_the_kernels),
		cmocka_unit_test(test_tcp_connect_to_a_closed_port),
		cmocka_unit_test(test_socket_bind_listen_send_nothing),
		cmocka_unit_test(test_delayed_ack_while_the_peers_recv_sleeps),
		cmocka_unit_test(test_delayed_ack_while_its_own_recv_sleeps),
		cmocka_unit_test(test_recv_owns_the_ack_of_what_it_read),
		cmocka_unit_test(test_an_answer_goes_to_the_call_it_answers),
		cmocka_unit_test(test_what_answers_nothing_is_the_kernels),
		cmocka_unit_test(test_icmp_port_unreachable_during_sendto),
		cmocka_unit_test(test_streaming_out_of_order),
		cmocka_unit_test(test_an_empty_timeline),
		cmocka_unit_test(test_conversations_a_long_capture),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
