//! Scores a screening instrument from its answers: total, zone, recommended action, flags.
//!
//! Pure functions over a checked [`Instrument`]. Nothing clinical is written here: points, skip
//! logic, cut-offs, escalations and caveats all come from the instrument file. Answers are
//! option indexes in the order the published form prints them (or a count, for single
//! questions); `None` is an item not answered yet, so the window can show a running total.

use serde::Serialize;

use crate::protocol::{
    Answer, Applies, Condition, DrinkLimit, Instrument, Item, LowRiskLimits, Pregnancy, Ruler,
    RulerBand, Sex, Total, Zone, asked_for, score_range,
};

/// What the instruments' cut-offs depend on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, Serialize)]
pub struct Profile {
    /// Sex, if recorded.
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Age in years, if recorded.
    #[serde(default)]
    pub age: Option<u32>,
    /// Pregnancy status, as asked (left out of files while not asked, as before it existed).
    #[serde(default, skip_serializing_if = "Pregnancy::is_not_asked")]
    pub pregnancy: Pregnancy,
}

impl Applies {
    /// True when this condition holds for the profile and substance.
    pub fn matches(&self, profile: &Profile, substance: Option<&str>) -> bool {
        let Self {
            sex,
            min_age,
            max_age,
            substance: only,
            pregnant,
        } = self;
        let sex_ok = sex.is_none_or(|s| profile.sex == Some(s));
        // An age condition never matches an unrecorded age.
        let min_ok = min_age.is_none_or(|m| profile.age.is_some_and(|a| a >= m));
        let max_ok = max_age.is_none_or(|m| profile.age.is_some_and(|a| a <= m));
        let substance_ok = only.as_deref().is_none_or(|s| substance == Some(s));
        let pregnant_ok = pregnant.is_none_or(|p| profile.pregnancy.applies() == p);
        sex_ok && min_ok && max_ok && substance_ok && pregnant_ok
    }
}

impl crate::protocol::PregnancyQuestion {
    /// True when the question is asked of this profile: a recorded sex it names, and an age
    /// that is unrecorded or within its range.
    pub fn is_asked_of(&self, p: &Profile) -> bool {
        self.ask_sex
            .contains(&crate::protocol::RecordedSex::from(p.sex))
            && p.age
                .is_none_or(|a| (self.min_age..=self.max_age).contains(&a))
    }
}

/// What the feedback step says about drinking limits to this patient.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LimitsAdvice<'a> {
    /// These limits apply.
    Limits(&'a DrinkLimit),
    /// Pregnant or trying to conceive: no amount is low-risk (the protocol's wording).
    Pregnancy(&'a str),
    /// Below the minimum drinking age: no amount is low-risk (the protocol's wording).
    Underage(&'a str),
    /// The limits depend on an age that is not recorded: none is shown until it is.
    AgeNeeded,
    /// A safety rule that fired holds the limits back (its title).
    WithheldBy(&'a str),
    /// No limit in the protocol matches the profile.
    None,
}

impl LowRiskLimits {
    /// The limits that apply to this profile, if any row matches. The feedback step and the
    /// note use [`LowRiskLimits::advice_for`], which also knows when no limit may be shown.
    pub fn for_profile(&self, profile: &Profile) -> Option<&DrinkLimit> {
        self.limits.iter().find(|l| l.when.matches(profile, None))
    }

    /// What to say about limits to this patient: never a limit in pregnancy or below the
    /// minimum drinking age, and none while an age the limits depend on is unknown.
    pub fn advice_for(&self, profile: &Profile) -> LimitsAdvice<'_> {
        if profile.pregnancy.applies() {
            return LimitsAdvice::Pregnancy(&self.pregnancy);
        }
        if let Some(min) = self.minimum_age {
            match profile.age {
                Some(age) if age < min => {
                    return LimitsAdvice::Underage(self.underage.as_deref().unwrap_or_default());
                }
                Some(_) => {}
                None => return LimitsAdvice::AgeNeeded,
            }
        }
        self.for_profile(profile)
            .map_or(LimitsAdvice::None, LimitsAdvice::Limits)
    }
}

impl Zone {
    /// What to tell this patient about the zone: the first feedback variant that matches the
    /// profile, or the zone's feedback.
    pub fn feedback_for(&self, profile: &Profile, substance: Option<&str>) -> &str {
        self.feedback_variants
            .iter()
            .find(|v| v.when.matches(profile, substance))
            .map_or(&self.feedback, |v| &v.text)
    }
}

impl Ruler {
    /// The band a ruler value falls in (its stage is a suggestion; the clinician decides).
    pub fn band(&self, value: u8) -> Option<&RulerBand> {
        self.bands.iter().find(|b| b.min <= value && value <= b.max)
    }
}

/// Why answers could not be scored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ScoreError {
    /// A per-substance instrument was scored without a substance.
    #[error("{instrument} is scored per substance: give one of {known}")]
    SubstanceRequired {
        /// Instrument id.
        instrument: String,
        /// Substance ids.
        known: String,
    },
    /// The substance is not one of the instrument's.
    #[error("{instrument} has no substance \"{substance}\"; known: {known}")]
    UnknownSubstance {
        /// Instrument id.
        instrument: String,
        /// What was given.
        substance: String,
        /// Substance ids.
        known: String,
    },
    /// A substance was given for an instrument that is not per substance.
    #[error("{instrument} is not scored per substance; leave the substance out")]
    SubstanceNotApplicable {
        /// Instrument id.
        instrument: String,
    },
    /// Too many or too few answers.
    #[error("{instrument} takes {expected} answers ({items}), got {got}")]
    WrongCount {
        /// Instrument id (and substance).
        instrument: String,
        /// How many it takes.
        expected: usize,
        /// How many were given.
        got: usize,
        /// The items, as printed ("items 1, 2, 3").
        items: String,
    },
    /// An answer outside the item's options.
    #[error("item {item}: answer {answer} is out of range; allowed {allowed}")]
    OutOfRange {
        /// Item number as printed.
        item: String,
        /// What was given.
        answer: u32,
        /// The allowed answers, with their labels.
        allowed: String,
    },
}

/// A flag raised by the answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ScoreFlag {
    /// The rule id from the instrument file (or `skipped:<item>` for an ignored answer).
    pub id: String,
    /// What kind of flag.
    pub kind: FlagKind,
    /// What to tell the clinician.
    pub message: String,
}

/// Kinds of flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FlagKind {
    /// The next higher level of intervention is recommended.
    Escalation,
    /// A caveat about the result.
    Caveat,
    /// An answer was given to an item the skip logic leaves out; it scored 0.
    IgnoredAnswer,
}

/// One item's contribution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemScore {
    /// Item id.
    pub id: String,
    /// Number as printed.
    pub number: String,
    /// The answer given.
    pub answer: Option<u32>,
    /// Points scored.
    pub points: u32,
    /// Not asked because of the skip logic (scores 0).
    pub skipped: bool,
}

/// The result of scoring one instrument.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Instrument id.
    pub instrument: String,
    /// Substance id, for per-substance instruments.
    pub substance: Option<String>,
    /// Total points.
    pub total: u32,
    /// Highest possible total (none: no upper limit).
    pub max_total: Option<u32>,
    /// Zone id.
    pub zone: String,
    /// Risk level of the zone.
    pub level: String,
    /// Recommended action (the next zone's when escalated).
    pub action: String,
    /// Feedback wording of the zone.
    pub feedback: String,
    /// The zone whose action is recommended, when an escalation rule raised it.
    pub escalated_to: Option<String>,
    /// Escalations and caveats.
    pub flags: Vec<ScoreFlag>,
    /// Each item's answer and points.
    pub items: Vec<ItemScore>,
    /// Items asked but not answered yet; while any remain the result is provisional.
    pub unanswered: Vec<String>,
}

impl Score {
    /// True when every asked item has an answer.
    pub fn is_complete(&self) -> bool {
        self.unanswered.is_empty()
    }
}

/// The items asked for this substance (all items when the instrument is not per substance).
pub fn items_for<'a>(
    ins: &'a Instrument,
    substance: Option<&'a str>,
) -> impl Iterator<Item = &'a Item> + 'a {
    ins.items.iter().filter(move |it| asked_for(it, substance))
}

/// The item's wording for this profile, with the substance name put in.
pub fn item_text(
    ins: &Instrument,
    item: &Item,
    profile: &Profile,
    substance: Option<&str>,
) -> String {
    let text = item
        .variants
        .iter()
        .find(|v| v.when.matches(profile, substance))
        .map_or(&item.text, |v| &v.text);
    let name = substance
        .and_then(|s| ins.substances.iter().find(|x| x.id == s))
        .map(|s| s.name.as_str());
    match name {
        Some(name) => text.replace("{substance}", name),
        None => text.clone(),
    }
}

/// A screening's recorded answers laid out for the items the instrument asks today: as they
/// are when the counts agree, or, for a record made before items were added to the form, with
/// each added item's implied answer put in its place. `None` when the answers fit neither list
/// (a record from a different form).
pub fn answers_for_items(
    ins: &Instrument,
    substance: Option<&str>,
    answers: &[Option<u32>],
) -> Option<Vec<Option<u32>>> {
    let items: Vec<&Item> = items_for(ins, substance).collect();
    if answers.len() == items.len() {
        return Some(answers.to_vec());
    }
    let older = items.iter().filter(|it| it.added.is_none()).count();
    if answers.len() != older || older == items.len() {
        return None;
    }
    let mut recorded = answers.iter();
    Some(
        items
            .iter()
            .map(|it| match &it.added {
                Some(added) => added.implied,
                None => recorded.next().copied().flatten(),
            })
            .collect(),
    )
}

/// Checks the substance against the instrument.
fn check_substance<'a>(
    ins: &Instrument,
    substance: Option<&'a str>,
) -> Result<Option<&'a str>, ScoreError> {
    let known = || {
        ins.substances
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (ins.substances.is_empty(), substance) {
        (true, None) => Ok(None),
        (true, Some(_)) => Err(ScoreError::SubstanceNotApplicable {
            instrument: ins.id.clone(),
        }),
        (false, None) => Err(ScoreError::SubstanceRequired {
            instrument: ins.id.clone(),
            known: known(),
        }),
        (false, Some(s)) if ins.substances.iter().any(|x| x.id == s) => Ok(Some(s)),
        (false, Some(s)) => Err(ScoreError::UnknownSubstance {
            instrument: ins.id.clone(),
            substance: s.to_owned(),
            known: known(),
        }),
    }
}

/// The allowed answers of an item, for error messages: `0–2 (0 = No, 1 = …)`.
pub fn allowed_answers(item: &Item) -> String {
    match &item.answer {
        Answer::Options(options) => {
            let labels: Vec<String> = options
                .iter()
                .enumerate()
                .map(|(i, o)| format!("{i} = {}", o.label))
                .collect();
            format!(
                "0–{} ({})",
                options.len().saturating_sub(1),
                labels.join(", ")
            )
        }
        Answer::Count { unit, max, .. } => format!("0–{max} ({unit})"),
    }
}

/// Scores `answers` (one per item asked, in printed order; `None` = not answered yet).
pub fn score(
    ins: &Instrument,
    answers: &[Option<u32>],
    profile: &Profile,
    substance: Option<&str>,
) -> Result<Score, ScoreError> {
    let substance = check_substance(ins, substance)?;
    let items: Vec<&Item> = items_for(ins, substance).collect();
    let Some(answers) = answers_for_items(ins, substance, answers) else {
        // The count asked for is the older list's (without items added later), which is what
        // `brief score` documents; the full list is named too.
        let older: Vec<&str> = items
            .iter()
            .filter(|it| it.added.is_none())
            .map(|it| it.number.as_str())
            .collect();
        let all: Vec<&str> = items.iter().map(|it| it.number.as_str()).collect();
        let listed = if older.len() == items.len() {
            format!("items {}", older.join(", "))
        } else {
            format!(
                "items {}; or all {}: {}",
                older.join(", "),
                all.len(),
                all.join(", ")
            )
        };
        let name = substance.map_or_else(|| ins.id.clone(), |s| format!("{} ({s})", ins.id));
        return Err(ScoreError::WrongCount {
            instrument: name,
            expected: older.len(),
            got: answers.len(),
            items: listed,
        });
    };
    let answers = answers.as_slice();

    // Points as answered, before skip logic.
    let mut scored = Vec::with_capacity(items.len());
    for (item, answer) in std::iter::zip(&items, answers) {
        let points = match (answer, &item.answer) {
            (None, _) => 0,
            (Some(a), Answer::Options(options)) => {
                let option = options
                    .get(*a as usize)
                    .ok_or_else(|| out_of_range(item, *a))?;
                u32::try_from(option.points).unwrap_or(0)
            }
            (Some(a), Answer::Count { max, threshold, .. }) if a <= max => match threshold {
                Some(t) if *a >= t.at_least => t.points,
                Some(_) => 0,
                None => *a,
            },
            (Some(a), Answer::Count { .. }) => return Err(out_of_range(item, *a)),
        };
        // An unscored item's answer feeds rules and skips, never the total.
        let points = if item.unscored { 0 } else { points };
        scored.push(ItemScore {
            id: item.id.clone(),
            number: item.number.clone(),
            answer: *answer,
            points,
            skipped: false,
        });
    }

    // Skip logic, in file order: skipped items score 0 whatever was answered.
    let mut flags = Vec::new();
    for skip in &ins.skips {
        if !holds(&skip.when, &scored, &items, None, (profile, substance)) {
            continue;
        }
        for s in scored
            .iter_mut()
            .filter(|s| skip.items.contains(&s.id) && !s.skipped)
        {
            s.skipped = true;
            if s.points > 0 {
                flags.push(ScoreFlag {
                    id: format!("skipped:{}", s.id),
                    kind: FlagKind::IgnoredAnswer,
                    message: format!(
                        "item {} was answered but is not asked here ({}); it scores 0",
                        s.number, skip.note
                    ),
                });
            }
            s.points = 0;
        }
    }
    let unanswered = std::iter::zip(&items, &scored)
        .filter(|(it, s)| s.answer.is_none() && !s.skipped && !it.unscored)
        .map(|(it, _)| it.id.clone())
        .collect();

    let total: u32 = match ins.total {
        Total::Sum => scored.iter().map(|s| s.points).sum(),
        Total::Highest => scored.iter().map(|s| s.points).max().unwrap_or(0),
    };
    let (_, max_total) = score_range(ins, substance);
    let table = ins
        .cutoffs
        .iter()
        .find(|c| c.when.matches(profile, substance));
    let bands = table.map(|t| t.bands.as_slice()).unwrap_or_default();
    let band_index = bands
        .iter()
        .position(|b| b.min <= total && b.max.is_none_or(|m| total <= m));
    let zone_id = band_index
        .and_then(|i| bands.get(i))
        .map(|b| b.zone.clone())
        .unwrap_or_default();
    let zone = ins.zones.iter().find(|z| z.id == zone_id);

    let mut escalated_to = None;
    for rule in &ins.escalations {
        if holds(
            &rule.when,
            &scored,
            &items,
            Some(&zone_id),
            (profile, substance),
        ) {
            flags.push(ScoreFlag {
                id: rule.id.clone(),
                kind: FlagKind::Escalation,
                message: rule.message.clone(),
            });
            // One level up, however many rules fire (WHO: "the next higher level").
            escalated_to = band_index
                .and_then(|i| bands.get(i + 1))
                .map(|b| b.zone.clone());
        }
    }
    for rule in &ins.flags {
        if holds(
            &rule.when,
            &scored,
            &items,
            Some(&zone_id),
            (profile, substance),
        ) {
            flags.push(ScoreFlag {
                id: rule.id.clone(),
                kind: FlagKind::Caveat,
                message: rule.message.clone(),
            });
        }
    }
    let action_zone = escalated_to
        .as_ref()
        .and_then(|id| ins.zones.iter().find(|z| &z.id == id))
        .or(zone);

    Ok(Score {
        instrument: ins.id.clone(),
        substance: substance.map(str::to_owned),
        total,
        max_total,
        level: zone.map(|z| z.level.clone()).unwrap_or_default(),
        feedback: zone
            .map(|z| z.feedback_for(profile, substance).to_owned())
            .unwrap_or_default(),
        action: action_zone.map(|z| z.action.clone()).unwrap_or_default(),
        zone: zone_id,
        escalated_to,
        flags,
        items: scored,
        unanswered,
    })
}

fn out_of_range(item: &Item, answer: u32) -> ScoreError {
    ScoreError::OutOfRange {
        item: item.number.clone(),
        answer,
        allowed: allowed_answers(item),
    }
}

/// Evaluates a condition on the answers; `zone` is `None` while skip logic runs.
fn holds(
    c: &Condition,
    scored: &[ItemScore],
    items: &[&Item],
    zone: Option<&str>,
    who: (&Profile, Option<&str>),
) -> bool {
    let points = |id: &str| {
        scored
            .iter()
            .find(|s| s.id == id && !s.skipped)
            .map(|s| s.points)
    };
    let answered = |id: &str| {
        scored
            .iter()
            .find(|s| s.id == id && !s.skipped)
            .and_then(|s| s.answer)
    };
    match c {
        Condition::AnswerIn { item, options } => {
            answered(item).is_some_and(|a| options.contains(&(a as usize)))
        }
        Condition::EveryAnswer { option } => {
            let asked: Vec<&ItemScore> = std::iter::zip(items, scored)
                .filter(|(it, s)| !s.skipped && matches!(it.answer, Answer::Options(_)))
                .map(|(_, s)| s)
                .collect();
            !asked.is_empty() && asked.iter().all(|s| s.answer == Some(*option as u32))
        }
        Condition::AnyAtLeast {
            items: ids,
            points: p,
        } => ids
            .iter()
            .any(|id| points(id).is_some_and(|x| i64::from(x) >= i64::from(*p))),
        Condition::AllAtLeast {
            items: ids,
            points: p,
        } => ids
            .iter()
            .all(|id| points(id).is_some_and(|x| i64::from(x) >= i64::from(*p))),
        Condition::SumAtMost {
            items: ids,
            points: p,
        } => {
            // Holds only once every item is answered (or skipped): blanks are not zeros.
            let known = ids.iter().all(|id| {
                scored
                    .iter()
                    .any(|s| &s.id == id && (s.skipped || s.answer.is_some()))
            });
            let sum: i64 = ids.iter().filter_map(|id| points(id)).map(i64::from).sum();
            known && sum <= i64::from(*p)
        }
        Condition::AnswersAtMost { items: ids, answer } => ids.iter().all(|id| {
            // Holds once every item is answered (or skipped): a blank is not a zero.
            scored
                .iter()
                .find(|s| &s.id == id)
                .is_some_and(|s| s.skipped || s.answer.is_some_and(|a| a <= *answer))
        }),
        Condition::ZoneIn(zones) => zone.is_some_and(|z| zones.iter().any(|x| x == z)),
        Condition::Profile(when) => when.matches(who.0, who.1),
        Condition::All(all) => all.iter().all(|c| holds(c, scored, items, zone, who)),
    }
}
