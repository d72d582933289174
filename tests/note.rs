//! The clinical note of a known session, compared with the expected text.

use brief::note::clinical_note;
use brief::protocol::{ProtocolSet, Sex, SourceFile};
use brief::scoring::{self, Profile};
use brief::session::{
    Change, CoverageSource, Goal, ProtocolRef, ReadinessEntry, Referral, ReferralResponse,
    Screening, ScreeningResult, Session, SessionId, Timestamp,
};
use chrono::{DateTime, Duration, NaiveDate};

/// 2025-03-04 09:12:00 at UTC-5, plus `secs` seconds.
fn t(secs: i64) -> Timestamp {
    DateTime::parse_from_rfc3339("2025-03-04T09:12:00-05:00").expect("fixed time parses")
        + Duration::seconds(secs)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn set() -> ProtocolSet {
    ProtocolSet::bundled().expect("bundled protocols load")
}

/// The bundled set with `edits` (from, to) made to the protocol file, as a clinic would.
fn edited_set(edits: &[(&str, &str)]) -> ProtocolSet {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols");
    let mut files = Vec::new();
    for (sub, is_instrument) in [("", false), ("instruments", true)] {
        for entry in std::fs::read_dir(dir.join(sub)).expect("read protocols/") {
            let path = entry.expect("dir entry").path();
            if path.extension().is_some_and(|e| e == "ron") {
                let mut text = std::fs::read_to_string(&path).expect("read a protocol file");
                if path.ends_with("brief_intervention.ron") {
                    for (from, to) in edits {
                        assert!(text.contains(from), "the protocol contains {from:?}");
                        text = text.replacen(from, to, 1);
                    }
                }
                files.push(SourceFile {
                    path,
                    text,
                    is_instrument,
                });
            }
        }
    }
    ProtocolSet::from_files(&files, "edited protocols".to_owned())
        .unwrap_or_else(|e| panic!("the edited protocols load: {e}"))
}

fn profile() -> Profile {
    Profile {
        sex: Some(Sex::Female),
        age: Some(45),
        ..Profile::default()
    }
}

fn new_session() -> Session {
    Session::new(
        SessionId::from_parts(t(0).to_utc(), 0x0000_0000_0000_0417),
        "c-alvarez",
        "P-00417",
        profile(),
        ProtocolRef {
            id: "brief_intervention".to_owned(),
            version: "1.0.0".to_owned(),
        },
        t(0),
    )
}

fn apply(s: &mut Session, change: Change, now: Timestamp) {
    let described = format!("{change:?}");
    s.apply(change, now)
        .unwrap_or_else(|e| panic!("change {described} should apply: {e}"));
}

fn cover(s: &mut Session, component: &str, step: &str, prompt: &str, now: Timestamp) {
    apply(
        s,
        Change::Cover {
            component: component.to_owned(),
            step: step.to_owned(),
            source: CoverageSource::Prompt(prompt.to_owned()),
            note: None,
        },
        now,
    );
}

/// A closed 17-minute session: AUDIT-C 2,1,1 for a 45-year-old woman, five of six components
/// (no self-efficacy), contemplation with rulers, a goal, a referral and a follow-up.
fn known_session(set: &ProtocolSet) -> Session {
    let mut s = new_session();
    cover(
        &mut s,
        "responsibility",
        "introduce",
        "introduce.permission",
        t(20),
    );
    cover(
        &mut s,
        "empathy",
        "introduce",
        "introduce.permission",
        t(20),
    );
    apply(&mut s, Change::CompleteStep("introduce".to_owned()), t(60));

    apply(&mut s, Change::EnterStep("screen".to_owned()), t(70));
    let ins = set.instrument("audit-c").expect("AUDIT-C is bundled");
    let answers = vec![Some(2), Some(1), Some(1)];
    let score = scoring::score(ins, &answers, &profile(), None).expect("AUDIT-C scores");
    apply(
        &mut s,
        Change::RecordScreening(Screening {
            suggested: None,
            instrument: "audit-c".to_owned(),
            substance: None,
            profile: profile(),
            answers,
            result: Some(ScreeningResult::from(&score)),
            time: t(0),
        }),
        t(200),
    );
    apply(&mut s, Change::CompleteStep("screen".to_owned()), t(240));

    apply(&mut s, Change::EnterStep("feedback".to_owned()), t(250));
    cover(
        &mut s,
        "feedback",
        "feedback",
        "feedback.score_zone",
        t(300),
    );
    cover(
        &mut s,
        "advice",
        "feedback",
        "feedback.concern_advice",
        t(360),
    );
    apply(&mut s, Change::CompleteStep("feedback".to_owned()), t(420));

    apply(&mut s, Change::EnterStep("goals".to_owned()), t(430));
    apply(
        &mut s,
        Change::AddReadiness(ReadinessEntry {
            stage: Some("contemplation".to_owned()),
            importance: Some(7),
            confidence: Some(4),
            readiness: None,
            why_not_lower: "I want to  sleep better\nand feel sharper at work".to_owned(),
            note: "Ambivalent; worried about giving up\tFriday drinks".to_owned(),
            time: None,
        }),
        t(500),
    );
    cover(&mut s, "menu", "goals", "goals.menu", t(600));
    apply(
        &mut s,
        Change::SetGoal(Goal {
            options: vec!["alcohol_free_days".to_owned(), "diary".to_owned()],
            not_advised: Vec::new(),
            own_words: "No drinking on weeknights".to_owned(),
            target_date: Some(date(2025, 4, 1)),
        }),
        t(660),
    );
    apply(
        &mut s,
        Change::SetReferral(Some(Referral {
            to: "Community alcohol service".to_owned(),
            level: Some("1".to_owned()),
            response: ReferralResponse::Accepted,
        })),
        t(700),
    );
    apply(&mut s, Change::CompleteStep("goals".to_owned()), t(760));

    apply(&mut s, Change::EnterStep("closure".to_owned()), t(770));
    apply(&mut s, Change::SetFollowUp(Some(date(2025, 3, 25))), t(800));
    apply(
        &mut s,
        Change::SetSummary(
            "Positive AUDIT-C; agreed alcohol-free weekdays and a drink diary.".to_owned(),
        ),
        t(900),
    );
    apply(&mut s, Change::CompleteStep("closure".to_owned()), t(1000));
    apply(
        &mut s,
        Change::Close {
            reason: Some("Self-efficacy planned for the follow-up visit".to_owned()),
        },
        t(17 * 60 + 30),
    );
    s
}

const EXPECTED: &str = "\
Brief intervention for alcohol and drug use (TIP 34 and FRAMES) (protocol brief_intervention 1.0.0)
Date 2025-03-04, 09:12–09:29 (17 min)
Patient ref P-00417 (female, 45 y); clinician c-alvarez
Screening: AUDIT-C 4/12, zone positive (Positive screen: possible unhealthy alcohol use); action: Give the full AUDIT or assess further, then brief intervention
Feedback given: yes, in step Feedback at 09:17
Components delivered 6/6: Feedback (Feedback 09:17), Responsibility (Introduce 09:12), Advice (Feedback 09:18), Menu of options (Change & goals 09:22), Empathy (Introduce 09:12), Self-efficacy (Change & goals 09:20, “why not lower?” answered)
Steps: Introduce done; Screen done; Feedback done; Change & goals done; Close done
Stage of readiness: Contemplation; importance 7/10, confidence 4/10
  Why not lower: I want to sleep better and feel sharper at work
  Note: Ambivalent; worried about giving up Friday drinks
Goal: Alcohol-free days, Keep a diary; in the patient's words \"No drinking on weeknights\"; by 2025-04-01
Referral: to Community alcohol service, ASAM level 1 Outpatient services: accepted
Follow-up: 2025-03-25
Summary: Positive AUDIT-C; agreed alcohol-free weekdays and a drink diary.
Closed with items missing: Self-efficacy planned for the follow-up visit
Time 17 min. Billing hint: 99408 (Commercial and many Medicaid plans) or G0396 (Medicare). Codes, descriptors and payer rules change every year: check the payer's current rules before billing. Document the start and stop times or the total face-to-face time, along with the assessment and plan. These codes do not cover tobacco-only counseling.
Clinician: c-alvarez
";

#[test]
fn note_of_a_known_session_matches_the_expected_text() {
    let set = set();
    let s = known_session(&set);
    // `now` is long after the close: a closed session's note uses the close time.
    let note = clinical_note(&s, &set, t(86_400));
    if note != EXPECTED {
        for (i, (got, want)) in note.lines().zip(EXPECTED.lines()).enumerate() {
            if got != want {
                eprintln!(
                    "first difference at line {}:\n got: {got}\nwant: {want}",
                    i + 1
                );
                break;
            }
        }
    }
    assert_eq!(note, EXPECTED, "the note of the known session");
}

#[test]
fn note_is_at_most_25_lines_and_pastes_as_plain_lines() {
    let set = set();
    let note = clinical_note(&known_session(&set), &set, t(86_400));
    let lines: Vec<&str> = note.lines().collect();
    assert!(lines.len() <= 25, "{} lines:\n{note}", lines.len());
    assert!(note.ends_with('\n'), "the note ends with a newline");
    assert!(
        lines
            .iter()
            .all(|l| !l.trim().is_empty() && !l.contains('\t')),
        "no blank lines or tabs:\n{note}"
    );
}

/// A closed session of `minutes` minutes with nothing recorded.
fn short_session(minutes: i64) -> Session {
    let mut s = new_session();
    apply(&mut s, Change::Close { reason: None }, t(minutes * 60));
    s
}

#[test]
fn billing_hint_follows_the_minutes() {
    let set = set();
    let below = set.default_protocol().billing.below_minimum.clone();
    let hint = |minutes: i64| {
        let note = clinical_note(&short_session(minutes), &set, t(86_400));
        note.lines()
            .find(|l| l.starts_with("Time "))
            .unwrap_or_else(|| panic!("a time line in:\n{note}"))
            .to_owned()
    };

    let seventeen = hint(17);
    assert!(
        seventeen.contains("99408") && seventeen.contains("G0396"),
        "17 minutes: 99408 or G0396: {seventeen}"
    );
    assert!(
        !seventeen.contains("G2011") && !seventeen.contains(&below),
        "17 minutes: no other hint: {seventeen}"
    );

    let eight = hint(8);
    assert!(eight.contains("G2011"), "8 minutes: G2011: {eight}");
    assert!(
        !eight.contains("99408") && !eight.contains(&below),
        "8 minutes: only G2011: {eight}"
    );

    for minutes in [0, 3, 4] {
        let short = hint(minutes);
        assert!(
            short.contains(&below),
            "{minutes} minutes: the below-minimum text: {short}"
        );
        for code in ["G2011", "99408", "G0396", "99409", "G0397"] {
            assert!(
                !short.contains(code),
                "{minutes} minutes: no {code}: {short}"
            );
        }
    }

    let long = hint(45);
    assert!(
        long.contains("99409") && long.contains("G0397"),
        "45 minutes: 99409 or G0397: {long}"
    );
}

#[test]
fn note_of_an_open_session_runs_to_now() {
    let set = set();
    let s = new_session();
    let note = clinical_note(&s, &set, t(8 * 60));
    assert!(
        note.contains("Date 2025-03-04, 09:12–open (8 min)"),
        "an open session's note runs to now:\n{note}"
    );
    assert!(note.contains("G2011"), "8 minutes so far: G2011:\n{note}");
    for line in [
        "Screening: none recorded",
        "Feedback given: not recorded",
        "Components delivered 0/6: none",
        "Stage of readiness: not recorded",
        "Goal: not recorded",
        "Referral: none",
        "Follow-up: not arranged",
        "Clinician: c-alvarez",
    ] {
        assert!(
            note.lines().any(|l| l == line),
            "the note has the line {line:?}:\n{note}"
        );
    }
}

#[test]
fn the_notes_own_lines_and_level_label_are_the_protocols_wording() {
    let set = edited_set(&[
        (
            "delivered: \"Feedback given: yes, in step {step} at {time}\"",
            "delivered: \"Feedback: given at {time} ({step})\"",
        ),
        (
            "not_delivered: \"Feedback given: not recorded\",\n            ),",
            "not_delivered: \"Feedback given: not recorded\",\n            ),\n            \
             NoteLine(component: \"self_efficacy\", delivered: \"Self-efficacy: {step}\", \
             not_delivered: \"Self-efficacy: to do at follow-up\"),",
        ),
        (
            "level_label: \"ASAM level\"",
            "level_label: \"Level of care\"",
        ),
    ]);
    let note = clinical_note(&known_session(&set), &set, t(86_400));
    let lines: Vec<&str> = note.lines().collect();
    assert_eq!(
        lines.get(4..6),
        Some(
            &[
                "Feedback: given at 09:17 (Feedback)",
                // Credited from the answer to "why not a lower number?" (the credits).
                "Self-efficacy: Change & goals"
            ][..]
        ),
        "the protocol's lines, in its order, before the components:\n{note}"
    );
    assert!(
        note.contains(
            "Referral: to Community alcohol service, Level of care 1 Outpatient services: accepted"
        ),
        "the protocol's label for the level:\n{note}"
    );
    assert!(
        !note.contains("Feedback given") && !note.contains("ASAM"),
        "none of the bundled wording is left:\n{note}"
    );
}

#[test]
fn a_protocol_without_note_lines_writes_no_feedback_line() {
    let bundled = set();
    let full = clinical_note(&known_session(&bundled), &bundled, t(86_400));
    let protocol_text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols/brief_intervention.ron"),
    )
    .expect("read the protocol");
    let from = protocol_text
        .find("\n    note: NoteLayout(")
        .expect("the protocol has a note section");
    let to = protocol_text
        .rfind("\n)")
        .expect("the protocol ends with )");
    let note_section = protocol_text.get(from..to).expect("the note section");
    let set = edited_set(&[(note_section, "")]);
    let note = clinical_note(&known_session(&set), &set, t(86_400));
    let expected = full.replace("Feedback given: yes, in step Feedback at 09:17\n", "");
    assert_eq!(note, expected, "the same note without the feedback line");
}
