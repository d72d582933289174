//! The Swedish protocol set beside the English one: both load into one set from the bundle and
//! from a folder, ids are unique across language folders, a translated instrument must say
//! whether its wording is the validated one, Socialstyrelsen's limits reach the feedback step
//! and the take-home sheet (never for the pregnant patient or the minor), the intervention
//! level is recorded, refused when unknown, written in the note and counted by the audit, and
//! a mixed English and Swedish clinic audits without mixing the two.

use std::path::{Path, PathBuf};
use std::process::Command;

use brief::audit::aggregate::{Filters, Report};
use brief::audit::export::write_table;
use brief::audit::scan;
use brief::handout;
use brief::protocol::{LoadError, Pregnancy, Problem, Protocol, ProtocolSet, Sex};
use brief::scoring::{self, LimitsAdvice, Profile};
use brief::session::{
    Change, ChangeError, Screening, ScreeningResult, Session, SessionId, Timestamp,
};
use chrono::{DateTime, Duration};
use tempfile::TempDir;

fn t(secs: i64) -> Timestamp {
    DateTime::parse_from_rfc3339("2026-11-25T10:00:00+01:00").expect("fixed time parses")
        + Duration::seconds(secs)
}

fn set() -> ProtocolSet {
    ProtocolSet::bundled().expect("bundled protocols load")
}

fn swedish(set: &ProtocolSet) -> &Protocol {
    set.protocol("brief_intervention_sv")
        .expect("the Swedish protocol is bundled")
}

fn profile(sex: Sex, age: u32) -> Profile {
    Profile {
        sex: Some(sex),
        age: Some(age),
        ..Profile::default()
    }
}

/// A session of `protocol` with one screening, changed as the window changes it.
fn session(
    set: &ProtocolSet,
    protocol: &Protocol,
    n: u64,
    profile: Profile,
    screening: Option<(&str, &[u32])>,
) -> Session {
    let mut s = Session::for_protocol(
        SessionId::from_parts(t(0).to_utc(), n),
        "c-berg",
        &format!("P-{n}"),
        profile,
        protocol,
        t(0),
    );
    s.refresh_safety(set, protocol, t(0));
    if let Some((id, answers)) = screening {
        let ins = set.instrument(id).expect("instrument loaded");
        let answers: Vec<Option<u32>> = answers.iter().map(|a| Some(*a)).collect();
        let score = scoring::score(ins, &answers, &profile, None).expect("answers score");
        s.apply_in(
            set,
            protocol,
            Change::RecordScreening(Screening {
                instrument: id.to_owned(),
                substance: None,
                profile,
                answers,
                result: Some(ScreeningResult::from(&score)),
                suggested: None,
                time: t(60),
            }),
            t(60),
        )
        .expect("the screening is recorded");
    }
    s
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn sheet_text(set: &ProtocolSet, s: &Session) -> String {
    let bytes = handout::pdf_bytes(s, set).expect("the sheet is made");
    let doc = lopdf::Document::load_mem(&bytes).expect("the PDF loads");
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    squash(&doc.extract_text(&pages).expect("text extracts"))
}

// ---------------------------------------------------------------------------------------------
// Loading both languages.

#[test]
fn the_bundle_holds_both_languages_in_one_set_and_each_language_its_own_default() {
    let set = set();
    let sv = swedish(&set);
    assert_eq!(sv.language, "sv", "the Swedish protocol is in Swedish");
    assert_eq!(
        set.default_protocol().id,
        "brief_intervention",
        "the default stays the English brief intervention"
    );
    assert_eq!(set.default_protocol_in("sv").id, "brief_intervention_sv");
    let in_sv: Vec<&str> = set
        .protocols_in("sv")
        .iter()
        .map(|p| p.id.as_str())
        .collect();
    assert!(in_sv.contains(&"brief_intervention_sv"), "{in_sv:?}");
    assert!(
        !in_sv.contains(&"brief_intervention"),
        "the Swedish window offers Swedish protocols only: {in_sv:?}"
    );
    // A language with no protocol of its own falls back to the base language.
    assert_eq!(set.default_protocol_in("de").id, "brief_intervention");
    assert!(
        set.protocols_in("de").iter().all(|p| p.language == "en"),
        "German falls back to English"
    );
    for id in &sv.instruments {
        let ins = set
            .instrument(id)
            .expect("the Swedish instruments are loaded");
        assert_eq!(ins.language, "sv", "{id} is Swedish");
    }
}

#[test]
fn brief_check_on_the_protocols_folder_loads_both_languages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols");
    let dir = dir.to_str().expect("a UTF-8 path");
    let out = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["--protocols", dir, "check", dir])
        .output()
        .expect("brief runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "check passes: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for expected in [
        "4 protocol(s)",
        "audit-sv",
        "dudit",
        "language sv             protocols: brief_intervention_sv, family_intervention_sv",
        "wording dudit           sv (unofficial translation — replace with the official text)",
    ] {
        assert!(stdout.contains(expected), "{expected:?} in\n{stdout}");
    }
}

/// A copy of the whole protocols folder, every language folder included.
struct Copy {
    dir: TempDir,
}

impl Copy {
    fn new() -> Self {
        let dir = TempDir::new().expect("temp dir");
        copy_tree(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols"),
            dir.path(),
        );
        Self { dir }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).expect("read copy")
    }

    fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.path(rel), text).expect("write copy");
    }

    fn problems(&self) -> Vec<Problem> {
        match ProtocolSet::load_dir(self.dir.path()) {
            Ok(_) => panic!("the broken copy loaded"),
            Err(LoadError::Invalid(problems)) => problems,
            Err(e) => panic!("expected problems, got {e}"),
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read folder") {
        let path = entry.expect("entry").path();
        let dest = to.join(path.file_name().expect("a name"));
        if path.is_dir() {
            copy_tree(&path, &dest);
        } else {
            std::fs::copy(&path, &dest).expect("copy file");
        }
    }
}

/// 1-based line and column of the first `needle` in `text`.
fn position(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("needle in text");
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before.chars().rev().take_while(|c| *c != '\n').count() + 1;
    (line, col)
}

#[test]
fn the_swedish_family_intervention_recommends_craft() {
    let set = set();
    let p = set
        .protocol("family_intervention_sv")
        .expect("the Swedish family intervention is bundled");
    assert_eq!(p.language, "sv");
    assert_eq!(set.protocols_in("sv").len(), 2, "both Swedish protocols");
    let spec = p.plan.as_ref().expect("a plan");
    let recommended: Vec<&str> = spec
        .approaches
        .iter()
        .filter(|a| a.recommended)
        .map(|a| a.id.as_str())
        .collect();
    assert_eq!(
        recommended.first(),
        Some(&"craft"),
        "CRAFT first: {recommended:?}"
    );
    let craft = spec.approaches.iter().find(|a| a.id == "craft").unwrap();
    assert_eq!(
        craft.source, "SOS_CRAFT",
        "cited to Socialstyrelsen's guideline"
    );
    let ids = |p: &Protocol| -> Vec<String> { p.steps.iter().map(|s| s.id.clone()).collect() };
    let en = set.protocol("family_intervention").unwrap();
    assert_eq!(
        ids(p),
        ids(en),
        "the same step ids as English, so figures compare"
    );
}

#[test]
fn a_folder_loads_the_base_set_and_every_language_folder() {
    let copy = Copy::new();
    let set = ProtocolSet::load_dir(copy.dir.path()).expect("the copy loads");
    assert!(set.protocol("brief_intervention").is_some(), "English");
    assert!(set.protocol("brief_intervention_sv").is_some(), "Swedish");
    assert!(set.instrument("dudit").is_some(), "sv/instruments");
}

#[test]
fn an_id_used_in_two_language_folders_is_reported_where_the_second_file_says_it() {
    let copy = Copy::new();
    // The English single drug question copied into the Swedish folder, language changed
    // but the id kept.
    let text = copy.read("instruments/single_drug.ron").replacen(
        "Instrument(",
        "Instrument(\n    language: \"sv\",\n    validated_translation: false,",
        1,
    );
    copy.write("sv/instruments/single_drug.ron", &text);
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "one problem: {problems:?}");
    let p = &problems[0];
    assert_eq!(
        p.path,
        copy.path("sv/instruments/single_drug.ron"),
        "the second file"
    );
    assert!(
        p.message.contains(&format!(
            "is also used by {}",
            copy.path("instruments/single_drug.ron").display()
        )),
        "names the other file: {}",
        p.message
    );
    let (line, col) = position(&text, "id: \"single-drug\"");
    assert_eq!((p.position.line, p.position.col), (line, col), "at its id");
    let shown = p.to_string();
    assert!(
        shown.starts_with(&format!(
            "{}:{line}:{col}: ",
            copy.path("sv/instruments/single_drug.ron").display()
        )),
        "path:line:col: {shown}"
    );
}

#[test]
fn a_protocol_id_used_twice_across_languages_is_reported() {
    let copy = Copy::new();
    let text = copy.read("sv/brief_intervention.ron").replacen(
        "id: \"brief_intervention_sv\"",
        "id: \"brief_intervention\"",
        1,
    );
    copy.write("sv/brief_intervention.ron", &text);
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "one problem: {problems:?}");
    assert_eq!(problems[0].path, copy.path("sv/brief_intervention.ron"));
    assert!(
        problems[0]
            .message
            .starts_with("protocol id \"brief_intervention\" is also used by "),
        "{}",
        problems[0].message
    );
}

#[test]
fn a_swedish_instrument_that_does_not_say_whether_it_is_the_validated_translation_is_refused() {
    let copy = Copy::new();
    let text = copy.read("sv/instruments/dudit.ron").replacen(
        "    validated_translation: false,\n",
        "",
        1,
    );
    copy.write("sv/instruments/dudit.ron", &text);
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "one problem: {problems:?}");
    let p = &problems[0];
    assert_eq!(p.path, copy.path("sv/instruments/dudit.ron"));
    assert!(
        p.message
            .contains("say whether this is the validated translation"),
        "{}",
        p.message
    );
    assert_eq!(
        (p.position.line, p.position.col),
        position(&text, "language: \"sv\""),
        "at its language"
    );
}

#[test]
fn a_file_in_a_language_folder_must_be_in_that_language() {
    let copy = Copy::new();
    let text =
        copy.read("sv/instruments/dudit.ron")
            .replacen("language: \"sv\"", "language: \"en\"", 1);
    copy.write("sv/instruments/dudit.ron", &text);
    let problems = copy.problems();
    assert_eq!(problems.len(), 1, "one problem: {problems:?}");
    assert!(
        problems[0].message.contains("language folder \"sv\""),
        "{}",
        problems[0].message
    );
}

// ---------------------------------------------------------------------------------------------
// Socialstyrelsen's limits.

#[test]
fn an_adult_is_shown_the_swedish_limits_in_the_feedback_step_and_on_the_sheet() {
    let set = set();
    let p = swedish(&set);
    // A woman of 45, AUDIT-C 2-3 times a week, 3-4 glasses, monthly 6+: 3 + 1 + 2 = 6, positive.
    let s = session(
        &set,
        p,
        1,
        profile(Sex::Female, 45),
        Some(("audit-c-sv", &[3, 1, 2])),
    );
    let advice = brief::safety::advice(&set, p, &s.profile, &s.answers());
    let LimitsAdvice::Limits(limit) = advice.limits else {
        panic!("an adult is shown the limits: {:?}", advice.limits);
    };
    assert_eq!(
        (limit.per_week, limit.per_day),
        (9, 3),
        "riskbruk from 10 and from 4"
    );
    for words in [
        "10 standardglas",
        "4 standardglas",
        "samma för kvinnor och män",
    ] {
        assert!(limit.text.contains(words), "{words:?} in {}", limit.text);
    }
    assert!(
        p.low_risk_limits.standard_drink.contains("12 gram"),
        "the 12 g standardglas"
    );
    assert_eq!(
        p.low_risk_limits.drink_grams,
        Some(12),
        "the limit counts 12 g"
    );
    // The same limit for a man: one limit for both sexes.
    let man = p.low_risk_limits.advice_for(&profile(Sex::Male, 45));
    assert_eq!(man, LimitsAdvice::Limits(limit), "the same limit for men");

    let text = sheet_text(&set, &s);
    let h = p.handout.as_ref().expect("the Swedish sheet");
    for (what, expected) in [
        ("the title", squash(&h.title)),
        ("the score", "AUDIT-C: 6 poäng av 12".to_owned()),
        ("the limit", squash(&limit.text)),
        ("its heading", squash(&h.limit_heading)),
        ("the drink", "12 gram".to_owned()),
        ("the Swedish help line", "020-84 44 48".to_owned()),
        ("1177", "1177".to_owned()),
        ("the date in Swedish format", "2026-11-25".to_owned()),
    ] {
        assert!(text.contains(&expected), "{what}: {expected:?} in\n{text}");
    }
}

/// Every way the Swedish protocol states its limit.
fn limit_phrases(p: &Protocol) -> Vec<String> {
    let h = p.handout.as_ref().expect("a sheet");
    let mut out = vec![squash(&h.limit_heading)];
    out.extend(p.low_risk_limits.limits.iter().map(|l| squash(&l.text)));
    out
}

#[test]
fn the_pregnant_patient_and_the_minor_are_never_shown_an_allowed_amount() {
    let set = set();
    let p = swedish(&set);
    let pregnant = Profile {
        pregnancy: Pregnancy::Pregnant,
        ..profile(Sex::Female, 30)
    };
    let cases = [
        ("pregnant", pregnant, p.low_risk_limits.pregnancy.clone()),
        (
            "a girl of 16",
            profile(Sex::Female, 16),
            p.low_risk_limits.underage.clone().expect("underage words"),
        ),
        (
            "a boy of 17",
            profile(Sex::Male, 17),
            p.low_risk_limits.underage.clone().expect("underage words"),
        ),
    ];
    for (who, prof, instead) in cases {
        // Monthly or less, 1-2 glasses, never 6+: 1 point, any drinking.
        let s = session(&set, p, 2, prof, Some(("audit-c-sv", &[1, 0, 0])));
        let advice = brief::safety::advice(&set, p, &s.profile, &s.answers());
        assert!(
            !matches!(advice.limits, LimitsAdvice::Limits(_)),
            "{who}: no limit in the feedback step, got {:?}",
            advice.limits
        );
        let result = s.screenings[0].result.as_ref().expect("scored");
        assert_eq!(result.zone, "positive", "{who}: any drinking counts");
        let text = sheet_text(&set, &s);
        for phrase in limit_phrases(p) {
            assert!(
                !text.contains(&phrase),
                "{who}: {phrase:?} not on the sheet\n{text}"
            );
        }
        assert!(
            text.contains(&squash(&instead))
                || text.contains(&squash(&p.handout.as_ref().unwrap().limits_withheld)),
            "{who}: what is said instead of a limit is on the sheet\n{text}"
        );
    }
}

#[test]
fn a_pregnant_patient_who_drinks_raises_the_swedish_pregnancy_rule() {
    let set = set();
    let p = swedish(&set);
    let pregnant = Profile {
        pregnancy: Pregnancy::Pregnant,
        ..profile(Sex::Female, 30)
    };
    let s = session(
        &set,
        p,
        3,
        pregnant,
        Some(("dudit", &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
    );
    let rules: Vec<&str> = s.safety.iter().map(|f| f.rule.as_str()).collect();
    assert!(
        rules.contains(&"pregnancy"),
        "drug use in pregnancy: {rules:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Language and intervention level of a session.

#[test]
fn a_session_records_its_language_and_an_english_one_is_written_as_before() {
    let set = set();
    let sv = session(&set, swedish(&set), 4, profile(Sex::Male, 50), None);
    assert_eq!(sv.language.as_deref(), Some("sv"));
    assert_eq!(sv.language(), "sv");
    assert!(sv.to_ron().unwrap().contains("language: Some(\"sv\")"));
    let en = session(
        &set,
        set.default_protocol(),
        5,
        profile(Sex::Male, 50),
        None,
    );
    assert_eq!(en.language, None, "English is not written");
    assert_eq!(en.language(), "en");
    let text = en.to_ron().unwrap();
    assert!(!text.contains("language"), "no language line:\n{text}");
    assert!(!text.contains("intervention_level"), "no level line");
}

#[test]
fn the_intervention_level_round_trips_is_refused_when_unknown_and_is_in_the_note() {
    let set = set();
    let p = swedish(&set);
    let mut s = session(&set, p, 6, profile(Sex::Female, 50), None);
    let note = brief::note::clinical_note(&s, &set, t(600));
    // The note of a Swedish session is written in Swedish.
    assert!(note.contains("Insatsnivå: ej angivet"), "{note}");
    assert!(
        !note.contains("Billing hint") && !note.contains("Debiteringsförslag"),
        "no billing in Sweden:\n{note}"
    );
    let refused = s.apply_in(
        &set,
        p,
        Change::SetInterventionLevel(Some("kort_rad".to_owned())),
        t(300),
    );
    assert!(
        matches!(refused, Err(ChangeError::UnknownInterventionLevel { .. })),
        "an unknown level is refused: {refused:?}"
    );
    assert_eq!(s.intervention_level, None, "and nothing is recorded");
    s.apply_in(
        &set,
        p,
        Change::SetInterventionLevel(Some("radgivande_samtal".to_owned())),
        t(300),
    )
    .expect("a level of the protocol is accepted");
    let text = s.to_ron().unwrap();
    let back = brief::store::parse_session(Path::new("x.ron"), &text).expect("reads back");
    assert_eq!(
        back.intervention_level.as_deref(),
        Some("radgivande_samtal")
    );
    assert_eq!(back, s, "the whole session round-trips");
    let note = brief::note::clinical_note(&s, &set, t(600));
    assert!(
        note.contains("Insatsnivå: Rådgivande samtal (oftast 10–15 minuter, upp till 30)"),
        "{note}"
    );
    // The English protocol has no levels: a level is refused there.
    let en = set.default_protocol();
    let mut e = session(&set, en, 7, profile(Sex::Female, 50), None);
    assert!(
        e.apply_in(
            &set,
            en,
            Change::SetInterventionLevel(Some("enkla_rad".to_owned())),
            t(300)
        )
        .is_err(),
        "the English protocol lists no levels"
    );
}

// ---------------------------------------------------------------------------------------------
// The audit of a mixed clinic.

fn closed(set: &ProtocolSet, p: &Protocol, n: u64, level: Option<&str>) -> Session {
    let mut s = session(set, p, n, profile(Sex::Male, 40), None);
    s.apply_in(
        set,
        p,
        Change::Cover {
            component: "feedback".to_owned(),
            step: s.current_step.clone(),
            source: brief::session::CoverageSource::ByHand,
            note: None,
        },
        t(120),
    )
    .expect("covered");
    if let Some(level) = level {
        s.apply_in(
            set,
            p,
            Change::SetInterventionLevel(Some(level.to_owned())),
            t(180),
        )
        .expect("level");
    }
    s.apply_in(
        set,
        p,
        Change::Close {
            reason: Some("test".to_owned()),
        },
        t(900),
    )
    .expect("closed");
    s
}

#[test]
fn a_mixed_english_and_swedish_clinic_audits_each_language_on_its_own() {
    let set = set();
    let en = set.default_protocol();
    let sv = swedish(&set);
    let dir = TempDir::new().expect("temp dir");
    let mut n = 100;
    let mut save = |s: &Session| {
        n += 1;
        let path = dir.path().join(format!("{n}.ron"));
        std::fs::write(&path, s.to_ron().unwrap()).expect("write");
    };
    for i in 0..3 {
        save(&closed(&set, en, 10 + i, None));
    }
    save(&closed(&set, sv, 20, Some("enkla_rad")));
    save(&closed(&set, sv, 21, Some("radgivande_samtal")));
    save(&closed(&set, sv, 22, Some("radgivande_samtal")));
    save(&closed(&set, sv, 23, None));
    let scanned = scan::scan(dir.path(), scan::CacheMode::Bypass);
    assert_eq!(scanned.summaries.len(), 7, "all read");

    let english = Report::new(&scanned.summaries, &Filters::default().among(&set, en), en);
    assert_eq!(
        english.sessions, 3,
        "only the English sessions in the English table"
    );
    assert_eq!(english.components[0].count, 3, "feedback 3 of 3");
    assert!(english.levels.is_empty(), "English records no levels");
    assert_eq!(english.language, None);
    assert_eq!(
        english.other_protocols.len(),
        1,
        "{:?}",
        english.other_protocols
    );
    assert_eq!(english.other_protocols[0].protocol, "brief_intervention_sv");
    assert_eq!(english.other_protocols[0].sessions, 4);
    assert_eq!(english.other_protocols[0].language.as_deref(), Some("sv"));
    let mut out = Vec::new();
    write_table(&mut out, &english, en).expect("table");
    let table = String::from_utf8(out).unwrap();
    assert!(
        table.contains("brief_intervention_sv (sv) 4 session(s)"),
        "the language beside the protocol:\n{table}"
    );

    let filters = Filters {
        protocol: Some(sv.id.clone()),
        ..Filters::default()
    }
    .among(&set, sv);
    let swedish = Report::new(&scanned.summaries, &filters, sv);
    assert_eq!(swedish.sessions, 4, "only the Swedish sessions");
    assert_eq!(swedish.language.as_deref(), Some("sv"));
    let levels: Vec<(Option<&str>, usize)> = swedish
        .levels
        .iter()
        .map(|l| (l.level.as_deref(), l.count))
        .collect();
    assert_eq!(
        levels,
        [
            (Some("enkla_rad"), 1),
            (Some("radgivande_samtal"), 2),
            (Some("kvalificerat_radgivande_samtal"), 0),
            (None, 1),
        ],
        "levels in the protocol's order, then not recorded"
    );
    let mut out = Vec::new();
    write_table(&mut out, &swedish, sv).expect("table");
    let table = String::from_utf8(out).unwrap();
    for expected in [
        "protocol brief_intervention_sv (sv)",
        "Intervention level (4 closed session(s))",
        "Rådgivande samtal",
        "Minutes (4 closed session(s))",
    ] {
        assert!(table.contains(expected), "{expected:?} in\n{table}");
    }
    assert!(
        !table.contains("billing"),
        "no billing codes in Sweden:\n{table}"
    );
    let json = serde_json::to_value(&swedish).unwrap();
    assert_eq!(
        json["levels"][1]["level"], "radgivande_samtal",
        "levels in the JSON"
    );
}

#[test]
fn the_drinks_picture_is_numbered_by_the_limit_that_applies_not_by_sevens() {
    use brief::feedback::DrinkScale;
    // Sweden: at most 9 a week. The US limits are 7 and 14, where sevens happened to fit.
    let sweden = DrinkScale {
        week: (2, Some(6)),
        limit: 9,
        top: 18,
        over_day: true,
    };
    assert_eq!(sweden.ticks(), [0, 9, 18], "no 7 or 14 beside a limit of 9");
    let us_men = DrinkScale {
        week: (10, Some(18)),
        limit: 14,
        top: 28,
        over_day: false,
    };
    assert_eq!(us_men.ticks(), [0, 14, 28]);
}
