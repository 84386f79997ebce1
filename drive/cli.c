#include "drive/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drive/render_cmd.h"
#include "drive/run.h"
#include "drive/samples.h"
#include "drive/scenario.h"
#include "drive/trace.h"
#include "render/render.h"

#define MAX_OUTPUTS 16
#define HELD_NOTE_BYTES (4 * 1024 * 1024)   /* report_held() */
#define MAX_PROGRAMS 16
#define MAX_SCENARIO_BYTES (4 * 1024 * 1024)
#define HEADLINE "connect"

/* Two %s: the extensions and the names of the formats, from the
 * registry, so that a new format is listed without touching this text. */
static const char usage_text[] =
"usage: sockviz                       the headline lesson: TCP connect() vs UDP connect()\n"
"       sockviz list                  the built-in scenarios, one line each\n"
"       sockviz show NAME             print a built-in scenario's text\n"
"       sockviz run NAME|FILE [options]\n"
"       sockviz render FILE.pcap|FILE.pcapng [options]   draw a capture\n"
"       sockviz trace [options] -- PROGRAM [ARG...]   trace a program's socket calls\n"
"       sockviz trace [options] -c NAME=COMMAND -c NAME=COMMAND ...\n"
"                                     several programs (each by /bin/sh -c), each\n"
"                                     started once the one before it waits\n"
"options:\n"
"  -o FILE          write a file; the format follows the extension; may repeat:\n"
"                   %s\n"
"  --format FMT     the format for standard output (default: text):\n"
"                   %s\n"
"  --host           capture on the host's lo (needs CAP_NET_RAW), no namespace\n"
"  --slides         the lesson as 16:9 frames, one per step (pdf: a page each)\n"
"  --time rows|scaled   rows evenly spaced, long waits cut and marked (rows,\n"
"                   the default), or placed on a time axis to scale\n"
"  --deadline MS    how long a blocking call may wait (default 2000)\n"
"  --width N        columns for the text format (default: the terminal's, or 110)\n"
"  --color, --no-color   force colours on or off (default: on for a terminal\n"
"                   unless NO_COLOR is set)\n"
"options of trace only:\n"
"  -c NAME=COMMAND  a program, an actor called NAME; may repeat\n"
"                   (--deadline: how long the others may go on after the\n"
"                   last one exits, or all may wait, before they are ended)\n"
"options of render only:\n"
"  --filter EXPR    draw only the packets a pcap filter expression admits\n"
"  --flows          list the conversations with packet and byte counts\n"
"  --conv SPEC      draw one conversation: its line number in --flows, or its\n"
"                   endpoints, 127.0.0.1:41234-127.0.0.1:8888; may repeat\n"
"  --top N          draw the N busiest conversations (by packets)\n"
"exit status: 0 ok, 1 an expectation did not hold, 2 bad usage or input,\n"
"             3 the environment refused (no namespace, no capture permission)\n";

struct output {
	const char *path;
	const struct sv_renderer *r;
	char tmp[PATH_MAX];
	FILE *fp;
};

struct opts {
	const char *cmd;
	const char *target;
	const char *format;
	struct output out[MAX_OUTPUTS];
	int n_out;
	int host;
	int deadline_ms;
	int width;
	int color;               /* -1: decide from the terminal */
	const char *filter;
	int flows;
	struct sv_select sel;    /* --conv, --top */
	int slides;
	int time_scaled;
	const char *cmds[MAX_PROGRAMS];   /* trace's -c NAME=COMMAND */
	int n_cmds;
	char **program;          /* trace's -- PROGRAM ARG... */
};

/* "text, json, ..." (or ".txt .json ..." when ext) for every renderer. */
static const char *
format_list(int ext, char *buf, size_t size)
{
	const struct sv_renderer *const *r = sv_renderers();
	size_t j = 0;
	buf[0] = '\0';
	for (size_t i = 0; r[i] != NULL && j < size; i++) {
		int n = snprintf(buf + j, size - j, "%s%s", i == 0 ? "" :
		    ext ? " " : ", ", ext ? r[i]->ext : r[i]->name);
		if (n < 0)
			break;
		j += (size_t)n;
	}
	return buf;
}

static int
usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "sockviz: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (sockviz --help shows the usage)\n");
	return SV_EXIT_USAGE;
}

static int
parse_int_arg(const char *s, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int
parse_opts(int argc, char **argv, int first, struct opts *o)
{
	for (int i = first; i < argc; i++) {
		const char *a = argv[i];
		const char *val = i + 1 < argc ? argv[i + 1] : NULL;
		int is_render = o->cmd != NULL && strcmp(o->cmd, "render") == 0;
		int is_trace = o->cmd != NULL && strcmp(o->cmd, "trace") == 0;
		if (is_trace && strcmp(a, "--") == 0) {
			if (i + 1 >= argc)
				return usage_error("-- needs a program to"
				    " run%s", "");
			o->program = &argv[i + 1];
			return 0;
		}
		if (is_trace && strcmp(a, "-c") == 0) {
			if (val == NULL)
				return usage_error("%s needs NAME=COMMAND", a);
			if (o->n_cmds == MAX_PROGRAMS)
				return usage_error("more than 16 programs%s",
				    "");
			o->cmds[o->n_cmds++] = val;
			i++;
			continue;
		}
		if (is_render && strcmp(a, "--flows") == 0) {
			o->flows = 1;
			continue;
		}
		if (is_render && (strcmp(a, "--conv") == 0 ||
		    strcmp(a, "--top") == 0)) {
			char msg[400];
			if (val == NULL)
				return usage_error("%s needs a value", a);
			i++;
			if (strcmp(a, "--top") == 0) {
				int n;
				if (parse_int_arg(val, 1, SV_MAX_TOP, &n) < 0) {
					snprintf(msg, sizeof(msg), "--top wants a"
					    " number of conversations from 1 to"
					    " %d, not '%%s'", SV_MAX_TOP);
					return usage_error(msg, val);
				}
				o->sel.top = (unsigned long)n;
			} else if (sv_select_add_conv(&o->sel, val, msg,
			    sizeof(msg)) < 0) {
				return usage_error("%s", msg);
			}
			if (o->sel.top > 0 && o->sel.n_pick > 0)
				return usage_error("--conv and --top both choose"
				    " what to draw: give one of them%s", "");
			continue;
		}
		if (is_render && strcmp(a, "--filter") == 0) {
			if (val == NULL)
				return usage_error("%s needs a value", a);
			o->filter = val;
			i++;
			continue;
		}
		if (strcmp(a, "--time") == 0) {
			if (val == NULL)
				return usage_error("%s needs a value", a);
			if (strcmp(val, "scaled") != 0 &&
			    strcmp(val, "rows") != 0)
				return usage_error("--time wants rows or scaled,"
				    " not '%s'", val);
			o->time_scaled = strcmp(val, "scaled") == 0;
			i++;
			continue;
		}
		if (strcmp(a, "-o") == 0 || strcmp(a, "--format") == 0 ||
		    strcmp(a, "--deadline") == 0 || strcmp(a, "--width") == 0) {
			if (val == NULL)
				return usage_error("%s needs a value", a);
			i++;
			if (strcmp(a, "-o") == 0) {
				if (o->n_out == MAX_OUTPUTS)
					return usage_error("more than 16 -o"
					    " files%s", "");
				const struct sv_renderer *r =
				    sv_renderer_by_path(val);
				if (r == NULL) {
					char known[256], msg[600];
					snprintf(msg, sizeof(msg), "-o %s:"
					    " unknown extension (known: %s)",
					    val, format_list(1, known,
					    sizeof(known)));
					return usage_error("%s", msg);
				}
				o->out[o->n_out].path = val;
				o->out[o->n_out].r = r;
				o->n_out++;
			} else if (strcmp(a, "--format") == 0) {
				if (sv_renderer_by_name(val) == NULL) {
					char known[256], msg[600];
					snprintf(msg, sizeof(msg), "unknown"
					    " format '%s' (known: %s)", val,
					    format_list(0, known,
					    sizeof(known)));
					return usage_error("%s", msg);
				}
				o->format = val;
			} else if (strcmp(a, "--deadline") == 0) {
				if (parse_int_arg(val, 1, 600000,
				    &o->deadline_ms) < 0)
					return usage_error("--deadline wants"
					    " milliseconds from 1 to 600000,"
					    " not '%s'", val);
			} else if (parse_int_arg(val, SV_TEXT_MIN_WIDTH,
			    SV_TEXT_MAX_WIDTH, &o->width) < 0) {
				char msg[120];
				snprintf(msg, sizeof(msg), "--width wants %d to"
				    " %d columns, not '%%s'", SV_TEXT_MIN_WIDTH,
				    SV_TEXT_MAX_WIDTH);
				return usage_error(msg, val);
			}
		} else if (strcmp(a, "--host") == 0) {
			o->host = 1;
		} else if (strcmp(a, "--slides") == 0) {
			o->slides = 1;
		} else if (strcmp(a, "--color") == 0) {
			o->color = 1;
		} else if (strcmp(a, "--no-color") == 0) {
			o->color = 0;
		} else if (a[0] == '-' && a[1] != '\0') {
			return usage_error("unknown option '%s'", a);
		} else if (o->target == NULL) {
			o->target = a;
		} else {
			return usage_error("unexpected argument '%s'", a);
		}
	}
	return 0;
}

/*
 * Temporary files are removed on every way out: the normal paths below,
 * and a signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT, or SIGPIPE when standard
 * output is a closed pipe). The handler unlinks what is registered here,
 * then dies of the same signal, so the exit status says it was
 * interrupted (130, 143, ...). unlink() is async-signal-safe; the array is
 * written only with the signals blocked.
 */
static struct output *volatile pending_out;
static volatile sig_atomic_t pending_n;

static void
on_fatal_signal(int sig)
{
	struct output *out = pending_out;
	for (sig_atomic_t i = 0; out != NULL && i < pending_n; i++)
		if (out[i].tmp[0] != '\0')
			unlink(out[i].tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
    SIGPIPE };

static void
catch_fatal_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(int); i++)
		sigaddset(&sa.sa_mask, fatal_signals[i]);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(int); i++)
		sigaction(fatal_signals[i], &sa, NULL);
}

/* Let the handler see o's temporary files (or none, with n 0). */
static void
register_outputs(struct output *out, int n)
{
	sigset_t all, old;
	sigemptyset(&all);
	for (size_t i = 0; i < sizeof(fatal_signals) / sizeof(int); i++)
		sigaddset(&all, fatal_signals[i]);
	sigprocmask(SIG_BLOCK, &all, &old);
	pending_out = out;
	pending_n = n;
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Every -o file is opened before the run, under a temporary name in the
 * same directory, so a path that cannot be written fails before anything
 * runs and a failed run leaves nothing behind. */
static int
open_outputs(struct opts *o)
{
	register_outputs(o->out, o->n_out);
	for (int i = 0; i < o->n_out; i++) {
		struct output *out = &o->out[i];
		struct stat sb;
		if (stat(out->path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "sockviz: cannot write %s: %s\n",
			    out->path, strerror(EISDIR));
			return -1;
		}
		int n = snprintf(out->tmp, sizeof(out->tmp), "%s.tmp.XXXXXX",
		    out->path);
		if (n < 0 || (size_t)n >= sizeof(out->tmp)) {
			fprintf(stderr, "sockviz: cannot write %s: path too"
			    " long\n", out->path);
			return -1;
		}
		int fd = mkstemp(out->tmp);
		if (fd < 0) {
			fprintf(stderr, "sockviz: cannot write %s: %s\n",
			    out->path, strerror(errno));
			out->tmp[0] = '\0';
			return -1;
		}
		/* mkstemp makes 0600; a capture file is the user's to share. */
		mode_t um = umask(0);
		umask(um);
		fchmod(fd, 0666 & ~um);
		out->fp = fdopen(fd, "w");
		if (out->fp == NULL) {
			fprintf(stderr, "sockviz: cannot write %s: %s\n",
			    out->path, strerror(errno));
			close(fd);
			return -1;
		}
	}
	return 0;
}

static void
discard_outputs(struct opts *o)
{
	for (int i = 0; i < o->n_out; i++) {
		struct output *out = &o->out[i];
		if (out->fp != NULL) {
			fclose(out->fp);
			out->fp = NULL;
		}
		if (out->tmp[0] != '\0') {
			unlink(out->tmp);
			out->tmp[0] = '\0';
		}
	}
}

/* Every -o file, whole: flushed to disk, then renamed into place. */
static int
finish_outputs(struct opts *o)
{
	for (int i = 0; i < o->n_out; i++) {
		struct output *out = &o->out[i];
		int e = fflush(out->fp) == 0 && fsync(fileno(out->fp)) == 0 ?
		    0 : errno;
		if (fclose(out->fp) != 0 && e == 0)
			e = errno;
		out->fp = NULL;
		if (e == 0 && rename(out->tmp, out->path) < 0)
			e = errno;
		if (e != 0) {
			fprintf(stderr, "sockviz: cannot write %s: %s\n",
			    out->path, strerror(e));
			return -1;
		}
		out->tmp[0] = '\0';
	}
	return 0;
}

static int
terminal_width(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	const char *c = getenv("COLUMNS");
	int w;
	if (c != NULL && parse_int_arg(c, 20, 1000, &w) == 0)
		return w;
	return 110;
}

/* Standard output first, then every -o file. */
static int
make_sinks(const struct opts *o, struct sv_sink *sinks, int *n)
{
	const struct sv_renderer *r = sv_renderer_by_name(o->format ?
	    o->format : "text");
	int tty = isatty(STDOUT_FILENO);
	if (r->binary && tty) {
		fprintf(stderr, "sockviz: not writing %s to a terminal; use"
		    " -o FILE.%s or a pipe\n", r->name, r->name);
		return -1;
	}
	memset(sinks, 0, sizeof(*sinks) * (size_t)(o->n_out + 1));
	sinks[0].r = r;
	sinks[0].name = "standard output";
	sinks[0].out.fp = stdout;
	sinks[0].out.color = o->color >= 0 ? o->color : tty &&
	    getenv("NO_COLOR") == NULL;
	sinks[0].out.width = o->width ? o->width : terminal_width();
	sinks[0].out.slides = o->slides;
	sinks[0].out.time_scaled = o->time_scaled;
	for (int i = 0; i < o->n_out; i++) {
		sinks[i + 1].r = o->out[i].r;
		sinks[i + 1].name = o->out[i].path;
		sinks[i + 1].out.fp = o->out[i].fp;
		sinks[i + 1].out.width = o->width ? o->width : 110;
		sinks[i + 1].out.slides = o->slides;
		sinks[i + 1].out.time_scaled = o->time_scaled;
	}
	*n = o->n_out + 1;
	return 0;
}

/* Print errbuf's lines, each with the program's name. */
static void
print_errors(char *err)
{
	char *p = err;
	while (*p) {
		char *nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		if (*p)
			fprintf(stderr, "sockviz: %s\n", p);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* A scenario by built-in name, or from a file. */
static struct sv_scenario *
load_scenario(const char *target, int *status)
{
	char err[1024];
	const struct sv_sample *s = sv_sample_find(target);
	struct sv_scenario *sc;
	*status = SV_EXIT_USAGE;
	if (s != NULL) {
		sc = sv_scenario_parse(s->name, s->text, s->len, err,
		    sizeof(err));
		if (sc == NULL)
			fprintf(stderr, "sockviz: built-in %s\n", err);
		return sc;
	}
	FILE *fp = fopen(target, "rb");
	struct stat sb;
	if (fp != NULL && fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(fp);
		fp = NULL;
		errno = EISDIR;
	}
	if (fp == NULL) {
		if (errno == ENOENT && strchr(target, '/') == NULL &&
		    strchr(target, '.') == NULL)
			fprintf(stderr, "sockviz: unknown scenario '%s'"
			    " ('sockviz list' shows the built-in ones)\n",
			    target);
		else
			fprintf(stderr, "sockviz: %s: %s\n", target,
			    strerror(errno));
		return NULL;
	}
	char *buf = malloc(MAX_SCENARIO_BYTES + 1);
	size_t n = buf ? fread(buf, 1, MAX_SCENARIO_BYTES + 1, fp) : 0;
	int rerr = ferror(fp);
	fclose(fp);
	if (buf == NULL || rerr || n > MAX_SCENARIO_BYTES) {
		fprintf(stderr, "sockviz: %s: %s\n", target, buf == NULL ?
		    "out of memory" : rerr ? strerror(errno ? errno : EIO) :
		    "larger than 4 MiB");
		free(buf);
		return NULL;
	}
	sc = sv_scenario_parse(target, buf, n, err, sizeof(err));
	free(buf);
	if (sc == NULL)
		fprintf(stderr, "%s\n", err);
	return sc;
}

static int
cmd_list(void)
{
	char err[1024];
	int w = 0;
	for (size_t i = 0; i < sv_samples_count; i++)
		if ((int)strlen(sv_samples[i].name) > w)
			w = (int)strlen(sv_samples[i].name);
	for (size_t i = 0; i < sv_samples_count; i++) {
		const struct sv_sample *s = &sv_samples[i];
		struct sv_scenario *sc = sv_scenario_parse(s->name, s->text,
		    s->len, err, sizeof(err));
		if (sc == NULL) {
			fprintf(stderr, "sockviz: built-in %s\n", err);
			return SV_EXIT_USAGE;
		}
		printf("%-*s  %s\n", w, s->name, sc->summary ? sc->summary :
		    sc->title ? sc->title : "");
		sv_scenario_free(sc);
	}
	return SV_EXIT_OK;
}

static int
cmd_show(const char *name)
{
	const struct sv_sample *s = sv_sample_find(name);
	if (s == NULL) {
		fprintf(stderr, "sockviz: unknown scenario '%s' ('sockviz"
		    " list' shows the built-in ones)\n", name);
		return SV_EXIT_USAGE;
	}
	fwrite(s->text, 1, s->len, stdout);
	return SV_EXIT_OK;      /* sv_cli_main checks the write */
}

static int draw(struct opts *o, struct sv_sink *sinks, int n_sinks,
    struct sv_timeline *tl, int status, char *err);
static int release_stdout(int status);

static int
cmd_run(struct opts *o)
{
	int status;
	struct sv_sink sinks[MAX_OUTPUTS + 1];
	int n_sinks;
	struct sv_scenario *sc = load_scenario(o->target, &status);
	if (sc == NULL)
		return status;
	if (open_outputs(o) < 0 || make_sinks(o, sinks, &n_sinks) < 0) {
		discard_outputs(o);
		sv_scenario_free(sc);
		return SV_EXIT_USAGE;
	}
	struct sv_teardown *td = NULL;
	struct sv_run_opts ro = { .host = o->host,
	    .deadline_ms = o->deadline_ms, .teardown = &td };
	struct sv_timeline *tl = NULL;
	char err[8192];
	status = sv_run(sc, &ro, &tl, err, sizeof(err));
	status = draw(o, sinks, n_sinks, tl, status, err);
	/* The timeline is out: a reader of standard output may stop
	 * waiting now, before the capture is closed. */
	if (td != NULL)
		status = release_stdout(status);
	sv_teardown_finish(td);
	sv_scenario_free(sc);
	return status;
}

/*
 * Standard output, flushed and then pointed at /dev/null, so that a pipe
 * or file reader sees the end of the timeline before teardown; a lost
 * write is reported here, as stdout_done() would.
 */
static int
release_stdout(int status)
{
	if (fflush(stdout) != 0 || ferror(stdout)) {
		if (status == SV_EXIT_OK) {
			fprintf(stderr, "sockviz: standard output: %s\n",
			    strerror(errno ? errno : EIO));
			status = SV_EXIT_USAGE;
		}
		return status;
	}
	if (isatty(STDOUT_FILENO))
		return status;
	int nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (nul >= 0) {
		dup2(nul, STDOUT_FILENO);
		close(nul);
	}
	return status;
}

/* Draw what a run or a trace recorded into every sink; the exit status. */
static int
draw(struct opts *o, struct sv_sink *sinks, int n_sinks,
    struct sv_timeline *tl, int status, char *err)
{
	int drawn = tl != NULL;
	for (int i = 0; drawn && i < n_sinks; i++) {
		if (sv_render(sinks[i].r, &sinks[i].out, tl) < 0 ||
		    fflush(sinks[i].out.fp) != 0 || ferror(sinks[i].out.fp)) {
			fprintf(stderr, "sockviz: %s: %s\n", sinks[i].name,
			    sinks[i].out.err[0] ? sinks[i].out.err :
			    strerror(errno));
			drawn = 0;
			if (status == SV_EXIT_OK)
				status = SV_EXIT_USAGE;
		}
	}
	/* A run whose capture is whole leaves its files, even when an
	 * expectation failed: the failure is in them, to look at. */
	if (drawn && status != SV_EXIT_ENV && finish_outputs(o) < 0 &&
	    status == SV_EXIT_OK)
		status = SV_EXIT_USAGE;
	discard_outputs(o);
	print_errors(err);
	sv_timeline_free(tl);
	return status;
}

/* NAME of -c NAME=COMMAND: letters, digits, '_', '-', '.'. */
static int
good_name(const char *s, size_t n)
{
	if (n == 0 || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!(s[i] == '_' || s[i] == '-' || s[i] == '.' ||
		    (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' &&
		    s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
			return 0;
	return 1;
}

static int
cmd_trace(struct opts *o)
{
	struct sv_trace_prog progs[MAX_PROGRAMS];
	char names[MAX_PROGRAMS][33];
	char *shargv[MAX_PROGRAMS][4];
	char title[512];
	size_t tn = 0;
	int n = 0;
	title[0] = '\0';
	if (o->program != NULL) {
		const char *base = strrchr(o->program[0], '/');
		base = base ? base + 1 : o->program[0];
		snprintf(names[0], sizeof(names[0]), "%s", *base ? base :
		    "program");
		progs[n].name = names[0];
		progs[n++].argv = o->program;
		for (char **a = o->program; *a && tn < sizeof(title); a++)
			tn += (size_t)snprintf(title + tn, sizeof(title) - tn,
			    "%s%s", a == o->program ? "" : " ", *a);
	}
	for (int i = 0; i < o->n_cmds; i++) {
		const char *eq = strchr(o->cmds[i], '=');
		size_t len = eq ? (size_t)(eq - o->cmds[i]) : 0;
		if (eq == NULL || !good_name(o->cmds[i], len) || eq[1] == '\0')
			return usage_error("-c wants NAME=COMMAND, NAME of"
			    " letters, digits, '_', '-' or '.' (at most 32),"
			    " not '%s'", o->cmds[i]);
		memcpy(names[n], o->cmds[i], len);
		names[n][len] = '\0';
		for (int k = 0; k < n; k++)
			if (strcmp(names[k], names[n]) == 0)
				return usage_error("two programs are called"
				    " '%s'", names[n]);
		shargv[n][0] = "/bin/sh";
		shargv[n][1] = "-c";
		shargv[n][2] = (char *)(eq + 1);
		shargv[n][3] = NULL;
		progs[n].name = names[n];
		progs[n].argv = shargv[n];
		if (tn < sizeof(title))
			tn += (size_t)snprintf(title + tn, sizeof(title) - tn,
			    "%s%s: %s", n ? "; " : "", names[n], eq + 1);
		n++;
	}
	struct sv_sink sinks[MAX_OUTPUTS + 1];
	int n_sinks;
	if (open_outputs(o) < 0 || make_sinks(o, sinks, &n_sinks) < 0) {
		discard_outputs(o);
		return SV_EXIT_USAGE;
	}
	struct sv_trace_opts to = { .progs = progs, .n_progs = n,
	    .deadline_ms = o->deadline_ms, .title = title };
	struct sv_timeline *tl = NULL;
	char err[8192];
	int status = sv_trace(&to, &tl, err, sizeof(err));
	return draw(o, sinks, n_sinks, tl, status, err);
}

/* A format that could not stream says how much it held (a picture
 * needs its height before its first row), once that is worth saying. */
static void
report_held(const struct sv_sink *k)
{
	if (k->out.held < HELD_NOTE_BYTES || k->out.held_where == NULL)
		return;
	fprintf(stderr, "sockviz: %s: %s held %.1f MiB %s before writing;"
	    " --conv or --top draw less\n", k->name, k->r->name,
	    (double)k->out.held / (1024 * 1024), k->out.held_where);
}

static int
cmd_render(struct opts *o)
{
	char err[2048];
	struct sv_sink sinks[MAX_OUTPUTS + 1];
	int n_sinks, st;
	FILE *fp = fopen(o->target, "rb");
	if (fp == NULL) {
		fprintf(stderr, "sockviz: %s: %s\n", o->target,
		    strerror(errno));
		return SV_EXIT_USAGE;
	}
	if (o->flows) {
		if (o->n_out > 0 || o->format != NULL) {
			fclose(fp);
			return usage_error("--flows prints a table; it takes"
			    " no -o or --format%s", "");
		}
		if (sv_select_active(&o->sel)) {
			fclose(fp);
			return usage_error("--flows lists every conversation;"
			    " --conv and --top choose what to draw%s", "");
		}
		st = sv_render_flows(fp, o->target, o->filter, stdout, err,
		    sizeof(err));
	} else if (open_outputs(o) < 0 || make_sinks(o, sinks,
	    &n_sinks) < 0) {
		st = SV_EXIT_USAGE;
	} else {
		st = sv_render_capture(fp, o->target, o->filter, &o->sel,
		    sinks, n_sinks, err, sizeof(err));
		if (fflush(stdout) != 0 && st == 0) {
			snprintf(err, sizeof(err), "standard output: %s",
			    strerror(errno));
			st = SV_EXIT_USAGE;
		}
		/* Files are written only from a capture read whole. */
		if (st == 0 && finish_outputs(o) < 0)
			st = SV_EXIT_USAGE;
		for (int i = 0; st == 0 && i < n_sinks; i++)
			report_held(&sinks[i]);
	}
	discard_outputs(o);
	fclose(fp);
	sv_select_fini(&o->sel);
	if (st != 0)
		print_errors(err);
	return st;
}

/*
 * Descriptors 0, 1 and 2 are made valid before anything else opens a
 * file, so that no output file or socket can take a standard
 * descriptor's number (a closed standard output would otherwise receive
 * the timeline meant for an -o file). Returns whether standard output was
 * closed.
 */
static int
standard_fds(void)
{
	int closed_out = 0;
	for (int fd = 0; fd <= 2; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		closed_out |= fd == STDOUT_FILENO;
		int n = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
		if (n >= 0 && n != fd) {
			dup2(n, fd);
			close(n);
		}
	}
	return closed_out;
}

/* Standard output, finished: a lost write is an error, with its reason. */
static int
stdout_done(int status)
{
	/* A failed command has said why already, standard output's errors
	 * included. */
	if (status != SV_EXIT_OK) {
		fflush(stdout);
		return status;
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "sockviz: standard output: %s\n",
		    strerror(errno ? errno : EIO));
		return status == SV_EXIT_OK ? SV_EXIT_USAGE : status;
	}
	return status;
}

static int
cli_main(int argc, char **argv);

int
sv_cli_main(int argc, char **argv)
{
	if (standard_fds()) {
		fprintf(stderr, "sockviz: standard output is closed; give it"
		    " somewhere to go (>/dev/null to keep only -o files)\n");
		return SV_EXIT_USAGE;
	}
	catch_fatal_signals();
	errno = 0;
	int status = cli_main(argc, argv);
	register_outputs(NULL, 0);
	return stdout_done(status);
}

static int
cli_main(int argc, char **argv)
{
	struct opts o;
	memset(&o, 0, sizeof(o));
	o.color = -1;

	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0)) {
		char ext[256], names[256];
		printf(usage_text, format_list(1, ext, sizeof(ext)),
		    format_list(0, names, sizeof(names)));
		return SV_EXIT_OK;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("sockviz 0.1.0\n");
		return SV_EXIT_OK;
	}
	if (argc < 2 || argv[1][0] == '-') {
		/* The headline lesson, with any options given. */
		o.cmd = "run";
		int r = parse_opts(argc, argv, 1, &o);
		if (r != 0)
			return r;
		if (o.target != NULL)
			return usage_error("unknown command '%s'", o.target);
		o.target = HEADLINE;
		return cmd_run(&o);
	}
	o.cmd = argv[1];
	if (strcmp(o.cmd, "list") == 0) {
		if (argc > 2)
			return usage_error("list takes no arguments%s", "");
		return cmd_list();
	}
	if (strcmp(o.cmd, "show") == 0) {
		if (argc != 3)
			return usage_error("show takes one scenario name%s",
			    "");
		return cmd_show(argv[2]);
	}
	if (strcmp(o.cmd, "render") == 0) {
		int r = parse_opts(argc, argv, 2, &o);
		if (r != 0)
			return r;
		if (o.target == NULL)
			return usage_error("render needs a capture file%s", "");
		if (o.host || o.deadline_ms)
			return usage_error("render runs nothing: --host and"
			    " --deadline are for run%s", "");
		return cmd_render(&o);
	}
	if (strcmp(o.cmd, "run") == 0) {
		int r = parse_opts(argc, argv, 2, &o);
		if (r != 0)
			return r;
		if (o.target == NULL)
			return usage_error("run needs a scenario name or"
			    " file%s", "");
		return cmd_run(&o);
	}
	if (strcmp(o.cmd, "trace") == 0) {
		int r = parse_opts(argc, argv, 2, &o);
		if (r != 0)
			return r;
		if (o.target != NULL)
			return usage_error("unexpected argument '%s' (a"
			    " program to trace comes after --)", o.target);
		if (o.program == NULL && o.n_cmds == 0)
			return usage_error("trace needs -- PROGRAM [ARG...] or"
			    " -c NAME=COMMAND%s", "");
		if (o.program != NULL && o.n_cmds > 0)
			return usage_error("trace takes -- PROGRAM or -c"
			    " NAME=COMMAND, not both%s", "");
		if (o.host)
			return usage_error("trace runs its programs in a"
			    " namespace of their own: --host is for run%s",
			    "");
		return cmd_trace(&o);
	}
	return usage_error("unknown command '%s'", o.cmd);
}
