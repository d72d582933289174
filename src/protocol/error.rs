//! Errors from loading protocol and instrument files.

use std::fmt;
use std::path::PathBuf;

use super::locate::Position;

/// One problem in one file, at a position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file, as given to the loader (relative for the bundled set).
    pub path: PathBuf,
    /// Where in the file.
    pub position: Position,
    /// What is wrong, in plain words.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Self {
            path,
            position,
            message,
        } = self;
        write!(
            f,
            "{}:{}:{}: {message}",
            path.display(),
            position.line,
            position.col
        )
    }
}

/// Why a protocol set could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The folder or a file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// What could not be read.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Files were read but some are not valid; every problem found is listed.
    #[error("{}", display_problems(.0))]
    Invalid(Vec<Problem>),
}

fn display_problems(problems: &[Problem]) -> String {
    problems
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl LoadError {
    /// The problems, one per line of output (an I/O error is one problem at the file start).
    pub fn problems(&self) -> Vec<Problem> {
        match self {
            Self::Io { path, source } => vec![Problem {
                path: path.clone(),
                position: Position::START,
                message: format!("cannot read: {source}"),
            }],
            Self::Invalid(problems) => problems.clone(),
        }
    }
}
