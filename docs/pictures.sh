#!/bin/bash
# Regenerates the pictures the README shows, from real runs:
#
#   docs/pictures.sh [BUILD_DIR]     (default: build)
#
#   docs/headline.svg, docs/headline.png   the headline lesson (`sockviz`)
#   docs/html-step.png                     the HTML page of the tcp lesson,
#                                          mid-step with a packet selected,
#                                          in headless Chromium
#                                          (tests/integration/html_browser.sh)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
"$build/sockviz" -o "$top/docs/headline.svg" -o "$top/docs/headline.png" \
    >/dev/null
SOCKVIZ=$build/sockviz SOCKVIZ_TESTDATA=$top/tests \
    README_SHOT=$top/docs/html-step.png \
    bash "$top/tests/integration/html_browser.sh" >/dev/null
echo "docs/pictures.sh: docs/headline.svg, docs/headline.png, docs/html-step.png"
