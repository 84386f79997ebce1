#!/bin/bash
# The diagram formats (.svg .html .mmd .puml .tex) hold what the timeline
# holds, read from the run's JSON: every lane, every call's text, every
# packet's flags in order (and, for Mermaid and PlantUML, who sent it to
# whom, dashed when the kernel did), the final states. The SVG and the
# page are well-formed and the page fetches nothing; `sockviz render` of
# the run's pcapng writes the very same files, and draws a pcap without
# calls (streamed) within its own picture; text a scenario writes cannot
# break any format.
#
# Needs jq and xmllint (Debian: jq, libxml2-utils); compiles the TikZ
# picture only where pdflatex and its packages are installed.
. "$(dirname "$0")/lib.sh"
need jq
need xmllint

cd "$SCRATCH"
DIAGRAMS="svg html mmd puml tex"

# Strings as each format writes them. XML: what jq's @html escapes is
# what sockviz escapes (& < > ' "). LaTeX: its specials, and the
# characters T1 would join into ligatures.
jq_xml='@html'
jq_tex='gsub("\\\\"; "\u0001") | gsub("(?<c>[{}$&#_%])"; "\\\(.c)")
    | gsub("\\^"; "\\textasciicircum{}") | gsub("~"; "\\textasciitilde{}")
    | gsub("<"; "\\textless{}") | gsub(">"; "\\textgreater{}")
    | gsub("`"; "\\textasciigrave{}") | gsub("'"'"'"; "\\textquotesingle{}")
    | gsub("--"; "-{}-") | gsub(",,"; ",{},")
    | gsub("\u0001"; "\\textbackslash{}")'

# Mermaid's entity codes and PlantUML's <U+XXXX> back to characters.
unmermaid() { perl -CSD -pe 's/#(\d+);/chr($1)/ge' "$1"; }
unplantuml() { perl -CSD -pe 's/<U\+([0-9A-F]{4,6})>/chr(hex($1))/ge' "$1"; }

# The file as the checks read it: as it is, but for Mermaid's and
# PlantUML's codes, decoded. (perl is Debian's perl-base, always there.)
plain() {
	case $1 in
	*.mmd) unmermaid "$1" ;;
	*.puml) unplantuml "$1" ;;
	*) cat "$1" ;;
	esac
}

# Every string of a jq expression (escaped as the format writes it)
# occurs in the file.
has_all() {
	local what=$1 file=$2 expr=$3 esc s missing=""
	case $file in
	*.svg|*.html) esc="| $jq_xml" ;;
	*.tex) esc="| $jq_tex" ;;
	*) esc="" ;;
	esac
	plain "$file" >plain.txt
	while IFS= read -r s; do
		grep -qF -- "$s" plain.txt || missing="$missing [$s]"
	done < <(jq -r "$expr $esc" "$JSON")
	check "$what" "" "$missing"
}

# The packets, one line each: flags (or protocol), then for Mermaid and
# PlantUML the sending and receiving lane and "kernel" or "call".
want_packets() {
	jq -r --arg who "$1" '([.events[] | select(.type == "call")] | length)
	    as $calls | .events[] | select(.type == "packet") |
	    (if .proto == "TCP" then .flags else .proto end) +
	    (if $who == "" then "" else " \(.from) \(.to) " +
	    (if .cause == null and $calls > 0 then "kernel" else "call" end)
	    end)' "$JSON"
}

got_packets() {
	case $1 in
	*.svg|*.html)
		grep -o 'class="sv-flags">[^<]*' "$1" | sed 's/.*>//' |
		    awk '{ print $1 }' ;;
	*.tex)
		grep -o '\\svpkt{[^} ]*' "$1" | sed 's/.*{//' ;;
	*.mmd)
		# participant ID [as NAME]; ID->>ID: FLAGS<br/>...: dashed
		# (--) when a kernel sent it, ")" an answer's head, "x" a reset's
		unmermaid "$1" | awk '
		    $1 == "participant" { n = $2; if ($3 == "as") { n = $0;
		        sub(/^ *participant [^ ]+ as /, "", n) } name[$2] = n }
		    /^    [^ %-]+--?(>>|\)|x)[^ :]+: / {
		        match($1, /--?(>>|\)|x)/)
		        k = substr($1, RSTART, 2) == "--" ? "kernel" : "call"
		        from = substr($1, 1, RSTART - 1)
		        to = substr($1, RSTART + RLENGTH); sub(/:$/, "", to)
		        f = $2; sub(/<br\/>.*/, "", f)
		        print f, name[from], name[to], k }' ;;
	*.puml)
		# participant "NAME" as ID | participant ID;
		# A -[#c]> B : <color:#c>**FLAGS**</color>...: dashed (->) when
		# a kernel sent it, an open head (>>) for an answer (a blocked
		# call, from its lane to itself, has no flags)
		unplantuml "$1" | awk '
		    $1 == "participant" { if ($0 ~ / as /) { n = $0
		        sub(/^participant "/, "", n); sub(/" as [^ ]+$/, "", n)
		        name[$NF] = n } else name[$2] = $2 }
		    $2 ~ /^-\[#[0-9a-f]+\]-?>>?$/ && $4 == ":" &&
		    $5 ~ /^<color:#[0-9a-f]+>\*\*/ {
		        k = $2 ~ /\]->$/ ? "kernel" : "call"
		        f = $5; sub(/^<color:#[0-9a-f]+>\*\*/, "", f)
		        sub(/\*\*.*/, "", f)
		        print f, name[$1], name[$3], k }' ;;
	esac
}

# "client 127.0.0.1:47214 ⇄ 127.0.0.1:8888 TIME_WAIT", one a line.
want_finals() {
	jq -r '.final[] | "\(.actor) \(.local) ⇄ \(.peer) " +
	    (if .state == "CLOSE" then "gone (CLOSED)" else .state end)' "$JSON"
}

got_finals() {
	case $1 in
	*.svg|*.html)
		grep 'class="sv-final"' "$1" | sed 's/<[^>]*>//g' ;;
	*.mmd)
		unmermaid "$1" | grep 'After the last step' |
		    sed 's/<br\/>/\n/g' | tail -n +2 ;;
	*.puml)
		unplantuml "$1" | grep 'After the last step' |
		    sed 's/\\n/\n/g' | tail -n +2 ;;
	*.tex)
		grep -o '\\svfinal{.*}' "$1" | sed 's/\\svfinal{//; s/}{/ /; s/}{/ ⇄ /;
		    s/}{/ /; s/}.*//; s/\\_/_/g' ;;
	esac
}

# The SVG fits its own picture: no element below its height or right of
# its width.
fits() {
	local f=$1 h w
	h=$(grep -o '<svg [^>]*' "$f" | grep -o ' height="[0-9.]*"' | head -1 |
	    tr -dc '0-9.')
	w=$(grep -o '<svg [^>]*' "$f" | grep -o ' width="[0-9.]*"' | head -1 |
	    tr -dc '0-9.')
	grep -o ' \(y\|y1\|y2\|cy\)="[0-9.-]*"' "$f" | sed 's/.*="//; s/"//' |
	    awk -v h="$h" '$1 > h || $1 < 0 { bad++ } END { print bad + 0 }' >bad.txt
	check "$2: every y within the height $h" 0 "$(cat bad.txt)"
	grep -o ' \(x1\|x2\|cx\)="[0-9.-]*"' "$f" | sed 's/.*="//; s/"//' |
	    awk -v w="$w" '$1 > w || $1 < 0 { bad++ } END { print bad + 0 }' >bad.txt
	check "$2: every line within the width $w" 0 "$(cat bad.txt)"
	# The lifelines are drawn first, as long as begin planned; every
	# dot and arrow drawn later falls on them. Without calls (a pcap)
	# every row is a packet, and the last ends the lifelines.
	local end last
	end=$(sed -n '/class="sv-lifelines"/,/<\/g>/p' "$f" |
	    grep -o ' y2="[0-9.]*"' | head -1 | sed 's/.*="//; s/"//')
	last=$( (grep -o ' cy="[0-9.]*"' "$f"; grep 'marker-end' "$f" |
	    grep -o ' y1="[0-9.]*"') | sed 's/.*="//; s/"//' | sort -n | tail -1)
	check "$2: the last row on the lifelines" 1 \
	    "$(awk -v e="$end" -v l="${last:-0}" 'BEGIN { print (l + 0 <= e + 0) }')"
	if ! grep -q 'class="sv-call"' "$f" && [ -n "$last" ]; then
		check "$2: no row planned too many" 1 \
		    "$(awk -v e="$end" -v l="$last" 'BEGIN { print (e - l < 38) }')"
	fi
}

well_formed() {
	local f=$1 what=$2
	case $f in
	*.svg)
		xmllint --noout "$f" 2>xml.err
		check "$what: well-formed XML" "" "$(head -3 xml.err)"
		fits "$f" "$what"
		;;
	*.html)
		# The page is also XML (XHTML syntax), so the strict parser
		# reads all of it, the inline SVG included.
		xmllint --noout "$f" 2>xml.err
		check "$what: well-formed XML" "" "$(head -3 xml.err)"
		# libxml2's HTML parser knows HTML 4 only: it names every SVG
		# element as unknown, and must find nothing else wrong.
		xmllint --html --noout "$f" 2>html.err
		check "$what: xmllint --html exits 0" 0 $?
		check "$what: the HTML parser finds nothing but SVG tags" "" \
		    "$(grep 'error' html.err | grep -Ev 'Tag (svg|defs|marker|path|g|line|rect|circle|text|tspan|title) invalid' | head -3)"
		check "$what: no src or href leaves the page" "" \
		    "$(grep -Eio '(src|href)[[:space:]]*=[[:space:]]*["'"'"']?[^"'"'"' >]*' "$f" | grep -i 'http\|//')"
		check "$what: no linked style, no fetched font, no frame" "" \
		    "$(grep -Eio '<link|<iframe|<object|<embed|@import|url\([^#]' "$f")"
		# Its own two scripts, both inline: the data, the behaviour.
		check "$what: no script but the page's own" \
		    '<script type="application/json" id="sv-timeline">|<script>' \
		    "$(grep -o '<script[^>]*>' "$f" | tr '\n' '|' | sed 's/|$//')"
		fits "$f" "$what"
		;;
	*.tex)
		check "$what: a standalone TikZ document" \
		    '\documentclass[tikz,border=10pt]{standalone}' \
		    "$(grep -m1 '^\\documentclass' "$f")"
		check "$what: one tikzpicture, then the end" \
		    '\begin{tikzpicture}[x=1pt,y=1pt,|\end{tikzpicture}|\end{document}' \
		    "$(grep -E '^\\(begin|end)\{(tikzpicture|document)' "$f" |
		    grep -v 'begin{document}' | tr '\n' '|' | sed 's/|$//')"
		check "$what: braces balance" 0 "$(perl -ne 's/\\[{}]//g;
		    $n += tr/{//; $n -= tr/}//; END { print $n + 0 }' "$f")"
		;;
	*.mmd)
		check "$what: a Mermaid sequence diagram" sequenceDiagram "$(head -1 "$f")"
		# Mermaid ends a text at '#' or ';': none outside entity codes.
		check "$what: no bare # or ; in a text" "" \
		    "$(grep -v '^    %%' "$f" | sed 's/#[0-9]*;//g' | grep '[#;]' | head -3)"
		;;
	*.puml)
		check "$what: @startuml ... @enduml" "@startuml|@enduml" \
		    "$(sed -n '1p;$p' "$f" | tr '\n' '|' | sed 's/|$//')"
		check "$what: nothing outside ASCII" "" "$(grep -P '[^\x00-\x7f]' "$f" | head -3)"
		;;
	esac
}

# All the checks on one set of files, against the timeline in $JSON.
check_all() {
	local base=$1 what=$2 ext who
	for ext in $DIAGRAMS; do
		local f=$base.$ext w="$what .$ext"
		test -s "$f"
		check "$w: written" 0 $?
		well_formed "$f" "$w"
		has_all "$w: every lane" "$f" '.actors[].name'
		has_all "$w: every call's text" "$f" \
		    '.events[] | select(.type == "call") | .text'
		case $ext in
		mmd|puml) who=1 ;;
		*) who= ;;
		esac
		check "$w: the packets in order" "$(want_packets "$who")" \
		    "$(got_packets "$f")"
		check "$w: the final states" "$(want_finals)" "$(got_finals "$f")"
	done
}

pdflatex_ok=
if command -v pdflatex >/dev/null 2>&1 && kpsewhich standalone.cls \
    tikz.sty lmodern.sty amssymb.sty >/dev/null 2>&1; then
	pdflatex_ok=1
else
	echo "note: pdflatex, standalone, tikz, lmodern or amssymb missing:" \
	    "the .tex files are checked for structure, not compiled"
	# In CI the checker is installed: its absence is a failure.
	[ "${CI:-}" = true ] && fail "pdflatex and its packages are not" \
	    "installed (texlive-latex-extra texlive-pictures lmodern)"
fi

compiles() {
	[ -n "$pdflatex_ok" ] || return 0
	pdflatex -interaction=nonstopmode -halt-on-error "$1" >/dev/null 2>&1
	check "$2: pdflatex makes a PDF" 0 $?
}

for sc in tcp udp connect; do
	"$SOCKVIZ" run $sc -o $sc.svg -o $sc.html -o $sc.mmd -o $sc.puml \
	    -o $sc.tex -o $sc.pcapng -o $sc.pcap --format json >$sc.json
	check "$sc: run exits 0" 0 $?
	JSON=$sc.json
	check_all $sc "$sc"
	compiles $sc.tex "$sc"

	# The pcapng carries the calls: render draws the very same files.
	"$SOCKVIZ" render $sc.pcapng -o r.svg -o r.html -o r.mmd -o r.puml \
	    -o r.tex --format json >r.json 2>err
	check "$sc: render exits 0" 0 $?
	check "$sc: render says nothing on stderr" "" "$(cat err)"
	for ext in $DIAGRAMS; do
		cmp -s $sc.$ext r.$ext
		check "$sc: render of the pcapng writes the run's very .$ext" 0 $?
	done

	# A pcap has no calls: render streams it, lanes are addresses.
	"$SOCKVIZ" render $sc.pcap -o p.svg -o p.html -o p.mmd -o p.puml \
	    -o p.tex --format json >p.json 2>err
	check "$sc: render of the pcap exits 0" 0 $?
	JSON=p.json
	check_all p "$sc pcap"
	compiles p.tex "$sc pcap"
done

# Blocked calls get a bar in the pictures and an activation in Mermaid.
JSON=udp.json
check "udp: a blocked call" 1 \
    "$(jq '[.events[] | select(.type == "call" and .blocked)] | length' $JSON)"
check "udp .svg: its return row" 1 "$(grep -c 'recvfrom() returns' udp.svg)"
check "udp .mmd: activated, then deactivated" "activate server|deactivate server" \
    "$(grep -E '^    (de)?activate' udp.mmd | sed 's/^ *//' | tr '\n' '|' | sed 's/|$//')"

# A scenario writes anything into titles and notes: every format must
# stay well-formed, and say it. (\xff and the lone \xc3 are not UTF-8.)
# Three actors, one named as Mermaid's keyword "and" begins, and a port
# nobody owns, answered by the kernel: calls beside a middle lane, aliases,
# an address lane, a dashed arrow.
cat >specials.sv <<'EOF'
title "Specials: # ; % & < > \" ' \\ { } $ _ ^ ~ ** -- // [[x]] <b> `!` ,, \xff"
summary "wrap: 100% of ;#"
note "before the steps: <script>alert(1)</script> &amp; #35;"
server: u = socket(AF_INET, SOCK_DGRAM, 0)       -> none
server: bind(u, 127.0.0.1:9999) = 0              -> none
note "a note: #59; & <b> \xc3\xa9t\xc3\xa9 \xe2\x9c\x93, a lone \xc3 byte, \x01 a control"
andrew: a = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: c = socket(AF_INET, SOCK_DGRAM, 0)       -> none
client: sendto(c, "a&b<c>\"d\x01", 127.0.0.1:9999) = 9 -> UDP
server: recvfrom(u, 64, &p) = 9
client: sendto(c, "x", 127.0.0.1:9) = 1          -> UDP
EOF
"$SOCKVIZ" run specials.sv -o sp.svg -o sp.html -o sp.mmd -o sp.puml \
    -o sp.tex --format json >sp.json
check "specials: run exits 0" 0 $?
JSON=sp.json
check "specials: a packet the kernel sent on its own" 1 \
    "$(jq '[.events[] | select(.type == "packet" and .cause == null)] | length' $JSON)"
check "specials: four lanes" "server andrew client 127.0.0.1:9" \
    "$(jq -r '[.actors[].name] | join(" ")' $JSON)"
check_all sp "specials"
check "specials .mmd: andrew is an alias" 1 "$(grep -c '^    participant lane1 as andrew$' sp.mmd)"
check "specials .mmd: a call beside the middle lane" 1 \
    "$(grep -c '^    Note right of lane1: socket' sp.mmd)"
compiles sp.tex "specials"
for f in sp.mmd sp.puml; do
	plain $f >plain.txt
	for s in 'Specials: # ; % & < > " '"'"' \ { } $ _ ^ ~ ** -- // [[x]] <b> `!` ,, ?' \
	    'wrap: 100% of ;#' '<script>alert(1)</script> &amp; #35;' \
	    'a note: #59; & <b> été ✓, a lone ? byte,   a control'; do
		grep -qF -- "$s" plain.txt
		check "specials $f: says [$s]" 0 $?
	done
done
check "specials .html: the note's <script> is text" 0 \
    "$(grep -c '<script>alert' sp.html)"
check "specials .html: ... and in the page's data, escaped" 1 \
    "$(grep -c '\\u003cscript\\u003ealert(1)\\u003c/script\\u003e' sp.html)"
check "specials .svg: no byte that is not UTF-8" "" \
    "$(iconv -f UTF-8 -t UTF-8 sp.svg >/dev/null 2>&1 || echo invalid)"
finish
