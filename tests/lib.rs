//! Shared paths for the integration tests.

use std::path::{Path, PathBuf};

pub mod server;

use ivs_realtime::operation::create_stage::CreateStageInput;
use ivs_realtime::types::{
    AutoParticipantRecordingConfiguration, ParticipantRecordingHlsConfiguration,
    ParticipantRecordingMediaType, ParticipantThumbnailConfiguration, ParticipantTokenCapability,
    ParticipantTokenConfiguration, ThumbnailRecordingMode, ThumbnailStorageType,
};

/// A valid storage configuration ARN.
pub const STORAGE_ARN: &str =
    "arn:aws:ivs:us-west-2:123456789012:storage-configuration/ABcdEFgh1234";

/// The documentation's request, every member set, with realistic values.
pub fn full_request() -> CreateStageInput {
    CreateStageInput::builder()
        .name("keynote-2024_main")
        .participant_token_configurations(
            ParticipantTokenConfiguration::builder()
                .duration(1440)
                .user_id("host-42")
                .attributes("role", "host")
                .attributes("displayName", "Ana María")
                .capabilities(ParticipantTokenCapability::Publish)
                .capabilities(ParticipantTokenCapability::Subscribe)
                .build(),
        )
        .participant_token_configurations(
            ParticipantTokenConfiguration::builder()
                .duration(720)
                .user_id("viewer-7")
                .attributes("seat", "B12")
                .capabilities(ParticipantTokenCapability::Subscribe)
                .build(),
        )
        .tags("project", "keynote")
        .tags("environment", "production")
        .auto_participant_recording_configuration(
            AutoParticipantRecordingConfiguration::builder()
                .storage_configuration_arn(STORAGE_ARN)
                .media_types(ParticipantRecordingMediaType::AudioVideo)
                .thumbnail_configuration(
                    ParticipantThumbnailConfiguration::builder()
                        .target_interval_seconds(30)
                        .storage(ThumbnailStorageType::Sequential)
                        .storage(ThumbnailStorageType::Latest)
                        .recording_mode(ThumbnailRecordingMode::Interval)
                        .build(),
                )
                .recording_reconnect_window_seconds(60)
                .hls_configuration(
                    ParticipantRecordingHlsConfiguration::builder()
                        .target_segment_duration_seconds(6)
                        .build(),
                )
                .record_participant_replicas(false)
                .build(),
        )
        .build()
}

/// The Python interpreter of a virtualenv (`target/botocore-venv`) holding the packages pinned in
/// `tests/botocore-requirements.txt`, created on first use.
pub fn botocore_python() -> PathBuf {
    static READY: std::sync::Mutex<Option<PathBuf>> = std::sync::Mutex::new(None);
    let mut ready = READY.lock().unwrap();
    if let Some(python) = ready.as_ref() {
        return python.clone();
    }
    let requirements = workspace_root().join("tests/botocore-requirements.txt");
    let pinned = std::fs::read_to_string(&requirements).unwrap();
    let venv = workspace_root().join("target/botocore-venv");
    let python = venv.join("bin/python");
    let marker = venv.join("installed-requirements.txt");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(pinned.as_str()) {
        let status = std::process::Command::new("python3")
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .unwrap();
        assert!(status.success(), "python3 -m venv failed");
        let status = std::process::Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements)
            .status()
            .unwrap();
        assert!(
            status.success(),
            "pip install -r {} failed",
            requirements.display()
        );
        std::fs::write(&marker, &pinned).unwrap();
    }
    *ready = Some(python.clone());
    python
}

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    here.parent().map(PathBuf::from).unwrap_or(here)
}

/// The README's example, compiled and run as a doctest so it stays true.
#[doc = include_str!("../README.md")]
pub mod readme {}

/// Where the official model of the whole service is read from: `../shared/models/`, beside this
/// repository. It is not part of the project.
pub const OFFICIAL_MODEL: &str = "../shared/models/ivs-realtime-2020-07-14.json";

/// The official model's path, or `None` after printing that `test` is skipped because the file
/// is absent. `.ci/run` requires the file, so CI never skips.
pub fn official_model(test: &str) -> Option<PathBuf> {
    let path = workspace_root().join(OFFICIAL_MODEL);
    if path.exists() {
        Some(path)
    } else {
        // Straight to stderr: the test harness would hide a `println!` of a passing test.
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "skipped {test}: {} is absent",
            path.display()
        );
        None
    }
}

/// The folder of the AWS service models, beside this repository (`../shared/models/aws/`).
pub const AWS_MODELS: &str = "../shared/models/aws";

/// The model of the AWS service whose file name starts with `prefix` and a date (e.g.
/// `eks-auth` for `eks-auth-2023-11-26.json`), or `None` after printing that `test` is skipped
/// because the folder is absent. `.ci/run` requires it, so CI never skips.
pub fn aws_model(prefix: &str, test: &str) -> Option<PathBuf> {
    let dir = workspace_root().join(AWS_MODELS);
    let found = std::fs::read_dir(&dir).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|path| {
                path.file_name()
                    .and_then(|n| n.to_str())
                    .and_then(|n| n.strip_prefix(prefix))
                    .and_then(|rest| rest.strip_prefix('-'))
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
            })
    });
    if found.is_none() {
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stderr(),
            "skipped {test}: no {prefix} model in {}",
            dir.display()
        );
    }
    found
}

/// Generates the crate of `model` into `dir`, depending on this machine's runtime folder.
pub fn generate_into(model: &Path, dir: &Path) {
    let name = model
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let files = codegen::generate_from_file(model, &name, &codegen::Options::local())
        .unwrap_or_else(|e| panic!("{}: {e}", model.display()));
    codegen::output::sync(dir, &files.files, false).unwrap();
}

/// Runs `cargo ARGS` in `dir`, building into `target/<target>` of this workspace with rustdoc
/// warnings denied and the extra environment `env`. Fails the test with cargo's output unless
/// cargo succeeds; returns its standard output.
pub fn cargo(dir: &Path, target: &str, args: &[&str], env: &[(&str, &str)]) -> String {
    fetch_locked();
    let output = std::process::Command::new(env!("CARGO"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            workspace_root().join("target").join(target),
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

/// Downloads, once per test binary, every package of this workspace's `Cargo.lock` (the
/// optional ones too, such as the runtime's `sigv4a` dependencies), so that the `--offline`
/// builds of generated workspaces, which share that lock file, find them on a fresh machine.
/// Nothing is downloaded when the packages are already there.
pub fn fetch_locked() {
    static FETCHED: std::sync::Once = std::sync::Once::new();
    FETCHED.call_once(|| {
        let output = std::process::Command::new(env!("CARGO"))
            .args(["fetch", "--locked"])
            .current_dir(workspace_root())
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "`cargo fetch --locked` failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    });
}

/// Checks the workspace in `dir` as CI checks this one: clippy on every target with warnings
/// denied, and its documentation with rustdoc warnings denied.
pub fn assert_clean(dir: &Path, target: &str) {
    assert_clean_with(dir, target, &["--workspace"]);
}

/// [`assert_clean`] for the packages and features `selection` gives (`--features x`, `-p y`).
pub fn assert_clean_with(dir: &Path, target: &str, selection: &[&str]) {
    let clippy: Vec<&str> = ["clippy", "--offline"]
        .into_iter()
        .chain(selection.iter().copied())
        .chain(["--all-targets", "--", "-D", "warnings"])
        .collect();
    cargo(dir, target, &clippy, &[]);
    let doc: Vec<&str> = ["doc", "--offline"]
        .into_iter()
        .chain(selection.iter().copied())
        .chain(["--no-deps"])
        .collect();
    cargo(dir, target, &doc, &[]);
}

/// The number of tests that passed, from the `test result: ok. N passed` lines of `cargo test`.
pub fn passed(report: &str) -> usize {
    report
        .lines()
        .filter_map(|line| line.strip_prefix("test result: ok. "))
        .filter_map(|rest| rest.split(' ').next()?.parse::<usize>().ok())
        .sum()
}

/// The numbers in the lines of `report` that start with `prefix` (after any indentation), summed
/// position by position: the figures of `cargo xtask corpus` reports.
pub fn sums(report: &str, prefix: &str) -> Vec<usize> {
    let mut totals = Vec::new();
    for line in report
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix(prefix))
    {
        let numbers = line
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|w| w.parse::<usize>().ok());
        for (i, n) in numbers.enumerate() {
            if totals.len() <= i {
                totals.push(0);
            }
            totals[i] += n;
        }
    }
    totals
}
