#!/bin/bash
# The text formats read by their own tools: every built-in lesson (`sockviz
# list`) and a scenario of awkward text, each run once with -o x.mmd -o
# x.puml -o x.md.
#
# - PlantUML (Debian's plantuml): every .puml, in one run of the JVM,
#   exits 0 and draws no "Syntax Error" into its SVG.
# - Mermaid (mermaid-cli, driving Debian's chromium): every .mmd, in one
#   run of the browser (a Markdown file of all of them, one picture each),
#   exits 0 with an SVG per diagram; the numbers the CSS colours by are
#   the arrows' and the notes' own (an arrow's colour on an arrow, a
#   note's look on a note), and the handshake's arrows are green.
# - Markdown (cmark-gfm, GitHub's own parser, with its table extension):
#   one table, one row per event, six cells a row, and the awkward text
#   comes out as written.
#
# plantuml and cmark-gfm are Debian's packages; mermaid-cli comes from the
# npm registry without a browser of its own (tests/run-all installs it in
# ${XDG_CACHE_HOME:-~/.cache}/sockviz/mermaid-cli, or SOCKVIZ_MMDC_DIR).
# A checker that is missing makes the test skip, saying why; under
# CI=true, where tests/run-all has installed them, it fails instead.
#
# Each lesson is drawn by all three; mmdc starts one browser for all the
# diagrams, plantuml one JVM: about a minute on two cores.
. "$(dirname "$0")/lib.sh"
need jq

missing() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $* (under CI tests/run-all installs it)"
		exit 1
	fi
	skip "$*"
}
MMDC_DIR=${SOCKVIZ_MMDC_DIR:-${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/sockviz/mermaid-cli}
MMDC=$MMDC_DIR/node_modules/.bin/mmdc
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
command -v plantuml >/dev/null 2>&1 || missing "plantuml is not installed (Debian: plantuml)"
command -v cmark-gfm >/dev/null 2>&1 || missing "cmark-gfm is not installed (Debian: cmark-gfm)"
command -v node >/dev/null 2>&1 || missing "node is not installed (Debian: nodejs)"
[ -x "$CHROMIUM" ] || missing "$CHROMIUM is not installed (Debian: chromium)"
[ -x "$MMDC" ] || missing "mermaid-cli is not installed in $MMDC_DIR" \
    "(tests/run-all installs it from the npm registry)"

cd "$SCRATCH"
start=$(date +%s)
printf '{"executablePath": "%s", "args": ["--no-sandbox", "--disable-gpu"]}\n' \
    "$CHROMIUM" >puppeteer.json

# Text that each language would read as its own syntax, and three
# actors, one of them named as Mermaid's keyword "and" begins.
cat >awkward.sv <<'EOF'
title "Awkward | text: # ; % & < > \" ' \\ { } $ _ ^ ~ ** -- // [[x]] `!` end title"
summary "- a list? 1. no; | a cell? <b>no</b> &amp; *no*"
note "= not a heading\n    not code"
server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(u, 127.0.0.1:9999) = 0              -> none
note "a note | with a pipe, `ticks`, <script>x</script>, @someone #1"
andrew: a = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: c = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: sendto(c, "a|b`c*d_e<f>&g", 127.0.0.1:9999) = 14 -> UDP
server: recvfrom(u, 64, &p) = 14
client: sendto(c, "x", 127.0.0.1:9) = 1          -> UDP
EOF

LESSONS="$("$SOCKVIZ" list | awk '{ print $1 }') awkward"
for s in $LESSONS; do
	src=$s
	[ "$s" = awkward ] && src=awkward.sv
	"$SOCKVIZ" run "$src" -o "$s.mmd" -o "$s.puml" -o "$s.md" \
	    --format json >"$s.json" 2>"$s.err"
	rc=$?
	# 1: an expectation did not hold; the files are written all the same.
	if [ "$rc" -eq 3 ]; then
		skip "$s: the environment refused the run: $(head -1 "$s.err")"
	fi
	check "$s: run exits 0 or 1" 1 "$([ "$rc" -le 1 ] && echo 1 || echo "$rc")"
done

# ---- PlantUML: one JVM for every file.
mkdir -p puml
plantuml -tsvg -o "$SCRATCH/puml" ./*.puml >puml.log 2>&1
check "plantuml: exits 0 on every file" 0 $?
for s in $LESSONS; do
	f=puml/$s.svg
	test -s "$f"
	check "$s.puml: plantuml drew a picture" 0 $?
	check "$s.puml: no syntax error in the picture" 0 \
	    "$(grep -c -i 'Syntax Error' "$f" 2>/dev/null)"
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$f" 2>/dev/null
		check "$s.puml: its SVG is well-formed" 0 $?
	fi
done
grep -i 'error' puml.log | head -5

# ---- Mermaid: one browser for every diagram, as a Markdown file of
# them; on a failure, each alone, to name it.
n=0
: >all.md
for s in $LESSONS; do
	n=$((n + 1))
	printf '```mermaid\n' >>all.md
	cat "$s.mmd" >>all.md
	printf '```\n\n' >>all.md
done
timeout 600 "$MMDC" -q -p puppeteer.json -i all.md -o out.md >mmdc.log 2>&1
rc=$?
check "mmdc: exits 0 on every diagram" 0 $rc
if [ "$rc" -ne 0 ]; then
	head -5 mmdc.log
	for s in $LESSONS; do
		timeout 120 "$MMDC" -q -p puppeteer.json -i "$s.mmd" \
		    -o "$s-alone.svg" >"$s.mmdc.log" 2>&1
		check "$s.mmd: mmdc exits 0" 0 $?
	done
fi
i=0
for s in $LESSONS; do
	i=$((i + 1))
	f=out-$i.svg
	[ -s "$f" ] && mv "$f" "$s.mm.svg"
	f=$s.mm.svg
	test -s "$f"
	check "$s.mmd: mmdc drew a picture" 0 $?
	[ -s "$f" ] || continue
	check "$s.mmd: no syntax error in the picture" 0 \
	    "$(grep -c -i 'Syntax error' "$f")"
	# The CSS picks arrows and notes by the numbers Mermaid gives its
	# statements: each number a colour is given to is an arrow's, each a
	# note's look is given to a note's.
	perl -ne '
	    while (/([^{}]*)\{([^{}]*)\}/g) {
	        my ($sel, $decl) = ($1, $2);
	        for (split /,/, $sel) {
	            $a{$1} = 1 if $decl =~ /stroke:/ && /^\S+ \[data-id="i(\d+)"\]$/;
	            $n{$1} = 1 if /\[data-id="i(\d+)"\] rect\.note$/;
	        }
	    }
	    while (/<(?:line|path) [^>]*data-et="message" data-id="i(\d+)"/g) { $m{$1} = 1 }
	    while (/<g data-et="note" data-id="i(\d+)"/g) { $g{$1} = 1 }
	    END {
	        print "arrow $_ not drawn as an arrow\n" for grep { !$m{$_} } sort keys %a;
	        print "note $_ not drawn as a note\n" for grep { !$g{$_} } sort keys %n;
	    }' "$f" >ids.txt
	check "$s.mmd: the CSS's numbers are its arrows' and notes'" "" \
	    "$(head -3 ids.txt)"
	arrows=$(jq '[.events[] | select(.type == "packet")] | length' "$s.json")
	check "$s.mmd: an arrow per packet" "$arrows" \
	    "$(grep -oE '<(line|path) [^>]*data-et="message"' "$f" | wc -l)"
done
# The handshake's first two arrows are green: the numbers are right.
green=$(perl -ne 'while (/([^{}]*)\{([^{}]*)\}/g) { my ($s, $d) = ($1, $2);
    next unless $d =~ /^stroke:rgb\(26, 127, 55\)/;
    print "$1\n" while $s =~ /\[data-id="(i\d+)"\](?:,|$)/g }' tcp.mm.svg | sort)
first=$(grep -oE '<(line|path) [^>]*data-et="message" data-id="i[0-9]*"' tcp.mm.svg |
    head -2 | grep -o 'i[0-9]*"$' | tr -d '"' | sort)
check "tcp.mmd: SYN and SYN,ACK drawn green" 1 \
    "$([ -n "$first" ] && [ -z "$(comm -23 <(echo "$first") <(echo "$green"))" ] &&
    echo 1 || echo 0)"

# ---- Markdown: GitHub's parser, its table extension.
for s in $LESSONS; do
	cmark-gfm -e table "$s.md" >"$s.html" 2>"$s.cmark.err"
	check "$s.md: cmark-gfm exits 0" 0 $?
	events=$(jq '.events | length' "$s.json")
	check "$s.md: one table" 1 "$(grep -c '<table>' "$s.html")"
	check "$s.md: a row per event" "$events" \
	    "$(sed -n '/<tbody>/,/<\/tbody>/p' "$s.html" | grep -c '<tr>')"
	check "$s.md: six cells in every row" "" \
	    "$(perl -0ne 'while (m{<tr>(.*?)</tr>}gs) { my $r = $1;
	        my $c = () = $r =~ /<t[dh][ >]/g; print "$c\n" if $c != 6 }' \
	        "$s.html" | sort -u)"
done
# What the awkward scenario says comes out as written: the HTML's text,
# its entities decoded, holds each string, and no tag was let through.
perl -CSD -pe 's/<[^>]*>//g; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g;
    s/&#39;/'"'"'/g; s/&amp;/&/g' awkward.html >awkward.txt
for want in 'Awkward | text: # ; % & < > " '"'"' \ { } $ _ ^ ~ ** -- // [[x]] `!` end title' \
    '- a list? 1. no; | a cell? <b>no</b> &amp; *no*' \
    '= not a heading' 'not code' \
    'a note | with a pipe, `ticks`, <script>x</script>, @someone #1' \
    'sendto(3, "a|b`c*d_e<f>&g", 14, 0, 127.0.0.1:9999)'; do
	grep -qF -- "$want" awkward.txt
	check "awkward.md: says [$want]" 0 $?
done
check "awkward.md: no tag of the scenario's in the page" 0 \
    "$(grep -c '<b>\|<script' awkward.html)"
check "awkward.md: the title is the heading" 1 "$(grep -c '^<h1>' awkward.html)"

echo "checkers: $(echo $LESSONS | wc -w) scenarios, $(($(date +%s) - start)) s"
finish
