//! The session store: crash safety, bad files, a read-only folder, autosave, the edit lock,
//! permissions and the version-0 migration.
//!
//! Two tests (`crash_child`, `lock_child`) are the child processes of other tests: they do
//! nothing unless their environment variable is set, and the parent tests run this same test
//! binary (`std::env::current_exe()`) with that variable.

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use brief::scoring::Profile;
use brief::session::{
    Change, CoverageSource, ProtocolRef, ReadinessEntry, Session, SessionId, Status, StepState,
    Timestamp,
};
use brief::store::{self, Autosave, Store, StoreError, read_session};
use chrono::DateTime;

/// 2025-03-04 09:12:00 at UTC-5, plus `secs` seconds.
fn t(secs: i64) -> Timestamp {
    DateTime::parse_from_rfc3339("2025-03-04T09:12:00-05:00").expect("fixed time parses")
        + chrono::Duration::seconds(secs)
}

fn session_with_id(id: SessionId, clinician: &str) -> Session {
    Session::new(
        id,
        clinician,
        "P-00001",
        Profile::default(),
        ProtocolRef {
            id: "brief_intervention".to_owned(),
            version: "1.0.0".to_owned(),
        },
        t(0),
    )
}

/// A small open session with a few changes, id fixed by `n`.
fn sample_session(n: u64) -> Session {
    let id = SessionId::from_parts(t(n as i64 * 3600).to_utc(), 0xabcd_0000 + n);
    let mut s = session_with_id(id, &format!("c-sample-{n}"));
    s.apply(
        Change::Cover {
            component: "empathy".to_owned(),
            step: "introduce".to_owned(),
            source: CoverageSource::Prompt("introduce.ask_everyone".to_owned()),
            note: None,
        },
        t(30),
    )
    .expect("cover applies");
    s.apply(Change::SetSummary(format!("sample {n}")), t(60))
        .expect("summary applies");
    s
}

/// A tiny xorshift generator, seeded from the clock (printed, to replay a failure).
struct XorShift(u64);

impl XorShift {
    fn from_time() -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9e37_79b9, |d| d.as_nanos() as u64);
        let seed = nanos | 1;
        eprintln!("xorshift seed {seed}");
        Self(seed)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Makes a folder unwritable for the test and writable again when dropped.
///
/// `chmod 0500` is enough for a normal user; root ignores mode bits, so then the folder is
/// also made immutable with `chattr +i` (undone with `chattr -i`).
struct Unwritable {
    dir: PathBuf,
    immutable: bool,
}

impl Unwritable {
    /// `None` (with a note on stderr) when the folder cannot be made unwritable here.
    #[cfg(unix)]
    fn make(dir: &Path) -> Option<Self> {
        use std::os::unix::fs::PermissionsExt as _;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o500)).expect("chmod 0500");
        let mut guard = Self {
            dir: dir.to_path_buf(),
            immutable: false,
        };
        if !guard.probe_writable() {
            return Some(guard);
        }
        // Running as root: mode bits are ignored.
        guard.immutable = Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        if guard.immutable && !guard.probe_writable() {
            return Some(guard);
        }
        eprintln!(
            "note: cannot make {} unwritable here (root without chattr?); skipping the read-only part",
            dir.display()
        );
        None
    }

    #[cfg(not(unix))]
    fn make(dir: &Path) -> Option<Self> {
        eprintln!(
            "note: no read-only folder test on this platform ({})",
            dir.display()
        );
        None
    }

    fn probe_writable(&self) -> bool {
        let probe = self.dir.join(".write-probe");
        match fs::File::create(&probe) {
            Ok(_) => {
                fs::remove_file(&probe).ok();
                true
            }
            Err(_) => false,
        }
    }

    fn restore(&mut self) {
        if self.immutable {
            let undone = Command::new("chattr")
                .arg("-i")
                .arg(&self.dir)
                .status()
                .is_ok_and(|s| s.success());
            self.immutable = !undone;
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700)).ok();
        }
    }
}

impl Drop for Unwritable {
    fn drop(&mut self) {
        self.restore();
    }
}

/// Every file under `dir`, recursively.
fn all_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .expect("utf-8 file name")
}

// ---------------------------------------------------------------------------------------------
// Crash test
// ---------------------------------------------------------------------------------------------

const CRASH_ENV: &str = "BRIEF_CRASH_CHILD_DIR";
const CRASH_SESSIONS: usize = 3;
const CRASH_KILLS: usize = 200;

fn crash_ids() -> Vec<SessionId> {
    (0..CRASH_SESSIONS as u64)
        .map(|i| SessionId::from_parts(t(0).to_utc(), 0xc4a5_0000_0000_0000 + i))
        .collect()
}

/// The counter in a summary written by the crash child (`rev N`).
fn summary_counter(summary: &str) -> Option<u64> {
    summary.strip_prefix("rev ")?.parse().ok()
}

/// The crash test's child: applies and saves changes in a loop until it is killed, printing
/// `ack <session> <n>` after each completed save.
#[test]
fn crash_child() {
    let Some(dir) = std::env::var_os(CRASH_ENV) else {
        return;
    };
    let store = Store::open(Path::new(&dir)).expect("child opens the data folder");
    let ids = crash_ids();
    // The locks of a killed child must be released by the OS.
    let _locks: Vec<_> = ids
        .iter()
        .map(|id| {
            store
                .lock(id)
                .unwrap_or_else(|e| panic!("lock of {id} is free after a kill: {e}"))
        })
        .collect();
    let mut sessions = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        match store.load(id) {
            Ok(s) => sessions.push(s),
            Err(StoreError::NotFound(_)) => {
                let s = session_with_id(id.clone(), &format!("c-crash-{i}"));
                store.save(&s).expect("child saves a new session");
                sessions.push(s);
            }
            Err(e) => panic!("session {id} does not load after a kill: {e}"),
        }
    }
    let mut n = sessions
        .iter()
        .filter_map(|s| summary_counter(&s.summary))
        .max()
        .map_or(0, |m| m + 1);
    let mut out = std::io::stdout().lock();
    // The test harness has printed "test crash_child ... " without a newline: end that line.
    writeln!(out, "\nready {n}").expect("stdout");
    out.flush().expect("stdout");
    loop {
        let i = (n % CRASH_SESSIONS as u64) as usize;
        let s = &mut sessions[i];
        let now = t(n as i64);
        s.apply(Change::SetSummary(format!("rev {n}")), now)
            .expect("summary applies");
        if n.is_multiple_of(10) {
            s.apply(
                Change::AddReadiness(ReadinessEntry {
                    note: n.to_string(),
                    ..ReadinessEntry::default()
                }),
                now,
            )
            .expect("readiness applies");
        }
        store.save(s).expect("child saves");
        writeln!(out, "ack {i} {n}").expect("stdout");
        out.flush().expect("stdout");
        n += 1;
    }
}

#[cfg(unix)]
#[test]
fn killed_saver_never_loses_an_acknowledged_change() {
    use std::os::unix::process::ExitStatusExt as _;

    let started = Instant::now();
    let data = tempfile::tempdir().expect("temp dir");
    let store = Store::open(data.path()).expect("store opens");
    let ids = crash_ids();
    let exe = std::env::current_exe().expect("test binary path");
    let mut rng = XorShift::from_time();

    let mut last_ack: [Option<u64>; CRASH_SESSIONS] = [None; CRASH_SESSIONS];
    let mut acked_notes: [BTreeSet<u64>; CRASH_SESSIONS] = Default::default();
    let mut highest_ack: Option<u64> = None;
    let mut total_acks = 0usize;
    let mut runs_with_acks = 0usize;
    let mut runs_ready = 0usize;

    for kill in 1..=CRASH_KILLS {
        let mut child = Command::new(&exe)
            .args(["crash_child", "--exact", "--nocapture", "--test-threads=1"])
            .env(CRASH_ENV, data.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("child starts");
        let stdout = child.stdout.take().expect("child stdout");
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                // A line cut by the kill is not an acknowledgement.
                if line.ends_with('\n') && tx.send(line.trim_end().to_owned()).is_err() {
                    break;
                }
                line.clear();
            }
        });
        let mut lines = Vec::new();
        // The kill lands 0–30 ms after one of three moments, in turn: the start (loading,
        // locking, creating), the child being ready, or its first acknowledged save (so that
        // even on a slow disk many kills hit the save loop).
        let wait_for = match kill % 3 {
            0 => None,
            1 => Some("ready "),
            _ => Some("ack "),
        };
        if let Some(prefix) = wait_for {
            let deadline = Instant::now() + Duration::from_secs(10);
            while let Ok(line) = rx.recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                let seen = line.starts_with(prefix);
                lines.push(line);
                if seen {
                    break;
                }
            }
        }
        std::thread::sleep(Duration::from_millis(rng.below(31)));
        child.kill().expect("kill the child");
        let status = child.wait().expect("wait for the child");
        reader.join().expect("reader thread");
        lines.extend(rx.try_iter());
        let mut stderr = String::new();
        if let Some(mut e) = child.stderr.take() {
            e.read_to_string(&mut stderr).ok();
        }
        assert_eq!(
            status.signal(),
            Some(9),
            "kill {kill}: the child must die of SIGKILL, not exit by itself ({status}); stderr:\n{stderr}"
        );

        let mut acks_this_run = 0;
        let mut ready = false;
        for line in &lines {
            let mut words = line.split_whitespace();
            match words.next() {
                Some("ready") => {
                    ready = true;
                    let start: u64 = words.next().and_then(|w| w.parse().ok()).expect("ready n");
                    if let Some(h) = highest_ack {
                        assert!(
                            start > h,
                            "kill {kill}: the child resumed at {start} but {h} was acknowledged: an acknowledged change was not on disk"
                        );
                    }
                }
                Some("ack") => {
                    assert!(
                        ready,
                        "kill {kill}: an ack before the child said it was ready"
                    );
                    let i: usize = words.next().and_then(|w| w.parse().ok()).expect("ack i");
                    let n: u64 = words.next().and_then(|w| w.parse().ok()).expect("ack n");
                    assert!(
                        highest_ack.is_none_or(|h| n > h),
                        "kill {kill}: acks only grow ({n} after {highest_ack:?})"
                    );
                    highest_ack = Some(n);
                    last_ack[i] = Some(n);
                    if n.is_multiple_of(10) {
                        acked_notes[i].insert(n);
                    }
                    acks_this_run += 1;
                }
                _ => {}
            }
        }
        total_acks += acks_this_run;
        if ready {
            runs_ready += 1;
        }
        if acks_this_run > 0 {
            runs_with_acks += 1;
        }

        // Every session file loads and holds every acknowledged change.
        let mut existing = 0;
        for (i, id) in ids.iter().enumerate() {
            let path = store.path_for(id);
            if !path.exists() {
                assert!(
                    last_ack[i].is_none(),
                    "kill {kill}: session {i} was acknowledged but its file is gone"
                );
                continue;
            }
            existing += 1;
            let s = read_session(&path).unwrap_or_else(|e| {
                panic!(
                    "kill {kill}: session file {} does not load: {e}",
                    path.display()
                )
            });
            if let Some(acked) = last_ack[i] {
                let on_disk = summary_counter(&s.summary);
                assert!(
                    on_disk.is_some_and(|c| c >= acked),
                    "kill {kill}: session {i} has summary {:?} but rev {acked} was acknowledged",
                    s.summary
                );
            }
            let notes: BTreeSet<u64> = s
                .readiness
                .iter()
                .filter_map(|r| r.note.parse().ok())
                .collect();
            let lost: Vec<_> = acked_notes[i].difference(&notes).collect();
            assert!(
                lost.is_empty(),
                "kill {kill}: session {i} lost acknowledged readiness notes {lost:?}"
            );
        }
        let listing = store.list();
        assert!(
            listing.unreadable.is_empty(),
            "kill {kill}: unreadable files after a kill: {:?}",
            listing.unreadable
        );
        assert_eq!(
            listing.sessions.len(),
            existing,
            "kill {kill}: the listing shows exactly the session files"
        );
    }

    // Only the three sessions are `*.ron` files; temporary files are dot-files.
    let sessions: BTreeSet<String> = ids.iter().map(|id| format!("{id}.ron")).collect();
    let files = all_files(&store.sessions_dir());
    let stray: Vec<_> = files
        .iter()
        .filter(|p| {
            let name = file_name(p);
            p.extension().is_some_and(|e| e == "ron") && !sessions.contains(name)
        })
        .collect();
    assert!(stray.is_empty(), "no other .ron files: {stray:?}");
    let temps = files
        .iter()
        .filter(|p| file_name(p).starts_with('.'))
        .count();
    let listing = store.list();
    assert_eq!(
        listing.sessions.len(),
        3,
        "the listing shows the 3 sessions"
    );
    assert!(
        listing.unreadable.is_empty(),
        "and no unreadable file: {:?}",
        listing.unreadable
    );
    assert!(
        runs_with_acks >= CRASH_KILLS / 4,
        "the kills must land while the child saves ({runs_with_acks} of {CRASH_KILLS} runs acknowledged a save)"
    );
    eprintln!(
        "crash test: {CRASH_KILLS} kills, {total_acks} acks ({runs_ready} runs got to ready, {runs_with_acks} runs with acks), highest ack {highest_ack:?}, {temps} leftover temp files, {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

// ---------------------------------------------------------------------------------------------
// Bad files
// ---------------------------------------------------------------------------------------------

#[test]
fn listing_reports_bad_files_leaves_them_untouched_and_lists_the_good_ones() {
    let data = tempfile::tempdir().expect("temp dir");
    let store = Store::open(data.path()).expect("store opens");
    let mut good: Vec<Session> = (0..3).map(sample_session).collect();
    for s in &good {
        store.save(s).expect("good session saves");
    }
    let first = store.path_for(&good[0].id);
    let month = first.parent().expect("month folder").to_path_buf();
    let good_bytes = fs::read(&first).expect("saved file");

    let mut rng = XorShift::from_time();
    let mut random: Vec<u8> = (0..512).map(|_| rng.next() as u8).collect();
    random[0] = 0xff; // never valid UTF-8
    let mut newer = sample_session(7);
    newer.summary = "from the future".to_owned();
    let newer_text =
        store::to_ron(&newer)
            .expect("writes")
            .replacen("version: 1,", "version: 99,", 1);
    assert!(newer_text.contains("version: 99,"), "version replaced");

    // (file, bytes, a word its reason must contain)
    let bad: Vec<(PathBuf, Vec<u8>, &[&str])> = vec![
        (
            month.join("truncated-copy.ron"),
            good_bytes[..good_bytes.len() / 2].to_vec(),
            &["not a readable session file"],
        ),
        (
            month.join("garbage.ron"),
            random,
            &["not a readable session file", "UTF-8"],
        ),
        (
            month.join("empty.ron"),
            Vec::new(),
            &["not a readable session file"],
        ),
        (
            month.join("notes.ron"),
            b"not ron at all\n".to_vec(),
            &["not a readable session file"],
        ),
        (
            store
                .sessions_dir()
                .join("2031")
                .join("01")
                .join("newer.ron"),
            newer_text.into_bytes(),
            &["99", "newer"],
        ),
    ];
    for (path, bytes, _) in &bad {
        fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        fs::write(path, bytes).expect("bad file written");
    }

    let mut want: Vec<SessionId> = good.iter().map(|s| s.id.clone()).collect();
    want.sort();
    let check = |when: &str| {
        let listing = store.list();
        let ids: Vec<SessionId> = listing
            .sessions
            .iter()
            .map(|l| l.session.id.clone())
            .collect();
        assert_eq!(ids, want, "{when}: the three good sessions are listed");
        assert_eq!(
            listing.unreadable.len(),
            bad.len(),
            "{when}: every bad file is reported: {:?}",
            listing.unreadable
        );
        for (path, bytes, words) in &bad {
            let report = listing
                .unreadable
                .iter()
                .find(|u| &u.path == path)
                .unwrap_or_else(|| panic!("{when}: {} is reported", path.display()));
            for word in *words {
                assert!(
                    report.reason.contains(word),
                    "{when}: the reason for {} mentions {word:?}: {}",
                    path.display(),
                    report.reason
                );
            }
            assert_eq!(
                &fs::read(path).expect("bad file still there"),
                bytes,
                "{when}: {} is byte-for-byte unchanged",
                path.display()
            );
        }
    };
    check("after listing");
    check("after listing twice");

    for s in &mut good {
        s.apply(Change::SetSummary("saved again".to_owned()), t(600))
            .expect("applies");
        store.save(s).expect("good session saves again");
    }
    check("after saving the good sessions");
    let summaries: Vec<String> = store
        .list()
        .sessions
        .into_iter()
        .map(|l| l.session.summary)
        .collect();
    assert_eq!(
        summaries,
        vec!["saved again"; 3],
        "the good sessions were saved"
    );
}

#[test]
fn loading_a_missing_or_newer_session_says_why() {
    let data = tempfile::tempdir().expect("temp dir");
    let store = Store::open(data.path()).expect("store opens");
    let s = sample_session(1);
    let err = store.load(&s.id).expect_err("nothing saved yet");
    assert!(
        matches!(err, StoreError::NotFound(_)),
        "a missing session is NotFound: {err}"
    );
    let path = store.path_for(&s.id);
    fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    fs::write(
        &path,
        store::to_ron(&s)
            .expect("writes")
            .replacen("version: 1,", "version: 99,", 1),
    )
    .expect("written");
    let message = store.load(&s.id).expect_err("a newer file").to_string();
    assert!(
        message.contains("99") && message.contains("newer") && message.contains("update brief"),
        "the message explains a newer version: {message}"
    );
}

#[test]
fn session_file_with_a_path_for_an_id_cannot_write_outside_the_data_folder() {
    let tmp = tempfile::tempdir().expect("temp dir");
    // Deep enough that the escape still lands inside the temp dir.
    let root = tmp.path().join("a/b/c/d/data");
    let store = Store::open(&root).expect("store opens");
    let s = sample_session(5);
    let path = store.path_for(&s.id);
    let text = store::to_ron(&s)
        .expect("writes")
        .replace(s.id.as_str(), "../../../escaped");
    fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    fs::write(&path, &text).expect("written");

    match read_session(&path) {
        Err(e) => {
            let listing = store.list();
            assert_eq!(
                listing.unreadable.len(),
                1,
                "a file whose id is not an id is reported: {e}"
            );
        }
        Ok(loaded) => {
            let mut loaded = loaded;
            loaded
                .apply(Change::SetSummary("saved again".to_owned()), t(600))
                .expect("applies");
            store.save(&loaded).ok();
            drop(store.lock(&loaded.id));
            let outside: Vec<_> = all_files(tmp.path())
                .into_iter()
                .filter(|p| !p.starts_with(store.sessions_dir()))
                .collect();
            assert!(
                outside.is_empty(),
                "saving a session never writes outside the sessions folder: {outside:?}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Version 0
// ---------------------------------------------------------------------------------------------

fn v0_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sessions/v0_closed.ron")
}

#[test]
fn version_0_file_loads_and_migrates_to_version_1() {
    let s = read_session(&v0_fixture()).expect("the v0 fixture loads");
    let started = DateTime::parse_from_rfc3339("2023-09-14T16:15:00+02:00").expect("time");
    let finished = DateTime::parse_from_rfc3339("2023-09-14T16:27:30+02:00").expect("time");
    assert_eq!(s.version, 1, "migrated to format 1");
    assert_eq!(
        s.id.as_str(),
        "20230914-141500-5eed0000c0ffee01",
        "the id is kept"
    );
    assert_eq!(
        (s.clinician.as_str(), s.patient.as_str()),
        ("c-legacy", "P-00042"),
        "clinician and patient are kept"
    );
    assert_eq!(
        s.protocol.id, "brief_intervention",
        "the protocol id is kept"
    );
    assert_eq!(s.created, started, "started becomes created");
    assert_eq!(s.closed, Some(finished), "finished becomes closed");
    assert_eq!(s.status, Status::Closed, "a finished v0 session is closed");
    assert_eq!(s.minutes(finished), 12, "12 minutes long");

    let delivered: Vec<&str> = s.coverage.iter().map(|e| e.component.as_str()).collect();
    assert_eq!(
        delivered,
        vec!["feedback", "empathy", "advice"],
        "one coverage event per v0 component, in order"
    );
    for e in &s.coverage {
        assert_eq!(
            e.source,
            CoverageSource::ByHand,
            "v0 components become ticks by hand"
        );
        assert_eq!(e.time, started, "at the start time");
        assert!(
            e.note.as_deref().is_some_and(|n| n.contains("format 0")),
            "the note says it was migrated: {:?}",
            e.note
        );
    }

    assert_eq!(
        s.readiness.len(),
        1,
        "one readiness entry from the v0 stage"
    );
    let r = &s.readiness[0];
    assert_eq!(
        r.stage.as_deref(),
        Some("contemplation"),
        "the stage is kept"
    );
    assert_eq!(
        r.note, "Wants to cut down before the holidays",
        "the stage notes become the note"
    );
    assert_eq!(r.time, Some(started), "at the start time");
    assert_eq!(
        (r.importance, r.confidence, r.readiness),
        (None, None, None),
        "v0 had no rulers"
    );

    let states: Vec<(&str, &StepState)> = s
        .steps
        .iter()
        .map(|st| (st.step.as_str(), &st.state))
        .collect();
    assert_eq!(
        states,
        vec![
            ("introduce", &StepState::Done),
            ("screen", &StepState::Done),
            ("feedback", &StepState::Done),
            ("goals", &StepState::NotStarted),
            ("closure", &StepState::NotStarted),
        ],
        "steps done in v0 are done"
    );
    assert_eq!(s.steps_done(), 3, "three steps done");
    assert_eq!(
        s.summary, "AUDIT-C 5, advised cutting down; leaflet given.",
        "the summary is kept"
    );
    let (_, seal) = store::read_checked(&v0_fixture()).expect("the v0 fixture loads");
    assert_eq!(
        seal,
        brief::session::Seal::Legacy,
        "a closed version-0 session had no seal: nothing to check, nothing flagged"
    );
}

#[test]
fn version_0_without_a_version_field_also_migrates() {
    let text = fs::read_to_string(v0_fixture()).expect("fixture");
    let without = text.replace("    version: 0,\n", "");
    assert_ne!(without, text, "the version line was removed");
    let with_version = store::parse_session(Path::new("v0.ron"), &text).expect("parses");
    let without_version = store::parse_session(Path::new("v0.ron"), &without).expect("parses");
    assert_eq!(
        without_version, with_version,
        "a file without a version is version 0"
    );
}

#[test]
fn migrated_session_saves_as_version_1_and_loads_back_equal() {
    let data = tempfile::tempdir().expect("temp dir");
    let store = Store::open(data.path()).expect("store opens");
    let fixture_bytes = fs::read(v0_fixture()).expect("fixture");
    let s = read_session(&v0_fixture()).expect("the v0 fixture loads");
    store.save(&s).expect("saves");
    let path = store.path_for(&s.id);
    assert!(
        path.ends_with("sessions/2023/09/20230914-141500-5eed0000c0ffee01.ron"),
        "stored under its year and month: {}",
        path.display()
    );
    let text = fs::read_to_string(&path).expect("saved");
    assert!(text.contains("version: 1"), "saved as version 1");
    let back = read_session(&path).expect("loads");
    assert_eq!(back, s, "the migrated session loads back equal");
    let (_, seal) = store::read_checked(&path).expect("loads");
    assert_eq!(seal, brief::session::Seal::Intact, "and is sealed, intact");
    assert_eq!(
        fs::read(v0_fixture()).expect("fixture"),
        fixture_bytes,
        "loading never rewrites the v0 file"
    );
}

#[test]
fn open_version_0_session_migrates_open_without_a_hash() {
    let text = fs::read_to_string(v0_fixture()).expect("fixture");
    let open_text = text.replace("    finished: Some(\"2023-09-14T16:27:30+02:00\"),\n", "");
    assert_ne!(open_text, text, "the finished line was removed");
    let s = store::parse_session(Path::new("open-v0.ron"), &open_text).expect("parses");
    assert_eq!(s.status, Status::Open, "an unfinished v0 session is open");
    assert_eq!(s.closed, None, "not closed");
    assert_eq!(s.content_hash, None, "no hash while open");
    let (_, seal) = store::parse_checked(Path::new("open-v0.ron"), &open_text).expect("parses");
    assert_eq!(
        seal,
        brief::session::Seal::Open,
        "open sessions carry no seal"
    );
}

// ---------------------------------------------------------------------------------------------
// Read-only data folder and autosave
// ---------------------------------------------------------------------------------------------

#[test]
fn save_to_a_read_only_folder_fails_clearly_and_keeps_both_versions_intact() {
    let data = tempfile::tempdir().expect("temp dir");
    let store = Store::open(data.path()).expect("store opens");
    let mut s = sample_session(1);
    store.save(&s).expect("first save");
    let path = store.path_for(&s.id);
    let month = path.parent().expect("month folder").to_path_buf();
    let old_bytes = fs::read(&path).expect("saved");

    let Some(mut guard) = Unwritable::make(&month) else {
        return;
    };
    s.apply(
        Change::SetSummary("changed while the folder is read-only".to_owned()),
        t(120),
    )
    .expect("applies in memory");
    let in_memory = s.clone();
    let err = store
        .save(&s)
        .expect_err("saving into a read-only folder fails");
    let message = err.to_string();
    assert!(
        message.contains("cannot write"),
        "the error says it cannot write: {message}"
    );
    assert!(
        message.contains(&month.display().to_string()),
        "the error names the folder {}: {message}",
        month.display()
    );
    assert_eq!(s, in_memory, "the session in memory is intact");
    assert_eq!(
        s.summary, "changed while the folder is read-only",
        "and still has the change"
    );
    assert_eq!(
        fs::read(&path).expect("old file still there"),
        old_bytes,
        "the file on disk is the old version"
    );

    guard.restore();
    store.save(&s).expect("saving works again once writable");
    assert_eq!(
        read_session(&path).expect("loads"),
        s,
        "the file now has the change"
    );
    let leftovers: Vec<_> = all_files(&month)
        .into_iter()
        .filter(|p| file_name(p).starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files are left: {leftovers:?}"
    );
}

/// One millisecond less than `d`.
fn just_under(d: Duration) -> Duration {
    d.checked_sub(Duration::from_millis(1))
        .expect("longer than 1 ms")
}

#[test]
fn autosave_waits_for_a_quiet_moment_but_never_longer_than_max_delay() {
    let mut a = Autosave::default();
    let t0 = Instant::now();
    let ms = Duration::from_millis;
    assert!(!a.is_dirty(), "nothing to save at first");
    assert!(!a.due(t0 + ms(5000)), "nothing is due without a change");
    assert_eq!(a.next_due_in(t0), None, "no save scheduled");

    a.changed(t0);
    assert!(a.is_dirty(), "a change makes it dirty");
    assert!(!a.due(t0), "not due right after the change");
    assert!(
        !a.due(t0 + just_under(Autosave::DEBOUNCE)),
        "not due before the debounce time"
    );
    assert!(
        a.due(t0 + Autosave::DEBOUNCE),
        "due once the debounce time has passed"
    );
    assert_eq!(
        a.next_due_in(t0),
        Some(Autosave::DEBOUNCE),
        "the next save is one debounce away"
    );

    // Edits every 100 ms never leave a quiet moment; MAX_DELAY still forces a save.
    let mut now = t0;
    while now + ms(100) < t0 + Autosave::MAX_DELAY {
        now += ms(100);
        a.changed(now);
        assert!(!a.due(now), "not due while edits keep coming");
    }
    assert!(
        a.due(t0 + Autosave::MAX_DELAY),
        "due at MAX_DELAY after the first unsaved change"
    );
    assert!(
        Autosave::MAX_DELAY < Duration::from_secs(1),
        "every change is on disk within a second"
    );
}

#[test]
fn autosave_reports_a_failed_save_keeps_the_session_dirty_and_retries_later() {
    let data = tempfile::tempdir().expect("temp dir");
    let store = Store::open(data.path()).expect("store opens");
    let mut s = sample_session(2);
    let mut a = Autosave::default();
    let t0 = Instant::now();
    let ms = Duration::from_millis;

    a.changed(t0);
    assert_eq!(
        a.save_if_due(&store, &s, t0),
        Ok(false),
        "nothing saved before it is due"
    );
    let path = store.path_for(&s.id);
    assert!(!path.exists(), "no file before the first save is due");
    let t1 = t0 + Autosave::DEBOUNCE;
    assert_eq!(a.save_if_due(&store, &s, t1), Ok(true), "saved once due");
    assert!(!a.is_dirty(), "clean after a save");
    assert_eq!(
        read_session(&path).expect("loads"),
        s,
        "the file has the session"
    );
    let month = path.parent().expect("month folder").to_path_buf();
    let old_bytes = fs::read(&path).expect("saved");

    let Some(mut guard) = Unwritable::make(&month) else {
        return;
    };
    let t2 = t1 + ms(1000);
    s.apply(Change::SetSummary("autosaved later".to_owned()), t(300))
        .expect("applies");
    a.changed(t2);
    let t3 = t2 + Autosave::DEBOUNCE;
    let err = a
        .save_if_due(&store, &s, t3)
        .expect_err("the save into a read-only folder fails");
    assert!(err.contains("cannot write"), "the error is reported: {err}");
    assert!(a.is_dirty(), "still dirty after a failed save");
    assert_eq!(
        a.error(),
        Some(err.as_str()),
        "the error is kept for display"
    );
    assert_eq!(
        s.summary, "autosaved later",
        "the session in memory is intact"
    );
    assert_eq!(
        fs::read(&path).expect("old file"),
        old_bytes,
        "the file is the old version"
    );
    assert!(
        !a.due(t3 + just_under(Autosave::RETRY)),
        "not due again before RETRY has passed"
    );
    assert_eq!(
        a.save_if_due(&store, &s, t3 + just_under(Autosave::RETRY)),
        Ok(false),
        "no attempt before RETRY"
    );
    assert_eq!(
        a.next_due_in(t3),
        Some(Autosave::RETRY),
        "the retry is scheduled RETRY after the failure"
    );
    let t4 = t3 + Autosave::RETRY;
    assert!(a.due(t4), "due again once RETRY has passed");

    guard.restore();
    assert_eq!(
        a.save_if_due(&store, &s, t4),
        Ok(true),
        "the retry succeeds once writable"
    );
    assert!(!a.is_dirty(), "clean after the retry");
    assert_eq!(a.error(), None, "the error is cleared");
    assert_eq!(
        read_session(&path).expect("loads").summary,
        "autosaved later",
        "the file has the change"
    );
}

// ---------------------------------------------------------------------------------------------
// Edit lock
// ---------------------------------------------------------------------------------------------

const LOCK_DIR_ENV: &str = "BRIEF_LOCK_CHILD_DIR";
const LOCK_ID_ENV: &str = "BRIEF_LOCK_CHILD_ID";

/// The lock test's child: tries to take the edit lock and says what happened.
#[test]
fn lock_child() {
    let (Some(dir), Ok(id)) = (std::env::var_os(LOCK_DIR_ENV), std::env::var(LOCK_ID_ENV)) else {
        return;
    };
    let store = Store::open(Path::new(&dir)).expect("child opens the data folder");
    let id = SessionId::parse(&id).expect("a session id");
    match store.lock(&id) {
        Ok(_lock) => println!("child-result: locked"),
        Err(e) => println!("child-result: refused: {e}"),
    }
}

fn run_lock_child(dir: &Path, id: &SessionId) -> String {
    let out = Command::new(std::env::current_exe().expect("test binary"))
        .args(["lock_child", "--exact", "--nocapture", "--test-threads=1"])
        .env(LOCK_DIR_ENV, dir)
        .env(LOCK_ID_ENV, id.as_str())
        .output()
        .expect("child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the lock child ran cleanly: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
        .lines()
        .find_map(|l| l.split_once("child-result: ").map(|(_, r)| r))
        .unwrap_or_else(|| panic!("the child reported a result: {stdout}"))
        .to_owned()
}

#[test]
fn second_process_is_refused_the_edit_lock_with_a_clear_message() {
    let data = tempfile::tempdir().expect("temp dir");
    let store = Store::open(data.path()).expect("store opens");
    let s = sample_session(3);
    store.save(&s).expect("saves");

    let lock = store.lock(&s.id).expect("the first process takes the lock");
    let result = run_lock_child(data.path(), &s.id);
    assert!(
        result.starts_with("refused: "),
        "the second process is refused: {result}"
    );
    assert!(
        result.contains("open for editing in another brief process"),
        "the message says why: {result}"
    );
    assert!(
        result.contains(&format!("pid {}", std::process::id())),
        "the message names the holder's pid {}: {result}",
        std::process::id()
    );
    assert!(
        result.contains(s.id.as_str()),
        "the message names the session: {result}"
    );

    drop(lock);
    let result = run_lock_child(data.path(), &s.id);
    assert_eq!(
        result, "locked",
        "once the first process lets go, another process can lock it"
    );
    let listing = store.list();
    assert_eq!(
        (listing.sessions.len(), listing.unreadable.len()),
        (1, 0),
        "lock files are not listed as sessions or bad files: {:?}",
        listing.unreadable
    );
}

// ---------------------------------------------------------------------------------------------
// Permissions
// ---------------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn session_files_are_0600_and_folders_0700() {
    use std::os::unix::fs::PermissionsExt as _;
    let mode = |p: &Path| fs::metadata(p).expect("exists").permissions().mode() & 0o777;

    let parent = tempfile::tempdir().expect("temp dir");
    let root = parent.path().join("data");
    let store = Store::open(&root).expect("store opens");
    let s = sample_session(4);
    store.save(&s).expect("saves");
    let path = store.path_for(&s.id);
    let month = path.parent().expect("month").to_path_buf();
    let year = month.parent().expect("year").to_path_buf();

    assert_eq!(mode(&path), 0o600, "the session file is 0600");
    for dir in [&root, &store.sessions_dir(), &year, &month] {
        assert_eq!(mode(dir), 0o700, "{} is 0700", dir.display());
    }

    let other = sample_session(40);
    store.save_unsynced(&other).expect("saves unsynced");
    assert_eq!(
        mode(&store.path_for(&other.id)),
        0o600,
        "a file saved without fsync is 0600 too"
    );
    let lock = store.lock(&s.id).expect("locks");
    assert_eq!(
        mode(&store.path_for(&s.id).with_extension("lock")),
        0o600,
        "the lock file is 0600"
    );
    drop(lock);
}

#[test]
fn the_start_view_listing_reads_only_the_most_recent_months() {
    use brief::scoring::Profile;
    use brief::session::{ProtocolRef, Session, SessionId};
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let pref = ProtocolRef {
        id: "brief_intervention".to_owned(),
        version: "1.0.0".to_owned(),
    };
    for (i, month) in ["2025-11", "2026-01", "2026-02", "2026-03", "2026-04"]
        .iter()
        .enumerate()
    {
        let time =
            chrono::DateTime::parse_from_rfc3339(&format!("{month}-10T10:00:00+00:00")).unwrap();
        let id = SessionId::from_parts(time.to_utc(), i as u64);
        store
            .save(&Session::new(
                id,
                "c-lee",
                "P-1",
                Profile::default(),
                pref.clone(),
                time,
            ))
            .unwrap();
    }
    let recent = store.list_recent(3);
    let months: Vec<String> = recent
        .sessions
        .iter()
        .map(|l| l.session.created.format("%Y-%m").to_string())
        .collect();
    assert_eq!(
        months,
        ["2026-02", "2026-03", "2026-04"],
        "only the three newest month folders are read"
    );
    assert_eq!(
        store.list().sessions.len(),
        5,
        "the full listing still has all five"
    );
}
