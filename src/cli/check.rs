//! `brief check`: validates a protocol folder and prints `path:line:col: message` per problem.

use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use crate::protocol::ProtocolSet;

pub(super) fn check(dir: Option<&Path>) -> ExitCode {
    let protocols = check_protocols(dir);
    // Text problems are always listed; each language's state only when the protocols are
    // valid, so a broken protocol's listing stays on stderr alone.
    let texts = check_texts(dir, protocols == ExitCode::SUCCESS);
    if protocols == ExitCode::SUCCESS {
        texts
    } else {
        protocols
    }
}

/// The catalogues: each language's missing keys (shown in the base language) and keys the base
/// language does not have (never shown: probably misspelt). Only invalid files fail the check.
fn check_texts(dir: Option<&Path>, list: bool) -> ExitCode {
    let loaded = match dir {
        Some(dir) => crate::i18n::Languages::bundled_and_dir(dir).map(std::sync::Arc::new),
        None => Ok(crate::i18n::bundled()),
    };
    match loaded {
        Ok(_) if !list => ExitCode::SUCCESS,
        Ok(languages) => {
            let mut out = std::io::stdout().lock();
            for code in languages.codes() {
                let missing = languages.missing(code);
                let unknown = languages.unknown(code);
                let line = if missing.is_empty() && unknown.is_empty() {
                    format!("text {code:<5} complete")
                } else {
                    let mut parts = Vec::new();
                    if !missing.is_empty() {
                        parts.push(format!(
                            "{} key(s) missing, shown in {}: {}",
                            missing.len(),
                            crate::i18n::BASE,
                            missing.join(", ")
                        ));
                    }
                    if !unknown.is_empty() {
                        parts.push(format!(
                            "{} key(s) not in {} (never shown; misspelt?): {}",
                            unknown.len(),
                            crate::i18n::BASE,
                            unknown.join(", ")
                        ));
                    }
                    format!("text {code:<5} {}", parts.join("; "))
                };
                if writeln!(out, "{line}").is_err() {
                    break;
                }
            }
            ExitCode::SUCCESS
        }
        Err(crate::i18n::TextError::Invalid(problems)) => {
            let mut err = std::io::stderr().lock();
            for p in &problems {
                writeln!(err, "{p}").ok();
            }
            writeln!(err, "{} problem(s) found in the texts", problems.len()).ok();
            ExitCode::from(1)
        }
    }
}

fn check_protocols(dir: Option<&Path>) -> ExitCode {
    let loaded = match dir {
        Some(dir) => ProtocolSet::load_dir(dir),
        None => ProtocolSet::bundled(),
    };
    match loaded {
        Ok(set) => {
            let steps: usize = set.protocols().iter().map(|p| p.steps.len()).sum();
            let prompts: usize = set
                .protocols()
                .iter()
                .flat_map(|p| &p.steps)
                .map(|s| s.prompts.len())
                .sum();
            let items: usize = set.instruments().iter().map(|i| i.items.len()).sum();
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "ok: {} — {} protocol(s) ({steps} steps, {prompts} prompts), {} instruments ({items} items): {}",
                set.origin(),
                set.protocols().len(),
                set.instruments().len(),
                set.instrument_ids().join(", ")
            )
            .ok();
            // A closed pipe (`| head`) ends the listing quietly.
            for ins in set.instruments() {
                let state = set.licence_state(ins).words();
                if writeln!(out, "licence {:<15} {state}", ins.id).is_err() {
                    break;
                }
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let problems = e.problems();
            let mut err = std::io::stderr().lock();
            for p in &problems {
                writeln!(err, "{p}").ok();
            }
            writeln!(err, "{} problem(s) found", problems.len()).ok();
            ExitCode::from(1)
        }
    }
}
