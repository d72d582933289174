//! The clinical note: plain text that pastes cleanly into a health record.
//!
//! The same function feeds `brief note` and the window's "Copy note" button. Names, zones,
//! limits and billing codes come from the protocol files; only the layout is written here.

mod family;

use std::fmt::Write as _;

use crate::t;

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
    // The note is written in the protocol's language, whatever the window shows.
    crate::i18n::in_language(&protocol.language, || {
        if protocol.kind == ProtocolKind::FamilyIntervention {
            family::note(session, protocol, now)
        } else {
            brief_note(session, set, protocol, now)
        }
    })
}

/// A time of day as the note's language writes it.
fn hm(t: &Timestamp) -> String {
    crate::i18n::current().time(t)
}

fn brief_note(session: &Session, set: &ProtocolSet, protocol: &Protocol, now: Timestamp) -> String {
    let mut out = String::new();
    let minutes = session.minutes(now);
    header_lines(&mut out, session, protocol, minutes);
    let sex = match session.profile.sex {
        Some(Sex::Female) => t!("note-female"),
        Some(Sex::Male) => t!("note-male"),
        None => t!("note-sex-not-recorded"),
    };
    let age = session
        .profile
        .age
        .map(|a| t!("note-age", age = a))
        .unwrap_or_default();
    let pregnancy = pregnancy_words(session.profile.pregnancy);
    writeln!(
        out,
        "{}",
        t!(
            "note-patient",
            patient = &session.patient,
            profile = format!("{sex}{age}{pregnancy}"),
            clinician = &session.clinician
        )
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

    let codes = protocol.billing.codes_for(minutes);
    let hint = if codes.is_empty() {
        protocol.billing.below_minimum.clone()
    } else {
        codes
            .iter()
            .map(|c| format!("{} ({})", c.code, c.payer))
            .collect::<Vec<_>>()
            .join(&t!("note-billing-or"))
    };
    if protocol.billing.codes.is_empty() {
        writeln!(out, "{}", t!("note-time", minutes = minutes)).ok();
    } else {
        writeln!(
            out,
            "{}",
            t!(
                "note-billing",
                minutes = minutes,
                hint = hint.trim_end_matches('.'),
                caveat = &protocol.billing.caveat
            )
        )
        .ok();
    }
    writeln!(
        out,
        "{}",
        t!("note-clinician", clinician = &session.clinician)
    )
    .ok();
    out
}

/// The protocol, the date and the times: the first lines of every note.
fn header_lines(out: &mut String, session: &Session, protocol: &Protocol, minutes: i64) {
    let stop = session
        .closed
        .map_or_else(|| t!("note-still-open"), |t| hm(&t));
    writeln!(
        out,
        "{}",
        t!(
            "note-protocol",
            title = &protocol.title,
            id = &session.protocol.id,
            version = &session.protocol.version
        )
    )
    .ok();
    writeln!(
        out,
        "{}",
        t!(
            "note-date",
            date = crate::i18n::current().date(&session.created),
            start = hm(&session.created),
            stop = stop,
            minutes = minutes
        )
    )
    .ok();
}

/// ", pregnant" — nothing while the status was not asked.
fn pregnancy_words(p: Pregnancy) -> String {
    if p == Pregnancy::NotAsked {
        String::new()
    } else {
        format!(", {}", p.shown())
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
            what.push(t!(
                "note-changed-sex",
                before = sex_words(change.before.sex),
                after = sex_words(after.sex)
            ));
        }
        if change.before.age != after.age {
            let age = |a: Option<u32>| a.map_or_else(|| t!("note-not-recorded"), |a| a.to_string());
            what.push(t!(
                "note-changed-age",
                before = age(change.before.age),
                after = age(after.age)
            ));
        }
        if change.before.pregnancy != after.pregnancy {
            what.push(t!(
                "note-changed-pregnancy",
                before = change.before.pregnancy.shown(),
                after = after.pregnancy.shown()
            ));
        }
        if !what.is_empty() {
            writeln!(
                out,
                "{}",
                t!(
                    "note-profile-changed",
                    time = hm(&change.time),
                    what = what.join(", ")
                )
            )
            .ok();
        }
    }
}

fn sex_words(sex: Option<Sex>) -> String {
    match sex {
        Some(Sex::Female) => t!("note-female"),
        Some(Sex::Male) => t!("note-male"),
        None => t!("note-not-recorded"),
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
        writeln!(out, "{}", t!("note-prevention-tier", tier = tier)).ok();
    }
    for (label, list, ids) in [
        (
            t!("note-risk-factors"),
            &prev.risk_factors,
            &record.risk_factors,
        ),
        (
            t!("note-protective-factors"),
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
    let time = hm;
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
                    .map(|n| t!("note-safety-note", note = one_line(n)))
                    .unwrap_or_default();
                t!(
                    "note-safety-given",
                    time = time(&r.time),
                    points = points,
                    note = note
                )
            }
            Some((r, SafetyOutcome::NotGiven { reason })) => t!(
                "note-safety-not-given",
                time = time(&r.time),
                reason = one_line(reason)
            ),
            None if flag.is_active() => t!("note-safety-not-answered-active"),
            None => t!("note-safety-not-answered"),
        };
        let cleared = flag
            .cleared
            .map(|t| t!("note-safety-cleared", time = time(&t)))
            .unwrap_or_default();
        writeln!(
            out,
            "{}",
            t!(
                "note-safety",
                title = title,
                time = time(&flag.raised),
                from = flag.from.join("; "),
                response = response,
                cleared = cleared
            )
        )
        .ok();
    }
}

/// An instrument's short name (its id when it is not loaded), with the substance: "ASSIST
/// (alcohol)". The note and the previous visit's words both name a screening so.
pub(crate) fn screening_name(
    set: &ProtocolSet,
    instrument: &str,
    substance: Option<&str>,
) -> String {
    let name = set
        .instrument(instrument)
        .map_or(instrument, |i| i.short_name.as_str());
    match substance {
        Some(x) => format!("{name} ({x})"),
        None => name.to_owned(),
    }
}

/// A score as the note writes it: "7/12", and " [incomplete]" while items are unanswered.
pub(crate) fn score_words(total: u32, max_total: Option<u32>, complete: bool) -> String {
    let max = max_total.map(|m| format!("/{m}")).unwrap_or_default();
    let partial = if complete {
        String::new()
    } else {
        t!("note-screening-incomplete")
    };
    format!("{total}{max}{partial}")
}

fn screening_lines(out: &mut String, session: &Session, set: &ProtocolSet) {
    if session.screenings.is_empty() {
        writeln!(out, "{}", t!("note-screening-none")).ok();
    }
    let folded = crate::stepped::folded(set, &session.screenings);
    for (i, s) in session.screenings.iter().enumerate() {
        let name = screening_name(set, &s.instrument, s.substance.as_deref());
        match &s.result {
            Some(r) => {
                writeln!(
                    out,
                    "{}",
                    t!(
                        "note-screening",
                        name = &name,
                        score = score_words(r.total, r.max_total, r.complete),
                        zone = &r.zone,
                        level = &r.level,
                        action = &r.action
                    )
                )
                .ok();
                if let Some(suggested) = s.suggested.as_deref().filter(|x| *x != s.instrument) {
                    let suggested = set
                        .instrument(suggested)
                        .map_or(suggested, |i| i.short_name.as_str());
                    writeln!(
                        out,
                        "  {}",
                        t!("note-screening-instead", suggested = suggested)
                    )
                    .ok();
                }
                if !r.flags.is_empty() {
                    writeln!(
                        out,
                        "  {}",
                        t!("note-screening-flags", flags = r.flags.join(", "))
                    )
                    .ok();
                }
                for f in folded.iter().filter(|f| f.full == i) {
                    writeln!(
                        out,
                        "  {}",
                        t!(
                            "note-screening-shared-items",
                            items = crate::stepped::item_numbers(f.link.full, f.link.link),
                            from = &f.link.short.short_name
                        )
                    )
                    .ok();
                }
            }
            None => {
                writeln!(out, "{}", t!("note-screening-not-scored", name = &name)).ok();
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
        parts.push(t!("note-prior-no-screening"));
    }
    parts.extend(words.stage.map(|s| t!("note-prior-stage", stage = s)));
    parts.extend(words.goal.map(|g| t!("note-prior-goal", goal = g)));
    if !words.safety.is_empty() {
        parts.push(t!("note-prior-safety", flags = words.safety.join("; ")));
    }
    parts.extend(prior.follow_up.map(|d| {
        t!(
            "note-prior-follow-up",
            date = crate::i18n::current().date(&d)
        )
    }));
    writeln!(
        out,
        "{}",
        t!(
            "note-prior",
            date = crate::i18n::current().date(&prior.date),
            clinician = &prior.clinician,
            parts = parts.join("; ")
        )
    )
    .ok();
    for change in session.changes_since_prior(set) {
        writeln!(out, "{}", t!("note-change", change = change.line())).ok();
    }
}

fn components_lines(out: &mut String, session: &Session, protocol: &Protocol) {
    let time = |t: &Option<Timestamp>| t.as_ref().map(hm);
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
                    "time" => Some(time(&e.time).unwrap_or_else(|| t!("note-no-time"))),
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
        "{}",
        t!(
            "note-components",
            delivered = delivered.len(),
            of = n,
            list = if delivered.is_empty() {
                t!("note-none")
            } else {
                delivered.join(", ")
            }
        )
    )
    .ok();
    if !missing.is_empty() {
        writeln!(
            out,
            "{}",
            t!("note-components-missing", list = missing.join(", "))
        )
        .ok();
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
                StepState::Done => t!("note-step-done", step = name),
                StepState::Skipped { reason } => {
                    t!("note-step-skipped", step = name, reason = reason)
                }
                StepState::InProgress => t!("note-step-started", step = name),
                StepState::NotStarted => t!("note-step-not-done", step = name),
            }
        })
        .collect();
    writeln!(out, "{}", t!("note-steps", list = parts.join("; "))).ok();
}

fn readiness_lines(out: &mut String, session: &Session, protocol: &Protocol) {
    let Some(r) = session.latest_readiness() else {
        writeln!(out, "{}", t!("note-stage-not-recorded")).ok();
        return;
    };
    let stage = r.stage.as_deref().map_or_else(
        || t!("note-stage-not-set"),
        |id| {
            protocol
                .stages
                .iter()
                .find(|s| s.id == id)
                .map_or(id, |s| s.name.as_str())
                .to_owned()
        },
    );
    let rulers: Vec<String> = [
        (t!("note-ruler-importance"), r.importance),
        (t!("note-ruler-confidence"), r.confidence),
        (t!("note-ruler-readiness"), r.readiness),
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
        t!("note-stage-latest-of", n = session.readiness.len())
    } else {
        String::new()
    };
    writeln!(
        out,
        "{}",
        t!("note-stage", stage = format!("{stage}{rulers}{earlier}"))
    )
    .ok();
    if !r.why_not_lower.trim().is_empty() {
        writeln!(
            out,
            "  {}",
            t!("note-why-not-lower", text = one_line(&r.why_not_lower))
        )
        .ok();
    }
    if !r.note.trim().is_empty() {
        writeln!(out, "  {}", t!("note-note", text = one_line(&r.note))).ok();
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
        None => t!("note-not-recorded"),
        Some(id) => protocol
            .intervention_levels
            .iter()
            .find(|l| l.id == *id)
            .map_or_else(|| id.clone(), |l| format!("{} ({})", l.name, l.duration)),
    };
    writeln!(out, "{}", t!("note-intervention-level", level = &words)).ok();
}

fn plan_lines(
    out: &mut String,
    session: &Session,
    protocol: &Protocol,
    rescreen: Option<(u32, &str)>,
) {
    let goal = &session.goal;
    if goal.is_empty() {
        writeln!(out, "{}", t!("note-goal-not-recorded")).ok();
    } else {
        let options = option_labels(protocol, goal);
        let mut parts = Vec::new();
        if !options.is_empty() {
            parts.push(options.join(", "));
        }
        if !goal.own_words.trim().is_empty() {
            parts.push(t!("note-goal-own-words", words = one_line(&goal.own_words)));
        }
        if let Some(date) = goal.target_date {
            parts.push(t!(
                "note-goal-by",
                date = crate::i18n::current().date(&date)
            ));
        }
        writeln!(out, "{}", t!("note-goal", parts = parts.join("; "))).ok();
        for chosen in &goal.not_advised {
            let label = protocol
                .menu
                .iter()
                .find(|m| m.id == chosen.option)
                .map_or(chosen.option.as_str(), |m| m.label.as_str());
            writeln!(
                out,
                "  {}",
                t!(
                    "note-goal-not-advised",
                    option = label,
                    reason = one_line(&chosen.reason)
                )
            )
            .ok();
        }
    }
    match &session.referral {
        None => writeln!(out, "{}", t!("note-referral-none")),
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
                ReferralResponse::Offered => t!("note-referral-offered"),
                ReferralResponse::Accepted => t!("note-referral-accepted"),
                ReferralResponse::Declined => t!("note-referral-declined"),
            };
            let to = one_line(&r.to);
            let to = if to.is_empty() {
                t!("note-referral-unnamed")
            } else {
                to
            };
            writeln!(
                out,
                "{}",
                t!(
                    "note-referral",
                    to = format!("{to}{level}"),
                    response = response
                )
            )
        }
    }
    .ok();
    let follow_up = session.follow_up.map_or_else(
        || t!("note-follow-up-none"),
        |d| crate::i18n::current().date(&d),
    );
    writeln!(out, "{}", t!("note-follow-up", date = follow_up)).ok();
    if let Some(first) = session.handouts.first() {
        writeln!(out, "{}", t!("note-sheet-given", time = hm(&first.time))).ok();
    }
    if let Some((weeks, why)) = rescreen {
        writeln!(out, "{}", t!("note-rescreen", weeks = weeks, why = why)).ok();
    }
    closing_lines(out, session);
}

/// The summary, a close with items missing, and the amendments.
fn closing_lines(out: &mut String, session: &Session) {
    if !session.summary.trim().is_empty() {
        writeln!(
            out,
            "{}",
            t!("note-summary", text = one_line(&session.summary))
        )
        .ok();
    }
    if session.status == Status::Closed
        && let Some(reason) = &session.close_reason
    {
        writeln!(
            out,
            "{}",
            t!("note-closed-missing", reason = one_line(reason))
        )
        .ok();
    }
    for a in &session.amendments {
        writeln!(
            out,
            "{}",
            t!(
                "note-amended",
                time = crate::i18n::current().date_time(&a.time),
                by = &a.by,
                reason = one_line(&a.reason),
                change = &a.change
            )
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
