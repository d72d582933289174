//! The team: the people in the loved one's network as an editable table — name, relationship,
//! role, why (for a role that needs a reason: someone deliberately left out), the protocol's
//! flags — and a row to add a person. A name is recorded when its field is left, and renaming
//! someone renames their statement and attendance too.

use std::collections::BTreeMap;

use egui_extras::{Column, TableBuilder};

use super::family::{PlanCx, sentence, try_edit};
use crate::protocol::PlanSpec;
use crate::session::{FamilyPlan, Participant};
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::{
    choice_button, labelled_button, labelled_checkbox, named_combo, named_text_field,
};

/// The person being added, the names being edited, and a removal waiting for a yes.
#[derive(Default)]
pub struct Draft {
    name: String,
    relationship: String,
    role: Option<String>,
    why: String,
    /// Names typed in the table, by the participant's recorded name, until the field is left.
    names: BTreeMap<String, String>,
    /// The person whose removal (with their statement) waits for a confirmation.
    confirm_remove: Option<String>,
    /// Why the last add or rename was refused.
    error: Option<String>,
}

const ROLE_WIDTH: f32 = 170.0;
const REMOVE_WIDTH: f32 = 64.0;
const FLAGS_MIN_WIDTH: f32 = 180.0;
const NAME_WIDTH: f32 = 100.0;
const ADD_WIDTH: f32 = 180.0;

/// The team table and the add row.
pub fn ui(ui: &mut egui::Ui, pc: &PlanCx<'_>, plan: &mut FamilyPlan, d: &mut Draft) {
    let spec = pc.spec;
    if plan.participants.is_empty() {
        ui.weak(t!("team-empty"));
    } else {
        table_ui(ui, spec, plan, d);
    }
    if let Some(name) = d.confirm_remove.clone() {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(theme::MISSING, t!("team-confirm-remove-why", name = &name));
            if labelled_button(
                ui,
                true,
                &t!("team-remove-with-statement"),
                &t!("team-confirm-remove", name = &name),
            )
            .clicked()
            {
                remove(plan, &name);
                d.confirm_remove = None;
            }
            if labelled_button(
                ui,
                true,
                &t!("team-keep"),
                &t!("team-keep-label", name = &name),
            )
            .clicked()
            {
                d.confirm_remove = None;
            }
        });
    }
    if let Some(error) = &d.error {
        ui.colored_label(theme::MISSING, error);
    }
    ui.add_space(6.0);
    add_ui(ui, spec, plan, d);
}

fn table_ui(ui: &mut egui::Ui, spec: &PlanSpec, plan: &mut FamilyPlan, d: &mut Draft) {
    let mut rename: Option<(String, String)> = None;
    let mut remove_asked: Option<String> = None;
    // Fixed widths, so fields and checkboxes keep their size whatever they hold; the flags
    // take the rest of the width, wrapped, and every row is as tall as they need.
    let gap = ui.spacing().item_spacing.x;
    let fixed = 2.0 * (NAME_WIDTH + 8.0) + ROLE_WIDTH + 8.0 + REMOVE_WIDTH + 4.0 * gap;
    let flags_width = (ui.available_width() - fixed).max(FLAGS_MIN_WIDTH);
    let lines = flag_lines(ui, spec, flags_width).max(2);
    let row_height = lines as f32 * (ui.spacing().interact_size.y + ui.spacing().item_spacing.y);
    TableBuilder::new(ui)
        .id_salt("team_table")
        .striped(true)
        .vscroll(false)
        .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
        .column(Column::exact(NAME_WIDTH + 8.0))
        .column(Column::exact(NAME_WIDTH + 8.0))
        .column(Column::exact(ROLE_WIDTH + 8.0))
        .column(Column::remainder().at_least(FLAGS_MIN_WIDTH))
        .column(Column::exact(REMOVE_WIDTH))
        .header(20.0, |mut header| {
            for heading in [
                t!("team-name"),
                t!("team-relationship"),
                t!("team-role-why"),
                t!("team-flags"),
                String::new(),
            ] {
                header.col(|ui| {
                    ui.strong(heading);
                });
            }
        })
        .body(|mut body| {
            for p in &mut plan.participants {
                let needs_reason = spec.role(&p.role).is_some_and(|r| r.needs_reason);
                body.row(row_height, |mut row| {
                    let recorded = p.name.clone();
                    row.col(|ui| {
                        let typed = d
                            .names
                            .entry(recorded.clone())
                            .or_insert_with(|| recorded.clone());
                        let r = named_text_field(
                            ui,
                            &t!("team-name-of", name = &recorded),
                            typed,
                            &t!("team-name-hint"),
                            NAME_WIDTH,
                        );
                        if r.lost_focus() {
                            let new = typed.trim().to_owned();
                            if new != recorded && !new.is_empty() {
                                rename = Some((recorded.clone(), new));
                            } else {
                                recorded.clone_into(typed);
                            }
                        }
                    });
                    row.col(|ui| {
                        named_text_field(
                            ui,
                            &t!("team-relationship-of", name = &recorded),
                            &mut p.relationship,
                            &t!("team-relationship-hint"),
                            NAME_WIDTH,
                        );
                    });
                    row.col(|ui| {
                        ui.vertical(|ui| {
                            let shown = PlanSpec::label(&spec.roles, &p.role).to_owned();
                            named_combo(
                                ui,
                                ("team_role", &recorded),
                                &t!("team-role-of", name = &recorded),
                                &shown,
                                ROLE_WIDTH,
                                |ui| {
                                    for option in &spec.roles {
                                        ui.selectable_value(
                                            &mut p.role,
                                            option.id.clone(),
                                            &option.label,
                                        )
                                        .on_hover_text(&option.help);
                                    }
                                },
                            );
                            if needs_reason {
                                let hint = if p.why.trim().is_empty() {
                                    t!("team-why-required")
                                } else {
                                    t!("team-why-hint")
                                };
                                named_text_field(
                                    ui,
                                    &t!("team-why-not-included", name = &recorded),
                                    &mut p.why,
                                    &hint,
                                    ROLE_WIDTH,
                                );
                            }
                        });
                    });
                    row.col(|ui| {
                        ui.horizontal_wrapped(|ui| {
                            for flag in &spec.participant_flags {
                                let mut on = p.flags.contains(&flag.id);
                                if labelled_checkbox(
                                    ui,
                                    true,
                                    &mut on,
                                    &flag.label,
                                    &t!("team-flag-label", name = &recorded, flag = &flag.label),
                                )
                                .on_hover_text(&flag.help)
                                .changed()
                                {
                                    if on {
                                        p.flags.push(flag.id.clone());
                                    } else {
                                        p.flags.retain(|f| *f != flag.id);
                                    }
                                }
                            }
                        });
                    });
                    row.col(|ui| {
                        if labelled_button(
                            ui,
                            true,
                            &t!("team-remove"),
                            &t!("team-remove-label", name = &recorded),
                        )
                        .clicked()
                        {
                            remove_asked = Some(recorded.clone());
                        }
                    });
                });
            }
        });
    if let Some((old, new)) = rename {
        d.names.remove(&old);
        match try_edit(plan, spec, |plan| rename_in(plan, &old, &new)) {
            Ok(()) => d.error = None,
            Err(e) => d.error = Some(sentence(&e)),
        }
    }
    if let Some(name) = remove_asked {
        let has_record = plan.statement_of(&name).is_some()
            || plan.preparations.iter().any(|m| m.attended.contains(&name));
        if has_record {
            d.confirm_remove = Some(name);
        } else {
            remove(plan, &name);
        }
    }
}

/// How many lines the flags' checkboxes take, wrapped in `width`.
fn flag_lines(ui: &egui::Ui, spec: &PlanSpec, width: f32) -> usize {
    let spacing = ui.spacing();
    let font = egui::TextStyle::Body.resolve(ui.style());
    let (mut lines, mut used) = (1, 0.0);
    for flag in &spec.participant_flags {
        let text = ui
            .fonts_mut(|f| f.layout_no_wrap(flag.label.clone(), font.clone(), egui::Color32::WHITE))
            .size()
            .x;
        let item = spacing.icon_width + spacing.icon_spacing + text + spacing.item_spacing.x;
        if used > 0.0 && used + item > width {
            lines += 1;
            used = 0.0;
        }
        used += item;
    }
    lines
}

/// The row that adds a person: name, relationship, role (and why, when the role needs it).
fn add_ui(ui: &mut egui::Ui, spec: &PlanSpec, plan: &mut FamilyPlan, d: &mut Draft) {
    ui.group(|ui| {
        ui.strong(t!("team-add-heading"));
        ui.horizontal_wrapped(|ui| {
            ui.label(t!("team-name"));
            named_text_field(
                ui,
                &t!("team-new-name"),
                &mut d.name,
                &t!("team-name-hint"),
                ADD_WIDTH,
            );
            ui.label(t!("team-relationship"));
            named_text_field(
                ui,
                &t!("team-new-relationship"),
                &mut d.relationship,
                &t!("team-relationship-hint"),
                ADD_WIDTH,
            );
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(t!("team-role"));
            for option in &spec.roles {
                let selected = d.role.as_deref() == Some(option.id.as_str());
                if choice_button(
                    ui,
                    selected,
                    &option.label,
                    &t!("team-new-role", role = &option.label),
                )
                .on_hover_text(&option.help)
                .clicked()
                {
                    d.role = Some(option.id.clone());
                }
            }
        });
        let role = d.role.as_deref().and_then(|id| spec.role(id));
        let needs_reason = role.is_some_and(|r| r.needs_reason);
        if needs_reason {
            ui.horizontal(|ui| {
                ui.label(t!("team-why"));
                named_text_field(
                    ui,
                    &t!("team-new-why"),
                    &mut d.why,
                    &t!("team-required"),
                    ui.available_width(),
                );
            });
        }
        let ready = !d.name.trim().is_empty()
            && role.is_some()
            && (!needs_reason || !d.why.trim().is_empty());
        let add_text = t!("team-add");
        let add = labelled_button(ui, ready, &add_text, &add_text)
            .on_disabled_hover_text(t!("team-add-hover"))
            .clicked();
        if add && let Some(role) = role {
            let person = Participant {
                name: d.name.trim().to_owned(),
                relationship: d.relationship.trim().to_owned(),
                role: role.id.clone(),
                why: if needs_reason {
                    d.why.trim().to_owned()
                } else {
                    String::new()
                },
                flags: Vec::new(),
            };
            match try_edit(plan, spec, |plan| plan.participants.push(person)) {
                Ok(()) => {
                    *d = Draft {
                        names: std::mem::take(&mut d.names),
                        ..Draft::default()
                    };
                }
                Err(e) => d.error = Some(sentence(&e)),
            }
        }
    });
}

/// Renames a person everywhere the plan names them.
fn rename_in(plan: &mut FamilyPlan, old: &str, new: &str) {
    for p in plan.participants.iter_mut().filter(|p| p.name == old) {
        new.clone_into(&mut p.name);
    }
    for s in plan.statements.iter_mut().filter(|s| s.by == old) {
        new.clone_into(&mut s.by);
    }
    for m in &mut plan.preparations {
        for n in m.attended.iter_mut().filter(|n| *n == old) {
            new.clone_into(n);
        }
    }
}

/// Removes a person, their statement and their attendance.
fn remove(plan: &mut FamilyPlan, name: &str) {
    plan.participants.retain(|p| p.name != name);
    plan.statements.retain(|s| s.by != name);
    for m in &mut plan.preparations {
        m.attended.retain(|n| n != name);
    }
}
