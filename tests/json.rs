//! JSON of the generated `ivs-realtime` crate: documented camelCase wire names in model member
//! order, unset members absent and explicitly set defaults sent, round trips of every structure,
//! the documentation's response parsed field by field (timestamps included), tolerance of
//! unknown fields and `null`, errors for missing required members and wrong types, enums with
//! unknown values, documented defaults, redaction of the sensitive token in `Debug`, and the
//! modeled error structures.

use std::collections::BTreeMap;

use integration_tests::{STORAGE_ARN, full_request};
use ivs_realtime::operation::create_stage::{CreateStageInput, CreateStageOutput};
use ivs_realtime::types::error::{
    AccessDeniedException, PendingVerification, ServiceQuotaExceededException, ValidationException,
};
use ivs_realtime::types::{
    AutoParticipantRecordingConfiguration, ParticipantRecordingHlsConfiguration,
    ParticipantRecordingMediaType, ParticipantThumbnailConfiguration, ParticipantToken,
    ParticipantTokenCapability, ParticipantTokenConfiguration, Stage, StageEndpoints,
    ThumbnailRecordingMode, ThumbnailStorageType,
};
use serde_json::json;
use time::macros::{datetime, offset};

const STAGE_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234";
const HOST_TOKEN: &str = "eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.host-secret-4f1c";
const VIEWER_TOKEN: &str = "eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.viewer-secret-9a2b";
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Serializes `$value` (of type `$ty`), parses the text back and checks it is equal; evaluates
/// to the JSON text. (A macro, as `serde` itself is not a dependency to name the traits with.)
macro_rules! round_trip {
    ($ty:ty, $value:expr) => {{
        let value: $ty = $value;
        let text = serde_json::to_string(&value).unwrap();
        let back: $ty = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value, "{text}");
        text
    }};
}

/// A realistic response body for the documentation's Response Syntax, every member set.
fn response_body() -> serde_json::Value {
    json!({
        "stage": {
            "arn": STAGE_ARN,
            "name": "keynote-2024_main",
            "activeSessionId": "st-ABCDEFGH12345",
            "tags": {"project": "keynote", "environment": "production"},
            "autoParticipantRecordingConfiguration": {
                "storageConfigurationArn": STORAGE_ARN,
                "mediaTypes": ["AUDIO_ONLY"],
                "thumbnailConfiguration": {
                    "targetIntervalSeconds": 30,
                    "storage": ["SEQUENTIAL", "LATEST"],
                    "recordingMode": "INTERVAL"
                },
                "recordingReconnectWindowSeconds": 60,
                "hlsConfiguration": {"targetSegmentDurationSeconds": 4},
                "recordParticipantReplicas": false
            },
            "endpoints": {
                "events": "wss://global.events.live-video.net",
                "whip": "https://f99084460c35.global-bm.whip.live-video.net",
                "rtmp": "rtmp://f99084460c35.global-contribute.live-video.net/app/",
                "rtmps": "rtmps://f99084460c35.global-contribute.live-video.net:443/app/"
            }
        },
        "participantTokens": [
            {
                "participantId": "hOsT4s2FqL9x",
                "token": HOST_TOKEN,
                "userId": "host-42",
                "attributes": {"displayName": "Ana María", "role": "host"},
                "duration": 1440,
                "capabilities": ["PUBLISH", "SUBSCRIBE"],
                "expirationTime": "2024-05-01T12:30:00Z"
            },
            {
                "participantId": "vIeWeR-7_a",
                "token": VIEWER_TOKEN,
                "userId": "viewer-7",
                "attributes": {},
                "duration": 720,
                "capabilities": ["SUBSCRIBE"],
                "expirationTime": "2024-05-01T12:30:00.123456Z"
            },
            {
                "participantId": "gUeSt",
                "token": "eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.guest",
                "userId": "guest",
                "duration": 1,
                "capabilities": [],
                "expirationTime": "2024-05-01T14:30:00.5+02:00"
            }
        ]
    })
}

fn parse_output(body: &serde_json::Value) -> CreateStageOutput {
    serde_json::from_value(body.clone()).unwrap()
}

fn strings(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
    entries
        .iter()
        .map(|(key, value)| ((*key).to_owned(), (*value).to_owned()))
        .collect()
}

/// The parse error of `text` as `T`, as text.
fn parse_error<T>(text: &str) -> String
where
    T: for<'de> DeserializeWith<'de> + std::fmt::Debug,
{
    T::parse(text).unwrap_err().to_string()
}

/// Lets `parse_error` name the types it parses without a `serde` dependency.
trait DeserializeWith<'de>: Sized {
    fn parse(text: &'de str) -> serde_json::Result<Self>;
}

macro_rules! deserialize_with {
    ($($ty:ty),*) => {$(
        impl<'de> DeserializeWith<'de> for $ty {
            fn parse(text: &'de str) -> serde_json::Result<Self> {
                serde_json::from_str(text)
            }
        }
    )*};
}

deserialize_with!(
    CreateStageInput,
    CreateStageOutput,
    Stage,
    ParticipantToken,
    AutoParticipantRecordingConfiguration,
    ParticipantTokenCapability
);

// ---------------------------------------------------------------------------------------------
// Serialization: wire names, order, absent and explicit members

#[test]
fn full_request_uses_documented_wire_names() {
    let value = serde_json::to_value(full_request()).unwrap();
    assert_eq!(
        value,
        json!({
            "name": "keynote-2024_main",
            "participantTokenConfigurations": [
                {
                    "duration": 1440,
                    "userId": "host-42",
                    "attributes": {"displayName": "Ana María", "role": "host"},
                    "capabilities": ["PUBLISH", "SUBSCRIBE"]
                },
                {
                    "duration": 720,
                    "userId": "viewer-7",
                    "attributes": {"seat": "B12"},
                    "capabilities": ["SUBSCRIBE"]
                }
            ],
            "tags": {"environment": "production", "project": "keynote"},
            "autoParticipantRecordingConfiguration": {
                "storageConfigurationArn": STORAGE_ARN,
                "mediaTypes": ["AUDIO_VIDEO"],
                "thumbnailConfiguration": {
                    "targetIntervalSeconds": 30,
                    "storage": ["SEQUENTIAL", "LATEST"],
                    "recordingMode": "INTERVAL"
                },
                "recordingReconnectWindowSeconds": 60,
                "hlsConfiguration": {"targetSegmentDurationSeconds": 6},
                "recordParticipantReplicas": false
            }
        })
    );
}

#[test]
fn request_members_are_written_in_model_order() {
    assert_eq!(
        serde_json::to_string(&full_request()).unwrap(),
        concat!(
            r#"{"name":"keynote-2024_main","#,
            r#""participantTokenConfigurations":["#,
            r#"{"duration":1440,"userId":"host-42","#,
            r#""attributes":{"displayName":"Ana María","role":"host"},"#,
            r#""capabilities":["PUBLISH","SUBSCRIBE"]},"#,
            r#"{"duration":720,"userId":"viewer-7","attributes":{"seat":"B12"},"#,
            r#""capabilities":["SUBSCRIBE"]}],"#,
            r#""tags":{"environment":"production","project":"keynote"},"#,
            r#""autoParticipantRecordingConfiguration":{"#,
            r#""storageConfigurationArn":"arn:aws:ivs:us-west-2:123456789012:storage-configuration/ABcdEFgh1234","#,
            r#""mediaTypes":["AUDIO_VIDEO"],"#,
            r#""thumbnailConfiguration":{"targetIntervalSeconds":30,"storage":["SEQUENTIAL","LATEST"],"recordingMode":"INTERVAL"},"#,
            r#""recordingReconnectWindowSeconds":60,"#,
            r#""hlsConfiguration":{"targetSegmentDurationSeconds":6},"#,
            r#""recordParticipantReplicas":false}}"#
        )
    );
}

#[test]
fn response_members_are_written_with_wire_names_in_model_order() {
    let output = CreateStageOutput::builder()
        .stage(
            Stage::builder()
                .arn(STAGE_ARN)
                .name("main")
                .active_session_id("st-ABCDEFGH12345")
                .tags("k", "v")
                .auto_participant_recording_configuration(
                    AutoParticipantRecordingConfiguration::builder()
                        .storage_configuration_arn("")
                        .build(),
                )
                .endpoints(
                    StageEndpoints::builder()
                        .events("wss://e")
                        .whip("https://w")
                        .rtmp("rtmp://r")
                        .rtmps("rtmps://s")
                        .build(),
                )
                .build(),
        )
        .participant_tokens(
            ParticipantToken::builder()
                .participant_id("p1")
                .token(HOST_TOKEN)
                .user_id("u1")
                .attributes("a", "b")
                .duration(60)
                .capabilities(ParticipantTokenCapability::Publish)
                .expiration_time(datetime!(2024-05-01 12:30:00 UTC))
                .build(),
        )
        .build();
    assert_eq!(
        serde_json::to_string(&output).unwrap(),
        concat!(
            r#"{"stage":{"arn":"arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234","#,
            r#""name":"main","activeSessionId":"st-ABCDEFGH12345","tags":{"k":"v"},"#,
            r#""autoParticipantRecordingConfiguration":{"storageConfigurationArn":""},"#,
            r#""endpoints":{"events":"wss://e","whip":"https://w","rtmp":"rtmp://r","rtmps":"rtmps://s"}},"#,
            r#""participantTokens":[{"participantId":"p1","#,
            r#""token":"eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.host-secret-4f1c","#,
            r#""userId":"u1","attributes":{"a":"b"},"duration":60,"capabilities":["PUBLISH"],"#,
            r#""expirationTime":"2024-05-01T12:30:00Z"}]}"#
        )
    );
}

#[test]
fn unset_members_are_absent_not_null() {
    assert_eq!(
        serde_json::to_string(&CreateStageInput::builder().build()).unwrap(),
        "{}"
    );
    assert_eq!(
        serde_json::to_string(&CreateStageInput::builder().name("s").build()).unwrap(),
        r#"{"name":"s"}"#
    );
    assert_eq!(
        serde_json::to_string(
            &ParticipantTokenConfiguration::builder()
                .user_id("u")
                .build()
        )
        .unwrap(),
        r#"{"userId":"u"}"#
    );
    assert_eq!(
        serde_json::to_string(
            &AutoParticipantRecordingConfiguration::builder()
                .storage_configuration_arn(STORAGE_ARN)
                .build()
        )
        .unwrap(),
        format!(r#"{{"storageConfigurationArn":"{STORAGE_ARN}"}}"#)
    );
    assert_eq!(
        serde_json::to_string(&ParticipantThumbnailConfiguration::builder().build()).unwrap(),
        "{}"
    );
    assert_eq!(
        serde_json::to_string(&ParticipantRecordingHlsConfiguration::builder().build()).unwrap(),
        "{}"
    );
    assert_eq!(
        serde_json::to_string(&Stage::builder().arn(STAGE_ARN).build()).unwrap(),
        format!(r#"{{"arn":"{STAGE_ARN}"}}"#)
    );
    assert_eq!(
        serde_json::to_string(&StageEndpoints::builder().build()).unwrap(),
        "{}"
    );
    assert_eq!(
        serde_json::to_string(&ParticipantToken::builder().build()).unwrap(),
        "{}"
    );
    assert_eq!(
        serde_json::to_string(&CreateStageOutput::builder().build()).unwrap(),
        "{}"
    );
    // Clearing with `set_…(None)` makes a member absent again.
    assert_eq!(
        serde_json::to_string(&CreateStageInput::builder().name("s").set_name(None).build())
            .unwrap(),
        "{}"
    );
}

#[test]
fn explicitly_set_defaults_are_sent() {
    let recording = AutoParticipantRecordingConfiguration::builder()
        .storage_configuration_arn("")
        .media_types(ParticipantRecordingMediaType::AudioVideo)
        .thumbnail_configuration(
            ParticipantThumbnailConfiguration::builder()
                .target_interval_seconds(60)
                .storage(ThumbnailStorageType::Sequential)
                .recording_mode(ThumbnailRecordingMode::Disabled)
                .build(),
        )
        .recording_reconnect_window_seconds(0)
        .hls_configuration(
            ParticipantRecordingHlsConfiguration::builder()
                .target_segment_duration_seconds(6)
                .build(),
        )
        .record_participant_replicas(false)
        .build();
    assert_eq!(
        serde_json::to_string(&recording).unwrap(),
        concat!(
            r#"{"storageConfigurationArn":"","mediaTypes":["AUDIO_VIDEO"],"#,
            r#""thumbnailConfiguration":{"targetIntervalSeconds":60,"storage":["SEQUENTIAL"],"recordingMode":"DISABLED"},"#,
            r#""recordingReconnectWindowSeconds":0,"hlsConfiguration":{"targetSegmentDurationSeconds":6},"#,
            r#""recordParticipantReplicas":false}"#
        )
    );
    let replicas = AutoParticipantRecordingConfiguration::builder()
        .storage_configuration_arn("")
        .record_participant_replicas(true)
        .build();
    assert_eq!(
        serde_json::to_value(&replicas).unwrap(),
        json!({"storageConfigurationArn": "", "recordParticipantReplicas": true})
    );
    let config = ParticipantTokenConfiguration::builder()
        .duration(720)
        .build();
    assert_eq!(
        serde_json::to_string(&config).unwrap(),
        r#"{"duration":720}"#
    );
}

#[test]
fn explicitly_empty_collections_are_sent() {
    let input = CreateStageInput::builder()
        .set_participant_token_configurations(Some(vec![]))
        .set_tags(Some(BTreeMap::new()))
        .build();
    assert_eq!(
        serde_json::to_string(&input).unwrap(),
        r#"{"participantTokenConfigurations":[],"tags":{}}"#
    );
    let config = ParticipantTokenConfiguration::builder()
        .set_attributes(Some(BTreeMap::new()))
        .set_capabilities(Some(vec![]))
        .build();
    assert_eq!(
        serde_json::to_string(&config).unwrap(),
        r#"{"attributes":{},"capabilities":[]}"#
    );
    let recording = AutoParticipantRecordingConfiguration::builder()
        .storage_configuration_arn("")
        .set_media_types(Some(vec![]))
        .thumbnail_configuration(
            ParticipantThumbnailConfiguration::builder()
                .set_storage(Some(vec![]))
                .build(),
        )
        .build();
    assert_eq!(
        serde_json::to_string(&recording).unwrap(),
        r#"{"storageConfigurationArn":"","mediaTypes":[],"thumbnailConfiguration":{"storage":[]}}"#
    );
    let output = CreateStageOutput::builder()
        .set_participant_tokens(Some(vec![]))
        .build();
    assert_eq!(
        serde_json::to_string(&output).unwrap(),
        r#"{"participantTokens":[]}"#
    );
}

// ---------------------------------------------------------------------------------------------
// Round trips

#[test]
fn every_structure_round_trips() {
    round_trip!(CreateStageInput, full_request());
    round_trip!(CreateStageInput, CreateStageInput::builder().build());
    round_trip!(CreateStageOutput, parse_output(&response_body()));
    round_trip!(CreateStageOutput, CreateStageOutput::builder().build());
    let stage = parse_output(&response_body()).stage().unwrap().clone();
    round_trip!(Stage, stage.clone());
    round_trip!(Stage, Stage::builder().arn(STAGE_ARN).build());
    round_trip!(StageEndpoints, stage.endpoints().unwrap().clone());
    round_trip!(StageEndpoints, StageEndpoints::builder().build());
    let recording = stage
        .auto_participant_recording_configuration()
        .unwrap()
        .clone();
    round_trip!(AutoParticipantRecordingConfiguration, recording.clone());
    round_trip!(
        ParticipantThumbnailConfiguration,
        recording.thumbnail_configuration().unwrap().clone()
    );
    round_trip!(
        ParticipantThumbnailConfiguration,
        ParticipantThumbnailConfiguration::builder().build()
    );
    round_trip!(
        ParticipantRecordingHlsConfiguration,
        recording.hls_configuration().unwrap().clone()
    );
    round_trip!(
        ParticipantRecordingHlsConfiguration,
        ParticipantRecordingHlsConfiguration::builder().build()
    );
    for token in parse_output(&response_body()).participant_tokens().unwrap() {
        round_trip!(ParticipantToken, token.clone());
    }
    round_trip!(ParticipantToken, ParticipantToken::builder().build());
    for config in full_request().participant_token_configurations().unwrap() {
        round_trip!(ParticipantTokenConfiguration, config.clone());
    }
    round_trip!(
        ParticipantTokenConfiguration,
        ParticipantTokenConfiguration::builder().build()
    );
    round_trip!(
        ValidationException,
        ValidationException::builder()
            .exception_message("bad input")
            .build()
    );
    round_trip!(
        AccessDeniedException,
        AccessDeniedException::builder()
            .exception_message("denied")
            .build()
    );
    round_trip!(
        PendingVerification,
        PendingVerification::builder()
            .exception_message("verify")
            .build()
    );
    round_trip!(
        ServiceQuotaExceededException,
        ServiceQuotaExceededException::builder()
            .exception_message("quota")
            .build()
    );
    round_trip!(ValidationException, ValidationException::builder().build());
}

#[test]
fn round_trip_keeps_unknown_enum_values_and_multibyte_text() {
    let config = ParticipantTokenConfiguration::builder()
        .user_id("José 🎥")
        .attributes("ключ", "значение \"quoted\"\n")
        .capabilities(ParticipantTokenCapability::from("FUTURE_VALUE"))
        .build();
    let text = round_trip!(ParticipantTokenConfiguration, config);
    assert_eq!(
        text,
        r#"{"userId":"José 🎥","attributes":{"ключ":"значение \"quoted\"\n"},"capabilities":["FUTURE_VALUE"]}"#
    );
    let recording = AutoParticipantRecordingConfiguration::builder()
        .storage_configuration_arn("")
        .media_types(ParticipantRecordingMediaType::from("VIDEO_ONLY"))
        .thumbnail_configuration(
            ParticipantThumbnailConfiguration::builder()
                .storage(ThumbnailStorageType::from("FIRST"))
                .recording_mode(ThumbnailRecordingMode::from("ON_DEMAND"))
                .build(),
        )
        .build();
    let text = round_trip!(AutoParticipantRecordingConfiguration, recording);
    assert_eq!(
        text,
        r#"{"storageConfigurationArn":"","mediaTypes":["VIDEO_ONLY"],"thumbnailConfiguration":{"storage":["FIRST"],"recordingMode":"ON_DEMAND"}}"#
    );
}

// ---------------------------------------------------------------------------------------------
// The documentation's response

#[test]
fn documented_response_parses_every_field() {
    let output = parse_output(&response_body());

    let stage = output.stage().unwrap();
    assert_eq!(stage.arn(), STAGE_ARN);
    assert_eq!(stage.name(), Some("keynote-2024_main"));
    assert_eq!(stage.active_session_id(), Some("st-ABCDEFGH12345"));
    assert_eq!(
        stage.tags(),
        Some(&strings(&[
            ("environment", "production"),
            ("project", "keynote")
        ]))
    );

    let recording = stage.auto_participant_recording_configuration().unwrap();
    assert_eq!(recording.storage_configuration_arn(), STORAGE_ARN);
    assert_eq!(
        recording.media_types(),
        Some(&[ParticipantRecordingMediaType::AudioOnly][..])
    );
    let thumbnail = recording.thumbnail_configuration().unwrap();
    assert_eq!(thumbnail.target_interval_seconds(), Some(30));
    assert_eq!(
        thumbnail.storage(),
        Some(
            &[
                ThumbnailStorageType::Sequential,
                ThumbnailStorageType::Latest
            ][..]
        )
    );
    assert_eq!(
        thumbnail.recording_mode(),
        Some(&ThumbnailRecordingMode::Interval)
    );
    assert_eq!(recording.recording_reconnect_window_seconds(), Some(60));
    assert_eq!(
        recording
            .hls_configuration()
            .unwrap()
            .target_segment_duration_seconds(),
        Some(4)
    );
    assert_eq!(recording.record_participant_replicas(), Some(false));

    let endpoints = stage.endpoints().unwrap();
    assert_eq!(
        endpoints.events(),
        Some("wss://global.events.live-video.net")
    );
    assert_eq!(
        endpoints.whip(),
        Some("https://f99084460c35.global-bm.whip.live-video.net")
    );
    assert_eq!(
        endpoints.rtmp(),
        Some("rtmp://f99084460c35.global-contribute.live-video.net/app/")
    );
    assert_eq!(
        endpoints.rtmps(),
        Some("rtmps://f99084460c35.global-contribute.live-video.net:443/app/")
    );

    let tokens = output.participant_tokens().unwrap();
    assert_eq!(tokens.len(), 3);

    let host = &tokens[0];
    assert_eq!(host.participant_id(), Some("hOsT4s2FqL9x"));
    assert_eq!(host.token(), Some(HOST_TOKEN));
    assert_eq!(host.user_id(), Some("host-42"));
    assert_eq!(
        host.attributes(),
        Some(&strings(&[("displayName", "Ana María"), ("role", "host")]))
    );
    assert_eq!(host.duration(), Some(1440));
    assert_eq!(
        host.capabilities(),
        Some(
            &[
                ParticipantTokenCapability::Publish,
                ParticipantTokenCapability::Subscribe
            ][..]
        )
    );
    assert_eq!(
        host.expiration_time(),
        Some(datetime!(2024-05-01 12:30:00 UTC))
    );

    let viewer = &tokens[1];
    assert_eq!(viewer.participant_id(), Some("vIeWeR-7_a"));
    assert_eq!(viewer.token(), Some(VIEWER_TOKEN));
    assert_eq!(viewer.user_id(), Some("viewer-7"));
    assert_eq!(viewer.attributes(), Some(&BTreeMap::new()));
    assert_eq!(viewer.duration(), Some(720));
    assert_eq!(
        viewer.capabilities(),
        Some(&[ParticipantTokenCapability::Subscribe][..])
    );
    assert_eq!(
        viewer.expiration_time(),
        Some(datetime!(2024-05-01 12:30:00.123456 UTC))
    );

    let guest = &tokens[2];
    assert_eq!(guest.participant_id(), Some("gUeSt"));
    assert_eq!(
        guest.token(),
        Some("eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ.guest")
    );
    assert_eq!(guest.user_id(), Some("guest"));
    assert_eq!(guest.attributes(), None);
    assert_eq!(guest.duration(), Some(1));
    assert_eq!(guest.capabilities(), Some(&[][..]));
    // The same instant as 12:30:00.5 UTC.
    assert_eq!(
        guest.expiration_time(),
        Some(datetime!(2024-05-01 14:30:00.5 +02:00))
    );
    assert_eq!(
        guest.expiration_time(),
        Some(datetime!(2024-05-01 12:30:00.5 UTC))
    );
    assert_eq!(
        guest
            .expiration_time()
            .map(|time| time.unix_timestamp_nanos()),
        Some(1_714_566_600_500_000_000)
    );

    assert_eq!(output.validate(), Ok(()));
}

#[test]
fn timestamps_parse_with_fractions_and_offsets() {
    for (text, expected) in [
        ("2024-05-01T12:30:00Z", datetime!(2024-05-01 12:30:00 UTC)),
        (
            "2024-05-01T12:30:00.1Z",
            datetime!(2024-05-01 12:30:00.1 UTC),
        ),
        (
            "2024-05-01T12:30:00.123Z",
            datetime!(2024-05-01 12:30:00.123 UTC),
        ),
        (
            "2024-05-01T12:30:00.123456789Z",
            datetime!(2024-05-01 12:30:00.123456789 UTC),
        ),
        (
            "2024-05-01T12:30:00+00:00",
            datetime!(2024-05-01 12:30:00 UTC),
        ),
        (
            "2024-05-01T05:30:00-07:00",
            datetime!(2024-05-01 12:30:00 UTC),
        ),
        (
            "2024-05-01T18:00:00.25+05:30",
            datetime!(2024-05-01 12:30:00.25 UTC),
        ),
    ] {
        let token: ParticipantToken =
            serde_json::from_value(json!({"expirationTime": text})).unwrap();
        assert_eq!(token.expiration_time(), Some(expected), "{text}");
    }
}

#[test]
fn timestamps_are_written_as_rfc3339() {
    for (time, text) in [
        (datetime!(2024-05-01 12:30:00 UTC), "2024-05-01T12:30:00Z"),
        (
            datetime!(2024-05-01 12:30:00.25 UTC),
            "2024-05-01T12:30:00.25Z",
        ),
        (
            datetime!(2024-05-01 12:30:00.123456789 UTC),
            "2024-05-01T12:30:00.123456789Z",
        ),
    ] {
        let token = ParticipantToken::builder().expiration_time(time).build();
        assert_eq!(
            serde_json::to_value(&token).unwrap(),
            json!({"expirationTime": text})
        );
    }
}

/// Smithy's `date-time` format is RFC 3339 "with no UTC offset": a timestamp carrying another
/// offset is written as the same instant in UTC (`Z`).
#[test]
fn timestamps_with_an_offset_are_written_in_utc() {
    let token = ParticipantToken::builder()
        .expiration_time(datetime!(2024-05-01 14:30:00 +02:00))
        .build();
    assert_eq!(
        serde_json::to_value(&token).unwrap(),
        json!({"expirationTime": "2024-05-01T12:30:00Z"})
    );
}

/// An offset with seconds has no RFC 3339 form; written in UTC, as Smithy requires, the
/// instant still serializes.
#[test]
fn timestamps_with_a_seconds_offset_are_written_in_utc() {
    let token = ParticipantToken::builder()
        .expiration_time(datetime!(2024-05-01 12:30:30 +00:00:30))
        .build();
    assert_eq!(
        serde_json::to_value(&token).map_err(|error| error.to_string()),
        Ok(json!({"expirationTime": "2024-05-01T12:30:00Z"}))
    );
}

/// Smithy: "offsets are parsed gracefully, but the datetime is normalized to an offset of zero
/// by converting to UTC".
#[test]
fn parsed_offsets_are_normalized_to_utc() {
    let token: ParticipantToken =
        serde_json::from_value(json!({"expirationTime": "2024-05-01T14:30:00.5+02:00"})).unwrap();
    let time = token.expiration_time().unwrap();
    assert_eq!(time.offset(), offset!(UTC));
    assert_eq!(
        (time.date(), time.time()),
        (
            datetime!(2024-05-01 12:30:00.5 UTC).date(),
            datetime!(2024-05-01 12:30:00.5 UTC).time()
        )
    );
}

#[test]
fn malformed_timestamps_are_errors() {
    for (value, message) in [
        (
            json!("2024-05-01"),
            "invalid date-time \"2024-05-01\": the 'separator' component could not be parsed",
        ),
        (
            json!("yesterday"),
            "invalid date-time \"yesterday\": the 'year' component could not be parsed",
        ),
        (
            json!("2024-05-01T12:30:00"),
            "invalid date-time \"2024-05-01T12:30:00\": the 'offset hour' component could not be parsed",
        ),
        (
            json!("2024-13-01T12:30:00Z"),
            "invalid date-time \"2024-13-01T12:30:00Z\": month was not in range",
        ),
        (
            json!(1_714_566_600),
            "invalid type: integer `1714566600`, expected a string",
        ),
    ] {
        let error = serde_json::from_value::<ParticipantToken>(json!({"expirationTime": value}))
            .unwrap_err();
        assert_eq!(error.to_string(), message);
    }
}

// ---------------------------------------------------------------------------------------------
// Lenient and strict parsing

#[test]
fn unknown_fields_are_ignored_at_every_depth() {
    let body = json!({
        "requestId": "5d3f",
        "stage": {
            "arn": STAGE_ARN,
            "futureMember": {"nested": [1, 2, {"deep": null}]},
            "autoParticipantRecordingConfiguration": {
                "storageConfigurationArn": "",
                "unknownFlag": true,
                "thumbnailConfiguration": {"newSetting": 1.5},
                "hlsConfiguration": {"targetSegmentDurationSeconds": 2, "x": "y"}
            },
            "endpoints": {"srt": "srt://example", "events": "wss://e"}
        },
        "participantTokens": [{"participantId": "p1", "extra": [null]}]
    });
    let expected = CreateStageOutput::builder()
        .stage(
            Stage::builder()
                .arn(STAGE_ARN)
                .auto_participant_recording_configuration(
                    AutoParticipantRecordingConfiguration::builder()
                        .storage_configuration_arn("")
                        .thumbnail_configuration(
                            ParticipantThumbnailConfiguration::builder().build(),
                        )
                        .hls_configuration(
                            ParticipantRecordingHlsConfiguration::builder()
                                .target_segment_duration_seconds(2)
                                .build(),
                        )
                        .build(),
                )
                .endpoints(StageEndpoints::builder().events("wss://e").build())
                .build(),
        )
        .participant_tokens(ParticipantToken::builder().participant_id("p1").build())
        .build();
    assert_eq!(parse_output(&body), expected);

    let input: CreateStageInput =
        serde_json::from_str(r#"{"clientToken":"abc","name":"s","Name":"ignored"}"#).unwrap();
    assert_eq!(input, CreateStageInput::builder().name("s").build());
}

#[test]
fn escaped_keys_and_values_are_decoded() {
    let input: CreateStageInput = serde_json::from_str(
        r#"{"na\u006de":"st\u0061ge","participantTokenConfigurations":[{"capabilities":["PUB\u004cISH"]}],"tags":{"k\"ey":"v\u00e9"}}"#,
    )
    .unwrap();
    assert_eq!(
        input,
        CreateStageInput::builder()
            .name("stage")
            .participant_token_configurations(
                ParticipantTokenConfiguration::builder()
                    .capabilities(ParticipantTokenCapability::Publish)
                    .build(),
            )
            .tags("k\"ey", "vé")
            .build()
    );
    let token: ParticipantToken =
        serde_json::from_str(r#"{"expirationTime":"2024-05-01T12:30:00\u005a"}"#).unwrap();
    assert_eq!(
        token.expiration_time(),
        Some(datetime!(2024-05-01 12:30:00 UTC))
    );
    // From a reader, nothing can be borrowed.
    let stage: Stage =
        serde_json::from_reader(format!(r#"{{"arn":"{STAGE_ARN}","name":"main"}}"#).as_bytes())
            .unwrap();
    assert_eq!(stage, Stage::builder().arn(STAGE_ARN).name("main").build());
}

#[test]
fn null_means_absent() {
    let body = json!({
        "stage": {
            "arn": STAGE_ARN,
            "name": null,
            "activeSessionId": null,
            "tags": null,
            "autoParticipantRecordingConfiguration": null,
            "endpoints": {"events": null, "whip": null, "rtmp": null, "rtmps": null}
        },
        "participantTokens": [{
            "participantId": null,
            "token": null,
            "userId": null,
            "attributes": null,
            "duration": null,
            "capabilities": null,
            "expirationTime": null
        }]
    });
    let expected = CreateStageOutput::builder()
        .stage(
            Stage::builder()
                .arn(STAGE_ARN)
                .endpoints(StageEndpoints::builder().build())
                .build(),
        )
        .participant_tokens(ParticipantToken::builder().build())
        .build();
    assert_eq!(parse_output(&body), expected);
    assert_eq!(
        parse_output(&json!({"stage": null, "participantTokens": null})),
        CreateStageOutput::builder().build()
    );
    let recording: AutoParticipantRecordingConfiguration = serde_json::from_value(json!({
        "storageConfigurationArn": "",
        "mediaTypes": null,
        "thumbnailConfiguration": null,
        "recordingReconnectWindowSeconds": null,
        "hlsConfiguration": null,
        "recordParticipantReplicas": null
    }))
    .unwrap();
    assert_eq!(
        recording,
        AutoParticipantRecordingConfiguration::builder()
            .storage_configuration_arn("")
            .build()
    );
}

#[test]
fn missing_required_member_is_an_error_naming_it() {
    assert_eq!(
        parse_error::<CreateStageOutput>(r#"{"stage":{"name":"main"}}"#),
        "missing field `arn` at line 1 column 24"
    );
    assert_eq!(
        parse_error::<Stage>(r#"{}"#),
        "missing field `arn` at line 1 column 2"
    );
    assert_eq!(
        parse_error::<Stage>(r#"{"arn":null}"#),
        "missing field `arn` at line 1 column 12"
    );
    assert_eq!(
        parse_error::<AutoParticipantRecordingConfiguration>(r#"{"mediaTypes":["NONE"]}"#),
        "missing field `storageConfigurationArn` at line 1 column 23"
    );
    assert_eq!(
        parse_error::<CreateStageInput>(r#"{"autoParticipantRecordingConfiguration":{}}"#),
        "missing field `storageConfigurationArn` at line 1 column 43"
    );
}

#[test]
fn wrong_json_types_are_errors() {
    for (text, message) in [
        (
            r#"{"name":5}"#,
            "invalid type: integer `5`, expected a string at line 1 column 9",
        ),
        (
            r#"{"participantTokenConfigurations":{}}"#,
            "invalid type: map, expected a sequence at line 1 column 34",
        ),
        (
            r#"{"participantTokenConfigurations":[{"duration":"720"}]}"#,
            "invalid type: string \"720\", expected i32 at line 1 column 52",
        ),
        (
            r#"{"participantTokenConfigurations":[{"duration":1.5}]}"#,
            "invalid type: floating point `1.5`, expected i32 at line 1 column 50",
        ),
        (
            r#"{"participantTokenConfigurations":[{"duration":3000000000}]}"#,
            "invalid value: integer `3000000000`, expected i32 at line 1 column 57",
        ),
        (
            r#"{"participantTokenConfigurations":[{"capabilities":["PUBLISH",1]}]}"#,
            "invalid type: integer `1`, expected a string at line 1 column 63",
        ),
        (
            r#"{"participantTokenConfigurations":[7]}"#,
            "invalid type: integer `7`, expected a JSON object for ParticipantTokenConfiguration at line 1 column 36",
        ),
        (
            r#"{"tags":[]}"#,
            "invalid type: sequence, expected a map at line 1 column 8",
        ),
        (
            r#"{"tags":{"k":1}}"#,
            "invalid type: integer `1`, expected a string at line 1 column 14",
        ),
        (
            r#"{"autoParticipantRecordingConfiguration":{"storageConfigurationArn":"","recordParticipantReplicas":"true"}}"#,
            "invalid type: string \"true\", expected a boolean at line 1 column 105",
        ),
        (
            r#"{"autoParticipantRecordingConfiguration":"on"}"#,
            "invalid type: string \"on\", expected a JSON object for AutoParticipantRecordingConfiguration at line 1 column 45",
        ),
        (
            "[]",
            "invalid type: sequence, expected a JSON object for CreateStageInput at line 1 column 0",
        ),
        (
            "null",
            "invalid type: null, expected a JSON object for CreateStageInput at line 1 column 4",
        ),
        ("{\"name\":", "EOF while parsing a value at line 1 column 8"),
    ] {
        assert_eq!(parse_error::<CreateStageInput>(text), message, "{text}");
    }
    assert_eq!(
        parse_error::<ParticipantTokenCapability>("true"),
        "invalid type: boolean `true`, expected a string at line 1 column 4"
    );
    assert_eq!(
        parse_error::<CreateStageOutput>(r#"{"participantTokens":{"token":"x"}}"#),
        "invalid type: map, expected a sequence at line 1 column 21"
    );
}

// ---------------------------------------------------------------------------------------------
// Enums

#[test]
fn enum_values_are_listed_in_model_order() {
    assert_eq!(
        ParticipantTokenCapability::values(),
        ["PUBLISH", "SUBSCRIBE"]
    );
    assert_eq!(
        ParticipantRecordingMediaType::values(),
        ["AUDIO_VIDEO", "AUDIO_ONLY", "NONE"]
    );
    assert_eq!(ThumbnailStorageType::values(), ["SEQUENTIAL", "LATEST"]);
    assert_eq!(ThumbnailRecordingMode::values(), ["INTERVAL", "DISABLED"]);
}

#[test]
fn known_enum_values_convert_both_ways() {
    use ParticipantRecordingMediaType as Media;
    let capabilities = [
        ("PUBLISH", ParticipantTokenCapability::Publish),
        ("SUBSCRIBE", ParticipantTokenCapability::Subscribe),
    ];
    for (text, value) in capabilities {
        assert_eq!(ParticipantTokenCapability::from(text), value);
        assert_eq!(ParticipantTokenCapability::from(text.to_owned()), value);
        assert_eq!(
            text.parse::<ParticipantTokenCapability>(),
            Ok(value.clone())
        );
        assert_eq!(value.as_str(), text);
        assert_eq!(value.as_ref(), text);
        assert_eq!(value.to_string(), text);
        assert_eq!(serde_json::to_value(&value).unwrap(), json!(text));
        assert_eq!(
            serde_json::from_value::<ParticipantTokenCapability>(json!(text)).unwrap(),
            value
        );
    }
    for (text, value) in [
        ("AUDIO_VIDEO", Media::AudioVideo),
        ("AUDIO_ONLY", Media::AudioOnly),
        ("NONE", Media::None),
    ] {
        assert_eq!(Media::from(text), value);
        assert_eq!(Media::from(text.to_owned()), value);
        assert_eq!(text.parse::<Media>(), Ok(value.clone()));
        assert_eq!(value.as_str(), text);
        assert_eq!(value.to_string(), text);
        assert_eq!(serde_json::to_value(&value).unwrap(), json!(text));
        assert_eq!(serde_json::from_value::<Media>(json!(text)).unwrap(), value);
    }
    for (text, value) in [
        ("SEQUENTIAL", ThumbnailStorageType::Sequential),
        ("LATEST", ThumbnailStorageType::Latest),
    ] {
        assert_eq!(ThumbnailStorageType::from(text), value);
        assert_eq!(ThumbnailStorageType::from(text.to_owned()), value);
        assert_eq!(text.parse::<ThumbnailStorageType>(), Ok(value.clone()));
        assert_eq!(value.as_str(), text);
        assert_eq!(value.to_string(), text);
        assert_eq!(serde_json::to_value(&value).unwrap(), json!(text));
        assert_eq!(
            serde_json::from_value::<ThumbnailStorageType>(json!(text)).unwrap(),
            value
        );
    }
    for (text, value) in [
        ("INTERVAL", ThumbnailRecordingMode::Interval),
        ("DISABLED", ThumbnailRecordingMode::Disabled),
    ] {
        assert_eq!(ThumbnailRecordingMode::from(text), value);
        assert_eq!(ThumbnailRecordingMode::from(text.to_owned()), value);
        assert_eq!(text.parse::<ThumbnailRecordingMode>(), Ok(value.clone()));
        assert_eq!(value.as_str(), text);
        assert_eq!(value.to_string(), text);
        assert_eq!(serde_json::to_value(&value).unwrap(), json!(text));
        assert_eq!(
            serde_json::from_value::<ThumbnailRecordingMode>(json!(text)).unwrap(),
            value
        );
    }
}

#[test]
fn known_enum_values_never_become_unknown() {
    for text in ParticipantTokenCapability::values() {
        let value = ParticipantTokenCapability::from(*text);
        assert!(
            !matches!(value, ParticipantTokenCapability::Unknown(_)),
            "{text}"
        );
        let parsed: ParticipantTokenCapability = serde_json::from_value(json!(text)).unwrap();
        assert!(
            !matches!(parsed, ParticipantTokenCapability::Unknown(_)),
            "{text}"
        );
    }
    for text in ParticipantRecordingMediaType::values() {
        let value = ParticipantRecordingMediaType::from(text.to_string());
        assert!(
            !matches!(value, ParticipantRecordingMediaType::Unknown(_)),
            "{text}"
        );
        let parsed: ParticipantRecordingMediaType = serde_json::from_value(json!(text)).unwrap();
        assert!(
            !matches!(parsed, ParticipantRecordingMediaType::Unknown(_)),
            "{text}"
        );
    }
    for text in ThumbnailStorageType::values() {
        let parsed: ThumbnailStorageType = serde_json::from_value(json!(text)).unwrap();
        assert!(
            !matches!(parsed, ThumbnailStorageType::Unknown(_)),
            "{text}"
        );
    }
    for text in ThumbnailRecordingMode::values() {
        let parsed: ThumbnailRecordingMode = serde_json::from_value(json!(text)).unwrap();
        assert!(
            !matches!(parsed, ThumbnailRecordingMode::Unknown(_)),
            "{text}"
        );
    }
}

#[test]
fn unknown_enum_values_are_kept_and_round_trip() {
    let value: ParticipantTokenCapability = serde_json::from_str(r#""FUTURE_VALUE""#).unwrap();
    match &value {
        ParticipantTokenCapability::Unknown(unknown) => {
            assert_eq!(unknown.as_str(), "FUTURE_VALUE");
            assert_eq!(unknown.to_string(), "FUTURE_VALUE");
        }
        other => panic!("expected an unknown value, got {other:?}"),
    }
    assert_eq!(value.as_str(), "FUTURE_VALUE");
    assert_eq!(value.to_string(), "FUTURE_VALUE");
    assert_eq!(serde_json::to_string(&value).unwrap(), r#""FUTURE_VALUE""#);
    assert_eq!(value, ParticipantTokenCapability::from("FUTURE_VALUE"));
    assert_eq!(
        value,
        ParticipantTokenCapability::from("FUTURE_VALUE".to_owned())
    );
    assert_eq!(
        "FUTURE_VALUE".parse::<ParticipantTokenCapability>(),
        Ok(value.clone())
    );
    assert_ne!(value, ParticipantTokenCapability::from("OTHER_VALUE"));
    assert_ne!(value, ParticipantTokenCapability::Publish);

    // Enum values are case-sensitive; an empty string is a value too.
    for text in ["publish", "Publish", " PUBLISH", ""] {
        let value = ParticipantTokenCapability::from(text);
        assert!(
            matches!(value, ParticipantTokenCapability::Unknown(_)),
            "{text:?}"
        );
        assert_eq!(value.as_str(), text);
    }

    let media = ParticipantRecordingMediaType::from("FUTURE_VALUE");
    assert!(matches!(media, ParticipantRecordingMediaType::Unknown(_)));
    assert_eq!(media.as_str(), "FUTURE_VALUE");
    assert_eq!(media.to_string(), "FUTURE_VALUE");
    assert_eq!(serde_json::to_value(&media).unwrap(), json!("FUTURE_VALUE"));

    let storage: ThumbnailStorageType = serde_json::from_value(json!("FUTURE_VALUE")).unwrap();
    assert!(matches!(storage, ThumbnailStorageType::Unknown(_)));
    assert_eq!(storage.to_string(), "FUTURE_VALUE");
    assert_eq!(
        serde_json::to_value(&storage).unwrap(),
        json!("FUTURE_VALUE")
    );

    let mode: ThumbnailRecordingMode = "FUTURE_VALUE".parse().unwrap();
    assert!(matches!(mode, ThumbnailRecordingMode::Unknown(_)));
    assert_eq!(mode.as_str(), "FUTURE_VALUE");
    assert_eq!(serde_json::to_value(&mode).unwrap(), json!("FUTURE_VALUE"));

    // Inside a response.
    let body = json!({
        "stage": {
            "arn": STAGE_ARN,
            "autoParticipantRecordingConfiguration": {
                "storageConfigurationArn": "",
                "mediaTypes": ["FUTURE_VALUE"],
                "thumbnailConfiguration": {"storage": ["FUTURE_VALUE"], "recordingMode": "FUTURE_VALUE"}
            }
        },
        "participantTokens": [{"capabilities": ["PUBLISH", "FUTURE_VALUE"]}]
    });
    let output = parse_output(&body);
    let recording = output
        .stage()
        .unwrap()
        .auto_participant_recording_configuration()
        .unwrap();
    assert_eq!(recording.media_types(), Some(&[media][..]));
    let thumbnail = recording.thumbnail_configuration().unwrap();
    assert_eq!(thumbnail.storage(), Some(&[storage][..]));
    assert_eq!(thumbnail.recording_mode(), Some(&mode));
    assert_eq!(
        output.participant_tokens().unwrap()[0].capabilities(),
        Some(&[ParticipantTokenCapability::Publish, value][..])
    );
    assert_eq!(serde_json::to_value(&output).unwrap(), body);
}

// ---------------------------------------------------------------------------------------------
// Documented defaults

#[test]
fn default_constants_are_the_documented_defaults() {
    assert_eq!(ParticipantTokenConfiguration::DEFAULT_DURATION, 720);
    assert_eq!(ParticipantToken::DEFAULT_DURATION, 720);
    assert_eq!(
        ParticipantThumbnailConfiguration::DEFAULT_TARGET_INTERVAL_SECONDS,
        60
    );
    assert_eq!(
        ParticipantThumbnailConfiguration::DEFAULT_STORAGE,
        [ThumbnailStorageType::Sequential]
    );
    assert_eq!(
        ParticipantThumbnailConfiguration::DEFAULT_RECORDING_MODE,
        ThumbnailRecordingMode::Disabled
    );
    assert_eq!(
        AutoParticipantRecordingConfiguration::DEFAULT_STORAGE_CONFIGURATION_ARN,
        ""
    );
    assert_eq!(
        AutoParticipantRecordingConfiguration::DEFAULT_MEDIA_TYPES,
        [ParticipantRecordingMediaType::AudioVideo]
    );
    assert_eq!(
        (
            AutoParticipantRecordingConfiguration::DEFAULT_RECORDING_RECONNECT_WINDOW_SECONDS,
            AutoParticipantRecordingConfiguration::DEFAULT_RECORD_PARTICIPANT_REPLICAS,
        ),
        (0, true)
    );
    assert_eq!(
        ParticipantRecordingHlsConfiguration::DEFAULT_TARGET_SEGMENT_DURATION_SECONDS,
        6
    );
}

#[test]
fn or_default_accessors_return_the_default_when_unset() {
    let config: ParticipantTokenConfiguration = serde_json::from_str("{}").unwrap();
    assert_eq!(config.duration(), None);
    assert_eq!(config.duration_or_default(), 720);
    let token: ParticipantToken = serde_json::from_str("{}").unwrap();
    assert_eq!(token.duration(), None);
    assert_eq!(token.duration_or_default(), 720);

    let thumbnail: ParticipantThumbnailConfiguration = serde_json::from_str("{}").unwrap();
    assert_eq!(thumbnail.target_interval_seconds(), None);
    assert_eq!(thumbnail.target_interval_seconds_or_default(), 60);
    assert_eq!(thumbnail.storage(), None);
    assert_eq!(
        thumbnail.storage_or_default(),
        [ThumbnailStorageType::Sequential]
    );
    assert_eq!(thumbnail.recording_mode(), None);
    assert_eq!(
        thumbnail.recording_mode_or_default(),
        &ThumbnailRecordingMode::Disabled
    );

    let recording: AutoParticipantRecordingConfiguration =
        serde_json::from_str(r#"{"storageConfigurationArn":""}"#).unwrap();
    assert_eq!(recording.storage_configuration_arn(), "");
    assert_eq!(recording.media_types(), None);
    assert_eq!(
        recording.media_types_or_default(),
        [ParticipantRecordingMediaType::AudioVideo]
    );
    assert_eq!(recording.recording_reconnect_window_seconds(), None);
    assert_eq!(recording.recording_reconnect_window_seconds_or_default(), 0);
    assert_eq!(recording.record_participant_replicas(), None);
    assert!(recording.record_participant_replicas_or_default());

    let hls: ParticipantRecordingHlsConfiguration = serde_json::from_str("{}").unwrap();
    assert_eq!(hls.target_segment_duration_seconds(), None);
    assert_eq!(hls.target_segment_duration_seconds_or_default(), 6);
}

#[test]
fn or_default_accessors_return_the_set_value_when_set() {
    let config = ParticipantTokenConfiguration::builder().duration(5).build();
    assert_eq!(config.duration_or_default(), 5);
    let token = ParticipantToken::builder().duration(20160).build();
    assert_eq!(token.duration_or_default(), 20160);

    let thumbnail: ParticipantThumbnailConfiguration = serde_json::from_value(json!({
        "targetIntervalSeconds": 1,
        "storage": ["LATEST"],
        "recordingMode": "INTERVAL"
    }))
    .unwrap();
    assert_eq!(thumbnail.target_interval_seconds_or_default(), 1);
    assert_eq!(
        thumbnail.storage_or_default(),
        [ThumbnailStorageType::Latest]
    );
    assert_eq!(
        thumbnail.recording_mode_or_default(),
        &ThumbnailRecordingMode::Interval
    );
    // An explicitly empty list is a set value, not the default.
    let empty = ParticipantThumbnailConfiguration::builder()
        .set_storage(Some(vec![]))
        .build();
    assert_eq!(empty.storage_or_default(), &[] as &[ThumbnailStorageType]);

    let recording: AutoParticipantRecordingConfiguration = serde_json::from_value(json!({
        "storageConfigurationArn": STORAGE_ARN,
        "mediaTypes": ["NONE"],
        "recordingReconnectWindowSeconds": 300,
        "recordParticipantReplicas": false
    }))
    .unwrap();
    assert_eq!(recording.storage_configuration_arn(), STORAGE_ARN);
    assert_eq!(
        recording.media_types_or_default(),
        [ParticipantRecordingMediaType::None]
    );
    assert_eq!(
        recording.recording_reconnect_window_seconds_or_default(),
        300
    );
    assert!(!recording.record_participant_replicas_or_default());
    let empty = AutoParticipantRecordingConfiguration::builder()
        .storage_configuration_arn("")
        .set_media_types(Some(vec![]))
        .build();
    assert_eq!(
        empty.media_types_or_default(),
        &[] as &[ParticipantRecordingMediaType]
    );

    let hls = ParticipantRecordingHlsConfiguration::builder()
        .target_segment_duration_seconds(10)
        .build();
    assert_eq!(hls.target_segment_duration_seconds_or_default(), 10);
}

// ---------------------------------------------------------------------------------------------
// The sensitive token

#[test]
fn participant_token_debug_redacts_the_token() {
    let token = ParticipantToken::builder()
        .participant_id("p1")
        .token(HOST_TOKEN)
        .user_id("host-42")
        .duration(60)
        .build();
    assert_eq!(
        format!("{token:?}"),
        "ParticipantToken { participant_id: Some(\"p1\"), \
         token: Some(*** Sensitive Data Redacted ***), user_id: Some(\"host-42\"), \
         attributes: None, duration: Some(60), capabilities: None, expiration_time: None }"
    );
    let pretty = format!("{token:#?}");
    assert!(!pretty.contains(HOST_TOKEN), "{pretty}");
    assert_eq!(pretty.matches(REDACTED).count(), 1, "{pretty}");
    // Absent, it shows as absent.
    assert_eq!(
        format!("{:?}", ParticipantToken::builder().build()),
        "ParticipantToken { participant_id: None, token: None, user_id: None, \
         attributes: None, duration: None, capabilities: None, expiration_time: None }"
    );
    // Redaction is for `Debug` only: the accessor and the wire carry the token.
    assert_eq!(token.token(), Some(HOST_TOKEN));
    assert_eq!(
        serde_json::to_value(&token).unwrap()["token"],
        json!(HOST_TOKEN)
    );
}

#[test]
fn output_debug_redacts_tokens_nested_in_the_list() {
    let output = parse_output(&response_body());
    for debug in [format!("{output:?}"), format!("{output:#?}")] {
        assert!(!debug.contains(HOST_TOKEN), "{debug}");
        assert!(!debug.contains(VIEWER_TOKEN), "{debug}");
        assert!(!debug.contains("secret"), "{debug}");
        assert!(
            !debug.contains("eyJhbGciOiJLTVMiLCJ0eXAiOiJKV1QifQ"),
            "{debug}"
        );
        assert_eq!(debug.matches(REDACTED).count(), 3, "{debug}");
        // The rest is shown.
        assert!(debug.contains("hOsT4s2FqL9x"), "{debug}");
    }
}

#[test]
fn participant_token_builder_debug_redacts_the_token() {
    let builder = ParticipantToken::builder()
        .participant_id("p1")
        .token(VIEWER_TOKEN);
    assert_eq!(
        format!("{builder:?}"),
        "ParticipantTokenBuilder { participant_id: Some(\"p1\"), \
         token: Some(*** Sensitive Data Redacted ***), user_id: None, attributes: None, \
         duration: None, capabilities: None, expiration_time: None }"
    );
    let pretty = format!("{builder:#?}");
    assert!(!pretty.contains(VIEWER_TOKEN), "{pretty}");
    assert_eq!(pretty.matches(REDACTED).count(), 1, "{pretty}");
    let output_builder = CreateStageOutput::builder().participant_tokens(builder.build());
    let debug = format!("{output_builder:?}");
    assert!(!debug.contains(VIEWER_TOKEN), "{debug}");
    assert_eq!(debug.matches(REDACTED).count(), 1, "{debug}");
}

// ---------------------------------------------------------------------------------------------
// Error structures

macro_rules! error_structure_test {
    ($test:ident, $ty:ident) => {
        #[test]
        fn $test() {
            let text = "Stage quota of 1000 reached in us-west-2: \"é\"";
            let error: $ty = serde_json::from_value(json!({
                "exceptionMessage": text,
                "unknown": 1
            }))
            .unwrap();
            assert_eq!(error.message(), Some(text));
            assert_eq!(error.exception_message(), Some(text));
            assert_eq!(error, $ty::builder().exception_message(text).build());
            assert_eq!(
                error.to_string(),
                format!("{}: {text}", stringify!($ty))
            );
            let as_error: &dyn std::error::Error = &error;
            assert_eq!(as_error.to_string(), format!("{}: {text}", stringify!($ty)));
            assert!(as_error.source().is_none());
            let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(error.clone());
            assert_eq!(boxed.to_string(), format!("{}: {text}", stringify!($ty)));

            // Without a message.
            let bare: $ty = serde_json::from_str("{}").unwrap();
            assert_eq!(bare.message(), None);
            assert_eq!(bare.to_string(), stringify!($ty));
            let null: $ty = serde_json::from_str(r#"{"exceptionMessage":null}"#).unwrap();
            assert_eq!(null, bare);

            // Header-bound members are not part of the body.
            let with_headers = $ty::builder()
                .exception_message("m")
                .cache_control("no-store")
                .x_amzn_error_type(stringify!($ty))
                .build();
            assert_eq!(
                serde_json::to_string(&with_headers).unwrap(),
                r#"{"exceptionMessage":"m"}"#
            );
            let parsed: $ty = serde_json::from_str(
                r#"{"exceptionMessage":"m","cacheControl":"no-store","xAmznErrorType":"x"}"#,
            )
            .unwrap();
            assert_eq!(parsed.cache_control(), None);
            assert_eq!(parsed.x_amzn_error_type(), None);
            assert_eq!(parsed.message(), Some("m"));

            // Wrong types are errors.
            assert_eq!(
                serde_json::from_str::<$ty>(r#"{"exceptionMessage":42}"#)
                    .unwrap_err()
                    .to_string(),
                "invalid type: integer `42`, expected a string at line 1 column 22"
            );
        }
    };
}

error_structure_test!(validation_exception, ValidationException);
error_structure_test!(access_denied_exception, AccessDeniedException);
error_structure_test!(pending_verification, PendingVerification);
error_structure_test!(
    service_quota_exceeded_exception,
    ServiceQuotaExceededException
);
