//! The start view: resume an open session, look at recent ones, or start a new one.

use chrono::Utc;

use super::session_view::SessionView;
use super::settings::Prefs;
use super::widgets::text_field;
use crate::protocol::{ProtocolSet, Sex};
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
            protocol: String::new(),
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
                    if ui.button("New session…").clicked() {
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
        ui.group(|ui| {
            ui.strong("New session");
            text_field(ui, "Clinician id", &mut self.clinician, "e.g. c-lee");
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
            if set.protocols().len() > 1 {
                egui::ComboBox::from_label("Protocol")
                    .selected_text(&self.protocol)
                    .show_ui(ui, |ui| {
                        for p in set.protocols() {
                            ui.selectable_value(&mut self.protocol, p.id.clone(), &p.title);
                        }
                    });
            }
            let age = self.age.trim();
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
                let protocol = set
                    .protocol(&self.protocol)
                    .unwrap_or_else(|| set.default_protocol());
                let profile = Profile {
                    sex: self.sex,
                    age: age.parse().ok(),
                    ..Profile::default()
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
