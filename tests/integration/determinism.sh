#!/bin/bash
# The same scenario gives the same timeline every time: the same events in
# the same order (types, actors, calls, returns, flags, causes), apart from
# times, ports and sequence numbers. RUNS (default 200) runs per scenario.
. "$(dirname "$0")/lib.sh"
need jq
RUNS=${RUNS:-200}
SCENARIOS=${SCENARIOS:-tcp udp udp-connect connect}

# One line per run: the run's events, reduced to what must never change.
SIG='. as $r | [.events[] | if .type == "call" then
    "\(.actor) \(.fn) = \(.ret) \(.errno // "") [\(.packets | length)]"
  else
    "  \(.proto) \(.flags) \(.from)->\(.to) len=\(.len) \(.origin) by \(if .cause == null
      then "kernel: \(.note)" else "\($r.events[.cause].actor) \($r.events[.cause].fn)" end)"
  end] | join("; ")'

for s in $SCENARIOS; do
	for i in $(seq "$RUNS"); do
		"$SOCKVIZ" run $s --format json >"$SCRATCH/run.json" 2>>"$SCRATCH/err" ||
		    echo "exit $?" >>"$SCRATCH/err"
		jq -r "$SIG" "$SCRATCH/run.json" >>"$SCRATCH/$s.sig"
	done
	kinds=$(sort "$SCRATCH/$s.sig" | uniq -c | sort -rn)
	check "$s: one sequence of events in $RUNS runs" 1 "$(echo "$kinds" | wc -l)"
	if [ "$(echo "$kinds" | wc -l)" -ne 1 ]; then
		echo "$kinds" | sed 's/; /\n      /g'
	fi
	check "$s: $RUNS runs, each exit 0 and silent" "" "$(cat "$SCRATCH/err")"
	: >"$SCRATCH/err"
done
finish
