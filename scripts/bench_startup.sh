#!/usr/bin/env bash
# Start-up time to the first frame, brief vs a bare eframe window, measured in the same run
# under Xvfb; and peak RSS. Both programs close themselves after their first frame
# (BRIEF_QUIT_AFTER_FIRST_FRAME), so the wall time of a run is start-up + first frame + exit.
# Usage: scripts/bench_startup.sh [RUNS]   (needs xvfb; builds release binaries first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-15}
cargo build --release --bin brief --example bare_window >/dev/null 2>&1
data=$(mktemp -d)
./target/release/brief demo --generate 200 "$data" >/dev/null
export XDG_RUNTIME_DIR=$(mktemp -d) BRIEF_QUIT_AFTER_FIRST_FRAME=1 HOME=$(mktemp -d)
chmod 700 "$XDG_RUNTIME_DIR"
Xvfb :97 -screen 0 1366x768x24 -nolisten tcp >/dev/null 2>&1 &
xvfb=$!
trap 'kill $xvfb' EXIT
sleep 1
export DISPLAY=:97
unset WAYLAND_DISPLAY
measure() { # prints "ms rss_kb"
    local start end rss
    start=$(date +%s%N)
    /usr/bin/time -o "$data/rss" -f %M "$@" >/dev/null 2>&1; rss=$(tail -1 "$data/rss")
    end=$(date +%s%N)
    echo "$(( (end - start) / 1000000 )) $rss"
}
brief_ms=() bare_ms=() brief_rss=() bare_rss=()
for _ in $(seq "$runs"); do
    read -r ms rss < <(measure ./target/release/brief --data "$data"); brief_ms+=("$ms"); brief_rss+=("$rss")
    read -r ms rss < <(measure ./target/release/examples/bare_window); bare_ms+=("$ms"); bare_rss+=("$rss")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
bm=$(median "${brief_ms[@]}"); em=$(median "${bare_ms[@]}")
echo "runs: $runs (alternating), data: 200 demo sessions"
echo "brief (start view, last 3 months listed): median ${bm} ms to first frame and exit; peak RSS $(median "${brief_rss[@]}") KB"
echo "bare eframe window:                     median ${em} ms; peak RSS $(median "${bare_rss[@]}") KB"
awk -v a="$bm" -v b="$em" 'BEGIN { printf "ratio brief / bare: %.2f\n", a / b }'
