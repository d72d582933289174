//! House widgets: buttons whose accessible name says which item they answer.

use egui::{Response, Role, Ui, WidgetInfo};

use crate::t;

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
    let changed = text_field(ui, label, text, &t!("widget-date-hint")).changed();
    let parsed = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d");
    if !text.trim().is_empty() && parsed.is_err() {
        ui.colored_label(super::theme::MISSING, t!("widget-date-invalid"));
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

/// A single-line text field of a given width with no visible label, announced (and found by
/// tests) as `name`: for a cell of a table (a participant's name, an incident's text).
pub fn named_text_field(
    ui: &mut Ui,
    name: &str,
    value: &mut String,
    hint: &str,
    width: f32,
) -> Response {
    let response = ui.add(
        egui::TextEdit::singleline(value)
            .hint_text(hint)
            .desired_width(width),
    );
    announce_text(&response, name, value, Role::TextInput);
    response
}

/// A multi-line text field with the visible label `text`, a hint, and the accessible name
/// `name` (for forms drawn once per item: a statement's parts per speaker).
pub fn hinted_text_area(
    ui: &mut Ui,
    text: &str,
    name: &str,
    value: &mut String,
    hint: &str,
    rows: usize,
) -> Response {
    ui.label(text);
    let response = ui.add(
        egui::TextEdit::multiline(value)
            .hint_text(hint)
            .desired_rows(rows)
            .desired_width(f32::INFINITY),
    );
    announce_text(&response, name, value, Role::MultilineTextInput);
    response
}

fn announce_text(response: &Response, name: &str, value: &str, role: Role) {
    let (name, current) = (name.to_owned(), value.to_owned());
    response.widget_info(|| {
        let mut info = WidgetInfo::text_edit(true, &current, &current, "");
        info.role = role;
        info.label = Some(name.clone());
        info
    });
}

/// The text of a [`date_value`] field, kept while it is typed (and while it is not a date).
#[derive(Clone, Default)]
struct DateText {
    text: String,
    /// The date the text was last in step with.
    shown: Option<chrono::NaiveDate>,
}

/// A date field bound to an optional date, typed as YYYY-MM-DD, `width` wide, announced as
/// `name`. The text is kept in egui's memory while it is typed, so a half-typed or wrong date
/// stays on screen (with a hint) and the date keeps its last valid value. Returns true when the
/// date changed (a valid date typed, or the field emptied).
pub fn date_value(
    ui: &mut Ui,
    name: &str,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    value: &mut Option<chrono::NaiveDate>,
    width: f32,
) -> bool {
    let id = ui.make_persistent_id(("date_value", id_salt));
    let mut state: DateText = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    let edit_id = id.with("edit");
    let focused = ui.memory(|m| m.has_focus(edit_id));
    if state.shown != *value && !focused {
        state.text = value.map(|d| d.to_string()).unwrap_or_default();
        state.shown = *value;
    }
    let response = ui.add(
        egui::TextEdit::singleline(&mut state.text)
            .id(edit_id)
            .hint_text(t!("widget-date-hint"))
            .desired_width(width),
    );
    announce_text(&response, name, &state.text, Role::TextInput);
    let typed = state.text.trim();
    let parsed = chrono::NaiveDate::parse_from_str(typed, "%Y-%m-%d");
    let mut changed = false;
    if response.changed() {
        let new = if typed.is_empty() {
            Some(None)
        } else {
            parsed.ok().map(Some)
        };
        if let Some(new) = new {
            changed = new != *value;
            *value = new;
            state.shown = new;
        }
    }
    if !typed.is_empty() && parsed.is_err() {
        ui.colored_label(super::theme::MISSING, t!("widget-date-invalid"))
            .on_hover_text(t!("widget-date-not-yet", name = name));
    }
    ui.data_mut(|d| d.insert_temp(id, state));
    changed
}

/// A radio button showing `text`, announced as `label` (the question it answers, and the
/// answer); enabled when the `Ui` is.
pub fn labelled_radio(ui: &mut Ui, selected: bool, text: &str, label: &str) -> Response {
    let response = ui.add(egui::RadioButton::new(selected, text));
    let (label, enabled) = (label.to_owned(), ui.is_enabled());
    response
        .widget_info(|| WidgetInfo::selected(Role::RadioButton, enabled, selected, label.clone()));
    response
}
/// A multi-line text field of a given width with no visible label, announced as `name` (a
/// cell of a table).
pub fn named_multiline(
    ui: &mut Ui,
    name: &str,
    value: &mut String,
    hint: &str,
    rows: usize,
    width: f32,
) -> Response {
    let response = ui.add(
        egui::TextEdit::multiline(value)
            .hint_text(hint)
            .desired_rows(rows)
            .desired_width(width),
    );
    announce_text(&response, name, value, Role::MultilineTextInput);
    response
}

/// A combo box showing `shown`, announced as `name`, with the options `add` draws.
pub fn named_combo(
    ui: &mut Ui,
    id_salt: impl std::hash::Hash + std::fmt::Debug,
    name: &str,
    shown: &str,
    width: f32,
    add: impl FnOnce(&mut Ui),
) -> Response {
    let combo = egui::ComboBox::from_id_salt(id_salt)
        .selected_text(shown)
        .width(width)
        .show_ui(ui, add);
    let (name, shown) = (name.to_owned(), shown.to_owned());
    combo.response.widget_info(|| {
        let mut info = WidgetInfo::new(Role::ComboBox);
        info.label = Some(name.clone());
        info.current_text_value = Some(shown.clone());
        info
    });
    combo.response
}
