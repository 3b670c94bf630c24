//! Every Rust name the generator emits comes from here: case conversion (heck), keyword escaping
//! and collision checks, so that two model names never silently become one Rust name.

use std::collections::BTreeMap;

use heck::{ToPascalCase, ToShoutySnakeCase, ToSnakeCase};

/// Words that cannot be used as plain identifiers in any edition, or that are reserved for later use.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers (`r#self` is rejected by rustc); they get a `_` suffix.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Makes `word` usable as an identifier: raw form for keywords, `_` suffix where a raw identifier
/// is not allowed, `_` prefix for a leading digit, and `_` for an empty name.
fn sanitize(word: String) -> String {
    if word.is_empty() {
        return "_".to_owned();
    }
    if word.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{word}");
    }
    if NOT_RAW.contains(&word.as_str()) {
        return format!("{word}_");
    }
    if KEYWORDS.contains(&word.as_str()) {
        return format!("r#{word}");
    }
    word
}

/// Replaces every character that cannot appear in an identifier with a word break.
fn words(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect()
}

/// `snake_case` name of a structure member, function or module (`recordingMode` → `recording_mode`).
pub fn snake(name: &str) -> String {
    sanitize(words(name).to_snake_case())
}

/// `UpperCamelCase` name of a type or enum variant (`AUDIO_VIDEO` → `AudioVideo`).
pub fn pascal(name: &str) -> String {
    sanitize(words(name).to_pascal_case())
}

/// `SCREAMING_SNAKE_CASE` name of a constant (`targetIntervalSeconds` → `TARGET_INTERVAL_SECONDS`).
pub fn shouty(name: &str) -> String {
    sanitize(words(name).to_shouty_snake_case())
}

/// The `snake_case` words of `name`, not yet made an identifier: for names composed of
/// several parts (`set_` + member), which are made one with [`identifier`].
pub fn snake_words(name: &str) -> String {
    words(name).to_snake_case()
}

/// The `UpperCamelCase` words of `name`, not yet made an identifier (see [`snake_words`]).
pub fn pascal_words(name: &str) -> String {
    words(name).to_pascal_case()
}

/// A composed name made an identifier, as [`snake`] and [`pascal`] make theirs.
pub fn identifier(name: String) -> String {
    sanitize(name)
}

/// The identifier without its raw prefix, for use inside other names and in messages.
pub fn unraw(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// Two or more model names that convert to the same Rust name within one scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    /// The Rust name they share.
    pub rust_name: String,
    /// The model names, in the order they were given.
    pub model_names: Vec<String>,
}

/// Checks that the `(model name, Rust name)` pairs of one scope give distinct Rust names.
pub fn check_collisions<'a>(
    names: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<(), Collision> {
    let mut seen: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (model, rust) in names {
        seen.entry(unraw(rust)).or_default().push(model.to_owned());
    }
    match seen.into_iter().find(|(_, models)| models.len() > 1) {
        Some((rust, model_names)) => Err(Collision {
            rust_name: rust.to_owned(),
            model_names,
        }),
        None => Ok(()),
    }
}

/// Picks the first of `candidates` not already in `taken`, or a numbered form of the first.
pub fn first_free(candidates: &[&str], taken: &[&str]) -> String {
    candidates
        .iter()
        .find(|c| !taken.contains(c))
        .map(|c| (*c).to_owned())
        .unwrap_or_else(|| {
            (2..)
                .map(|n| format!("{}{n}", candidates[0]))
                .find(|c| !taken.contains(&c.as_str()))
                .unwrap_or_default()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_names_are_made_of_words_not_of_escaped_names() {
        assert_eq!(snake("self"), "self_");
        assert_eq!(
            identifier(format!("set_{}", snake_words("self"))),
            "set_self"
        );
        assert_eq!(
            identifier(format!("{}State", pascal_words("self"))),
            "SelfState"
        );
        assert_eq!(
            identifier(format!("{}_or_default", snake_words("crate"))),
            "crate_or_default"
        );
        assert_eq!(identifier(format!("is_{}", snake_words("Type"))), "is_type");
    }

    #[test]
    fn snake_case_members() {
        assert_eq!(
            snake("recordParticipantReplicas"),
            "record_participant_replicas"
        );
        assert_eq!(snake("arn"), "arn");
        assert_eq!(snake("xAmznErrorType"), "x_amzn_error_type");
        assert_eq!(snake("HTTPHeader"), "http_header");
        assert_eq!(snake("storage-configuration"), "storage_configuration");
    }

    #[test]
    fn pascal_case_types_and_variants() {
        assert_eq!(pascal("AUDIO_VIDEO"), "AudioVideo");
        assert_eq!(pascal("NONE"), "None");
        assert_eq!(
            pascal("ParticipantTokenConfiguration"),
            "ParticipantTokenConfiguration"
        );
        assert_eq!(pascal("us-east-1"), "UsEast1");
        assert_eq!(pascal("a.b c"), "ABC");
    }

    #[test]
    fn shouty_constants() {
        assert_eq!(shouty("targetIntervalSeconds"), "TARGET_INTERVAL_SECONDS");
        assert_eq!(shouty("StageName"), "STAGE_NAME");
    }

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(snake("type"), "r#type");
        assert_eq!(snake("match"), "r#match");
        assert_eq!(snake("async"), "r#async");
        assert_eq!(snake("gen"), "r#gen");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("super"), "super_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(unraw("r#type"), "type");
        assert_eq!(unraw("name"), "name");
    }

    #[test]
    fn leading_digits_and_empty_names() {
        assert_eq!(pascal("1080P"), "_1080p");
        assert_eq!(snake("3d"), "_3d");
        assert_eq!(snake(""), "_");
        assert_eq!(pascal("--"), "_");
    }

    #[test]
    fn results_are_valid_identifiers() {
        for name in ["type", "self", "9lives", "a-b", "", "Ünïcode", "x y"] {
            for ident in [snake(name), pascal(name)] {
                let plain = unraw(&ident);
                assert!(
                    plain.starts_with(|c: char| c == '_' || c.is_ascii_alphabetic()),
                    "{ident}"
                );
                assert!(
                    plain.chars().all(|c| c == '_' || c.is_ascii_alphanumeric()),
                    "{ident}"
                );
            }
        }
    }

    #[test]
    fn collisions_are_reported_with_every_model_name() {
        let names = [
            ("fooBar", "foo_bar"),
            ("other", "other"),
            ("foo_bar", "foo_bar"),
            ("FooBar", "foo_bar"),
        ];
        assert_eq!(
            check_collisions(names),
            Err(Collision {
                rust_name: "foo_bar".into(),
                model_names: vec!["fooBar".into(), "foo_bar".into(), "FooBar".into()],
            })
        );
        assert_eq!(check_collisions([("a", "a"), ("b", "b")]), Ok(()));
        // A raw identifier and its plain form are the same name.
        assert!(check_collisions([("type", "r#type"), ("Type", "type")]).is_err());
    }

    #[test]
    fn first_free_skips_taken_names() {
        assert_eq!(first_free(&["Unknown", "UnknownValue"], &["A"]), "Unknown");
        assert_eq!(
            first_free(&["Unknown", "UnknownValue"], &["Unknown"]),
            "UnknownValue"
        );
        assert_eq!(
            first_free(&["Unknown", "UnknownValue"], &["Unknown", "UnknownValue"]),
            "Unknown2"
        );
    }
}
