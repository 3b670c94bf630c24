//! Keeps sensitive values out of `Debug` output and error messages.

use std::fmt;

/// What is printed in place of a sensitive value.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Stands in for a sensitive value in `Debug` output: it prints [`REDACTED`].
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}
