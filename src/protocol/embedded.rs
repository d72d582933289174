//! The bundled protocol files, compiled into the binary so the app works from any folder.
//! `build.rs` lists every `*.ron` and `*.ftl` file under `protocols/`.

/// (path shown in messages, text), sorted by path.
pub(crate) const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/bundled_files.rs"));
