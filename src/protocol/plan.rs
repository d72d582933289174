//! The plan section of a family-intervention protocol: every option and every piece of wording
//! the plan's forms show, so a clinic can reword or translate them without a rebuild.
//!
//! The records a counsellor fills in are [`crate::session::FamilyPlan`]; this is what they are
//! checked against.

use serde::{Deserialize, Serialize};

/// What a family-intervention plan holds and how its parts are worded.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PlanSpec {
    /// Asked before any meeting is planned; a "yes" or "unsure" changes what is offered.
    pub safety_screen: Vec<ScreenQuestion>,
    /// The answers to a safety question.
    pub answers: AnswerWords,
    /// The concerned other's own safety plan, asked for when a question found risk.
    pub safety_plan: Wording,
    /// The approaches offered, recommended first.
    pub approaches: Vec<Approach>,
    /// The trial figures shown before an approach is chosen.
    pub evidence: Vec<Evidence>,
    /// Why an approach was chosen, and why a meeting would be a surprise.
    pub choice: ChoiceWording,
    /// The roles a person in the network may have.
    pub roles: Vec<PlanOption>,
    /// Things worth knowing about a participant (lives with the person, own use, a child…).
    pub participant_flags: Vec<PlanOption>,
    /// The parts of a speaker's statement.
    pub statement: StatementWording,
    /// A statement's review states, in order: the first is the draft, any later one has been
    /// reviewed with the professional.
    pub review_states: Vec<PlanOption>,
    /// The kinds of preparation meeting (education, letter review, rehearsal…).
    pub preparation_kinds: Vec<PlanOption>,
    /// The parts of the treatment arranged; its levels of care are the protocol's
    /// `referral.levels`.
    pub treatment: TreatmentWording,
    /// How the meeting or invitation ended.
    pub outcomes: Vec<Outcome>,
    /// The parts of the outcome record.
    pub outcome: OutcomeWording,
    /// Which facts of the plan deliver which components, and in which step.
    pub credits: Vec<PlanCredit>,
    /// Source key for the plan's structure.
    pub source: String,
}

/// A label and the hint shown under it.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// The field's label.
    pub label: String,
    /// What to write there.
    #[serde(default)]
    pub hint: String,
}

/// One option of a list (a role, a flag, a review state, a kind of meeting).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PlanOption {
    /// Stable id stored in the plan.
    pub id: String,
    /// Shown.
    pub label: String,
    /// Shown on hover and in the guidance.
    #[serde(default)]
    pub help: String,
    /// Choosing it needs a reason (a person deliberately not included: why).
    #[serde(default)]
    pub needs_reason: bool,
    /// A speaker: this role writes a statement.
    #[serde(default)]
    pub speaks: bool,
    /// A kind of preparation meeting that is a rehearsal.
    #[serde(default)]
    pub rehearsal: bool,
}

/// A safety question asked of the concerned other.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ScreenQuestion {
    /// Stable id stored in the plan.
    pub id: String,
    /// As asked.
    pub question: String,
    /// What the counsellor does when the answer is yes or unsure.
    pub if_yes: String,
    /// Approach ids not offered while the answer is yes or unsure.
    #[serde(default)]
    pub blocks: Vec<String>,
    /// A yes or unsure needs the concerned other's safety plan before the session closes.
    #[serde(default)]
    pub needs_safety_plan: bool,
    /// A yes or unsure means treatment must include medically managed withdrawal.
    #[serde(default)]
    pub needs_withdrawal_management: bool,
    /// Source key.
    pub source: String,
}

/// How the three answers to a safety question are shown.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AnswerWords {
    /// "Yes".
    pub yes: String,
    /// "No".
    pub no: String,
    /// "Unsure" (treated as yes: the safer reading).
    pub unsure: String,
}

/// A way of helping the loved one into treatment.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Approach {
    /// Stable id stored in the plan.
    pub id: String,
    /// Shown.
    pub name: String,
    /// What it is, in a sentence or two.
    pub summary: String,
    /// Offered first, as the evidence-based choice.
    #[serde(default)]
    pub recommended: bool,
    /// Only after every safety question is answered.
    #[serde(default)]
    pub after_safety_screen: bool,
    /// Choosing it needs a recorded reason.
    #[serde(default)]
    pub needs_reason: bool,
    /// It involves a meeting with the loved one, which may be announced or a surprise.
    #[serde(default)]
    pub meeting: bool,
    /// A surprise meeting is allowed, with a recorded reason; otherwise it is always announced.
    #[serde(default)]
    pub may_surprise: bool,
    /// Shown when it is chosen (the evidence against it, the risks).
    #[serde(default)]
    pub warning: Option<String>,
    /// Source key.
    pub source: String,
}

/// One trial figure.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// The approach it is about (an approach id), or none for a general finding.
    #[serde(default)]
    pub approach: Option<String>,
    /// The figure, large (e.g. "64%").
    pub figure: String,
    /// What it measures.
    pub text: String,
    /// Source key.
    pub source: String,
}

/// Wording of the approach choice.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ChoiceWording {
    /// Why this approach.
    pub reason: Wording,
    /// The meeting is announced to the loved one beforehand.
    pub announced: Wording,
    /// Why the meeting would be a surprise.
    pub surprise_reason: Wording,
    /// Shown while an approach waits for the safety screen.
    pub needs_screen: String,
}

/// Wording of a speaker's statement.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct StatementWording {
    /// The opening statement of care.
    pub care: Wording,
    /// Specific, dated incidents seen first hand.
    pub incidents: Wording,
    /// At most this many incidents.
    pub max_incidents: u32,
    /// The impact on the speaker.
    pub impact: Wording,
    /// The request ("accept help today").
    pub request: Wording,
    /// The consequence if the loved one refuses.
    pub consequence: Wording,
    /// Whether the speaker commits to carry it out.
    pub commits: Wording,
}

/// Wording of the treatment arranged.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TreatmentWording {
    /// Where.
    pub place: Wording,
    /// Level of care.
    pub level: Wording,
    /// Admission date.
    pub admission: Wording,
    /// A slot or bed is confirmed.
    pub slot_confirmed: Wording,
    /// Funding or insurance decision.
    pub funding: Wording,
    /// The funding is confirmed.
    pub funding_confirmed: Wording,
    /// Transport.
    pub transport: Wording,
    /// Practical matters (leave from work, childcare, pets).
    pub practical: Wording,
    /// Medically managed withdrawal, when the safety screen found that risk.
    pub withdrawal_management: Wording,
}

/// How the meeting or invitation ended.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    /// Stable id stored in the plan (e.g. `not_held`).
    pub id: String,
    /// Shown.
    pub label: String,
    /// The loved one entered (or agreed to enter) treatment.
    #[serde(default)]
    pub entered_treatment: bool,
    /// The meeting or invitation took place.
    #[serde(default)]
    pub held: bool,
}

/// Wording of the outcome record.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct OutcomeWording {
    /// The date of the meeting or invitation.
    pub meeting_date: Wording,
    /// The date the loved one entered treatment.
    pub entered: Wording,
    /// What happens if the loved one refuses (fallback offer).
    pub contingency: Wording,
    /// The next contact with the concerned others.
    pub next_contact: Wording,
    /// How the concerned others are doing.
    pub wellbeing: Wording,
}

/// A fact of the plan that delivers a component.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PlanCredit {
    /// The fact.
    pub when: PlanFact,
    /// The component it delivers.
    pub component: String,
    /// The step it is recorded in.
    pub step: String,
}

/// Facts of a plan that the protocol may credit.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlanFact {
    /// Every safety question is answered.
    SafetyScreenAnswered,
    /// An approach was chosen with the evidence on screen.
    ApproachChosenWithEvidence,
    /// Every speaker's statement has at least one dated incident and has been reviewed.
    IncidentsPrepared,
    /// A slot is confirmed, with funding, and withdrawal management when the screen found risk.
    TreatmentReady,
    /// A plan if the loved one refuses: a contingency, or every speaker's consequence.
    PlanIfRefused,
    /// At least one rehearsal is recorded.
    Rehearsed,
}

impl PlanFact {
    /// The fact's name as written in a protocol file (and stored with the coverage it gives).
    pub fn name(self) -> &'static str {
        match self {
            Self::SafetyScreenAnswered => "SafetyScreenAnswered",
            Self::ApproachChosenWithEvidence => "ApproachChosenWithEvidence",
            Self::IncidentsPrepared => "IncidentsPrepared",
            Self::TreatmentReady => "TreatmentReady",
            Self::PlanIfRefused => "PlanIfRefused",
            Self::Rehearsed => "Rehearsed",
        }
    }
}

impl PlanSpec {
    /// The approach with this id.
    pub fn approach(&self, id: &str) -> Option<&Approach> {
        self.approaches.iter().find(|a| a.id == id)
    }

    /// The role with this id.
    pub fn role(&self, id: &str) -> Option<&PlanOption> {
        self.roles.iter().find(|o| o.id == id)
    }

    /// The outcome with this id.
    pub fn outcome_option(&self, id: &str) -> Option<&Outcome> {
        self.outcomes.iter().find(|o| o.id == id)
    }

    /// The label of the option with this id in `options`, or the id itself.
    pub fn label<'a>(options: &'a [PlanOption], id: &'a str) -> &'a str {
        options
            .iter()
            .find(|o| o.id == id)
            .map_or(id, |o| o.label.as_str())
    }
}
