//! The brief-intervention protocol and the screening instruments, loaded from RON and checked.
//!
//! The files live in `protocols/` (see its README). They are embedded in the binary so the app
//! works from any folder; `--protocols DIR` loads another set instead. Loading is two passes:
//! RON into the serde types of [`model`], then the semantic checks of `validate`. Either pass
//! reports every problem as `path:line:col: message`.

mod embedded;
mod error;
mod locate;
pub mod model;
mod validate;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use error::{LoadError, Problem};
pub use locate::Position;
pub use model::*;
pub use validate::{asked_for, score_range};

/// The step ids of the bundled brief-intervention protocol, in order (the records of a session
/// file that predates per-protocol steps). The window does not depend on them: it draws a
/// step by its [`StepKind`], and another protocol may name its steps as it likes.
pub const STEP_IDS: [&str; 5] = ["introduce", "screen", "feedback", "goals", "closure"];

/// The six FRAMES component ids.
pub const COMPONENT_IDS: [&str; 6] = [
    "feedback",
    "responsibility",
    "advice",
    "menu",
    "empathy",
    "self_efficacy",
];

/// The stage-of-readiness ids.
pub const STAGE_IDS: [&str; 6] = [
    "precontemplation",
    "contemplation",
    "preparation",
    "action",
    "maintenance",
    "relapse",
];

/// A checked set of protocols and the instruments they offer.
///
/// The only way to build one is to load and validate files, so code holding a `ProtocolSet`
/// can rely on every id it names existing and every zone table covering its range.
#[derive(Clone, Debug)]
pub struct ProtocolSet {
    protocols: Vec<Protocol>,
    instruments: Vec<Instrument>,
    origin: String,
}

/// One file to load: its path (for messages) and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Shown in messages.
    pub path: PathBuf,
    /// The RON text.
    pub text: String,
    /// True for an instrument file, false for a protocol file.
    pub is_instrument: bool,
}

impl ProtocolSet {
    /// The protocols bundled in the binary.
    pub fn bundled() -> Result<Self, LoadError> {
        let files: Vec<SourceFile> = embedded::FILES
            .iter()
            .map(|(path, text)| SourceFile {
                path: PathBuf::from(path),
                text: (*text).to_owned(),
                is_instrument: path.contains("/instruments/"),
            })
            .collect();
        Self::from_files(&files, "bundled protocols".to_owned())
    }

    /// Loads `DIR/*.ron` as protocols and `DIR/instruments/*.ron` as instruments.
    pub fn load_dir(dir: &Path) -> Result<Self, LoadError> {
        let mut files = read_ron_files(dir, false)?;
        files.extend(read_ron_files(&dir.join("instruments"), true)?);
        Self::from_files(&files, dir.display().to_string())
    }

    /// Parses and checks a set of files, reporting every problem in all of them.
    pub fn from_files(files: &[SourceFile], origin: String) -> Result<Self, LoadError> {
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let mut problems = Vec::new();
        let mut protocols = Vec::new();
        let mut instruments = Vec::new();
        for file in files {
            let parsed = if file.is_instrument {
                options
                    .from_str::<Instrument>(&file.text)
                    .map(|i| instruments.push((file, i)))
            } else {
                options
                    .from_str::<Protocol>(&file.text)
                    .map(|p| protocols.push((file, p)))
            };
            if let Err(e) = parsed {
                problems.push(Problem {
                    path: file.path.clone(),
                    position: Position {
                        line: e.span.start.line,
                        col: e.span.start.col,
                    },
                    message: ron_message(&e.code),
                });
            }
        }
        if protocols.is_empty() && files.iter().all(|f| f.is_instrument) {
            problems.push(Problem {
                path: PathBuf::from(&origin),
                position: Position::START,
                message: "no protocol file (*.ron) found".to_owned(),
            });
        }

        let instruments_complete =
            instruments.len() == files.iter().filter(|f| f.is_instrument).count();
        let mut seen = BTreeSet::new();
        for (file, instrument) in &instruments {
            let mut report = validate::Report::new(&file.path, &file.text, &mut problems);
            validate::instrument(instrument, &mut report);
            if !seen.insert(instrument.id.as_str()) {
                let position = locate::Locator::new(&file.text).find("id");
                problems.push(Problem {
                    path: file.path.clone(),
                    position,
                    message: format!(
                        "instrument id \"{}\" is used by another file too; ids must be unique",
                        instrument.id
                    ),
                });
            }
        }
        let mut protocol_ids = BTreeSet::new();
        for (file, protocol) in &protocols {
            let mut report = validate::Report::new(&file.path, &file.text, &mut problems);
            let loaded: Vec<&Instrument> = instruments.iter().map(|(_, i)| i).collect();
            validate::protocol(protocol, &seen, instruments_complete, &loaded, &mut report);
            if !protocol_ids.insert(protocol.id.as_str()) {
                let position = locate::Locator::new(&file.text).find("id");
                problems.push(Problem {
                    path: file.path.clone(),
                    position,
                    message: format!(
                        "protocol id \"{}\" is used by another file too; ids must be unique",
                        protocol.id
                    ),
                });
            }
        }
        if !problems.is_empty() {
            return Err(LoadError::Invalid(problems));
        }
        Ok(Self {
            protocols: protocols.into_iter().map(|(_, p)| p).collect(),
            instruments: instruments.into_iter().map(|(_, i)| i).collect(),
            origin,
        })
    }

    /// Where the set came from ("bundled protocols" or a folder).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Every protocol, sorted by id.
    pub fn protocols(&self) -> &[Protocol] {
        &self.protocols
    }

    /// Every instrument, sorted by id.
    pub fn instruments(&self) -> &[Instrument] {
        &self.instruments
    }

    /// The protocol with this id.
    pub fn protocol(&self, id: &str) -> Option<&Protocol> {
        self.protocols.iter().find(|p| p.id == id)
    }

    /// The first protocol (the bundled set has exactly one).
    pub fn default_protocol(&self) -> &Protocol {
        // A set cannot be built without a protocol (see `from_files`).
        &self.protocols[0]
    }

    /// The instrument with this id.
    pub fn instrument(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }

    /// Known instrument ids, sorted.
    pub fn instrument_ids(&self) -> Vec<&str> {
        self.instruments.iter().map(|i| i.id.as_str()).collect()
    }
}

/// The `*.ron` files directly in `dir`, sorted by name. A missing `instruments/` folder is empty.
fn read_ron_files(dir: &Path, is_instrument: bool) -> Result<Vec<SourceFile>, LoadError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if is_instrument && e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Vec::new());
        }
        Err(source) => {
            return Err(LoadError::Io {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| LoadError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ron") && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    paths
        .into_iter()
        .map(|path| match std::fs::read_to_string(&path) {
            Ok(text) => Ok(SourceFile {
                path,
                text,
                is_instrument,
            }),
            Err(source) => Err(LoadError::Io { path, source }),
        })
        .collect()
}

/// RON's error, in the words a clinic editing the file needs.
fn ron_message(code: &ron::Error) -> String {
    match code {
        ron::Error::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let outer = outer.as_deref().unwrap_or("this entry");
            format!(
                "unknown field `{found}` in {outer}; expected one of: {}",
                expected.join(", ")
            )
        }
        ron::Error::MissingStructField { field, outer } => {
            format!(
                "missing field `{field}` in {}",
                outer.as_deref().unwrap_or("this entry")
            )
        }
        ron::Error::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            let outer = outer.as_deref().unwrap_or("this value");
            format!(
                "unknown {outer} `{found}`; expected one of: {}",
                expected.join(", ")
            )
        }
        ron::Error::DuplicateStructField { field, outer } => {
            format!(
                "field `{field}` appears twice in {}",
                outer.as_deref().unwrap_or("this entry")
            )
        }
        other => other.to_string(),
    }
}
