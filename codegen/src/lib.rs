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
