#include "drive/samples.h"

#include <string.h>

const struct sv_sample *
sv_sample_find(const char *name)
{
	for (size_t i = 0; i < sv_samples_count; i++)
		if (strcmp(sv_samples[i].name, name) == 0)
			return &sv_samples[i];
	return NULL;
}
