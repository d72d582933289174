//! A bare eframe window (a heading and a button), for comparing start-up time with brief.
//! With `BRIEF_QUIT_AFTER_FIRST_FRAME` set it closes after its first frame, like brief does.

fn main() -> eframe::Result {
    let quit = std::env::var_os("BRIEF_QUIT_AFTER_FIRST_FRAME").is_some();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1300.0, 740.0]),
        ..Default::default()
    };
    eframe::run_ui_native("bare", options, move |ui, _frame| {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("Bare eframe window");
            if ui.button("A button").clicked() {
                ui.label("clicked");
            }
        });
        if quit {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    })
}
