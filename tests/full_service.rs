//! The generator is a restJson1 generator, not a CreateStage special case: the official model of
//! the whole Amazon IVS Real-Time service (39 operations) generates a crate that passes
//! `cargo clippy --all-targets -D warnings`, `cargo doc` with warnings denied, and its own tests,
//! among them the model's 21 endpoint tests.
//!
//! A differential test then compares the generated client with botocore over every operation:
//! random valid inputs generated from each operation's shapes and constraints (fixed seed, 50 per
//! operation) must give the same method, URL, signed headers and body; random valid responses
//! must parse to the same values.
//!
//! The model is read from `../shared/models/`, beside this repository; where that file is absent
//! the test says it skipped and why (`.ci/run` requires it).

use std::fmt::Write as _;
use std::process::Command;

use codegen::ir::{Ir, Kind};
use integration_tests::{assert_clean, cargo, passed, workspace_root};

/// Random cases per operation.
const CASES_PER_OPERATION: usize = 50;

/// The build folder of the generated crate, below `target/`.
const TARGET: &str = "full-service";

#[test]
fn the_whole_service_generates_a_clean_crate() {
    let Some(model) = integration_tests::official_model("the whole-service test") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let files = codegen::generate_from_file(
        &model,
        "ivs-realtime-2020-07-14.json",
        &codegen::Options::local(),
    )
    .unwrap();
    // Every operation of the service is supported: none is left out.
    assert_eq!(files.warnings, Vec::<String>::new());
    let files = files.files;
    let operations = files
        .keys()
        .filter(|path| path.starts_with("src/operation/") && path.ends_with("/client.rs"))
        .count();
    assert_eq!(operations, 39);
    codegen::output::sync(out.path(), &files, false).unwrap();
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        out.path().join("Cargo.lock"),
    )
    .unwrap();

    assert_clean(out.path(), TARGET);
    let tests = cargo(
        out.path(),
        TARGET,
        &["test", "--offline", "--lib", "endpoint::tests"],
        &[],
    );
    assert_eq!(passed(&tests), 21, "{tests}");

    // Paginators, labels, query lists and idempotency tokens on the wire, against a loopback server.
    let server = std::fs::read_to_string(workspace_root().join("tests/server.rs")).unwrap();
    std::fs::create_dir_all(out.path().join("tests/support")).unwrap();
    std::fs::write(out.path().join("tests/support/server.rs"), server).unwrap();
    std::fs::write(out.path().join("tests/bindings.rs"), BINDINGS).unwrap();
    let report = cargo(
        out.path(),
        TARGET,
        &["test", "--offline", "--test", "bindings"],
        &[],
    );
    assert_eq!(
        integration_tests::passed(&report),
        BINDINGS.matches("#[tokio::test]").count(),
        "{report}"
    );

    // Differential test against botocore.
    let ir = codegen::load(&std::fs::read_to_string(&model).unwrap(), "model").unwrap();
    let operations: Vec<&str> = ir.operations.iter().map(|op| op.name.as_str()).collect();
    let cases = out.path().join("cases.json");
    let output = Command::new(integration_tests::botocore_python())
        .arg(workspace_root().join("tests/botocore_random.py"))
        .args(["ivs-realtime", &CASES_PER_OPERATION.to_string(), "7"])
        .args(["https://ivsrealtime.us-east-1.amazonaws.com", "us-east-1"])
        .arg(&model)
        .arg(operations.join(","))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::write(&cases, &output.stdout).unwrap();
    std::fs::create_dir_all(out.path().join("tests")).unwrap();
    std::fs::write(
        out.path().join("tests/differential.rs"),
        differential_test(&ir),
    )
    .unwrap();
    let report = cargo(
        out.path(),
        TARGET,
        &[
            "test",
            "--offline",
            "--test",
            "differential",
            "--",
            "--nocapture",
        ],
        &[("DIFF_CASES", cases.to_str().unwrap())],
    );
    println!("{report}");
    let compared = report
        .lines()
        .find(|line| line.starts_with("compared "))
        .unwrap_or_default();
    assert_eq!(
        compared,
        format!(
            "compared {} requests and {} responses over 39 operations",
            39 * CASES_PER_OPERATION,
            39 * CASES_PER_OPERATION
        ),
        "{report}"
    );
}

/// A test for the generated crate that builds each case's input with the generated builders,
/// signs it, and compares with botocore's request; and parses each response body.
fn differential_test(ir: &Ir) -> String {
    let mut requests = String::new();
    let mut responses = String::new();
    for op in &ir.operations {
        let input = &ir.structures[&op.input];
        let output = &ir.structures[&op.output];
        let module = &op.module;
        let _ = writeln!(requests, "        {:?} => {{", op.name);
        let _ = writeln!(
            requests,
            "            let builder = ivs_realtime::operation::{module}::{}::builder();",
            input.name
        );
        for field in &input.fields {
            let name = field.name.trim_start_matches("r#");
            let key = &field.member_name;
            let line = if field.required && field.value.kind == Kind::String {
                format!("builder.{name}(required::<String>(params, {key:?}))")
            } else if field.required {
                format!("builder.{name}(required(params, {key:?}))")
            } else {
                format!("builder.set_{name}(optional(params, {key:?}))")
            };
            let _ = writeln!(requests, "            let builder = {line};");
        }
        let _ = writeln!(
            requests,
            "            ivs_realtime::operation::{module}::{}::signed_request(client, &builder.build()).await.map_err(|e| e.to_string())",
            op.name
        );
        let _ = writeln!(requests, "        }}");
        let _ = writeln!(
            responses,
            "        {:?} => serde_json::from_str::<ivs_realtime::operation::{module}::{}>(body).map(|o| written(&o)).map_err(|e| e.to_string()),",
            op.name, output.name
        );
    }
    DIFFERENTIAL
        .replace("__REQUESTS__", &requests)
        .replace("__RESPONSES__", &responses)
}

const DIFFERENTIAL: &str = r#"//! Differential test against botocore: cases from tests/botocore_random.py.

use ivs_realtime::runtime::{serde, serde_json, time};
use serde_json::{Map, Value};

type Params = Map<String, Value>;

/// A value as this crate writes it (a 32-bit float keeps its shortest 32-bit form, as botocore
/// reads it from the same text).
fn written<T: serde::Serialize>(value: &T) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

fn required<T: serde::de::DeserializeOwned>(params: &Params, key: &str) -> T {
    serde_json::from_value(params[key].clone()).unwrap()
}

fn optional<T: serde::de::DeserializeOwned>(params: &Params, key: &str) -> Option<T> {
    params.get(key).map(|v| serde_json::from_value(v.clone()).unwrap())
}

async fn request(
    client: &ivs_realtime::Client,
    operation: &str,
    params: &Params,
) -> Result<ivs_realtime::http::Request<ivs_realtime::bytes::Bytes>, String> {
    match operation {
__REQUESTS__
        other => Err(format!("unknown operation {other}")),
    }
}

fn response(operation: &str, body: &str) -> Result<Value, String> {
    match operation {
__RESPONSES__
        other => Err(format!("unknown operation {other}")),
    }
}

/// Timestamps as integer microseconds, as the Python side writes them.
fn normalize(value: Value) -> Value {
    match value {
        Value::String(text) => match time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339) {
            Ok(t) => Value::from((t.unix_timestamp_nanos() / 1000) as i64),
            Err(_) => Value::String(text),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(normalize).collect()),
        Value::Object(map) => Value::Object(map.into_iter().map(|(k, v)| (k, normalize(v))).collect()),
        other => other,
    }
}

#[tokio::test]
async fn same_requests_and_responses_as_botocore() {
    let path = std::env::var("DIFF_CASES").expect("DIFF_CASES names the cases file");
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let client = ivs_realtime::Client::new(
        &ivs_realtime::Config::builder()
            .region("us-east-1")
            .credentials(ivs_realtime::config::Credentials::new(
                "AKIDEXAMPLE",
                "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                Some("TOKEN/+=".to_owned()),
            ))
            .signing_time(std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_714_566_600))
            .build(),
    );
    let mut failures = Vec::new();
    let mut operations = std::collections::BTreeSet::new();
    let (mut requests, mut responses) = (0, 0);
    for case in cases["requests"].as_array().unwrap() {
        let operation = case["operation"].as_str().unwrap();
        let params: Params = serde_json::from_str(case["params"].as_str().unwrap()).unwrap();
        let ours = match request(&client, operation, &params).await {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{operation} {params:?}: {e}"));
                continue;
            }
        };
        requests += 1;
        operations.insert(operation.to_owned());
        let mut differences = Vec::new();
        if ours.method().as_str() != case["method"] {
            differences.push(format!("method {} != {}", ours.method(), case["method"]));
        }
        // botocore leaves a dangling `?` when a query list is set but empty; this client does not
        // write an empty query. The request is the same (and so is its signature).
        let url = case["url"].as_str().unwrap();
        if ours.uri().to_string() != url.strip_suffix('?').unwrap_or(url) {
            differences.push(format!("url {} != {}", ours.uri(), case["url"]));
        }
        let body = String::from_utf8_lossy(ours.body()).into_owned();
        if body != case["body"] {
            differences.push(format!("body {body} != {}", case["body"]));
        }
        let expected = case["headers"].as_object().unwrap();
        for name in ["content-type", "x-amz-date", "x-amz-security-token", "authorization"] {
            let mine = ours.headers().get(name).and_then(|v| v.to_str().ok());
            if mine != expected.get(name).and_then(Value::as_str) {
                differences.push(format!("{name} {mine:?} != {:?}", expected.get(name)));
            }
        }
        if !differences.is_empty() {
            failures.push(format!("{operation} {}: {}", case["params"], differences.join("; ")));
        }
    }
    for case in cases["responses"].as_array().unwrap() {
        let operation = case["operation"].as_str().unwrap();
        match response(operation, case["body"].as_str().unwrap()) {
            Ok(value) => {
                responses += 1;
                if normalize(value.clone()) != case["parsed"] {
                    failures.push(format!("{operation} response {}: {value} != {}", case["body"], case["parsed"]));
                }
            }
            Err(e) => failures.push(format!("{operation} response {}: {e}", case["body"])),
        }
    }
    println!("compared {requests} requests and {responses} responses over {} operations", operations.len());
    assert!(failures.is_empty(), "{} differences:
{}", failures.len(), failures.join("
"));
}
"#;

/// Wire tests of the bindings the CreateStage model does not use, run in the whole-service crate.
const BINDINGS: &str = r##"//! Paginators, path labels, query lists and idempotency tokens on the wire.

#[path = "support/server.rs"]
mod server;

use ivs_realtime::runtime::serde_json;

use ivs_realtime::config::Credentials;
use ivs_realtime::error::SdkError;
use ivs_realtime::{Client, Config};
use server::{Action, Server};

fn config(server: &Server) -> ivs_realtime::config::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .endpoint_url(server.url())
}

fn client(server: &Server) -> Client {
    Client::new(&config(server).build())
}

const STAGE: &str = "arn:aws:ivs:us-east-1:123456789012:stage/abc";
/// The model's resource ARN pattern allows a one-letter resource type.
const RESOURCE: &str = "arn:aws:ivs:us-east-1:123456789012:s/abc";

#[tokio::test]
async fn a_paginator_follows_tokens_until_there_is_none() {
    let server = Server::start(vec![
        Action::json(200, r#"{"stages": [{"arn": "a1"}], "nextToken": "t1"}"#),
        Action::json(200, r#"{"stages": [{"arn": "a2"}], "nextToken": "t2"}"#),
        Action::json(200, r#"{"stages": []}"#),
    ])
    .await;
    let mut pages = client(&server).list_stages().max_results(1).into_paginator();
    let mut arns = Vec::new();
    while let Some(page) = pages.next_page().await {
        for stage in page.unwrap().stages() {
            arns.push(stage.arn().to_owned());
        }
    }
    assert_eq!(arns, ["a1", "a2"]);
    let bodies: Vec<String> = server.requests().iter().map(|r| r.body_text()).collect();
    assert_eq!(
        bodies,
        [r#"{"maxResults": 1}"#, r#"{"nextToken": "t1", "maxResults": 1}"#, r#"{"nextToken": "t2", "maxResults": 1}"#]
    );
}

#[tokio::test]
async fn a_paginator_stops_on_a_repeated_token_and_after_an_error() {
    let server = Server::start(vec![
        Action::json(200, r#"{"stages": [], "nextToken": "same"}"#),
        Action::json(200, r#"{"stages": [], "nextToken": "same"}"#),
        Action::json(200, r#"{"stages": []}"#),
    ])
    .await;
    let mut pages = client(&server).list_stages().into_paginator();
    let mut count = 0;
    while pages.next_page().await.is_some() {
        count += 1;
    }
    assert_eq!(count, 2);

    let server = Server::start(vec![Action::error(400, "ValidationException", r#"{"exceptionMessage": "no"}"#)]).await;
    let mut pages = client(&server).list_stages().into_paginator();
    assert!(pages.next_page().await.unwrap().is_err());
    assert!(pages.next_page().await.is_none());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn items_run_across_pages() {
    let key = |arn: &str| format!(r#"{{"arn": "{arn}", "name": "k", "publicKeyMaterial": "m", "fingerprint": "f"}}"#);
    let server = Server::start(vec![
        Action::json(200, &format!(r#"{{"publicKeys": [{}, {}], "nextToken": "n"}}"#, key("k1"), key("k2"))),
        Action::json(200, &format!(r#"{{"publicKeys": [{}]}}"#, key("k3"))),
    ])
    .await;
    let mut items = client(&server).list_public_keys().into_paginator();
    let mut arns = Vec::new();
    while let Some(item) = items.next_item().await {
        arns.push(item.unwrap().arn().unwrap_or_default().to_owned());
    }
    assert_eq!(arns, ["k1", "k2", "k3"]);
}

#[tokio::test]
async fn labels_are_percent_encoded_and_an_empty_one_is_refused() {
    let server = Server::start(vec![Action::json(200, r#"{"tags": {}}"#)]).await;
    let client = client(&server);
    client.list_tags_for_resource().resource_arn(RESOURCE).send().await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.target, "/tags/arn%3Aaws%3Aivs%3Aus-east-1%3A123456789012%3As%2Fabc");
    assert_eq!(request.body_text(), "");
    assert_eq!(request.header("content-type"), None);

    // With validation off, the label check still holds: an empty label cannot be sent.
    let client = Client::new(&config(&server).validate(false).build());
    let error = client.list_tags_for_resource().resource_arn("").send().await.unwrap_err();
    let SdkError::Validation(validation) = &error else { panic!("{error:?}") };
    assert_eq!(
        validation.to_string(),
        "1 constraint violation: resourceArn: must not be empty: it is a segment of the request path"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn dot_segment_labels_are_encoded() {
    let server = Server::start(vec![
        Action::json(200, r#"{"tags": {}}"#),
        Action::json(200, r#"{"tags": {}}"#),
    ])
    .await;
    let client = Client::new(&config(&server).validate(false).build());
    for label in [".", ".."] {
        client.list_tags_for_resource().resource_arn(label).send().await.unwrap();
    }
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/tags/%2E", "/tags/%2E%2E"]);
}

#[tokio::test]
async fn operations_safe_to_repeat_are_retried_after_the_request_was_sent() {
    // `@readonly`: retried after a reset.
    let server = Server::start(vec![Action::Reset, Action::json(200, r#"{"tags": {}}"#)]).await;
    client(&server).list_tags_for_resource().resource_arn(RESOURCE).send().await.unwrap();
    assert_eq!(server.requests().len(), 2);

    // An idempotency token: retried after a broken success, with the same token.
    let truncated =
        Action::Raw(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"composition\":".to_vec());
    let server = Server::start(vec![truncated, Action::json(200, r#"{"composition": null}"#)]).await;
    client(&server)
        .start_composition()
        .stage_arn(STAGE)
        .destinations(vec![ivs_realtime::types::DestinationConfiguration::builder().build()])
        .send()
        .await
        .unwrap();
    let tokens: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            body["idempotencyToken"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0], tokens[1]);

    // Neither: not sent again.
    let server = Server::start(vec![Action::Reset, Action::json(200, "{}")]).await;
    let error = client(&server).delete_stage().arn(STAGE).send().await.unwrap_err();
    assert!(matches!(error, SdkError::Interrupted(_)), "{error:?}");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn query_lists_repeat_their_key() {
    let server = Server::start(vec![Action::json(200, "{}")]).await;
    client(&server)
        .untag_resource()
        .resource_arn(RESOURCE)
        .tag_keys(vec!["a b".to_owned(), "c&d".to_owned(), "é".to_owned()])
        .send()
        .await
        .unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.method, "DELETE");
    assert_eq!(
        request.target,
        "/tags/arn%3Aaws%3Aivs%3Aus-east-1%3A123456789012%3As%2Fabc?tagKeys=a%20b&tagKeys=c%26d&tagKeys=%C3%A9"
    );
}

#[tokio::test]
async fn an_unset_idempotency_token_gets_a_fresh_uuid() {
    let server = Server::start(vec![
        Action::json(200, r#"{"composition": null}"#),
        Action::json(200, r#"{"composition": null}"#),
    ])
    .await;
    let client = client(&server);
    let send = || {
        client
            .start_composition()
            .stage_arn(STAGE)
            .destinations(vec![ivs_realtime::types::DestinationConfiguration::builder().build()])
            .send()
    };
    send().await.unwrap();
    send().await.unwrap();
    let tokens: Vec<String> = server
        .requests()
        .iter()
        .map(|r| {
            let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
            body["idempotencyToken"].as_str().unwrap().to_owned()
        })
        .collect();
    for token in &tokens {
        let groups: Vec<usize> = token.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{token}");
        assert_eq!(&token[14..15], "4", "{token}");
        assert!("89ab".contains(&token[19..20]), "{token}");
    }
    assert_ne!(tokens[0], tokens[1]);
}
"##;
