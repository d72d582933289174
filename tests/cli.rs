//! Runs the built `brief` binary as a user would, on good and bad input.

use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

/// Runs `brief` from an empty folder (the bundled protocols are in the binary).
fn brief(args: &[&str]) -> Output {
    let cwd = TempDir::new().expect("temp dir");
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(cwd.path())
        .output()
        .expect("run brief")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// Asserts the exit code, showing the output when it differs.
fn assert_exit(o: &Output, code: i32, what: &str) {
    assert_eq!(
        o.status.code(),
        Some(code),
        "{what}: exit code\nstdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
}

/// The value of a human-output line such as `total       4 of 12`.
fn field(out: &str, name: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix(name).filter(|rest| rest.starts_with(' ')))
        .unwrap_or_else(|| panic!("output has a {name} line:\n{out}"))
        .trim()
        .to_owned()
}

/// A copy of the bundled `protocols/` folder.
fn copy_protocols() -> TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols");
    let dir = TempDir::new().expect("temp dir");
    for sub in ["", "instruments"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("create folder");
        for entry in std::fs::read_dir(src.join(sub)).expect("read protocols/") {
            let path = entry.expect("dir entry").path();
            if path.is_file() {
                let name = path.file_name().expect("file name");
                std::fs::copy(&path, dir.path().join(sub).join(name)).expect("copy file");
            }
        }
    }
    dir
}

/// Replaces the first `from` in `dir/file` with `to`; returns the edited text.
fn edit(dir: &TempDir, file: &str, from: &str, to: &str) -> String {
    let path = dir.path().join(file);
    let text = std::fs::read_to_string(&path).expect("read fixture file");
    assert!(text.contains(from), "{file} contains {from:?}");
    let edited = text.replacen(from, to, 1);
    std::fs::write(&path, &edited).expect("write fixture file");
    edited
}

/// `line:col` (1-based, columns in characters) of `needle` inside the first `context`.
fn line_col(text: &str, context: &str, needle: &str) -> String {
    let at = text.find(context).expect("context in text")
        + context.find(needle).expect("needle in context");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    format!("{line}:{col}")
}

fn as_str(dir: &TempDir) -> &str {
    dir.path().to_str().expect("UTF-8 temp path")
}

// ---------------------------------------------------------------------------------------------
// brief check

#[test]
fn check_bundled_exits_0_with_one_summary_line() {
    let o = brief(&["check"]);
    assert_exit(&o, 0, "brief check");
    let out = stdout(&o);
    // A summary line, one licence line per instrument, then one line per language's texts.
    let (texts, protocols): (Vec<&str>, Vec<&str>) =
        out.lines().partition(|l| l.starts_with("text "));
    assert_eq!(protocols.len(), 11, "summary and ten licences: {out}");
    assert_eq!(
        texts,
        ["text en    complete", "text sv    complete"],
        "each language's texts: {out}"
    );
    assert!(out.starts_with("ok: "), "summary says ok: {out}");
    assert!(
        out.contains("2 protocol(s) (13 steps") && out.contains("10 instruments"),
        "summary counts steps and instruments: {out}"
    );
    let crafft = out
        .lines()
        .find(|l| l.starts_with("licence crafft"))
        .unwrap_or_default();
    assert!(
        crafft.contains("refused") && crafft.contains("Boston Children's Hospital"),
        "CRAFFT is refused, naming who to ask: {crafft}"
    );
    let audit = out
        .lines()
        .find(|l| l.starts_with("licence audit "))
        .unwrap_or_default();
    assert!(audit.contains("software use confirmed"), "{audit}");
    assert!(stderr(&o).is_empty(), "nothing on stderr: {}", stderr(&o));
}

#[test]
fn check_dir_on_an_unedited_copy_exits_0() {
    let dir = copy_protocols();
    let o = brief(&["check", as_str(&dir)]);
    assert_exit(&o, 0, "brief check DIR");
    assert_eq!(
        stdout(&o)
            .lines()
            .filter(|l| !l.starts_with("text "))
            .count(),
        11,
        "a summary line and ten licences"
    );
    assert!(
        stdout(&o).contains(as_str(&dir)),
        "summary names the folder: {}",
        stdout(&o)
    );
}

#[test]
fn check_dir_on_a_broken_copy_exits_1_with_path_line_col_lines() {
    let dir = copy_protocols();
    let audit = edit(
        &dir,
        "instruments/audit.ron",
        "Band(zone: \"II\", min: 8, max: 15)",
        "Band(zone: \"II\", min: 8, max: 14)",
    );
    let dast = edit(
        &dir,
        "instruments/dast10.ron",
        "Item(id: \"q2\", number: \"2\"",
        "Item(id: \"q1\", number: \"2\"",
    );
    let o = brief(&["check", as_str(&dir)]);
    assert_exit(&o, 1, "brief check on a broken copy");
    assert!(stdout(&o).is_empty(), "nothing on stdout: {}", stdout(&o));
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    let audit_path = dir.path().join("instruments").join("audit.ron");
    let dast_path = dir.path().join("instruments").join("dast10.ron");
    assert_eq!(
        lines,
        [
            format!(
                "{}:{}: scores 15–15 fall in no zone, between zone II and zone III",
                audit_path.display(),
                line_col(&audit, "Band(zone: \"III\", min: 16", "min")
            ),
            format!(
                "{}:{}: item id \"q1\" is used more than once; ids must be unique",
                dast_path.display(),
                line_col(&dast, "Item(id: \"q1\", number: \"2\"", "id")
            ),
            "2 problem(s) found".to_owned(),
        ],
        "one path:line:col: message line per problem, then a count"
    );
}

#[test]
fn check_reports_a_ron_syntax_error_with_its_position() {
    let dir = copy_protocols();
    let text = edit(
        &dir,
        "instruments/audit_c.ron",
        "short_name: \"AUDIT-C\",",
        "short_name: \"AUDIT-C\"",
    );
    let o = brief(&["check", as_str(&dir)]);
    assert_exit(&o, 1, "brief check on a syntax error");
    let path = dir.path().join("instruments").join("audit_c.ron");
    let expected = format!(
        "{}:{}: Expected comma",
        path.display(),
        line_col(&text, "\n    version:", "version")
    );
    assert!(
        stderr(&o).lines().any(|l| l == expected),
        "stderr has {expected:?}:\n{}",
        stderr(&o)
    );
}

#[test]
fn check_a_folder_that_does_not_exist_fails_clearly() {
    let o = brief(&["check", "/nonexistent"]);
    assert_ne!(o.status.code(), Some(0), "non-zero exit");
    let err = stderr(&o);
    assert!(err.contains("/nonexistent"), "names the folder: {err}");
    assert!(err.contains("cannot read"), "says it cannot be read: {err}");
}

// ---------------------------------------------------------------------------------------------
// brief score

#[test]
fn score_audit_c_for_a_woman_prints_total_4_positive() {
    let o = brief(&["score", "audit-c", "2", "1", "1", "--sex", "female"]);
    assert_exit(&o, 0, "score audit-c");
    let out = stdout(&o);
    // 2 + 1 + 1 = 4 of 12.
    assert_eq!(field(&out, "total"), "4 of 12", "total line");
    assert!(
        field(&out, "zone").starts_with("positive"),
        "zone line: {out}"
    );
    assert!(!field(&out, "action").is_empty(), "action line: {out}");
    assert_eq!(field(&out, "flags"), "none", "no flags: {out}");
}

#[test]
fn score_json_has_the_documented_fields() {
    let o = brief(&[
        "score", "audit-c", "2", "1", "1", "--sex", "female", "--json",
    ]);
    assert_exit(&o, 0, "score --json");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("stdout is JSON");
    assert_eq!(v["instrument"], "audit-c", "instrument: {v}");
    assert_eq!(v["total"], 4, "total 2 + 1 + 1: {v}");
    assert_eq!(v["zone"], "positive", "zone: {v}");
    assert!(
        v["level"].as_str().is_some_and(|s| !s.is_empty()),
        "level: {v}"
    );
    assert!(
        v["action"].as_str().is_some_and(|s| !s.is_empty()),
        "action: {v}"
    );
    assert_eq!(
        v["flags"],
        serde_json::json!([]),
        "flags is an empty list: {v}"
    );
}

#[test]
fn score_json_for_a_man_at_3_is_negative() {
    let o = brief(&["score", "audit-c", "1", "1", "1", "--sex", "male", "--json"]);
    assert_exit(&o, 0, "score --json male");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("stdout is JSON");
    // 1 + 1 + 1 = 3, below the men's cut-off of 4.
    assert_eq!(v["total"], 3, "total: {v}");
    assert_eq!(v["zone"], "negative", "zone: {v}");
}

#[test]
fn score_json_lists_flags_with_their_ids() {
    let o = brief(&[
        "score", "dast-10", "1", "1", "1", "1", "1", "1", "1", "1", "1", "1", "--json",
    ]);
    assert_exit(&o, 0, "score dast-10 all no");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("stdout is JSON");
    // All No: only item 3 (reverse-scored) scores, 1 → low.
    assert_eq!(v["total"], 1, "total: {v}");
    assert_eq!(v["zone"], "low", "zone: {v}");
    let flags = v["flags"].as_array().expect("flags is a list");
    assert!(
        flags.iter().any(|f| f["id"] == "all_no"),
        "all_no flag: {v}"
    );
}

#[test]
fn score_audit_escalation_shows_the_raised_zone() {
    // 2 + 1 + 1 + 2 (item 4) = 6: zone I, raised to II by item 4.
    let o = brief(&[
        "score", "audit", "2", "1", "1", "2", "0", "0", "0", "0", "0", "0",
    ]);
    assert_exit(&o, 0, "score audit escalation");
    let out = stdout(&o);
    assert_eq!(field(&out, "total"), "6 of 40", "total: {out}");
    assert!(field(&out, "zone").starts_with("I "), "zone I: {out}");
    assert!(
        field(&out, "action").ends_with("(raised to zone II)"),
        "raised: {out}"
    );
    assert!(
        field(&out, "flag").starts_with("dependence_symptoms:"),
        "flag line: {out}"
    );
}

#[test]
fn score_out_of_range_answer_exits_2_naming_item_9_and_the_range() {
    let o = brief(&[
        "score", "audit", "0", "0", "0", "0", "0", "0", "0", "0", "3", "0",
    ]);
    assert_exit(&o, 2, "out of range");
    let err = stderr(&o);
    assert!(err.contains("item 9"), "names item 9: {err}");
    assert!(err.contains("0–2"), "names the allowed range: {err}");
    assert!(stdout(&o).is_empty(), "no result printed: {}", stdout(&o));
}

#[test]
fn score_wrong_number_of_answers_exits_2() {
    let o = brief(&["score", "audit", "1", "2", "3"]);
    assert_exit(&o, 2, "wrong count");
    let err = stderr(&o);
    assert!(err.contains("takes 10 answers"), "names the count: {err}");
    assert!(err.contains("got 3"), "names what was given: {err}");
}

#[test]
fn score_unknown_instrument_exits_2_listing_the_known_ids() {
    let o = brief(&["score", "crafft2", "1"]);
    assert_exit(&o, 2, "unknown id");
    let err = stderr(&o);
    assert!(err.contains("\"crafft2\""), "names the id given: {err}");
    for id in [
        "assist",
        "audit",
        "audit-c",
        "dast-10",
        "single-alcohol",
        "single-drug",
    ] {
        assert!(err.contains(id), "lists {id}: {err}");
    }
}

#[test]
fn score_assist_without_substance_exits_2() {
    let o = brief(&["score", "assist", "1", "1", "1", "1", "1", "1"]);
    assert_exit(&o, 2, "assist without --substance");
    let err = stderr(&o);
    assert!(
        err.contains("tobacco") && err.contains("alcohol"),
        "lists the substances: {err}"
    );
}

#[test]
fn score_assist_unknown_substance_exits_2() {
    let o = brief(&[
        "score",
        "assist",
        "1",
        "1",
        "1",
        "1",
        "1",
        "1",
        "--substance",
        "kratom",
    ]);
    assert_exit(&o, 2, "assist with an unknown substance");
    assert!(stderr(&o).contains("kratom"), "names it: {}", stderr(&o));
}

#[test]
fn score_assist_tobacco_gives_21_moderate() {
    let o = brief(&[
        "score",
        "assist",
        "4",
        "4",
        "0",
        "2",
        "1",
        "--substance",
        "tobacco",
    ]);
    assert_exit(&o, 0, "assist tobacco");
    let out = stdout(&o);
    // Q2 daily 6 + Q3 daily 6 + Q4 never 0 + Q6 not past 3m 3 + Q7 past 3m 6 = 21 of 31.
    assert_eq!(field(&out, "total"), "21 of 31", "total: {out}");
    assert!(field(&out, "zone").starts_with("moderate"), "zone: {out}");
    assert!(
        field(&out, "instrument").contains("tobacco"),
        "names the substance: {out}"
    );
}

#[test]
fn score_assist_tobacco_with_six_answers_exits_2() {
    let o = brief(&[
        "score",
        "assist",
        "4",
        "4",
        "0",
        "0",
        "2",
        "1",
        "--substance",
        "tobacco",
    ]);
    assert_exit(&o, 2, "tobacco with a Q5");
    assert!(
        stderr(&o).contains("takes 5 answers"),
        "names the count: {}",
        stderr(&o)
    );
}

#[test]
fn score_dash_for_a_skipped_item_is_accepted() {
    // Item 1 = Never skips items 2–8; item 9 index 1 = 2, item 10 = 0. Total 2.
    let o = brief(&[
        "score", "audit", "0", "-", "-", "-", "-", "-", "-", "-", "1", "0",
    ]);
    assert_exit(&o, 0, "dash on skipped items");
    assert_eq!(
        field(&stdout(&o), "total"),
        "2 of 40",
        "total: {}",
        stdout(&o)
    );
    // ASSIST: Q2 never skips Q3–Q5; Q6 long ago 3 + Q7 long ago 3 = 6 → moderate.
    let o = brief(&[
        "score",
        "assist",
        "0",
        "-",
        "-",
        "-",
        "2",
        "2",
        "--substance",
        "cannabis",
    ]);
    assert_exit(&o, 0, "dash on skipped ASSIST items");
    let out = stdout(&o);
    assert_eq!(field(&out, "total"), "6 of 39", "total: {out}");
    assert!(field(&out, "zone").starts_with("moderate"), "zone: {out}");
}

#[test]
fn score_dash_for_an_asked_item_exits_2() {
    let o = brief(&[
        "score", "audit", "1", "-", "0", "0", "0", "0", "0", "0", "0", "0",
    ]);
    assert_exit(&o, 2, "dash on an asked item");
    let err = stderr(&o);
    assert!(err.contains("item 2"), "names item 2: {err}");
    assert!(err.contains("0–4"), "names the allowed range: {err}");
}

#[test]
fn score_a_non_number_answer_exits_2() {
    let o = brief(&["score", "audit-c", "2", "x", "1"]);
    assert_exit(&o, 2, "non-number answer");
    assert!(stderr(&o).contains("\"x\""), "names it: {}", stderr(&o));
}

#[test]
fn protocols_option_scores_with_another_set() {
    let dir = copy_protocols();
    edit(
        &dir,
        "instruments/audit_c.ron",
        "action: \"Give the full AUDIT or assess further, then brief intervention\"",
        "action: \"Clinic rule: book a nurse visit this week\"",
    );
    let o = brief(&[
        "--protocols",
        as_str(&dir),
        "score",
        "audit-c",
        "2",
        "1",
        "1",
        "--sex",
        "female",
    ]);
    assert_exit(&o, 0, "score with --protocols");
    assert_eq!(
        field(&stdout(&o), "action"),
        "Clinic rule: book a nurse visit this week",
        "the other set's action text"
    );
    // The bundled set is unchanged.
    let o = brief(&["score", "audit-c", "2", "1", "1", "--sex", "female"]);
    assert_ne!(
        field(&stdout(&o), "action"),
        "Clinic rule: book a nurse visit this week",
        "bundled action text"
    );
}

#[test]
fn protocols_option_with_a_broken_set_fails_naming_the_problem() {
    let dir = copy_protocols();
    let text = edit(
        &dir,
        "instruments/audit.ron",
        "Band(zone: \"IV\", min: 20, max: 40)",
        "Band(zone: \"IV\", min: 20, max: 39)",
    );
    let o = brief(&[
        "--protocols",
        as_str(&dir),
        "score",
        "audit-c",
        "2",
        "1",
        "1",
    ]);
    assert_exit(&o, 1, "score with a broken --protocols set");
    let expected = format!(
        "{}:{}: scores 40–40 fall in no zone: zone IV ends at 39",
        dir.path().join("instruments").join("audit.ron").display(),
        line_col(&text, "Band(zone: \"IV\", min: 20, max: 39)", "max")
    );
    assert!(
        stderr(&o).lines().any(|l| l == expected),
        "stderr has {expected:?}:\n{}",
        stderr(&o)
    );
}

// --- Safety rules in `brief score` (issue: clinical safety) ---------------------------------

/// The `safety` ids of `brief score ... --json`, after checking each has id, severity, action.
fn safety_ids(args: &[&str]) -> Vec<String> {
    let mut all = args.to_vec();
    all.push("--json");
    let o = brief(&all);
    assert_exit(&o, 0, &format!("{args:?}"));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON object");
    v["safety"]
        .as_array()
        .expect("a safety list, empty or not")
        .iter()
        .map(|f| {
            for key in ["id", "severity", "action", "advice"] {
                assert!(
                    f[key].as_str().is_some_and(|s| !s.is_empty()),
                    "{key} in {f}"
                );
            }
            f["id"].as_str().unwrap_or_default().to_owned()
        })
        .collect()
}

#[test]
fn score_reports_the_safety_rules_for_the_pregnant_the_minor_and_the_dependent() {
    // Pregnant, AUDIT-C 1 (monthly or less): any drinking counts.
    let pregnant = safety_ids(&[
        "score",
        "audit-c",
        "1",
        "0",
        "0",
        "--sex",
        "female",
        "--age",
        "30",
        "--pregnant",
        "yes",
    ]);
    assert_eq!(pregnant, ["pregnancy"], "pregnant");
    let not = safety_ids(&[
        "score",
        "audit-c",
        "1",
        "0",
        "0",
        "--sex",
        "female",
        "--age",
        "30",
        "--pregnant",
        "no",
    ]);
    assert!(not.is_empty(), "not pregnant: {not:?}");
    // 16-year-old boy: underage, whatever the score.
    let minor = safety_ids(&[
        "score", "audit-c", "1", "0", "0", "--sex", "male", "--age", "16",
    ]);
    assert_eq!(minor, ["underage"], "16");
    // Man of 40, AUDIT-C 4+4+4 = 12 (the 8–12 tier): withdrawal risk.
    let dependent = safety_ids(&[
        "score", "audit-c", "4", "4", "4", "--sex", "male", "--age", "40",
    ]);
    assert_eq!(dependent, ["withdrawal_risk"], "AUDIT-C 12");
    // Opioids weekly (4, moderate) and injecting in the past 3 months.
    let opioids = safety_ids(&[
        "score",
        "assist",
        "3",
        "0",
        "0",
        "0",
        "0",
        "0",
        "--substance",
        "opioids",
        "--injected",
        "recent",
        "--age",
        "30",
    ]);
    assert_eq!(
        opioids,
        ["overdose_risk", "injecting"],
        "opioids and injecting"
    );
    let past = safety_ids(&[
        "score",
        "assist",
        "2",
        "0",
        "0",
        "0",
        "0",
        "0",
        "--substance",
        "opioids",
        "--injected",
        "past",
        "--age",
        "30",
    ]);
    assert!(
        past.is_empty(),
        "opioids 3 (low), injected long ago: {past:?}"
    );
}

#[test]
fn score_human_output_names_each_rule_and_what_to_do() {
    let o = brief(&[
        "score", "audit", "1", "0", "0", "0", "0", "2", "0", "0", "0", "0", "--sex", "male",
        "--age", "50",
    ]);
    assert_exit(&o, 0, "audit with a morning drink");
    let out = stdout(&o);
    assert!(out.contains("withdrawal_risk (urgent)"), "{out}");
    assert!(
        out.contains("item 6: Monthly"),
        "says what raised it: {out}"
    );
    assert!(out.contains("Do not advise stopping abruptly"), "{out}");
    let o = brief(&[
        "score", "audit-c", "0", "0", "0", "--sex", "male", "--age", "50",
    ]);
    assert!(stdout(&o).contains("safety      none"), "{}", stdout(&o));
}

#[test]
fn score_rejects_a_bad_pregnancy_or_injecting_value_with_the_allowed_values() {
    let o = brief(&["score", "audit-c", "1", "0", "0", "--pregnant", "maybe"]);
    assert_exit(&o, 2, "bad --pregnant");
    let err = stderr(&o);
    for v in ["yes", "trying", "no", "unknown"] {
        assert!(err.contains(v), "lists {v}: {err}");
    }
    let o = brief(&["score", "audit-c", "1", "0", "0", "--injected", "recent"]);
    assert_exit(&o, 2, "--injected on AUDIT-C");
    assert!(stderr(&o).contains("no injecting item"), "{}", stderr(&o));
    let o = brief(&[
        "score",
        "assist",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "--substance",
        "opioids",
        "--injected",
        "often",
    ]);
    assert_exit(&o, 2, "bad --injected");
    assert!(
        stderr(&o).contains("never") && stderr(&o).contains("recent"),
        "{}",
        stderr(&o)
    );
}
