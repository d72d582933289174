//! The feedback step: each screening's score, zone and what to tell the patient, with the
//! zones as a picture and the score marked; then the low-risk limits for the patient's
//! profile, and the drinks a week the answers point to against the weekly limit (not drawn
//! where the limits are held back: then it says why). It has no draft: it only shows.

use std::fmt::Write as _;

use egui::RichText;

use super::context::StepContext;
use super::pictures;
use crate::feedback;
use crate::protocol::StepKind;
use crate::scoring::LimitsAdvice;
use crate::stepped;
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
    let words = cx.protocol.handout.as_ref().map(|h| &h.risk_words);
    let folded = stepped::folded(cx.set, &s.screenings);
    for (i, screening) in s.screenings.iter().enumerate() {
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
            for f in folded.iter().filter(|f| f.short == i || f.full == i) {
                let items = stepped::item_numbers(f.link.full, f.link.link);
                ui.weak(format!(
                    "{} items {items} are the {} (answered once, counted once)",
                    f.link.full.short_name, f.link.short.short_name
                ));
            }
            let substance = screening.substance.as_deref();
            if let Some(zone) = ins.zones.iter().find(|z| z.id == result.zone) {
                ui.label(
                    RichText::new(zone.feedback_for(&s.profile, substance))
                        .italics()
                        .size(16.0),
                );
            }
            if let Some(scale) = feedback::zone_scale(ins, screening, &s.profile) {
                let scale = scale.by_risk();
                let labels = feedback::labels(&scale, words);
                ui.add_space(4.0);
                pictures::zone_bar(ui, &scale, &labels, &format!("{} zones", ins.short_name));
            }
            ui.label(format!("Recommended: {}", result.action));
            let risks = substance
                .and_then(|id| ins.substances.iter().find(|x| x.id == id))
                .map(|x| x.risks.as_slice())
                .unwrap_or_default();
            if !risks.is_empty() {
                ui.label(RichText::new("Regular use is linked to:").strong());
                for risk in risks {
                    ui.label(format!("• {risk}"));
                }
            }
        });
    }
    limits_ui(ui, cx);
}

/// The limits box: the limit for this patient, or what is said instead of any limit; then the
/// patient's drinks a week against it.
fn limits_ui(ui: &mut egui::Ui, cx: &StepContext<'_>) {
    let (s, limits) = (cx.session, &cx.protocol.low_risk_limits);
    ui.group(|ui| {
        ui.strong("Low-risk limits");
        let instead = |ui: &mut egui::Ui, text: &str| {
            // Said instead of any limit: in large type, framed, so it is not read as a footnote.
            egui::Frame::new()
                .stroke(egui::Stroke::new(
                    2.0,
                    theme::severity_color(crate::protocol::Severity::Warning),
                ))
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(RichText::new(text).size(16.0).strong());
                });
        };
        match cx.advice.limits {
            LimitsAdvice::Limits(limit) => {
                ui.label(&limit.text);
                ui.weak(&limits.standard_drink);
            }
            LimitsAdvice::Pregnancy(text) | LimitsAdvice::Underage(text) => instead(ui, text),
            LimitsAdvice::AgeNeeded => {
                ui.colored_label(
                    theme::MISSING,
                    "Record the patient's age to see the limits that apply (Edit profile… at the top).",
                );
            }
            LimitsAdvice::WithheldBy(title) => {
                ui.colored_label(theme::MISSING, format!("Not shown: {title}"));
            }
            LimitsAdvice::None => {
                ui.weak("The protocol has no limit for this patient's profile.");
            }
        }
        // While pregnancy has not been asked, the pregnancy advice stays beside the limits for
        // those the protocol names (better said once too often than missed).
        let asked = cx
            .protocol
            .pregnancy_question
            .as_ref()
            .is_none_or(|q| q.is_asked_of(&s.profile));
        if s.profile.pregnancy.is_not_asked()
            && asked
            && limits.pregnancy_applies(s.profile.sex)
            && !matches!(cx.advice.limits, LimitsAdvice::Pregnancy(_))
        {
            ui.label("Pregnancy not asked yet: if the patient is pregnant or trying to conceive,");
            ui.label(RichText::new(&limits.pregnancy).strong());
        }
        drinking_ui(ui, cx);
    });
}

/// The drinks a week and on a drinking day that the answers point to, and the picture of the
/// week against the limit, or why it is not drawn.
fn drinking_ui(ui: &mut egui::Ui, cx: &StepContext<'_>) {
    let Some(est) = feedback::first_estimate(cx.set, &cx.session.screenings) else {
        return;
    };
    ui.add_space(6.0);
    let week = feedback::range_words(est.week());
    let mut line = format!(
        "From the {} answers: about {week} drinks a week",
        est.instrument.short_name
    );
    if let Some(day) = est.day {
        write!(line, ", {} on a drinking day", feedback::range_words(day)).ok();
    }
    if let Some(heavy) = est.heavy {
        write!(line, ", {heavy} or more on a heavy day").ok();
    }
    ui.label(RichText::new(line).size(16.0).strong());
    if let Some(drink) = &est.instrument.drink {
        ui.weak(format!("Counted in the form's drinks: {}", drink.text));
    }
    match (
        feedback::drink_scale(&est, &cx.advice.limits),
        cx.advice.limits,
    ) {
        (Some(scale), _) => {
            pictures::drinks_bar(
                ui,
                &scale,
                &format!("About {week} a week"),
                "Drinks a week against the weekly limit",
            );
        }
        (None, LimitsAdvice::WithheldBy(why)) => {
            ui.colored_label(theme::MISSING, format!("No limit drawn: {why}"));
        }
        (None, LimitsAdvice::Pregnancy(_)) => {
            ui.colored_label(
                theme::MISSING,
                "No limit drawn: no amount is low-risk in pregnancy",
            );
        }
        (None, LimitsAdvice::Underage(_)) => {
            ui.colored_label(
                theme::MISSING,
                "No limit drawn: no amount is low-risk below the drinking age",
            );
        }
        (None, LimitsAdvice::AgeNeeded) => {
            ui.colored_label(theme::MISSING, "No limit drawn until the age is recorded");
        }
        (None, _) => {}
    }
}
