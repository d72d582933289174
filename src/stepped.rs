//! Stepped screening: an instrument whose items are another one's questions too (the AUDIT's
//! items 1-3 are the AUDIT-C), as its `answers_from` says. The answers are given once: a
//! positive result of the shorter one offers the longer one with them filled in, an answer
//! changed in either is changed in the other, and the note and the sheet count them once.

use crate::protocol::{AnswersFrom, Instrument, ProtocolSet};
use crate::scoring::{self, Profile};
use crate::session::{Screening, ScreeningResult};

/// Two instruments that share items: `full` declares `link`, taking answers from `short`.
#[derive(Clone, Copy, Debug)]
pub struct Link<'a> {
    /// The instrument that declares the shared items (the AUDIT).
    pub full: &'a Instrument,
    /// The one it takes them from (the AUDIT-C).
    pub short: &'a Instrument,
    /// The declaration.
    pub link: &'a AnswersFrom,
}

/// The link between two instruments, whichever of the two declares it.
pub fn link<'a>(set: &'a ProtocolSet, a: &str, b: &str) -> Option<Link<'a>> {
    let declared = |full: &str, short: &str| {
        let full = set.instrument(full)?;
        let link = full
            .answers_from
            .as_ref()
            .filter(|l| l.instrument == short)?;
        Some(Link {
            full,
            short: set.instrument(short)?,
            link,
        })
    };
    declared(a, b).or_else(|| declared(b, a))
}

/// The instrument offered in one click after this screening: one that takes answers from it,
/// when its zone is one the link names, and not yet given in `screenings`.
pub fn offered_after<'a>(
    set: &'a ProtocolSet,
    screening: &Screening,
    screenings: &[Screening],
) -> Option<&'a Instrument> {
    let zone = screening.result.as_ref().map(|r| r.zone.as_str())?;
    set.instruments().iter().find(|full| {
        full.answers_from.as_ref().is_some_and(|l| {
            l.instrument == screening.instrument && l.offer_after.iter().any(|z| z == zone)
        }) && !screenings.iter().any(|x| x.instrument == full.id)
    })
}

/// The answers of `ins` laid out by item id (as recorded, or as they would be for today's
/// items).
fn answers_of(ins: &Instrument, s: &Screening) -> Vec<Option<u32>> {
    scoring::answers_for_items(ins, s.substance.as_deref(), &s.answers)
        .unwrap_or_else(|| vec![None; scoring::items_for(ins, s.substance.as_deref()).count()])
}

/// `target`'s answers with the shared items set to `source`'s; `None` when nothing changes.
fn carried(
    link: &AnswersFrom,
    (source_ins, source): (&Instrument, &[Option<u32>]),
    (target_ins, target): (&Instrument, &[Option<u32>]),
) -> Option<Vec<Option<u32>>> {
    let mut out = target.to_vec();
    for id in &link.items {
        let from = source_ins.items.iter().position(|it| &it.id == id)?;
        let to = target_ins.items.iter().position(|it| &it.id == id)?;
        *out.get_mut(to)? = source.get(from).copied().flatten();
    }
    (out != target).then_some(out)
}

fn rescored(
    ins: &Instrument,
    mut s: Screening,
    answers: Vec<Option<u32>>,
    p: &Profile,
) -> Screening {
    let score = scoring::score(ins, &answers, p, s.substance.as_deref()).ok();
    s.result = score.as_ref().map(ScreeningResult::from);
    s.profile = *p;
    s.answers = answers;
    s
}

/// A new screening of `full` with the items it shares with `from` answered as there (the
/// screen step's "Continue with the full …").
pub fn start_from(
    set: &ProtocolSet,
    full: &Instrument,
    from: &Screening,
    profile: &Profile,
) -> Option<Screening> {
    let l = link(set, &full.id, &from.instrument)?;
    let source = (l.short, answers_of(l.short, from));
    let empty = vec![None; full.items.len()];
    let answers = carried(l.link, (source.0, &source.1), (full, &empty)).unwrap_or(empty);
    let blank = Screening {
        instrument: full.id.clone(),
        substance: None,
        profile: *profile,
        answers: Vec::new(),
        result: None,
        suggested: from.suggested.clone(),
        time: from.time,
    };
    Some(rescored(full, blank, answers, profile))
}

/// The other screenings of `screenings` that share items with `recorded`, with those items
/// answered as in `recorded` and scored again; only those that change.
pub fn carry_into(
    set: &ProtocolSet,
    recorded: &Screening,
    screenings: &[Screening],
    profile: &Profile,
) -> Vec<Screening> {
    let Some(source_ins) = set.instrument(&recorded.instrument) else {
        return Vec::new();
    };
    let source = answers_of(source_ins, recorded);
    screenings
        .iter()
        .filter(|x| x.instrument != recorded.instrument)
        .filter_map(|x| {
            let l = link(set, &recorded.instrument, &x.instrument)?;
            let target_ins = set.instrument(&x.instrument)?;
            let target = answers_of(target_ins, x);
            let answers = carried(l.link, (source_ins, &source), (target_ins, &target))?;
            Some(rescored(target_ins, x.clone(), answers, profile))
        })
        .collect()
}

/// A screening whose items all appear in another recorded one with the same answers (the
/// AUDIT-C inside the full AUDIT): reported once, inside the other.
#[derive(Clone, Copy, Debug)]
pub struct Folded<'a> {
    /// Index of the shorter screening in the session's list.
    pub short: usize,
    /// Index of the one that holds it.
    pub full: usize,
    /// The link.
    pub link: Link<'a>,
}

/// The screenings held whole in another one, as [`Folded`] says.
pub fn folded<'a>(set: &'a ProtocolSet, screenings: &[Screening]) -> Vec<Folded<'a>> {
    let mut out = Vec::new();
    for (full_index, full) in screenings.iter().enumerate() {
        for (short_index, short) in screenings.iter().enumerate() {
            let Some(l) = link(set, &full.instrument, &short.instrument) else {
                continue;
            };
            if l.full.id != full.instrument {
                continue;
            }
            let same = carried(
                l.link,
                (l.short, &answers_of(l.short, short)),
                (l.full, &answers_of(l.full, full)),
            )
            .is_none();
            if same {
                out.push(Folded {
                    short: short_index,
                    full: full_index,
                    link: l,
                });
            }
        }
    }
    out
}

/// The shared items' numbers as printed in `ins` ("1–3", or "1, 2, 5").
pub fn item_numbers(ins: &Instrument, link: &AnswersFrom) -> String {
    let numbers: Vec<&str> = link
        .items
        .iter()
        .filter_map(|id| ins.items.iter().find(|it| &it.id == id))
        .map(|it| it.number.as_str())
        .collect();
    let parsed: Option<Vec<u32>> = numbers.iter().map(|n| n.parse().ok()).collect();
    match parsed {
        Some(n) if n.len() > 2 && n.windows(2).all(|w| w[1] == w[0] + 1) => {
            format!("{}–{}", n[0], n[n.len() - 1])
        }
        _ => numbers.join(", "),
    }
}
