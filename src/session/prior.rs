//! Re-screening: the facts of a patient's previous visit, copied into a new session when it is
//! started, and how the new screening compares with them.
//!
//! The copy ([`PriorVisit`]) is part of the new record, so the note and the banner say the same
//! thing whatever happens to the earlier file later: the record alone reproduces its note.

use crate::t;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Goal, Session, SessionId, Timestamp};
use crate::protocol::{Protocol, ProtocolSet};

/// The previous visit of the same patient, as it stood when this session was started.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct PriorVisit {
    /// The earlier session.
    pub session: SessionId,
    /// When it was started.
    pub date: Timestamp,
    /// Who saw the patient then.
    pub clinician: String,
    /// Its scored screenings.
    #[serde(default)]
    pub screenings: Vec<PriorResult>,
    /// The stage in its latest readiness note.
    #[serde(default)]
    pub stage: Option<String>,
    /// The goal agreed then.
    #[serde(default)]
    pub goal: Goal,
    /// The follow-up date set then.
    #[serde(default)]
    pub follow_up: Option<NaiveDate>,
    /// The safety rules whose flags were raised then (and not cleared), by id.
    #[serde(default)]
    pub safety: Vec<String>,
}

/// A screening result of the previous visit.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub struct PriorResult {
    /// Instrument id.
    pub instrument: String,
    /// Substance id (ASSIST).
    #[serde(default)]
    pub substance: Option<String>,
    /// Total points.
    pub total: u32,
    /// Highest possible total.
    #[serde(default)]
    pub max_total: Option<u32>,
    /// Zone id.
    pub zone: String,
    /// Risk level, as worded then.
    pub level: String,
    /// True when every asked item was answered.
    pub complete: bool,
}

impl PriorVisit {
    /// The facts of `earlier` that a later visit of the same patient starts from.
    pub fn of(earlier: &Session) -> Self {
        Self {
            session: earlier.id.clone(),
            date: earlier.created,
            clinician: earlier.clinician.clone(),
            screenings: earlier
                .screenings
                .iter()
                .filter_map(|s| {
                    let r = s.result.as_ref()?;
                    Some(PriorResult {
                        instrument: s.instrument.clone(),
                        substance: s.substance.clone(),
                        total: r.total,
                        max_total: r.max_total,
                        zone: r.zone.clone(),
                        level: r.level.clone(),
                        complete: r.complete,
                    })
                })
                .collect(),
            stage: earlier.latest_readiness().and_then(|r| r.stage.clone()),
            goal: earlier.goal.clone(),
            follow_up: earlier.follow_up,
            safety: earlier
                .safety
                .iter()
                .filter(|f| f.is_active())
                .map(|f| f.rule.clone())
                .collect(),
        }
    }
}

/// The previous visit in words, with the protocol's names, for the note and the window.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PriorWords {
    /// Each result: "AUDIT-C 8/12, zone high (likely alcohol use disorder)".
    pub results: Vec<String>,
    /// The stage's name.
    pub stage: Option<String>,
    /// The goal: "\"No drinking on weeknights\" (Alcohol-free days), by 2026-11-19".
    pub goal: Option<String>,
    /// The titles of the safety rules raised then.
    pub safety: Vec<String>,
}

impl PriorVisit {
    /// The visit in words: names from `set` and `protocol`, ids where they are not found.
    pub fn words(&self, set: &ProtocolSet, protocol: &Protocol) -> PriorWords {
        let results = self
            .screenings
            .iter()
            .map(|r| {
                t!(
                    "prior-result",
                    name = crate::note::screening_name(set, &r.instrument, r.substance.as_deref()),
                    score = crate::note::score_words(r.total, r.max_total, r.complete),
                    zone = &r.zone,
                    level = &r.level
                )
            })
            .collect();
        let stage = self.stage.as_deref().map(|id| {
            protocol
                .stages
                .iter()
                .find(|s| s.id == id)
                .map_or(id, |s| s.name.as_str())
                .to_owned()
        });
        let goal = (!self.goal.is_empty()).then(|| {
            let options = crate::note::menu_labels(protocol, &self.goal.options);
            let mut parts = Vec::new();
            let words = self.goal.own_words.split_whitespace().collect::<Vec<_>>();
            if !words.is_empty() {
                parts.push(format!("\"{}\"", words.join(" ")));
            }
            if !options.is_empty() {
                parts.push(format!("({})", options.join(", ")));
            }
            let by = self
                .goal
                .target_date
                .map(|d| t!("prior-goal-by", date = crate::i18n::current().date(&d)))
                .unwrap_or_default();
            format!("{}{by}", parts.join(" "))
        });
        let safety = self
            .safety
            .iter()
            .map(|id| {
                protocol
                    .safety
                    .iter()
                    .find(|r| &r.id == id)
                    .map_or(id.as_str(), |r| r.title.as_str())
                    .to_owned()
            })
            .collect();
        PriorWords {
            results,
            stage,
            goal,
            safety,
        }
    }
}

/// How a screening of this session compares with the same instrument at the previous visit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScoreChange {
    /// The instrument's short name (its id when it is not loaded).
    pub name: String,
    /// Substance id (ASSIST).
    pub substance: Option<String>,
    /// The total then.
    pub before: u32,
    /// The total now.
    pub after: u32,
    /// The day of the previous visit.
    pub since: NaiveDate,
    /// Zone ids then and now.
    pub zones: (String, String),
    /// The instrument's meaningful change in points, when it has one and it applies to this
    /// patient (see [`Session::changes_since_prior`]).
    pub meaningful_points: Option<u32>,
}

impl ScoreChange {
    /// Points up (positive) or down (negative).
    pub fn delta(&self) -> i64 {
        i64::from(self.after) - i64::from(self.before)
    }

    /// True when the instrument has a meaningful change and this change reaches it.
    pub fn is_meaningful(&self) -> bool {
        self.meaningful_points
            .is_some_and(|p| self.delta().unsigned_abs() >= u64::from(p))
    }

    /// The change in one line: "AUDIT-C 7 → 4 since 2026-10-03: down 3 points, a meaningful
    /// change (2 points or more); zone positive → negative".
    pub fn line(&self) -> String {
        let substance = self
            .substance
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        let delta = self.delta();
        let mut out = t!(
            "change-head",
            name = format!("{}{substance}", self.name),
            before = self.before,
            after = self.after,
            since = crate::i18n::current().date(&self.since)
        );
        let n = delta.unsigned_abs();
        out.push_str(&match delta.cmp(&0) {
            std::cmp::Ordering::Equal => t!("change-none"),
            std::cmp::Ordering::Less => t!("change-down", n = n),
            std::cmp::Ordering::Greater => t!("change-up", n = n),
        });
        if let Some(p) = self.meaningful_points {
            if self.is_meaningful() {
                out.push_str(&t!("change-meaningful", p = p));
            } else if delta != 0 {
                out.push_str(&t!("change-less-than-meaningful", p = p));
            }
        }
        // The zone is always said, so a drop that leaves the patient in the same zone (still
        // high, still positive) is not read as the all-clear.
        if self.zones.0 == self.zones.1 {
            out.push_str(&t!("change-zone-same", zone = &self.zones.1));
        } else {
            out.push_str(&t!(
                "change-zone",
                before = &self.zones.0,
                after = &self.zones.1
            ));
        }
        out
    }
}

impl Session {
    /// Each complete screening of this session whose instrument (and substance) the previous
    /// visit also scored completely, compared with it. Empty for a first visit.
    ///
    /// The instrument's meaningful change is not applied in pregnancy (any drinking counts,
    /// whatever the drop) nor below the age the instrument was validated at (its threshold
    /// comes from adults): the change is given, without calling it meaningful or not.
    pub fn changes_since_prior(&self, set: &ProtocolSet) -> Vec<ScoreChange> {
        let Some(prior) = &self.prior else {
            return Vec::new();
        };
        self.screenings
            .iter()
            .filter_map(|s| {
                let now = s.result.as_ref().filter(|r| r.complete)?;
                let then = prior.screenings.iter().find(|p| {
                    p.complete && p.instrument == s.instrument && p.substance == s.substance
                })?;
                let instrument = set.instrument(&s.instrument);
                Some(ScoreChange {
                    name: instrument.map_or_else(|| s.instrument.clone(), |i| i.short_name.clone()),
                    substance: s.substance.clone(),
                    before: then.total,
                    after: now.total,
                    since: prior.date.date_naive(),
                    zones: (then.zone.clone(), now.zone.clone()),
                    meaningful_points: instrument
                        .filter(|i| self.judges_change(i))
                        .and_then(|i| i.meaningful_change.as_ref())
                        .map(|m| m.points),
                })
            })
            .collect()
    }

    /// True when the instrument's meaningful change applies to this patient.
    fn judges_change(&self, instrument: &crate::protocol::Instrument) -> bool {
        let under_age = instrument
            .validated_min_age
            .is_some_and(|min| self.profile.age.is_none_or(|age| age < min));
        !self.profile.pregnancy.applies() && !under_age
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(before: u32, after: u32, points: Option<u32>) -> ScoreChange {
        ScoreChange {
            name: "AUDIT-C".to_owned(),
            substance: None,
            before,
            after,
            since: NaiveDate::from_ymd_opt(2026, 10, 3).unwrap(),
            zones: ("positive".to_owned(), "positive".to_owned()),
            meaningful_points: points,
        }
    }

    #[test]
    fn a_drop_of_the_threshold_is_meaningful_and_one_less_is_not() {
        assert_eq!(
            change(7, 5, Some(2)).line(),
            "AUDIT-C 7 → 5 since 2026-10-03: down 2 points, a meaningful change (2 points or more); zone positive, as before",
            "2 points down is meaningful"
        );
        assert_eq!(
            change(7, 6, Some(2)).line(),
            "AUDIT-C 7 → 6 since 2026-10-03: down 1 point, less than a meaningful change (2 points or more); zone positive, as before",
            "1 point down is not"
        );
        assert!(
            change(4, 6, Some(2)).is_meaningful(),
            "a rise of 2 counts too"
        );
        assert_eq!(
            change(5, 5, Some(2)).line(),
            "AUDIT-C 5 → 5 since 2026-10-03: no change; zone positive, as before",
            "no change"
        );
        assert_eq!(
            change(12, 9, None).line(),
            "AUDIT-C 12 → 9 since 2026-10-03: down 3 points; zone positive, as before",
            "no threshold: no judgement"
        );
    }
}
