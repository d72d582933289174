//! The note of a family-intervention session: the plan as it stands (approach and why, the
//! team and roles, the safety screen, statements, preparation, treatment arranged, outcome),
//! then the components, steps, what changed in the plan during the session, and follow-up.
//! All names and options come from the protocol's plan section.

use std::fmt::Write as _;

use super::{closing_lines, components_lines, header_lines, hm, one_line, steps_line};
use crate::protocol::{PlanSpec, Protocol};
use crate::session::{FamilyPlan, Session, Timestamp, YesNo};
use crate::t;

pub(super) fn note(session: &Session, protocol: &Protocol, now: Timestamp) -> String {
    let mut out = String::new();
    header_lines(&mut out, session, protocol, session.minutes(now));
    writeln!(
        out,
        "{}",
        t!(
            "family-note-case",
            case = &session.patient,
            counsellor = &session.clinician
        )
    )
    .ok();
    if let Some(earlier) = &session.continues {
        writeln!(
            out,
            "{}",
            t!("family-note-continues", session = earlier.to_string())
        )
        .ok();
    }
    let empty = FamilyPlan::default();
    let plan = session.plan.as_ref().unwrap_or(&empty);
    if let Some(spec) = &protocol.plan {
        plan_lines(&mut out, plan, spec, protocol);
    }
    components_lines(&mut out, session, protocol);
    steps_line(&mut out, session, protocol);
    if !session.plan_changes.is_empty() {
        let changes: Vec<String> = session
            .plan_changes
            .iter()
            .map(|e| format!("{} {}", hm(&e.time), one_line(&e.what)))
            .collect();
        writeln!(
            out,
            "{}",
            t!("family-note-plan-changes", list = changes.join("; "))
        )
        .ok();
    }
    let follow_up = session
        .follow_up
        .map_or_else(|| t!("note-follow-up-none"), |d| date(&d));
    writeln!(out, "{}", t!("note-follow-up", date = follow_up)).ok();
    closing_lines(&mut out, session);
    writeln!(
        out,
        "{}",
        t!("family-note-counsellor", counsellor = &session.clinician)
    )
    .ok();
    out
}

fn plan_lines(out: &mut String, plan: &FamilyPlan, spec: &PlanSpec, protocol: &Protocol) {
    let first = plan
        .first_contact
        .map_or_else(|| t!("note-not-recorded"), |d| date(&d));
    writeln!(out, "{}", t!("family-note-first-contact", date = first)).ok();
    safety_lines(out, plan, spec);

    match &plan.approach {
        None => writeln!(out, "{}", t!("family-note-approach-none")),
        Some(choice) => {
            let name = spec
                .approach(&choice.approach)
                .map_or(choice.approach.as_str(), |a| a.name.as_str());
            let mut parts = vec![name.to_owned()];
            if !choice.reason.trim().is_empty() {
                parts.push(t!("family-note-because", reason = one_line(&choice.reason)));
            }
            if spec.approach(&choice.approach).is_some_and(|a| a.meeting) {
                if choice.announced {
                    parts.push(t!("family-note-announced"));
                } else {
                    parts.push(t!(
                        "family-note-surprise",
                        reason = one_line(&choice.surprise_reason)
                    ));
                }
            }
            parts.push(if choice.evidence_shown {
                t!("family-note-evidence-shown")
            } else {
                t!("family-note-evidence-not-shown")
            });
            writeln!(
                out,
                "{}",
                t!("family-note-approach", parts = parts.join("; "))
            )
        }
    }
    .ok();

    if plan.participants.is_empty() {
        writeln!(out, "{}", t!("family-note-team-none")).ok();
    } else {
        let people: Vec<String> = plan
            .participants
            .iter()
            .map(|p| {
                let mut parts = Vec::new();
                if !p.relationship.trim().is_empty() {
                    parts.push(one_line(&p.relationship));
                }
                let role = PlanSpec::label(&spec.roles, &p.role);
                if p.why.trim().is_empty() {
                    parts.push(role.to_owned());
                } else {
                    parts.push(format!("{role}: \"{}\"", one_line(&p.why)));
                }
                parts.extend(
                    p.flags
                        .iter()
                        .map(|f| PlanSpec::label(&spec.participant_flags, f).to_lowercase()),
                );
                format!("{} ({})", one_line(&p.name), parts.join("; "))
            })
            .collect();
        writeln!(out, "{}", t!("family-note-team", list = people.join(", "))).ok();
    }

    if !plan.statements.is_empty() {
        let statements: Vec<String> = plan
            .statements
            .iter()
            .map(|s| {
                let dates: Vec<String> = s
                    .incidents
                    .iter()
                    .map(|i| {
                        i.date
                            .map_or_else(|| t!("family-note-undated"), |d| date(&d))
                    })
                    .collect();
                let incidents = if dates.is_empty() {
                    t!("family-note-no-incidents")
                } else {
                    t!(
                        "family-note-incidents",
                        n = dates.len(),
                        dates = dates.join(", ")
                    )
                };
                let consequence = if s.consequence.trim().is_empty() {
                    t!("family-note-no-consequence")
                } else if s.commits {
                    t!("family-note-consequence-committed")
                } else {
                    t!("family-note-consequence-not-committed")
                };
                format!(
                    "{} — {}, {incidents}, {consequence}",
                    one_line(&s.by),
                    PlanSpec::label(&spec.review_states, &s.review)
                )
            })
            .collect();
        writeln!(
            out,
            "{}",
            t!("family-note-statements", list = statements.join("; "))
        )
        .ok();
    }
    let missing: Vec<&str> = plan
        .speakers(spec)
        .filter(|p| plan.statement_of(&p.name).is_none())
        .map(|p| p.name.as_str())
        .collect();
    if !missing.is_empty() {
        writeln!(
            out,
            "{}",
            t!("family-note-no-statement", list = missing.join(", "))
        )
        .ok();
    }
    if !plan.preparations.is_empty() {
        let meetings: Vec<String> = plan
            .preparations
            .iter()
            .map(|p| {
                let who = if p.attended.is_empty() {
                    t!("family-note-attendance-not-recorded")
                } else {
                    p.attended.join(", ")
                };
                format!(
                    "{} {} ({who})",
                    PlanSpec::label(&spec.preparation_kinds, &p.kind),
                    date(&p.date)
                )
            })
            .collect();
        writeln!(
            out,
            "{}",
            t!("family-note-preparation", list = meetings.join("; "))
        )
        .ok();
    }
    treatment_line(out, plan, spec, protocol);
    outcome_line(out, plan, spec);
}

fn safety_lines(out: &mut String, plan: &FamilyPlan, spec: &PlanSpec) {
    let answered = spec
        .safety_screen
        .iter()
        .filter(|q| plan.answer(&q.id).is_some())
        .count();
    let total = spec.safety_screen.len();
    let risks = plan.risks(spec);
    let state = if answered == total {
        t!("family-note-screen-complete")
    } else {
        t!(
            "family-note-screen-incomplete",
            answered = answered,
            total = total
        )
    };
    if risks.is_empty() {
        writeln!(out, "{}", t!("family-note-screen-no-risk", state = state)).ok();
    } else {
        let found: Vec<String> = risks
            .iter()
            .map(|q| {
                let word = match plan.answer(&q.id) {
                    Some(YesNo::Unsure) => spec.answers.unsure.as_str(),
                    _ => spec.answers.yes.as_str(),
                };
                format!("{} ({word})", q.id.replace('_', " "))
            })
            .collect();
        writeln!(
            out,
            "{}",
            t!(
                "family-note-screen-risk",
                state = state,
                risks = found.join(", ")
            )
        )
        .ok();
        for q in &risks {
            writeln!(out, "  {}", one_line(&q.if_yes)).ok();
        }
        if plan.needs_safety_plan(spec) {
            if plan.safety_plan.trim().is_empty() {
                writeln!(
                    out,
                    "{}: {}",
                    spec.safety_plan.label,
                    t!("family-note-not-recorded-loud")
                )
                .ok();
            } else {
                writeln!(
                    out,
                    "{}: {}",
                    spec.safety_plan.label,
                    one_line(&plan.safety_plan)
                )
                .ok();
            }
        }
    }
}

fn treatment_line(out: &mut String, plan: &FamilyPlan, spec: &PlanSpec, protocol: &Protocol) {
    let t = &plan.treatment;
    let w = &spec.treatment;
    let mut parts = Vec::new();
    if !t.place.trim().is_empty() {
        parts.push(one_line(&t.place));
    }
    if let Some(id) = &t.level {
        let name = protocol
            .referral
            .levels
            .iter()
            .find(|l| &l.id == id)
            .map_or("", |l| l.name.as_str());
        let label = protocol.referral.level_label.trim();
        let words: Vec<&str> = [label, id.as_str(), name]
            .into_iter()
            .filter(|p| !p.is_empty())
            .collect();
        parts.push(words.join(" "));
    }
    if let Some(d) = t.admission {
        parts.push(format!("{} {}", w.admission.label.to_lowercase(), date(&d)));
    }
    parts.push(format!(
        "{} {}",
        w.slot_confirmed.label.to_lowercase(),
        yes_no(t.slot_confirmed, spec)
    ));
    if !t.funding.trim().is_empty() {
        parts.push(format!(
            "{} \"{}\"",
            w.funding.label.to_lowercase(),
            one_line(&t.funding)
        ));
    }
    parts.push(format!(
        "{} {}",
        w.funding_confirmed.label.to_lowercase(),
        yes_no(t.funding_confirmed, spec)
    ));
    for (wording, text) in [(&w.transport, &t.transport), (&w.practical, &t.practical)] {
        if !text.trim().is_empty() {
            parts.push(format!(
                "{} \"{}\"",
                wording.label.to_lowercase(),
                one_line(text)
            ));
        }
    }
    if plan.needs_withdrawal_management(spec) || !t.withdrawal_management.trim().is_empty() {
        let text = if t.withdrawal_management.trim().is_empty() {
            t!("family-note-withdrawal-not-arranged")
        } else {
            format!("\"{}\"", one_line(&t.withdrawal_management))
        };
        parts.push(format!(
            "{} {text}",
            w.withdrawal_management.label.to_lowercase()
        ));
    }
    writeln!(
        out,
        "{}",
        t!("family-note-treatment", parts = parts.join("; "))
    )
    .ok();
}

fn outcome_line(out: &mut String, plan: &FamilyPlan, spec: &PlanSpec) {
    let o = &plan.outcome;
    let w = &spec.outcome;
    let mut parts = vec![o.outcome.as_deref().map_or_else(
        || t!("family-note-outcome-none"),
        |id| {
            spec.outcome_option(id)
                .map_or_else(|| id.to_owned(), |x| x.label.clone())
        },
    )];
    if let Some(d) = o.meeting_date {
        parts.push(format!(
            "{} {}",
            w.meeting_date.label.to_lowercase(),
            date(&d)
        ));
    }
    if let Some(d) = o.entered {
        let days = plan
            .days_to_treatment()
            .map(|n| t!("family-note-days", n = n))
            .unwrap_or_default();
        parts.push(format!(
            "{} {}{days}",
            w.entered.label.to_lowercase(),
            date(&d)
        ));
    }
    if !o.contingency.trim().is_empty() {
        parts.push(format!(
            "{} \"{}\"",
            w.contingency.label.to_lowercase(),
            one_line(&o.contingency)
        ));
    }
    if let Some(d) = o.next_contact {
        parts.push(format!(
            "{} {}",
            w.next_contact.label.to_lowercase(),
            date(&d)
        ));
    }
    if !o.wellbeing.trim().is_empty() {
        parts.push(format!(
            "{} \"{}\"",
            w.wellbeing.label.to_lowercase(),
            one_line(&o.wellbeing)
        ));
    }
    writeln!(
        out,
        "{}",
        t!("family-note-outcome", parts = parts.join("; "))
    )
    .ok();
}

/// A date as the note's language writes it.
fn date(d: &chrono::NaiveDate) -> String {
    crate::i18n::current().date(d)
}

/// Yes or no in the protocol's words.
fn yes_no(b: bool, spec: &PlanSpec) -> String {
    if b {
        &spec.answers.yes
    } else {
        &spec.answers.no
    }
    .to_lowercase()
}
