//! Shared paths for the integration tests.

use std::path::PathBuf;

pub mod server;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// The README's example, compiled and run as a doctest so it stays true.
#[doc = include_str!("../README.md")]
pub mod readme {}
