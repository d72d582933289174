//! The audit's view of a session file: the serde types of [`Session`] narrowed to the fields
//! a [`SessionSummary`](super::SessionSummary) needs, borrowing strings from the text where it
//! can. Fields not named here are ignored, so a field added to [`Session`] (with a default, as
//! the format rules require) changes nothing in the audit. Field names and value types are
//! those of [`Session`]; `tests/summary_rules.rs` checks the view against full parses.
//!
//! [`Session`]: crate::session::Session

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::session::{SealFacts, SessionId, Status, Timestamp};

/// A session file as the audit reads it.
#[derive(Debug, Deserialize)]
#[serde(rename = "session record")]
pub struct SessionView<'a> {
    /// File format version (absent: version 0).
    #[serde(default)]
    pub version: u32,
    /// Session id.
    pub id: SessionId,
    /// Clinician id.
    #[serde(borrow)]
    pub clinician: Cow<'a, str>,
    /// The protocol followed.
    #[serde(borrow)]
    pub protocol: ProtocolView<'a>,
    /// When it started.
    pub created: Timestamp,
    /// When it closed.
    #[serde(default)]
    pub closed: Option<Timestamp>,
    /// Open or closed.
    pub status: Status,
    /// One record per step.
    #[serde(borrow)]
    pub steps: Vec<StepView<'a>>,
    /// Screenings.
    #[serde(default, borrow)]
    pub screenings: Vec<ScreeningView<'a>>,
    /// Coverage events.
    #[serde(default, borrow)]
    pub coverage: Vec<CoverageView<'a>>,
    /// Readiness notes.
    #[serde(default, borrow)]
    pub readiness: Vec<ReadinessView<'a>>,
    /// Safety flags raised, and their responses.
    #[serde(default, borrow)]
    pub safety: Vec<SafetyFlagView<'a>>,
    /// The prevention tier and factors.
    #[serde(default, borrow)]
    pub prevention: Option<PreventionView<'a>>,
    /// A family intervention's plan.
    #[serde(default, borrow)]
    pub plan: Option<PlanView<'a>>,
    /// The earlier session of the same case.
    #[serde(default)]
    pub continues: Option<SessionId>,
    /// The goal (only its options are counted).
    #[serde(default)]
    pub goal: GoalView,
    /// The language the session was held in (left out: the base language).
    #[serde(default, borrow)]
    pub language: Option<Cow<'a, str>>,
    /// The level of intervention recorded.
    #[serde(default, borrow)]
    pub intervention_level: Option<Cow<'a, str>>,
    /// Take-home sheets given (only counted).
    #[serde(default)]
    pub handouts: Vec<IgnoredAny>,
    /// Amendments (only counted).
    #[serde(default)]
    pub amendments: Vec<IgnoredAny>,
    /// The seal.
    #[serde(default, borrow)]
    pub content_hash: Option<Cow<'a, str>>,
}

impl SessionView<'_> {
    /// What [`seal_of`](crate::session::seal_of) needs to know of this record besides its
    /// file's text: the same facts [`Session::seal_facts`](crate::session::Session::seal_facts)
    /// gives for a whole session.
    pub fn seal_facts(&self) -> SealFacts {
        SealFacts {
            version: self.version,
            status: self.status,
            has_close_time: self.closed.is_some(),
            has_hash: self.content_hash.is_some(),
        }
    }
}

/// The protocol a session follows.
#[derive(Debug, Deserialize)]
#[serde(rename = "protocol reference")]
pub struct ProtocolView<'a> {
    /// Protocol id.
    #[serde(borrow)]
    pub id: Cow<'a, str>,
}

/// One step record.
#[derive(Debug, Deserialize)]
#[serde(rename = "step record")]
pub struct StepView<'a> {
    /// Step id.
    #[serde(borrow)]
    pub step: Cow<'a, str>,
    /// Its state.
    pub state: StepStateView,
}

/// A step's state ([`StepState`](crate::session::StepState)).
#[derive(Debug, Deserialize)]
#[serde(rename = "step state")]
pub enum StepStateView {
    /// Not entered yet.
    NotStarted,
    /// Entered, not finished.
    InProgress,
    /// Finished.
    Done,
    /// Left out, with the reason.
    Skipped {
        /// Why.
        reason: IgnoredAny,
    },
}

/// A screening.
#[derive(Debug, Deserialize)]
#[serde(rename = "screening")]
pub struct ScreeningView<'a> {
    /// Instrument id.
    #[serde(borrow)]
    pub instrument: Cow<'a, str>,
    /// Substance id (ASSIST).
    #[serde(default, borrow)]
    pub substance: Option<Cow<'a, str>>,
    /// The result computed at the time.
    #[serde(default, borrow)]
    pub result: Option<ResultView<'a>>,
}

/// A screening result.
#[derive(Debug, Deserialize)]
#[serde(rename = "screening result")]
pub struct ResultView<'a> {
    /// Zone id.
    #[serde(borrow)]
    pub zone: Cow<'a, str>,
}

/// A coverage event.
#[derive(Debug, Deserialize)]
#[serde(rename = "coverage record")]
pub struct CoverageView<'a> {
    /// Component id.
    #[serde(borrow)]
    pub component: Cow<'a, str>,
}

/// A readiness note.
#[derive(Debug, Deserialize)]
#[serde(rename = "readiness note")]
pub struct ReadinessView<'a> {
    /// Stage id.
    #[serde(default, borrow)]
    pub stage: Option<Cow<'a, str>>,
    /// The patient's answer to "why not a lower number?".
    #[serde(default, borrow)]
    pub why_not_lower: Cow<'a, str>,
}

/// The goal ([`Goal`](crate::session::Goal)).
#[derive(Debug, Default, Deserialize)]
#[serde(rename = "goal")]
pub struct GoalView {
    /// Menu options chosen (only counted).
    #[serde(default)]
    pub options: Vec<IgnoredAny>,
}

/// A safety flag ([`SafetyFlag`](crate::session::SafetyFlag)).
#[derive(Debug, Deserialize)]
#[serde(rename = "safety flag")]
pub struct SafetyFlagView<'a> {
    /// The safety rule's id.
    #[serde(borrow)]
    pub rule: Cow<'a, str>,
    /// When the answers stopped raising it.
    #[serde(default)]
    pub cleared: Option<IgnoredAny>,
    /// The clinician's response.
    #[serde(default)]
    pub response: Option<SafetyResponseView>,
}

/// A response to a safety flag ([`SafetyResponse`](crate::session::SafetyResponse)).
#[derive(Debug, Deserialize)]
#[serde(rename = "safety response")]
pub struct SafetyResponseView {
    /// What was done.
    pub outcome: SafetyOutcomeView,
}

/// What was done about a flag ([`SafetyOutcome`](crate::session::SafetyOutcome)).
#[derive(Debug, Deserialize)]
#[serde(rename = "safety outcome")]
pub enum SafetyOutcomeView {
    /// The advice was given.
    Given {
        /// Which points (ignored).
        #[serde(default)]
        advice: IgnoredAny,
        /// The note (ignored).
        #[serde(default)]
        note: IgnoredAny,
    },
    /// Not given, with the reason (ignored).
    NotGiven {
        /// Why.
        reason: IgnoredAny,
    },
}

/// The prevention record ([`PreventionRecord`](crate::session::PreventionRecord)).
#[derive(Debug, Deserialize)]
#[serde(rename = "prevention record")]
pub struct PreventionView<'a> {
    /// Tier id.
    #[serde(default, borrow)]
    pub tier: Option<Cow<'a, str>>,
}

/// A family intervention's plan ([`FamilyPlan`](crate::session::FamilyPlan)).
#[derive(Debug, Deserialize)]
#[serde(rename = "family plan")]
pub struct PlanView<'a> {
    /// The first contact.
    #[serde(default)]
    pub first_contact: Option<chrono::NaiveDate>,
    /// The approach chosen.
    #[serde(default, borrow)]
    pub approach: Option<ApproachView<'a>>,
    /// How it ended.
    #[serde(default, borrow)]
    pub outcome: OutcomeView<'a>,
}

/// The approach chosen ([`ApproachChoice`](crate::session::ApproachChoice)).
#[derive(Debug, Deserialize)]
#[serde(rename = "approach choice")]
pub struct ApproachView<'a> {
    /// Approach id.
    #[serde(borrow)]
    pub approach: Cow<'a, str>,
}

/// The outcome record ([`PlanOutcome`](crate::session::PlanOutcome)).
#[derive(Debug, Default, Deserialize)]
#[serde(rename = "plan outcome")]
pub struct OutcomeView<'a> {
    /// Outcome id.
    #[serde(default, borrow)]
    pub outcome: Option<Cow<'a, str>>,
    /// The day treatment began.
    #[serde(default)]
    pub entered: Option<chrono::NaiveDate>,
}
