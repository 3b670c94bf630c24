//! Snapshot tests of the generator: each fixture model under `tests/fixtures/` is generated and
//! the whole crate (every file, in path order) compared with its snapshot under
//! `tests/snapshots/`. After an intended change, rerun with `INSTA_UPDATE=always` and review the
//! diff of the snapshot files.

use std::collections::BTreeMap;

use integration_tests::workspace_root;

fn generate(fixture: &str) -> BTreeMap<String, String> {
    let path = workspace_root().join("tests/fixtures").join(fixture);
    let text = std::fs::read_to_string(&path).unwrap();
    codegen::generate(
        &text,
        &format!("tests/fixtures/{fixture}"),
        &codegen::Options::runtime_path("../codegen/runtime"),
    )
    .unwrap()
    .files
}

/// Every generated file in path order.
fn crate_text(files: &BTreeMap<String, String>) -> String {
    files
        .iter()
        .map(|(path, text)| format!("=== {path} ===\n{text}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every fixture model found in `tests/fixtures/`, by file name.
fn fixtures() -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(workspace_root().join("tests/fixtures"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".json"))
        .collect();
    found.sort();
    found
}

#[test]
fn every_fixture_generates_its_snapshot() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 7, "{fixtures:?}");
    for fixture in fixtures {
        let name = fixture.trim_end_matches(".json");
        insta::assert_snapshot!(name, crate_text(&generate(&fixture)));
    }
}

/// Adding a member and an enum value to the model changes exactly the files that hold them, and
/// the new member and variant appear there.
#[test]
fn output_follows_a_model_change() {
    let before = generate("evolution_v1.json");
    let after = generate("evolution_v2.json");
    let header = |s: &str| s.replace("evolution_v1.json", "evolution_v2.json");
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, text)| before.get(*path).map(|b| header(b)) != Some((*text).clone()))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(
        changed,
        ["src/operation/get/output.rs", "src/types/state.rs"]
    );
    let output = &after["src/operation/get/output.rs"];
    assert!(output.contains("pub fn size(&self) -> ::std::option::Option<i32>"));
    assert!(output.contains("\"size\" => size = map.next_value()?,"));
    let state = &after["src/types/state.rs"];
    assert!(state.contains("    Retired,"));
    assert!(state.contains("\"RETIRED\" => Self::Retired,"));
    assert!(!before["src/types/state.rs"].contains("Retired"));
}
