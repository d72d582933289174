//! The take-home sheet, read back out of the PDF the way a patient's screen reader would
//! (lopdf, in-process): what it says for an ordinary visit, for a flagged one, and that it never
//! gives the low-risk limits to a pregnant patient, a minor or one at risk of withdrawal. Also
//! the drinks-a-week estimate for hand-worked AUDIT-C answers, and coverage credited from what
//! the record shows was done (menu options chosen) in the note and the audit.

use brief::handout;
use brief::protocol::{Pregnancy, Protocol, ProtocolSet, RiskLevel, Sex};
use brief::scoring::{self, Profile};
use brief::session::{
    Change, Goal, ProtocolRef, ReadinessEntry, Screening, ScreeningResult, Session, SessionId,
    Timestamp,
};
use chrono::{DateTime, Duration, NaiveDate};

fn t(secs: i64) -> Timestamp {
    DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").expect("fixed time parses")
        + Duration::seconds(secs)
}

fn set() -> ProtocolSet {
    ProtocolSet::bundled().expect("bundled protocols load")
}

fn protocol(set: &ProtocolSet) -> &Protocol {
    set.default_protocol()
}

/// A session with this profile and one screening (instrument, answers), applied as the
/// window applies changes.
fn session(set: &ProtocolSet, profile: Profile, instrument: &str, answers: &[u32]) -> Session {
    let p = protocol(set);
    let mut s = Session::new(
        SessionId::from_parts(t(0).to_utc(), 0x5ee7),
        "c-lee",
        "P-77",
        profile,
        ProtocolRef {
            id: p.id.clone(),
            version: p.version.clone(),
        },
        t(0),
    );
    s.refresh_safety(set, p, t(0));
    let ins = set.instrument(instrument).expect("instrument loaded");
    let answers: Vec<Option<u32>> = answers.iter().map(|a| Some(*a)).collect();
    let score = scoring::score(ins, &answers, &profile, None).expect("answers score");
    apply(
        set,
        &mut s,
        Change::RecordScreening(Screening {
            instrument: instrument.to_owned(),
            substance: None,
            profile,
            answers,
            result: Some(ScreeningResult::from(&score)),
            suggested: None,
            time: t(60),
        }),
        60,
    );
    s
}

fn apply(set: &ProtocolSet, s: &mut Session, change: Change, secs: i64) {
    s.apply_in(set, protocol(set), change, t(secs))
        .expect("the change is accepted");
}

/// The goal, the reason and the follow-up every test session gets.
fn plan(set: &ProtocolSet, s: &mut Session, options: &[&str]) {
    apply(
        set,
        s,
        Change::AddReadiness(ReadinessEntry {
            importance: Some(6),
            why_not_lower: "I want to keep up with my grandchildren".to_owned(),
            ..ReadinessEntry::default()
        }),
        120,
    );
    apply(
        set,
        s,
        Change::SetGoal(Goal {
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            own_words: "No more than two beers on a weeknight".to_owned(),
            target_date: NaiveDate::from_ymd_opt(2026, 12, 1),
            ..Goal::default()
        }),
        180,
    );
    apply(
        set,
        s,
        Change::SetFollowUp(NaiveDate::from_ymd_opt(2026, 12, 23)),
        240,
    );
}

/// The PDF's text, whitespace collapsed (lines are wrapped where the layout chose).
fn pdf_text(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("the PDF loads");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).expect("text extracts");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pages(bytes: &[u8]) -> usize {
    lopdf::Document::load_mem(bytes)
        .expect("the PDF loads")
        .get_pages()
        .len()
}

fn sheet_text(set: &ProtocolSet, s: &Session) -> String {
    let bytes = handout::pdf_bytes(s, set).expect("the sheet is made");
    assert_eq!(pages(&bytes), 1, "the sheet fits on one page");
    pdf_text(&bytes)
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every way the protocol could state a low-risk limit on the sheet: each limit's text, the
/// heading above it, and its weekly and daily numbers as the picture would label them.
fn limit_phrases(p: &Protocol) -> Vec<String> {
    let h = p.handout.as_ref().expect("the protocol has a sheet");
    let mut out = vec![squash(&h.limit_heading)];
    for l in &p.low_risk_limits.limits {
        out.push(squash(&l.text));
        out.push(format!("no more than {} drinks a week", l.per_week));
        out.push(format!("no more than {} drinks on any day", l.per_day));
    }
    out
}

fn man(age: u32) -> Profile {
    Profile {
        sex: Some(Sex::Male),
        age: Some(age),
        ..Profile::default()
    }
}

#[test]
fn the_sheet_says_the_score_band_goal_reasons_follow_up_and_the_limit_for_this_patient() {
    let set = set();
    let p = protocol(&set);
    let h = p.handout.as_ref().unwrap();
    // A man of 40: AUDIT-C 2-3 times a week, 5 or 6 drinks, 6+ monthly: 3 + 2 + 2 = 7,
    // positive (men 4-7).
    let mut s = session(&set, man(40), "audit-c", &[3, 2, 2]);
    plan(&set, &mut s, &["alcohol_free_days", "diary"]);
    let text = sheet_text(&set, &s);
    for (what, expected) in [
        ("the title", squash(&h.title)),
        ("the score", "AUDIT-C: 7 points out of 12".to_owned()),
        ("the band", format!("{}.", h.risk_words.moderate)),
        (
            "the goal in the patient's words",
            "No more than two beers on a weeknight".to_owned(),
        ),
        (
            "the options chosen",
            "Alcohol-free days, Keep a diary".to_owned(),
        ),
        ("the target date", "December 1, 2026".to_owned()),
        (
            "the reason",
            "I want to keep up with my grandchildren".to_owned(),
        ),
        ("the follow-up date", "December 23, 2026".to_owned()),
        ("the clinician", "c-lee".to_owned()),
        (
            "the estimate (2-3 days × 5-6 drinks)",
            "About 10–18 drinks a week".to_owned(),
        ),
        ("a heavy day", "6 or more drinks".to_owned()),
        ("a help line", "1-800-662-4357".to_owned()),
    ] {
        assert!(text.contains(&expected), "{what}: {expected:?} in\n{text}");
    }
    // The limit for a man of 40 is given: the control for the tests that withhold it.
    let limit = p
        .low_risk_limits
        .for_profile(&man(40))
        .expect("a limit for a man of 40");
    assert!(text.contains(&squash(&limit.text)), "the limit in\n{text}");
    assert!(text.contains(&squash(&h.limit_heading)), "its heading");
    assert!(
        !text.contains(&p.patient_text("withdrawal_risk")),
        "no safety box without a flag"
    );
}

trait PatientText {
    fn patient_text(&self, rule: &str) -> String;
}

impl PatientText for Protocol {
    /// The first sentence of what a safety rule tells the patient.
    fn patient_text(&self, rule: &str) -> String {
        let r = self.safety.iter().find(|r| r.id == rule).expect("the rule");
        squash(r.patient.split(". ").next().expect("a sentence"))
    }
}

/// Asserts the sheet gives no low-risk limit, and says `instead` where one would be.
fn assert_no_limits(set: &ProtocolSet, s: &Session, instead: &str, who: &str) -> String {
    let text = sheet_text(set, s);
    for phrase in limit_phrases(protocol(set)) {
        assert!(
            !text.contains(&phrase),
            "{who}: the sheet must not say {phrase:?}:\n{text}"
        );
    }
    assert!(
        text.contains(&squash(instead)),
        "{who}: the sheet says instead {instead:?}:\n{text}"
    );
    text
}

#[test]
fn a_pregnant_patient_gets_the_pregnancy_advice_and_never_the_limits() {
    let set = set();
    let p = protocol(&set);
    let profile = Profile {
        sex: Some(Sex::Female),
        age: Some(30),
        pregnancy: Pregnancy::Pregnant,
    };
    let mut s = session(&set, profile, "audit-c", &[1, 0, 0]);
    plan(&set, &mut s, &["stop"]);
    let text = assert_no_limits(&set, &s, &p.low_risk_limits.pregnancy, "pregnant");
    assert!(
        text.contains(&p.patient_text("pregnancy")),
        "the pregnancy rule's advice is in the safety box:\n{text}"
    );
    assert!(
        text.contains(&squash(&p.handout.as_ref().unwrap().safety_heading)),
        "under the safety heading"
    );
}

#[test]
fn a_minor_gets_the_underage_advice_and_never_the_limits() {
    let set = set();
    let p = protocol(&set);
    let s = session(&set, man(17), "audit-c", &[2, 1, 1]);
    let instead = p
        .low_risk_limits
        .underage
        .clone()
        .expect("underage wording");
    let text = assert_no_limits(&set, &s, &instead, "aged 17");
    assert!(
        text.contains(&p.patient_text("underage")),
        "and the under-21 advice"
    );
}

#[test]
fn a_patient_at_risk_of_withdrawal_gets_the_safety_box_and_never_the_limits() {
    let set = set();
    let p = protocol(&set);
    // AUDIT with a morning drink (item 6 less than monthly): withdrawal risk.
    let s = session(&set, man(40), "audit", &[3, 3, 3, 2, 1, 1, 2, 1, 0, 0]);
    let h = p.handout.as_ref().unwrap();
    let instead = h.limits_withheld.clone();
    let text = assert_no_limits(&set, &s, &instead, "withdrawal risk");
    assert!(
        text.contains(&p.patient_text("withdrawal_risk")),
        "the withdrawal advice is on the sheet:\n{text}"
    );
}

#[test]
fn an_unrecorded_age_gets_no_limits_either() {
    let set = set();
    let p = protocol(&set);
    let profile = Profile {
        sex: Some(Sex::Male),
        ..Profile::default()
    };
    let s = session(&set, profile, "audit-c", &[3, 2, 2]);
    assert_no_limits(
        &set,
        &s,
        &p.handout.as_ref().unwrap().age_needed,
        "age unrecorded",
    );
}

#[test]
fn drinks_a_week_are_estimated_from_the_answers_as_the_table_says() {
    let set = set();
    // (item 1, item 2, item 3) → drinks a week, a drinking day, a heavy day. Worked by hand
    // from the table in audit_c.ron: drinking days in 4 weeks × drinks a day ÷ 4.
    for (answers, week, day, heavy) in [
        // Never: no drinking days.
        ([0, 0, 0], (0, Some(0)), None, None),
        // Monthly or less (0-1 days in 4 weeks) × 1-2: 0 to 2/4 → 0-1 (rounded out).
        ([1, 0, 0], (0, Some(1)), Some((1, Some(2))), None),
        // 2-4 times a month (2-4) × 3-4: 6/4 to 16/4 → 1-4; heavy days less than monthly.
        ([2, 1, 1], (1, Some(4)), Some((3, Some(4))), Some(6)),
        // 2-3 times a week (8-12) × 5-6: 40/4 to 72/4 → 10-18.
        ([3, 2, 3], (10, Some(18)), Some((5, Some(6))), Some(6)),
        // 4 or more times a week (16-28) × 10 or more: 160/4 → 40, no top.
        ([4, 4, 4], (40, None), Some((10, None)), Some(6)),
    ] {
        let s = session(&set, man(40), "audit-c", &answers);
        let est = brief::feedback::first_estimate(&set, &s.screenings).expect("an estimate");
        assert_eq!(est.week(), week, "drinks a week for {answers:?}");
        assert_eq!(est.day, day, "drinks a day for {answers:?}");
        assert_eq!(est.heavy, heavy, "heavy day for {answers:?}");
    }
    // The same table for the full AUDIT's items 1-3.
    let s = session(&set, man(40), "audit", &[3, 2, 0, 0, 0, 0, 0, 0, 0, 0]);
    let est = brief::feedback::first_estimate(&set, &s.screenings).expect("an estimate");
    assert_eq!(est.week(), (10, Some(18)), "AUDIT items 1-2");
}

#[test]
fn the_picture_of_drinks_against_the_limit_is_drawn_only_where_limits_may_be_shown() {
    let set = set();
    let sheet = |s: &Session| handout::sheet(s, &set).expect("a sheet");
    let drinks = |sh: &handout::Sheet| {
        sh.sections
            .iter()
            .flat_map(|x| &x.blocks)
            .find_map(|b| match b {
                handout::Block::Drinks(scale, _) => Some(*scale),
                _ => None,
            })
    };
    let adult = session(&set, man(40), "audit-c", &[3, 2, 2]);
    let scale = drinks(&sheet(&adult)).expect("drawn for a man of 40");
    assert_eq!(
        (scale.week, scale.limit),
        ((10, Some(18)), 14),
        "estimate against 14"
    );
    assert_eq!(scale.risk(), RiskLevel::High, "18 a week may go over 14");
    // 2-4 times a month, 3 or 4, heavy days less than monthly: 1-4 a week is within 14, but a
    // heavy day of 6 is over the daily 4: not drawn as within the limits.
    let light = session(&set, man(40), "audit-c", &[2, 1, 1]);
    let scale = drinks(&sheet(&light)).expect("drawn");
    assert!(
        !scale.over_week() && scale.over_day,
        "within the week, over on a day"
    );
    assert_eq!(scale.risk(), RiskLevel::Moderate, "amber, not green");
    let within = session(&set, man(40), "audit-c", &[2, 0, 0]);
    let scale = drinks(&sheet(&within)).expect("drawn");
    assert_eq!(
        scale.risk(),
        RiskLevel::Low,
        "1-2 drinks 2-4 times a month: within both"
    );
    let minor = session(&set, man(17), "audit-c", &[3, 2, 2]);
    assert_eq!(drinks(&sheet(&minor)), None, "not drawn for a minor");
}

#[test]
fn the_sheet_is_written_owner_only_and_replaces_an_older_one() {
    let set = set();
    let s = session(&set, man(40), "audit-c", &[3, 2, 2]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheets").join(handout::file_name(&s.id));
    handout::save(&s, &set, &path).expect("written");
    handout::save(&s, &set, &path).expect("written again");
    let bytes = std::fs::read(&path).unwrap();
    assert!(pdf_text(&bytes).contains("AUDIT-C: 7 points"), "a sheet");
    assert!(
        !path.to_string_lossy().contains("P-77"),
        "named by the session id, not the patient reference"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "owner-only");
    }
}

#[test]
fn menu_options_chosen_deliver_the_menu_in_the_note_and_the_audit_without_a_coverage_event() {
    let set = set();
    let p = protocol(&set);
    let mut s = session(&set, man(40), "audit-c", &[3, 2, 2]);
    let note = brief::note::clinical_note(&s, &set, t(300));
    assert!(note.contains("Components missing: Feedback, Responsibility, Advice, Menu of options, Empathy, Self-efficacy"), "nothing yet:\n{note}");
    plan(&set, &mut s, &["alcohol_free_days", "diary"]);
    assert!(s.coverage.is_empty(), "no coverage event was written");
    let note = brief::note::clinical_note(&s, &set, t(300));
    assert!(
        note.contains("Menu of options (Change & goals, options chosen)"),
        "the menu is credited from the options chosen:\n{note}"
    );
    assert!(
        note.contains("Self-efficacy (Change & goals 10:02, “why not lower?” answered)"),
        "self-efficacy from the answer to why not lower:\n{note}"
    );
    assert!(
        note.contains("Components missing: Feedback, Responsibility, Advice, Empathy"),
        "the rest still missing:\n{note}"
    );

    // The audit reads the saved file and credits the same.
    apply(
        &set,
        &mut s,
        Change::Close {
            reason: Some("test".to_owned()),
        },
        400,
    );
    let dir = tempfile::tempdir().unwrap();
    let store = brief::store::Store::open(dir.path()).unwrap();
    store.save(&s).unwrap();
    let scanned = brief::audit::scan::scan(dir.path(), brief::audit::scan::CacheMode::Bypass);
    let report = brief::audit::aggregate::Report::new(
        &scanned.summaries,
        &brief::audit::aggregate::Filters::default(),
        p,
    );
    let share = |id: &str| {
        report
            .components
            .iter()
            .find(|c| c.component == id)
            .map(|c| c.count)
    };
    assert_eq!(share("menu"), Some(1), "menu delivered in the audit");
    assert_eq!(share("self_efficacy"), Some(1), "self-efficacy too");
    assert_eq!(share("advice"), Some(0), "advice was not");
    let mut csv = Vec::new();
    brief::audit::export::write_sessions_csv(
        &mut csv,
        &scanned.summaries,
        &brief::audit::aggregate::Filters::default(),
        p,
    )
    .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    let row = csv.lines().nth(1).expect("a row");
    // id,clinician,date,minutes,feedback,responsibility,advice,menu,empathy,self_efficacy,…
    let cells: Vec<&str> = row.split(',').collect();
    assert_eq!(
        &cells[4..10],
        ["0", "0", "0", "1", "0", "1"],
        "the CSV row: {row}"
    );

    // A protocol without the credit does not credit it: the credit is the protocol's.
    let mut strict = p.clone();
    strict.credits.clear();
    let report = brief::audit::aggregate::Report::new(
        &scanned.summaries,
        &brief::audit::aggregate::Filters::default(),
        &strict,
    );
    let menu = report
        .components
        .iter()
        .find(|c| c.component == "menu")
        .unwrap();
    assert_eq!(menu.count, 0, "no credit without the protocol's say-so");
}

#[test]
fn giving_the_sheet_is_recorded_and_credited_as_feedback() {
    let set = set();
    let mut s = session(&set, man(40), "audit-c", &[3, 2, 2]);
    let before = s.to_ron().unwrap();
    assert!(
        !before.contains("handouts"),
        "no field until a sheet is given"
    );
    apply(
        &set,
        &mut s,
        Change::GiveHandout {
            step: "closure".to_owned(),
        },
        500,
    );
    assert_eq!(s.handouts.len(), 1, "recorded");
    assert_eq!(s.handouts[0].time, t(500), "with its time");
    let note = brief::note::clinical_note(&s, &set, t(600));
    assert!(
        note.contains("Feedback given: yes, in step Close at 10:08"),
        "feedback credited from the sheet:\n{note}"
    );
    assert!(
        note.contains("Take-home sheet given at 10:08"),
        "and said:\n{note}"
    );
    let err = s
        .clone()
        .apply_in(
            &set,
            protocol(&set),
            Change::GiveHandout {
                step: "nope".to_owned(),
            },
            t(700),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("nope"),
        "an unknown step is refused: {err}"
    );
}

#[test]
fn every_zone_of_every_bundled_instrument_has_a_risk_for_the_sheet() {
    let set = set();
    for ins in set.instruments() {
        for z in &ins.zones {
            assert!(
                z.risk.is_some(),
                "{} zone {} has a risk level",
                ins.id,
                z.id
            );
        }
    }
}
