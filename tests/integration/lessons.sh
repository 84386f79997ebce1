#!/bin/bash
# Every built-in lesson (the first column of `sockviz list`), run RUNS
# times (default 100): each run exits 0 with every expectation held and
# nothing on stderr, and every run gives the same sequence of events. Then
# the facts the key lessons teach, read from one run's JSON.
. "$(dirname "$0")/lib.sh"
need jq
RUNS=${RUNS:-200}

# One line per run: the run's events, reduced to what must never change
# (as in determinism.sh): no times, ports or sequence numbers.
SIG='. as $r | [.events[] | if .type == "call" then
    "\(.actor) \(.fn) = \(.ret) \(.errno // "") \(.signal // "") [\(.packets | length)]"
  else
    "  \(.proto) \(.flags) \(.from)->\(.to) len=\(.len) \(.origin) by \(if .cause == null
      then "kernel: \(.note)" else "\($r.events[.cause].actor) \($r.events[.cause].fn)" end)"
  end] | join("; ")'

LESSONS=$("$SOCKVIZ" list | awk '{print $1}')
for must in tcp udp udp-connect connect client-no-bind connect-refused \
    udp-unreachable linger-abort; do
	echo "$LESSONS" | grep -qx -- "$must"
	check "sockviz list has $must" 0 $?
done

for s in $LESSONS; do
	: >"$SCRATCH/$s.all"
	: >"$SCRATCH/err"
	for i in $(seq "$RUNS"); do
		"$SOCKVIZ" run "$s" --format json >"$SCRATCH/run.json" \
		    2>>"$SCRATCH/err" || echo "run $i: exit $?" >>"$SCRATCH/err"
		cat "$SCRATCH/run.json" >>"$SCRATCH/$s.all"
		[ "$i" -eq 1 ] && cp "$SCRATCH/run.json" "$SCRATCH/$s.json"
	done
	# One jq over all the runs: the stream holds one object per run.
	jq -r "$SIG" "$SCRATCH/$s.all" >"$SCRATCH/$s.sig" 2>>"$SCRATCH/err"
	check "$s: $RUNS runs, each exit 0 and silent" "" "$(cat "$SCRATCH/err")"
	check "$s: $RUNS signatures" "$RUNS" "$(wc -l <"$SCRATCH/$s.sig")"
	kinds=$(sort "$SCRATCH/$s.sig" | uniq -c | sort -rn)
	check "$s: one sequence of events in $RUNS runs" 1 "$(echo "$kinds" | wc -l)"
	if [ "$(echo "$kinds" | wc -l)" -ne 1 ]; then
		echo "$kinds" | sed 's/; /\n      /g'
	fi
	check "$s: every expectation held in every run" "" \
	    "$(jq -r '.events[]|select(.type=="call" and .failure!=null)|
	        "line \(.line): \(.failure)"' "$SCRATCH/$s.all" | sort -u)"
	check "$s: no packet belongs to socket, bind, listen or getsockname" "" \
	    "$(jq -r '.events[]|select(.type=="call" and (.fn=="socket" or
	        .fn=="bind" or .fn=="listen" or .fn=="getsockname") and
	        (.packets|length)>0)|.text' "$SCRATCH/$s.json")"
	check "$s: has a title and a summary" true \
	    "$(jq '(.title|length)>0 and (.summary|length)>0' "$SCRATCH/$s.json")"
done

# The Nth call (0-based) of ACTOR to FN: "RET ERRNO", errno "-" if none.
ret_of() {
	jq -r --arg a "$2" --arg f "$3" --argjson n "${4:-0}" '
	    [.events[] | select(.type=="call" and .actor==$a and .fn==$f)][$n] |
	    "\(.ret) \(.errno // "-")"' "$1"
}

# A field of the Nth call of ACTOR to FN, as JSON.
field_of() {
	jq -c --arg a "$2" --arg f "$3" --argjson n "$4" --arg k "$5" '
	    [.events[] | select(.type=="call" and .actor==$a and .fn==$f)][$n] |
	    .[$k]' "$1"
}

# A field of the first packet of the Nth call of ACTOR to FN.
first_packet() {
	jq -r --arg a "$2" --arg f "$3" --argjson n "$4" --arg k "$5" '
	    . as $r | [.events[] | select(.type=="call" and .actor==$a and
	    .fn==$f)][$n].packets[0] as $i | $r.events[$i][$k]' "$1"
}

j() { echo "$SCRATCH/$1.json"; }

# client-no-bind: no address before connect()/sendto(), a port after.
f=$(j client-no-bind)
check "client-no-bind: unbound TCP socket has no port" true \
    "$(jq '[.events[]|select(.type=="call" and .actor=="client" and
        .fn=="getsockname")][0].local|(. == null or test("^0\\.0\\.0\\.0(:0)?$"))' "$f")"
check "client-no-bind: after connect() the SYN's port is the socket's" \
    "$(first_packet "$f" client connect 0 src)" \
    "$(field_of "$f" client getsockname 1 local | tr -d '"')"
check "client-no-bind: unbound UDP socket has no port" true \
    "$(jq '[.events[]|select(.type=="call" and .actor=="client" and
        .fn=="getsockname")][2].local|(. == null or test("^0\\.0\\.0\\.0(:0)?$"))' "$f")"
check "client-no-bind: sendto() bound 0.0.0.0 and a port" true \
    "$(field_of "$f" client getsockname 3 local | jq 'test("^0\\.0\\.0\\.0:[1-9]")')"
check "client-no-bind: UDP connect() bound 127.0.0.1 and a port" true \
    "$(field_of "$f" client getsockname 4 local | jq 'test("^127\\.0\\.0\\.1:[1-9]")')"

# client-bind: the chosen port is on the wire.
f=$(j client-bind)
check "client-bind: the SYN leaves from 127.0.0.1:40000" 127.0.0.1:40000 \
    "$(first_packet "$f" client connect 0 src)"
check "client-bind: accept() reports 127.0.0.1:40000" '"127.0.0.1:40000"' \
    "$(field_of "$f" server accept 0 peer)"
check "client-bind: a second bind() of the port fails" "-1 EADDRINUSE" \
    "$(ret_of "$f" client2 bind)"
check "client-bind: the datagram leaves from 127.0.0.2" true \
    "$(first_packet "$f" client sendto 0 src | jq -R 'test("^127\\.0\\.0\\.2:[1-9]")')"

# bind-one-address: card A refused, card B accepted.
f=$(j bind-one-address)
check "bind-one-address: connect() to 127.0.0.1 refused" "-1 ECONNREFUSED" \
    "$(ret_of "$f" client connect 0)"
check "bind-one-address: SYN, RST,ACK" "SYN RST,ACK" "$(packets_of "$f" client connect 0)"
check "bind-one-address: connect() to 127.0.0.2 succeeds" "0 -" \
    "$(ret_of "$f" client connect 1)"
check "bind-one-address: the handshake to 127.0.0.2:8888" "SYN SYN,ACK ACK" \
    "$(packets_of "$f" client connect 1)"
check "bind-one-address: the SYN went to 127.0.0.2:8888" 127.0.0.2:8888 \
    "$(first_packet "$f" client connect 1 dst)"

# listen-without-bind: a port picked by the kernel, not the guessed one.
f=$(j listen-without-bind)
check "listen-without-bind: listen() bound 0.0.0.0 and a port" true \
    "$(field_of "$f" server getsockname 0 local | jq 'test("^0\\.0\\.0\\.0:[1-9]")')"
check "listen-without-bind: the guess is refused" "-1 ECONNREFUSED" \
    "$(ret_of "$f" client connect)"
check "listen-without-bind: SYN, RST,ACK" "SYN RST,ACK" "$(packets_of "$f" client connect)"
check "listen-without-bind: the real port takes connections" "SYN SYN,ACK ACK" \
    "$(packets_of "$f" server connect)"

# bind-is-not-listen: refused before listen(), accepted after.
f=$(j bind-is-not-listen)
check "bind-is-not-listen: before listen() refused" "-1 ECONNREFUSED" \
    "$(ret_of "$f" client connect 0)"
check "bind-is-not-listen: SYN, RST,ACK" "SYN RST,ACK" "$(packets_of "$f" client connect 0)"
check "bind-is-not-listen: after listen() the handshake" "SYN SYN,ACK ACK" \
    "$(packets_of "$f" client connect 1)"

# accept-new-socket: two new descriptors, one listener, one port.
f=$(j accept-new-socket)
check "accept-new-socket: the first accept() blocked" true \
    "$(field_of "$f" server accept 0 blocked)"
check "accept-new-socket: three different descriptors" 3 \
    "$(jq '[.events[]|select(.type=="call" and .actor=="server" and
        (.fn=="accept" or .fn=="socket"))|.ret]|unique|length' "$f")"
check "accept-new-socket: accept() sends nothing" ":" \
    "$(packets_of "$f" server accept 0):$(packets_of "$f" server accept 1)"
check "accept-new-socket: the accepted socket is on port 8888" '"127.0.0.1:8888"' \
    "$(field_of "$f" server getsockname 0 local)"
check "accept-new-socket: each accept() has its own client" true \
    "$(jq '[.events[]|select(.type=="call" and .fn=="accept")|.peer]|
        (.[0] != .[1])' "$f")"

# handshake-before-accept: connect() is over before accept() begins.
f=$(j handshake-before-accept)
check "handshake-before-accept: connect() has the handshake" "SYN SYN,ACK ACK" \
    "$(packets_of "$f" client connect)"
check "handshake-before-accept: connect() returned before accept() began" true \
    "$(jq '[.events[]|select(.type=="call")] as $c |
        ($c|map(select(.fn=="connect"))[0].t_end) <
        ($c|map(select(.fn=="accept"))[0].t_begin)' "$f")"
check "handshake-before-accept: accept() sends nothing" "" \
    "$(packets_of "$f" server accept)"

# connect-refused: SYN answered by RST.
f=$(j connect-refused)
check "connect-refused: connect() = -1 ECONNREFUSED" "-1 ECONNREFUSED" \
    "$(ret_of "$f" client connect)"
check "connect-refused: SYN then RST,ACK" "SYN RST,ACK" "$(packets_of "$f" client connect)"
check "connect-refused: the RST comes from a lane of its own" true \
    "$(jq '.actors[]|select(.name=="127.0.0.1:8888")|.endpoint' "$f")"

# udp-unreachable: ICMP from the kernel; only the connected socket hears.
f=$(j udp-unreachable)
check "udp-unreachable: three ICMP port unreachable, all the kernel's" "3 3 3 null" \
    "$(jq -r '[.events[]|select(.type=="packet" and .proto=="ICMP")] |
        "\(length) \(map(.icmp_type)|unique|.[0]) \(map(.icmp_code)|unique|.[0]) \(map(.cause)|unique|.[0])"' "$f")"
check "udp-unreachable: the unconnected sendto() succeeds" "7 -" \
    "$(ret_of "$f" client sendto)"
check "udp-unreachable: the unconnected socket keeps no error" "-1 EAGAIN" \
    "$(ret_of "$f" client recvfrom)"
check "udp-unreachable: the first send() succeeds" "7 -" "$(ret_of "$f" client send 0)"
check "udp-unreachable: the next send() fails" "-1 ECONNREFUSED" \
    "$(ret_of "$f" client send 1)"
check "udp-unreachable: the failing send() sends nothing" "" \
    "$(packets_of "$f" client send 1)"
check "udp-unreachable: recv() reports it too" "-1 ECONNREFUSED" \
    "$(ret_of "$f" client recv)"
check "udp-unreachable: the ICMP quotes the datagram" UDP \
    "$(jq -r '[.events[]|select(.proto=="ICMP")][0].quote.proto' "$f")"

# udp-connected-filter: the stranger's datagram is on the wire, not read.
f=$(j udp-connected-filter)
check "udp-connected-filter: the stranger's datagram is sent" UDP \
    "$(packets_of "$f" stranger sendto)"
check "udp-connected-filter: nothing delivered" "-1 EAGAIN" \
    "$(ret_of "$f" client recv 0)"
check "udp-connected-filter: the kernel answers ICMP" "ICMP null" \
    "$(jq -r '[.events[]|select(.type=="packet" and .proto=="ICMP")][0]|"\(.proto) \(.cause)"' "$f")"
check "udp-connected-filter: the peer's datagram is delivered" '"pong"' \
    "$(field_of "$f" client recv 1 data)"

# recvfrom-who: each reply goes where recvfrom() said.
f=$(j recvfrom-who)
check "recvfrom-who: two different senders" true \
    "$(jq '[.events[]|select(.type=="call" and .actor=="server" and
        .fn=="recvfrom")|.addr]|(length==2 and .[0]!=.[1])' "$f")"
for n in 0 1; do
	check "recvfrom-who: reply $n goes to the address recvfrom() gave" \
	    "$(field_of "$f" server recvfrom $n addr | tr -d '"')" \
	    "$(first_packet "$f" server sendto $n dst)"
done

# udp-connect-null: sendto(..., NULL) on a connected socket.
f=$(j udp-connect-null)
check "udp-connect-null: connect() sends nothing" "" "$(packets_of "$f" client connect)"
check "udp-connect-null: sendto(NULL) sends one datagram" UDP "$(packets_of "$f" client sendto)"
check "udp-connect-null: to the connected peer" 127.0.0.1:9999 \
    "$(first_packet "$f" client sendto 0 dst)"
check "udp-connect-null: recvfrom(&from) names the peer" '"127.0.0.1:9999"' \
    "$(field_of "$f" client recvfrom 1 addr)"

# stream-vs-datagram: two sends, one recv; two sendtos, two recvfroms.
f=$(j stream-vs-datagram)
check "stream-vs-datagram: two segments" "PSH,ACK PSH,ACK" \
    "$(first_packet "$f" client send 0 flags) $(first_packet "$f" client send 1 flags)"
check "stream-vs-datagram: one recv() reads both" '10 "helloworld"' \
    "$(jq -r '[.events[]|select(.type=="call" and .actor=="server" and
        .fn=="recv")][0]|"\(.ret) \(.data|tojson)"' "$f")"
check "stream-vs-datagram: two recvfrom()s, one datagram each" '"hello" "world"' \
    "$(field_of "$f" server recvfrom 0 data) $(field_of "$f" server recvfrom 1 data)"

# close-time-wait: FIN from each close(); the active closer in TIME_WAIT.
f=$(j close-time-wait)
check "close-time-wait: the client's close() sends FIN" FIN,ACK \
    "$(first_packet "$f" client close 0 flags)"
check "close-time-wait: the server reads 0" "0 -" "$(ret_of "$f" server recv 1)"
check "close-time-wait: the server's close() sends FIN" FIN,ACK \
    "$(first_packet "$f" server close 0 flags)"
check "close-time-wait: the client ends in TIME_WAIT" TIME_WAIT \
    "$(jq -r '.final[]|select(.actor=="client")|.state' "$f")"
check "close-time-wait: no RST" 0 \
    "$(jq '[.events[]|select(.type=="packet" and (.flags|contains("RST")))]|length' "$f")"

# shutdown-half-close: FIN, then data the other way.
f=$(j shutdown-half-close)
check "shutdown-half-close: shutdown() sends FIN" FIN,ACK \
    "$(first_packet "$f" client shutdown 0 flags)"
check "shutdown-half-close: the server reads 0" "0 -" "$(ret_of "$f" server recv 1)"
check "shutdown-half-close: then still sends" "6 -" "$(ret_of "$f" server send)"
check "shutdown-half-close: its data crosses after the FIN" PSH,ACK \
    "$(first_packet "$f" server send 0 flags)"
check "shutdown-half-close: the client reads it" '"answer"' \
    "$(field_of "$f" client recv 0 data)"
check "shutdown-half-close: the client may not send" "-1 EPIPE" \
    "$(ret_of "$f" client send 1)"

# linger-abort: RST, no FIN, no TIME_WAIT.
f=$(j linger-abort)
check "linger-abort: close() sends RST" RST,ACK "$(packets_of "$f" client close)"
check "linger-abort: no FIN anywhere" 0 \
    "$(jq '[.events[]|select(.type=="packet" and (.flags|contains("FIN")))]|length' "$f")"
check "linger-abort: the server sees ECONNRESET" "-1 ECONNRESET" \
    "$(ret_of "$f" server recv)"
check "linger-abort: nobody in TIME_WAIT" 0 \
    "$(jq '[.final[]|select(.state=="TIME_WAIT")]|length' "$f")"

# close-unread-rst: FIN when all was read, RST when not.
f=$(j close-unread-rst)
check "close-unread-rst: all read: FIN" FIN,ACK "$(first_packet "$f" server close 0 flags)"
check "close-unread-rst: unread: RST" RST,ACK "$(packets_of "$f" server close 1)"
check "close-unread-rst: the client sees ECONNRESET" "-1 ECONNRESET" \
    "$(ret_of "$f" client recv 2)"

# Who sent each packet: the peer's kernel answers inside the caller's call.
f=$(j connect-refused)
check "connect-refused: SYN from the call, RST-ACK the other kernel's answer" \
    "SYN call; RST,ACK answer" "$(jq -r '[.events[]|select(.type=="packet")|
        "\(.flags) \(.origin)"]|join("; ")' "$f")"
f=$(j tcp)
check "tcp: the SYN-ACK is the server kernel's answer to connect()" answer \
    "$(jq -r '[.events[]|select(.type=="packet" and .flags=="SYN,ACK")][0].origin' "$f")"
check "tcp: every packet has a cause, every cause an origin of call or answer" \
    "" "$(jq -r '.events[]|select(.type=="packet" and (.cause==null) !=
        (.origin=="kernel"))|.flags' "$f")"
f=$(j delayed-ack)
check "delayed-ack: the delayed ACK is the kernel's own, with no cause" \
    "kernel null delayed ACK" "$(jq -r '[.events[]|select(.type=="packet" and
        .origin=="kernel")]|map("\(.origin) \(.cause) \(.note)")|join("; ")' "$f")"
check "delayed-ack: the client's recv() was asleep meanwhile" true \
    "$(field_of "$f" client recv 0 blocked)"

# The kernel's TCP state, TIME_WAIT included, after every call.
f=$(j shutdown-half-close)
check "shutdown-half-close: after recv() = 0 the client is in TIME_WAIT" \
    TIME_WAIT "$(field_of "$f" client recv 1 state | tr -d '"')"
check "shutdown-half-close: and after its close() the connection still is" \
    TIME_WAIT "$(field_of "$f" client close 0 state | tr -d '"')"

# recvfrom() on TCP: the data, no address; accept() does return one.
f=$(j recvfrom-tcp)
check "recvfrom-tcp: recvfrom() passed a buffer" \
    "recvfrom(4, buf, 64, 0, &from, &len)" "$(field_of "$f" server recvfrom 0 text | tr -d '"')"
check "recvfrom-tcp: the kernel returned no address" null \
    "$(field_of "$f" server recvfrom 0 addr)"
check "recvfrom-tcp: accept() returned the client's" true \
    "$(field_of "$f" server accept 0 addr | jq 'startswith("127.0.0.1:")')"

# nonblocking: EAGAIN at once where a blocking socket waits.
f=$(j nonblocking)
check "nonblocking: accept() on an empty queue" "-1 EAGAIN" "$(ret_of "$f" server accept 0)"
check "nonblocking: it did not sleep" false "$(field_of "$f" server accept 0 blocked)"
check "nonblocking: recv() with nothing there" "-1 EAGAIN" "$(ret_of "$f" server recv 0)"
check "nonblocking: the blocking recv() slept" true "$(field_of "$f" client recv 0 blocked)"
check "nonblocking: the socket() call says SOCK_NONBLOCK" \
    "socket(AF_INET, SOCK_STREAM|SOCK_NONBLOCK, 0)" \
    "$(field_of "$f" server socket 0 text | tr -d '"')"

# sigpipe: the writer dies of SIGPIPE, the other actor goes on.
f=$(j sigpipe)
check "sigpipe: MSG_NOSIGNAL: EPIPE and alive" "-1 EPIPE null" \
    "$(ret_of "$f" client send 1) $(field_of "$f" client send 1 signal)"
check "sigpipe: without it, killed by SIGPIPE" '"SIGPIPE"' \
    "$(field_of "$f" client send 2 signal)"
check "sigpipe: the server's later step ran" "0 -" "$(ret_of "$f" server close 1)"
check "sigpipe: MSG_NOSIGNAL only where the lesson writes it" 1 \
    "$(jq '[.events[]|select(.type=="call" and (.text|contains("MSG_NOSIGNAL")))]|length' "$f")"

# poll: one blocked wait on two sockets; sendmsg: one datagram.
f=$(j poll)
check "poll: the first poll() slept, then one socket was ready" "true 1" \
    "$(field_of "$f" server poll 0 blocked) $(field_of "$f" server poll 0 ret)"
f=$(j sendmsg-recvmsg)
check "sendmsg-recvmsg: two buffers, one 9-byte datagram" "UDP 9" \
    "$(jq -r '[.events[]|select(.type=="packet" and .proto=="UDP")][0]|"\(.proto) \(.len)"' "$f")"

# tcp-ipv6, udp-ipv6: the same lessons on [::1].
f=$(j tcp-ipv6)
check "tcp-ipv6: the handshake" "SYN SYN,ACK ACK" "$(packets_of "$f" client connect)"
check "tcp-ipv6: every packet is IPv6 loopback" true \
    "$(jq '[.events[]|select(.type=="packet")|(.src|startswith("[::1]:")) and
        (.dst|startswith("[::1]:"))]|all' "$f")"
check "tcp-ipv6: the active closer in TIME_WAIT" TIME_WAIT \
    "$(jq -r '.final[]|select(.actor=="client")|.state' "$f")"
f=$(j udp-ipv6)
check "udp-ipv6: one datagram per sendto()" UDP "$(packets_of "$f" client sendto 0)"
check "udp-ipv6: recvfrom() gives an IPv6 address" true \
    "$(field_of "$f" server recvfrom 0 addr | jq 'startswith("[::1]:")')"
check "udp-ipv6: ICMPv6 port unreachable, the kernel's" "ICMPv6 1 4 null" \
    "$(jq -r '[.events[]|select(.type=="packet" and .proto=="ICMPv6")][0]|
        "\(.proto) \(.icmp_type) \(.icmp_code) \(.cause)"' "$f")"

finish
