//! The screen step: choose an instrument, answer its items as buttons (or number keys), and
//! see the total, zone and action update as you click.

use egui::{Key, RichText};

use super::context::StepContext;
use crate::protocol::{Answer, Instrument};
use crate::scoring::{self, Score};
use crate::session::{Change, Screening, ScreeningResult, Session};
use crate::ui::theme;
use crate::ui::widgets::{choice_button, text_field};

/// The instrument and substance on screen, and the item the number keys answer.
#[derive(Default)]
pub struct Draft {
    instrument: String,
    substance: String,
    focused_item: usize,
}

const NUMBER_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

/// The instrument form.
pub fn ui(ui: &mut egui::Ui, cx: &StepContext<'_>, d: &mut Draft, changes: &mut Vec<Change>) {
    let (set, protocol, s, open) = (cx.set, cx.protocol, cx.session, cx.open);
    if d.instrument.is_empty() {
        // The last instrument used in this session, or the first the protocol offers (AUDIT-C).
        d.instrument = s
            .screenings
            .last()
            .map(|x| x.instrument.clone())
            .or_else(|| protocol.instruments.first().cloned())
            .unwrap_or_default();
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Instrument");
        for id in &protocol.instruments {
            let Some(ins) = set.instrument(id) else {
                continue;
            };
            let selected = d.instrument == *id;
            if choice_button(
                ui,
                selected,
                &ins.short_name,
                &format!("Instrument: {}", ins.short_name),
            )
            .on_hover_text(&ins.name)
            .clicked()
            {
                d.instrument.clone_from(id);
                d.focused_item = 0;
            }
        }
    });
    let Some(ins) = set.instrument(&d.instrument) else {
        return;
    };
    let substance = if ins.substances.is_empty() {
        None
    } else {
        if d.substance.is_empty() || !ins.substances.iter().any(|x| x.id == d.substance) {
            // The substance the instrument file opens on, or its first.
            d.substance = ins
                .substances
                .iter()
                .find(|x| ins.default_substance.as_ref() == Some(&x.id))
                .or_else(|| ins.substances.first())
                .map(|x| x.id.clone())
                .unwrap_or_default();
        }
        let name = ins
            .substances
            .iter()
            .find(|x| x.id == d.substance)
            .map(|x| x.name.clone())
            .unwrap_or_default();
        egui::ComboBox::from_label("Substance")
            .selected_text(name)
            .show_ui(ui, |ui| {
                for sub in &ins.substances {
                    ui.selectable_value(
                        &mut d.substance,
                        sub.id.clone(),
                        format!("{} ({})", sub.name, sub.examples),
                    );
                }
            });
        Some(d.substance.as_str())
    };
    ui.weak(format!("{} · {}", ins.time_frame, ins.licence.attribution));
    ui.label(RichText::new(&ins.introduction).italics());

    let items: Vec<_> = scoring::items_for(ins, substance).collect();
    let existing = s
        .screenings
        .iter()
        .find(|x| x.instrument == ins.id && x.substance.as_deref() == substance);
    let mut answers: Vec<Option<u32>> = existing
        .map(|x| x.answers.clone())
        .filter(|a| a.len() == items.len())
        .unwrap_or_else(|| vec![None; items.len()]);
    let score = scoring::score(ins, &answers, &s.profile, substance).ok();
    let mut changed = false;

    // Number keys answer the focused item (unless a text field has the keyboard).
    if open && !ui.ctx().egui_wants_keyboard_input() {
        let pressed = ui.input_mut(|i| {
            NUMBER_KEYS
                .iter()
                .position(|k| i.consume_key(egui::Modifiers::NONE, *k))
        });
        if let (Some(n), Some(item)) = (pressed, items.get(d.focused_item))
            && let Answer::Options(options) = &item.answer
            && n < options.len()
        {
            if let Some(slot) = answers.get_mut(d.focused_item) {
                *slot = Some(n as u32);
                changed = true;
            }
            d.focused_item = next_asked(ins, &answers, s, substance, d.focused_item);
        }
    }

    for (i, item) in items.iter().enumerate() {
        let skipped = score
            .as_ref()
            .and_then(|x| x.items.get(i))
            .is_some_and(|x| x.skipped);
        let focused = i == d.focused_item;
        let frame = egui::Frame::new().inner_margin(4.0).stroke(if focused {
            ui.visuals().selection.stroke
        } else {
            egui::Stroke::NONE
        });
        frame.show(ui, |ui| {
            let text = scoring::item_text(ins, item, &s.profile, substance);
            let title = format!("{}. {text}", item.number);
            if skipped {
                ui.weak(format!(
                    "{title} — not asked ({})",
                    skip_note(ins, &item.id)
                ));
                return;
            }
            ui.label(RichText::new(title).strong());
            match &item.answer {
                Answer::Options(options) => {
                    ui.horizontal_wrapped(|ui| {
                        for (j, option) in options.iter().enumerate() {
                            let selected = answers.get(i).copied().flatten() == Some(j as u32);
                            let shown = format!("{} {}", j + 1, option.label);
                            let label = format!("Item {}: {}", item.number, option.label);
                            let r = choice_button(ui, selected, &shown, &label)
                                .on_hover_text(format!("{} points", option.points));
                            if r.clicked() && open {
                                if let Some(slot) = answers.get_mut(i) {
                                    *slot = Some(j as u32);
                                }
                                changed = true;
                                d.focused_item = next_asked(ins, &answers, s, substance, i);
                            }
                        }
                    });
                }
                Answer::Count { unit, max } => {
                    let mut text = answers
                        .get(i)
                        .copied()
                        .flatten()
                        .map(|v| v.to_string())
                        .unwrap_or_default();
                    let label = format!("Item {}: {unit}", item.number);
                    if text_field(ui, &label, &mut text, &format!("0–{max}")).changed() && open {
                        let value = text.trim().parse::<u32>().ok().filter(|v| v <= max);
                        if let Some(slot) = answers.get_mut(i) {
                            *slot = value;
                        }
                        changed = true;
                    }
                }
            }
        });
    }

    let score = if changed {
        scoring::score(ins, &answers, &s.profile, substance).ok()
    } else {
        score
    };
    if let Some(score) = &score {
        result_ui(ui, ins, score);
    }
    if changed && open {
        changes.push(Change::RecordScreening(Screening {
            instrument: ins.id.clone(),
            substance: substance.map(str::to_owned),
            profile: s.profile,
            answers,
            result: score.as_ref().map(ScreeningResult::from),
            time: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
        }));
    }
}

/// The next item after `i` that is asked (not skipped), or `i` itself at the end.
fn next_asked(
    ins: &Instrument,
    answers: &[Option<u32>],
    s: &Session,
    substance: Option<&str>,
    i: usize,
) -> usize {
    let Ok(score) = scoring::score(ins, answers, &s.profile, substance) else {
        return i;
    };
    score
        .items
        .iter()
        .enumerate()
        .skip(i + 1)
        .find(|(_, x)| !x.skipped)
        .map_or(i, |(j, _)| j)
}

/// What the form says where a skipped item would be.
fn skip_note(ins: &Instrument, item: &str) -> String {
    ins.skips
        .iter()
        .find(|k| k.items.iter().any(|x| x == item))
        .map(|k| k.note.clone())
        .unwrap_or_default()
}

fn result_ui(ui: &mut egui::Ui, ins: &Instrument, score: &Score) {
    let zone_index = ins
        .zones
        .iter()
        .position(|z| z.id == score.zone)
        .unwrap_or(0);
    let color = theme::zone_color(zone_index, ins.zones.len());
    egui::Frame::group(ui.style())
        .stroke(egui::Stroke::new(2.0, color))
        .show(ui, |ui| {
            let max = score
                .max_total
                .map(|m| format!(" of {m}"))
                .unwrap_or_default();
            let provisional = if score.is_complete() {
                String::new()
            } else {
                format!(" (provisional: {} unanswered)", score.unanswered.len())
            };
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("Total {}{max}", score.total))
                        .size(18.0)
                        .strong(),
                );
                ui.colored_label(
                    color,
                    RichText::new(format!("Zone {}: {}", score.zone, score.level))
                        .size(18.0)
                        .strong(),
                );
                ui.weak(provisional);
            });
            ui.label(format!("Action: {}", score.action));
            for flag in &score.flags {
                ui.colored_label(theme::MISSING, format!("Flag: {}", flag.message));
            }
        });
}
