//! Safety: which of the protocol's safety rules fire for this patient, from what, and what the
//! patient may and may not be told because of them.
//!
//! Everything clinical comes from the protocol and instrument files: the rules (`safety` in the
//! protocol), the menu options each zone recommends or holds back (`menu` in the instrument's
//! zones), the limits and who may hear them (`low_risk_limits`). This module only evaluates
//! them, from the screenings as answered and the profile as recorded, so the window, the note,
//! `brief score` and the session's own records all agree.

use std::collections::BTreeMap;

use crate::protocol::{
    Answer, Instrument, Item, Protocol, ProtocolSet, SafetyCondition, SafetyRule,
};
use crate::scoring::{self, LimitsAdvice, Profile, Score};

/// A screening to evaluate the rules over: an instrument's answers for one substance.
#[derive(Clone, Copy, Debug)]
pub struct Answers<'a> {
    /// Instrument id.
    pub instrument: &'a str,
    /// Substance id (ASSIST).
    pub substance: Option<&'a str>,
    /// The answers as recorded (older layouts are read as [`scoring::answers_for_items`] says).
    pub answers: &'a [Option<u32>],
}

impl<'a> From<&'a crate::session::Screening> for Answers<'a> {
    fn from(s: &'a crate::session::Screening) -> Self {
        Self {
            instrument: &s.instrument,
            substance: s.substance.as_deref(),
            answers: &s.answers,
        }
    }
}

/// A rule that fires, and what makes it fire, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fired<'a> {
    /// The rule.
    pub rule: &'a SafetyRule,
    /// What raised it (e.g. "AUDIT 22: zone IV, Possible dependence").
    pub from: Vec<String>,
}

/// What applies to this patient: the rules that fire and what they change.
#[derive(Clone, Debug)]
pub struct Advice<'a> {
    /// Rules that fire, in protocol order.
    pub fired: Vec<Fired<'a>>,
    /// Menu option ids not offered, each with why (a zone or a rule, in words).
    pub not_offered: BTreeMap<String, Vec<String>>,
    /// Menu option ids recommended, in the order first recommended.
    pub recommended: Vec<String>,
    /// Prompt ids not suggested, each with the title of the rule that holds it back.
    pub withheld_prompts: BTreeMap<String, String>,
    /// What to say about drinking limits.
    pub limits: LimitsAdvice<'a>,
    /// The shortest re-screen interval a fired rule asks for, in weeks, and the rule's title.
    pub rescreen: Option<(u32, &'a str)>,
}

impl Advice<'_> {
    /// Why `option` is not offered, if it is not.
    pub fn why_not(&self, option: &str) -> Option<&[String]> {
        self.not_offered.get(option).map(Vec::as_slice)
    }

    /// The fired rule with this id.
    pub fn fired(&self, rule: &str) -> Option<&Fired<'_>> {
        self.fired.iter().find(|f| f.rule.id == rule)
    }
}

/// A screening scored against the instrument as it is today, with the current profile.
struct Scored<'a> {
    instrument: &'a Instrument,
    substance: Option<&'a str>,
    answers: Vec<Option<u32>>,
    score: Score,
}

fn scored<'a>(
    set: &'a ProtocolSet,
    profile: &Profile,
    screenings: &[Answers<'a>],
) -> Vec<Scored<'a>> {
    screenings
        .iter()
        .filter_map(|s| {
            let instrument = set.instrument(s.instrument)?;
            let answers = scoring::answers_for_items(instrument, s.substance, s.answers)?;
            let score = scoring::score(instrument, &answers, profile, s.substance).ok()?;
            Some(Scored {
                instrument,
                substance: s.substance,
                answers,
                score,
            })
        })
        .collect()
}

/// The rules of `protocol` that fire for this profile and these screenings, in protocol order.
/// Provisional scores count: a rule fires the moment the answers so far raise it.
pub fn evaluate<'a>(
    set: &'a ProtocolSet,
    protocol: &'a Protocol,
    profile: &Profile,
    screenings: &[Answers<'a>],
) -> Vec<Fired<'a>> {
    let scored = scored(set, profile, screenings);
    fired(protocol, profile, &scored)
}

fn fired<'a>(protocol: &'a Protocol, profile: &Profile, scored: &[Scored<'_>]) -> Vec<Fired<'a>> {
    let minimum_age = protocol.low_risk_limits.minimum_age;
    protocol
        .safety
        .iter()
        .filter_map(|rule| {
            let from = holds(&rule.when, profile, minimum_age, scored)?;
            Some(Fired { rule, from })
        })
        .collect()
}

/// Everything the rules, the zones and the limits say for this patient.
pub fn advice<'a>(
    set: &'a ProtocolSet,
    protocol: &'a Protocol,
    profile: &Profile,
    screenings: &[Answers<'a>],
) -> Advice<'a> {
    let scored = scored(set, profile, screenings);
    let fired = fired(protocol, profile, &scored);
    let mut not_offered: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut recommended: Vec<String> = Vec::new();
    let mut recommend = |id: &str| {
        if !recommended.iter().any(|r| r == id) {
            recommended.push(id.to_owned());
        }
    };
    for s in &scored {
        let Some(zone) = s.instrument.zones.iter().find(|z| z.id == s.score.zone) else {
            continue;
        };
        let why = format!("{}: {}", screening_name(s), zone.level);
        for id in &zone.menu.not_offered {
            push_unique(not_offered.entry(id.clone()).or_default(), &why);
        }
        for id in &zone.menu.recommended {
            recommend(id);
        }
    }
    let mut withheld_prompts = BTreeMap::new();
    let mut rescreen: Option<(u32, &str)> = None;
    for f in &fired {
        for id in &f.rule.withholds.menu {
            push_unique(not_offered.entry(id.clone()).or_default(), &f.rule.title);
        }
        for id in &f.rule.recommends {
            recommend(id);
        }
        for id in &f.rule.withholds.prompts {
            withheld_prompts
                .entry(id.clone())
                .or_insert_with(|| f.rule.title.clone());
        }
        if let Some(weeks) = f.rule.rescreen_weeks
            && rescreen.is_none_or(|(w, _)| weeks < w)
        {
            rescreen = Some((weeks, f.rule.title.as_str()));
        }
    }
    // A recommended option that something holds back is not recommended.
    recommended.retain(|id| !not_offered.contains_key(id));
    let mut limits = protocol.low_risk_limits.advice_for(profile);
    if let LimitsAdvice::Limits(_) = limits
        && let Some(f) = fired.iter().find(|f| f.rule.withholds.limits)
    {
        limits = LimitsAdvice::WithheldBy(&f.rule.title);
    }
    Advice {
        fired,
        not_offered,
        recommended,
        withheld_prompts,
        limits,
        rescreen,
    }
}

fn push_unique(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_owned());
    }
}

/// "AUDIT" or "ASSIST (opioids)".
fn named(s: &Scored<'_>) -> String {
    let substance = s
        .substance
        .and_then(|id| s.instrument.substances.iter().find(|x| x.id == id))
        .map(|x| format!(" ({})", x.name))
        .unwrap_or_default();
    format!("{}{substance}", s.instrument.short_name)
}

/// "AUDIT 22" or "ASSIST (opioids) 12".
fn screening_name(s: &Scored<'_>) -> String {
    format!("{} {}", named(s), s.score.total)
}

/// The reasons the condition holds, or `None` when it does not.
fn holds(
    c: &SafetyCondition,
    profile: &Profile,
    minimum_age: Option<u32>,
    scored: &[Scored<'_>],
) -> Option<Vec<String>> {
    let of = |instrument: &str, substances: &[String]| -> Vec<&Scored<'_>> {
        scored
            .iter()
            .filter(|s| {
                s.instrument.id == instrument
                    && (substances.is_empty()
                        || s.substance
                            .is_some_and(|x| substances.iter().any(|y| y == x)))
            })
            .collect()
    };
    let some = |reasons: Vec<String>| (!reasons.is_empty()).then_some(reasons);
    match c {
        SafetyCondition::Zone {
            instrument,
            substances,
            zones,
        } => some(
            of(instrument, substances)
                .into_iter()
                .filter(|s| zones.contains(&s.score.zone))
                .map(|s| {
                    let level = s
                        .instrument
                        .zones
                        .iter()
                        .find(|z| z.id == s.score.zone)
                        .map_or("", |z| z.level.as_str());
                    format!("{}: zone {}, {level}", screening_name(s), s.score.zone)
                })
                .collect(),
        ),
        SafetyCondition::Answer {
            instrument,
            substances,
            item,
            options,
        } => some(
            of(instrument, substances)
                .into_iter()
                .filter_map(|s| answered(s, item, options))
                .collect(),
        ),
        SafetyCondition::CountAtLeast {
            instrument,
            substances,
            item,
            count,
        } => some(
            of(instrument, substances)
                .into_iter()
                .filter_map(|s| counted(s, item, *count))
                .collect(),
        ),
        SafetyCondition::Pregnancy(statuses) => statuses
            .contains(&profile.pregnancy)
            .then(|| vec![format!("pregnancy status: {}", profile.pregnancy.words())]),
        SafetyCondition::Underage => match (profile.age, minimum_age) {
            (Some(age), Some(min)) if age < min => Some(vec![format!("age {age}, below {min}")]),
            _ => None,
        },
        SafetyCondition::Any(any) => some(
            any.iter()
                .filter_map(|c| holds(c, profile, minimum_age, scored))
                .flatten()
                .fold(Vec::new(), |mut all, r| {
                    push_unique(&mut all, &r);
                    all
                }),
        ),
        SafetyCondition::All(all) => {
            let mut reasons = Vec::new();
            for c in all {
                for r in holds(c, profile, minimum_age, scored)? {
                    push_unique(&mut reasons, &r);
                }
            }
            Some(reasons)
        }
    }
}

/// The item `item` as asked for this screening's substance, and its answer, unless it was
/// left blank or skipped.
fn asked_answer<'a>(s: &Scored<'a>, item: &str) -> Option<(&'a Item, u32)> {
    let (index, it) = scoring::items_for(s.instrument, s.substance)
        .enumerate()
        .find(|(_, it)| it.id == item)?;
    let skipped = s.score.items.get(index).is_some_and(|x| x.skipped);
    let answer = (*s.answers.get(index)?)?;
    (!skipped).then_some((it, answer))
}

/// "T-ACE (…) item T: 3 drinks" when the count item was answered with at least `count`.
fn counted(s: &Scored<'_>, item: &str, count: u32) -> Option<String> {
    let (it, answer) = asked_answer(s, item)?;
    let Answer::Count { unit, .. } = &it.answer else {
        return None;
    };
    (answer >= count).then(|| format!("{} item {}: {answer} {unit}", named(s), it.number))
}

/// "ASSIST (opioids) item Q8: Yes, in the past 3 months" when the item was answered with one
/// of `options`.
fn answered(s: &Scored<'_>, item: &str, options: &[usize]) -> Option<String> {
    let (it, answer) = asked_answer(s, item)?;
    let Answer::Options(o) = &it.answer else {
        return None;
    };
    let label = o.get(answer as usize).map(|o| o.label.as_str())?;
    options
        .contains(&(answer as usize))
        .then(|| format!("{} item {}: {label}", named(s), it.number))
}
