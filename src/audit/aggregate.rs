//! The supervisor's figures over many sessions: coverage per component, per clinician and per
//! period, steps, stages at close, minutes and billing codes, screening zones, the sessions to
//! review and the flags.
//!
//! Works on [`SessionSummary`]s only, so it is the same whether the summaries came from a full
//! parse or from the scanner's cache. Everything is ordered (protocol order, or sorted keys), so
//! the same sessions always give the same report, whatever order they were read in. No egui here.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::{Datelike as _, NaiveDate};
use serde::{Deserialize, Serialize};

use super::pins::{PinFinding, PinReport};
use super::{FlagOutcome, SessionSummary, StepOutcome};
use crate::protocol::{Protocol, ProtocolSet};
use crate::session::Status;
use crate::store::{Duplicate, Unreadable};

/// Which sessions the report covers. Every filter left at `None` lets all sessions through.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Filters {
    /// First day, inclusive, compared with the session's start date in its own time zone.
    pub from: Option<NaiveDate>,
    /// Last day, inclusive, compared the same way.
    pub to: Option<NaiveDate>,
    /// Only this clinician id (exact match).
    pub clinician: Option<String>,
    /// Only sessions that followed this protocol id.
    pub protocol: Option<String>,
    /// Only open or only closed sessions.
    pub status: Option<Status>,
    /// Only contacts recorded under this prevention tier.
    #[serde(default)]
    pub tier: Option<String>,
    /// The other protocols loaded beside the report's (see [`Filters::among`]): their sessions
    /// are left out of a report that names no protocol, and counted aside. A session of a
    /// protocol that is not loaded at all stays in, read with the report's components.
    #[serde(skip)]
    pub other_protocols: Vec<String>,
}

impl Filters {
    /// True when the session passes every filter that is set.
    pub fn matches(&self, s: &SessionSummary) -> bool {
        self.protocol.as_ref().is_none_or(|p| *p == s.protocol) && self.matches_but_protocol(s)
    }

    /// These filters for a report on `protocol` among the protocols of `set`: the sessions of
    /// the set's other protocols are left out unless `--protocol` names one.
    pub fn among(mut self, set: &ProtocolSet, protocol: &Protocol) -> Self {
        self.other_protocols = set
            .protocols()
            .iter()
            .filter(|p| p.id != protocol.id)
            .map(|p| p.id.clone())
            .collect();
        self
    }

    /// True when the session belongs in the report: it passes every filter, and it followed the
    /// protocol the filters name or, when they name none, not one of the other protocols loaded
    /// (one protocol per report: sessions of different protocols are never mixed in one
    /// component table).
    pub fn in_report(&self, s: &SessionSummary) -> bool {
        let protocol_ok = match &self.protocol {
            Some(p) => *p == s.protocol,
            None => !self.other_protocols.iter().any(|p| *p == s.protocol),
        };
        protocol_ok && self.matches_but_protocol(s)
    }

    /// True when the session passes every filter but the protocol.
    fn matches_but_protocol(&self, s: &SessionSummary) -> bool {
        let date = s.created.date_naive();
        self.from.is_none_or(|from| from <= date)
            && self.to.is_none_or(|to| date <= to)
            && self.clinician.as_ref().is_none_or(|c| *c == s.clinician)
            && self.status.is_none_or(|st| st == s.status)
            && self
                .tier
                .as_ref()
                .is_none_or(|t| s.tier.as_ref().is_some_and(|x| *x == *t))
    }

    /// True when no filter is set.
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

/// How many sessions delivered one component, and their share.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct ComponentShare {
    /// Component id.
    pub component: String,
    /// Sessions that delivered it at least once.
    pub count: usize,
    /// `count` over the sessions of the row (0 when there are none).
    pub share: f64,
}

/// One row of a grouped table: a clinician, a month (`YYYY-MM`) or an ISO week (`YYYY-Www`).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct GroupRow {
    /// The clinician id or the period.
    pub group: String,
    /// Sessions in the group.
    pub sessions: usize,
    /// Sessions in the group that delivered every component.
    pub all_components: usize,
    /// Per component, in protocol order.
    pub components: Vec<ComponentShare>,
}

/// How one step ended across the sessions.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct StepCounts {
    /// Step id.
    pub step: String,
    /// Sessions where it was done.
    pub done: usize,
    /// Sessions where it was skipped with a reason.
    pub skipped_with_reason: usize,
    /// Sessions where it was not done and no reason was recorded.
    pub not_done: usize,
}

/// How many closed sessions ended in one stage.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct StageCount {
    /// Stage id in the latest readiness note; `None` when no stage was recorded.
    pub stage: Option<String>,
    /// Closed sessions.
    pub count: usize,
    /// `count` over all closed sessions (0 when there are none).
    pub share: f64,
}

/// How many closed sessions reached one billing code.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct CodeCount {
    /// The code.
    pub code: String,
    /// Who pays under it.
    pub payer: String,
    /// Closed sessions whose minutes fall in its range.
    pub count: usize,
}

/// Minutes and billing codes of the closed sessions.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Minutes {
    /// Closed sessions counted.
    pub sessions: usize,
    /// Median whole minutes (the mean of the two middle values for an even count).
    pub median: Option<f64>,
    /// Per code in protocol order; a session counts once for each code (payer) it reaches.
    pub codes: Vec<CodeCount>,
    /// Closed sessions that reach no time-based code.
    pub below_minimum: usize,
}

/// How many sessions fell in one zone of an instrument.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct ZoneCount {
    /// Zone id; `None` when the screening has no result.
    pub zone: Option<String>,
    /// Sessions.
    pub count: usize,
}

/// The zones of one instrument (the first screening of each session).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct InstrumentZones {
    /// Instrument id, with `:substance` for the ASSIST.
    pub instrument: String,
    /// Sessions screened with it.
    pub sessions: usize,
    /// Per zone, sorted by zone id, sessions without a result last.
    pub zones: Vec<ZoneCount>,
}

/// A session named in a list (missing components, flags).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct SessionRef {
    /// Session id.
    pub id: String,
    /// Clinician id.
    pub clinician: String,
    /// Start date in the session's own time zone.
    pub date: NaiveDate,
    /// Open or closed.
    pub status: Status,
    /// The file.
    pub path: PathBuf,
}

impl SessionRef {
    fn of(s: &SessionSummary) -> Self {
        Self {
            id: s.id.clone(),
            clinician: s.clinician.to_string(),
            date: s.created.date_naive(),
            status: s.status,
            path: s.path.clone(),
        }
    }
}

/// A session that did not deliver every component.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct MissingSession {
    /// The session.
    pub session: SessionRef,
    /// The component ids it did not deliver, in protocol order.
    pub missing: Vec<String>,
}

/// A file that could not be read as a session, and why. It was left untouched.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct UnreadableFile {
    /// The file (or folder).
    pub path: PathBuf,
    /// Why.
    pub reason: String,
}

/// Safety flags raised and what was done about them.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct SafetyCounts {
    /// Flags raised (and not cleared by a corrected answer).
    pub raised: usize,
    /// Of which the advice was given.
    pub given: usize,
    /// Of which not given, with the reason recorded.
    pub not_given: usize,
    /// Of which not answered at all.
    pub unaddressed: usize,
}

impl SafetyCounts {
    fn add(&mut self, outcome: FlagOutcome) {
        match outcome {
            FlagOutcome::Cleared => return,
            FlagOutcome::Given => self.given += 1,
            FlagOutcome::NotGiven => self.not_given += 1,
            FlagOutcome::Unaddressed => self.unaddressed += 1,
        }
        self.raised += 1;
    }

    /// Raised and answered (given, or not given with a reason).
    pub fn addressed(&self) -> usize {
        self.given + self.not_given
    }
}

/// The safety counts of one clinician or one rule.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct SafetyRow {
    /// The clinician id or the rule id.
    pub group: String,
    /// The counts.
    #[serde(flatten)]
    pub counts: SafetyCounts,
}

/// Safety flags across the sessions: overall, per clinician and per rule.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct SafetyReport {
    /// Every flag counted.
    #[serde(flatten)]
    pub total: SafetyCounts,
    /// Per clinician with at least one flag, sorted.
    pub clinicians: Vec<SafetyRow>,
    /// Per rule, in the protocol's order, then any other rule id found.
    pub rules: Vec<SafetyRow>,
}

/// A session with a safety flag nobody answered.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct UnaddressedSession {
    /// The session.
    pub session: SessionRef,
    /// The rule ids of the unanswered flags.
    pub rules: Vec<String>,
}

/// Sessions and files a supervisor should look at.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct Flags {
    /// Closed sessions whose file was changed outside brief.
    pub tampered: Vec<SessionRef>,
    /// Closed sessions with a step neither done nor skipped with a reason.
    pub closed_without_all_steps: Vec<SessionRef>,
    /// Files that could not be read (not counted anywhere else in the report).
    pub unreadable: Vec<UnreadableFile>,
    /// Session ids found in more than one file: each counted once, the other files listed.
    #[serde(default)]
    pub duplicates: Vec<Duplicate>,
    /// Closed sessions changed after an audit first saw them, however they were re-sealed.
    #[serde(default)]
    pub changed_after_seen: Vec<PinFinding>,
    /// Sessions an audit saw closed that are marked open now.
    #[serde(default)]
    pub reopened_after_seen: Vec<PinFinding>,
    /// Sessions an audit saw closed that are gone from the folder.
    #[serde(default)]
    pub missing_after_seen: Vec<PinFinding>,
    /// Closed sessions amended since an audit first saw them (for review).
    #[serde(default)]
    pub amended_after_seen: Vec<PinFinding>,
    /// Why the audit's pins could not be checked, if they could not.
    #[serde(default)]
    pub pins_error: Option<String>,
    /// Sessions with a safety flag raised and not answered.
    #[serde(default)]
    pub unaddressed_safety: Vec<UnaddressedSession>,
}

/// The supervisor's report over the sessions that pass the filters.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Report {
    /// The protocol whose components, steps, stages and codes order the report.
    pub protocol: String,
    /// The filters applied.
    pub filters: Filters,
    /// Sessions counted.
    pub sessions: usize,
    /// Of which closed.
    pub closed: usize,
    /// Of which open.
    pub open: usize,
    /// Of which amended after closing.
    pub amended: usize,
    /// Earliest start date counted.
    pub first_date: Option<NaiveDate>,
    /// Latest start date counted.
    pub last_date: Option<NaiveDate>,
    /// Sessions that delivered every component.
    pub all_components: usize,
    /// Per component, in protocol order: the sessions that delivered it.
    pub components: Vec<ComponentShare>,
    /// Clinician × component, clinicians sorted.
    pub clinicians: Vec<GroupRow>,
    /// Per month (`YYYY-MM`), oldest first; months without sessions are left out.
    pub months: Vec<GroupRow>,
    /// Per ISO week (`YYYY-Www`), oldest first; weeks without sessions are left out.
    pub weeks: Vec<GroupRow>,
    /// Per step, in protocol order.
    pub steps: Vec<StepCounts>,
    /// Stage at close (closed sessions): protocol stages in order, then any other stage ids
    /// found, then "not recorded".
    pub stages: Vec<StageCount>,
    /// Minutes and billing codes (closed sessions).
    pub minutes: Minutes,
    /// Screening zones per instrument, instruments sorted.
    pub zones: Vec<InstrumentZones>,
    /// Sessions without any screening.
    pub no_screening: usize,
    /// Sessions missing at least one component, by id.
    pub missing: Vec<MissingSession>,
    /// Safety flags raised, answered and left unanswered.
    #[serde(default)]
    pub safety: SafetyReport,
    /// Tampered files, closed sessions with steps missing, unreadable files.
    pub flags: Flags,
    /// How the cases went, for a family-intervention protocol.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plan: Option<super::family::PlanReport>,
    /// Sessions of other protocols the filters left out (never mixed into this report's tables).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub other_protocols: Vec<ProtocolCount>,
    /// The language of the report's protocol; `None` for the base language (English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// Intervention level of the closed sessions (a protocol that records levels): its levels
    /// in order, then any other level found, then "not recorded".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub levels: Vec<LevelCount>,
}

/// Sessions of a protocol the report does not cover.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct ProtocolCount {
    /// Protocol id.
    pub protocol: String,
    /// Sessions.
    pub sessions: usize,
    /// The language its sessions were held in; `None` for the base language (English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// How many closed sessions were recorded at one level of intervention.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct LevelCount {
    /// Level id; `None` when no level was recorded.
    pub level: Option<String>,
    /// Closed sessions.
    pub count: usize,
    /// `count` over all closed sessions (0 when there are none).
    pub share: f64,
}

/// Running counts for one [`GroupRow`].
#[derive(Clone, Debug)]
struct Tally {
    sessions: usize,
    all: usize,
    counts: Vec<usize>,
}

impl Tally {
    fn new(components: usize) -> Self {
        Self {
            sessions: 0,
            all: 0,
            counts: vec![0; components],
        }
    }

    fn add(&mut self, delivered: &[bool]) {
        self.sessions += 1;
        if delivered.iter().all(|d| *d) {
            self.all += 1;
        }
        for (count, d) in self.counts.iter_mut().zip(delivered) {
            *count += usize::from(*d);
        }
    }

    fn shares(&self, protocol: &Protocol) -> Vec<ComponentShare> {
        protocol
            .components
            .iter()
            .zip(&self.counts)
            .map(|(c, count)| ComponentShare {
                component: c.id.clone(),
                count: *count,
                share: share(*count, self.sessions),
            })
            .collect()
    }

    fn row(&self, group: String, protocol: &Protocol) -> GroupRow {
        GroupRow {
            group,
            sessions: self.sessions,
            all_components: self.all,
            components: self.shares(protocol),
        }
    }
}

/// Unreadable files with their reasons (without the path the store's message repeats), sorted.
pub fn unreadable_files(unreadable: &[Unreadable]) -> Vec<UnreadableFile> {
    let mut files: Vec<UnreadableFile> = unreadable
        .iter()
        .map(|u| {
            let prefix = format!("{}:", u.path.display());
            let reason = u
                .reason
                .strip_prefix(&prefix)
                .unwrap_or(&u.reason)
                .trim_start();
            UnreadableFile {
                path: u.path.clone(),
                reason: reason.to_owned(),
            }
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.reason.cmp(&b.reason)));
    files
}

/// `count / total`, or 0 when there is nothing to divide by.
pub fn share(count: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        count as f64 / total as f64
    }
}

/// The ISO week of a date as `YYYY-Www` (the ISO year, which differs from the calendar year
/// around New Year).
pub fn iso_week(date: NaiveDate) -> String {
    let week = date.iso_week();
    format!("{:04}-W{:02}", week.year(), week.week())
}

/// The month of a date as `YYYY-MM`.
pub fn month(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// The median of whole minutes (mean of the two middle values for an even count).
pub(super) fn median(mut values: Vec<i64>) -> Option<f64> {
    values.sort_unstable();
    let n = values.len();
    let upper = *values.get(n / 2)?;
    if n % 2 == 1 {
        Some(upper as f64)
    } else {
        let lower = *values.get(n / 2 - 1)?;
        Some(f64::midpoint(lower as f64, upper as f64))
    }
}

/// Ids in `order` first (in that order), then every other key of `counts` sorted.
fn ordered_keys<'a, V>(
    order: impl Iterator<Item = &'a str>,
    counts: &'a BTreeMap<String, V>,
) -> Vec<&'a str> {
    let mut keys: Vec<&str> = order.collect();
    for key in counts.keys() {
        if !keys.contains(&key.as_str()) {
            keys.push(key);
        }
    }
    keys
}

impl Report {
    /// Aggregates the summaries that pass `filters`; `protocol` gives the components, steps,
    /// stages and billing codes (and their order). Unreadable files are added with
    /// [`Report::with_unreadable`].
    pub fn new(summaries: &[SessionSummary], filters: &Filters, protocol: &Protocol) -> Self {
        // One protocol per report: the one the filters name, or else `protocol`. Sessions of
        // other protocols are only counted, never mixed into its component tables.
        let mut others: BTreeMap<&str, (usize, Option<&str>)> = BTreeMap::new();
        let mut selected: Vec<&SessionSummary> = Vec::new();
        for s in summaries {
            if filters.in_report(s) {
                selected.push(s);
            } else if filters.matches_but_protocol(s) {
                let entry = others.entry(s.protocol.as_str()).or_default();
                entry.0 += 1;
                if entry.1.is_none() {
                    entry.1 = s.language.as_deref();
                }
            }
        }
        // The scanner may deliver in any order; the report must not depend on it.
        selected.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
        let plan = protocol
            .plan
            .as_ref()
            .map(|spec| super::family::PlanReport::new(&selected, spec));

        let n_components = protocol.components.len();
        let mut overall = Tally::new(n_components);
        let mut clinicians: BTreeMap<String, Tally> = BTreeMap::new();
        let mut months: BTreeMap<String, Tally> = BTreeMap::new();
        let mut weeks: BTreeMap<String, Tally> = BTreeMap::new();
        let mut steps: BTreeMap<String, StepCounts> = BTreeMap::new();
        let mut stages: BTreeMap<String, usize> = BTreeMap::new();
        let mut stage_not_recorded = 0;
        let mut minutes = Vec::new();
        let mut codes = vec![0usize; protocol.billing.codes.len()];
        let mut below_minimum = 0;
        let mut zones: BTreeMap<String, BTreeMap<Option<String>, usize>> = BTreeMap::new();
        let mut report = Self {
            protocol: protocol.id.clone(),
            filters: filters.clone(),
            sessions: selected.len(),
            closed: 0,
            open: 0,
            amended: 0,
            first_date: None,
            last_date: None,
            all_components: 0,
            components: Vec::new(),
            clinicians: Vec::new(),
            months: Vec::new(),
            weeks: Vec::new(),
            steps: Vec::new(),
            stages: Vec::new(),
            minutes: Minutes {
                sessions: 0,
                median: None,
                codes: Vec::new(),
                below_minimum: 0,
            },
            zones: Vec::new(),
            no_screening: 0,
            missing: Vec::new(),
            safety: SafetyReport::default(),
            flags: Flags::default(),
            plan,
            other_protocols: others
                .into_iter()
                .map(|(protocol, (sessions, language))| ProtocolCount {
                    protocol: protocol.to_owned(),
                    sessions,
                    language: language.map(str::to_owned),
                })
                .collect(),
            language: (protocol.language != crate::protocol::BASE_LANGUAGE)
                .then(|| protocol.language.clone()),
            levels: Vec::new(),
        };
        let mut levels: BTreeMap<String, usize> = BTreeMap::new();
        let mut level_not_recorded = 0;
        let mut safety_clinicians: BTreeMap<String, SafetyCounts> = BTreeMap::new();
        let mut safety_rules: BTreeMap<String, SafetyCounts> = BTreeMap::new();

        for s in selected {
            let date = s.created.date_naive();
            report.first_date = Some(report.first_date.map_or(date, |d| d.min(date)));
            report.last_date = Some(report.last_date.map_or(date, |d| d.max(date)));
            let closed = s.status == Status::Closed;
            if closed {
                report.closed += 1;
            } else {
                report.open += 1;
            }
            report.amended += usize::from(s.amended());
            for (rule, outcome) in &s.safety {
                report.safety.total.add(*outcome);
                if *outcome != FlagOutcome::Cleared {
                    safety_clinicians
                        .entry(s.clinician.to_string())
                        .or_default()
                        .add(*outcome);
                    safety_rules
                        .entry(rule.to_string())
                        .or_default()
                        .add(*outcome);
                }
            }
            let unaddressed = s.unaddressed();
            if !unaddressed.is_empty() {
                report.flags.unaddressed_safety.push(UnaddressedSession {
                    session: SessionRef::of(s),
                    rules: unaddressed.into_iter().map(str::to_owned).collect(),
                });
            }

            // Not relying on the summary's sort order: a handful of comparisons per session.
            let delivered: Vec<bool> = protocol
                .components
                .iter()
                .map(|c| s.delivers(protocol, &c.id))
                .collect();
            overall.add(&delivered);
            let tally = || Tally::new(n_components);
            clinicians
                .entry(s.clinician.to_string())
                .or_insert_with(tally)
                .add(&delivered);
            months
                .entry(month(date))
                .or_insert_with(tally)
                .add(&delivered);
            weeks
                .entry(iso_week(date))
                .or_insert_with(tally)
                .add(&delivered);
            let missing: Vec<String> = protocol
                .components
                .iter()
                .zip(&delivered)
                .filter(|(_, d)| !**d)
                .map(|(c, _)| c.id.clone())
                .collect();
            if !missing.is_empty() {
                report.missing.push(MissingSession {
                    session: SessionRef::of(s),
                    missing,
                });
            }

            // A protocol step the session has no record of counts as not done.
            for step in &protocol.steps {
                let outcome = s
                    .steps
                    .iter()
                    .find(|(id, _)| *id == step.id)
                    .map_or(StepOutcome::NotDone, |(_, o)| *o);
                count_step(&mut steps, &step.id, outcome);
            }
            for (id, outcome) in &s.steps {
                if !protocol.steps.iter().any(|st| st.id == *id) {
                    count_step(&mut steps, id, *outcome);
                }
            }

            if closed {
                match &s.stage {
                    Some(stage) => *stages.entry(stage.to_string()).or_default() += 1,
                    None => stage_not_recorded += 1,
                }
                match &s.intervention_level {
                    Some(level) => *levels.entry(level.to_string()).or_default() += 1,
                    None => level_not_recorded += 1,
                }
                if let Some(m) = s.minutes {
                    minutes.push(m);
                    let reached = protocol.billing.codes_for(m);
                    if reached.is_empty() {
                        below_minimum += 1;
                    }
                    for (count, code) in codes.iter_mut().zip(&protocol.billing.codes) {
                        if reached.contains(&code) {
                            *count += 1;
                        }
                    }
                }
            }

            match &s.instrument {
                Some(instrument) => {
                    *zones
                        .entry(instrument.to_string())
                        .or_default()
                        .entry(s.zone.as_ref().map(String::from))
                        .or_default() += 1;
                }
                None => report.no_screening += 1,
            }

            if s.tampered() {
                report.flags.tampered.push(SessionRef::of(s));
            }
            if s.closed_without_all_steps() {
                report
                    .flags
                    .closed_without_all_steps
                    .push(SessionRef::of(s));
            }
        }

        report.all_components = overall.all;
        report.components = overall.shares(protocol);
        report.clinicians = clinicians
            .into_iter()
            .map(|(k, t)| t.row(k, protocol))
            .collect();
        report.months = months
            .into_iter()
            .map(|(k, t)| t.row(k, protocol))
            .collect();
        report.weeks = weeks.into_iter().map(|(k, t)| t.row(k, protocol)).collect();
        report.steps = ordered_keys(protocol.steps.iter().map(|s| s.id.as_str()), &steps)
            .into_iter()
            .map(|id| {
                steps.get(id).cloned().unwrap_or_else(|| StepCounts {
                    step: id.to_owned(),
                    done: 0,
                    skipped_with_reason: 0,
                    not_done: 0,
                })
            })
            .collect();
        report.stages = ordered_keys(protocol.stages.iter().map(|s| s.id.as_str()), &stages)
            .into_iter()
            .map(|id| {
                let count = stages.get(id).copied().unwrap_or(0);
                StageCount {
                    stage: Some(id.to_owned()),
                    count,
                    share: share(count, report.closed),
                }
            })
            .chain(std::iter::once(StageCount {
                stage: None,
                count: stage_not_recorded,
                share: share(stage_not_recorded, report.closed),
            }))
            .collect();
        if !protocol.intervention_levels.is_empty() || !levels.is_empty() {
            let order = protocol.intervention_levels.iter().map(|l| l.id.as_str());
            report.levels = ordered_keys(order, &levels)
                .into_iter()
                .map(|id| {
                    let count = levels.get(id).copied().unwrap_or(0);
                    LevelCount {
                        level: Some(id.to_owned()),
                        count,
                        share: share(count, report.closed),
                    }
                })
                .chain(std::iter::once(LevelCount {
                    level: None,
                    count: level_not_recorded,
                    share: share(level_not_recorded, report.closed),
                }))
                .collect();
        }
        report.minutes = Minutes {
            sessions: minutes.len(),
            median: median(minutes),
            codes: protocol
                .billing
                .codes
                .iter()
                .zip(codes)
                .map(|(c, count)| CodeCount {
                    code: c.code.clone(),
                    payer: c.payer.clone(),
                    count,
                })
                .collect(),
            below_minimum,
        };
        report.safety.clinicians = safety_clinicians
            .into_iter()
            .map(|(group, counts)| SafetyRow { group, counts })
            .collect();
        let rule_order: Vec<&str> = protocol.safety.iter().map(|r| r.id.as_str()).collect();
        let mut rules: Vec<SafetyRow> = safety_rules
            .into_iter()
            .map(|(group, counts)| SafetyRow { group, counts })
            .collect();
        rules.sort_by_key(|r| {
            (
                rule_order
                    .iter()
                    .position(|id| *id == r.group)
                    .unwrap_or(usize::MAX),
                r.group.clone(),
            )
        });
        report.safety.rules = rules;
        report.zones = zones
            .into_iter()
            .map(|(instrument, by_zone)| {
                // `None` sorts first in a BTreeMap; sessions without a result go last.
                let mut zones: Vec<ZoneCount> = by_zone
                    .into_iter()
                    .map(|(zone, count)| ZoneCount { zone, count })
                    .collect();
                zones.sort_by(|a, b| (a.zone.is_none(), &a.zone).cmp(&(b.zone.is_none(), &b.zone)));
                InstrumentZones {
                    instrument,
                    sessions: zones.iter().map(|z| z.count).sum(),
                    zones,
                }
            })
            .collect();
        report
    }

    /// Adds the files the scan could not read (sorted by path). A reason that starts with the
    /// file's path has it cut, since the path is shown beside it.
    pub fn with_unreadable(mut self, unreadable: &[Unreadable]) -> Self {
        self.flags.unreadable = unreadable_files(unreadable);
        self
    }

    /// Adds the session ids found in more than one file.
    pub fn with_duplicates(mut self, duplicates: &[Duplicate]) -> Self {
        self.flags.duplicates = duplicates.to_vec();
        self
    }

    /// Adds what the audit's pins found, for the sessions the filters let through (status
    /// aside: a pinned session is one that was closed).
    pub fn with_pins(mut self, pins: &PinReport) -> Self {
        let filters = &self.filters;
        let keep = |list: &[PinFinding]| -> Vec<PinFinding> {
            list.iter()
                .filter(|f| {
                    let date = f.created.date_naive();
                    filters.from.is_none_or(|from| from <= date)
                        && filters.to.is_none_or(|to| date <= to)
                        && filters.clinician.as_ref().is_none_or(|c| *c == f.clinician)
                })
                .cloned()
                .collect()
        };
        self.flags.changed_after_seen = keep(&pins.changed_after_seen);
        self.flags.reopened_after_seen = keep(&pins.reopened_after_seen);
        self.flags.missing_after_seen = keep(&pins.missing_after_seen);
        self.flags.amended_after_seen = keep(&pins.amended_after_seen);
        self.flags.pins_error.clone_from(&pins.error);
        self
    }

    /// The share of sessions that delivered every component.
    pub fn all_components_share(&self) -> f64 {
        share(self.all_components, self.sessions)
    }
}

fn count_step(steps: &mut BTreeMap<String, StepCounts>, id: &str, outcome: StepOutcome) {
    let counts = steps.entry(id.to_owned()).or_insert_with(|| StepCounts {
        step: id.to_owned(),
        done: 0,
        skipped_with_reason: 0,
        not_done: 0,
    });
    match outcome {
        StepOutcome::Done => counts.done += 1,
        StepOutcome::SkippedWithReason => counts.skipped_with_reason += 1,
        StepOutcome::NotDone => counts.not_done += 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(vec![30, 4, 16]), Some(16.0), "odd count: the middle");
        assert_eq!(
            median(vec![25, 4, 16, 12]),
            Some(14.0),
            "even count: mean of 12 and 16"
        );
        assert_eq!(median(Vec::new()), None, "no values, no median");
    }

    #[test]
    fn iso_weeks_use_the_iso_year() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(
            iso_week(d("2026-01-01")),
            "2026-W01",
            "a Thursday opens week 1"
        );
        assert_eq!(
            iso_week(d("2027-01-01")),
            "2026-W53",
            "a Friday belongs to the last week"
        );
        assert_eq!(
            iso_week(d("2026-02-01")),
            "2026-W05",
            "a Sunday closes its week"
        );
        assert_eq!(month(d("2026-02-01")), "2026-02", "months are YYYY-MM");
    }

    #[test]
    fn share_of_nothing_is_zero() {
        assert_eq!(share(0, 0), 0.0, "no sessions: 0, not NaN");
        assert_eq!(share(1, 4), 0.25, "one in four");
    }
}
