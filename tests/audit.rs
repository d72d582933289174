//! The supervisor's report against a hand-built fixture (see `tests/common/mod.rs` for the
//! twelve sessions): every figure below is worked out by hand from that table.

mod common;

use std::fs;

use brief::audit::aggregate::{Filters, GroupRow, Report};
use brief::audit::export::{self, GroupBy};
use brief::audit::scan::{CacheMode, ScanResult, scan};
use brief::protocol::{Protocol, ProtocolSet};
use brief::session::Status;
use chrono::NaiveDate;

use common::{BY_CLINICIAN_CSV, Fixture, KIM, SESSIONS_CSV, edit_summary, fixture};

fn protocol() -> Protocol {
    ProtocolSet::bundled()
        .expect("bundled protocols load")
        .default_protocol()
        .clone()
}

fn scanned(fx: &Fixture) -> ScanResult {
    scan(fx.root(), CacheMode::Bypass)
}

fn report(fx: &Fixture, filters: &Filters) -> Report {
    let scanned = scanned(fx);
    Report::new(&scanned.summaries, filters, &protocol()).with_unreadable(&scanned.unreadable)
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Component counts in protocol order (F R A M E S).
fn counts(row: &GroupRow) -> Vec<usize> {
    row.components.iter().map(|c| c.count).collect()
}

fn short_ids(ids: impl IntoIterator<Item = String>) -> Vec<String> {
    // The fixture's random parts end in the label's number: 0x11 = L1 … 0x34 = X1.
    ids.into_iter()
        .map(|id| id.get(id.len() - 2..).unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn the_fixture_loads_whole_from_nested_folders() {
    let fx = fixture();
    let s = scanned(&fx);
    assert_eq!(s.summaries.len(), 12, "twelve sessions found recursively");
    assert!(
        s.unreadable.is_empty(),
        "no unreadable file: {:?}",
        s.unreadable
    );
    assert!(
        fx.path("L1").starts_with(fx.root().join("c-lee")),
        "c-lee's sessions are in their own folder"
    );
}

#[test]
fn coverage_per_component_matches_the_hand_count() {
    let r = report(&fixture(), &Filters::default());
    // 12 sessions; L4 is open, so 11 closed; L3 was amended.
    assert_eq!(
        (r.sessions, r.closed, r.open, r.amended),
        (12, 11, 1, 1),
        "sessions, closed, open, amended"
    );
    assert_eq!(r.first_date, Some(date("2026-01-05")), "first day: L1");
    assert_eq!(r.last_date, Some(date("2026-03-24")), "last day: O4");
    // F: all but O1 = 11. R: L1 L2 L3 O2 O3 K1 K2 K3 = 8. A: L1 L2 L3 O2 O3 O4 K1 K3 = 8.
    // M: L1 L3 O2 O3 K1 K3 = 6. E: all 12. S: L1 L2 L3 O3 K1 K2 K3 = 7.
    let ids: Vec<&str> = r.components.iter().map(|c| c.component.as_str()).collect();
    assert_eq!(
        ids,
        [
            "feedback",
            "responsibility",
            "advice",
            "menu",
            "empathy",
            "self_efficacy"
        ],
        "components in protocol order"
    );
    let got: Vec<usize> = r.components.iter().map(|c| c.count).collect();
    assert_eq!(
        got,
        [11, 8, 8, 6, 12, 7],
        "sessions delivering each component"
    );
    for (c, expected) in r.components.iter().zip([11.0, 8.0, 8.0, 6.0, 12.0, 7.0]) {
        assert!(
            close(c.share, expected / 12.0),
            "{} share is {expected}/12, got {}",
            c.component,
            c.share
        );
    }
    // All six: L1 L3 O3 K1 K3.
    assert_eq!(r.all_components, 5, "sessions with every component");
}

#[test]
fn clinician_by_component_matrix() {
    let r = report(&fixture(), &Filters::default());
    let groups: Vec<&str> = r.clinicians.iter().map(|c| c.group.as_str()).collect();
    assert_eq!(groups, ["c-lee", "c-ortiz", KIM], "clinicians sorted");
    // c-lee (L1-L4): F 4, R L1 L2 L3 = 3, A 3, M L1 L3 = 2, E 4, S L1 L2 L3 = 3; all six L1 L3.
    // c-ortiz (O1-O4): F O2 O3 O4 = 3, R O2 O3 = 2, A O2 O3 O4 = 3, M O2 O3 = 2, E 4, S O3 = 1;
    // all six O3.
    // kim (K1 K2 K3 X1): F 4, R K1 K2 K3 = 3, A K1 K3 = 2, M K1 K3 = 2, E 4, S K1 K2 K3 = 3;
    // all six K1 K3.
    let expected = [
        ([4, 3, 3, 2, 4, 3], 2),
        ([3, 2, 3, 2, 4, 1], 1),
        ([4, 3, 2, 2, 4, 3], 2),
    ];
    for (row, (want, all)) in r.clinicians.iter().zip(expected) {
        assert_eq!(row.sessions, 4, "{} has four sessions", row.group);
        assert_eq!(counts(row), want, "{} component counts", row.group);
        assert_eq!(
            row.all_components, all,
            "{} sessions with all six",
            row.group
        );
        for c in &row.components {
            assert!(
                close(c.share, c.count as f64 / 4.0),
                "{} {} share is count/4",
                row.group,
                c.component
            );
        }
    }
}

#[test]
fn monthly_and_weekly_trend_use_the_local_start_date() {
    let r = report(&fixture(), &Filters::default());
    // L3 starts 2026-02-01 00:30 +01:00, i.e. 2026-01-31 in UTC: it counts in February.
    // Jan: L1 O1 K1 L2. Feb: L3 O2 L4 K2. Mar: O3 K3 X1 O4.
    let months: Vec<(&str, usize)> = r
        .months
        .iter()
        .map(|m| (m.group.as_str(), m.sessions))
        .collect();
    assert_eq!(
        months,
        [("2026-01", 4), ("2026-02", 4), ("2026-03", 4)],
        "four sessions a month"
    );
    // Jan: F L1 L2 K1 = 3, R 3, A 3, M L1 K1 = 2, E 4, S L1 L2 K1 = 3.
    // Feb: F 4, R L3 O2 K2 = 3, A L3 O2 = 2, M L3 O2 = 2, E 4, S L3 K2 = 2.
    // Mar: F 4, R O3 K3 = 2, A O3 O4 K3 = 3, M O3 K3 = 2, E 4, S O3 K3 = 2.
    let expected = [[3, 3, 3, 2, 4, 3], [4, 3, 2, 2, 4, 2], [4, 2, 3, 2, 4, 2]];
    for (row, want) in r.months.iter().zip(expected) {
        assert_eq!(counts(row), want, "{} component counts", row.group);
    }
    let jan_feedback = r
        .months
        .first()
        .and_then(|m| m.components.first())
        .expect("January feedback");
    assert!(close(jan_feedback.share, 0.75), "January feedback 3/4");

    // ISO weeks: W02 L1 O1 · W03 K1 · W04 L2 · W05 L3 (Sunday 1 Feb) · W07 O2 · W08 L4 ·
    // W09 K2 · W10 O3 · W11 K3 · W12 X1 · W13 O4.
    let weeks: Vec<(&str, usize)> = r
        .weeks
        .iter()
        .map(|w| (w.group.as_str(), w.sessions))
        .collect();
    assert_eq!(
        weeks,
        [
            ("2026-W02", 2),
            ("2026-W03", 1),
            ("2026-W04", 1),
            ("2026-W05", 1),
            ("2026-W07", 1),
            ("2026-W08", 1),
            ("2026-W09", 1),
            ("2026-W10", 1),
            ("2026-W11", 1),
            ("2026-W12", 1),
            ("2026-W13", 1),
        ],
        "weeks with sessions, oldest first"
    );
    let w02 = r.weeks.first().expect("week 2");
    // L1 delivered feedback, O1 did not.
    assert!(
        close(w02.components.first().expect("feedback").share, 0.5),
        "week 2 feedback 1/2"
    );
}

#[test]
fn steps_done_skipped_with_reason_and_not_done() {
    let r = report(&fixture(), &Filters::default());
    // introduce: done everywhere.
    // screen: skipped in L3.
    // feedback: skipped in O1, never done in L4.
    // goals: skipped in O1, never done in L4 and O2.
    // closure: never done in L4.
    let got: Vec<(&str, usize, usize, usize)> = r
        .steps
        .iter()
        .map(|s| (s.step.as_str(), s.done, s.skipped_with_reason, s.not_done))
        .collect();
    assert_eq!(
        got,
        [
            ("introduce", 12, 0, 0),
            ("screen", 11, 1, 0),
            ("feedback", 10, 1, 1),
            ("goals", 9, 1, 2),
            ("closure", 11, 0, 1),
        ],
        "per step: done, skipped with reason, not done"
    );
}

#[test]
fn stage_at_close_uses_the_latest_note_of_closed_sessions() {
    let r = report(&fixture(), &Filters::default());
    // Closed (11): L1 contemplation, L2 preparation, L3 action (after precontemplation),
    // O1 none, O2 contemplation, O3 preparation, O4 precontemplation, K1 action,
    // K2 contemplation, K3 a note without a stage, X1 preparation. L4 is open: not counted.
    let got: Vec<(Option<&str>, usize)> = r
        .stages
        .iter()
        .map(|s| (s.stage.as_deref(), s.count))
        .collect();
    assert_eq!(
        got,
        [
            (Some("precontemplation"), 1),
            (Some("contemplation"), 3),
            (Some("preparation"), 3),
            (Some("action"), 2),
            (Some("maintenance"), 0),
            (Some("relapse"), 0),
            (None, 2),
        ],
        "stages in protocol order, then not recorded"
    );
    let not_recorded = r.stages.last().expect("not recorded row");
    assert!(
        close(not_recorded.share, 2.0 / 11.0),
        "share of closed sessions"
    );
}

#[test]
fn median_minutes_and_billing_codes() {
    let r = report(&fixture(), &Filters::default());
    // Closed minutes sorted: 4 5 10 12 14 16 18 20 25 30 35 → median 16 (the 6th of 11).
    // L2 ran 14:59, which is 14 whole minutes.
    assert_eq!(r.minutes.sessions, 11, "closed sessions with minutes");
    assert_eq!(r.minutes.median, Some(16.0), "median minutes");
    // G2011 (5-14): L2 14, O4 12, K3 5, X1 10 = 4. 99408 and G0396 (15-30): L1 20, O2 16,
    // O3 25, K1 30, K2 18 = 5 each. 99409 and G0397 (31+): L3 35 = 1 each. Below: O1 4 = 1.
    let got: Vec<(&str, usize)> = r
        .minutes
        .codes
        .iter()
        .map(|c| (c.code.as_str(), c.count))
        .collect();
    assert_eq!(
        got,
        [
            ("G2011", 4),
            ("99408", 5),
            ("G0396", 5),
            ("99409", 1),
            ("G0397", 1)
        ],
        "codes in protocol order"
    );
    assert_eq!(r.minutes.below_minimum, 1, "O1 (4 minutes) reaches no code");

    // c-ortiz: 4 12 16 25 → an even count: (12 + 16) / 2 = 14.
    let ortiz = report(
        &fixture(),
        &Filters {
            clinician: Some("c-ortiz".to_owned()),
            ..Filters::default()
        },
    );
    assert_eq!(ortiz.minutes.median, Some(14.0), "median of an even count");
}

#[test]
fn screening_zones_per_instrument() {
    let r = report(&fixture(), &Filters::default());
    // assist:alcohol low O3. audit-c negative L2 O1 O4 X1, positive L1 O2 K1.
    // single-alcohol negative K2, positive L4. No screening: L3, K3.
    type Zones<'a> = Vec<(Option<&'a str>, usize)>;
    let got: Vec<(String, Zones<'_>)> = r
        .zones
        .iter()
        .map(|i| {
            (
                i.instrument.clone(),
                i.zones
                    .iter()
                    .map(|z| (z.zone.as_deref(), z.count))
                    .collect(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("assist:alcohol".to_owned(), vec![(Some("low"), 1)]),
            (
                "audit-c".to_owned(),
                vec![(Some("negative"), 4), (Some("positive"), 3)]
            ),
            (
                "single-alcohol".to_owned(),
                vec![(Some("negative"), 1), (Some("positive"), 1)]
            ),
        ],
        "zones per instrument"
    );
    assert_eq!(r.no_screening, 2, "L3 and K3 have no screening");
}

#[test]
fn sessions_missing_a_component_are_listed_with_what_is_missing() {
    let fx = fixture();
    let r = report(&fx, &Filters::default());
    let got: Vec<(String, Vec<&str>)> = r
        .missing
        .iter()
        .map(|m| {
            (
                short_ids([m.session.id.clone()]).concat(),
                m.missing.iter().map(String::as_str).collect(),
            )
        })
        .collect();
    // By id (UTC start): O1 L2 O2 L4 K2 X1 O4.
    assert_eq!(
        got,
        [
            (
                "21".to_owned(),
                vec![
                    "feedback",
                    "responsibility",
                    "advice",
                    "menu",
                    "self_efficacy"
                ]
            ),
            ("12".to_owned(), vec!["menu"]),
            ("22".to_owned(), vec!["self_efficacy"]),
            (
                "14".to_owned(),
                vec!["responsibility", "advice", "menu", "self_efficacy"]
            ),
            ("32".to_owned(), vec!["advice", "menu"]),
            (
                "34".to_owned(),
                vec!["responsibility", "advice", "menu", "self_efficacy"]
            ),
            (
                "24".to_owned(),
                vec!["responsibility", "menu", "self_efficacy"]
            ),
        ],
        "O1 L2 O2 L4 K2 X1 O4, each with its missing components"
    );
    let l4 = r
        .missing
        .iter()
        .find(|m| m.session.id.ends_with("14"))
        .expect("L4 listed");
    assert_eq!(l4.session.status, Status::Open, "L4 is listed as open");
    assert_eq!(l4.session.path, fx.path("L4"), "the file is named");
}

#[test]
fn flags_name_tampered_and_incomplete_closed_sessions() {
    let fx = fixture();
    let r = report(&fx, &Filters::default());
    assert_eq!(
        short_ids(r.flags.tampered.iter().map(|s| s.id.clone())),
        ["23"],
        "only O3, whose file was edited, is tampered"
    );
    assert_eq!(
        short_ids(
            r.flags
                .closed_without_all_steps
                .iter()
                .map(|s| s.id.clone())
        ),
        ["22"],
        "O2 closed with goals never done; L4 has steps missing but is open"
    );
    assert!(r.flags.unreadable.is_empty(), "no unreadable files");
    let path = r.flags.tampered.first().map(|s| s.path.clone());
    assert_eq!(
        path.as_deref(),
        Some(fx.path("O3")),
        "the tampered file is named"
    );
}

#[test]
fn editing_a_closed_file_flags_it_and_an_untouched_one_is_not() {
    let fx = fixture();
    let before = report(&fx, &Filters::default());
    let is_flagged =
        |r: &Report, suffix: &str| r.flags.tampered.iter().any(|s| s.id.ends_with(suffix));
    assert!(
        !is_flagged(&before, "31"),
        "K1 as saved by brief is not tampered"
    );
    assert!(
        !is_flagged(&before, "13"),
        "L3, amended through brief, is not tampered"
    );
    edit_summary(fx.path("K1"));
    let after = report(&fx, &Filters::default());
    assert!(is_flagged(&after, "31"), "K1 edited by hand is tampered");
    assert_eq!(after.flags.tampered.len(), 2, "O3 and K1");
    assert_eq!(
        after.components, before.components,
        "an edited file still counts in the figures"
    );
    // An open session has no seal: editing it is not tampering.
    edit_summary(fx.path("L4"));
    let open_edit = report(&fx, &Filters::default());
    assert!(!is_flagged(&open_edit, "14"), "open L4 is never tampered");
}

#[test]
fn an_unreadable_file_is_counted_reported_and_left_byte_identical() {
    let fx = fixture();
    let broken = fx.root().join("c-ortiz").join("half-written.ron");
    let bytes = b"(version: 1, id: \"20260101-000000-00000000".to_vec();
    fs::write(&broken, &bytes).expect("broken file written");
    let r = report(&fx, &Filters::default());
    assert_eq!(r.sessions, 12, "the twelve sessions still count");
    assert_eq!(r.flags.unreadable.len(), 1, "one unreadable file");
    let u = r.flags.unreadable.first().expect("the broken file");
    assert_eq!(u.path, broken, "its path is reported");
    assert!(!u.reason.is_empty(), "with a reason");
    assert_eq!(
        fs::read(&broken).expect("still there"),
        bytes,
        "the broken file is left byte-identical"
    );
    let mut table = Vec::new();
    export::write_table(&mut table, &r, &protocol()).expect("table written");
    let table = String::from_utf8(table).expect("utf-8");
    assert!(
        table.contains("unreadable files (not counted above): 1"),
        "the table counts it:\n{table}"
    );
    assert!(
        table.contains("half-written.ron"),
        "the table names it:\n{table}"
    );
}

#[test]
fn each_filter_changes_the_figures() {
    let fx = fixture();
    let scanned = scanned(&fx);
    let p = protocol();
    let run = |f: Filters| Report::new(&scanned.summaries, &f, &p);
    let feedback = |r: &Report| r.components.first().map(|c| c.count);

    // From 1 Feb: February and March = 8; L3 (1 Feb local, 31 Jan UTC) is in.
    let from = run(Filters {
        from: Some(date("2026-02-01")),
        ..Filters::default()
    });
    assert_eq!(from.sessions, 8, "from 2026-02-01");
    assert!(
        from.missing
            .iter()
            .all(|m| m.session.date >= date("2026-02-01")),
        "nothing earlier listed"
    );
    // Feedback Feb 4 + Mar 4.
    assert_eq!(feedback(&from), Some(8), "feedback from February");

    // To 31 Jan: January = 4; L3 is out.
    let to = run(Filters {
        to: Some(date("2026-01-31")),
        ..Filters::default()
    });
    assert_eq!(to.sessions, 4, "to 2026-01-31");
    assert_eq!(to.closed, 4, "all closed in January");
    // Minutes L1 20, O1 4, K1 30, L2 14 → median (14 + 20) / 2 = 17.
    assert_eq!(to.minutes.median, Some(17.0), "January median");

    // Both: February only.
    let feb = run(Filters {
        from: Some(date("2026-02-01")),
        to: Some(date("2026-02-28")),
        ..Filters::default()
    });
    assert_eq!(feb.sessions, 4, "February");
    assert_eq!(feb.open, 1, "L4 is open");

    // Clinician c-ortiz: O1-O4; F 3 of 4, S 1 of 4.
    let ortiz = run(Filters {
        clinician: Some("c-ortiz".to_owned()),
        ..Filters::default()
    });
    assert_eq!(ortiz.sessions, 4, "c-ortiz");
    assert_eq!(feedback(&ortiz), Some(3), "c-ortiz feedback");
    assert_eq!(ortiz.clinicians.len(), 1, "one clinician row");
    let kim = run(Filters {
        clinician: Some(KIM.to_owned()),
        ..Filters::default()
    });
    assert_eq!(
        kim.sessions, 4,
        "a clinician id with a comma and quotes matches exactly"
    );

    // Protocol: X1 followed another protocol.
    let bi = run(Filters {
        protocol: Some("brief_intervention".to_owned()),
        ..Filters::default()
    });
    assert_eq!(bi.sessions, 11, "brief_intervention sessions");
    assert_eq!(feedback(&bi), Some(10), "feedback without X1");
    let other = run(Filters {
        protocol: Some("other_protocol".to_owned()),
        ..Filters::default()
    });
    assert_eq!(other.sessions, 1, "other_protocol: X1 only");

    // Status.
    let open = run(Filters {
        status: Some(Status::Open),
        ..Filters::default()
    });
    assert_eq!(
        (open.sessions, open.open, open.closed),
        (1, 1, 0),
        "open: L4"
    );
    assert_eq!(open.minutes.sessions, 0, "no minutes while open");
    assert_eq!(
        open.stages.iter().map(|s| s.count).sum::<usize>(),
        0,
        "no stage at close while open"
    );
    let closed = run(Filters {
        status: Some(Status::Closed),
        ..Filters::default()
    });
    assert_eq!(closed.sessions, 11, "closed");
    assert_eq!(feedback(&closed), Some(10), "feedback without L4");
}

#[test]
fn the_report_does_not_depend_on_the_order_sessions_were_read() {
    let fx = fixture();
    let mut scanned = scanned(&fx);
    let p = protocol();
    let a = Report::new(&scanned.summaries, &Filters::default(), &p);
    scanned.summaries.reverse();
    let b = Report::new(&scanned.summaries, &Filters::default(), &p);
    assert_eq!(a, b, "same report from reversed input");
}

#[test]
fn the_report_round_trips_through_json() {
    let r = report(&fixture(), &Filters::default());
    let mut json = Vec::new();
    export::write_json(&mut json, &r).expect("JSON written");
    let back: Report = serde_json::from_slice(&json).expect("JSON parses back");
    // Shares may differ in the last bit after a trip through decimal text; the rest is exact.
    assert_eq!(
        (back.sessions, back.closed, back.open, back.all_components),
        (r.sessions, r.closed, r.open, r.all_components),
        "the counts"
    );
    for (b, a) in back.components.iter().zip(&r.components) {
        assert_eq!(
            (&b.component, b.count),
            (&a.component, a.count),
            "component counts"
        );
        assert!(close(b.share, a.share), "{} share", a.component);
    }
    assert_eq!(back.clinicians.len(), r.clinicians.len(), "clinician rows");
    assert_eq!(back.weeks.len(), r.weeks.len(), "week rows");
    assert_eq!(back.steps, r.steps, "steps");
    assert_eq!(back.minutes.codes, r.minutes.codes, "billing codes");
    assert_eq!(back.zones, r.zones, "zones");
    assert_eq!(back.missing, r.missing, "the missing list");
    assert_eq!(back.flags, r.flags, "the flags");
    let value: serde_json::Value = serde_json::from_slice(&json).expect("JSON value");
    assert_eq!(
        value["components"][3]["component"], "menu",
        "components by id in protocol order"
    );
    assert!(
        close(
            value["components"][3]["share"].as_f64().expect("a share"),
            0.5
        ),
        "menu share 6/12"
    );
}

#[test]
fn sessions_csv_golden() {
    let fx = fixture();
    let scanned = scanned(&fx);
    let mut out = Vec::new();
    export::write_sessions_csv(
        &mut out,
        &scanned.summaries,
        &Filters::default(),
        &protocol(),
    )
    .expect("CSV written");
    let csv = String::from_utf8(out).expect("utf-8");
    assert_eq!(
        csv, SESSIONS_CSV,
        "one row per session, quoted where needed"
    );
}

#[test]
fn sessions_csv_follows_the_filters() {
    let fx = fixture();
    let scanned = scanned(&fx);
    let mut out = Vec::new();
    let filters = Filters {
        clinician: Some(KIM.to_owned()),
        status: Some(Status::Closed),
        ..Filters::default()
    };
    export::write_sessions_csv(&mut out, &scanned.summaries, &filters, &protocol())
        .expect("CSV written");
    let csv = String::from_utf8(out).expect("utf-8");
    let expected: String = SESSIONS_CSV
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || l.contains("\"kim, \"\"k\"\"\""))
        .flat_map(|(_, l)| [l, "\n"])
        .collect();
    assert_eq!(csv, expected, "the header and kim's four rows");
}

#[test]
fn by_clinician_csv_golden() {
    let r = report(&fixture(), &Filters::default());
    let mut out = Vec::new();
    export::write_groups_csv(&mut out, &r, GroupBy::Clinician).expect("CSV written");
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        BY_CLINICIAN_CSV,
        "one row per clinician with component shares"
    );
}

#[test]
fn by_component_and_by_month_csv_golden() {
    let r = report(&fixture(), &Filters::default());
    let mut out = Vec::new();
    export::write_groups_csv(&mut out, &r, GroupBy::Component).expect("CSV written");
    // 11/12 = 0.917, 8/12 = 0.667, 6/12 = 0.5, 7/12 = 0.583.
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        "component,count,share\nfeedback,11,0.917\nresponsibility,8,0.667\nadvice,8,0.667\n\
         menu,6,0.500\nempathy,12,1.000\nself_efficacy,7,0.583\n",
        "one row per component"
    );
    let mut out = Vec::new();
    export::write_groups_csv(&mut out, &r, GroupBy::Month).expect("CSV written");
    assert_eq!(
        String::from_utf8(out).expect("utf-8"),
        "month,sessions,feedback,responsibility,advice,menu,empathy,self_efficacy\n\
         2026-01,4,0.750,0.750,0.750,0.500,1.000,0.750\n\
         2026-02,4,1.000,0.750,0.500,0.500,1.000,0.500\n\
         2026-03,4,1.000,0.500,0.750,0.500,1.000,0.500\n",
        "one row per month"
    );
}

#[test]
fn the_table_shows_every_section_within_120_columns() {
    let fx = fixture();
    let r = report(&fx, &Filters::default());
    let mut out = Vec::new();
    export::write_table(&mut out, &r, &protocol()).expect("table written");
    let table = String::from_utf8(out).expect("utf-8");
    for heading in [
        "Audit of 12 session(s): 11 closed, 1 open, 1 amended",
        "Coverage per component",
        "Per clinician",
        "Per month",
        "Steps",
        "Stage at close (11 closed session(s))",
        "median 16 min",
        "Screening zones",
        "Sessions missing a component: 7",
        "changed outside brief (tampered): 1",
        "closed without all steps: 1",
    ] {
        assert!(
            table.contains(heading),
            "the table has \"{heading}\":\n{table}"
        );
    }
    let menu = table
        .lines()
        .find(|l| l.trim_start().starts_with("menu "))
        .expect("a menu coverage line");
    assert!(
        menu.contains("6/12") && menu.contains("50%"),
        "menu 6/12 = 50%: {menu}"
    );
    let ortiz = table
        .lines()
        .find(|l| l.trim_start().starts_with("c-ortiz"))
        .expect("a c-ortiz matrix row");
    // F 75% R 50% A 75% M 50% E 100% S 25%, all six 25%.
    let cells: Vec<&str> = ortiz.split_whitespace().skip(2).collect();
    assert_eq!(
        cells,
        ["75%", "50%", "75%", "50%", "100%", "25%", "25%"],
        "c-ortiz row: {ortiz}"
    );
    for line in table.lines() {
        assert!(
            line.chars().count() <= 120,
            "line fits 120 columns ({}): {line}",
            line.chars().count()
        );
    }
}
