//! Preparation: each speaker's statement — care, up to the protocol's number of dated incidents,
//! the impact, the request, the consequence if refused and whether they commit to it, its review
//! state — in reading order; then the preparation and rehearsal meetings with who came.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use egui::RichText;
use egui_extras::{Column, TableBuilder};

use super::family::PlanCx;
use crate::protocol::{PlanSpec, Wording};
use crate::session::{FamilyPlan, Incident, Preparation, Statement};
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::{
    choice_button, date_value, hinted_text_area, labelled_button, labelled_checkbox, named_combo,
    named_multiline, named_text_field,
};

/// The incident being added to each statement, and the meeting being added.
#[derive(Default)]
pub struct Draft {
    /// By speaker: the new incident's date and words.
    incident: BTreeMap<String, (Option<NaiveDate>, String)>,
    meeting_date: Option<NaiveDate>,
    meeting_kind: Option<String>,
    /// The meeting form was filled with today's date once.
    dated: bool,
}

const DATE_WIDTH: f32 = 100.0;
const KIND_WIDTH: f32 = 150.0;

/// The statements and the meetings.
pub fn ui(ui: &mut egui::Ui, pc: &PlanCx<'_>, plan: &mut FamilyPlan, d: &mut Draft) {
    let spec = pc.spec;
    let speakers: Vec<(String, String)> = plan
        .speakers(spec)
        .map(|p| (p.name.clone(), p.relationship.clone()))
        .collect();
    if speakers.is_empty() {
        ui.weak(t!("preparation-no-speaker"));
    }
    // Reading order: the statements' order, then speakers who have none yet.
    let mut order: Vec<String> = plan
        .statements
        .iter()
        .filter(|s| speakers.iter().any(|(n, _)| *n == s.by))
        .map(|s| s.by.clone())
        .collect();
    for (name, _) in &speakers {
        if !order.contains(name) {
            order.push(name.clone());
        }
    }
    for (place, name) in order.iter().enumerate() {
        let relationship = speakers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.as_str())
            .unwrap_or_default();
        speaker_ui(ui, pc, plan, d, name, relationship, place, order.len());
    }
    let others: Vec<String> = plan
        .statements
        .iter()
        .filter(|s| !speakers.iter().any(|(n, _)| *n == s.by))
        .map(|s| s.by.clone())
        .collect();
    for name in others {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                theme::MISSING,
                t!("preparation-no-longer-speaker", name = &name),
            );
            if labelled_button(
                ui,
                true,
                &t!("preparation-remove-statement"),
                &t!("preparation-remove-statement-label", name = &name),
            )
            .clicked()
            {
                plan.statements.retain(|s| s.by != name);
            }
        });
    }
    ui.add_space(10.0);
    meetings_ui(ui, spec, plan, d, pc.cx.now.date_naive());
}

#[expect(
    clippy::too_many_arguments,
    reason = "one speaker's place in the reading order"
)]
fn speaker_ui(
    ui: &mut egui::Ui,
    pc: &PlanCx<'_>,
    plan: &mut FamilyPlan,
    d: &mut Draft,
    name: &str,
    relationship: &str,
    place: usize,
    count: usize,
) {
    let spec = pc.spec;
    let review = plan
        .statement_of(name)
        .map(|s| PlanSpec::label(&spec.review_states, &s.review).to_owned());
    let who = if relationship.is_empty() {
        name.to_owned()
    } else {
        t!("preparation-who", name = name, relationship = relationship)
    };
    let title = match &review {
        Some(r) => format!("{}. {who} · {r}", place + 1),
        None => format!("{}. {who}", place + 1),
    };
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt(("statement", name))
        .default_open(true)
        .show(ui, |ui| {
            let Some(index) = plan.statements.iter().position(|s| s.by == name) else {
                if labelled_button(
                    ui,
                    true,
                    &t!("preparation-write"),
                    &t!("preparation-write-label", name = name),
                )
                .clicked()
                {
                    plan.statements.push(Statement {
                        by: name.to_owned(),
                        review: spec
                            .review_states
                            .first()
                            .map(|r| r.id.clone())
                            .unwrap_or_default(),
                        ..Statement::default()
                    });
                }
                return;
            };
            ui.horizontal_wrapped(|ui| {
                if labelled_button(
                    ui,
                    place > 0 && index > 0,
                    &t!("preparation-earlier"),
                    &t!("preparation-earlier-label", name = name),
                )
                .on_hover_text(t!("preparation-earlier-hover"))
                .clicked()
                {
                    plan.statements.swap(index, index - 1);
                }
                let last = index + 1 >= plan.statements.len() || place + 1 >= count;
                if labelled_button(
                    ui,
                    !last,
                    &t!("preparation-later"),
                    &t!("preparation-later-label", name = name),
                )
                .on_hover_text(t!("preparation-later-hover"))
                .clicked()
                {
                    plan.statements.swap(index, index + 1);
                }
                ui.add_space(12.0);
                let statement = &mut plan.statements[index];
                for state in &spec.review_states {
                    if choice_button(
                        ui,
                        statement.review == state.id,
                        &state.label,
                        &t!(
                            "preparation-review-label",
                            name = name,
                            state = &state.label
                        ),
                    )
                    .on_hover_text(&state.help)
                    .clicked()
                    {
                        statement.review.clone_from(&state.id);
                    }
                }
            });
            let incident = d.incident.entry(name.to_owned()).or_default();
            statement_ui(ui, spec, &mut plan.statements[index], incident);
        });
}

fn statement_ui(
    ui: &mut egui::Ui,
    spec: &PlanSpec,
    s: &mut Statement,
    new: &mut (Option<NaiveDate>, String),
) {
    let w = &spec.statement;
    let name = s.by.clone();
    part(ui, &w.care, &name, &mut s.care);
    ui.label(&w.incidents.label);
    ui.weak(&w.incidents.hint);
    let mut remove = None;
    let text_width = (ui.available_width() - 200.0).max(200.0);
    for (i, incident) in s.incidents.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            date_value(
                ui,
                &t!("preparation-incident-date", name = &name, n = i + 1),
                ("incident", &name, i),
                &mut incident.date,
                DATE_WIDTH,
            );
            named_text_field(
                ui,
                &t!("preparation-incident", name = &name, n = i + 1),
                &mut incident.what,
                &t!("preparation-incident-hint"),
                text_width,
            );
            if labelled_button(
                ui,
                true,
                &t!("preparation-remove"),
                &t!("preparation-remove-incident", name = &name, n = i + 1),
            )
            .clicked()
            {
                remove = Some(i);
            }
        });
    }
    if s.incidents.len() < spec.statement.max_incidents as usize {
        ui.horizontal(|ui| {
            date_value(
                ui,
                &t!("preparation-new-incident-date", name = &name),
                ("new incident", &name),
                &mut new.0,
                DATE_WIDTH,
            );
            named_text_field(
                ui,
                &t!("preparation-new-incident", name = &name),
                &mut new.1,
                &t!("preparation-incident-hint"),
                text_width,
            );
            let ready = !new.1.trim().is_empty();
            if labelled_button(
                ui,
                ready,
                &t!("preparation-add"),
                &t!("preparation-add-incident", name = &name),
            )
            .clicked()
            {
                s.incidents.push(Incident {
                    date: new.0,
                    what: new.1.trim().to_owned(),
                });
                *new = (None, String::new());
            }
        });
    }
    if let Some(i) = remove {
        s.incidents.remove(i);
    }
    if s.incidents.iter().any(|i| i.date.is_none()) {
        ui.colored_label(theme::MISSING, t!("preparation-incident-no-date"));
    }
    part(ui, &w.impact, &name, &mut s.impact);
    part(ui, &w.request, &name, &mut s.request);
    part(ui, &w.consequence, &name, &mut s.consequence);
    labelled_checkbox(
        ui,
        true,
        &mut s.commits,
        &w.commits.label,
        &t!(
            "preparation-part-label",
            name = &name,
            part = &w.commits.label
        ),
    )
    .on_hover_text(&w.commits.hint);
}

/// One part of a statement, named after the speaker for the screen reader (and the tests).
fn part(ui: &mut egui::Ui, wording: &Wording, name: &str, value: &mut String) {
    hinted_text_area(
        ui,
        &wording.label,
        &t!("preparation-part-label", name = name, part = &wording.label),
        value,
        &wording.hint,
        1,
    );
}

/// The preparation meetings: date, kind, who came, the responses expected; and a row to add one.
fn meetings_ui(
    ui: &mut egui::Ui,
    spec: &PlanSpec,
    plan: &mut FamilyPlan,
    d: &mut Draft,
    today: NaiveDate,
) {
    ui.strong(t!("preparation-meetings"));
    let people: Vec<String> = plan
        .participants
        .iter()
        .filter(|p| spec.role(&p.role).is_none_or(|r| !r.needs_reason))
        .map(|p| p.name.clone())
        .collect();
    if plan.preparations.is_empty() {
        ui.weak(t!("preparation-none"));
    } else {
        let mut remove = None;
        TableBuilder::new(ui)
            .id_salt("preparation_meetings")
            .striped(true)
            .vscroll(false)
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(Column::exact(DATE_WIDTH + 10.0))
            .column(Column::exact(KIND_WIDTH + 10.0))
            .column(Column::remainder().at_least(160.0))
            .column(Column::exact(250.0))
            .column(Column::exact(70.0))
            .header(20.0, |mut header| {
                for heading in [
                    t!("preparation-date"),
                    t!("preparation-kind"),
                    t!("preparation-who-came"),
                    t!("preparation-responses"),
                    String::new(),
                ] {
                    header.col(|ui| {
                        ui.strong(heading);
                    });
                }
            })
            .body(|mut body| {
                for (i, m) in plan.preparations.iter_mut().enumerate() {
                    body.row(48.0, |mut row| {
                        row.col(|ui| {
                            let mut date = Some(m.date);
                            if date_value(
                                ui,
                                &t!("preparation-meeting-date", n = i + 1),
                                ("meeting", i),
                                &mut date,
                                DATE_WIDTH,
                            ) && let Some(date) = date
                            {
                                m.date = date;
                            }
                        });
                        row.col(|ui| {
                            let name = t!("preparation-meeting-kind", n = i + 1);
                            kind_combo(ui, spec, &mut m.kind, &name, ("kind", i));
                        });
                        row.col(|ui| {
                            ui.horizontal_wrapped(|ui| {
                                for name in &people {
                                    let mut came = m.attended.contains(name);
                                    let label =
                                        t!("preparation-meeting-came", n = i + 1, name = name);
                                    if labelled_checkbox(ui, true, &mut came, name, &label)
                                        .changed()
                                    {
                                        if came {
                                            m.attended.push(name.clone());
                                        } else {
                                            m.attended.retain(|n| n != name);
                                        }
                                    }
                                }
                            });
                        });
                        row.col(|ui| {
                            named_multiline(
                                ui,
                                &t!("preparation-meeting-responses", n = i + 1),
                                &mut m.anticipated,
                                &t!("preparation-responses-hint"),
                                2,
                                240.0,
                            );
                        });
                        row.col(|ui| {
                            if labelled_button(
                                ui,
                                true,
                                &t!("preparation-remove"),
                                &t!("preparation-remove-meeting", n = i + 1),
                            )
                            .clicked()
                            {
                                remove = Some(i);
                            }
                        });
                    });
                }
            });
        if let Some(i) = remove {
            plan.preparations.remove(i);
        }
    }
    if !d.dated {
        d.meeting_date = Some(today);
        d.dated = true;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(t!("preparation-new-meeting-on"));
        date_value(
            ui,
            &t!("preparation-new-meeting-date"),
            "new meeting",
            &mut d.meeting_date,
            DATE_WIDTH,
        );
        let kind = d.meeting_kind.get_or_insert_with(|| {
            spec.preparation_kinds
                .first()
                .map(|k| k.id.clone())
                .unwrap_or_default()
        });
        kind_combo(
            ui,
            spec,
            kind,
            &t!("preparation-new-meeting-kind"),
            "new kind",
        );
        let ready = d.meeting_date.is_some() && !kind.is_empty();
        let add = t!("preparation-add-meeting");
        if labelled_button(ui, ready, &add, &add).clicked()
            && let Some(date) = d.meeting_date
        {
            plan.preparations.push(Preparation {
                date,
                kind: kind.clone(),
                attended: Vec::new(),
                anticipated: String::new(),
            });
        }
    });
}

fn kind_combo(
    ui: &mut egui::Ui,
    spec: &PlanSpec,
    kind: &mut String,
    name: &str,
    salt: impl std::hash::Hash + std::fmt::Debug,
) {
    let shown = PlanSpec::label(&spec.preparation_kinds, kind).to_owned();
    named_combo(
        ui,
        ("preparation_kind", salt),
        name,
        &shown,
        KIND_WIDTH,
        |ui| {
            for k in &spec.preparation_kinds {
                ui.selectable_value(kind, k.id.clone(), &k.label)
                    .on_hover_text(&k.help);
            }
        },
    );
}
