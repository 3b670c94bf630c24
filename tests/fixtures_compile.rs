//! Every fixture model generates a crate that compiles and passes
//! `cargo clippy --all-targets -- -D warnings` and `cargo doc` with warnings denied: no dead
//! code, no lint, no broken doc link, whatever the model holds.

use integration_tests::{assert_clean, workspace_root};

/// Fixtures built together in one workspace; the two evolution fixtures name the same package,
/// so the second builds in a workspace of its own.
const WORKSPACES: &[&[&str]] = &[
    &[
        "shapes.json",
        "constraints.json",
        "defaults.json",
        "docs.json",
        "evolution_v1.json",
    ],
    &["evolution_v2.json"],
];

fn build(fixtures: &[&str]) {
    let root = workspace_root();
    let workspace = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for fixture in fixtures {
        let name = fixture.trim_end_matches(".json").replace('_', "-");
        let text = std::fs::read_to_string(root.join("tests/fixtures").join(fixture)).unwrap();
        let files = codegen::generate(&text, fixture, &codegen::Options::local()).unwrap();
        let dir = workspace.path().join(&name);
        codegen::output::sync(&dir, &files, false).unwrap();
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
    for fixtures in WORKSPACES {
        build(fixtures);
    }
}
