//! The take-home sheet: what the patient leaves with, made from the session as recorded so it
//! always matches what was documented. [`sheet`] builds its content (all wording from the
//! protocol's `handout`, the instruments and the safety rules); [`pdf`] writes it as one page.
//!
//! The low-risk limits appear on it exactly where the feedback step shows them: the one
//! decision is [`safety::advice`]'s `limits` (never in pregnancy, under the drinking age, with
//! an unrecorded age, or when a safety rule holds them back).

pub mod pdf;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::feedback::{self, DrinkScale, ZoneScale, range_words};
use crate::note::{fill, one_line};
use crate::protocol::{Handout, Protocol, ProtocolSet};
use crate::safety;
use crate::scoring::LimitsAdvice;
use crate::session::Session;
use crate::stepped;

/// The sheet's content, in reading order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    /// The title.
    pub title: String,
    /// Lines under the title (intro, date, clinician).
    pub lines: Vec<String>,
    /// The sections.
    pub sections: Vec<Section>,
    /// The small print.
    pub footer: String,
}

/// A headed part of the sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Its heading.
    pub heading: String,
    /// Drawn in a box that stands out (the safety advice).
    pub boxed: bool,
    /// Laid out in two columns (the help resources).
    pub two_columns: bool,
    /// What it says and shows.
    pub blocks: Vec<Block>,
}

/// One piece of a section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Block {
    /// A paragraph.
    Text(String),
    /// A paragraph in bold.
    Strong(String),
    /// A bulleted line.
    Bullet(String),
    /// The zones of an instrument with the patient's score marked; a label per segment.
    Zones(ZoneScale, Vec<String>),
    /// Drinks a week against the weekly limit; the two labels (the estimate, the limit).
    Drinks(DrinkScale, [String; 2]),
}

/// Why no sheet could be made.
#[derive(Debug, thiserror::Error)]
pub enum HandoutError {
    /// The protocol has no `handout` section.
    #[error("the protocol \"{0}\" has no take-home sheet (add a `handout` section to it)")]
    NoHandout(String),
    /// The PDF could not be made.
    #[error("the PDF could not be made: {0}")]
    Pdf(String),
    /// The file could not be written.
    #[error(transparent)]
    Write(#[from] crate::store::StoreError),
}

/// The sheet of a session as the bytes of a PDF file.
pub fn pdf_bytes(session: &Session, set: &ProtocolSet) -> Result<Vec<u8>, HandoutError> {
    let sheet = sheet(session, set)?;
    let paper = protocol_of(session, set)
        .handout
        .as_ref()
        .map_or(crate::protocol::Paper::A4, |h| h.paper);
    pdf::write(&sheet, paper)
}

/// Writes the sheet of a session to `path`, readable by the owner only (0600), replacing the
/// file there in one step.
pub fn save(session: &Session, set: &ProtocolSet, path: &Path) -> Result<(), HandoutError> {
    let bytes = pdf_bytes(session, set)?;
    crate::store::write_atomic(path, &bytes)?;
    Ok(())
}

/// The folder sheets go to unless told otherwise: `brief-handouts` in the user's documents
/// folder (else the home folder), never inside the data folder, which may be a clinic share.
pub fn default_dir(data_dir: &Path) -> Option<PathBuf> {
    let user = directories::UserDirs::new()?;
    let base = user
        .document_dir()
        .map_or_else(|| user.home_dir().to_path_buf(), Path::to_path_buf);
    let resolved = |p: &Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    let inside = resolved(&base).starts_with(resolved(data_dir));
    (!inside).then(|| base.join("brief-handouts"))
}

/// A session's sheet's file name: by the session id, never by the patient reference.
pub fn file_name(id: &crate::session::SessionId) -> String {
    format!("handout-{}.pdf", id.as_str())
}

/// The protocol the session follows (or the default one, as the note does).
fn protocol_of<'a>(session: &Session, set: &'a ProtocolSet) -> &'a Protocol {
    set.protocol(&session.protocol.id)
        .unwrap_or_else(|| set.default_protocol())
}

/// The sheet for a session, in its protocol's language whatever the window shows.
pub fn sheet(session: &Session, set: &ProtocolSet) -> Result<Sheet, HandoutError> {
    let protocol = protocol_of(session, set);
    crate::i18n::in_language(&protocol.language, || sheet_in(session, set, protocol))
}

fn sheet_in(
    session: &Session,
    set: &ProtocolSet,
    protocol: &crate::protocol::Protocol,
) -> Result<Sheet, HandoutError> {
    let h = protocol
        .handout
        .as_ref()
        .ok_or_else(|| HandoutError::NoHandout(protocol.id.clone()))?;
    let profile = &session.profile;
    let advice = safety::advice(set, protocol, profile, &session.answers());
    let date = |d: chrono::NaiveDate| d.format(&h.date_format).to_string();
    let with = |template: &str, pairs: &[(&str, &str)]| {
        fill(template, |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    };
    let mut sections = Vec::new();

    // Safety first: what each rule that fired tells the patient.
    if !advice.fired.is_empty() {
        sections.push(Section {
            heading: h.safety_heading.clone(),
            boxed: true,
            two_columns: false,
            blocks: advice
                .fired
                .iter()
                .map(|f| Block::Text(f.rule.patient.clone()))
                .collect(),
        });
    }

    let mut results = Vec::new();
    let folded = stepped::folded(set, &session.screenings);
    for (i, s) in session.screenings.iter().enumerate() {
        let (Some(ins), Some(r)) = (set.instrument(&s.instrument), &s.result) else {
            continue;
        };
        if folded.iter().any(|f| f.short == i) {
            continue;
        }
        let name = screening_name(ins, s.substance.as_deref());
        let score = r.total.to_string();
        results.push(Block::Strong(match r.max_total {
            Some(max) => with(
                &h.score_line,
                &[
                    ("instrument", &name),
                    ("score", &score),
                    ("max", &max.to_string()),
                ],
            ),
            None => with(
                &h.score_only_line,
                &[("instrument", &name), ("score", &score)],
            ),
        }));
        let zone = ins.zones.iter().find(|z| z.id == r.zone);
        let mut meaning = String::new();
        if let Some(risk) = zone.and_then(|z| z.risk) {
            write!(meaning, "{}. ", h.risk_words.word(risk)).ok();
        }
        if let Some(zone) = zone {
            meaning.push_str(zone.feedback_for(profile, s.substance.as_deref()));
        }
        if !meaning.is_empty() {
            results.push(Block::Text(meaning));
        }
        if let Some(scale) = feedback::zone_scale(ins, s, profile).map(|z| z.by_risk()) {
            let labels = scale
                .segments
                .iter()
                .map(|seg| {
                    seg.risk
                        .map_or_else(|| seg.zone.clone(), |r| h.risk_words.word(r).to_owned())
                })
                .collect();
            results.push(Block::Zones(scale, labels));
        }
        for f in folded.iter().filter(|f| f.full == i) {
            let Some(short) = session.screenings.get(f.short) else {
                continue;
            };
            let (from_score, from_max) = short.result.as_ref().map_or_else(
                || (String::new(), String::new()),
                |r| {
                    (
                        r.total.to_string(),
                        r.max_total.map(|m| m.to_string()).unwrap_or_default(),
                    )
                },
            );
            results.push(Block::Text(with(
                &h.carried_line,
                &[
                    ("instrument", &name),
                    (
                        "items",
                        &stepped::item_numbers(f.link.full, f.link.link)
                            .replace('–', &crate::t!("sheet-items-to")),
                    ),
                    ("from", &f.link.short.short_name),
                    ("from_score", &from_score),
                    ("from_max", &from_max),
                ],
            )));
        }
    }
    if !results.is_empty() {
        sections.push(Section {
            heading: h.results_heading.clone(),
            boxed: false,
            two_columns: false,
            blocks: results,
        });
    }

    if let Some(est) = feedback::first_estimate(set, &session.screenings) {
        sections.push(Section {
            heading: h.drinking_heading.clone(),
            boxed: false,
            two_columns: false,
            blocks: drinking(h, protocol, &est, &advice.limits, &with),
        });
    }

    let goal = &session.goal;
    if !goal.is_empty() {
        let mut blocks = Vec::new();
        if !goal.own_words.trim().is_empty() {
            blocks.push(Block::Strong(with(
                &h.own_words_line,
                &[("words", &one_line(&goal.own_words))],
            )));
        }
        if !goal.options.is_empty() {
            let labels = crate::note::option_labels(protocol, goal);
            blocks.push(Block::Text(with(
                &h.options_line,
                &[("options", &labels.join(", "))],
            )));
        }
        if let Some(d) = goal.target_date {
            blocks.push(Block::Text(with(&h.target_line, &[("date", &date(d))])));
        }
        sections.push(Section {
            heading: h.goal_heading.clone(),
            boxed: false,
            two_columns: false,
            blocks,
        });
    }

    let mut reasons: Vec<String> = Vec::new();
    for r in &session.readiness {
        let why = one_line(&r.why_not_lower);
        if !why.is_empty() && !reasons.contains(&why) {
            reasons.push(why);
        }
    }
    if !reasons.is_empty() {
        sections.push(Section {
            heading: h.reasons_heading.clone(),
            boxed: false,
            two_columns: false,
            blocks: reasons.into_iter().map(Block::Bullet).collect(),
        });
    }

    sections.push(Section {
        heading: h.follow_up_heading.clone(),
        boxed: false,
        two_columns: false,
        blocks: vec![Block::Strong(session.follow_up.map_or_else(
            || h.no_follow_up.clone(),
            |d| with(&h.follow_up_line, &[("date", &date(d))]),
        ))],
    });
    sections.push(Section {
        heading: h.help_heading.clone(),
        boxed: false,
        two_columns: true,
        blocks: h
            .help
            .iter()
            .map(|r| Block::Bullet(format!("{} {} ({})", r.name, r.contact, r.detail)))
            .collect(),
    });

    let limits = &protocol.low_risk_limits;
    let limits_source = protocol
        .sources
        .iter()
        .find(|s| s.key == limits.source)
        .map_or_else(|| limits.source.clone(), |s| s.key.clone());
    let footer = with(
        &h.footer,
        &[
            ("cutoffs", &cutoffs(set, session, h)),
            (
                "limits",
                &crate::t!(
                    "sheet-limits-source",
                    source = limits_source,
                    id = &session.protocol.id,
                    version = &session.protocol.version
                ),
            ),
        ],
    );
    Ok(Sheet {
        title: h.title.clone(),
        lines: vec![
            h.intro.clone(),
            format!(
                "{} · {}",
                with(
                    &h.date_line,
                    &[("date", &date(session.created.date_naive()))]
                ),
                with(&h.clinician_line, &[("clinician", &session.clinician)])
            ),
        ],
        sections,
        footer,
    })
}

/// A template filled with (placeholder, value) pairs.
type Template<'a> = dyn Fn(&str, &[(&str, &str)]) -> String + 'a;

/// The drinking section: the estimate, the drink it counts, and the limit for this patient
/// or what is said instead of one.
fn drinking(
    h: &Handout,
    protocol: &Protocol,
    est: &feedback::DrinkEstimate<'_>,
    limits: &LimitsAdvice<'_>,
    with: &Template<'_>,
) -> Vec<Block> {
    let mut blocks = Vec::new();
    let week = range_words(est.week());
    blocks.push(Block::Strong(with(&h.week_estimate, &[("week", &week)])));
    if let Some(day) = est.day {
        blocks.push(Block::Text(with(
            &h.day_estimate,
            &[("day", &range_words(day))],
        )));
    }
    if let Some(heavy) = est.heavy {
        blocks.push(Block::Text(with(
            &h.heavy_estimate,
            &[("heavy", &heavy.to_string())],
        )));
    }
    let drink = est
        .instrument
        .drink
        .as_ref()
        .map_or(protocol.low_risk_limits.standard_drink.as_str(), |d| {
            d.text.as_str()
        });
    blocks.push(Block::Text(with(&h.drink_size, &[("drink", drink)])));
    blocks.push(Block::Text(with(
        &h.estimate_note,
        &[("instrument", &est.instrument.short_name)],
    )));
    match limits {
        LimitsAdvice::Limits(limit) => {
            blocks.push(Block::Strong(h.limit_heading.clone()));
            blocks.push(Block::Text(limit.text.clone()));
            if let Some(scale) = feedback::drink_scale(est, limits) {
                let you = with(&h.week_estimate, &[("week", &week)]);
                blocks.push(Block::Drinks(scale, [you, limit.per_week.to_string()]));
            }
        }
        LimitsAdvice::Pregnancy(text) | LimitsAdvice::Underage(text) => {
            blocks.push(Block::Strong((*text).to_owned()));
        }
        LimitsAdvice::WithheldBy(why) => {
            blocks.push(Block::Strong(with(&h.limits_withheld, &[("why", why)])));
        }
        LimitsAdvice::AgeNeeded => blocks.push(Block::Text(h.age_needed.clone())),
        LimitsAdvice::None => {}
    }
    blocks
}

/// "AUDIT" or "ASSIST (cannabis)".
fn screening_name(ins: &crate::protocol::Instrument, substance: Option<&str>) -> String {
    match substance.and_then(|id| ins.substances.iter().find(|x| x.id == id)) {
        Some(sub) => format!("{} ({})", ins.short_name, sub.name),
        None => ins.short_name.clone(),
    }
}

/// The cut-offs used for each screening: "AUDIT-C: Low risk 0–2, Moderate risk 3–7, …".
fn cutoffs(set: &ProtocolSet, session: &Session, h: &Handout) -> String {
    let mut out: Vec<String> = Vec::new();
    for s in &session.screenings {
        let Some(ins) = set.instrument(&s.instrument) else {
            continue;
        };
        let Some(scale) = feedback::zone_scale(ins, s, &session.profile).map(|z| z.by_risk())
        else {
            continue;
        };
        let bands: Vec<String> = feedback::labels(&scale, Some(&h.risk_words))
            .iter()
            .zip(&scale.segments)
            .map(|(name, seg)| format!("{name} {}", range_words((seg.min, Some(seg.max)))))
            .collect();
        let line = format!(
            "{} {}",
            screening_name(ins, s.substance.as_deref()),
            bands.join(", ")
        );
        if !out.contains(&line) {
            out.push(line);
        }
    }
    out.join("; ")
}

impl Sheet {
    /// The sheet as plain text, in reading order (what a screen reader or a test reads).
    pub fn text(&self) -> String {
        let mut out = String::new();
        writeln!(out, "{}", self.title).ok();
        for line in &self.lines {
            writeln!(out, "{line}").ok();
        }
        for section in &self.sections {
            writeln!(out, "\n{}", section.heading).ok();
            for block in &section.blocks {
                match block {
                    Block::Text(t) | Block::Strong(t) => writeln!(out, "{t}"),
                    Block::Bullet(t) => writeln!(out, "• {t}"),
                    Block::Zones(scale, labels) => {
                        writeln!(out, "[{}; score {}]", labels.join(" | "), scale.score)
                    }
                    Block::Drinks(scale, [you, limit]) => {
                        writeln!(out, "[{you} | {limit} a week; scale to {}]", scale.top)
                    }
                }
                .ok();
            }
        }
        writeln!(out, "\n{}", self.footer).ok();
        out
    }
}
