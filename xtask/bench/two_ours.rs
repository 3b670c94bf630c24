//! Two services in one program, with this project's generated clients: one CreateStage call to
//! Amazon IVS Real-Time and one AssumeRoleForPodIdentity call to EKS Auth, from one shared
//! configuration. Built for its build time and binary size; `two-ours ENDPOINT` sends both.

#[tokio::main]
async fn main() {
    let endpoint = std::env::args().nth(1).expect("ENDPOINT");
    let shared = rustgen_runtime::Config::builder()
        .region("us-west-2")
        .credentials(rustgen_runtime::Credentials::new("AKIDEXAMPLE", "SECRET", None))
        .endpoint_url(endpoint)
        .build();
    let ivs = ivs_realtime::Client::new(&shared);
    let eks = eks_auth::Client::new(&shared);
    let stage = ivs.create_stage().name("my-stage").send().await;
    let pod = eks
        .assume_role_for_pod_identity()
        .cluster_name("cluster")
        .token("header.payload.signature")
        .send()
        .await;
    println!("{} {}", stage.is_ok(), pod.is_ok());
}
