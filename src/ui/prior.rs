//! The returning patient's banner at the top of the session view: the last visit's result,
//! goal and stage (as copied into this session when it was started), and the change once the
//! same instrument is scored again.

use super::theme;
use crate::protocol::{Protocol, ProtocolSet};
use crate::session::Session;

/// Draws the banner when the session has a previous visit; nothing otherwise.
pub(super) fn banner_ui(ui: &mut egui::Ui, set: &ProtocolSet, protocol: &Protocol, s: &Session) {
    let Some(prior) = &s.prior else {
        return;
    };
    let words = prior.words(set, protocol);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.strong(format!(
                "Returning patient — last visit {} with {}",
                prior.date.format("%Y-%m-%d"),
                prior.clinician
            ));
            for r in &words.results {
                ui.label(r);
            }
            if words.results.is_empty() {
                ui.weak("no screening scored then");
            }
            if let Some(stage) = &words.stage {
                ui.label(format!("Stage then: {stage}"));
            }
        });
        if let Some(goal) = &words.goal {
            ui.label(format!("Goal then: {goal}"));
        }
        if !words.safety.is_empty() {
            ui.colored_label(
                theme::ATTENTION,
                format!("Safety flags then: {}", words.safety.join("; ")),
            );
        }
        let changes = s.changes_since_prior(set);
        if changes.is_empty() && !prior.screenings.is_empty() {
            ui.weak("Score the same instrument again to see the change since then.");
        }
        for c in changes {
            // A meaningful drop is good news; a meaningful rise needs attention.
            let colour = match (c.is_meaningful(), c.delta() < 0) {
                (true, true) => theme::DONE,
                (true, false) => theme::ATTENTION,
                (false, _) => ui.visuals().text_color(),
            };
            ui.colored_label(colour, format!("Change: {}", c.line()));
        }
    });
}
