//! The audit fixture shared by `tests/audit.rs` and `tests/cli_audit.rs`: twelve sessions built
//! through `Session::new` + `Session::apply` with fixed times, saved with `Store::save`.
//!
//! Three clinicians, three months (all times +01:00). `c-lee` and `c-ortiz` keep their sessions
//! in their own folders (`ROOT/c-lee/sessions/…`), `kim, "k"` (a comma and quotes, for the CSV
//! quoting) in `ROOT/sessions/…`. Components: F feedback, R responsibility, A advice, M menu,
//! E empathy, S `self_efficacy`. Steps: introduce, screen, feedback, goals, closure
//! (D done, s skipped with a reason, n not done).
//!
//! | label | clinician | start (local)    | minutes | components | steps     | stage(s), latest last      | screening               | notes |
//! |-------|-----------|------------------|---------|------------|-----------|----------------------------|-------------------------|-------|
//! | L1    | c-lee     | 2026-01-05 09:00 | 20      | FRAMES     | D D D D D | contemplation              | audit-c positive        | |
//! | L2    | c-lee     | 2026-01-19 10:00 | 14 (14:59) | F R A E S | D D D D D | preparation             | audit-c negative        | |
//! | L3    | c-lee     | 2026-02-01 00:30 | 35      | FRAMES     | D s D D D | precontemplation, action   | none                    | UTC date is Jan 31; amended |
//! | L4    | c-lee     | 2026-02-16 11:00 | open    | F E        | D D n n n | none                       | single-alcohol positive | open |
//! | O1    | c-ortiz   | 2026-01-07 14:00 | 4       | E          | D D s s D | none                       | audit-c negative        | |
//! | O2    | c-ortiz   | 2026-02-10 09:15 | 16      | F R A M E  | D D D n D | contemplation              | audit-c positive        | closed without all steps |
//! | O3    | c-ortiz   | 2026-03-03 16:00 | 25      | FRAMES     | D D D D D | preparation                | assist:alcohol low      | file edited after close: tampered |
//! | O4    | c-ortiz   | 2026-03-24 08:45 | 12      | F A E      | D D D D D | precontemplation           | audit-c negative        | |
//! | K1    | kim, "k"  | 2026-01-12 13:00 | 30      | FRAMES     | D D D D D | action                     | audit-c positive        | |
//! | K2    | kim, "k"  | 2026-02-23 10:30 | 18      | F R E S    | D D D D D | contemplation              | single-alcohol negative | |
//! | K3    | kim, "k"  | 2026-03-09 15:00 | 5       | FRAMES     | D D D D D | a note without a stage     | none                    | |
//! | X1    | kim, "k"  | 2026-03-16 12:00 | 10      | F E        | D D D D D | preparation                | audit-c negative        | protocol `other_protocol` |

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use brief::protocol::ProtocolSet;
use brief::scoring::{self, Profile};
use brief::session::{
    Change, CoverageSource, ProtocolRef, ReadinessEntry, Screening, ScreeningResult, Session,
    SessionId, Timestamp,
};
use brief::store::Store;
use chrono::{DateTime, Duration};

/// The second clinician's id, with a comma and quotes.
pub const KIM: &str = "kim, \"k\"";

/// The closing summary of every fixture session; the tampering replaces it in the file.
pub const SUMMARY: &str = "Plan agreed; follow-up booked";

/// `brief audit --format csv` on the fixture: one row per session, sorted by id (= UTC start).
pub const SESSIONS_CSV: &str = r#"id,clinician,date,minutes,feedback,responsibility,advice,menu,empathy,self_efficacy,steps_done,stage_at_close,instrument,zone,flags
20260105-080000-0000000000000011,c-lee,2026-01-05,20,1,1,1,1,1,1,5,contemplation,audit-c,positive,
20260107-130000-0000000000000021,c-ortiz,2026-01-07,4,0,0,0,0,1,0,3,,audit-c,negative,
20260112-120000-0000000000000031,"kim, ""k""",2026-01-12,30,1,1,1,1,1,1,5,action,audit-c,positive,
20260119-090000-0000000000000012,c-lee,2026-01-19,14,1,1,1,0,1,1,5,preparation,audit-c,negative,
20260131-233000-0000000000000013,c-lee,2026-02-01,35,1,1,1,1,1,1,4,action,,,amended
20260210-081500-0000000000000022,c-ortiz,2026-02-10,16,1,1,1,1,1,0,4,contemplation,audit-c,positive,steps_missing
20260216-100000-0000000000000014,c-lee,2026-02-16,,1,0,0,0,1,0,2,,single-alcohol,positive,open
20260223-093000-0000000000000032,"kim, ""k""",2026-02-23,18,1,1,0,0,1,1,5,contemplation,single-alcohol,negative,
20260303-150000-0000000000000023,c-ortiz,2026-03-03,25,1,1,1,1,1,1,5,preparation,assist:alcohol,low,tampered
20260309-140000-0000000000000033,"kim, ""k""",2026-03-09,5,1,1,1,1,1,1,5,,,,
20260316-110000-0000000000000034,"kim, ""k""",2026-03-16,10,1,0,0,0,1,0,5,preparation,audit-c,negative,
20260324-074500-0000000000000024,c-ortiz,2026-03-24,12,1,0,1,0,1,0,5,precontemplation,audit-c,negative,
"#;

/// `brief audit --format csv --by clinician` on the fixture (shares worked out in
/// `tests/audit.rs`, `clinician_by_component_matrix`).
pub const BY_CLINICIAN_CSV: &str = r#"clinician,sessions,feedback,responsibility,advice,menu,empathy,self_efficacy
c-lee,4,1.000,0.750,0.750,0.500,1.000,0.750
c-ortiz,4,0.750,0.500,0.750,0.500,1.000,0.250
"kim, ""k""",4,1.000,0.750,0.500,0.500,1.000,0.750
"#;

/// How a step ends in a fixture session.
#[derive(Clone, Copy)]
enum End {
    /// Entered and completed.
    D,
    /// Skipped with a reason.
    S,
    /// Never completed (not started, or left in progress).
    N,
}

struct Spec {
    label: &'static str,
    folder: Option<&'static str>,
    clinician: &'static str,
    protocol: &'static str,
    start: &'static str,
    random: u64,
    /// Seconds from start to close; `None` leaves it open.
    seconds: Option<i64>,
    components: &'static [&'static str],
    steps: [End; 5],
    /// Readiness notes' stages, oldest first (`None`: a note without a stage).
    stages: &'static [Option<&'static str>],
    /// Instrument, substance, answers.
    screening: Option<(&'static str, Option<&'static str>, &'static [u32])>,
    amend: bool,
}

const ALL: &[&str] = &[
    "feedback",
    "responsibility",
    "advice",
    "menu",
    "empathy",
    "self_efficacy",
];
const BI: &str = "brief_intervention";
const POSITIVE: (&str, Option<&str>, &[u32]) = ("audit-c", None, &[2, 2, 2]);
const NEGATIVE: (&str, Option<&str>, &[u32]) = ("audit-c", None, &[0, 0, 0]);
use End::{D, N, S};

const SPECS: [Spec; 12] = [
    Spec {
        label: "L1",
        folder: Some("c-lee"),
        clinician: "c-lee",
        protocol: BI,
        start: "2026-01-05T09:00:00+01:00",
        random: 0x11,
        seconds: Some(20 * 60),
        components: ALL,
        steps: [D, D, D, D, D],
        stages: &[Some("contemplation")],
        screening: Some(POSITIVE),
        amend: false,
    },
    Spec {
        label: "L2",
        folder: Some("c-lee"),
        clinician: "c-lee",
        protocol: BI,
        start: "2026-01-19T10:00:00+01:00",
        random: 0x12,
        seconds: Some(14 * 60 + 59),
        components: &[
            "feedback",
            "responsibility",
            "advice",
            "empathy",
            "self_efficacy",
        ],
        steps: [D, D, D, D, D],
        stages: &[Some("preparation")],
        screening: Some(NEGATIVE),
        amend: false,
    },
    Spec {
        label: "L3",
        folder: Some("c-lee"),
        clinician: "c-lee",
        protocol: BI,
        start: "2026-02-01T00:30:00+01:00",
        random: 0x13,
        seconds: Some(35 * 60),
        components: ALL,
        steps: [D, S, D, D, D],
        stages: &[Some("precontemplation"), Some("action")],
        screening: None,
        amend: true,
    },
    Spec {
        label: "L4",
        folder: Some("c-lee"),
        clinician: "c-lee",
        protocol: BI,
        start: "2026-02-16T11:00:00+01:00",
        random: 0x14,
        seconds: None,
        components: &["feedback", "empathy"],
        steps: [D, D, N, N, N],
        stages: &[],
        screening: Some(("single-alcohol", None, &[2])),
        amend: false,
    },
    Spec {
        label: "O1",
        folder: Some("c-ortiz"),
        clinician: "c-ortiz",
        protocol: BI,
        start: "2026-01-07T14:00:00+01:00",
        random: 0x21,
        seconds: Some(4 * 60),
        components: &["empathy"],
        steps: [D, D, S, S, D],
        stages: &[],
        screening: Some(NEGATIVE),
        amend: false,
    },
    Spec {
        label: "O2",
        folder: Some("c-ortiz"),
        clinician: "c-ortiz",
        protocol: BI,
        start: "2026-02-10T09:15:00+01:00",
        random: 0x22,
        seconds: Some(16 * 60),
        components: &["feedback", "responsibility", "advice", "menu", "empathy"],
        steps: [D, D, D, N, D],
        stages: &[Some("contemplation")],
        screening: Some(POSITIVE),
        amend: false,
    },
    Spec {
        label: "O3",
        folder: Some("c-ortiz"),
        clinician: "c-ortiz",
        protocol: BI,
        start: "2026-03-03T16:00:00+01:00",
        random: 0x23,
        seconds: Some(25 * 60),
        components: ALL,
        steps: [D, D, D, D, D],
        stages: &[Some("preparation")],
        screening: Some(("assist", Some("alcohol"), &[0, 0, 0, 0, 0, 0])),
        amend: false,
    },
    Spec {
        label: "O4",
        folder: Some("c-ortiz"),
        clinician: "c-ortiz",
        protocol: BI,
        start: "2026-03-24T08:45:00+01:00",
        random: 0x24,
        seconds: Some(12 * 60),
        components: &["feedback", "advice", "empathy"],
        steps: [D, D, D, D, D],
        stages: &[Some("precontemplation")],
        screening: Some(NEGATIVE),
        amend: false,
    },
    Spec {
        label: "K1",
        folder: None,
        clinician: KIM,
        protocol: BI,
        start: "2026-01-12T13:00:00+01:00",
        random: 0x31,
        seconds: Some(30 * 60),
        components: ALL,
        steps: [D, D, D, D, D],
        stages: &[Some("action")],
        screening: Some(POSITIVE),
        amend: false,
    },
    Spec {
        label: "K2",
        folder: None,
        clinician: KIM,
        protocol: BI,
        start: "2026-02-23T10:30:00+01:00",
        random: 0x32,
        seconds: Some(18 * 60),
        components: &["feedback", "responsibility", "empathy", "self_efficacy"],
        steps: [D, D, D, D, D],
        stages: &[Some("contemplation")],
        screening: Some(("single-alcohol", None, &[0])),
        amend: false,
    },
    Spec {
        label: "K3",
        folder: None,
        clinician: KIM,
        protocol: BI,
        start: "2026-03-09T15:00:00+01:00",
        random: 0x33,
        seconds: Some(5 * 60),
        components: ALL,
        steps: [D, D, D, D, D],
        stages: &[None],
        screening: None,
        amend: false,
    },
    Spec {
        label: "X1",
        folder: None,
        clinician: KIM,
        protocol: "other_protocol",
        start: "2026-03-16T12:00:00+01:00",
        random: 0x34,
        seconds: Some(10 * 60),
        components: &["feedback", "empathy"],
        steps: [D, D, D, D, D],
        stages: &[Some("preparation")],
        screening: Some(NEGATIVE),
        amend: false,
    },
];

/// The fixture on disk.
pub struct Fixture {
    dir: tempfile::TempDir,
    files: BTreeMap<&'static str, PathBuf>,
}

impl Fixture {
    /// The folder to audit.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// The file of the session with this label (`L1` … `X1`).
    pub fn path(&self, label: &str) -> &Path {
        self.files
            .get(label)
            .unwrap_or_else(|| panic!("no fixture session {label}"))
    }
}

/// Writes the twelve sessions into a new temporary folder and edits O3's file by hand.
pub fn fixture() -> Fixture {
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = BTreeMap::new();
    for spec in &SPECS {
        let session = build(&set, spec);
        let root = match spec.folder {
            Some(folder) => dir.path().join(folder),
            None => dir.path().to_path_buf(),
        };
        let store = Store::open(&root).expect("store opens");
        store.save(&session).expect("session saved");
        let path = store.path_for(&session.id);
        assert!(
            path.is_file(),
            "{} was saved to {}",
            spec.label,
            path.display()
        );
        files.insert(spec.label, path);
    }
    let fixture = Fixture { dir, files };
    edit_summary(fixture.path("O3"));
    fixture
}

/// Changes the closing summary in a session file, as someone editing it outside brief would.
pub fn edit_summary(path: &Path) {
    let text = fs::read_to_string(path).expect("session file");
    assert!(
        text.contains(SUMMARY),
        "the summary is in {}",
        path.display()
    );
    fs::write(
        path,
        text.replace(SUMMARY, "Plan agreed; changed later by hand"),
    )
    .expect("file edited");
}

fn build(set: &ProtocolSet, spec: &Spec) -> Session {
    let start: Timestamp = DateTime::parse_from_rfc3339(spec.start).expect("fixture time");
    let id = SessionId::from_parts(start.to_utc(), spec.random);
    let pref = ProtocolRef {
        id: spec.protocol.to_owned(),
        version: "1.0.0".to_owned(),
    };
    let mut s = Session::new(
        id,
        spec.clinician,
        "P-0001",
        Profile::default(),
        pref,
        start,
    );
    let mut tick = 0;
    let mut at = || {
        tick += 5;
        start + Duration::seconds(tick)
    };
    let apply = |s: &mut Session, change: Change, t: Timestamp| {
        let what = format!("{change:?}");
        s.apply(change, t)
            .unwrap_or_else(|e| panic!("{}: {what} applies: {e}", spec.label));
    };

    for (step, end) in brief::protocol::STEP_IDS.iter().zip(spec.steps) {
        let step = (*step).to_owned();
        match end {
            End::D => {
                apply(&mut s, Change::EnterStep(step.clone()), at());
                apply(&mut s, Change::CompleteStep(step), at());
            }
            End::S => apply(
                &mut s,
                Change::SkipStep {
                    step,
                    reason: "Patient had to leave early".to_owned(),
                },
                at(),
            ),
            End::N => {}
        }
    }
    if let Some((instrument, substance, answers)) = spec.screening {
        let ins = set.instrument(instrument).expect("bundled instrument");
        let answers: Vec<Option<u32>> = answers.iter().copied().map(Some).collect();
        // ASSIST specs give Q2–Q7, as `brief score` takes them.
        let answers = scoring::answers_for_items(ins, substance, &answers).unwrap_or(answers);
        let score = scoring::score(ins, &answers, &Profile::default(), substance)
            .unwrap_or_else(|e| panic!("{}: the screening scores: {e}", spec.label));
        let screening = Screening {
            suggested: None,
            instrument: instrument.to_owned(),
            substance: substance.map(str::to_owned),
            profile: Profile::default(),
            answers,
            result: Some(ScreeningResult::from(&score)),
            time: start,
        };
        apply(&mut s, Change::RecordScreening(screening), at());
    }
    for component in spec.components {
        let cover = Change::Cover {
            component: (*component).to_owned(),
            step: "feedback".to_owned(),
            source: CoverageSource::ByHand,
            note: None,
        };
        apply(&mut s, cover, at());
    }
    for stage in spec.stages {
        let entry = ReadinessEntry {
            stage: stage.map(str::to_owned),
            importance: Some(6),
            ..ReadinessEntry::default()
        };
        apply(&mut s, Change::AddReadiness(entry), at());
    }
    apply(&mut s, Change::SetSummary(SUMMARY.to_owned()), at());
    if let Some(seconds) = spec.seconds {
        let closed = start + Duration::seconds(seconds);
        let reason = Some("Time ran out".to_owned());
        apply(&mut s, Change::Close { reason }, closed);
        if spec.amend {
            let amend = Change::Amend {
                by: spec.clinician.to_owned(),
                reason: "Follow-up date corrected".to_owned(),
                change: Box::new(Change::SetFollowUp(Some(
                    start.date_naive() + Duration::days(21),
                ))),
            };
            apply(&mut s, amend, closed + Duration::hours(2));
        }
    }
    s
}
