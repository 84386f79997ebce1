#!/bin/bash
# The ladder's placement rules (render/layout.h), checked on the layout
# itself (the hidden formats "layout", as svg and tikz draw it, and with
# --slides as a slide shows it, and "layout-text", as the terminal does,
# at 72, 100 and 140 columns): for
# every built-in lesson, for the golden inputs, and for captures sockviz
# did not write (tcpdump's, when it can run here; else pcaps, which carry
# no calls):
#   - nothing leaves the canvas;
#   - no two text boxes overlap;
#   - no text box crosses a lifeline (unless it is drawn on a ground that
#     hides it), a blocked call's bar, an arrow or a dot;
#   - every note, failure and fate is within its actor's region (between
#     the lifelines either side of its lane) and its ground crosses none;
#   - a multi-lane capture draws each conversation's client left of its
#     server;
#   - and so do captures of many short conversations, drawn on reused
#     lanes with relabel rows.
# A broken box list is fed to the checker first: it must find each fault.
. "$(dirname "$0")/lib.sh"
need awk
need sort

cd "$SCRATCH"

# check_layout FILE: prints one line per fault, "rule: the boxes".
check_layout() {
	# An arrow with a gap (its label written on it) becomes two
	# segments; then everything sorted top to bottom.
	awk '
	    $1 == "#" && $2 == "arrow" && $3 == "gap" && prev != "" {
	        split(prev, a, " ")
	        if ($4 > a[2]) print "arrow-seg", a[2], a[3], $4 - a[2], a[5], a[6], "-"
	        e = a[2] + a[4]
	        if (e > $5) print "arrow-seg", $5, a[3], e - $5, a[5], a[6], "-"
	        prev = ""; next }
	    { if (prev != "") print prev; prev = "" }
	    $1 ~ /^arrow/ { prev = $0; next }
	    $1 == "#" { next }
	    { print }
	    END { if (prev != "") print prev }' "$1" >"$1.flat"
	grep -E '^(canvas|lifeline) ' "$1.flat" >"$1.fixed"
	grep -Ev '^(canvas|lifeline) ' "$1.flat" | sort -s -g -k3,3 >"$1.sorted"
	awk -v eps=0.01 '
	function over(i, j) {
	    return X[i] < X[j] + W[j] - eps && X[j] < X[i] + W[i] - eps &&
	        Y[i] < Y[j] + H[j] - eps && Y[j] < Y[i] + H[i] - eps
	}
	function say(rule, i, j) {
	    faults++
	    printf "%s: %s", rule, LINE[i]
	    if (j) printf "  <>  %s", LINE[j]
	    printf "\n"
	}
	NR == FNR {
	    if ($1 == "canvas") { CW = $4; CH = $5 }
	    else { nl++; LX[nl] = $2; LW[nl] = $4; LY[nl] = $3; LH[nl] = $5; LL[nl] = $6 }
	    next
	}
	{
	    n++; K[n] = $1; X[n] = $2 + 0; Y[n] = $3 + 0; W[n] = $4 + 0
	    H[n] = $5 + 0; LANE[n] = $6; LINE[n] = $0
	    base = K[n]; sub(/\+.*/, "", base); B[n] = base
	    G[n] = K[n] ~ /\+ground/
	    MARK[n] = base ~ /^(dot|ring|bar|arrow|arrow-seg|loop|ground|lanebox|break|sample)$/
	}
	END {
	    for (i = 1; i <= n; i++) {
	        if (X[i] < -eps || Y[i] < -eps || X[i] + W[i] > CW + eps ||
	            Y[i] + H[i] > CH + eps)
	            say("outside the canvas " CW "x" CH, i)
	        if (!MARK[i] || B[i] == "ground") {
	            for (l = 1; l <= nl; l++)
	                if (X[i] < LX[l] + LW[l] - eps && LX[l] < X[i] + W[i] - eps &&
	                    Y[i] < LY[l] + LH[l] - eps && LY[l] < Y[i] + H[i] - eps &&
	                    !G[i]) {
	                    faults++
	                    printf "crosses lifeline %d: %s\n", LL[l], LINE[i]
	                }
	        }
	        if (B[i] ~ /^(note|failure|fate)$/ || B[i] == "ground") {
	            # Its region: between the lifelines either side of its own.
	            own = -1
	            for (l = 1; l <= nl; l++) if (LL[l] == LANE[i]) own = l
	            if (own < 0) { say("no lane " LANE[i], i); continue }
	            lo = 0; hi = CW
	            for (l = 1; l <= nl; l++) {
	                if (LX[l] < LX[own] && LX[l] + LW[l] > lo) lo = LX[l] + LW[l]
	                if (LX[l] > LX[own] && LX[l] < hi) hi = LX[l]
	            }
	            if (X[i] < lo - eps || X[i] + W[i] > hi + eps)
	                say("outside its actor'"'"'s region [" lo ", " hi "]", i)
	        }
	        for (j = i + 1; j <= n && Y[j] < Y[i] + H[i] - eps; j++) {
	            if (!over(i, j)) continue
	            if (!MARK[i] && !MARK[j]) say("text overlaps text", i, j)
	            else if (MARK[i] != MARK[j]) {
	                t = MARK[i] ? j : i; m = MARK[i] ? i : j
	                if (B[m] ~ /^(bar|arrow|arrow-seg|loop|dot|ring)$/)
	                    say("text crosses a " B[m], t, m)
	            } else if (B[i] == "ground" && B[j] == "bar" ||
	                B[j] == "ground" && B[i] == "bar")
	                say("a ground crosses a bar", i, j)
	        }
	    }
	    exit faults > 0
	}' "$1.fixed" "$1.sorted"
}

# The checker finds what is wrong: a box list with one fault of each kind.
cat >broken.layout <<'EOF'
canvas 0 0 400 300 -1 -
lifeline 99 50 2 200 0 server
lifeline 299 50 2 200 1 client
call 10 60 80 20 0 fits
call 50 100 80 20 0 crosses the server's lifeline
call 110 140 80 20 1 overlaps
result 150 145 40 20 1 the call before
note 120 180 200 20 1 a note across the client's line
bar 295 200 10 40 1 -
after 280 210 40 10 1 through the bar
fate 350 260 80 20 1 leaves the canvas
arrow 110 230 180 2 0 -
label 150 225 30 10 0 on the arrow
label+ground 150 240 200 10 0 on its ground, crossing lifeline 1
EOF
check_layout broken.layout >broken.out
check "self-check: the checker fails a broken layout" 1 $?
for rule in "crosses lifeline 0: call 50 100" "text overlaps text: call 110 140" \
    "crosses lifeline 1: note 120 180" "outside its actor's region" \
    "text crosses a bar: after 280 210" "outside the canvas 400x300: fate" \
    "text crosses a arrow: label 150 225"; do
	check "self-check: finds [$rule]" 1 "$(grep -cF "$rule" broken.out)"
done
check "self-check: a label on its ground may cross a lifeline" 0 \
    "$(grep -c 'on its ground' broken.out)"

# Every lesson, and every capture, in both layouts.
# layouts CAPTURE NAME: NAME.layout (the pictures'), NAME.slides (a
# 1920x1080 slide's), NAME.72, NAME.100 and NAME.140 (the terminal's).
layouts() {
	local in=$1 name=$2 k out
	for k in layout slides 72 100 140; do
		out="$name.$k"
		case $k in
		layout) set -- --format layout ;;
		slides) set -- --format layout --slides ;;
		*) set -- --format layout-text --width "$k" ;;
		esac
		"$SOCKVIZ" render "$in" "$@" >"$out" 2>err
		check "$name $*: render exits 0" "0 " "$? $(cat err)"
		check_layout "$out" >faults
		check "$name $*: no fault" "" "$(head -5 faults)"
		check "$name $*: some rows" 1 "$([ "$(grep -c '^# row' "$out")" -gt 3 ] && echo 1)"
	done
}

lessons=$("$SOCKVIZ" list | awk '{ print $1 }')
for l in $lessons; do
	"$SOCKVIZ" run "$l" -o "$l.pcapng" -o "$l.pcap" --format json >"$l.json" 2>/dev/null
	st=$?
	# A lesson may fail an expectation (exit 1) and still be drawn.
	check "$l: run draws" 1 "$([ $st -le 1 ] && echo 1)"
	layouts "$l.pcapng" "$l"
	layouts "$l.pcap" "$l pcap"
done
# (tests/unit_layout.c checks the golden inputs, tests/golden/in.)
for f in "${SOCKVIZ_TESTDATA:?}"/captures/*.pcap*; do
	[ -f "$f" ] || continue
	layouts "$f" "$(basename "$f")"
done

# Captures whose lanes are reused (many short conversations, one after
# another): the relabel rows keep the rules too.
{
	echo 'server: s = socket(AF_INET, SOCK_STREAM, 0)'
	echo 'server: bind(s, 127.0.0.1:8888) = 0'
	echo 'server: listen(s, 5) = 0'
	for i in $(seq 12); do
		echo "client: c$i = socket(AF_INET, SOCK_STREAM, 0)"
		echo "client: connect(c$i, 127.0.0.1:8888) = 0"
		echo "server: a$i = accept(s)"
		echo "client: close(c$i) = 0"
		echo "server: close(a$i) = 0"
	done
} >seq.sv
if "$SOCKVIZ" run seq.sv -o seq.pcap >/dev/null 2>&1; then
	layouts seq.pcap "reused seq.pcap"
	check "reused seq.pcap: relabel rows" 1 \
	    "$([ "$(grep -c '^relabel' 'reused seq.pcap.layout')" -ge 10 ] && echo 1)"
else
	echo "SKIP (part): sockviz run cannot run here"
fi
GEN=${GEN_CAPTURE:-$(dirname "$SOCKVIZ")/bench/gen_capture}
if [ -x "$GEN" ] && "$GEN" --live 3000 >gen.pcap 2>/dev/null; then
	layouts gen.pcap "reused gen.pcap"
	check "reused gen.pcap: relabel rows" 1 \
	    "$([ "$(grep -c '^relabel' 'reused gen.pcap.100')" -ge 100 ] && echo 1)"
else
	echo "SKIP (part): bench/gen_capture --live cannot run here"
fi

# clients_left LAYOUT SERVER_PORT: the server's lifeline is the rightmost.
clients_left() {
	grep '^lifeline' "$1" | sort -g -k2,2 | awk -v p=":$2" '
	    { last = $7 } END { print (substr(last, length(last) - length(p) + 1) == p) }'
}
# tcpdump-two-clients.pcap: tcpdump's capture of two clients of one
# server on port 18896, the first met left of the server, the second
# right of it in the order they were met.
check "tcpdump-two-clients.pcap: both clients left of their server" 1 \
    "$(clients_left tcpdump-two-clients.pcap.layout 18896)"

# A capture made by tcpdump here and now, of two conversations with one
# server: each client left of it.
if [ "$(id -u)" -eq 0 ] && command -v tcpdump >/dev/null && command -v timeout >/dev/null; then
	cat >two.sv <<'EOF'
server: s = socket(AF_INET, SOCK_STREAM, 0)
server: bind(s, 127.0.0.1:18895) = 0
server: listen(s, 5) = 0
client: a = socket(AF_INET, SOCK_STREAM, 0)
client: connect(a, 127.0.0.1:18895) = 0
client: b = socket(AF_INET, SOCK_STREAM, 0)
client: connect(b, 127.0.0.1:18895) = 0
server: x = accept(s)
server: y = accept(s)
client: send(a, "one") = 3
client: close(a) = 0
client: close(b) = 0
EOF
	tcpdump -i lo -nn -U --immediate-mode -w two.pcap 'tcp port 18895' 2>td.err &
	td=$!
	timeout 10 tail -n +1 -f td.err | grep -q -m1 'listening on'
	"$SOCKVIZ" run two.sv --host >/dev/null 2>&1
	# Both handshakes, the data and the closes: at least 10 packets,
	# then a moment for any still on their way.
	for _ in $(seq 100); do
		[ "$(tcpdump -r two.pcap 2>/dev/null | wc -l)" -ge 10 ] && break
		sleep 0.1
	done
	sleep 0.3
	kill -INT $td
	wait $td
	if [ -s two.pcap ]; then
		layouts two.pcap "tcpdump two.pcap"
		check "tcpdump: both clients left of their server" 1 \
		    "$(clients_left "tcpdump two.pcap.layout" 18895)"
	else
		echo "SKIP (part): tcpdump captured nothing"
	fi
else
	echo "SKIP (part): no tcpdump capture here (needs root and tcpdump)"
fi
finish
