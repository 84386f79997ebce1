/*
 * `sockviz trace`: run unmodified programs in the private namespace,
 * record their socket calls from outside (drive/recorder.c) and capture
 * their packets, then correlate them exactly as for a scenario
 * (docs/design.md, "Tracing a program").
 */
#ifndef SOCKVIZ_DRIVE_TRACE_H
#define SOCKVIZ_DRIVE_TRACE_H

#include <stddef.h>

#include "render/timeline.h"

/* One program: an actor called name, running argv (argv[0] is looked up
 * in PATH as a shell would). */
struct sv_trace_prog {
	const char *name;
	char **argv;
};

struct sv_trace_opts {
	const struct sv_trace_prog *progs;
	int n_progs;
	int deadline_ms;         /* 0: the default */
	const char *title;       /* the command line, for the timeline */
};

/*
 * Trace the programs, started in order: each once the one before it is
 * asleep in a call that waits for input, or has exited. Must be called
 * while the process has a single thread (it enters a namespace). Returns
 * an exit status (drive/run.h); *tlp receives the timeline whenever the
 * programs ran; errbuf holds what went wrong, one line each.
 */
int sv_trace(const struct sv_trace_opts *o, struct sv_timeline **tlp,
    char *errbuf, size_t errlen);

#endif
