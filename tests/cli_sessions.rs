//! `brief demo --generate`, `brief sessions` and `brief note`, run as a user would.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use brief::session::Seal;
use brief::session::Session;
use brief::store::read_session;

/// Runs `brief` with a private HOME, so the platform data dir is never the user's.
fn brief(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env_remove("BRIEF_CRASH_CHILD_DIR")
        .output()
        .expect("brief runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn describe(out: &Output) -> String {
    format!(
        "status {}\n--- stdout\n{}--- stderr\n{}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    )
}

/// Session files under `dir` (not temporary dot-files), sorted.
fn ron_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable folder").flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "ron") && !name.starts_with('.') {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

struct Demo {
    home: tempfile::TempDir,
    data: PathBuf,
    sessions: Vec<(PathBuf, Session)>,
}

/// A data folder with 20 demo sessions.
fn demo() -> Demo {
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("clinic data");
    let data_arg = data.to_str().expect("utf-8 path");
    let out = brief(home.path(), &["demo", "--generate", "20", data_arg]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "demo --generate 20 succeeds: {}",
        describe(&out)
    );
    let sessions = ron_files(&data)
        .into_iter()
        .map(|p| {
            let s =
                read_session(&p).unwrap_or_else(|e| panic!("demo file {} loads: {e}", p.display()));
            (p, s)
        })
        .collect();
    Demo {
        home,
        data,
        sessions,
    }
}

impl Demo {
    fn run(&self, args: &[&str]) -> Output {
        brief(self.home.path(), args)
    }

    fn data_arg(&self) -> &str {
        self.data.to_str().expect("utf-8 path")
    }
}

#[test]
fn demo_generate_writes_twenty_loadable_sessions() {
    let d = demo();
    assert_eq!(
        d.sessions.len(),
        20,
        "20 .ron files: {:?}",
        ron_files(&d.data)
    );
    assert!(
        d.sessions
            .iter()
            .all(|(p, _)| p.starts_with(d.data.join("sessions"))),
        "all under DIR/sessions"
    );
    for (path, s) in &d.sessions {
        assert_eq!(
            path.file_name().and_then(|n| n.to_str()),
            Some(format!("{}.ron", s.id).as_str()),
            "each file is named after its session id"
        );
        let (_, seal) = brief::store::read_checked(path).expect("loads");
        assert!(
            matches!(seal, Seal::Intact | Seal::Open),
            "demo session {} is as brief wrote it: {seal:?}",
            s.id
        );
    }
    let clinicians: std::collections::BTreeSet<&str> = d
        .sessions
        .iter()
        .map(|(_, s)| s.clinician.as_str())
        .collect();
    assert!(clinicians.len() >= 3, "several clinicians: {clinicians:?}");
}

#[test]
fn sessions_lists_every_session_with_clinician_and_components() {
    let d = demo();
    let out = d.run(&["sessions", "--data", d.data_arg()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "sessions succeeds: {}",
        describe(&out)
    );
    let stdout = text(&out.stdout);
    let header = stdout.lines().next().expect("a header line");
    for column in ["id", "clinician", "status", "steps", "components"] {
        assert!(
            header.contains(column),
            "the header has a {column} column: {header}"
        );
    }
    for (_, s) in &d.sessions {
        let line = stdout
            .lines()
            .find(|l| l.starts_with(s.id.as_str()))
            .unwrap_or_else(|| panic!("session {} is listed:\n{stdout}", s.id));
        assert!(
            line.contains(&s.clinician),
            "the line shows the clinician {}: {line}",
            s.clinician
        );
        // Out of its own protocol's components: six FRAMES, seven for a family case.
        let of = if s.protocol.id == "family_intervention" {
            7
        } else {
            6
        };
        assert!(
            line.contains(&format!("{}/{of}", s.delivered().len())),
            "the line shows {}/{of} components: {line}",
            s.delivered().len()
        );
    }
    assert!(
        stdout.contains("20 session(s), 0 unreadable file(s)"),
        "the count line:\n{stdout}"
    );
    assert!(
        text(&out.stderr).is_empty(),
        "nothing on stderr: {}",
        describe(&out)
    );
}

#[test]
fn sessions_reports_broken_files_keeps_listing_and_leaves_them_untouched() {
    let d = demo();
    let (first_path, first) = &d.sessions[0];
    let month = first_path.parent().expect("month folder");
    let good = fs::read(first_path).expect("session file");
    let broken = month.join("broken.ron");
    let broken_bytes = good[..good.len() / 3].to_vec();
    let newer = month.join("from-a-newer-brief.ron");
    let newer_bytes = fs::read_to_string(first_path)
        .expect("session text")
        .replacen("version: 1,", "version: 99,", 1)
        .replace(first.id.as_str(), "20990101-000000-0000000000000099")
        .into_bytes();
    assert_ne!(newer_bytes, good, "the version was changed");
    fs::write(&broken, &broken_bytes).expect("broken file written");
    fs::write(&newer, &newer_bytes).expect("newer file written");

    let out = d.run(&["sessions", "--data", d.data_arg()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "broken files do not make the listing fail: {}",
        describe(&out)
    );
    let stdout = text(&out.stdout);
    for (_, s) in &d.sessions {
        assert!(
            stdout.contains(s.id.as_str()),
            "session {} is still listed",
            s.id
        );
    }
    assert!(
        stdout.contains("20 session(s), 2 unreadable file(s)"),
        "the count line counts the bad files:\n{stdout}"
    );
    let stderr = text(&out.stderr);
    let line_for = |path: &Path| {
        stderr
            .lines()
            .find(|l| l.contains(&path.display().to_string()))
            .unwrap_or_else(|| panic!("{} is reported on stderr:\n{stderr}", path.display()))
            .to_owned()
    };
    let broken_line = line_for(&broken);
    assert!(
        broken_line.contains("not a readable session file"),
        "the truncated file's reason: {broken_line}"
    );
    let newer_line = line_for(&newer);
    assert!(
        newer_line.contains("99") && newer_line.contains("newer"),
        "the newer file's reason: {newer_line}"
    );
    assert!(
        !stdout.contains("broken.ron") && !stdout.contains("from-a-newer-brief"),
        "bad files are reported on stderr, not in the table:\n{stdout}"
    );
    assert_eq!(
        fs::read(&broken).expect("still there"),
        broken_bytes,
        "broken file untouched"
    );
    assert_eq!(
        fs::read(&newer).expect("still there"),
        newer_bytes,
        "newer file untouched"
    );

    let out = d.run(&[
        "note",
        broken.to_str().expect("utf-8"),
        "--data",
        d.data_arg(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a note of a broken file fails: {}",
        describe(&out)
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("broken.ron") && stderr.contains("not a readable session file"),
        "the error names the file and the reason: {}",
        describe(&out)
    );
    assert_eq!(
        fs::read(&broken).expect("still there"),
        broken_bytes,
        "broken file still untouched after brief note"
    );
}

#[test]
fn sessions_flags_a_closed_session_edited_outside_brief() {
    let d = demo();
    let (path, s) = d
        .sessions
        .iter()
        .find(|(_, s)| s.closed.is_some() && s.summary.contains("agreed a plan"))
        .expect("a closed demo session with a summary");
    let before = fs::read_to_string(path).expect("session text");
    let edited = before.replacen("agreed a plan", "agreed nothing", 1);
    assert_ne!(edited, before, "the summary was edited");
    fs::write(path, edited).expect("edited outside brief");

    let out = d.run(&["sessions", "--data", d.data_arg()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "sessions succeeds: {}",
        describe(&out)
    );
    let stdout = text(&out.stdout);
    let line = stdout
        .lines()
        .find(|l| l.starts_with(s.id.as_str()))
        .unwrap_or_else(|| panic!("the edited session is still listed:\n{stdout}"));
    assert!(
        line.contains("changed outside brief"),
        "the edited session is flagged: {line}"
    );
    assert_eq!(
        stdout.matches("changed outside brief").count(),
        1,
        "only the edited session is flagged:\n{stdout}"
    );
}

#[test]
fn note_by_id_prints_the_clinical_note() {
    let d = demo();
    let (_, s) = &d.sessions[0];
    let out = d.run(&["note", s.id.as_str(), "--data", d.data_arg()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "note by id succeeds: {}",
        describe(&out)
    );
    let note = text(&out.stdout);
    assert!(
        note.contains("Components delivered"),
        "the note lists components:\n{note}"
    );
    assert!(
        note.contains(&format!("Clinician: {}", s.clinician)),
        "the note names the clinician {}:\n{note}",
        s.clinician
    );
    assert!(
        note.contains(&s.created.format("%Y-%m-%d").to_string()),
        "the note has the date:\n{note}"
    );
    assert!(note.lines().count() <= 25, "at most 25 lines:\n{note}");
}

#[test]
fn note_by_file_path_prints_the_same_note() {
    let d = demo();
    let (path, s) = &d.sessions[1];
    let path_arg = path.to_str().expect("utf-8 path");
    let by_path = d.run(&["note", path_arg, "--data", d.data_arg()]);
    assert_eq!(
        by_path.status.code(),
        Some(0),
        "note by path succeeds: {}",
        describe(&by_path)
    );
    let note = text(&by_path.stdout);
    assert!(
        note.contains("Components delivered"),
        "the note lists components:\n{note}"
    );
    assert!(
        note.contains(&s.clinician),
        "the note names the clinician:\n{note}"
    );

    let by_id = d.run(&["note", s.id.as_str(), "--data", d.data_arg()]);
    // Both notes of a closed session are the same; an open one runs to "now" (minutes may tick).
    if s.closed.is_some() {
        assert_eq!(
            text(&by_id.stdout),
            note,
            "by id and by path give the same note"
        );
    }
}

#[test]
fn note_by_file_path_needs_no_data_folder() {
    let d = demo();
    let (path, s) = &d.sessions[2];
    // A fresh HOME: the platform data dir does not exist.
    let home = tempfile::tempdir().expect("temp dir");
    let out = brief(home.path(), &["note", path.to_str().expect("utf-8 path")]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "a note from a file path needs no data folder: {}",
        describe(&out)
    );
    assert!(
        text(&out.stdout).contains(&s.clinician),
        "the note names the clinician"
    );
}

#[test]
fn note_of_an_unknown_session_exits_2_with_a_clear_message() {
    let d = demo();
    let out = d.run(&["note", "nonexistent", "--data", d.data_arg()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown session is a usage error: {}",
        describe(&out)
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("no session \"nonexistent\""),
        "the message names what was not found: {stderr}"
    );
    assert!(
        text(&out.stdout).is_empty(),
        "no note printed: {}",
        describe(&out)
    );

    let unknown_id = "20200101-000000-0000000000000000";
    let out = d.run(&["note", unknown_id, "--data", d.data_arg()]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown id is a usage error: {}",
        describe(&out)
    );
    assert!(
        text(&out.stderr).contains(unknown_id),
        "the message names the id: {}",
        describe(&out)
    );
}

#[test]
fn demo_generate_without_a_folder_exits_2() {
    let home = tempfile::tempdir().expect("temp dir");
    let out = brief(home.path(), &["demo", "--generate", "5"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "a folder is required: {}",
        describe(&out)
    );
    assert!(
        text(&out.stderr).contains("--generate needs a folder"),
        "the message says what is missing: {}",
        describe(&out)
    );
    assert!(
        !home.path().join("xdg-data").exists(),
        "nothing was written to the platform data dir"
    );
}

#[test]
fn sessions_on_a_missing_folder_fails_with_the_cause_once() {
    let home = tempfile::tempdir().expect("temp dir");
    let missing = home.path().join("no such folder");
    let out = brief(
        home.path(),
        &["sessions", "--data", missing.to_str().expect("utf-8")],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "a missing data folder fails: {}",
        describe(&out)
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&missing.display().to_string()),
        "the message names the folder: {stderr}"
    );
    assert_eq!(
        stderr.matches("No such file or directory").count(),
        1,
        "the cause is given once: {stderr}"
    );
}
