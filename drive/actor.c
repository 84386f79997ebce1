/*
 * The actor process (see actor.h). Everything between the first step and
 * the last is plain computation on memory prepared before the fork, plus
 * exactly one system call per step, made with syscall(2) so that no C
 * library wrapper adds or changes a call on the way.
 */
#include "drive/actor.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "drive/recorder.h"

socklen_t
sv_actor_sockaddr(const struct sv_endpoint *e, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (e->family == 4) {
		struct sockaddr_in *s = (struct sockaddr_in *)ss;
		s->sin_family = AF_INET;
		s->sin_port = htons(e->port);
		memcpy(&s->sin_addr, e->addr, 4);
		return sizeof(*s);
	}
	if (e->family == 6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(e->port);
		memcpy(&s6->sin6_addr, e->addr, 16);
		return sizeof(*s6);
	}
	/* An address variable never filled: the kernel says what it makes
	 * of an empty address. */
	return sizeof(struct sockaddr_in);
}

void
sv_actor_free(struct sv_actor *a)
{
	if (a == NULL)
		return;
	for (int i = 0; i < a->n_steps; i++)
		free(a->steps[i].buf);
	free(a->steps);
	free(a);
}

struct sv_actor *
sv_actor_new(const struct sv_scenario *sc, int idx)
{
	struct sv_actor *a = calloc(1, sizeof(*a));
	if (a == NULL)
		return NULL;
	a->sc = sc;
	a->idx = idx;
	int n = 0;
	for (int i = 0; i < sc->n_steps; i++)
		n += sc->steps[i].actor == idx;
	a->steps = calloc((size_t)(n ? n : 1), sizeof(*a->steps));
	if (a->steps == NULL) {
		free(a);
		return NULL;
	}
	for (int i = 0; i < sc->n_steps; i++) {
		const struct sv_step *st = &sc->steps[i];
		if (st->actor != idx)
			continue;
		struct sv_actor_step *as = &a->steps[a->n_steps++];
		as->st = st;
		if (sv_fn_is(st->fn, SV_CALL_RECEIVES) &&
		    (as->buf = calloc(1, st->buflen ? st->buflen : 1)) ==
		    NULL) {
			sv_actor_free(a);
			return NULL;
		}
	}
	return a;
}

static int
sock_fd(const struct sv_actor *a, const char *name)
{
	if (name == NULL)
		return -1;
	for (int i = 0; i < a->n_socks; i++)
		if (strcmp(a->socks[i].name, name) == 0)
			return a->socks[i].fd;
	return -1;
}

static void
set_sock(struct sv_actor *a, const char *name, int fd)
{
	if (name == NULL)
		return;
	for (int i = 0; i < a->n_socks; i++)
		if (strcmp(a->socks[i].name, name) == 0) {
			a->socks[i].fd = fd;
			return;
		}
	if (a->n_socks < SV_MAX_SOCKS) {
		a->socks[a->n_socks].name = name;
		a->socks[a->n_socks].fd = fd;
		a->n_socks++;
	}
}

static void
set_addr(struct sv_actor *a, const char *name,
    const struct sockaddr_storage *ss, socklen_t len)
{
	int i;
	for (i = 0; i < a->n_addrs; i++)
		if (strcmp(a->addrs[i].name, name) == 0)
			break;
	if (i == a->n_addrs) {
		if (a->n_addrs == SV_MAX_SOCKS)
			return;
		a->n_addrs++;
	}
	a->addrs[i].name = name;
	a->addrs[i].ss = *ss;
	a->addrs[i].len = len;
}

/* The address a step passes, into as->name. */
static void
step_addr(struct sv_actor *a, struct sv_actor_step *as)
{
	const struct sv_step *st = as->st;
	if (st->addr_ref != NULL) {
		for (int i = 0; i < a->n_addrs; i++)
			if (strcmp(a->addrs[i].name, st->addr_ref) == 0) {
				as->name = a->addrs[i].ss;
				as->namelen = a->addrs[i].len;
				return;
			}
		struct sv_endpoint none = { 0 };
		as->namelen = sv_actor_sockaddr(&none, &as->name);
		return;
	}
	as->namelen = sv_actor_sockaddr(&st->addr, &as->name);
}

/* Lay out the iovecs of sendmsg() over the payload, or of recvmsg() over
 * the receive buffer. */
static void
step_iov(struct sv_actor_step *as, char *base)
{
	const struct sv_step *st = as->st;
	size_t off = 0;
	int n = st->n_iov > 0 ? st->n_iov : 1;
	for (int i = 0; i < n; i++) {
		size_t len = st->n_iov > 0 ? st->iov_len[i] :
		    (st->fn == SV_FN_SENDMSG ? st->data_len : st->buflen);
		as->iov[i].iov_base = base + off;
		as->iov[i].iov_len = len;
		off += len;
	}
	memset(&as->msg, 0, sizeof(as->msg));
	as->msg.msg_iov = as->iov;
	as->msg.msg_iovlen = (size_t)n;
}

/* One step's system call. Nothing here but the call may enter the kernel. */
static long
step_call(struct sv_actor *a, struct sv_actor_step *as)
{
	const struct sv_step *st = as->st;
	const struct sv_callkind *k = sv_callkind(st->fn);
	int fd = sock_fd(a, st->sock);
	int want = st->addr_out != NULL;
	void *name = want ? &as->name : NULL;
	socklen_t *namelen = want ? &as->namelen : NULL;
	as->namelen = sizeof(as->name);

	switch (st->fn) {
	case SV_FN_SOCKET:
		return syscall(k->nr, st->domain, st->type, st->protocol);
	case SV_FN_BIND:
	case SV_FN_CONNECT:
		step_addr(a, as);
		return syscall(k->nr, fd, &as->name, as->namelen);
	case SV_FN_LISTEN:
		return syscall(k->nr, fd, st->backlog);
	case SV_FN_ACCEPT:
#ifdef SYS_accept
		return syscall(k->nr, fd, name, namelen);
#else
		return syscall(k->nr, fd, name, namelen, 0);
#endif
	case SV_FN_SEND:
		return syscall(k->nr, fd, st->data, st->data_len, st->flags,
		    NULL, 0);
	case SV_FN_SENDTO:
		if (st->addr_null)
			return syscall(k->nr, fd, st->data, st->data_len,
			    st->flags, NULL, 0);
		step_addr(a, as);
		return syscall(k->nr, fd, st->data, st->data_len, st->flags,
		    &as->name, as->namelen);
	case SV_FN_SENDMSG:
		step_iov(as, st->data);
		if (!st->addr_null && (st->addr.family != 0 ||
		    st->addr_ref != NULL)) {
			step_addr(a, as);
			as->msg.msg_name = &as->name;
			as->msg.msg_namelen = as->namelen;
		}
		return syscall(k->nr, fd, &as->msg, st->flags);
	case SV_FN_RECV:
		return syscall(k->nr, fd, as->buf, st->buflen, st->flags,
		    NULL, NULL);
	case SV_FN_RECVFROM:
		return syscall(k->nr, fd, as->buf, st->buflen, st->flags,
		    name, namelen);
	case SV_FN_RECVMSG:
		step_iov(as, as->buf);
		if (want) {
			as->msg.msg_name = &as->name;
			as->msg.msg_namelen = sizeof(as->name);
		}
		return syscall(k->nr, fd, &as->msg, st->flags);
	case SV_FN_WRITE:
		return syscall(k->nr, fd, st->data, st->data_len);
	case SV_FN_READ:
		return syscall(k->nr, fd, as->buf, st->buflen);
	case SV_FN_SHUTDOWN:
		return syscall(k->nr, fd, st->how);
	case SV_FN_CLOSE:
		return syscall(k->nr, fd);
	case SV_FN_SETSOCKOPT:
		as->optval[0] = st->optval;
		as->optval[1] = st->optval2;
		return syscall(k->nr, fd, st->level, st->opt, as->optval,
		    st->level == SOL_SOCKET && st->opt == SO_LINGER ?
		    2 * sizeof(int) : sizeof(int));
	case SV_FN_GETSOCKNAME:
	case SV_FN_GETPEERNAME:
		return syscall(k->nr, fd, &as->name, &as->namelen);
	case SV_FN_FCNTL:
		if (st->fcntl_cmd == F_GETFL)
			return syscall(k->nr, fd, st->fcntl_cmd);
		return syscall(k->nr, fd, st->fcntl_cmd, st->fcntl_arg);
	case SV_FN_POLL: {
		int n = st->n_pfd > 0 ? st->n_pfd : 1;
		for (int i = 0; i < n; i++) {
			as->pfd[i].fd = sock_fd(a, st->n_pfd > 0 ?
			    st->pfd[i].sock : st->sock);
			as->pfd[i].events = st->n_pfd > 0 ? st->pfd[i].events :
			    POLLIN;
			as->pfd[i].revents = 0;
		}
#ifdef SYS_poll
		return syscall(k->nr, as->pfd, (nfds_t)n, st->timeout_ms);
#else
		struct timespec ts = { st->timeout_ms / 1000,
		    (st->timeout_ms % 1000) * 1000000L };
		return syscall(k->nr, as->pfd, (nfds_t)n,
		    st->timeout_ms < 0 ? NULL : &ts, NULL, 0);
#endif
	}
	default:
		break;           /* no scenario has them (the parser refuses) */
	}
	return -1;
}

/* What a step leaves in the actor's variables. */
static void
step_keep(struct sv_actor *a, struct sv_actor_step *as, long ret)
{
	const struct sv_step *st = as->st;
	if (ret < 0)
		return;
	if (sv_fn_is(st->fn, SV_CALL_MAKES_SOCKET))
		set_sock(a, st->var, (int)ret);
	if (st->addr_out == NULL)
		return;
	if (st->fn == SV_FN_RECVMSG)
		as->namelen = as->msg.msg_namelen;
	set_addr(a, st->addr_out, &as->name, as->namelen);
}

static void
actor_main(struct sv_actor *a)
{
	for (int i = 0; i < a->n_steps; i++) {
		long ret = step_call(a, &a->steps[i]);
		step_keep(a, &a->steps[i], ret);
	}
	/* Done: stop without a system call (a trap), keeping every socket
	 * as it is until the supervisor has looked and ends the process. */
	for (;;)
		__builtin_trap();
}

pid_t
sv_actor_start(struct sv_actor *a)
{
	pid_t pid = fork();
	if (pid != 0)
		return pid;
	if (sv_rec_child_setup() < 0)
		_exit(127);
	actor_main(a);
	_exit(0);
}
