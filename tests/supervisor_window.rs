//! The supervisor view, driven by labels through `egui_kittest`.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::path::{Path, PathBuf};

use brief::audit::scan::CacheMode;
use brief::protocol::ProtocolSet;
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// The data folder (`data`) and the audit's pins (`pins`) in one temp folder, so that no test
/// writes pins into the real home.
struct Folders {
    tmp: tempfile::TempDir,
}

impl Folders {
    fn new() -> Self {
        Self {
            tmp: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self) -> &Path {
        self.tmp.path()
    }

    fn data(&self) -> PathBuf {
        self.tmp.path().join("data")
    }

    fn pins(&self) -> PathBuf {
        self.tmp.path().join("pins")
    }

    /// An app on the data folder, on its start view, with its own pins folder.
    fn harness(&self) -> Harness<'static, BriefApp> {
        let app = BriefApp::new(
            ProtocolSet::bundled().unwrap(),
            Store::open(&self.data()).unwrap(),
            Prefs::default(),
        )
        .with_audit_cache(CacheMode::Bypass)
        .with_audit_pins(Some(self.pins()));
        Harness::builder()
            .with_size([1366.0, 768.0])
            .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app)
    }
}

/// Twenty generated sessions saved in the data folder.
/// Writes twenty demo sessions (two of them of a family-intervention case) and returns the
/// brief interventions: what the supervisor's default report covers.
fn sessions(folders: &Folders) -> Vec<brief::session::Session> {
    let set = ProtocolSet::bundled().unwrap();
    let store = Store::open(&folders.data()).unwrap();
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+00:00").unwrap();
    let sessions: Vec<_> = (0..20)
        .map(|i| brief::demo::session(&set, 34, i, end))
        .collect();
    for s in &sessions {
        store.save(s).unwrap();
    }
    sessions
        .into_iter()
        .filter(|s| s.protocol.id == set.default_protocol().id)
        .collect()
}

#[test]
fn the_supervisor_shows_one_protocol_at_a_time_and_the_family_cases_on_their_own() {
    let (mut h, brief_sessions, _dir) = harness();
    open_supervisor(&mut h);
    assert!(
        h.query_by_label_contains(&format!("{} sessions (", brief_sessions.len()))
            .is_some(),
        "the brief interventions by default, without the family sessions"
    );
    assert!(
        h.query_by_label("Coverage per component").is_some(),
        "their component table"
    );
    h.get_by_label("Protocol: family_intervention").click();
    h.run_ok();
    assert!(
        h.query_by_label_contains("2 sessions (").is_some(),
        "the two sessions of the family case"
    );
    assert!(
        h.query_by_label_contains("Cases: 1 (each counted once")
            .is_some(),
        "counted as one case"
    );
    assert!(
        h.query_all_by_label_contains("Safety screened")
            .next()
            .is_some(),
        "with the family protocol's own components"
    );
    assert!(
        h.query_by_label_contains("Stage at close").is_none(),
        "and none of the brief intervention's stages"
    );
}

/// Twenty generated sessions in a temp data folder, and an app on its start view.
fn harness() -> (
    Harness<'static, BriefApp>,
    Vec<brief::session::Session>,
    Folders,
) {
    let folders = Folders::new();
    let sessions = sessions(&folders);
    (folders.harness(), sessions, folders)
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

    // Delivered as the audit counts it: recorded, or credited from what the record shows
    // (menu options chosen), by the one rule the window, the note and the audit share.
    let set = brief::protocol::ProtocolSet::bundled().unwrap();
    let delivered = |s: &brief::session::Session, id: &str| {
        brief::credit::deliveries(set.default_protocol(), s)
            .iter()
            .any(|(c, d)| c.id == id && d.is_some())
    };
    let with_menu = sessions.iter().filter(|s| delivered(s, "menu")).count();
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
        .find(|s| {
            set.default_protocol()
                .components
                .iter()
                .any(|c| !delivered(s, &c.id))
        })
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

/// Goes back to the start view and opens the supervisor view again (a new scan).
fn reopen_supervisor(h: &mut Harness<'static, BriefApp>) {
    h.get_by_label("« Start").click();
    h.run_ok();
    open_supervisor(h);
}

fn flag_shown(h: &Harness<'static, BriefApp>, label: &str) -> bool {
    h.query_by_label(label).is_some()
}

#[test]
fn a_copy_of_a_session_file_is_listed_as_a_duplicate_and_counted_once() {
    let folders = Folders::new();
    let sessions = sessions(&folders);
    let store = Store::open(&folders.data()).unwrap();
    let path = store.path_for(&sessions[0].id);
    let copy = path.with_file_name(format!("{} (copy).ron", sessions[0].id));
    std::fs::copy(&path, &copy).unwrap();

    let mut h = folders.harness();
    open_supervisor(&mut h);
    assert!(
        flag_shown(&h, "Duplicate files (counted once): 1"),
        "the copy is flagged as a duplicate"
    );
    assert!(
        h.query_by_label_contains(&format!("{} sessions (", sessions.len()))
            .is_some(),
        "the session and its copy count as one session"
    );
    assert!(
        flag_shown(&h, "Changed outside brief: 0"),
        "the copy is not a changed record"
    );
}

/// Edits a sealed session file and seals it again, as someone who knows the rule could: the
/// file's own seal is intact afterwards.
fn reseal(path: &Path, edit: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap();
    let start = text
        .rfind("\n content_hash: Some(\"")
        .expect("a sealed file")
        + 1;
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let unsealed = edit(&format!(
        "{} content_hash: None,{}",
        &text[..start],
        &text[end..]
    ));
    let hash = brief::session::hash_of_unsealed(&unsealed);
    let sealed = unsealed.replacen(
        "\n content_hash: None,",
        &format!("\n content_hash: Some(\"{hash}\"),"),
        1,
    );
    std::fs::write(path, sealed).unwrap();
}

#[test]
fn a_closed_session_edited_and_sealed_again_is_flagged_as_changed_after_the_audit_saw_it() {
    let folders = Folders::new();
    let sessions = sessions(&folders);
    let closed = sessions
        .iter()
        .find(|s| s.status == brief::session::Status::Closed && s.amendments.is_empty())
        .expect("a closed session with no amendment");
    let mut h = folders.harness();
    open_supervisor(&mut h);
    assert!(
        flag_shown(&h, "Changed after an audit first saw them: 0"),
        "nothing is flagged on the first audit"
    );
    assert!(
        std::fs::read_dir(folders.pins()).unwrap().next().is_some(),
        "the first audit pinned the closed sessions in the test's own pins folder"
    );

    let path = Store::open(&folders.data()).unwrap().path_for(&closed.id);
    let patient = format!(" patient: \"{}\",", closed.patient);
    reseal(&path, |text| {
        assert!(text.contains(&patient), "the file names the patient");
        text.replacen(&patient, " patient: \"P-00000\",", 1)
    });
    let (edited, seal) = brief::store::read_checked(&path).unwrap();
    assert_eq!(edited.patient, "P-00000", "the edit is in the file");
    assert_eq!(
        seal,
        brief::session::Seal::Intact,
        "the file's own seal no longer shows the edit"
    );

    reopen_supervisor(&mut h);
    assert!(
        flag_shown(&h, "Changed outside brief: 0"),
        "the file's seal is intact"
    );
    assert!(
        flag_shown(&h, "Changed after an audit first saw them: 1"),
        "the pins catch the re-sealed edit"
    );
    assert!(
        h.query_by_label_contains(&format!("{}  {}", closed.id, closed.clinician))
            .is_some(),
        "the flagged session is named"
    );
}

#[test]
fn the_supervisor_sees_safety_flags_raised_and_answered() {
    let (mut h, sessions, _dir) = harness();
    open_supervisor(&mut h);
    // Counted by hand from the sessions themselves (cleared flags are not counted).
    let flags: Vec<_> = sessions
        .iter()
        .flat_map(|s| s.safety.iter().filter(|f| f.is_active()))
        .collect();
    assert!(!flags.is_empty(), "the demo sessions raise some flags");
    let given = flags
        .iter()
        .filter(|f| {
            matches!(
                f.response.as_ref().map(|r| &r.outcome),
                Some(brief::session::SafetyOutcome::Given { .. })
            )
        })
        .count();
    let unanswered = flags.iter().filter(|f| f.response.is_none()).count();
    let label = format!(
        "Safety flags: {} raised, {given} advice given, {} not given (reason recorded), {unanswered} not answered",
        flags.len(),
        flags.len() - given - unanswered
    );
    assert!(
        h.query_by_label(&label).is_some(),
        "the totals are shown as {label:?}"
    );
    let sessions_unanswered = sessions
        .iter()
        .filter(|s| s.safety.iter().any(|f| f.is_unanswered()))
        .count();
    let label = format!("Safety flags not answered: {sessions_unanswered}");
    assert!(h.query_by_label(&label).is_some(), "{label:?}");
}

#[test]
fn the_supervisor_filters_by_prevention_tier() {
    let folders = Folders::new();
    let set = ProtocolSet::bundled().unwrap();
    let store = Store::open(&folders.data()).unwrap();
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+00:00").unwrap();
    let mut selective = 0;
    for i in 0..13 {
        let mut s = brief::demo::session(&set, 34, i, end);
        if s.protocol.id != set.default_protocol().id {
            // The family-intervention session of the demo: not in this report.
            continue;
        }
        if i % 4 == 0 {
            // Set directly (a closed demo session's seal then reads as changed, which the
            // filter does not care about: it counts every session read).
            s.prevention = Some(brief::session::PreventionRecord {
                tier: Some("selective".to_owned()),
                ..Default::default()
            });
            selective += 1;
        }
        store.save(&s).unwrap();
    }
    let mut h = folders.harness();
    open_supervisor(&mut h);
    assert!(
        h.query_by_label_contains("12 sessions (").is_some(),
        "all twelve at first"
    );
    h.get_by_label("Prevention tier: Selective").click();
    h.run_ok();
    for _ in 0..200 {
        h.step();
    }
    h.run_ok();
    assert!(
        h.query_by_label_contains(&format!("{selective} sessions ("))
            .is_some(),
        "only the {selective} selective contacts"
    );
}
