//! Reliability and security of the runtime, against servers the test starts on 127.0.0.1 (or
//! an HTTP client of the test's own): values that would change the host, operations that must
//! not run twice, the retry quota, attempt timeouts, clock skew, and text from servers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use integration_tests::server::{Action, Server};
use ivs_realtime::bytes::Bytes;
use ivs_realtime::config::{Credentials, RetryConfig};
use ivs_realtime::error::SdkError;
use ivs_realtime::runtime::transport::{HttpClient, HttpError, HttpFuture, SendOptions};
use ivs_realtime::{Client, Config};

fn config(server: &Server) -> ivs_realtime::config::ConfigBuilder {
    Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None))
        .endpoint_url(server.url())
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
}

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

#[tokio::test]
async fn a_region_that_is_not_a_host_label_is_refused_before_anything_is_sent() {
    let server = Server::start(vec![]).await;
    let hostile = [
        "attacker.example#",
        "us-west-2.attacker.example",
        "attacker.example/",
        "user@attacker.example",
        "attacker.example:443",
        "us west 2",
        "us-west-2\r\nHost: attacker.example",
        "-us-west-2",
        "us-west-2-",
        "ús-west-2",
        "",
    ];
    for region in hostile {
        let client = Client::new(&config(&server).region(region).build());
        let error = client.create_stage().send().await.unwrap_err();
        assert!(
            matches!(error, SdkError::Config(_)),
            "{region:?}: {error:?}"
        );
        assert_eq!(
            error.to_string(),
            format!(
                "invalid configuration: the region {region:?} is not a valid host label (1 to \
                 63 letters, digits and hyphens, not starting or ending with a hyphen)"
            )
        );
        // Not even a request to inspect.
        assert!(client.create_stage().signed_request().await.is_err());
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn endpoint_urls_with_user_info_a_query_or_a_fragment_are_refused() {
    let cases = [
        (
            "https://user:hunter2@ivsrealtime.example.com",
            "invalid configuration: the endpoint URL \"https://***@ivsrealtime.example.com\" \
             holds user info; credentials are never sent in a URL",
        ),
        (
            "https://ivsrealtime.example.com/?debug=1",
            "invalid configuration: the endpoint URL \"https://ivsrealtime.example.com/?debug=1\" \
             has a query, which an endpoint cannot carry",
        ),
        (
            "https://ivsrealtime.example.com/#x",
            "invalid configuration: the endpoint URL \"https://ivsrealtime.example.com/#x\" holds \
             a character that cannot be in a URL",
        ),
        (
            "https://ivs_realtime.example.com",
            "invalid configuration: the endpoint URL \"https://ivs_realtime.example.com\" has the \
             host \"ivs_realtime.example.com\", which is not a valid host name",
        ),
        (
            "http://localhost.attacker.example:8080",
            "invalid configuration: the endpoint URL \"http://localhost.attacker.example:8080\" \
             uses plain HTTP, which is only allowed to loopback addresses",
        ),
    ];
    for (url, message) in cases {
        let config = Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(url)
            .build();
        let debug = format!("{config:?} {:?}", config.to_builder());
        assert!(!debug.contains("hunter2"), "{debug}");
        let client = Client::new(&config);
        let error = client.create_stage().send().await.unwrap_err();
        assert_eq!(error.to_string(), message);
        assert!(!format!("{error:?}").contains("hunter2"));
    }
}

#[tokio::test]
async fn localhost_reaches_the_loopback_server() {
    let server = Server::start(vec![Action::json(200, "{}")]).await;
    let url = format!("http://localhost:{}", server.addr.port());
    let client = Client::new(&config(&server).endpoint_url(url).build());
    client.create_stage().send().await.unwrap();
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_success_whose_body_breaks_is_not_sent_again() {
    let truncated =
        || Action::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"stage\":".to_vec());
    let server = Server::start(vec![truncated(), truncated(), truncated()]).await;
    let error = Client::new(&config(&server).build())
        .create_stage()
        .send()
        .await
        .unwrap_err();
    // CreateStage has no idempotency token: the stage may exist now, and a retry would make
    // another.
    assert_eq!(server.requests().len(), 1);
    let SdkError::Interrupted(interrupted) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(interrupted.status(), Some(200));
    assert!(
        chain(&error).starts_with(
            "the request was sent but no whole answer came, after HTTP 200: the operation may \
             have been carried out; it is not safe to repeat, so it was not retried: the \
             answer's body broke off"
        ),
        "{}",
        chain(&error)
    );
}

#[tokio::test]
async fn a_connection_reset_after_the_request_is_not_sent_again() {
    let server = Server::start(vec![Action::Reset, Action::json(200, "{}")]).await;
    let error = Client::new(&config(&server).build())
        .create_stage()
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 1);
    let SdkError::Interrupted(interrupted) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(interrupted.status(), None);
    assert!(
        chain(&error).starts_with(
            "the request was sent but no whole answer came, so the operation may have been \
             carried out; it is not safe to repeat, so it was not retried: the connection \
             failed after the request was sent"
        ),
        "{}",
        chain(&error)
    );
}

#[tokio::test]
async fn throttling_and_server_errors_are_still_retried() {
    let server = Server::start(vec![
        Action::error(400, "ThrottlingException", "{}"),
        Action::json(503, "{}"),
        Action::json(200, "{}"),
    ])
    .await;
    Client::new(&config(&server).build())
        .create_stage()
        .send()
        .await
        .unwrap();
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_hung_attempt_times_out_and_is_not_repeated_once_sent() {
    let server = Server::start(vec![
        Action::Stall(Duration::from_secs(30)),
        Action::json(200, "{}"),
    ])
    .await;
    let client = Client::new(
        &config(&server)
            .attempt_timeout(Duration::from_millis(200))
            .operation_timeout(Duration::from_secs(10))
            .build(),
    );
    let started = std::time::Instant::now();
    let error = client.create_stage().send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    let SdkError::Interrupted(_) = &error else {
        panic!("{error:?}")
    };
    assert!(
        chain(&error).ends_with("no whole answer within 200ms"),
        "{}",
        chain(&error)
    );
    assert_eq!(server.requests().len(), 1);
}

/// Makes the error of a failed exchange.
type MakeError = fn() -> HttpError;

/// An HTTP client of the test's own that fails every exchange with the error `fail` makes,
/// counting the attempts.
#[derive(Debug)]
struct Failing {
    attempts: Arc<AtomicUsize>,
    fail: MakeError,
}

impl HttpClient for Failing {
    fn send(&self, _request: ivs_realtime::http::Request<Bytes>, _: SendOptions) -> HttpFuture<'_> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        Box::pin(std::future::ready(Err((self.fail)())))
    }
}

fn failing(fail: MakeError) -> (Client, Arc<AtomicUsize>) {
    let attempts = Arc::new(AtomicUsize::new(0));
    let config = Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .http_client(Failing {
            attempts: Arc::clone(&attempts),
            fail,
        })
        .build();
    (Client::new(&config), attempts)
}

#[tokio::test]
async fn what_cannot_have_reached_the_server_is_retried() {
    let cases: [(MakeError, usize, &str); 4] = [
        (
            || HttpError::Connect("refused".into()),
            3,
            "connection failed: refused",
        ),
        (
            || HttpError::Exchange("reset".into()),
            3,
            "connection failed: reset",
        ),
        (
            || HttpError::TimedOut {
                timeout: Duration::from_secs(1),
                written: false,
            },
            3,
            "no answer within the attempt timeout of 1s",
        ),
        (
            || HttpError::TimedOut {
                timeout: Duration::from_secs(1),
                written: true,
            },
            1,
            "the request was sent but no whole answer came, so the operation may have been \
             carried out; it is not safe to repeat, so it was not retried: no whole answer \
             within 1s",
        ),
    ];
    for (fail, expected, message) in cases {
        let (client, attempts) = failing(fail);
        let error = client.create_stage().send().await.unwrap_err();
        assert_eq!(attempts.load(Ordering::SeqCst), expected, "{error:?}");
        assert_eq!(chain(&error), message);
    }
}

#[tokio::test]
async fn the_retry_quota_stops_retries_once_spent_and_successes_refill_it() {
    let server = Server::repeating(Action::json(503, "{}")).await;
    // Two retries take 10 tokens: the first call spends the quota.
    let client = Client::new(
        &config(&server)
            .retry(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(1))
                    .with_quota(10),
            )
            .build(),
    );
    assert!(client.create_stage().send().await.is_err());
    assert_eq!(server.requests().len(), 3);
    assert!(client.create_stage().send().await.is_err());
    assert_eq!(server.requests().len(), 4, "no token left for a retry");
    // Clones share the quota.
    assert!(client.clone().create_stage().send().await.is_err());
    assert_eq!(server.requests().len(), 5);

    // Successes give tokens back: five of them pay for one retry.
    let server = Server::start(
        std::iter::repeat_with(|| Action::json(503, "{}"))
            .take(2)
            .chain(std::iter::repeat_with(|| Action::json(200, "{}")).take(5))
            .chain([Action::json(503, "{}"), Action::json(200, "{}")])
            .collect(),
    )
    .await;
    let client = Client::new(
        &config(&server)
            .retry(
                RetryConfig::standard()
                    .with_initial_backoff(Duration::from_millis(1))
                    .with_max_attempts(2)
                    .with_quota(5),
            )
            .build(),
    );
    // 503, retry (quota 5 → 0), 503: failed.
    assert!(client.create_stage().send().await.is_err());
    for _ in 0..5 {
        client.create_stage().send().await.unwrap();
    }
    // 503, retry with the 5 tokens the successes gave back, 200.
    client.create_stage().send().await.unwrap();
    assert_eq!(server.requests().len(), 9);
}

/// `time` as an HTTP date (`Tue, 01 Dec 2026 10:00:00 GMT`).
fn http_date(time: SystemTime) -> String {
    time::OffsetDateTime::from(time)
        .format(time::macros::format_description!(
            "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
        ))
        .unwrap()
}

/// The signing time of a request, from its `X-Amz-Date`.
fn signed_at(request: &integration_tests::server::Recorded) -> SystemTime {
    time::PrimitiveDateTime::parse(
        request.header("x-amz-date").unwrap(),
        time::macros::format_description!("[year][month][day]T[hour][minute][second]Z"),
    )
    .unwrap()
    .assume_utc()
    .into()
}

fn skewed(server_time: SystemTime) -> Action {
    Action::Respond {
        status: 403,
        headers: vec![
            (
                "X-Amzn-ErrorType".into(),
                "InvalidSignatureException".into(),
            ),
            ("Date".into(), http_date(server_time)),
        ],
        body: br#"{"message": "Signature expired"}"#.to_vec(),
    }
}

#[tokio::test]
async fn a_clock_skew_error_corrects_the_clock_and_is_retried_once() {
    let ahead = Duration::from_secs(10 * 60);
    let server = Server::start(vec![
        skewed(SystemTime::now() + ahead),
        Action::json(200, "{}"),
        Action::json(200, "{}"),
    ])
    .await;
    // Retries off: the correction is not a retry of the quota's.
    let client = Client::new(&config(&server).retry(RetryConfig::disabled()).build());
    client.create_stage().send().await.unwrap();
    client.create_stage().send().await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let now = SystemTime::now();
    let near = |time: SystemTime, expected: SystemTime| {
        let gap = time
            .duration_since(expected)
            .unwrap_or_else(|e| e.duration());
        gap < Duration::from_secs(30)
    };
    assert!(near(signed_at(&requests[0]), now));
    assert!(near(signed_at(&requests[1]), now + ahead));
    assert!(
        near(signed_at(&requests[2]), now + ahead),
        "the next call keeps the correction"
    );

    // A refusal from a server whose clock agrees is about something else: no retry.
    let server = Server::start(vec![skewed(SystemTime::now()), Action::json(200, "{}")]).await;
    let error = Client::new(&config(&server).build())
        .create_stage()
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.requests().len(), 1);
    assert_eq!(
        error.as_service_error().and_then(|e| e.code()),
        Some("InvalidSignatureException")
    );

    // Nor twice in one call.
    let later = SystemTime::now() + ahead;
    let server = Server::start(vec![
        skewed(later),
        skewed(later + ahead),
        Action::json(200, "{}"),
    ])
    .await;
    let client = Client::new(&config(&server).retry(RetryConfig::disabled()).build());
    assert!(client.create_stage().send().await.is_err());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn control_characters_from_the_server_are_escaped_in_messages() {
    let server = Server::start(vec![
        Action::error(
            400,
            "ValidationException",
            r#"{"exceptionMessage": "bad name\r\n2026-12-01 INFO all good\u001b[0m"}"#,
        ),
        Action::json(
            400,
            r#"{"__type": "SomethingNew\u0007", "message": "line\nbreak \u202e"}"#,
        ),
    ])
    .await;
    let client = Client::new(&config(&server).build());
    let error = client.create_stage().send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "ValidationException: bad name\\r\\n2026-12-01 INFO all good\\u{1b}[0m (HTTP 400, request \
         id req-1234)"
    );
    let error = client.create_stage().send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "SomethingNew\\u{7}: line\\nbreak \\u{202e} (HTTP 400, request id req-1234)"
    );
    // The values themselves are as received.
    assert_eq!(
        error.as_service_error().and_then(|e| e.message()),
        Some("line\nbreak \u{202e}")
    );
}

/// An HTTP client of the test's own that records the URI of each request and answers `{}`.
#[derive(Debug, Clone, Default)]
struct Paths(Arc<Mutex<Vec<String>>>);

impl HttpClient for Paths {
    fn send(&self, request: ivs_realtime::http::Request<Bytes>, _: SendOptions) -> HttpFuture<'_> {
        self.0.lock().unwrap().push(request.uri().to_string());
        let answer = ivs_realtime::http::Response::builder()
            .status(200)
            .body(Bytes::from_static(b"{}"))
            .unwrap();
        Box::pin(std::future::ready(Ok(answer)))
    }
}

#[tokio::test]
async fn requests_go_to_the_host_the_rules_give_for_a_valid_region() {
    let paths = Paths::default();
    let client = Client::new(
        &Config::builder()
            .region("eu-central-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .http_client(paths.clone())
            .build(),
    );
    client.create_stage().send().await.unwrap();
    assert_eq!(
        *paths.0.lock().unwrap(),
        ["https://ivsrealtime.eu-central-1.amazonaws.com/CreateStage"]
    );
}
