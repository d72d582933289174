#!/usr/bin/env bash
# Takes the screenshots of stepped screening, the feedback pictures and a page of the
# take-home sheet: the real window under Xvfb (1366x768), walked with xdotool, and the sheet
# rendered with pdftoppm. Needs: xvfb xdotool imagemagick poppler-utils. XVFB_DISPLAY=:N picks
# the display (default: a free one). Coordinates match the default layout; check the PNGs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin brief >/dev/null 2>&1
data=$(mktemp -d) home=$(mktemp -d) xdg=$(mktemp -d) tmp=$(mktemp -d)
chmod 700 "$xdg"
if [ -n "${XVFB_DISPLAY:-}" ]; then
    Xvfb "$XVFB_DISPLAY" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
    xvfb=$!
    export DISPLAY="$XVFB_DISPLAY"
else
    Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 3>"$tmp/display" &
    xvfb=$!
    for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
    export DISPLAY=":$(head -1 "$tmp/display")"
fi
app=
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$data" "$home" "$xdg" "$tmp"' EXIT
sleep 1
env -u WAYLAND_DISPLAY XDG_RUNTIME_DIR="$xdg" HOME="$home" ./target/release/brief --data "$data" >/dev/null 2>&1 &
app=$!
sleep 3
W=$(xdotool search --name brief | head -1)
xdotool windowfocus --sync "$W"
shot() { sleep 0.6; import -window "$W" "${2:-docs}/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.3; }
typed() { xdotool type --delay 15 "$1"; sleep 0.2; }
keys() { for k in "$@"; do xdotool key "$k"; sleep 0.2; done; }
next_step() { xdotool key ctrl+Right; sleep 0.6; }
wheel() {
    xdotool mousemove "$1" "$2"
    local n=$3 b=5
    if [ "$n" -lt 0 ]; then n=$((-n)) b=4; fi
    for _ in $(seq "$n"); do xdotool click "$b"; sleep 0.05; done
    sleep 0.3
}
mkdir -p docs
# A man of 40: AUDIT-C 2-3 times a week, 5 or 6, monthly (7, positive), then the full AUDIT in
# one click: items 4-10 less than monthly, less than monthly, never, less than monthly, less than
# monthly, no, no (11, zone II).
click 57 68
click 600 93; xdotool key ctrl+a; typed c-lee
click 600 116; typed P-2040
click 292 139
click 600 162; typed 40
click 58 185
next_step
keys 4 3 3

# The button sits under the AUDIT-C result; its place is read from the screenshot above
# (CONTINUE_X / CONTINUE_Y).
click "${CONTINUE_X:-300}" "${CONTINUE_Y:-560}"
keys 2 2 1 2 2 1 1
xdotool mousemove 1300 730; sleep 0.2
shot stepped_audit
next_step
shot feedback_pictures
wheel 600 500 "${FEEDBACK_SCROLL:-4}"
shot feedback_pictures_limits
# A page of the take-home sheet for a demo session with a goal and a follow-up.
./target/release/brief demo --generate 40 "$tmp/demo" >/dev/null
# The first demo session whose sheet shows the drinks picture against a limit, a reason and a
# follow-up date.
for f in $(find "$tmp/demo/sessions" -name '*.ron' | sort); do
    ./target/release/brief handout "$f" --out "$tmp/sheet.pdf" >/dev/null
    text=$(pdftotext "$tmp/sheet.pdf" - | tr -s ' \n' ' ')
    case $text in
        *"The low-risk limit for you"*"Your reasons"*"We will check in"*) break ;;
    esac
done
pdftoppm -png -r 80 -singlefile "$tmp/sheet.pdf" docs/handout
