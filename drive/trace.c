/*
 * `sockviz trace` (docs/design.md, "Tracing a program").
 *
 * The programs run in the namespace as children of sockviz, traced with
 * ptrace from their first instruction, every fork, clone and exec
 * followed. A seccomp filter stops them only at the system calls that
 * may be socket calls; everything else runs at full speed. The main
 * thread is the supervisor, as in a run: it owns every ptrace request and
 * reads SIGCHLD from a signalfd; the capture thread runs as for a run.
 *
 * One task at a time. A traced program runs freely between its calls,
 * but the supervisor lets only one task (process or thread) run at once:
 * the runner. Every other task that comes to a stop (a call's entry or
 * exit, its first instruction, a fork) is held there. The runner gives
 * its turn up when it sleeps in the kernel: at once inside a call that
 * waits for the other side (accept, recv, poll: SV_CALL_WAITS), after
 * SETTLE_NS anywhere else (a send on a full buffer, a wait for a child).
 * The turn then goes to the task held longest. So the calls of two
 * programs come in one order, the order a scenario would give them, and
 * every packet is sent while exactly one call is in the kernel.
 *
 * The programs of `-c` start in their order, each once there is no other
 * task to run and the program before it is asleep in a waiting call, or
 * has exited. When the last program has exited, the others get the
 * deadline to finish, then SIGTERM, then SIGKILL.
 */
#include "drive/trace.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capture/live.h"
#include "drive/callrec.h"
#include "drive/netns.h"
#include "drive/recorder.h"
#include "drive/run.h"
#include "drive/sockstate.h"
#include "render/names.h"
#include "render/render.h"

#define DEFAULT_DEADLINE_MS 2000
/* How often to look whether the runner has gone to sleep. */
#define LOOK_EVERY_NS 100000LL
/* How long the runner may sleep outside a waiting call before another
 * task gets the turn. */
#define SETTLE_NS 2000000LL
/* Between SIGTERM and SIGKILL at the end. */
#define TERM_GRACE_MS 500
#define MAX_NRS 64

extern char **environ;

/* What the threads of one process share: its descriptors. */
struct proc {
	pid_t tgid;
	int pidfd;
	int refs;
	struct sv_fdconn fds[SV_MAX_FD];
};

enum tstate {
	T_FRESH,                 /* known, its first stop not seen yet */
	T_HELD,                  /* stopped, waiting for its turn */
	T_RUNNING,               /* between calls (or in one not shown) */
	T_IN_CALL,               /* inside a call that is recorded */
	T_GONE,
};

enum hold {
	H_START,                 /* at its first instruction */
	H_ENTRY,                 /* at a call's entry */
	H_EXIT,                  /* at a recorded call's exit */
	H_EVENT,                 /* after a fork or an exec */
	H_SIGNAL,                /* a signal to deliver */
};

struct task {
	pid_t tid;
	int prog;                /* -1 until its parent's fork is seen */
	struct proc *pr;
	int lane;                /* -1 until its first socket call */
	enum tstate st;
	enum hold hold;
	int sig;                 /* H_SIGNAL: the signal */
	uint64_t held_at;        /* when it was held, in hold order */
	struct sv_rec_ev entry;  /* the call at hand */
	int fn;                  /* its kind, or -1 */
	long call;               /* index in calls of the call in the
				  * kernel, or -1 */
	int interrupted;         /* that call's exit said ERESTART*: a
				  * signal handler runs, it may go on */
	struct sv_sockinfo before;
	long long asleep_since;  /* CLOCK_MONOTONIC ns, 0: awake */
	long last_call;          /* its last recorded call, -1 */
};

struct prog {
	char *path;              /* argv[0] found in PATH */
	int started, exited;     /* exited: its first process is gone */
	pid_t root;
	int status, death;       /* how that process ended */
	int ended;               /* sockviz ended it */
	int named;               /* lanes named after it so far */
	int warned;              /* told of ptrace or io_uring once */
};

struct lane {
	char *name;
	pid_t pid;
};

struct tr {
	const struct sv_trace_opts *o;
	int deadline_ms;
	int sfd;
	struct task *tasks;
	size_t n_tasks, cap_tasks;
	struct sv_call *calls;
	int *done;
	size_t n_calls, cap_calls;
	struct lane *lanes;
	int n_lanes, cap_lanes;
	struct prog *progs;
	int next_prog;
	long runner;             /* index in tasks, or -1 */
	uint64_t holds;
	int phase;               /* 0 running; 1 the last program exited;
				  * 2 SIGTERM sent; 3 SIGKILL sent */
	long long phase_due;
	long long quiet_since;
	long nrs[MAX_NRS];
	size_t n_nrs;
	char *errbuf;
	size_t errlen;
	int failed, broken;
};

static long long
mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

#define errf(t, ...) sv_errf((t)->errbuf, (t)->errlen, __VA_ARGS__)

static const char *
prog_name(const struct tr *t, int p)
{
	return p >= 0 ? t->o->progs[p].name : "?";
}

/* The call kind of system call nr with arguments a, or -1. A sendto()
 * with no address is send(), a recvfrom() asking none is recv(): that is
 * what the C library makes of those two. */
static int
fn_of(long nr, const uint64_t a[6])
{
	for (int i = 0; i < SV_FN_COUNT; i++) {
		if (sv_callkind((enum sv_fn)i)->nr != nr)
			continue;
		if (i == SV_FN_SEND && a[4] != 0)
			return SV_FN_SENDTO;
		if (i == SV_FN_RECV && (a[4] != 0 || a[5] != 0))
			return SV_FN_RECVFROM;
		return i;
	}
	return -1;
}

/* The filter's system calls: every call kind's, each once, and the two
 * whose use sockviz must warn of. */
static void
make_filter(struct tr *t)
{
	long extra[] = { SYS_ptrace, SYS_io_uring_setup };
	for (int i = 0; i < SV_FN_COUNT + 2 && t->n_nrs < MAX_NRS; i++) {
		long nr = i < SV_FN_COUNT ? sv_callkind((enum sv_fn)i)->nr :
		    extra[i - SV_FN_COUNT];
		int seen = 0;
		for (size_t k = 0; k < t->n_nrs && !seen; k++)
			seen = t->nrs[k] == nr;
		if (!seen)
			t->nrs[t->n_nrs++] = nr;
	}
}

static long
task_of(const struct tr *t, pid_t tid)
{
	for (size_t k = t->n_tasks; k-- > 0;)
		if (t->tasks[k].tid == tid && t->tasks[k].st != T_GONE)
			return (long)k;
	return -1;
}

static struct proc *
proc_new(pid_t tgid, const struct proc *from)
{
	struct proc *pr = calloc(1, sizeof(*pr));
	if (pr == NULL)
		return NULL;
	pr->tgid = tgid;
	pr->pidfd = (int)syscall(SYS_pidfd_open, tgid, 0);
	pr->refs = 1;
	if (from != NULL)
		memcpy(pr->fds, from->fds, sizeof(pr->fds));
	return pr;
}

static void
proc_drop(struct proc *pr)
{
	if (pr == NULL || --pr->refs > 0)
		return;
	if (pr->pidfd >= 0)
		close(pr->pidfd);
	free(pr);
}

static long
task_new(struct tr *t, pid_t tid, int prog)
{
	if (t->n_tasks == t->cap_tasks) {
		size_t cap = t->cap_tasks ? t->cap_tasks * 2 : 16;
		struct task *n = realloc(t->tasks, cap * sizeof(*n));
		if (n == NULL)
			return -1;
		t->tasks = n;
		t->cap_tasks = cap;
	}
	struct task *tk = &t->tasks[t->n_tasks];
	memset(tk, 0, sizeof(*tk));
	tk->tid = tid;
	tk->prog = prog;
	tk->lane = -1;
	tk->fn = -1;
	tk->call = -1;
	tk->last_call = -1;
	tk->st = T_FRESH;
	return (long)t->n_tasks++;
}

/* Task k's lane, made at its first socket call and named after its
 * program: "server", then "server/2", "server/3"... */
static int
lane_of(struct tr *t, long k)
{
	struct task *tk = &t->tasks[k];
	if (tk->lane >= 0)
		return tk->lane;
	if (t->n_lanes == t->cap_lanes) {
		int cap = t->cap_lanes ? t->cap_lanes * 2 : 8;
		struct lane *n = realloc(t->lanes, (size_t)cap * sizeof(*n));
		if (n == NULL)
			return -1;
		t->lanes = n;
		t->cap_lanes = cap;
	}
	struct prog *p = &t->progs[tk->prog];
	char name[256];
	if (++p->named == 1)
		snprintf(name, sizeof(name), "%s", prog_name(t, tk->prog));
	else
		snprintf(name, sizeof(name), "%s/%d", prog_name(t, tk->prog),
		    p->named);
	if ((t->lanes[t->n_lanes].name = strdup(name)) == NULL)
		return -1;
	t->lanes[t->n_lanes].pid = tk->tid;
	tk->lane = t->n_lanes++;
	return tk->lane;
}

static long
call_new(struct tr *t)
{
	if (t->n_calls == t->cap_calls) {
		size_t cap = t->cap_calls ? t->cap_calls * 2 : 64;
		struct sv_call *n = realloc(t->calls, cap * sizeof(*n));
		int *d = n ? realloc(t->done, cap * sizeof(*d)) : NULL;
		if (n != NULL)
			t->calls = n;
		if (d == NULL)
			return -1;
		t->done = d;
		t->cap_calls = cap;
	}
	memset(&t->calls[t->n_calls], 0, sizeof(t->calls[0]));
	t->done[t->n_calls] = 0;
	return (long)t->n_calls++;
}

static void
hold(struct tr *t, long k, enum hold h, int sig)
{
	struct task *tk = &t->tasks[k];
	tk->st = T_HELD;
	tk->hold = h;
	tk->sig = sig;
	tk->held_at = ++t->holds;
}

/* Is fd of task k's process a socket? */
static int
is_socket(const struct task *tk, int fd)
{
	return tk->pr != NULL && sv_rec_is_socket(tk->pr->pidfd, fd) == 1;
}

/*
 * What must be known of the socket before the call: all of it where the
 * call may end what the socket was (close, shutdown) or leave nothing
 * after a failure (connect, bind); whether it is a socket at all for the
 * calls shown only on sockets; nothing for the rest, whose socket is
 * asked after the call (the cost of a trace is mostly these questions).
 */
static void
ask_before(struct task *tk)
{
	memset(&tk->before, 0, sizeof(tk->before));
	tk->before.tcp_state = -1;
	if (tk->fn < 0 || tk->pr == NULL)
		return;
	int fd = sv_sock_fd_of((enum sv_fn)tk->fn, tk->entry.args);
	switch ((enum sv_fn)tk->fn) {
	case SV_FN_CLOSE:
	case SV_FN_SHUTDOWN:
	case SV_FN_CONNECT:
	case SV_FN_BIND:
	case SV_FN_DUP2:
	case SV_FN_DUP3:
		sv_rec_sockinfo(tk->pr->pidfd, fd, &tk->before);
		return;
	case SV_FN_READ:
	case SV_FN_WRITE:
	case SV_FN_READV:
	case SV_FN_WRITEV:
	case SV_FN_FCNTL:
	case SV_FN_DUP:
		tk->before.ok = is_socket(tk, fd);
		return;
	default:
		return;
	}
}

/* Does a poll() or select() of task k watch a socket? */
static int
waits_on_socket(const struct task *tk)
{
	const uint64_t *a = tk->entry.args;
	if (tk->fn == SV_FN_POLL || tk->fn == SV_FN_PPOLL) {
		struct pollfd p[16];
		size_t n = a[1] < 16 ? (size_t)a[1] : 16;
		if (sv_rec_peek(tk->tid, a[0], p, n * sizeof(p[0])) !=
		    (ssize_t)(n * sizeof(p[0])))
			return 0;
		for (size_t i = 0; i < n; i++)
			if (p[i].fd >= 0 && is_socket(tk, p[i].fd))
				return 1;
		return 0;
	}
	int nfds = (int)a[0] < FD_SETSIZE ? (int)a[0] : FD_SETSIZE;
	for (int s = 1; s <= 3; s++) {
		fd_set set;
		size_t sz = ((size_t)(nfds > 0 ? nfds : 0) + 63) / 64 * 8;
		if (a[s] == 0 || sz == 0 || sv_rec_peek(tk->tid, a[s], &set,
		    sz) != (ssize_t)sz)
			continue;
		for (int fd = 0; fd < nfds; fd++)
			if (FD_ISSET(fd, &set) && is_socket(tk, fd))
				return 1;
	}
	return 0;
}

/* Is the call at task k's entry one the timeline shows? Calls that act
 * only on sockets always are (on another descriptor they fail, and that
 * is shown); read(), write(), close() and their kin only on a socket;
 * poll() and select() when they watch one. */
static int
shown(const struct task *tk)
{
	int fn = tk->fn;
	if (fn < 0)
		return 0;
	switch ((enum sv_fn)fn) {
	case SV_FN_READ:
	case SV_FN_WRITE:
	case SV_FN_READV:
	case SV_FN_WRITEV:
	case SV_FN_CLOSE:
	case SV_FN_FCNTL:
	case SV_FN_DUP:
	case SV_FN_DUP2:
	case SV_FN_DUP3:
		return tk->before.ok;
	case SV_FN_POLL:
	case SV_FN_PPOLL:
	case SV_FN_SELECT:
	case SV_FN_PSELECT6:
		return waits_on_socket(tk);
	default:
		return 1;
	}
}

/* Task k, at a call's entry, makes it now. */
static void
begin_entry(struct tr *t, long k)
{
	struct task *tk = &t->tasks[k];
	tk->asleep_since = 0;
	ask_before(tk);
	if (!shown(tk)) {
		tk->st = T_RUNNING;
		sv_rec_cont(tk->tid, 0);
		return;
	}
	int lane = lane_of(t, k);
	long i = lane < 0 ? -1 : call_new(t);
	if (i < 0) {
		errf(t, "out of memory\n");
		t->broken = 1;
		return;
	}
	struct sv_call *c = &t->calls[i];
	c->actor = lane;
	c->step = (int)i + 1;
	c->tcp_state = -1;
	if (sv_callrec_enter(tk->tid, (enum sv_fn)tk->fn, tk->entry.args,
	    NULL, c) < 0) {
		errf(t, "out of memory\n");
		t->broken = 1;
		return;
	}
	tk->call = i;
	tk->interrupted = 0;
	tk->st = T_IN_CALL;
	c->t_begin = sv_rec_now();
	if (sv_rec_run_call(tk->tid) < 0)
		tk->st = T_RUNNING;     /* it is gone; its exit says so */
}

/* The call in task k's kernel returned rval. */
static void
finish_call(struct tr *t, long k, int64_t rval)
{
	struct task *tk = &t->tasks[k];
	struct sv_call *c = &t->calls[tk->call];
	if (!tk->interrupted)
		c->t_end = sv_rec_now();
	if (sv_callrec_exit(tk->tid, (enum sv_fn)tk->fn, tk->entry.args,
	    rval, NULL, c) < 0) {
		errf(t, "out of memory\n");
		t->broken = 1;
	}
	sv_sock_after(tk->pr ? tk->pr->pidfd : -1, (enum sv_fn)tk->fn,
	    tk->entry.args, &tk->before, tk->pr ? tk->pr->fds : NULL, c);
	t->done[tk->call] = 1;
	tk->last_call = tk->call;
	tk->call = -1;
	tk->interrupted = 0;
}

/* The kernel's "a signal came; restart or fail with EINTR" returns,
 * which the process never sees. */
static int
restarting(int64_t rval)
{
	return rval == -512 || rval == -513 || rval == -514 || rval == -516;
}

static int
free_running(const struct tr *t)
{
	return t->phase >= 2;
}

/* Resume task k where it stopped, as its own turn or because every
 * task now runs freely. */
static void
release(struct tr *t, long k)
{
	struct task *tk = &t->tasks[k];
	switch (tk->hold) {
	case H_ENTRY:
		begin_entry(t, k);
		return;
	case H_SIGNAL:
		tk->st = T_RUNNING;
		sv_rec_cont(tk->tid, tk->sig);
		return;
	case H_START:
	case H_EXIT:
	case H_EVENT:
		tk->st = T_RUNNING;
		sv_rec_cont(tk->tid, 0);
		return;
	}
}

/* Task k stopped: resume it now if it has the turn, else hold it. */
static void
stopped(struct tr *t, long k, enum hold h, int sig)
{
	hold(t, k, h, sig);
	if (k == t->runner || free_running(t))
		release(t, k);
}

static void
warn_once(struct tr *t, long k, long nr)
{
	struct task *tk = &t->tasks[k];
	if (tk->prog < 0 || t->progs[tk->prog].warned)
		return;
	t->progs[tk->prog].warned = 1;
	if (nr == SYS_ptrace)
		errf(t, "%s calls ptrace(): a program sockviz traces cannot"
		    " trace others itself (the kernel refuses it with"
		    " EPERM)\n", prog_name(t, tk->prog));
	else
		errf(t, "%s sets up io_uring: socket calls made through"
		    " io_uring do not pass through system calls, so the"
		    " timeline does not show them\n", prog_name(t, tk->prog));
}

static void
on_entry(struct tr *t, long k, const struct sv_rec_ev *ev)
{
	struct task *tk = &t->tasks[k];
	if (ev->nr == SYS_ptrace || ev->nr == SYS_io_uring_setup)
		warn_once(t, k, ev->nr);
	if (tk->call >= 0 && tk->interrupted) {
		/* The same call again: the kernel restarted it after the
		 * signal's handler. Anything else: it failed with EINTR. */
		if (ev->nr == tk->entry.nr && memcmp(ev->args,
		    tk->entry.args, sizeof(ev->args)) == 0) {
			tk->interrupted = 0;
			tk->st = T_IN_CALL;
			sv_rec_run_call(tk->tid);
			return;
		}
		finish_call(t, k, -EINTR);
	}
	tk->entry = *ev;
	tk->fn = fn_of(ev->nr, ev->args);
	stopped(t, k, H_ENTRY, 0);
}

static void
on_exit_stop(struct tr *t, long k, const struct sv_rec_ev *ev)
{
	struct task *tk = &t->tasks[k];
	if (tk->call >= 0 && restarting(ev->rval)) {
		t->calls[tk->call].t_end = sv_rec_now();
		tk->interrupted = 1;
	} else if (tk->call >= 0) {
		finish_call(t, k, ev->rval);
	}
	stopped(t, k, H_EXIT, 0);
}

static void
on_gone(struct tr *t, long k, const struct sv_rec_ev *ev)
{
	struct task *tk = &t->tasks[k];
	int death = ev->kind == SV_REC_KILLED ? ev->sig : 0;
	tk->st = T_GONE;
	if (tk->call >= 0) {
		/* It ended inside a call, which never returned. */
		struct sv_call *c = &t->calls[tk->call];
		c->unfinished = 1;
		c->blocked = 1;
		if (!tk->interrupted || c->t_end == 0)
			c->t_end = sv_rec_now();
		c->signal = death;
		t->done[tk->call] = 1;
		tk->call = -1;
	} else if (tk->last_call >= 0) {
		struct sv_call *c = &t->calls[tk->last_call];
		c->signal = death;
		if (ev->kind == SV_REC_EXITED)
			c->exit_status = ev->status;
	}
	if (tk->prog >= 0 && t->progs[tk->prog].root == tk->tid) {
		struct prog *p = &t->progs[tk->prog];
		p->exited = 1;
		p->status = ev->kind == SV_REC_EXITED ? ev->status : 0;
		p->death = death;
	}
	if (t->runner == k)
		t->runner = -1;
	proc_drop(tk->pr);
	tk->pr = NULL;
}

static void
on_child(struct tr *t, long k, const struct sv_rec_ev *ev)
{
	long c = task_of(t, ev->child);
	if (c < 0 && (c = task_new(t, ev->child, -1)) < 0) {
		errf(t, "out of memory\n");
		t->broken = 1;
		return;
	}
	struct task *tk = &t->tasks[k], *ch = &t->tasks[c];
	ch->prog = tk->prog;
	if (ev->thread && tk->pr != NULL) {
		ch->pr = tk->pr;
		tk->pr->refs++;
	} else if ((ch->pr = proc_new(ev->child, tk->pr)) == NULL) {
		errf(t, "out of memory\n");
		t->broken = 1;
		return;
	}
	/* A vfork()ing parent sleeps until its child execs: the child has
	 * the turn. */
	if (ev->vfork && t->runner == k) {
		hold(t, k, H_EVENT, 0);
		release(t, k);
		t->runner = ch->st == T_HELD ? c : -1;
		if (t->runner >= 0)
			release(t, c);
		return;
	}
	stopped(t, k, H_EVENT, 0);
}

/* One stop of a traced task (ctx is the trace). */
static void
on_event(void *ctx, const struct sv_rec_ev *ev)
{
	struct tr *t = ctx;
	long k = task_of(t, ev->pid);
	if (k < 0) {
		/* A new task can stop before its parent's fork is seen. */
		if (ev->kind != SV_REC_SIGNAL || ev->sig != SIGSTOP ||
		    (k = task_new(t, ev->pid, -1)) < 0)
			return;
	}
	struct task *tk = &t->tasks[k];
	switch (ev->kind) {
	case SV_REC_SIGNAL:
		if (tk->st == T_FRESH && ev->sig == SIGSTOP) {
			hold(t, k, H_START, 0);
			if (free_running(t) && tk->prog >= 0)
				release(t, k);
			return;
		}
		/* Every signal goes to the program, as it would untraced. */
		stopped(t, k, H_SIGNAL, ev->sig);
		return;
	case SV_REC_ENTRY:
		on_entry(t, k, ev);
		return;
	case SV_REC_EXIT:
		on_exit_stop(t, k, ev);
		return;
	case SV_REC_CHILD:
		on_child(t, k, ev);
		return;
	case SV_REC_EXEC:
		stopped(t, k, H_EVENT, 0);
		return;
	case SV_REC_EXITED:
	case SV_REC_KILLED:
		on_gone(t, k, ev);
		return;
	}
}

/* Handle every pending stop; wait at most ns for the first. */
static void
pump(struct tr *t, long long ns)
{
	if (sv_rec_pump(t->sfd, ns, on_event, t) < 0) {
		errf(t, "waiting for the programs: %s\n", strerror(errno));
		t->broken = 1;
	}
}

/* The system call task tid sleeps in, from /proc/TID/syscall, or -1. */
static long
sleeping_in(pid_t tid)
{
	char buf[64];
	if (sv_rec_proc(tid, "syscall", buf, sizeof(buf)) <= 0)
		return -1;
	return buf[0] >= '0' && buf[0] <= '9' ? strtol(buf, NULL, 10) : -1;
}

/* Has the runner gone to sleep, for long enough to give the turn up? */
static int
runner_sleeps(struct task *tk)
{
	if (!sv_rec_asleep(tk->tid)) {
		tk->asleep_since = 0;
		return 0;
	}
	if (tk->st == T_IN_CALL && sv_fn_is((enum sv_fn)tk->fn,
	    SV_CALL_WAITS))
		return 1;
	long long now = mono_ns();
	if (tk->asleep_since == 0)
		tk->asleep_since = now;
	return now - tk->asleep_since >= SETTLE_NS;
}

static long
oldest_held(const struct tr *t)
{
	long best = -1;
	for (size_t k = 0; k < t->n_tasks; k++) {
		const struct task *tk = &t->tasks[k];
		if (tk->st == T_HELD && tk->prog >= 0 && (best < 0 ||
		    tk->held_at < t->tasks[best].held_at))
			best = (long)k;
	}
	return best;
}

/* Is a task of program p asleep in a call that waits for input? */
static int
prog_waits(const struct tr *t, int p)
{
	for (size_t k = 0; k < t->n_tasks; k++) {
		const struct task *tk = &t->tasks[k];
		if (tk->prog == p && tk->st == T_IN_CALL &&
		    sv_fn_is((enum sv_fn)tk->fn, SV_CALL_WAITS) &&
		    t->calls[tk->call].blocked)
			return 1;
	}
	return 0;
}

static int start_prog(struct tr *t, int p);

/* May the next program start: is the one before it waiting or gone? */
static int
next_may_start(const struct tr *t)
{
	int p = t->next_prog;
	return p < t->o->n_progs && (p == 0 || t->progs[p - 1].exited ||
	    prog_waits(t, p - 1));
}

/* Give the turn to the next task, or start the next program. */
static void
schedule(struct tr *t)
{
	if (free_running(t)) {
		long h;
		while ((h = oldest_held(t)) >= 0)
			release(t, h);
		return;
	}
	if (t->runner >= 0) {
		struct task *tk = &t->tasks[t->runner];
		if (tk->st == T_GONE) {
			t->runner = -1;
		} else if ((tk->st == T_IN_CALL || tk->st == T_RUNNING) &&
		    runner_sleeps(tk)) {
			if (tk->st == T_IN_CALL)
				t->calls[tk->call].blocked = 1;
			t->runner = -1;
		}
		if (t->runner >= 0)
			return;
	}
	long h = oldest_held(t);
	if (h >= 0) {
		t->runner = h;
		release(t, h);
		return;
	}
	if (next_may_start(t))
		start_prog(t, t->next_prog);
}

/* Is every task asleep for good: in a waiting call, or waiting for a
 * child, with no turn to give and no program to start? */
static int
stuck(const struct tr *t)
{
	int live = 0;
	if (t->runner >= 0 || oldest_held(t) >= 0)
		return 0;
	if (next_may_start(t))
		return 0;
	for (size_t k = 0; k < t->n_tasks; k++) {
		const struct task *tk = &t->tasks[k];
		if (tk->st == T_GONE)
			continue;
		live++;
		if (tk->st == T_IN_CALL && sv_fn_is((enum sv_fn)tk->fn,
		    SV_CALL_WAITS) && t->calls[tk->call].blocked)
			continue;
		long nr = tk->st == T_RUNNING && sv_rec_asleep(tk->tid) ?
		    sleeping_in(tk->tid) : -1;
		if (nr == SYS_wait4 || nr == SYS_waitid)
			continue;
		return 0;
	}
	return live > 0;
}

/* Send sig to every process still there. */
static void
end_all(struct tr *t, int sig)
{
	for (size_t k = 0; k < t->n_tasks; k++) {
		struct task *tk = &t->tasks[k];
		if (tk->st == T_GONE || tk->st == T_FRESH)
			continue;
		if (tk->prog >= 0)
			t->progs[tk->prog].ended = 1;
		if (tk->pr != NULL)
			kill(tk->pr->tgid, sig);
		else
			kill(tk->tid, sig);
	}
}

static int
live_tasks(const struct tr *t)
{
	int n = 0;
	for (size_t k = 0; k < t->n_tasks; k++)
		n += t->tasks[k].st != T_GONE;
	return n;
}

/* The whole trace: start, hand turns, end. */
static void
conduct(struct tr *t)
{
	for (;;) {
		pump(t, 0);
		if (t->broken)
			return;
		int all = t->next_prog == t->o->n_progs;
		if (all && live_tasks(t) == 0)
			return;
		long long now = mono_ns();
		if (t->phase == 0 && all && t->progs[t->o->n_progs - 1].exited) {
			t->phase = 1;
			t->phase_due = now + (long long)t->deadline_ms *
			    1000000LL;
		}
		if (t->phase == 0 && stuck(t)) {
			if (t->quiet_since == 0)
				t->quiet_since = now;
			if (now - t->quiet_since >= (long long)t->deadline_ms *
			    1000000LL) {
				errf(t, "every program had been waiting for %d"
				    " ms with nothing left to wake it; they"
				    " were ended\n", t->deadline_ms);
				t->failed = 1;
				t->phase = 1;
				t->phase_due = now;
			}
		} else {
			t->quiet_since = 0;
		}
		if (t->phase == 1 && now >= t->phase_due) {
			end_all(t, SIGTERM);
			t->phase = 2;
			t->phase_due = now + TERM_GRACE_MS * 1000000LL;
		} else if (t->phase == 2 && now >= t->phase_due) {
			end_all(t, SIGKILL);
			t->phase = 3;
		}
		schedule(t);
		if (t->broken)
			return;
		/* The runner is watched closely; a program yet to start or
		 * a stillness that may be a deadlock, less so. */
		long long wait = 1000000000LL;
		if (t->runner >= 0)
			wait = LOOK_EVERY_NS;
		else if (t->quiet_since != 0 || (t->phase == 0 && !all))
			wait = 10 * LOOK_EVERY_NS;
		if ((t->phase == 1 || t->phase == 2) && t->phase_due - now <
		    wait)
			wait = t->phase_due - now > 0 ? t->phase_due - now : 1;
		pump(t, wait);
	}
}

/* argv[0] as execvp() would find it: a name with a slash as it is,
 * else the first executable file of that name in PATH. */
static char *
find_program(const char *name)
{
	if (strchr(name, '/') != NULL)
		return access(name, X_OK) == 0 ? strdup(name) : NULL;
	const char *path = getenv("PATH");
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *e = strchr(p, ':');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		char *full = malloc(n + strlen(name) + 2);
		if (full == NULL)
			return NULL;
		snprintf(full, n + strlen(name) + 2, "%.*s%s%s", (int)n, p,
		    n ? "/" : "", name);
		struct stat sb;
		if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode) &&
		    access(full, X_OK) == 0)
			return full;
		free(full);
		if (e == NULL)
			return NULL;
		p = e + 1;
	}
}

/* Fork program p traced from its first instruction; its first task has
 * the turn. */
static int
start_prog(struct tr *t, int p)
{
	struct prog *pg = &t->progs[p];
	char *const *argv = t->o->progs[p].argv;
	pid_t pid = fork();
	if (pid < 0) {
		errf(t, "fork: %s\n", strerror(errno));
		t->broken = 1;
		return -1;
	}
	if (pid == 0) {
		/* Only async-signal-safe calls: the capture thread runs. */
		if (sv_rec_child_setup_for(t->nrs, t->n_nrs) < 0)
			_exit(126);
		execve(pg->path, argv, environ);
		_exit(127);
	}
	t->next_prog = p + 1;
	pg->started = 1;
	pg->root = pid;
	char why[512];
	long k = task_new(t, pid, p);
	if (k < 0 || (t->tasks[k].pr = proc_new(pid, NULL)) == NULL) {
		kill(pid, SIGKILL);
		errf(t, "out of memory\n");
		t->broken = 1;
		return -1;
	}
	if (sv_rec_attach_all(pid, why, sizeof(why)) < 0) {
		kill(pid, SIGKILL);
		errf(t, "%s\n", why);
		t->broken = 1;
		return -1;
	}
	if (t->tasks[k].pr->pidfd < 0) {
		errf(t, "pidfd_open: %s (Linux 5.6 or later is needed)\n",
		    strerror(errno));
		t->broken = 1;
		return -1;
	}
	t->tasks[k].st = T_RUNNING;
	t->runner = k;
	return 0;
}

/* Kill whatever is left and reap it. */
static void
reap_all(struct tr *t)
{
	for (size_t k = 0; k < t->n_tasks; k++) {
		struct task *tk = &t->tasks[k];
		if (tk->st == T_GONE)
			continue;
		kill(tk->tid, SIGKILL);
	}
	struct sv_rec_ev ev;
	while (live_tasks(t) > 0) {
		int status;
		pid_t pid = waitpid(-1, &status, __WALL);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0)
			break;
		long k = task_of(t, pid);
		if (k >= 0 && (WIFEXITED(status) || WIFSIGNALED(status))) {
			memset(&ev, 0, sizeof(ev));
			ev.pid = pid;
			ev.kind = WIFEXITED(status) ? SV_REC_EXITED :
			    SV_REC_KILLED;
			ev.status = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
			ev.sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
			on_gone(t, k, &ev);
		}
	}
}

static int
build_timeline(struct tr *t, struct sv_packet_list *pk, uint64_t dropped,
    uint32_t linktype, struct sv_timeline **tlp)
{
	struct sv_timeline *tl = sv_timeline_new();
	if (tl == NULL || (tl->scenario = strdup("trace")) == NULL ||
	    (t->o->title && (tl->title = strdup(t->o->title)) == NULL))
		goto oom;
	for (int i = 0; i < t->n_lanes; i++) {
		if (sv_timeline_add_lane(tl, t->lanes[i].name, 0) < 0)
			goto oom;
		tl->lanes[i].pid = (int)t->lanes[i].pid;
	}
	tl->isolated = 1;
	tl->dropped = dropped;
	tl->linktype = linktype;
	tl->traced = 1;
	for (size_t i = 0; i < pk->n; i++) {
		if (sv_timeline_add_packet(tl, &pk->v[i]) < 0)
			goto oom;
		tl->packets++;
	}
	/* Asked before the calls move into the timeline. */
	if (sv_sock_finals(t->calls, t->done, t->n_calls, tl) < 0)
		goto oom;
	for (size_t i = 0; i < t->n_calls; i++) {
		if (!t->done[i])
			continue;
		struct sv_event *ev = sv_timeline_append(tl, SV_EV_CALL);
		if (ev == NULL)
			goto oom;
		ev->u.call = t->calls[i];
		memset(&t->calls[i], 0, sizeof(t->calls[i]));
		ev->t = ev->u.call.t_begin;
	}
	if (sv_correlate(tl, t->errbuf + strlen(t->errbuf), t->errlen -
	    strlen(t->errbuf)) < 0) {
		sv_timeline_free(tl);
		return -1;
	}
	*tlp = tl;
	return 0;
oom:
	sv_timeline_free(tl);
	errf(t, "out of memory building the timeline\n");
	return -1;
}

/* How the programs ended: 0, or 1 when one failed (each said in errbuf). */
static int
verdict(struct tr *t)
{
	char sig[32];
	int st = 0;
	for (int p = 0; p < t->o->n_progs; p++) {
		const struct prog *pg = &t->progs[p];
		if (!pg->started) {
			errf(t, "%s was not started: the program before it"
			    " never waited\n", prog_name(t, p));
			st = 1;
		} else if (pg->ended) {
			continue;
		} else if (pg->death != 0) {
			errf(t, "%s was killed by %s\n", prog_name(t, p),
			    sv_signal_str(pg->death, sig, sizeof(sig)));
			st = 1;
		} else if (pg->status == 127 || pg->status == 126) {
			errf(t, "%s exited with status %d: %s\n",
			    prog_name(t, p), pg->status, pg->status == 127 ?
			    "a command was not found (or seccomp or ptrace"
			    " is refused here)" : "a command could not be"
			    " run");
			st = 1;
		} else if (pg->status != 0) {
			errf(t, "%s exited with status %d\n", prog_name(t, p),
			    pg->status);
			st = 1;
		}
	}
	return st;
}

int
sv_trace(const struct sv_trace_opts *o, struct sv_timeline **tlp,
    char *errbuf, size_t errlen)
{
	char why[1024];
	struct tr t;
	struct sv_live *lv = NULL;
	struct sv_packet_list pk = { 0 };
	uint64_t dropped = 0;
	int status = SV_EXIT_ENV;
	sigset_t chld, old;

	*tlp = NULL;
	errbuf[0] = '\0';
	memset(&t, 0, sizeof(t));
	t.o = o;
	t.sfd = -1;
	t.runner = -1;
	t.errbuf = errbuf;
	t.errlen = errlen;
	t.deadline_ms = o->deadline_ms > 0 ? o->deadline_ms :
	    DEFAULT_DEADLINE_MS;
	make_filter(&t);

	t.progs = calloc((size_t)o->n_progs, sizeof(*t.progs));
	if (t.progs == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		return SV_EXIT_ENV;
	}
	for (int p = 0; p < o->n_progs; p++) {
		if ((t.progs[p].path = find_program(o->progs[p].argv[0])) ==
		    NULL) {
			snprintf(errbuf, errlen, "%s: %s", o->progs[p].argv[0],
			    errno == ENOMEM ? "out of memory" :
			    strchr(o->progs[p].argv[0], '/') ? strerror(errno) :
			    "command not found");
			status = SV_EXIT_USAGE;
			goto out;
		}
	}

	if (sv_netns_enter(errbuf, errlen) < 0)
		goto out;
	enum sv_live_err le;
	lv = sv_live_open("lo", NULL, &le, why, sizeof(why));
	if (lv == NULL) {
		snprintf(errbuf, errlen, "%s", why);
		goto out;
	}
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &chld, &old);
	t.sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	if (t.sfd < 0) {
		snprintf(errbuf, errlen, "signalfd: %s", strerror(errno));
		goto restore;
	}
	if (sv_live_start(lv, 5000, why, sizeof(why)) < 0) {
		snprintf(errbuf, errlen, "capture did not start: %s", why);
		goto restore;
	}
	/*
	 * The programs run on the supervisor's CPU (they inherit this
	 * thread's mask), the capture thread anywhere. Every stop hands
	 * the CPU from program to supervisor and back; on one CPU that is a
	 * switch, on two a wake-up of an idle CPU each way, which cost
	 * twice as much in all (bench/trace_overhead.sh). One task runs at a
	 * time anyway.
	 */
	cpu_set_t all, one;
	int pinned = sched_getaffinity(0, sizeof(all), &all) == 0;
	int cpu = sched_getcpu();
	if (pinned && cpu >= 0) {
		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		pinned = sched_setaffinity(0, sizeof(one), &one) == 0;
	}
	conduct(&t);
	reap_all(&t);
	/* The end markers go out from every CPU again. */
	if (pinned)
		sched_setaffinity(0, sizeof(all), &all);
	if (t.broken)
		goto restore;
	if (sv_live_finish(lv, 5000, &pk, &dropped, why, sizeof(why)) < 0) {
		snprintf(errbuf, errlen, "capture did not finish: %s", why);
		goto restore;
	}
	if (build_timeline(&t, &pk, dropped, sv_live_linktype(lv), tlp) < 0)
		goto restore;
	status = verdict(&t) || t.failed ? SV_EXIT_EXPECT : SV_EXIT_OK;
	if (dropped > 0) {
		errf(&t, "the capture lost %llu packets: this timeline is"
		    " incomplete\n", (unsigned long long)dropped);
		status = SV_EXIT_ENV;
	}
restore:
	reap_all(&t);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
out:
	sv_live_free(lv);
	sv_packet_list_free(&pk);
	for (size_t i = 0; i < t.n_calls; i++)
		sv_call_clear(&t.calls[i]);
	free(t.calls);
	free(t.done);
	for (size_t k = 0; k < t.n_tasks; k++)
		proc_drop(t.tasks[k].pr);
	free(t.tasks);
	for (int i = 0; i < t.n_lanes; i++)
		free(t.lanes[i].name);
	free(t.lanes);
	for (int p = 0; p < o->n_progs; p++)
		free(t.progs[p].path);
	free(t.progs);
	if (t.sfd >= 0)
		close(t.sfd);
	return status;
}
