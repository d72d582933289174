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
use crate::t;
use crate::ui::theme;

/// The results and the limits.
pub fn ui(ui: &mut egui::Ui, cx: &StepContext<'_>) {
    let s = cx.session;
    if s.screenings.is_empty() {
        let screen = cx
            .step_of_kind(StepKind::Screen)
            .map_or_else(|| t!("feedback-screening"), |st| st.short_title.clone())
            .to_lowercase();
        ui.colored_label(theme::MISSING, t!("feedback-no-screening", screen = screen));
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
            let score = result.max_total.map_or_else(
                || t!("feedback-score", total = result.total),
                |m| t!("feedback-score-of", total = result.total, max = m),
            );
            ui.horizontal(|ui| {
                ui.strong(&ins.short_name);
                ui.label(score);
                ui.colored_label(
                    color,
                    RichText::new(t!(
                        "feedback-zone",
                        zone = &result.zone,
                        level = &result.level
                    ))
                    .strong(),
                );
            });
            for f in folded.iter().filter(|f| f.short == i || f.full == i) {
                let items = stepped::item_numbers(f.link.full, f.link.link);
                ui.weak(t!(
                    "feedback-shared-items",
                    full = &f.link.full.short_name,
                    items = items,
                    short = &f.link.short.short_name
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
                pictures::zone_bar(
                    ui,
                    &scale,
                    &labels,
                    &t!("feedback-zones", instrument = &ins.short_name),
                );
            }
            ui.label(t!("feedback-recommended", action = &result.action));
            let risks = substance
                .and_then(|id| ins.substances.iter().find(|x| x.id == id))
                .map(|x| x.risks.as_slice())
                .unwrap_or_default();
            if !risks.is_empty() {
                ui.label(RichText::new(t!("feedback-risks")).strong());
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
        ui.strong(t!("feedback-limits"));
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
                ui.colored_label(theme::MISSING, t!("feedback-age-needed"));
            }
            LimitsAdvice::WithheldBy(title) => {
                ui.colored_label(theme::MISSING, t!("feedback-not-shown", why = title));
            }
            LimitsAdvice::None => {
                ui.weak(t!("feedback-no-limit"));
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
            ui.label(t!("feedback-pregnancy-not-asked"));
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
    let mut line = t!(
        "feedback-drinks-week",
        instrument = &est.instrument.short_name,
        week = &week
    );
    if let Some(day) = est.day {
        write!(
            line,
            ", {}",
            t!("feedback-drinks-day", day = feedback::range_words(day))
        )
        .ok();
    }
    if let Some(heavy) = est.heavy {
        write!(line, ", {}", t!("feedback-drinks-heavy", heavy = heavy)).ok();
    }
    ui.label(RichText::new(line).size(16.0).strong());
    if let Some(drink) = &est.instrument.drink {
        ui.weak(t!("feedback-counted-in", drink = &drink.text));
    }
    match (
        feedback::drink_scale(&est, &cx.advice.limits),
        cx.advice.limits,
    ) {
        (Some(scale), _) => {
            pictures::drinks_bar(
                ui,
                &scale,
                &t!("feedback-about-week", week = &week),
                &t!("feedback-drinks-bar"),
            );
        }
        (None, LimitsAdvice::WithheldBy(why)) => {
            ui.colored_label(theme::MISSING, t!("feedback-no-limit-drawn", why = why));
        }
        (None, LimitsAdvice::Pregnancy(_)) => {
            ui.colored_label(theme::MISSING, t!("feedback-no-limit-pregnancy"));
        }
        (None, LimitsAdvice::Underage(_)) => {
            ui.colored_label(theme::MISSING, t!("feedback-no-limit-underage"));
        }
        (None, LimitsAdvice::AgeNeeded) => {
            ui.colored_label(theme::MISSING, t!("feedback-no-limit-age"));
        }

        (None, _) => {}
    }
}
