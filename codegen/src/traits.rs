//! Typed views of the traits this generator understands, and the verdict on every other trait.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Namespace of the traits this generator defines for facts Smithy's prelude cannot express.
pub const OWN_NAMESPACE: &str = "rustgen.traits";

/// Traits with no effect on a generated client; they are accepted and ignored.
const IGNORED: &[&str] = &[
    "smithy.api#addedDefault",
    "smithy.api#cors",
    "smithy.api#deprecated",
    "smithy.api#examples",
    "smithy.api#externalDocumentation",
    "smithy.api#input",
    "smithy.api#internal",
    "smithy.api#output",
    "smithy.api#private",
    "smithy.api#recommended",
    "smithy.api#references",
    "smithy.api#since",
    "smithy.api#suppress",
    "smithy.api#tags",
    "smithy.api#title",
    "smithy.api#unstable",
    "smithy.api#xmlAttribute",
    "smithy.api#xmlFlattened",
    "smithy.api#xmlName",
    "smithy.api#xmlNamespace",
    "aws.api#arn",
    "aws.api#arnReference",
    "aws.api#controlPlane",
    "aws.api#dataPlane",
    "aws.api#taggable",
    "aws.iam#actionPermissionDescription",
    "aws.iam#conditionKeys",
    "aws.iam#iamResource",
    "aws.iam#requiredActions",
];

/// The value of `smithy.api#length`.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Length {
    /// Inclusive minimum.
    pub min: Option<u64>,
    /// Inclusive maximum.
    pub max: Option<u64>,
}

/// The value of `smithy.api#range` (whole numbers only, as every range in the supported models).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// Inclusive minimum.
    pub min: Option<i64>,
    /// Inclusive maximum.
    pub max: Option<i64>,
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
    /// `smithy.api#httpLabel`.
    pub http_label: bool,
    /// `smithy.api#httpQuery`.
    pub http_query: Option<String>,
    /// `smithy.api#idempotencyToken`.
    pub idempotency_token: bool,
    /// `smithy.api#idempotent`.
    pub idempotent: bool,
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
    /// `smithy.rules#endpointRuleSet`.
    pub endpoint_rule_set: Option<Value>,
    /// `smithy.rules#endpointTests`.
    pub endpoint_tests: Option<Value>,
}

fn parse<T: DeserializeOwned>(id: &str, value: &Value) -> Result<T, String> {
    T::deserialize(value).map_err(|e| format!("trait `{id}` has an invalid value: {e}"))
}

impl Traits {
    /// Reads a trait map, returning every problem found (one message per trait).
    pub fn parse(traits: &BTreeMap<String, Value>) -> Result<Self, Vec<String>> {
        let mut out = Traits::default();
        let mut problems = Vec::new();
        for (id, value) in traits {
            if let Err(problem) = out.apply(id, value) {
                problems.push(problem);
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    }

    fn apply(&mut self, id: &str, value: &Value) -> Result<(), String> {
        match id {
            "smithy.api#documentation" => self.documentation = Some(parse(id, value)?),
            "smithy.api#required" => self.required = true,
            "smithy.api#clientOptional" => self.client_optional = true,
            "smithy.api#default" => self.default = Some(value.clone()),
            "smithy.api#length" => self.length = Some(parse(id, value)?),
            "smithy.api#range" => self.range = Some(parse(id, value)?),
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
            "smithy.api#httpLabel" => self.http_label = true,
            "smithy.api#httpQuery" => self.http_query = Some(parse(id, value)?),
            "smithy.api#idempotencyToken" => self.idempotency_token = true,
            "smithy.api#idempotent" => self.idempotent = true,
            "smithy.api#readonly" => self.readonly = true,
            "smithy.api#trait" => self.is_trait_definition = true,
            "aws.api#service" => self.aws_service = Some(parse(id, value)?),
            "aws.auth#sigv4" => self.sigv4 = Some(parse::<Sigv4>(id, value)?.name),
            "aws.protocols#restJson1" => self.rest_json1 = true,
            "smithy.rules#endpointRuleSet" => self.endpoint_rule_set = Some(value.clone()),
            "smithy.rules#endpointTests" => self.endpoint_tests = Some(value.clone()),
            "rustgen.traits#serviceDefault" => self.service_default = Some(value.clone()),
            "rustgen.traits#utf8Size" => self.utf8_size = Some(parse::<Utf8Size>(id, value)?.max),
            _ if IGNORED.contains(&id) => {}
            _ => return Err(format!("unsupported trait `{id}`")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn traits(value: Value) -> Result<Traits, Vec<String>> {
        Traits::parse(&serde_json::from_value(value).unwrap())
    }

    #[test]
    fn reads_constraints() {
        let t = traits(json!({
            "smithy.api#length": {"min": 1, "max": 128},
            "smithy.api#range": {"max": 10},
            "smithy.api#pattern": "^a$",
            "smithy.api#cors": {},
        }))
        .unwrap();
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
                max: Some(10)
            })
        );
        assert_eq!(t.pattern.as_deref(), Some("^a$"));
    }

    #[test]
    fn reports_every_bad_trait() {
        let problems = traits(json!({
            "smithy.api#httpPrefixHeaders": "x-",
            "smithy.api#length": {"min": "one"},
            "acme#custom": {},
        }))
        .unwrap_err();
        assert_eq!(problems.len(), 3);
        assert_eq!(problems[0], "unsupported trait `acme#custom`");
        assert_eq!(
            problems[1],
            "unsupported trait `smithy.api#httpPrefixHeaders`"
        );
        assert!(
            problems[2].starts_with("trait `smithy.api#length` has an invalid value"),
            "{}",
            problems[2]
        );
    }
}
