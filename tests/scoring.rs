//! Known-answer tests for instrument scoring, through the public API and the bundled files.
//!
//! Answers are 0-based option indexes in the order the published form prints them. Every
//! expected total is worked out by hand in the comment next to the case (index → points).

use std::sync::LazyLock;

use brief::protocol::{Instrument, ProtocolSet, Sex};
use brief::scoring::{FlagKind, Profile, Score, ScoreError, score};

static SET: LazyLock<ProtocolSet> =
    LazyLock::new(|| ProtocolSet::bundled().expect("bundled protocols load"));

const FEMALE: Option<Sex> = Some(Sex::Female);
const MALE: Option<Sex> = Some(Sex::Male);
const UNRECORDED: Option<Sex> = None;

fn instrument(id: &str) -> &'static Instrument {
    SET.instrument(id)
        .unwrap_or_else(|| panic!("bundled instrument {id}"))
}

fn profile(sex: Option<Sex>) -> Profile {
    Profile {
        sex,
        age: None,
        ..Profile::default()
    }
}

/// A man of 40: the WHO AUDIT zones (zone II from 8) apply to men aged 65 and under.
fn man_40() -> Profile {
    Profile {
        sex: MALE,
        age: Some(40),
        ..Profile::default()
    }
}

fn run_as(id: &str, answers: &[u32], profile: &Profile) -> Score {
    score(instrument(id), &all(answers), profile, None)
        .unwrap_or_else(|e| panic!("{id} {answers:?} scores: {e}"))
}

fn all(answers: &[u32]) -> Vec<Option<u32>> {
    answers.iter().copied().map(Some).collect()
}

/// Scores complete answers.
fn run(id: &str, answers: &[u32], sex: Option<Sex>, substance: Option<&str>) -> Score {
    run_partial(id, &all(answers), sex, substance)
}

fn run_partial(
    id: &str,
    answers: &[Option<u32>],
    sex: Option<Sex>,
    substance: Option<&str>,
) -> Score {
    score(instrument(id), answers, &profile(sex), substance)
        .unwrap_or_else(|e| panic!("{id} {answers:?} ({substance:?}) scores: {e}"))
}

fn run_err(id: &str, answers: &[u32], substance: Option<&str>) -> ScoreError {
    match score(instrument(id), &all(answers), &profile(None), substance) {
        Ok(s) => panic!("{id} {answers:?} should be an error, scored {}", s.total),
        Err(e) => e,
    }
}

/// Asserts the total and zone, with the case named in the message.
fn expect(s: &Score, total: u32, zone: &str, case: &str) {
    assert_eq!(s.total, total, "{case}: total");
    assert_eq!(s.zone, zone, "{case}: zone (total {})", s.total);
}

fn action_of(id: &str, zone: &str) -> String {
    instrument(id)
        .zones
        .iter()
        .find(|z| z.id == zone)
        .unwrap_or_else(|| panic!("{id} has zone {zone}"))
        .action
        .clone()
}

fn flag_ids(s: &Score, kind: FlagKind) -> Vec<&str> {
    s.flags
        .iter()
        .filter(|f| f.kind == kind)
        .map(|f| f.id.as_str())
        .collect()
}

fn has_flag(s: &Score, id: &str) -> bool {
    s.flags.iter().any(|f| f.id == id)
}

// ---------------------------------------------------------------------------------------------
// AUDIT: items 1–8 index = points (0–4); items 9–10 index 0/1/2 = 0/2/4. Zones I 0–7, II 8–15,
// III 16–19, IV 20–40.

#[test]
fn audit_all_zero_is_zone_i() {
    // 0 on every item = 0.
    let s = run("audit", &[0; 10], UNRECORDED, None);
    expect(&s, 0, "I", "audit all zero");
    assert_eq!(s.max_total, Some(40), "audit maximum is 40");
    assert!(s.flags.is_empty(), "no flags: {:?}", s.flags);
    assert_eq!(s.action, action_of("audit", "I"), "zone I action");
}

#[test]
fn audit_7_is_zone_i_and_8_is_zone_ii() {
    // Items 1–7 at 1 point each = 7 (items 4–6 at 1 stay below the escalation's 2). The WHO
    // zones (I up to 7) are those of men aged 65 and under; the others are in tests/safety.rs.
    let s = run_as("audit", &[1, 1, 1, 1, 1, 1, 1, 0, 0, 0], &man_40());
    expect(&s, 7, "I", "audit 7");
    assert_eq!(
        s.escalated_to, None,
        "7 with items 4–6 at 1 is not escalated"
    );
    // Items 1–8 at 1 point each = 8.
    let s = run_as("audit", &[1, 1, 1, 1, 1, 1, 1, 1, 0, 0], &man_40());
    expect(&s, 8, "II", "audit 8");
    assert_eq!(s.action, action_of("audit", "II"), "zone II action");
}

#[test]
fn audit_15_is_zone_ii_and_16_is_zone_iii() {
    // 4 + 4 + 4 (items 1–3) + 3 (item 7) = 15.
    let s = run("audit", &[4, 4, 4, 0, 0, 0, 3, 0, 0, 0], UNRECORDED, None);
    expect(&s, 15, "II", "audit 15");
    // 4 + 4 + 4 + 4 (item 7) = 16.
    let s = run("audit", &[4, 4, 4, 0, 0, 0, 4, 0, 0, 0], UNRECORDED, None);
    expect(&s, 16, "III", "audit 16");
    assert_eq!(s.action, action_of("audit", "III"), "zone III action");
}

#[test]
fn audit_19_is_zone_iii_and_20_is_zone_iv() {
    // 4 + 4 + 4 + 4 (item 7) + 3 (item 8) = 19.
    let s = run("audit", &[4, 4, 4, 0, 0, 0, 4, 3, 0, 0], UNRECORDED, None);
    expect(&s, 19, "III", "audit 19");
    // 4 + 4 + 4 + 4 + 4 (item 8) = 20.
    let s = run("audit", &[4, 4, 4, 0, 0, 0, 4, 4, 0, 0], UNRECORDED, None);
    expect(&s, 20, "IV", "audit 20");
    assert_eq!(s.action, action_of("audit", "IV"), "zone IV action");
}

#[test]
fn audit_all_max_is_40_zone_iv_with_nowhere_higher_to_escalate() {
    // 4 × 8 (items 1–8) + 4 + 4 (items 9–10 at index 2) = 40.
    let s = run("audit", &[4, 4, 4, 4, 4, 4, 4, 4, 2, 2], UNRECORDED, None);
    expect(&s, 40, "IV", "audit all max");
    assert_eq!(
        flag_ids(&s, FlagKind::Escalation),
        ["dependence_symptoms", "harm_in_last_year"],
        "both escalation rules fire"
    );
    assert_eq!(s.escalated_to, None, "zone IV has no higher zone");
    assert_eq!(
        s.action,
        action_of("audit", "IV"),
        "zone IV keeps its action"
    );
}

#[test]
fn audit_items_9_and_10_score_0_2_4() {
    for (item, position) in [("9", 8), ("10", 9)] {
        for (index, points) in [(0, 0), (1, 2), (2, 4)] {
            // Item 1 = 1 point (so items 2–8 are asked, all 0) + item 9 or 10 = 0/2/4.
            let mut answers = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0];
            answers[position] = index;
            let s = run("audit", &answers, UNRECORDED, None);
            assert_eq!(
                s.items[position].points, points,
                "item {item} index {index} scores {points}"
            );
            assert_eq!(
                s.total,
                1 + points,
                "item {item} index {index}: total 1 + {points}"
            );
        }
    }
}

#[test]
fn audit_item_4_at_2_points_with_total_6_is_zone_i_with_zone_ii_action() {
    // 2 + 1 + 1 (items 1–3) + 2 (item 4) = 6: zone I, escalated by item 4 ≥ 2.
    let s = run("audit", &[2, 1, 1, 2, 0, 0, 0, 0, 0, 0], UNRECORDED, None);
    expect(&s, 6, "I", "audit item 4 = 2, total 6");
    assert_eq!(s.escalated_to.as_deref(), Some("II"), "raised to zone II");
    assert_eq!(s.action, action_of("audit", "II"), "zone II's action");
    assert_eq!(
        s.level,
        instrument("audit").zones[0].level,
        "level stays zone I's"
    );
    assert_eq!(
        flag_ids(&s, FlagKind::Escalation),
        ["dependence_symptoms"],
        "escalation flag"
    );
}

#[test]
fn audit_item_6_at_2_points_escalates_too() {
    // 1 (item 1) + 2 (item 6) = 3: zone I, escalated to II.
    let s = run("audit", &[1, 0, 0, 0, 0, 2, 0, 0, 0, 0], UNRECORDED, None);
    expect(&s, 3, "I", "audit item 6 = 2");
    assert_eq!(s.escalated_to.as_deref(), Some("II"), "raised to zone II");
    assert!(has_flag(&s, "dependence_symptoms"), "flags: {:?}", s.flags);
}

#[test]
fn audit_item_9_at_4_points_escalates() {
    // 1 (item 1) + 4 (item 9 index 2) = 5: zone I, escalated to II.
    let s = run("audit", &[1, 0, 0, 0, 0, 0, 0, 0, 2, 0], UNRECORDED, None);
    expect(&s, 5, "I", "audit item 9 = 4");
    assert_eq!(s.escalated_to.as_deref(), Some("II"), "raised to zone II");
    assert_eq!(s.action, action_of("audit", "II"), "zone II's action");
    assert_eq!(
        flag_ids(&s, FlagKind::Escalation),
        ["harm_in_last_year"],
        "escalation flag"
    );
}

#[test]
fn audit_item_10_at_4_points_in_zone_ii_escalates_to_zone_iii() {
    // 2 + 2 + 2 (items 1–3) + 4 (item 10 index 2) = 10: zone II, escalated to III.
    let s = run("audit", &[2, 2, 2, 0, 0, 0, 0, 0, 0, 2], UNRECORDED, None);
    expect(&s, 10, "II", "audit item 10 = 4");
    assert_eq!(s.escalated_to.as_deref(), Some("III"), "raised to zone III");
    assert_eq!(s.action, action_of("audit", "III"), "zone III's action");
}

#[test]
fn audit_items_9_and_10_at_2_points_do_not_escalate() {
    // 1 (item 1) + 2 + 2 (items 9–10 index 1) = 5: zone I, no escalation.
    let s = run("audit", &[1, 0, 0, 0, 0, 0, 0, 0, 1, 1], UNRECORDED, None);
    expect(&s, 5, "I", "audit items 9–10 = 2");
    assert_eq!(
        s.escalated_to, None,
        "2 points on 9–10 is not an escalation"
    );
    assert!(s.flags.is_empty(), "no flags: {:?}", s.flags);
}

#[test]
fn audit_two_escalations_raise_only_one_level() {
    // 1 (item 1) + 2 (item 4) + 4 (item 9) = 7: zone I for a man of 40; both rules fire,
    // raised to II only.
    let s = run_as("audit", &[1, 0, 0, 2, 0, 0, 0, 0, 2, 0], &man_40());
    expect(&s, 7, "I", "audit two escalations");
    assert_eq!(
        flag_ids(&s, FlagKind::Escalation).len(),
        2,
        "both rules fire"
    );
    assert_eq!(
        s.escalated_to.as_deref(),
        Some("II"),
        "one level up, not two"
    );
}

#[test]
fn audit_item_1_never_skips_items_2_to_8_and_ignores_their_answers() {
    // Item 1 = Never: items 2–8 are not asked; their 3s score 0. Items 9–10 = 0. Total 0.
    let s = run("audit", &[0, 3, 3, 3, 3, 3, 3, 3, 0, 0], UNRECORDED, None);
    expect(&s, 0, "I", "audit item 1 never, 2–8 answered");
    for item in &s.items[1..8] {
        assert!(item.skipped, "item {} is skipped", item.number);
        assert_eq!(item.points, 0, "skipped item {} scores 0", item.number);
    }
    let ignored = flag_ids(&s, FlagKind::IgnoredAnswer);
    assert_eq!(
        ignored,
        [
            "skipped:q2",
            "skipped:q3",
            "skipped:q4",
            "skipped:q5",
            "skipped:q6",
            "skipped:q7",
            "skipped:q8"
        ],
        "one ignored_answer flag per answered skipped item"
    );
    assert_eq!(
        s.escalated_to, None,
        "item 4–6 answers that are skipped do not escalate"
    );
}

#[test]
fn audit_item_1_never_with_items_2_to_8_blank_is_complete() {
    // Item 1 = Never, items 2–8 left blank, item 9 = 2 (index 1), item 10 = 0: total 2.
    let mut answers = vec![Some(0)];
    answers.extend([None; 7]);
    answers.extend([Some(1), Some(0)]);
    let s = run_partial("audit", &answers, UNRECORDED, None);
    expect(&s, 2, "I", "audit item 1 never, 2–8 blank");
    assert!(
        s.unanswered.is_empty(),
        "skipped blanks are not unanswered: {:?}",
        s.unanswered
    );
    assert!(s.is_complete(), "complete");
    assert!(
        flag_ids(&s, FlagKind::IgnoredAnswer).is_empty(),
        "a blank is not an ignored answer"
    );
}

#[test]
fn audit_partial_answers_give_a_running_total_and_the_unanswered_items() {
    // Items 1–2 answered: 2 + 1 = 3 so far; items 3–10 unanswered.
    let mut answers = vec![Some(2), Some(1)];
    answers.extend([None; 8]);
    let s = run_partial("audit", &answers, UNRECORDED, None);
    assert_eq!(s.total, 3, "running total 2 + 1");
    assert_eq!(
        s.unanswered,
        ["q3", "q4", "q5", "q6", "q7", "q8", "q9", "q10"],
        "items 3–10 unanswered"
    );
    assert!(!s.is_complete(), "not complete");
    assert_eq!(s.zone, "I", "provisional zone from the running total");
}

#[test]
fn audit_with_item_1_blank_skips_nothing() {
    // Item 1 blank: the skip rule cannot fire; items 2–3 score 4 + 4 = 8.
    let mut answers = vec![None, Some(4), Some(4)];
    answers.extend([Some(0); 7]);
    let s = run_partial("audit", &answers, UNRECORDED, None);
    expect(&s, 8, "II", "audit item 1 blank");
    assert_eq!(s.unanswered, ["q1"], "item 1 unanswered");
    assert!(s.items.iter().all(|i| !i.skipped), "nothing skipped");
}

// ---------------------------------------------------------------------------------------------
// AUDIT-C: items 1–3, index = points, total 0–12. Positive ≥ 3 (women, unrecorded), ≥ 4 (men).

#[test]
fn audit_c_2_is_negative_and_3_positive_for_women_and_unrecorded_sex() {
    for sex in [FEMALE, UNRECORDED] {
        // 1 + 1 + 0 = 2.
        expect(
            &run("audit-c", &[1, 1, 0], sex, None),
            2,
            "negative",
            &format!("audit-c 2, {sex:?}"),
        );
        // 1 + 1 + 1 = 3.
        expect(
            &run("audit-c", &[1, 1, 1], sex, None),
            3,
            "positive",
            &format!("audit-c 3, {sex:?}"),
        );
    }
}

#[test]
fn audit_c_3_is_negative_and_4_positive_for_men() {
    // 1 + 1 + 1 = 3.
    expect(
        &run("audit-c", &[1, 1, 1], MALE, None),
        3,
        "negative",
        "audit-c 3 male",
    );
    // 2 + 1 + 1 = 4.
    expect(
        &run("audit-c", &[2, 1, 1], MALE, None),
        4,
        "positive",
        "audit-c 4 male",
    );
}

#[test]
fn audit_c_4_is_positive_for_both_sexes() {
    for sex in [FEMALE, MALE, UNRECORDED] {
        // 2 + 1 + 1 = 4.
        let s = run("audit-c", &[2, 1, 1], sex, None);
        expect(&s, 4, "positive", &format!("audit-c (2,1,1) {sex:?}"));
        assert!(
            !has_flag(&s, "only_item_1"),
            "points from items 2–3 too: no only_item_1"
        );
    }
}

#[test]
fn audit_c_0_and_12_are_the_ends_of_the_range() {
    for sex in [FEMALE, MALE, UNRECORDED] {
        // Item 1 = Never (items 2–3 skipped) = 0.
        let s = run("audit-c", &[0, 0, 0], sex, None);
        expect(&s, 0, "negative", &format!("audit-c 0 {sex:?}"));
        // 4 + 4 + 4 = 12: the 8–12 tier (Rubinsky 2013).
        let s = run("audit-c", &[4, 4, 4], sex, None);
        expect(&s, 12, "high", &format!("audit-c 12 {sex:?}"));
        assert_eq!(s.max_total, Some(12), "audit-c maximum is 12");
    }
}

#[test]
fn audit_c_3_from_item_1_alone_is_positive_for_women_with_only_item_1_flag() {
    // 3 + 0 + 0 = 3: positive for a woman, all points from item 1.
    let s = run("audit-c", &[3, 0, 0], FEMALE, None);
    expect(&s, 3, "positive", "audit-c (3,0,0) female");
    assert_eq!(
        flag_ids(&s, FlagKind::Caveat),
        ["only_item_1"],
        "only_item_1 caveat"
    );
    // Same answers, man: 3 is negative and the caveat (positive only) does not apply.
    let s = run("audit-c", &[3, 0, 0], MALE, None);
    expect(&s, 3, "negative", "audit-c (3,0,0) male");
    assert!(s.flags.is_empty(), "no flags when negative: {:?}", s.flags);
    // 4 + 0 + 0 = 4: positive for a man, all points from item 1.
    let s = run("audit-c", &[4, 0, 0], MALE, None);
    expect(&s, 4, "positive", "audit-c (4,0,0) male");
    assert!(has_flag(&s, "only_item_1"), "only_item_1 for a man at 4");
}

#[test]
fn audit_c_item_1_never_skips_items_2_and_3() {
    // Item 1 = Never: items 2–3 score 0 whatever was answered.
    let s = run("audit-c", &[0, 2, 2], FEMALE, None);
    expect(&s, 0, "negative", "audit-c item 1 never");
    assert_eq!(
        flag_ids(&s, FlagKind::IgnoredAnswer),
        ["skipped:q2", "skipped:q3"],
        "ignored answers flagged"
    );
}

// ---------------------------------------------------------------------------------------------
// DAST-10: index 0 = Yes, 1 = No. Yes scores 1, except item 3 where No scores 1. Zones none 0,
// low 1–2, moderate 3–5, substantial 6–8, severe 9–10.

/// `yes` of the nine ordinary items answered Yes (in order), the rest No; item 3 = Yes (0 points),
/// or No (1 point) when `item_3_no`. Total = `yes` + (1 if `item_3_no`).
fn dast(yes: usize, item_3_no: bool) -> Vec<u32> {
    let mut answers = vec![1; 10];
    let ordinary = [0, 1, 3, 4, 5, 6, 7, 8, 9];
    for &i in &ordinary[..yes] {
        answers[i] = 0;
    }
    answers[2] = u32::from(item_3_no);
    answers
}

#[test]
fn dast_10_zone_boundaries() {
    // (ordinary Yes answers, total, zone); item 3 = Yes, so total = Yes count.
    for (yes, total, zone) in [
        (0, 0, "none"),
        (1, 1, "low"),
        (2, 2, "low"),
        (3, 3, "moderate"),
        (5, 5, "moderate"),
        (6, 6, "substantial"),
        (8, 8, "substantial"),
        (9, 9, "severe"),
    ] {
        let answers = dast(yes, false);
        let s = run("dast-10", &answers, UNRECORDED, None);
        expect(&s, total, zone, &format!("dast-10 {answers:?}"));
    }
}

#[test]
fn dast_10_everything_scoring_is_10_and_item_3_yes_makes_it_9() {
    // Items 1, 2, 4–10 Yes (9) + item 3 No (1) = 10.
    let s = run("dast-10", &dast(9, true), UNRECORDED, None);
    expect(&s, 10, "severe", "dast-10 all scoring");
    assert_eq!(s.max_total, Some(10), "dast-10 maximum is 10");
    // Same with item 3 Yes = 9.
    expect(
        &run("dast-10", &dast(9, false), UNRECORDED, None),
        9,
        "severe",
        "dast-10 item 3 yes",
    );
}

#[test]
fn dast_10_item_3_is_reverse_scored() {
    // Item 3 Yes (index 0) scores 0, No (index 1) scores 1; everything else No = 0.
    let yes = run("dast-10", &dast(0, false), UNRECORDED, None);
    assert_eq!(yes.items[2].points, 0, "item 3 Yes (index 0) scores 0");
    let no = run("dast-10", &dast(0, true), UNRECORDED, None);
    assert_eq!(no.items[2].points, 1, "item 3 No (index 1) scores 1");
    // And an ordinary item: item 1 Yes (index 0) scores 1.
    let s = run("dast-10", &dast(1, false), UNRECORDED, None);
    assert_eq!(s.items[0].points, 1, "item 1 Yes (index 0) scores 1");
}

#[test]
fn dast_10_all_no_scores_1_low_with_all_no_flag() {
    // Every answer No (index 1): only item 3 scores, 1 point → low.
    let s = run("dast-10", &[1; 10], UNRECORDED, None);
    expect(&s, 1, "low", "dast-10 all no");
    assert_eq!(
        flag_ids(&s, FlagKind::Caveat),
        ["all_no"],
        "all_no caveat raised"
    );
}

#[test]
fn dast_10_item_1_and_item_3_yes_is_1_low_without_all_no() {
    // Item 1 Yes (1) + item 3 Yes (0) + rest No = 1 → low.
    let s = run("dast-10", &dast(1, false), UNRECORDED, None);
    expect(&s, 1, "low", "dast-10 only item 1 yes");
    assert!(
        !has_flag(&s, "all_no"),
        "not every answer is No: {:?}",
        s.flags
    );
}

// ---------------------------------------------------------------------------------------------
// ASSIST v3.0. Index → points: Q2 0,2,3,4,6; Q3 0,3,4,5,6; Q4 0,4,5,6,7; Q5 0,5,6,7,8;
// Q6/Q7 0,6,3. Alcohol: low 0–10, moderate 11–26, high 27+. Others: low 0–3, moderate 4–26,
// high 27+. Tobacco has no Q5 (5 answers: Q2, Q3, Q4, Q6, Q7).

const OTHER_SUBSTANCES: [&str; 8] = [
    "cannabis",
    "cocaine",
    "stimulants",
    "inhalants",
    "sedatives",
    "hallucinogens",
    "opioids",
    "other",
];

#[test]
fn assist_alcohol_boundaries() {
    for (answers, total, zone, why) in [
        // Q2 weekly 4 + Q3 once 3 + Q6 not past 3m 3 = 10.
        ([3, 1, 0, 0, 2, 0], 10, "low", "4 + 3 + 0 + 0 + 3 + 0"),
        // Q2 weekly 4 + Q3 once 3 + Q4 once 4 = 11.
        ([3, 1, 1, 0, 0, 0], 11, "moderate", "4 + 3 + 4 + 0 + 0 + 0"),
        // 6 + 6 + 5 + 0 + 6 + 3 = 26.
        ([4, 4, 2, 0, 1, 2], 26, "moderate", "6 + 6 + 5 + 0 + 6 + 3"),
        // 6 + 6 + 6 + 0 + 6 + 3 = 27.
        ([4, 4, 3, 0, 1, 2], 27, "high", "6 + 6 + 6 + 0 + 6 + 3"),
        // 6 + 6 + 7 + 8 + 6 + 6 = 39.
        ([4, 4, 4, 4, 1, 1], 39, "high", "6 + 6 + 7 + 8 + 6 + 6"),
    ] {
        let s = run("assist", &answers, UNRECORDED, Some("alcohol"));
        expect(
            &s,
            total,
            zone,
            &format!("assist alcohol {answers:?} = {why}"),
        );
        assert_eq!(s.max_total, Some(39), "alcohol maximum is 39");
        assert_eq!(
            s.substance.as_deref(),
            Some("alcohol"),
            "substance reported"
        );
    }
}

#[test]
fn assist_other_substances_boundaries() {
    for substance in OTHER_SUBSTANCES {
        for (answers, total, zone, why) in [
            // Q2 monthly 3, rest 0 = 3.
            ([2, 0, 0, 0, 0, 0], 3, "low", "3"),
            // Q2 weekly 4, rest 0 = 4.
            ([3, 0, 0, 0, 0, 0], 4, "moderate", "4"),
            ([4, 4, 2, 0, 1, 2], 26, "moderate", "6 + 6 + 5 + 0 + 6 + 3"),
            ([4, 4, 3, 0, 1, 2], 27, "high", "6 + 6 + 6 + 0 + 6 + 3"),
            ([4, 4, 4, 4, 1, 1], 39, "high", "6 + 6 + 7 + 8 + 6 + 6"),
        ] {
            let s = run("assist", &answers, UNRECORDED, Some(substance));
            expect(
                &s,
                total,
                zone,
                &format!("assist {substance} {answers:?} = {why}"),
            );
            assert_eq!(s.max_total, Some(39), "{substance} maximum is 39");
        }
    }
}

#[test]
fn assist_tobacco_takes_five_answers_and_tops_out_at_31() {
    for (answers, total, zone, why) in [
        // Q2 monthly 3 = 3.
        ([2, 0, 0, 0, 0], 3, "low", "3"),
        // Q2 weekly 4 = 4.
        ([3, 0, 0, 0, 0], 4, "moderate", "4"),
        // Q2 6 + Q3 6 + Q4 5 + Q6 6 + Q7 3 = 26.
        ([4, 4, 2, 1, 2], 26, "moderate", "6 + 6 + 5 + 6 + 3"),
        // Q2 6 + Q3 6 + Q4 6 + Q6 6 + Q7 3 = 27.
        ([4, 4, 3, 1, 2], 27, "high", "6 + 6 + 6 + 6 + 3"),
        // Q2 6 + Q3 6 + Q4 7 + Q6 6 + Q7 6 = 31.
        ([4, 4, 4, 1, 1], 31, "high", "6 + 6 + 7 + 6 + 6"),
    ] {
        let s = run("assist", &answers, UNRECORDED, Some("tobacco"));
        expect(
            &s,
            total,
            zone,
            &format!("assist tobacco {answers:?} = {why}"),
        );
        assert_eq!(s.max_total, Some(31), "tobacco maximum is 31 (no Q5)");
        let numbers: Vec<&str> = s.items.iter().map(|i| i.number.as_str()).collect();
        // Q1 (implied Yes) and Q8 (not asked) are laid out around the five answers given.
        assert_eq!(
            numbers,
            ["Q1", "Q2", "Q3", "Q4", "Q6", "Q7", "Q8"],
            "tobacco items"
        );
    }
}

#[test]
fn assist_tobacco_with_six_answers_is_an_error() {
    let e = run_err("assist", &[0, 0, 0, 0, 0, 0], Some("tobacco"));
    assert!(
        matches!(
            e,
            ScoreError::WrongCount {
                expected: 5,
                got: 6,
                ..
            }
        ),
        "wrong count 5 vs 6: {e:?}"
    );
    let msg = e.to_string();
    assert!(msg.contains("takes 5 answers"), "names the count: {msg}");
    assert!(
        msg.contains("items Q2, Q3, Q4, Q6, Q7"),
        "names the items: {msg}"
    );
    assert!(msg.contains("tobacco"), "names the substance: {msg}");
}

#[test]
fn assist_domain_vectors() {
    // Alcohol: Q2 weekly 4 + Q3 monthly 4 + Q4 once/twice 4 + Q5 never 0 + Q6 past 3m 6 + Q7 0
    // = 18 → moderate.
    expect(
        &run("assist", &[3, 2, 1, 0, 1, 0], UNRECORDED, Some("alcohol")),
        18,
        "moderate",
        "assist alcohol 18",
    );
    // Cannabis: Q2 once/twice 2, nothing else = 2 → low.
    expect(
        &run("assist", &[1, 0, 0, 0, 0, 0], UNRECORDED, Some("cannabis")),
        2,
        "low",
        "assist cannabis 2",
    );
    // Tobacco: Q2 daily 6 + Q3 daily 6 + Q4 0 + Q6 past 3m 6 + Q7 not past 3m 3 = 21 → moderate.
    expect(
        &run("assist", &[4, 4, 0, 1, 2], UNRECORDED, Some("tobacco")),
        21,
        "moderate",
        "assist tobacco 21",
    );
    // Cannabis, not used in 3 months (Q2 never, Q3–Q5 skipped), Q6 long ago 3 = 3 → low.
    let s = run_partial(
        "assist",
        &[Some(0), None, None, None, Some(2), Some(0)],
        UNRECORDED,
        Some("cannabis"),
    );
    expect(&s, 3, "low", "assist cannabis lifetime Q6 = 3");
    assert!(s.is_complete(), "skipped Q3–Q5 are not unanswered");
    // Add Q7 long ago 3: 3 + 3 = 6 → moderate.
    expect(
        &run_partial(
            "assist",
            &[Some(0), None, None, None, Some(2), Some(2)],
            UNRECORDED,
            Some("cannabis"),
        ),
        6,
        "moderate",
        "assist cannabis lifetime Q6 = Q7 = 3",
    );
}

#[test]
fn assist_q6_and_q7_indexes_0_1_2_score_0_6_3() {
    for (index, points) in [(0, 0), (1, 6), (2, 3)] {
        // Q2 never (Q3–Q5 skipped), Q6 at `index`, Q7 never.
        let s = run(
            "assist",
            &[0, 0, 0, 0, index, 0],
            UNRECORDED,
            Some("cannabis"),
        );
        assert_eq!(
            s.items[5].points, points,
            "Q6 index {index} scores {points}"
        );
        assert_eq!(s.total, points, "Q6 index {index}: total {points}");
        // Same for Q7.
        let s = run(
            "assist",
            &[0, 0, 0, 0, 0, index],
            UNRECORDED,
            Some("cannabis"),
        );
        assert_eq!(
            s.items[6].points, points,
            "Q7 index {index} scores {points}"
        );
    }
}

#[test]
fn assist_q2_options_score_0_2_3_4_6() {
    for (index, points) in [(0, 0), (1, 2), (2, 3), (3, 4), (4, 6)] {
        let s = run(
            "assist",
            &[index, 0, 0, 0, 0, 0],
            UNRECORDED,
            Some("opioids"),
        );
        assert_eq!(
            s.items[1].points, points,
            "Q2 index {index} scores {points}"
        );
        assert_eq!(s.total, points, "Q2 index {index}: total {points}");
    }
}

#[test]
fn assist_q3_to_q5_index_is_not_points() {
    // Q2 once (2) + Q3 once (3) + Q4 once (4) + Q5 once (5) = 14 → moderate.
    let s = run("assist", &[1, 1, 1, 1, 0, 0], UNRECORDED, Some("sedatives"));
    expect(&s, 14, "moderate", "assist once/twice everywhere");
    let points: Vec<u32> = s.items.iter().map(|i| i.points).collect();
    // Q1 (implied Yes) and Q8 (not asked) score nothing.
    assert_eq!(points, [0, 2, 3, 4, 5, 0, 0, 0], "per-item points");
}

#[test]
fn assist_q2_never_skips_q3_to_q5() {
    // Q2 never: Q3–Q5 (answered once/twice = 3, 4, 5) score 0; Q6, Q7 never = 0.
    let s = run("assist", &[0, 1, 1, 1, 0, 0], UNRECORDED, Some("cocaine"));
    expect(&s, 0, "low", "assist Q2 never, Q3–Q5 answered");
    assert_eq!(
        flag_ids(&s, FlagKind::IgnoredAnswer),
        ["skipped:q3", "skipped:q4", "skipped:q5"],
        "ignored answers flagged"
    );
    assert!(
        s.items[2..5].iter().all(|i| i.skipped && i.points == 0),
        "Q3–Q5 skipped at 0"
    );
    // Tobacco: Q2 never skips Q3–Q4 (there is no Q5).
    let s = run("assist", &[0, 4, 4, 0, 0], UNRECORDED, Some("tobacco"));
    expect(&s, 0, "low", "assist tobacco Q2 never");
    assert_eq!(
        flag_ids(&s, FlagKind::IgnoredAnswer),
        ["skipped:q3", "skipped:q4"],
        "tobacco ignored answers"
    );
}

// ---------------------------------------------------------------------------------------------
// Single questions: a count of times in the past year; positive at 1 or more.

#[test]
fn single_questions_0_is_negative_and_1_is_positive() {
    for id in ["single-alcohol", "single-drug"] {
        expect(&run(id, &[0], UNRECORDED, None), 0, "negative", id);
        expect(&run(id, &[1], UNRECORDED, None), 1, "positive", id);
        expect(&run(id, &[1], MALE, None), 1, "positive", id);
    }
}

#[test]
fn single_questions_accept_counts_up_to_their_maximum() {
    for (id, max) in [("single-alcohol", 366), ("single-drug", 9999)] {
        let s = run(id, &[max], UNRECORDED, None);
        expect(&s, max, "positive", &format!("{id} at its maximum"));
        let e = run_err(id, &[max + 1], None);
        let msg = e.to_string();
        assert!(msg.contains("item 1"), "names the item: {msg}");
        assert!(msg.contains(&format!("0–{max}")), "names the range: {msg}");
    }
}

// ---------------------------------------------------------------------------------------------
// Errors.

#[test]
fn wrong_number_of_answers_names_the_count_and_items() {
    let e = run_err("audit", &[0; 9], None);
    assert!(
        matches!(
            e,
            ScoreError::WrongCount {
                expected: 10,
                got: 9,
                ..
            }
        ),
        "wrong count: {e:?}"
    );
    let msg = e.to_string();
    assert!(msg.contains("takes 10 answers"), "names the count: {msg}");
    assert!(
        msg.contains("items 1, 2, 3, 4, 5, 6, 7, 8, 9, 10"),
        "names the items: {msg}"
    );
    assert!(msg.contains("got 9"), "names what was given: {msg}");

    let msg = run_err("audit-c", &[0, 0, 0, 0], None).to_string();
    assert!(
        msg.contains("takes 3 answers (items 1, 2, 3), got 4"),
        "audit-c too many: {msg}"
    );
    let msg = run_err("assist", &[0; 5], Some("alcohol")).to_string();
    assert!(
        msg.contains(
            "takes 6 answers (items Q2, Q3, Q4, Q5, Q6, Q7; or all 8: Q1, Q2, Q3, Q4, Q5, Q6, Q7, \
             Q8), got 5"
        ),
        "assist alcohol too few: {msg}"
    );
}

#[test]
fn out_of_range_answer_names_the_item_and_the_allowed_range() {
    for (id, answers, substance, item, range) in [
        (
            "audit",
            vec![1, 0, 0, 0, 0, 0, 0, 0, 3, 0],
            None,
            "item 9",
            "0–2",
        ),
        (
            "audit",
            vec![5, 0, 0, 0, 0, 0, 0, 0, 0, 0],
            None,
            "item 1",
            "0–4",
        ),
        ("audit-c", vec![0, 0, 5], None, "item 3", "0–4"),
        (
            "dast-10",
            vec![1, 1, 2, 1, 1, 1, 1, 1, 1, 1],
            None,
            "item 3",
            "0–1",
        ),
        (
            "assist",
            vec![1, 0, 0, 0, 3, 0],
            Some("cannabis"),
            "item Q6",
            "0–2",
        ),
    ] {
        let e = run_err(id, &answers, substance);
        assert!(
            matches!(e, ScoreError::OutOfRange { .. }),
            "{id} {answers:?}: out of range, got {e:?}"
        );
        let msg = e.to_string();
        assert!(msg.contains(item), "{id}: names {item}: {msg}");
        assert!(msg.contains(range), "{id}: names the range {range}: {msg}");
    }
}

#[test]
fn out_of_range_on_a_skipped_item_is_still_an_error() {
    // Item 1 = Never skips item 2, but an index that does not exist is still a typo.
    let msg = run_err("audit", &[0, 7, 0, 0, 0, 0, 0, 0, 0, 0], None).to_string();
    assert!(msg.contains("item 2"), "names item 2: {msg}");
    assert!(msg.contains("0–4"), "names the range: {msg}");
}

#[test]
fn assist_without_a_substance_is_an_error_listing_them() {
    let e = run_err("assist", &[0; 6], None);
    assert!(
        matches!(e, ScoreError::SubstanceRequired { .. }),
        "substance required: {e:?}"
    );
    let msg = e.to_string();
    for s in ["tobacco", "alcohol", "cannabis", "opioids", "other"] {
        assert!(msg.contains(s), "lists {s}: {msg}");
    }
}

#[test]
fn assist_with_an_unknown_substance_is_an_error() {
    let e = run_err("assist", &[0; 6], Some("kratom"));
    assert!(
        matches!(e, ScoreError::UnknownSubstance { ref substance, .. } if substance == "kratom"),
        "unknown substance: {e:?}"
    );
    let msg = e.to_string();
    assert!(msg.contains("\"kratom\""), "names what was given: {msg}");
    assert!(msg.contains("tobacco"), "lists the known ones: {msg}");
}

#[test]
fn a_substance_for_audit_is_an_error() {
    let e = run_err("audit", &[0; 10], Some("alcohol"));
    assert!(
        matches!(e, ScoreError::SubstanceNotApplicable { .. }),
        "substance not applicable: {e:?}"
    );
    assert!(
        e.to_string().contains("audit is not scored per substance"),
        "says so: {e}"
    );
}

#[test]
fn partial_answers_are_provisional_for_every_instrument() {
    // DAST-10 items 1–3: Yes (1) + Yes (1) + No (1) = 3; items 4–10 unanswered.
    let mut answers = vec![Some(0), Some(0), Some(1)];
    answers.extend([None; 7]);
    let s = run_partial("dast-10", &answers, UNRECORDED, None);
    assert_eq!(s.total, 3, "running total 1 + 1 + 1");
    assert_eq!(
        s.unanswered.len(),
        7,
        "items 4–10 unanswered: {:?}",
        s.unanswered
    );
    assert!(!has_flag(&s, "all_no"), "no all_no while unanswered");
    // ASSIST alcohol, Q2 weekly (4) only; Q3–Q7 unanswered (Q2 is not Never, so all asked).
    let s = run_partial(
        "assist",
        &[Some(3), None, None, None, None, None],
        UNRECORDED,
        Some("alcohol"),
    );
    assert_eq!(s.total, 4, "running total 4");
    assert_eq!(
        s.unanswered,
        ["q3", "q4", "q5", "q6", "q7"],
        "Q3–Q7 unanswered"
    );
    // AUDIT-C item 1 only (3): a woman is already positive, but items 2–3 are not known, so
    // the only_item_1 caveat cannot be decided yet.
    let s = run_partial("audit-c", &[Some(3), None, None], FEMALE, None);
    assert_eq!(s.total, 3, "running total 3");
    assert!(!has_flag(&s, "only_item_1"), "caveat waits for items 2–3");
}
