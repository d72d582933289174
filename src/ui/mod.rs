//! The window: the start view, the clinician's session view, and the eframe shell.
//!
//! [`BriefApp::ui`] draws the whole app into any `Ui`, so the kittest tests drive exactly what
//! the window shows. Views never change a session directly: they push [`Change`](crate::session::Change)s that
//! `Session::apply` checks, and every change is saved by the store within a second.
//! No clinical wording is written here; it all comes from the protocol files.

mod case;
mod new_session;
mod prior;
mod session_view;
pub mod settings;
mod start;
mod steps;
mod supervisor;
pub mod theme;
mod widgets;

use std::time::{Duration, Instant};

use crate::protocol::ProtocolSet;
use crate::session::{Session, Timestamp};
use crate::store::Store;

pub use session_view::SessionView;
pub use settings::Prefs;
pub use start::{StartNext, StartView};
pub use supervisor::SupervisorView;

/// Where the closing step writes take-home sheets, and whether it opens them.
#[derive(Clone, Debug)]
pub struct HandoutOutput {
    /// The folder (none: no folder outside the data folder could be found).
    pub dir: Option<std::path::PathBuf>,
    /// Open each sheet with the system's PDF viewer once written.
    pub open: bool,
}

/// What is on screen.
enum View {
    Start(Box<StartView>),
    Session(Box<SessionView>),
    Supervisor(Box<SupervisorView>),
}

/// The whole application, independent of eframe.
pub struct BriefApp {
    set: ProtocolSet,
    store: Store,
    /// Remembered preferences.
    pub prefs: Prefs,
    view: View,
    clock_base: Instant,
    clock: Box<dyn Fn() -> Timestamp>,
    audit_cache: crate::audit::scan::CacheMode,
    audit_pins: Option<std::path::PathBuf>,
    fonts_installed: bool,
    handouts: HandoutOutput,
    texts: crate::i18n::Texts,
}

impl BriefApp {
    /// A new app on a data folder, showing the start view.
    pub fn new(set: ProtocolSet, store: Store, prefs: Prefs) -> Self {
        let start = StartView::new(&set, &store);
        let texts =
            crate::i18n::Texts::bundled_in(prefs.language.as_deref().unwrap_or(crate::i18n::BASE));
        Self {
            texts,
            set,
            prefs,
            view: View::Start(Box::new(start)),
            clock_base: Instant::now(),
            clock: Box::new(|| chrono::Local::now().fixed_offset()),
            audit_cache: crate::audit::scan::CacheMode::Use,
            audit_pins: crate::audit::pins::default_pins_dir(),
            fonts_installed: false,
            handouts: HandoutOutput {
                dir: crate::handout::default_dir(store.root()),
                open: true,
            },
            store,
        }
    }

    /// Where take-home sheets are written, and whether they are opened (tests write to a
    /// folder of their own and open nothing).
    pub fn with_handouts(mut self, handouts: HandoutOutput) -> Self {
        self.handouts = handouts;
        self
    }

    /// Shows the window in `code` from `languages` (the base language if `code` is not loaded),
    /// as `--lang` does; the language chooser changes it and remembers the choice.
    #[must_use]
    pub fn with_language(
        mut self,
        languages: std::sync::Arc<crate::i18n::Languages>,
        code: &str,
    ) -> Self {
        self.texts = crate::i18n::Texts::new(languages, code);
        self
    }

    /// The language the window is shown in.
    pub fn language(&self) -> &str {
        self.texts.code()
    }

    /// Replaces the wall clock (for tests that check times).
    pub fn with_clock(mut self, clock: impl Fn() -> Timestamp + 'static) -> Self {
        self.clock = Box::new(clock);
        self
    }

    /// Whether the supervisor view uses the summary cache (tests bypass it).
    pub fn with_audit_cache(mut self, cache: crate::audit::scan::CacheMode) -> Self {
        self.audit_cache = cache;
        self
    }

    /// Where the supervisor view keeps the audit's pins (none: no pins; tests use their own).
    pub fn with_audit_pins(mut self, pins: Option<std::path::PathBuf>) -> Self {
        self.audit_pins = pins;
        self
    }

    /// The session being edited, if any.
    pub fn session(&self) -> Option<&Session> {
        match &self.view {
            View::Session(view) => Some(view.session()),
            View::Start(_) | View::Supervisor(_) => None,
        }
    }

    /// Opens a session by id, as "Resume" or "View" on the start view does.
    pub fn open_session(
        &mut self,
        id: &crate::session::SessionId,
    ) -> Result<(), crate::store::StoreError> {
        self.view = View::Session(Box::new(SessionView::open(&self.store, id)?));
        Ok(())
    }

    /// Opens the supervisor's audit of the data folder.
    pub fn open_supervisor(&mut self, ctx: &egui::Context) {
        self.view = View::Supervisor(Box::new(SupervisorView::new(
            ctx,
            self.store.root(),
            self.audit_cache,
            self.audit_pins.clone(),
        )));
    }

    /// True while the supervisor view or the start view's follow-ups are reading the folder.
    pub fn is_loading(&self) -> bool {
        match &self.view {
            View::Supervisor(audit) => audit.is_loading(),
            View::Start(start) => start.is_loading(),
            View::Session(_) => false,
        }
    }

    /// The data folder.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Draws the app and applies what the user did; saves changes when due.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        // egui's clock: real time in the window, simulated time in tests.
        let instant = self.clock_base + Duration::from_secs_f64(ui.input(|i| i.time).max(0.0));
        let now = (self.clock)();
        if !self.fonts_installed {
            theme::install_fonts(ui.ctx());
            self.fonts_installed = true;
        }
        text_size(ui.ctx(), &mut self.prefs);
        crate::i18n::set_current(self.texts.clone());
        let Self {
            set,
            store,
            prefs,
            view,
            audit_cache,
            audit_pins,
            handouts,
            texts,
            ..
        } = self;
        let next = match view {
            View::Start(start) => {
                start
                    .ui(ui, set, store, prefs, now)
                    .and_then(|next| match next {
                        StartNext::Session(session) => Some(View::Session(session)),
                        StartNext::Supervisor => {
                            Some(View::Supervisor(Box::new(SupervisorView::new(
                                ui.ctx(),
                                store.root(),
                                *audit_cache,
                                audit_pins.clone(),
                            ))))
                        }
                        StartNext::Language(code) => {
                            // The next frame is drawn in the new language; the choice is kept.
                            *texts = texts.in_language(&code);
                            prefs.language = Some(texts.code().to_owned());
                            crate::i18n::set_current(texts.clone());
                            ui.ctx().request_repaint();
                            None
                        }
                    })
            }
            View::Supervisor(audit) => audit
                .ui(ui, set)
                .then(|| View::Start(Box::new(StartView::new(set, store)))),
            View::Session(session) => session
                .ui(ui, set, store, handouts, now, instant)
                .then(|| View::Start(Box::new(StartView::new(set, store)))),
        };
        if let Some(next) = next {
            *view = next;
        }
    }

    /// Saves the open session now (on quit).
    pub fn save_now(&mut self) -> Result<(), String> {
        match &mut self.view {
            View::Session(session) => session.save_now(&self.store, Instant::now()),
            View::Start(_) | View::Supervisor(_) => Ok(()),
        }
    }
}

/// Ctrl + / Ctrl − / Ctrl 0 change the text size kept in `prefs`, which is applied to the whole
/// window (egui's own zoom keys are off, so there is one text size, the one remembered).
fn text_size(ctx: &egui::Context, prefs: &mut Prefs) {
    use egui::{Key, KeyboardShortcut, Modifiers};
    let key = |k: Key| KeyboardShortcut::new(Modifiers::COMMAND, k);
    ctx.options_mut(|o| o.zoom_with_keyboard = false);
    let (larger, smaller, reset) = ctx.input_mut(|i| {
        (
            i.consume_shortcut(&key(Key::Plus)) || i.consume_shortcut(&key(Key::Equals)),
            i.consume_shortcut(&key(Key::Minus)),
            i.consume_shortcut(&key(Key::Num0)),
        )
    });
    if reset {
        prefs.text_scale = 1.0;
    } else if larger {
        prefs.text_scale = Prefs::step_text_scale(prefs.text_scale(), 1);
    } else if smaller {
        prefs.text_scale = Prefs::step_text_scale(prefs.text_scale(), -1);
    }
    let scale = prefs.text_scale();
    if (ctx.zoom_factor() - scale).abs() > f32::EPSILON {
        ctx.set_zoom_factor(scale);
    }
}

/// The eframe shell around [`BriefApp`].
pub struct EframeApp {
    app: BriefApp,
    /// False when there is no private settings file: nothing is kept between runs.
    persist: bool,
    /// For the start-up benchmark: close after the first frame.
    quit_after_first_frame: bool,
}

const PREFS_KEY: &str = "brief-prefs";

impl EframeApp {
    /// Builds the app, restoring preferences.
    pub fn new(
        cc: &eframe::CreationContext<'_>,
        set: ProtocolSet,
        store: Store,
        persist: bool,
        languages: &std::sync::Arc<crate::i18n::Languages>,
        lang: Option<String>,
    ) -> Self {
        let prefs = cc
            .storage
            .filter(|_| persist)
            .and_then(|s| eframe::get_value::<Prefs>(s, PREFS_KEY))
            .unwrap_or_default();
        let quit_after_first_frame = std::env::var_os("BRIEF_QUIT_AFTER_FIRST_FRAME").is_some();
        // `--lang`, else the language chosen in the window, else the system's.
        let code = lang
            .or_else(|| prefs.language.clone())
            .or_else(crate::i18n::system_language)
            .unwrap_or_else(|| crate::i18n::BASE.to_owned());
        Self {
            app: BriefApp::new(set, store, prefs)
                .with_language(std::sync::Arc::clone(languages), &code),
            persist,
            quit_after_first_frame,
        }
    }
}

impl eframe::App for EframeApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.app.ui(ui);
        if self.quit_after_first_frame {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if self.persist {
            eframe::set_value(storage, PREFS_KEY, &self.app.prefs);
        }
    }

    fn persist_egui_memory(&self) -> bool {
        self.persist
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Err(e) = self.app.save_now() {
            eprintln!("error: the open session could not be saved on exit: {e}");
        }
    }
}

/// Opens the window. Its settings go to the config folder ([`settings`]), never to the data
/// folder; if that folder cannot be made private, nothing is kept between runs.
pub fn run(
    set: ProtocolSet,
    store: Store,
    title: &str,
    languages: std::sync::Arc<crate::i18n::Languages>,
    lang: Option<String>,
) -> Result<(), eframe::Error> {
    let settings = if let Some(dir) = settings::config_dir() {
        settings::prepare(&dir, settings::legacy_file().as_deref())
            .map_err(|e| {
                eprintln!(
                    "warning: window settings will not be kept: cannot prepare {}: {e}",
                    dir.display()
                );
            })
            .ok()
    } else {
        eprintln!("warning: window settings will not be kept: no config folder");
        None
    };
    let persist = settings.is_some();
    let options = settings::native_options(title, settings.clone());
    let result = eframe::run_native(
        "brief",
        options,
        Box::new(move |cc| {
            Ok(Box::new(EframeApp::new(
                cc, set, store, persist, &languages, lang,
            )))
        }),
    );
    settings::after_exit(settings.as_deref());
    result
}
