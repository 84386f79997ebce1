/* The built-in scenarios: the .sv files of samples/, embedded at build time. */
#ifndef SOCKVIZ_DRIVE_SAMPLES_H
#define SOCKVIZ_DRIVE_SAMPLES_H

#include <stddef.h>

struct sv_sample {
	const char *name;        /* file name without ".sv" */
	const char *text;        /* NUL-terminated */
	size_t len;
};

extern const struct sv_sample sv_samples[];
extern const size_t sv_samples_count;

/* The sample of that name, or NULL. */
const struct sv_sample *sv_sample_find(const char *name);

#endif
