//! The start view: resume an open session, look at recent ones, or start a new one.

use chrono::Utc;

use super::session_view::SessionView;
use super::settings::Prefs;
use super::widgets::text_field;
use crate::protocol::{ProtocolKind, ProtocolSet, Sex};
use crate::scoring::Profile;
use crate::session::{Session, SessionId, Status, Timestamp};
use crate::store::Store;

/// Where the start view leads.
pub enum StartNext {
    /// A session to work on.
    Session(Box<SessionView>),
    /// The supervisor's audit of the folder.
    Supervisor,
}

/// A session listed on the start view.
struct Entry {
    id: SessionId,
    label: String,
    status: Status,
}

/// The start view.
pub struct StartView {
    entries: Vec<Entry>,
    unreadable: Vec<String>,
    new_open: bool,
    clinician: String,
    patient: String,
    sex: Option<Sex>,
    age: String,
    protocol: String,
    /// The sessions of the family-intervention protocols, read when the form first offers one.
    cases: Option<Vec<super::case::CaseSession>>,
    error: Option<String>,
}

impl StartView {
    /// Lists the sessions in the store.
    pub fn new(set: &ProtocolSet, store: &Store, prefs: &Prefs) -> Self {
        // The last three months: the working set, whatever the size of the history.
        let listing = store.list_recent(3);
        let mut entries: Vec<Entry> = listing
            .sessions
            .into_iter()
            .map(
                |crate::store::Listed {
                     session: s, seal, ..
                 }| Entry {
                    label: format!(
                        "{}  {}  patient {}  {}/{} components{}",
                        s.created.format("%Y-%m-%d %H:%M"),
                        s.clinician,
                        s.patient,
                        s.delivered().len(),
                        set.protocol(&s.protocol.id)
                            .unwrap_or_else(|| set.default_protocol())
                            .components
                            .len(),
                        if seal.is_changed() {
                            format!("  — {}", seal.describe())
                        } else {
                            String::new()
                        }
                    ),
                    status: s.status,
                    id: s.id,
                },
            )
            .collect();
        entries.reverse();
        let unreadable = listing
            .unreadable
            .iter()
            .map(|u| format!("{}: {}", u.path.display(), u.reason))
            .chain(listing.duplicates.iter().flat_map(|d| {
                d.others.iter().map(move |o| {
                    format!(
                        "{}: the same session as {} (not shown twice)",
                        o.display(),
                        d.counted.display()
                    )
                })
            }))
            .collect();
        Self {
            entries,
            unreadable,
            new_open: false,
            clinician: prefs.clinician.clone(),
            patient: String::new(),
            sex: None,
            age: String::new(),
            protocol: set.default_protocol().id.clone(),
            cases: None,
            error: None,
        }
    }

    /// Draws the view; returns where to go next.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        set: &ProtocolSet,
        store: &Store,
        prefs: &mut Prefs,
        now: Timestamp,
    ) -> Option<StartNext> {
        let mut open = None;
        let mut supervisor = false;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("brief");
            ui.label(&set.default_protocol().title);
            ui.add_space(8.0);
            if let Some(error) = &self.error {
                ui.colored_label(super::theme::MISSING, error);
            }
            if self.new_open {
                open = self.new_session_ui(ui, set, store, prefs, now);
            } else {
                ui.horizontal(|ui| {
                    let offered: Vec<&str> =
                        set.protocols().iter().map(|p| p.title.as_str()).collect();
                    if ui
                        .button("New session…")
                        .on_hover_text(offered.join("\n"))
                        .clicked()
                    {
                        self.new_open = true;
                    }
                    let components = set.default_protocol().components.len();
                    supervisor = ui
                        .button("Supervisor audit…")
                        .on_hover_text(format!(
                            "Coverage of the {components} components across all sessions in this folder"
                        ))
                        .clicked();
                });
            }
            ui.separator();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    if let Some(id) = self.list_ui(ui) {
                        match SessionView::open(store, &id) {
                            Ok(view) => open = Some(Box::new(view)),
                            Err(e) => self.error = Some(e.to_string()),
                        }
                    }
                });
        });
        if supervisor {
            return Some(StartNext::Supervisor);
        }
        open.map(StartNext::Session)
    }

    fn list_ui(&self, ui: &mut egui::Ui) -> Option<SessionId> {
        let mut clicked = None;
        for (title, status) in [
            ("Open sessions", Status::Open),
            ("Recent closed sessions", Status::Closed),
        ] {
            ui.strong(title);
            let mut any = false;
            for e in self.entries.iter().filter(|e| e.status == status).take(12) {
                any = true;
                let verb = if status == Status::Open {
                    "Resume"
                } else {
                    "View"
                };
                if ui.button(format!("{verb}: {}", e.label)).clicked() {
                    clicked = Some(e.id.clone());
                }
            }
            if !any {
                ui.weak("None");
            }
            ui.add_space(6.0);
        }
        if !self.unreadable.is_empty() {
            ui.strong("Files that could not be read (left untouched)");
            for u in &self.unreadable {
                ui.colored_label(super::theme::MISSING, u);
            }
        }
        clicked
    }

    fn new_session_ui(
        &mut self,
        ui: &mut egui::Ui,
        set: &ProtocolSet,
        store: &Store,
        prefs: &mut Prefs,
        now: Timestamp,
    ) -> Option<Box<SessionView>> {
        let protocol = set
            .protocol(&self.protocol)
            .unwrap_or_else(|| set.default_protocol());
        let family = protocol.kind == ProtocolKind::FamilyIntervention;
        ui.group(|ui| {
            ui.strong("New session");
            if set.protocols().len() > 1 {
                for p in set.protocols() {
                    let with = match p.kind {
                        ProtocolKind::BriefIntervention => "with a patient",
                        ProtocolKind::FamilyIntervention => "with concerned others (family, friends)",
                    };
                    ui.radio_value(&mut self.protocol, p.id.clone(), format!("{} — {with}", p.title));
                }
                ui.weak(&protocol.summary);
                ui.add_space(4.0);
            }
            text_field(ui, "Clinician id", &mut self.clinician, "e.g. c-lee");
            if family {
                text_field(
                    ui,
                    "Case reference",
                    &mut self.patient,
                    "pseudonymous, not a name; the same for every session of the case",
                );
            } else {
                text_field(
                    ui,
                    "Patient reference",
                    &mut self.patient,
                    "pseudonymous, not a name",
                );
                ui.horizontal(|ui| {
                    ui.label("Sex (for the instruments' cut-offs)");
                    ui.radio_value(&mut self.sex, Some(Sex::Female), "Female");
                    ui.radio_value(&mut self.sex, Some(Sex::Male), "Male");
                    ui.radio_value(&mut self.sex, None, "Not recorded");
                });
                text_field(ui, "Age", &mut self.age, "years");
            }
            let earlier = if family {
                let cases = self.cases.get_or_insert_with(|| {
                    set.protocols()
                        .iter()
                        .filter(|p| p.kind == ProtocolKind::FamilyIntervention)
                        .flat_map(|p| super::case::sessions_of(store, p))
                        .collect()
                });
                super::case::of_case(cases, &self.patient)
                    .into_iter()
                    .cloned()
                    .collect::<Vec<_>>()
            } else {
                Vec::new()
            };
            let latest = earlier.last().cloned();
            if family && !self.patient.trim().is_empty() {
                match &latest {
                    Some(l) => ui.label(format!(
                        "This case has {} earlier session{}: the new session carries on the plan of the latest, {} ({}).",
                        earlier.len(),
                        if earlier.len() == 1 { "" } else { "s" },
                        l.created.format("%Y-%m-%d %H:%M"),
                        l.clinician
                    )),
                    None => ui.weak("No earlier session of this case in the data folder: a new plan starts."),
                };
            }
            let age = if family { "" } else { self.age.trim() };
            let age_ok = age.is_empty() || age.parse::<u32>().is_ok_and(|a| a < 130);
            if !age_ok {
                ui.colored_label(super::theme::MISSING, "Age must be a whole number of years");
            }
            let ready =
                !self.clinician.trim().is_empty() && !self.patient.trim().is_empty() && age_ok;
            ui.horizontal(|ui| {
                let start = ui
                    .add_enabled(ready, egui::Button::new("Start session"))
                    .clicked();
                if ui.button("Cancel").clicked() {
                    self.new_open = false;
                }
                if !start {
                    return None;
                }
                let profile = if family {
                    // A family case records no profile: the person seen is a concerned other.
                    Profile::default()
                } else {
                    Profile {
                        sex: self.sex,
                        age: age.parse().ok(),
                        ..Profile::default()
                    }
                };
                let id = SessionId::new(Utc::now());
                let mut session = Session::for_protocol(
                    id,
                    self.clinician.trim(),
                    self.patient.trim(),
                    profile,
                    protocol,
                    now,
                );
                if let Some(l) = &latest {
                    match store.load(&l.id) {
                        Ok(previous) => session.continue_case(&previous),
                        Err(e) => {
                            self.error = Some(format!(
                                "The case's latest session could not be read, so its plan cannot be carried on: {e}"
                            ));
                            return None;
                        }
                    }
                }
                // A rule the profile alone raises (age) shows from the first step.
                session.refresh_safety(set, protocol, now);
                self.clinician.trim().clone_into(&mut prefs.clinician);
                let opened = store
                    .lock(&session.id)
                    .and_then(|lock| store.save(&session).map(|()| lock));
                match opened {
                    Ok(lock) => Some(Box::new(SessionView::new(session, lock))),
                    Err(e) => {
                        self.error = Some(format!("The session could not be created: {e}"));
                        None
                    }
                }
            })
            .inner
        })
        .inner
    }
}
