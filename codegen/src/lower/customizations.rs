//! What the Smithy specification's AWS service customizations require of every client of a
//! particular service, beyond what its model says (<https://smithy.io/2.0/aws/customizations/>).
//! This is the one place where the generator names services: each entry is a requirement the
//! specification states for the service with that shape ID, and the Smithy protocol tests
//! check; none adapts the generator to a model file.

/// The headers every request to the service sends: API Gateway answers in its HAL format
/// unless asked for JSON, and Glacier wants the API version on each request.
pub(super) fn constant_headers(service_id: &str, version: &str) -> Vec<(String, String)> {
    match service_id {
        "com.amazonaws.apigateway#BackplaneControlService" => {
            vec![("Accept".to_owned(), "application/json".to_owned())]
        }
        "com.amazonaws.glacier#Glacier" => {
            vec![("X-Amz-Glacier-Version".to_owned(), version.to_owned())]
        }
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_specified_services_get_their_headers_and_no_other_does() {
        assert_eq!(
            constant_headers(
                "com.amazonaws.apigateway#BackplaneControlService",
                "2015-07-09"
            ),
            [("Accept".to_owned(), "application/json".to_owned())]
        );
        assert_eq!(
            constant_headers("com.amazonaws.glacier#Glacier", "2012-06-01"),
            [("X-Amz-Glacier-Version".to_owned(), "2012-06-01".to_owned())]
        );
        assert!(
            constant_headers(
                "com.amazonaws.ivsrealtime#AmazonInteractiveVideoServiceRealTime",
                "2020-07-14"
            )
            .is_empty()
        );
    }
}
