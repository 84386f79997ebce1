#!/bin/sh
# Remake the committed seed corpora, fuzz/corpus/TARGET, from real runs:
#
#   fuzz/make_corpus.sh [SOCKVIZ [FUZZ_BUILD]]
#
# SOCKVIZ is a sockviz binary (default build/fz-plain/sockviz, else the
# first found of build/*/sockviz); FUZZ_BUILD a build directory configured
# with -DSOCKVIZ_FUZZ=ON (default build/test-fuzz; it is built here). A
# few lessons are run with -o x.pcapng -o x.pcap; their files become
#   fuzz_pcap      the .pcap files, and a pcap with a header and no packets
#   fuzz_pcapng    the .pcapng files
#   fuzz_timeline  the .pcapng files, and each split into TEXT NUL PCAP
#                  (fuzz/seeds.c timeline, then the .pcap)
#   fuzz_decode    every frame of the .pcap files as each link type
#                  carries it (fuzz/seeds.c decode)
# and each corpus is cut down with libFuzzer's -merge=1 to the files that
# add coverage. fuzz_scenario's seeds are samples/ and tests/scenarios/,
# used where they are. Inputs the fuzzers find are never written here
# (fuzz/run.sh keeps them in the build directory).
set -eu
cd "$(dirname "$0")/.."
SOCKVIZ=${1:-}
FUZZ_BUILD=${2:-build/test-fuzz}
if [ -z "$SOCKVIZ" ]; then
	for s in build/fz-plain/sockviz build/*/sockviz; do
		[ -x "$s" ] && SOCKVIZ=$s && break
	done
fi
[ -n "$SOCKVIZ" ] && [ -x "$SOCKVIZ" ] || {
	echo "make_corpus.sh: no sockviz binary; build one or name it" >&2
	exit 2
}
TARGETS="fuzz_decode fuzz_pcap fuzz_pcapng fuzz_timeline"
cmake -S . -B "$FUZZ_BUILD" -DCMAKE_C_COMPILER=clang -DSOCKVIZ_FUZZ=ON \
    -DBUILD_TESTING=OFF -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$FUZZ_BUILD" -j "$(nproc 2>/dev/null || echo 2)" \
    --target $TARGETS seeds >/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for t in $TARGETS; do
	mkdir -p "$tmp/$t"
done
for l in tcp udp udp-unreachable tcp-ipv6 udp-ipv6 connect-refused \
    sigpipe dual-stack linger-abort close-time-wait sendmsg-recvmsg; do
	"$SOCKVIZ" run "$l" -o "$tmp/$l.pcapng" -o "$tmp/$l.pcap" \
	    --format json >/dev/null
	cp "$tmp/$l.pcap" "$tmp/fuzz_pcap/$l.pcap"
	cp "$tmp/$l.pcapng" "$tmp/fuzz_pcapng/$l.pcapng"
	cp "$tmp/$l.pcapng" "$tmp/fuzz_timeline/$l.pcapng"
	{ "$FUZZ_BUILD/fuzz/seeds" timeline "$tmp/$l.pcapng"
	  cat "$tmp/$l.pcap"; } >"$tmp/fuzz_timeline/$l.split"
	"$FUZZ_BUILD/fuzz/seeds" decode "$tmp/$l.pcap" "$tmp/fuzz_decode" "$l"
done
# A pcap file header (little-endian, µs, snap length 262144, Ethernet)
# and no packets.
printf '\324\303\262\241\002\000\004\000\000\000\000\000\000\000\000\000\000\000\004\000\001\000\000\000' \
    >"$tmp/fuzz_pcap/header-only.pcap"

for t in $TARGETS; do
	rm -rf "fuzz/corpus/$t"
	mkdir -p "fuzz/corpus/$t"
	"$FUZZ_BUILD/fuzz/$t" -merge=1 "fuzz/corpus/$t" "$tmp/$t" \
	    >"$tmp/$t.log" 2>&1 || { tail -20 "$tmp/$t.log"; exit 1; }
	echo "$t: $(ls "fuzz/corpus/$t" | wc -l) seeds," \
	    "$(du -sk "fuzz/corpus/$t" | cut -f1) KiB"
done
