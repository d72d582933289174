//! The closing step: summary, follow-up date, the clinical note, and closing the session
//! (asking for a reason when steps or components are missing).

use chrono::Duration;
use egui::RichText;

use super::context::{StepContext, capitalised};
use super::safety;
use crate::fhir;
use crate::note;
use crate::protocol::StepKind;
use crate::session::{Change, ChangeError, Session, StepState};
use crate::ui::theme;
use crate::ui::widgets::{DateEdit, date_field, reason_form, text_area, text_field};

/// The summary and follow-up being typed, and the close form.
#[derive(Default)]
pub struct Draft {
    close_open: bool,
    close_reason: String,
    summary: String,
    follow_up: String,
    /// Where "Export FHIR bundle…" writes, and what happened last time.
    fhir_path: String,
    fhir_message: Option<(bool, String)>,
}

impl Draft {
    /// The summary and follow-up as the session holds them.
    pub fn from_session(s: &Session) -> Self {
        Self {
            summary: s.summary.clone(),
            follow_up: s.follow_up.map(|d| d.to_string()).unwrap_or_default(),
            fhir_path: fhir::default_export_dir()
                .map(|d| d.join(fhir::bundle_file_name(s)).display().to_string())
                .unwrap_or_default(),
            ..Self::default()
        }
    }
}

/// The closing form.
pub fn ui(
    ui: &mut egui::Ui,
    cx: &StepContext<'_>,
    d: &mut Draft,
    safety_draft: &mut safety::Draft,
    changes: &mut Vec<Change>,
) {
    let (set, protocol, s, now, open) = (cx.set, cx.protocol, cx.session, cx.now, cx.open);
    ui.group(|ui| {
        if text_area(ui, "Summary", &mut d.summary, 2).changed() && open {
            changes.push(Change::SetSummary(d.summary.clone()));
        }
        let follow_up = match date_field(ui, "Follow-up date", &mut d.follow_up) {
            DateEdit::Set(date) => Some(Some(date)),
            DateEdit::Cleared => Some(None),
            DateEdit::Unchanged => None,
        };
        if let Some(date) = follow_up.filter(|_| open) {
            changes.push(Change::SetFollowUp(date));
        }
        ui.horizontal(|ui| {
            for &weeks in &protocol.follow_up_weeks {
                if ui
                    .add_enabled(open, egui::Button::new(format!("In {weeks} weeks")))
                    .clicked()
                {
                    let date = now.date_naive() + Duration::weeks(i64::from(weeks));
                    d.follow_up = date.to_string();
                    changes.push(Change::SetFollowUp(Some(date)));
                }
            }
        });
        if let Some((weeks, title)) = cx.advice.rescreen {
            // A safety rule asks for an earlier re-screen than the usual intervals.
            if ui
                .add_enabled(
                    open,
                    egui::Button::new(format!("Re-screen in {weeks} weeks ({title})")),
                )
                .clicked()
            {
                let date = now.date_naive() + Duration::weeks(i64::from(weeks));
                d.follow_up = date.to_string();
                changes.push(Change::SetFollowUp(Some(date)));
            }
        }
    });
    let text = note::clinical_note(s, set, now);
    ui.group(|ui| {
        ui.horizontal(|ui| {
            ui.strong("Note");
            if ui.button("Copy note").clicked() {
                ui.ctx().copy_text(text.clone());
            }
        });
        ui.add(egui::Label::new(RichText::new(&text).monospace().size(11.0)).wrap());
    });
    fhir_ui(ui, cx, d);
    if open {
        close_ui(ui, cx, d, safety_draft, changes);
    }
}

fn close_ui(
    ui: &mut egui::Ui,
    cx: &StepContext<'_>,
    d: &mut Draft,
    safety_draft: &mut safety::Draft,
    changes: &mut Vec<Change>,
) {
    let (protocol, s) = (cx.protocol, cx.session);
    if safety::active(cx).iter().any(|(f, _)| f.is_unanswered()) {
        // `Session::apply_in` refuses to close with an unanswered flag: answer them here first.
        ui.group(|ui| {
            ui.colored_label(
                theme::MISSING,
                RichText::new("Answer the safety flags first").strong().size(16.0),
            );
            ui.label("Each raised flag needs a response before the session can close: advice given, or not given and why.");
            safety::unanswered_ui(ui, cx, safety_draft, changes);
        });
        ui.add_enabled(false, egui::Button::new("Close session…"))
            .on_disabled_hover_text("Answer the safety flags first");
        d.close_open = false;
        return;
    }
    if let (Some(spec), Some(plan)) = (&protocol.plan, &s.plan)
        && plan.needs_safety_plan(spec)
        && plan.safety_plan.trim().is_empty()
    {
        // `Session::apply_in` refuses to close without it: say so before the click.
        ui.group(|ui| {
            ui.colored_label(
                theme::MISSING,
                RichText::new(capitalised(&ChangeError::SafetyPlanMissing.to_string()))
                    .strong()
                    .size(16.0),
            );
            if let Some(step) = cx.step_of_kind(StepKind::FamilySafety)
                && ui.button(format!("Go to {}", step.title)).clicked()
            {
                changes.push(Change::EnterStep(step.id.clone()));
            }
        });
        ui.add_enabled(false, egui::Button::new("Close session…"))
            .on_disabled_hover_text("Write the safety plan first");
        d.close_open = false;
        return;
    }
    let missing_steps: Vec<&str> = protocol
        .steps
        .iter()
        .filter(|st| st.id != s.current_step)
        .filter(|st| {
            !s.step(&st.id)
                .is_some_and(|r| matches!(r.state, StepState::Done | StepState::Skipped { .. }))
        })
        .map(|st| st.short_title.as_str())
        .collect();
    let missing_components: Vec<&str> = protocol
        .components
        .iter()
        .filter(|c| s.first_delivery(&c.id).is_none())
        .map(|c| c.name.as_str())
        .collect();
    if !d.close_open {
        if ui.button("Close session…").clicked() {
            if missing_steps.is_empty() && missing_components.is_empty() {
                changes.extend(s.complete_current_step());
                changes.push(Change::Close { reason: None });
            } else {
                d.close_open = true;
            }
        }
        return;
    }
    ui.group(|ui| {
        ui.strong("Before closing");
        if !missing_steps.is_empty() {
            ui.colored_label(
                theme::MISSING,
                format!("Steps not done: {}", missing_steps.join(", ")),
            );
        }
        if !missing_components.is_empty() {
            ui.colored_label(
                theme::MISSING,
                format!(
                    "Components not delivered: {}",
                    missing_components.join(", ")
                ),
            );
        }
        match reason_form(
            ui,
            "Reason for closing anyway",
            &mut d.close_reason,
            "Close anyway",
            "Keep working",
        ) {
            Some(true) => {
                changes.extend(s.complete_current_step());
                changes.push(Change::Close {
                    reason: Some(d.close_reason.trim().to_owned()),
                });
                d.close_open = false;
            }
            Some(false) => d.close_open = false,
            None => {}
        }
    });
}

/// "Export FHIR bundle…": the closed session as a FHIR R4 transaction bundle, written to the path
/// in the field (outside the data folder), and where it went.
fn fhir_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, d: &mut Draft) {
    ui.group(|ui| {
        ui.horizontal(|ui| {
            text_field(ui, "Export to", &mut d.fhir_path, "bundle.json");
        });
        ui.horizontal(|ui| {
            let button = ui
                .add_enabled(!cx.open, egui::Button::new("Export FHIR bundle…"))
                .on_disabled_hover_text(
                    "Close the session first: the bundle records the intervention as done",
                );
            if button.clicked() {
                let path = std::path::PathBuf::from(d.fhir_path.trim());
                let written = fhir::write_bundle(
                    &path,
                    cx.session,
                    cx.set,
                    fhir::Options::default(),
                    Some(cx.data_folder),
                );
                d.fhir_message = Some(match written {
                    Ok(notes) if notes.is_empty() => {
                        (true, format!("FHIR bundle written to {}", path.display()))
                    }
                    Ok(notes) => (
                        true,
                        format!(
                            "FHIR bundle written to {} ({})",
                            path.display(),
                            notes.join("; ")
                        ),
                    ),
                    Err(e) => (false, format!("Not exported: {e}")),
                });
            }
            match &d.fhir_message {
                Some((true, m)) => {
                    ui.label(m);
                }
                Some((false, m)) => {
                    ui.colored_label(theme::MISSING, m);
                }
                None => {}
            }
        });
    });
}
