//! The supervisor's view: coverage of the six components across sessions, per clinician and
//! over time, the sessions to review, and a session's timeline (read-only).
//!
//! The folder is read in the background (the summary cache makes a re-read quick); the report
//! is aggregated once per filter change, never per frame, and the list of sessions to review is
//! virtualised, so a clinic's whole year stays smooth.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError};

use chrono::NaiveDate;
use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::theme;
use super::widgets::{choice_button, labelled_button, text_field};
use crate::audit::aggregate::{Filters, MissingSession, Report};
use crate::audit::pins::{self, PinReport};
use crate::audit::scan::{CacheMode, ScanResult, scan};
use crate::audit::{SessionSummary, export};
use crate::protocol::{Protocol, ProtocolSet};
use crate::session::{CoverageSource, Session, Status, StepState};
use crate::store::{self, Duplicate, Unreadable};
use crate::t;

/// Sort order of the list of sessions to review.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortBy {
    Date,
    Clinician,
    Missing,
}

/// The supervisor view.
pub struct SupervisorView {
    dir: PathBuf,
    loading: Option<Receiver<(ScanResult, Option<PinReport>)>>,
    summaries: Vec<SessionSummary>,
    unreadable: Vec<Unreadable>,
    duplicates: Vec<Duplicate>,
    pins: Option<PinReport>,
    /// The clinicians in the folder, sorted: computed once per load, not per frame.
    clinicians: Vec<String>,
    filters: Filters,
    from: String,
    to: String,
    report: Option<Report>,
    stale: bool,
    sort: SortBy,
    descending: bool,
    order: Vec<usize>,
    resort: bool,
    timeline: Option<Timeline>,
    export_path: String,
    message: Option<String>,
}

/// One session, opened read-only.
struct Timeline {
    title: String,
    events: Vec<(String, String)>,
}

impl SupervisorView {
    /// Starts reading `dir` (recursively) in the background.
    pub fn new(
        ctx: &egui::Context,
        dir: &Path,
        cache: CacheMode,
        pins_dir: Option<PathBuf>,
    ) -> Self {
        let (tx, rx) = std::sync::mpsc::channel();
        let scan_dir = dir.to_path_buf();
        let repaint = ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("audit-scan".to_owned())
            .spawn(move || {
                let scanned = scan(&scan_dir, cache);
                let pinned = pins_dir.map(|p| {
                    let now = chrono::Local::now().fixed_offset();
                    pins::check(&scan_dir, &p, &scanned.summaries, now)
                });
                tx.send((scanned, pinned)).ok();
                repaint.request_repaint();
            });
        let mut view = Self::new_idle(dir, rx);
        if spawned.is_err() {
            view.loading = None;
            view.message = Some(t!("supervisor-no-background"));
        }
        view
    }

    fn new_idle(dir: &Path, rx: Receiver<(ScanResult, Option<PinReport>)>) -> Self {
        Self {
            dir: dir.to_path_buf(),
            loading: Some(rx),
            summaries: Vec::new(),
            unreadable: Vec::new(),
            duplicates: Vec::new(),
            pins: None,
            clinicians: Vec::new(),
            filters: Filters::default(),
            from: String::new(),
            to: String::new(),
            report: None,
            stale: true,
            sort: SortBy::Date,
            descending: true,
            order: Vec::new(),
            resort: false,
            timeline: None,
            // Outside the data folder, which holds patient records only.
            export_path: export::default_export_path(dir, chrono::Local::now().date_naive())
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            message: None,
        }
    }

    /// A view on summaries already read (for benchmarks and tests).
    pub fn from_summaries(
        dir: &Path,
        summaries: Vec<SessionSummary>,
        unreadable: Vec<Unreadable>,
    ) -> Self {
        let (_, rx) = std::sync::mpsc::channel();
        let mut view = Self::new_idle(dir, rx);
        view.loading = None;
        view.set_summaries(summaries, unreadable);
        view
    }

    fn set_summaries(&mut self, summaries: Vec<SessionSummary>, unreadable: Vec<Unreadable>) {
        let mut clinicians: Vec<String> =
            summaries.iter().map(|s| s.clinician.to_string()).collect();
        clinicians.sort();
        clinicians.dedup();
        self.clinicians = clinicians;
        self.summaries = summaries;
        self.unreadable = unreadable;
        self.stale = true;
    }

    /// True while the folder is being read.
    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// Receives the scan and re-aggregates when the filters changed: once, not every frame.
    fn update(&mut self, protocol: &Protocol) {
        if let Some(rx) = &self.loading {
            match rx.try_recv() {
                Ok((result, pinned)) => {
                    self.set_summaries(result.summaries, result.unreadable);
                    self.duplicates = result.duplicates;
                    self.pins = pinned;
                    self.loading = None;
                }
                Err(TryRecvError::Empty) => return,
                Err(TryRecvError::Disconnected) => {
                    self.loading = None;
                    self.message = Some(t!("supervisor-read-failed"));
                }
            }
        }
        if self.stale {
            let mut report = Report::new(&self.summaries, &self.filters, protocol)
                .with_unreadable(&self.unreadable)
                .with_duplicates(&self.duplicates);
            if let Some(pins) = &self.pins {
                report = report.with_pins(pins);
            }
            self.report = Some(report);
            self.stale = false;
            self.sort_missing();
        }
    }

    fn sort_missing(&mut self) {
        let Some(report) = &self.report else { return };
        let mut order: Vec<usize> = (0..report.missing.len()).collect();
        let key =
            |m: &MissingSession| (m.session.date, m.session.clinician.clone(), m.missing.len());
        order.sort_by(|&a, &b| {
            let (Some(x), Some(y)) = (report.missing.get(a), report.missing.get(b)) else {
                return std::cmp::Ordering::Equal;
            };
            let (kx, ky) = (key(x), key(y));
            let ord = match self.sort {
                SortBy::Date => kx.0.cmp(&ky.0),
                SortBy::Clinician => kx.1.cmp(&ky.1).then(kx.0.cmp(&ky.0)),
                SortBy::Missing => kx.2.cmp(&ky.2).then(kx.0.cmp(&ky.0)),
            };
            if self.descending { ord.reverse() } else { ord }
        });
        self.order = order;
    }

    /// Draws the view; returns true to go back to the start view. The report covers one
    /// protocol of `set` at a time (the default until another is chosen): sessions of different
    /// protocols are never mixed in one component table.
    pub fn ui(&mut self, ui: &mut egui::Ui, set: &ProtocolSet) -> bool {
        let protocol = self
            .filters
            .protocol
            .as_deref()
            .and_then(|id| set.protocol(id))
            // The window's language's brief intervention: a Swedish clinic's supervisor opens
            // on the Swedish protocol's report.
            .unwrap_or_else(|| super::new_session::default_protocol(set));
        // Once per protocol change, not per frame: the other protocols' ids are only compared.
        let others = set.protocols().iter().filter(|p| p.id != protocol.id);
        if !others.map(|p| p.id.as_str()).eq(self
            .filters
            .other_protocols
            .iter()
            .map(String::as_str))
        {
            self.filters = std::mem::take(&mut self.filters).among(set, protocol);
            self.stale = true;
        }
        self.update(protocol);
        let mut back = false;
        egui::Panel::top("audit_top").show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                if ui.button(t!("supervisor-back-to-start")).clicked() {
                    back = true;
                }
                ui.strong(t!("supervisor-heading"));
                ui.weak(self.dir.display().to_string());
            });
            if set.protocols().len() > 1 {
                self.protocol_ui(ui, set, protocol);
            }
            self.filters_ui(ui, protocol);
        });
        if self.loading.is_some() {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.add(
                    egui::ProgressBar::new(0.0)
                        .animate(true)
                        .text(t!("supervisor-reading")),
                );
            });
            return back;
        }
        if let Some(timeline) = &self.timeline {
            let mut close = false;
            egui::CentralPanel::default().show(ui, |ui| close = timeline_ui(ui, timeline));
            if close {
                self.timeline = None;
            }
            return back;
        }
        let Some(report) = self.report.take() else {
            return back;
        };
        egui::Panel::right("audit_missing")
            .resizable(true)
            .default_size(520.0)
            .show(ui, |ui| {
                self.missing_ui(ui, &report, protocol);
            });
        egui::CentralPanel::default().show(ui, |ui| {
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    overview_ui(ui, &report, protocol);
                });
        });
        self.report = Some(report);
        if self.resort {
            self.resort = false;
            self.sort_missing();
        }
        back
    }

    /// One button per protocol, with the number of its sessions in the folder.
    fn protocol_ui(&mut self, ui: &mut egui::Ui, set: &ProtocolSet, current: &Protocol) {
        ui.horizontal_wrapped(|ui| {
            ui.label(t!("supervisor-protocol"));
            for p in set.protocols() {
                let n = self
                    .summaries
                    .iter()
                    .filter(|s| *s.protocol == *p.id)
                    .count();
                // A translation's language beside its title, so the two are told apart.
                let title = if p.language == crate::protocol::BASE_LANGUAGE {
                    p.title.clone()
                } else {
                    format!("{} [{}]", p.title, p.language)
                };
                let text = t!("supervisor-protocol-count", title = &title, count = n);
                if choice_button(
                    ui,
                    p.id == current.id,
                    &text,
                    &t!("supervisor-protocol-choice", id = &p.id),
                )
                .clicked()
                    && p.id != current.id
                {
                    self.filters.protocol = Some(p.id.clone());
                    // Tiers belong to a protocol.
                    self.filters.tier = None;
                    self.stale = true;
                }
            }
        });
    }

    fn filters_ui(&mut self, ui: &mut egui::Ui, protocol: &Protocol) {
        let mut changed = false;
        ui.horizontal_wrapped(|ui| {
            ui.set_max_width(ui.available_width());
            for (label, text, slot) in [
                (
                    t!("supervisor-from"),
                    &mut self.from,
                    &mut self.filters.from,
                ),
                (t!("supervisor-to"), &mut self.to, &mut self.filters.to),
            ] {
                let l = ui.label(label);
                let r = ui
                    .add(
                        egui::TextEdit::singleline(text)
                            .hint_text(t!("widget-date-hint"))
                            .desired_width(90.0),
                    )
                    .labelled_by(l.id);
                if r.changed() {
                    let parsed = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
                    if text.trim().is_empty() || parsed.is_some() {
                        *slot = parsed;
                        changed = true;
                    }
                }
            }
            let shown = self
                .filters
                .clinician
                .clone()
                .unwrap_or_else(|| t!("supervisor-all-clinicians"));
            // Each filter's label before it: a combo box's own label is drawn after it, where
            // it read as the label of the status buttons that follow.
            let l = ui.label(t!("supervisor-clinician"));
            egui::ComboBox::from_id_salt("clinician_filter")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    changed |= ui
                        .selectable_value(
                            &mut self.filters.clinician,
                            None,
                            t!("supervisor-all-clinicians"),
                        )
                        .changed();
                    for c in &self.clinicians {
                        changed |= ui
                            .selectable_value(&mut self.filters.clinician, Some(c.clone()), c)
                            .changed();
                    }
                })
                .response
                .labelled_by(l.id);
            ui.label(t!("supervisor-status"));
            for (text, status) in [
                (t!("supervisor-status-all"), None),
                (t!("supervisor-status-closed"), Some(Status::Closed)),
                (t!("supervisor-status-open"), Some(Status::Open)),
            ] {
                if choice_button(
                    ui,
                    self.filters.status == status,
                    &text,
                    &t!("supervisor-status-choice", status = &text),
                )
                .clicked()
                {
                    self.filters.status = status;
                    changed = true;
                }
            }
            if let Some(prevention) = &protocol.prevention {
                let tiers = std::iter::once((None, t!("supervisor-all-tiers"))).chain(
                    prevention
                        .tiers
                        .iter()
                        .map(|t| (Some(t.id.clone()), t.name.clone())),
                );
                for (tier, name) in tiers {
                    if choice_button(
                        ui,
                        self.filters.tier == tier,
                        &name,
                        &t!("supervisor-tier-choice", tier = &name),
                    )
                    .clicked()
                    {
                        self.filters.tier = tier;
                        changed = true;
                    }
                }
            }
            if ui.button(t!("supervisor-reset-filters")).clicked() {
                self.filters = Filters {
                    protocol: self.filters.protocol.take(),
                    ..Filters::default()
                };
                self.from.clear();
                self.to.clear();
                changed = true;
            }
        });
        ui.horizontal(|ui| {
            text_field(
                ui,
                &t!("supervisor-export-to"),
                &mut self.export_path,
                &t!("supervisor-export-hint"),
            );
        });
        ui.horizontal(|ui| {
            if ui.button(t!("supervisor-export")).clicked() {
                self.message = Some(self.export(protocol));
            }
            if let Some(m) = &self.message {
                ui.label(m);
            }
        });
        if changed {
            self.stale = true;
        }
    }

    /// Writes the per-session CSV of the filtered sessions to the export path.
    fn export(&self, protocol: &Protocol) -> String {
        let path = PathBuf::from(self.export_path.trim());
        let mut bytes = Vec::new();
        if let Err(e) =
            export::write_sessions_csv(&mut bytes, &self.summaries, &self.filters, protocol)
        {
            return t!("supervisor-export-failed", error = e.to_string());
        }
        let rows = self
            .summaries
            .iter()
            .filter(|s| self.filters.in_report(s))
            .count();
        match store::write_atomic(&path, &bytes) {
            Ok(()) => t!(
                "supervisor-exported",
                count = rows,
                path = path.display().to_string()
            ),
            Err(e) => t!("supervisor-export-failed", error = e.to_string()),
        }
    }

    fn missing_ui(&mut self, ui: &mut egui::Ui, report: &Report, protocol: &Protocol) {
        ui.strong(t!(
            "supervisor-missing-heading",
            count = report.missing.len()
        ));
        ui.horizontal(|ui| {
            ui.label(t!("supervisor-sort-by"));
            for (text, sort) in [
                (t!("supervisor-col-date"), SortBy::Date),
                (t!("supervisor-clinician"), SortBy::Clinician),
                (t!("supervisor-col-missing"), SortBy::Missing),
            ] {
                let label = t!("supervisor-sort-choice", column = &text);
                if choice_button(ui, self.sort == sort, &text, &label).clicked() {
                    if self.sort == sort {
                        self.descending = !self.descending;
                    }
                    self.sort = sort;
                    self.resort = true;
                }
            }
        });
        let mut open = None;
        let name = |id: &str| {
            protocol
                .components
                .iter()
                .find(|c| c.id == id)
                .map_or_else(|| id.to_owned(), |c| c.letter.clone())
        };
        TableBuilder::new(ui)
            .striped(true)
            .column(Column::auto().at_least(88.0))
            .column(Column::auto().at_least(90.0))
            .column(Column::auto().at_least(60.0))
            .column(Column::remainder())
            .header(20.0, |mut header| {
                for h in [
                    t!("supervisor-col-date"),
                    t!("supervisor-clinician"),
                    t!("supervisor-col-missing"),
                    t!("supervisor-col-session"),
                ] {
                    header.col(|ui| {
                        ui.strong(h);
                    });
                }
            })
            .body(|body| {
                body.rows(22.0, self.order.len(), |mut row| {
                    let Some(m) = self
                        .order
                        .get(row.index())
                        .and_then(|&i| report.missing.get(i))
                    else {
                        return;
                    };
                    row.col(|ui| {
                        ui.label(crate::i18n::current().date(&m.session.date));
                    });
                    row.col(|ui| {
                        ui.label(&m.session.clinician);
                    });
                    row.col(|ui| {
                        let letters: Vec<String> = m.missing.iter().map(|c| name(c)).collect();
                        ui.colored_label(theme::MISSING, letters.join(" "));
                    });
                    row.col(|ui| {
                        // The time part is already in the Date column: show the random part
                        // so the row keeps one line; the accessible name has the whole id.
                        let short = m.session.id.rsplit('-').next().unwrap_or_default();
                        if labelled_button(
                            ui,
                            true,
                            &t!("supervisor-open-short", short = short),
                            &t!("supervisor-open-session", id = &m.session.id),
                        )
                        .clicked()
                        {
                            open = Some(m.session.path.clone());
                        }
                    });
                });
            });
        if let Some(path) = open {
            self.timeline = Some(match store::read_session(&path) {
                Ok(session) => Timeline::new(&session, protocol),
                Err(e) => Timeline {
                    title: e.to_string(),
                    events: Vec::new(),
                },
            });
        }
    }
}

impl Timeline {
    fn new(s: &Session, protocol: &Protocol) -> Self {
        let time = |t: &crate::session::Timestamp| t.format("%H:%M:%S").to_string();
        let step_name = |id: &str| {
            protocol
                .steps
                .iter()
                .find(|x| x.id == id)
                .map_or_else(|| id.to_owned(), |x| x.short_title.clone())
        };
        let mut events: Vec<(String, String)> = Vec::new();
        for r in &s.steps {
            if let Some(t) = &r.entered {
                events.push((
                    time(t),
                    t!("supervisor-tl-entered", step = step_name(&r.step)),
                ));
            }
            match &r.state {
                StepState::Done => {
                    if let Some(t) = &r.left {
                        events.push((time(t), t!("supervisor-tl-done", step = step_name(&r.step))));
                    }
                }
                StepState::Skipped { reason } => events.push((
                    r.left.as_ref().map(time).unwrap_or_default(),
                    t!(
                        "supervisor-tl-skipped",
                        step = step_name(&r.step),
                        reason = reason
                    ),
                )),
                _ => events.push((
                    String::new(),
                    t!("supervisor-tl-not-done", step = step_name(&r.step)),
                )),
            }
        }
        for e in &s.coverage {
            let component = protocol
                .components
                .iter()
                .find(|c| c.id == e.component)
                .map_or(e.component.as_str(), |c| c.name.as_str());
            let how = match &e.source {
                CoverageSource::Prompt(id) => t!("supervisor-tl-by-prompt", prompt = id),
                CoverageSource::ByHand => t!("supervisor-tl-by-hand"),
                CoverageSource::Plan(fact) => t!("supervisor-tl-by-plan", fact = fact.name()),
            };
            let note = e
                .note
                .as_deref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            events.push((
                time(&e.time),
                t!(
                    "supervisor-tl-delivered",
                    component = component,
                    step = step_name(&e.step),
                    how = how,
                    note = note
                ),
            ));
        }
        for (c, d) in crate::credit::deliveries(protocol, s) {
            if let Some(crate::credit::Delivery {
                step,
                time: when,
                how: crate::credit::How::Action(credit),
                ..
            }) = d
            {
                events.push((
                    when.as_ref().map(time).unwrap_or_default(),
                    t!(
                        "supervisor-tl-delivered-record",
                        component = &c.name,
                        step = step_name(&step),
                        credit = &credit.label
                    ),
                ));
            }
        }
        for h in &s.handouts {
            events.push((
                time(&h.time),
                t!("supervisor-tl-handout", step = step_name(&h.step)),
            ));
        }
        for sc in &s.screenings {
            if let Some(r) = &sc.result {
                events.push((
                    time(&sc.time),
                    t!(
                        "supervisor-tl-screening",
                        instrument = &sc.instrument,
                        total = r.total,
                        zone = &r.zone
                    ),
                ));
            }
        }
        for r in &s.readiness {
            let stage = r
                .stage
                .clone()
                .unwrap_or_else(|| t!("supervisor-tl-no-stage"));
            let rulers: Vec<String> = [
                (t!("supervisor-tl-importance"), r.importance),
                (t!("supervisor-tl-confidence"), r.confidence),
                (t!("supervisor-tl-readiness"), r.readiness),
            ]
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| format!("{n} {v}")))
            .collect();
            events.push((
                r.time.as_ref().map(time).unwrap_or_default(),
                t!(
                    "supervisor-tl-readiness-note",
                    stage = stage,
                    rulers = rulers.join(", "),
                    note = &r.note
                ),
            ));
        }
        if let Some(t) = &s.closed {
            events.push((time(t), t!("supervisor-tl-closed")));
        }
        for a in &s.amendments {
            events.push((
                a.time.format("%Y-%m-%d %H:%M").to_string(),
                t!(
                    "supervisor-tl-amended",
                    by = &a.by,
                    reason = &a.reason,
                    change = &a.change
                ),
            ));
        }
        events.sort_by(|a, b| a.0.cmp(&b.0));
        let title = t!(
            "supervisor-tl-title",
            id = s.id.to_string(),
            date = crate::i18n::current().date(&s.created),
            clinician = &s.clinician,
            patient = &s.patient
        );
        Self { title, events }
    }
}

/// The read-only timeline; returns true to close it.
fn timeline_ui(ui: &mut egui::Ui, t: &Timeline) -> bool {
    let close = ui.button(t!("supervisor-back-to-audit")).clicked();
    ui.heading(&t.title);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            egui::Grid::new("timeline").striped(true).show(ui, |ui| {
                for (time, text) in &t.events {
                    ui.monospace(time);
                    ui.label(text);
                    ui.end_row();
                }
            });
        });
    close
}

/// Coverage bars, the clinician × component table, the trend, steps, stages, time and flags.
fn overview_ui(ui: &mut egui::Ui, report: &Report, protocol: &Protocol) {
    ui.heading(t!(
        "supervisor-sessions",
        count = report.sessions,
        closed = report.closed,
        open = report.open
    ));
    ui.label(t!(
        "supervisor-all-components",
        components = protocol.components.len(),
        count = report.all_components
    ));
    ui.add_space(6.0);
    ui.strong(t!("supervisor-coverage"));
    egui::Grid::new("coverage").show(ui, |ui| {
        for share in &report.components {
            let name = protocol
                .components
                .iter()
                .find(|c| c.id == share.component)
                .map_or(share.component.as_str(), |c| c.name.as_str());
            ui.label(t!(
                "supervisor-coverage-share",
                component = name,
                percent = percent(share.share),
                count = share.count,
                sessions = report.sessions
            ));
            ui.add(egui::ProgressBar::new(share.share as f32).desired_width(260.0));
            ui.end_row();
        }
    });
    let bars: Vec<egui_plot::Bar> = report
        .components
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let letter = protocol
                .components
                .get(i)
                .map_or(String::new(), |c| c.letter.clone());
            egui_plot::Bar::new(i as f64, s.share * 100.0)
                .name(letter)
                .width(0.6)
        })
        .collect();
    let letters: Vec<String> = protocol
        .components
        .iter()
        .map(|c| c.letter.clone())
        .collect();
    egui_plot::Plot::new("coverage_bars")
        .height(150.0)
        .include_y(0.0)
        .include_y(100.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_formatter(move |mark, _| {
            letters
                .get(mark.value.round() as usize)
                .cloned()
                .filter(|_| (mark.value - mark.value.round()).abs() < 0.01)
                .unwrap_or_default()
        })
        .show(ui, |plot| {
            plot.bar_chart(egui_plot::BarChart::new(
                t!("supervisor-coverage-bars"),
                bars,
            ));
        });

    ui.add_space(6.0);
    ui.strong(t!("supervisor-matrix"));
    egui::Grid::new("matrix").striped(true).show(ui, |ui| {
        ui.label(t!("supervisor-clinician"));
        ui.label(t!("supervisor-col-sessions"));
        for c in &protocol.components {
            ui.label(&c.letter).on_hover_text(&c.name);
        }
        ui.end_row();
        for row in &report.clinicians {
            ui.label(&row.group);
            ui.label(row.sessions.to_string());
            for share in &row.components {
                let pct = share.share * 100.0;
                let color = if pct >= 80.0 {
                    theme::DONE
                } else if pct >= 60.0 {
                    theme::zone_color(1, 4)
                } else {
                    theme::zone_color(3, 4)
                };
                ui.colored_label(
                    color,
                    t!("supervisor-percent", percent = percent(share.share)),
                );
            }
            ui.end_row();
        }
    });

    safety_ui(ui, report, protocol);

    ui.add_space(6.0);
    ui.strong(t!("supervisor-trend"));
    let months: Vec<String> = report.months.iter().map(|m| m.group.clone()).collect();
    egui_plot::Plot::new("trend")
        .height(170.0)
        .include_y(0.0)
        .include_y(100.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .legend(egui_plot::Legend::default())
        .x_axis_formatter(move |mark, _| {
            months
                .get(mark.value.round() as usize)
                .cloned()
                .filter(|_| (mark.value - mark.value.round()).abs() < 0.01)
                .unwrap_or_default()
        })
        .show(ui, |plot| {
            for (i, c) in protocol.components.iter().enumerate() {
                let points: Vec<[f64; 2]> = report
                    .months
                    .iter()
                    .enumerate()
                    .filter_map(|(x, m)| m.components.get(i).map(|s| [x as f64, s.share * 100.0]))
                    .collect();
                plot.line(egui_plot::Line::new(c.name.clone(), points));
            }
        });

    ui.add_space(6.0);
    ui.strong(t!("supervisor-steps"));
    egui::Grid::new("steps").striped(true).show(ui, |ui| {
        ui.label(t!("supervisor-col-step"));
        ui.label(t!("supervisor-col-done"));
        ui.label(t!("supervisor-col-skipped"));
        ui.label(t!("supervisor-col-not-done"));
        ui.end_row();
        for s in &report.steps {
            let name = protocol
                .steps
                .iter()
                .find(|x| x.id == s.step)
                .map_or(s.step.as_str(), |x| x.short_title.as_str());
            ui.label(name);
            ui.label(s.done.to_string());
            ui.label(s.skipped_with_reason.to_string());
            ui.colored_label(
                if s.not_done > 0 {
                    theme::MISSING
                } else {
                    theme::DONE
                },
                s.not_done.to_string(),
            );
            ui.end_row();
        }
    });

    levels_ui(ui, report, protocol);
    if let Some(plan) = &report.plan {
        cases_ui(ui, plan);
        flags_ui(ui, report);
        return;
    }
    ui.add_space(6.0);
    ui.strong(t!("supervisor-stage-at-close"));
    for st in &report.stages {
        let name = st.stage.as_deref().map_or_else(
            || t!("supervisor-not-recorded"),
            |id| {
                protocol
                    .stages
                    .iter()
                    .find(|x| x.id == id)
                    .map_or(id, |x| x.name.as_str())
                    .to_owned()
            },
        );
        ui.label(t!(
            "supervisor-count-share",
            name = name,
            count = st.count,
            percent = percent(st.share)
        ));
    }
    ui.add_space(6.0);
    let median = report.minutes.median.map_or_else(
        || t!("supervisor-none-closed"),
        |m| t!("supervisor-minutes", minutes = format!("{m:.0}")),
    );
    ui.strong(t!("supervisor-time", median = median));
    for c in &report.minutes.codes {
        ui.label(format!("{} ({}): {}", c.code, c.payer, c.count));
    }
    ui.label(t!(
        "supervisor-below-first-code",
        count = report.minutes.below_minimum
    ));

    flags_ui(ui, report);
}

/// How a family-intervention protocol's cases went: approaches, outcomes, days to treatment.
/// The intervention level of the closed sessions, for a protocol that records one (the
/// Swedish levels: enkla råd, rådgivande samtal, kvalificerat rådgivande samtal).
fn levels_ui(ui: &mut egui::Ui, report: &Report, protocol: &crate::protocol::Protocol) {
    if report.levels.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.strong(t!("supervisor-levels"));
    egui::Grid::new("levels").striped(true).show(ui, |ui| {
        for l in &report.levels {
            match &l.level {
                Some(id) => ui.label(
                    protocol
                        .intervention_levels
                        .iter()
                        .find(|x| &x.id == id)
                        .map_or(id.as_str(), |x| x.name.as_str()),
                ),
                None => ui.weak(t!("supervisor-level-none")),
            };
            ui.label(t!(
                "supervisor-count-percent",
                count = l.count,
                percent = percent(l.share)
            ));
            ui.end_row();
        }
    });
}

fn cases_ui(ui: &mut egui::Ui, plan: &crate::audit::family::PlanReport) {
    ui.add_space(6.0);
    ui.strong(t!("supervisor-cases", count = plan.cases));
    egui::Grid::new("cases").striped(true).show(ui, |ui| {
        for (title, counts, none) in [
            (
                t!("supervisor-approach"),
                &plan.approaches,
                plan.no_approach,
            ),
            (t!("supervisor-outcome"), &plan.outcomes, plan.no_outcome),
        ] {
            ui.strong(title);
            ui.end_row();
            for c in counts {
                ui.label(&c.name);
                ui.label(t!(
                    "supervisor-count-percent",
                    count = c.count,
                    percent = percent(c.share)
                ));
                ui.end_row();
            }
            ui.weak(t!("supervisor-not-yet-recorded"));
            ui.weak(none.to_string());
            ui.end_row();
        }
    });
    let d = &plan.days_to_treatment;
    let days = match (d.median, d.min, d.max) {
        (Some(m), Some(lo), Some(hi)) => t!(
            "supervisor-days-median",
            median = format!("{m:.0}"),
            min = lo,
            max = hi,
            cases = d.cases
        ),
        _ => t!("supervisor-days-none"),
    };
    ui.label(t!(
        "supervisor-entered-treatment",
        entered = plan.entered_treatment,
        cases = plan.cases,
        percent = percent(plan.entered_share),
        days = days
    ));
}

fn flags_ui(ui: &mut egui::Ui, report: &Report) {
    ui.add_space(6.0);
    ui.strong(t!("supervisor-flags"));
    ui.label(t!(
        "supervisor-flag-tampered",
        count = report.flags.tampered.len()
    ));
    ui.label(t!(
        "supervisor-flag-steps-missing",
        count = report.flags.closed_without_all_steps.len()
    ));
    ui.label(t!(
        "supervisor-flag-unreadable",
        count = report.flags.unreadable.len()
    ));
    for u in &report.flags.unreadable {
        ui.colored_label(
            theme::MISSING,
            RichText::new(t!(
                "supervisor-file-unreadable",
                path = u.path.display().to_string(),
                reason = &u.reason
            ))
            .small(),
        );
    }
    let f = &report.flags;
    ui.label(t!(
        "supervisor-flag-duplicates",
        count = f.duplicates.iter().map(|d| d.others.len()).sum::<usize>()
    ));
    for d in &f.duplicates {
        for other in &d.others {
            ui.colored_label(
                theme::MISSING,
                RichText::new(t!(
                    "supervisor-file-duplicate",
                    path = other.display().to_string(),
                    counted = d.counted.display().to_string()
                ))
                .small(),
            );
        }
    }
    let texts = crate::i18n::current();
    for (title, list) in [
        (t!("supervisor-pin-changed"), &f.changed_after_seen),
        (t!("supervisor-pin-reopened"), &f.reopened_after_seen),
        (t!("supervisor-pin-missing"), &f.missing_after_seen),
        (t!("supervisor-pin-amended"), &f.amended_after_seen),
    ] {
        ui.label(t!(
            "supervisor-pin-count",
            title = title,
            count = list.len()
        ));
        for p in list {
            ui.colored_label(
                theme::MISSING,
                RichText::new(t!(
                    "supervisor-pin-row",
                    date = texts.date(&p.created),
                    id = &p.id,
                    clinician = &p.clinician,
                    seen = texts.date(&p.first_seen)
                ))
                .small(),
            );
        }
    }
    ui.label(t!(
        "supervisor-flag-unanswered",
        count = f.unaddressed_safety.len()
    ));
    for u in &f.unaddressed_safety {
        let row = t!(
            "supervisor-unanswered-row",
            date = texts.date(&u.session.date),
            id = &u.session.id,
            clinician = &u.session.clinician,
            rules = u.rules.join(", ")
        );
        let row = if u.session.status == crate::session::Status::Open {
            t!("supervisor-unanswered-open", row = row)
        } else {
            row
        };
        ui.colored_label(theme::MISSING, RichText::new(row).small());
    }
    if let Some(e) = &f.pins_error {
        ui.colored_label(theme::MISSING, RichText::new(e).small());
    }
}

/// Safety flags raised and what was done, per clinician and per rule (rule titles from the
/// protocol).
fn safety_ui(ui: &mut egui::Ui, report: &Report, protocol: &Protocol) {
    let s = &report.safety;
    ui.add_space(6.0);
    ui.strong(t!(
        "supervisor-safety",
        raised = s.total.raised,
        given = s.total.given,
        not_given = s.total.not_given,
        unanswered = s.total.unaddressed
    ));
    if s.total.raised == 0 {
        return;
    }
    let title = |id: &str| {
        protocol
            .safety
            .iter()
            .find(|r| r.id == id)
            .map_or_else(|| id.to_owned(), |r| r.title.clone())
    };
    for (grid, heading, rows, name) in [
        (
            "safety_clinicians",
            t!("supervisor-clinician"),
            &s.clinicians,
            false,
        ),
        ("safety_rules", t!("supervisor-col-rule"), &s.rules, true),
    ] {
        egui::Grid::new(grid).striped(true).show(ui, |ui| {
            for h in [
                heading,
                t!("supervisor-col-raised"),
                t!("supervisor-col-given"),
                t!("supervisor-col-not-given"),
                t!("supervisor-col-not-answered"),
            ] {
                ui.label(h);
            }
            ui.end_row();
            for row in rows {
                let c = &row.counts;
                if name {
                    ui.label(&row.group).on_hover_text(title(&row.group));
                } else {
                    ui.label(&row.group);
                }
                ui.label(c.raised.to_string());
                ui.label(c.given.to_string());
                ui.label(c.not_given.to_string());
                let color = if c.unaddressed > 0 {
                    theme::MISSING
                } else {
                    theme::DONE
                };
                ui.colored_label(color, c.unaddressed.to_string());
                ui.end_row();
            }
        });
        ui.add_space(4.0);
    }
}

/// A share (0 to 1) as a whole percentage, for the catalogue to place its sign.
fn percent(share: f64) -> String {
    format!("{:.0}", share * 100.0)
}
