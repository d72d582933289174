//! The FHIR R4 resources the export writes, as serde types: only the elements brief fills, with
//! R4's JSON names. Values borrow from the session and the protocol files where they can, so a
//! bulk export of a clinic's history allocates little. Tests read every resource back into the
//! full R4 models of a FHIR crate (`fhirbolt`), which rejects any element R4 does not have.

use std::borrow::Cow;

use serde::Serialize;

/// Text borrowed from a session or a protocol file, or made for the export.
pub type Text<'a> = Cow<'a, str>;

/// A code of a code system.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Coding<'a> {
    /// The code system's URI.
    pub system: Text<'a>,
    /// The code.
    pub code: Text<'a>,
    /// Display text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<Text<'a>>,
}

impl<'a> Coding<'a> {
    /// A coding from a protocol file's [`crate::protocol::Coding`].
    pub fn of(c: &'a crate::protocol::Coding) -> Self {
        Self {
            system: Cow::Borrowed(&c.system),
            code: Cow::Borrowed(&c.code),
            display: Some(Cow::Borrowed(&c.display)),
        }
    }
}

/// Codings and text for one concept.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct CodeableConcept<'a> {
    /// Codes for the concept.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub coding: Vec<Coding<'a>>,
    /// Plain text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<Text<'a>>,
}

impl<'a> CodeableConcept<'a> {
    /// One coding.
    pub fn of(coding: Coding<'a>) -> Self {
        Self {
            coding: vec![coding],
            text: None,
        }
    }

    /// Text only.
    pub fn text(text: impl Into<Text<'a>>) -> Self {
        Self {
            coding: Vec::new(),
            text: Some(text.into()),
        }
    }
}

/// An identifier in a system.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Identifier<'a> {
    /// The namespace.
    pub system: Text<'a>,
    /// The value.
    pub value: Text<'a>,
}

/// A reference to another resource: by id (`Observation/…`), or by identifier only (the patient
/// and the clinician, who are never written as resources of their own).
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Reference<'a> {
    /// `Type/id`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Text<'a>>,
    /// The resource type referred to.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<&'static str>,
    /// The identifier of what is referred to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<Identifier<'a>>,
    /// Text in place of a reference.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<Text<'a>>,
}

impl<'a> Reference<'a> {
    /// `kind/id`.
    pub fn to(kind: &'static str, id: &str) -> Self {
        Self {
            reference: Some(Cow::Owned(format!("{kind}/{id}"))),
            ..Self::default()
        }
    }

    /// A logical reference: the identifier of a resource of this type.
    pub fn identified(kind: &'static str, system: &'a str, value: &'a str) -> Self {
        Self {
            kind: Some(kind),
            identifier: Some(Identifier {
                system: Cow::Borrowed(system),
                value: Cow::Borrowed(value),
            }),
            ..Self::default()
        }
    }
}

/// An extension: a value, or (a complex extension) extensions of its own.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Extension<'a> {
    /// What it means.
    pub url: Text<'a>,
    /// A coded value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_coding: Option<Coding<'a>>,
    /// A number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_decimal: Option<i64>,
    /// A yes or no.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_boolean: Option<bool>,
    /// The parts of a complex extension.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Self>,
}

/// A measured amount.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Quantity<'a> {
    /// The number.
    pub value: u32,
    /// The unit as shown.
    pub unit: Text<'a>,
    /// The unit's code system (UCUM).
    pub system: Text<'a>,
    /// The unit's code.
    pub code: Text<'a>,
}

/// A time span.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Period {
    /// Start.
    pub start: String,
    /// End.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// A note.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Annotation<'a> {
    /// The text.
    pub text: Text<'a>,
}

/// A resource of the export.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "resourceType")]
pub enum Resource<'a> {
    /// An instrument's form.
    Questionnaire(Questionnaire<'a>),
    /// A screening's answers.
    QuestionnaireResponse(QuestionnaireResponse<'a>),
    /// A score, or a panel of scores.
    Observation(Observation<'a>),
    /// The brief intervention.
    Procedure(Procedure<'a>),
    /// A referral.
    ServiceRequest(ServiceRequest<'a>),
    /// The patient's goal.
    Goal(Goal<'a>),
}

impl Resource<'_> {
    /// The resource type (its NDJSON file's name).
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Questionnaire(_) => "Questionnaire",
            Self::QuestionnaireResponse(_) => "QuestionnaireResponse",
            Self::Observation(_) => "Observation",
            Self::Procedure(_) => "Procedure",
            Self::ServiceRequest(_) => "ServiceRequest",
            Self::Goal(_) => "Goal",
        }
    }

    /// The resource's id.
    pub fn id(&self) -> &str {
        match self {
            Self::Questionnaire(r) => &r.id,
            Self::QuestionnaireResponse(r) => &r.id,
            Self::Observation(r) => &r.id,
            Self::Procedure(r) => &r.id,
            Self::ServiceRequest(r) => &r.id,
            Self::Goal(r) => &r.id,
        }
    }
}

/// An instrument's form.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Questionnaire<'a> {
    /// Id.
    pub id: String,
    /// Canonical URL.
    pub url: Text<'a>,
    /// The form's version.
    pub version: Text<'a>,
    /// Its name.
    pub title: Text<'a>,
    /// `active`.
    pub status: &'static str,
    /// `Patient`.
    pub subject_type: Vec<&'static str>,
    /// Licence and attribution.
    pub copyright: String,
    /// The panel's code, if it has one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub code: Vec<Coding<'a>>,
    /// The questions.
    pub item: Vec<QuestionnaireItem<'a>>,
}

/// A question of a form.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireItem<'a> {
    /// The item id.
    pub link_id: Text<'a>,
    /// The number as printed.
    pub prefix: Text<'a>,
    /// The question.
    pub text: String,
    /// `choice` or `integer`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The options, with their points.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answer_option: Vec<AnswerOption<'a>>,
}

/// An answer option and its points (`ordinalValue`).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct AnswerOption<'a> {
    /// The points.
    pub extension: Vec<Extension<'a>>,
    /// The option.
    pub value_coding: Coding<'a>,
}

/// A screening's answers.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct QuestionnaireResponse<'a> {
    /// Id.
    pub id: String,
    /// The form's canonical URL.
    pub questionnaire: Text<'a>,
    /// `completed`, `in-progress` or `stopped`.
    pub status: &'static str,
    /// The patient.
    pub subject: Reference<'a>,
    /// When the answers were recorded.
    pub authored: String,
    /// The clinician who asked.
    pub author: Reference<'a>,
    /// The answers.
    pub item: Vec<ResponseItem<'a>>,
}

/// One answered question.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ResponseItem<'a> {
    /// The item id.
    pub link_id: Text<'a>,
    /// The answer.
    pub answer: Vec<ResponseAnswer<'a>>,
}

/// An answer: an option or a count.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ResponseAnswer<'a> {
    /// The option chosen.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_coding: Option<Coding<'a>>,
    /// The count given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_integer: Option<u32>,
}

/// A score (or a panel of scores).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Observation<'a> {
    /// Id.
    pub id: String,
    /// `final` or `preliminary`.
    pub status: &'static str,
    /// `survey`.
    pub category: Vec<CodeableConcept<'a>>,
    /// What was scored.
    pub code: CodeableConcept<'a>,
    /// The patient.
    pub subject: Reference<'a>,
    /// When.
    pub effective_date_time: String,
    /// The clinician.
    pub performer: Vec<Reference<'a>>,
    /// The total.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_quantity: Option<Quantity<'a>>,
    /// The zone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub interpretation: Vec<CodeableConcept<'a>>,
    /// A panel's members.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub has_member: Vec<Reference<'a>>,
    /// The answers it was scored from.
    pub derived_from: Vec<Reference<'a>>,
}

/// Who performed a procedure.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Performer<'a> {
    /// The clinician.
    pub actor: Reference<'a>,
}

/// The brief intervention.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Procedure<'a> {
    /// Id.
    pub id: String,
    /// Components delivered and safety advice given.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension<'a>>,
    /// `completed`.
    pub status: &'static str,
    /// The procedure's codes.
    pub code: CodeableConcept<'a>,
    /// The patient.
    pub subject: Reference<'a>,
    /// From start to close.
    pub performed_period: Period,
    /// The clinician.
    pub performer: Vec<Performer<'a>>,
    /// The scores that called for it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reason_reference: Vec<Reference<'a>>,
    /// Stage of readiness, goal and referral at close.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<CodeableConcept<'a>>,
    /// The follow-up date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub follow_up: Vec<CodeableConcept<'a>>,
    /// Components and safety advice in words.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub note: Vec<Annotation<'a>>,
}

/// A referral.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRequest<'a> {
    /// Id.
    pub id: String,
    /// `active` or `revoked`.
    pub status: &'static str,
    /// `order` or `proposal`.
    pub intent: &'static str,
    /// Referral.
    pub code: CodeableConcept<'a>,
    /// The level of care.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub order_detail: Vec<CodeableConcept<'a>>,
    /// The patient.
    pub subject: Reference<'a>,
    /// When.
    pub authored_on: String,
    /// The clinician.
    pub requester: Reference<'a>,
    /// To whom.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub performer: Vec<Reference<'a>>,
    /// The scores that called for it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reason_reference: Vec<Reference<'a>>,
}

/// The target date of a goal.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct GoalTarget {
    /// By when.
    pub due_date: String,
}

/// The patient's goal.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Goal<'a> {
    /// Id.
    pub id: String,
    /// `active`.
    pub lifecycle_status: &'static str,
    /// The menu options chosen.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub category: Vec<CodeableConcept<'a>>,
    /// The goal in the patient's own words.
    pub description: CodeableConcept<'a>,
    /// The patient.
    pub subject: Reference<'a>,
    /// The session's day.
    pub start_date: String,
    /// The target date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub target: Vec<GoalTarget>,
    /// The patient, whose words they are.
    pub expressed_by: Reference<'a>,
    /// The scores it answers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub addresses: Vec<Reference<'a>>,
}

/// How a bundle entry is to be stored.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Request {
    /// `PUT`: create or replace, so posting a bundle again changes nothing.
    pub method: &'static str,
    /// `Type/id`.
    pub url: String,
}

/// One resource of a bundle.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct BundleEntry<'a> {
    /// The resource.
    pub resource: Resource<'a>,
    /// How to store it.
    pub request: Request,
}

/// A transaction bundle: every resource of one session, stored all or none.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct Bundle<'a> {
    /// `Bundle`.
    pub resource_type: &'static str,
    /// `transaction`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The resources.
    pub entry: Vec<BundleEntry<'a>>,
}

/// One problem of an export.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Issue {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// `processing`, `not-found`, `duplicate`, ….
    pub code: &'static str,
    /// What happened, and to which file.
    pub diagnostics: String,
}

/// Problems of an export, one file or session per outcome.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct OperationOutcome {
    /// `OperationOutcome`.
    pub resource_type: &'static str,
    /// The problems.
    pub issue: Vec<Issue>,
}

impl OperationOutcome {
    /// One problem.
    pub fn one(severity: &'static str, code: &'static str, diagnostics: String) -> Self {
        Self {
            resource_type: "OperationOutcome",
            issue: vec![Issue {
                severity,
                code,
                diagnostics,
            }],
        }
    }
}
