//! The supervisor's audit: what each session covered, aggregated across a clinic's sessions.
//!
//! The unit is a [`SessionSummary`]: the few facts about one session file that the audit needs
//! (who, when, which components, which steps, stage, screening zone, seal). There is one rule
//! for making a summary, [`SessionSummary::from_view`], and it reads a [`view::SessionView`]:
//! a borrowed serde view of the session file that names only the fields the audit needs and
//! ignores the rest, so a field added to [`Session`](crate::session::Session) needs no change
//! here. Aggregation and export work on summaries only. No egui here.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::session::{Seal, Status, Timestamp};

pub mod aggregate;
pub mod cache;
pub mod export;
pub mod family;
pub(crate) mod fast;
pub mod pins;
pub mod scan;
pub mod view;
pub mod word;

pub use word::Word;

/// The version of the rules that turn a session file into a [`SessionSummary`]. Cached
/// summaries made under other rules are not used. `tests/summary_rules.rs` pins the summaries
/// of the release fixtures to this number: change a rule and that test fails until this is
/// raised.
pub const SUMMARY_RULES: u32 = 7;

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
    pub clinician: Word,
    /// Protocol id.
    pub protocol: Word,
    /// When it started.
    pub created: Timestamp,
    /// Whole minutes from start to close; none while open.
    pub minutes: Option<i64>,
    /// Open or closed.
    pub status: Status,
    /// Component ids delivered at least once, sorted.
    pub components: Vec<Word>,
    /// Each step's outcome, in protocol order.
    pub steps: Vec<(Word, StepOutcome)>,
    /// Stage in the latest readiness entry.
    pub stage: Option<Word>,
    /// The first screening's instrument (with `:substance` for the ASSIST).
    pub instrument: Option<Word>,
    /// Its zone id.
    pub zone: Option<Word>,
    /// Amendments made after closing.
    pub amendments: u32,
    /// The safety flags raised, by rule id, with what was done (in the order raised).
    pub safety: Vec<(Word, FlagOutcome)>,
    /// The prevention tier recorded for the contact.
    pub tier: Option<Word>,
    /// A family intervention's approach, outcome and days to treatment.
    pub plan: Option<PlanSummary>,
    /// The recorded actions that deliver components by themselves (menu options chosen, …),
    /// by name: the protocol's credits turn them into components when the report is made.
    pub actions: Vec<Word>,
    /// The language the session was held in; `None` for the base language (English).
    pub language: Option<Word>,
    /// The level of intervention recorded (an id of the protocol's `intervention_levels`).
    pub intervention_level: Option<Word>,
    /// The file's seal.
    pub seal: Seal,
    /// The hash sealed into the file, when it is intact (what the audit's pins remember);
    /// serialised as its 64 hex digits.
    #[serde(with = "hex_hash")]
    pub sealed_hash: Option<[u8; 32]>,
}

/// What the audit needs to know of a family intervention's plan.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct PlanSummary {
    /// The approach chosen.
    pub approach: Option<Word>,
    /// How the meeting or invitation ended.
    pub outcome: Option<Word>,
    /// Days from first contact to treatment entry.
    pub days_to_treatment: Option<u32>,
    /// The earlier session of the case this one carries on from (its id).
    pub continues: Option<String>,
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
        let mut components: Vec<Word> = Vec::with_capacity(v.coverage.len());
        for c in &v.coverage {
            if !components.iter().any(|x| *x == *c.component) {
                components.push(Word::new(&c.component));
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
                (Word::new(&r.step), outcome)
            })
            .collect();
        let first = v.screenings.first();
        Self {
            path,
            id: v.id.as_str().to_owned(),
            clinician: Word::new(&v.clinician),
            protocol: Word::new(&v.protocol.id),
            created: v.created,
            minutes: v.closed.map(|c| (c - v.created).num_minutes().max(0)),
            status: v.status,
            components,
            steps,
            stage: v
                .readiness
                .last()
                .and_then(|r| r.stage.as_deref())
                .map(Word::new),
            instrument: first.map(|x| match &x.substance {
                Some(sub) => Word::new(&format!("{}:{sub}", x.instrument)),
                None => Word::new(&x.instrument),
            }),
            zone: first
                .and_then(|x| x.result.as_ref())
                .map(|r| Word::new(&r.zone)),
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
                    (Word::new(&f.rule), outcome)
                })
                .collect(),
            tier: v
                .prevention
                .as_ref()
                .and_then(|p| p.tier.as_deref())
                .map(Word::new),
            plan: v.plan.as_ref().map(|p| PlanSummary {
                approach: p.approach.as_ref().map(|a| Word::new(&a.approach)),
                outcome: p.outcome.outcome.as_deref().map(Word::new),
                days_to_treatment: p
                    .first_contact
                    .zip(p.outcome.entered)
                    .and_then(|(from, to)| u32::try_from((to - from).num_days()).ok()),
                continues: v.continues.as_ref().map(|c| c.as_str().to_owned()),
            }),
            actions: crate::credit::Facts {
                menu_options: v.goal.options.len(),
                why_not_lower: v
                    .readiness
                    .iter()
                    .any(|r| crate::credit::answered(&r.why_not_lower)),
                sheets: v.handouts.len(),
            }
            .actions()
            .into_iter()
            .map(|a| Word::new(a.name()))
            .collect(),
            language: v
                .language
                .as_deref()
                .filter(|l| *l != crate::protocol::BASE_LANGUAGE)
                .map(Word::new),
            intervention_level: v.intervention_level.as_deref().map(Word::new),
            sealed_hash: (seal == Seal::Intact)
                .then(|| v.content_hash.as_deref().and_then(hex_hash::parse))
                .flatten(),
            seal,
        }
    }

    /// Closed without every step done or skipped with a reason.
    pub fn closed_without_all_steps(&self) -> bool {
        self.status == Status::Closed && self.steps.iter().any(|(_, o)| *o == StepOutcome::NotDone)
    }

    /// True when the component was recorded as delivered.
    pub fn delivered(&self, component: &str) -> bool {
        self.components
            .binary_search_by(|c| c.as_str().cmp(component))
            .is_ok()
    }

    /// True when the component was delivered: recorded, or credited by `protocol` from what
    /// the record shows was done (the rule the window and the note use too).
    pub fn delivers(&self, protocol: &crate::protocol::Protocol, component: &str) -> bool {
        self.delivered(component) || {
            let actions: Vec<crate::protocol::RecordedAction> = self
                .actions
                .iter()
                .filter_map(|a| crate::protocol::RecordedAction::from_name(a))
                .collect();
            crate::credit::credited(protocol, &actions, component).is_some()
        }
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

/// A sealed hash as the 64 hex digits the file spells it in.
pub(crate) mod hex_hash {
    use serde::{Deserialize as _, Deserializer, Serializer};

    /// The 32 bytes of a 64-digit hex hash (lower or upper case).
    pub(crate) fn parse(hex: &str) -> Option<[u8; 32]> {
        let b = hex.as_bytes();
        if b.len() != 64 {
            return None;
        }
        let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        let mut out = [0u8; 32];
        for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
            *o = (digit(pair[0])? << 4) | digit(pair[1])?;
        }
        Some(out)
    }

    /// The 64 lower-case hex digits of a hash.
    pub(crate) fn format(hash: &[u8; 32]) -> String {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut out = String::with_capacity(64);
        for b in hash {
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 0xf)]));
        }
        out
    }

    #[expect(clippy::ref_option, reason = "the signature serde's `with` asks for")]
    pub(crate) fn serialize<S: Serializer>(
        hash: &Option<[u8; 32]>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match hash {
            Some(h) => s.serialize_some(&format(h)),
            None => s.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<[u8; 32]>, D::Error> {
        match Option::<String>::deserialize(d)? {
            Some(hex) => parse(&hex)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("not a 64-digit hex hash")),
            None => Ok(None),
        }
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
        assert!(s.sealed_hash.is_some(), "the hash is kept");
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
