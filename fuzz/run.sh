#!/bin/sh
# Build the libFuzzer targets and run each for a bounded time; exit 1 on
# the first one that finds a crash, a leak, a hang or a broken promise.
#
#   fuzz/run.sh                      every target, FUZZ_SECONDS each (20)
#   FUZZ_SECONDS=3600 fuzz/run.sh    an hour each, for a long hunt
#   fuzz/run.sh fuzz_timeline        one target (or several)
#   FUZZ_BUILD=build/fuzz fuzz/run.sh   another build directory
#
# tests/run-all runs it (`tests/run-all fuzz` alone). Each target starts
# from its seeds (fuzz/corpus/TARGET and the test inputs named below),
# read only: the inputs it adds go to FUZZ_BUILD/corpus/TARGET, which
# later runs start from too, and anything it finds to
# FUZZ_BUILD/TARGET-crash-* (or -leak-, -timeout-, -oom-). Replay one
# with `FUZZ_BUILD/fuzz/TARGET FILE`; make it a test case before fixing
# it (fuzz/README.md). Per target it prints the executions, the coverage
# (cov: edges, ft: features) and the corpus size at the end.
set -eu
cd "$(dirname "$0")/.."
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
FUZZ_BUILD=${FUZZ_BUILD:-build/test-fuzz}
ALL="fuzz_decode fuzz_pcap fuzz_pcapng fuzz_scenario fuzz_timeline"
targets=${*:-$ALL}

cmake -S . -B "$FUZZ_BUILD" -DCMAKE_C_COMPILER=clang -DSOCKVIZ_FUZZ=ON \
    -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$FUZZ_BUILD" -j "$(nproc 2>/dev/null || echo 2)" \
    --target $targets >/dev/null

# The seed directories of each target, besides fuzz/corpus/TARGET.
seeds() {
	case $1 in
	fuzz_scenario) echo samples tests/scenarios/good tests/scenarios/bad ;;
	fuzz_pcap|fuzz_pcapng) echo tests/captures/broken ;;
	*) ;;
	esac
}

failed=0
for t in $targets; do
	corpus=$FUZZ_BUILD/corpus/$t
	log=$FUZZ_BUILD/$t.log
	mkdir -p "$corpus"
	own=""
	[ -d "fuzz/corpus/$t" ] && own=fuzz/corpus/$t
	# -timeout: one input taking 10 s is a hang. The first directory is
	# the one libFuzzer writes to; the seeds are only read.
	if "$FUZZ_BUILD/fuzz/$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 \
	    -artifact_prefix="$FUZZ_BUILD/$t-" \
	    "$corpus" $own $(seeds "$t") >"$log" 2>&1; then
		done_line=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -n 1)
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
		rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
		rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
		cov=$(echo "$done_line" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')
		ft=$(echo "$done_line" | sed -n 's/.*ft: \([0-9]*\).*/\1/p')
		corp=$(echo "$done_line" | sed -n 's/.*corp: \([^ ]*\).*/\1/p')
		printf '%-14s %5ss %10s execs %7s/s  cov %5s  ft %6s  corpus %-12s rss %s MB\n' \
		    "$t" "$FUZZ_SECONDS" "$execs" "$rate" "$cov" "$ft" "$corp" "$rss"
	else
		tail -n 40 "$log"
		echo "fuzz/run.sh: $t found a problem; see $log and" \
		    "$FUZZ_BUILD/$t-*"
		failed=1
		break
	fi
done
exit $failed
