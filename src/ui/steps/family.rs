//! What the family-intervention step views share: the plan being edited, sent to the session
//! as a [`Change::SetPlan`] whenever an edit leaves it valid, and the case's timeline.
//!
//! The six views (safety screen, approach, team, preparation, treatment, outcome) edit one copy
//! of the plan. An edit that breaks one of the plan's rules ([`FamilyPlan::check`]: a formal
//! meeting without a reason, a person left out without why, an incident with no words) stays
//! on screen, is not recorded, and a banner says what is missing; the next edit that makes the
//! plan valid records everything. Text is recorded as it is typed: the session's timeline
//! folds repeated edits of one part into one line (`Session::apply_in`).

use egui::RichText;

use super::context::StepContext;
use super::{approach, family_safety, outcome, preparation, team, treatment};
use crate::protocol::{PlanSpec, Protocol, Step, StepKind};
use crate::session::{Change, FamilyPlan, PlanError, PlanEvent, Session, Timestamp};
use crate::t;
use crate::ui::theme;
use crate::ui::widgets::labelled_button;

/// The plan being edited, and the views' own drafts.
#[derive(Default)]
pub struct Draft {
    edit: PlanEdit,
    team: team::Draft,
    preparation: preparation::Draft,
}

/// The plan as edited here: the session's, with any edits not yet recorded.
#[derive(Default)]
struct PlanEdit {
    plan: Option<FamilyPlan>,
    /// The session's plan when the draft was last in step with it.
    base: Option<FamilyPlan>,
    /// The last plan sent, so a plan the session refuses is not sent again every frame.
    sent: Option<FamilyPlan>,
}

impl PlanEdit {
    /// The plan to edit this frame. When the session's plan changed other than by this draft's
    /// last edit (a reload), the draft follows the session and unrecorded edits are dropped.
    fn sync(&mut self, recorded: &FamilyPlan) -> &mut FamilyPlan {
        if self.base.as_ref() != Some(recorded) {
            if self.plan.as_ref() != Some(recorded) {
                self.plan = None;
            }
            self.base = Some(recorded.clone());
        }
        self.plan.get_or_insert_with(|| recorded.clone())
    }

    /// Sends the plan when it differs from the session's, keeps the rules, and was not sent yet.
    fn finish(&mut self, spec: &PlanSpec, recorded: &FamilyPlan, changes: &mut Vec<Change>) {
        let Some(plan) = &self.plan else { return };
        if plan != recorded && plan.check(spec).is_ok() && self.sent.as_ref() != Some(plan) {
            self.sent = Some(plan.clone());
            changes.push(Change::SetPlan(Box::new(plan.clone())));
        }
    }

    /// Drops the edits not recorded.
    fn undo(&mut self) {
        self.plan = None;
        self.base = None;
    }
}

/// What a family step view reads.
pub struct PlanCx<'a> {
    /// The step context.
    pub cx: &'a StepContext<'a>,
    /// The protocol's plan section.
    pub spec: &'a PlanSpec,
    /// The plan as the session holds it.
    pub recorded: &'a FamilyPlan,
}

impl PlanCx<'_> {
    /// The protocol.
    pub fn protocol(&self) -> &Protocol {
        self.cx.protocol
    }
}

/// The form of a family-intervention step, with its banner and what the plan credits here.
pub fn ui(
    ui: &mut egui::Ui,
    cx: &StepContext<'_>,
    step: &Step,
    d: &mut Draft,
    changes: &mut Vec<Change>,
) {
    let (Some(spec), Some(recorded)) = (&cx.protocol.plan, &cx.session.plan) else {
        ui.colored_label(theme::MISSING, t!("family-no-plan"));
        return;
    };
    let pc = PlanCx { cx, spec, recorded };
    let Draft {
        edit,
        team: team_draft,
        preparation: preparation_draft,
    } = d;
    let plan = edit.sync(recorded);
    let undo = pending_ui(ui, &pc, plan);
    ui.add_enabled_ui(cx.open, |ui| match step.kind {
        StepKind::FamilySafety => family_safety::ui(ui, &pc, plan),
        StepKind::Approach => approach::ui(ui, &pc, plan),
        StepKind::Team => team::ui(ui, &pc, plan, team_draft),
        StepKind::Preparation => preparation::ui(ui, &pc, plan, preparation_draft),
        StepKind::Treatment => treatment::ui(ui, &pc, plan),
        StepKind::Outcome => outcome::ui(ui, &pc, plan),
        _ => {}
    });
    ui.add_space(4.0);
    credits_ui(ui, &pc, &step.id);
    if undo {
        edit.undo();
    } else if cx.open {
        edit.finish(spec, recorded, changes);
    }
}

/// The banner shown while the plan on screen is not what the session holds: why it cannot be
/// recorded yet. Returns true when the edits are to be dropped.
fn pending_ui(ui: &mut egui::Ui, pc: &PlanCx<'_>, plan: &FamilyPlan) -> bool {
    if plan == pc.recorded || !pc.cx.open {
        return false;
    }
    let why = match plan.check(pc.spec) {
        Err(e) => sentence(&e),
        // Valid, sent, and not taken: the session said why, at the top of the window.
        Ok(()) => t!("family-refused"),
    };
    let mut undo = false;
    egui::Frame::new()
        .stroke(egui::Stroke::new(1.5, theme::MISSING))
        .inner_margin(6.0)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    theme::MISSING,
                    RichText::new(t!("family-not-recorded", why = why)).strong(),
                );
                undo = labelled_button(ui, true, &t!("family-undo"), &t!("family-undo-label"))
                    .on_hover_text(t!("family-undo-hover"))
                    .clicked();
            });
        });
    ui.add_space(4.0);
    undo
}

/// Tries an edit on a copy of the plan: kept when it breaks no rule the plan did not already
/// break, refused with the rule otherwise (a second person of the same name).
pub fn try_edit(
    plan: &mut FamilyPlan,
    spec: &PlanSpec,
    edit: impl FnOnce(&mut FamilyPlan),
) -> Result<(), PlanError> {
    let mut candidate = plan.clone();
    edit(&mut candidate);
    match candidate.check(spec) {
        Err(e) if plan.check(spec).err().as_ref() != Some(&e) => Err(e),
        _ => {
            *plan = candidate;
            Ok(())
        }
    }
}

/// An error message as a sentence: first letter in capitals.
pub fn sentence(e: &impl std::fmt::Display) -> String {
    super::capitalised(&e.to_string())
}

/// The components the plan credits in this step, and whether the plan as recorded delivers
/// them (with what it takes when it does not).
fn credits_ui(ui: &mut egui::Ui, pc: &PlanCx<'_>, step: &str) {
    for credit in pc.spec.credits.iter().filter(|c| c.step == step) {
        let Some(c) = pc
            .protocol()
            .components
            .iter()
            .find(|c| c.id == credit.component)
        else {
            continue;
        };
        ui.horizontal_wrapped(|ui| {
            if pc.recorded.holds(pc.spec, credit.when) {
                ui.colored_label(theme::DONE, RichText::new(&c.name).strong());
                ui.weak(t!("family-delivered-by-plan"));
            } else {
                ui.colored_label(theme::MISSING, RichText::new(&c.name).strong());
                ui.weak(t!("family-not-yet", when = &c.delivered_when));
            }
        });
    }
}

/// A session of the case before this one, as its timeline shows it.
pub struct EarlierSession {
    /// When it started.
    pub created: Timestamp,
    /// Its clinician.
    pub clinician: String,
    /// What changed in the plan during it.
    pub changes: Vec<PlanEvent>,
}

impl EarlierSession {
    /// The timeline part of a stored session.
    pub fn of(s: &Session) -> Self {
        Self {
            created: s.created,
            clinician: s.clinician.clone(),
            changes: s.plan_changes.clone(),
        }
    }
}

/// The case's timeline: what changed in the plan in each session of the case, oldest first,
/// this session last. `earlier` is oldest first; `problem` says why it stops short.
pub fn case_timeline_ui(
    ui: &mut egui::Ui,
    session: &Session,
    earlier: &[EarlierSession],
    problem: Option<&str>,
) {
    egui::CollapsingHeader::new(t!("family-timeline", sessions = earlier.len() + 1))
        .id_salt("case_timeline")
        .default_open(true)
        .show(ui, |ui| {
            if let Some(problem) = problem {
                ui.colored_label(theme::MISSING, problem);
            }
            for e in earlier {
                session_events_ui(ui, e.created, &e.clinician, &e.changes, false);
            }
            session_events_ui(
                ui,
                session.created,
                &session.clinician,
                &session.plan_changes,
                true,
            );
        });
}

fn session_events_ui(
    ui: &mut egui::Ui,
    created: Timestamp,
    clinician: &str,
    changes: &[PlanEvent],
    this: bool,
) {
    let texts = crate::i18n::current();
    let at = texts.date_time(&created);
    ui.strong(if this {
        t!("family-timeline-this", at = at, clinician = clinician)
    } else {
        t!("family-timeline-session", at = at, clinician = clinician)
    });
    if changes.is_empty() {
        ui.weak(format!("    {}", t!("family-no-change")));
    }
    for c in changes {
        let when = if c.time.date_naive() == created.date_naive() {
            texts.time(&c.time)
        } else {
            texts.date_time(&c.time)
        };

        ui.horizontal_wrapped(|ui| {
            ui.weak(when);
            // The window's font has no arrow: the domain's "→" is drawn as "->".
            ui.label(c.what.replace('→', "->"));
        });
    }
    ui.add_space(4.0);
}
