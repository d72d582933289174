//! The changes a session accepts, and the rules `apply` enforces.
//!
//! [`Session::apply`] enforces the rules that hold for every protocol (a closed session changes
//! only by amendment, a skip needs a reason, ...). A session does not carry its protocol, so
//! the rules that need the protocol's content (the rulers' scale) are checked by
//! [`Session::apply_with`], which takes it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    Amendment, CoverageEvent, CoverageSource, Goal, ProfileChange, ReadinessEntry, Referral,
    SafetyFlag, SafetyOutcome, SafetyResponse, Screening, ScreeningResult, Session, Status,
    StepState, Timestamp,
};
use crate::protocol::{Protocol, ProtocolSet};
use crate::safety::{self, Answers, Fired};
use crate::scoring::{self, Profile};

/// A change to a session. The window and the tests change sessions only through these.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum Change {
    /// Move to a step (it becomes in progress unless already done).
    EnterStep(String),
    /// Mark a step done.
    CompleteStep(String),
    /// Skip a step; the reason must not be empty.
    SkipStep {
        /// Step id.
        step: String,
        /// Why.
        reason: String,
    },
    /// Record or update a screening (one per instrument and substance).
    RecordScreening(Screening),
    /// Remove a screening started by mistake.
    RemoveScreening {
        /// Instrument id.
        instrument: String,
        /// Substance id.
        substance: Option<String>,
    },
    /// Record that a component was delivered; the same component, step and source twice is one event.
    Cover {
        /// Component id.
        component: String,
        /// Step id.
        step: String,
        /// A prompt used, or by hand.
        source: CoverageSource,
        /// Optional note.
        note: Option<String>,
    },
    /// Withdraw a coverage record made by mistake (open sessions only).
    Uncover {
        /// Component id.
        component: String,
        /// Step id.
        step: String,
        /// The source recorded.
        source: CoverageSource,
    },
    /// Add a stage-of-readiness note (time stamped by `apply`).
    AddReadiness(ReadinessEntry),
    /// Set the goal.
    SetGoal(Goal),
    /// Set or clear the referral.
    SetReferral(Option<Referral>),
    /// Set or clear the follow-up date.
    SetFollowUp(Option<NaiveDate>),
    /// Set the closing summary.
    SetSummary(String),
    /// Set the patient's sex, age and pregnancy status (recorded as a profile change).
    SetProfile(Profile),
    /// Record (or clear) the prevention tier and the factors checked.
    SetPrevention(Option<super::PreventionRecord>),
    /// Record that the take-home sheet was given in this step (time stamped by `apply`).
    GiveHandout {
        /// Step id.
        step: String,
    },
    /// Record the response to a raised safety flag.
    RespondSafety {
        /// The safety rule's id.
        rule: String,
        /// What was done.
        outcome: SafetyOutcome,
    },
    /// Record the family-intervention plan as it now stands (family protocols only).
    SetPlan(Box<super::FamilyPlan>),
    /// Close the session; `reason` explains missing steps or components.
    Close {
        /// Why it was closed with something missing.
        reason: Option<String>,
    },
    /// Change a closed session.
    Amend {
        /// Who.
        by: String,
        /// Why (required).
        reason: String,
        /// The change.
        change: Box<Self>,
    },
}

/// What `apply` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applied {
    /// The session changed.
    Changed,
    /// Nothing to do (e.g. the same coverage recorded twice).
    Unchanged,
}

/// Why a change was refused. The session is left exactly as it was.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChangeError {
    /// The session is closed: use an amendment with a reason.
    #[error("{}", self.words())]
    Closed,
    /// Amendments are for closed sessions.
    #[error("{}", self.words())]
    NotClosed,
    /// An amendment without a reason.
    #[error("{}", self.words())]
    AmendmentNeedsReason,
    /// Skipping without a reason.
    #[error("{}", self.words())]
    SkipNeedsReason(String),
    /// No such step.
    #[error("{}", self.words())]
    UnknownStep(String),
    /// A ruler value off the protocol's scale.
    #[error("{}", self.words())]
    RulerOutOfRange {
        /// The value given.
        value: u8,
        /// The protocol's lowest ruler value.
        min: u8,
        /// The protocol's highest ruler value.
        max: u8,
    },
    /// Nested amendments.
    #[error("{}", self.words())]
    NestedAmendment,
    /// The record could not be sealed (it cannot be written as text).
    #[error("{}", self.words())]
    CannotSeal(String),
    /// A response to a safety flag that was not raised.
    #[error("{}", self.words())]
    NoSuchFlag(String),
    /// Advice recorded as not given, without a reason.
    #[error("{}", self.words())]
    SafetyNeedsReason,
    /// Closing while a safety flag has no response.
    #[error("{}", self.words())]
    SafetyUnanswered(String),
    /// A plan the protocol does not allow.
    #[error("{}", self.words())]
    Plan(#[from] super::PlanError),
    /// Closing a family-intervention session whose safety screen found risk, with no safety plan.
    #[error("{}", self.words())]
    SafetyPlanMissing,
    /// A menu option chosen that the screening or a safety rule advises against, without a reason.
    #[error("{}", self.words())]
    NotAdvised {
        /// The option's label.
        option: String,
        /// Why it is not advised.
        why: String,
    },
}

impl ChangeError {
    /// The message in the current language.
    fn words(&self) -> String {
        use crate::t;
        match self {
            Self::Closed => t!("change-err-closed"),
            Self::NotClosed => t!("change-err-not-closed"),
            Self::AmendmentNeedsReason => t!("change-err-amendment-reason"),
            Self::SkipNeedsReason(step) => t!("change-err-skip-reason", step = step),
            Self::UnknownStep(step) => t!("change-err-unknown-step", step = step),
            Self::RulerOutOfRange { value, min, max } => t!(
                "change-err-ruler",
                value = u32::from(*value),
                min = u32::from(*min),
                max = u32::from(*max)
            ),
            Self::NestedAmendment => t!("change-err-nested"),
            Self::CannotSeal(why) => t!("change-err-seal", why = why),
            Self::NoSuchFlag(flag) => t!("change-err-no-flag", flag = flag),
            Self::SafetyNeedsReason => t!("change-err-safety-reason"),
            Self::SafetyUnanswered(flags) => t!("change-err-safety-unanswered", flags = flags),
            Self::Plan(e) => e.to_string(),
            Self::SafetyPlanMissing => t!("change-err-safety-plan"),
            Self::NotAdvised { option, why } => {
                t!("change-err-not-advised", option = option, why = why)
            }
        }
    }
}

impl From<super::FormatError> for ChangeError {
    fn from(e: super::FormatError) -> Self {
        Self::CannotSeal(e.to_string())
    }
}

impl Session {
    /// Applies a change at time `now` after checking it against `protocol`, the protocol the
    /// session follows: ruler values must lie on its rulers' scale (also inside an amendment).
    /// Then as [`Session::apply`]; a refused change leaves the session untouched.
    pub fn apply_with(
        &mut self,
        protocol: &Protocol,
        change: Change,
        now: Timestamp,
    ) -> Result<Applied, ChangeError> {
        check_against(protocol, &change)?;
        self.apply(change, now)
    }

    /// Applies a change at time `now` with everything the protocol set knows: as
    /// [`Session::apply_with`], and then the safety rules. After the change the session's
    /// safety flags are brought up to date (raised, cleared, raised again), a profile change
    /// re-scores the screenings with the new profile, a goal may not choose an option the
    /// screening or a rule advises against without a reason, and the session does not close
    /// while a raised flag has no response. A refused change leaves the session untouched.
    pub fn apply_in(
        &mut self,
        set: &ProtocolSet,
        protocol: &Protocol,
        change: Change,
        now: Timestamp,
    ) -> Result<Applied, ChangeError> {
        check_against(protocol, &change)?;
        let inner = match &change {
            Change::Amend { change, .. } => change.as_ref(),
            other => other,
        };
        if let Change::SetGoal(goal) = inner {
            let advice = safety::advice(set, protocol, &self.profile, &self.answers());
            check_goal(protocol, goal, &advice)?;
        }
        if let (Change::Close { .. }, Some(spec)) = (inner, &protocol.plan)
            && self
                .plan
                .as_ref()
                .is_some_and(|p| p.needs_safety_plan(spec) && p.safety_plan.trim().is_empty())
        {
            return Err(ChangeError::SafetyPlanMissing);
        }
        let plan_events = match (inner, &protocol.plan) {
            (Change::SetPlan(plan), Some(spec)) => {
                plan.changes_since(&self.plan.clone().unwrap_or_default(), spec)
            }
            _ => Vec::new(),
        };
        let credit = protocol.plan.is_some() && matches!(inner, Change::SetPlan(_));
        if let Change::Close { .. } = inner {
            let mut synced = self.clone();
            synced.sync_safety(set, protocol, now);
            let unanswered: Vec<String> = synced
                .safety
                .iter()
                .filter(|f| f.is_unanswered())
                .map(|f| {
                    protocol
                        .safety
                        .iter()
                        .find(|r| r.id == f.rule)
                        .map_or_else(|| f.rule.clone(), |r| r.title.clone())
                })
                .collect();
            if !unanswered.is_empty() {
                return Err(ChangeError::SafetyUnanswered(unanswered.join("; ")));
            }
        }
        let rescore = matches!(inner, Change::SetProfile(_));
        // Answers to items another recorded instrument asks too are carried into it.
        let carry = match inner {
            Change::RecordScreening(s) => Some(s.clone()),
            _ => None,
        };
        let resync = !matches!(change, Change::Amend { .. })
            || matches!(
                inner,
                Change::RecordScreening(_)
                    | Change::RemoveScreening { .. }
                    | Change::SetProfile(_)
                    | Change::RespondSafety { .. }
            );
        self.apply_then(change, now, &mut |s, now| {
            if rescore {
                s.rescore(set);
            }
            if let Some(recorded) = &carry {
                let recorded = s
                    .screenings
                    .iter()
                    .find(|x| {
                        x.instrument == recorded.instrument && x.substance == recorded.substance
                    })
                    .cloned();
                for other in recorded
                    .map(|r| crate::stepped::carry_into(set, &r, &s.screenings, &s.profile))
                    .unwrap_or_default()
                {
                    if let Some(slot) = s.screenings.iter_mut().find(|x| {
                        x.instrument == other.instrument && x.substance == other.substance
                    }) {
                        *slot = Screening { time: now, ..other };
                    }
                }
            }
            if resync {
                s.sync_safety(set, protocol, now);
            }
            for what in &plan_events {
                s.note_plan_change(what, now);
            }
            if credit {
                s.sync_plan_credits(protocol, now);
            }
        })
    }

    /// The screenings as the safety rules read them.
    pub fn answers(&self) -> Vec<Answers<'_>> {
        self.screenings.iter().map(Answers::from).collect()
    }

    /// The rules that fire now for this session's profile and screenings.
    pub fn fired<'a>(&'a self, set: &'a ProtocolSet, protocol: &'a Protocol) -> Vec<Fired<'a>> {
        safety::evaluate(set, protocol, &self.profile, &self.answers())
    }

    /// Re-scores every screening with the session's profile (after the profile changed).
    fn rescore(&mut self, set: &ProtocolSet) {
        let profile = self.profile;
        for s in &mut self.screenings {
            let Some(ins) = set.instrument(&s.instrument) else {
                continue;
            };
            let Some(answers) = scoring::answers_for_items(ins, s.substance.as_deref(), &s.answers)
            else {
                continue;
            };
            if let Ok(score) = scoring::score(ins, &answers, &profile, s.substance.as_deref()) {
                s.result = Some(ScreeningResult::from(&score));
                s.profile = profile;
            }
        }
    }

    /// Brings the safety flags up to date with the rules that fire now: a new rule is raised,
    /// a raised one that no longer fires is cleared, a cleared one that fires again is raised
    /// again (keeping its response). [`Session::apply_in`] does this after every change; a new
    /// session calls it once, so a rule raised by the profile alone (age) shows from the start.
    /// A closed session is left as it is (it changes only by amendment).
    pub fn refresh_safety(&mut self, set: &ProtocolSet, protocol: &Protocol, now: Timestamp) {
        if self.status == Status::Open {
            self.sync_safety(set, protocol, now);
        }
    }

    fn sync_safety(&mut self, set: &ProtocolSet, protocol: &Protocol, now: Timestamp) {
        let fired: Vec<(String, Vec<String>)> = self
            .fired(set, protocol)
            .into_iter()
            .map(|f| (f.rule.id.clone(), f.from))
            .collect();
        for flag in &mut self.safety {
            if flag.is_active() && !fired.iter().any(|(id, _)| *id == flag.rule) {
                flag.cleared = Some(now);
            }
        }
        for (rule, from) in fired {
            // The latest record of the rule, raised or cleared.
            match self.safety.iter_mut().rev().find(|f| f.rule == rule) {
                Some(flag) => {
                    flag.cleared = None;
                    flag.from = from;
                }
                None => self.safety.push(SafetyFlag {
                    rule,
                    raised: now,
                    from,
                    cleared: None,
                    response: None,
                }),
            }
        }
    }

    /// Applies a change at time `now`, or refuses it and leaves the session untouched. Rules
    /// that need the protocol's content are not checked here: see [`Session::apply_in`].
    pub fn apply(&mut self, change: Change, now: Timestamp) -> Result<Applied, ChangeError> {
        self.apply_then(change, now, &mut |_, _| {})
    }

    /// Applies a change; `after` runs on the changed record before it is sealed (a close or an
    /// amendment), so what it adds is part of the seal.
    fn apply_then(
        &mut self,
        change: Change,
        now: Timestamp,
        after: &mut dyn FnMut(&mut Self, Timestamp),
    ) -> Result<Applied, ChangeError> {
        match change {
            Change::Amend { by, reason, change } => {
                if self.status != Status::Closed {
                    return Err(ChangeError::NotClosed);
                }
                if reason.trim().is_empty() {
                    return Err(ChangeError::AmendmentNeedsReason);
                }
                if matches!(*change, Change::Amend { .. } | Change::Close { .. }) {
                    return Err(ChangeError::NestedAmendment);
                }
                let description = describe(&change);
                let mut amended = self.clone();
                let applied = amended.apply_open(*change, now)?;
                if applied == Applied::Changed {
                    after(&mut amended, now);
                    amended.amendments.push(Amendment {
                        time: now,
                        by,
                        reason,
                        change: description,
                    });
                    amended.content_hash = Some(amended.compute_hash()?);
                    *self = amended;
                }
                Ok(applied)
            }
            _ if self.status == Status::Closed => Err(ChangeError::Closed),
            Change::Close { reason } => {
                let mut closed = self.clone();
                after(&mut closed, now);
                closed.closed = Some(now);
                closed.status = Status::Closed;
                closed.close_reason = reason.filter(|r| !r.trim().is_empty());
                let current = closed.current_step.clone();
                if let Some(step) = closed.steps.iter_mut().find(|s| s.step == current) {
                    step.left = Some(now);
                }
                closed.content_hash = Some(closed.compute_hash()?);
                *self = closed;
                Ok(Applied::Changed)
            }
            change => {
                let mut changed = self.clone();
                let applied = changed.apply_open(change, now)?;
                if applied == Applied::Changed {
                    after(&mut changed, now);
                    *self = changed;
                }
                Ok(applied)
            }
        }
    }

    fn step_mut(&mut self, step: &str) -> Result<&mut super::StepRecord, ChangeError> {
        self.steps
            .iter_mut()
            .find(|s| s.step == step)
            .ok_or_else(|| ChangeError::UnknownStep(step.to_owned()))
    }

    /// The rules for any change but closing and amending.
    fn apply_open(&mut self, change: Change, now: Timestamp) -> Result<Applied, ChangeError> {
        match change {
            Change::EnterStep(step) => {
                self.step_mut(&step)?;
                if self.current_step == step {
                    return Ok(Applied::Unchanged);
                }
                self.enter_step(&step, now);
            }
            Change::CompleteStep(step) => {
                let record = self.step_mut(&step)?;
                if record.state == StepState::Done {
                    return Ok(Applied::Unchanged);
                }
                record.state = StepState::Done;
                record.entered.get_or_insert(now);
                record.left = Some(now);
            }
            Change::SkipStep { step, reason } => {
                if reason.trim().is_empty() {
                    self.step_mut(&step)?;
                    return Err(ChangeError::SkipNeedsReason(step));
                }
                let record = self.step_mut(&step)?;
                record.state = StepState::Skipped {
                    reason: reason.trim().to_owned(),
                };
                record.left = Some(now);
            }
            Change::RecordScreening(mut screening) => {
                screening.time = now;
                let existing = self.screenings.iter_mut().find(|s| {
                    s.instrument == screening.instrument && s.substance == screening.substance
                });
                match existing {
                    Some(s) if *s == screening => return Ok(Applied::Unchanged),
                    Some(s) => *s = screening,
                    None => self.screenings.push(screening),
                }
            }
            Change::RemoveScreening {
                instrument,
                substance,
            } => {
                let before = self.screenings.len();
                self.screenings
                    .retain(|s| !(s.instrument == instrument && s.substance == substance));
                if self.screenings.len() == before {
                    return Ok(Applied::Unchanged);
                }
            }
            Change::Cover {
                component,
                step,
                source,
                note,
            } => {
                let same = |e: &CoverageEvent| {
                    e.component == component && e.step == step && e.source == source
                };
                if let Some(existing) = self.coverage.iter_mut().find(|e| same(e)) {
                    // Idempotent; a note added later is kept.
                    let note = note.filter(|n| !n.trim().is_empty());
                    if note.is_some() && existing.note != note {
                        existing.note = note;
                        return Ok(Applied::Changed);
                    }
                    return Ok(Applied::Unchanged);
                }
                self.step_mut(&step)?;
                let note = note.filter(|n| !n.trim().is_empty());
                self.coverage.push(CoverageEvent {
                    component,
                    step,
                    time: now,
                    source,
                    note,
                });
            }
            Change::Uncover {
                component,
                step,
                source,
            } => {
                let before = self.coverage.len();
                self.coverage.retain(|e| {
                    !(e.component == component && e.step == step && e.source == source)
                });
                if self.coverage.len() == before {
                    return Ok(Applied::Unchanged);
                }
            }
            Change::AddReadiness(mut entry) => {
                entry.time = Some(now);
                self.readiness.push(entry);
            }
            Change::SetGoal(goal) => return Ok(set(&mut self.goal, goal)),
            Change::SetReferral(referral) => return Ok(set(&mut self.referral, referral)),
            Change::SetFollowUp(date) => return Ok(set(&mut self.follow_up, date)),
            Change::SetSummary(summary) => return Ok(set(&mut self.summary, summary)),
            Change::SetPrevention(p) => return Ok(set(&mut self.prevention, p)),
            Change::SetPlan(plan) => return Ok(set(&mut self.plan, Some(*plan))),
            Change::GiveHandout { step } => {
                self.step_mut(&step)?;
                self.handouts.push(super::HandoutGiven { time: now, step });
            }
            Change::SetProfile(profile) => {
                if self.profile == profile {
                    return Ok(Applied::Unchanged);
                }
                let before = std::mem::replace(&mut self.profile, profile);
                self.profile_changes
                    .push(ProfileChange { time: now, before });
            }
            Change::RespondSafety { rule, outcome } => {
                if let SafetyOutcome::NotGiven { reason } = &outcome
                    && reason.trim().is_empty()
                {
                    return Err(ChangeError::SafetyNeedsReason);
                }
                let outcome = match outcome {
                    SafetyOutcome::NotGiven { reason } => SafetyOutcome::NotGiven {
                        reason: reason.trim().to_owned(),
                    },
                    SafetyOutcome::Given { advice, note } => SafetyOutcome::Given {
                        advice,
                        note: note.filter(|n| !n.trim().is_empty()),
                    },
                };
                let Some(flag) = self.safety.iter_mut().rev().find(|f| f.rule == rule) else {
                    return Err(ChangeError::NoSuchFlag(rule));
                };
                if flag.response.as_ref().is_some_and(|r| r.outcome == outcome) {
                    return Ok(Applied::Unchanged);
                }
                flag.response = Some(SafetyResponse { time: now, outcome });
            }
            Change::Close { .. } | Change::Amend { .. } => {
                return Err(ChangeError::NestedAmendment);
            }
        }
        Ok(Applied::Changed)
    }
}

/// The rules of `change` that need the protocol: ruler values on its scale.
fn check_against(protocol: &Protocol, change: &Change) -> Result<(), ChangeError> {
    match change {
        Change::AddReadiness(entry) => {
            let (min, max) = (protocol.ruler.scale_min, protocol.ruler.scale_max);
            let values = [entry.importance, entry.confidence, entry.readiness];
            match values
                .into_iter()
                .flatten()
                .find(|v| !(min..=max).contains(v))
            {
                Some(value) => Err(ChangeError::RulerOutOfRange { value, min, max }),
                None => Ok(()),
            }
        }
        Change::Amend { change, .. } => check_against(protocol, change),
        Change::SetPlan(plan) => {
            let spec = protocol.plan.as_ref().ok_or(super::PlanError::NoPlan)?;
            Ok(plan.check(spec)?)
        }
        _ => Ok(()),
    }
}

/// A goal may choose an option that is not advised only with a reason for it.
fn check_goal(
    protocol: &Protocol,
    goal: &Goal,
    advice: &safety::Advice<'_>,
) -> Result<(), ChangeError> {
    for option in &goal.options {
        if let Some(why) = advice.why_not(option)
            && goal.reason_for(option).is_none()
        {
            let label = protocol
                .menu
                .iter()
                .find(|m| &m.id == option)
                .map_or(option.as_str(), |m| m.label.as_str());
            return Err(ChangeError::NotAdvised {
                option: label.to_owned(),
                why: why.join("; "),
            });
        }
    }
    Ok(())
}

fn set<T: PartialEq>(slot: &mut T, value: T) -> Applied {
    if *slot == value {
        Applied::Unchanged
    } else {
        *slot = value;
        Applied::Changed
    }
}

/// A one-line description of a change, for the amendment record.
fn describe(change: &Change) -> String {
    match change {
        Change::EnterStep(step) => format!("entered step {step}"),
        Change::CompleteStep(step) => format!("marked step {step} done"),
        Change::SkipStep { step, reason } => format!("skipped step {step}: {reason}"),
        Change::RecordScreening(s) => format!("recorded screening {}", s.instrument),
        Change::RemoveScreening { instrument, .. } => format!("removed screening {instrument}"),
        Change::Cover {
            component, step, ..
        } => format!("recorded {component} delivered in {step}"),
        Change::Uncover {
            component, step, ..
        } => format!("withdrew {component} in {step}"),
        Change::AddReadiness(r) => format!(
            "added readiness note (stage {})",
            r.stage.as_deref().unwrap_or("not set")
        ),
        Change::SetGoal(_) => "changed the goal".to_owned(),
        Change::SetReferral(_) => "changed the referral".to_owned(),
        Change::SetFollowUp(d) => format!(
            "set follow-up to {}",
            d.map_or_else(|| "none".to_owned(), |d| d.to_string())
        ),
        Change::SetSummary(_) => "changed the summary".to_owned(),
        Change::SetPrevention(_) => "changed the prevention tier and factors".to_owned(),
        Change::SetPlan(_) => "changed the family-intervention plan".to_owned(),
        Change::GiveHandout { step } => format!("gave the take-home sheet in {step}"),
        Change::SetProfile(p) => format!(
            "changed the profile (pregnancy status {})",
            p.pregnancy.words()
        ),
        Change::RespondSafety { rule, outcome } => match outcome {
            SafetyOutcome::Given { .. } => format!("recorded safety advice {rule} as given"),
            SafetyOutcome::NotGiven { .. } => format!("recorded safety advice {rule} as not given"),
        },
        Change::Close { .. } => "closed".to_owned(),
        Change::Amend { .. } => "amended".to_owned(),
    }
}
