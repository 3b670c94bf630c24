//! Lowering: a checked model becomes the IR, in passes that each do one thing and run in this
//! order:
//!
//! 1. [`roles`]: which structures are inputs, outputs and errors;
//! 2. [`service`]: the service's facts;
//! 3. [`operations`]: operations, with their input and output structures, paths, pagination
//!    and errors; then [`shapes`]: every other structure, and the enums; then [`waiters`]: the
//!    operations' waiters, their queries typed against those structures;
//! 4. [`defaults`]: typed defaults;
//! 5. [`analysis`]: recursion to box, constraints to validate;
//! 6. [`names`]: every Rust name, checked for clashes;
//! 7. [`documentation`]: HTML to Markdown, with links to the named items.
//!
//! The checker has already refused every model these passes could not handle; the only
//! problems found here are names that would clash in Rust.

mod analysis;
mod customizations;
mod defaults;
mod documentation;
mod names;
mod operations;
mod roles;
mod service;
mod shapes;
mod waiters;

use std::collections::BTreeMap;

use crate::check::Checked;
use crate::error::Diagnostic;
use crate::ir::Ir;

/// Lowers a checked model to the IR.
///
/// # Errors
///
/// The names that would clash in the generated crate.
pub fn lower(checked: &Checked<'_>) -> Result<Ir, Vec<Diagnostic>> {
    let roles = roles::assign(checked);
    let service = service::lower(checked);
    let mut structures = BTreeMap::new();
    let mut enums = BTreeMap::new();
    let operations = operations::lower(checked, &mut structures);
    shapes::rest(checked, &roles, &mut structures, &mut enums);
    let mut ir = Ir {
        service,
        operations,
        structures,
        enums,
        patterns: BTreeMap::new(),
        left_out: checked
            .left_out
            .iter()
            .map(|l| crate::ir::LeftOut {
                operation: crate::ir::shape_name(&l.operation).to_owned(),
                reason: l.because.to_string(),
            })
            .collect(),
        unchecked: checked.unchecked.iter().map(ToString::to_string).collect(),
        waiters_left_out: Vec::new(),
    };
    waiters::lower(checked, &mut ir);
    let problems = waiters::operation_context_params(checked, &mut ir);
    if !problems.is_empty() {
        return Err(problems);
    }
    defaults::assign(checked, &mut ir);
    analysis::mark_recursion(&mut ir);
    analysis::mark_constraints(&mut ir);
    let problems = names::assign(&mut ir);
    if !problems.is_empty() {
        return Err(problems);
    }
    documentation::convert(&mut ir);
    Ok(ir)
}

#[cfg(test)]
pub(crate) mod tests {
    use serde_json::{Value, json};

    use crate::ir::Ir;
    use crate::model::Model;

    /// A model of these shapes, with a restJson1 service `t#S`. The service's operations are
    /// the given operations; without one, an operation `t#Op` whose input reaches every
    /// given structure and enum.
    pub(crate) fn checked_model(shapes: Value) -> Model {
        let mut shapes = shapes.as_object().cloned().unwrap_or_default();
        let mut operations: Vec<Value> = shapes
            .iter()
            .filter(|(_, s)| s["type"] == "operation")
            .map(|(id, _)| json!({"target": id}))
            .collect();
        if operations.is_empty() {
            let members: serde_json::Map<String, Value> = shapes
                .iter()
                .filter(|(_, s)| s["type"] == "structure" || s["type"] == "enum")
                .enumerate()
                .map(|(i, (id, _))| (format!("m{i}"), json!({"target": id})))
                .collect();
            shapes.insert(
                "t#OpInput".into(),
                json!({"type": "structure", "members": members}),
            );
            shapes.insert(
                "t#Op".into(),
                json!({
                    "type": "operation",
                    "input": {"target": "t#OpInput"},
                    "output": {"target": "smithy.api#Unit"},
                    "traits": {"smithy.api#http": {"method": "POST", "uri": "/op"}}
                }),
            );
            operations.push(json!({"target": "t#Op"}));
        }
        shapes.insert(
            "t#S".into(),
            json!({
                "type": "service",
                "version": "1",
                "operations": operations,
                "traits": {"aws.protocols#restJson1": {}, "aws.auth#sigv4": {"name": "s"}}
            }),
        );
        Model::from_json(&json!({"smithy": "2.0", "shapes": shapes}).to_string()).unwrap()
    }

    /// The IR of a model of these shapes (see [`checked_model`]).
    pub(crate) fn lowered(shapes: Value) -> Ir {
        let model = checked_model(shapes);
        let checked = crate::check::check(&model, false).unwrap();
        super::lower(&checked).unwrap()
    }

    /// The problems lowering finds in a model of these shapes.
    pub(crate) fn lower_error(shapes: Value) -> Vec<String> {
        let model = checked_model(shapes);
        let checked = crate::check::check(&model, false).unwrap();
        super::lower(&checked)
            .unwrap_err()
            .iter()
            .map(ToString::to_string)
            .collect()
    }
}
