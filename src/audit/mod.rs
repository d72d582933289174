//! The supervisor's audit: what each session covered, aggregated across a clinic's sessions.
//!
//! The unit is a [`SessionSummary`]: the few facts about one session file that the audit needs
//! (who, when, which components, which steps, stage, screening zone, flags). Summaries are
//! made from parsed sessions ([`SessionSummary::from_session`]) or, fast, straight from the
//! file text; aggregation and export work on summaries only. No egui here.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::session::{Seal, Session, Status, StepState, Timestamp};

pub mod aggregate;
pub mod cache;
pub mod export;
mod fast;
pub mod scan;

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
    /// The file.
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
    /// Amended after closing.
    pub amended: bool,
    /// Closed, and the file no longer matches the hash sealed at close.
    pub tampered: bool,
}

impl SessionSummary {
    /// The summary of a parsed session. `seal` is the file's [`Seal`] (from its bytes).
    pub fn from_session(path: PathBuf, s: &Session, seal: Seal) -> Self {
        let mut components: Vec<String> = s.delivered().into_iter().map(str::to_owned).collect();
        components.sort();
        let steps = s
            .steps
            .iter()
            .map(|r| {
                let outcome = match r.state {
                    StepState::Done => StepOutcome::Done,
                    StepState::Skipped { .. } => StepOutcome::SkippedWithReason,
                    StepState::NotStarted | StepState::InProgress => StepOutcome::NotDone,
                };
                (r.step.clone(), outcome)
            })
            .collect();
        let first = s.screenings.first();
        Self {
            path,
            id: s.id.to_string(),
            clinician: s.clinician.clone(),
            protocol: s.protocol.id.clone(),
            created: s.created,
            minutes: s.closed.map(|c| (c - s.created).num_minutes().max(0)),
            status: s.status,
            components,
            steps,
            stage: s.latest_readiness().and_then(|r| r.stage.clone()),
            instrument: first.map(|x| match &x.substance {
                Some(sub) => format!("{}:{sub}", x.instrument),
                None => x.instrument.clone(),
            }),
            zone: first
                .and_then(|x| x.result.as_ref())
                .map(|r| r.zone.clone()),
            amended: !s.amendments.is_empty(),
            // Intact: the file's own text matches. Broken: edited. Unsealed (no hash line in the
            // layout brief writes): suspect if the hash is gone, or if the record no longer
            // matches it (an edit that also re-indented the file).
            tampered: s.status == Status::Closed
                && match seal {
                    Seal::Intact => false,
                    Seal::Broken => true,
                    Seal::Unsealed => s.content_hash.is_none() || s.is_tampered(),
                },
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
}

#[cfg(test)]
mod seal_tests {
    use super::*;
    use crate::session::seal_status;
    use crate::store::parse_session;

    fn closed_text() -> String {
        crate::session::tests::closed_session().to_ron()
    }

    fn summary(text: &str) -> SessionSummary {
        let path = PathBuf::from("x.ron");
        let session = parse_session(&path, text).unwrap();
        SessionSummary::from_session(path, &session, seal_status(text))
    }

    #[test]
    fn an_edit_hidden_by_reindenting_the_file_is_still_flagged() {
        let text = closed_text();
        assert!(
            !summary(&text).tampered,
            "the file as written is not flagged"
        );
        let reindented = text.replace("\n ", "\n  ");
        assert!(
            !summary(&reindented).tampered,
            "re-indenting alone changes no content"
        );
        let edited = reindented.replace("Agreed a plan", "No plan");
        assert!(
            summary(&edited).tampered,
            "an edit is flagged even when the hash line moved"
        );
        let unhashed: String = text
            .lines()
            .filter(|l| !l.contains("content_hash"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            summary(&unhashed).tampered,
            "a closed file without its hash is flagged"
        );
    }
}
