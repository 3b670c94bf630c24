//! The other side of the benchmark: the same CreateStage call through aws-sdk-ivsrealtime, the
//! official AWS SDK for Rust (configured through aws-config, as its documentation shows).
//! `aws ENDPOINT CALLS` and `aws --instructions CALLS`, as `ours`.

use aws_config::BehaviorVersion;
use aws_sdk_ivsrealtime::config::{Credentials, Region};
use aws_sdk_ivsrealtime::types::{
    AutoParticipantRecordingConfiguration, ParticipantRecordingHlsConfiguration,
    ParticipantRecordingMediaType, ParticipantThumbnailConfiguration, ParticipantTokenCapability,
    ParticipantTokenConfiguration, ThumbnailRecordingMode, ThumbnailStorageType,
};
use aws_sdk_ivsrealtime::Client;

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
                .build()
                .expect("the storage configuration ARN is set"),
        )
        .send()
        .await
        .expect("the call succeeds");
}

include!("measure.rs");

async fn client(endpoint: String) -> Client {
    let shared = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-west-2"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "bench",
        ))
        .endpoint_url(endpoint)
        .load()
        .await;
    Client::new(&shared)
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
