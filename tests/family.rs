//! The family-intervention protocol on the session engine: the plan's rules, a case carried
//! across sessions, its note, and an audit that keeps the two protocols apart.

use brief::audit::aggregate::{Filters, Report};
use brief::audit::scan::{self, CacheMode};
use brief::protocol::{Protocol, ProtocolSet};
use brief::scoring::Profile;
use brief::session::{
    ApproachChoice, Change, ChangeError, FamilyPlan, Incident, Participant, PlanError, Preparation,
    ScreenAnswer, Session, SessionId, Statement, Timestamp, YesNo,
};
use brief::store::Store;
use chrono::NaiveDate;

fn set() -> ProtocolSet {
    ProtocolSet::bundled().expect("bundled protocols")
}

fn at(hm: &str) -> Timestamp {
    chrono::DateTime::parse_from_rfc3339(&format!("2026-11-20T{hm}:00+01:00")).expect("time")
}

fn day(d: &str) -> NaiveDate {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").expect("date")
}

fn family(set: &ProtocolSet) -> &Protocol {
    set.protocol("family_intervention")
        .expect("family protocol")
}

fn new_case(set: &ProtocolSet, n: u64, start: Timestamp) -> Session {
    Session::for_protocol(
        SessionId::from_parts(start.to_utc(), n),
        "c-garcia",
        "F-0042",
        Profile::default(),
        family(set),
        start,
    )
}

fn answers(set: &ProtocolSet, risk: &[(&str, YesNo)]) -> Vec<ScreenAnswer> {
    let spec = family(set).plan.as_ref().expect("plan section");
    spec.safety_screen
        .iter()
        .map(|q| ScreenAnswer {
            question: q.id.clone(),
            answer: risk
                .iter()
                .find(|(id, _)| *id == q.id)
                .map_or(YesNo::No, |(_, a)| *a),
            note: String::new(),
        })
        .collect()
}

fn set_plan(
    s: &mut Session,
    set: &ProtocolSet,
    plan: &FamilyPlan,
    t: Timestamp,
) -> Result<(), ChangeError> {
    s.apply_in(set, family(set), Change::SetPlan(Box::new(plan.clone())), t)
        .map(|_| ())
}

fn choice(approach: &str, reason: &str) -> ApproachChoice {
    ApproachChoice {
        approach: approach.to_owned(),
        reason: reason.to_owned(),
        announced: true,
        surprise_reason: String::new(),
        evidence_shown: true,
    }
}

#[test]
fn a_new_family_session_starts_a_plan_on_its_first_step_dated_from_first_contact() {
    let set = set();
    let s = new_case(&set, 1, at("10:00"));
    assert_eq!(
        s.current_step, "concern",
        "starts on the protocol's first step"
    );
    assert_eq!(s.steps.len(), 8, "the family protocol's eight steps");
    let plan = s.plan.as_ref().expect("a plan");
    assert_eq!(
        plan.first_contact,
        Some(day("2026-11-20")),
        "first contact is today"
    );
    let brief = Session::for_protocol(
        SessionId::from_parts(at("10:00").to_utc(), 2),
        "c-lee",
        "P-1",
        Profile::default(),
        set.default_protocol(),
        at("10:00"),
    );
    assert!(brief.plan.is_none(), "a brief intervention has no plan");
    assert!(
        !brief.to_ron().expect("ron").contains("plan"),
        "and writes none: old readers see the file they know"
    );
}

#[test]
fn a_formal_meeting_waits_for_the_safety_screen_then_needs_a_reason_and_a_surprise_reason() {
    let set = set();
    let mut s = new_case(&set, 1, at("10:00"));
    let mut plan = s.plan.clone().expect("plan");
    plan.approach = Some(choice("formal", "The family wants to act together"));
    let refused = set_plan(&mut s, &set, &plan, at("10:05"));
    assert!(
        matches!(
            refused,
            Err(ChangeError::Plan(PlanError::NeedsSafetyScreen(_)))
        ),
        "blocked until the screen is answered: {refused:?}"
    );
    assert!(
        s.plan.as_ref().is_some_and(|p| p.approach.is_none()),
        "nothing recorded"
    );

    plan.safety = answers(&set, &[]);
    plan.approach = Some(choice("formal", " "));
    let refused = set_plan(&mut s, &set, &plan, at("10:06"));
    assert!(
        matches!(refused, Err(ChangeError::Plan(PlanError::NeedsReason(_)))),
        "a formal meeting needs a reason: {refused:?}"
    );
    plan.approach = Some(choice(
        "formal",
        "Talking one to one has failed for two years",
    ));
    if let Some(a) = plan.approach.as_mut() {
        a.announced = false;
    }
    let refused = set_plan(&mut s, &set, &plan, at("10:07"));
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.to_string().contains("a surprise")),
        "a surprise needs its own reason: {refused:?}"
    );
    if let Some(a) = plan.approach.as_mut() {
        a.surprise_reason = "He leaves whenever a talk is announced".to_owned();
    }
    set_plan(&mut s, &set, &plan, at("10:08")).expect("with both reasons it is recorded");
    assert_eq!(
        s.plan
            .as_ref()
            .and_then(|p| p.approach.as_ref())
            .map(|a| a.approach.as_str()),
        Some("formal")
    );
    // ARISE is never a surprise.
    plan.approach = Some(choice("arise_1", ""));
    if let Some(a) = plan.approach.as_mut() {
        a.announced = false;
        a.surprise_reason = "x".to_owned();
    }
    let refused = set_plan(&mut s, &set, &plan, at("10:09"));
    assert!(
        refused
            .as_ref()
            .is_err_and(|e| e.to_string().contains("always announced")),
        "ARISE meetings are announced: {refused:?}"
    );
}

#[test]
fn violence_leaves_only_craft_and_unsure_counts_as_yes() {
    let set = set();
    let spec = family(&set).plan.as_ref().expect("plan");
    let mut s = new_case(&set, 1, at("10:00"));
    let mut plan = s.plan.clone().expect("plan");
    plan.safety = answers(&set, &[("violence", YesNo::Unsure)]);
    for approach in ["arise_1", "arise_2", "arise_3", "formal"] {
        assert!(
            matches!(
                plan.approach_refused(spec, approach),
                Some(PlanError::Blocked { .. })
            ),
            "{approach} is not offered after a possible threat"
        );
    }
    assert!(plan.approach_refused(spec, "craft").is_none(), "CRAFT is");
    plan.approach = Some(choice("arise_1", ""));
    assert!(
        set_plan(&mut s, &set, &plan, at("10:05")).is_err(),
        "refused"
    );
    plan.approach = Some(choice("craft", ""));
    set_plan(&mut s, &set, &plan, at("10:06")).expect("CRAFT recorded");
    // Closing needs the concerned other's safety plan.
    let refused = s.apply_in(
        &set,
        family(&set),
        Change::Close { reason: None },
        at("10:30"),
    );
    assert_eq!(
        refused,
        Err(ChangeError::SafetyPlanMissing),
        "no close without it"
    );
    plan.safety_plan = "Leaves for her sister's; phone charged".to_owned();
    set_plan(&mut s, &set, &plan, at("10:31")).expect("safety plan recorded");
    s.apply_in(
        &set,
        family(&set),
        Change::Close {
            reason: Some("Planning continues next week".to_owned()),
        },
        at("10:32"),
    )
    .expect("closes with the safety plan");
}

#[test]
fn treatment_is_ready_only_with_withdrawal_management_when_the_screen_found_that_risk() {
    let set = set();
    let mut s = new_case(&set, 1, at("10:00"));
    let mut plan = s.plan.clone().expect("plan");
    plan.safety = answers(&set, &[("withdrawal", YesNo::Yes)]);
    plan.treatment.place = "Riverside".to_owned();
    plan.treatment.slot_confirmed = true;
    plan.treatment.funding_confirmed = true;
    set_plan(&mut s, &set, &plan, at("10:10")).expect("recorded");
    let credited = |s: &Session| s.coverage.iter().any(|c| c.component == "treatment_ready");
    assert!(!credited(&s), "not ready: withdrawal management is missing");
    plan.treatment.withdrawal_management = "Detox unit first".to_owned();
    set_plan(&mut s, &set, &plan, at("10:12")).expect("recorded");
    assert!(credited(&s), "ready now");
    let event = s
        .coverage
        .iter()
        .find(|c| c.component == "treatment_ready")
        .expect("credit");
    assert_eq!(event.step, "treatment", "in the protocol's step");
    assert_eq!(event.time, at("10:12"), "when it became true");
    plan.treatment.slot_confirmed = false;
    set_plan(&mut s, &set, &plan, at("10:14")).expect("recorded");
    assert!(
        !credited(&s),
        "withdrawn when the slot is no longer confirmed"
    );
    assert!(
        s.coverage.iter().any(|c| c.component == "safety_screened"),
        "the complete screen is credited"
    );
}

#[test]
fn a_statement_names_someone_in_the_team_and_at_most_three_incidents() {
    let set = set();
    let mut s = new_case(&set, 1, at("10:00"));
    let mut plan = s.plan.clone().expect("plan");
    plan.statements.push(Statement {
        by: "Anna".to_owned(),
        review: "draft".to_owned(),
        ..Statement::default()
    });
    assert_eq!(
        set_plan(&mut s, &set, &plan, at("10:01")),
        Err(ChangeError::Plan(PlanError::NotInTeam("Anna".to_owned()))),
        "a statement needs its speaker in the team"
    );
    plan.participants.push(Participant {
        name: "Anna".to_owned(),
        relationship: "partner".to_owned(),
        role: "lead".to_owned(),
        ..Participant::default()
    });
    plan.statements[0].incidents = (0..4)
        .map(|_| Incident {
            date: None,
            what: "Missed the school play".to_owned(),
        })
        .collect();
    assert!(
        matches!(
            set_plan(&mut s, &set, &plan, at("10:02")),
            Err(ChangeError::Plan(PlanError::TooManyIncidents {
                count: 4,
                max: 3,
                ..
            }))
        ),
        "at most three incidents"
    );
    plan.statements[0].incidents.truncate(1);
    plan.participants.push(Participant {
        name: "Gus".to_owned(),
        role: "not_included".to_owned(),
        ..Participant::default()
    });
    assert!(
        matches!(
            set_plan(&mut s, &set, &plan, at("10:03")),
            Err(ChangeError::Plan(PlanError::NeedsReason(_)))
        ),
        "leaving someone out needs the reason"
    );
    plan.participants[1].why = "Drinks with him".to_owned();
    set_plan(&mut s, &set, &plan, at("10:04")).expect("recorded");
}

/// A whole CRAFT case in two sessions: the second carries the plan on.
fn two_session_case(set: &ProtocolSet) -> (Session, Session) {
    let p = family(set);
    let mut first = new_case(set, 7, at("10:00"));
    let mut plan = first.plan.clone().expect("plan");
    plan.safety = answers(set, &[("withdrawal", YesNo::Yes)]);
    set_plan(&mut first, set, &plan, at("10:05")).expect("screen");
    plan.approach = Some(choice("craft", "Wants to work on it at home first"));
    set_plan(&mut first, set, &plan, at("10:10")).expect("approach");
    plan.participants = vec![
        Participant {
            name: "Anna".to_owned(),
            relationship: "partner".to_owned(),
            role: "lead".to_owned(),
            flags: vec!["lives_with".to_owned()],
            ..Participant::default()
        },
        Participant {
            name: "Ben".to_owned(),
            relationship: "brother".to_owned(),
            role: "support".to_owned(),
            ..Participant::default()
        },
    ];
    set_plan(&mut first, set, &plan, at("10:20")).expect("team");
    first
        .apply_in(
            set,
            p,
            Change::SetFollowUp(Some(day("2026-11-27"))),
            at("10:40"),
        )
        .expect("follow-up");
    first
        .apply_in(
            set,
            p,
            Change::Close {
                reason: Some("Preparation next week".to_owned()),
            },
            at("10:45"),
        )
        .expect("close");

    let next = chrono::DateTime::parse_from_rfc3339("2026-11-27T10:00:00+01:00").expect("time");
    let mut second = Session::for_protocol(
        SessionId::from_parts(next.to_utc(), 8),
        "c-garcia",
        "F-0042",
        Profile::default(),
        p,
        next,
    );
    second.continue_case(&first);
    let mut plan = second.plan.clone().expect("carried");
    plan.statements = vec![Statement {
        by: "Anna".to_owned(),
        care: "I love you".to_owned(),
        incidents: vec![Incident {
            date: Some(day("2026-11-08")),
            what: "Fell asleep at the wheel after the party".to_owned(),
        }],
        impact: "I am scared".to_owned(),
        request: "Come to the assessment on Monday".to_owned(),
        consequence: "I will stop covering for you at work".to_owned(),
        commits: true,
        review: "reviewed".to_owned(),
    }];
    plan.preparations = vec![Preparation {
        date: day("2026-11-27"),
        kind: "craft_session".to_owned(),
        attended: vec!["Anna".to_owned()],
        anticipated: String::new(),
    }];
    let later = |m: i64| next + chrono::Duration::minutes(m);
    set_plan(&mut second, set, &plan, later(10)).expect("statements");
    "Riverside Recovery".clone_into(&mut plan.treatment.place);
    plan.treatment.level = Some("3.7".to_owned());
    plan.treatment.admission = Some(day("2026-12-01"));
    plan.treatment.slot_confirmed = true;
    "Insurance pre-authorised".clone_into(&mut plan.treatment.funding);
    plan.treatment.funding_confirmed = true;
    "Detox unit for the first days".clone_into(&mut plan.treatment.withdrawal_management);
    set_plan(&mut second, set, &plan, later(20)).expect("treatment");
    plan.outcome.meeting_date = Some(day("2026-11-30"));
    plan.outcome.outcome = Some("accepted_now".to_owned());
    plan.outcome.entered = Some(day("2026-12-01"));
    plan.outcome.next_contact = Some(day("2026-12-08"));
    set_plan(&mut second, set, &plan, later(30)).expect("outcome");
    second
        .apply_in(
            set,
            p,
            Change::SetSummary("Entered treatment".to_owned()),
            later(35),
        )
        .expect("summary");
    second
        .apply_in(set, p, Change::Close { reason: None }, later(40))
        .expect("close");
    (first, second)
}

#[test]
fn a_second_session_of_the_case_starts_from_the_plan_and_keeps_its_own_timeline() {
    let set = set();
    let (first, second) = two_session_case(&set);
    let carried = first.plan.as_ref().expect("plan");
    assert_eq!(
        second.continues.as_ref(),
        Some(&first.id),
        "linked to the first"
    );
    let plan = second.plan.as_ref().expect("plan");
    assert_eq!(
        plan.participants, carried.participants,
        "the team as it stood"
    );
    assert_eq!(plan.approach, carried.approach, "the approach as it stood");
    let first_lines: Vec<&str> = first.plan_changes.iter().map(|e| e.what.as_str()).collect();
    assert!(
        first_lines
            .iter()
            .any(|l| l.starts_with("approach none → CRAFT")),
        "the first session's timeline names the approach: {first_lines:?}"
    );
    assert!(
        first_lines.contains(&"team: Anna added as Lead concerned other"),
        "and the team: {first_lines:?}"
    );
    let second_lines: Vec<&str> = second
        .plan_changes
        .iter()
        .map(|e| e.what.as_str())
        .collect();
    assert!(
        !second_lines.iter().any(|l| l.starts_with("team:")),
        "the carried team is not a change of the second session: {second_lines:?}"
    );
    assert!(
        second_lines.contains(&"outcome none → Accepted treatment now"),
        "its own changes are: {second_lines:?}"
    );
    assert_eq!(plan.days_to_treatment(), Some(11), "20 Nov to 1 Dec");
    // Both files load back exactly, seals intact.
    for s in [&first, &second] {
        let text = s.to_ron().expect("ron");
        let back =
            brief::store::parse_session(std::path::Path::new("x.ron"), &text).expect("loads back");
        assert_eq!(&back, s, "round trip");
        assert_eq!(
            brief::session::seal_of(&text, back.seal_facts()),
            brief::session::Seal::Intact,
            "sealed"
        );
    }
}

#[test]
fn the_note_of_a_known_case_matches_its_golden_text() {
    let set = set();
    let (_, second) = two_session_case(&set);
    let note = brief::note::clinical_note(&second, &set, second.closed.expect("closed"));
    let golden = "\
Family intervention: helping concerned others engage a loved one in treatment (CRAFT, ARISE, formal meeting) (protocol family_intervention 1.0.0)
Date 2026-11-27, 10:00–10:40 (40 min)
Case ref F-0042; counsellor c-garcia
Continues session SESSIONID
First contact: 2026-11-20
Safety screen: complete; risk: withdrawal (Yes)
  withdrawal risk: treatment must start with medically managed withdrawal; tell the concerned others not to push the loved one to stop alcohol or sedatives suddenly at home.
Approach: CRAFT (Community Reinforcement and Family Training); because \"Wants to work on it at home first\"; chosen with the evidence shown
Team: Anna (partner; Lead concerned other; lives with the loved one), Ben (brother; Support)
Statements (reading order): Anna — Reviewed with the counsellor, 1 incident (2026-11-08), consequence stated and committed to
Preparation: CRAFT session 2026-11-27 (Anna)
Treatment arranged: Riverside Recovery; ASAM level 3.7 Medically monitored intensive inpatient services (including withdrawal management); admission date 2026-12-01; slot or bed confirmed yes; funding or insurance \"Insurance pre-authorised\"; funding confirmed yes; medically managed withdrawal \"Detox unit for the first days\"
Outcome: Accepted treatment now; date of the meeting or invitation 2026-11-30; date treatment began 2026-12-01 (11 days from first contact); next contact with the concerned others 2026-12-08
Components delivered 5/7: Safety screened (Safety 10:10), Evidence-based options offered (Approach 10:10), Concrete incidents prepared (Preparation 10:10), Treatment ready before the meeting (Treatment 10:20), A plan if refused (Outcome 10:10)
Components missing: Non-confrontational communication coached, The concerned other's own support
Steps: Concern started; Safety not done; Approach not done; Team not done; Preparation not done; Treatment not done; Outcome not done; Close not done
Plan changes this session: 10:10 statement of Anna started; 10:10 CRAFT session on 2026-11-27 recorded; 10:20 treatment slot confirmed; 10:30 outcome none → Accepted treatment now
Follow-up: not arranged
Summary: Entered treatment
Counsellor: c-garcia
"
    .replace("SESSIONID", second.continues.as_ref().expect("continues").as_str());
    assert_eq!(note, golden, "the note of the known case");
}

#[test]
fn an_audit_of_both_protocols_gives_each_its_own_figures() {
    let set = set();
    let dir = tempfile::TempDir::new().expect("temp dir");
    let store = Store::open(dir.path()).expect("store opens");
    let (first, second) = two_session_case(&set);
    store.save(&first).expect("save");
    store.save(&second).expect("save");
    // Two brief interventions beside them.
    for n in 0..2 {
        let t = at("09:00") + chrono::Duration::minutes(n);
        let mut s = Session::for_protocol(
            SessionId::from_parts(t.to_utc(), 100 + n as u64),
            "c-lee",
            "P-9",
            Profile::default(),
            set.default_protocol(),
            t,
        );
        s.apply(
            Change::Cover {
                component: "feedback".to_owned(),
                step: "introduce".to_owned(),
                source: brief::session::CoverageSource::ByHand,
                note: None,
            },
            t,
        )
        .expect("cover");
        store.save(&s).expect("save");
    }
    let scanned = scan::scan(&store.sessions_dir(), CacheMode::Bypass);
    assert!(
        scanned.unreadable.is_empty(),
        "all readable: {:?}",
        scanned.unreadable
    );
    assert_eq!(scanned.summaries.len(), 4, "four sessions");

    let among = Filters::default().among(&set, set.default_protocol());
    let brief_report = Report::new(&scanned.summaries, &among, set.default_protocol());
    assert_eq!(
        brief_report.sessions, 2,
        "the default report covers the brief interventions only"
    );
    assert_eq!(brief_report.components.len(), 6, "FRAMES");
    assert!(brief_report.plan.is_none(), "no family figures in it");
    assert_eq!(
        brief_report
            .other_protocols
            .iter()
            .map(|o| (o.protocol.as_str(), o.sessions))
            .collect::<Vec<_>>(),
        [("family_intervention", 2)],
        "the family sessions are counted aside"
    );

    let without = Report::new(
        &scanned.summaries,
        &Filters::default(),
        set.default_protocol(),
    );
    assert_eq!(
        without.sessions, 4,
        "without the loaded set's protocols named, every session is read as this protocol's"
    );
    let filters = Filters {
        protocol: Some("family_intervention".to_owned()),
        ..Filters::default()
    };
    let fam = Report::new(&scanned.summaries, &filters, family(&set));
    assert_eq!(fam.sessions, 2, "two family sessions");
    let ids: Vec<&str> = fam
        .components
        .iter()
        .map(|c| c.component.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "safety_screened",
            "options",
            "communication",
            "incidents",
            "treatment_ready",
            "plan_if_refused",
            "own_support"
        ],
        "its own components"
    );
    let share = |id: &str| {
        fam.components
            .iter()
            .find(|c| c.component == id)
            .map(|c| c.count)
    };
    assert_eq!(
        share("safety_screened"),
        Some(2),
        "both sessions hold the screened plan"
    );
    assert_eq!(
        share("treatment_ready"),
        Some(1),
        "treatment was readied in the second"
    );
    let plan = fam.plan.as_ref().expect("family figures");
    assert_eq!(plan.cases, 1, "one case, counted at its latest session");
    assert_eq!(plan.entered_treatment, 1, "entered treatment");
    assert_eq!(plan.days_to_treatment.median, Some(11.0), "11 days");
    let outcome = |id: &str| plan.outcomes.iter().find(|o| o.id == id).map(|o| o.count);
    assert_eq!(outcome("accepted_now"), Some(1), "accepted now");
    assert_eq!(outcome("not_held"), Some(0), "'not held' is listed, at 0");
    let craft = plan
        .approaches
        .iter()
        .find(|a| a.id == "craft")
        .map(|a| a.count);
    assert_eq!(craft, Some(1), "CRAFT");
}
