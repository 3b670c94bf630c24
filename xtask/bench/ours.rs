//! One side of the benchmark: CreateStage with the documentation's full request, through this
//! project's generated client. `ours ENDPOINT CALLS`: one call when CALLS is 1, else CALLS calls
//! in sequence, then CALLS calls 64 at a time; prints CPU and wall time per call.
//! `ours --instructions CALLS`: CALLS calls to a server in this process, for callgrind.

use std::time::{Duration, Instant, SystemTime};

use ivs_realtime::config::Credentials;
use ivs_realtime::types::{
    AutoParticipantRecordingConfiguration, ParticipantRecordingHlsConfiguration,
    ParticipantRecordingMediaType, ParticipantThumbnailConfiguration, ParticipantTokenCapability,
    ParticipantTokenConfiguration, ThumbnailRecordingMode, ThumbnailStorageType,
};
use ivs_realtime::{Client, Config};

async fn call(client: &Client) {
    client
        .create_stage()
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
        .auto_participant_recording_configuration(
            AutoParticipantRecordingConfiguration::builder()
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
                    ParticipantRecordingHlsConfiguration::builder().target_segment_duration_seconds(4).build(),
                )
                .record_participant_replicas(false)
                .build(),
        )
        .send()
        .await
        .expect("the call succeeds");
}

include!("measure.rs");

async fn client(endpoint: String) -> Client {
    Client::new(
        &Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None))
            .endpoint_url(endpoint)
            .signing_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_566_600))
            .build(),
    )
}

include!("serve.rs");

fn main() {
    let mut args = std::env::args().skip(1);
    let first = args.next().expect("ENDPOINT, or --instructions");
    let calls: usize = args.next().expect("CALLS").parse().unwrap();
    let calls_of = |client: Client| {
        move || {
            let client = client.clone();
            async move { call(&client).await }
        }
    };
    if first == "--instructions" {
        in_process(calls, |endpoint| async move { calls_of(client(endpoint).await) });
        return;
    }
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async move { measure(calls, calls_of(client(first).await)).await });
}
