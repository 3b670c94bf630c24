//! Shared paths for the integration tests.

use std::path::PathBuf;

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
