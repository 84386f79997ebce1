/*
 * libFuzzer target: the scenario parser (drive/scenario_parse.c) on
 * arbitrary bytes.
 *
 * Besides crashes, leaks and hangs, it checks what the parser promises:
 * an error always begins with "name:LINE:COL: ", and a scenario that
 * parses is one the rest of sockviz can walk without checking again
 * (actor indexes in range, at most SV_MAX_EXPECT packets, strings
 * NUL-terminated). A broken promise aborts, so libFuzzer keeps the input.
 *
 * Seeds: the .sv files of samples/ and tests/scenarios/good and bad.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drive/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "fuzz.sv"

static void
broken(const char *what, const char *err)
{
	fprintf(stderr, "fuzz_scenario: %s\n  message: %s\n", what,
	    err != NULL ? err : "(none)");
	abort();
}

/* "fuzz.sv:LINE:COL: " with LINE and COL from 1. */
static void
check_error(const char *err)
{
	size_t n = strlen(NAME);
	if (strncmp(err, NAME ":", n + 1) != 0)
		broken("error does not begin with the name", err);
	const char *s = err + n + 1;
	for (int field = 0; field < 2; field++) {
		long v = 0;
		const char *d = s;
		while (*s >= '0' && *s <= '9' && v < 1000000000L)
			v = v * 10 + (*s++ - '0');
		if (s == d || v < 1 || *s != ':')
			broken("error does not name a line and a column", err);
		s++;
	}
	if (*s != ' ' || s[1] == '\0')
		broken("error has no message after the position", err);
}

static void
check_scenario(const struct sv_scenario *sc)
{
	char buf[512];
	if (sc->n_steps < 1)
		broken("a scenario without steps parsed", NULL);
	if (sc->n_actors < 1 || sc->actors == NULL)
		broken("a scenario without actors parsed", NULL);
	for (int i = 0; i < sc->n_actors; i++)
		(void)strlen(sc->actors[i]);
	for (int i = 0; i < sc->n_steps; i++) {
		const struct sv_step *st = &sc->steps[i];
		if (st->actor < 0 || st->actor >= sc->n_actors)
			broken("step actor out of range", NULL);
		if (st->n_expect < 0 || st->n_expect > SV_MAX_EXPECT)
			broken("expectation count out of range", NULL);
		if (st->line < 1 || st->col < 1)
			broken("step without a position", NULL);
		if (st->fn != SV_FN_SOCKET && st->sock == NULL)
			broken("call on no socket", NULL);
		if (st->data != NULL && st->data[st->data_len] != '\0')
			broken("payload not NUL-terminated", NULL);
		if (st->expect_data != NULL &&
		    st->expect_data[st->expect_data_len] != '\0')
			broken("expected data not NUL-terminated", NULL);
		(void)sv_fn_name(st->fn);
		sv_expect_str(st, buf, sizeof(buf));
		sv_expect_str(st, buf, 5);
		if (st->note != NULL)
			(void)strlen(st->note);
		if (st->expect_text != NULL)
			(void)strlen(st->expect_text);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];
	/* libFuzzer hands us a heap copy of exactly size bytes, so ASan
	 * reports any read past data[size). */
	err[0] = '\0';
	struct sv_scenario *sc = sv_scenario_parse(NAME, (const char *)data,
	    size, err, sizeof(err));
	if (sc == NULL)
		check_error(err);
	else
		check_scenario(sc);
	sv_scenario_free(sc);
	return 0;
}
