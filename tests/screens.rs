//! The pregnancy and adolescent screens — T-ACE, TWEAK, S2BI, CRAFFT 2.1 — at every cut-off, from
//! their sources; the licence-aware catalogue (CRAFFT refused by the bundled set, accepted by a
//! protocol folder that records the licence); the routes that suggest a screen by age and
//! pregnancy; and `brief score` with yes/no words and counts.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::LazyLock;

use brief::protocol::{LicenceState, Pregnancy, ProtocolSet, Sex};
use brief::scoring::{self, Profile, Score};
use tempfile::TempDir;

static SET: LazyLock<ProtocolSet> =
    LazyLock::new(|| ProtocolSet::bundled().expect("bundled protocols load"));

fn who(sex: Option<Sex>, age: Option<u32>, pregnancy: Pregnancy) -> Profile {
    Profile {
        sex,
        age,
        pregnancy,
    }
}

fn pregnant() -> Profile {
    who(Some(Sex::Female), Some(30), Pregnancy::Pregnant)
}

fn woman() -> Profile {
    who(Some(Sex::Female), Some(30), Pregnancy::NotPregnant)
}

fn run(set: &ProtocolSet, id: &str, answers: &[u32], profile: &Profile) -> Score {
    let ins = set.instrument(id).expect("bundled instrument");
    let answers: Vec<Option<u32>> = answers.iter().copied().map(Some).collect();
    scoring::score(ins, &answers, profile, None).expect("scores")
}

fn zone(id: &str, answers: &[u32], profile: &Profile) -> (u32, String) {
    let s = run(&SET, id, answers, profile);
    (s.total, s.zone)
}

#[test]
fn t_ace_tolerance_scores_2_from_3_drinks_and_2_points_is_positive() {
    // Sokol 1989: T = more than 2 drinks to feel high = 2; A, C, E = 1 each; positive ≥ 2.
    // Answers: drinks, then A, C, E as 0 = No, 1 = Yes.
    let p = pregnant();
    assert_eq!(
        zone("t-ace", &[2, 0, 0, 0], &p),
        (0, "negative".into()),
        "2 drinks"
    );
    assert_eq!(
        zone("t-ace", &[3, 0, 0, 0], &p),
        (2, "positive".into()),
        "3 drinks"
    );
    assert_eq!(
        zone("t-ace", &[0, 1, 0, 0], &p),
        (1, "negative".into()),
        "A alone: 1"
    );
    assert_eq!(
        zone("t-ace", &[0, 1, 1, 0], &p),
        (2, "positive".into()),
        "A + C: 2"
    );
    assert_eq!(
        zone("t-ace", &[9, 1, 1, 1], &p),
        (5, "positive".into()),
        "the maximum 5"
    );
}

#[test]
fn tweak_is_positive_from_2_in_pregnancy_and_from_3_otherwise() {
    // Russell 1994 / Chan 1993: T (5+ drinks held) = 2, W = 2, E, A, K = 1; ≥2 in pregnancy,
    // ≥3 in general populations. Answers: drinks, then W, E, A, K as 0 = No, 1 = Yes.
    assert_eq!(
        zone("tweak", &[4, 0, 0, 0, 0], &pregnant()),
        (0, "negative".into()),
        "4 held"
    );
    assert_eq!(
        zone("tweak", &[5, 0, 0, 0, 0], &pregnant()),
        (2, "positive".into()),
        "5 held"
    );
    assert_eq!(
        zone("tweak", &[0, 0, 1, 0, 0], &pregnant()),
        (1, "negative".into()),
        "E: 1"
    );
    assert_eq!(
        zone("tweak", &[0, 1, 0, 0, 0], &pregnant()),
        (2, "positive".into()),
        "W: 2"
    );
    assert_eq!(
        zone("tweak", &[0, 1, 0, 0, 0], &woman()),
        (2, "negative".into()),
        "W, not pregnant"
    );
    assert_eq!(
        zone("tweak", &[0, 1, 1, 0, 0], &woman()),
        (3, "positive".into()),
        "3, not pregnant"
    );
    assert_eq!(
        zone("tweak", &[6, 1, 1, 1, 1], &woman()),
        (7, "positive".into()),
        "the maximum 7"
    );
}

#[test]
fn s2bi_category_is_the_most_frequent_use_and_the_follow_ups_need_some_use() {
    // Levy 2014: Never 0 / Once or twice 1 / Monthly 2 / Weekly or more 3; the highest decides.
    let teen = who(Some(Sex::Male), Some(15), Pregnancy::NotAsked);
    let z = |answers: &[u32]| zone("s2bi", answers, &teen).1;
    assert_eq!(z(&[0, 0, 0, 0, 0, 0, 0]), "no_use");
    assert_eq!(
        z(&[1, 0, 0, 0, 0, 0, 0]),
        "once_or_twice",
        "tobacco once or twice"
    );
    assert_eq!(z(&[0, 2, 0, 0, 0, 0, 0]), "monthly", "alcohol monthly");
    assert_eq!(
        z(&[1, 2, 3, 0, 0, 0, 0]),
        "weekly",
        "marijuana weekly: the highest"
    );
    assert_eq!(
        z(&[0, 1, 0, 3, 0, 0, 0]),
        "weekly",
        "prescription drugs weekly"
    );
    // No tobacco, alcohol or marijuana: the other four are not asked, and answers to them
    // count for nothing (flagged as ignored).
    let s = run(&SET, "s2bi", &[0, 0, 0, 3, 0, 0, 0], &teen);
    assert_eq!(s.zone, "no_use", "skipped follow-ups do not count");
    assert!(s.items[3..].iter().all(|i| i.skipped), "items 4–7 skipped");
    assert!(
        s.flags.iter().any(|f| f.id == "skipped:prescription"),
        "{:?}",
        s.flags
    );
    // And with some use they are asked: left blank, the result is provisional.
    let ins = SET.instrument("s2bi").expect("bundled");
    let partial = [Some(1), Some(0), Some(0), None, None, None, None];
    let s = scoring::score(ins, &partial, &teen, None).expect("scores");
    assert_eq!(s.unanswered.len(), 4, "the four follow-ups are asked");
}

/// A copy of `protocols/` with a `licences.ron` recording CRAFFT.
fn licensed_folder() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols");
    std::fs::create_dir_all(dir.path().join("instruments")).expect("mkdir");
    for sub in ["", "instruments"] {
        for entry in std::fs::read_dir(from.join(sub)).expect("reads") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "ron") {
                let to = dir.path().join(sub).join(path.file_name().expect("name"));
                std::fs::copy(&path, to).expect("copies");
            }
        }
    }
    std::fs::write(
        dir.path().join("licences.ron"),
        "Licences(held: [HeldLicence(instrument: \"crafft\", granted_by: \"Boston Children's Hospital\", reference: \"Agreement 2026-117, clinical use in brief\")])\n",
    )
    .expect("writes");
    dir
}

#[test]
fn crafft_is_refused_by_the_bundled_set_and_accepted_with_a_recorded_licence() {
    let ins = SET.instrument("crafft").expect("the file ships");
    match SET.licence_state(ins) {
        LicenceState::Refused { owner, contact } => {
            assert!(owner.contains("Boston Children's Hospital"), "{owner}");
            assert!(contact.contains("crafft.org"), "{contact}");
        }
        other => panic!("CRAFFT must be refused, got {other:?}"),
    }
    let protocol = SET.default_protocol();
    assert!(
        !SET.offered(protocol).iter().any(|i| i.id == "crafft"),
        "not offered"
    );
    let dir = licensed_folder();
    let set = ProtocolSet::load_dir(dir.path()).expect("the licensed folder loads");
    let ins = set.instrument("crafft").expect("loaded");
    assert!(
        matches!(set.licence_state(ins), LicenceState::Held(h) if h.reference.contains("2026-117")),
        "held"
    );
    assert!(
        set.offered(set.default_protocol())
            .iter()
            .any(|i| i.id == "crafft")
    );
    // CRAFFT (Knight 2002): Part B yes = 1 each, positive ≥ 2; Part A days choose the questions.
    let teen = who(Some(Sex::Female), Some(16), Pregnancy::NotAsked);
    let s = run(&set, "crafft", &[3, 0, 0, 1, 0, 0, 0, 0, 0], &teen);
    assert_eq!((s.total, s.zone.as_str()), (1, "negative"), "CAR only: 1");
    assert!(
        s.flags.iter().any(|f| f.id == "car"),
        "CAR yes: safety counselling"
    );
    let s = run(&set, "crafft", &[3, 0, 0, 1, 1, 0, 0, 0, 0], &teen);
    assert_eq!(
        (s.total, s.zone.as_str()),
        (2, "positive"),
        "2 yes: positive"
    );
    let s = run(&set, "crafft", &[12, 4, 1, 1, 1, 1, 1, 1, 1], &teen);
    assert_eq!(s.total, 6, "the maximum 6; days never score");
    // No days of use: only CAR is asked; the other answers count for nothing.
    let s = run(&set, "crafft", &[0, 0, 0, 0, 1, 1, 1, 1, 1], &teen);
    assert_eq!((s.total, s.zone.as_str()), (0, "negative"), "Part A all 0");
    assert!(
        s.items[4..].iter().all(|i| i.skipped),
        "R, A, F, F, T skipped"
    );
}

#[test]
fn the_routes_suggest_a_screen_by_age_and_pregnancy() {
    let protocol = SET.default_protocol();
    let suggested = |p: &Profile| {
        SET.suggested(protocol, p)
            .map(|(ins, route)| (ins.id.clone(), route.why.clone()))
            .expect("a route matches")
    };
    let (id, why) = suggested(&who(Some(Sex::Male), Some(15), Pregnancy::NotAsked));
    assert_eq!(id, "s2bi", "15: S2BI (CRAFFT refused)");
    assert!(why.contains("12–17"), "{why}");
    assert_eq!(suggested(&pregnant()).0, "tweak", "pregnant: TWEAK");
    let trying = who(Some(Sex::Female), Some(30), Pregnancy::Trying);
    assert_eq!(suggested(&trying).0, "tweak", "trying: TWEAK");
    assert_eq!(
        suggested(&who(Some(Sex::Male), Some(40), Pregnancy::NotAsked)).0,
        "audit-c",
        "adult: AUDIT-C"
    );
    assert_eq!(
        suggested(&who(Some(Sex::Male), Some(19), Pregnancy::NotAsked)).0,
        "audit-c",
        "19: CRAFFT refused, then AUDIT-C"
    );
    assert_eq!(
        suggested(&who(None, None, Pregnancy::NotAsked)).0,
        "audit-c",
        "unknown"
    );
    // With the licence, CRAFFT comes first for 12–21.
    let dir = licensed_folder();
    let set = ProtocolSet::load_dir(dir.path()).expect("loads");
    let first = |p: &Profile| {
        set.suggested(set.default_protocol(), p)
            .map(|(i, _)| i.id.clone())
            .expect("a route matches")
    };
    assert_eq!(
        first(&who(Some(Sex::Male), Some(15), Pregnancy::NotAsked)),
        "crafft"
    );
    assert_eq!(
        first(&who(Some(Sex::Male), Some(20), Pregnancy::NotAsked)),
        "crafft"
    );
    assert_eq!(
        first(&who(Some(Sex::Male), Some(22), Pregnancy::NotAsked)),
        "audit-c"
    );
}

#[test]
fn an_eye_opener_raises_the_withdrawal_flag_and_a_positive_pregnancy_screen_the_pregnancy_flag() {
    let protocol = SET.default_protocol();
    let fired = |id: &str, answers: &[u32], p: &Profile| {
        let answers: Vec<Option<u32>> = answers.iter().copied().map(Some).collect();
        let screening = [brief::safety::Answers {
            instrument: id,
            substance: None,
            answers: &answers,
        }];
        brief::safety::evaluate(&SET, protocol, p, &screening)
            .into_iter()
            .map(|f| f.rule.id.clone())
            .collect::<Vec<_>>()
    };
    assert!(fired("t-ace", &[3, 0, 0, 1], &pregnant()).contains(&"withdrawal_risk".to_owned()));
    assert!(!fired("t-ace", &[3, 0, 0, 0], &pregnant()).contains(&"withdrawal_risk".to_owned()));
    assert!(fired("tweak", &[5, 0, 0, 0, 0], &pregnant()).contains(&"pregnancy".to_owned()));
    // TWEAK 4 drinks held: negative (0 points), but she drinks — the pregnancy flag still.
    assert!(fired("tweak", &[4, 0, 0, 0, 0], &pregnant()).contains(&"pregnancy".to_owned()));
    // No drinks at all: no drinking reported, no flag.
    assert!(!fired("tweak", &[0, 0, 0, 0, 0], &pregnant()).contains(&"pregnancy".to_owned()));
    assert!(!fired("t-ace", &[0, 0, 0, 0], &pregnant()).contains(&"pregnancy".to_owned()));
    assert!(fired("t-ace", &[1, 0, 0, 0], &pregnant()).contains(&"pregnancy".to_owned()));
    let teen = who(Some(Sex::Female), Some(16), Pregnancy::Pregnant);
    assert!(fired("s2bi", &[0, 1, 0, 0, 0, 0, 0], &teen).contains(&"pregnancy".to_owned()));
}

// --- brief score ----------------------------------------------------------------------------

fn brief(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .output()
        .expect("brief runs")
}

fn field(o: &Output, name: &str) -> String {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .find_map(|l| l.strip_prefix(name).map(|r| r.trim().to_owned()))
        .unwrap_or_default()
}

#[test]
fn brief_score_takes_yes_no_words_and_counts_of_drinks() {
    let o = brief(&["score", "t-ace", "3", "no", "no", "no"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(field(&o, "total"), "2 of 5", "3 drinks: 2");
    let o = brief(&[
        "score",
        "tweak",
        "1",
        "yes",
        "no",
        "no",
        "no",
        "--pregnant",
        "yes",
    ]);
    assert_eq!(field(&o, "total"), "2 of 7", "W yes: 2");
    assert!(
        field(&o, "zone").starts_with("positive"),
        "positive in pregnancy"
    );
    let o = brief(&["score", "tweak", "1", "Y", "n", "N", "no"]);
    assert!(
        field(&o, "zone").starts_with("negative"),
        "2 is negative otherwise"
    );
    let o = brief(&[
        "score", "s2bi", "0", "2", "0", "0", "0", "0", "0", "--age", "15",
    ]);
    assert!(
        field(&o, "zone").starts_with("monthly"),
        "{}",
        field(&o, "zone")
    );
    let o = brief(&["score", "audit-c", "yes", "0", "0"]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a word for an item that is not yes/no"
    );
}

#[test]
fn brief_score_refuses_crafft_naming_who_to_ask_and_accepts_it_with_the_licence() {
    let o = brief(&[
        "score", "crafft", "3", "0", "0", "yes", "yes", "no", "no", "no", "no",
    ]);
    assert_eq!(o.status.code(), Some(2), "refused");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Boston Children's Hospital") && err.contains("licences.ron"),
        "names the licence holder and how to record a licence: {err}"
    );
    let dir = licensed_folder();
    let folder = dir.path().to_str().expect("utf-8");
    let o = brief(&[
        "--protocols",
        folder,
        "score",
        "crafft",
        "3",
        "0",
        "0",
        "yes",
        "yes",
        "no",
        "no",
        "no",
        "no",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(field(&o, "total"), "2 of 6");
    let o = brief(&["--protocols", folder, "check"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.lines()
            .any(|l| l.starts_with("licence crafft") && l.contains("licence held by this clinic")),
        "{out}"
    );
}

#[test]
fn an_instrument_without_a_licence_block_is_reported_with_file_line_and_column() {
    let dir = licensed_folder();
    let path = dir.path().join("instruments/t_ace.ron");
    let text = std::fs::read_to_string(&path).expect("reads");
    let start = text.find("    licence: (").expect("a licence block");
    let end = start + text[start..].find("\n    ),\n").expect("its end") + "\n    ),\n".len();
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).expect("writes");
    let o = brief(&["check", dir.path().to_str().expect("utf-8")]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err.lines().next().unwrap_or_default();
    let prefix = format!("{}:", path.display());
    assert!(line.starts_with(&prefix), "names the file: {line}");
    let rest = &line[prefix.len()..];
    let mut parts = rest.splitn(3, ':');
    let (l, c) = (parts.next(), parts.next());
    assert!(
        l.is_some_and(|l| l.parse::<u32>().is_ok()) && c.is_some_and(|c| c.parse::<u32>().is_ok()),
        "line and column: {line}"
    );
    assert!(line.contains("licence"), "says what is missing: {line}");
    // And a licence block without the software line names that.
    let text = std::fs::read_to_string(dir.path().join("instruments/audit.ron")).expect("reads");
    let edited: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("software:"))
        .collect();
    let edited = edited.join("\n");
    std::fs::write(dir.path().join("instruments/audit.ron"), edited).expect("writes");
    let o = brief(&["check", dir.path().to_str().expect("utf-8")]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("audit.ron") && err.contains("`software`"),
        "{err}"
    );
}
