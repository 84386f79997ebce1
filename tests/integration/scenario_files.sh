#!/bin/bash
# Scenario files through the command line: a false expectation exits 1
# and names its line; every malformed file exits 2 with file:line:col.
. "$(dirname "$0")/lib.sh"
need jq
cd "$SCRATCH"

cat >false.sv <<'SV'
title "A lecturer's mistaken belief"
server: l = socket(AF_INET, SOCK_STREAM)
server: bind(l, 127.0.0.1:8888)
client: c = socket(AF_INET, SOCK_STREAM)
# bind() alone does not listen: this connect() is refused.
client: connect(c, 127.0.0.1:8888) = 0 -> SYN, SYN-ACK, ACK
client: close(c) = 0
SV
"$SOCKVIZ" run false.sv --format json >out.json 2>err
check "a false expectation: exit 1" 1 $?
check "a false expectation: one message" 1 "$(wc -l <err)"
grep -q '^sockviz: false.sv:6: step 4, client connect(): expected = 0; it returned -1 ECONNREFUSED$' err
check "a false expectation: names the file, line, step and both sides" 0 $?
check "a false expectation: the timeline is still drawn" 1 \
    "$(jq '[.events[]|select(.failure!=null)]|length' out.json)"
check "a false expectation: what the kernel sent instead" "SYN RST,ACK" \
    "$(packets_of out.json client connect)"

sed -i 's/= 0 -> SYN, SYN-ACK, ACK/= -1 ECONNREFUSED -> SYN, SYN-ACK, ACK/' false.sv
"$SOCKVIZ" run false.sv >/dev/null 2>err
check "a false packet expectation: exit 1" 1 $?
grep -q 'false.sv:6: .*expected -> SYN, SYN-ACK, ACK; the kernel sent SYN, RST-ACK' err
check "a false packet expectation: says what was sent" 0 $?

"$SOCKVIZ" run false.sv -o kept.json >/dev/null 2>&1
check "a failed expectation still writes -o files, to look at" 1 \
    "$(jq '[.events[]|select(.failure!=null)]|length' kept.json)"

bad=${SOCKVIZ_TESTDATA:?}/scenarios/bad
n=0
for f in "$bad"/*.sv; do
	n=$((n + 1))
	"$SOCKVIZ" run "$f" >out 2>err
	r=$?
	[ $r -eq 2 ] || fail "$(basename "$f"): exit $r, not 2"
	[ "$(wc -l <err)" -eq 1 ] || fail "$(basename "$f"): $(wc -l <err) lines of error"
	grep -q "^$f:[0-9]*:[0-9]*: " err || fail "$(basename "$f"): no file:line:col: $(head -c 200 err)"
	[ -s out ] && fail "$(basename "$f"): printed something on stdout"
	CHECKS=$((CHECKS + 1))
done
check "at least 30 malformed scenario files" 1 "$([ $n -ge 30 ] && echo 1 || echo 0)"
finish
