/*
 * Scenarios: what the actors do, step by step, and what the lecturer
 * expects the kernel to put on the wire. Parsed from the text format that
 * docs/scenarios.md describes; the built-in ones live in samples/.
 */
#ifndef SOCKVIZ_DRIVE_SCENARIO_H
#define SOCKVIZ_DRIVE_SCENARIO_H

#include <stddef.h>
#include <stdint.h>

#include "capture/decode.h"
#include "render/calls.h"


/* One packet a step must cause: a TCP flag set, or a datagram kind. */
struct sv_pkt_expect {
	enum sv_proto proto;     /* SV_PROTO_TCP, _UDP, _ICMP, _ICMP6 */
	uint8_t tcp_flags;
};

#define SV_MAX_EXPECT 16
#define SV_MAX_IOV 8             /* pieces of one sendmsg()/recvmsg() */
#define SV_MAX_POLL 8            /* sockets one poll() waits on */

/* The type of socket() without SOCK_NONBLOCK | SOCK_CLOEXEC (the kernel's
 * SOCK_TYPE_MASK, which no user header exports): compare
 * (type & SV_SOCK_TYPE_MASK) == SOCK_STREAM, never type itself. */
#define SV_SOCK_TYPE_MASK 0xf

struct sv_step {
	int line, col;           /* where the step starts in its file */
	int actor;               /* index into sv_scenario.actors */
	enum sv_fn fn;
	char *var;               /* variable the result is bound to, or NULL */
	char *sock;              /* socket variable the call acts on */

	int domain, type, protocol;          /* socket(); type may carry
					      * SOCK_NONBLOCK | SOCK_CLOEXEC */
	struct sv_endpoint addr;             /* bind, connect, sendto,
					      * sendmsg */
	int addr_col;                        /* where addr is written */
	int addr_null;                       /* sendto(..., NULL); sendmsg()
					      * with NULL or no address: no
					      * msg_name */
	char *addr_ref;                      /* an address variable instead */
	char *addr_out;                      /* &name: where the call's
					      * address result goes (accept,
					      * recvfrom, recvmsg,
					      * getsockname, ...); NULL:
					      * accept, recvfrom and recvmsg
					      * are passed NULL, NULL (no
					      * msg_name); getsockname and
					      * getpeername still get a
					      * buffer, the address is shown
					      * but not kept */
	int backlog;                         /* listen() */
	char *data;                          /* send, sendto, sendmsg, write */
	size_t data_len;
	size_t buflen;                       /* recv, recvfrom, recvmsg, read */
	int flags;                           /* MSG_* */
	int how;                             /* shutdown() */
	int level, opt, optval, optval2;     /* setsockopt() */
	/* sendmsg(): data is sent as n_iov pieces of iov_len[i] bytes;
	 * recvmsg(): into n_iov buffers of iov_len[i] bytes (buflen is
	 * their sum). n_iov is at least 1 for both. */
	size_t iov_len[SV_MAX_IOV];
	int n_iov;
	struct {
		char *sock;                  /* socket variable */
		short events;                /* POLLIN, POLLOUT, ... */
	} pfd[SV_MAX_POLL];                  /* poll(); st->sock is a copy
					      * of pfd[0].sock */
	int n_pfd;                           /* poll(): at least 1 */
	int timeout_ms;                      /* poll(); -1: no timeout */
	int fcntl_cmd;                       /* F_GETFL, F_SETFL */
	long fcntl_arg;                      /* F_SETFL: O_NONBLOCK or 0 */

	/* Expectations. */
	int expect_ret_set;
	long expect_ret;
	int expect_errno;                    /* with expect_ret_set; 0: none */
	int expect_signal;                   /* "killed SIGPIPE": the actor
					      * must die of it at this step */
	char *expect_data;                   /* bytes a receive must return */
	size_t expect_data_len;
	int expect_pkts_set;
	int n_expect;
	int expect_more;                     /* "..." after the list */
	struct sv_pkt_expect expect[SV_MAX_EXPECT];
	char *expect_text;                   /* the expectations as written */

	char *note;                          /* note lines after the step */
};

struct sv_scenario {
	char *name;              /* "tcp", or the file's path */
	char *title;
	char *summary;
	char *intro;             /* notes before the first step */
	char *source;            /* the whole text */
	char **actors;
	int n_actors;
	struct sv_step *steps;
	int n_steps;
};

/*
 * Parse a scenario from buf[0..len). name is used in error messages
 * ("name:line:col: ...") and kept as the scenario's name. Returns a new
 * scenario, or NULL with the message in errbuf. Reentrant; no global state.
 */
struct sv_scenario *sv_scenario_parse(const char *name, const char *buf,
    size_t len, char *errbuf, size_t errlen);
void sv_scenario_free(struct sv_scenario *sc);

/* Does the step's expectation list mention packets, and how is it shown:
 * "SYN, SYN-ACK, ACK". Writes into buf. */
char *sv_expect_str(const struct sv_step *st, char *buf, size_t size);

/* "SIGPIPE" for a signal a 'killed' clause can name, else "signal N".
 * Writes into buf; returns it. */
const char *sv_signal_name(int sig, char *buf, size_t size);

#endif
