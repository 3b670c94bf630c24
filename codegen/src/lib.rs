//! Generates a Rust client crate from a Smithy 2.0 JSON AST model.
//!
//! The pipeline, in which data flows one way: [`model`] (deserialize the AST as written) →
//! [`check`] (everything the service reaches is complete and supported; the endpoint rules
//! parsed into [`rules`]) → [`lower`] (passes that build the [`ir`]: resolved shapes with
//! Rust names, wire names, docs, constraints and defaults) → [`emit`] (tokens, formatted
//! files; reads only the IR) → [`output`] (files on disk, rewritten only when they change).

pub mod check;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod model;
pub mod naming;
mod options;
pub mod output;
pub mod pattern;
pub mod rules;
pub mod traits;

use std::collections::BTreeMap;
use std::path::Path;

pub use error::{Diagnostic, Error};
pub use options::{Options, RUNTIME_VERSION, RUNTIME_VERSION_PARTS, Runtime, runtime_dir};

/// Parses, checks and lowers a model to the IR, leaving out the operations that need a feature
/// the generator does not support yet ([`ir::Ir::left_out`]).
pub fn load(model_json: &str, source_name: &str) -> Result<ir::Ir, Error> {
    load_with(model_json, source_name, false)
}

/// [`load`], with `strict`: an operation that needs an unsupported feature is an error.
fn load_with(model_json: &str, source_name: &str, strict: bool) -> Result<ir::Ir, Error> {
    let model = model::Model::from_json(model_json).map_err(|e| Error::Json {
        source_name: source_name.to_owned(),
        line: e.line,
        column: e.column,
        message: e.message,
    })?;
    let checked = check::check(&model, strict).map_err(sorted)?;
    let ir = lower::lower(&checked).map_err(sorted)?;
    if strict && !ir.waiters_left_out.is_empty() {
        return Err(sorted(
            ir.waiters_left_out
                .iter()
                .map(|w| {
                    let operation = ir
                        .operations
                        .iter()
                        .find(|op| ir::shape_name(&op.shape_id) == w.operation)
                        .map_or(w.operation.as_str(), |op| op.shape_id.as_str());
                    Diagnostic::unsupported(
                        operation,
                        None,
                        format!("waiter `{}` cannot be generated: {}", w.waiter, w.reason),
                    )
                })
                .collect(),
        ));
    }
    Ok(ir)
}

/// A generated crate: its files, and what generation warns of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Every file of the crate, keyed by path relative to the crate root.
    pub files: BTreeMap<String, String>,
    /// One warning per operation left out of the crate (`operation `X` left out: …`) and per
    /// constraint the crate does not check, which the crate's documentation also lists.
    pub warnings: Vec<String>,
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
) -> Result<Generated, Error> {
    let ir = load_with(model_json, source_name, options.strict)?;
    let warnings = ir
        .left_out
        .iter()
        .map(|l| format!("operation `{}` left out: {}", l.operation, l.reason))
        .chain(
            ir.unchecked
                .iter()
                .map(|u| format!("constraint not checked: {u}")),
        )
        .chain(ir.waiters_left_out.iter().map(|w| {
            format!(
                "waiter `{}` of `{}` left out: {}",
                w.waiter, w.operation, w.reason
            )
        }))
        .collect();
    Ok(Generated {
        files: emit::emit(&ir, source_name, options),
        warnings,
    })
}

/// Generates the crate of a model file, with the examples kept beside it (`examples/*.rs` in the
/// model's folder), which are copied to the crate's `examples/` folder.
pub fn generate_from_file(
    model: &Path,
    source_name: &str,
    options: &Options,
) -> Result<Generated, Error> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| Error::Io { path, source }
    };
    let text = std::fs::read_to_string(model).map_err(io(model))?;
    let mut generated = generate(&text, source_name, options)?;
    let files = &mut generated.files;
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
    Ok(generated)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use proc_macro2::{TokenStream, TokenTree};
    use quote::ToTokens;

    /// The modules of this crate that `tokens` names as `crate::<module>` (outside `quote!`,
    /// whose paths are those of the generated crate).
    fn referenced(tokens: TokenStream, found: &mut BTreeSet<String>) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Ident(name)
                    if name == "quote"
                        && matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!') =>
                {
                    i += 3;
                    continue;
                }
                TokenTree::Ident(name) if name == "crate" => {
                    if let (
                        Some(TokenTree::Punct(a)),
                        Some(TokenTree::Punct(b)),
                        Some(TokenTree::Ident(module)),
                    ) = (trees.get(i + 1), trees.get(i + 2), trees.get(i + 3))
                        && a.as_char() == ':'
                        && b.as_char() == ':'
                    {
                        found.insert(module.to_string());
                    }
                }
                TokenTree::Group(group) => referenced(group.stream(), found),
                _ => {}
            }
            i += 1;
        }
    }

    /// Data flows one way through the generator: no module depends, directly or through
    /// others, on a module that depends on it, and none reaches back to the crate root.
    #[test]
    fn the_modules_depend_on_each_other_without_a_cycle() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut folders = vec![src.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let relative = path.strip_prefix(&src).unwrap();
                let first = relative.components().next().unwrap().as_os_str();
                let module = first.to_string_lossy().trim_end_matches(".rs").to_owned();
                let file: syn::File = syn::parse_file(&std::fs::read_to_string(&path).unwrap())
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                let mut found = BTreeSet::new();
                referenced(file.into_token_stream(), &mut found);
                found.remove(&module);
                // Items of the crate root (`crate::Options`) are named in capitals or as
                // functions; a module is a lower-case name of a file or folder of `src/`.
                let modules: BTreeSet<String> = found
                    .into_iter()
                    .map(|m| {
                        if src.join(format!("{m}.rs")).exists() || src.join(&m).is_dir() {
                            m
                        } else {
                            "lib".to_owned()
                        }
                    })
                    .collect();
                edges.entry(module).or_default().extend(modules);
            }
        }
        fn reaches(
            edges: &BTreeMap<String, BTreeSet<String>>,
            from: &str,
            goal: &str,
            seen: &mut BTreeSet<String>,
        ) -> bool {
            edges.get(from).is_some_and(|next| {
                next.iter()
                    .any(|n| n == goal || (seen.insert(n.clone()) && reaches(edges, n, goal, seen)))
            })
        }
        for module in edges.keys() {
            assert!(
                !reaches(&edges, module, module, &mut BTreeSet::new()),
                "`{module}` depends on itself through {:?}",
                edges
            );
        }
        // The pipeline's order, as the crate documents it.
        for (later, earlier) in [
            ("emit", "ir"),
            ("lower", "check"),
            ("lower", "ir"),
            ("check", "rules"),
        ] {
            assert!(
                edges[later].contains(earlier),
                "{later} → {earlier}: {edges:?}"
            );
            assert!(
                !edges[earlier].contains(later),
                "{earlier} → {later}: {edges:?}"
            );
        }
        for module in ["emit", "ir"] {
            for forbidden in ["check", "lower", "model", "traits", "docs"] {
                assert!(
                    !edges[module].contains(forbidden),
                    "`{module}` reads `{forbidden}`: {edges:?}"
                );
            }
        }
    }
}
