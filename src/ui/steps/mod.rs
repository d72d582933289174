//! The centre of the session view: the current step's guidance and prompts, then the form of
//! its kind. One file per step view; each owns its draft (text being typed, choices not yet
//! recorded), and the session view holds the drafts in a [`StepDrafts`].
//!
//! Which form a step shows comes from its [`StepKind`] in the protocol file, never from its id;
//! which step comes next comes from the session ([`Session::next_step`]).

mod approach;
mod closure;
mod context;
mod family;
mod family_safety;
mod feedback;
mod goals;
mod outcome;
mod pictures;
mod preparation;
mod safety;
mod screen;
mod team;
mod treatment;

use crate::protocol::{Step, StepKind};
use crate::session::{Change, CoverageSource, Session};
use crate::t;

use super::widgets::labelled_button;
pub use context::{StepContext, capitalised};
pub use family::{EarlierSession, case_timeline_ui};

/// The drafts of the step views that have one.
#[derive(Default)]
pub struct StepDrafts {
    screen: screen::Draft,
    goals: goals::Draft,
    closure: closure::Draft,
    safety: safety::Draft,
    family: family::Draft,
}

impl StepDrafts {
    /// Drafts filled from what the session already holds.
    pub fn from_session(s: &Session) -> Self {
        Self {
            screen: screen::Draft::default(),
            goals: goals::Draft::from_session(s),
            closure: closure::Draft::from_session(s),
            safety: safety::Draft::default(),
            family: family::Draft::default(),
        }
    }
}

/// True when the safety panel is drawn above the step: while a flag is raised, in every step.
/// Flags are raised by the screenings (from the screen step on) and by the profile (an age
/// below the drinking age, from the first change); a reopened session shows its own.
pub fn has_safety_panel(cx: &StepContext<'_>) -> bool {
    !safety::active(cx).is_empty()
}

/// The safety panel, drawn at the top of the step area whatever the step.
pub fn safety_panel_ui(
    ui: &mut egui::Ui,
    cx: &StepContext<'_>,
    drafts: &mut StepDrafts,
    changes: &mut Vec<Change>,
) {
    safety::panel_ui(ui, cx, &mut drafts.safety, changes);
}

/// The current step.
pub fn step_ui(
    ui: &mut egui::Ui,
    cx: &StepContext<'_>,
    drafts: &mut StepDrafts,
    changes: &mut Vec<Change>,
) {
    let s = cx.session;
    let Some((index, step)) = cx
        .protocol
        .steps
        .iter()
        .enumerate()
        .find(|(_, x)| x.id == s.current_step)
    else {
        return;
    };
    ui.add_space(4.0);
    ui.heading(format!("{}. {}", index + 1, step.title));
    ui.label(&step.purpose);
    egui::CollapsingHeader::new(t!("steps-guidance"))
        .id_salt(("guidance", &step.id))
        .show(ui, |ui| {
            for a in &step.actions {
                ui.label(format!("• {a}"));
            }
            ui.add_space(4.0);
            for e in &step.evidence {
                ui.weak(t!("steps-evidence", evidence = e));
            }
        });
    ui.add_space(6.0);
    match step.kind {
        StepKind::Screen => screen::ui(ui, cx, &mut drafts.screen, changes),
        StepKind::Feedback => feedback::ui(ui, cx),
        StepKind::Goals => goals::ui(ui, cx, &mut drafts.goals, changes),
        StepKind::Closure => {
            closure::ui(ui, cx, &mut drafts.closure, &mut drafts.safety, changes);
        }
        // Guidance and prompts only.
        StepKind::Plain => {}
        StepKind::FamilySafety
        | StepKind::Approach
        | StepKind::Team
        | StepKind::Preparation
        | StepKind::Treatment
        | StepKind::Outcome => family::ui(ui, cx, step, &mut drafts.family, changes),
    }
    ui.add_space(8.0);
    prompts_ui(ui, cx, step, changes);
    ui.add_space(8.0);
    if cx.open {
        ui.horizontal(|ui| {
            if s.previous_step().is_some()
                && ui
                    .button(t!("steps-previous"))
                    .on_hover_text(t!("steps-previous-key"))
                    .clicked()
            {
                changes.extend(s.previous_step_changes());
            }
            if s.next_step().is_some()
                && ui
                    .button(t!("steps-next"))
                    .on_hover_text(t!("steps-next-key"))
                    .clicked()
            {
                changes.extend(s.next_step_changes());
            }
        });
    }
}

fn prompts_ui(ui: &mut egui::Ui, cx: &StepContext<'_>, step: &Step, changes: &mut Vec<Change>) {
    ui.strong(t!("steps-prompts"));
    for prompt in &step.prompts {
        let used =
            cx.session.coverage.iter().any(|e| {
                e.step == step.id && e.source == CoverageSource::Prompt(prompt.id.clone())
            });
        let letters: Vec<&str> = prompt
            .components
            .iter()
            .filter_map(|c| cx.protocol.components.iter().find(|x| &x.id == c))
            .map(|x| x.letter.as_str())
            .collect();
        if let Some(rule) = cx.advice.withheld_prompts.get(&prompt.id) {
            // A safety rule holds it back: shown struck through, and it cannot be marked used.
            ui.horizontal_wrapped(|ui| {
                ui.label(
                    egui::RichText::new(format!("“{}”", prompt.text))
                        .strikethrough()
                        .color(super::theme::NOT_FOR_PATIENT),
                );
                ui.colored_label(
                    super::theme::MISSING,
                    t!("steps-not-for-patient", rule = rule),
                );
            });
            continue;
        }
        ui.horizontal_wrapped(|ui| {
            let label = t!("steps-used-label", prompt = &prompt.text);
            let text = if used {
                t!("steps-used-already")
            } else {
                t!("steps-used")
            };
            if labelled_button(ui, cx.open && !used, &text, &label).clicked() {
                for c in &prompt.components {
                    changes.push(Change::Cover {
                        component: c.clone(),
                        step: step.id.clone(),
                        source: CoverageSource::Prompt(prompt.id.clone()),
                        note: None,
                    });
                }
            }
            ui.weak(format!("[{}]", letters.join("")));
            ui.label(format!("“{}”", prompt.text));
        });
    }
}
