//! The family-intervention protocol in the clinician window, driven by labels through
//! `egui_kittest` as a counsellor would use it: the safety screen, the approach chosen with the
//! evidence on screen (a formal meeting only after the screen, with a reason, announced or with
//! the reason for a surprise), the team, the statements, treatment, the outcome, closing, and a
//! second session of the case carrying the plan on. Every clinical text the tests look for is
//! read from the protocol file.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

pub mod kit;

use brief::protocol::{PlanFact, PlanSpec, Protocol, ProtocolKind, ProtocolSet};
use brief::session::{
    ChangeError, CoverageSource, FamilyPlan, PlanError, Session, Status, StepState, YesNo,
};
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use chrono::NaiveDate;
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
        let protocol = set
            .protocols()
            .iter()
            .find(|p| p.kind == ProtocolKind::FamilyIntervention)
            .expect("a family-intervention protocol is bundled")
            .clone();
        let dir = tempfile::tempdir().unwrap();
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

    /// A new family-intervention session for this case, from the start view.
    fn start(case: &str) -> Self {
        let mut w = Self::new();
        w.new_session(case);
        w
    }

    fn new_session(&mut self, case: &str) {
        self.open_form();
        self.type_into("Clinician id", "c-lee");
        self.type_into("Case reference", case);
        self.click("Start session");
    }

    /// Opens the new-session form on the family intervention.
    fn open_form(&mut self) {
        self.click("New session…");
        let title = self.protocol.title.clone();
        let choice = self
            .harness
            .get_all_by_role(Role::RadioButton)
            .find(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.starts_with(&title))
            })
            .expect("the new-session form offers the family intervention");
        choice.click();
        self.harness.run();
    }

    fn spec(&self) -> &PlanSpec {
        self.protocol.plan.as_ref().unwrap()
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

    /// Leaves the focused field, as Tab would (a name is recorded when its field is left).
    fn leave_field(&mut self) {
        self.harness.key_press(egui::Key::Tab);
        self.harness.run();
    }

    fn enter_step(&mut self, id: &str) {
        let (i, step) = self
            .protocol
            .steps
            .iter()
            .enumerate()
            .find(|(_, s)| s.id == id)
            .unwrap();
        let prefix = format!("Step {}: {} (", i + 1, step.short_title);
        let node = self
            .harness
            .get_all_by_role(Role::Button)
            .find(|n| {
                n.accesskit_node()
                    .label()
                    .is_some_and(|l| l.starts_with(&prefix))
            })
            .unwrap_or_else(|| panic!("the rail shows {prefix}"));
        node.click();
        self.harness.run();
        assert_eq!(self.session().current_step, id, "the rail enters {id}");
    }

    fn session(&self) -> &Session {
        self.harness.state().session().expect("a session is open")
    }

    fn plan(&self) -> &FamilyPlan {
        self.session()
            .plan
            .as_ref()
            .expect("a family session has a plan")
    }

    fn shows(&self, text: &str) -> bool {
        self.harness
            .query_all_by_label_contains(text)
            .next()
            .is_some()
    }

    fn disabled(&self, role: Role, label: &str) -> bool {
        self.harness
            .get_by_role_and_label(role, label)
            .accesskit_node()
            .is_disabled()
    }

    fn question(&self, id: &str) -> String {
        self.spec()
            .safety_screen
            .iter()
            .find(|q| q.id == id)
            .unwrap()
            .question
            .clone()
    }

    /// Answers every safety question: `yes` ones "Yes", the others "No".
    fn answer_screen(&mut self, yes: &[&str]) {
        self.enter_step("safety");
        let answers: Vec<(String, String)> = self
            .spec()
            .safety_screen
            .iter()
            .map(|q| {
                let word = if yes.contains(&q.id.as_str()) {
                    &self.spec().answers.yes
                } else {
                    &self.spec().answers.no
                };
                (q.question.clone(), word.clone())
            })
            .collect();
        for (question, word) in answers {
            self.click_role(Role::RadioButton, &format!("{question}: {word}"));
        }
    }

    fn approach_label(&self, id: &str) -> String {
        format!("Approach: {}", self.spec().approach(id).unwrap().name)
    }

    fn role_label(&self, id: &str) -> String {
        format!("New person's role: {}", self.spec().role(id).unwrap().label)
    }

    fn add_person(&mut self, name: &str, relationship: &str, role: &str) {
        self.enter_step("team");
        self.type_into("New person's name", name);
        self.type_into("New person's relationship", relationship);
        let role = self.role_label(role);
        self.click(&role);
        self.click("Add person");
    }

    fn credited(&self, component: &str, fact: PlanFact) -> bool {
        self.session()
            .coverage
            .iter()
            .any(|e| e.component == component && e.source == CoverageSource::Plan(fact))
    }

    fn saved(&self, id: &brief::session::SessionId) -> Session {
        self.harness.state().store().load(id).unwrap()
    }
}

#[test]
fn a_craft_case_is_planned_from_the_safety_screen_to_the_outcome_and_closed() {
    let mut w = Walk::start("F-1001");
    assert!(
        w.shows("Family-intervention case F-1001"),
        "the header says it is a family-intervention case"
    );
    assert!(
        !w.shows("Edit profile"),
        "no patient profile is asked for a family case"
    );
    assert_eq!(w.plan().first_contact, Some(now().date_naive()));

    // The safety screen: a banner while questions are unanswered.
    w.enter_step("safety");
    let needs = w.spec().choice.needs_screen.clone();
    assert!(w.shows(&needs), "the banner shows while unanswered");
    w.answer_screen(&[]);
    assert!(
        !w.shows(&needs),
        "the banner goes once every question is answered"
    );
    assert!(w.plan().screen_complete(w.spec()), "every answer recorded");
    assert!(
        w.credited("safety_screened", PlanFact::SafetyScreenAnswered),
        "the screen credits its component"
    );

    // The approach: the evidence on screen before the choice.
    w.enter_step("approach");
    for e in &w.spec().evidence.clone() {
        assert!(w.shows(&e.text), "the evidence shows: {}", e.text);
    }
    let craft = w.approach_label("craft");
    w.click_role(Role::RadioButton, &craft);
    let choice = w
        .plan()
        .approach
        .clone()
        .expect("CRAFT is recorded at once");
    assert_eq!(choice.approach, "craft");
    assert!(choice.evidence_shown, "chosen with the evidence on screen");
    let reason = w.spec().choice.reason.label.clone();
    w.type_into(&reason, "Wants to stay close; no meeting");
    assert_eq!(
        w.plan().approach.as_ref().unwrap().reason,
        "Wants to stay close; no meeting"
    );
    assert!(w.credited("options", PlanFact::ApproachChosenWithEvidence));

    // The team: a lead concerned other and a speaker; a duplicate name is refused.
    w.add_person("Maria", "partner", "lead");
    w.add_person("Jon", "brother", "speaker");
    assert_eq!(w.plan().participants.len(), 2, "two people in the team");
    w.add_person("Jon", "cousin", "support");
    assert_eq!(w.plan().participants.len(), 2, "a second Jon is not added");
    let duplicate = PlanError::DuplicateName("Jon".to_owned()).to_string();
    assert!(
        w.shows(&duplicate[1..]),
        "the refusal says why: {duplicate}"
    );
    w.click_role(
        Role::CheckBox,
        &format!("Maria: {}", w.spec().participant_flags[0].label),
    );
    assert_eq!(
        w.plan().participants[0].flags,
        vec![w.spec().participant_flags[0].id.clone()]
    );

    // Preparation: Maria's and Jon's statements, each with a dated incident, reviewed.
    w.enter_step("preparation");
    let spec = w.spec().clone();
    let reviewed = spec.review_states[1].label.clone();
    for (name, date, what) in [
        (
            "Maria",
            "2026-11-02",
            "Came home at 3 am and fell on the stairs",
        ),
        ("Jon", "2026-10-18", "Missed his daughter's birthday party"),
    ] {
        w.click(&format!("Write {name}'s statement"));
        w.type_into(
            &format!("{name}: {}", spec.statement.care.label),
            "I love you",
        );
        w.type_into(&format!("{name}'s new incident date"), date);
        w.type_into(&format!("{name}'s new incident"), what);
        w.click(&format!("Add {name}'s incident"));
        w.type_into(
            &format!("{name}: {}", spec.statement.consequence.label),
            "I will stop covering for you",
        );
        w.click(&format!("{name}'s statement: {reviewed}"));
    }
    let maria = w.plan().statement_of("Maria").unwrap().clone();
    assert_eq!(maria.incidents.len(), 1, "one incident");
    assert_eq!(
        maria.incidents[0].date,
        Some(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()),
        "the incident's date"
    );
    assert_eq!(maria.review, spec.review_states[1].id);
    assert!(w.credited("incidents", PlanFact::IncidentsPrepared));
    // The reading order: Jon first.
    w.click("Read Jon earlier");
    assert_eq!(w.plan().statements[0].by, "Jon", "Jon reads first");

    // Treatment: slot and funding confirmed.
    w.enter_step("treatment");
    w.type_into(&spec.treatment.place.label, "Riverside outpatient clinic");
    w.type_into(&spec.treatment.admission.label, "2026-12-01");
    w.click_role(Role::CheckBox, &spec.treatment.slot_confirmed.label);
    w.type_into(&spec.treatment.funding.label, "Region decision 2026-114");
    w.click_role(Role::CheckBox, &spec.treatment.funding_confirmed.label);
    assert!(w.credited("treatment_ready", PlanFact::TreatmentReady));

    // Outcome: accepted now, on 2026-12-01; the days from first contact are shown.
    w.enter_step("outcome");
    let accepted = spec.outcomes[0].label.clone();
    w.click(&format!("Outcome: {accepted}"));
    w.type_into(&spec.outcome.entered.label, "2026-12-01");
    w.type_into(&spec.outcome.contingency.label, "CRAFT sessions continue");
    assert_eq!(w.plan().days_to_treatment(), Some(6));
    assert!(w.shows("6 days from first contact to treatment"));

    // Close (the remaining steps and the own-support component by prompt and by hand).
    w.enter_step("closure");
    w.click("Close session…");
    if w.harness
        .query_by_label("Reason for closing anyway")
        .is_some()
    {
        w.type_into(
            "Reason for closing anyway",
            "Concern and own support next time",
        );
        w.click("Close anyway");
    }
    assert_eq!(w.session().status, Status::Closed, "the session closes");

    let id = w.session().id.clone();
    let saved = w.saved(&id);
    let plan = saved.plan.clone().expect("the saved file holds the plan");
    assert_eq!(plan.approach.as_ref().unwrap().approach, "craft");
    assert_eq!(
        plan.participants
            .iter()
            .map(|p| (p.name.as_str(), p.role.as_str()))
            .collect::<Vec<_>>(),
        vec![("Maria", "lead"), ("Jon", "speaker")]
    );
    assert!(plan.treatment.slot_confirmed && plan.treatment.funding_confirmed);
    assert_eq!(
        plan.outcome.outcome.as_deref(),
        Some(spec.outcomes[0].id.as_str())
    );
    for (component, fact) in [
        ("safety_screened", PlanFact::SafetyScreenAnswered),
        ("options", PlanFact::ApproachChosenWithEvidence),
        ("incidents", PlanFact::IncidentsPrepared),
        ("treatment_ready", PlanFact::TreatmentReady),
        ("plan_if_refused", PlanFact::PlanIfRefused),
    ] {
        assert!(
            saved
                .coverage
                .iter()
                .any(|e| e.component == component && e.source == CoverageSource::Plan(fact)),
            "the saved file credits {component} to the plan"
        );
    }
    assert!(
        saved.plan_changes.iter().any(|e| e.what.contains("Maria")),
        "the timeline records the team"
    );
}

#[test]
fn a_formal_meeting_waits_for_the_safety_screen_then_needs_a_reason_and_an_announcement() {
    let mut w = Walk::start("F-2002");
    w.enter_step("approach");
    let formal = w.approach_label("formal");
    let name = w.spec().approach("formal").unwrap().name.clone();
    assert!(
        w.disabled(Role::RadioButton, &formal),
        "the formal meeting cannot be chosen before the screen"
    );
    let waiting = PlanError::NeedsSafetyScreen(name.clone()).to_string();
    assert!(w.shows(&waiting[1..]), "it says why: {waiting}");

    w.answer_screen(&[]);
    w.enter_step("approach");
    assert!(
        !w.disabled(Role::RadioButton, &formal),
        "allowed after the screen"
    );
    w.click_role(Role::RadioButton, &formal);
    assert!(w.plan().approach.is_none(), "not recorded without a reason");
    let needs = PlanError::NeedsReason(format!("choosing \"{name}\"")).to_string();
    assert!(w.shows(&needs[1..]), "the banner says a reason is needed");
    let warning = w
        .spec()
        .approach("formal")
        .unwrap()
        .warning
        .clone()
        .unwrap();
    assert!(
        w.shows(&warning),
        "the approach's warning shows once chosen"
    );

    let reason = w.spec().choice.reason.label.clone();
    w.type_into(&reason, "The family has decided; CRAFT was offered first");
    let choice = w.plan().approach.clone().expect("recorded with a reason");
    assert_eq!(choice.approach, "formal");
    assert!(choice.announced, "a meeting is announced by default");

    // A surprise needs its own reason.
    let announced = w.spec().choice.announced.label.clone();
    w.click_role(Role::CheckBox, &announced);
    assert!(
        w.plan().approach.as_ref().unwrap().announced,
        "a surprise is not recorded without its reason"
    );
    let surprise = w.spec().choice.surprise_reason.label.clone();
    w.type_into(&surprise, "He has walked out of every planned talk");
    let choice = w.plan().approach.clone().unwrap();
    assert!(
        !choice.announced,
        "the surprise is recorded with its reason"
    );
    assert_eq!(
        choice.surprise_reason,
        "He has walked out of every planned talk"
    );
}

#[test]
fn violence_rules_out_arise_and_the_formal_meeting_and_drops_a_meeting_already_chosen() {
    let mut w = Walk::start("F-3003");
    w.answer_screen(&[]);
    w.enter_step("approach");
    let arise = w.approach_label("arise_1");
    w.click_role(Role::RadioButton, &arise);
    assert_eq!(w.plan().approach.as_ref().unwrap().approach, "arise_1");

    // Violence: yes.
    w.enter_step("safety");
    let violence = w.question("violence");
    let yes = w.spec().answers.yes.clone();
    w.click_role(Role::RadioButton, &format!("{violence}: {yes}"));
    assert_eq!(
        w.plan().answer("violence"),
        Some(YesNo::Yes),
        "the answer is recorded"
    );
    assert!(
        w.plan().approach.is_none(),
        "the ARISE meeting chosen before is no longer the plan"
    );
    let if_yes = w.spec().safety_screen[0].if_yes.clone();
    assert!(w.shows(&if_yes), "what to do for the risk is shown");

    w.enter_step("approach");
    for id in ["arise_1", "arise_2", "arise_3", "formal"] {
        let label = w.approach_label(id);
        assert!(w.disabled(Role::RadioButton, &label), "{id} is not offered");
    }
    let craft = w.approach_label("craft");
    assert!(!w.disabled(Role::RadioButton, &craft), "CRAFT still is");
    let blocked = PlanError::Blocked {
        approach: w.spec().approach("formal").unwrap().name.clone(),
        question: if_yes,
    }
    .to_string();
    assert!(w.shows(&blocked[1..]), "it says why: {blocked}");
}

#[test]
fn withdrawal_risk_makes_medically_managed_withdrawal_part_of_treatment_ready() {
    let mut w = Walk::start("F-4004");
    w.answer_screen(&["withdrawal"]);
    let spec = w.spec().clone();
    w.enter_step("treatment");
    let if_yes = spec
        .safety_screen
        .iter()
        .find(|q| q.id == "withdrawal")
        .unwrap()
        .if_yes
        .clone();
    assert!(w.shows(&if_yes), "the withdrawal notice shows in treatment");
    w.type_into(&spec.treatment.place.label, "Detox unit, then outpatient");
    w.click_role(Role::CheckBox, &spec.treatment.slot_confirmed.label);
    w.click_role(Role::CheckBox, &spec.treatment.funding_confirmed.label);
    assert!(
        !w.credited("treatment_ready", PlanFact::TreatmentReady),
        "not ready without withdrawal management"
    );
    assert!(w.shows(&format!(
        "{}: required",
        spec.treatment.withdrawal_management.label
    )));
    w.type_into(
        &spec.treatment.withdrawal_management.label,
        "Admitted to the detox unit first",
    );
    assert!(
        w.credited("treatment_ready", PlanFact::TreatmentReady),
        "ready once withdrawal management is recorded"
    );
}

#[test]
fn closing_waits_for_the_safety_plan_when_the_screen_found_a_risk() {
    let mut w = Walk::start("F-5005");
    // Skip-with-reason works as in a brief intervention.
    assert_eq!(
        w.session().current_step,
        "concern",
        "the case opens on its first step"
    );
    w.click("Skip this step…");
    w.type_into(
        "Reason for skipping",
        "Concern heard on the phone last week",
    );
    w.click("Skip with this reason");
    assert!(
        w.session().steps.iter().any(|s| s.step == "concern"
            && s.state
                == StepState::Skipped {
                    reason: "Concern heard on the phone last week".to_owned()
                }),
        "the concern step is skipped with its reason"
    );
    w.answer_screen(&["weapons"]);
    let label = w.spec().safety_plan.label.clone();
    assert!(
        w.harness
            .query_by_role_and_label(Role::MultilineTextInput, &label)
            .is_some(),
        "the safety plan field shows when a risk is found"
    );
    w.enter_step("closure");
    let missing = ChangeError::SafetyPlanMissing.to_string();
    assert!(
        w.shows(&missing[1..]),
        "closing says the safety plan is missing"
    );
    assert!(
        w.disabled(Role::Button, "Close session…"),
        "Close is disabled without the safety plan"
    );
    assert_eq!(w.session().status, Status::Open);

    w.enter_step("safety");
    w.type_into(
        &label,
        "Guns locked at the neighbour's; leaves for her sister's if he drinks",
    );
    w.enter_step("closure");
    assert!(
        !w.disabled(Role::Button, "Close session…"),
        "Close is offered again"
    );
    w.click("Close session…");
    w.type_into(
        "Reason for closing anyway",
        "First session: screen and safety plan only",
    );
    w.click("Close anyway");
    assert_eq!(
        w.session().status,
        Status::Closed,
        "closed with the safety plan"
    );
    assert!(
        w.session()
            .steps
            .iter()
            .any(|s| s.step == "closure" && s.state == StepState::Done),
        "the closing step is done"
    );
}

#[test]
fn a_second_session_of_the_case_starts_from_the_plan_of_the_first_and_shows_its_timeline() {
    let mut w = Walk::start("F-6006");
    w.answer_screen(&[]);
    w.add_person("Maria", "partner", "lead");
    let first = w.session().clone();
    assert_eq!(first.plan.as_ref().unwrap().participants.len(), 1);
    w.click("« Sessions");

    w.open_form();
    w.type_into("Case reference", "F-6006");
    assert!(
        w.shows("This case has 1 earlier session"),
        "the form says the case carries on"
    );
    w.click("Start session");
    let second = w.session().clone();
    assert_ne!(second.id, first.id, "a new session");
    assert_eq!(
        second.continues,
        Some(first.id.clone()),
        "it continues the first"
    );
    assert_eq!(second.plan, first.plan, "the plan carries on as it stood");
    assert!(
        w.shows("continues the session of"),
        "the header says it carries on"
    );
    assert!(
        w.shows("Maria added as"),
        "the case timeline shows what changed in the first session"
    );
    // The carried plan is the second session's own from here on.
    w.add_person("Jon", "brother", "speaker");
    assert_eq!(w.plan().participants.len(), 2);
    assert_eq!(
        w.saved(&first.id).plan.unwrap().participants.len(),
        1,
        "the first session's file is unchanged"
    );

    // Another case's sessions are not taken for a new case.
    w.click("« Sessions");
    w.open_form();
    w.type_into("Case reference", "F-9999");
    assert!(w.shows("No earlier session of this case"));
    w.click("Start session");
    assert_eq!(w.session().continues, None, "a new case starts afresh");
    assert!(w.plan().participants.is_empty(), "with an empty plan");
}

#[test]
fn a_renamed_person_keeps_their_statement_and_a_person_left_out_needs_why() {
    let mut w = Walk::start("F-7007");
    w.add_person("Jon", "brother", "speaker");
    w.enter_step("preparation");
    w.click("Write Jon's statement");
    assert!(
        w.plan().statement_of("Jon").is_some(),
        "Jon's statement started"
    );

    // The name is recorded when its field is left, and the statement follows it.
    w.enter_step("team");
    w.type_into("Name of Jon", "as");
    assert_eq!(w.plan().participants[0].name, "Jon", "not while typing");
    w.leave_field();
    assert_eq!(w.plan().participants[0].name, "Jonas", "renamed on leaving");
    assert!(
        w.plan().statement_of("Jonas").is_some() && w.plan().statement_of("Jon").is_none(),
        "the statement follows the new name"
    );

    // Someone deliberately left out: "Add person" waits for why.
    w.type_into("New person's name", "Uncle Bo");
    let role = w.role_label("not_included");
    w.click(&role);
    assert!(
        w.disabled(Role::Button, "Add person"),
        "not added without why"
    );
    w.type_into("Why the new person is not included", "Drinks with him");
    w.click("Add person");
    let bo = w
        .plan()
        .participants
        .iter()
        .find(|p| p.name == "Uncle Bo")
        .cloned();
    assert_eq!(bo.map(|p| p.why), Some("Drinks with him".to_owned()));

    // Emptying the why in the table is not recorded, and the banner says why.
    let field = w
        .harness
        .get_by_role_and_label(Role::TextInput, "Why Uncle Bo is not included");
    field.focus();
    w.harness
        .key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    w.harness.key_press(egui::Key::Backspace);
    w.harness.run();
    assert!(
        w.shows("Not recorded yet"),
        "the banner shows the unrecorded edit"
    );
    let bo = w
        .plan()
        .participants
        .iter()
        .find(|p| p.name == "Uncle Bo")
        .unwrap();
    assert_eq!(
        bo.why, "Drinks with him",
        "the session keeps the last valid plan"
    );
    w.click("Undo plan edits");
    assert!(
        !w.shows("Not recorded yet"),
        "undo goes back to the recorded plan"
    );
}
