/*
 * Unit tests of the timeline text that travels in a pcapng section
 * comment (render/timeline_io.c): it decodes what it encoded, it keeps to
 * the length it is given, and a damaged text is refused naming its line.
 *
 * Every text is decoded from a heap copy of exactly its length, without a
 * NUL after it, so AddressSanitizer reports a read even one byte past
 * the end: sv_timeline_decode() takes (text, len), as every decoder here
 * does (/work/shared/STYLE.md, "Every entry point takes a buffer").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "render/calls.h"
#include "render/timeline.h"
#include "render/timeline_io.h"

#define HEADER "sockviz-timeline 1\n"

/* Decode len bytes of text from a heap copy of exactly that many. */
static int
decode_exact(struct sv_timeline *tl, const char *text, size_t len,
    char *err, size_t errlen)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	err[0] = '\0';
	int r = sv_timeline_decode(tl, copy, len, err, errlen);
	free(copy);
	return r;
}

/*
 * Found by reading the decoder after fuzzing it (fuzz/fuzz_timeline.c
 * hands it NUL-terminated comments, as the pcapng reader does):
 * sv_timeline_is_encoded() compares the whole 19-byte header with
 * strncmp, so a text shorter than the header that begins like it is read
 * past its end. Every prefix of the header must be refused, reading
 * nothing past len.
 */
static void
test_a_text_shorter_than_the_header(void **state)
{
	char err[256];
	(void)state;
	for (size_t n = 0; n < strlen(HEADER); n++) {
		struct sv_timeline *tl = sv_timeline_new();
		assert_non_null(tl);
		assert_int_equal(decode_exact(tl, HEADER, n, err,
		    sizeof(err)), -1);
		assert_non_null(strstr(err, "sockviz-timeline 1"));
		sv_timeline_free(tl);
	}
}

static void
test_the_header_alone_is_an_empty_timeline(void **state)
{
	char err[256];
	struct sv_timeline *tl = sv_timeline_new();
	(void)state;
	assert_non_null(tl);
	assert_int_equal(decode_exact(tl, HEADER, strlen(HEADER), err,
	    sizeof(err)), 0);
	assert_int_equal(tl->n, 0);
	assert_int_equal(tl->n_lanes, 0);
	sv_timeline_free(tl);
}

static struct sv_timeline *
one_call(void)
{
	struct sv_timeline *tl = sv_timeline_new();
	assert_non_null(tl);
	assert_non_null(tl->scenario = strdup("tcp"));
	assert_non_null(tl->title = strdup("TCP: a\ttab, a\nnewline, 100%"));
	assert_int_equal(sv_timeline_add_lane(tl, "server", 0), 0);
	assert_int_equal(sv_timeline_add_lane(tl, "client", 0), 1);
	struct sv_event *ev = sv_timeline_append(tl, SV_EV_CALL);
	assert_non_null(ev);
	struct sv_call *c = &ev->u.call;
	c->actor = 1;
	c->step = 5;
	c->line = 12;
	c->fn = SV_FN_CONNECT;
	assert_non_null(c->text = strdup("connect(3, 127.0.0.1:8888)"));
	c->ret = -1;
	c->err = 111;
	c->t_begin = ev->t = 1700000000000000000LL;
	c->t_end = c->t_begin + 51230;
	c->peer.family = 4;
	c->peer.addr[0] = 127;
	c->peer.addr[3] = 1;
	c->peer.port = 8888;
	c->sock_type = 1;
	c->tcp_state = 7;
	assert_non_null(c->data = malloc(3));
	memcpy(c->data, "a\0b", 3);
	c->data_len = 3;
	return tl;
}

/* What was encoded decodes, and encodes to the same text again. */
static void
test_encode_decode_encode(void **state)
{
	char err[256];
	(void)state;
	struct sv_timeline *tl = one_call();
	char *text = sv_timeline_encode(tl);
	assert_non_null(text);
	assert_true(sv_timeline_is_encoded(text));

	struct sv_timeline *back = sv_timeline_new();
	assert_non_null(back);
	assert_int_equal(decode_exact(back, text, strlen(text), err,
	    sizeof(err)), 0);
	assert_int_equal(back->n, 1);
	assert_int_equal(back->n_lanes, 2);
	assert_string_equal(back->title, tl->title);
	const struct sv_call *c = &back->ev[0].u.call;
	assert_int_equal(c->fn, SV_FN_CONNECT);
	assert_int_equal(c->ret, -1);
	assert_int_equal(c->err, 111);
	assert_int_equal(c->peer.port, 8888);
	assert_int_equal(c->data_len, 3);
	assert_memory_equal(c->data, "a\0b", 3);
	char *again = sv_timeline_encode(back);
	assert_non_null(again);
	assert_string_equal(again, text);
	free(again);
	sv_timeline_free(back);

	/* Cut anywhere, the text still decodes or is refused, reading
	 * nothing past the cut. */
	for (size_t n = 0; n < strlen(text); n++) {
		struct sv_timeline *cut = sv_timeline_new();
		assert_non_null(cut);
		if (decode_exact(cut, text, n, err, sizeof(err)) < 0 &&
		    strstr(err, "sockviz-timeline 1") == NULL &&
		    strstr(err, "line ") == NULL)
			fail_msg("cut at %zu: \"%s\" names no line", n, err);
		sv_timeline_free(cut);
	}
	free(text);
	sv_timeline_free(tl);
}

/* A damaged record is refused, naming its line. */
static void
test_a_bad_line_is_named(void **state)
{
	static const char *const bad[] = {
		HEADER "lane\tserver\t0\ncall\t7\t1\t1\tconnect\tx\t0\t0\t0\t0"
		    "\t-\t-\t-\t-\t1\t7\t0\t-\t~\t~\t~\t~\n",
		HEADER "lane\tserver\t0\ncall\t0\t1\t1\tteleport\tx\t0\t0\t0"
		    "\t0\t-\t-\t-\t-\t1\t7\t0\t-\t~\t~\t~\t~\n",
		HEADER "meta\ttitle\t100%ZZ\n",
		HEADER "lane\tserver\t0\nfinal\t0\t4/7f00/1\t-\t1\n",
	};
	static const char *const line[] = {
		"line 3: ", "line 3: ", "line 2: ", "line 3: ",
	};
	char err[256];
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sv_timeline *tl = sv_timeline_new();
		assert_non_null(tl);
		assert_int_equal(decode_exact(tl, bad[i], strlen(bad[i]), err,
		    sizeof(err)), -1);
		if (strstr(err, line[i]) == NULL)
			fail_msg("text %zu: \"%s\" does not name %s", i, err,
			    line[i]);
		sv_timeline_free(tl);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_text_shorter_than_the_header),
		cmocka_unit_test(test_the_header_alone_is_an_empty_timeline),
		cmocka_unit_test(test_encode_decode_encode),
		cmocka_unit_test(test_a_bad_line_is_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
