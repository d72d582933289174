//! The centre of the session view: the current step's guidance and prompts, and the widgets of
//! the screen, feedback, goals and closure steps.

use chrono::{Duration, NaiveDate};
use egui::RichText;

use super::screening;
use super::theme;
use super::widgets::{choice_button, labelled_button, reason_form, text_area, text_field};
use crate::note;
use crate::protocol::{Protocol, ProtocolSet, STEP_IDS, Step};
use crate::session::{
    Change, CoverageSource, ReadinessEntry, Referral, ReferralResponse, Session, Status, StepState,
    Timestamp,
};

/// Text being typed, and other view state that is not (yet) part of the session.
#[derive(Default)]
pub struct Drafts {
    pub(super) hand_note: String,
    skip_reason: String,
    skip_open: bool,
    close_open: bool,
    close_reason: String,
    pub(super) instrument: String,
    pub(super) substance: String,
    pub(super) focused_item: usize,
    stage: Option<String>,
    importance: Option<u8>,
    confidence: Option<u8>,
    readiness: Option<u8>,
    why_not_lower: String,
    readiness_note: String,
    own_words: String,
    target_date: String,
    summary: String,
    follow_up: String,
    referral_to: String,
}

impl Drafts {
    /// Drafts filled from what the session already holds.
    pub fn from_session(s: &Session) -> Self {
        Self {
            own_words: s.goal.own_words.clone(),
            target_date: s
                .goal
                .target_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            summary: s.summary.clone(),
            follow_up: s.follow_up.map(|d| d.to_string()).unwrap_or_default(),
            referral_to: s
                .referral
                .as_ref()
                .map(|r| r.to.clone())
                .unwrap_or_default(),
            ..Self::default()
        }
    }
}

/// Changes for "next step": the current step is done (unless skipped) and the next one entered.
pub fn next_step_changes(session: &Session, next: &str, changes: &mut Vec<Change>) {
    complete_current_step(session, changes);
    changes.push(Change::EnterStep(next.to_owned()));
}

/// Marks the current step done, unless it was skipped (a skip keeps its reason).
fn complete_current_step(session: &Session, changes: &mut Vec<Change>) {
    let skipped = session
        .step(&session.current_step)
        .is_some_and(|r| matches!(r.state, StepState::Skipped { .. }));
    if !skipped {
        changes.push(Change::CompleteStep(session.current_step.clone()));
    }
}

/// The current step.
pub fn step_ui(
    ui: &mut egui::Ui,
    set: &ProtocolSet,
    protocol: &Protocol,
    s: &Session,
    d: &mut Drafts,
    now: Timestamp,
    changes: &mut Vec<Change>,
) {
    let Some(step) = protocol.steps.iter().find(|x| x.id == s.current_step) else {
        return;
    };
    let index = STEP_IDS.iter().position(|x| *x == step.id).unwrap_or(0);
    ui.add_space(4.0);
    ui.heading(format!("{}. {}", index + 1, step.title));
    ui.label(&step.purpose);
    egui::CollapsingHeader::new("What to do, and what counts as done")
        .id_salt(("guidance", &step.id))
        .show(ui, |ui| {
            for a in &step.actions {
                ui.label(format!("• {a}"));
            }
            ui.add_space(4.0);
            for e in &step.evidence {
                ui.weak(format!("Evidence: {e}"));
            }
        });
    ui.add_space(6.0);
    let open = s.status == Status::Open;
    match step.id.as_str() {
        "screen" => screening::screen_ui(ui, set, s, d, open, changes),
        "feedback" => feedback_ui(ui, set, protocol, s),
        "goals" => goals_ui(ui, protocol, s, d, open, changes),
        "closure" => closure_ui(ui, set, protocol, s, d, now, open, changes),
        _ => {}
    }
    ui.add_space(8.0);
    prompts_ui(ui, protocol, step, s, open, changes);
    ui.add_space(8.0);
    if open {
        ui.horizontal(|ui| {
            if index > 0
                && ui
                    .button("« Previous step")
                    .on_hover_text("Ctrl+Left")
                    .clicked()
            {
                changes.push(Change::EnterStep(STEP_IDS[index - 1].to_owned()));
            }
            if let Some(next) = STEP_IDS.get(index + 1)
                && ui
                    .button("Next step »")
                    .on_hover_text("Ctrl+Right")
                    .clicked()
            {
                next_step_changes(s, next, changes);
            }
        });
    }
}

fn prompts_ui(
    ui: &mut egui::Ui,
    protocol: &Protocol,
    step: &Step,
    s: &Session,
    open: bool,
    changes: &mut Vec<Change>,
) {
    ui.strong("What you might say");
    for prompt in &step.prompts {
        let used = s
            .coverage
            .iter()
            .any(|e| e.step == step.id && e.source == CoverageSource::Prompt(prompt.id.clone()));
        ui.horizontal_wrapped(|ui| {
            let label = format!("Used: {}", prompt.text);
            let text = if used { "Used already" } else { "Used" };
            if labelled_button(ui, open && !used, text, &label).clicked() {
                for c in &prompt.components {
                    changes.push(Change::Cover {
                        component: c.clone(),
                        step: step.id.clone(),
                        source: CoverageSource::Prompt(prompt.id.clone()),
                        note: None,
                    });
                }
            }
            let letters: Vec<&str> = prompt
                .components
                .iter()
                .filter_map(|c| protocol.components.iter().find(|x| &x.id == c))
                .map(|x| x.letter.as_str())
                .collect();
            ui.weak(format!("[{}]", letters.join("")));
            ui.label(format!("“{}”", prompt.text));
        });
    }
}

/// Skip the current step, with a reason.
pub fn skip_ui(ui: &mut egui::Ui, s: &Session, d: &mut Drafts, changes: &mut Vec<Change>) {
    if !d.skip_open {
        if ui.button("Skip this step…").clicked() {
            d.skip_open = true;
        }
        return;
    }
    match reason_form(
        ui,
        "Reason for skipping",
        &mut d.skip_reason,
        "Skip with this reason",
        "Cancel",
    ) {
        Some(true) => {
            changes.push(Change::SkipStep {
                step: s.current_step.clone(),
                reason: d.skip_reason.trim().to_owned(),
            });
            if let Some(next) = STEP_IDS
                .iter()
                .position(|x| *x == s.current_step)
                .and_then(|i| STEP_IDS.get(i + 1))
            {
                changes.push(Change::EnterStep((*next).to_owned()));
            }
            d.skip_open = false;
            d.skip_reason.clear();
        }
        Some(false) => d.skip_open = false,
        None => {}
    }
}

fn feedback_ui(ui: &mut egui::Ui, set: &ProtocolSet, protocol: &Protocol, s: &Session) {
    if s.screenings.is_empty() {
        ui.colored_label(
            theme::MISSING,
            "No screening recorded yet: go back to the screen step to give an instrument.",
        );
    }
    for screening in &s.screenings {
        let Some(ins) = set.instrument(&screening.instrument) else {
            continue;
        };
        let Some(result) = &screening.result else {
            continue;
        };
        ui.group(|ui| {
            let zone_index = ins
                .zones
                .iter()
                .position(|z| z.id == result.zone)
                .unwrap_or(0);
            let color = theme::zone_color(zone_index, ins.zones.len());
            let max = result
                .max_total
                .map(|m| format!(" of {m}"))
                .unwrap_or_default();
            ui.horizontal(|ui| {
                ui.strong(&ins.short_name);
                ui.label(format!("score {}{max}", result.total));
                ui.colored_label(
                    color,
                    RichText::new(format!("zone {}: {}", result.zone, result.level)).strong(),
                );
            });
            if let Some(zone) = ins.zones.iter().find(|z| z.id == result.zone) {
                ui.label(RichText::new(&zone.feedback).italics());
            }
            ui.label(format!("Recommended: {}", result.action));
        });
    }
    let limits = &protocol.low_risk_limits;
    ui.group(|ui| {
        ui.strong("Low-risk limits");
        if let Some(limit) = limits.for_profile(&s.profile) {
            ui.label(&limit.text);
        }
        ui.weak(&limits.standard_drink);
        if s.profile.sex != Some(crate::protocol::Sex::Male) {
            ui.weak(&limits.pregnancy);
        }
    });
}

fn goals_ui(
    ui: &mut egui::Ui,
    protocol: &Protocol,
    s: &Session,
    d: &mut Drafts,
    open: bool,
    changes: &mut Vec<Change>,
) {
    ui.group(|ui| {
        ui.strong("Readiness");
        // Two columns, so choosing a stage shows its strategy beside the controls instead of
        // pushing the rest of the step down.
        ui.columns(2, |cols| {
            if let [left, right] = cols {
                readiness_controls_ui(left, protocol, d, open, changes);
                // Room for the longest strategy, so choosing a stage never moves what is below.
                right.set_min_height(260.0);
                stage_strategy_ui(right, protocol, s, d);
            }
        });
    });

    ui.group(|ui| {
        ui.strong("Menu of options (the patient chooses)");
        let mut goal = s.goal.clone();
        ui.horizontal_wrapped(|ui| {
            for option in &protocol.menu {
                let mut on = goal.options.contains(&option.id);
                if ui
                    .add_enabled(open, egui::Checkbox::new(&mut on, &option.label))
                    .on_hover_text(&option.description)
                    .changed()
                {
                    if on {
                        goal.options.push(option.id.clone());
                    } else {
                        goal.options.retain(|o| o != &option.id);
                    }
                }
            }
        });
        if text_field(
            ui,
            "The patient's goal, in their words",
            &mut d.own_words,
            "",
        )
        .changed()
        {
            goal.own_words.clone_from(&d.own_words);
        }
        match date_field(ui, "Target date", &mut d.target_date) {
            DateEdit::Set(date) => goal.target_date = Some(date),
            DateEdit::Cleared => goal.target_date = None,
            DateEdit::Unchanged => {}
        }
        if open && goal != s.goal {
            changes.push(Change::SetGoal(goal));
        }
    });

    ui.group(|ui| {
        ui.strong("Referral");
        let mut referral = s.referral.clone();
        let mut made = referral.is_some();
        if ui
            .add_enabled(open, egui::Checkbox::new(&mut made, "Referral made"))
            .changed()
        {
            referral = made.then(|| Referral {
                to: d.referral_to.clone(),
                ..Referral::default()
            });
        }
        if let Some(r) = &mut referral {
            if text_field(
                ui,
                "Referred to",
                &mut d.referral_to,
                "service or clinician",
            )
            .changed()
            {
                r.to.clone_from(&d.referral_to);
            }
            let level_name = r
                .level
                .as_deref()
                .and_then(|id| protocol.referral.levels.iter().find(|l| l.id == id))
                .map(|l| format!("{} {}", l.id, l.name));
            egui::ComboBox::from_label("ASAM level")
                .selected_text(level_name.unwrap_or_default())
                .show_ui(ui, |ui| {
                    for level in &protocol.referral.levels {
                        ui.selectable_value(
                            &mut r.level,
                            Some(level.id.clone()),
                            format!("{} {}", level.id, level.name),
                        );
                    }
                });
            ui.horizontal(|ui| {
                ui.radio_value(&mut r.response, ReferralResponse::Offered, "Offered");
                ui.radio_value(&mut r.response, ReferralResponse::Accepted, "Accepted");
                ui.radio_value(&mut r.response, ReferralResponse::Declined, "Declined");
            });
        }
        if open && referral != s.referral {
            changes.push(Change::SetReferral(referral));
        }
    });
}

fn readiness_controls_ui(
    ui: &mut egui::Ui,
    protocol: &Protocol,
    d: &mut Drafts,
    open: bool,
    changes: &mut Vec<Change>,
) {
    let ruler = &protocol.ruler;
    for (name, question, value) in [
        ("Importance", &ruler.importance, &mut d.importance),
        ("Confidence", &ruler.confidence, &mut d.confidence),
        ("Readiness", &ruler.readiness, &mut d.readiness),
    ] {
        ui.horizontal(|ui| {
            let mut v = value.unwrap_or(ruler.scale_min);
            let r = ui
                .add(egui::Slider::new(&mut v, ruler.scale_min..=ruler.scale_max).text(name))
                .on_hover_text(question);
            if r.changed() {
                *value = Some(v);
            }
            if value.is_none() {
                ui.weak("not asked");
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Stage");
        for stage in &protocol.stages {
            let selected = d.stage.as_deref() == Some(stage.id.as_str());
            if choice_button(ui, selected, &stage.name, &format!("Stage: {}", stage.name))
                .on_hover_text(&stage.description)
                .clicked()
            {
                d.stage = Some(stage.id.clone());
            }
        }
    });
    text_field(
        ui,
        "Why not a lower number?",
        &mut d.why_not_lower,
        &ruler.why_not_lower,
    );
    text_field(ui, "Readiness note", &mut d.readiness_note, "");
    let any = d.stage.is_some()
        || d.importance.is_some()
        || d.confidence.is_some()
        || d.readiness.is_some()
        || !d.readiness_note.trim().is_empty();
    if ui
        .add_enabled(open && any, egui::Button::new("Record readiness"))
        .clicked()
    {
        changes.push(Change::AddReadiness(ReadinessEntry {
            stage: d.stage.clone(),
            importance: d.importance,
            confidence: d.confidence,
            readiness: d.readiness,
            why_not_lower: d.why_not_lower.trim().to_owned(),
            note: d.readiness_note.trim().to_owned(),
            time: None,
        }));
        d.readiness_note.clear();
        d.why_not_lower.clear();
    }
}

/// The ruler's suggested stage (a heuristic the clinician may take) and the chosen stage's strategy.
fn stage_strategy_ui(ui: &mut egui::Ui, protocol: &Protocol, s: &Session, d: &mut Drafts) {
    let ruler = &protocol.ruler;
    // The bands are read off the readiness ruler, or the importance ruler when readiness was not asked.
    let (which, value) = match (d.readiness, d.importance) {
        (Some(v), _) => ("readiness", Some(v)),
        (None, v) => ("importance", v),
    };
    if let Some(band) = value.and_then(|v| ruler.band(v))
        && let Some(stage) = protocol
            .stages
            .iter()
            .find(|x| x.id == band.suggested_stage)
    {
        ui.horizontal_wrapped(|ui| {
            ui.weak(format!(
                "Suggested from the {which} ruler: {} ({})",
                stage.name, band.label
            ))
            .on_hover_text(&ruler.bands_note);
            let taken = d.stage.as_deref() == Some(stage.id.as_str());
            if labelled_button(ui, !taken, "Use", "Use suggested stage")
                .on_hover_text(&ruler.bands_note)
                .clicked()
            {
                d.stage = Some(stage.id.clone());
            }
        });
    }
    let shown = d
        .stage
        .as_deref()
        .or_else(|| s.latest_readiness().and_then(|r| r.stage.as_deref()));
    if let Some(stage) = shown.and_then(|id| protocol.stages.iter().find(|x| x.id == id)) {
        ui.label(RichText::new(format!("{}: {}", stage.name, stage.goal)).strong());
        for strategy in &stage.strategies {
            ui.label(format!("• {strategy}"));
        }
        ui.weak(format!("Avoid: {}", stage.avoid.join("; ")));
    } else {
        ui.weak("Choose a stage to see the stage-matched strategy.");
    }
}

/// What happened to a date field this frame.
enum DateEdit {
    /// Nothing (or not a valid date yet).
    Unchanged,
    /// Emptied.
    Cleared,
    /// A valid date entered.
    Set(NaiveDate),
}

/// A date typed as YYYY-MM-DD.
fn date_field(ui: &mut egui::Ui, label: &str, text: &mut String) -> DateEdit {
    let changed = text_field(ui, label, text, "YYYY-MM-DD").changed();
    let parsed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d");
    if !text.trim().is_empty() && parsed.is_err() {
        ui.colored_label(theme::MISSING, "Write the date as YYYY-MM-DD");
    }
    match (changed, text.trim().is_empty(), parsed) {
        (false, _, _) | (true, false, Err(_)) => DateEdit::Unchanged,
        (true, true, _) => DateEdit::Cleared,
        (true, false, Ok(date)) => DateEdit::Set(date),
    }
}

#[expect(
    clippy::too_many_arguments,
    reason = "the closure step reads everything the note needs"
)]
fn closure_ui(
    ui: &mut egui::Ui,
    set: &ProtocolSet,
    protocol: &Protocol,
    s: &Session,
    d: &mut Drafts,
    now: Timestamp,
    open: bool,
    changes: &mut Vec<Change>,
) {
    ui.group(|ui| {
        if text_area(ui, "Summary", &mut d.summary, 2).changed() && open {
            changes.push(Change::SetSummary(d.summary.clone()));
        }
        let follow_up = match date_field(ui, "Follow-up date", &mut d.follow_up) {
            DateEdit::Set(date) => Some(Some(date)),
            DateEdit::Cleared => Some(None),
            DateEdit::Unchanged => None,
        };
        if let Some(date) = follow_up.filter(|_| open) {
            changes.push(Change::SetFollowUp(date));
        }
        ui.horizontal(|ui| {
            for &weeks in &protocol.follow_up_weeks {
                if ui
                    .add_enabled(open, egui::Button::new(format!("In {weeks} weeks")))
                    .clicked()
                {
                    let date = now.date_naive() + Duration::weeks(i64::from(weeks));
                    d.follow_up = date.to_string();
                    changes.push(Change::SetFollowUp(Some(date)));
                }
            }
        });
    });
    let text = note::clinical_note(s, set, now);
    ui.group(|ui| {
        ui.horizontal(|ui| {
            ui.strong("Note");
            if ui.button("Copy note").clicked() {
                ui.ctx().copy_text(text.clone());
            }
        });
        ui.add(egui::Label::new(RichText::new(&text).monospace().size(11.0)).wrap());
    });
    if open {
        close_ui(ui, protocol, s, d, changes);
    }
}

fn close_ui(
    ui: &mut egui::Ui,
    protocol: &Protocol,
    s: &Session,
    d: &mut Drafts,
    changes: &mut Vec<Change>,
) {
    let missing_steps: Vec<&str> = protocol
        .steps
        .iter()
        .filter(|st| st.id != s.current_step)
        .filter(|st| {
            !s.step(&st.id)
                .is_some_and(|r| matches!(r.state, StepState::Done | StepState::Skipped { .. }))
        })
        .map(|st| st.short_title.as_str())
        .collect();
    let missing_components: Vec<&str> = protocol
        .components
        .iter()
        .filter(|c| s.first_delivery(&c.id).is_none())
        .map(|c| c.name.as_str())
        .collect();
    if !d.close_open {
        if ui.button("Close session…").clicked() {
            if missing_steps.is_empty() && missing_components.is_empty() {
                complete_current_step(s, changes);
                changes.push(Change::Close { reason: None });
            } else {
                d.close_open = true;
            }
        }
        return;
    }
    ui.group(|ui| {
        ui.strong("Before closing");
        if !missing_steps.is_empty() {
            ui.colored_label(
                theme::MISSING,
                format!("Steps not done: {}", missing_steps.join(", ")),
            );
        }
        if !missing_components.is_empty() {
            ui.colored_label(
                theme::MISSING,
                format!(
                    "Components not delivered: {}",
                    missing_components.join(", ")
                ),
            );
        }
        match reason_form(
            ui,
            "Reason for closing anyway",
            &mut d.close_reason,
            "Close anyway",
            "Keep working",
        ) {
            Some(true) => {
                complete_current_step(s, changes);
                changes.push(Change::Close {
                    reason: Some(d.close_reason.trim().to_owned()),
                });
                d.close_open = false;
            }
            Some(false) => d.close_open = false,
            None => {}
        }
    });
}
