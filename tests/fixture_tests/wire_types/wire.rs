//! The wire forms of unions, blobs, documents, timestamps in lists, maps, headers, labels and
//! the query, and list headers: exact request bytes, and answers read back to exact values.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use wire_example::bytes::Bytes;
use wire_example::document::{Document, Number};
use wire_example::error::SdkError;
use wire_example::http;
use wire_example::operation::probe::Probe;
use wire_example::operation::put_record::PutRecord;
use wire_example::operation::say::Say;
use wire_example::operation::upload::Upload;
use wire_example::time::OffsetDateTime;
use wire_example::types::{Choice, Info, Nest};
use wire_example::waiter::WaitError;
use wire_example::{Client, Config};

/// 2024-05-01T12:30:00Z.
fn noon() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(1_714_566_600).unwrap()
}

fn client() -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(wire_example::config::Credentials::new("AKID", "SECRET", None))
        .endpoint_url("http://127.0.0.1:9")
        .signing_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_566_600))
        .build();
    Client::new(&config)
}

fn header<'a>(request: &'a http::Request<Bytes>, name: &str) -> Option<&'a str> {
    request.headers().get(name).map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn a_request_carries_every_kind_in_its_wire_form() {
    let request = client()
        .put_record()
        .id("a/b")
        .when(noon())
        .tags("plain")
        .tags("with,comma")
        .since(noon())
        .ratio(1.0)
        .at(noon() + wire_example::time::Duration::milliseconds(250))
        .epochs(noon())
        .epochs(noon() + wire_example::time::Duration::seconds(1))
        .choice(Choice::Raw(b"hi".to_vec()))
        .data(b"\x00\xff")
        .doc(Document::Object(BTreeMap::from([
            ("n".to_owned(), Document::from(-1_i64)),
            ("list".to_owned(), Document::Array(vec![Document::Null, Document::from(true)])),
        ])))
        .stamps(noon())
        .blobs("k", b"v".to_vec())
        .matrix(vec!["x".to_owned()])
        .matrix(Vec::new())
        .signed_request()
        .await
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    // The URI pattern's constant query first, then the members', in model order, as botocore
    // writes them.
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:9/records/a%2Fb/2024-05-01T12%3A30%3A00Z?v=2\
         &at=2024-05-01T12%3A30%3A00.250000Z&epoch=2024-05-01T12%3A30%3A00Z\
         &epoch=2024-05-01T12%3A30%3A01Z"
    );
    assert_eq!(header(&request, "x-tags"), Some(r#"plain,"with,comma""#));
    assert_eq!(header(&request, "x-since"), Some("Wed, 01 May 2024 12:30:00 GMT"));
    assert_eq!(header(&request, "x-ratio"), Some("1.0"));
    assert_eq!(
        std::str::from_utf8(request.body()).unwrap(),
        r#"{"choice": {"RAW": "aGk="}, "data": "AP8=", "doc": {"list": [null, true], "n": -1}, "stamps": ["2024-05-01T12:30:00Z"], "blobs": {"k": "dg=="}, "matrix": [["x"], []]}"#
    );
}

#[tokio::test]
async fn an_empty_list_header_is_not_sent_and_a_unit_member_is_an_empty_object() {
    let request = client()
        .put_record()
        .id("a")
        .when(noon())
        .set_tags(Some(Vec::new()))
        .choice(Choice::Nothing)
        .signed_request()
        .await
        .unwrap();
    assert_eq!(header(&request, "x-tags"), None);
    assert_eq!(request.body().as_ref(), br#"{"choice": {"nothing": {}}}"#);
}

#[tokio::test]
async fn a_member_this_crate_does_not_know_cannot_be_sent() {
    let error = client()
        .put_record()
        .id("a")
        .when(noon())
        .choice(Choice::Unknown("future".to_owned()))
        .signed_request()
        .await
        .unwrap_err();
    assert!(matches!(error, SdkError::Serialization(_)), "{error:?}");
    let source = std::error::Error::source(&error).unwrap().to_string();
    assert_eq!(
        source,
        "the union `Choice` holds a member this crate does not know (`future`), which cannot be sent"
    );
}

#[tokio::test]
async fn a_union_member_is_validated_at_its_path() {
    let error = client()
        .put_record()
        .id("a")
        .when(noon())
        .choice(Choice::Nested(Box::new(
            Nest::builder().inner(Choice::Text("too long".to_owned())).build(),
        )))
        .data(vec![0; 17])
        .score(0.05)
        .signed_request()
        .await
        .unwrap_err();
    let SdkError::Validation(error) = error else {
        panic!("{error:?}")
    };
    let violations: Vec<String> = error.violations().iter().map(ToString::to_string).collect();
    assert_eq!(
        violations,
        [
            "choice.nested.inner.text: must be at most 5 characters long, but is 8 characters \
             long: \"too long\"",
            "data: must be at most 16 bytes long, but is 17 bytes long",
            "score: must be between 0.1 and 1.5, but is 0.05",
        ]
    );
}

fn answer(headers: &[(&str, &str)], body: &str) -> http::Response<Bytes> {
    let mut response = http::Response::builder().status(200);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    response.body(Bytes::from(body.to_owned())).unwrap()
}

#[test]
fn answers_are_read_back_to_exact_values() {
    let output = PutRecord::read_response(&answer(
        &[
            ("x-ids", "1, 2,3"),
            ("x-names", r#"a,"b,c""#),
            ("x-modified", "Wed, 01 May 2024 12:30:00 GMT"),
            (
                "x-seen",
                "Wed, 01 May 2024 12:30:00 GMT, Wed, 01 May 2024 12:30:00 GMT",
            ),
        ],
        r#"{"choice": {"__type": "Choice", "count": null, "when": "2024-05-01T14:30:00+02:00"},
            "data": "AP8=", "doc": {"big": 18446744073709551615, "f": 2.5},
            "epochs": [1714566600, 1714566600.5]}"#,
    ))
    .unwrap();
    assert_eq!(output.choice(), Some(&Choice::When(noon())));
    assert_eq!(output.choice().and_then(Choice::as_when), Some(noon()));
    assert_eq!(output.data(), Some(&b"\x00\xff"[..]));
    assert_eq!(
        output.doc(),
        Some(&Document::Object(BTreeMap::from([
            ("big".to_owned(), Document::Number(Number::PosInt(u64::MAX))),
            ("f".to_owned(), Document::Number(Number::Float(2.5))),
        ])))
    );
    assert_eq!(
        output.epochs(),
        Some(&[noon(), noon() + wire_example::time::Duration::milliseconds(500)][..])
    );
    assert_eq!(output.ids(), Some(&[1, 2, 3][..]));
    assert_eq!(output.names(), Some(&["a".to_owned(), "b,c".to_owned()][..]));
    assert_eq!(output.modified(), Some(noon()));
    assert_eq!(output.seen(), Some(&[noon(), noon()][..]));
}

#[test]
fn a_query_binding_in_an_answer_means_the_body() {
    let output = PutRecord::read_response(&answer(&[], r#"{"position": "p-2"}"#)).unwrap();
    assert_eq!(output.position(), Some("p-2"));
}

#[test]
fn a_union_member_newer_than_the_model_keeps_its_name() {
    let output =
        PutRecord::read_response(&answer(&[], r#"{"choice": {"future": {"a": 1}}}"#)).unwrap();
    assert_eq!(output.choice(), Some(&Choice::Unknown("future".to_owned())));
    assert!(output.choice().unwrap().is_unknown());
}

#[test]
fn a_union_with_two_members_or_none_is_refused() {
    for (body, message) in [
        (
            r#"{"choice": {"text": "a", "count": 1}}"#,
            "the union `Choice` holds more than one member",
        ),
        (r#"{"choice": {}}"#, "the union `Choice` holds no member"),
    ] {
        let error = PutRecord::read_response(&answer(&[], body)).unwrap_err();
        let SdkError::Response(_) = &error else {
            panic!("{error:?}")
        };
        let source = std::error::Error::source(&error).unwrap().to_string();
        assert!(source.contains(message), "{source}");
    }
}

#[test]
fn a_bad_header_or_blob_is_refused_with_its_name() {
    for (headers, body, message) in [
        (
            vec![("x-ids", "1,x")],
            "{}",
            r#"the header `x-ids` holds "x": invalid digit found in string"#,
        ),
        (
            vec![("x-modified", "yesterday")],
            "{}",
            r#"the header `x-modified` holds "yesterday": invalid http-date "yesterday""#,
        ),
        (vec![], r#"{"data": "***"}"#, "invalid base64"),
    ] {
        let error = PutRecord::read_response(&answer(&headers, body)).unwrap_err();
        let source = std::error::Error::source(&error).unwrap().to_string();
        assert!(source.contains(message), "{source}");
    }
}

fn client_at(endpoint: &str) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(wire_example::config::Credentials::new("AKID", "SECRET", None))
        .endpoint_url(endpoint)
        .build();
    Client::new(&config)
}

#[tokio::test]
async fn a_host_prefix_goes_before_the_host_with_its_labels() {
    let request = client_at("https://wire.example.com")
        .ping()
        .account_id("123456789012")
        .signed_request()
        .await
        .unwrap();
    assert_eq!(
        request.uri().to_string(),
        "https://123456789012.data-wire.example.com/ping"
    );
    assert_eq!(
        header(&request, "host"),
        Some("123456789012.data-wire.example.com")
    );
    assert!(
        header(&request, "authorization")
            .unwrap()
            .contains("SignedHeaders=content-type;host;x-amz-date")
    );
    assert_eq!(request.body().as_ref(), br#"{"accountId": "123456789012"}"#);
    // Not before an IP address, whose name it would break.
    let request = client_at("http://127.0.0.1:9")
        .ping()
        .account_id("123456789012")
        .signed_request()
        .await
        .unwrap();
    assert_eq!(request.uri().to_string(), "http://127.0.0.1:9/ping");
}

#[tokio::test]
async fn a_host_label_that_could_change_the_host_is_refused() {
    for value in ["evil.com/", "a b", "-a", "", "a..b"] {
        let error = client_at("https://wire.example.com")
            .ping()
            .account_id(value)
            .signed_request()
            .await
            .unwrap_err();
        let SdkError::Validation(error) = error else {
            panic!("{value:?}: {error:?}")
        };
        assert_eq!(
            error.violations()[0].to_string(),
            format!(
                "accountId: must be a host label (letters, digits and hyphens, dot-separated \
                 parts of 1 to 63, no part starting or ending with a hyphen): it is part of the \
                 host name, but is {value:?}"
            )
        );
    }
}

#[tokio::test]
async fn a_payload_member_is_the_whole_body() {
    let request = client()
        .upload()
        .id("a")
        .content(b"\x00raw".to_vec())
        .signed_request()
        .await
        .unwrap();
    assert_eq!(request.body().as_ref(), b"\x00raw");
    // As botocore sends a blob payload: no `Content-Type` unless a member gives one.
    assert_eq!(header(&request, "content-type"), None);
    let empty = client().upload().id("a").signed_request().await.unwrap();
    assert_eq!(empty.body().as_ref(), b"");
    assert_eq!(header(&empty, "content-type"), None);
    // `aws.auth#unsignedPayload`: the body is not hashed, the header saying so is signed.
    for signed in [&request, &empty] {
        assert_eq!(header(signed, "x-amz-content-sha256"), Some("UNSIGNED-PAYLOAD"));
        assert!(
            header(signed, "authorization")
                .unwrap()
                .contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"),
            "{signed:?}"
        );
    }
    assert_eq!(
        header(&request, "authorization"),
        header(&empty, "authorization")
    );

    let info = Info::builder().size(3).choice(Choice::Count(1)).build();
    let request = client().say().info(info).signed_request().await.unwrap();
    assert_eq!(request.body().as_ref(), br#"{"size": 3, "choice": {"count": 1}}"#);
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    // An unset structure payload is an empty object, as botocore sends it.
    let request = client().say().signed_request().await.unwrap();
    assert_eq!(request.body().as_ref(), b"{}");
}

#[test]
fn a_payload_member_is_read_from_the_whole_body() {
    let output = Upload::read_response(&answer(&[("etag", "e-1")], r#"{"size": 7}"#)).unwrap();
    assert_eq!(output.etag(), Some("e-1"));
    assert_eq!(output.info().and_then(Info::size), Some(7));
    let output = Upload::read_response(&answer(&[], "")).unwrap();
    assert_eq!(output.info(), None);
    let output = Say::read_response(&answer(&[], "hello, world")).unwrap();
    assert_eq!(output.reply(), Some("hello, world"));
}

#[tokio::test]
async fn sparse_lists_and_maps_keep_their_nulls_both_ways() {
    let request = client()
        .put_record()
        .id("a")
        .when(noon())
        .maybe(Some("x".to_owned()))
        .maybe(None)
        .whens("a", None)
        .whens("b", Some(noon()))
        .signed_request()
        .await
        .unwrap();
    assert_eq!(
        std::str::from_utf8(request.body()).unwrap(),
        r#"{"maybe": ["x", null], "whens": {"a": null, "b": "2024-05-01T12:30:00Z"}}"#
    );
    let output = PutRecord::read_response(&answer(
        &[],
        r#"{"maybe": [null, "y"], "whens": {"a": null, "b": "2024-05-01T12:30:00Z"}}"#,
    ))
    .unwrap();
    assert_eq!(output.maybe(), Some(&[None, Some("y".to_owned())][..]));
    assert_eq!(
        output.whens(),
        Some(&BTreeMap::from([
            ("a".to_owned(), None),
            ("b".to_owned(), Some(noon()))
        ]))
    );
    // A null item is not checked; a present one is.
    let error = client()
        .put_record()
        .id("a")
        .when(noon())
        .maybe(None)
        .maybe(Some("far too long".to_owned()))
        .signed_request()
        .await
        .unwrap_err();
    let SdkError::Validation(error) = error else {
        panic!("{error:?}")
    };
    assert_eq!(
        error.violations()[0].to_string(),
        "maybe[1]: must be at most 5 characters long, but is 12 characters long: \"far too long\""
    );
}

#[test]
fn a_response_code_member_holds_the_status() {
    let response = http::Response::builder()
        .status(206)
        .body(Bytes::from_static(br#"{"note": "partial", "code": 1}"#))
        .unwrap();
    let output = Probe::read_response(&response).unwrap();
    // The status, not a body member of the same name.
    assert_eq!(output.code(), Some(206));
    assert_eq!(output.note(), Some("partial"));
}

#[tokio::test]
async fn prefix_headers_query_maps_and_media_type_headers_travel_as_http_says() {
    let request = client()
        .put_record()
        .id("a")
        .when(noon())
        .at(noon())
        .meta("color", "red")
        .extra("at", vec!["ignored".to_owned()])
        .extra("page", vec!["1".to_owned(), "2".to_owned()])
        .settings(r#"{"a":1}"#)
        .signed_request()
        .await
        .unwrap();
    // A named query parameter wins over the map's entry of the same name.
    assert_eq!(
        request.uri().query(),
        Some("v=2&at=2024-05-01T12%3A30%3A00Z&page=1&page=2")
    );
    assert_eq!(header(&request, "x-meta-color"), Some("red"));
    assert_eq!(header(&request, "x-settings"), Some("eyJhIjoxfQ=="));

    let output = PutRecord::read_response(&answer(
        &[
            ("x-meta-color", "red"),
            ("X-Meta-Size", "9"),
            ("x-settings", "eyJhIjoxfQ=="),
        ],
        "{}",
    ))
    .unwrap();
    assert_eq!(
        output.meta(),
        Some(&BTreeMap::from([
            ("color".to_owned(), "red".to_owned()),
            ("size".to_owned(), "9".to_owned())
        ]))
    );
    assert_eq!(output.settings(), Some(r#"{"a":1}"#));
}

#[tokio::test]
async fn the_endpoint_rules_can_set_the_signing_name_and_region() {
    let request = client().ping().account_id("1").signed_request().await.unwrap();
    let authorization = header(&request, "authorization").unwrap();
    assert!(
        authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKID/20240501/us-west-2/wire-signer/aws4_request,"),
        "{authorization}"
    );
}

#[tokio::test]
async fn an_endpoint_that_needs_sigv4a_is_signed_with_it() {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(wire_example::config::Credentials::new("AKID", "SECRET", None))
        .signing_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_566_600))
        .build();
    let request = Client::new(&config)
        .ping()
        .account_id("1")
        .signed_request()
        .await
        .unwrap();
    // The endpoint's `signingRegionSet`, signed; the scope has no region; the signature is an
    // ECDSA P-256 signature in DER (the runtime's tests verify it against the SigV4a suite).
    assert_eq!(header(&request, "x-amz-region-set"), Some("*"));
    let authorization = header(&request, "authorization").unwrap();
    let (head, signature) = authorization.split_once(", Signature=").unwrap();
    assert!(
        head.starts_with("AWS4-ECDSA-P256-SHA256 Credential=AKID/20240501/wire/aws4_request, SignedHeaders=")
            && head.contains(";x-amz-region-set"),
        "{authorization}"
    );
    assert!(signature.starts_with("30") && signature.len() >= 140, "{signature}");
    assert!(signature.bytes().all(|b| b.is_ascii_hexdigit()), "{signature}");
}

/// Answers each request read from `listener` with the next of `pages` (a JSON body); returns
/// the request lines it read.
async fn serve_pages(
    listener: tokio::net::TcpListener,
    pages: Vec<&'static str>,
) -> Vec<String> {
    serve_answers(listener, pages.into_iter().map(|page| (200, page)).collect()).await
}

#[tokio::test]
async fn a_paginator_yields_the_entries_of_map_items() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(serve_pages(
        listener,
        vec![
            r#"{"scores": {"b": 2, "a": 1}, "nextToken": "t1"}"#,
            r#"{"nextToken": "t2"}"#,
            r#"{"scores": {"c": 3}}"#,
        ],
    ));
    let config = Config::builder()
        .region("us-east-1")
        .credentials(wire_example::config::Credentials::new("AKID", "SECRET", None))
        .endpoint_url(url)
        .build();
    let mut paginator = Client::new(&config).list_scores().into_paginator();
    let mut items = Vec::new();
    while let Some(item) = paginator.next_item().await {
        items.push(item.unwrap());
    }
    // A map's entries in key order, page after page; a page without the map has none.
    assert_eq!(
        items,
        [("a".to_owned(), 1), ("b".to_owned(), 2), ("c".to_owned(), 3)]
    );
    assert_eq!(
        server.await.unwrap(),
        [
            "GET /scores HTTP/1.1",
            "GET /scores?token=t1 HTTP/1.1",
            "GET /scores?token=t2 HTTP/1.1"
        ]
    );
}

#[tokio::test]
async fn operations_set_endpoint_parameters() {
    // A member's `contextParam` when it is set, and only then.
    let request = client()
        .list_scores()
        .tenant("acme")
        .signed_request()
        .await
        .unwrap();
    assert_eq!(
        request.uri().to_string(),
        "http://127.0.0.1:9/t/acme/scores?tenant=acme"
    );
    let request = client().list_scores().signed_request().await.unwrap();
    assert_eq!(request.uri().to_string(), "http://127.0.0.1:9/scores");
    // An operation's `staticContextParams`, signed as the endpoint says.
    let request = client().flush().signed_request().await.unwrap();
    assert_eq!(request.uri().to_string(), "http://127.0.0.1:9/fast/flush");
    assert!(
        header(&request, "authorization")
            .unwrap()
            .contains("/us-west-2/wire-signer/aws4_request"),
        "{request:?}"
    );
}

/// Answers each request read from `listener` with the next of `answers` (a status and a JSON
/// body; an error's body names its code), on as many connections as the client opens; returns
/// the request lines it read.
async fn serve_answers(
    listener: tokio::net::TcpListener,
    answers: Vec<(u16, &'static str)>,
) -> Vec<String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut answers = answers.into_iter();
    let mut seen = Vec::new();
    while !answers.as_slice().is_empty() {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buffer = Vec::new();
        loop {
            let mut chunk = [0; 4096];
            let n = stream.read(&mut chunk).await.unwrap();
            if n == 0 {
                break;
            }
            buffer.extend_from_slice(&chunk[..n]);
            while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                buffer.drain(..end + 4);
                seen.push(head.lines().next().unwrap_or_default().to_owned());
                let (status, body) = answers.next().unwrap_or((200, "{}"));
                let answer = format!(
                    "HTTP/1.1 {status} Answer\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                stream.write_all(answer.as_bytes()).await.unwrap();
            }
            if answers.as_slice().is_empty() {
                return seen;
            }
        }
    }
    seen
}

/// A client of a server started with `answers`, and the server's task.
async fn waiting_client(
    answers: Vec<(u16, &'static str)>,
) -> (Client, tokio::task::JoinHandle<Vec<String>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(serve_answers(listener, answers));
    let config = Config::builder()
        .region("us-east-1")
        .credentials(wire_example::config::Credentials::new("AKID", "SECRET", None))
        .endpoint_url(url)
        .build();
    (Client::new(&config), server)
}

const NOT_FOUND: (u16, &str) = (404, r#"{"__type": "JobNotFound", "message": "no job"}"#);

#[tokio::test]
async fn a_waiter_retries_until_its_success_acceptor_matches() {
    use wire_example::types::JobStatus;
    // An output no acceptor matches is retried, and so is the error an acceptor retries.
    let (client, server) = waiting_client(vec![
        (200, r#"{"status": "RUNNING", "steps": [{"name": "a", "state": "running"}]}"#),
        NOT_FOUND,
        (200, r#"{"status": "DONE"}"#),
    ])
    .await;
    let poll = client
        .get_job()
        .job_id("j1")
        .wait_until_job_done(Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(poll.attempts(), 3);
    assert_eq!(poll.output().unwrap().status(), Some(&JobStatus::Done));
    // Delays of 1 s, then 1 to 2 s.
    assert!(poll.elapsed() >= Duration::from_secs(2), "{:?}", poll.elapsed());
    assert_eq!(server.await.unwrap(), ["GET /jobs/j1 HTTP/1.1"; 3]);
}

#[tokio::test]
async fn a_filtered_projection_can_fail_a_wait() {
    // `length(steps[?state == 'failed' || attempts > `2`]) > `0``: a step tried three times.
    let (client, _server) = waiting_client(vec![(
        200,
        r#"{"status": "RUNNING", "steps": [{"name": "a", "state": "running", "attempts": 3}]}"#,
    )])
    .await;
    let error = client
        .get_job()
        .job_id("j1")
        .wait_until_job_done(Duration::from_secs(60))
        .await
        .unwrap_err();
    let WaitError::Failure(poll) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(poll.attempts(), 1);
    assert_eq!(
        error.to_string(),
        "the wait reached a failure state after 1 calls"
    );
}

#[tokio::test]
async fn all_and_any_string_equals_read_every_item_of_a_projection() {
    // No steps is not "all done"; then one step is not done; then all are (a projection drops
    // the nulls of steps without a state).
    let (client, server) = waiting_client(vec![
        (200, r#"{"steps": []}"#),
        (200, r#"{"steps": [{"name": "a", "state": "done"}, {"name": "b", "state": "running"}]}"#),
        (200, r#"{"steps": [{"name": "a", "state": "done"}, {"name": "b"}]}"#),
    ])
    .await;
    let poll = client
        .get_job()
        .job_id("j2")
        .wait_until_steps_finished(Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(poll.attempts(), 3);
    assert_eq!(server.await.unwrap().len(), 3);
    let (client, _server) = waiting_client(vec![(
        200,
        r#"{"steps": [{"name": "a", "state": "done"}, {"name": "b", "state": "failed"}]}"#,
    )])
    .await;
    let error = client
        .get_job()
        .job_id("j2")
        .wait_until_steps_finished(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(matches!(error, WaitError::Failure(_)), "{error:?}");
}

#[tokio::test]
async fn an_error_can_be_the_success_and_an_unexpected_one_ends_the_wait() {
    let (client, _server) = waiting_client(vec![(200, r#"{"id": "j3"}"#), NOT_FOUND]).await;
    let poll = client
        .get_job()
        .job_id("j3")
        .wait_until_job_gone(Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(poll.attempts(), 2);
    let error = poll.into_answer().unwrap_err();
    assert!(
        error
            .as_service_error()
            .is_some_and(|e| e.is_job_not_found()),
        "{error:?}"
    );
    // A code no acceptor names ends the wait at once, with the error.
    let (client, _server) =
        waiting_client(vec![(400, r#"{"__type": "Boom", "message": "no"}"#)]).await;
    let error = client
        .get_job()
        .job_id("j3")
        .wait_until_job_done(Duration::from_secs(60))
        .await
        .unwrap_err();
    let WaitError::Call(poll) = &error else {
        panic!("{error:?}")
    };
    let answer = poll.answer().as_ref().unwrap_err();
    assert_eq!(
        answer.as_service_error().and_then(|e| e.code()),
        Some("Boom")
    );
}

#[tokio::test]
#[allow(deprecated, reason = "the fixture's `Ready` waiter is deprecated on purpose")]
async fn input_output_paths_boolean_logic_and_multi_select_lists() {
    // Retried while any of `[status, steps[0].state, steps[-1].name]` is RUNNING; ready when
    // `ready && !(status == 'FAILED') && length(tags) >= `1``.
    let (client, server) = waiting_client(vec![
        (
            200,
            r#"{"id": "j4", "ready": true, "steps": [{"name": "x"}, {"name": "RUNNING"}]}"#,
        ),
        (200, r#"{"id": "j4", "ready": true, "tags": {"k": "v"}}"#),
    ])
    .await;
    let poll = client
        .get_job()
        .job_id("j4")
        .wait_until_ready(Duration::from_secs(60))
        .await
        .unwrap();
    assert_eq!(poll.attempts(), 2);
    assert_eq!(server.await.unwrap().len(), 2);
    // `input.jobId == output.id` false: failure.
    let (client, _server) = waiting_client(vec![(200, r#"{"id": "other", "ready": true}"#)]).await;
    let error = client
        .get_job()
        .job_id("j4")
        .wait_until_ready(Duration::from_secs(60))
        .await
        .unwrap_err();
    assert!(matches!(error, WaitError::Failure(_)), "{error:?}");
    // An output that no acceptor matches is retried until the maximum wait runs out: at 0 s,
    // 1 s, then 1.5 s, when the last delay is shortened to leave the minimum delay.
    let (client, _server) = waiting_client(vec![(200, r#"{"id": "j4"}"#); 3]).await;
    let error = client
        .get_job()
        .job_id("j4")
        .wait_until_ready(Duration::from_millis(2500))
        .await
        .unwrap_err();
    let WaitError::TimedOut(poll) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(poll.attempts(), 3);
    // A maximum wait shorter than the minimum delay sends nothing.
    let error = client
        .get_job()
        .job_id("j4")
        .wait_until_job_gone(Duration::from_millis(500))
        .await
        .unwrap_err();
    assert!(matches!(error, WaitError::MaxWait { .. }), "{error:?}");
}

#[tokio::test]
async fn an_operation_that_prefers_a_bearer_token_sends_it_instead_of_signing() {
    use wire_example::config::Token;
    let config = client()
        .config()
        .to_builder()
        .token(Token::new("tok-123"))
        .build();
    let request = Client::new(&config)
        .whoami()
        .signed_request()
        .await
        .unwrap();
    assert_eq!(header(&request, "authorization"), Some("Bearer tok-123"));
    // Not signed: no SigV4 headers.
    assert_eq!(header(&request, "x-amz-date"), None);
    assert!(!format!("{request:?}").contains("tok-123"));
    // Operations that prefer SigV4 still sign, the token aside.
    let signed = Client::new(&config).probe().signed_request().await.unwrap();
    assert!(
        header(&signed, "authorization")
            .unwrap()
            .starts_with("AWS4-HMAC-SHA256 ")
    );
    // A query key the URI pattern writes without a value is sent without `=`, as botocore
    // sends it (and signed as a key with an empty value).
    assert_eq!(signed.uri().query(), Some("check&v=1"));
    // Without a token, nothing is sent.
    let error = client().whoami().signed_request().await.unwrap_err();
    assert!(matches!(error, SdkError::Credentials(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "no credentials: the operation takes a bearer token, and none was given to the \
         configuration (`ConfigBuilder::token` or `token_provider`)"
    );
    let expired = config
        .to_builder()
        .token(Token::new("old").with_expiry(SystemTime::UNIX_EPOCH))
        .build();
    let error = Client::new(&expired)
        .whoami()
        .signed_request()
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("the bearer token the configuration gives has expired"),
        "{error}"
    );
}
