//! The crate's example creates a stage with a participant token, here against a loopback
//! endpoint given on its command line.

use std::process::Command;

use integration_tests::server::{Action, Server};
use integration_tests::workspace_root;

const RESPONSE: &str = r#"{"stage": {"arn": "arn:aws:ivs:us-east-1:123456789012:stage/Ab12", "name": "demo"},
    "participantTokens": [{"participantId": "p-1", "token": "T", "userId": "example-user",
    "duration": 60, "capabilities": ["PUBLISH", "SUBSCRIBE"], "expirationTime": "2024-05-01T13:30:00Z"}]}"#;

fn example_binary() -> std::path::PathBuf {
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--quiet",
            "-p",
            "ivs-realtime",
            "--example",
            "create_stage",
        ])
        .current_dir(workspace_root())
        .status()
        .unwrap();
    assert!(status.success());
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target"));
    target.join("debug/examples/create_stage")
}

#[tokio::test]
async fn the_example_creates_a_stage_against_a_given_endpoint() {
    let server = Server::start(vec![Action::json(200, RESPONSE)]).await;
    let binary = example_binary();
    let output = tokio::process::Command::new(binary)
        .args([
            "--endpoint",
            &server.url(),
            "--region",
            "us-east-1",
            "--name",
            "demo",
        ])
        .env_clear()
        .env("HOME", "/nonexistent")
        .env("AWS_ACCESS_KEY_ID", "AKID")
        .env("AWS_SECRET_ACCESS_KEY", "SECRET")
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "stage arn:aws:ivs:us-east-1:123456789012:stage/Ab12 (demo)\n\
         participant token p-1 for example-user, expires 2024-05-01 13:30:00.0 +00:00:00\n"
    );
    let request = &server.requests()[0];
    assert_eq!(
        request.body_text(),
        r#"{"name": "demo", "participantTokenConfigurations": [{"duration": 60, "userId": "example-user", "capabilities": ["PUBLISH", "SUBSCRIBE"]}]}"#
    );
}

#[tokio::test]
async fn the_example_reports_errors_with_their_causes() {
    let binary = example_binary();
    let output = tokio::process::Command::new(binary)
        .args(["--endpoint", "http://127.0.0.1:9", "--region", "us-east-1"])
        .env_clear()
        .env("HOME", "/nonexistent")
        .output()
        .await
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "error: no credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; profile \
         `default` has no keys in /nonexistent/.aws/credentials or /nonexistent/.aws/config\n"
    );
}
