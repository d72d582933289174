//! Follow-ups and re-screening, on hand-built sessions: the follow-up list from the domain
//! function and from `brief followups` (table, CSV, JSON), and the change line of a repeat
//! visit in the note.
//!
//! The fixture folder, written relative to a given day `T` (all times 10:00 +01:00):
//!
//! | patient     | clinician | visits (created: follow-up)        | expected                      |
//! |-------------|-----------|------------------------------------|-------------------------------|
//! | P-AGAIN     | c-kim     | T-90: T-60; T-50: T-5              | overdue, from the second visit |
//! | P-OTHER     | c-lee     | T-45: T-3; T-10 (another protocol) | overdue: another protocol's session is not its follow-up |
//! | =P-FORMULA  | c-lee     | T-10: T-2                          | overdue (CSV cell defused)    |
//! | P-LATE      | c-kim     | T-40: T-1                          | overdue (the day before)      |
//! | P-TODAY     | c-lee     | T-14: T                            | this week (today)             |
//! | P-WEEK      | c-lee     | T-20: T+3                          | this week                     |
//! | P-EDGE      | c-kim     | T-30: T+6                          | this week (its last day)      |
//! | P-NEXT      | c-kim     | T-30: T+7                          | later: only with --due-by     |
//! | P-BACK      | c-lee     | T-60: T-30; T-28: none             | superseded: never listed      |
//! | P-NONE      | c-lee     | T-5: none                          | never listed                  |
//!
//! and one unreadable file (`broken.ron`), listed on stderr and left untouched.

use std::path::Path;
use std::process::{Command, Output};

use brief::followup::{self, Due};
use brief::protocol::{ProtocolSet, Sex};
use brief::scoring::{self, Profile};
use brief::session::{
    Change, Goal, PriorVisit, ProtocolRef, Screening, ScreeningResult, Session, SessionId,
    Timestamp,
};
use brief::store::Store;
use chrono::{Duration, NaiveDate, TimeZone as _};

/// 10:00 +01:00 on `day`.
fn at(day: NaiveDate) -> Timestamp {
    let offset = chrono::FixedOffset::east_opt(3600).expect("offset");
    offset
        .from_local_datetime(&day.and_hms_opt(10, 0, 0).expect("time"))
        .single()
        .expect("one time")
}

/// A session of `patient` started at 10:00 on `day`, with a goal and a follow-up date.
fn visit(
    patient: &str,
    clinician: &str,
    day: NaiveDate,
    random: u64,
    follow_up: Option<NaiveDate>,
) -> Session {
    let t = at(day);
    let pref = ProtocolRef {
        id: "brief_intervention".to_owned(),
        version: "1.0.0".to_owned(),
    };
    let mut s = Session::new(
        SessionId::from_parts(t.to_utc(), random),
        clinician,
        patient,
        Profile {
            sex: Some(Sex::Male),
            age: Some(40),
            ..Profile::default()
        },
        pref,
        t,
    );
    let goal = Goal {
        own_words: format!("Goal of {patient}"),
        ..Goal::default()
    };
    s.apply(Change::SetGoal(goal), t).expect("goal");
    s.apply(Change::SetFollowUp(follow_up), t)
        .expect("follow-up");
    s
}

/// The fixture folder (see the module docs) for the day `today`.
fn fixture(dir: &Path, today: NaiveDate) {
    let d = |n: i64| today + Duration::days(n);
    let store = Store::open(dir).expect("store");
    let visits = vec![
        visit("P-AGAIN", "c-kim", d(-90), 1, Some(d(-60))),
        visit("P-AGAIN", "c-kim", d(-50), 2, Some(d(-5))),
        visit("=P-FORMULA", "c-lee", d(-10), 3, Some(d(-2))),
        visit("P-LATE", "c-kim", d(-40), 4, Some(d(-1))),
        visit("P-TODAY", "c-lee", d(-14), 5, Some(d(0))),
        visit("P-WEEK", "c-lee", d(-20), 6, Some(d(3))),
        visit("P-EDGE", "c-kim", d(-30), 7, Some(d(6))),
        visit("P-NEXT", "c-kim", d(-30), 8, Some(d(7))),
        visit("P-BACK", "c-lee", d(-60), 9, Some(d(-30))),
        visit("P-BACK", "c-lee", d(-28), 10, None),
        visit("P-NONE", "c-lee", d(-5), 11, None),
        visit("P-OTHER", "c-lee", d(-45), 12, Some(d(-3))),
        {
            let mut other = visit("P-OTHER", "c-lee", d(-10), 13, None);
            "other_protocol".clone_into(&mut other.protocol.id);
            other
        },
    ];
    for v in &visits {
        store.save(v).expect("saved");
    }
    let broken = store.sessions_dir().join("2026").join("01");
    std::fs::create_dir_all(&broken).expect("folder");
    std::fs::write(broken.join("broken.ron"), "(version: 1, id: ").expect("broken file");
}

#[test]
fn the_list_has_each_patients_latest_follow_up_and_drops_those_seen_again() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let dir = tempfile::tempdir().expect("temp dir");
    fixture(dir.path(), today);
    let visits = followup::scan(&dir.path().join("sessions"));
    assert_eq!(visits.visits.len(), 13, "thirteen sessions read");
    assert_eq!(visits.unreadable.len(), 1, "the broken file is listed");

    let list = visits.due(today, Some(followup::end_of_week(today)));
    let got: Vec<(&str, Due, i64)> = list
        .iter()
        .map(|f| (f.patient.as_str(), f.when, (f.due - today).num_days()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("P-AGAIN", Due::Overdue, -5),
            ("P-OTHER", Due::Overdue, -3),
            ("=P-FORMULA", Due::Overdue, -2),
            ("P-LATE", Due::Overdue, -1),
            ("P-TODAY", Due::ThisWeek, 0),
            ("P-WEEK", Due::ThisWeek, 3),
            ("P-EDGE", Due::ThisWeek, 6),
        ],
        "overdue and this week, by date; P-BACK (seen again) and P-NEXT (later) left out"
    );
    let again = list.first().expect("P-AGAIN listed");
    assert_eq!(
        (again.goal.as_str(), again.clinician.as_str()),
        ("Goal of P-AGAIN", "c-kim"),
        "the goal and clinician of the visit that set the date"
    );
    assert_eq!(
        again.visit,
        at(today - Duration::days(50)),
        "the later of P-AGAIN's two visits set it"
    );
    assert_eq!(again.days_overdue(today), 5, "five days overdue");

    let all = visits.due(today, None);
    assert_eq!(
        all.iter().map(|f| f.patient.as_str()).collect::<Vec<_>>(),
        vec![
            "P-AGAIN",
            "P-OTHER",
            "=P-FORMULA",
            "P-LATE",
            "P-TODAY",
            "P-WEEK",
            "P-EDGE",
            "P-NEXT"
        ],
        "without a cut-off P-NEXT is listed too, and P-BACK still is not"
    );
    assert_eq!(
        all.last().map(|f| f.when),
        Some(Due::Later),
        "seven days on is later, not this week"
    );
    assert!(
        visits
            .due(today - Duration::days(31), None)
            .iter()
            .all(|f| f.patient != "P-BACK"),
        "a follow-up superseded by a later visit stays off the list whatever the day"
    );
}

fn brief(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .output()
        .expect("brief runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `brief followups --data DIR ARGS…` on the fixture written for the real today.
fn followups(args: &[&str]) -> (Output, NaiveDate) {
    let today = chrono::Local::now().date_naive();
    let home = tempfile::tempdir().expect("temp dir");
    let data = home.path().join("clinic");
    fixture(&data, today);
    let data = data.to_str().expect("utf-8 path").to_owned();
    let mut all = vec!["followups", "--data", data.as_str()];
    all.extend(args);
    let out = brief(home.path(), &all);
    assert_eq!(
        out.status.code(),
        Some(0),
        "brief followups succeeds: {}",
        text(&out.stderr)
    );
    (out, today)
}

#[test]
fn the_cli_table_lists_overdue_and_this_week_and_names_the_unreadable_file() {
    let (out, today) = followups(&[]);
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(
        lines.first().is_some_and(|l| l.starts_with(&format!(
            "Follow-ups due by {} (today {today}): 4 overdue, 3 due this week, 0 later",
            followup::end_of_week(today)
        ))),
        "the heading counts them:\n{stdout}"
    );
    for (patient, status) in [
        ("P-AGAIN", "overdue 5 days"),
        ("P-OTHER", "overdue 3 days"),
        ("=P-FORMULA", "overdue 2 days"),
        ("P-LATE", "overdue 1 day "),
        ("P-TODAY", "due today"),
        ("P-WEEK", "due this week"),
        ("P-EDGE", "due this week"),
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.contains(patient) && l.contains(status)),
            "{patient} is listed as {status:?}:\n{stdout}"
        );
    }
    for absent in ["P-NEXT", "P-BACK", "P-NONE"] {
        assert!(
            !stdout.contains(absent),
            "{absent} is not listed:\n{stdout}"
        );
    }
    assert!(
        stdout.contains("1 unreadable file(s)"),
        "the table says a file was not read:\n{stdout}"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("broken.ron") && stderr.contains("left untouched"),
        "stderr names the unreadable file: {stderr}"
    );
}

#[test]
fn the_cli_csv_has_one_defused_row_per_follow_up_due_by_the_date_given() {
    let today = chrono::Local::now().date_naive();
    let due_by = (today + Duration::days(30)).to_string();
    let (out, today) = followups(&["--due-by", &due_by, "--format", "csv"]);
    let csv = text(&out.stdout);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .expect("a header")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "due",
            "status",
            "days_overdue",
            "patient",
            "clinician",
            "last_visit",
            "goal",
            "protocol",
            "session"
        ],
        "the columns"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let cell = |r: &csv::StringRecord, i: usize| r.get(i).unwrap_or_default().to_owned();
    assert_eq!(
        rows.iter().map(|r| cell(r, 3)).collect::<Vec<_>>(),
        [
            "P-AGAIN",
            "P-OTHER",
            "'=P-FORMULA",
            "P-LATE",
            "P-TODAY",
            "P-WEEK",
            "P-EDGE",
            "P-NEXT"
        ],
        "the later one is in by --due-by; a reference a spreadsheet would run is defused"
    );
    let next = rows.last().expect("P-NEXT");
    assert_eq!(
        (cell(next, 0), cell(next, 1), cell(next, 2)),
        (
            (today + Duration::days(7)).to_string(),
            "later".to_owned(),
            "0".to_owned()
        ),
        "P-NEXT: due in seven days, later, not overdue"
    );
    let first = rows.first().expect("P-AGAIN");
    assert_eq!(
        (
            cell(first, 1),
            cell(first, 2),
            cell(first, 6),
            cell(first, 7)
        ),
        (
            "overdue".to_owned(),
            "5".to_owned(),
            "Goal of P-AGAIN".to_owned(),
            "brief_intervention".to_owned()
        ),
        "P-AGAIN: overdue by 5 days, with its goal and protocol"
    );
}

#[test]
fn the_cli_json_holds_the_day_the_cut_off_and_the_follow_ups() {
    let (out, today) = followups(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["today"], today.to_string(), "the day");
    assert_eq!(
        v["due_by"],
        followup::end_of_week(today).to_string(),
        "the default cut-off is the end of this week"
    );
    assert_eq!(v["unreadable_files"], 1, "one unreadable file");
    let list = v["followups"].as_array().expect("a list");
    let statuses: Vec<(&str, &str)> = list
        .iter()
        .map(|f| {
            (
                f["patient"].as_str().unwrap_or_default(),
                f["status"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("P-AGAIN", "overdue"),
            ("P-OTHER", "overdue"),
            ("=P-FORMULA", "overdue"),
            ("P-LATE", "overdue"),
            ("P-TODAY", "this_week"),
            ("P-WEEK", "this_week"),
            ("P-EDGE", "this_week"),
        ],
        "JSON keeps the reference as it is (no spreadsheet here)"
    );
    assert_eq!(
        list.first().map(|f| f["last_visit"].clone()),
        Some(serde_json::Value::from(
            (today - Duration::days(50)).to_string()
        )),
        "P-AGAIN's last visit is the later one"
    );
}

#[test]
fn a_bad_due_by_date_or_a_missing_folder_is_a_clear_error() {
    let home = tempfile::tempdir().expect("temp dir");
    let missing = home.path().join("nowhere");
    let out = brief(
        home.path(),
        &["followups", "--data", missing.to_str().expect("utf-8")],
    );
    assert_eq!(out.status.code(), Some(1), "a missing folder fails");
    assert!(
        text(&out.stderr).contains("cannot open the data folder"),
        "and says so: {}",
        text(&out.stderr)
    );
    let out = brief(
        home.path(),
        &["followups", "--data", ".", "--due-by", "2026-02-30"],
    );
    assert_eq!(out.status.code(), Some(2), "a wrong date is a usage error");
    assert!(
        text(&out.stderr).contains("is not a date as YYYY-MM-DD"),
        "and says so: {}",
        text(&out.stderr)
    );
}

// ---------------------------------------------------------------------------------------------
// Re-screening: the change line of a repeat visit.

/// An AUDIT-C with these option indexes, scored for the session's profile.
fn audit_c(set: &ProtocolSet, s: &mut Session, answers: [u32; 3], t: Timestamp) {
    let ins = set.instrument("audit-c").expect("AUDIT-C");
    let answers: Vec<Option<u32>> = answers.iter().copied().map(Some).collect();
    let score = scoring::score(ins, &answers, &s.profile, None).expect("scores");
    let screening = Screening {
        suggested: None,
        instrument: "audit-c".to_owned(),
        substance: None,
        profile: s.profile,
        answers,
        result: Some(ScreeningResult::from(&score)),
        time: t,
    };
    s.apply(Change::RecordScreening(screening), t)
        .expect("screening");
}

/// A first visit on 2026-10-03 with AUDIT-C 7, and a repeat visit on 2026-11-25 started from
/// it with AUDIT-C answers `now`; the repeat's note. A man of 40.
fn repeat_note(set: &ProtocolSet, now: [u32; 3]) -> String {
    let man = Profile {
        sex: Some(Sex::Male),
        age: Some(40),
        ..Profile::default()
    };
    repeat_note_for(set, man, [3, 2, 2], now)
}

/// [`repeat_note`] for a patient with this profile and these first answers.
fn repeat_note_for(set: &ProtocolSet, profile: Profile, then: [u32; 3], now: [u32; 3]) -> String {
    let first_day = NaiveDate::from_ymd_opt(2026, 10, 3).expect("date");
    let follow_up = Some(first_day + Duration::days(28));
    let mut first = visit("P-7", "c-lee", first_day, 70, follow_up);
    first.profile = profile;
    audit_c(set, &mut first, then, at(first_day));
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let mut again = visit("P-7", "c-kim", day, 71, None);
    again.profile = profile;
    again.prior = Some(PriorVisit::of(&first));
    audit_c(set, &mut again, now, at(day));
    brief::note::clinical_note(&again, set, at(day))
}

#[test]
fn the_note_of_a_repeat_visit_says_how_the_audit_c_changed_since_the_last_visit() {
    let set = ProtocolSet::bundled().expect("protocols");
    let note = repeat_note(&set, [2, 1, 1]);
    assert!(
        note.contains(
            "Change: AUDIT-C 7 → 4 since 2026-10-03: down 3 points, a meaningful change \
             (2 points or more); zone positive, as before\n"
        ),
        "a drop of 3 is a meaningful change, and the zone is said:\n{note}"
    );
    assert!(
        note.contains("Previous visit 2026-10-03 (c-lee): AUDIT-C 7/12, zone positive"),
        "the previous visit as copied in:\n{note}"
    );
    assert!(
        note.contains("goal \"Goal of P-7\"") && note.contains("follow-up set for 2026-10-31"),
        "with its goal and follow-up date:\n{note}"
    );
    let small = repeat_note(&set, [3, 2, 1]);
    assert!(
        small.contains(
            "Change: AUDIT-C 7 → 6 since 2026-10-03: down 1 point, less than a meaningful \
             change (2 points or more); zone positive, as before\n"
        ),
        "a drop of 1 is not:\n{small}"
    );
    let negative = repeat_note(&set, [2, 1, 0]);
    assert!(
        negative.contains(
            "down 4 points, a meaningful change (2 points or more); zone positive → negative\n"
        ),
        "a man's AUDIT-C of 3 is negative: the zone change is said:\n{negative}"
    );
}

#[test]
fn the_change_is_not_judged_in_pregnancy_or_for_a_minor_and_a_high_zone_is_still_said() {
    let set = ProtocolSet::bundled().expect("protocols");
    let pregnant = Profile {
        sex: Some(Sex::Female),
        age: Some(30),
        pregnancy: brief::protocol::Pregnancy::Pregnant,
    };
    let note = repeat_note_for(&set, pregnant, [1, 1, 1], [1, 0, 0]);
    assert!(
        note.contains(
            "Change: AUDIT-C 3 → 1 since 2026-10-03: down 2 points; zone positive, as before\n"
        ),
        "in pregnancy any drinking counts: the drop is given, not called meaningful:\n{note}"
    );
    let minor = Profile {
        sex: Some(Sex::Male),
        age: Some(16),
        ..Profile::default()
    };
    let note = repeat_note_for(&set, minor, [3, 2, 2], [2, 1, 1]);
    assert!(
        note.contains("AUDIT-C 7 → 4 since 2026-10-03: down 3 points; zone positive, as before\n"),
        "below AUDIT-C's validated age the adults' threshold is not applied:\n{note}"
    );
    let man = Profile {
        sex: Some(Sex::Male),
        age: Some(50),
        ..Profile::default()
    };
    let note = repeat_note_for(&set, man, [4, 4, 3], [4, 3, 2]);
    assert!(
        note.contains(
            "AUDIT-C 11 → 9 since 2026-10-03: down 2 points, a meaningful change (2 points or \
             more); zone high, as before\n"
        ),
        "a dependent patient's meaningful drop still says the high zone:\n{note}"
    );
}

#[test]
fn the_meaningful_change_comes_from_the_instrument_file() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols");
    let dir = tempfile::tempdir().expect("temp dir");
    for sub in ["", "instruments"] {
        std::fs::create_dir_all(dir.path().join(sub)).expect("folder");
        for entry in std::fs::read_dir(src.join(sub)).expect("protocols/") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                let to = dir.path().join(sub).join(path.file_name().expect("name"));
                std::fs::copy(&path, to).expect("copy");
            }
        }
    }
    let file = dir.path().join("instruments/audit_c.ron");
    let text = std::fs::read_to_string(&file).expect("audit_c.ron");
    let edited = text.replacen("        points: 2,", "        points: 4,", 1);
    assert_ne!(edited, text, "the threshold is in the file");
    std::fs::write(&file, edited).expect("write");
    let set = ProtocolSet::load_dir(dir.path()).expect("the edited copy loads");
    let note = repeat_note(&set, [2, 1, 1]);
    assert!(
        note.contains(
            "AUDIT-C 7 → 4 since 2026-10-03: down 3 points, less than a meaningful change \
             (4 points or more); zone positive, as before"
        ),
        "with a clinic's threshold of 4, a drop of 3 is not meaningful:\n{note}"
    );
}

#[test]
fn a_repeat_visit_is_saved_with_its_prior_and_a_first_visit_file_stays_as_it_was() {
    let set = ProtocolSet::bundled().expect("protocols");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path()).expect("store");
    let day = NaiveDate::from_ymd_opt(2026, 10, 3).expect("date");
    let mut first = visit("P-9", "c-lee", day, 90, None);
    audit_c(&set, &mut first, [3, 2, 2], at(day));
    let first_text = first.to_ron().expect("text");
    assert!(
        !first_text.contains("prior"),
        "a first visit's file has no prior field (files written before stay byte-identical)"
    );
    let mut again = visit("P-9", "c-lee", day + Duration::days(30), 91, None);
    again.prior = Some(PriorVisit::of(&first));
    again
        .apply(
            Change::Close {
                reason: Some("test".to_owned()),
            },
            at(day + Duration::days(30)),
        )
        .expect("closed");
    store.save(&again).expect("saved");
    let (loaded, seal) = store.load_checked(&again.id).expect("loads");
    assert_eq!(loaded, again, "the prior visit survives the round trip");
    assert_eq!(seal, brief::session::Seal::Intact, "and the seal holds");
    let prior = loaded.prior.expect("a prior visit");
    assert_eq!(
        (prior.session, prior.screenings[0].total),
        (first.id, 7),
        "the copy names the first visit and its score"
    );
}
