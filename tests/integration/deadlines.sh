#!/bin/bash
# Deadlines without lies, and actors that die as real programs do.
#
# A call that nothing will finish is drawn unfinished, its actor ended, and
# the run exits 1 naming the step's line, within the deadline plus one
# second; never a made-up EAGAIN. A write to a connection the peer closed
# kills the writer with SIGPIPE; the other actor goes on, sockviz exits
# normally and leaves no temporary file.
. "$(dirname "$0")/lib.sh"
need jq
DEADLINE=700

ms_now() { echo $(($(date +%s%N) / 1000000)); }

# run NAME FILE: runs it, sets $status, $took (ms), $err, writes NAME.json
run() {
	local t0
	t0=$(ms_now)
	"$SOCKVIZ" run "$2" --deadline "$DEADLINE" --format json \
	    >"$SCRATCH/$1.json" 2>"$SCRATCH/$1.err"
	status=$?
	took=$(($(ms_now) - t0))
	err=$(cat "$SCRATCH/$1.err")
}

cat >"$SCRATCH/recv.sv" <<'EOF'
server: u = socket(AF_INET, SOCK_DGRAM)
server: bind(u, 127.0.0.1:9999)
server: recv(u, 64)
EOF
cat >"$SCRATCH/accept.sv" <<'EOF'
server: s = socket(AF_INET, SOCK_STREAM)
server: bind(s, 127.0.0.1:8888)
server: listen(s, 5)
server: a = accept(s)
EOF
# A send buffer the peer never drains, then a close() told to linger for
# an hour until it is sent.
{
	echo 'server: s = socket(AF_INET, SOCK_STREAM)'
	echo 'server: setsockopt(s, SO_RCVBUF, 2048)'
	echo 'server: bind(s, 127.0.0.1:8888)'
	echo 'server: listen(s, 5)'
	echo 'client: c = socket(AF_INET, SOCK_STREAM)'
	echo 'client: setsockopt(c, SO_SNDBUF, 4096)'
	echo 'client: connect(c, 127.0.0.1:8888)'
	echo 'server: a = accept(s)'
	big=$(head -c 30000 /dev/zero | tr '\0' x)
	for i in 1 2 3 4; do
		echo "client: send(c, \"$big\", MSG_DONTWAIT)"
	done
	echo 'client: setsockopt(c, SO_LINGER, 1, 3600) = 0'
	echo 'client: close(c)'
} >"$SCRATCH/linger.sv"

for t in recv:3:server:recv accept:4:server:accept linger:14:client:close; do
	IFS=: read -r name line actor fn <<<"$t"
	run "$name" "$SCRATCH/$name.sv"
	check "$name: exit 1" 1 "$status"
	check "$name: within the deadline plus one second" 1 \
	    "$([ "$took" -lt $((DEADLINE + 1000)) ] && echo 1 || echo "$took ms")"
	check "$name: the message names the line and the step" 1 \
	    "$(echo "$err" | grep -c "$name.sv:$line: step $line, $actor $fn(): $fn() had not returned after $DEADLINE ms")"
	check "$name: the call is drawn unfinished, not returned" "true null null" \
	    "$(jq -r --arg f "$fn" '[.events[]|select(.type=="call" and .fn==$f)]|
	        last|"\(.unfinished) \(.ret) \(.errno)"' "$SCRATCH/$name.json")"
	check "$name: its actor was ended" '"SIGKILL"' \
	    "$(jq -c --arg f "$fn" '[.events[]|select(.type=="call" and .fn==$f)]|
	        last|.signal' "$SCRATCH/$name.json")"
done
check "recv: the terminal says it had not returned" 1 \
    "$("$SOCKVIZ" run "$SCRATCH/recv.sv" --deadline "$DEADLINE" --no-color 2>/dev/null |
        grep -c "had not returned after $DEADLINE ms")"

# SIGPIPE: the client writes after the server closed.
cat >"$SCRATCH/pipe.sv" <<'EOF'
server: s = socket(AF_INET, SOCK_STREAM)
server: bind(s, 127.0.0.1:8888)
server: listen(s, 5)
client: c = socket(AF_INET, SOCK_STREAM)
client: connect(c, 127.0.0.1:8888)
server: a = accept(s)
server: send(a, "bye")
client: recv(c, 64) = 3 "bye"
server: close(a)
client: write(c, "one")
client: write(c, "two")
server: close(s) = 0
server: t = socket(AF_INET, SOCK_DGRAM) = 3
EOF
mkdir "$SCRATCH/out"
( cd "$SCRATCH/out" && "$SOCKVIZ" run "$SCRATCH/pipe.sv" --format json \
    -o pipe.pcapng -o pipe.svg >"$SCRATCH/pipe.json" 2>"$SCRATCH/pipe.err" )
check "sigpipe: sockviz exits 0" 0 $?
check "sigpipe: nothing on stderr" "" "$(cat "$SCRATCH/pipe.err")"
check "sigpipe: the second write fails with EPIPE and kills the client" \
    "-1 EPIPE SIGPIPE" "$(jq -r '[.events[]|select(.type=="call" and
        .fn=="write")][1]|"\(.ret) \(.errno) \(.signal)"' "$SCRATCH/pipe.json")"
check "sigpipe: the server's later steps ran" "0 3" \
    "$(jq -r '[.events[]|select(.type=="call" and .actor=="server")]|
        .[-2:]|map(.ret)|join(" ")' "$SCRATCH/pipe.json")"
check "sigpipe: only the two files, no temporary" "pipe.pcapng pipe.svg" \
    "$(ls "$SCRATCH/out" | tr '\n' ' ' | sed 's/ $//')"
check "sigpipe: the terminal says the client was killed" 1 \
    "$("$SOCKVIZ" run "$SCRATCH/pipe.sv" --no-color 2>/dev/null |
        grep -c 'client killed by SIGPIPE')"

# A step of a dead actor is not run, and that fails the run.
sed 's/^server: close(s) = 0$/client: close(c)/' "$SCRATCH/pipe.sv" >"$SCRATCH/pipe2.sv"
run pipe2 "$SCRATCH/pipe2.sv"
check "dead actor's step: exit 1" 1 "$status"
check "dead actor's step: said so" 1 \
    "$(echo "$err" | grep -c 'pipe2.sv:12: step 12, client close(): not run: client had died')"
finish
