//! What the feedback step and the take-home sheet show the patient besides words: the
//! instrument's zones as a bar with the patient's score marked, and the drinks a week the
//! answers point to against the weekly limit. Pure data; the window draws it with egui, the
//! sheet with PDF shapes, so both show the same thing.

use crate::protocol::{Instrument, ProtocolSet, RiskLevel, score_range};
use crate::scoring::{self, LimitsAdvice, Profile};
use crate::session::Screening;

/// Drinks estimated from a screening's answers, as its instrument's `consumption` table says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DrinkEstimate<'a> {
    /// The instrument answered.
    pub instrument: &'a Instrument,
    /// Drinks a week, in quarter drinks: the fewest, and the most (`None`: open, "or more").
    pub week_quarters: (u32, Option<u32>),
    /// Drinks on a typical drinking day (`None` when the patient does not drink).
    pub day: Option<(u32, Option<u32>)>,
    /// The fewest drinks of a heavy day, when there are heavy days.
    pub heavy: Option<u32>,
}

/// The option index answered for `item`, unless skipped or blank.
fn answer(ins: &Instrument, s: &Screening, item: &str) -> Option<usize> {
    let answers = scoring::answers_for_items(ins, None, &s.answers)?;
    let index = ins.items.iter().position(|it| it.id == item)?;
    answers.get(index).copied().flatten().map(|a| a as usize)
}

/// The estimate from one screening, when its instrument has a table and the frequency item
/// was answered (a "Never" needs nothing more; otherwise the quantity item too).
pub fn estimate<'a>(set: &'a ProtocolSet, s: &Screening) -> Option<DrinkEstimate<'a>> {
    let ins = set.instrument(&s.instrument)?;
    let c = ins.consumption.as_ref()?;
    let days = *c.days_in_4_weeks.get(answer(ins, s, &c.frequency_item)?)?;
    if days == (0, Some(0)) {
        return Some(DrinkEstimate {
            instrument: ins,
            week_quarters: (0, Some(0)),
            day: None,
            heavy: None,
        });
    }
    let day = *c.drinks_per_day.get(answer(ins, s, &c.quantity_item)?)?;
    let heavy = answer(ins, s, &c.heavy_item)
        .and_then(|a| c.heavy_day_at_least.get(a).copied())
        .filter(|n| *n > 0);
    let most = days.1.zip(day.1).map(|(d, q)| d * q);
    Some(DrinkEstimate {
        instrument: ins,
        week_quarters: (days.0 * day.0, most),
        day: Some(day),
        heavy,
    })
}

/// The first screening of the session that gives an estimate.
pub fn first_estimate<'a>(
    set: &'a ProtocolSet,
    screenings: &[Screening],
) -> Option<DrinkEstimate<'a>> {
    screenings.iter().find_map(|s| estimate(set, s))
}

impl DrinkEstimate<'_> {
    /// Drinks a week, whole: the fewest rounded down, the most rounded up (the range only
    /// widens).
    pub fn week(&self) -> (u32, Option<u32>) {
        (
            self.week_quarters.0 / 4,
            self.week_quarters.1.map(|q| q.div_ceil(4)),
        )
    }
}

/// A range in words: "3–4", "10 or more", "0".
pub fn range_words((min, max): (u32, Option<u32>)) -> String {
    match max {
        Some(max) if max == min => min.to_string(),
        Some(max) => format!("{min}–{max}"),
        None => crate::t!("sheet-or-more", min = min),
    }
}

/// One zone of the bar: its scores, and how the sheet names its risk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneSegment {
    /// Zone id.
    pub zone: String,
    /// Its index among the instrument's zones (for its colour).
    pub index: usize,
    /// Lowest score.
    pub min: u32,
    /// Highest score.
    pub max: u32,
    /// The zone's risk.
    pub risk: Option<RiskLevel>,
}

/// The zones of an instrument as they apply to this patient, and the score on them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZoneScale {
    /// The zones, lowest first, covering `0..=max` (or the lowest score the form allows).
    pub segments: Vec<ZoneSegment>,
    /// How many zones the instrument has.
    pub zones: usize,
    /// The patient's score.
    pub score: u32,
    /// The zone it falls in (its index in `segments`).
    pub at: Option<usize>,
}

impl ZoneScale {
    /// The lowest and highest score on the bar.
    pub fn range(&self) -> (u32, u32) {
        let min = self.segments.first().map_or(0, |s| s.min);
        let max = self.segments.last().map_or(0, |s| s.max);
        (min, max)
    }

    /// Where a score sits along the bar, 0 at its left end to 1 at its right (each score
    /// a step of equal width, the marker in the middle of its step).
    pub fn position(&self, score: u32) -> f32 {
        let (min, max) = self.range();
        let steps = (max - min + 1) as f32;
        ((score.clamp(min, max) - min) as f32 + 0.5) / steps
    }

    /// Neighbouring zones of the same risk as one (AUDIT III and IV are both high risk), for
    /// the patient's sheet, which names risks rather than zones.
    pub fn by_risk(&self) -> Self {
        let mut segments: Vec<ZoneSegment> = Vec::new();
        for seg in &self.segments {
            match segments.last_mut() {
                Some(last) if last.risk.is_some() && last.risk == seg.risk => last.max = seg.max,
                _ => segments.push(seg.clone()),
            }
        }
        let at = segments
            .iter()
            .position(|seg| seg.min <= self.score && self.score <= seg.max);
        Self {
            segments,
            zones: self.zones,
            score: self.score,
            at,
        }
    }

    /// The left and right ends of a segment along the bar, 0 to 1.
    pub fn span(&self, segment: &ZoneSegment) -> (f32, f32) {
        let (min, max) = self.range();
        let steps = (max - min + 1) as f32;
        (
            (segment.min - min) as f32 / steps,
            (segment.max - min + 1) as f32 / steps,
        )
    }
}

/// A label per segment: its risk in the sheet's words where the zone has a risk level and
/// the protocol has the words, else the zone id.
pub fn labels(scale: &ZoneScale, words: Option<&crate::protocol::RiskWords>) -> Vec<String> {
    scale
        .segments
        .iter()
        .map(|seg| match (seg.risk, words) {
            (Some(r), Some(w)) => w.word(r).to_owned(),
            _ => seg.zone.clone(),
        })
        .collect()
}

/// The zone bar of a scored screening, with the cut-offs that apply to `profile`.
pub fn zone_scale(ins: &Instrument, s: &Screening, profile: &Profile) -> Option<ZoneScale> {
    let result = s.result.as_ref()?;
    let substance = s.substance.as_deref();
    let table = ins
        .cutoffs
        .iter()
        .find(|c| c.when.matches(profile, substance))?;
    let (_, top) = score_range(ins, substance);
    let segments: Vec<ZoneSegment> = table
        .bands
        .iter()
        .filter_map(|b| {
            let index = ins.zones.iter().position(|z| z.id == b.zone)?;
            let max = b.max.or(top)?;
            Some(ZoneSegment {
                zone: b.zone.clone(),
                index,
                min: b.min,
                max,
                risk: ins.zones.get(index).and_then(|z| z.risk),
            })
        })
        .collect();
    if segments.is_empty() {
        return None;
    }
    let at = segments
        .iter()
        .position(|seg| seg.min <= result.total && result.total <= seg.max);
    Some(ZoneScale {
        segments,
        zones: ins.zones.len(),
        score: result.total,
        at,
    })
}

/// The patient's drinks a week against the weekly limit, for a picture. Only made when the
/// limits may be shown to this patient ([`LimitsAdvice::Limits`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DrinkScale {
    /// Drinks a week, whole (fewest, most; `None` open).
    pub week: (u32, Option<u32>),
    /// The weekly limit.
    pub limit: u32,
    /// The right end of the scale, in drinks a week.
    pub top: u32,
    /// Some drinking days (a typical or a heavy one) may go over the daily limit, whatever the
    /// week (the picture is then not drawn as within the limits).
    pub over_day: bool,
}

impl DrinkScale {
    /// The numbered ticks: 0 and each multiple of the weekly limit up to the scale's end.
    pub fn ticks(&self) -> Vec<u32> {
        let step = self.limit.max(1);
        (0..=self.top / step).map(|i| i * step).collect()
    }

    /// The drinks a week may go over the weekly limit (the estimate's top is above it, or open).
    pub fn over_week(&self) -> bool {
        self.week.0 > self.limit || self.week.1.is_none_or(|h| h > self.limit)
    }

    /// The risk the picture shows: high over the week, moderate over a day only, else low.
    pub fn risk(&self) -> RiskLevel {
        if self.over_week() {
            RiskLevel::High
        } else if self.over_day {
            RiskLevel::Moderate
        } else {
            RiskLevel::Low
        }
    }
}

impl DrinkScale {
    /// Where a number of drinks sits along the scale, 0 to 1.
    pub fn position(&self, drinks: u32) -> f32 {
        drinks.min(self.top) as f32 / self.top.max(1) as f32
    }
}

/// The picture of the estimate against the limit; `None` when no limit may be shown.
pub fn drink_scale(estimate: &DrinkEstimate<'_>, limits: &LimitsAdvice<'_>) -> Option<DrinkScale> {
    let LimitsAdvice::Limits(limit) = limits else {
        return None;
    };
    let week = estimate.week();
    let far = week.1.unwrap_or(week.0 + week.0 / 2).max(week.0);
    // Whole multiples of the weekly limit (so the scale reads "once, twice the limit" whatever
    // the limit is: 7 or 14 in the US, 9 in Sweden), with room past the farther of the limit
    // and the estimate.
    let step = limit.per_week.max(1);
    let top = (far.max(limit.per_week) * 5 / 4 + 1).div_ceil(step) * step;
    let over = |n: u32| n > limit.per_day;
    let over_day = estimate.heavy.is_some_and(over)
        || estimate
            .day
            .is_some_and(|(lo, hi)| over(lo) || hi.is_none_or(over));
    Some(DrinkScale {
        week,
        limit: limit.per_week,
        top,
        over_day,
    })
}
