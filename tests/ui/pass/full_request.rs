//! The documentation's full request, built the intended way.

use ivs_realtime::operation::create_stage::CreateStageInput;
use ivs_realtime::types::{
    AutoParticipantRecordingConfiguration, ParticipantRecordingHlsConfiguration,
    ParticipantRecordingMediaType, ParticipantThumbnailConfiguration,
    ParticipantTokenCapability, ParticipantTokenConfiguration, ThumbnailRecordingMode,
    ThumbnailStorageType,
};

fn main() {
    let recording = AutoParticipantRecordingConfiguration::builder()
        .storage_configuration_arn("arn:aws:ivs:us-west-2:123456789012:storage-configuration/abc")
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
                .target_segment_duration_seconds(4)
                .build(),
        )
        .record_participant_replicas(false)
        .build();
    let input = CreateStageInput::builder()
        .name("my-stage")
        .participant_token_configurations(
            ParticipantTokenConfiguration::builder()
                .duration(60)
                .user_id("user-1")
                .attributes("role", "host")
                .capabilities(ParticipantTokenCapability::Publish)
                .capabilities(ParticipantTokenCapability::Subscribe)
                .build(),
        )
        .tags("team", "video")
        .auto_participant_recording_configuration(recording)
        .build();
    assert!(input.validate().is_ok());
    assert_eq!(
        input.auto_participant_recording_configuration().map(|c| c.record_participant_replicas()),
        Some(Some(false))
    );
}
