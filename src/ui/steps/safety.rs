//! The safety panel: one block per raised safety flag, framed in its severity's colour, with
//! what raised it, what the clinician must do, what to tell the patient, the advice points to
//! tick, and the response ("Advice given", or "Not given" and why). An answered flag folds to
//! one line that stays on screen. The closing step reuses the response row for the flags still
//! unanswered.
//!
//! Everything said here comes from the protocol's safety rules; the session holds the flags
//! (`Session::safety`, kept in step by `Session::apply_in`).

use std::collections::{BTreeMap, BTreeSet};

use egui::{RichText, Stroke};

use super::context::StepContext;
use crate::protocol::{SafetyRule, Severity};
use crate::session::{Change, SafetyFlag, SafetyOutcome};
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::{labelled_button, labelled_checkbox, named_text_area};

/// What is being typed or ticked for each flag, by rule id.
#[derive(Default)]
pub struct Draft {
    flags: BTreeMap<String, FlagDraft>,
}

/// One flag's form.
#[derive(Default)]
struct FlagDraft {
    /// Advice point ids ticked.
    ticked: BTreeSet<String>,
    /// The note sent with "Advice given".
    note: String,
    /// The "not given" form is open.
    not_given: bool,
    /// Why it was not given.
    reason: String,
    /// An answered flag opened again to change its response.
    changing: bool,
}

/// The session's raised flags with their rules, most severe first (protocol order within a
/// severity). A flag whose rule the protocol no longer has is left out: `apply_in` clears it.
pub fn active<'a>(cx: &StepContext<'a>) -> Vec<(&'a SafetyFlag, &'a SafetyRule)> {
    let mut flags: Vec<(usize, &SafetyFlag, &SafetyRule)> = cx
        .session
        .safety
        .iter()
        .filter(|f| f.is_active())
        .filter_map(|f| {
            let (i, rule) = cx
                .protocol
                .safety
                .iter()
                .enumerate()
                .find(|(_, r)| r.id == f.rule)?;
            Some((i, f, rule))
        })
        .collect();
    flags.sort_by_key(|(i, _, rule)| (std::cmp::Reverse(rule.severity), *i));
    flags.into_iter().map(|(_, f, r)| (f, r)).collect()
}

/// The panel: nothing when no flag is raised.
pub fn panel_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, d: &mut Draft, changes: &mut Vec<Change>) {
    let flags = active(cx);
    let Some(worst) = flags.iter().map(|(_, r)| r.severity).max() else {
        return;
    };
    let unanswered = flags.iter().filter(|(f, _)| f.is_unanswered()).count();
    let heading = match (flags.len(), unanswered) {
        (1, 0) => t!("safety-heading-one-answered"),
        (n, 0) => t!("safety-heading-all-answered", n = n),
        (1, _) => t!("safety-heading-one"),
        (n, u) => t!("safety-heading", n = n, unanswered = u),
    };
    ui.label(
        RichText::new(heading)
            .strong()
            .size(17.0)
            .color(theme::severity_color(worst)),
    );
    for (flag, rule) in flags {
        let fd = d.flags.entry(rule.id.clone()).or_default();
        block_ui(ui, cx, flag, rule, fd, changes);
        ui.add_space(4.0);
    }
}

/// The flags still unanswered, each with its response row, for the closing step. Returns how
/// many are unanswered.
pub fn unanswered_ui(
    ui: &mut egui::Ui,
    cx: &StepContext<'_>,
    d: &mut Draft,
    changes: &mut Vec<Change>,
) -> usize {
    let flags: Vec<_> = active(cx)
        .into_iter()
        .filter(|(f, _)| f.is_unanswered())
        .collect();
    for (flag, rule) in &flags {
        let color = theme::severity_color(rule.severity);
        egui::Frame::new()
            .stroke(Stroke::new(2.0, color))
            .inner_margin(6.0)
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(RichText::new(&rule.title).strong().color(color));
                if cx.open {
                    let fd = d.flags.entry(rule.id.clone()).or_default();
                    let place = format!(" {}", t!("safety-before-closing"));
                    response_ui(ui, flag, rule, fd, changes, &place);
                }
            });
    }
    flags.len()
}

fn block_ui(
    ui: &mut egui::Ui,
    cx: &StepContext<'_>,
    flag: &SafetyFlag,
    rule: &SafetyRule,
    fd: &mut FlagDraft,
    changes: &mut Vec<Change>,
) {
    let color = theme::severity_color(rule.severity);
    let answered = flag.response.is_some() && !(fd.changing && cx.open);
    egui::Frame::new()
        .stroke(Stroke::new(if answered { 1.5 } else { 3.0 }, color))
        .fill(theme::severity_fill(rule.severity, ui.visuals().dark_mode))
        .corner_radius(4.0)
        .inner_margin(8.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            if answered {
                answered_line(ui, cx, flag, rule, fd);
                return;
            }
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    RichText::new(severity_word(rule.severity))
                        .strong()
                        .color(color),
                );
                ui.label(RichText::new(&rule.title).strong().size(16.0));
            });
            if !flag.from.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(t!("safety-raised-by")).strong());
                    ui.label(flag.from.join("; "));
                });
            }
            ui.add_space(2.0);
            let strong = ui.visuals().strong_text_color();
            ui.label(RichText::new(t!("safety-must-do")).strong());
            ui.label(RichText::new(&rule.clinician).color(strong));
            ui.add_space(2.0);
            ui.label(RichText::new(t!("safety-tell-patient")).strong());
            ui.label(RichText::new(&rule.patient).size(16.0).color(strong));
            if !rule.advice.is_empty() {
                ui.add_space(2.0);
                ui.label(RichText::new(t!("safety-tick-points")).strong());
                for point in &rule.advice {
                    let mut on = fd.ticked.contains(&point.id);
                    if labelled_checkbox(ui, cx.open, &mut on, &point.text, &point.text).changed() {
                        if on {
                            fd.ticked.insert(point.id.clone());
                        } else {
                            fd.ticked.remove(&point.id);
                        }
                    }
                }
            }
            if cx.open {
                ui.add_space(2.0);
                response_ui(ui, flag, rule, fd, changes, "");
            } else if flag.response.is_none() {
                ui.colored_label(theme::MISSING, t!("safety-no-response"));
            }
        });
}

/// A severity as the flag's block heads it: "URGENT".
fn severity_word(severity: Severity) -> String {
    match severity {
        Severity::Advisory => t!("safety-severity-advisory"),
        Severity::Warning => t!("safety-severity-warning"),
        Severity::Urgent => t!("safety-severity-urgent"),
    }
}

/// "Answered: advice given 10:42" or "Not given: reason", with "Change…" while the session is open.
fn answered_line(
    ui: &mut egui::Ui,
    cx: &StepContext<'_>,
    flag: &SafetyFlag,
    rule: &SafetyRule,
    fd: &mut FlagDraft,
) {
    let Some(response) = &flag.response else {
        return;
    };
    let time = crate::i18n::current().time(&response.time);
    ui.horizontal_wrapped(|ui| {
        ui.label(
            RichText::new(&rule.title)
                .strong()
                .color(theme::severity_color(rule.severity)),
        );
        match &response.outcome {
            SafetyOutcome::Given { advice, note } => {
                let points = if advice.is_empty() || rule.advice.is_empty() {
                    String::new()
                } else {
                    format!(
                        " {}",
                        t!(
                            "safety-points-of",
                            given = advice.len(),
                            total = rule.advice.len()
                        )
                    )
                };
                ui.colored_label(
                    theme::ANSWERED,
                    RichText::new(t!("safety-answered-given", time = &time, points = points))
                        .strong(),
                );
                if let Some(note) = note {
                    ui.weak(note);
                }
            }
            SafetyOutcome::NotGiven { reason } => {
                ui.colored_label(
                    theme::MISSING,
                    RichText::new(t!(
                        "safety-answered-not-given",
                        reason = reason,
                        time = &time
                    ))
                    .strong(),
                );
            }
        }
        if cx.open
            && labelled_button(
                ui,
                true,
                &t!("safety-change"),
                &t!("safety-change-label", title = &rule.title),
            )
            .clicked()
        {
            // Start from the response as recorded.
            fd.changing = true;
            fd.not_given = false;
            match &response.outcome {
                SafetyOutcome::Given { advice, note } => {
                    fd.ticked = advice.iter().cloned().collect();
                    fd.note = note.clone().unwrap_or_default();
                }
                SafetyOutcome::NotGiven { reason } => fd.reason.clone_from(reason),
            }
        }
    });
}

/// The response row: "Advice given", "Not given…", the note, and the reason form. `place` tells
/// the accessible names apart where the row is drawn twice.
fn response_ui(
    ui: &mut egui::Ui,
    flag: &SafetyFlag,
    rule: &SafetyRule,
    fd: &mut FlagDraft,
    changes: &mut Vec<Change>,
    place: &str,
) {
    let title = &rule.title;
    ui.horizontal_wrapped(|ui| {
        if labelled_button(
            ui,
            !fd.not_given,
            &t!("safety-advice-given"),
            &t!("safety-advice-given-label", place = place, title = title),
        )
        .clicked()
        {
            let advice = rule
                .advice
                .iter()
                .filter(|p| fd.ticked.contains(&p.id))
                .map(|p| p.id.clone())
                .collect();
            let note = fd.note.trim();
            changes.push(Change::RespondSafety {
                rule: rule.id.clone(),
                outcome: SafetyOutcome::Given {
                    advice,
                    note: (!note.is_empty()).then(|| note.to_owned()),
                },
            });
            fd.changing = false;
        }
        if !fd.not_given
            && labelled_button(
                ui,
                true,
                &t!("safety-not-given"),
                &t!("safety-not-given-label", place = place, title = title),
            )
            .clicked()
        {
            fd.not_given = true;
        }
        if fd.changing
            && flag.response.is_some()
            && labelled_button(
                ui,
                true,
                &t!("safety-keep"),
                &t!("safety-keep-label", place = place, title = title),
            )
            .clicked()
        {
            fd.changing = false;
            fd.not_given = false;
        }
        if !fd.not_given {
            ui.label(t!("safety-note"));
            let response = ui.add(
                egui::TextEdit::singleline(&mut fd.note)
                    .desired_width(ui.available_width().min(360.0)),
            );
            let (name, value) = (
                t!("safety-note-label", place = place, title = title),
                fd.note.clone(),
            );
            response.widget_info(|| {
                let mut info = egui::WidgetInfo::text_edit(true, &value, &value, "");
                info.label = Some(name.clone());
                info
            });
        }
    });
    if fd.not_given {
        named_text_area(
            ui,
            &t!("safety-why-not-given"),
            &t!("safety-why-not-given-label", place = place, title = title),
            &mut fd.reason,
            2,
        );
        ui.horizontal(|ui| {
            let ready = !fd.reason.trim().is_empty();
            if labelled_button(
                ui,
                ready,
                &t!("safety-record-reason"),
                &t!("safety-record-reason-label", place = place, title = title),
            )
            .clicked()
            {
                changes.push(Change::RespondSafety {
                    rule: rule.id.clone(),
                    outcome: SafetyOutcome::NotGiven {
                        reason: fd.reason.trim().to_owned(),
                    },
                });
                fd.not_given = false;
                fd.changing = false;
            }
            if labelled_button(
                ui,
                true,
                &t!("safety-cancel"),
                &t!("safety-cancel-label", place = place, title = title),
            )
            .clicked()
            {
                fd.not_given = false;
            }
        });
    }
}
