#!/bin/bash
# `sockviz render` on captures sockviz did not write: tcpdump's pcap of
# real loopback traffic, and Wireshark's pcapng of the same. sockviz's
# decoding must agree with tshark's, packet by packet.
. "$(dirname "$0")/lib.sh"
need jq
need tshark
need tcpdump
need timeout
[ "$(id -u)" -eq 0 ] || skip "tcpdump on the host's lo needs root"

cd "$SCRATCH"
# The tcp lesson on a port of its own, so the capture holds it alone.
"$SOCKVIZ" show tcp | sed 's/8888/18888/g' >t.sv
tcpdump -i lo -nn -U --immediate-mode -c 10 -w cap.pcap 'tcp port 18888' \
    2>tcpdump.err &
tcpdump_pid=$!
# tcpdump says "listening" once its capture is live: wait for that line.
timeout 10 tail -n +1 -f tcpdump.err | grep -q -m1 'listening on'
check "tcpdump started" 0 $?
"$SOCKVIZ" run t.sv --host >/dev/null 2>run.err
check "the traffic ran" 0 $?
# tcpdump leaves by itself after the 10 packets of the lesson.
timeout 10 tail --pid=$tcpdump_pid -f /dev/null
check "tcpdump saw all 10 packets" 10 "$(tcpdump -r cap.pcap 2>/dev/null | wc -l)"

tshark -r cap.pcap -w cap.pcapng -F pcapng 2>/dev/null
for f in cap.pcap cap.pcapng; do
	"$SOCKVIZ" render $f --format json >$f.json 2>err
	check "$f: render exits 0" 0 $?
	check "$f: no calls, so no causes" 0 \
	    "$(jq '[.events[]|select(.type=="call" or .cause!=null)]|length' $f.json)"
	check "$f: lanes are address:port endpoints" \
	    "127.0.0.1:18888 true" \
	    "$(jq -r '[.actors[]|select(.name|endswith(":18888"))][0]|"\(.name) \(.endpoint)"' $f.json)"
	check "$f: two lanes" 2 "$(jq '.actors|length' $f.json)"
	jq -r '.events[] | "\(.src) \(.dst) \(.flags) \(.seq) \(.ack) \(.len)"' \
	    $f.json >want.txt
	tshark -r $f -T fields -E separator=' ' -e ip.src -e tcp.srcport \
	    -e ip.dst -e tcp.dstport -e tcp.flags.str -e tcp.seq -e tcp.ack \
	    -e tcp.len 2>/dev/null | awk '{
	    f = ""; n = split("S F R P A U E C", k, " ");
	    split("SYN FIN RST PSH ACK URG ECE CWR", w, " ");
	    for (i = 1; i <= n; i++) if (index($5, k[i])) f = f (f ? "," : "") w[i];
	    print $1 ":" $2, $3 ":" $4, f, $6, $7, $8 }' >got.txt
	check "$f: decoded as tshark decodes it" "$(cat got.txt)" "$(cat want.txt)"
done
check "pcap and pcapng of one capture draw the same" \
    "$(jq -c 'del(.scenario)' cap.pcap.json)" "$(jq -c 'del(.scenario)' cap.pcapng.json)"

"$SOCKVIZ" render cap.pcap --flows >flows.txt
check "--flows: one conversation" 1 "$(grep -c '^TCP ' flows.txt)"
check "--flows: its packets and bytes" "10 $(tshark -r cap.pcap -T fields -e frame.len 2>/dev/null | awk '{n += $1} END {print n}')" \
    "$(awk '/^TCP /{print $(NF-1), $NF}' flows.txt)"
"$SOCKVIZ" render cap.pcap --filter 'tcp[tcpflags] & tcp-syn != 0' --format json >syn.json
check "--filter: the SYN and the SYN-ACK" "SYN SYN,ACK" \
    "$(jq -r '[.events[].flags]|join(" ")' syn.json)"
"$SOCKVIZ" render cap.pcap --filter 'this is not a filter' >/dev/null 2>err
check "--filter with a bad expression: exit 2" 2 $?
grep -q "filter" err
check "--filter with a bad expression: says so" 0 $?
"$SOCKVIZ" render cap.pcap -o drawn.txt -o drawn.pcap --no-color >stdout.txt
check "render -o: exit 0" 0 $?
cmp -s drawn.txt stdout.txt
check "render -o .txt is what standard output shows" 0 $?
check "render -o .pcap: tshark reads the 10 packets" 10 \
    "$(tshark -r drawn.pcap 2>/dev/null | wc -l)"
finish
