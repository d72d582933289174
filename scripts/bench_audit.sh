#!/usr/bin/env bash
# The supervisor audit at clinic scale (issue 5), everything measured side by side in one run,
# warm page cache, medians of RUNS alternating rounds:
#   - `find DIR -name '*.ron' -print0 | xargs -0 cat > /dev/null` (the bar to beat)
#   - `brief audit DIR --format csv --no-cache` (wall and peak RSS)
#   - the reference full parse (serde, every file; serial and on every core), scan only
#   - `brief audit DIR --format csv` with an empty summary cache (reads all, writes the cache)
#   - the same with the cache filled and nothing changed
#   - the same after rewriting 1% of the files (a changed clinician id: a changed summary)
#     and adding 0.5% new ones; the files are put back afterwards
# Scan-only times (no aggregation, no output) come from `examples/audit_scan.rs`.
#
# Usage: scripts/bench_audit.sh [N]   (default 100000; sessions are generated once into
# /tmp/brief-<N> and reused; RUNS=5 by default). The summary cache goes to a temporary
# BRIEF_CACHE_DIR, never the user's.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
runs=${RUNS:-5}
if [ "$n" = 100000 ]; then default=/tmp/brief-100k; else default=/tmp/brief-$n; fi
data=${BENCH_DATA:-$default}

cargo build --release --bin brief --example audit_scan >/dev/null 2>&1
brief=./target/release/brief
scan=./target/release/examples/audit_scan

if [ ! -d "$data/sessions" ]; then
    echo "generating $n sessions into $data ..."
    "$brief" demo --generate "$n" "$data" >/dev/null
fi
count=$(find "$data/sessions" -name '*.ron' | wc -l)
bytes=$(find "$data/sessions" -name '*.ron' -printf '%s\n' | awk '{s+=$1} END {print s}')

tmp=$(mktemp -d)
export BRIEF_CACHE_DIR="$tmp/cache"
# The audit's pins (seals remembered per session) go to a temporary folder too.
export BRIEF_PINS_DIR="$tmp/pins"
added="$data/sessions/bench-added"
touched="$tmp/touched"
restore() {
    if [ -s "$touched" ]; then
        xargs -d '\n' -a "$touched" sed -i 's/^ clinician: "x-/ clinician: "c-/'
        : >"$touched"
    fi
    rm -rf "$added"
}
trap 'restore; rm -rf "$tmp"' EXIT
restore

# Rewrites 1% of the files (every 100th, clinician "c-…" -> "x-…": same size, another
# summary) and adds 0.5% new sessions (another seed) in a folder of their own.
touch_files() {
    find "$data/sessions" -name '*.ron' -not -path "$added/*" | sort | awk 'NR % 100 == 0' >"$touched"
    xargs -d '\n' -a "$touched" sed -i 's/^ clinician: "c-/ clinician: "x-/'
    rm -rf "$tmp/new"
    "$brief" demo --generate $((n / 200)) --seed 99 "$tmp/new" >/dev/null
    mkdir -p "$added"
    find "$tmp/new/sessions" -name '*.ron' -exec mv -t "$added" {} +
}

# Runs a command; prints "milliseconds peak_rss_kb".
measure() {
    local start end
    start=$(date +%s%N)
    /usr/bin/time -o "$tmp/rss" -f %M "$@" >"$tmp/out" 2>"$tmp/err"
    end=$(date +%s%N)
    echo "$(((end - start) / 1000000)) $(tail -1 "$tmp/rss")"
}
cat_all() { find "$data/sessions" -name '*.ron' -print0 | xargs -0 cat >/dev/null; }
export -f cat_all
export data
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# Scan-only time in ms and files read, from the example's output line.
scan_ms() { sed -E 's/.*scan ([0-9.]+) s.*/\1/' "$tmp/out" | awk '{printf "%d", $1 * 1000}'; }
free_ms() { sed -E 's/.*freeing them ([0-9.]+) s.*/\1/' "$tmp/out" | awk '{printf "%d", $1 * 1000}'; }
files_read() { sed -E 's/.*unreadable, ([0-9]+) files read.*/\1/' "$tmp/out"; }

cat_all # warm the page cache
cat_ms=() nocache_ms=() nocache_rss=() fast_scan=() cold_ms=() cold_rss=() warm_ms=() warm_rss=()
warm_scan=() fast_free=() warm_free=() re_ms=() re_rss=() re_scan=() re_read=() stat_ms=()
for _ in $(seq "$runs"); do
    read -r ms _ < <(measure bash -c cat_all); cat_ms+=("$ms")
    read -r ms rss < <(measure "$brief" audit "$data" --format csv --no-cache)
    nocache_ms+=("$ms"); nocache_rss+=("$rss")
    measure "$scan" fast "$data" >/dev/null; fast_scan+=("$(scan_ms)"); fast_free+=("$(free_ms)")
    rm -rf "$BRIEF_CACHE_DIR"
    read -r ms rss < <(measure "$brief" audit "$data" --format csv)
    cold_ms+=("$ms"); cold_rss+=("$rss")
    read -r ms rss < <(measure "$brief" audit "$data" --format csv)
    warm_ms+=("$ms"); warm_rss+=("$rss")
    measure "$scan" cached "$data" >/dev/null; warm_scan+=("$(scan_ms)"); warm_free+=("$(free_ms)")
    touch_files
    # The bar for a re-audit: a bare stat walk of the folder in the same state.
    read -r ms _ < <(measure find "$data/sessions" -name '*.ron' -printf '%s %T@\n'); stat_ms+=("$ms")
    read -r ms rss < <(measure "$brief" audit "$data" --format csv)
    re_ms+=("$ms"); re_rss+=("$rss")
    restore
    sleep 0.2
    "$brief" audit "$data" --format csv >/dev/null # the cache in step with the files again
    touch_files
    measure "$scan" cached "$data" >/dev/null; re_scan+=("$(scan_ms)"); re_read+=("$(files_read)")
    restore
    sleep 0.2
    "$brief" audit "$data" --format csv >/dev/null
done
# The full parse is slow: fewer rounds.
ref_par=() ref_par_rss=() ref_ser=()
for _ in $(seq $(((runs + 1) / 2))); do
    cat_all
    read -r _ rss < <(measure "$scan" reference-parallel "$data"); ref_par+=("$(scan_ms)"); ref_par_rss+=("$rss")
done
cat_all
measure "$scan" reference "$data" >/dev/null; ref_ser+=("$(scan_ms)")
cache_size=$(du -k "$BRIEF_CACHE_DIR" | tail -1 | cut -f1)
load=()
for _ in $(seq "$runs"); do
    measure "$scan" load-cache "$data" >/dev/null
    load+=("$(sed -E 's/.*checked in ([0-9.]+) s.*/\1/' "$tmp/out" | awk '{printf "%d", $1 * 1000}')")
done
entries=$(sed -E 's/.*Some\(([0-9]+)\) entries.*/\1/' "$tmp/out")

echo "data: $count session files, $((bytes / 1000000)) MB, in $data; $runs rounds, medians; $(nproc) cores"
printf '%-64s %8s %10s\n' "what" "wall ms" "peak RSS"
row() { printf '%-64s %8s %10s\n' "$1" "$2" "$3"; }
row "find | xargs cat" "$(median "${cat_ms[@]}")" ""
row "brief audit --format csv --no-cache" "$(median "${nocache_ms[@]}")" "$(median "${nocache_rss[@]}") KB"
row "  scan only (fast extractor, 2 threads)" "$(median "${fast_scan[@]}")" ""
row "  freeing the 100k summaries afterwards" "$(median "${fast_free[@]}")" ""
row "reference full parse, scan only, 2 threads (serde)" "$(median "${ref_par[@]}")" "$(median "${ref_par_rss[@]}") KB"
row "reference full parse, scan only, serial (serde)" "$(median "${ref_ser[@]}")" ""
row "brief audit --format csv, empty cache (writes it)" "$(median "${cold_ms[@]}")" "$(median "${cold_rss[@]}") KB"
row "brief audit --format csv, cache filled, nothing changed" "$(median "${warm_ms[@]}")" "$(median "${warm_rss[@]}") KB"
row "  scan only" "$(median "${warm_scan[@]}")" ""
row "  freeing the summaries afterwards" "$(median "${warm_free[@]}")" ""
row "brief audit --format csv, 1% rewritten + 0.5% added" "$(median "${re_ms[@]}")" "$(median "${re_rss[@]}") KB"
row "  scan only (files read: $(median "${re_read[@]}"))" "$(median "${re_scan[@]}")" ""
row "find -printf '%s %T@' (a bare stat walk, after the same touch)" "$(median "${stat_ms[@]}")" ""
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "ratios: first audit --no-cache / cat = $(ratio "$(median "${nocache_ms[@]}")" "$(median "${cat_ms[@]}")") (target <= 0.8);" \
    "empty cache / cat = $(ratio "$(median "${cold_ms[@]}")" "$(median "${cat_ms[@]}")");" \
    "re-audit after 1% / stat walk = $(ratio "$(median "${re_ms[@]}")" "$(median "${stat_ms[@]}")") (target <= 1.6)"
echo "cache file: ${cache_size} KB, $entries entries, loaded and checked in $(median "${load[@]}") ms"
