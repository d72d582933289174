//! Follow-ups due, and each patient's visits, from the sessions of a data folder.
//!
//! A session with a follow-up date puts its patient on the list until a later session of the
//! same patient reference and protocol exists (created after it): that visit is the follow-up,
//! and only its own follow-up date, if any, counts from then on. The folder is read the way the audit reads
//! it ([`store::walk`], then the audit's fast deserializer over a narrow view of each file, the
//! whole file checked where the seal does not vouch for it), so the two count the same files.
//! The audit's summary cache is not used: it lives outside the data folder and would then hold
//! patient references and goals. No egui here.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDate};
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::IgnoredAny;

use crate::audit::fast;
use crate::scoring::Profile;
use crate::session::{
    FORMAT_VERSION, PriorVisit, Seal, SealFacts, Session, SessionId, Status, Timestamp,
    hash_matches, seal_with,
};
use crate::store::{self, Duplicate, StoreError, Unreadable};

/// How many days "this week" covers: today and the six days after it.
pub const WEEK_DAYS: i64 = 7;

/// One session, as the follow-up list and the re-screening need it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    /// Session id.
    pub id: SessionId,
    /// Its file.
    pub path: PathBuf,
    /// Pseudonymous patient reference.
    pub patient: String,
    /// Who saw the patient.
    pub clinician: String,
    /// The protocol followed.
    pub protocol: String,
    /// When the session was started.
    pub created: Timestamp,
    /// Open or closed.
    pub status: Status,
    /// Sex and age as recorded.
    pub profile: Profile,
    /// The follow-up date set.
    pub follow_up: Option<NaiveDate>,
    /// The goal in the patient's own words.
    pub goal: String,
    /// True when at least one screening was scored.
    pub scored: bool,
}

/// Every session of a folder, read for follow-ups, and the files that could not be read.
#[derive(Debug, Default)]
pub struct Visits {
    /// One per session id, sorted by id (which sorts by creation time).
    pub visits: Vec<Visit>,
    /// Files that could not be read, sorted by path (left untouched).
    pub unreadable: Vec<Unreadable>,
    /// Session ids found in more than one file (counted once).
    pub duplicates: Vec<Duplicate>,
    /// Each patient reference's visits under each protocol, oldest first (indexes into
    /// `visits`).
    by_patient: BTreeMap<(String, String), Vec<usize>>,
}

/// When a follow-up is due, seen from today.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Due {
    /// Before today.
    Overdue,
    /// Today or in the next six days.
    ThisWeek,
    /// After that.
    Later,
}

impl Due {
    /// Where `date` falls, seen from `today`.
    pub fn of(date: NaiveDate, today: NaiveDate) -> Self {
        if date < today {
            Self::Overdue
        } else if date < today + Duration::days(WEEK_DAYS) {
            Self::ThisWeek
        } else {
            Self::Later
        }
    }

    /// The id written in CSV and JSON.
    pub fn id(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::ThisWeek => "this_week",
            Self::Later => "later",
        }
    }

    /// In words, for the table and the window.
    pub fn words(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::ThisWeek => "due this week",
            Self::Later => "later",
        }
    }
}

/// A follow-up due: the patient's latest session set this date, and no later one exists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FollowUp {
    /// The follow-up date.
    pub due: NaiveDate,
    /// Where it falls, seen from the day the list was made.
    pub when: Due,
    /// Pseudonymous patient reference.
    pub patient: String,
    /// The goal agreed, in the patient's own words.
    pub goal: String,
    /// Who saw the patient.
    pub clinician: String,
    /// The protocol of the session that set it (a follow-up continues it).
    pub protocol: String,
    /// The session that set it.
    pub session: SessionId,
    /// When that session was started.
    pub visit: Timestamp,
    /// Its file.
    pub path: PathBuf,
}

impl FollowUp {
    /// Days past the date (0 when not overdue).
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        (today - self.due).num_days().max(0)
    }
}

/// The last day the default list covers: the end of this week (today + 6 days).
pub fn end_of_week(today: NaiveDate) -> NaiveDate {
    today + Duration::days(WEEK_DAYS - 1)
}

impl Visits {
    /// Builds the per-patient index over `visits` (sorted by id).
    fn new(visits: Vec<Visit>, unreadable: Vec<Unreadable>, duplicates: Vec<Duplicate>) -> Self {
        let mut by_patient: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
        for (i, v) in visits.iter().enumerate() {
            by_patient
                .entry((v.patient.clone(), v.protocol.clone()))
                .or_default()
                .push(i);
        }
        for list in by_patient.values_mut() {
            list.sort_by(|&a, &b| {
                let (a, b) = (&visits[a], &visits[b]);
                a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id))
            });
        }
        Self {
            visits,
            unreadable,
            duplicates,
            by_patient,
        }
    }

    /// The visits of a patient reference (matched exactly, after trimming) under a protocol,
    /// oldest first.
    pub fn of_patient(&self, patient: &str, protocol: &str) -> impl Iterator<Item = &Visit> + '_ {
        self.by_patient
            .get(&(patient.trim().to_owned(), protocol.to_owned()))
            .into_iter()
            .flatten()
            .filter_map(|&i| self.visits.get(i))
    }

    /// The visit a new session of this patient starts from: the latest one with a scored
    /// screening, else the latest one (a session opened by mistake and left empty is passed
    /// over when there is a real one).
    pub fn last_visit(&self, patient: &str, protocol: &str) -> Option<&Visit> {
        let visits: Vec<&Visit> = self.of_patient(patient, protocol).collect();
        visits
            .iter()
            .rev()
            .find(|v| v.scored)
            .or_else(|| visits.last())
            .copied()
    }

    /// The follow-ups due on or before `due_by` (all of them when `None`), seen from
    /// `today`, soonest date first: for each patient, the date their latest session set.
    pub fn due(&self, today: NaiveDate, due_by: Option<NaiveDate>) -> Vec<FollowUp> {
        let mut out: Vec<FollowUp> = self
            .by_patient
            .values()
            .filter_map(|list| self.visits.get(*list.last()?))
            .filter_map(|v| {
                let due = v.follow_up.filter(|d| due_by.is_none_or(|by| *d <= by))?;
                Some(FollowUp {
                    due,
                    when: Due::of(due, today),
                    patient: v.patient.clone(),
                    goal: v.goal.clone(),
                    clinician: v.clinician.clone(),
                    protocol: v.protocol.clone(),
                    session: v.id.clone(),
                    visit: v.created,
                    path: v.path.clone(),
                })
            })
            .collect();
        out.sort_by(|a, b| {
            a.due
                .cmp(&b.due)
                .then_with(|| a.patient.cmp(&b.patient))
                .then_with(|| a.session.cmp(&b.session))
        });
        out
    }

    /// The facts a new session of this patient under this protocol starts from: its
    /// [`last_visit`](Self::last_visit) read whole. `Ok(None)` for a patient without earlier
    /// sessions of the protocol.
    pub fn prior_visit(
        &self,
        patient: &str,
        protocol: &str,
    ) -> Result<Option<PriorVisit>, StoreError> {
        let Some(visit) = self.last_visit(patient, protocol) else {
            return Ok(None);
        };
        let session = store::read_session(&visit.path)?;
        Ok(Some(PriorVisit::of(&session)))
    }
}

/// Reads every session under `dir` (a data folder's `sessions/`, searched recursively) for
/// follow-ups. Never fails: files that cannot be read are listed, and left untouched.
pub fn scan(dir: &Path) -> Visits {
    let walk = store::walk(dir, false);
    let mut unreadable: Vec<Unreadable> = walk.skipped;
    let read: Vec<Result<Visit, Unreadable>> = walk
        .files
        .into_par_iter()
        .map_init(Vec::new, |buf, found| {
            match store::read_text(&found.path, buf) {
                Ok(text) => visit_of(found.path, text),
                Err(e) => Err(Unreadable {
                    reason: e.to_string(),
                    path: found.path,
                }),
            }
        })
        .collect();
    let mut visits = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(v) => visits.push(v),
            Err(u) => unreadable.push(u),
        }
    }
    visits.sort_by(|a, b| a.id.cmp(&b.id).then_with(|| a.path.cmp(&b.path)));
    let (visits, duplicates) = store::dedupe(visits, |v| v.id.as_str(), |v| &v.path);
    unreadable.sort_by(|a, b| a.path.cmp(&b.path));
    Visits::new(visits, unreadable, duplicates)
}

/// The visit in a session file's text, by the audit's rule: the narrow view read quickly, and
/// the whole record checked unless its seal vouches for it; other format versions through the
/// store, which migrates them.
pub fn visit_of(path: PathBuf, text: &str) -> Result<Visit, Unreadable> {
    let sealed = hash_matches(text);
    let view: Option<VisitView<'_>> = if sealed {
        fast::from_sealed_str(text).ok()
    } else {
        fast::from_str(text).ok()
    }
    .or_else(|| ron::from_str(text).ok());
    if let Some(v) = view.filter(|v| v.version == FORMAT_VERSION) {
        let whole = seal_with(v.seal_facts(), || sealed) == Seal::Intact
            || fast::from_str::<Session>(text).is_ok()
            || ron::from_str::<Session>(text).is_ok();
        if whole {
            return Ok(v.into_visit(path));
        }
    }
    match store::parse_checked(&path, text) {
        Ok((session, _)) => Ok(Visit::of(path, &session)),
        Err(e) => Err(Unreadable {
            reason: e.to_string(),
            path,
        }),
    }
}

impl Visit {
    /// The visit of a whole session.
    pub fn of(path: PathBuf, s: &Session) -> Self {
        Self {
            id: s.id.clone(),
            path,
            patient: s.patient.trim().to_owned(),
            clinician: s.clinician.clone(),
            protocol: s.protocol.id.clone(),
            created: s.created,
            status: s.status,
            profile: s.profile,
            follow_up: s.follow_up,
            goal: s.goal.own_words.clone(),
            scored: s.screenings.iter().any(|x| x.result.is_some()),
        }
    }
}

/// A session file as the follow-up list reads it: the fields of
/// [`Session`] it needs, by the same names and types; the rest is skipped.
#[derive(Debug, Deserialize)]
#[serde(rename = "session record")]
struct VisitView<'a> {
    #[serde(default)]
    version: u32,
    id: SessionId,
    #[serde(borrow)]
    clinician: Cow<'a, str>,
    #[serde(borrow)]
    patient: Cow<'a, str>,
    #[serde(default)]
    profile: Profile,
    #[serde(borrow)]
    protocol: ProtocolView<'a>,
    created: Timestamp,
    #[serde(default)]
    closed: Option<Timestamp>,
    status: Status,
    #[serde(default)]
    screenings: Vec<ScreeningView>,
    #[serde(default, borrow)]
    goal: GoalView<'a>,
    #[serde(default)]
    follow_up: Option<NaiveDate>,
    #[serde(default, borrow)]
    content_hash: Option<Cow<'a, str>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "protocol reference")]
struct ProtocolView<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
}

#[derive(Debug, Deserialize)]
#[serde(rename = "screening")]
struct ScreeningView {
    #[serde(default)]
    result: Option<IgnoredAny>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename = "goal")]
struct GoalView<'a> {
    #[serde(default, borrow)]
    own_words: Cow<'a, str>,
}

impl VisitView<'_> {
    fn seal_facts(&self) -> SealFacts {
        SealFacts {
            version: self.version,
            status: self.status,
            has_close_time: self.closed.is_some(),
            has_hash: self.content_hash.is_some(),
        }
    }

    fn into_visit(self, path: PathBuf) -> Visit {
        Visit {
            id: self.id,
            path,
            patient: self.patient.trim().to_owned(),
            clinician: self.clinician.into_owned(),
            protocol: self.protocol.id.into_owned(),
            created: self.created,
            status: self.status,
            profile: self.profile,
            follow_up: self.follow_up,
            goal: self.goal.own_words.into_owned(),
            scored: self.screenings.iter().any(|s| s.result.is_some()),
        }
    }
}
