#!/bin/bash
# The built-in scenarios, run for real: every packet where docs/design.md's
# correlation table says it belongs.
. "$(dirname "$0")/lib.sh"
need jq

for s in tcp udp udp-connect connect; do
	"$SOCKVIZ" run $s --format json >"$SCRATCH/$s.json" 2>"$SCRATCH/$s.err"
	check "$s exits 0" 0 $?
	check "$s says nothing on stderr" "" "$(cat "$SCRATCH/$s.err")"
	check "$s: JSON version" 1 "$(jq .sockviz "$SCRATCH/$s.json")"
	check "$s: no drops" 0 "$(jq .capture.dropped "$SCRATCH/$s.json")"
	check "$s: isolated" true "$(jq .capture.isolated "$SCRATCH/$s.json")"
	check "$s: packet count matches events" \
	    "$(jq '[.events[]|select(.type=="packet")]|length' "$SCRATCH/$s.json")" \
	    "$(jq .capture.packets "$SCRATCH/$s.json")"
	check "$s: no packet belongs to socket, bind or listen" "" \
	    "$(jq -r '.events[]|select(.type=="call" and (.fn=="socket" or
	        .fn=="bind" or .fn=="listen") and (.packets|length)>0)|.text' \
	        "$SCRATCH/$s.json")"
	check "$s: every expectation held" "" \
	    "$(jq -r '.events[]|select(.type=="call" and .failure!=null)|.failure' \
	        "$SCRATCH/$s.json")"
	check "$s: ids are positions" true \
	    "$(jq '[.events|to_entries[]|.key==.value.id]|all' "$SCRATCH/$s.json")"
	check "$s: events in time order" true \
	    "$(jq '[.events[]|(.t_begin // .t)] as $t|$t==($t|sort)' "$SCRATCH/$s.json")"
	check "$s: causes point at calls that list them" true \
	    "$(jq '. as $r|[.events[]|select(.type=="packet" and .cause!=null)|
	        . as $p|$r.events[$p.cause]|.type=="call" and
	        (.packets|index($p.id))!=null]|all' "$SCRATCH/$s.json")"
done

t=$SCRATCH/tcp.json
check "tcp connect(): the handshake" "SYN SYN,ACK ACK" "$(packets_of $t client connect)"
check "tcp accept(): nothing" "" "$(packets_of $t server accept)"
check "tcp client send(): its data segment first" "PSH,ACK" \
    "$(packets_of $t client send | cut -d' ' -f1)"
check "tcp client send(): 5 bytes" 5 \
    "$(jq '. as $r|[.events[]|select(.type=="call" and .actor=="client" and
        .fn=="send")][0].packets[0] as $i|$r.events[$i].len' $t)"
check "tcp client close(): a FIN first" "FIN,ACK" \
    "$(packets_of $t client close | cut -d' ' -f1)"
check "tcp server close() of the accepted socket: a FIN first" "FIN,ACK" \
    "$(packets_of $t server close 0 | cut -d' ' -f1)"
check "tcp close() of the listener: nothing" "" "$(packets_of $t server close 1)"
check "tcp connect() leaves ESTABLISHED" ESTABLISHED \
    "$(jq -r '.events[]|select(.type=="call" and .fn=="connect")|.state' $t)"
check "tcp accept() returns a new descriptor" true \
    "$(jq '[.events[]|select(.type=="call" and .actor=="server")] as $s|
        ($s|map(select(.fn=="accept"))[0].ret) !=
        ($s|map(select(.fn=="socket"))[0].ret)' $t)"
check "tcp packets go between the two actors" true \
    "$(jq '[.events[]|select(.type=="packet")|
        [.from,.to]|sort==["client","server"]]|all' $t)"
check "tcp: the active closer ends in TIME_WAIT" TIME_WAIT \
    "$(jq -r '.final[]|select(.actor=="client")|.state' $t)"
check "tcp: the passive closer's socket is gone" CLOSE \
    "$(jq -r '.final[]|select(.actor=="server")|.state' $t)"
check "tcp SYN: relative seq 0" 0 \
    "$(jq '[.events[]|select(.type=="packet")][0].seq' $t)"

u=$SCRATCH/udp-connect.json
check "udp-connect connect(): nothing" "" "$(packets_of $u client connect)"
check "udp-connect send(): one datagram" "UDP" "$(packets_of $u client send)"
check "udp-connect server sendto(): one datagram" "UDP" "$(packets_of $u server sendto)"
check "udp-connect: two packets in all" 2 "$(jq .capture.packets $u)"
check "udp-connect recv(): got the reply" '"pong"' \
    "$(jq -c '.events[]|select(.type=="call" and .fn=="recv")|.data' $u)"

d=$SCRATCH/udp.json
check "udp client sendto(): one datagram" "UDP" "$(packets_of $d client sendto)"
check "udp server sendto(): one datagram" "UDP" "$(packets_of $d server sendto)"
check "udp recvfrom() blocked first" true \
    "$(jq '[.events[]|select(.type=="call" and .fn=="recvfrom")][0].blocked' $d)"
check "udp recvfrom() says who sent" true \
    "$(jq '[.events[]|select(.type=="call")] as $c|
        ($c|map(select(.fn=="recvfrom"))[0].addr) ==
        ($c|map(select(.fn=="sendto" and .actor=="client"))[0].local|
        sub("^0\\.0\\.0\\.0";"127.0.0.1"))' $d)"

h=$SCRATCH/connect.json
check "headline: TCP connect() sends the handshake" "SYN SYN,ACK ACK" \
    "$(packets_of $h client connect 0)"
check "headline: UDP connect() sends nothing" "" "$(packets_of $h client connect 1)"
check "headline: the TCP connection is left established" ESTABLISHED \
    "$(jq -r '.final[]|select(.actor=="client")|.state' $h)"

# No arguments: the headline lesson on the terminal.
"$SOCKVIZ" >"$SCRATCH/headline.txt" 2>&1
check "sockviz with no arguments exits 0" 0 $?
grep -q "connect(): TCP versus UDP" "$SCRATCH/headline.txt"
check "the headline names itself" 0 $?
check "the headline shows the SYN" 1 "$(grep -c '─ SYN ─' "$SCRATCH/headline.txt")"

finish
