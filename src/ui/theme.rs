//! Colours and small visual constants. Colours are only declared here.

use egui::Color32;

/// Colour for a zone, by its position in the instrument's zone list (0 = lowest risk).
pub fn zone_color(index: usize, count: usize) -> Color32 {
    let top = count.saturating_sub(1).max(1);
    match (index * 3) / top {
        0 => Color32::from_rgb(46, 139, 87),
        1 => Color32::from_rgb(214, 160, 20),
        2 => Color32::from_rgb(226, 110, 30),
        _ => Color32::from_rgb(200, 40, 40),
    }
}

/// A delivered component or a finished step.
pub const DONE: Color32 = Color32::from_rgb(46, 139, 87);

/// Something missing or skipped.
pub const MISSING: Color32 = Color32::from_rgb(200, 120, 30);

/// The save-failure banner.
pub const ERROR_BG: Color32 = Color32::from_rgb(150, 30, 30);

/// Text on the banner.
pub const ERROR_FG: Color32 = Color32::WHITE;
