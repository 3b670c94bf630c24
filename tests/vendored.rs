//! A crate generated with the runtime's sources inside it (`--vendor-runtime`) stands alone:
//! copied by itself to a temporary folder, far from this repository, it builds and passes its
//! tests. And a crate that asks for the runtime by version names it so in its manifest.

use integration_tests::{cargo, passed, workspace_root};

/// The build folder of the copied crate, below `target/`.
const TARGET: &str = "vendored";

#[test]
fn a_vendored_crate_builds_and_passes_its_tests_on_its_own() {
    let model = workspace_root().join("model/ivs-realtime.json");
    let files = codegen::generate_from_file(
        &model,
        "model/ivs-realtime.json",
        &codegen::Options {
            runtime: codegen::Runtime::Vendored,
            strict: true,
        },
    )
    .unwrap()
    .files;
    assert!(files.contains_key("rustgen-runtime/Cargo.toml"));
    assert!(files.contains_key("rustgen-runtime/src/lib.rs"));
    assert!(
        files["Cargo.toml"]
            .contains("rustgen-runtime = { path = \"rustgen-runtime\", version = \"=0.1.0\" }\n"),
        "{}",
        files["Cargo.toml"]
    );
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("ivs-realtime");
    codegen::output::sync(&copy, &files, false).unwrap();
    // The copy's own workspace, with the dependency versions this project uses.
    let mut manifest = std::fs::read_to_string(copy.join("Cargo.toml")).unwrap();
    manifest.push_str("\n[workspace]\n");
    std::fs::write(copy.join("Cargo.toml"), manifest).unwrap();
    std::fs::copy(workspace_root().join("Cargo.lock"), copy.join("Cargo.lock")).unwrap();
    let report = cargo(&copy, TARGET, &["test", "--offline"], &[]);
    // The endpoint tests of the crate and its doc tests.
    assert!(passed(&report) >= 35, "{report}");
    assert!(!report.contains("test result: FAILED"), "{report}");
}

#[test]
fn a_crate_can_ask_for_the_runtime_by_version() {
    let model = workspace_root().join("model/ivs-realtime.json");
    let files = codegen::generate_from_file(
        &model,
        "model/ivs-realtime.json",
        &codegen::Options {
            runtime: codegen::Runtime::Version("0.1".to_owned()),
            strict: true,
        },
    )
    .unwrap()
    .files;
    assert!(
        files["Cargo.toml"].contains("\n[dependencies]\nrustgen-runtime = { version = \"0.1\" }\n"),
        "{}",
        files["Cargo.toml"]
    );
    assert!(
        !files
            .keys()
            .any(|path| path.starts_with("rustgen-runtime/"))
    );
}
