#!/bin/bash
# sockviz render against the tools a user would otherwise run, on one
# large capture of real loopback traffic, side by side in one run:
#
#   bench/compare.sh [-n RUNS] [-t TSHARK_RUNS] [-p PACKETS] [-R] BUILD_DIR
#
# BUILD_DIR is a Release build (cmake -DCMAKE_BUILD_TYPE=Release) with the
# bench/ tools; nothing is built here. The script
#   1. makes the capture with BUILD_DIR/bench/gen_capture --live: PACKETS
#      (default 1003000) packets of real loopback traffic in a private
#      network namespace, 13-packet TCP connections and 4 datagrams each
#      (no root needed where unprivileged user namespaces are on);
#      a 100,000-packet one besides, and two synthetic ones of the same
#      100 conversations (100,000 and 1,000,000 packets, gen_capture N
#      100), for the memory checks;
#   2. runs, RUNS times each (default 5; tshark TSHARK_RUNS times, default
#      3, as it takes 20 s a run), interleaved round by round so that a
#      change in the machine's load falls on every tool alike:
#        sockviz render FILE > out.txt          the ladder, text
#        sockviz render FILE --format json > out.json
#        sockviz render FILE --flows > out.flows
#        TZ=UTC tcpdump -nn -r FILE > out.tcpdump      if installed
#        tshark -r FILE -q -z flow,tcp,standard > out  if installed
#        BUILD_DIR/bench/pcap_loop FILE          a bare pcap_next_ex() loop
#      every output to a file in the scratch directory, each run timed
#      and its peak memory taken by BUILD_DIR/bench/maxrss;
#   3. prints the machine, the median and spread of each, the ratios the
#      speed goals name (bench/README.md) and whether each holds;
#   4. unless -R, runs bench/run_vs_floor.sh -n 100 (sockviz run against
#      the namespace-plus-capture floor).
# About 3 minutes on the 2-core test machine. .ci/run does not run it:
# timings belong here, never in tests.
set -eu
cd "$(dirname "$0")/.."

runs=5 truns=3 packets=1003000 run_floor=1
usage() {
	echo "usage: $0 [-n RUNS] [-t TSHARK_RUNS] [-p PACKETS] [-R] BUILD_DIR" >&2
	exit 2
}
while getopts n:t:p:R o; do
	case $o in
	n) runs=$OPTARG ;;
	t) truns=$OPTARG ;;
	p) packets=$OPTARG ;;
	R) run_floor=0 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
b=$(cd "$1" && pwd)
for t in sockviz bench/gen_capture bench/maxrss bench/pcap_loop; do
	[ -x "$b/$t" ] || { echo "compare.sh: no $b/$t; build it" >&2; exit 2; }
done
grep -q 'CMAKE_BUILD_TYPE:STRING=Release' "$b/CMakeCache.txt" 2>/dev/null ||
	echo "compare.sh: warning: $b is not a Release build" >&2

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "machine: $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo |
    head -1), $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
echo "load at start: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "making the captures (real loopback traffic, bench/gen_capture --live)..."
"$b/bench/gen_capture" --live "$packets" >"$tmp/big.pcap" 2>"$tmp/gen"
sed 's/^/  /' "$tmp/gen"
"$b/bench/gen_capture" --live 100000 >"$tmp/small.pcap" 2>"$tmp/gen"
sed 's/^/  /' "$tmp/gen"
"$b/bench/gen_capture" 100000 100 >"$tmp/syn-small.pcap"
"$b/bench/gen_capture" 1000000 100 >"$tmp/syn-big.pcap"
echo "  $(du -m "$tmp/big.pcap" | cut -f1) MB, $packets packets"

have_tcpdump=0 have_tshark=0
command -v tcpdump >/dev/null && have_tcpdump=1
command -v tshark >/dev/null && have_tshark=1

# measure NAME OUT COMMAND...: one run, its microseconds and KiB appended
# to $tmp/NAME.
measure() {
	local name=$1 out=$2
	shift 2
	if ! "$b/bench/maxrss" "$@" >"$out" 2>"$tmp/err"; then
		echo "compare.sh: $name failed:" >&2
		tail -3 "$tmp/err" >&2
		exit 1
	fi
	grep '^maxrss_kib=' "$tmp/err" | tail -1 | sed \
	    's/maxrss_kib=\([0-9]*\) wall_us=\([0-9]*\).*/\2 \1/' \
	    >>"$tmp/$name"
}

export TZ=UTC
f=$tmp/big.pcap
echo "running $runs rounds (tshark $truns)..."
for r in $(seq "$runs"); do
	measure text "$tmp/out.txt" "$b/sockviz" render "$f"
	measure json "$tmp/out.json" "$b/sockviz" render "$f" --format json
	measure flows "$tmp/out.flows" "$b/sockviz" render "$f" --flows
	measure loop "$tmp/out.loop" "$b/bench/pcap_loop" "$f"
	[ $have_tcpdump = 1 ] &&
		measure tcpdump "$tmp/out.tcpdump" tcpdump -nn -r "$f"
	[ $have_tshark = 1 ] && [ "$r" -le "$truns" ] &&
		measure tshark "$tmp/out.tshark" tshark -r "$f" -q \
		    -z flow,tcp,standard
	measure small "$tmp/out.small" "$b/sockviz" render "$tmp/small.pcap"
	[ $have_tcpdump = 1 ] && measure small-tcpdump "$tmp/out.small-td" \
		tcpdump -nn -r "$tmp/small.pcap"
	measure syn-small "$tmp/out.syn" "$b/sockviz" render "$tmp/syn-small.pcap"
	measure syn-big "$tmp/out.syn" "$b/sockviz" render "$tmp/syn-big.pcap"
	echo "  round $r done"
done

# stat NAME FIELD: median, min, max of a column (1: µs, 2: KiB).
stat() {
	sort -n -k"$2" "$tmp/$1" | awk -v k="$2" '{ v[NR] = $k } END {
	    m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	    print m, v[1], v[NR] }'
}
med() { stat "$1" 1 | cut -d' ' -f1; }
kib() { stat "$1" 2 | cut -d' ' -f3; }

# calc EXPR: floating-point arithmetic (awk: bc is not always there).
calc() { awk "BEGIN { print $1 }"; }

row() {   # NAME WHAT
	[ -s "$tmp/$1" ] || return 0
	set -- "$1" "$2" $(stat "$1" 1) "$(kib "$1")" "$(wc -l <"$tmp/$1")"
	printf '| %s | %.3f s (%.3f–%.3f) | %.1f MiB | %d |\n' "$2" \
	    "$(calc "$3 / 1e6")" "$(calc "$4 / 1e6")" "$(calc "$5 / 1e6")" \
	    "$(calc "$6 / 1024")" "$7"
}

echo
echo "medians of $runs runs (min–max), peak resident memory (the largest):"
echo
echo "| work | wall time | peak memory | runs |"
echo "| --- | --- | --- | --- |"
row text "\`sockviz render big.pcap > out.txt\` (the ladder, text)"
row json "\`sockviz render big.pcap --format json > out.json\`"
row flows "\`sockviz render big.pcap --flows\`"
row tcpdump "\`TZ=UTC tcpdump -nn -r big.pcap > out\`"
row tshark "\`tshark -r big.pcap -q -z flow,tcp,standard > out\`"
row loop "a bare \`pcap_next_ex\` loop (bench/pcap_loop.c)"
row small "\`sockviz render small.pcap > out.txt\`, 100,000 packets"
row small-tcpdump "\`TZ=UTC tcpdump -nn -r small.pcap > out\`, 100,000 packets"
row syn-small "\`sockviz render\` of 100,000 packets in 100 conversations"
row syn-big "\`sockviz render\` of 1,000,000 packets in 100 conversations"

# ratio A B: how many times B's median is A's.
ratio() { calc "$(med "$2") / $(med "$1")"; }
goal() {  # TEXT HOLDS
	printf '  %-62s %s\n' "$1" "$([ "$2" = 1 ] && echo yes || echo NO)"
}
ge() { calc "($1 >= $2) ? 1 : 0"; }

echo
echo "goals:"
if [ $have_tcpdump = 1 ]; then
	x=$(ratio text tcpdump)
	goal "$(printf 'text %.2fx faster than tcpdump (at least 2x)' "$x")" \
	    "$(ge "$x" 2)"
	x=$(ratio json tcpdump)
	goal "$(printf 'json %.2fx the speed of tcpdump (at least 1x)' "$x")" \
	    "$(ge "$x" 1)"
fi
if [ $have_tshark = 1 ]; then
	x=$(ratio text tshark)
	goal "$(printf 'text %.1fx faster than tshark flow,tcp (at least 20x)' \
	    "$x")" "$(ge "$x" 20)"
fi
x=$(ratio loop flows)
goal "$(printf -- '--flows %.2fx the bare read loop (at most 3x)' "$x")" \
    "$(ge 3 "$x")"
big=$(kib text) small=$(kib small)
peak=0
for n in text json flows; do
	[ "$(kib $n)" -gt "$peak" ] && peak=$(kib $n)
done
goal "$(printf 'peak memory %.1f MiB (under 32 MiB)' \
    "$(calc "$peak / 1024")")" "$(ge 32768 "$peak")"
x=$(kib syn-small) y=$(kib syn-big)
goal "$(printf 'text memory flat in packets: %.1f MiB at 100,000, %.1f at 1,000,000' \
    "$(calc "$x / 1024")" "$(calc "$y / 1024")") (same 100 conversations; within 10%)" \
    "$(ge "$x * 1.1" "$y")"
# Informative: on the lab capture the conversations grow with the
# packets, and what is kept of each (a TCP connection's numbers, an
# endpoint's lane, a conversation's stretch) with them; tcpdump keeps
# each connection's numbers too.
printf '  %s\n' "$(printf 'lab capture, 100,000 -> %d packets: sockviz %.1f -> %.1f MiB' \
    "$packets" "$(calc "$small / 1024")" "$(calc "$big / 1024")")$(
    [ $have_tcpdump = 1 ] && printf ', tcpdump %.1f -> %.1f MiB' \
    "$(calc "$(kib small-tcpdump) / 1024")" "$(calc "$(kib tcpdump) / 1024")")"
echo "load at end: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ $run_floor = 1 ]; then
	echo
	echo "sockviz run against the floor (bench/run_vs_floor.sh -n 100):"
	bench/run_vs_floor.sh -n 100 "$b/sockviz" "$b/bench/floor" \
	    "$b/bench/timeit"
fi
