//! Hardening: many calls through one client against a loopback server that fails at random
//! (fixed seed) all end in success or a typed error within their time budget; and no secret
//! (participant token, secret access key, session token) ever appears in formatted output; and
//! the client writes no log or trace output at all.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use integration_tests::server::{Action, Server};
use ivs_realtime::config::{Credentials, RetryConfig};
use ivs_realtime::error::SdkError;
use ivs_realtime::operation::create_stage::{CreateStageError, CreateStageOutput};
use ivs_realtime::{Client, Config};

const OK_BODY: &str = r#"{"stage": {"arn": "arn:aws:ivs:us-east-1:123456789012:stage/abc"},
    "participantTokens": [{"participantId": "p", "token": "PARTICIPANT-TOKEN-SECRET"}]}"#;

/// A small deterministic generator (xorshift), so the fault mix is the same on every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn fault(rng: &mut Seeded) -> Action {
    match rng.next() % 11 {
        0 => Action::json(500, r#"{"message": "internal"}"#),
        1 => Action::json(503, ""),
        2 => Action::json(429, r#"{"message": "slow down"}"#),
        3 => Action::error(400, "ThrottlingException", r#"{"message": "throttled"}"#),
        4 => Action::Reset,
        5 => Action::Stall(Duration::from_millis(800)),
        6 => Action::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"stage\":".to_vec()),
        7 => Action::json(200, r#"{"stage": {"arn": 12}"#),
        8 => Action::Raw(b"HTTP/1.1 503 Busy\r\nContent-Length: 500\r\n\r\n{".to_vec()),
        _ => Action::json(200, OK_BODY),
    }
}

fn outcome(result: &Result<CreateStageOutput, SdkError<CreateStageError>>) -> &'static str {
    match result {
        Ok(_) => "success",
        Err(SdkError::Service(_)) => "service error",
        Err(SdkError::Timeout(_)) => "timeout",
        Err(SdkError::Connection(_)) => "connection error",
        Err(SdkError::Interrupted(_)) => "interrupted",
        Err(SdkError::Response(_)) => "unreadable response",
        Err(other) => panic!("unexpected error kind: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_end_in_success_or_a_typed_error_within_the_budget() {
    const CALLS: usize = 2_000;
    let mut rng = Seeded(0x5eed_1234_abcd_ef01);
    let script: Vec<Action> = (0..CALLS * 3).map(|_| fault(&mut rng)).collect();
    let server = Server::start(script).await;
    let budget = Duration::from_millis(400);
    let client = Client::new(
        &Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(server.url())
            .operation_timeout(budget)
            .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(2)))
            .build(),
    );
    let mut counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    for batch in 0..CALLS / 50 {
        let calls = (0..50).map(|_| {
            let client = client.clone();
            tokio::spawn(async move {
                let start = Instant::now();
                let result = client.create_stage().send().await;
                (outcome(&result), start.elapsed())
            })
        });
        for call in calls.collect::<Vec<_>>() {
            let (kind, elapsed) = call.await.expect("no call panics");
            assert!(
                elapsed < budget + Duration::from_millis(300),
                "batch {batch}: {kind} took {elapsed:?}"
            );
            *counts.entry(kind).or_default() += 1;
        }
    }
    println!("outcomes of {CALLS} calls: {counts:?}");
    assert_eq!(counts.values().sum::<usize>(), CALLS);
    for kind in [
        "success",
        "service error",
        "timeout",
        "connection error",
        "interrupted",
        "unreadable response",
    ] {
        assert!(
            counts.get(kind).copied().unwrap_or(0) > 0,
            "no {kind} in {counts:?}"
        );
    }
}

#[tokio::test]
async fn no_secret_appears_in_any_formatted_output() {
    const SECRETS: [&str; 3] = [
        "PARTICIPANT-TOKEN-SECRET",
        "SECRET-ACCESS-KEY-VALUE",
        "SESSION-TOKEN-VALUE",
    ];
    let server = Server::start(vec![
        Action::json(200, OK_BODY),
        Action::error(400, "ValidationException", r#"{"exceptionMessage": "bad"}"#),
        Action::json(200, r#"{"participantTokens": [{"token": 5}]}"#),
    ])
    .await;
    let credentials = Credentials::new(
        "AKID",
        "SECRET-ACCESS-KEY-VALUE",
        Some("SESSION-TOKEN-VALUE".into()),
    );
    let config = Config::builder()
        .region("us-east-1")
        .credentials(credentials.clone())
        .endpoint_url(server.url())
        .build();
    let client = Client::new(&config);
    let output = client.create_stage().send().await.unwrap();
    let service_error = client.create_stage().send().await.unwrap_err();
    let response_error = client.create_stage().send().await.unwrap_err();
    let request = client.create_stage().signed_request().await.unwrap();
    assert_eq!(
        output.participant_tokens().unwrap()[0].token(),
        Some("PARTICIPANT-TOKEN-SECRET")
    );

    let mut texts = vec![
        format!("{output:?}"),
        format!("{:?}", output.participant_tokens().unwrap()),
        format!("{:?}", output.participant_tokens().unwrap()[0]),
        format!("{credentials:?}"),
        format!("{config:?}"),
        format!("{client:?}"),
        format!("{service_error}"),
        format!("{service_error:?}"),
        format!("{response_error}"),
        format!("{response_error:?}"),
    ];
    for error in [&service_error, &response_error] {
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            texts.push(format!("{cause} / {cause:?}"));
            source = cause.source();
        }
    }
    // The signed request carries the session token (it must), but its `Debug` shows neither
    // the token nor the signature, and nothing carries the secret key.
    assert_eq!(
        request.headers()["x-amz-security-token"],
        "SESSION-TOKEN-VALUE"
    );
    texts.push(format!("{:?}", request.headers().get("authorization")));
    texts.push(format!("{request:?}"));
    assert!(!format!("{request:?}").contains("Signature="));
    for text in &texts {
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} leaked in: {text}");
        }
    }
}

/// Nothing in the client writes log or tracing events: neither facade is in the crate's
/// dependency graph, so there is no trace output that could carry a secret.
#[test]
fn no_logging_or_tracing_facade_in_the_dependency_graph() {
    integration_tests::fetch_locked();
    let output = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "--offline",
            "--package",
            "ivs-realtime",
            "--edges",
            "normal",
            "--prefix",
            "none",
        ])
        .current_dir(integration_tests::workspace_root())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let tree = String::from_utf8(output.stdout).unwrap();
    let crates: std::collections::BTreeSet<&str> = tree
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert!(crates.contains("rustgen-runtime"), "{crates:?}");
    assert!(crates.contains("hyper"), "{crates:?}");
    for facade in ["log", "tracing", "tracing-core"] {
        assert!(!crates.contains(facade), "{facade} in {crates:?}");
    }
}
