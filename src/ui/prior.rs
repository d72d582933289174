//! The returning patient's banner at the top of the session view: the last visit's result,
//! goal and stage (as copied into this session when it was started), and the change once the
//! same instrument is scored again.

use super::theme;
use crate::protocol::{Protocol, ProtocolSet};
use crate::session::Session;
use crate::{i18n, t};

/// Draws the banner when the session has a previous visit; nothing otherwise.
pub(super) fn banner_ui(ui: &mut egui::Ui, set: &ProtocolSet, protocol: &Protocol, s: &Session) {
    let Some(prior) = &s.prior else {
        return;
    };
    let words = prior.words(set, protocol);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.horizontal_wrapped(|ui| {
            ui.strong(t!(
                "prior-returning",
                date = i18n::current().date(&prior.date),
                clinician = &prior.clinician
            ));
            for r in &words.results {
                ui.label(r);
            }
            if words.results.is_empty() {
                ui.weak(t!("prior-no-screening"));
            }
            if let Some(stage) = &words.stage {
                ui.label(t!("prior-stage", stage = stage));
            }
        });
        if let Some(goal) = &words.goal {
            ui.label(t!("prior-goal", goal = goal));
        }
        if !words.safety.is_empty() {
            ui.colored_label(
                theme::ATTENTION,
                t!("prior-safety", flags = words.safety.join("; ")),
            );
        }
        let changes = s.changes_since_prior(set);
        if changes.is_empty() && !prior.screenings.is_empty() {
            ui.weak(t!("prior-score-again"));
        }
        for c in changes {
            // A meaningful drop is good news; a meaningful rise needs attention.
            let colour = match (c.is_meaningful(), c.delta() < 0) {
                (true, true) => theme::DONE,
                (true, false) => theme::ATTENTION,
                (false, _) => ui.visuals().text_color(),
            };
            ui.colored_label(colour, t!("prior-change", change = c.line()));
        }
    });
}
