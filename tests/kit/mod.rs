//! Driving the real window in kittest tests by label: the steps every walk-through takes
//! (a click, a typed field, a slider), written once for all the window tests.

use brief::ui::BriefApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// What a clinician does with the window, found by the widgets' labels.
pub trait Drive {
    /// Scrolls the widget labelled `label` into view and clicks it.
    fn click(&mut self, label: &str);
    /// Clicks the widget of `role` labelled `label` (a checkbox beside a same-named text).
    fn click_role(&mut self, role: Role, label: &str);
    /// Types into the text field (one line or several) labelled `label`.
    fn type_into(&mut self, label: &str, text: &str);
    /// Sets the slider labelled `label`, as a drag would.
    fn set_slider(&mut self, label: &str, value: f64);
}

impl Drive for Harness<'_, BriefApp> {
    fn click(&mut self, label: &str) {
        self.get_by_label(label).scroll_to_me();
        self.run();
        self.get_by_label(label).click();
        self.run();
    }

    fn click_role(&mut self, role: Role, label: &str) {
        self.get_by_role_and_label(role, label).scroll_to_me();
        self.run();
        self.get_by_role_and_label(role, label).click();
        self.run();
    }

    fn type_into(&mut self, label: &str, text: &str) {
        let field = self
            .query_by_role_and_label(Role::TextInput, label)
            .unwrap_or_else(|| self.get_by_role_and_label(Role::MultilineTextInput, label));
        field.scroll_to_me();
        field.focus();
        field.type_text(text);
        self.run();
    }

    fn set_slider(&mut self, label: &str, value: f64) {
        self.get_by_role_and_label(Role::Slider, label)
            .set_value_accesskit(value);
        self.run();
    }
}
