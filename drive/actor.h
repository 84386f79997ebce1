/*
 * An actor: one process of its own in the run's network namespace, as a
 * real client or server is. It makes its steps' system calls one after the
 * other, and nothing else: no timeouts, no flags, no look-ups. The
 * supervisor (drive/run.c) holds it at each call with ptrace until the
 * step's turn comes, and records every call from outside
 * (drive/recorder.c), so the actor never reports anything itself.
 */
#ifndef SOCKVIZ_DRIVE_ACTOR_H
#define SOCKVIZ_DRIVE_ACTOR_H

#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "drive/scenario.h"

#define SV_MAX_SOCKS 64

/* What one step needs in memory, made before the actor starts so that the
 * actor allocates nothing (an allocation can be a system call). */
struct sv_actor_step {
	const struct sv_step *st;
	char *buf;                       /* receive buffer, st->buflen */
	struct sockaddr_storage name;    /* an address passed or returned */
	socklen_t namelen;
	struct iovec iov[SV_MAX_IOV];
	struct msghdr msg;
	struct pollfd pfd[SV_MAX_POLL];
	int optval[2];                   /* setsockopt's int or struct linger */
};

struct sv_actor {
	const struct sv_scenario *sc;
	int idx;
	struct sv_actor_step *steps;     /* this actor's steps, in order */
	int n_steps;
	/* The actor's variables; only the actor process writes them. */
	struct {
		const char *name;
		int fd;
	} socks[SV_MAX_SOCKS];
	int n_socks;
	struct {
		const char *name;
		struct sockaddr_storage ss;
		socklen_t len;
	} addrs[SV_MAX_SOCKS];
	int n_addrs;
};

/* Make actor idx of sc, ready to start. NULL when out of memory. */
struct sv_actor *sv_actor_new(const struct sv_scenario *sc, int idx);
void sv_actor_free(struct sv_actor *a);

/*
 * Start the actor as a child process: it closes every descriptor above 2,
 * asks to be traced and stops, then makes its calls. Returns the pid, or
 * -1 with errno. The caller must then sv_rec_attach() it.
 */
pid_t sv_actor_start(struct sv_actor *a);

/* The address a step passes: a literal, a variable, or none. */
socklen_t sv_actor_sockaddr(const struct sv_endpoint *e,
    struct sockaddr_storage *ss);

#endif
