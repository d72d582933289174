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
            view.message = Some("The folder could not be read in the background".to_owned());
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
                    self.message = Some("Reading the folder failed".to_owned());
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
            .unwrap_or_else(|| set.default_protocol());
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
                if ui.button("« Start").clicked() {
                    back = true;
                }
                ui.strong("Supervisor audit");
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
                        .text("Reading session files…"),
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
            ui.label("Protocol");
            for p in set.protocols() {
                let n = self
                    .summaries
                    .iter()
                    .filter(|s| *s.protocol == *p.id)
                    .count();
                let text = if p.language == crate::protocol::BASE_LANGUAGE {
                    format!("{} ({n})", p.title)
                } else {
                    format!("{} [{}] ({n})", p.title, p.language)
                };
                if choice_button(
                    ui,
                    p.id == current.id,
                    &text,
                    &format!("Protocol: {}", p.id),
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
                ("From", &mut self.from, &mut self.filters.from),
                ("To", &mut self.to, &mut self.filters.to),
            ] {
                let l = ui.label(label);
                let r = ui
                    .add(
                        egui::TextEdit::singleline(text)
                            .hint_text("YYYY-MM-DD")
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
                .unwrap_or_else(|| "All clinicians".to_owned());
            // Each filter's label before it: a combo box's own label is drawn after it, where
            // it read as the label of the status buttons that follow.
            let l = ui.label("Clinician");
            egui::ComboBox::from_id_salt("clinician_filter")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    changed |= ui
                        .selectable_value(&mut self.filters.clinician, None, "All clinicians")
                        .changed();
                    for c in &self.clinicians {
                        changed |= ui
                            .selectable_value(&mut self.filters.clinician, Some(c.clone()), c)
                            .changed();
                    }
                })
                .response
                .labelled_by(l.id);
            ui.label("Status");
            for (text, status) in [
                ("All", None),
                ("Closed", Some(Status::Closed)),
                ("Open", Some(Status::Open)),
            ] {
                if choice_button(
                    ui,
                    self.filters.status == status,
                    text,
                    &format!("Status: {text}"),
                )
                .clicked()
                {
                    self.filters.status = status;
                    changed = true;
                }
            }
            if let Some(prevention) = &protocol.prevention {
                let tiers = std::iter::once((None, "All tiers".to_owned())).chain(
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
                        &format!("Prevention tier: {name}"),
                    )
                    .clicked()
                    {
                        self.filters.tier = tier;
                        changed = true;
                    }
                }
            }
            if ui.button("Reset filters").clicked() {
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
            text_field(ui, "Export to", &mut self.export_path, "file.csv");
        });
        ui.horizontal(|ui| {
            if ui.button("Export CSV…").clicked() {
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
            return format!("Export failed: {e}");
        }
        let rows = self
            .summaries
            .iter()
            .filter(|s| self.filters.in_report(s))
            .count();
        match store::write_atomic(&path, &bytes) {
            Ok(()) => format!("Exported {rows} sessions to {}", path.display()),
            Err(e) => format!("Export failed: {e}"),
        }
    }

    fn missing_ui(&mut self, ui: &mut egui::Ui, report: &Report, protocol: &Protocol) {
        ui.strong(format!(
            "Sessions missing a component: {}",
            report.missing.len()
        ));
        ui.horizontal(|ui| {
            ui.label("Sort by");
            for (text, sort) in [
                ("Date", SortBy::Date),
                ("Clinician", SortBy::Clinician),
                ("Missing", SortBy::Missing),
            ] {
                if choice_button(ui, self.sort == sort, text, &format!("Sort by {text}")).clicked()
                {
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
                for h in ["Date", "Clinician", "Missing", "Session"] {
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
                        ui.label(m.session.date.to_string());
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
                            &format!("Open {short}"),
                            &format!("Open session {}", m.session.id),
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
                events.push((time(t), format!("Entered step {}", step_name(&r.step))));
            }
            match &r.state {
                StepState::Done => {
                    if let Some(t) = &r.left {
                        events.push((time(t), format!("Step {} done", step_name(&r.step))));
                    }
                }
                StepState::Skipped { reason } => events.push((
                    r.left.as_ref().map(time).unwrap_or_default(),
                    format!("Step {} skipped: {reason}", step_name(&r.step)),
                )),
                _ => events.push((
                    String::new(),
                    format!("Step {} not done", step_name(&r.step)),
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
                CoverageSource::Prompt(id) => format!("prompt {id}"),
                CoverageSource::ByHand => "by hand".to_owned(),
                CoverageSource::Plan(fact) => format!("from the plan ({})", fact.name()),
            };
            let note = e
                .note
                .as_deref()
                .map(|n| format!(" — {n}"))
                .unwrap_or_default();
            events.push((
                time(&e.time),
                format!(
                    "{component} delivered in {} ({how}){note}",
                    step_name(&e.step)
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
                    format!(
                        "{} delivered in {} (from the record: {})",
                        c.name,
                        step_name(&step),
                        credit.label
                    ),
                ));
            }
        }
        for h in &s.handouts {
            events.push((
                time(&h.time),
                format!("Take-home sheet given in {}", step_name(&h.step)),
            ));
        }
        for sc in &s.screenings {
            if let Some(r) = &sc.result {
                events.push((
                    time(&sc.time),
                    format!("Screening {}: {} (zone {})", sc.instrument, r.total, r.zone),
                ));
            }
        }
        for r in &s.readiness {
            let stage = r.stage.as_deref().unwrap_or("stage not set");
            let rulers: Vec<String> = [
                ("importance", r.importance),
                ("confidence", r.confidence),
                ("readiness", r.readiness),
            ]
            .into_iter()
            .filter_map(|(n, v)| v.map(|v| format!("{n} {v}")))
            .collect();
            events.push((
                r.time.as_ref().map(time).unwrap_or_default(),
                format!("Readiness: {stage} {} {}", rulers.join(", "), r.note),
            ));
        }
        if let Some(t) = &s.closed {
            events.push((time(t), "Closed".to_owned()));
        }
        for a in &s.amendments {
            events.push((
                a.time.format("%Y-%m-%d %H:%M").to_string(),
                format!("Amended by {}: {} ({})", a.by, a.reason, a.change),
            ));
        }
        events.sort_by(|a, b| a.0.cmp(&b.0));
        let title = format!(
            "Session {} · {} · {} · patient {}",
            s.id,
            s.created.format("%Y-%m-%d"),
            s.clinician,
            s.patient
        );
        Self { title, events }
    }
}

/// The read-only timeline; returns true to close it.
fn timeline_ui(ui: &mut egui::Ui, t: &Timeline) -> bool {
    let close = ui.button("« Back to the audit").clicked();
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
    ui.heading(format!(
        "{} sessions ({} closed, {} open)",
        report.sessions, report.closed, report.open
    ));
    ui.label(format!(
        "All {} components delivered in {} of them",
        protocol.components.len(),
        report.all_components
    ));
    ui.add_space(6.0);
    ui.strong("Coverage per component");
    egui::Grid::new("coverage").show(ui, |ui| {
        for share in &report.components {
            let name = protocol
                .components
                .iter()
                .find(|c| c.id == share.component)
                .map_or(share.component.as_str(), |c| c.name.as_str());
            ui.label(format!(
                "{name}: {:.0}% ({}/{})",
                share.share * 100.0,
                share.count,
                report.sessions
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
            plot.bar_chart(egui_plot::BarChart::new("Coverage %", bars));
        });

    ui.add_space(6.0);
    ui.strong("Clinicians × components");
    egui::Grid::new("matrix").striped(true).show(ui, |ui| {
        ui.label("Clinician");
        ui.label("Sessions");
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
                ui.colored_label(color, format!("{pct:.0}%"));
            }
            ui.end_row();
        }
    });

    safety_ui(ui, report, protocol);

    ui.add_space(6.0);
    ui.strong("Trend by month (share of sessions delivering each component)");
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
    ui.strong("Steps");
    egui::Grid::new("steps").striped(true).show(ui, |ui| {
        ui.label("Step");
        ui.label("Done");
        ui.label("Skipped with reason");
        ui.label("Not done");
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

    if let Some(plan) = &report.plan {
        cases_ui(ui, plan);
        flags_ui(ui, report);
        return;
    }
    ui.add_space(6.0);
    ui.strong("Stage at close");
    for st in &report.stages {
        let name = st.stage.as_deref().map_or("not recorded", |id| {
            protocol
                .stages
                .iter()
                .find(|x| x.id == id)
                .map_or(id, |x| x.name.as_str())
        });
        ui.label(format!("{name}: {} ({:.0}%)", st.count, st.share * 100.0));
    }
    ui.add_space(6.0);
    let median = report
        .minutes
        .median
        .map_or_else(|| "none closed".to_owned(), |m| format!("{m:.0} min"));
    ui.strong(format!("Time: median {median}"));
    for c in &report.minutes.codes {
        ui.label(format!("{} ({}): {}", c.code, c.payer, c.count));
    }
    ui.label(format!(
        "Below the first code: {}",
        report.minutes.below_minimum
    ));

    flags_ui(ui, report);
}

/// How a family-intervention protocol's cases went: approaches, outcomes, days to treatment.
fn cases_ui(ui: &mut egui::Ui, plan: &crate::audit::family::PlanReport) {
    ui.add_space(6.0);
    ui.strong(format!(
        "Cases: {} (each counted once, at its latest session)",
        plan.cases
    ));
    egui::Grid::new("cases").striped(true).show(ui, |ui| {
        for (title, counts, none) in [
            ("Approach", &plan.approaches, plan.no_approach),
            ("Outcome", &plan.outcomes, plan.no_outcome),
        ] {
            ui.strong(title);
            ui.end_row();
            for c in counts {
                ui.label(&c.name);
                ui.label(format!("{} ({:.0}%)", c.count, c.share * 100.0));
                ui.end_row();
            }
            ui.weak("not yet recorded");
            ui.weak(none.to_string());
            ui.end_row();
        }
    });
    let d = &plan.days_to_treatment;
    let days = match (d.median, d.min, d.max) {
        (Some(m), Some(lo), Some(hi)) => {
            format!("median {m:.0} days (range {lo}–{hi}, {} cases)", d.cases)
        }
        _ => "no case has both dates yet".to_owned(),
    };
    ui.label(format!(
        "Entered treatment: {} of {} cases ({:.0}%); from first contact to entry: {days}",
        plan.entered_treatment,
        plan.cases,
        plan.entered_share * 100.0
    ));
}

fn flags_ui(ui: &mut egui::Ui, report: &Report) {
    ui.add_space(6.0);
    ui.strong("Flags");
    ui.label(format!(
        "Changed outside brief: {}",
        report.flags.tampered.len()
    ));
    ui.label(format!(
        "Closed without all steps: {}",
        report.flags.closed_without_all_steps.len()
    ));
    ui.label(format!(
        "Unreadable files: {}",
        report.flags.unreadable.len()
    ));
    for u in &report.flags.unreadable {
        ui.colored_label(
            theme::MISSING,
            RichText::new(format!("{}: {}", u.path.display(), u.reason)).small(),
        );
    }
    let f = &report.flags;
    ui.label(format!(
        "Duplicate files (counted once): {}",
        f.duplicates.iter().map(|d| d.others.len()).sum::<usize>()
    ));
    for d in &f.duplicates {
        for other in &d.others {
            ui.colored_label(
                theme::MISSING,
                RichText::new(format!(
                    "{}: same session as {}",
                    other.display(),
                    d.counted.display()
                ))
                .small(),
            );
        }
    }
    for (title, list) in [
        (
            "Changed after an audit first saw them",
            &f.changed_after_seen,
        ),
        ("Seen closed, now marked open", &f.reopened_after_seen),
        ("Seen closed, now missing", &f.missing_after_seen),
        ("Amended since first seen (review)", &f.amended_after_seen),
    ] {
        ui.label(format!("{title}: {}", list.len()));
        for p in list {
            ui.colored_label(
                theme::MISSING,
                RichText::new(format!(
                    "{}  {}  {}  first seen {}",
                    p.created.format("%Y-%m-%d"),
                    p.id,
                    p.clinician,
                    p.first_seen.format("%Y-%m-%d")
                ))
                .small(),
            );
        }
    }
    ui.label(format!(
        "Safety flags not answered: {}",
        f.unaddressed_safety.len()
    ));
    for u in &f.unaddressed_safety {
        let open = if u.session.status == crate::session::Status::Open {
            " (open)"
        } else {
            ""
        };
        ui.colored_label(
            theme::MISSING,
            RichText::new(format!(
                "{}  {}  {}  {}{open}",
                u.session.date,
                u.session.id,
                u.session.clinician,
                u.rules.join(", ")
            ))
            .small(),
        );
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
    ui.strong(format!(
        "Safety flags: {} raised, {} advice given, {} not given (reason recorded), {} not answered",
        s.total.raised, s.total.given, s.total.not_given, s.total.unaddressed
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
        ("safety_clinicians", "Clinician", &s.clinicians, false),
        ("safety_rules", "Rule", &s.rules, true),
    ] {
        egui::Grid::new(grid).striped(true).show(ui, |ui| {
            for h in [heading, "Raised", "Given", "Not given", "Not answered"] {
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
