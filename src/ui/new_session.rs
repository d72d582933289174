//! The new-session form: who, which patient, the profile the cut-offs need, which protocol.
//!
//! The form is plain state ([`NewSessionForm`]) with a `ui` that says what the clinician asked
//! for ([`FormAction`]); the start view creates the session. A returning patient (a patient
//! reference with earlier sessions) is named as such, and the session starts with that
//! patient's last visit copied in.

use egui::Key;

use super::case::{self, CaseSession};
use super::theme;
use super::widgets::text_field;
use crate::followup::Visits;
use crate::protocol::{Protocol, ProtocolKind, ProtocolSet, Sex};
use crate::scoring::Profile;
use crate::store::Store;

/// What the clinician asked the form for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormAction {
    /// Nothing yet.
    None,
    /// "Start session" clicked, or Enter pressed, with the form complete.
    Start,
    /// "Cancel" clicked.
    Cancel,
}

/// The new-session form's fields.
#[derive(Clone, Debug, Default)]
pub struct NewSessionForm {
    /// Clinician id.
    pub clinician: String,
    /// Pseudonymous patient reference.
    pub patient: String,
    /// Sex, for the instruments' cut-offs.
    pub sex: Option<Sex>,
    /// Age in years, as typed.
    pub age: String,
    /// Protocol id (empty: the default protocol).
    pub protocol: String,
    /// The sessions of the family-intervention protocol chosen (its id, and them), read when
    /// the form first offers it.
    cases: Option<(String, Vec<CaseSession>)>,
}

impl NewSessionForm {
    /// An empty form for this clinician.
    pub fn new(clinician: &str) -> Self {
        Self {
            clinician: clinician.to_owned(),
            ..Self::default()
        }
    }

    /// The age typed, when it is a whole number of years (`Ok(None)` when left empty).
    fn age(&self) -> Result<Option<u32>, ()> {
        let age = self.age.trim();
        if age.is_empty() {
            return Ok(None);
        }
        age.parse::<u32>()
            .ok()
            .filter(|a| *a < 130)
            .map(Some)
            .ok_or(())
    }

    /// True when the session can be started under the chosen protocol.
    fn is_ready_in(&self, set: &ProtocolSet) -> bool {
        !self.clinician.trim().is_empty()
            && !self.patient.trim().is_empty()
            && (self.is_family(set) || self.age().is_ok())
    }

    /// True when the chosen protocol is a family intervention (a case, not a patient).
    fn is_family(&self, set: &ProtocolSet) -> bool {
        self.protocol(set).kind == ProtocolKind::FamilyIntervention
    }

    /// The earlier sessions of the case typed, oldest first (family-intervention protocols).
    pub fn earlier_sessions(&mut self, set: &ProtocolSet, store: &Store) -> Vec<CaseSession> {
        if !self.is_family(set) {
            return Vec::new();
        }
        let protocol = self.protocol(set);
        if self.cases.as_ref().is_none_or(|(id, _)| *id != protocol.id) {
            self.cases = Some((protocol.id.clone(), case::sessions_of(store, protocol)));
        }
        let cases = self.cases.as_ref().map_or(&[][..], |(_, c)| c.as_slice());
        case::of_case(cases, &self.patient)
            .into_iter()
            .cloned()
            .collect()
    }

    /// The profile the form describes (none for a family case: the person seen is a concerned
    /// other).
    pub fn profile_in(&self, set: &ProtocolSet) -> Profile {
        if self.is_family(set) {
            Profile::default()
        } else {
            self.profile()
        }
    }

    /// The profile the form describes.
    pub fn profile(&self) -> Profile {
        Profile {
            sex: self.sex,
            age: self.age().ok().flatten(),
            ..Profile::default()
        }
    }

    /// The protocol chosen (the set's default when none is).
    pub fn protocol<'s>(&self, set: &'s ProtocolSet) -> &'s Protocol {
        set.protocol(&self.protocol)
            .unwrap_or_else(|| set.default_protocol())
    }

    /// Draws the form; `visits` (once read) names a returning patient, `store` the earlier
    /// sessions of a family case.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        set: &ProtocolSet,
        visits: Option<&Visits>,
        store: &Store,
    ) -> FormAction {
        let mut action = FormAction::None;
        if self.protocol.is_empty() {
            self.protocol.clone_from(&set.default_protocol().id);
        }
        let family = self.is_family(set);
        let earlier = self.earlier_sessions(set, store);
        ui.group(|ui| {
            ui.strong("New session");
            if set.protocols().len() > 1 {
                for p in set.protocols() {
                    let with = match p.kind {
                        ProtocolKind::BriefIntervention => "with a patient",
                        ProtocolKind::FamilyIntervention => {
                            "with concerned others (family, friends)"
                        }
                    };
                    ui.radio_value(
                        &mut self.protocol,
                        p.id.clone(),
                        format!("{} — {with}", p.title),
                    );
                }
                ui.weak(&self.protocol(set).summary);
                ui.add_space(4.0);
            }
            let mut fields = vec![text_field(
                ui,
                "Clinician id",
                &mut self.clinician,
                "e.g. c-lee",
            )];
            let protocol = self.protocol(set).id.clone();
            if family {
                fields.push(text_field(
                    ui,
                    "Case reference",
                    &mut self.patient,
                    "pseudonymous, not a name; the same for every session of the case",
                ));
                if !self.patient.trim().is_empty() {
                    match earlier.last() {
                        Some(l) => ui.label(format!(
                            "This case has {} earlier session{}: the new session carries on the plan of the latest, {} ({}).",
                            earlier.len(),
                            if earlier.len() == 1 { "" } else { "s" },
                            l.created.format("%Y-%m-%d %H:%M"),
                            l.clinician
                        )),
                        None => ui.weak(
                            "No earlier session of this case in the data folder: a new plan starts.",
                        ),
                    };
                }
            } else {
                fields.push(text_field(
                    ui,
                    "Patient reference",
                    &mut self.patient,
                    "pseudonymous, not a name",
                ));
                if let Some(words) =
                    visits.and_then(|v| returning_words(v, &self.patient, &protocol))
                {
                    ui.colored_label(theme::ATTENTION, words);
                }
                ui.horizontal(|ui| {
                    ui.label("Sex (for the instruments' cut-offs)");
                    ui.radio_value(&mut self.sex, Some(Sex::Female), "Female");
                    ui.radio_value(&mut self.sex, Some(Sex::Male), "Male");
                    ui.radio_value(&mut self.sex, None, "Not recorded");
                });
                fields.push(text_field(ui, "Age", &mut self.age, "years"));
            }
            if !family && self.age().is_err() {
                ui.colored_label(theme::MISSING, "Age must be a whole number of years");
            }
            let ready = self.is_ready_in(set);
            ui.horizontal(|ui| {
                let start = ui
                    .add_enabled(ready, egui::Button::new("Start session"))
                    .on_hover_text("Enter starts it too")
                    .clicked();
                let cancel = ui.button("Cancel").clicked();
                // Enter in a field of the form starts the session (a single-line field gives
                // up the focus on Enter); Enter elsewhere, in the search box, does not.
                let enter = ui.input(|i| i.key_pressed(Key::Enter))
                    && fields.iter().any(|f| f.lost_focus() || f.has_focus());
                action = if cancel {
                    FormAction::Cancel
                } else if ready && (start || enter) {
                    FormAction::Start
                } else {
                    FormAction::None
                };
            });
        });
        action
    }
}

/// "Returning patient: …" for a patient reference with earlier sessions of the protocol.
fn returning_words(visits: &Visits, patient: &str, protocol: &str) -> Option<String> {
    let count = visits.of_patient(patient, protocol).count();
    let last = visits.last_visit(patient, protocol)?;
    Some(format!(
        "Returning patient: {count} earlier session{}, the last on {} with {}. Its result, goal \
         and stage are shown at the top of the new session.",
        if count == 1 { "" } else { "s" },
        last.created.format("%Y-%m-%d"),
        last.clinician
    ))
}
