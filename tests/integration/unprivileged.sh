#!/bin/bash
# An ordinary user runs a lesson: no sudo, no setcap, no group.
. "$(dirname "$0")/lib.sh"
need jq
need setpriv
[ "$(id -u)" -eq 0 ] || skip "must start as root to become another user"

# The binary must be reachable by that user whatever the build dir's modes.
chmod 755 "$SCRATCH"
cp "$SOCKVIZ" "$SCRATCH/sockviz"
chmod 755 "$SCRATCH/sockviz"
mkdir "$SCRATCH/out"
chown 65534:65534 "$SCRATCH/out"
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --reset-env "$@"
}
as_nobody "$SCRATCH/sockviz" run tcp --format json -o "$SCRATCH/out/tcp.pcap" \
    >"$SCRATCH/out.json" 2>"$SCRATCH/err"
check "as uid 65534: exit 0" 0 $?
check "as uid 65534: nothing on stderr" "" "$(cat "$SCRATCH/err")"
check "as uid 65534: the handshake" "SYN SYN,ACK ACK" \
    "$(packets_of "$SCRATCH/out.json" client connect)"
check "as uid 65534: captured in a private namespace" true \
    "$(jq .capture.isolated "$SCRATCH/out.json")"
check "as uid 65534: the pcap is the user's" 65534 \
    "$(stat -c %u "$SCRATCH/out/tcp.pcap")"

as_nobody "$SCRATCH/sockviz" run tcp --host >/dev/null 2>"$SCRATCH/err"
check "as uid 65534, --host: refused with exit 3" 3 $?
grep -q "CAP_NET_RAW" "$SCRATCH/err"
check "as uid 65534, --host: the message says what is missing" 0 $?
finish
