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

/// The frame and heading colour of a safety flag, by its severity: urgent red, warning orange,
/// advisory blue.
pub fn severity_color(severity: crate::protocol::Severity) -> Color32 {
    match severity {
        crate::protocol::Severity::Urgent => Color32::from_rgb(200, 30, 30),
        crate::protocol::Severity::Warning => Color32::from_rgb(230, 120, 0),
        crate::protocol::Severity::Advisory => Color32::from_rgb(30, 100, 200),
    }
}

/// The fill behind a safety flag, a pale tint of its severity colour.
pub fn severity_fill(severity: crate::protocol::Severity, dark: bool) -> Color32 {
    let c = severity_color(severity);
    if dark {
        Color32::from_rgb(c.r() / 4, c.g() / 4, c.b() / 4)
    } else {
        Color32::from_rgb(
            255 - (255 - c.r()) / 8,
            255 - (255 - c.g()) / 8,
            255 - (255 - c.b()) / 8,
        )
    }
}

/// An answered safety flag.
pub const ANSWERED: Color32 = DONE;

/// The frame of a question still to ask (the pregnancy question while not asked).
pub const ATTENTION: Color32 = Color32::from_rgb(230, 120, 0);

/// Text greyed out because it does not apply to this patient.
pub const NOT_FOR_PATIENT: Color32 = Color32::from_rgb(140, 140, 140);

/// The window's fonts: egui's own, with its monospace font as the last fallback of the
/// proportional one, which lacks some signs the notes use (the arrow in "7 → 4").
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let mono = fonts
        .families
        .get(&egui::FontFamily::Monospace)
        .and_then(|f| f.first())
        .cloned();
    if let (Some(mono), Some(proportional)) = (
        mono,
        fonts.families.get_mut(&egui::FontFamily::Proportional),
    ) && !proportional.contains(&mono)
    {
        proportional.push(mono);
    }
    ctx.set_fonts(fonts);
}

/// Colour for a risk level on the feedback pictures (the same green, amber and red as the
/// take-home sheet); grey for a zone without one.
pub fn risk_color(risk: Option<crate::protocol::RiskLevel>) -> Color32 {
    match risk {
        Some(crate::protocol::RiskLevel::Low) => Color32::from_rgb(77, 168, 97),
        Some(crate::protocol::RiskLevel::Moderate) => Color32::from_rgb(242, 179, 56),
        Some(crate::protocol::RiskLevel::High) => Color32::from_rgb(209, 69, 56),
        None => Color32::from_rgb(166, 166, 166),
    }
}
