//! Format version 0: the draft format of the first prototype, kept loadable.
//!
//! Version 0 files have `started` instead of `created`, a flat list of delivered component ids
//! instead of coverage events, a single `stage` with free-text `stage_notes` instead of
//! readiness entries, and no per-step records. They migrate to version 1 on load; the file on
//! disk is rewritten only when the session is next saved.

use serde::Deserialize;

use super::{
    CoverageEvent, CoverageSource, ProtocolRef, ReadinessEntry, Session, SessionId, Status,
    StepRecord, StepState, Timestamp,
};
use crate::protocol::STEP_IDS;

/// A version-0 session file.
#[derive(Debug, Deserialize)]
pub(crate) struct SessionV0 {
    id: SessionId,
    clinician: String,
    patient: String,
    protocol: String,
    started: Timestamp,
    #[serde(default)]
    finished: Option<Timestamp>,
    #[serde(default)]
    steps_done: Vec<String>,
    #[serde(default)]
    components: Vec<String>,
    #[serde(default)]
    stage: Option<String>,
    #[serde(default)]
    stage_notes: String,
    #[serde(default)]
    summary: String,
}

impl SessionV0 {
    /// The same session in the current format. Version 0 recorded components with no step
    /// or time: they become ticks by hand at the start time, filed under `closure` with a note
    /// saying so.
    pub(crate) fn migrate(self) -> Session {
        let Self {
            id,
            clinician,
            patient,
            protocol,
            started,
            finished,
            steps_done,
            components,
            stage,
            stage_notes,
            summary,
        } = self;
        let steps = STEP_IDS
            .iter()
            .map(|s| StepRecord {
                step: (*s).to_owned(),
                state: if steps_done.iter().any(|d| d == s) {
                    StepState::Done
                } else {
                    StepState::NotStarted
                },
                entered: None,
                left: None,
            })
            .collect();
        let coverage = components
            .into_iter()
            .map(|component| CoverageEvent {
                component,
                step: "closure".to_owned(),
                time: started,
                source: CoverageSource::ByHand,
                note: Some("migrated from format 0 (no step or time recorded)".to_owned()),
            })
            .collect();
        let readiness = if stage.is_some() || !stage_notes.is_empty() {
            vec![ReadinessEntry {
                stage,
                note: stage_notes,
                time: Some(started),
                ..ReadinessEntry::default()
            }]
        } else {
            Vec::new()
        };
        let status = if finished.is_some() {
            Status::Closed
        } else {
            Status::Open
        };
        let mut session = Session {
            version: super::FORMAT_VERSION,
            id,
            clinician,
            patient,
            profile: crate::scoring::Profile::default(),
            protocol: ProtocolRef {
                id: protocol,
                version: "0".to_owned(),
            },
            created: started,
            closed: finished,
            status,
            current_step: "closure".to_owned(),
            steps,
            screenings: Vec::new(),
            coverage,
            readiness,
            goal: super::Goal::default(),
            referral: None,
            follow_up: None,
            summary,
            profile_changes: Vec::new(),
            safety: Vec::new(),
            prevention: None,
            plan: None,
            plan_changes: Vec::new(),
            continues: None,
            prior: None,
            handouts: Vec::new(),
            language: None,
            intervention_level: None,
            close_reason: None,
            amendments: Vec::new(),
            content_hash: None,
        };
        if session.status == Status::Closed {
            // Version 0 had no hash; the migrated record is the reference from now on.
            session.content_hash = session.compute_hash().ok();
        }
        session
    }
}
