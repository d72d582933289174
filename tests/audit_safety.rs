//! `brief audit` on safety flags: raised, answered (given, or not given with a reason) and left
//! unanswered, per clinician and per rule, and the sessions with an unanswered flag — on a
//! hand-built folder whose counts are worked out below. The release fixtures, written before
//! safety flags existed, report none.

use std::path::Path;
use std::process::{Command, Output};

use brief::protocol::{Pregnancy, ProtocolSet, Sex};
use brief::scoring::{self, Profile};
use brief::session::{
    Change, PreventionRecord, SafetyOutcome, Screening, ScreeningResult, Session, SessionId,
    Timestamp,
};
use brief::store::Store;
use chrono::{DateTime, Duration};
use tempfile::TempDir;

fn t(secs: i64) -> Timestamp {
    DateTime::parse_from_rfc3339("2026-05-06T10:00:00+02:00").expect("fixed time parses")
        + Duration::seconds(secs)
}

fn brief(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("xdg-data"))
        .env("XDG_CACHE_HOME", home.join("xdg-cache"))
        .env("XDG_STATE_HOME", home.join("xdg-state"))
        .env("BRIEF_CACHE_DIR", home.join("brief-cache"))
        .env("BRIEF_PINS_DIR", home.join("brief-pins"))
        .output()
        .expect("brief runs")
}

struct Built {
    set: ProtocolSet,
    session: Session,
}

impl Built {
    fn new(clinician: &str, n: u64, profile: Profile) -> Self {
        let set = ProtocolSet::bundled().expect("bundled protocols load");
        let session = Session::for_protocol(
            SessionId::from_parts(t(n as i64 * 3600).to_utc(), n),
            clinician,
            "P-1",
            profile,
            set.default_protocol(),
            t(n as i64 * 3600),
        );
        Self { set, session }
    }

    fn apply(&mut self, change: Change) -> &mut Self {
        let protocol = self.set.default_protocol().clone();
        self.session
            .apply_in(&self.set, &protocol, change, t(100))
            .expect("the change applies");
        self
    }

    fn screen(&mut self, instrument: &str, substance: Option<&str>, answers: &[u32]) -> &mut Self {
        let ins = self.set.instrument(instrument).expect("bundled").clone();
        let given: Vec<Option<u32>> = answers.iter().copied().map(Some).collect();
        let answers = scoring::answers_for_items(&ins, substance, &given).expect("fits");
        let score =
            scoring::score(&ins, &answers, &self.session.profile, substance).expect("scores");
        let profile = self.session.profile;
        self.apply(Change::RecordScreening(Screening {
            suggested: None,
            instrument: instrument.to_owned(),
            substance: substance.map(str::to_owned),
            profile,
            answers,
            result: Some(ScreeningResult::from(&score)),
            time: t(0),
        }))
    }

    fn respond(&mut self, rule: &str, outcome: SafetyOutcome) -> &mut Self {
        self.apply(Change::RespondSafety {
            rule: rule.to_owned(),
            outcome,
        })
    }
}

fn given() -> SafetyOutcome {
    SafetyOutcome::Given {
        advice: Vec::new(),
        note: None,
    }
}

fn man(age: u32) -> Profile {
    Profile {
        sex: Some(Sex::Male),
        age: Some(age),
        pregnancy: Pregnancy::NotAsked,
    }
}

/// c-ann: AUDIT zone IV (withdrawal, given) and then closed; an opioid user who injects
/// (overdose given, injecting not given with a reason).
/// c-bo: a pregnant patient who drinks (pregnancy, not answered, open); a morning drink
/// corrected to never (withdrawal, cleared: not counted).
/// Totals: raised 4 (withdrawal 1, overdose 1, injecting 1, pregnancy 1), given 2, not given 1,
/// not answered 1; c-ann 3 raised / 2 given / 1 not given / 0; c-bo 1 raised / 0 / 0 / 1.
fn folder() -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::open(dir.path()).expect("store opens");
    let mut a = Built::new("c-ann", 1, man(50));
    a.screen("audit", None, &[4, 4, 4, 0, 0, 0, 4, 4, 0, 0])
        .respond("withdrawal_risk", given())
        .apply(Change::SetSummary("Detox booked".to_owned()))
        .apply(Change::Close {
            reason: Some("short visit".to_owned()),
        });
    store.save(&a.session).expect("saves");
    let mut b = Built::new("c-ann", 2, man(30));
    // Q1 yes, opioids weekly (4: moderate), Q8 yes in the past 3 months.
    b.screen("assist", Some("opioids"), &[1, 3, 0, 0, 0, 0, 0, 1])
        .respond("overdose_risk", given())
        .respond(
            "injecting",
            SafetyOutcome::NotGiven {
                reason: "Declined to talk about it today".to_owned(),
            },
        );
    store.save(&b.session).expect("saves");
    let mut c = Built::new(
        "c-bo",
        3,
        Profile {
            sex: Some(Sex::Female),
            age: Some(28),
            pregnancy: Pregnancy::Pregnant,
        },
    );
    c.screen("audit-c", None, &[1, 0, 0]);
    store.save(&c.session).expect("saves");
    // c-bo's pregnant patient was seen under the selective tier.
    c.apply(Change::SetPrevention(Some(PreventionRecord {
        tier: Some("selective".to_owned()),
        risk_factors: Vec::new(),
        protective_factors: Vec::new(),
    })));
    store.save(&c.session).expect("saves");
    let mut d = Built::new("c-bo", 4, man(45));
    d.screen("audit", None, &[1, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        .screen("audit", None, &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert!(
        d.session.safety.iter().all(|f| f.cleared.is_some()),
        "corrected: cleared"
    );
    store.save(&d.session).expect("saves");
    dir
}

#[test]
fn the_audit_counts_flags_raised_answered_and_not_per_clinician_and_rule() {
    let dir = folder();
    let home = TempDir::new().expect("home");
    let folder = dir.path().to_str().expect("utf-8 path");
    let o = brief(home.path(), &["audit", folder, "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let s = &v["safety"];
    let counts = |x: &serde_json::Value| {
        [
            x["raised"].as_u64(),
            x["given"].as_u64(),
            x["not_given"].as_u64(),
            x["unaddressed"].as_u64(),
        ]
    };
    assert_eq!(
        counts(s),
        [Some(4), Some(2), Some(1), Some(1)],
        "totals: {s}"
    );
    let row = |list: &str, group: &str| {
        s[list]
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["group"] == group))
            .cloned()
            .unwrap_or_else(|| panic!("{list} has {group}: {s}"))
    };
    assert_eq!(
        counts(&row("clinicians", "c-ann")),
        [Some(3), Some(2), Some(1), Some(0)]
    );
    assert_eq!(
        counts(&row("clinicians", "c-bo")),
        [Some(1), Some(0), Some(0), Some(1)]
    );
    assert_eq!(
        counts(&row("rules", "withdrawal_risk")),
        [Some(1), Some(1), Some(0), Some(0)]
    );
    assert_eq!(
        counts(&row("rules", "injecting")),
        [Some(1), Some(0), Some(1), Some(0)]
    );
    assert_eq!(
        counts(&row("rules", "pregnancy")),
        [Some(1), Some(0), Some(0), Some(1)]
    );
    let unanswered = v["flags"]["unaddressed_safety"].as_array().expect("a list");
    assert_eq!(unanswered.len(), 1, "one session with an unanswered flag");
    assert_eq!(unanswered[0]["session"]["clinician"], "c-bo");
    assert_eq!(unanswered[0]["rules"][0], "pregnancy");

    let o = brief(home.path(), &["audit", folder]);
    let table = String::from_utf8_lossy(&o.stdout);
    assert!(
        table.contains(
            "Safety flags: 4 raised, 2 advice given, 1 not given (reason recorded), 1 not answered"
        ),
        "{table}"
    );
    assert!(table.contains("safety flags not answered: 1"), "{table}");
    let o = brief(home.path(), &["audit", folder, "--format", "csv"]);
    let csv = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        csv.lines()
            .filter(|l| l.contains("safety_unaddressed"))
            .count(),
        1,
        "one session row flagged: {csv}"
    );
}

#[test]
fn the_release_fixtures_have_no_safety_flags() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/release-2b75490");
    let home = TempDir::new().expect("home");
    let o = brief(
        home.path(),
        &[
            "audit",
            fixtures.to_str().expect("utf-8"),
            "--format",
            "json",
            "--no-pins",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["sessions"], 8, "all eight counted");
    assert_eq!(
        v["safety"]["raised"], 0,
        "no flags in files from before the rules"
    );
    assert_eq!(
        v["flags"]["unaddressed_safety"].as_array().map(Vec::len),
        Some(0)
    );
}

#[test]
fn the_audit_filters_by_prevention_tier() {
    let dir = folder();
    let home = TempDir::new().expect("home");
    let folder = dir.path().to_str().expect("utf-8 path");
    let o = brief(
        home.path(),
        &["audit", folder, "--tier", "selective", "--format", "json"],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["sessions"], 1, "the one selective contact");
    assert_eq!(v["filters"]["tier"], "selective");
    // Again from the summary cache the first run wrote: the tier and the flags survive it.
    let again = brief(
        home.path(),
        &["audit", folder, "--tier", "selective", "--format", "json"],
    );
    let w: serde_json::Value = serde_json::from_slice(&again.stdout).expect("JSON");
    assert_eq!(w["sessions"], 1, "the same from the cache");
    assert_eq!(w["safety"], v["safety"], "the same flags from the cache");
    assert!(
        home.path()
            .join("brief-cache")
            .read_dir()
            .is_ok_and(|mut d| d.next().is_some()),
        "a cache was written"
    );
    let o = brief(home.path(), &["audit", folder, "--tier", "select"]);
    assert_eq!(o.status.code(), Some(2), "an unknown tier");
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("universal, selective, indicated"), "{err}");
}
