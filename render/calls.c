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
