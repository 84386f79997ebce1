/*
 * Correlation: which call put each packet on the wire, and who sent it
 * (docs/json.md, "Which call caused a packet").
 *
 * A packet's candidates are the calls that transmit on its connection and
 * were in progress, on either end, when the kernel stamped it; the one
 * that began last is asked first, and each may decline, in which case the
 * one before it is asked. A candidate takes the packet
 *
 *   as its own (origin call) when the packet left from the call's side of
 *   the connection: connect()'s SYN and ACK, send()'s data, close()'s FIN;
 *
 *   as an answer (origin answer) when the other side's kernel sent it in
 *   direct reply to what the call's side sent during the call: TCP with
 *   ACK or RST that acknowledges (or resets) it. The SYN-ACK answers the
 *   SYN, the RST-ACK of a port with no socket answers it too, the peer's
 *   ACK answers send()'s data or close()'s FIN. On loopback the peer's
 *   kernel answers inside the caller's system call; this keeps the caller
 *   from being credited with sending the answer.
 *
 * Calls that only receive (recv, read, ...: they transmit only on a stream
 * socket, where reading makes room and the kernel may say so) never get
 * answers, and own a packet of their side only when data or a FIN arrived
 * from the other side after they began: reading it is what made the
 * kernel act. A timer's delayed ACK while a recv() sleeps is not theirs.
 *
 * UDP calls own only the datagrams their own socket sent; an ICMP error
 * the kernel returns during a sendto() stays the kernel's. Everything
 * else is the kernel's (cause -1, origin kernel), with the reason where
 * the packet shows it.
 *
 * Per packet the work is one hash look-up (a TCP connection's two
 * directions are kept together, with their lanes; other packets look
 * their two endpoints up) and a walk over the calls in progress at its
 * stamp; memory grows with connections and calls, never with packets. A
 * first pass that only needs the lanes and the conversations
 * (sv_correlator_lanes_only) skips the numbers, causes and notes.
 *
 * The first correlation that sees every packet also records each
 * conversation's stretch of the ladder (struct sv_span), for the layout
 * to reuse a lane once the conversations on it have ended
 * (docs/design.md, "Lanes reused"). A conversation is the packets
 * between two lanes: for TCP one connection, a new one beginning at a
 * SYN (without ACK) that is not a retransmission of the last; for UDP
 * and the rest, the datagrams until the two fall silent for longer than
 * CONV_IDLE_NS, or while CONV_IDLE_SPANS other conversations began (an
 * ephemeral port used again by another socket), after which TCP between
 * the two begins a new one too. ICMP errors belong to the conversation
 * they quote. Conversations that ended so are let go as the capture is
 * read (conv_sweep()); TCP ones are kept.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "render/timeline.h"

/* Two lanes (but TCP) silent this long, or while this many other
 * conversations began, end their conversation. */
#define CONV_IDLE_NS (1000LL * 1000 * 1000)
#define CONV_IDLE_SPANS 8
/* Endpoints whose lanes are remembered by address (the rest are found
 * again by name). */
#define LANE_CACHE_MAX 4096

static int
cmp_events(const void *a, const void *b)
{
	const struct sv_event *x = a, *y = b;
	if (x->t != y->t)
		return x->t < y->t ? -1 : 1;
	/* A call that begins at the very stamp of a packet came first. */
	if (x->type != y->type)
		return x->type == SV_EV_CALL ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
zero_addr(const struct sv_endpoint *e)
{
	static const uint8_t z[16];
	return memcmp(e->addr, z, e->family == 4 ? 4 : 16) == 0;
}

/* An IPv6 socket sees an IPv4 peer as ::ffff:a.b.c.d; on the wire it is
 * plain IPv4. */
static struct sv_endpoint
canon(const struct sv_endpoint *e)
{
	static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0xff, 0xff };
	struct sv_endpoint c = *e;
	if (e->family == 6 && memcmp(e->addr, mapped, 12) == 0) {
		c.family = 4;
		memmove(c.addr, e->addr + 12, 4);
		memset(c.addr + 4, 0, 12);
	}
	return c;
}

/* Does the pattern (zero address or port: any) admit endpoint x? An IPv6
 * socket bound to :: also takes IPv4 (dual stack). */
static int
ep_match(const struct sv_endpoint *pattern, const struct sv_endpoint *x)
{
	struct sv_endpoint pat = canon(pattern), y = canon(x);
	if (pat.family == 0 || y.family == 0)
		return 0;
	if (pat.port != 0 && pat.port != y.port)
		return 0;
	if (pat.family != y.family)
		return pat.family == 6 && zero_addr(&pat);
	return zero_addr(&pat) || memcmp(pat.addr, y.addr,
	    pat.family == 4 ? 4 : 16) == 0;
}

/* Does this call put packets on the wire when it acts? */
static int
transmits(const struct sv_call *c)
{
	return sv_fn_is(c->fn, SV_CALL_TRANSMITS) || (c->sock_type ==
	    SOCK_STREAM && sv_fn_is(c->fn, SV_CALL_TRANSMITS_STREAM));
}

/* Which side of a call's connection sent a packet. */
enum side {
	SIDE_NONE,               /* not on the call's connection */
	SIDE_OWN,                /* the call's end */
	SIDE_OTHER,              /* the far end */
};

static enum side
call_side(const struct sv_call *c, const struct sv_pktev *p)
{
	const struct sv_decoded *d = &p->d;
	if (c->sock_type == SOCK_STREAM) {
		if (d->proto != SV_PROTO_TCP)
			return SIDE_NONE;
		if (ep_match(&c->conn_local, &d->src) &&
		    ep_match(&c->conn_peer, &d->dst))
			return SIDE_OWN;
		if (ep_match(&c->conn_local, &d->dst) &&
		    ep_match(&c->conn_peer, &d->src))
			return SIDE_OTHER;
		return SIDE_NONE;
	}
	if (c->sock_type == SOCK_DGRAM) {
		/* A datagram socket answers nothing: only what it sent. */
		if (d->proto != SV_PROTO_UDP)
			return SIDE_NONE;
		return ep_match(&c->conn_local, &d->src) &&
		    (c->conn_peer.family == 0 ||
		    ep_match(&c->conn_peer, &d->dst)) ? SIDE_OWN : SIDE_NONE;
	}
	return SIDE_NONE;
}

/*
 * A map from one or two endpoints to an index, by open addressing: the
 * per-packet lookups of a large capture must not walk every conversation.
 */
struct epmap_slot {
	struct sv_endpoint a, b;
	int v;                   /* -1: empty */
	uint32_t h;              /* the high half of the keys' hash: most
	                          * slots probed are told apart by it alone */
};

struct epmap {
	struct epmap_slot *slot;
	size_t cap, n;           /* cap is a power of two */
};

/* One word into the hash: multiply, then fold the high half down so
 * that the low bits (the slot) depend on all of it. */
static uint64_t
ep_mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 29);
}

static uint64_t
ep_hash(const struct sv_endpoint *e, uint64_t h)
{
	/* The fields, not the struct (padding is not data), and only the
	 * address bytes sv_endpoint_eq() compares, a word at a time: every
	 * packet is looked up here several times. */
	uint32_t a4;
	uint64_t a6[2];
	h = ep_mix(h, (uint64_t)e->family << 16 | e->port);
	if (e->family == 4) {
		memcpy(&a4, e->addr, 4);
		h = ep_mix(h, a4);
	} else if (e->family == 6) {
		memcpy(a6, e->addr, 16);
		h = ep_mix(ep_mix(h, a6[0]), a6[1]);
	}
	return h;
}

static size_t
epmap_find(const struct epmap *m, const struct sv_endpoint *a,
    const struct sv_endpoint *b)
{
	size_t mask = m->cap - 1;
	uint64_t h = ep_hash(b, ep_hash(a, 14695981039346656037ULL));
	size_t i = (size_t)h & mask;
	uint32_t tag = (uint32_t)(h >> 32);
	while (m->slot[i].v >= 0 && !(m->slot[i].h == tag &&
	    sv_endpoint_eq(&m->slot[i].a, a) &&
	    sv_endpoint_eq(&m->slot[i].b, b)))
		i = (i + 1) & mask;
	return i;
}

static int
epmap_get(const struct epmap *m, const struct sv_endpoint *a,
    const struct sv_endpoint *b)
{
	if (m->cap == 0)
		return -1;
	return m->slot[epmap_find(m, a, b)].v;
}

static int
epmap_put(struct epmap *m, const struct sv_endpoint *a,
    const struct sv_endpoint *b, int v)
{
	if ((m->n + 1) * 2 > m->cap) {
		struct epmap old = *m;
		m->cap = old.cap ? old.cap * 2 : 64;
		m->slot = malloc(m->cap * sizeof(*m->slot));
		if (m->slot == NULL) {
			*m = old;
			return -1;
		}
		for (size_t i = 0; i < m->cap; i++)
			m->slot[i].v = -1;
		m->n = 0;
		for (size_t i = 0; i < old.cap; i++)
			if (old.slot[i].v >= 0)
				epmap_put(m, &old.slot[i].a, &old.slot[i].b,
				    old.slot[i].v);
		free(old.slot);
	}
	size_t i = epmap_find(m, a, b);
	if (m->slot[i].v < 0)
		m->n++;
	m->slot[i].a = *a;
	m->slot[i].b = *b;
	m->slot[i].v = v;
	m->slot[i].h = (uint32_t)(ep_hash(b, ep_hash(a,
	    14695981039346656037ULL)) >> 32);
	return 0;
}

/* One direction of a TCP conversation, for relative numbers, notes and
 * answers. */
struct half {
	uint32_t base;           /* relative numbers count from here */
	uint32_t next;           /* highest seq + len seen */
	uint32_t fin_end;        /* seq just past our FIN, when fin */
	uint32_t last_ack;       /* the last ack number sent this way */
	int64_t t_data;          /* stamp of the last payload or FIN this way */
	int lane;                /* the sender's lane, once placed, or -1:
	                          * a lane never changes, and this spares
	                          * the endpoint look-up */
	uint16_t last_window;
	uint8_t have_base, saw_syn, fin, have_ack, have_data;
};

/* A TCP connection's two directions, under its endpoints in order (a
 * before b: ep_order), so that a packet finds both in one look-up; h[0]
 * is a to b. */
struct conn {
	struct sv_endpoint a, b;
	uint32_t tag;            /* the high half of the keys' hash */
	struct half h[2];
};

struct halves {
	struct conn *v;
	size_t n, cap;
	int *slot;               /* (a, b) to position in v, -1 empty */
	size_t slot_cap;         /* a power of two */
};

/* Endpoints in an order that agrees with sv_endpoint_eq(): the bytes
 * past an IPv4 address are not compared. */
static int
ep_order(const struct sv_endpoint *x, const struct sv_endpoint *y)
{
	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->port != y->port)
		return x->port < y->port ? -1 : 1;
	return memcmp(x->addr, y->addr, x->family == 4 ? 4 : x->family == 6 ?
	    16 : 0);
}

/* Forget what one direction held: a new connection on the same ports. */
static void
half_reset(struct half *h)
{
	int lane = h->lane;
	memset(h, 0, sizeof(*h));
	h->lane = lane;
}

static uint64_t ep_hash(const struct sv_endpoint *e, uint64_t h);

static size_t
conn_find(const struct halves *h, const struct sv_endpoint *a,
    const struct sv_endpoint *b, uint64_t hash)
{
	size_t mask = h->slot_cap - 1, i = (size_t)hash & mask;
	uint32_t tag = (uint32_t)(hash >> 32);
	for (; h->slot[i] >= 0; i = (i + 1) & mask) {
		const struct conn *c = &h->v[h->slot[i]];
		if (c->tag == tag && sv_endpoint_eq(&c->a, a) &&
		    sv_endpoint_eq(&c->b, b))
			break;
	}
	return i;
}

/* The connection between a and b (a before b), made when new if create;
 * NULL when it is not there, or out of memory. */
static struct conn *
conn_get(struct halves *h, const struct sv_endpoint *a,
    const struct sv_endpoint *b, int create)
{
	uint64_t hash = ep_hash(b, ep_hash(a, 14695981039346656037ULL));
	if (h->slot_cap > 0) {
		int k = h->slot[conn_find(h, a, b, hash)];
		if (k >= 0)
			return &h->v[k];
	}
	if (!create)
		return NULL;
	if ((h->n + 1) * 2 > h->slot_cap) {
		size_t nc = h->slot_cap ? h->slot_cap * 2 : 64;
		int *ns = malloc(nc * sizeof(*ns));
		if (ns == NULL)
			return NULL;
		for (size_t i = 0; i < nc; i++)
			ns[i] = -1;
		free(h->slot);
		h->slot = ns;
		h->slot_cap = nc;
		for (size_t i = 0; i < h->n; i++) {
			const struct conn *c = &h->v[i];
			h->slot[conn_find(h, &c->a, &c->b, ep_hash(&c->b,
			    ep_hash(&c->a, 14695981039346656037ULL)))] =
			    (int)i;
		}
	}
	if (h->n == h->cap) {
		size_t nc = h->cap ? h->cap * 2 : 16;
		struct conn *nv = realloc(h->v, nc * sizeof(*nv));
		if (nv == NULL)
			return NULL;
		h->v = nv;
		h->cap = nc;
	}
	struct conn *c = &h->v[h->n];
	memset(c, 0, sizeof(*c));
	c->a = *a;
	c->b = *b;
	c->tag = (uint32_t)(hash >> 32);
	c->h[0].lane = c->h[1].lane = -1;
	h->slot[conn_find(h, a, b, hash)] = (int)h->n++;
	return c;
}

/* The direction from src to dst, or NULL when never seen. */
static struct half *
half_find(struct halves *h, const struct sv_endpoint *src,
    const struct sv_endpoint *dst)
{
	int o = ep_order(src, dst);
	struct conn *c = o <= 0 ? conn_get(h, src, dst, 0) : conn_get(h, dst,
	    src, 0);
	return c == NULL ? NULL : &c->h[o > 0];
}

/* Both directions of a TCP packet's connection, made when new. A packet
 * from an endpoint to itself has one direction. 0, or -1 when out of
 * memory. */
static int
halves_of(struct halves *h, const struct sv_decoded *d, struct half **me,
    struct half **peer)
{
	int o = ep_order(&d->src, &d->dst);
	struct conn *c = o <= 0 ? conn_get(h, &d->src, &d->dst, 1) :
	    conn_get(h, &d->dst, &d->src, 1);
	if (c == NULL)
		return -1;
	*me = &c->h[o > 0];
	*peer = o == 0 ? *me : &c->h[o < 0];
	return 0;
}

/* Serial-number comparison: a is after b. */
static int
seq_after(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

/* Sequence space a segment takes: its payload, and one each for SYN
 * and FIN. */
static uint32_t
seg_len(const struct sv_decoded *d)
{
	return d->payload_len + ((d->tcp_flags & SV_TCP_SYN) ? 1 : 0) +
	    ((d->tcp_flags & SV_TCP_FIN) ? 1 : 0);
}

/*
 * Relative numbers as Wireshark shows them. Each direction counts from a
 * base: its SYN's sequence number, so the SYN is 0; or, when the first
 * segment seen that way is no SYN (an RST answering a SYN, a capture that
 * starts mid-connection), one below that segment's number, so it is 1.
 * An ACK seen before anything of the other direction sets that
 * direction's base one below the number it acknowledges. Without the ACK
 * flag the acknowledgment field means nothing and is shown as it is.
 */
static void
tcp_numbers(struct half *me, struct half *peer, struct sv_pktev *p)
{
	const struct sv_decoded *d = &p->d;
	int ack = (d->tcp_flags & SV_TCP_ACK) != 0;
	if (d->tcp_flags & SV_TCP_SYN) {
		/* A SYN that repeats this direction's SYN (a retransmission)
		 * changes nothing; any other starts a new connection, and a
		 * SYN without ACK starts it on both sides. */
		if (!(me->saw_syn && me->base == d->seq)) {
			half_reset(me);
			if (!ack)
				half_reset(peer);
			me->have_base = me->saw_syn = 1;
			me->base = me->next = d->seq;
		}
	} else if (!me->have_base) {
		me->have_base = 1;
		me->base = d->seq - 1;
		me->next = d->seq;
	}
	if (ack && !peer->have_base) {
		peer->have_base = 1;
		peer->base = d->ack - 1;
		peer->next = d->ack;
	}
	p->rel_seq = d->seq - me->base;
	p->rel_ack = ack ? d->ack - peer->base : d->ack;
}

/*
 * Why the kernel sent a packet no call caused. Some reasons the packet
 * shows by itself (an RST, a retransmission, the ACK of a FIN); others
 * only by its timing against the calls ("delayed ACK"): those are given
 * only when there are calls to compare with (timed).
 */
static void
kernel_note(const struct half *me, const struct half *peer,
    struct sv_pktev *p, int timed)
{
	const struct sv_decoded *d = &p->d;
	char a[64];
	if (d->proto == SV_PROTO_ICMP || d->proto == SV_PROTO_ICMP6) {
		int unreach = d->proto == SV_PROTO_ICMP ?
		    d->icmp_type == 3 : d->icmp_type == 1;
		int port = d->proto == SV_PROTO_ICMP ? d->icmp_code == 3 :
		    d->icmp_code == 4;
		if (unreach && port && d->quote.present)
			snprintf(p->note, sizeof(p->note), "port unreachable:"
			    " %s/%s", sv_endpoint_str(
			    &d->quote.dst, 1, a, sizeof(a)),
			    d->quote.proto == SV_PROTO_TCP ? "tcp" : "udp");
		else if (unreach)
			snprintf(p->note, sizeof(p->note), "destination"
			    " unreachable (code %u)", d->icmp_code);
		else
			snprintf(p->note, sizeof(p->note), "ICMP type %u"
			    " code %u", d->icmp_type, d->icmp_code);
		return;
	}
	if (d->proto != SV_PROTO_TCP)
		return;
	uint32_t len = seg_len(d);
	int pure_ack = len == 0 && (d->tcp_flags & (SV_TCP_ACK | SV_TCP_RST))
	    == SV_TCP_ACK;
	if (d->tcp_flags & SV_TCP_RST) {
		snprintf(p->note, sizeof(p->note), "RST: no socket on %s"
		    " takes this connection", sv_endpoint_str(&d->src, 1, a,
		    sizeof(a)));
	} else if (me != NULL && len > 0 && me->have_base &&
	    seq_after(me->next, d->seq)) {
		snprintf(p->note, sizeof(p->note), "retransmission");
	} else if (pure_ack && peer != NULL && peer->fin &&
	    d->ack == peer->fin_end) {
		snprintf(p->note, sizeof(p->note), "ACK of the peer's FIN");
	} else if (pure_ack && peer != NULL && peer->saw_syn && me != NULL &&
	    d->ack == peer->base + 1 &&
	    me->next == me->base + 1 && !me->have_ack) {
		snprintf(p->note, sizeof(p->note), "completes the handshake");
	} else if (pure_ack && me != NULL && me->have_ack &&
	    d->ack == me->last_ack) {
		snprintf(p->note, sizeof(p->note), d->window !=
		    me->last_window ? "window update" : "duplicate ACK");
	} else if (pure_ack && timed) {
		snprintf(p->note, sizeof(p->note), "delayed ACK");
	}
}

/* After a packet is placed, move its direction's high-water marks. */
static void
tcp_advance(struct half *me, const struct sv_pktev *p, int64_t t)
{
	const struct sv_decoded *d = &p->d;
	uint32_t end = d->seq + seg_len(d);
	if (seq_after(end, me->next))
		me->next = end;
	if (d->tcp_flags & SV_TCP_FIN) {
		me->fin = 1;
		me->fin_end = end;
	}
	if (d->tcp_flags & SV_TCP_ACK) {
		me->have_ack = 1;
		me->last_ack = d->ack;
		me->last_window = d->window;
	}
	if (d->payload_len > 0 || (d->tcp_flags & SV_TCP_FIN)) {
		me->have_data = 1;
		me->t_data = t;
	}
}

/* What one call sent on a TCP connection while it ran: the sequence
 * space [lo, hi) its segments took, and the last ack number it sent. The
 * other side may answer exactly that. */
struct sent {
	uint32_t lo, hi, ack;
	int any, have_ack;
};

static void
tcp_sent(struct sent *st, const struct sv_decoded *d)
{
	uint32_t end = d->seq + seg_len(d);
	if (!st->any) {
		st->any = 1;
		st->lo = d->seq;
		st->hi = end;
	} else {
		if (seq_after(st->lo, d->seq))
			st->lo = d->seq;
		if (seq_after(end, st->hi))
			st->hi = end;
	}
	if (d->tcp_flags & SV_TCP_ACK) {
		st->have_ack = 1;
		st->ack = d->ack;
	}
}

/*
 * Does the call take the packet? st is what the call has sent so far.
 * Sets *taken, and returns the origin the packet then has.
 */
static enum sv_origin
call_takes(struct halves *hs, const struct half *peer, const struct sv_call *c,
    const struct sent *st, const struct sv_pktev *p, int *taken)
{
	const struct sv_decoded *d = &p->d;
	enum side side = call_side(c, p);
	int receives = sv_fn_is(c->fn, SV_CALL_RECEIVES);
	*taken = 0;
	if (side == SIDE_NONE || !transmits(c))
		return SV_ORIGIN_KERNEL;
	if (side == SIDE_OWN) {
		if (receives) {
			/* Only what reading data that came in meanwhile
			 * made the kernel send: a window update, an ACK. */
			const struct half *in = peer != NULL ? peer :
			    half_find(hs, &d->dst, &d->src);
			if (in == NULL || !in->have_data ||
			    in->t_data < c->t_begin)
				return SV_ORIGIN_KERNEL;
		}
		*taken = 1;
		return SV_ORIGIN_CALL;
	}
	/* The other side: an answer only to what this call sent. */
	if (receives || d->proto != SV_PROTO_TCP || !st->any)
		return SV_ORIGIN_KERNEL;
	if (d->tcp_flags & SV_TCP_ACK) {
		/* It acknowledges at least one octet the call sent. */
		*taken = seq_after(d->ack, st->lo) &&
		    !seq_after(d->ack, st->hi);
	} else if (d->tcp_flags & SV_TCP_RST) {
		/* A reset of a segment that carried an ACK takes its
		 * sequence number from that ACK (RFC 9293, 3.10.7.1). */
		*taken = st->have_ack && d->seq == st->ack;
	}
	return *taken ? SV_ORIGIN_ANSWER : SV_ORIGIN_KERNEL;
}

/* Endpoint to lane, learnt from the calls' local addresses. */
struct owner {
	struct sv_endpoint ep;
	int lane;
};

struct owners {
	struct owner *v;
	size_t n, cap;
};

static int
own(struct owners *o, const struct sv_endpoint *endpoint, int lane)
{
	struct sv_endpoint c = canon(endpoint);
	const struct sv_endpoint *ep = &c;
	if (ep->family == 0 || ep->port == 0)
		return 0;
	for (size_t i = 0; i < o->n; i++)
		if (sv_endpoint_eq(&o->v[i].ep, ep))
			return 0;
	if (o->n == o->cap) {
		size_t nc = o->cap ? o->cap * 2 : 16;
		struct owner *nv = realloc(o->v, nc * sizeof(*nv));
		if (nv == NULL)
			return -1;
		o->v = nv;
		o->cap = nc;
	}
	o->v[o->n].ep = *ep;
	o->v[o->n].lane = lane;
	o->n++;
	return 0;
}

/* The lane of an endpoint: its owner, or a lane of its own; cache holds
 * the answers already given. */
static int
lane_of(struct sv_timeline *tl, const struct owners *o, struct epmap *cache,
    const struct sv_endpoint *ep)
{
	static const struct sv_endpoint none;
	int cached = epmap_get(cache, ep, &none);
	if (cached >= 0)
		return cached;
	int l = -1;
	/* Exact owners first, then owners bound to a wildcard address. */
	for (size_t i = 0; i < o->n && l < 0; i++)
		if (sv_endpoint_eq(&o->v[i].ep, ep))
			l = o->v[i].lane;
	for (size_t i = 0; i < o->n && l < 0; i++)
		if (ep_match(&o->v[i].ep, ep))
			l = o->v[i].lane;
	if (l < 0) {
		if (ep->family == 0)
			return -1;
		char name[64];
		sv_endpoint_str(ep, ep->port != 0, name, sizeof(name));
		l = sv_timeline_find_lane(tl, name);
		if (l < 0 && (l = sv_timeline_add_lane(tl, name, 1)) < 0)
			return -1;
	}
	/* The cache is only a cache (the owners and the lanes' names give
	 * the same answer again): a capture of many short-lived endpoints
	 * must not keep each of them. */
	if (cache->n >= LANE_CACHE_MAX) {
		for (size_t i = 0; i < cache->cap; i++)
			cache->slot[i].v = -1;
		cache->n = 0;
	}
	return epmap_put(cache, ep, &none, l) < 0 ? -1 : l;
}

static int
place_packet(struct sv_timeline *tl, const struct owners *o,
    struct epmap *cache, struct half *me, struct half *peer,
    struct sv_pktev *p)
{
	const struct sv_decoded *d = &p->d;
	const struct sv_endpoint *src = &d->src, *dst = &d->dst;
	/* An ICMP error speaks for the endpoint its quote was sent to. */
	if ((d->proto == SV_PROTO_ICMP || d->proto == SV_PROTO_ICMP6) &&
	    d->quote.present) {
		src = &d->quote.dst;
		dst = &d->quote.src;
	}
	if (src->family == 0)
		return 0;
	int known = tl->n_lanes;
	/* A TCP packet's lanes are kept with its connection's directions. */
	p->from = me != NULL && me->lane >= 0 ? me->lane : lane_of(tl, o,
	    cache, src);
	p->to = peer != NULL && peer->lane >= 0 ? peer->lane : lane_of(tl, o,
	    cache, dst);
	if (p->from < 0)
		return -1;
	if (me != NULL) {
		me->lane = p->from;
		peer->lane = p->to;
	}
	/* Who opened the conversation, so that every client can be drawn
	 * on the same side of its server: the sender of a SYN; else, when
	 * the packet meets an endpoint not seen before, the sender of a
	 * datagram, or of TCP joined midway the end with the higher port
	 * (the kernel's pick, as a client's usually is). */
	int to = p->to, from = p->from;
	if (to >= 0 && to != from && tl->lanes[from].endpoint &&
	    tl->lanes[to].endpoint) {
		struct sv_lane *a = &tl->lanes[from], *b = &tl->lanes[to];
		int tcp = d->proto == SV_PROTO_TCP;
		int fresh = from >= known || to >= known;
		if (tcp && (d->tcp_flags & (SV_TCP_SYN | SV_TCP_ACK)) ==
		    SV_TCP_SYN) {
			if (b->client_of == from)
				b->client_of = -1;
			a->client_of = to;
		} else if (fresh && a->client_of < 0 && b->client_of < 0) {
			if (!tcp || src->port > dst->port)
				a->client_of = to;
			else if (src->port < dst->port)
				b->client_of = from;
		}
	}
	return 0;
}

/* A conversation being recorded: the two lanes, as a key, to its span. */
struct conv {
	uint64_t key;            /* the lower lane << 32 | the higher */
	int64_t last_t;
	int span;                /* in tl->spans */
	uint32_t syn_seq;        /* the last SYN's sequence number */
	uint32_t spans_then;     /* tl->n_spans at its last packet */
	uint8_t have_syn;
	uint8_t tcp;             /* has carried TCP */
};

struct convs {
	struct conv *v;
	size_t n, cap;
	int *slot;               /* key to position in v, -1 empty */
	size_t slot_cap;         /* a power of two */
	size_t sweep_at;         /* n at which the ended are let go */
};

static size_t
conv_find(const struct convs *cs, uint64_t key)
{
	size_t mask = cs->slot_cap - 1;
	size_t i = (size_t)((key * 0x9e3779b97f4a7c15ULL) >> 17) & mask;
	while (cs->slot[i] >= 0 && cs->v[cs->slot[i]].key != key)
		i = (i + 1) & mask;
	return i;
}

/* Has the conversation ended for good: without TCP in it (which goes on
 * until a new SYN), and silent while more than CONV_IDLE_SPANS others
 * began, its next packet begins a new one, whenever it comes. Not when
 * a SYN was seen between the two: a repeat of it, later, continues what
 * the kept record says, and a record let go would not know it. */
static int
conv_over(const struct conv *c, size_t n_spans)
{
	return !c->tcp && !c->have_syn &&
	    n_spans - c->spans_then > CONV_IDLE_SPANS;
}

/*
 * Let the ended conversations go, once as many were made as were kept
 * the last time: a capture of many short exchanges then holds about
 * twice the conversations in progress (and its TCP ones), not all.
 */
static void
conv_sweep(struct convs *cs, size_t n_spans)
{
	size_t k = 0;
	for (size_t i = 0; i < cs->n; i++)
		if (!conv_over(&cs->v[i], n_spans))
			cs->v[k++] = cs->v[i];
	cs->n = k;
	for (size_t i = 0; i < cs->slot_cap; i++)
		cs->slot[i] = -1;
	for (size_t i = 0; i < cs->n; i++)
		cs->slot[conv_find(cs, cs->v[i].key)] = (int)i;
	cs->sweep_at = 2 * k > 1024 ? 2 * k : 1024;
}

/* The conversation between two lanes, made when new; NULL: no memory. */
static struct conv *
conv_get(struct convs *cs, uint64_t key, size_t n_spans)
{
	if (cs->slot_cap > 0) {
		int k = cs->slot[conv_find(cs, key)];
		if (k >= 0)
			return &cs->v[k];
	}
	if (cs->n >= cs->sweep_at && cs->slot_cap > 0)
		conv_sweep(cs, n_spans);
	if ((cs->n + 1) * 2 > cs->slot_cap) {
		size_t nc = cs->slot_cap ? cs->slot_cap * 2 : 64;
		int *ns = malloc(nc * sizeof(*ns));
		if (ns == NULL)
			return NULL;
		for (size_t i = 0; i < nc; i++)
			ns[i] = -1;
		free(cs->slot);
		cs->slot = ns;
		cs->slot_cap = nc;
		for (size_t i = 0; i < cs->n; i++)
			cs->slot[conv_find(cs, cs->v[i].key)] = (int)i;
	}
	if (cs->n == cs->cap) {
		size_t nc = cs->cap ? cs->cap * 2 : 64;
		struct conv *nv = realloc(cs->v, nc * sizeof(*nv));
		if (nv == NULL)
			return NULL;
		cs->v = nv;
		cs->cap = nc;
	}
	struct conv *c = &cs->v[cs->n];
	memset(c, 0, sizeof(*c));
	c->key = key;
	c->span = -1;
	cs->slot[conv_find(cs, key)] = (int)cs->n++;
	return c;
}

static int
span_new(struct sv_timeline *tl, int a, int b, int id)
{
	if (tl->n_spans == tl->spans_cap) {
		size_t nc = tl->spans_cap ? tl->spans_cap * 2 : 64;
		struct sv_span *ns = realloc(tl->spans, nc * sizeof(*ns));
		if (ns == NULL)
			return -1;
		tl->spans = ns;
		tl->spans_cap = nc;
	}
	struct sv_span *sp = &tl->spans[tl->n_spans];
	sp->lane[0] = a;
	sp->lane[1] = b >= 0 ? b : a;
	sp->first = sp->last = id;
	return (int)tl->n_spans++;
}

/* The packet's place in its conversation's span. */
static int
record_span(struct sv_timeline *tl, struct convs *cs,
    const struct sv_event *ev)
{
	const struct sv_pktev *p = &ev->u.pkt;
	if (p->from < 0)
		return 0;
	int to = p->to >= 0 ? p->to : p->from;
	int lo = p->from < to ? p->from : to, hi = p->from < to ? to :
	    p->from;
	struct conv *c = conv_get(cs, (uint64_t)(uint32_t)lo << 32 |
	    (uint32_t)hi, tl->n_spans);
	if (c == NULL)
		return -1;
	int fresh = c->span < 0, tcp = p->d.proto == SV_PROTO_TCP;
	int idle = !fresh && (ev->t - c->last_t > CONV_IDLE_NS ||
	    tl->n_spans - c->spans_then > CONV_IDLE_SPANS);
	if (tcp) {
		/* After an exchange without TCP fell silent, TCP between
		 * the two begins anew too (conv_over()). */
		fresh |= idle && !c->tcp;
		if ((p->d.tcp_flags & (SV_TCP_SYN | SV_TCP_ACK)) ==
		    SV_TCP_SYN && !(c->have_syn && c->syn_seq == p->d.seq)) {
			fresh = 1;
			c->have_syn = 1;
			c->syn_seq = p->d.seq;
		}
	} else if (idle) {
		fresh = 1;
	}
	/* Whether this conversation (not an ended one before it) is TCP. */
	c->tcp = (uint8_t)(fresh ? tcp : c->tcp | tcp);
	if (fresh && (c->span = span_new(tl, p->from, to, ev->id)) < 0)
		return -1;
	struct sv_span *sp = &tl->spans[c->span];
	if (ev->id > sp->last)
		sp->last = ev->id;
	if (ev->t > c->last_t || fresh)
		c->last_t = ev->t;
	c->spans_then = (uint32_t)tl->n_spans;
	return 0;
}

struct sv_correlator {
	struct sv_timeline *tl;
	struct convs convs;      /* recording spans, when record */
	int record;
	int full;                /* not only the lanes and spans */
	struct halves hs;
	struct owners ow;
	struct epmap lanes;              /* endpoint to lane, as placed */
	const struct sv_event **calls;   /* the calls, in time order */
	struct sent *sent;               /* what each of them sent */
	size_t n_calls;
	/* The calls in progress at the latest stamp seen, in the order they
	 * began: calls[next] is the first not yet begun. */
	size_t *active, n_active, next;
	int64_t last_t;
};

void
sv_correlator_free(struct sv_correlator *c)
{
	if (c == NULL)
		return;
	free(c->hs.v);
	free(c->hs.slot);
	free(c->convs.v);
	free(c->convs.slot);
	free(c->lanes.slot);
	free(c->ow.v);
	free(c->calls);
	free(c->sent);
	free(c->active);
	free(c);
}

struct sv_correlator *
sv_correlator_new(struct sv_timeline *tl)
{
	struct sv_correlator *c = calloc(1, sizeof(*c));
	if (c == NULL)
		return NULL;
	c->tl = tl;
	c->full = 1;
	c->last_t = INT64_MIN;
	if (!tl->spans_done) {
		/* Recorded afresh: a correlation run before may have been cut
		 * short. */
		c->record = 1;
		tl->n_spans = 0;
	}
	size_t n = 0;
	for (size_t i = 0; i < tl->n; i++)
		n += tl->ev[i].type == SV_EV_CALL;
	c->calls = calloc(n ? n : 1, sizeof(*c->calls));
	c->sent = calloc(n ? n : 1, sizeof(*c->sent));
	c->active = calloc(n ? n : 1, sizeof(*c->active));
	if (c->calls == NULL || c->sent == NULL || c->active == NULL)
		goto fail;
	for (size_t i = 0; i < tl->n; i++) {
		const struct sv_event *ev = &tl->ev[i];
		if (ev->type != SV_EV_CALL)
			continue;
		c->calls[c->n_calls++] = ev;
		if (own(&c->ow, &ev->u.call.local, ev->u.call.actor) < 0 ||
		    own(&c->ow, &ev->u.call.conn_local, ev->u.call.actor) < 0)
			goto fail;
	}
	return c;
fail:
	sv_correlator_free(c);
	return NULL;
}

/* Bring the calls in progress up to stamp t (t_begin <= t <= t_end). */
static void
advance(struct sv_correlator *c, int64_t t)
{
	while (c->next < c->n_calls && c->calls[c->next]->t <= t)
		c->active[c->n_active++] = c->next++;
	size_t k = 0;
	for (size_t i = 0; i < c->n_active; i++)
		if (c->calls[c->active[i]]->u.call.t_end >= t)
			c->active[k++] = c->active[i];
	c->n_active = k;
	c->last_t = t;
}

/* The call that takes the packet, as an index into calls, or -1. */
static long
find_cause(struct sv_correlator *c, const struct half *peer,
    struct sv_pktev *p, int64_t t)
{
	int taken;
	if (t >= c->last_t) {
		/* In time order, as packets come: only the calls in
		 * progress, latest-begun first. */
		advance(c, t);
		for (size_t i = c->n_active; i-- > 0;) {
			size_t j = c->active[i];
			p->origin = call_takes(&c->hs, peer,
			    &c->calls[j]->u.call, &c->sent[j], p, &taken);
			if (taken)
				return (long)j;
		}
		return -1;
	}
	/* A stamp earlier than one seen before: walk back from the last
	 * call begun by then. */
	size_t lo = 0, hi = c->next;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->calls[mid]->t <= t)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t j = lo; j-- > 0;) {
		const struct sv_call *call = &c->calls[j]->u.call;
		if (call->t_end < t)
			continue;
		p->origin = call_takes(&c->hs, peer, call, &c->sent[j], p,
		    &taken);
		if (taken)
			return (long)j;
	}
	return -1;
}

/* The actor lane whose latest call by t acted on the connection from
 * local to peer, or -1 (none, or no call has both ends). */
static int
tuple_lane(const struct sv_correlator *c, const struct sv_endpoint *local,
    const struct sv_endpoint *peer, int64_t t)
{
	/* A bounded look back: a kernel's packet follows a call on its
	 * connection closely. */
	size_t stop = c->next > 4096 ? c->next - 4096 : 0;
	for (size_t j = c->next; j-- > stop;) {
		const struct sv_call *call = &c->calls[j]->u.call;
		if (c->calls[j]->t > t)
			continue;
		if (sv_endpoint_eq(&call->conn_local, local) &&
		    sv_endpoint_eq(&call->conn_peer, peer))
			return call->actor;
	}
	return -1;
}

/*
 * Processes that share a socket (a forked server's child, a thread) have
 * lanes of their own but one local address, which the endpoint owners
 * give to the first. A packet is drawn from the lane of the call that
 * sent it, to the lane of the call it answers; a kernel's own from and
 * to the lanes whose latest call acted on its connection.
 */
static void
sharers(struct sv_correlator *c, struct sv_pktev *p, long j, int64_t t)
{
	struct sv_timeline *tl = c->tl;
	if (p->from < 0 || tl->lanes[p->from].endpoint || p->d.quote.present)
		return;
	int lane = j >= 0 ? c->calls[j]->u.call.actor : -1;
	if (lane >= tl->n_lanes || (lane >= 0 && tl->lanes[lane].endpoint))
		lane = -1;
	int from = lane >= 0 && p->origin == SV_ORIGIN_CALL ? lane :
	    tuple_lane(c, &p->d.src, &p->d.dst, t);
	if (from >= 0)
		p->from = from;
	if (p->to < 0 || tl->lanes[p->to].endpoint)
		return;
	int to = lane >= 0 && p->origin == SV_ORIGIN_ANSWER ? lane :
	    tuple_lane(c, &p->d.dst, &p->d.src, t);
	if (to >= 0)
		p->to = to;
}

void
sv_correlator_done(struct sv_correlator *c)
{
	if (c->record)
		c->tl->spans_done = 1;
	c->record = 0;
}

void
sv_correlator_lanes_only(struct sv_correlator *c)
{
	/* With calls, a packet's lanes depend on its cause (sharers()). */
	if (c->n_calls == 0)
		c->full = 0;
}

int
sv_correlator_packet(struct sv_correlator *c, struct sv_event *ev)
{
	struct sv_pktev *p = &ev->u.pkt;
	if (c->full)
		sv_decode(p->pkt.linktype, p->pkt.data, p->pkt.caplen, &p->d);
	else     /* the lanes need only the endpoints */
		sv_decode_ends(p->pkt.linktype, p->pkt.data, p->pkt.caplen,
		    &p->d);
	p->cause = -1;
	p->origin = SV_ORIGIN_KERNEL;
	p->note[0] = '\0';
	int tcp = p->d.proto == SV_PROTO_TCP;
	struct half *me = NULL, *peer = NULL;
	if (tcp && halves_of(&c->hs, &p->d, &me, &peer) < 0)
		return -1;
	if (place_packet(c->tl, &c->ow, &c->lanes, me, peer, p) < 0)
		return -1;
	if (!c->full)
		return c->record ? record_span(c->tl, &c->convs, ev) : 0;
	if (tcp)
		tcp_numbers(me, peer, p);

	long j = find_cause(c, peer, p, ev->t);
	if (j >= 0) {
		p->cause = c->calls[j]->id;
		if (tcp && p->origin == SV_ORIGIN_CALL)
			tcp_sent(&c->sent[j], &p->d);
	} else {
		p->origin = SV_ORIGIN_KERNEL;
		kernel_note(me, peer, p, c->n_calls > 0);
	}
	sharers(c, p, j, ev->t);
	if (c->record && record_span(c->tl, &c->convs, ev) < 0)
		return -1;
	if (tcp)
		tcp_advance(me, p, ev->t);
	return 0;
}

int
sv_correlate(struct sv_timeline *tl, char *errbuf, size_t errlen)
{
	struct sv_correlator *c = NULL;

	for (size_t i = 0; i < tl->n; i++)
		tl->ev[i].id = (int)i;
	if (tl->n > 1)   /* qsort(NULL, 0, ...) is undefined */
		qsort(tl->ev, tl->n, sizeof(tl->ev[0]), cmp_events);
	for (size_t i = 0; i < tl->n; i++) {
		tl->ev[i].id = (int)i;
		if (tl->ev[i].type == SV_EV_CALL) {
			struct sv_call *call = &tl->ev[i].u.call;
			free(call->packets);
			call->packets = NULL;
			call->n_packets = 0;
		}
	}
	tl->t0 = tl->n ? tl->ev[0].t : 0;

	tl->spans_done = 0;      /* the events were numbered again */
	if ((c = sv_correlator_new(tl)) == NULL)
		goto oom;
	for (size_t i = 0; i < tl->n; i++) {
		struct sv_event *ev = &tl->ev[i];
		if (ev->type != SV_EV_PACKET)
			continue;
		if (sv_correlator_packet(c, ev) < 0)
			goto oom;
		struct sv_pktev *p = &ev->u.pkt;
		if (p->cause >= 0) {
			struct sv_call *call = &tl->ev[p->cause].u.call;
			int *np = realloc(call->packets, (call->n_packets + 1) *
			    sizeof(*np));
			if (np == NULL)
				goto oom;
			call->packets = np;
			call->packets[call->n_packets++] = ev->id;
		}
	}
	sv_correlator_done(c);
	sv_correlator_free(c);
	return 0;
oom:
	sv_correlator_free(c);
	snprintf(errbuf, errlen, "out of memory correlating");
	return -1;
}
