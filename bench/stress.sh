#!/bin/bash
# Every lesson N times in a row, to show that sockviz never leaves
# anything behind and that its lessons never waver:
#
#   bench/stress.sh [SOCKVIZ]              every lesson 1000 times
#   N=200 bench/stress.sh                  200 times each
#   LESSONS="tcp udp" N=1000 bench/stress.sh
#
# SOCKVIZ defaults to build/test-plain/sockviz (tests/run-all's plain
# build), else the first of build/*/sockviz. Each run is
# `sockviz run LESSON --format json -o run.pcapng` in a scratch working
# directory, with TMPDIR a scratch directory of its own. Per lesson it
# counts:
#   failed    runs that did not exit 0, or said anything on stderr
#   differ    runs whose events differ from the first run's, by the
#             signature tests/integration/lessons.sh uses (no times,
#             ports or sequence numbers): must be 0
#   procs     runs after which a process of the run (sockviz or an actor,
#             found by an environment variable every run's processes
#             inherit) was still alive when sockviz exited: 0
#   files     runs that left anything in the working directory besides
#             run.pcapng, or anything in TMPDIR: must be 0
#   ms        the wall time of a run: median, p90, p99, max
#   rss       sockviz's peak resident memory, median and max (GNU time)
# and, for the whole machine at the start and at the end: open files
# (/proc/sys/fs/file-nr), network namespaces (distinct /proc/*/ns/net,
# and `ip netns`), processes, and memory used (free -m). sockviz is a new
# process each run, so "flat" means those end where they started (other
# work on the machine moves them too). Exit 1 when any count that must be
# 0 is not.
set -u
cd "$(dirname "$0")/.."
export LC_NUMERIC=C   # EPOCHREALTIME with a decimal point
N=${N:-1000}
SOCKVIZ=${1:-${SOCKVIZ:-}}
if [ -z "$SOCKVIZ" ]; then
	for s in build/test-plain/sockviz build/*/sockviz; do
		[ -x "$s" ] && SOCKVIZ=$s && break
	done
fi
[ -n "$SOCKVIZ" ] && [ -x "$SOCKVIZ" ] || {
	echo "stress.sh: no sockviz binary; build one or name it" >&2
	exit 2
}
SOCKVIZ=$(cd "$(dirname "$SOCKVIZ")" && pwd)/$(basename "$SOCKVIZ")
command -v jq >/dev/null || { echo "stress.sh: needs jq" >&2; exit 2; }
LESSONS=${LESSONS:-$("$SOCKVIZ" list | awk '{print $1}')}
TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=""

# The signature of tests/integration/lessons.sh: what must never change.
SIG='. as $r | [.events[] | if .type == "call" then
    "\(.actor) \(.fn) = \(.ret) \(.errno // "") \(.signal // "") [\(.packets | length)]"
  else
    "  \(.proto) \(.flags) \(.from)->\(.to) len=\(.len) \(.origin) by \(if .cause == null
      then "kernel: \(.note)" else "\($r.events[.cause].actor) \($r.events[.cause].fn)" end)"
  end] | join("; ")'

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/cwd" "$work/tmp"
TAG=SV_STRESS_TAG=stress-$$

machine() {
	local open netns named procs used
	open=$(awk '{print $1 - $2}' /proc/sys/fs/file-nr)
	netns=$(find /proc/[0-9]*/ns/net -maxdepth 0 -printf '%l\n' 2>/dev/null |
	    sort -u | wc -l)
	named=$(ip netns list 2>/dev/null | wc -l)
	procs=$(find /proc -maxdepth 1 -name '[0-9]*' | wc -l)
	used=$(free -m | awk '/^Mem:/ {print $3}')
	echo "$open $netns $named $procs $used"
}

# Processes still carrying this run's tag.
leftovers() {
	grep -l -a -F -- "$TAG-$1." /proc/[0-9]*/environ 2>/dev/null |
	    grep -v "^/proc/$$/" | wc -l
}

# percentile P of the sorted numbers in FILE
pct() {
	awk -v p="$1" '{ v[NR] = $1 } END {
	    if (NR == 0) { print "-"; exit }
	    i = int((NR * p + 99) / 100); if (i < 1) i = 1; if (i > NR) i = NR
	    print v[i] }' "$2"
}

start=$(machine)
t_start=$EPOCHREALTIME
printf '%s\n' "stress.sh: $SOCKVIZ, N=$N, $(echo $LESSONS | wc -w) lessons"
printf '%-24s %5s %6s %6s %5s %5s %8s %8s %8s %8s %9s %9s\n' lesson runs \
    failed differ procs files "ms p50" "ms p90" "ms p99" "ms max" \
    "rss p50" "rss max"
bad=0
tot_runs=0
: >"$work/all.ms"
for s in $LESSONS; do
	: >"$work/$s.all"
	: >"$work/ms"
	: >"$work/rss"
	failed=0 procs=0 files=0
	for i in $(seq "$N"); do
		t0=$EPOCHREALTIME
		(cd "$work/cwd" && env "$TAG-$i." TMPDIR="$work/tmp" \
		    ${TIME:+$TIME -f %M -o "$work/rss1"} \
		    "$SOCKVIZ" run "$s" --format json -o run.pcapng \
		    >"$work/run.json" 2>"$work/err")
		st=$?
		t1=$EPOCHREALTIME
		# µs → ms with three decimals, without a subprocess.
		us=$(( (${t1%.*} - ${t0%.*}) * 1000000 + 10#${t1#*.} - 10#${t0#*.} ))
		printf '%d.%03d\n' $((us / 1000)) $((us % 1000)) >>"$work/ms"
		[ -n "$TIME" ] && tail -n 1 "$work/rss1" >>"$work/rss"
		if [ "$st" -ne 0 ] || [ -s "$work/err" ]; then
			failed=$((failed + 1))
			[ "$failed" -le 3 ] && echo "  $s run $i: exit $st:" \
			    "$(head -c 300 "$work/err")" >>"$work/notes"
		fi
		cat "$work/run.json" >>"$work/$s.all"
		# sockviz reaps its actors before it exits: anything of the run
		# still alive now is left behind.
		if [ "$(leftovers "$i")" -ne 0 ]; then
			procs=$((procs + 1))
			echo "  $s run $i: processes left:" \
			    "$(grep -l -a -F -- "$TAG-$i." \
			    /proc/[0-9]*/environ 2>/dev/null |
			    tr '\n' ' ')" >>"$work/notes"
		fi
		left=$(cd "$work/cwd" && ls -A | grep -vx run.pcapng)
		tmpleft=$(ls -A "$work/tmp")
		if [ -n "$left$tmpleft" ]; then
			files=$((files + 1))
			echo "  $s run $i: left $left $tmpleft" >>"$work/notes"
			rm -rf "$work/cwd"/* "$work/cwd"/.[!.]* "$work/tmp"/* \
			    "$work/tmp"/.[!.]* 2>/dev/null
		fi
	done
	jq -r "$SIG" "$work/$s.all" >"$work/sig" 2>/dev/null
	first=$(head -n 1 "$work/sig")
	nsig=$(wc -l <"$work/sig")
	differ=$(awk -v f="$first" '$0 != f' "$work/sig" | wc -l)
	differ=$((differ + N - nsig))   # a run without JSON differs too
	sort -n "$work/ms" -o "$work/ms"
	cat "$work/ms" >>"$work/all.ms"
	if [ -s "$work/rss" ]; then
		sort -n "$work/rss" -o "$work/rss"
		r50="$(pct 50 "$work/rss")K" rmax="$(pct 100 "$work/rss")K"
	else
		r50=- rmax=-
	fi
	printf '%-24s %5d %6d %6d %5d %5d %8s %8s %8s %8s %9s %9s\n' "$s" "$N" \
	    "$failed" "$differ" "$procs" "$files" "$(pct 50 "$work/ms")" \
	    "$(pct 90 "$work/ms")" "$(pct 99 "$work/ms")" \
	    "$(pct 100 "$work/ms")" "$r50" "$rmax"
	[ $((failed + differ + procs + files)) -eq 0 ] || bad=1
	tot_runs=$((tot_runs + N))
	rm -f "$work/$s.all"
done
t_end=$EPOCHREALTIME
end=$(machine)
sort -n "$work/all.ms" -o "$work/all.ms"
printf '%-24s %5d %6s %6s %5s %5s %8s %8s %8s %8s\n' "all" "$tot_runs" "" "" \
    "" "" "$(pct 50 "$work/all.ms")" "$(pct 90 "$work/all.ms")" \
    "$(pct 99 "$work/all.ms")" "$(pct 100 "$work/all.ms")"
echo
printf '%-8s %10s %7s %10s %7s %10s\n' "machine" "open files" "netns" \
    "ip netns" "procs" "used MiB"
set -- $start
printf '%-8s %10s %7s %10s %7s %10s\n' start "$1" "$2" "$3" "$4" "$5"
set -- $end
printf '%-8s %10s %7s %10s %7s %10s\n' end "$1" "$2" "$3" "$4" "$5"
echo "wall: $(( ${t_end%.*} - ${t_start%.*} )) s for $tot_runs runs"
if [ -s "$work/notes" ]; then
	echo
	head -n 50 "$work/notes"
fi
exit $bad
