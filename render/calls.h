/*
 * The vocabulary of socket calls: one enum, and one table saying what
 * each call is. The parser, the runner, the correlation and every renderer
 * ask this table; nothing else compares call names as strings.
 */
#ifndef SOCKVIZ_RENDER_CALLS_H
#define SOCKVIZ_RENDER_CALLS_H

#include <stddef.h>

enum sv_fn {
	SV_FN_SOCKET,
	SV_FN_BIND,
	SV_FN_LISTEN,
	SV_FN_ACCEPT,
	SV_FN_CONNECT,
	SV_FN_SEND,
	SV_FN_SENDTO,
	SV_FN_SENDMSG,
	SV_FN_RECV,
	SV_FN_RECVFROM,
	SV_FN_RECVMSG,
	SV_FN_WRITE,
	SV_FN_READ,
	SV_FN_SHUTDOWN,
	SV_FN_CLOSE,
	SV_FN_SETSOCKOPT,
	SV_FN_GETSOCKNAME,
	SV_FN_GETPEERNAME,
	SV_FN_FCNTL,
	SV_FN_POLL,
	/* Calls only `sockviz trace` records: a program makes them, a
	 * scenario does not (SV_CALL_TRACED). */
	SV_FN_SOCKETPAIR,
	SV_FN_ACCEPT4,
	SV_FN_SENDMMSG,
	SV_FN_RECVMMSG,
	SV_FN_WRITEV,
	SV_FN_READV,
	SV_FN_GETSOCKOPT,
	SV_FN_DUP,
	SV_FN_DUP2,
	SV_FN_DUP3,
	SV_FN_PPOLL,
	SV_FN_SELECT,
	SV_FN_PSELECT6,
	SV_FN_EPOLL_WAIT,
	SV_FN_EPOLL_PWAIT,
};
#define SV_FN_COUNT (SV_FN_EPOLL_PWAIT + 1)

/* What a call is: the properties the rest of sockviz asks about. */
enum {
	/* It may put packets on the wire while it runs. */
	SV_CALL_TRANSMITS = 1 << 0,
	/* Only on a stream socket: reading TCP data can send a window
	 * update; clearing TCP_CORK or setting TCP_NODELAY can flush. */
	SV_CALL_TRANSMITS_STREAM = 1 << 1,
	/* It returns bytes that arrived. */
	SV_CALL_RECEIVES = 1 << 2,
	/* It writes the peer's or the sender's address into the caller's
	 * buffer (when one is passed). */
	SV_CALL_RETURNS_PEER = 1 << 3,
	/* It may sleep in the kernel until the other side acts, and the
	 * next step may start meanwhile. */
	SV_CALL_WAITS = 1 << 4,
	/* It returns a new descriptor for a socket. */
	SV_CALL_MAKES_SOCKET = 1 << 5,
	/* It gives an unbound socket a local port (the kernel picks one). */
	SV_CALL_AUTOBINDS = 1 << 6,
	/* It hands bytes to the kernel to send. */
	SV_CALL_SENDS_DATA = 1 << 7,
	/* Its first argument is a socket descriptor. */
	SV_CALL_ON_SOCKET = 1 << 8,
	/* Recorded from traced programs only; no scenario step makes it. */
	SV_CALL_TRACED = 1 << 9,
	/* It makes a new descriptor for the socket its first argument
	 * names (dup). */
	SV_CALL_DUPS = 1 << 10,
};

struct sv_callkind {
	const char *name;        /* as a C programmer calls it: "recv" */
	const char *syscall;     /* the system call it is on Linux, as strace
				  * names it: recv() is "recvfrom" */
	long nr;                 /* that system call's number here */
	unsigned props;          /* SV_CALL_* */
};

/* The row of fn; fn must be a valid enum value. */
const struct sv_callkind *sv_callkind(enum sv_fn fn);

/* The name of fn: "connect". "?" for a value outside the enum. */
const char *sv_fn_name(enum sv_fn fn);

/* Does fn have every property in props? */
int sv_fn_is(enum sv_fn fn, unsigned props);

/* The call kind named name[0..len), or -1. */
int sv_fn_lookup(const char *name, size_t len);

/* Is fn an accept, accept() or accept4()? */
int sv_fn_accepts(enum sv_fn fn);

#endif
