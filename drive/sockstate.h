/*
 * What a socket looks like after a recorded call, learned from outside
 * the process (docs/design.md, "Nothing hidden"): through a duplicate of
 * its descriptor and NETLINK_SOCK_DIAG, never by asking the process.
 * Shared by the run of a scenario and the trace of a program.
 */
#ifndef SOCKVIZ_DRIVE_SOCKSTATE_H
#define SOCKVIZ_DRIVE_SOCKSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "drive/recorder.h"
#include "render/timeline.h"

#define SV_MAX_FD 256

/* What was last known of a descriptor's connection: a socket that became
 * a TIME_WAIT socket no longer names its peer, so its four-tuple is kept
 * here while the descriptor lives. */
struct sv_fdconn {
	struct sv_endpoint local, peer;
	int type;
};

/* The descriptor a call acts on, for sv_rec_sockinfo() before it: -1
 * when it names none. */
int sv_sock_fd_of(enum sv_fn fn, const uint64_t a[6]);

/*
 * Call fn(a) returned (c->ret, c->err set): fill in c's endpoints, socket
 * type and TCP state, asking the process's descriptors through pidfd.
 * before is what the socket was before the call; fds (SV_MAX_FD of them)
 * the process's remembered connections, updated here.
 */
void sv_sock_after(int pidfd, enum sv_fn fn, const uint64_t a[6],
    const struct sv_sockinfo *before, struct sv_fdconn *fds,
    struct sv_call *c);

/* Every TCP connection calls[0..n) touched (done[i] set), as the kernel
 * holds it now, into tl's finals. 0, or -1 when out of memory. */
int sv_sock_finals(const struct sv_call *calls, const int *done, size_t n,
    struct sv_timeline *tl);

#endif
