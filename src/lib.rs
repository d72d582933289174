//! brief — a substance-use brief intervention (SAMHSA TIP 34, FRAMES) for primary care, and its
//! supervisor audit.
//!
//! The domain modules know nothing of egui:
//! - [`protocol`]: the protocol and instrument files (`protocols/*.ron`), loaded and checked.
//! - [`scoring`]: instrument scoring, zones, escalations (pure functions).
//! - [`safety`]: the protocol's safety rules, evaluated for one patient.
//! - [`session`]: one intervention, changed only through `Session::apply`.
//! - [`store`]: session files on disk, crash-safe.
//! - [`followup`]: follow-ups due, and each patient's earlier visits.
//! - [`fhir`]: FHIR R4 export, a bundle per session or Bulk Data NDJSON.
//! - [`i18n`]: the program's own words, per language (Fluent catalogues beside the protocols).
//! - [`cli`]: the headless command line.
//!
//! Everything clinical the program shows comes from the protocol files.

pub mod audit;
pub mod cli;
pub mod credit;
pub mod demo;
pub mod feedback;
pub mod fhir;
pub mod followup;
pub mod handout;
pub mod i18n;
pub mod note;
pub mod protocol;
pub mod safety;
pub mod scoring;
pub mod session;
pub mod stepped;
pub mod store;
pub mod terminal;
#[cfg(feature = "gui")]
pub mod ui;
