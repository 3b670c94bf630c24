//! Generates a Rust client crate from a Smithy 2.0 JSON AST model.
//!
//! The pipeline: [`model`] (deserialize the AST as written) → [`check`] (everything the service
//! reaches is complete and supported) → [`ir`] (resolved shapes with Rust names, wire names,
//! docs, constraints and defaults) → [`emit`] (tokens, formatted files) → [`output`] (files on
//! disk, rewritten only when they change).

pub mod check;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod model;
pub mod naming;
pub mod output;
pub mod rules;
pub mod traits;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::{Diagnostic, Error};

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
}

impl Options {
    /// A crate that depends on the runtime at `path` (as written in its Cargo.toml).
    pub fn runtime_path(path: impl Into<String>) -> Self {
        Self {
            runtime: Runtime::Path(path.into()),
        }
    }

    /// A crate that depends on this machine's runtime folder by its absolute path: for crates
    /// generated into temporary folders.
    pub fn local() -> Self {
        Self::runtime_path(runtime_dir().to_string_lossy().into_owned())
    }
}

/// Parses, checks and lowers a model to the IR.
pub fn load(model_json: &str, source_name: &str) -> Result<ir::Ir, Error> {
    let model = model::Model::from_json(model_json).map_err(|e| Error::Json {
        source_name: source_name.to_owned(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let checked = check::check(&model).map_err(sorted)?;
    ir::lower(&checked).map_err(sorted)
}

/// Problems in shape-id order, so messages are the same whatever order they were found in.
fn sorted(mut diagnostics: Vec<Diagnostic>) -> Error {
    diagnostics
        .sort_by(|a, b| (&a.shape, &a.member, &a.message).cmp(&(&b.shape, &b.member, &b.message)));
    diagnostics.dedup();
    Error::Model(diagnostics)
}

/// Generates every file of the crate in memory, keyed by path relative to the crate root.
/// `source_name` is how the model is named in each file's header (e.g. `model/ivs-realtime.json`).
pub fn generate(
    model_json: &str,
    source_name: &str,
    options: &Options,
) -> Result<BTreeMap<String, String>, Error> {
    let ir = load(model_json, source_name)?;
    Ok(emit::emit(&ir, source_name, options))
}

/// Generates the crate of a model file, with the examples kept beside it (`examples/*.rs` in the
/// model's folder), which are copied to the crate's `examples/` folder.
pub fn generate_from_file(
    model: &Path,
    source_name: &str,
    options: &Options,
) -> Result<BTreeMap<String, String>, Error> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let text = std::fs::read_to_string(model).map_err(io(model))?;
    let mut files = generate(&text, source_name, options)?;
    let folder = model.parent().unwrap_or(Path::new(".")).join("examples");
    let mut examples = Vec::new();
    if folder.is_dir() {
        for entry in std::fs::read_dir(&folder).map_err(io(&folder))? {
            let path = entry.map_err(io(&folder))?.path();
            if path.extension().is_some_and(|e| e == "rs") {
                examples.push(path);
            }
        }
    }
    examples.sort();
    let header = emit::header(source_name);
    for path in examples {
        let source = std::fs::read_to_string(&path).map_err(io(&path))?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.insert(
            format!("examples/{name}"),
            format!("// {header}\n// (copied from the example beside the model)\n\n{source}"),
        );
    }
    Ok(files)
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
