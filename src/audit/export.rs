//! The report written out: CSV (one row per session, or one per group), JSON (the whole
//! [`Report`]) and a table for an 80–120 column terminal.
//!
//! Only ids and plain headings are written here; names and wording stay in the protocol files.
//! No egui here.

use std::borrow::Cow;
use std::io::{self, Write};

use crate::terminal::{shown, shown_path};

use super::SessionSummary;
use super::StepOutcome;
use super::aggregate::{Filters, GroupRow, Report, share};
use crate::protocol::Protocol;
use crate::session::Status;

/// What one CSV row stands for when it is not a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    /// One row per clinician: sessions and the share of each component.
    Clinician,
    /// One row per component: how many sessions delivered it, and the share.
    Component,
    /// One row per month (`YYYY-MM`): sessions and the share of each component.
    Month,
    /// One row per ISO week (`YYYY-Www`): sessions and the share of each component.
    Week,
}

/// A cell as exported: a cell a spreadsheet would run as a formula (starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so an exported id can never
/// execute in the quality report (CSV injection). Quoting is left to the CSV writer.
pub fn defuse_formula(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// A CSV writer over `out`: fields quoted only when they hold a comma, a double quote or a line
/// break (RFC 4180, quotes inside doubled), records ended by `\n`, every record as long as the
/// header.
pub(crate) fn csv_writer<W: Write>(out: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Necessary)
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(out)
}

/// Writes one CSV record, each field defused first (see [`defuse_formula`]).
pub(crate) fn csv_line<'a, W: Write>(
    out: &mut csv::Writer<W>,
    fields: impl IntoIterator<Item = &'a str>,
) -> io::Result<()> {
    let cells = fields.into_iter().map(|f| match defuse_formula(f) {
        Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
        Cow::Owned(text) => Cow::Owned(text.into_bytes()),
    });
    out.write_record(cells).map_err(io_error)
}

/// A CSV error as an I/O error of the same kind, so a reader that stops early (`| head`) is
/// still seen as a broken pipe by the caller.
fn io_error(e: csv::Error) -> io::Error {
    let kind = match e.kind() {
        csv::ErrorKind::Io(io) => io.kind(),
        _ => io::ErrorKind::Other,
    };
    io::Error::new(kind, e)
}

/// A share as written in CSV: three decimals.
fn csv_share(share: f64) -> String {
    format!("{share:.3}")
}

/// The flags of one session, in a fixed order: `tampered`, `steps_missing`, `amended`, `open`,
/// `safety_unaddressed`.
pub fn session_flags(s: &SessionSummary) -> Vec<&'static str> {
    let mut flags = Vec::new();
    if s.tampered() {
        flags.push("tampered");
    }
    if s.closed_without_all_steps() {
        flags.push("steps_missing");
    }
    if s.amended() {
        flags.push("amended");
    }
    if s.status == Status::Open {
        flags.push("open");
    }
    if !s.unaddressed().is_empty() {
        flags.push("safety_unaddressed");
    }
    flags
}

/// CSV with one row per session that passes `filters`, sorted by id:
/// `id,clinician,date,minutes,<one 0/1 column per component>,steps_done,stage_at_close,instrument,zone,flags`.
///
/// `minutes` and `stage_at_close` are empty while a session is open; `flags` is `;`-separated.
pub fn write_sessions_csv(
    out: &mut impl Write,
    summaries: &[SessionSummary],
    filters: &Filters,
    protocol: &Protocol,
) -> io::Result<()> {
    let mut out = csv_writer(out);
    let mut header = vec!["id", "clinician", "date", "minutes"];
    header.extend(protocol.components.iter().map(|c| c.id.as_str()));
    header.extend([
        "steps_done",
        "stage_at_close",
        "instrument",
        "zone",
        "flags",
    ]);
    csv_line(&mut out, header)?;

    let mut selected: Vec<&SessionSummary> =
        summaries.iter().filter(|s| filters.in_report(s)).collect();
    let by_id = |a: &&SessionSummary, b: &&SessionSummary| {
        a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path))
    };
    if !selected.is_sorted_by(|a, b| by_id(a, b).is_le()) {
        selected.sort_by(by_id);
    }
    // The cells that are not text of the summary, made in buffers kept from row to row.
    let (mut date, mut minutes, mut steps_done, mut flags) =
        (String::new(), String::new(), String::new(), String::new());
    for s in selected {
        use std::fmt::Write as _;
        let closed = s.status == Status::Closed;
        date.clear();
        write!(date, "{}", s.created.date_naive()).ok();
        minutes.clear();
        if let Some(m) = s.minutes.filter(|_| closed) {
            write!(minutes, "{m}").ok();
        }
        let delivered = protocol.components.iter().map(|c| {
            if s.delivers(protocol, &c.id) {
                "1"
            } else {
                "0"
            }
        });
        steps_done.clear();
        let done = s
            .steps
            .iter()
            .filter(|(_, o)| *o == StepOutcome::Done)
            .count();
        write!(steps_done, "{done}").ok();
        let stage = if closed { s.stage.as_deref() } else { None };
        flags.clear();
        for flag in session_flags(s) {
            if !flags.is_empty() {
                flags.push(';');
            }
            flags.push_str(flag);
        }
        let fields = [s.id.as_str(), s.clinician.as_str(), &date, &minutes]
            .into_iter()
            .chain(delivered)
            .chain([
                steps_done.as_str(),
                stage.unwrap_or_default(),
                s.instrument.as_deref().unwrap_or_default(),
                s.zone.as_deref().unwrap_or_default(),
                &flags,
            ]);
        csv_line(&mut out, fields)?;
    }
    out.flush()
}

/// CSV with one row per group: for clinicians, months and weeks
/// `<group>,sessions,<one share column per component>`; for components `component,count,share`.
/// Shares are fractions with three decimals.
pub fn write_groups_csv(out: &mut impl Write, report: &Report, by: GroupBy) -> io::Result<()> {
    let mut out = csv_writer(out);
    let rows = match by {
        GroupBy::Component => {
            csv_line(&mut out, ["component", "count", "share"])?;
            for c in &report.components {
                csv_line(
                    &mut out,
                    [
                        c.component.as_str(),
                        &c.count.to_string(),
                        &csv_share(c.share),
                    ],
                )?;
            }
            return out.flush();
        }
        GroupBy::Clinician => ("clinician", &report.clinicians),
        GroupBy::Month => ("month", &report.months),
        GroupBy::Week => ("week", &report.weeks),
    };
    let (key, rows): (&str, &Vec<GroupRow>) = rows;
    let mut header = vec![key, "sessions"];
    header.extend(report.components.iter().map(|c| c.component.as_str()));
    csv_line(&mut out, header)?;
    for row in rows {
        let sessions = row.sessions.to_string();
        let shares: Vec<String> = row.components.iter().map(|c| csv_share(c.share)).collect();
        let mut fields = vec![row.group.as_str(), &sessions];
        fields.extend(shares.iter().map(String::as_str));
        csv_line(&mut out, fields)?;
    }
    out.flush()
}

/// The whole report as pretty-printed JSON, with a final newline.
pub fn write_json(out: &mut impl Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report)?;
    out.write_all(b"\n")
}

/// How many rows of a list the table shows before "… and N more".
const LIST_ROWS: usize = 15;
/// Width of a coverage bar, in characters.
const BAR_WIDTH: usize = 30;
/// Widest clinician column.
const MAX_GROUP_WIDTH: usize = 24;

/// A share as a whole percentage.
fn pct(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// A text bar `share` full.
fn bar(share: f64) -> String {
    let full = ((share.clamp(0.0, 1.0) * BAR_WIDTH as f64).round() as usize).min(BAR_WIDTH);
    let mut s = "█".repeat(full);
    s.push_str(&"░".repeat(BAR_WIDTH - full));
    s
}

/// `text` cut to `width` characters, with `…` when cut.
pub(crate) fn fit(text: &str, width: usize) -> Cow<'_, str> {
    if text.chars().count() <= width {
        Cow::Borrowed(text)
    } else {
        let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        Cow::Owned(cut)
    }
}

/// Column headings for the components: the protocol's letters when they are all set and
/// distinct (with a legend), else the ids.
fn component_headings(report: &Report, protocol: &Protocol) -> (Vec<String>, Option<String>) {
    let letters: Vec<&str> = report
        .components
        .iter()
        .map(|c| {
            protocol
                .components
                .iter()
                .find(|p| p.id == c.component)
                .map_or("", |p| p.letter.trim())
        })
        .collect();
    let distinct = letters
        .iter()
        .enumerate()
        .all(|(i, l)| !l.is_empty() && !letters.iter().take(i).any(|o| o == l));
    if distinct && !letters.is_empty() {
        let legend = letters
            .iter()
            .zip(&report.components)
            .map(|(l, c)| format!("{l} {}", c.component))
            .collect::<Vec<_>>()
            .join(" · ");
        (
            letters.iter().map(|l| (*l).to_owned()).collect(),
            Some(legend),
        )
    } else {
        (
            report
                .components
                .iter()
                .map(|c| c.component.clone())
                .collect(),
            None,
        )
    }
}

/// A clinician × component (or period × component) table of percentages.
fn matrix(
    out: &mut impl Write,
    key: &str,
    rows: &[GroupRow],
    headings: &[String],
) -> io::Result<()> {
    let key_width = rows
        .iter()
        .map(|r| r.group.chars().count())
        .chain([key.chars().count()])
        .max()
        .unwrap_or(0)
        .min(MAX_GROUP_WIDTH);
    let widths: Vec<usize> = headings.iter().map(|h| h.chars().count().max(4)).collect();
    write!(out, "  {key:<key_width$}  sessions")?;
    for (h, w) in headings.iter().zip(&widths) {
        write!(out, "  {h:>w$}")?;
    }
    writeln!(out, "   all")?;
    for row in rows {
        write!(
            out,
            "  {:<key_width$}  {:>8}",
            fit(&shown(&row.group), key_width),
            row.sessions
        )?;
        for (c, w) in row.components.iter().zip(&widths) {
            write!(out, "  {:>w$}", pct(c.share))?;
        }
        writeln!(out, "  {:>4}", pct(share(row.all_components, row.sessions)))?;
    }
    Ok(())
}

/// The report as a table for a terminal (80–120 columns). `protocol` supplies the component
/// letters for the column headings.
pub fn write_table(out: &mut impl Write, report: &Report, protocol: &Protocol) -> io::Result<()> {
    let range = match (report.first_date, report.last_date) {
        (Some(a), Some(b)) if a == b => format!(" · {a}"),
        (Some(a), Some(b)) => format!(" · {a} to {b}"),
        _ => String::new(),
    };
    let language = report
        .language
        .as_ref()
        .map(|l| format!(" ({l})"))
        .unwrap_or_default();
    writeln!(
        out,
        "Audit of {} session(s): {} closed, {} open, {} amended{range} · protocol {}{language}",
        report.sessions, report.closed, report.open, report.amended, report.protocol
    )?;
    writeln!(out, "Filters: {}", describe_filters(&report.filters))?;
    if !report.other_protocols.is_empty() {
        let others: Vec<String> = report
            .other_protocols
            .iter()
            .map(|o| match &o.language {
                Some(lang) => format!("{} ({lang}) {} session(s)", o.protocol, o.sessions),
                None => format!("{} {} session(s)", o.protocol, o.sessions),
            })
            .collect();
        writeln!(
            out,
            "Not in this report (one protocol per report; see them with --protocol ID): {}",
            others.join(", ")
        )?;
    }
    if report.sessions == 0 {
        writeln!(out, "\nNo sessions match.")?;
        return flags_table(out, report);
    }

    writeln!(
        out,
        "\nCoverage per component (share of sessions that delivered it)"
    )?;
    let label_width = report
        .components
        .iter()
        .map(|c| c.component.chars().count())
        .chain(["all components".len()])
        .max()
        .unwrap_or(0);
    let count_width = report.sessions.to_string().len() * 2 + 1;
    for c in &report.components {
        writeln!(
            out,
            "  {:<label_width$}  {}  {:>count_width$}  {:>4}",
            c.component,
            bar(c.share),
            format!("{}/{}", c.count, report.sessions),
            pct(c.share)
        )?;
    }
    writeln!(
        out,
        "  {:<label_width$}  {:BAR_WIDTH$}  {:>count_width$}  {:>4}",
        "all components",
        "",
        format!("{}/{}", report.all_components, report.sessions),
        pct(report.all_components_share())
    )?;

    let (headings, legend) = component_headings(report, protocol);
    writeln!(
        out,
        "\nPer clinician (share of sessions that delivered each component)"
    )?;
    if let Some(legend) = &legend {
        writeln!(out, "  {legend}")?;
    }
    matrix(out, "clinician", &report.clinicians, &headings)?;

    writeln!(out, "\nPer month")?;
    matrix(out, "month", &report.months, &headings)?;

    writeln!(out, "\nSteps")?;
    let step_width = report
        .steps
        .iter()
        .map(|s| s.step.chars().count())
        .chain(["step".len()])
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "  {:<step_width$}  {:>8}  {:>19}  {:>8}",
        "step", "done", "skipped with reason", "not done"
    )?;
    for s in &report.steps {
        writeln!(
            out,
            "  {:<step_width$}  {:>8}  {:>19}  {:>8}",
            s.step, s.done, s.skipped_with_reason, s.not_done
        )?;
    }

    if let Some(plan) = &report.plan {
        plan_table(out, plan)?;
        return report_tail(out, report);
    }
    writeln!(
        out,
        "\nStage at close ({} closed session(s))",
        report.closed
    )?;
    let stage_width = report
        .stages
        .iter()
        .map(|s| s.stage.as_deref().map_or(12, |x| x.chars().count()))
        .max()
        .unwrap_or(0);
    for s in &report.stages {
        writeln!(
            out,
            "  {:<stage_width$}  {:>6}  {:>4}",
            s.stage.as_deref().unwrap_or("not recorded"),
            s.count,
            pct(s.share)
        )?;
    }

    if !report.levels.is_empty() {
        writeln!(
            out,
            "\nIntervention level ({} closed session(s))",
            report.closed
        )?;
        let names: Vec<String> = report
            .levels
            .iter()
            .map(|l| match &l.level {
                None => "not recorded".to_owned(),
                Some(id) => protocol
                    .intervention_levels
                    .iter()
                    .find(|x| x.id == *id)
                    .map_or_else(|| id.clone(), |x| x.name.clone()),
            })
            .collect();
        let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
        for (l, name) in report.levels.iter().zip(&names) {
            writeln!(out, "  {name:<width$}  {:>6}  {:>4}", l.count, pct(l.share))?;
        }
    }

    let m = &report.minutes;
    let median = m
        .median
        .map_or_else(|| "none".to_owned(), |x| format!("{x} min"));
    if protocol.billing.codes.is_empty() {
        // No time-based codes (Sweden): the minutes alone.
        writeln!(
            out,
            "\nMinutes ({} closed session(s)): median {median}",
            m.sessions
        )?;
        return zones_and_tail(out, report);
    }
    writeln!(
        out,
        "\nMinutes and billing codes ({} closed session(s)): median {median}",
        m.sessions
    )?;
    let payer_width = m
        .codes
        .iter()
        .map(|c| c.code.chars().count() + 2 + c.payer.chars().count())
        .chain(["below minimum".len()])
        .max()
        .unwrap_or(0);
    for c in &m.codes {
        let label = format!("{}  {}", c.code, c.payer);
        writeln!(out, "  {label:<payer_width$}  {:>6}", c.count)?;
    }
    writeln!(
        out,
        "  {:<payer_width$}  {:>6}",
        "below minimum", m.below_minimum
    )?;
    zones_and_tail(out, report)
}

/// The screening zones, then the rest of the report.
fn zones_and_tail(out: &mut impl Write, report: &Report) -> io::Result<()> {
    writeln!(out, "\nScreening zones (first screening of each session)")?;
    let ins_width = report
        .zones
        .iter()
        .map(|z| z.instrument.chars().count())
        .chain(["no screening".len()])
        .max()
        .unwrap_or(0);
    for z in &report.zones {
        let zones = z
            .zones
            .iter()
            .map(|c| format!("{} {}", c.zone.as_deref().unwrap_or("no result"), c.count))
            .collect::<Vec<_>>()
            .join(" · ");
        writeln!(out, "  {:<ins_width$}  {zones}", z.instrument)?;
    }
    writeln!(
        out,
        "  {:<ins_width$}  {}",
        "no screening", report.no_screening
    )?;

    report_tail(out, report)
}

/// How the family-intervention cases went: approaches, outcomes, days to treatment.
fn plan_table(out: &mut impl Write, plan: &super::family::PlanReport) -> io::Result<()> {
    writeln!(
        out,
        "\nCases ({}; each counted once, at its latest session)",
        plan.cases
    )?;
    let width = plan
        .approaches
        .iter()
        .chain(&plan.outcomes)
        .map(|c| c.name.chars().count())
        .chain(["not yet recorded".len()])
        .max()
        .unwrap_or(0)
        .min(MAX_GROUP_WIDTH);
    let rows = |out: &mut dyn Write,
                title: &str,
                counts: &[super::family::IdCount],
                none: usize|
     -> io::Result<()> {
        writeln!(out, "  {title}")?;
        for c in counts {
            writeln!(
                out,
                "    {:<width$}  {:>6}  {:>4}",
                fit(&c.name, width),
                c.count,
                pct(c.share)
            )?;
        }
        writeln!(
            out,
            "    {:<width$}  {:>6}  {:>4}",
            "not yet recorded",
            none,
            pct(share(none, plan.cases))
        )
    };
    rows(out, "Approach", &plan.approaches, plan.no_approach)?;
    rows(out, "Outcome", &plan.outcomes, plan.no_outcome)?;
    let d = &plan.days_to_treatment;
    let days = match (d.median, d.min, d.max) {
        (Some(m), Some(lo), Some(hi)) => format!("median {m} (range {lo}–{hi})"),
        _ => "none recorded".to_owned(),
    };
    writeln!(
        out,
        "  Entered treatment: {} of {} case(s) ({}); days from first contact to entry, {} case(s): {days}",
        plan.entered_treatment,
        plan.cases,
        pct(plan.entered_share),
        d.cases
    )
}

/// The sessions missing a component, the safety flags and the file flags: the end of every
/// report, whatever its protocol.
fn report_tail(out: &mut impl Write, report: &Report) -> io::Result<()> {
    writeln!(
        out,
        "\nSessions missing a component: {}",
        report.missing.len()
    )?;
    let clinician_width = report
        .missing
        .iter()
        .take(LIST_ROWS)
        .map(|m| m.session.clinician.chars().count())
        .chain(["clinician".len()])
        .max()
        .unwrap_or(0)
        .min(MAX_GROUP_WIDTH);
    if !report.missing.is_empty() {
        writeln!(
            out,
            "  {:<10}  {:<32}  {:<clinician_width$}  missing",
            "date", "id", "clinician"
        )?;
    }
    for m in report.missing.iter().take(LIST_ROWS) {
        let open = if m.session.status == Status::Open {
            " (open)"
        } else {
            ""
        };
        writeln!(
            out,
            "  {:<10}  {:<32}  {:<clinician_width$}  {}{open}",
            m.session.date.to_string(),
            m.session.id,
            fit(&shown(&m.session.clinician), clinician_width),
            m.missing.join(", ")
        )?;
    }
    more(out, report.missing.len())?;
    safety_table(out, report)?;
    flags_table(out, report)
}

/// Safety flags raised, answered and not, overall, per clinician and per rule.
fn safety_table(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let s = &report.safety;
    writeln!(
        out,
        "\nSafety flags: {} raised, {} advice given, {} not given (reason recorded), {} not answered",
        s.total.raised, s.total.given, s.total.not_given, s.total.unaddressed
    )?;
    if s.total.raised == 0 {
        return Ok(());
    }
    let width = s
        .clinicians
        .iter()
        .chain(&s.rules)
        .map(|r| r.group.chars().count())
        .chain(["clinician".len()])
        .max()
        .unwrap_or(0)
        .min(MAX_GROUP_WIDTH);
    for (heading, rows) in [("clinician", &s.clinicians), ("rule", &s.rules)] {
        writeln!(
            out,
            "  {heading:<width$}  raised  given  not given  not answered"
        )?;
        for r in rows {
            let c = &r.counts;
            writeln!(
                out,
                "  {:<width$}  {:>6}  {:>5}  {:>9}  {:>12}",
                fit(&shown(&r.group), width),
                c.raised,
                c.given,
                c.not_given,
                c.unaddressed
            )?;
        }
    }
    Ok(())
}

/// "… and N more" under a list cut at [`LIST_ROWS`].
fn more(out: &mut impl Write, total: usize) -> io::Result<()> {
    if total > LIST_ROWS {
        writeln!(
            out,
            "  … and {} more (--format csv or json lists them all)",
            total - LIST_ROWS
        )?;
    }
    Ok(())
}

fn flags_table(out: &mut impl Write, report: &Report) -> io::Result<()> {
    let f = &report.flags;
    writeln!(out, "\nFlags")?;
    writeln!(
        out,
        "  changed outside brief (tampered): {}",
        f.tampered.len()
    )?;
    for s in f.tampered.iter().take(LIST_ROWS) {
        writeln!(out, "    {}  {}  {}", s.date, s.id, shown(&s.clinician))?;
    }
    more(out, f.tampered.len())?;
    writeln!(
        out,
        "  closed without all steps: {}",
        f.closed_without_all_steps.len()
    )?;
    for s in f.closed_without_all_steps.iter().take(LIST_ROWS) {
        writeln!(out, "    {}  {}  {}", s.date, s.id, shown(&s.clinician))?;
    }
    more(out, f.closed_without_all_steps.len())?;
    writeln!(
        out,
        "  unreadable files (not counted above): {}",
        f.unreadable.len()
    )?;
    for u in f.unreadable.iter().take(LIST_ROWS) {
        writeln!(out, "    {}: {}", shown_path(&u.path), shown(&u.reason))?;
    }
    more(out, f.unreadable.len())?;
    let copies: usize = f.duplicates.iter().map(|d| d.others.len()).sum();
    writeln!(
        out,
        "  duplicate files (the same session id; counted once): {copies}"
    )?;
    for d in f.duplicates.iter().take(LIST_ROWS) {
        for other in &d.others {
            writeln!(
                out,
                "    {}  {} (counted: {})",
                d.id,
                shown_path(other),
                shown_path(&d.counted)
            )?;
        }
    }
    more(out, f.duplicates.len())?;
    for (title, list) in [
        (
            "changed after an audit first saw them (re-sealed)",
            &f.changed_after_seen,
        ),
        ("seen closed, now marked open", &f.reopened_after_seen),
        (
            "seen closed, now missing from the folder",
            &f.missing_after_seen,
        ),
        (
            "amended since an audit first saw them (review)",
            &f.amended_after_seen,
        ),
    ] {
        writeln!(out, "  {title}: {}", list.len())?;
        for p in list.iter().take(LIST_ROWS) {
            writeln!(
                out,
                "    {}  {}  {}  first seen {}",
                p.created.format("%Y-%m-%d"),
                p.id,
                shown(&p.clinician),
                p.first_seen.format("%Y-%m-%d %H:%M")
            )?;
        }
        more(out, list.len())?;
    }
    writeln!(
        out,
        "  safety flags not answered: {}",
        f.unaddressed_safety.len()
    )?;
    for u in f.unaddressed_safety.iter().take(LIST_ROWS) {
        let open = if u.session.status == Status::Open {
            " (open)"
        } else {
            ""
        };
        writeln!(
            out,
            "    {}  {}  {}  {}{open}",
            u.session.date,
            u.session.id,
            shown(&u.session.clinician),
            u.rules.join(", ")
        )?;
    }
    more(out, f.unaddressed_safety.len())?;
    if let Some(e) = &f.pins_error {
        writeln!(out, "  note: {e}")?;
    }
    Ok(())
}

/// The filters in words, or "none".
pub fn describe_filters(filters: &Filters) -> String {
    let Filters {
        from,
        to,
        clinician,
        protocol,
        status,
        tier,
        other_protocols: _,
    } = filters;
    let mut parts = Vec::new();
    if let Some(d) = from {
        parts.push(format!("from {d}"));
    }
    if let Some(d) = to {
        parts.push(format!("to {d}"));
    }
    if let Some(c) = clinician {
        parts.push(format!("clinician {c}"));
    }
    if let Some(p) = protocol {
        parts.push(format!("protocol {p}"));
    }
    match status {
        Some(Status::Open) => parts.push("open sessions".to_owned()),
        Some(Status::Closed) => parts.push("closed sessions".to_owned()),
        None => {}
    }
    if let Some(t) = tier {
        parts.push(format!("prevention tier {t}"));
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

/// Where the supervisor's CSV export is offered to go: `brief-audit-DATE.csv` in the user's
/// downloads folder, else documents, else home; never inside the data folder, where it would
/// sit among the patient records (and travel with them). `None` when every one is inside it.
pub fn default_export_path(
    data_dir: &std::path::Path,
    today: chrono::NaiveDate,
) -> Option<std::path::PathBuf> {
    let user = directories::UserDirs::new();
    let candidates = user.iter().flat_map(|u| {
        [u.download_dir(), u.document_dir(), Some(u.home_dir())]
            .into_iter()
            .flatten()
    });
    export_dir(candidates, data_dir).map(|d| d.join(format!("brief-audit-{today}.csv")))
}

/// The first of `candidates` that is not the data folder or inside it.
fn export_dir<'a>(
    candidates: impl IntoIterator<Item = &'a std::path::Path>,
    data_dir: &std::path::Path,
) -> Option<&'a std::path::Path> {
    let resolved =
        |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let data = resolved(data_dir);
    candidates
        .into_iter()
        .find(|c| !resolved(c).starts_with(&data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_export_goes_outside_the_data_folder() {
        let home = std::path::Path::new("/home/lee");
        let data = home.join("Documents/clinic");
        let downloads = home.join("Downloads");
        let inside = data.join("exports");
        assert_eq!(
            export_dir([inside.as_path(), downloads.as_path()], &data),
            Some(downloads.as_path()),
            "a folder inside the data folder is passed over"
        );
        assert_eq!(
            export_dir([data.as_path(), home], &data),
            Some(home),
            "the data folder itself is passed over; the home folder is the fallback"
        );
        assert_eq!(
            export_dir([data.as_path()], &data),
            None,
            "nothing outside: no default"
        );
    }

    /// The CSV line `fields` make, as written to a file.
    fn line(fields: &[&str]) -> String {
        let mut bytes = Vec::new();
        {
            let mut out = csv_writer(&mut bytes);
            csv_line(&mut out, fields.iter().copied()).unwrap();
            out.flush().unwrap();
        }
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        assert_eq!(
            line(&["c-lee", "x"]),
            "c-lee,x\n",
            "plain text is left alone"
        );
        assert_eq!(
            line(&["lee, a", "x"]),
            "\"lee, a\",x\n",
            "a comma is quoted"
        );
        assert_eq!(
            line(&["say \"hi\"", "x"]),
            "\"say \"\"hi\"\"\",x\n",
            "quotes are doubled inside quotes"
        );
        assert_eq!(line(&["a\nb", "x"]), "\"a\nb\",x\n", "a newline is quoted");
        assert_eq!(
            line(&["a\rb", "x"]),
            "\"a\rb\",x\n",
            "a carriage return is quoted"
        );
        assert_eq!(line(&["", "x"]), ",x\n", "empty stays empty");
    }

    #[test]
    fn a_cell_a_spreadsheet_would_run_as_a_formula_is_defused() {
        assert_eq!(
            line(&["=HYPERLINK(\"x\")"]),
            "\"'=HYPERLINK(\"\"x\"\")\"\n",
            "= is prefixed, then quoted"
        );
        assert_eq!(line(&["+1"]), "'+1\n", "+ is prefixed");
        assert_eq!(line(&["@sum"]), "'@sum\n", "@ is prefixed");
        assert_eq!(line(&["-x"]), "'-x\n", "- is prefixed");
        assert_eq!(line(&["\tx"]), "'\tx\n", "a leading tab is prefixed");
        assert_eq!(
            line(&["\rx"]),
            "\"'\rx\"\n",
            "a leading carriage return is prefixed, then quoted"
        );
        assert_eq!(line(&["c-lee"]), "c-lee\n", "a dash inside is fine");
    }

    #[test]
    fn a_csv_line_joins_quoted_fields() {
        assert_eq!(
            line(&["a", "b,c", "d\"e", ""]),
            "a,\"b,c\",\"d\"\"e\",\n",
            "fields quoted and joined, line ended"
        );
    }

    #[test]
    fn a_write_error_keeps_its_kind() {
        /// A reader that has gone away, as `| head` leaves it.
        struct Closed;
        impl Write for Closed {
            fn write(&mut self, _: &[u8]) -> io::Result<usize> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
            fn flush(&mut self) -> io::Result<()> {
                Err(io::ErrorKind::BrokenPipe.into())
            }
        }
        let set = crate::protocol::ProtocolSet::bundled().unwrap();
        let err = write_sessions_csv(
            &mut Closed,
            &[],
            &Filters::default(),
            set.default_protocol(),
        )
        .unwrap_err();
        assert_eq!(
            err.kind(),
            io::ErrorKind::BrokenPipe,
            "the CLI treats a broken pipe as a normal end"
        );
    }

    #[test]
    fn bars_and_cuts() {
        assert_eq!(
            bar(0.0).chars().filter(|c| *c == '█').count(),
            0,
            "empty bar"
        );
        assert_eq!(
            bar(1.0).chars().filter(|c| *c == '█').count(),
            BAR_WIDTH,
            "full bar"
        );
        assert_eq!(bar(0.5).chars().count(), BAR_WIDTH, "always the same width");
        assert_eq!(fit("abcdef", 4), "abc…", "cut with an ellipsis");
        assert_eq!(fit("abc", 4), "abc", "short text is kept");
    }
}
