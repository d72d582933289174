//! The Swedish protocol in the window: chosen on the new-session form, its screen step shows
//! the unofficial-translation banner on an instrument whose wording is not yet the validated
//! text, and its closing step records the intervention level with one radio per level.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use brief::protocol::ProtocolSet;
use brief::session::Session;
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

fn now() -> brief::session::Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").unwrap()
}

struct Walk {
    harness: Harness<'static, BriefApp>,
    set: ProtocolSet,
    _dir: tempfile::TempDir,
}

impl Walk {
    /// A new session of `protocol` for a woman of 45, in the screen step.
    fn screen(protocol: &str) -> Self {
        let set = ProtocolSet::bundled().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let app = BriefApp::new(
            set.clone(),
            Store::open(dir.path()).unwrap(),
            Prefs::default(),
        )
        .with_clock(now);
        let harness = Harness::builder()
            .with_size([1366.0, 768.0])
            .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
        let mut w = Self {
            harness,
            set,
            _dir: dir,
        };
        w.click("New session…");
        let title = w.set.protocol(protocol).unwrap().title.clone();
        w.harness
            .get_by_role_and_label(Role::RadioButton, &format!("{title} — with a patient"))
            .click();
        w.harness.run();
        w.type_into("Clinician id", "c-berg");
        w.type_into("Patient reference", "P-46");
        w.harness
            .get_by_role_and_label(Role::RadioButton, "Female")
            .click();
        w.harness.run();
        w.type_into("Age", "45");
        w.click("Start session");
        w.next_step();
        assert_eq!(w.session().current_step, "screen", "in the screen step");
        assert_eq!(w.session().protocol.id, protocol, "the protocol chosen");
        w
    }

    fn next_step(&mut self) {
        self.harness
            .key_press_modifiers(egui::Modifiers::CTRL, egui::Key::ArrowRight);
        self.harness.run();
    }

    fn click(&mut self, label: &str) {
        self.harness.get_by_label(label).scroll_to_me();
        self.harness.run();
        self.harness.get_by_label(label).click();
        self.harness.run();
    }

    fn type_into(&mut self, label: &str, text: &str) {
        let field = self.harness.get_by_role_and_label(Role::TextInput, label);
        field.focus();
        field.type_text(text);
        self.harness.run();
    }

    fn session(&self) -> &Session {
        self.harness.state().session().expect("a session is open")
    }

    fn shows(&self, text: &str) -> bool {
        self.harness
            .query_all_by_label_contains(text)
            .next()
            .is_some()
    }
}

#[test]
fn a_swedish_instrument_with_unofficial_wording_carries_the_banner_in_both_languages() {
    let w = Walk::screen("brief_intervention_sv");
    assert_eq!(
        w.session().language.as_deref(),
        Some("sv"),
        "the session is Swedish"
    );
    assert!(
        w.shows("Unofficial translation — replace with the official text"),
        "the banner on the Swedish AUDIT-C"
    );
    assert!(
        w.shows("Inofficiell översättning — ersätt med den officiella texten"),
        "and in Swedish"
    );
}

#[test]
fn an_english_instrument_has_no_banner() {
    let w = Walk::screen("brief_intervention");
    assert_eq!(w.session().language, None, "English is not written");
    assert!(
        !w.shows("Unofficial translation"),
        "the English AUDIT-C is the original"
    );
}

#[test]
fn the_closing_step_records_the_intervention_level_with_a_radio_per_level() {
    let mut w = Walk::screen("brief_intervention_sv");
    for _ in 0..3 {
        w.next_step();
    }
    assert_eq!(w.session().current_step, "closure", "in the closing step");
    assert!(w.shows("Not recorded yet"), "no level yet");
    let levels = w
        .set
        .protocol("brief_intervention_sv")
        .unwrap()
        .intervention_levels
        .clone();
    assert_eq!(levels.len(), 3, "three levels");
    for level in &levels {
        let label = format!("{} ({})", level.name, level.duration);
        w.harness
            .get_by_role_and_label(Role::RadioButton, &label)
            .scroll_to_me();
        w.harness.run();
    }
    let counselling = &levels[1];
    let label = format!("{} ({})", counselling.name, counselling.duration);
    w.harness
        .get_by_role_and_label(Role::RadioButton, &label)
        .click();
    w.harness.run();
    assert_eq!(
        w.session().intervention_level.as_deref(),
        Some("radgivande_samtal"),
        "the level chosen is recorded"
    );
    assert!(
        w.shows("Intervention level: Rådgivande samtal"),
        "and written in the note"
    );
}
