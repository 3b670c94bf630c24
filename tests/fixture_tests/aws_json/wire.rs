//! awsJson 1.0 on the wire, against a server the test starts on 127.0.0.1: the exact request,
//! the answer read back, every form of error code the protocol has (with the awsQuery codes of
//! an `awsQueryCompatible` service), an error the model does not describe, and a throttling
//! error retried.

use std::time::{Duration, SystemTime};

use json_example::config::{Credentials, RetryConfig};
use json_example::error::SdkError;
use json_example::operation::put_item::PutItemError;
use json_example::time::OffsetDateTime;
use json_example::{Client, Config};

/// An answer the server gives: its status, extra headers and body.
type Answer = (u16, Vec<(&'static str, &'static str)>, &'static str);

/// One request as the server read it: its head (request line and headers) and its body.
struct Seen {
    head: String,
    body: String,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// Answers each request with the next of `answers` (status, extra headers, body), on as many
/// connections as the client opens; returns what it read.
async fn serve(
    listener: tokio::net::TcpListener,
    answers: Vec<Answer>,
) -> Vec<Seen> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut seen = Vec::new();
    let mut answers = answers.into_iter().peekable();
    while answers.peek().is_some() {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buffer = Vec::new();
        'requests: while let Some((status, headers, body)) = answers.peek().cloned() {
            let end = loop {
                if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                    break end;
                }
                let mut chunk = [0; 4096];
                let n = stream.read(&mut chunk).await.unwrap();
                if n == 0 {
                    // The client closed this connection; the next request comes on another.
                    break 'requests;
                }
                buffer.extend_from_slice(&chunk[..n]);
            };
            let head = String::from_utf8(buffer[..end].to_vec()).unwrap();
            buffer.drain(..end + 4);
            let length: usize = head
                .lines()
                .find_map(|line| {
                    let (key, value) = line.split_once(':')?;
                    key.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse().unwrap())
                })
                .unwrap_or(0);
            while buffer.len() < length {
                let mut chunk = [0; 4096];
                let n = stream.read(&mut chunk).await.unwrap();
                assert!(n > 0, "the connection closed within a body");
                buffer.extend_from_slice(&chunk[..n]);
            }
            let body_in: Vec<u8> = buffer.drain(..length).collect();
            seen.push(Seen {
                head,
                body: String::from_utf8(body_in).unwrap(),
            });
            answers.next();
            let extra: String = headers.iter().map(|(k, v)| format!("{k}: {v}\r\n")).collect();
            let answer = format!(
                "HTTP/1.1 {status} Answer\r\ncontent-type: application/x-amz-json-1.0\r\n\
                 x-amzn-requestid: req-{n}\r\n{extra}content-length: {}\r\n\r\n{body}",
                body.len(),
                n = seen.len()
            );
            stream.write_all(answer.as_bytes()).await.unwrap();
        }
    }
    seen
}

async fn start(
    answers: Vec<Answer>,
) -> (Client, tokio::task::JoinHandle<Vec<Seen>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(serve(listener, answers));
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .endpoint_url(url)
        .signing_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_566_600))
        .retry(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
        .build();
    (Client::new(&config), server)
}

#[tokio::test]
async fn a_call_is_a_post_naming_the_operation_and_its_answer_is_read() {
    let (client, server) = start(vec![(
        200,
        vec![],
        r#"{"Id": "item-1", "Created": 1714566600.5, "Level": 10, "Other": [1]}"#,
    )])
    .await;
    let output = client
        .put_item()
        .name("first")
        .count(3)
        .when(OffsetDateTime::from_unix_timestamp(1_714_566_600).unwrap())
        .data(b"\x00\xff".to_vec())
        .level(1)
        .tags("k", "v")
        .send()
        .await
        .unwrap();
    assert_eq!(output.id(), "item-1");
    assert_eq!(
        output.created(),
        Some(
            OffsetDateTime::from_unix_timestamp(1_714_566_600).unwrap()
                + json_example::time::Duration::milliseconds(500)
        )
    );
    assert_eq!(output.level(), Some(10));
    let seen = server.await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].head.lines().next(), Some("POST / HTTP/1.1"));
    assert_eq!(seen[0].header("content-type"), Some("application/x-amz-json-1.0"));
    assert_eq!(seen[0].header("x-amz-target"), Some("JsonService.PutItem"));
    assert_eq!(seen[0].header("x-amzn-query-mode"), Some("true"));
    // Member names, not `jsonName`s; a timestamp in epoch seconds, a blob in base64.
    assert_eq!(
        seen[0].body,
        r#"{"Name": "first", "Count": 3, "When": 1714566600, "Data": "AP8=", "Level": 1, "Tags": {"k": "v"}}"#
    );
}

#[tokio::test]
async fn a_recursive_required_member_is_built_and_sent() {
    use json_example::types::{Child, Node};
    let tree = Node::builder()
        .label("root")
        .child(Child::Node(Box::new(
            Node::builder()
                .label("inner")
                .child(Child::Leaf("end".to_owned()))
                .build(),
        )))
        .build();
    assert_eq!(tree.child().as_node().map(Node::label), Some("inner"));
    let (client, server) = start(vec![(200, vec![], r#"{"Id": "t"}"#)]).await;
    client.put_item().name("tree").tree(tree).send().await.unwrap();
    assert_eq!(
        server.await.unwrap()[0].body,
        r#"{"Name": "tree", "Tree": {"Label": "root", "Child": {"Node": {"Label": "inner", "Child": {"Leaf": "end"}}}}}"#
    );
}

#[tokio::test]
async fn an_operation_without_input_sends_an_empty_object() {
    let (client, server) = start(vec![(200, vec![], "")]).await;
    client.ping().send().await.unwrap();
    let seen = server.await.unwrap();
    assert_eq!(seen[0].header("x-amz-target"), Some("JsonService.Ping"));
    assert_eq!(seen[0].body, "{}");
}

/// The error a `PutItem` call ends with when the server answers `status`, `headers`, `body`.
async fn error_of(
    status: u16,
    headers: Vec<(&'static str, &'static str)>,
    body: &'static str,
) -> SdkError<PutItemError> {
    let (client, server) = start(vec![(status, headers, body)]).await;
    let error = client.put_item().name("x").send().await.unwrap_err();
    server.abort();
    error
}

#[tokio::test]
async fn every_form_of_error_code_names_the_modeled_error() {
    let forms: [(Vec<(&'static str, &'static str)>, &'static str); 6] = [
        (vec![], r#"{"__type": "ItemMissing", "message": "gone"}"#),
        (vec![], r#"{"__type": "example.json#ItemMissing", "message": "gone"}"#),
        (
            vec![],
            r#"{"__type": "example.json#ItemMissing:http://internal.amazon.com/coral/", "message": "gone"}"#,
        ),
        // The header, when the body does not say.
        (vec![("x-amzn-errortype", "ItemMissing:http://internal.amazon.com/")], r#"{"message": "gone"}"#),
        // The awsQuery code of an awsQuery-compatible service wins over the body's.
        (
            vec![("x-amzn-query-error", "AWS.Example.ItemMissing;Sender")],
            r#"{"__type": "example.json#SomethingElse", "message": "gone"}"#,
        ),
        (vec![("x-amzn-query-error", "ItemMissing;Sender")], r#"{"message": "gone"}"#),
    ];
    for (headers, body) in forms {
        let error = error_of(404, headers, body).await;
        let SdkError::Service(service) = &error else {
            panic!("{body}: {error:?}");
        };
        assert!(service.err().is_item_missing(), "{body}: {error:?}");
        assert_eq!(service.err().message(), Some("gone"), "{body}");
        assert_eq!(service.status(), 404);
        assert_eq!(service.request_id(), Some("req-1"));
    }
}

#[tokio::test]
async fn an_error_the_model_does_not_describe_keeps_its_code_and_message() {
    let error = error_of(
        400,
        vec![],
        r#"{"__type": "com.example#BrandNewException", "Message": "new"}"#,
    )
    .await;
    let SdkError::Service(service) = &error else {
        panic!("{error:?}");
    };
    let PutItemError::Unhandled(unhandled) = service.err() else {
        panic!("{error:?}");
    };
    assert_eq!(unhandled.code(), Some("BrandNewException"));
    assert_eq!(unhandled.message(), Some("new"));
    // A query code in only one part is no code.
    let error = error_of(
        400,
        vec![("x-amzn-query-error", "Only")],
        r#"{"__type": "Other"}"#,
    )
    .await;
    let SdkError::Service(service) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(service.err().code(), Some("Other"));
}

#[tokio::test]
async fn a_throttling_error_is_retried() {
    let (client, server) = start(vec![
        (400, vec![], r#"{"__type": "Throttled", "message": "slow down"}"#),
        (200, vec![], r#"{"Id": "item-2"}"#),
    ])
    .await;
    let output = client.put_item().name("again").send().await.unwrap();
    assert_eq!(output.id(), "item-2");
    let seen = server.await.unwrap();
    assert_eq!(seen.len(), 2);
    // The same request both times (its signature too: the signing time is fixed).
    assert_eq!(seen[0].body, seen[1].body);
    assert_eq!(seen[0].header("authorization"), seen[1].header("authorization"));
}
