//! Times one audit scan of a folder, for `scripts/bench_audit.sh`: prints the mode, the
//! counts and the wall time of the scan alone (no aggregation, no output).
//!
//! `cargo run --release --example audit_scan -- MODE DIR` where MODE is `fast` (no cache),
//! `cached` (cache in `$BRIEF_CACHE_DIR` or the user's cache folder), `reference` (serial
//! full parse), `reference-parallel` (full parse on every core), `compare` (fast and
//! cached against the serial reference; exits 1 on any difference), or `load-cache` (only
//! load and check the cache file).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use brief::audit::scan::{self, CacheMode, ScanResult};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(mode), Some(dir)) = (args.first(), args.get(1)) else {
        eprintln!(
            "usage: audit_scan fast|cached|reference|reference-parallel|compare|load-cache DIR"
        );
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    let run = |f: &dyn Fn() -> ScanResult| {
        let start = Instant::now();
        let result = f();
        (result, start.elapsed())
    };
    let (result, took) = match mode.as_str() {
        "fast" => run(&|| scan::scan(&dir, CacheMode::Bypass)),
        "cached" => run(&|| scan::scan(&dir, CacheMode::Use)),
        "reference" => run(&|| scan::reference_scan(&dir)),
        "reference-parallel" => run(&|| scan::reference_scan_parallel(&dir)),
        "compare" => return compare(&dir),
        "load-cache" => {
            let Some(cache_dir) = scan::default_cache_dir() else {
                eprintln!("no cache folder");
                return ExitCode::FAILURE;
            };
            let start = Instant::now();
            let entries = scan::cache_entries(&dir, &cache_dir);
            println!(
                "load-cache: {entries:?} entries, loaded and checked in {:.3} s",
                start.elapsed().as_secs_f64()
            );
            return ExitCode::SUCCESS;
        }
        other => {
            eprintln!("unknown mode {other}");
            return ExitCode::from(2);
        }
    };
    let (summaries, unreadable, files_read) = (
        result.summaries.len(),
        result.unreadable.len(),
        result.files_read,
    );
    // Freeing 100,000 summaries is not free: shown apart (a command can skip it at exit).
    let start = Instant::now();
    drop(result);
    let dropped = start.elapsed();
    println!(
        "{mode}: {summaries} summaries, {unreadable} unreadable, {files_read} files read, scan {:.3} s (then freeing them {:.3} s)",
        took.as_secs_f64(),
        dropped.as_secs_f64()
    );
    ExitCode::SUCCESS
}

fn compare(dir: &std::path::Path) -> ExitCode {
    let reference = scan::reference_scan(dir);
    let mut ok = true;
    for (name, result) in [
        ("fast", scan::scan(dir, CacheMode::Bypass)),
        ("cached", scan::scan(dir, CacheMode::Use)),
    ] {
        let same = result.summaries == reference.summaries
            && format!("{:?}", result.summaries) == format!("{:?}", reference.summaries)
            && format!("{:?}", result.unreadable) == format!("{:?}", reference.unreadable);
        println!(
            "{name}: {} summaries, {} unreadable, {} files read: {}",
            result.summaries.len(),
            result.unreadable.len(),
            result.files_read,
            if same {
                "same as the reference"
            } else {
                "DIFFERENT"
            }
        );
        ok &= same;
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
