//! Session ids: unique across machines and sortable by creation time.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// `YYYYMMDD-HHMMSS-xxxxxxxxxxxxxxxx`: the UTC creation time, then 64 random bits.
///
/// Sorting ids as strings sorts sessions by creation time; the random part keeps two machines
/// (or two sessions in one second) apart.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[serde(try_from = "String", into = "String")]
pub struct SessionId(String);

impl TryFrom<String> for SessionId {
    type Error = String;

    /// Only ids of the right shape load, so an id edited into a path (`../x`) never reaches
    /// the file system.
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text).ok_or_else(|| {
            format!("\"{text}\" is not a session id (YYYYMMDD-HHMMSS-16 hex digits)")
        })
    }
}

impl From<SessionId> for String {
    fn from(id: SessionId) -> Self {
        id.0
    }
}

impl SessionId {
    /// A new id for a session created at `time`.
    pub fn new(time: DateTime<Utc>) -> Self {
        let mut bytes = [0u8; 8];
        // Without the OS's randomness, fall back to the clock's nanoseconds and the pid: still
        // unique enough on one machine.
        if getrandom::fill(&mut bytes).is_err() {
            let fallback =
                u64::from(time.timestamp_subsec_nanos()) ^ (u64::from(std::process::id()) << 32);
            bytes = fallback.to_le_bytes();
        }
        Self::from_parts(time, u64::from_le_bytes(bytes))
    }

    /// An id from a time and a chosen random part (for the demo generator and tests).
    pub fn from_parts(time: DateTime<Utc>, random: u64) -> Self {
        Self(format!("{}-{random:016x}", time.format("%Y%m%d-%H%M%S")))
    }

    /// Parses an id typed by a user; `None` unless it has the id's shape.
    pub fn parse(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let ok = b.len() == 32
            && b.iter().enumerate().all(|(i, c)| match i {
                8 | 15 => *c == b'-',
                0..=14 => c.is_ascii_digit(),
                _ => c.is_ascii_hexdigit(),
            });
        ok.then(|| Self(text.to_owned()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The year and month folders (`YYYY`, `MM`) this session is stored under.
    pub fn year_month(&self) -> (&str, &str) {
        (
            self.0.get(0..4).unwrap_or("0000"),
            self.0.get(4..6).unwrap_or("00"),
        )
    }
}

impl fmt::Display for SessionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_sort_by_time_and_parse_back() {
        let early = SessionId::new("2026-01-02T03:04:05Z".parse().unwrap());
        let late = SessionId::new("2026-11-02T03:04:05Z".parse().unwrap());
        assert!(early < late, "ids sort by creation time");
        assert_eq!(
            SessionId::parse(early.as_str()),
            Some(early.clone()),
            "an id parses back"
        );
        assert_eq!(
            early.year_month(),
            ("2026", "01"),
            "stored under its year and month"
        );
        assert_eq!(
            SessionId::parse("../../etc/passwd"),
            None,
            "a path is not an id"
        );
        assert_ne!(
            SessionId::new(Utc::now()),
            SessionId::new(Utc::now()),
            "two ids in one second differ"
        );
    }
}
