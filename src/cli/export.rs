//! `brief export fhir`: one session as a FHIR R4 transaction Bundle, or a folder of sessions as
//! Bulk Data NDJSON with a manifest. Session files are only read.

use std::fmt::Write as _;
use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use super::note::session_path;
use super::{FhirArgs, UsageError, data_dir};
use crate::fhir::{self, Options, bulk};
use crate::protocol::ProtocolSet;
use crate::session::{SessionId, Status};
use crate::store::{self, Store};
use crate::terminal::shown_path;

pub(super) fn fhir(
    set: &ProtocolSet,
    data: Option<PathBuf>,
    args: FhirArgs,
) -> anyhow::Result<ExitCode> {
    let FhirArgs {
        target,
        out,
        from,
        to,
        clinician,
        since,
        patient_system,
    } = args;
    if let Some(system) = &patient_system
        && (!system.contains(':') || system.chars().any(char::is_whitespace))
    {
        return Err(UsageError(format!(
            "--patient-system \"{system}\" is not an absolute URI (such as urn:oid:1.2.3 or https://example.org/pseudonyms)"
        ))
        .into());
    }
    let options = Options {
        patient_system: patient_system.as_deref(),
    };
    let is_session = target.as_deref().is_some_and(|t| {
        SessionId::parse(t).is_some() || std::fs::symlink_metadata(t).is_ok_and(|m| !m.is_dir())
    });
    if let (true, Some(target)) = (is_session, target.as_deref()) {
        if from.is_some() || to.is_some() || clinician.is_some() || since.is_some() {
            return Err(UsageError(
                "--from, --to, --clinician and --since choose sessions of a folder; give a folder, not one session".to_owned(),
            )
            .into());
        }
        return one(set, data, target, out.as_deref(), options);
    }
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(UsageError(format!("--from {from} is after --to {to}")).into());
    }
    let dir = match target {
        Some(t) if std::fs::symlink_metadata(&t).is_err() => {
            return Err(UsageError(format!(
                "no session file or folder \"{t}\" (give a session id, a session file or a folder of sessions)"
            ))
            .into());
        }
        Some(t) => PathBuf::from(t),
        None => data_dir(data)?,
    };
    let Some(out) = out else {
        return Err(UsageError(format!(
            "a folder export needs a folder to write to: brief export fhir {} --out DIR",
            shown_path(&dir)
        ))
        .into());
    };
    if fhir::is_inside(&out, &dir) {
        return Err(UsageError(
            fhir::FhirError::InsideDataFolder {
                path: out,
                data: dir,
            }
            .to_string(),
        )
        .into());
    }
    std::fs::read_dir(&dir).with_context(|| {
        format!(
            "cannot read the folder {} (give a session id, a session file or a folder of sessions)",
            dir.display()
        )
    })?;
    let mut request = "brief export fhir".to_owned();
    for (flag, value) in [
        ("--from", from.map(|d| d.to_string())),
        ("--to", to.map(|d| d.to_string())),
        ("--clinician", clinician.clone()),
        ("--since", since.map(|d| d.to_string())),
    ] {
        if let Some(v) = value {
            write!(request, " {flag} {v}").ok();
        }
    }
    let filters = bulk::Filters {
        from,
        to,
        clinician,
        since,
    };
    let terminal = std::io::stderr().is_terminal();
    let mut progress = |done: usize, total: usize| {
        if terminal {
            eprint!("\rexporting: {done}/{total} files");
            std::io::stderr().flush().ok();
        }
    };
    let now = chrono::Local::now().fixed_offset();
    let written = bulk::export(
        set,
        &dir,
        &out,
        &filters,
        options,
        (now, &request),
        &mut progress,
    );
    if terminal {
        eprintln!();
    }
    let written = written?;
    let counts: Vec<String> = written
        .counts
        .iter()
        .map(|(t, n)| format!("{n} {t}"))
        .collect();
    eprintln!(
        "exported {} session(s) to {}: {}",
        written.sessions,
        shown_path(&out),
        if counts.is_empty() {
            "no resources".to_owned()
        } else {
            counts.join(", ")
        }
    );
    if written.errors + written.warnings > 0 {
        eprintln!(
            "{} file(s) not exported and {} warning(s): see {}",
            written.errors,
            written.warnings,
            shown_path(&out.join(bulk::ERROR_FILE))
        );
    }
    eprintln!("manifest: {}", shown_path(&written.manifest));
    Ok(ExitCode::SUCCESS)
}

/// The data folder a session file lies in: the folder above its `sessions` folder.
fn data_folder_of(path: &Path) -> Option<PathBuf> {
    path.ancestors()
        .find(|a| a.file_name().is_some_and(|n| n == "sessions"))
        .and_then(Path::parent)
        .map(Path::to_path_buf)
}

fn one(
    set: &ProtocolSet,
    data: Option<PathBuf>,
    target: &str,
    out: Option<&Path>,
    options: Options<'_>,
) -> anyhow::Result<ExitCode> {
    let path = session_path(data.clone(), target)?;
    let (session, seal) = store::read_checked(&path)?;
    if seal.is_changed() {
        eprintln!(
            "warning: this session file was {}; the bundle holds what the file says now",
            seal.describe()
        );
    }
    if session.status == Status::Open {
        eprintln!(
            "note: the session is still open: its screenings are exported as preliminary, without the brief intervention (Procedure), goal or referral; close it for the full record"
        );
    }
    let notes = if let Some(file) = out {
        // Never into a data folder: the one given, the default one, the session's own.
        let folders = [
            data.or_else(Store::default_dir),
            data_folder_of(&path.canonicalize().unwrap_or_else(|_| path.clone())),
        ];
        for folder in folders.iter().flatten() {
            if fhir::is_inside(file, folder) {
                return Err(UsageError(
                    fhir::FhirError::InsideDataFolder {
                        path: file.to_path_buf(),
                        data: folder.clone(),
                    }
                    .to_string(),
                )
                .into());
            }
        }
        let notes = fhir::write_bundle(file, &session, set, options, None)?;
        eprintln!(
            "wrote the FHIR bundle of {} to {}",
            session.id,
            shown_path(file)
        );
        notes
    } else {
        let (text, notes) = fhir::bundle_json(&session, set, options)?;
        let mut stdout = std::io::stdout().lock();
        match stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush())
        {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            other => other.context("cannot write the bundle")?,
        }
        notes
    };
    for n in notes {
        eprintln!("note: {n}");
    }
    Ok(ExitCode::SUCCESS)
}
