//! `storageConfigurationArn` is required: leaving it out does not compile.

use ivs_realtime::types::AutoParticipantRecordingConfiguration;

fn main() {
    let _ = AutoParticipantRecordingConfiguration::builder()
        .record_participant_replicas(false)
        .build();
}
