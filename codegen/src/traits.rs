//! Typed views of the traits this generator understands, and the verdict on every other trait.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Namespace of the traits this generator defines for facts Smithy's prelude cannot express.
pub const OWN_NAMESPACE: &str = "rustgen.traits";

/// Namespaces whose traits can change what a client sends or reads. A trait of these that the
/// generator does not know is reported: ignoring it could put the wrong bytes on the wire.
/// Traits of every other namespace (documentation, IAM, CloudFormation, tests, waiters, a
/// model's own traits…) describe the service to other tools and are ignored, so that a model
/// update adding such a trait does not stop generation.
const WIRE_NAMESPACES: &[&str] = &["smithy.api", "aws.protocols", "aws.auth", "smithy.rules"];

/// Traits of the wire namespaces that change nothing a client sends or reads: documentation,
/// modelling of resources and properties, and metadata for servers and other tools.
const NO_WIRE_EFFECT: &[&str] = &[
    "smithy.api#addedDefault",
    "smithy.api#cors",
    "smithy.api#deprecated",
    "smithy.api#examples",
    "smithy.api#externalDocumentation",
    "smithy.api#input",
    "smithy.api#internal",
    "smithy.api#nestedProperties",
    "smithy.api#noReplace",
    "smithy.api#notProperty",
    "smithy.api#output",
    "smithy.api#private",
    "smithy.api#property",
    "smithy.api#recommended",
    "smithy.api#references",
    // Only meaningful on a streaming blob, whose `streaming` trait leaves its operation out.
    "smithy.api#requiresLength",
    "smithy.api#resourceIdentifier",
    "smithy.api#since",
    "smithy.api#suppress",
    "smithy.api#tags",
    "smithy.api#title",
    "smithy.api#unstable",
    // The namespace of XML answers, which awsQuery clients read by local names.
    "smithy.api#xmlNamespace",
    // An authentication scheme not supported yet: an operation is authenticated with the
    // first scheme of its `smithy.api#auth` list that the generator supports, which is checked.
    "aws.auth#sigv4a",
];

/// Traits that change the wire in ways this generator does not implement yet: the operations
/// whose shapes carry one are left out of the crate, with a warning.
const UNSUPPORTED: &[&str] = &[
    "smithy.api#eventHeader",
    "smithy.api#eventPayload",
    "smithy.api#httpChecksumRequired",
    "smithy.api#requestCompression",
    "smithy.api#streaming",
    "aws.protocols#httpChecksum",
];

/// Why a trait cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraitProblem {
    /// What is wrong.
    pub message: String,
    /// A feature this generator does not implement yet (the model itself is fine).
    pub unsupported: bool,
}

/// The value of `smithy.api#length`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Length {
    /// Inclusive minimum.
    pub min: Option<u64>,
    /// Inclusive maximum.
    pub max: Option<u64>,
}

/// The value of `smithy.api#range`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// Inclusive minimum.
    pub min: Option<Bound>,
    /// Inclusive maximum.
    pub max: Option<Bound>,
}

/// One bound of a range, as a float and, when it is whole, as an integer (`252.0` is 252).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The bound as a float.
    pub value: f64,
    /// The bound as an integer, when it has no fraction and fits.
    pub whole: Option<i64>,
}

/// The value of `smithy.api#range` as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RangeValue {
    min: Option<serde_json::Number>,
    max: Option<serde_json::Number>,
}

impl Range {
    /// Reads the trait's value (an invalid one is a broken model).
    fn read(id: &str, value: &Value) -> Result<Self, TraitProblem> {
        let written: RangeValue = parse(id, value).map_err(|message| TraitProblem {
            message,
            unsupported: false,
        })?;
        let bound = |n: Option<serde_json::Number>| -> Option<Bound> {
            let n = n?;
            if let Some(whole) = n.as_i64() {
                #[allow(
                    clippy::cast_precision_loss,
                    reason = "the float form serves float members; integers use `whole`"
                )]
                return Some(Bound {
                    value: whole as f64,
                    whole: Some(whole),
                });
            }
            let value = n.as_f64()?;
            #[allow(
                clippy::cast_possible_truncation,
                reason = "a whole number well within the range of i64, checked first"
            )]
            let whole = (value.fract() == 0.0 && value.abs() < 9.0e15).then_some(value as i64);
            Some(Bound { value, whole })
        };
        Ok(Self {
            min: bound(written.min),
            max: bound(written.max),
        })
    }
}

/// The value of `smithy.api#http`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Http {
    /// HTTP method.
    pub method: String,
    /// URI pattern.
    pub uri: String,
    /// Success status code.
    #[serde(default = "default_code")]
    pub code: u16,
}

fn default_code() -> u16 {
    200
}

/// The value of `smithy.api#paginated` (on an operation, or defaults on the service).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Paginated {
    /// Input member that takes the token.
    pub input_token: Option<String>,
    /// Output member (a path of member names) that gives the next token.
    pub output_token: Option<String>,
    /// Output member (a path of member names) holding the items of a page.
    pub items: Option<String>,
    /// Input member that limits the page size.
    pub page_size: Option<String>,
}

/// The value of `smithy.api#endpoint`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Endpoint {
    /// Text put before the endpoint's host, with `{label}`s of `hostLabel` members.
    pub host_prefix: String,
}

/// The value of `smithy.api#retryable`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Retryable {
    /// The error is a throttling error.
    #[serde(default)]
    pub throttling: bool,
}

/// The value of `smithy.rules#contextParam`: the endpoint rule-set parameter a member sets.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextParam {
    /// The parameter's name in the rule set.
    pub name: String,
}

/// One entry of `smithy.rules#staticContextParams`: the value an operation gives a rule-set
/// parameter.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StaticContextParam {
    /// A string or a boolean.
    pub value: Value,
}

/// One entry of `smithy.rules#clientContextParams`: a rule-set parameter the client's
/// configuration sets.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientContextParam {
    /// `string` or `boolean`.
    #[serde(rename = "type")]
    pub ty: String,
    /// What the parameter means.
    pub documentation: Option<String>,
}

/// One entry of `smithy.rules#operationContextParams`: the rule-set parameter an operation
/// sets from its input, at a JMESPath path.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationContextParam {
    /// The JMESPath expression over the input.
    pub path: String,
}

/// The value of `aws.protocols#awsQueryError`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct AwsQueryError {
    /// The error's code on the wire of awsQuery.
    pub code: String,
    /// The HTTP status it comes with.
    pub http_response_code: u16,
}

/// The value of `aws.api#clientEndpointDiscovery`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientEndpointDiscovery {
    /// The operation that gives endpoints.
    pub operation: String,
    /// The error that says an endpoint is no longer valid.
    pub error: Option<String>,
}

/// The value of `aws.api#clientDiscoveredEndpoint`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClientDiscoveredEndpoint {
    /// Whether the operation cannot be called without endpoint discovery.
    pub required: bool,
}

/// One value of the Smithy 1.0 `smithy.api#enum` trait.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct EnumDefinition {
    /// Wire value.
    pub value: String,
    /// Symbolic name, when given.
    pub name: Option<String>,
    /// Documentation of the value.
    pub documentation: Option<String>,
}

/// The value of `aws.api#service`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsService {
    /// SDK identifier, e.g. `IVS RealTime`.
    pub sdk_id: String,
    /// Endpoint prefix, e.g. `ivsrealtime`.
    pub endpoint_prefix: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Sigv4 {
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Utf8Size {
    max: u64,
}

/// Every trait of one shape or member that the generator reads.
#[derive(Debug, Clone, Default)]
pub struct Traits {
    /// `smithy.api#documentation`.
    pub documentation: Option<String>,
    /// `smithy.api#required`.
    pub required: bool,
    /// `smithy.api#clientOptional`.
    pub client_optional: bool,
    /// `smithy.api#default`; `Some(Value::Null)` removes an inherited default.
    pub default: Option<Value>,
    /// `rustgen.traits#serviceDefault`: what the service applies when the member is not sent.
    pub service_default: Option<Value>,
    /// `smithy.api#length`.
    pub length: Option<Length>,
    /// `smithy.api#range`.
    pub range: Option<Range>,
    /// `smithy.api#pattern`.
    pub pattern: Option<String>,
    /// `smithy.api#enum` (Smithy 1.0 enum strings).
    pub enum_definitions: Option<Vec<EnumDefinition>>,
    /// `smithy.api#enumValue`.
    pub enum_value: Option<Value>,
    /// `smithy.api#sensitive`.
    pub sensitive: bool,
    /// `smithy.api#timestampFormat`.
    pub timestamp_format: Option<String>,
    /// `smithy.api#uniqueItems`.
    pub unique_items: bool,
    /// `smithy.api#http`.
    pub http: Option<Http>,
    /// `smithy.api#paginated`.
    pub paginated: Option<Paginated>,
    /// `smithy.api#httpError`.
    pub http_error: Option<u16>,
    /// `smithy.api#error`: `client` or `server`.
    pub error: Option<String>,
    /// `smithy.api#httpHeader`.
    pub http_header: Option<String>,
    /// `smithy.api#jsonName`.
    pub json_name: Option<String>,
    /// `smithy.api#xmlName`.
    pub xml_name: Option<String>,
    /// `smithy.api#xmlFlattened`.
    pub xml_flattened: bool,
    /// `smithy.api#xmlAttribute`.
    pub xml_attribute: bool,
    /// `smithy.api#httpLabel`.
    pub http_label: bool,
    /// `smithy.api#httpQuery`.
    pub http_query: Option<String>,
    /// `smithy.api#httpPayload`.
    pub http_payload: bool,
    /// `smithy.api#httpResponseCode`.
    pub http_response_code: bool,
    /// `smithy.api#httpQueryParams`.
    pub http_query_params: bool,
    /// `smithy.api#httpPrefixHeaders`.
    pub http_prefix_headers: Option<String>,
    /// `smithy.api#mediaType`.
    pub media_type: Option<String>,
    /// `smithy.api#sparse`: a list or map whose items may be null.
    pub sparse: bool,
    /// `smithy.api#idempotencyToken`.
    pub idempotency_token: bool,
    /// `smithy.api#endpoint`: the host prefix of an operation.
    pub endpoint: Option<Endpoint>,
    /// `smithy.api#hostLabel`.
    pub host_label: bool,
    /// `smithy.api#idempotent`.
    pub idempotent: bool,
    /// `smithy.api#retryable`: the error is worth another attempt.
    pub retryable: Option<Retryable>,
    /// `smithy.rules#contextParam`: the rule-set parameter a member sets.
    pub context_param: Option<ContextParam>,
    /// `smithy.rules#staticContextParams`: rule-set parameters an operation sets, by name.
    pub static_context_params: Option<BTreeMap<String, StaticContextParam>>,
    /// `smithy.rules#clientContextParams`: rule-set parameters the configuration sets, by name.
    pub client_context_params: Option<BTreeMap<String, ClientContextParam>>,
    /// `smithy.rules#operationContextParams`: rule-set parameters an operation sets from its
    /// input, by name.
    pub operation_context_params: Option<BTreeMap<String, OperationContextParam>>,
    /// `smithy.api#auth`: the authentication schemes, in order of preference.
    pub auth: Option<Vec<String>>,
    /// `smithy.api#optionalAuth`: the operation may be sent unsigned.
    pub optional_auth: bool,
    /// `smithy.api#readonly`.
    pub readonly: bool,
    /// `smithy.api#trait`: the shape defines a trait.
    pub is_trait_definition: bool,
    /// `rustgen.traits#utf8Size`: the most UTF-8 bytes a map's keys and values may total.
    pub utf8_size: Option<u64>,
    /// `aws.api#service`.
    pub aws_service: Option<AwsService>,
    /// `aws.auth#sigv4`: the signing name.
    pub sigv4: Option<String>,
    /// `aws.protocols#restJson1`.
    pub rest_json1: bool,
    /// `aws.protocols#awsJson1_0`.
    pub aws_json1_0: bool,
    /// `aws.protocols#awsJson1_1`.
    pub aws_json1_1: bool,
    /// `aws.protocols#awsQuery`.
    pub aws_query: bool,
    /// `aws.protocols#awsQueryCompatible`: a JSON service that answers errors with their
    /// awsQuery codes in the `x-amzn-query-error` header.
    pub aws_query_compatible: bool,
    /// `aws.protocols#awsQueryError`: an error's awsQuery code and status.
    pub aws_query_error: Option<AwsQueryError>,
    /// `aws.api#clientEndpointDiscovery`: the service's endpoint-discovery operation.
    pub client_endpoint_discovery: Option<ClientEndpointDiscovery>,
    /// `aws.api#clientDiscoveredEndpoint`: the operation's endpoint is discovered.
    pub client_discovered_endpoint: Option<ClientDiscoveredEndpoint>,
    /// `smithy.rules#endpointRuleSet`.
    pub endpoint_rule_set: Option<Value>,
    /// `smithy.rules#endpointTests`.
    pub endpoint_tests: Option<Value>,
    /// `aws.auth#unsignedPayload`.
    pub unsigned_payload: bool,
    /// `smithy.api#httpBearerAuth`.
    pub http_bearer_auth: bool,
    /// `smithy.waiters#waitable`, as written: its waiters are read when lowering, and one that
    /// cannot be read is left out with a warning (waiters change no request or answer).
    pub waitable: Option<Value>,
}

fn parse<T: DeserializeOwned>(id: &str, value: &Value) -> Result<T, String> {
    T::deserialize(value).map_err(|e| format!("trait `{id}` has an invalid value: {e}"))
}

impl Traits {
    /// Reads a trait map: every trait the generator reads, and a problem for each trait that
    /// cannot be read (an invalid value, a wire trait it does not know, or a feature it does
    /// not implement yet). The traits that could be read are kept either way.
    pub fn parse(traits: &BTreeMap<String, Value>) -> (Self, Vec<TraitProblem>) {
        let mut out = Traits::default();
        let mut problems = Vec::new();
        for (id, value) in traits {
            if let Err(problem) = out.apply(id, value) {
                problems.push(problem);
            }
        }
        (out, problems)
    }

    fn apply(&mut self, id: &str, value: &Value) -> Result<(), TraitProblem> {
        let invalid = |message: String| TraitProblem {
            message,
            unsupported: false,
        };
        if id == "smithy.api#range" {
            self.range = Some(Range::read(id, value)?);
            return Ok(());
        }
        if self.read(id, value).map_err(invalid)? {
            return Ok(());
        }
        Self::verdict(id).map_or(Ok(()), Err)
    }

    /// Reads one trait the generator knows: `Ok(false)` for one it does not read.
    fn read(&mut self, id: &str, value: &Value) -> Result<bool, String> {
        match id {
            "smithy.api#documentation" => self.documentation = Some(parse(id, value)?),
            "smithy.api#required" => self.required = true,
            "smithy.api#clientOptional" => self.client_optional = true,
            "smithy.api#default" => self.default = Some(value.clone()),
            "smithy.api#length" => self.length = Some(parse(id, value)?),
            "smithy.api#pattern" => self.pattern = Some(parse(id, value)?),
            "smithy.api#enum" => self.enum_definitions = Some(parse(id, value)?),
            "smithy.api#enumValue" => self.enum_value = Some(value.clone()),
            "smithy.api#sensitive" => self.sensitive = true,
            "smithy.api#timestampFormat" => self.timestamp_format = Some(parse(id, value)?),
            "smithy.api#uniqueItems" => self.unique_items = true,
            "smithy.api#http" => self.http = Some(parse(id, value)?),
            "smithy.api#paginated" => self.paginated = Some(parse(id, value)?),
            "smithy.api#httpError" => self.http_error = Some(parse(id, value)?),
            "smithy.api#error" => self.error = Some(parse(id, value)?),
            "smithy.api#httpHeader" => self.http_header = Some(parse(id, value)?),
            "smithy.api#jsonName" => self.json_name = Some(parse(id, value)?),
            "smithy.api#xmlName" => self.xml_name = Some(parse(id, value)?),
            "smithy.api#xmlFlattened" => self.xml_flattened = true,
            "smithy.api#xmlAttribute" => self.xml_attribute = true,
            "smithy.api#httpLabel" => self.http_label = true,
            "smithy.api#httpPayload" => self.http_payload = true,
            "smithy.api#sparse" => self.sparse = true,
            "smithy.api#httpResponseCode" => self.http_response_code = true,
            "smithy.api#httpQueryParams" => self.http_query_params = true,
            "smithy.api#httpPrefixHeaders" => self.http_prefix_headers = Some(parse(id, value)?),
            "smithy.api#mediaType" => self.media_type = Some(parse(id, value)?),
            "smithy.api#httpQuery" => self.http_query = Some(parse(id, value)?),
            "smithy.api#idempotencyToken" => self.idempotency_token = true,
            "smithy.api#endpoint" => self.endpoint = Some(parse(id, value)?),
            "smithy.api#hostLabel" => self.host_label = true,
            "smithy.api#idempotent" => self.idempotent = true,
            "smithy.api#retryable" => self.retryable = Some(parse(id, value)?),
            "smithy.rules#contextParam" => self.context_param = Some(parse(id, value)?),
            "smithy.rules#staticContextParams" => {
                self.static_context_params = Some(parse(id, value)?);
            }
            "smithy.rules#clientContextParams" => {
                self.client_context_params = Some(parse(id, value)?);
            }
            "smithy.rules#operationContextParams" => {
                self.operation_context_params = Some(parse(id, value)?);
            }
            "smithy.api#auth" => self.auth = Some(parse(id, value)?),
            "smithy.api#optionalAuth" => self.optional_auth = true,
            "aws.auth#unsignedPayload" => self.unsigned_payload = true,
            "smithy.api#httpBearerAuth" => self.http_bearer_auth = true,
            "smithy.api#readonly" => self.readonly = true,
            "smithy.api#trait" => self.is_trait_definition = true,
            "aws.api#service" => self.aws_service = Some(parse(id, value)?),
            "aws.auth#sigv4" => self.sigv4 = Some(parse::<Sigv4>(id, value)?.name),
            "aws.protocols#restJson1" => self.rest_json1 = true,
            "aws.protocols#awsJson1_0" => self.aws_json1_0 = true,
            "aws.protocols#awsJson1_1" => self.aws_json1_1 = true,
            "aws.protocols#awsQuery" => self.aws_query = true,
            "aws.protocols#awsQueryCompatible" => self.aws_query_compatible = true,
            "aws.protocols#awsQueryError" => self.aws_query_error = Some(parse(id, value)?),
            "aws.api#clientEndpointDiscovery" => {
                self.client_endpoint_discovery = Some(parse(id, value)?);
            }
            "aws.api#clientDiscoveredEndpoint" => {
                self.client_discovered_endpoint = Some(parse(id, value)?);
            }
            "smithy.rules#endpointRuleSet" => self.endpoint_rule_set = Some(value.clone()),
            "smithy.rules#endpointTests" => self.endpoint_tests = Some(value.clone()),
            "smithy.waiters#waitable" => self.waitable = Some(value.clone()),
            "rustgen.traits#serviceDefault" => self.service_default = Some(value.clone()),
            "rustgen.traits#utf8Size" => self.utf8_size = Some(parse::<Utf8Size>(id, value)?.max),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// The verdict on a trait that [`Traits::read`] does not read: changes nothing on the
    /// wire, not supported yet, or unknown in a wire namespace.
    fn verdict(id: &str) -> Option<TraitProblem> {
        let namespace = id.split_once('#').map_or(id, |(namespace, _)| namespace);
        if UNSUPPORTED.contains(&id) {
            Some(TraitProblem {
                message: format!("trait `{id}` is not supported yet"),
                unsupported: true,
            })
        } else if WIRE_NAMESPACES.contains(&namespace) && !NO_WIRE_EFFECT.contains(&id) {
            Some(TraitProblem {
                message: format!(
                    "unknown trait `{id}`: traits of `{namespace}` can change what goes on the \
                     wire, and this generator does not know what this one does"
                ),
                unsupported: false,
            })
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn traits(value: Value) -> (Traits, Vec<TraitProblem>) {
        Traits::parse(&serde_json::from_value(value).unwrap())
    }

    #[test]
    fn reads_constraints() {
        let (t, problems) = traits(json!({
            "smithy.api#length": {"min": 1, "max": 128},
            "smithy.api#range": {"max": 10},
            "smithy.api#pattern": "^a$",
            "smithy.api#cors": {},
        }));
        assert_eq!(problems, []);
        assert_eq!(
            t.length,
            Some(Length {
                min: Some(1),
                max: Some(128)
            })
        );
        assert_eq!(
            t.range,
            Some(Range {
                min: None,
                max: Some(Bound {
                    value: 10.0,
                    whole: Some(10)
                })
            })
        );
        assert_eq!(t.pattern.as_deref(), Some("^a$"));
    }

    #[test]
    fn traits_of_other_namespaces_are_ignored_whatever_they_are() {
        let (t, problems) = traits(json!({
            "smithy.api#documentation": "Docs.",
            "aws.iam#iamAction": {"documentation": "x"},
            "smithy.test#smokeTests": [],
            "smithy.waiters#waitable": {},
            "aws.cloudformation#cfnExcludeProperty": {},
            "aws.api#data": "content",
            "com.example#madeUpYesterday": {"anything": [1, 2]},
            "smithy.api#resourceIdentifier": "id",
        }));
        assert_eq!(problems, []);
        assert_eq!(t.documentation.as_deref(), Some("Docs."));
    }

    #[test]
    fn reports_bad_values_unknown_wire_traits_and_unsupported_features() {
        let (t, problems) = traits(json!({
            "smithy.api#eventHeader": {},
            "smithy.api#length": {"min": "one"},
            "smithy.api#newWireThing": {},
            "aws.protocols#shinyProtocol": {},
            "smithy.api#required": {},
        }));
        // What can be read still is.
        assert!(t.required);
        let problems: Vec<(&str, bool)> = problems
            .iter()
            .map(|p| (p.message.as_str(), p.unsupported))
            .collect();
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert_eq!(
            problems[0],
            (
                "unknown trait `aws.protocols#shinyProtocol`: traits of `aws.protocols` can \
                 change what goes on the wire, and this generator does not know what this one \
                 does",
                false
            )
        );
        assert_eq!(
            problems[1],
            ("trait `smithy.api#eventHeader` is not supported yet", true)
        );
        assert!(
            problems[2]
                .0
                .starts_with("trait `smithy.api#length` has an invalid value"),
            "{problems:?}"
        );
        assert!(!problems[2].1);
        assert!(
            problems[3]
                .0
                .starts_with("unknown trait `smithy.api#newWireThing`"),
            "{problems:?}"
        );
    }
}
