//! Generates a Rust client crate from a Smithy 2.0 JSON AST model.
//!
//! The pipeline: [`model`] (deserialize the AST as written) → [`check`] (everything the service
//! reaches is complete and supported) → [`ir`] (resolved shapes with Rust names, wire names,
//! docs, constraints and defaults) → [`emit`] (tokens, formatted files) → [`output`] (files on
//! disk, rewritten only when they change).

pub mod check;
pub mod docs;
pub mod emit;
pub mod endpoint;
pub mod error;
pub mod ir;
pub mod model;
pub mod naming;
pub mod output;
pub mod traits;

use std::collections::BTreeMap;
use std::path::Path;

pub use error::{Diagnostic, Error};

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
pub fn generate(model_json: &str, source_name: &str) -> Result<BTreeMap<String, String>, Error> {
    let ir = load(model_json, source_name)?;
    Ok(emit::emit(&ir, source_name))
}

/// Generates the crate of a model file, with the examples kept beside it (`examples/*.rs` in the
/// model's folder), which are copied to the crate's `examples/` folder.
pub fn generate_from_file(
    model: &Path,
    source_name: &str,
) -> Result<BTreeMap<String, String>, Error> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let text = std::fs::read_to_string(model).map_err(io(model))?;
    let mut files = generate(&text, source_name)?;
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
