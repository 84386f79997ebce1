#!/bin/bash
# -o FILE.pcapng carries the packets, their causes as comments, and the
# calls: `sockviz render` draws the very same timeline (the same JSON),
# and tshark, as an independent reader, sees the same packets and causes.
. "$(dirname "$0")/lib.sh"
need jq
need tshark

cd "$SCRATCH"
for s in tcp udp udp-connect connect; do
	"$SOCKVIZ" run $s -o $s.pcapng --format json >run.json
	check "$s: run exits 0" 0 $?
	"$SOCKVIZ" render $s.pcapng --format json >render.json 2>err
	check "$s: render exits 0" 0 $?
	check "$s: render says nothing on stderr" "" "$(cat err)"
	cmp -s run.json render.json
	check "$s: render draws the run's very JSON" 0 $?
	"$SOCKVIZ" render $s.pcapng -o again.pcapng --format text >/dev/null
	"$SOCKVIZ" render again.pcapng --format json >again.json
	cmp -s run.json again.json
	check "$s: rendered twice over, still the same" 0 $?

	tshark -r $s.pcapng >/dev/null 2>tshark.err
	check "$s: tshark reads the pcapng without a word" "" \
	    "$(grep -v 'Running as user' tshark.err)"
	check "$s: tshark counts the packets" "$(jq .capture.packets run.json)" \
	    "$(tshark -r $s.pcapng 2>/dev/null | wc -l)"
	# Each packet's comment names its cause, as the JSON does.
	# An answer names the kernel that sent it, then the call it answers.
	jq -r '. as $r | .events[] | select(.type == "packet") |
	    if .cause == null then "kernel" + (if .note then ": " + .note else "" end)
	    else (if .origin == "answer" then .from as $f |
	        if ([$r.actors[] | select(.name == $f)][0].endpoint)
	        then "kernel at \($f), answering " else "\($f)'"'"'s kernel, answering " end
	      else "" end) +
	      ($r.events[.cause] | "\(.actor) \(.text), step \(.step)") end' \
	    run.json >want.txt
	tshark -r $s.pcapng -T fields -e frame.comment 2>/dev/null >got.txt
	check "$s: every packet's comment is its cause" "$(cat want.txt)" "$(cat got.txt)"
	jq -r '.events[] | select(.type == "packet" and .proto == "TCP") |
	    "\(.flags) \(.seq) \(.ack) \(.len)"' run.json >want.txt
	tshark -r $s.pcapng -Y tcp -T fields -E separator=' ' -e tcp.flags.str \
	    -e tcp.seq -e tcp.ack -e tcp.len 2>/dev/null | awk '{
	    f = ""; n = split("S F R P A U E C", k, " ");
	    split("SYN FIN RST PSH ACK URG ECE CWR", w, " ");
	    for (i = 1; i <= n; i++) if (index($1, k[i])) f = f (f ? "," : "") w[i];
	    print f, $2, $3, $4 }' >got.txt
	check "$s: TCP flags, relative seq/ack and lengths as tshark decodes them" \
	    "$(cat want.txt)" "$(cat got.txt)"
done
tshark -r tcp.pcapng -T fields -e frame.time_epoch 2>/dev/null | head -1 | grep -q '\.[0-9]\{9\}$'
check "tcp: nanosecond timestamps kept" 0 $?
# A filter that admits nothing leaves a capture with no lanes at all.
for fmt in text json svg html mermaid plantuml tikz pcap pcapng; do
	"$SOCKVIZ" render tcp.pcapng --filter 'port 1' --format $fmt >empty.out 2>err
	check "render of an empty selection as $fmt: exit 0" "0 " "$? $(cat err)"
done
check "render heads the drawing with the run's title" 1 \
    "$("$SOCKVIZ" render tcp.pcapng --no-color | grep -c '^sockviz · tcp · TCP: connect')"
finish
