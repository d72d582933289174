//! Checks on the FHIR codes of a protocol and its instruments: every code system is a URI,
//! every code and display is given, `{substance}` is used exactly where an instrument is asked
//! per substance, and a total is never coded as its own panel (a known mix-up in public code).

use std::collections::BTreeSet;

use super::{Report, known_source};
use crate::protocol::model::{Coding, Instrument, Protocol};

/// The placeholder for a substance id in an instrument's canonical URL and total code.
const SUBSTANCE: &str = "{substance}";

/// Checks `p.fhir`, if there is one.
pub(super) fn protocol(p: &Protocol, source_keys: &BTreeSet<&str>, r: &mut Report<'_>) {
    let Some(f) = &p.fhir else {
        return;
    };
    known_source(r, source_keys, "fhir.source", &f.source);
    for (field, value) in [
        ("patient_system", &f.patient_system),
        ("practitioner_system", &f.practitioner_system),
        ("component_system", &f.component_system),
        ("component_extension", &f.component_extension),
        ("safety_system", &f.safety_system),
        ("safety_extension", &f.safety_extension),
        ("stage_system", &f.stage_system),
        ("menu_system", &f.menu_system),
        ("referral_level_system", &f.referral_level_system),
    ] {
        uri(r, &format!("fhir.{field}"), value);
    }
    if f.procedure.is_empty() {
        r.at(
            "fhir.procedure",
            "give at least one code for the Procedure (e.g. SNOMED CT 413473000)",
        );
    }
    for (i, c) in f.procedure.iter().enumerate() {
        coding(r, &format!("fhir.procedure[{i}]"), c, false);
    }
    coding(r, "fhir.score_category", &f.score_category, false);
    coding(r, "fhir.score_unit", &f.score_unit, false);
    coding(r, "fhir.referral", &f.referral, false);
}

/// Checks `ins.fhir`, if there is one.
pub(super) fn instrument(ins: &Instrument, r: &mut Report<'_>) {
    let Some(f) = &ins.fhir else {
        return;
    };
    let per_substance = !ins.substances.is_empty();
    uri(r, "fhir.questionnaire", &f.questionnaire);
    uri(r, "fhir.answer_system", &f.answer_system);
    uri(r, "fhir.zone_system", &f.zone_system);
    coding(r, "fhir.total", &f.total, per_substance);
    for (path, text) in [
        ("fhir.questionnaire", &f.questionnaire),
        ("fhir.total.code", &f.total.code),
    ] {
        let has = text.contains(SUBSTANCE);
        if per_substance && !has {
            r.at(
                path,
                format!("this instrument is asked per substance: put {SUBSTANCE} in it, so each substance has its own"),
            );
        } else if !per_substance && has {
            r.at(
                path,
                format!("{SUBSTANCE} is only for instruments asked per substance"),
            );
        }
    }
    if let Some(panel) = &f.panel {
        coding(r, "fhir.panel", panel, false);
        if panel.system == f.total.system && panel.code == f.total.code {
            r.at(
                "fhir.panel.code",
                format!(
                    "the panel and the total have the same code {}: a panel's code is not its total's",
                    panel.code
                ),
            );
        }
    }
    if let Some(unit) = &f.unit {
        coding(r, "fhir.unit", unit, false);
    }
    if f.source.trim().is_empty() {
        r.at("fhir.source", "say where the codes come from");
    }
}

/// A code system or extension URL: an absolute URI (`scheme:rest`).
fn uri(r: &mut Report<'_>, path: &str, value: &str) {
    let scheme = value.split_once(':').map(|(s, _)| s);
    let ok = scheme.is_some_and(|s| {
        s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    }) && !value.chars().any(char::is_whitespace)
        && !value.ends_with(':');
    if !ok {
        r.at(
            path,
            format!("\"{value}\" is not an absolute URI (such as http://loinc.org or urn:brief:…)"),
        );
    }
}

fn coding(r: &mut Report<'_>, path: &str, c: &Coding, substance_allowed: bool) {
    uri(r, &format!("{path}.system"), &c.system);
    let code = if substance_allowed {
        c.code.replace(SUBSTANCE, "x")
    } else {
        c.code.clone()
    };
    if code.trim().is_empty() || code.chars().any(char::is_whitespace) {
        r.at(
            &format!("{path}.code"),
            format!("\"{}\" is not a code: give it without spaces", c.code),
        );
    }
    if c.display.trim().is_empty() {
        r.at(&format!("{path}.display"), "give the code's display text");
    }
}
