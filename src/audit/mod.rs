//! The supervisor's audit: what each session covered, aggregated across a clinic's sessions.
//!
//! The unit is a [`SessionSummary`]: the few facts about one session file that the audit needs
//! (who, when, which components, which steps, stage, screening zone, seal). There is one rule
//! for making a summary, [`SessionSummary::from_view`], and it reads a [`view::SessionView`]:
//! a borrowed serde view of the session file that names only the fields the audit needs and
//! ignores the rest, so a field added to [`Session`](crate::session::Session) needs no change
//! here. Aggregation and export work on summaries only. No egui here.

use std::borrow::Cow;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::session::{Seal, Status, Timestamp};

pub mod aggregate;
pub mod cache;
pub mod export;
mod fast;
pub mod pins;
pub mod scan;
pub mod view;

/// The version of the rules that turn a session file into a [`SessionSummary`]. Cached
/// summaries made under other rules are not used. `tests/summary_rules.rs` pins the summaries
/// of the release fixtures to this number: change a rule and that test fails until this is
/// raised.
pub const SUMMARY_RULES: u32 = 4;

/// How a step ended, for the audit.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StepOutcome {
    /// Done.
    Done,
    /// Skipped, with a reason recorded.
    SkippedWithReason,
    /// Not done and no reason recorded (not started, or started and left).
    NotDone,
}

/// What the audit needs to know about one session file.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct SessionSummary {
    /// The file (not cached: the cache is keyed by it).
    #[serde(skip)]
    pub path: PathBuf,
    /// Session id.
    pub id: String,
    /// Clinician id.
    pub clinician: String,
    /// Protocol id.
    pub protocol: String,
    /// When it started.
    pub created: Timestamp,
    /// Whole minutes from start to close; none while open.
    pub minutes: Option<i64>,
    /// Open or closed.
    pub status: Status,
    /// Component ids delivered at least once, sorted.
    pub components: Vec<String>,
    /// Each step's outcome, in protocol order.
    pub steps: Vec<(String, StepOutcome)>,
    /// Stage in the latest readiness entry.
    pub stage: Option<String>,
    /// The first screening's instrument (with `:substance` for the ASSIST).
    pub instrument: Option<String>,
    /// Its zone id.
    pub zone: Option<String>,
    /// Amendments made after closing.
    pub amendments: u32,
    /// The safety flags raised, by rule id, with what was done (in the order raised).
    pub safety: Vec<(String, FlagOutcome)>,
    /// The prevention tier recorded for the contact.
    pub tier: Option<String>,
    /// The file's seal.
    pub seal: Seal,
    /// The hash sealed into the file, when it is intact (what the audit's pins remember).
    pub sealed_hash: Option<String>,
}

/// What became of a safety flag in a session.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
pub enum FlagOutcome {
    /// The advice was given.
    Given,
    /// Not given, with a reason recorded.
    NotGiven,
    /// Raised and not answered.
    Unaddressed,
    /// Raised, then no longer raised once the answers were corrected (not counted).
    Cleared,
}

impl SessionSummary {
    /// The one rule for summarising a session file: from its view and its seal.
    pub fn from_view(path: PathBuf, v: &view::SessionView<'_>, seal: Seal) -> Self {
        let mut components: Vec<String> = Vec::with_capacity(v.coverage.len());
        for c in &v.coverage {
            if !components.iter().any(|x| *x == *c.component) {
                components.push(c.component.clone().into_owned());
            }
        }
        components.sort();
        let steps = v
            .steps
            .iter()
            .map(|r| {
                let outcome = match r.state {
                    view::StepStateView::Done => StepOutcome::Done,
                    view::StepStateView::Skipped { .. } => StepOutcome::SkippedWithReason,
                    view::StepStateView::NotStarted | view::StepStateView::InProgress => {
                        StepOutcome::NotDone
                    }
                };
                (r.step.clone().into_owned(), outcome)
            })
            .collect();
        let first = v.screenings.first();
        Self {
            path,
            id: v.id.to_string(),
            clinician: v.clinician.clone().into_owned(),
            protocol: v.protocol.id.clone().into_owned(),
            created: v.created,
            minutes: v.closed.map(|c| (c - v.created).num_minutes().max(0)),
            status: v.status,
            components,
            steps,
            stage: v
                .readiness
                .last()
                .and_then(|r| r.stage.clone())
                .map(Cow::into_owned),
            instrument: first.map(|x| match &x.substance {
                Some(sub) => format!("{}:{sub}", x.instrument),
                None => x.instrument.clone().into_owned(),
            }),
            zone: first
                .and_then(|x| x.result.as_ref())
                .map(|r| r.zone.clone().into_owned()),
            amendments: u32::try_from(v.amendments.len()).unwrap_or(u32::MAX),
            safety: v
                .safety
                .iter()
                .map(|f| {
                    let outcome = match (&f.cleared, &f.response) {
                        (Some(_), _) => FlagOutcome::Cleared,
                        (None, None) => FlagOutcome::Unaddressed,
                        (None, Some(r)) => match r.outcome {
                            view::SafetyOutcomeView::Given { .. } => FlagOutcome::Given,
                            view::SafetyOutcomeView::NotGiven { .. } => FlagOutcome::NotGiven,
                        },
                    };
                    (f.rule.clone().into_owned(), outcome)
                })
                .collect(),
            tier: v
                .prevention
                .as_ref()
                .and_then(|p| p.tier.clone())
                .map(Cow::into_owned),
            sealed_hash: (seal == Seal::Intact)
                .then(|| v.content_hash.clone().map(|h| h.into_owned()))
                .flatten(),
            seal,
        }
    }

    /// Closed without every step done or skipped with a reason.
    pub fn closed_without_all_steps(&self) -> bool {
        self.status == Status::Closed && self.steps.iter().any(|(_, o)| *o == StepOutcome::NotDone)
    }

    /// True when the component was delivered.
    pub fn delivered(&self, component: &str) -> bool {
        self.components
            .binary_search_by(|c| c.as_str().cmp(component))
            .is_ok()
    }

    /// Amended after closing.
    pub fn amended(&self) -> bool {
        self.amendments > 0
    }

    /// The rules whose flags are raised and unanswered.
    pub fn unaddressed(&self) -> Vec<&str> {
        self.safety
            .iter()
            .filter(|(_, o)| *o == FlagOutcome::Unaddressed)
            .map(|(r, _)| r.as_str())
            .collect()
    }

    /// Changed outside brief: the seal is broken.
    pub fn tampered(&self) -> bool {
        self.seal.is_changed()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The summary of the closed session the session tests share.
    pub(crate) fn summary_of_closed_session() -> SessionSummary {
        let text = crate::session::tests::closed_session().to_ron().unwrap();
        scan::summarize_text(PathBuf::from("x.ron"), &text).unwrap()
    }

    #[test]
    fn the_summary_of_a_closed_session_says_what_it_covered_and_that_it_is_sealed() {
        let s = summary_of_closed_session();
        assert_eq!(s.status, Status::Closed, "closed");
        assert_eq!(s.seal, Seal::Intact, "sealed");
        assert!(
            s.sealed_hash.as_deref().is_some_and(|h| h.len() == 64),
            "the hash is kept"
        );
        assert!(!s.tampered(), "not flagged");
        assert_eq!(s.steps.len(), 5, "five steps");
    }

    #[test]
    fn an_edit_hidden_by_reindenting_the_file_is_still_flagged() {
        let text = crate::session::tests::closed_session().to_ron().unwrap();
        let summary = |t: &str| scan::summarize_text(PathBuf::from("x.ron"), t).unwrap();
        let reindented = text.replace("\n ", "\n  ");
        assert!(
            summary(&reindented).tampered(),
            "re-indenting changes the file: flagged"
        );
        let edited = reindented.replace("Agreed a plan", "No plan");
        assert!(
            summary(&edited).tampered(),
            "an edit is flagged even when the hash line moved"
        );
        assert_eq!(
            summary(&edited).sealed_hash,
            None,
            "a broken seal pins nothing"
        );
    }
}
