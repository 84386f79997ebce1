#!/bin/bash
# PDF and PNG (render/cairo.c), checked with poppler's tools: the PDF of a
# lesson is one page the size of its SVG, every font embedded, text that
# is text; the PNG is big enough for a 1080p slide; --slides makes one
# 16:9 page per step, with a call's type at least 24 px tall when the page
# fills a 1920x1080 screen, and a late page of a long lesson still shows
# the lane headers above its newest row.
#
# Needs poppler-utils (pdfinfo, pdffonts, pdftoppm, pdftotext) and
# libxml2-utils (xmllint). Without them the test says so and is skipped;
# under CI (CI=true) it fails instead.
. "$(dirname "$0")/lib.sh"

need_tool() {
	command -v "$1" >/dev/null 2>&1 && return 0
	if [ "${CI:-}" = true ]; then
		echo "FAIL: $1 is not installed (Debian: $2); CI must run this test"
		exit 1
	fi
	skip "$1 is not installed (Debian: $2)"
}
need_tool pdfinfo poppler-utils
need_tool pdffonts poppler-utils
need_tool pdftoppm poppler-utils
need_tool pdftotext poppler-utils
need_tool xmllint libxml2-utils

cd "$SCRATCH"

# pdfinfo's "Pages:" and "Page size:" ("1235 x 1461 pts" -> "1235 1461").
pages() { pdfinfo "$1" | awk '/^Pages:/ { print $2 }'; }
page_size() {
	pdfinfo ${2:+-f "$2" -l "$2"} "$1" |
	    awk '/^Page.*size:/ { print $(NF-3), $(NF-1); exit }'
}
# Width and height from the PNG's IHDR (bytes 16..23, big-endian).
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{
	    w = (($1 * 256 + $2) * 256 + $3) * 256 + $4
	    h = (($5 * 256 + $6) * 256 + $7) * 256 + $8
	    print w, h }'
}
magic() { head -c "$2" "$1" | od -An -c | tr -d ' \n'; }
steps() { grep -o 'data-step="[0-9]*"' "$1" | wc -l; }
# How many calls page $2 of $1 shows, the shortest and the tallest, in px
# of a 1920-px-wide screen: words that open a call with its arguments,
# "connect(3," "socket(AF_INET," (not a mention, "connect()").
call_heights() {
	local w
	w=$(page_size "$1" "$2" | cut -d' ' -f1)
	pdftotext -bbox -f "$2" -l "$2" "$1" - |
	    awk -v w="$w" -F'"' '/<word / && $0 ~ />[a-z_]+\([^)<]/ {
	        h = ($8 - $4) * 1920 / w; n++
	        if (min == "" || h < min) min = h; if (h > max) max = h }
	        END { printf "%d %.1f %.1f\n", n, min, max }'
}

# The longest text of step group $2 in SVG $1, and a word of it to look
# for in pdftotext's output (no entities, longer than 3 characters).
row_text() {
	xmllint --xpath "//*[@data-step='$2']//*[local-name()='text']" "$1" \
	    2>/dev/null | sed 's/<[^>]*>/\n/g' | awk 'length > length(best) {
	    best = $0 } END { print best }'
}
first_word() {
	printf '%s\n' "$1" | tr ' ' '\n' | grep -v '&' | awk 'length > 3' |
	    head -1
}

# ---- the whole lesson ----
"$SOCKVIZ" run tcp -o tcp.pdf -o tcp.png -o tcp.svg >/dev/null 2>err.txt
check "run tcp -o .pdf -o .png -o .svg exits 0" 0 $?
check "... and says nothing on stderr" "" "$(cat err.txt)"
check "the PDF is a PDF" "%PDF-" "$(magic tcp.pdf 5)"
check "the PDF is one page" 1 "$(pages tcp.pdf)"
svg_size=$(grep -o '<svg [^>]*' tcp.svg | sed -n \
    's/.* width="\([0-9.]*\)" height="\([0-9.]*\)".*/\1 \2/p' | head -1)
check "the PDF's page is the SVG's size, 1 px to 1 pt" "$svg_size" \
    "$(page_size tcp.pdf)"
pdffonts tcp.pdf >fonts.txt
check "pdffonts reads it" 0 $?
check "the PDF has fonts" yes "$([ "$(tail -n +3 fonts.txt | wc -l)" -gt 0 ] &&
    echo yes)"
check "every font is embedded" "" \
    "$(tail -n +3 fonts.txt | awk '$(NF-4) != "yes" { print $1 }')"
pdftoppm -r 50 -png tcp.pdf page >/dev/null 2>ppm.txt
check "pdftoppm draws it" "0 " "$? $(cat ppm.txt)"
check "pdftoppm made one picture" 1 "$(ls page*.png 2>/dev/null | wc -l)"
pdftotext tcp.pdf tcp.txt
for s in server client "connect(3," "SYN,ACK" "TIME_WAIT"; do
	grep -qF -- "$s" tcp.txt
	check "the PDF's text holds '$s'" 0 $?
done

check "the PNG is a PNG" '211PNG\r\n032\n' "$(magic tcp.png 8)"
read -r pw ph < <(png_size tcp.png)
check "the PNG is at least 1920 wide or 1080 tall (${pw}x$ph)" yes \
    "$([ "$pw" -ge 1920 ] || [ "$ph" -ge 1080 ] && echo yes)"
read -r sw sh <<<"$svg_size"
check "the PNG has the SVG's proportions" yes "$(awk -v a="$pw" -v b="$ph" \
    -v c="$sw" -v d="$sh" 'BEGIN { r = (a / b) / (c / d)
    print ((r > 0.99 && r < 1.01) ? "yes" : "no") }')"

# Binary formats go to a pipe, never to a terminal.
"$SOCKVIZ" run tcp --format pdf 2>/dev/null | head -c 5 >pipe.txt
check "--format pdf writes a PDF to a pipe" "%PDF-" "$(cat pipe.txt)"

# ---- slides ----
"$SOCKVIZ" run tcp --slides -o slides.pdf -o slides.svg >/dev/null 2>err.txt
check "run tcp --slides -o slides.pdf exits 0" 0 $?
check "... and says nothing on stderr" "" "$(cat err.txt)"
n=$(steps slides.svg)
check "one page per step ($n steps)" "$n" "$(pages slides.pdf)"
read -r w h < <(page_size slides.pdf)
check "the pages are 16:9 ($w x $h pt)" yes \
    "$(awk -v w="$w" -v h="$h" 'BEGIN { r = w * 9 / (h * 16)
    print ((r > 0.995 && r < 1.005) ? "yes" : "no") }')"
check "every page is 16:9" 1 "$(pdfinfo -f 1 -l "$n" slides.pdf |
    awk '/^Page.*size:/ { print $(NF-3), $(NF-1) }' | sort -u | wc -l)"
mid=$(( (n + 1) / 2 ))
read -r calls min max < <(call_heights slides.pdf $mid)
check "page $mid shows calls" yes "$([ "$calls" -gt 0 ] && echo yes)"
check "page $mid: calls at least 24 px tall at 1920x1080 (${min}-$max px)" \
    yes "$(awk -v m="$min" 'BEGIN { print ((m >= 24) ? "yes" : "no") }')"
pdftoppm -r 50 -png -f $mid -l $mid slides.pdf slide >/dev/null 2>ppm.txt
check "pdftoppm draws page $mid" "0 " "$? $(cat ppm.txt)"

# A long lesson: a late page has scrolled, and still shows the lane
# headers above its newest row, in large type.
"$SOCKVIZ" run close-unread-rst --slides -o long.pdf -o long.svg \
    >/dev/null 2>err.txt
check "run close-unread-rst --slides exits 0" 0 $?
n=$(steps long.svg)
check "close-unread-rst: one page per step ($n)" "$n" "$(pages long.pdf)"
late=$((n - 1))
newest=$((late - 1))                  # data-step counts from 0
pdftotext -f $late -l $late long.pdf late.txt
for s in server client; do
	grep -qw -- "$s" late.txt
	check "page $late of $n shows the lane header '$s'" 0 $?
done
row=$(row_text long.svg $newest)
word=$(first_word "$row")
check "the newest row (step $newest) has words to look for" yes \
    "$([ -n "$word" ] && echo yes)"
grep -qF -- "$word" late.txt
check "page $late shows its newest row ('$word' of '$row')" 0 $?
read -r calls min max < <(call_heights long.pdf $late)
check "page $late: calls at least 24 px tall (${min}-$max px)" yes \
    "$(awk -v n="$calls" -v m="$min" 'BEGIN {
    print ((n > 0 && m >= 24) ? "yes" : "no") }')"
# The first row's time is 0.000 ms: on page 1, scrolled away by then.
pdftotext -f 1 -l 1 long.pdf first.txt
grep -qw -- "0.000" first.txt
check "page 1 shows the first row (0.000 ms)" 0 $?
grep -qw -- "0.000" late.txt
check "page $late has scrolled the first row away" 1 $?

# A ladder taller than a PDF page (14,400 pt) goes on several pages,
# each drawn from the rows that reach into it: every row is on one.
GEN=${GEN_CAPTURE:-$(dirname "$SOCKVIZ")/bench/gen_capture}
"$GEN" 1200 3 >tall.pcap
"$SOCKVIZ" render tall.pcap -o tall.pdf --width 200 >tall.txt 2>err.txt
check "a tall ladder: render -o .pdf exits 0" 0 $?
check "a tall ladder: several pages" yes \
    "$([ "$(pages tall.pdf)" -ge 2 ] && echo yes)"
pdftotext tall.pdf tall-pdf.txt
check "a tall ladder: every row's time is on a page" \
    "$(grep -oE '^ *[0-9]+[.][0-9]{3} ' tall.txt | tr -d ' ' | sort -u)" \
    "$(grep -oE '(^| )[0-9]+[.][0-9]{3}( |$)' tall-pdf.txt | tr -d ' ' |
        sort -u)"
check "a tall ladder: the footer is on the last page" 1 \
    "$(pdftotext -f "$(pages tall.pdf)" -l "$(pages tall.pdf)" tall.pdf - |
        grep -c 'a packet')"

# A capture without events: one page.
printf '\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00'\
'\xff\xff\x00\x00\x01\x00\x00\x00' >empty.pcap
"$SOCKVIZ" render empty.pcap --slides -o empty.pdf -o empty.png \
    >/dev/null 2>err.txt
check "render of an empty capture --slides exits 0" "0 " "$? $(cat err.txt)"
check "... one page" 1 "$(pages empty.pdf)"
check "... and a PNG" '211PNG\r\n032\n' "$(magic empty.png 8)"

finish
