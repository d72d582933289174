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
