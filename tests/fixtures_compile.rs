//! Every fixture model generates a crate that compiles and passes
//! `cargo clippy --all-targets -- -D warnings` and `cargo doc` with warnings denied: no dead
//! code, no lint, no broken doc link, whatever the model holds.

use std::collections::BTreeMap;

use integration_tests::{assert_clean, workspace_root};

/// The fixture models found in `tests/fixtures/`, generated, grouped into workspaces in which
/// no two crates share a package name (the evolution fixtures name the same package).
fn workspaces() -> Vec<Vec<(String, BTreeMap<String, String>)>> {
    let root = workspace_root();
    let mut fixtures: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    fixtures.sort();
    let mut workspaces: Vec<Vec<(String, BTreeMap<String, String>)>> = Vec::new();
    for fixture in fixtures {
        let text = std::fs::read_to_string(root.join("tests/fixtures").join(&fixture)).unwrap();
        let files = codegen::generate(&text, &fixture, &codegen::Options::local())
            .unwrap_or_else(|e| panic!("{fixture}: {e}"));
        let package = package_name(&files["Cargo.toml"]);
        let free = workspaces.iter().position(|w| {
            w.iter()
                .all(|(_, f)| package_name(&f["Cargo.toml"]) != package)
        });
        let entry = (fixture.trim_end_matches(".json").replace('_', "-"), files);
        match free {
            Some(i) => workspaces[i].push(entry),
            None => workspaces.push(vec![entry]),
        }
    }
    workspaces
}

fn package_name(manifest: &str) -> String {
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("name = "))
        .unwrap_or_default()
        .to_owned()
}

fn build(crates: &[(String, BTreeMap<String, String>)]) {
    let root = workspace_root();
    let workspace = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for (name, files) in crates {
        codegen::output::sync(&workspace.path().join(name), files, false).unwrap();
        members.push(format!("{name:?}"));
    }
    std::fs::write(
        workspace.path().join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // Share the lock file so the fixtures build with the dependency versions the project uses.
    std::fs::copy(root.join("Cargo.lock"), workspace.path().join("Cargo.lock")).unwrap();
    assert_clean(workspace.path(), "fixtures");
}

#[test]
fn fixture_crates_build_cleanly() {
    let workspaces = workspaces();
    assert!(workspaces.iter().map(Vec::len).sum::<usize>() >= 7);
    for crates in &workspaces {
        build(crates);
    }
}
