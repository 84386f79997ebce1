#!/bin/bash
# Every ```sv example in docs/scenarios.md runs, and every expectation in
# it holds.
. "$(dirname "$0")/lib.sh"
need awk
doc="${SOCKVIZ_TESTDATA:?}/../docs/scenarios.md"
[ -f "$doc" ] || { fail "no $doc"; finish; exit 1; }

awk -v dir="$SCRATCH" '
    /^```sv$/ { n++; f = dir "/example" n ".sv"; inside = 1; next }
    /^```$/ && inside { inside = 0; close(f); next }
    inside { print > f }' "$doc"
count=$(ls "$SCRATCH"/example*.sv 2>/dev/null | wc -l)
check "the page has examples" 1 "$([ "$count" -ge 5 ] && echo 1 || echo 0)"
for f in "$SCRATCH"/example*.sv; do
	"$SOCKVIZ" run "$f" --format json >"$f.json" 2>"$f.err"
	check "$(basename "$f") (of $count) runs and holds" "0 " "$? $(cat "$f.err")"
done
finish
