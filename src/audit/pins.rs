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

use std::collections::HashMap;
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

const FORMAT: u32 = 1;

/// What the audit remembers of one closed session.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct Pin {
    /// Clinician id (so filters apply to sessions no longer there).
    pub clinician: String,
    /// When the session started.
    pub created: Timestamp,
    /// The sealed hash when first seen (or after its last amendment).
    pub hash: String,
    /// Amendments it had then.
    pub amendments: u32,
    /// When an audit first saw it closed.
    pub first_seen: Timestamp,
}

#[derive(Debug, Default, Deserialize, Serialize)]
struct PinFile {
    format: u32,
    root: String,
    pins: HashMap<String, Pin>,
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
    let mut pins = match load(&file, &root) {
        Ok(pins) => pins,
        Err(e) => {
            // Never overwrite pins that cannot be read: they are the only memory of the seals.
            report.error = Some(e);
            return report;
        }
    };
    let mut changed = false;
    let mut seen = std::collections::HashSet::with_capacity(summaries.len());
    for s in summaries {
        seen.insert(s.id.as_str());
        let finding = |pin: &Pin| PinFinding {
            id: s.id.clone(),
            clinician: s.clinician.clone(),
            created: s.created,
            path: Some(s.path.clone()),
            first_seen: pin.first_seen,
        };
        match (pins.pins.get_mut(&s.id), &s.sealed_hash) {
            (None, Some(hash)) => {
                pins.pins.insert(
                    s.id.clone(),
                    Pin {
                        clinician: s.clinician.clone(),
                        created: s.created,
                        hash: hash.clone(),
                        amendments: s.amendments,
                        first_seen: now,
                    },
                );
                changed = true;
            }
            (Some(pin), Some(hash)) if *hash != pin.hash => {
                if s.amendments > pin.amendments {
                    report.amended_after_seen.push(finding(pin));
                    pin.hash.clone_from(hash);
                    pin.amendments = s.amendments;
                    changed = true;
                } else {
                    report.changed_after_seen.push(finding(pin));
                }
            }
            (Some(pin), _) if s.status == Status::Open => {
                report.reopened_after_seen.push(finding(pin));
            }
            // Unchanged; or its seal is broken, which the seal itself flags.
            _ => {}
        }
    }
    let mut pinned: Vec<(&String, &Pin)> = pins.pins.iter().collect();
    pinned.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (id, pin) in pinned {
        if !seen.contains(id.as_str()) {
            report.missing_after_seen.push(PinFinding {
                id: id.clone(),
                clinician: pin.clinician.clone(),
                created: pin.created,
                path: None,
                first_seen: pin.first_seen,
            });
        }
    }
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

fn load(file: &Path, root: &str) -> Result<PinFile, String> {
    let bytes = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(PinFile {
                format: FORMAT,
                root: root.to_owned(),
                pins: HashMap::new(),
            });
        }
        Err(e) => {
            return Err(format!(
                "the audit's pins {} cannot be read: {e}",
                file.display()
            ));
        }
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
    let pins: PinFile = postcard::from_bytes(body).map_err(|_e| damaged())?;
    if pins.format != FORMAT || pins.root != root {
        return Err(format!(
            "{} holds pins of another format or folder; left as it is",
            file.display()
        ));
    }
    Ok(pins)
}

fn save(file: &Path, pins: &PinFile) -> Result<(), String> {
    let mut bytes = postcard::to_allocvec(pins).map_err(|e| e.to_string())?;
    let sum = sha2::Sha256::digest(&bytes);
    bytes.extend_from_slice(&sum);
    store::write_atomic(file, &bytes).map_err(|e| e.to_string())
}
