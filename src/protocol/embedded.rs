//! The bundled protocol files, compiled into the binary so the app works from any folder.

/// (path shown in messages, text).
pub(super) const FILES: &[(&str, &str)] = &[
    (
        "protocols/brief_intervention.ron",
        include_str!("../../protocols/brief_intervention.ron"),
    ),
    (
        "protocols/instruments/assist.ron",
        include_str!("../../protocols/instruments/assist.ron"),
    ),
    (
        "protocols/instruments/audit.ron",
        include_str!("../../protocols/instruments/audit.ron"),
    ),
    (
        "protocols/instruments/audit_c.ron",
        include_str!("../../protocols/instruments/audit_c.ron"),
    ),
    (
        "protocols/instruments/dast10.ron",
        include_str!("../../protocols/instruments/dast10.ron"),
    ),
    (
        "protocols/instruments/single_alcohol.ron",
        include_str!("../../protocols/instruments/single_alcohol.ron"),
    ),
    (
        "protocols/instruments/single_drug.ron",
        include_str!("../../protocols/instruments/single_drug.ron"),
    ),
];
