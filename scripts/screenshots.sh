#!/usr/bin/env bash
# Takes the README/docs screenshots from the real window under Xvfb (1366x768), walking a
# session as a clinician would with xdotool. Needs: xvfb xdotool imagemagick.
# Coordinates match the default layout at 1366x768; check the PNGs after running.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin brief >/dev/null 2>&1
data=$(mktemp -d) home=$(mktemp -d) xdg=$(mktemp -d)
chmod 700 "$xdg"
./target/release/brief demo --generate 60 "$data" >/dev/null
Xvfb :98 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
sleep 1
export DISPLAY=:98
env -u WAYLAND_DISPLAY XDG_RUNTIME_DIR="$xdg" HOME="$home" ./target/release/brief --data "$data" >/dev/null 2>&1 &
app=$!
trap 'kill $app $xvfb 2>/dev/null || true' EXIT
sleep 3
W=$(xdotool search --name brief | head -1)
xdotool windowfocus --sync "$W"
shot() { sleep 0.5; import -window "$W" "docs/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.25; }
hold() { xdotool mousemove "$1" "$2" mousedown 1; sleep 0.15; xdotool mouseup 1; sleep 0.2; }
typed() { xdotool type --delay 15 "$1"; sleep 0.2; }
mkdir -p docs
shot start
click 57 68; click 600 93; typed c-lee; click 600 116; typed P-1001; click 226 139; click 600 162; typed 45
click 58 185
click 229 159
shot step1_introduce
xdotool key ctrl+Right; sleep 0.4
for k in 3 2 2; do xdotool key "$k"; sleep 0.2; done
shot step2_screen
xdotool key ctrl+Right; sleep 0.4
click 229 394; click 229 516
shot step3_feedback
xdotool key ctrl+Right; sleep 0.5
hold 287 143; hold 259 166
click 436 212; click 450 281; typed "Wants to cut down before the wedding"; click 272 304
click 472 438; click 597 438; click 700 484; typed "No drinking on weeknights"
shot step4_goals
xdotool key ctrl+Right; sleep 0.5
click 300 150; typed "Agreed alcohol-free weekdays; leaflet given"; click 338 202
shot step5_closure
