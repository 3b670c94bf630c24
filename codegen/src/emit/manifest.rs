//! The crate's non-Rust files, Cargo.toml and README.md, rendered with tera.

use std::collections::BTreeMap;

use tera::{Context, Tera};

use super::runtime::Usage;
use crate::ir::Ir;

const CARGO_TOML: &str = r#"# {{ header }}

[package]
name = "{{ crate_name }}"
version = "0.1.0"
description = "Client types for {{ title }}, generated from its Smithy model."
edition = "2024"
rust-version = "1.88"
license = "Apache-2.0"
publish = false

[dependencies]
bytes = "1.6"
fastrand = "2.1"
http = "1.1"
http-body-util = "0.1.2"
hyper = { version = "1.4", default-features = false, features = ["client", "http1"] }
hyper-util = { version = "0.1.10", default-features = false, features = ["tokio"] }
{%- if regex %}
regex-lite = "0.1.6"
{%- endif %}
ring = "0.17.8"
serde = { version = "1.0.200", default-features = false, features = ["std"] }
serde_json = "1.0.120"
time = { version = "0.3.41", default-features = false, features = ["std", "formatting", "parsing"] }
tokio = { version = "1.38", default-features = false, features = ["net", "time"] }
tokio-rustls = { version = "0.26", default-features = false, features = ["ring", "tls12"] }
webpki-roots = "1"

[dev-dependencies]
tokio = { version = "1.38", features = ["macros", "rt-multi-thread", "net", "io-util", "time"] }
"#;

const README: &str = r#"<!-- {{ header }} -->

# {{ crate_name }}

A Rust client for {{ title }} (API version {{ version }}), generated from its Smithy model.

```rust,ignore
use {{ lib_name }}::{Client, Config};

let client = Client::new(Config::from_env().build());
let output = client.{{ first_method }}()/* set the input's members */.send().await?;
```

## Operations
{% for op in operations %}
- `{{ op.name }}` (`{{ op.method }} {{ op.uri }}`): `Client::{{ op.module }}()`, `Client::{{ op.module }}_with(input)`
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

/// Renders the crate's Cargo.toml and README.md.
pub(crate) fn files(ir: &Ir, usage: &Usage, header: &str) -> BTreeMap<String, String> {
    let mut context = Context::new();
    context.insert("header", header);
    context.insert("crate_name", &ir.service.crate_name);
    context.insert(
        "title",
        ir.service.title.as_deref().unwrap_or(&ir.service.sdk_id),
    );
    context.insert("version", &ir.service.version);
    context.insert("regex", &usage.checks.contains("pattern"));
    let operations: Vec<BTreeMap<&str, String>> = ir
        .operations
        .iter()
        .map(|op| {
            BTreeMap::from([
                ("name", op.name.clone()),
                ("method", op.http.method.clone()),
                ("uri", op.http.uri.clone()),
                ("module", op.module.clone()),
            ])
        })
        .collect();
    context.insert("operations", &operations);
    context.insert("structure_count", &ir.structures.len());
    context.insert("lib_name", &ir.service.crate_name.replace('-', "_"));
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
