//! The safety rules in the clinician window, driven by labels through `egui_kittest`: the panel
//! a clinician cannot miss, the advice that must not be given (limits in pregnancy or under
//! age, "drink within limits" in zone IV), the response recorded, and closing only once every
//! flag is answered. Every clinical text the tests look for is read from the protocol files.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

pub mod kit;

use brief::protocol::{Pregnancy, Protocol, ProtocolSet, SafetyRule};
use brief::session::{SafetyOutcome, Session, Status};
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use kit::Drive as _;

/// The clock the window runs on in these tests.
fn now() -> brief::session::Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").unwrap()
}

struct Walk {
    harness: Harness<'static, BriefApp>,
    protocol: Protocol,
    _dir: tempfile::TempDir,
}

impl Walk {
    fn new() -> Self {
        let set = ProtocolSet::bundled().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let protocol = set.default_protocol().clone();
        let app =
            BriefApp::new(set, Store::open(dir.path()).unwrap(), Prefs::default()).with_clock(now);
        let harness = Harness::builder()
            .with_size([1366.0, 768.0])
            .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
        Self {
            harness,
            protocol,
            _dir: dir,
        }
    }

    /// A new session for a patient of this sex ("Female", "Male", "Not recorded") and age.
    fn start(sex: &str, age: Option<u32>) -> Self {
        let mut w = Self::new();
        w.click("New session…");
        w.type_into("Clinician id", "c-lee");
        w.type_into("Patient reference", "P-3003");
        w.harness
            .get_by_role_and_label(Role::RadioButton, sex)
            .click();
        w.harness.run();
        if let Some(age) = age {
            w.type_into("Age", &age.to_string());
        }
        w.click("Start session");
        w
    }

    fn click(&mut self, label: &str) {
        self.harness.click(label);
    }

    fn click_check(&mut self, label: &str) {
        self.harness
            .get_by_role_and_label(Role::CheckBox, label)
            .scroll_to_me();
        self.harness.run();
        self.harness
            .get_by_role_and_label(Role::CheckBox, label)
            .click();
        self.harness.run();
    }

    fn type_into(&mut self, label: &str, text: &str) {
        self.harness.type_into(label, text);
    }

    fn next_step(&mut self) {
        self.harness
            .key_press_modifiers(egui::Modifiers::CTRL, egui::Key::ArrowRight);
        self.harness.run();
    }

    fn keys(&mut self, keys: &[egui::Key]) {
        for &key in keys {
            self.harness.key_press(key);
            self.harness.run();
        }
    }

    fn session(&self) -> &Session {
        self.harness.state().session().expect("a session is open")
    }

    fn rule(&self, id: &str) -> SafetyRule {
        self.protocol
            .safety
            .iter()
            .find(|r| r.id == id)
            .unwrap()
            .clone()
    }

    fn shows(&self, text: &str) -> bool {
        self.harness
            .query_all_by_label_contains(text)
            .next()
            .is_some()
    }

    /// The panel block of this rule is on screen, unanswered: its title and its patient text.
    fn shows_panel(&self, id: &str) -> bool {
        let rule = self.rule(id);
        self.shows(&rule.title) && self.harness.query_by_label(&rule.patient).is_some()
    }

    fn flag_active(&self, id: &str) -> bool {
        self.session()
            .safety
            .iter()
            .any(|f| f.rule == id && f.is_active())
    }

    fn prompt_text(&self, id: &str) -> String {
        self.protocol
            .steps
            .iter()
            .flat_map(|s| &s.prompts)
            .find(|p| p.id == id)
            .unwrap()
            .text
            .clone()
    }

    fn limit_texts(&self) -> Vec<String> {
        self.protocol
            .low_risk_limits
            .limits
            .iter()
            .map(|l| l.text.clone())
            .collect()
    }

    fn assert_no_limit_shown(&self, who: &str) {
        for text in self.limit_texts() {
            assert!(
                !self.shows(&text),
                "{who}: the low-risk limit \"{text}\" must not be shown"
            );
        }
    }

    /// The ASSIST on this substance (by its id in assist.ron).
    fn assist_on(&mut self, substance: &str) {
        if self.harness.query_by_label("Instrument: ASSIST").is_some() {
            self.click("Instrument: ASSIST");
        }
        let set = ProtocolSet::bundled().unwrap();
        let sub = set
            .instrument("assist")
            .unwrap()
            .substances
            .iter()
            .find(|s| s.id == substance)
            .unwrap()
            .clone();
        self.click("Substance");
        self.click(&format!("{} ({})", sub.name, sub.examples));
    }

    fn screening(&self, instrument: &str, substance: Option<&str>) -> Vec<Option<u32>> {
        self.session()
            .screenings
            .iter()
            .find(|s| s.instrument == instrument && s.substance.as_deref() == substance)
            .unwrap_or_else(|| panic!("a {instrument} {substance:?} screening"))
            .answers
            .clone()
    }
}

#[test]
fn a_pregnant_patient_sees_the_pregnancy_panel_and_never_the_low_risk_limits() {
    let mut w = Walk::start("Female", Some(30));
    w.next_step();
    assert_eq!(w.session().current_step, "screen", "in the screen step");
    let question = w.protocol.pregnancy_question.clone().unwrap().question;
    assert!(
        w.shows(&question),
        "the pregnancy question is asked of a woman of 30"
    );
    w.click("Pregnancy: Pregnant");
    assert_eq!(
        w.session().profile.pregnancy,
        Pregnancy::Pregnant,
        "the answer is the profile's pregnancy status"
    );
    assert_eq!(
        w.session().profile_changes.len(),
        1,
        "recorded as a profile change"
    );
    // The form now opens on the pregnancy screen it suggests; AUDIT-C is chosen instead.
    w.click("Instrument: AUDIT-C");
    // AUDIT-C 1 0 0: drinks monthly or less.
    w.click("Item 1: Monthly or less");
    w.click("Item 2: 1 or 2");
    w.click("Item 3: Never");
    assert!(w.flag_active("pregnancy"), "the pregnancy flag is raised");
    assert!(
        w.shows_panel("pregnancy"),
        "the screen step shows the pregnancy panel"
    );

    w.next_step();
    assert_eq!(w.session().current_step, "feedback", "in the feedback step");
    assert!(
        w.shows_panel("pregnancy"),
        "the feedback step shows the pregnancy panel"
    );
    let pregnancy = w.protocol.low_risk_limits.pregnancy.clone();
    assert!(
        w.harness.query_by_label(&pregnancy).is_some(),
        "the pregnancy advice is shown in place of the limits"
    );
    w.assert_no_limit_shown("a pregnant patient");
    let compare = w.prompt_text("feedback.compare_limits");
    assert!(
        w.harness
            .query_by_label(&format!("Used: {compare}"))
            .is_none(),
        "the prompt comparing with the limits cannot be marked used"
    );
    assert!(
        w.shows("Not for this patient"),
        "it is shown as not for this patient"
    );

    // The closing step offers the rule's shorter re-screen interval as a follow-up date.
    let rule = w.rule("pregnancy");
    let weeks = rule.rescreen_weeks.unwrap();
    w.click("Step 5: Close (not started)");
    w.click(&format!("Re-screen in {weeks} weeks ({})", rule.title));
    assert_eq!(
        w.session().follow_up,
        Some(now().date_naive() + chrono::Duration::weeks(i64::from(weeks))),
        "follow-up set {weeks} weeks from today"
    );
}

#[test]
fn a_man_with_a_morning_drink_gets_the_withdrawal_panel_and_the_response_is_recorded() {
    let mut w = Walk::start("Male", Some(40));
    w.next_step();
    w.click("Instrument: AUDIT");
    assert!(
        !w.flag_active("withdrawal_risk"),
        "nothing raised before the answer"
    );
    assert!(
        !w.shows(&w.rule("withdrawal_risk").title),
        "no panel before the answer"
    );
    w.click("Item 6: Less than monthly");
    assert!(
        w.flag_active("withdrawal_risk"),
        "item 6 above Never raises it"
    );
    assert!(
        w.shows_panel("withdrawal_risk"),
        "the screen step shows the withdrawal panel"
    );
    let from = &w
        .session()
        .safety
        .iter()
        .find(|f| f.rule == "withdrawal_risk")
        .unwrap()
        .from;
    assert!(
        from.iter().any(|f| f.contains("item 6")),
        "it says what raised it: {from:?}"
    );

    w.next_step();
    assert_eq!(w.session().current_step, "feedback", "in the feedback step");
    assert!(
        w.shows_panel("withdrawal_risk"),
        "the feedback step shows the withdrawal panel"
    );
    let rule = w.rule("withdrawal_risk");
    assert!(
        w.harness.query_by_label(&rule.clinician).is_some(),
        "with what the clinician must do"
    );
    let concern = w.prompt_text("feedback.concern_advice");
    assert!(
        w.harness
            .query_by_label(&format!("Used: {concern}"))
            .is_none(),
        "the advice to cut down or stop is held back"
    );
    let point = rule.advice[0].clone();
    w.click_check(&point.text);
    w.click(&format!("Advice given: {}", rule.title));
    let flag = w
        .session()
        .safety
        .iter()
        .find(|f| f.rule == "withdrawal_risk")
        .unwrap()
        .clone();
    match flag.response.map(|r| r.outcome) {
        Some(SafetyOutcome::Given { advice, .. }) => {
            assert_eq!(advice, vec![point.id], "the ticked point is recorded");
        }
        other => panic!("advice recorded as given, got {other:?}"),
    }
    assert!(
        w.shows("Answered: advice given"),
        "the block folds to one line that says it was given"
    );
    assert!(w.shows(&rule.title), "the answered flag stays on screen");
    assert!(
        w.harness.query_by_label(&rule.patient).is_none(),
        "folded: the patient text is not repeated"
    );

    // Change the response: not given, with a reason.
    w.click(&format!("Change response: {}", rule.title));
    w.click(&format!("Not given: {}", rule.title));
    w.click(&format!("Record reason: {}", rule.title));
    assert!(
        matches!(
            w.session().safety[0].response.as_ref().map(|r| &r.outcome),
            Some(SafetyOutcome::Given { .. })
        ),
        "no reason typed: nothing recorded"
    );
    w.type_into(
        &format!("Reason not given: {}", rule.title),
        "Patient left before advice",
    );
    w.click(&format!("Record reason: {}", rule.title));
    assert_eq!(
        w.session().safety[0].response.as_ref().map(|r| &r.outcome),
        Some(&SafetyOutcome::NotGiven {
            reason: "Patient left before advice".to_owned()
        }),
        "the reason is recorded"
    );
    assert!(
        w.shows("Not given: Patient left before advice"),
        "the folded line shows the reason"
    );
}

#[test]
fn in_zone_iv_drinking_within_limits_is_chosen_only_with_a_reason() {
    use egui::Key::{Num3, Num5};
    let mut w = Walk::start("Male", Some(40));
    w.next_step();
    w.click("Instrument: AUDIT");
    // Items 1-8 at their highest (option 5), items 9-10 at theirs (option 3): 40, zone IV.
    w.keys(&[Num5, Num5, Num5, Num5, Num5, Num5, Num5, Num5, Num3, Num3]);
    let zone = w.session().screenings[0].result.clone().unwrap().zone;
    assert_eq!(zone, "IV", "AUDIT 40 is zone IV");
    w.next_step();
    w.next_step();
    assert_eq!(w.session().current_step, "goals", "in the goals step");
    let limits = w
        .protocol
        .menu
        .iter()
        .find(|m| m.id == "limits")
        .unwrap()
        .label
        .clone();
    assert!(
        w.shows("Not advised: AUDIT 40"),
        "the option says why it is not advised"
    );
    assert!(
        w.shows("Recommended:"),
        "the zone's options are recommended"
    );
    w.click_check(&limits);
    assert!(
        !w.session().goal.options.iter().any(|o| o == "limits"),
        "not chosen without a reason"
    );
    w.type_into(
        &format!("Reason to choose “{limits}” anyway"),
        "Declines abstinence; agreed harm reduction first",
    );
    w.click_check(&limits);
    let goal = &w.session().goal;
    assert!(
        goal.options.iter().any(|o| o == "limits"),
        "chosen with a reason"
    );
    assert_eq!(
        goal.reason_for("limits"),
        Some("Declines abstinence; agreed harm reduction first"),
        "the reason is kept with the goal"
    );
}

#[test]
fn closing_with_an_unanswered_flag_asks_for_the_response_first() {
    let mut w = Walk::start("Male", Some(40));
    w.next_step();
    w.click("Instrument: AUDIT");
    w.click("Item 6: Less than monthly");
    w.click("Step 5: Close (not started)");
    assert!(
        w.shows("Answer the safety flags first"),
        "the closure step asks for the response"
    );
    let close = w.harness.get_by_label("Close session…");
    assert!(
        close.accesskit_node().is_disabled(),
        "Close is disabled while a flag is unanswered"
    );
    close.click();
    w.harness.run();
    assert_eq!(w.session().status, Status::Open, "still open");

    let rule = w.rule("withdrawal_risk");
    w.click(&format!("Advice given (before closing): {}", rule.title));
    assert!(
        w.session().safety.iter().all(|f| f.response.is_some()),
        "answered from the closure step"
    );
    assert!(
        !w.shows("Answer the safety flags first"),
        "nothing left to answer"
    );
    w.click("Close session…");
    w.type_into("Reason for closing anyway", "Short visit");
    w.click("Close anyway");
    assert_eq!(w.session().status, Status::Closed, "closes once answered");
    assert!(
        w.shows(&rule.title),
        "the closed session still shows the flag (read-only)"
    );
    assert!(
        w.harness
            .query_by_label(&format!("Change response: {}", rule.title))
            .is_none(),
        "and offers no change"
    );
}

#[test]
fn a_sixteen_year_old_sees_the_underage_panel_and_no_limits() {
    let mut w = Walk::start("Male", Some(16));
    // Raised by the profile alone: shown from the first step, before anything is clicked.
    assert!(
        w.flag_active("underage"),
        "the underage flag is raised at once"
    );
    assert!(
        w.shows_panel("underage"),
        "the underage panel shows in the first step"
    );
    w.next_step();
    assert!(w.shows_panel("underage"), "and in the screen step");
    // The step suggests an adolescent screen; the adult one, chosen anyway, is marked.
    w.click("Instrument: AUDIT-C");
    assert!(
        w.shows("is validated from age 18"),
        "the instrument is marked as not validated at 16"
    );
    w.click("Item 1: Monthly or less");
    w.next_step();
    assert!(
        w.shows_panel("underage"),
        "the feedback step shows the underage panel"
    );
    let underage = w.protocol.low_risk_limits.underage.clone().unwrap();
    assert!(
        w.harness.query_by_label(&underage).is_some(),
        "the underage advice is said instead of the limits"
    );
    w.assert_no_limit_shown("a 16-year-old");
}

#[test]
fn an_opioid_user_who_injects_gets_the_overdose_and_injecting_panels() {
    let mut w = Walk::start("Male", Some(30));
    w.next_step();
    w.click("Instrument: ASSIST");
    // Alcohol first: ever used, then the injecting question is answered under opioids.
    w.click("Item Q1: Yes");
    assert_eq!(
        w.screening("assist", Some("alcohol")).len(),
        8,
        "the ASSIST records Q1 to Q8"
    );
    w.assist_on("opioids");
    w.click("Item Q1: Yes");
    w.click("Item Q2: Weekly");
    w.click("Item Q8: Yes, in the past 3 months");
    assert!(
        w.flag_active("overdose_risk"),
        "the overdose flag is raised"
    );
    assert!(w.flag_active("injecting"), "the injecting flag is raised");
    assert!(w.shows_panel("overdose_risk"), "the overdose panel shows");
    assert!(w.shows_panel("injecting"), "the injecting panel shows");
    assert_eq!(
        w.screening("assist", Some("alcohol"))[7],
        Some(1),
        "Q8 is asked once: the alcohol screening has the same answer"
    );
    // A substance screened after Q8 was answered starts with that answer.
    w.assist_on("cannabis");
    w.click("Item Q1: No");
    assert_eq!(
        w.screening("assist", Some("cannabis"))[7],
        Some(1),
        "pre-filled from the session's other ASSIST screenings"
    );

    w.assist_on("opioids");
    w.next_step();
    assert!(
        w.shows_panel("overdose_risk") && w.shows_panel("injecting"),
        "both panels in the feedback step"
    );
    assert!(
        w.shows("Regular use is linked to:"),
        "the ASSIST feedback lists the substance's risks"
    );
}

#[test]
fn the_pregnancy_status_can_be_changed_from_the_top_bar() {
    let mut w = Walk::start("Female", None);
    assert!(
        w.shows("pregnancy: not asked"),
        "the top bar shows the profile"
    );
    w.click("Edit profile…");
    w.type_into("Patient age", "28");
    w.click("Profile pregnancy: Trying to conceive");
    w.click("Save profile");
    let profile = w.session().profile;
    assert_eq!(
        (profile.age, profile.pregnancy),
        (Some(28), Pregnancy::Trying),
        "the profile as edited"
    );
    assert_eq!(
        w.session().profile_changes.len(),
        1,
        "recorded as a profile change"
    );
    assert!(
        w.shows("Female, age 28, pregnancy: trying to conceive"),
        "the top bar follows"
    );
}

#[test]
fn old_release_sessions_open_in_the_window_with_no_safety_panel() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/release-2b75490/sessions");
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut stack = vec![fixtures.clone()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let to = dir
                    .path()
                    .join("sessions")
                    .join(path.strip_prefix(&fixtures).unwrap());
                std::fs::create_dir_all(to.parent().unwrap()).unwrap();
                std::fs::copy(&path, &to).unwrap();
                files.push(to);
            }
        }
    }
    assert!(files.len() >= 8, "the fixtures are there");
    let app = BriefApp::new(
        ProtocolSet::bundled().unwrap(),
        Store::open(dir.path()).unwrap(),
        Prefs::default(),
    )
    .with_audit_pins(None);
    let mut harness = Harness::builder()
        .with_size([1366.0, 768.0])
        .allow_missing_glyphs()
        .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
    harness.run_steps(2);
    for file in files {
        let before = std::fs::read(&file).unwrap();
        let parsed = brief::store::read_session(&file).unwrap();
        harness.state_mut().open_session(&parsed.id).unwrap();
        harness.run_steps(3);
        assert!(
            harness
                .query_by_label_contains(&format!("Patient {}", parsed.patient))
                .is_some(),
            "{} is drawn",
            parsed.id
        );
        assert!(
            harness.query_by_label_contains("Safety flag").is_none(),
            "{} shows no safety panel",
            parsed.id
        );
        assert!(
            harness.state().session().unwrap().safety.is_empty(),
            "{} has no flags",
            parsed.id
        );
        assert_eq!(
            std::fs::read(&file).unwrap(),
            before,
            "opening {} leaves its file as it was",
            parsed.id
        );
    }
}
