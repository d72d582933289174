//! Stepped screening, the feedback pictures, credited coverage and the take-home sheet in the
//! clinician window, driven by label as a clinician would.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

pub mod kit;

use brief::protocol::ProtocolSet;
use brief::session::Session;
use brief::store::Store;
use brief::ui::{BriefApp, HandoutOutput, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kit::Drive as _;

struct Walk {
    harness: Harness<'static, BriefApp>,
    sheets: tempfile::TempDir,
    _dir: tempfile::TempDir,
}

impl Walk {
    /// A new session for a patient of this sex and age, on the screen step.
    fn start(sex: &str, age: u32) -> Self {
        let set = ProtocolSet::bundled().unwrap();
        let (dir, sheets) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let app = BriefApp::new(set, Store::open(dir.path()).unwrap(), Prefs::default())
            .with_handouts(HandoutOutput {
                dir: Some(sheets.path().to_path_buf()),
                open: false,
            });
        let harness = Harness::builder()
            .with_size([1366.0, 900.0])
            .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
        let mut w = Self {
            harness,
            sheets,
            _dir: dir,
        };
        w.click("New session…");
        w.type_into("Clinician id", "c-lee");
        w.type_into("Patient reference", "P-4242");
        w.harness
            .get_by_role_and_label(Role::RadioButton, sex)
            .click();
        w.harness.run();
        w.type_into("Age", &age.to_string());
        w.click("Start session");
        w.next_step();
        w
    }

    fn click(&mut self, label: &str) {
        self.harness.click(label);
    }

    fn type_into(&mut self, label: &str, text: &str) {
        self.harness.type_into(label, text);
    }

    fn next_step(&mut self) {
        self.harness
            .key_press_modifiers(egui::Modifiers::CTRL, egui::Key::ArrowRight);
        self.harness.run();
    }

    /// Answers the focused items with the number keys (option index + 1).
    fn answer(&mut self, options: &[u32]) {
        const KEYS: [egui::Key; 5] = [
            egui::Key::Num1,
            egui::Key::Num2,
            egui::Key::Num3,
            egui::Key::Num4,
            egui::Key::Num5,
        ];
        for &o in options {
            self.harness.key_press(KEYS[o as usize]);
            self.harness.run();
        }
    }

    fn session(&self) -> &Session {
        self.harness.state().session().expect("a session is open")
    }

    fn screening(&self, instrument: &str) -> Option<&brief::session::Screening> {
        self.session()
            .screenings
            .iter()
            .find(|s| s.instrument == instrument)
    }

    fn shows(&self, text: &str) -> bool {
        self.harness.query_by_label_contains(text).is_some()
    }
}

#[test]
fn a_positive_audit_c_continues_into_the_full_audit_with_its_three_answers_counted_once() {
    let mut w = Walk::start("Male", 40);
    assert!(
        !w.shows("Continue with the full AUDIT"),
        "not offered before the AUDIT-C is answered"
    );
    // AUDIT-C 2-3 times a week, 3 or 4, monthly: 3 + 1 + 2 = 6, positive for a man.
    w.answer(&[3, 1, 2]);
    assert_eq!(
        w.screening("audit-c")
            .unwrap()
            .result
            .as_ref()
            .unwrap()
            .zone,
        "positive",
        "AUDIT-C positive"
    );
    w.click("Continue with the full AUDIT");
    let audit = w
        .screening("audit")
        .expect("the AUDIT was started in one click");
    assert_eq!(
        audit.answers[..3],
        [Some(3), Some(1), Some(2)],
        "items 1-3 carried over from the AUDIT-C"
    );
    assert!(
        audit.answers[3..].iter().all(Option::is_none),
        "items 4-10 still to ask"
    );
    assert!(
        w.shows("AUDIT items 1–3 are the AUDIT-C"),
        "the form says the items are shared"
    );
    assert!(
        w.shows("check the drink counts"),
        "and that the two forms count different drinks"
    );
    // The number keys go on at item 4: never, never, never, never, never, no, no.
    w.answer(&[0, 0, 0, 0, 0, 0, 0]);
    let audit = w.screening("audit").unwrap();
    let result = audit.result.as_ref().unwrap();
    assert!(result.complete, "the AUDIT is complete");
    assert_eq!(
        result.total, 6,
        "AUDIT = items 1-3 once (6) + items 4-10 (0), not 12"
    );
    assert_eq!(
        w.screening("audit-c")
            .unwrap()
            .result
            .as_ref()
            .unwrap()
            .total,
        6,
        "the AUDIT-C keeps its own total"
    );
    assert!(
        !w.shows("Continue with the full AUDIT"),
        "not offered again once given"
    );

    // An answer changed in the AUDIT is changed in the AUDIT-C: one answer, one question.
    w.click("Instrument: AUDIT");
    w.click("Item 2: 5 or 6");
    assert_eq!(
        w.screening("audit-c").unwrap().answers[1],
        Some(2),
        "the AUDIT-C follows item 2"
    );
    assert_eq!(
        w.screening("audit-c")
            .unwrap()
            .result
            .as_ref()
            .unwrap()
            .total,
        7,
        "and is scored again"
    );
    assert_eq!(
        w.screening("audit").unwrap().result.as_ref().unwrap().total,
        7,
        "AUDIT 7"
    );

    // The note shows both, and says where AUDIT items 1-3 came from.
    let set = ProtocolSet::bundled().unwrap();
    let note = brief::note::clinical_note(w.session(), &set, w.session().created);
    assert!(
        note.contains("Screening: AUDIT-C 7/12"),
        "the AUDIT-C line:\n{note}"
    );
    assert!(
        note.contains("Screening: AUDIT 7/40"),
        "the AUDIT line:\n{note}"
    );
    assert!(
        note.contains("Items 1–3 from the AUDIT-C (the same questions, counted once)"),
        "where items 1-3 came from:\n{note}"
    );
    // The sheet reports the AUDIT once, with the AUDIT-C inside it.
    let sheet = brief::handout::sheet(w.session(), &set).unwrap().text();
    assert!(
        sheet.contains("AUDIT: 7 points out of 40"),
        "the AUDIT:\n{sheet}"
    );
    assert!(
        !sheet.contains("\nAUDIT-C: 7 points"),
        "the AUDIT-C is not a second result:\n{sheet}"
    );
    assert!(
        sheet.contains("Questions 1 to 3 of the AUDIT are the AUDIT-C: 7 points out of 12"),
        "it is named inside the AUDIT:\n{sheet}"
    );
}

#[test]
fn a_negative_audit_c_does_not_offer_the_full_audit() {
    let mut w = Walk::start("Male", 40);
    w.answer(&[1, 0, 0]);
    assert_eq!(
        w.screening("audit-c")
            .unwrap()
            .result
            .as_ref()
            .unwrap()
            .zone,
        "negative",
        "AUDIT-C 1 is negative"
    );
    assert!(!w.shows("Continue with the full AUDIT"), "not offered");
}

#[test]
fn the_feedback_step_pictures_the_zones_and_the_drinks_against_the_limit() {
    let mut w = Walk::start("Male", 40);
    w.answer(&[3, 2, 2]);
    w.next_step();
    assert!(
        w.shows("AUDIT-C zones: score 7"),
        "the zone picture, marked at 7"
    );
    assert!(
        w.shows("Drinks a week against the weekly limit: About 10–18 a week; limit 14"),
        "the drinks picture against the limit of 14"
    );
    assert!(
        w.shows("about 10–18 drinks a week"),
        "and the estimate in words"
    );
}

#[test]
fn the_drinks_picture_is_not_drawn_when_the_limits_are_held_back_and_it_says_why() {
    // 19: the AUDIT-C is suggested (CRAFFT is not licensed), and no limit applies under 21.
    let mut w = Walk::start("Male", 19);
    w.answer(&[3, 2, 2]);
    w.next_step();
    assert!(
        w.shows("AUDIT-C zones: score 7"),
        "the zone picture is drawn"
    );
    assert!(
        !w.shows("Drinks a week against the weekly limit"),
        "no limit picture for a minor"
    );
    assert!(
        w.shows("No limit drawn: no amount is low-risk below the drinking age"),
        "and it says why"
    );
}

#[test]
fn menu_options_chosen_show_the_menu_delivered_in_the_component_panel() {
    let mut w = Walk::start("Male", 40);
    w.answer(&[3, 2, 2]);
    w.next_step();
    w.next_step();
    assert!(
        w.session().first_delivery("menu").is_none(),
        "no menu coverage recorded"
    );
    let set = ProtocolSet::bundled().unwrap();
    let diary = set
        .default_protocol()
        .menu
        .iter()
        .find(|m| m.id == "diary")
        .unwrap()
        .label
        .clone();
    assert!(!w.shows("(options chosen)"), "not credited before a choice");
    w.harness
        .get_by_role_and_label(Role::CheckBox, &diary)
        .click();
    w.harness.run();
    assert_eq!(
        w.session().goal.options,
        ["diary"],
        "the option is recorded"
    );
    assert!(
        w.shows("Change & goals (options chosen)"),
        "the panel credits the menu from the option chosen"
    );
    assert!(
        w.session().coverage.iter().all(|e| e.component != "menu"),
        "without writing a coverage event"
    );
}

#[test]
fn the_closing_step_writes_the_take_home_sheet_and_records_it() {
    let mut w = Walk::start("Male", 40);
    w.answer(&[3, 2, 2]);
    for _ in 0..3 {
        w.next_step();
    }
    assert_eq!(w.session().current_step, "closure", "on the closing step");
    w.click("Take-home sheet…");
    let path = w
        .sheets
        .path()
        .join(brief::handout::file_name(&w.session().id));
    assert!(path.is_file(), "the sheet is written to the sheets folder");
    assert!(
        w.shows(&format!("Written to {}", path.display())),
        "and the window says where"
    );
    assert_eq!(w.session().handouts.len(), 1, "giving it is recorded");
    assert!(w.shows("Given at"), "and shown");
    assert!(
        w.shows("(take-home sheet given)"),
        "feedback is credited from the sheet"
    );
}
