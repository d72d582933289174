//! `brief note`: the clinical note of one session, by id or file path.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::{UsageError, data_dir};
use crate::protocol::ProtocolSet;
use crate::session::SessionId;
use crate::store::{self, Store};

pub(super) fn note(
    set: &ProtocolSet,
    dir: Option<PathBuf>,
    id_or_path: &str,
) -> anyhow::Result<ExitCode> {
    let path = session_path(dir, id_or_path)?;
    let (session, seal) = store::read_checked(&path)?;
    if seal.is_changed() {
        // On stderr, so the note itself stays the record's; but nobody pastes it unwarned.
        eprintln!(
            "warning: this session file was {}; the note shows what the file says now",
            seal.describe()
        );
    }
    let now = chrono::Local::now().fixed_offset();
    print!("{}", crate::note::clinical_note(&session, set, now));
    Ok(ExitCode::SUCCESS)
}

/// The file of a session given by id (in the data folder) or by path (which needs no data
/// folder), as `brief note` and `brief export fhir` take it.
pub(super) fn session_path(dir: Option<PathBuf>, id_or_path: &str) -> anyhow::Result<PathBuf> {
    let path = Path::new(id_or_path);
    let is_id = SessionId::parse(id_or_path).is_some();
    if !is_id && std::fs::symlink_metadata(path).is_ok() {
        // A path that exists: read it (a link, pipe or folder is refused by the store, with
        // the reason).
        return Ok(path.to_path_buf());
    }
    let dir = data_dir(dir)?;
    let store = Store::open_existing(&dir)
        .with_context(|| format!("cannot open the data folder {}", dir.display()))?;
    Ok(store
        .resolve(id_or_path)
        .map_err(|e| UsageError(e.to_string()))?)
}
