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
mod plan;
mod prior;
mod seal;
mod v0;

use crate::protocol::STEP_IDS;
use crate::scoring::{Profile, Score};
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

pub use change::{Applied, Change, ChangeError};
pub use id::SessionId;
pub use messages::plain_message;
pub use plan::{
    ApproachChoice, FamilyPlan, Incident, Participant, PlanError, PlanEvent, PlanOutcome,
    Preparation, ScreenAnswer, Statement, TreatmentPlan, YesNo,
};
pub use prior::{PriorResult, PriorVisit, PriorWords, ScoreChange};
pub use seal::{Seal, SealBreak, SealFacts, hash_matches, hash_of_unsealed, seal_of, seal_with};
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
    /// Changes to the profile after the session was started, oldest first. (Fields added
    /// after a release are left out of the file while empty, so a record that never used them
    /// is written exactly as the release before wrote it.)
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub profile_changes: Vec<ProfileChange>,
    /// Safety flags raised by the protocol's safety rules, and the clinician's responses.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub safety: Vec<SafetyFlag>,
    /// The prevention tier of the contact and the factors checked, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevention: Option<PreventionRecord>,
    /// A family intervention's plan (family-intervention protocols only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<FamilyPlan>,
    /// What changed in the plan during this session, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub plan_changes: Vec<PlanEvent>,
    /// The earlier session of the same case this one carries on from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues: Option<SessionId>,
    /// The patient's previous visit, copied in when this session was started (re-screening).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prior: Option<PriorVisit>,
    /// Take-home sheets given to the patient, oldest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub handouts: Vec<HandoutGiven>,
    /// The language of the protocol when the session was started (BCP 47); left out for the
    /// base language, English (see [`Session::language`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The level of intervention given (an id of the protocol's `intervention_levels`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intervention_level: Option<String>,
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
    /// The instrument the screen step suggested for the patient when this one was given (its
    /// own id when the suggestion was taken).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggested: Option<String>,
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
    /// Credited by a fact of the family-intervention plan (the protocol's `plan.credits`).
    Plan(crate::protocol::PlanFact),
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
    /// Options chosen although the screening or a safety rule advises against them, each with
    /// the clinician's reason.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_advised: Vec<ChosenAnyway>,
    /// The goal in the patient's own words.
    #[serde(default)]
    pub own_words: String,
    /// Target date.
    #[serde(default)]
    pub target_date: Option<NaiveDate>,
}

/// A menu option chosen against the advice of the zone or a safety rule.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct ChosenAnyway {
    /// Menu option id.
    pub option: String,
    /// Why it was chosen anyway.
    pub reason: String,
}

impl Goal {
    /// The reason recorded for choosing `option` against advice, if any.
    pub fn reason_for(&self, option: &str) -> Option<&str> {
        self.not_advised
            .iter()
            .find(|c| c.option == option && !c.reason.trim().is_empty())
            .map(|c| c.reason.as_str())
    }

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

/// The prevention tier of a contact and the risk and protective factors checked (ids from the
/// protocol's `prevention`).
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct PreventionRecord {
    /// Tier id.
    #[serde(default)]
    pub tier: Option<String>,
    /// Risk factor ids checked.
    #[serde(default)]
    pub risk_factors: Vec<String>,
    /// Protective factor ids checked.
    #[serde(default)]
    pub protective_factors: Vec<String>,
}

/// A change to the patient's profile during the session.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct ProfileChange {
    /// When.
    pub time: Timestamp,
    /// The profile before the change (the session holds the one after).
    pub before: Profile,
}

/// A safety flag: a safety rule that fired in this session, and what the clinician did.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct SafetyFlag {
    /// The safety rule's id.
    pub rule: String,
    /// When it was first raised.
    pub raised: Timestamp,
    /// What raised it, in words (e.g. "AUDIT 22: zone IV").
    pub from: Vec<String>,
    /// When the answers stopped raising it (a corrected answer); it is raised again if they
    /// raise it again.
    #[serde(default)]
    pub cleared: Option<Timestamp>,
    /// The clinician's response.
    #[serde(default)]
    pub response: Option<SafetyResponse>,
}

impl SafetyFlag {
    /// True while the answers raise it.
    pub fn is_active(&self) -> bool {
        self.cleared.is_none()
    }

    /// True while it is raised and nobody has responded.
    pub fn is_unanswered(&self) -> bool {
        self.is_active() && self.response.is_none()
    }
}

/// The clinician's response to a safety flag.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct SafetyResponse {
    /// When.
    pub time: Timestamp,
    /// What was done.
    pub outcome: SafetyOutcome,
}

/// What was done about a safety flag.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum SafetyOutcome {
    /// The advice was given.
    Given {
        /// The rule's advice points given, by id (empty: the advice as a whole).
        #[serde(default)]
        advice: Vec<String>,
        /// The clinician's note.
        #[serde(default)]
        note: Option<String>,
    },
    /// The advice was not given, and why.
    NotGiven {
        /// Why (required).
        reason: String,
    },
}

/// A take-home sheet given to the patient.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct HandoutGiven {
    /// When it was written.
    pub time: Timestamp,
    /// The step it was given in.
    pub step: String,
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
            amendments: Vec::new(),
            content_hash: None,
        };
        if let Some(first) = STEP_IDS.first() {
            session.enter_step(first, now);
        }
        session
    }

    /// The language the session was held in: the protocol's when it was started (English for
    /// a record that does not say).
    pub fn language(&self) -> &str {
        self.language
            .as_deref()
            .unwrap_or(crate::protocol::BASE_LANGUAGE)
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

    /// The session as the RON text of its file. Fails rather than give an empty or partial
    /// text, so a save never writes one.
    pub fn to_ron(&self) -> Result<String, FormatError> {
        let config = ron::ser::PrettyConfig::new()
            .indentor(" ")
            .struct_names(false)
            .separate_tuple_members(false);
        ron::ser::to_string_pretty(self, config).map_err(FormatError)
    }

    /// The hash to seal this record with: of its file text with `content_hash: None`, by the
    /// same rule [`seal_of`] checks a file with.
    pub fn compute_hash(&self) -> Result<String, FormatError> {
        let mut copy = self.clone();
        copy.content_hash = None;
        Ok(hash_of_unsealed(&copy.to_ron()?))
    }

    /// What [`seal_of`] needs to know of this record besides its file's text.
    pub fn seal_facts(&self) -> SealFacts {
        SealFacts {
            version: self.version,
            status: self.status,
            has_close_time: self.closed.is_some(),
            has_hash: self.content_hash.is_some(),
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

/// A session that cannot be written as RON (never expected: every field is plain data).
#[derive(Debug, thiserror::Error)]
#[error("the session cannot be written as text: {0}")]
pub struct FormatError(ron::Error);

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

    fn seal(text: &str) -> Seal {
        let s = crate::store::parse_session(std::path::Path::new("x.ron"), text).unwrap();
        seal_of(text, s.seal_facts())
    }

    #[test]
    fn a_closed_file_is_sealed_and_an_edit_breaks_the_seal() {
        let text = closed_session().to_ron().unwrap();
        assert_eq!(
            seal(&text),
            Seal::Intact,
            "the file as written matches its hash"
        );
        let edited = text.replace("Agreed a plan", "Agreed a plan!");
        assert_eq!(
            seal(&edited),
            Seal::Changed(SealBreak::Edited),
            "an edit outside brief breaks the seal"
        );
        let rehashed = edited.replacen("content_hash: Some(\"", "content_hash: Some(\"0", 1);
        assert_eq!(
            seal(&rehashed),
            Seal::Changed(SealBreak::Edited),
            "a mangled hash is broken, not unsealed"
        );
    }

    #[test]
    fn line_endings_and_trailing_blanks_are_not_part_of_the_record() {
        let text = closed_session().to_ron().unwrap();
        let crlf = text.replace('\n', "\r\n") + "\r\n";
        assert_eq!(seal(&crlf), Seal::Intact, "CRLF line endings keep the seal");
        let blanks = text.replace(",\n", ",  \t\n") + "\n\n";
        assert_eq!(seal(&blanks), Seal::Intact, "trailing blanks keep the seal");
        let indented = text.replace("\n  ", "\n   ");
        assert_eq!(
            seal(&indented),
            Seal::Changed(SealBreak::Edited),
            "re-indenting is a change to the file: flagged"
        );
    }

    #[test]
    fn a_closed_session_marked_open_again_is_flagged() {
        let text = closed_session().to_ron().unwrap();
        let reopened = text.replace("status: Closed", "status: Open");
        assert_eq!(
            seal(&reopened),
            Seal::Changed(SealBreak::Reopened),
            "closed then edited back to open"
        );
        let unhashed: String = text
            .lines()
            .filter(|l| !l.contains("content_hash"))
            .collect::<Vec<_>>()
            .join("\n");
        assert_eq!(
            seal(&unhashed),
            Seal::Changed(SealBreak::HashRemoved),
            "a closed file without its hash"
        );
        let mut open = closed_session();
        open.status = Status::Open;
        open.closed = None;
        open.content_hash = None;
        assert_eq!(
            seal(&open.to_ron().unwrap()),
            Seal::Open,
            "a plain open session"
        );
    }
}
