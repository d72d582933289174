//! The safety rules of the bundled protocol, each firing and not firing at its boundary, the
//! cut-offs by sex and age, the limits and menu options each patient may be offered, and the
//! session's record of flags raised and answered.
//!
//! Answers are 0-based option indexes in printed order. ASSIST answers are Q2–Q7 of one
//! substance (as `brief score` takes them); Q1 is then implied Yes and Q8 not asked, unless a
//! test gives all eight. Every total is worked out by hand in the comment beside it, with the
//! source of the rule.

use std::sync::LazyLock;

use brief::protocol::{Pregnancy, Protocol, ProtocolSet, Sex};
use brief::safety::{self, Answers};
use brief::scoring::{self, LimitsAdvice, Profile};
use brief::session::{
    Change, ChangeError, ChosenAnyway, Goal, SafetyOutcome, Screening, ScreeningResult, Seal,
    Session, SessionId, Status, Timestamp, seal_of,
};
use chrono::{DateTime, Duration};

static SET: LazyLock<ProtocolSet> =
    LazyLock::new(|| ProtocolSet::bundled().expect("bundled protocols load"));

fn protocol() -> &'static Protocol {
    SET.default_protocol()
}

fn who(sex: Option<Sex>, age: Option<u32>, pregnancy: Pregnancy) -> Profile {
    Profile {
        sex,
        age,
        pregnancy,
    }
}

fn man(age: u32) -> Profile {
    who(Some(Sex::Male), Some(age), Pregnancy::NotAsked)
}

fn woman(age: u32) -> Profile {
    who(Some(Sex::Female), Some(age), Pregnancy::NotAsked)
}

fn pregnant(age: u32) -> Profile {
    who(Some(Sex::Female), Some(age), Pregnancy::Pregnant)
}

/// A screening given: instrument, substance, answers.
type Given<'a> = (&'a str, Option<&'a str>, Vec<Option<u32>>);

fn some(answers: &[u32]) -> Vec<Option<u32>> {
    answers.iter().copied().map(Some).collect()
}

/// The ids of the rules that fire for these screenings (instrument, substance, answers).
fn fired(profile: &Profile, screenings: &[Given<'_>]) -> Vec<String> {
    let answers: Vec<Answers<'_>> = screenings
        .iter()
        .map(|(instrument, substance, answers)| Answers {
            instrument,
            substance: *substance,
            answers,
        })
        .collect();
    safety::evaluate(&SET, protocol(), profile, &answers)
        .into_iter()
        .map(|f| f.rule.id.clone())
        .collect()
}

fn fires(profile: &Profile, screenings: &[Given<'_>], rule: &str) -> bool {
    fired(profile, screenings).iter().any(|id| id == rule)
}

fn zone(instrument: &str, answers: &[u32], profile: &Profile) -> String {
    let ins = SET.instrument(instrument).expect("bundled instrument");
    scoring::score(ins, &some(answers), profile, None)
        .expect("scores")
        .zone
}

// ---------------------------------------------------------------------------------------------
// AUDIT zones by sex and age (WHO 2001: zone II from 8; one point lower, 7, for women and men
// over 65; the CDC/MITRE apps: zone I = 0–6 for women, unknown sex and men over 65).

/// Items 1–7 at 1 point each = 7; item 8 at 1 more = 8; items 1–6 at 1 = 6.
const AUDIT_6: [u32; 10] = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
const AUDIT_7: [u32; 10] = [1, 1, 1, 1, 1, 1, 1, 0, 0, 0];
const AUDIT_8: [u32; 10] = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0];

#[test]
fn audit_zone_ii_starts_at_8_for_men_up_to_65_and_at_7_for_everyone_else() {
    for (profile, case) in [(man(40), "man 40"), (man(65), "man 65")] {
        assert_eq!(
            zone("audit", &AUDIT_7, &profile),
            "I",
            "{case}: 7 is zone I"
        );
        assert_eq!(
            zone("audit", &AUDIT_8, &profile),
            "II",
            "{case}: 8 is zone II"
        );
    }
    let others = [
        (man(66), "man 66"),
        (woman(40), "woman 40"),
        (woman(70), "woman 70"),
        (who(None, Some(40), Pregnancy::NotAsked), "sex not recorded"),
        (
            who(Some(Sex::Male), None, Pregnancy::NotAsked),
            "man, age not recorded",
        ),
    ];
    for (profile, case) in others {
        assert_eq!(
            zone("audit", &AUDIT_6, &profile),
            "I",
            "{case}: 6 is zone I"
        );
        assert_eq!(
            zone("audit", &AUDIT_7, &profile),
            "II",
            "{case}: 7 is zone II"
        );
        assert_eq!(
            zone("audit", &AUDIT_8, &profile),
            "II",
            "{case}: 8 is zone II"
        );
    }
}

#[test]
fn audit_c_has_a_tier_from_8_and_any_drinking_is_positive_in_pregnancy() {
    // Rubinsky 2013: 8–12 is the likely-AUD tier. 3+2+2 = 7, 4+2+2 = 8.
    for profile in [man(40), woman(40)] {
        assert_eq!(
            zone("audit-c", &[3, 2, 2], &profile),
            "positive",
            "7: positive"
        );
        assert_eq!(
            zone("audit-c", &[4, 2, 2], &profile),
            "high",
            "8: the 8–12 tier"
        );
    }
    // Bush 1998 / Bradley 2003: men positive from 4, women from 3 (1+1+1 = 3, 2+1+1 = 4).
    assert_eq!(zone("audit-c", &[1, 1, 1], &man(40)), "negative", "man 3");
    assert_eq!(zone("audit-c", &[2, 1, 1], &man(40)), "positive", "man 4");
    assert_eq!(
        zone("audit-c", &[1, 0, 1], &woman(40)),
        "negative",
        "woman 2"
    );
    assert_eq!(
        zone("audit-c", &[1, 1, 1], &woman(40)),
        "positive",
        "woman 3"
    );
    // CDC: no known safe amount in pregnancy — 1 (monthly or less) is positive, 0 negative.
    assert_eq!(
        zone("audit-c", &[0, 0, 0], &pregnant(30)),
        "negative",
        "pregnant 0"
    );
    assert_eq!(
        zone("audit-c", &[1, 0, 0], &pregnant(30)),
        "positive",
        "pregnant 1"
    );
    assert_eq!(
        zone("audit-c", &[4, 2, 2], &pregnant(30)),
        "high",
        "pregnant 8"
    );
}

#[test]
fn the_only_item_1_caveat_is_not_given_in_pregnancy() {
    // 3+0+0 = 3 for a woman: positive, all from item 1: "may be drinking within limits" —
    // which no pregnant patient is.
    let ins = SET.instrument("audit-c").expect("bundled");
    let caveat = |p: &Profile| {
        scoring::score(ins, &some(&[3, 0, 0]), p, None)
            .expect("scores")
            .flags
            .iter()
            .any(|f| f.id == "only_item_1")
    };
    assert!(caveat(&woman(30)), "not pregnant: the caveat stands");
    assert!(
        !caveat(&pregnant(30)),
        "pregnant: no 'within limits' caveat"
    );
}

#[test]
fn the_single_alcohol_question_asks_men_over_65_about_4_drinks() {
    // NIAAA: men 65 and under 5+, women and men over 65 4+ (their daily limit is 3).
    let ins = SET.instrument("single-alcohol").expect("bundled");
    let text = |p: &Profile| scoring::item_text(ins, &ins.items[0], p, None);
    assert!(text(&man(40)).contains("5 or more"), "{}", text(&man(40)));
    assert!(text(&man(65)).contains("5 or more"), "{}", text(&man(65)));
    assert!(text(&man(66)).contains("4 or more"), "{}", text(&man(66)));
    assert!(
        text(&woman(40)).contains("4 or more"),
        "{}",
        text(&woman(40))
    );
    let unknown_age = who(Some(Sex::Male), None, Pregnancy::NotAsked);
    assert!(
        text(&unknown_age).contains("4 or more"),
        "unrecorded age: the more sensitive"
    );
}

#[test]
fn the_drink_sizes_are_named_and_the_who_audit_differs_from_the_limits() {
    let p = protocol();
    assert_eq!(p.low_risk_limits.drink_grams, Some(14), "US standard drink");
    let audit = SET.instrument("audit").expect("bundled");
    assert_eq!(audit.drink.as_ref().map(|d| d.grams), Some(10), "WHO drink");
    for id in ["audit-c", "single-alcohol"] {
        let ins = SET.instrument(id).expect("bundled");
        assert_eq!(
            ins.drink.as_ref().map(|d| d.grams),
            Some(14),
            "{id}: US drink"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Limits: never in pregnancy or under 21, not until the age is known (NIAAA; CDC).

#[test]
fn limits_are_shown_only_to_adults_of_legal_age_who_are_not_pregnant() {
    let limits = &protocol().low_risk_limits;
    let per_day = |p: &Profile| match limits.advice_for(p) {
        LimitsAdvice::Limits(l) => Some(l.per_day),
        _ => None,
    };
    assert_eq!(per_day(&man(40)), Some(4), "man 40: 4 a day");
    assert_eq!(per_day(&man(66)), Some(3), "man over 65: 3 a day");
    assert_eq!(per_day(&woman(30)), Some(3), "woman: 3 a day");
    assert_eq!(per_day(&man(21)), Some(4), "21 is the legal age");
    assert!(
        matches!(limits.advice_for(&man(16)), LimitsAdvice::Underage(t) if !t.is_empty()),
        "a 16-year-old boy is not told 4 a day"
    );
    assert!(
        matches!(limits.advice_for(&man(20)), LimitsAdvice::Underage(_)),
        "20"
    );
    assert!(
        matches!(limits.advice_for(&pregnant(30)), LimitsAdvice::Pregnancy(t) if t.contains("no known safe amount")),
        "pregnant: the no-safe-amount wording"
    );
    let trying = who(Some(Sex::Female), Some(30), Pregnancy::Trying);
    assert!(
        matches!(limits.advice_for(&trying), LimitsAdvice::Pregnancy(_)),
        "trying"
    );
    let no_age = who(Some(Sex::Male), None, Pregnancy::NotAsked);
    assert_eq!(
        limits.advice_for(&no_age),
        LimitsAdvice::AgeNeeded,
        "age unknown"
    );
}

// ---------------------------------------------------------------------------------------------
// withdrawal_risk (WHO 2001 zone IV and item 6; ASAM 2020; ASSIST alcohol high, sedatives
// moderate or high; DAST-10 item 9).

#[test]
fn withdrawal_risk_fires_from_audit_zone_iv_and_not_at_19() {
    // 4+4+4 (items 1–3) + 4 (item 7) + 3 (item 8) = 19, zone III; item 8 at 4 = 20, zone IV.
    let z3 = some(&[4, 4, 4, 0, 0, 0, 4, 3, 0, 0]);
    let z4 = some(&[4, 4, 4, 0, 0, 0, 4, 4, 0, 0]);
    assert!(
        !fires(&man(40), &[("audit", None, z3)], "withdrawal_risk"),
        "19"
    );
    assert!(
        fires(&man(40), &[("audit", None, z4)], "withdrawal_risk"),
        "20"
    );
}

#[test]
fn withdrawal_risk_fires_on_any_morning_drink() {
    // Item 1 monthly or less (1) + item 6 less than monthly (1) = 2, zone I: still a flag.
    let never = some(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    let once = some(&[1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    assert!(
        !fires(&man(40), &[("audit", None, never)], "withdrawal_risk"),
        "item 6 never"
    );
    assert!(
        fires(&man(40), &[("audit", None, once)], "withdrawal_risk"),
        "item 6 above never"
    );
}

#[test]
fn withdrawal_risk_fires_from_audit_c_8_not_7() {
    let seven = some(&[3, 2, 2]);
    let eight = some(&[4, 2, 2]);
    assert!(
        !fires(&woman(40), &[("audit-c", None, seven)], "withdrawal_risk"),
        "7"
    );
    assert!(
        fires(&woman(40), &[("audit-c", None, eight)], "withdrawal_risk"),
        "8"
    );
}

#[test]
fn withdrawal_risk_fires_from_assist_alcohol_27_and_sedatives_4() {
    // Alcohol: Q2 daily 6 + Q3 daily 6 + Q4 monthly 5 + Q5 never 0 + Q6 past 3 months 6 +
    // Q7 not in past 3 months 3 = 26 (moderate); Q4 weekly 6 instead = 27 (high).
    let a26 = some(&[4, 4, 2, 0, 1, 2]);
    let a27 = some(&[4, 4, 3, 0, 1, 2]);
    let p = man(40);
    assert!(
        !fires(&p, &[("assist", Some("alcohol"), a26)], "withdrawal_risk"),
        "alcohol 26"
    );
    assert!(
        fires(&p, &[("assist", Some("alcohol"), a27)], "withdrawal_risk"),
        "alcohol 27"
    );
    // Sedatives: Q2 never, Q6 not in the past 3 months 3 = 3 (low); Q2 weekly 4 = 4 (moderate).
    let s3 = some(&[0, 0, 0, 0, 2, 0]);
    let s4 = some(&[3, 0, 0, 0, 0, 0]);
    assert!(
        !fires(
            &p,
            &[("assist", Some("sedatives"), s3.clone())],
            "withdrawal_risk"
        ),
        "3"
    );
    assert!(
        fires(
            &p,
            &[("assist", Some("sedatives"), s4.clone())],
            "withdrawal_risk"
        ),
        "4"
    );
    // sedative_taper (FDA 2020 boxed warning) at the same boundary, and never for alcohol.
    assert!(
        !fires(&p, &[("assist", Some("sedatives"), s3)], "sedative_taper"),
        "taper 3"
    );
    assert!(
        fires(&p, &[("assist", Some("sedatives"), s4)], "sedative_taper"),
        "taper 4"
    );
    let a27 = some(&[4, 4, 3, 0, 1, 2]);
    assert!(
        !fires(&p, &[("assist", Some("alcohol"), a27)], "sedative_taper"),
        "alcohol"
    );
}

#[test]
fn withdrawal_risk_fires_from_dast_item_9_yes() {
    // DAST-10: 0 = Yes, 1 = No (item 3 reversed). Item 1 Yes, item 3 Yes, the rest No = 1.
    let mut answers = [0, 1, 0, 1, 1, 1, 1, 1, 1, 1];
    assert!(
        !fires(
            &man(30),
            &[("dast-10", None, some(&answers))],
            "withdrawal_risk"
        ),
        "no"
    );
    answers[8] = 0;
    assert!(
        fires(
            &man(30),
            &[("dast-10", None, some(&answers))],
            "withdrawal_risk"
        ),
        "yes"
    );
}

// ---------------------------------------------------------------------------------------------
// overdose_risk and injecting (CDC 2022; SAMHSA toolkit; WHO ASSIST-linked BI, 2010).

/// All eight ASSIST answers: Q1 Yes, then Q2–Q7, then Q8.
fn assist8(q2_q7: [u32; 6], q8: u32) -> Vec<Option<u32>> {
    let mut v = vec![Some(1)];
    v.extend(some(&q2_q7));
    v.push(Some(q8));
    v
}

#[test]
fn overdose_risk_fires_from_opioids_4_not_3() {
    // Opioids: Q2 monthly 3 = 3 (low); Q2 weekly 4 = 4 (moderate).
    let o3 = some(&[2, 0, 0, 0, 0, 0]);
    let o4 = some(&[3, 0, 0, 0, 0, 0]);
    let p = man(35);
    assert!(
        !fires(&p, &[("assist", Some("opioids"), o3)], "overdose_risk"),
        "3"
    );
    assert!(
        fires(&p, &[("assist", Some("opioids"), o4)], "overdose_risk"),
        "4"
    );
}

#[test]
fn overdose_risk_fires_from_low_opioid_use_with_risky_drinking() {
    // Opioids Q2 once or twice = 2 (low) — with AUDIT 8 (zone II for a man of 40) it fires,
    // with AUDIT 7 (zone I) it does not.
    let opioids = some(&[1, 0, 0, 0, 0, 0]);
    let p = man(40);
    let with = |audit: &[u32]| {
        fires(
            &p,
            &[
                ("assist", Some("opioids"), opioids.clone()),
                ("audit", None, some(audit)),
            ],
            "overdose_risk",
        )
    };
    assert!(!with(&AUDIT_7), "opioids low, drinking zone I");
    assert!(with(&AUDIT_8), "opioids low, drinking zone II");
    // No opioid use in the past 3 months (Q2 never): drinking alone raises no overdose flag.
    let none = some(&[0, 0, 0, 0, 0, 0]);
    assert!(
        !fires(
            &p,
            &[
                ("assist", Some("opioids"), none),
                ("audit", None, some(&AUDIT_8))
            ],
            "overdose_risk"
        ),
        "no opioids"
    );
}

#[test]
fn injecting_in_the_past_3_months_fires_injecting_and_overdose_and_before_that_neither() {
    // Q8: 0 = No, never; 1 = Yes, in the past 3 months; 2 = Yes, but not in the past 3 months.
    let cannabis_low = [1, 0, 0, 0, 0, 0];
    let p = man(30);
    for (q8, expect) in [(0, false), (1, true), (2, false)] {
        let s = [("assist", Some("cannabis"), assist8(cannabis_low, q8))];
        assert_eq!(fires(&p, &s, "injecting"), expect, "injecting, Q8 = {q8}");
        assert_eq!(
            fires(&p, &s, "overdose_risk"),
            expect,
            "overdose, Q8 = {q8}"
        );
    }
}

#[test]
fn old_assist_answers_without_q8_raise_no_injecting_flag() {
    let p = man(30);
    let old = some(&[4, 4, 4, 4, 1, 1]);
    assert!(
        !fires(&p, &[("assist", Some("opioids"), old)], "injecting"),
        "Q8 not asked"
    );
}

// ---------------------------------------------------------------------------------------------
// pregnancy (CDC: no known safe amount; the CDC/MITRE apps: any use when pregnant or trying).

#[test]
fn pregnancy_fires_on_any_use_when_pregnant_or_trying_and_not_otherwise() {
    let monthly = ("audit-c", None, some(&[1, 0, 0]));
    let never = ("audit-c", None, some(&[0, 0, 0]));
    let trying = who(Some(Sex::Female), Some(30), Pregnancy::Trying);
    let not_pregnant = who(Some(Sex::Female), Some(30), Pregnancy::NotPregnant);
    let not_asked = woman(30);
    assert!(
        fires(&pregnant(30), std::slice::from_ref(&monthly), "pregnancy"),
        "pregnant, drinks"
    );
    assert!(
        fires(&trying, std::slice::from_ref(&monthly), "pregnancy"),
        "trying, drinks"
    );
    assert!(
        !fires(&pregnant(30), &[never], "pregnancy"),
        "pregnant, never drinks"
    );
    assert!(
        !fires(&not_pregnant, std::slice::from_ref(&monthly), "pregnancy"),
        "not pregnant"
    );
    assert!(!fires(&not_asked, &[monthly], "pregnancy"), "not asked");
    // Drugs count (ASSIST cannabis once or twice), tobacco does not (a different talk).
    let cannabis = ("assist", Some("cannabis"), some(&[1, 0, 0, 0, 0, 0]));
    let tobacco = ("assist", Some("tobacco"), some(&[4, 4, 0, 0, 0]));
    assert!(fires(&pregnant(30), &[cannabis], "pregnancy"), "cannabis");
    assert!(
        !fires(&pregnant(30), &[tobacco], "pregnancy"),
        "tobacco only"
    );
    // Single drug question: 0 negative, 1 positive.
    assert!(
        !fires(
            &pregnant(30),
            &[("single-drug", None, some(&[0]))],
            "pregnancy"
        ),
        "0"
    );
    assert!(
        fires(
            &pregnant(30),
            &[("single-drug", None, some(&[1]))],
            "pregnancy"
        ),
        "1"
    );
}

#[test]
fn underage_fires_below_21_and_not_at_21_or_unrecorded() {
    let none: [Given<'_>; 0] = [];
    assert!(fires(&man(16), &none, "underage"), "16");
    assert!(fires(&woman(20), &none, "underage"), "20");
    assert!(!fires(&man(21), &none, "underage"), "21");
    let no_age = who(Some(Sex::Male), None, Pregnancy::NotAsked);
    assert!(!fires(&no_age, &none, "underage"), "age not recorded");
}

// ---------------------------------------------------------------------------------------------
// What each patient is offered: the pregnant patient, the minor, the dependent one.

fn advice_for(profile: &Profile, instrument: &str, answers: &[u32]) -> (Vec<String>, Vec<String>) {
    let answers = some(answers);
    let screening = [Answers {
        instrument,
        substance: None,
        answers: &answers,
    }];
    let advice = safety::advice(&SET, protocol(), profile, &screening);
    (
        advice.not_offered.keys().cloned().collect(),
        advice.recommended.clone(),
    )
}

#[test]
fn drinking_within_limits_is_offered_only_to_an_adult_who_may_hear_the_limits() {
    // Zone II man of 40 without a morning drink (2+1+1+1+1+0+1+1 = 8): limits offered and
    // recommended.
    let (not, rec) = advice_for(&man(40), "audit", &[2, 1, 1, 1, 1, 0, 1, 1, 0, 0]);
    assert!(
        !not.contains(&"limits".to_owned()),
        "zone II: limits offered ({not:?})"
    );
    assert!(
        rec.contains(&"limits".to_owned()),
        "zone II: limits recommended ({rec:?})"
    );
    // A morning drink (AUDIT 8 with item 6 at 1): withdrawal risk — no limits either.
    let (not, _) = advice_for(&man(40), "audit", &AUDIT_8);
    assert!(
        not.contains(&"limits".to_owned()),
        "morning drink: no limits ({not:?})"
    );
    // The dependent one: zone IV (20) — no limits, no unsupervised stop; supported stop,
    // medication and referral recommended.
    let (not, rec) = advice_for(&man(40), "audit", &[4, 4, 4, 0, 0, 0, 4, 4, 0, 0]);
    assert!(
        not.contains(&"limits".to_owned()),
        "zone IV: no limits ({not:?})"
    );
    assert!(
        not.contains(&"stop".to_owned()),
        "withdrawal risk: no abrupt stop ({not:?})"
    );
    for id in ["medical_withdrawal", "medication", "referral"] {
        assert!(
            rec.contains(&id.to_owned()),
            "zone IV recommends {id} ({rec:?})"
        );
    }
    assert!(
        !rec.contains(&"stop".to_owned()),
        "what is held back is not recommended"
    );
    // The pregnant patient who drinks: no limits; stopping recommended.
    let (not, rec) = advice_for(&pregnant(30), "audit-c", &[1, 0, 0]);
    assert!(
        not.contains(&"limits".to_owned()),
        "pregnant: no limits ({not:?})"
    );
    assert!(
        rec.contains(&"stop".to_owned()),
        "pregnant: stop recommended ({rec:?})"
    );
    // The minor: no limits.
    let (not, _) = advice_for(&man(16), "audit-c", &[1, 0, 0]);
    assert!(
        not.contains(&"limits".to_owned()),
        "16: no limits ({not:?})"
    );
}

#[test]
fn the_feedback_each_patient_hears_fits_them() {
    let ins = SET.instrument("audit-c").expect("bundled");
    let feedback = |answers: &[u32], p: &Profile| {
        scoring::score(ins, &some(answers), p, None)
            .expect("scores")
            .feedback
    };
    let limit_words = "low-risk limits";
    // AUDIT-C 2 for a woman not asked about pregnancy: negative, limits mentioned.
    assert!(
        feedback(&[1, 1, 0], &woman(30)).contains(limit_words),
        "adult"
    );
    // The same answers, pregnant: positive, "no known safe amount", no limits.
    let p = feedback(&[1, 1, 0], &pregnant(30));
    assert!(
        p.contains("no known safe amount") && !p.contains(limit_words),
        "pregnant: {p}"
    );
    // Pregnant and not drinking: praise, not limits.
    let p = feedback(&[0, 0, 0], &pregnant(30));
    assert!(
        p.contains("best choice") && !p.contains(limit_words),
        "pregnant, none: {p}"
    );
    // The minor: no amount is low-risk.
    let m = feedback(&[0, 0, 0], &man(16));
    assert!(
        m.contains("no amount") && !m.contains(limit_words),
        "minor: {m}"
    );
    // The dependent one: 8–12, assessment and medical help.
    let d = feedback(&[4, 4, 4], &man(40));
    assert!(d.contains("medical help"), "dependent: {d}");
    // And the patient advice of each rule that fires is the rule's, with no limits in it.
    let rules = &protocol().safety;
    for id in ["pregnancy", "underage", "withdrawal_risk"] {
        let rule = rules.iter().find(|r| r.id == id).expect("bundled rule");
        assert!(!rule.patient.contains(limit_words), "{id} quotes no limits");
    }
}

// ---------------------------------------------------------------------------------------------
// The session's record: raised, answered, cleared, refused closes and goals.

/// 2026-03-04 09:12:00 at UTC-5, plus `secs` seconds.
fn t(secs: i64) -> Timestamp {
    DateTime::parse_from_rfc3339("2026-03-04T09:12:00-05:00").expect("fixed time parses")
        + Duration::seconds(secs)
}

fn session(profile: Profile) -> Session {
    Session::for_protocol(
        SessionId::from_parts(t(0).to_utc(), 0x5afe),
        "c-test",
        "P-00001",
        profile,
        protocol(),
        t(0),
    )
}

fn screening(s: &Session, instrument: &str, substance: Option<&str>, answers: &[u32]) -> Change {
    let ins = SET.instrument(instrument).expect("bundled");
    let answers = scoring::answers_for_items(ins, substance, &some(answers)).expect("fits");
    let score = scoring::score(ins, &answers, &s.profile, substance).expect("scores");
    Change::RecordScreening(Screening {
        suggested: None,
        instrument: instrument.to_owned(),
        substance: substance.map(str::to_owned),
        profile: s.profile,
        answers,
        result: Some(ScreeningResult::from(&score)),
        time: t(0),
    })
}

fn apply(s: &mut Session, change: Change, secs: i64) -> Result<(), ChangeError> {
    s.apply_in(&SET, protocol(), change, t(secs)).map(|_| ())
}

#[test]
fn a_flag_is_raised_with_its_reasons_cleared_when_corrected_and_raised_again_with_its_answer() {
    let mut s = session(man(40));
    let morning = screening(&s, "audit", None, &[1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    apply(&mut s, morning.clone(), 60).expect("records");
    assert_eq!(s.safety.len(), 1, "one flag: {:?}", s.safety);
    let flag = &s.safety[0];
    assert_eq!(flag.rule, "withdrawal_risk");
    assert_eq!(flag.raised, t(60), "raised when the answer was recorded");
    assert!(
        flag.from
            .iter()
            .any(|f| f.contains("item 6") && f.contains("Less than monthly")),
        "says what raised it: {:?}",
        flag.from
    );
    apply(
        &mut s,
        Change::RespondSafety {
            rule: "withdrawal_risk".to_owned(),
            outcome: SafetyOutcome::Given {
                advice: vec!["no_abrupt_stop".to_owned()],
                note: None,
            },
        },
        120,
    )
    .expect("answers");
    // A mis-click corrected: item 6 back to never.
    let corrected = screening(&s, "audit", None, &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    apply(&mut s, corrected, 180).expect("records");
    assert_eq!(s.safety[0].cleared, Some(t(180)), "cleared, not deleted");
    assert!(!s.safety[0].is_active());
    apply(&mut s, morning, 240).expect("records");
    assert_eq!(s.safety.len(), 1, "the same flag again, not a second one");
    assert!(s.safety[0].is_active(), "raised again");
    assert!(
        s.safety[0].response.is_some(),
        "with the answer already given"
    );
}

#[test]
fn advice_not_given_needs_a_reason_and_a_response_needs_a_raised_flag() {
    let mut s = session(man(40));
    let not_given = |reason: &str| Change::RespondSafety {
        rule: "underage".to_owned(),
        outcome: SafetyOutcome::NotGiven {
            reason: reason.to_owned(),
        },
    };
    assert!(
        matches!(
            apply(&mut s, not_given("busy"), 10),
            Err(ChangeError::NoSuchFlag(_))
        ),
        "no such flag in a 40-year-old's session"
    );
    let mut s = session(man(16));
    s.refresh_safety(&SET, protocol(), t(0));
    assert!(
        s.safety
            .iter()
            .any(|f| f.rule == "underage" && f.raised == t(0)),
        "the underage flag is raised from the start: {:?}",
        s.safety
    );
    assert_eq!(
        apply(&mut s, not_given("  "), 10),
        Err(ChangeError::SafetyNeedsReason),
        "a blank reason"
    );
    apply(&mut s, not_given("Parent in the room; rebooked alone"), 20).expect("with a reason");
}

#[test]
fn closing_with_an_unanswered_flag_is_refused_and_the_answer_is_sealed() {
    let mut s = session(man(40));
    let z4 = screening(&s, "audit", None, &[4, 4, 4, 0, 0, 0, 4, 4, 0, 0]);
    apply(&mut s, z4, 60).expect("records");
    let close = Change::Close {
        reason: Some("test".to_owned()),
    };
    match apply(&mut s, close.clone(), 600) {
        Err(ChangeError::SafetyUnanswered(which)) => {
            assert!(which.contains("withdrawal"), "names the flag: {which}");
        }
        other => panic!("closing must be refused, got {other:?}"),
    }
    assert_eq!(s.status, Status::Open, "still open");
    apply(
        &mut s,
        Change::RespondSafety {
            rule: "withdrawal_risk".to_owned(),
            outcome: SafetyOutcome::Given {
                advice: Vec::new(),
                note: Some("Detox referral booked".to_owned()),
            },
        },
        620,
    )
    .expect("answers");
    apply(&mut s, close, 660).expect("closes once answered");
    let text = s.to_ron().expect("writes");
    assert!(text.contains("withdrawal_risk") && text.contains("Detox referral booked"));
    assert_eq!(
        seal_of(&text, s.seal_facts()),
        Seal::Intact,
        "flags are part of the seal"
    );
}

#[test]
fn a_zone_iv_patient_is_not_offered_drinking_within_limits_without_a_reason() {
    let mut s = session(man(40));
    let z4 = screening(&s, "audit", None, &[4, 4, 4, 0, 0, 0, 4, 4, 0, 0]);
    apply(&mut s, z4, 60).expect("records");
    let goal = |not_advised: Vec<ChosenAnyway>| {
        Change::SetGoal(Goal {
            options: vec!["limits".to_owned()],
            not_advised,
            own_words: "Two a day".to_owned(),
            target_date: None,
        })
    };
    match apply(&mut s, goal(Vec::new()), 120) {
        Err(ChangeError::NotAdvised { option, why }) => {
            assert_eq!(option, "Drink within low-risk limits");
            assert!(why.contains("Possible dependence"), "why: {why}");
        }
        other => panic!("must be refused, got {other:?}"),
    }
    assert!(s.goal.options.is_empty(), "nothing recorded");
    let reason = ChosenAnyway {
        option: "limits".to_owned(),
        reason: "Declines abstinence; agreed as a first step with detox booked".to_owned(),
    };
    apply(&mut s, goal(vec![reason]), 180).expect("with a reason");
    assert!(
        s.goal
            .reason_for("limits")
            .is_some_and(|r| r.contains("first step")),
        "the reason is recorded"
    );
    // The same goal for a zone II man without a morning drink (8) needs no reason.
    let mut s = session(man(40));
    let z2 = screening(&s, "audit", None, &[2, 1, 1, 1, 1, 0, 1, 1, 0, 0]);
    apply(&mut s, z2, 60).expect("records");
    apply(&mut s, goal(Vec::new()), 120).expect("zone II: limits are fine");
}

#[test]
fn a_pregnancy_recorded_later_rescores_and_raises_the_flag_and_is_recorded_as_a_change() {
    let mut s = session(woman(30));
    let two = screening(&s, "audit-c", None, &[1, 1, 0]);
    apply(&mut s, two, 60).expect("records");
    let zone = |s: &Session| s.screenings[0].result.as_ref().map(|r| r.zone.clone());
    assert_eq!(
        zone(&s).as_deref(),
        Some("negative"),
        "AUDIT-C 2 for a woman"
    );
    assert!(s.safety.is_empty(), "no flag yet");
    apply(&mut s, Change::SetProfile(pregnant(30)), 120).expect("records the status");
    assert_eq!(
        zone(&s).as_deref(),
        Some("positive"),
        "re-scored: any drinking"
    );
    assert_eq!(s.screenings[0].profile.pregnancy, Pregnancy::Pregnant);
    assert!(
        s.safety
            .iter()
            .any(|f| f.rule == "pregnancy" && f.is_active())
    );
    assert_eq!(s.profile_changes.len(), 1, "the change is recorded");
    assert_eq!(s.profile_changes[0].before.pregnancy, Pregnancy::NotAsked);
    assert_eq!(s.profile_changes[0].time, t(120));
}

#[test]
fn an_amendment_that_raises_a_flag_keeps_the_seal() {
    let mut s = session(man(40));
    apply(&mut s, Change::SetSummary("Done".to_owned()), 30).expect("applies");
    apply(
        &mut s,
        Change::Close {
            reason: Some("x".to_owned()),
        },
        60,
    )
    .expect("closes");
    let morning = screening(&s, "audit", None, &[1, 0, 0, 0, 0, 2, 0, 0, 0, 0]);
    apply(
        &mut s,
        Change::Amend {
            by: "c-test".to_owned(),
            reason: "Late answer".to_owned(),
            change: Box::new(morning),
        },
        120,
    )
    .expect("amends");
    assert!(
        s.safety.iter().any(|f| f.rule == "withdrawal_risk"),
        "raised in the amendment"
    );
    let text = s.to_ron().expect("writes");
    assert_eq!(
        seal_of(&text, s.seal_facts()),
        Seal::Intact,
        "and sealed with it"
    );
}

#[test]
fn the_note_has_a_safety_line_per_flag_with_its_response() {
    let mut s = session(man(40));
    let z4 = screening(&s, "audit", None, &[4, 4, 4, 0, 0, 0, 4, 4, 0, 0]);
    apply(&mut s, z4, 60).expect("records");
    let ins = SET.instrument("assist").expect("bundled");
    let answers = assist8([3, 0, 0, 0, 0, 0], 1);
    let score = scoring::score(ins, &answers, &s.profile, Some("opioids")).expect("scores");
    let opioids = Change::RecordScreening(Screening {
        suggested: None,
        instrument: "assist".to_owned(),
        substance: Some("opioids".to_owned()),
        profile: s.profile,
        answers,
        result: Some(ScreeningResult::from(&score)),
        time: t(0),
    });
    apply(&mut s, opioids, 90).expect("records");
    let respond = |rule: &str, outcome: SafetyOutcome| Change::RespondSafety {
        rule: rule.to_owned(),
        outcome,
    };
    let given = SafetyOutcome::Given {
        advice: vec!["no_abrupt_stop".to_owned(), "managed_withdrawal".to_owned()],
        note: None,
    };
    apply(&mut s, respond("withdrawal_risk", given), 120).expect("answers");
    let not = SafetyOutcome::NotGiven {
        reason: "Patient left before the end".to_owned(),
    };
    apply(&mut s, respond("overdose_risk", not), 150).expect("answers");
    let note = brief::note::clinical_note(&s, &SET, t(300));
    let lines: Vec<&str> = note.lines().filter(|l| l.starts_with("Safety:")).collect();
    assert_eq!(lines.len(), 3, "one line per flag:\n{note}");
    assert!(
        lines[0].contains("Risk of withdrawal")
            && lines[0].contains("advice given at 09:14")
            && lines[0].contains("Do not stop suddenly on your own"),
        "given, with the points given: {}",
        lines[0]
    );
    assert!(
        lines[1].contains("overdose")
            && lines[1].contains("not given")
            && lines[1].contains("left before"),
        "not given, with the reason: {}",
        lines[1]
    );
    assert!(
        lines[2].contains("Injecting") && lines[2].contains("NOT ANSWERED"),
        "{}",
        lines[2]
    );
}

#[test]
fn the_note_of_a_pregnant_patient_says_so_and_records_when_it_was_asked() {
    let mut s = session(woman(30));
    apply(&mut s, Change::SetProfile(pregnant(30)), 60).expect("records");
    let note = brief::note::clinical_note(&s, &SET, t(300));
    assert!(note.contains("(female, 30 y, pregnant)"), "{note}");
    assert!(
        note.contains("Profile changed at 09:13: pregnancy status not asked → pregnant"),
        "{note}"
    );
    let drinks = screening(&s, "audit-c", None, &[1, 0, 0]);
    apply(&mut s, drinks, 90).expect("records");
    let note = brief::note::clinical_note(&s, &SET, t(300));
    assert!(
        note.contains("Re-screen: within 12 weeks (Pregnancy: no known safe amount)"),
        "the shorter re-screen interval: {note}"
    );
    let limits = &protocol().low_risk_limits;
    for l in &limits.limits {
        assert!(!note.contains(&l.text), "no low-risk limit in the note");
    }
}

#[test]
fn the_pregnancy_question_is_asked_of_women_and_unrecorded_sex_from_12_to_50() {
    // MITRE asks 18–49; this protocol 12–50 and when sex or age is not recorded (safer).
    let q = protocol()
        .pregnancy_question
        .as_ref()
        .expect("the protocol asks");
    assert!(q.is_asked_of(&woman(30)), "woman 30");
    assert!(
        q.is_asked_of(&woman(12)) && q.is_asked_of(&woman(50)),
        "the ends of the range"
    );
    assert!(
        !q.is_asked_of(&woman(11)) && !q.is_asked_of(&woman(51)),
        "outside it"
    );
    assert!(
        q.is_asked_of(&who(None, Some(30), Pregnancy::NotAsked)),
        "sex not recorded"
    );
    assert!(
        q.is_asked_of(&who(Some(Sex::Female), None, Pregnancy::NotAsked)),
        "age unknown"
    );
    assert!(!q.is_asked_of(&man(30)), "not a man");
}
