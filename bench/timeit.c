/*
 * Wall time of commands, run in turn: the first, the second, ..., the
 * first again, N rounds, with a monotonic clock around each spawn-to-reap.
 *
 *   timeit [-n RUNS] [-w WARMUP] [-r RAWFILE] [-e] [-o] -- CMD [ARGS...]
 *          [-- CMD [ARGS...]]...
 *
 * -o times each run to the end of its standard output (a pipe, read and
 * dropped) instead of to its exit: when the user has the whole output,
 * whatever teardown comes after it.
 *
 * Each command runs RUNS times (default 200) after WARMUP uncounted runs
 * (default 1), standard input, output and error on /dev/null (-e keeps
 * standard error). Prints, per command, the runs, the failures (nonzero
 * exit or signal), and the median, 10th and 90th percentile, minimum
 * and maximum in milliseconds, then each command's median over the
 * first's. RAWFILE gets one line per run: round, command number, ns,
 * wait status. Exit status 0, or 1 when any counted run failed.
 *
 * posix_spawn (vfork-like on glibc) keeps the timer's own cost to tens
 * of microseconds, where `date +%s%N` around each run adds a fork and
 * exec of date on either side.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct cmd {
	char **argv;
	long long *ns;
	int failures;
	int first_status;        /* of the first failed run */
};

static long long
now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return x < y ? -1 : x > y;
}

/* Nearest rank: the smallest value with at least p of the runs at or
 * below it. */
static long long
pct(const long long *sorted, int n, int p)
{
	int k = (int)(((long long)p * n + 99) / 100);
	if (k < 1)
		k = 1;
	return sorted[k - 1];
}

static double
median(const long long *sorted, int n)
{
	return n % 2 ? (double)sorted[n / 2] :
	    ((double)sorted[n / 2 - 1] + (double)sorted[n / 2]) / 2;
}

static int to_eof;

static int
run_once(char **argv, int keep_stderr, long long *ns, int *status)
{
	int p[2] = { -1, -1 };
	if (to_eof && pipe2(p, O_CLOEXEC) < 0) {
		perror("timeit: pipe");
		return -1;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (to_eof)
		posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null",
		    O_WRONLY, 0);
	if (!keep_stderr)
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null",
		    O_WRONLY, 0);
	pid_t pid;
	long long t0 = now_ns();
	int e = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	if (to_eof)
		close(p[1]);
	if (e != 0) {
		posix_spawn_file_actions_destroy(&fa);
		fprintf(stderr, "timeit: %s: %s\n", argv[0], strerror(e));
		if (to_eof)
			close(p[0]);
		return -1;
	}
	long long t_eof = 0;
	if (to_eof) {
		char buf[65536];
		ssize_t n;
		while ((n = read(p[0], buf, sizeof(buf))) != 0)
			if (n < 0 && errno != EINTR)
				break;
		t_eof = now_ns();
		close(p[0]);
	}
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR) {
			perror("timeit: waitpid");
			posix_spawn_file_actions_destroy(&fa);
			return -1;
		}
	}
	*ns = (to_eof ? t_eof : now_ns()) - t0;
	posix_spawn_file_actions_destroy(&fa);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: timeit [-n RUNS] [-w WARMUP] [-r RAWFILE]"
	    " [-e] [-o] -- CMD [ARGS...] [-- CMD [ARGS...]]...\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	int runs = 200, warmup = 1, keep_stderr = 0;
	const char *rawpath = NULL;
	int i = 1;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (strcmp(argv[i], "-w") == 0 && i + 1 < argc)
			warmup = atoi(argv[++i]);
		else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
			rawpath = argv[++i];
		else if (strcmp(argv[i], "-e") == 0)
			keep_stderr = 1;
		else if (strcmp(argv[i], "-o") == 0)
			to_eof = 1;
		else
			usage();
	}
	if (i >= argc || runs < 1 || warmup < 0)
		usage();

	/* Split the rest at each "--" into commands, in place. */
	struct cmd cmds[16];
	int nc = 0;
	while (i < argc) {
		argv[i++] = NULL;        /* the "--" ends the previous argv */
		if (i >= argc || strcmp(argv[i], "--") == 0)
			usage();
		if (nc == 16) {
			fprintf(stderr, "timeit: at most 16 commands\n");
			return 2;
		}
		cmds[nc].argv = argv + i;
		cmds[nc].failures = 0;
		cmds[nc].first_status = 0;
		cmds[nc].ns = calloc((size_t)runs, sizeof(long long));
		if (cmds[nc].ns == NULL) {
			perror("timeit");
			return 2;
		}
		nc++;
		while (i < argc && strcmp(argv[i], "--") != 0)
			i++;
	}

	FILE *raw = NULL;
	if (rawpath != NULL && (raw = fopen(rawpath, "w")) == NULL) {
		perror(rawpath);
		return 2;
	}

	long long ns;
	int status;
	for (int w = 0; w < warmup; w++)
		for (int c = 0; c < nc; c++)
			if (run_once(cmds[c].argv, keep_stderr, &ns,
			    &status) < 0)
				return 2;
	for (int k = 0; k < runs; k++)
		for (int c = 0; c < nc; c++) {
			if (run_once(cmds[c].argv, keep_stderr, &ns,
			    &status) < 0)
				return 2;
			cmds[c].ns[k] = ns;
			if (status != 0 && cmds[c].failures++ == 0)
				cmds[c].first_status = status;
			if (raw != NULL)
				fprintf(raw, "%d %d %lld %d\n", k, c, ns,
				    status);
		}
	if (raw != NULL)
		fclose(raw);

	int failed = 0;
	double med0 = 0;
	printf("%-3s %-30s %5s %5s %9s %9s %9s %9s %9s %7s\n", "#",
	    "command", "runs", "fail", "median", "p10", "p90", "min", "max",
	    "ratio");
	for (int c = 0; c < nc; c++) {
		struct cmd *cm = &cmds[c];
		qsort(cm->ns, (size_t)runs, sizeof(long long), cmp_ll);
		char label[31];
		size_t off = 0;
		label[0] = '\0';
		for (char **a = cm->argv; *a != NULL && off < sizeof(label) - 1;
		    a++) {
			const char *s = a == cm->argv && strrchr(*a, '/') ?
			    strrchr(*a, '/') + 1 : *a;
			int n = snprintf(label + off, sizeof(label) - off,
			    "%s%s", off ? " " : "", s);
			if (n < 0)
				break;
			off += (size_t)n;
			if (off >= sizeof(label))
				off = sizeof(label) - 1;
		}
		double med = median(cm->ns, runs);
		if (c == 0)
			med0 = med;
		printf("%-3d %-30s %5d %5d %9.3f %9.3f %9.3f %9.3f %9.3f"
		    " %7.3f\n", c, label, runs, cm->failures, med / 1e6,
		    pct(cm->ns, runs, 10) / 1e6, pct(cm->ns, runs, 90) / 1e6,
		    cm->ns[0] / 1e6, cm->ns[runs - 1] / 1e6,
		    med0 > 0 ? med / med0 : 0.0);
		if (cm->failures) {
			failed = 1;
			if (WIFEXITED(cm->first_status))
				fprintf(stderr, "timeit: %s failed %d times,"
				    " first with exit status %d\n",
				    cm->argv[0], cm->failures,
				    WEXITSTATUS(cm->first_status));
			else
				fprintf(stderr, "timeit: %s failed %d times,"
				    " first killed by signal %d\n",
				    cm->argv[0], cm->failures,
				    WTERMSIG(cm->first_status));
		}
	}
	return failed;
}
