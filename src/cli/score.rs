//! `brief score`: one instrument scored from answer indexes, for the terminal or as JSON.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;

use super::{ScoreArgs, UsageError};
use crate::protocol::{ProtocolSet, Sex};
use crate::scoring::{self, Profile, Score};

pub(super) fn score(set: &ProtocolSet, args: &ScoreArgs) -> anyhow::Result<ExitCode> {
    let ScoreArgs {
        instrument,
        answers,
        sex,
        age,
        substance,
        json,
    } = args;
    let Some(ins) = set.instrument(instrument) else {
        return Err(UsageError(format!(
            "unknown instrument \"{instrument}\"; known: {}",
            set.instrument_ids().join(", ")
        ))
        .into());
    };
    let parsed = parse_answers(answers)?;
    let profile = Profile {
        sex: sex.map(Sex::from),
        age: *age,
    };
    let result = scoring::score(ins, &parsed, &profile, substance.as_deref())
        .map_err(|e| UsageError(e.to_string()))?;
    let items: Vec<_> = scoring::items_for(ins, substance.as_deref()).collect();
    if let Some(id) = result.unanswered.first()
        && let Some(item) = items.iter().find(|it| &it.id == id)
    {
        return Err(UsageError(format!(
            "item {} was left out (-) but is asked; allowed {}",
            item.number,
            scoring::allowed_answers(item)
        ))
        .into());
    }
    let mut out = std::io::stdout().lock();
    if *json {
        let report = JsonScore {
            profile,
            score: &result,
        };
        serde_json::to_writer_pretty(&mut out, &report).context("cannot write JSON")?;
        writeln!(out).ok();
    } else {
        write_human(&mut out, ins, &profile, &result).context("cannot write the result")?;
    }
    Ok(ExitCode::SUCCESS)
}

fn parse_answers(answers: &[String]) -> Result<Vec<Option<u32>>, UsageError> {
    answers
        .iter()
        .enumerate()
        .map(|(i, a)| match a.as_str() {
            "-" => Ok(None),
            text => text.parse::<u32>().map(Some).map_err(|_not_a_number| {
                UsageError(format!(
                    "answer {} (\"{text}\") is not a 0-based option index or count",
                    i + 1
                ))
            }),
        })
        .collect()
}

#[derive(serde::Serialize)]
struct JsonScore<'a> {
    profile: Profile,
    #[serde(flatten)]
    score: &'a Score,
}

fn write_human(
    out: &mut impl std::io::Write,
    ins: &crate::protocol::Instrument,
    profile: &Profile,
    s: &Score,
) -> std::io::Result<()> {
    let substance = s
        .substance
        .as_deref()
        .map(|x| format!(" ({x})"))
        .unwrap_or_default();
    writeln!(out, "instrument  {}{substance}", ins.short_name)?;
    let max = s.max_total.map(|m| format!(" of {m}")).unwrap_or_default();
    writeln!(out, "total       {}{max}", s.total)?;
    writeln!(out, "zone        {} — {}", s.zone, s.level)?;
    let escalated = s
        .escalated_to
        .as_deref()
        .map(|z| format!(" (raised to zone {z})"))
        .unwrap_or_default();
    writeln!(out, "action      {}{escalated}", s.action)?;
    let sex = match profile.sex {
        Some(Sex::Female) => "female",
        Some(Sex::Male) => "male",
        None => "sex not recorded",
    };
    let age = profile
        .age
        .map(|a| format!(", age {a}"))
        .unwrap_or_default();
    writeln!(out, "profile     {sex}{age}")?;
    if s.flags.is_empty() {
        writeln!(out, "flags       none")?;
    }
    for f in &s.flags {
        writeln!(out, "flag        {}: {}", f.id, f.message)?;
    }
    Ok(())
}
