//! The clinical note: plain text that pastes cleanly into a health record.
//!
//! The same function feeds `brief note` and the window's "Copy note" button. Names, zones,
//! limits and billing codes come from the protocol files; only the layout is written here.

mod family;

use std::fmt::Write as _;

use crate::protocol::{Billing, BillingCode, Pregnancy, Protocol, ProtocolKind, ProtocolSet, Sex};
use crate::session::{ReferralResponse, SafetyOutcome, Session, Status, StepState, Timestamp};

impl Billing {
    /// The time-based codes whose minute range includes `minutes`.
    pub fn codes_for(&self, minutes: i64) -> Vec<&BillingCode> {
        let Ok(minutes) = u32::try_from(minutes) else {
            return Vec::new();
        };
        self.codes
            .iter()
            .filter(|c| c.min_minutes <= minutes && c.max_minutes.is_none_or(|m| minutes <= m))
            .collect()
    }
}

/// The note for a session. `now` stands in for the stop time while the session is open.
pub fn clinical_note(session: &Session, set: &ProtocolSet, now: Timestamp) -> String {
    let protocol = set
        .protocol(&session.protocol.id)
        .unwrap_or_else(|| set.default_protocol());
    if protocol.kind == ProtocolKind::FamilyIntervention {
        return family::note(session, protocol, now);
    }
    let mut out = String::new();
    let minutes = session.minutes(now);
    header_lines(&mut out, session, protocol, minutes);
    let sex = match session.profile.sex {
        Some(Sex::Female) => "female",
        Some(Sex::Male) => "male",
        None => "sex not recorded",
    };
    let age = session
        .profile
        .age
        .map(|a| format!(", {a} y"))
        .unwrap_or_default();
    let pregnancy = pregnancy_words(session.profile.pregnancy);
    writeln!(
        out,
        "Patient ref {} ({sex}{age}{pregnancy}); clinician {}",
        session.patient, session.clinician
    )
    .ok();
    profile_lines(&mut out, session);

    screening_lines(&mut out, session, set);
    prior_lines(&mut out, session, set, protocol);
    prevention_lines(&mut out, session, protocol);
    safety_lines(&mut out, session, protocol);
    components_lines(&mut out, session, protocol);
    steps_line(&mut out, session, protocol);
    readiness_lines(&mut out, session, protocol);
    let advice = crate::safety::advice(set, protocol, &session.profile, &session.answers());
    plan_lines(&mut out, session, protocol, advice.rescreen);

    level_line(&mut out, session, protocol);

    if protocol.billing == crate::protocol::Billing::default() {
        // No billing codes where there are none (Sweden): the time alone.
        writeln!(out, "Time {minutes} min.").ok();
    } else {
        let codes = protocol.billing.codes_for(minutes);
        let hint = if codes.is_empty() {
            protocol.billing.below_minimum.clone()
        } else {
            codes
                .iter()
                .map(|c| format!("{} ({})", c.code, c.payer))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        writeln!(
            out,
            "Time {minutes} min. Billing hint: {}. {}",
            hint.trim_end_matches('.'),
            protocol.billing.caveat
        )
        .ok();
    }
    writeln!(out, "Clinician: {}", session.clinician).ok();
    out
}

/// The protocol, the date and the times: the first lines of every note.
fn header_lines(out: &mut String, session: &Session, protocol: &Protocol, minutes: i64) {
    let stop = session
        .closed
        .map_or_else(|| "open".to_owned(), |t| t.format("%H:%M").to_string());
    writeln!(
        out,
        "{} (protocol {} {})",
        protocol.title, session.protocol.id, session.protocol.version
    )
    .ok();
    writeln!(
        out,
        "Date {}, {}–{stop} ({minutes} min)",
        session.created.format("%Y-%m-%d"),
        session.created.format("%H:%M")
    )
    .ok();
}

/// ", pregnant" — nothing while the status was not asked.
fn pregnancy_words(p: Pregnancy) -> String {
    if p == Pregnancy::NotAsked {
        String::new()
    } else {
        format!(", {}", p.words())
    }
}

/// One line per change of the profile during the session, oldest first.
fn profile_lines(out: &mut String, session: &Session) {
    let changes = &session.profile_changes;
    for (i, change) in changes.iter().enumerate() {
        let after = changes
            .get(i + 1)
            .map_or(&session.profile, |next| &next.before);
        let mut what = Vec::new();
        if change.before.sex != after.sex {
            what.push(format!(
                "sex {} → {}",
                sex_words(change.before.sex),
                sex_words(after.sex)
            ));
        }
        if change.before.age != after.age {
            let age =
                |a: Option<u32>| a.map_or_else(|| "not recorded".to_owned(), |a| a.to_string());
            what.push(format!(
                "age {} → {}",
                age(change.before.age),
                age(after.age)
            ));
        }
        if change.before.pregnancy != after.pregnancy {
            what.push(format!(
                "pregnancy status {} → {}",
                change.before.pregnancy.words(),
                after.pregnancy.words()
            ));
        }
        if !what.is_empty() {
            writeln!(
                out,
                "Profile changed at {}: {}",
                change.time.format("%H:%M"),
                what.join(", ")
            )
            .ok();
        }
    }
}

fn sex_words(sex: Option<Sex>) -> &'static str {
    match sex {
        Some(Sex::Female) => "female",
        Some(Sex::Male) => "male",
        None => "not recorded",
    }
}

/// The prevention tier and the factors checked, by their protocol names.
fn prevention_lines(out: &mut String, session: &Session, protocol: &Protocol) {
    let (Some(record), Some(prev)) = (&session.prevention, &protocol.prevention) else {
        return;
    };
    let name = |list: &[crate::protocol::Factor], id: &str| {
        list.iter()
            .find(|f| f.id == id)
            .map_or_else(|| id.to_owned(), |f| f.text.clone())
    };
    if let Some(tier) = &record.tier {
        let tier = prev
            .tiers
            .iter()
            .find(|t| &t.id == tier)
            .map_or(tier.as_str(), |t| t.name.as_str());
        writeln!(out, "Prevention tier: {tier}").ok();
    }
    for (label, list, ids) in [
        ("Risk factors", &prev.risk_factors, &record.risk_factors),
        (
            "Protective factors",
            &prev.protective_factors,
            &record.protective_factors,
        ),
    ] {
        if !ids.is_empty() {
            let names: Vec<String> = ids.iter().map(|id| name(list, id)).collect();
            writeln!(out, "  {label}: {}", names.join(", ")).ok();
        }
    }
}

/// One "Safety:" line per flag raised: the rule, what raised it, and the response.
fn safety_lines(out: &mut String, session: &Session, protocol: &Protocol) {
    let time = |t: &Timestamp| t.format("%H:%M").to_string();
    for flag in &session.safety {
        let rule = protocol.safety.iter().find(|r| r.id == flag.rule);
        let title = rule.map_or(flag.rule.as_str(), |r| r.title.as_str());
        let response = match flag.response.as_ref().map(|r| (r, &r.outcome)) {
            Some((r, SafetyOutcome::Given { advice, note })) => {
                let points: Vec<&str> = advice
                    .iter()
                    .map(|id| {
                        rule.and_then(|r| r.advice.iter().find(|a| &a.id == id))
                            .map_or(id.as_str(), |a| a.text.as_str())
                    })
                    .collect();
                let points = if points.is_empty() {
                    String::new()
                } else {
                    format!(": {}", points.join(" "))
                };
                let note = note
                    .as_deref()
                    .map(|n| format!(" Note: {}", one_line(n)))
                    .unwrap_or_default();
                format!("advice given at {}{points}{note}", time(&r.time))
            }
            Some((r, SafetyOutcome::NotGiven { reason })) => {
                format!("advice not given ({}): {}", time(&r.time), one_line(reason))
            }
            None if flag.is_active() => "NOT ANSWERED".to_owned(),
            None => "not answered".to_owned(),
        };
        let cleared = flag
            .cleared
            .map(|t| format!(" [no longer raised after {}: answers changed]", time(&t)))
            .unwrap_or_default();
        writeln!(
            out,
            "Safety: {title} (raised {} by {}) — {response}{cleared}",
            time(&flag.raised),
            flag.from.join("; ")
        )
        .ok();
    }
}

fn screening_lines(out: &mut String, session: &Session, set: &ProtocolSet) {
    if session.screenings.is_empty() {
        writeln!(out, "Screening: none recorded").ok();
    }
    let folded = crate::stepped::folded(set, &session.screenings);
    for (i, s) in session.screenings.iter().enumerate() {
        let name = set
            .instrument(&s.instrument)
            .map_or(s.instrument.as_str(), |i| i.short_name.as_str());
        let substance = s
            .substance
            .as_deref()
            .map(|x| format!(" ({x})"))
            .unwrap_or_default();
        match &s.result {
            Some(r) => {
                let max = r.max_total.map(|m| format!("/{m}")).unwrap_or_default();
                let partial = if r.complete { "" } else { " [incomplete]" };
                writeln!(
                    out,
                    "Screening: {name}{substance} {}{max}{partial}, zone {} ({}); action: {}",
                    r.total, r.zone, r.level, r.action
                )
                .ok();
                if let Some(suggested) = s.suggested.as_deref().filter(|x| *x != s.instrument) {
                    let suggested = set
                        .instrument(suggested)
                        .map_or(suggested, |i| i.short_name.as_str());
                    writeln!(out, "  Chosen instead of the suggested {suggested}").ok();
                }
                if !r.flags.is_empty() {
                    writeln!(out, "  Flags: {}", r.flags.join(", ")).ok();
                }
                for f in folded.iter().filter(|f| f.full == i) {
                    writeln!(
                        out,
                        "  Items {} from the {} (the same questions, counted once)",
                        crate::stepped::item_numbers(f.link.full, f.link.link),
                        f.link.short.short_name
                    )
                    .ok();
                }
            }
            None => {
                writeln!(out, "Screening: {name}{substance} not scored").ok();
            }
        }
    }
}

/// The previous visit as copied into this session, and each screening's change since then.
fn prior_lines(out: &mut String, session: &Session, set: &ProtocolSet, protocol: &Protocol) {
    let Some(prior) = &session.prior else {
        return;
    };
    let words = prior.words(set, protocol);
    let mut parts = words.results;
    if parts.is_empty() {
        parts.push("no screening scored".to_owned());
    }
    parts.extend(words.stage.map(|s| format!("stage {s}")));
    parts.extend(words.goal.map(|g| format!("goal {g}")));
    if !words.safety.is_empty() {
        parts.push(format!("safety flags then: {}", words.safety.join("; ")));
    }
    parts.extend(prior.follow_up.map(|d| format!("follow-up set for {d}")));
    writeln!(
        out,
        "Previous visit {} ({}): {}",
        prior.date.format("%Y-%m-%d"),
        prior.clinician,
        parts.join("; ")
    )
    .ok();
    for change in session.changes_since_prior(set) {
        writeln!(out, "Change: {}", change.line()).ok();
    }
}

fn components_lines(out: &mut String, session: &Session, protocol: &Protocol) {
    let time = |t: &Option<Timestamp>| t.map(|t| t.format("%H:%M").to_string());
    // Recorded coverage, and what the record shows was done (the protocol's credits).
    let deliveries = crate::credit::deliveries(protocol, session);
    let first = |component: &str| {
        deliveries
            .iter()
            .find(|(c, _)| c.id == component)
            .and_then(|(_, d)| d.as_ref())
    };
    for line in &protocol.note.own_lines {
        match first(&line.component) {
            Some(e) => writeln!(
                out,
                "{}",
                fill(&line.delivered, |name| match name {
                    "step" => Some(step_name(protocol, &e.step).to_owned()),
                    "time" =>
                        Some(time(&e.time).unwrap_or_else(|| "(no time recorded)".to_owned())),
                    _ => None,
                })
            ),
            None => writeln!(out, "{}", line.not_delivered),
        }
        .ok();
    }
    let mut delivered = Vec::new();
    let mut missing = Vec::new();
    for (c, d) in &deliveries {
        match d {
            Some(e) => {
                let when = match (time(&e.time), &e.how) {
                    (Some(t), crate::credit::How::Action(credit)) => {
                        format!(" {t}, {}", credit.label)
                    }
                    (None, crate::credit::How::Action(credit)) => format!(", {}", credit.label),
                    (Some(t), _) => format!(" {t}"),
                    (None, _) => String::new(),
                };
                delivered.push(format!(
                    "{} ({}{when})",
                    c.name,
                    step_name(protocol, &e.step)
                ));
            }
            None => missing.push(c.name.clone()),
        }
    }
    let n = protocol.components.len();
    writeln!(
        out,
        "Components delivered {}/{n}: {}",
        delivered.len(),
        if delivered.is_empty() {
            "none".to_owned()
        } else {
            delivered.join(", ")
        }
    )
    .ok();
    if !missing.is_empty() {
        writeln!(out, "Components missing: {}", missing.join(", ")).ok();
    }
}

/// `template` with each `{name}` replaced by `value(name)`; an unknown name is kept as written
/// (the protocol check refuses one, so this is only for a set loaded without it).
pub(crate) fn fill(template: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let (before, from_open) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = from_open.find('}') else {
            rest = from_open;
            break;
        };
        let (placeholder, after) = from_open.split_at(close + 1);
        let name = placeholder
            .strip_prefix('{')
            .and_then(|p| p.strip_suffix('}'))
            .unwrap_or_default();
        match value(name) {
            Some(v) => out.push_str(&v),
            None => out.push_str(placeholder),
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn step_name<'a>(protocol: &'a Protocol, id: &'a str) -> &'a str {
    protocol
        .steps
        .iter()
        .find(|s| s.id == id)
        .map_or(id, |s| s.short_title.as_str())
}

fn steps_line(out: &mut String, session: &Session, protocol: &Protocol) {
    let parts: Vec<String> = session
        .steps
        .iter()
        .map(|s| {
            let name = step_name(protocol, &s.step);
            match &s.state {
                StepState::Done => format!("{name} done"),
                StepState::Skipped { reason } => format!("{name} skipped ({reason})"),
                StepState::InProgress => format!("{name} started"),
                StepState::NotStarted => format!("{name} not done"),
            }
        })
        .collect();
    writeln!(out, "Steps: {}", parts.join("; ")).ok();
}

fn readiness_lines(out: &mut String, session: &Session, protocol: &Protocol) {
    let Some(r) = session.latest_readiness() else {
        writeln!(out, "Stage of readiness: not recorded").ok();
        return;
    };
    let stage = r.stage.as_deref().map_or("not set", |id| {
        protocol
            .stages
            .iter()
            .find(|s| s.id == id)
            .map_or(id, |s| s.name.as_str())
    });
    let rulers: Vec<String> = [
        ("importance", r.importance),
        ("confidence", r.confidence),
        ("readiness", r.readiness),
    ]
    .into_iter()
    .filter_map(|(name, v)| v.map(|v| format!("{name} {v}/{}", protocol.ruler.scale_max)))
    .collect();
    let rulers = if rulers.is_empty() {
        String::new()
    } else {
        format!("; {}", rulers.join(", "))
    };
    let earlier = if session.readiness.len() > 1 {
        format!(" (latest of {})", session.readiness.len())
    } else {
        String::new()
    };
    writeln!(out, "Stage of readiness: {stage}{rulers}{earlier}").ok();
    if !r.why_not_lower.trim().is_empty() {
        writeln!(out, "  Why not lower: {}", one_line(&r.why_not_lower)).ok();
    }
    if !r.note.trim().is_empty() {
        writeln!(out, "  Note: {}", one_line(&r.note)).ok();
    }
}

/// The labels of the menu options a goal chose (an id the protocol does not know, as is).
pub(crate) fn option_labels<'a>(
    protocol: &'a Protocol,
    goal: &'a crate::session::Goal,
) -> Vec<&'a str> {
    goal.options
        .iter()
        .map(|id| {
            protocol
                .menu
                .iter()
                .find(|m| &m.id == id)
                .map_or(id.as_str(), |m| m.label.as_str())
        })
        .collect()
}

/// The level of intervention given, for a protocol that records levels: its name and usual
/// duration as the protocol words them.
fn level_line(out: &mut String, session: &Session, protocol: &Protocol) {
    if protocol.intervention_levels.is_empty() && session.intervention_level.is_none() {
        return;
    }
    let words = match &session.intervention_level {
        None => "not recorded".to_owned(),
        Some(id) => protocol
            .intervention_levels
            .iter()
            .find(|l| l.id == *id)
            .map_or_else(|| id.clone(), |l| format!("{} ({})", l.name, l.duration)),
    };
    writeln!(out, "Intervention level: {words}").ok();
}

fn plan_lines(
    out: &mut String,
    session: &Session,
    protocol: &Protocol,
    rescreen: Option<(u32, &str)>,
) {
    let goal = &session.goal;
    if goal.is_empty() {
        writeln!(out, "Goal: not recorded").ok();
    } else {
        let options = option_labels(protocol, goal);
        let mut parts = Vec::new();
        if !options.is_empty() {
            parts.push(options.join(", "));
        }
        if !goal.own_words.trim().is_empty() {
            parts.push(format!(
                "in the patient's words \"{}\"",
                one_line(&goal.own_words)
            ));
        }
        if let Some(date) = goal.target_date {
            parts.push(format!("by {date}"));
        }
        writeln!(out, "Goal: {}", parts.join("; ")).ok();
        for chosen in &goal.not_advised {
            let label = protocol
                .menu
                .iter()
                .find(|m| m.id == chosen.option)
                .map_or(chosen.option.as_str(), |m| m.label.as_str());
            writeln!(
                out,
                "  Chosen although not advised: {label}, because {}",
                one_line(&chosen.reason)
            )
            .ok();
        }
    }
    match &session.referral {
        None => writeln!(out, "Referral: none"),
        Some(r) => {
            let level = r
                .level
                .as_deref()
                .map(|id| {
                    let name = protocol
                        .referral
                        .levels
                        .iter()
                        .find(|l| l.id == id)
                        .map_or("", |l| l.name.as_str());
                    let label = protocol.referral.level_label.trim();
                    let parts: Vec<&str> = [label, id, name]
                        .into_iter()
                        .filter(|p| !p.is_empty())
                        .collect();
                    format!(", {}", parts.join(" "))
                })
                .unwrap_or_default();
            let response = match r.response {
                ReferralResponse::Offered => "offered",
                ReferralResponse::Accepted => "accepted",
                ReferralResponse::Declined => "declined",
            };
            let to = one_line(&r.to);
            let to = if to.is_empty() {
                "(service not named)".to_owned()
            } else {
                to
            };
            writeln!(out, "Referral: to {to}{level}: {response}")
        }
    }
    .ok();
    let follow_up = session
        .follow_up
        .map_or_else(|| "not arranged".to_owned(), |d| d.to_string());
    writeln!(out, "Follow-up: {follow_up}").ok();
    if let Some(first) = session.handouts.first() {
        writeln!(
            out,
            "Take-home sheet given at {}",
            first.time.format("%H:%M")
        )
        .ok();
    }
    if let Some((weeks, why)) = rescreen {
        writeln!(out, "Re-screen: within {weeks} weeks ({why})").ok();
    }
    closing_lines(out, session);
}

/// The summary, a close with items missing, and the amendments.
fn closing_lines(out: &mut String, session: &Session) {
    if !session.summary.trim().is_empty() {
        writeln!(out, "Summary: {}", one_line(&session.summary)).ok();
    }
    if session.status == Status::Closed
        && let Some(reason) = &session.close_reason
    {
        writeln!(out, "Closed with items missing: {}", one_line(reason)).ok();
    }
    for a in &session.amendments {
        writeln!(
            out,
            "Amended {} by {}: {} ({})",
            a.time.format("%Y-%m-%d %H:%M"),
            a.by,
            one_line(&a.reason),
            a.change
        )
        .ok();
    }
}

/// The menu options' labels, by id (the id where the protocol has no such option).
pub(crate) fn menu_labels<'a>(protocol: &'a Protocol, ids: &'a [String]) -> Vec<&'a str> {
    ids.iter()
        .map(|id| {
            protocol
                .menu
                .iter()
                .find(|m| &m.id == id)
                .map_or(id.as_str(), |m| m.label.as_str())
        })
        .collect()
}

/// Free text on one line, so the note keeps its shape when pasted.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::fill;

    fn value(name: &str) -> Option<String> {
        match name {
            "step" => Some("Feedback".to_owned()),
            "time" => Some("09:17".to_owned()),
            _ => None,
        }
    }

    #[test]
    fn placeholders_are_filled_in_one_pass() {
        assert_eq!(
            fill("in step {step} at {time}", value),
            "in step Feedback at 09:17",
            "both placeholders filled"
        );
        assert_eq!(
            fill("{time}{time}", |n| (n == "time")
                .then(|| "{step}".to_owned())),
            "{step}{step}",
            "a value is not filled again"
        );
    }

    #[test]
    fn text_that_is_not_a_known_placeholder_is_kept() {
        assert_eq!(fill("no braces", value), "no braces", "plain text");
        assert_eq!(fill("a {stpe} b", value), "a {stpe} b", "unknown name kept");
        assert_eq!(fill("a {step", value), "a {step", "unclosed brace kept");
        assert_eq!(fill("é {step} ü", value), "é Feedback ü", "non-ASCII text");
    }
}
