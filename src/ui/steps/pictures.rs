//! The feedback step's pictures, drawn with egui's painter from the same data as the
//! take-home sheet's ([`crate::feedback`]): the zones as a bar with the patient's score
//! marked, and drinks a week against the weekly limit. Large, for the patient to see.

use egui::{Align2, Color32, FontId, Pos2, Rect, Sense, Stroke, StrokeKind, Vec2};

use crate::feedback::{DrinkScale, ZoneScale, range_words};
use crate::t;
use crate::ui::theme;

const BAR: f32 = 34.0;
const LABEL: f32 = 15.0;

fn text_color(ui: &egui::Ui) -> Color32 {
    ui.visuals().strong_text_color()
}

/// The zones as a bar: each segment labelled above and its scores below, a marker at the score.
/// `what` names the picture for screen readers and tests.
pub fn zone_bar(ui: &mut egui::Ui, scale: &ZoneScale, labels: &[String], what: &str) {
    let width = ui.available_width().min(720.0);
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(width, BAR + 3.0 * LABEL + 30.0), Sense::hover());
    let described = t!("pictures-zone-bar", what = what, score = scale.score);
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &described));
    let painter = ui.painter_at(rect.expand(2.0));
    // The labels, then room for the marker above the bar, then the bar and its scores.
    let top = rect.top() + LABEL + 22.0;
    let bar = Rect::from_min_size(Pos2::new(rect.left(), top), Vec2::new(width, BAR));
    let fg = text_color(ui);
    for (seg, label) in scale.segments.iter().zip(labels) {
        let (a, b) = scale.span(seg);
        let r = Rect::from_x_y_ranges(
            bar.left() + a * width..=bar.left() + b * width,
            bar.y_range(),
        );
        painter.rect_filled(r, 0.0, theme::risk_color(seg.risk));
        painter.line_segment(
            [r.left_top(), r.left_bottom()],
            Stroke::new(2.0, ui.visuals().panel_fill),
        );
        painter.text(
            Pos2::new(r.center().x, rect.top()),
            Align2::CENTER_TOP,
            label,
            FontId::proportional(LABEL),
            fg,
        );
        painter.text(
            Pos2::new(r.center().x, bar.bottom() + 4.0),
            Align2::CENTER_TOP,
            range_words((seg.min, Some(seg.max))),
            FontId::proportional(LABEL - 2.0),
            fg,
        );
    }
    let x = bar.left() + scale.position(scale.score) * width;
    painter.line_segment(
        [
            Pos2::new(x, bar.top() - 4.0),
            Pos2::new(x, bar.bottom() + 4.0),
        ],
        Stroke::new(4.0, fg),
    );
    painter.add(egui::Shape::convex_polygon(
        vec![
            Pos2::new(x - 9.0, bar.top() - 14.0),
            Pos2::new(x + 9.0, bar.top() - 14.0),
            Pos2::new(x, bar.top() - 2.0),
        ],
        fg,
        Stroke::NONE,
    ));
    painter.text(
        Pos2::new(x + 12.0, bar.top() - 16.0),
        Align2::LEFT_TOP,
        scale.score.to_string(),
        FontId::proportional(LABEL),
        fg,
    );
}

/// Drinks a week on a scale: the estimate as a band (red over the weekly limit, amber when a
/// day may go over the daily limit, green within both),
/// the limit as a thick line with its number, ticks at each multiple of the limit.
pub fn drinks_bar(ui: &mut egui::Ui, scale: &DrinkScale, you: &str, what: &str) {
    let full = ui.available_width().min(720.0);
    let (rect, response) =
        ui.allocate_exact_size(Vec2::new(full, BAR + 3.0 * LABEL + 10.0), Sense::hover());
    let described = t!(
        "pictures-drinks-bar",
        what = what,
        you = you,
        limit = scale.limit
    );

    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, &described));
    let painter = ui.painter_at(rect.expand(2.0));
    let fg = text_color(ui);
    let top = rect.top() + LABEL + 6.0;
    // Room at both ends for the first and last tick's number.
    let width = full - 2.0 * LABEL;
    let bar = Rect::from_min_size(Pos2::new(rect.left() + LABEL, top), Vec2::new(width, BAR));
    painter.rect_filled(bar, 0.0, ui.visuals().extreme_bg_color);
    painter.rect_stroke(
        bar,
        0.0,
        Stroke::new(1.0, ui.visuals().weak_text_color()),
        StrokeKind::Inside,
    );
    let lo = scale.position(scale.week.0);
    let hi = scale.week.1.map_or(1.0, |h| scale.position(h));
    let colour = theme::risk_color(Some(scale.risk()));
    let band = Rect::from_x_y_ranges(
        bar.left() + lo * width..=bar.left() + (hi.max(lo + 0.012)) * width,
        bar.top() + 5.0..=bar.bottom() - 5.0,
    );
    painter.rect_filled(band, 2.0, colour);
    painter.text(
        Pos2::new(
            (band.left()).min(bar.right() - 200.0).max(bar.left()),
            rect.top(),
        ),
        Align2::LEFT_TOP,
        you,
        FontId::proportional(LABEL),
        fg,
    );
    let lx = bar.left() + scale.position(scale.limit) * width;
    painter.line_segment(
        [
            Pos2::new(lx, bar.top() - 6.0),
            Pos2::new(lx, bar.bottom() + 6.0),
        ],
        Stroke::new(4.0, fg),
    );
    for tick in scale.ticks() {
        let x = bar.left() + scale.position(tick) * width;
        painter.line_segment(
            [Pos2::new(x, bar.bottom()), Pos2::new(x, bar.bottom() + 4.0)],
            Stroke::new(1.0, fg),
        );
        let size = if tick == scale.limit {
            LABEL
        } else {
            LABEL - 3.0
        };
        painter.text(
            Pos2::new(x, bar.bottom() + 6.0),
            Align2::CENTER_TOP,
            tick.to_string(),
            FontId::proportional(size),
            fg,
        );
    }
}
