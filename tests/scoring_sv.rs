//! The Swedish instruments at every cut-off, for each sex, through the public scoring API and
//! the bundled files: AUDIT-SV (women from 6, men up to 64 from 8, men from 65 from 7, WHO's
//! 16 and 20 above), the Swedish AUDIT-C (Folkhälsomyndigheten: women 5, men 6) and DUDIT
//! (women 2, men 6, dependence 25; items 10–11 score only 0, 2 or 4).
//!
//! Answers are 0-based option indexes; for these forms an index is its points on items 1–8
//! (AUDIT) and 1–9 (DUDIT), and 0 / 1 / 2 score 0 / 2 / 4 on the last two items.

use std::sync::LazyLock;

use brief::protocol::{Answer, Instrument, Pregnancy, ProtocolSet, Sex};
use brief::scoring::{Profile, score};

static SET: LazyLock<ProtocolSet> =
    LazyLock::new(|| ProtocolSet::bundled().expect("bundled protocols load"));

fn instrument(id: &str) -> &'static Instrument {
    SET.instrument(id)
        .unwrap_or_else(|| panic!("bundled instrument {id}"))
}

fn who(sex: Option<Sex>, age: Option<u32>) -> Profile {
    Profile {
        sex,
        age,
        ..Profile::default()
    }
}

const WOMAN: Profile = Profile {
    sex: Some(Sex::Female),
    age: Some(40),
    pregnancy: Pregnancy::NotPregnant,
};
const MAN: Profile = Profile {
    sex: Some(Sex::Male),
    age: Some(40),
    pregnancy: Pregnancy::NotAsked,
};

/// Answers that total `points` on a form whose first `graded` items score their index (0–4)
/// and whose remaining items score 0 / 2 / 4 (indexes 0 / 1 / 2). The graded items are filled
/// first, from the top, so a total above 0 always answers item 1 (no skip).
fn answers_for(ins: &Instrument, graded: usize, points: u32) -> Vec<Option<u32>> {
    let mut left = points;
    let mut out = Vec::new();
    for i in 0..ins.items.len() {
        let a = if i < graded {
            let a = left.min(4);
            left -= a;
            a
        } else {
            let a = (left / 2).min(2);
            left -= a * 2;
            a
        };
        out.push(Some(a));
    }
    assert_eq!(left, 0, "{}: {points} points can be answered", ins.id);
    out
}

/// The zone of `points` on `id` for this profile; the total is checked too.
fn zone(id: &str, graded: usize, points: u32, profile: &Profile) -> String {
    let ins = instrument(id);
    let s = score(ins, &answers_for(ins, graded, points), profile, None)
        .unwrap_or_else(|e| panic!("{id} {points} scores: {e}"));
    assert_eq!(s.total, points, "{id}: total");
    s.zone
}

/// Each (below, at) pair of totals falls in (zone below, zone at).
fn boundaries(id: &str, graded: usize, profile: &Profile, cases: &[(u32, &str, &str)]) {
    for &(at, below_zone, at_zone) in cases {
        assert_eq!(
            zone(id, graded, at - 1, profile),
            below_zone,
            "{id} {} for {profile:?}",
            at - 1
        );
        assert_eq!(
            zone(id, graded, at, profile),
            at_zone,
            "{id} {at} for {profile:?}"
        );
    }
}

#[test]
fn audit_sv_women_are_at_risk_from_6_and_men_up_to_64_from_8() {
    boundaries(
        "audit-sv",
        8,
        &WOMAN,
        &[(6, "I", "II"), (16, "II", "III"), (20, "III", "IV")],
    );
    boundaries(
        "audit-sv",
        8,
        &MAN,
        &[(8, "I", "II"), (16, "II", "III"), (20, "III", "IV")],
    );
    assert_eq!(zone("audit-sv", 8, 0, &WOMAN), "I", "0 is the lowest zone");
    assert_eq!(zone("audit-sv", 8, 40, &MAN), "IV", "40 the highest");
}

#[test]
fn audit_sv_men_from_65_and_of_unrecorded_age_take_the_lower_7() {
    // The 65+ cut-off is from secondary sources: the lower one wins (the file says why).
    for profile in [
        who(Some(Sex::Male), Some(65)),
        who(Some(Sex::Male), Some(80)),
        who(Some(Sex::Male), None),
    ] {
        boundaries(
            "audit-sv",
            8,
            &profile,
            &[(7, "I", "II"), (16, "II", "III")],
        );
    }
    boundaries(
        "audit-sv",
        8,
        &who(Some(Sex::Male), Some(64)),
        &[(8, "I", "II")],
    );
    // Women over 65 keep 6, already below 7.
    boundaries(
        "audit-sv",
        8,
        &who(Some(Sex::Female), Some(70)),
        &[(6, "I", "II")],
    );
}

#[test]
fn audit_sv_with_sex_unrecorded_uses_the_womens_6() {
    boundaries(
        "audit-sv",
        8,
        &who(None, Some(40)),
        &[(6, "I", "II"), (16, "II", "III"), (20, "III", "IV")],
    );
}

#[test]
fn audit_sv_counts_any_drinking_in_pregnancy_and_under_18() {
    let pregnant = Profile {
        pregnancy: Pregnancy::Pregnant,
        ..WOMAN
    };
    let girl = who(Some(Sex::Female), Some(16));
    let boy = who(Some(Sex::Male), Some(17));
    for profile in [pregnant, girl, boy] {
        boundaries(
            "audit-sv",
            8,
            &profile,
            &[(1, "I", "II"), (16, "II", "III"), (20, "III", "IV")],
        );
    }
}

#[test]
fn audit_c_sv_follows_folkhalsomyndigheten_5_for_women_and_6_for_men() {
    boundaries(
        "audit-c-sv",
        3,
        &WOMAN,
        &[(5, "negative", "positive"), (8, "positive", "high")],
    );
    boundaries(
        "audit-c-sv",
        3,
        &MAN,
        &[(6, "negative", "positive"), (8, "positive", "high")],
    );
    boundaries(
        "audit-c-sv",
        3,
        &who(None, None),
        &[(5, "negative", "positive")],
    );
    let pregnant = Profile {
        pregnancy: Pregnancy::Trying,
        ..WOMAN
    };
    boundaries(
        "audit-c-sv",
        3,
        &pregnant,
        &[(1, "negative", "positive"), (8, "positive", "high")],
    );
    assert_eq!(zone("audit-c-sv", 3, 12, &MAN), "high", "12 is the top");
}

#[test]
fn dudit_women_are_positive_from_2_men_from_6_and_everyone_dependent_from_25() {
    boundaries(
        "dudit",
        9,
        &WOMAN,
        &[(2, "negative", "positive"), (25, "positive", "dependence")],
    );
    boundaries(
        "dudit",
        9,
        &MAN,
        &[(6, "negative", "positive"), (25, "positive", "dependence")],
    );
    // Sex not recorded: the women's, more sensitive cut-off.
    boundaries(
        "dudit",
        9,
        &who(None, None),
        &[(2, "negative", "positive"), (25, "positive", "dependence")],
    );
    assert_eq!(zone("dudit", 9, 0, &MAN), "negative", "0");
    assert_eq!(zone("dudit", 9, 44, &WOMAN), "dependence", "44 is the top");
}

#[test]
fn dudit_keeps_the_adult_cut_offs_for_16_to_25_year_olds() {
    // The youth cut-offs (men 7, women 3) are preliminary and higher: 6 and 2 still count.
    boundaries(
        "dudit",
        9,
        &who(Some(Sex::Male), Some(19)),
        &[(6, "negative", "positive")],
    );
    boundaries(
        "dudit",
        9,
        &who(Some(Sex::Female), Some(22)),
        &[(2, "negative", "positive")],
    );
}

#[test]
fn dudit_has_11_items_1_to_9_scoring_0_to_4_and_10_11_scoring_0_2_4() {
    let ins = instrument("dudit");
    assert_eq!(ins.items.len(), 11, "eleven items");
    for (i, item) in ins.items.iter().enumerate() {
        let Answer::Options(options) = &item.answer else {
            panic!("item {} is a choice of options", item.number);
        };
        let points: Vec<i32> = options.iter().map(|o| o.points).collect();
        let expected: &[i32] = if i < 9 { &[0, 1, 2, 3, 4] } else { &[0, 2, 4] };
        assert_eq!(points, expected, "item {}", item.number);
    }
    // Item 10 answered "yes, in the past year" alone: 4 points, positive for a woman.
    let mut answers = vec![Some(0); 11];
    answers[9] = Some(2);
    let s = score(ins, &answers, &WOMAN, None).expect("scores");
    assert_eq!(
        (s.total, s.zone.as_str()),
        (4, "positive"),
        "item 10 scores 4"
    );
}

#[test]
fn the_swedish_instruments_say_their_wording_is_not_yet_the_official_text() {
    for id in ["audit-sv", "audit-c-sv", "dudit"] {
        let ins = instrument(id);
        assert_eq!(ins.language, "sv", "{id} is Swedish");
        assert!(
            ins.unofficial_translation(),
            "{id}: no official text was found, so the file must say so"
        );
    }
    assert!(
        !instrument("audit").unofficial_translation(),
        "the English AUDIT is the original"
    );
}
