#!/bin/bash
# Where the time of a run goes, phase by phase, against the floor:
#
#   bench/trace_phases.sh [-n RUNS] [SOCKVIZ [FLOOR [TIMEIT]]]
#
# Root only. Runs bench/timeit over floor, `sockviz run tcp` and
# `sockviz run udp` (RUNS rounds, default 50) with the kernel's syscall
# tracepoints on, in a private tracefs instance limited to timeit and
# its children, then prints for each command the median, 10th and 90th
# percentile (ms) of the time between landmark system calls of its main
# thread (bench/trace_phases.py). The tracepoints cost microseconds per
# call, so the medians stay within a few per cent of bench/run_vs_floor.sh.
set -eu
cd "$(dirname "$0")/.."

runs=50
while getopts n: o; do
	case $o in
	n) runs=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [SOCKVIZ [FLOOR [TIMEIT]]]" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
sockviz=$(realpath "${1:-build/c/sockviz}")
floor=$(realpath "${2:-build/c/bench/floor}")
timeit=$(realpath "${3:-build/c/bench/timeit}")
tracefs=/sys/kernel/tracing
[ "$(id -u)" = 0 ] || { echo "$0: needs root (tracefs)" >&2; exit 2; }
[ -d $tracefs/instances ] || { echo "$0: no $tracefs/instances" >&2; exit 2; }

T=$tracefs/instances/sockviz-bench-$$
out=$(mktemp)
mkdir "$T"
trap 'echo 0 > "$T/tracing_on"; rmdir "$T"; rm -f "$out"' EXIT
echo 0 > "$T/tracing_on"
echo 16384 > "$T/buffer_size_kb"
echo mono > "$T/trace_clock"
echo event-fork > "$T/trace_options"
echo record-tgid > "$T/trace_options"
for s in execve unshare setsockopt close clone clone3 wait4 exit_group \
    sched_setaffinity mmap munmap futex ppoll sendto kill; do
	echo "syscalls:sys_enter_$s" >> "$T/set_event"
	echo "syscalls:sys_exit_$s" >> "$T/set_event"
done
echo 1 > "$T/tracing_on"
# The shell that becomes timeit puts itself in set_event_pid first;
# event-fork adds every child.
sh -c 'echo $$ > "$1/set_event_pid"; shift; exec "$@"' sh "$T" \
    "$timeit" -n "$runs" -- "$floor" -- "$sockviz" run tcp -- \
    "$sockviz" run udp
echo 0 > "$T/tracing_on"
cat "$T/trace" > "$out"
: > "$T/set_event"
echo
python3 bench/trace_phases.py "$out" floor,tcp,udp
