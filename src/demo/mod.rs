//! Realistic sample sessions for demos, tests and benchmarks (`brief demo --generate N DIR`).
//!
//! Sessions are built the way the window builds them: through `Session::apply`, with
//! screening results computed by the real scoring. Several clinicians, each with their own
//! habits (one rarely offers a menu, another rarely builds self-efficacy), over the year before
//! `end`; varied instruments, zones and stages; a few skipped steps, open sessions and
//! amendments. The same seed always gives the same sessions.

mod family;

use chrono::{Duration, NaiveDate};

use crate::protocol::{Answer, Pregnancy, Protocol, ProtocolKind, ProtocolSet, Sex};
use crate::safety::{self, Advice};
use crate::scoring::{self, Profile};
use crate::session::{
    Change, CoverageSource, Goal, ProtocolRef, ReadinessEntry, Referral, ReferralResponse,
    SafetyOutcome, Screening, ScreeningResult, Session, SessionId, Timestamp,
};

/// Clinicians and how often each delivers each component (in the protocol's component order).
const CLINICIANS: [(&str, [f64; 6]); 6] = [
    ("c-alvarez", [0.97, 0.92, 0.9, 0.85, 0.98, 0.88]),
    ("c-brown", [0.9, 0.8, 0.85, 0.7, 0.95, 0.45]),
    ("c-chen", [0.95, 0.9, 0.6, 0.5, 0.9, 0.8]),
    ("c-dubois", [0.75, 0.85, 0.8, 0.9, 0.99, 0.85]),
    ("c-evans", [0.99, 0.7, 0.95, 0.35, 0.85, 0.7]),
    ("c-fofana", [0.92, 0.95, 0.9, 0.88, 0.97, 0.9]),
];

/// Sample patient goals (the patient's own words).
const OWN_WORDS: [&str; 8] = [
    "No drinking on weeknights",
    "Two drinks at most when I go out",
    "Stop smoking weed before work",
    "Keep a diary for two weeks and look at it together",
    "Take a month off alcohol",
    "Alternate with water at parties",
    "Call the counselling service this week",
    "Only drink with meals at weekends",
];

/// Sample reasons for skipping a step.
const SKIP_REASONS: [&str; 4] = [
    "Patient had to leave early",
    "Screened by the nurse before the visit",
    "Patient declined to discuss further today",
    "Interpreter time ran out",
];

/// A small deterministic generator (`SplitMix64`).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when n is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// One element.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

/// Generates session `index` of a demo set ending at `end`. One in ten is a session of a
/// family-intervention case, when that protocol is loaded (see [`family`]).
pub fn session(set: &ProtocolSet, seed: u64, index: u64, end: Timestamp) -> Session {
    if index % 10 == 9
        && let Some(family) = set
            .protocols()
            .iter()
            .find(|p| p.kind == ProtocolKind::FamilyIntervention)
    {
        return family::session(set, family, seed, index, end);
    }
    let protocol = set.default_protocol();
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xA24B_AED4_963E_E407));
    let (clinician, habits) = CLINICIANS[rng.below(CLINICIANS.len())];
    // Spread over the past year, in clinic hours.
    let day = end - Duration::days(rng.below(365) as i64);
    let start = day
        .date_naive()
        .and_hms_opt(8 + rng.below(9) as u32, rng.below(60) as u32, 0)
        .map_or(day, |t| {
            t.and_local_timezone(*end.offset()).single().unwrap_or(day)
        });
    let sex = match rng.below(20) {
        0 => None,
        n if n % 2 == 0 => Some(Sex::Female),
        _ => Some(Sex::Male),
    };
    let age = 18 + rng.below(63) as u32;
    // Women of childbearing age are asked about pregnancy, as the protocol's question says.
    let pregnancy = if sex != Some(Sex::Male) && age <= 50 {
        match rng.below(100) {
            0..6 => Pregnancy::Pregnant,
            6..9 => Pregnancy::Trying,
            9..80 => Pregnancy::NotPregnant,
            _ => Pregnancy::NotAsked,
        }
    } else {
        Pregnancy::NotAsked
    };
    let profile = Profile {
        sex,
        age: Some(age),
        pregnancy,
    };
    let id = SessionId::from_parts(start.to_utc(), rng.next_u64());
    let patient = format!("P-{:05}", rng.below(100_000));
    let pref = ProtocolRef {
        id: protocol.id.clone(),
        version: protocol.version.clone(),
    };
    let mut s = Session::new(id, clinician, &patient, profile, pref, start);
    s.refresh_safety(set, protocol, start);
    let mut clock = start;
    let mut tick = |rng: &mut Rng, max_secs: usize| {
        clock += Duration::seconds(20 + rng.below(max_secs) as i64);
        clock
    };

    // The risk of this patient drives answers, stage and referral.
    let risk = rng.unit();
    let ignore = |s: &mut Session, c: Change, t: Timestamp| {
        s.apply_in(set, protocol, c, t).ok();
    };
    // Most clinicians answer a safety flag at once; some record why not; a few leave it.
    let answer_flags = |s: &mut Session, rng: &mut Rng, t: Timestamp| {
        let open: Vec<String> = s
            .safety
            .iter()
            .filter(|f| f.is_unanswered())
            .map(|f| f.rule.clone())
            .collect();
        for rule in open {
            let outcome = match rng.below(100) {
                0..88 => SafetyOutcome::Given {
                    advice: protocol
                        .safety
                        .iter()
                        .find(|r| r.id == rule)
                        .map(|r| r.advice.iter().map(|a| a.id.clone()).collect())
                        .unwrap_or_default(),
                    note: None,
                },
                88..95 => SafetyOutcome::NotGiven {
                    reason: "Patient had to leave; booked a call back".to_owned(),
                },
                _ => continue,
            };
            s.apply_in(set, protocol, Change::RespondSafety { rule, outcome }, t)
                .ok();
        }
    };
    let skip_one = rng.chance(0.08).then(|| 1 + rng.below(4));
    let leave_one = rng.chance(0.04).then(|| 1 + rng.below(4));
    let steps: Vec<String> = protocol.steps.iter().map(|st| st.id.clone()).collect();
    for (i, step) in steps.iter().enumerate() {
        let t = tick(&mut rng, 60);
        if Some(i) == leave_one {
            continue;
        }
        ignore(&mut s, Change::EnterStep(step.clone()), t);
        if Some(i) == skip_one {
            let reason = rng.pick(&SKIP_REASONS).copied().unwrap_or_default();
            ignore(
                &mut s,
                Change::SkipStep {
                    step: step.clone(),
                    reason: reason.to_owned(),
                },
                t,
            );
            continue;
        }
        match step.as_str() {
            "screen" => {
                let screening = screening(set, &mut rng, risk, profile, t);
                ignore(&mut s, Change::RecordScreening(screening), t);
            }
            "goals" => {
                for _ in 0..=rng.below(2) {
                    let t = tick(&mut rng, 90);
                    ignore(
                        &mut s,
                        Change::AddReadiness(readiness(protocol, &mut rng, risk)),
                        t,
                    );
                }
                let advice = safety::advice(set, protocol, &s.profile, &s.answers());
                let goal = goal(protocol, &advice, &mut rng, start);
                ignore(&mut s, Change::SetGoal(goal), t);
                if risk > 0.8 && rng.chance(0.6) {
                    let level = rng.pick(&protocol.referral.levels).map(|l| l.id.clone());
                    let response = if rng.chance(0.6) {
                        ReferralResponse::Accepted
                    } else {
                        ReferralResponse::Declined
                    };
                    let referral = Referral {
                        to: "Community addiction service".to_owned(),
                        level,
                        response,
                    };
                    ignore(&mut s, Change::SetReferral(Some(referral)), t);
                }
            }
            "closure" => {
                let follow = start.date_naive() + Duration::days(14 + rng.below(30) as i64);
                ignore(&mut s, Change::SetFollowUp(Some(follow)), t);
                ignore(
                    &mut s,
                    Change::SetSummary(
                        "Discussed screening result and agreed a plan; follow-up booked."
                            .to_owned(),
                    ),
                    t,
                );
            }
            _ => {}
        }
        if i <= 1 {
            // Flags are raised by the profile (first step) or the screening (second): each is
            // answered then, or not at all.
            answer_flags(&mut s, &mut rng, t);
        }
        cover(protocol, &mut s, &mut rng, habits, step, &mut tick);
        let t = tick(&mut rng, 120);
        ignore(&mut s, Change::CompleteStep(step.clone()), t);
    }

    if rng.chance(0.92) {
        let t = tick(&mut rng, 60);
        let missing =
            s.delivered().len() < protocol.components.len() || s.steps_done() < steps.len();
        let reason =
            missing.then(|| "Time ran out; rest planned for the follow-up visit".to_owned());
        ignore(&mut s, Change::Close { reason }, t);
        if rng.chance(0.04) {
            let t = t + Duration::hours(2 + rng.below(48) as i64);
            let change = Change::SetFollowUp(Some(start.date_naive() + Duration::days(21)));
            let amend = Change::Amend {
                by: clinician.to_owned(),
                reason: "Follow-up date corrected after booking".to_owned(),
                change: Box::new(change),
            };
            ignore(&mut s, amend, t);
        }
    }
    s
}

/// Records the components this clinician delivers in this step (by prompt mostly, by hand sometimes).
fn cover(
    protocol: &Protocol,
    s: &mut Session,
    rng: &mut Rng,
    habits: [f64; 6],
    step: &str,
    tick: &mut impl FnMut(&mut Rng, usize) -> Timestamp,
) {
    let Some(step_def) = protocol.steps.iter().find(|x| x.id == step) else {
        return;
    };
    for (c, component) in protocol.components.iter().enumerate() {
        if !component.usual_steps.iter().any(|u| u == step) {
            continue;
        }
        // Spread the chance over the usual steps so the session total follows the habit.
        let p = habits
            .get(c)
            .copied()
            .unwrap_or(0.8)
            .powf(1.0 / component.usual_steps.len() as f64);
        if !rng.chance(p) {
            continue;
        }
        let prompts: Vec<&str> = step_def
            .prompts
            .iter()
            .filter(|p| p.components.contains(&component.id))
            .map(|p| p.id.as_str())
            .collect();
        let (source, note) = match rng.pick(&prompts) {
            Some(prompt) if rng.chance(0.85) => {
                (CoverageSource::Prompt((*prompt).to_owned()), None)
            }
            _ => (CoverageSource::ByHand, Some("In my own words".to_owned())),
        };
        let t = tick(rng, 90);
        s.apply(
            Change::Cover {
                component: component.id.clone(),
                step: step.to_owned(),
                source,
                note,
            },
            t,
        )
        .ok();
    }
}

fn screening(
    set: &ProtocolSet,
    rng: &mut Rng,
    risk: f64,
    profile: Profile,
    t: Timestamp,
) -> Screening {
    let (instrument, substance) = match rng.below(100) {
        0..45 => ("audit-c", None),
        45..70 => ("audit", None),
        70..82 => ("dast-10", None),
        82..92 => (
            "assist",
            Some(
                *rng.pick(&["alcohol", "cannabis", "tobacco", "stimulants", "opioids"])
                    .unwrap_or(&"alcohol"),
            ),
        ),
        92..96 => ("single-alcohol", None),
        _ => ("single-drug", None),
    };
    let Some(ins) = set.instrument(instrument) else {
        return Screening {
            suggested: None,
            instrument: instrument.to_owned(),
            substance: None,
            profile,
            answers: Vec::new(),
            result: None,
            time: t,
        };
    };
    let answers: Vec<Option<u32>> = scoring::items_for(ins, substance)
        .map(|item| match &item.answer {
            // An item added later with an implied answer (ASSIST Q1, ever used: Yes, since the
            // substance was chosen as one used).
            _ if item.added.as_ref().is_some_and(|a| a.implied.is_some()) => {
                item.added.as_ref().and_then(|a| a.implied)
            }
            // An unscored item (ASSIST Q8, injecting): rarely, more often at high risk.
            Answer::Options(options) if item.unscored => {
                let recent = rng.chance(0.02 + 0.08 * risk);
                Some(u32::from(recent && options.len() > 1))
            }
            Answer::Options(options) => {
                let n = options.len();
                // Higher risk leans towards options that score.
                let lean = (risk * n as f64 + rng.unit() * 2.0 - 1.0).clamp(0.0, (n - 1) as f64);
                let index = if rng.chance(0.5) {
                    lean.round() as usize
                } else {
                    rng.below(((lean as usize) + 1).min(n))
                };
                let scoring_order = if options.first().is_some_and(|o| o.points > 0) && n == 2 {
                    // Yes-first yes/no items (DAST-10): index 0 scores.
                    usize::from(index == 0)
                } else {
                    index
                };
                Some(scoring_order as u32)
            }
            Answer::Count { max, .. } => Some(if risk > 0.5 {
                (rng.below(24) as u32 + 1).min(*max)
            } else {
                0
            }),
        })
        .collect();
    let result = scoring::score(ins, &answers, &profile, substance)
        .ok()
        .map(|s| ScreeningResult::from(&s));
    Screening {
        suggested: None,
        instrument: instrument.to_owned(),
        substance: substance.map(str::to_owned),
        profile,
        answers,
        result,
        time: t,
    }
}

fn readiness(protocol: &Protocol, rng: &mut Rng, risk: f64) -> ReadinessEntry {
    let importance = (3.0 + risk * 5.0 + rng.unit() * 3.0).min(10.0) as u8;
    let confidence = (2.0 + rng.unit() * 8.0) as u8;
    let readiness = u8::midpoint(importance, confidence).min(10);
    let stage = protocol
        .ruler
        .band(readiness)
        .map(|b| b.suggested_stage.clone());
    ReadinessEntry {
        stage,
        importance: Some(importance),
        confidence: Some(confidence),
        readiness: Some(readiness),
        why_not_lower: "Worried about my liver and my kids".to_owned(),
        note: "Ambivalent; wants to try cutting down first".to_owned(),
        time: None,
    }
}

/// A goal from the options advised for this patient.
fn goal(protocol: &Protocol, advice: &Advice<'_>, rng: &mut Rng, start: Timestamp) -> Goal {
    let advised: Vec<_> = protocol
        .menu
        .iter()
        .filter(|m| advice.why_not(&m.id).is_none())
        .collect();
    let mut options = Vec::new();
    for _ in 0..=rng.below(3) {
        if let Some(m) = rng.pick(&advised)
            && !options.contains(&m.id)
        {
            options.push(m.id.clone());
        }
    }
    let target: NaiveDate = start.date_naive() + Duration::days(14 + rng.below(60) as i64);
    Goal {
        options,
        not_advised: Vec::new(),
        own_words: rng.pick(&OWN_WORDS).copied().unwrap_or_default().to_owned(),
        target_date: Some(target),
    }
}
