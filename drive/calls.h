/*
 * Making one scenario step's socket call for real, and writing down what
 * happened: the call as C-like text, its return and errno, its times on
 * CLOCK_REALTIME, the socket's addresses and TCP state afterwards.
 */
#ifndef SOCKVIZ_DRIVE_CALLS_H
#define SOCKVIZ_DRIVE_CALLS_H

#include <stdatomic.h>
#include <stddef.h>

#include "drive/scenario.h"
#include "render/timeline.h"

#define SV_MAX_SOCKS 64

/* An actor's sockets: the scenario's variable names and their fds. */
struct sv_socks {
	struct {
		const char *name;       /* borrowed from the scenario */
		int fd;
		int type;               /* SOCK_STREAM or SOCK_DGRAM */
		int family;
	} v[SV_MAX_SOCKS];
	int n;
	struct {
		const char *name;       /* borrowed from the scenario */
		struct sv_endpoint ep;
	} a[SV_MAX_SOCKS];              /* address variables */
	int n_a;
};

/*
 * Run step st for an actor, recording into *c (fields owned by c).
 * in_call is raised just around the system call itself so that a watcher
 * can tell "asleep in accept()" from "waiting for work". deadline_ms bounds
 * every blocking call (SO_RCVTIMEO / SO_SNDTIMEO on each socket).
 * Returns 0, or -1 when out of memory.
 */
int sv_call_exec(struct sv_socks *socks, const struct sv_step *st,
    int deadline_ms, atomic_int *in_call, struct sv_call *c);

/* Close every socket still open, without recording anything. */
void sv_socks_close_all(struct sv_socks *socks);

/* The system call numbers a step may sleep in; 0-terminated. */
const long *sv_call_sleeps_in(enum sv_fn fn);

#endif
