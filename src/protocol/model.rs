//! The protocol and instrument files as typed data.
//!
//! These are the serde types the RON files in `protocols/` are read into. Every struct denies
//! unknown fields, so a misspelt key is an error with a position, not a silent default. The
//! types are plain data: a [`super::ProtocolSet`] is the only way to get them validated.

use serde::{Deserialize, Serialize};

use super::plan::PlanSpec;

/// A protocol: its steps, the components whose delivery is tracked, and everything the clinician
/// is shown while working through a session. A brief intervention (the default kind) has the five
/// steps, the six FRAMES components, the stages of change, rulers, menu, limits and billing; a
/// family intervention has its own steps and components and a [`PlanSpec`] instead.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Protocol {
    /// Stable id stored in every session (e.g. `brief_intervention`).
    pub id: String,
    /// Version of this file's content, stored in every session.
    pub version: String,
    /// Language of the text (BCP 47, e.g. `en`).
    pub language: String,
    /// What kind of session the protocol guides. Left out: a brief intervention.
    #[serde(default)]
    pub kind: ProtocolKind,
    /// Title shown when choosing a protocol.
    pub title: String,
    /// One paragraph on what the protocol is for.
    pub summary: String,
    /// Where the content comes from; `source` fields elsewhere name a `key` here.
    pub sources: Vec<Source>,
    /// The steps, in the order they are worked through.
    pub steps: Vec<Step>,
    /// The components whose delivery is tracked (FRAMES).
    pub components: Vec<Component>,
    /// Stages of readiness to change.
    #[serde(default)]
    pub stages: Vec<Stage>,
    /// Importance / confidence / readiness rulers.
    #[serde(default)]
    pub ruler: Ruler,
    /// Change options offered in the goals step.
    #[serde(default)]
    pub menu: Vec<MenuOption>,
    /// Instrument ids offered in the screen step, in the order they are offered.
    #[serde(default)]
    pub instruments: Vec<String>,
    /// Low-risk drinking limits quoted in the feedback step.
    #[serde(default)]
    pub low_risk_limits: LowRiskLimits,
    /// Referral levels offered when a referral is made.
    #[serde(default)]
    pub referral: Referral,
    /// Billing codes and their minute ranges.
    #[serde(default)]
    pub billing: Billing,
    /// Follow-up intervals offered as one-click dates in the closing step, in weeks.
    #[serde(default)]
    pub follow_up_weeks: Vec<u32>,
    /// What the clinical note reports beyond its fixed layout. Left out: nothing more.
    #[serde(default)]
    pub note: NoteLayout,
    /// The pregnancy question: its wording and whom it is asked of. Left out: not asked.
    #[serde(default)]
    pub pregnancy_question: Option<PregnancyQuestion>,
    /// Safety rules: answers, scores and profiles that change what the patient is told.
    #[serde(default)]
    pub safety: Vec<SafetyRule>,
    /// Which instruments the screen step suggests for which patients: the first route whose
    /// `when` matches the profile, and in it the first instrument the clinic may use.
    #[serde(default)]
    pub screening_routes: Vec<ScreeningRoute>,
    /// Prevention tiers a contact may be recorded under, and the risk and protective factors
    /// asked about for young patients. Left out: not recorded.
    #[serde(default)]
    pub prevention: Option<Prevention>,
    /// A family intervention's plan: its safety screen, approaches and evidence, roles, statement
    /// parts, outcomes and what the plan credits. Required for `kind: FamilyIntervention`.
    #[serde(default)]
    pub plan: Option<PlanSpec>,
    /// How its sessions are coded in a FHIR R4 export. Left out: `brief export fhir` refuses.
    #[serde(default)]
    pub fhir: Option<ProtocolFhir>,
    /// The take-home sheet: its wording and the help resources. Left out: no sheet.
    #[serde(default)]
    pub handout: Option<Handout>,
    /// Which recorded actions deliver which components, besides prompts and marks by hand.
    #[serde(default)]
    pub credits: Vec<Credit>,
    /// The levels of intervention a session may be recorded at (Socialstyrelsen: enkla råd,
    /// rådgivande samtal, kvalificerat rådgivande samtal), lowest first. Left out: not recorded.
    #[serde(default)]
    pub intervention_levels: Vec<InterventionLevel>,
}

/// The language of the base protocol set (`protocols/*.ron`): a session or instrument that
/// does not name its language is in this one.
pub const BASE_LANGUAGE: &str = "en";

/// A level of intervention, recorded per session and counted by the audit.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct InterventionLevel {
    /// Stable id stored in sessions (e.g. `radgivande_samtal`).
    pub id: String,
    /// As the window and the note name it.
    pub name: String,
    /// How long it usually takes, in words (e.g. "10–15 minuter").
    pub duration: String,
    /// What it holds.
    pub description: String,
    /// Source key.
    pub source: String,
}

/// What kind of session a protocol guides; validation checks each kind's own parts.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
pub enum ProtocolKind {
    /// A brief intervention with the patient (SAMHSA TIP 34, FRAMES).
    #[default]
    BriefIntervention,
    /// Helping concerned others plan a family intervention (CRAFT, ARISE or a formal meeting).
    FamilyIntervention,
}

/// A code of a code system, as a FHIR `Coding` carries it.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Coding {
    /// The code system's URI (e.g. `http://loinc.org`).
    pub system: String,
    /// The code.
    pub code: String,
    /// Its display text.
    pub display: String,
}

/// The codes, code systems and identifier systems of a protocol's FHIR R4 export. Every code the
/// export writes comes from here or from an instrument's [`InstrumentFhir`]; codes of local code
/// systems are the ids of this file (component, stage, menu option, safety rule, referral level).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ProtocolFhir {
    /// Identifier system of the patient reference a session records (a pseudonym). Set it to the
    /// namespace your health system knows the pseudonyms by; `--patient-system` overrides it.
    pub patient_system: String,
    /// Identifier system of the clinician ids.
    pub practitioner_system: String,
    /// `Procedure.code` of a closed brief intervention, every coding given.
    pub procedure: Vec<Coding>,
    /// `Observation.category` of the score observations.
    pub score_category: Coding,
    /// The unit of a score (`valueQuantity`), unless an instrument names its own.
    pub score_unit: Coding,
    /// Code system of the components (codes: component ids).
    pub component_system: String,
    /// Extension on the Procedure, one per component delivered (`valueCoding`).
    pub component_extension: String,
    /// Code system of the safety rules (codes: rule ids, and `rule.advice` for advice points).
    pub safety_system: String,
    /// Extension on the Procedure, one per safety flag answered (`rule`, `advice`, `given`).
    pub safety_extension: String,
    /// Code system of the stages of readiness (codes: stage ids), for `Procedure.outcome`.
    pub stage_system: String,
    /// Code system of the menu options (codes: option ids), for `Goal.category`.
    pub menu_system: String,
    /// `ServiceRequest.code` of a referral.
    pub referral: Coding,
    /// Code system of the referral levels (codes: level ids), for `ServiceRequest.orderDetail`.
    pub referral_level_system: String,
    /// Source key.
    pub source: String,
}

/// How an instrument is coded in a FHIR R4 export.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct InstrumentFhir {
    /// Canonical URL of its Questionnaire; for an instrument asked per substance it holds
    /// `{substance}`, and each substance has a Questionnaire of its own.
    pub questionnaire: String,
    /// Code system of the answer options (codes: `<item id>-<option index>`, e.g. `q1-2`).
    pub answer_system: String,
    /// `Observation.code` of the total; `{substance}` in its code and display for an instrument
    /// asked per substance.
    pub total: Coding,
    /// `Observation.code` of the panel whose member is the total, where one is coded.
    #[serde(default)]
    pub panel: Option<Coding>,
    /// Code system of the zones (codes: zone ids), for `Observation.interpretation`.
    pub zone_system: String,
    /// The total's unit when it is not a score (a count of days).
    #[serde(default)]
    pub unit: Option<Coding>,
    /// Where the codes come from.
    pub source: String,
}

/// Prevention tiers and the risk and protective factors of young patients.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Prevention {
    /// The tiers (universal, selective, indicated).
    pub tiers: Vec<PreventionTier>,
    /// Who is asked about risk and protective factors.
    pub factors_for: Applies,
    /// Risk factors.
    pub risk_factors: Vec<Factor>,
    /// Protective factors.
    pub protective_factors: Vec<Factor>,
    /// Source key.
    pub source: String,
}

/// A prevention tier.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PreventionTier {
    /// Stable id stored in sessions (e.g. `selective`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Who it is for.
    pub description: String,
}

/// A risk or protective factor.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Factor {
    /// Stable id stored in sessions.
    pub id: String,
    /// As the checklist and the note say it.
    pub text: String,
}

/// The instruments suggested for some patients, and why.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ScreeningRoute {
    /// Who it is for.
    pub when: Applies,
    /// Instrument ids, the preferred first.
    pub instruments: Vec<String>,
    /// Why, as the screen step says it.
    pub why: String,
    /// Source key.
    pub source: String,
}

/// Whom the pregnancy question is asked of, and how.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PregnancyQuestion {
    /// What the clinician asks.
    pub question: String,
    /// Asked of patients whose recorded sex is one of these.
    pub ask_sex: Vec<RecordedSex>,
    /// Youngest age asked (an unrecorded age is asked).
    pub min_age: u32,
    /// Oldest age asked.
    pub max_age: u32,
    /// Source key.
    pub source: String,
}

/// A safety rule: when it fires, what the clinician must do and what the patient is told, and
/// which of the usual advice, prompts and menu options it holds back.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct SafetyRule {
    /// Stable id, stored in sessions and reported by the CLI and the audit (e.g.
    /// `withdrawal_risk`).
    pub id: String,
    /// Short title for the safety panel and the note.
    pub title: String,
    /// How urgent it is.
    pub severity: Severity,
    /// When it fires.
    pub when: SafetyCondition,
    /// What the clinician must do.
    pub clinician: String,
    /// What the patient is told.
    pub patient: String,
    /// Points of advice the clinician can record as given, one by one.
    #[serde(default)]
    pub advice: Vec<AdvicePoint>,
    /// What it holds back.
    #[serde(default)]
    pub withholds: Withholds,
    /// Menu option ids it recommends.
    #[serde(default)]
    pub recommends: Vec<String>,
    /// Re-screen within this many weeks (shorter than the usual interval).
    #[serde(default)]
    pub rescreen_weeks: Option<u32>,
    /// Source key.
    pub source: String,
}

/// How urgent a safety rule is.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    /// Advice that changes what the patient is told.
    Advisory,
    /// A risk to the patient's health that needs action in this visit.
    Warning,
    /// A risk of serious harm (seizures, overdose) that needs action before the patient leaves.
    Urgent,
}

impl Severity {
    /// The name as written in a protocol file and reported by the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Self::Advisory => "advisory",
            Self::Warning => "warning",
            Self::Urgent => "urgent",
        }
    }
}

/// One point of safety advice, recorded as given when the clinician ticks it.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AdvicePoint {
    /// Stable id, stored in the response.
    pub id: String,
    /// The advice.
    pub text: String,
}

/// What a safety rule holds back from the patient.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Withholds {
    /// Menu option ids not offered (unless the clinician records why).
    #[serde(default)]
    pub menu: Vec<String>,
    /// Prompt ids not suggested.
    #[serde(default)]
    pub prompts: Vec<String>,
    /// True when the low-risk drinking limits must not be shown.
    #[serde(default)]
    pub limits: bool,
}

/// A condition over a session's screenings and the patient's profile.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum SafetyCondition {
    /// A screening with this instrument (and one of these substances, if any are named) has a
    /// total in one of these zones.
    Zone {
        /// Instrument id.
        instrument: String,
        /// Substance ids; empty: any.
        #[serde(default)]
        substances: Vec<String>,
        /// Zone ids.
        zones: Vec<String>,
    },
    /// A screening with this instrument (and substance) answered the item with one of these
    /// option indexes.
    Answer {
        /// Instrument id.
        instrument: String,
        /// Substance ids; empty: any.
        #[serde(default)]
        substances: Vec<String>,
        /// Item id.
        item: String,
        /// Option indexes (0-based, in printed order).
        options: Vec<usize>,
    },
    /// A screening with this instrument (and substance) answered a count item with at least
    /// this number (T-ACE tolerance: any drinks at all means she drinks).
    CountAtLeast {
        /// Instrument id.
        instrument: String,
        /// Substance ids; empty: any.
        #[serde(default)]
        substances: Vec<String>,
        /// Item id (a count).
        item: String,
        /// The smallest count that matches.
        count: u32,
    },
    /// The patient's pregnancy status is one of these.
    Pregnancy(Vec<Pregnancy>),
    /// The patient's recorded age is below the minimum age of the low-risk limits (an
    /// unrecorded age does not match).
    Underage,
    /// Any of these holds.
    Any(Vec<Self>),
    /// All of these hold.
    All(Vec<Self>),
}

/// Whether the patient is pregnant, as asked in the session.
#[derive(
    Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord,
)]
pub enum Pregnancy {
    /// Not asked (or not applicable).
    #[default]
    NotAsked,
    /// Pregnant.
    Pregnant,
    /// Trying to conceive.
    Trying,
    /// Neither pregnant nor trying.
    NotPregnant,
}

impl Pregnancy {
    /// Every status, in the order the window offers them.
    pub const ALL: [Self; 4] = [
        Self::Pregnant,
        Self::Trying,
        Self::NotPregnant,
        Self::NotAsked,
    ];

    /// True when not asked (the default, left out of session files).
    pub fn is_not_asked(&self) -> bool {
        *self == Self::NotAsked
    }

    /// True when pregnant or trying to conceive: no amount of alcohol is low-risk.
    pub fn applies(self) -> bool {
        matches!(self, Self::Pregnant | Self::Trying)
    }

    /// The status in the current language's running text (the window, the note, the CLI).
    pub fn shown(self) -> String {
        match self {
            Self::NotAsked => crate::t!("pregnancy-not-asked"),
            Self::Pregnant => crate::t!("pregnancy-pregnant"),
            Self::Trying => crate::t!("pregnancy-trying"),
            Self::NotPregnant => crate::t!("pregnancy-not-pregnant"),
        }
    }

    /// The status in English running text, as records store it (a safety flag's reasons, an
    /// amendment's description): the same in every window language.
    pub fn words(self) -> &'static str {
        match self {
            Self::NotAsked => "not asked",
            Self::Pregnant => "pregnant",
            Self::Trying => "trying to conceive",
            Self::NotPregnant => "not pregnant",
        }
    }

    /// The name the CLI takes (`--pregnant yes|trying|no|unknown`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Self::NotAsked => "unknown",
            Self::Pregnant => "yes",
            Self::Trying => "trying",
            Self::NotPregnant => "no",
        }
    }
}

/// What the clinical note reports beyond its fixed layout.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct NoteLayout {
    /// Components reported on a line of their own, in this order, before the list of
    /// components delivered (e.g. that feedback was given, where and when).
    #[serde(default)]
    pub own_lines: Vec<NoteLine>,
}

/// A line of the clinical note about one component.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct NoteLine {
    /// Component id.
    pub component: String,
    /// The line when the component was delivered; `{step}` becomes the short title of the
    /// step it was first delivered in, `{time}` the time (`HH:MM`).
    pub delivered: String,
    /// The line when it was not.
    pub not_delivered: String,
}

impl NoteLine {
    /// The placeholders `delivered` may use.
    pub const PLACEHOLDERS: [&str; 2] = ["step", "time"];
}

/// A cited source.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short key used by `source` fields (e.g. `TIP34`).
    pub key: String,
    /// Full citation.
    pub citation: String,
    /// Where a copy can be found.
    #[serde(default)]
    pub url: Option<String>,
}

/// A step of the protocol (for a brief intervention, the five steps of TIP 34).
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Stable id stored in session records (e.g. `screen`), unique in the protocol.
    pub id: String,
    /// What the window shows besides the guidance and prompts; most steps are `Plain`.
    #[serde(default)]
    pub kind: StepKind,
    /// Full title (TIP 34 wording).
    pub title: String,
    /// Short title for the step rail.
    pub short_title: String,
    /// Why this step exists.
    pub purpose: String,
    /// What the clinician does.
    pub actions: Vec<String>,
    /// What counts as evidence that the step was done.
    pub evidence: Vec<String>,
    /// Suggested phrasings.
    pub prompts: Vec<Prompt>,
    /// Source key.
    pub source: String,
}

/// What a step is for, as far as the window is concerned: the guidance and prompts of every
/// step, plus the form of its kind. The kind is data, so a protocol may name its steps as it
/// likes; validation allows each kind but `Plain` at most once, and requires one `Closure` step,
/// last.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
pub enum StepKind {
    /// Guidance and prompts only.
    #[default]
    Plain,
    /// The screening form: instruments, items, the running score.
    Screen,
    /// The screening results, the low-risk limits and what to tell the patient.
    Feedback,
    /// Readiness rulers and stage, the menu of options, the goal and a referral.
    Goals,
    /// Summary, follow-up, the note, and closing the session.
    Closure,
    /// A family intervention's safety screen: violence, weapons, suicide, children, withdrawal.
    FamilySafety,
    /// The approach, chosen with the evidence on screen.
    Approach,
    /// The people in the loved one's network, and their roles.
    Team,
    /// Each speaker's statement, and the preparation and rehearsal meetings.
    Preparation,
    /// The treatment arranged before the meeting.
    Treatment,
    /// The meeting or invitation, how it ended, and the plan if refused.
    Outcome,
}

impl StepKind {
    /// The kind's name as written in a protocol file.
    pub fn name(self) -> &'static str {
        match self {
            Self::Plain => "Plain",
            Self::Screen => "Screen",
            Self::Feedback => "Feedback",
            Self::Goals => "Goals",
            Self::Closure => "Closure",
            Self::FamilySafety => "FamilySafety",
            Self::Approach => "Approach",
            Self::Team => "Team",
            Self::Preparation => "Preparation",
            Self::Treatment => "Treatment",
            Self::Outcome => "Outcome",
        }
    }
}

/// A suggested phrasing; using it records the components it delivers.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Prompt {
    /// Unique across the protocol; stored in coverage events.
    pub id: String,
    /// What the clinician might say.
    pub text: String,
    /// Component ids this prompt delivers.
    pub components: Vec<String>,
}

/// A FRAMES component.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Component {
    /// One of `feedback`, `responsibility`, `advice`, `menu`, `empathy`, `self_efficacy`.
    pub id: String,
    /// The FRAMES letter.
    pub letter: String,
    /// Display name.
    pub name: String,
    /// One-line definition.
    pub definition: String,
    /// What counts as delivered.
    pub delivered_when: String,
    /// Step ids where it is usually delivered.
    pub usual_steps: Vec<String>,
}

/// A stage of readiness to change.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable id (e.g. `contemplation`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What the stage looks like.
    pub description: String,
    /// The goal of the intervention at this stage.
    pub goal: String,
    /// Stage-matched strategies.
    pub strategies: Vec<String>,
    /// What to avoid.
    pub avoid: Vec<String>,
    /// Source key.
    pub source: String,
}

/// The readiness rulers and the (heuristic) bands that suggest a stage.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Ruler {
    /// Lowest value on the scale.
    pub scale_min: u8,
    /// Highest value on the scale.
    pub scale_max: u8,
    /// The importance question.
    pub importance: String,
    /// The confidence question.
    pub confidence: String,
    /// The readiness question.
    pub readiness: String,
    /// The "why not a lower number?" follow-up.
    pub why_not_lower: String,
    /// What to ask when the number is very low.
    pub if_low: String,
    /// Must be true: the band-to-stage mapping is a heuristic, not a validated rule.
    pub bands_are_heuristic: bool,
    /// Why the bands are only a suggestion.
    pub bands_note: String,
    /// Bands over the ruler scale, each suggesting a stage.
    pub bands: Vec<RulerBand>,
    /// Which ruler's value the bands are read from: the first of these that was asked.
    pub suggest_from: Vec<RulerName>,
    /// Source key.
    pub source: String,
}

/// One of the three readiness rulers.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
pub enum RulerName {
    /// How important change is to the patient.
    Importance,
    /// How confident the patient is that they could change.
    Confidence,
    /// How ready the patient is to change now.
    Readiness,
}

impl RulerName {
    /// The ruler's name in running text ("the readiness ruler").
    pub fn word(self) -> &'static str {
        match self {
            Self::Importance => "importance",
            Self::Confidence => "confidence",
            Self::Readiness => "readiness",
        }
    }
}

/// A band of ruler values.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RulerBand {
    /// Lowest value, inclusive.
    pub min: u8,
    /// Highest value, inclusive.
    pub max: u8,
    /// Short label (e.g. "Unsure").
    pub label: String,
    /// Stage id this band suggests.
    pub suggested_stage: String,
}

/// An option in the menu of ways to change.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MenuOption {
    /// Stable id stored in goals.
    pub id: String,
    /// Short label.
    pub label: String,
    /// One line on what it involves.
    pub description: String,
}

/// Low-risk drinking limits by profile.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LowRiskLimits {
    /// Source key.
    pub source: String,
    /// What a standard drink is.
    pub standard_drink: String,
    /// Said to every pregnant patient instead of limits.
    pub pregnancy: String,
    /// Who is shown the pregnancy advice, by sex as recorded in the session.
    pub pregnancy_for: Vec<RecordedSex>,
    /// The limits; the first whose `when` matches applies.
    pub limits: Vec<DrinkLimit>,
    /// Grams of pure alcohol in the drink the limits count.
    #[serde(default)]
    pub drink_grams: Option<u32>,
    /// The legal or recommended minimum drinking age: below it no limit is low-risk.
    #[serde(default)]
    pub minimum_age: Option<u32>,
    /// Said instead of the limits to a patient below `minimum_age`.
    #[serde(default)]
    pub underage: Option<String>,
}

impl LowRiskLimits {
    /// True when a patient of this recorded sex is shown the pregnancy advice.
    pub fn pregnancy_applies(&self, sex: Option<Sex>) -> bool {
        self.pregnancy_for.contains(&RecordedSex::from(sex))
    }
}

/// A patient's sex as a session records it, unrecorded included.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
pub enum RecordedSex {
    /// Recorded female.
    Female,
    /// Recorded male.
    Male,
    /// Not recorded.
    NotRecorded,
}

impl From<Option<Sex>> for RecordedSex {
    fn from(sex: Option<Sex>) -> Self {
        match sex {
            Some(Sex::Female) => Self::Female,
            Some(Sex::Male) => Self::Male,
            None => Self::NotRecorded,
        }
    }
}

/// One row of low-risk limits.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DrinkLimit {
    /// Who it applies to.
    #[serde(default)]
    pub when: Applies,
    /// Most standard drinks on any one day.
    pub per_day: u32,
    /// Most standard drinks in a week.
    pub per_week: u32,
    /// How the limit is said to the patient.
    pub text: String,
}

/// Referral options.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    /// Source key.
    pub source: String,
    /// What the levels are called where one is chosen, and before a level's id in the note
    /// (e.g. "ASAM level").
    pub level_label: String,
    /// Levels of care.
    pub levels: Vec<CareLevel>,
}

/// A level of care a patient can be referred to.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CareLevel {
    /// Stable id (the ASAM level number, e.g. `2.1`).
    pub id: String,
    /// Display name.
    pub name: String,
}

/// Billing codes.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Billing {
    /// Source key.
    pub source: String,
    /// Shown with every hint: codes change yearly, the clinician checks the payer.
    pub caveat: String,
    /// Shown when no time-based code applies yet.
    pub below_minimum: String,
    /// Time-based codes.
    pub codes: Vec<BillingCode>,
}

/// A time-based billing code.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct BillingCode {
    /// The code (e.g. `99408`).
    pub code: String,
    /// Who pays under it.
    pub payer: String,
    /// Short descriptor.
    pub description: String,
    /// Fewest whole minutes, inclusive.
    pub min_minutes: u32,
    /// Most whole minutes, inclusive; none means no upper limit.
    #[serde(default)]
    pub max_minutes: Option<u32>,
}

/// Patient sex, as the instruments' cut-offs use it.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
}

/// A condition on the patient profile (and, for ASSIST, the substance). Absent fields match all.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Applies {
    /// Only this sex (an unrecorded sex never matches a sex condition).
    #[serde(default)]
    pub sex: Option<Sex>,
    /// Only at this age or older.
    #[serde(default)]
    pub min_age: Option<u32>,
    /// Only at this age or younger.
    #[serde(default)]
    pub max_age: Option<u32>,
    /// Only for this substance id (ASSIST).
    #[serde(default)]
    pub substance: Option<String>,
    /// Only when pregnant or trying to conceive (true), or only when not (false).
    #[serde(default)]
    pub pregnant: Option<bool>,
}

impl Applies {
    /// True when nothing restricts it.
    pub fn is_default(&self) -> bool {
        self == &Self::default()
    }
}

/// A screening instrument.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    /// Stable id (e.g. `audit-c`).
    pub id: String,
    /// Full name.
    pub name: String,
    /// Short name for buttons and notes.
    pub short_name: String,
    /// Version of the published form.
    pub version: String,
    /// What it screens for (e.g. "alcohol").
    pub screens_for: String,
    /// The period the questions ask about.
    pub time_frame: String,
    /// Citation of the published form and manual.
    pub source: String,
    /// Who owns it and on what terms it may be used.
    pub licence: Licence,
    /// What the clinician reads out before the items.
    pub introduction: String,
    /// The drink the items count, for instruments that count drinks.
    #[serde(default)]
    pub drink: Option<DrinkSize>,
    /// Youngest age the instrument was validated at; younger patients see a warning.
    #[serde(default)]
    pub validated_min_age: Option<u32>,
    /// The item that asks about injecting (ASSIST Q8), answered by `brief score --injected
    /// never|recent|past` as its options 0, 1, 2.
    #[serde(default)]
    pub injecting_item: Option<String>,
    /// Substance classes, for instruments asked once per substance (ASSIST).
    #[serde(default)]
    pub substances: Vec<Substance>,
    /// The substance the form opens on; none means the first listed.
    #[serde(default)]
    pub default_substance: Option<String>,
    /// The items, in the order the published form prints them.
    pub items: Vec<Item>,
    /// How the total is made (left out: the sum).
    #[serde(default)]
    pub total: Total,
    /// Ages the instrument is for, when it is only for some (S2BI: 12–17); outside them it is
    /// still offered, with a warning.
    #[serde(default)]
    pub validated_max_age: Option<u32>,
    /// Risk zones, lowest first.
    pub zones: Vec<Zone>,
    /// Score ranges of each zone; the first table whose `when` matches applies.
    pub cutoffs: Vec<Cutoffs>,
    /// Items not asked, by answers to earlier ones.
    #[serde(default)]
    pub skips: Vec<Skip>,
    /// Answers that call for the next higher level of intervention.
    #[serde(default)]
    pub escalations: Vec<Rule>,
    /// Caveats shown with the result.
    #[serde(default)]
    pub flags: Vec<Rule>,
    /// Notes on the form and on choices made in this file.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The smallest change of the total between two visits that counts as a real change
    /// (re-screening). Left out: a change is shown without that judgement.
    #[serde(default)]
    pub meaningful_change: Option<MeaningfulChange>,
    /// How it is coded in a FHIR R4 export. Left out: its screenings are not exported.
    #[serde(default)]
    pub fhir: Option<InstrumentFhir>,
    /// How its items estimate drinks a week and on a heavy day (AUDIT, AUDIT-C).
    #[serde(default)]
    pub consumption: Option<Consumption>,
    /// Items that are another instrument's questions too: answered once, carried over.
    #[serde(default)]
    pub answers_from: Option<AnswersFrom>,
    /// Language of the wording (BCP 47). Left out: the base language, English.
    #[serde(default = "base_language")]
    pub language: String,
    /// For an instrument in another language than the base one: true when the wording is the
    /// published, validated translation word for word, false when it is a rendering that must
    /// be replaced with the official text (the window says so). Required outside the base
    /// language.
    #[serde(default)]
    pub validated_translation: Option<bool>,
}

fn base_language() -> String {
    BASE_LANGUAGE.to_owned()
}

impl Instrument {
    /// True when the file says its wording is not the validated translation: the window shows
    /// "unofficial translation — replace with the official text" on it.
    pub fn unofficial_translation(&self) -> bool {
        self.validated_translation == Some(false)
    }
}

/// How far a total must move between visits to count as a meaningful change.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MeaningfulChange {
    /// Points, up or down (at least 1).
    pub points: u32,
    /// Where the threshold comes from.
    pub source: String,
}

/// The size of the drink an instrument's items count.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DrinkSize {
    /// Grams of pure alcohol.
    pub grams: u32,
    /// How it is explained to the patient.
    pub text: String,
}

/// Licence and attribution.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// Copyright holder.
    pub owner: String,
    /// Terms of use, in short.
    pub terms: String,
    /// Attribution to show with the instrument.
    pub attribution: String,
    /// Whether building the instrument into software is confirmed as allowed.
    pub software: SoftwareUse,
}

/// Whether an instrument may be built into software such as brief.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum SoftwareUse {
    /// Confirmed, on this basis (the licence terms that allow it).
    Confirmed(String),
    /// Not confirmed: the instrument is refused unless the clinic's protocol set records that it
    /// holds a licence (`licences.ron`).
    NotConfirmed {
        /// Whom to ask for a licence.
        contact: String,
    },
}

/// The licences a clinic holds for instruments whose software use is not confirmed, kept in
/// `licences.ron` in its own protocol folder.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Licences {
    /// One entry per instrument licensed.
    pub held: Vec<HeldLicence>,
}

/// A licence the clinic holds.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HeldLicence {
    /// Instrument id.
    pub instrument: String,
    /// Who granted it.
    pub granted_by: String,
    /// The agreement (reference, date, scope).
    pub reference: String,
}

/// A substance class of a per-substance instrument.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Substance {
    /// Stable id (e.g. `cannabis`).
    pub id: String,
    /// The name as it is put into item texts.
    pub name: String,
    /// Examples read out to the patient.
    pub examples: String,
    /// What regular use of it is linked to, for feedback (the WHO report card).
    #[serde(default)]
    pub risks: Vec<String>,
}

/// A question.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// Stable id (e.g. `q3`), unique in the instrument.
    pub id: String,
    /// The number as printed on the form.
    pub number: String,
    /// The question; `{substance}` is replaced by the substance name.
    pub text: String,
    /// Other wordings by profile (e.g. 4 drinks for women); the first that matches is used.
    #[serde(default)]
    pub variants: Vec<TextVariant>,
    /// How it is answered.
    pub answer: Answer,
    /// True where a "no" scores and a "yes" does not, unlike the rest of the form.
    #[serde(default)]
    pub reverse_scored: bool,
    /// Substance ids this item is not asked for.
    #[serde(default)]
    pub not_for: Vec<String>,
    /// Not part of the score (every option scores 0): its answer feeds the safety rules, and
    /// the score is complete without it.
    #[serde(default)]
    pub unscored: bool,
    /// The item was added to the form after sessions were recorded without it.
    #[serde(default)]
    pub added: Option<AddedItem>,
}

/// An item added to an instrument file after sessions were recorded with the older list.
/// Answers recorded with the older list are read with this answer put in its place.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AddedItem {
    /// The answer older records imply (none: not asked).
    #[serde(default)]
    pub implied: Option<u32>,
    /// Why that answer is implied.
    pub note: String,
}

/// A wording of an item for some profiles.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TextVariant {
    /// Who it applies to.
    pub when: Applies,
    /// The wording.
    pub text: String,
}

/// How an item is answered.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum Answer {
    /// One of these options, in the order printed on the form.
    Options(Vec<AnswerOption>),
    /// A count (e.g. times in the past year); it scores its own value, or the threshold's
    /// points when one is given.
    Count {
        /// What is counted, for the label.
        unit: String,
        /// Largest accepted count.
        max: u32,
        /// Scores these points from this count on, and 0 below it (T-ACE tolerance).
        #[serde(default)]
        threshold: Option<Threshold>,
    },
}

/// Points scored by a count from a threshold on.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Threshold {
    /// The smallest count that scores.
    pub at_least: u32,
    /// What it scores.
    pub points: u32,
}

/// How an instrument's total is made from its items' points.
#[derive(Clone, Copy, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub enum Total {
    /// The sum (most instruments).
    #[default]
    Sum,
    /// The highest item (S2BI: the most frequent use decides).
    Highest,
}

/// An answer option.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AnswerOption {
    /// The label as printed.
    pub label: String,
    /// Points it scores.
    pub points: i32,
}

/// A risk zone.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Zone {
    /// Stable id (e.g. `II`, `positive`).
    pub id: String,
    /// Risk level.
    pub level: String,
    /// Recommended action.
    pub action: String,
    /// What to tell the patient in the feedback step.
    pub feedback: String,
    /// Other feedback wordings by profile (e.g. in pregnancy); the first that matches is used.
    #[serde(default)]
    pub feedback_variants: Vec<TextVariant>,
    /// Which change options fit this zone.
    #[serde(default)]
    pub menu: ZoneMenu,
    /// How the take-home sheet names the zone's risk.
    #[serde(default)]
    pub risk: Option<RiskLevel>,
}

/// The change options that fit a zone.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ZoneMenu {
    /// Menu option ids recommended.
    #[serde(default)]
    pub recommended: Vec<String>,
    /// Menu option ids not offered (unless the clinician records why).
    #[serde(default)]
    pub not_offered: Vec<String>,
}

/// Zone ranges for the profiles it applies to.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Cutoffs {
    /// Who it applies to; the last table should apply to everyone.
    #[serde(default)]
    pub when: Applies,
    /// Why this table exists (e.g. the cut-off's source).
    #[serde(default)]
    pub note: Option<String>,
    /// Ranges, lowest first.
    pub bands: Vec<Band>,
}

/// The scores that fall in a zone.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Zone id.
    pub zone: String,
    /// Lowest score, inclusive.
    pub min: u32,
    /// Highest score, inclusive; none means up to the instrument's maximum.
    #[serde(default)]
    pub max: Option<u32>,
}

/// Items that are not asked when a condition holds; they score 0.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Skip {
    /// When to skip.
    pub when: Condition,
    /// Item ids skipped.
    pub items: Vec<String>,
    /// What the form says (shown where the items would be).
    pub note: String,
}

/// A named rule: an escalation or a caveat.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable id, reported in results.
    pub id: String,
    /// When it applies.
    pub when: Condition,
    /// What to tell the clinician.
    pub message: String,
}

/// A condition on the answers.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
pub enum Condition {
    /// The item was answered with one of these option indexes.
    AnswerIn {
        /// Item id.
        item: String,
        /// Option indexes (0-based, in printed order).
        options: Vec<usize>,
    },
    /// Every item was answered with this option index.
    EveryAnswer {
        /// Option index.
        option: usize,
    },
    /// At least one of the items scored this many points or more.
    AnyAtLeast {
        /// Item ids.
        items: Vec<String>,
        /// Points.
        points: i32,
    },
    /// Every one of the items scored this many points or more.
    AllAtLeast {
        /// Item ids.
        items: Vec<String>,
        /// Points.
        points: i32,
    },
    /// Every one of the items was answered (or skipped) with at most this: an option index, or
    /// a count (CRAFFT: no days of use in Part A).
    AnswersAtMost {
        /// Item ids.
        items: Vec<String>,
        /// The largest answer.
        answer: u32,
    },
    /// The items' points add up to at most this.
    SumAtMost {
        /// Item ids.
        items: Vec<String>,
        /// Points.
        points: i32,
    },
    /// The total falls in one of these zones (not allowed in skips).
    ZoneIn(Vec<String>),
    /// The patient's profile matches (sex, age, pregnancy).
    Profile(Applies),
    /// All of these hold.
    All(Vec<Self>),
}

/// The risk a zone stands for, in the plain words of the take-home sheet (the WHO ASSIST
/// report card's low / moderate / high).
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RiskLevel {
    /// Low risk.
    Low,
    /// Moderate risk.
    Moderate,
    /// High risk.
    High,
}

/// How an instrument's answers estimate the drinks a patient has: drinking days from the
/// frequency item, drinks on a typical day from the quantity item, a heavy day from the
/// heavy-drinking item. Each list has one entry per option of its item, in printed order; a
/// range's top left out (`None`) is open ("10 or more").
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Consumption {
    /// The item asking how often (AUDIT item 1).
    pub frequency_item: String,
    /// Drinking days in 4 weeks, per option of the frequency item (whole days: a week's
    /// quarter days are written in 4 weeks).
    pub days_in_4_weeks: Vec<(u32, Option<u32>)>,
    /// The item asking how many on a typical day (AUDIT item 2).
    pub quantity_item: String,
    /// Drinks on a typical drinking day, per option of the quantity item.
    pub drinks_per_day: Vec<(u32, Option<u32>)>,
    /// The item asking how often a heavy day comes (AUDIT item 3).
    pub heavy_item: String,
    /// The fewest drinks of a heavy day, per option of the heavy item (0: no heavy days).
    pub heavy_day_at_least: Vec<u32>,
    /// Where the table comes from.
    pub source: String,
}

/// Items an instrument shares with another one (AUDIT items 1-3 are the AUDIT-C): answers
/// given in either are carried into the other, and a positive result of the other offers
/// this one in one click.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AnswersFrom {
    /// The other instrument's id.
    pub instrument: String,
    /// Item ids both ask, with the same wording and options (checked on loading).
    pub items: Vec<String>,
    /// Zones of the other instrument after which this one is offered.
    pub offer_after: Vec<String>,
    /// Why the answers may be carried over.
    pub note: String,
}

/// A recorded action that delivers components by itself.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordedAction {
    /// Menu options the patient chose are recorded in the goal.
    MenuOptionsChosen,
    /// A readiness entry records the patient's answer to "why not a lower number?".
    WhyNotLowerAnswered,
    /// The take-home sheet was given.
    SheetGiven,
}

impl RecordedAction {
    /// Every action, in the order the audit lists them.
    pub const ALL: [Self; 3] = [
        Self::MenuOptionsChosen,
        Self::WhyNotLowerAnswered,
        Self::SheetGiven,
    ];

    /// The name as written in a protocol file (and in the audit's summaries).
    pub fn name(self) -> &'static str {
        match self {
            Self::MenuOptionsChosen => "MenuOptionsChosen",
            Self::WhyNotLowerAnswered => "WhyNotLowerAnswered",
            Self::SheetGiven => "SheetGiven",
        }
    }

    /// The action with this name.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.name() == name)
    }
}

/// Components a recorded action delivers.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Credit {
    /// The action.
    pub action: RecordedAction,
    /// Component ids it delivers.
    pub components: Vec<String>,
    /// How the component panel and the note name it (e.g. "options recorded").
    pub label: String,
    /// Source key.
    pub source: String,
}

/// The wording of the take-home sheet. `{name}` placeholders are filled in from the session.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Handout {
    /// The sheet's title.
    pub title: String,
    /// One line under the title.
    pub intro: String,
    /// `{date}`: the day of the visit.
    pub date_line: String,
    /// `{clinician}`: who saw the patient.
    pub clinician_line: String,
    /// Heading of the screening results.
    pub results_heading: String,
    /// `{instrument}`, `{score}`, `{max}`: one result.
    pub score_line: String,
    /// `{instrument}`, `{score}`: a result on a form with no top score.
    pub score_only_line: String,
    /// How dates are written (strftime, e.g. `%B %-d, %Y`).
    pub date_format: String,
    /// The paper size it is laid out for.
    pub paper: Paper,
    /// The risk words.
    pub risk_words: RiskWords,
    /// `{instrument}`, `{items}`, `{from}`, `{from_score}`, `{from_max}`: a result that holds
    /// another one's questions (the full AUDIT after the AUDIT-C).
    pub carried_line: String,
    /// Heading of the drinking section.
    pub drinking_heading: String,
    /// `{week}`: the estimate of drinks a week.
    pub week_estimate: String,
    /// `{day}`: drinks on a typical drinking day.
    pub day_estimate: String,
    /// `{heavy}`: the fewest drinks of a heavy day, when there are heavy days.
    pub heavy_estimate: String,
    /// `{drink}`: the drink the answers counted.
    pub drink_size: String,
    /// `{instrument}`: how the estimate was made.
    pub estimate_note: String,
    /// Heading above the limit that applies.
    pub limit_heading: String,
    /// `{why}`: said where no limit is shown because a safety rule holds the limits back.
    pub limits_withheld: String,
    /// Said where no limit is shown until the age is recorded.
    pub age_needed: String,
    /// Heading of the goal.
    pub goal_heading: String,
    /// `{words}`: the goal in the patient's words.
    pub own_words_line: String,
    /// `{options}`: the options chosen.
    pub options_line: String,
    /// `{date}`: the target date.
    pub target_line: String,
    /// Heading of the patient's reasons.
    pub reasons_heading: String,
    /// Heading of the safety box.
    pub safety_heading: String,
    /// Heading of the follow-up.
    pub follow_up_heading: String,
    /// `{date}`: the follow-up date.
    pub follow_up_line: String,
    /// Said when no follow-up date is set.
    pub no_follow_up: String,
    /// Heading of the help resources.
    pub help_heading: String,
    /// Local services and helplines, in the order printed (site-editable).
    pub help: Vec<HelpResource>,
    /// `{cutoffs}`, `{limits}`: the small print (the cut-offs used, the limits' source).
    pub footer: String,
    /// Source key.
    pub source: String,
}

/// A paper size.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq, Hash)]
pub enum Paper {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

/// The sheet's words for the risk levels.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct RiskWords {
    /// Low risk.
    pub low: String,
    /// Moderate risk.
    pub moderate: String,
    /// High risk.
    pub high: String,
}

impl RiskWords {
    /// The words for a level.
    pub fn word(&self, level: RiskLevel) -> &str {
        match level {
            RiskLevel::Low => &self.low,
            RiskLevel::Moderate => &self.moderate,
            RiskLevel::High => &self.high,
        }
    }
}

/// A service or helpline printed on the sheet.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct HelpResource {
    /// Its name.
    pub name: String,
    /// What it offers.
    pub detail: String,
    /// Phone number, address or web site.
    pub contact: String,
    /// Source key.
    pub source: String,
}
