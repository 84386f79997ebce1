/*
 * Unit tests of the scenario parser (drive/scenario_parse.c) and of the
 * check of a call against its step's expectations (drive/expect.c).
 *
 * Broken scenarios are golden files: tests/scenarios/bad/ holds one small
 * .sv file per error path, and bad/EXPECT lists, for each, the line and
 * column the message must name and a piece of its text:
 *
 *   missing-rparen.sv 2:16 expected ')', found end of line
 *
 * To add a case, write the file, run this test, and copy the position the
 * parser gives into EXPECT only after checking it points at the culprit.
 * Every .sv file in bad/ must be listed, and every file in
 * tests/scenarios/good/ and every built-in sample must parse.
 *
 * The directory comes from SOCKVIZ_TESTDATA (CTest sets it to tests/).
 * Every text is parsed from a heap copy of exactly its length, so
 * AddressSanitizer reports a read even one byte past the end.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>

#include "drive/run.h"
#include "drive/samples.h"
#include "drive/scenario.h"
#include "render/timeline.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define ERRLEN 1024

/* ---- helpers ---------------------------------------------------------- */

static const char *
testdata(void)
{
	const char *d = getenv("SOCKVIZ_TESTDATA");
	if (d == NULL || *d == '\0')
		fail_msg("SOCKVIZ_TESTDATA is not set: run through ctest, or"
		    " set it to the tests/ directory of the source tree");
	return d;
}

/* "a/b" in a new heap block. */
static char *
path_of(const char *a, const char *b)
{
	size_t n = strlen(a) + 1 + strlen(b) + 1;
	char *p = malloc(n);
	assert_non_null(p);
	snprintf(p, n, "%s/%s", a, b);
	return p;
}

/* The whole file in a heap block of exactly its length (1 if empty). */
static char *
read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("%s: %s", path, strerror(errno));
	size_t cap = 4096, n = 0;
	char *buf = malloc(cap);
	assert_non_null(buf);
	for (;;) {
		size_t r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (n < cap)
			break;
		cap *= 2;
		buf = realloc(buf, cap);
		assert_non_null(buf);
	}
	assert_int_equal(ferror(f), 0);
	fclose(f);
	char *exact = malloc(n ? n : 1);
	assert_non_null(exact);
	memcpy(exact, buf, n);
	free(buf);
	*len = n;
	return exact;
}

static struct sv_scenario *
parse_bytes(const char *name, const char *text, size_t len, char *err,
    size_t errlen)
{
	char *copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, text, len);
	struct sv_scenario *sc = sv_scenario_parse(name, copy, len, err,
	    errlen);
	free(copy);
	return sc;
}

/* Parse a text that must be valid; fail the test with the message if not. */
static struct sv_scenario *
parse_ok(const char *text)
{
	char err[ERRLEN] = "";
	struct sv_scenario *sc = parse_bytes("t.sv", text, strlen(text), err,
	    sizeof(err));
	if (sc == NULL)
		fail_msg("did not parse: %s", err);
	return sc;
}

/* Parse a text that must fail; return the message. */
static void
parse_bad(const char *text, char *err, size_t errlen)
{
	struct sv_scenario *sc = parse_bytes("t.sv", text, strlen(text), err,
	    errlen);
	if (sc != NULL) {
		sv_scenario_free(sc);
		fail_msg("parsed, but should not have: %s", text);
	}
}

/*
 * Does msg begin with "name:LINE:COL: " (LINE, COL >= 1) and go on?
 * Sets *line and *col.
 */
static int
has_position(const char *msg, const char *name, long *line, long *col)
{
	size_t n = strlen(name);
	if (strncmp(msg, name, n) != 0 || msg[n] != ':')
		return 0;
	const char *s = msg + n + 1;
	long *out[2] = { line, col };
	for (int i = 0; i < 2; i++) {
		const char *d = s;
		long v = 0;
		while (*s >= '0' && *s <= '9' && v < 100000000L)
			v = v * 10 + (*s++ - '0');
		if (s == d || v < 1 || *s != ':')
			return 0;
		*out[i] = v;
		s++;
	}
	return s[0] == ' ' && s[1] != '\0';
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The .sv files of a directory, sorted; free with free_names. */
static char **
list_sv(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	if (d == NULL)
		fail_msg("%s: %s", dir, strerror(errno));
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		if (l < 4 || strcmp(e->d_name + l - 3, ".sv") != 0)
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		assert_non_null(names);
		names[n] = strdup(e->d_name);
		assert_non_null(names[n]);
		n++;
	}
	closedir(d);
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_str);
	*count = n;
	return names;
}

static void
free_names(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* ---- (a) the broken scenarios of tests/scenarios/bad ------------------ */

struct expect_line {
	char *file;
	long line, col;
	char *substr;
	int lineno;              /* in EXPECT */
};

static struct expect_line *
read_expect(const char *dir, size_t *count)
{
	char *path = path_of(dir, "EXPECT");
	size_t len;
	char *text = read_file(path, &len);
	struct expect_line *v = NULL;
	size_t n = 0;
	int lineno = 0;
	for (size_t off = 0; off < len;) {
		const char *nl = memchr(text + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - text) : len;
		char *line = strndup(text + off, end - off);
		assert_non_null(line);
		off = end + 1;
		lineno++;
		if (line[0] == '#' || line[0] == '\0') {
			free(line);
			continue;
		}
		char *sp1 = strchr(line, ' ');
		char *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
		long l = 0, c = 0;
		char tail;
		if (sp2 == NULL || sp2[1] == '\0' ||
		    sscanf(sp1 + 1, "%ld:%ld%c", &l, &c, &tail) != 3 ||
		    tail != ' ')
			fail_msg("%s:%d: want '<file> <line>:<col> <text>'",
			    path, lineno);
		*sp1 = '\0';
		v = realloc(v, (n + 1) * sizeof(*v));
		assert_non_null(v);
		v[n].file = strdup(line);
		v[n].line = l;
		v[n].col = c;
		v[n].substr = strdup(sp2 + 1);
		v[n].lineno = lineno;
		assert_non_null(v[n].file);
		assert_non_null(v[n].substr);
		n++;
		free(line);
	}
	free(text);
	free(path);
	*count = n;
	return v;
}

static void
free_expect(struct expect_line *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].file);
		free(v[i].substr);
	}
	free(v);
}

/* One broken file: NULL, the promised position, the promised words. */
static int
check_bad_file(const char *dir, const struct expect_line *x)
{
	char *path = path_of(dir, x->file);
	char err[ERRLEN], want[ERRLEN];
	size_t len;
	char *text = read_file(path, &len);
	err[0] = '\0';
	struct sv_scenario *sc = sv_scenario_parse(path, text, len, err,
	    sizeof(err));
	int ok = 1;
	snprintf(want, sizeof(want), "%s:%ld:%ld: ", path, x->line, x->col);
	if (sc != NULL) {
		print_error("%s: parsed, but EXPECT line %d wants an error\n",
		    x->file, x->lineno);
		sv_scenario_free(sc);
		ok = 0;
	} else if (strncmp(err, want, strlen(want)) != 0 ||
	    strstr(err + strlen(want), x->substr) == NULL) {
		print_error("%s: EXPECT line %d wants\n  %s...%s...\n"
		    "the parser says\n  %s\n", x->file, x->lineno, want,
		    x->substr, err);
		ok = 0;
	}

	/* A short error buffer gets a NUL-terminated prefix, no more. */
	static const size_t sizes[] = { 1, 2, 7, 30 };
	for (size_t i = 0; ok && i < NELEM(sizes); i++) {
		char small[40];
		memset(small, 'Z', sizeof(small));
		sc = sv_scenario_parse(path, text, len, small, sizes[i]);
		assert_null(sc);
		assert_true(memchr(small, '\0', sizes[i]) != NULL);
		assert_int_equal(strncmp(small, err, strlen(small)), 0);
		for (size_t j = sizes[i]; j < sizeof(small); j++)
			assert_int_equal(small[j], 'Z');
	}
	free(text);
	free(path);
	return ok;
}

static void
test_bad_files(void **state)
{
	(void)state;
	char *dir = path_of(testdata(), "scenarios/bad");
	size_t nx, nf;
	struct expect_line *x = read_expect(dir, &nx);
	char **files = list_sv(dir, &nf);
	int failures = 0;

	for (size_t i = 0; i < nx; i++) {
		for (size_t j = 0; j < i; j++)
			if (strcmp(x[i].file, x[j].file) == 0) {
				print_error("EXPECT lists %s twice\n", x[i].file);
				failures++;
			}
		failures += !check_bad_file(dir, &x[i]);
	}
	/* Golden files, listed: a case without an EXPECT line tests nothing. */
	for (size_t i = 0; i < nf; i++) {
		size_t j;
		for (j = 0; j < nx; j++)
			if (strcmp(files[i], x[j].file) == 0)
				break;
		if (j == nx) {
			print_error("%s/%s is not listed in EXPECT\n", dir,
			    files[i]);
			failures++;
		}
	}
	print_message("%zu broken scenarios checked\n", nx);
	assert_true(nx >= 40);
	free_names(files, nf);
	free_expect(x, nx);
	free(dir);
	assert_int_equal(failures, 0);
}

/* ---- (b) the good ones and the built-in samples ----------------------- */

static void
test_good_files(void **state)
{
	(void)state;
	char *dir = path_of(testdata(), "scenarios/good");
	size_t nf;
	char **files = list_sv(dir, &nf);
	int failures = 0;
	for (size_t i = 0; i < nf; i++) {
		char *path = path_of(dir, files[i]);
		char err[ERRLEN] = "";
		size_t len;
		char *text = read_file(path, &len);
		struct sv_scenario *sc = sv_scenario_parse(path, text, len,
		    err, sizeof(err));
		if (sc == NULL) {
			print_error("%s\n", err);
			failures++;
		} else {
			assert_string_equal(sc->name, path);
			assert_true(sc->n_steps > 0);
			assert_memory_equal(sc->source, text, len);
			assert_int_equal(sc->source[len], '\0');
		}
		sv_scenario_free(sc);
		free(text);
		free(path);
	}
	assert_true(nf >= 5);
	free_names(files, nf);
	free(dir);
	assert_int_equal(failures, 0);
}

static void
test_samples(void **state)
{
	(void)state;
	assert_true(sv_samples_count >= 4);
	for (size_t i = 0; i < sv_samples_count; i++) {
		const struct sv_sample *s = &sv_samples[i];
		char err[ERRLEN] = "";
		assert_int_equal(s->text[s->len], '\0');
		assert_ptr_equal(sv_sample_find(s->name), s);
		struct sv_scenario *sc = parse_bytes(s->name, s->text, s->len,
		    err, sizeof(err));
		if (sc == NULL)
			fail_msg("sample %s: %s", s->name, err);
		assert_non_null(sc->title);
		assert_non_null(sc->summary);
		assert_true(sc->n_steps > 0);
		sv_scenario_free(sc);
	}
	assert_null(sv_sample_find("no-such-sample"));
}

/*
 * A good file and a sample that must parse to the same steps: CRLF line
 * endings and a byte order mark change nothing but the line numbers
 * (each good copy starts with one comment line).
 */
static void
check_same_as_sample(const char *file, const char *sample)
{
	char *dir = path_of(testdata(), "scenarios/good");
	char *path = path_of(dir, file);
	char err[ERRLEN] = "";
	size_t len;
	char *text = read_file(path, &len);
	struct sv_scenario *a = sv_scenario_parse(path, text, len, err,
	    sizeof(err));
	if (a == NULL)
		fail_msg("%s", err);
	const struct sv_sample *s = sv_sample_find(sample);
	assert_non_null(s);
	struct sv_scenario *b = parse_bytes(s->name, s->text, s->len, err,
	    sizeof(err));
	if (b == NULL)
		fail_msg("%s", err);

	assert_string_equal(a->title, b->title);
	assert_string_equal(a->summary, b->summary);
	assert_true((a->intro == NULL) == (b->intro == NULL));
	if (a->intro != NULL)
		assert_string_equal(a->intro, b->intro);
	assert_int_equal(a->n_actors, b->n_actors);
	for (int i = 0; i < a->n_actors; i++)
		assert_string_equal(a->actors[i], b->actors[i]);
	assert_int_equal(a->n_steps, b->n_steps);
	for (int i = 0; i < a->n_steps; i++) {
		const struct sv_step *x = &a->steps[i], *y = &b->steps[i];
		assert_int_equal(x->line, y->line + 1);
		assert_int_equal(x->col, y->col);
		assert_int_equal(x->actor, y->actor);
		assert_int_equal(x->fn, y->fn);
		assert_int_equal(x->n_expect, y->n_expect);
		assert_int_equal(x->expect_ret, y->expect_ret);
		assert_int_equal(x->expect_data_len, y->expect_data_len);
		assert_int_equal(x->data_len, y->data_len);
		assert_true((x->expect_text == NULL) ==
		    (y->expect_text == NULL));
		if (x->expect_text != NULL)
			assert_string_equal(x->expect_text, y->expect_text);
		assert_true((x->note == NULL) == (y->note == NULL));
		if (x->note != NULL)
			assert_string_equal(x->note, y->note);
	}
	sv_scenario_free(a);
	sv_scenario_free(b);
	free(text);
	free(path);
	free(dir);
}

static void
test_crlf_and_bom(void **state)
{
	(void)state;
	check_same_as_sample("crlf.sv", "tcp");
	check_same_as_sample("bom.sv", "udp");
}

/* ---- (c) what representative lines parse to -------------------------- */

static void
test_socket_and_actors(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "# comment\n"
	    "title \"T \\\"q\\\"\"\n"
	    "summary \"S\"\n"
	    "actors server, client\n"
	    "\n"
	    "  client: c = socket(AF_INET6, SOCK_DGRAM, IPPROTO_UDP) -> none\n"
	    "server: s = socket(AF_INET, SOCK_STREAM)\n"
	    "peer: p = socket(AF_INET, SOCK_STREAM, 0)\n");
	assert_string_equal(sc->name, "t.sv");
	assert_string_equal(sc->title, "T \"q\"");
	assert_string_equal(sc->summary, "S");
	assert_null(sc->intro);
	assert_int_equal(sc->n_actors, 3);
	assert_string_equal(sc->actors[0], "server");
	assert_string_equal(sc->actors[1], "client");
	assert_string_equal(sc->actors[2], "peer");
	assert_int_equal(sc->n_steps, 3);

	const struct sv_step *st = &sc->steps[0];
	assert_int_equal(st->line, 6);
	assert_int_equal(st->col, 3);
	assert_int_equal(st->actor, 1);
	assert_int_equal(st->fn, SV_FN_SOCKET);
	assert_string_equal(st->var, "c");
	assert_null(st->sock);
	assert_int_equal(st->domain, AF_INET6);
	assert_int_equal(st->type, SOCK_DGRAM);
	assert_int_equal(st->protocol, IPPROTO_UDP);
	assert_false(st->expect_ret_set);
	assert_true(st->expect_pkts_set);
	assert_int_equal(st->n_expect, 0);
	assert_false(st->expect_more);
	assert_string_equal(st->expect_text, "-> none");
	assert_null(st->note);

	st = &sc->steps[1];
	assert_int_equal(st->actor, 0);
	assert_int_equal(st->domain, AF_INET);
	assert_int_equal(st->type, SOCK_STREAM);
	assert_int_equal(st->protocol, 0);
	assert_false(st->expect_pkts_set);
	assert_null(st->expect_text);

	st = &sc->steps[2];
	assert_int_equal(st->line, 8);
	assert_int_equal(st->actor, 2);
	sv_scenario_free(sc);
}

/* Without an 'actors' line, actors are numbered as they first appear. */
static void
test_actor_order(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "b: x = socket(AF_INET, SOCK_DGRAM)\n"
	    "a: x = socket(AF_INET, SOCK_DGRAM)\n"
	    "b: close(x)\n"
	    "a: close(x)\n");
	assert_int_equal(sc->n_actors, 2);
	assert_string_equal(sc->actors[0], "b");
	assert_string_equal(sc->actors[1], "a");
	assert_int_equal(sc->steps[2].actor, 0);
	assert_int_equal(sc->steps[3].actor, 1);
	assert_string_equal(sc->steps[3].sock, "x");
	sv_scenario_free(sc);
}

static void
test_connect_ipv4(void **state)
{
	(void)state;
	static const uint8_t want[16] = { 10, 1, 2, 3 };
	struct sv_scenario *sc = parse_ok(
	    "client: c = socket(AF_INET, SOCK_STREAM)\n"
	    "client: connect(c, 10.1.2.3:8888) = 0 -> SYN, SYN-ACK, ACK\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->fn, SV_FN_CONNECT);
	assert_null(st->var);
	assert_string_equal(st->sock, "c");
	assert_int_equal(st->addr.family, 4);
	assert_memory_equal(st->addr.addr, want, 16);
	assert_int_equal(st->addr.port, 8888);      /* host order */
	assert_false(st->addr_null);
	assert_null(st->addr_ref);
	assert_true(st->expect_ret_set);
	assert_int_equal(st->expect_ret, 0);
	assert_int_equal(st->expect_errno, 0);
	assert_null(st->expect_data);
	assert_true(st->expect_pkts_set);
	assert_int_equal(st->n_expect, 3);
	assert_int_equal(st->expect[0].proto, SV_PROTO_TCP);
	assert_int_equal(st->expect[0].tcp_flags, SV_TCP_SYN);
	assert_int_equal(st->expect[1].proto, SV_PROTO_TCP);
	assert_int_equal(st->expect[1].tcp_flags, SV_TCP_SYN | SV_TCP_ACK);
	assert_int_equal(st->expect[2].proto, SV_PROTO_TCP);
	assert_int_equal(st->expect[2].tcp_flags, SV_TCP_ACK);
	assert_false(st->expect_more);
	assert_string_equal(st->expect_text, "= 0 -> SYN, SYN-ACK, ACK");
	sv_scenario_free(sc);
}

static void
test_connect_ipv6(void **state)
{
	(void)state;
	static const uint8_t want[16] = {
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0x01,
	};
	static const uint8_t mapped[16] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1,
	};
	struct sv_scenario *sc = parse_ok(
	    "client: c = socket(AF_INET6, SOCK_STREAM)\n"
	    "client: connect(c, [2001:db8::1]:443)\n"
	    "client: bind(c, [::ffff:127.0.0.1]:65535)\n"
	    "client: bind(c, [::]:0)\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->addr.family, 6);
	assert_memory_equal(st->addr.addr, want, 16);
	assert_int_equal(st->addr.port, 443);
	assert_false(st->expect_ret_set);
	assert_false(st->expect_pkts_set);
	assert_null(st->expect_text);
	st = &sc->steps[2];
	assert_int_equal(st->fn, SV_FN_BIND);
	assert_memory_equal(st->addr.addr, mapped, 16);
	assert_int_equal(st->addr.port, 65535);
	st = &sc->steps[3];
	assert_int_equal(st->addr.family, 6);
	assert_int_equal(st->addr.port, 0);
	sv_scenario_free(sc);
}

static void
test_payload_escapes(void **state)
{
	(void)state;
	static const char want[] = "a\0b\n\t\r\\\"\0\x7f\xff";
	struct sv_scenario *sc = parse_ok(
	    "client: c = socket(AF_INET, SOCK_STREAM)\n"
	    "client: send(c, \"a\\x00b\\n\\t\\r\\\\\\\"\\0\\x7f\\xFF\","
	    " MSG_DONTWAIT | MSG_NOSIGNAL) = 11\n"
	    "client: write(c, \"\")\n"
	    "client: send(c, \"#not a comment\", 0)\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->fn, SV_FN_SEND);
	assert_int_equal(st->data_len, sizeof(want) - 1);
	assert_memory_equal(st->data, want, sizeof(want) - 1);
	assert_int_equal(st->data[st->data_len], '\0');
	assert_int_equal(st->flags, MSG_DONTWAIT | MSG_NOSIGNAL);
	assert_int_equal(st->expect_ret, 11);
	st = &sc->steps[2];
	assert_int_equal(st->fn, SV_FN_WRITE);
	assert_non_null(st->data);
	assert_int_equal(st->data_len, 0);
	st = &sc->steps[3];
	assert_string_equal(st->data, "#not a comment");
	assert_int_equal(st->flags, 0);
	sv_scenario_free(sc);
}

static void
test_receive_expectations(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "s: x = socket(AF_INET, SOCK_STREAM)\n"
	    "s: recv(x, 100) = 3 \"a\\0b\"\n"
	    "s: recv(x, 1, MSG_PEEK) = -1 EAGAIN\n"
	    "s: read(x, 65536) = 0 \"\"\n"
	    "s: recv(x, 8) = -1 EWOULDBLOCK\n"
	    "s: connect(x, 127.0.0.1:1) = -1 ECONNREFUSED -> SYN, RST-ACK\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->fn, SV_FN_RECV);
	assert_int_equal(st->buflen, 100);
	assert_true(st->expect_ret_set);
	assert_int_equal(st->expect_ret, 3);
	assert_int_equal(st->expect_errno, 0);
	assert_int_equal(st->expect_data_len, 3);
	assert_memory_equal(st->expect_data, "a\0b", 3);
	assert_false(st->expect_pkts_set);
	st = &sc->steps[2];
	assert_int_equal(st->buflen, 1);
	assert_int_equal(st->flags, MSG_PEEK);
	assert_int_equal(st->expect_ret, -1);
	assert_int_equal(st->expect_errno, EAGAIN);
	assert_null(st->expect_data);
	st = &sc->steps[3];
	assert_int_equal(st->fn, SV_FN_READ);
	assert_int_equal(st->buflen, 65536);
	assert_non_null(st->expect_data);
	assert_int_equal(st->expect_data_len, 0);
	st = &sc->steps[4];
	assert_int_equal(st->expect_errno, EWOULDBLOCK);
	st = &sc->steps[5];
	assert_int_equal(st->expect_ret, -1);
	assert_int_equal(st->expect_errno, ECONNREFUSED);
	assert_int_equal(st->n_expect, 2);
	assert_int_equal(st->expect[1].tcp_flags, SV_TCP_RST | SV_TCP_ACK);
	sv_scenario_free(sc);
}

static void
test_packet_lists(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "a: t = socket(AF_INET, SOCK_STREAM)\n"
	    "a: close(t) = 0 -> FIN-ACK, ...\n"
	    "a: close(t) -> ...\n"
	    "a: close(t) -> none = 0\n"
	    "a: close(t) = 0\n"
	    "a: close(t) -> UDP, ICMP, ICMPv6\n"
	    "a: close(t) -> ACK-SYN,PSH-ACK,URG-ECE-CWR\t\t# order is free\n"
	    "a: close(t)\t=   0\t\t->   SYN ,ACK   # blanks fold\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->n_expect, 1);
	assert_int_equal(st->expect[0].tcp_flags, SV_TCP_FIN | SV_TCP_ACK);
	assert_true(st->expect_more);
	st = &sc->steps[2];
	assert_true(st->expect_pkts_set);
	assert_int_equal(st->n_expect, 0);
	assert_true(st->expect_more);
	assert_false(st->expect_ret_set);
	st = &sc->steps[3];
	assert_true(st->expect_pkts_set);
	assert_int_equal(st->n_expect, 0);
	assert_false(st->expect_more);
	assert_true(st->expect_ret_set);
	assert_string_equal(st->expect_text, "-> none = 0");
	st = &sc->steps[4];
	assert_false(st->expect_pkts_set);
	assert_string_equal(st->expect_text, "= 0");
	st = &sc->steps[5];
	assert_int_equal(st->n_expect, 3);
	assert_int_equal(st->expect[0].proto, SV_PROTO_UDP);
	assert_int_equal(st->expect[1].proto, SV_PROTO_ICMP);
	assert_int_equal(st->expect[2].proto, SV_PROTO_ICMP6);
	assert_int_equal(st->expect[0].tcp_flags, 0);
	st = &sc->steps[6];
	assert_int_equal(st->n_expect, 3);
	assert_int_equal(st->expect[0].tcp_flags, SV_TCP_SYN | SV_TCP_ACK);
	assert_int_equal(st->expect[1].tcp_flags, SV_TCP_PSH | SV_TCP_ACK);
	assert_int_equal(st->expect[2].tcp_flags,
	    SV_TCP_URG | SV_TCP_ECE | SV_TCP_CWR);
	assert_string_equal(st->expect_text, "-> ACK-SYN,PSH-ACK,URG-ECE-CWR");
	st = &sc->steps[7];
	assert_string_equal(st->expect_text, "= 0 -> SYN ,ACK");
	sv_scenario_free(sc);
}

static void
test_sixteen_packets(void **state)
{
	(void)state;
	char text[512];
	int n = snprintf(text, sizeof(text),
	    "a: t = socket(AF_INET, SOCK_STREAM)\na: close(t) -> ");
	for (int i = 0; i < SV_MAX_EXPECT; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "%sACK",
		    i ? ", " : "");
	snprintf(text + n, sizeof(text) - (size_t)n, ", ...\n");
	struct sv_scenario *sc = parse_ok(text);
	assert_int_equal(sc->steps[1].n_expect, SV_MAX_EXPECT);
	assert_true(sc->steps[1].expect_more);
	sv_scenario_free(sc);
}

static void
test_notes(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "note \"intro one\"\n"
	    "title \"T\"\n"
	    "note \"intro two\"\n"
	    "a: s = socket(AF_INET, SOCK_DGRAM)\n"
	    "note \"after one\"\n"
	    "# a comment between notes changes nothing\n"
	    "note \"after \\\"one\\\" again\"\n"
	    "a: close(s)\n"
	    "a: s = socket(AF_INET, SOCK_DGRAM)\n"
	    "\n"
	    "note \"three\"\n"
	    "note \"\"\n"
	    "note \"after a blank line\"\n");
	assert_string_equal(sc->intro, "intro one\nintro two");
	assert_int_equal(sc->n_steps, 3);
	assert_string_equal(sc->steps[0].note,
	    "after one\nafter \"one\" again");
	assert_null(sc->steps[1].note);
	/* An empty note is a blank line between the others. */
	assert_string_equal(sc->steps[2].note,
	    "three\n\nafter a blank line");
	sv_scenario_free(sc);
}

/* An actor may be called title, summary, note or actors. */
static void
test_directive_words_as_actors(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "note: s = socket(AF_INET, SOCK_DGRAM)\n"
	    "note \"a note\"\n"
	    "title\t: t = socket(AF_INET, SOCK_DGRAM)\n"
	    "actors : a = socket(AF_INET, SOCK_DGRAM)\n");
	assert_int_equal(sc->n_actors, 3);
	assert_string_equal(sc->actors[0], "note");
	assert_string_equal(sc->actors[1], "title");
	assert_string_equal(sc->actors[2], "actors");
	assert_string_equal(sc->steps[0].note, "a note");
	assert_null(sc->title);
	sv_scenario_free(sc);
}

static void
test_setsockopt(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "a: s = socket(AF_INET6, SOCK_STREAM)\n"
	    "a: setsockopt(s, SOL_SOCKET, SO_LINGER, 1, 30) = 0\n"
	    "a: setsockopt(s, TCP_NODELAY, 1)\n"
	    "a: setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, 0)\n"
	    "a: setsockopt(s, SO_RCVBUF, 1000000000)\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->fn, SV_FN_SETSOCKOPT);
	assert_int_equal(st->level, SOL_SOCKET);
	assert_int_equal(st->opt, SO_LINGER);
	assert_int_equal(st->optval, 1);
	assert_int_equal(st->optval2, 30);
	st = &sc->steps[2];
	assert_int_equal(st->level, IPPROTO_TCP);
	assert_int_equal(st->opt, TCP_NODELAY);
	assert_int_equal(st->optval, 1);
	st = &sc->steps[3];
	assert_int_equal(st->level, IPPROTO_IPV6);
	assert_int_equal(st->opt, IPV6_V6ONLY);
	assert_int_equal(st->optval, 0);
	st = &sc->steps[4];
	assert_int_equal(st->level, SOL_SOCKET);
	assert_int_equal(st->opt, SO_RCVBUF);
	assert_int_equal(st->optval, 1000000000);
	sv_scenario_free(sc);
}

static void
test_address_variables(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "server: s = socket(AF_INET, SOCK_DGRAM)\n"
	    "server: recvfrom(s, 64, MSG_PEEK | MSG_WAITALL, &peer) = 4"
	    " \"ping\"\n"
	    "server: sendto(s, \"pong\", peer) = 4 -> UDP\n"
	    "server: sendto(s, \"x\", NULL, MSG_DONTWAIT)\n"
	    "server: recvfrom(s, 9, &peer)\n"
	    "server: recvfrom(s, 9)\n"
	    "server: t = socket(AF_INET, SOCK_STREAM)\n"
	    "server: a = accept(t, &from)\n"
	    "server: getsockname(a, &me)\n"
	    "server: getpeername(a)\n"
	    "server: bind(t, me)\n"
	    "client: c = socket(AF_INET, SOCK_STREAM)\n"
	    "client: getpeername(c, &peer)\n"
	    "client: connect(c, peer)\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->fn, SV_FN_RECVFROM);
	assert_int_equal(st->buflen, 64);
	assert_int_equal(st->flags, MSG_PEEK | MSG_WAITALL);
	assert_string_equal(st->addr_out, "peer");
	assert_int_equal(st->expect_data_len, 4);
	assert_memory_equal(st->expect_data, "ping", 4);
	st = &sc->steps[2];
	assert_int_equal(st->fn, SV_FN_SENDTO);
	assert_string_equal(st->addr_ref, "peer");
	assert_int_equal(st->addr.family, 0);
	assert_false(st->addr_null);
	assert_int_equal(st->data_len, 4);
	st = &sc->steps[3];
	assert_true(st->addr_null);
	assert_null(st->addr_ref);
	assert_int_equal(st->flags, 64);
	st = &sc->steps[4];
	assert_string_equal(st->addr_out, "peer");   /* assigned again */
	assert_int_equal(st->flags, 0);
	st = &sc->steps[5];
	assert_null(st->addr_out);
	st = &sc->steps[7];
	assert_int_equal(st->fn, SV_FN_ACCEPT);
	assert_string_equal(st->var, "a");
	assert_string_equal(st->sock, "t");
	assert_string_equal(st->addr_out, "from");
	st = &sc->steps[8];
	assert_int_equal(st->fn, SV_FN_GETSOCKNAME);
	assert_string_equal(st->sock, "a");
	assert_string_equal(st->addr_out, "me");
	st = &sc->steps[9];
	assert_int_equal(st->fn, SV_FN_GETPEERNAME);
	assert_null(st->addr_out);
	st = &sc->steps[10];
	assert_string_equal(st->addr_ref, "me");
	/* Each actor has its own address variables. */
	st = &sc->steps[13];
	assert_int_equal(st->actor, 1);
	assert_string_equal(st->addr_ref, "peer");
	sv_scenario_free(sc);
}

static void
test_other_calls(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "a: s = socket(AF_INET, SOCK_STREAM)\n"
	    "a: listen(s)\n"
	    "a: listen(s, 0)\n"
	    "a: listen(s, 65535)\n"
	    "a: shutdown(s, SHUT_RDWR)\n"
	    "a: s = socket(AF_INET, SOCK_DGRAM)   # rebinding s is allowed\n"
	    "a: close(s) = 0\n");
	assert_int_equal(sc->steps[1].fn, SV_FN_LISTEN);
	assert_int_equal(sc->steps[1].backlog, 5);
	assert_int_equal(sc->steps[2].backlog, 0);
	assert_int_equal(sc->steps[3].backlog, 65535);
	assert_int_equal(sc->steps[4].fn, SV_FN_SHUTDOWN);
	assert_int_equal(sc->steps[4].how, SHUT_RDWR);
	assert_int_equal(sc->steps[5].type, SOCK_DGRAM);
	assert_int_equal(sc->steps[6].fn, SV_FN_CLOSE);
	assert_string_equal(sc->steps[6].sock, "s");
	sv_scenario_free(sc);
}

/* The parser reads buf[0..len) and nothing after it. */
static void
test_reads_only_len(void **state)
{
	(void)state;
	static const char text[] = "a: s = socket(AF_INET, SOCK_DGRAM)"
	    " $ not part of the scenario";
	size_t len = strlen("a: s = socket(AF_INET, SOCK_DGRAM)");
	char err[ERRLEN] = "";
	struct sv_scenario *sc = parse_bytes("t.sv", text, len, err,
	    sizeof(err));
	if (sc == NULL)
		fail_msg("%s", err);
	assert_int_equal(strlen(sc->source), len);
	sv_scenario_free(sc);
}

/* Errors in texts written here, where the line is easiest to read. */
static void
test_error_positions(void **state)
{
	(void)state;
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "a: s = socket(AF_INET, SOCK_DGRAM)\n"
		  "a: close(s) = 0 -> SYN, SIN\n",
		  "t.sv:2:25: expected a TCP flag" },
		{ "a: s = socket(AF_INET, SOCK_DGRAM)\n"
		  "\n"
		  "# three\n"
		  "\ta: close(q)\n",
		  "t.sv:4:11: 'q' is not a socket of a" },
		{ "a: s = socket(AF_INET, SOCK_DGRAM)\n"
		  "a: bind(s, 1.2.3.4:65535 )\n"
		  "a: bind(s, 1.2.3.4:99999)\n",
		  "t.sv:3:20: expected a port from 0 to 65535" },
		{ "\n\n\n", "t.sv:3:1: no steps" },
		{ "a: s = socket(AF_INET, SOCK_DGRAM)\n"
		  "note \"x\\",
		  "t.sv:2:8: '\\' at the end of the line" },
	};
	for (size_t i = 0; i < NELEM(cases); i++) {
		char err[ERRLEN];
		parse_bad(cases[i].text, err, sizeof(err));
		if (strncmp(err, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("case %zu: want '%s...', got '%s'", i,
			    cases[i].want, err);
	}
}

static void
test_fn_names(void **state)
{
	(void)state;
	static const struct {
		enum sv_fn fn;
		const char *name;
	} names[] = {
		{ SV_FN_SOCKET, "socket" }, { SV_FN_BIND, "bind" },
		{ SV_FN_LISTEN, "listen" }, { SV_FN_ACCEPT, "accept" },
		{ SV_FN_CONNECT, "connect" }, { SV_FN_SEND, "send" },
		{ SV_FN_SENDTO, "sendto" }, { SV_FN_RECV, "recv" },
		{ SV_FN_RECVFROM, "recvfrom" }, { SV_FN_WRITE, "write" },
		{ SV_FN_READ, "read" }, { SV_FN_SHUTDOWN, "shutdown" },
		{ SV_FN_CLOSE, "close" }, { SV_FN_SETSOCKOPT, "setsockopt" },
		{ SV_FN_GETSOCKNAME, "getsockname" },
		{ SV_FN_GETPEERNAME, "getpeername" },
		{ SV_FN_SENDMSG, "sendmsg" }, { SV_FN_RECVMSG, "recvmsg" },
		{ SV_FN_FCNTL, "fcntl" }, { SV_FN_POLL, "poll" },
		{ SV_FN_SOCKETPAIR, "socketpair" },
		{ SV_FN_ACCEPT4, "accept4" }, { SV_FN_SENDMMSG, "sendmmsg" },
		{ SV_FN_RECVMMSG, "recvmmsg" }, { SV_FN_WRITEV, "writev" },
		{ SV_FN_READV, "readv" }, { SV_FN_GETSOCKOPT, "getsockopt" },
		{ SV_FN_DUP, "dup" }, { SV_FN_DUP2, "dup2" },
		{ SV_FN_DUP3, "dup3" }, { SV_FN_PPOLL, "ppoll" },
		{ SV_FN_SELECT, "select" }, { SV_FN_PSELECT6, "pselect6" },
		{ SV_FN_EPOLL_WAIT, "epoll_wait" },
		{ SV_FN_EPOLL_PWAIT, "epoll_pwait" },
	};
	for (size_t i = 0; i < NELEM(names); i++)
		assert_string_equal(sv_fn_name(names[i].fn), names[i].name);
	assert_int_equal(NELEM(names), SV_FN_COUNT);
	/* A scenario makes every call but the traced programs' own. */
	for (int i = 0; i < SV_FN_COUNT; i++)
		assert_int_equal(sv_fn_is((enum sv_fn)i, SV_CALL_TRACED),
		    i >= SV_FN_SOCKETPAIR);
	for (int i = 0; i < SV_FN_COUNT; i++) {
		const char *n = sv_fn_name((enum sv_fn)i);
		assert_int_equal(sv_fn_lookup(n, strlen(n)), i);
	}
	assert_string_equal(sv_fn_name((enum sv_fn)99), "?");
}

/* ---- (d) every prefix of every good text ----------------------------- */

/* Parse text[0..n) for every n; each either parses or names a place. */
static int
check_prefixes(const char *name, const char *text, size_t len)
{
	int failures = 0;
	for (size_t n = 0; n <= len; n++) {
		char err[ERRLEN];
		memset(err, 0, sizeof(err));
		struct sv_scenario *sc = parse_bytes(name, text, n, err,
		    sizeof(err));
		if (sc != NULL) {
			assert_true(sc->n_steps > 0);
			sv_scenario_free(sc);
			continue;
		}
		/* The line named is at most one past the lines in the
		 * prefix (a last line without '\n' still counts). */
		long line, col, lines = 1;
		for (size_t i = 0; i < n; i++)
			lines += text[i] == '\n';
		if (!has_position(err, name, &line, &col) || line > lines) {
			if (failures++ < 5)
				print_error("%s, first %zu bytes: bad message"
				    " '%s'\n", name, n, err);
		}
	}
	return failures;
}

static void
test_prefixes(void **state)
{
	(void)state;
	char *dir = path_of(testdata(), "scenarios/good");
	size_t nf;
	char **files = list_sv(dir, &nf);
	int failures = 0;
	for (size_t i = 0; i < nf; i++) {
		char *path = path_of(dir, files[i]);
		size_t len;
		char *text = read_file(path, &len);
		failures += check_prefixes(path, text, len);
		free(text);
		free(path);
	}
	for (size_t i = 0; i < sv_samples_count; i++)
		failures += check_prefixes(sv_samples[i].name,
		    sv_samples[i].text, sv_samples[i].len);
	free_names(files, nf);
	free(dir);
	assert_int_equal(failures, 0);
}

/* ---- (e) sv_expect_str ----------------------------------------------- */

static void
test_expect_str(void **state)
{
	(void)state;
	static const struct {
		const char *expect, *want;
	} cases[] = {
		{ "-> SYN, SYN-ACK, ACK", "SYN, SYN-ACK, ACK" },
		{ "-> none", "none" },
		{ "-> FIN-ACK, ...", "FIN-ACK, ..." },
		{ "-> ...", "..." },
		{ "-> UDP, ICMP, ICMPv6", "UDP, ICMP, ICMPv6" },
		{ "-> ACK-SYN,RST-ACK", "SYN-ACK, RST-ACK" },
		{ "-> PSH-ACK", "PSH-ACK" },
		{ "= 0", "" },
		{ "", "" },
	};
	for (size_t i = 0; i < NELEM(cases); i++) {
		char text[256], buf[128];
		snprintf(text, sizeof(text),
		    "a: s = socket(AF_INET, SOCK_STREAM)\n"
		    "a: close(s) %s\n", cases[i].expect);
		struct sv_scenario *sc = parse_ok(text);
		memset(buf, 'Z', sizeof(buf));
		char *r = sv_expect_str(&sc->steps[1], buf, sizeof(buf));
		assert_ptr_equal(r, buf);
		assert_string_equal(buf, cases[i].want);

		/* Short buffers get a NUL-terminated prefix, no more. */
		for (size_t size = 1; size <= strlen(cases[i].want); size++) {
			memset(buf, 'Z', sizeof(buf));
			sv_expect_str(&sc->steps[1], buf, size);
			assert_true(strlen(buf) < size);
			assert_int_equal(strncmp(buf, cases[i].want,
			    strlen(buf)), 0);
			assert_int_equal(buf[size], 'Z');
		}
		sv_scenario_free(sc);
	}
}

/* ---- (f) the calls of the second vocabulary -------------------------- */

static void
test_socket_type_flags(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "a: s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK)\n"
	    "a: u = socket(AF_INET6, SOCK_DGRAM|SOCK_CLOEXEC, IPPROTO_UDP)\n"
	    "a: t = socket(AF_INET, SOCK_NONBLOCK | SOCK_CLOEXEC | SOCK_STREAM,"
	    " IPPROTO_TCP)\n"
	    "a: x = accept(t)\n"
	    "a: close(x)\n");
	const struct sv_step *st = &sc->steps[0];
	assert_int_equal(st->type, SOCK_STREAM | SOCK_NONBLOCK);
	assert_int_equal(st->type & SV_SOCK_TYPE_MASK, SOCK_STREAM);
	assert_int_equal(st->protocol, 0);
	st = &sc->steps[1];
	assert_int_equal(st->domain, AF_INET6);
	assert_int_equal(st->type, SOCK_DGRAM | SOCK_CLOEXEC);
	assert_int_equal(st->protocol, IPPROTO_UDP);
	st = &sc->steps[2];
	assert_int_equal(st->type, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC);
	assert_int_equal(st->protocol, IPPROTO_TCP);
	/* A socket accepted from a flagged listener is a socket too. */
	assert_string_equal(sc->steps[3].var, "x");
	assert_string_equal(sc->steps[4].sock, "x");
	sv_scenario_free(sc);
}

static void
test_sendmsg(void **state)
{
	(void)state;
	static const uint8_t lo[16] = { 127, 0, 0, 1 };
	struct sv_scenario *sc = parse_ok(
	    "a: s = socket(AF_INET, SOCK_DGRAM)\n"
	    "a: sendmsg(s, \"data\")\n"
	    "a: sendmsg(s, {\"hel\", \"lo\"}) = 5 -> UDP\n"
	    "a: sendmsg(s, {\"a\",\"b\"}, 127.0.0.1:9999)\n"
	    "a: sendmsg(s, {\"x\", \"\", \"y\\0\"}, NULL, MSG_DONTWAIT)\n"
	    "a: sendmsg(s, \"z\", MSG_NOSIGNAL | MSG_DONTWAIT)\n"
	    "a: recvfrom(s, 8, &peer)\n"
	    "a: sendmsg(s, \"p\", peer, 0)\n"
	    "a: sendmsg(s, {\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\","
	    " \"8\"}, [::1]:53)\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->fn, SV_FN_SENDMSG);
	assert_string_equal(st->sock, "s");
	assert_int_equal(st->data_len, 4);
	assert_string_equal(st->data, "data");
	assert_int_equal(st->n_iov, 1);
	assert_int_equal(st->iov_len[0], 4);
	assert_true(st->addr_null);          /* no address: no msg_name */
	assert_int_equal(st->addr.family, 0);
	assert_null(st->addr_ref);
	assert_int_equal(st->flags, 0);

	st = &sc->steps[2];
	assert_int_equal(st->data_len, 5);
	assert_string_equal(st->data, "hello");
	assert_int_equal(st->n_iov, 2);
	assert_int_equal(st->iov_len[0], 3);
	assert_int_equal(st->iov_len[1], 2);
	assert_true(st->addr_null);
	assert_int_equal(st->expect_ret, 5);
	assert_string_equal(st->expect_text, "= 5 -> UDP");

	st = &sc->steps[3];
	assert_int_equal(st->n_iov, 2);
	assert_string_equal(st->data, "ab");
	assert_false(st->addr_null);
	assert_int_equal(st->addr.family, 4);
	assert_memory_equal(st->addr.addr, lo, 16);
	assert_int_equal(st->addr.port, 9999);

	st = &sc->steps[4];
	assert_int_equal(st->n_iov, 3);
	assert_int_equal(st->iov_len[0], 1);
	assert_int_equal(st->iov_len[1], 0);
	assert_int_equal(st->iov_len[2], 2);
	assert_int_equal(st->data_len, 3);
	assert_memory_equal(st->data, "xy\0", 4);  /* and its terminator */
	assert_true(st->addr_null);
	assert_int_equal(st->flags, MSG_DONTWAIT);

	st = &sc->steps[5];
	assert_true(st->addr_null);
	assert_int_equal(st->flags, MSG_NOSIGNAL | MSG_DONTWAIT);

	st = &sc->steps[7];
	assert_false(st->addr_null);
	assert_string_equal(st->addr_ref, "peer");
	assert_int_equal(st->flags, 0);

	st = &sc->steps[8];
	assert_int_equal(st->n_iov, SV_MAX_IOV);
	assert_string_equal(st->data, "12345678");
	assert_int_equal(st->addr.family, 6);
	assert_int_equal(st->addr.port, 53);
	sv_scenario_free(sc);
}

static void
test_recvmsg(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "a: s = socket(AF_INET, SOCK_DGRAM)\n"
	    "a: recvmsg(s, 64)\n"
	    "a: recvmsg(s, {4, 60}) = 5 \"hello\"\n"
	    "a: recvmsg(s, {1,2,3}, MSG_PEEK | MSG_DONTWAIT, &from)\n"
	    "a: recvmsg(s, 8, NULL)\n"
	    "a: recvmsg(s, 8, MSG_WAITALL, NULL)\n"
	    "a: recvmsg(s, {65535, 1}, &from) = -1 EAGAIN\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->fn, SV_FN_RECVMSG);
	assert_int_equal(st->buflen, 64);
	assert_int_equal(st->n_iov, 1);
	assert_int_equal(st->iov_len[0], 64);
	assert_null(st->addr_out);
	assert_int_equal(st->flags, 0);

	st = &sc->steps[2];
	assert_int_equal(st->buflen, 64);
	assert_int_equal(st->n_iov, 2);
	assert_int_equal(st->iov_len[0], 4);
	assert_int_equal(st->iov_len[1], 60);
	assert_int_equal(st->expect_ret, 5);
	assert_int_equal(st->expect_data_len, 5);
	assert_memory_equal(st->expect_data, "hello", 5);

	st = &sc->steps[3];
	assert_int_equal(st->n_iov, 3);
	assert_int_equal(st->buflen, 6);
	assert_int_equal(st->iov_len[2], 3);
	assert_int_equal(st->flags, MSG_PEEK | MSG_DONTWAIT);
	assert_string_equal(st->addr_out, "from");

	st = &sc->steps[4];
	assert_null(st->addr_out);
	assert_int_equal(st->flags, 0);
	st = &sc->steps[5];
	assert_null(st->addr_out);
	assert_int_equal(st->flags, MSG_WAITALL);

	st = &sc->steps[6];
	assert_int_equal(st->buflen, 65536);
	assert_string_equal(st->addr_out, "from");
	assert_int_equal(st->expect_errno, EAGAIN);
	sv_scenario_free(sc);
}

/* The language is literal: no '&name', no address buffer. */
static void
test_address_buffers(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "a: u = socket(AF_INET, SOCK_DGRAM)\n"
	    "a: recvfrom(u, 64)\n"
	    "a: recvfrom(u, 64, NULL)\n"
	    "a: recvfrom(u, 64, MSG_PEEK, NULL)\n"
	    "a: recvfrom(u, 64, 0, &from)\n"
	    "a: l = socket(AF_INET, SOCK_STREAM)\n"
	    "a: x = accept(l)\n"
	    "a: y = accept(l, NULL)\n"
	    "a: z = accept(l, &peer)\n"
	    "a: recv(z, 4, MSG_PEEK)\n");
	assert_null(sc->steps[1].addr_out);
	assert_null(sc->steps[2].addr_out);
	assert_null(sc->steps[3].addr_out);
	assert_int_equal(sc->steps[3].flags, MSG_PEEK);
	assert_string_equal(sc->steps[4].addr_out, "from");
	assert_int_equal(sc->steps[4].flags, 0);
	assert_string_equal(sc->steps[6].var, "x");
	assert_null(sc->steps[6].addr_out);
	assert_string_equal(sc->steps[7].var, "y");
	assert_null(sc->steps[7].addr_out);
	assert_string_equal(sc->steps[8].addr_out, "peer");
	assert_string_equal(sc->steps[9].sock, "z");
	sv_scenario_free(sc);
}

static void
test_fcntl(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "a: s = socket(AF_INET, SOCK_STREAM)\n"
	    "a: fcntl(s, F_GETFL) = 2\n"
	    "a: fcntl(s, F_SETFL, O_NONBLOCK) = 0\n"
	    "a: fcntl(s, F_SETFL, 0)\n"
	    "a: fcntl(s, F_GETFL, 0) = 2\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->fn, SV_FN_FCNTL);
	assert_string_equal(st->sock, "s");
	assert_int_equal(st->fcntl_cmd, F_GETFL);
	assert_int_equal(st->fcntl_arg, 0);
	assert_int_equal(st->expect_ret, 2);
	st = &sc->steps[2];
	assert_int_equal(st->fcntl_cmd, F_SETFL);
	assert_int_equal(st->fcntl_arg, O_NONBLOCK);
	st = &sc->steps[3];
	assert_int_equal(st->fcntl_cmd, F_SETFL);
	assert_int_equal(st->fcntl_arg, 0);
	st = &sc->steps[4];
	assert_int_equal(st->fcntl_cmd, F_GETFL);
	assert_int_equal(st->fcntl_arg, 0);
	sv_scenario_free(sc);
}

static void
test_poll(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "a: s = socket(AF_INET, SOCK_STREAM)\n"
	    "a: t = socket(AF_INET, SOCK_DGRAM)\n"
	    "a: poll(s, POLLIN)\n"
	    "a: poll({t POLLIN, s POLLIN|POLLOUT}, 2000) = 1\n"
	    "a: poll(s, POLLPRI | POLLRDHUP, -1)\n"
	    "a: poll({s 0}, 0) = 0\n"
	    "a: poll({s POLLIN, s POLLOUT, s POLLIN, s POLLIN, s POLLIN,"
	    " s POLLIN, s POLLIN, t POLLOUT})\n"
	    "b: u = socket(AF_INET, SOCK_DGRAM)\n"
	    "b: poll(u, POLLIN, 5)\n");
	const struct sv_step *st = &sc->steps[2];
	assert_int_equal(st->fn, SV_FN_POLL);
	assert_int_equal(st->n_pfd, 1);
	assert_string_equal(st->pfd[0].sock, "s");
	assert_int_equal(st->pfd[0].events, POLLIN);
	assert_string_equal(st->sock, "s");
	assert_int_equal(st->timeout_ms, -1);

	st = &sc->steps[3];
	assert_int_equal(st->n_pfd, 2);
	assert_string_equal(st->pfd[0].sock, "t");
	assert_int_equal(st->pfd[0].events, POLLIN);
	assert_string_equal(st->pfd[1].sock, "s");
	assert_int_equal(st->pfd[1].events, POLLIN | POLLOUT);
	assert_string_equal(st->sock, "t");           /* the first */
	assert_int_equal(st->timeout_ms, 2000);
	assert_int_equal(st->expect_ret, 1);

	st = &sc->steps[4];
	assert_int_equal(st->pfd[0].events, POLLPRI | POLLRDHUP);
	assert_int_equal(st->timeout_ms, -1);
	st = &sc->steps[5];
	assert_int_equal(st->pfd[0].events, 0);
	assert_int_equal(st->timeout_ms, 0);
	st = &sc->steps[6];
	assert_int_equal(st->n_pfd, SV_MAX_POLL);
	assert_string_equal(st->pfd[SV_MAX_POLL - 1].sock, "t");
	assert_int_equal(st->pfd[SV_MAX_POLL - 1].events, POLLOUT);
	st = &sc->steps[8];
	assert_int_equal(st->actor, 1);
	assert_string_equal(st->sock, "u");
	assert_int_equal(st->timeout_ms, 5);
	sv_scenario_free(sc);
}

static void
test_killed(void **state)
{
	(void)state;
	struct sv_scenario *sc = parse_ok(
	    "client: c = socket(AF_INET, SOCK_STREAM)\n"
	    "client: write(c, \"late\") = -1 EPIPE killed SIGPIPE -> none\n"
	    "client: write(c, \"late\") killed SIGPIPE\n"
	    "client: send(c, \"x\") -> none killed   SIGKILL\n"
	    "client: send(c, \"x\") = -1 killed SIGTERM\n"
	    "client: close(c) killed SIGPIPE -> ...\n"
	    "client: close(c) = 0\n");
	const struct sv_step *st = &sc->steps[1];
	assert_int_equal(st->expect_signal, SIGPIPE);
	assert_true(st->expect_ret_set);
	assert_int_equal(st->expect_ret, -1);
	assert_int_equal(st->expect_errno, EPIPE);
	assert_true(st->expect_pkts_set);
	assert_int_equal(st->n_expect, 0);
	assert_string_equal(st->expect_text,
	    "= -1 EPIPE killed SIGPIPE -> none");

	st = &sc->steps[2];
	assert_int_equal(st->expect_signal, SIGPIPE);
	assert_false(st->expect_ret_set);
	assert_false(st->expect_pkts_set);
	assert_string_equal(st->expect_text, "killed SIGPIPE");

	st = &sc->steps[3];
	assert_int_equal(st->expect_signal, SIGKILL);
	assert_string_equal(st->expect_text, "-> none killed SIGKILL");

	st = &sc->steps[4];
	assert_int_equal(st->expect_signal, SIGTERM);
	assert_int_equal(st->expect_ret, -1);
	assert_int_equal(st->expect_errno, 0);

	st = &sc->steps[5];
	assert_int_equal(st->expect_signal, SIGPIPE);
	assert_true(st->expect_more);
	st = &sc->steps[6];
	assert_int_equal(st->expect_signal, 0);
	sv_scenario_free(sc);
}

static void
test_signal_names(void **state)
{
	(void)state;
	char buf[32];
	assert_string_equal(sv_signal_name(SIGPIPE, buf, sizeof(buf)),
	    "SIGPIPE");
	assert_string_equal(sv_signal_name(SIGKILL, buf, sizeof(buf)),
	    "SIGKILL");
	assert_string_equal(sv_signal_name(SIGUSR2, buf, sizeof(buf)),
	    "SIGUSR2");
	assert_string_equal(sv_signal_name(SIGCHLD, buf, sizeof(buf)),
	    "SIGCHLD");
	memset(buf, 'Z', sizeof(buf));
	sv_signal_name(SIGPIPE, buf, 4);
	assert_string_equal(buf, "SIG");
	assert_int_equal(buf[4], 'Z');
}

/* The unknown-call message names every call of the table. */
static void
test_unknown_call_lists_all(void **state)
{
	(void)state;
	char err[ERRLEN];
	parse_bad("a: s = socket(AF_INET, SOCK_DGRAM)\na: sendmsgs(s, \"x\")\n",
	    err, sizeof(err));
	assert_non_null(strstr(err, "t.sv:2:4: unknown call 'sendmsgs'; known:"
	    " socket, bind, "));
	const char *list = strstr(err, "known: ") + strlen("known: ");
	/* Each name as a whole word: "send," is not "sendto,"; the calls
	 * only traced programs make are not offered. */
	enum sv_fn lastfn = SV_FN_POLL;
	for (int i = 0; i < SV_FN_COUNT; i++) {
		char word[40];
		const char *name = sv_fn_name((enum sv_fn)i);
		if (sv_fn_is((enum sv_fn)i, SV_CALL_TRACED)) {
			snprintf(word, sizeof(word), " %s,", name);
			if (strstr(list, word) != NULL)
				fail_msg("'%s' is offered: %s", name, err);
			continue;
		}
		if (i == (int)lastfn)
			snprintf(word, sizeof(word), " %s", name);
		else
			snprintf(word, sizeof(word), "%s%s,", i ? " " : "", name);
		if (strstr(list, word) == NULL)
			fail_msg("'%s' is not in: %s", name, err);
	}
	const char *last = sv_fn_name(lastfn);
	assert_string_equal(list + strlen(list) - strlen(last), last);
	/* Named in a scenario, a program's call is unknown too. */
	parse_bad("a: s = socket(AF_INET, SOCK_DGRAM)\na: accept4(s)\n",
	    err, sizeof(err));
	assert_non_null(strstr(err, "t.sv:2:4: unknown call 'accept4'"));
}

/* ---- (g) checking a call against its step ---------------------------- */

/* A write() step with these expectations, checked against the call c;
 * the failure ("" if none) goes to out. */
static const char *
check_one(const char *expect, struct sv_call *c, char *out, size_t size)
{
	char text[256];
	snprintf(text, sizeof(text),
	    "client: c = socket(AF_INET, SOCK_STREAM)\n"
	    "client: write(c, \"late\") %s\n", expect);
	struct sv_scenario *sc = parse_ok(text);
	struct sv_timeline *tl = sv_timeline_new();
	assert_non_null(tl);
	c->fn = SV_FN_WRITE;
	int r = sv_check_expect(&sc->steps[1], tl, c);
	assert_int_equal(r, c->failure == NULL ? 0 : -1);
	snprintf(out, size, "%s", c->failure ? c->failure : "");
	free(c->failure);
	c->failure = NULL;
	sv_timeline_free(tl);
	sv_scenario_free(sc);
	return out;
}

static void
test_check_expect(void **state)
{
	(void)state;
	struct sv_call c;
	char b[512];
	memset(&c, 0, sizeof(c));
#define CHECK(expect) check_one(expect, &c, b, sizeof(b))

	/* It died of the signal the lecturer said. */
	c.ret = -1;
	c.err = EPIPE;
	c.signal = SIGPIPE;
	assert_string_equal(CHECK("= -1 EPIPE killed SIGPIPE -> none"),
	    "");
	assert_string_equal(CHECK("killed SIGPIPE"), "");
	/* A signal no '=' asked about is not this layer's to judge. */
	assert_string_equal(CHECK("-> none"), "");
	assert_string_equal(CHECK(""), "");
	/* Killed, and the step expected only a return. */
	assert_string_equal(CHECK("= -1 EPIPE"),
	    "expected = -1 EPIPE; the actor was killed by SIGPIPE");
	/* Killed by another signal. */
	assert_string_equal(CHECK("killed SIGTERM"),
	    "expected the actor to be killed by SIGTERM; it was killed by"
	    " SIGPIPE");
	c.signal = 64;
	assert_string_equal(CHECK("= 4 killed SIGPIPE"),
	    "expected the actor to be killed by SIGPIPE; it was killed by"
	    " signal 64");

	/* Not killed. */
	c.signal = 0;
	assert_string_equal(CHECK("= -1 EPIPE killed SIGPIPE"),
	    "expected the actor to be killed by SIGPIPE; it was not");
	assert_string_equal(CHECK("= -1 EPIPE"), "");
	assert_string_equal(CHECK("= 4"),
	    "expected = 4; it returned -1 EPIPE");
	c.ret = 4;
	c.err = 0;
	assert_string_equal(CHECK("= 4 -> none"), "");

	/* Ended at the deadline: its ret means nothing. */
	c.unfinished = 1;
	c.ret = 0;
	assert_string_equal(CHECK("= 0"),
	    "expected = 0; it had not returned when its actor was ended at"
	    " the deadline");
	c.signal = SIGKILL;
	assert_string_equal(CHECK("= -1 EAGAIN"),
	    "expected = -1 EAGAIN; it had not returned when its actor was"
	    " ended at the deadline");
	assert_string_equal(CHECK("killed SIGKILL -> none"), "");
	assert_string_equal(CHECK("-> none"), "");
#undef CHECK
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_good_files),
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_crlf_and_bom),
		cmocka_unit_test(test_socket_and_actors),
		cmocka_unit_test(test_actor_order),
		cmocka_unit_test(test_connect_ipv4),
		cmocka_unit_test(test_connect_ipv6),
		cmocka_unit_test(test_payload_escapes),
		cmocka_unit_test(test_receive_expectations),
		cmocka_unit_test(test_packet_lists),
		cmocka_unit_test(test_sixteen_packets),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_directive_words_as_actors),
		cmocka_unit_test(test_setsockopt),
		cmocka_unit_test(test_address_variables),
		cmocka_unit_test(test_other_calls),
		cmocka_unit_test(test_reads_only_len),
		cmocka_unit_test(test_error_positions),
		cmocka_unit_test(test_fn_names),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_expect_str),
		cmocka_unit_test(test_socket_type_flags),
		cmocka_unit_test(test_sendmsg),
		cmocka_unit_test(test_recvmsg),
		cmocka_unit_test(test_address_buffers),
		cmocka_unit_test(test_fcntl),
		cmocka_unit_test(test_poll),
		cmocka_unit_test(test_killed),
		cmocka_unit_test(test_signal_names),
		cmocka_unit_test(test_unknown_call_lists_all),
		cmocka_unit_test(test_check_expect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
