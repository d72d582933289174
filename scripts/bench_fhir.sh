#!/usr/bin/env bash
# FHIR bulk export at clinic scale (issue 13), side by side with the audit on the same folder in
# the same run, warm page cache, RUNS alternating rounds (default 3), every figure printed:
#   - `brief audit DIR --format csv --no-cache > /dev/null` (the yardstick)
#   - `brief export fhir DIR --out OUT` (a fresh OUT each round)
# Wall time and peak RSS from /usr/bin/time; the ratio is export / audit of the same round.
#
# Usage: scripts/bench_fhir.sh [N]   (default 100000; sessions are generated once into
# /tmp/fhir-<N> and reused). Pins go to a temporary BRIEF_PINS_DIR, never the user's.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${RUNS:-3}
if [ "$n" = 100000 ]; then default=/tmp/fhir-100k; else default=/tmp/fhir-$n; fi
data=${BENCH_DATA:-$default}

# BRIEF_BIN: a binary built already (no build here).
if [ -z "${BRIEF_BIN:-}" ]; then cargo build --release --bin brief >/dev/null 2>&1; fi
brief=${BRIEF_BIN:-./target/release/brief}
if [ ! -d "$data/sessions" ]; then
    echo "generating $n sessions into $data ..."
    "$brief" demo --generate "$n" "$data" >/dev/null
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export BRIEF_PINS_DIR="$tmp/pins"
count=$(find "$data/sessions" -name '*.ron' | wc -l)
bytes=$(find "$data/sessions" -name '*.ron' -printf '%s\n' | awk '{s+=$1} END {print s}')
echo "$count session files, $((bytes / 1000000)) MB, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
find "$data/sessions" -name '*.ron' -print0 | xargs -0 cat >/dev/null

measure() { # label, command...: prints "label wall_s rss_kb"
    local label=$1
    shift
    /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" || {
        cat "$tmp/err" >&2
        exit 1
    }
    echo "$label $(cat "$tmp/t")"
}
for round in $(seq "$runs"); do
    a=$(measure audit "$brief" audit "$data" --format csv --no-cache)
    rm -rf "$tmp/out"
    e=$(measure export "$brief" export fhir "$data" --out "$tmp/out")
    out_mb=$(du -sm "$tmp/out" | cut -f1)
    aw=$(echo "$a" | cut -d' ' -f2)
    ew=$(echo "$e" | cut -d' ' -f2)
    echo "round $round: audit ${aw}s ($(echo "$a" | cut -d' ' -f3) KB), export ${ew}s ($(echo "$e" | cut -d' ' -f3) KB, ${out_mb} MB written), ratio $(echo "scale=2; $ew / $aw" | bc)"
done
tail -n 1 "$tmp/err"
