//! The crate's non-Rust files, Cargo.toml and README.md, rendered with tera. Every value that
//! comes from the model or the command line is escaped for the file's syntax before it is
//! inserted (the templates are rendered without tera's HTML escaping).

use std::collections::BTreeMap;

use tera::{Context, Tera};

use super::{markdown_text, one_line};
use crate::ir::Ir;
use crate::options::Runtime;

const CARGO_TOML: &str = r#"# {{ header }}

[package]
name = {{ crate_name }}
version = "0.1.0"
description = {{ description }}
edition = "2024"
rust-version = "1.88"
license = "Apache-2.0"
publish = false

[dependencies]
rustgen-runtime = {{ runtime }}

[dev-dependencies]
tokio = { version = "1.38", features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }
"#;

const README: &str = r#"<!-- {{ comment_header }} -->

# {{ crate_title }}

A Rust client for {{ title }} (API version {{ version }}), generated from its Smithy model.

```rust,ignore
use {{ lib_name }}::{Client, Config};

let config = Config::from_env().build();
let client = Client::new(&config);
let output = client.{{ first_method }}()/* set the input's members */.send().await?;
```

One `Config` (the runtime's, `rustgen_runtime::Config`) serves the clients of every generated
service in a program: they share its credentials, with their cache, and its connections.

## Operations
{% for op in operations %}
- {{ op.name }} ({{ op.binding }}): `Client::{{ op.module }}()`
{%- endfor %}

## What it does

- Sends each call over HTTPS (rustls) signed with SigV4, to the endpoint the model's rules give for
  the region (or a configured one), with timeouts and the AWS SDKs' standard retries.
- Writes exactly the members that were set, with the model's wire names, as the AWS SDK for
  Python writes them; reads answers into typed outputs and typed errors.
- Checks inputs against the model's constraints before sending (`validate()`; can be turned off).
- {{ structure_count }} structures and {{ enum_count }} enums, each with a builder; required members
  are required by the builder's type; unknown enum values are kept; sensitive values are redacted
  in `Debug`.
"#;

/// A TOML basic string holding `text`: quotes, backslashes and control characters escaped, so
/// that no text can end the string or start another key.
pub(crate) fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The `rustgen-runtime` dependency as a TOML inline table, with the runtime features the
/// model needs (`lookaround` for a pattern with look-around, `sigv4a` for endpoints signed
/// with SigV4a, `query` for the awsQuery protocol).
fn runtime_dependency(runtime: &Runtime, features: &[&str]) -> String {
    let features = if features.is_empty() {
        String::new()
    } else {
        let quoted: Vec<String> = features.iter().map(|f| toml_string(f)).collect();
        format!(", features = [{}]", quoted.join(", "))
    };
    let exact = toml_string(&format!("={}", crate::options::RUNTIME_VERSION));
    match runtime {
        Runtime::Path(path) => {
            format!(
                "{{ path = {}, version = {exact}{features} }}",
                toml_string(path)
            )
        }
        Runtime::Version(requirement) => {
            format!("{{ version = {}{features} }}", toml_string(requirement))
        }
        Runtime::Vendored => format!(
            "{{ path = {}, version = {exact}{features} }}",
            toml_string(super::vendor::FOLDER)
        ),
    }
}

/// Renders the crate's Cargo.toml and README.md.
pub(crate) fn files(ir: &Ir, runtime: &Runtime, header: &str) -> BTreeMap<String, String> {
    let title = ir.service.title.as_deref().unwrap_or(&ir.service.sdk_id);
    let mut context = Context::new();
    context.insert("header", &one_line(header));
    context.insert("crate_name", &toml_string(&ir.service.crate_name));
    context.insert(
        "description",
        &toml_string(&format!(
            "Client types for {title}, generated from its Smithy model."
        )),
    );
    let mut features = Vec::new();
    if ir.patterns.values().any(|p| p.lookaround) {
        features.push("lookaround");
    }
    if ir
        .service
        .endpoint_rules
        .as_ref()
        .is_some_and(crate::rules::RuleSet::uses_sigv4a)
    {
        features.push("sigv4a");
    }
    if ir.service.protocol == crate::ir::Protocol::AwsQuery {
        features.push("query");
    }
    context.insert("runtime", &runtime_dependency(runtime, &features));
    context.insert("comment_header", &one_line(header).replace("--", "- -"));
    context.insert("crate_title", &markdown_text(&ir.service.crate_name));
    context.insert("title", &markdown_text(title));
    context.insert("version", &markdown_text(&ir.service.version));
    let operations: Vec<BTreeMap<&str, String>> = ir
        .operations
        .iter()
        .map(|op| {
            BTreeMap::from([
                ("name", super::code(&op.name)),
                (
                    "binding",
                    super::code(&format!("{} {}", op.http.method, op.http.uri)),
                ),
                ("module", op.module.clone()),
            ])
        })
        .collect();
    context.insert("operations", &operations);
    context.insert("structure_count", &ir.structures.len());
    context.insert("lib_name", &ir.service.lib_name);
    context.insert(
        "first_method",
        &ir.operations
            .first()
            .map(|op| op.module.clone())
            .unwrap_or_default(),
    );
    context.insert("enum_count", &ir.enums.len());

    let mut files = BTreeMap::from([(
        "rustfmt.toml".to_owned(),
        format!(
            "# {header}\n\n# prettyplease formats this crate when it is generated; rustfmt would \
             reflow it\n# and make it differ from what the generator writes.\n\
             disable_all_formatting = true\n"
        ),
    )]);
    for (path, template) in [("Cargo.toml", CARGO_TOML), ("README.md", README)] {
        // The templates are constants of this file and the context holds every variable they
        // use, so rendering cannot fail; the error text lands in the file if it ever does.
        let text = Tera::one_off(template, &context, false).unwrap_or_else(|e| format!("{e:?}"));
        files.insert(path.to_owned(), text);
    }
    files
}
