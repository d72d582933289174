//! Reads a folder of session files (recursively) into [`SessionSummary`]s, fast.
//!
//! The folder is walked by [`store::walk`], the one walk every listing uses (regular `*.ron`
//! files only, links never followed, no depth limit). Files are read in parallel (rayon),
//! each worker one file at a time into a buffer it reuses, so memory holds the summaries,
//! never all the texts. Each text is read into a [`SessionView`] by the fast deserializer
//! (`fast`) or, when that gives up, by `ron`; older and newer formats go through the store's
//! own parse. With [`CacheMode::Use`], files whose size, times and inode are unchanged since
//! the last scan are not read at all: their summaries come from the [`cache`] instead.
//! Files with the same session id are counted once ([`store::dedupe`]).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use super::SessionSummary;
use super::cache::{self, Cache, Entry, NewEntry, Stamp};
use super::fast;
use super::view::SessionView;
use crate::session::{FORMAT_VERSION, Seal, Session, hash_matches, seal_with};
use crate::store::{self, Duplicate, Found, Unreadable};

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
    /// One summary per session id, sorted by id.
    pub summaries: Vec<SessionSummary>,
    /// Files and entries that could not be read, with the reason, sorted by path; they are
    /// never written.
    pub unreadable: Vec<Unreadable>,
    /// Session ids found in more than one file (counted once).
    pub duplicates: Vec<Duplicate>,
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
        let walk = store::walk(dir, false);
        let unreadable = skipped(&walk);
        let got: Vec<Got<'_>> = walk
            .files
            .into_par_iter()
            .map_init(Vec::new, |buf, found| match read_file(found.path, buf) {
                Ok(summary) => Got::Read(Box::new(summary), None),
                Err(u) => Got::Unreadable(u),
            })
            .collect();
        return finish(got, unreadable).unwrap_or_else(|| reference_scan(dir));
    };

    // Taken before any file is looked at: a file that changed after this is not cached.
    let now = SystemTime::now();
    // Stamps are taken during the walk only when there is a cache to compare them with; a
    // file that is read gets its stamp from the open file anyway.
    let (walk, old) = if file.is_file() {
        rayon::join(|| store::walk(dir, true), || Cache::load(&file, &root))
    } else {
        (store::walk(dir, false), None)
    };
    let unreadable = skipped(&walk);
    let got: Vec<Got<'_>> = walk
        .files
        .into_par_iter()
        .map_init(Vec::new, |buf, found| {
            let Found { path, stamp } = found;
            let hit = old
                .as_ref()
                .zip(relative(dir, &path))
                .and_then(|(cache, rel)| cache.get(rel))
                .filter(|entry| stamp == Some(entry.stamp()));
            if let Some(entry) = hit {
                return Got::Hit { entry, path };
            }
            // The stamp of the file as opened, before it is read: a change during the read
            // shows next time.
            let stamp = std::fs::symlink_metadata(&path)
                .ok()
                .as_ref()
                .and_then(Stamp::of)
                .filter(|s| s.settled(now));
            match read_file(path, buf) {
                Ok(summary) => Got::Read(Box::new(summary), stamp),
                Err(u) => Got::Unreadable(u),
            }
        })
        .collect();

    let hits = got.iter().filter(|g| matches!(g, Got::Hit { .. })).count();
    let added = got.iter().any(|g| matches!(g, Got::Read(_, Some(_))));
    let rewrite = old.is_none() || added || old.as_ref().is_some_and(|c| c.len() != hits);
    // The next cache file's entries: kept ones borrow the old cache, new ones own their bytes,
    // so the summaries can be handed over while the file is written.
    let entries: Vec<NewEntry<'_>> = if rewrite {
        got.par_iter()
            .filter_map(|g| match g {
                Got::Hit { entry, .. } => Some(NewEntry::kept(entry)),
                Got::Read(summary, Some(stamp)) => {
                    relative(dir, &summary.path).map(|rel| NewEntry::new(rel, *stamp, summary))
                }
                _ => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    let ((), result) = rayon::join(
        || {
            // A cache that cannot be written only costs time next run.
            if rewrite && let Some(bytes) = cache::assemble(&root, &entries) {
                cache::write(&file, &bytes).ok();
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

/// What the walk did not read, as unreadable entries: links, pipes, folders it could not
/// read, and temporary files left by an interrupted save.
fn skipped(walk: &store::Walk) -> Vec<Unreadable> {
    let mut out: Vec<Unreadable> = walk
        .skipped
        .iter()
        .map(|u| Unreadable {
            path: u.path.clone(),
            reason: u.reason.clone(),
        })
        .collect();
    out.extend(walk.temp_files.iter().map(|path| {
        Unreadable {
            path: path.clone(),
            reason: "a temporary file of a save (left by an interrupted save, or a save in \
                 progress): not a session; brief removes it once it is stale"
                .to_owned(),
        }
    }));
    out
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
    fn id(&self) -> &str {
        match self {
            Self::Hit { entry, .. } => entry.id(),
            Self::Read(summary, _) => &summary.id,
            Self::Unreadable(_) => "",
        }
    }

    fn path(&self) -> &Path {
        match self {
            Self::Hit { path, .. } => path,
            Self::Read(summary, _) => &summary.path,
            Self::Unreadable(u) => &u.path,
        }
    }
}

/// Sorts as the reference does — summaries by id (then path), unreadable files by path —,
/// counts each id once, and decodes the cached summaries, in parallel, straight into their
/// place. `None` if a cache entry does not decode.
fn finish(got: Vec<Got<'_>>, mut unreadable: Vec<Unreadable>) -> Option<ScanResult> {
    /// What the order is decided on: small, so sorting moves little, and holding the first
    /// 32 bytes of the id (all of a session id), so most comparisons need not look up the
    /// id where it lies (in a summary or the cache, scattered in memory).
    struct Key<'k> {
        head: [u8; 32],
        id: &'k str,
        path: &'k Path,
        at: usize,
    }
    fn head(id: &str) -> [u8; 32] {
        let mut head = [0u8; 32];
        let n = id.len().min(32);
        head[..n].copy_from_slice(&id.as_bytes()[..n]);
        head
    }
    let files_read = got.iter().filter(|g| !matches!(g, Got::Hit { .. })).count();
    let mut keys: Vec<Key<'_>> = got
        .iter()
        .enumerate()
        .filter(|(_, g)| !matches!(g, Got::Unreadable(_)))
        .map(|(at, g)| Key {
            head: head(g.id()),
            id: g.id(),
            path: g.path(),
            at,
        })
        .collect();
    // Zero-padded heads order as their ids do; equal heads fall back to the whole ids.
    keys.par_sort_unstable_by(|a, b| {
        a.head
            .cmp(&b.head)
            .then_with(|| a.id.cmp(b.id))
            .then_with(|| a.path.cmp(b.path))
    });
    let (keys, duplicates) = store::dedupe(keys, |k| k.id, |k| k.path);
    let order: Vec<usize> = keys.iter().map(|k| k.at).collect();
    drop(keys);
    let mut slots: Vec<Option<Got<'_>>> = got.into_iter().map(Some).collect();
    let sorted: Vec<Got<'_>> = order.iter().filter_map(|&at| slots[at].take()).collect();
    // What is left: the unreadable files, and the files of a duplicate id not counted.
    unreadable.extend(slots.into_iter().filter_map(|g| match g {
        Some(Got::Unreadable(u)) => Some(u),
        _ => None,
    }));
    // Written straight into one allocation of the final size (an indexed collect): collecting
    // into `Option<Vec<_>>` gathers per-thread pieces and copies them into place, and on this
    // machine fresh memory is dear (page faults were a third of a re-audit's time).
    let mut decoded: Vec<Option<SessionSummary>> = Vec::with_capacity(sorted.len());
    sorted
        .into_par_iter()
        .map_init(cache::Words::default, |words, g| match g {
            Got::Hit { entry, path } => entry.summary(path, words).ok(),
            Got::Read(summary, _) => Some(*summary),
            Got::Unreadable(_) => None,
        })
        .collect_into_vec(&mut decoded);
    // In place: an `Option<SessionSummary>` is a `SessionSummary` in size.
    let summaries: Vec<SessionSummary> = decoded.into_iter().collect::<Option<_>>()?;
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    Some(ScanResult {
        summaries,
        unreadable,
        duplicates,
        files_read,
    })
}

/// Reads and summarises one file into `buf`.
fn read_file(path: PathBuf, buf: &mut Vec<u8>) -> Result<SessionSummary, Unreadable> {
    match store::read_text(&path, buf) {
        Ok(text) => summarize_text(path, text),
        Err(e) => Err(Unreadable {
            reason: e.to_string(),
            path,
        }),
    }
}

/// How a text was read into a view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reader {
    /// The fast deserializer, falling back to `ron`.
    Fast,
    /// `ron` only (the reference).
    Ron,
}

/// The summary of a session file's text: the one path from text to summary.
pub fn summarize_text(path: PathBuf, text: &str) -> Result<SessionSummary, Unreadable> {
    summarize_with(path, text, Reader::Fast)
}

/// [`summarize_text`] with the reader chosen (tests compare the two).
pub fn summarize_with(
    path: PathBuf,
    text: &str,
    reader: Reader,
) -> Result<SessionSummary, Unreadable> {
    // The hash first: text that matches its own hash is brief's own, and read the quick way.
    let sealed = hash_matches(text);
    let view: Option<SessionView<'_>> = match (reader, sealed) {
        (Reader::Fast, true) => fast::from_sealed_str(text).ok(),
        (Reader::Fast, false) => fast::from_str(text).ok(),
        (Reader::Ron, _) => None,
    }
    .or_else(|| ron::from_str(text).ok());
    if let Some(v) = view.filter(|v| v.version == FORMAT_VERSION) {
        let seal = seal_with(v.seal_facts(), || sealed);
        // An intact seal means the text is exactly what brief wrote, so every field the view
        // skipped reads as a session too. Any other file is read whole, so that the audit
        // counts exactly the files that `brief sessions` and the window can open.
        let whole = seal == Seal::Intact
            || fast::from_str::<Session>(text).is_ok()
            || ron::from_str::<Session>(text).is_ok();
        if whole {
            return Ok(SessionSummary::from_view(path, &v, seal));
        }
    }
    // Another format version, or not readable as this one: the store decides, migrating
    // older formats, and its messages say why a file cannot be read.
    let migrated = store::parse_checked(&path, text)
        .and_then(|(session, seal)| Ok((store::to_ron(&session)?, seal)));
    match migrated {
        Ok((current, seal)) => match ron::from_str::<SessionView<'_>>(&current) {
            Ok(v) => Ok(SessionSummary::from_view(path, &v, seal)),
            Err(e) => Err(Unreadable {
                reason: format!("not a readable session file: {}", e.code),
                path,
            }),
        },
        Err(e) => Err(Unreadable {
            reason: e.to_string(),
            path,
        }),
    }
}

/// The reference scan: every file read and parsed by `ron` (no fast path), one after the
/// other, no cache. The fast scan must give exactly these summaries; kept for tests and
/// benchmarks.
pub fn reference_scan(dir: &Path) -> ScanResult {
    let walk = store::walk(dir, false);
    let unreadable = skipped(&walk);
    let mut buf = Vec::new();
    let got: Vec<Got<'_>> = walk
        .files
        .into_iter()
        .map(|found| {
            let read = store::read_text(&found.path, &mut buf)
                .map_err(|e| e.to_string())
                .map(str::to_owned);
            match read {
                Ok(text) => match summarize_with(found.path, &text, Reader::Ron) {
                    Ok(s) => Got::Read(Box::new(s), None),
                    Err(u) => Got::Unreadable(u),
                },
                Err(reason) => Got::Unreadable(Unreadable {
                    path: found.path,
                    reason,
                }),
            }
        })
        .collect();
    finish(got, unreadable).unwrap_or_default()
}

/// The reference scan on every core: each file read and parsed by `ron`, in parallel, no
/// cache. For benchmarks: what a plain parallel parse costs.
pub fn reference_scan_parallel(dir: &Path) -> ScanResult {
    let walk = store::walk(dir, false);
    let unreadable = skipped(&walk);
    let got: Vec<Got<'_>> = walk
        .files
        .into_par_iter()
        .map_init(Vec::new, |buf, found| {
            let read = store::read_text(&found.path, buf).map(str::to_owned);
            match read {
                Ok(text) => match summarize_with(found.path, &text, Reader::Ron) {
                    Ok(s) => Got::Read(Box::new(s), None),
                    Err(u) => Got::Unreadable(u),
                },
                Err(e) => Got::Unreadable(Unreadable {
                    reason: e.to_string(),
                    path: found.path,
                }),
            }
        })
        .collect();
    finish(got, unreadable).unwrap_or_default()
}
