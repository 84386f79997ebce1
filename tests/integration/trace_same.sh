#!/bin/bash
# A scenario and the C programs that make the same calls give the same
# event sequence (calls, packets, flags, causes, origins); and 200 traces
# of the C pair give one sequence.
. "$(dirname "$0")/lib.sh"
need jq
: "${SOCKVIZ_TRACE_BIN:?SOCKVIZ_TRACE_BIN must name the built test programs}"
T=$SOCKVIZ_TESTDATA/trace
B=$SOCKVIZ_TRACE_BIN
RUNS=${TRACE_RUNS:-200}

"$SOCKVIZ" run "$T/echo_pair.sv" --format json >"$SCRATCH/run.json"
check "the scenario runs" 0 $?
jq -r -f "$T/signature.jq" "$SCRATCH/run.json" >"$SCRATCH/run.sig"

trace_pair() {
	"$SOCKVIZ" trace --format json -c server="$B/echo_server 8888" \
	    -c client="$B/echo_client 127.0.0.1 8888 hello" 2>"$SCRATCH/err" \
	    </dev/null | jq -r -f "$T/signature.jq"
}
trace_pair >"$SCRATCH/trace.sig"
check "the trace has events" true "$([ -s "$SCRATCH/trace.sig" ] && echo true)"
if ! cmp -s "$SCRATCH/run.sig" "$SCRATCH/trace.sig"; then
	fail "scenario and program differ:"
	diff "$SCRATCH/run.sig" "$SCRATCH/trace.sig" | head -20
fi
CHECKS=$((CHECKS + 1))

# The same programs, again and again: one sequence.
differ=0
for i in $(seq 1 "$RUNS"); do
	trace_pair >"$SCRATCH/again.sig"
	if ! cmp -s "$SCRATCH/trace.sig" "$SCRATCH/again.sig"; then
		differ=$((differ + 1))
		[ "$differ" -eq 1 ] && diff "$SCRATCH/trace.sig" \
		    "$SCRATCH/again.sig" | head -20
	fi
done
check "$RUNS traces of the C pair: none differs" 0 "$differ"
finish
