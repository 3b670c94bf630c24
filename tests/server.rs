//! A loopback HTTP/1.1 server for wire tests: it records every request and answers each with
//! the next scripted [`Action`] — a response, a connection reset, a stall, or raw bytes.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// Method.
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Headers in the order received, names lowercased.
    pub headers: Vec<(String, String)>,
    /// Body bytes.
    pub body: Vec<u8>,
}

impl Recorded {
    /// The value of a header, if present once or more (the first).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn body_text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

/// What the server does with the next request.
#[derive(Debug, Clone)]
pub enum Action {
    /// Answers with a status, headers and body (Content-Length is added).
    Respond {
        /// HTTP status.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// Body.
        body: Vec<u8>,
    },
    /// Writes these bytes as the whole answer, then closes the connection.
    Raw(Vec<u8>),
    /// Writes these bytes as the whole answer, waits this long, then closes the connection.
    RawThenClose(Vec<u8>, Duration),
    /// Resets the connection without answering.
    Reset,
    /// Never answers (holds the connection open for this long).
    Stall(Duration),
}

impl Action {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Self {
        Self::Respond {
            status,
            headers: vec![
                ("Content-Type".into(), "application/json".into()),
                ("x-amzn-RequestId".into(), "req-1234".into()),
            ],
            body: body.as_bytes().to_vec(),
        }
    }

    /// A JSON error answer with an `X-Amzn-ErrorType` header.
    pub fn error(status: u16, error_type: &str, body: &str) -> Self {
        let Self::Respond {
            status,
            mut headers,
            body,
        } = Self::json(status, body)
        else {
            unreachable!()
        };
        headers.push(("X-Amzn-ErrorType".into(), error_type.into()));
        Self::Respond {
            status,
            headers,
            body,
        }
    }
}

/// A running server.
pub struct Server {
    /// Its address.
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    connections: Arc<AtomicUsize>,
    recording: Arc<std::sync::atomic::AtomicBool>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Starts a server on 127.0.0.1 that answers with `script`, then with 500 once it runs out.
    pub async fn start(script: Vec<Action>) -> Self {
        Self::start_with(
            script,
            Action::json(500, r#"{"message": "script exhausted"}"#),
        )
        .await
    }

    /// Starts a server on 127.0.0.1 that answers every request with `action`.
    pub async fn repeating(action: Action) -> Self {
        Self::start_with(Vec::new(), action).await
    }

    /// Like [`Server::repeating`], but keeps no record of requests, so that long runs do not
    /// grow the test process's memory.
    pub async fn repeating_unrecorded(action: Action) -> Self {
        let server = Self::start_with(Vec::new(), action).await;
        server.recording.store(false, Ordering::SeqCst);
        server
    }

    async fn start_with(script: Vec<Action>, fallback: Action) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(VecDeque::from(script)));
        let fallback = Arc::new(fallback);
        let recorded = requests.clone();
        let connections = Arc::new(AtomicUsize::new(0));
        let recording = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let record = recording.clone();
        let accepted = connections.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                accepted.fetch_add(1, Ordering::SeqCst);
                let (recorded, script, fallback) =
                    (recorded.clone(), script.clone(), fallback.clone());
                let record = record.clone();
                tokio::spawn(async move {
                    serve(stream, recorded, script, fallback, record).await;
                });
            }
        });
        Self {
            addr,
            requests,
            connections,
            recording,
            task,
        }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let header_end = loop {
        if let Some(i) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..header_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body_start = header_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

async fn serve(
    mut stream: TcpStream,
    recorded: Arc<Mutex<Vec<Recorded>>>,
    script: Arc<Mutex<VecDeque<Action>>>,
    fallback: Arc<Action>,
    record: Arc<std::sync::atomic::AtomicBool>,
) {
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buffer).await {
        if record.load(Ordering::SeqCst) {
            recorded.lock().unwrap().push(request);
        }
        let action = script
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| (*fallback).clone());
        match action {
            Action::Respond {
                status,
                headers,
                body,
            } => {
                let mut head = format!("HTTP/1.1 {status} Status\r\n");
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
                let mut answer = head.into_bytes();
                answer.extend_from_slice(&body);
                if stream.write_all(&answer).await.is_err() {
                    return;
                }
            }
            Action::Raw(bytes) => {
                let _ = stream.write_all(&bytes).await;
                let _ = stream.shutdown().await;
                return;
            }
            Action::RawThenClose(bytes, wait) => {
                let _ = stream.write_all(&bytes).await;
                tokio::time::sleep(wait).await;
                let _ = stream.shutdown().await;
                return;
            }
            Action::Reset => {
                let _ = stream.set_zero_linger();
                return;
            }
            Action::Stall(duration) => {
                tokio::time::sleep(duration).await;
                return;
            }
        }
    }
}
