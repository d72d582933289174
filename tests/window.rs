//! The clinician window, driven by labels through `egui_kittest` as a clinician would use it.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

pub mod kit;

use brief::protocol::{Protocol, ProtocolSet};
use brief::session::{CoverageSource, ReferralResponse, Session, Status, StepState};
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kit::Drive as _;

/// A harness on a fresh data folder, with the interaction counter.
struct Walk {
    harness: Harness<'static, BriefApp>,
    interactions: usize,
    protocol: Protocol,
    _dir: tempfile::TempDir,
}

impl Walk {
    fn new() -> Self {
        Self::with_set(ProtocolSet::bundled().unwrap())
    }

    fn with_set(set: ProtocolSet) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let protocol = set.default_protocol().clone();
        let app = BriefApp::new(set, Store::open(dir.path()).unwrap(), Prefs::default());
        let harness = Harness::builder()
            .with_size([1366.0, 768.0])
            .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
        Self {
            harness,
            interactions: 0,
            protocol,
            _dir: dir,
        }
    }

    fn click(&mut self, label: &str) {
        // Scrolling into view is not counted: it is not a click or a key press.
        self.harness.click(label);
        self.interactions += 1;
    }

    fn click_role(&mut self, role: Role, label: &str) {
        self.harness.click_role(role, label);
        self.interactions += 1;
    }

    /// Typed free text is not counted as an interaction.
    fn type_into(&mut self, label: &str, text: &str) {
        self.harness.type_into(label, text);
    }

    fn key(&mut self, modifiers: egui::Modifiers, key: egui::Key) {
        self.harness.key_press_modifiers(modifiers, key);
        self.harness.run();
        self.interactions += 1;
    }

    fn next_step(&mut self) {
        self.key(egui::Modifiers::CTRL, egui::Key::ArrowRight);
    }

    fn set_slider(&mut self, label: &str, value: f64) {
        self.harness.set_slider(label, value);
        self.interactions += 1;
    }

    /// Clicks "Used" on a prompt, found by its id in the protocol.
    fn use_prompt(&mut self, id: &str) {
        let text = self
            .protocol
            .steps
            .iter()
            .flat_map(|s| &s.prompts)
            .find(|p| p.id == id)
            .unwrap()
            .text
            .clone();
        self.click(&format!("Used: {text}"));
    }

    fn menu_label(&self, id: &str) -> String {
        self.protocol
            .menu
            .iter()
            .find(|m| m.id == id)
            .unwrap()
            .label
            .clone()
    }

    fn session(&self) -> &Session {
        self.harness.state().session().expect("a session is open")
    }

    fn saved(&self) -> Session {
        let listing = self.harness.state().store().list();
        assert_eq!(listing.unreadable.len(), 0, "no unreadable files");
        assert_eq!(listing.sessions.len(), 1, "exactly one session saved");
        listing.sessions.into_iter().next().unwrap().session
    }

    fn saved_seal(&self) -> brief::session::Seal {
        let listing = self.harness.state().store().list();
        listing.sessions.into_iter().next().unwrap().seal
    }

    fn start_session(&mut self, sex: &str) {
        self.click("New session…");
        self.type_into("Clinician id", "c-lee");
        self.type_into("Patient reference", "P-1001");
        self.click_role(Role::RadioButton, sex);
        self.click("Start session");
    }
}

#[test]
fn a_whole_session_walk_through_is_saved_with_every_component_and_the_readiness_note() {
    let mut w = Walk::new();
    w.start_session("Female");
    assert_eq!(
        w.session().current_step,
        "introduce",
        "a new session starts on the first step"
    );

    // 1. Introduce: ask permission (responsibility, empathy).
    w.use_prompt("introduce.permission");
    w.next_step();

    // 2. Screen: AUDIT-C is offered first; answer 2, 1, 1 with the number keys (index + 1).
    assert_eq!(
        w.session().current_step,
        "screen",
        "Ctrl+→ moves to the screen step"
    );
    w.key(egui::Modifiers::NONE, egui::Key::Num3);
    w.key(egui::Modifiers::NONE, egui::Key::Num2);
    w.key(egui::Modifiers::NONE, egui::Key::Num2);
    assert!(
        w.harness.query_by_label_contains("Total 4 of 12").is_some(),
        "the total updates as answers come in"
    );
    assert!(
        w.harness.query_by_label_contains("Zone positive").is_some(),
        "AUDIT-C 4 is positive for a woman"
    );
    w.next_step();

    // 3. Feedback: score and zone, concern and advice.
    assert!(
        w.harness
            .query_by_label_contains("Low-risk limits")
            .is_some(),
        "the feedback step shows the limits"
    );
    w.use_prompt("feedback.score_zone");
    w.use_prompt("feedback.concern_advice");
    w.next_step();

    // 4. Goals: readiness, the menu, the patient's goal.
    w.click("Stage: Contemplation");
    w.set_slider("Importance", 7.0);
    w.set_slider("Confidence", 4.0);
    w.type_into("Readiness note", "Wants to cut down before the wedding");
    w.click("Record readiness");
    let (days, diary) = (w.menu_label("alcohol_free_days"), w.menu_label("diary"));
    w.click_role(Role::CheckBox, &days);
    w.click_role(Role::CheckBox, &diary);
    w.type_into(
        "The patient's goal, in their words",
        "No drinking on weeknights",
    );
    w.use_prompt("goals.menu");
    w.use_prompt("goals.why_not_lower");
    w.next_step();

    // 5. Closure: summarise and close.
    w.use_prompt("closure.summary");
    assert!(
        w.harness
            .query_by_label_contains("Components delivered 6/6")
            .is_some(),
        "the note preview shows full coverage"
    );
    w.click("Close session…");
    assert_eq!(
        w.session().status,
        Status::Closed,
        "with nothing missing, the session closes at once"
    );
    assert!(
        w.interactions <= 30,
        "the walk-through took {} clicks and key presses; the budget is 30",
        w.interactions
    );

    let saved = w.saved();
    assert_eq!(saved.status, Status::Closed, "saved as closed");
    assert_eq!(
        w.saved_seal(),
        brief::session::Seal::Intact,
        "the saved file's seal is intact"
    );
    let step_of = |component: &str| {
        saved
            .coverage
            .iter()
            .filter(|e| e.component == component)
            .map(|e| e.step.as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        step_of("responsibility").first(),
        Some(&"introduce"),
        "responsibility first in introduce"
    );
    assert_eq!(
        step_of("feedback"),
        vec!["feedback"],
        "feedback delivered in the feedback step"
    );
    assert!(
        step_of("advice").contains(&"feedback"),
        "advice in the feedback step"
    );
    assert_eq!(
        step_of("menu"),
        vec!["goals"],
        "menu offered in the goals step"
    );
    assert!(
        step_of("self_efficacy").contains(&"goals"),
        "self-efficacy in the goals step"
    );
    assert!(
        step_of("empathy").contains(&"closure"),
        "empathy in the closure"
    );
    assert!(
        saved
            .coverage
            .iter()
            .all(|e| matches!(e.source, CoverageSource::Prompt(_))),
        "all recorded through prompts"
    );
    assert_eq!(saved.readiness.len(), 1, "one readiness entry");
    let r = &saved.readiness[0];
    assert_eq!(
        r.stage.as_deref(),
        Some("contemplation"),
        "the stage chosen"
    );
    assert_eq!(
        (r.importance, r.confidence),
        (Some(7), Some(4)),
        "the rulers"
    );
    assert_eq!(
        r.note, "Wants to cut down before the wedding",
        "the readiness note"
    );
    assert_eq!(
        saved.goal.options,
        vec!["alcohol_free_days".to_owned(), "diary".to_owned()],
        "two menu options"
    );
    assert_eq!(
        saved.goal.own_words, "No drinking on weeknights",
        "the patient's own words"
    );
    let screening = &saved.screenings[0];
    assert_eq!(
        screening.answers,
        vec![Some(2), Some(1), Some(1)],
        "AUDIT-C answers as indexes"
    );
    assert_eq!(
        screening.result.as_ref().map(|r| r.zone.as_str()),
        Some("positive"),
        "the result computed at the time"
    );
    assert!(
        saved.steps.iter().all(|s| s.state == StepState::Done),
        "every step done"
    );
}

#[test]
fn skipping_a_step_requires_a_reason() {
    let mut w = Walk::new();
    w.start_session("Male");
    w.click("Skip this step…");
    w.click("Skip with this reason");
    assert_eq!(
        w.session().step("introduce").unwrap().state,
        StepState::InProgress,
        "no reason, no skip"
    );
    w.type_into("Reason for skipping", "Patient raised it themselves");
    w.click("Skip with this reason");
    assert_eq!(
        w.session().step("introduce").unwrap().state,
        StepState::Skipped {
            reason: "Patient raised it themselves".to_owned()
        },
        "skipped with the reason"
    );
    assert_eq!(w.session().current_step, "screen", "skipping moves on");
}

#[test]
fn closing_with_a_missing_component_asks_first_and_records_the_reason() {
    let mut w = Walk::new();
    w.start_session("Not recorded");
    w.click("Step 5: Close (not started)");
    w.click("Close session…");
    assert_eq!(
        w.session().status,
        Status::Open,
        "not closed yet: it asks first"
    );
    assert!(
        w.harness
            .query_by_label_contains("Components not delivered: Feedback")
            .is_some(),
        "lists the missing components"
    );
    assert!(
        w.harness
            .query_by_label_contains("Steps not done")
            .is_some(),
        "lists the missing steps"
    );
    w.click("Close anyway");
    assert_eq!(w.session().status, Status::Open, "no reason, still open");
    w.type_into(
        "Reason for closing anyway",
        "Patient left for an urgent call",
    );
    w.click("Close anyway");
    let saved = w.saved();
    assert_eq!(saved.status, Status::Closed, "closed after giving a reason");
    assert_eq!(
        saved.close_reason.as_deref(),
        Some("Patient left for an urgent call"),
        "the reason is recorded"
    );
}

#[test]
fn marking_a_component_by_hand_records_the_step_and_note() {
    let mut w = Walk::new();
    w.start_session("Female");
    w.type_into("Note for a mark", "Reflected her worry about sleep");
    w.click("Mark delivered: Empathy");
    let e = &w.session().coverage[0];
    assert_eq!(
        (e.component.as_str(), e.step.as_str()),
        ("empathy", "introduce"),
        "by hand, in the current step"
    );
    assert_eq!(e.source, CoverageSource::ByHand, "recorded as by hand");
    assert_eq!(
        e.note.as_deref(),
        Some("Reflected her worry about sleep"),
        "with the note"
    );
}

#[test]
fn a_referral_is_recorded_with_its_level_and_response() {
    let mut w = Walk::new();
    w.start_session("Male");
    w.click("Step 4: Change & goals (not started)");
    w.click_role(Role::CheckBox, "Referral made");
    w.type_into("Referred to", "Community addiction service");
    w.click_role(Role::RadioButton, "Accepted");
    let referral = w.session().referral.clone().expect("a referral");
    assert_eq!(referral.to, "Community addiction service", "to whom");
    assert_eq!(referral.response, ReferralResponse::Accepted, "accepted");
}

#[test]
fn the_app_runs_with_no_data_and_in_a_zero_size_window() {
    let dir = tempfile::tempdir().unwrap();
    let app = BriefApp::new(
        ProtocolSet::bundled().unwrap(),
        Store::open(dir.path()).unwrap(),
        Prefs::default(),
    );
    let mut harness = Harness::builder()
        .with_size([1366.0, 768.0])
        .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
    harness.run_steps(5);
    assert!(
        harness.query_by_label("New session…").is_some(),
        "the start view shows with no data"
    );
    harness.set_size(egui::vec2(0.0, 0.0));
    harness.run_steps(5);
    harness.set_size(egui::vec2(1366.0, 768.0));
    harness.run_steps(2);
    harness.get_by_label("New session…").click();
    harness.run();
    assert!(
        harness.query_by_label("Start session").is_some(),
        "still usable after a zero-size window"
    );
}

#[test]
fn quitting_and_reopening_finds_the_session_exactly_as_left() {
    let dir = tempfile::tempdir().unwrap();
    let set = ProtocolSet::bundled().unwrap();
    let app = BriefApp::new(
        set.clone(),
        Store::open(dir.path()).unwrap(),
        Prefs::default(),
    );
    let mut harness = Harness::builder()
        .with_size([1366.0, 768.0])
        .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
    harness.get_by_label("New session…").click();
    harness.run();
    let field = harness.get_by_role_and_label(Role::TextInput, "Clinician id");
    field.focus();
    field.type_text("c-lee");
    let field = harness.get_by_role_and_label(Role::TextInput, "Patient reference");
    field.focus();
    field.type_text("P-2002");
    harness.run();
    harness.get_by_label("Start session").click();
    harness.run();
    harness.get_by_label("Step 2: Screen (not started)").click();
    harness.run();
    harness.get_by_label("Item 1: Monthly or less").click();
    harness.run();
    let left = harness.state().session().unwrap().clone();
    // Quit: eframe calls save_now on exit.
    harness.state_mut().save_now().unwrap();
    drop(harness);

    let mut reopened = BriefApp::new(set, Store::open(dir.path()).unwrap(), Prefs::default());
    reopened.open_session(&left.id).unwrap();
    assert_eq!(
        reopened.session(),
        Some(&left),
        "the session reopens exactly as it was left"
    );
    assert_eq!(
        left.screenings[0].answers[0],
        Some(1),
        "with the answer given"
    );
}

#[test]
fn a_failed_save_shows_a_banner_keeps_the_edit_and_saves_once_possible() {
    let mut w = Walk::new();
    w.start_session("Female");
    let id = w.session().id.clone();
    let path = w.harness.state().store().path_for(&id);
    let month = path.parent().unwrap().to_path_buf();
    // Make the session's folder unusable (a file where the folder was): even root cannot save.
    let aside = month.with_extension("aside");
    std::fs::rename(&month, &aside).unwrap();
    std::fs::write(&month, b"not a folder").unwrap();

    w.use_prompt("introduce.permission");
    w.harness.run_steps(4); // one simulated second: the autosave is due and fails
    assert!(
        w.harness.query_by_label_contains("Not saved").is_some(),
        "the banner says the change is not saved"
    );
    assert_eq!(w.session().coverage.len(), 2, "the edit is kept in memory");

    std::fs::remove_file(&month).unwrap();
    std::fs::rename(&aside, &month).unwrap();
    w.harness.run_steps(12); // the retry comes within a few simulated seconds
    assert!(
        w.harness.query_by_label_contains("Not saved").is_none(),
        "the banner goes once the save succeeds"
    );
    let on_disk = brief::store::read_session(&path).unwrap();
    assert_eq!(on_disk.coverage.len(), 2, "the kept edit reached the disk");
}

#[test]
fn the_ruler_suggests_a_stage_that_the_clinician_may_take() {
    let mut w = Walk::new();
    w.start_session("Male");
    w.click("Step 4: Change & goals (not started)");
    w.set_slider("Readiness", 5.0);
    let band = w.protocol.ruler.band(5).unwrap().clone();
    let stage = w
        .protocol
        .stages
        .iter()
        .find(|s| s.id == band.suggested_stage)
        .unwrap()
        .name
        .clone();
    assert!(
        w.harness
            .query_by_label_contains(&format!("Suggested from the readiness ruler: {stage}"))
            .is_some(),
        "the band's stage is suggested"
    );
    w.click("Use suggested stage");
    w.click("Record readiness");
    let entry = &w.session().readiness[0];
    assert_eq!(
        entry.stage.as_deref(),
        Some(band.suggested_stage.as_str()),
        "the suggested stage, taken"
    );
    assert_eq!(
        (entry.readiness, entry.importance),
        (Some(5), None),
        "only the ruler asked is recorded"
    );
}

#[test]
fn a_follow_up_shortcut_from_the_protocol_sets_the_date() {
    let t = chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let set = ProtocolSet::bundled().unwrap();
    let weeks = *set
        .default_protocol()
        .follow_up_weeks
        .first()
        .expect("the protocol offers follow-up intervals");
    let app = BriefApp::new(set, Store::open(dir.path()).unwrap(), Prefs::default())
        .with_clock(move || t);
    let harness = Harness::builder()
        .with_size([1366.0, 768.0])
        .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
    let mut w = Walk {
        harness,
        interactions: 0,
        protocol: ProtocolSet::bundled().unwrap().default_protocol().clone(),
        _dir: dir,
    };
    w.start_session("Female");
    w.click("Step 5: Close (not started)");
    w.click(&format!("In {weeks} weeks"));
    let expected = t.date_naive() + chrono::Duration::weeks(i64::from(weeks));
    assert_eq!(
        w.session().follow_up,
        Some(expected),
        "the follow-up is {weeks} weeks from today"
    );
}

// ---------------------------------------------------------------------------------------------
// Steps: the form comes from the step's kind, the order from the session.

/// The bundled protocols with every step id renamed (where declared and where named).
fn renamed_steps() -> ProtocolSet {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("instruments")).unwrap();
    for entry in std::fs::read_dir(root.join("instruments")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            dir.path()
                .join("instruments")
                .join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    let mut text = String::new();
    let mut in_step = false;
    for line in std::fs::read_to_string(root.join("brief_intervention.ron"))
        .unwrap()
        .lines()
    {
        let mut line = line.to_owned();
        for id in brief::protocol::STEP_IDS {
            let declares = in_step && line == format!("            id: \"{id}\",");
            if declares || line.contains("usual_steps:") {
                line = line.replace(&format!("\"{id}\""), &format!("\"family_{id}\""));
            }
        }
        in_step = line == "        Step(";
        text.push_str(&line);
        text.push('\n');
    }
    std::fs::write(dir.path().join("brief_intervention.ron"), text).unwrap();
    ProtocolSet::load_dir(dir.path()).unwrap()
}

#[test]
fn a_protocol_with_renamed_steps_still_shows_each_kinds_form() {
    let mut w = Walk::with_set(renamed_steps());
    w.start_session("Female");
    assert_eq!(
        w.session().current_step,
        "family_introduce",
        "the session follows the protocol's own step ids"
    );
    w.next_step();
    assert_eq!(w.session().current_step, "family_screen", "second step");
    assert!(
        w.harness.query_by_label("Instrument: AUDIT-C").is_some(),
        "the Screen-kind step shows the screening form"
    );
    w.click("Item 1: Monthly or less");
    assert_eq!(
        w.session().screenings.len(),
        1,
        "the form records a screening"
    );
    w.next_step();
    assert!(
        w.harness
            .query_by_label_contains("Low-risk limits")
            .is_some(),
        "the Feedback-kind step shows the limits"
    );
    w.next_step();
    assert!(
        w.harness.query_by_label("Record readiness").is_some(),
        "the Goals-kind step shows the rulers"
    );
    w.next_step();
    assert!(
        w.harness.query_by_label("Close session…").is_some(),
        "the Closure-kind step can close the session"
    );
    assert_eq!(
        w.saved()
            .steps
            .iter()
            .map(|r| r.step.as_str())
            .collect::<Vec<_>>(),
        [
            "family_introduce",
            "family_screen",
            "family_feedback",
            "family_goals",
            "family_closure"
        ],
        "the saved session has one record per protocol step"
    );
}

#[test]
fn previous_on_the_first_step_and_next_on_the_last_do_nothing() {
    let mut w = Walk::new();
    w.start_session("Female");
    assert!(
        w.harness.query_by_label("« Previous step").is_none(),
        "no previous button on the first step"
    );
    w.key(egui::Modifiers::CTRL, egui::Key::ArrowLeft);
    assert_eq!(
        w.session().current_step,
        "introduce",
        "Ctrl+← on the first step stays"
    );
    for _ in 0..6 {
        w.next_step();
    }
    assert_eq!(
        w.session().current_step,
        "closure",
        "Ctrl+→ stops at the last step"
    );
    assert!(
        w.harness.query_by_label("Next step »").is_none(),
        "no next button on the last step"
    );
    assert_eq!(
        w.session().steps_done(),
        4,
        "each step left by next is done"
    );
    w.click("« Previous step");
    assert_eq!(w.session().current_step, "goals", "the previous button");
    w.click("Next step »");
    assert_eq!(w.session().current_step, "closure", "the next button");
}

#[test]
fn the_pregnancy_advice_is_shown_unless_the_patient_is_male() {
    let pregnancy = ProtocolSet::bundled()
        .unwrap()
        .default_protocol()
        .low_risk_limits
        .pregnancy
        .clone();
    for (sex, shown) in [("Female", true), ("Not recorded", true), ("Male", false)] {
        let mut w = Walk::new();
        w.start_session(sex);
        w.click("Step 3: Feedback (not started)");
        assert_eq!(
            w.harness.query_by_label(&pregnancy).is_some(),
            shown,
            "pregnancy advice for sex {sex}"
        );
    }
}

#[test]
fn the_assist_opens_on_the_substance_its_file_names() {
    let mut w = Walk::new();
    w.start_session("Female");
    w.next_step();
    w.click("Instrument: ASSIST");
    assert!(
        w.harness
            .query_by_label_contains("how often have you used alcoholic beverages?")
            .is_some(),
        "the ASSIST opens on alcohol, as assist.ron says"
    );
}

#[test]
fn the_start_view_counts_the_protocols_components() {
    let mut w = Walk::new();
    w.start_session("Female");
    w.use_prompt("introduce.permission");
    w.harness.state_mut().save_now().unwrap();
    w.click("« Sessions");
    let n = w.protocol.components.len();
    assert!(
        w.harness.query_by_label("Components").is_some(),
        "the sessions table has a Components column"
    );
    assert!(
        w.harness.query_by_label(&format!("2/{n}")).is_some(),
        "the session's row counts against the protocol's {n} components"
    );
}

// ---------------------------------------------------------------------------------------------
// The window's own settings: in the config folder, owner-only; the data folder holds sessions.

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn window_settings_go_to_a_private_config_file_and_never_to_the_data_folder() {
    use brief::ui::settings;
    let data = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    let config = home.path().join("config").join("brief");
    let store = Store::open(data.path()).unwrap();

    let dir = settings::config_dir_from(Some(config.clone().into_os_string())).unwrap();
    assert_eq!(
        dir, config,
        "BRIEF_CONFIG_DIR overrides the platform folder"
    );
    let file = settings::prepare(&dir, None).unwrap();
    assert_eq!(file, config.join("app.ron"), "the settings file");
    assert_eq!(mode(&config), 0o700, "the config folder is owner-only");
    assert_eq!(mode(&file), 0o600, "the settings file is owner-only");

    let options = settings::native_options("brief", Some(file.clone()));
    assert_eq!(
        options.persistence_path.as_deref(),
        Some(file.as_path()),
        "eframe persists to the config file"
    );
    assert!(options.persist_window, "the window size is kept");

    // eframe rewrites the file with `File::create`, as its `save_to_disk` does: the mode stays.
    std::fs::write(&file, "{\"brief-prefs\": \"(clinician: \\\"c-lee\\\")\"}\n").unwrap();
    assert_eq!(mode(&file), 0o600, "still owner-only after eframe's save");

    assert!(
        !store.root().join("app.ron").exists(),
        "the data folder gets no app.ron"
    );
    let names: Vec<String> = std::fs::read_dir(store.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["sessions"], "the data folder holds only sessions");

    // Preparing again (the next start) keeps what was saved.
    let again = settings::prepare(&dir, None).unwrap();
    assert!(
        std::fs::read_to_string(&again).unwrap().contains("c-lee"),
        "saved settings survive a restart"
    );
}

#[cfg(unix)]
#[test]
fn settings_left_in_the_data_folder_by_an_earlier_build_move_to_the_config_folder() {
    use brief::ui::settings;
    let data = tempfile::tempdir().unwrap();
    let config = tempfile::tempdir().unwrap();
    {
        use std::os::unix::fs::PermissionsExt as _;
        let open = std::fs::Permissions::from_mode(0o755);
        std::fs::set_permissions(config.path(), open).unwrap();
    }
    let old = data.path().join("app.ron");
    std::fs::write(&old, "{\"brief-prefs\": \"(clinician: \\\"c-lee\\\")\"}\n").unwrap();
    let file = settings::prepare(config.path(), Some(&old)).unwrap();
    assert!(!old.exists(), "the data folder no longer has app.ron");
    assert!(
        std::fs::read_to_string(&file).unwrap().contains("c-lee"),
        "the clinician id offered next time is kept"
    );
    assert_eq!(mode(&file), 0o600, "the moved file is owner-only");
    assert_eq!(
        mode(config.path()),
        0o700,
        "an existing config folder is made owner-only"
    );
}

#[test]
fn without_a_settings_file_nothing_is_persisted() {
    let options = brief::ui::settings::native_options("brief", None);
    assert!(
        !options.persist_window && options.persistence_path.is_none(),
        "no window settings are written anywhere"
    );
}

#[test]
fn the_platform_config_folder_is_not_the_data_folder() {
    let config = brief::ui::settings::config_dir_from(None);
    if let (Some(config), Some(data)) = (config, Store::default_dir()) {
        assert_ne!(config, data, "settings and sessions are kept apart");
        assert!(
            !config.starts_with(&data),
            "the config folder {} is not inside the data folder {}",
            config.display(),
            data.display()
        );
    }
}
