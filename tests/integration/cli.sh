#!/bin/bash
# The command line: usage errors are one line, exit 2, and leave no file.
. "$(dirname "$0")/lib.sh"
cd "$SCRATCH"

expect_usage() {
	local what=$1
	shift
	"$SOCKVIZ" "$@" >out 2>err
	check "$what: exit 2" 2 $?
	check "$what: one line on stderr" 1 "$(wc -l <err)"
	check "$what: nothing on stdout" "" "$(cat out)"
	grep -q '^sockviz: ' err
	check "$what: the message names the program" 0 $?
}

expect_usage "unknown scenario" run no-such-lesson
grep -q "unknown scenario 'no-such-lesson'" err
check "unknown scenario: named" 0 $?
expect_usage "unknown option" run tcp --frobnicate
grep -q "unknown option '--frobnicate'" err
check "unknown option: named" 0 $?
expect_usage "unknown command" frobnicate
expect_usage "unknown format" run tcp --format gif
expect_usage "run without a scenario" run
expect_usage "-o without a path" run tcp -o
expect_usage "-o with an unknown extension" run tcp -o out.gif
check "-o with an unknown extension: no file" "" "$(ls | grep -v '^out$\|^err$')"
expect_usage "-o into a missing directory" run tcp -o missing/x.pcap
check "-o into a missing directory: no file" "" "$(ls | grep -v '^out$\|^err$')"
mkdir ro
chmod 555 ro
if [ "$(id -u)" -ne 0 ]; then
	expect_usage "-o into a read-only directory" run tcp -o ro/x.pcap
fi
# One bad -o among good ones: nothing at all is written.
expect_usage "-o, one of two unwritable" run tcp -o good.pcap -o missing/x.json
check "-o, one of two unwritable: no file left behind" "" \
    "$(ls | grep -v '^out$\|^err$\|^ro$')"
expect_usage "a missing scenario file" run ./nothing.sv
grep -q "nothing.sv" err
check "a missing scenario file: named" 0 $?

"$SOCKVIZ" list >out 2>err
check "list: exit 0" 0 $?
for s in tcp udp udp-connect connect; do
	grep -q "^$s " out
	check "list names $s" 0 $?
done
check "list: one line each" "$(wc -l <out)" "$(awk 'NF>1' out | wc -l)"
"$SOCKVIZ" show tcp >out
check "show tcp: exit 0" 0 $?
grep -q '^client: connect(c, 127.0.0.1:8888)' out
check "show tcp: prints the scenario" 0 $?
"$SOCKVIZ" --help >out
check "--help: exit 0" 0 $?
grep -q 'exit status' out
check "--help: explains the exit status" 0 $?
finish
