//! The service's facts: versions, names derived from its SDK id, signing name and endpoint
//! rules.

use serde_json::Value as Json;

use crate::check::Checked;
use crate::ir::{Service, shape_name};

/// The service, with its documentation still in HTML (converted by `documentation`).
pub(super) fn lower(checked: &Checked<'_>) -> Service {
    let id = &checked.service;
    let traits = checked.traits(id);
    let shape = checked.shape(id);
    let sdk_id = match &traits.aws_service {
        Some(s) => s.sdk_id.clone(),
        None => shape_name(id).to_owned(),
    };
    let (crate_name, env_id) = package_names(&sdk_id);
    Service {
        shape_id: id.clone(),
        version: shape.and_then(|s| s.version.clone()).unwrap_or_default(),
        title: shape
            .and_then(|s| s.traits.get("smithy.api#title"))
            .and_then(Json::as_str)
            .map(str::to_owned),
        docs: traits.documentation.clone().unwrap_or_default(),
        sdk_id,
        signing_name: traits.sigv4.clone().unwrap_or_default(),
        lib_name: crate_name.replace('-', "_"),
        crate_name,
        env_id,
        endpoint_rules: checked.rules.clone(),
        protocol: checked.protocol,
        query_compatible: traits.aws_query_compatible,
        client_params: traits
            .client_context_params
            .iter()
            .flatten()
            .map(|(name, p)| (name.clone(), p.documentation.clone().unwrap_or_default()))
            .collect(),
    }
}

/// The Cargo package name (`ivs-realtime`) and the `AWS_ENDPOINT_URL_<SERVICE>` part
/// (`IVS_REALTIME`) of an SDK id (`IVS RealTime`): its words, which is what the AWS SDKs build
/// both from, with nothing that could not be in them.
fn package_names(sdk_id: &str) -> (String, String) {
    let mut words: Vec<&str> = sdk_id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        words.push("service");
    }
    let lower: Vec<String> = words.iter().map(|w| w.to_ascii_lowercase()).collect();
    let upper: Vec<String> = words.iter().map(|w| w.to_ascii_uppercase()).collect();
    (lower.join("-"), upper.join("_"))
}

#[cfg(test)]
mod tests {
    use super::package_names;

    #[test]
    fn names_come_from_the_words_of_the_sdk_id() {
        assert_eq!(
            package_names("IVS RealTime"),
            ("ivs-realtime".to_owned(), "IVS_REALTIME".to_owned())
        );
        assert_eq!(
            package_names("Kinesis Video Signaling"),
            (
                "kinesis-video-signaling".to_owned(),
                "KINESIS_VIDEO_SIGNALING".to_owned()
            )
        );
        // Nothing of a hostile id reaches a package name or a variable name.
        assert_eq!(
            package_names("a\"]\n[b `c`"),
            ("a-b-c".to_owned(), "A_B_C".to_owned())
        );
        assert_eq!(
            package_names("!!!"),
            ("service".to_owned(), "SERVICE".to_owned())
        );
    }
}
