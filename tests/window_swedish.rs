//! A whole brief intervention with the window in Swedish (issue 14, part 3): every control the
//! walk-through uses — the step rail and the step buttons, the pregnancy question, the screening's
//! answers, the prompts, the rulers, a component marked by hand, the closing step's follow-up
//! buttons and the close-anyway form — is found by its Swedish label, on the Swedish protocol
//! (`brief_intervention_sv`, with the Swedish AUDIT-C and its cut-off of 5 for women), and the
//! session is recorded with its language and a Swedish note.
//!
//! The protocol's clinical wording (prompts, stages, menu, answer options) comes from the
//! Swedish protocol file, found by id, so the test follows the file's wording.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

pub mod kit;

use brief::protocol::{Answer, Pregnancy, Protocol, ProtocolSet, Sex};
use brief::scoring::Profile;
use brief::session::{CoverageSource, Session, SessionId, Status};
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use kit::Drive as _;

struct Walk {
    harness: Harness<'static, BriefApp>,
    set: ProtocolSet,
    protocol: Protocol,
    _dir: tempfile::TempDir,
}

impl Walk {
    /// A new session for a 34-year-old woman, opened in a window shown in Swedish.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let set = ProtocolSet::bundled().unwrap();
        // The Swedish protocol, as a Swedish window offers it first.
        let protocol = set.default_protocol_in("sv").clone();
        assert_eq!(protocol.id, "brief_intervention_sv", "the Swedish protocol");
        let store = Store::open(dir.path()).unwrap();
        let now = chrono::Local::now().fixed_offset();
        let session = Session::for_protocol(
            SessionId::new(now.to_utc()),
            "c-lind",
            "P-2001",
            Profile {
                sex: Some(Sex::Female),
                age: Some(34),
                pregnancy: Pregnancy::NotAsked,
            },
            &protocol,
            now,
        );
        store.save(&session).unwrap();
        let mut app = BriefApp::new(set.clone(), store, Prefs::default())
            .with_language(brief::i18n::bundled(), "sv")
            .with_audit_pins(None);
        assert_eq!(app.language(), "sv", "the window is in Swedish");
        app.open_session(&session.id).unwrap();
        let harness = Harness::builder()
            .with_size([1366.0, 768.0])
            .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app);
        Self {
            harness,
            set,
            protocol,
            _dir: dir,
        }
    }

    fn click(&mut self, label: &str) {
        self.harness.click(label);
    }

    fn click_role(&mut self, role: Role, label: &str) {
        self.harness.click_role(role, label);
    }

    fn type_into(&mut self, label: &str, text: &str) {
        self.harness.type_into(label, text);
    }

    fn set_slider(&mut self, label: &str, value: f64) {
        self.harness.set_slider(label, value);
    }

    fn shows(&self, text: &str) -> bool {
        self.harness.query_by_label_contains(text).is_some()
    }

    /// A step's short title in the protocol.
    fn step(&self, id: &str) -> String {
        let s = self.protocol.steps.iter().find(|s| s.id == id).unwrap();
        s.short_title.clone()
    }

    /// A component's name in the protocol.
    fn component(&self, id: &str) -> String {
        let c = self
            .protocol
            .components
            .iter()
            .find(|c| c.id == id)
            .unwrap();
        c.name.clone()
    }

    /// "Använd" on a prompt, found by its id in the protocol (its Swedish text).
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
        self.click(&format!("Använd: {text}"));
    }

    fn current_step(&self) -> String {
        self.session().current_step.clone()
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
}

#[test]
fn a_whole_brief_intervention_is_run_with_the_window_in_swedish() {
    let mut w = Walk::new();
    assert_eq!(
        w.current_step(),
        "introduce",
        "a new session starts on the first step"
    );
    assert!(w.shows("Patient P-2001"), "the top bar names the patient");
    assert!(
        w.shows("Behandlare c-lind"),
        "and the clinician, in Swedish"
    );
    assert!(
        w.shows("Kvinna, ålder 34, graviditet: inte frågat"),
        "the profile in Swedish words"
    );
    assert!(w.shows("Komponenter 0/6"), "the components' heading");
    assert!(
        w.harness.query_by_label("Next step »").is_none()
            && w.harness.query_by_label("« Sessions").is_none(),
        "no English button is left on the session view"
    );

    // 1. Introduce: a prompt, then the step button.
    w.use_prompt("introduce.permission");
    w.click("Nästa steg »");
    assert_eq!(w.current_step(), "screen", "Nästa steg moves on");

    // 2. Screen: the pregnancy question's Swedish buttons, then AUDIT-C answered by its items.
    assert!(
        w.shows("Fråga innan screeningresultatet återkopplas"),
        "the pregnancy question is asked first"
    );
    w.click("Graviditet: Inte gravid");
    assert_eq!(
        w.session().profile.pregnancy,
        Pregnancy::NotPregnant,
        "the Swedish pregnancy button records the status"
    );
    let audit_c = w.set.instrument("audit-c-sv").unwrap().clone();
    assert!(
        w.protocol.instruments.contains(&audit_c.id),
        "the Swedish protocol offers the Swedish AUDIT-C"
    );
    w.click(&format!("Instrument: {}", audit_c.short_name));
    assert!(
        w.shows("Inofficiell översättning — ersätt med den officiella texten"),
        "its wording is flagged as not the validated text"
    );
    let items: Vec<_> = brief::scoring::items_for(&audit_c, None).cloned().collect();
    for (item, choice) in items.iter().zip([2usize, 2, 1]) {
        let Answer::Options(options) = &item.answer else {
            panic!("AUDIT-C's items are options");
        };
        w.click(&format!("Fråga {}: {}", item.number, options[choice].label));
    }
    assert!(w.shows("Summa 5 av 12"), "the total, in Swedish");
    assert!(
        w.shows("Zon positive"),
        "AUDIT-C 5 is positive for a woman by the Swedish cut-off (5)"
    );

    // The rail goes back and forth: back to the introduction, forward with the step button.
    let (introduce, feedback) = (w.step("introduce"), w.step("feedback"));
    w.click(&format!("Steg 1: {introduce} (klart)"));
    assert_eq!(w.current_step(), "introduce", "the rail enters a step");
    w.click("Nästa steg »");
    w.click("« Föregående steg");
    assert_eq!(w.current_step(), "introduce", "Föregående steg goes back");
    w.click(&format!("Steg 3: {feedback} (inte påbörjat)"));
    assert_eq!(
        w.current_step(),
        "feedback",
        "the rail enters the feedback step"
    );

    // 3. Feedback.
    assert!(
        w.shows("Gränser för lågriskbruk"),
        "the feedback step's limits box"
    );
    assert!(
        w.shows("zoner för AUDIT-C: poäng 5"),
        "the zone picture is named in Swedish"
    );
    w.use_prompt("feedback.score_zone");
    w.use_prompt("feedback.concern_advice");
    w.click("Nästa steg »");
    assert_eq!(
        w.current_step(),
        "goals",
        "Nästa steg moves to the goals step"
    );

    // 4. Goals: the rulers, the stage, the menu and the goal.
    let contemplation = w
        .protocol
        .stages
        .iter()
        .find(|s| s.id == "contemplation")
        .unwrap()
        .name
        .clone();
    w.click(&format!("Fas: {contemplation}"));
    w.set_slider("Vikt", 7.0);
    w.set_slider("Tilltro", 4.0);
    w.type_into("Anteckning om beredskap", "Vill dra ner före bröllopet");
    w.click("Registrera beredskap");
    let label = |id: &str| {
        w.protocol
            .menu
            .iter()
            .find(|m| m.id == id)
            .unwrap()
            .label
            .clone()
    };
    let (days, diary) = (label("alcohol_free_days"), label("diary"));
    w.click_role(Role::CheckBox, &days);
    w.click_role(Role::CheckBox, &diary);
    w.type_into(
        "Patientens mål, med patientens egna ord",
        "Ingen alkohol på vardagar",
    );
    w.use_prompt("goals.menu");
    w.use_prompt("goals.why_not_lower");
    // A component marked by hand, with its note.
    w.type_into(
        "Anteckning till en markering",
        "Bekräftade sin egen förmåga",
    );
    let self_efficacy = w.component("self_efficacy");
    w.click(&format!("Markera genomförd: {self_efficacy}"));
    w.click("Nästa steg »");
    assert_eq!(
        w.current_step(),
        "closure",
        "Nästa steg moves to the closing step"
    );

    // 5. Closure: the summary, a follow-up button, the note, and closing.
    w.type_into("Sammanfattning", "Plan: alkoholfria dagar");
    w.click("Om 4 veckor");
    w.use_prompt("closure.summary");
    assert!(w.shows("Komponenter 6/6"), "every component delivered");
    assert!(
        w.harness.query_by_label("Kopiera anteckningen").is_some(),
        "the note's copy button"
    );
    // The screen step was left by the rail, not finished: closing asks why first.
    w.click("Avsluta samtalet…");
    assert_eq!(
        w.session().status,
        Status::Open,
        "not closed without a reason"
    );
    assert!(w.shows("Innan du avslutar"), "the close form, in Swedish");
    assert!(
        w.shows(&format!("Steg som inte är klara: {}", w.step("screen"))),
        "it names the step not finished"
    );
    w.type_into(
        "Skäl att avsluta ändå",
        "Screeningen gjordes klart muntligt",
    );
    w.click("Avsluta ändå");
    assert_eq!(
        w.session().status,
        Status::Closed,
        "Avsluta ändå closes with the reason"
    );
    assert!(
        w.harness.query_all_by_label_contains("Avslutad ").count() >= 2,
        "the top bar says it is closed, and so does the note"
    );
    assert!(
        w.shows("Avslutad med delar som saknas: Screeningen gjordes klart muntligt"),
        "the note of a Swedish session is written in Swedish"
    );

    // What was recorded.
    let saved = w.saved();
    assert_eq!(saved.status, Status::Closed, "saved as closed");
    assert_eq!(
        saved.close_reason.as_deref(),
        Some("Screeningen gjordes klart muntligt"),
        "the reason for closing anyway"
    );
    let screening = saved.screenings.last().expect("a screening");
    assert_eq!(screening.instrument, "audit-c-sv", "the instrument chosen");
    let result = screening.result.as_ref().expect("scored");
    assert_eq!(
        (result.total, result.zone.as_str()),
        (5, "positive"),
        "scored as shown"
    );
    for c in &w.protocol.components {
        assert!(
            saved.coverage.iter().any(|e| e.component == c.id),
            "{} delivered",
            c.id
        );
    }
    let by_hand = saved
        .coverage
        .iter()
        .find(|e| e.source == CoverageSource::ByHand)
        .expect("the mark by hand");
    assert_eq!(
        (by_hand.component.as_str(), by_hand.step.as_str()),
        ("self_efficacy", "goals"),
        "Markera genomförd records the component in the current step"
    );
    assert_eq!(
        by_hand.note.as_deref(),
        Some("Bekräftade sin egen förmåga"),
        "the mark's note"
    );
    let r = saved.readiness.last().expect("a readiness note");
    assert_eq!(
        (r.stage.as_deref(), r.importance, r.confidence),
        (Some("contemplation"), Some(7), Some(4)),
        "the readiness note"
    );
    assert_eq!(
        saved.goal.own_words, "Ingen alkohol på vardagar",
        "the goal typed"
    );
    assert!(
        saved.goal.options.contains(&"diary".to_owned()),
        "the menu option ticked"
    );
    assert_eq!(
        saved.summary, "Plan: alkoholfria dagar",
        "the summary typed"
    );
    assert_eq!(
        saved.language.as_deref(),
        Some("sv"),
        "the session records its protocol's language"
    );
    assert_eq!(
        saved.follow_up,
        Some(saved.created.date_naive() + chrono::Duration::weeks(4)),
        "Om 4 veckor set the follow-up"
    );
}
