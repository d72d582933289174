//! "Export FHIR bundle…" in the closing step: a closed session is written as a FHIR R4 bundle to
//! the path in the field, and the window says where; never into the data folder; an open
//! session cannot be exported yet.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::fs;
use std::path::{Path, PathBuf};

use brief::protocol::ProtocolSet;
use brief::session::SessionId;
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

const FIXTURES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/release-2b75490/sessions"
);
const BUTTON: &str = "Export FHIR bundle…";

struct Window {
    harness: Harness<'static, BriefApp>,
    data: tempfile::TempDir,
    file: PathBuf,
}

/// A data folder holding a copy of one fixture, opened in the window on its closing step.
fn open(rel: &str) -> Window {
    let data = tempfile::tempdir().unwrap();
    let file = data.path().join("sessions").join(rel);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::copy(Path::new(FIXTURES).join(rel), &file).unwrap();
    let mut app = BriefApp::new(
        ProtocolSet::bundled().unwrap(),
        Store::open(data.path()).unwrap(),
        Prefs::default(),
    )
    .with_audit_pins(None);
    let id = file.file_stem().unwrap().to_str().unwrap();
    app.open_session(&SessionId::parse(id).unwrap()).unwrap();
    let mut harness = Harness::builder()
        .with_size([1366.0, 900.0])
        .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
    harness.run();
    Window {
        harness,
        data,
        file,
    }
}

impl Window {
    fn set_path(&mut self, path: &Path) {
        let field = self
            .harness
            .get_by_role_and_label(Role::TextInput, "Export to");
        field.scroll_to_me();
        field.focus();
        self.harness.run();
        self.harness
            .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
        self.harness.run();
        self.harness
            .get_by_role_and_label(Role::TextInput, "Export to")
            .type_text(&path.display().to_string());
        self.harness.run();
    }

    fn export(&mut self) {
        self.harness.get_by_label(BUTTON).scroll_to_me();
        self.harness.run();
        self.harness.get_by_label(BUTTON).click();
        self.harness.run();
    }
}

#[test]
fn a_closed_session_is_written_as_a_bundle_where_the_clinician_says_and_the_window_says_so() {
    let mut w = open("2026/03/20260305-091000-2e85639f1f8f0dce.ron");
    let session_bytes = fs::read(&w.file).unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("exports").join("visit.json");
    w.set_path(&target);
    w.export();
    let text = fs::read_to_string(&target).expect("the bundle is written");
    let bundle: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(bundle["type"], "transaction", "a transaction bundle");
    let kinds: Vec<&str> = bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"]["resourceType"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"Procedure"),
        "with the intervention: {kinds:?}"
    );
    assert!(
        w.harness
            .query_by_label_contains(&format!("FHIR bundle written to {}", target.display()))
            .is_some(),
        "the window says where it was written"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "owner-only, like the sessions");
    }
    assert_eq!(
        fs::read(&w.file).unwrap(),
        session_bytes,
        "the session is only read"
    );
}

#[test]
fn the_bundle_is_never_written_into_the_data_folder() {
    let mut w = open("2026/03/20260305-091000-2e85639f1f8f0dce.ron");
    let inside = w.data.path().join("exports").join("visit.json");
    w.set_path(&inside);
    w.export();
    assert!(!inside.exists(), "nothing written into the data folder");
    assert!(
        w.harness
            .query_by_label_contains("is inside the data folder")
            .is_some(),
        "the window says why"
    );
}

#[test]
fn an_open_session_cannot_be_exported_until_it_is_closed() {
    let w = open("2026/11/20261118-162600-7b59e255adce3de9.ron");
    let button = w.harness.get_by_label(BUTTON);
    assert!(
        button.accesskit_node().is_disabled(),
        "the button is disabled while the session is open"
    );
}
