//! The meeting or invitation and how it ended: its date, the outcome (the protocol's outcomes,
//! "not held" among them), the day treatment began, the fallback if refused, the next contact
//! and how the concerned others are doing; and the days from first contact to treatment.

use egui::RichText;

use super::family::PlanCx;
use crate::session::FamilyPlan;
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::{choice_button, date_value, hinted_text_area};

/// The outcome form.
pub fn ui(ui: &mut egui::Ui, pc: &PlanCx<'_>, plan: &mut FamilyPlan) {
    let spec = pc.spec;
    let w = &spec.outcome;
    let entered = plan
        .outcome
        .outcome
        .as_deref()
        .and_then(|id| spec.outcome_option(id))
        .is_none_or(|o| o.entered_treatment);
    egui::Grid::new("outcome_form")
        .num_columns(2)
        .spacing([12.0, 6.0])
        .show(ui, |ui| {
            let first = t!("outcome-first-contact");
            ui.label(&first);
            date_value(
                ui,
                &first,
                "first_contact",
                &mut plan.first_contact,
                DATE_WIDTH,
            );
            ui.end_row();
            ui.label(&w.meeting_date.label);
            date_value(
                ui,
                &w.meeting_date.label,
                "meeting_date",
                &mut plan.outcome.meeting_date,
                DATE_WIDTH,
            );
            ui.end_row();
            ui.label(t!("outcome-outcome"));
            ui.horizontal_wrapped(|ui| {
                for o in &spec.outcomes {
                    let selected = plan.outcome.outcome.as_deref() == Some(o.id.as_str());
                    if choice_button(
                        ui,
                        selected,
                        &o.label,
                        &t!("outcome-label", outcome = &o.label),
                    )
                    .clicked()
                    {
                        plan.outcome.outcome = if selected { None } else { Some(o.id.clone()) };
                    }
                }
            });
            ui.end_row();
            if entered || plan.outcome.entered.is_some() {
                ui.label(&w.entered.label);
                ui.horizontal(|ui| {
                    date_value(
                        ui,
                        &w.entered.label,
                        "entered",
                        &mut plan.outcome.entered,
                        DATE_WIDTH,
                    );
                    days_ui(ui, plan);
                });
                ui.end_row();
            }
            ui.label(&w.next_contact.label);
            date_value(
                ui,
                &w.next_contact.label,
                "next_contact",
                &mut plan.outcome.next_contact,
                DATE_WIDTH,
            );
            ui.end_row();
        });
    hinted_text_area(
        ui,
        &w.contingency.label,
        &w.contingency.label,
        &mut plan.outcome.contingency,
        &w.contingency.hint,
        2,
    );
    hinted_text_area(
        ui,
        &w.wellbeing.label,
        &w.wellbeing.label,
        &mut plan.outcome.wellbeing,
        &w.wellbeing.hint,
        2,
    );
}

const DATE_WIDTH: f32 = 100.0;

/// The days from first contact to treatment, when both dates are known.
fn days_ui(ui: &mut egui::Ui, plan: &FamilyPlan) {
    match plan.days_to_treatment() {
        Some(days) => {
            ui.label(
                RichText::new(t!("outcome-days", days = days))
                    .strong()
                    .color(theme::DONE),
            );
        }
        None if plan.outcome.entered.is_some() && plan.first_contact.is_some() => {
            ui.colored_label(theme::MISSING, t!("outcome-before-first-contact"));
        }
        None => {}
    }
}
