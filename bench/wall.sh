#!/bin/bash
# Wall time of whole runs: `bench/wall.sh BUILD/sockviz [N] [SCENARIO...]`.
# Runs each scenario N times (default 50), one warm-up first, and prints
# the median, the 90th percentile and the slowest, in milliseconds.
set -eu
bin=${1:?usage: bench/wall.sh path/to/sockviz [runs] [scenario...]}
n=${2:-50}
shift $(( $# >= 2 ? 2 : 1 ))
scenarios=${*:-tcp udp udp-connect connect}

printf '%-14s %6s %8s %8s %8s\n' scenario runs median p90 max
for s in $scenarios; do
	"$bin" run "$s" --format json >/dev/null
	times=()
	for _ in $(seq "$n"); do
		t0=$(date +%s%N)
		"$bin" run "$s" --format json >/dev/null
		t1=$(date +%s%N)
		times+=($(( (t1 - t0) / 1000 )))
	done
	sorted=($(printf '%s\n' "${times[@]}" | sort -n))
	ms() { printf '%d.%03d' $(( $1 / 1000 )) $(( $1 % 1000 )); }
	printf '%-14s %6d %8s %8s %8s\n' "$s" "$n" \
	    "$(ms "${sorted[$(( n / 2 ))]}")" \
	    "$(ms "${sorted[$(( n * 9 / 10 ))]}")" \
	    "$(ms "${sorted[$(( n - 1 ))]}")"
done
