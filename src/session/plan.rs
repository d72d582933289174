//! A family intervention's plan, as the counsellor records it: the safety screen, the approach
//! and why, the people and their roles, each speaker's statement, the preparation meetings, the
//! treatment arranged and the outcome. Every id names an option of the protocol's
//! [`PlanSpec`](crate::protocol::PlanSpec); [`FamilyPlan::check`] is the one place that says
//! which plans are allowed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::Timestamp;
use crate::protocol::{PlanFact, PlanOption, PlanSpec};

/// The plan of a family intervention, carried from one session of a case to the next.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct FamilyPlan {
    /// The day the concerned other first made contact (the start of the days-to-treatment count).
    #[serde(default)]
    pub first_contact: Option<NaiveDate>,
    /// Answers to the protocol's safety questions.
    #[serde(default)]
    pub safety: Vec<ScreenAnswer>,
    /// The concerned other's own safety plan, when a question found risk.
    #[serde(default)]
    pub safety_plan: String,
    /// The approach chosen.
    #[serde(default)]
    pub approach: Option<ApproachChoice>,
    /// The loved one's network.
    #[serde(default)]
    pub participants: Vec<Participant>,
    /// One statement per speaker, in reading order.
    #[serde(default)]
    pub statements: Vec<Statement>,
    /// Education, letter-review and rehearsal meetings.
    #[serde(default)]
    pub preparations: Vec<Preparation>,
    /// The treatment arranged.
    #[serde(default)]
    pub treatment: TreatmentPlan,
    /// How it ended.
    #[serde(default)]
    pub outcome: PlanOutcome,
}

/// An answer to a safety question.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct ScreenAnswer {
    /// Question id.
    pub question: String,
    /// The answer.
    pub answer: YesNo,
    /// What was said.
    #[serde(default)]
    pub note: String,
}

/// Yes, no, or unsure (read as yes: the safer reading).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
pub enum YesNo {
    /// Yes.
    Yes,
    /// No.
    No,
    /// Not sure: treated as yes.
    Unsure,
}

impl YesNo {
    /// Yes or unsure: the risk is taken as present.
    pub fn risk(self) -> bool {
        self != Self::No
    }
}

/// The approach chosen, and why.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct ApproachChoice {
    /// Approach id.
    pub approach: String,
    /// Why it was chosen.
    #[serde(default)]
    pub reason: String,
    /// The meeting is announced to the loved one beforehand.
    #[serde(default)]
    pub announced: bool,
    /// Why a meeting would be a surprise.
    #[serde(default)]
    pub surprise_reason: String,
    /// The evidence was on screen when it was chosen.
    #[serde(default)]
    pub evidence_shown: bool,
}

/// A person in the loved one's network.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Participant {
    /// A pseudonym or first name as the concerned other gives it (not a full name).
    pub name: String,
    /// Relationship to the loved one (partner, mother, colleague…).
    #[serde(default)]
    pub relationship: String,
    /// Role id.
    pub role: String,
    /// Why, when the role needs a reason (deliberately not included).
    #[serde(default)]
    pub why: String,
    /// Flag ids.
    #[serde(default)]
    pub flags: Vec<String>,
}

/// A speaker's statement (the "letter").
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Statement {
    /// The participant's name.
    pub by: String,
    /// The opening statement of care.
    #[serde(default)]
    pub care: String,
    /// Specific incidents seen first hand.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// The impact on the speaker.
    #[serde(default)]
    pub impact: String,
    /// The request.
    #[serde(default)]
    pub request: String,
    /// What the speaker will do if the loved one refuses.
    #[serde(default)]
    pub consequence: String,
    /// The speaker commits to carry it out.
    #[serde(default)]
    pub commits: bool,
    /// Review state id.
    pub review: String,
}

/// An incident seen first hand.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Incident {
    /// When.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// What happened, factually.
    pub what: String,
}

/// A preparation meeting with the professional.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Preparation {
    /// When.
    pub date: NaiveDate,
    /// Kind id (education, letter review, rehearsal…).
    pub kind: String,
    /// Names of the participants who came.
    #[serde(default)]
    pub attended: Vec<String>,
    /// Responses expected from the loved one, and the replies prepared.
    #[serde(default)]
    pub anticipated: String,
}

/// The treatment arranged.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct TreatmentPlan {
    /// Where.
    #[serde(default)]
    pub place: String,
    /// Level of care id (the protocol's `referral.levels`).
    #[serde(default)]
    pub level: Option<String>,
    /// Admission date.
    #[serde(default)]
    pub admission: Option<NaiveDate>,
    /// A slot or bed is confirmed.
    #[serde(default)]
    pub slot_confirmed: bool,
    /// Funding or insurance decision.
    #[serde(default)]
    pub funding: String,
    /// The funding is confirmed.
    #[serde(default)]
    pub funding_confirmed: bool,
    /// Transport.
    #[serde(default)]
    pub transport: String,
    /// Practical matters.
    #[serde(default)]
    pub practical: String,
    /// How withdrawal will be managed medically (required when the screen found that risk).
    #[serde(default)]
    pub withdrawal_management: String,
}

/// The meeting or invitation and how it ended.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct PlanOutcome {
    /// When the meeting or invitation took place (or was planned).
    #[serde(default)]
    pub meeting_date: Option<NaiveDate>,
    /// Outcome id.
    #[serde(default)]
    pub outcome: Option<String>,
    /// The day the loved one entered treatment.
    #[serde(default)]
    pub entered: Option<NaiveDate>,
    /// The fallback if the loved one refuses.
    #[serde(default)]
    pub contingency: String,
    /// The next contact with the concerned others.
    #[serde(default)]
    pub next_contact: Option<NaiveDate>,
    /// How the concerned others are doing.
    #[serde(default)]
    pub wellbeing: String,
}

/// One change to the plan, in words, for the case's timeline.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct PlanEvent {
    /// When.
    pub time: Timestamp,
    /// What changed.
    pub what: String,
}

/// Why a plan is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    /// The protocol has no plan section.
    #[error("{}", self.words())]
    NoPlan,
    /// An id the protocol does not know.
    #[error("{}", self.words())]
    Unknown {
        /// What kind of option.
        what: &'static str,
        /// The id given.
        id: String,
    },
    /// An approach chosen before the safety screen is complete.
    #[error("{}", self.words())]
    NeedsSafetyScreen(String),
    /// An approach the safety screen rules out.
    #[error("{}", self.words())]
    Blocked {
        /// The approach's name.
        approach: String,
        /// The question answered yes or unsure.
        question: String,
    },
    /// A choice that needs a reason, without one.
    #[error("{}", self.words())]
    NeedsReason(String),
    /// More incidents than the protocol allows.
    #[error("{}", self.words())]
    TooManyIncidents {
        /// The speaker.
        by: String,
        /// How many.
        count: usize,
        /// The limit.
        max: u32,
    },
    /// A statement or attendance naming nobody in the team.
    #[error("{}", self.words())]
    NotInTeam(String),
    /// Two participants with one name.
    #[error("{}", self.words())]
    DuplicateName(String),
    /// An incident without words.
    #[error("{}", self.words())]
    EmptyIncident(String),
}

impl PlanError {
    /// The message in the current language.
    fn words(&self) -> String {
        use crate::t;
        match self {
            Self::NoPlan => t!("plan-err-no-plan"),
            Self::Unknown { what, id } => {
                let what = match *what {
                    "approach" => t!("plan-err-what-approach"),
                    "outcome" => t!("plan-err-what-outcome"),
                    "role" => t!("plan-err-what-role"),
                    _ => t!("plan-err-what-safety-question"),
                };
                t!("plan-err-unknown", what = what, id = id)
            }
            Self::NeedsSafetyScreen(approach) => {
                t!("plan-err-needs-screen", approach = approach)
            }
            Self::Blocked { approach, question } => {
                t!("plan-err-blocked", approach = approach, question = question)
            }
            Self::NeedsReason(what) => t!("plan-err-needs-reason", what = what),
            Self::TooManyIncidents { by, count, max } => t!(
                "plan-err-too-many-incidents",
                by = by,
                count = *count,
                max = *max
            ),
            Self::NotInTeam(name) => t!("plan-err-not-in-team", name = name),
            Self::DuplicateName(name) => t!("plan-err-duplicate-name", name = name),
            Self::EmptyIncident(by) => t!("plan-err-empty-incident", by = by),
        }
    }
}

impl FamilyPlan {
    /// The answer to a safety question, if given.
    pub fn answer(&self, question: &str) -> Option<YesNo> {
        self.safety
            .iter()
            .find(|a| a.question == question)
            .map(|a| a.answer)
    }

    /// True when every safety question of the protocol is answered.
    pub fn screen_complete(&self, spec: &PlanSpec) -> bool {
        spec.safety_screen
            .iter()
            .all(|q| self.answer(&q.id).is_some())
    }

    /// The questions answered yes or unsure.
    pub fn risks<'a>(&self, spec: &'a PlanSpec) -> Vec<&'a crate::protocol::ScreenQuestion> {
        spec.safety_screen
            .iter()
            .filter(|q| self.answer(&q.id).is_some_and(YesNo::risk))
            .collect()
    }

    /// True when a question found a risk that needs the concerned other's safety plan.
    pub fn needs_safety_plan(&self, spec: &PlanSpec) -> bool {
        self.risks(spec).iter().any(|q| q.needs_safety_plan)
    }

    /// True when a question found a risk of withdrawal if the loved one stops at once.
    pub fn needs_withdrawal_management(&self, spec: &PlanSpec) -> bool {
        self.risks(spec)
            .iter()
            .any(|q| q.needs_withdrawal_management)
    }

    /// Why an approach cannot be chosen now, if it cannot.
    pub fn approach_refused(&self, spec: &PlanSpec, approach: &str) -> Option<PlanError> {
        let Some(a) = spec.approach(approach) else {
            return Some(PlanError::Unknown {
                what: "approach",
                id: approach.to_owned(),
            });
        };
        if let Some(q) = self
            .risks(spec)
            .into_iter()
            .find(|q| q.blocks.contains(&a.id))
        {
            return Some(PlanError::Blocked {
                approach: a.name.clone(),
                question: q.if_yes.clone(),
            });
        }
        if a.after_safety_screen && !self.screen_complete(spec) {
            return Some(PlanError::NeedsSafetyScreen(a.name.clone()));
        }
        None
    }

    /// The speakers: participants whose role writes a statement.
    pub fn speakers<'a>(&'a self, spec: &'a PlanSpec) -> impl Iterator<Item = &'a Participant> {
        self.participants
            .iter()
            .filter(|p| spec.role(&p.role).is_some_and(|r| r.speaks))
    }

    /// The statement of a participant.
    pub fn statement_of(&self, name: &str) -> Option<&Statement> {
        self.statements.iter().find(|s| s.by == name)
    }

    /// Checks the plan against the protocol: every id known, every rule kept.
    pub fn check(&self, spec: &PlanSpec) -> Result<(), PlanError> {
        for a in &self.safety {
            if !spec.safety_screen.iter().any(|q| q.id == a.question) {
                return Err(unknown("safety question", &a.question));
            }
        }
        if let Some(choice) = &self.approach {
            if let Some(e) = self.approach_refused(spec, &choice.approach) {
                return Err(e);
            }
            if let Some(a) = spec.approach(&choice.approach) {
                if a.needs_reason && choice.reason.trim().is_empty() {
                    return Err(PlanError::NeedsReason(format!("choosing \"{}\"", a.name)));
                }
                if a.meeting && !choice.announced {
                    if !a.may_surprise {
                        return Err(PlanError::NeedsReason(format!(
                            "\"{}\" is always announced to the loved one; a surprise meeting is not part of it",
                            a.name
                        )));
                    }
                    if choice.surprise_reason.trim().is_empty() {
                        return Err(PlanError::NeedsReason(format!(
                            "a surprise \"{}\" meeting",
                            a.name
                        )));
                    }
                }
            }
        }
        for (i, p) in self.participants.iter().enumerate() {
            let role = spec.role(&p.role).ok_or_else(|| unknown("role", &p.role))?;
            if role.needs_reason && p.why.trim().is_empty() {
                return Err(PlanError::NeedsReason(format!(
                    "{} as \"{}\"",
                    p.name, role.label
                )));
            }
            for f in &p.flags {
                known(&spec.participant_flags, "participant flag", f)?;
            }
            if self.participants[..i]
                .iter()
                .any(|q| q.name.trim() == p.name.trim())
            {
                return Err(PlanError::DuplicateName(p.name.clone()));
            }
        }
        let in_team = |name: &str| self.participants.iter().any(|p| p.name == name);
        for s in &self.statements {
            if !in_team(&s.by) {
                return Err(PlanError::NotInTeam(s.by.clone()));
            }
            known(&spec.review_states, "review state", &s.review)?;
            let max = spec.statement.max_incidents;
            if s.incidents.len() > max as usize {
                return Err(PlanError::TooManyIncidents {
                    by: s.by.clone(),
                    count: s.incidents.len(),
                    max,
                });
            }
            if s.incidents.iter().any(|i| i.what.trim().is_empty()) {
                return Err(PlanError::EmptyIncident(s.by.clone()));
            }
        }
        for p in &self.preparations {
            known(
                &spec.preparation_kinds,
                "kind of preparation meeting",
                &p.kind,
            )?;
            if let Some(name) = p.attended.iter().find(|n| !in_team(n)) {
                return Err(PlanError::NotInTeam(name.clone()));
            }
        }
        if let Some(o) = &self.outcome.outcome
            && spec.outcome_option(o).is_none()
        {
            return Err(unknown("outcome", o));
        }
        Ok(())
    }

    /// Whether a fact the protocol may credit holds for this plan.
    pub fn holds(&self, spec: &PlanSpec, fact: PlanFact) -> bool {
        match fact {
            PlanFact::SafetyScreenAnswered => {
                !spec.safety_screen.is_empty() && self.screen_complete(spec)
            }
            PlanFact::ApproachChosenWithEvidence => {
                self.approach.as_ref().is_some_and(|a| a.evidence_shown)
            }
            PlanFact::IncidentsPrepared => {
                let mut speakers = self.speakers(spec).peekable();
                speakers.peek().is_some()
                    && speakers.all(|p| {
                        self.statement_of(&p.name).is_some_and(|s| {
                            s.incidents.iter().any(|i| i.date.is_some())
                                && spec
                                    .review_states
                                    .first()
                                    .is_some_and(|draft| draft.id != s.review)
                        })
                    })
            }
            PlanFact::TreatmentReady => {
                let t = &self.treatment;
                t.slot_confirmed
                    && t.funding_confirmed
                    && !t.place.trim().is_empty()
                    && (!self.needs_withdrawal_management(spec)
                        || !t.withdrawal_management.trim().is_empty())
            }
            PlanFact::PlanIfRefused => {
                !self.outcome.contingency.trim().is_empty() || {
                    let mut speakers = self.speakers(spec).peekable();
                    speakers.peek().is_some()
                        && speakers.all(|p| {
                            self.statement_of(&p.name)
                                .is_some_and(|s| !s.consequence.trim().is_empty())
                        })
                }
            }
            PlanFact::Rehearsed => self.preparations.iter().any(|p| {
                spec.preparation_kinds
                    .iter()
                    .any(|k| k.rehearsal && k.id == p.kind)
            }),
        }
    }

    /// Days from first contact to treatment entry, when both are recorded.
    pub fn days_to_treatment(&self) -> Option<i64> {
        let (from, to) = (self.first_contact?, self.outcome.entered?);
        Some((to - from).num_days()).filter(|d| *d >= 0)
    }

    /// What changed from `before` to `self`, in words, one line per part (empty: nothing).
    pub fn changes_since(&self, before: &Self, spec: &PlanSpec) -> Vec<String> {
        let mut out = Vec::new();
        if self.first_contact != before.first_contact {
            out.push("first contact date".to_owned());
        }
        for q in &spec.safety_screen {
            let (old, new) = (before.answer(&q.id), self.answer(&q.id));
            if old != new {
                let word = |a: Option<YesNo>| match a {
                    None => "not asked",
                    Some(YesNo::Yes) => spec.answers.yes.as_str(),
                    Some(YesNo::No) => spec.answers.no.as_str(),
                    Some(YesNo::Unsure) => spec.answers.unsure.as_str(),
                };
                out.push(format!(
                    "safety: \"{}\" {} → {}",
                    q.question,
                    word(old),
                    word(new)
                ));
            }
        }
        if self.safety_plan != before.safety_plan {
            out.push("safety plan".to_owned());
        }
        if self.approach != before.approach {
            let name = |c: &Option<ApproachChoice>| {
                c.as_ref().map_or_else(
                    || "none".to_owned(),
                    |c| {
                        spec.approach(&c.approach)
                            .map_or_else(|| c.approach.clone(), |a| a.name.clone())
                    },
                )
            };
            let (old, new) = (name(&before.approach), name(&self.approach));
            if old == new {
                out.push(format!("approach {new}: reason or announcement"));
            } else {
                out.push(format!("approach {old} → {new}"));
            }
        }
        for p in &self.participants {
            match before.participants.iter().find(|q| q.name == p.name) {
                None => out.push(format!(
                    "team: {} added as {}",
                    p.name,
                    PlanSpec::label(&spec.roles, &p.role)
                )),
                Some(q) if q.role != p.role => out.push(format!(
                    "team: {} {} → {}",
                    p.name,
                    PlanSpec::label(&spec.roles, &q.role),
                    PlanSpec::label(&spec.roles, &p.role)
                )),
                Some(q) if q != p => out.push(format!("team: {} edited", p.name)),
                Some(_) => {}
            }
        }
        for q in &before.participants {
            if !self.participants.iter().any(|p| p.name == q.name) {
                out.push(format!("team: {} removed", q.name));
            }
        }
        for s in &self.statements {
            match before.statement_of(&s.by) {
                None => out.push(format!("statement of {} started", s.by)),
                Some(old) if old.review != s.review => out.push(format!(
                    "statement of {}: {} → {}",
                    s.by,
                    PlanSpec::label(&spec.review_states, &old.review),
                    PlanSpec::label(&spec.review_states, &s.review)
                )),
                Some(old) if old != s => out.push(format!("statement of {} edited", s.by)),
                Some(_) => {}
            }
        }
        for old in &before.statements {
            if self.statement_of(&old.by).is_none() {
                out.push(format!("statement of {} removed", old.by));
            }
        }
        if self.statements.len() == before.statements.len()
            && self
                .statements
                .iter()
                .zip(&before.statements)
                .any(|(a, b)| a.by != b.by)
        {
            out.push("reading order".to_owned());
        }
        if self.preparations.len() > before.preparations.len() {
            for p in &self.preparations[before.preparations.len()..] {
                out.push(format!(
                    "{} on {} recorded",
                    PlanSpec::label(&spec.preparation_kinds, &p.kind),
                    p.date
                ));
            }
        } else if self.preparations != before.preparations {
            out.push("preparation meetings edited".to_owned());
        }
        if self.treatment != before.treatment {
            let (t, o) = (&self.treatment, &before.treatment);
            if t.slot_confirmed != o.slot_confirmed {
                out.push(format!(
                    "treatment slot {}",
                    if t.slot_confirmed {
                        "confirmed"
                    } else {
                        "no longer confirmed"
                    }
                ));
            } else if t.funding_confirmed != o.funding_confirmed {
                out.push(format!(
                    "treatment funding {}",
                    if t.funding_confirmed {
                        "confirmed"
                    } else {
                        "no longer confirmed"
                    }
                ));
            } else {
                out.push("treatment arranged edited".to_owned());
            }
        }
        if self.outcome.outcome != before.outcome.outcome {
            let word = |o: &Option<String>| -> String {
                o.as_deref().map_or_else(
                    || "none".to_owned(),
                    |id| {
                        spec.outcome_option(id)
                            .map_or_else(|| id.to_owned(), |x| x.label.clone())
                    },
                )
            };
            out.push(format!(
                "outcome {} → {}",
                word(&before.outcome.outcome),
                word(&self.outcome.outcome)
            ));
        } else if self.outcome != before.outcome {
            out.push("outcome record edited".to_owned());
        }
        out
    }
}

/// Plan changes within this many minutes that say the same thing are one timeline entry.
const SAME_EDIT_MINUTES: i64 = 10;

impl super::Session {
    /// A new session of a family-intervention case carries on from the case's latest session:
    /// the plan as it stood, and a link back to it.
    pub fn continue_case(&mut self, earlier: &Self) {
        self.plan.clone_from(&earlier.plan);
        self.continues = Some(earlier.id.clone());
    }

    /// Adds a line to the plan's timeline, or refreshes the last one when it says the same
    /// thing and is recent (typing in one field is one change).
    pub(super) fn note_plan_change(&mut self, what: &str, now: Timestamp) {
        if let Some(last) = self.plan_changes.last_mut()
            && last.what == what
            && (now - last.time).num_minutes() < SAME_EDIT_MINUTES
        {
            last.time = now;
            return;
        }
        self.plan_changes.push(PlanEvent {
            time: now,
            what: what.to_owned(),
        });
    }

    /// Records the components the protocol credits to the plan's facts: a fact that now holds
    /// is delivered (at `now`, in the protocol's step); one that no longer holds is withdrawn.
    pub(super) fn sync_plan_credits(
        &mut self,
        protocol: &crate::protocol::Protocol,
        now: Timestamp,
    ) {
        let (Some(spec), Some(plan)) = (&protocol.plan, &self.plan) else {
            return;
        };
        let holds: Vec<bool> = spec
            .credits
            .iter()
            .map(|c| plan.holds(spec, c.when))
            .collect();
        for (credit, holds) in spec.credits.iter().zip(holds) {
            let source = super::CoverageSource::Plan(credit.when);
            let same = |e: &super::CoverageEvent| {
                e.component == credit.component && e.step == credit.step && e.source == source
            };
            let present = self.coverage.iter().any(same);
            if holds && !present {
                self.coverage.push(super::CoverageEvent {
                    component: credit.component.clone(),
                    step: credit.step.clone(),
                    time: now,
                    source,
                    note: None,
                });
            } else if !holds && present {
                self.coverage.retain(|e| !same(e));
            }
        }
    }
}

fn unknown(what: &'static str, id: &str) -> PlanError {
    PlanError::Unknown {
        what,
        id: id.to_owned(),
    }
}

fn known(options: &[PlanOption], what: &'static str, id: &str) -> Result<(), PlanError> {
    if options.iter().any(|o| o.id == id) {
        Ok(())
    } else {
        Err(unknown(what, id))
    }
}
