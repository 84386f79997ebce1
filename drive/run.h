/*
 * A run: isolate, start the capture, play the scenario's steps through
 * the actors, stop the capture, correlate, and check the expectations.
 */
#ifndef SOCKVIZ_DRIVE_RUN_H
#define SOCKVIZ_DRIVE_RUN_H

#include <stddef.h>

#include "drive/scenario.h"
#include "render/timeline.h"

/* Exit statuses, as docs/design.md names them. */
enum {
	SV_EXIT_OK = 0,
	SV_EXIT_EXPECT = 1,      /* an expectation did not hold */
	SV_EXIT_USAGE = 2,       /* bad usage or bad input */
	SV_EXIT_ENV = 3,         /* the environment refused */
};

/* What is left to undo once a run's timeline is drawn: closing the
 * capture (the kernel waits for an RCU grace period, about 20 ms) and
 * reaping the actors. The user waits for the timeline, not for these. */
struct sv_teardown;

struct sv_run_opts {
	int host;                /* capture on the host's lo, no namespace */
	int deadline_ms;         /* for every blocking call; 0: default */
	struct sv_teardown **teardown;  /* when set, the run leaves its
				  * teardown here (or NULL) for
				  * sv_teardown_finish(), after the output */
};

/* Close the capture and reap the actors a run left; t may be NULL. */
void sv_teardown_finish(struct sv_teardown *t);

/*
 * Run sc. Must be called while the process has a single thread: it enters
 * a new namespace first. Returns an exit status. *tlp receives the
 * timeline whenever the run got as far as capturing (also when an
 * expectation failed, so the failure can be drawn); errbuf then holds the
 * failures, one per line.
 */
int sv_run(const struct sv_scenario *sc, const struct sv_run_opts *o,
    struct sv_timeline **tlp, char *errbuf, size_t errlen);

/* Append a line to the error text in buf (len bytes in all), cut to fit. */
void sv_errf(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Compare the call with the expectations of its step. Returns 0 when they
 * hold, else -1 with call->failure set. Packets are looked up in tl.
 */
int sv_check_expect(const struct sv_step *st, const struct sv_timeline *tl,
    struct sv_call *call);

#endif
