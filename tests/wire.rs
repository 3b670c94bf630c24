//! The client on the wire, against a server the test starts on 127.0.0.1: the exact request,
//! the documented response parsed field by field, every modeled error and an unknown one,
//! retries, time-outs, broken connections and unreadable answers, each a typed error.

use std::time::{Duration, Instant, SystemTime};

use integration_tests::server::{Action, Server};
use ivs_realtime::config::{Credentials, RetryConfig};
use ivs_realtime::error::SdkError;
use ivs_realtime::operation::create_stage::{CreateStage, CreateStageError, CreateStageInput};
use ivs_realtime::types::{
    AutoParticipantRecordingConfiguration, ParticipantRecordingMediaType,
    ParticipantTokenCapability, ParticipantTokenConfiguration, ThumbnailRecordingMode,
};
use ivs_realtime::{Client, Config};

const STAGE_ARN: &str = "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234";

/// The documentation's response, with every member.
const FULL_RESPONSE: &str = r#"{
    "stage": {
        "arn": "arn:aws:ivs:us-west-2:123456789012:stage/abcdABCD1234",
        "name": "my-stage",
        "activeSessionId": "st-a1b2c3d4e5f6g",
        "tags": {"team": "video"},
        "autoParticipantRecordingConfiguration": {
            "storageConfigurationArn": "arn:aws:ivs:us-west-2:123456789012:storage-configuration/abc",
            "mediaTypes": ["AUDIO_ONLY"],
            "thumbnailConfiguration": {"targetIntervalSeconds": 30, "storage": ["SEQUENTIAL", "LATEST"], "recordingMode": "INTERVAL"},
            "recordingReconnectWindowSeconds": 60,
            "hlsConfiguration": {"targetSegmentDurationSeconds": 4},
            "recordParticipantReplicas": false
        },
        "endpoints": {"events": "wss://events", "whip": "https://whip", "rtmp": "rtmp://rtmp", "rtmps": "rtmps://rtmps"}
    },
    "participantTokens": [{
        "participantId": "p-1",
        "token": "SECRET-TOKEN-VALUE",
        "userId": "user-1",
        "attributes": {"role": "host"},
        "duration": 60,
        "capabilities": ["PUBLISH", "SUBSCRIBE"],
        "expirationTime": "2024-05-01T13:30:00Z"
    }],
    "somethingNew": {"ignored": true}
}"#;

/// The error and its sources, joined as `anyhow` prints them with `{:#}`.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

fn config(server: &Server) -> ivs_realtime::config::ConfigBuilder {
    Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("SESSIONTOKEN".into()),
        ))
        .endpoint_url(server.url())
        .signing_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_566_600))
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
}

fn client(server: &Server) -> Client {
    Client::new(&config(server).build())
}

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
                .storage_configuration_arn("")
                .record_participant_replicas(false)
                .build(),
        )
        .build()
}

#[tokio::test]
async fn sends_the_exact_request() {
    let server = Server::start(vec![Action::json(200, FULL_RESPONSE)]).await;
    CreateStage::send(&client(&server), full_input())
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, "/CreateStage");
    assert_eq!(
        request.body_text(),
        r#"{"name": "my-stage", "participantTokenConfigurations": [{"duration": 60, "userId": "user-1", "attributes": {"role": "host"}, "capabilities": ["PUBLISH", "SUBSCRIBE"]}], "tags": {"team": "video"}, "autoParticipantRecordingConfiguration": {"storageConfigurationArn": "", "recordParticipantReplicas": false}}"#
    );
    let names: Vec<&str> = request.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "host",
            "content-type",
            "x-amz-date",
            "x-amz-security-token",
            "authorization",
            "user-agent",
            "content-length"
        ]
    );
    assert_eq!(
        request.header("host"),
        Some(server.addr.to_string().as_str())
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("x-amz-date"), Some("20240501T123000Z"));
    assert_eq!(request.header("x-amz-security-token"), Some("SESSIONTOKEN"));
    assert_eq!(
        request.header("user-agent"),
        Some("ivs-realtime/0.1.0 rustgen-runtime/0.1.0")
    );
    assert_eq!(
        request.header("content-length"),
        Some(request.body.len().to_string().as_str())
    );
    let authorization = request.header("authorization").unwrap();
    let prefix = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240501/us-west-2/ivs/aws4_request, \
                  SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature=";
    assert!(authorization.starts_with(prefix), "{authorization}");
    let signature = &authorization[prefix.len()..];
    assert_eq!(signature.len(), 64);
    assert!(
        signature
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
}

#[tokio::test]
async fn the_fluent_builder_sends_the_same_request() {
    let server = Server::start(vec![
        Action::json(200, FULL_RESPONSE),
        Action::json(200, FULL_RESPONSE),
    ])
    .await;
    let client = client(&server);
    CreateStage::send(&client, full_input()).await.unwrap();
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
                .storage_configuration_arn("")
                .record_participant_replicas(false)
                .build(),
        )
        .send()
        .await
        .unwrap();
    let requests = server.requests();
    assert_eq!(requests[0], requests[1]);
}

#[tokio::test]
async fn an_empty_input_sends_an_empty_object_and_no_session_token_without_one() {
    let server = Server::start(vec![Action::json(200, "{}")]).await;
    let client = Client::new(
        &config(&server)
            .credentials(Credentials::new("AKID", "SECRET", None))
            .build(),
    );
    let output = client.create_stage().send().await.unwrap();
    assert_eq!(output.stage(), None);
    let request = &server.requests()[0];
    assert_eq!(request.body_text(), "{}");
    assert_eq!(request.header("x-amz-security-token"), None);
    assert!(
        request
            .header("authorization")
            .unwrap()
            .contains("SignedHeaders=content-type;host;x-amz-date, ")
    );
}

#[tokio::test]
async fn parses_the_documented_response() {
    let server = Server::start(vec![Action::json(200, FULL_RESPONSE)]).await;
    let output = client(&server).create_stage().send().await.unwrap();
    let stage = output.stage().unwrap();
    assert_eq!(stage.arn(), STAGE_ARN);
    assert_eq!(stage.name(), Some("my-stage"));
    assert_eq!(stage.active_session_id(), Some("st-a1b2c3d4e5f6g"));
    assert_eq!(
        stage.tags().unwrap().get("team").map(String::as_str),
        Some("video")
    );
    let recording = stage.auto_participant_recording_configuration().unwrap();
    assert_eq!(
        recording.storage_configuration_arn(),
        "arn:aws:ivs:us-west-2:123456789012:storage-configuration/abc"
    );
    assert_eq!(
        recording.media_types(),
        Some(&[ParticipantRecordingMediaType::AudioOnly][..])
    );
    let thumbnails = recording.thumbnail_configuration().unwrap();
    assert_eq!(thumbnails.target_interval_seconds(), Some(30));
    assert_eq!(thumbnails.storage().map(<[_]>::len), Some(2));
    assert_eq!(
        thumbnails.recording_mode(),
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
        (
            endpoints.events(),
            endpoints.whip(),
            endpoints.rtmp(),
            endpoints.rtmps()
        ),
        (
            Some("wss://events"),
            Some("https://whip"),
            Some("rtmp://rtmp"),
            Some("rtmps://rtmps")
        )
    );
    let tokens = output.participant_tokens().unwrap();
    assert_eq!(tokens.len(), 1);
    let token = &tokens[0];
    assert_eq!(token.participant_id(), Some("p-1"));
    assert_eq!(token.token(), Some("SECRET-TOKEN-VALUE"));
    assert_eq!(token.user_id(), Some("user-1"));
    assert_eq!(
        token.attributes().unwrap().get("role").map(String::as_str),
        Some("host")
    );
    assert_eq!(token.duration(), Some(60));
    assert_eq!(
        token.capabilities(),
        Some(
            &[
                ParticipantTokenCapability::Publish,
                ParticipantTokenCapability::Subscribe
            ][..]
        )
    );
    assert_eq!(
        token.expiration_time().map(|t| t.unix_timestamp()),
        Some(1_714_570_200)
    );
    assert!(!format!("{output:?}").contains("SECRET-TOKEN-VALUE"));
}

async fn service_error(action: Action) -> (SdkError<CreateStageError>, usize) {
    let server = Server::start(vec![action]).await;
    let error = client(&server).create_stage().send().await.unwrap_err();
    (error, server.requests().len())
}

#[tokio::test]
async fn each_modeled_error_is_typed() {
    let cases = [
        (400, "ValidationException", "ValidationException: bad name"),
        (
            403,
            "AccessDeniedException",
            "AccessDeniedException: bad name",
        ),
        (
            402,
            "ServiceQuotaExceededException",
            "ServiceQuotaExceededException: bad name",
        ),
        (403, "PendingVerification", "PendingVerification: bad name"),
    ];
    for (status, code, display) in cases {
        let action = Action::Respond {
            status,
            headers: vec![
                (
                    "x-amzn-ErrorType".into(),
                    format!("{code}:http://internal.amazon.com/"),
                ),
                ("x-amzn-RequestId".into(), "req-42".into()),
                ("Cache-Control".into(), "no-store".into()),
            ],
            body: br#"{"exceptionMessage": "bad name"}"#.to_vec(),
        };
        let (error, attempts) = service_error(action).await;
        assert_eq!(attempts, 1, "{code} must not be retried");
        assert_eq!(error.request_id(), Some("req-42"));
        assert_eq!(
            error.to_string(),
            format!("{display} (HTTP {status}, request id req-42)")
        );
        let SdkError::Service(service) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(service.status(), status);
        let inner = error.into_service_error().unwrap();
        assert_eq!(inner.code(), Some(code));
        assert_eq!(inner.message(), Some("bad name"));
        match (code, inner) {
            ("ValidationException", CreateStageError::ValidationException(e)) => {
                assert_eq!(e.cache_control(), Some("no-store"));
                assert_eq!(
                    e.x_amzn_error_type(),
                    Some("ValidationException:http://internal.amazon.com/")
                );
            }
            ("AccessDeniedException", e) => assert!(e.is_access_denied_exception()),
            ("ServiceQuotaExceededException", e) => {
                assert!(e.is_service_quota_exceeded_exception())
            }
            ("PendingVerification", e) => assert!(e.is_pending_verification()),
            (code, e) => panic!("{code}: {e:?}"),
        }
    }
}

#[tokio::test]
async fn the_error_code_can_come_from_the_body() {
    let action = Action::json(
        403,
        r#"{"__type": "com.amazonaws.ivsrealtime#PendingVerification", "exceptionMessage": "verify"}"#,
    );
    let (error, _) = service_error(action).await;
    assert!(error.as_service_error().unwrap().is_pending_verification());
    let action = Action::json(
        403,
        r#"{"code": "AccessDeniedException", "exceptionMessage": "no"}"#,
    );
    let (error, _) = service_error(action).await;
    assert!(
        error
            .as_service_error()
            .unwrap()
            .is_access_denied_exception()
    );
}

#[tokio::test]
async fn an_unknown_error_is_unhandled_with_status_code_message_and_request_id() {
    let (error, attempts) = service_error(Action::error(
        409,
        "ConflictException",
        r#"{"message": "busy"}"#,
    ))
    .await;
    assert_eq!(attempts, 1);
    assert_eq!(
        error.to_string(),
        "ConflictException: busy (HTTP 409, request id req-1234)"
    );
    let Some(CreateStageError::Unhandled(unhandled)) = error.into_service_error() else {
        panic!()
    };
    assert_eq!(
        (
            unhandled.status(),
            unhandled.code(),
            unhandled.message(),
            unhandled.request_id()
        ),
        (
            409,
            Some("ConflictException"),
            Some("busy"),
            Some("req-1234")
        )
    );
}

#[tokio::test]
async fn retries_a_503_then_succeeds() {
    let server = Server::start(vec![
        Action::json(503, "{}"),
        Action::json(200, FULL_RESPONSE),
    ])
    .await;
    let output = client(&server).create_stage().send().await.unwrap();
    assert!(output.stage().is_some());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn retries_throttling_and_caps_the_attempts() {
    let throttled = || Action::error(400, "ThrottlingException", r#"{"message": "slow down"}"#);
    let server = Server::start(vec![
        throttled(),
        throttled(),
        throttled(),
        Action::json(200, "{}"),
    ])
    .await;
    let error = client(&server).create_stage().send().await.unwrap_err();
    assert_eq!(server.requests().len(), 3);
    assert_eq!(
        error.as_service_error().and_then(|e| e.code()),
        Some("ThrottlingException")
    );

    let server = Server::start(vec![Action::json(500, "{}"), Action::json(200, "{}")]).await;
    let client = Client::new(&config(&server).retry(RetryConfig::disabled()).build());
    assert!(client.create_stage().send().await.is_err());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_stalled_server_times_out_near_the_operation_timeout() {
    let server = Server::start(vec![Action::Stall(Duration::from_secs(30))]).await;
    let client = Client::new(
        &config(&server)
            .operation_timeout(Duration::from_millis(300))
            .build(),
    );
    let start = Instant::now();
    let error = client.create_stage().send().await.unwrap_err();
    let elapsed = start.elapsed();
    let SdkError::Timeout(timeout) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(timeout.timeout(), Duration::from_millis(300));
    assert_eq!(error.to_string(), "timed out after 300ms");
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_connection_refused_is_retried_then_a_connection_error() {
    // Nothing listens on the port: nothing was sent, so every attempt is made.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::new(
        &Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(format!("http://127.0.0.1:{port}"))
            .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
            .build(),
    );
    let error = client.create_stage().send().await.unwrap_err();
    assert!(matches!(error, SdkError::Connection(_)), "{error:?}");
    let text = chain(&error);
    assert!(text.starts_with("connection failed: "), "{text}");
    assert_eq!(text.matches("connection failed").count(), 1, "{text}");
}

#[tokio::test]
async fn unreadable_answers_are_response_errors() {
    let cases = [
        (
            Action::json(200, r#"{"stage": {"arn": "#),
            "cannot read the output: EOF while parsing a value at line 1 column 18",
        ),
        (
            Action::json(200, r#"{"stage": {"arn": 42}}"#),
            "cannot read the output: invalid type: integer `42`, expected a string at line 1 column 20",
        ),
        (
            Action::json(200, r#"{"stage": {"name": "no arn"}}"#),
            "cannot read the output: missing field `arn` at line 1 column 28",
        ),
        (
            Action::json(200, "[1, 2]"),
            "cannot read the output: invalid type: sequence, expected a JSON object for CreateStageOutput at line 1 column 0",
        ),
        (
            Action::error(400, "ValidationException", r#"{"exceptionMessage": 7}"#),
            "cannot read the ValidationException error: invalid type: integer `7`, expected a string at line 1 column 22",
        ),
    ];
    for (action, message) in cases {
        let (error, attempts) = service_error(action).await;
        assert_eq!(attempts, 1);
        let SdkError::Response(response) = &error else {
            panic!("{error:?}")
        };
        assert_eq!(response.request_id(), Some("req-1234"));
        let status = response.status();
        assert_eq!(
            chain(&error),
            format!("unreadable response (HTTP {status}, request id req-1234): {message}")
        );
    }
}

#[tokio::test]
async fn an_oversized_body_is_a_response_error() {
    let body = format!("{{\"x\": \"{}\"}}", "a".repeat(9 * 1024 * 1024));
    let (error, attempts) = service_error(Action::json(200, &body)).await;
    assert_eq!(attempts, 1);
    assert_eq!(
        error.to_string(),
        "unreadable response (HTTP 200, request id req-1234): the body is larger than 8388608 bytes"
    );
}

#[tokio::test]
async fn invalid_input_is_not_sent_unless_validation_is_off() {
    let server = Server::start(vec![Action::json(200, "{}")]).await;
    let bad = CreateStageInput::builder().name("not valid!").build();
    let error = CreateStage::send(&client(&server), bad.clone())
        .await
        .unwrap_err();
    assert!(error.is_validation());
    assert_eq!(
        error.to_string(),
        "invalid input, not sent: 1 constraint violation: name: must match the pattern ^[a-zA-Z0-9-_]*$, but is \"not valid!\""
    );
    assert!(server.requests().is_empty());

    let client = Client::new(&config(&server).validate(false).build());
    CreateStage::send(&client, bad).await.unwrap();
    assert_eq!(
        server.requests()[0].body_text(),
        r#"{"name": "not valid!"}"#
    );
}

#[tokio::test]
async fn missing_credentials_fail_before_any_io() {
    let server = Server::start(vec![]).await;
    let client = Client::new(
        &Config::builder()
            .region("us-west-2")
            .endpoint_url(server.url())
            .build(),
    );
    let error = client.create_stage().send().await.unwrap_err();
    assert!(matches!(error, SdkError::Credentials(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "no credentials: none were given to the configuration"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn plain_http_is_refused_outside_loopback() {
    let client = Client::new(
        &Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url("http://example.com")
            .build(),
    );
    let error = client.create_stage().send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid configuration: the endpoint URL \"http://example.com\" uses plain HTTP, which is only allowed to loopback addresses"
    );
}

#[tokio::test]
async fn a_signing_time_beyond_the_year_9999_is_a_configuration_error() {
    let server = Server::start(vec![]).await;
    let far = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(400_000_000_000);
    let client = Client::new(&config(&server).signing_time(far).build());
    let error = client.create_stage().send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid configuration: the signing time is outside the years -9999 to 9999"
    );
    assert!(
        CreateStage::signed_request(&client, &full_input())
            .await
            .is_err()
    );
    assert_eq!(server.requests().len(), 0);
}

#[tokio::test]
async fn clones_share_one_connection() {
    let server = Server::start(vec![Action::json(200, "{}"), Action::json(200, "{}")]).await;
    let client = client(&server);
    let clone = client.clone();
    client.create_stage().send().await.unwrap();
    clone.create_stage().send().await.unwrap();
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.connections(), 1);
}

#[test]
fn an_answer_received_by_other_means_reads_like_a_call_s_own() {
    let answer = |status: u16, headers: &[(&str, &str)], body: &str| {
        let mut response =
            ivs_realtime::http::Response::new(ivs_realtime::bytes::Bytes::from(body.to_owned()));
        *response.status_mut() = ivs_realtime::http::StatusCode::from_u16(status).unwrap();
        for (name, value) in headers {
            response.headers_mut().insert(
                ivs_realtime::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                ivs_realtime::http::HeaderValue::from_str(value).unwrap(),
            );
        }
        CreateStage::read_response(&response)
    };

    let output = answer(200, &[], FULL_RESPONSE).unwrap();
    assert_eq!(output.stage().unwrap().arn(), STAGE_ARN);

    let error = answer(
        400,
        &[
            (
                "x-amzn-ErrorType",
                "ValidationException:http://internal.amazon.com/",
            ),
            ("x-amzn-RequestId", "req-7"),
            ("Cache-Control", "no-store"),
        ],
        r#"{"exceptionMessage": "bad name"}"#,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "ValidationException: bad name (HTTP 400, request id req-7)"
    );
    let Some(CreateStageError::ValidationException(e)) = error.into_service_error() else {
        panic!()
    };
    assert_eq!(e.cache_control(), Some("no-store"));

    let error = answer(200, &[("x-amzn-RequestId", "req-8")], "{").unwrap_err();
    assert_eq!(
        error.to_string(),
        "unreadable response (HTTP 200, request id req-8): cannot read the output"
    );
}

#[tokio::test]
async fn a_kept_connection_the_server_closed_is_not_reused() {
    // The first answer keeps the connection alive by HTTP/1.1's rules, then the server closes
    // it. With retries off, the second call only succeeds if the client notices the close
    // and opens a new connection instead of writing into the closed one.
    let server = Server::start(vec![
        Action::RawThenClose(
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".to_vec(),
            Duration::from_millis(20),
        ),
        Action::json(200, "{}"),
    ])
    .await;
    let client = Client::new(&config(&server).retry(RetryConfig::disabled()).build());
    client.create_stage().send().await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    client.create_stage().send().await.unwrap();
    assert_eq!(server.requests().len(), 2);
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn a_connection_left_by_a_timed_out_call_is_not_reused() {
    let server = Server::start(vec![
        Action::Stall(Duration::from_secs(5)),
        Action::json(200, "{}"),
    ])
    .await;
    let client = Client::new(
        &config(&server)
            .retry(RetryConfig::disabled())
            .operation_timeout(Duration::from_millis(200))
            .build(),
    );
    let error = client.create_stage().send().await.unwrap_err();
    assert!(matches!(error, SdkError::Timeout(_)), "{error:?}");
    client.create_stage().send().await.unwrap();
    assert_eq!(server.connections(), 2);
}

#[tokio::test]
async fn the_request_method_returns_exactly_what_is_sent() {
    let server = Server::start(vec![Action::json(200, "{}")]).await;
    let client = client(&server);
    let request = client
        .create_stage()
        .name("my-stage")
        .participant_token_configurations(
            full_input().participant_token_configurations().unwrap()[0].clone(),
        )
        .tags("team", "video")
        .auto_participant_recording_configuration(
            full_input()
                .auto_participant_recording_configuration()
                .unwrap()
                .clone(),
        )
        .signed_request()
        .await
        .unwrap();
    CreateStage::send(&client, full_input()).await.unwrap();
    let sent = &server.requests()[0];
    assert_eq!(request.method().as_str(), sent.method);
    assert_eq!(
        request.uri().to_string(),
        format!("{}/CreateStage", server.url())
    );
    assert_eq!(request.body().as_ref(), sent.body.as_slice());
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.to_str().unwrap().to_owned()))
        .collect();
    assert_eq!(headers, sent.headers);

    let bad = CreateStageInput::builder().name("bad name").build();
    assert!(
        CreateStage::signed_request(&client, &bad)
            .await
            .unwrap_err()
            .is_validation()
    );
}

#[tokio::test]
async fn https_endpoints_speak_tls() {
    // A server behind an https:// URL that answers in plain HTTP: the client must have opened
    // with a TLS handshake record (0x16), and fail the handshake, rather than talk in the clear.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let first_byte = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut byte = [0u8; 1];
        stream.read_exact(&mut byte).await.unwrap();
        stream
            .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
            .await
            .unwrap();
        byte[0]
    });
    let client = Client::new(
        &Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(format!("https://{addr}"))
            .retry(RetryConfig::disabled())
            .operation_timeout(Duration::from_secs(5))
            .build(),
    );
    let error = client.create_stage().send().await.unwrap_err();
    assert!(matches!(error, SdkError::Connection(_)), "{error:?}");
    assert_eq!(first_byte.await.unwrap(), 0x16);
}

#[test]
fn the_client_is_clone_send_and_sync() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Client>();
    shareable::<Config>();
}

/// The requests an HTTP client of the test's own received.
type Received =
    std::sync::Arc<std::sync::Mutex<Vec<ivs_realtime::http::Request<ivs_realtime::bytes::Bytes>>>>;

/// An HTTP client of the test's own: it records each request and answers from memory, so the
/// call never touches the network.
#[derive(Debug)]
struct Recording(Received);

impl ivs_realtime::runtime::transport::HttpClient for Recording {
    fn send(
        &self,
        request: ivs_realtime::http::Request<ivs_realtime::bytes::Bytes>,
        _options: ivs_realtime::runtime::transport::SendOptions,
    ) -> ivs_realtime::runtime::transport::HttpFuture<'_> {
        self.0.lock().unwrap().push(request);
        let response = ivs_realtime::http::Response::builder()
            .status(200)
            .header("x-amzn-RequestId", "from-memory")
            .body(ivs_realtime::bytes::Bytes::from_static(
                FULL_RESPONSE.as_bytes(),
            ))
            .unwrap();
        Box::pin(std::future::ready(Ok(response)))
    }
}

#[tokio::test]
async fn a_call_goes_through_an_http_client_of_the_user_s() {
    let received = Received::default();
    let client = Client::new(
        &Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .http_client(Recording(std::sync::Arc::clone(&received)))
            .build(),
    );
    let output = client.create_stage().name("my-stage").send().await.unwrap();
    assert_eq!(output.stage().unwrap().arn(), STAGE_ARN);
    let requests = received.lock().unwrap();
    assert_eq!(requests.len(), 1);
    // The request as the endpoint rules and SigV4 make it, with an absolute URI.
    assert_eq!(
        requests[0].uri().to_string(),
        "https://ivsrealtime.us-west-2.amazonaws.com/CreateStage"
    );
    assert_eq!(requests[0].body().as_ref(), br#"{"name": "my-stage"}"#);
    assert!(
        requests[0].headers()["authorization"]
            .to_str()
            .unwrap()
            .starts_with("AWS4-HMAC-SHA256 Credential=AKID/")
    );
}
