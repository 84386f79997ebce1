#!/bin/bash
# Where the environment refuses, sockviz says why and exits 3; root
# without capabilities (a container) still gets a private namespace.
. "$(dirname "$0")/lib.sh"
need jq
need setpriv
need unshare
[ "$(id -u)" -eq 0 ] || skip "must be root to take capabilities away"

cp "$SOCKVIZ" "$SCRATCH/sockviz"
chmod 755 "$SCRATCH" "$SCRATCH/sockviz"

setpriv --bounding-set=-all --inh-caps=-all "$SCRATCH/sockviz" run udp-connect \
    --format json >"$SCRATCH/nocaps.json" 2>"$SCRATCH/err"
check "root without capabilities: exit 0" 0 $?
check "root without capabilities: UDP connect() sends nothing" "" \
    "$(packets_of "$SCRATCH/nocaps.json" client connect)"

# No capabilities and no user namespaces left to make: nothing can work.
if unshare --user --map-root-user true 2>/dev/null; then
	unshare --user --map-root-user sh -c '
	    echo 0 >/proc/sys/user/max_user_namespaces &&
	    exec setpriv --bounding-set=-all --inh-caps=-all "$1" run tcp' \
	    sh "$SCRATCH/sockviz" >"$SCRATCH/out" 2>"$SCRATCH/err"
	check "no namespace possible: exit 3" 3 $?
	check "no namespace possible: one line on stderr" 1 "$(wc -l <"$SCRATCH/err")"
	grep -q "cannot make a private network namespace" "$SCRATCH/err"
	check "no namespace possible: the message says so" 0 $?
	grep -q -- "--host" "$SCRATCH/err"
	check "no namespace possible: the message names a way out" 0 $?
	check "no namespace possible: nothing on stdout" "" "$(cat "$SCRATCH/out")"
else
	echo "note: user namespaces unavailable; the refusal case is the default here"
	"$SCRATCH/sockviz" run tcp >/dev/null 2>&1
	check "exit 0 or 3" 1 "$(case $? in 0|3) echo 1;; *) echo 0;; esac)"
fi

# --host as root: the host's lo, filtered to the scenario's ports.
"$SOCKVIZ" run tcp --host --format json >"$SCRATCH/host.json" 2>"$SCRATCH/err"
r=$?
if [ $r -eq 0 ]; then
	check "--host: not isolated" false "$(jq .capture.isolated "$SCRATCH/host.json")"
	check "--host: the handshake" "SYN SYN,ACK ACK" \
	    "$(packets_of "$SCRATCH/host.json" client connect)"
	check "--host: only the scenario's packets" 10 \
	    "$(jq .capture.packets "$SCRATCH/host.json")"
else
	# Port 8888 taken on this host is a refusal the lesson reports.
	echo "note: --host exited $r: $(cat "$SCRATCH/err")"
	check "--host: a failure is an expectation or environment error" 1 \
	    "$(case $r in 1|3) echo 1;; *) echo 0;; esac)"
fi
finish
