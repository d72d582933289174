//! The words of the program itself — buttons, headings, messages, the note's labels — from
//! per-language Fluent catalogues beside the protocols: `protocols/text/*.ftl` for the base
//! language (English) and `protocols/<lang>/text/*.ftl` for each other language. A new
//! language is a folder of files: no rebuild (`--protocols DIR` loads a folder's catalogues on
//! top of the bundled ones). Clinical wording is not here: it lives in the protocol files.
//!
//! A key missing in a language falls back to the base language, and `brief check` lists the
//! keys each language lacks. Fluent (Project Fluent, Mozilla) is used rather than a home-made
//! format because it already solves placeholders, plurals and per-language grammar.
//!
//! The window and the command line set the current catalogue of their thread
//! ([`set_current`]); [`t!`](crate::t) reads it. Code that writes a record in a session's own
//! language (the note, the take-home sheet) asks for that language's [`Texts`] explicitly.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::protocol::{Position, Problem};

/// The base language: every key exists in it, and every other language falls back to it.
pub const BASE: &str = "en";

/// The folder, in a protocol folder or a language folder, that holds the catalogues.
pub const TEXT_DIR: &str = "text";

/// Largest catalogue file read (a bigger one is reported, not read).
const MAX_FILE: u64 = 4 * 1024 * 1024;

/// One language's catalogue.
struct Language {
    code: String,
    bundle: FluentBundle<FluentResource>,
    keys: BTreeSet<String>,
}

/// Every loaded language's catalogue.
pub struct Languages {
    languages: Vec<Language>,
    origin: String,
}

impl fmt::Debug for Languages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Languages")
            .field("codes", &self.codes())
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

/// A catalogue file: the path shown in messages, its language and its text.
#[derive(Clone, Debug)]
pub struct TextFile {
    /// Shown in messages.
    pub path: PathBuf,
    /// BCP 47 language code (the folder's name; the base language for `text/`).
    pub language: String,
    /// The Fluent text.
    pub text: String,
    /// Which layer it comes from (0: the bundle; 1: a folder laid over it). A key may be given
    /// again in a later layer (a rewording), never twice in one layer's folder.
    pub layer: u8,
}

/// Why catalogues could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TextError {
    /// Files were read, but some are not valid Fluent, or repeat a key.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

impl Languages {
    /// The catalogues bundled in the binary.
    pub fn bundled() -> Result<Self, TextError> {
        Self::from_files(&bundled_files(), "bundled texts".to_owned())
    }

    /// The bundled catalogues with those of `dir` on top (`dir/text/*.ftl` for the base
    /// language, `dir/<lang>/text/*.ftl` for others): a folder may add a language or reword
    /// single keys, and keys it lacks keep their bundled words.
    pub fn bundled_and_dir(dir: &Path) -> Result<Self, TextError> {
        let mut files = bundled_files();
        let (found, mut problems) = read_dir_files(dir);
        files.extend(found);
        let result = Self::from_files(&files, dir.display().to_string());
        match result {
            Ok(languages) if problems.is_empty() => Ok(languages),
            Ok(_) => Err(TextError::Invalid(problems)),
            Err(TextError::Invalid(more)) => {
                problems.extend(more);
                Err(TextError::Invalid(problems))
            }
        }
    }

    /// Parses catalogues; a later file's key replaces an earlier file's in another folder, but
    /// a key given twice in one folder is a problem (two translators disagreeing).
    pub fn from_files(files: &[TextFile], origin: String) -> Result<Self, TextError> {
        let mut problems = Vec::new();
        let mut by_code: BTreeMap<String, Vec<&TextFile>> = BTreeMap::new();
        for file in files {
            by_code.entry(file.language.clone()).or_default().push(file);
        }
        if !by_code.contains_key(BASE) {
            problems.push(Problem {
                path: PathBuf::from(&origin),
                position: Position::START,
                message: format!("no catalogue for the base language \"{BASE}\" (text/*.ftl)"),
            });
        }
        let mut languages = Vec::new();
        for (code, files) in by_code {
            let Ok(langid) = code.parse::<unic_langid::LanguageIdentifier>() else {
                problems.push(Problem {
                    path: files[0].path.clone(),
                    position: Position::START,
                    message: format!(
                        "\"{code}\" is not a language code (BCP 47, e.g. sv or pt-BR)"
                    ),
                });
                continue;
            };
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // No Unicode isolation marks around placeables: labels are matched as typed.
            bundle.set_use_isolating(false);
            let mut keys = BTreeSet::new();
            // Which layer and folder gave each key, to tell an override from a repeat.
            let mut from: BTreeMap<String, (u8, PathBuf)> = BTreeMap::new();
            for file in files {
                let resource = match FluentResource::try_new(file.text.clone()) {
                    Ok(r) => r,
                    Err((r, errors)) => {
                        for e in errors {
                            problems.push(Problem {
                                path: file.path.clone(),
                                position: position_at(&file.text, e.pos.start),
                                message: format!("not valid Fluent: {}", e.kind),
                            });
                        }
                        r
                    }
                };
                let folder = file
                    .path
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                for id in message_ids(&resource) {
                    if let Some(other) = from.get(&id)
                        && *other == (file.layer, folder.clone())
                    {
                        let offset = file.text.find(&format!("\n{id} ")).map_or(0, |o| o + 1);
                        problems.push(Problem {
                            path: file.path.clone(),
                            position: position_at(&file.text, offset),
                            message: format!(
                                "key \"{id}\" is given twice in {}; give it once",
                                folder.display()
                            ),
                        });
                    }
                    from.insert(id.clone(), (file.layer, folder.clone()));
                    keys.insert(id);
                }
                bundle.add_resource_overriding(resource);
            }
            languages.push(Language { code, bundle, keys });
        }
        if problems.is_empty() {
            Ok(Self { languages, origin })
        } else {
            Err(TextError::Invalid(problems))
        }
    }

    /// The language codes loaded, base language first.
    pub fn codes(&self) -> Vec<&str> {
        let mut codes: Vec<&str> = self.languages.iter().map(|l| l.code.as_str()).collect();
        codes.sort_by_key(|c| (*c != BASE, *c));
        codes
    }

    /// The best loaded language for a wish such as `sv`, `sv-SE` or `sv_SE.UTF-8`: the exact
    /// code, else its primary language, else none.
    pub fn best(&self, wish: &str) -> Option<&str> {
        let wish = wish
            .split(['.', '@'])
            .next()
            .unwrap_or(wish)
            .replace('_', "-");
        let primary = wish.split('-').next().unwrap_or(&wish).to_ascii_lowercase();
        self.languages
            .iter()
            .find(|l| l.code.eq_ignore_ascii_case(&wish))
            .or_else(|| self.languages.iter().find(|l| l.code == primary))
            .map(|l| l.code.as_str())
    }

    /// Keys the base language has that `code` lacks (they fall back to the base language).
    pub fn missing(&self, code: &str) -> Vec<&str> {
        let (Some(base), Some(lang)) = (self.language(BASE), self.language(code)) else {
            return Vec::new();
        };
        base.keys
            .iter()
            .filter(|k| !lang.keys.contains(*k))
            .map(String::as_str)
            .collect()
    }

    /// Keys `code` has that the base language does not (never shown: probably misspelt).
    pub fn unknown(&self, code: &str) -> Vec<&str> {
        let (Some(base), Some(lang)) = (self.language(BASE), self.language(code)) else {
            return Vec::new();
        };
        lang.keys
            .iter()
            .filter(|k| !base.keys.contains(*k))
            .map(String::as_str)
            .collect()
    }

    /// The name of language `code` in that language (its `language-name`), for a chooser;
    /// the code itself when the language is not loaded or has no name.
    pub fn name(&self, code: &str) -> String {
        self.language(code)
            .and_then(|l| {
                let pattern = l.bundle.get_message("language-name")?.value()?;
                let mut errors = Vec::new();
                Some(
                    l.bundle
                        .format_pattern(pattern, None, &mut errors)
                        .into_owned(),
                )
            })
            .unwrap_or_else(|| code.to_owned())
    }

    /// Whether the base language has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.language(BASE).is_some_and(|l| l.keys.contains(key))
    }

    fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }
}

/// The catalogue of one language, falling back to the base language: what [`t!`](crate::t)
/// reads. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Texts {
    languages: Arc<Languages>,
    code: String,
}

impl Texts {
    /// `code`'s texts (the base language if `code` is not loaded).
    pub fn new(languages: Arc<Languages>, code: &str) -> Self {
        let code = languages.best(code).unwrap_or(BASE).to_owned();
        Self { languages, code }
    }

    /// The bundled catalogues in the base language.
    pub fn base() -> Self {
        Self::new(bundled(), BASE)
    }

    /// The bundled catalogues in `code` (the base language if it is not bundled).
    pub fn bundled_in(code: &str) -> Self {
        Self::new(bundled(), code)
    }

    /// The language shown.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// Every loaded language.
    pub fn languages(&self) -> &Arc<Languages> {
        &self.languages
    }

    /// The same catalogues in another language.
    pub fn in_language(&self, code: &str) -> Self {
        Self::new(Arc::clone(&self.languages), code)
    }

    /// The text of `key`.
    pub fn get(&self, key: &str) -> String {
        self.format(key, None)
    }

    /// The text of `key` with its placeholders filled.
    pub fn get_with(&self, key: &str, args: &Args) -> String {
        self.format(key, Some(&args.0))
    }

    fn format(&self, key: &str, args: Option<&FluentArgs<'_>>) -> String {
        let chain = [self.code.as_str(), BASE];
        for code in chain {
            let Some(lang) = self.languages.language(code) else {
                continue;
            };
            let Some(pattern) = lang.bundle.get_message(key).and_then(|m| m.value()) else {
                continue;
            };
            let mut errors = Vec::new();
            let text = lang.bundle.format_pattern(pattern, args, &mut errors);
            return text.into_owned();
        }
        // Not even in the base language: a test keeps every key used in the code there.
        key.to_owned()
    }

    /// A date in this language's format (`format-date`, a chrono pattern).
    pub fn date(&self, date: &impl chrono::Datelike) -> String {
        chrono::NaiveDate::from_ymd_opt(date.year(), date.month(), date.day())
            .unwrap_or_default()
            .format(&self.get("format-date"))
            .to_string()
    }

    /// A time of day in this language's format (`format-time`).
    pub fn time(&self, time: &impl chrono::Timelike) -> String {
        let t = chrono::NaiveTime::from_hms_opt(time.hour(), time.minute(), time.second())
            .unwrap_or_default();
        t.format(&self.get("format-time")).to_string()
    }

    /// A date and time in this language's format (`format-date-time`).
    pub fn date_time(&self, at: &crate::session::Timestamp) -> String {
        at.format(&self.get("format-date-time")).to_string()
    }
}

/// Placeholder values for [`Texts::get_with`].
#[derive(Default)]
pub struct Args(FluentArgs<'static>);

impl Args {
    /// No values yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `name` (used as `{ $name }` in the catalogue). Numbers stay numbers, so a
    /// catalogue can choose a plural form by them.
    pub fn set(&mut self, name: &'static str, value: impl Into<Value>) {
        let value = match value.into() {
            Value::Text(s) => FluentValue::from(s),
            Value::Number(n) => FluentValue::from(n),
        };
        self.0.set(name, value);
    }
}

/// A placeholder value.
pub enum Value {
    /// Text, shown as it is.
    Text(String),
    /// A whole number.
    Number(i64),
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Self {
        Self::Text(s.clone())
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

macro_rules! number_value {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(n: $t) -> Self {
                Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_value!(u8, u16, u32, u64, usize, i32, i64);

/// The bundled catalogues, loaded once.
///
/// # Panics
/// If a bundled catalogue is not valid (a test loads them, so a release cannot ship one).
pub fn bundled() -> Arc<Languages> {
    static BUNDLED: OnceLock<Arc<Languages>> = OnceLock::new();
    Arc::clone(BUNDLED.get_or_init(|| {
        Arc::new(Languages::bundled().unwrap_or_else(|e| panic!("bundled texts: {e}")))
    }))
}

thread_local! {
    static CURRENT: std::cell::RefCell<Option<Texts>> = const { std::cell::RefCell::new(None) };
}

/// Makes `texts` what [`t!`](crate::t) reads on this thread.
pub fn set_current(texts: Texts) {
    CURRENT.with(|c| *c.borrow_mut() = Some(texts));
}

/// What [`t!`](crate::t) reads on this thread (the bundled base language if none was set).
pub fn current() -> Texts {
    CURRENT
        .with(|c| c.borrow().clone())
        .unwrap_or_else(Texts::base)
}

/// Runs `f` with the current catalogue switched to `code` (the same loaded languages), then
/// switches back, even if `f` panics: for a record written in its session's own language.
pub fn in_language<R>(code: &str, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<Texts>);
    impl Drop for Restore {
        fn drop(&mut self) {
            let before = self.0.take();
            CURRENT.with(|c| *c.borrow_mut() = before);
        }
    }
    let before = CURRENT.with(|c| c.borrow().clone());
    let _restore = Restore(before.clone());
    set_current(before.unwrap_or_else(Texts::base).in_language(code));
    f()
}

/// The text of `key` in the current language. Use [`t!`](crate::t).
pub fn text(key: &str) -> String {
    CURRENT.with(|c| match &*c.borrow() {
        Some(texts) => texts.get(key),
        None => Texts::base().get(key),
    })
}

/// The text of `key` with placeholders, in the current language. Use [`t!`](crate::t).
pub fn text_with(key: &str, args: &Args) -> String {
    CURRENT.with(|c| match &*c.borrow() {
        Some(texts) => texts.get_with(key, args),
        None => Texts::base().get_with(key, args),
    })
}

/// The language the system asks for (`LC_ALL`, `LC_MESSAGES`, `LANG`; the platform's own
/// setting elsewhere), if any.
pub fn system_language() -> Option<String> {
    sys_locale::get_locale()
}

/// A program text in the current language: `t!("prior-no-screening")`, or
/// `t!("prior-stage", stage = value)` for a text with placeholders (`{ $stage }` in the
/// catalogue).
#[macro_export]
macro_rules! t {
    ($key:literal) => {
        $crate::i18n::text($key)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.set(stringify!($name), $value); )+
        $crate::i18n::text_with($key, &args)
    }};
}

/// The language of a catalogue path: `protocols/text/x.ftl` is the base language,
/// `protocols/sv/text/x.ftl` is `sv`.
fn language_of(rest: &str) -> Option<String> {
    let mut parts: Vec<&str> = rest.split('/').collect();
    let _file = parts.pop()?;
    if parts.pop()? != TEXT_DIR {
        return None;
    }
    match parts.as_slice() {
        [] => Some(BASE.to_owned()),
        [code] => Some((*code).to_owned()),
        _ => None,
    }
}

fn bundled_files() -> Vec<TextFile> {
    crate::protocol::bundled_files()
        .filter(|(path, _)| {
            Path::new(path)
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ftl"))
        })
        .filter_map(|(path, text)| {
            let language = language_of(path.strip_prefix("protocols/")?)?;
            Some(TextFile {
                path: PathBuf::from(path),
                language,
                text: text.to_owned(),
                layer: 0,
            })
        })
        .collect()
}

/// `dir/text/*.ftl` and `dir/<lang>/text/*.ftl`: regular files only (a FIFO, a link or a
/// huge file is reported, not read).
fn read_dir_files(dir: &Path) -> (Vec<TextFile>, Vec<Problem>) {
    let mut folders = vec![(dir.join(TEXT_DIR), BASE.to_owned())];
    if let Ok(entries) = std::fs::read_dir(dir) {
        let mut langs: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join(TEXT_DIR).is_dir() && p.file_name().is_some_and(|n| n != TEXT_DIR))
            .collect();
        langs.sort();
        for lang in langs {
            let code = lang
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            folders.push((lang.join(TEXT_DIR), code));
        }
    }
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (folder, language) in folders {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("ftl")))
            .collect();
        paths.sort();
        for path in paths {
            let problem = |message: String| Problem {
                path: path.clone(),
                position: Position::START,
                message,
            };
            match std::fs::symlink_metadata(&path) {
                Ok(m) if !m.file_type().is_file() => {
                    problems.push(problem("not a regular file: not read".to_owned()));
                }
                Ok(m) if m.len() > MAX_FILE => problems.push(problem(format!(
                    "{} bytes: larger than a catalogue can be ({MAX_FILE}); not read",
                    m.len()
                ))),
                Err(e) => problems.push(problem(format!("cannot read: {e}"))),
                Ok(_) => match std::fs::read_to_string(&path) {
                    Ok(text) => files.push(TextFile {
                        path: path.clone(),
                        language: language.clone(),
                        text,
                        layer: 1,
                    }),
                    Err(e) => problems.push(problem(format!("cannot read: {e}"))),
                },
            }
        }
    }
    (files, problems)
}

/// The message ids (keys) a resource defines; terms (`-name`) are not keys.
fn message_ids(resource: &FluentResource) -> Vec<String> {
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// The 1-based line and column of a byte offset.
fn position_at(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Position { line, col }
}
