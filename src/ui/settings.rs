//! Where the window keeps its own settings: the platform config folder, owner-only.
//!
//! eframe saves the window size, egui's memory and [`Prefs`] in one RON file. By
//! default it puts that file in the platform *data* folder, which for brief is the folder of
//! session records; and it creates it with the umask's mode (0644 on most systems). Here the
//! file lives in the config folder (`~/.config/brief/app.ron` on Linux), the folder is 0700 and
//! the file is created 0600 before eframe first opens it: eframe rewrites it with
//! `File::create`, which truncates an existing file and keeps its mode.

use std::ffi::OsString;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// UI preferences kept between runs (clinical data never goes here).
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(default)]
pub struct Prefs {
    /// The clinician id last used, offered for the next session.
    pub clinician: String,
    /// The size of text (and of everything with it) against the normal size: 1.0 is normal.
    pub text_scale: f32,
    /// The language chosen in the window (none: `--lang`, else the system's).
    #[serde(default)]
    pub language: Option<String>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            clinician: String::new(),
            text_scale: 1.0,
            language: None,
        }
    }
}

impl Prefs {
    /// The smallest text size offered.
    pub const MIN_TEXT_SCALE: f32 = 0.8;
    /// The largest text size offered (a consulting room screen read from across the desk).
    pub const MAX_TEXT_SCALE: f32 = 2.0;

    /// `scale` one step (a tenth) larger or smaller (`steps` below 0), within the range.
    pub fn step_text_scale(scale: f32, steps: i32) -> f32 {
        let tenths = (scale * 10.0).round() + steps as f32;
        (tenths / 10.0).clamp(Self::MIN_TEXT_SCALE, Self::MAX_TEXT_SCALE)
    }

    /// The text size kept, or the normal size when the settings file holds something odd.
    pub fn text_scale(&self) -> f32 {
        if self.text_scale.is_finite() {
            self.text_scale
                .clamp(Self::MIN_TEXT_SCALE, Self::MAX_TEXT_SCALE)
        } else {
            1.0
        }
    }
}

/// Overrides the config folder (tests, and machines whose home is not writable).
pub const CONFIG_DIR_ENV: &str = "BRIEF_CONFIG_DIR";

/// The settings file's name in the config folder.
pub const SETTINGS_FILE: &str = "app.ron";

/// The config folder: `$BRIEF_CONFIG_DIR` if set, else the platform's preference folder for
/// brief: `~/.config/brief` on Linux, `…\AppData\Roaming\brief\brief\config` on Windows and
/// `~/Library/Preferences/org.brief.brief` on macOS, where the plain config folder would be the
/// data folder itself. `None` when there is neither.
pub fn config_dir() -> Option<PathBuf> {
    config_dir_from(std::env::var_os(CONFIG_DIR_ENV))
}

/// [`config_dir`] with the override given (so tests need not set the environment).
pub fn config_dir_from(env: Option<OsString>) -> Option<PathBuf> {
    match env {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("org", "brief", "brief")
            .map(|d| d.preference_dir().to_path_buf()),
    }
}

/// Where earlier builds let eframe write the settings: `app.ron` in the platform data folder,
/// the default folder of session records. `None` when the config folder is overridden (a test
/// or a special set-up never reaches into the real home) or there is no home.
pub fn legacy_file() -> Option<PathBuf> {
    if std::env::var_os(CONFIG_DIR_ENV).is_some_and(|d| !d.is_empty()) {
        return None;
    }
    eframe::storage_dir("brief").map(|d| d.join(SETTINGS_FILE))
}

/// Makes `dir` (0700) and `dir/app.ron` (0600) ready for eframe, and returns the file.
///
/// A settings file at `legacy` (the data folder, from earlier builds) is moved here when there
/// is none yet, so the clinician id offered for the next session survives the move, and the
/// data folder is left holding only sessions.
pub fn prepare(dir: &Path, legacy: Option<&Path>) -> io::Result<PathBuf> {
    crate::store::create_private_dir(dir).map_err(io::Error::other)?;
    restrict(dir, 0o700)?;
    let file = dir.join(SETTINGS_FILE);
    if !file.exists() {
        match legacy.filter(|l| l.is_file()) {
            Some(old) => move_file(old, &file)?,
            // An empty map: eframe reads it as "nothing saved yet".
            None => create_private_file(&file, b"{}\n")?,
        }
    }
    restrict(&file, 0o600)?;
    Ok(file)
}

/// Moves a file, across file systems if need be.
fn move_file(from: &Path, to: &Path) -> io::Result<()> {
    if std::fs::rename(from, to).is_ok() {
        return Ok(());
    }
    let bytes = std::fs::read(from)?;
    create_private_file(to, &bytes)?;
    std::fs::remove_file(from)
}

/// Creates `path` with owner-only permissions from the start (no window where it is 0644).
fn create_private_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
}

/// Sets the permission bits (Unix; elsewhere the user's profile folder is already private).
fn restrict(path: &Path, mode: u32) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = (path, mode);
        Ok(())
    }
}

/// The window's options; `settings` is the file from [`prepare`], or `None` to keep nothing
/// (eframe would otherwise fall back to the data folder).
pub fn native_options(title: &str, settings: Option<PathBuf>) -> eframe::NativeOptions {
    eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(title)
            .with_inner_size([1300.0, 740.0])
            .with_min_inner_size([960.0, 600.0]),
        persist_window: settings.is_some(),
        persistence_path: settings,
        ..Default::default()
    }
}

/// Re-applies 0600 after eframe's last save (in case the file was replaced meanwhile).
pub(super) fn after_exit(settings: Option<&Path>) {
    if let Some(file) = settings.filter(|f| f.exists())
        && let Err(e) = restrict(file, 0o600)
    {
        eprintln!("warning: cannot make {} private: {e}", file.display());
    }
}
