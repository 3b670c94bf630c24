//! A fixed sample of the AWS models in `../shared/models/aws/` of each protocol the generator
//! supports, run through `cargo xtask corpus --diff` as a user runs it: every model of the sample generates, the crates build in one
//! workspace clippy- and rustdoc-clean, their own tests (endpoint rules among them) pass, and the
//! differential test against botocore in each crate compares every case botocore made, with no
//! difference.
//!
//! The whole corpus is the same command without `--sample` (see BENCHMARKS.md, CORPUS).
//! Where the models are absent the test says it skipped and why (`.ci/run` requires them).

use std::process::Command;

use integration_tests::{fetch_locked, sums, workspace_root};

/// Models in the sample of each protocol: spread evenly over the sorted folder, so always the
/// same ones.
const SAMPLES: [(&str, usize); 3] = [("restJson1", 5), ("awsJson1_0", 2), ("awsJson1_1", 2)];

/// Random cases per operation.
const CASES: &str = "3";

#[test]
fn a_sample_of_the_corpus_generates_builds_and_matches_botocore() {
    let models = workspace_root().join("../shared/models/aws");
    if !models.is_dir() {
        println!(
            "skipped the corpus test: {} is absent (.ci/run requires it)",
            models.display()
        );
        return;
    }
    let python = integration_tests::botocore_python();
    fetch_locked();
    for (protocol, sample) in SAMPLES {
        let out = tempfile::tempdir().unwrap();
        let output = Command::new(env!("CARGO"))
            .current_dir(workspace_root())
            .args(["run", "--quiet", "--offline", "-p", "xtask", "--", "corpus"])
            .args(["--protocol", protocol])
            .args(["--sample", &sample.to_string(), "--diff", CASES, "--python"])
            .arg(&python)
            .arg("--out")
            .arg(out.path())
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&output.stdout);
        println!("{report}");
        assert!(
            output.status.success(),
            "{protocol}: {report}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(
            report.contains(&format!("generated {sample} of {sample} models")),
            "{protocol}: {report}"
        );
        for step in ["clippy: ok", "doc: ok", "test: ok"] {
            assert!(
                report.contains(step),
                "{protocol}: no `{step}` in:\n{report}"
            );
        }
        // Every case botocore made is compared, request and answer.
        let made = sums(&report, "botocore: made ")[0];
        let compared = sums(&report, "test: ok for ");
        assert!(made > 0, "{protocol}: {report}");
        // crates, seconds, tests, requests, answers, operations.
        assert_eq!(compared.len(), 6, "{protocol}: {report}");
        assert_eq!(
            (compared[3], compared[4]),
            (made, made),
            "{protocol}: {report}"
        );
    }
}
