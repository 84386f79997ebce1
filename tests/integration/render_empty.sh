#!/bin/bash
# A capture with no packets at all: a pcap that is only its file header,
# the pcapng sockviz makes of it, and that pcapng drawn again, in every
# format. Each exits 0 and says nothing on stderr. (Under the sanitizer
# build undefined behaviour aborts: an empty timeline once handed qsort()
# a NULL array in render/correlate.c.)
. "$(dirname "$0")/lib.sh"
need jq

cd "$SCRATCH"
# Little-endian, microseconds, version 2.4, snap length 262144, Ethernet.
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\000\000\004\000\001\000\000\000' \
    >empty.pcap
check "the header-only pcap is 24 bytes" 24 "$(wc -c <empty.pcap)"

"$SOCKVIZ" render empty.pcap --format json >pcap.json 2>err
check "render empty.pcap: exit 0, silent" "0 " "$? $(cat err)"
check "render empty.pcap: no packets, no events" "0 0" \
    "$(jq -r '"\(.capture.packets) \(.events | length)"' pcap.json)"

"$SOCKVIZ" render empty.pcap -o empty.pcapng >/dev/null 2>err
check "render empty.pcap -o empty.pcapng: exit 0, silent" "0 " "$? $(cat err)"
"$SOCKVIZ" render empty.pcapng --format json >pcapng.json 2>err
check "render empty.pcapng: exit 0, silent" "0 " "$? $(cat err)"
check "render empty.pcapng: no packets, no events" "0 0" \
    "$(jq -r '"\(.capture.packets) \(.events | length)"' pcapng.json)"

# Every format --help names, or at least these.
formats=$("$SOCKVIZ" --help | sed -n '/--format FMT/{n;p;}' | tr -d ' ' | tr ',' ' ')
[ -n "$formats" ] || formats="text json pcap pcapng svg html mermaid plantuml tikz"
for fmt in $formats; do
	"$SOCKVIZ" render empty.pcapng --format "$fmt" >out.$fmt 2>err
	check "render empty.pcapng --format $fmt: exit 0, silent" "0 " \
	    "$? $(cat err)"
	"$SOCKVIZ" render empty.pcap --format "$fmt" >out.$fmt 2>err
	check "render empty.pcap --format $fmt: exit 0, silent" "0 " \
	    "$? $(cat err)"
done
"$SOCKVIZ" render empty.pcapng --flows >flows 2>err
check "render empty.pcapng --flows: exit 0, silent" "0 " "$? $(cat err)"
finish
