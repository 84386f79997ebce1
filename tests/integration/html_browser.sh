#!/bin/bash
# The page (-o x.html) in a real browser: Debian's chromium, headless,
# driven by tests/browser/drive_html.js through puppeteer-core. It steps
# with Home and Right (exactly one more event each time), opens at
# #step=N, shows a clicked packet's flags and hex dump and a call's return
# selected with Tab and Enter, switches themes, prints on A4 and Letter
# with every piece of the ladder within a page, and requests nothing but
# itself. On a run of `tcp`, on `sockviz render` of a `udp` run's pcapng
# (the calls come back from it) and of its pcap (no calls at all).
#
# Screenshots and PDFs go to html_browser/ beside the binary under test:
# NAME-light.png, NAME-dark.png, NAME-step.png (mid-step, a packet
# selected), NAME-a4.pdf, NAME-letter.pdf. README_SHOT=PATH copies the
# tcp page's mid-step screenshot there too.
#
# Needs node and chromium (Debian: nodejs, chromium) and puppeteer-core
# (tests/browser/install, which this test runs when it is missing). Where
# they cannot be had the test skips, saying why; under CI=true, where
# tests/run-all has installed them, it fails instead.
. "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
export CHROMIUM

missing() {
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $* (under CI tests/run-all installs it)"
		exit 1
	fi
	skip "$*"
}
command -v node >/dev/null 2>&1 || missing "node is not installed (Debian: nodejs)"
[ -x "$CHROMIUM" ] || missing "$CHROMIUM is not installed (Debian: chromium)"
NODE_DIR=${SOCKVIZ_NODE_DIR:-$ROOT/build/node}
if ! "$ROOT/tests/browser/install" "$NODE_DIR" >"$SCRATCH/install.log" 2>&1; then
	missing "puppeteer-core could not be installed:" \
	    "$(tail -n 2 "$SCRATCH/install.log" | tr '\n' ' ')"
fi

OUT=$(cd "$(dirname "$SOCKVIZ")" && pwd)/html_browser
mkdir -p "$OUT"
cd "$SCRATCH"

# drive PAGE NAME: the browser's checks, their lines shown.
drive() {
	NODE_PATH=$NODE_DIR/node_modules timeout 300 \
	    node "$ROOT/tests/browser/drive_html.js" "$1" "$OUT" "$2" >drive.log 2>&1
	local rc=$?
	sed "s/^/$2: /" drive.log
	check "$2: every browser check passes" 0 $rc
	for f in "$2-light.png" "$2-dark.png" "$2-a4.pdf" "$2-letter.pdf"; do
		test -s "$OUT/$f"
		check "$2: $f written" 0 $?
	done
	if command -v pdfinfo >/dev/null 2>&1; then
		check "$2: the A4 print is A4" 1 \
		    "$(pdfinfo "$OUT/$2-a4.pdf" | grep -c 'Page size:.*(A4)')"
		check "$2: the Letter print is Letter" 1 \
		    "$(pdfinfo "$OUT/$2-letter.pdf" | grep -ic 'Page size:.*(letter)')"
	fi
}

# The page stays one well-formed XML document that names nothing outside.
static() {
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$1" 2>xml.err
		check "$2: well-formed XML" "" "$(head -3 xml.err)"
	fi
	check "$2: no src, no href, no link, no import" "" \
	    "$(grep -Eio ' (src|href)=|<link|@import|url\([^#]' "$1" | head -3)"
	check "$2: two scripts, both inline: the data and the behaviour" \
	    '<script type="application/json" id="sv-timeline">|<script>' \
	    "$(grep -o '<script[^>]*>' "$1" | tr '\n' '|' | sed 's/|$//')"
}

"$SOCKVIZ" run tcp -o tcp.html >/dev/null
check "tcp: run exits 0" 0 $?
static tcp.html tcp
drive tcp.html tcp
test -s "$OUT/tcp-step.png"
check "tcp: the mid-step screenshot written" 0 $?
if [ -n "${README_SHOT:-}" ] && [ -s "$OUT/tcp-step.png" ]; then
	cp "$OUT/tcp-step.png" "$README_SHOT"
	check "tcp: the screenshot copied to README_SHOT" 0 $?
fi

"$SOCKVIZ" run udp -o udp.pcapng -o udp.pcap >/dev/null
check "udp: run exits 0" 0 $?
"$SOCKVIZ" render udp.pcapng -o udp-pcapng.html >/dev/null
check "udp: render of the pcapng exits 0" 0 $?
static udp-pcapng.html udp-pcapng
if command -v jq >/dev/null 2>&1; then
	# The island is the JSON renderer's very object, the bytes added.
	"$SOCKVIZ" render udp.pcapng --format json 2>/dev/null | jq -S . >want.json
	sed -n '/<script type="application\/json" id="sv-timeline">/,/<\/script>/p' \
	    udp-pcapng.html | sed 's/^<script[^>]*>//; s/<\/script>$//' |
	    jq -S 'del(.packet_bytes, .packet_bytes_limit)' >got.json 2>&1
	check "udp-pcapng: the page's data is the JSON renderer's" "" \
	    "$(diff want.json got.json | head -5)"
fi
drive udp-pcapng.html udp-pcapng
"$SOCKVIZ" render udp.pcap -o udp-pcap.html >/dev/null
check "udp: render of the pcap exits 0" 0 $?
static udp-pcap.html udp-pcap
drive udp-pcap.html udp-pcap
echo "screenshots and prints: $OUT"
finish
