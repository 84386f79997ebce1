/*
 * The recorder: watching processes' system calls from outside, with
 * ptrace and a seccomp filter that stops the process at the calls that
 * matter (SECCOMP_RET_TRACE) and lets the rest run. Scenario actors are
 * recorded this way (every one of their calls stops: they make no others),
 * and so will any program `sockviz trace` runs: one recorder for both.
 *
 * Only the thread that attached may make ptrace requests: in sockviz that
 * is the main thread, which runs the whole conduct of a run.
 */
#ifndef SOCKVIZ_DRIVE_RECORDER_H
#define SOCKVIZ_DRIVE_RECORDER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "capture/decode.h"

/*
 * In the child, before it makes its first recorded call: die with the
 * parent, close every descriptor above 2, ask to be traced, stop until
 * the parent has attached, and install a filter that stops at every
 * system call. Nothing it does afterwards escapes the record. 0 or -1.
 */
int sv_rec_child_setup(void);

/*
 * The same for a program `sockviz trace` runs, which then execs: only the
 * system calls nrs[0..n) stop (SECCOMP_RET_TRACE), every other runs at
 * full speed; its standard output goes to standard error. Nothing here
 * allocates: it may run in the child of a threaded process.
 */
int sv_rec_child_setup_for(const long *nrs, size_t n);

/* In the parent: wait for the child's first stop and take it over.
 * 0, or -1 with the reason in errbuf. */
int sv_rec_attach(pid_t pid, char *errbuf, size_t errlen);
/* The same, following every fork, clone and exec: the new processes and
 * threads are traced from their first instruction on (SV_REC_CHILD). */
int sv_rec_attach_all(pid_t pid, char *errbuf, size_t errlen);

enum sv_rec_kind {
	SV_REC_ENTRY,            /* about to make system call nr(args) */
	SV_REC_EXIT,             /* the call returned rval */
	SV_REC_SIGNAL,           /* a signal sig is about to be delivered */
	SV_REC_EXITED,           /* the process exited with status */
	SV_REC_KILLED,           /* the process died of signal sig */
	SV_REC_CHILD,            /* it made process or thread child */
	SV_REC_EXEC,             /* it has just exec'd a program */
};

struct sv_rec_ev {
	pid_t pid;
	enum sv_rec_kind kind;
	long nr;
	uint64_t args[6];
	int64_t rval;            /* -errno on error */
	int sig;
	int status;
	pid_t child;             /* SV_REC_CHILD: the new task */
	int thread;              /* SV_REC_CHILD: it shares its parent's
				  * process (a thread) */
	int vfork;               /* SV_REC_CHILD: the parent waits until
				  * the child execs or exits */
};

/* The next stop of any traced child, without waiting: 1 with *ev, 0 when
 * none is pending, -1 on error (errno). */
int sv_rec_next(struct sv_rec_ev *ev);

/* Resume a process stopped at a call's entry, to stop again when the
 * call returns. */
int sv_rec_run_call(pid_t pid);
/* Resume a stopped process until its next recorded call, delivering sig
 * (0 for none). */
int sv_rec_cont(pid_t pid, int sig);

/* CLOCK_REALTIME in nanoseconds: the clock the kernel stamps captured
 * packets with, so calls and packets can be compared. */
int64_t sv_rec_now(void);

/* Is the process asleep in the kernel (state S or D in /proc/PID/stat)? */
int sv_rec_asleep(pid_t pid);

/* /proc/TID/FILE into buf (size bytes, ended with a NUL): its length, or
 * -1. */
ssize_t sv_rec_proc(pid_t tid, const char *file, char *buf, size_t size);

/*
 * Wait at most ns for SIGCHLD on the signalfd sfd (0: do not wait), then
 * hand every pending stop to handle(ctx, ev). 0, or -1 when waiting
 * failed (errno).
 */
int sv_rec_pump(int sfd, long long ns, void (*handle)(void *, const struct
    sv_rec_ev *), void *ctx);

/* Read len bytes of the process's memory at addr; the number read, or -1. */
ssize_t sv_rec_peek(pid_t pid, uint64_t addr, void *buf, size_t len);

/* An IPv4 or IPv6 socket address of len bytes as an endpoint: 0, or -1
 * (e zeroed) for any other family or a length too short. */
struct sockaddr_storage;
int sv_rec_endpoint(const struct sockaddr_storage *ss, size_t len,
    struct sv_endpoint *e);

/* What the kernel says of a socket descriptor of a stopped process, asked
 * through a duplicate of it (pidfd_getfd) that is closed again at once. */
struct sv_sockinfo {
	int ok;                  /* the descriptor is a socket */
	int type;                /* SOCK_STREAM... */
	struct sv_endpoint local, peer;   /* family 0: none */
	int tcp_state;           /* TCP_INFO's, -1 if not TCP */
};
int sv_rec_sockinfo(int pidfd, int fd, struct sv_sockinfo *si);

/* Only whether fd of that process is a socket: 1, 0 (or -1 when the
 * descriptor cannot be had). */
int sv_rec_is_socket(int pidfd, int fd);

#endif
