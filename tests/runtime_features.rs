//! The runtime's optional features, which `cargo test --workspace` does not turn on: each is
//! checked with clippy (warnings denied), documented with rustdoc warnings denied, and its own
//! tests run (for `sigv4a`, every case of the AWS SigV4a test suite).

use std::path::Path;

use integration_tests::{assert_clean_with, cargo, passed, workspace_root};

fn runtime_dir() -> std::path::PathBuf {
    workspace_root().join("codegen/runtime")
}

fn check_feature(feature: &str, tests: &str) -> usize {
    let dir: &Path = &runtime_dir();
    let target = "runtime-features";
    assert_clean_with(dir, target, &["--features", feature]);
    let report = cargo(
        dir,
        target,
        &["test", "--offline", "--lib", "--features", feature, tests],
        &[],
    );
    passed(&report)
}

#[test]
fn sigv4a_builds_cleanly_and_passes_the_sigv4a_suite() {
    // The suite's test and the key cache's.
    assert_eq!(check_feature("sigv4a", "sigv4a::"), 2);
}

#[test]
fn lookaround_builds_cleanly_and_matches_look_around() {
    assert!(check_feature("lookaround", "validation::") > 0);
}
