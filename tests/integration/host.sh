#!/bin/bash
# --host on a host with a way out: nothing a scenario does may leave the
# machine, and the timeline holds only the run's own traffic.
#
# The "host" here is a network namespace this test makes, with a veth
# link and a default route to a second namespace (10.77.0.2) where tcpdump
# listens: anything that leaves the host is caught there, and nothing
# leaves the test machine.
. "$(dirname "$0")/lib.sh"
need jq
need ip
need tcpdump
[ "$(id -u)" -eq 0 ] || skip "making network namespaces needs root"

H=svhost$$
F=svfar$$
cleanup() {
	[ -n "${DUMP:-}" ] && kill "$DUMP" 2>/dev/null && wait "$DUMP" 2>/dev/null
	ip netns del "$H" 2>/dev/null
	ip netns del "$F" 2>/dev/null
	rm -rf "$SCRATCH"
}
trap cleanup EXIT
ip netns add "$H" && ip netns add "$F" ||
    skip "ip netns add is refused here"
ip link add vh$$ netns "$H" type veth peer name vf$$ netns "$F" ||
    skip "cannot make a veth pair"
ip -n "$H" addr add 10.77.0.1/24 dev vh$$
ip -n "$F" addr add 10.77.0.2/24 dev vf$$
for n in "$H" "$F"; do ip -n "$n" link set lo up; done
ip -n "$H" link set vh$$ up
ip -n "$F" link set vf$$ up
ip -n "$H" route add default via 10.77.0.2
in_host() { ip netns exec "$H" "$@"; }

# The far side listens; its "listening on" line says it is ready.
# It stops at its first packet: the control datagram below, unless
# something leaked before it.
ip netns exec "$F" timeout 20 tcpdump -c 1 -n -U -i vf$$ -w "$SCRATCH/far.pcap" \
    'not arp and not ip6 multicast' 2>"$SCRATCH/far.err" &
DUMP=$!
for _ in $(seq 200000); do
	grep -q 'listening on' "$SCRATCH/far.err" 2>/dev/null && break
done
grep -q 'listening on' "$SCRATCH/far.err" || skip "tcpdump did not start"

i=0
for dest in 10.77.0.2:9 8.8.8.8:53 255.255.255.255:9 239.1.2.3:9 '[2001:db8::1]:9'; do
	i=$((i + 1))
	fam=AF_INET
	case $dest in \[*) fam=AF_INET6 ;; esac
	printf 'client: c = socket(%s, SOCK_DGRAM)\nclient: sendto(c, "out", %s)\n' \
	    "$fam" "$dest" >"$SCRATCH/out$i.sv"
	in_host "$SOCKVIZ" run "$SCRATCH/out$i.sv" --host >"$SCRATCH/out$i.txt" \
	    2>"$SCRATCH/out$i.err"
	check "--host refuses $dest: exit 2" 2 $?
	check "--host refuses $dest: file:line:col and why" 1 \
	    "$(grep -c "^sockviz: $SCRATCH/out$i.sv:2:26: .* is not a loopback address" \
	        "$SCRATCH/out$i.err")"
done
printf 'client: c = socket(AF_INET, SOCK_STREAM)\nclient: connect(c, 10.77.0.2:80)\n' \
    >"$SCRATCH/tcp-out.sv"
in_host "$SOCKVIZ" run "$SCRATCH/tcp-out.sv" --host >/dev/null 2>&1
check "--host refuses a connect() off the machine" 2 $?

# Without --host: the run's own namespace has no route at all.
in_host "$SOCKVIZ" run "$SCRATCH/out1.sv" --format json >"$SCRATCH/ns.json" 2>/dev/null
check "in a namespace: sendto() off the machine is ENETUNREACH" "-1 ENETUNREACH" \
    "$(jq -r '.events[]|select(.type=="call" and .fn=="sendto")|"\(.ret) \(.errno)"' \
        "$SCRATCH/ns.json")"

# A control datagram that does leave, so that an empty capture means
# something: the far side sees it, and nothing else.
in_host bash -c 'echo control >/dev/udp/10.77.0.2/7'
wait "$DUMP" 2>/dev/null
DUMP=
far=$(tcpdump -n -r "$SCRATCH/far.pcap" 2>/dev/null)
check "one packet crossed the link" 1 "$(echo "$far" | grep -c .)"
echo "$far" | sed "s/^/far side: /"
check "it is the control datagram" 1 \
    "$(echo "$far" | grep -c '10\.77\.0\.1\.[0-9]* > 10\.77\.0\.2\.7: UDP')"

# A port some other program holds: said before the run.
cat >"$SCRATCH/hold.sv" <<'EOF'
server: s = socket(AF_INET, SOCK_STREAM)
server: bind(s, 127.0.0.1:8888)
server: listen(s, 5)
server: a = accept(s)
EOF
in_host "$SOCKVIZ" run "$SCRATCH/hold.sv" --host --deadline 20000 \
    >/dev/null 2>&1 &
HOLD=$!
for _ in $(seq 200000); do
	in_host ss -Hltn 'sport = :8888' | grep -q 8888 && break
done
in_host "$SOCKVIZ" run tcp --host >"$SCRATCH/busy.txt" 2>"$SCRATCH/busy.err"
check "a port in use on the host: exit 3" 3 $?
check "a port in use on the host: said so" 1 \
    "$(grep -c '^sockviz: tcp:6:[0-9]*: port 8888 is in use on the host' "$SCRATCH/busy.err")"
check "a port in use: nothing was run" "" "$(cat "$SCRATCH/busy.txt")"
kill "$HOLD" 2>/dev/null
wait "$HOLD" 2>/dev/null

# Other programs' traffic on the same lo is not the scenario's: five runs
# at once each draw only their own sockets' packets, or are refused.
for k in 1 2 3 4 5; do
	in_host "$SOCKVIZ" run tcp --host --format json >"$SCRATCH/par$k.json" \
	    2>"$SCRATCH/par$k.err" &
done
wait
for k in 1 2 3 4 5; do
	st=$(jq -r '.capture.packets' "$SCRATCH/par$k.json" 2>/dev/null)
	if [ -z "$st" ]; then
		check "run $k at once: refused, saying the port is in use" 1 \
		    "$(grep -c 'port 8888 is in use on the host' "$SCRATCH/par$k.err")"
		continue
	fi
	# Every packet drawn touches one of this run's own sockets.
	check "run $k at once: only its own sockets' packets" "" \
	    "$(jq -r '[.events[]|select(.type=="call")|.local,.peer|select(.!=null)] as $mine |
	        .events[]|select(.type=="packet")|select(([.src,.dst]|map(. as $e |
	        $mine|index($e))|map(select(.!=null))|length)==0)|"\(.src) \(.dst)"' \
	        "$SCRATCH/par$k.json")"
done

# Thirty sendto()s to one port: one filter term, not thirty.
{
	echo 'server: u = socket(AF_INET, SOCK_DGRAM)'
	echo 'server: bind(u, 127.0.0.1:9999)'
	echo 'client: c = socket(AF_INET, SOCK_DGRAM)'
	for k in $(seq 30); do echo "client: sendto(c, \"$k\", 127.0.0.1:9999) -> UDP"; done
} >"$SCRATCH/thirty.sv"
in_host "$SOCKVIZ" run "$SCRATCH/thirty.sv" --host >/dev/null 2>"$SCRATCH/thirty.err"
check "thirty sendto()s with --host: exit 0" 0 $?
check "thirty sendto()s with --host: no filter error" "" "$(cat "$SCRATCH/thirty.err")"
# And fifty different ports still make a filter.
{
	echo 'client: c = socket(AF_INET, SOCK_DGRAM)'
	for k in $(seq 50); do echo "client: sendto(c, \"$k\", 127.0.0.1:$((20000 + k))) -> UDP"; done
} >"$SCRATCH/fifty.sv"
in_host "$SOCKVIZ" run "$SCRATCH/fifty.sv" --host >/dev/null 2>"$SCRATCH/fifty.err"
check "fifty ports with --host: exit 0" 0 $?
finish
