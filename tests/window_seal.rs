//! A record changed outside brief, opened in the window: a banner says so, and nothing done in
//! the window reaches the file (no change, no autosave), so the window never hides an edit.
//! The records are copies of release 2b75490's fixtures, edited by hand.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::fs;
use std::path::{Path, PathBuf};

use brief::protocol::ProtocolSet;
use brief::session::{CoverageSource, Seal, SealBreak, SessionId};
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/release-2b75490/sessions"
);

/// A data folder holding one fixture file, edited by `edit`, and a window on it.
struct Tampered {
    harness: Harness<'static, BriefApp>,
    id: SessionId,
    path: PathBuf,
    bytes: Vec<u8>,
    _dir: tempfile::TempDir,
}

impl Tampered {
    fn new(rel: &str, edit: impl Fn(&str) -> String, seal: Seal) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let original = fs::read_to_string(Path::new(FIXTURES).join(rel)).unwrap();
        let edited = edit(&original);
        assert_ne!(edited, original, "the edit changes the text");
        let path = dir.path().join("sessions").join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, &edited).unwrap();
        let (session, found) = brief::store::read_checked(&path).unwrap();
        assert_eq!(found, seal, "the edit breaks the seal");

        let app = BriefApp::new(
            ProtocolSet::bundled().unwrap(),
            Store::open(dir.path()).unwrap(),
            Prefs::default(),
        )
        .with_audit_pins(None);
        let mut harness = Harness::builder()
            .with_size([1366.0, 768.0])
            .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
        // Opened as a clinician opens it: from the start view's list, which flags it already.
        harness.run();
        harness
            .query_by_label_contains("changed outside brief")
            .expect("the start view flags the session in its list")
            .click();
        harness.run();
        assert_eq!(
            harness.state().session().map(|s| &s.id),
            Some(&session.id),
            "the session is open in the window"
        );
        Self {
            harness,
            id: session.id,
            path,
            bytes: edited.into_bytes(),
            _dir: dir,
        }
    }

    fn assert_banner(&self, describe: &str) {
        assert!(
            self.harness
                .query_by_label_contains(&format!("This file was {describe}"))
                .is_some(),
            "the banner says the file was {describe}"
        );
        assert!(
            self.harness
                .query_by_label_contains("changed outside brief")
                .is_some(),
            "the banner says \"changed outside brief\""
        );
    }

    fn assert_refused(&self) {
        assert!(
            self.harness
                .query_by_label_contains("so it is read-only here")
                .is_some(),
            "the change is refused, and the window says why"
        );
    }

    /// The file is as it was, now and after the autosave would have been due.
    fn assert_untouched(&mut self, what: &str) {
        assert_eq!(
            fs::read(&self.path).unwrap(),
            self.bytes,
            "{what}: the file is unchanged"
        );
        // Ten simulated seconds (a step is a quarter of a second): well past the autosave.
        self.harness.run_steps(40);
        assert_eq!(
            fs::read(&self.path).unwrap(),
            self.bytes,
            "{what}: the file is unchanged after the autosave delay"
        );
        let on_disk = brief::store::read_session(&self.path).unwrap();
        assert_eq!(
            self.harness.state().session(),
            Some(&on_disk),
            "{what}: the session in the window is the file's"
        );
        assert_eq!(self.harness.state().session().unwrap().id, self.id, "same");
    }

    fn click(&mut self, label: &str) {
        self.harness.get_by_label(label).scroll_to_me();
        self.harness.run();
        self.harness.get_by_label(label).click();
        self.harness.run();
    }
}

#[test]
fn a_closed_record_edited_by_hand_shows_the_banner_and_stays_as_it_is() {
    let mut t = Tampered::new(
        "2026/03/20260305-091000-2e85639f1f8f0dce.ron",
        |text| text.replacen("P-04175", "P-04176", 1),
        Seal::Changed(SealBreak::Edited),
    );
    t.harness.run();
    t.assert_banner("changed outside brief:");
    t.assert_untouched("opened");

    // Going to another step is a change to the record: refused.
    t.click("Step 1: Introduce (done)");
    t.assert_refused();
    t.assert_untouched("after a click on a step");
}

#[test]
fn a_closed_record_marked_open_by_hand_refuses_every_change() {
    let mut t = Tampered::new(
        "2026/03/20260314-155300-85841fc4c2b35d4d.ron",
        |text| text.replacen(" status: Closed,", " status: Open,", 1),
        Seal::Changed(SealBreak::Reopened),
    );
    t.harness.run();
    t.assert_banner("changed outside brief (closed, marked open)");
    t.assert_untouched("opened");

    // It reads as open, so the window offers its controls; each is refused.
    t.click("Mark delivered: Menu of options");
    t.assert_refused();
    t.assert_untouched("after Mark");

    let protocol = ProtocolSet::bundled().unwrap().default_protocol().clone();
    let session = t.harness.state().session().unwrap().clone();
    let step = protocol
        .steps
        .iter()
        .find(|s| s.id == session.current_step)
        .unwrap();
    let unused = step
        .prompts
        .iter()
        .find(|p| {
            !session
                .coverage
                .iter()
                .any(|e| e.source == CoverageSource::Prompt(p.id.clone()))
        })
        .expect("a prompt of the current step not used yet");
    t.click(&format!("Used: {}", unused.text));
    t.assert_refused();
    t.assert_untouched("after Used");

    let field = t
        .harness
        .get_by_role_and_label(Role::MultilineTextInput, "Summary");
    field.focus();
    field.type_text(" and more");
    t.harness.run();
    t.assert_refused();
    t.assert_untouched("after typing into the summary");

    t.harness
        .key_press_modifiers(egui::Modifiers::CTRL, egui::Key::ArrowLeft);
    t.harness.run();
    t.assert_untouched("after Ctrl+←");
}
