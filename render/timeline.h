/*
 * The timeline: one ordered list of events of two kinds, the calls the
 * actors made and the packets the capture saw, joined by correlation.
 */
#ifndef SOCKVIZ_RENDER_TIMELINE_H
#define SOCKVIZ_RENDER_TIMELINE_H

#include <stddef.h>
#include <stdint.h>

#include "capture/decode.h"
#include "capture/packet.h"
#include "render/calls.h"

enum sv_event_type {
	SV_EV_CALL,
	SV_EV_PACKET,
};

/* One socket call as an actor made it. Strings are owned. */
struct sv_call {
	int actor;               /* index into timeline actors */
	int step;                /* 1-based step number in the scenario */
	int line;                /* source line of the step, 0 if none */
	enum sv_fn fn;
	char *text;              /* "connect(3, 127.0.0.1:8888)" */
	long ret;
	int err;                 /* errno value, 0 for none */
	int64_t t_begin, t_end;  /* CLOCK_REALTIME ns */
	struct sv_endpoint local, peer;  /* after the call; family 0: none */
	struct sv_endpoint addr; /* the address the call returned (accept,
				  * recvfrom, getsockname, getpeername) */
	int addr_asked;          /* a buffer for that address was passed: with
				  * addr.family 0, the kernel returned none
				  * (recvfrom() on a TCP socket) */
	/* The connection the call acted on, for correlation: the endpoints
	 * after the call, or before it where the call ends them (close). A
	 * zero address or port is a wildcard. */
	struct sv_endpoint conn_local, conn_peer;
	int sock_type;           /* SOCK_STREAM, SOCK_DGRAM, 0 for none */
	int tcp_state;           /* TCP_ESTABLISHED..., -1 unknown or not TCP */
	int blocked;             /* seen asleep in the kernel before it returned */
	int unfinished;          /* had not returned when its actor was ended
				  * (it passed its deadline): ret and err
				  * mean nothing, t_end is when it was ended */
	int signal;              /* the signal that killed the actor during or
				  * right after this call (SIGPIPE), 0 none */
	int exit_status;         /* a traced program's process exited with
				  * this status right after this, its last
				  * call; 0 for none or a clean exit */
	char *data;              /* bytes sent or received, may be NULL */
	size_t data_len;
	char *note;              /* the lecturer's words, may be NULL */
	char *expect;            /* the expectation as written, may be NULL */
	char *failure;           /* why the expectation failed, NULL if it held */
	int *packets;            /* ids of the packets this call caused */
	size_t n_packets;
};

/* Who put a packet on the wire (docs/design.md, Correlation). */
enum sv_origin {
	SV_ORIGIN_KERNEL,        /* a kernel on its own; cause is -1 */
	SV_ORIGIN_CALL,          /* the cause's own side, while it ran */
	SV_ORIGIN_ANSWER,        /* the other side's kernel, answering a
				  * packet of the cause */
};

/* "call", "answer", "kernel". */
const char *sv_origin_name(enum sv_origin o);

/* One captured packet and what correlation made of it. */
struct sv_pktev {
	struct sv_packet pkt;    /* owned */
	struct sv_decoded d;
	int from, to;            /* actor (lane) indexes, -1 unknown */
	int cause;               /* event id of the call, -1 for the kernel */
	enum sv_origin origin;   /* who put it on the wire */
	uint32_t rel_seq, rel_ack;
	char note[128];          /* why the kernel sent it, or "" */
};

struct sv_event {
	enum sv_event_type type;
	int id;                  /* index in the timeline once correlated */
	int64_t t;               /* t_begin for calls, stamp for packets */
	union {
		struct sv_call call;
		struct sv_pktev pkt;
	} u;
};

/* A TCP connection's state once the last step is done: the active closer
 * sits in TIME_WAIT long after its descriptor is gone. */
struct sv_final {
	int actor;               /* lane of the local end */
	struct sv_endpoint local, peer;
	int state;               /* TCP_* value; TCP_CLOSE when gone */
};

/* A lane: an actor of the scenario, or an endpoint no actor owns. */
struct sv_lane {
	char *name;
	int endpoint;            /* 1 when the lane is an address:port */
	int pid;                 /* the actor's process, 0 when unknown */
	int client_of;           /* an endpoint lane that opened a
				  * conversation (sent its first SYN, or the
				  * first datagram between the two): the
				  * other end's lane; -1 when none is known */
};

/*
 * A conversation's stretch of the ladder (render/correlate.c): the
 * endpoint lanes it draws on, from the event of its first packet to the
 * event of its last. Once a lane's conversations have all ended, the
 * layout may draw a later conversation's endpoint on it (render/layout.c,
 * docs/design.md "Lanes reused").
 */
struct sv_span {
	int lane[2];             /* lane[1] is lane[0] or -1 for one lane */
	int first, last;         /* event ids, in the order they are drawn */
};

struct sv_timeline {
	char *scenario;          /* "tcp", or a file name */
	char *title;
	char *summary;
	char *intro;             /* notes before the first step */
	char *source;            /* the scenario text, may be NULL */
	char *capfile;           /* the capture file drawn, NULL for a run */
	struct sv_lane *lanes;
	int n_lanes;
	int lanes_cap;           /* private: room in lanes */
	int *lane_hash;          /* private: name to lane, open addressing */
	size_t lane_hash_cap;    /* a power of two, or 0 */
	struct sv_event *ev;
	size_t n, cap;
	uint64_t packets;        /* captured, markers excluded */
	uint64_t dropped;        /* lost by the capture */
	int isolated;            /* captured in a private namespace */
	int traced;              /* programs' calls (sockviz trace), not a
				  * scenario's steps */
	int64_t t0;              /* CLOCK_REALTIME ns of the first event */
	uint32_t linktype;       /* of the packets, for pcap writers */
	struct sv_final *finals; /* TCP connections after the last step */
	int n_finals;
	/* The conversations, in the order they began, recorded by the
	 * first correlation that sees every packet (spans_done then set). */
	struct sv_span *spans;
	size_t n_spans, spans_cap;
	int spans_done;
};

/* Free the strings and lists a call record owns; zero it. */
void sv_call_clear(struct sv_call *c);

struct sv_timeline *sv_timeline_new(void);
void sv_timeline_free(struct sv_timeline *tl);

/* Add a lane; returns its index or -1 (ENOMEM). name is copied. */
int sv_timeline_add_lane(struct sv_timeline *tl, const char *name, int endpoint);
int sv_timeline_find_lane(const struct sv_timeline *tl, const char *name);

/* The line over the finals: a scenario's last step, or the traced
 * programs' end. */
const char *sv_timeline_finals_heading(const struct sv_timeline *tl);

/* Append an event; returns a pointer to it (zeroed but for type) or NULL.
 * Pointers are invalidated by the next append. */
struct sv_event *sv_timeline_append(struct sv_timeline *tl, enum sv_event_type t);

/* Record a connection's final state; 0 or -1 (ENOMEM). */
int sv_timeline_add_final(struct sv_timeline *tl, int actor,
    const struct sv_endpoint *local, const struct sv_endpoint *peer,
    int state);

/* Append a packet, taking ownership of p's buffers (p is zeroed). */
int sv_timeline_add_packet(struct sv_timeline *tl, struct sv_packet *p);

/*
 * Order the events by time, number them, decode the packets, and attribute
 * each packet to the call that caused it or to the kernel (with a reason).
 * Packets whose endpoints no actor owns get endpoint lanes of their own.
 * 0, or -1 with errbuf set (out of memory).
 */
int sv_correlate(struct sv_timeline *tl, char *errbuf, size_t errlen);

/*
 * The same, one packet at a time, for captures too large to hold: tl
 * holds the lanes and the calls (ordered and numbered); packets are fed in
 * time order, each as an event that need not live in tl (its id is the
 * caller's). Fills the packet's decoding, lanes (adding endpoint lanes to
 * tl), relative numbers, cause and note; it does not add the packet to its
 * call's list. Memory grows with conversations, not packets.
 */
struct sv_correlator;
struct sv_correlator *sv_correlator_new(struct sv_timeline *tl);
int sv_correlator_packet(struct sv_correlator *c, struct sv_event *ev);
void sv_correlator_free(struct sv_correlator *c);
/* Only the lanes (and the conversations, when recording): no relative
 * numbers, causes or notes, and of the packet's decoding only what
 * sv_decode_ends() fills, for a first pass that draws nothing. Has no
 * effect when tl has calls (a packet's lanes then depend on its cause). */
void sv_correlator_lanes_only(struct sv_correlator *c);
/* Every packet has been fed: the conversations it recorded in tl (when
 * tl had none yet) are whole, and a later correlator records none. */
void sv_correlator_done(struct sv_correlator *c);


#endif
