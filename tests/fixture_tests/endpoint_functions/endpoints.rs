//! Endpoint parameters set by the configuration (`clientContextParams`), by an operation's
//! static values and by paths of its input (`operationContextParams`), seen in the URL of the
//! signed request.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use endpoint_functions::types::{Entry, Target};
use endpoint_functions::{Client, Config};

fn config() -> endpoint_functions::config::ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(endpoint_functions::config::Credentials::new("AKID", "SECRET", None))
        .signing_time(SystemTime::UNIX_EPOCH + Duration::from_secs(1_714_566_600))
}

fn target(table: &str) -> Target {
    Target::builder().table(table).build()
}

#[tokio::test]
async fn the_keys_of_a_map_member_pick_the_account_endpoint() {
    let client = Client::new(&config().build());
    let request = client
        .get_items()
        .items(BTreeMap::from([(
            "arn:aws:fn:us-east-1:111122223333:table/a".to_owned(),
            "k".to_owned(),
        )]))
        .signed_request()
        .await
        .unwrap();
    assert_eq!(
        request.uri().to_string(),
        "https://111122223333.fn.us-east-1.amazonaws.com/items"
    );
}

#[tokio::test]
async fn a_projection_over_a_list_gives_the_first_table_written() {
    let client = Client::new(&config().build());
    let entry = |put: Option<&str>, delete: Option<&str>| {
        Entry::builder()
            .set_put(put.map(target))
            .set_delete(delete.map(target))
            .build()
    };
    let request = client
        .put_entries()
        .entries(vec![
            entry(None, Some("arn:aws:fn:us-east-1:444455556666:table/d")),
            entry(Some("arn:aws:fn:us-east-1:111122223333:table/p"), None),
        ])
        .signed_request()
        .await
        .unwrap();
    assert_eq!(
        request.uri().to_string(),
        "https://444455556666.fn.us-east-1.amazonaws.com/entries"
    );
    // Within an entry, `Put` comes before `Delete`, as the path lists them.
    let request = client
        .put_entries()
        .entries(vec![entry(
            Some("arn:aws:fn:us-east-1:111122223333:table/p"),
            Some("arn:aws:fn:us-east-1:444455556666:table/d"),
        )])
        .signed_request()
        .await
        .unwrap();
    assert_eq!(request.uri().host(), Some("111122223333.fn.us-east-1.amazonaws.com"));
}

#[tokio::test]
async fn an_input_without_the_path_keeps_the_configured_parameters() {
    let client = Client::new(&config().build());
    let request = client
        .put_entries()
        .entries(Vec::new())
        .signed_request()
        .await
        .unwrap();
    assert_eq!(request.uri().host(), Some("fn.us-east-1.amazonaws.com"));
    // A key that is no ARN.
    let request = client
        .get_items()
        .items(BTreeMap::from([("plain".to_owned(), "k".to_owned())]))
        .signed_request()
        .await
        .unwrap();
    assert_eq!(request.uri().host(), Some("fn.us-east-1.amazonaws.com"));
}

#[tokio::test]
async fn client_parameters_come_from_the_configuration() {
    let client = Client::new(&config().client_context_param("Mode", "fast").build());
    let request = client
        .get_items()
        .items(BTreeMap::from([("plain".to_owned(), "k".to_owned())]))
        .signed_request()
        .await
        .unwrap();
    assert_eq!(request.uri().host(), Some("fast.fn.us-east-1.amazonaws.com"));

    // A boolean parameter; and a value of the wrong type is not read.
    let strict = Client::new(
        &config()
            .client_context_param("Strict", true)
            .client_context_param("Mode", false)
            .build(),
    );
    let error = strict
        .get_items()
        .items(BTreeMap::from([(
            "arn:aws:fn:eu-west-1:111122223333:table/a".to_owned(),
            "k".to_owned(),
        )]))
        .signed_request()
        .await
        .unwrap_err();
    // The rules' message is the error's source.
    let mut messages = vec![error.to_string()];
    let mut source = std::error::Error::source(&error);
    while let Some(e) = source {
        messages.push(e.to_string());
        source = e.source();
    }
    assert_eq!(
        messages,
        [
            "invalid configuration: no endpoint for this configuration",
            "the ARN is for eu-west-1, not us-east-1"
        ]
    );
    let request = strict
        .get_items()
        .items(BTreeMap::from([("plain".to_owned(), "k".to_owned())]))
        .signed_request()
        .await
        .unwrap();
    assert_eq!(request.uri().host(), Some("fn.us-east-1.amazonaws.com"));
}

#[tokio::test]
async fn static_values_and_optional_members_set_parameters() {
    let client = Client::new(&config().build());
    let request = client.describe().signed_request().await.unwrap();
    assert_eq!(
        request.uri().to_string(),
        "https://describe.fn.us-east-1.amazonaws.com/describe"
    );
    let request = client
        .describe()
        .table("arn:aws:fn:us-east-1:777788889999:table/x")
        .signed_request()
        .await
        .unwrap();
    assert_eq!(
        request.uri().host(),
        Some("777788889999.fn.us-east-1.amazonaws.com")
    );
}
