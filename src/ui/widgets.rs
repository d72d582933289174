//! House widgets: buttons whose accessible name says which item they answer.

use egui::{Response, Role, Ui, WidgetInfo};

/// A selectable button showing `text`, announced (and found by tests) as `label`.
pub fn choice_button(ui: &mut Ui, selected: bool, text: &str, label: &str) -> Response {
    let response = ui.add(egui::Button::selectable(selected, text));
    let label = label.to_owned();
    response.widget_info(|| WidgetInfo::selected(Role::Button, true, selected, label.clone()));
    response
}

/// A plain button showing `text`, announced as `label`.
pub fn labelled_button(ui: &mut Ui, enabled: bool, text: &str, label: &str) -> Response {
    let response = ui.add_enabled(enabled, egui::Button::new(text));
    let label = label.to_owned();
    response.widget_info(|| WidgetInfo::labeled(Role::Button, enabled, label.clone()));
    response
}

/// A single-line text field with a visible label that is also its accessible name.
pub fn text_field(ui: &mut Ui, label: &str, value: &mut String, hint: &str) -> Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        ui.add(
            egui::TextEdit::singleline(value)
                .hint_text(hint)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id)
    })
    .inner
}

/// A multi-line text field with a visible label that is also its accessible name.
pub fn text_area(ui: &mut Ui, label: &str, value: &mut String, rows: usize) -> Response {
    let l = ui.label(label);
    ui.add(
        egui::TextEdit::multiline(value)
            .desired_rows(rows)
            .desired_width(f32::INFINITY),
    )
    .labelled_by(l.id)
}

/// A reason field with a confirm button that stays disabled until a reason is typed, and a
/// cancel button. Returns `Some(true)` on confirm, `Some(false)` on cancel.
pub fn reason_form(
    ui: &mut Ui,
    label: &str,
    reason: &mut String,
    confirm: &str,
    cancel: &str,
) -> Option<bool> {
    let l = ui.label(label);
    ui.add(egui::TextEdit::multiline(reason).desired_rows(2))
        .labelled_by(l.id);
    ui.horizontal(|ui| {
        let ready = !reason.trim().is_empty();
        if ui.add_enabled(ready, egui::Button::new(confirm)).clicked() {
            Some(true)
        } else if ui.button(cancel).clicked() {
            Some(false)
        } else {
            None
        }
    })
    .inner
}

/// What happened to a date field this frame.
pub enum DateEdit {
    /// Nothing (or not a valid date yet).
    Unchanged,
    /// Emptied.
    Cleared,
    /// A valid date entered.
    Set(chrono::NaiveDate),
}

/// A date typed as YYYY-MM-DD.
pub fn date_field(ui: &mut Ui, label: &str, text: &mut String) -> DateEdit {
    let changed = text_field(ui, label, text, "YYYY-MM-DD").changed();
    let parsed = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d");
    if !text.trim().is_empty() && parsed.is_err() {
        ui.colored_label(super::theme::MISSING, "Write the date as YYYY-MM-DD");
    }
    match (changed, text.trim().is_empty(), parsed) {
        (false, _, _) | (true, false, Err(_)) => DateEdit::Unchanged,
        (true, true, _) => DateEdit::Cleared,
        (true, false, Ok(date)) => DateEdit::Set(date),
    }
}

/// A multi-line text field showing the short label `text` and announced (and found by tests)
/// as `name`, for forms drawn once per item (a reason per safety flag).
pub fn named_text_area(
    ui: &mut Ui,
    text: &str,
    name: &str,
    value: &mut String,
    rows: usize,
) -> Response {
    ui.label(text);
    let response = ui.add(
        egui::TextEdit::multiline(value)
            .desired_rows(rows)
            .desired_width(f32::INFINITY),
    );
    let (name, current) = (name.to_owned(), value.clone());
    response.widget_info(|| {
        let mut info = WidgetInfo::text_edit(true, &current, &current, "");
        info.role = Role::MultilineTextInput;
        info.label = Some(name.clone());
        info
    });
    response
}

/// A checkbox showing `text`, announced as `label`.
pub fn labelled_checkbox(
    ui: &mut Ui,
    enabled: bool,
    on: &mut bool,
    text: &str,
    label: &str,
) -> Response {
    let response = ui.add_enabled(enabled, egui::Checkbox::new(on, text));
    let (label, selected) = (label.to_owned(), *on);
    response.widget_info(|| WidgetInfo::selected(Role::CheckBox, enabled, selected, label.clone()));
    response
}
