#!/bin/bash
# What tracing costs: a client making N one-byte send()s to a server
# (tests/trace/send_loop.c), untraced, under `strace -f`, and under
# `sockviz trace`; and the whole run of the C echo pair under sockviz
# trace. Medians of RUNS rounds, the variants interleaved.
#
#   bench/trace_overhead.sh [BUILD_DIR]      (default build/c, Release)
#   N=10000 RUNS=15 bench/trace_overhead.sh build/c
#
# Untraced and strace run on the host's loopback (ports 18001, 18002);
# sockviz in its own namespace, as always. The server says "listening"
# once it is, and the client starts on that line, never after a sleep.
set -u
BUILD=${1:-build/c}
N=${N:-10000}
RUNS=${RUNS:-15}
SV=$BUILD/sockviz
P=$BUILD/tests/trace
for f in "$SV" "$P/send_loop" "$P/echo_server" "$P/echo_client"; do
	[ -x "$f" ] || { echo "missing $f: build $BUILD first" >&2; exit 2; }
done
HAVE_STRACE=0
command -v strace >/dev/null && HAVE_STRACE=1

# pair WRAPPER PORT: the server under WRAPPER, then the client, waited for.
pair() {
	local wrap=$1 port=$2
	exec 3< <($wrap "$P/send_loop" server "$port")
	read -r -u 3 line
	$wrap "$P/send_loop" client "$port" "$N"
	cat <&3 >/dev/null
	exec 3<&-
	wait
}
plain() { pair "" 18001; }
straced() { pair "strace -f -qq -o /dev/null" 18002; }
traced() {
	"$SV" trace --format json -c server="$P/send_loop server 18003" \
	    -c client="$P/send_loop client 18003 $N" >/dev/null 2>&1
}
echo_pair() {
	"$SV" trace -c server="$P/echo_server 8888" \
	    -c client="$P/echo_client 127.0.0.1 8888" >/dev/null 2>&1
}

# ms VARIANT: one timed round, in milliseconds.
ms() {
	local t0=$EPOCHREALTIME
	"$1"
	local t1=$EPOCHREALTIME
	echo $(( (${t1/./} - ${t0/./}) / 1000 ))
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

variants="plain traced echo_pair"
[ "$HAVE_STRACE" -eq 1 ] && variants="plain straced traced echo_pair"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for v in $variants; do "$v" >/dev/null 2>&1; done     # warm-up
for r in $(seq 1 "$RUNS"); do
	for v in $variants; do ms "$v" >>"$tmp/$v" 2>/dev/null; done
done
base=$(median <"$tmp/plain")
echo "$N one-byte send()s over TCP, $RUNS rounds, $(nproc) CPUs, $(uname -r)"
printf '%-40s %8s %8s\n' "variant" "median" "ratio"
for v in $variants; do
	m=$(median <"$tmp/$v")
	case $v in
	plain) label="untraced" ;;
	straced) label="strace -f" ;;
	traced) label="sockviz trace (JSON of every call)" ;;
	echo_pair) label="sockviz trace of the C echo pair" ;;
	esac
	if [ "$v" = echo_pair ]; then
		printf '%-40s %6s ms %8s\n' "$label" "$m" "-"
	else
		printf '%-40s %6s ms %7sx\n' "$label" "$m" \
		    "$(awk -v a="$m" -v b="$base" 'BEGIN { printf "%.1f", a / (b ? b : 1) }')"
	fi
done
