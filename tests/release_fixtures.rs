//! Session files written by release 2b75490 (`tests/fixtures/release-2b75490`, see its README)
//! stay readable and trustworthy: every command (`sessions`, `note`, `audit`) and the window's
//! open load them, show the closed ones as intact, and give the notes and audit figures that
//! release printed. Each release that changes the format adds its own fixtures folder.
//!
//! The fixtures are never touched: every test works on a copy in a temp folder (the window
//! writes lock files), with its own HOME, cache and pins folders.
//!
//! Later releases read old records in one new way on purpose: the protocol's `credits` count
//! components delivered by what a record shows was done (menu options chosen, the answer to
//! "why not a lower number?"), so the note and the audit no longer call them missing. The
//! notes and audit figures are compared with that release's under a copy of today's protocols
//! without `credits` (the rule that release read them by), and
//! `credits_only_add_components_the_records_show_were_delivered` checks that, with the
//! bundled protocols, nothing else differs.

#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

use brief::session::Seal;
use serde_json::Value;

/// The fixtures, relative to the crate (and to the copy's temp folder): the release's audit
/// ran from the crate with this path, so the paths in its JSON read the same on the copy.
const REL: &str = "tests/fixtures/release-2b75490";

/// The open sessions among the fixtures (the others are closed).
const OPEN: [&str; 2] = [
    "20261118-162600-7b59e255adce3de9",
    "20261130-094500-000000005eed0002",
];

/// The folder (in the copy's temp folder) of today's protocols without `credits`.
const UNCREDITED: &str = "protocols-uncredited";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(REL)
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every `*.ron` file under `dir`, sorted.
fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(ron_files(&path));
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
    out.sort();
    out
}

fn id_of(path: &Path) -> String {
    path.file_stem().unwrap().to_str().unwrap().to_owned()
}

fn is_open(id: &str) -> bool {
    OPEN.contains(&id)
}

/// A copy of the fixtures in `tmp/tests/fixtures/release-2b75490`, with HOME, cache and pins
/// folders beside it. The session files' times are set an hour back, so that the audit's
/// cache takes them (it never caches a file changed in the last few seconds).
struct Copy {
    tmp: tempfile::TempDir,
}

impl Copy {
    fn new() -> Self {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(REL);
        copy_dir(&fixtures(), &dir);
        let past = SystemTime::now() - Duration::from_hours(1);
        for file in ron_files(&dir.join("sessions")) {
            fs::File::options()
                .write(true)
                .open(&file)
                .unwrap()
                .set_modified(past)
                .unwrap();
        }
        for sub in ["home", "cache", "pins"] {
            fs::create_dir(tmp.path().join(sub)).unwrap();
        }
        // Today's protocols without the credits, as the release read records.
        let protocols = tmp.path().join(UNCREDITED);
        copy_dir(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols"),
            &protocols,
        );
        let file = protocols.join("brief_intervention.ron");
        let text = fs::read_to_string(&file).unwrap();
        let from = text
            .find("\n    credits: [")
            .expect("the protocol has credits");
        let to = from + text[from..].find("\n    ],").expect("their end") + "\n    ],".len();
        fs::write(&file, format!("{}{}", &text[..from], &text[to..])).unwrap();
        Self { tmp }
    }

    /// `brief ARGS` under the protocols without credits; its stdout.
    fn stdout_uncredited(&self, args: &[&str]) -> String {
        let mut all = vec!["--protocols", UNCREDITED];
        all.extend_from_slice(args);
        self.stdout(&all)
    }

    /// The copy of the fixtures folder.
    fn dir(&self) -> PathBuf {
        self.tmp.path().join(REL)
    }

    fn cache(&self) -> PathBuf {
        self.tmp.path().join("cache")
    }

    fn pins(&self) -> PathBuf {
        self.tmp.path().join("pins")
    }

    /// The copies of the session files, sorted.
    fn files(&self) -> Vec<PathBuf> {
        let files = ron_files(&self.dir().join("sessions"));
        assert_eq!(files.len(), 8, "the eight fixture files");
        files
    }

    /// Runs `brief` from the temp folder (so `REL` names the copy), with private HOME, XDG,
    /// cache and pins folders.
    fn brief(&self, args: &[&str]) -> Output {
        let home = self.tmp.path().join("home");
        Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(args)
            .current_dir(self.tmp.path())
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("xdg-data"))
            .env("XDG_CACHE_HOME", home.join("xdg-cache"))
            .env("XDG_STATE_HOME", home.join("xdg-state"))
            .env("XDG_CONFIG_HOME", home.join("xdg-config"))
            .env("BRIEF_CACHE_DIR", self.cache())
            .env("BRIEF_PINS_DIR", self.pins())
            .env_remove("BRIEF_CRASH_CHILD_DIR")
            .output()
            .expect("brief runs")
    }

    /// `brief ARGS` must succeed; its stdout.
    fn stdout(&self, args: &[&str]) -> String {
        let out = self.brief(args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "brief {args:?} succeeds\n--- stdout\n{}--- stderr\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

fn expected(name: &str) -> String {
    fs::read_to_string(fixtures().join("expected").join(name)).unwrap()
}

#[test]
fn sessions_lists_them_as_that_release_did_with_every_closed_one_intact() {
    let copy = Copy::new();
    let listed = copy.stdout(&["sessions", "--data", REL]);
    // The flags column is empty for every closed file: none shows as changed outside brief.
    assert_eq!(
        listed,
        expected("sessions.txt"),
        "brief sessions prints what release 2b75490 printed"
    );
}

/// Masks what depends on the time the note is printed, in the note of an open session: the
/// minutes so far ("10:45–open (2066 min)", "Time 2066 min.") and, on the time line, the
/// billing codes, which are chosen by those minutes (every digit on that line is masked, as
/// the line holds no other figure). Notes of closed sessions are compared unmasked.
fn mask_open_note(note: &str) -> String {
    let mask_digits = |line: &str| {
        let mut out = String::with_capacity(line.len());
        let mut in_digits = false;
        for c in line.chars() {
            if c.is_ascii_digit() {
                if !in_digits {
                    out.push('#');
                }
                in_digits = true;
            } else {
                out.push(c);
                in_digits = false;
            }
        }
        out
    };
    note.split_inclusive('\n')
        .map(|line| {
            if line.starts_with("Time ") {
                mask_digits(line)
            } else if line.starts_with("Date ")
                && let Some(at) = line.find("–open (")
            {
                format!("{}{}", &line[..at], mask_digits(&line[at..]))
            } else {
                line.to_owned()
            }
        })
        .collect()
}

#[test]
fn note_prints_the_same_note_for_every_file() {
    let copy = Copy::new();
    for file in copy.files() {
        let id = id_of(&file);
        let rel = file.strip_prefix(copy.tmp.path()).unwrap();
        let printed = copy.stdout_uncredited(&["note", rel.to_str().unwrap()]);
        let want = expected(&format!("notes/{id}.txt"));
        if is_open(&id) {
            let masked = mask_open_note(&printed);
            assert_ne!(
                masked, printed,
                "the open session's note has minutes to mask"
            );
            assert_eq!(
                masked,
                mask_open_note(&want),
                "the note of open session {id}, minutes so far masked"
            );
        } else {
            assert_eq!(printed, want, "the note of closed session {id}");
        }
    }
}

#[test]
fn an_english_session_shown_in_swedish_keeps_its_english_note() {
    let copy = Copy::new();
    for file in copy.files() {
        let id = id_of(&file);
        if is_open(&id) {
            continue;
        }
        let rel = file.strip_prefix(copy.tmp.path()).unwrap();
        let printed = copy.stdout_uncredited(&["--lang", "sv", "note", rel.to_str().unwrap()]);
        assert_eq!(
            printed,
            expected(&format!("notes/{id}.txt")),
            "the note of closed session {id} is its English note under --lang sv"
        );
    }
}

/// Every key and value of `old` is in `new`: objects compared on `old`'s keys (`new` may have
/// more), arrays element by element, anything else equal.
fn assert_contains(old: &Value, new: &Value, at: &str) {
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => {
            for (key, value) in old {
                let inner = format!("{at}.{key}");
                let Some(got) = new.get(key) else {
                    panic!("{inner} is missing from the new JSON");
                };
                assert_contains(value, got, &inner);
            }
        }
        (Value::Array(old), Value::Array(new)) => {
            assert_eq!(old.len(), new.len(), "{at}: as many entries as before");
            for (i, (o, n)) in old.iter().zip(new).enumerate() {
                assert_contains(o, n, &format!("{at}[{i}]"));
            }
        }
        _ => assert_eq!(old, new, "{at}: the same value as before"),
    }
}

fn audit_json(copy: &Copy, cache: bool) -> Value {
    let mut args = vec!["audit", REL, "--format", "json"];
    if !cache {
        args.push("--no-cache");
    }
    serde_json::from_str(&copy.stdout_uncredited(&args)).unwrap()
}

#[test]
fn audit_json_has_every_figure_of_that_release_and_no_new_flag() {
    let copy = Copy::new();
    let new = audit_json(&copy, false);
    let old: Value = serde_json::from_str(&expected("audit.json")).unwrap();
    assert_contains(&old, &new, "audit");

    // The flags added since (duplicates, pins, …) are all empty: nothing to report.
    let (old_flags, new_flags) = (
        old["flags"].as_object().unwrap(),
        new["flags"].as_object().unwrap(),
    );
    for key in ["duplicates", "changed_after_seen"] {
        assert!(new_flags.contains_key(key), "the new JSON has flags.{key}");
    }
    for (key, value) in new_flags {
        if !old_flags.contains_key(key) {
            assert!(
                value.is_null() || value.as_array().is_some_and(Vec::is_empty),
                "the new flags.{key} is empty: {value}"
            );
        }
    }
    assert_eq!(
        new["flags"]["tampered"],
        Value::Array(Vec::new()),
        "no file is changed outside brief"
    );
}

#[test]
fn audit_csv_is_the_same_as_that_release_printed() {
    let copy = Copy::new();
    let csv = copy.stdout_uncredited(&["audit", REL, "--format", "csv", "--no-cache"]);
    assert_eq!(
        csv,
        expected("audit_sessions.csv"),
        "the per-session CSV is unchanged"
    );
}

#[test]
fn credits_only_add_components_the_records_show_were_delivered() {
    let copy = Copy::new();
    // The audit CSV: the same rows, where a cell differs it is a component column going from
    // 0 to 1, and each such session's record holds the action credited.
    let csv = copy.stdout(&["audit", REL, "--format", "csv", "--no-cache"]);
    let old = expected("audit_sessions.csv");
    let header: Vec<&str> = old.lines().next().unwrap().split(',').collect();
    let components = brief::protocol::COMPONENT_IDS;
    let mut credited = 0;
    assert_eq!(csv.lines().count(), old.lines().count(), "the same rows");
    for (new_row, old_row) in csv.lines().zip(old.lines()) {
        let (new_cells, old_cells) = (cells(new_row), cells(old_row));
        assert_eq!(
            new_cells.len(),
            old_cells.len(),
            "the same columns: {new_row}"
        );
        for (i, (n, o)) in new_cells.iter().zip(&old_cells).enumerate() {
            if n == o {
                continue;
            }
            let column = header[i];
            assert!(
                components.contains(&column) && o == "0" && n == "1",
                "only components are added, {column} {o} → {n} in {new_row}"
            );
            let id = &new_cells[0];
            let file = copy.files().into_iter().find(|f| id_of(f) == *id).unwrap();
            let session = brief::store::read_session(&file).unwrap();
            let shown = match column {
                "menu" => !session.goal.options.is_empty(),
                "self_efficacy" => session
                    .readiness
                    .iter()
                    .any(|r| !r.why_not_lower.trim().is_empty()),
                _ => false,
            };
            assert!(shown, "{id}'s record shows {column} delivered");
            credited += 1;
        }
    }
    assert!(credited > 0, "the fixtures have something to credit");

    // The notes: only the components lines differ.
    for file in copy.files() {
        let rel = file
            .strip_prefix(copy.tmp.path())
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned();
        let (new, old) = (
            copy.stdout(&["note", &rel]),
            copy.stdout_uncredited(&["note", &rel]),
        );
        let other = |note: &str| -> Vec<String> {
            mask_open_note(note)
                .lines()
                .filter(|l| !l.starts_with("Components "))
                .map(str::to_owned)
                .collect()
        };
        assert_eq!(
            other(&new),
            other(&old),
            "only the components lines of {rel} differ"
        );
    }
}

/// The cells of a CSV row (the fixtures' only quoted cell holds no line break).
fn cells(row: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(row.as_bytes());
    reader
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect()
}

/// Waits until the copies have settled: the cache only takes a file whose last change (its
/// modification time, which the copy sets back, but also its status-change time, which cannot
/// be set back) is 50 ms old, or 3 s old on a file system without sub-second times.
fn settle(file: &Path) {
    let mtime = fs::metadata(file).unwrap().modified().unwrap();
    let coarse = mtime
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos()
        == 0;
    std::thread::sleep(Duration::from_millis(if coarse { 3100 } else { 120 }));
}

#[test]
fn audit_through_the_cache_gives_the_same_json_empty_and_filled() {
    let copy = Copy::new();
    let read = audit_json(&copy, false);
    assert!(
        fs::read_dir(copy.cache()).unwrap().next().is_none(),
        "--no-cache writes no cache"
    );
    settle(&copy.files()[0]);
    let first = audit_json(&copy, true);
    assert_eq!(first, read, "the first run through an empty cache");
    assert_eq!(
        brief::audit::scan::cache_entries(&copy.dir(), &copy.cache()),
        Some(8),
        "the first run cached every file"
    );
    let second = audit_json(&copy, true);
    assert_eq!(second, read, "the second run, from the filled cache");
}

#[test]
fn the_library_reads_every_file_with_its_seal_and_writes_it_back_byte_for_byte() {
    let copy = Copy::new();
    for file in copy.files() {
        let id = id_of(&file);
        let want = if is_open(&id) {
            Seal::Open
        } else {
            Seal::Intact
        };
        let (session, seal) = brief::store::read_checked(&file).unwrap();
        assert_eq!(seal, want, "the store's seal of {id}");
        assert_eq!(session.id.to_string(), id, "the id of {id}");
        assert_eq!(
            session.status == brief::session::Status::Open,
            is_open(&id),
            "{id} is open or closed as the fixtures say"
        );

        let text = fs::read_to_string(&file).unwrap();
        let summary = brief::audit::scan::summarize_text(file.clone(), &text).unwrap();
        assert_eq!(summary.seal, want, "the audit's seal of {id}");
        assert_eq!(summary.id, id, "the audit reads {id}");

        // Today's writer still writes that release's format.
        let written = brief::store::to_ron(&session).unwrap();
        assert!(
            written == text,
            "{id} re-serialised is the file byte for byte\n--- file\n{text}\n--- written\n{written}"
        );
    }
}

#[cfg(feature = "gui")]
#[test]
fn the_window_opens_every_file_as_it_is_with_no_banner() {
    use egui_kittest::kittest::Queryable as _;

    let copy = Copy::new();
    let store = brief::store::Store::open(&copy.dir()).unwrap();
    let app = brief::ui::BriefApp::new(
        brief::protocol::ProtocolSet::bundled().unwrap(),
        store,
        brief::ui::Prefs::default(),
    )
    .with_audit_cache(brief::audit::scan::CacheMode::Bypass)
    .with_audit_pins(Some(copy.pins()));
    // egui 0.37's bundled fonts have no emoji, and one patient reference holds one (😀): the
    // window draws a box for it, as it would for the user; kittest panics on it by default.
    let mut harness = egui_kittest::Harness::builder()
        .with_size([1366.0, 768.0])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut brief::ui::BriefApp| app.ui(ui), app);
    harness.run_steps(2);
    for file in copy.files() {
        let before = fs::read(&file).unwrap();
        let parsed = brief::store::read_session(&file).unwrap();
        harness.state_mut().open_session(&parsed.id).unwrap();
        harness.run_steps(3);
        assert_eq!(
            harness.state().session(),
            Some(&parsed),
            "the window shows {} as in its file",
            parsed.id
        );
        assert!(
            harness
                .query_by_label_contains("changed outside brief")
                .is_none(),
            "no banner for {}",
            parsed.id
        );
        assert!(
            harness
                .query_by_label_contains(&format!("Patient {}", parsed.patient))
                .is_some(),
            "the session view of {} is drawn",
            parsed.id
        );
        assert_eq!(
            fs::read(&file).unwrap(),
            before,
            "opening {} leaves its file as it was",
            parsed.id
        );
    }
}
