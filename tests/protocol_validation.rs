//! One broken fixture per validation rule: a copy of the bundled `protocols/` folder with one
//! small textual edit, loaded with `ProtocolSet::load_dir`. Each test asserts the message and
//! the `path:line:col` of the problem, computing the line and column from the edited text.

use std::path::{Path, PathBuf};

use brief::protocol::{
    COMPONENT_IDS, LoadError, Position, Problem, ProtocolSet, STAGE_IDS, STEP_IDS, StepKind,
};
use tempfile::TempDir;

const PROTOCOL: &str = "brief_intervention.ron";
const AUDIT: &str = "instruments/audit.ron";
const AUDIT_C: &str = "instruments/audit_c.ron";
const DAST: &str = "instruments/dast10.ron";
const ASSIST: &str = "instruments/assist.ron";
const SINGLE_DRUG: &str = "instruments/single_drug.ron";

/// A copy of the bundled `protocols/` folder.
struct Fixture {
    dir: TempDir,
}

impl Fixture {
    fn new() -> Self {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols");
        let dir = TempDir::new().expect("temp dir");
        for sub in ["", "instruments"] {
            std::fs::create_dir_all(dir.path().join(sub)).expect("create folder");
            for entry in std::fs::read_dir(src.join(sub)).expect("read protocols/") {
                let path = entry.expect("dir entry").path();
                if path.is_file() {
                    let name = path.file_name().expect("file name");
                    std::fs::copy(&path, dir.path().join(sub).join(name)).expect("copy file");
                }
            }
        }
        Self { dir }
    }

    fn path(&self, file: &str) -> PathBuf {
        self.dir.path().join(file)
    }

    fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.path(file)).expect("read fixture file")
    }

    fn write(&self, file: &str, text: &str) {
        std::fs::write(self.path(file), text).expect("write fixture file");
    }

    /// Replaces the first `from` in `file` with `to`; returns the edited text.
    fn edit(&self, file: &str, from: &str, to: &str) -> String {
        let text = self.read(file);
        assert!(text.contains(from), "{file} contains {from:?}");
        let edited = text.replacen(from, to, 1);
        self.write(file, &edited);
        edited
    }

    /// Every problem found; the set must not load.
    fn problems(&self) -> Vec<Problem> {
        match ProtocolSet::load_dir(self.dir.path()) {
            Ok(_) => panic!("the broken copy loaded"),
            Err(LoadError::Invalid(problems)) => problems,
            Err(e) => panic!("expected validation problems, got {e}"),
        }
    }
}

/// The 1-based line and column (in characters) of byte offset `at` in `text`.
fn position_at(text: &str, at: usize) -> Position {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = text[line_start..at].chars().count() + 1;
    Position { line, col }
}

/// Where `needle` starts inside the first occurrence of `context` in `text`.
fn pos(text: &str, context: &str, needle: &str) -> Position {
    let start = text
        .find(context)
        .unwrap_or_else(|| panic!("text contains {context:?}"));
    let offset = context
        .find(needle)
        .unwrap_or_else(|| panic!("{context:?} contains {needle:?}"));
    position_at(text, start + offset)
}

/// The one problem whose message contains `message`; fails listing them all otherwise.
fn the<'a>(problems: &'a [Problem], message: &str) -> &'a Problem {
    let found: Vec<&Problem> = problems
        .iter()
        .filter(|p| p.message.contains(message))
        .collect();
    assert_eq!(
        found.len(),
        1,
        "exactly one problem saying {message:?}; all problems:\n{}",
        list(problems)
    );
    found[0]
}

fn list(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Asserts the file and position of a problem.
fn assert_at(fx: &Fixture, problem: &Problem, file: &str, at: Position) {
    assert_eq!(
        problem.path,
        fx.path(file),
        "problem is in {file}: {problem}"
    );
    assert_eq!(
        problem.position, at,
        "position of {:?} in {file}",
        problem.message
    );
}

/// Problems in one file only.
fn in_file<'a>(fx: &Fixture, problems: &'a [Problem], file: &str) -> Vec<&'a Problem> {
    let path = fx.path(file);
    problems.iter().filter(|p| p.path == path).collect()
}

// ---------------------------------------------------------------------------------------------
// The bundled set.

#[test]
fn bundled_set_loads_from_the_binary_and_from_the_folder() {
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    let ids: Vec<&str> = set.protocols().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "brief_intervention",
            "family_intervention",
            "brief_intervention_sv",
            "family_intervention_sv"
        ],
        "the brief intervention and the family intervention, in English and in Swedish"
    );
    assert_eq!(
        set.default_protocol().id,
        "brief_intervention",
        "new sessions and the audit default to the brief intervention"
    );
    let fx = Fixture::new();
    let copy = ProtocolSet::load_dir(fx.dir.path());
    assert!(
        copy.is_ok(),
        "an unedited copy loads: {}",
        copy.err().map(|e| e.to_string()).unwrap_or_default()
    );
}

#[test]
fn bundled_protocol_has_the_five_steps_in_order_with_three_prompts_each() {
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    let p = set.default_protocol();
    let ids: Vec<&str> = p.steps.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, STEP_IDS, "the five TIP 34 steps in order");
    assert_eq!(
        ids,
        ["introduce", "screen", "feedback", "goals", "closure"],
        "step ids as the issue names them"
    );
    for step in &p.steps {
        assert!(
            step.prompts.len() >= 3,
            "step {} has at least three prompts ({})",
            step.id,
            step.prompts.len()
        );
        assert!(
            !step.purpose.trim().is_empty(),
            "step {} has a purpose",
            step.id
        );
        assert!(!step.actions.is_empty(), "step {} says what to do", step.id);
        assert!(
            !step.evidence.is_empty(),
            "step {} says what counts",
            step.id
        );
    }
}

#[test]
fn bundled_protocol_delivers_all_six_components_and_has_the_stages() {
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    let p = set.default_protocol();
    let components: Vec<&str> = p.components.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(components, COMPONENT_IDS, "the six FRAMES components");
    for id in COMPONENT_IDS {
        let delivering = p
            .steps
            .iter()
            .flat_map(|s| &s.prompts)
            .filter(|pr| pr.components.iter().any(|c| c == id))
            .count();
        assert!(
            delivering >= 1,
            "component {id} is delivered by some prompt"
        );
    }
    let stages: Vec<&str> = p.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(stages, STAGE_IDS, "the six stages");
    assert!(p.ruler.bands_are_heuristic, "ruler bands marked heuristic");
}

#[test]
fn every_bundled_instrument_has_source_and_licence_text() {
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    assert_eq!(
        set.instruments().len(),
        13,
        "ten instruments, and three in Swedish"
    );
    let base = set
        .instruments()
        .iter()
        .filter(|i| i.language == "en")
        .count();
    assert_eq!(base, 10, "ten in the base set");
    for ins in set.instruments() {
        for (what, text) in [
            ("source", &ins.source),
            ("licence owner", &ins.licence.owner),
            ("licence terms", &ins.licence.terms),
            ("attribution", &ins.licence.attribution),
            ("time frame", &ins.time_frame),
            ("version", &ins.version),
        ] {
            assert!(!text.trim().is_empty(), "{} has {what} text", ins.id);
        }
    }
    for id in &set.default_protocol().instruments {
        assert!(
            set.instrument(id).is_some(),
            "protocol instrument {id} is loaded"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// RON syntax and serde (deny_unknown_fields): RON's own position.

#[test]
fn missing_comma_is_reported_at_rons_position() {
    let fx = Fixture::new();
    let text = fx.edit(AUDIT, "short_name: \"AUDIT\",", "short_name: \"AUDIT\"");
    let problems = fx.problems();
    let here = in_file(&fx, &problems, AUDIT);
    assert_eq!(
        here.len(),
        1,
        "one problem in audit.ron:\n{}",
        list(&problems)
    );
    assert!(
        here[0].message.contains("Expected comma"),
        "RON says a comma is expected: {}",
        here[0]
    );
    // RON stops at the next field, the one the comma should have come before.
    assert_at(&fx, here[0], AUDIT, pos(&text, "\n    version:", "version"));
}

#[test]
fn unclosed_paren_is_reported_at_the_end_of_the_file() {
    let fx = Fixture::new();
    let text = fx.read(DAST);
    let trimmed = text.trim_end();
    assert!(
        trimmed.ends_with(')'),
        "dast10.ron ends with the closing paren"
    );
    let edited = format!("{}\n", &trimmed[..trimmed.len() - 1]);
    fx.write(DAST, &edited);
    let problems = fx.problems();
    let here = in_file(&fx, &problems, DAST);
    assert_eq!(
        here.len(),
        1,
        "one problem in dast10.ron:\n{}",
        list(&problems)
    );
    assert!(
        here[0].message.contains("Unexpected end of RON"),
        "RON says the file ended early: {}",
        here[0]
    );
    // Just after the last character of the file that is not whitespace.
    assert_at(
        &fx,
        here[0],
        DAST,
        position_at(&edited, edited.trim_end().len()),
    );
}

#[test]
fn unknown_field_is_a_typo_with_the_expected_fields() {
    let fx = Fixture::new();
    let text = fx.edit(AUDIT, "short_name:", "shortname:");
    let problems = fx.problems();
    let p = the(&problems, "unknown field `shortname` in Instrument");
    assert!(
        p.message
            .contains("expected one of: id, name, short_name, version"),
        "lists the fields: {p}"
    );
    assert_at(&fx, p, AUDIT, pos(&text, "shortname:", "shortname"));
}

#[test]
fn unknown_field_in_a_nested_struct_names_that_struct() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "Band(zone: \"II\", min: 8, max: 15)",
        "Band(zone: \"II\", min: 8, maximum: 15)",
    );
    let problems = fx.problems();
    let p = the(&problems, "unknown field `maximum` in Band");
    assert!(
        p.message.contains("expected one of: zone, min, max"),
        "lists Band's fields: {p}"
    );
    assert_at(&fx, p, AUDIT, pos(&text, "maximum: 15", "maximum"));
}

#[test]
fn columns_count_characters_not_bytes() {
    // The line holds "–" (3 bytes) before the typo.
    let fx = Fixture::new();
    let text = fx.edit(AUDIT_C, "cut-offs)\",", "cut-offs)\", verzion: \"x\",");
    let line = text
        .lines()
        .find(|l| l.contains("verzion"))
        .expect("edited line");
    assert!(
        line.contains('–'),
        "the edited line has a non-ASCII character"
    );
    let problems = fx.problems();
    let p = the(&problems, "unknown field `verzion` in Instrument");
    assert_at(&fx, p, AUDIT_C, pos(&text, "verzion:", "verzion"));
}

#[test]
fn missing_field_is_reported_at_the_end_of_its_struct() {
    let fx = Fixture::new();
    let text = fx.edit(AUDIT, "    short_name: \"AUDIT\",\n", "");
    let problems = fx.problems();
    let p = the(&problems, "missing field `short_name` in Instrument");
    // The Instrument's closing paren, the last one in the file.
    let close = text.rfind(')').expect("closing paren");
    assert_at(&fx, p, AUDIT, position_at(&text, close));
}

#[test]
fn a_syntax_error_in_an_instrument_is_reported_once() {
    let fx = Fixture::new();
    fx.edit(AUDIT, "short_name: \"AUDIT\",", "short_name: \"AUDIT\"");
    let problems = fx.problems();
    assert_eq!(
        problems.len(),
        1,
        "only the syntax error, no follow-on problem in the protocol:\n{}",
        list(&problems)
    );
}

// ---------------------------------------------------------------------------------------------
// Protocol rules.

#[test]
fn a_renamed_step_is_allowed_but_components_naming_the_old_id_are_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "id: \"introduce\",\n            title:",
        "id: \"opening\",\n            title:",
    );
    let problems = fx.problems();
    assert!(
        problems.iter().all(|p| !p.message.contains("steps")),
        "step ids are the protocol's own: {}",
        list(&problems)
    );
    // Components that name the old step say so, at the step name.
    let p = the(
        &problems,
        "component \"responsibility\" names step \"introduce\"",
    );
    assert!(p.message.contains("which is not a step"), "says why: {p}");
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(
            &text,
            "usual_steps: [\"introduce\", \"goals\", \"closure\"]",
            "\"introduce\"",
        ),
    );
}

#[test]
fn steps_renamed_everywhere_load_and_keep_their_kinds() {
    let fx = Fixture::new();
    // Every step id, where a step declares it and where a component names it.
    let mut text = String::new();
    let mut in_step = false;
    for line in fx.read(PROTOCOL).lines() {
        let mut line = line.to_owned();
        for id in STEP_IDS {
            let declares = in_step && line == format!("            id: \"{id}\",");
            if declares || line.contains("usual_steps:") {
                line = line.replace(&format!("\"{id}\""), &format!("\"family_{id}\""));
            }
        }
        in_step = line == "        Step(";
        text.push_str(&line);
        text.push('\n');
    }
    fx.write(PROTOCOL, &text);
    let set = ProtocolSet::load_dir(fx.dir.path()).expect("renamed steps load");
    let kinds: Vec<(&str, StepKind)> = set
        .default_protocol()
        .steps
        .iter()
        .map(|s| (s.id.as_str(), s.kind))
        .collect();
    assert_eq!(
        kinds,
        [
            ("family_introduce", StepKind::Plain),
            ("family_screen", StepKind::Screen),
            ("family_feedback", StepKind::Feedback),
            ("family_goals", StepKind::Goals),
            ("family_closure", StepKind::Closure),
        ],
        "the kinds come from the file, not the ids"
    );
}

#[test]
fn a_protocol_without_a_closure_step_is_reported() {
    let fx = Fixture::new();
    let text = fx.read(PROTOCOL);
    let start = text
        .find("        Step(\n            id: \"closure\",")
        .expect("closure step");
    let end = start + text[start..].find("\n    ],\n").expect("end of steps") + 1;
    let edited = format!("{}{}", &text[..start], &text[end..]);
    fx.write(PROTOCOL, &edited);
    let problems = fx.problems();
    let p = the(&problems, "no step has kind Closure");
    assert_eq!(
        p.message,
        "no step has kind Closure: the last step must be the closing step (`kind: Closure`), \
         where the session is closed",
        "message"
    );
    assert_at(&fx, p, PROTOCOL, pos(&edited, "\n    steps: [", "steps"));
}

#[test]
fn a_closure_step_that_is_not_last_is_reported_at_its_kind() {
    let fx = Fixture::new();
    fx.edit(PROTOCOL, "kind: Goals,", "kind: SWAP,");
    fx.edit(PROTOCOL, "kind: Closure,", "kind: Goals,");
    let text = fx.edit(PROTOCOL, "kind: SWAP,", "kind: Closure,");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "the Closure step \"goals\" must be the last step: the session is closed there",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "kind: Closure,", "kind"),
    );
}

#[test]
fn two_steps_of_one_kind_are_reported_at_the_second() {
    let fx = Fixture::new();
    let text = fx.edit(PROTOCOL, "kind: Feedback,", "kind: Screen,");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "steps \"screen\" and \"feedback\" are both of kind Screen; each kind but Plain is used at most once",
        "message"
    );
    let second = text.find("id: \"feedback\"").expect("feedback step");
    let at = second + text[second..].find("kind:").expect("its kind");
    assert_at(&fx, &problems[0], PROTOCOL, position_at(&text, at));
}

#[test]
fn feedback_without_a_screen_step_before_it_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(PROTOCOL, "            kind: Screen,\n", "");
    let problems = fx.problems();
    let p = the(&problems, "the Feedback step \"feedback\"");
    assert!(
        p.message.contains("a Screen step must come before it"),
        "says why: {p}"
    );
    assert_at(&fx, p, PROTOCOL, pos(&text, "kind: Feedback,", "kind"));
}

#[test]
fn an_unknown_step_kind_is_reported_at_its_line_and_column() {
    let fx = Fixture::new();
    let text = fx.edit(PROTOCOL, "kind: Goals,", "kind: Gaols,");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    let p = &problems[0];
    assert_eq!(
        p.message,
        "unknown StepKind `Gaols`; expected one of: Plain, Screen, Feedback, Goals, Closure, \
         FamilySafety, Approach, Team, Preparation, Treatment, Outcome",
        "names the typo and the kinds"
    );
    assert_at(&fx, p, PROTOCOL, pos(&text, "kind: Gaols,", "Gaols"));
}

#[test]
fn a_stage_suggestion_needs_a_ruler_named_once() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "suggest_from: [Readiness, Importance],",
        "suggest_from: [Readiness, Readiness],",
    );
    let problems = fx.problems();
    let p = the(&problems, "the readiness ruler is named twice");
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(&text, "[Readiness, Readiness]", "Readiness]"),
    );

    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "suggest_from: [Readiness, Importance],",
        "suggest_from: [],",
    );
    let problems = fx.problems();
    let p = the(&problems, "name the ruler the bands are read from");
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(&text, "suggest_from: []", "suggest_from"),
    );
}

#[test]
fn pregnancy_advice_shown_to_nobody_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "pregnancy_for: [Female, NotRecorded],",
        "pregnancy_for: [],",
    );
    let problems = fx.problems();
    let p = the(&problems, "no patient would be shown the pregnancy advice");
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(&text, "pregnancy_for: []", "pregnancy_for"),
    );
}

#[test]
fn an_empty_referral_level_label_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "level_label: \"ASAM level\",",
        "level_label: \" \",",
    );
    let problems = fx.problems();
    let p = the(&problems, "level_label must not be empty");
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(&text, "level_label: \" \"", "level_label"),
    );
}

#[test]
fn a_default_substance_the_instrument_does_not_have_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        ASSIST,
        "default_substance: \"alcohol\",",
        "default_substance: \"alcohl\",",
    );
    let problems = fx.problems();
    let p = the(&problems, "default substance \"alcohl\" is not one of");
    assert_at(
        &fx,
        p,
        ASSIST,
        pos(&text, "default_substance: \"alcohl\"", "default_substance"),
    );
}

#[test]
fn prompt_naming_an_unknown_component_is_reported_at_the_name() {
    let fx = Fixture::new();
    let prompt = "Prompt(id: \"goals.move_up\", text: \"What would it take to move you up a point or two?\", components: [\"self_efficacy\"])";
    let broken = prompt.replace("\"self_efficacy\"", "\"self_eficacy\"");
    let text = fx.edit(PROTOCOL, prompt, &broken);
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "prompt \"goals.move_up\" names component \"self_eficacy\", which is not one of the \
         components (feedback, responsibility, advice, menu, empathy, self_efficacy)",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, &broken, "\"self_eficacy\""),
    );
}

#[test]
fn duplicate_prompt_id_is_reported_at_the_second() {
    let fx = Fixture::new();
    let text = fx.edit(PROTOCOL, "id: \"goals.move_up\"", "id: \"goals.ruler\"");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "prompt id \"goals.ruler\" is used more than once; ids must be unique",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(
            &text,
            "Prompt(id: \"goals.ruler\", text: \"What would it take",
            "id",
        ),
    );
}

#[test]
fn missing_component_is_reported() {
    let fx = Fixture::new();
    let text = fx.read(PROTOCOL);
    let start = text
        .find("        Component(\n            id: \"menu\",")
        .expect("menu component");
    let len = text[start + 1..]
        .find("        Component(")
        .expect("next component")
        + 1;
    let edited = format!("{}{}", &text[..start], &text[start + len..]);
    fx.write(PROTOCOL, &edited);
    let problems = fx.problems();
    let p = the(&problems, "component \"menu\" is missing");
    assert_eq!(
        p.message,
        "component \"menu\" is missing; the six are feedback, responsibility, advice, menu, \
         empathy, self_efficacy",
        "message"
    );
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(&edited, "\n    components: [", "components"),
    );
    // The prompts that deliver it now name an unknown component.
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("names component \"menu\"")),
        "prompts naming menu are reported:\n{}",
        list(&problems)
    );
}

#[test]
fn missing_stage_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(PROTOCOL, "id: \"relapse\",", "id: \"recurrence\",");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "stage \"relapse\" is missing; the stages are precontemplation, contemplation, \
         preparation, action, maintenance, relapse",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "\n    stages: [", "stages"),
    );
}

#[test]
fn ruler_band_gap_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "RulerBand(min: 4, max: 6,",
        "RulerBand(min: 5, max: 6,",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "scores 4–4 fall in no zone, between band \"Not ready\" and band \"Unsure\"",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "RulerBand(min: 5, max: 6,", "min"),
    );
}

#[test]
fn ruler_band_overlap_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "RulerBand(min: 7, max: 8,",
        "RulerBand(min: 6, max: 8,",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "band \"Ready\" overlaps band \"Unsure\": score 6 falls in both",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "RulerBand(min: 6, max: 8,", "min"),
    );
}

#[test]
fn ruler_bands_must_be_marked_heuristic() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "bands_are_heuristic: true",
        "bands_are_heuristic: false",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert!(
        problems[0]
            .message
            .contains("set bands_are_heuristic to true"),
        "says what to do: {}",
        problems[0]
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "bands_are_heuristic: false", "bands_are_heuristic"),
    );
}

#[test]
fn protocol_naming_an_instrument_that_is_not_loaded_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(PROTOCOL, "\"crafft\"]", "\"crafft\", \"crafft3\"]");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "instrument \"crafft3\" is not in instruments/ (loaded: assist, audit, audit-c, crafft, \
         dast-10, s2bi, single-alcohol, single-drug, t-ace, tweak)",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "\"crafft\", \"crafft3\"]", "\"crafft3\""),
    );
}

#[test]
fn protocol_naming_a_deleted_instrument_file_is_reported() {
    let fx = Fixture::new();
    std::fs::remove_file(fx.path(SINGLE_DRUG)).expect("remove single_drug.ron");
    let text = fx.read(PROTOCOL);
    let problems = fx.problems();
    let p = the(
        &problems,
        "instrument \"single-drug\" is not in instruments/",
    );
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(&text, "\"single-drug\", \"t-ace\"", "\"single-drug\""),
    );
}

#[test]
fn unknown_source_key_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(PROTOCOL, "source: \"TIP34\",", "source: \"TIP43\",");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "source \"TIP43\" is not listed in `sources` (ADOLESCENT, ASAM, ASAM_WD, ASSIST_BI, BNI, \
         CDC_PREG, CMS, FDA_BENZO, FHIR, HELPLINES, MEDS, MILLER1994, MITRE, NIAAA, NIAAA_YOUTH, \
         NIDA_PREVENTION, OVERDOSE, PREGNANCY_SCREENS, REPORT_CARD, ROLLNICK, TIP24, TIP34, TIP35, \
         WHO_AUDIT)",
        "message"
    );
    // The first step's source.
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "source: \"TIP43\",", "source"),
    );
}

#[test]
fn billing_code_ending_before_it_starts_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "min_minutes: 5, max_minutes: 14",
        "min_minutes: 5, max_minutes: 4",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert!(
        problems[0]
            .message
            .starts_with("code G2011 ends before it starts"),
        "message: {}",
        problems[0]
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "min_minutes: 5, max_minutes: 4", "max_minutes"),
    );
}

#[test]
fn billing_code_message_is_in_plain_words() {
    let fx = Fixture::new();
    fx.edit(
        PROTOCOL,
        "min_minutes: 5, max_minutes: 14",
        "min_minutes: 5, max_minutes: 4",
    );
    let problems = fx.problems();
    let p = the(&problems, "code G2011 ends before it starts");
    assert_eq!(
        p.message, "code G2011 ends before it starts (5–4 minutes)",
        "no Rust Option syntax in the message"
    );
}

#[test]
fn a_follow_up_interval_of_zero_weeks_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "follow_up_weeks: [2, 4, 6]",
        "follow_up_weeks: [2, 0, 6]",
    );
    let problems = fx.problems();
    let p = the(&problems, "a follow-up interval of 0 weeks");
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(&text, "follow_up_weeks: [2, 0, 6]", "0"),
    );
}

#[test]
fn a_meaningful_change_of_zero_or_more_than_the_highest_total_is_reported() {
    for (points, what) in [("0", "zero points"), ("13", "more than AUDIT-C's 12")] {
        let fx = Fixture::new();
        let edited = format!("meaningful_change: (\n        points: {points},");
        let text = fx.edit(AUDIT_C, "meaningful_change: (\n        points: 2,", &edited);
        let problems = fx.problems();
        let p = the(&problems, "a meaningful change must be at least 1 point");
        assert!(
            p.message.contains("highest total (12)"),
            "{what}: the message names the highest total: {p}"
        );
        assert_at(&fx, p, AUDIT_C, pos(&text, &edited, "points"));
    }
    let fx = Fixture::new();
    fx.edit(
        AUDIT_C,
        "meaningful_change: (\n        points: 2,",
        "meaningful_change: (\n        points: 12,",
    );
    assert!(
        ProtocolSet::load_dir(fx.dir.path()).is_ok(),
        "the highest total itself is a valid threshold"
    );
}

#[test]
fn a_note_line_naming_an_unknown_component_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "component: \"feedback\",",
        "component: \"feedbak\",",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "the note line names component \"feedbak\", which is not one of the components \
         (feedback, responsibility, advice, menu, empathy, self_efficacy)",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "component: \"feedbak\",", "component"),
    );
}

#[test]
fn a_component_with_two_note_lines_is_reported_at_the_second() {
    let fx = Fixture::new();
    let line = "        ],\n    ),\n\n    // The pregnancy question";
    let text = fx.edit(
        PROTOCOL,
        line,
        "            NoteLine(component: \"feedback\", delivered: \"F yes\", not_delivered: \"F no\"),\n        ],\n    ),\n\n    // The pregnancy question",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "note line component id \"feedback\" is used more than once; ids must be unique",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(
            &text,
            "NoteLine(component: \"feedback\", delivered: \"F yes\"",
            "component",
        ),
    );
}

#[test]
fn a_note_placeholder_the_note_cannot_fill_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(PROTOCOL, "in step {step} at", "in step {stpe} at");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "delivered uses the placeholder {stpe}, which the note cannot fill: it takes {step}, {time}",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "delivered: \"Feedback given: yes", "delivered"),
    );
}

#[test]
fn a_placeholder_in_the_not_delivered_line_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        PROTOCOL,
        "not_delivered: \"Feedback given: not recorded\"",
        "not_delivered: \"Feedback given: not recorded at {time}\"",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "not_delivered uses the placeholder {time}, which the note cannot fill: this line takes \
         none",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, "not_delivered: \"Feedback", "not_delivered"),
    );
}

#[test]
fn an_unclosed_note_placeholder_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(PROTOCOL, "at {time}\"", "at {time\"");
    let problems = fx.problems();
    let p = the(&problems, "delivered has a { with no } after it");
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(&text, "delivered: \"Feedback given: yes", "delivered"),
    );
}

// ---------------------------------------------------------------------------------------------
// Instrument rules.

#[test]
fn duplicate_item_id_is_reported_at_the_second() {
    let fx = Fixture::new();
    let text = fx.edit(
        DAST,
        "Item(id: \"q2\", number: \"2\"",
        "Item(id: \"q1\", number: \"2\"",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "item id \"q1\" is used more than once; ids must be unique",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        DAST,
        pos(&text, "Item(id: \"q1\", number: \"2\"", "id"),
    );
}

#[test]
fn duplicate_zone_id_is_reported_at_the_second() {
    let fx = Fixture::new();
    let first = "Zone(id: \"negative\", level: \"Negative screen\"";
    let text = fx.edit(
        SINGLE_DRUG,
        first,
        &format!("Zone(id: \"negative\", level: \"Copy\", action: \"x\", feedback: \"x\"),\n        {first}"),
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "zone id \"negative\" is used more than once; ids must be unique",
        "message"
    );
    assert_at(&fx, &problems[0], SINGLE_DRUG, pos(&text, first, "id"));
}

#[test]
fn audit_zone_gap_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "Band(zone: \"II\", min: 8, max: 15)",
        "Band(zone: \"II\", min: 8, max: 14)",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "scores 15–15 fall in no zone, between zone II and zone III",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT,
        pos(&text, "Band(zone: \"III\", min: 16", "min"),
    );
}

#[test]
fn audit_zone_overlap_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "Band(zone: \"II\", min: 8, max: 15)",
        "Band(zone: \"II\", min: 8, max: 16)",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "zone III overlaps zone II: score 16 falls in both",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT,
        pos(&text, "Band(zone: \"III\", min: 16", "min"),
    );
}

#[test]
fn last_zone_ending_below_the_maximum_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "Band(zone: \"IV\", min: 20, max: 40)",
        "Band(zone: \"IV\", min: 20, max: 39)",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "scores 40–40 fall in no zone: zone IV ends at 39",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT,
        pos(&text, "Band(zone: \"IV\", min: 20, max: 39)", "max"),
    );
}

#[test]
fn last_zone_ending_above_the_maximum_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "Band(zone: \"IV\", min: 20, max: 40)",
        "Band(zone: \"IV\", min: 20, max: 41)",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "zone IV goes up to 41 but the highest possible score of audit is 40",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT,
        pos(&text, "Band(zone: \"IV\", min: 20, max: 41)", "max"),
    );
}

#[test]
fn gap_only_in_the_male_audit_c_table_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT_C,
        "Band(zone: \"positive\", min: 4, max: 7)",
        "Band(zone: \"positive\", min: 5, max: 7)",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "scores 4–4 fall in no zone, between zone negative and zone positive",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT_C,
        pos(&text, "Band(zone: \"positive\", min: 5, max: 7)", "min"),
    );
}

#[test]
fn instrument_without_a_default_cut_off_table_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT_C,
        "            note: \"Women:",
        "            when: (sex: Female),\n            note: \"Women:",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "no cut-off table applies to everyone: add one without `when`, last",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT_C,
        pos(&text, "\n    cutoffs: [", "cutoffs"),
    );
}

#[test]
fn negative_option_points_are_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "(label: \"Monthly or less\", points: 1)",
        "(label: \"Monthly or less\", points: -1)",
    );
    let problems = fx.problems();
    // Item 1 is the AUDIT-C's item 1 too: the edit also makes the shared item differ.
    assert_eq!(problems.len(), 2, "two problems:\n{}", list(&problems));
    assert!(
        problems[1]
            .message
            .contains("other options or points in audit than in audit-c"),
        "the shared item differs: {}",
        problems[1]
    );
    assert_eq!(
        problems[0].message,
        "item \"q1\" option \"Monthly or less\" scores -1 points; points must be 0 or more",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT,
        pos(&text, "(label: \"Monthly or less\", points: -1)", "points"),
    );
}

#[test]
fn item_with_one_option_is_reported() {
    let fx = Fixture::new();
    let item = "Item(id: \"q1\", number: \"1\", text: \"Have you used drugs other than those required for medical reasons?\", answer: Options([(label: \"Yes\", points: 1), (label: \"No\", points: 0)]))";
    let broken = item.replace(", (label: \"No\", points: 0)", "");
    let text = fx.edit(DAST, item, &broken);
    let problems = fx.problems();
    let p = the(&problems, "option(s); every item needs at least 2");
    assert_eq!(
        p.message, "item \"q1\" has 1 option(s); every item needs at least 2",
        "message"
    );
    assert_at(&fx, p, DAST, pos(&text, &broken, "answer"));
}

#[test]
fn skip_naming_an_unknown_item_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(AUDIT, "items: [\"q2\", \"q3\",", "items: [\"q22\", \"q3\",");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "skip names item \"q22\", which is not an item of audit",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT,
        pos(&text, "items: [\"q22\"", "\"q22\""),
    );
}

#[test]
fn flag_naming_an_unknown_item_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT_C,
        "SumAtMost(items: [\"q2\", \"q3\"]",
        "SumAtMost(items: [\"q2\", \"q4\"]",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "rule names item \"q4\", which is not an item",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT_C,
        pos(&text, "SumAtMost(items: [\"q2\", \"q4\"]", "\"q4\""),
    );
}

#[test]
fn escalation_naming_an_unknown_item_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "AnyAtLeast(items: [\"q9\", \"q10\"]",
        "AnyAtLeast(items: [\"q9\", \"q11\"]",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "rule names item \"q11\", which is not an item",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT,
        pos(&text, "[\"q9\", \"q11\"]", "\"q11\""),
    );
}

#[test]
fn rule_naming_an_unknown_zone_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(AUDIT_C, "ZoneIn([\"positive\"])", "ZoneIn([\"postive\"])");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "rule names zone \"postive\", which is not a zone (negative, positive, high)",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT_C,
        pos(&text, "ZoneIn([\"postive\"])", "\"postive\""),
    );
}

#[test]
fn unknown_substance_in_not_for_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(ASSIST, "not_for: [\"tobacco\"]", "not_for: [\"tabacco\"]");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "substance \"tabacco\" is not one of this instrument's substances (tobacco, alcohol, \
         cannabis, cocaine, stimulants, inhalants, sedatives, hallucinogens, opioids, other)",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        ASSIST,
        pos(&text, "not_for: [\"tabacco\"]", "\"tabacco\""),
    );
}

#[test]
fn band_naming_an_unknown_zone_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        DAST,
        "Band(zone: \"severe\", min: 9, max: 10)",
        "Band(zone: \"extreme\", min: 9, max: 10)",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message,
        "zone \"extreme\" is not one of the zones (none, low, moderate, substantial, severe)",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        DAST,
        pos(&text, "Band(zone: \"extreme\"", "zone"),
    );
}

#[test]
fn two_files_with_the_same_instrument_id_are_reported() {
    let fx = Fixture::new();
    let text = fx.read(SINGLE_DRUG);
    fx.write("instruments/zz_copy.ron", &text);
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    let first = fx.path(SINGLE_DRUG);
    assert_eq!(
        problems[0].message,
        format!(
            "instrument id \"single-drug\" is also used by {}; ids must be unique across the whole set, every language folder included (a translation gets its own id, e.g. \"single-drug-sv\")",
            first.display()
        ),
        "message names the other file"
    );
    assert_at(
        &fx,
        &problems[0],
        "instruments/zz_copy.ron",
        pos(&text, "\n    id: ", "id"),
    );
}

#[test]
fn first_zone_starting_above_the_minimum_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "Band(zone: \"I\", min: 0, max: 7)",
        "Band(zone: \"I\", min: 1, max: 7)",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "scores 0–0 fall in no zone: zone I starts at 1",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT,
        pos(&text, "Band(zone: \"I\", min: 1", "min"),
    );
}

#[test]
fn prompt_delivering_no_component_is_reported() {
    let fx = Fixture::new();
    let prompt = "Prompt(id: \"goals.move_up\", text: \"What would it take to move you up a point or two?\", components: [\"self_efficacy\"])";
    let broken = prompt.replace("[\"self_efficacy\"]", "[]");
    let text = fx.edit(PROTOCOL, prompt, &broken);
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "prompt \"goals.move_up\" delivers no component; name at least one",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        PROTOCOL,
        pos(&text, &broken, "components"),
    );
}

#[test]
fn rule_naming_an_option_that_does_not_exist_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "AnswerIn(item: \"q1\", options: [0])",
        "AnswerIn(item: \"q1\", options: [5])",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "item \"q1\" has options 0–4; option 5 does not exist",
        "message"
    );
    assert_at(&fx, &problems[0], AUDIT, pos(&text, "options: [5]", "5"));
}

#[test]
fn skip_depending_on_the_zone_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "when: AnswerIn(item: \"q1\", options: [0])",
        "when: ZoneIn([\"I\"])",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert_eq!(
        problems[0].message, "a skip cannot depend on the zone, which depends on the skip",
        "message"
    );
    assert_at(
        &fx,
        &problems[0],
        AUDIT,
        pos(&text, "when: ZoneIn([\"I\"])", "when"),
    );
}

// ---------------------------------------------------------------------------------------------
// All at once.

#[test]
fn several_problems_in_several_files_are_all_reported_each_at_its_place() {
    let fx = Fixture::new();
    let audit = fx.edit(
        AUDIT,
        "Band(zone: \"II\", min: 8, max: 15)",
        "Band(zone: \"II\", min: 8, max: 14)",
    );
    let dast = fx.edit(
        DAST,
        "Item(id: \"q2\", number: \"2\"",
        "Item(id: \"q1\", number: \"2\"",
    );
    let protocol = fx.edit(
        PROTOCOL,
        "components: [\"self_efficacy\"]),\n                Prompt(id: \"goals.why_not_lower\"",
        "components: [\"courage\"]),\n                Prompt(id: \"goals.why_not_lower\"",
    );
    let second_gap = fx.edit(
        AUDIT,
        "Band(zone: \"IV\", min: 20, max: 40)",
        "Band(zone: \"IV\", min: 21, max: 40)",
    );
    let problems = fx.problems();
    assert_eq!(problems.len(), 4, "four problems:\n{}", list(&problems));

    let p = the(&problems, "scores 15–15 fall in no zone");
    assert_at(
        &fx,
        p,
        AUDIT,
        pos(&audit, "Band(zone: \"III\", min: 16", "min"),
    );
    let p = the(&problems, "scores 20–20 fall in no zone");
    assert_at(
        &fx,
        p,
        AUDIT,
        pos(&second_gap, "Band(zone: \"IV\", min: 21", "min"),
    );
    let p = the(&problems, "item id \"q1\" is used more than once");
    assert_at(
        &fx,
        p,
        DAST,
        pos(&dast, "Item(id: \"q1\", number: \"2\"", "id"),
    );
    let p = the(&problems, "names component \"courage\"");
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(&protocol, "\"courage\"", "\"courage\""),
    );

    let positions: std::collections::BTreeSet<(PathBuf, Position)> = problems
        .iter()
        .map(|p| (p.path.clone(), p.position))
        .collect();
    assert_eq!(positions.len(), 4, "each problem has its own position");
}

#[test]
fn load_error_display_is_one_path_line_col_line_per_problem() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT,
        "Band(zone: \"II\", min: 8, max: 15)",
        "Band(zone: \"II\", min: 8, max: 14)",
    );
    let e = ProtocolSet::load_dir(fx.dir.path()).expect_err("broken copy fails");
    let at = pos(&text, "Band(zone: \"III\", min: 16", "min");
    assert_eq!(
        e.to_string(),
        format!(
            "{}:{}:{}: scores 15–15 fall in no zone, between zone II and zone III",
            fx.path(AUDIT).display(),
            at.line,
            at.col
        ),
        "path:line:col: message"
    );
}

// ---------------------------------------------------------------------------------------------
// The family-intervention protocol: the same engine, the same `path:line:col` errors.

const FAMILY: &str = "family_intervention.ron";

#[test]
fn a_family_protocol_blocking_an_unknown_approach_is_reported_where_it_is_named() {
    let fx = Fixture::new();
    let text = fx.edit(
        FAMILY,
        r#"blocks: ["arise_3", "formal"],"#,
        r#"blocks: ["arise_3", "fromal"],"#,
    );
    let problems = fx.problems();
    let p = the(
        &problems,
        "blocks approach \"fromal\", which is not an approach",
    );
    assert_eq!(p.path, fx.path(FAMILY), "in the family file");
    assert_eq!(
        p.position,
        pos(&text, r#"blocks: ["arise_3", "fromal"]"#, "\"fromal\""),
        "at the misspelt id"
    );
    assert!(
        p.message
            .contains("craft, arise_1, arise_2, arise_3, formal"),
        "lists the approaches: {}",
        p.message
    );
}

// --- The take-home sheet, the credits, the drink estimate and shared items ----------------------

#[test]
fn a_shared_item_worded_differently_is_reported_at_the_item() {
    let fx = Fixture::new();
    fx.edit(
        AUDIT_C,
        "How often do you have six or more drinks on one occasion?",
        "How often do you have five or more drinks on one occasion?",
    );
    let problems = fx.problems();
    let p = the(&problems, "is worded differently in audit and audit-c");
    let text = fx.read(AUDIT);
    assert_at(
        &fx,
        p,
        AUDIT,
        pos(&text, "items: [\"q1\", \"q2\", \"q3\"]", "\"q3\""),
    );
}

#[test]
fn a_drink_table_with_the_wrong_number_of_entries_is_reported() {
    let fx = Fixture::new();
    let text = fx.edit(
        AUDIT_C,
        "drinks_per_day: [(1, 2), (3, 4), (5, 6), (7, 9), (10, None)]",
        "drinks_per_day: [(1, 2), (3, 4), (5, 6), (7, 9)]",
    );
    let problems = fx.problems();
    let p = the(&problems, "so drinks_per_day needs 5 entries (has 4)");
    assert_at(
        &fx,
        p,
        AUDIT_C,
        pos(&text, "drinks_per_day: [", "drinks_per_day"),
    );
}

#[test]
fn a_credit_naming_an_unknown_component_and_a_sheet_placeholder_it_cannot_fill_are_reported() {
    let fx = Fixture::new();
    fx.edit(
        PROTOCOL,
        "components: [\"menu\"], label",
        "components: [\"manu\"], label",
    );
    let text = fx.edit(
        PROTOCOL,
        "follow_up_line: \"We will check in with you on {date}.\"",
        "follow_up_line: \"We will check in with you on {day}.\"",
    );
    let problems = fx.problems();
    the(&problems, "component \"manu\" is not one of the components");
    let p = the(
        &problems,
        "the placeholder {day} cannot be filled here: it takes {date}",
    );
    assert_at(
        &fx,
        p,
        PROTOCOL,
        pos(&text, "follow_up_line: \"We", "follow_up_line"),
    );
}

#[test]
fn a_family_protocol_without_a_recommended_approach_or_a_not_held_outcome_is_refused() {
    let fx = Fixture::new();
    let text = fx.read(FAMILY);
    let edited = text
        .replace("                recommended: true,\n", "")
        .replace(
            r#"Outcome(id: "not_held", label: "Meeting not held"),"#,
            r#"Outcome(id: "not_held", label: "Meeting not held", held: true),"#,
        );
    assert_ne!(edited, text, "the edits apply");
    fx.write(FAMILY, &edited);
    let problems = fx.problems();
    the(&problems, "no approach is `recommended: true`");
    the(&problems, "\"meeting not held\" must be recordable");
}

#[test]
fn a_family_protocol_with_a_brief_step_kind_or_a_credit_to_an_unknown_component_is_refused() {
    let fx = Fixture::new();
    fx.edit(FAMILY, "kind: Treatment,", "kind: Goals,");
    let text = fx.edit(
        FAMILY,
        r#"component: "treatment_ready", step: "treatment""#,
        r#"component: "treatment_redy", step: "treatment""#,
    );
    let problems = fx.problems();
    let kind = the(
        &problems,
        "has kind Goals, which belongs to a brief intervention",
    );
    assert!(kind.position.line > 1, "placed: {kind:?}");
    let credit = the(&problems, "credit names component \"treatment_redy\"");
    assert_eq!(
        credit.position,
        pos(&text, r#"component: "treatment_redy""#, "component"),
        "at the component"
    );
}

#[test]
fn a_family_protocol_typo_in_a_fact_is_a_parse_error_with_its_position() {
    let fx = Fixture::new();
    let text = fx.edit(FAMILY, "when: TreatmentReady,", "when: TreatmentRedy,");
    let problems = fx.problems();
    assert_eq!(problems.len(), 1, "one problem:\n{}", list(&problems));
    assert!(
        problems[0].message.contains("TreatmentRedy"),
        "names the typo: {}",
        problems[0].message
    );
    assert_eq!(
        problems[0].position,
        pos(&text, "when: TreatmentRedy", "TreatmentRedy"),
        "at the typo"
    );
}

#[test]
fn a_family_protocol_without_a_withdrawal_question_is_refused_and_a_brief_one_with_a_plan_too() {
    let fx = Fixture::new();
    fx.edit(FAMILY, "needs_withdrawal_management: true,", "");
    let problems = fx.problems();
    the(&problems, "no question asks about withdrawal risk");

    let fx = Fixture::new();
    fx.edit(FAMILY, "kind: FamilyIntervention,", "");
    let problems = fx.problems();
    the(&problems, "a BriefIntervention protocol has no `plan`");
}

#[test]
fn a_sheet_without_any_help_resource_is_reported() {
    let fx = Fixture::new();
    let text = fx.read(PROTOCOL);
    let from = text.find("        help: [\n").expect("a help list");
    let to = from + text[from..].find("        ],\n").expect("its end") + "        ],\n".len();
    let edited = format!("{}        help: [],\n{}", &text[..from], &text[to..]);
    fx.write(PROTOCOL, &edited);
    let problems = fx.problems();
    the(&problems, "list at least one place to get help");
}
