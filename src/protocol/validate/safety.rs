//! Checks on the safety rules and the pregnancy question of a protocol: every instrument,
//! substance, item, option, zone, menu option and prompt they name exists, and every rule can
//! be answered (it says what to do and what to tell the patient, and cites its source).

use std::collections::BTreeSet;

use super::{Report, known_source, list};
use crate::protocol::model::{Answer, Instrument, Protocol, SafetyCondition, SafetyRule};
use crate::scoring::items_for;

/// Checks `p.safety` and `p.pregnancy_question`; `loaded` are the instruments loaded beside it.
pub(super) fn check(
    p: &Protocol,
    loaded: &[&Instrument],
    source_keys: &BTreeSet<&str>,
    r: &mut Report<'_>,
) {
    let check_source =
        |r: &mut Report<'_>, path: &str, key: &str| known_source(r, source_keys, path, key);
    if let Some(q) = &p.pregnancy_question {
        check_source(r, "pregnancy_question.source", &q.source);
        if q.question.trim().is_empty() {
            r.at(
                "pregnancy_question.question",
                "the question must not be empty",
            );
        }
        if q.ask_sex.is_empty() {
            r.at(
                "pregnancy_question.ask_sex",
                "nobody would be asked: list whom to ask (Female, NotRecorded, Male)",
            );
        }
        if q.min_age > q.max_age {
            r.at(
                "pregnancy_question.max_age",
                format!("max_age ({}) is below min_age ({})", q.max_age, q.min_age),
            );
        }
    }
    let limits = &p.low_risk_limits;
    if limits.minimum_age.is_some()
        && limits
            .underage
            .as_deref()
            .is_none_or(|t| t.trim().is_empty())
    {
        r.at(
            "low_risk_limits.minimum_age",
            "with a minimum age, say what a younger patient is told instead of the limits: add `underage`",
        );
    }

    r.unique(
        "safety rule",
        p.safety
            .iter()
            .enumerate()
            .map(|(i, rule)| (format!("safety[{i}].id"), rule.id.as_str())),
    );
    let menu_ids: Vec<&str> = p.menu.iter().map(|m| m.id.as_str()).collect();
    let prompt_ids: Vec<&str> = p
        .steps
        .iter()
        .flat_map(|s| s.prompts.iter().map(|x| x.id.as_str()))
        .collect();
    for (i, rule) in p.safety.iter().enumerate() {
        let path = format!("safety[{i}]");
        check_source(r, &format!("{path}.source"), &rule.source);
        rule_text(rule, &path, r);
        condition(p, loaded, &rule.when, &format!("{path}.when"), r);
        let menus = [
            ("withholds.menu", &rule.withholds.menu),
            ("recommends", &rule.recommends),
        ];
        for (field, ids) in menus {
            for (j, id) in ids.iter().enumerate() {
                if !menu_ids.contains(&id.as_str()) {
                    r.at(
                        &format!("{path}.{field}[{j}]"),
                        format!(
                            "rule \"{}\" names menu option \"{id}\", which is not in `menu` ({})",
                            rule.id,
                            list(&menu_ids)
                        ),
                    );
                }
            }
        }
        for (j, id) in rule.withholds.prompts.iter().enumerate() {
            if !prompt_ids.contains(&id.as_str()) {
                r.at(
                    &format!("{path}.withholds.prompts[{j}]"),
                    format!(
                        "rule \"{}\" names prompt \"{id}\", which no step has",
                        rule.id
                    ),
                );
            }
        }
        if rule.rescreen_weeks == Some(0) {
            r.at(
                &format!("{path}.rescreen_weeks"),
                "a re-screen interval of 0 weeks is today; use 1 or more",
            );
        }
    }
    // Screening routes: offered instruments, a cited reason.
    for (i, route) in p.screening_routes.iter().enumerate() {
        let path = format!("screening_routes[{i}]");
        check_source(r, &format!("{path}.source"), &route.source);
        if route.instruments.is_empty() {
            r.at(
                &format!("{path}.instruments"),
                "a route needs at least one instrument",
            );
        }
        for (j, id) in route.instruments.iter().enumerate() {
            if !p.instruments.contains(id) {
                r.at(
                    &format!("{path}.instruments[{j}]"),
                    format!("route names instrument \"{id}\", which this protocol does not offer"),
                );
            }
        }
        if route.why.trim().is_empty() {
            r.at(
                &format!("{path}.why"),
                "say why the route suggests these instruments",
            );
        }
    }
    // The menu options the offered instruments' zones name must be this protocol's.
    for (i, id) in p.instruments.iter().enumerate() {
        let Some(ins) = loaded.iter().find(|x| &x.id == id) else {
            continue;
        };
        for zone in &ins.zones {
            for m in zone.menu.recommended.iter().chain(&zone.menu.not_offered) {
                if !menu_ids.contains(&m.as_str()) {
                    r.at(
                        &format!("instruments[{i}]"),
                        format!(
                            "instrument \"{id}\" zone \"{}\" names menu option \"{m}\", which is not in this protocol's `menu` ({})",
                            zone.id,
                            list(&menu_ids)
                        ),
                    );
                }
            }
        }
    }
}

fn rule_text(rule: &SafetyRule, path: &str, r: &mut Report<'_>) {
    for (field, text) in [
        ("title", &rule.title),
        ("clinician", &rule.clinician),
        ("patient", &rule.patient),
    ] {
        if text.trim().is_empty() {
            r.at(
                &format!("{path}.{field}"),
                format!("rule \"{}\": {field} must not be empty", rule.id),
            );
        }
    }
    r.unique(
        "advice point",
        rule.advice
            .iter()
            .enumerate()
            .map(|(j, a)| (format!("{path}.advice[{j}].id"), a.id.as_str())),
    );
}

fn condition(
    p: &Protocol,
    loaded: &[&Instrument],
    c: &SafetyCondition,
    path: &str,
    r: &mut Report<'_>,
) {
    let instrument = |r: &mut Report<'_>, id: &str| -> Option<Instrument> {
        if !p.instruments.iter().any(|x| x == id) {
            r.at(
                &format!("{path}.instrument"),
                format!(
                    "rule names instrument \"{id}\", which this protocol does not offer ({})",
                    list(&p.instruments.iter().map(String::as_str).collect::<Vec<_>>())
                ),
            );
            return None;
        }
        // An instrument that failed to load is reported on its own.
        loaded.iter().find(|x| x.id == id).map(|x| (*x).clone())
    };
    let substances_ok = |r: &mut Report<'_>, ins: &Instrument, substances: &[String]| {
        let known: Vec<&str> = ins.substances.iter().map(|s| s.id.as_str()).collect();
        for (j, s) in substances.iter().enumerate() {
            if !known.contains(&s.as_str()) {
                r.at(
                    &format!("{path}.substances[{j}]"),
                    format!(
                        "instrument \"{}\" has no substance \"{s}\" ({})",
                        ins.id,
                        if known.is_empty() {
                            "it is not per substance".to_owned()
                        } else {
                            list(&known)
                        }
                    ),
                );
            }
        }
    };
    match c {
        SafetyCondition::Zone {
            instrument: id,
            substances,
            zones,
        } => {
            let Some(ins) = instrument(r, id) else {
                return;
            };
            substances_ok(r, &ins, substances);
            let known: Vec<&str> = ins.zones.iter().map(|z| z.id.as_str()).collect();
            for (j, z) in zones.iter().enumerate() {
                if !known.contains(&z.as_str()) {
                    r.at(
                        &format!("{path}.zones[{j}]"),
                        format!("instrument \"{id}\" has no zone \"{z}\" ({})", list(&known)),
                    );
                }
            }
        }
        SafetyCondition::Answer {
            instrument: id,
            substances,
            item,
            options,
        } => {
            let Some(ins) = instrument(r, id) else {
                return;
            };
            substances_ok(r, &ins, substances);
            let Some(it) = ins.items.iter().find(|x| &x.id == item) else {
                r.at(
                    &format!("{path}.item"),
                    format!("instrument \"{id}\" has no item \"{item}\""),
                );
                return;
            };
            let asked = substances.is_empty()
                || substances
                    .iter()
                    .any(|s| items_for(&ins, Some(s)).any(|x| x.id == *item));
            if !asked {
                r.at(
                    &format!("{path}.item"),
                    format!("item \"{item}\" is not asked for the substances named"),
                );
            }
            match &it.answer {
                Answer::Options(opts) => {
                    for (j, o) in options.iter().enumerate() {
                        if *o >= opts.len() {
                            r.at(
                                &format!("{path}.options[{j}]"),
                                format!(
                                    "item \"{item}\" has options 0–{}; option {o} does not exist",
                                    opts.len().saturating_sub(1)
                                ),
                            );
                        }
                    }
                }
                Answer::Count { .. } => r.at(
                    &format!("{path}.item"),
                    format!("item \"{item}\" is a count, not a choice of options: use its zones"),
                ),
            }
        }
        SafetyCondition::CountAtLeast {
            instrument: id,
            substances,
            item,
            ..
        } => {
            let Some(ins) = instrument(r, id) else {
                return;
            };
            substances_ok(r, &ins, substances);
            match ins.items.iter().find(|x| &x.id == item).map(|x| &x.answer) {
                Some(Answer::Count { .. }) => {}
                Some(Answer::Options(_)) => r.at(
                    &format!("{path}.item"),
                    format!("item \"{item}\" is a choice of options, not a count: use Answer"),
                ),
                None => r.at(
                    &format!("{path}.item"),
                    format!("instrument \"{id}\" has no item \"{item}\""),
                ),
            }
        }
        SafetyCondition::Pregnancy(statuses) => {
            if statuses.is_empty() {
                r.at(path, "name at least one pregnancy status");
            }
        }
        SafetyCondition::Underage => {
            if p.low_risk_limits.minimum_age.is_none() {
                r.at(
                    path,
                    "Underage needs `low_risk_limits.minimum_age`, the age it is measured against",
                );
            }
        }
        SafetyCondition::Any(all) | SafetyCondition::All(all) => {
            if all.is_empty() {
                r.at(path, "an empty list of conditions never decides anything");
            }
            for (j, c) in all.iter().enumerate() {
                condition(p, loaded, c, &format!("{path}[{j}]"), r);
            }
        }
    }
}
