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
