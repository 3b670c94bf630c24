//! awsQuery on the wire, against a server the test starts on 127.0.0.1: the exact form body
//! (`xmlName`, `xmlFlattened`, `.member.N`, map entries, an empty list), the XML answer read
//! back, errors named by their awsQuery codes in both of the protocol's error forms, an error
//! the model does not describe, an answer that is not XML, and a throttling error retried.

use std::time::{Duration, SystemTime};

use query_example::config::{Credentials, RetryConfig};
use query_example::error::SdkError;
use query_example::operation::put_item::PutItemError;
use query_example::time::OffsetDateTime;
use query_example::types::{Inner, Mode};
use query_example::{Client, Config};

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
                "HTTP/1.1 {status} Answer\r\ncontent-type: text/xml\r\n{extra}content-length: {}\r\n\r\n{body}",
                body.len()
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
async fn a_call_is_a_form_and_its_xml_answer_is_read() {
    let answer = concat!(
        r#"<PutItemResponse xmlns="https://example.com/doc/2024-07-01/"><PutItemResult>"#,
        "<Id>item-1</Id><Created>2024-05-01T12:30:00.500Z</Created>",
        "<Values><member>1</member><member>2</member></Values>",
        "<Name>a &amp; b</Name><Name>c</Name>",
        "<Attrs><entry><key>k</key><value>v</value></entry></Attrs>",
        "<Inner><Label>in</Label><Depth>2</Depth></Inner><Enabled>false</Enabled><Mode>new</Mode>",
        "<Unknown>ignored</Unknown>",
        "</PutItemResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></PutItemResponse>"
    );
    let (client, server) = start(vec![(200, vec![], answer)]).await;
    let output = client
        .put_item()
        .name("first")
        .count(3)
        .when(OffsetDateTime::from_unix_timestamp(1_714_566_600).unwrap())
        .data(b"\x00\xff".to_vec())
        .enabled(true)
        .ratio(0.1)
        .mode(Mode::Fast)
        .tags("k", "v w")
        .items("a")
        .items("b+c")
        .flat("x")
        .set_empty(Some(Vec::new()))
        .inner(Inner::builder().label("in").depth(2).build())
        .renamed("r")
        .send()
        .await
        .unwrap();
    assert_eq!(output.id(), "item-1");
    assert_eq!(
        output.created(),
        Some(
            OffsetDateTime::from_unix_timestamp(1_714_566_600).unwrap()
                + query_example::time::Duration::milliseconds(500)
        )
    );
    assert_eq!(output.values(), Some(&[1, 2][..]));
    assert_eq!(output.flat(), Some(&["a & b".to_owned(), "c".to_owned()][..]));
    assert_eq!(
        output.attrs().and_then(|a| a.get("k")).map(String::as_str),
        Some("v")
    );
    assert_eq!(output.inner().and_then(Inner::depth), Some(2));
    assert_eq!(output.enabled(), Some(false));
    assert_eq!(output.mode().map(Mode::as_str), Some("new"));
    let seen = server.await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].head.lines().next(), Some("POST / HTTP/1.1"));
    assert_eq!(
        seen[0].header("content-type"),
        Some("application/x-www-form-urlencoded; charset=utf-8")
    );
    assert_eq!(seen[0].header("x-amz-target"), None);
    assert_eq!(
        seen[0].body,
        "Action=PutItem&Version=2024-07-01&Name=first&Count=3&When=2024-05-01T12%3A30%3A00Z\
         &Data=AP8%3D&Enabled=true&Ratio=0.1&Mode=fast&Tags.entry.1.Name=k&Tags.entry.1.Text=v+w\
         &Items.item.1=a&Items.item.2=b%2Bc&Entry.1=x&Empty=&Inner.Label=in&Inner.Depth=2&Alias=r"
    );
}

#[tokio::test]
async fn an_operation_without_input_names_the_action_and_version() {
    let (client, server) = start(vec![(200, vec![], "<PingResponse/>")]).await;
    client.ping().send().await.unwrap();
    assert_eq!(server.await.unwrap()[0].body, "Action=Ping&Version=2024-07-01");
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
async fn errors_are_named_by_their_awsquery_codes() {
    let forms = [
        // The member's own element, and the request id beside the error.
        "<ErrorResponse><Error><Type>Sender</Type><Code>AWS.Example.ItemMissing</Code>\
         <message>gone</message></Error><RequestId>req-1</RequestId></ErrorResponse>",
        // The message where services put it; the request id in the response metadata.
        "<ErrorResponse><Error><Code>AWS.Example.ItemMissing</Code><Message>gone</Message>\
         </Error><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ErrorResponse>",
        // The error inside `<Errors>`.
        "<Response><Errors><Error><Code>AWS.Example.ItemMissing</Code><Message>gone</Message>\
         </Error></Errors><RequestId>req-1</RequestId></Response>",
    ];
    for body in forms {
        let error = error_of(404, vec![], body).await;
        let SdkError::Service(service) = &error else {
            panic!("{body}: {error:?}");
        };
        assert!(service.err().is_item_missing(), "{body}: {error:?}");
        assert_eq!(service.err().message(), Some("gone"), "{body}");
        assert_eq!(service.status(), 404);
        assert_eq!(service.request_id(), Some("req-1"), "{body}");
    }
    // The header's request id comes first.
    let error = error_of(404, vec![("x-amzn-requestid", "from-header")], forms[0]).await;
    assert_eq!(error.request_id(), Some("from-header"));
}

#[tokio::test]
async fn an_error_the_model_does_not_describe_keeps_its_code_and_message() {
    let error = error_of(
        400,
        vec![],
        "<ErrorResponse><Error><Code>BrandNew</Code><Message>new &lt;thing&gt;</Message></Error>\
         <RequestId>req-2</RequestId></ErrorResponse>",
    )
    .await;
    let SdkError::Service(service) = &error else {
        panic!("{error:?}");
    };
    let PutItemError::Unhandled(unhandled) = service.err() else {
        panic!("{error:?}");
    };
    assert_eq!(unhandled.code(), Some("BrandNew"));
    assert_eq!(unhandled.message(), Some("new <thing>"));
    assert_eq!(service.request_id(), Some("req-2"));
}

#[tokio::test]
async fn an_answer_that_is_not_xml_is_a_response_error() {
    let (client, server) = start(vec![(200, vec![], "<PutItemResponse><PutItemResult>")]).await;
    let error = client.put_item().name("x").send().await.unwrap_err();
    server.abort();
    let SdkError::Response(response) = &error else {
        panic!("{error:?}");
    };
    let source = std::error::Error::source(response).map(ToString::to_string);
    assert!(
        source.as_deref().is_some_and(|s| s.starts_with("invalid XML")),
        "{source:?}"
    );
    // A result without its required member.
    let (client, server) = start(vec![(
        200,
        vec![],
        "<PutItemResponse><PutItemResult></PutItemResult></PutItemResponse>",
    )])
    .await;
    let error = client.put_item().name("x").send().await.unwrap_err();
    server.abort();
    let source = std::error::Error::source(&error).map(ToString::to_string);
    assert_eq!(
        source.as_deref(),
        Some("the answer lacks the required member <Id>"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_throttling_error_is_retried() {
    let (client, server) = start(vec![
        (
            400,
            vec![],
            "<ErrorResponse><Error><Code>Throttling</Code><Message>slow down</Message></Error></ErrorResponse>",
        ),
        (
            200,
            vec![],
            "<PutItemResponse><PutItemResult><Id>item-2</Id></PutItemResult></PutItemResponse>",
        ),
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
