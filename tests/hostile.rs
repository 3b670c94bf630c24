//! Model text never becomes code or configuration: a model with quotes, line breaks, `]]`,
//! `*/`, backticks and HTML in every place a string can go (title, SDK id, version, signing
//! name, documentation, enum values, JSON names, query names, patterns, defaults, URI patterns)
//! generates a crate whose Cargo.toml is the TOML it should be, whose README holds the strings
//! only as escaped text, and whose sources parse and carry the strings only inside literals and
//! doc comments. (`tests/fixtures_compile.rs` also builds the crate with clippy and rustdoc.)

use std::collections::BTreeMap;

use integration_tests::workspace_root;

fn generate() -> BTreeMap<String, String> {
    let path = workspace_root().join("tests/fixtures/hostile.json");
    let text = std::fs::read_to_string(path).unwrap();
    codegen::generate(
        &text,
        "tests/fixtures/hostile.json",
        &codegen::Options::runtime_path("../codegen/runtime"),
    )
    .unwrap()
    .files
}

#[test]
fn the_manifest_is_the_toml_it_should_be() {
    let files = generate();
    let manifest: toml::Table = toml::from_str(&files["Cargo.toml"]).unwrap();
    let keys: Vec<&String> = manifest.keys().collect();
    assert_eq!(keys, ["dependencies", "dev-dependencies", "package"]);
    let package = manifest["package"].as_table().unwrap();
    assert_eq!(package["name"].as_str(), Some("hostile-x-b"));
    assert_eq!(
        package["description"].as_str(),
        Some(
            "Client types for Evil \"title\"\n[dependencies]\nevil = \"1\" ]] */ `rm -rf /` \
             <script>alert(1)</script> -->, generated from its Smithy model."
        )
    );
    let dependencies: Vec<&String> = manifest["dependencies"]
        .as_table()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(dependencies, ["rustgen-runtime"]);
    // The comment on the first line stays one line.
    assert!(files["Cargo.toml"].lines().nth(1).unwrap().is_empty());
}

#[test]
fn the_readme_holds_model_text_only_as_escaped_text() {
    let files = generate();
    let readme = &files["README.md"];
    // The HTML comment on the first line is not ended early.
    let first = readme.lines().next().unwrap();
    assert!(
        first.starts_with("<!-- ") && first.ends_with(" -->"),
        "{first}"
    );
    assert_eq!(first.matches("-->").count(), 1, "{first}");
    // Outside code spans (the URI pattern is shown in one, where text stays text).
    for raw in ["<script>", "[dependencies]", "`rm -rf /`", "\"title\""] {
        assert!(!readme.contains(raw), "{raw} in:\n{readme}");
    }
    assert!(
        readme.contains("- `Do` (`` POST /do/{self}?x=\"]]*/` ``): `Client::r#do()`"),
        "{readme}"
    );
    assert!(
        readme.contains(
            "A Rust client for Evil \\\"title\\\" \\[dependencies\\] evil = \\\"1\\\" \\]\\] \\*/ \
             \\`rm -rf /\\` \\<script\\>alert(1)\\</script\\> --\\>"
        ),
        "{readme}"
    );
}

#[test]
fn the_sources_parse_and_hold_model_text_only_in_literals_and_docs() {
    let files = generate();
    for (path, text) in files.iter().filter(|(path, _)| path.ends_with(".rs")) {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(!text.contains("compile_error!"), "{path}");
        // Every identifier the model could have injected is one the generator made: none holds
        // a character outside identifiers (syn would not have parsed it), and no attribute of
        // the crate root was added by documentation text.
        if path == "src/lib.rs" {
            let inner: Vec<String> = file
                .attrs
                .iter()
                .filter(|a| !a.path().is_ident("doc"))
                .map(|a| quote::ToTokens::to_token_stream(a).to_string())
                .collect();
            assert_eq!(
                inner,
                ["# ! [deny (missing_docs)]", "# ! [forbid (unsafe_code)]"],
                "{path}"
            );
        }
    }
    // The enum value with a line break is kept exactly, as a string literal.
    let mode = &files["src/types/mode.rs"];
    assert!(
        mode.contains(r#""line\nbreak" => Self::Newline,"#),
        "{mode}"
    );
    assert!(mode.contains(r#""a\"b" => Self::Quote,"#), "{mode}");
}
