#!/bin/bash
# -o FILE.pcap writes exactly the timeline's packets, markers excluded, in
# a file tcpdump and tshark read.
. "$(dirname "$0")/lib.sh"
need jq
need tcpdump
need tshark

cd "$SCRATCH"
for s in tcp udp-connect; do
	"$SOCKVIZ" run $s -o $s.pcap -o $s.json -o $s.txt --format json >stdout.json
	check "$s exits 0" 0 $?
	cmp -s stdout.json $s.json
	check "$s: -o .json is what --format json prints" 0 $?
	grep -q "sockviz · $s" $s.txt
	check "$s: -o .txt holds the text timeline" 0 $?
	n=$(jq .capture.packets $s.json)
	check "$s: tcpdump reads every packet" "$n" \
	    "$(tcpdump -r $s.pcap -nn 2>/dev/null | wc -l)"
	check "$s: tshark reads every packet" "$n" \
	    "$(tshark -r $s.pcap 2>/dev/null | wc -l)"
	tshark -r $s.pcap >/dev/null 2>tshark.err
	# (tshark's note that it runs as root is about the user, not the file)
	check "$s: tshark has no complaint" "" "$(grep -v 'Running as user' tshark.err)"
	# The same packets, in the same order, as the timeline shows.
	jq -r '.events[]|select(.type=="packet")|"\(.src) \(.dst) \(.len)"' \
	    $s.json >want.txt
	tshark -r $s.pcap -T fields -E separator=, -e ip.src -e tcp.srcport \
	    -e udp.srcport -e ip.dst -e tcp.dstport -e udp.dstport -e tcp.len \
	    -e udp.length 2>/dev/null | awk -F, '{
	        if ($2 != "") printf "%s:%s %s:%s %s\n", $1, $2, $4, $5, $7;
	        else printf "%s:%s %s:%s %d\n", $1, $3, $4, $6, $8 - 8 }' >got.txt
	check "$s: tshark sees the timeline's packets" "$(cat want.txt)" "$(cat got.txt)"
	# Bash arithmetic is 64-bit; awk's doubles would round nanoseconds.
	first=$(tshark -r $s.pcap -T fields -e frame.time_epoch 2>/dev/null | sed -n 1p | tr -d .)
	last=$(tshark -r $s.pcap -T fields -e frame.time_epoch 2>/dev/null | sed -n '$p' | tr -d .)
	check "$s: nanosecond timestamps kept" \
	    "$(jq '[.events[]|select(.type=="packet")] as $p|$p[-1].t - $p[0].t' $s.json)" \
	    "$((10#$last - 10#$first))"
done
check "tcp: the TCP flags as tshark reads them" \
    "$(jq -r '.events[]|select(.type=="packet")|.flags' tcp.json | paste -sd' ')" \
    "$(tshark -r tcp.pcap -T fields -e tcp.flags.str 2>/dev/null |
        sed 's/·//g' | awk '{
	    s=""; n=split("S F R P A U E C", k, " ");
	    split("SYN FIN RST PSH ACK URG ECE CWR", w, " ");
	    for (i = 1; i <= n; i++) if (index($0, k[i])) s = s (s?",":"") w[i];
	    print s }' | paste -sd' ')"

# A capture of another link type is written back in its own: BSD
# loopback (link type 0, a 4-byte address family before each packet),
# made here from the tcp run's Ethernet frames.
if command -v python3 >/dev/null 2>&1; then
	python3 - tcp.pcap null.pcap <<'PY'
import struct, sys
src = open(sys.argv[1], "rb").read()
magic, = struct.unpack_from("<I", src)
e = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
hdr = bytearray(src[:24])
struct.pack_into(e + "I", hdr, 20, 0)          # link type 0
out, off = [bytes(hdr)], 24
while off < len(src):
	sec, frac, caplen, origlen = struct.unpack_from(e + "IIII", src, off)
	frame = src[off + 16:off + 16 + caplen]
	off += 16 + caplen
	body = struct.pack(e + "I", 2) + frame[14:]   # AF_INET, then IP
	out.append(struct.pack(e + "IIII", sec, frac, len(body),
	    origlen - 10) + body)
open(sys.argv[2], "wb").write(b"".join(out))
PY
	"$SOCKVIZ" render null.pcap -o null-out.pcap -o null-out.pcapng \
	    --format json >null.json 2>null.err
	check "link type 0: render exits 0" 0 $?
	for f in null-out.pcap null-out.pcapng; do
		check "$f: tcpdump reads it as BSD loopback" 1 \
		    "$(tcpdump -r $f -nn 2>&1 >/dev/null | grep -c 'link-type NULL')"
		check "$f: tshark decodes the tcp run's packets" \
		    "$(tshark -r tcp.pcap -T fields -e ip.src -e tcp.srcport \
		        -e tcp.flags.str 2>/dev/null)" \
		    "$(tshark -r $f -T fields -e ip.src -e tcp.srcport \
		        -e tcp.flags.str 2>/dev/null)"
	done
	# Two link types in one capture cannot be one pcap: refused, at
	# the packet that differs, with nothing left behind.
	mergecap -F pcapng -w mixed.pcapng tcp.pcap null.pcap 2>/dev/null
	"$SOCKVIZ" render mixed.pcapng -o mixed.pcap >/dev/null 2>mixed.err
	check "two link types to .pcap: exit 2" 2 $?
	check "two link types to .pcap: says why" 1 \
	    "$(grep -c 'link types [01] and [01] cannot share a pcap file' mixed.err)"
	check "two link types to .pcap: no file, no temporary" "" \
	    "$(ls -A | grep -v '^mixed\.pcapng$' | grep '^mixed\.pcap')"
else
	echo "SKIP (part): python3 is not installed: no link type 0 capture"
fi
finish
