//! Checks on the take-home sheet's wording, the credits (recorded actions that deliver
//! components), the instruments' drink-estimate tables and the items instruments share.

use std::collections::BTreeSet;

use super::{Report, known_source, list, placeholders};
use crate::protocol::model::{Answer, Handout, Instrument, Protocol};

/// A template at `path`: not empty, braces closed, only the placeholders `allowed`.
fn template(r: &mut Report<'_>, path: &str, text: &str, allowed: &[&str]) {
    if text.trim().is_empty() {
        r.at(path, "the wording must not be empty");
        return;
    }
    let (names, unclosed) = placeholders(text);
    if unclosed {
        r.at(
            path,
            "a { has no } after it; placeholders are written {name}",
        );
    }
    for name in names {
        if !allowed.contains(&name) {
            let known = if allowed.is_empty() {
                "this text takes none".to_owned()
            } else {
                let braced: Vec<String> = allowed.iter().map(|a| format!("{{{a}}}")).collect();
                format!("it takes {}", braced.join(", "))
            };
            r.at(
                path,
                format!("the placeholder {{{name}}} cannot be filled here: {known}"),
            );
        }
    }
}

/// Checks `p.handout` and `p.credits`.
pub(super) fn check(p: &Protocol, source_keys: &BTreeSet<&str>, r: &mut Report<'_>) {
    let component_ids: Vec<&str> = p.components.iter().map(|c| c.id.as_str()).collect();
    r.unique(
        "credit action",
        p.credits
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("credits[{i}].action"), c.action.name())),
    );
    for (i, credit) in p.credits.iter().enumerate() {
        known_source(
            r,
            source_keys,
            &format!("credits[{i}].source"),
            &credit.source,
        );
        if credit.components.is_empty() {
            r.at(
                &format!("credits[{i}].components"),
                "name the components the action delivers",
            );
        }
        for (j, c) in credit.components.iter().enumerate() {
            if !component_ids.contains(&c.as_str()) {
                r.at(
                    &format!("credits[{i}].components[{j}]"),
                    format!(
                        "component \"{c}\" is not one of the components ({})",
                        list(&component_ids)
                    ),
                );
            }
        }
        template(r, &format!("credits[{i}].label"), &credit.label, &[]);
    }
    if let Some(h) = &p.handout {
        handout(h, source_keys, r);
    }
}

fn handout(h: &Handout, source_keys: &BTreeSet<&str>, r: &mut Report<'_>) {
    known_source(r, source_keys, "handout.source", &h.source);
    if chrono::format::StrftimeItems::new(&h.date_format).any(|i| i == chrono::format::Item::Error)
    {
        r.at(
            "handout.date_format",
            "not a date format (strftime: %B %-d, %Y)",
        );
    }
    let fields: [(&str, &str, &[&str]); 32] = [
        ("title", &h.title, &[]),
        ("intro", &h.intro, &[]),
        ("date_line", &h.date_line, &["date"]),
        ("clinician_line", &h.clinician_line, &["clinician"]),
        ("results_heading", &h.results_heading, &[]),
        ("score_line", &h.score_line, &["instrument", "score", "max"]),
        (
            "score_only_line",
            &h.score_only_line,
            &["instrument", "score"],
        ),
        ("risk_words.low", &h.risk_words.low, &[]),
        ("risk_words.moderate", &h.risk_words.moderate, &[]),
        ("risk_words.high", &h.risk_words.high, &[]),
        (
            "carried_line",
            &h.carried_line,
            &["instrument", "items", "from", "from_score", "from_max"],
        ),
        ("drinking_heading", &h.drinking_heading, &[]),
        ("week_estimate", &h.week_estimate, &["week"]),
        ("day_estimate", &h.day_estimate, &["day"]),
        ("heavy_estimate", &h.heavy_estimate, &["heavy"]),
        ("drink_size", &h.drink_size, &["drink"]),
        ("estimate_note", &h.estimate_note, &["instrument"]),
        ("limit_heading", &h.limit_heading, &[]),
        ("limits_withheld", &h.limits_withheld, &["why"]),
        ("age_needed", &h.age_needed, &[]),
        ("goal_heading", &h.goal_heading, &[]),
        ("own_words_line", &h.own_words_line, &["words"]),
        ("options_line", &h.options_line, &["options"]),
        ("target_line", &h.target_line, &["date"]),
        ("reasons_heading", &h.reasons_heading, &[]),
        ("safety_heading", &h.safety_heading, &[]),
        ("follow_up_heading", &h.follow_up_heading, &[]),
        ("follow_up_line", &h.follow_up_line, &["date"]),
        ("no_follow_up", &h.no_follow_up, &[]),
        ("help_heading", &h.help_heading, &[]),
        ("footer", &h.footer, &["cutoffs", "limits"]),
        ("source", &h.source, &[]),
    ];
    for (field, text, allowed) in fields {
        template(r, &format!("handout.{field}"), text, allowed);
    }
    if h.help.is_empty() {
        r.at(
            "handout.help",
            "list at least one place to get help (a helpline or a local service)",
        );
    }
    for (i, res) in h.help.iter().enumerate() {
        let at = format!("handout.help[{i}]");
        known_source(r, source_keys, &format!("{at}.source"), &res.source);
        for (field, text) in [
            ("name", &res.name),
            ("detail", &res.detail),
            ("contact", &res.contact),
        ] {
            template(r, &format!("{at}.{field}"), text, &[]);
        }
    }
}

/// The number of options of item `id`, if it is an options item of `ins`.
fn options_of(ins: &Instrument, id: &str) -> Option<usize> {
    ins.items
        .iter()
        .find(|it| it.id == id)
        .and_then(|it| match &it.answer {
            Answer::Options(o) => Some(o.len()),
            Answer::Count { .. } => None,
        })
}

/// Checks an instrument's drink-estimate table: its items exist, are answered by options,
/// and each list has one entry per option, with ranges the right way round.
pub(super) fn consumption(ins: &Instrument, r: &mut Report<'_>) {
    let Some(c) = &ins.consumption else {
        return;
    };
    let ranges = |list: &[(u32, Option<u32>)]| -> Vec<(u32, Option<u32>)> { list.to_vec() };
    let heavy: Vec<(u32, Option<u32>)> = c
        .heavy_day_at_least
        .iter()
        .map(|n| (*n, Some(*n)))
        .collect();
    for (item_field, item, list_field, list) in [
        (
            "frequency_item",
            &c.frequency_item,
            "days_in_4_weeks",
            ranges(&c.days_in_4_weeks),
        ),
        (
            "quantity_item",
            &c.quantity_item,
            "drinks_per_day",
            ranges(&c.drinks_per_day),
        ),
        ("heavy_item", &c.heavy_item, "heavy_day_at_least", heavy),
    ] {
        let Some(n) = options_of(ins, item) else {
            r.at(
                &format!("consumption.{item_field}"),
                format!(
                    "\"{item}\" is not an item of {} answered by options",
                    ins.id
                ),
            );
            continue;
        };
        if list.len() != n {
            r.at(
                &format!("consumption.{list_field}"),
                format!(
                    "item \"{item}\" has {n} options, so {list_field} needs {n} entries (has {})",
                    list.len()
                ),
            );
        }
        for (i, (min, max)) in list.iter().enumerate() {
            if max.is_some_and(|m| m < *min) {
                r.at(
                    &format!("consumption.{list_field}[{i}]"),
                    format!(
                        "the range ends ({}) before it starts ({min})",
                        max.unwrap_or(0)
                    ),
                );
            }
        }
    }
    if c.days_in_4_weeks
        .iter()
        .any(|(min, max)| *min > 28 || max.is_some_and(|m| m > 28))
    {
        r.at(
            "consumption.days_in_4_weeks",
            "4 weeks have at most 28 drinking days",
        );
    }
    if c.source.trim().is_empty() {
        r.at("consumption.source", "cite where the table comes from");
    }
}

/// Checks that the items `ins` shares with another instrument exist in both, worded alike
/// with the same options and points, and that the zones it is offered after exist.
pub(super) fn answers_from(ins: &Instrument, loaded: &[&Instrument], r: &mut Report<'_>) {
    let Some(from) = &ins.answers_from else {
        return;
    };
    let Some(other) = loaded.iter().find(|i| i.id == from.instrument) else {
        let known: Vec<&str> = loaded.iter().map(|i| i.id.as_str()).collect();
        r.at(
            "answers_from.instrument",
            format!(
                "instrument \"{}\" is not loaded ({})",
                from.instrument,
                list(&known)
            ),
        );
        return;
    };
    if from.items.is_empty() {
        r.at("answers_from.items", "name the items both instruments ask");
    }
    for (i, id) in from.items.iter().enumerate() {
        let at = format!("answers_from.items[{i}]");
        let (Some(mine), Some(theirs)) = (
            ins.items.iter().find(|it| &it.id == id),
            other.items.iter().find(|it| &it.id == id),
        ) else {
            r.at(
                &at,
                format!(
                    "item \"{id}\" must be an item of both {} and {}",
                    ins.id, other.id
                ),
            );
            continue;
        };
        if mine.text != theirs.text || mine.variants != theirs.variants {
            r.at(
                &at,
                format!(
                    "item \"{id}\" is worded differently in {} and {}: answers can be carried over only between the same question",
                    ins.id, other.id
                ),
            );
        }
        if mine.answer != theirs.answer || mine.reverse_scored != theirs.reverse_scored {
            r.at(
                &at,
                format!(
                    "item \"{id}\" has other options or points in {} than in {}: answers can be carried over only between the same options",
                    ins.id, other.id
                ),
            );
        }
    }
    for (i, zone) in from.offer_after.iter().enumerate() {
        if !other.zones.iter().any(|z| &z.id == zone) {
            let zones: Vec<&str> = other.zones.iter().map(|z| z.id.as_str()).collect();
            r.at(
                &format!("answers_from.offer_after[{i}]"),
                format!("{} has no zone \"{zone}\" ({})", other.id, list(&zones)),
            );
        }
    }
    if from.note.trim().is_empty() {
        r.at(
            "answers_from.note",
            "say why the answers may be carried over",
        );
    }
}
