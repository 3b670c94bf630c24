//! The generator is a restJson1 generator, not a CreateStage special case: the official model of
//! the whole Amazon IVS Real-Time service (39 operations) generates a crate that passes
//! `cargo clippy --all-targets -D warnings`, `cargo doc` with warnings denied, and its own tests,
//! among them the model's 21 endpoint tests.
//!
//! The model is read from `../shared/models/`, beside this repository; where that file is absent
//! the test says it skipped and why.

use std::process::Command;

use integration_tests::workspace_root;

fn cargo(dir: &std::path::Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target/full-service"),
        )
        .env("RUSTDOCFLAGS", "-D warnings")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "`cargo {}` failed:\n{stdout}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn the_whole_service_generates_a_clean_crate() {
    let model = workspace_root().join("../shared/models/ivs-realtime-2020-07-14.json");
    if !model.exists() {
        println!(
            "skipped: {} is absent (it is present in this repository's CI)",
            model.display()
        );
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let files = codegen::generate_from_file(&model, "ivs-realtime-2020-07-14.json").unwrap();
    let operations = files
        .keys()
        .filter(|path| path.starts_with("src/operation/") && path.ends_with("/client.rs"))
        .count();
    assert_eq!(operations, 39);
    codegen::output::sync(out.path(), &files, false).unwrap();
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        out.path().join("Cargo.lock"),
    )
    .unwrap();

    cargo(
        out.path(),
        &[
            "clippy",
            "--offline",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
    cargo(out.path(), &["doc", "--offline", "--no-deps"]);
    let tests = cargo(
        out.path(),
        &["test", "--offline", "--lib", "endpoint::tests"],
    );
    let passed = tests
        .lines()
        .find_map(|line| line.strip_prefix("test result: ok. "))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok());
    assert_eq!(passed, Some(21), "{tests}");
}
