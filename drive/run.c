/*
 * The run.
 *
 * Threads: the main thread is the conductor. It starts the capture thread
 * (capture/live.c) and one thread per actor, then hands the steps out one
 * at a time. Each actor thread waits for a step, makes the call, records
 * it into its slot of `calls`, and waits again.
 *
 * One mutex, run.mu, guards every actor's `step`, `busy`, `quit` and
 * `seen_blocked`, and the `calls` slots while a call is in flight; run.cv
 * (on CLOCK_MONOTONIC) is broadcast on every change. `in_call` is atomic
 * and read without the lock: the conductor only uses it to decide when to
 * look at /proc.
 *
 * Ordering: a step starts when the step before it has returned, or when
 * its actor is known to be asleep in the kernel inside the call (an
 * accept() waiting for a connection). Linux says which: the file
 * /proc/self/task/TID/syscall reads "running" while a thread runs and
 * the number of the system call it sleeps in once it sleeps.
 */
#include "drive/run.h"

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "capture/live.h"
#include "drive/calls.h"
#include "drive/netns.h"
#include "drive/sockdiag.h"
#include "render/names.h"

#define DEFAULT_DEADLINE_MS 2000
/* How often the conductor looks whether a call has gone to sleep. */
#define LOOK_EVERY_NS 100000

struct run;

struct actor {
	struct run *run;
	int idx;
	pthread_t thread;
	int started;
	pid_t tid;                   /* written before `ready`, then fixed */
	atomic_int in_call;
	struct sv_socks socks;       /* the actor thread's own */
	/* guarded by run->mu */
	const struct sv_step *step;
	int step_no;
	int busy;
	int quit;
	int ready;
	int seen_blocked;
	int oom;
};

struct run {
	const struct sv_scenario *sc;
	int deadline_ms;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct actor *actors;
	struct sv_call *calls;       /* one per step */
	int *done;                   /* per step, guarded by mu */
};

/* Now plus ns on CLOCK_MONOTONIC, the clock of every wait here. */
static void
deadline_ns(struct timespec *ts, long long ns)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ns += ts->tv_nsec;
	ts->tv_sec += (time_t)(ns / 1000000000LL);
	ts->tv_nsec = (long)(ns % 1000000000LL);
}

static void
deadline_in(struct timespec *ts, long ms)
{
	deadline_ns(ts, ms * 1000000LL);
}

static int
passed(const struct timespec *dl)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > dl->tv_sec ||
	    (now.tv_sec == dl->tv_sec && now.tv_nsec >= dl->tv_nsec);
}

static void *
actor_main(void *arg)
{
	struct actor *a = arg;
	struct run *r = a->run;

	pthread_mutex_lock(&r->mu);
	a->tid = (pid_t)syscall(SYS_gettid);
	a->ready = 1;
	pthread_cond_broadcast(&r->cv);
	for (;;) {
		while (a->step == NULL && !a->quit)
			pthread_cond_wait(&r->cv, &r->mu);
		if (a->step == NULL)
			break;
		const struct sv_step *st = a->step;
		int no = a->step_no;
		pthread_mutex_unlock(&r->mu);

		struct sv_call c;
		int oom = sv_call_exec(&a->socks, st, r->deadline_ms,
		    &a->in_call, &c) < 0;

		pthread_mutex_lock(&r->mu);
		c.actor = a->idx;
		c.step = no + 1;
		c.line = st->line;
		c.blocked = a->seen_blocked;
		r->calls[no] = c;
		r->done[no] = 1;
		a->oom |= oom;
		a->step = NULL;
		a->busy = 0;
		pthread_cond_broadcast(&r->cv);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* Is the thread asleep in one of these system calls? */
static int
asleep_in(pid_t tid, const long *nrs)
{
	char path[64], buf[64];
	snprintf(path, sizeof(path), "/proc/self/task/%d/syscall", (int)tid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = '\0';
	if (buf[0] < '0' || buf[0] > '9')
		return 0;    /* "running" */
	long nr = strtol(buf, NULL, 10);
	for (; *nrs != 0; nrs++)
		if (*nrs == nr)
			return 1;
	return 0;
}

static void
errf(char *errbuf, size_t errlen, const char *fmt, ...)
{
	size_t used = strlen(errbuf);
	if (used >= errlen - 1)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(errbuf + used, errlen - used, fmt, ap);
	va_end(ap);
}

static const char *
where(const struct sv_scenario *sc, const struct sv_step *st, char *b,
    size_t n)
{
	snprintf(b, n, "%s:%d: step %d, %s %s()", sc->name, st->line,
	    (int)(st - sc->steps) + 1, sc->actors[st->actor],
	    sv_fn_name(st->fn));
	return b;
}

/* Hand out every step; returns 0 or -1 with errbuf set. Called with mu. */
static int
conduct(struct run *r, char *errbuf, size_t errlen)
{
	const struct sv_scenario *sc = r->sc;
	char w[256];
	/* A step waits for its actor's previous call, then for itself. */
	long limit = r->deadline_ms + 1000;

	for (int i = 0; i < sc->n_steps; i++) {
		const struct sv_step *st = &sc->steps[i];
		struct actor *a = &r->actors[st->actor];
		struct timespec dl;
		deadline_in(&dl, limit);
		while (a->busy) {
			if (pthread_cond_timedwait(&r->cv, &r->mu, &dl) ==
			    ETIMEDOUT) {
				const struct sv_step *prev = a->step;
				errf(errbuf, errlen, "%s: cannot start: %s is"
				    " still inside %s() from line %d after"
				    " %ld ms\n", where(sc, st, w, sizeof(w)),
				    sc->actors[st->actor],
				    sv_fn_name(prev->fn), prev->line, limit);
				return -1;
			}
		}
		a->step = st;
		a->step_no = i;
		a->busy = 1;
		a->seen_blocked = 0;
		pthread_cond_broadcast(&r->cv);

		const long *sleeps = sv_call_sleeps_in(st->fn);
		deadline_in(&dl, limit);
		while (!r->done[i]) {
			if (sleeps[0] != 0 && atomic_load(&a->in_call) &&
			    asleep_in(a->tid, sleeps)) {
				a->seen_blocked = 1;
				break;
			}
			if (passed(&dl)) {
				errf(errbuf, errlen, "%s: did not return"
				    " within %ld ms\n",
				    where(sc, st, w, sizeof(w)), limit);
				return -1;
			}
			/* Woken at once when the call returns; otherwise
			 * look again whether it has gone to sleep. */
			struct timespec look;
			deadline_ns(&look, LOOK_EVERY_NS);
			pthread_cond_timedwait(&r->cv, &r->mu, &look);
		}
	}
	/* Calls still asleep must return before the capture ends. */
	for (int k = 0; k < sc->n_actors; k++) {
		struct actor *a = &r->actors[k];
		struct timespec dl;
		deadline_in(&dl, limit);
		while (a->busy) {
			if (pthread_cond_timedwait(&r->cv, &r->mu, &dl) ==
			    ETIMEDOUT) {
				errf(errbuf, errlen, "%s: still blocked at the"
				    " end of the scenario after %ld ms\n",
				    where(sc, a->step, w, sizeof(w)), limit);
				return -1;
			}
		}
	}
	return 0;
}

/* The host-mode filter: the ports the scenario names, and ICMP errors
 * that quote them. */
static void
host_filter(const struct sv_scenario *sc, char *buf, size_t size)
{
	size_t j = 0;
	int any = 0;
	buf[0] = '\0';
	for (int i = 0; i < sc->n_steps; i++) {
		const struct sv_step *st = &sc->steps[i];
		if (st->addr.family == 0 || st->addr.port == 0)
			continue;
		int n = snprintf(buf + j, size - j, "%sport %u or"
		    " (icmp and icmp[30:2] = %u) or (icmp6 and ip6[90:2] = %u)",
		    any ? " or " : "", st->addr.port, st->addr.port,
		    st->addr.port);
		if (n < 0 || (size_t)n >= size - j)
			break;
		j += (size_t)n;
		any = 1;
	}
	if (!any)
		snprintf(buf, size, "less 0");
}

/* Every TCP connection the calls touched, as the kernel holds it now. */
static int
final_states(const struct run *r, struct sv_timeline *tl)
{
	static const uint8_t zero[16];
	for (int i = 0; i < r->sc->n_steps; i++) {
		const struct sv_call *c = &r->calls[i];
		if (!r->done[i] || c->sock_type != SOCK_STREAM ||
		    c->conn_local.port == 0 || c->conn_peer.port == 0 ||
		    memcmp(c->conn_local.addr, zero, 16) == 0)
			continue;
		int seen = 0;
		for (int k = 0; k < tl->n_finals && !seen; k++)
			seen = sv_endpoint_eq(&tl->finals[k].local,
			    &c->conn_local) && sv_endpoint_eq(
			    &tl->finals[k].peer, &c->conn_peer);
		if (seen)
			continue;
		int st = sv_sockdiag_tcp_state(&c->conn_local, &c->conn_peer);
		if (st < 0)
			continue;
		if (sv_timeline_add_final(tl, c->actor, &c->conn_local,
		    &c->conn_peer, st) < 0)
			return -1;
	}
	return 0;
}

static void
stop_actors(struct run *r)
{
	pthread_mutex_lock(&r->mu);
	for (int k = 0; k < r->sc->n_actors; k++)
		r->actors[k].quit = 1;
	pthread_cond_broadcast(&r->cv);
	pthread_mutex_unlock(&r->mu);
	for (int k = 0; k < r->sc->n_actors; k++)
		if (r->actors[k].started) {
			pthread_join(r->actors[k].thread, NULL);
			r->actors[k].started = 0;
		}
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
	for (int k = 0; k < sc->n_actors; k++)
		if (sv_timeline_add_lane(tl, sc->actors[k], 0) < 0)
			goto oom;
	tl->isolated = isolated;
	tl->dropped = dropped;
	tl->linktype = linktype;
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
	for (size_t i = 0; i < pk->n; i++)
		if (sv_timeline_add_packet(tl, &pk->v[i]) < 0)
			goto oom;
	tl->packets = pk->n;
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

	*tlp = NULL;
	errbuf[0] = '\0';
	memset(&r, 0, sizeof(r));
	r.sc = sc;
	r.deadline_ms = o->deadline_ms > 0 ? o->deadline_ms :
	    DEFAULT_DEADLINE_MS;

	if (!o->host && sv_netns_enter(errbuf, errlen) < 0)
		return SV_EXIT_ENV;

	char filter[4096];
	if (o->host)
		host_filter(sc, filter, sizeof(filter));
	enum sv_live_err le;
	lv = sv_live_open("lo", o->host ? filter : NULL, &le, why, sizeof(why));
	if (lv == NULL) {
		snprintf(errbuf, errlen, "%s%s", why, le == SV_LIVE_REFUSED &&
		    o->host ? " (--host needs CAP_NET_RAW: run as root, or"
		    " drop --host to capture in a private namespace)" : "");
		return SV_EXIT_ENV;
	}

	pthread_mutex_init(&r.mu, NULL);
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&r.cv, &ca);
	pthread_condattr_destroy(&ca);
	r.actors = calloc((size_t)sc->n_actors, sizeof(*r.actors));
	r.calls = calloc((size_t)sc->n_steps, sizeof(*r.calls));
	r.done = calloc((size_t)sc->n_steps, sizeof(*r.done));
	if (r.actors == NULL || r.calls == NULL || r.done == NULL) {
		snprintf(errbuf, errlen, "out of memory");
		goto out;
	}

	if (sv_live_start(lv, 5000, why, sizeof(why)) < 0) {
		snprintf(errbuf, errlen, "capture did not start: %s", why);
		goto out;
	}
	for (int k = 0; k < sc->n_actors; k++) {
		struct actor *a = &r.actors[k];
		a->run = &r;
		a->idx = k;
		int e = pthread_create(&a->thread, NULL, actor_main, a);
		if (e != 0) {
			snprintf(errbuf, errlen, "actor thread: %s",
			    strerror(e));
			goto out;
		}
		a->started = 1;
	}
	pthread_mutex_lock(&r.mu);
	for (int k = 0; k < sc->n_actors; k++)
		while (!r.actors[k].ready)
			pthread_cond_wait(&r.cv, &r.mu);
	int cr = conduct(&r, errbuf, errlen);
	pthread_mutex_unlock(&r.mu);
	/* Asked before any leftover socket is closed, which would change
	 * what the kernel holds. */
	finals = sv_timeline_new();
	if (finals == NULL || (cr == 0 && final_states(&r, finals) < 0)) {
		snprintf(errbuf, errlen, "out of memory");
		goto out;
	}

	if (sv_live_finish(lv, 5000, &pk, &dropped, why, sizeof(why)) < 0) {
		snprintf(errbuf, errlen, "capture did not finish: %s", why);
		if (cr == 0)
			goto out;
	}
	if (cr < 0) {
		/* A step hung: nothing ended it; the timeline would lie. */
		status = SV_EXIT_EXPECT;
		goto out;
	}
	stop_actors(&r);
	for (int k = 0; k < sc->n_actors; k++)
		sv_socks_close_all(&r.actors[k].socks);
	for (int k = 0; k < sc->n_actors; k++)
		if (r.actors[k].oom) {
			snprintf(errbuf, errlen, "out of memory");
			goto out;
		}

	if (build_timeline(sc, &r, &pk, dropped, !o->host,
	    sv_live_linktype(lv), tlp, errbuf, errlen) < 0)
		goto out;
	(*tlp)->finals = finals->finals;
	(*tlp)->n_finals = finals->n_finals;
	finals->finals = NULL;

	status = SV_EXIT_OK;
	for (size_t i = 0; i < (*tlp)->n; i++) {
		struct sv_event *ev = &(*tlp)->ev[i];
		if (ev->type != SV_EV_CALL)
			continue;
		const struct sv_step *st = &sc->steps[ev->u.call.step - 1];
		if (sv_check_expect(st, *tlp, &ev->u.call) < 0) {
			char w[256];
			errf(errbuf, errlen, "%s: %s\n", where(sc, st, w,
			    sizeof(w)), ev->u.call.failure);
			status = SV_EXIT_EXPECT;
		}
	}
	if (dropped > 0) {
		errf(errbuf, errlen, "the capture lost %llu packets: this"
		    " timeline is incomplete\n", (unsigned long long)dropped);
		status = SV_EXIT_ENV;
	}
out:
	/* An actor still inside a call returns by its socket deadline. */
	if (r.actors != NULL) {
		stop_actors(&r);
		for (int k = 0; k < sc->n_actors; k++)
			sv_socks_close_all(&r.actors[k].socks);
	}
	sv_timeline_free(finals);
	sv_live_free(lv);
	sv_packet_list_free(&pk);
	if (r.calls != NULL)
		for (int i = 0; i < sc->n_steps; i++)
			sv_call_clear(&r.calls[i]);
	free(r.calls);
	free(r.done);
	free(r.actors);
	pthread_mutex_destroy(&r.mu);
	pthread_cond_destroy(&r.cv);
	return status;
}
