//! Errors of the generator: where the model is wrong, or where files could not be written.

use std::fmt;
use std::path::PathBuf;

/// One problem in a model, naming the shape and member it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Absolute shape id, or empty for a problem of the whole model.
    pub shape: String,
    /// Member name, when the problem is in a member.
    pub member: Option<String>,
    /// What is wrong.
    pub message: String,
    /// A feature this generator does not implement yet, rather than a broken model: the
    /// operations that reach the shape are left out of the crate, with a warning.
    pub unsupported: bool,
}

impl Diagnostic {
    /// A problem in a shape or one of its members.
    pub fn new(shape: &str, member: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            shape: shape.to_owned(),
            member: member.map(str::to_owned),
            message: message.into(),
            unsupported: false,
        }
    }

    /// A feature of a shape or member that this generator does not implement yet.
    pub fn unsupported(shape: &str, member: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            unsupported: true,
            ..Self::new(shape, member, message)
        }
    }

    /// A problem of the model as a whole.
    pub fn model(message: impl Into<String>) -> Self {
        Self::new("", None, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.shape, &self.member) {
            (shape, _) if shape.is_empty() => write!(f, "{}", self.message),
            (shape, None) => write!(f, "shape `{shape}`: {}", self.message),
            (shape, Some(member)) => {
                write!(f, "shape `{shape}`, member `{member}`: {}", self.message)
            }
        }
    }
}

/// An operation left out of the crate, because a shape it reaches needs a feature this
/// generator does not implement yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// Shape id of the operation.
    pub operation: String,
    /// The first unsupported feature found among its shapes.
    pub because: Diagnostic,
}

impl fmt::Display for LeftOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "operation `{}` left out: {}",
            self.operation, self.because
        )
    }
}

/// Why generation failed.
#[derive(Debug)]
pub enum Error {
    /// The model file is not valid JSON, or not a JSON AST.
    Json {
        /// The model's name as given.
        source_name: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The model is well-formed JSON but cannot be generated.
    Model(Vec<Diagnostic>),
    /// A file could not be read or written.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl Error {
    /// The model problems, if that is what this is.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Model(d) => d,
            _ => &[],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Json {
                source_name,
                line,
                column,
                message,
            } => write!(
                f,
                "{source_name}:{line}:{column}: malformed model: {message}"
            ),
            Error::Model(diagnostics) => {
                let n = diagnostics.len();
                write!(
                    f,
                    "the model has {n} problem{}:",
                    if n == 1 { "" } else { "s" }
                )?;
                for d in diagnostics {
                    write!(f, "\n  - {d}")?;
                }
                Ok(())
            }
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
