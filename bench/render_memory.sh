#!/bin/bash
# Peak memory and time of `sockviz render` as captures grow tenfold:
# bench/render_memory.sh BUILD_DIR. Streamed formats (text, pcap, the
# diagrams, and JSON of a capture without calls) must stay flat.
set -eu
b=${1:?usage: bench/render_memory.sh BUILD_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-9s %-8s %10s %9s\n' packets format maxrss_kib wall_ms
for n in 10000 100000 1000000; do
	"$b/bench/gen_capture" $n 100 >"$tmp/c.pcap"
	for fmt in text json pcap svg html mermaid plantuml tikz; do
		r=$("$b/bench/maxrss" "$b/sockviz" render "$tmp/c.pcap" \
		    --format $fmt 2>&1 >/dev/null | tail -1)
		kib=${r#maxrss_kib=}; kib=${kib%% *}
		printf '%-9s %-8s %10s %9s\n' $n $fmt "$kib" "${r##*wall_ms=}"
	done
	"$b/bench/maxrss" "$b/sockviz" render "$tmp/c.pcap" --flows \
	    2>"$tmp/r" >/dev/null
	r=$(tail -1 "$tmp/r"); kib=${r#maxrss_kib=}; kib=${kib%% *}
	printf '%-9s %-8s %10s %9s\n' $n flows "$kib" "${r##*wall_ms=}"
done
