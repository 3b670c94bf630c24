//! Every fixture model generates a crate that compiles and passes
//! `cargo clippy --all-targets -- -D warnings` and `cargo doc` with warnings denied: no dead
//! code, no lint, no broken doc link, whatever the model holds. The tests in
//! `tests/fixture_tests/<fixture>/` become the integration tests of that fixture's crate and
//! must pass.

use std::collections::BTreeMap;

use integration_tests::{assert_clean, cargo, passed, workspace_root};

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
        let generated = codegen::generate(&text, &fixture, &codegen::Options::local())
            .unwrap_or_else(|e| panic!("{fixture}: {e}"));
        assert_eq!(generated.warnings, Vec::<String>::new(), "{fixture}");
        let files = generated.files;
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
    let mut tests = 0;
    for (name, files) in crates {
        let dir = workspace.path().join(name);
        codegen::output::sync(&dir, files, false).unwrap();
        members.push(format!("{name:?}"));
        tests += copy_tests(name, &dir);
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
    if tests > 0 {
        let report = cargo(
            workspace.path(),
            "fixtures",
            &["test", "--offline", "--workspace", "--tests"],
            &[],
        );
        assert!(passed(&report) >= tests, "{report}");
    }
}

/// Copies the tests of the fixture `name` (the files of `tests/fixture_tests/<name>/`) into the
/// `tests/` folder of its crate at `dir`; returns how many `#[test]` functions they hold.
fn copy_tests(name: &str, dir: &std::path::Path) -> usize {
    let source = workspace_root()
        .join("tests/fixture_tests")
        .join(name.replace('-', "_"));
    let Ok(entries) = std::fs::read_dir(&source) else {
        return 0;
    };
    let mut tests = 0;
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    for entry in entries {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            tests += text.matches("#[test]").count() + text.matches("#[tokio::test]").count();
            std::fs::copy(&path, dir.join("tests").join(path.file_name().unwrap())).unwrap();
        }
    }
    tests
}

#[test]
fn fixture_crates_build_cleanly() {
    let workspaces = workspaces();
    assert!(workspaces.iter().map(Vec::len).sum::<usize>() >= 7);
    // Tests kept for a fixture that no longer exists would never run.
    for entry in std::fs::read_dir(workspace_root().join("tests/fixture_tests")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let model = workspace_root().join(format!("tests/fixtures/{name}.json"));
        assert!(
            model.exists(),
            "tests/fixture_tests/{name} has no fixture {model:?}"
        );
    }
    for crates in &workspaces {
        build(crates);
    }
}
