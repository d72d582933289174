//! The supervisor view, driven by labels through `egui_kittest`.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use brief::audit::scan::CacheMode;
use brief::protocol::ProtocolSet;
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// Twenty generated sessions in a temp data folder, and an app on its start view.
fn harness() -> (
    Harness<'static, BriefApp>,
    Vec<brief::session::Session>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let set = ProtocolSet::bundled().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+00:00").unwrap();
    let sessions: Vec<_> = (0..20)
        .map(|i| brief::demo::session(&set, 34, i, end))
        .collect();
    for s in &sessions {
        store.save(s).unwrap();
    }
    let app = BriefApp::new(set, store, Prefs::default()).with_audit_cache(CacheMode::Bypass);
    let harness = Harness::builder()
        .with_size([1366.0, 768.0])
        .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
    (harness, sessions, dir)
}

/// Opens the supervisor view and waits for the background read.
fn open_supervisor(h: &mut Harness<'static, BriefApp>) {
    h.get_by_label("Supervisor audit…").click();
    h.run_ok();
    for _ in 0..500 {
        if !h.state().is_loading() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    assert!(
        !h.state().is_loading(),
        "the folder is read within a few seconds"
    );
    h.run_ok();
}

#[test]
fn the_supervisor_sees_each_components_share_and_opens_a_sessions_timeline() {
    let (mut h, sessions, _dir) = harness();
    open_supervisor(&mut h);

    let with_menu = sessions
        .iter()
        .filter(|s| s.first_delivery("menu").is_some())
        .count();
    let pct = (with_menu as f64 * 100.0 / sessions.len() as f64).round();
    let label = format!(
        "Menu of options: {pct:.0}% ({with_menu}/{})",
        sessions.len()
    );
    assert!(
        h.query_by_label(&label).is_some(),
        "the menu's share is shown as {label:?}"
    );

    let missing = sessions
        .iter()
        .find(|s| s.delivered().len() < 6)
        .expect("a session missing a component");
    let open = format!("Open session {}", missing.id);
    h.get_by_label(&open).scroll_to_me();
    h.run_ok();
    h.get_by_label(&open).click();
    h.run_ok();
    assert!(
        h.query_by_label_contains(&format!("Session {}", missing.id))
            .is_some(),
        "the timeline of the clicked session opens"
    );
    let protocol = ProtocolSet::bundled().unwrap().default_protocol().clone();
    for event in &missing.coverage {
        let name = &protocol
            .components
            .iter()
            .find(|c| c.id == event.component)
            .unwrap()
            .name;
        let step = &protocol
            .steps
            .iter()
            .find(|x| x.id == event.step)
            .unwrap()
            .short_title;
        assert!(
            h.query_all_by_label_contains(&format!("{name} delivered in {step}"))
                .next()
                .is_some(),
            "the timeline lists {name} delivered in {step}"
        );
    }
    h.get_by_label("« Back to the audit").click();
    h.run_ok();
    assert!(h.query_by_label(&label).is_some(), "back on the audit");
}

#[test]
fn a_status_filter_changes_the_figures() {
    let (mut h, sessions, _dir) = harness();
    open_supervisor(&mut h);
    let open = sessions
        .iter()
        .filter(|s| s.status == brief::session::Status::Open)
        .count();
    h.get_by_label("Status: Open").click();
    h.run_ok();
    assert!(
        h.query_by_label_contains(&format!("{open} sessions ({} closed, {open} open)", 0))
            .is_some(),
        "only the {open} open sessions are counted"
    );
}

#[test]
fn export_csv_writes_one_row_per_filtered_session() {
    let (mut h, sessions, dir) = harness();
    open_supervisor(&mut h);
    let out = dir.path().join("exports").join("q4.csv");
    // Replace the proposed path, as a screen reader's "set value" does.
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Export to")
        .set_text_value_accesskit(out.to_str().unwrap());
    h.run_ok();
    h.get_by_label("Export CSV…").click();
    h.run_ok();
    let csv = std::fs::read_to_string(&out).expect("the CSV was written");
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("id,clinician,date,minutes,feedback"),
        "the per-session header: {header}"
    );
    assert_eq!(lines.count(), sessions.len(), "one row per session");
}
