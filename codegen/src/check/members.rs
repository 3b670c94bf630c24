//! Members and the values they hold: one HTTP binding at most, of a type it can carry; path
//! labels required; idempotency tokens strings; known timestamp formats; collections
//! of what the generator can hold; constraints on the types they apply to; defaults of the
//! member's type; enum values that are strings.

use serde_json::Value as Json;

use super::Checked;
use super::operations::members;
use crate::error::Diagnostic;
use crate::traits::Traits;

/// Timestamp formats Smithy defines.
const TIMESTAMP_FORMATS: [&str; 3] = ["date-time", "epoch-seconds", "http-date"];

/// Checks the members of every shape the service reaches.
pub(super) fn check(checked: &Checked<'_>, problems: &mut Vec<Diagnostic>) {
    for id in checked.shape_traits.keys() {
        let Some(shape) = checked.shape(id) else {
            continue;
        };
        let mut problem = |member: &str, message: String| {
            problems.push(Diagnostic::new(id, Some(member), message));
        };
        let mut unsupported = Vec::new();
        if shape.kind == "enum" {
            for name in shape.members.keys() {
                if checked
                    .member(id, name)
                    .enum_value
                    .as_ref()
                    .is_some_and(|v| !v.is_string())
                {
                    problem(name, "`enumValue` must be a string".to_owned());
                }
            }
            continue;
        }
        for (name, member) in members(shape) {
            let traits = checked.member(id, name);
            let target = member.target.as_str();
            if shape.kind == "structure" {
                binding(checked, traits, target, &mut |m, is_unsupported| {
                    if is_unsupported {
                        unsupported.push((name, m));
                    } else {
                        problem(name, m);
                    }
                });
                if let Some(message) = default(checked, traits, target) {
                    problem(name, message);
                }
            }
            value(checked, traits, target, &mut |m| problem(name, m));
        }
        // With a payload member, no other member may be in the body.
        if shape.kind == "structure" {
            let payload = shape
                .members
                .keys()
                .find(|name| checked.member(id, name).http_payload);
            if let Some(payload) = payload {
                for name in shape.members.keys().filter(|n| *n != payload) {
                    if super::operations::in_body(checked.member(id, name)) {
                        problem(
                            name,
                            format!(
                                "`{payload}` is the payload, so this member must be bound to a \
                                 header, a label or a query parameter"
                            ),
                        );
                    }
                }
            }
        }
        for (member, message) in unsupported {
            problems.push(Diagnostic::unsupported(id, Some(member), message));
        }
    }
}

/// The HTTP binding of a structure member.
/// Problems go to `problem`, with whether the feature is one not supported yet.
fn binding(
    checked: &Checked<'_>,
    traits: &Traits,
    target: &str,
    problem: &mut dyn FnMut(String, bool),
) {
    let bindings = usize::from(traits.http_header.is_some())
        + usize::from(traits.http_label)
        + usize::from(traits.http_query.is_some())
        + usize::from(traits.http_payload)
        + usize::from(traits.http_response_code)
        + usize::from(traits.http_query_params)
        + usize::from(traits.http_prefix_headers.is_some());
    if bindings > 1 {
        problem(
            "a member can be bound to only one of a header, a label, a query parameter and the \
             payload"
                .to_owned(),
            false,
        );
        return;
    }
    // A map of strings (or, for query parameters, of lists of strings).
    let map_of = |lists: bool| {
        checked.type_of(target) == Some("map")
            && checked
                .shape(target)
                .and_then(|s| s.value.as_ref())
                .is_some_and(|v| {
                    checked.is_plain_string(&v.target)
                        || (lists
                            && checked.type_of(&v.target) == Some("list")
                            && checked
                                .shape(&v.target)
                                .and_then(|l| l.member.as_ref())
                                .is_some_and(|m| checked.is_plain_string(&m.target)))
                })
    };
    if traits.http_query_params && !map_of(true) {
        problem(
            "`httpQueryParams` must target a map of strings or of lists of strings".to_owned(),
            false,
        );
    }
    if traits.http_prefix_headers.is_some() && !map_of(false) {
        problem(
            "`httpPrefixHeaders` must target a map of strings".to_owned(),
            false,
        );
    }
    if traits.http_response_code && checked.type_of(target) != Some("integer") {
        problem(
            "an `httpResponseCode` member must be an integer".to_owned(),
            false,
        );
    }
    if traits.http_payload
        && !matches!(
            checked.type_of(target),
            Some("structure" | "union" | "document" | "blob" | "string" | "enum")
        )
    {
        problem(
            "the payload must be a structure, union, document, blob, string or enum".to_owned(),
            false,
        );
    }
    // A label holds a simple value (a boolean, number, string or timestamp); a header or query
    // parameter a simple value or a list of them.
    let single = |id: &str| {
        matches!(
            checked.type_of(id),
            Some(
                "string"
                    | "enum"
                    | "boolean"
                    | "byte"
                    | "short"
                    | "integer"
                    | "long"
                    | "float"
                    | "double"
                    | "timestamp"
            )
        )
    };
    // A sparse list's nulls cannot be written in a header or query string.
    let list_of_single = || {
        checked.type_of(target) == Some("list")
            && !checked.traits(target).sparse
            && checked
                .shape(target)
                .and_then(|s| s.member.as_ref())
                .is_some_and(|m| single(&m.target))
    };
    let bindable = if traits.http_label {
        single(target)
    } else if traits.http_header.is_some() || traits.http_query.is_some() {
        single(target) || list_of_single()
    } else {
        true
    };
    if !bindable {
        problem(
            "only simple values (and, for headers and query parameters, lists of them) can be \
             bound to headers, labels and query parameters"
                .to_owned(),
            false,
        );
    }
    if traits.http_label && !traits.required {
        problem(
            "a path label must be `smithy.api#required`".to_owned(),
            false,
        );
    }
    if traits.idempotency_token && !checked.is_plain_string(target) {
        problem("an idempotency token must be a string".to_owned(), false);
    }
}

/// The value a member holds: its timestamp format and constraints.
fn value(checked: &Checked<'_>, traits: &Traits, target: &str, problem: &mut dyn FnMut(String)) {
    let target_traits = checked.traits(target);
    let kind = checked.type_of(target).unwrap_or_default();
    if kind == "timestamp"
        && let Some(format) = traits
            .timestamp_format
            .as_deref()
            .or(target_traits.timestamp_format.as_deref())
        && !TIMESTAMP_FORMATS.contains(&format)
    {
        problem(format!("unknown timestamp format `{format}`"));
    }
    let is_enum = checked.is_enum(target);
    let is_number = matches!(
        kind,
        "byte" | "short" | "integer" | "long" | "float" | "double"
    );
    // An enum is a string with a fixed set of values: `length` and `pattern` may apply to it
    // (they are not checked, the values being the model's own).
    let has_length = matches!(kind, "string" | "list" | "map" | "enum" | "blob");
    let checks = [
        (
            (traits.length.is_some() || target_traits.length.is_some()) && !has_length,
            "`length` applies only to strings, blobs, lists and maps",
        ),
        (
            (traits.range.is_some() || target_traits.range.is_some()) && !is_number,
            "`range` applies only to numbers",
        ),
        (
            matches!(kind, "byte" | "short" | "integer" | "long")
                && [traits.range, target_traits.range]
                    .iter()
                    .flatten()
                    .flat_map(|r| [r.min, r.max])
                    .flatten()
                    .any(|b| b.whole.is_none()),
            "a `range` bound of an integer must be a whole number",
        ),
        (
            (traits.pattern.is_some() || target_traits.pattern.is_some())
                && !checked.is_plain_string(target)
                && !is_enum,
            "`pattern` applies only to strings",
        ),
        (
            (traits.unique_items || target_traits.unique_items) && kind != "list",
            "`uniqueItems` applies only to lists",
        ),
        (
            (traits.utf8_size.is_some() || target_traits.utf8_size.is_some()) && kind != "map",
            "`utf8Size` applies only to maps",
        ),
    ];
    for (bad, message) in checks {
        if bad {
            problem(message.to_owned());
        }
    }
}

/// Why the member's default is wrong, if it is.
fn default(checked: &Checked<'_>, traits: &Traits, target: &str) -> Option<String> {
    let json = match (&traits.default, &traits.service_default) {
        (Some(_), Some(_)) => {
            return Some(
                "has both `smithy.api#default` and `rustgen.traits#serviceDefault`; keep one"
                    .to_owned(),
            );
        }
        (Some(Json::Null), None) => return None,
        (Some(d), None) | (None, Some(d)) => d,
        (None, None) => match &checked.shape_traits.get(target)?.default {
            Some(Json::Null) | None => return None,
            Some(d) => d,
        },
    };
    typed(checked, json, traits, target)
        .err()
        .map(|why| format!("default `{json}` {why}"))
}

/// Checks `json` as a value of `target`, under the constraints of `traits` and the target's.
fn typed(checked: &Checked<'_>, json: &Json, traits: &Traits, target: &str) -> Result<(), String> {
    let target_traits = checked.traits(target);
    let length = traits.length.or(target_traits.length);
    let range = traits.range.or(target_traits.range);
    let kind = checked.type_of(target).unwrap_or_default();
    match (kind, json) {
        ("boolean", Json::Bool(_)) => Ok(()),
        ("byte" | "short" | "integer" | "long", Json::Number(n)) => {
            let i = n.as_i64().ok_or("is not a whole number")?;
            let (min, max) = match kind {
                "byte" => (i8::MIN.into(), i8::MAX.into()),
                "short" => (i16::MIN.into(), i16::MAX.into()),
                "integer" => (i32::MIN.into(), i32::MAX.into()),
                _ => (i64::MIN, i64::MAX),
            };
            if i < min || i > max {
                return Err("does not fit the member's integer type".into());
            }
            if let Some(range) = range
                && (range.min.and_then(|b| b.whole).is_some_and(|m| i < m)
                    || range.max.and_then(|b| b.whole).is_some_and(|m| i > m))
            {
                return Err("is outside the member's range".into());
            }
            Ok(())
        }
        ("float" | "double", Json::Number(n)) => {
            let f = n.as_f64().ok_or("is not a number")?;
            if let Some(range) = range
                && (range.min.is_some_and(|b| f < b.value)
                    || range.max.is_some_and(|b| f > b.value))
            {
                return Err("is outside the member's range".into());
            }
            Ok(())
        }
        ("string" | "enum", Json::String(s)) if checked.is_enum(target) => {
            if checked.enum_values(target).iter().any(|v| v == s) {
                Ok(())
            } else {
                Err("is not one of the enum's values".into())
            }
        }
        ("string", Json::String(s)) => {
            if let Some(length) = length {
                let n = s.chars().count() as u64;
                if length.min.is_some_and(|m| n < m) || length.max.is_some_and(|m| n > m) {
                    return Err("is outside the member's length".into());
                }
            }
            Ok(())
        }
        ("list", Json::Array(items)) => {
            let item = checked
                .shape(target)
                .and_then(|s| s.member.as_ref())
                .ok_or("does not match the member's type")?;
            let item_traits = checked.member(target, "member");
            items
                .iter()
                .try_for_each(|i| typed(checked, i, item_traits, &item.target))
        }
        ("map", Json::Object(o)) if o.is_empty() => Ok(()),
        // Base64 text, any JSON value, and numbers of any size.
        ("blob", Json::String(_)) | ("document", _) => Ok(()),
        ("bigInteger" | "bigDecimal", Json::Number(_)) => Ok(()),
        _ => Err("does not match the member's type".into()),
    }
}
