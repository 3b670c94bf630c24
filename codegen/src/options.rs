//! What the caller chooses about a generated crate, beyond what the model says: how it reaches
//! the runtime crate.

use std::path::{Path, PathBuf};

/// The version of the runtime crate (`codegen/runtime`) that generated crates are written
/// against (a unit test keeps it equal to the runtime's own).
pub const RUNTIME_VERSION: &str = "0.1.0";

/// The major and minor parts of [`RUNTIME_VERSION`], which a generated crate checks against the
/// runtime it is built with.
pub const RUNTIME_VERSION_PARTS: (u64, u64) = (0, 1);

/// The runtime crate's folder on the machine the generator was built on.
pub fn runtime_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime")
}

/// How a generated crate reaches the runtime crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// A path dependency on the runtime's folder, as written in the crate's Cargo.toml
    /// (relative to the crate, or absolute).
    Path(String),
    /// A registry dependency with this version requirement, e.g. `0.1`.
    Version(String),
    /// A copy of the runtime's sources inside the crate, which then builds on its own.
    Vendored,
}

/// Choices of the generated crate that the model does not make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// How the crate reaches the runtime.
    pub runtime: Runtime,
    /// Whether an operation that needs a feature the generator does not support yet is an
    /// error, rather than left out of the crate with a warning.
    pub strict: bool,
}

impl Options {
    /// A crate that depends on the runtime at `path` (as written in its Cargo.toml).
    pub fn runtime_path(path: impl Into<String>) -> Self {
        Self {
            runtime: Runtime::Path(path.into()),
            strict: false,
        }
    }

    /// A crate that depends on this machine's runtime folder by its absolute path: for crates
    /// generated into temporary folders.
    pub fn local() -> Self {
        Self::runtime_path(runtime_dir().to_string_lossy().into_owned())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_runtime_version_is_the_runtime_crate_s() {
        let manifest = include_str!("../runtime/Cargo.toml");
        let version = manifest
            .lines()
            .find_map(|line| line.strip_prefix("version = "))
            .map(|v| v.trim_matches('"'));
        assert_eq!(version, Some(super::RUNTIME_VERSION));
        let (major, minor) = super::RUNTIME_VERSION_PARTS;
        assert!(super::RUNTIME_VERSION.starts_with(&format!("{major}.{minor}.")));
    }
}
