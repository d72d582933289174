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
use crate::t;

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

    /// The protocol chosen (the default in the window's language when none is).
    pub fn protocol<'s>(&self, set: &'s ProtocolSet) -> &'s Protocol {
        set.protocol(&self.protocol)
            .unwrap_or_else(|| default_protocol(set))
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
            self.protocol.clone_from(&default_protocol(set).id);
        }
        let family = self.is_family(set);
        let earlier = self.earlier_sessions(set, store);
        let mut offered = in_window_language(set);
        // A follow-up keeps its patient's protocol, whatever its language.
        if let Some(chosen) = set.protocol(&self.protocol)
            && !offered.iter().any(|p| p.id == chosen.id)
        {
            offered.push(chosen);
        }
        ui.group(|ui| {
            ui.strong(t!("start-form-heading"));
            if offered.len() > 1 {
                for p in offered {
                    let with = match p.kind {
                        ProtocolKind::BriefIntervention => t!("start-form-with-patient"),
                        ProtocolKind::FamilyIntervention => t!("start-form-with-others"),
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
                &t!("start-form-clinician"),
                &mut self.clinician,
                &t!("start-form-clinician-hint"),
            )];
            let protocol = self.protocol(set).id.clone();
            if family {
                fields.push(text_field(
                    ui,
                    &t!("start-form-case"),
                    &mut self.patient,
                    &t!("start-form-case-hint"),
                ));
                if !self.patient.trim().is_empty() {
                    match earlier.last() {
                        Some(l) => ui.label(t!(
                            "start-form-case-earlier",
                            count = earlier.len(),
                            date = crate::i18n::current().date_time(&l.created),
                            clinician = &l.clinician
                        )),
                        None => ui.weak(t!("start-form-case-new")),
                    };
                }
            } else {
                fields.push(text_field(
                    ui,
                    &t!("start-form-patient"),
                    &mut self.patient,
                    &t!("start-form-patient-hint"),
                ));
                if let Some(words) =
                    visits.and_then(|v| returning_words(v, &self.patient, &protocol))
                {
                    ui.colored_label(theme::ATTENTION, words);
                }
                ui.horizontal(|ui| {
                    ui.label(t!("start-form-sex"));
                    ui.radio_value(&mut self.sex, Some(Sex::Female), t!("start-form-female"));
                    ui.radio_value(&mut self.sex, Some(Sex::Male), t!("start-form-male"));
                    ui.radio_value(&mut self.sex, None, t!("start-form-sex-not-recorded"));
                });
                fields.push(text_field(
                    ui,
                    &t!("start-form-age"),
                    &mut self.age,
                    &t!("start-form-age-hint"),
                ));
            }
            if !family && self.age().is_err() {
                ui.colored_label(theme::MISSING, t!("start-form-age-invalid"));
            }
            let ready = self.is_ready_in(set);
            ui.horizontal(|ui| {
                let start = ui
                    .add_enabled(ready, egui::Button::new(t!("start-form-start")))
                    .on_hover_text(t!("start-form-start-hover"))
                    .clicked();
                let cancel = ui.button(t!("start-form-cancel")).clicked();
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

/// The protocols written in the window's language (`sv-SE` finds `sv`), in the set's order;
/// the base language's when none is.
fn in_window_language(set: &ProtocolSet) -> Vec<&Protocol> {
    set.protocols_in(crate::i18n::current().code())
}

/// The protocol a new session takes unless another is chosen: the first brief intervention in
/// the window's language (see [`ProtocolSet::default_protocol_in`]).
pub fn default_protocol(set: &ProtocolSet) -> &Protocol {
    set.default_protocol_in(crate::i18n::current().code())
}

/// "Returning patient: …" for a patient reference with earlier sessions of the protocol.
fn returning_words(visits: &Visits, patient: &str, protocol: &str) -> Option<String> {
    let count = visits.of_patient(patient, protocol).count();
    let last = visits.last_visit(patient, protocol)?;
    Some(t!(
        "start-form-returning",
        count = count,
        date = crate::i18n::current().date(&last.created),
        clinician = &last.clinician
    ))
}
