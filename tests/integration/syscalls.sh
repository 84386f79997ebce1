#!/bin/bash
# Nothing hidden: for every built-in lesson, each actor process's system
# calls, as the recorder saw them stop by stop (SOCKVIZ_SYSCALL_LOG: every
# system call an actor makes stops, not only the socket calls), equal the
# timeline's calls: the same calls in the same order, with the same
# descriptors, arguments, returns and errno, and nothing more.
#
# The log is raw (numbers, arguments, the bytes of a passed address); this
# script names the system calls and errno values from the C headers
# themselves, not from sockviz, and parses the timeline's call text.
. "$(dirname "$0")/lib.sh"
need jq
need cc

# System call and errno names from the headers, as "N name" lines.
echo '#include <sys/syscall.h>' | cc -dM -E - |
    awk '$1 == "#define" && $2 ~ /^__NR_/ && $3 ~ /^[0-9]+$/ {
	sub(/^__NR_/, "", $2); print $3, $2 }' >"$SCRATCH/nr"
echo '#include <errno.h>' | cc -dM -E - |
    awk '$1 == "#define" && $2 ~ /^E[A-Z0-9]+$/ && $3 ~ /^[0-9]+$/ {
	print $3, $2 }' | sort -n -u -k1,1 >"$SCRATCH/errno"
[ -s "$SCRATCH/nr" ] && [ -s "$SCRATCH/errno" ] ||
    skip "cannot read system call numbers from the C headers"

compare() {
	# $1 log, $2 calls: pid TAB fn TAB ret TAB errno TAB unfinished TAB text
	awk -F'\t' -v NRFILE="$SCRATCH/nr" -v ERRFILE="$SCRATCH/errno" '
	BEGIN {
		while ((getline l < NRFILE) > 0) { split(l, f, " "); sc[f[1]] = f[2] }
		while ((getline l < ERRFILE) > 0) {
			split(l, f, " "); if (!(f[1] in en)) en[f[1]] = f[2]
		}
		# libc names the timeline uses for system calls.
		libc["recv"] = "recvfrom"; libc["send"] = "sendto"
		c["MSG_OOB"] = 1; c["MSG_PEEK"] = 2; c["MSG_DONTWAIT"] = 64
		c["MSG_WAITALL"] = 256; c["MSG_NOSIGNAL"] = 16384
		c["AF_INET"] = 2; c["AF_INET6"] = 10
		c["SOCK_STREAM"] = 1; c["SOCK_DGRAM"] = 2
		c["SOCK_NONBLOCK"] = 2048; c["SOCK_CLOEXEC"] = 524288
		c["IPPROTO_TCP"] = 6; c["IPPROTO_UDP"] = 17
		c["SHUT_RD"] = 0; c["SHUT_WR"] = 1; c["SHUT_RDWR"] = 2
		c["SOL_SOCKET"] = 1; c["SO_REUSEADDR"] = 2; c["SO_LINGER"] = 13
		c["SO_RCVBUF"] = 8; c["SO_SNDBUF"] = 7; c["SO_KEEPALIVE"] = 9
		c["SO_BROADCAST"] = 6; c["SO_REUSEPORT"] = 15
		c["TCP_NODELAY"] = 1; c["TCP_CORK"] = 3; c["TCP_QUICKACK"] = 12
		c["IPV6_V6ONLY"] = 26; c["IPPROTO_IPV6"] = 41
		c["F_GETFL"] = 3; c["F_SETFL"] = 4; c["O_NONBLOCK"] = 2048
		c["POLLIN"] = 1; c["POLLPRI"] = 2; c["POLLOUT"] = 4
		c["POLLRDHUP"] = 8192
	}
	function bits(s,   n, i, p, v) {
		n = split(s, p, "|"); v = 0
		for (i = 1; i <= n; i++) v += (p[i] in c) ? c[p[i]] : p[i] + 0
		return v
	}
	function bad(what) {
		printf "%s pid %s call %d (%s): %s\n", LESSON, pid, k, text, what
		nbad++
	}
	function hexbyte(h, i) {
		return index("0123456789abcdef", substr(h, 2 * i + 1, 1)) * 16 - 16 + \
		    index("0123456789abcdef", substr(h, 2 * i + 2, 1)) - 1
	}
	# "127.0.0.1:8888" or "[::1]:8888" from the bytes of a sockaddr.
	function addr(h,   fam, port, s, i) {
		fam = hexbyte(h, 0) + 256 * hexbyte(h, 1)
		port = hexbyte(h, 2) * 256 + hexbyte(h, 3)
		if (fam == 2)
			return hexbyte(h, 4) "." hexbyte(h, 5) "." hexbyte(h, 6) "." \
			    hexbyte(h, 7) ":" port
		if (fam == 10) return "v6:" port
		return "family" fam
	}
	function textaddr(s,   m) {
		if (match(s, /\[[0-9a-f:.]*\]:[0-9]+/)) {
			m = substr(s, RSTART, RLENGTH); sub(/.*\]:/, "", m)
			return "v6:" m
		}
		if (match(s, /[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+:[0-9]+/))
			return substr(s, RSTART, RLENGTH)
		return "none"
	}
	FNR == NR {              # the raw log
		if ($0 ~ / entry /) {
			split($0, f, " ")
			p = f[1]; n = ++nlog[p]
			lnr[p, n] = f[3]
			for (i = 0; i < 6; i++) la[p, n, i] = f[4 + i]
			ladr[p, n] = ""
			if (match($0, /addr=[0-9a-f]+/))
				ladr[p, n] = substr($0, RSTART + 5, RLENGTH - 5)
		} else if ($0 ~ / exit /) {
			split($0, f, " ")
			lret[f[1], nlog[f[1]]] = f[3]; lexit[f[1], nlog[f[1]]] = 1
		}
		next
	}
	{
		pid = $1; fn = $2; ret = $3; err = $4; unf = $5; text = $6
		k = ++ncall[pid]
		if (k > nlog[pid]) { bad("no system call for it"); next }
		want = (fn in libc) ? libc[fn] : fn
		got = sc[lnr[pid, k]]
		if (want != got && !(want == "accept" && got == "accept4") &&
		    !(want == "poll" && got == "ppoll"))
			bad("the system call was " got)
		if (unf == "true") {
			if (lexit[pid, k]) bad("returned, yet drawn unfinished")
		} else if (!lexit[pid, k]) {
			bad("never returned, yet drawn returned")
		} else {
			r = lret[pid, k] + 0
			if (r < 0 && r >= -4095) {
				if (ret != -1 || err != en[-r])
					bad("returned -1 " en[-r] ", drawn " ret " " err)
			} else if (ret != r || err != "") {
				bad("returned " r ", drawn " ret " " err)
			}
		}
		# The arguments, from the call text.
		inner = text; sub(/^[a-z]+\(/, "", inner); sub(/\)$/, "", inner)
		fd = inner; sub(/,.*/, "", fd)
		if (fn != "socket" && fn != "poll" && fd != la[pid, k, 0])
			bad("descriptor " la[pid, k, 0] " drawn as " fd)
		if (fn == "socket") {
			n = split(inner, q, ", ")
			if (bits(q[1]) != la[pid, k, 0] || bits(q[2]) != la[pid, k, 1] ||
			    bits(q[3]) != la[pid, k, 2])
				bad("socket arguments " la[pid, k, 0] " " la[pid, k, 1] \
				    " " la[pid, k, 2])
		}
		if (fn == "bind" || fn == "connect" ||
		    (fn == "sendto" && ladr[pid, k] != "")) {
			if (addr(ladr[pid, k]) != textaddr(text))
				bad("address " addr(ladr[pid, k]) " drawn " textaddr(text))
		}
		if (fn == "listen" && inner !~ (", " la[pid, k, 1] "$"))
			bad("backlog " la[pid, k, 1])
		if (fn == "send" || fn == "sendto" || fn == "write") {
			t = inner; sub(/^.*"(\.\.\.)?, /, "", t); split(t, q, ", ")
			if (q[1] != la[pid, k, 2]) bad("length " la[pid, k, 2] " drawn " q[1])
			if (fn != "write" && bits(q[2]) != la[pid, k, 3])
				bad("flags " la[pid, k, 3] " drawn " q[2])
			if (fn == "send" && (la[pid, k, 4] != 0 || la[pid, k, 5] != 0))
				bad("send() passed an address")
			if (fn == "sendto" && (la[pid, k, 4] == 0) != (q[3] == "NULL"))
				bad("sendto() address NULL-ness")
		}
		if (fn == "recv" || fn == "recvfrom" || fn == "read") {
			split(inner, q, ", ")
			if (q[3] != la[pid, k, 2]) bad("buffer " la[pid, k, 2] " drawn " q[3])
			if (fn != "read" && bits(q[4]) != la[pid, k, 3])
				bad("flags " la[pid, k, 3] " drawn " q[4])
			if (fn == "recv" && (la[pid, k, 4] != 0 || la[pid, k, 5] != 0))
				bad("recv() passed an address buffer")
			if (fn == "recvfrom" && (la[pid, k, 4] == 0) != (q[5] == "NULL"))
				bad("recvfrom() address buffer NULL-ness")
		}
		if (fn == "accept" && (la[pid, k, 1] == 0) != (inner ~ /NULL, NULL$/))
			bad("accept() address buffer NULL-ness")
		if (fn == "shutdown" || fn == "setsockopt" || fn == "fcntl") {
			split(inner, q, ", ")
			if (bits(q[2]) != la[pid, k, 1]) bad("argument 2 " la[pid, k, 1])
			if (fn == "setsockopt" && bits(q[3]) != la[pid, k, 2])
				bad("option " la[pid, k, 2])
			if (fn == "fcntl" && q[3] != "" && bits(q[3]) != la[pid, k, 2])
				bad("fcntl argument " la[pid, k, 2])
		}
		if (fn == "poll") {
			n = split(inner, q, ", ")
			# The timeout is a C int: its register holds 32 bits.
			to = la[pid, k, 2] + 0
			if (to >= 2147483648) to -= 4294967296
			if (q[n] != to || q[n - 1] != la[pid, k, 1])
				bad("poll nfds/timeout " la[pid, k, 1] " " la[pid, k, 2])
		}
	}
	END {
		for (p in nlog)
			if (nlog[p] != ncall[p] + 0) {
				printf "%s pid %s: %d system calls, %d calls drawn\n",
				    LESSON, p, nlog[p], ncall[p]
				nbad++
			}
		print nbad + 0
	}' LESSON="$3" "$1" "$2"
}

lessons=$("$SOCKVIZ" list | awk '{print $1}')
[ -n "$lessons" ] || fail "sockviz list printed no lesson"
for l in $lessons; do
	SOCKVIZ_SYSCALL_LOG="$SCRATCH/$l.log" "$SOCKVIZ" run "$l" \
	    --format json >"$SCRATCH/$l.json" 2>"$SCRATCH/$l.err"
	jq -r '(.actors | map({(.name): .pid}) | add) as $pid | .events[] |
	    select(.type == "call") | [($pid[.actor] | tostring), .fn,
	    (.ret | tostring), (.errno // ""), (.unfinished // false |
	    tostring), .text] | @tsv' "$SCRATCH/$l.json" >"$SCRATCH/$l.tsv"
	out=$(compare "$SCRATCH/$l.log" "$SCRATCH/$l.tsv" "$l")
	check "$l: every actor's system calls are its timeline calls" 0 \
	    "$(echo "$out" | tail -n 1)"
	[ "$(echo "$out" | tail -n 1)" = 0 ] || echo "$out"
	n=$(grep -c ' entry ' "$SCRATCH/$l.log")
	c=$(jq '[.events[] | select(.type == "call")] | length' "$SCRATCH/$l.json")
	check "$l: as many system calls as calls ($c)" "$c" "$n"
	# Every actor's first socket is descriptor 3, whatever sockviz has open.
	first=$(jq -r '[.events[] | select(.type == "call" and .fn == "socket" and
	    .ret >= 0)] | group_by(.actor) | map(.[0].ret) | unique | join(" ")' \
	    "$SCRATCH/$l.json")
	check "$l: each actor's first socket is 3" 3 "$first"
done

# The same with five -o files open in sockviz.
"$SOCKVIZ" run tcp --format json -o "$SCRATCH/1.json" -o "$SCRATCH/2.pcap" \
    -o "$SCRATCH/3.pcapng" -o "$SCRATCH/4.svg" -o "$SCRATCH/5.txt" \
    >"$SCRATCH/five.json"
check "tcp with five -o files: first sockets are 3" 3 "$(jq -r \
    '[.events[] | select(.type == "call" and .fn == "socket")] |
    group_by(.actor) | map(.[0].ret) | unique | join(" ")' "$SCRATCH/five.json")"

# The comparison itself must fail when a call is missing from the timeline.
l=tcp
head -n -2 "$SCRATCH/$l.tsv" >"$SCRATCH/short.tsv"
check "a timeline missing a call is caught" 1 \
    "$([ "$(compare "$SCRATCH/$l.log" "$SCRATCH/short.tsv" x | tail -n 1)" != 0 ] && echo 1)"
sed 's/\t3\tconnect(3/\t3\tconnect(4/' "$SCRATCH/$l.tsv" >"$SCRATCH/wrongfd.tsv"
sed -i '0,/connect(3, /s//connect(4, /' "$SCRATCH/wrongfd.tsv"
check "a wrong descriptor is caught" 1 \
    "$([ "$(compare "$SCRATCH/$l.log" "$SCRATCH/wrongfd.tsv" x | tail -n 1)" != 0 ] && echo 1)"
finish
