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
pub mod plan;
mod validate;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

pub use error::{LoadError, Problem};
pub use locate::Position;
pub use model::*;
pub use plan::*;
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
    licences: Licences,
    origin: String,
}

/// The file in a protocol folder that records the licences the clinic holds.
pub const LICENCES_FILE: &str = "licences.ron";

/// Whether the clinic may use an instrument in brief, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LicenceState<'a> {
    /// Its licence allows software use (the basis, from the instrument file).
    Confirmed(&'a str),
    /// Software use is not confirmed, but the clinic records that it holds a licence.
    Held(&'a HeldLicence),
    /// Software use is not confirmed and the clinic records no licence: refused.
    Refused {
        /// Who holds the rights.
        owner: &'a str,
        /// Whom to ask for a licence.
        contact: &'a str,
    },
}

impl LicenceState<'_> {
    /// True unless refused.
    pub fn usable(&self) -> bool {
        !matches!(self, Self::Refused { .. })
    }

    /// In words, for `brief check` and the window.
    pub fn words(&self) -> String {
        match self {
            Self::Confirmed(basis) => format!("software use confirmed: {basis}"),
            Self::Held(h) => format!(
                "licence held by this clinic (granted by {}: {})",
                h.granted_by, h.reference
            ),
            Self::Refused { owner, contact } => format!(
                "refused: software use is not confirmed by {owner}; ask {contact} for a licence, then record it in {LICENCES_FILE}"
            ),
        }
    }
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

/// Every bundled file under `protocols/` (`*.ron` and `*.ftl`): (path shown, text).
pub fn bundled_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    embedded::FILES.iter().copied()
}

/// True for a bundled protocol or instrument file: the base set (`protocols/*.ron`,
/// `protocols/instruments/*.ron`) or a language set (`protocols/<lang>/*.ron`,
/// `protocols/<lang>/instruments/*.ron`). Text catalogues (`*.ftl`) are not protocol files.
fn bundled_set_file(path: &str) -> bool {
    let Some(rest) = path.strip_prefix("protocols/") else {
        return false;
    };
    let in_set = |rest: &str| {
        let name = rest.strip_prefix("instruments/").unwrap_or(rest);
        !name.contains('/')
    };
    let shape_ok = in_set(rest)
        || rest
            .split_once('/')
            .is_some_and(|(lang, inner)| lang != "instruments" && in_set(inner));
    shape_ok
        && Path::new(rest)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("ron"))
}

/// The language folder a file of a set is in (`sv` for `protocols/sv/x.ron` or
/// `DIR/sv/instruments/x.ron`); `None` for the base set.
fn language_folder(root: &Path, path: &Path) -> Option<String> {
    let rest = path.strip_prefix(root).ok()?;
    let first = rest.components().next()?.as_os_str().to_str()?;
    let deeper = rest.components().count() > 1;
    (deeper && first != "instruments").then(|| first.to_owned())
}

impl ProtocolSet {
    /// The protocols bundled in the binary: the base set and every language set.
    pub fn bundled() -> Result<Self, LoadError> {
        let files: Vec<SourceFile> = embedded::FILES
            .iter()
            .filter(|(path, _)| bundled_set_file(path))
            .map(|(path, text)| SourceFile {
                path: PathBuf::from(path),
                text: (*text).to_owned(),
                is_instrument: path.contains("/instruments/"),
            })
            .collect();
        Self::checked(
            &files,
            Some(Path::new("protocols")),
            "bundled protocols".to_owned(),
        )
    }

    /// Loads `DIR/*.ron` as protocols and `DIR/instruments/*.ron` as instruments, and the same
    /// from every language folder `DIR/<lang>/` (any other sub-folder of `DIR`) into one set.
    pub fn load_dir(dir: &Path) -> Result<Self, LoadError> {
        let mut files = read_ron_files(dir, false)?;
        files.extend(read_ron_files(&dir.join("instruments"), true)?);
        for lang in language_dirs(dir)? {
            files.extend(read_ron_files(&lang, false)?);
            files.extend(read_ron_files(&lang.join("instruments"), true)?);
        }
        Self::checked(&files, Some(dir), dir.display().to_string())
    }

    /// Parses and checks a set of files, reporting every problem in all of them.
    pub fn from_files(files: &[SourceFile], origin: String) -> Result<Self, LoadError> {
        Self::checked(files, None, origin)
    }

    /// [`ProtocolSet::from_files`]; with `root`, a file in a language folder (`root/<lang>/…`)
    /// must be written in that language.
    fn checked(
        files: &[SourceFile],
        root: Option<&Path>,
        origin: String,
    ) -> Result<Self, LoadError> {
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
        let mut problems = Vec::new();
        let mut protocols = Vec::new();
        let mut instruments = Vec::new();
        let mut licences: Option<(&SourceFile, Licences)> = None;
        for file in files {
            let is_licences =
                !file.is_instrument && file.path.file_name().is_some_and(|n| n == LICENCES_FILE);
            let parsed = if is_licences {
                options
                    .from_str::<Licences>(&file.text)
                    .map(|l| licences = Some((file, l)))
            } else if file.is_instrument {
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
        let mut first_file: BTreeMap<&str, &Path> = BTreeMap::new();
        for (file, instrument) in &instruments {
            let mut report = validate::Report::new(&file.path, &file.text, &mut problems);
            validate::instrument(instrument, &mut report);
            seen.insert(instrument.id.as_str());
            if let Some(other) = first_file.insert(instrument.id.as_str(), &file.path) {
                first_file.insert(instrument.id.as_str(), other);
                problems.push(duplicate_id("instrument", &instrument.id, file, other));
            }
            folder_language(root, file, &instrument.language, &mut problems);
        }
        let all: Vec<&Instrument> = instruments.iter().map(|(_, i)| i).collect();
        for (file, instrument) in &instruments {
            let mut report = validate::Report::new(&file.path, &file.text, &mut problems);
            validate::answers_from(instrument, &all, &mut report);
        }
        let mut protocol_files: BTreeMap<&str, &Path> = BTreeMap::new();
        for (file, protocol) in &protocols {
            let mut report = validate::Report::new(&file.path, &file.text, &mut problems);
            let loaded: Vec<&Instrument> = instruments.iter().map(|(_, i)| i).collect();
            validate::protocol(protocol, &seen, instruments_complete, &loaded, &mut report);
            if let Some(other) = protocol_files.insert(protocol.id.as_str(), &file.path) {
                protocol_files.insert(protocol.id.as_str(), other);
                problems.push(duplicate_id("protocol", &protocol.id, file, other));
            }
            folder_language(root, file, &protocol.language, &mut problems);
        }
        if let Some((file, held)) = &licences {
            let mut report = validate::Report::new(&file.path, &file.text, &mut problems);
            validate::licences(held, &seen, instruments_complete, &mut report);
        }
        if !problems.is_empty() {
            return Err(LoadError::Invalid(problems));
        }
        Ok(Self {
            protocols: protocols.into_iter().map(|(_, p)| p).collect(),
            instruments: instruments.into_iter().map(|(_, i)| i).collect(),
            licences: licences.map(|(_, l)| l).unwrap_or_default(),
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

    /// The protocol a new session and the audit use unless told otherwise: the first brief
    /// intervention of the base language (see [`ProtocolSet::default_protocol_in`]).
    pub fn default_protocol(&self) -> &Protocol {
        self.default_protocol_in(BASE_LANGUAGE)
    }

    /// The protocols written in `language`, in file order; the base language's when the set
    /// has none in it (the window runs in a language no protocol is translated into yet).
    pub fn protocols_in(&self, language: &str) -> Vec<&Protocol> {
        let of = |lang: &str| -> Vec<&Protocol> {
            self.protocols
                .iter()
                .filter(|p| p.language == lang)
                .collect()
        };
        let found = of(language);
        if found.is_empty() {
            of(BASE_LANGUAGE)
        } else {
            found
        }
    }

    /// The protocol a new session in `language` starts on: the first brief intervention of
    /// [`ProtocolSet::protocols_in`] that language, else its first protocol, else the first
    /// brief intervention of the whole set (the first protocol when there is none).
    pub fn default_protocol_in(&self, language: &str) -> &Protocol {
        let own = self.protocols_in(language);
        own.iter()
            .find(|p| p.kind == ProtocolKind::BriefIntervention)
            .or_else(|| own.first())
            .copied()
            .or_else(|| {
                self.protocols
                    .iter()
                    .find(|p| p.kind == ProtocolKind::BriefIntervention)
            })
            // A set cannot be built without a protocol (see `from_files`).
            .unwrap_or(&self.protocols[0])
    }

    /// The languages of the set's protocols, the base language first, then sorted.
    pub fn languages(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.protocols.iter().map(|p| p.language.as_str()).collect();
        out.sort_by_key(|l| (*l != BASE_LANGUAGE, *l));
        out.dedup();
        out
    }

    /// The instrument with this id.
    pub fn instrument(&self, id: &str) -> Option<&Instrument> {
        self.instruments.iter().find(|i| i.id == id)
    }

    /// Whether the clinic may use this instrument in brief.
    pub fn licence_state<'a>(&'a self, ins: &'a Instrument) -> LicenceState<'a> {
        match &ins.licence.software {
            SoftwareUse::Confirmed(basis) => LicenceState::Confirmed(basis),
            SoftwareUse::NotConfirmed { contact } => {
                match self.licences.held.iter().find(|h| h.instrument == ins.id) {
                    Some(held) => LicenceState::Held(held),
                    None => LicenceState::Refused {
                        owner: &ins.licence.owner,
                        contact,
                    },
                }
            }
        }
    }

    /// The instruments `protocol` offers that the clinic may use, in the protocol's order.
    pub fn offered<'a>(&'a self, protocol: &'a Protocol) -> Vec<&'a Instrument> {
        protocol
            .instruments
            .iter()
            .filter_map(|id| self.instrument(id))
            .filter(|ins| self.licence_state(ins).usable())
            .collect()
    }

    /// The instrument the screen step suggests for this profile, and why: the first route of
    /// `protocol` whose `when` matches, and in it the first instrument the clinic may use.
    pub fn suggested<'a>(
        &'a self,
        protocol: &'a Protocol,
        profile: &crate::scoring::Profile,
    ) -> Option<(&'a Instrument, &'a ScreeningRoute)> {
        protocol
            .screening_routes
            .iter()
            .filter(|r| r.when.matches(profile, None))
            .find_map(|r| {
                r.instruments
                    .iter()
                    .filter_map(|id| self.instrument(id))
                    .find(|ins| self.licence_state(ins).usable())
                    .map(|ins| (ins, r))
            })
    }

    /// Known instrument ids, sorted.
    pub fn instrument_ids(&self) -> Vec<&str> {
        self.instruments.iter().map(|i| i.id.as_str()).collect()
    }
}

/// An id used by a second file: reported at the second file's `id`, naming the first.
fn duplicate_id(what: &str, id: &str, file: &SourceFile, other: &Path) -> Problem {
    Problem {
        path: file.path.clone(),
        position: locate::Locator::new(&file.text).find("id"),
        message: format!(
            "{what} id \"{id}\" is also used by {}; ids must be unique across the whole set, every language folder included (a translation gets its own id, e.g. \"{id}{}sv\")",
            other.display(),
            if what == "protocol" { "_" } else { "-" }
        ),
    }
}

/// A file in a language folder must be in that language.
fn folder_language(
    root: Option<&Path>,
    file: &SourceFile,
    language: &str,
    problems: &mut Vec<Problem>,
) {
    let Some(folder) = root.and_then(|root| language_folder(root, &file.path)) else {
        return;
    };
    if folder != language {
        problems.push(Problem {
            path: file.path.clone(),
            position: locate::Locator::new(&file.text).find("language"),
            message: format!(
                "this file is in the language folder \"{folder}\" but its language is \"{language}\"; set `language: \"{folder}\"` or move the file"
            ),
        });
    }
}

/// The language folders of a protocol folder: every sub-folder but `instruments` and the base
/// language's text catalogues (`text`), sorted.
fn language_dirs(dir: &Path) -> Result<Vec<PathBuf>, LoadError> {
    let io = |source| LoadError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut dirs = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir()
            && path
                .file_name()
                .is_some_and(|n| n != "instruments" && n != "text")
        {
            dirs.push(path);
        }
    }
    dirs.sort();
    Ok(dirs)
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
