//! Two generated services in one program, made from one shared configuration: ivs-realtime (from
//! `model/`) and EKS Auth (from AWS's model in `../shared/models/aws/`). A program in a
//! workspace of its own calls both against one loopback server: the credentials provider is
//! asked once for the calls of both services, even when they run at once, and the calls of both
//! share one pool of connections (the second service's call reuses the connection the first
//! one opened).

use integration_tests::{cargo, generate_into, passed, workspace_root};

/// The build folder of the program, below `target/`.
const TARGET: &str = "two-services";

#[test]
fn two_services_share_one_configuration() {
    let Some(eks_auth) = integration_tests::aws_model("eks-auth", "the two-service test") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    generate_into(
        &workspace_root().join("model/ivs-realtime.json"),
        &dir.path().join("ivs-realtime"),
    );
    generate_into(&eks_auth, &dir.path().join("eks-auth"));
    let program = dir.path().join("program");
    std::fs::create_dir_all(program.join("tests/support")).unwrap();
    std::fs::write(
        program.join("Cargo.toml"),
        format!(
            "[package]\nname = \"two-services\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
             publish = false\n\n[dependencies]\nrustgen-runtime = {{ path = {:?} }}\n\
             ivs-realtime = {{ path = \"../ivs-realtime\" }}\neks-auth = {{ path = \"../eks-auth\" }}\n\
             tokio = {{ version = \"1.38\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\", \"time\"] }}\n",
            codegen::runtime_dir().display().to_string()
        ),
    )
    .unwrap();
    std::fs::create_dir_all(program.join("src")).unwrap();
    std::fs::write(program.join("src/lib.rs"), "//! Calls of two services.\n").unwrap();
    std::fs::copy(
        workspace_root().join("tests/server.rs"),
        program.join("tests/support/server.rs"),
    )
    .unwrap();
    std::fs::write(program.join("tests/shared.rs"), PROGRAM).unwrap();
    std::fs::write(
        dir.path().join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"ivs-realtime\", \"eks-auth\", \"program\"]\n",
    )
    .unwrap();
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        dir.path().join("Cargo.lock"),
    )
    .unwrap();
    let report = cargo(
        &program,
        TARGET,
        &["test", "--offline", "--test", "shared", "--", "--nocapture"],
        &[],
    );
    assert_eq!(passed(&report), 2, "{report}");
}

const PROGRAM: &str = r##"//! Calls to two services from one shared configuration.

#[path = "support/server.rs"]
#[allow(dead_code, reason = "the server module serves other tests too")]
mod server;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use rustgen_runtime::credentials::{ProvideCredentials, ProvideFuture};
use rustgen_runtime::{Config, Credentials};
use server::{Action, Server};

const STAGE: &str = r#"{"stage": {"arn": "arn:aws:ivs:us-east-1:123456789012:stage/abc"}}"#;
const POD_IDENTITY: &str = r#"{
    "subject": {"namespace": "default", "serviceAccount": "app"},
    "audience": "pods.eks.amazonaws.com",
    "podIdentityAssociation": {"associationArn": "arn:a", "associationId": "a-1"},
    "assumedRoleUser": {"arn": "arn:r", "assumeRoleId": "r-1"},
    "credentials": {"sessionToken": "t", "secretAccessKey": "s", "accessKeyId": "k", "expiration": 1714566600}
}"#;

/// A provider that counts how often it is asked, slowly enough for concurrent callers to queue.
#[derive(Debug)]
struct Counting(Arc<AtomicUsize>);

impl ProvideCredentials for Counting {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            self.0.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(20)).await;
            Ok(Credentials::new("AKID", "SECRET", None)
                .with_expiry(SystemTime::now() + Duration::from_secs(3600)))
        })
    }
}

fn shared(server: &Server, asked: &Arc<AtomicUsize>) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials_provider(Counting(Arc::clone(asked)))
        .endpoint_url(server.url())
        .build()
}

#[tokio::test]
async fn one_provider_and_one_pool_for_both_services() {
    let server = Server::start(vec![Action::json(200, STAGE), Action::json(200, POD_IDENTITY)]).await;
    let asked = Arc::new(AtomicUsize::new(0));
    let config = shared(&server, &asked);
    let ivs = ivs_realtime::Client::new(&config);
    let eks = eks_auth::Client::new(&config);
    assert!(ivs.config().http_client().ptr_eq(eks.config().http_client()));

    let stage = ivs.create_stage().name("shared").send().await.unwrap();
    assert_eq!(stage.stage().unwrap().arn(), "arn:aws:ivs:us-east-1:123456789012:stage/abc");
    let pod = eks
        .assume_role_for_pod_identity()
        .cluster_name("cluster")
        .token("header.payload.signature")
        .send()
        .await
        .unwrap();
    assert_eq!(pod.audience(), "pods.eks.amazonaws.com");

    assert_eq!(asked.load(Ordering::SeqCst), 1);
    // The second service's call went over the connection the first one opened.
    assert_eq!(server.connections(), 1);
    let requests = server.requests();
    assert_eq!(requests[0].target, "/CreateStage");
    assert_eq!(requests[1].target, "/clusters/cluster/assume-role-for-pod-identity");
    let scope = |i: usize| requests[i].header("authorization").unwrap().to_owned();
    assert!(scope(0).contains("/us-east-1/ivs/aws4_request"), "{}", scope(0));
    assert!(scope(1).contains("/us-east-1/eks-auth/aws4_request"), "{}", scope(1));

    // A per-service override keeps the shared provider and connections.
    let overridden = eks_auth::Client::new(&config.to_builder().validate(false).build());
    assert!(overridden.config().http_client().ptr_eq(ivs.config().http_client()));
}

#[tokio::test]
async fn concurrent_calls_of_both_services_ask_the_provider_once() {
    let server = Server::repeating(Action::json(200, STAGE)).await;
    let asked = Arc::new(AtomicUsize::new(0));
    let config = shared(&server, &asked);
    let ivs = ivs_realtime::Client::new(&config);
    let eks = eks_auth::Client::new(&config);
    let mut calls = Vec::new();
    for _ in 0..8 {
        let ivs = ivs.clone();
        calls.push(tokio::spawn(async move { ivs.create_stage().send().await.map(|_| ()).map_err(|e| e.to_string()) }));
        let eks = eks.clone();
        // The answer is not EKS Auth's, so the call fails to read it; it was still signed.
        calls.push(tokio::spawn(async move {
            let _ = eks.assume_role_for_pod_identity().cluster_name("c").token("header.payload.signature").send().await;
            Ok(())
        }));
    }
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(asked.load(Ordering::SeqCst), 1);
    assert_eq!(server.requests().len(), 16);
}
"##;
