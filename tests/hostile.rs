//! A data folder anyone can write to, run as a user would: `brief sessions` and `brief audit`
//! on a folder holding a pipe, a deep tree of folders, a copied session, a link to a file
//! outside it, a huge file, a session marked open again, a re-sealed session, left-over
//! temporary files; and `brief demo --generate` into a folder that already holds sessions.
//!
//! Every run has a private HOME, cache and pins folder, and a time limit: a command that hangs
//! (on a pipe, say) is killed and the test fails.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use brief::session::{Seal, Session, Status};
use brief::store::read_checked;

/// The longest any command may take.
const TIME_LIMIT: Duration = Duration::from_secs(20);

/// What a finished command printed.
struct Run {
    what: String,
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "{}: exit {:?}\n--- stdout\n{}--- stderr\n{}",
            self.what, self.code, self.stdout, self.stderr
        )
    }

    fn assert_ok(&self) -> &Self {
        assert_eq!(self.code, Some(0), "exits 0: {}", self.describe());
        self
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is JSON ({e}): {}", self.describe()))
    }

    /// Both streams: what the user sees.
    fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

/// A private home with a data folder `home/data`.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self) -> PathBuf {
        self.path().join("data")
    }

    fn sessions_dir(&self) -> PathBuf {
        self.data().join("sessions")
    }

    /// Runs `brief ARGS…` with HOME, the XDG folders, the cache and the pins inside the home,
    /// stdout and stderr to files (so a full pipe never blocks it), and kills it after
    /// [`TIME_LIMIT`].
    fn run(&self, args: &[&str]) -> Run {
        let what = format!("brief {}", args.join(" "));
        let out_dir = tempfile::tempdir_in(self.path()).expect("output folder");
        let (out_path, err_path) = (out_dir.path().join("out"), out_dir.path().join("err"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_brief"))
            .args(args)
            .env("HOME", self.path())
            .env("XDG_DATA_HOME", self.path().join("xdg-data"))
            .env("XDG_CACHE_HOME", self.path().join("xdg-cache"))
            .env("XDG_STATE_HOME", self.path().join("xdg-state"))
            .env("XDG_CONFIG_HOME", self.path().join("xdg-config"))
            .env("BRIEF_CACHE_DIR", self.path().join("brief-cache"))
            .env("BRIEF_PINS_DIR", self.path().join("brief-pins"))
            .env_remove("BRIEF_CRASH_CHILD_DIR")
            .stdin(Stdio::null())
            .stdout(fs::File::create(&out_path).expect("stdout file"))
            .stderr(fs::File::create(&err_path).expect("stderr file"))
            .spawn()
            .expect("brief starts");
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("brief can be waited on") {
                break status;
            }
            if start.elapsed() > TIME_LIMIT {
                child.kill().ok();
                child.wait().ok();
                panic!(
                    "{what} did not finish within {TIME_LIMIT:?} (killed); stderr so far:\n{}",
                    fs::read_to_string(&err_path).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let read = |p: &Path| String::from_utf8_lossy(&fs::read(p).expect("output")).into_owned();
        Run {
            what,
            code: status.code(),
            stdout: read(&out_path),
            stderr: read(&err_path),
        }
    }

    /// `brief demo --generate N` into `dir`.
    fn demo_into(&self, n: usize, dir: &Path) {
        self.run(&["demo", "--generate", &n.to_string(), utf8(dir)])
            .assert_ok();
    }

    fn sessions(&self) -> Run {
        self.run(&["sessions", "--data", utf8(&self.data())])
    }

    /// `brief followups --data DATA`, every follow-up whatever its date.
    fn followups(&self) -> Run {
        let data = self.data();
        self.run(&["followups", "--data", utf8(&data), "--due-by", "9999-12-31"])
    }

    fn audit_json(&self, extra: &[&str]) -> Run {
        let data = self.data();
        let mut args = vec!["audit", utf8(&data), "--format", "json"];
        args.extend(extra);
        self.run(&args)
    }
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Every regular file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable folder").flatten() {
            let path = entry.path();
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                stack.push(path);
            } else {
                out.insert(path.clone(), fs::read(&path).expect("readable file"));
            }
        }
    }
    out
}

/// The session files below `dir` (no dot-files), each with its session.
fn sessions_in(dir: &Path) -> Vec<(PathBuf, Session)> {
    snapshot(dir)
        .into_keys()
        .filter(|p| {
            p.extension().is_some_and(|e| e == "ron")
                && !p
                    .file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with('.'))
        })
        .map(|p| {
            let (s, _) = read_checked(&p).unwrap_or_else(|e| panic!("{} loads: {e}", p.display()));
            (p, s)
        })
        .collect()
}

/// The closed, unamended sessions below `dir`.
fn closed_in(dir: &Path) -> Vec<(PathBuf, Session)> {
    sessions_in(dir)
        .into_iter()
        .filter(|(_, s)| s.status == Status::Closed && s.amendments.is_empty())
        .collect()
}

/// The ids in a JSON list of `{id, …}` objects.
fn ids(list: &serde_json::Value) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("a list: {list}"))
        .iter()
        .map(|x| x["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The `flags.unreadable` entry for `path`, as its reason.
fn unreadable_reason(report: &serde_json::Value, path: &Path) -> Option<String> {
    report["flags"]["unreadable"]
        .as_array()
        .expect("flags.unreadable is a list")
        .iter()
        .find(|u| u["path"].as_str() == Some(utf8(path)))
        .map(|u| u["reason"].as_str().expect("a reason").to_owned())
}

/// The stderr line of `brief sessions` that names `path`.
fn stderr_line<'r>(run: &'r Run, path: &Path) -> &'r str {
    let shown = path.display().to_string();
    run.stderr
        .lines()
        .find(|l| l.contains(&shown))
        .unwrap_or_else(|| panic!("{shown} is reported on stderr: {}", run.describe()))
}

#[cfg(unix)]
#[test]
fn a_pipe_named_like_a_session_is_reported_not_waited_on() {
    use std::os::unix::fs::FileTypeExt as _;
    let home = Home::new();
    home.demo_into(3, &home.data());
    let fifo = home.sessions_dir().join("x.ron");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success(), "mkfifo {} succeeds", fifo.display());

    let listed = home.sessions();
    listed.assert_ok();
    assert!(
        listed.stdout.contains("3 session(s), 1 unreadable file(s)"),
        "the pipe is counted as unreadable, the sessions listed: {}",
        listed.describe()
    );
    let line = stderr_line(&listed, &fifo);
    assert!(
        line.contains("not a regular file") && line.contains("not read"),
        "the reason says it was not read: {line}"
    );

    let audited = home.audit_json(&[]);
    audited.assert_ok();
    let report = audited.json();
    assert_eq!(report["sessions"], 3, "{}", audited.describe());
    let reason = unreadable_reason(&report, &fifo)
        .unwrap_or_else(|| panic!("the pipe is in flags.unreadable: {}", audited.describe()));
    assert!(
        reason.contains("not a regular file") && reason.contains("not read"),
        "the audit's reason: {reason}"
    );
    let due = home.followups();
    due.assert_ok();
    let line = stderr_line(&due, &fifo);
    assert!(
        line.contains("not a regular file") && line.contains("not read"),
        "brief followups reports the pipe without waiting on it: {line}"
    );
    let kind = fs::symlink_metadata(&fifo).expect("the pipe is still there");
    assert!(kind.file_type().is_fifo(), "and still a pipe");
}

#[test]
fn a_session_1500_folders_deep_is_listed_and_counted() {
    let home = Home::new();
    let elsewhere = home.path().join("elsewhere");
    home.demo_into(1, &elsewhere);
    let (source, session) = sessions_in(&elsewhere).pop().expect("one demo session");

    let mut bottom = home.sessions_dir();
    fs::create_dir_all(&bottom).expect("sessions folder");
    for _ in 0..1500 {
        bottom.push("d");
        fs::create_dir(&bottom).expect("nested folder");
    }
    let file = bottom.join(source.file_name().expect("a file name"));
    fs::copy(&source, &file).expect("session copied to the bottom");

    let audited = home.audit_json(&[]);
    audited.assert_ok();
    let report = audited.json();
    assert_eq!(
        report["sessions"],
        1,
        "the deep session is counted: {}",
        audited.describe()
    );
    assert_eq!(
        report["flags"]["unreadable"],
        serde_json::json!([]),
        "nothing unreadable: {}",
        audited.describe()
    );

    let listed = home.sessions();
    listed.assert_ok();
    assert!(
        listed
            .stdout
            .lines()
            .any(|l| l.starts_with(session.id.as_str())),
        "the deep session is listed: {}",
        listed.describe()
    );
    assert!(
        listed.stdout.contains("1 session(s), 0 unreadable file(s)"),
        "{}",
        listed.describe()
    );
}

#[test]
fn a_copied_session_file_is_counted_once_and_the_copy_named() {
    let home = Home::new();
    home.demo_into(1, &home.data());
    let (original, session) = sessions_in(&home.data()).pop().expect("one demo session");
    let copy = original.with_file_name(format!("{} (copy).ron", session.id));
    fs::copy(&original, &copy).expect("copied beside it");

    let audited = home.audit_json(&[]);
    audited.assert_ok();
    let report = audited.json();
    assert_eq!(
        report["sessions"],
        1,
        "counted once: {}",
        audited.describe()
    );
    assert_eq!(
        report["flags"]["duplicates"],
        serde_json::json!([{
            "id": session.id.as_str(),
            "counted": utf8(&original),
            "others": [utf8(&copy)],
        }]),
        "the file named after the id counts, the copy is named: {}",
        audited.describe()
    );

    let listed = home.sessions();
    listed.assert_ok();
    assert_eq!(
        listed
            .stdout
            .lines()
            .filter(|l| l.starts_with(session.id.as_str()))
            .count(),
        1,
        "one line for the session: {}",
        listed.describe()
    );
    assert!(
        listed
            .stdout
            .contains("1 session(s), 0 unreadable file(s), 1 duplicate file(s) not counted"),
        "{}",
        listed.describe()
    );
    let line = stderr_line(&listed, &copy);
    assert!(
        line.starts_with("duplicate:") && line.contains(&original.display().to_string()),
        "the copy is named with the file counted: {line}"
    );
}

#[cfg(unix)]
#[test]
fn a_link_to_a_file_outside_the_folder_is_not_followed_and_nothing_of_it_shown() {
    const SECRET: &str = "PATIENT-NAME-SECRET";
    let home = Home::new();
    home.demo_into(2, &home.data());
    let outside = home.path().join("private.txt");
    fs::write(
        &outside,
        format!("{SECRET} Jane Doe, 1970-01-01, alcohol\n(\n version: 1,\n)\n"),
    )
    .expect("a private file outside the data folder");
    let link = home.sessions_dir().join("evil.ron");
    std::os::unix::fs::symlink(&outside, &link).expect("link created");

    let listed = home.sessions();
    listed.assert_ok();
    assert!(
        listed.stdout.contains("2 session(s), 1 unreadable file(s)"),
        "{}",
        listed.describe()
    );
    let line = stderr_line(&listed, &link);
    assert!(
        line.contains("symbolic link") && line.contains("not read"),
        "the link is reported as not read: {line}"
    );

    let audited = home.audit_json(&[]);
    audited.assert_ok();
    let report = audited.json();
    assert_eq!(report["sessions"], 2, "{}", audited.describe());
    let reason = unreadable_reason(&report, &link)
        .unwrap_or_else(|| panic!("the link is in flags.unreadable: {}", audited.describe()));
    assert!(
        reason.contains("symbolic link") && reason.contains("not read"),
        "the audit's reason: {reason}"
    );
    let table = home.run(&["audit", utf8(&home.data())]);
    table.assert_ok();

    let link_arg = utf8(&link);
    let note = home.run(&["note", link_arg, "--data", utf8(&home.data())]);
    assert_ne!(
        note.code,
        Some(0),
        "a note of the link fails: {}",
        note.describe()
    );

    let due = home.followups();
    due.assert_ok();
    assert!(
        stderr_line(&due, &link).contains("symbolic link"),
        "brief followups reports the link as not read: {}",
        due.describe()
    );

    for run in [&listed, &audited, &table, &note, &due] {
        assert!(
            !run.all().contains(SECRET) && !run.all().contains("Jane Doe"),
            "nothing of the linked file is shown: {}",
            run.describe()
        );
    }
    assert_eq!(
        fs::read_link(&link).expect("the link is still there"),
        outside,
        "the link is left as it was"
    );
}

#[test]
fn a_file_too_large_for_a_session_is_refused_unread() {
    const SECRET: &str = "PATIENT-NAME-SECRET";
    let home = Home::new();
    home.demo_into(2, &home.data());
    let big = home.sessions_dir().join("big.ron");
    let mut bytes = format!("{SECRET} (").into_bytes();
    bytes.resize(5 * 1024 * 1024, b' ');
    fs::write(&big, &bytes).expect("a 5 MiB file");

    let listed = home.sessions();
    listed.assert_ok();
    assert!(
        listed.stdout.contains("2 session(s), 1 unreadable file(s)"),
        "{}",
        listed.describe()
    );
    let line = stderr_line(&listed, &big);
    assert!(
        line.contains("larger than a session file can be") && line.contains("not read"),
        "the size is the reason: {line}"
    );

    let audited = home.audit_json(&[]);
    audited.assert_ok();
    let report = audited.json();
    assert_eq!(report["sessions"], 2, "{}", audited.describe());
    let reason = unreadable_reason(&report, &big)
        .unwrap_or_else(|| panic!("big.ron is in flags.unreadable: {}", audited.describe()));
    assert!(
        reason.contains("larger than a session file can be") && reason.contains("not read"),
        "the audit's reason: {reason}"
    );
    for run in [&listed, &audited] {
        assert!(
            !run.all().contains(SECRET),
            "nothing of the file's text is shown: {}",
            run.describe()
        );
    }
    assert_eq!(
        fs::read(&big).expect("still there"),
        bytes,
        "left untouched"
    );
}

#[test]
fn a_closed_session_marked_open_by_hand_is_flagged_by_both_commands() {
    let home = Home::new();
    home.demo_into(5, &home.data());
    let (path, session) = closed_in(&home.data())
        .pop()
        .expect("a closed demo session");
    let text = fs::read_to_string(&path).expect("session text");
    let edited = text.replacen("\n status: Closed,\n", "\n status: Open,\n", 1);
    assert_ne!(edited, text, "the status line was edited");
    fs::write(&path, edited).expect("edited outside brief");

    let listed = home.sessions();
    listed.assert_ok();
    let line = listed
        .stdout
        .lines()
        .find(|l| l.starts_with(session.id.as_str()))
        .unwrap_or_else(|| panic!("the session is still listed: {}", listed.describe()));
    assert!(
        line.contains("changed outside brief (closed, marked open)"),
        "the flags column says it was reopened: {line}"
    );
    assert_eq!(
        listed.stdout.matches("changed outside brief").count(),
        1,
        "only that session is flagged: {}",
        listed.describe()
    );

    let audited = home.audit_json(&[]);
    audited.assert_ok();
    let report = audited.json();
    assert_eq!(
        ids(&report["flags"]["tampered"]),
        vec![session.id.to_string()],
        "the audit flags it as tampered: {}",
        audited.describe()
    );
}

/// The text of a session file with the hash recomputed, as someone re-sealing an edit would.
fn reseal(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| l.starts_with(" content_hash: Some(\""))
        .expect("a sealed file");
    let unsealed = text.replacen(line, " content_hash: None,", 1);
    let hash = brief::session::hash_of_unsealed(&unsealed);
    text.replacen(line, &format!(" content_hash: Some(\"{hash}\"),"), 1)
}

#[test]
fn a_resealed_edit_and_a_deleted_session_are_caught_by_the_pins() {
    let home = Home::new();
    home.demo_into(8, &home.data());
    let closed = closed_in(&home.data());
    assert!(closed.len() >= 2, "two closed demo sessions");
    let (edited_path, edited) = &closed[0];
    let (deleted_path, deleted) = &closed[1];

    let first = home.audit_json(&[]);
    first.assert_ok();
    let report = first.json();
    for key in [
        "tampered",
        "changed_after_seen",
        "missing_after_seen",
        "reopened_after_seen",
    ] {
        assert_eq!(
            report["flags"][key],
            serde_json::json!([]),
            "nothing to report on the first audit ({key}): {}",
            first.describe()
        );
    }
    assert_eq!(report["flags"]["pins_error"], serde_json::Value::Null);

    let text = fs::read_to_string(edited_path).expect("session text");
    let summary_line = text
        .lines()
        .find(|l| l.starts_with(" summary: \""))
        .expect("a summary line");
    let changed = text.replacen(
        summary_line,
        " summary: \"Declined any change; no follow-up.\",",
        1,
    );
    assert_ne!(changed, text, "a value was edited");
    let resealed = reseal(&changed);
    fs::write(edited_path, &resealed).expect("edited and re-sealed");
    assert_eq!(
        read_checked(edited_path).expect("loads").1,
        Seal::Intact,
        "the re-sealed file's own seal reads intact"
    );
    fs::remove_file(deleted_path).expect("a session deleted");

    let second = home.audit_json(&[]);
    second.assert_ok();
    let report = second.json();
    assert_eq!(
        report["flags"]["tampered"],
        serde_json::json!([]),
        "the seal itself cannot tell: {}",
        second.describe()
    );
    assert_eq!(
        ids(&report["flags"]["changed_after_seen"]),
        vec![edited.id.to_string()],
        "the pins remember the seal the first audit saw: {}",
        second.describe()
    );
    assert_eq!(
        ids(&report["flags"]["missing_after_seen"]),
        vec![deleted.id.to_string()],
        "and the session that is gone: {}",
        second.describe()
    );

    let table = home.run(&["audit", utf8(&home.data())]);
    table.assert_ok();
    assert!(
        table.stdout.contains(edited.id.as_str()) && table.stdout.contains(deleted.id.as_str()),
        "the table names both sessions: {}",
        table.describe()
    );

    let unpinned = home.audit_json(&["--no-pins"]);
    unpinned.assert_ok();
    let report = unpinned.json();
    for key in ["changed_after_seen", "missing_after_seen", "tampered"] {
        assert_eq!(
            report["flags"][key],
            serde_json::json!([]),
            "--no-pins reports neither ({key}): {}",
            unpinned.describe()
        );
    }
}

#[test]
fn demo_generate_refuses_a_folder_with_sessions_and_changes_nothing() {
    let home = Home::new();
    home.demo_into(10, &home.data());
    let before = snapshot(&home.data());
    assert_eq!(
        before
            .keys()
            .filter(|p| p.extension().is_some_and(|e| e == "ron"))
            .count(),
        10,
        "ten demo sessions: {:?}",
        before.keys()
    );

    let again = home.run(&["demo", "--generate", "5", utf8(&home.data())]);
    assert_ne!(again.code, Some(0), "refused: {}", again.describe());
    assert!(
        again.stderr.contains("already holds sessions"),
        "the reason is given: {}",
        again.describe()
    );
    let after = snapshot(&home.data());
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "no file added or removed"
    );
    for (path, bytes) in &before {
        assert!(
            after.get(path) == Some(bytes),
            "{} is byte-identical",
            path.display()
        );
    }
}

#[test]
fn stale_temporary_files_are_removed_by_the_listing_and_reported_by_the_audit() {
    let home = Home::new();
    home.demo_into(2, &home.data());
    let (path, _) = sessions_in(&home.data()).pop().expect("a demo session");
    let month = path.parent().expect("month folder");
    let name = path.file_name().and_then(|n| n.to_str()).expect("name");
    let stale = month.join(format!(".{name}.tmp-123-0"));
    let fresh = month.join(format!(".{name}.tmp-456-0"));
    fs::write(&stale, "(\n version: 1,").expect("stale temp file");
    fs::write(&fresh, "(\n version: 1,").expect("fresh temp file");
    let hour_ago = SystemTime::now() - Duration::from_hours(1);
    fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|f| f.set_modified(hour_ago))
        .expect("mtime set an hour back");

    let audited = home.audit_json(&[]);
    audited.assert_ok();
    let report = audited.json();
    assert_eq!(report["sessions"], 2, "{}", audited.describe());
    for temp in [&stale, &fresh] {
        let reason = unreadable_reason(&report, temp).unwrap_or_else(|| {
            panic!(
                "{} is in flags.unreadable: {}",
                temp.display(),
                audited.describe()
            )
        });
        assert!(
            reason.contains("temporary file"),
            "the audit says what it is: {reason}"
        );
        assert!(
            temp.exists(),
            "the audit leaves {} in place",
            temp.display()
        );
    }

    let listed = home.sessions();
    listed.assert_ok();
    assert!(
        listed.stdout.contains("2 session(s), 0 unreadable file(s)"),
        "temporary files are not sessions: {}",
        listed.describe()
    );
    assert!(!stale.exists(), "brief sessions removed the stale file");
    assert!(
        fresh.exists(),
        "and left the fresh one (a save may be in progress)"
    );

    let again = home.audit_json(&[]).json();
    assert!(unreadable_reason(&again, &stale).is_none(), "gone");
    assert!(unreadable_reason(&again, &fresh).is_some(), "still listed");
}

#[test]
fn a_same_size_edit_with_its_time_put_back_is_still_caught_by_a_cached_audit() {
    let home = Home::new();
    home.demo_into(4, &home.data());
    let closed = closed_in(&home.data());
    let (path, session) = closed.first().expect("a closed demo session");
    // Older than the cache's settling time, so the first audit caches every file.
    std::thread::sleep(Duration::from_millis(200));
    let first = home.audit_json(&[]);
    first.assert_ok();
    assert_eq!(first.json()["flags"]["tampered"], serde_json::json!([]));
    assert_eq!(
        brief::audit::scan::cache_entries(&home.data(), &home.path().join("brief-cache")),
        Some(4),
        "the first audit cached every session"
    );

    let mtime = fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let text = fs::read_to_string(path).expect("session text");
    let clinician = format!(" clinician: \"{}\",", session.clinician);
    let other: String = session.clinician.chars().rev().collect();
    assert_ne!(other, session.clinician, "a different clinician");
    let edited = text.replacen(&clinician, &format!(" clinician: \"{other}\","), 1);
    assert_eq!(edited.len(), text.len(), "the same size");
    assert_ne!(edited, text, "the clinician was edited");
    fs::write(path, &edited).expect("edited outside brief");
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(mtime))
        .expect("the old time put back");

    let second = home.audit_json(&[]);
    second.assert_ok();
    assert_eq!(
        ids(&second.json()["flags"]["tampered"]),
        vec![session.id.to_string()],
        "the cache does not hide the edit: {}",
        second.describe()
    );
    let listed = home.sessions();
    listed.assert_ok();
    assert!(
        listed
            .stdout
            .lines()
            .any(|l| l.starts_with(session.id.as_str()) && l.contains("changed outside brief")),
        "brief sessions agrees: {}",
        listed.describe()
    );
}

#[test]
fn values_and_file_names_cannot_steer_the_terminal() {
    let home = Home::new();
    home.demo_into(3, &home.data());
    let (path, _) = sessions_in(&home.data()).pop().expect("a demo session");
    let text = fs::read_to_string(&path).expect("session text");
    let line = text
        .lines()
        .find(|l| l.starts_with(" clinician: "))
        .expect("the clinician line");
    // An open copy with its own id would be a duplicate: change the clinician in place (the
    // seal then flags it, which is right) to an escape sequence that clears the screen.
    let edited = text.replacen(line, " clinician: \"\\u{1b}[2J\\u{1b}[31mc-evil\",", 1);
    fs::write(&path, edited).expect("edited outside brief");
    // And a file whose name holds a line break and an ESC, which would fake a line.
    let sneaky = path.with_file_name("fake\nunreadable: all good\u{1b}[0m.ron");
    fs::write(&sneaky, "garbage").expect("a sneaky name");
    // The follow-up list shows no clinician of a session it does not list, so only the file
    // name is checked there.
    let due = home.followups();
    due.assert_ok();
    assert!(
        !due.all().contains('\u{1b}')
            && !due
                .all()
                .lines()
                .any(|l| l.starts_with("unreadable: all good")),
        "brief followups neither obeys an escape nor lets a name fake a line: {}",
        due.describe()
    );
    for run in [home.sessions(), home.run(&["audit", utf8(&home.data())])] {
        run.assert_ok();
        let all = run.all();
        assert!(
            !all.contains('\u{1b}'),
            "no raw ESC reaches the terminal: {}",
            run.describe()
        );
        assert!(
            all.contains("\\u{1b}[2J"),
            "the escape is shown, not obeyed: {}",
            run.describe()
        );
        assert!(
            !all.lines().any(|l| l.starts_with("unreadable: all good")),
            "a file name cannot fake a line: {}",
            run.describe()
        );
    }
}
