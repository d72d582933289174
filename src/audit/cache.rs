//! The audit's summary cache: one file per data folder in the user's cache folder, so a
//! re-audit reads only the session files that changed.
//!
//! An entry holds a file's path (relative to the data folder), its stamp (size, modification
//! and status-change times in nanoseconds, inode and device) and its [`SessionSummary`]. A file
//! whose stamp is unchanged is not read again. Every write to a file changes its status-change
//! time, which no one can set back, so a same-size rewrite whose modification time was put
//! back is still seen; a file replaced by another has another inode. A file that changed so
//! recently that a second change could still land in the same clock tick (and leave the
//! times as they were) is not cached until it has settled.
//!
//! The file is binary (length-prefixed fields, little-endian), quick to load: a magic string,
//! the format version, brief's version and the canonical data folder, a dictionary of the
//! words summaries repeat (clinicians, components, steps, stages, instruments, zones), the
//! entries, and a checksum. Anything that does not match is ignored and the cache rebuilt. It is written to a
//! temporary file (0600) and renamed over the old one. It never lives inside the data
//! folder: a shared clinic folder is not the place for per-user caches.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset};
use sha2::Digest as _;

use super::{SessionSummary, StepOutcome};
use crate::session::Status;
use crate::store;

/// The cache file format; a file with another version is ignored.
pub const FORMAT_VERSION: u32 = 1;

const MAGIC: &[u8; 16] = b"brief-audit-sums";

/// A file changed this recently (nanoseconds) is not cached yet: longer than a kernel clock
/// tick, so a later write is sure to get a later status-change time.
const SETTLE_NS: i128 = 50_000_000;

/// On file systems that keep whole seconds only (FAT, some network shares) a file is not
/// cached until this much later.
const SETTLE_COARSE_NS: i128 = 3_000_000_000;

/// Where a file stood when it was read: if any of this changes, the file is read again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stamp {
    size: u64,
    mtime: i64,
    mtime_ns: i64,
    ctime: i64,
    ctime_ns: i64,
    ino: u64,
    dev: u64,
}

impl Stamp {
    /// The stamp of a file's metadata (none on systems without inodes: no cache there).
    #[cfg(unix)]
    #[expect(clippy::unnecessary_wraps, reason = "none on other systems")]
    pub(crate) fn of(meta: &fs::Metadata) -> Option<Self> {
        use std::os::unix::fs::MetadataExt as _;
        Some(Self {
            size: meta.size(),
            mtime: meta.mtime(),
            mtime_ns: meta.mtime_nsec(),
            ctime: meta.ctime(),
            ctime_ns: meta.ctime_nsec(),
            ino: meta.ino(),
            dev: meta.dev(),
        })
    }

    /// The stamp of a file's metadata (none on systems without inodes: no cache there).
    #[cfg(not(unix))]
    pub(crate) fn of(_meta: &fs::Metadata) -> Option<Self> {
        None
    }

    /// True when the file last changed long enough before `now` (taken before the file was
    /// looked at) that any later change must give it another status-change time. Only
    /// settled files are cached.
    pub(crate) fn settled(&self, now: SystemTime) -> bool {
        let Ok(now) = now.duration_since(UNIX_EPOCH) else {
            return false;
        };
        let now = now.as_nanos() as i128;
        let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        let latest = ns(self.ctime, self.ctime_ns).max(ns(self.mtime, self.mtime_ns));
        let margin = if self.ctime_ns == 0 && self.mtime_ns == 0 {
            SETTLE_COARSE_NS
        } else {
            SETTLE_NS
        };
        latest + margin < now
    }
}

/// The cache file for the data folder `dir` in `cache_dir`, or `None` when there can be no
/// cache: the folder cannot be resolved, or the cache folder lies inside the data folder.
/// Also gives the canonical data folder, which the file records.
pub(crate) fn file_for(dir: &Path, cache_dir: &Path) -> Option<(PathBuf, Vec<u8>)> {
    let root = fs::canonicalize(dir).ok()?;
    let cache_dir = resolve(cache_dir)?;
    if cache_dir.starts_with(&root) {
        return None;
    }
    let root_bytes = path_bytes(&root)?.to_vec();
    let digest = sha2::Sha256::digest(&root_bytes);
    let mut name = String::from("audit-");
    for b in digest.iter().take(12) {
        write!(name, "{b:02x}").ok()?;
    }
    name.push_str(".cache");
    Some((cache_dir.join(name), root_bytes))
}

/// `path` made absolute with symbolic links resolved as far as it exists; `None` if a part
/// that does not exist yet is `.` or `..` (no guessing where that leads).
fn resolve(path: &Path) -> Option<PathBuf> {
    let path = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().ok()?.join(path)
    };
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = fs::canonicalize(existing) {
            let mut out = canonical;
            for part in rest.iter().rev() {
                out.push(part);
            }
            return Some(out);
        }
        let name = existing.file_name()?;
        if !matches!(
            existing.components().next_back(),
            Some(Component::Normal(_))
        ) {
            return None;
        }
        rest.push(name.to_owned());
        existing = existing.parent()?;
    }
}

/// A path's bytes (the cache key).
#[cfg(unix)]
#[expect(clippy::unnecessary_wraps, reason = "none on other systems")]
pub(crate) fn path_bytes(path: &Path) -> Option<&[u8]> {
    use std::os::unix::ffi::OsStrExt as _;
    Some(path.as_os_str().as_bytes())
}

/// A path's bytes (the cache key).
#[cfg(not(unix))]
pub(crate) fn path_bytes(path: &Path) -> Option<&[u8]> {
    path.to_str().map(str::as_bytes)
}

/// A loaded cache file: its bytes, its dictionary and where each entry is.
pub(crate) struct Cache {
    bytes: Vec<u8>,
    dict: Vec<String>,
    /// Entry ranges by the hash of their relative path (checked on lookup).
    index: HashMap<u64, (usize, usize), BuildHasherDefault<KeyHasher>>,
}

impl Cache {
    /// The cache file, if it exists, is whole (checksum), has this format and brief version,
    /// and belongs to the data folder `root`. Anything else is ignored.
    pub(crate) fn load(file: &Path, root: &[u8]) -> Option<Self> {
        let bytes = fs::read(file).ok()?;
        let body_len = bytes.len().checked_sub(8)?;
        let (body, sum) = bytes.split_at(body_len);
        if u64::from_le_bytes(sum.try_into().ok()?) != checksum(body) {
            return None;
        }
        let mut r = Reader::new(body);
        (r.take(MAGIC.len())? == MAGIC
            && r.u32()? == FORMAT_VERSION
            && r.str16()? == env!("CARGO_PKG_VERSION")
            && r.bytes32()? == root)
            .then_some(())?;
        let words = r.u16()?;
        let mut dict = Vec::with_capacity(words.into());
        for _ in 0..words {
            dict.push(r.string()?);
        }
        let count = r.u32()? as usize;
        let mut index =
            HashMap::with_capacity_and_hasher(count, BuildHasherDefault::<KeyHasher>::default());
        for _ in 0..count {
            let len = r.u32()? as usize;
            let start = r.i;
            let entry = r.take(len)?;
            index.insert(key(Reader::new(entry).bytes16()?), (start, start + len));
        }
        r.done().then_some(())?;
        Some(Self { bytes, dict, index })
    }

    /// How many entries the cache holds.
    pub(crate) fn len(&self) -> usize {
        self.index.len()
    }

    /// The entry for the file at `rel` (relative to the data folder).
    pub(crate) fn get(&self, rel: &[u8]) -> Option<Entry<'_>> {
        let &(start, end) = self.index.get(&key(rel))?;
        let bytes = self.bytes.get(start..end)?;
        let mut r = Reader::new(bytes);
        (r.bytes16()? == rel).then_some(Entry {
            bytes,
            dict: &self.dict,
        })
    }
}

/// One file's entry in a loaded cache.
#[derive(Clone, Copy)]
pub(crate) struct Entry<'a> {
    bytes: &'a [u8],
    dict: &'a [String],
}

impl<'a> Entry<'a> {
    /// The entry as stored (copied as it is into the next cache file).
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// The stamp the file had when the entry was written.
    pub(crate) fn stamp(&self) -> Option<Stamp> {
        let mut r = Reader::new(self.bytes);
        r.bytes16()?;
        r.stamp()
    }

    /// The session id (for sorting before the summary is decoded).
    pub(crate) fn id(&self) -> Option<&'a [u8]> {
        let mut r = Reader::new(self.bytes);
        let rel = r.bytes16()?;
        r.stamp()?;
        match r.u8()? {
            0 => file_stem(rel),
            1 => r.bytes16(),
            _ => None,
        }
    }

    /// The summary, for the file at `path`; the path back if the entry does not decode.
    pub(crate) fn summary(&self, path: PathBuf) -> Result<SessionSummary, PathBuf> {
        match self.decode() {
            Some(mut summary) => {
                summary.path = path;
                Ok(summary)
            }
            None => Err(path),
        }
    }

    fn decode(&self) -> Option<SessionSummary> {
        let mut r = Reader::new(self.bytes);
        let rel = r.bytes16()?;
        r.stamp()?;
        let id = match r.u8()? {
            0 => file_stem(rel),
            1 => r.bytes16(),
            _ => None,
        }?;
        let id = std::str::from_utf8(id).ok()?.to_owned();
        let text = |r: &mut Reader<'_>| r.text(self.dict);
        let clinician = text(&mut r)?;
        let protocol = text(&mut r)?;
        let secs = r.i64()?;
        let nanos = r.u32()?;
        let offset = FixedOffset::east_opt(r.i32()?)?;
        let created = DateTime::from_timestamp(secs, nanos)?.with_timezone(&offset);
        let minutes = match r.u8()? {
            0 => None,
            1 => Some(r.i64()?),
            _ => return None,
        };
        let status = match r.u8()? {
            0 => Status::Open,
            1 => Status::Closed,
            _ => return None,
        };
        let n = r.u16()?;
        let mut components = Vec::with_capacity(n.into());
        for _ in 0..n {
            components.push(text(&mut r)?);
        }
        let n = r.u16()?;
        let mut steps = Vec::with_capacity(n.into());
        for _ in 0..n {
            let step = text(&mut r)?;
            let outcome = match r.u8()? {
                0 => StepOutcome::Done,
                1 => StepOutcome::SkippedWithReason,
                2 => StepOutcome::NotDone,
                _ => return None,
            };
            steps.push((step, outcome));
        }
        let opt = |r: &mut Reader<'_>| match r.u8()? {
            0 => Some(None),
            1 => text(r).map(Some),
            _ => None,
        };
        let stage = opt(&mut r)?;
        let instrument = opt(&mut r)?;
        let zone = opt(&mut r)?;
        let amended = r.flag()?;
        let tampered = r.flag()?;
        r.done().then_some(SessionSummary {
            path: PathBuf::new(),
            id,
            clinician,
            protocol,
            created,
            minutes,
            status,
            components,
            steps,
            stage,
            instrument,
            zone,
            amended,
            tampered,
        })
    }
}

/// `<id>` of a relative path ending in `/<id>.ron` (or being `<id>.ron`).
fn file_stem(rel: &[u8]) -> Option<&[u8]> {
    let name = rel.rsplit(|&b| b == b'/').next()?;
    name.strip_suffix(b".ron")
}

/// The hash of a relative path, the index's key.
fn key(rel: &[u8]) -> u64 {
    let mut h = PathHasher::default();
    h.write(rel);
    h.finish()
}

/// The strings summaries repeat (clinicians, protocol, components, steps, stages,
/// instruments, zones), stored once in the file and referred to by number.
pub(crate) struct Dictionary {
    words: Vec<String>,
    codes: HashMap<String, u8>,
}

impl Dictionary {
    /// At most this many words (codes 1 to 255; 0 means "written out").
    const MAX: usize = 255;

    /// The dictionary of an old cache, whose entries are kept as they are (so its words keep
    /// their numbers), grown with the words of `sample`.
    pub(crate) fn new<'s>(
        old: Option<&Cache>,
        sample: impl Iterator<Item = &'s SessionSummary>,
    ) -> Self {
        let mut dict = Self {
            words: Vec::new(),
            codes: HashMap::new(),
        };
        for word in old.map(|c| c.dict.as_slice()).unwrap_or_default() {
            dict.add(word);
        }
        for s in sample {
            for word in words(s) {
                dict.add(word);
            }
        }
        dict
    }

    fn add(&mut self, word: &str) {
        if self.words.len() < Self::MAX && !self.codes.contains_key(word) {
            self.words.push(word.to_owned());
            self.codes.insert(word.to_owned(), self.words.len() as u8);
        }
    }

    /// Writes a word: its number, or 0 and the word.
    fn put(&self, w: &mut Writer, word: &str) -> Option<()> {
        if let Some(&code) = self.codes.get(word) {
            w.0.push(code);
            Some(())
        } else {
            w.0.push(0);
            w.bytes16(word.as_bytes())
        }
    }
}

/// The words of a summary that go through the dictionary.
fn words(s: &SessionSummary) -> impl Iterator<Item = &str> {
    [s.clinician.as_str(), s.protocol.as_str()]
        .into_iter()
        .chain(s.components.iter().map(String::as_str))
        .chain(s.steps.iter().map(|(step, _)| step.as_str()))
        .chain(
            [&s.stage, &s.instrument, &s.zone]
                .into_iter()
                .flatten()
                .map(String::as_str),
        )
}

/// An entry for the file at `rel` (relative to the data folder) with this stamp and summary;
/// `None` if something does not fit the format or would not read back the same (then the
/// file is simply read again next time).
pub(crate) fn encode_entry(
    dict: &Dictionary,
    rel: &[u8],
    stamp: &Stamp,
    s: &SessionSummary,
) -> Option<Vec<u8>> {
    let mut w = Writer(Vec::with_capacity(192));
    w.bytes16(rel)?;
    for v in [stamp.size, stamp.ino, stamp.dev] {
        w.0.extend_from_slice(&v.to_le_bytes());
    }
    for v in [stamp.mtime, stamp.mtime_ns, stamp.ctime, stamp.ctime_ns] {
        w.0.extend_from_slice(&v.to_le_bytes());
    }
    if file_stem(rel) == Some(s.id.as_bytes()) {
        w.0.push(0);
    } else {
        w.0.push(1);
        w.bytes16(s.id.as_bytes())?;
    }
    dict.put(&mut w, &s.clinician)?;
    dict.put(&mut w, &s.protocol)?;
    w.0.extend_from_slice(&s.created.timestamp().to_le_bytes());
    w.0.extend_from_slice(&s.created.timestamp_subsec_nanos().to_le_bytes());
    w.0.extend_from_slice(&s.created.offset().local_minus_utc().to_le_bytes());
    match s.minutes {
        None => w.0.push(0),
        Some(m) => {
            w.0.push(1);
            w.0.extend_from_slice(&m.to_le_bytes());
        }
    }
    w.0.push(match s.status {
        Status::Open => 0,
        Status::Closed => 1,
    });
    w.0.extend_from_slice(&u16::try_from(s.components.len()).ok()?.to_le_bytes());
    for c in &s.components {
        dict.put(&mut w, c)?;
    }
    w.0.extend_from_slice(&u16::try_from(s.steps.len()).ok()?.to_le_bytes());
    for (step, outcome) in &s.steps {
        dict.put(&mut w, step)?;
        w.0.push(match outcome {
            StepOutcome::Done => 0,
            StepOutcome::SkippedWithReason => 1,
            StepOutcome::NotDone => 2,
        });
    }
    for v in [&s.stage, &s.instrument, &s.zone] {
        match v {
            None => w.0.push(0),
            Some(text) => {
                w.0.push(1);
                dict.put(&mut w, text)?;
            }
        }
    }
    w.0.push(u8::from(s.amended));
    w.0.push(u8::from(s.tampered));
    // The time must come back as it was, offset included (not just the same instant).
    let back = DateTime::from_timestamp(s.created.timestamp(), s.created.timestamp_subsec_nanos())
        .map(|t| t.with_timezone(s.created.offset()));
    (back == Some(s.created) && back.map(|t| *t.offset()) == Some(*s.created.offset()))
        .then_some(w.0)
}

/// Assembles a cache file from its dictionary and entries.
pub(crate) fn assemble<'a>(
    root: &[u8],
    dict: &Dictionary,
    entries: impl ExactSizeIterator<Item = &'a [u8]>,
) -> Option<Vec<u8>> {
    assemble_version(FORMAT_VERSION, root, dict, entries)
}

fn assemble_version<'a>(
    version: u32,
    root: &[u8],
    dict: &Dictionary,
    entries: impl ExactSizeIterator<Item = &'a [u8]>,
) -> Option<Vec<u8>> {
    let mut w = Writer(Vec::new());
    w.0.extend_from_slice(MAGIC);
    w.0.extend_from_slice(&version.to_le_bytes());
    w.bytes16(env!("CARGO_PKG_VERSION").as_bytes())?;
    w.bytes32(root)?;
    w.0.extend_from_slice(&u16::try_from(dict.words.len()).ok()?.to_le_bytes());
    for word in &dict.words {
        w.bytes16(word.as_bytes())?;
    }
    w.0.extend_from_slice(&u32::try_from(entries.len()).ok()?.to_le_bytes());
    for entry in entries {
        w.bytes32(entry)?;
    }
    let sum = checksum(&w.0);
    w.0.extend_from_slice(&sum.to_le_bytes());
    Some(w.0)
}

/// Writes the cache file: a temporary file (owner-only) in the cache folder, renamed over the
/// old one, so a reader sees the old file or the new one, never half of one. No fsync: a
/// cache lost or cut short by a power cut fails its checksum and is rebuilt.
pub(crate) fn write(file: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = file.parent().unwrap_or_else(|| Path::new("."));
    store::create_private_dir(dir).map_err(io::Error::other)?;
    let name = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("audit.cache");
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let result = options
        .open(&tmp)
        .and_then(|mut f| f.write_all(bytes))
        .and_then(|()| fs::rename(&tmp, file));
    if result.is_err() {
        fs::remove_file(&tmp).ok();
    }
    result
}

/// A fast 64-bit checksum (catches a cut-short or damaged file, not an attacker: the cache
/// is the user's own, in their own folder).
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h: u64 = 0x243F_6A88_85A3_08D3 ^ bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let word = chunk.try_into().map_or(0, u64::from_le_bytes);
        h = (h ^ word).wrapping_mul(K).rotate_left(29);
    }
    for &b in chunks.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(K).rotate_left(29);
    }
    h ^= h >> 32;
    h.wrapping_mul(K)
}

/// A quick hash for relative paths (keys from the user's own folder: speed over resistance to
/// crafted collisions, which could only slow a scan down).
#[derive(Default)]
struct PathHasher(u64);

/// Hashes the index's keys, which are hashes already.
#[derive(Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl Hasher for PathHasher {
    fn finish(&self) -> u64 {
        let h = self.0 ^ (self.0 >> 29);
        h.wrapping_mul(0xBF58_476D_1CE4_E5B9) ^ (h >> 32)
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let word = chunk.try_into().map_or(0, u64::from_le_bytes);
            self.0 = (self.0.rotate_left(23) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(23) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn bytes16(&mut self, b: &[u8]) -> Option<()> {
        self.0
            .extend_from_slice(&u16::try_from(b.len()).ok()?.to_le_bytes());
        self.0.extend_from_slice(b);
        Some(())
    }

    fn bytes32(&mut self, b: &[u8]) -> Option<()> {
        self.0
            .extend_from_slice(&u32::try_from(b.len()).ok()?.to_le_bytes());
        self.0.extend_from_slice(b);
        Some(())
    }
}

struct Reader<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Reader<'a> {
    fn new(b: &'a [u8]) -> Self {
        Self { b, i: 0 }
    }

    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let out = self.b.get(self.i..self.i.checked_add(n)?)?;
        self.i += n;
        Some(out)
    }

    fn done(&self) -> bool {
        self.i == self.b.len()
    }

    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }

    fn u8(&mut self) -> Option<u8> {
        self.array::<1>().map(|[b]| b)
    }

    fn u16(&mut self) -> Option<u16> {
        self.array().map(u16::from_le_bytes)
    }

    fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }

    fn i32(&mut self) -> Option<i32> {
        self.array().map(i32::from_le_bytes)
    }

    fn u64(&mut self) -> Option<u64> {
        self.array().map(u64::from_le_bytes)
    }

    fn i64(&mut self) -> Option<i64> {
        self.array().map(i64::from_le_bytes)
    }

    fn flag(&mut self) -> Option<bool> {
        match self.u8()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn bytes16(&mut self) -> Option<&'a [u8]> {
        let n = self.u16()?;
        self.take(n.into())
    }

    fn bytes32(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()?;
        self.take(n as usize)
    }

    fn str16(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.bytes16()?).ok()
    }

    fn string(&mut self) -> Option<String> {
        self.str16().map(str::to_owned)
    }

    /// A word: by its number in the dictionary, or written out.
    fn text(&mut self, dict: &[String]) -> Option<String> {
        match self.u8()? {
            0 => self.string(),
            code => dict.get(usize::from(code) - 1).cloned(),
        }
    }

    fn stamp(&mut self) -> Option<Stamp> {
        Some(Stamp {
            size: self.u64()?,
            ino: self.u64()?,
            dev: self.u64()?,
            mtime: self.i64()?,
            mtime_ns: self.i64()?,
            ctime: self.i64()?,
            ctime_ns: self.i64()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(secs: i64, nanos: i64) -> Stamp {
        Stamp {
            size: 10,
            mtime: secs,
            mtime_ns: nanos,
            ctime: secs,
            ctime_ns: nanos,
            ino: 1,
            dev: 1,
        }
    }

    #[test]
    fn a_file_changed_in_the_last_clock_ticks_is_not_settled() {
        let now = UNIX_EPOCH + std::time::Duration::new(1_000, 0);
        assert!(
            stamp(999, 900_000_000).settled(now),
            "changed 100 ms ago: settled"
        );
        assert!(
            !stamp(999, 990_000_000).settled(now),
            "changed 10 ms ago: a second write could keep the same times"
        );
        assert!(
            !stamp(998, 0).settled(now),
            "whole-second times: wait for the coarse margin"
        );
        assert!(stamp(990, 0).settled(now), "whole seconds, long ago");
        assert!(!stamp(1_001, 5).settled(now), "a time in the future");
    }

    #[test]
    fn a_damaged_or_foreign_cache_is_not_loaded() {
        let root = b"/data";
        let dict = Dictionary::new(None, std::iter::empty());
        let entry = b"\x09\x00x/abc.ron";
        let bytes = assemble(root, &dict, [&entry[..]].into_iter()).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c");
        fs::write(&file, &bytes).unwrap();
        let loaded = Cache::load(&file, root);
        assert!(loaded.is_some(), "an intact cache loads");
        assert!(
            loaded.as_ref().and_then(|c| c.get(b"x/abc.ron")).is_some(),
            "its entry is found"
        );
        assert!(
            Cache::load(&file, b"/other").is_none(),
            "another folder's cache is ignored"
        );
        let mut damaged = bytes.clone();
        if let Some(b) = damaged.get_mut(30) {
            *b ^= 1;
        }
        fs::write(&file, &damaged).unwrap();
        assert!(
            Cache::load(&file, root).is_none(),
            "a flipped bit is caught"
        );
        fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
        assert!(
            Cache::load(&file, root).is_none(),
            "a cut-short file is caught"
        );
        let other = assemble_version(FORMAT_VERSION + 1, root, &dict, [&entry[..]].into_iter());
        fs::write(&file, other.unwrap()).unwrap();
        assert!(
            Cache::load(&file, root).is_none(),
            "another format version is ignored, checksum or not"
        );
    }
}
