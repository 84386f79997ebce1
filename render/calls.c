/*
 * The call vocabulary table (see calls.h). Adding a call is adding its
 * enum value, one row here, and its executor and text in drive/; the
 * compiler's -Wswitch finds every switch that must learn it.
 */
#include "render/calls.h"

#include <string.h>
#include <sys/syscall.h>

#ifdef SYS_accept
#define NR_ACCEPT SYS_accept
#else
#define NR_ACCEPT SYS_accept4
#endif
#ifdef SYS_poll
#define NR_POLL SYS_poll
#else
#define NR_POLL SYS_ppoll
#endif

#define T SV_CALL_TRANSMITS
#define TS SV_CALL_TRANSMITS_STREAM
#define R SV_CALL_RECEIVES
#define RP SV_CALL_RETURNS_PEER
#define W SV_CALL_WAITS
#define MS SV_CALL_MAKES_SOCKET
#define AB SV_CALL_AUTOBINDS
#define SD SV_CALL_SENDS_DATA
#define OS SV_CALL_ON_SOCKET
#define TR SV_CALL_TRACED
#define DU SV_CALL_DUPS

static const struct sv_callkind table[SV_FN_COUNT] = {
	[SV_FN_SOCKET] = { "socket", "socket", SYS_socket, MS },
	[SV_FN_BIND] = { "bind", "bind", SYS_bind, OS },
	[SV_FN_LISTEN] = { "listen", "listen", SYS_listen, OS },
	[SV_FN_ACCEPT] = { "accept", NR_ACCEPT == SYS_accept4 ? "accept4" :
	    "accept", NR_ACCEPT, OS | RP | W | MS },
	[SV_FN_CONNECT] = { "connect", "connect", SYS_connect, OS | T | AB },
	[SV_FN_SEND] = { "send", "sendto", SYS_sendto, OS | T | AB | SD },
	[SV_FN_SENDTO] = { "sendto", "sendto", SYS_sendto, OS | T | AB | SD },
	[SV_FN_SENDMSG] = { "sendmsg", "sendmsg", SYS_sendmsg,
	    OS | T | AB | SD },
	[SV_FN_RECV] = { "recv", "recvfrom", SYS_recvfrom, OS | TS | R | W },
	[SV_FN_RECVFROM] = { "recvfrom", "recvfrom", SYS_recvfrom,
	    OS | TS | R | RP | W },
	[SV_FN_RECVMSG] = { "recvmsg", "recvmsg", SYS_recvmsg,
	    OS | TS | R | RP | W },
	[SV_FN_WRITE] = { "write", "write", SYS_write, OS | T | AB | SD },
	[SV_FN_READ] = { "read", "read", SYS_read, OS | TS | R | W },
	[SV_FN_SHUTDOWN] = { "shutdown", "shutdown", SYS_shutdown, OS | T },
	[SV_FN_CLOSE] = { "close", "close", SYS_close, OS | T },
	[SV_FN_SETSOCKOPT] = { "setsockopt", "setsockopt", SYS_setsockopt,
	    OS | TS },
	[SV_FN_GETSOCKNAME] = { "getsockname", "getsockname",
	    SYS_getsockname, OS },
	[SV_FN_GETPEERNAME] = { "getpeername", "getpeername",
	    SYS_getpeername, OS },
	[SV_FN_FCNTL] = { "fcntl", "fcntl", SYS_fcntl, OS },
	[SV_FN_POLL] = { "poll", NR_POLL == SYS_ppoll ? "ppoll" : "poll",
	    NR_POLL, W },
	[SV_FN_SOCKETPAIR] = { "socketpair", "socketpair", SYS_socketpair,
	    TR },
	[SV_FN_ACCEPT4] = { "accept4", "accept4", SYS_accept4,
	    OS | RP | W | MS | TR },
	[SV_FN_SENDMMSG] = { "sendmmsg", "sendmmsg", SYS_sendmmsg,
	    OS | T | AB | SD | TR },
	[SV_FN_RECVMMSG] = { "recvmmsg", "recvmmsg", SYS_recvmmsg,
	    OS | TS | R | RP | W | TR },
	[SV_FN_WRITEV] = { "writev", "writev", SYS_writev,
	    OS | T | AB | SD | TR },
	[SV_FN_READV] = { "readv", "readv", SYS_readv, OS | TS | R | W | TR },
	[SV_FN_GETSOCKOPT] = { "getsockopt", "getsockopt", SYS_getsockopt,
	    OS | TR },
	[SV_FN_DUP] = { "dup", "dup", SYS_dup, OS | MS | DU | TR },
#ifdef SYS_dup2
	[SV_FN_DUP2] = { "dup2", "dup2", SYS_dup2, OS | MS | DU | TR },
#else
	[SV_FN_DUP2] = { "dup2", "dup3", SYS_dup3, OS | MS | DU | TR },
#endif
	[SV_FN_DUP3] = { "dup3", "dup3", SYS_dup3, OS | MS | DU | TR },
	[SV_FN_PPOLL] = { "ppoll", "ppoll", SYS_ppoll, W | TR },
#ifdef SYS_select
	[SV_FN_SELECT] = { "select", "select", SYS_select, W | TR },
#else
	[SV_FN_SELECT] = { "select", "pselect6", SYS_pselect6, W | TR },
#endif
	[SV_FN_PSELECT6] = { "pselect6", "pselect6", SYS_pselect6, W | TR },
#ifdef SYS_epoll_wait
	[SV_FN_EPOLL_WAIT] = { "epoll_wait", "epoll_wait", SYS_epoll_wait,
	    W | TR },
#else
	[SV_FN_EPOLL_WAIT] = { "epoll_wait", "epoll_pwait", SYS_epoll_pwait,
	    W | TR },
#endif
	[SV_FN_EPOLL_PWAIT] = { "epoll_pwait", "epoll_pwait", SYS_epoll_pwait,
	    W | TR },
};

const struct sv_callkind *
sv_callkind(enum sv_fn fn)
{
	return &table[fn];
}

const char *
sv_fn_name(enum sv_fn fn)
{
	return (unsigned)fn < SV_FN_COUNT ? table[fn].name : "?";
}

int
sv_fn_is(enum sv_fn fn, unsigned props)
{
	return (unsigned)fn < SV_FN_COUNT &&
	    (table[fn].props & props) == props;
}

int
sv_fn_lookup(const char *name, size_t len)
{
	for (int i = 0; i < SV_FN_COUNT; i++)
		if (strlen(table[i].name) == len &&
		    memcmp(table[i].name, name, len) == 0)
			return i;
	return -1;
}

int
sv_fn_accepts(enum sv_fn fn)
{
	return fn == SV_FN_ACCEPT || fn == SV_FN_ACCEPT4;
}
