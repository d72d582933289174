//! The seal of a closed session: the one rule that says whether a session file is as brief
//! wrote it at close (or at its last amendment).
//!
//! At close brief hashes the file's own text (SHA-256, with the hash line reading
//! `content_hash: None,`) and writes the hash into the file. [`seal_of`] checks a file's text
//! against it without trusting any re-serialisation, so a new field with a default, or a `ron`
//! release that prints differently, never breaks an old seal. Line endings (CRLF) and
//! whitespace at the end of a line or of the file are not part of the record and are
//! tolerated; any other change (a value, a comment, re-indenting, an unknown field) breaks it.
//!
//! What the seal is not: a signature. Anyone who can write the file can also recompute the
//! hash. That re-sealing is caught by the audit's pins (`crate::audit::pins`), which remember
//! each closed session's seal in the supervisor's own data the first time an audit sees it.

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use super::Status;

/// The one place the hash line is spelled: one space of indent, as brief writes it.
const HASH_KEY: &str = " content_hash: Some(\"";
const HASH_NONE: &str = " content_hash: None,";
const HASH_LINE_START: &str = "\n content_hash: Some(\"";

/// What a file's seal says.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seal {
    /// An open session: nothing is sealed yet.
    Open,
    /// Closed, and the text matches the hash sealed into it.
    Intact,
    /// Closed in format version 0, which had no seal: nothing to check.
    Legacy,
    /// Changed outside brief.
    Changed(SealBreak),
}

/// How a seal was broken.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SealBreak {
    /// The text no longer matches its hash (a value, a comment, the layout).
    Edited,
    /// A closed session without its hash.
    HashRemoved,
    /// Marked open again, though it carries a close time or a hash.
    Reopened,
}

impl Seal {
    /// True when the file was changed outside brief.
    pub fn is_changed(self) -> bool {
        matches!(self, Self::Changed(_))
    }

    /// In plain words, for listings.
    pub fn describe(self) -> String {
        use crate::t;
        match self {
            Self::Open => t!("seal-open"),
            Self::Intact => t!("seal-intact"),
            Self::Legacy => t!("seal-legacy"),
            Self::Changed(SealBreak::Edited) => t!("seal-edited"),
            Self::Changed(SealBreak::HashRemoved) => t!("seal-hash-removed"),
            Self::Changed(SealBreak::Reopened) => t!("seal-reopened"),
        }
    }
}

/// The facts of a parsed record that the seal depends on besides the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SealFacts {
    /// Format version of the file.
    pub version: u32,
    /// Status in the file.
    pub status: Status,
    /// The file has a close time.
    pub has_close_time: bool,
    /// The file has a `content_hash`.
    pub has_hash: bool,
}

/// The seal of a session file: its text and what its record says. Every command, the window
/// and the audit decide with this function.
pub fn seal_of(text: &str, facts: SealFacts) -> Seal {
    seal_with(facts, || hash_matches(text))
}

/// [`seal_of`], with whether the text matches its hash ([`hash_matches`]) known already or
/// worked out only if needed.
pub fn seal_with(facts: SealFacts, hash_matches: impl FnOnce() -> bool) -> Seal {
    if facts.version == 0 {
        return if facts.status == Status::Closed {
            Seal::Legacy
        } else {
            Seal::Open
        };
    }
    match (facts.status, facts.has_hash) {
        (Status::Open, false) if !facts.has_close_time => Seal::Open,
        (Status::Open, _) => Seal::Changed(SealBreak::Reopened),
        (Status::Closed, false) => Seal::Changed(SealBreak::HashRemoved),
        (Status::Closed, true) => {
            if hash_matches() {
                Seal::Intact
            } else {
                Seal::Changed(SealBreak::Edited)
            }
        }
    }
}

/// The hash to seal a record whose file text (with `content_hash: None`) is `text`.
pub fn hash_of_unsealed(text: &str) -> String {
    hex(&normalized_digest(text, None))
}

/// True when the text holds a hash line and the hash matches the rest of the text (whatever
/// the record says; [`seal_of`] is the verdict).
pub fn hash_matches(text: &str) -> bool {
    let t = text.trim_end();
    let b = t.as_bytes();
    let plain = memchr::memchr(b'\r', b).is_none()
        && memchr::memmem::find(b, b" \n").is_none()
        && memchr::memmem::find(b, b"\t\n").is_none();
    if plain {
        // The text as brief writes it: hashed in place, in three pieces, without copying.
        if let Some(at) = memchr::memmem::rfind(b, HASH_LINE_START.as_bytes()) {
            let line_start = at + 1;
            let line_end = t[line_start..]
                .find('\n')
                .map_or(t.len(), |i| line_start + i);
            let line = &t[line_start..line_end];
            if let Some(hash) = line
                .strip_prefix(HASH_KEY)
                .and_then(|l| l.strip_suffix("\"),"))
                .filter(|h| h.len() == 64)
            {
                let mut hasher = Sha256::new();
                hasher.update(&t[..line_start]);
                hasher.update(HASH_NONE);
                hasher.update(&t[line_end..]);
                return hex(&hasher.finalize().into()) == hash;
            }
        }
    }
    normalized_matches_hash(text)
}

/// [`hash_matches`] line by line, with line endings and trailing blanks normalised.
fn normalized_matches_hash(text: &str) -> bool {
    let lines: Vec<&str> = text.trim_end().split('\n').map(str::trim_end).collect();
    // The last hash line: content_hash is the record's last field.
    let Some((at, hash)) = lines.iter().enumerate().rev().find_map(|(i, line)| {
        let hash = line.strip_prefix(HASH_KEY)?.strip_suffix("\"),")?;
        (hash.len() == 64).then_some((i, hash))
    }) else {
        return false;
    };
    hex(&digest_lines(&lines, Some(at))) == hash
}

/// SHA-256 of the text with line endings and trailing whitespace normalised and, if `at` is
/// given, that line read as the unsealed hash line.
fn normalized_digest(text: &str, at: Option<usize>) -> [u8; 32] {
    let lines: Vec<&str> = text.trim_end().split('\n').map(str::trim_end).collect();
    digest_lines(&lines, at)
}

fn digest_lines(lines: &[&str], at: Option<usize>) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            hasher.update(b"\n");
        }
        hasher.update(if Some(i) == at { HASH_NONE } else { line });
    }
    hasher.finalize().into()
}

fn hex(digest: &[u8; 32]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(64);
    for b in digest {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}
