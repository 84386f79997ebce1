#!/bin/bash
# Big captures drawn usefully (docs/design.md, "Lanes reused", and
# "Choosing conversations"): many short conversations one after another
# are drawn on a handful of lanes, each lane's header said again where
# it shows another endpoint, and every arrow then still joins the lanes
# of its packet's own endpoints; --conv and --top draw the packets of the
# conversations they name, and nothing else; bad values exit 2.
#
# The captures are real loopback traffic made by the project's tools:
# bench/gen_capture --live (short TCP connections and UDP exchanges, in a
# private namespace), and a scenario of twelve connections in a row,
# run by sockviz and written as pcap.
. "$(dirname "$0")/lib.sh"
need jq
need awk

cd "$SCRATCH"
GEN=${GEN_CAPTURE:-$(dirname "$SOCKVIZ")/bench/gen_capture}

# A scenario of N TCP connections, each closed before the next opens.
{
	echo 'title "connections one after another"'
	echo 'server: s = socket(AF_INET, SOCK_STREAM, 0)'
	echo 'server: bind(s, 127.0.0.1:8888) = 0'
	echo 'server: listen(s, 5) = 0'
	for i in $(seq 12); do
		echo "client: c$i = socket(AF_INET, SOCK_STREAM, 0)"
		echo "client: connect(c$i, 127.0.0.1:8888) = 0"
		echo "server: a$i = accept(s)"
		echo "client: send(c$i, \"hi\") = 2"
		echo "server: recv(a$i, 64) = 2 \"hi\""
		echo "client: close(c$i) = 0"
		echo "server: close(a$i) = 0"
	done
} >seq.sv
"$SOCKVIZ" run seq.sv -o seq.pcap >/dev/null 2>run.err
st=$?
if [ $st -ne 0 ]; then
	echo "SKIP (part): sockviz run cannot run here: $(head -1 run.err)"
	have_seq=0
else
	have_seq=1
fi

# lanes LAYOUT: how many lifelines the layout draws.
lanes() { grep -c '^lifeline' "$1"; }

# honest LAYOUT JSON: every packet's arrow leaves the lane that shows
# its sender at that row and ends at the lane that shows its receiver,
# by the lanes' headers and the relabels above it. Prints the faults.
honest() {
	jq -r '.events[] | select(.type == "packet") | "\(.id) \(.src) \(.dst)"' "$2" >ev.txt
	awk -v inset="$3" '
	    NR == FNR { SRC[$1] = $2; DST[$1] = $3; next }
	    $1 == "#" && $2 == "row" { kind = $3; ev = $7; sub(/ev=/, "", ev); next }
	    kind == "lanes" && $1 == "lane" { NAME[$6] = $7; if ($6 + 1 > np) np = $6 + 1; next }
	    $1 ~ /^relabel/ { NAME[$6] = $8; relabels++; next }
	    $1 == "lifeline" { LX[$6] = $2 + $4 / 2; next }
	    kind == "packet" && $1 ~ /^arrow/ {
	        snap = ""
	        for (p = 0; p < np; p++) snap = snap " " NAME[p]
	        A[++na] = ev " " $2 " " $4 " " $6 snap; next }
	    END {
	        # The lifelines come last: the arrows are judged at the end,
	        # each by the names its row had.
	        for (i = 1; i <= na; i++) {
	            split(A[i], f, " ")
	            id = f[1]; x0 = f[2]; x1 = f[2] + f[3]; from = f[4]
	            if (f[5 + from] != SRC[id]) { print "packet " id " from " SRC[id] " leaves lane " from ", showing " f[5 + from]; bad++ }
	            to = -1
	            for (l in LX) if (l != from && (LX[l] - x0 < inset + 1.5 && x0 - LX[l] < inset + 1.5 ||
	                LX[l] - x1 < inset + 1.5 && x1 - LX[l] < inset + 1.5)) to = l
	            if (to < 0) { print "packet " id ": no lane at its far end"; bad++ }
	            else if (f[5 + to] != DST[id]) { print "packet " id " to " DST[id] " ends at lane " to ", showing " f[5 + to]; bad++ }
	        }
	        print "arrows " na " relabels " relabels > "/dev/stderr"
	    }' ev.txt "$1"
}

# ---- many connections, few lanes: bench/gen_capture --live ----
if [ -x "$GEN" ] && "$GEN" --live 20000 >g.pcap 2>gen.err; then
	conns=$(grep -o '[0-9]* TCP connections' gen.err | awk '{ print $1 }')
	check "gen_capture: over a thousand connections" 1 "$([ "${conns:-0}" -gt 1000 ] && echo 1)"
	"$SOCKVIZ" render g.pcap --format json >g.json
	check "g.pcap: the JSON names every endpoint" 1 \
	    "$([ "$(jq '[.events[] | .src] | unique | length' g.json)" -gt 2000 ] && echo 1)"
	for k in layout 110 72; do
		case $k in
		layout) "$SOCKVIZ" render g.pcap --format layout >g.$k 2>err ;;
		*) "$SOCKVIZ" render g.pcap --format layout-text --width $k >g.$k 2>err ;;
		esac
		check "g.pcap $k: renders" "0 " "$? $(cat err)"
		n=$(lanes g.$k)
		check "g.pcap $k: $conns connections on at most 6 lanes (got $n)" 1 \
		    "$([ "$n" -le 6 ] && [ "$n" -ge 2 ] && echo 1)"
		check "g.pcap $k: no lane gathers the rest" 0 "$(grep -c '^lane .*more$' g.$k)"
		check "g.pcap $k: relabels, one at least per connection" 1 \
		    "$([ "$(grep -c '^relabel' g.$k)" -ge "$conns" ] && echo 1)"
	done
	honest g.layout g.json 8 2>honest.err >honest.out
	check "g.pcap: every arrow leaves the lane showing its sender" "" "$(head -3 honest.out)"
	check "g.pcap: the arrows checked" 1 "$(grep -c 'arrows 20000 ' honest.err)"
	"$SOCKVIZ" render g.pcap --no-color --width 110 >g.txt
	check "g.pcap text: the legend says what a relabel is" 1 \
	    "$(grep -c '↓ the lane shows this endpoint from here on' g.txt)"
	check "g.pcap text: a relabel row" 1 "$([ "$(grep -c '^ *↓ 127.0.0.1:[0-9]*  *│' g.txt)" -gt 100 ] && echo 1)"
	# Every picture draws the one layout: each renders.
	for f in svg html tex mmd puml md; do
		"$SOCKVIZ" render g.pcap -o "g.$f" >/dev/null 2>err
		check "g.pcap -o g.$f" "0" "$?"
	done
	check "the svg draws the relabels" 1 "$([ "$(grep -c '↓ 127.0.0.1' g.svg)" -gt 1000 ] && echo 1)"
	# A format that holds its picture says so, and how much.
	"$SOCKVIZ" render g.pcap -o g2.svg >/dev/null 2>held.err
	check "svg of a big capture: says what it held" 1 \
	    "$(grep -c '^sockviz: g2.svg: svg held [0-9.]* MiB in a temporary file before writing' held.err)"

	# ---- --conv and --top: the right packets, from the JSON ----
	"$SOCKVIZ" render g.pcap --flows >flows.txt
	# Line 1 is the header; conversation K is line K+1.
	line3=$(sed -n 4p flows.txt)
	a=$(echo "$line3" | awk '{ print $2 }'); b=$(echo "$line3" | awk '{ print $4 }')
	pk=$(echo "$line3" | awk '{ print $5 }')
	"$SOCKVIZ" render g.pcap --conv 3 --format json >c3.json
	check "--conv 3: that many packets" "$pk" "$(jq '[.events[] | select(.type == "packet")] | length' c3.json)"
	check "--conv 3: only its two endpoints" "$(printf '%s\n%s\n' "$a" "$b" | sort | tr '\n' ' ')" \
	    "$(jq -r '.events[] | .src, .dst' c3.json | sort -u | tr '\n' ' ')"
	"$SOCKVIZ" render g.pcap --conv "$a <-> $b" --format json >c3b.json
	check "--conv 'A <-> B', as --flows writes it: the same" "" "$(cmp c3.json c3b.json)"
	"$SOCKVIZ" render g.pcap --conv "$b-$a" --format json >c3c.json
	check "--conv B-A: the same" "" "$(cmp c3.json c3c.json)"
	"$SOCKVIZ" render g.pcap --conv 1 --conv 2 --format json >c12.json
	check "--conv 1 --conv 2: both" "$(sed -n 2,3p flows.txt | awk '{ s += $5 } END { print s }')" \
	    "$(jq '.events | length' c12.json)"
	# --top 4: the four busiest by --flows, the first met of equals.
	# Each pair written in one order on both sides: the two endpoints
	# sorted as strings, the greater first.
	tail -n +2 flows.txt | awk '{ print NR, $5, $2, $4 }' | sort -k2,2nr -k1,1n | head -4 |
	    awk '{ print ($3 > $4) ? $3 "-" $4 : $4 "-" $3 }' | sort >top.want
	"$SOCKVIZ" render g.pcap --top 4 --format json >top.json
	jq -r '.events[] | [.src, .dst] | sort | .[1] + "-" + .[0]' top.json | sort -u >top.got
	check "--top 4: the four busiest conversations" "$(cat top.want)" "$(cat top.got)"
	check "--top 4: all their packets" \
	    "$(tail -n +2 flows.txt | awk '{ print NR, $5 }' | sort -k2,2nr -k1,1n | head -4 | awk '{ s += $2 } END { print s }')" \
	    "$(jq '.events | length' top.json)"
	check "--top 4: the header counts what is drawn" \
	    "$(jq '.events | length' top.json)" "$(jq '.capture.packets' top.json)"
	"$SOCKVIZ" render g.pcap --top 4 -o top4.svg >/dev/null 2>err
	check "--top 4 -o svg: nothing held worth a note" "0 " "$? $(cat err)"
	# With --filter: chosen among what the filter admits.
	"$SOCKVIZ" render g.pcap --filter udp --top 1 --format json >u.json
	check "--filter udp --top 1: UDP only" "UDP" "$(jq -r '[.events[].proto] | unique | join(",")' u.json)"
	check "--conv N past the last" "2 1" "$("$SOCKVIZ" render g.pcap --conv 99999 >/dev/null 2>e; echo $? $(grep -c 'conversations (render --flows lists them)' e))"
else
	echo "SKIP (part): bench/gen_capture --live cannot run here: $(head -1 gen.err 2>/dev/null)"
fi

# ---- twelve connections in a row, made by sockviz itself ----
if [ $have_seq -eq 1 ]; then
	"$SOCKVIZ" render seq.pcap --no-color --width 100 >seq.txt 2>err
	check "seq.pcap: renders" "0 " "$? $(cat err)"
	"$SOCKVIZ" render seq.pcap --format layout-text --width 100 >seq.layout-text
	check "seq.pcap: 12 connections on 2 lanes" 2 "$(lanes seq.layout-text)"
	check "seq.pcap: 11 relabels" 11 "$(grep -c '^relabel' seq.layout-text)"
	"$SOCKVIZ" render seq.pcap --format layout >seq.layout
	"$SOCKVIZ" render seq.pcap --format json >seq.json
	check "seq.pcap pictures: 2 lanes" 2 "$(lanes seq.layout)"
	honest seq.layout seq.json 8 2>/dev/null >honest.out
	check "seq.pcap: every arrow leaves the lane showing its sender" "" "$(head -3 honest.out)"
	# The check finds a lie: a relabel naming the wrong endpoint.
	awk '!done && /^relabel/ { $8 = "127.0.0.9:9"; done = 1 } { print }' seq.layout >lie.layout
	honest lie.layout seq.json 8 2>/dev/null >honest.out
	check "self-check: a relabel that lies is found" 1 "$([ -s honest.out ] && echo 1)"
	check "seq.pcap: the server keeps its lane" 0 "$(grep '^relabel' seq.layout | grep -c ':8888$')"
	for f in svg html tex mmd puml md pdf png; do
		"$SOCKVIZ" render seq.pcap -o "seq.$f" >/dev/null 2>err
		check "seq.pcap -o seq.$f" "0 " "$? $(cat err)"
	done
	if command -v xmllint >/dev/null; then
		xmllint --noout seq.svg 2>err
		check "seq.svg is well-formed" "0 " "$? $(head -2 err)"
	fi
	# A pipe, read once: lanes reused all the same.
	"$SOCKVIZ" render /dev/stdin --format layout-text --width 100 <seq.pcap >pipe.layout
	check "seq.pcap from a pipe: 2 lanes" 2 "$(lanes pipe.layout)"
	# The lessons' own pcapng (calls, actors' lanes) never reuse.
	"$SOCKVIZ" run seq.sv -o seq.pcapng >/dev/null 2>&1
	"$SOCKVIZ" render seq.pcapng --format layout >seqng.layout
	check "a run's own timeline: its actors' lanes, no relabel" "2 0" \
	    "$(lanes seqng.layout) $(grep -c '^relabel' seqng.layout)"
fi

# ---- bad values: a message and exit status 2 ----
cap=${SOCKVIZ_TESTDATA:?}/captures/tcpdump-two-clients.pcap
bad() {
	local what=$1 want=$2
	shift 2
	"$SOCKVIZ" render "$@" >out 2>err
	check "$what: exit 2" 2 $?
	check "$what: says [$want]" 1 "$(grep -c -- "$want" err)"
	check "$what: draws nothing" 0 "$(wc -c <out)"
}
bad "--top 0" "--top wants a number of conversations from 1" "$cap" --top 0
bad "--top x" "--top wants a number of conversations" "$cap" --top x
bad "--top alone" "--top needs a value" "$cap" --top
bad "--conv junk" "--conv wants a conversation's number" "$cap" --conv 'x-y'
bad "--conv 0" "count from 1" "$cap" --conv 0
bad "--conv 1.2.3.4:99999-..." "--conv wants" "$cap" --conv 1.2.3.4:99999-1.2.3.4:1
bad "--conv past the last" "--conv 40: .*tcpdump-two-clients.pcap holds 2 conversations" "$cap" --conv 40
bad "--conv not in the capture" "no such conversation in" "$cap" --conv 10.1.1.1:1-10.1.1.2:2
bad "--conv and --top" "give one of them" "$cap" --conv 1 --top 2
bad "--flows --top" "--flows lists every conversation" "$cap" --flows --top 2
cat "$cap" | "$SOCKVIZ" render /dev/stdin --top 1 >out 2>err
check "--top from a pipe: exit 2, says why" "2 1 0" \
    "$? $(grep -c 'give a file, not a pipe' err) $(wc -c <out)"
"$SOCKVIZ" render /dev/stdin --top 1 --format json <"$cap" >out
check "--top from a file on standard input: read twice all the same" 1 \
    "$(jq '[.events[] | [.src, .dst] | sort | join("-")] | unique | length' out)"
"$SOCKVIZ" run tcp --top 1 >out 2>err
check "run --top: not an option of run" "2 1" "$? $(grep -c "unknown option '--top'" err)"
check "--help names --conv and --top" 2 "$("$SOCKVIZ" --help | grep -cE '^  --(conv|top) ')"
finish
