//! Two services in one program, with the AWS SDK for Rust: one CreateStage call through
//! aws-sdk-ivsrealtime and one AssumeRoleForPodIdentity call through aws-sdk-eksauth, from one
//! shared aws-config configuration. Built for its build time and binary size; `two-aws
//! ENDPOINT` sends both.

use aws_config::BehaviorVersion;

#[tokio::main]
async fn main() {
    let endpoint = std::env::args().nth(1).expect("ENDPOINT");
    let shared = aws_config::defaults(BehaviorVersion::latest())
        .region(aws_config::Region::new("us-west-2"))
        .credentials_provider(aws_sdk_ivsrealtime::config::Credentials::new(
            "AKIDEXAMPLE",
            "SECRET",
            None,
            None,
            "bench",
        ))
        .endpoint_url(endpoint)
        .load()
        .await;
    let ivs = aws_sdk_ivsrealtime::Client::new(&shared);
    let eks = aws_sdk_eksauth::Client::new(&shared);
    let stage = ivs.create_stage().name("my-stage").send().await;
    let pod = eks
        .assume_role_for_pod_identity()
        .cluster_name("cluster")
        .token("header.payload.signature")
        .send()
        .await;
    println!("{} {}", stage.is_ok(), pod.is_ok());
}
