//! `brief audit`: the supervisor's coverage report over a folder of sessions.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;

use super::{AuditArgs, AuditBy, AuditFormat, UsageError, data_dir};
use crate::audit::aggregate::{self, Filters, Report};
use crate::audit::export::{self, GroupBy};
use crate::audit::pins;
use crate::audit::scan::{self, CacheMode};
use crate::protocol::ProtocolSet;
use crate::session::Status;
use crate::store::Duplicate;
use crate::terminal::{NoControls, unreadable_line};

pub(super) fn audit(
    set: &ProtocolSet,
    data: Option<PathBuf>,
    args: AuditArgs,
) -> anyhow::Result<ExitCode> {
    let AuditArgs {
        dir,
        from,
        to,
        clinician,
        protocol,
        status,
        tier,
        format,
        by,
        no_cache,
        no_pins,
    } = args;
    if let (Some(from), Some(to)) = (from, to)
        && from > to
    {
        return Err(UsageError(format!("--from {from} is after --to {to}")).into());
    }
    let dir = match dir.or(data) {
        Some(dir) => dir,
        None => data_dir(None)?,
    };
    // The scan reports unreadable files and folders inside; the folder itself must be readable.
    std::fs::read_dir(&dir).with_context(|| format!("cannot read the folder {}", dir.display()))?;
    let chosen = match protocol.as_deref() {
        Some(id) => set.protocol(id).unwrap_or_else(|| {
            let fallback = set.default_protocol();
            eprintln!(
                "note: protocol \"{id}\" is not loaded; its sessions are shown with the components of \"{}\"",
                fallback.id
            );
            fallback
        }),
        None => set.default_protocol(),
    };
    let filters = Filters {
        from,
        to,
        clinician,
        protocol,
        status: status.map(Status::from),
        tier,
        other_protocols: Vec::new(),
    }
    .among(set, chosen);
    if let (Some(tier), Some(prevention)) = (&filters.tier, &chosen.prevention)
        && !prevention.tiers.iter().any(|t| &t.id == tier)
    {
        let known: Vec<&str> = prevention.tiers.iter().map(|t| t.id.as_str()).collect();
        return Err(UsageError(format!(
            "--tier \"{tier}\" is not a prevention tier of {}; known: {}",
            chosen.id,
            known.join(", ")
        ))
        .into());
    }
    let cache = if no_cache {
        CacheMode::Bypass
    } else {
        CacheMode::Use
    };
    let scanned = scan::scan(&dir, cache);
    let pins_dir = (!no_pins).then(pins::default_pins_dir).flatten();
    // The per-session CSV needs no aggregation: skip building the report for it.
    let per_session_csv = format == AuditFormat::Csv && by == AuditBy::Session;
    // The pins are checked (and saved, flushed to disk) while the report or the per-session
    // CSV is made: neither needs them until the report is written.
    let (pinned, (report, sessions_csv)) = std::thread::scope(|scope| {
        let pins = pins_dir.as_ref().map(|pins_dir| {
            scope.spawn(|| {
                let now = chrono::Local::now().fixed_offset();
                pins::check(&dir, pins_dir, &scanned.summaries, now)
            })
        });
        let made = if per_session_csv {
            let mut csv = Vec::new();
            let written =
                export::write_sessions_csv(&mut csv, &scanned.summaries, &filters, chosen);
            (None, Some(written.map(|()| csv)))
        } else {
            let report = Report::new(&scanned.summaries, &filters, chosen)
                .with_unreadable(&scanned.unreadable)
                .with_duplicates(&scanned.duplicates);
            (Some(report), None)
        };
        let pinned = pins.map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        (pinned, made)
    });
    let report = report.map(|report| match &pinned {
        Some(p) => report.with_pins(p),
        None => report,
    });
    {
        let mut err = NoControls(std::io::stderr().lock());
        for u in aggregate::unreadable_files(&scanned.unreadable) {
            writeln!(err, "{}", unreadable_line(&u.path, &u.reason)).ok();
        }
        for line in scanned.duplicates.iter().flat_map(Duplicate::lines) {
            writeln!(err, "{line}").ok();
        }
        if let Some(e) = pinned.as_ref().and_then(|p| p.error.as_ref()) {
            writeln!(err, "note: {e}").ok();
        }
    }
    // The table is for a terminal: values from files cannot steer it. CSV and JSON quote.
    let mut out: Box<dyn std::io::Write> = if format == AuditFormat::Table {
        Box::new(NoControls(std::io::BufWriter::new(
            std::io::stdout().lock(),
        )))
    } else {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    };
    let written = match (format, by, &report) {
        (AuditFormat::Csv, AuditBy::Session, _) => match sessions_csv {
            Some(Ok(csv)) => out.write_all(&csv),
            Some(Err(e)) => Err(e),
            None => Ok(()),
        },
        (_, _, None) => Ok(()),
        (AuditFormat::Table, _, Some(report)) => export::write_table(&mut out, report, chosen),
        (AuditFormat::Json, _, Some(report)) => export::write_json(&mut out, report),
        (AuditFormat::Csv, AuditBy::Clinician, Some(report)) => {
            export::write_groups_csv(&mut out, report, GroupBy::Clinician)
        }
        (AuditFormat::Csv, AuditBy::Component, Some(report)) => {
            export::write_groups_csv(&mut out, report, GroupBy::Component)
        }
        (AuditFormat::Csv, AuditBy::Month, Some(report)) => {
            export::write_groups_csv(&mut out, report, GroupBy::Month)
        }
        (AuditFormat::Csv, AuditBy::Week, Some(report)) => {
            export::write_groups_csv(&mut out, report, GroupBy::Week)
        }
    }
    .and_then(|()| out.flush());
    match written {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(ExitCode::SUCCESS),
        other => other.context("cannot write the report")?,
    }
    if !scanned.unreadable.is_empty() && format != AuditFormat::Table {
        eprintln!(
            "{} unreadable file(s), not counted (listed above)",
            scanned.unreadable.len()
        );
    }
    // The process ends now: handing 100,000 summaries back to the allocator one by one would
    // only delay the exit (about 0.1 s at clinic scale).
    std::mem::forget(scanned);
    std::mem::forget(report);
    Ok(ExitCode::SUCCESS)
}
