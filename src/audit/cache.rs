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
//! The file is postcard (serde) with a checksum at the end: a header (magic string, cache
//! format, the [summary rules](super::SUMMARY_RULES) version, brief's version and the canonical
//! data folder), a word list, and the entries, each with its summary encoded on its own so
//! that only the summaries of unchanged files are decoded, in parallel. A summary names its
//! words (clinician, protocol, components, steps, stage, instrument, zone) by their place in
//! the word list, which keeps the file small and the decoding quick; entries kept from one
//! cache file to the next are copied as they are, so the next list keeps the old words in
//! their places and adds new ones after them. Anything that does not match is
//! ignored and the cache rebuilt. It is written to a temporary file (0600) and renamed over
//! the old one. It never lives inside the data folder: a shared clinic folder is not the place
//! for per-user caches.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::fs;
use std::hash::{BuildHasherDefault, Hasher};
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};
use sha2::Digest as _;

use super::{FlagOutcome, SessionSummary, StepOutcome, Word};
use crate::session::{Seal, Status};
use crate::store;

/// The cache file format; a file with another version is ignored.
pub const FORMAT_VERSION: u32 = 7;

const MAGIC: &str = "brief-audit-summaries";

pub(crate) use crate::store::Stamp;

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

/// The head of the cache file as written (the entries follow it).
#[derive(Serialize)]
struct HeadOut<'a> {
    magic: &'a str,
    format: u32,
    rules: u32,
    brief: &'a str,
    root: Bytes<'a>,
    /// The words the summaries name, each once: a summary names a word by its place here.
    words: Vec<&'a str>,
}

/// The entries as written, made one by one as they are serialised.
struct EntriesOut<'a> {
    entries: &'a [NewEntry<'a>],
    summaries: &'a [std::borrow::Cow<'a, [u8]>],
}

impl Serialize for EntriesOut<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.entries
                .iter()
                .zip(self.summaries)
                .map(|(e, summary)| match e {
                    NewEntry::Kept(entry) => EntryOut {
                        rel: Bytes(entry.rel()),
                        stamp: entry.stamp(),
                        id: entry.id(),
                        summary: Bytes(summary),
                    },
                    NewEntry::New {
                        rel,
                        stamp,
                        summary: s,
                    } => EntryOut {
                        rel: Bytes(rel),
                        stamp: *stamp,
                        id: &s.id,
                        summary: Bytes(summary),
                    },
                }),
        )
    }
}

/// One entry as written.
#[derive(Serialize)]
struct EntryOut<'a> {
    rel: Bytes<'a>,
    stamp: Stamp,
    id: &'a str,
    summary: Bytes<'a>,
}

/// The head of the cache file as read, borrowing from its bytes.
#[derive(Deserialize)]
struct HeadIn<'a> {
    magic: &'a str,
    format: u32,
    rules: u32,
    brief: &'a str,
    root: &'a [u8],
    #[serde(borrow)]
    words: Vec<&'a str>,
}

/// Reads the entries (a sequence after the head) straight into the index: where each entry's
/// parts are in the file's bytes, by the hash of its relative path.
struct IndexSeed {
    /// Where the file's bytes begin in memory.
    base: usize,
}

impl<'de> serde::de::DeserializeSeed<'de> for IndexSeed {
    type Value = Index;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Index, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for IndexSeed {
    type Value = Index;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cache entries")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Index, A::Error> {
        let len = seq.size_hint().unwrap_or(0);
        let mut index: Index =
            HashMap::with_capacity_and_hasher(len, BuildHasherDefault::<KeyHasher>::default());
        let bad = || serde::de::Error::custom("a cache of 4 GB or more");
        let span = |b: &[u8]| -> Result<(u32, u32), A::Error> {
            let start = (b.as_ptr() as usize).wrapping_sub(self.base);
            Ok((
                u32::try_from(start).map_err(|_e| bad())?,
                u32::try_from(b.len()).map_err(|_e| bad())?,
            ))
        };
        while let Some(e) = seq.next_element::<EntryIn<'de>>()? {
            if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(key(e.rel)) {
                slot.insert(Span {
                    rel: span(e.rel)?,
                    id: span(e.id.as_bytes())?,
                    summary: span(e.summary)?,
                    stamp: e.stamp,
                });
            }
        }
        Ok(index)
    }
}

/// Entry ranges (relative path, id, summary) and stamps by the hash of the relative path.
/// (A second path with the same hash is left out: that file is simply read again.)
type Index = HashMap<u64, Span, BuildHasherDefault<KeyHasher>>;

/// One entry as read.
#[derive(Deserialize)]
struct EntryIn<'a> {
    rel: &'a [u8],
    stamp: Stamp,
    id: &'a str,
    summary: &'a [u8],
}

/// A [`SessionSummary`] as an entry holds it (postcard): its words by their place in the
/// file's word list, its start time as numbers, its id in the entry. Packing and unpacking
/// name every field of the summary, so a field added to it does not compile until it is
/// cached too.
#[derive(Serialize, Deserialize)]
struct Packed {
    clinician: u32,
    protocol: u32,
    /// Seconds since 1970, nanoseconds, and the UTC offset in seconds.
    created: (i64, u32, i32),
    minutes: Option<i64>,
    status: Status,
    components: Vec<u32>,
    steps: Vec<(u32, StepOutcome)>,
    stage: Option<u32>,
    instrument: Option<u32>,
    zone: Option<u32>,
    amendments: u32,
    safety: Vec<(u32, FlagOutcome)>,
    tier: Option<u32>,
    /// A family plan's approach and outcome (words) and days to treatment.
    plan: Option<PackedPlan>,
    actions: Vec<u32>,
    language: Option<u32>,
    intervention_level: Option<u32>,
    seal: Seal,
    sealed_hash: Option<[u8; 32]>,
}

/// A [`PlanSummary`](super::PlanSummary): approach and outcome words, days to treatment, and
/// the id of the session it continues.
type PackedPlan = (Option<u32>, Option<u32>, Option<u32>, Option<String>);

/// Bytes written as one byte string (what `&[u8]` reads back without copying).
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

/// A loaded cache file: where each entry is in its bytes, by relative path.
pub(crate) struct Cache {
    bytes: Vec<u8>,
    /// Where each word of the word list is in the bytes.
    words: Vec<(usize, usize)>,
    /// Where each entry is.
    index: Index,
    len: usize,
}

/// Where an entry's parts are in the file's bytes (start and length; a cache file is under
/// 4 GB), and its stamp.
#[derive(Clone, Copy)]
struct Span {
    rel: (u32, u32),
    id: (u32, u32),
    summary: (u32, u32),
    stamp: Stamp,
}

impl Cache {
    /// The cache file, if it exists, is whole (checksum), has this format, these summary rules
    /// and brief version, and belongs to the data folder `root`. Anything else is ignored.
    pub(crate) fn load(file: &Path, root: &[u8]) -> Option<Self> {
        let bytes = fs::read(file).ok()?;
        let body_len = bytes.len().checked_sub(8)?;
        let (body, sum) = bytes.split_at(body_len);
        if u64::from_le_bytes(sum.try_into().ok()?) != checksum(body) {
            return None;
        }
        let (head, rest): (HeadIn<'_>, &[u8]) = postcard::take_from_bytes(body).ok()?;
        (head.magic == MAGIC
            && head.format == FORMAT_VERSION
            && head.rules == super::SUMMARY_RULES
            && head.brief == env!("CARGO_PKG_VERSION")
            && head.root == root)
            .then_some(())?;
        let base = body.as_ptr() as usize;
        let span = |b: &[u8]| {
            let start = b.as_ptr() as usize - base;
            (start, start + b.len())
        };
        let words = head.words.iter().map(|w| span(w.as_bytes())).collect();
        let mut entries = postcard::Deserializer::from_bytes(rest);
        let index =
            serde::de::DeserializeSeed::deserialize(IndexSeed { base }, &mut entries).ok()?;
        entries.finalize().ok().filter(|left| left.is_empty())?;
        let len = index.len();
        drop(head);
        Some(Self {
            bytes,
            words,
            index,
            len,
        })
    }

    /// How many entries the cache holds.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The entry for the file at `rel` (relative to the data folder).
    pub(crate) fn get(&self, rel: &[u8]) -> Option<Entry<'_>> {
        let span = self.index.get(&key(rel))?;
        // Every part is checked here, once: an entry's accessors then cannot fail.
        let whole = self.part(span.rel)? == rel
            && self.part(span.summary).is_some()
            && std::str::from_utf8(self.part(span.id)?).is_ok();
        whole.then_some(Entry { cache: self, span })
    }

    /// The bytes at `(start, length)`.
    fn part(&self, (start, len): (u32, u32)) -> Option<&[u8]> {
        let start = usize::try_from(start).ok()?;
        self.bytes
            .get(start..start.checked_add(usize::try_from(len).ok()?)?)
    }

    /// The word at `code` in the word list.
    fn word(&self, code: u32) -> Option<&str> {
        let &(a, b) = self.words.get(usize::try_from(code).ok()?)?;
        std::str::from_utf8(self.bytes.get(a..b)?).ok()
    }
}

/// The words of one cache as one worker has made them, by code: decoding many summaries makes
/// each word once, and no two workers share a word's counter.
#[derive(Default)]
pub(crate) struct Words(Vec<Option<Word>>);

impl Words {
    /// Codes below this are remembered; a word list longer than this is not what a clinic's
    /// files give, and its further words are looked up each time.
    const REMEMBERED: usize = 4096;

    fn get(&mut self, cache: &Cache, code: u32) -> Option<Word> {
        let at = usize::try_from(code).ok()?;
        if at >= Self::REMEMBERED {
            return cache.word(code).map(Word::new);
        }
        if self.0.len() <= at {
            self.0.resize(at + 1, None);
        }
        if self.0[at].is_none() {
            self.0[at] = Some(Word::new(cache.word(code)?));
        }
        self.0[at].clone()
    }
}

/// One file's entry in a loaded cache (small: where it is, not its parts).
#[derive(Clone, Copy)]
pub(crate) struct Entry<'a> {
    cache: &'a Cache,
    span: &'a Span,
}

impl<'a> Entry<'a> {
    /// The stamp the file had when the entry was written.
    pub(crate) fn stamp(&self) -> Stamp {
        self.span.stamp
    }

    /// The file's path relative to the data folder.
    fn rel(&self) -> &'a [u8] {
        self.cache.part(self.span.rel).unwrap_or_default()
    }

    /// The session id (for sorting before the summary is decoded).
    pub(crate) fn id(&self) -> &'a str {
        let cache: &'a Cache = self.cache;
        cache
            .part(self.span.id)
            .and_then(|b| std::str::from_utf8(b).ok())
            .unwrap_or_default()
    }

    /// The packed summary.
    fn packed(&self) -> &'a [u8] {
        self.cache.part(self.span.summary).unwrap_or_default()
    }

    /// The summary, for the file at `path` (`words`: what this worker decoded before, from
    /// this cache); the path back if the entry does not decode.
    pub(crate) fn summary(
        &self,
        path: PathBuf,
        words: &mut Words,
    ) -> Result<SessionSummary, PathBuf> {
        match self.unpack(words) {
            Some(mut summary) => {
                summary.path = path;
                Ok(summary)
            }
            None => Err(path),
        }
    }

    fn unpack(&self, words: &mut Words) -> Option<SessionSummary> {
        let Packed {
            clinician,
            protocol,
            created: (secs, nanos, offset),
            minutes,
            status,
            components,
            steps,
            stage,
            instrument,
            zone,
            amendments,
            safety,
            tier,
            plan,
            actions,
            language,
            intervention_level,
            seal,
            sealed_hash,
        } = postcard::from_bytes(self.packed()).ok()?;
        let cache = self.cache;
        let mut word = |code: u32| words.get(cache, code);
        let offset = chrono::FixedOffset::east_opt(offset)?;
        let created = chrono::DateTime::from_timestamp(secs, nanos)?.with_timezone(&offset);
        let mut option =
            |code: Option<u32>| code.map(&mut word).map_or(Some(None), |w| w.map(Some));
        let (stage, instrument, zone, tier) = (
            option(stage)?,
            option(instrument)?,
            option(zone)?,
            option(tier)?,
        );
        let (language, intervention_level) = (option(language)?, option(intervention_level)?);
        let plan = match plan {
            None => None,
            Some((approach, outcome, days_to_treatment, continues)) => Some(super::PlanSummary {
                approach: option(approach)?,
                outcome: option(outcome)?,
                days_to_treatment,
                continues,
            }),
        };
        Some(SessionSummary {
            path: PathBuf::new(),
            id: self.id().to_owned(),
            clinician: word(clinician)?,
            protocol: word(protocol)?,
            created,
            minutes,
            status,
            components: components
                .into_iter()
                .map(&mut word)
                .collect::<Option<_>>()?,
            steps: steps
                .into_iter()
                .map(|(code, outcome)| Some((word(code)?, outcome)))
                .collect::<Option<_>>()?,
            stage,
            instrument,
            zone,
            amendments,
            safety: safety
                .into_iter()
                .map(|(code, outcome)| Some((word(code)?, outcome)))
                .collect::<Option<_>>()?,
            tier,
            plan,
            actions: actions.into_iter().map(&mut word).collect::<Option<_>>()?,
            language,
            intervention_level,
            seal,
            sealed_hash,
        })
    }
}

/// An entry of the next cache file: kept from the old one, or new.
pub(crate) enum NewEntry<'a> {
    /// As it was in the old cache (its bytes are copied, its words keep their places).
    Kept(Entry<'a>),
    /// A file read now.
    New {
        rel: Vec<u8>,
        stamp: Stamp,
        summary: Box<SessionSummary>,
    },
}

impl<'a> NewEntry<'a> {
    /// An entry for the file at `rel` with this stamp and summary.
    pub(crate) fn new(rel: &[u8], stamp: Stamp, s: &SessionSummary) -> Self {
        Self::New {
            rel: rel.to_vec(),
            stamp,
            summary: Box::new(s.clone()),
        }
    }

    /// The entry kept as it was in the old cache.
    pub(crate) fn kept(entry: &Entry<'a>) -> Self {
        Self::Kept(*entry)
    }
}

/// The next cache file's word list: the old file's words in their places (kept entries name
/// them by place), then the new ones.
#[derive(Default)]
struct Dictionary {
    words: Vec<Word>,
    codes: HashMap<Word, u32>,
}

impl Dictionary {
    fn code(&mut self, word: &Word) -> Option<u32> {
        if let Some(&code) = self.codes.get(word) {
            return Some(code);
        }
        let code = u32::try_from(self.words.len()).ok()?;
        self.words.push(word.clone());
        self.codes.insert(word.clone(), code);
        Some(code)
    }

    fn pack(&mut self, s: &SessionSummary) -> Option<Vec<u8>> {
        let SessionSummary {
            path: _,
            id: _,
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
            amendments,
            safety,
            tier,
            plan,
            actions,
            language,
            intervention_level,
            seal,
            sealed_hash,
        } = s;
        let mut option = |w: &Option<Word>| {
            w.as_ref()
                .map(|w| self.code(w))
                .map_or(Some(None), |c| c.map(Some))
        };
        let (stage, instrument, zone, tier) = (
            option(stage)?,
            option(instrument)?,
            option(zone)?,
            option(tier)?,
        );
        let (language, intervention_level) = (option(language)?, option(intervention_level)?);
        let plan = match plan {
            None => None,
            Some(p) => Some((
                option(&p.approach)?,
                option(&p.outcome)?,
                p.days_to_treatment,
                p.continues.clone(),
            )),
        };
        let packed = Packed {
            clinician: self.code(clinician)?,
            protocol: self.code(protocol)?,
            created: (
                created.timestamp(),
                created.timestamp_subsec_nanos(),
                created.offset().local_minus_utc(),
            ),
            minutes: *minutes,
            status: *status,
            components: components
                .iter()
                .map(|c| self.code(c))
                .collect::<Option<_>>()?,
            steps: steps
                .iter()
                .map(|(step, outcome)| Some((self.code(step)?, *outcome)))
                .collect::<Option<_>>()?,
            stage,
            instrument,
            zone,
            amendments: *amendments,
            safety: safety
                .iter()
                .map(|(rule, outcome)| Some((self.code(rule)?, *outcome)))
                .collect::<Option<_>>()?,
            tier,
            plan,
            actions: actions
                .iter()
                .map(|a| self.code(a))
                .collect::<Option<_>>()?,
            language,
            intervention_level,
            seal: *seal,
            sealed_hash: *sealed_hash,
        };
        postcard::to_allocvec(&packed).ok()
    }
}

/// The bytes of a cache file for the data folder `root` with these entries (kept entries all
/// from one old cache).
pub(crate) fn assemble(root: &[u8], entries: &[NewEntry<'_>]) -> Option<Vec<u8>> {
    assemble_with(FORMAT_VERSION, super::SUMMARY_RULES, root, entries)
}

fn assemble_with(
    format: u32,
    rules: u32,
    root: &[u8],
    entries: &[NewEntry<'_>],
) -> Option<Vec<u8>> {
    let old = entries.iter().find_map(|e| match e {
        NewEntry::Kept(entry) => Some(entry.cache),
        NewEntry::New { .. } => None,
    });
    let mut dictionary = Dictionary::default();
    // Words no entry names any more pile up in the old list as clinicians come and go; when
    // they outnumber what the entries could name, every summary is packed afresh.
    let afresh = old.is_some_and(|c| c.words.len() > 4 * entries.len() + 1024);
    if let Some(cache) = old.filter(|_| !afresh) {
        for code in 0..cache.words.len() {
            let word = Word::new(cache.word(u32::try_from(code).ok()?)?);
            // A word listed twice keeps its first place; both places decode the same.
            dictionary.words.push(word.clone());
            dictionary
                .codes
                .entry(word)
                .or_insert(u32::try_from(code).ok()?);
        }
    }
    let mut words = Words::default();
    let mut packed: Vec<std::borrow::Cow<'_, [u8]>> = Vec::with_capacity(entries.len());
    for e in entries {
        packed.push(match e {
            NewEntry::Kept(entry) if !afresh => std::borrow::Cow::Borrowed(entry.packed()),
            NewEntry::Kept(entry) => {
                std::borrow::Cow::Owned(dictionary.pack(&entry.unpack(&mut words)?)?)
            }
            NewEntry::New { summary, .. } => std::borrow::Cow::Owned(dictionary.pack(summary)?),
        });
    }
    let head = HeadOut {
        magic: MAGIC,
        format,
        rules,
        brief: env!("CARGO_PKG_VERSION"),
        root: Bytes(root),
        words: dictionary.words.iter().map(Word::as_str).collect(),
    };
    let body = EntriesOut {
        entries,
        summaries: &packed,
    };
    // Room for it all at once (a little more than each entry's parts, a stamp at most 70
    // bytes): no copying as it grows.
    let room = 1024
        + root.len()
        + head.words.iter().map(|w| w.len() + 5).sum::<usize>()
        + entries
            .iter()
            .zip(&packed)
            .map(|(e, summary)| {
                let (rel, id) = match e {
                    NewEntry::Kept(entry) => (entry.rel().len(), entry.id().len()),
                    NewEntry::New { rel, summary, .. } => (rel.len(), summary.id.len()),
                };
                rel + id + summary.len() + 100
            })
            .sum::<usize>();
    let bytes = postcard::to_extend(&head, Vec::with_capacity(room)).ok()?;
    let mut bytes = postcard::to_extend(&body, bytes).ok()?;
    let sum = checksum(&bytes);
    bytes.extend_from_slice(&sum.to_le_bytes());
    Some(bytes)
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

/// The hash of a relative path, the index's key.
fn key(rel: &[u8]) -> u64 {
    let mut h = super::word::QuickHasher::default();
    h.write(rel);
    h.finish()
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
        let now = std::time::UNIX_EPOCH + std::time::Duration::new(1_000, 0);
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
        let summary = crate::audit::tests::summary_of_closed_session();
        let entry = NewEntry::new(b"x/abc.ron", stamp(5, 5), &summary);
        let bytes = assemble(root, std::slice::from_ref(&entry)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c");
        fs::write(&file, &bytes).unwrap();
        let loaded = Cache::load(&file, root);
        assert!(loaded.is_some(), "an intact cache loads");
        let got = loaded.as_ref().and_then(|c| c.get(b"x/abc.ron"));
        assert_eq!(
            got.and_then(|e| {
                e.summary(PathBuf::from("x/abc.ron"), &mut Words::default())
                    .ok()
            }),
            Some(SessionSummary {
                path: PathBuf::from("x/abc.ron"),
                ..summary.clone()
            }),
            "its entry gives the summary back"
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
        for (format, rules, what) in [
            (
                FORMAT_VERSION + 1,
                crate::audit::SUMMARY_RULES,
                "another format",
            ),
            (
                FORMAT_VERSION,
                crate::audit::SUMMARY_RULES + 1,
                "other summary rules",
            ),
        ] {
            let other = assemble_with(format, rules, root, std::slice::from_ref(&entry));
            fs::write(&file, other.unwrap()).unwrap();
            assert!(
                Cache::load(&file, root).is_none(),
                "{what} is ignored, checksum or not"
            );
        }
    }

    /// Loads `bytes` as a cache of `root` and decodes the entry at `rel`.
    fn decoded(bytes: &[u8], root: &[u8], rel: &[u8]) -> Option<SessionSummary> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c");
        fs::write(&file, bytes).unwrap();
        let cache = Cache::load(&file, root)?;
        let entry = cache.get(rel)?;
        entry.summary(PathBuf::new(), &mut Words::default()).ok()
    }

    #[test]
    fn kept_entries_keep_their_words_when_new_words_come() {
        let root = b"/data";
        let first = crate::audit::tests::summary_of_closed_session();
        let mut second = first.clone();
        second.id = "20261130-081500-00000000000000ff".to_owned();
        second.clinician = Word::new("c-someone-new");
        second.components.insert(0, Word::new("a-new-component"));
        second.stage = None;
        second.zone = Some(Word::new("a-new-zone"));
        let one = assemble(root, &[NewEntry::new(b"a.ron", stamp(5, 5), &first)]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c");
        fs::write(&file, &one).unwrap();
        let old = Cache::load(&file, root).unwrap();
        let kept = old.get(b"a.ron").unwrap();
        let two = assemble(
            root,
            &[
                NewEntry::new(b"b.ron", stamp(6, 6), &second),
                NewEntry::kept(&kept),
            ],
        )
        .unwrap();
        assert_eq!(
            decoded(&two, root, b"a.ron"),
            Some(SessionSummary {
                path: PathBuf::new(),
                ..first.clone()
            }),
            "the kept entry reads as before"
        );
        assert_eq!(
            decoded(&two, root, b"b.ron"),
            Some(SessionSummary {
                path: PathBuf::new(),
                ..second
            }),
            "the new one with its new words"
        );
        assert!(
            two.len() < one.len() * 2,
            "the second summary names the shared words by place"
        );
    }

    #[test]
    fn a_word_list_of_mostly_dead_words_is_packed_afresh() {
        let root = b"/data";
        let first = crate::audit::tests::summary_of_closed_session();
        let many: Vec<SessionSummary> = (0..1200)
            .map(|i| {
                let mut s = first.clone();
                s.clinician = Word::new(&format!("c-{i}"));
                s
            })
            .collect();
        let entries: Vec<NewEntry<'_>> = many
            .iter()
            .enumerate()
            .map(|(i, s)| NewEntry::new(format!("{i}.ron").as_bytes(), stamp(5, 5), s))
            .collect();
        let big = assemble(root, &entries).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c");
        fs::write(&file, &big).unwrap();
        let old = Cache::load(&file, root).unwrap();
        let kept = old.get(b"7.ron").unwrap();
        let small = assemble(root, &[NewEntry::kept(&kept)]).unwrap();
        assert!(
            small.len() < 2000,
            "the dead words are gone: {}",
            small.len()
        );
        assert_eq!(
            decoded(&small, root, b"7.ron").map(|s| s.clinician),
            Some(Word::new("c-7")),
            "and the kept entry reads as before"
        );
    }
}
