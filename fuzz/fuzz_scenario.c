/*
 * libFuzzer target: the scenario parser (drive/scenario_parse.c) on
 * arbitrary bytes.
 *
 * Besides crashes, leaks and hangs, it checks what the parser promises:
 * an error always begins with "name:LINE:COL: ", and a scenario that
 * parses is one the rest of sockviz can walk without checking again
 * (actor indexes in range, at most SV_MAX_EXPECT packets, strings
 * NUL-terminated, iov pieces that add up, poll sockets that exist, a
 * socket type of SOCK_STREAM or SOCK_DGRAM under its flags). A broken
 * promise aborts, so libFuzzer keeps the input.
 *
 * Seeds: the .sv files of samples/ and tests/scenarios/good and bad.
 */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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

/* The fields of the calls that have them. */
static void
check_call_fields(const struct sv_step *st)
{
	char buf[32];
	size_t sum = 0;
	switch (st->fn) {
	case SV_FN_SOCKET: {
		int base = st->type & SV_SOCK_TYPE_MASK;
		if (base != SOCK_STREAM && base != SOCK_DGRAM)
			broken("socket type is neither stream nor datagram",
			    NULL);
		if ((st->type & ~(SV_SOCK_TYPE_MASK | SOCK_NONBLOCK |
		    SOCK_CLOEXEC)) != 0)
			broken("socket type carries an unknown flag", NULL);
		break;
	}
	case SV_FN_SENDMSG:
		if (st->n_iov < 1 || st->n_iov > SV_MAX_IOV)
			broken("sendmsg() iov count out of range", NULL);
		for (int i = 0; i < st->n_iov; i++)
			sum += st->iov_len[i];
		if (st->data == NULL || sum != st->data_len)
			broken("sendmsg() pieces do not add up to its data",
			    NULL);
		if (st->addr_null + (st->addr_ref != NULL) +
		    (st->addr.family != 0) != 1)
			broken("sendmsg() has not exactly one of no address,"
			    " a variable, an address", NULL);
		break;
	case SV_FN_RECVMSG:
		if (st->n_iov < 1 || st->n_iov > SV_MAX_IOV)
			broken("recvmsg() iov count out of range", NULL);
		for (int i = 0; i < st->n_iov; i++) {
			if (st->iov_len[i] == 0)
				broken("recvmsg() buffer of 0 bytes", NULL);
			sum += st->iov_len[i];
		}
		if (sum != st->buflen)
			broken("recvmsg() buffers do not add up to buflen",
			    NULL);
		break;
	case SV_FN_POLL:
		if (st->n_pfd < 1 || st->n_pfd > SV_MAX_POLL)
			broken("poll() socket count out of range", NULL);
		for (int i = 0; i < st->n_pfd; i++)
			if (st->pfd[i].sock == NULL)
				broken("poll() entry without a socket", NULL);
		if (strcmp(st->sock, st->pfd[0].sock) != 0)
			broken("poll()'s socket is not its first", NULL);
		if (st->timeout_ms < -1)
			broken("poll() timeout below -1", NULL);
		break;
	case SV_FN_FCNTL:
		if (st->fcntl_cmd != F_GETFL && st->fcntl_cmd != F_SETFL)
			broken("fcntl() command neither F_GETFL nor F_SETFL",
			    NULL);
		if (st->fcntl_cmd == F_GETFL && st->fcntl_arg != 0)
			broken("fcntl(F_GETFL) with flags", NULL);
		break;
	case SV_FN_BIND:
	case SV_FN_LISTEN:
	case SV_FN_ACCEPT:
	case SV_FN_CONNECT:
	case SV_FN_SEND:
	case SV_FN_SENDTO:
	case SV_FN_RECV:
	case SV_FN_RECVFROM:
	case SV_FN_WRITE:
	case SV_FN_READ:
	case SV_FN_SHUTDOWN:
	case SV_FN_CLOSE:
	case SV_FN_SETSOCKOPT:
	case SV_FN_GETSOCKNAME:
	case SV_FN_GETPEERNAME:
		break;
	default:
		/* Only traced programs make the others. */
		if (sv_fn_is(st->fn, SV_CALL_TRACED))
			broken("a scenario step makes a traced program's call",
			    NULL);
		break;
	}
	if (st->fn != SV_FN_POLL && st->n_pfd != 0)
		broken("poll sockets on a call that is not poll()", NULL);
	if (st->expect_data != NULL && st->expect_data_len > st->buflen)
		broken("expected data larger than the buffer", NULL);
	if (st->addr_out != NULL)
		(void)strlen(st->addr_out);
	if (st->addr_ref != NULL)
		(void)strlen(st->addr_ref);
	if (st->expect_signal != 0)
		(void)strlen(sv_signal_name(st->expect_signal, buf,
		    sizeof(buf)));
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
		check_call_fields(st);
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
