//! `brief score`: one instrument scored from answer indexes, for the terminal or as JSON.

use std::io::Write as _;
use std::process::ExitCode;

use anyhow::Context as _;

use super::{ScoreArgs, UsageError};
use crate::protocol::{Instrument, ProtocolSet, Severity, Sex};
use crate::safety::{self, Answers, Fired};
use crate::scoring::{self, Profile, Score};

pub(super) fn score(set: &ProtocolSet, args: &ScoreArgs) -> anyhow::Result<ExitCode> {
    let ScoreArgs {
        instrument,
        answers,
        sex,
        age,
        substance,
        pregnant,
        injected,
        json,
    } = args;
    let Some(ins) = set.instrument(instrument) else {
        return Err(UsageError(format!(
            "unknown instrument \"{instrument}\"; known: {}",
            set.instrument_ids().join(", ")
        ))
        .into());
    };
    let state = set.licence_state(ins);
    if !state.usable() {
        return Err(UsageError(format!(
            "{} cannot be used here: {}",
            ins.short_name,
            state.words()
        ))
        .into());
    }
    let parsed = parse_answers(ins, substance.as_deref(), answers)?;
    let profile = Profile {
        sex: sex.map(Sex::from),
        age: *age,
        pregnancy: pregnant.map(Into::into).unwrap_or_default(),
    };
    let substance = substance.as_deref();
    let mut laid_out = layout(ins, substance, &parsed)?;
    if let Some(injected) = injected {
        let Some(id) = &ins.injecting_item else {
            return Err(UsageError(format!(
                "{} has no injecting item; --injected is for the ASSIST",
                ins.id
            ))
            .into());
        };
        if let Some(i) = scoring::items_for(ins, substance).position(|it| &it.id == id)
            && let Some(slot) = laid_out.get_mut(i)
        {
            *slot = Some(injected.option());
        }
    }
    let result = scoring::score(ins, &laid_out, &profile, substance)
        .map_err(|e| UsageError(e.to_string()))?;
    let protocol = set.default_protocol();
    let screening = Answers {
        instrument: &ins.id,
        substance,
        answers: &laid_out,
    };
    let fired = safety::evaluate(set, protocol, &profile, &[screening]);
    let items: Vec<_> = scoring::items_for(ins, substance).collect();
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
            safety: fired.iter().map(JsonSafety::from).collect(),
        };
        serde_json::to_writer_pretty(&mut out, &report).context("cannot write JSON")?;
        writeln!(out).ok();
    } else {
        write_human(&mut out, ins, &profile, &result, &fired).context("cannot write the result")?;
    }
    Ok(ExitCode::SUCCESS)
}

/// The answers as given: an option index, a count, `-` for an item left out, or for an item
/// answered No or Yes, the word (`yes`/`no`, `y`/`n`). Words are matched to the option labels of
/// the item in the same place in the older layout (see [`layout`]) or the full one.
fn parse_answers(
    ins: &Instrument,
    substance: Option<&str>,
    answers: &[String],
) -> Result<Vec<Option<u32>>, UsageError> {
    let all: Vec<_> = scoring::items_for(ins, substance).collect();
    let older: Vec<_> = all.iter().filter(|it| it.added.is_none()).collect();
    let item_at = |i: usize| {
        if answers.len() == older.len() {
            older.get(i).copied().copied()
        } else {
            all.get(i).copied()
        }
    };
    answers
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let text = a.as_str();
            if text == "-" {
                return Ok(None);
            }
            if let Ok(n) = text.parse::<u32>() {
                return Ok(Some(n));
            }
            let word = match text.to_lowercase().as_str() {
                "yes" | "y" => Some("yes"),
                "no" | "n" => Some("no"),
                _ => None,
            };
            let option = word.and_then(|w| {
                let item = item_at(i)?;
                let crate::protocol::Answer::Options(options) = &item.answer else {
                    return None;
                };
                options
                    .iter()
                    .position(|o| o.label.to_lowercase() == w)
                    .and_then(|p| u32::try_from(p).ok())
            });
            option.map(Some).ok_or_else(|| {
                UsageError(format!(
                    "answer {} (\"{text}\") is not a 0-based option index, a count, or yes/no for a yes/no item",
                    i + 1
                ))
            })
        })
        .collect()
}

/// The answers as the items are asked today: all of them, or the older list without the items
/// added later (ASSIST: Q2–Q7, with Q1 implied Yes and Q8 not asked).
fn layout(
    ins: &Instrument,
    substance: Option<&str>,
    parsed: &[Option<u32>],
) -> anyhow::Result<Vec<Option<u32>>> {
    match scoring::answers_for_items(ins, substance, parsed) {
        Some(answers) => Ok(answers),
        // The scorer says what is wrong: the substance, or the count.
        None => Err(UsageError(
            scoring::score(ins, parsed, &Profile::default(), substance)
                .err()
                .map_or_else(
                    || "the answers do not fit the form".to_owned(),
                    |e| e.to_string(),
                ),
        )
        .into()),
    }
}

#[derive(serde::Serialize)]
struct JsonScore<'a> {
    profile: Profile,
    #[serde(flatten)]
    score: &'a Score,
    safety: Vec<JsonSafety<'a>>,
}

/// A safety rule that fired, as `brief score --json` reports it.
#[derive(serde::Serialize)]
struct JsonSafety<'a> {
    id: &'a str,
    title: &'a str,
    severity: &'static str,
    /// What the clinician must do.
    action: &'a str,
    /// What the patient is told.
    advice: &'a str,
    /// What raised it.
    from: &'a [String],
}

impl<'a> From<&'a Fired<'a>> for JsonSafety<'a> {
    fn from(f: &'a Fired<'a>) -> Self {
        Self {
            id: &f.rule.id,
            title: &f.rule.title,
            severity: f.rule.severity.name(),
            action: &f.rule.clinician,
            advice: &f.rule.patient,
            from: &f.from,
        }
    }
}

fn write_human(
    out: &mut impl std::io::Write,
    ins: &crate::protocol::Instrument,
    profile: &Profile,
    s: &Score,
    fired: &[Fired<'_>],
) -> std::io::Result<()> {
    use crate::t;
    // The labels in the current language, padded to the widest so the values line up.
    let labels = [
        t!("score-instrument"),
        t!("score-total"),
        t!("score-zone"),
        t!("score-action"),
        t!("score-profile"),
        t!("score-flags"),
        t!("score-flag"),
        t!("score-safety"),
        t!("score-from"),
        t!("score-do"),
        t!("score-advise"),
    ];
    let width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 2;
    let label = |i: usize| format!("{:<width$}", labels[i]);
    let sub = |i: usize| format!("  {:<w$}", labels[i], w = width - 2);
    let substance = s
        .substance
        .as_deref()
        .map(|x| format!(" ({x})"))
        .unwrap_or_default();
    writeln!(out, "{}{}{substance}", label(0), ins.short_name)?;
    let max = s
        .max_total
        .map(|m| t!("score-of", max = m))
        .unwrap_or_default();
    writeln!(out, "{}{}{max}", label(1), s.total)?;
    writeln!(out, "{}{} — {}", label(2), s.zone, s.level)?;
    let escalated = s
        .escalated_to
        .as_deref()
        .map(|z| t!("score-raised-to", zone = z))
        .unwrap_or_default();
    writeln!(out, "{}{}{escalated}", label(3), s.action)?;
    let sex = match profile.sex {
        Some(Sex::Female) => t!("note-female"),
        Some(Sex::Male) => t!("note-male"),
        None => t!("note-sex-not-recorded"),
    };
    let age = profile
        .age
        .map(|a| t!("score-age", age = a))
        .unwrap_or_default();
    let pregnancy = if profile.pregnancy == crate::protocol::Pregnancy::NotAsked {
        String::new()
    } else {
        format!(", {}", profile.pregnancy.shown())
    };
    writeln!(out, "{}{sex}{age}{pregnancy}", label(4))?;
    if s.flags.is_empty() {
        writeln!(out, "{}{}", label(5), t!("note-none"))?;
    }
    for f in &s.flags {
        writeln!(out, "{}{}: {}", label(6), f.id, f.message)?;
    }
    if fired.is_empty() {
        writeln!(out, "{}{}", label(7), t!("note-none"))?;
    }
    for f in fired {
        let mark = if f.rule.severity == Severity::Urgent {
            "!"
        } else {
            ""
        };
        let pad = width - labels[7].chars().count();
        writeln!(
            out,
            "{}{mark:<pad$}{} ({}): {}",
            labels[7],
            f.rule.id,
            f.rule.severity.name(),
            f.rule.title
        )?;
        writeln!(out, "{}{}", sub(8), f.from.join("; "))?;
        writeln!(out, "{}{}", sub(9), f.rule.clinician)?;
        writeln!(out, "{}{}", sub(10), f.rule.patient)?;
    }
    Ok(())
}
