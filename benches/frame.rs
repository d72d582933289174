//! Per-frame CPU of the clinician's session view with a realistic session, headless: the UI
//! pass plus tessellation (everything but the GPU upload).
//!
//! `cargo bench --bench frame`

use brief::protocol::ProtocolSet;
use brief::session::Change;
use brief::store::Store;
use brief::ui::{BriefApp, Prefs};
use criterion::{Criterion, criterion_group, criterion_main};

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1366.0, 768.0),
        )),
        ..Default::default()
    }
}

/// An app with a realistic open session on `step`.
fn app_on(dir: &std::path::Path, step: &str) -> BriefApp {
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    let store = Store::open(dir).expect("a store");
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+00:00").expect("a time");
    // A generated session, reopened so it can be worked on again.
    let mut session = brief::demo::session(&set, 34, 7, end);
    session.status = brief::session::Status::Open;
    session.closed = None;
    session.content_hash = None;
    session
        .apply(Change::EnterStep(step.to_owned()), end)
        .expect("enter step");
    store.save(&session).expect("saved");
    let mut app = BriefApp::new(set, store, Prefs::default());
    app.open_session(&session.id).expect("opened");
    app
}

fn frames(c: &mut Criterion) {
    for step in ["screen", "goals", "closure"] {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut app = app_on(dir.path(), step);
        let ctx = egui::Context::default();
        // Warm up: fonts, layout caches.
        for _ in 0..5 {
            let _ = ctx.run_ui(input(), |ui| app.ui(ui));
        }
        c.bench_function(&format!("session view frame, {step} step"), |b| {
            b.iter(|| {
                // What eframe does every frame before painting: run the UI, then tessellate.
                let output = ctx.run_ui(input(), |ui| app.ui(ui));
                let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
                std::hint::black_box(primitives.len())
            });
        });
    }
}

/// The supervisor view with 100,000 sessions loaded: the report is built once (as after a
/// filter change), then each frame only draws it (target: ≤ 2 ms).
fn supervisor_frames(c: &mut Criterion) {
    use brief::audit::SessionSummary;
    let set = ProtocolSet::bundled().expect("bundled protocols load");
    let end = chrono::DateTime::parse_from_rfc3339("2026-11-25T12:00:00+00:00").expect("a time");
    let summaries: Vec<SessionSummary> = (0..100_000)
        .map(|i| {
            let s = brief::demo::session(&set, 34, i, end);
            let text = brief::store::to_ron(&s).expect("writes");
            brief::audit::scan::summarize_text(
                std::path::PathBuf::from(format!("{}.ron", s.id)),
                &text,
            )
            .expect("summarises")
        })
        .collect();
    let mut view = brief::ui::SupervisorView::from_summaries(
        std::path::Path::new("/tmp"),
        summaries,
        Vec::new(),
    );
    let ctx = egui::Context::default();
    for _ in 0..5 {
        let _ = ctx.run_ui(input(), |ui| {
            view.ui(ui, &set);
        });
    }
    c.bench_function("supervisor view frame, 100k sessions", |b| {
        b.iter(|| {
            let output = ctx.run_ui(input(), |ui| {
                view.ui(ui, &set);
            });
            let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
            std::hint::black_box(primitives.len())
        });
    });
}

criterion_group!(benches, frames, supervisor_frames);
criterion_main!(benches);
