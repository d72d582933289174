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

use crate::session::{FORMAT_VERSION, Session, SessionId, SessionV0};

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

/// Every session found, and every file that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    /// Sessions with their files, sorted by id.
    pub sessions: Vec<(PathBuf, Session)>,
    /// Files that could not be read, sorted by path.
    pub unreadable: Vec<Unreadable>,
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
        write_atomic(&path, to_ron(session).as_bytes())
    }

    /// Saves without the fsyncs: for writing thousands of demo sessions quickly. Still atomic
    /// against a crash of this process, not against a power cut.
    pub fn save_unsynced(&self, session: &Session) -> Result<(), StoreError> {
        let path = self.path_for(&session.id);
        let dir = path.parent().unwrap_or_else(|| Path::new("."));
        create_private_dir(dir)?;
        let tmp = dir.join(format!(".{}.tmp-{}", session.id, std::process::id()));
        let mut file = private_options()
            .write(true)
            .truncate(true)
            .open(&tmp)
            .map_err(StoreError::io("cannot write", &tmp))?;
        file.write_all(to_ron(session).as_bytes())
            .map_err(StoreError::io("cannot write", &tmp))?;
        fs::rename(&tmp, &path).map_err(StoreError::io("cannot replace", &path))
    }

    /// Loads a session by id.
    pub fn load(&self, id: &SessionId) -> Result<Session, StoreError> {
        let path = self.path_for(id);
        if !path.exists() {
            return Err(StoreError::NotFound(id.to_string()));
        }
        read_session(&path)
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
    pub fn list(&self) -> Listing {
        list_dir(&self.sessions_dir())
    }

    /// The sessions of the most recent `months` month folders (`sessions/YYYY/MM`), newest
    /// first: what the start view needs, without reading a clinic's whole history.
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
        let mut listing = Listing::default();
        for dir in month_dirs.into_iter().take(months) {
            let part = list_dir(&dir);
            listing.sessions.extend(part.sessions);
            listing.unreadable.extend(part.unreadable);
        }
        listing.sessions.sort_by(|a, b| a.1.id.cmp(&b.1.id));
        listing
    }
}

fn sorted_subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    dirs.sort();
    dirs
}

/// Every `*.ron` session under `dir`, recursively; unreadable files are reported, not fatal.
pub fn list_dir(dir: &Path) -> Listing {
    let mut listing = Listing::default();
    let mut files = Vec::new();
    collect_ron_files(dir, &mut files, &mut listing.unreadable);
    for path in files {
        match read_session(&path) {
            Ok(session) => listing.sessions.push((path, session)),
            Err(e) => listing.unreadable.push(Unreadable {
                reason: reason(&e),
                path,
            }),
        }
    }
    listing.sessions.sort_by(|a, b| a.1.id.cmp(&b.1.id));
    listing.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    listing
}

/// The error in words, without the path (which the listing prints first).
fn reason(e: &StoreError) -> String {
    match e {
        StoreError::Io { error, .. } if error.kind() == io::ErrorKind::InvalidData => {
            "not a readable session file: not UTF-8 text".to_owned()
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

/// Collects `*.ron` files under `dir` (skipping dot-files: temporary files of a save).
pub fn collect_ron_files(dir: &Path, files: &mut Vec<PathBuf>, unreadable: &mut Vec<Unreadable>) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return,
        Err(e) => {
            unreadable.push(Unreadable {
                path: dir.to_path_buf(),
                reason: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        match classify_entry(&entry) {
            Some(EntryKind::Folder) => collect_ron_files(&entry.path(), files, unreadable),
            Some(EntryKind::SessionFile) => files.push(entry.path()),
            None => {}
        }
    }
}

/// What a folder entry is to a walk over session files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A folder to walk into.
    Folder,
    /// A `*.ron` file to read as a session.
    SessionFile,
}

/// The one rule for which entries a walk over session files follows: dot-files (the temporary
/// files of a save) are skipped, folders are walked (not through links), `*.ron` files read.
pub fn classify_entry(entry: &fs::DirEntry) -> Option<EntryKind> {
    let path = entry.path();
    let hidden = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'));
    let kind = entry.file_type().ok()?;
    if hidden {
        None
    } else if kind.is_dir() {
        Some(EntryKind::Folder)
    } else if path.extension().is_some_and(|e| e == "ron") {
        Some(EntryKind::SessionFile)
    } else {
        None
    }
}

/// Reads one session file, migrating older formats.
pub fn read_session(path: &Path) -> Result<Session, StoreError> {
    let text = fs::read_to_string(path).map_err(StoreError::io("cannot read", path))?;
    parse_session(path, &text)
}

/// Parses session text (the path is for messages).
pub fn parse_session(path: &Path, text: &str) -> Result<Session, StoreError> {
    #[derive(Deserialize)]
    struct Probe {
        #[serde(default)]
        version: u32,
    }
    let parse_error = |e: ron::error::SpannedError| StoreError::Parse {
        path: path.to_path_buf(),
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    };
    // The probe's own type name would mean nothing to a user: say what was expected.
    let probe: Probe = ron::from_str(text).map_err(|e| {
        let mut error = parse_error(e);
        if let StoreError::Parse { message, .. } = &mut error {
            *message = message.replace("struct `Probe`", "a session record");
        }
        error
    })?;
    match probe.version {
        0 => ron::from_str::<SessionV0>(text)
            .map(SessionV0::migrate)
            .map_err(parse_error),
        FORMAT_VERSION => ron::from_str::<Session>(text).map_err(parse_error),
        found => Err(StoreError::NewerVersion {
            path: path.to_path_buf(),
            found,
        }),
    }
}

/// A session as RON text (the text of its file).
pub fn to_ron(session: &Session) -> String {
    session.to_ron()
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
