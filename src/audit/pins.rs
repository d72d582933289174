//! The audit's memory of closed sessions: the seal of each closed session the first time an
//! audit saw it, kept in the supervisor's own data, never on the clinic share.
//!
//! The seal in a session file is a hash anyone who can write the file can recompute. Pins
//! catch that: a closed session whose sealed hash differs from the one pinned, with no new
//! amendment, was changed after the audit first saw it, however it was re-sealed; a pinned
//! session marked open again, or gone from the folder, is listed too. A change that adds
//! amendments is listed as amended since first seen (for review), and the pin follows it.
//!
//! One pin file per audited folder (by its canonical path), `$BRIEF_PINS_DIR` or the user's
//! state folder (`~/.local/state/brief/audit-pins` on Linux): postcard (serde) with a
//! SHA-256 checksum, written atomically, 0600. A pin file that cannot be read is reported and
//! never overwritten.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::SessionSummary;
use crate::session::{Status, Timestamp};
use crate::store;

/// Environment variable naming the folder for the pin files.
pub const PINS_DIR_ENV: &str = "BRIEF_PINS_DIR";

const FORMAT: u32 = 2;

/// What the audit remembers of one closed session (compact: 100,000 of them load in a few
/// milliseconds). Read straight out of the pin file's bytes, never copied.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Pin<'a> {
    /// Session id.
    pub id: &'a str,
    /// Clinician id (so filters apply to sessions no longer there).
    pub clinician: &'a str,
    /// When the session started: seconds since 1970 and the UTC offset in seconds.
    pub created: (i64, i32),
    /// The sealed hash when first seen (or after its last amendment).
    pub hash: [u8; 32],
    /// Amendments it had then.
    pub amendments: u32,
    /// When an audit first saw it closed: seconds since 1970 and the UTC offset in seconds.
    pub first_seen: (i64, i32),
}

fn to_parts(t: Timestamp) -> (i64, i32) {
    (t.timestamp(), t.offset().local_minus_utc())
}

fn from_parts((secs, offset): (i64, i32)) -> Timestamp {
    let offset = chrono::FixedOffset::east_opt(offset)
        .unwrap_or_else(|| chrono::FixedOffset::east_opt(0).expect("UTC is an offset"));
    chrono::DateTime::from_timestamp(secs, 0)
        .unwrap_or_default()
        .with_timezone(&offset)
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct PinFile<'a> {
    format: u32,
    root: &'a str,
    /// Sorted by id.
    #[serde(borrow)]
    pins: Vec<Pin<'a>>,
}

/// A session that differs from what the audit first saw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PinFinding {
    /// Session id.
    pub id: String,
    /// Clinician id.
    pub clinician: String,
    /// When the session started.
    pub created: Timestamp,
    /// The file, if it is still there.
    pub path: Option<PathBuf>,
    /// When an audit first saw it closed.
    pub first_seen: Timestamp,
}

/// What the pins found in one scan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PinReport {
    /// Closed sessions whose seal changed with no new amendment: re-sealed after an edit.
    pub changed_after_seen: Vec<PinFinding>,
    /// Sessions seen closed that are open now.
    pub reopened_after_seen: Vec<PinFinding>,
    /// Sessions seen closed that are no longer in the folder.
    pub missing_after_seen: Vec<PinFinding>,
    /// Closed sessions amended since they were first seen (for review; not a flag).
    pub amended_after_seen: Vec<PinFinding>,
    /// Why the pins could not be kept, if they could not (the audit still runs).
    pub error: Option<String>,
}

/// The folder for pin files: `$BRIEF_PINS_DIR` if set, else the user's state folder.
pub fn default_pins_dir() -> Option<PathBuf> {
    match std::env::var_os(PINS_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("org", "brief", "brief").map(|d| {
            d.state_dir()
                .unwrap_or_else(|| d.data_local_dir())
                .join("audit-pins")
        }),
    }
}

/// Checks the summaries of a whole scan of `dir` against the pins in `pins_dir` and records
/// what is new: closed sessions seen for the first time, and amendments. `now` is when the
/// audit ran. Pins are never kept inside the audited folder.
pub fn check(
    dir: &Path,
    pins_dir: &Path,
    summaries: &[SessionSummary],
    now: Timestamp,
) -> PinReport {
    let mut report = PinReport::default();
    let Some((file, root)) = pin_file(dir, pins_dir) else {
        report.error = Some(
            "the audit's pins cannot be kept inside the audited folder; set BRIEF_PINS_DIR"
                .to_owned(),
        );
        return report;
    };
    let bytes = match read(&file) {
        Ok(bytes) => bytes,
        Err(e) => {
            report.error = Some(e);
            return report;
        }
    };
    let mut pins = match parse(bytes.as_deref(), &file, &root) {
        Ok(pins) => pins,
        Err(e) => {
            // Never overwrite pins that cannot be read: they are the only memory of the seals.
            report.error = Some(e);
            return report;
        }
    };
    // Both lists by id, walked side by side.
    let mut order: Vec<&SessionSummary> = summaries.iter().collect();
    if !order.is_sorted_by(|a, b| a.id <= b.id) {
        order.sort_by(|a, b| a.id.cmp(&b.id));
    }
    let old = std::mem::take(&mut pins.pins);
    let mut next: Vec<Pin<'_>> = Vec::with_capacity(old.len().max(order.len()));
    let mut changed = false;
    let mut old = old.into_iter().peekable();
    let finding = |s: &SessionSummary, pin: &Pin<'_>| PinFinding {
        id: s.id.clone(),
        clinician: s.clinician.to_string(),
        created: s.created,
        path: Some(s.path.clone()),
        first_seen: from_parts(pin.first_seen),
    };
    let missing = |pin: &Pin<'_>| PinFinding {
        id: pin.id.to_owned(),
        clinician: pin.clinician.to_owned(),
        created: from_parts(pin.created),
        path: None,
        first_seen: from_parts(pin.first_seen),
    };
    for s in order {
        // Pins of sessions no longer in the folder, before this one.
        while let Some(pin) = old.next_if(|p| p.id < s.id.as_str()) {
            report.missing_after_seen.push(missing(&pin));
            next.push(pin);
        }
        let hash = s.sealed_hash;
        match (old.next_if(|p| p.id == s.id), hash) {
            (None, Some(hash)) => {
                next.push(Pin {
                    id: &s.id,
                    clinician: &s.clinician,
                    created: to_parts(s.created),
                    hash,
                    amendments: s.amendments,
                    first_seen: to_parts(now),
                });
                changed = true;
            }
            (None, None) => {}
            (Some(mut pin), Some(hash)) if hash != pin.hash => {
                if s.amendments > pin.amendments {
                    report.amended_after_seen.push(finding(s, &pin));
                    pin.hash = hash;
                    pin.amendments = s.amendments;
                    changed = true;
                } else {
                    report.changed_after_seen.push(finding(s, &pin));
                }
                next.push(pin);
            }
            (Some(pin), _) => {
                if s.status == Status::Open {
                    report.reopened_after_seen.push(finding(s, &pin));
                }
                // Otherwise unchanged; or its seal is broken, which the seal itself flags.
                next.push(pin);
            }
        }
    }
    for pin in old {
        report.missing_after_seen.push(missing(&pin));
        next.push(pin);
    }
    pins.pins = next;
    if changed && let Err(e) = save(&file, &pins) {
        report.error = Some(format!("the audit's pins could not be saved: {e}"));
    }
    report
}

/// The pin file for the folder `dir` in `pins_dir`, and the folder's canonical path; `None`
/// when the pins folder would lie inside the audited folder.
fn pin_file(dir: &Path, pins_dir: &Path) -> Option<(PathBuf, String)> {
    let root = fs::canonicalize(dir).ok()?;
    let pins_abs = if pins_dir.is_absolute() {
        pins_dir.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(pins_dir)
    };
    let pins_abs = fs::canonicalize(&pins_abs).unwrap_or(pins_abs);
    if pins_abs.starts_with(&root) {
        return None;
    }
    let root = root.to_string_lossy().into_owned();
    let digest = sha2::Sha256::digest(root.as_bytes());
    let mut name = String::from("pins-");
    for b in digest.iter().take(12) {
        write!(name, "{b:02x}").ok()?;
    }
    name.push_str(".pins");
    Some((pins_abs.join(name), root))
}

/// The pin file's bytes; `None` when there is none yet.
fn read(file: &Path) -> Result<Option<Vec<u8>>, String> {
    match fs::read(file) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!(
            "the audit's pins {} cannot be read: {e}",
            file.display()
        )),
    }
}

/// The pins in a pin file's bytes (none: no pins yet), checked whole and of this folder.
fn parse<'a>(bytes: Option<&'a [u8]>, file: &Path, root: &'a str) -> Result<PinFile<'a>, String> {
    let Some(bytes) = bytes else {
        return Ok(PinFile {
            format: FORMAT,
            root,
            pins: Vec::new(),
        });
    };
    let damaged = || {
        format!(
            "the audit's pins {} are damaged; they were left as they are",
            file.display()
        )
    };
    let body_len = bytes.len().checked_sub(32).ok_or_else(damaged)?;
    let (body, sum) = bytes.split_at(body_len);
    if sha2::Sha256::digest(body).as_slice() != sum {
        return Err(damaged());
    }
    let pins: PinFile<'a> = postcard::from_bytes(body).map_err(|_e| damaged())?;
    if pins.format != FORMAT || pins.root != root {
        return Err(format!(
            "{} holds pins of another format or folder; left as it is",
            file.display()
        ));
    }
    Ok(pins)
}

fn save(file: &Path, pins: &PinFile<'_>) -> Result<(), String> {
    let mut bytes = postcard::to_allocvec(pins).map_err(|e| e.to_string())?;
    let sum = sha2::Sha256::digest(&bytes);
    bytes.extend_from_slice(&sum);
    store::write_atomic(file, &bytes).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::scan::summarize_text;
    use crate::session::{Change, hash_of_unsealed};

    fn summary_of(s: &crate::session::Session) -> SessionSummary {
        summarize_text(PathBuf::from(format!("{}.ron", s.id)), &s.to_ron().unwrap()).unwrap()
    }

    /// The file text of `s` changed by `edit` and sealed again, as an attacker would.
    fn resealed(s: &crate::session::Session, edit: (&str, &str)) -> SessionSummary {
        let mut unsealed = s.clone();
        unsealed.content_hash = None;
        let text = unsealed.to_ron().unwrap().replace(edit.0, edit.1);
        let hash = hash_of_unsealed(&text);
        let text = text.replace(
            " content_hash: None,",
            &format!(" content_hash: Some(\"{hash}\"),"),
        );
        summarize_text(PathBuf::from("x.ron"), &text).unwrap()
    }

    #[test]
    fn a_resealed_edit_is_caught_an_amendment_is_listed_and_a_deleted_session_is_missed() {
        let data = tempfile::tempdir().unwrap();
        let pins = tempfile::tempdir().unwrap();
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00+01:00").unwrap();
        let closed = crate::session::tests::closed_session();
        let first = check(data.path(), pins.path(), &[summary_of(&closed)], t);
        assert_eq!(first, PinReport::default(), "first seen: nothing to report");

        let again = check(data.path(), pins.path(), &[summary_of(&closed)], t);
        assert_eq!(again, PinReport::default(), "unchanged: nothing to report");

        let forged = resealed(&closed, ("Agreed a plan", "No plan needed"));
        assert_eq!(
            forged.seal,
            crate::session::Seal::Intact,
            "the forgery reads sealed"
        );
        let caught = check(data.path(), pins.path(), &[forged], t);
        assert_eq!(
            caught.changed_after_seen.len(),
            1,
            "the re-sealed edit is caught"
        );
        assert_eq!(
            caught.changed_after_seen[0].first_seen, t,
            "with when it was first seen"
        );

        let mut amended = closed.clone();
        amended
            .apply(
                Change::Amend {
                    by: "c-lee".to_owned(),
                    reason: "typo".to_owned(),
                    change: Box::new(Change::SetSummary("Agreed a plan.".to_owned())),
                },
                t,
            )
            .unwrap();
        let listed = check(data.path(), pins.path(), &[summary_of(&amended)], t);
        assert_eq!(listed.amended_after_seen.len(), 1, "an amendment is listed");
        assert!(listed.changed_after_seen.is_empty(), "and not flagged");
        let settled = check(data.path(), pins.path(), &[summary_of(&amended)], t);
        assert_eq!(
            settled,
            PinReport::default(),
            "the pin follows the amendment"
        );

        let gone = check(data.path(), pins.path(), &[], t);
        assert_eq!(
            gone.missing_after_seen.len(),
            1,
            "a deleted session is missed"
        );
        assert_eq!(
            gone.missing_after_seen[0].id,
            closed.id.to_string(),
            "by id"
        );
    }

    #[test]
    fn damaged_pins_are_reported_and_never_overwritten() {
        let data = tempfile::tempdir().unwrap();
        let pins = tempfile::tempdir().unwrap();
        let t = chrono::DateTime::parse_from_rfc3339("2026-11-30T10:00:00+01:00").unwrap();
        let closed = crate::session::tests::closed_session();
        check(data.path(), pins.path(), &[summary_of(&closed)], t);
        let file = std::fs::read_dir(pins.path())
            .unwrap()
            .next()
            .unwrap()
            .unwrap()
            .path();
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[10] ^= 0xff;
        std::fs::write(&file, &bytes).unwrap();
        let report = check(data.path(), pins.path(), &[summary_of(&closed)], t);
        assert!(
            report
                .error
                .as_deref()
                .is_some_and(|e| e.contains("damaged")),
            "the damage is reported: {report:?}"
        );
        assert_eq!(
            std::fs::read(&file).unwrap(),
            bytes,
            "and the file left as it was"
        );
        let inside = check(data.path(), &data.path().join("pins"), &[], t);
        assert!(
            inside.error.is_some(),
            "pins inside the audited folder are refused"
        );
    }
}
