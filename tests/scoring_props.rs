//! Property tests: every valid answer vector of every bundled instrument (and every ASSIST
//! substance) scores within the instrument's range and falls in exactly one zone.

use std::sync::LazyLock;

use brief::protocol::{Answer, Instrument, Pregnancy, ProtocolSet, Sex, Total, score_range};
use brief::scoring::{Profile, items_for, score};
use proptest::prelude::*;

static SET: LazyLock<ProtocolSet> =
    LazyLock::new(|| ProtocolSet::bundled().expect("bundled protocols load"));

fn instrument(id: &str) -> &'static Instrument {
    SET.instrument(id)
        .unwrap_or_else(|| panic!("bundled instrument {id}"))
}

/// Substance contexts of an instrument: each substance, or none.
fn contexts(ins: &Instrument) -> Vec<Option<String>> {
    if ins.substances.is_empty() {
        vec![None]
    } else {
        ins.substances.iter().map(|s| Some(s.id.clone())).collect()
    }
}

/// One answer per item asked: an option index or a count in range, sometimes left blank.
fn answers(ins: &Instrument, substance: Option<&str>) -> BoxedStrategy<Vec<Option<u32>>> {
    let per_item: Vec<BoxedStrategy<Option<u32>>> = items_for(ins, substance)
        .map(|item| {
            let value: BoxedStrategy<u32> = match &item.answer {
                Answer::Options(options) => (0..options.len() as u32).boxed(),
                // Counts: the low end (where the zones change) often, the whole range too.
                Answer::Count { max, .. } => {
                    prop_oneof![Just(0), Just(1), 0..=*max, Just(*max)].boxed()
                }
            };
            prop::option::weighted(0.85, value).boxed()
        })
        .collect();
    per_item.boxed()
}

fn profiles() -> impl Strategy<Value = Profile> {
    let sex = prop_oneof![Just(None), Just(Some(Sex::Female)), Just(Some(Sex::Male))];
    let age = prop::option::of(0u32..=110);
    let pregnancy = prop::sample::select(Pregnancy::ALL.to_vec());
    (sex, age, pregnancy).prop_map(|(sex, age, pregnancy)| Profile {
        sex,
        age,
        pregnancy,
    })
}

/// An instrument id, one of its substance contexts, answers and a profile.
fn cases(ids: &'static [&'static str]) -> impl Strategy<Value = Case> {
    let pairs: Vec<(&'static str, Option<String>)> = ids
        .iter()
        .flat_map(|id| contexts(instrument(id)).into_iter().map(move |s| (*id, s)))
        .collect();
    prop::sample::select(pairs).prop_flat_map(|(id, substance)| {
        let a = answers(instrument(id), substance.as_deref());
        (Just(id), Just(substance), a, profiles()).prop_map(|(id, substance, answers, profile)| {
            Case {
                id,
                substance,
                answers,
                profile,
            }
        })
    })
}

#[derive(Clone, Debug)]
struct Case {
    id: &'static str,
    substance: Option<String>,
    answers: Vec<Option<u32>>,
    profile: Profile,
}

/// The invariants of one scored case.
fn check(case: &Case) -> Result<(), TestCaseError> {
    let ins = instrument(case.id);
    let substance = case.substance.as_deref();
    let s = score(ins, &case.answers, &case.profile, substance)
        .map_err(|e| TestCaseError::fail(format!("valid answers failed to score: {e}")))?;

    // Within the range.
    let (lo, hi) = score_range(ins, substance);
    prop_assert!(s.total >= lo, "total {} below minimum {lo}", s.total);
    if let Some(hi) = hi {
        prop_assert!(s.total <= hi, "total {} above maximum {hi}", s.total);
    }
    prop_assert_eq!(s.max_total, hi, "max_total is the range's top");

    // The total is the sum of the items' points, each the option's points (0 when skipped or blank).
    let total: u32 = match ins.total {
        Total::Sum => s.items.iter().map(|i| i.points).sum(),
        Total::Highest => s.items.iter().map(|i| i.points).max().unwrap_or(0),
    };
    prop_assert_eq!(
        s.total,
        total,
        "total is the sum (or the highest) of item points"
    );
    let asked: Vec<_> = items_for(ins, substance).collect();
    prop_assert_eq!(s.items.len(), asked.len(), "one item score per item asked");
    for ((item, result), answer) in asked.iter().zip(&s.items).zip(&case.answers) {
        let expected = match (answer, &item.answer, result.skipped || item.unscored) {
            (None, _, _) | (_, _, true) => 0,
            (Some(a), Answer::Options(options), false) => {
                u32::try_from(options[*a as usize].points).expect("non-negative points")
            }
            (
                Some(a),
                Answer::Count {
                    threshold: Some(t), ..
                },
                false,
            ) => {
                if *a >= t.at_least {
                    t.points
                } else {
                    0
                }
            }
            (Some(a), Answer::Count { .. }, false) => *a,
        };
        prop_assert_eq!(
            result.points,
            expected,
            "item {} answer {:?}",
            &item.number,
            answer
        );
        prop_assert_eq!(
            result.answer,
            *answer,
            "answer echoed for item {}",
            &item.number
        );
    }

    // Exactly one band of the matching cut-off table holds the total, and it is the zone.
    prop_assert!(
        !s.zone.is_empty(),
        "zone is never empty (total {})",
        s.total
    );
    prop_assert!(
        ins.zones.iter().any(|z| z.id == s.zone),
        "zone {} is one of the instrument's zones",
        &s.zone
    );
    let table = ins
        .cutoffs
        .iter()
        .find(|c| c.when.matches(&case.profile, substance))
        .ok_or_else(|| TestCaseError::fail("a cut-off table matches every profile"))?;
    let holding: Vec<&str> = table
        .bands
        .iter()
        .filter(|b| b.min <= s.total && b.max.is_none_or(|m| s.total <= m))
        .map(|b| b.zone.as_str())
        .collect();
    prop_assert_eq!(
        holding.as_slice(),
        [s.zone.as_str()],
        "exactly one band holds total {}",
        s.total
    );
    prop_assert!(!s.level.is_empty(), "level is never empty");
    prop_assert!(!s.action.is_empty(), "action is never empty");

    // Skipped and blank items are never unanswered at the same time.
    for id in &s.unanswered {
        let item = s.items.iter().find(|i| &i.id == id);
        prop_assert!(
            item.is_some_and(|i| i.answer.is_none() && !i.skipped),
            "unanswered {} is blank and asked",
            id
        );
    }
    Ok(())
}

proptest! {
    #[test]
    fn audit_scores_in_range_and_in_one_zone(case in cases(&["audit"])) {
        check(&case)?;
    }

    #[test]
    fn audit_c_scores_in_range_and_in_one_zone(case in cases(&["audit-c"])) {
        check(&case)?;
    }

    #[test]
    fn dast_10_scores_in_range_and_in_one_zone(case in cases(&["dast-10"])) {
        check(&case)?;
    }

    #[test]
    fn assist_every_substance_scores_in_range_and_in_one_zone(case in cases(&["assist"])) {
        check(&case)?;
    }

    #[test]
    fn single_questions_score_in_range_and_in_one_zone(
        case in cases(&["single-alcohol", "single-drug"])
    ) {
        check(&case)?;
    }

    #[test]
    fn swedish_instruments_score_in_range_and_in_one_zone(
        case in cases(&["audit-sv", "audit-c-sv", "dudit"])
    ) {
        check(&case)?;
    }

    #[test]
    fn pregnancy_and_adolescent_screens_score_in_range_and_in_one_zone(
        case in cases(&["t-ace", "tweak", "s2bi", "crafft"])
    ) {
        check(&case)?;
    }

    #[test]
    fn every_instrument_scores_in_range_and_in_one_zone(
        case in cases(&["audit", "audit-c", "dast-10", "assist", "single-alcohol", "single-drug", "t-ace", "tweak", "s2bi", "crafft", "audit-sv", "audit-c-sv", "dudit"])
    ) {
        check(&case)?;
    }

    #[test]
    fn sex_changes_only_the_zone_never_the_total(
        case in cases(&["audit", "audit-c", "dast-10", "assist", "single-alcohol", "single-drug", "t-ace", "tweak", "s2bi", "crafft", "audit-sv", "audit-c-sv", "dudit"])
    ) {
        let ins = instrument(case.id);
        let substance = case.substance.as_deref();
        let as_sex = |sex| {
            let profile = Profile { sex: Some(sex), ..case.profile };
            score(ins, &case.answers, &profile, substance).expect("valid answers score")
        };
        let female = as_sex(Sex::Female);
        let male = as_sex(Sex::Male);
        prop_assert_eq!(female.total, male.total, "same total for both sexes");
        prop_assert_eq!(&female.items, &male.items, "same item points for both sexes");
        prop_assert_eq!(&female.unanswered, &male.unanswered, "same unanswered items");
    }
}

#[test]
fn every_bundled_instrument_is_covered_by_these_properties() {
    let mut ids = SET.instrument_ids();
    ids.sort_unstable();
    assert_eq!(
        ids,
        [
            "assist",
            "audit",
            "audit-c",
            "audit-c-sv",
            "audit-sv",
            "crafft",
            "dast-10",
            "dudit",
            "s2bi",
            "single-alcohol",
            "single-drug",
            "t-ace",
            "tweak"
        ],
        "a new instrument needs adding to the property tests"
    );
}
