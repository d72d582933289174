//! The screen step routes each patient to the instrument that fits (S2BI for a teenager, TWEAK
//! in pregnancy, AUDIT-C for an adult) and says why; an instrument whose software licence the
//! clinic has not recorded (CRAFFT) is shown unavailable with whom to ask, and offered once a
//! protocol folder records the licence; the suggestion is kept with each screening; and the
//! prevention tier and factors are recorded. Driven by labels through `egui_kittest`; every
//! clinical text the tests look for is read from the protocol files.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

pub mod kit;

use kit::Drive as _;
use std::path::Path;

use brief::protocol::{Pregnancy, Protocol, ProtocolSet, ScreeningRoute};
use brief::session::{PreventionRecord, Screening, Session};
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui::accesskit::{Role, Toggled};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};

/// The clock the window runs on in these tests.
fn now() -> brief::session::Timestamp {
    chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").unwrap()
}

struct Walk {
    harness: Harness<'static, BriefApp>,
    protocol: Protocol,
    set: ProtocolSet,
    _dir: tempfile::TempDir,
}

impl Walk {
    fn with_set(set: ProtocolSet) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let protocol = set.default_protocol().clone();
        let app = BriefApp::new(
            set.clone(),
            Store::open(dir.path()).unwrap(),
            Prefs::default(),
        )
        .with_clock(now);
        let harness = Harness::builder()
            .with_size([1366.0, 768.0])
            .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
        Self {
            harness,
            protocol,
            set,
            _dir: dir,
        }
    }

    /// A new session for a patient of this sex ("Female", "Male", "Not recorded") and age, in
    /// the screen step.
    fn screen(sex: &str, age: u32) -> Self {
        Self::screen_with(ProtocolSet::bundled().unwrap(), sex, age)
    }

    fn screen_with(set: ProtocolSet, sex: &str, age: u32) -> Self {
        let mut w = Self::with_set(set);
        w.click("New session…");
        w.type_into("Clinician id", "c-lee");
        w.type_into("Patient reference", "P-4004");
        w.harness
            .get_by_role_and_label(Role::RadioButton, sex)
            .click();
        w.harness.run();
        w.type_into("Age", &age.to_string());
        w.click("Start session");
        w.harness
            .key_press_modifiers(egui::Modifiers::CTRL, egui::Key::ArrowRight);
        w.harness.run();
        assert_eq!(w.session().current_step, "screen", "in the screen step");
        w
    }

    fn click(&mut self, label: &str) {
        self.harness.click(label);
    }

    fn click_check(&mut self, label: &str) {
        let check = self.harness.get_by_role_and_label(Role::CheckBox, label);
        check.scroll_to_me();
        self.harness.run();
        self.harness
            .get_by_role_and_label(Role::CheckBox, label)
            .click();
        self.harness.run();
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

    /// The one label on screen containing `text`.
    fn line_with(&self, text: &str) -> String {
        let node = self.harness.get_by_label_contains(text);
        // A label keeps its text in the value.
        let node = node.accesskit_node();
        node.value().or_else(|| node.label()).unwrap_or_default()
    }

    /// The instrument button for this short name is shown selected.
    fn on_instrument(&self, short_name: &str) -> bool {
        self.harness
            .get_by_label(&format!("Instrument: {short_name}"))
            .accesskit_node()
            .toggled()
            == Some(Toggled::True)
    }

    /// The route the protocol file gives for patients screened with this instrument first.
    fn route_naming(&self, instrument: &str) -> ScreeningRoute {
        self.protocol
            .screening_routes
            .iter()
            .find(|r| r.instruments.iter().any(|i| i == instrument))
            .unwrap()
            .clone()
    }

    fn screening(&self, instrument: &str) -> Screening {
        self.session()
            .screenings
            .iter()
            .find(|s| s.instrument == instrument)
            .unwrap_or_else(|| panic!("a {instrument} screening"))
            .clone()
    }

    /// The text of an instrument's item, as its file gives it.
    fn item_text(&self, instrument: &str, item: &str) -> String {
        self.set
            .instrument(instrument)
            .unwrap()
            .items
            .iter()
            .find(|i| i.id == item)
            .unwrap()
            .text
            .clone()
    }
}

#[test]
fn a_fifteen_year_old_is_screened_with_s2bi_and_crafft_is_unavailable() {
    let mut w = Walk::screen("Male", 15);
    let route = w.route_naming("s2bi");
    assert!(w.shows("Suggested: S2BI"), "S2BI is suggested at 15");
    assert!(w.shows(&route.why), "and the step says why");
    assert!(w.on_instrument("S2BI"), "the form opens on S2BI");
    assert!(
        w.shows(&w.item_text("s2bi", "alcohol")),
        "with S2BI's questions"
    );
    assert!(
        !w.shows("may not fit this patient"),
        "S2BI fits a 15-year-old: no validated-age warning"
    );

    // CRAFFT: listed, not available, with the reason and whom to ask.
    assert!(
        w.harness.query_by_label("Instrument: CRAFFT").is_none(),
        "CRAFFT is not offered as a choice"
    );
    let crafft = w.harness.get_by_label("Instrument: CRAFFT (not available)");
    assert!(
        crafft.accesskit_node().is_disabled(),
        "its button is disabled"
    );
    let why = w.line_with("CRAFFT: not available");
    assert!(
        why.contains("software use not confirmed by") && why.contains("Boston Children's Hospital"),
        "the reason names the licence holder: {why}"
    );
    assert!(why.contains("ask "), "and whom to ask: {why}");
    crafft.click();
    w.harness.run();
    assert!(w.on_instrument("S2BI"), "clicking CRAFFT changes nothing");
    assert!(
        !w.shows(&w.item_text("crafft", "c")),
        "CRAFFT's questions are not shown"
    );

    w.click("Item 2: Monthly");
    let screening = w.screening("s2bi");
    assert_eq!(
        screening.suggested.as_deref(),
        Some("s2bi"),
        "the suggestion is recorded with the screening"
    );
    assert_eq!(
        screening.result.unwrap().zone,
        "monthly",
        "alcohol monthly is the monthly category"
    );
}

#[test]
fn a_pregnant_woman_is_suggested_tweak_and_the_audit_c_chosen_instead_keeps_the_suggestion() {
    let mut w = Walk::screen("Female", 30);
    assert!(
        w.shows("Suggested: AUDIT-C"),
        "not asked yet: the adult instrument"
    );
    w.click("Pregnancy: Pregnant");
    assert_eq!(w.session().profile.pregnancy, Pregnancy::Pregnant);
    let route = w.route_naming("tweak");
    assert!(
        w.shows("Suggested: TWEAK"),
        "TWEAK is suggested in pregnancy"
    );
    assert!(w.shows(&route.why), "and the step says why");
    assert!(w.on_instrument("TWEAK"), "the form follows the suggestion");

    // T-ACE can be chosen too; its tolerance is a number of drinks.
    w.click("Instrument: T-ACE");
    assert!(w.on_instrument("T-ACE"), "T-ACE chosen");
    assert!(
        w.shows(&w.item_text("t-ace", "t")),
        "with T-ACE's questions"
    );
    w.type_into("Item T: number of drinks", "3");
    let t_ace = w.screening("t-ace");
    assert_eq!(t_ace.answers[0], Some(3), "3 drinks recorded as the count");
    assert_eq!(
        t_ace.result.unwrap().total,
        2,
        "3 drinks to feel high scores 2"
    );
    assert_eq!(t_ace.suggested.as_deref(), Some("tweak"));

    w.click("Instrument: AUDIT-C");
    w.click("Item 1: Monthly or less");
    assert_eq!(
        w.screening("audit-c").suggested.as_deref(),
        Some("tweak"),
        "the instrument suggested is kept with the one chosen"
    );
    assert!(
        w.on_instrument("AUDIT-C"),
        "the clinician's choice stays on screen"
    );
}

#[test]
fn a_man_of_forty_is_suggested_audit_c() {
    let mut w = Walk::screen("Male", 40);
    let route = w.route_naming("audit");
    assert!(w.shows("Suggested: AUDIT-C"), "AUDIT-C is suggested at 40");
    assert!(w.shows(&route.why), "and the step says why");
    assert!(w.on_instrument("AUDIT-C"), "the form opens on AUDIT-C");
    w.click("Item 1: Monthly or less");
    assert_eq!(w.screening("audit-c").suggested.as_deref(), Some("audit-c"));
}

#[test]
fn an_instrument_used_outside_its_validated_ages_is_marked() {
    let mut w = Walk::screen("Male", 19);
    assert!(
        w.shows("Suggested: AUDIT-C"),
        "CRAFFT refused: AUDIT-C at 19"
    );
    w.click("Instrument: S2BI");
    assert!(
        w.shows("S2BI is validated up to age 17"),
        "S2BI at 19 is marked as past its validated ages"
    );
    w.click("Licence");
    let ins = w.set.instrument("s2bi").unwrap().clone();
    assert!(
        w.shows(&ins.licence.owner) && w.shows(&ins.licence.terms),
        "the licence shows who holds it and its terms"
    );
    assert!(w.shows("software use confirmed"), "and its state in brief");
}

/// A copy of the bundled protocol folder with a `licences.ron` recording CRAFFT.
fn licensed_set(dir: &Path) -> ProtocolSet {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols");
    for sub in ["", "instruments"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(from.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    std::fs::write(
        dir.join(brief::protocol::LICENCES_FILE),
        r#"Licences(held: [HeldLicence(instrument: "crafft", granted_by: "Boston Children's Hospital", reference: "Agreement BCH-2026-117")])"#,
    )
    .unwrap();
    ProtocolSet::load_dir(dir).unwrap()
}

#[test]
fn with_the_licence_recorded_a_fifteen_year_old_is_suggested_crafft() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = Walk::screen_with(licensed_set(dir.path()), "Female", 15);
    assert!(w.shows("Suggested: CRAFFT"), "CRAFFT first once licensed");
    assert!(w.on_instrument("CRAFFT"), "the form opens on CRAFFT");
    assert!(!w.shows("not available"), "nothing is shown unavailable");
    w.click("Licence");
    assert!(
        w.shows("licence held by this clinic") && w.shows("Agreement BCH-2026-117"),
        "the licence says the clinic holds it"
    );
    w.click("Item C: No");
    assert_eq!(w.screening("crafft").suggested.as_deref(), Some("crafft"));

    // S2BI can still be chosen.
    w.click("Instrument: S2BI");
    assert!(w.on_instrument("S2BI"), "S2BI chosen");
}

#[test]
fn a_sixteen_year_olds_prevention_tier_and_factors_are_recorded() {
    let mut w = Walk::screen("Female", 16);
    let prevention = w.protocol.prevention.clone().unwrap();
    let tier = prevention.tiers[1].clone();
    let risk = prevention.risk_factors[4].clone();
    let protective = prevention.protective_factors[1].clone();
    w.click("Prevention tier and factors");
    w.click(&format!("Prevention tier: {}", tier.name));
    w.click_check(&format!("Risk factor: {}", risk.text));
    w.click_check(&format!("Protective factor: {}", protective.text));
    assert_eq!(
        w.session().prevention,
        Some(PreventionRecord {
            tier: Some(tier.id.clone()),
            risk_factors: vec![risk.id.clone()],
            protective_factors: vec![protective.id.clone()],
        }),
        "the tier and the factors ticked are recorded by id"
    );
    w.click_check(&format!("Protective factor: {}", protective.text));
    assert_eq!(
        w.session().prevention.as_ref().unwrap().protective_factors,
        Vec::<String>::new(),
        "unticking removes the factor"
    );
}

#[test]
fn a_man_of_forty_sees_the_tiers_but_no_factor_checklist() {
    let mut w = Walk::screen("Male", 40);
    let prevention = w.protocol.prevention.clone().unwrap();
    w.click("Prevention tier and factors");
    for tier in &prevention.tiers {
        assert!(
            w.harness
                .query_by_label(&format!("Prevention tier: {}", tier.name))
                .is_some(),
            "the {} tier is offered",
            tier.id
        );
    }
    assert!(
        !w.shows("Risk factor:") && !w.shows("Protective factor:"),
        "no factor checklist at 40"
    );
    w.click(&format!("Prevention tier: {}", prevention.tiers[0].name));
    assert_eq!(
        w.session().prevention,
        Some(PreventionRecord {
            tier: Some(prevention.tiers[0].id.clone()),
            ..PreventionRecord::default()
        }),
        "the tier alone is recorded"
    );
}
