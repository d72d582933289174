//! RON's messages about a damaged session file, in words a clinician can act on.
//!
//! RON names the Rust type it was filling ("missing field `source` in `CoverageEvent`") and
//! gives advice meant for a programmer ("try increasing `ron::Options::recursion_limit`").
//! [`plain_message`] says instead what the record is ("a coverage record") and what is wrong
//! with the text. The position (line and column) stays with the caller, from the error's span.

use ron::Error;
use ron::error::SpannedError;

/// The message of a RON error met reading a session file, in plain words: no Rust type names,
/// no advice about RON's options. Field and value names the file itself uses stay in backticks.
pub fn plain_message(error: &SpannedError) -> String {
    plain(&error.code)
}

/// What a record of the session file is, in plain words, from the Rust type that reads it.
/// Every type a session file is read into is listed; the last arm keeps a new one from leaking
/// its name (the tests fail until it is named here).
fn what(type_name: &str) -> &'static str {
    match type_name {
        "Session" | "SessionV0" | "Probe" => "the session record",
        "ProtocolRef" => "the protocol reference",
        "Profile" => "the patient's sex, age and pregnancy status",
        "Sex" => "the patient's sex",
        "Status" => "the session status",
        "StepRecord" => "a step record",
        "StepState" => "a step's state",
        "Screening" => "a screening",
        "ScreeningResult" => "a screening result",
        "CoverageEvent" => "a coverage record",
        "CoverageSource" => "a coverage record's source",
        "ReadinessEntry" => "a readiness entry",
        "Goal" => "the goal",
        "Referral" => "the referral",
        "ReferralResponse" => "the referral's response",
        "Amendment" => "an amendment",
        "SafetyFlag" => "a safety flag",
        "SafetyResponse" => "a safety flag's response",
        "SafetyOutcome" => "what was done about a safety flag",
        "ProfileChange" => "a change of the patient's profile",
        "ChosenAnyway" => "an option chosen against advice",
        "Pregnancy" => "the pregnancy status",
        _ => "a record",
    }
}

/// The type RON names, in plain words; "a record" when RON gives none.
fn outer(name: Option<&str>) -> &'static str {
    name.map_or("a record", what)
}

/// `names` as "`a`", "`a` or `b`", "`a`, `b` or `c`".
fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        None => "nothing".to_owned(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

/// serde's description of what it expected (`struct CoverageEvent`, `u8`, `a string`), with
/// any type named in it said in plain words.
fn expected(text: &str) -> String {
    for prefix in ["tuple struct ", "unit struct ", "struct ", "enum "] {
        if let Some(name) = text.strip_prefix(prefix) {
            return what(name.trim_matches('`')).to_owned();
        }
    }
    match text {
        "u8" | "u16" | "u32" | "u64" | "usize" => "a whole number".to_owned(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "a number".to_owned(),
        "variant identifier" | "field identifier" => "a name".to_owned(),
        other => other.to_owned(),
    }
}

/// The messages chrono gives for a date or time it cannot read (serde hands them on without
/// saying what was being read).
const DATE_TIME_MESSAGES: [&str; 7] = [
    "input contains invalid characters",
    "premature end of input",
    "input is out of range",
    "input is not enough for unique date and time",
    "trailing input",
    "bad or unsupported format string",
    "no possible date and time matching input",
];

fn plain(code: &Error) -> String {
    match code {
        Error::MissingStructField { field, outer: name } => {
            format!("`{field}` is missing from {}", outer(name.as_deref()))
        }
        Error::DuplicateStructField { field, outer: name } => {
            format!("`{field}` appears twice in {}", outer(name.as_deref()))
        }
        Error::NoSuchStructField {
            expected: fields,
            found,
            outer: name,
        } => format!(
            "`{found}` is not a field of {}; expected {}",
            outer(name.as_deref()),
            one_of(fields)
        ),
        Error::NoSuchEnumVariant {
            expected: variants,
            found,
            outer: name,
        } => format!(
            "`{found}` is not a possible value of {}; expected {}",
            outer(name.as_deref()),
            one_of(variants)
        ),
        Error::ExpectedNamedStructLike(name) => {
            if name.is_empty() {
                "expected an opening `(`".to_owned()
            } else {
                format!("expected `(` to open {}", what(name))
            }
        }
        Error::ExpectedDifferentStructName {
            expected: name,
            found,
        } => format!("expected {} here, not `{found}`", what(name)),
        Error::ExpectedStructName(name) => format!("expected {} here", what(name)),
        Error::InvalidValueForType {
            expected: wanted,
            found,
        } => format!("expected {} but found {found}", expected(wanted)),
        Error::ExpectedDifferentLength {
            expected: wanted,
            found,
        } => {
            let found = match found {
                0 => "none".to_owned(),
                1 => "one".to_owned(),
                n => n.to_string(),
            };
            format!("expected {} but found {found}", expected(wanted))
        }
        Error::ExceededRecursionLimit => {
            "the text is nested too deeply (brackets inside brackets) to be a session record"
                .to_owned()
        }
        Error::SuggestRawIdentifier(found) | Error::InvalidIdentifier(found) => {
            format!("`{found}` cannot stand here: a name was expected")
        }
        Error::Eof => "the text ends too early (the file may have been cut off)".to_owned(),
        Error::TrailingCharacters => {
            "there is more text after the end of the session record".to_owned()
        }
        Error::UnclosedLineComment => "a comment at the end is not closed".to_owned(),
        Error::ExpectedRawValue => "expected a value".to_owned(),
        Error::Message(message) if DATE_TIME_MESSAGES.contains(&message.as_str()) => {
            format!("not a date and time as the file writes them ({message})")
        }
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::{Session, SessionV0};

    /// A session written by release 2b75490: a coverage record of each source, a screening with
    /// its result, a readiness entry, a referral and an amendment.
    const GOOD: &str = include_str!(
        "../../tests/fixtures/release-2b75490/sessions/2026/11/20261130-081500-000000005eed0001.ron"
    );

    /// `GOOD` with the first `from` replaced by `to`.
    fn broken(from: &str, to: &str) -> String {
        assert!(GOOD.contains(from), "the fixture contains {from:?}");
        GOOD.replacen(from, to, 1)
    }

    /// The error reading `text` as a session.
    fn error(text: &str) -> SpannedError {
        match ron::from_str::<Session>(text) {
            Ok(_) => panic!("the broken text loaded:\n{text}"),
            Err(e) => e,
        }
    }

    /// The Rust type names RON put in its error, read from the error's fields (not from a list
    /// here, so a renamed type is still caught).
    fn type_names(code: &Error) -> Vec<String> {
        let named = |text: &str| {
            ["tuple struct ", "unit struct ", "struct ", "enum "]
                .iter()
                .find_map(|p| text.strip_prefix(p))
                .map(|n| n.trim_matches('`').to_owned())
        };
        match code {
            Error::MissingStructField { outer, .. }
            | Error::DuplicateStructField { outer, .. }
            | Error::NoSuchStructField { outer, .. }
            | Error::NoSuchEnumVariant { outer, .. } => outer.iter().cloned().collect(),
            Error::ExpectedNamedStructLike(name) => vec![(*name).to_owned()],
            Error::ExpectedStructName(name) => vec![name.clone()],
            Error::ExpectedDifferentStructName { expected, .. } => vec![(*expected).to_owned()],
            Error::InvalidValueForType { expected, .. }
            | Error::ExpectedDifferentLength { expected, .. } => {
                named(expected).into_iter().collect()
            }
            _ => Vec::new(),
        }
    }

    /// Asserts the plain message of `e` is `want`, names none of the types RON named, and
    /// carries no advice about RON itself.
    fn assert_plain(e: &SpannedError, want: &str, case: &str) {
        let got = plain_message(e);
        assert_eq!(got, want, "{case}: RON said {:?}", e.code.to_string());
        for name in type_names(&e.code) {
            assert!(
                !got.contains(&format!("`{name}`")) && !got.contains(&name),
                "{case}: the message {got:?} names the type {name}"
            );
        }
        for internal in [
            "ron::",
            "recursion_limit",
            "serde",
            "struct ",
            "enum ",
            "r#",
        ] {
            assert!(
                !got.contains(internal),
                "{case}: the message {got:?} says {internal:?}"
            );
        }
    }

    #[test]
    fn every_record_of_a_session_file_is_named_in_plain_words() {
        let cases: &[(&str, &str, &str, &str)] = &[
            (
                "the session record",
                " status: Closed,\n",
                "",
                "`status` is missing from the session record",
            ),
            (
                "the protocol reference",
                "  version: \"1.0.0\",\n",
                "",
                "`version` is missing from the protocol reference",
            ),
            (
                "the patient's sex",
                "  sex: Some(Male),\n  age: Some(58),\n ),\n protocol",
                "  sex: Some(Mal),\n  age: Some(58),\n ),\n protocol",
                "`Mal` is not a possible value of the patient's sex; expected `Female` or `Male`",
            ),
            (
                "the session status",
                " status: Closed,\n",
                " status: Shut,\n",
                "`Shut` is not a possible value of the session status; expected `Open` or `Closed`",
            ),
            (
                "a safety flag",
                " amendments: [\n",
                " safety: [(raised: \"2026-01-01T10:00:00+01:00\", from: [])],\n amendments: [\n",
                "`rule` is missing from a safety flag",
            ),
            (
                "a step record",
                "   step: \"introduce\",\n   state: Done,\n",
                "   state: Done,\n",
                "`step` is missing from a step record",
            ),
            (
                "a step record, not a number",
                " steps: [\n",
                " steps: [\n 5,\n",
                "expected `(` to open a step record",
            ),
            (
                "a step's state",
                "   state: InProgress,\n",
                "   state: Progress,\n",
                "`Progress` is not a possible value of a step's state; expected `NotStarted`, \
                 `InProgress`, `Done` or `Skipped`",
            ),
            (
                "a screening",
                "   instrument: \"assist\",\n",
                "   instrumnt: \"assist\",\n",
                "`instrument` is missing from a screening",
            ),
            (
                "a screening result",
                "    total: 26,\n",
                "",
                "`total` is missing from a screening result",
            ),
            (
                "a coverage record",
                "   source: ByHand,\n",
                "",
                "`source` is missing from a coverage record",
            ),
            (
                "a coverage record under another name",
                " coverage: [\n",
                " coverage: [\n Event(component: \"x\"),\n",
                "expected a coverage record here, not `Event`",
            ),
            (
                "a coverage record's source",
                "   source: ByHand,\n",
                "   source: ByHnd,\n",
                "`ByHnd` is not a possible value of a coverage record's source; expected \
                 `Prompt`, `ByHand` or `Plan`",
            ),
            (
                "a readiness entry",
                "   importance: Some(8),\n",
                "   importance: Some(8),\n   importance: Some(9),\n",
                "`importance` appears twice in a readiness entry",
            ),
            (
                "the goal",
                " goal: (\n",
                " goal: Target(\n",
                "expected the goal here, not `Target`",
            ),
            (
                "the referral",
                "  response: Accepted,\n",
                "",
                "`response` is missing from the referral",
            ),
            (
                "the referral's response",
                "  response: Accepted,\n",
                "  response: Maybe,\n",
                "`Maybe` is not a possible value of the referral's response; expected \
                 `Offered`, `Accepted` or `Declined`",
            ),
            (
                "an amendment",
                "   by: \"c-o\\'neil\",\n",
                "",
                "`by` is missing from an amendment",
            ),
            (
                "a number where a name goes",
                "  response: Accepted,\n",
                "  response: 5,\n",
                "`5` cannot stand here: a name was expected",
            ),
            (
                "a date that is not one",
                " created: \"2026-11-30T09:15:00+01:00\",\n",
                " created: \"yesterday\",\n",
                "not a date and time as the file writes them (input contains invalid characters)",
            ),
        ];
        for (case, from, to, want) in cases {
            assert_plain(&error(&broken(from, to)), want, case);
        }
    }

    #[test]
    fn deep_nesting_is_said_without_rons_advice() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let text = broken(
            " coverage: [\n",
            &format!(" extra: {deep},\n coverage: [\n"),
        );
        let e = error(&text);
        assert!(
            e.code.to_string().contains("recursion_limit"),
            "RON's own message gives programmer advice: {}",
            e.code
        );
        assert_plain(
            &e,
            "the text is nested too deeply (brackets inside brackets) to be a session record",
            "deep nesting",
        );
    }

    #[test]
    fn an_empty_or_foreign_file_is_not_a_session_record() {
        for text in ["", "5", "[1, 2]"] {
            assert_plain(
                &error(text),
                "expected `(` to open the session record",
                &format!("the text {text:?}"),
            );
        }
    }

    #[test]
    fn a_version_0_file_is_the_session_record_too() {
        let Err(e) =
            ron::from_str::<SessionV0>("(version: 0, id: \"20230914-141500-5eed0000c0ffee01\")")
        else {
            panic!("a version-0 file without a clinician loaded");
        };
        assert_plain(
            &e,
            "`clinician` is missing from the session record",
            "version 0",
        );
    }

    #[test]
    fn a_cut_or_doubled_file_is_said_in_plain_words() {
        let cut = GOOD.find(" coverage").expect("the fixture has coverage");
        let e = error(GOOD.get(..cut).expect("a prefix"));
        assert_plain(
            &e,
            "the text ends too early (the file may have been cut off)",
            "a cut file",
        );
        let e = error(&format!("{GOOD}\n(version: 1)"));
        assert_plain(
            &e,
            "there is more text after the end of the session record",
            "two records in one file",
        );
        let e = error(&broken(
            " id: \"20261130-081500-000000005eed0001\",\n",
            " id: \"../x\",\n",
        ));
        assert_plain(
            &e,
            "\"../x\" is not a session id (YYYYMMDD-HHMMSS-16 hex digits)",
            "our own message about an id",
        );
    }

    #[test]
    fn a_type_without_plain_words_is_still_not_named() {
        assert_eq!(
            plain(&Error::MissingStructField {
                field: "x",
                outer: Some("SomethingNew".to_owned()),
            }),
            "`x` is missing from a record",
            "an unknown type falls back to \"a record\""
        );
        assert_eq!(
            plain(&Error::InvalidValueForType {
                expected: "struct CoverageEvent".to_owned(),
                found: "the unsigned integer `5`".to_owned(),
            }),
            "expected a coverage record but found the unsigned integer `5`",
            "serde's \"struct X\" is said in plain words"
        );
    }
}
