#!/bin/bash
# sockviz trace on real programs (tests/trace/, built by the suite): C,
# statically linked C, Python, a forking server, a non-blocking connect,
# sendmsg/recvmsg; as root and as an ordinary user. Every assertion is
# read from the JSON timeline.
. "$(dirname "$0")/lib.sh"
need jq
: "${SOCKVIZ_TRACE_BIN:?SOCKVIZ_TRACE_BIN must name the built test programs}"
T=$SOCKVIZ_TESTDATA/trace
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 is not installed"

# A copy everyone may run, so the same commands work as uid 65534.
chmod 755 "$SCRATCH"
mkdir "$SCRATCH/bin" "$SCRATCH/out"
cp "$SOCKVIZ" "$SCRATCH/bin/sockviz"
cp "$SOCKVIZ_TRACE_BIN"/* "$T"/*.py "$SCRATCH/bin/"
chmod -R a+rX "$SCRATCH/bin"
B=$SCRATCH/bin
SV=$B/sockviz

# run_trace NAME [ARG...]: trace, JSON to $SCRATCH/out/NAME.json, stderr to
# NAME.err, exit status to NAME.rc. AS may name a wrapper (another user).
run_trace() {
	local name=$1
	shift
	${AS:-} "$SV" trace --format json "$@" >"$SCRATCH/out/$name.json" \
	    2>"$SCRATCH/out/$name.err" </dev/null
	echo $? >"$SCRATCH/out/$name.rc"
}
rc() { cat "$SCRATCH/out/$1.rc"; }
J() { echo "$SCRATCH/out/$1.json"; }
# first_socket JSON ACTOR: what the actor's first socket() returned.
first_socket() {
	jq -r --arg a "$2" '[.events[] | select(.type=="call" and .actor==$a
	    and .fn=="socket")][0].ret' "$1"
}
# calls JSON ACTOR: the actor's calls, "fn=ret" each.
calls() {
	jq -r --arg a "$2" '[.events[] | select(.type=="call" and .actor==$a)
	    | "\(.fn)=\(.ret)"] | join(" ")' "$1"
}

echo_pair() {   # PREFIX CLIENT-BINARY
	local p=$1 client=$2
	run_trace "$p" -c server="$B/echo_server 8888" \
	    -c client="$B/$client 127.0.0.1 8888 hello"
	local j
	j=$(J "$p")
	check "$p: exit 0" 0 "$(rc "$p")"
	check "$p: the JSON on stdout is whole" true \
	    "$(jq -r '.events | length > 0' "$j")"
	check "$p: the program's own output went to stderr" "echo: hello" \
	    "$(grep -x 'echo: hello' "$SCRATCH/out/$p.err")"
	check "$p: connect() causes the handshake" "SYN SYN,ACK ACK" \
	    "$(packets_of "$j" client connect)"
	check "$p: accept() causes nothing" "" "$(packets_of "$j" server accept)"
	check "$p: send() its data and the answer" "PSH,ACK ACK" \
	    "$(packets_of "$j" client send)"
	check "$p: the server's first socket is 3" 3 "$(first_socket "$j" server)"
	check "$p: the client's first socket is 3" 3 "$(first_socket "$j" client)"
	check "$p: the server's calls, as made" \
	    "socket=3 setsockopt=0 bind=0 listen=0 accept=4 recv=5 send=5 recv=0 close=0 close=0" \
	    "$(calls "$j" server)"
	check "$p: the client's calls, as made" \
	    "socket=3 connect=0 send=5 recv=5 close=0" "$(calls "$j" client)"
	check "$p: the handshake's origins" "call answer call" \
	    "$(jq -r '. as $t | [.events[] | select(.type=="call" and
	    .fn=="connect")][0].packets | map($t.events[.].origin) |
	    join(" ")' "$j")"
	check "$p: nothing but the programs' packets" true \
	    "$(jq -r '.capture.isolated and .capture.dropped == 0' "$j")"
	check "$p: each actor has its pid" true \
	    "$(jq -r '[.actors[] | .pid > 0] | all' "$j")"
}

udp_pair() {
	local p=$1
	run_trace "$p" -c server="$PY $B/udp_server.py 9999 2" \
	    -c client="$PY $B/udp_client.py 127.0.0.1 9999 one two"
	local j
	j=$(J "$p")
	check "$p: exit 0" 0 "$(rc "$p")"
	check "$p: UDP connect() causes nothing" "" \
	    "$(packets_of "$j" client connect)"
	check "$p: the first send() one datagram" UDP \
	    "$(packets_of "$j" client send 0)"
	check "$p: the second send() one datagram" UDP \
	    "$(packets_of "$j" client send 1)"
	check "$p: each sendto() one datagram" "UDP UDP" \
	    "$(jq -r '. as $t | [.events[] | select(.type=="call" and
	    .fn=="sendto") | .packets | map($t.events[.].proto) | join(",")]
	    | join(" ")' "$j")"
	check "$p: Python's first socket is 3 too" "3 3" \
	    "$(first_socket "$j" server) $(first_socket "$j" client)"
	check "$p: recv() on a connected socket" "recv=3 recv=3" \
	    "$(jq -r '[.events[] | select(.type=="call" and .actor=="client"
	    and .fn=="recv") | "\(.fn)=\(.ret)"] | join(" ")' "$j")"
}

all_cases() {   # PREFIX: every program, as whoever $AS makes us
	local p=$1
	echo_pair "$p-c" echo_client
	echo_pair "$p-static" echo_client_static
	udp_pair "$p-python"

	run_trace "$p-fork" -c server="$B/fork_server 8888 1" \
	    -c client="$B/echo_client 127.0.0.1 8888 hi"
	local j
	j=$(J "$p-fork")
	check "$p-fork: exit 0" 0 "$(rc "$p-fork")"
	check "$p-fork: the child has a lane of its own" \
	    "server client server/2" "$(jq -r '[.actors[].name] | join(" ")' "$j")"
	check "$p-fork: and its own calls" \
	    "close=0 recv=2 send=2 recv=0 close=0" "$(calls "$j" server/2)"
	check "$p-fork: its own pid" true \
	    "$(jq -r '[.actors[] | select(.name=="server/2") | .pid] as $c |
	    [.actors[] | select(.name=="server") | .pid] as $p |
	    $c[0] != $p[0]' "$j")"
	check "$p-fork: the child's data is drawn from the child" "server/2" \
	    "$(jq -r '. as $t | [.events[] | select(.type=="call" and
	    .actor=="server/2" and .fn=="send")][0].packets |
	    map($t.events[.] | select(.origin=="call") | .from) | unique |
	    join(" ")' "$j")"
	check "$p-fork: the parent only accepts and closes" \
	    "socket=3 setsockopt=0 bind=0 listen=0 accept=4 close=0 close=0" \
	    "$(calls "$j" server)"

	run_trace "$p-nb" -c server="$B/echo_server 8888" \
	    -c client="$B/nb_connect 127.0.0.1 8888"
	j=$(J "$p-nb")
	check "$p-nb: exit 0" 0 "$(rc "$p-nb")"
	check "$p-nb: connect() returns -1 EINPROGRESS" "-1 EINPROGRESS" \
	    "$(jq -r '[.events[] | select(.type=="call" and .fn=="connect")][0]
	    | "\(.ret) \(.errno)"' "$j")"
	check "$p-nb: its SYN is its own" "SYN call" \
	    "$(jq -r '. as $t | [.events[] | select(.type=="call" and
	    .fn=="connect")][0].packets | map($t.events[.]) |
	    map(select(.flags=="SYN"))[0] | "\(.flags) \(.origin)"' "$j")"
	check "$p-nb: then poll(), getsockopt(), send()" \
	    "socket=3 fcntl=2 fcntl=0 connect=-1 poll=1 getsockopt=0 send=2 close=0" \
	    "$(calls "$j" client)"

	run_trace "$p-msg" -- "$B/msg_pair" 7777
	j=$(J "$p-msg")
	check "$p-msg: exit 0" 0 "$(rc "$p-msg")"
	check "$p-msg: sendmsg() sends one datagram of both buffers" "UDP 9" \
	    "$(jq -r '. as $t | [.events[] | select(.type=="call" and
	    .fn=="sendmsg")][0].packets |
	    map($t.events[.] | "\(.proto) \(.len)") | join(" ")' "$j")"
	check "$p-msg: recvmsg() takes it whole" "9 head:body" \
	    "$(jq -r '[.events[] | select(.type=="call" and .fn=="recvmsg")][0]
	    | "\(.ret) \(.data)"' "$j")"
	check "$p-msg: one lane, named after the program" msg_pair \
	    "$(jq -r '[.actors[].name] | join(" ")' "$j")"

	run_trace "$p-zoo" -- "$B/calls_zoo" 6000
	j=$(J "$p-zoo")
	check "$p-zoo: exit 0" 0 "$(rc "$p-zoo")"
	check "$p-zoo: every rarer call, decoded" \
	    "socketpair=0 close=0 close=0 socket=3 bind=0 socket=4 connect=0 dup=5 dup2=20 dup3=21 writev=4 pselect6=1 readv=4 sendmmsg=2 pselect6=1 recvmmsg=2 send=2 epoll_wait=1 recv=2 socket=6 setsockopt=0 bind=0 listen=0 socket=7 connect=0 ppoll=1 accept4=8 getsockopt=0 close=0 close=0 close=0 close=0 close=0 close=0 close=0 close=0" \
	    "$(calls "$j" calls_zoo)"
	check "$p-zoo: the texts, as the kernel was handed them" \
	    "$(printf '%s\n' 'socketpair(AF_UNIX, SOCK_STREAM, 0, [3, 4])' \
	    'dup3(4, 21, O_CLOEXEC)' 'writev(5, ["ab", "cd"], 2)' \
	    'readv(3, [2, 8], 2)' \
	    'sendmmsg(20, [{NULL, ["one"]}, {NULL, ["two"]}], 2, 0)' \
	    'recvmmsg(3, [{NULL, [8]}, {NULL, [8]}], 2, 0, NULL)' \
	    'accept4(6, NULL, NULL, SOCK_CLOEXEC)' \
	    'getsockopt(8, SOL_SOCKET, SO_RCVBUF, 131072, &len)')" \
	    "$(jq -r '.events[] | select(.type=="call" and (.fn=="socketpair"
	    or .fn=="dup3" or .fn=="writev" or .fn=="readv" or
	    .fn=="sendmmsg" or .fn=="recvmmsg" or .fn=="accept4" or
	    .fn=="getsockopt")) | .text' "$j" |
	    sed 's/SO_RCVBUF, [0-9]*,/SO_RCVBUF, 131072,/')"
	check "$p-zoo: sendmmsg() sends one datagram a message" "UDP UDP" \
	    "$(packets_of "$j" calls_zoo sendmmsg)"
	check "$p-zoo: recvmmsg() receives both" "onetwo" \
	    "$(jq -r '[.events[] | select(.type=="call" and .fn=="recvmmsg")][0]
	    .data' "$j")"

	run_trace "$p-thread" -- "$B/thread_udp" 5555
	j=$(J "$p-thread")
	check "$p-thread: exit 0" 0 "$(rc "$p-thread")"
	check "$p-thread: the thread has a lane of its own" "thread_udp thread_udp/2" \
	    "$(jq -r '[.actors[].name] | join(" ")' "$j")"
	check "$p-thread: its calls and its datagram" "socket=4 sendto=13 close=0 UDP" \
	    "$(calls "$j" thread_udp/2) $(packets_of "$j" thread_udp/2 sendto)"
	check "$p-thread: drawn from the thread" "thread_udp/2>thread_udp" \
	    "$(jq -r '[.events[] | select(.type=="packet") | "\(.from)>\(.to)"]
	    | join(" ")' "$j")"
}

all_cases root

# An ordinary user: no root, no capabilities, the same timelines.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null; then
	chown 65534:65534 "$SCRATCH/out"
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups --"
	all_cases user
	AS=
else
	echo "note: not root, so the uid-65534 half is left out"
fi

# A trace's pcapng draws the very same timeline again.
"$SV" trace -o "$SCRATCH/out/fork.pcapng" --format json \
    -c server="$B/fork_server 8888 1" -c client="$B/echo_client 127.0.0.1 8888 hi" \
    >"$SCRATCH/out/fork-again.json" 2>/dev/null </dev/null
"$SV" render "$SCRATCH/out/fork.pcapng" --format json >"$SCRATCH/out/fork-render.json"
check "pcapng: rendered again, the same events" \
    "$(jq -r -f "$T/signature.jq" "$SCRATCH/out/fork-again.json")" \
    "$(jq -r -f "$T/signature.jq" "$SCRATCH/out/fork-render.json")"
check "pcapng: the same actors" "server client server/2" \
    "$(jq -r '[.actors[].name] | join(" ")' "$SCRATCH/out/fork-render.json")"
# The kernel's sockets are shown as the programs left them, not "after
# the last step" (a trace has no steps), and the pcapng remembers it.
"$SV" render "$SCRATCH/out/fork.pcapng" --width 100 >"$SCRATCH/out/fork.txt"
check "pcapng: the finals are what the programs left" 1 \
    "$(grep -c '^When the programs had ended, the kernel held:$' "$SCRATCH/out/fork.txt")"
check "pcapng: never 'after the last step'" 0 \
    "$(grep -c 'After the last step' "$SCRATCH/out/fork.txt")"

# Only loopback is reachable: an outside address is unreachable, and the
# client says so with its exit status (1: a program failed).
run_trace unreach -- "$B/echo_client" 10.77.0.2 8888
check "unreach: exit 1 for a program that failed" 1 "$(rc unreach)"
check "unreach: connect() fails ENETUNREACH" "-1 ENETUNREACH" \
    "$(jq -r '[.events[] | select(.type=="call" and .fn=="connect")][0] |
    "\(.ret) \(.errno)"' "$(J unreach)")"
check "unreach: not one packet" 0 "$(jq -r '.capture.packets' "$(J unreach)")"
check "unreach: the failure is named" 1 \
    "$(grep -c 'echo_client exited with status 1' "$SCRATCH/out/unreach.err")"
check "unreach: and in the timeline, after its last call" "connect 1" \
    "$(jq -r '[.events[] | select(.type=="call")][-1] | "\(.fn) \(.exit)"' \
    "$(J unreach)")"

# A server that never ends: once the client has exited it gets the
# deadline, then SIGTERM; the timeline shows it blocked in accept().
run_trace forever --deadline 300 -c server="$B/echo_server 8888 0" \
    -c client="$B/echo_client 127.0.0.1 8888"
j=$(J forever)
check "forever: exit 0 (the server was ended, not failed)" 0 "$(rc forever)"
check "forever: its last accept() never returned, ended by SIGTERM" \
    "true SIGTERM" "$(jq -r '[.events[] | select(.type=="call" and
    .actor=="server" and .fn=="accept")][-1] | "\(.unfinished) \(.signal)"' "$j")"

# Every program waiting for the other, forever: ended after the deadline,
# and a failure.
run_trace stuck --deadline 300 -- "$B/echo_server" 8888
check "stuck: exit 1" 1 "$(rc stuck)"
check "stuck: said why" 1 "$(grep -c 'every program had been waiting' \
    "$SCRATCH/out/stuck.err")"

# Usage.
"$SV" trace >/dev/null 2>"$SCRATCH/e1"
check "no program: exit 2" 2 $?
"$SV" trace -c 'bad name=x' >/dev/null 2>"$SCRATCH/e2"
check "a bad NAME: exit 2" 2 $?
"$SV" trace -c a=true -c a=true >/dev/null 2>"$SCRATCH/e3"
check "two programs of one name: exit 2" 2 $?
"$SV" trace -- no-such-program-here >/dev/null 2>"$SCRATCH/e4"
check "an unknown program: exit 2" 2 $?
check "an unknown program: said so" \
    "sockviz: no-such-program-here: command not found" "$(cat "$SCRATCH/e4")"
"$SV" trace --host -- true >/dev/null 2>"$SCRATCH/e5"
check "--host: exit 2" 2 $?
finish
