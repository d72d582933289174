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
use crate::t;
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
    /// The last take-home sheet written (its path), or why it could not be.
    sheet: Option<Result<std::path::PathBuf, String>>,
    /// The system viewer opening it, until it has exited.
    viewer: Option<std::process::Child>,
    /// Why the viewer could not open it.
    viewer_error: Option<String>,
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

/// The level of intervention given, one radio per level of the protocol (none: not shown).
fn level_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, changes: &mut Vec<Change>) {
    let levels = &cx.protocol.intervention_levels;
    if levels.is_empty() {
        return;
    }
    let current = cx.session.intervention_level.as_deref();
    ui.group(|ui| {
        ui.strong(t!("closure-level"));
        for level in levels {
            let selected = current == Some(level.id.as_str());
            let label = t!(
                "closure-level-choice",
                name = &level.name,
                duration = &level.duration
            );
            let radio = ui
                .add_enabled(cx.open, egui::RadioButton::new(selected, label))
                .on_hover_text(&level.description);
            if radio.clicked() && !selected {
                changes.push(Change::SetInterventionLevel(Some(level.id.clone())));
            }
        }
        if current.is_none() {
            ui.colored_label(theme::MISSING, t!("closure-level-missing"));
        }
    });
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
        if text_area(ui, &t!("closure-summary"), &mut d.summary, 2).changed() && open {
            changes.push(Change::SetSummary(d.summary.clone()));
        }
        let follow_up = match date_field(ui, &t!("closure-follow-up"), &mut d.follow_up) {
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
                    .add_enabled(
                        open,
                        egui::Button::new(t!("closure-in-weeks", weeks = weeks)),
                    )
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
                    egui::Button::new(t!("closure-rescreen", weeks = weeks, rule = title)),
                )
                .clicked()
            {
                let date = now.date_naive() + Duration::weeks(i64::from(weeks));
                d.follow_up = date.to_string();
                changes.push(Change::SetFollowUp(Some(date)));
            }
        }
    });
    level_ui(ui, cx, changes);
    sheet_ui(ui, cx, d, changes);
    let text = note::clinical_note(s, set, now);
    ui.group(|ui| {
        ui.horizontal(|ui| {
            ui.strong(t!("closure-note"));
            if ui.button(t!("closure-copy-note")).clicked() {
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
                RichText::new(t!("closure-answer-flags"))
                    .strong()
                    .size(16.0),
            );
            ui.label(t!("closure-answer-flags-why"));
            safety::unanswered_ui(ui, cx, safety_draft, changes);
        });
        ui.add_enabled(false, egui::Button::new(t!("closure-close")))
            .on_disabled_hover_text(t!("closure-answer-flags"));
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
                && ui.button(t!("closure-go-to", step = &step.title)).clicked()
            {
                changes.push(Change::EnterStep(step.id.clone()));
            }
        });
        ui.add_enabled(false, egui::Button::new(t!("closure-close")))
            .on_disabled_hover_text(t!("closure-safety-plan-first"));
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
    let missing_components: Vec<&str> = crate::credit::deliveries(protocol, s)
        .into_iter()
        .filter(|(_, d)| d.is_none())
        .map(|(c, _)| c.name.as_str())
        .collect();
    if !d.close_open {
        if ui.button(t!("closure-close")).clicked() {
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
        ui.strong(t!("closure-before-closing"));
        if !missing_steps.is_empty() {
            ui.colored_label(
                theme::MISSING,
                t!("closure-steps-not-done", steps = missing_steps.join(", ")),
            );
        }
        if !missing_components.is_empty() {
            ui.colored_label(
                theme::MISSING,
                t!(
                    "closure-components-not-delivered",
                    components = missing_components.join(", ")
                ),
            );
        }
        match reason_form(
            ui,
            &t!("closure-reason"),
            &mut d.close_reason,
            &t!("closure-close-anyway"),
            &t!("closure-keep-working"),
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
            text_field(
                ui,
                &t!("closure-export-to"),
                &mut d.fhir_path,
                "bundle.json",
            );
        });
        ui.horizontal(|ui| {
            let button = ui
                .add_enabled(!cx.open, egui::Button::new(t!("closure-export-fhir")))
                .on_disabled_hover_text(t!("closure-export-fhir-closed-first"));
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
                    Ok(notes) if notes.is_empty() => (
                        true,
                        t!("closure-fhir-written", path = path.display().to_string()),
                    ),
                    Ok(notes) => (
                        true,
                        t!(
                            "closure-fhir-written-notes",
                            path = path.display().to_string(),
                            notes = notes.join("; ")
                        ),
                    ),
                    Err(e) => (false, t!("closure-not-exported", error = e.to_string())),
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
/// "Take-home sheet…": writes the sheet as a PDF (0600) to the sheets folder, records that it
/// was given, and opens it with the system's viewer; shows where it went, or what failed.
fn sheet_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, d: &mut Draft, changes: &mut Vec<Change>) {
    if cx.protocol.handout.is_none() {
        return;
    }
    let s = cx.session;
    ui.group(|ui| {
        ui.horizontal_wrapped(|ui| {
            let clicked = ui
                .button(RichText::new(t!("closure-sheet")).size(16.0))
                .on_hover_text(t!("closure-sheet-hover"))
                .clicked();
            if let Some(given) = s.handouts.last() {
                ui.weak(t!(
                    "closure-sheet-given",
                    time = crate::i18n::current().time(&given.time)
                ));
            }
            if !clicked {
                return;
            }
            let Some(dir) = &cx.handouts.dir else {
                d.sheet = Some(Err(t!("closure-sheet-no-folder")));
                return;
            };
            let path = dir.join(crate::handout::file_name(&s.id));
            match crate::handout::save(s, cx.set, &path) {
                Ok(()) => {
                    if cx.open {
                        changes.push(Change::GiveHandout {
                            step: s.current_step.clone(),
                        });
                    }
                    d.viewer_error = None;
                    d.viewer = None;
                    if cx.handouts.open {
                        match open_with_viewer(&path) {
                            Ok(child) => d.viewer = Some(child),
                            Err(e) => d.viewer_error = Some(e),
                        }
                    }
                    d.sheet = Some(Ok(path));
                }
                Err(e) => d.sheet = Some(Err(e.to_string())),
            }
        });
        if let Some(child) = &mut d.viewer {
            match child.try_wait() {
                Ok(Some(status)) if !status.success() => {
                    d.viewer_error = Some(t!("closure-viewer-exited", status = status.to_string()));
                    d.viewer = None;
                }
                Ok(Some(_)) => d.viewer = None,
                Ok(None) => ui
                    .ctx()
                    .request_repaint_after(std::time::Duration::from_millis(250)),
                Err(e) => {
                    d.viewer_error = Some(e.to_string());
                    d.viewer = None;
                }
            }
        }
        match &d.sheet {
            Some(Ok(path)) => {
                ui.label(t!(
                    "closure-sheet-written",
                    path = path.display().to_string()
                ));
            }
            Some(Err(e)) => {
                ui.colored_label(theme::ERROR_BG, t!("closure-sheet-failed", error = e));
            }
            None => {}
        }
        if let Some(e) = &d.viewer_error {
            ui.colored_label(theme::MISSING, t!("closure-viewer-failed", error = e));
        }
    });
}

/// Opens a file with the system's viewer (xdg-open, open, or start).
fn open_with_viewer(path: &std::path::Path) -> Result<std::process::Child, String> {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(path)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())
}
