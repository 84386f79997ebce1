/*
 * A socket call as the kernel saw it: the C-like text of the call with the
 * arguments as they were passed (read from the stopped process's
 * registers and memory, never from the scenario), its return and errno,
 * the bytes it sent or received and the address it returned.
 */
#ifndef SOCKVIZ_DRIVE_CALLREC_H
#define SOCKVIZ_DRIVE_CALLREC_H

#include <stdint.h>
#include <sys/types.h>

#include "render/timeline.h"

/*
 * pid stopped at the entry of call fn with arguments a: set c->fn,
 * c->text and, for a call that sends, c->data (what it hands the kernel).
 * addr_name names the address buffer the call is passed ("peer" for
 * &peer), or NULL. 0, or -1 when out of memory.
 */
int sv_callrec_enter(pid_t pid, enum sv_fn fn, const uint64_t a[6],
    const char *addr_name, struct sv_call *c);

/*
 * The call returned rval (-errno on failure), pid stopped on its way out:
 * set c->ret and c->err, c->data for what it received (or cut what it
 * sent to what was taken), c->addr for the address it returned, and
 * c->addr_asked. 0, or -1 when out of memory.
 */
int sv_callrec_exit(pid_t pid, enum sv_fn fn, const uint64_t a[6],
    int64_t rval, const char *addr_name, struct sv_call *c);

#endif
