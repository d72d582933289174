//! The start view's follow-ups and table, a returning patient's session, the new-session form's
//! Enter, the text size and the supervisor's filters: driven by labels through `egui_kittest`.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::path::Path;

use brief::audit::scan::CacheMode;
use brief::protocol::{ProtocolSet, Sex};
use brief::scoring::{self, Profile};
use brief::session::{
    Change, Goal, ProtocolRef, Screening, ScreeningResult, Session, SessionId, Timestamp,
};
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use chrono::{DateTime, NaiveDate};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// The window's clock in these tests: 2026-11-25 12:00 +01:00.
fn now() -> Timestamp {
    DateTime::parse_from_rfc3339("2026-11-25T12:00:00+01:00").unwrap()
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// A closed session of `patient` (a man of 40) started at `start`, with an AUDIT-C, a goal
/// and a follow-up date.
fn closed_visit(
    set: &ProtocolSet,
    patient: &str,
    clinician: &str,
    start: &str,
    random: u64,
    audit_c: [u32; 3],
    follow_up: &str,
) -> Session {
    let t: Timestamp = DateTime::parse_from_rfc3339(start).unwrap();
    let profile = Profile {
        sex: Some(Sex::Male),
        age: Some(40),
        ..Profile::default()
    };
    let pref = ProtocolRef {
        id: "brief_intervention".to_owned(),
        version: "1.0.0".to_owned(),
    };
    let mut s = Session::new(
        SessionId::from_parts(t.to_utc(), random),
        clinician,
        patient,
        profile,
        pref,
        t,
    );
    let ins = set.instrument("audit-c").unwrap();
    let answers: Vec<Option<u32>> = audit_c.iter().copied().map(Some).collect();
    let score = scoring::score(ins, &answers, &profile, None).unwrap();
    let screening = Screening {
        suggested: None,
        instrument: "audit-c".to_owned(),
        substance: None,
        profile,
        answers,
        result: Some(ScreeningResult::from(&score)),
        time: t,
    };
    s.apply(Change::RecordScreening(screening), t).unwrap();
    let goal = Goal {
        own_words: "No drinking on weeknights".to_owned(),
        ..Goal::default()
    };
    s.apply(Change::SetGoal(goal), t).unwrap();
    s.apply(Change::SetFollowUp(Some(day(follow_up))), t)
        .unwrap();
    s.apply(
        Change::Close {
            reason: Some("test visit".to_owned()),
        },
        t,
    )
    .unwrap();
    s
}

/// A window on `dir` at [`now`], its follow-ups read.
fn window(dir: &Path, prefs: Prefs) -> Harness<'static, BriefApp> {
    let app = BriefApp::new(
        ProtocolSet::bundled().unwrap(),
        Store::open(dir).unwrap(),
        prefs,
    )
    .with_clock(now)
    .with_audit_cache(CacheMode::Bypass)
    .with_audit_pins(None);
    let mut h = Harness::builder()
        .with_size([1366.0, 768.0])
        .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
    settle(&mut h);
    h
}

/// Steps until the background reading is done.
fn settle(h: &mut Harness<'static, BriefApp>) {
    h.run_ok();
    for _ in 0..500 {
        if !h.state().is_loading() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    assert!(!h.state().is_loading(), "the folder is read");
    h.run_ok();
}

fn type_into(h: &mut Harness<'static, BriefApp>, label: &str, text: &str) {
    let field = h.get_by_role_and_label(Role::TextInput, label);
    field.focus();
    field.type_text(text);
    h.run();
}

fn click(h: &mut Harness<'static, BriefApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[test]
fn enter_in_the_new_session_form_starts_the_session_once_it_is_complete() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(dir.path(), Prefs::default());
    click(&mut h, "New session…");
    type_into(&mut h, "Clinician id", "c-lee");
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state().session().is_none(),
        "Enter without a patient reference starts nothing"
    );
    type_into(&mut h, "Patient reference", "P-2001");
    type_into(&mut h, "Search", "P-2");
    h.key_press(Key::Enter);
    h.run();
    assert!(
        h.state().session().is_none(),
        "Enter in the search box does not start the session"
    );
    h.get_by_role_and_label(Role::TextInput, "Patient reference")
        .focus();
    h.run();
    h.key_press(Key::Enter);
    h.run();
    let session = h.state().session().expect("Enter started the session");
    assert_eq!(
        (session.patient.as_str(), session.clinician.as_str()),
        ("P-2001", "c-lee"),
        "with the patient and clinician typed"
    );
    assert!(session.prior.is_none(), "a first visit has no previous one");
    assert_eq!(
        h.state().store().list().sessions.len(),
        1,
        "and it is saved"
    );
}

#[test]
fn the_start_table_search_filters_the_sessions_and_follow_ups_by_patient_or_clinician() {
    let dir = tempfile::tempdir().unwrap();
    let set = ProtocolSet::bundled().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let sessions = [
        closed_visit(
            &set,
            "P-1",
            "c-lee",
            "2026-11-02T10:00:00+01:00",
            1,
            [2, 1, 1],
            "2026-11-20",
        ),
        closed_visit(
            &set,
            "P-2",
            "c-kim",
            "2026-11-09T10:00:00+01:00",
            2,
            [2, 1, 1],
            "2026-11-27",
        ),
        closed_visit(
            &set,
            "P-3",
            "c-lee",
            "2026-11-16T10:00:00+01:00",
            3,
            [2, 1, 1],
            "2026-11-30",
        ),
    ];
    for s in &sessions {
        store.save(s).unwrap();
    }
    let mut h = window(dir.path(), Prefs::default());
    let shown = |h: &Harness<'static, BriefApp>| -> Vec<bool> {
        sessions
            .iter()
            .map(|s| {
                h.query_by_label(&format!("View session {}", s.id))
                    .is_some()
            })
            .collect()
    };
    let due = |h: &Harness<'static, BriefApp>| -> Vec<bool> {
        ["P-1", "P-2", "P-3"]
            .iter()
            .map(|p| {
                h.query_by_label(&format!("Start follow-up for {p}"))
                    .is_some()
            })
            .collect()
    };
    assert_eq!(shown(&h), [true, true, true], "all three sessions listed");
    assert_eq!(due(&h), [true, true, true], "all three follow-ups due");
    assert!(
        h.query_by_label_contains("Follow-ups due: 2 this week, 1 overdue")
            .is_some(),
        "P-1 overdue, P-2 and P-3 this week"
    );

    type_into(&mut h, "Search", "C-KIM");
    assert_eq!(
        shown(&h),
        [false, true, false],
        "the clinician's sessions only"
    );
    assert_eq!(due(&h), [false, true, false], "and their follow-ups");

    h.get_by_role_and_label(Role::TextInput, "Search").focus();
    h.run();
    for _ in 0.."C-KIM".len() {
        h.key_press(Key::Backspace);
    }
    h.run();
    type_into(&mut h, "Search", "p-3");
    assert_eq!(
        shown(&h),
        [false, false, true],
        "a patient reference, any case"
    );
    assert_eq!(
        due(&h),
        [false, false, true],
        "and that patient's follow-up"
    );
}

#[test]
fn a_returning_patient_starts_from_the_last_visit_and_sees_the_change_once_scored() {
    let dir = tempfile::tempdir().unwrap();
    let set = ProtocolSet::bundled().unwrap();
    let first = closed_visit(
        &set,
        "P-7",
        "c-lee",
        "2026-10-03T09:30:00+01:00",
        7,
        [3, 2, 2],
        "2026-10-31",
    );
    Store::open(dir.path()).unwrap().save(&first).unwrap();
    let mut h = window(dir.path(), Prefs::default());
    assert!(
        h.query_by_label_contains("overdue 25 days").is_some(),
        "the follow-up of 2026-10-31 is 25 days overdue on 2026-11-25"
    );
    click(&mut h, "Start follow-up for P-7");
    assert!(
        h.query_by_label_contains(
            "Returning patient: 1 earlier session, the last on 2026-10-03 with c-lee"
        )
        .is_some(),
        "the form names the patient as returning"
    );
    click(&mut h, "Start session");
    let session = h.state().session().expect("the follow-up session is open");
    assert_eq!(session.patient, "P-7", "for the same patient");
    assert_eq!(
        (session.profile.sex, session.profile.age),
        (Some(Sex::Male), Some(40)),
        "with the sex and age recorded last time"
    );
    assert_eq!(
        session.prior.as_ref().map(|p| &p.session),
        Some(&first.id),
        "the last visit is copied in"
    );
    assert!(
        h.query_by_label_contains("Returning patient — last visit 2026-10-03 with c-lee")
            .is_some(),
        "the banner names the last visit"
    );
    assert!(
        h.query_by_label_contains("AUDIT-C 7/12, zone positive")
            .is_some(),
        "with its result"
    );
    assert!(
        h.query_by_label_contains("Goal then: \"No drinking on weeknights\"")
            .is_some(),
        "and its goal"
    );
    assert!(
        h.query_by_label_contains("Change: ").is_none(),
        "no change before the new screening"
    );

    h.key_press_modifiers(Modifiers::CTRL, Key::ArrowRight);
    h.run();
    for key in [Key::Num3, Key::Num2, Key::Num2] {
        h.key_press(key);
        h.run();
    }
    assert!(
        h.query_by_label_contains(
            "Change: AUDIT-C 7 → 4 since 2026-10-03: down 3 points, a meaningful change (2 points or more)"
        )
        .is_some(),
        "the change shows once the AUDIT-C is scored again"
    );
}

#[test]
fn ctrl_plus_and_minus_change_the_text_size_ctrl_0_resets_it_and_it_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(dir.path(), Prefs::default());
    let scale = |h: &Harness<'static, BriefApp>| h.state().prefs.text_scale;
    for (modifiers, key, want, what) in [
        (
            Modifiers::COMMAND,
            Key::Plus,
            1.1,
            "Ctrl + makes text larger",
        ),
        (
            Modifiers::COMMAND,
            Key::Equals,
            1.2,
            "Ctrl = too (no Shift needed)",
        ),
        (
            Modifiers::COMMAND,
            Key::Minus,
            1.1,
            "Ctrl − makes it smaller",
        ),
        (Modifiers::COMMAND, Key::Num0, 1.0, "Ctrl 0 resets it"),
    ] {
        h.key_press_modifiers(modifiers, key);
        h.run();
        assert!((scale(&h) - want).abs() < 1e-6, "{what}: {}", scale(&h));
        h.run();
        assert!(
            (h.ctx.zoom_factor() - want).abs() < 1e-6,
            "{what}: the window follows ({})",
            h.ctx.zoom_factor()
        );
    }
    click(&mut h, "Larger text");
    assert!((scale(&h) - 1.1).abs() < 1e-6, "the A+ button too");

    // Kept: the settings file holds it, and a window opened with it starts at that size.
    let saved = ron::to_string(&h.state().prefs).unwrap();
    let restored: Prefs = ron::from_str(&saved).unwrap();
    assert!(
        (restored.text_scale - 1.1).abs() < 1e-6,
        "the size is in the saved settings: {saved}"
    );
    let old: Prefs = ron::from_str("(clinician: \"c-lee\")").unwrap();
    assert!(
        (old.text_scale - 1.0).abs() < 1e-6,
        "settings saved before this option open at the normal size"
    );
    let reopened = window(dir.path(), restored);
    assert!(
        (reopened.ctx.zoom_factor() - 1.1).abs() < 1e-6,
        "a window opened with those settings starts at 110%"
    );
    assert!(
        reopened.query_by_label("Text 110%").is_some(),
        "and says so"
    );
}

#[test]
fn the_supervisors_filters_are_labelled_and_the_export_is_offered_outside_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let set = ProtocolSet::bundled().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let visit = closed_visit(
        &set,
        "P-1",
        "c-lee",
        "2026-11-02T10:00:00+01:00",
        1,
        [2, 1, 1],
        "2026-11-20",
    );
    store.save(&visit).unwrap();
    let mut h = window(dir.path(), Prefs::default());
    // The view shows a progress bar while it reads: step without waiting for it to settle.
    h.get_by_label("Supervisor audit…").click();
    settle(&mut h);
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "Clinician")
            .is_some(),
        "the clinician filter is the combo box labelled Clinician"
    );
    assert!(
        h.query_by_label("Status").is_some(),
        "the status buttons have a label of their own"
    );
    let export = h
        .get_by_role_and_label(Role::TextInput, "Export to")
        .value()
        .unwrap_or_default();
    assert!(
        !Path::new(&export).starts_with(dir.path()),
        "the export is not offered inside the data folder: {export}"
    );
}
