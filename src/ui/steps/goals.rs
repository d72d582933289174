//! The goals step: the readiness rulers and stage (with the stage the protocol's bands
//! suggest), the menu of options, the goal in the patient's words, and a referral.

use std::collections::BTreeMap;

use egui::RichText;

use super::context::StepContext;
use crate::protocol::MenuOption;
use crate::protocol::{Protocol, RulerName};
use crate::session::{
    Change, ChosenAnyway, Goal, ReadinessEntry, Referral, ReferralResponse, Session,
};
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::{
    DateEdit, choice_button, date_field, labelled_button, labelled_checkbox, text_field,
};

/// Ruler values and text not yet recorded, and the goal and referral fields being typed.
#[derive(Default)]
pub struct Draft {
    stage: Option<String>,
    importance: Option<u8>,
    confidence: Option<u8>,
    readiness: Option<u8>,
    why_not_lower: String,
    readiness_note: String,
    own_words: String,
    target_date: String,
    referral_to: String,
    /// Reasons being typed for choosing a not-advised option anyway, by option id.
    anyway: BTreeMap<String, String>,
}

impl Draft {
    /// The goal and referral as the session holds them; the rulers start unasked.
    pub fn from_session(s: &Session) -> Self {
        Self {
            own_words: s.goal.own_words.clone(),
            target_date: s
                .goal
                .target_date
                .map(|d| d.to_string())
                .unwrap_or_default(),
            referral_to: s
                .referral
                .as_ref()
                .map(|r| r.to.clone())
                .unwrap_or_default(),
            ..Self::default()
        }
    }

    /// The ruler value of this name.
    fn ruler(&self, name: RulerName) -> Option<u8> {
        match name {
            RulerName::Importance => self.importance,
            RulerName::Confidence => self.confidence,
            RulerName::Readiness => self.readiness,
        }
    }
}

/// The goals form.
pub fn ui(ui: &mut egui::Ui, cx: &StepContext<'_>, d: &mut Draft, changes: &mut Vec<Change>) {
    let (protocol, s, open) = (cx.protocol, cx.session, cx.open);
    ui.group(|ui| {
        ui.strong(t!("goals-readiness"));
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
        ui.strong(t!("goals-menu"));
        let mut goal = s.goal.clone();
        menu_ui(ui, cx, d, &mut goal);
        if text_field(ui, &t!("goals-own-words"), &mut d.own_words, "").changed() {
            goal.own_words.clone_from(&d.own_words);
        }
        match date_field(ui, &t!("goals-target-date"), &mut d.target_date) {
            DateEdit::Set(date) => goal.target_date = Some(date),
            DateEdit::Cleared => goal.target_date = None,
            DateEdit::Unchanged => {}
        }
        if open && goal != s.goal {
            changes.push(Change::SetGoal(goal));
        }
    });

    ui.group(|ui| {
        ui.strong(t!("goals-referral"));
        let mut referral = s.referral.clone();
        let mut made = referral.is_some();
        if ui
            .add_enabled(
                open,
                egui::Checkbox::new(&mut made, t!("goals-referral-made")),
            )
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
                &t!("goals-referred-to"),
                &mut d.referral_to,
                &t!("goals-referred-to-hint"),
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
            egui::ComboBox::from_label(&protocol.referral.level_label)
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
                ui.radio_value(
                    &mut r.response,
                    ReferralResponse::Offered,
                    t!("goals-offered"),
                );
                ui.radio_value(
                    &mut r.response,
                    ReferralResponse::Accepted,
                    t!("goals-accepted"),
                );
                ui.radio_value(
                    &mut r.response,
                    ReferralResponse::Declined,
                    t!("goals-declined"),
                );
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
    d: &mut Draft,
    open: bool,
    changes: &mut Vec<Change>,
) {
    let ruler = &protocol.ruler;
    for (name, question, value) in [
        (t!("goals-importance"), &ruler.importance, &mut d.importance),
        (t!("goals-confidence"), &ruler.confidence, &mut d.confidence),
        (t!("goals-readiness"), &ruler.readiness, &mut d.readiness),
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
                ui.weak(t!("goals-not-asked"));
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(t!("goals-stage"));
        for stage in &protocol.stages {
            let selected = d.stage.as_deref() == Some(stage.id.as_str());
            if choice_button(
                ui,
                selected,
                &stage.name,
                &t!("goals-stage-label", stage = &stage.name),
            )
            .on_hover_text(&stage.description)
            .clicked()
            {
                d.stage = Some(stage.id.clone());
            }
        }
    });
    text_field(
        ui,
        &t!("goals-why-not-lower"),
        &mut d.why_not_lower,
        &ruler.why_not_lower,
    );
    text_field(ui, &t!("goals-readiness-note"), &mut d.readiness_note, "");
    let any = d.stage.is_some()
        || d.importance.is_some()
        || d.confidence.is_some()
        || d.readiness.is_some()
        || !d.readiness_note.trim().is_empty();
    if ui
        .add_enabled(open && any, egui::Button::new(t!("goals-record-readiness")))
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
fn stage_strategy_ui(ui: &mut egui::Ui, protocol: &Protocol, s: &Session, d: &mut Draft) {
    let ruler = &protocol.ruler;
    // The protocol says which ruler the bands are read from: the first of its list that was asked.
    let asked = ruler
        .suggest_from
        .iter()
        .find_map(|&name| d.ruler(name).map(|v| (ruler_word(name), v)));
    if let Some((which, band)) = asked.and_then(|(which, v)| ruler.band(v).map(|b| (which, b)))
        && let Some(stage) = protocol
            .stages
            .iter()
            .find(|x| x.id == band.suggested_stage)
    {
        ui.horizontal_wrapped(|ui| {
            ui.weak(t!(
                "goals-suggested-stage",
                ruler = which,
                stage = &stage.name,
                band = &band.label
            ))
            .on_hover_text(&ruler.bands_note);
            let taken = d.stage.as_deref() == Some(stage.id.as_str());
            if labelled_button(ui, !taken, &t!("goals-use"), &t!("goals-use-label"))
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
        ui.weak(t!("goals-avoid", avoid = stage.avoid.join("; ")));
    } else {
        ui.weak(t!("goals-choose-stage"));
    }
}

/// A ruler's name in running text ("the readiness ruler"), in the window's language.
fn ruler_word(name: RulerName) -> String {
    match name {
        RulerName::Importance => t!("goals-ruler-importance"),
        RulerName::Confidence => t!("goals-ruler-confidence"),
        RulerName::Readiness => t!("goals-ruler-readiness"),
    }
}

/// The menu: the options the screening and the safety rules recommend, the others, and those
/// not advised for this patient, which are chosen only with a reason typed first.
fn menu_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, d: &mut Draft, goal: &mut Goal) {
    let (protocol, advice, open) = (cx.protocol, cx.advice, cx.open);
    let recommended: Vec<&MenuOption> = advice
        .recommended
        .iter()
        .filter_map(|id| protocol.menu.iter().find(|m| &m.id == id))
        .collect();
    let others: Vec<&MenuOption> = protocol
        .menu
        .iter()
        .filter(|m| !advice.recommended.contains(&m.id) && advice.why_not(&m.id).is_none())
        .collect();
    let not_advised: Vec<(&MenuOption, &[String])> = protocol
        .menu
        .iter()
        .filter_map(|m| advice.why_not(&m.id).map(|why| (m, why)))
        .collect();
    let toggle = |ui: &mut egui::Ui, option: &MenuOption, chosen: bool, enabled: bool| {
        let mut on = chosen;
        labelled_checkbox(ui, open && enabled, &mut on, &option.label, &option.label)
            .on_hover_text(&option.description)
            .changed()
            .then_some(on)
    };
    let mut flips: Vec<(String, bool)> = Vec::new();
    if !recommended.is_empty() {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(theme::DONE, RichText::new(t!("goals-recommended")).strong());
            for option in &recommended {
                if let Some(on) = toggle(ui, option, goal.options.contains(&option.id), true) {
                    flips.push((option.id.clone(), on));
                }
            }
        });
    }
    ui.horizontal_wrapped(|ui| {
        if !recommended.is_empty() {
            ui.label(t!("goals-other-options"));
        }
        for option in &others {
            if let Some(on) = toggle(ui, option, goal.options.contains(&option.id), true) {
                flips.push((option.id.clone(), on));
            }
        }
    });
    for (option, why) in &not_advised {
        let chosen = goal.options.contains(&option.id);
        let recorded = goal.reason_for(&option.id).map(str::to_owned);
        let reason = d
            .anyway
            .entry(option.id.clone())
            .or_insert_with(|| recorded.clone().unwrap_or_default());
        egui::Frame::new()
            .stroke(egui::Stroke::new(1.0, theme::MISSING))
            .inner_margin(4.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.horizontal_wrapped(|ui| {
                    let typed = !reason.trim().is_empty();
                    if let Some(on) = toggle(ui, option, chosen, chosen || typed) {
                        flips.push((option.id.clone(), on));
                    }
                    ui.colored_label(
                        theme::MISSING,
                        t!("goals-not-advised", why = why.join("; ")),
                    );
                });
                if let (true, Some(r)) = (chosen, &recorded) {
                    ui.weak(t!("goals-chosen-anyway", reason = r));
                } else {
                    let label = t!("goals-anyway-reason", option = &option.label);
                    let changed =
                        text_field(ui, &label, reason, &t!("goals-anyway-required")).changed();

                    if changed && chosen && !reason.trim().is_empty() {
                        set_anyway(goal, &option.id, reason);
                    }
                }
            });
    }
    for (id, on) in flips {
        if on {
            goal.options.push(id.clone());
            if let Some(reason) = d.anyway.get(&id).filter(|r| !r.trim().is_empty())
                && advice.why_not(&id).is_some()
            {
                set_anyway(goal, &id, reason);
            }
        } else {
            goal.options.retain(|o| *o != id);
            goal.not_advised.retain(|c| c.option != id);
        }
    }
}

/// Records why a not-advised option was chosen.
fn set_anyway(goal: &mut Goal, option: &str, reason: &str) {
    goal.not_advised.retain(|c| c.option != option);
    goal.not_advised.push(ChosenAnyway {
        option: option.to_owned(),
        reason: reason.trim().to_owned(),
    });
}
