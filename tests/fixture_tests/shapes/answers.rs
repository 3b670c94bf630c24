//! Answers of `PutThing` read as the model describes them: members bound to headers come from
//! the headers, and an answer without a member the model requires (in the body or a header),
//! or with a header value of the wrong type, is refused with an error naming it.

use shapes_example::bytes::Bytes;
use shapes_example::error::SdkError;
use shapes_example::http;
use shapes_example::operation::put_thing::PutThing;
use shapes_example::types::Color;

fn answer(headers: &[(&str, &str)], body: &str) -> http::Response<Bytes> {
    let mut response = http::Response::builder().status(200);
    for (name, value) in headers {
        response = response.header(*name, *value);
    }
    response.body(Bytes::from(body.to_owned())).unwrap()
}

/// The message of the error reading `response` gives.
fn refusal(response: &http::Response<Bytes>) -> String {
    match PutThing::read_response(response) {
        Err(error @ SdkError::Response(_)) => {
            let source = std::error::Error::source(&error).map(ToString::to_string);
            format!("{error}: {}", source.unwrap_or_default())
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn header_members_are_read_from_the_headers() {
    let output = PutThing::read_response(&answer(
        &[("x-version", " 7 "), ("x-color", "dark-green"), ("x-request-id", "r-1")],
        r#"{"id": "t-1"}"#,
    ))
    .unwrap();
    assert_eq!(output.id(), "t-1");
    assert_eq!(output.version(), Some(7));
    assert_eq!(output.color(), Some(&Color::DarkGreen));
    assert_eq!(output.request_id(), Some("r-1"));
    assert_eq!(output.created_at(), None);
}

#[test]
fn an_answer_without_a_required_header_is_refused() {
    assert_eq!(
        refusal(&answer(&[("x-color", "red")], r#"{"id": "t-1"}"#)),
        "unreadable response (HTTP 200): cannot read the output: the required header \
         `x-version` is missing"
    );
    assert_eq!(
        refusal(&answer(&[("x-version", "1")], r#"{"id": "t-1"}"#)),
        "unreadable response (HTTP 200): cannot read the output: the required header \
         `x-color` is missing"
    );
    // An empty body is an empty object, without the required `id`: not a success.
    let headers = [("x-version", "1"), ("x-color", "red")];
    for body in ["", "{}"] {
        assert_eq!(
            refusal(&answer(&headers, body)),
            "unreadable response (HTTP 200): cannot read the output: missing field `id` at \
             line 1 column 2"
        );
    }
}

#[test]
fn a_header_of_the_wrong_type_is_refused() {
    assert_eq!(
        refusal(&answer(
            &[("x-version", "seven"), ("x-color", "red")],
            r#"{"id": "t-1"}"#
        )),
        "unreadable response (HTTP 200): cannot read the output: the header `x-version` holds \
         \"seven\": invalid digit found in string"
    );
}
