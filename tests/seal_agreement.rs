//! One table of hand edits on a closed session file, and the one verdict every reader must give:
//! `brief sessions` (its flags column), `brief audit --format json` (`flags.tampered`), and,
//! in the library, `brief::store::read_checked` (what the window and the commands read) and
//! `brief::audit::scan::summarize_text` (what the audit reads). Line endings and trailing blanks
//! are not part of the record; anything else breaks the seal.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use brief::session::{Seal, SealBreak, Session, Status};
use brief::store::read_checked;

fn brief(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CACHE_HOME", home.join("xdg-cache"))
        .env("XDG_STATE_HOME", home.join("xdg-state"))
        .env("XDG_CONFIG_HOME", home.join("xdg-config"))
        .env("BRIEF_CACHE_DIR", home.join("brief-cache"))
        .env("BRIEF_PINS_DIR", home.join("brief-pins"))
        .env_remove("BRIEF_CRASH_CHILD_DIR")
        .output()
        .expect("brief runs")
}

fn describe(out: &Output) -> String {
    format!(
        "status {}\n--- stdout\n{}--- stderr\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A closed, unamended demo session with a screening result and a summary: its file's path
/// (relative to the data folder), text and session.
fn closed_session(home: &Path) -> (PathBuf, String, Session) {
    let data = home.join("demo");
    let out = brief(home, &["demo", "--generate", "12", utf8(&data)]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "demo --generate: {}",
        describe(&out)
    );
    let mut stack = vec![data.clone()];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<PathBuf> = fs::read_dir(&dir)
            .expect("readable folder")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let (session, seal) = read_checked(&path).expect("a demo session loads");
            let text = fs::read_to_string(&path).expect("session text");
            if seal == Seal::Intact
                && session.status == Status::Closed
                && session.amendments.is_empty()
                && text.contains("\n    total: ")
                && text.contains("\n closed: Some(\"")
            {
                let rel = path.strip_prefix(&data).expect("inside").to_path_buf();
                return (rel, text, session);
            }
        }
    }
    panic!("no closed demo session with a screening result");
}

/// Replaces the first line starting with `prefix` by `f(line)`.
fn edit_line(text: &str, prefix: &str, f: impl Fn(&str) -> String) -> String {
    let line = text
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("a line starting {prefix:?}"));
    text.replacen(&format!("{line}\n"), &f(line), 1)
}

struct Edit {
    name: &'static str,
    apply: fn(&str, &Session) -> String,
    expected: Seal,
}

const EDITS: &[Edit] = &[
    Edit {
        name: "untouched",
        apply: |t, _| t.to_owned(),
        expected: Seal::Intact,
    },
    Edit {
        name: "score (a total: value)",
        apply: |t, _| {
            edit_line(t, "    total: ", |l| {
                let n: u32 = l
                    .trim()
                    .trim_start_matches("total: ")
                    .trim_end_matches(',')
                    .parse()
                    .expect("a total");
                format!("    total: {},\n", n + 1)
            })
        },
        expected: Seal::Changed(SealBreak::Edited),
    },
    Edit {
        name: "clinician",
        apply: |t, s| {
            edit_line(t, " clinician: ", |_| {
                format!(" clinician: \"{}-x\",\n", s.clinician)
            })
        },
        expected: Seal::Changed(SealBreak::Edited),
    },
    Edit {
        name: "a time (the close time, one minute later)",
        apply: |t, s| {
            let closed = s.closed.expect("closed") + chrono::Duration::minutes(1);
            edit_line(t, " closed: Some(\"", |_| {
                format!(
                    " closed: Some(\"{}\"),\n",
                    closed.to_utc().format("%Y-%m-%dT%H:%M:%SZ")
                )
            })
        },
        expected: Seal::Changed(SealBreak::Edited),
    },
    Edit {
        name: "status Closed -> Open",
        apply: |t, _| edit_line(t, " status: Closed,", |_| " status: Open,\n".to_owned()),
        expected: Seal::Changed(SealBreak::Reopened),
    },
    Edit {
        name: "CRLF line endings",
        apply: |t, _| t.replace('\n', "\r\n"),
        expected: Seal::Intact,
    },
    Edit {
        name: "trailing blanks",
        apply: |t, _| t.replace(",\n", ",  \t\n") + "\n\n",
        expected: Seal::Intact,
    },
    Edit {
        name: "a // comment line",
        apply: |t, _| t.replacen("(\n", "(\n // checked by hand\n", 1),
        expected: Seal::Changed(SealBreak::Edited),
    },
    Edit {
        name: "re-indent (one space -> two)",
        apply: |t, _| {
            let mut out = String::new();
            for l in t.lines() {
                let body = l.trim_start_matches(' ');
                let indent = l.len() - body.len();
                out.push_str(&" ".repeat(indent * 2));
                out.push_str(body);
                out.push('\n');
            }
            out
        },
        expected: Seal::Changed(SealBreak::Edited),
    },
    Edit {
        name: "an unknown field",
        apply: |t, _| {
            edit_line(t, " content_hash: ", |l| {
                format!(" reviewed_by: \"someone\",\n{l}\n")
            })
        },
        expected: Seal::Changed(SealBreak::Edited),
    },
    Edit {
        name: "hash line removed",
        apply: |t, _| edit_line(t, " content_hash: ", |_| String::new()),
        expected: Seal::Changed(SealBreak::HashRemoved),
    },
];

/// What `brief sessions` says of the session: its seal, read back from the flags column.
fn seal_in_listing(stdout: &str, id: &str) -> Result<Option<String>, String> {
    let line = stdout
        .lines()
        .find(|l| l.starts_with(id))
        .ok_or_else(|| format!("not listed:\n{stdout}"))?;
    let changed = [
        Seal::Changed(SealBreak::Reopened),
        Seal::Changed(SealBreak::HashRemoved),
        Seal::Changed(SealBreak::Edited),
    ]
    .into_iter()
    .map(Seal::describe)
    .find(|d| line.contains(d.as_str()));
    Ok(changed)
}

#[test]
fn every_reader_gives_the_same_verdict_on_each_edit() {
    let home = tempfile::tempdir().expect("temp dir");
    let (rel, text, session) = closed_session(home.path());
    let id = session.id.as_str();
    let mut failures = Vec::new();

    for (i, edit) in EDITS.iter().enumerate() {
        let edited = (edit.apply)(&text, &session);
        if edit.name == "untouched" {
            assert_eq!(edited, text, "untouched is the file as brief wrote it");
        } else {
            assert_ne!(edited, text, "{}: the edit changed the text", edit.name);
        }
        let data = home.path().join(format!("case-{i}"));
        let path = data.join(&rel);
        fs::create_dir_all(path.parent().expect("folder")).expect("data folder");
        fs::write(&path, &edited).expect("edited file");
        let flagged = edit.expected.is_changed();
        let mut fail = |what: String| failures.push(format!("{}: {what}", edit.name));

        // The library: the store's reader and the audit's reader.
        let store_seal = read_checked(&path).map(|(_, seal)| seal);
        let audit_seal = brief::audit::scan::summarize_text(path.clone(), &edited).map(|s| s.seal);
        match (&store_seal, &audit_seal) {
            (Ok(a), Ok(b)) if a == b && *a == edit.expected => {}
            (a, b) => fail(format!(
                "read_checked {a:?}, summarize_text {:?}, expected {:?}",
                b.as_ref().map_err(|u| &u.reason),
                edit.expected
            )),
        }

        // `brief sessions`.
        let out = brief(home.path(), &["sessions", "--data", utf8(&data)]);
        let stdout = String::from_utf8_lossy(&out.stdout);
        if out.status.code() != Some(0) || !stdout.contains("1 session(s), 0 unreadable file(s)") {
            fail(format!("brief sessions: {}", describe(&out)));
        }
        match seal_in_listing(&stdout, id) {
            Ok(shown) if shown == flagged.then(|| edit.expected.describe()) => {}
            Ok(shown) => fail(format!(
                "brief sessions shows {shown:?}, expected {:?}:\n{stdout}",
                flagged.then(|| edit.expected.describe())
            )),
            Err(e) => fail(format!("brief sessions: {e}")),
        }

        // `brief audit --format json`.
        let out = brief(home.path(), &["audit", utf8(&data), "--format", "json"]);
        match serde_json::from_slice::<serde_json::Value>(&out.stdout) {
            Ok(report) if out.status.code() == Some(0) => {
                let tampered: Vec<&str> = report["flags"]["tampered"]
                    .as_array()
                    .map(|l| l.iter().filter_map(|x| x["id"].as_str()).collect())
                    .unwrap_or_default();
                let expected: Vec<&str> = if flagged { vec![id] } else { vec![] };
                if report["sessions"] != 1
                    || report["flags"]["unreadable"] != serde_json::json!([])
                    || tampered != expected
                {
                    fail(format!(
                        "brief audit: sessions {}, unreadable {}, tampered {tampered:?}, \
                         expected tampered {expected:?}",
                        report["sessions"], report["flags"]["unreadable"]
                    ));
                }
            }
            _ => fail(format!("brief audit: {}", describe(&out))),
        }
    }
    assert!(
        failures.is_empty(),
        "the readers disagree:\n{}",
        failures.join("\n")
    );
}
