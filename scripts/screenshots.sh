#!/usr/bin/env bash
# Takes the README/docs screenshots from the real window under Xvfb (1366x768), walking
# sessions as a clinician would with xdotool. Needs: xvfb xdotool imagemagick.
# Coordinates match the default layout at 1366x768 (the window opens at 1300x740); check the
# PNGs after running. docs/seal_changed_outside.png is not retaken here.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin brief >/dev/null 2>&1
data=$(mktemp -d) home=$(mktemp -d) xdg=$(mktemp -d) tmp=$(mktemp -d)
chmod 700 "$xdg"
./target/release/brief demo --generate 60 "$data" >/dev/null
# A free display number, so the script does not collide with another X server on the machine
# (or the one in $XVFB_DISPLAY, on machines where each user is given one).
if [ -n "${XVFB_DISPLAY:-}" ]; then
    Xvfb ":$XVFB_DISPLAY" -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
    echo "$XVFB_DISPLAY" >"$tmp/display"
else
    Xvfb -displayfd 3 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 3>"$tmp/display" &
fi
xvfb=$! app=
trap 'kill $app $xvfb 2>/dev/null || true; rm -rf "$data" "$home" "$xdg" "$tmp"' EXIT
for _ in $(seq 50); do [ -s "$tmp/display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -1 "$tmp/display")"
env -u WAYLAND_DISPLAY XDG_RUNTIME_DIR="$xdg" HOME="$home" ./target/release/brief --data "$data" >/dev/null 2>&1 &
app=$!
sleep 3
W=$(xdotool search --name brief | head -1)
xdotool windowfocus --sync "$W"
shot() { sleep 0.5; import -window "$W" "${2:-docs}/$1.png"; }
click() { xdotool mousemove "$1" "$2" click 1; sleep 0.25; }
# egui sliders take a drag, not a click: press, move onto the value, release.
slide() {
    xdotool mousemove $(($1 - 6)) "$2" mousedown 1; sleep 0.15
    xdotool mousemove "$1" "$2"; sleep 0.15
    xdotool mouseup 1; sleep 0.2
}
typed() { xdotool type --delay 15 "$1"; sleep 0.2; }
keys() { for k in "$@"; do xdotool key "$k"; sleep 0.2; done; }
next_step() { xdotool key ctrl+Right; sleep 0.5; }
# Mouse-wheel notches (80 px each) over a point: positive scrolls down.
wheel() {
    xdotool mousemove "$1" "$2"
    local n=$3 b=5
    if [ "$n" -lt 0 ]; then n=$((-n)) b=4; fi
    for _ in $(seq "$n"); do xdotool click "$b"; sleep 0.05; done
    sleep 0.3
}
# New session from the start view: patient, sex (female|male), age; the clinician id is kept
# from the last session.
# The form opens on the brief intervention; the protocol choice and its summary come first.
new_session() {
    click 57 68
    click 600 190; xdotool key ctrl+a; typed c-lee
    click 600 213; typed "$1"
    case $2 in female) click 226 237 ;; male) click 292 237 ;; esac
    click 600 260; typed "$3"
    click 58 283
}
to_start() { click 44 12; sleep 0.4; }
mkdir -p docs
shot start

# The supervisor view over the demo folder alone (before the walk adds sessions to it).
click 175 68; sleep 1.5
shot supervisor
# The safety section: the per-clinician and per-rule tables, and further down, under Flags,
# the list of flags not answered. They are a screen apart, so supervisor_safety.png stacks
# the two parts (with the audit's top bar) under a divider.
wheel 400 500 5
shot sup_tables "$tmp"
wheel 400 500 30
shot supervisor_flags
shot sup_flags "$tmp"
convert "$tmp/sup_tables.png" -crop 846x95+0+0 +repage "$tmp/a.png"
convert "$tmp/sup_tables.png" -crop 846x305+0+246 +repage "$tmp/b.png"
convert -size 846x6 xc:'#505050' "$tmp/sep.png"
convert "$tmp/sup_flags.png" -crop 846x198+0+540 +repage "$tmp/c.png"
convert "$tmp/a.png" "$tmp/b.png" "$tmp/sep.png" "$tmp/c.png" -append docs/supervisor_safety.png
click 1204 170; sleep 0.5
shot supervisor_timeline
click 34 12; sleep 0.4

# A whole session: a woman of 45, AUDIT-C positive, to the closure.
new_session P-1001 female 45
click 229 159
shot step1_introduce
next_step
click 469 164 # not pregnant
keys 3 2 2
shot step2_screen
next_step
click 229 376; click 229 498
shot step3_feedback
next_step
slide 290 143; slide 258 166
click 436 212; click 450 281; typed "Wants to cut down before the wedding"; click 272 304
click 472 438; click 597 438; click 700 507; typed "No drinking on weeknights"
shot step4_goals
next_step
click 300 150; typed "Agreed alcohol-free weekdays; leaflet given"; click 338 202
shot step5_closure

# P-1001 comes back: the form names her as returning (one line more, so the sex, age and start
# fields sit lower), and the session opens with the last visit on top. AUDIT-C 1 0 0 now (1,
# negative) against 4 then: the change line appears once it is scored.
to_start
click 57 68
click 600 93; xdotool key ctrl+a; typed c-lee
click 600 116; typed P-1001
click 226 157; click 600 180; typed 45
click 58 203
next_step
click 470 237 # not pregnant (the banner pushes the step down)
keys 2 1 1
shot session_returning

# A man of 40, full AUDIT with a morning drink (item 6) less than monthly: withdrawal risk,
# left unanswered, so the limits are held back in feedback and closure waits for an answer.
to_start
new_session P-4040 male 40
next_step
click 378 156 # AUDIT (the instrument row, under the "Suggested: AUDIT-C" line)
keys 3 3 3 2 1 2 2 1 1 1
next_step
shot safety_panel
next_step; next_step
# To the bottom of the step, then back one notch so the "Answer the safety flags first" box
# shows whole under the panel.
wheel 600 650 15
wheel 600 650 -1
shot safety_closure

# A woman of 30, pregnant: the form opens on TWEAK, the suggested instrument. Tolerance typed as
# 3 drinks (under 5: no points), W, E and A no, K yes: total 1, negative, so no flag (the
# pregnancy rule takes a positive TWEAK). One notch down so the total shows whole, with the
# pregnancy question and the "Suggested: TWEAK" line still in view.
to_start
new_session P-3030 female 30
next_step
click 250 164 # pregnant
click 680 451; typed 3; xdotool key Tab; sleep 0.2 # item T: number of drinks
click 233 501; click 233 550; click 233 614; click 285 663 # W no, E no, A no, K yes
wheel 600 500 1
shot screen_pregnancy

# Another woman of 30, pregnant, given AUDIT-C instead: 1 0 0 (monthly or less, 1 or 2, never).
# Any drinking on AUDIT-C raises the pregnancy flag.
to_start
new_session P-3031 female 30
next_step
click 250 164 # pregnant
click 312 231 # AUDIT-C (the instrument row, under the two-line "Suggested: TWEAK" reason)
keys 2 1 1
next_step
shot safety_pregnancy

# A boy of 15: S2BI suggested, CRAFFT refused (no licence recorded) with who to ask. The
# under-21 advisory is answered first so it folds to one line. Tobacco never, alcohol monthly,
# the rest never: zone monthly; then the prevention section, tier selective, one risk factor.
# The step is taller than the window, so screen_adolescent.png stacks the top (the suggestion
# and the CRAFFT line) over the form scrolled down (the central column only) under a divider.
to_start
new_session P-1515 male 15
next_step
click 226 288; click 226 311; click 262 336 # the flag's two points, then Advice given
keys 1 3 1 1 1 1 1
shot adol_top "$tmp"
wheel 600 500 4
click 300 526 # Prevention tier and factors
click 366 549 # Selective
click 233 705 # Drugs easily available
shot adol_form "$tmp"
# The top down to the S2BI source line; the right panel's next heading, cut there, is blanked.
convert "$tmp/adol_top.png" -crop 1300x344+0+0 +repage -fill 'rgb(27,27,27)' \
    -draw 'rectangle 1011,325 1299,343' "$tmp/a.png"
convert "$tmp/adol_form.png" -crop 810x565+200+150 +repage "$tmp/b.png"
convert -size 1300x565 xc:'rgb(27,27,27)' -fill 'rgb(60,60,60)' \
    -draw 'line 199,0 199,564' -draw 'line 1010,0 1010,564' \
    "$tmp/b.png" -geometry +200+0 -composite "$tmp/b2.png"
convert -size 1300x6 xc:'#505050' "$tmp/sep.png"
convert "$tmp/a.png" "$tmp/sep.png" "$tmp/b2.png" -append docs/screen_adolescent.png
