//! The audit's summary rules: pinned to the release fixtures, and blind to new fields.

use std::path::{Path, PathBuf};

use brief::audit::SessionSummary;
use brief::audit::scan::{self, CacheMode};
use brief::session::{Seal, hash_of_unsealed};
use sha2::Digest as _;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/release-2b75490")
}

/// The summary rules version and a digest of the summaries of the release fixtures.
/// Change how a file becomes a summary (or the summary itself) and the digest changes: then
/// raise `brief::audit::SUMMARY_RULES`, so that summaries cached under the old rules are never
/// used again, and put the new pair here.
// 5: summaries carry the family-intervention plan (approach, outcome, days to treatment).
// 6: summaries also name the recorded actions the protocol's credits turn into components (menu
// options chosen, the answer to "why not a lower number?", the take-home sheet given).
// 7: summaries carry the session's language (left out for English) and its intervention level.
const GOLDEN: (u32, &str) = (
    7,
    "c04a74d93f765c74d554a44f951b1b632157dbfac60b1a350179aa6180626d3d",
);

#[test]
fn the_summary_rules_version_changes_whenever_the_summaries_do() {
    let scanned = scan::scan(&fixtures(), CacheMode::Bypass);
    assert_eq!(scanned.summaries.len(), 8, "eight fixture sessions");
    assert!(scanned.unreadable.is_empty(), "all readable");
    let json = serde_json::to_string(&scanned.summaries).expect("summaries serialise");
    let digest = hex(&sha2::Sha256::digest(json.as_bytes()));
    assert_eq!(
        (brief::audit::SUMMARY_RULES, digest.as_str()),
        GOLDEN,
        "the summaries of the release fixtures changed: raise SUMMARY_RULES and update GOLDEN"
    );
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut out, b| {
        write!(out, "{b:02x}").ok();
        out
    })
}

/// A closed fixture's text sealed again after `edit`, as a later brief would write it.
fn resealed(text: &str, edit: impl Fn(&str) -> String) -> String {
    let hash_line = text
        .lines()
        .find(|l| l.starts_with(" content_hash: Some("))
        .expect("a sealed file");
    let unsealed = edit(&text.replace(hash_line, " content_hash: None,"));
    let hash = hash_of_unsealed(&unsealed);
    unsealed.replace(
        " content_hash: None,",
        &format!(" content_hash: Some(\"{hash}\"),"),
    )
}

fn summary(path: &Path, text: &str) -> SessionSummary {
    scan::summarize_text(path.to_path_buf(), text).expect("summarises")
}

#[test]
fn a_field_added_to_session_files_changes_no_summary() {
    let path = fixtures().join("sessions/2026/11/20261130-081500-000000005eed0001.ron");
    let text = std::fs::read_to_string(&path).expect("fixture reads");
    let before = summary(&path, &text);
    assert_eq!(before.seal, Seal::Intact, "the fixture is sealed");
    // What a later release could add, each with a default: a top-level value, a record, a
    // list of records, an enum, and a field inside a step and a coverage record.
    let later = resealed(&text, |t| {
        t.replacen(
            " content_hash: None,",
            " pregnancy: Some(Pregnant),\n reminders: (flags: [(id: \"withdrawal\", shown: true, weeks: -2)], note: \"taper \\\"slowly\\\"\"),\n locale: \"sv\",\n content_hash: None,",
            1,
        )
        .replacen("   state: Done,\n", "   state: Done,\n   minutes: Some(6),\n", 1)
        .replacen("   note: ", "   channel: InPerson,\n   note: ", 1)
    });
    assert_ne!(later, text, "the fields were added");
    let after = summary(&path, &later);
    assert_eq!(
        after.seal,
        Seal::Intact,
        "sealed the way a later brief seals"
    );
    assert_eq!(
        SessionSummary {
            sealed_hash: before.sealed_hash,
            ..after
        },
        before,
        "the same summary: the audit reads only the fields it reports"
    );
    let session = brief::store::parse_session(&path, &later).expect("this brief still loads it");
    assert_eq!(
        session.summary, "Plan: weekends only (see note)",
        "and its content"
    );
}
