//! Checks on a family-intervention protocol: its plan section names known components, steps,
//! approaches and sources; every list has unique ids; every rule can be kept (a speaker role
//! exists for statements, an approach is recommended, the evidence names real approaches); and
//! its steps are of the family kinds, not the brief intervention's.

use std::collections::BTreeSet;

use super::{Report, known_source, list};
use crate::protocol::model::{Protocol, StepKind};
use crate::protocol::plan::{PlanOption, PlanSpec, Wording};

/// The step kinds a family-intervention protocol may use.
const FAMILY_KINDS: [StepKind; 8] = [
    StepKind::Plain,
    StepKind::FamilySafety,
    StepKind::Approach,
    StepKind::Team,
    StepKind::Preparation,
    StepKind::Treatment,
    StepKind::Outcome,
    StepKind::Closure,
];

pub(super) fn check(
    spec: &PlanSpec,
    p: &Protocol,
    component_ids: &[&str],
    step_ids: &[&str],
    source_keys: &BTreeSet<&str>,
    r: &mut Report<'_>,
) {
    let check_source =
        |r: &mut Report<'_>, path: &str, key: &str| known_source(r, source_keys, path, key);
    for (i, step) in p.steps.iter().enumerate() {
        if !FAMILY_KINDS.contains(&step.kind) {
            let kinds: Vec<&str> = FAMILY_KINDS.iter().map(|k| k.name()).collect();
            r.at(
                &format!("steps[{i}].kind"),
                format!(
                    "step \"{}\" has kind {}, which belongs to a brief intervention; a FamilyIntervention protocol uses {}",
                    step.id,
                    step.kind.name(),
                    list(&kinds)
                ),
            );
        }
    }
    if !p.steps.iter().any(|s| s.kind == StepKind::FamilySafety) {
        r.at(
            "steps",
            "no step has kind FamilySafety: the safety screen comes before any meeting is planned",
        );
    }
    check_source(r, "plan.source", &spec.source);

    if spec.safety_screen.is_empty() {
        r.at(
            "plan.safety_screen",
            "the safety screen has no questions: ask at least about violence and withdrawal risk",
        );
    }
    r.unique(
        "safety question",
        spec.safety_screen
            .iter()
            .enumerate()
            .map(|(i, q)| (format!("plan.safety_screen[{i}].id"), q.id.as_str())),
    );
    let approach_ids: Vec<&str> = spec.approaches.iter().map(|a| a.id.as_str()).collect();
    for (i, q) in spec.safety_screen.iter().enumerate() {
        let path = format!("plan.safety_screen[{i}]");
        check_source(r, &format!("{path}.source"), &q.source);
        for (field, text) in [("question", &q.question), ("if_yes", &q.if_yes)] {
            if text.trim().is_empty() {
                r.at(
                    &format!("{path}.{field}"),
                    format!("{field} must not be empty"),
                );
            }
        }
        for (j, a) in q.blocks.iter().enumerate() {
            if !approach_ids.contains(&a.as_str()) {
                r.at(
                    &format!("{path}.blocks[{j}]"),
                    format!(
                        "question \"{}\" blocks approach \"{a}\", which is not an approach ({})",
                        q.id,
                        list(&approach_ids)
                    ),
                );
            }
        }
    }
    if !spec
        .safety_screen
        .iter()
        .any(|q| q.needs_withdrawal_management)
    {
        r.at(
            "plan.safety_screen",
            "no question asks about withdrawal risk (`needs_withdrawal_management: true`): a \"treatment today\" plan must go through medically managed withdrawal when the loved one is dependent",
        );
    }

    r.unique(
        "approach",
        spec.approaches
            .iter()
            .enumerate()
            .map(|(i, a)| (format!("plan.approaches[{i}].id"), a.id.as_str())),
    );
    if !spec.approaches.iter().any(|a| a.recommended) {
        r.at(
            "plan.approaches",
            "no approach is `recommended: true`: the evidence-based option is offered first",
        );
    }
    for (i, a) in spec.approaches.iter().enumerate() {
        let path = format!("plan.approaches[{i}]");
        check_source(r, &format!("{path}.source"), &a.source);
        if a.may_surprise && !(a.meeting && a.needs_reason && a.after_safety_screen) {
            r.at(
                &format!("{path}.may_surprise"),
                format!(
                    "approach \"{}\" may be a surprise meeting, so it must also be a `meeting`, `needs_reason` and come `after_safety_screen`",
                    a.id
                ),
            );
        }
        if a.may_surprise && a.warning.as_deref().is_none_or(|w| w.trim().is_empty()) {
            r.at(
                &format!("{path}.warning"),
                format!(
                    "approach \"{}\" may be a surprise meeting: give the `warning` shown when it is chosen",
                    a.id
                ),
            );
        }
    }
    for (i, e) in spec.evidence.iter().enumerate() {
        let path = format!("plan.evidence[{i}]");
        check_source(r, &format!("{path}.source"), &e.source);
        if let Some(a) = &e.approach
            && !approach_ids.contains(&a.as_str())
        {
            r.at(
                &format!("{path}.approach"),
                format!(
                    "evidence names approach \"{a}\", which is not an approach ({})",
                    list(&approach_ids)
                ),
            );
        }
    }
    if spec.evidence.is_empty() {
        r.at(
            "plan.evidence",
            "no evidence is listed: the approach step shows the figures before the choice",
        );
    }

    for (field, options) in [
        ("roles", &spec.roles),
        ("participant_flags", &spec.participant_flags),
        ("review_states", &spec.review_states),
        ("preparation_kinds", &spec.preparation_kinds),
    ] {
        options_ok(r, field, options);
    }
    if !spec.roles.iter().any(|o| o.speaks) {
        r.at(
            "plan.roles",
            "no role `speaks: true`: nobody would write a statement",
        );
    }
    if spec.review_states.len() < 2 {
        r.at(
            "plan.review_states",
            "list at least a draft state and a reviewed state (the first is the draft)",
        );
    }
    r.unique(
        "outcome",
        spec.outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| (format!("plan.outcomes[{i}].id"), o.id.as_str())),
    );
    if !spec.outcomes.iter().any(|o| !o.held) {
        r.at(
            "plan.outcomes",
            "no outcome has `held: false`: \"meeting not held\" must be recordable (70% of Johnson families never hold it)",
        );
    }
    if spec.statement.max_incidents == 0 {
        r.at(
            "plan.statement.max_incidents",
            "max_incidents must be 1 or more",
        );
    }
    let wordings: [(&str, &Wording); 5] = [
        ("plan.safety_plan", &spec.safety_plan),
        ("plan.statement.care", &spec.statement.care),
        ("plan.statement.incidents", &spec.statement.incidents),
        (
            "plan.treatment.withdrawal_management",
            &spec.treatment.withdrawal_management,
        ),
        ("plan.outcome.contingency", &spec.outcome.contingency),
    ];
    for (path, w) in wordings {
        if w.label.trim().is_empty() {
            r.at(&format!("{path}.label"), "label must not be empty");
        }
    }

    for (i, c) in spec.credits.iter().enumerate() {
        let path = format!("plan.credits[{i}]");
        if !component_ids.contains(&c.component.as_str()) {
            r.at(
                &format!("{path}.component"),
                format!(
                    "credit names component \"{}\", which is not one of the components ({})",
                    c.component,
                    list(component_ids)
                ),
            );
        }
        if !step_ids.contains(&c.step.as_str()) {
            r.at(
                &format!("{path}.step"),
                format!(
                    "credit names step \"{}\", which is not a step ({})",
                    c.step,
                    list(step_ids)
                ),
            );
        }
    }
    if p.referral.levels.is_empty() {
        r.at(
            "referral.levels",
            "list the levels of care treatment can be arranged at (`referral.levels`)",
        );
    }
}

fn options_ok(r: &mut Report<'_>, field: &str, options: &[PlanOption]) {
    r.unique(
        field.trim_end_matches('s'),
        options
            .iter()
            .enumerate()
            .map(|(i, o)| (format!("plan.{field}[{i}].id"), o.id.as_str())),
    );
    for (i, o) in options.iter().enumerate() {
        if o.label.trim().is_empty() {
            r.at(
                &format!("plan.{field}[{i}].label"),
                "label must not be empty",
            );
        }
    }
}
