//! `brief followups`: the follow-ups due in a data folder, as the start view lists them.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::NaiveDate;
use serde::Serialize;

use super::{FollowupsArgs, FollowupsFormat};
use crate::audit::export::{csv_line, csv_writer, fit};
use crate::followup::{self, Due, FollowUp};
use crate::store::{Duplicate, Store};
use crate::terminal::{NoControls, shown, unreadable_line};

pub(super) fn followups(dir: &Path, args: &FollowupsArgs) -> anyhow::Result<ExitCode> {
    let store = Store::open_existing(dir)
        .with_context(|| format!("cannot open the data folder {}", dir.display()))?;
    let visits = followup::scan(&store.sessions_dir());
    let today = chrono::Local::now().date_naive();
    let due_by = args.due_by.unwrap_or_else(|| followup::end_of_week(today));
    let list = visits.due(today, Some(due_by));
    {
        let mut err = NoControls(io::stderr().lock());
        for line in visits.duplicates.iter().flat_map(Duplicate::lines) {
            writeln!(err, "{line}").ok();
        }
        for u in &visits.unreadable {
            writeln!(err, "{}", unreadable_line(&u.path, &u.reason)).ok();
        }
    }
    let stdout = io::BufWriter::new(io::stdout().lock());
    let written = match args.format {
        // The table is for a terminal: values from files cannot steer it. CSV and JSON quote.
        FollowupsFormat::Table => {
            let mut out = NoControls(stdout);
            write_table(&mut out, &list, today, due_by, visits.unreadable.len())
                .and_then(|()| out.flush())
        }
        FollowupsFormat::Csv => {
            let mut out = stdout;
            write_csv(&mut out, &list, today).and_then(|()| out.flush())
        }
        FollowupsFormat::Json => {
            let mut out = stdout;
            write_json(&mut out, &list, today, due_by, visits.unreadable.len())
                .and_then(|()| out.flush())
        }
    };
    match written {
        // A reader that stops early (`| head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        other => other
            .context("cannot write the list")
            .map(|()| ExitCode::SUCCESS),
    }
}

/// "overdue 12 days", "due this week", "later".
fn status_words(f: &FollowUp, today: NaiveDate) -> String {
    match f.when {
        Due::Overdue => {
            let days = f.days_overdue(today);
            format!("overdue {days} day{}", if days == 1 { "" } else { "s" })
        }
        Due::ThisWeek if f.due == today => "due today".to_owned(),
        other => other.words().to_owned(),
    }
}

fn write_table(
    out: &mut impl Write,
    list: &[FollowUp],
    today: NaiveDate,
    due_by: NaiveDate,
    unreadable: usize,
) -> io::Result<()> {
    let count = |d: Due| list.iter().filter(|f| f.when == d).count();
    writeln!(
        out,
        "Follow-ups due by {due_by} (today {today}): {} overdue, {} due this week, {} later",
        count(Due::Overdue),
        count(Due::ThisWeek),
        count(Due::Later)
    )?;
    if !list.is_empty() {
        writeln!(
            out,
            "{:<10}  {:<16}  {:<14}  {:<12}  {:<10}  goal",
            "due", "status", "patient", "clinician", "last visit"
        )?;
    }
    for f in list {
        writeln!(
            out,
            "{:<10}  {:<16}  {:<14}  {:<12}  {:<10}  {}",
            f.due.to_string(),
            status_words(f, today),
            fit(&shown(&f.patient), 14),
            fit(&shown(&f.clinician), 12),
            f.visit.format("%Y-%m-%d").to_string(),
            fit(&shown(&f.goal), 60),
        )?;
    }
    if unreadable > 0 {
        writeln!(
            out,
            "{unreadable} unreadable file(s) (listed on stderr, left untouched)"
        )?;
    }
    Ok(())
}

fn write_csv(out: &mut impl Write, list: &[FollowUp], today: NaiveDate) -> io::Result<()> {
    let mut w = csv_writer(out);
    csv_line(
        &mut w,
        [
            "due",
            "status",
            "days_overdue",
            "patient",
            "clinician",
            "last_visit",
            "goal",
            "protocol",
            "session",
        ],
    )?;
    for f in list {
        let (due, days, visit) = (
            f.due.to_string(),
            f.days_overdue(today).to_string(),
            f.visit.format("%Y-%m-%d").to_string(),
        );
        csv_line(
            &mut w,
            [
                due.as_str(),
                f.when.id(),
                days.as_str(),
                f.patient.as_str(),
                f.clinician.as_str(),
                visit.as_str(),
                f.goal.as_str(),
                f.protocol.as_str(),
                f.session.as_str(),
            ],
        )?;
    }
    w.flush()
}

/// The JSON document: the day, the cut-off, the follow-ups and how many files were unreadable.
#[derive(Serialize)]
struct Document<'a> {
    today: NaiveDate,
    due_by: NaiveDate,
    followups: Vec<Row<'a>>,
    unreadable_files: usize,
}

#[derive(Serialize)]
struct Row<'a> {
    due: NaiveDate,
    status: &'static str,
    days_overdue: i64,
    patient: &'a str,
    clinician: &'a str,
    last_visit: NaiveDate,
    goal: &'a str,
    protocol: &'a str,
    session: &'a str,
}

fn write_json(
    out: &mut impl Write,
    list: &[FollowUp],
    today: NaiveDate,
    due_by: NaiveDate,
    unreadable: usize,
) -> io::Result<()> {
    let doc = Document {
        today,
        due_by,
        followups: list
            .iter()
            .map(|f| Row {
                due: f.due,
                status: f.when.id(),
                days_overdue: f.days_overdue(today),
                patient: &f.patient,
                clinician: &f.clinician,
                last_visit: f.visit.date_naive(),
                goal: &f.goal,
                protocol: &f.protocol,
                session: f.session.as_str(),
            })
            .collect(),
        unreadable_files: unreadable,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::other)?;
    writeln!(out)
}
