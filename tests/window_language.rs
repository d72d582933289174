//! The window in another language: the start view, the new-session form and the supervisor's
//! audit found by their Swedish labels, the language chooser switching the window at once and
//! remembering the choice, and the new-session form offering the protocols of the window's
//! language first. Driven by labels through `egui_kittest`.

#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers fail loudly")]

use std::path::{Path, PathBuf};

use brief::audit::scan::CacheMode;
use brief::protocol::{ProtocolSet, SourceFile};
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;

/// An app on the data folder `dir/data` (pins in `dir/pins`), shown in `lang`.
fn window(dir: &Path, set: ProtocolSet, prefs: Prefs, lang: &str) -> Harness<'static, BriefApp> {
    let app = BriefApp::new(set, Store::open(&dir.join("data")).unwrap(), prefs)
        .with_audit_cache(CacheMode::Bypass)
        .with_audit_pins(Some(dir.join("pins")))
        .with_language(brief::i18n::bundled(), lang);
    Harness::builder()
        .with_size([1366.0, 768.0])
        .build_ui_state(|ui, app: &mut BriefApp| app.ui(ui), app)
}

/// Six demo sessions in the data folder, so the audit has figures to show.
fn some_sessions(dir: &Path) {
    let set = ProtocolSet::bundled().unwrap();
    let store = Store::open(&dir.join("data")).unwrap();
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+00:00").unwrap();
    for i in 0..6 {
        store.save(&brief::demo::session(&set, 7, i, end)).unwrap();
    }
}

/// Types into the text field labelled `label`.
fn type_into(h: &mut Harness<'static, BriefApp>, label: &str, text: &str) {
    let field = h.get_by_role_and_label(Role::TextInput, label);
    field.focus();
    field.type_text(text);
    h.run_ok();
}

fn click(h: &mut Harness<'static, BriefApp>, label: &str) {
    h.get_by_label(label).click();
    h.run_ok();
}

/// Opens the supervisor's audit by its button and waits for the folder to be read.
fn open_audit(h: &mut Harness<'static, BriefApp>, button: &str) {
    click(h, button);
    for _ in 0..500 {
        if !h.state().is_loading() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
        h.step();
    }
    assert!(!h.state().is_loading(), "the folder is read within seconds");
    h.run_ok();
}

/// Chooses `name` in the language chooser labelled `chooser`.
fn choose_language(h: &mut Harness<'static, BriefApp>, chooser: &str, name: &str) {
    h.get_by_role_and_label(Role::ComboBox, chooser).click();
    h.run_ok();
    h.get_by_label(name).click();
    h.run_ok();
}

#[test]
fn the_window_in_swedish_is_found_by_its_swedish_labels_and_the_chooser_switches_to_english() {
    let dir = tempfile::tempdir().unwrap();
    some_sessions(dir.path());
    let mut h = window(
        dir.path(),
        ProtocolSet::bundled().unwrap(),
        Prefs::default(),
        "sv",
    );
    h.run_ok();
    assert_eq!(h.state().language(), "sv", "--lang sv is honoured");

    // The start view.
    for label in [
        "Nytt samtal…",
        "Granskning för handledare…",
        "Sök",
        "Större text",
    ] {
        assert!(h.query_by_label(label).is_some(), "start view: {label}");
    }
    assert!(
        h.query_by_label_contains("Samtal de senaste 3 månaderna: ")
            .is_some(),
        "the sessions table's heading, with its numbers in place"
    );
    assert!(
        h.query_by_label("New session…").is_none(),
        "no English left"
    );
    let chooser = h.get_by_role_and_label(Role::ComboBox, "Språk");
    assert_eq!(
        chooser.value().as_deref(),
        Some("Svenska"),
        "the chooser shows the language by its own name"
    );

    // The new-session form.
    click(&mut h, "Nytt samtal…");
    for label in [
        "Nytt samtal",
        "Patientreferens",
        "Kön (för instrumentens gränsvärden)",
    ] {
        assert!(
            h.query_by_label(label).is_some(),
            "new-session form: {label}"
        );
    }
    type_into(&mut h, "Ålder", "fyrtio");
    assert!(
        h.query_by_label("Åldern ska anges i hela år").is_some(),
        "the form's error message in Swedish"
    );
    click(&mut h, "Avbryt");

    // The supervisor's audit.
    open_audit(&mut h, "Granskning för handledare…");
    for label in [
        "Granskning för handledare",
        "Täckning per komponent",
        "Status: Avslutade",
        "Återställ filter",
        "Exportera CSV…",
    ] {
        assert!(h.query_by_label(label).is_some(), "audit: {label}");
    }
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "Behandlare")
            .is_some(),
        "the clinician filter"
    );
    assert!(
        h.query_by_label_contains("Samtal där en komponent saknas:")
            .is_some(),
        "the list of sessions to review"
    );
    assert!(
        h.query_by_label("Coverage per component").is_none(),
        "no English heading in the Swedish audit"
    );
    click(&mut h, "« Start");

    // Switch to English with the chooser: at once, and remembered.
    choose_language(&mut h, "Språk", "English");
    assert_eq!(h.state().language(), "en", "the window switched");
    assert_eq!(
        h.state().prefs.language.as_deref(),
        Some("en"),
        "the choice is kept in the preferences"
    );
    for label in ["New session…", "Supervisor audit…", "Search", "Larger text"] {
        assert!(
            h.query_by_label(label).is_some(),
            "English start view: {label}"
        );
    }
    assert!(
        h.query_by_label("Nytt samtal…").is_none(),
        "no Swedish left on the start view"
    );
    assert!(
        h.query_by_role_and_label(Role::ComboBox, "Language")
            .is_some(),
        "the chooser is labelled in the new language"
    );
    open_audit(&mut h, "Supervisor audit…");
    assert!(
        h.query_by_label("Coverage per component").is_some(),
        "the audit in English"
    );
    assert!(
        h.query_by_label("Täckning per komponent").is_none(),
        "without its Swedish heading"
    );
    click(&mut h, "« Start");

    // And back to Swedish: the choice is what a window opened next starts in.
    choose_language(&mut h, "Language", "Svenska");
    assert_eq!(
        h.state().prefs.language.as_deref(),
        Some("sv"),
        "the new choice replaces the old"
    );
    let prefs = h.state().prefs.clone();
    let reopened = BriefApp::new(
        ProtocolSet::bundled().unwrap(),
        Store::open(&dir.path().join("data")).unwrap(),
        prefs,
    );
    assert_eq!(
        reopened.language(),
        "sv",
        "the saved choice opens the window"
    );
}

#[test]
fn the_chooser_lists_every_loaded_language_by_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(
        dir.path(),
        ProtocolSet::bundled().unwrap(),
        Prefs::default(),
        "en",
    );
    h.run_ok();
    h.get_by_role_and_label(Role::ComboBox, "Language").click();
    h.run_ok();
    let languages = brief::i18n::bundled();
    for code in languages.codes() {
        let name = languages.name(code);
        assert_ne!(name, code, "{code} has a language-name");
        assert!(
            h.query_all_by_label(&name).next().is_some(),
            "{name} is offered"
        );
    }
    assert_eq!(languages.name("sv"), "Svenska", "Swedish by its own name");
    assert_eq!(
        languages.name("xx"),
        "xx",
        "an unloaded language is its code"
    );
}

/// The bundled protocols and instruments, plus a copy of the brief-intervention protocol in
/// Swedish (id `brief_intervention_sv`).
fn set_with_a_swedish_protocol() -> (ProtocolSet, String) {
    let mut files: Vec<SourceFile> = brief::protocol::bundled_files()
        .filter(|(path, _)| {
            let rest = path.strip_prefix("protocols/").unwrap_or(path);
            let name = rest.strip_prefix("instruments/").unwrap_or(rest);
            Path::new(path).extension().is_some_and(|e| e == "ron") && !name.contains('/')
        })
        .map(|(path, text)| SourceFile {
            path: PathBuf::from(path),
            text: text.to_owned(),
            is_instrument: path.contains("/instruments/"),
        })
        .collect();
    let english = files
        .iter()
        .find(|f| f.path.ends_with("brief_intervention.ron"))
        .unwrap();
    let title = "Kort intervention (testkopia)".to_owned();
    let swedish = english
        .text
        .replacen(
            "id: \"brief_intervention\"",
            "id: \"brief_intervention_sv\"",
            1,
        )
        .replacen("language: \"en\"", "language: \"sv\"", 1)
        .replacen(
            "title: \"Brief intervention for alcohol and drug use (TIP 34 and FRAMES)\"",
            &format!("title: \"{title}\""),
            1,
        );
    assert_ne!(swedish, english.text, "the copy is changed");
    files.push(SourceFile {
        path: PathBuf::from("protocols/sv/brief_intervention.ron"),
        text: swedish,
        is_instrument: false,
    });
    (
        ProtocolSet::from_files(&files, "test protocols".to_owned()).unwrap(),
        title,
    )
}

#[test]
fn the_new_session_form_offers_the_protocols_of_the_windows_language_first() {
    let (set, title) = set_with_a_swedish_protocol();
    let english = set.default_protocol().title.clone();

    // In Swedish: the Swedish protocol is the one a new session follows.
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(dir.path(), set.clone(), Prefs::default(), "sv");
    h.run_ok();
    assert!(
        h.query_by_label(&title).is_some(),
        "the start view names it"
    );
    click(&mut h, "Nytt samtal…");
    assert!(
        h.query_all_by_label_contains(&english).next().is_none(),
        "the English protocols are not offered in a Swedish window"
    );
    type_into(&mut h, "Behandlar-id", "c-lind");
    type_into(&mut h, "Patientreferens", "p-1");
    click(&mut h, "Starta samtal");
    assert_eq!(
        h.state().session().unwrap().protocol.id,
        "brief_intervention_sv",
        "the session follows the Swedish protocol"
    );

    // In English: the English protocols, and not the Swedish one.
    let dir = tempfile::tempdir().unwrap();
    let mut h = window(dir.path(), set, Prefs::default(), "en");
    h.run_ok();
    click(&mut h, "New session…");
    assert!(
        h.query_by_role_and_label(Role::RadioButton, &format!("{english} — with a patient"))
            .is_some(),
        "the English brief intervention is offered"
    );
    assert!(
        h.query_all_by_label_contains(&title).next().is_none(),
        "the Swedish protocol is not offered in an English window"
    );
}

#[test]
fn counted_words_keep_their_english_and_take_the_swedish_plural() {
    let text = |lang: &str, key: &str, n: i64| {
        let mut args = brief::i18n::Args::new();
        args.set("days", n);
        args.set("count", n);
        args.set("date", "2026-11-02");
        args.set("clinician", "c-lee");
        brief::i18n::Texts::bundled_in(lang).get_with(key, &args)
    };
    for (lang, n, want) in [
        ("en", 1, "overdue 1 day"),
        ("en", 12, "overdue 12 days"),
        ("sv", 1, "1 dag försenad"),
        ("sv", 12, "12 dagar försenad"),
    ] {
        assert_eq!(text(lang, "start-overdue", n), want, "{lang}, {n} days");
    }
    assert_eq!(
        text("en", "start-form-returning", 1),
        "Returning patient: 1 earlier session, the last on 2026-11-02 with c-lee. Its result, \
         goal and stage are shown at the top of the new session.",
        "the English wording as before, singular"
    );
    assert!(
        text("en", "start-form-returning", 2).starts_with("Returning patient: 2 earlier sessions,"),
        "and plural"
    );
}

#[test]
fn a_swedish_supervisor_opens_on_the_swedish_protocols_report_not_the_english_one() {
    let dir = tempfile::tempdir().unwrap();
    some_sessions(dir.path());
    let set = ProtocolSet::bundled().unwrap();
    let sv = set.protocol("brief_intervention_sv").unwrap();
    let store = Store::open(&dir.path().join("data")).unwrap();
    let at = chrono::DateTime::parse_from_rfc3339("2026-11-26T09:00:00+01:00").unwrap();
    let mut session = brief::session::Session::for_protocol(
        brief::session::SessionId::new(at.to_utc()),
        "c-lind",
        "P-9001",
        brief::scoring::Profile::default(),
        sv,
        at,
    );
    session
        .apply(
            brief::session::Change::SetInterventionLevel(Some("enkla_rad".to_owned())),
            at + chrono::Duration::minutes(10),
        )
        .unwrap();
    session
        .apply(
            brief::session::Change::Close {
                reason: Some("Kort samtal i receptionen".to_owned()),
            },
            at + chrono::Duration::minutes(12),
        )
        .unwrap();
    store.save(&session).unwrap();
    let mut h = window(dir.path(), set.clone(), Prefs::default(), "sv");
    open_audit(&mut h, "Granskning för handledare…");
    let shown = |h: &Harness<'static, BriefApp>, text: &str| {
        h.query_all_by_label_contains(text).next().is_some()
    };
    assert!(
        shown(&h, "1 samtal"),
        "the report counts the one Swedish session, not the six English ones"
    );
    assert!(
        !shown(&h, "6 samtal"),
        "the English sessions are not in the Swedish report"
    );
    assert!(
        shown(&h, "Insatsnivå (avslutade samtal)")
            && shown(&h, "Enkla råd")
            && shown(&h, "1 (100 %)"),
        "the levels of the closed sessions, by the protocol's names"
    );
}
