//! The family intervention's safety screen: each question answered yes, no or unsure (read as
//! yes, the safer reading), with a note; what the counsellor does for each risk found; and the
//! concerned other's safety plan when a risk needs one. Every word is the protocol's.

use egui::RichText;

use super::family::{PlanCx, sentence};
use crate::protocol::{PlanSpec, Severity};
use crate::session::{ChangeError, FamilyPlan, ScreenAnswer, YesNo};
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::{hinted_text_area, labelled_radio, named_text_field};

/// The safety screen form.
pub fn ui(ui: &mut egui::Ui, pc: &PlanCx<'_>, plan: &mut FamilyPlan) {
    let spec = pc.spec;
    let total = spec.safety_screen.len();
    let answered = spec
        .safety_screen
        .iter()
        .filter(|q| plan.answer(&q.id).is_some())
        .count();
    if answered < total {
        egui::Frame::new()
            .stroke(egui::Stroke::new(2.0, theme::ATTENTION))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(t!(
                        "family-safety-needs-screen",
                        needs = &spec.choice.needs_screen,
                        answered = answered,
                        total = total
                    ))
                    .strong()
                    .size(16.0)
                    .color(theme::ATTENTION),
                );
            });
        ui.add_space(4.0);
    }
    let urgent = theme::severity_color(Severity::Urgent);
    for (i, q) in spec.safety_screen.iter().enumerate() {
        let answer = plan.answer(&q.id);
        let risk = answer.is_some_and(YesNo::risk);
        let stroke = if risk {
            egui::Stroke::new(1.5, urgent)
        } else {
            ui.visuals().widgets.noninteractive.bg_stroke
        };
        egui::Frame::new()
            .stroke(stroke)
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(format!("{}. {}", i + 1, q.question)).strong());
                ui.horizontal_wrapped(|ui| {
                    for (value, word) in [
                        (YesNo::Yes, &spec.answers.yes),
                        (YesNo::No, &spec.answers.no),
                        (YesNo::Unsure, &spec.answers.unsure),
                    ] {
                        let label = format!("{}: {word}", q.question);
                        if labelled_radio(ui, answer == Some(value), word, &label).clicked() {
                            set_answer(plan, spec, &q.id, value);
                        }
                    }
                    if let Some(a) = plan.safety.iter_mut().find(|a| a.question == q.id) {
                        ui.label(t!("family-safety-note"));
                        named_text_field(
                            ui,
                            &t!("family-safety-note-label", question = &q.question),
                            &mut a.note,
                            &t!("family-safety-note-hint"),
                            ui.available_width().max(160.0),
                        );
                    }
                });
                if risk {
                    ui.label(RichText::new(q.if_yes.as_str()).color(urgent))
                        .on_hover_text(source_citation(pc, &q.source));
                }
            });
    }
    if plan.needs_safety_plan(spec) || !plan.safety_plan.is_empty() {
        ui.add_space(6.0);
        let missing = plan.needs_safety_plan(spec) && plan.safety_plan.trim().is_empty();
        if missing {
            ui.colored_label(
                urgent,
                RichText::new(sentence(&ChangeError::SafetyPlanMissing)).strong(),
            );
        }
        let wording = &spec.safety_plan;
        hinted_text_area(
            ui,
            &wording.label,
            &wording.label,
            &mut plan.safety_plan,
            &wording.hint,
            4,
        );
    }
}

/// Records an answer, keeping the note already written. An approach the answer now rules out
/// is no longer the plan's: the answer is recorded whatever was chosen before (the timeline
/// shows the approach dropped, and the approach step says why it cannot be chosen).
fn set_answer(plan: &mut FamilyPlan, spec: &PlanSpec, question: &str, answer: YesNo) {
    if let Some(a) = plan.safety.iter_mut().find(|a| a.question == question) {
        a.answer = answer;
    } else {
        plan.safety.push(ScreenAnswer {
            question: question.to_owned(),
            answer,
            note: String::new(),
        });
    }
    if plan
        .approach
        .as_ref()
        .is_some_and(|c| plan.approach_refused(spec, &c.approach).is_some())
    {
        plan.approach = None;
    }
}

/// The citation of a source key, for a hover text.
pub fn source_citation(pc: &PlanCx<'_>, key: &str) -> String {
    pc.protocol()
        .sources
        .iter()
        .find(|s| s.key == key)
        .map_or_else(|| key.to_owned(), |s| s.citation.clone())
}
