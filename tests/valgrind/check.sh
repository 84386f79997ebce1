#!/bin/bash
# One integration test under valgrind memcheck (CTest label memcheck):
#
#   tests/valgrind/check.sh SCRIPT LOGDIR
#
# runs SCRIPT with SOCKVIZ set to tests/valgrind/sockviz (SOCKVIZ_REAL
# must name the binary), then fails when any sockviz process valgrind
# watched reported an error or a definite or indirect leak, printing the
# reports, even where the test itself ignored sockviz's exit status.
# Exit 77 (cannot run here) passes through.
set -u
script=$1
logs=$2
: "${SOCKVIZ_REAL:?SOCKVIZ_REAL must name the sockviz binary}"
command -v valgrind >/dev/null 2>&1 || {
	echo "SKIP: valgrind is not installed (Debian: valgrind)"
	exit 77
}
rm -rf "$logs"
mkdir -p "$logs"
here=$(cd "$(dirname "$0")" && pwd)
SOCKVIZ=$here/sockviz SOCKVIZ_VALGRIND_SUPP=$here/suppressions \
SOCKVIZ_VALGRIND_LOGS=$logs bash "$script"
st=$?
count() {
	n=$(grep -c "^$1 " "$logs/invocations" 2>/dev/null)
	echo "${n:-0}"
}
bad=0
for f in "$logs"/vg.*.log; do
	# Errors and leaks are "==PID==" lines; "--PID--" lines are
	# valgrind's own notes (an unimplemented system call).
	grep -q '^==[0-9]*==' "$f" 2>/dev/null || continue
	bad=$((bad + 1))
	echo "---- valgrind: $f"
	cat "$f"
done
echo "memcheck: $(count valgrind) sockviz processes under valgrind to their" \
    "end, $(count until-actors) until their actors start (then run" \
    "directly: see tests/valgrind/sockviz), $(count direct) directly;" \
    "$bad with errors"
[ "$st" -eq 77 ] && exit 77
[ "$bad" -eq 0 ] && [ "$st" -eq 0 ]
