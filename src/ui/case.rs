//! A family-intervention case across sessions, as the window finds it in the data folder: the
//! case's latest session (a new session carries its plan on) and the sessions before one (its
//! timeline). A case is the case reference (the session's `patient`) within one protocol.

use std::collections::BTreeSet;

use super::steps::EarlierSession;
use crate::protocol::Protocol;
use crate::session::{Session, SessionId, Timestamp};
use crate::store::Store;
use crate::t;

/// A session of a family-intervention protocol, as the new-session form needs it.
#[derive(Clone, Debug)]
pub struct CaseSession {
    /// The case reference.
    pub reference: String,
    /// Its id.
    pub id: SessionId,
    /// When it started.
    pub created: Timestamp,
    /// Its clinician.
    pub clinician: String,
}

/// Every session of this protocol in the data folder, oldest first (read when the new-session
/// form first needs it). Only files that name the protocol are parsed, so a folder of brief
/// interventions costs a read of each file, not a parse; files that cannot be read are left
/// to the listings that report them.
pub fn sessions_of(store: &Store, protocol: &Protocol) -> Vec<CaseSession> {
    let quoted = format!("\"{}\"", protocol.id);
    let mut buf = Vec::new();
    let mut found: Vec<CaseSession> = crate::store::walk(&store.sessions_dir(), false)
        .files
        .into_iter()
        .filter_map(|f| {
            let text = crate::store::read_text(&f.path, &mut buf).ok()?;
            if !text.contains(&quoted) {
                return None;
            }
            let s = crate::store::parse_session(&f.path, text).ok()?;
            (s.protocol.id == protocol.id).then_some(CaseSession {
                reference: s.patient,
                id: s.id,
                created: s.created,
                clinician: s.clinician,
            })
        })
        .collect();
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found.dedup_by(|a, b| a.id == b.id);
    found
}

/// The sessions of one case, oldest first.
pub fn of_case<'a>(sessions: &'a [CaseSession], reference: &str) -> Vec<&'a CaseSession> {
    let reference = reference.trim();
    sessions
        .iter()
        .filter(|s| !reference.is_empty() && s.reference.trim() == reference)
        .collect()
}

/// The sessions this one carries on from, following `continues` back, oldest first; and why
/// the chain stops short when an earlier session cannot be read.
pub fn history(store: &Store, session: &Session) -> (Vec<EarlierSession>, Option<String>) {
    let mut earlier = Vec::new();
    let mut seen = BTreeSet::from([session.id.clone()]);
    let mut next = session.continues.clone();
    let mut problem = None;
    while let Some(id) = next.take() {
        if !seen.insert(id.clone()) {
            problem = Some(t!("start-case-chain-loop", id = id.to_string()));
            break;
        }
        match store.load(&id) {
            Ok(s) => {
                next.clone_from(&s.continues);
                earlier.push(EarlierSession::of(&s));
            }
            Err(e) => {
                problem = Some(t!("start-case-chain-unreadable", error = e.to_string()));
                break;
            }
        }
    }
    earlier.reverse();
    (earlier, problem)
}
