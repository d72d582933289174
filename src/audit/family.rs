//! The audit of family-intervention cases: how they went, counted once per case.
//!
//! A case spans sessions (each one carries the plan forward and names the session it
//! continues), so approaches, outcomes and days to treatment are read from the latest session
//! of each case: the sessions that no other selected session continues.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::SessionSummary;
use super::aggregate::{median, share};
use crate::protocol::PlanSpec;

/// How the family-intervention cases in the report went.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct PlanReport {
    /// Cases: sessions no other selected session continues.
    pub cases: usize,
    /// Approach chosen, per case, in protocol order; then "not chosen".
    pub approaches: Vec<IdCount>,
    /// Cases with no approach chosen yet.
    pub no_approach: usize,
    /// Outcome, per case, in protocol order (including "meeting not held").
    pub outcomes: Vec<IdCount>,
    /// Cases with no outcome recorded yet.
    pub no_outcome: usize,
    /// Cases whose loved one entered treatment (an outcome that counts as entering).
    pub entered_treatment: usize,
    /// Their share of the cases.
    pub entered_share: f64,
    /// Days from first contact to treatment entry, where both are recorded.
    pub days_to_treatment: DaysToTreatment,
}

/// A count of cases for one option.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct IdCount {
    /// The option's id.
    pub id: String,
    /// Its name in the protocol.
    pub name: String,
    /// Cases.
    pub count: usize,
    /// Share of the cases.
    pub share: f64,
}

/// Days from first contact to treatment entry.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct DaysToTreatment {
    /// Cases with both dates.
    pub cases: usize,
    /// Median days.
    pub median: Option<f64>,
    /// Fewest days.
    pub min: Option<u32>,
    /// Most days.
    pub max: Option<u32>,
}

impl PlanReport {
    /// Counts the cases among `selected` (sessions of one family-intervention protocol).
    pub fn new(selected: &[&SessionSummary], spec: &PlanSpec) -> Self {
        let continued: BTreeSet<&str> = selected
            .iter()
            .filter_map(|s| s.plan.as_ref()?.continues.as_deref())
            .collect();
        let latest: Vec<_> = selected
            .iter()
            .filter(|s| !continued.contains(s.id.as_str()))
            .filter_map(|s| s.plan.as_ref())
            .collect();
        let cases = latest.len();
        let mut approaches: BTreeMap<&str, usize> = BTreeMap::new();
        let mut outcomes: BTreeMap<&str, usize> = BTreeMap::new();
        let mut report = Self {
            cases,
            ..Self::default()
        };
        let mut days = Vec::new();
        for p in &latest {
            match &p.approach {
                Some(a) => *approaches.entry(a.as_str()).or_default() += 1,
                None => report.no_approach += 1,
            }
            match &p.outcome {
                Some(o) => {
                    *outcomes.entry(o.as_str()).or_default() += 1;
                    if spec.outcome_option(o).is_some_and(|x| x.entered_treatment) {
                        report.entered_treatment += 1;
                    }
                }
                None => report.no_outcome += 1,
            }
            days.extend(p.days_to_treatment);
        }
        let count = |id: &str, name: &str, counts: &BTreeMap<&str, usize>| {
            let count = counts.get(id).copied().unwrap_or(0);
            IdCount {
                id: id.to_owned(),
                name: name.to_owned(),
                count,
                share: share(count, cases),
            }
        };
        report.approaches = spec
            .approaches
            .iter()
            .map(|a| count(&a.id, &a.name, &approaches))
            .collect();
        report.outcomes = spec
            .outcomes
            .iter()
            .map(|o| count(&o.id, &o.label, &outcomes))
            .collect();
        // Ids the protocol no longer lists are still counted, under their id.
        for (id, _) in approaches
            .iter()
            .filter(|(id, _)| spec.approach(id).is_none())
        {
            report.approaches.push(count(id, id, &approaches));
        }
        for (id, _) in outcomes
            .iter()
            .filter(|(id, _)| spec.outcome_option(id).is_none())
        {
            report.outcomes.push(count(id, id, &outcomes));
        }
        report.entered_share = share(report.entered_treatment, cases);
        report.days_to_treatment = DaysToTreatment {
            cases: days.len(),
            median: median(days.iter().map(|d| i64::from(*d)).collect()),
            min: days.iter().min().copied(),
            max: days.iter().max().copied(),
        };
        report
    }
}
