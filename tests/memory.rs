//! The answer body limit bounds memory, not only bytes: a body sent as millions of one-byte
//! chunks is read into one buffer, and a body beyond the limit is refused, the process grown
//! by no more than a few MiB above the limit either way.
//!
//! The only test of its binary, so that the peak memory of the process (`VmHWM`) is its own.

use std::time::Duration;

use ivs_realtime::config::{Credentials, RetryConfig};
use ivs_realtime::error::SdkError;
use ivs_realtime::{Client, Config};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The limit on answer bodies (8 MiB).
const LIMIT: usize = 8 * 1024 * 1024;
/// Growth of the process allowed beyond the limit.
const SLACK: usize = 4 * 1024 * 1024;

/// A field of `/proc/self/status`, in bytes.
fn status(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    let kib: usize = line.trim().trim_end_matches("kB").trim().parse().unwrap();
    kib * 1024
}

/// Serves one answer on 127.0.0.1: `{"padding": "xxx…", "stage": {"arn": "a"}}`, its padding
/// `padding` bytes long, in chunks of `chunk` bytes, written as it goes so that the server
/// holds no more than a batch of chunks at a time.
async fn serve(padding: usize, chunk: usize) -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        // Read the request (its head and small body arrive together).
        let mut request = vec![0u8; 64 * 1024];
        let _ = stream.read(&mut request).await.unwrap();
        let mut batch = Vec::with_capacity(128 * 1024);
        batch.extend_from_slice(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        let write_chunk = |batch: &mut Vec<u8>, data: &[u8]| {
            batch.extend_from_slice(format!("{:x}\r\n", data.len()).as_bytes());
            batch.extend_from_slice(data);
            batch.extend_from_slice(b"\r\n");
        };
        write_chunk(&mut batch, br#"{"padding": ""#);
        let piece = vec![b'x'; chunk];
        let mut sent = 0;
        while sent < padding {
            let n = chunk.min(padding - sent);
            write_chunk(&mut batch, &piece[..n]);
            sent += n;
            if batch.len() >= 64 * 1024 {
                if stream.write_all(&batch).await.is_err() {
                    return;
                }
                batch.clear();
            }
        }
        write_chunk(&mut batch, br#"", "stage": {"arn": "a"}}"#);
        batch.extend_from_slice(b"0\r\n\r\n");
        let _ = stream.write_all(&batch).await;
        // Keep the connection open until the client is done with it.
        tokio::time::sleep(Duration::from_secs(60)).await;
    });
    address
}

fn client(address: std::net::SocketAddr) -> Client {
    Client::new(
        &Config::builder()
            .region("us-west-2")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .endpoint_url(format!("http://{address}"))
            .retry(RetryConfig::disabled())
            .operation_timeout(Duration::from_secs(120))
            .attempt_timeout(Duration::from_secs(120))
            .build(),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn bodies_of_tiny_chunks_take_memory_for_their_bytes_only() {
    // Warm up: the runtime's one-time allocations (TLS roots, patterns) are not the body's.
    let small = serve(16, 1).await;
    client(small).create_stage().send().await.unwrap();

    // Two million one-byte chunks: read whole, kept in one buffer.
    let body = 2_000_000;
    let address = serve(body, 1).await;
    let before = status("VmRSS");
    let output = client(address).create_stage().send().await.unwrap();
    assert_eq!(output.stage().unwrap().arn(), "a");
    let grown = status("VmHWM").saturating_sub(before);
    assert!(
        grown <= LIMIT + SLACK,
        "grew by {grown} bytes for a body of {body} bytes"
    );

    // Nine MiB in chunks of 1 KiB: refused at the limit, having held at most the limit.
    let address = serve(9 * 1024 * 1024, 1024).await;
    let before = status("VmRSS");
    let error = client(address).create_stage().send().await.unwrap_err();
    let SdkError::Response(_) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(
        error.to_string(),
        "unreadable response (HTTP 200): the body is larger than 8388608 bytes"
    );
    let grown = status("VmHWM").saturating_sub(before);
    assert!(
        grown <= LIMIT + SLACK,
        "grew by {grown} bytes for a body cut at {LIMIT}"
    );
}
