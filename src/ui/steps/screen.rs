//! The screen step: choose an instrument, answer its items as buttons (or number keys), and
//! see the total, zone and action update as you click.

use egui::{Key, RichText};

use super::context::{StepContext, capitalised};
use crate::protocol::{Answer, Factor, Instrument, LICENCES_FILE, LicenceState, Pregnancy};
use crate::scoring::{self, Profile, Score};
use crate::session::{Change, PreventionRecord, Screening, ScreeningResult, Session};
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::{choice_button, labelled_button, labelled_checkbox, text_field};

/// The instrument and substance on screen, and the item the number keys answer.
#[derive(Default)]
pub struct Draft {
    instrument: String,
    /// True once the clinician picked the instrument (or a screening was recorded with it):
    /// until then the form follows the suggestion, which changes with the profile (the
    /// pregnancy question answered at the top of this step).
    chosen: bool,
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

/// The instrument the form opens on: the last one this session used (if the clinic may still
/// use it), else the one suggested for the patient, else the first the protocol offers.
fn opening_instrument(cx: &StepContext<'_>) -> String {
    let (set, protocol, s) = (cx.set, cx.protocol, cx.session);
    s.screenings
        .last()
        .and_then(|x| set.instrument(&x.instrument))
        .filter(|ins| set.licence_state(ins).usable())
        .or_else(|| set.suggested(protocol, &s.profile).map(|(ins, _)| ins))
        .or_else(|| set.offered(protocol).first().copied())
        .map(|ins| ins.id.clone())
        .unwrap_or_default()
}

/// The instrument form.
pub fn ui(ui: &mut egui::Ui, cx: &StepContext<'_>, d: &mut Draft, changes: &mut Vec<Change>) {
    let (set, protocol, s, open) = (cx.set, cx.protocol, cx.session, cx.open);
    pregnancy_ui(ui, cx, changes);
    let suggested = set.suggested(protocol, &s.profile);
    if !d.chosen {
        let opening = opening_instrument(cx);
        if opening != d.instrument {
            d.instrument = opening;
            d.focused_item = 0;
        }
    }
    if let Some((ins, route)) = suggested {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(t!("screen-suggested", instrument = &ins.short_name)).strong());
            ui.label(format!("— {}", route.why));
        });
    }
    instrument_row_ui(ui, cx, d);
    let Some(ins) = set
        .instrument(&d.instrument)
        .filter(|ins| set.licence_state(ins).usable())
    else {
        prevention_ui(ui, cx, changes);
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
        egui::ComboBox::from_label(t!("screen-substance"))
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
        Some(d.substance.clone())
    };
    let substance = substance.as_deref();
    ui.weak(format!("{} · {}", ins.time_frame, ins.licence.attribution));
    unofficial_ui(ui, ins);
    form_notes_ui(ui, cx, ins);
    shared_items_ui(ui, cx, ins);
    ui.label(RichText::new(&ins.introduction).italics());

    let items: Vec<_> = scoring::items_for(ins, substance).collect();
    let existing = s
        .screenings
        .iter()
        .find(|x| x.instrument == ins.id && x.substance.as_deref() == substance);
    // Recorded before items were added to the form (ASSIST Q1, Q8): laid out for today's items.
    let mut answers: Vec<Option<u32>> = existing
        .and_then(|x| scoring::answers_for_items(ins, substance, &x.answers))
        .unwrap_or_else(|| vec![None; items.len()]);
    // The injecting item is asked once a session: a substance not screened yet starts with the
    // answer another substance's screening already has.
    let injecting = ins
        .injecting_item
        .as_deref()
        .and_then(|id| items.iter().position(|it| it.id == id));
    if let (None, Some(q)) = (existing, injecting) {
        answers[q] = shared_answer(ins, s, substance);
    }
    let injecting_before = injecting.and_then(|q| answers.get(q).copied().flatten());
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
            let title = if item.unscored {
                t!(
                    "screen-item-not-scored",
                    number = &item.number,
                    text = &text
                )
            } else {
                format!("{}. {text}", item.number)
            };
            if skipped {
                ui.weak(t!(
                    "screen-item-not-asked",
                    title = &title,
                    note = skip_note(ins, &item.id)
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
                            let label = t!(
                                "screen-item-option",
                                number = &item.number,
                                option = &option.label
                            );
                            let r = choice_button(ui, selected, &shown, &label)
                                .on_hover_text(t!("screen-points", points = option.points));
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
                Answer::Count {
                    unit,
                    max,
                    threshold,
                } => {
                    let mut text = answers
                        .get(i)
                        .copied()
                        .flatten()
                        .map(|v| v.to_string())
                        .unwrap_or_default();
                    let label = t!("screen-item-count", number = &item.number, unit = unit);
                    if let Some(th) = threshold {
                        ui.weak(t!(
                            "screen-count-threshold",
                            at_least = th.at_least,
                            unit = unit,
                            points = th.points
                        ));
                    }
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
    if !changed && let Some(existing) = existing {
        carried_ui(ui, cx, d, existing, changes);
    }
    prevention_ui(ui, cx, changes);
    if changed && open {
        let injecting_now = injecting.and_then(|q| answers.get(q).copied().flatten());
        d.chosen = true;
        changes.push(Change::RecordScreening(Screening {
            suggested: suggested.map(|(x, _)| x.id.clone()),
            instrument: ins.id.clone(),
            substance: substance.map(str::to_owned),
            profile: s.profile,
            answers,
            result: score.as_ref().map(ScreeningResult::from),
            time: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
        }));
        if injecting_now != injecting_before
            && let Some(item) = ins.injecting_item.as_deref()
        {
            changes.extend(share_answer(ins, s, substance, item, injecting_now));
        }
    }
}

/// The instruments the protocol offers: a button for each the clinic may use, and a line for
/// each it may not, saying why and whom to ask (a disabled button cannot be chosen).
fn instrument_row_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, d: &mut Draft) {
    let set = cx.set;
    let mut refused = Vec::new();
    ui.horizontal_wrapped(|ui| {
        ui.label(t!("screen-instrument"));
        for ins in cx
            .protocol
            .instruments
            .iter()
            .filter_map(|id| set.instrument(id))
        {
            let state = set.licence_state(ins);
            if !state.usable() {
                let label = t!(
                    "screen-instrument-unavailable",
                    instrument = &ins.short_name
                );
                labelled_button(ui, false, &ins.short_name, &label)
                    .on_disabled_hover_text(state.words());
                refused.push((ins, state));
                continue;
            }
            let selected = d.instrument == ins.id;
            if choice_button(
                ui,
                selected,
                &ins.short_name,
                &t!("screen-instrument-label", instrument = &ins.short_name),
            )
            .on_hover_text(&ins.name)
            .clicked()
            {
                d.instrument.clone_from(&ins.id);
                d.chosen = true;
                d.focused_item = 0;
            }
        }
    });
    for (ins, state) in refused {
        let why = match state {
            LicenceState::Refused { owner, contact } => t!(
                "screen-licence-refused",
                owner = owner,
                contact = contact,
                file = LICENCES_FILE
            ),
            other => other.words(),
        };
        ui.weak(t!(
            "screen-not-available",
            instrument = &ins.short_name,
            why = why
        ));
    }
}

/// The prevention tier of the contact for every patient, and for the patients the protocol
/// names (the young) the risk and protective factors, recorded as one `SetPrevention`.
fn prevention_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, changes: &mut Vec<Change>) {
    let Some(prevention) = &cx.protocol.prevention else {
        return;
    };
    let record = cx.session.prevention.clone().unwrap_or_default();
    let mut next = record.clone();
    egui::CollapsingHeader::new(t!("screen-prevention"))
        .id_salt("prevention")
        .show(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(t!("screen-tier"));
                for tier in &prevention.tiers {
                    let selected = record.tier.as_deref() == Some(tier.id.as_str());
                    if choice_button(
                        ui,
                        selected,
                        &tier.name,
                        &t!("screen-tier-label", tier = &tier.name),
                    )
                    .on_hover_text(&tier.description)
                    .clicked()
                        && cx.open
                    {
                        // A second click on the chosen tier clears it.
                        next.tier = (!selected).then(|| tier.id.clone());
                    }
                }
            });
            if !prevention.factors_for.matches(&cx.session.profile, None) {
                return;
            }
            ui.label(RichText::new(t!("screen-risk-factors")).strong());
            factor_checks(
                ui,
                cx.open,
                &prevention.risk_factors,
                &mut next.risk_factors,
                &t!("screen-risk-factor"),
            );
            ui.label(RichText::new(t!("screen-protective-factors")).strong());
            factor_checks(
                ui,
                cx.open,
                &prevention.protective_factors,
                &mut next.protective_factors,
                &t!("screen-protective-factor"),
            );
        });
    if next != record && cx.open {
        let empty = next == PreventionRecord::default();
        changes.push(Change::SetPrevention((!empty).then_some(next)));
    }
}

/// A checkbox per factor: a tick adds its id at the end, an untick removes it, so a record
/// is left as it was until the clinician changes it.
fn factor_checks(
    ui: &mut egui::Ui,
    open: bool,
    factors: &[Factor],
    checked: &mut Vec<String>,
    kind: &str,
) {
    for factor in factors {
        let was = checked.contains(&factor.id);
        let mut on = was;
        let label = t!("screen-factor-label", kind = kind, factor = &factor.text);
        labelled_checkbox(ui, open, &mut on, &factor.text, &label);
        if on && !was {
            checked.push(factor.id.clone());
        } else if was && !on {
            checked.retain(|x| x != &factor.id);
        }
    }
}

/// The injecting item's answer in the session's other screenings with this instrument (the
/// most recent one answered).
fn shared_answer(ins: &Instrument, s: &Session, substance: Option<&str>) -> Option<u32> {
    let item = ins.injecting_item.as_deref()?;
    s.screenings
        .iter()
        .rev()
        .filter(|x| x.instrument == ins.id && x.substance.as_deref() != substance)
        .find_map(|x| {
            let q = scoring::items_for(ins, x.substance.as_deref()).position(|it| it.id == item)?;
            scoring::answers_for_items(ins, x.substance.as_deref(), &x.answers)?
                .get(q)
                .copied()
                .flatten()
        })
}

/// The injecting item answered in one substance: the same answer recorded in the session's
/// other screenings with this instrument, each scored again.
fn share_answer(
    ins: &Instrument,
    s: &Session,
    substance: Option<&str>,
    item: &str,
    answer: Option<u32>,
) -> Vec<Change> {
    s.screenings
        .iter()
        .filter(|x| x.instrument == ins.id && x.substance.as_deref() != substance)
        .filter_map(|x| {
            let other = x.substance.as_deref();
            let q = scoring::items_for(ins, other).position(|it| it.id == item)?;
            let mut answers = scoring::answers_for_items(ins, other, &x.answers)?;
            if answers.get(q).copied().flatten() == answer {
                return None;
            }
            *answers.get_mut(q)? = answer;
            let score = scoring::score(ins, &answers, &s.profile, other).ok();
            Some(Change::RecordScreening(Screening {
                suggested: x.suggested.clone(),
                instrument: ins.id.clone(),
                substance: x.substance.clone(),
                profile: s.profile,
                answers,
                result: score.as_ref().map(ScreeningResult::from),
                time: chrono::DateTime::UNIX_EPOCH.fixed_offset(),
            }))
        })
        .collect()
}

/// The pregnancy question, where the protocol asks it of this patient; framed while not asked.
fn pregnancy_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, changes: &mut Vec<Change>) {
    let profile = cx.session.profile;
    let Some(q) = cx
        .protocol
        .pregnancy_question
        .as_ref()
        .filter(|q| q.is_asked_of(&profile))
    else {
        return;
    };
    let not_asked = profile.pregnancy.is_not_asked();
    let stroke = if not_asked {
        egui::Stroke::new(2.0, theme::ATTENTION)
    } else {
        egui::Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color)
    };
    egui::Frame::new()
        .stroke(stroke)
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(&q.question).strong());
                if not_asked {
                    ui.colored_label(theme::ATTENTION, t!("screen-ask-pregnancy"));
                }
            });
            ui.horizontal_wrapped(|ui| {
                for status in Pregnancy::ALL {
                    let text = capitalised(&status.shown());
                    if choice_button(
                        ui,
                        profile.pregnancy == status,
                        &text,
                        &t!("screen-pregnancy-label", status = &text),
                    )
                    .clicked()
                        && cx.open
                        && profile.pregnancy != status
                    {
                        changes.push(Change::SetProfile(Profile {
                            pregnancy: status,
                            ..profile
                        }));
                    }
                }
            });
        });
}

/// The drink the form counts (and whether the limits count another), a warning below the age
/// the form was validated at, and the file's notes on the form.
/// The warning on an instrument whose file says its wording is not the validated translation:
/// it must be replaced with the official text before it is relied on.
fn unofficial_ui(ui: &mut egui::Ui, ins: &Instrument) {
    if !ins.unofficial_translation() {
        return;
    }
    egui::Frame::new()
        .stroke(egui::Stroke::new(
            2.0,
            theme::severity_color(crate::protocol::Severity::Warning),
        ))
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(t!("screen-unofficial")).strong());
            ui.weak(t!(
                "screen-unofficial-detail",
                instrument = &ins.short_name,
                language = &ins.language
            ));
        });
}

fn form_notes_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, ins: &Instrument) {
    if let Some(drink) = &ins.drink {
        ui.label(t!("screen-one-drink", drink = &drink.text));
        if let Some(limit_grams) = cx.protocol.low_risk_limits.drink_grams
            && limit_grams != drink.grams
        {
            ui.colored_label(
                theme::MISSING,
                t!(
                    "screen-drink-grams-differ",
                    form = drink.grams,
                    limits = limit_grams
                ),
            );
        }
    }
    if let Some(age) = cx.session.profile.age {
        let range = match (ins.validated_min_age, ins.validated_max_age) {
            (Some(min), _) if age < min => Some(t!("screen-validated-from", age = min)),
            (_, Some(max)) if age > max => Some(t!("screen-validated-up-to", age = max)),
            _ => None,
        };
        if let Some(range) = range {
            ui.colored_label(
                theme::MISSING,
                RichText::new(t!(
                    "screen-age-outside",
                    instrument = &ins.short_name,
                    range = range,
                    age = age
                ))
                .strong(),
            );
        }
    }
    let licence = &ins.licence;
    egui::CollapsingHeader::new(t!("screen-licence"))
        .id_salt(("licence", &ins.id))
        .show(ui, |ui| {
            ui.label(t!("screen-licence-owner", owner = &licence.owner));
            ui.label(t!("screen-licence-terms", terms = &licence.terms));
            ui.label(t!(
                "screen-licence-in-brief",
                state = cx.set.licence_state(ins).words()
            ));
        });
    if !ins.notes.is_empty() {
        egui::CollapsingHeader::new(t!("screen-form-notes"))
            .id_salt(("form_notes", &ins.id))
            .show(ui, |ui| {
                for note in &ins.notes {
                    ui.label(format!("• {note}"));
                }
            });
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
            let total = score.max_total.map_or_else(
                || t!("screen-total", total = score.total),
                |m| t!("screen-total-of", total = score.total, max = m),
            );
            let provisional = if score.is_complete() {
                String::new()
            } else {
                format!(
                    " {}",
                    t!("screen-provisional", unanswered = score.unanswered.len())
                )
            };
            ui.horizontal(|ui| {
                ui.label(RichText::new(total).size(18.0).strong());
                ui.colored_label(
                    color,
                    RichText::new(t!("screen-zone", zone = &score.zone, level = &score.level))
                        .size(18.0)
                        .strong(),
                );
                ui.weak(provisional);
            });
            ui.label(t!("screen-action", action = &score.action));
            for flag in &score.flags {
                ui.colored_label(theme::MISSING, t!("screen-flag", flag = &flag.message));
            }
        });
}

/// Stepped screening: after a result that calls for it, the fuller form in one click with the
/// shared answers filled in.
fn carried_ui(
    ui: &mut egui::Ui,
    cx: &StepContext<'_>,
    d: &mut Draft,
    existing: &Screening,
    changes: &mut Vec<Change>,
) {
    let (set, s) = (cx.set, cx.session);
    let Some(full) = crate::stepped::offered_after(set, existing, &s.screenings) else {
        return;
    };
    let label = t!("screen-continue-full", instrument = &full.short_name);
    if labelled_button(ui, cx.open, &label, &label).clicked()
        && let Some(next) = crate::stepped::start_from(set, full, existing, &s.profile)
    {
        let score = scoring::score(full, &next.answers, &s.profile, None).ok();
        d.instrument.clone_from(&full.id);
        d.chosen = true;
        d.focused_item = score
            .as_ref()
            .and_then(|sc| {
                sc.items
                    .iter()
                    .position(|it| it.answer.is_none() && !it.skipped)
            })
            .unwrap_or(0);
        changes.push(Change::RecordScreening(next));
    }
}

/// The items this form shares with another one given in this session: said above the items,
/// with a warning when the two count different drinks.
fn shared_items_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, ins: &Instrument) {
    let (set, s) = (cx.set, cx.session);
    for other in s.screenings.iter().filter(|x| x.instrument != ins.id) {
        let Some(link) = crate::stepped::link(set, &ins.id, &other.instrument) else {
            continue;
        };
        let items = crate::stepped::item_numbers(link.full, link.link);
        let name = |id: &str| {
            set.instrument(id)
                .map_or_else(|| id.to_owned(), |i| i.short_name.clone())
        };
        ui.label(
            RichText::new(t!(
                "screen-shared-items",
                full = &link.full.short_name,
                items = items,
                short = &link.short.short_name
            ))
            .strong(),
        );
        if let (Some(a), Some(b)) = (
            ins.drink.as_ref(),
            set.instrument(&other.instrument)
                .and_then(|i| i.drink.as_ref()),
        ) && a.grams != b.grams
        {
            ui.colored_label(
                theme::MISSING,
                t!(
                    "screen-shared-drinks-differ",
                    this = name(&ins.id),
                    this_grams = a.grams,
                    other = name(&other.instrument),
                    other_grams = b.grams
                ),
            );
        }
    }
}
