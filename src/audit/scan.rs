//! Reads a folder of session files (recursively) into [`SessionSummary`]s.
//!
//! This is the reference implementation: every file read and fully parsed, one after the
//! other. A faster scanner must give exactly the same summaries (a test compares them).

use std::path::Path;

use super::SessionSummary;
use crate::session::seal_status;
use crate::store::{self, Unreadable};

/// Whether to use the summary cache.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheMode {
    /// Use and update the cache in the user's cache folder.
    Use,
    /// Read every file (`--no-cache`).
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

/// Scans `dir` recursively for `*.ron` session files.
pub fn scan(dir: &Path, _cache: CacheMode) -> ScanResult {
    let mut files = Vec::new();
    let mut result = ScanResult::default();
    store::collect_ron_files(dir, &mut files, &mut result.unreadable);
    for path in files {
        result.files_read += 1;
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) => {
                result.unreadable.push(Unreadable {
                    path,
                    reason: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        match store::parse_session(&path, &text) {
            Ok(session) => result.summaries.push(SessionSummary::from_session(
                path,
                &session,
                seal_status(&text),
            )),
            Err(e) => result.unreadable.push(Unreadable {
                reason: e.to_string(),
                path,
            }),
        }
    }
    result.summaries.sort_by(|a, b| a.id.cmp(&b.id));
    result.unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    result
}
