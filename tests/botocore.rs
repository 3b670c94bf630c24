//! Differential tests against botocore, the AWS SDK for Python's core: for inputs from empty to
//! the documentation's full request and edge cases, this client's request (method, path, body
//! bytes, and the SigV4 `Authorization` header for fixed credentials and clock) equals
//! botocore's; and both parse the same response bodies to the same values.
//!
//! botocore comes from PyPI, installed on first use into `target/botocore-venv`, at the version
//! pinned in `tests/botocore-requirements.txt` (`.ci/run` installs it beforehand).

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use integration_tests::server::{Action, Server};
use integration_tests::workspace_root;
use ivs_realtime::config::Credentials;
use ivs_realtime::operation::create_stage::{CreateStage, CreateStageInput, CreateStageOutput};
use ivs_realtime::{Client, Config};
use serde_json::{Value, json};

fn botocore(job: &Value) -> Value {
    let mut child = Command::new(integration_tests::botocore_python())
        .arg(workspace_root().join("tests/botocore_diff.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(job.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Inputs as botocore parameters, written in model member order (botocore writes the body in the
/// order of the parameters; map keys in sorted order, as this crate's maps keep them).
const INPUTS: &[&str] = &[
    r#"{}"#,
    r#"{"name": "my-stage"}"#,
    r#"{"name": ""}"#,
    r#"{"name": "my-stage", "participantTokenConfigurations": [{"duration": 720, "userId": "user-1", "attributes": {"a": "1", "b": "2"}, "capabilities": ["PUBLISH", "SUBSCRIBE"]}], "tags": {"env": "prod", "team": "video"}, "autoParticipantRecordingConfiguration": {"storageConfigurationArn": "arn:aws:ivs:us-west-2:123456789012:storage-configuration/AbCd1234", "mediaTypes": ["AUDIO_VIDEO"], "thumbnailConfiguration": {"targetIntervalSeconds": 60, "storage": ["SEQUENTIAL", "LATEST"], "recordingMode": "INTERVAL"}, "recordingReconnectWindowSeconds": 30, "hlsConfiguration": {"targetSegmentDurationSeconds": 6}, "recordParticipantReplicas": true}}"#,
    r#"{"autoParticipantRecordingConfiguration": {"storageConfigurationArn": "", "recordingReconnectWindowSeconds": 0, "recordParticipantReplicas": false}}"#,
    r#"{"participantTokenConfigurations": [], "tags": {}}"#,
    r#"{"participantTokenConfigurations": [{}, {"duration": 1}, {"duration": 20160, "capabilities": []}]}"#,
    r#"{"participantTokenConfigurations": [{"userId": "ünïcødé 用户 😀", "attributes": {"": "empty key", "ctl": "tab\tnew\nline\u0001", "emoji": "🎥", "quote\"d": "back\\slash"}}]}"#,
    r#"{"tags": {"k": "", "long": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "\u007f": "del", "ñ": "é"}}"#,
    r#"{"autoParticipantRecordingConfiguration": {"storageConfigurationArn": "", "mediaTypes": ["AUDIO_ONLY"], "thumbnailConfiguration": {"storage": ["LATEST"], "recordingMode": "DISABLED"}}}"#,
    r#"{"autoParticipantRecordingConfiguration": {"storageConfigurationArn": "", "mediaTypes": ["NONE"], "thumbnailConfiguration": {"targetIntervalSeconds": 86400, "storage": []}, "hlsConfiguration": {"targetSegmentDurationSeconds": 2}}}"#,
    r#"{"autoParticipantRecordingConfiguration": {"storageConfigurationArn": "", "thumbnailConfiguration": {}, "hlsConfiguration": {}}}"#,
];

const SIGNING_TIME: u64 = 1_714_566_600; // 2024-05-01T12:30:00Z

#[tokio::test]
async fn requests_equal_botocore_byte_for_byte() {
    let server = Server::start(
        (0..2 * INPUTS.len())
            .map(|_| Action::json(200, "{}"))
            .collect(),
    )
    .await;
    for (access_key, secret_key, token) in [
        (
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("SESSION/TOKEN+="),
        ),
        ("AKID2", "secret2", None),
    ] {
        let client = Client::new(
            &Config::builder()
                .region("eu-west-1")
                .credentials(Credentials::new(
                    access_key,
                    secret_key,
                    token.map(str::to_owned),
                ))
                .endpoint_url(server.url())
                .signing_time(SystemTime::UNIX_EPOCH + Duration::from_secs(SIGNING_TIME))
                .build(),
        );
        let before = server.requests().len();
        for params in INPUTS {
            let input: CreateStageInput = serde_json::from_str(params).unwrap();
            CreateStage::send(&client, input).await.unwrap();
        }
        let ours = &server.requests()[before..];
        let job = json!({
            "requests": INPUTS.iter().map(|params| json!({
                "params": params,
                "endpoint": server.url(),
                "region": "eu-west-1",
                "access_key": access_key,
                "secret_key": secret_key,
                "token": token,
                "time": "2024-05-01T12:30:00",
            })).collect::<Vec<_>>(),
            "responses": [],
        });
        let theirs = botocore(&job);
        let theirs = theirs["requests"].as_array().unwrap();
        assert_eq!(ours.len(), theirs.len());
        for ((request, expected), params) in ours.iter().zip(theirs).zip(INPUTS) {
            assert_eq!(request.method, expected["method"], "{params}");
            assert_eq!(request.target, expected["path"], "{params}");
            assert_eq!(request.body_text(), expected["body"], "{params}");
            for header in [
                "content-type",
                "x-amz-date",
                "x-amz-security-token",
                "authorization",
            ] {
                assert_eq!(
                    request.header(header),
                    expected["headers"][header].as_str(),
                    "{header} of {params}"
                );
            }
        }
    }
    assert_eq!(server.requests().len(), 2 * INPUTS.len());
}

/// Response bodies: the documentation's, partial ones, unknown members and enum values, nulls,
/// timestamps with fractions and offsets.
const RESPONSES: &[&str] = &[
    r#"{}"#,
    r#"{"stage": {"arn": "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234"}}"#,
    r#"{"stage": {"arn": "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234", "name": "s", "activeSessionId": "st-a1b2c3d4e5f6g", "tags": {"a": "b"}, "autoParticipantRecordingConfiguration": {"storageConfigurationArn": "", "mediaTypes": ["AUDIO_VIDEO"], "thumbnailConfiguration": {"targetIntervalSeconds": 60, "storage": ["SEQUENTIAL"], "recordingMode": "DISABLED"}, "recordingReconnectWindowSeconds": 0, "hlsConfiguration": {"targetSegmentDurationSeconds": 6}, "recordParticipantReplicas": true}, "endpoints": {"events": "wss://e", "whip": "https://w", "rtmp": "rtmp://r", "rtmps": "rtmps://r"}}, "participantTokens": [{"participantId": "p", "token": "t", "userId": "u", "attributes": {"k": "v"}, "duration": 720, "capabilities": ["PUBLISH"], "expirationTime": "2024-05-01T13:30:00Z"}]}"#,
    r#"{"participantTokens": [{"expirationTime": "2024-05-01T13:30:00.123456Z"}, {"expirationTime": "2024-05-01T15:30:00+02:00"}, {"capabilities": ["FUTURE_CAPABILITY"]}]}"#,
    r#"{"stage": {"arn": "arn:aws:ivs:us-west-2:123456789012:stage/x", "name": null, "unknownMember": [1, 2, {"x": null}]}, "participantTokens": null, "extra": true}"#,
];

/// Timestamps as integer microseconds, as the Python side writes them.
fn with_micros(mut value: Value) -> Value {
    if let Some(tokens) = value
        .get_mut("participantTokens")
        .and_then(Value::as_array_mut)
    {
        for token in tokens {
            if let Some(time) = token.get_mut("expirationTime") {
                let parsed = time::OffsetDateTime::parse(
                    time.as_str().unwrap(),
                    &time::format_description::well_known::Rfc3339,
                )
                .unwrap();
                *time = json!((parsed.unix_timestamp_nanos() / 1000) as i64);
            }
        }
    }
    value
}

#[test]
fn responses_parse_to_the_same_values_as_botocore() {
    let job = json!({
        "requests": [],
        "responses": RESPONSES.iter().map(|body| json!({"status": 200, "headers": {}, "body": body})).collect::<Vec<_>>(),
    });
    let theirs = botocore(&job);
    for (body, expected) in RESPONSES
        .iter()
        .zip(theirs["responses"].as_array().unwrap())
    {
        let output: CreateStageOutput = serde_json::from_str(body).unwrap();
        let ours = with_micros(serde_json::to_value(&output).unwrap());
        assert_eq!(&ours, expected, "{body}");
    }
}
