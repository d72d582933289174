//! `brief` with no command (and `brief demo`): the clinician window, or help in a build without one.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

#[cfg(not(feature = "gui"))]
use super::{Cli, UsageError};
use crate::protocol::ProtocolSet;
#[cfg(feature = "gui")]
use crate::store::Store;

#[cfg(feature = "gui")]
pub(super) fn open_window(
    set: ProtocolSet,
    dir: &Path,
    title: &str,
    lang: Option<String>,
) -> anyhow::Result<ExitCode> {
    let store = Store::open(dir)
        .with_context(|| format!("cannot open the data folder {}", dir.display()))?;
    crate::ui::run(
        set,
        store,
        title,
        crate::i18n::current().languages().clone(),
        lang,
    )
    .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
pub(super) fn open_window(
    _set: ProtocolSet,
    _dir: &Path,
    _title: &str,
    _lang: Option<String>,
) -> anyhow::Result<ExitCode> {
    use clap::CommandFactory as _;
    Cli::command().print_help().context("cannot print help")?;
    Err(UsageError(
        "this build has no window (built without the gui feature); use a subcommand".to_owned(),
    )
    .into())
}
