//! A required member can be set before or after the optional ones, and set again.

use ivs_realtime::types::AutoParticipantRecordingConfiguration;

fn main() {
    let first = AutoParticipantRecordingConfiguration::builder()
        .storage_configuration_arn("")
        .record_participant_replicas(true)
        .build();
    let last = AutoParticipantRecordingConfiguration::builder()
        .record_participant_replicas(true)
        .storage_configuration_arn("old")
        .storage_configuration_arn(String::new())
        .build();
    assert_eq!(first, last);
}
