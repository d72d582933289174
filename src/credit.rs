//! Coverage from what happened: the protocol's `credits` say which recorded actions deliver
//! which components (menu options chosen → Menu of options, and so on), so a clinician who did
//! the work is not told it is missing. Derived when the record is read, never written into it:
//! a sealed file stays as it was, and a protocol that credits differently reads the same file
//! differently. The component panel, the note and the audit all go through [`credited`].

use crate::protocol::{Component, Credit, Protocol, RecordedAction, StepKind};
use crate::session::{CoverageSource, Session, Timestamp};

/// What a session record shows was done, as far as credits go: read from a whole session
/// ([`Facts::of`]) or from the audit's view of a file, by the same rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// Menu options recorded in the goal.
    pub menu_options: usize,
    /// A readiness entry with an answer to "why not a lower number?".
    pub why_not_lower: bool,
    /// Take-home sheets given.
    pub sheets: usize,
}

/// True when a patient's answer was recorded (not blank).
pub fn answered(text: &str) -> bool {
    !text.trim().is_empty()
}

impl Facts {
    /// The facts of a session.
    pub fn of(s: &Session) -> Self {
        Self {
            menu_options: s.goal.options.len(),
            why_not_lower: s.readiness.iter().any(|r| answered(&r.why_not_lower)),
            sheets: s.handouts.len(),
        }
    }

    /// The recorded actions these facts amount to, in [`RecordedAction::ALL`] order.
    pub fn actions(&self) -> Vec<RecordedAction> {
        RecordedAction::ALL
            .into_iter()
            .filter(|a| match a {
                RecordedAction::MenuOptionsChosen => self.menu_options > 0,
                RecordedAction::WhyNotLowerAnswered => self.why_not_lower,
                RecordedAction::SheetGiven => self.sheets > 0,
            })
            .collect()
    }
}

/// The credit that delivers `component` from one of `actions`, if any (the one rule).
pub fn credited<'a>(
    protocol: &'a Protocol,
    actions: &[RecordedAction],
    component: &str,
) -> Option<&'a Credit> {
    protocol
        .credits
        .iter()
        .find(|c| actions.contains(&c.action) && c.components.iter().any(|x| x == component))
}

/// How a component's first delivery was recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum How<'a> {
    /// A prompt marked used (its id).
    Prompt(&'a str),
    /// Marked by hand.
    ByHand,
    /// Credited from a recorded action.
    Action(&'a Credit),
    /// Credited by a fact of the family-intervention plan.
    Plan(crate::protocol::PlanFact),
}

/// A component's first delivery, recorded or credited.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery<'a> {
    /// The component.
    pub component: &'a Component,
    /// The step id.
    pub step: String,
    /// When, if the record says (a goal has no time of its own).
    pub time: Option<Timestamp>,
    /// How.
    pub how: How<'a>,
}

/// The step and time of an action, as the record has them.
fn when(protocol: &Protocol, s: &Session, action: RecordedAction) -> (String, Option<Timestamp>) {
    let of_kind = |kind: StepKind| {
        protocol
            .steps
            .iter()
            .find(|st| st.kind == kind)
            .map(|st| st.id.clone())
            .unwrap_or_default()
    };
    match action {
        RecordedAction::MenuOptionsChosen => (of_kind(StepKind::Goals), None),
        RecordedAction::WhyNotLowerAnswered => (
            of_kind(StepKind::Goals),
            s.readiness
                .iter()
                .find(|r| answered(&r.why_not_lower))
                .and_then(|r| r.time),
        ),
        RecordedAction::SheetGiven => s.handouts.first().map_or_else(
            || (of_kind(StepKind::Closure), None),
            |h| (h.step.clone(), Some(h.time)),
        ),
    }
}

/// Each of the protocol's components, in its order, with its first delivery: the first
/// coverage event recorded for it, else the first credit from what the record shows.
pub fn deliveries<'a>(
    protocol: &'a Protocol,
    s: &'a Session,
) -> Vec<(&'a Component, Option<Delivery<'a>>)> {
    let actions = Facts::of(s).actions();
    protocol
        .components
        .iter()
        .map(|c| {
            let recorded = s.first_delivery(&c.id).map(|e| Delivery {
                component: c,
                step: e.step.clone(),
                time: Some(e.time),
                how: match &e.source {
                    CoverageSource::Prompt(id) => How::Prompt(id),
                    CoverageSource::ByHand => How::ByHand,
                    CoverageSource::Plan(fact) => How::Plan(*fact),
                },
            });
            let delivery = recorded.or_else(|| {
                let credit = credited(protocol, &actions, &c.id)?;
                let (step, time) = when(protocol, s, credit.action);
                Some(Delivery {
                    component: c,
                    step,
                    time,
                    how: How::Action(credit),
                })
            });
            (c, delivery)
        })
        .collect()
}
