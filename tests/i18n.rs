//! The program's own words: every key the code asks for exists in the base language, a key a
//! language lacks falls back to the base language and `brief check` lists it, and a broken
//! catalogue is an error with its file, line and column.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use brief::i18n::{self, Languages, TextFile, Texts};

/// Every `t!("key"` in the sources, with where it is used.
fn keys_used() -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("src is readable") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file");
                let mut rest = text.as_str();
                while let Some(at) = rest.find("t!(") {
                    // `t!(`, not the end of `format!(` or `print!(`.
                    let macro_name = !rest[..at]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_');
                    rest = &rest[at + 3..];
                    if !macro_name {
                        continue;
                    }
                    let trimmed = rest.trim_start();
                    if let Some(quoted) = trimmed.strip_prefix('"')
                        && let Some(end) = quoted.find('"')
                    {
                        found.push((quoted[..end].to_owned(), path.clone()));
                    }
                }
            }
        }
    }
    found
}

#[test]
fn every_key_the_program_asks_for_is_in_the_base_language() {
    let languages = i18n::bundled();
    let used = keys_used();
    assert!(
        used.len() > 5,
        "the scan finds the keys in use ({} found)",
        used.len()
    );
    let missing: BTreeSet<String> = used
        .iter()
        .filter(|(key, _)| !languages.has(key))
        .map(|(key, path)| format!("{key} (used in {})", path.display()))
        .collect();
    assert!(
        missing.is_empty(),
        "keys used but not in protocols/text/*.ftl:\n{}",
        missing.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn the_bundled_languages_are_english_and_swedish_and_swedish_is_complete() {
    let languages = i18n::bundled();
    assert_eq!(languages.codes(), ["en", "sv"]);
    assert_eq!(
        languages.missing("sv"),
        Vec::<&str>::new(),
        "every English key has a Swedish text"
    );
    assert_eq!(languages.unknown("sv"), Vec::<&str>::new());
    let sv = Texts::bundled_in("sv-SE");
    assert_eq!(sv.code(), "sv", "sv-SE is served by sv");
    assert_eq!(
        sv.get_with("prior-stage", &{
            let mut a = i18n::Args::new();
            a.set("stage", "kontemplation");
            a
        }),
        "Förändringsfas då: kontemplation"
    );
}

fn file(path: &str, language: &str, text: &str) -> TextFile {
    TextFile {
        path: PathBuf::from(path),
        language: language.to_owned(),
        text: text.to_owned(),
        layer: 0,
    }
}

#[test]
fn a_key_a_language_lacks_is_shown_in_the_base_language_and_listed() {
    let languages = Languages::from_files(
        &[
            file(
                "text/a.ftl",
                "en",
                "greeting = Hello { $name }\nbye = Goodbye\n",
            ),
            file("de/text/a.ftl", "de", "greeting = Hallo { $name }\n"),
        ],
        "test".to_owned(),
    )
    .expect("valid catalogues");
    let de = Texts::new(Arc::new(languages), "de");
    let mut args = i18n::Args::new();
    args.set("name", "Ana");
    assert_eq!(
        de.get_with("greeting", &args),
        "Hallo Ana",
        "no isolation marks"
    );
    assert_eq!(de.get("bye"), "Goodbye", "falls back to English");
    assert_eq!(de.languages().missing("de"), ["bye"]);
    assert_eq!(
        Texts::new(Arc::clone(de.languages()), "fr").code(),
        "en",
        "a language not loaded is shown in English"
    );
}

#[test]
fn a_broken_catalogue_names_its_file_line_and_column_and_a_repeated_key_is_refused() {
    let err = Languages::from_files(
        &[
            file("text/a.ftl", "en", "ok = fine\n\nbroken = { $x\n"),
            file("text/b.ftl", "en", "# again\nok = twice\n"),
        ],
        "test".to_owned(),
    )
    .expect_err("invalid");
    let text = err.to_string();
    assert!(
        text.contains("text/a.ftl:4:1: not valid Fluent: Expected a token starting with \"}\""),
        "placed where the closing brace is missing: {text}"
    );
    assert!(
        text.contains("text/b.ftl:2:1: key \"ok\" is given twice"),
        "repeat: {text}"
    );
}

fn brief() -> Command {
    Command::new(env!("CARGO_BIN_EXE_brief"))
}

/// A copy of the bundled protocol folder, to break.
fn protocols_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("protocols");
    let mut stack = vec![PathBuf::new()];
    while let Some(rel) = stack.pop() {
        for entry in std::fs::read_dir(from.join(&rel)).expect("readable") {
            let entry = entry.expect("entry");
            let rel = rel.join(entry.file_name());
            if entry.path().is_dir() {
                std::fs::create_dir_all(dir.path().join(&rel)).expect("mkdir");
                stack.push(rel);
            } else {
                std::fs::copy(entry.path(), dir.path().join(&rel)).expect("copy");
            }
        }
    }
    dir
}

#[test]
fn a_new_language_folder_needs_no_rebuild_and_brief_check_lists_the_keys_it_lacks() {
    let dir = protocols_copy();
    std::fs::create_dir_all(dir.path().join("nb/text")).expect("a Norwegian folder");
    std::fs::write(
        dir.path().join("nb/text/window.ftl"),
        "prior-goal = Mål da: { $goal }\n",
    )
    .expect("write");
    let out = brief()
        .args(["check"])
        .arg(dir.path())
        .output()
        .expect("brief runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "missing keys do not fail the check: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("text sv    complete"), "{stdout}");
    let nb = stdout
        .lines()
        .find(|l| l.starts_with("text nb "))
        .unwrap_or_else(|| panic!("the new language is loaded: {stdout}"));
    let listed: Vec<&str> = nb
        .split_once("shown in en: ")
        .map(|(_, keys)| keys.split(", ").collect())
        .unwrap_or_default();
    assert!(listed.contains(&"prior-stage"), "its gaps are listed: {nb}");
    assert!(!listed.contains(&"prior-goal"), "what it has is not: {nb}");
}

#[test]
fn the_bundled_folder_checked_by_its_relative_path_is_not_its_own_repeat() {
    // `brief check protocols` from the project folder: the bundle's files and the folder's
    // have the same paths, but the folder is a layer over the bundle, not a second copy.
    let out = brief()
        .args(["check", "protocols"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("brief runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("given twice"), "{stderr}");
}

#[test]
fn an_unknown_language_is_a_usage_error_that_lists_the_languages() {
    let out = brief()
        .args(["--lang", "xx", "sessions", "--data"])
        .arg(tempfile::tempdir().expect("dir").path())
        .output()
        .expect("brief runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no language \"xx\": this brief has en, sv"),
        "{stderr}"
    );
}
