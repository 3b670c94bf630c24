//! The generator is a restJson1 generator, not a CreateStage special case: the official model of
//! the whole Amazon IVS Real-Time service (39 operations) generates a crate with no operation
//! left out, and `cargo xtask corpus --diff` on it, as a user runs it, builds the crate
//! clippy- and rustdoc-clean, passes its own tests (the model's 21 endpoint tests among them)
//! and compares it with botocore over every operation: random valid inputs (fixed seed, 50 per
//! operation) give the same method, URL, headers, body and signature, and random answers,
//! errors among them, read to the same values. Wire tests of the bindings CreateStage does not
//! use (paginators, labels, query lists, idempotency tokens) then run in the same crate.
//!
//! The model is read from `../shared/models/`, beside this repository; where that file is absent
//! the test says it skipped and why (`.ci/run` requires it).

use std::process::Command;

use integration_tests::{cargo, fetch_locked, passed, sums, workspace_root};

/// Random cases per operation.
const CASES_PER_OPERATION: usize = 50;

#[test]
fn the_whole_service_generates_a_clean_crate_that_matches_botocore() {
    let Some(model) = integration_tests::official_model("the whole-service test") else {
        return;
    };
    let files = codegen::generate_from_file(
        &model,
        "ivs-realtime-2020-07-14.json",
        &codegen::Options::local(),
    )
    .unwrap();
    // Every operation of the service is supported: none is left out.
    assert_eq!(files.warnings, Vec::<String>::new());
    let operations = files
        .files
        .keys()
        .filter(|path| path.starts_with("src/operation/") && path.ends_with("/client.rs"))
        .count();
    assert_eq!(operations, 39);

    // The corpus command over a folder holding only this model.
    let models = tempfile::tempdir().unwrap();
    std::fs::copy(&model, models.path().join("ivs-realtime-2020-07-14.json")).unwrap();
    let out = tempfile::tempdir().unwrap();
    fetch_locked();
    let output = Command::new(env!("CARGO"))
        .current_dir(workspace_root())
        .args(["run", "--quiet", "--offline", "-p", "xtask", "--", "corpus"])
        .arg("--models")
        .arg(models.path())
        .args(["--diff", &CASES_PER_OPERATION.to_string(), "--python"])
        .arg(integration_tests::botocore_python())
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    let report = String::from_utf8_lossy(&output.stdout);
    println!("{report}");
    assert!(
        output.status.success(),
        "{report}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains("generated 1 of 1 models: 39 operations, 0 left out"),
        "{report}"
    );
    for step in ["clippy: ok", "doc: ok", "test: ok"] {
        assert!(report.contains(step), "no `{step}` in:\n{report}");
    }
    // Every case is made and compared, request and answer, over every operation.
    let made = sums(&report, "botocore: made ");
    assert_eq!(made[..2], [39 * CASES_PER_OPERATION, 0], "{report}");
    let compared = sums(&report, "test: ok for ");
    // crates, seconds, tests, requests, answers, operations.
    assert_eq!(compared.len(), 6, "{report}");
    assert_eq!(
        (compared[3], compared[4], compared[5]),
        (made[0], made[0], 39),
        "{report}"
    );

    // Paginators, labels, query lists and idempotency tokens on the wire, against a loopback
    // server, in the crate the corpus command built.
    let crate_dir = out.path().join("ivs-realtime");
    let server = std::fs::read_to_string(workspace_root().join("tests/server.rs")).unwrap();
    std::fs::create_dir_all(crate_dir.join("tests/support")).unwrap();
    std::fs::write(crate_dir.join("tests/support/server.rs"), server).unwrap();
    std::fs::write(crate_dir.join("tests/bindings.rs"), BINDINGS).unwrap();
    let report = cargo(
        out.path(),
        "corpus-target",
        &[
            "test",
            "--offline",
            "-p",
            "ivs-realtime",
            "--test",
            "bindings",
        ],
        &[],
    );
    assert_eq!(
        passed(&report),
        BINDINGS.matches("#[tokio::test]").count(),
        "{report}"
    );
}

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
