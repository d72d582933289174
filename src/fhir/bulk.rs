//! A folder of sessions as HL7 Bulk Data output: one NDJSON file per resource type, an
//! `error.ndjson` of `OperationOutcome`s for what could not be exported, and a `manifest.json`
//! (`transactionTime`, `output` with type, URL and count per file, `error`), written last, so a
//! folder with a manifest is a finished export.
//!
//! The folder is walked by [`store::walk`], the walk every listing uses (regular `*.ron` files
//! only, links never followed, pipes never opened) and each file read by [`store::read_text`].
//! Files are taken in path order, a chunk at a time: a chunk is read, parsed and turned into
//! NDJSON lines in parallel (rayon), then written in order, so memory holds one chunk of lines,
//! never the clinic's sessions, and the output is the same on every run. A session id found in
//! more than one file is exported once, from the file the listings count ([`store::dedupe`]:
//! the one named `<id>.ron`, else the first by path). Session files are only read.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fs::{self, File, OpenOptions};
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::model::OperationOutcome;
use super::{FhirError, Options, is_inside, questionnaire, session_resources};
use crate::protocol::ProtocolSet;
use crate::session::{FORMAT_VERSION, Seal, Session, Timestamp, hash_matches, seal_with};
use crate::store::{self, StoreError};

/// The resource types of the output, in the manifest's order.
pub const TYPES: [&str; 6] = [
    "Questionnaire",
    "QuestionnaireResponse",
    "Observation",
    "Procedure",
    "ServiceRequest",
    "Goal",
];

/// The error file's name.
pub const ERROR_FILE: &str = "error.ndjson";

/// The manifest's name.
pub const MANIFEST: &str = "manifest.json";

/// Files per chunk: enough to keep every core busy, few enough to keep memory small.
const CHUNK: usize = 4096;

/// Which sessions to export.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Started on or after this day.
    pub from: Option<NaiveDate>,
    /// Started on or before this day.
    pub to: Option<NaiveDate>,
    /// Only this clinician's.
    pub clinician: Option<String>,
    /// Changed on or after this day (started, a step, an answer, closed or amended).
    pub since: Option<NaiveDate>,
}

impl Filters {
    /// True when the session is to be exported.
    pub fn matches(&self, s: &Session) -> bool {
        let date = s.created.date_naive();
        self.from.is_none_or(|from| from <= date)
            && self.to.is_none_or(|to| date <= to)
            && self.clinician.as_ref().is_none_or(|c| *c == s.clinician)
            && self
                .since
                .is_none_or(|since| last_changed(s).date_naive() >= since)
    }
}

/// The latest time a session records: when it started, a step was entered or left, an answer,
/// component, readiness note, safety flag or profile change was recorded, it closed or was
/// amended.
pub fn last_changed(s: &Session) -> Timestamp {
    let mut latest = s.created;
    let mut see = |t: Option<&Timestamp>| {
        if let Some(t) = t
            && *t > latest
        {
            latest = *t;
        }
    };
    see(s.closed.as_ref());
    for st in &s.steps {
        see(st.entered.as_ref());
        see(st.left.as_ref());
    }
    s.screenings.iter().for_each(|x| see(Some(&x.time)));
    s.coverage.iter().for_each(|x| see(Some(&x.time)));
    s.readiness.iter().for_each(|x| see(x.time.as_ref()));
    s.profile_changes.iter().for_each(|x| see(Some(&x.time)));
    s.amendments.iter().for_each(|x| see(Some(&x.time)));
    for f in &s.safety {
        see(Some(&f.raised));
        see(f.cleared.as_ref());
        see(f.response.as_ref().map(|r| &r.time));
    }
    latest
}

/// What an export wrote.
#[derive(Debug, Default)]
pub struct Written {
    /// Sessions exported.
    pub sessions: usize,
    /// Resources written per type, in [`TYPES`] order (types with none left out).
    pub counts: Vec<(&'static str, usize)>,
    /// Outcomes in the error file with severity `error` (files not exported).
    pub errors: usize,
    /// Outcomes with severity `warning` (exported, but see why; or a duplicate left out).
    pub warnings: usize,
    /// The manifest.
    pub manifest: PathBuf,
}

/// One file's part of the export.
enum Got {
    /// A session: its id, and its lines when it is to be exported.
    Session {
        id: String,
        path: PathBuf,
        lines: Option<Box<Lines>>,
    },
    /// Not a readable session.
    Unreadable { path: PathBuf, reason: String },
}

/// A session's NDJSON lines, by type (in [`TYPES`] order), and the forms they answer.
#[derive(Default)]
struct Lines {
    bytes: [Vec<u8>; TYPES.len()],
    counts: [usize; TYPES.len()],
    forms: Vec<(String, Option<String>)>,
    /// Warnings about the session (written to the error file).
    warnings: Vec<String>,
}

/// The manifest (HL7 Bulk Data Access, "complete" response).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Manifest<'a> {
    transaction_time: String,
    request: &'a str,
    requires_access_token: bool,
    output: Vec<ManifestFile>,
    error: Vec<ManifestFile>,
}

#[derive(Serialize)]
struct ManifestFile {
    #[serde(rename = "type")]
    kind: &'static str,
    /// Relative to the manifest.
    url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<usize>,
}

/// The open output files.
struct Files {
    dir: PathBuf,
    writers: [Option<BufWriter<File>>; TYPES.len()],
    counts: [usize; TYPES.len()],
    errors: Option<BufWriter<File>>,
    error_count: usize,
    warning_count: usize,
}

impl Files {
    fn open(dir: &Path, name: &str) -> Result<BufWriter<File>, FhirError> {
        let path = dir.join(name);
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let file = options.open(&path).map_err(|error| FhirError::Io {
            action: "cannot write",
            path,
            error,
        })?;
        Ok(BufWriter::with_capacity(1 << 20, file))
    }

    fn io(&self, name: &str) -> impl FnOnce(std::io::Error) -> FhirError + use<> {
        let path = self.dir.join(name);
        move |error| FhirError::Io {
            action: "cannot write",
            path,
            error,
        }
    }

    fn write(&mut self, kind: usize, bytes: &[u8], count: usize) -> Result<(), FhirError> {
        if count == 0 {
            return Ok(());
        }
        let name = format!("{}.ndjson", TYPES[kind]);
        if self.writers[kind].is_none() {
            self.writers[kind] = Some(Self::open(&self.dir, &name)?);
        }
        let err = self.io(&name);
        if let Some(w) = self.writers[kind].as_mut() {
            w.write_all(bytes).map_err(err)?;
        }
        self.counts[kind] += count;
        Ok(())
    }

    fn outcome(&mut self, o: &OperationOutcome) -> Result<(), FhirError> {
        if self.errors.is_none() {
            self.errors = Some(Self::open(&self.dir, ERROR_FILE)?);
        }
        let err = self.io(ERROR_FILE);
        if let Some(w) = self.errors.as_mut() {
            serde_json::to_writer(&mut *w, o)
                .map_err(std::io::Error::from)
                .and_then(|()| w.write_all(b"\n"))
                .map_err(err)?;
        }
        for issue in &o.issue {
            if issue.severity == "error" {
                self.error_count += 1;
            } else {
                self.warning_count += 1;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<([usize; TYPES.len()], bool, usize, usize), FhirError> {
        let Self {
            dir,
            writers,
            counts,
            errors,
            error_count,
            warning_count,
        } = self;
        let flush = |w: Option<BufWriter<File>>, name: &str| -> Result<(), FhirError> {
            if let Some(w) = w {
                let path = dir.join(name);
                let file = w.into_inner().map_err(|e| FhirError::Io {
                    action: "cannot write",
                    path: path.clone(),
                    error: e.into_error(),
                })?;
                file.sync_all().map_err(|error| FhirError::Io {
                    action: "cannot flush",
                    path,
                    error,
                })?;
            }
            Ok(())
        };
        for (kind, w) in writers.into_iter().enumerate() {
            flush(w, &format!("{}.ndjson", TYPES[kind]))?;
        }
        let has_errors = errors.is_some();
        flush(errors, ERROR_FILE)?;
        Ok((counts, has_errors, error_count, warning_count))
    }
}

/// Makes `out` ready: created owner-only if missing; an earlier export there (a manifest) is
/// replaced; any other non-empty folder is refused, so nothing of the user's is overwritten.
fn prepare(out: &Path) -> Result<(), FhirError> {
    match fs::read_dir(out) {
        Ok(entries) => {
            let names: Vec<String> = entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            if names.is_empty() {
                return Ok(());
            }
            let ours = |n: &str| {
                n == MANIFEST || n == ERROR_FILE || TYPES.iter().any(|t| n == format!("{t}.ndjson"))
            };
            if !names.iter().any(|n| n == MANIFEST) || !names.iter().all(|n| ours(n)) {
                return Err(FhirError::Io {
                    action: "will not write into",
                    path: out.to_path_buf(),
                    error: std::io::Error::other(
                        "the folder is not empty and holds no earlier export (manifest.json): give an empty or new folder",
                    ),
                });
            }
            // The manifest goes first: a half-replaced folder is never taken for a finished one.
            for name in std::iter::once(MANIFEST.to_owned()).chain(names) {
                let path = out.join(&name);
                match fs::remove_file(&path) {
                    Ok(()) => {}
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(error) => {
                        return Err(FhirError::Io {
                            action: "cannot replace",
                            path,
                            error,
                        });
                    }
                }
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            store::create_private_dir(out).map_err(FhirError::from)
        }
        Err(error) => Err(FhirError::Io {
            action: "cannot read",
            path: out.to_path_buf(),
            error,
        }),
    }
}

/// Reads a session file's text as a session, the quick way when it is in the plain layout
/// brief writes (the audit's deserializer), else through the store, which migrates older
/// formats and says why a file cannot be read.
fn parse(path: &Path, text: &str) -> Result<(Session, Seal), StoreError> {
    let sealed = hash_matches(text);
    let fast = if sealed {
        crate::audit::fast::from_sealed_str::<Session>(text)
    } else {
        crate::audit::fast::from_str::<Session>(text)
    };
    match fast {
        Ok(session) if session.version == FORMAT_VERSION => {
            let seal = seal_with(session.seal_facts(), || sealed);
            Ok((session, seal))
        }
        _ => store::parse_checked(path, text),
    }
}

/// A path as the error file names it: relative to the exported folder.
fn shown(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).display().to_string()
}

/// Reads one file, and makes its lines when `filters` take it.
fn work(
    dir: &Path,
    path: PathBuf,
    buf: &mut Vec<u8>,
    set: &ProtocolSet,
    filters: &Filters,
    options: Options<'_>,
) -> Got {
    let text = match store::read_text(&path, buf) {
        Ok(text) => text,
        Err(e) => {
            return Got::Unreadable {
                reason: e.to_string(),
                path,
            };
        }
    };
    let (session, seal) = match parse(&path, text) {
        Ok(parsed) => parsed,
        Err(e) => {
            return Got::Unreadable {
                reason: e.to_string(),
                path,
            };
        }
    };
    let id = session.id.as_str().to_owned();
    if !filters.matches(&session) {
        return Got::Session {
            id,
            path,
            lines: None,
        };
    }
    let exported = match session_resources(&session, set, options) {
        Ok(e) => e,
        Err(e) => {
            return Got::Unreadable {
                reason: format!("{}: {e}", path.display()),
                path,
            };
        }
    };
    let mut lines = Lines::default();
    let where_ = shown(dir, &path);
    if seal.is_changed() {
        lines.warnings.push(format!(
            "{where_}: this session file was {}; exported as the file says now",
            seal.describe()
        ));
    }
    for note in exported.notes {
        lines.warnings.push(format!("{where_}: {note}"));
    }
    for (ins, substance) in exported.forms {
        lines
            .forms
            .push((ins.id.clone(), substance.map(str::to_owned)));
    }
    for r in &exported.resources {
        let Some(kind) = TYPES.iter().position(|t| *t == r.kind()) else {
            continue;
        };
        let out = &mut lines.bytes[kind];
        // Plain data: serialising into memory cannot fail.
        serde_json::to_writer(&mut *out, r).ok();
        out.push(b'\n');
        lines.counts[kind] += 1;
    }
    Got::Session {
        id,
        path,
        lines: Some(Box::new(lines)),
    }
}

/// Exports the sessions in `dir` (searched recursively) to `out` as Bulk Data NDJSON.
/// `request` is what the manifest says was asked (the command line); `progress` is told
/// (files done, files found) after each chunk.
pub fn export(
    set: &ProtocolSet,
    dir: &Path,
    out: &Path,
    filters: &Filters,
    options: Options<'_>,
    (transaction_time, request): (Timestamp, &str),
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Written, FhirError> {
    if is_inside(out, dir) {
        return Err(FhirError::InsideDataFolder {
            path: out.to_path_buf(),
            data: dir.to_path_buf(),
        });
    }
    fs::read_dir(dir).map_err(|error| FhirError::Io {
        action: "cannot read the folder",
        path: dir.to_path_buf(),
        error,
    })?;
    prepare(out)?;
    let walk = store::walk(dir, false);
    let mut files = Files {
        dir: out.to_path_buf(),
        writers: Default::default(),
        counts: [0; TYPES.len()],
        errors: None,
        error_count: 0,
        warning_count: 0,
    };
    let mut skipped = walk.skipped;
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    for u in &skipped {
        files.outcome(&OperationOutcome::one(
            "error",
            "processing",
            format!("{}: {}", shown(dir, &u.path), u.reason),
        ))?;
    }
    let mut paths: Vec<PathBuf> = walk.files.into_iter().map(|f| f.path).collect();
    paths.sort();
    let total = paths.len();
    // The ids some file is named after: a copy found before its `<id>.ron` waits for it.
    let named: HashSet<String> = paths
        .iter()
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_owned))
        .collect();
    let mut counted: HashMap<String, PathBuf> = HashMap::with_capacity(total);
    let mut waiting: Vec<PathBuf> = Vec::new();
    let mut forms: BTreeSet<(String, Option<String>)> = BTreeSet::new();
    let mut sessions = 0;
    let run = |chunk: &[PathBuf]| -> Vec<Got> {
        chunk
            .par_iter()
            .map_init(Vec::new, |buf, p| {
                work(dir, p.clone(), buf, set, filters, options)
            })
            .collect()
    };
    let mut done = 0;
    for chunk in paths.chunks(CHUNK) {
        for got in run(chunk) {
            take(
                got,
                dir,
                &named,
                &mut counted,
                Some(&mut waiting),
                &mut files,
                &mut forms,
                &mut sessions,
            )?;
        }
        done += chunk.len();
        progress(done, total);
    }
    // Copies whose `<id>.ron` turned out not to hold that session: the first by path counts.
    for got in run(&waiting) {
        take(
            got,
            dir,
            &named,
            &mut counted,
            None,
            &mut files,
            &mut forms,
            &mut sessions,
        )?;
    }
    for (id, substance) in &forms {
        let Some(ins) = set.instrument(id) else {
            continue;
        };
        match questionnaire(set, ins, substance.as_deref()) {
            Some(q) => {
                let mut line = serde_json::to_vec(&super::model::Resource::Questionnaire(q))
                    .unwrap_or_default();
                line.push(b'\n');
                files.write(0, &line, 1)?;
            }
            None => files.outcome(&OperationOutcome::one(
                "warning",
                "suppressed",
                format!(
                    "the Questionnaire of \"{id}\" is not exported: the clinic holds no licence to pass its wording on"
                ),
            ))?,
        }
    }
    let (counts, has_errors, errors, warnings) = files.finish()?;
    let manifest = Manifest {
        transaction_time: super::time(&transaction_time),
        request,
        requires_access_token: false,
        output: TYPES
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| ManifestFile {
                kind: t,
                url: format!("{t}.ndjson"),
                count: Some(n),
            })
            .collect(),
        error: if has_errors {
            vec![ManifestFile {
                kind: "OperationOutcome",
                url: ERROR_FILE.to_owned(),
                count: None,
            }]
        } else {
            Vec::new()
        },
    };
    let mut text = serde_json::to_string_pretty(&manifest).unwrap_or_default();
    text.push('\n');
    let manifest_path = out.join(MANIFEST);
    store::write_atomic(&manifest_path, text.as_bytes())?;
    Ok(Written {
        sessions,
        counts: TYPES
            .iter()
            .zip(counts)
            .filter(|(_, n)| *n > 0)
            .map(|(t, n)| (*t, n))
            .collect(),
        errors,
        warnings,
        manifest: manifest_path,
    })
}

/// Writes one file's part, in path order, counting each session id once.
#[expect(
    clippy::too_many_arguments,
    reason = "the export's running state, in one place"
)]
fn take(
    got: Got,
    dir: &Path,
    named: &HashSet<String>,
    counted: &mut HashMap<String, PathBuf>,
    waiting: Option<&mut Vec<PathBuf>>,
    files: &mut Files,
    forms: &mut BTreeSet<(String, Option<String>)>,
    sessions: &mut usize,
) -> Result<(), FhirError> {
    let (id, path, lines) = match got {
        Got::Unreadable { path, reason } => {
            let reason = reason.replace(&path.display().to_string(), &shown(dir, &path));
            let reason = if reason.starts_with(&shown(dir, &path)) {
                reason
            } else {
                format!("{}: {reason}", shown(dir, &path))
            };
            return files.outcome(&OperationOutcome::one("error", "processing", reason));
        }
        Got::Session { id, path, lines } => (id, path, lines),
    };
    if let Some(first) = counted.get(&id) {
        return files.outcome(&OperationOutcome::one(
            "warning",
            "duplicate",
            format!(
                "{}: the same session as {} (exported once, from that file)",
                shown(dir, &path),
                shown(dir, first)
            ),
        ));
    }
    let is_named = path.file_stem().and_then(|s| s.to_str()) == Some(id.as_str());
    if let Some(waiting) = waiting
        && !is_named
        && named.contains(&id)
    {
        waiting.push(path);
        return Ok(());
    }
    counted.insert(id, path);
    let Some(lines) = lines else {
        return Ok(());
    };
    *sessions += 1;
    for w in &lines.warnings {
        files.outcome(&OperationOutcome::one(
            "warning",
            "informational",
            w.clone(),
        ))?;
    }
    for (kind, bytes) in lines.bytes.iter().enumerate() {
        files.write(kind, bytes, lines.counts[kind])?;
    }
    forms.extend(lines.forms);
    Ok(())
}
