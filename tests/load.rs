//! Load: a thousand concurrent calls through clones of one client, twenty rounds in a row, all
//! succeed, and memory stays bounded. In a test binary of its own, so no other test's work
//! shows in the process's memory.

use integration_tests::server::{Action, Server};
use ivs_realtime::config::Credentials;
use ivs_realtime::{Client, Config};

const OK_BODY: &str = r#"{"stage": {"arn": "arn:aws:ivs:us-east-1:123456789012:stage/abc"}}"#;

/// Resident memory of this process, in KiB.
fn resident_kib() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap();
    let pages: u64 = statm.split_whitespace().nth(1).unwrap().parse().unwrap();
    pages * 4
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_calls_through_clones_succeed_with_bounded_memory() {
    let server = Server::repeating_unrecorded(Action::json(200, OK_BODY)).await;
    let client = Client::new(
        &Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(server.url())
            .build(),
    );
    let mut peaks = Vec::new();
    for _ in 0..20 {
        let calls: Vec<_> = (0..1_000)
            .map(|_| {
                let client = client.clone();
                tokio::spawn(async move { client.create_stage().name("load").send().await })
            })
            .collect();
        for call in calls {
            let output = call.await.unwrap().unwrap();
            assert!(output.stage().is_some());
        }
        peaks.push(resident_kib());
    }
    println!("resident memory after each round of 1000 calls (KiB): {peaks:?}");
    // Each round opens and closes hundreds of connections (64 stay idle), and the allocator takes
    // about ten rounds to settle. After that, ten more rounds (10,000 calls) must stay within
    // 16 MiB of the first ten rounds' peak: a leak of 2 KB a call would exceed it.
    let warm = peaks[..10].iter().copied().max().unwrap_or_default();
    assert!(
        peaks[10..].iter().all(|&kib| kib <= warm + 16 * 1024),
        "memory grew: {peaks:?}"
    );
}
