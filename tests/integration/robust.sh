#!/bin/bash
# Never a false success, never debris: a closed or full standard output,
# signals, broken pipes, directories where files are wanted, timelines of
# any size in pcapng, and captures whose cost must grow linearly.
. "$(dirname "$0")/lib.sh"
need jq
cd "$SCRATCH" || exit 1
GEN=$(dirname "$SOCKVIZ")/bench/gen_capture

no_temps() { ls -A | grep -c '\.tmp\.' ; }

# A closed standard output: an error, and never an -o file's descriptor.
"$SOCKVIZ" run tcp -o closed.json >&- 2>err
check "closed stdout: exit 2" 2 $?
check "closed stdout: said so" 1 "$(grep -c 'standard output is closed' err)"
check "closed stdout: no -o file, no temporary" "0 0" \
    "$([ -e closed.json ] && echo 1 || echo 0) $(no_temps)"
"$SOCKVIZ" list <&- >/dev/null 2>&1
check "closed stdin: list still works" 0 $?

# A full standard output: every command says so and fails.
for cmd in "list" "--help" "show tcp" "run tcp" "run udp --format json"; do
	# shellcheck disable=SC2086
	"$SOCKVIZ" $cmd >/dev/full 2>err
	check "$cmd >/dev/full: exit 2" 2 $?
	check "$cmd >/dev/full: names the reason" 1 \
	    "$(grep -c 'No space left on device' err)"
done
"$SOCKVIZ" run udp -o u.pcap >/dev/null
"$SOCKVIZ" render u.pcap --flows >/dev/full 2>err
check "render --flows >/dev/full: exit 2" 2 $?
# A ladder long enough to be written while it is drawn, by the thread
# that draws it: the reason is still that write's.
"${GEN_CAPTURE:-$(dirname "$SOCKVIZ")/bench/gen_capture}" 20000 10 >g.pcap
"$SOCKVIZ" render g.pcap >/dev/full 2>err
check "render of 20,000 packets >/dev/full: exit 2" 2 $?
check "render of 20,000 packets >/dev/full: names the reason" 1 \
    "$(grep -c '^sockviz: standard output: No space left on device$' err)"
# The ladder is drawn on a thread of its own; where no thread may start
# (a user at its process limit), it is drawn all the same, the same.
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	"$SOCKVIZ" render /dev/stdin <g.pcap >g-threads.txt
	# (LeakSanitizer, in a sanitizer build, needs a thread of its own at
	# exit, which the limit refuses it too.)
	setpriv --reuid=65534 --regid=65534 --clear-groups \
	    env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
	    bash -c 'ulimit -u 1 && exec "$0" render /dev/stdin' "$SOCKVIZ" \
	    <g.pcap >g-one.txt 2>err
	check "no thread to be had: exit 0" "0 " "$? $(cat err)"
	cmp -s g-threads.txt g-one.txt
	check "no thread to be had: the same ladder" 0 $?
else
	echo "SKIP (part): not root: no user at its process limit"
fi

# Directories where a file is wanted, refused before anything runs.
mkdir d.json
"$SOCKVIZ" run /tmp >out 2>err
check "run DIR: exit 2" 2 $?
check "run DIR: Is a directory" 1 "$(grep -c '^sockviz: /tmp: Is a directory$' err)"
"$SOCKVIZ" run tcp -o d.json >out 2>err
check "-o DIR: exit 2" 2 $?
check "-o DIR: said before the run (nothing drawn)" "1 0" \
    "$(grep -c 'cannot write d.json: Is a directory' err) $(wc -c <out)"
"$SOCKVIZ" run tcp --width 20 >out 2>err
check "--width 20: refused, exit 2" 2 $?
for w in 72 100; do
	"$SOCKVIZ" run tcp --no-color --width $w >out
	check "--width $w: no line wider" 1 \
	    "$([ "$(LC_ALL=C.UTF-8 wc -L <out)" -le $w ] && echo 1 ||
	        LC_ALL=C.UTF-8 wc -L <out)"
done

# Write errors name their errno, whatever the format.
if [ "$(id -u)" -eq 0 ] && command -v unshare >/dev/null; then
	for fmt in json pcapng txt svg; do
		out=$(unshare -m sh -c "mkdir -p small && mount -t tmpfs -o size=4k tmpfs small &&
		    '$SOCKVIZ' run tcp -o small/x.$fmt >/dev/null; echo \"exit \$?\";
		    ls -A small | wc -l" 2>&1)
		check ".$fmt on a full disk: exit 2, the reason, nothing left" \
		    "1 exit 2 0" "$(echo "$out" | grep -c 'No space left on device') $(echo "$out" |
		        tail -n 2 | tr '\n' ' ' | sed 's/ $//')"
	done
fi

# Escapes and NULs from received data never reach the terminal raw, nor cut
# the message.
cat >esc.sv <<'EOF'
server: u = socket(AF_INET, SOCK_DGRAM)
server: bind(u, 127.0.0.1:9999)
client: c = socket(AF_INET, SOCK_DGRAM)
client: sendto(c, "a\x1b[31m\x07b\0c", 127.0.0.1:9999)
server: recv(u, 64) = 10 "a\0xxxxxxxx"
EOF
"$SOCKVIZ" run esc.sv --no-color >out 2>err
check "escapes in a failure message: exit 1" 1 $?
check "escapes in a failure message: shown escaped, whole" 1 \
    "$(grep -cF 'expected to receive "a\0xxxxxxxx"; it received "a\x1b[31m\x07b\0c"' err)"
check "no escape or bell byte reaches the terminal" 0 \
    "$(tr -d '\n' <err | tr -dc '\033\007' | wc -c)"

# Signals: the temporary files go, and the exit status says why.
cat >wait.sv <<'EOF'
server: u = socket(AF_INET, SOCK_DGRAM)
server: bind(u, 127.0.0.1:9999)
server: recv(u, 64)
EOF
for sig in INT TERM HUP; do
	"$SOCKVIZ" run wait.sv --deadline 20000 -o w.json -o w.pcapng >/dev/null 2>&1 &
	pid=$!
	# The temporaries exist once the run has begun.
	for _ in $(seq 100000); do [ "$(no_temps)" -ge 2 ] && break; done
	kill -$sig $pid
	wait $pid
	st=$?
	want=$((128 + $(kill -l $sig)))
	check "SIG$sig: exit $want" $want $st
	check "SIG$sig: no temporary, no file" "0" "$(no_temps)"
	check "SIG$sig: no half-written output" 0 "$(ls w.json w.pcapng 2>/dev/null | wc -l)"
done
# A closed pipe: sockviz ends as a filter does, leaving nothing behind.
[ -x "$GEN" ] && "$GEN" 100000 100 >big.pcap
if [ -s big.pcap ]; then
	for k in 1 2 3; do
		"$SOCKVIZ" render big.pcap -o p.json | head -n 1 >/dev/null
	done
	check "render | head: no temporary left" 0 "$(no_temps)"
fi

# A timeline of any size comes back whole from pcapng: 4,096 steps, and
# a 64 KiB payload.
{
	echo 'server: u = socket(AF_INET, SOCK_DGRAM)'
	echo 'server: bind(u, 127.0.0.1:9999)'
	echo 'client: c = socket(AF_INET, SOCK_DGRAM)'
	pay=$(printf '%0400d' 7)
	for i in $(seq 2042); do
		echo "client: sendto(c, \"$pay\", 127.0.0.1:9999) -> UDP"
		echo 'server: recvfrom(u, 1000, &who) = 400'
	done
	echo 'server: s = socket(AF_INET, SOCK_STREAM)'
	echo 'server: bind(s, 127.0.0.1:8888)'
	echo 'server: listen(s, 5)'
	echo 'client: t = socket(AF_INET, SOCK_STREAM)'
	echo 'client: connect(t, 127.0.0.1:8888)'
	echo 'server: a = accept(s)'
	echo "client: send(t, \"$(head -c 65536 /dev/zero | tr '\0' y)\") = 65536"
	echo 'server: recv(a, 65536, MSG_WAITALL) = 65536'
	echo 'server: close(u) = 0'
} >big.sv
"$SOCKVIZ" run big.sv -o big.pcapng -o big.json >/dev/null 2>err
rc=$?
check "4,096 steps: the run holds" 0 $rc
[ "$rc" -eq 0 ] || sed 's/^/  stderr: /' err
"$SOCKVIZ" render big.pcapng --format json >big2.json 2>err
check "4,096 steps: render of its pcapng exits 0" 0 $?
check "4,096 steps: the same timeline, every call and packet" "" \
    "$(diff <(jq -S . big.json) <(jq -S . big2.json) | head -n 5)"
check "4,096 steps: 4,096 calls came back" 4096 \
    "$(jq '[.events[]|select(.type=="call")]|length' big2.json)"
if command -v tshark >/dev/null; then
	check "4,096 steps: tshark reads the pcapng without complaint" "" \
	    "$(tshark -r big.pcapng -q 2>&1 | grep -v 'Running as user')"
fi

# A pcapng without calls (a capture sockviz re-wrote) streams like a pcap.
if [ -s big.pcap ] && [ -x "$(dirname "$SOCKVIZ")/bench/maxrss" ]; then
	MAXRSS=$(dirname "$SOCKVIZ")/bench/maxrss
	"$SOCKVIZ" render big.pcap -o big-r.pcapng >/dev/null
	kib() { "$MAXRSS" "$SOCKVIZ" render "$1" 2>&1 >/dev/null |
	    sed -n 's/.*maxrss_kib=\([0-9]*\).*/\1/p'; }
	a=$(kib big.pcap)
	b=$(kib big-r.pcapng)
	check "a pcapng without calls renders in the memory of its pcap" 1 \
	    "$([ -n "$a" ] && [ "$b" -lt $((a * 2 + 8192)) ] && echo 1 || echo "$a vs $b KiB")"
fi

# Cost linear in conversations: instructions for 5,000 and 20,000 flows.
# (valgrind cannot run a sanitizer build.)
if command -v valgrind >/dev/null && [ -x "$GEN" ] &&
    ! ldd "$SOCKVIZ" 2>/dev/null | grep -q libasan; then
	"$GEN" 10000 5000 >f1.pcap
	"$GEN" 40000 20000 >f4.pcap
	ir() {
		valgrind --tool=callgrind --callgrind-out-file=/dev/null "$SOCKVIZ" \
		    render "$@" 2>&1 >/dev/null | awk '/Collected/ { print $4 }'
	}
	for m in "" --flows; do
		x=$(ir f1.pcap $m)
		y=$(ir f4.pcap $m)
		check "render $m: 4x the conversations, under 6x the work" 1 \
		    "$([ -n "$x" ] && [ "$y" -lt $((x * 6)) ] && echo 1 || echo "$x -> $y")"
	done
fi
finish
