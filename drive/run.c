/*
 * The run (docs/design.md, "Actors and ordering").
 *
 * Processes and threads: sockviz's main thread is the supervisor. It makes
 * the namespace, opens the capture, forks one process per actor
 * (drive/actor.c) and traces each with ptrace (drive/recorder.c), then
 * starts the capture thread (capture/live.c) and conducts the steps. The
 * capture thread shares nothing with this file but the sv_live handle.
 * SIGCHLD is blocked in every thread and read from a signalfd here, so
 * every ptrace stop wakes the main thread and only it.
 *
 * An actor runs freely up to its next call and is held there, stopped at
 * the call's entry, until the call's step comes. Ordering: a step starts
 * when the step before it has returned, or when that step's actor is
 * known to be asleep in the kernel inside a call that waits for the other
 * side (accept, recv, poll: SV_CALL_WAITS); /proc/PID/stat says "S" once
 * it sleeps. Every call has a deadline kept here: a call still in the
 * kernel at its deadline is drawn unfinished, its actor is ended, and the
 * run fails naming the step.
 */
#include "drive/run.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "capture/live.h"
#include "drive/actor.h"
#include "drive/callrec.h"
#include "drive/netns.h"
#include "drive/recorder.h"
#include "drive/sockdiag.h"
#include "drive/sockstate.h"
#include "render/names.h"

#define DEFAULT_DEADLINE_MS 2000
/* How often to look whether a waiting call has gone to sleep. */
#define LOOK_EVERY_NS 100000

enum astate {
	A_RUNNING,               /* between two calls */
	A_AT_ENTRY,              /* held at the entry of its next call */
	A_IN_CALL,               /* inside a call */
	A_DONE,                  /* every step made; held, sockets open */
	A_DEAD,
};

struct actor {
	struct sv_actor *plan;
	pid_t pid;
	int pidfd;
	enum astate state;
	int next;                /* index in plan->steps of the next call */
	int cur;                 /* scenario step in the kernel, or -1 */
	struct sv_rec_ev entry;  /* the entry stop of the call at hand */
	struct timespec due;     /* CLOCK_MONOTONIC deadline of that call */
	int ended;               /* killed by us at a deadline */
	int death;               /* the signal it died of, 0 */
	struct sv_sockinfo before;
	struct sv_fdconn fds[SV_MAX_FD];
};

struct run {
	const struct sv_scenario *sc;
	int deadline_ms;
	int sfd;                 /* signalfd for SIGCHLD */
	FILE *syslog;            /* SOCKVIZ_SYSCALL_LOG: every call, raw */
	struct actor *actors;
	struct sv_call *calls;   /* one per step */
	int *done;               /* per step: 1 once recorded */
	char *errbuf;
	size_t errlen;
	int failed;              /* a step passed its deadline, or worse */
	int broken;              /* the recorder itself failed */
};

static void
due_in(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	long long ns = ts->tv_nsec + (long long)ms * 1000000LL;
	ts->tv_sec += (time_t)(ns / 1000000000LL);
	ts->tv_nsec = (long)(ns % 1000000000LL);
}

static int
passed(const struct timespec *dl)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > dl->tv_sec ||
	    (now.tv_sec == dl->tv_sec && now.tv_nsec >= dl->tv_nsec);
}

#define errf(r, ...) sv_errf((r)->errbuf, (r)->errlen, __VA_ARGS__)

static const char *
where(const struct sv_scenario *sc, const struct sv_step *st, char *b,
    size_t n)
{
	snprintf(b, n, "%s:%d: step %d, %s %s()", sc->name, st->line,
	    (int)(st - sc->steps) + 1, sc->actors[st->actor],
	    sv_fn_name(st->fn));
	return b;
}

static struct actor *
actor_of(struct run *r, pid_t pid)
{
	for (int k = 0; k < r->sc->n_actors; k++)
		if (r->actors[k].pid == pid)
			return &r->actors[k];
	return NULL;
}

static int
step_no(const struct run *r, const struct sv_step *st)
{
	return (int)(st - r->sc->steps);
}

static const struct sv_step *
next_step(const struct actor *a)
{
	return a->next < a->plan->n_steps ? a->plan->steps[a->next].st : NULL;
}

/* The raw record of the test mode: each call as the recorder saw it,
 * before any of sockviz's own bookkeeping. */
static void
log_entry(struct run *r, const struct sv_rec_ev *ev)
{
	if (r->syslog == NULL)
		return;
	fprintf(r->syslog, "%d entry %ld", (int)ev->pid, ev->nr);
	for (int i = 0; i < 6; i++)
		fprintf(r->syslog, " %llu", (unsigned long long)ev->args[i]);
	/* The address a call passes, as bytes, for the check to decode. */
	int at = ev->nr == SYS_bind || ev->nr == SYS_connect ? 1 :
	    ev->nr == SYS_sendto ? 4 : -1;
	unsigned char b[128];
	ssize_t n = at < 0 || ev->args[at] == 0 ? -1 : sv_rec_peek(ev->pid,
	    ev->args[at], b, ev->args[at + 1] < sizeof(b) ?
	    (size_t)ev->args[at + 1] : sizeof(b));
	if (n > 0) {
		fputs(" addr=", r->syslog);
		for (ssize_t i = 0; i < n; i++)
			fprintf(r->syslog, "%02x", b[i]);
	}
	fputc('\n', r->syslog);
}

static void
log_exit(struct run *r, pid_t pid, int64_t rval)
{
	if (r->syslog != NULL)
		fprintf(r->syslog, "%d exit %lld\n", (int)pid, (long long)rval);
}

/* Fill in what the socket looks like now that the call has returned. */
static void
after_call(struct actor *a, const struct sv_step *st, struct sv_call *c)
{
	sv_sock_after(a->pidfd, st->fn, a->entry.args, &a->before, a->fds,
	    c);
}

static void
kill_actor(struct actor *a)
{
	if (a->state != A_DEAD && a->pid > 0)
		kill(a->pid, SIGKILL);
}

/* One stop of a traced actor (ctx is the run). */
static void
handle(void *ctx, const struct sv_rec_ev *ev)
{
	struct run *r = ctx;
	struct actor *a = actor_of(r, ev->pid);
	if (a == NULL)
		return;
	switch (ev->kind) {
	case SV_REC_ENTRY: {
		log_entry(r, ev);
		const struct sv_step *st = next_step(a);
		if (st == NULL || sv_callkind(st->fn)->nr != ev->nr) {
			/* Not a step's call: something made the actor do
			 * what the timeline would not show. */
			errf(r, "actor %s made system call %ld, not its"
			    " next step's; the run is stopped\n",
			    r->sc->actors[a->plan->idx], ev->nr);
			r->broken = 1;
			kill_actor(a);
			return;
		}
		a->state = A_AT_ENTRY;
		a->entry = *ev;
		return;
	}
	case SV_REC_EXIT: {
		log_exit(r, ev->pid, ev->rval);
		if (a->state != A_IN_CALL || a->cur < 0)
			return;
		int i = a->cur;
		const struct sv_step *st = &r->sc->steps[i];
		struct sv_call *c = &r->calls[i];
		c->t_end = sv_rec_now();
		if (sv_callrec_exit(a->pid, st->fn, a->entry.args, ev->rval,
		    st->addr_out, c) < 0) {
			errf(r, "out of memory\n");
			r->broken = 1;
		}
		after_call(a, st, c);
		r->done[i] = 1;
		a->cur = -1;
		a->next++;
		/* Running until its next call, or its trap after the last
		 * one: a signal may come first (SIGPIPE). */
		a->state = A_RUNNING;
		sv_rec_cont(a->pid, 0);
		return;
	}
	case SV_REC_SIGNAL:
		if (next_step(a) == NULL && (ev->sig == SIGILL ||
		    ev->sig == SIGTRAP)) {
			a->state = A_DONE;   /* its trap after the last step */
			return;
		}
		/* Every other signal goes to the actor, as it would to any
		 * program: SIGPIPE ends it. */
		sv_rec_cont(a->pid, ev->sig);
		return;
	case SV_REC_CHILD:
	case SV_REC_EXEC:
		return;          /* actors are not followed: they make neither */
	case SV_REC_EXITED:
	case SV_REC_KILLED: {
		a->state = A_DEAD;
		a->death = ev->kind == SV_REC_KILLED ? ev->sig : 0;
		if (a->cur >= 0) {
			/* It died inside a call: that call never returned. */
			struct sv_call *c = &r->calls[a->cur];
			c->unfinished = 1;
			c->blocked = 1;
			if (c->t_end == 0)
				c->t_end = sv_rec_now();
			c->signal = a->death;
			r->done[a->cur] = 1;
			a->cur = -1;
		} else if (a->next > 0 && !a->ended) {
			/* It died on its way out of its last call. */
			int last = step_no(r, a->plan->steps[a->next - 1].st);
			r->calls[last].signal = a->death;
		}
		if (ev->kind == SV_REC_EXITED && a->next == 0 && !a->ended) {
			errf(r, "actor %s could not start (exit status %d):"
			    " is seccomp or ptrace refused here?\n",
			    r->sc->actors[a->plan->idx], ev->status);
			r->broken = 1;
		}
		return;
	}
	}
}

/* Handle every pending stop; wait at most ns for the first. */
static void
pump(struct run *r, long long ns)
{
	if (sv_rec_pump(r->sfd, ns, handle, r) < 0) {
		errf(r, "waiting for the actors: %s\n", strerror(errno));
		r->broken = 1;
	}
}

/* End every call that is past its deadline. */
static void
check_deadlines(struct run *r)
{
	char w[256];
	for (int k = 0; k < r->sc->n_actors; k++) {
		struct actor *a = &r->actors[k];
		if (a->state != A_IN_CALL || a->ended || !passed(&a->due))
			continue;
		const struct sv_step *st = &r->sc->steps[a->cur];
		errf(r, "%s: %s() had not returned after %d ms; %s was"
		    " ended\n", where(r->sc, st, w, sizeof(w)),
		    sv_fn_name(st->fn), r->deadline_ms, r->sc->actors[k]);
		/* Drawn as it was at the deadline, which it had passed. */
		r->calls[a->cur].t_end = r->calls[a->cur].t_begin +
		    (int64_t)r->deadline_ms * 1000000;
		a->ended = 1;
		r->failed = 1;
		kill_actor(a);
	}
}

/* Time until the nearest deadline of a call in the kernel, in ns. */
static long long
until_due(const struct run *r, long long cap)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long long best = cap;
	for (int k = 0; k < r->sc->n_actors; k++) {
		const struct actor *a = &r->actors[k];
		if (a->state != A_IN_CALL || a->ended)
			continue;
		long long d = (long long)(a->due.tv_sec - now.tv_sec) *
		    1000000000LL + (a->due.tv_nsec - now.tv_nsec);
		if (d < best)
			best = d > 0 ? d : 1;
	}
	return best;
}

/* Let actor a make step i, which it is held at. */
static int
begin_step(struct run *r, struct actor *a, int i)
{
	const struct sv_step *st = &r->sc->steps[i];
	struct sv_call *c = &r->calls[i];
	memset(c, 0, sizeof(*c));
	c->actor = st->actor;
	c->step = i + 1;
	c->line = st->line;
	c->tcp_state = -1;
	sv_rec_sockinfo(a->pidfd, sv_fn_is(st->fn, SV_CALL_ON_SOCKET) ?
	    (int)a->entry.args[0] : -1, &a->before);
	if (sv_callrec_enter(a->pid, st->fn, a->entry.args, st->addr_out,
	    c) < 0)
		return -1;
	a->cur = i;
	a->state = A_IN_CALL;
	due_in(&a->due, r->deadline_ms);
	/* From here to the call's exit stop, nothing but the call. */
	c->t_begin = sv_rec_now();
	if (sv_rec_run_call(a->pid) < 0)
		return -1;
	return 0;
}

/* Play every step in the scenario's order. */
static void
conduct(struct run *r)
{
	const struct sv_scenario *sc = r->sc;
	char w[256];
	for (int i = 0; i < sc->n_steps && !r->broken; i++) {
		const struct sv_step *st = &sc->steps[i];
		struct actor *a = &r->actors[st->actor];
		/* Its actor finishes the call before, and comes to this one. */
		while (a->state == A_RUNNING || a->state == A_IN_CALL) {
			check_deadlines(r);
			if (r->broken)
				return;
			pump(r, until_due(r, 1000000000LL));
		}
		if (a->state == A_DEAD) {
			errf(r, "%s: not run: %s had %s\n", where(sc, st, w,
			    sizeof(w)), sc->actors[st->actor], a->ended ?
			    "been ended at a deadline" : "died");
			r->failed = 1;
			continue;
		}
		if (begin_step(r, a, i) < 0) {
			errf(r, "%s: could not be started: %s\n",
			    where(sc, st, w, sizeof(w)), strerror(errno));
			r->broken = 1;
			return;
		}
		int waits = sv_fn_is(st->fn, SV_CALL_WAITS);
		while (!r->done[i] && !r->broken) {
			pump(r, waits ? LOOK_EVERY_NS :
			    until_due(r, 1000000000LL));
			if (r->done[i])
				break;
			if (waits && a->state == A_IN_CALL &&
			    sv_rec_asleep(a->pid)) {
				r->calls[i].blocked = 1;
				break;
			}
			check_deadlines(r);
		}
	}
	/* Calls still asleep must return before the capture ends. */
	for (;;) {
		int busy = 0;
		for (int k = 0; k < sc->n_actors; k++)
			busy |= r->actors[k].state == A_IN_CALL ||
			    (r->actors[k].state == A_RUNNING);
		if (!busy || r->broken)
			break;
		check_deadlines(r);
		pump(r, until_due(r, 1000000000LL));
	}
}

/* Every TCP connection the calls touched, as the kernel holds it now. */
static int
final_states(const struct run *r, struct sv_timeline *tl)
{
	return sv_sock_finals(r->calls, r->done, (size_t)r->sc->n_steps, tl);
}

/* Is e on this host's loopback (127.0.0.0/8, ::1, IPv4-mapped 127/8)?
 * With wildcard, the "any address" of bind() counts too. */
static int
loopback(const struct sv_endpoint *e, int wildcard)
{
	static const uint8_t zero[16], one6[16] = { [15] = 1 },
	    mapped[12] = { [10] = 0xff, [11] = 0xff };
	if (e->family == 4)
		return e->addr[0] == 127 || (wildcard &&
		    memcmp(e->addr, zero, 4) == 0);
	if (memcmp(e->addr, one6, 16) == 0 || (wildcard &&
	    memcmp(e->addr, zero, 16) == 0))
		return 1;
	return memcmp(e->addr, mapped, 12) == 0 && e->addr[12] == 127;
}

/*
 * --host runs on the host's own network: refuse, before anything runs,
 * an address that would send a packet off the machine (where the capture
 * of lo would not even see it), and a port some other program already
 * holds (its traffic would be drawn as the scenario's). Returns an exit
 * status; errbuf says why.
 */
static int
host_check(const struct sv_scenario *sc, char *errbuf, size_t errlen)
{
	char a[64];
	for (int i = 0; i < sc->n_steps; i++) {
		const struct sv_step *st = &sc->steps[i];
		if (st->addr.family == 0)
			continue;
		if (!loopback(&st->addr, st->fn == SV_FN_BIND)) {
			snprintf(errbuf, errlen, "%s:%d:%d: %s is not a"
			    " loopback address: with --host a scenario may"
			    " reach only this host's loopback (127.0.0.0/8,"
			    " ::1)", sc->name, st->line, st->addr_col,
			    sv_endpoint_str(&st->addr, 1, a, sizeof(a)));
			return SV_EXIT_USAGE;
		}
	}
	for (int i = 0; i < sc->n_steps; i++) {
		const struct sv_step *st = &sc->steps[i];
		if (st->fn != SV_FN_BIND || st->addr.port == 0)
			continue;
		/* The type of the socket bound: from its socket() step. */
		int type = SOCK_STREAM;
		for (int k = i - 1; k >= 0; k--)
			if (sc->steps[k].fn == SV_FN_SOCKET &&
			    sc->steps[k].actor == st->actor &&
			    sc->steps[k].var != NULL && st->sock != NULL &&
			    strcmp(sc->steps[k].var, st->sock) == 0) {
				type = sc->steps[k].type & SV_SOCK_TYPE_MASK;
				break;
			}
		struct sockaddr_storage ss;
		socklen_t len = sv_actor_sockaddr(&st->addr, &ss);
		int fd = socket(ss.ss_family, type | SOCK_CLOEXEC, 0);
		int one = 1;
		if (fd < 0)
			continue;
		/* Like a scenario's own SO_REUSEADDR: a TIME_WAIT left by an
		 * earlier run is no other program's. */
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		int busy = bind(fd, (struct sockaddr *)&ss, len) < 0 &&
		    errno == EADDRINUSE;
		close(fd);
		if (busy) {
			snprintf(errbuf, errlen, "%s:%d:%d: port %u is in use"
			    " on the host (%s %s); run without --host, in a"
			    " namespace of its own, or free the port",
			    sc->name, st->line, st->addr_col, st->addr.port,
			    type == SOCK_STREAM ? "TCP" : "UDP",
			    sv_endpoint_str(&st->addr, 1, a, sizeof(a)));
			return SV_EXIT_ENV;
		}
	}
	return SV_EXIT_OK;
}

/* The capture filter of --host: the ports the scenario names, each once,
 * and ICMP errors that quote them. A new string, or NULL. */
static char *
host_filter(const struct sv_scenario *sc)
{
	size_t cap = 64, j = 0;
	char *buf = malloc(cap);
	uint16_t seen[64];
	int n_seen = 0, any = 0;
	if (buf == NULL)
		return NULL;
	buf[0] = '\0';
	for (int i = 0; i < sc->n_steps; i++) {
		const struct sv_step *st = &sc->steps[i];
		if (st->addr.family == 0 || st->addr.port == 0)
			continue;
		int dup = 0;
		for (int k = 0; k < n_seen && !dup; k++)
			dup = seen[k] == st->addr.port;
		if (dup)
			continue;
		if (n_seen < 64)
			seen[n_seen++] = st->addr.port;
		char one[160];
		int n = snprintf(one, sizeof(one), "%sport %u or (icmp and"
		    " icmp[30:2] = %u) or (icmp6 and ip6[90:2] = %u)",
		    any ? " or " : "", st->addr.port, st->addr.port,
		    st->addr.port);
		if (j + (size_t)n + 1 > cap) {
			cap = (j + (size_t)n + 1) * 2;
			char *nb = realloc(buf, cap);
			if (nb == NULL) {
				free(buf);
				return NULL;
			}
			buf = nb;
		}
		memcpy(buf + j, one, (size_t)n + 1);
		j += (size_t)n;
		any = 1;
	}
	if (!any)
		snprintf(buf, cap, "less 0");
	return buf;
}

/* Does endpoint e belong to one of the run's own sockets? A socket bound
 * to the wildcard address owns its port on every address. */
static int
own_endpoint(const struct run *r, const struct sv_endpoint *e)
{
	static const uint8_t zero[16];
	if (e->family == 0 || e->port == 0)
		return 0;
	for (int i = 0; i < r->sc->n_steps; i++) {
		if (!r->done[i])
			continue;
		const struct sv_endpoint *mine[2] = { &r->calls[i].local,
		    &r->calls[i].conn_local };
		for (int k = 0; k < 2; k++) {
			const struct sv_endpoint *m = mine[k];
			if (m->family != e->family || m->port != e->port)
				continue;
			if (memcmp(m->addr, e->addr, 16) == 0 ||
			    memcmp(m->addr, zero, 16) == 0)
				return 1;
		}
	}
	return 0;
}

/* On the host's lo other programs talk too: keep only the packets to or
 * from the run's own sockets (an ICMP error, by what it quotes). */
static int
ours(const struct run *r, const struct sv_packet *p)
{
	struct sv_decoded d;
	sv_decode(p->linktype, p->data, p->caplen, &d);
	if (d.quote.present)
		return own_endpoint(r, &d.quote.src) ||
		    own_endpoint(r, &d.quote.dst);
	return own_endpoint(r, &d.src) || own_endpoint(r, &d.dst);
}

static int
build_timeline(const struct sv_scenario *sc, struct run *r,
    struct sv_packet_list *pk, uint64_t dropped, int isolated,
    uint32_t linktype, struct sv_timeline **tlp, char *errbuf, size_t errlen)
{
	struct sv_timeline *tl = sv_timeline_new();
	if (tl == NULL)
		goto oom;
	const char *base = strrchr(sc->name, '/');
	base = base ? base + 1 : sc->name;
	if ((tl->scenario = strdup(base)) == NULL ||
	    (sc->title && (tl->title = strdup(sc->title)) == NULL) ||
	    (sc->summary && (tl->summary = strdup(sc->summary)) == NULL) ||
	    (sc->intro && (tl->intro = strdup(sc->intro)) == NULL) ||
	    (sc->source && (tl->source = strdup(sc->source)) == NULL))
		goto oom;
	for (int k = 0; k < sc->n_actors; k++) {
		if (sv_timeline_add_lane(tl, sc->actors[k], 0) < 0)
			goto oom;
		tl->lanes[k].pid = (int)r->actors[k].pid;
	}
	tl->isolated = isolated;
	tl->dropped = dropped;
	tl->linktype = linktype;
	/* The packets first: which are the run's own is told by its calls,
	 * which move into the timeline below. */
	for (size_t i = 0; i < pk->n; i++) {
		if (!isolated && !ours(r, &pk->v[i]))
			continue;
		if (sv_timeline_add_packet(tl, &pk->v[i]) < 0)
			goto oom;
		tl->packets++;
	}
	for (int i = 0; i < sc->n_steps; i++) {
		if (!r->done[i])
			continue;
		struct sv_event *ev = sv_timeline_append(tl, SV_EV_CALL);
		if (ev == NULL)
			goto oom;
		ev->u.call = r->calls[i];
		memset(&r->calls[i], 0, sizeof(r->calls[i]));
		ev->t = ev->u.call.t_begin;
		const struct sv_step *st = &sc->steps[i];
		if ((st->note && (ev->u.call.note = strdup(st->note)) == NULL) ||
		    (st->expect_text && (ev->u.call.expect =
		    strdup(st->expect_text)) == NULL))
			goto oom;
	}
	if (sv_correlate(tl, errbuf, errlen) < 0) {
		sv_timeline_free(tl);
		return -1;
	}
	*tlp = tl;
	return 0;
oom:
	sv_timeline_free(tl);
	snprintf(errbuf, errlen, "out of memory building the timeline");
	return -1;
}

/* Fork and attach every actor; 0 or -1 with errbuf. */
static int
start_actors(struct run *r)
{
	for (int k = 0; k < r->sc->n_actors; k++) {
		struct actor *a = &r->actors[k];
		a->cur = -1;
		a->pidfd = -1;
		if ((a->plan = sv_actor_new(r->sc, k)) == NULL) {
			snprintf(r->errbuf, r->errlen, "out of memory");
			return -1;
		}
		if (r->syslog != NULL)
			fflush(r->syslog);
		a->pid = sv_actor_start(a->plan);
		if (a->pid < 0) {
			snprintf(r->errbuf, r->errlen, "fork: %s",
			    strerror(errno));
			return -1;
		}
		if (sv_rec_attach(a->pid, r->errbuf, r->errlen) < 0) {
			kill(a->pid, SIGKILL);
			waitpid(a->pid, NULL, __WALL);
			a->pid = 0;
			return -1;
		}
		a->pidfd = (int)syscall(SYS_pidfd_open, a->pid, 0);
		if (a->pidfd < 0) {
			snprintf(r->errbuf, r->errlen, "pidfd_open: %s (Linux"
			    " 5.6 or later is needed)", strerror(errno));
			return -1;
		}
		a->state = A_RUNNING;
	}
	return 0;
}

struct sv_teardown {
	struct sv_live *lv;
	pid_t *pids;             /* killed, not yet reaped */
	int n;
};

void
sv_teardown_finish(struct sv_teardown *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < t->n; i++)
		while (waitpid(t->pids[i], NULL, __WALL) < 0 && errno == EINTR)
			;
	sv_live_free(t->lv);
	free(t->pids);
	free(t);
}

/* End every actor and wait until each is gone; with td, leave the
 * waiting to it. */
static void
end_actors(struct run *r, struct sv_teardown *td)
{
	if (r->actors == NULL)
		return;
	for (int k = 0; k < r->sc->n_actors; k++) {
		struct actor *a = &r->actors[k];
		if (a->pid > 0 && a->state != A_DEAD) {
			kill(a->pid, SIGKILL);
			if (td != NULL)
				td->pids[td->n++] = a->pid;
			while (td == NULL && waitpid(a->pid, NULL, __WALL) < 0 &&
			    errno == EINTR)
				;
			a->state = A_DEAD;
		}
		if (a->pidfd >= 0)
			close(a->pidfd);
		a->pidfd = -1;
		sv_actor_free(a->plan);
		a->plan = NULL;
	}
}

int
sv_run(const struct sv_scenario *sc, const struct sv_run_opts *o,
    struct sv_timeline **tlp, char *errbuf, size_t errlen)
{
	char why[1024];
	struct run r;
	struct sv_live *lv = NULL;
	struct sv_packet_list pk = { 0 };
	uint64_t dropped = 0;
	int status = SV_EXIT_ENV;
	struct sv_timeline *finals = NULL;
	sigset_t chld, old;

	*tlp = NULL;
	errbuf[0] = '\0';
	if (o->teardown != NULL)
		*o->teardown = NULL;
	memset(&r, 0, sizeof(r));
	r.sc = sc;
	r.sfd = -1;
	r.errbuf = errbuf;
	r.errlen = errlen;
	r.deadline_ms = o->deadline_ms > 0 ? o->deadline_ms :
	    DEFAULT_DEADLINE_MS;

	if (!o->host && sv_netns_enter(errbuf, errlen) < 0)
		return SV_EXIT_ENV;

	char *filter = NULL;
	if (o->host) {
		int hs = host_check(sc, errbuf, errlen);
		if (hs != SV_EXIT_OK)
			return hs;
		if ((filter = host_filter(sc)) == NULL) {
			snprintf(errbuf, errlen, "out of memory");
			return SV_EXIT_ENV;
		}
	}
	enum sv_live_err le;
	lv = sv_live_open("lo", filter, &le, why, sizeof(why));
	free(filter);
	if (lv == NULL) {
		snprintf(errbuf, errlen, "%s%s", why, le == SV_LIVE_REFUSED &&
		    o->host ? " (--host needs CAP_NET_RAW: run as root, or"
		    " drop --host to capture in a private namespace)" : "");
		return SV_EXIT_ENV;
	}

	/* Every thread, the capture's too, leaves SIGCHLD to the signalfd. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	pthread_sigmask(SIG_BLOCK, &chld, &old);
	r.sfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
	r.actors = calloc((size_t)sc->n_actors, sizeof(*r.actors));
	r.calls = calloc((size_t)sc->n_steps, sizeof(*r.calls));
	r.done = calloc((size_t)sc->n_steps, sizeof(*r.done));
	if (r.sfd < 0 || r.actors == NULL || r.calls == NULL ||
	    r.done == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		goto out;
	}
	const char *logpath = getenv("SOCKVIZ_SYSCALL_LOG");
	if (logpath != NULL && *logpath != '\0' &&
	    (r.syslog = fopen(logpath, "we")) == NULL) {
		snprintf(errbuf, errlen, "%s: %s", logpath, strerror(errno));
		status = SV_EXIT_USAGE;
		goto out;
	}
	if (start_actors(&r) < 0)
		goto out;
	if (sv_live_start(lv, 5000, why, sizeof(why)) < 0) {
		snprintf(errbuf, errlen, "capture did not start: %s", why);
		goto out;
	}
	conduct(&r);
	if (r.broken)
		goto out;
	/* Asked before the actors end, which would change what the kernel
	 * holds. */
	finals = sv_timeline_new();
	if (finals == NULL || final_states(&r, finals) < 0) {
		snprintf(errbuf, errlen, "out of memory");
		goto out;
	}
	if (sv_live_finish(lv, 5000, &pk, &dropped, why, sizeof(why)) < 0) {
		snprintf(errbuf, errlen, "capture did not finish: %s", why);
		goto out;
	}
	/* The capture is whole: what is left is teardown, which waits
	 * until the timeline is out when the caller takes it. */
	struct sv_teardown *td = o->teardown ? calloc(1, sizeof(*td)) : NULL;
	if (td != NULL && (td->pids = calloc((size_t)sc->n_actors,
	    sizeof(pid_t))) == NULL) {
		free(td);
		td = NULL;
	}
	end_actors(&r, td);
	uint32_t linktype = sv_live_linktype(lv);
	if (td != NULL) {
		td->lv = lv;
		lv = NULL;
		*o->teardown = td;
	}

	if (build_timeline(sc, &r, &pk, dropped, !o->host, linktype, tlp,
	    errbuf + strlen(errbuf), errlen - strlen(errbuf)) < 0)
		goto out;
	(*tlp)->finals = finals->finals;
	(*tlp)->n_finals = finals->n_finals;
	finals->finals = NULL;

	status = r.failed ? SV_EXIT_EXPECT : SV_EXIT_OK;
	for (size_t i = 0; i < (*tlp)->n; i++) {
		struct sv_event *ev = &(*tlp)->ev[i];
		if (ev->type != SV_EV_CALL)
			continue;
		const struct sv_step *st = &sc->steps[ev->u.call.step - 1];
		if (sv_check_expect(st, *tlp, &ev->u.call) < 0) {
			char w[256];
			errf(&r, "%s: %s\n", where(sc, st, w, sizeof(w)),
			    ev->u.call.failure);
			status = SV_EXIT_EXPECT;
		}
	}
	if (dropped > 0) {
		errf(&r, "the capture lost %llu packets: this timeline is"
		    " incomplete\n", (unsigned long long)dropped);
		status = SV_EXIT_ENV;
	}
out:
	end_actors(&r, NULL);
	if (r.syslog != NULL)
		fclose(r.syslog);
	sv_timeline_free(finals);
	sv_live_free(lv);
	sv_packet_list_free(&pk);
	if (r.calls != NULL)
		for (int i = 0; i < sc->n_steps; i++)
			sv_call_clear(&r.calls[i]);
	free(r.calls);
	free(r.done);
	free(r.actors);
	if (r.sfd >= 0)
		close(r.sfd);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return status;
}

void
sv_errf(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	if (used + 1 >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}
