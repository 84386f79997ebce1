#!/bin/bash
# Whole runs against the namespace-plus-capture floor:
#
#   bench/run_vs_floor.sh [-n RUNS] [-s "SCENARIO..."] [SOCKVIZ [FLOOR [TIMEIT]]]
#
# Builds nothing: the binaries default to build/c/sockviz,
# build/c/bench/floor and build/c/bench/timeit (bench/CMakeLists.txt;
# build with -DCMAKE_BUILD_TYPE=Release). Runs, RUNS times each (default
# 200) after one warm-up round, interleaved: floor, `sockviz run tcp`,
# `sockviz run udp`, floor, ..., each timed from its start to the end of
# its standard output (timeit -o: the user has the whole timeline then;
# the floor writes nothing, so its end of output is its exit), and prints
# the median, 10th and 90th percentile (ms) of each and each median over
# the floor's. The goal: `sockviz run tcp` within 1.1 times the floor.
# sockviz closes the capture and reaps its actors after the timeline is
# written; -x times every command to its exit instead.
#
# As an unprivileged user (needs unprivileged user namespaces and a build
# directory that user can read):
#   setpriv --reuid=65534 --regid=65534 --clear-groups bench/run_vs_floor.sh
set -eu
cd "$(dirname "$0")/.."

runs=200
scenarios="tcp udp"
until=-o
while getopts n:s:x o; do
	case $o in
	n) runs=$OPTARG ;;
	s) scenarios=$OPTARG ;;
	x) until= ;;
	*) echo "usage: $0 [-n RUNS] [-s \"SCENARIO...\"] [-x] [SOCKVIZ [FLOOR [TIMEIT]]]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
sockviz=${1:-build/c/sockviz}
floor=${2:-build/c/bench/floor}
timeit=${3:-build/c/bench/timeit}
for b in "$sockviz" "$floor" "$timeit"; do
	[ -x "$b" ] || { echo "$0: $b: not built (cmake --build build/c)" >&2; exit 2; }
done

# floor.c copies capture/live.c's capture settings; say so if they drift.
setting() { sed -n "s/^#define $1 \(.*\)/\1/p" "$2" | head -n 1; }
for pair in "SNAPLEN FLOOR_SNAPLEN" "BUFFER_BYTES FLOOR_BUFFER_BYTES" \
    "BLOCK_TIMEOUT_MS FLOOR_BLOCK_TIMEOUT_MS"; do
	set -- $pair
	a=$(setting "$1" capture/live.c)
	b=$(setting "$2" bench/floor.c)
	[ "$a" = "$b" ] || echo "warning: capture/live.c $1 is $a," \
	    "bench/floor.c $2 is $b: the floor no longer matches" >&2
done

# Fail now, with the reason, rather than 200 times silently.
"$floor" >/dev/null
for s in $scenarios; do "$sockviz" run "$s" >/dev/null; done

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
echo "machine: $(nproc) CPUs, $cpu, Linux $(uname -r)," \
    "uid $(id -u), load $(cut -d' ' -f1-3 /proc/loadavg)"
upto="to the last byte of output"
[ -n "$until" ] || upto="to exit"
echo "runs: $runs each, interleaved; times in ms, $upto; ratio = median / floor median"
cmd=("$timeit" $until -n "$runs" -- "$floor")
for s in $scenarios; do cmd+=(-- "$sockviz" run "$s"); done
status=0
table=$("${cmd[@]}") || status=$?
printf '%s\n' "$table"

# The goal: `sockviz run tcp` within 1.1 times the floor (median).
ratio=$(printf '%s\n' "$table" | awk '$2 ~ /sockviz$/ && $3 == "run" &&
    $4 == "tcp" { print $NF }')
if [ -n "$ratio" ]; then
	verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 1.1 ? "met" : "missed") }')
	echo "goal: sockviz run tcp median <= 1.1 x floor median: $verdict ($ratio)"
fi
exit $status
