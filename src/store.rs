//! Session files on disk: one readable RON file per session, written so that a crash or a power
//! cut never leaves a session unreadable.
//!
//! Layout: `DATA/sessions/YYYY/MM/<id>.ron`, so a clinic can keep the data dir on a shared
//! drive. Saves write a temporary file in the same folder, fsync it, rename it over the old
//! file and fsync the folder. Files are 0600 and folders 0700. An edit lock (`<id>.lock`, an
//! OS file lock released even when the process dies) keeps two processes off one session.
//! Listing never fails because of one bad file: unreadable files are reported with the reason
//! and never written to.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use serde::Deserialize;

use crate::session::{FORMAT_VERSION, Seal, SealFacts, Session, SessionId, SessionV0, seal_of};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// A file or folder could not be read or written.
    #[error("{action} {}: {error}", path.display())]
    Io {
        /// What was being done ("cannot write").
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// Why (in the message, so not also a `source`).
        error: io::Error,
    },
    /// The file is not a readable session.
    #[error("{}:{line}:{col}: not a readable session file: {message}", path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// Line of the problem.
        line: usize,
        /// Column of the problem.
        col: usize,
        /// RON's message.
        message: String,
    },
    /// Written by a newer version of brief.
    #[error("{}: session format version {found} is newer than this brief understands ({FORMAT_VERSION}); update brief", path.display())]
    NewerVersion {
        /// The file.
        path: PathBuf,
        /// The version in the file.
        found: u32,
    },
    /// Another process holds the edit lock.
    #[error(
        "session {id} is open for editing in another brief process ({holder}); close it there first"
    )]
    Locked {
        /// The session.
        id: SessionId,
        /// What the lock file says about its holder.
        holder: String,
    },
    /// No session with that id or path.
    #[error("no session \"{0}\" in this data folder")]
    NotFound(String),
    /// Larger than any session brief writes.
    #[error("{}: {bytes} bytes is larger than a session file can be ({MAX_SESSION_BYTES} bytes): not read", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        bytes: u64,
    },
    /// The session could not be turned into text; nothing was written.
    #[error("session {id} cannot be saved: {message}")]
    Format {
        /// The session.
        id: SessionId,
        /// Why.
        message: String,
    },
    /// A file is already there (a new session never replaces one).
    #[error("{} already exists: not overwritten", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
    },
}

impl StoreError {
    fn io(action: &'static str, path: &Path) -> impl FnOnce(io::Error) -> Self {
        let path = path.to_path_buf();
        move |error| Self::Io {
            action,
            path,
            error,
        }
    }
}

/// A file that could not be read as a session, and why. It is left untouched.
#[derive(Debug)]
pub struct Unreadable {
    /// The file.
    pub path: PathBuf,
    /// The reason, in plain words.
    pub reason: String,
}

/// A session file that was read, with the seal its text carries.
#[derive(Debug)]
pub struct Listed {
    /// The file.
    pub path: PathBuf,
    /// The session.
    pub session: Session,
    /// Whether the file is as brief wrote it ([`seal_of`]).
    pub seal: Seal,
}

/// Files that hold the same session id: one is counted, the others are listed.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Duplicate {
    /// The session id.
    pub id: String,
    /// The file counted: the one named `<id>.ron`, else the first by path.
    pub counted: PathBuf,
    /// The other files with that id, by path; not counted.
    pub others: Vec<PathBuf>,
}

impl Duplicate {
    /// One line per file not counted, for a listing's error stream.
    pub fn lines(&self) -> impl Iterator<Item = String> + '_ {
        self.others.iter().map(|other| {
            format!(
                "duplicate: {}: the same session as {} (not counted, left untouched)",
                crate::terminal::shown_path(other),
                crate::terminal::shown_path(&self.counted)
            )
        })
    }
}

/// Every session found, and every file that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    /// Sessions with their files, sorted by id; one per id.
    pub sessions: Vec<Listed>,
    /// Files that could not be read, sorted by path.
    pub unreadable: Vec<Unreadable>,
    /// Session ids found in more than one file.
    pub duplicates: Vec<Duplicate>,
}

/// The data folder.
#[derive(Clone, Debug)]
pub struct Store {
    root: PathBuf,
}

impl Store {
    /// The platform data dir (e.g. `~/.local/share/brief` on Linux).
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("org", "brief", "brief").map(|d| d.data_dir().to_path_buf())
    }

    /// Opens (and creates, owner-only) a data folder.
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        create_private_dir(&root.join("sessions"))?;
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    /// Opens a data folder for reading only; nothing is created.
    pub fn open_existing(root: &Path) -> Result<Self, StoreError> {
        fs::read_dir(root).map_err(StoreError::io("cannot read", root))?;
        Ok(Self {
            root: root.to_path_buf(),
        })
    }

    /// The data folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder holding the session files.
    pub fn sessions_dir(&self) -> PathBuf {
        self.root.join("sessions")
    }

    /// Where the session with this id is stored.
    pub fn path_for(&self, id: &SessionId) -> PathBuf {
        let (year, month) = id.year_month();
        self.sessions_dir()
            .join(year)
            .join(month)
            .join(format!("{id}.ron"))
    }

    /// Saves a session atomically. On failure the file on disk is the previous version and the
    /// session in memory is untouched, so the caller can keep it and try again.
    pub fn save(&self, session: &Session) -> Result<(), StoreError> {
        let path = self.path_for(&session.id);
        write_atomic(&path, to_ron(session)?.as_bytes())
    }

    /// Saves without the fsyncs: for tests and benchmarks that write thousands of sessions.
    /// Still atomic against a crash of this process, not against a power cut.
    pub fn save_unsynced(&self, session: &Session) -> Result<(), StoreError> {
        self.write_unsynced(session, |tmp, path| {
            fs::rename(tmp, path).map_err(StoreError::io("cannot replace", path))
        })
    }

    /// Writes a new session without the fsyncs: for writing thousands of demo sessions
    /// quickly. Never replaces a file: [`StoreError::Exists`] if one is there. Still atomic
    /// against a crash of this process, not against a power cut.
    pub fn create_unsynced(&self, session: &Session) -> Result<(), StoreError> {
        self.write_unsynced(session, |tmp, path| {
            // A hard link never replaces an existing file, unlike a rename.
            let linked = fs::hard_link(tmp, path).map_err(|error| {
                if error.kind() == io::ErrorKind::AlreadyExists {
                    StoreError::Exists {
                        path: path.to_path_buf(),
                    }
                } else {
                    StoreError::io("cannot write", path)(error)
                }
            });
            fs::remove_file(tmp).ok();
            linked
        })
    }

    /// Writes the session's text to a temporary file beside its place, then `place`s it.
    fn write_unsynced(
        &self,
        session: &Session,
        place: impl FnOnce(&Path, &Path) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let path = self.path_for(&session.id);
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        create_private_dir(dir)?;
        let text = to_ron(session)?;
        let tmp = dir.join(format!(".{}.ron.tmp-{}", session.id, std::process::id()));
        let written = private_options()
            .write(true)
            .truncate(true)
            .open(&tmp)
            .and_then(|mut file| file.write_all(text.as_bytes()))
            .map_err(StoreError::io("cannot write", &tmp));
        match written {
            Ok(()) => place(&tmp, &path),
            Err(e) => {
                fs::remove_file(&tmp).ok();
                Err(e)
            }
        }
    }

    /// Loads a session by id.
    pub fn load(&self, id: &SessionId) -> Result<Session, StoreError> {
        let path = self.path_for(id);
        if !path.exists() {
            return Err(StoreError::NotFound(id.to_string()));
        }
        read_session(&path)
    }

    /// Loads a session by id, with its file's seal.
    pub fn load_checked(&self, id: &SessionId) -> Result<(Session, Seal), StoreError> {
        let path = self.path_for(id);
        if !path.exists() {
            return Err(StoreError::NotFound(id.to_string()));
        }
        read_checked(&path)
    }

    /// Finds a session by id or by file path.
    pub fn resolve(&self, id_or_path: &str) -> Result<PathBuf, StoreError> {
        if let Some(id) = SessionId::parse(id_or_path) {
            let path = self.path_for(&id);
            if path.exists() {
                return Ok(path);
            }
        }
        let path = PathBuf::from(id_or_path);
        if path.is_file() {
            return Ok(path);
        }
        Err(StoreError::NotFound(id_or_path.to_owned()))
    }

    /// Takes the edit lock of a session; it is released when the lock is dropped or the process
    /// ends, however it ends.
    pub fn lock(&self, id: &SessionId) -> Result<EditLock, StoreError> {
        let path = self.path_for(id).with_extension("lock");
        if let Some(dir) = path.parent() {
            create_private_dir(dir)?;
        }
        let mut file = private_options()
            .read(true)
            .write(true)
            .truncate(false)
            .open(&path)
            .map_err(StoreError::io("cannot open", &path))?;
        match file.try_lock() {
            Ok(()) => {
                file.set_len(0).ok();
                writeln!(file, "pid {}", std::process::id()).ok();
                Ok(EditLock { _file: file })
            }
            Err(fs::TryLockError::WouldBlock) => {
                let holder = fs::read_to_string(&path)
                    .map(|s| s.trim().to_owned())
                    .unwrap_or_default();
                let holder = if holder.is_empty() {
                    "another process".to_owned()
                } else {
                    holder
                };
                Err(StoreError::Locked {
                    id: id.clone(),
                    holder,
                })
            }
            Err(fs::TryLockError::Error(error)) => Err(StoreError::Io {
                action: "cannot lock",
                path,
                error,
            }),
        }
    }

    /// Every session under the sessions folder, and every file that could not be read.
    /// Temporary files left by a save that was killed are removed.
    pub fn list(&self) -> Listing {
        let walk = walk(&self.sessions_dir(), false);
        remove_stale_temp_files(&walk.temp_files);
        listing_of(walk)
    }

    /// The sessions of the most recent `months` month folders (`sessions/YYYY/MM`): what the
    /// start view needs, without reading a clinic's whole history. Temporary files left by a
    /// save that was killed are removed from those folders.
    pub fn list_recent(&self, months: usize) -> Listing {
        let mut month_dirs = Vec::new();
        for year in sorted_subdirs(&self.sessions_dir()).into_iter().rev() {
            for month in sorted_subdirs(&year).into_iter().rev() {
                month_dirs.push(month);
            }
            if month_dirs.len() >= months {
                break;
            }
        }
        let mut all = Walk::default();
        for dir in month_dirs.into_iter().take(months) {
            let part = walk(&dir, false);
            all.files.extend(part.files);
            all.skipped.extend(part.skipped);
            all.temp_files.extend(part.temp_files);
        }
        remove_stale_temp_files(&all.temp_files);
        listing_of(all)
    }
}

fn sorted_subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

fn listing_of(walk: Walk) -> Listing {
    let mut listing = Listing {
        unreadable: walk.skipped,
        ..Listing::default()
    };
    let mut buf = Vec::new();
    for found in walk.files {
        let path = found.path;
        match read_text(&path, &mut buf).and_then(|text| parse_checked(&path, text)) {
            Ok((session, seal)) => listing.sessions.push(Listed {
                path,
                session,
                seal,
            }),
            Err(e) => listing.unreadable.push(Unreadable {
                reason: reason(&e),
                path,
            }),
        }
    }
    listing
        .sessions
        .sort_by(|a, b| a.session.id.cmp(&b.session.id));
    let (kept, duplicates) = dedupe(listing.sessions, |l| l.session.id.as_str(), |l| &l.path);
    listing.sessions = kept;
    listing.duplicates = duplicates;
    listing.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    listing
}

/// Keeps one item per session id from `items` sorted by id, and lists the rest: the file
/// named `<id>.ron` is counted, else the first by path. The same rule for every listing.
pub fn dedupe<T>(
    items: Vec<T>,
    id: impl Fn(&T) -> &str,
    path: impl Fn(&T) -> &Path,
) -> (Vec<T>, Vec<Duplicate>) {
    let mut kept: Vec<T> = Vec::with_capacity(items.len());
    let mut duplicates = Vec::new();
    let mut group: Vec<T> = Vec::new();
    let flush = |group: &mut Vec<T>, kept: &mut Vec<T>, duplicates: &mut Vec<Duplicate>| {
        if group.len() > 1 {
            group.sort_by(|a, b| path(a).cmp(path(b)));
            let named = group
                .iter()
                .position(|g| {
                    path(g)
                        .file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.strip_suffix(".ron") == Some(id(g)))
                })
                .unwrap_or(0);
            let chosen = group.remove(named);
            duplicates.push(Duplicate {
                id: id(&chosen).to_owned(),
                counted: path(&chosen).to_path_buf(),
                others: group.iter().map(|g| path(g).to_path_buf()).collect(),
            });
            group.clear();
            kept.push(chosen);
        } else {
            kept.append(group);
        }
    };
    for item in items {
        if group.first().is_some_and(|g| id(g) != id(&item)) {
            flush(&mut group, &mut kept, &mut duplicates);
        }
        group.push(item);
    }
    flush(&mut group, &mut kept, &mut duplicates);
    (kept, duplicates)
}

/// The error in words, without the path (which the listing prints first).
fn reason(e: &StoreError) -> String {
    match e {
        StoreError::Io { error, .. } if error.kind() == io::ErrorKind::InvalidData => {
            format!("not a readable session file: {error}")
        }
        StoreError::Io { error, .. } => format!("cannot read: {error}"),
        StoreError::Parse {
            line, col, message, ..
        } => format!("{line}:{col}: not a readable session file: {message}"),
        StoreError::NewerVersion { found, .. } => {
            format!(
                "session format version {found} is newer than this brief understands ({FORMAT_VERSION})"
            )
        }
        other => other.to_string(),
    }
}

/// The largest session file read. A session is a few kilobytes; a file this large is not one
/// brief wrote, and reading it whole could exhaust memory.
pub const MAX_SESSION_BYTES: u64 = 4 * 1024 * 1024;

/// A temporary file of a save older than this is left over from a save that was killed.
const STALE_TEMP: Duration = Duration::from_mins(10);

/// A file changed this recently (nanoseconds) is not cached yet: longer than a kernel clock
/// tick, so a later write is sure to get a later status-change time.
const SETTLE_NS: i128 = 50_000_000;

/// On file systems that keep whole seconds only (FAT, some network shares) a file is not
/// cached until this much later.
const SETTLE_COARSE_NS: i128 = 3_000_000_000;

/// Where a file stood when it was found or read (size, modification and status-change times,
/// inode, device): the audit's cache reads a file again if any of this changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Stamp {
    pub(crate) size: u64,
    pub(crate) mtime: i64,
    pub(crate) mtime_ns: i64,
    pub(crate) ctime: i64,
    pub(crate) ctime_ns: i64,
    pub(crate) ino: u64,
    pub(crate) dev: u64,
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
    pub(crate) fn settled(&self, now: std::time::SystemTime) -> bool {
        let Ok(now) = now.duration_since(std::time::UNIX_EPOCH) else {
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

/// A session file found by [`walk`], with its stamp when asked for.
#[derive(Debug)]
pub struct Found {
    /// The file.
    pub path: PathBuf,
    /// Its stamp (not following links), when the walk was asked to stat: only what the cache
    /// compares, not the whole metadata, since a walk keeps 100,000 of these.
    pub stamp: Option<Stamp>,
}

/// What a walk over a folder of session files found.
#[derive(Debug, Default)]
pub struct Walk {
    /// Regular `*.ron` files, in no particular order (listings sort what they read).
    pub files: Vec<Found>,
    /// Entries that are not read, with the reason: folders that cannot be read, `*.ron`
    /// entries that are not regular files (FIFOs, devices, sockets), symbolic links.
    pub skipped: Vec<Unreadable>,
    /// Temporary files of saves (`.<name>.tmp-…`), left by a save that was killed or in
    /// progress in another process.
    pub temp_files: Vec<PathBuf>,
}

/// The one walk over a folder of session files, used by every listing and the audit: every
/// folder below `dir` (an explicit work list, so no depth overflows a stack; each level's
/// folders are read in parallel), regular `*.ron` files only. Symbolic links are never
/// followed, and those named `*.ron` or pointing at a folder are reported; so are `*.ron`
/// entries that are not regular files, which are never opened. Other dot-files are skipped.
pub fn walk(dir: &Path, stat: bool) -> Walk {
    use rayon::prelude::*;
    let mut out = Walk::default();
    let mut level = vec![dir.to_path_buf()];
    while !level.is_empty() {
        let parts: Vec<(Walk, Vec<PathBuf>)> = level
            .par_iter()
            .map(|d| read_folder(d, dir, stat))
            .collect();
        level = Vec::new();
        for (part, folders) in parts {
            out.files.extend(part.files);
            out.skipped.extend(part.skipped);
            out.temp_files.extend(part.temp_files);
            level.extend(folders);
        }
    }
    out
}

/// One folder's entries: what it holds, and its sub-folders.
fn read_folder(dir: &Path, top: &Path, stat: bool) -> (Walk, Vec<PathBuf>) {
    let mut out = Walk::default();
    let mut folders = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if dir == top && e.kind() == io::ErrorKind::NotFound => return (out, folders),
        Err(e) => {
            out.skipped.push(Unreadable {
                path: dir.to_path_buf(),
                reason: format!("cannot read folder: {e}"),
            });
            return (out, folders);
        }
    };
    for entry in entries.flatten() {
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        // The name read from the path the walk keeps anyway (one allocation, not two).
        let path = entry.path();
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let is_ron = name.ends_with(".ron");
        if name.starts_with('.') {
            if kind.is_file() && is_temp_name(&name) {
                out.temp_files.push(path);
            }
        } else if kind.is_dir() {
            folders.push(path);
        } else if kind.is_symlink() {
            if is_ron || fs::metadata(&path).is_ok_and(|m| m.is_dir()) {
                out.skipped.push(Unreadable {
                    path,
                    reason: "a symbolic link: not followed, not read".to_owned(),
                });
            }
        } else if is_ron && kind.is_file() {
            let stamp = if stat {
                entry.metadata().ok().as_ref().and_then(Stamp::of)
            } else {
                None
            };
            out.files.push(Found { path, stamp });
        } else if is_ron {
            out.skipped.push(Unreadable {
                path,
                reason: "not a regular file (a pipe, device or socket): not read".to_owned(),
            });
        }
    }
    (out, folders)
}

/// True for the name of a save's temporary file: `.<file>.tmp-<pid>[-<n>]`.
fn is_temp_name(name: &str) -> bool {
    name.rsplit_once(".tmp-").is_some_and(|(head, tail)| {
        head.len() > 1 && !tail.is_empty() && tail.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    })
}

/// Removes temporary files of saves that are older than any save in progress could be.
fn remove_stale_temp_files(files: &[PathBuf]) {
    let now = std::time::SystemTime::now();
    for path in files {
        let stale = fs::symlink_metadata(path)
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE_TEMP));
        if stale {
            fs::remove_file(path).ok();
        }
    }
}

/// Reads a session file's text into `buf`, safely on a folder anyone can write to: a link is
/// not followed, a pipe is not waited on (the file is opened without blocking and must be a
/// regular file), and a file over [`MAX_SESSION_BYTES`] is refused.
pub fn read_text<'b>(path: &Path, buf: &'b mut Vec<u8>) -> Result<&'b str, StoreError> {
    use std::io::Read as _;
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|error| {
        #[cfg(unix)]
        if error.raw_os_error() == Some(libc::ELOOP) {
            return StoreError::io("cannot read", path)(io::Error::other(
                "a symbolic link: not followed",
            ));
        }
        StoreError::io("cannot read", path)(error)
    })?;
    let meta = file
        .metadata()
        .map_err(StoreError::io("cannot read", path))?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder, not a session file"
        } else {
            "not a regular file (a pipe, device or socket)"
        };
        return Err(StoreError::io("cannot read", path)(io::Error::other(what)));
    }
    if meta.len() > MAX_SESSION_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            bytes: meta.len(),
        });
    }
    // The size is known: one read fills the buffer, a second finds the end (read by hand:
    // `read_to_end` would ask the size again). A file that grew past the limit is refused.
    buf.clear();
    buf.resize(meta.len() as usize + 1, 0);
    let mut filled = 0;
    loop {
        if filled == buf.len() {
            buf.resize(buf.len() * 2, 0);
        }
        match (&file).read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(StoreError::io("cannot read", path)(e)),
        }
        if filled as u64 > MAX_SESSION_BYTES {
            break;
        }
    }
    buf.truncate(filled);
    if buf.len() as u64 > MAX_SESSION_BYTES {
        return Err(StoreError::TooLarge {
            path: path.to_path_buf(),
            bytes: buf.len() as u64,
        });
    }
    std::str::from_utf8(buf).map_err(|_e| {
        StoreError::io("cannot read", path)(io::Error::new(
            io::ErrorKind::InvalidData,
            "not UTF-8 text",
        ))
    })
}

/// Reads one session file, migrating older formats.
pub fn read_session(path: &Path) -> Result<Session, StoreError> {
    read_checked(path).map(|(session, _)| session)
}

/// Reads one session file with its seal.
pub fn read_checked(path: &Path) -> Result<(Session, Seal), StoreError> {
    let mut buf = Vec::new();
    let text = read_text(path, &mut buf)?;
    parse_checked(path, text)
}

/// Parses session text (the path is for messages).
pub fn parse_session(path: &Path, text: &str) -> Result<Session, StoreError> {
    parse_checked(path, text).map(|(session, _)| session)
}

/// Parses session text, migrating older formats, with the seal of that text.
pub fn parse_checked(path: &Path, text: &str) -> Result<(Session, Seal), StoreError> {
    let version = format_version(path, text)?;
    match version {
        0 => {
            let session = ron::from_str::<SessionV0>(text)
                .map(SessionV0::migrate)
                .map_err(parse_error(path))?;
            let facts = SealFacts {
                version: 0,
                ..session.seal_facts()
            };
            Ok((session, seal_of(text, facts)))
        }
        FORMAT_VERSION => {
            let session = ron::from_str::<Session>(text).map_err(parse_error(path))?;
            let seal = seal_of(text, session.seal_facts());
            Ok((session, seal))
        }
        found => Err(StoreError::NewerVersion {
            path: path.to_path_buf(),
            found,
        }),
    }
}

/// The `version` of a session file's text (0 when absent: the first prototype's format).
pub fn format_version(path: &Path, text: &str) -> Result<u32, StoreError> {
    #[derive(Deserialize)]
    #[serde(rename = "session record")]
    struct Versioned {
        #[serde(default)]
        version: u32,
    }
    ron::from_str::<Versioned>(text)
        .map(|v| v.version)
        .map_err(parse_error(path))
}

fn parse_error(path: &Path) -> impl Fn(ron::error::SpannedError) -> StoreError + '_ {
    move |e| StoreError::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: crate::session::plain_message(&e),
    }
}

/// A session as RON text (the text of its file).
pub fn to_ron(session: &Session) -> Result<String, StoreError> {
    session.to_ron().map_err(|e| StoreError::Format {
        id: session.id.clone(),
        message: e.to_string(),
    })
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
}

/// Creates a folder (and its parents) readable by the owner only.
pub fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(StoreError::io("cannot create folder", dir))
}

/// Writes `bytes` to `path` atomically: temp file in the same folder, fsync, rename, fsync folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    create_private_dir(dir)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("session");
    let tmp = dir.join(format!(
        ".{name}.tmp-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = private_options()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(StoreError::io("cannot write", &tmp))?;
        file.write_all(bytes)
            .map_err(StoreError::io("cannot write", &tmp))?;
        file.sync_all()
            .map_err(StoreError::io("cannot flush", &tmp))?;
        drop(file);
        fs::rename(&tmp, path).map_err(StoreError::io("cannot replace", path))?;
        // The rename is durable only once the folder is flushed.
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(StoreError::io("cannot flush folder", dir))
    })();
    if result.is_err() {
        fs::remove_file(&tmp).ok();
    }
    result
}

/// Held while a session is edited; dropping it releases the lock.
#[derive(Debug)]
pub struct EditLock {
    _file: File,
}

/// Decides when to save an edited session: soon after the last change (debounced), and never
/// later than a second after the first unsaved one. A failed save keeps the session marked
/// unsaved and is retried.
#[derive(Debug, Default)]
pub struct Autosave {
    first_unsaved: Option<Instant>,
    last_change: Option<Instant>,
    last_attempt: Option<Instant>,
    error: Option<String>,
}

impl Autosave {
    /// Quiet time after a change before saving.
    pub const DEBOUNCE: Duration = Duration::from_millis(200);
    /// Longest a change stays unsaved while edits keep coming.
    pub const MAX_DELAY: Duration = Duration::from_millis(800);
    /// Wait between attempts after a failure.
    pub const RETRY: Duration = Duration::from_secs(2);

    /// Records that the session changed.
    pub fn changed(&mut self, now: Instant) {
        self.first_unsaved.get_or_insert(now);
        self.last_change = Some(now);
    }

    /// True when there are changes not yet on disk.
    pub fn is_dirty(&self) -> bool {
        self.first_unsaved.is_some()
    }

    /// The last save error, while the session is unsaved.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// True when a save should happen now.
    pub fn due(&self, now: Instant) -> bool {
        let (Some(first), Some(last)) = (self.first_unsaved, self.last_change) else {
            return false;
        };
        if self.error.is_some() {
            return self
                .last_attempt
                .is_none_or(|t| now.duration_since(t) >= Self::RETRY);
        }
        now.duration_since(last) >= Self::DEBOUNCE || now.duration_since(first) >= Self::MAX_DELAY
    }

    /// How long until the next save is due (for scheduling a repaint).
    pub fn next_due_in(&self, now: Instant) -> Option<Duration> {
        let (first, last) = (self.first_unsaved?, self.last_change?);
        let at = if self.error.is_some() {
            self.last_attempt.map_or(now, |t| t + Self::RETRY)
        } else {
            (last + Self::DEBOUNCE).min(first + Self::MAX_DELAY)
        };
        Some(at.saturating_duration_since(now))
    }

    /// Saves if due; returns the error of a failed attempt (the session stays unsaved).
    pub fn save_if_due(
        &mut self,
        store: &Store,
        session: &Session,
        now: Instant,
    ) -> Result<bool, String> {
        if !self.due(now) {
            return Ok(false);
        }
        self.save_now(store, session, now).map(|()| true)
    }

    /// Saves now, whatever the timing (e.g. on quit).
    pub fn save_now(
        &mut self,
        store: &Store,
        session: &Session,
        now: Instant,
    ) -> Result<(), String> {
        self.last_attempt = Some(now);
        match store.save(session) {
            Ok(()) => {
                self.first_unsaved = None;
                self.last_change = None;
                self.error = None;
                Ok(())
            }
            Err(e) => {
                let message = e.to_string();
                self.error = Some(message.clone());
                Err(message)
            }
        }
    }
}
