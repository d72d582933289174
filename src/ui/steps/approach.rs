//! Choosing the approach: the trial figures first, then the approaches, recommended first. An
//! approach the safety screen rules out, or one waiting for the screen, cannot be chosen and
//! says why. A chosen approach shows its warning, the reason, and for a meeting whether it is
//! announced (or why it would be a surprise).

use egui::RichText;

use super::family::{PlanCx, sentence};
use super::family_safety::source_citation;
use crate::protocol::Approach;
use crate::session::{ApproachChoice, FamilyPlan};
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::{hinted_text_area, labelled_checkbox, labelled_radio};

/// The evidence and the choice.
pub fn ui(ui: &mut egui::Ui, pc: &PlanCx<'_>, plan: &mut FamilyPlan) {
    evidence_ui(ui, pc);
    ui.add_space(8.0);
    let spec = pc.spec;
    let mut approaches: Vec<&Approach> = spec.approaches.iter().collect();
    // Recommended first; the protocol's order otherwise.
    approaches.sort_by_key(|a| !a.recommended);
    let chosen = plan.approach.as_ref().map(|c| c.approach.clone());
    for a in approaches {
        let refused = plan.approach_refused(spec, &a.id);
        let selected = chosen.as_deref() == Some(a.id.as_str());
        ui.horizontal_wrapped(|ui| {
            let label = t!("approach-label", approach = &a.name);
            let r = ui
                .add_enabled_ui(refused.is_none(), |ui| {
                    labelled_radio(ui, selected, &a.name, &label)
                })
                .inner
                .on_hover_text(source_citation(pc, &a.source));
            if r.clicked() && !selected {
                choose(plan, a);
            }
            if a.recommended {
                ui.colored_label(
                    theme::DONE,
                    RichText::new(t!("approach-recommended")).strong(),
                );
            }
        });
        ui.indent(("approach", &a.id), |ui| {
            ui.weak(&a.summary);
            if let Some(why) = &refused {
                ui.colored_label(theme::MISSING, sentence(why));
            }
        });
        if selected && let Some(choice) = plan.approach.as_mut() {
            ui.indent(("choice", &a.id), |ui| choice_ui(ui, pc, a, choice));
        }
        ui.add_space(4.0);
    }
}

/// Chooses an approach with the evidence on screen (it is drawn above the choice, always):
/// a meeting is announced unless the counsellor records why not.
fn choose(plan: &mut FamilyPlan, a: &Approach) {
    let reason = plan
        .approach
        .as_ref()
        .map(|c| c.reason.clone())
        .unwrap_or_default();
    plan.approach = Some(ApproachChoice {
        approach: a.id.clone(),
        reason,
        announced: a.meeting,
        surprise_reason: String::new(),
        evidence_shown: true,
    });
}

/// The chosen approach's warning, reason and announcement.
fn choice_ui(ui: &mut egui::Ui, pc: &PlanCx<'_>, a: &Approach, choice: &mut ApproachChoice) {
    let wording = &pc.spec.choice;
    if let Some(warning) = &a.warning {
        let red = theme::severity_color(crate::protocol::Severity::Urgent);
        egui::Frame::new()
            .stroke(egui::Stroke::new(1.5, red))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(warning.as_str()).color(red));
            });
    }
    let required = a.needs_reason && choice.reason.trim().is_empty();
    let label = if required {
        t!("family-required", label = &wording.reason.label)
    } else {
        wording.reason.label.clone()
    };
    hinted_text_area(
        ui,
        &label,
        &wording.reason.label,
        &mut choice.reason,
        &wording.reason.hint,
        2,
    );
    if !a.meeting {
        return;
    }
    let mut announced = choice.announced;
    // A meeting that may not be a surprise is always announced: the box shows it, ticked.
    labelled_checkbox(
        ui,
        a.may_surprise,
        &mut announced,
        &wording.announced.label,
        &wording.announced.label,
    )
    .on_hover_text(&wording.announced.hint);
    if a.may_surprise {
        choice.announced = announced;
    }
    if a.may_surprise && !choice.announced {
        let required = choice.surprise_reason.trim().is_empty();
        let label = if required {
            t!("family-required", label = &wording.surprise_reason.label)
        } else {
            wording.surprise_reason.label.clone()
        };
        hinted_text_area(
            ui,
            &label,
            &wording.surprise_reason.label,
            &mut choice.surprise_reason,
            &wording.surprise_reason.hint,
            2,
        );
    }
}

/// The trial figures, one card each, three to a row: the figure large, what it measures, the
/// approach it is about and its source.
fn evidence_ui(ui: &mut egui::Ui, pc: &PlanCx<'_>) {
    let spec = pc.spec;
    for row in spec.evidence.chunks(3) {
        ui.columns(3, |columns| {
            for (ui, e) in columns.iter_mut().zip(row) {
                egui::Frame::group(ui.style())
                    .inner_margin(6.0)
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.set_min_height(96.0);
                        // Not justified, as the columns' own layout would make it.
                        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                            ui.label(RichText::new(&e.figure).size(26.0).strong());
                            ui.label(&e.text);
                            let about = e
                                .approach
                                .as_deref()
                                .and_then(|id| spec.approach(id))
                                .map(|a| format!("{} · ", a.name))
                                .unwrap_or_default();
                            ui.weak(RichText::new(format!("{about}{}", e.source)).size(11.0))
                                .on_hover_text(source_citation(pc, &e.source));
                        });
                    });
            }
        });
        ui.add_space(2.0);
    }
}
