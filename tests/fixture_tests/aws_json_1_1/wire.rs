//! awsJson 1.1: its media type, the operation in `X-Amz-Target`, and an error read from the
//! body, through the signed request and an answer given to the operation.

use std::time::{Duration, SystemTime};

use json_eleven::bytes::Bytes;
use json_eleven::config::Credentials;
use json_eleven::error::SdkError;
use json_eleven::http;
use json_eleven::operation::get_thing::GetThing;
use json_eleven::{Client, Config};

fn client() -> Client {
    let config = Config::builder()
        .region("eu-west-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .signing_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_566_600))
        .build();
    Client::new(&config)
}

#[tokio::test]
async fn a_request_names_the_operation_in_its_media_type_and_target() {
    let request = client().get_thing().thing_id("t-1").signed_request().await.unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri().to_string(), "https://json.eu-west-1.amazonaws.com/");
    let header = |name: &str| request.headers().get(name).map(|v| v.to_str().unwrap());
    assert_eq!(header("content-type"), Some("application/x-amz-json-1.1"));
    assert_eq!(header("x-amz-target"), Some("Json11Service.GetThing"));
    assert_eq!(header("x-amzn-query-mode"), None);
    assert_eq!(request.body().as_ref(), br#"{"ThingId": "t-1"}"#);
}

#[test]
fn answers_and_errors_are_read_from_the_body() {
    let answer = |status: u16, body: &'static str| {
        http::Response::builder()
            .status(status)
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap()
    };
    let output = GetThing::read_response(&answer(200, r#"{"Size": 9007199254740993}"#)).unwrap();
    assert_eq!(output.size(), Some(9_007_199_254_740_993));
    let error = GetThing::read_response(&answer(
        400,
        r#"{"__type": "example.json11#NoThing", "Message": "none"}"#,
    ))
    .unwrap_err();
    let SdkError::Service(service) = &error else {
        panic!("{error:?}");
    };
    assert!(service.err().is_no_thing());
    assert_eq!(service.err().message(), Some("none"));
}
