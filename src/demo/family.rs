//! Demo family-intervention cases: one in ten demo sessions. A case takes two sessions: the
//! first hears the concern, screens for safety, chooses the approach and maps the team; the
//! second (ten demo indices later) carries the plan on with statements, rehearsal, treatment
//! and the outcome. Each approach and outcome appears, with "meeting not held" as common for
//! formal meetings as the trials found. Built through `Session::apply_in`, as the window does.

use chrono::Duration;

use super::Rng;
use crate::protocol::{Protocol, ProtocolSet};
use crate::scoring::Profile;
use crate::session::{
    ApproachChoice, Change, CoverageSource, Incident, Participant, Preparation, ScreenAnswer,
    Session, SessionId, Statement, Timestamp, YesNo,
};

/// Counsellors who see concerned others.
const COUNSELLORS: [&str; 3] = ["c-garcia", "c-hansen", "c-ito"];

/// Concerned others' pseudonyms and relationships.
const PEOPLE: [(&str, &str); 8] = [
    ("Anna", "partner"),
    ("Ben", "brother"),
    ("Carla", "mother"),
    ("Dev", "friend"),
    ("Eli", "colleague"),
    ("Fran", "sister"),
    ("Gus", "father"),
    ("Hana", "neighbour"),
];

/// Session `index` (`index % 10 == 9`): the first session of case `index / 20` when
/// `index % 20 == 9`, else its second.
pub(super) fn session(
    set: &ProtocolSet,
    protocol: &Protocol,
    seed: u64,
    index: u64,
    end: Timestamp,
) -> Session {
    let case = index / 20;
    let first = first_session(set, protocol, seed, case, end);
    if index % 20 == 9 {
        return first;
    }
    second_session(set, protocol, seed, case, &first)
}

fn case_rng(seed: u64, case: u64, part: u64) -> Rng {
    Rng::new(seed ^ 0x5EED_FA41 ^ case.wrapping_mul(0x9E37_79B9) ^ part.wrapping_mul(0xC2B2_AE35))
}

fn apply(set: &ProtocolSet, protocol: &Protocol, s: &mut Session, c: Change, t: Timestamp) {
    s.apply_in(set, protocol, c, t).ok();
}

fn use_prompts(s: &mut Session, rng: &mut Rng, protocol: &Protocol, step: &str, t: Timestamp) {
    let Some(def) = protocol.steps.iter().find(|x| x.id == step) else {
        return;
    };
    for prompt in &def.prompts {
        if rng.chance(0.7) {
            for c in &prompt.components {
                s.apply(
                    Change::Cover {
                        component: c.clone(),
                        step: step.to_owned(),
                        source: CoverageSource::Prompt(prompt.id.clone()),
                        note: None,
                    },
                    t,
                )
                .ok();
            }
        }
    }
}

fn first_session(
    set: &ProtocolSet,
    protocol: &Protocol,
    seed: u64,
    case: u64,
    end: Timestamp,
) -> Session {
    let mut rng = case_rng(seed, case, 1);
    let counsellor = COUNSELLORS[rng.below(COUNSELLORS.len())];
    let day = end - Duration::days(30 + rng.below(330) as i64);
    let start = day
        .date_naive()
        .and_hms_opt(9 + rng.below(8) as u32, rng.below(60) as u32, 0)
        .and_then(|t| t.and_local_timezone(*end.offset()).single())
        .unwrap_or(day);
    let id = SessionId::from_parts(start.to_utc(), rng.next_u64());
    let case_ref = format!("F-{:04}", rng.below(10_000));
    let mut s = Session::for_protocol(
        id,
        counsellor,
        &case_ref,
        Profile::default(),
        protocol,
        start,
    );
    let Some(spec) = &protocol.plan else {
        return s;
    };
    let mut clock = start;
    let mut tick = |rng: &mut Rng| {
        clock += Duration::seconds(60 + rng.below(400) as i64);
        clock
    };
    let mut plan = s.plan.clone().unwrap_or_default();
    let steps: Vec<String> = protocol.steps.iter().map(|x| x.id.clone()).collect();
    for step in &steps {
        let t = tick(&mut rng);
        apply(set, protocol, &mut s, Change::EnterStep(step.clone()), t);
        match protocol
            .steps
            .iter()
            .find(|x| &x.id == step)
            .map(|x| x.kind)
        {
            Some(crate::protocol::StepKind::FamilySafety) => {
                // Most screens find no risk; some find violence or withdrawal risk.
                plan.safety = spec
                    .safety_screen
                    .iter()
                    .map(|q| {
                        let risk = if q.needs_withdrawal_management {
                            0.25
                        } else if q.blocks.is_empty() {
                            0.08
                        } else {
                            0.06
                        };
                        ScreenAnswer {
                            question: q.id.clone(),
                            answer: match rng.unit() {
                                x if x < risk => YesNo::Yes,
                                x if x < risk + 0.03 => YesNo::Unsure,
                                _ => YesNo::No,
                            },
                            note: String::new(),
                        }
                    })
                    .collect();
                if plan.needs_safety_plan(spec) {
                    "Leaves with the children to her sister's if he becomes threatening; phone charged; crisis number saved."
                        .clone_into(&mut plan.safety_plan);
                }
                apply(
                    set,
                    protocol,
                    &mut s,
                    Change::SetPlan(Box::new(plan.clone())),
                    t,
                );
            }
            Some(crate::protocol::StepKind::Approach) => {
                let wanted = match rng.below(100) {
                    0..50 => "craft",
                    50..72 => "arise_1",
                    72..80 => "arise_2",
                    80..85 => "arise_3",
                    _ => "formal",
                };
                // A blocked choice falls back to the recommended one, as the window would.
                let approach = if plan.approach_refused(spec, wanted).is_none() {
                    wanted
                } else {
                    "craft"
                };
                let surprise = approach == "formal" && rng.chance(0.3);
                plan.approach = Some(ApproachChoice {
                    approach: approach.to_owned(),
                    reason: "The family wants to act together and has tried talking one to one."
                        .to_owned(),
                    announced: !surprise,
                    surprise_reason: if surprise {
                        "He has walked out of every announced conversation.".to_owned()
                    } else {
                        String::new()
                    },
                    evidence_shown: rng.chance(0.9),
                });
                apply(
                    set,
                    protocol,
                    &mut s,
                    Change::SetPlan(Box::new(plan.clone())),
                    t,
                );
            }
            Some(crate::protocol::StepKind::Team) => {
                let n = 2 + rng.below(3);
                let offset = rng.below(PEOPLE.len());
                plan.participants = (0..n)
                    .map(|i| {
                        let (name, relationship) = PEOPLE[(offset + i) % PEOPLE.len()];
                        let role = match i {
                            0 => "lead",
                            _ if i + 1 == n && rng.chance(0.3) => "not_included",
                            _ if rng.chance(0.7) => "speaker",
                            _ => "support",
                        };
                        Participant {
                            name: name.to_owned(),
                            relationship: relationship.to_owned(),
                            role: role.to_owned(),
                            why: if role == "not_included" {
                                "Drinks with him most weekends".to_owned()
                            } else {
                                String::new()
                            },
                            flags: if i == 0 && rng.chance(0.6) {
                                vec!["lives_with".to_owned()]
                            } else {
                                Vec::new()
                            },
                        }
                    })
                    .collect();
                apply(
                    set,
                    protocol,
                    &mut s,
                    Change::SetPlan(Box::new(plan.clone())),
                    t,
                );
            }
            _ => {}
        }
        use_prompts(&mut s, &mut rng, protocol, step, t);
        if matches!(step.as_str(), "concern" | "safety" | "approach" | "team") {
            let t = tick(&mut rng);
            apply(set, protocol, &mut s, Change::CompleteStep(step.clone()), t);
        }
    }
    let t = tick(&mut rng);
    let follow = start.date_naive() + Duration::days(7);
    apply(set, protocol, &mut s, Change::SetFollowUp(Some(follow)), t);
    apply(
        set,
        protocol,
        &mut s,
        Change::SetSummary("Concern heard, safety screened, approach and team agreed.".to_owned()),
        t,
    );
    apply(
        set,
        protocol,
        &mut s,
        Change::Close {
            reason: Some("Preparation and treatment planned for the next session".to_owned()),
        },
        t,
    );
    s
}

fn second_session(
    set: &ProtocolSet,
    protocol: &Protocol,
    seed: u64,
    case: u64,
    first: &Session,
) -> Session {
    let mut rng = case_rng(seed, case, 2);
    let start = first.created + Duration::days(7 + rng.below(8) as i64);
    let id = SessionId::from_parts(start.to_utc(), rng.next_u64());
    let mut s = Session::for_protocol(
        id,
        &first.clinician,
        &first.patient,
        Profile::default(),
        protocol,
        start,
    );
    s.continue_case(first);
    let Some(spec) = &protocol.plan else {
        return s;
    };
    let mut plan = s.plan.clone().unwrap_or_default();
    let mut clock = start;
    let mut tick = |rng: &mut Rng| {
        clock += Duration::seconds(60 + rng.below(500) as i64);
        clock
    };
    let approach = plan
        .approach
        .as_ref()
        .map(|a| a.approach.clone())
        .unwrap_or_default();
    let day = start.date_naive();
    for step in ["preparation", "treatment", "outcome", "closure"] {
        let t = tick(&mut rng);
        apply(set, protocol, &mut s, Change::EnterStep(step.to_owned()), t);
        match step {
            "preparation" => {
                let speakers: Vec<String> = plan.speakers(spec).map(|p| p.name.clone()).collect();
                plan.statements = speakers
                    .iter()
                    .map(|by| Statement {
                        by: by.clone(),
                        care: "I love you and I miss the person you are when you are well."
                            .to_owned(),
                        incidents: (0..=rng.below(3))
                            .map(|k| Incident {
                                date: rng
                                    .chance(0.85)
                                    .then(|| day - Duration::days(10 + 9 * k as i64)),
                                what: "Drove the children home after drinking at the party."
                                    .to_owned(),
                            })
                            .collect(),
                        impact: "I lie awake waiting for the phone to ring.".to_owned(),
                        request: "Will you accept the place at the clinic today?".to_owned(),
                        consequence: if rng.chance(0.8) {
                            "I will not cover for you at work any more.".to_owned()
                        } else {
                            String::new()
                        },
                        commits: rng.chance(0.7),
                        review: if rng.chance(0.8) { "reviewed" } else { "draft" }.to_owned(),
                    })
                    .collect();
                let everyone: Vec<String> = plan
                    .participants
                    .iter()
                    .filter(|p| p.role != "not_included")
                    .map(|p| p.name.clone())
                    .collect();
                plan.preparations = vec![Preparation {
                    date: day - Duration::days(3),
                    kind: if approach == "craft" {
                        "craft_session"
                    } else {
                        "education"
                    }
                    .to_owned(),
                    attended: everyone.clone(),
                    anticipated: String::new(),
                }];
                if approach != "craft" && rng.chance(0.7) {
                    plan.preparations.push(Preparation {
                        date: day,
                        kind: "rehearsal".to_owned(),
                        attended: everyone,
                        anticipated: "\"I can stop on my own\" — we agree and ask him to try the assessment anyway."
                            .to_owned(),
                    });
                }
            }
            "treatment" => {
                let t_plan = &mut plan.treatment;
                "Riverside Recovery Service".clone_into(&mut t_plan.place);
                t_plan.level = rng.pick(&protocol.referral.levels).map(|l| l.id.clone());
                t_plan.admission = Some(day + Duration::days(2 + rng.below(5) as i64));
                t_plan.slot_confirmed = rng.chance(0.8);
                "Insurance pre-authorisation".clone_into(&mut t_plan.funding);
                t_plan.funding_confirmed = rng.chance(0.75);
                "Anna drives him".clone_into(&mut t_plan.transport);
                if plan.needs_withdrawal_management(spec) && rng.chance(0.85) {
                    "Admitted to the detox unit first (ASAM 3.7)"
                        .clone_into(&mut plan.treatment.withdrawal_management);
                }
            }
            "outcome" => {
                let outcome = match approach.as_str() {
                    "formal" => match rng.below(100) {
                        0..70 => "not_held",
                        70..92 => "accepted_now",
                        _ => "refused",
                    },
                    "craft" => match rng.below(100) {
                        0..40 => "accepted_now",
                        40..64 => "accepted_later",
                        64..80 => "refused",
                        _ => "not_held",
                    },
                    _ => match rng.below(100) {
                        0..55 => "accepted_now",
                        55..80 => "accepted_later",
                        80..92 => "refused",
                        _ => "not_held",
                    },
                };
                let o = &mut plan.outcome;
                o.meeting_date = (outcome != "not_held").then_some(day + Duration::days(1));
                o.outcome = Some(outcome.to_owned());
                o.entered = spec
                    .outcome_option(outcome)
                    .is_some_and(|x| x.entered_treatment)
                    .then(|| day + Duration::days(1 + rng.below(20) as i64));
                if outcome == "refused" || outcome == "not_held" {
                    "Carry on with CRAFT sessions; outpatient offer stays open."
                        .clone_into(&mut o.contingency);
                }
                o.next_contact = Some(day + Duration::days(14));
            }
            _ => {}
        }
        if step != "closure" {
            apply(
                set,
                protocol,
                &mut s,
                Change::SetPlan(Box::new(plan.clone())),
                t,
            );
        }
        use_prompts(&mut s, &mut rng, protocol, step, t);
        let t = tick(&mut rng);
        apply(
            set,
            protocol,
            &mut s,
            Change::CompleteStep(step.to_owned()),
            t,
        );
    }
    // Most second sessions are closed; some are still open.
    if rng.chance(0.85) {
        let t = tick(&mut rng);
        apply(
            set,
            protocol,
            &mut s,
            Change::SetFollowUp(Some(day + Duration::days(14))),
            t,
        );
        apply(
            set,
            protocol,
            &mut s,
            Change::SetSummary("Plan reviewed; outcome recorded; next contact booked.".to_owned()),
            t,
        );
        let missing = s.delivered().len() < protocol.components.len()
            || s.steps_done() < protocol.steps.len();
        let reason = missing.then(|| "Earlier steps were done in the first session".to_owned());
        apply(set, protocol, &mut s, Change::Close { reason }, t);
    }
    s
}
