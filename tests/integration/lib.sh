# Shared by the integration tests: the binary under test, assertions, and
# a scratch directory removed on exit. Each test is a bash script run by
# CTest; exit 77 means "cannot run here", with the reason on stdout.

set -u
: "${SOCKVIZ:?SOCKVIZ must name the sockviz binary}"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
FAILS=0
CHECKS=0

fail() {
	echo "FAIL: $*"
	FAILS=$((FAILS + 1))
}

# check DESCRIPTION EXPECTED ACTUAL
check() {
	CHECKS=$((CHECKS + 1))
	if [ "$2" != "$3" ]; then
		fail "$1: expected [$2], got [$3]"
	fi
}

skip() {
	echo "SKIP: $*"
	exit 77
}

need() {
	command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed"
}

# The packets' flags (or proto) of the call with this actor and fn, the
# Nth such call (0-based): "SYN SYN,ACK ACK".
packets_of() {
	local json=$1 actor=$2 fn=$3 nth=${4:-0}
	jq -r --arg a "$actor" --arg f "$fn" --argjson n "$nth" '
	    . as $t | [.events[] | select(.type=="call" and .actor==$a and
	    .fn==$f)][$n].packets | map($t.events[.] |
	    if .proto=="TCP" then .flags else .proto end) | join(" ")' "$json"
}

finish() {
	echo "$CHECKS checks, $FAILS failed"
	[ "$FAILS" -eq 0 ]
}
