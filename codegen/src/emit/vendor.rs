//! The runtime's own sources, for a crate that carries its copy of the runtime
//! (`cargo xtask codegen --vendor-runtime`) and so builds anywhere, outside this repository
//! too. They are copied unchanged into the crate's `rustgen-runtime/` folder, after a first
//! line saying where they come from.

use std::collections::BTreeMap;

/// The folder of the copy, inside the generated crate.
pub(crate) const FOLDER: &str = "rustgen-runtime";

/// Every file of the runtime crate, by its path in the crate (a unit test keeps this list
/// equal to the files in `codegen/runtime/`).
pub(crate) const FILES: &[(&str, &str)] = &[
    ("Cargo.toml", include_str!("../../runtime/Cargo.toml")),
    ("src/client.rs", include_str!("../../runtime/src/client.rs")),
    ("src/config.rs", include_str!("../../runtime/src/config.rs")),
    (
        "src/credentials.rs",
        include_str!("../../runtime/src/credentials.rs"),
    ),
    (
        "src/document.rs",
        include_str!("../../runtime/src/document.rs"),
    ),
    (
        "src/endpoint.rs",
        include_str!("../../runtime/src/endpoint.rs"),
    ),
    (
        "src/endpoint/functions.rs",
        include_str!("../../runtime/src/endpoint/functions.rs"),
    ),
    (
        "src/endpoint/partition.rs",
        include_str!("../../runtime/src/endpoint/partition.rs"),
    ),
    ("src/error.rs", include_str!("../../runtime/src/error.rs")),
    ("src/json.rs", include_str!("../../runtime/src/json.rs")),
    ("src/lib.rs", include_str!("../../runtime/src/lib.rs")),
    (
        "src/operation.rs",
        include_str!("../../runtime/src/operation.rs"),
    ),
    (
        "src/profile.rs",
        include_str!("../../runtime/src/profile.rs"),
    ),
    ("src/query.rs", include_str!("../../runtime/src/query.rs")),
    ("src/retry.rs", include_str!("../../runtime/src/retry.rs")),
    (
        "src/sensitive.rs",
        include_str!("../../runtime/src/sensitive.rs"),
    ),
    (
        "src/service.rs",
        include_str!("../../runtime/src/service.rs"),
    ),
    ("src/sigv4.rs", include_str!("../../runtime/src/sigv4.rs")),
    ("src/sigv4a.rs", include_str!("../../runtime/src/sigv4a.rs")),
    (
        "src/transport.rs",
        include_str!("../../runtime/src/transport.rs"),
    ),
    (
        "src/validation.rs",
        include_str!("../../runtime/src/validation.rs"),
    ),
    ("src/waiter.rs", include_str!("../../runtime/src/waiter.rs")),
    ("src/wire.rs", include_str!("../../runtime/src/wire.rs")),
];

/// The copy's files, by path in the generated crate, each after a first line naming the
/// generator (a `#` comment in the manifest, `//` in Rust sources).
pub(crate) fn files(header: &str) -> BTreeMap<String, String> {
    FILES
        .iter()
        .map(|(path, text)| {
            let comment = if path.ends_with(".toml") { "#" } else { "//" };
            (
                format!("{FOLDER}/{path}"),
                format!("{comment} {header}\n{comment} (copied from the generator's runtime crate)\n\n{text}"),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn every_runtime_file_is_copied() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("runtime");
        let mut found = Vec::new();
        let mut folders = vec![root.clone()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                } else {
                    let relative = path.strip_prefix(&root).unwrap();
                    found.push(relative.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        found.sort();
        let listed: Vec<&str> = super::FILES.iter().map(|(path, _)| *path).collect();
        assert_eq!(found, listed);
    }
}
