//! The command line: `brief check`, `score`, `sessions`, `note`, `demo`; with no command, help.
//!
//! Library errors are typed; here they get context and become exit codes: 0 success, 1 a
//! problem found in files or data, 2 a usage error (unknown id, wrong answers).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::audit::aggregate::{self, Filters, Report};
use crate::audit::export::{self, GroupBy};
use crate::audit::scan::{self, CacheMode};
use crate::protocol::{ProtocolSet, Sex};
use crate::scoring::{self, Profile, Score};
use crate::session::{SessionId, Status};
use crate::store::{self, Store};
use crate::{demo, note};

/// Substance-use brief intervention (SAMHSA TIP 34, FRAMES): guide, score, audit.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, long_about = None)]
pub struct Cli {
    /// Load protocols from this folder instead of the bundled ones (`*.ron` and `instruments/*.ron`).
    #[arg(long, global = true, value_name = "DIR")]
    pub protocols: Option<PathBuf>,

    /// Data folder holding the sessions (default: the platform data dir).
    #[arg(long, global = true, value_name = "DIR")]
    pub data: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check protocol and instrument files; prints `path:line:col: message` per problem.
    Check {
        /// Folder to check (default: the bundled protocols).
        dir: Option<PathBuf>,
    },
    /// Score one instrument from answer indexes in the published form's order.
    #[command(after_help = SCORE_HELP)]
    Score(ScoreArgs),
    /// List the sessions in the data folder, and the files that cannot be read.
    Sessions,
    /// Print the clinical note of a session (by id or file path), ready to paste into a record.
    Note {
        /// Session id or path to its file.
        session: String,
    },
    /// The supervisor's coverage report over a folder of sessions (searched recursively).
    #[command(after_help = AUDIT_HELP)]
    Audit(AuditArgs),
    /// Write sample sessions (`--generate N DIR`), or open the app on a folder of them.
    Demo {
        /// How many sessions to write.
        #[arg(long, value_name = "N")]
        generate: Option<u64>,
        /// Folder to write them to (its `sessions/` subfolder).
        dir: Option<PathBuf>,
        /// Seed, for a reproducible set.
        #[arg(long, default_value_t = 34)]
        seed: u64,
    },
}

const SCORE_HELP: &str = "\
Answers are 0-based option indexes in the order the published form prints them
(AUDIT items 9-10: 0/1/2 score 0/2/4; DAST-10: 0 = Yes, 1 = No; ASSIST Q6-Q7: 0/1/2
score 0/6/3). The single questions take a count (times in the past year). Use - for an
item the form's skip logic leaves out.

Examples:
  brief score audit-c 2 1 1 --sex female
  brief score assist 3 2 1 0 1 0 --substance alcohol --json";

const AUDIT_HELP: &str = "\
Unreadable files are listed on stderr (path: reason), counted in the report and left
untouched; the exit code is 0 unless the folder itself cannot be read.

Examples:
  brief audit /mnt/clinic --from 2026-01-01 --to 2026-03-31
  brief audit /mnt/clinic --clinician c-lee --status closed --format csv > sessions.csv
  brief audit /mnt/clinic --format csv --by clinician";

/// Arguments of `brief audit`.
#[derive(Debug, clap::Args)]
pub struct AuditArgs {
    /// Folder to audit, searched recursively (default: --data, else the platform data dir).
    #[arg(value_name = "DATA_DIR")]
    pub dir: Option<PathBuf>,
    /// Only sessions started on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Only sessions started on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Only this clinician's sessions.
    #[arg(long, value_name = "ID")]
    pub clinician: Option<String>,
    /// Only sessions of this protocol id (its components order the report).
    #[arg(long, value_name = "ID")]
    pub protocol: Option<String>,
    /// Only open or only closed sessions.
    #[arg(long, value_enum)]
    pub status: Option<StatusArg>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,
    /// CSV rows: one per session, or one per group (table and JSON always show everything).
    #[arg(long, value_enum, default_value_t = AuditBy::Session)]
    pub by: AuditBy,
    /// Read every file instead of using the summary cache.
    #[arg(long)]
    pub no_cache: bool,
}

/// `--status` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StatusArg {
    /// Sessions still open.
    Open,
    /// Closed sessions.
    Closed,
}

impl From<StatusArg> for Status {
    fn from(s: StatusArg) -> Self {
        match s {
            StatusArg::Open => Self::Open,
            StatusArg::Closed => Self::Closed,
        }
    }
}

/// `brief audit --format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    /// A table for the terminal.
    Table,
    /// CSV (see `--by`).
    Csv,
    /// The whole report as JSON.
    Json,
}

/// `brief audit --by` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AuditBy {
    /// One CSV row per session.
    Session,
    /// One CSV row per clinician.
    Clinician,
    /// One CSV row per component.
    Component,
    /// One CSV row per month.
    Month,
    /// One CSV row per ISO week.
    Week,
}

/// Parses `YYYY-MM-DD` (for `--from` and `--to`).
fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| format!("\"{text}\" is not a date as YYYY-MM-DD ({e})"))
}

/// Arguments of `brief score`.
#[derive(Debug, clap::Args)]
pub struct ScoreArgs {
    /// Instrument id: audit, audit-c, dast-10, assist, single-alcohol, single-drug.
    pub instrument: String,
    /// One answer per item.
    #[arg(required = true, allow_negative_numbers = true)]
    pub answers: Vec<String>,
    /// Sex, for sex-specific cut-offs (unrecorded: the more sensitive cut-off).
    #[arg(long, value_enum)]
    pub sex: Option<SexArg>,
    /// Age in years.
    #[arg(long)]
    pub age: Option<u32>,
    /// Substance, for the ASSIST.
    #[arg(long)]
    pub substance: Option<String>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `--sex` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum SexArg {
    /// Female.
    Female,
    /// Male.
    Male,
}

impl From<SexArg> for Sex {
    fn from(s: SexArg) -> Self {
        match s {
            SexArg::Female => Self::Female,
            SexArg::Male => Self::Male,
        }
    }
}

/// A usage error: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Runs the command line and returns the exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let code = if e.downcast_ref::<UsageError>().is_some() {
                2
            } else {
                1
            };
            eprintln!("error: {e:#}");
            ExitCode::from(code)
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let Cli {
        protocols,
        data,
        command,
    } = cli;
    match command {
        Some(Command::Check { dir }) => Ok(check(dir.or(protocols).as_deref())),
        Some(Command::Score(args)) => {
            let set = load_protocols(protocols.as_deref())?;
            score(&set, &args)
        }
        Some(Command::Sessions) => sessions(&data_dir(data)?),
        Some(Command::Audit(args)) => {
            let set = load_protocols(protocols.as_deref())?;
            audit(&set, data, args)
        }
        Some(Command::Note { session }) => {
            let set = load_protocols(protocols.as_deref())?;
            note(&set, data, &session)
        }
        Some(Command::Demo {
            generate: Some(n),
            dir,
            seed,
        }) => {
            let Some(dir) = dir.or(data) else {
                return Err(UsageError(
                    "--generate needs a folder: brief demo --generate N DIR".to_owned(),
                )
                .into());
            };
            let set = load_protocols(protocols.as_deref())?;
            generate(&set, &dir, n, seed)
        }
        Some(Command::Demo {
            generate: None,
            dir,
            seed,
        }) => {
            let set = load_protocols(protocols.as_deref())?;
            let dir = match dir.or(data) {
                Some(dir) => dir,
                None => demo_dir()?,
            };
            generate(&set, &dir, 300, seed)?;
            open_window(set, &dir, "brief — demo data")
        }
        None => {
            let set = load_protocols(protocols.as_deref())?;
            open_window(set, &data_dir(data)?, "brief")
        }
    }
}

/// A new throw-away folder for `brief demo`.
fn demo_dir() -> anyhow::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%d-%H%M%S");
    let dir = std::env::temp_dir().join(format!("brief-demo-{stamp}-{}", std::process::id()));
    store::create_private_dir(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    Ok(dir)
}

#[cfg(feature = "gui")]
fn open_window(set: ProtocolSet, dir: &Path, title: &str) -> anyhow::Result<ExitCode> {
    let store = Store::open(dir)
        .with_context(|| format!("cannot open the data folder {}", dir.display()))?;
    crate::ui::run(set, store, title)
        .map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open_window(_set: ProtocolSet, _dir: &Path, _title: &str) -> anyhow::Result<ExitCode> {
    use clap::CommandFactory as _;
    Cli::command().print_help().context("cannot print help")?;
    Err(UsageError(
        "this build has no window (built without the gui feature); use a subcommand".to_owned(),
    )
    .into())
}

/// The data folder: `--data DIR` or the platform data dir.
pub fn data_dir(data: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    data.or_else(Store::default_dir)
        .context("no data folder: give --data DIR")
}

fn sessions(dir: &Path) -> anyhow::Result<ExitCode> {
    let store = Store::open_existing(dir)
        .with_context(|| format!("cannot open the data folder {}", dir.display()))?;
    let listing = store.list();
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{:<32}  {:<16}  {:<12}  {:<6}  {:>5}  {:>10}  flags",
        "id", "started", "clinician", "status", "steps", "components"
    )
    .ok();
    for (_, s) in &listing.sessions {
        let status = match s.status {
            Status::Open => "open",
            Status::Closed => "closed",
        };
        let mut flags = Vec::new();
        if s.is_tampered() {
            flags.push("changed outside brief");
        }
        if !s.amendments.is_empty() {
            flags.push("amended");
        }
        writeln!(
            out,
            "{:<32}  {:<16}  {:<12}  {:<6}  {:>3}/{}  {:>8}/6  {}",
            s.id.as_str(),
            s.created.format("%Y-%m-%d %H:%M").to_string(),
            s.clinician,
            status,
            s.steps_done(),
            s.steps.len(),
            s.delivered().len(),
            flags.join(", ")
        )
        .ok();
    }
    writeln!(
        out,
        "{} session(s), {} unreadable file(s)",
        listing.sessions.len(),
        listing.unreadable.len()
    )
    .ok();
    let mut err = std::io::stderr().lock();
    for u in &listing.unreadable {
        writeln!(
            err,
            "unreadable: {}: {} (left untouched)",
            u.path.display(),
            u.reason
        )
        .ok();
    }
    Ok(ExitCode::SUCCESS)
}

fn audit(set: &ProtocolSet, data: Option<PathBuf>, args: AuditArgs) -> anyhow::Result<ExitCode> {
    let AuditArgs {
        dir,
        from,
        to,
        clinician,
        protocol,
        status,
        format,
        by,
        no_cache,
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
    };
    let cache = if no_cache {
        CacheMode::Bypass
    } else {
        CacheMode::Use
    };
    let scanned = scan::scan(&dir, cache);
    // The per-session CSV needs no aggregation: skip building the report for it.
    let per_session_csv = format == AuditFormat::Csv && by == AuditBy::Session;
    let report = (!per_session_csv).then(|| {
        Report::new(&scanned.summaries, &filters, chosen).with_unreadable(&scanned.unreadable)
    });
    {
        let mut err = std::io::stderr().lock();
        for u in aggregate::unreadable_files(&scanned.unreadable) {
            writeln!(
                err,
                "unreadable: {}: {} (left untouched)",
                u.path.display(),
                u.reason
            )
            .ok();
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let written = match (format, by, &report) {
        (AuditFormat::Csv, AuditBy::Session, _) => {
            export::write_sessions_csv(&mut out, &scanned.summaries, &filters, chosen)
        }
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

fn note(set: &ProtocolSet, dir: Option<PathBuf>, id_or_path: &str) -> anyhow::Result<ExitCode> {
    // A file path needs no data folder.
    let path = Path::new(id_or_path);
    let path = if SessionId::parse(id_or_path).is_none() && path.is_file() {
        path.to_path_buf()
    } else {
        let dir = data_dir(dir)?;
        let store = Store::open_existing(&dir)
            .with_context(|| format!("cannot open the data folder {}", dir.display()))?;
        store
            .resolve(id_or_path)
            .map_err(|e| UsageError(e.to_string()))?
    };
    let session = store::read_session(&path)?;
    let now = chrono::Local::now().fixed_offset();
    print!("{}", note::clinical_note(&session, set, now));
    Ok(ExitCode::SUCCESS)
}

fn generate(set: &ProtocolSet, dir: &Path, n: u64, seed: u64) -> anyhow::Result<ExitCode> {
    let store = Store::open(dir)
        .with_context(|| format!("cannot create the data folder {}", dir.display()))?;
    let end = chrono::Local::now().fixed_offset();
    for i in 0..n {
        let session = demo::session(set, seed, i, end);
        store
            .save_unsynced(&session)
            .with_context(|| format!("cannot write session {i}"))?;
    }
    println!("wrote {n} sessions to {}", store.sessions_dir().display());
    Ok(ExitCode::SUCCESS)
}

/// Loads the bundled set or a folder, with every problem in the error.
pub fn load_protocols(dir: Option<&Path>) -> anyhow::Result<ProtocolSet> {
    let loaded = match dir {
        Some(dir) => ProtocolSet::load_dir(dir),
        None => ProtocolSet::bundled(),
    };
    loaded.map_err(|e| anyhow::anyhow!("protocols are not valid:\n{e}"))
}

fn check(dir: Option<&Path>) -> ExitCode {
    let loaded = match dir {
        Some(dir) => ProtocolSet::load_dir(dir),
        None => ProtocolSet::bundled(),
    };
    match loaded {
        Ok(set) => {
            let steps: usize = set.protocols().iter().map(|p| p.steps.len()).sum();
            let prompts: usize = set
                .protocols()
                .iter()
                .flat_map(|p| &p.steps)
                .map(|s| s.prompts.len())
                .sum();
            let items: usize = set.instruments().iter().map(|i| i.items.len()).sum();
            println!(
                "ok: {} — {} protocol(s) ({steps} steps, {prompts} prompts), {} instruments ({items} items): {}",
                set.origin(),
                set.protocols().len(),
                set.instruments().len(),
                set.instrument_ids().join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            let problems = e.problems();
            let mut err = std::io::stderr().lock();
            for p in &problems {
                writeln!(err, "{p}").ok();
            }
            writeln!(err, "{} problem(s) found", problems.len()).ok();
            ExitCode::from(1)
        }
    }
}

fn score(set: &ProtocolSet, args: &ScoreArgs) -> anyhow::Result<ExitCode> {
    let ScoreArgs {
        instrument,
        answers,
        sex,
        age,
        substance,
        json,
    } = args;
    let Some(ins) = set.instrument(instrument) else {
        return Err(UsageError(format!(
            "unknown instrument \"{instrument}\"; known: {}",
            set.instrument_ids().join(", ")
        ))
        .into());
    };
    let parsed = parse_answers(answers)?;
    let profile = Profile {
        sex: sex.map(Sex::from),
        age: *age,
    };
    let result = scoring::score(ins, &parsed, &profile, substance.as_deref())
        .map_err(|e| UsageError(e.to_string()))?;
    let items: Vec<_> = scoring::items_for(ins, substance.as_deref()).collect();
    if let Some(id) = result.unanswered.first()
        && let Some(item) = items.iter().find(|it| &it.id == id)
    {
        return Err(UsageError(format!(
            "item {} was left out (-) but is asked; allowed {}",
            item.number,
            scoring::allowed_answers(item)
        ))
        .into());
    }
    let mut out = std::io::stdout().lock();
    if *json {
        let report = JsonScore {
            profile,
            score: &result,
        };
        serde_json::to_writer_pretty(&mut out, &report).context("cannot write JSON")?;
        writeln!(out).ok();
    } else {
        write_human(&mut out, ins, &profile, &result).context("cannot write the result")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_answers(answers: &[String]) -> Result<Vec<Option<u32>>, UsageError> {
    answers
        .iter()
        .enumerate()
        .map(|(i, a)| match a.as_str() {
            "-" => Ok(None),
            text => text.parse::<u32>().map(Some).map_err(|_not_a_number| {
                UsageError(format!(
                    "answer {} (\"{text}\") is not a 0-based option index or count",
                    i + 1
                ))
            }),
        })
        .collect()
}

#[derive(serde::Serialize)]
struct JsonScore<'a> {
    profile: Profile,
    #[serde(flatten)]
    score: &'a Score,
}

fn write_human(
    out: &mut impl std::io::Write,
    ins: &crate::protocol::Instrument,
    profile: &Profile,
    s: &Score,
) -> std::io::Result<()> {
    let substance = s
        .substance
        .as_deref()
        .map(|x| format!(" ({x})"))
        .unwrap_or_default();
    writeln!(out, "instrument  {}{substance}", ins.short_name)?;
    let max = s.max_total.map(|m| format!(" of {m}")).unwrap_or_default();
    writeln!(out, "total       {}{max}", s.total)?;
    writeln!(out, "zone        {} — {}", s.zone, s.level)?;
    let escalated = s
        .escalated_to
        .as_deref()
        .map(|z| format!(" (raised to zone {z})"))
        .unwrap_or_default();
    writeln!(out, "action      {}{escalated}", s.action)?;
    let sex = match profile.sex {
        Some(Sex::Female) => "female",
        Some(Sex::Male) => "male",
        None => "sex not recorded",
    };
    let age = profile
        .age
        .map(|a| format!(", age {a}"))
        .unwrap_or_default();
    writeln!(out, "profile     {sex}{age}")?;
    if s.flags.is_empty() {
        writeln!(out, "flags       none")?;
    }
    for f in &s.flags {
        writeln!(out, "flag        {}: {}", f.id, f.message)?;
    }
    Ok(())
}
