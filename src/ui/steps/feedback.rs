//! The feedback step: each screening's score, zone and what to tell the patient, then the
//! low-risk limits for the patient's profile. It has no draft: it only shows.

use egui::RichText;

use super::context::StepContext;
use crate::protocol::StepKind;
use crate::ui::theme;

/// The results and the limits.
pub fn ui(ui: &mut egui::Ui, cx: &StepContext<'_>) {
    let s = cx.session;
    if s.screenings.is_empty() {
        let screen = cx
            .step_of_kind(StepKind::Screen)
            .map_or("screening", |st| st.short_title.as_str())
            .to_lowercase();
        ui.colored_label(
            theme::MISSING,
            format!(
                "No screening recorded yet: go back to the {screen} step to give an instrument."
            ),
        );
    }
    for screening in &s.screenings {
        let Some(ins) = cx.set.instrument(&screening.instrument) else {
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
    let limits = &cx.protocol.low_risk_limits;
    ui.group(|ui| {
        ui.strong("Low-risk limits");
        if let Some(limit) = limits.for_profile(&s.profile) {
            ui.label(&limit.text);
        }
        ui.weak(&limits.standard_drink);
        if limits.pregnancy_applies(s.profile.sex) {
            ui.weak(&limits.pregnancy);
        }
    });
}
