//! Operations: their input and output structures, the request path and query of their URI
//! pattern, their pagination and their errors.

use std::collections::BTreeMap;

use crate::check::Checked;
use crate::ir::{
    Auth, EndpointParam, EndpointValue, ErrorCase, Field, Location, Operation, Pagination,
    PathPart, Role, Structure,
};

/// Every operation of the service, in model order, with its input and output added to
/// `structures`.
pub(super) fn lower(
    checked: &Checked<'_>,
    structures: &mut BTreeMap<String, Structure>,
) -> Vec<Operation> {
    checked
        .operations()
        .iter()
        .filter_map(|id| operation(checked, id, structures))
        .collect()
}

/// The code that names an error on the wire: its shape's name, or for awsQuery its
/// `aws.protocols#awsQueryError` code when it has one.
pub(super) fn error_code(checked: &Checked<'_>, error: &str) -> String {
    match &checked.traits(error).aws_query_error {
        Some(query) if checked.protocol == crate::ir::Protocol::AwsQuery => query.code.clone(),
        _ => crate::ir::shape_name(error).to_owned(),
    }
}

fn operation(
    checked: &Checked<'_>,
    id: &str,
    structures: &mut BTreeMap<String, Structure>,
) -> Option<Operation> {
    let shape = checked.shape(id)?;
    let traits = checked.traits(id);
    // awsJson sends every operation as `POST /`, whatever its `http` trait says.
    let http = if !checked.protocol.has_http_bindings() {
        crate::ir::Http {
            method: "POST".to_owned(),
            uri: "/".to_owned(),
            code: 200,
        }
    } else {
        traits.http.as_ref().map(|h| crate::ir::Http {
            method: h.method.clone(),
            uri: h.uri.clone(),
            code: h.code,
        })?
    };
    let mut keys = Vec::new();
    for (target, suffix) in [(&shape.input, "Input"), (&shape.output, "Output")] {
        let target = target.as_ref()?.target.clone();
        let role = if suffix == "Input" {
            Role::Input {
                operation: id.to_owned(),
            }
        } else {
            Role::Output {
                operation: id.to_owned(),
            }
        };
        // Every operation gets an input and an output structure of its own, even when the
        // model has none (`Unit`) or shares one shape between operations: the structure is
        // generated in the operation's module, with its builder and serializer.
        let key = format!("{id}${suffix}");
        let mut structure = super::shapes::structure(checked, &target, role);
        if target == "smithy.api#Unit" {
            structure.shape_id = key.clone();
        }
        structures.insert(key.clone(), structure);
        keys.push(key);
    }
    let [input, output] = <[String; 2]>::try_from(keys).ok()?;
    let input_fields = &structures.get(&input)?.fields;
    let (path, constant_query) = uri(&http.uri, input_fields);
    let service = checked.shape(&checked.service);
    let version = service
        .and_then(|s| s.version.as_deref())
        .unwrap_or_default();
    let service_traits = checked.traits(&checked.service);
    let constant_headers = super::customizations::constant_headers(&checked.service, version)
        .into_iter()
        // The endpoint-discovery operation names the API version it speaks, as botocore sends it.
        .chain(
            service_traits
                .client_endpoint_discovery
                .as_ref()
                .filter(|d| d.operation == id)
                .map(|_| ("x-amz-api-version".to_owned(), version.to_owned())),
        )
        // An awsQuery-compatible awsJson service is told so, as Smithy specifies.
        .chain(
            (checked.protocol.is_aws_json() && service_traits.aws_query_compatible)
                .then(|| ("x-amzn-query-mode".to_owned(), "true".to_owned())),
        )
        // awsJson names the operation in `X-Amz-Target`: `{service shape name}.{operation}`.
        .chain(checked.protocol.is_aws_json().then(|| {
            (
                "X-Amz-Target".to_owned(),
                format!(
                    "{}.{}",
                    crate::ir::shape_name(&checked.service),
                    crate::ir::shape_name(id)
                ),
            )
        }))
        .filter(|(name, _)| {
            !input_fields.iter().any(
            |f| matches!(&f.location, Location::Header(bound) if bound.eq_ignore_ascii_case(name)),
        )
        })
        .collect();
    let host_prefix = traits
        .endpoint
        .as_ref()
        .map(|e| host_prefix(&e.host_prefix, input_fields))
        .unwrap_or_default();
    let idempotent =
        traits.idempotent || traits.readonly || input_fields.iter().any(|f| f.idempotency_token);
    let auth = match effective_auth(checked, id).first().map(String::as_str) {
        _ if traits.auth.as_ref().is_some_and(Vec::is_empty) => Auth::None,
        Some("smithy.api#httpBearerAuth") => Auth::Bearer,
        _ if traits.optional_auth => Auth::Optional,
        _ => Auth::SigV4,
    };
    let service_errors = service.map(|s| s.errors.as_slice()).unwrap_or_default();
    let retryable_errors = shape
        .errors
        .iter()
        .chain(service_errors)
        .filter(|t| checked.traits(&t.target).retryable.is_some())
        .map(|t| error_code(checked, &t.target))
        .collect();
    let endpoint_params = endpoint_params(checked, id, shape, input_fields);
    let output_fields = &structures.get(&output)?.fields;
    let pagination = pagination(checked, id, input_fields, output_fields);
    Some(Operation {
        shape_id: id.to_owned(),
        name: String::new(),
        module: String::new(),
        file: String::new(),
        error: String::new(),
        fluent: String::new(),
        paginator: None,
        unhandled: String::new(),
        docs: traits.documentation.clone().unwrap_or_default(),
        http,
        path,
        constant_query,
        constant_headers,
        host_prefix,
        pagination,
        input,
        output,
        // The operation's errors, then the service's, each once.
        errors: shape
            .errors
            .iter()
            .chain(
                service_errors
                    .iter()
                    .filter(|t| !shape.errors.iter().any(|own| own.target == t.target)),
            )
            .map(|t| ErrorCase {
                structure: t.target.clone(),
                code: error_code(checked, &t.target),
                query_code: (checked.protocol.is_aws_json()
                    && checked.traits(&checked.service).aws_query_compatible)
                    .then(|| checked.traits(&t.target).aws_query_error.as_ref())
                    .flatten()
                    .map(|e| e.code.clone())
                    .filter(|code| code != crate::ir::shape_name(&t.target)),
                variant: String::new(),
                predicate: String::new(),
            })
            .collect(),
        idempotent,
        auth,
        unsigned_payload: traits.unsigned_payload,
        retryable_errors,
        endpoint_params,
        waiters: Vec::new(),
    })
}

/// The rule-set parameters an operation sets: its input members' `contextParam`s, and its
/// `staticContextParams` (which win, as Smithy says), in rule-set order.
fn endpoint_params(
    checked: &Checked<'_>,
    id: &str,
    shape: &crate::model::Shape,
    input: &[Field],
) -> Vec<EndpointParam> {
    let Some(rules) = &checked.rules else {
        return Vec::new();
    };
    let input_id = shape.input.as_ref().map(|t| t.target.as_str());
    let statics = checked
        .traits(id)
        .static_context_params
        .clone()
        .unwrap_or_default();
    rules
        .params
        .iter()
        .filter_map(|param| {
            let value = match statics.get(&param.name) {
                Some(fixed) => EndpointValue::Literal(match &fixed.value {
                    serde_json::Value::Bool(b) => crate::rules::Literal::Bool(*b),
                    serde_json::Value::Array(items) => crate::rules::Literal::Strings(
                        items
                            .iter()
                            .filter_map(|v| v.as_str().map(str::to_owned))
                            .collect(),
                    ),
                    other => crate::rules::Literal::String(other.as_str()?.to_owned()),
                }),
                None => EndpointValue::Member(input.iter().position(|f| {
                    input_id.is_some_and(|input_id| {
                        checked
                            .member(input_id, &f.member_name)
                            .context_param
                            .as_ref()
                            .is_some_and(|c| c.name == param.name)
                    })
                })?),
            };
            Some(EndpointParam {
                field: param.field.clone(),
                optional: param.is_optional(),
                value,
            })
        })
        .collect()
}

/// The path (literal text and labels) and constant query of a URI pattern
/// (`/tags/{resourceArn}?x=y`), against the input's label members.
fn uri(uri: &str, fields: &[Field]) -> (Vec<PathPart>, Vec<(String, Option<String>)>) {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let constant_query = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (pair.to_owned(), None),
        })
        .collect();
    let parts = template(path, |name| {
        fields
            .iter()
            .position(|f| f.member_name == name && f.location == Location::Label)
    });
    (parts, constant_query)
}

/// The literal text and labels of a host prefix (`{AccountId}.data-`), against the input's
/// members (which also travel in the body). A greedy label cannot appear here (the checker
/// made sure the names are `hostLabel` members).
fn host_prefix(prefix: &str, fields: &[Field]) -> Vec<PathPart> {
    template(prefix, |name| {
        fields.iter().position(|f| f.member_name == name)
    })
}

/// The literal text and `{label}`s (`{label+}` greedy) of a path or host template, each label
/// resolved to a field index by `field`. The checker made sure every `{` closes and names a
/// member.
fn template(text: &str, field: impl Fn(&str) -> Option<usize>) -> Vec<PathPart> {
    let mut parts = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(PathPart::Literal(rest[..open].to_owned()));
        }
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let label = &rest[open + 1..open + close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        if let Some(field) = field(name) {
            parts.push(PathPart::Label { field, greedy });
        }
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    parts
}

/// The authentication schemes an operation may use that the generator supports, in the
/// order the model prefers them: the operation's `smithy.api#auth`, else the service's, else the
/// service's scheme traits in shape-id order (as Smithy defines the effective schemes).
fn effective_auth(checked: &Checked<'_>, id: &str) -> Vec<String> {
    let service = checked.traits(&checked.service);
    let schemes = match (&checked.traits(id).auth, &service.auth) {
        (Some(own), _) => own.clone(),
        (None, Some(services)) => services.clone(),
        (None, None) => {
            let mut offered = Vec::new();
            if service.sigv4.is_some() {
                offered.push("aws.auth#sigv4".to_owned());
            }
            if service.http_bearer_auth {
                offered.push("smithy.api#httpBearerAuth".to_owned());
            }
            offered.sort();
            offered
        }
    };
    schemes
        .into_iter()
        .filter(|s| crate::ir::AUTH_SCHEMES.contains(&s.as_str()))
        .collect()
}

/// The pagination of an operation: its own `paginated` trait over the service's defaults.
fn pagination(
    checked: &Checked<'_>,
    id: &str,
    input: &[Field],
    output: &[Field],
) -> Option<Pagination> {
    let own = checked.traits(id).paginated.clone()?;
    let defaults = checked
        .traits(&checked.service)
        .paginated
        .clone()
        .unwrap_or_default();
    let pick = |a: Option<String>, b: Option<String>| a.or(b);
    // The input token may travel anywhere but the path (the check refuses a label); the output
    // token and items are read from the body.
    let find = |fields: &[Field], name: &str| {
        fields
            .iter()
            .position(|f| f.member_name == name && f.location == Location::Body)
    };
    let input_token = pick(own.input_token, defaults.input_token)?;
    Some(Pagination {
        input_token: input
            .iter()
            .position(|f| f.member_name == input_token && f.location != Location::Label)?,
        output_token: find(output, &pick(own.output_token, defaults.output_token)?)?,
        items: pick(own.items, defaults.items).and_then(|items| find(output, &items)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::tests::checked_model;

    #[test]
    fn uri_patterns_become_paths_and_constant_queries() {
        let model = checked_model(serde_json::json!({
            "t#Op": {
                "type": "operation",
                "input": {"target": "t#OpInput"},
                "output": {"target": "smithy.api#Unit"},
                "traits": {"smithy.api#http": {"method": "GET", "uri": "/things/{id}/{rest+}?x=y&z"}}
            },
            "t#OpInput": {"type": "structure", "members": {
                "id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
                "rest": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}
            }}
        }));
        let checked = crate::check::check(&model, false).unwrap();
        let mut structures = BTreeMap::new();
        let ops = lower(&checked, &mut structures);
        assert_eq!(
            ops[0].path,
            [
                PathPart::Literal("/things/".into()),
                PathPart::Label {
                    field: 0,
                    greedy: false
                },
                PathPart::Literal("/".into()),
                PathPart::Label {
                    field: 1,
                    greedy: true
                },
            ]
        );
        assert_eq!(
            ops[0].constant_query,
            [
                ("x".to_owned(), Some("y".to_owned())),
                ("z".to_owned(), None)
            ]
        );
        // The output is `Unit`: an empty structure of the operation's own.
        assert_eq!(ops[0].output, "t#Op$Output");
        assert!(structures["t#Op$Output"].fields.is_empty());
    }

    #[test]
    fn pagination_falls_back_to_the_service_defaults() {
        let model = checked_model(serde_json::json!({
            "t#Op": {
                "type": "operation",
                "input": {"target": "t#OpInput"},
                "output": {"target": "t#OpOutput"},
                "traits": {
                    "smithy.api#http": {"method": "POST", "uri": "/"},
                    "smithy.api#paginated": {"items": "things"}
                }
            },
            "t#OpInput": {"type": "structure", "members": {"next": {"target": "smithy.api#String"}}},
            "t#OpOutput": {"type": "structure", "members": {
                "things": {"target": "t#Things"}, "next": {"target": "smithy.api#String"}
            }},
            "t#Things": {"type": "list", "member": {"target": "smithy.api#String"}}
        }));
        let mut model = model;
        model.shapes.get_mut("t#S").unwrap().traits.insert(
            "smithy.api#paginated".into(),
            serde_json::json!({"inputToken": "next", "outputToken": "next"}),
        );
        let checked = crate::check::check(&model, false).unwrap();
        let ops = lower(&checked, &mut BTreeMap::new());
        // The test's JSON orders members by name: `next`, then `things`.
        assert_eq!(
            ops[0].pagination,
            Some(Pagination {
                input_token: 0,
                output_token: 0,
                items: Some(1)
            })
        );
    }

    #[test]
    fn operations_take_the_first_supported_scheme_of_their_effective_ones() {
        use serde_json::{Value, json};
        let auth = |service: Value, op: Value| -> Auth {
            let mut service_traits = json!({"aws.protocols#restJson1": {}});
            service_traits
                .as_object_mut()
                .unwrap()
                .extend(service.as_object().unwrap().clone());
            let mut op_traits = json!({"smithy.api#http": {"method": "GET", "uri": "/"}});
            op_traits
                .as_object_mut()
                .unwrap()
                .extend(op.as_object().unwrap().clone());
            let model = crate::model::Model::from_json(
                &json!({"smithy": "2.0", "shapes": {
                    "t#S": {"type": "service", "version": "1",
                            "operations": [{"target": "t#Op"}], "traits": service_traits},
                    "t#Op": {"type": "operation", "input": {"target": "smithy.api#Unit"},
                             "output": {"target": "smithy.api#Unit"}, "traits": op_traits}
                }})
                .to_string(),
            )
            .unwrap();
            let checked = crate::check::check(&model, false).unwrap();
            lower(&checked, &mut BTreeMap::new())[0].auth
        };
        let both = || json!({"aws.auth#sigv4": {"name": "s"}, "smithy.api#httpBearerAuth": {}});
        // Without `auth` traits, the scheme traits in shape-id order: SigV4 first.
        assert_eq!(auth(both(), json!({})), Auth::SigV4);
        let mut bearer_first = both();
        bearer_first["smithy.api#auth"] = json!(["smithy.api#httpBearerAuth", "aws.auth#sigv4"]);
        assert_eq!(auth(bearer_first.clone(), json!({})), Auth::Bearer);
        // The operation's own list wins; SigV4a, not supported, is passed over.
        assert_eq!(
            auth(
                bearer_first.clone(),
                json!({"smithy.api#auth": ["aws.auth#sigv4a", "aws.auth#sigv4"]})
            ),
            Auth::SigV4
        );
        assert_eq!(
            auth(bearer_first, json!({"smithy.api#auth": []})),
            Auth::None
        );
        assert_eq!(
            auth(json!({"smithy.api#httpBearerAuth": {}}), json!({})),
            Auth::Bearer
        );
        assert_eq!(
            auth(both(), json!({"smithy.api#optionalAuth": {}})),
            Auth::Optional
        );
    }

    #[test]
    fn a_service_the_customizations_name_sends_their_headers_unless_a_member_binds_them() {
        use serde_json::json;
        let model = crate::model::Model::from_json(
            &json!({"smithy": "2.0", "shapes": {
                "com.amazonaws.glacier#Glacier": {"type": "service", "version": "2012-06-01",
                    "operations": [{"target": "com.amazonaws.glacier#Plain"},
                                   {"target": "com.amazonaws.glacier#Own"}],
                    "traits": {"aws.protocols#restJson1": {}, "aws.auth#sigv4": {"name": "glacier"}}},
                "com.amazonaws.glacier#Plain": {"type": "operation",
                    "input": {"target": "smithy.api#Unit"}, "output": {"target": "smithy.api#Unit"},
                    "traits": {"smithy.api#http": {"method": "GET", "uri": "/plain"}}},
                "com.amazonaws.glacier#Own": {"type": "operation",
                    "input": {"target": "com.amazonaws.glacier#OwnInput"},
                    "output": {"target": "smithy.api#Unit"},
                    "traits": {"smithy.api#http": {"method": "GET", "uri": "/own"}}},
                "com.amazonaws.glacier#OwnInput": {"type": "structure", "members": {
                    "version": {"target": "smithy.api#String",
                                "traits": {"smithy.api#httpHeader": "x-amz-glacier-version"}}}}
            }})
            .to_string(),
        )
        .unwrap();
        let checked = crate::check::check(&model, false).unwrap();
        let ops = lower(&checked, &mut BTreeMap::new());
        assert_eq!(
            ops[0].constant_headers,
            [("X-Amz-Glacier-Version".to_owned(), "2012-06-01".to_owned())]
        );
        assert!(ops[1].constant_headers.is_empty());
    }

    #[test]
    fn operations_safe_to_repeat_are_idempotent() {
        let operation = |traits: serde_json::Value, input: &str| {
            let mut op_traits =
                serde_json::json!({"smithy.api#http": {"method": "POST", "uri": "/"}});
            op_traits
                .as_object_mut()
                .unwrap()
                .extend(traits.as_object().unwrap().clone());
            serde_json::json!({
                "type": "operation",
                "input": {"target": input},
                "output": {"target": "smithy.api#Unit"},
                "traits": op_traits
            })
        };
        let mut shapes = serde_json::json!({
            "t#Plain": operation(serde_json::json!({}), "smithy.api#Unit"),
            "t#Idempotent": operation(serde_json::json!({"smithy.api#idempotent": {}}), "smithy.api#Unit"),
            "t#Readonly": operation(serde_json::json!({"smithy.api#readonly": {}}), "smithy.api#Unit"),
            "t#Token": operation(serde_json::json!({}), "t#WithToken"),
            "t#WithToken": {"type": "structure", "members": {
                "token": {"target": "smithy.api#String", "traits": {"smithy.api#idempotencyToken": {}}}
            }}
        });
        let model = checked_model(shapes.take());
        let checked = crate::check::check(&model, false).unwrap();
        let ops = lower(&checked, &mut BTreeMap::new());
        let idempotent: Vec<(&str, bool)> = ops
            .iter()
            .map(|op| (op.shape_id.as_str(), op.idempotent))
            .collect();
        assert_eq!(
            idempotent,
            [
                ("t#Idempotent", true),
                ("t#Plain", false),
                ("t#Readonly", true),
                ("t#Token", true)
            ]
        );
    }
}
