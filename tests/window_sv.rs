//! The Swedish protocol in the window: chosen on the new-session form, its screen step shows
//! the unofficial-translation banner on an instrument whose wording is not yet the validated
//! text, and its closing step records the intervention level with one radio per level.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

pub mod kit;

use brief::protocol::ProtocolSet;
use brief::session::Session;
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kit::Drive as _;

fn now() -> brief::session::Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").unwrap()
}

struct Walk {
    harness: Harness<'static, BriefApp>,
    set: ProtocolSet,
    _dir: tempfile::TempDir,
}

impl Walk {
    /// A new session of `protocol` for a woman of 45, in the screen step, the window in
    /// `lang` (its labels read from the catalogue).
    fn screen(protocol: &str, lang: &str) -> Self {
        let set = ProtocolSet::bundled().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let app = BriefApp::new(
            set.clone(),
            Store::open(dir.path()).unwrap(),
            Prefs::default(),
        )
        .with_clock(now)
        .with_language(brief::i18n::bundled(), lang);
        let harness = Harness::builder()
            .with_size([1366.0, 768.0])
            .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
        let mut w = Self {
            harness,
            set,
            _dir: dir,
        };
        w.harness.run();
        w.click(&brief::t!("start-new-session"));
        let title = w.set.protocol(protocol).unwrap().title.clone();
        let with = brief::t!("start-form-with-patient");
        if let Some(radio) = w
            .harness
            .query_by_role_and_label(Role::RadioButton, &format!("{title} — {with}"))
        {
            radio.click();
            w.harness.run();
        }
        w.type_into(&brief::t!("start-form-clinician"), "c-berg");
        w.type_into(&brief::t!("start-form-patient"), "P-46");
        w.harness
            .get_by_role_and_label(Role::RadioButton, &brief::t!("start-form-female"))
            .click();
        w.harness.run();
        w.type_into(&brief::t!("start-form-age"), "45");
        w.click(&brief::t!("start-form-start"));
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
        self.harness.click(label);
    }

    fn type_into(&mut self, label: &str, text: &str) {
        self.harness.type_into(label, text);
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
fn a_swedish_instrument_with_unofficial_wording_carries_the_banner() {
    let w = Walk::screen("brief_intervention_sv", "sv");
    assert_eq!(
        w.session().language.as_deref(),
        Some("sv"),
        "the session is Swedish"
    );
    assert!(
        w.shows("Inofficiell översättning — ersätt med den officiella texten"),
        "the banner on the Swedish AUDIT-C, in the Swedish window"
    );
    // In an English window the catalogue says it in English.
    let en = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols/text/window.ftl"),
    )
    .unwrap();
    assert!(
        en.contains("screen-unofficial = Unofficial translation — replace with the official text"),
        "and in English"
    );
}

#[test]
fn an_english_instrument_has_no_banner() {
    let w = Walk::screen("brief_intervention", "en");
    assert_eq!(w.session().language, None, "English is not written");
    assert!(
        !w.shows("Unofficial translation"),
        "the English AUDIT-C is the original"
    );
}

#[test]
fn the_closing_step_records_the_intervention_level_with_a_radio_per_level() {
    let mut w = Walk::screen("brief_intervention_sv", "sv");
    for _ in 0..3 {
        w.next_step();
    }
    assert_eq!(w.session().current_step, "closure", "in the closing step");
    assert!(
        w.shows("Inte registrerad än"),
        "no level yet, said in Swedish"
    );
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
        w.shows("Insatsnivå: Rådgivande samtal"),
        "and written in the note, in Swedish"
    );
}
