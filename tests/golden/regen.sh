#!/bin/bash
# Regenerates the golden files: every case of tests/golden/TESTLIST (input
# capture, expected output, options) rendered again by `sockviz render`,
# from this directory.
#
#   tests/golden/regen.sh [BUILD_DIR]            the outputs, from the inputs
#   tests/golden/regen.sh --record [BUILD_DIR]   first record every built-in
#                                                lesson again (new inputs)
#
# BUILD_DIR defaults to build (the README's). PDF and PNG are drawn from
# the SVG by librsvg and cairo, whose bytes change with their versions:
# their checks are in tests/integration/pdf_png.sh, not here. The inputs (tests/golden/in/*.pcapng) are
# one run of each lesson, kept: a pcapng carries the run's calls, so
# `sockviz render` draws it whole, with the run's times and ports, the
# same every time. Recording again changes them (new times, new ports):
# do it when a lesson changes, and read the diff of the outputs.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
record=
if [ "${1:-}" = --record ]; then
	record=1
	shift
fi
build=$(cd "${1:-$here/../../build}" && pwd)
sockviz=$build/sockviz
[ -x "$sockviz" ] || { echo "regen.sh: no $sockviz (build first)" >&2; exit 2; }

if [ -n "$record" ]; then
	rm -f "$here"/in/*.pcapng
	"$sockviz" list | awk '{ print $1 }' | while read -r l; do
		# A lesson's expectation may fail and it is still drawn.
		"$sockviz" run "$l" -o "$here/in/$l.pcapng" --format json \
		    >/dev/null || [ $? -eq 1 ]
	done
fi

# The list: every input here, every capture of tests/captures.
{
	echo "# input expected-output options (tests/golden/regen.sh writes this)"
	# The lessons, then the captures other tools made.
	for f in "$here"/in/*.pcapng "$here"/../captures/*.pcap; do
		[ -f "$f" ] || continue
		case $f in
		*/in/*) in=in/$(basename "$f") l=$(basename "$f" .pcapng) ;;
		*) in=../captures/$(basename "$f") l=$(basename "$f" .pcap) ;;
		esac
		echo "$in $l.100.txt --format text --no-color --width 100"
		echo "$in $l.140.txt --format text --no-color --width 140"
		echo "$in $l.svg --format svg"
		echo "$in $l.tex --format tikz"
		echo "$in $l.slides.tex --format tikz --slides"
		echo "$in $l.json --format json"
		echo "$in $l.mmd --format mermaid"
		echo "$in $l.puml --format plantuml"
		echo "$in $l.md --format md"
		echo "$in $l.html --format html"
	done
} >"$here/TESTLIST"

# From the golden directory, so that a capture's name, which its drawing
# says, is the same wherever the tree is.
cd "$here"
grep -v '^#' TESTLIST | while read -r in out opts; do
	# shellcheck disable=SC2086
	"$sockviz" render "$in" $opts >"$out"
done
echo "regen.sh: $(grep -vc '^#' "$here/TESTLIST") golden files written"
