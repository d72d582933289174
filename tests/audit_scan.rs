//! The fast audit scan and its summary cache.
//!
//! The fast scan must give exactly the summaries of the reference scan (every file fully
//! parsed), whichever path each file takes: the fast extractor for files in the layout brief
//! writes, the full parse for anything else. And a stale cache must never change a figure:
//! after each kind of change a cached scan equals a `--no-cache` scan, and the changed file
//! was read again. Every test keeps its cache in its own temporary folder.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use brief::audit::StepOutcome;
use brief::audit::scan::{self, CacheMode, ScanResult};
use brief::demo;
use brief::protocol::ProtocolSet;
use brief::session::{Session, Status, Timestamp};
use brief::store::Store;
use chrono::DateTime;
use tempfile::TempDir;

/// The end of the demo year: at +01:00, so times carry an offset.
fn end() -> Timestamp {
    DateTime::parse_from_rfc3339("2026-11-25T17:30:00+01:00").expect("fixed time parses")
}

fn protocols() -> ProtocolSet {
    ProtocolSet::bundled().expect("bundled protocols load")
}

/// A data folder with `n` demo sessions, and a separate folder for the cache.
fn demo_folder(n: u64) -> (TempDir, TempDir, Store) {
    let data = tempfile::tempdir().expect("temp data folder");
    let cache = tempfile::tempdir().expect("temp cache folder");
    let store = Store::open(data.path()).expect("store opens");
    let set = protocols();
    for i in 0..n {
        store
            .save_unsynced(&demo::session(&set, 7, i, end()))
            .expect("demo session saves");
    }
    (data, cache, store)
}

/// Waits until files just written have settled (the cache skips files changed in the last
/// few clock ticks, so a second change could not hide in the same time stamp).
fn settle() {
    std::thread::sleep(Duration::from_millis(120));
}

/// Asserts two scans found the same: summaries (times compared with their offsets too),
/// unreadable files and reasons.
fn assert_same(got: &ScanResult, want: &ScanResult, what: &str) {
    assert_eq!(
        got.summaries.len(),
        want.summaries.len(),
        "{what}: number of summaries"
    );
    for (g, w) in got.summaries.iter().zip(&want.summaries) {
        assert_eq!(g, w, "{what}: summary of {}", w.path.display());
        assert_eq!(
            g.created.offset(),
            w.created.offset(),
            "{what}: offset of the start time of {}",
            w.path.display()
        );
    }
    let reasons = |r: &ScanResult| -> Vec<(PathBuf, String)> {
        r.unreadable
            .iter()
            .map(|u| (u.path.clone(), u.reason.clone()))
            .collect()
    };
    assert_eq!(reasons(got), reasons(want), "{what}: unreadable files");
    assert_eq!(got.duplicates, want.duplicates, "{what}: duplicate files");
}

fn cached(data: &Path, cache: &Path) -> ScanResult {
    scan::scan_with_cache_dir(data, Some(cache))
}

fn uncached(data: &Path) -> ScanResult {
    scan::scan(data, CacheMode::Bypass)
}

/// The file of the first closed session, with its text.
fn a_closed_file(store: &Store) -> (PathBuf, String) {
    let listing = store.list();
    let path = &listing
        .sessions
        .iter()
        .find(|l| l.session.status == Status::Closed && l.session.clinician.len() > 3)
        .expect("the demo has closed sessions")
        .path;
    let text = fs::read_to_string(path).expect("session file reads");
    (path.clone(), text)
}

/// Saves a session, sealing it again if closed (as if brief had written it this way).
fn save_sealed(store: &Store, mut s: Session) -> PathBuf {
    if s.status == Status::Closed {
        s.content_hash = None;
        s.content_hash = Some(s.compute_hash().expect("seals"));
    }
    store.save_unsynced(&s).expect("session saves");
    store.path_for(&s.id)
}

#[test]
fn the_fast_scan_gives_the_reference_summaries_for_every_kind_of_file() {
    let (data, cache, store) = demo_folder(300);
    let set = protocols();
    let reference = scan::reference_scan(data.path());
    let count = |f: &dyn Fn(&brief::audit::SessionSummary) -> bool| {
        reference.summaries.iter().filter(|s| f(s)).count()
    };
    // The demo set covers the kinds of session the audit must get right.
    assert!(count(&|s| s.status == Status::Open) > 0, "open sessions");
    assert!(
        count(&|s| s.status == Status::Closed) > 0,
        "closed sessions"
    );
    assert!(count(&|s| s.amended()) > 0, "amended sessions");
    assert!(
        count(&|s| s
            .steps
            .iter()
            .any(|(_, o)| *o == StepOutcome::SkippedWithReason))
            > 0,
        "sessions with a skipped step"
    );
    assert!(
        count(&|s| s.steps.iter().any(|(_, o)| *o == StepOutcome::NotDone)) > 0,
        "sessions with a step not done"
    );
    assert!(
        count(&|s| s.instrument.as_deref().is_some_and(|i| i.contains(':'))) > 0,
        "ASSIST screenings with a substance"
    );
    assert!(
        count(&|s| s.zone.is_none()) > 0,
        "sessions without a screening"
    );

    // Files the fast extractor must hand to the full parse, or get exactly right.
    let sessions = data.path().join("sessions");
    let extra = sessions.join("extra");
    fs::create_dir_all(&extra).expect("extra folder");
    let (closed_path, closed_text) = a_closed_file(&store);
    let file = |name: &str, text: &str| {
        fs::write(extra.join(name), text).expect("extra file writes");
    };
    // Reformatted by hand: four-space indentation (still valid RON).
    file(
        "reformatted.ron",
        &closed_text.replace("\n ", "\n    ").replace('(', "( "),
    );
    // Edited after close: the seal no longer matches.
    let summary_line = closed_text
        .lines()
        .find(|l| l.starts_with(" summary: "))
        .expect("summary line");
    file(
        "tampered.ron",
        &closed_text.replace(summary_line, " summary: \"Changed outside brief\","),
    );
    // The hash line set to None, and removed altogether.
    let hash_line = closed_text
        .lines()
        .find(|l| l.starts_with(" content_hash: Some("))
        .expect("hash line");
    file(
        "hash-none.ron",
        &closed_text.replace(hash_line, " content_hash: None,"),
    );
    file(
        "hash-removed.ron",
        &closed_text.replace(&format!("\n{hash_line}"), ""),
    );
    // Version 0, migrated on reading.
    let v0 = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/v0_closed.ron");
    file("v0.ron", &fs::read_to_string(v0).expect("v0 fixture reads"));
    // Values that look right but that serde refuses: the file is unreadable either way.
    let entered = closed_text
        .lines()
        .find(|l| l.contains("entered: Some(\""))
        .expect("an entered time");
    file(
        "bad-date.ron",
        &closed_text.replacen(
            entered,
            "   entered: Some(\"2026-02-30T10:00:00+01:00\"),",
            1,
        ),
    );
    let age_line = closed_text
        .lines()
        .find(|l| l.starts_with("  age: "))
        .expect("age line");
    file(
        "bad-number.ron",
        &closed_text.replacen(age_line, "  age: Some(-3),", 1),
    );
    // A newer format version, garbage, an empty file, bytes that are not UTF-8.
    file(
        "newer.ron",
        &closed_text.replacen("version: 1,", "version: 2,", 1),
    );
    file("garbage.ron", "not a session at all");
    file("empty.ron", "");
    fs::write(extra.join("binary.ron"), [0xff, 0xfe, 0x28, 0x0a]).expect("binary file writes");
    // A copy elsewhere: the same id twice (the stable order must hold).
    fs::copy(&closed_path, extra.join("copy.ron")).expect("copy");
    // Escapes and non-ASCII text in kept and skipped values, sealed as brief would.
    let mut odd = demo::session(&set, 99, 1, end());
    odd.clinician = "c-o'neil \"the\" \\ müller".to_owned();
    odd.summary = "Said \"no\"\nthen left\ttab, é and e\u{301}".to_owned();
    odd.patient = "P-\u{7}bell".to_owned();
    save_sealed(&store, odd);
    let mut odd_open = demo::session(&set, 99, 2, end());
    odd_open.status = Status::Open;
    odd_open.closed = None;
    odd_open.clinician = "c-tab\there".to_owned();
    save_sealed(&store, odd_open);
    // Another offset.
    let west = DateTime::parse_from_rfc3339("2026-06-01T08:00:00.123-05:30").expect("time");
    save_sealed(&store, demo::session(&set, 5, 3, west));

    let reference = scan::reference_scan(data.path());
    // Each copy is judged on its own (the scan counts one file per session id).
    let tampered = |name: &str| {
        let path = extra.join(name);
        let text = fs::read_to_string(&path).ok()?;
        scan::summarize_text(path, &text).ok().map(|s| s.tampered())
    };
    assert_eq!(
        tampered("tampered.ron"),
        Some(true),
        "edited text is flagged"
    );
    assert_eq!(tampered("hash-none.ron"), Some(true), "hash set to None");
    assert_eq!(
        tampered("hash-removed.ron"),
        Some(true),
        "hash line removed"
    );
    assert_eq!(tampered("copy.ron"), Some(false), "an exact copy is intact");
    let copies = reference
        .duplicates
        .iter()
        .find(|d| d.counted == closed_path)
        .expect("the files holding one session are listed as duplicates");
    let mut others: Vec<String> = copies
        .others
        .iter()
        .filter_map(|p| p.file_name()?.to_str().map(str::to_owned))
        .collect();
    others.sort();
    assert_eq!(
        others,
        [
            "copy.ron",
            "hash-none.ron",
            "hash-removed.ron",
            "reformatted.ron",
            "tampered.ron"
        ],
        "the file named after the session is counted; the copies are listed, not counted"
    );
    assert!(
        reference
            .summaries
            .iter()
            .any(|s| s.id == "20230914-141500-5eed0000c0ffee01"),
        "the v0 file is read"
    );
    assert_eq!(
        reference.unreadable.len(),
        6,
        "bad date, bad number, newer, garbage, empty, binary: {:?}",
        reference.unreadable
    );

    let fast = uncached(data.path());
    assert_same(&fast, &reference, "no cache");
    assert_eq!(
        fast.files_read, reference.files_read,
        "without a cache every file is read"
    );
    let first = cached(data.path(), cache.path());
    assert_same(&first, &reference, "first cached scan");
    settle();
    let filled = cached(data.path(), cache.path());
    assert_same(&filled, &reference, "cache being filled");
    let from_cache = cached(data.path(), cache.path());
    assert_same(&from_cache, &reference, "everything from the cache");
    assert_eq!(
        from_cache.files_read,
        reference.unreadable.len(),
        "only the unreadable files are read again"
    );
    let parallel = scan::reference_scan_parallel(data.path());
    assert_same(&parallel, &reference, "parallel full parse");
}

/// A folder scanned twice through the cache (the second time nothing is read), for the
/// stale-cache tests.
fn warm_cache(n: u64) -> (TempDir, TempDir, Store) {
    let (data, cache, store) = demo_folder(n);
    settle();
    let first = cached(data.path(), cache.path());
    assert_eq!(
        first.files_read, n as usize,
        "an empty cache: every file is read"
    );
    let second = cached(data.path(), cache.path());
    assert_eq!(second.files_read, 0, "nothing changed: nothing is read");
    (data, cache, store)
}

fn mtime(path: &Path) -> SystemTime {
    fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("modification time")
}

/// Rewrites a file in place with one letter of the clinician id changed: same size.
fn rewrite_same_size(path: &Path) -> String {
    let text = fs::read_to_string(path).expect("file reads");
    let line = text
        .lines()
        .find(|l| l.starts_with(" clinician: \"c-"))
        .expect("clinician line");
    let changed = line.replacen("\"c-", "\"x-", 1);
    let new = text.replacen(line, &changed, 1);
    assert_eq!(new.len(), text.len(), "the rewrite keeps the size");
    fs::write(path, &new).expect("rewrite");
    changed
        .trim_start_matches(" clinician: \"")
        .trim_end_matches("\",")
        .to_owned()
}

#[test]
fn a_same_size_rewrite_with_the_old_modification_time_is_read_again() {
    let (data, cache, store) = warm_cache(40);
    let (path, _) = a_closed_file(&store);
    let before = fs::metadata(&path).expect("metadata");
    let clinician = rewrite_same_size(&path);
    fs::File::options()
        .write(true)
        .open(&path)
        .and_then(|f| f.set_modified(before.modified().expect("mtime")))
        .expect("modification time set back");
    let after = fs::metadata(&path).expect("metadata");
    assert_eq!(after.len(), before.len(), "same size");
    assert_eq!(
        mtime(&path),
        before.modified().expect("mtime"),
        "same mtime"
    );

    let got = cached(data.path(), cache.path());
    assert_same(&got, &uncached(data.path()), "after a same-size rewrite");
    assert_eq!(
        got.files_read, 1,
        "the rewritten file, and only it, is read"
    );
    let summary = got
        .summaries
        .iter()
        .find(|s| s.path == path)
        .expect("the rewritten session is listed");
    assert_eq!(summary.clinician, clinician, "the new clinician is counted");
    assert!(summary.tampered(), "the edit breaks the seal");
}

#[test]
fn a_same_second_rewrite_is_read_again() {
    let (data, cache, store) = demo_folder(20);
    let (path, text) = a_closed_file(&store);
    let second_of = |t: SystemTime| {
        t.duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .expect("clock after 1970")
    };
    // Write, scan, rewrite (same size, modification time put back) within one second; on a
    // busy machine that may take a few tries.
    for _ in 0..10 {
        fs::write(&path, &text).expect("write");
        // Start early in a second (file times come from a coarser clock that may lag a few
        // milliseconds).
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("clock after 1970");
        std::thread::sleep(Duration::from_nanos(
            1_020_000_000 - u64::from(now.subsec_nanos()),
        ));
        fs::write(&path, &text).expect("write");
        let written = mtime(&path);
        let first = cached(data.path(), cache.path());
        let first_uncached = uncached(data.path());
        let clinician = rewrite_same_size(&path);
        fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(written))
            .expect("modification time set back");
        if second_of(SystemTime::now()) != second_of(written) {
            continue;
        }
        assert_eq!(
            fs::metadata(&path).map(|m| m.len()).ok(),
            Some(text.len() as u64),
            "same size"
        );
        assert_same(&first, &first_uncached, "scan after the write");
        let got = cached(data.path(), cache.path());
        assert_same(&got, &uncached(data.path()), "after a same-second rewrite");
        assert!(got.files_read >= 1, "the rewritten file is read again");
        assert!(
            got.summaries
                .iter()
                .any(|s| s.path == path && s.clinician == clinician),
            "the new clinician is counted"
        );
        return;
    }
    panic!("could not write, scan and rewrite within one second in ten tries");
}

#[test]
fn a_deleted_file_leaves_the_figures() {
    let (data, cache, store) = warm_cache(40);
    let (path, _) = a_closed_file(&store);
    fs::remove_file(&path).expect("delete");
    let got = cached(data.path(), cache.path());
    assert_same(&got, &uncached(data.path()), "after a deletion");
    assert_eq!(got.summaries.len(), 39, "one session fewer");
    assert!(
        got.summaries.iter().all(|s| s.path != path),
        "the deleted session is gone"
    );
    assert_eq!(got.files_read, 0, "nothing else is read");
    let again = cached(data.path(), cache.path());
    assert_same(&again, &got, "the cache without the deleted file");
    assert_eq!(again.files_read, 0, "and nothing is read after");
}

#[test]
fn a_file_replaced_by_a_corrupt_one_is_unreadable_every_time() {
    let (data, cache, store) = warm_cache(40);
    let (path, _) = a_closed_file(&store);
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, "(\n version: 1,\n id: \"broken").expect("corrupt file");
    fs::rename(&tmp, &path).expect("replace");
    let got = cached(data.path(), cache.path());
    assert_same(&got, &uncached(data.path()), "after the corruption");
    assert_eq!(got.files_read, 1, "the replaced file is read");
    assert_eq!(got.summaries.len(), 39, "its summary is gone");
    assert!(
        got.unreadable.iter().any(|u| u.path == path),
        "it is reported unreadable"
    );
    settle();
    let again = cached(data.path(), cache.path());
    assert_same(&again, &got, "the next scan");
    assert_eq!(
        again.files_read, 1,
        "an unreadable file is never cached: it is read every time"
    );
}

#[test]
fn an_added_file_is_read_and_counted() {
    let (data, cache, store) = warm_cache(40);
    let set = protocols();
    let new = demo::session(&set, 8, 1000, end());
    let id = new.id.to_string();
    store.save_unsynced(&new).expect("new session saves");
    let got = cached(data.path(), cache.path());
    assert_same(&got, &uncached(data.path()), "after an addition");
    assert_eq!(got.files_read, 1, "only the new file is read");
    assert_eq!(got.summaries.len(), 41, "one session more");
    assert!(
        got.summaries.iter().any(|s| s.id == id),
        "the new session is listed"
    );
}

#[test]
fn the_cache_lives_outside_the_data_folder_owner_only() {
    let (data, cache, _store) = demo_folder(10);
    let bypass = scan::scan_with_cache_dir(data.path(), None);
    assert_eq!(bypass.files_read, 10, "no cache: every file read");
    assert_eq!(
        fs::read_dir(cache.path()).expect("cache folder").count(),
        0,
        "nothing written without a cache"
    );
    cached(data.path(), cache.path());
    let file = scan::cache_file(data.path(), cache.path()).expect("a cache file for the folder");
    assert!(file.is_file(), "the cache file is written");
    assert!(file.starts_with(cache.path()), "in the cache folder");
    let data_root = fs::canonicalize(data.path()).expect("canonical data folder");
    assert!(
        !fs::canonicalize(&file)
            .expect("canonical cache file")
            .starts_with(&data_root),
        "not in the data folder"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(&file).expect("metadata").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "owner-only cache file");
    }

    // A cache folder inside the data folder is refused: no cache at all.
    let inside = data.path().join("cache");
    assert!(
        scan::cache_file(data.path(), &inside).is_none(),
        "no cache file inside the data folder"
    );
    let got = scan::scan_with_cache_dir(data.path(), Some(&inside));
    assert_eq!(got.summaries.len(), 10, "the scan still works");
    assert!(!inside.exists(), "and writes nothing into the data folder");
}

#[test]
fn a_corrupt_cache_is_ignored_and_rebuilt() {
    let (data, cache, _store) = warm_cache(30);
    let file = scan::cache_file(data.path(), cache.path()).expect("cache file");
    let mut bytes = fs::read(&file).expect("cache reads");
    let middle = bytes.len() / 2;
    if let Some(b) = bytes.get_mut(middle) {
        *b ^= 0x20;
    }
    fs::write(&file, &bytes).expect("cache damaged");
    let got = cached(data.path(), cache.path());
    assert_same(&got, &uncached(data.path()), "with a damaged cache");
    assert_eq!(got.files_read, 30, "the damaged cache is not used");
    let again = cached(data.path(), cache.path());
    assert_eq!(again.files_read, 0, "the cache was rebuilt");

    fs::write(&file, b"brief-audit-sums but not really").expect("cache replaced");
    let got = cached(data.path(), cache.path());
    assert_same(&got, &uncached(data.path()), "with a foreign cache file");
    assert_eq!(got.files_read, 30, "the foreign file is not used");
}

#[test]
fn the_command_line_uses_the_cache_folder_and_no_cache_writes_none() {
    let (data, cache, _store) = demo_folder(10);
    let pins = tempfile::tempdir().expect("temp dir");
    let brief = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(args)
            .env("BRIEF_CACHE_DIR", cache.path())
            .env("BRIEF_PINS_DIR", pins.path())
            .output()
            .expect("brief runs");
        assert!(out.status.success(), "brief {args:?} succeeds: {out:?}");
        String::from_utf8(out.stdout).expect("UTF-8 output")
    };
    let dir = data.path().to_str().expect("UTF-8 temp path");
    let bypassed = brief(&["audit", dir, "--format", "csv", "--no-cache"]);
    assert_eq!(
        fs::read_dir(cache.path()).expect("cache folder").count(),
        0,
        "--no-cache writes no cache"
    );
    let with_cache = brief(&["audit", dir, "--format", "csv"]);
    let file = scan::cache_file(data.path(), cache.path()).expect("cache file");
    assert!(
        file.is_file(),
        "the audit writes its cache in BRIEF_CACHE_DIR"
    );
    assert_eq!(with_cache, bypassed, "the same report either way");
    assert_eq!(
        fs::read_dir(data.path())
            .expect("data folder")
            .flatten()
            .map(|e| e.file_name())
            .collect::<Vec<_>>(),
        vec![std::ffi::OsString::from("sessions")],
        "nothing added to the data folder"
    );
}
