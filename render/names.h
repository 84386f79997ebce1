/* Names of kernel values as a lecturer writes them. */
#ifndef SOCKVIZ_RENDER_NAMES_H
#define SOCKVIZ_RENDER_NAMES_H

#include <stddef.h>

/* "ESTABLISHED", "TIME_WAIT"...; "?" for -1 or an unknown value. */
const char *sv_tcp_state_name(int state);

/* "ECONNREFUSED"; a decimal number for a value without a name. */
const char *sv_errno_name(int err, char *buf, size_t size);

/* The errno value of a name such as "ECONNREFUSED", or -1. */
int sv_errno_value(const char *name);

#endif
