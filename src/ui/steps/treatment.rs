//! Treatment arranged before the loved one is asked: the service, the level of care (the
//! protocol's referral levels), the admission date and a confirmed slot, funding, transport and
//! practical matters — and medically managed withdrawal, required when the safety screen found
//! that risk.

use egui::RichText;

use super::family::PlanCx;
use crate::protocol::{Severity, Wording};
use crate::session::FamilyPlan;
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::{date_value, hinted_text_area, labelled_checkbox, named_combo};

/// The treatment form.
pub fn ui(ui: &mut egui::Ui, pc: &PlanCx<'_>, plan: &mut FamilyPlan) {
    let (spec, protocol) = (pc.spec, pc.protocol());
    let w = &spec.treatment;
    let needs_withdrawal = plan.needs_withdrawal_management(spec);
    let red = theme::severity_color(Severity::Urgent);
    if needs_withdrawal {
        egui::Frame::new()
            .stroke(egui::Stroke::new(2.0, red))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                for q in plan
                    .risks(spec)
                    .into_iter()
                    .filter(|q| q.needs_withdrawal_management)
                {
                    ui.label(RichText::new(q.if_yes.as_str()).strong().color(red));
                }
            });
        ui.add_space(4.0);
    }
    let t = &mut plan.treatment;
    egui::Grid::new("treatment_form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            line(ui, &w.place, &mut t.place);
            ui.label(&w.level.label);
            let shown = t
                .level
                .as_deref()
                .and_then(|id| protocol.referral.levels.iter().find(|l| l.id == id))
                .map(|l| format!("{} {}", l.id, l.name))
                .unwrap_or_default();
            named_combo(ui, "treatment_level", &w.level.label, &shown, 380.0, |ui| {
                for level in &protocol.referral.levels {
                    ui.selectable_value(
                        &mut t.level,
                        Some(level.id.clone()),
                        format!("{} {}", level.id, level.name),
                    );
                }
            })
            .on_hover_text(&protocol.referral.level_label);
            ui.end_row();
            ui.label(&w.admission.label);
            ui.horizontal(|ui| {
                date_value(ui, &w.admission.label, "admission", &mut t.admission, 100.0);
                labelled_checkbox(
                    ui,
                    true,
                    &mut t.slot_confirmed,
                    &w.slot_confirmed.label,
                    &w.slot_confirmed.label,
                )
                .on_hover_text(&w.slot_confirmed.hint);
            });
            ui.end_row();
            line(ui, &w.funding, &mut t.funding);
            ui.label("");
            labelled_checkbox(
                ui,
                true,
                &mut t.funding_confirmed,
                &w.funding_confirmed.label,
                &w.funding_confirmed.label,
            )
            .on_hover_text(&w.funding_confirmed.hint);
            ui.end_row();
            line(ui, &w.transport, &mut t.transport);
            line(ui, &w.practical, &mut t.practical);
        });
    if needs_withdrawal || !t.withdrawal_management.is_empty() {
        ui.add_space(6.0);
        let label = &w.withdrawal_management.label;
        if needs_withdrawal && t.withdrawal_management.trim().is_empty() {
            ui.colored_label(
                red,
                RichText::new(t!("treatment-required", label = label)).strong(),
            );
        }
        hinted_text_area(
            ui,
            label,
            label,
            &mut t.withdrawal_management,
            &w.withdrawal_management.hint,
            2,
        );
    }
}

/// One labelled line of the form.
fn line(ui: &mut egui::Ui, wording: &Wording, value: &mut String) {
    ui.label(&wording.label);
    crate::ui::widgets::named_text_field(ui, &wording.label, value, &wording.hint, 380.0);
    ui.end_row();
}
