#!/bin/bash
# The drawn formats, byte for byte: every case of tests/golden/TESTLIST
# (a recorded run of each lesson, and the captures of tests/captures,
# rendered as text at 100 and 140 columns, as SVG and as TikZ) must
# render exactly as its golden file. When a
# change to the drawing is meant, regenerate them and read the diff:
#
#   tests/golden/regen.sh
. "$(dirname "$0")/lib.sh"
golden=${SOCKVIZ_TESTDATA:?}/golden
[ -f "$golden/TESTLIST" ] || { fail "no $golden/TESTLIST"; finish; exit 1; }

cases=0
while read -r in out opts; do
	case $in in '#'*|'') continue ;; esac
	cases=$((cases + 1))
	# shellcheck disable=SC2086
	( cd "$golden" && "$SOCKVIZ" render "$in" $opts ) >"$SCRATCH/got" \
	    2>"$SCRATCH/err"
	check "$out: render exits 0, silent" "0 " "$? $(cat "$SCRATCH/err")"
	if ! cmp -s "$golden/$out" "$SCRATCH/got"; then
		fail "$out differs from its golden file (tests/golden/regen.sh" \
		    "makes it again); the first lines that differ:"
		diff "$golden/$out" "$SCRATCH/got" | head -8
	fi
	CHECKS=$((CHECKS + 1))
done <"$golden/TESTLIST"
check "every lesson has its golden files" 1 \
    "$([ "$cases" -ge $(( $("$SOCKVIZ" list | wc -l) * 4 )) ] && echo 1)"
finish
