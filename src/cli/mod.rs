//! The command line: `brief check`, `score`, `sessions`, `note`, `audit`, `followups`, `demo`;
//! with no command, the window.
//!
//! Library errors are typed; here they get context and become exit codes: 0 success, 1 a
//! problem found in files or data, 2 a usage error (unknown id, wrong answers).
//!
//! This file holds the clap types, the dispatch and the helpers several commands share; each
//! command's body is in its own file (`check.rs`, `score.rs`, `sessions.rs`, `note.rs`,
//! `audit.rs`, `followups.rs`, `demo.rs`, `export.rs`, and `window.rs` for no command).

mod audit;
mod check;
mod demo;
mod export;
mod followups;
mod note;
mod score;
mod sessions;
mod window;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::protocol::{ProtocolSet, Sex};
use crate::session::Status;
use crate::store::Store;

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

    /// Language of the program's words (en, sv, or any language folder loaded), and of the
    /// protocols a new session is offered. Default: the window's saved setting, else the
    /// system's language, else English. A session's note keeps the session's own language.
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<String>,

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
    /// Write the take-home sheet of a session (by id or file path) as a PDF; prints its path.
    /// Giving the sheet is recorded in the session when it is made from the window's closing
    /// step; this command only writes the file.
    Handout {
        /// Session id or path to its file.
        session: String,
        /// Where to write it (default: brief-handouts/handout-ID.pdf in your documents folder).
        #[arg(long, value_name = "FILE.pdf")]
        out: Option<PathBuf>,
    },
    /// The supervisor's coverage report over a folder of sessions (searched recursively).
    #[command(after_help = AUDIT_HELP)]
    Audit(AuditArgs),
    /// Follow-ups due: each patient whose latest session set a follow-up date.
    #[command(after_help = FOLLOWUPS_HELP)]
    Followups(FollowupsArgs),
    /// Export sessions for another system: `brief export fhir` (FHIR R4).
    Export {
        /// The format.
        #[command(subcommand)]
        format: ExportFormat,
    },
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
item the form's skip logic leaves out. ASSIST answers are Q2-Q7 of one substance (Q1,
ever used, is implied Yes; Q8, injecting, is given by --injected).

The protocol's safety rules are checked against the answers and the profile: each one
that fires is printed (JSON: `safety`, with `id`, `severity`, `action`, `advice`).

Examples:
  brief score audit-c 2 1 1 --sex female
  brief score audit-c 1 0 0 --sex female --age 30 --pregnant yes
  brief score assist 3 2 1 0 1 0 --substance alcohol --json
  brief score assist 4 3 0 0 0 0 --substance opioids --injected recent";

const AUDIT_HELP: &str = "\
Unreadable files are listed on stderr (path: reason), counted in the report and left
untouched; the exit code is 0 unless the folder itself cannot be read.

Examples:
  brief audit /mnt/clinic --from 2026-01-01 --to 2026-03-31
  brief audit /mnt/clinic --clinician c-lee --status closed --format csv > sessions.csv
  brief audit /mnt/clinic --format csv --by clinician";

const FOLLOWUPS_HELP: &str = "\
A patient is listed while their latest session (by patient reference) holds a follow-up
date: a later session of the same patient is the follow-up, and only its own date counts.
Status: overdue (before today), this_week (today and the six days after), later.
Unreadable files are listed on stderr (path: reason) and left untouched.

Examples:
  brief followups --data /mnt/clinic
  brief followups --data /mnt/clinic --due-by 2026-12-31 --format csv > recall.csv";

/// Arguments of `brief followups`.
#[derive(Debug, clap::Args)]
pub struct FollowupsArgs {
    /// List follow-ups due on or before this day (default: the end of this week, today + 6).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub due_by: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FollowupsFormat::Table)]
    pub format: FollowupsFormat,
}

/// `brief followups --format` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FollowupsFormat {
    /// A table for the terminal.
    Table,
    /// CSV, one row per follow-up.
    Csv,
    /// JSON: the day, the cut-off and the follow-ups.
    Json,
}

/// `brief export` formats.
#[derive(Debug, Subcommand)]
pub enum ExportFormat {
    /// FHIR R4: one session as a transaction Bundle, or a folder as Bulk Data NDJSON.
    #[command(after_help = FHIR_HELP)]
    Fhir(FhirArgs),
}

const FHIR_HELP: &str = "\
A session (an id, or a session file's path) is written as one transaction Bundle (to
stdout, or --out FILE.json) that a FHIR server takes with a POST to its base URL. A folder
(default: --data, else the platform data dir) is searched recursively and written as Bulk
Data output into --out DIR: one NDJSON file per resource type, error.ndjson for files that
could not be exported, and manifest.json. Session files are only read. The patient is only
the session's pseudonymous reference, under the protocol's fhir.patient_system or
--patient-system; no names, and of typed text only the goal in the patient's words.

Examples:
  brief export fhir 20261130-081500-000000005eed0001 --out visit.json
  brief export fhir /mnt/clinic --out /srv/export/2026-q1 --from 2026-01-01 --to 2026-03-31
  brief export fhir /mnt/clinic --out /srv/export/week --since 2026-03-23";

/// Arguments of `brief export fhir`.
#[derive(Debug, clap::Args)]
pub struct FhirArgs {
    /// A session id or file (a Bundle), or a folder of sessions (Bulk Data NDJSON).
    #[arg(value_name = "SESSION|DIR")]
    pub target: Option<String>,
    /// The bundle's file (default: stdout), or the folder for Bulk Data output (required).
    #[arg(long, value_name = "PATH")]
    pub out: Option<PathBuf>,
    /// Folder export: only sessions started on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Folder export: only sessions started on or before this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Folder export: only this clinician's sessions.
    #[arg(long, value_name = "ID")]
    pub clinician: Option<String>,
    /// Folder export: only sessions changed on or after this day.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub since: Option<NaiveDate>,
    /// The patient identifier system (default: the protocol's `fhir.patient_system`).
    #[arg(long, value_name = "URI")]
    pub patient_system: Option<String>,
}

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
    /// Only contacts recorded under this prevention tier (universal, selective, indicated).
    #[arg(long, value_name = "TIER")]
    pub tier: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = AuditFormat::Table)]
    pub format: AuditFormat,
    /// CSV rows: one per session, or one per group (table and JSON always show everything).
    #[arg(long, value_enum, default_value_t = AuditBy::Session)]
    pub by: AuditBy,
    /// Read every file instead of using the summary cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Neither check nor record the seals this audit sees (for a one-off audit of a copy).
    /// By default each closed session's seal is remembered in your own state folder
    /// (`$BRIEF_PINS_DIR`, or `~/.local/state/brief/audit-pins`), and a session changed after an
    /// audit first saw it is flagged, however it was re-sealed.
    #[arg(long)]
    pub no_pins: bool,
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
    /// Pregnancy status, for the pregnancy safety rule and pregnancy cut-offs.
    #[arg(long, value_enum)]
    pub pregnant: Option<PregnantArg>,
    /// ASSIST Q8, injecting (non-medical): never, in the past 3 months, or before that.
    #[arg(long, value_enum)]
    pub injected: Option<InjectedArg>,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// `--pregnant` values.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum PregnantArg {
    /// Pregnant.
    Yes,
    /// Trying to conceive.
    Trying,
    /// Neither.
    No,
    /// Not asked.
    Unknown,
}

impl From<PregnantArg> for crate::protocol::Pregnancy {
    fn from(p: PregnantArg) -> Self {
        match p {
            PregnantArg::Yes => Self::Pregnant,
            PregnantArg::Trying => Self::Trying,
            PregnantArg::No => Self::NotPregnant,
            PregnantArg::Unknown => Self::NotAsked,
        }
    }
}

/// `--injected` values: the injecting item's options 0, 1 and 2.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum InjectedArg {
    /// No, never.
    Never,
    /// Yes, in the past 3 months.
    Recent,
    /// Yes, but not in the past 3 months.
    Past,
}

impl InjectedArg {
    /// The option index on the form.
    pub fn option(self) -> u32 {
        match self {
            Self::Never => 0,
            Self::Recent => 1,
            Self::Past => 2,
        }
    }
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
        lang,
        command,
    } = cli;
    if !matches!(command, Some(Command::Check { .. })) {
        let languages = load_texts(protocols.as_deref())?;
        let code = match &lang {
            Some(wish) => languages.best(wish).map(str::to_owned).ok_or_else(|| {
                UsageError(format!(
                    "no language \"{wish}\": this brief has {}",
                    languages.codes().join(", ")
                ))
            })?,
            None => crate::i18n::system_language()
                .and_then(|wish| languages.best(&wish).map(str::to_owned))
                .unwrap_or_else(|| crate::i18n::BASE.to_owned()),
        };
        crate::i18n::set_current(crate::i18n::Texts::new(languages, &code));
    }
    match command {
        Some(Command::Check { dir }) => Ok(check::check(dir.or(protocols).as_deref())),
        Some(Command::Score(args)) => {
            let set = load_protocols(protocols.as_deref())?;
            score::score(&set, &args)
        }
        Some(Command::Sessions) => {
            let set = load_protocols(protocols.as_deref())?;
            sessions::sessions(&set, &data_dir(data)?)
        }
        Some(Command::Audit(args)) => {
            let set = load_protocols(protocols.as_deref())?;
            audit::audit(&set, data, args)
        }
        Some(Command::Followups(args)) => followups::followups(&data_dir(data)?, &args),
        Some(Command::Note { session }) => {
            let set = load_protocols(protocols.as_deref())?;
            note::note(&set, data, &session)
        }
        Some(Command::Export {
            format: ExportFormat::Fhir(args),
        }) => {
            let set = load_protocols(protocols.as_deref())?;
            export::fhir(&set, data, args)
        }
        Some(Command::Handout { session, out }) => {
            let set = load_protocols(protocols.as_deref())?;
            note::handout(&set, data, &session, out)
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
            demo::generate(&set, &dir, n, seed)
        }
        Some(Command::Demo {
            generate: None,
            dir,
            seed,
        }) => {
            let set = load_protocols(protocols.as_deref())?;
            let dir = match dir.or(data) {
                Some(dir) => dir,
                None => demo::demo_dir()?,
            };
            // A folder that already holds sessions (an earlier demo) is opened as it is.
            let existing = Store::open_existing(&dir).is_ok_and(|s| demo::has_sessions(&s));
            if !existing {
                demo::generate(&set, &dir, 300, seed)?;
            }
            window::open_window(set, &dir, "brief — demo data", lang)
        }
        None => {
            let set = load_protocols(protocols.as_deref())?;
            window::open_window(set, &data_dir(data)?, "brief", lang)
        }
    }
}

/// The data folder: `--data DIR` or the platform data dir.
pub fn data_dir(data: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    data.or_else(Store::default_dir)
        .context("no data folder: give --data DIR")
}

/// The bundled catalogues, with a protocol folder's on top, with every problem in the error.
pub fn load_texts(dir: Option<&Path>) -> anyhow::Result<std::sync::Arc<crate::i18n::Languages>> {
    match dir {
        Some(dir) => crate::i18n::Languages::bundled_and_dir(dir)
            .map(std::sync::Arc::new)
            .map_err(|e| anyhow::anyhow!("texts are not valid:\n{e}")),
        None => Ok(crate::i18n::bundled()),
    }
}

/// Loads the bundled set or a folder, with every problem in the error.
pub fn load_protocols(dir: Option<&Path>) -> anyhow::Result<ProtocolSet> {
    let loaded = match dir {
        Some(dir) => ProtocolSet::load_dir(dir),
        None => ProtocolSet::bundled(),
    };
    loaded.map_err(|e| anyhow::anyhow!("protocols are not valid:\n{e}"))
}
