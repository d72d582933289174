//! FHIR R4 export of sessions: per session a transaction `Bundle` (`brief export fhir SESSION`,
//! the closing step's "Export FHIR bundle…"), and a clinic's sessions as Bulk Data NDJSON
//! ([`bulk`]). Reads sessions; never writes them. No egui here.
//!
//! What one session becomes:
//! - per screening, a `QuestionnaireResponse` (its answers, coded `<item>-<option>` in the
//!   instrument's answer system) and a score `Observation` (the total recorded at the time,
//!   `derivedFrom` the response), with a panel `Observation` whose `hasMember` is the total where
//!   the instrument file codes a panel;
//! - per closed session, a `Procedure` (the brief intervention, from start to close), and, when
//!   recorded, a `Goal` and a `ServiceRequest` (the referral);
//! - the `Questionnaire` of each instrument used, with each option's points as `ordinalValue`
//!   (only for instruments the clinic may use: a licence that is not held is not redistributed).
//!
//! Every code comes from the protocol and instrument files (`fhir` sections); only FHIR's own
//! vocabulary (statuses, resource types, the R4 core extension `ordinalValue`) is written here.
//!
//! Patient data: the patient appears only as the pseudonymous reference the session records,
//! an `identifier` under the clinic's system, never as a `Patient` resource; the clinician only
//! as a `Practitioner` identifier. Of the text typed in a session, exactly two things leave it:
//! the goal in the patient's own words, in `Goal.description.text` (the plan the patient agreed,
//! which the next clinician needs and which the clinician wrote down for the record), and whom
//! a referral is to, in `ServiceRequest.performer.display` (a service, so the receiving system
//! can route it). The summary, readiness notes, "why not lower", notes on components, reasons
//! (for skipping, closing, amending, choosing against advice, not giving safety advice) stay in
//! the session and the pasted note: they are free text that may quote the patient.

pub mod bulk;
pub mod model;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use chrono::SecondsFormat;

use crate::protocol::{Answer, Instrument, Protocol, ProtocolFhir, ProtocolSet};
use crate::scoring::{self, Profile};
use crate::session::{
    ReferralResponse, SafetyOutcome, ScreeningResult, Session, Status, Timestamp,
};
use model::{
    Annotation, AnswerOption, Bundle, BundleEntry, CodeableConcept, Coding, Extension, Goal,
    GoalTarget, Observation, Performer, Period, Procedure, Quantity, Questionnaire,
    QuestionnaireItem, QuestionnaireResponse, Reference, Request, Resource, ResponseAnswer,
    ResponseItem, ServiceRequest, Text,
};

/// The R4 core extension that carries an answer option's score.
pub const ORDINAL_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/ordinalValue";

/// The placeholder an instrument file puts in its canonical URL and total code for the substance.
const SUBSTANCE: &str = "{substance}";

/// Why a session cannot be exported, or a file not written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FhirError {
    /// The protocol file says nothing about FHIR.
    #[error(
        "protocol \"{0}\" has no `fhir` section, so its sessions cannot be exported: add one (see protocols/README.md)"
    )]
    NotCoded(String),
    /// The place to write to is inside the data folder, which holds only sessions.
    #[error(
        "{} is inside the data folder {}: write the export somewhere else (the data folder holds only sessions)",
        path.display(),
        data.display()
    )]
    InsideDataFolder {
        /// Where it was to go.
        path: PathBuf,
        /// The data folder.
        data: PathBuf,
    },
    /// A file or folder could not be written or read.
    #[error("{action} {}: {error}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// Why.
        error: std::io::Error,
    },
    /// Writing through the store failed.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// What the clinic sets for an export beyond its protocol file.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options<'a> {
    /// The patient identifier system, instead of the protocol's `fhir.patient_system`.
    pub patient_system: Option<&'a str>,
}

/// The resources of one session.
#[derive(Debug)]
pub struct Exported<'a> {
    /// Responses, scores, and for a closed session the procedure, goal and referral.
    pub resources: Vec<Resource<'a>>,
    /// The forms the responses answer: (instrument, substance), in order of first use.
    pub forms: Vec<(&'a Instrument, Option<&'a str>)>,
    /// What was left out, and why (e.g. an instrument without FHIR codes).
    pub notes: Vec<String>,
}

/// The protocol a session follows, and its FHIR codes.
fn coded<'a>(
    session: &Session,
    set: &'a ProtocolSet,
) -> Result<(&'a Protocol, &'a ProtocolFhir), FhirError> {
    let protocol = set
        .protocol(&session.protocol.id)
        .unwrap_or_else(|| set.default_protocol());
    protocol
        .fhir
        .as_ref()
        .map(|f| (protocol, f))
        .ok_or_else(|| FhirError::NotCoded(protocol.id.clone()))
}

/// A time as FHIR writes it (RFC 3339, whole seconds, the clinician's offset).
fn time(t: &Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Replaces `{substance}` by `with`.
fn fill<'a>(text: &'a str, with: Option<&str>) -> Text<'a> {
    match with {
        Some(s) if text.contains(SUBSTANCE) => Cow::Owned(text.replace(SUBSTANCE, s)),
        _ => Cow::Borrowed(text),
    }
}

/// The id of an instrument's Questionnaire: `brief-<instrument>[-<substance>]`, in the
/// characters and length a FHIR id allows.
pub fn questionnaire_id(ins: &Instrument, substance: Option<&str>) -> String {
    let mut id = format!("brief-{}", ins.id);
    if let Some(s) = substance {
        id.push('-');
        id.push_str(s);
    }
    let mut id: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                c
            } else {
                '-'
            }
        })
        .collect();
    id.truncate(64);
    id
}

/// The Questionnaire of an instrument (for one substance, if it is asked per substance). `None`
/// when the instrument has no FHIR codes, or the clinic may not use it (its licence is not held:
/// its wording is not ours to pass on).
pub fn questionnaire<'a>(
    set: &ProtocolSet,
    ins: &'a Instrument,
    substance: Option<&'a str>,
) -> Option<Questionnaire<'a>> {
    let f = ins.fhir.as_ref()?;
    if !set.licence_state(ins).usable() {
        return None;
    }
    let substance_name = substance.map(|s| {
        ins.substances
            .iter()
            .find(|x| x.id == s)
            .map_or(s, |x| x.name.as_str())
    });
    let title = match substance_name {
        Some(name) => Cow::Owned(format!("{} ({name})", ins.name)),
        None => Cow::Borrowed(ins.name.as_str()),
    };
    let item = scoring::items_for(ins, substance)
        .map(|it| {
            let (kind, answer_option) = match &it.answer {
                Answer::Options(options) => (
                    "choice",
                    options
                        .iter()
                        .enumerate()
                        .map(|(k, o)| AnswerOption {
                            extension: vec![Extension {
                                url: Cow::Borrowed(ORDINAL_VALUE),
                                value_decimal: Some(i64::from(o.points)),
                                ..Extension::default()
                            }],
                            value_coding: Coding {
                                system: Cow::Borrowed(&f.answer_system),
                                code: Cow::Owned(format!("{}-{k}", it.id)),
                                display: Some(Cow::Borrowed(&o.label)),
                            },
                        })
                        .collect(),
                ),
                Answer::Count { .. } => ("integer", Vec::new()),
            };
            QuestionnaireItem {
                link_id: Cow::Borrowed(&it.id),
                prefix: Cow::Borrowed(&it.number),
                text: scoring::item_text(ins, it, &Profile::default(), substance),
                kind,
                answer_option,
            }
        })
        .collect();
    Some(Questionnaire {
        id: questionnaire_id(ins, substance),
        url: fill(&f.questionnaire, substance),
        version: Cow::Borrowed(&ins.version),
        title,
        status: "active",
        subject_type: vec!["Patient"],
        copyright: format!("{} {}", ins.licence.attribution, ins.licence.terms),
        code: f.panel.iter().map(Coding::of).collect(),
        item,
    })
}

/// The resources of one session. `Err` only when its protocol has no FHIR codes; a screening
/// that cannot be coded is left out, with a note saying why.
pub fn session_resources<'a>(
    session: &'a Session,
    set: &'a ProtocolSet,
    options: Options<'a>,
) -> Result<Exported<'a>, FhirError> {
    let (protocol, f) = coded(session, set)?;
    let patient = Reference::identified(
        "Patient",
        options.patient_system.unwrap_or(&f.patient_system),
        &session.patient,
    );
    let clinician =
        Reference::identified("Practitioner", &f.practitioner_system, &session.clinician);
    let closed = session.status == Status::Closed && session.closed.is_some();
    let mut out = Exported {
        resources: Vec::with_capacity(6),
        forms: Vec::new(),
        notes: Vec::new(),
    };
    // The score observations, for the procedure's, goal's and referral's reasons.
    let mut scores: Vec<Reference<'a>> = Vec::new();
    for (i, screening) in session.screenings.iter().enumerate() {
        let Some(ins) = set.instrument(&screening.instrument) else {
            out.notes.push(format!(
                "screening {}: instrument \"{}\" is not loaded: not exported",
                i + 1,
                screening.instrument
            ));
            continue;
        };
        let Some(fi) = &ins.fhir else {
            out.notes.push(format!(
                "screening {}: instrument \"{}\" has no `fhir` section: not exported",
                i + 1,
                ins.id
            ));
            continue;
        };
        let substance = screening.substance.as_deref();
        if ins.substances.is_empty() != substance.is_none() {
            out.notes.push(format!(
                "screening {}: instrument \"{}\" and its substance do not fit: not exported",
                i + 1,
                ins.id
            ));
            continue;
        }
        let Some(answers) = scoring::answers_for_items(ins, substance, &screening.answers) else {
            out.notes.push(format!(
                "screening {}: its answers do not fit the items of \"{}\": not exported",
                i + 1,
                ins.id
            ));
            continue;
        };
        let complete = screening.result.as_ref().is_some_and(|r| r.complete);
        let qr_id = format!("{}-qr{i}", session.id);
        let item = scoring::items_for(ins, substance)
            .zip(answers)
            .filter_map(|(it, answer)| {
                let a = answer?;
                let value = match &it.answer {
                    Answer::Options(options) => ResponseAnswer {
                        value_coding: Some(Coding {
                            system: Cow::Borrowed(&fi.answer_system),
                            code: Cow::Owned(format!("{}-{a}", it.id)),
                            display: options
                                .get(a as usize)
                                .map(|o| Cow::Borrowed(o.label.as_str())),
                        }),
                        value_integer: None,
                    },
                    Answer::Count { .. } => ResponseAnswer {
                        value_coding: None,
                        value_integer: Some(a),
                    },
                };
                Some(ResponseItem {
                    link_id: Cow::Borrowed(&it.id),
                    answer: vec![value],
                })
            })
            .collect();
        out.resources
            .push(Resource::QuestionnaireResponse(QuestionnaireResponse {
                id: qr_id.clone(),
                questionnaire: fill(&fi.questionnaire, substance),
                status: match (closed, complete) {
                    (true, true) => "completed",
                    (true, false) => "stopped",
                    (false, _) => "in-progress",
                },
                subject: patient.clone(),
                authored: time(&screening.time),
                author: clinician.clone(),
                item,
            }));
        if !out.forms.contains(&(ins, substance)) {
            out.forms.push((ins, substance));
        }
        if let Some(result) = &screening.result {
            let score_id = format!("{}-score{i}", session.id);
            let observation = |id: String, code: CodeableConcept<'a>| Observation {
                id,
                status: if closed && complete {
                    "final"
                } else {
                    "preliminary"
                },
                category: vec![CodeableConcept::of(Coding::of(&f.score_category))],
                code,
                subject: patient.clone(),
                effective_date_time: time(&screening.time),
                performer: vec![clinician.clone()],
                value_quantity: None,
                interpretation: Vec::new(),
                has_member: Vec::new(),
                derived_from: vec![Reference::to("QuestionnaireResponse", &qr_id)],
            };
            let unit = fi.unit.as_ref().unwrap_or(&f.score_unit);
            let mut total = observation(score_id.clone(), total_code(ins, fi, substance));
            total.value_quantity = Some(Quantity {
                value: result.total,
                unit: Cow::Borrowed(&unit.display),
                system: Cow::Borrowed(&unit.system),
                code: Cow::Borrowed(&unit.code),
            });
            total.interpretation = vec![zone(ins, fi, result)];
            out.resources.push(Resource::Observation(total));
            if let Some(panel) = &fi.panel {
                let mut p = observation(
                    format!("{}-panel{i}", session.id),
                    CodeableConcept::of(Coding::of(panel)),
                );
                p.has_member = vec![Reference::to("Observation", &score_id)];
                out.resources.push(Resource::Observation(p));
            }
            scores.push(Reference::to("Observation", &score_id));
        }
    }
    if let (true, Some(end)) = (closed, &session.closed) {
        out.resources.push(Resource::Procedure(procedure(
            session,
            protocol,
            f,
            (&patient, &clinician),
            end,
            &scores,
        )));
        if let Some(goal) = goal(session, protocol, f, &patient, &scores) {
            out.resources.push(Resource::Goal(goal));
        }
        if let Some(referral) = &session.referral {
            let level = referral.level.as_deref().map(|id| {
                let name = protocol
                    .referral
                    .levels
                    .iter()
                    .find(|l| l.id == id)
                    .map(|l| format!("{} {id} {}", protocol.referral.level_label, l.name));
                CodeableConcept::of(Coding {
                    system: Cow::Borrowed(&f.referral_level_system),
                    code: Cow::Borrowed(id),
                    display: name.map(Cow::Owned),
                })
            });
            let (status, intent) = match referral.response {
                ReferralResponse::Accepted => ("active", "order"),
                ReferralResponse::Offered => ("active", "proposal"),
                ReferralResponse::Declined => ("revoked", "proposal"),
            };
            let to = referral.to.trim();
            out.resources.push(Resource::ServiceRequest(ServiceRequest {
                id: format!("{}-referral", session.id),
                status,
                intent,
                code: CodeableConcept::of(Coding::of(&f.referral)),
                order_detail: level.into_iter().collect(),
                subject: patient.clone(),
                authored_on: time(end),
                requester: clinician.clone(),
                performer: if to.is_empty() {
                    Vec::new()
                } else {
                    vec![Reference {
                        display: Some(Cow::Borrowed(to)),
                        ..Reference::default()
                    }]
                },
                reason_reference: scores.clone(),
            }));
        }
    }
    Ok(out)
}

/// The code of a screening's total (for one substance, if asked per substance).
fn total_code<'a>(
    ins: &'a Instrument,
    fi: &'a crate::protocol::InstrumentFhir,
    substance: Option<&str>,
) -> CodeableConcept<'a> {
    let name = substance.map(|s| {
        ins.substances
            .iter()
            .find(|x| x.id == s)
            .map_or(s, |x| x.name.as_str())
    });
    CodeableConcept::of(Coding {
        system: Cow::Borrowed(&fi.total.system),
        code: fill(&fi.total.code, substance),
        display: Some(fill(&fi.total.display, name)),
    })
}

/// A screening's zone, as the observation's interpretation.
fn zone<'a>(
    ins: &'a Instrument,
    fi: &'a crate::protocol::InstrumentFhir,
    result: &'a ScreeningResult,
) -> CodeableConcept<'a> {
    let level = ins
        .zones
        .iter()
        .find(|z| z.id == result.zone)
        .map_or(result.level.as_str(), |z| z.level.as_str());
    CodeableConcept::of(Coding {
        system: Cow::Borrowed(&fi.zone_system),
        code: Cow::Borrowed(&result.zone),
        display: Some(Cow::Borrowed(level)),
    })
}

/// The brief intervention of a closed session.
fn procedure<'a>(
    session: &'a Session,
    protocol: &'a Protocol,
    f: &'a ProtocolFhir,
    (patient, clinician): (&Reference<'a>, &Reference<'a>),
    end: &Timestamp,
    scores: &[Reference<'a>],
) -> Procedure<'a> {
    let mut extension = Vec::new();
    let mut delivered = Vec::new();
    // In the protocol's order, as the note lists them.
    for c in &protocol.components {
        if session.first_delivery(&c.id).is_some() {
            extension.push(Extension {
                url: Cow::Borrowed(&f.component_extension),
                value_coding: Some(Coding {
                    system: Cow::Borrowed(&f.component_system),
                    code: Cow::Borrowed(&c.id),
                    display: Some(Cow::Borrowed(&c.name)),
                }),
                ..Extension::default()
            });
            delivered.push(c.name.as_str());
        }
    }
    let missing: Vec<&str> = protocol
        .components
        .iter()
        .filter(|c| session.first_delivery(&c.id).is_none())
        .map(|c| c.name.as_str())
        .collect();
    let mut words = vec![format!(
        "Components delivered {}/{}: {}",
        delivered.len(),
        protocol.components.len(),
        if delivered.is_empty() {
            "none".to_owned()
        } else {
            delivered.join(", ")
        }
    )];
    if !missing.is_empty() {
        words.push(format!("Components missing: {}", missing.join(", ")));
    }
    for flag in &session.safety {
        let Some(response) = &flag.response else {
            continue;
        };
        let rule = protocol.safety.iter().find(|r| r.id == flag.rule);
        let title = rule.map_or(flag.rule.as_str(), |r| r.title.as_str());
        let mut parts = vec![Extension {
            url: Cow::Borrowed("rule"),
            value_coding: Some(Coding {
                system: Cow::Borrowed(&f.safety_system),
                code: Cow::Borrowed(&flag.rule),
                display: Some(Cow::Borrowed(title)),
            }),
            ..Extension::default()
        }];
        let given = match &response.outcome {
            SafetyOutcome::Given { advice, .. } => {
                for id in advice {
                    let text = rule
                        .and_then(|r| r.advice.iter().find(|a| &a.id == id))
                        .map(|a| Cow::Borrowed(a.text.as_str()));
                    parts.push(Extension {
                        url: Cow::Borrowed("advice"),
                        value_coding: Some(Coding {
                            system: Cow::Borrowed(&f.safety_system),
                            code: Cow::Owned(format!("{}.{id}", flag.rule)),
                            display: text,
                        }),
                        ..Extension::default()
                    });
                }
                true
            }
            SafetyOutcome::NotGiven { .. } => false,
        };
        parts.push(Extension {
            url: Cow::Borrowed("given"),
            value_boolean: Some(given),
            ..Extension::default()
        });
        extension.push(Extension {
            url: Cow::Borrowed(&f.safety_extension),
            extension: parts,
            ..Extension::default()
        });
        words.push(format!(
            "Safety: {title}: advice {}",
            if given { "given" } else { "not given" }
        ));
    }
    let mut outcome = Vec::new();
    let stage = session
        .latest_readiness()
        .and_then(|r| r.stage.as_deref())
        .and_then(|id| protocol.stages.iter().find(|s| s.id == id));
    if let Some(stage) = stage {
        outcome.push(format!("Stage of readiness at close: {}", stage.name));
    }
    if !session.goal.is_empty() {
        outcome.push("goal agreed".to_owned());
    }
    if let Some(r) = &session.referral {
        outcome.push(
            match r.response {
                ReferralResponse::Offered => "referral offered",
                ReferralResponse::Accepted => "referral accepted",
                ReferralResponse::Declined => "referral declined",
            }
            .to_owned(),
        );
    }
    let outcome = (!outcome.is_empty()).then(|| CodeableConcept {
        coding: stage
            .map(|s| Coding {
                system: Cow::Borrowed(&f.stage_system),
                code: Cow::Borrowed(&s.id),
                display: Some(Cow::Borrowed(&s.name)),
            })
            .into_iter()
            .collect(),
        text: Some(Cow::Owned(outcome.join("; "))),
    });
    Procedure {
        id: format!("{}-bi", session.id),
        extension,
        status: "completed",
        code: CodeableConcept {
            coding: f.procedure.iter().map(Coding::of).collect(),
            text: Some(Cow::Borrowed(&protocol.title)),
        },
        subject: patient.clone(),
        performed_period: Period {
            start: time(&session.created),
            end: Some(time(end)),
        },
        performer: vec![Performer {
            actor: clinician.clone(),
        }],
        reason_reference: scores.to_vec(),
        outcome,
        follow_up: session
            .follow_up
            .map(|d| CodeableConcept::text(format!("Follow-up on {d}")))
            .into_iter()
            .collect(),
        note: vec![Annotation {
            text: Cow::Owned(words.join(". ")),
        }],
    }
}

/// The goal of a closed session, if one was recorded: the patient's own words (or, without
/// them, the options chosen), the options as categories, the target date.
fn goal<'a>(
    session: &'a Session,
    protocol: &'a Protocol,
    f: &'a ProtocolFhir,
    patient: &Reference<'a>,
    scores: &[Reference<'a>],
) -> Option<Goal<'a>> {
    let g = &session.goal;
    let chosen: Vec<&crate::protocol::MenuOption> = g
        .options
        .iter()
        .filter_map(|id| protocol.menu.iter().find(|m| &m.id == id))
        .collect();
    let words = g.own_words.trim();
    let description = if words.is_empty() {
        if chosen.is_empty() {
            return None;
        }
        chosen
            .iter()
            .map(|m| m.label.as_str())
            .collect::<Vec<_>>()
            .join("; ")
            .into()
    } else {
        Cow::Borrowed(words)
    };
    Some(Goal {
        id: format!("{}-goal", session.id),
        lifecycle_status: "active",
        category: chosen
            .iter()
            .map(|m| {
                CodeableConcept::of(Coding {
                    system: Cow::Borrowed(&f.menu_system),
                    code: Cow::Borrowed(&m.id),
                    display: Some(Cow::Borrowed(&m.label)),
                })
            })
            .collect(),
        description: CodeableConcept::text(description),
        subject: patient.clone(),
        start_date: session.created.date_naive().to_string(),
        target: g
            .target_date
            .map(|d| GoalTarget {
                due_date: d.to_string(),
            })
            .into_iter()
            .collect(),
        expressed_by: patient.clone(),
        addresses: scores.to_vec(),
    })
}

/// A session as a transaction bundle: its resources and the Questionnaires they answer, each
/// stored with `PUT Type/id`, so posting the same bundle twice stores it once. Also returns
/// what was left out.
pub fn bundle<'a>(
    session: &'a Session,
    set: &'a ProtocolSet,
    options: Options<'a>,
) -> Result<(Bundle<'a>, Vec<String>), FhirError> {
    let exported = session_resources(session, set, options)?;
    let mut notes = exported.notes;
    let mut entry = Vec::new();
    for (ins, substance) in exported.forms {
        match questionnaire(set, ins, substance) {
            Some(q) => entry.push(Resource::Questionnaire(q)),
            None => notes.push(format!(
                "the Questionnaire of \"{}\" is not included: the clinic holds no licence to pass its wording on",
                ins.id
            )),
        }
    }
    entry.extend(exported.resources);
    let entry = entry
        .into_iter()
        .map(|resource| BundleEntry {
            request: Request {
                method: "PUT",
                url: format!("{}/{}", resource.kind(), resource.id()),
            },
            resource,
        })
        .collect();
    Ok((
        Bundle {
            resource_type: "Bundle",
            kind: "transaction",
            entry,
        },
        notes,
    ))
}

/// A session's bundle as pretty JSON text.
pub fn bundle_json(
    session: &Session,
    set: &ProtocolSet,
    options: Options<'_>,
) -> Result<(String, Vec<String>), FhirError> {
    let (bundle, notes) = bundle(session, set, options)?;
    // Plain data: serialising cannot fail.
    let mut text = serde_json::to_string_pretty(&bundle).unwrap_or_default();
    text.push('\n');
    Ok((text, notes))
}

/// True when `path` is `folder` or inside it (compared as the folders resolve, so a relative
/// path or a link to the folder counts too).
pub fn is_inside(path: &Path, folder: &Path) -> bool {
    let resolve = |p: &Path| -> Option<PathBuf> {
        // The deepest part that exists resolves; the rest is appended as written.
        let mut existing = p.to_path_buf();
        let mut rest = Vec::new();
        loop {
            if let Ok(real) = existing.canonicalize() {
                let mut out = real;
                for part in rest.iter().rev() {
                    out.push(part);
                }
                return Some(out);
            }
            let name = existing.file_name()?.to_owned();
            rest.push(name);
            if !existing.pop() {
                return None;
            }
            if existing.as_os_str().is_empty() {
                existing = PathBuf::from(".");
            }
        }
    };
    match (resolve(path), resolve(folder)) {
        (Some(p), Some(f)) => p.starts_with(f),
        _ => false,
    }
}

/// Writes a session's bundle to `path` (owner-only, atomically), refusing a place inside the
/// data folder. Returns what was left out of it.
pub fn write_bundle(
    path: &Path,
    session: &Session,
    set: &ProtocolSet,
    options: Options<'_>,
    data_folder: Option<&Path>,
) -> Result<Vec<String>, FhirError> {
    if let Some(data) = data_folder
        && is_inside(path, data)
    {
        return Err(FhirError::InsideDataFolder {
            path: path.to_path_buf(),
            data: data.to_path_buf(),
        });
    }
    let (text, notes) = bundle_json(session, set, options)?;
    crate::store::write_atomic(path, text.as_bytes())?;
    Ok(notes)
}

/// Where the window offers to write a session's bundle: `$BRIEF_EXPORT_DIR`, else `brief-export`
/// in the user's documents folder (else home), never the data folder.
pub fn default_export_dir() -> Option<PathBuf> {
    match std::env::var_os(EXPORT_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::UserDirs::new().map(|u| {
            u.document_dir()
                .unwrap_or_else(|| u.home_dir())
                .join("brief-export")
        }),
    }
}

/// Environment variable naming the folder the window offers for exports.
pub const EXPORT_DIR_ENV: &str = "BRIEF_EXPORT_DIR";

/// The file name the window offers for a session's bundle.
pub fn bundle_file_name(session: &Session) -> String {
    format!("{}.fhir.json", session.id)
}
