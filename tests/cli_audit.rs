//! `brief audit`, run as a supervisor would: on `brief demo --generate 50` output and on the
//! hand-built fixture (`tests/common/mod.rs`). Every run uses a private HOME and cache folder,
//! so the user's data and cache are never touched.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use common::{BY_CLINICIAN_CSV, Fixture, KIM, SESSIONS_CSV, fixture};

const COMPONENTS: [&str; 6] = [
    "feedback",
    "responsibility",
    "advice",
    "menu",
    "empathy",
    "self_efficacy",
];

/// Runs `brief` with HOME, the XDG folders and `BRIEF_CACHE_DIR` inside `home`.
fn brief(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CACHE_HOME", home.join("xdg-cache"))
        .env("BRIEF_CACHE_DIR", home.join("brief-cache"))
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

fn assert_exit(out: &Output, code: i32, what: &str) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "{what}: exit {code}\n{}",
        describe(out)
    );
}

fn utf8(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// Parses CSV (RFC 4180 quoting) into rows of fields.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (_, c) => field.push(c),
        }
    }
    assert!(
        field.is_empty() && row.is_empty(),
        "the CSV ends with a newline"
    );
    rows
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is JSON ({e}):\n{}", describe(out)))
}

/// A home folder with 50 demo sessions in `home/demo`.
fn demo50() -> tempfile::TempDir {
    let home = tempfile::tempdir().expect("temp dir");
    let dir = home.path().join("demo");
    let out = brief(home.path(), &["demo", "--generate", "50", utf8(&dir)]);
    assert_exit(&out, 0, "demo --generate 50");
    home
}

/// `brief audit ROOT --no-cache ARGS…` on the fixture.
fn audit(fx: &Fixture, args: &[&str]) -> Output {
    let mut all = vec!["audit", utf8(fx.root()), "--no-cache"];
    all.extend(args);
    brief(fx.root(), &all)
}

#[test]
fn demo_table_shows_every_component_and_the_counts() {
    let home = demo50();
    let dir = home.path().join("demo");
    let out = brief(home.path(), &["audit", utf8(&dir), "--no-cache"]);
    assert_exit(&out, 0, "audit table");
    let stdout = text(&out.stdout);
    // One demo session in ten is of a family-intervention case: never in this table.
    assert!(
        stdout.starts_with("Audit of 45 session(s)"),
        "the first line counts the 45 brief interventions:\n{stdout}"
    );
    assert!(
        stdout.contains("see them with --protocol ID): family_intervention 5 session(s)"),
        "the family sessions are counted aside:\n{stdout}"
    );
    for c in COMPONENTS {
        assert!(
            stdout.lines().any(|l| l.trim_start().starts_with(c)),
            "a coverage line for {c}:\n{stdout}"
        );
    }
    for heading in [
        "Per clinician",
        "Per month",
        "Steps",
        "Stage at close",
        "median",
        "Screening zones",
        "Flags",
    ] {
        assert!(stdout.contains(heading), "the table has {heading}");
    }
    assert!(
        text(&out.stderr).is_empty(),
        "nothing on stderr: {}",
        describe(&out)
    );
}

#[test]
fn demo_csv_parses_back_with_six_component_columns() {
    let home = demo50();
    let dir = home.path().join("demo");
    let out = brief(
        home.path(),
        &["audit", utf8(&dir), "--no-cache", "--format", "csv"],
    );
    assert_exit(&out, 0, "audit csv");
    let rows = parse_csv(&text(&out.stdout));
    let header = rows.first().expect("a header");
    assert_eq!(header.len(), 15, "15 columns: {header:?}");
    assert_eq!(
        header.get(4..10).expect("component columns"),
        COMPONENTS,
        "the 6 component columns in protocol order"
    );
    assert_eq!(
        rows.len(),
        46,
        "a header and 45 rows: the brief interventions, not the family sessions"
    );
    for row in rows.iter().skip(1) {
        assert_eq!(row.len(), 15, "every row has 15 fields: {row:?}");
        for cell in row.get(4..10).expect("component cells") {
            assert!(cell == "0" || cell == "1", "0/1 cells: {row:?}");
        }
    }
}

#[test]
fn demo_json_has_per_component_shares() {
    let home = demo50();
    let dir = home.path().join("demo");
    let out = brief(
        home.path(),
        &["audit", utf8(&dir), "--no-cache", "--format", "json"],
    );
    assert_exit(&out, 0, "audit json");
    let v = json(&out);
    assert_eq!(v["sessions"], 45, "the 45 brief interventions");
    assert_eq!(
        v["other_protocols"],
        serde_json::json!([{"protocol": "family_intervention", "sessions": 5}]),
        "the family sessions counted aside"
    );
    let components = v["components"].as_array().expect("components array");
    assert_eq!(components.len(), 6, "six components");
    for (c, id) in components.iter().zip(COMPONENTS) {
        assert_eq!(c["component"], id, "component ids in protocol order");
        let share = c["share"].as_f64().expect("a share");
        assert!((0.0..=1.0).contains(&share), "{id} share in 0..1: {share}");
        let count = c["count"].as_f64().expect("a count");
        assert!(
            (share - count / 45.0).abs() < 1e-9,
            "{id} share is count / 45"
        );
    }
    assert!(
        v["clinicians"].as_array().is_some_and(|c| c.len() >= 3),
        "a row per clinician"
    );
}

#[test]
fn the_cache_never_changes_a_figure() {
    let home = demo50();
    let dir = home.path().join("demo");
    let run = |extra: &[&str]| {
        let mut args = vec!["audit", utf8(&dir), "--format", "csv"];
        args.extend(extra);
        let out = brief(home.path(), &args);
        assert_exit(&out, 0, "audit csv");
        text(&out.stdout)
    };
    let bypass = run(&["--no-cache"]);
    assert_eq!(run(&[]), bypass, "the first cached run matches --no-cache");
    assert_eq!(run(&[]), bypass, "a warm cached run matches --no-cache");
}

#[test]
fn fixture_csv_is_the_golden() {
    let fx = fixture();
    let out = audit(&fx, &["--format", "csv"]);
    assert_exit(&out, 0, "audit csv");
    assert_eq!(text(&out.stdout), SESSIONS_CSV, "the sessions CSV");
    let rows = parse_csv(&text(&out.stdout));
    assert_eq!(
        rows.get(3).and_then(|r| r.get(1)).map(String::as_str),
        Some(KIM),
        "a clinician id with a comma and quotes parses back whole"
    );
}

#[test]
fn by_variants_give_one_row_per_group() {
    let fx = fixture();
    let by = |what: &str| {
        let out = audit(&fx, &["--format", "csv", "--by", what]);
        assert_exit(&out, 0, what);
        text(&out.stdout)
    };
    assert_eq!(by("clinician"), BY_CLINICIAN_CSV, "--by clinician golden");
    assert_eq!(by("session"), SESSIONS_CSV, "--by session is the default");

    let component = parse_csv(&by("component"));
    assert_eq!(
        component.first().map(Vec::as_slice),
        Some(
            ["component", "count", "share"]
                .map(str::to_owned)
                .as_slice()
        ),
        "component header"
    );
    let names: Vec<&str> = component
        .iter()
        .skip(1)
        .filter_map(|r| r.first().map(String::as_str))
        .collect();
    assert_eq!(names, COMPONENTS, "one row per component");
    assert_eq!(
        component.get(4).map(Vec::as_slice),
        Some(["menu", "6", "0.500"].map(str::to_owned).as_slice()),
        "menu: 6 of 12"
    );

    let month = parse_csv(&by("month"));
    let months: Vec<&str> = month
        .iter()
        .skip(1)
        .filter_map(|r| r.first().map(String::as_str))
        .collect();
    assert_eq!(
        months,
        ["2026-01", "2026-02", "2026-03"],
        "one row per month"
    );
    assert_eq!(
        month.first().map(Vec::len),
        Some(8),
        "month, sessions and six shares"
    );

    let week = parse_csv(&by("week"));
    assert_eq!(week.len(), 12, "a header and eleven weeks");
}

#[test]
fn each_filter_flag_narrows_the_report() {
    let fx = fixture();
    let sessions = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend(args);
        let out = audit(&fx, &all);
        assert_exit(&out, 0, &format!("{args:?}"));
        json(&out)["sessions"].as_u64().expect("a session count")
    };
    // Worked out in tests/audit.rs: 12 in all, 4 a month; X1 is another protocol; L4 is open.
    assert_eq!(sessions(&[]), 12, "no filter");
    assert_eq!(sessions(&["--from", "2026-02-01"]), 8, "--from");
    assert_eq!(sessions(&["--to", "2026-01-31"]), 4, "--to");
    assert_eq!(
        sessions(&["--from", "2026-02-01", "--to", "2026-02-28"]),
        4,
        "--from and --to"
    );
    assert_eq!(sessions(&["--clinician", "c-ortiz"]), 4, "--clinician");
    assert_eq!(
        sessions(&["--clinician", KIM]),
        4,
        "--clinician with quotes"
    );
    assert_eq!(sessions(&["--clinician", "nobody"]), 0, "unknown clinician");
    assert_eq!(
        sessions(&["--protocol", "brief_intervention"]),
        11,
        "--protocol"
    );
    assert_eq!(sessions(&["--status", "open"]), 1, "--status open");
    assert_eq!(sessions(&["--status", "closed"]), 11, "--status closed");

    let out = audit(
        &fx,
        &[
            "--format",
            "csv",
            "--clinician",
            "c-ortiz",
            "--status",
            "closed",
        ],
    );
    assert_exit(&out, 0, "filtered csv");
    let rows = parse_csv(&text(&out.stdout));
    assert_eq!(rows.len(), 5, "a header and c-ortiz's four closed sessions");
    assert!(
        rows.iter()
            .skip(1)
            .all(|r| r.get(1).is_some_and(|c| c == "c-ortiz")),
        "only c-ortiz"
    );
}

#[test]
fn the_folder_comes_from_the_argument_then_data_then_the_platform_dir() {
    let fx = fixture();
    let empty = tempfile::tempdir().expect("temp dir");
    let count = |out: &Output| json(out)["sessions"].as_u64().expect("a session count");

    let out = brief(
        fx.root(),
        &[
            "audit",
            "--data",
            utf8(fx.root()),
            "--no-cache",
            "--format",
            "json",
        ],
    );
    assert_exit(&out, 0, "--data");
    assert_eq!(count(&out), 12, "--data DIR is audited");

    let out = brief(
        fx.root(),
        &[
            "audit",
            utf8(fx.root()),
            "--data",
            utf8(empty.path()),
            "--no-cache",
            "--format",
            "json",
        ],
    );
    assert_exit(&out, 0, "DATA_DIR over --data");
    assert_eq!(count(&out), 12, "the positional folder wins over --data");

    // No folder given: the platform data dir under the private HOME, which does not exist.
    let home = tempfile::tempdir().expect("temp dir");
    let out = brief(home.path(), &["audit", "--no-cache"]);
    assert_exit(&out, 1, "a missing platform data dir");
    assert!(
        text(&out.stderr).contains(&home.path().display().to_string()),
        "the error names the folder: {}",
        describe(&out)
    );
}

#[test]
fn a_broken_file_is_named_on_stderr_counted_and_left_untouched() {
    let fx = fixture();
    let broken = fx.path("L2").with_file_name("broken.ron");
    let bytes = fs::read(fx.path("L2")).expect("session file");
    let bytes = bytes.get(..bytes.len() / 2).expect("half").to_vec();
    fs::write(&broken, &bytes).expect("broken file written");

    for format in ["table", "csv", "json"] {
        let out = audit(&fx, &["--format", format]);
        assert_exit(&out, 0, &format!("a broken file, --format {format}"));
        let stderr = text(&out.stderr);
        let line = stderr
            .lines()
            .find(|l| l.contains("broken.ron"))
            .unwrap_or_else(|| panic!("stderr names the file: {}", describe(&out)));
        assert!(
            line.starts_with("unreadable: ") && line.contains(utf8(&broken)),
            "one line with the path and the reason: {line}"
        );
    }
    let out = audit(&fx, &["--format", "json"]);
    let v = json(&out);
    assert_eq!(v["sessions"], 12, "the readable sessions all count");
    assert_eq!(
        v["flags"]["unreadable"].as_array().map(Vec::len),
        Some(1),
        "one unreadable file in the report"
    );
    let out = audit(&fx, &[]);
    assert!(
        text(&out.stdout).contains("unreadable files (not counted above): 1"),
        "the table counts it: {}",
        describe(&out)
    );
    assert_eq!(
        fs::read(&broken).expect("still there"),
        bytes,
        "the broken file is byte-identical"
    );
}

#[test]
fn a_missing_folder_exits_1_naming_it() {
    let home = tempfile::tempdir().expect("temp dir");
    let missing = home.path().join("no such folder");
    let out = brief(home.path(), &["audit", utf8(&missing), "--no-cache"]);
    assert_exit(&out, 1, "a missing folder");
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("cannot read the folder") && stderr.contains(utf8(&missing)),
        "a clear message with the folder: {stderr}"
    );
    assert!(
        text(&out.stdout).is_empty(),
        "no report: {}",
        describe(&out)
    );
}

#[test]
fn a_bad_date_exits_2_naming_the_value() {
    let fx = fixture();
    for (flag, value) in [
        ("--from", "2026-13-01"),
        ("--to", "31/01/2026"),
        ("--to", "2026-02-30"),
    ] {
        let out = audit(&fx, &[flag, value]);
        assert_exit(&out, 2, &format!("{flag} {value}"));
        assert!(
            text(&out.stderr).contains(value),
            "the error names {value}: {}",
            describe(&out)
        );
    }
    let out = audit(&fx, &["--from", "2026-03-01", "--to", "2026-02-01"]);
    assert_exit(&out, 2, "--from after --to");
    assert!(
        text(&out.stderr).contains("2026-03-01"),
        "the error names the dates: {}",
        describe(&out)
    );
}

#[test]
fn a_closed_file_edited_by_hand_is_flagged_tampered() {
    let fx = fixture();
    let tampered = |out: &Output| -> Vec<String> {
        json(out)["flags"]["tampered"]
            .as_array()
            .expect("a tampered list")
            .iter()
            .filter_map(|s| s["id"].as_str().map(str::to_owned))
            .collect()
    };
    let out = audit(&fx, &["--format", "json"]);
    assert_exit(&out, 0, "audit json");
    assert_eq!(
        tampered(&out),
        ["20260303-150000-0000000000000023"],
        "only O3, edited when the fixture was made"
    );
    common::edit_summary(fx.path("K1"));
    let out = audit(&fx, &["--format", "json"]);
    assert_eq!(
        tampered(&out),
        [
            "20260112-120000-0000000000000031",
            "20260303-150000-0000000000000023"
        ],
        "K1 edited by hand joins it"
    );
    let out = audit(&fx, &["--format", "csv", "--clinician", KIM]);
    let csv = text(&out.stdout);
    let k1 = csv
        .lines()
        .find(|l| l.starts_with("20260112-120000"))
        .unwrap_or_else(|| panic!("K1's row: {csv}"));
    assert!(k1.ends_with(",tampered"), "K1's flags: {k1}");
}
