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
use crate::protocol::SafetyRule;
use crate::session::{Change, SafetyFlag, SafetyOutcome};
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
        (1, 0) => "Safety flag (answered)".to_owned(),
        (n, 0) => format!("Safety flags: {n} (all answered)"),
        (1, _) => "Safety flag: read this before going on".to_owned(),
        (n, u) => format!("Safety flags: {n} ({u} to answer): read these before going on"),
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
                    response_ui(ui, flag, rule, fd, changes, " (before closing)");
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
                    RichText::new(rule.severity.name().to_uppercase())
                        .strong()
                        .color(color),
                );
                ui.label(RichText::new(&rule.title).strong().size(16.0));
            });
            if !flag.from.is_empty() {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new("What raised it:").strong());
                    ui.label(flag.from.join("; "));
                });
            }
            ui.add_space(2.0);
            let strong = ui.visuals().strong_text_color();
            ui.label(RichText::new("What you must do").strong());
            ui.label(RichText::new(&rule.clinician).color(strong));
            ui.add_space(2.0);
            ui.label(RichText::new("Tell the patient").strong());
            ui.label(RichText::new(&rule.patient).size(16.0).color(strong));
            if !rule.advice.is_empty() {
                ui.add_space(2.0);
                ui.label(RichText::new("Advice given (tick each point)").strong());
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
                ui.colored_label(theme::MISSING, "No response was recorded.");
            }
        });
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
    let time = response.time.format("%H:%M");
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
                    format!(" ({} of {} points)", advice.len(), rule.advice.len())
                };
                ui.colored_label(
                    theme::ANSWERED,
                    RichText::new(format!("Answered: advice given {time}{points}")).strong(),
                );
                if let Some(note) = note {
                    ui.weak(note);
                }
            }
            SafetyOutcome::NotGiven { reason } => {
                ui.colored_label(
                    theme::MISSING,
                    RichText::new(format!("Not given: {reason} ({time})")).strong(),
                );
            }
        }
        if cx.open
            && labelled_button(
                ui,
                true,
                "Change…",
                &format!("Change response: {}", rule.title),
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
            "Advice given",
            &format!("Advice given{place}: {title}"),
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
                "Not given…",
                &format!("Not given{place}: {title}"),
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
                "Keep the response",
                &format!("Keep the response{place}: {title}"),
            )
            .clicked()
        {
            fd.changing = false;
            fd.not_given = false;
        }
        if !fd.not_given {
            ui.label("Note (optional)");
            let response = ui.add(
                egui::TextEdit::singleline(&mut fd.note)
                    .desired_width(ui.available_width().min(360.0)),
            );
            let (name, value) = (format!("Safety note{place}: {title}"), fd.note.clone());
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
            "Why was the advice not given?",
            &format!("Reason not given{place}: {title}"),
            &mut fd.reason,
            2,
        );
        ui.horizontal(|ui| {
            let ready = !fd.reason.trim().is_empty();
            if labelled_button(
                ui,
                ready,
                "Record reason",
                &format!("Record reason{place}: {title}"),
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
            if labelled_button(ui, true, "Cancel", &format!("Cancel{place}: {title}")).clicked() {
                fd.not_given = false;
            }
        });
    }
}
