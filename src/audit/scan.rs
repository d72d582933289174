//! Reads a folder of session files (recursively) into [`SessionSummary`]s, fast.
//!
//! The files are read in parallel (rayon), each worker one file at a time into a buffer it
//! reuses, so memory holds the summaries, never all the texts. A file in the exact layout
//! brief writes is summarised straight from its text (`fast`); anything else — another
//! layout, a hand-edited file, a version-0 file — is parsed in full exactly as before, so the
//! summaries are always those of [`reference_scan`], which reads and parses every file one
//! after the other (kept for tests and benchmarks). With [`CacheMode::Use`], files whose
//! size, times and inode are unchanged since the last scan are not read at all: their
//! summaries come from the [`cache`] instead.

use std::fs::{self, File};
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

use rayon::prelude::*;

use super::SessionSummary;
use super::cache::{self, Cache, Dictionary, Entry, Stamp};
use super::fast;
use crate::session::seal_status;
use crate::store::{self, Unreadable};

/// Environment variable naming the folder for the summary cache (instead of the user's cache
/// folder, e.g. `~/.cache/brief`).
pub const CACHE_DIR_ENV: &str = "BRIEF_CACHE_DIR";

/// Whether to use the summary cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheMode {
    /// Use and update the cache in the user's cache folder.
    Use,
    /// Read every file (`--no-cache`); the cache is neither read nor written.
    Bypass,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct ScanResult {
    /// One summary per readable session file, sorted by id.
    pub summaries: Vec<SessionSummary>,
    /// Files that could not be read, with the reason, sorted by path; they are never written.
    pub unreadable: Vec<Unreadable>,
    /// How many files were read and parsed (the rest came from the cache).
    pub files_read: usize,
}

/// Scans `dir` recursively for `*.ron` session files; with [`CacheMode::Use`], through the
/// cache in [`default_cache_dir`].
pub fn scan(dir: &Path, cache: CacheMode) -> ScanResult {
    match cache {
        CacheMode::Use => scan_with_cache_dir(dir, default_cache_dir().as_deref()),
        CacheMode::Bypass => scan_with_cache_dir(dir, None),
    }
}

/// The folder for the summary cache: `$BRIEF_CACHE_DIR` if set, else the user's cache folder
/// (`~/.cache/brief` on Linux). `None` when there is neither.
pub fn default_cache_dir() -> Option<PathBuf> {
    match std::env::var_os(CACHE_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("org", "brief", "brief")
            .map(|d| d.cache_dir().to_path_buf()),
    }
}

/// The cache file a scan of `dir` with this cache folder reads and writes; `None` when there
/// is none (the data folder cannot be resolved, or the cache folder is inside it).
pub fn cache_file(dir: &Path, cache_dir: &Path) -> Option<PathBuf> {
    cache::file_for(dir, cache_dir).map(|(file, _)| file)
}

/// How many files the cache of `dir` in `cache_dir` knows; `None` when there is no valid
/// cache (missing, damaged, another version). Loads and checks the whole cache file.
pub fn cache_entries(dir: &Path, cache_dir: &Path) -> Option<usize> {
    let (file, root) = cache::file_for(dir, cache_dir)?;
    Cache::load(&file, &root).map(|c| c.len())
}

/// Scans `dir` like [`scan`], with the cache in `cache_dir` (none: read every file, write no
/// cache). A cache folder inside the data folder is never used.
pub fn scan_with_cache_dir(dir: &Path, cache_dir: Option<&Path>) -> ScanResult {
    let Some((file, root)) = cache_dir.and_then(|c| cache::file_for(dir, c)) else {
        let (files, unreadable) = walk(dir, false);
        let got: Vec<Got<'_>> = files
            .into_par_iter()
            .map_init(Vec::new, |buf, found| {
                match read_file(found.path, buf, false) {
                    Ok((summary, _)) => Got::Read(Box::new(summary), None),
                    Err(u) => Got::Unreadable(u),
                }
            })
            .collect();
        return finish(got, unreadable).unwrap_or_else(|| reference_scan(dir));
    };

    // Taken before any file is looked at: a file that changed after this is not cached.
    let now = SystemTime::now();
    // Stamps are taken during the walk only when there is a cache to compare them with; a
    // file that is read gets its stamp from the open file anyway.
    let ((files, unreadable), old) = if file.is_file() {
        rayon::join(|| walk(dir, true), || Cache::load(&file, &root))
    } else {
        (walk(dir, false), None)
    };
    let got: Vec<Got<'_>> = files
        .into_par_iter()
        .map_init(Vec::new, |buf, found| {
            let Found { path, stamp } = found;
            let hit = old
                .as_ref()
                .zip(relative(dir, &path))
                .and_then(|(cache, rel)| cache.get(rel))
                .filter(|entry| stamp.is_some() && entry.stamp() == stamp)
                .and_then(|entry| Some((entry, entry.id()?)));
            if let Some((entry, id)) = hit {
                return Got::Hit { entry, id, path };
            }
            match read_file(path, buf, true) {
                Ok((summary, stamp)) => {
                    Got::Read(Box::new(summary), stamp.filter(|s| s.settled(now)))
                }
                Err(u) => Got::Unreadable(u),
            }
        })
        .collect();

    let hits = got.iter().filter(|g| matches!(g, Got::Hit { .. })).count();
    let added = got.iter().any(|g| matches!(g, Got::Read(_, Some(_))));
    let rewrite = old.is_none() || added || old.as_ref().is_some_and(|c| c.len() != hits);
    // The new cache: the entries of unchanged files as they were, new ones for the files
    // read (and settled). Written while the summaries are put in order.
    let new_cache = rewrite.then(|| NewCache::encode(dir, old.as_ref(), &got));
    let entries = new_cache.as_ref().map(|c| c.entries(&got));
    let ((), result) = rayon::join(
        || {
            if let (Some(new_cache), Some(entries)) = (&new_cache, entries) {
                // A cache that cannot be written only costs time next run.
                if let Some(bytes) = cache::assemble(&root, &new_cache.dict, entries.into_iter()) {
                    cache::write(&file, &bytes).ok();
                }
            }
        },
        || finish(got, unreadable),
    );
    result.unwrap_or_else(|| {
        // An entry that passed the checksum but does not decode: start afresh.
        std::fs::remove_file(&file).ok();
        scan_with_cache_dir(dir, None)
    })
}

/// The parts of the next cache file that are new: the dictionary, and an entry for each file
/// read (and settled).
struct NewCache {
    dict: Dictionary,
    fresh: Vec<Option<Vec<u8>>>,
}

impl NewCache {
    fn encode(dir: &Path, old: Option<&Cache>, got: &[Got<'_>]) -> Self {
        // Words for the dictionary from the first files read: the vocabulary is small.
        let sample = got
            .iter()
            .filter_map(|g| match g {
                Got::Read(summary, Some(_)) => Some(&**summary),
                _ => None,
            })
            .take(2000);
        let dict = Dictionary::new(old, sample);
        let fresh = got
            .par_iter()
            .map(|g| match g {
                Got::Read(summary, Some(stamp)) => relative(dir, &summary.path)
                    .and_then(|rel| cache::encode_entry(&dict, rel, stamp, summary)),
                _ => None,
            })
            .collect();
        Self { dict, fresh }
    }

    /// Every entry of the next cache file, in scan order: kept or new.
    fn entries<'c>(&'c self, got: &[Got<'c>]) -> Vec<&'c [u8]> {
        got.iter()
            .zip(&self.fresh)
            .filter_map(|(g, fresh)| match g {
                Got::Hit { entry, .. } => Some(entry.bytes()),
                _ => fresh.as_deref(),
            })
            .collect()
    }
}

/// A file's path relative to the data folder, as bytes: its key in the cache. Paths found by
/// the walk begin with the folder's own bytes, which is quicker to check than components.
fn relative<'p>(dir: &Path, path: &'p Path) -> Option<&'p [u8]> {
    let (d, p) = (cache::path_bytes(dir)?, cache::path_bytes(path)?);
    match p.strip_prefix(d) {
        Some(rest) if d.ends_with(b"/") => Some(rest),
        Some([b'/', rest @ ..]) => Some(rest),
        _ => path.strip_prefix(dir).ok().and_then(cache::path_bytes),
    }
}

/// One file's fate in a scan.
enum Got<'a> {
    /// Unchanged since its cache entry was written; decoded once the order is known.
    Hit {
        /// The cache entry.
        entry: Entry<'a>,
        /// The session id in it (for sorting).
        id: &'a [u8],
        /// The file.
        path: PathBuf,
    },
    /// Read now, with the stamp to cache it under (none without a cache, or for a file that
    /// has not settled).
    Read(Box<SessionSummary>, Option<Stamp>),
    /// Could not be read.
    Unreadable(Unreadable),
}

impl Got<'_> {
    fn id(&self) -> &[u8] {
        match self {
            Self::Hit { id, .. } => id,
            Self::Read(summary, _) => summary.id.as_bytes(),
            Self::Unreadable(_) => &[],
        }
    }
}

/// Sorts as the reference does — summaries by id, unreadable files by path, both stable —
/// and decodes the cached summaries, in parallel, straight into their place. `None` if a
/// cache entry does not decode.
fn finish(got: Vec<Got<'_>>, mut unreadable: Vec<Unreadable>) -> Option<ScanResult> {
    let files_read = got.iter().filter(|g| !matches!(g, Got::Hit { .. })).count();
    // The id's first 32 bytes (zero-padded) as two numbers decide almost every comparison in
    // the same order as the strings; equal ones fall back to the strings, then to the
    // original position, which keeps the sort stable.
    let mut keyed: Vec<(u128, u128, usize, Got<'_>)> = Vec::with_capacity(got.len());
    for (i, g) in got.into_iter().enumerate() {
        if let Got::Unreadable(u) = g {
            unreadable.push(u);
            continue;
        }
        let mut head = [0u8; 32];
        for (h, b) in head.iter_mut().zip(g.id()) {
            *h = *b;
        }
        let (hi, lo) = head.split_at(16);
        let word = |b: &[u8]| b.try_into().map_or(0, u128::from_be_bytes);
        keyed.push((word(hi), word(lo), i, g));
    }
    keyed.sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| a.3.id().cmp(b.3.id()))
            .then(a.2.cmp(&b.2))
    });
    // Straight into the result; an entry that does not decode leaves a blank and fails the
    // whole (never expected: the cache passed its checksum).
    let failed = AtomicBool::new(false);
    let summaries: Vec<SessionSummary> = keyed
        .into_par_iter()
        .map(|(_, _, _, g)| {
            let summary = match g {
                Got::Hit { entry, path, .. } => entry.summary(path).ok(),
                Got::Read(summary, _) => Some(*summary),
                Got::Unreadable(_) => None,
            };
            summary.unwrap_or_else(|| {
                failed.store(true, Ordering::Relaxed);
                blank()
            })
        })
        .collect();
    if failed.load(Ordering::Relaxed) {
        return None;
    }
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    Some(ScanResult {
        summaries,
        unreadable,
        files_read,
    })
}

/// A session file found by [`walk`], with its stamp when asked for.
struct Found {
    path: PathBuf,
    stamp: Option<Stamp>,
}

/// The `*.ron` files under `dir`, recursively, exactly as [`store::collect_ron_files`] finds
/// them and in the same order (dot-files skipped, folders not followed through links), with
/// folders that cannot be read reported. Sub-folders are walked in parallel; with `stat`, each
/// file's stamp is taken relative to its open folder (cheaper than by full path).
fn walk(dir: &Path, stat: bool) -> (Vec<Found>, Vec<Unreadable>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return (Vec::new(), Vec::new()),
        Err(e) => {
            let folder = Unreadable {
                path: dir.to_path_buf(),
                reason: format!("cannot read folder: {e}"),
            };
            return (Vec::new(), vec![folder]);
        }
    };
    // Files in order, with `None` where a sub-folder's files go.
    let mut items: Vec<Option<Found>> = Vec::new();
    let mut folders = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        match store::classify_entry(&entry) {
            Some(store::EntryKind::Folder) => {
                folders.push(path);
                items.push(None);
            }
            Some(store::EntryKind::SessionFile) => {
                let kind = entry.file_type().ok();
                let stamp = if !stat {
                    None
                } else if kind.is_some_and(|k| k.is_symlink()) {
                    fs::metadata(&path).ok().and_then(|m| Stamp::of(&m))
                } else {
                    entry.metadata().ok().and_then(|m| Stamp::of(&m))
                };
                items.push(Some(Found { path, stamp }));
            }
            None => {}
        }
    }
    let mut inner = folders
        .par_iter()
        .map(|folder| walk(folder, stat))
        .collect::<Vec<_>>()
        .into_iter();
    let mut files = Vec::with_capacity(items.len());
    let mut unreadable = Vec::new();
    for item in items {
        match item {
            Some(found) => files.push(found),
            None => {
                if let Some((f, u)) = inner.next() {
                    files.extend(f);
                    unreadable.extend(u);
                }
            }
        }
    }
    (files, unreadable)
}

/// A summary of nothing, to fill a place that failed (the result is then discarded).
fn blank() -> SessionSummary {
    SessionSummary {
        path: PathBuf::new(),
        id: String::new(),
        clinician: String::new(),
        protocol: String::new(),
        created: Default::default(),
        minutes: None,
        status: crate::session::Status::Open,
        components: Vec::new(),
        steps: Vec::new(),
        stage: None,
        instrument: None,
        zone: None,
        amended: false,
        tampered: false,
    }
}

/// Reads and summarises one file into `buf`; with `stamp`, also the file's stamp, taken from
/// the open file before reading it (so a change during the read shows next time).
fn read_file(
    path: PathBuf,
    buf: &mut Vec<u8>,
    stamp: bool,
) -> Result<(SessionSummary, Option<Stamp>), Unreadable> {
    let cannot_read = |path: PathBuf, e: std::io::Error| Unreadable {
        path,
        reason: format!("cannot read: {e}"),
    };
    let mut file = match File::open(&path) {
        Ok(file) => file,
        Err(e) => return Err(cannot_read(path, e)),
    };
    let stamp = if stamp {
        file.metadata().ok().and_then(|m| Stamp::of(&m))
    } else {
        None
    };
    buf.clear();
    if let Err(e) = file.read_to_end(buf) {
        return Err(cannot_read(path, e));
    }
    drop(file);
    let Ok(text) = std::str::from_utf8(buf) else {
        // Not text: the reference reports it, in its own words.
        return summarize_file(path).map(|s| (s, None));
    };
    let summary = match fast::summarize(path, text) {
        Ok(summary) => summary,
        Err(path) => summarize_text(path, text)?,
    };
    Ok((summary, stamp))
}

/// The summary of a file by the full parse (the reference path): read, parse, check the seal.
fn summarize_file(path: PathBuf) -> Result<SessionSummary, Unreadable> {
    match std::fs::read_to_string(&path) {
        Ok(text) => summarize_text(path, &text),
        Err(e) => Err(Unreadable {
            path,
            reason: format!("cannot read: {e}"),
        }),
    }
}

/// The summary of a file's text by the full parse.
fn summarize_text(path: PathBuf, text: &str) -> Result<SessionSummary, Unreadable> {
    match store::parse_session(&path, text) {
        Ok(session) => Ok(SessionSummary::from_session(
            path,
            &session,
            seal_status(text),
        )),
        Err(e) => Err(Unreadable {
            reason: e.to_string(),
            path,
        }),
    }
}

/// The reference scan: every file read and fully parsed, one after the other, no cache. The
/// fast scan must give exactly these summaries; kept for tests and benchmarks.
pub fn reference_scan(dir: &Path) -> ScanResult {
    let mut files = Vec::new();
    let mut result = ScanResult::default();
    store::collect_ron_files(dir, &mut files, &mut result.unreadable);
    for path in files {
        result.files_read += 1;
        match summarize_file(path) {
            Ok(summary) => result.summaries.push(summary),
            Err(u) => result.unreadable.push(u),
        }
    }
    result.summaries.sort_by(|a, b| a.id.cmp(&b.id));
    result.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    result
}

/// The reference scan on every core: each file read and fully parsed (serde), in parallel,
/// no cache. For benchmarks: what a plain parallel parse costs.
pub fn reference_scan_parallel(dir: &Path) -> ScanResult {
    let mut files = Vec::new();
    let mut unreadable = Vec::new();
    store::collect_ron_files(dir, &mut files, &mut unreadable);
    let got: Vec<Got<'_>> = files
        .into_par_iter()
        .map(|path| match summarize_file(path) {
            Ok(summary) => Got::Read(Box::new(summary), None),
            Err(u) => Got::Unreadable(u),
        })
        .collect();
    finish(got, unreadable).unwrap_or_else(|| reference_scan(dir))
}
