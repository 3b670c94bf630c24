//! Benchmarks of the client's own work for CreateStage: building, validating, serializing and
//! signing the documentation's full request; parsing its full response; and a whole call
//! against a loopback server (which adds the HTTP exchange).
//!
//! `cargo bench -p integration-tests --bench client`

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{Criterion, criterion_group, criterion_main};
use integration_tests::server::{Action, Server};
use ivs_realtime::config::Credentials;
use ivs_realtime::operation::create_stage::{CreateStage, CreateStageInput, CreateStageOutput};
use ivs_realtime::types::{
    AutoParticipantRecordingConfiguration, ParticipantRecordingHlsConfiguration,
    ParticipantRecordingMediaType, ParticipantThumbnailConfiguration, ParticipantTokenCapability,
    ParticipantTokenConfiguration, ThumbnailRecordingMode, ThumbnailStorageType,
};
use ivs_realtime::{Client, Config};

const FULL_RESPONSE: &str = r#"{"stage": {"arn": "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234", "name": "my-stage", "activeSessionId": "st-a1b2c3d4e5f6g", "tags": {"team": "video"}, "autoParticipantRecordingConfiguration": {"storageConfigurationArn": "arn:aws:ivs:us-west-2:123456789012:storage-configuration/abc", "mediaTypes": ["AUDIO_VIDEO"], "thumbnailConfiguration": {"targetIntervalSeconds": 30, "storage": ["SEQUENTIAL", "LATEST"], "recordingMode": "INTERVAL"}, "recordingReconnectWindowSeconds": 60, "hlsConfiguration": {"targetSegmentDurationSeconds": 4}, "recordParticipantReplicas": false}, "endpoints": {"events": "wss://global.events.live-video.net", "whip": "https://f99084460c35.global-bm.whip.live-video.net", "rtmp": "rtmp://f99084460c35.global-contribute-staging.live-video.net/app/", "rtmps": "rtmps://f99084460c35.global-contribute-staging.live-video.net:443/app/"}}, "participantTokens": [{"participantId": "p-1", "token": "eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.eyJleHAiOjE3MTQ1NzAyMDB9.signature", "userId": "user-1", "attributes": {"role": "host"}, "duration": 60, "capabilities": ["PUBLISH", "SUBSCRIBE"], "expirationTime": "2024-05-01T13:30:00Z"}]}"#;

/// The documentation's full request, every member set.
fn full_input() -> CreateStageInput {
    CreateStageInput::builder()
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
                .storage_configuration_arn(
                    "arn:aws:ivs:us-west-2:123456789012:storage-configuration/abc",
                )
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
                .build(),
        )
        .build()
}

fn config(endpoint: &str) -> Config {
    Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("SESSIONTOKEN".into()),
        ))
        .endpoint_url(endpoint)
        .signing_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_566_600))
        .build()
}

fn benches(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = Client::new(&config("https://ivsrealtime.us-west-2.amazonaws.com"));
    c.bench_function("build + validate + serialize + sign (full request)", |b| {
        b.iter(|| {
            runtime
                .block_on(CreateStage::signed_request(
                    &client,
                    black_box(&full_input()),
                ))
                .unwrap()
        })
    });
    c.bench_function("build the full request", |b| b.iter(full_input));
    let input = full_input();
    c.bench_function("validate the full request", |b| {
        b.iter(|| black_box(&input).validate().unwrap())
    });
    c.bench_function("parse the full response", |b| {
        b.iter(|| serde_json::from_str::<CreateStageOutput>(black_box(FULL_RESPONSE)).unwrap())
    });

    let server = runtime.block_on(Server::repeating(Action::json(200, FULL_RESPONSE)));
    let client = Client::new(&config(&server.url()));
    c.bench_function(
        "whole call over loopback (full request and response)",
        |b| {
            b.iter(|| {
                runtime
                    .block_on(CreateStage::send(&client, full_input()))
                    .unwrap()
            })
        },
    );
}

criterion_group!(client, benches);
criterion_main!(client);
