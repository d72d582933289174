//! The rules of `Session::apply` and the round trip of a full session through RON.

use std::path::Path;

use brief::protocol::{ProtocolSet, STEP_IDS, Sex};
use brief::scoring::{self, Profile};
use brief::session::{
    Applied, Change, ChangeError, CoverageSource, Goal, ProtocolRef, ReadinessEntry, Referral,
    ReferralResponse, Screening, ScreeningResult, Session, SessionId, Status, StepState, Timestamp,
};
use brief::store::parse_session;
use chrono::{DateTime, Duration, NaiveDate};

/// 2025-03-04 09:12:00 at UTC-5, plus `secs` seconds.
fn t(secs: i64) -> Timestamp {
    DateTime::parse_from_rfc3339("2025-03-04T09:12:00-05:00").expect("fixed time parses")
        + Duration::seconds(secs)
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn new_session() -> Session {
    let id = SessionId::from_parts(t(0).to_utc(), 0x0123_4567_89ab_cdef);
    Session::new(
        id,
        "c-test",
        "P-00417",
        Profile {
            sex: Some(Sex::Female),
            age: Some(45),
            ..Profile::default()
        },
        ProtocolRef {
            id: "brief_intervention".to_owned(),
            version: "1.0.0".to_owned(),
        },
        t(0),
    )
}

fn apply(s: &mut Session, change: Change, now: Timestamp) -> Applied {
    let described = format!("{change:?}");
    s.apply(change, now)
        .unwrap_or_else(|e| panic!("change {described} should apply: {e}"))
}

fn cover(s: &mut Session, component: &str, step: &str, prompt: Option<&str>, now: Timestamp) {
    let source = prompt.map_or(CoverageSource::ByHand, |p| {
        CoverageSource::Prompt(p.to_owned())
    });
    apply(
        s,
        Change::Cover {
            component: component.to_owned(),
            step: step.to_owned(),
            source,
            note: prompt
                .is_none()
                .then(|| "said it in my own words".to_owned()),
        },
        now,
    );
}

fn audit_c_screening(now: Timestamp) -> Screening {
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    let ins = set.instrument("audit-c").expect("AUDIT-C is bundled");
    let profile = Profile {
        sex: Some(Sex::Female),
        age: Some(45),
        ..Profile::default()
    };
    let answers = vec![Some(2), Some(1), Some(1)];
    let score = scoring::score(ins, &answers, &profile, None).expect("AUDIT-C scores");
    Screening {
        suggested: None,
        instrument: "audit-c".to_owned(),
        substance: None,
        profile,
        answers,
        result: Some(ScreeningResult::from(&score)),
        time: now,
    }
}

/// Every step, a scored screening, all six components in several steps, two readiness entries,
/// goal, referral, follow-up, summary, close and an amendment.
fn full_session() -> Session {
    let mut s = new_session();
    cover(
        &mut s,
        "responsibility",
        "introduce",
        Some("introduce.permission"),
        t(20),
    );
    cover(
        &mut s,
        "empathy",
        "introduce",
        Some("introduce.permission"),
        t(20),
    );
    apply(&mut s, Change::CompleteStep("introduce".to_owned()), t(60));

    apply(&mut s, Change::EnterStep("screen".to_owned()), t(70));
    apply(
        &mut s,
        Change::RecordScreening(audit_c_screening(t(0))),
        t(150),
    );
    cover(&mut s, "empathy", "screen", Some("screen.reflect"), t(170));
    apply(&mut s, Change::CompleteStep("screen".to_owned()), t(240));

    apply(&mut s, Change::EnterStep("feedback".to_owned()), t(250));
    cover(
        &mut s,
        "feedback",
        "feedback",
        Some("feedback.score_zone"),
        t(300),
    );
    cover(
        &mut s,
        "advice",
        "feedback",
        Some("feedback.concern_advice"),
        t(330),
    );
    cover(
        &mut s,
        "responsibility",
        "feedback",
        Some("feedback.concern_advice"),
        t(330),
    );
    cover(&mut s, "feedback", "feedback", None, t(340));
    apply(&mut s, Change::CompleteStep("feedback".to_owned()), t(400));

    apply(&mut s, Change::EnterStep("goals".to_owned()), t(410));
    apply(
        &mut s,
        Change::AddReadiness(ReadinessEntry {
            stage: Some("precontemplation".to_owned()),
            importance: Some(3),
            confidence: Some(5),
            readiness: Some(2),
            why_not_lower: "My doctor mentioned my liver".to_owned(),
            note: "Not sure it's a problem".to_owned(),
            time: None,
        }),
        t(450),
    );
    cover(
        &mut s,
        "self_efficacy",
        "goals",
        Some("goals.why_not_lower"),
        t(460),
    );
    cover(&mut s, "menu", "goals", Some("goals.menu"), t(500));
    apply(
        &mut s,
        Change::AddReadiness(ReadinessEntry {
            stage: Some("contemplation".to_owned()),
            importance: Some(7),
            confidence: Some(4),
            readiness: Some(6),
            why_not_lower: "I want to sleep better".to_owned(),
            note: "Moved after the feedback".to_owned(),
            time: None,
        }),
        t(560),
    );
    apply(
        &mut s,
        Change::SetGoal(Goal {
            options: vec!["alcohol_free_days".to_owned(), "diary".to_owned()],
            not_advised: Vec::new(),
            own_words: "No drinking on weeknights".to_owned(),
            target_date: Some(date(2025, 4, 1)),
        }),
        t(600),
    );
    apply(
        &mut s,
        Change::SetReferral(Some(Referral {
            to: "Community alcohol service".to_owned(),
            level: Some("1".to_owned()),
            response: ReferralResponse::Accepted,
        })),
        t(620),
    );
    apply(&mut s, Change::CompleteStep("goals".to_owned()), t(700));

    apply(&mut s, Change::EnterStep("closure".to_owned()), t(710));
    cover(
        &mut s,
        "self_efficacy",
        "closure",
        Some("closure.confidence"),
        t(730),
    );
    cover(&mut s, "menu", "closure", Some("closure.materials"), t(740));
    apply(&mut s, Change::SetFollowUp(Some(date(2025, 3, 25))), t(750));
    apply(
        &mut s,
        Change::SetSummary("AUDIT-C positive; agreed alcohol-free weekdays.".to_owned()),
        t(760),
    );
    apply(&mut s, Change::CompleteStep("closure".to_owned()), t(800));
    apply(&mut s, Change::Close { reason: None }, t(1020));
    apply(
        &mut s,
        Change::Amend {
            by: "c-test".to_owned(),
            reason: "Follow-up moved at the patient's request".to_owned(),
            change: Box::new(Change::SetFollowUp(Some(date(2025, 3, 27)))),
        },
        t(5000),
    );
    s
}

fn round_trip(s: &Session) -> Session {
    parse_session(Path::new("round-trip.ron"), &to_ron(s)).expect("own RON parses back")
}

#[test]
fn full_session_has_everything_the_round_trip_must_carry() {
    let s = full_session();
    assert_eq!(s.status, Status::Closed, "the full session is closed");
    assert!(
        s.steps.iter().all(|st| st.state == StepState::Done),
        "every step is done: {:?}",
        s.steps
    );
    assert_eq!(s.steps.len(), STEP_IDS.len(), "one record per step");
    assert_eq!(s.delivered().len(), 6, "all six components delivered");
    let feedback_events = s
        .coverage
        .iter()
        .filter(|e| e.component == "feedback")
        .count();
    assert_eq!(
        feedback_events, 2,
        "feedback by prompt and by hand are two events"
    );
    assert_eq!(s.readiness.len(), 2, "two readiness entries");
    assert_eq!(s.amendments.len(), 1, "one amendment");
    let result = s.screenings[0].result.as_ref().expect("screening scored");
    assert_eq!(
        (result.total, result.zone.as_str()),
        (4, "positive"),
        "AUDIT-C 2,1,1 is 4 and positive for a woman"
    );
    assert!(!tampered(&s), "a session built by apply is not tampered");
}

#[test]
fn full_session_round_trips_through_ron_unchanged() {
    let s = full_session();
    let text = to_ron(&s);
    let back = round_trip(&s);
    assert_eq!(back, s, "the session read back equals the one written");
    assert_eq!(to_ron(&back), text, "writing it again gives the same text");
    assert!(
        !tampered(&back),
        "the round trip keeps the content hash valid"
    );
    assert!(
        text.contains("version: 1"),
        "the file says version 1:\n{text}"
    );
}

#[test]
fn open_session_round_trips_through_ron_unchanged() {
    let mut s = new_session();
    apply(
        &mut s,
        Change::SkipStep {
            step: "screen".to_owned(),
            reason: "Screened by the nurse".to_owned(),
        },
        t(30),
    );
    cover(&mut s, "empathy", "introduce", None, t(40));
    assert_eq!(round_trip(&s), s, "an open session reads back unchanged");
}

#[test]
fn closed_session_refuses_a_plain_change_and_stays_byte_identical() {
    let mut s = full_session();
    let before = to_ron(&s);
    let plain = [
        Change::SetSummary("edited after closing".to_owned()),
        Change::EnterStep("goals".to_owned()),
        Change::Cover {
            component: "advice".to_owned(),
            step: "goals".to_owned(),
            source: CoverageSource::ByHand,
            note: None,
        },
        Change::AddReadiness(ReadinessEntry::default()),
        Change::Close { reason: None },
    ];
    for change in plain {
        let described = format!("{change:?}");
        assert_eq!(
            s.apply(change, t(6000)),
            Err(ChangeError::Closed),
            "a closed session refuses {described}"
        );
        assert_eq!(
            to_ron(&s),
            before,
            "the refused {described} left the session byte-identical"
        );
    }
}

#[test]
fn amendment_without_a_reason_is_refused() {
    let mut s = full_session();
    let before = to_ron(&s);
    for reason in ["", "   \t\n"] {
        let result = s.apply(
            Change::Amend {
                by: "c-test".to_owned(),
                reason: reason.to_owned(),
                change: Box::new(Change::SetSummary("new".to_owned())),
            },
            t(6000),
        );
        assert_eq!(
            result,
            Err(ChangeError::AmendmentNeedsReason),
            "an amendment with reason {reason:?} is refused"
        );
        assert_eq!(to_ron(&s), before, "the refused amendment changed nothing");
    }
}

#[test]
fn amendment_of_an_open_session_or_a_nested_one_is_refused() {
    let mut open = new_session();
    let amend = |change: Change| Change::Amend {
        by: "c-test".to_owned(),
        reason: "typo".to_owned(),
        change: Box::new(change),
    };
    assert_eq!(
        open.apply(amend(Change::SetSummary("x".to_owned())), t(10)),
        Err(ChangeError::NotClosed),
        "an open session is changed directly, not amended"
    );
    let mut closed = full_session();
    let before = to_ron(&closed);
    assert_eq!(
        closed.apply(amend(Change::Close { reason: None }), t(6000)),
        Err(ChangeError::NestedAmendment),
        "an amendment cannot close again"
    );
    assert_eq!(
        closed.apply(amend(amend(Change::SetSummary("x".to_owned()))), t(6000)),
        Err(ChangeError::NestedAmendment),
        "an amendment cannot hold an amendment"
    );
    assert_eq!(
        to_ron(&closed),
        before,
        "refused amendments changed nothing"
    );
}

#[test]
fn amendment_with_a_reason_applies_is_recorded_and_rehashes() {
    let mut s = full_session();
    let hash_before = s.content_hash.clone().expect("closed sessions have a hash");
    let amendments_before = s.amendments.len();
    let applied = s.apply(
        Change::Amend {
            by: "c-supervisor".to_owned(),
            reason: "  Summary corrected after review  ".to_owned(),
            change: Box::new(Change::SetSummary("Corrected summary".to_owned())),
        },
        t(9000),
    );
    assert_eq!(applied, Ok(Applied::Changed), "the amendment applies");
    assert_eq!(s.summary, "Corrected summary", "the change took effect");
    assert_eq!(s.status, Status::Closed, "the session stays closed");
    assert_eq!(
        s.amendments.len(),
        amendments_before + 1,
        "the amendment is recorded"
    );
    let a = s.amendments.last().expect("an amendment");
    assert_eq!(a.time, t(9000), "the amendment time is the time applied");
    assert_eq!(a.by, "c-supervisor", "who amended");
    assert!(
        a.reason.contains("Summary corrected after review"),
        "why: {:?}",
        a.reason
    );
    assert_eq!(a.change, "changed the summary", "what changed");
    let hash_after = s.content_hash.clone().expect("still hashed");
    assert_ne!(hash_after, hash_before, "the content hash is updated");
    assert_eq!(
        hash_after,
        s.compute_hash().expect("hashes"),
        "the new hash matches the content"
    );
    assert!(!tampered(&s), "an amendment is not tampering");
    assert!(
        !tampered(&round_trip(&s)),
        "nor after saving and loading the amended session"
    );
}

#[test]
fn amendment_that_changes_nothing_is_not_recorded() {
    let mut s = full_session();
    let before = to_ron(&s);
    let same_summary = s.summary.clone();
    let applied = s.apply(
        Change::Amend {
            by: "c-test".to_owned(),
            reason: "checking".to_owned(),
            change: Box::new(Change::SetSummary(same_summary)),
        },
        t(9000),
    );
    assert_eq!(applied, Ok(Applied::Unchanged), "nothing to amend");
    assert_eq!(to_ron(&s), before, "no amendment record for no change");
}

#[test]
fn same_coverage_twice_is_one_event() {
    let mut s = new_session();
    let change = || Change::Cover {
        component: "empathy".to_owned(),
        step: "introduce".to_owned(),
        source: CoverageSource::Prompt("introduce.ask_everyone".to_owned()),
        note: None,
    };
    assert_eq!(
        s.apply(change(), t(10)),
        Ok(Applied::Changed),
        "the first record changes the session"
    );
    assert_eq!(
        s.apply(change(), t(50)),
        Ok(Applied::Unchanged),
        "the same component, step and source again is nothing new"
    );
    assert_eq!(s.coverage.len(), 1, "one event: {:?}", s.coverage);
    assert_eq!(s.coverage[0].time, t(10), "the event keeps its first time");
}

#[test]
fn coverage_with_another_source_or_step_is_another_event() {
    let mut s = new_session();
    let cover_with = |s: &mut Session, step: &str, source: CoverageSource, at| {
        s.apply(
            Change::Cover {
                component: "responsibility".to_owned(),
                step: step.to_owned(),
                source,
                note: None,
            },
            at,
        )
    };
    let prompt = CoverageSource::Prompt("introduce.permission".to_owned());
    let other_prompt = CoverageSource::Prompt("introduce.your_choice".to_owned());
    assert_eq!(
        cover_with(&mut s, "introduce", prompt.clone(), t(10)),
        Ok(Applied::Changed),
        "first event"
    );
    assert_eq!(
        cover_with(&mut s, "introduce", other_prompt, t(20)),
        Ok(Applied::Changed),
        "another prompt is a second event"
    );
    assert_eq!(
        cover_with(&mut s, "introduce", CoverageSource::ByHand, t(30)),
        Ok(Applied::Changed),
        "by hand is a third event"
    );
    assert_eq!(
        cover_with(&mut s, "goals", prompt, t(40)),
        Ok(Applied::Changed),
        "the same source in another step is a fourth event"
    );
    assert_eq!(s.coverage.len(), 4, "four events: {:?}", s.coverage);
    assert_eq!(
        s.delivered(),
        vec!["responsibility"],
        "still one component delivered"
    );
}

#[test]
fn coverage_in_an_unknown_step_is_refused() {
    let mut s = new_session();
    let result = s.apply(
        Change::Cover {
            component: "empathy".to_owned(),
            step: "no-such-step".to_owned(),
            source: CoverageSource::ByHand,
            note: None,
        },
        t(10),
    );
    assert_eq!(
        result,
        Err(ChangeError::UnknownStep("no-such-step".to_owned())),
        "an unknown step is refused"
    );
    assert!(s.coverage.is_empty(), "nothing recorded");
}

#[test]
fn skipping_without_a_reason_is_refused_and_leaves_the_step_unchanged() {
    let mut s = new_session();
    let before = s.step("screen").expect("screen step").clone();
    for reason in ["", "  ", "\t\n"] {
        assert_eq!(
            s.apply(
                Change::SkipStep {
                    step: "screen".to_owned(),
                    reason: reason.to_owned(),
                },
                t(30),
            ),
            Err(ChangeError::SkipNeedsReason("screen".to_owned())),
            "skipping with reason {reason:?} is refused"
        );
        assert_eq!(
            s.step("screen"),
            Some(&before),
            "the refused skip left the step as it was"
        );
    }
}

#[test]
fn skipping_with_a_reason_records_it() {
    let mut s = new_session();
    assert_eq!(
        s.apply(
            Change::SkipStep {
                step: "screen".to_owned(),
                reason: " Screened by the nurse before the visit ".to_owned(),
            },
            t(30),
        ),
        Ok(Applied::Changed),
        "a skip with a reason applies"
    );
    assert_eq!(
        s.step("screen").map(|st| &st.state),
        Some(&StepState::Skipped {
            reason: "Screened by the nurse before the visit".to_owned()
        }),
        "the step is skipped with the (trimmed) reason"
    );
    assert_eq!(
        s.apply(
            Change::SkipStep {
                step: "nope".to_owned(),
                reason: "because".to_owned(),
            },
            t(40),
        ),
        Err(ChangeError::UnknownStep("nope".to_owned())),
        "an unknown step cannot be skipped"
    );
}

#[test]
fn entering_steps_stamps_entered_once_and_left_on_leaving() {
    let mut s = new_session();
    let step = |s: &Session, id: &str| s.step(id).expect("known step").clone();
    assert_eq!(
        s.current_step, "introduce",
        "a new session is on the first step"
    );
    let intro = step(&s, "introduce");
    assert_eq!(
        intro.state,
        StepState::InProgress,
        "the first step is in progress"
    );
    assert_eq!(
        intro.entered,
        Some(t(0)),
        "entered when the session started"
    );
    assert_eq!(intro.left, None, "not left yet");

    assert_eq!(
        s.apply(Change::EnterStep("introduce".to_owned()), t(5)),
        Ok(Applied::Unchanged),
        "entering the current step again changes nothing"
    );

    apply(&mut s, Change::EnterStep("screen".to_owned()), t(60));
    assert_eq!(
        step(&s, "introduce").left,
        Some(t(60)),
        "introduce left at 60 s"
    );
    assert_eq!(
        step(&s, "screen").entered,
        Some(t(60)),
        "screen entered at 60 s"
    );
    assert_eq!(
        step(&s, "screen").state,
        StepState::InProgress,
        "screen started"
    );

    apply(&mut s, Change::EnterStep("introduce".to_owned()), t(120));
    assert_eq!(
        step(&s, "introduce").entered,
        Some(t(0)),
        "re-entering keeps the first entered time"
    );
    assert_eq!(
        step(&s, "screen").left,
        Some(t(120)),
        "screen left at 120 s"
    );

    apply(&mut s, Change::EnterStep("screen".to_owned()), t(180));
    assert_eq!(
        step(&s, "screen").entered,
        Some(t(60)),
        "screen keeps its first entered time"
    );
    assert_eq!(
        step(&s, "introduce").left,
        Some(t(180)),
        "introduce's left time is the last leaving"
    );

    apply(&mut s, Change::CompleteStep("screen".to_owned()), t(200));
    apply(&mut s, Change::EnterStep("feedback".to_owned()), t(210));
    apply(&mut s, Change::EnterStep("screen".to_owned()), t(220));
    assert_eq!(
        step(&s, "screen").state,
        StepState::Done,
        "going back to a done step keeps it done"
    );
    assert_eq!(
        s.apply(Change::EnterStep("nowhere".to_owned()), t(230)),
        Err(ChangeError::UnknownStep("nowhere".to_owned())),
        "an unknown step cannot be entered"
    );
    assert_eq!(
        s.current_step, "screen",
        "the refused step did not move the session"
    );
}

#[test]
fn ruler_value_above_ten_is_refused() {
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    let protocol = set.default_protocol();
    let mut s = new_session();
    for (importance, confidence, readiness) in [
        (Some(11), None, None),
        (None, Some(11), None),
        (Some(5), Some(5), Some(255)),
    ] {
        let result = s.apply_with(
            protocol,
            Change::AddReadiness(ReadinessEntry {
                stage: Some("contemplation".to_owned()),
                importance,
                confidence,
                readiness,
                ..ReadinessEntry::default()
            }),
            t(30),
        );
        assert!(
            matches!(result, Err(ChangeError::RulerOutOfRange { value, min: 0, max: 10 }) if value > 10),
            "rulers {importance:?}/{confidence:?}/{readiness:?} are refused, got {result:?}"
        );
        assert!(s.readiness.is_empty(), "no entry recorded");
    }
    assert_eq!(
        s.apply_with(
            protocol,
            Change::AddReadiness(ReadinessEntry {
                importance: Some(10),
                confidence: Some(0),
                readiness: Some(10),
                ..ReadinessEntry::default()
            }),
            t(40),
        ),
        Ok(Applied::Changed),
        "0 and 10 are allowed"
    );
    assert_eq!(
        s.readiness[0].time,
        Some(t(40)),
        "apply stamps the readiness time"
    );
}

#[test]
fn the_ruler_scale_is_the_protocols() {
    // A clinic that uses 1–5 rulers edits the protocol, not the program.
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    let mut protocol = set.default_protocol().clone();
    protocol.ruler.scale_min = 1;
    protocol.ruler.scale_max = 5;
    let mut s = new_session();
    let entry = |value| {
        Change::AddReadiness(ReadinessEntry {
            readiness: Some(value),
            ..ReadinessEntry::default()
        })
    };
    for value in [0, 6] {
        let refused = s
            .apply_with(&protocol, entry(value), t(30))
            .expect_err("off the 1–5 scale");
        assert_eq!(
            refused.to_string(),
            format!("ruler values run from 1 to 5, got {value}"),
            "the message gives the protocol's scale"
        );
    }
    assert_eq!(
        s.apply_with(&protocol, entry(5), t(40)),
        Ok(Applied::Changed),
        "5 is the top of this scale"
    );

    // The same rule holds inside an amendment of the closed session.
    s.apply(Change::Close { reason: None }, t(50))
        .expect("an open session closes");
    let amended = s.apply_with(
        &protocol,
        Change::Amend {
            by: "c-lee".to_owned(),
            reason: "ruler typed wrongly".to_owned(),
            change: Box::new(entry(9)),
        },
        t(60),
    );
    assert!(
        matches!(
            amended,
            Err(ChangeError::RulerOutOfRange {
                value: 9,
                min: 1,
                max: 5
            })
        ),
        "an amendment cannot put a value off the scale either, got {amended:?}"
    );
    assert_eq!(s.readiness.len(), 1, "only the entry on the scale is kept");
}

#[test]
fn editing_the_ron_of_a_closed_session_is_detected() {
    let s = full_session();
    let text = to_ron(&s);
    let untouched = parse_session(Path::new("untouched.ron"), &text).expect("parses");
    assert!(!tampered(&untouched), "the untouched text is not tampered");

    let edited_text = text.replace(
        "AUDIT-C positive; agreed alcohol-free weekdays.",
        "AUDIT-C negative; no plan needed.",
    );
    assert_ne!(edited_text, text, "the summary was found in the text");
    let edited = parse_session(Path::new("edited.ron"), &edited_text).expect("still parses");
    assert!(tampered(&edited), "an edited summary is detected");

    let rulers_edited = text.replacen("importance: Some(7)", "importance: Some(9)", 1);
    assert_ne!(rulers_edited, text, "the ruler was found in the text");
    let edited = parse_session(Path::new("edited.ron"), &rulers_edited).expect("still parses");
    assert!(tampered(&edited), "an edited ruler is detected");
}

#[test]
fn closed_session_without_a_hash_counts_as_tampered_and_open_never_does() {
    let s = full_session();
    let text = to_ron(&s);
    let hash = s.content_hash.clone().expect("hashed");
    let without = text.replace(
        &format!("content_hash: Some(\"{hash}\")"),
        "content_hash: None",
    );
    assert_ne!(without, text, "the hash was found in the text");
    let parsed = parse_session(Path::new("no-hash.ron"), &without).expect("parses");
    assert!(
        tampered(&parsed),
        "a closed session with its hash removed is flagged"
    );

    let mut open = new_session();
    apply(&mut open, Change::SetSummary("draft".to_owned()), t(30));
    assert!(!tampered(&open), "an open session is never flagged");
}

#[test]
fn clock_times_with_nanoseconds_and_odd_offsets_round_trip_with_the_hash_intact() {
    // Times as the window stamps them: the local clock, with nanoseconds and any offset.
    let start = DateTime::parse_from_rfc3339("2025-10-05T23:59:58.123456789+05:45").expect("time");
    let mut s = Session::new(
        SessionId::from_parts(start.to_utc(), 7),
        "c-test",
        "P-1",
        Profile::default(),
        ProtocolRef {
            id: "brief_intervention".to_owned(),
            version: "1.0.0".to_owned(),
        },
        start,
    );
    cover(
        &mut s,
        "empathy",
        "introduce",
        None,
        start + Duration::nanoseconds(1),
    );
    let utc = DateTime::parse_from_rfc3339("2025-10-05T18:20:00.000000001Z").expect("time");
    apply(&mut s, Change::SetSummary("midnight".to_owned()), utc);
    apply(
        &mut s,
        Change::Close { reason: None },
        utc + Duration::milliseconds(1500),
    );
    let back = round_trip(&s);
    assert_eq!(back, s, "the session reads back equal");
    assert_eq!(
        back.created.offset(),
        s.created.offset(),
        "the clinician's UTC offset is kept"
    );
    assert_eq!(
        back.created.timestamp_subsec_nanos(),
        123_456_789,
        "nanoseconds are kept"
    );
    assert_eq!(
        back.closed.map(|c| c.offset().local_minus_utc()),
        Some(0),
        "a UTC close time stays UTC"
    );
    assert!(
        !tampered(&back),
        "the hash still matches after the round trip"
    );
    assert_eq!(
        s.id.year_month(),
        ("2025", "10"),
        "the id's folder is the UTC month"
    );
}

/// A session as the text of its file.
fn to_ron(s: &Session) -> String {
    brief::store::to_ron(s).expect("the session writes as text")
}

/// True when the record, written as its file, no longer matches its seal (or is a closed
/// record without one, or an open one that carries one).
fn tampered(s: &Session) -> bool {
    brief::session::seal_of(&to_ron(s), s.seal_facts()).is_changed()
}
