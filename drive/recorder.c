/*
 * The ptrace recorder (see recorder.h).
 *
 * A traced child stops three ways here: at a recorded call's entry (the
 * seccomp filter's SECCOMP_RET_TRACE, PTRACE_EVENT_SECCOMP), at that
 * call's exit (we resume the entry with PTRACE_SYSCALL, so the kernel
 * stops it once more on the way out), and before a signal is delivered.
 * PTRACE_GET_SYSCALL_INFO gives number, arguments and return value
 * without any architecture's registers.
 */
#include "drive/recorder.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_FILTER 64
#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define NATIVE_ARCH AUDIT_ARCH_I386
#elif defined(__riscv) && __riscv_xlen == 64
#define NATIVE_ARCH AUDIT_ARCH_RISCV64
#else
#error "the seccomp filter needs this architecture's AUDIT_ARCH_ value"
#endif

static int
child_setup(const long *nrs, size_t n, int all)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		return -1;
	/* A fresh program's signals: none blocked, none ignored (sockviz's
	 * own choices, such as ignoring SIGPIPE, are not the actor's). */
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	for (int sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			signal(sig, SIG_DFL);
	/* The actor's first socket is 3, as in any fresh program. */
	if (syscall(SYS_close_range, 3U, ~0U, 0) < 0) {
		for (int fd = 3; fd < 4096; fd++)
			close(fd);
	}
	if (!all && dup2(STDERR_FILENO, STDOUT_FILENO) < 0)
		return -1;
	if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) < 0)
		return -1;
	if (raise(SIGSTOP) != 0)
		return -1;
	/*
	 * all: every system call stops (an actor makes none but its
	 * steps'). Otherwise the filter compares the call's number with
	 * each of nrs and stops only on those; calls of another
	 * architecture's ABI run unstopped, as does everything else.
	 */
	struct sock_filter f[MAX_FILTER + 5];
	size_t k = 0;
	if (all) {
		f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		    SECCOMP_RET_TRACE);
	} else {
		if (n > MAX_FILTER)
			n = MAX_FILTER;
		f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, arch));
		f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K,
		    NATIVE_ARCH, 1, 0);
		f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		    SECCOMP_RET_ALLOW);
		f[k++] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr));
		for (size_t i = 0; i < n; i++)
			f[k++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ |
			    BPF_K, (uint32_t)nrs[i], (uint8_t)(n - i), 0);
		f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		    SECCOMP_RET_ALLOW);
		f[k++] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		    SECCOMP_RET_TRACE);
	}
	struct sock_fprog prog = { .len = (unsigned short)k, .filter = f };
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

int
sv_rec_child_setup(void)
{
	return child_setup(NULL, 0, 1);
}

int
sv_rec_child_setup_for(const long *nrs, size_t n)
{
	return child_setup(nrs, n, 0);
}

static int
attach(pid_t pid, long follow, char *errbuf, size_t errlen)
{
	int status;
	if (waitpid(pid, &status, __WALL) != pid) {
		snprintf(errbuf, errlen, "waiting for actor %d: %s", (int)pid,
		    strerror(errno));
		return -1;
	}
	if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP) {
		snprintf(errbuf, errlen, "actor %d could not be traced (%s):"
		    " is ptrace refused here (a container's seccomp policy,"
		    " or sockviz itself under a debugger or strace)?",
		    (int)pid, WIFEXITED(status) ? "it exited" : "it died");
		return -1;
	}
	if (ptrace(PTRACE_SETOPTIONS, pid, NULL, (void *)(long)(
	    PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD |
	    PTRACE_O_EXITKILL | follow)) < 0 ||
	    ptrace(PTRACE_CONT, pid, NULL, NULL) < 0) {
		snprintf(errbuf, errlen, "ptrace on actor %d: %s", (int)pid,
		    strerror(errno));
		return -1;
	}
	return 0;
}

int
sv_rec_attach(pid_t pid, char *errbuf, size_t errlen)
{
	return attach(pid, 0, errbuf, errlen);
}

int
sv_rec_attach_all(pid_t pid, char *errbuf, size_t errlen)
{
	return attach(pid, PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
	    PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC, errbuf, errlen);
}

ssize_t
sv_rec_proc(pid_t tid, const char *file, char *buf, size_t size)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)tid, file);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = '\0';
	return n;
}

/* Does task tid belong to another task's process? From its Tgid. */
static int
is_thread(pid_t tid)
{
	char buf[1024];
	if (sv_rec_proc(tid, "status", buf, sizeof(buf)) <= 0)
		return 0;
	const char *p = strstr(buf, "\nTgid:");
	return p != NULL && atoi(p + 6) != (int)tid;
}

static int
syscall_info(pid_t pid, struct sv_rec_ev *ev)
{
	struct __ptrace_syscall_info si;
	memset(&si, 0, sizeof(si));
	if (ptrace(PTRACE_GET_SYSCALL_INFO, pid, (void *)sizeof(si), &si) < 0)
		return -1;
	switch (si.op) {
	case PTRACE_SYSCALL_INFO_SECCOMP:
		ev->kind = SV_REC_ENTRY;
		ev->nr = (long)si.seccomp.nr;
		memcpy(ev->args, si.seccomp.args, sizeof(ev->args));
		return 0;
	case PTRACE_SYSCALL_INFO_ENTRY:
		ev->kind = SV_REC_ENTRY;
		ev->nr = (long)si.entry.nr;
		memcpy(ev->args, si.entry.args, sizeof(ev->args));
		return 0;
	case PTRACE_SYSCALL_INFO_EXIT:
		ev->kind = SV_REC_EXIT;
		ev->rval = si.exit.rval;
		return 0;
	}
	errno = EPROTO;
	return -1;
}

int
sv_rec_next(struct sv_rec_ev *ev)
{
	int status;
	memset(ev, 0, sizeof(*ev));
	pid_t pid = waitpid(-1, &status, WNOHANG | __WALL);
	if (pid < 0)
		return errno == ECHILD ? 0 : -1;
	if (pid == 0)
		return 0;
	ev->pid = pid;
	if (WIFEXITED(status)) {
		ev->kind = SV_REC_EXITED;
		ev->status = WEXITSTATUS(status);
		return 1;
	}
	if (WIFSIGNALED(status)) {
		ev->kind = SV_REC_KILLED;
		ev->sig = WTERMSIG(status);
		return 1;
	}
	int sig = WSTOPSIG(status);
	int event = status >> 16;
	if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
	    event == PTRACE_EVENT_CLONE) {
		unsigned long msg = 0;
		if (ptrace(PTRACE_GETEVENTMSG, pid, NULL, &msg) < 0)
			return -1;
		ev->kind = SV_REC_CHILD;
		ev->child = (pid_t)msg;
		ev->thread = event == PTRACE_EVENT_CLONE &&
		    is_thread(ev->child);
		ev->vfork = event == PTRACE_EVENT_VFORK;
		return 1;
	}
	if (event == PTRACE_EVENT_EXEC) {
		ev->kind = SV_REC_EXEC;
		return 1;
	}
	if ((status >> 8) == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8)) ||
	    sig == (SIGTRAP | 0x80))
		return syscall_info(pid, ev) < 0 ? -1 : 1;
	ev->kind = SV_REC_SIGNAL;
	ev->sig = sig;
	return 1;
}

int
sv_rec_run_call(pid_t pid)
{
	return (int)ptrace(PTRACE_SYSCALL, pid, NULL, NULL);
}

int
sv_rec_cont(pid_t pid, int sig)
{
	return (int)ptrace(PTRACE_CONT, pid, NULL, (void *)(long)sig);
}

int
sv_rec_asleep(pid_t pid)
{
	char buf[512];
	if (sv_rec_proc(pid, "stat", buf, sizeof(buf)) <= 0)
		return 0;
	/* "pid (comm) S ...": comm may hold spaces and parentheses. */
	const char *p = strrchr(buf, ')');
	if (p == NULL || p[1] != ' ')
		return 0;
	return p[2] == 'S' || p[2] == 'D';
}

ssize_t
sv_rec_peek(pid_t pid, uint64_t addr, void *buf, size_t len)
{
	if (len == 0)
		return 0;
	struct iovec local = { buf, len };
	struct iovec remote = { (void *)(uintptr_t)addr, len };
	return process_vm_readv(pid, &local, 1, &remote, 1, 0);
}

int
sv_rec_endpoint(const struct sockaddr_storage *ss, size_t len,
    struct sv_endpoint *e)
{
	memset(e, 0, sizeof(*e));
	if (ss->ss_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *s = (const struct sockaddr_in *)ss;
		e->family = 4;
		e->port = ntohs(s->sin_port);
		memcpy(e->addr, &s->sin_addr, 4);
		return 0;
	}
	if (ss->ss_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s6 =
		    (const struct sockaddr_in6 *)ss;
		e->family = 6;
		e->port = ntohs(s6->sin6_port);
		memcpy(e->addr, &s6->sin6_addr, 16);
		return 0;
	}
	return -1;
}

/* A duplicate of the process's descriptor fd when it is a socket, or -1
 * (-2: it is there, but no socket). */
static int
socket_dup(int pidfd, int fd)
{
	int d = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (d < 0)
		return -1;
	struct stat sb;
	if (fstat(d, &sb) < 0 || !S_ISSOCK(sb.st_mode)) {
		close(d);
		return -2;
	}
	return d;
}

int
sv_rec_sockinfo(int pidfd, int fd, struct sv_sockinfo *si)
{
	memset(si, 0, sizeof(*si));
	si->tcp_state = -1;
	if (fd < 0)
		return -1;
	int d = socket_dup(pidfd, fd);
	if (d < 0)
		return -1;
	socklen_t sl = sizeof(int);
	if (getsockopt(d, SOL_SOCKET, SO_TYPE, &si->type, &sl) < 0) {
		close(d);
		return -1;
	}
	struct sockaddr_storage ss;
	sl = sizeof(ss);
	if (getsockname(d, (struct sockaddr *)&ss, &sl) == 0)
		sv_rec_endpoint(&ss, sl, &si->local);
	sl = sizeof(ss);
	if (getpeername(d, (struct sockaddr *)&ss, &sl) == 0)
		sv_rec_endpoint(&ss, sl, &si->peer);
	/* An unbound socket has no local end yet: say so, not 0.0.0.0:0. */
	static const uint8_t zero[16];
	if (si->local.port == 0 && memcmp(si->local.addr, zero, 16) == 0)
		si->local.family = 0;
	if (si->type == SOCK_STREAM) {
		struct tcp_info ti;
		sl = sizeof(ti);
		if (getsockopt(d, IPPROTO_TCP, TCP_INFO, &ti, &sl) == 0)
			si->tcp_state = ti.tcpi_state;
	}
	si->ok = 1;
	close(d);
	return 0;
}

int
sv_rec_is_socket(int pidfd, int fd)
{
	if (fd < 0)
		return -1;
	int d = socket_dup(pidfd, fd);
	if (d < 0)
		return d == -2 ? 0 : -1;
	close(d);
	return 1;
}

int
sv_rec_pump(int sfd, long long ns, void (*handle)(void *, const struct
    sv_rec_ev *), void *ctx)
{
	struct pollfd p = { .fd = sfd, .events = POLLIN };
	struct timespec ts = { (time_t)(ns / 1000000000LL),
	    (long)(ns % 1000000000LL) };
	if (ns > 0 && ppoll(&p, 1, &ts, NULL) > 0) {
		struct signalfd_siginfo si;
		while (read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
			;
	}
	struct sv_rec_ev ev;
	int got;
	while ((got = sv_rec_next(&ev)) > 0)
		handle(ctx, &ev);
	return got < 0 && errno != EINTR ? -1 : 0;
}

int64_t
sv_rec_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}
