//! The generated crate's documentation is Markdown: no HTML tag of the model survives, every
//! public item is documented (`#![deny(missing_docs)]` is in force), and the model's docs,
//! constraints and defaults reach the items users read.

use std::collections::BTreeMap;

use integration_tests::workspace_root;

fn generated() -> BTreeMap<String, String> {
    let model = std::fs::read_to_string(workspace_root().join("model/ivs-realtime.json")).unwrap();
    codegen::generate(
        &model,
        "model/ivs-realtime.json",
        &codegen::Options::local(),
    )
    .unwrap()
    .files
}

fn doc_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim_start)
        .filter(|line| line.starts_with("///") || line.starts_with("//!"))
}

#[test]
fn no_html_tag_is_left_in_docs() {
    const TAGS: &[&str] = &[
        "p",
        "a",
        "code",
        "i",
        "b",
        "em",
        "strong",
        "ul",
        "ol",
        "li",
        "note",
        "important",
        "br",
        "pre",
        "div",
        "span",
    ];
    let mut found = Vec::new();
    for (path, text) in generated().iter().filter(|(p, _)| p.ends_with(".rs")) {
        for line in doc_lines(text) {
            for tag in TAGS {
                for form in [
                    format!("<{tag}>"),
                    format!("<{tag} "),
                    format!("</{tag}>"),
                    format!("<{tag}/>"),
                ] {
                    if line.contains(&form) {
                        found.push(format!("{path}: {line}"));
                    }
                }
            }
        }
    }
    assert!(found.is_empty(), "raw HTML in docs:\n{}", found.join("\n"));
}

#[test]
fn crate_root_denies_missing_docs() {
    let files = generated();
    assert!(files["src/lib.rs"].contains("#![deny(missing_docs)]"));
}

#[test]
fn member_docs_carry_the_model_text_constraints_and_default() {
    let files = generated();
    let configuration = &files["src/types/participant_token_configuration.rs"];
    let expected = [
        "    /// Duration (in minutes), after which the corresponding participant token expires. Default: 720 (12 hours).",
        "    ///",
        "    /// **Constraints:** value 1 to 20160. **Default:** `720` (see [`ParticipantTokenConfiguration::DEFAULT_DURATION`](crate::types::ParticipantTokenConfiguration::DEFAULT_DURATION)).",
        "    pub fn duration(&self) -> ::std::option::Option<i32> {",
    ]
    .join("\n");
    assert!(configuration.contains(&expected), "{configuration}");

    let recording = &files["src/types/auto_participant_recording_configuration.rs"];
    assert!(recording.contains(
        "ARN of the `StorageConfiguration` resource to use for individual participant recording."
    ));
    assert!(recording.contains("when a [`Stage`](crate::types::Stage) is created or updated"));
    assert!(recording.contains(
        "/// Documented default of [`media_types`](Self::media_types): \\[`AUDIO_VIDEO`\\]."
    ));
    assert!(recording.contains("pub const DEFAULT_RECORD_PARTICIPANT_REPLICAS: bool = true;"));
}

#[test]
fn sensitive_members_say_so() {
    let files = generated();
    assert!(
        files["src/types/participant_token.rs"]
            .contains("/// **Sensitive:** redacted in `Debug` output.")
    );
}
