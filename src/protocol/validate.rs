//! Semantic checks on parsed protocol and instrument files.
//!
//! Parsing (serde + RON) catches syntax, unknown keys and wrong types. This pass catches what a
//! type cannot say: the step kinds in a usable order, ids unique and resolvable, zones covering the whole
//! score range, points not negative. Every problem is collected, so a clinic editing the files
//! sees the full list at once.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::error::Problem;
use super::locate::Locator;
use super::model::{
    Answer, Applies, Billing, Condition, Cutoffs, Instrument, Item, LowRiskLimits, NoteLayout,
    NoteLine, Protocol, ProtocolKind, Referral, Ruler, StepKind, Total,
};
use super::{COMPONENT_IDS, STAGE_IDS};

mod fhir;
mod handout;
mod plan;
mod safety;

/// Collects problems for one file, placing each at the position of a value path.
pub(crate) struct Report<'a> {
    path: &'a Path,
    src: &'a str,
    /// Built on the first problem: a valid file (the usual case, at every start) is never
    /// tokenized a second time.
    locator: Option<Locator>,
    problems: &'a mut Vec<Problem>,
}

impl<'a> Report<'a> {
    pub(crate) fn new(path: &'a Path, src: &'a str, problems: &'a mut Vec<Problem>) -> Self {
        Self {
            path,
            src,
            locator: None,
            problems,
        }
    }

    fn at(&mut self, value_path: &str, message: impl Into<String>) {
        let src = self.src;
        let position = self
            .locator
            .get_or_insert_with(|| Locator::new(src))
            .find(value_path);
        self.problems.push(Problem {
            path: self.path.to_path_buf(),
            position,
            message: message.into(),
        });
    }

    /// Reports every id that appears more than once in `ids` (paths given per id).
    fn unique<'s>(&mut self, what: &str, ids: impl IntoIterator<Item = (String, &'s str)>) {
        let mut seen = BTreeSet::new();
        for (path, id) in ids {
            if !seen.insert(id) {
                self.at(
                    &path,
                    format!("{what} id \"{id}\" is used more than once; ids must be unique"),
                );
            }
        }
    }
}

/// Reports a `source` key that `sources` does not list.
fn known_source(r: &mut Report<'_>, source_keys: &BTreeSet<&str>, path: &str, key: &str) {
    if !source_keys.contains(key) {
        let known: Vec<&str> = source_keys.iter().copied().collect();
        r.at(
            path,
            format!(
                "source \"{key}\" is not listed in `sources` ({})",
                list(&known)
            ),
        );
    }
}

fn list(ids: &[&str]) -> String {
    ids.join(", ")
}

/// Checks the clinic's licences: each names an instrument loaded beside it, once.
pub(crate) fn licences(
    l: &super::model::Licences,
    instrument_ids: &BTreeSet<&str>,
    instruments_complete: bool,
    r: &mut Report<'_>,
) {
    r.unique(
        "licensed instrument",
        l.held
            .iter()
            .enumerate()
            .map(|(i, h)| (format!("held[{i}].instrument"), h.instrument.as_str())),
    );
    for (i, h) in l.held.iter().enumerate() {
        if instruments_complete && !instrument_ids.contains(h.instrument.as_str()) {
            let known: Vec<&str> = instrument_ids.iter().copied().collect();
            r.at(
                &format!("held[{i}].instrument"),
                format!(
                    "licence for instrument \"{}\", which is not in instruments/ (loaded: {})",
                    h.instrument,
                    list(&known)
                ),
            );
        }
        for (field, value) in [("granted_by", &h.granted_by), ("reference", &h.reference)] {
            if value.trim().is_empty() {
                r.at(
                    &format!("held[{i}].{field}"),
                    format!("say {field} for the licence of \"{}\"", h.instrument),
                );
            }
        }
    }
}

/// Checks the items an instrument shares with another of the `loaded` ones.
pub(crate) fn answers_from(ins: &Instrument, loaded: &[&Instrument], r: &mut Report<'_>) {
    handout::answers_from(ins, loaded, r);
}

/// Checks a protocol; `instrument_ids` are the instruments loaded beside it.
/// `instruments_complete` is false when an instrument file failed to parse: its id is unknown,
/// so the protocol's instrument list is not checked against the ones loaded (the parse error
/// is reported on its own).
pub(crate) fn protocol(
    p: &Protocol,
    instrument_ids: &BTreeSet<&str>,
    instruments_complete: bool,
    loaded: &[&Instrument],
    r: &mut Report<'_>,
) {
    let Protocol {
        id,
        version,
        language,
        kind,
        plan,
        title: _,
        summary: _,
        sources,
        steps,
        components,
        stages,
        ruler,
        menu,
        instruments,
        low_risk_limits,
        referral,
        billing,
        follow_up_weeks,
        note,
        pregnancy_question: _,
        safety: _,
        screening_routes: _,
        prevention,
        fhir: _,
        handout: _,
        credits: _,
        intervention_levels,
    } = p;
    for (field, value) in [("id", id), ("version", version), ("language", language)] {
        if value.trim().is_empty() {
            r.at(field, format!("{field} must not be empty"));
        }
    }

    r.unique(
        "source",
        sources
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("sources[{i}].key"), s.key.as_str())),
    );
    let source_keys: BTreeSet<&str> = sources.iter().map(|s| s.key.as_str()).collect();
    let check_source =
        |r: &mut Report<'_>, path: &str, key: &str| known_source(r, &source_keys, path, key);

    // Steps: any ids, each kind but Plain at most once, the Closure step last.
    let step_ids: Vec<&str> = steps.iter().map(|s| s.id.as_str()).collect();
    steps_by_kind(r, p);
    r.unique(
        "step",
        steps
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("steps[{i}].id"), s.id.as_str())),
    );

    // Components: a brief intervention's are the six FRAMES ids; another kind names its own.
    let component_ids: Vec<&str> = components.iter().map(|c| c.id.as_str()).collect();
    if components.is_empty() {
        r.at(
            "components",
            "a protocol needs at least one component to track",
        );
    }
    let brief = *kind == ProtocolKind::BriefIntervention;
    for required in COMPONENT_IDS.iter().filter(|_| brief) {
        if !component_ids.contains(required) {
            r.at(
                "components",
                format!(
                    "component \"{required}\" is missing; the six are {}",
                    list(&COMPONENT_IDS)
                ),
            );
        }
    }
    r.unique(
        "component",
        components
            .iter()
            .enumerate()
            .map(|(i, c)| (format!("components[{i}].id"), c.id.as_str())),
    );
    for (i, c) in components.iter().enumerate() {
        for (j, step) in c.usual_steps.iter().enumerate() {
            if !step_ids.contains(&step.as_str()) {
                r.at(
                    &format!("components[{i}].usual_steps[{j}]"),
                    format!(
                        "component \"{}\" names step \"{step}\", which is not a step ({})",
                        c.id,
                        list(&step_ids)
                    ),
                );
            }
        }
    }

    // Prompts: unique across the protocol, each delivering known components.
    let prompt_ids = steps.iter().enumerate().flat_map(|(i, s)| {
        s.prompts
            .iter()
            .enumerate()
            .map(move |(j, p)| (format!("steps[{i}].prompts[{j}].id"), p.id.as_str()))
    });
    r.unique("prompt", prompt_ids);
    for (i, step) in steps.iter().enumerate() {
        check_source(r, &format!("steps[{i}].source"), &step.source);
        for (j, prompt) in step.prompts.iter().enumerate() {
            let path = format!("steps[{i}].prompts[{j}]");
            if prompt.components.is_empty() {
                r.at(
                    &format!("{path}.components"),
                    format!(
                        "prompt \"{}\" delivers no component; name at least one",
                        prompt.id
                    ),
                );
            }
            for (k, c) in prompt.components.iter().enumerate() {
                if !component_ids.contains(&c.as_str()) {
                    r.at(
                        &format!("{path}.components[{k}]"),
                        format!(
                            "prompt \"{}\" names component \"{c}\", which is not one of the components ({})",
                            prompt.id,
                            list(&component_ids)
                        ),
                    );
                }
            }
        }
    }

    for (i, weeks) in follow_up_weeks.iter().enumerate() {
        if *weeks == 0 {
            r.at(
                &format!("follow_up_weeks[{i}]"),
                "a follow-up interval of 0 weeks is today; use 1 or more",
            );
        }
    }
    match (kind, plan) {
        (ProtocolKind::BriefIntervention, Some(_)) => r.at(
            "plan",
            "a BriefIntervention protocol has no `plan`; set `kind: FamilyIntervention` or remove it",
        ),
        (ProtocolKind::FamilyIntervention, None) => r.at(
            "kind",
            "a FamilyIntervention protocol needs a `plan` section (safety screen, approaches, roles…)",
        ),
        (ProtocolKind::FamilyIntervention, Some(spec)) => {
            plan::check(spec, p, &component_ids, &step_ids, &source_keys, r);
            return;
        }
        (ProtocolKind::BriefIntervention, None) => {}
    }
    for (field, missing) in [
        ("ruler", *ruler == Ruler::default()),
        (
            "low_risk_limits",
            *low_risk_limits == LowRiskLimits::default(),
        ),
        ("referral", *referral == Referral::default()),
    ] {
        if missing {
            r.at(
                field,
                format!("a BriefIntervention protocol needs `{field}`; it is missing or empty"),
            );
        }
    }

    // Stages.
    let stage_ids: Vec<&str> = stages.iter().map(|s| s.id.as_str()).collect();
    for required in STAGE_IDS {
        if !stage_ids.contains(&required) {
            r.at(
                "stages",
                format!(
                    "stage \"{required}\" is missing; the stages are {}",
                    list(&STAGE_IDS)
                ),
            );
        }
    }
    r.unique(
        "stage",
        stages
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("stages[{i}].id"), s.id.as_str())),
    );
    for (i, stage) in stages.iter().enumerate() {
        check_source(r, &format!("stages[{i}].source"), &stage.source);
    }

    // Ruler bands: a heuristic, covering the scale with no gap or overlap.
    check_source(r, "ruler.source", &ruler.source);
    if !ruler.bands_are_heuristic {
        r.at(
            "ruler.bands_are_heuristic",
            "the ruler-to-stage bands are a heuristic, not a validated rule: set bands_are_heuristic to true",
        );
    }
    if ruler.scale_min >= ruler.scale_max {
        r.at(
            "ruler.scale_max",
            format!(
                "scale_max ({}) must be above scale_min ({})",
                ruler.scale_max, ruler.scale_min
            ),
        );
    }
    let bands: Vec<(u32, Option<u32>)> = ruler
        .bands
        .iter()
        .map(|b| (u32::from(b.min), Some(u32::from(b.max))))
        .collect();
    let names: Vec<String> = ruler
        .bands
        .iter()
        .map(|b| format!("band \"{}\"", b.label))
        .collect();
    coverage(
        r,
        "ruler.bands",
        &bands,
        &names,
        u32::from(ruler.scale_min),
        Some(u32::from(ruler.scale_max)),
        "the ruler scale",
    );
    for (i, band) in ruler.bands.iter().enumerate() {
        if !stage_ids.contains(&band.suggested_stage.as_str()) {
            r.at(
                &format!("ruler.bands[{i}].suggested_stage"),
                format!(
                    "band \"{}\" suggests stage \"{}\", which is not a stage ({})",
                    band.label,
                    band.suggested_stage,
                    list(&stage_ids)
                ),
            );
        }
    }

    if ruler.suggest_from.is_empty() {
        r.at(
            "ruler.suggest_from",
            "name the ruler the bands are read from (Importance, Confidence or Readiness)",
        );
    }
    for (i, name) in ruler.suggest_from.iter().enumerate() {
        if ruler.suggest_from[..i].contains(name) {
            r.at(
                &format!("ruler.suggest_from[{i}]"),
                format!("the {} ruler is named twice", name.word()),
            );
        }
    }

    r.unique(
        "menu option",
        menu.iter()
            .enumerate()
            .map(|(i, m)| (format!("menu[{i}].id"), m.id.as_str())),
    );

    // Instruments offered must be loaded.
    r.unique(
        "instrument",
        instruments
            .iter()
            .enumerate()
            .map(|(i, id)| (format!("instruments[{i}]"), id.as_str())),
    );
    for (i, instrument) in instruments.iter().enumerate() {
        if instruments_complete && !instrument_ids.contains(instrument.as_str()) {
            let known: Vec<&str> = instrument_ids.iter().copied().collect();
            r.at(
                &format!("instruments[{i}]"),
                format!(
                    "instrument \"{instrument}\" is not in instruments/ (loaded: {})",
                    list(&known)
                ),
            );
        }
    }

    check_source(r, "low_risk_limits.source", &low_risk_limits.source);
    // The last row applies to everyone (of the minimum age, when there is one).
    let for_everyone = |when: &Applies| {
        let mut rest = when.clone();
        if rest.min_age == low_risk_limits.minimum_age {
            rest.min_age = None;
        }
        rest.is_default()
    };
    if !low_risk_limits.limits.iter().any(|l| for_everyone(&l.when)) {
        r.at(
            "low_risk_limits.limits",
            "no limit applies to everyone: add one without `when` (or with only `min_age`, the minimum_age), last",
        );
    }
    safety::check(p, loaded, &source_keys, r);
    fhir::protocol(p, &source_keys, r);
    handout::check(p, &source_keys, r);
    if let Some(prev) = prevention {
        check_source(r, "prevention.source", &prev.source);
        r.unique(
            "prevention tier",
            prev.tiers
                .iter()
                .enumerate()
                .map(|(i, t)| (format!("prevention.tiers[{i}].id"), t.id.as_str())),
        );
        r.unique(
            "factor",
            prev.risk_factors
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("prevention.risk_factors[{i}].id"), f.id.as_str()))
                .chain(prev.protective_factors.iter().enumerate().map(|(i, f)| {
                    (
                        format!("prevention.protective_factors[{i}].id"),
                        f.id.as_str(),
                    )
                })),
        );
    }

    if low_risk_limits.pregnancy_for.is_empty() {
        r.at(
            "low_risk_limits.pregnancy_for",
            "no patient would be shown the pregnancy advice: list who is (Female, Male, NotRecorded)",
        );
    }
    for (i, sex) in low_risk_limits.pregnancy_for.iter().enumerate() {
        if low_risk_limits.pregnancy_for[..i].contains(sex) {
            r.at(
                &format!("low_risk_limits.pregnancy_for[{i}]"),
                format!("{sex:?} is listed twice"),
            );
        }
    }

    check_source(r, "referral.source", &referral.source);
    if referral.level_label.trim().is_empty() {
        r.at(
            "referral.level_label",
            "level_label must not be empty: it names the levels where one is chosen",
        );
    }
    r.unique(
        "referral level",
        referral
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| (format!("referral.levels[{i}].id"), l.id.as_str())),
    );

    note_layout(note, &component_ids, r);
    levels(intervention_levels, &source_keys, r);

    // Billing is left out where no time-based codes exist (Sweden); when given, it is whole.
    if *billing != Billing::default() {
        check_source(r, "billing.source", &billing.source);
        for (field, value) in [
            ("billing.caveat", &billing.caveat),
            ("billing.below_minimum", &billing.below_minimum),
        ] {
            if value.trim().is_empty() {
                r.at(
                    field,
                    format!("`{field}` must not be empty when billing codes are given"),
                );
            }
        }
    }
    for (i, code) in billing.codes.iter().enumerate() {
        if code.max_minutes.is_some_and(|max| max < code.min_minutes) {
            r.at(
                &format!("billing.codes[{i}].max_minutes"),
                format!(
                    "code {} ends before it starts ({}–{} minutes)",
                    code.code,
                    code.min_minutes,
                    code.max_minutes.unwrap_or_default()
                ),
            );
        }
    }
}

/// The intervention levels: ids unique, each named, with its duration and a known source.
fn levels(
    levels: &[super::model::InterventionLevel],
    source_keys: &BTreeSet<&str>,
    r: &mut Report<'_>,
) {
    r.unique(
        "intervention level",
        levels
            .iter()
            .enumerate()
            .map(|(i, l)| (format!("intervention_levels[{i}].id"), l.id.as_str())),
    );
    for (i, level) in levels.iter().enumerate() {
        for (field, value) in [
            ("id", &level.id),
            ("name", &level.name),
            ("duration", &level.duration),
        ] {
            if value.trim().is_empty() {
                r.at(
                    &format!("intervention_levels[{i}].{field}"),
                    format!("{field} must not be empty"),
                );
            }
        }
        known_source(
            r,
            source_keys,
            &format!("intervention_levels[{i}].source"),
            &level.source,
        );
    }
}

/// The note's own lines: each about a known component, once, with wording whose `{…}`
/// placeholders the note can fill.
fn note_layout(note: &NoteLayout, component_ids: &[&str], r: &mut Report<'_>) {
    let NoteLayout { own_lines } = note;
    r.unique(
        "note line component",
        own_lines.iter().enumerate().map(|(i, l)| {
            (
                format!("note.own_lines[{i}].component"),
                l.component.as_str(),
            )
        }),
    );
    for (i, line) in own_lines.iter().enumerate() {
        let NoteLine {
            component,
            delivered,
            not_delivered,
        } = line;
        let path = format!("note.own_lines[{i}]");
        if !component_ids.contains(&component.as_str()) {
            r.at(
                &format!("{path}.component"),
                format!(
                    "the note line names component \"{component}\", which is not one of the components ({})",
                    list(component_ids)
                ),
            );
        }
        for (field, text, allowed) in [
            ("delivered", delivered, &NoteLine::PLACEHOLDERS[..]),
            ("not_delivered", not_delivered, &[][..]),
        ] {
            let at = format!("{path}.{field}");
            if text.trim().is_empty() {
                r.at(&at, format!("{field} must not be empty"));
                continue;
            }
            let (names, unclosed) = placeholders(text);
            if unclosed {
                r.at(
                    &at,
                    format!(
                        "{field} has a {{ with no }} after it; placeholders are written {{name}}"
                    ),
                );
            }
            for name in names {
                if !allowed.contains(&name) {
                    let known = if allowed.is_empty() {
                        "this line takes none".to_owned()
                    } else {
                        let braced: Vec<String> =
                            allowed.iter().map(|a| format!("{{{a}}}")).collect();
                        format!("it takes {}", braced.join(", "))
                    };
                    r.at(
                        &at,
                        format!("{field} uses the placeholder {{{name}}}, which the note cannot fill: {known}"),
                    );
                }
            }
        }
    }
}

/// The `{name}` placeholders of `text`, and whether a `{` is left without its `}`.
fn placeholders(text: &str) -> (Vec<&str>, bool) {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after_open = rest.get(open + 1..).unwrap_or_default();
        let Some(close) = after_open.find('}') else {
            return (names, true);
        };
        names.push(after_open.get(..close).unwrap_or_default());
        rest = after_open.get(close + 1..).unwrap_or_default();
    }
    (names, false)
}

/// The step kinds: each kind but `Plain` at most once; one `Closure` step, last (the session is
/// closed from it, so there is no step after it); `Feedback` after `Screen` (it reads the
/// screening results).
fn steps_by_kind(r: &mut Report<'_>, p: &Protocol) {
    let steps = &p.steps;
    if steps.is_empty() {
        r.at("steps", "a protocol needs at least one step");
        return;
    }
    for (i, step) in steps.iter().enumerate() {
        if step.id.trim().is_empty() {
            r.at(&format!("steps[{i}].id"), "step id must not be empty");
        }
        if step.kind == StepKind::Plain {
            continue;
        }
        if let Some(first) = steps[..i].iter().find(|s| s.kind == step.kind) {
            r.at(
                &format!("steps[{i}].kind"),
                format!(
                    "steps \"{}\" and \"{}\" are both of kind {}; each kind but Plain is used at most once",
                    first.id,
                    step.id,
                    step.kind.name()
                ),
            );
        }
    }
    let position = |kind: StepKind| steps.iter().position(|s| s.kind == kind);
    match position(StepKind::Closure) {
        None => r.at(
            "steps",
            "no step has kind Closure: the last step must be the closing step (`kind: Closure`), \
             where the session is closed",
        ),
        Some(i) if i + 1 != steps.len() => r.at(
            &format!("steps[{i}].kind"),
            format!(
                "the Closure step \"{}\" must be the last step: the session is closed there",
                steps[i].id
            ),
        ),
        Some(_) => {}
    }
    if let Some(f) = position(StepKind::Feedback)
        && position(StepKind::Screen).is_none_or(|sc| sc > f)
    {
        r.at(
            &format!("steps[{f}].kind"),
            format!(
                "the Feedback step \"{}\" gives the screening results, so a Screen step must come before it",
                steps[f].id
            ),
        );
    }
}

/// Checks that `bands` (min, max) cover `lo..=hi` in order with no gap or overlap. A band with no
/// max runs to the top of the range (and must be last).
fn coverage(
    r: &mut Report<'_>,
    path: &str,
    bands: &[(u32, Option<u32>)],
    names: &[String],
    lo: u32,
    hi: Option<u32>,
    range: &str,
) {
    let hi_text = hi.map_or_else(|| "no upper limit".to_owned(), |h| h.to_string());
    let Some(first) = bands.first() else {
        r.at(
            path,
            format!("no bands: {range} ({lo}–{hi_text}) must be covered"),
        );
        return;
    };
    let name = |i: usize| names.get(i).cloned().unwrap_or_default();
    if first.0 > lo {
        r.at(
            &format!("{path}[0].min"),
            format!(
                "scores {lo}–{} fall in no zone: {} starts at {}",
                first.0 - 1,
                name(0),
                first.0
            ),
        );
    }
    if first.0 < lo {
        r.at(
            &format!("{path}[0].min"),
            format!(
                "{} starts at {} but the lowest possible score of {range} is {lo}",
                name(0),
                first.0
            ),
        );
    }
    for (i, (min, max)) in bands.iter().enumerate() {
        if let Some(max) = max
            && max < min
        {
            r.at(
                &format!("{path}[{i}].max"),
                format!("{} ends ({max}) before it starts ({min})", name(i)),
            );
        }
        let Some(next) = bands.get(i + 1) else {
            continue;
        };
        match max {
            None => r.at(
                &format!("{path}[{i}]"),
                format!(
                    "{} has no upper limit but {} follows it; only the last band may be open",
                    name(i),
                    name(i + 1)
                ),
            ),
            Some(max) if next.0 <= *max => r.at(
                &format!("{path}[{}].min", i + 1),
                format!(
                    "{} overlaps {}: score {} falls in both",
                    name(i + 1),
                    name(i),
                    next.0
                ),
            ),
            Some(max) if next.0 > max + 1 => r.at(
                &format!("{path}[{}].min", i + 1),
                format!(
                    "scores {}–{} fall in no zone, between {} and {}",
                    max + 1,
                    next.0 - 1,
                    name(i),
                    name(i + 1)
                ),
            ),
            Some(_) => {}
        }
    }
    let last_index = bands.len() - 1;
    if let (Some(last_max), Some(hi)) = (bands.last().and_then(|b| b.1), hi) {
        if last_max < hi {
            r.at(
                &format!("{path}[{last_index}].max"),
                format!(
                    "scores {}–{hi} fall in no zone: {} ends at {last_max}",
                    last_max + 1,
                    name(last_index)
                ),
            );
        } else if last_max > hi {
            r.at(
                &format!("{path}[{last_index}].max"),
                format!(
                    "{} goes up to {last_max} but the highest possible score of {range} is {hi}",
                    name(last_index)
                ),
            );
        }
    }
    if let (Some(last_max), None) = (bands.last().and_then(|b| b.1), hi) {
        r.at(
            &format!("{path}[{last_index}].max"),
            format!("{} ends at {last_max} but {range} has no upper limit: leave max out of the last band", name(last_index)),
        );
    }
}

/// Checks an instrument.
pub(crate) fn instrument(ins: &Instrument, r: &mut Report<'_>) {
    let Instrument {
        id,
        items,
        zones,
        cutoffs,
        skips,
        escalations,
        flags,
        substances,
        ..
    } = ins;
    handout::consumption(ins, r);
    if id.trim().is_empty() {
        r.at("id", "id must not be empty");
    }
    if ins.language.trim().is_empty() {
        r.at("language", "language must not be empty");
    } else if ins.language != super::model::BASE_LANGUAGE && ins.validated_translation.is_none() {
        r.at(
            "language",
            format!(
                "instrument \"{id}\" is in language \"{}\": say whether this is the validated translation (validated_translation: true for the published wording word for word, false for a rendering to be replaced with the official text)",
                ins.language
            ),
        );
    }
    fhir::instrument(ins, r);
    if items.is_empty() {
        r.at("items", "an instrument needs at least one item");
    }
    r.unique(
        "item",
        items
            .iter()
            .enumerate()
            .map(|(i, it)| (format!("items[{i}].id"), it.id.as_str())),
    );
    r.unique(
        "zone",
        zones
            .iter()
            .enumerate()
            .map(|(i, z)| (format!("zones[{i}].id"), z.id.as_str())),
    );
    r.unique(
        "substance",
        substances
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("substances[{i}].id"), s.id.as_str())),
    );
    let substance_ids: Vec<&str> = substances.iter().map(|s| s.id.as_str()).collect();
    if let Some(default) = &ins.default_substance
        && !substance_ids.contains(&default.as_str())
    {
        r.at(
            "default_substance",
            format!(
                "default substance \"{default}\" is not one of this instrument's substances ({})",
                list(&substance_ids)
            ),
        );
    }
    let zone_ids: Vec<&str> = zones.iter().map(|z| z.id.as_str()).collect();

    let check_applies = |r: &mut Report<'_>, path: &str, when: &Applies| {
        if let Some(s) = &when.substance
            && !substance_ids.contains(&s.as_str())
        {
            r.at(
                &format!("{path}.substance"),
                format!(
                    "substance \"{s}\" is not one of this instrument's substances ({})",
                    list(&substance_ids)
                ),
            );
        }
        if let (Some(lo), Some(hi)) = (when.min_age, when.max_age)
            && hi < lo
        {
            r.at(
                &format!("{path}.max_age"),
                format!("max_age {hi} is below min_age {lo}"),
            );
        }
    };

    for (i, item) in items.iter().enumerate() {
        let path = format!("items[{i}]");
        match &item.answer {
            Answer::Options(options) => {
                if options.len() < 2 {
                    r.at(
                        &format!("{path}.answer"),
                        format!(
                            "item \"{}\" has {} option(s); every item needs at least 2",
                            item.id,
                            options.len()
                        ),
                    );
                }
                for (j, option) in options.iter().enumerate() {
                    if option.points < 0 {
                        r.at(
                            &format!("{path}.answer[{j}].points"),
                            format!(
                                "item \"{}\" option \"{}\" scores {} points; points must be 0 or more",
                                item.id, option.label, option.points
                            ),
                        );
                    }
                }
            }
            Answer::Count { max, threshold, .. } => {
                if let Some(t) = threshold
                    && (t.at_least == 0 || t.at_least > *max)
                {
                    r.at(
                        &format!("{path}.answer.threshold.at_least"),
                        format!(
                            "item \"{}\" scores from {} but counts up to {max}; use 1 to {max}",
                            item.id, t.at_least
                        ),
                    );
                }
                if *max == 0 {
                    r.at(
                        &format!("{path}.answer"),
                        format!(
                            "item \"{}\" counts up to 0; max must be at least 1",
                            item.id
                        ),
                    );
                }
            }
        }
        for (j, s) in item.not_for.iter().enumerate() {
            if !substance_ids.contains(&s.as_str()) {
                r.at(
                    &format!("{path}.not_for[{j}]"),
                    format!(
                        "substance \"{s}\" is not one of this instrument's substances ({})",
                        list(&substance_ids)
                    ),
                );
            }
        }
        for (j, variant) in item.variants.iter().enumerate() {
            check_applies(r, &format!("{path}.variants[{j}].when"), &variant.when);
        }
        let options = match &item.answer {
            Answer::Options(options) => options.as_slice(),
            Answer::Count { .. } => &[],
        };
        if item.unscored && options.iter().any(|o| o.points != 0) {
            r.at(
                &format!("{path}.unscored"),
                format!(
                    "item \"{}\" is unscored, so every option must score 0 points",
                    item.id
                ),
            );
        }
        if let Some(implied) = item.added.as_ref().and_then(|a| a.implied)
            && implied as usize >= options.len()
            && !matches!(item.answer, Answer::Count { max, .. } if implied <= max)
        {
            r.at(
                &format!("{path}.added.implied"),
                format!("item \"{}\" has no answer {implied} to imply", item.id),
            );
        }
    }
    if let Some(id) = &ins.injecting_item {
        match items.iter().find(|it| &it.id == id).map(|it| &it.answer) {
            Some(Answer::Options(o)) if o.len() == 3 => {}
            Some(_) => r.at(
                "injecting_item",
                format!(
                    "injecting item \"{id}\" must have 3 options: never, in the past 3 months, not in the past 3 months"
                ),
            ),
            None => r.at(
                "injecting_item",
                format!("injecting item \"{id}\" is not an item"),
            ),
        }
    }
    for (z, zone) in zones.iter().enumerate() {
        for (j, v) in zone.feedback_variants.iter().enumerate() {
            check_applies(
                r,
                &format!("zones[{z}].feedback_variants[{j}].when"),
                &v.when,
            );
        }
    }

    // Zones: a table for everyone, each covering the score range of every substance it serves.
    if !cutoffs.iter().any(|c| c.when.is_default()) {
        r.at(
            "cutoffs",
            "no cut-off table applies to everyone: add one without `when`, last",
        );
    }
    let contexts: Vec<Option<&str>> = if substances.is_empty() {
        vec![None]
    } else {
        substance_ids.iter().map(|s| Some(*s)).collect()
    };
    for (t, table) in cutoffs.iter().enumerate() {
        let path = format!("cutoffs[{t}]");
        check_applies(r, &format!("{path}.when"), &table.when);
        check_table(r, ins, table, &path, &zone_ids, &contexts);
    }

    // Rules.
    for (i, skip) in skips.iter().enumerate() {
        let path = format!("skips[{i}]");
        if contains_zone(&skip.when) {
            r.at(
                &format!("{path}.when"),
                "a skip cannot depend on the zone, which depends on the skip",
            );
        }
        condition(r, &format!("{path}.when"), &skip.when, items, &zone_ids);
        for (j, item) in skip.items.iter().enumerate() {
            if !items.iter().any(|it| &it.id == item) {
                r.at(
                    &format!("{path}.items[{j}]"),
                    format!("skip names item \"{item}\", which is not an item of {id}"),
                );
            }
        }
    }
    r.unique(
        "rule",
        escalations
            .iter()
            .chain(flags)
            .enumerate()
            .map(|(i, rule)| {
                let path = if i < escalations.len() {
                    format!("escalations[{i}].id")
                } else {
                    format!("flags[{}].id", i - escalations.len())
                };
                (path, rule.id.as_str())
            }),
    );
    for (kind, rules) in [("escalations", escalations), ("flags", flags)] {
        for (i, rule) in rules.iter().enumerate() {
            condition(
                r,
                &format!("{kind}[{i}].when"),
                &rule.when,
                items,
                &zone_ids,
            );
        }
    }
    if let Some(change) = &ins.meaningful_change {
        let (_, max) = score_range(ins, ins.default_substance.as_deref());
        if change.points == 0 || max.is_some_and(|m| change.points > m) {
            r.at(
                "meaningful_change.points",
                format!(
                    "a meaningful change must be at least 1 point and at most the highest total ({})",
                    max.map_or_else(|| "unbounded".to_owned(), |m| m.to_string())
                ),
            );
        }
        if change.source.trim().is_empty() {
            r.at(
                "meaningful_change.source",
                "a meaningful change needs its source",
            );
        }
    }
}

fn check_table(
    r: &mut Report<'_>,
    ins: &Instrument,
    table: &Cutoffs,
    path: &str,
    zone_ids: &[&str],
    contexts: &[Option<&str>],
) {
    let mut seen = BTreeSet::new();
    for (b, band) in table.bands.iter().enumerate() {
        if !zone_ids.contains(&band.zone.as_str()) {
            r.at(
                &format!("{path}.bands[{b}].zone"),
                format!(
                    "zone \"{}\" is not one of the zones ({})",
                    band.zone,
                    list(zone_ids)
                ),
            );
        }
        if !seen.insert(band.zone.as_str()) {
            r.at(
                &format!("{path}.bands[{b}].zone"),
                format!("zone \"{}\" appears twice in this table", band.zone),
            );
        }
    }
    let bands: Vec<(u32, Option<u32>)> = table.bands.iter().map(|b| (b.min, b.max)).collect();
    let names: Vec<String> = table
        .bands
        .iter()
        .map(|b| format!("zone {}", b.zone))
        .collect();
    // Tables that serve several substances with the same range are checked once.
    let mut ranges: BTreeMap<(u32, Option<u32>), Vec<&str>> = BTreeMap::new();
    for substance in contexts {
        if table
            .when
            .substance
            .as_deref()
            .is_some_and(|s| Some(s) != *substance)
        {
            continue;
        }
        let range = score_range(ins, *substance);
        ranges
            .entry(range)
            .or_default()
            .push(substance.unwrap_or(""));
    }
    for ((lo, hi), substances) in ranges {
        let range = match substances.as_slice() {
            [""] => ins.id.clone(),
            several => format!("{} for {}", ins.id, several.join(", ")),
        };
        coverage(r, &format!("{path}.bands"), &bands, &names, lo, hi, &range);
    }
}

/// The lowest and highest possible totals (none: no upper limit).
pub fn score_range(ins: &Instrument, substance: Option<&str>) -> (u32, Option<u32>) {
    let mut lo: u32 = 0;
    let mut hi: Option<u32> = Some(0);
    for item in ins.items.iter().filter(|it| asked_for(it, substance)) {
        let (min, max) = match &item.answer {
            Answer::Options(options) => {
                let points = options.iter().map(|o| u32::try_from(o.points).unwrap_or(0));
                (
                    points.clone().min().unwrap_or(0),
                    Some(points.max().unwrap_or(0)),
                )
            }
            Answer::Count {
                threshold: Some(t), ..
            } => (0, Some(t.points)),
            Answer::Count { max, .. } => (0, Some(*max)),
        };
        let (min, max) = if item.unscored {
            (0, Some(0))
        } else {
            (min, max)
        };
        match ins.total {
            Total::Sum => {
                lo += min;
                hi = hi.zip(max).map(|(a, b)| a + b);
            }
            Total::Highest => {
                lo = lo.max(min);
                hi = hi.zip(max).map(|(a, b)| a.max(b));
            }
        }
    }
    (lo, hi)
}

/// True when the item is asked for this substance.
pub fn asked_for(item: &Item, substance: Option<&str>) -> bool {
    substance.is_none_or(|s| !item.not_for.iter().any(|n| n == s))
}

fn contains_zone(c: &Condition) -> bool {
    match c {
        Condition::ZoneIn(_) => true,
        Condition::All(all) => all.iter().any(contains_zone),
        _ => false,
    }
}

fn condition(r: &mut Report<'_>, path: &str, c: &Condition, items: &[Item], zone_ids: &[&str]) {
    let find = |id: &str| items.iter().find(|it| it.id == id);
    let check_items = |r: &mut Report<'_>, ids: &[String]| {
        for (i, id) in ids.iter().enumerate() {
            if find(id).is_none() {
                r.at(
                    &format!("{path}.items[{i}]"),
                    format!("rule names item \"{id}\", which is not an item"),
                );
            }
        }
    };
    match c {
        Condition::AnswerIn { item, options } => match find(item).map(|it| &it.answer) {
            None => r.at(
                &format!("{path}.item"),
                format!("rule names item \"{item}\", which is not an item"),
            ),
            Some(Answer::Options(opts)) => {
                for (i, o) in options.iter().enumerate() {
                    if *o >= opts.len() {
                        r.at(
                            &format!("{path}.options[{i}]"),
                            format!(
                                "item \"{item}\" has options 0–{}; option {o} does not exist",
                                opts.len().saturating_sub(1)
                            ),
                        );
                    }
                }
            }
            Some(Answer::Count { .. }) => r.at(
                &format!("{path}.item"),
                format!("item \"{item}\" is a count, not a choice of options"),
            ),
        },
        Condition::EveryAnswer { option } => {
            for it in items {
                if let Answer::Options(opts) = &it.answer
                    && *option >= opts.len()
                {
                    r.at(path, format!("item \"{}\" has no option {option}", it.id));
                }
            }
        }
        Condition::AnyAtLeast { items: ids, .. }
        | Condition::AllAtLeast { items: ids, .. }
        | Condition::AnswersAtMost { items: ids, .. }
        | Condition::SumAtMost { items: ids, .. } => {
            check_items(r, ids);
        }
        Condition::ZoneIn(zones) => {
            for (i, z) in zones.iter().enumerate() {
                if !zone_ids.contains(&z.as_str()) {
                    r.at(
                        &format!("{path}[{i}]"),
                        format!(
                            "rule names zone \"{z}\", which is not a zone ({})",
                            list(zone_ids)
                        ),
                    );
                }
            }
        }
        Condition::Profile(_) => {}
        Condition::All(all) => {
            for (i, c) in all.iter().enumerate() {
                condition(r, &format!("{path}[{i}]"), c, items, zone_ids);
            }
        }
    }
}
