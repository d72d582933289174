//! `brief demo`: sample sessions written to a folder (`--generate`), or to a throw-away one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use crate::protocol::ProtocolSet;
use crate::store::{self, Store};

/// A new throw-away folder for `brief demo`.
pub(super) fn demo_dir() -> anyhow::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let dir = std::env::temp_dir().join(format!("brief-demo-{stamp}-{}", std::process::id()));
    store::create_private_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

pub(super) fn generate(
    set: &ProtocolSet,
    dir: &Path,
    n: u64,
    seed: u64,
) -> anyhow::Result<ExitCode> {
    let store = Store::open(dir)
        .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    if has_sessions(&store) {
        anyhow::bail!(
            "{} already holds sessions: demo sessions are written only into a folder without \
             any, so that no session is ever overwritten",
            store.sessions_dir().display()
        );
    }
    let end = chrono::Local::now().fixed_offset();
    for (i, session) in crate::demo::visits(set, seed, n, end).enumerate() {
        // Never replaces a file, even one written since the check above.
        store
            .create_unsynced(&session)
            .with_context(|| format!("cannot write demo session {i}"))?;
    }
    println!("wrote {n} sessions to {}", store.sessions_dir().display());
    Ok(ExitCode::SUCCESS)
}

/// True when the data folder already holds session files.
pub(super) fn has_sessions(store: &Store) -> bool {
    !store::walk(&store.sessions_dir(), false).files.is_empty()
}
