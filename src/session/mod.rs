//! One brief intervention with one patient: the record, and the only way to change it.
//!
//! A [`Session`] is plain serde data, saved as readable RON (`version: 1`) by the
//! [`store`](crate::store). Every change goes through [`Session::apply`], which stamps times and
//! enforces the rules: a closed session changes only by an amendment with a reason; recording
//! the same coverage twice is one event; skipping a step needs a reason.

mod change;
mod id;
mod messages;
mod navigate;
mod v0;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;

use sha2::Digest as _;

use crate::protocol::STEP_IDS;
use crate::scoring::{Profile, Score};

pub use change::{Applied, Change, ChangeError};
pub use id::SessionId;
pub use messages::plain_message;
pub(crate) use v0::SessionV0;

/// The session file format this build writes.
pub const FORMAT_VERSION: u32 = 1;

/// A time with the clinician's UTC offset.
pub type Timestamp = DateTime<FixedOffset>;

/// One brief intervention.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Session {
    /// File format version ([`FORMAT_VERSION`]).
    pub version: u32,
    /// Unique across machines, sortable by creation time.
    pub id: SessionId,
    /// Who delivered it.
    pub clinician: String,
    /// Pseudonymous patient reference (never a name by default).
    pub patient: String,
    /// Sex and age, for the instruments' cut-offs and the low-risk limits.
    #[serde(default)]
    pub profile: Profile,
    /// The protocol followed.
    pub protocol: ProtocolRef,
    /// When the session was started.
    pub created: Timestamp,
    /// When it was closed.
    #[serde(default)]
    pub closed: Option<Timestamp>,
    /// Open or closed.
    pub status: Status,
    /// The step on screen.
    pub current_step: String,
    /// One record per protocol step, in order.
    pub steps: Vec<StepRecord>,
    /// Screening results, one per instrument (and substance).
    #[serde(default)]
    pub screenings: Vec<Screening>,
    /// Which component was delivered, in which step, when and how.
    #[serde(default)]
    pub coverage: Vec<CoverageEvent>,
    /// Stage-of-readiness notes, oldest first; several as they change.
    #[serde(default)]
    pub readiness: Vec<ReadinessEntry>,
    /// The goal agreed.
    #[serde(default)]
    pub goal: Goal,
    /// A referral, if one was made.
    #[serde(default)]
    pub referral: Option<Referral>,
    /// When to follow up.
    #[serde(default)]
    pub follow_up: Option<NaiveDate>,
    /// The closing summary.
    #[serde(default)]
    pub summary: String,
    /// Why the session was closed with steps or components missing.
    #[serde(default)]
    pub close_reason: Option<String>,
    /// Changes made after closing.
    #[serde(default)]
    pub amendments: Vec<Amendment>,
    /// SHA-256 of the closed record (everything but this field), to detect edits outside the app.
    #[serde(default)]
    pub content_hash: Option<String>,
}

/// The protocol a session follows.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct ProtocolRef {
    /// Protocol id.
    pub id: String,
    /// Protocol version.
    pub version: String,
}

/// Open or closed.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Being worked on.
    Open,
    /// Finished; changes only by amendment.
    Closed,
}

/// A step's state.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum StepState {
    /// Not entered yet.
    #[default]
    NotStarted,
    /// Entered, not finished.
    InProgress,
    /// Finished.
    Done,
    /// Left out, with the reason.
    Skipped {
        /// Why (TIP 34: a step is dropped only for a well-defined reason).
        reason: String,
    },
}

/// One step of a session.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct StepRecord {
    /// Step id.
    pub step: String,
    /// Its state.
    pub state: StepState,
    /// First entered.
    #[serde(default)]
    pub entered: Option<Timestamp>,
    /// Last left.
    #[serde(default)]
    pub left: Option<Timestamp>,
}

/// A screening instrument as given.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Screening {
    /// Instrument id.
    pub instrument: String,
    /// Substance id (ASSIST).
    #[serde(default)]
    pub substance: Option<String>,
    /// The profile the cut-offs used.
    #[serde(default)]
    pub profile: Profile,
    /// One answer per item asked (`None`: not answered).
    pub answers: Vec<Option<u32>>,
    /// The result computed when the answers were recorded.
    #[serde(default)]
    pub result: Option<ScreeningResult>,
    /// When it was last changed.
    pub time: Timestamp,
}

/// A screening result as computed at the time.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct ScreeningResult {
    /// Total points.
    pub total: u32,
    /// Highest possible total.
    #[serde(default)]
    pub max_total: Option<u32>,
    /// Zone id.
    pub zone: String,
    /// Risk level.
    pub level: String,
    /// Recommended action.
    pub action: String,
    /// Ids of the flags raised.
    #[serde(default)]
    pub flags: Vec<String>,
    /// True when every asked item was answered.
    pub complete: bool,
}

impl From<&Score> for ScreeningResult {
    fn from(s: &Score) -> Self {
        Self {
            total: s.total,
            max_total: s.max_total,
            zone: s.zone.clone(),
            level: s.level.clone(),
            action: s.action.clone(),
            flags: s.flags.iter().map(|f| f.id.clone()).collect(),
            complete: s.is_complete(),
        }
    }
}

/// How a component was recorded.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CoverageSource {
    /// By using this prompt.
    Prompt(String),
    /// Ticked by hand.
    ByHand,
}

/// A component delivered.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct CoverageEvent {
    /// Component id.
    pub component: String,
    /// Step id where it was delivered.
    pub step: String,
    /// When.
    pub time: Timestamp,
    /// How it was recorded.
    pub source: CoverageSource,
    /// The clinician's note (mostly for ticks by hand).
    #[serde(default)]
    pub note: Option<String>,
}

/// A stage-of-readiness note.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct ReadinessEntry {
    /// Stage id, as the clinician judged it.
    #[serde(default)]
    pub stage: Option<String>,
    /// Importance ruler.
    #[serde(default)]
    pub importance: Option<u8>,
    /// Confidence ruler.
    #[serde(default)]
    pub confidence: Option<u8>,
    /// Readiness ruler.
    #[serde(default)]
    pub readiness: Option<u8>,
    /// The patient's answer to "why not a lower number?".
    #[serde(default)]
    pub why_not_lower: String,
    /// Free text.
    #[serde(default)]
    pub note: String,
    /// When recorded (stamped by `apply`).
    #[serde(default)]
    pub time: Option<Timestamp>,
}

/// The goal agreed in the goals step.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Goal {
    /// Menu option ids chosen.
    #[serde(default)]
    pub options: Vec<String>,
    /// The goal in the patient's own words.
    #[serde(default)]
    pub own_words: String,
    /// Target date.
    #[serde(default)]
    pub target_date: Option<NaiveDate>,
}

impl Goal {
    /// True when nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.options.is_empty() && self.own_words.trim().is_empty() && self.target_date.is_none()
    }
}

/// A referral.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Referral {
    /// To whom.
    pub to: String,
    /// ASAM level id.
    #[serde(default)]
    pub level: Option<String>,
    /// What the patient said.
    pub response: ReferralResponse,
}

/// The patient's response to a referral.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum ReferralResponse {
    /// Offered, no answer yet.
    #[default]
    Offered,
    /// Accepted.
    Accepted,
    /// Declined.
    Declined,
}

/// A change after closing.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Amendment {
    /// When.
    pub time: Timestamp,
    /// Who.
    pub by: String,
    /// Why.
    pub reason: String,
    /// What changed.
    pub change: String,
}

impl Session {
    /// A new open session on the first step.
    pub fn new(
        id: SessionId,
        clinician: &str,
        patient: &str,
        profile: Profile,
        protocol: ProtocolRef,
        now: Timestamp,
    ) -> Self {
        let steps = STEP_IDS
            .iter()
            .map(|s| StepRecord {
                step: (*s).to_owned(),
                state: StepState::NotStarted,
                entered: None,
                left: None,
            })
            .collect();
        let mut session = Self {
            version: FORMAT_VERSION,
            id,
            clinician: clinician.to_owned(),
            patient: patient.to_owned(),
            profile,
            protocol,
            created: now,
            closed: None,
            status: Status::Open,
            current_step: String::new(),
            steps,
            screenings: Vec::new(),
            coverage: Vec::new(),
            readiness: Vec::new(),
            goal: Goal::default(),
            referral: None,
            follow_up: None,
            summary: String::new(),
            close_reason: None,
            amendments: Vec::new(),
            content_hash: None,
        };
        if let Some(first) = STEP_IDS.first() {
            session.enter_step(first, now);
        }
        session
    }

    /// The record of a step.
    pub fn step(&self, id: &str) -> Option<&StepRecord> {
        self.steps.iter().find(|s| s.step == id)
    }

    /// Component ids delivered at least once, in first-delivery order.
    pub fn delivered(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for e in &self.coverage {
            if !out.contains(&e.component.as_str()) {
                out.push(&e.component);
            }
        }
        out
    }

    /// The first delivery of a component.
    pub fn first_delivery(&self, component: &str) -> Option<&CoverageEvent> {
        self.coverage.iter().find(|e| e.component == component)
    }

    /// The latest readiness entry.
    pub fn latest_readiness(&self) -> Option<&ReadinessEntry> {
        self.readiness.last()
    }

    /// Steps done.
    pub fn steps_done(&self) -> usize {
        self.steps
            .iter()
            .filter(|s| s.state == StepState::Done)
            .count()
    }

    /// Whole minutes from start to close (or to `now` while open).
    pub fn minutes(&self, now: Timestamp) -> i64 {
        let end = self.closed.unwrap_or(now);
        (end - self.created).num_minutes().max(0)
    }

    /// The session as the RON text of its file.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new()
            .indentor(" ")
            .struct_names(false)
            .separate_tuple_members(false);
        ron::ser::to_string_pretty(self, config).unwrap_or_default()
    }

    /// The SHA-256 of the file text with `content_hash: None`, as lowercase hex. Because it is
    /// a hash of the file's own bytes, [`seal_status`] can check a file without parsing it.
    pub fn compute_hash(&self) -> String {
        let mut copy = self.clone();
        copy.content_hash = None;
        sha256_hex(copy.to_ron().as_bytes())
    }

    /// True when the session is closed and its content no longer matches the hash stored at
    /// close (someone edited the file outside the app).
    pub fn is_tampered(&self) -> bool {
        match (&self.status, &self.content_hash) {
            (Status::Closed, Some(hash)) => *hash != self.compute_hash(),
            (Status::Closed, None) => true,
            (Status::Open, _) => false,
        }
    }

    fn enter_step(&mut self, step: &str, now: Timestamp) {
        let previous = std::mem::replace(&mut self.current_step, step.to_owned());
        if previous != step
            && let Some(prev) = self.steps.iter_mut().find(|s| s.step == previous)
        {
            prev.left = Some(now);
        }
        if let Some(record) = self.steps.iter_mut().find(|s| s.step == step) {
            if matches!(
                record.state,
                StepState::NotStarted | StepState::Skipped { .. }
            ) {
                record.state = StepState::InProgress;
            }
            record.entered.get_or_insert(now);
        }
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    let digest = sha2::Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for b in digest {
        write!(hex, "{b:02x}").ok();
    }
    hex
}

/// Whether a session file's text still matches the hash sealed into it at close.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seal {
    /// No hash in the file (an open session, or an older format that had none).
    Unsealed,
    /// The text matches its hash.
    Intact,
    /// The text was changed after the hash was written: edited outside brief.
    Broken,
}

/// Checks a session file's text against its `content_hash` without parsing it: the hash line
/// is put back to `content_hash: None` and the text hashed.
pub fn seal_status(text: &str) -> Seal {
    const KEY: &str = "\n content_hash: Some(\"";
    let Some(start) = text.find(KEY) else {
        return Seal::Unsealed;
    };
    let hex_start = start + KEY.len();
    let Some(hash) = text.get(hex_start..hex_start + 64) else {
        return Seal::Broken;
    };
    let Some(rest) = text.get(hex_start + 64..) else {
        return Seal::Broken;
    };
    let Some(after) = rest.strip_prefix("\"),") else {
        return Seal::Broken;
    };
    let mut unsealed = String::with_capacity(text.len());
    unsealed.push_str(text.get(..start).unwrap_or_default());
    unsealed.push_str("\n content_hash: None,");
    unsealed.push_str(after);
    if sha256_hex(unsealed.as_bytes()) == hash {
        Seal::Intact
    } else {
        Seal::Broken
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A closed session with a summary, for tests across modules.
    pub(crate) fn closed_session() -> Session {
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").unwrap();
        let pref = ProtocolRef {
            id: "brief_intervention".to_owned(),
            version: "1.0.0".to_owned(),
        };
        let mut s = Session::new(
            SessionId::from_parts(t.to_utc(), 7),
            "c-lee",
            "P-1",
            Profile::default(),
            pref,
            t,
        );
        s.apply(Change::SetSummary("Agreed a plan".to_owned()), t)
            .unwrap();
        s.apply(Change::Close { reason: None }, t).unwrap();
        s
    }

    #[test]
    fn a_closed_file_is_sealed_and_an_edit_breaks_the_seal() {
        let text = closed_session().to_ron();
        assert_eq!(
            seal_status(&text),
            Seal::Intact,
            "the file as written matches its hash"
        );
        let edited = text.replace("Agreed a plan", "Agreed a plan!");
        assert_eq!(
            seal_status(&edited),
            Seal::Broken,
            "an edit outside brief breaks the seal"
        );
        let rehashed = edited.replacen("content_hash: Some(\"", "content_hash: Some(\"0", 1);
        assert_eq!(
            seal_status(&rehashed),
            Seal::Broken,
            "a mangled hash is broken, not unsealed"
        );
    }

    #[test]
    fn an_open_file_is_unsealed_and_the_file_check_agrees_with_the_in_memory_one() {
        let mut s = closed_session();
        assert!(
            !s.is_tampered(),
            "in memory, the closed session matches its hash"
        );
        s.summary.push('!');
        assert!(s.is_tampered(), "in memory, a change shows");
        s.status = Status::Open;
        s.content_hash = None;
        assert_eq!(
            seal_status(&s.to_ron()),
            Seal::Unsealed,
            "open sessions carry no hash"
        );
    }
}
