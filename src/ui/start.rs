//! The start view: the follow-ups due, the recent sessions (a table, searchable by patient
//! reference or clinician), a new session, the supervisor's audit, and the text size.
//!
//! The follow-ups come from every session of the folder, read in the background
//! ([`followup::scan`]); the table lists the last three months, read at once.

use std::sync::mpsc::{Receiver, TryRecvError};
use std::time::Duration;

use chrono::{NaiveDate, Utc};
use egui_extras::{Column, TableBuilder};

use super::new_session::{FormAction, NewSessionForm};
use super::session_view::SessionView;
use super::settings::Prefs;
use super::theme;
use super::widgets::labelled_button;
use crate::followup::{self, Due, FollowUp, Visits};
use crate::protocol::ProtocolSet;
use crate::session::{Session, SessionId, Status, Timestamp};
use crate::store::Store;
use crate::t;

/// How many month folders the sessions table reads.
const RECENT_MONTHS: usize = 3;

/// Where the start view leads.
pub enum StartNext {
    /// A session to work on.
    Session(Box<SessionView>),
    /// The supervisor's audit of the folder.
    Supervisor,
    /// Show the window in this language (a code of the loaded catalogues), and remember it.
    Language(String),
}

/// A session listed in the table.
struct Row {
    id: SessionId,
    started: Timestamp,
    patient: String,
    clinician: String,
    status: Status,
    components: String,
    /// What is wrong with the file's seal, if anything.
    seal: Option<String>,
}

impl Row {
    fn matches(&self, needle: &str) -> bool {
        matches(&self.patient, &self.clinician, needle)
    }
}

/// True when the search (lower case, trimmed) finds the patient reference or the clinician.
fn matches(patient: &str, clinician: &str, needle: &str) -> bool {
    needle.is_empty()
        || patient.to_lowercase().contains(needle)
        || clinician.to_lowercase().contains(needle)
}

/// The follow-ups, read in the background.
#[derive(Default)]
struct Followups {
    loading: Option<Receiver<Visits>>,
    visits: Option<Visits>,
    /// Overdue and due this week, as of `day`.
    due: Vec<FollowUp>,
    day: Option<NaiveDate>,
}

impl Followups {
    /// Starts reading the folder's sessions on a thread of its own (at once, if none can be made).
    fn read(store: &Store) -> Self {
        let dir = store.sessions_dir();
        let (tx, rx) = std::sync::mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("followups".to_owned())
            .spawn(move || {
                tx.send(followup::scan(&dir)).ok();
            });
        match spawned {
            Ok(_) => Self {
                loading: Some(rx),
                ..Self::default()
            },
            Err(_) => Self {
                visits: Some(followup::scan(&store.sessions_dir())),
                ..Self::default()
            },
        }
    }

    /// Takes the result if it is there (`wait`: waits for it).
    fn poll(&mut self, wait: bool) {
        let Some(rx) = &self.loading else {
            return;
        };
        let got = if wait {
            rx.recv().ok()
        } else {
            match rx.try_recv() {
                Ok(v) => Some(v),
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => None,
            }
        };
        self.loading = None;
        self.visits = Some(got.unwrap_or_default());
        self.day = None;
    }

    /// The list as of `today` (made again when the day changes).
    fn refresh(&mut self, today: NaiveDate) {
        if self.day == Some(today) {
            return;
        }
        if let Some(visits) = &self.visits {
            self.due = visits.due(today, Some(followup::end_of_week(today)));
            self.day = Some(today);
        }
    }
}

/// A file the table leaves out: its path and why (shown in the window's language when drawn).
enum Unlisted {
    /// It could not be read.
    Unreadable { path: String, reason: String },
    /// The same session as another file, which is listed.
    Duplicate { path: String, counted: String },
}

impl Unlisted {
    fn words(&self) -> String {
        match self {
            Self::Unreadable { path, reason } => {
                t!("start-file-unreadable", path = path, reason = reason)
            }
            Self::Duplicate { path, counted } => {
                t!("start-file-duplicate", path = path, counted = counted)
            }
        }
    }
}

/// The start view.
pub struct StartView {
    rows: Vec<Row>,
    /// Indexes into `rows` that match `search`, as of `searched`.
    shown: Vec<usize>,
    searched: Option<String>,
    search: String,
    unreadable: Vec<Unlisted>,
    form: Option<NewSessionForm>,
    error: Option<String>,
    followups: Followups,
}

impl StartView {
    /// Lists the recent sessions in the store and starts reading the follow-ups.
    pub fn new(set: &ProtocolSet, store: &Store) -> Self {
        // The last three months: the working set, whatever the size of the history.
        let listing = store.list_recent(RECENT_MONTHS);
        let mut rows: Vec<Row> = listing
            .sessions
            .into_iter()
            .map(
                |crate::store::Listed {
                     session: s, seal, ..
                 }| Row {
                    started: s.created,
                    components: format!(
                        "{}/{}",
                        s.delivered().len(),
                        set.protocol(&s.protocol.id)
                            .unwrap_or_else(|| set.default_protocol())
                            .components
                            .len()
                    ),
                    seal: seal.is_changed().then(|| seal.describe()),
                    patient: s.patient,
                    clinician: s.clinician,
                    status: s.status,
                    id: s.id,
                },
            )
            .collect();
        // Open sessions first, then the rest; newest first in each.
        rows.reverse();
        rows.sort_by_key(|r| r.status != Status::Open);
        let unreadable = listing
            .unreadable
            .iter()
            .map(|u| Unlisted::Unreadable {
                path: u.path.display().to_string(),
                reason: u.reason.clone(),
            })
            .chain(listing.duplicates.iter().flat_map(|d| {
                d.others.iter().map(move |o| Unlisted::Duplicate {
                    path: o.display().to_string(),
                    counted: d.counted.display().to_string(),
                })
            }))
            .collect();
        Self {
            rows,
            shown: Vec::new(),
            searched: None,
            search: String::new(),
            unreadable,
            form: None,
            error: None,
            followups: Followups::read(store),
        }
    }

    /// True while the follow-ups are being read.
    pub fn is_loading(&self) -> bool {
        self.followups.loading.is_some()
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
        self.followups.poll(false);
        self.followups.refresh(now.date_naive());
        if self.is_loading() {
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
        let mut next = None;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("brief");
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    text_size_ui(ui, prefs);
                    ui.add_space(12.0);
                    if let Some(code) = language_ui(ui) {
                        next = Some(StartNext::Language(code));
                    }
                });
            });
            ui.label(&super::new_session::default_protocol(set).title);
            ui.add_space(8.0);
            if let Some(error) = &self.error {
                ui.colored_label(theme::MISSING, error);
            }
            if let Some(form) = &mut self.form {
                match form.ui(ui, set, self.followups.visits.as_ref(), store) {
                    FormAction::Start => {
                        next = self.start(set, store, prefs, now).map(StartNext::Session);
                    }
                    FormAction::Cancel => self.form = None,
                    FormAction::None => {}
                }
            } else {
                ui.horizontal(|ui| {
                    if ui.button(t!("start-new-session")).clicked() {
                        self.form = Some(NewSessionForm::new(&prefs.clinician));
                    }
                    let components = super::new_session::default_protocol(set).components.len();
                    if ui
                        .button(t!("start-supervisor"))
                        .on_hover_text(t!("start-supervisor-hover", components = components))
                        .clicked()
                    {
                        next = Some(StartNext::Supervisor);
                    }
                });
            }
            ui.separator();
            ui.horizontal(|ui| {
                let l = ui.label(t!("start-search"));
                ui.add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text(t!("start-search-hint"))
                        .desired_width(260.0),
                )
                .labelled_by(l.id);
            });
            let needle = self.search.trim().to_lowercase();
            if let Some(f) = self.followups_ui(ui, &needle) {
                self.form = Some(follow_up_form(&f, prefs, self.followups.visits.as_ref()));
            }
            ui.add_space(6.0);
            if let Some(id) = self.sessions_ui(ui, &needle) {
                match SessionView::open(store, &id) {
                    Ok(view) => next = Some(StartNext::Session(Box::new(view))),
                    Err(e) => self.error = Some(e.to_string()),
                }
            }
        });
        next
    }

    /// Creates the session the form describes, with the patient's last visit copied in.
    fn start(
        &mut self,
        set: &ProtocolSet,
        store: &Store,
        prefs: &mut Prefs,
        now: Timestamp,
    ) -> Option<Box<SessionView>> {
        let form = self.form.as_mut()?;
        let protocol = form.protocol(set);
        let earlier = form.earlier_sessions(set, store);
        let id = SessionId::new(Utc::now());
        let mut session = Session::for_protocol(
            id,
            form.clinician.trim(),
            form.patient.trim(),
            form.profile_in(set),
            protocol,
            now,
        );
        // A family case carries on the plan of its latest session.
        if let Some(latest) = earlier.last() {
            match store.load(&latest.id) {
                Ok(previous) => session.continue_case(&previous),
                Err(e) => {
                    self.error = Some(t!("start-case-unreadable", error = e.to_string()));
                    return None;
                }
            }
        }
        let form = self.form.as_ref()?;
        // The earlier sessions must be known before the session is made: wait for them.
        self.followups.poll(true);
        let visits = self.followups.visits.as_ref();
        // A previous visit that cannot be read is left out; the session starts anyway.
        session.prior = visits
            .and_then(|v| v.prior_visit(&session.patient, &protocol.id).ok())
            .flatten();
        // A rule the profile alone raises (age) shows from the first step.
        session.refresh_safety(set, protocol, now);
        form.clinician.trim().clone_into(&mut prefs.clinician);
        let opened = store
            .lock(&session.id)
            .and_then(|lock| store.save(&session).map(|()| lock));
        match opened {
            Ok(lock) => Some(Box::new(SessionView::new(session, lock))),
            Err(e) => {
                self.error = Some(t!("start-not-created", error = e.to_string()));
                None
            }
        }
    }

    /// The follow-ups due (overdue and this week); returns the one whose follow-up was asked for.
    fn followups_ui(&self, ui: &mut egui::Ui, needle: &str) -> Option<FollowUp> {
        let f = &self.followups;
        let Some(today) = f.day.filter(|_| f.visits.is_some()) else {
            ui.weak(t!("start-followups-reading"));
            return None;
        };
        let overdue = f.due.iter().filter(|x| x.when == Due::Overdue).count();
        let this_week = f.due.len() - overdue;
        ui.strong(t!(
            "start-followups-due",
            this_week = this_week,
            overdue = overdue
        ));
        // This week's first, soonest first; then the overdue ones, the most recently due first
        // (the list itself is by date, oldest first).
        let (mut shown, overdue_rows): (Vec<&FollowUp>, Vec<&FollowUp>) = f
            .due
            .iter()
            .filter(|x| matches(&x.patient, &x.clinician, needle))
            .partition(|x| x.when != Due::Overdue);
        shown.extend(overdue_rows.into_iter().rev());
        if shown.is_empty() {
            ui.weak(if f.due.is_empty() {
                t!("start-none")
            } else {
                t!("start-none-match")
            });
            return None;
        }
        let mut asked = None;
        ui.push_id("followups", |ui| {
            TableBuilder::new(ui)
                .striped(true)
                .max_scroll_height(170.0)
                .column(Column::auto().at_least(84.0))
                .column(Column::auto().at_least(120.0))
                .column(Column::auto().at_least(90.0))
                .column(Column::auto().at_least(80.0))
                .column(Column::auto().at_least(132.0))
                .column(Column::remainder().clip(true))
                .header(20.0, |mut header| {
                    for h in [
                        t!("start-col-due"),
                        t!("start-col-when"),
                        t!("start-col-patient"),
                        t!("start-col-clinician"),
                        String::new(),
                        t!("start-col-goal"),
                    ] {
                        header.col(|ui| {
                            ui.strong(h);
                        });
                    }
                })
                .body(|body| {
                    body.rows(24.0, shown.len(), |mut row| {
                        let Some(x) = shown.get(row.index()) else {
                            return;
                        };
                        row.col(|ui| {
                            ui.label(crate::i18n::current().date(&x.due));
                        });
                        row.col(|ui| {
                            let words = when_words(x, today);
                            if x.when == Due::Overdue {
                                ui.colored_label(theme::MISSING, words);
                            } else {
                                ui.label(words);
                            }
                        });
                        row.col(|ui| {
                            ui.label(&x.patient);
                        });
                        row.col(|ui| {
                            ui.label(&x.clinician);
                        });
                        row.col(|ui| {
                            // One line, however long the words are in this language.
                            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Extend);
                            let label = t!("start-follow-up-for", patient = &x.patient);
                            if labelled_button(ui, true, &t!("start-follow-up"), &label).clicked() {
                                asked = Some((*x).clone());
                            }
                        });
                        row.col(|ui| {
                            if x.goal.trim().is_empty() {
                                ui.weak(t!("start-no-goal"));
                            } else {
                                ui.label(&x.goal);
                            }
                        });
                    });
                });
        });
        asked
    }

    /// The sessions of the last months; returns the one to open.
    fn sessions_ui(&mut self, ui: &mut egui::Ui, needle: &str) -> Option<SessionId> {
        if self.searched.as_deref() != Some(needle) {
            self.shown = (0..self.rows.len())
                .filter(|&i| self.rows.get(i).is_some_and(|r| r.matches(needle)))
                .collect();
            self.searched = Some(needle.to_owned());
        }
        ui.strong(t!(
            "start-sessions-heading",
            months = RECENT_MONTHS,
            shown = self.shown.len(),
            total = self.rows.len()
        ));
        let mut clicked = None;
        let height = (ui.available_height() - 40.0).max(120.0);
        ui.push_id("sessions", |ui| {
            TableBuilder::new(ui)
                .striped(true)
                .max_scroll_height(height)
                .column(Column::auto().at_least(120.0))
                .column(Column::auto().at_least(90.0))
                .column(Column::auto().at_least(80.0))
                .column(Column::auto().at_least(160.0))
                .column(Column::auto().at_least(80.0))
                .column(Column::remainder())
                .header(20.0, |mut header| {
                    for h in [
                        t!("start-col-started"),
                        t!("start-col-patient"),
                        t!("start-col-clinician"),
                        t!("start-col-status"),
                        t!("start-col-components"),
                        String::new(),
                    ] {
                        header.col(|ui| {
                            ui.strong(h);
                        });
                    }
                })
                .body(|body| {
                    body.rows(24.0, self.shown.len(), |mut row| {
                        let Some(r) = self.shown.get(row.index()).and_then(|&i| self.rows.get(i))
                        else {
                            return;
                        };
                        row.col(|ui| {
                            ui.label(crate::i18n::current().date_time(&r.started));
                        });
                        row.col(|ui| {
                            ui.label(&r.patient);
                        });
                        row.col(|ui| {
                            ui.label(&r.clinician);
                        });
                        row.col(|ui| {
                            let status = match r.status {
                                Status::Open => t!("start-status-open"),
                                Status::Closed => t!("start-status-closed"),
                            };
                            match &r.seal {
                                // The warning opens the record too, where the banner explains it.
                                Some(seal) => {
                                    let text = egui::RichText::new(seal).color(theme::MISSING);
                                    if ui.add(egui::Button::new(text).frame(false)).clicked() {
                                        clicked = Some(r.id.clone());
                                    }
                                }
                                None => {
                                    ui.label(status);
                                }
                            }
                        });
                        row.col(|ui| {
                            ui.label(&r.components);
                        });
                        row.col(|ui| {
                            let id = r.id.to_string();
                            let (text, label) = match r.status {
                                Status::Open => {
                                    (t!("start-resume"), t!("start-resume-session", id = id))
                                }
                                Status::Closed => {
                                    (t!("start-view"), t!("start-view-session", id = id))
                                }
                            };
                            if labelled_button(ui, true, &text, &label).clicked() {
                                clicked = Some(r.id.clone());
                            }
                        });
                    });
                });
        });
        if self.rows.is_empty() {
            ui.weak(t!("start-none"));
        }
        if !self.unreadable.is_empty() {
            ui.strong(t!("start-files-unreadable"));
            for u in &self.unreadable {
                ui.colored_label(theme::MISSING, u.words());
            }
        }
        clicked
    }
}

/// "overdue 12 days", "today", "in 3 days".
fn when_words(f: &FollowUp, today: NaiveDate) -> String {
    let days = (f.due - today).num_days();
    match days {
        d if d < 0 => t!("start-overdue", days = -d),
        0 => t!("start-due-today"),
        1 => t!("start-due-tomorrow"),
        d => t!("start-due-in", days = d),
    }
}

/// The new-session form for a follow-up: the patient's reference, sex and age as last
/// recorded, and the clinician using the app (else the one who saw the patient).
fn follow_up_form(f: &FollowUp, prefs: &Prefs, visits: Option<&Visits>) -> NewSessionForm {
    let clinician = if prefs.clinician.trim().is_empty() {
        &f.clinician
    } else {
        &prefs.clinician
    };
    let mut form = NewSessionForm::new(clinician);
    form.patient.clone_from(&f.patient);
    form.protocol.clone_from(&f.protocol);
    if let Some(v) = visits.and_then(|v| v.of_patient(&f.patient, &f.protocol).last()) {
        form.sex = v.profile.sex;
        form.age = v.profile.age.map(|a| a.to_string()).unwrap_or_default();
    }
    form
}

/// Smaller / larger text, with the size now (also Ctrl − / Ctrl + / Ctrl 0).
fn text_size_ui(ui: &mut egui::Ui, prefs: &mut Prefs) {
    // Right to left: the last added is leftmost.
    if labelled_button(ui, true, "A+", &t!("start-text-larger"))
        .on_hover_text(t!("start-text-larger-hover"))
        .clicked()
    {
        prefs.text_scale = Prefs::step_text_scale(prefs.text_scale(), 1);
    }
    let percent = format!("{:.0}", prefs.text_scale() * 100.0);
    ui.label(t!("start-text-size", percent = percent))
        .on_hover_text(t!("start-text-reset-hover"));
    if labelled_button(ui, true, "A−", &t!("start-text-smaller"))
        .on_hover_text(t!("start-text-smaller-hover"))
        .clicked()
    {
        prefs.text_scale = Prefs::step_text_scale(prefs.text_scale(), -1);
    }
}

/// The language chooser: every loaded language, by its own name; returns the one chosen when
/// it differs from the language shown.
fn language_ui(ui: &mut egui::Ui) -> Option<String> {
    let texts = crate::i18n::current();
    let languages = texts.languages();
    let mut chosen = texts.code().to_owned();
    // Right to left: the combo box first, so its label reads before it.
    let combo = egui::ComboBox::from_id_salt("language_chooser")
        .selected_text(languages.name(&chosen))
        .show_ui(ui, |ui| {
            for code in languages.codes() {
                ui.selectable_value(&mut chosen, code.to_owned(), languages.name(code));
            }
        })
        .response;
    let l = ui.label(t!("start-language"));
    combo.labelled_by(l.id);
    (chosen != texts.code()).then_some(chosen)
}
