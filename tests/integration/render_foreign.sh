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

# sockviz's reading of a capture, and tshark's, one line per packet:
# "src dst flags seq ack len".
sockviz_fields() {
	"$SOCKVIZ" render "$1" --format json |
	    jq -r '.events[] | "\(.src) \(.dst) \(.flags) \(.seq) \(.ack) \(.len)"'
}
tshark_fields() {
	tshark -r "$1" -T fields -E separator=' ' -e ip.src -e tcp.srcport \
	    -e ip.dst -e tcp.dstport -e tcp.flags.str -e tcp.seq -e tcp.ack \
	    -e tcp.len 2>/dev/null | awk '{
	    f = ""; n = split("S F R P A U E C", k, " ");
	    split("SYN FIN RST PSH ACK URG ECE CWR", w, " ");
	    for (i = 1; i <= n; i++) if (index($5, k[i])) f = f (f ? "," : "") w[i];
	    print $1 ":" $2, $3 ":" $4, f, $6, $7, $8 }'
}

# capture FILE COUNT SNAPLEN FILTER: start tcpdump, wait until it is live.
capture() {
	# The file exists before tail looks at it, whatever runs first.
	: >"$1.err"
	tcpdump -i lo -nn -U --immediate-mode -c "$2" -s "$3" -w "$1" "$4" \
	    2>"$1.err" &
	tcpdump_pids="${tcpdump_pids:-} $!"
	# tcpdump says "listening" once its capture is live: wait for that.
	timeout 10 tail -n +1 -f "$1.err" | grep -q -m1 'listening on'
	check "tcpdump for $1 started" 0 $?
}
# tcpdump leaves by itself after the packets it was told to count.
captured() {
	for pid in $tcpdump_pids; do
		timeout 10 tail --pid="$pid" -f /dev/null
	done
	tcpdump_pids=
}

cd "$SCRATCH"
# The tcp lesson on a port of its own, so the capture holds it alone; and
# at the same time with a snap length of 64, which ends every segment's
# header inside its options (the SYN's 20 bytes, the others' timestamps).
"$SOCKVIZ" show tcp | sed 's/8888/18888/g' >t.sv
capture cap.pcap 10 262144 'tcp port 18888'
capture snap64.pcap 10 64 'tcp port 18888'
"$SOCKVIZ" run t.sv --host >/dev/null 2>run.err
check "the traffic ran" 0 $?
captured
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
	check "$f: decoded as tshark decodes it" "$(tshark_fields $f)" \
	    "$(sockviz_fields $f)"
done

# Cut inside the TCP options: still TCP, with what tshark reads of it.
check "snap length 64: decoded as tshark decodes it" \
    "$(tshark_fields snap64.pcap)" "$(sockviz_fields snap64.pcap)"
check "snap length 64: every packet truncated, and TCP" "10 10" \
    "$("$SOCKVIZ" render snap64.pcap --format json | jq -r '[.events[] |
        select(.truncated)] | "\(length) \(map(select(.proto == "TCP")) | length)"')"

# A capture that starts mid-connection (after the handshake and the first
# segment): relative numbers from 1, as Wireshark counts them.
if command -v editcap >/dev/null 2>&1; then
	editcap -r cap.pcap mid.pcap 5-10 2>/dev/null
	check "mid-connection: decoded as tshark decodes it" \
	    "$(tshark_fields mid.pcap)" "$(sockviz_fields mid.pcap)"
else
	echo "SKIP (part): editcap is not installed: no mid-connection capture"
fi

# RSTs: the RST-ACK of a port with no listener (its seq is 0; Wireshark
# shows 1), and the RST-ACK of a close() with unread data.
cat >rst.sv <<'EOF'
client: c = socket(AF_INET, SOCK_STREAM, 0)
client: connect(c, 127.0.0.1:18890) = -1 ECONNREFUSED
server: s = socket(AF_INET, SOCK_STREAM, 0)
server: bind(s, 127.0.0.1:18889) = 0
server: listen(s, 5) = 0
client: c2 = socket(AF_INET, SOCK_STREAM, 0)
client: connect(c2, 127.0.0.1:18889) = 0
server: a = accept(s)
client: send(c2, "ignore me") = 9
server: close(a) = 0
EOF
capture rst.pcap 8 262144 'tcp port 18889 or tcp port 18890'
"$SOCKVIZ" run rst.sv --host >/dev/null 2>>run.err
check "the RST scenario ran" 0 $?
captured
check "tcpdump saw the RST scenario's 8 packets" 8 \
    "$(tcpdump -r rst.pcap 2>/dev/null | wc -l)"
check "RSTs: decoded as tshark decodes them" "$(tshark_fields rst.pcap)" \
    "$(sockviz_fields rst.pcap)"
check "RSTs: the refused SYN's RST-ACK is seq 1 ack 1" "RST,ACK 1 1" \
    "$(sockviz_fields rst.pcap | awk 'NR == 2 {print $3, $4, $5}')"
check "RSTs: close() with unread data resets" "RST,ACK 1 10" \
    "$(sockviz_fields rst.pcap | awk 'NR == 8 {print $3, $4, $5}')"
finish
