//! `brief sessions`: the sessions of a data folder, one line each, and the unreadable files.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;

use crate::protocol::ProtocolSet;
use crate::session::Status;
use crate::store::{Duplicate, Listed, Store};
use crate::terminal::{NoControls, shown, unreadable_line};

pub(super) fn sessions(set: &ProtocolSet, dir: &Path) -> anyhow::Result<ExitCode> {
    let store = Store::open_existing(dir)
        .with_context(|| format!("cannot open the data folder {}", dir.display()))?;
    let listing = store.list();
    let mut out = NoControls(std::io::stdout().lock());
    writeln!(
        out,
        "{:<32}  {:<16}  {:<12}  {:<6}  {:>5}  {:>10}  flags",
        "id", "started", "clinician", "status", "steps", "components"
    )
    .ok();
    for Listed {
        session: s, seal, ..
    } in &listing.sessions
    {
        let status = match s.status {
            Status::Open => "open",
            Status::Closed => "closed",
        };
        let mut flags = Vec::new();
        if seal.is_changed() {
            flags.push(seal.describe());
        }
        if !s.amendments.is_empty() {
            flags.push("amended".to_owned());
        }
        writeln!(
            out,
            "{:<32}  {:<16}  {:<12}  {:<6}  {:>3}/{}  {:>8}/{}  {}",
            s.id.as_str(),
            s.created.format("%Y-%m-%d %H:%M").to_string(),
            shown(&s.clinician),
            status,
            s.steps_done(),
            s.steps.len(),
            s.delivered().len(),
            set.protocol(&s.protocol.id)
                .unwrap_or_else(|| set.default_protocol())
                .components
                .len(),
            flags.join(", ")
        )
        .ok();
    }
    let copies: usize = listing.duplicates.iter().map(|d| d.others.len()).sum();
    let copies = if copies > 0 {
        format!(", {copies} duplicate file(s) not counted")
    } else {
        String::new()
    };
    writeln!(
        out,
        "{} session(s), {} unreadable file(s){copies}",
        listing.sessions.len(),
        listing.unreadable.len(),
    )
    .ok();
    let mut err = NoControls(std::io::stderr().lock());
    for line in listing.duplicates.iter().flat_map(Duplicate::lines) {
        writeln!(err, "{line}").ok();
    }
    for u in &listing.unreadable {
        writeln!(err, "{}", unreadable_line(&u.path, &u.reason)).ok();
    }
    Ok(ExitCode::SUCCESS)
}
