//! What every step view reads (a leaf: the step views import it, it imports none of them).

use crate::protocol::{Protocol, ProtocolSet, Step};
use crate::safety::Advice;
use crate::session::{Session, Timestamp};

/// The session and protocol a step view draws from.
pub struct StepContext<'a> {
    /// Every protocol and instrument loaded.
    pub set: &'a ProtocolSet,
    /// The protocol the session follows.
    pub protocol: &'a Protocol,
    /// The session as it is before this frame's changes.
    pub session: &'a Session,
    /// The clock, for dates offered from today.
    pub now: Timestamp,
    /// False once the session is closed: the forms show, nothing changes.
    pub open: bool,
    /// What the safety rules, the zones and the limits say for this patient now.
    pub advice: &'a Advice<'a>,
    /// The data folder, where nothing but sessions is written.
    pub data_folder: &'a std::path::Path,
    /// Where take-home sheets go.
    pub handouts: &'a crate::ui::HandoutOutput,
}

impl StepContext<'_> {
    /// The protocol's step of this kind, if it has one.
    pub fn step_of_kind(&self, kind: crate::protocol::StepKind) -> Option<&Step> {
        self.protocol.steps.iter().find(|s| s.kind == kind)
    }
}

/// The text with its first letter in capitals ("trying to conceive" → "Trying to conceive").
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
