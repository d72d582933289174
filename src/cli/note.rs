//! `brief note` and `brief handout`: the clinical note, or the take-home sheet, of one
//! session, by id or file path.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::{UsageError, data_dir};
use crate::protocol::ProtocolSet;
use crate::session::{Seal, Session, SessionId};
use crate::store::{self, Store};

/// The session named by an id (in the data folder) or a file path, and its seal.
fn read(dir: Option<PathBuf>, id_or_path: &str) -> anyhow::Result<(Session, Seal)> {
    let path = session_path(dir, id_or_path)?;
    Ok(store::read_checked(&path)?)
}

fn warn_if_changed(seal: Seal, shows: &str) {
    if seal.is_changed() {
        // On stderr, so the output itself stays the record's; but nobody uses it unwarned.
        eprintln!(
            "warning: this session file was {}; the {shows} shows what the file says now",
            seal.describe()
        );
    }
}

pub(super) fn note(
    set: &ProtocolSet,
    dir: Option<PathBuf>,
    id_or_path: &str,
) -> anyhow::Result<ExitCode> {
    let (session, seal) = read(dir, id_or_path)?;
    warn_if_changed(seal, "note");
    let now = chrono::Local::now().fixed_offset();
    print!("{}", crate::note::clinical_note(&session, set, now));
    Ok(ExitCode::SUCCESS)
}

/// The file of a session given by id (in the data folder) or by path (which needs no data
/// folder), as `brief note`, `brief handout` and `brief export fhir` take it.
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

pub(super) fn handout(
    set: &ProtocolSet,
    dir: Option<PathBuf>,
    id_or_path: &str,
    out: Option<PathBuf>,
) -> anyhow::Result<ExitCode> {
    let data = dir.clone().or_else(Store::default_dir);
    let (session, seal) = read(dir, id_or_path)?;
    warn_if_changed(seal, "sheet");
    let path = match out {
        Some(path) => {
            // A folder given by hand must exist (a typo is not turned into a new folder).
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            if let Some(parent) = parent.filter(|p| !p.is_dir()) {
                return Err(UsageError(format!(
                    "the folder {} does not exist: create it, or give another --out",
                    parent.display()
                ))
                .into());
            }
            path
        }
        None => data
            .as_deref()
            .and_then(crate::handout::default_dir)
            .map(|d| d.join(crate::handout::file_name(&session.id)))
            .ok_or_else(|| {
                UsageError(
                    "no documents or home folder outside the data folder: give --out FILE.pdf"
                        .to_owned(),
                )
            })?,
    };
    crate::handout::save(&session, set, &path)
        .with_context(|| format!("cannot write the take-home sheet to {}", path.display()))?;
    println!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}
