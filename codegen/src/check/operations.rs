//! The operations: an HTTP binding the `http` crate can send, a URI pattern whose labels are
//! the input's label members, and pagination tokens and items the paginator can use.

use super::Checked;
use crate::error::Diagnostic;
use crate::model::Shape;
use crate::rules::ParamType;
use crate::traits::Traits;

/// HTTP methods an operation may use: those the `http` crate names with a constant.
pub const HTTP_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE",
];

/// Checks every operation of the service.
pub(super) fn check(checked: &Checked<'_>, problems: &mut Vec<Diagnostic>) {
    for op_id in checked.operations() {
        let Some(op) = checked.shape(op_id) else {
            continue;
        };
        let traits = checked.traits(op_id);
        if traits
            .client_discovered_endpoint
            .as_ref()
            .is_some_and(|d| d.required)
        {
            problems.push(Diagnostic::unsupported(
                op_id,
                None,
                "endpoint discovery (`aws.api#clientDiscoveredEndpoint`, required) is not \
                 supported yet",
            ));
        }
        let input = op.input.as_ref().map(|t| t.target.as_str());
        let output = op.output.as_ref().map(|t| t.target.as_str());
        // awsJson sends every operation as `POST /`; its HTTP bindings mean nothing.
        if checked.protocol.has_http_bindings() {
            let Some(http) = &traits.http else {
                problems.push(Diagnostic::new(
                    op_id,
                    None,
                    "the operation has no `smithy.api#http` trait",
                ));
                continue;
            };
            http_binding(checked, op_id, http, input, problems);
        }
        if let Some(auth) = &traits.auth
            && !auth.is_empty()
            && !auth
                .iter()
                .any(|scheme| crate::ir::AUTH_SCHEMES.contains(&scheme.as_str()))
        {
            problems.push(Diagnostic::unsupported(
                op_id,
                None,
                format!(
                    "authentication with {} is not supported yet (only SigV4, bearer tokens, \
                     or none)",
                    auth.join(", ")
                ),
            ));
        }
        host_prefix(checked, op_id, traits.endpoint.as_ref(), input, problems);
        if let Some(paginated) = &traits.paginated {
            pagination(checked, op_id, paginated, input, output, problems);
        }
        endpoint_params(checked, op_id, traits, input, problems);
    }
}

/// An operation's `smithy.api#http` trait: a method the `http` crate names, and a URI pattern
/// whose labels are the input's label members.
fn http_binding(
    checked: &Checked<'_>,
    op_id: &str,
    http: &crate::traits::Http,
    input: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) {
    if !HTTP_METHODS.contains(&http.method.as_str()) {
        problems.push(Diagnostic::new(
            op_id,
            None,
            format!(
                "HTTP method `{}` is not supported; use one of {}",
                http.method.escape_debug(),
                HTTP_METHODS.join(", ")
            ),
        ));
    }
    uri(checked, op_id, &http.uri, input, problems);
}

/// The rule-set parameters an operation sets name parameters of the rule set, with values of
/// their type: a string parameter from a string or enum member or a string, a boolean one from
/// a boolean member or a boolean.
fn endpoint_params(
    checked: &Checked<'_>,
    op_id: &str,
    traits: &Traits,
    input: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(rules) = &checked.rules else {
        return;
    };
    let param = |name: &str| rules.params.iter().find(|p| p.name == name);
    for (name, fixed) in traits.static_context_params.iter().flatten() {
        let message = match param(name) {
            None => format!(
                "`smithy.rules#staticContextParams` sets `{}`, which is no parameter of the \
                 endpoint rule set",
                name.escape_debug()
            ),
            Some(p)
                if match p.ty {
                    ParamType::String => fixed.value.is_string(),
                    ParamType::Boolean => fixed.value.is_boolean(),
                    ParamType::StringArray => fixed
                        .value
                        .as_array()
                        .is_some_and(|items| items.iter().all(serde_json::Value::is_string)),
                } =>
            {
                continue;
            }
            Some(p) => format!(
                "`smithy.rules#staticContextParams` gives `{}` the value {}, which is not a {}",
                name.escape_debug(),
                fixed.value,
                p.ty.name()
            ),
        };
        problems.push(Diagnostic::new(op_id, None, message));
    }
    let Some((input_id, shape)) = input.and_then(|id| Some((id, checked.shape(id)?))) else {
        return;
    };
    for (member, m) in members(shape) {
        let Some(context) = &checked.member(input_id, member).context_param else {
            continue;
        };
        let kind = checked.type_of(&m.target);
        let message = match param(&context.name) {
            None => format!(
                "`smithy.rules#contextParam` names `{}`, which is no parameter of the endpoint \
                 rule set",
                context.name.escape_debug()
            ),
            Some(p) => match (p.ty, kind) {
                (ParamType::String, Some("string" | "enum"))
                | (ParamType::Boolean, Some("boolean")) => continue,
                (ty, kind) => format!(
                    "`smithy.rules#contextParam` sets the {} parameter `{}` from a {} member",
                    ty.name(),
                    context.name.escape_debug(),
                    kind.unwrap_or("unknown")
                ),
            },
        };
        problems.push(Diagnostic::new(input_id, Some(member), message));
    }
}

/// Every member of a shape, with its name: structure members, a list's `member`, a map's
/// `key` and `value`.
pub(crate) fn members(shape: &Shape) -> impl Iterator<Item = (&str, &crate::model::Member)> {
    shape
        .members
        .iter()
        .map(|(n, m)| (n.as_str(), m))
        .chain(shape.member.iter().map(|m| ("member", m)))
        .chain(shape.key.iter().map(|m| ("key", m)))
        .chain(shape.value.iter().map(|m| ("value", m)))
}

/// Whether a member travels in the body (it has no HTTP binding).
pub(crate) fn in_body(traits: &Traits) -> bool {
    traits.http_header.is_none()
        && !traits.http_label
        && traits.http_query.is_none()
        && !traits.http_payload
        && !traits.http_response_code
        && !traits.http_query_params
        && traits.http_prefix_headers.is_none()
}

/// Whether a member of an answer (an output or an error) travels in its body: the request's
/// bindings (path labels, query parameters) mean nothing in an answer.
pub(crate) fn in_answer_body(traits: &Traits) -> bool {
    traits.http_header.is_none()
        && !traits.http_payload
        && !traits.http_response_code
        && traits.http_prefix_headers.is_none()
}

/// The pieces of a `{label}` template (a URI pattern's path, a host prefix): each run of
/// literal text with the label after it, if any; `None` when a `{` does not close.
fn template(text: &str) -> Option<Vec<(&str, Option<&str>)>> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = open + rest[open..].find('}')?;
        pieces.push((&rest[..open], Some(&rest[open + 1..close])));
        rest = &rest[close + 1..];
    }
    pieces.push((rest, None));
    Some(pieces)
}

/// The URI pattern's labels are exactly the input's `httpLabel` members.
fn uri(
    checked: &Checked<'_>,
    op_id: &str,
    uri: &str,
    input: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) {
    let labels: Vec<String> = input
        .and_then(|id| checked.shape(id).map(|s| (id, s)))
        .map(|(id, s)| {
            s.members
                .keys()
                .filter(|name| checked.member(id, name).http_label)
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let path = uri.split_once('?').map_or(uri, |(path, _)| path);
    let Some(pieces) = template(path) else {
        problems.push(Diagnostic::new(
            op_id,
            None,
            format!("the URI pattern `{uri}` has an unclosed `{{`"),
        ));
        return;
    };
    let mut used = Vec::new();
    for label in pieces.iter().filter_map(|(_, label)| *label) {
        let name = label.strip_suffix('+').unwrap_or(label);
        if labels.iter().any(|l| l == name) {
            used.push(name.to_owned());
        } else {
            problems.push(Diagnostic::new(
                op_id,
                None,
                format!(
                    "the URI pattern `{uri}` names `{name}`, which is no `httpLabel` member of \
                     the input"
                ),
            ));
        }
    }
    if let Some(input) = input {
        for label in labels.iter().filter(|l| !used.contains(l)) {
            problems.push(Diagnostic::new(
                input,
                Some(label),
                format!("the `httpLabel` member is not in the URI pattern `{uri}`"),
            ));
        }
    }
}

/// A host prefix names each `hostLabel` member of the input once, and each is a required
/// string; its literal text is what a host name may hold.
fn host_prefix(
    checked: &Checked<'_>,
    op_id: &str,
    endpoint: Option<&crate::traits::Endpoint>,
    input: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) {
    let labels: Vec<&str> = input
        .and_then(|id| checked.shape(id).map(|s| (id, s)))
        .map(|(id, s)| {
            s.members
                .keys()
                .filter(|name| checked.member(id, name).host_label)
                .map(String::as_str)
                .collect()
        })
        .unwrap_or_default();
    let prefix = endpoint.map_or("", |e| e.host_prefix.as_str());
    let Some(pieces) = template(prefix) else {
        problems.push(Diagnostic::new(
            op_id,
            None,
            format!("the host prefix `{prefix}` has an unclosed `{{`"),
        ));
        return;
    };
    let mut used = Vec::new();
    for (text, label) in pieces {
        if !text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.')
        {
            problems.push(Diagnostic::new(
                op_id,
                None,
                format!("the host prefix `{prefix}` holds characters a host name cannot"),
            ));
        }
        let Some(label) = label else {
            continue;
        };
        if labels.contains(&label) {
            used.push(label);
        } else {
            problems.push(Diagnostic::new(
                op_id,
                None,
                format!(
                    "the host prefix `{prefix}` names `{label}`, which is no `hostLabel` member \
                     of the input"
                ),
            ));
        }
    }
    let Some(input) = input else {
        return;
    };
    for label in labels {
        let traits = checked.member(input, label);
        let target = checked
            .shape(input)
            .and_then(|s| s.members.get(label))
            .map(|m| m.target.as_str())
            .unwrap_or_default();
        if !used.contains(&label) {
            problems.push(Diagnostic::new(
                input,
                Some(label),
                "the `hostLabel` member is not in the operation's host prefix",
            ));
        } else if !traits.required || !checked.is_plain_string(target) {
            problems.push(Diagnostic::new(
                input,
                Some(label),
                "a `hostLabel` member must be a required string",
            ));
        }
    }
}

/// The paginator needs an optional string token in the input's body, a string token in the
/// output's body and, when named, a list of items there.
fn pagination(
    checked: &Checked<'_>,
    op_id: &str,
    own: &crate::traits::Paginated,
    input: Option<&str>,
    output: Option<&str>,
    problems: &mut Vec<Diagnostic>,
) {
    let defaults = checked
        .traits(&checked.service)
        .paginated
        .clone()
        .unwrap_or_default();
    let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
    let (Some(input_token), Some(output_token)) = (
        pick(&own.input_token, &defaults.input_token),
        pick(&own.output_token, &defaults.output_token),
    ) else {
        problems.push(Diagnostic::new(
            op_id,
            None,
            "`paginated` needs an `inputToken` and an `outputToken`",
        ));
        return;
    };
    // The member `name` of `structure` that is a list or map (`list`) or a string, with its traits:
    // anywhere but a path label in the input (the paginator only sets it), in the body for
    // the output (the paginator reads it from there).
    // A token is a string, or a map (DynamoDB's `ExclusiveStartKey`) that the paginator
    // copies from the output to the input, which therefore share its shape.
    let find = |structure: Option<&str>, name: &str, list: bool, body: bool| -> Option<Traits> {
        let structure = structure?;
        let member = checked.shape(structure)?.members.get(name)?;
        let traits = checked.member(structure, name);
        let fits = if list {
            matches!(checked.type_of(&member.target), Some("list" | "map"))
        } else {
            checked.is_plain_string(&member.target)
                || checked.type_of(&member.target) == Some("map")
        };
        let placed = if body {
            in_answer_body(traits)
        } else {
            !traits.http_label
        };
        (placed && fits).then_some(traits.clone())
    };
    match find(input, &input_token, false, false) {
        None => problems.push(Diagnostic::unsupported(
            op_id,
            None,
            format!(
                "`paginated` input token `{input_token}` is no string or map member of the \
                 input outside the path; other tokens are not supported yet"
            ),
        )),
        // The paginator leaves it unset for the first page, as Smithy requires.
        Some(traits) if traits.required => problems.push(Diagnostic::new(
            op_id,
            None,
            format!("`paginated` input token `{input_token}` must not be required"),
        )),
        Some(_) => {}
    }
    if find(output, &output_token, false, true).is_none() {
        problems.push(Diagnostic::unsupported(
            op_id,
            None,
            format!(
                "`paginated` output token `{output_token}` is no top-level string or map member \
                 of the output's body; other tokens are not supported yet"
            ),
        ));
    } else {
        let target = |structure: Option<&str>, name: &str| {
            checked
                .shape(structure?)?
                .members
                .get(name)
                .map(|m| m.target.clone())
        };
        let (a, b) = (target(input, &input_token), target(output, &output_token));
        let is_map = |t: &Option<String>| {
            t.as_deref()
                .is_some_and(|t| checked.type_of(t) == Some("map"))
        };
        if (is_map(&a) || is_map(&b)) && a != b {
            problems.push(Diagnostic::unsupported(
                op_id,
                None,
                format!(
                    "`paginated` tokens `{input_token}` and `{output_token}` are maps of \
                     different shapes; the paginator cannot copy one to the other"
                ),
            ));
        }
    }
    if let Some(items) = pick(&own.items, &defaults.items)
        && find(output, &items, true, true).is_none()
    {
        problems.push(Diagnostic::unsupported(
            op_id,
            None,
            format!(
                "`paginated` items `{items}` is no top-level list or map member of the output's \
                 body; other items are not supported yet"
            ),
        ));
    }
}
