//! The clinician's session view: the step rail (left), the current step (centre), the six
//! components and the readiness notes (right), a save-failure banner (top).

use std::time::Instant;

use egui::{Key, Modifiers, RichText};

use super::steps::{self, StepContext, StepDrafts};
use super::theme;
use super::widgets::{choice_button, labelled_button, reason_form, text_field};
use crate::protocol::{Pregnancy, Protocol, ProtocolSet, Sex};
use crate::scoring::Profile;
use crate::session::{Change, CoverageSource, Seal, Session, Status, StepState, Timestamp};
use crate::store::{Autosave, EditLock, Store, StoreError};
use crate::{i18n, t};

/// A session being worked on.
pub struct SessionView {
    session: Session,
    _lock: EditLock,
    autosave: Autosave,
    /// The step views' drafts.
    drafts: StepDrafts,
    /// The note typed for a component marked by hand.
    hand_note: String,
    /// The skip form: open, and its reason.
    skip_open: bool,
    skip_reason: String,
    refused: Option<String>,
    /// The seal of the file as opened.
    seal: Seal,
    /// The profile form in the top bar, while open.
    profile_form: Option<ProfileForm>,
    /// A family case's earlier sessions (for its timeline), read once from the data folder,
    /// and why the chain stops short if it does.
    history: Option<(Vec<steps::EarlierSession>, Option<String>)>,
}

/// The profile being edited in the top bar.
struct ProfileForm {
    sex: Option<Sex>,
    age: String,
    pregnancy: Pregnancy,
}

impl SessionView {
    /// Opens a session (the caller holds its edit lock).
    pub fn new(session: Session, lock: EditLock) -> Self {
        let drafts = StepDrafts::from_session(&session);
        Self {
            session,
            _lock: lock,
            autosave: Autosave::default(),
            drafts,
            hand_note: String::new(),
            skip_open: false,
            skip_reason: String::new(),
            refused: None,
            seal: Seal::Open,
            profile_form: None,
            history: None,
        }
    }

    /// Opens a stored session for editing: takes its edit lock and reads it with its seal.
    /// "Resume"/"View" on the start view and [`BriefApp::open_session`](super::BriefApp) both
    /// open sessions this way.
    pub fn open(store: &Store, id: &crate::session::SessionId) -> Result<Self, StoreError> {
        let lock = store.lock(id)?;
        let (session, seal) = store.load_checked(id)?;
        Ok(Self::new(session, lock).with_seal(seal))
    }

    /// Records the seal of the file as it was opened. A record changed outside brief is shown
    /// read-only, so that no change made here (an amendment re-seals) hides what was done.
    pub fn with_seal(mut self, seal: Seal) -> Self {
        self.seal = seal;
        self
    }

    /// The session as it is in memory.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Saves now, whatever the timing.
    pub fn save_now(&mut self, store: &Store, instant: Instant) -> Result<(), String> {
        if self.autosave.is_dirty() {
            self.autosave.save_now(store, &self.session, instant)
        } else {
            Ok(())
        }
    }

    /// Draws the view and applies the changes made in it; returns true to go back to the start.
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        set: &ProtocolSet,
        store: &Store,
        handouts: &super::HandoutOutput,
        now: Timestamp,
        instant: Instant,
    ) -> bool {
        let protocol = set
            .protocol(&self.session.protocol.id)
            .unwrap_or_else(|| set.default_protocol());
        let mut changes = Vec::new();
        let mut back = false;
        self.keyboard(ui, &mut changes);
        if is_family(protocol) && self.history.is_none() {
            self.history = Some(super::case::history(store, &self.session));
        }

        egui::Panel::top("session_top").show(ui, |ui| {
            self.top_ui(ui, protocol, &mut back, &mut changes);
            super::prior::banner_ui(ui, set, protocol, &self.session);
        });
        egui::Panel::left("steps_rail")
            .resizable(false)
            .exact_size(200.0)
            .show(ui, |ui| {
                self.rail_ui(ui, protocol, now, &mut changes);
            });
        egui::Panel::right("components")
            .resizable(false)
            .exact_size(290.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        self.components_ui(ui, protocol, &mut changes);
                    });
            });
        egui::CentralPanel::default().show(ui, |ui| {
            let advice = crate::safety::advice(
                set,
                protocol,
                &self.session.profile,
                &self.session.answers(),
            );
            let cx = StepContext {
                set,
                protocol,
                session: &self.session,
                now,
                open: self.session.status == Status::Open,
                advice: &advice,
                data_folder: store.root(),
                handouts,
            };
            if steps::has_safety_panel(&cx) {
                // Above the step's own scrolling, so it stays in view however far the step is
                // scrolled; it scrolls itself when the flags need more than about 60% of the height.
                let max_height = ui.available_height() * 0.62;
                egui::ScrollArea::vertical()
                    .id_salt("safety_panel")
                    .max_height(max_height)
                    .auto_shrink([false, true])
                    .show(ui, |ui| {
                        steps::safety_panel_ui(ui, &cx, &mut self.drafts, &mut changes);
                    });
                ui.separator();
            }
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    steps::step_ui(ui, &cx, &mut self.drafts, &mut changes);
                });
        });

        if !changes.is_empty() {
            // The state changed after it was drawn: draw it again.
            ui.ctx().request_repaint();
        }
        if self.session.status == Status::Open {
            // The elapsed time on the rail ticks once a second.
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs(1));
        }
        self.apply(set, protocol, changes, now, instant);
        let saved = self.autosave.save_if_due(store, &self.session, instant);
        if (saved.is_err() || self.autosave.is_dirty())
            && let Some(wait) = self.autosave.next_due_in(instant)
        {
            ui.ctx().request_repaint_after(wait);
        }
        if self.session.status == Status::Closed && self.autosave.is_dirty() {
            // A close (or an amendment) is written at once.
            self.autosave.save_now(store, &self.session, instant).ok();
        }
        if back {
            return self.save_now(store, instant).is_ok() || !self.autosave.is_dirty();
        }
        false
    }

    fn apply(
        &mut self,
        set: &ProtocolSet,
        protocol: &crate::protocol::Protocol,
        changes: Vec<Change>,
        now: Timestamp,
        instant: Instant,
    ) {
        if self.seal.is_changed() && !changes.is_empty() {
            self.refused = Some(t!("session-read-only-refused"));
            return;
        }
        for change in changes {
            match self.session.apply_in(set, protocol, change, now) {
                Ok(crate::session::Applied::Changed) => self.autosave.changed(instant),
                Ok(crate::session::Applied::Unchanged) => {}
                Err(e) => self.refused = Some(e.to_string()),
            }
        }
    }

    fn keyboard(&self, ui: &egui::Ui, changes: &mut Vec<Change>) {
        if self.session.status == Status::Closed {
            return;
        }
        let (next, previous) = ui.input_mut(|i| {
            (
                i.consume_key(Modifiers::CTRL, Key::ArrowRight),
                i.consume_key(Modifiers::CTRL, Key::ArrowLeft),
            )
        });
        if next {
            changes.extend(self.session.next_step_changes());
        }
        if previous {
            changes.extend(self.session.previous_step_changes());
        }
    }

    /// Skip the current step, with a reason.
    fn skip_ui(&mut self, ui: &mut egui::Ui, changes: &mut Vec<Change>) {
        if !self.skip_open {
            if ui.button(t!("session-skip-step")).clicked() {
                self.skip_open = true;
            }
            return;
        }
        match reason_form(
            ui,
            &t!("session-skip-reason"),
            &mut self.skip_reason,
            &t!("session-skip-confirm"),
            &t!("session-cancel"),
        ) {
            Some(true) => {
                changes.extend(self.session.skip_step_changes(&self.skip_reason));
                self.skip_open = false;
                self.skip_reason.clear();
            }
            Some(false) => self.skip_open = false,
            None => {}
        }
    }

    fn top_ui(
        &mut self,
        ui: &mut egui::Ui,
        protocol: &Protocol,
        back: &mut bool,
        changes: &mut Vec<Change>,
    ) {
        let s = &self.session;
        let mut edit_profile = false;
        ui.horizontal_wrapped(|ui| {
            if ui.button(t!("session-back")).clicked() {
                *back = true;
            }
            if is_family(protocol) {
                // The person seen is a concerned other: no profile of the loved one is kept.
                ui.strong(t!("session-family-case", case = &s.patient));
                if let Some((earlier, _)) = &self.history
                    && let Some(last) = earlier.last()
                {
                    ui.label(t!(
                        "session-continues",
                        date = i18n::current().date(&last.created)
                    ));
                }
            } else {
                ui.strong(t!("session-patient", patient = &s.patient));
                ui.label(profile_words(protocol, &s.profile));
                if s.status == Status::Open && self.profile_form.is_none() {
                    edit_profile = ui.button(t!("session-edit-profile")).clicked();
                }
            }
            ui.label(t!("session-clinician", clinician = &s.clinician));
            ui.label(format!("{} {}", protocol.title, s.protocol.version));
            if s.status == Status::Closed {
                ui.colored_label(
                    theme::DONE,
                    t!(
                        "session-closed-at",
                        time = s
                            .closed
                            .map(|t| i18n::current().time(&t))
                            .unwrap_or_default()
                    ),
                );
            }
        });
        if edit_profile {
            self.profile_form = Some(ProfileForm {
                sex: s.profile.sex,
                age: s.profile.age.map(|a| a.to_string()).unwrap_or_default(),
                pregnancy: s.profile.pregnancy,
            });
        }
        self.profile_form_ui(ui, protocol, changes);
        if self.seal.is_changed() {
            egui::Frame::new()
                .fill(theme::ERROR_BG)
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.colored_label(
                        theme::ERROR_FG,
                        t!("session-seal-changed", seal = self.seal.describe()),
                    );
                });
        }
        if let Some(error) = self.autosave.error() {
            egui::Frame::new()
                .fill(theme::ERROR_BG)
                .inner_margin(6.0)
                .show(ui, |ui| {
                    ui.colored_label(theme::ERROR_FG, t!("session-not-saved", error = error));
                });
        }
        if let Some(refused) = self.refused.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(theme::MISSING, refused);
                if ui.small_button(t!("session-dismiss")).clicked() {
                    self.refused = None;
                }
            });
        }
    }

    /// The profile form: sex, age and (where the protocol asks it) pregnancy status. Saving
    /// records a profile change; the screenings are scored again with the new profile.
    fn profile_form_ui(
        &mut self,
        ui: &mut egui::Ui,
        protocol: &Protocol,
        changes: &mut Vec<Change>,
    ) {
        let Some(form) = &mut self.profile_form else {
            return;
        };
        let mut close = false;
        ui.group(|ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(t!("session-sex"));
                for (sex, text) in [
                    (Some(Sex::Female), t!("session-female")),
                    (Some(Sex::Male), t!("session-male")),
                    (None, t!("session-not-recorded")),
                ] {
                    if choice_button(
                        ui,
                        form.sex == sex,
                        &text,
                        &t!("session-profile-sex", sex = &text),
                    )
                    .clicked()
                    {
                        form.sex = sex;
                    }
                }
            });
            text_field(
                ui,
                &t!("session-patient-age"),
                &mut form.age,
                &t!("session-years"),
            );
            let age = form.age.trim();
            let parsed = age.parse::<u32>().ok().filter(|a| *a < 130);
            let age_ok = age.is_empty() || parsed.is_some();
            if !age_ok {
                ui.colored_label(theme::MISSING, t!("session-age-whole-years"));
            }
            let mut profile = Profile {
                sex: form.sex,
                age: parsed,
                pregnancy: form.pregnancy,
            };
            let asked = protocol
                .pregnancy_question
                .as_ref()
                .filter(|q| q.is_asked_of(&profile));
            if let Some(q) = asked {
                ui.label(&q.question);
                ui.horizontal_wrapped(|ui| {
                    for status in Pregnancy::ALL {
                        let text = steps::capitalised(&status.shown());
                        if choice_button(
                            ui,
                            form.pregnancy == status,
                            &text,
                            &t!("session-profile-pregnancy", status = &text),
                        )
                        .clicked()
                        {
                            form.pregnancy = status;
                        }
                    }
                });
            } else {
                // Not asked of this profile: no status is kept.
                profile.pregnancy = Pregnancy::NotAsked;
            }
            ui.horizontal(|ui| {
                let differs = profile != self.session.profile;
                let save = t!("session-save-profile");
                if labelled_button(ui, age_ok && differs, &save, &save).clicked() {
                    changes.push(Change::SetProfile(profile));
                    close = true;
                }
                if labelled_button(
                    ui,
                    true,
                    &t!("session-cancel"),
                    &t!("session-cancel-profile"),
                )
                .clicked()
                {
                    close = true;
                }
            });
        });
        if close {
            self.profile_form = None;
        }
    }

    fn rail_ui(
        &mut self,
        ui: &mut egui::Ui,
        protocol: &Protocol,
        now: Timestamp,
        changes: &mut Vec<Change>,
    ) {
        ui.add_space(6.0);
        ui.strong(t!("session-steps"));
        for (i, step) in protocol.steps.iter().enumerate() {
            let record = self.session.step(&step.id);
            let current = self.session.current_step == step.id;
            let state = match record.map(|r| &r.state) {
                Some(StepState::Done) => t!("session-step-done"),
                Some(StepState::Skipped { .. }) => t!("session-step-skipped"),
                _ if current => t!("session-step-current"),
                Some(StepState::InProgress) => t!("session-step-started"),
                _ => t!("session-step-not-started"),
            };
            let text = t!(
                "session-step-rail",
                n = i + 1,
                title = &step.short_title,
                state = &state
            );
            let label = t!(
                "session-step-rail-label",
                n = i + 1,
                title = &step.short_title,
                state = &state
            );
            if super::widgets::choice_button(ui, current, &text, &label)
                .on_hover_text(&step.title)
                .clicked()
                && !current
            {
                changes.push(Change::EnterStep(step.id.clone()));
            }
            if let Some(StepState::Skipped { reason }) = record.map(|r| &r.state) {
                ui.weak(format!("   {reason}"));
            }
        }
        ui.separator();
        let minutes = self.session.minutes(now);
        let secs = ((self.session.closed.unwrap_or(now) - self.session.created)
            .num_seconds()
            .max(0))
            % 60;
        ui.label(
            RichText::new(format!("{minutes:02}:{secs:02}"))
                .size(22.0)
                .monospace(),
        )
        .on_hover_text(t!("session-time-hover"));
        if !protocol.billing.codes.is_empty() {
            Self::billing_ui(ui, protocol, minutes);
        }
        if self.session.status == Status::Open {
            ui.separator();
            self.skip_ui(ui, changes);
        }
    }

    /// The billing codes the time so far reaches, and the next threshold.
    fn billing_ui(ui: &mut egui::Ui, protocol: &Protocol, minutes: i64) {
        let codes = protocol.billing.codes_for(minutes);
        let billing = if codes.is_empty() {
            protocol.billing.below_minimum.clone()
        } else {
            codes
                .iter()
                .map(|c| c.code.as_str())
                .collect::<Vec<_>>()
                .join(" / ")
        };
        ui.label(billing);
        let next = protocol
            .billing
            .codes
            .iter()
            .filter(|c| i64::from(c.min_minutes) > minutes)
            .map(|c| c.min_minutes)
            .min();
        if let Some(next) = next {
            ui.weak(t!("session-next-threshold", minutes = next));
        }
    }

    fn components_ui(&mut self, ui: &mut egui::Ui, protocol: &Protocol, changes: &mut Vec<Change>) {
        ui.add_space(6.0);
        // Recorded coverage, and what the record shows was done (the protocol's credits).
        let deliveries = crate::credit::deliveries(protocol, &self.session);
        let delivered = deliveries.iter().filter(|(_, d)| d.is_some()).count();
        ui.strong(t!(
            "session-components",
            delivered = delivered,
            total = protocol.components.len()
        ));
        let open = self.session.status == Status::Open;
        let mut marks = Vec::new();
        for (c, first) in &deliveries {
            let mut mark = false;
            ui.horizontal(|ui| {
                let color = if first.is_some() {
                    theme::DONE
                } else {
                    theme::MISSING
                };
                ui.colored_label(color, RichText::new(format!("• {}", c.letter)).strong());
                // The name wraps before the Mark button, however long the protocol's names.
                let room = if open { 52.0 } else { 0.0 };
                let width = (ui.available_width() - room).max(60.0);
                ui.scope(|ui| {
                    ui.set_max_width(width);
                    ui.add(egui::Label::new(&c.name).wrap()).on_hover_text(t!(
                        "session-component-hover",
                        definition = &c.definition,
                        delivered_when = &c.delivered_when
                    ));
                });
                if open {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let label = t!("session-mark-label", component = &c.name);
                        mark = labelled_button(ui, true, &t!("session-mark"), &label)
                            .on_hover_text(t!("session-mark-hover"))
                            .clicked();
                    });
                }
            });
            if let Some(e) = first {
                let step = protocol
                    .steps
                    .iter()
                    .find(|s| s.id == e.step)
                    .map_or(e.step.as_str(), |s| s.short_title.as_str());
                let how = match &e.how {
                    crate::credit::How::Prompt(_) => t!("session-how-prompt"),
                    crate::credit::How::ByHand => t!("session-how-by-hand"),
                    crate::credit::How::Action(credit) => credit.label.clone(),
                    crate::credit::How::Plan(_) => t!("session-how-plan"),
                };
                let count = self
                    .session
                    .coverage
                    .iter()
                    .filter(|x| x.component == c.id)
                    .count();
                let more = if count > 1 {
                    t!("session-times", count = count)
                } else {
                    String::new()
                };
                let time = e
                    .time
                    .map(|t| format!(" {}", i18n::current().time(&t)))
                    .unwrap_or_default();
                ui.weak(format!("    {step}{time} ({how}{more})"));
            } else {
                ui.weak(format!("    {}", t!("session-not-yet")));
            }
            if mark {
                marks.push(c.id.clone());
            }
        }
        for component in marks {
            let note = self.hand_note.trim().to_owned();
            changes.push(Change::Cover {
                component,
                step: self.session.current_step.clone(),
                source: CoverageSource::ByHand,
                note: (!note.is_empty()).then_some(note),
            });
            self.hand_note.clear();
        }
        if open {
            super::widgets::text_field(
                ui,
                &t!("session-mark-note"),
                &mut self.hand_note,
                &t!("session-optional"),
            );
        }
        ui.separator();
        if is_family(protocol) {
            let (earlier, problem) = self
                .history
                .as_ref()
                .map(|(e, p)| (e.as_slice(), p.as_deref()))
                .unwrap_or_default();
            steps::case_timeline_ui(ui, &self.session, earlier, problem);
            return;
        }
        ui.strong(t!("session-readiness"));
        if self.session.readiness.is_empty() {
            ui.weak(t!("session-readiness-none"));
        }
        for r in self.session.readiness.iter().rev() {
            let stage = r.stage.as_deref().map_or_else(
                || t!("session-stage-not-set"),
                |id| {
                    protocol
                        .stages
                        .iter()
                        .find(|s| s.id == id)
                        .map_or(id, |s| s.name.as_str())
                        .to_owned()
                },
            );
            let time = r.time.map(|t| i18n::current().time(&t)).unwrap_or_default();
            ui.label(format!("{time}  {stage}"));
            let rulers: Vec<String> = [
                (t!("session-ruler-importance"), r.importance),
                (t!("session-ruler-confidence"), r.confidence),
                (t!("session-ruler-readiness"), r.readiness),
            ]
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| format!("{n} {v}")))
            .collect();
            if !rulers.is_empty() {
                ui.weak(format!("    {}", rulers.join(" · ")));
            }
            if !r.note.is_empty() {
                ui.weak(format!("    {}", r.note));
            }
        }
    }
}

/// True for a family-intervention protocol: a case of concerned others, with a plan and its
/// timeline, and no patient profile, readiness or billing.
fn is_family(protocol: &Protocol) -> bool {
    protocol.kind == crate::protocol::ProtocolKind::FamilyIntervention
}

/// The profile in words for the top bar: "Female, age 30, pregnant".
fn profile_words(protocol: &Protocol, p: &Profile) -> String {
    let sex = match p.sex {
        Some(Sex::Female) => t!("session-female"),
        Some(Sex::Male) => t!("session-male"),
        None => t!("session-sex-not-recorded"),
    };
    let age = p.age.map_or_else(
        || t!("session-age-not-recorded"),
        |a| t!("session-age", age = a),
    );
    let asked = protocol
        .pregnancy_question
        .as_ref()
        .is_some_and(|q| q.is_asked_of(p));
    if asked || !p.pregnancy.is_not_asked() {
        t!(
            "session-profile-pregnant",
            sex = &sex,
            age = &age,
            pregnancy = p.pregnancy.shown()
        )
    } else {
        format!("{sex}, {age}")
    }
}
