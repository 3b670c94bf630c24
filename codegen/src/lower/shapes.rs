//! Structures, their members and the values they hold, and enums: resolved from the checked
//! model with their wire names, locations, constraints and documentation (still HTML). Rust
//! names are left for `names`; defaults for `defaults`.

use std::collections::BTreeMap;

use crate::check::Checked;
use crate::ir::{
    Constraints, Enum, Field, IntWidth, Kind, Location, Pattern, Role, Structure, TimestampFormat,
    Value, Variant,
};
use crate::traits::Traits;

/// A structure in `role`, with its members in model order.
pub(super) fn structure(checked: &Checked<'_>, id: &str, role: Role) -> Structure {
    let traits = checked.traits(id);
    let answer = matches!(role, Role::Output { .. } | Role::Error { .. });
    let union = checked.type_of(id) == Some("union");
    let fields: Vec<Field> = checked
        .shape(id)
        .iter()
        .flat_map(|s| s.members.iter())
        .filter_map(|(member_name, member)| field(checked, id, member_name, &member.target, &role))
        .map(|mut f| {
            // A union holds exactly one of its members: none is required on its own.
            if union {
                f.required = false;
            }
            if answer
                && f.required
                && matches!(
                    f.location,
                    Location::Header(_) | Location::Payload | Location::ResponseCode
                )
            {
                f.required = false;
                f.required_header = true;
            }
            f
        })
        .collect();
    let message_field = match role {
        Role::Error { .. } => fields.iter().position(|f| {
            f.location == Location::Body
                && f.value.kind == Kind::String
                && f.member_name.to_ascii_lowercase().ends_with("message")
        }),
        _ => None,
    };
    Structure {
        shape_id: id.to_owned(),
        name: String::new(),
        builder: String::new(),
        module: Vec::new(),
        dir: Vec::new(),
        file: String::new(),
        docs: traits.documentation.clone().unwrap_or_default(),
        fields,
        role,
        sensitive: traits.sensitive,
        has_constraints: false,
        message_field,
        union,
        unknown_variant: String::new(),
    }
}

fn field(
    checked: &Checked<'_>,
    id: &str,
    member_name: &str,
    target: &str,
    role: &Role,
) -> Option<Field> {
    let traits = checked.member(id, member_name);
    let target_traits = checked.traits(target);
    let bound = match (&traits.http_header, traits.http_label, &traits.http_query) {
        (Some(header), _, _) => Location::Header(header.clone()),
        (None, true, _) => Location::Label,
        (None, false, Some(name)) => Location::Query(name.clone()),
        (None, false, None) if traits.http_payload => Location::Payload,
        (None, false, None) if traits.http_response_code => Location::ResponseCode,
        (None, false, None) if traits.http_query_params => Location::QueryParams,
        (None, false, None) if traits.http_prefix_headers.is_some() => {
            Location::PrefixHeaders(traits.http_prefix_headers.clone().unwrap_or_default())
        }
        (None, false, None) => Location::Body,
    };
    // HTTP bindings count only on an operation's input, output and errors; elsewhere every
    // member is in the body. Request bindings mean nothing in an answer, nor the status in a
    // request: such members are in the body too, as botocore reads and writes them.
    let answer = matches!(role, Role::Output { .. } | Role::Error { .. });
    let location = match bound {
        // awsJson has no HTTP bindings: every member is in the body.
        _ if *role == Role::Shape || !checked.protocol.has_http_bindings() => Location::Body,
        Location::Label | Location::Query(_) | Location::QueryParams if answer => Location::Body,
        Location::ResponseCode if !answer => Location::Body,
        bound => bound,
    };
    // A timestamp without a `timestampFormat` travels as restJson1 says for its place: an HTTP
    // date in a header, a date-time in the path or query, epoch seconds in the body.
    let default_time = match location {
        // awsQuery writes and reads timestamps as date-times.
        _ if checked.protocol == crate::ir::Protocol::AwsQuery => TimestampFormat::DateTime,
        Location::Header(_) => TimestampFormat::HttpDate,
        Location::Label | Location::Query(_) => TimestampFormat::DateTime,
        Location::Body
        | Location::Payload
        | Location::ResponseCode
        | Location::QueryParams
        | Location::PrefixHeaders(_) => TimestampFormat::EpochSeconds,
    };
    let value = value(checked, id, Some(member_name), target, traits, default_time)?;
    // awsJson names members by their member names, whatever their `jsonName`.
    let wire_name = match (&location, &traits.json_name) {
        (Location::Header(name) | Location::Query(name), _) => name.clone(),
        (Location::Body, Some(json_name)) if checked.protocol.has_http_bindings() => {
            json_name.clone()
        }
        _ => member_name.to_owned(),
    };
    Some(Field {
        member_name: member_name.to_owned(),
        wire_name,
        name: String::new(),
        set_name: String::new(),
        or_default: None,
        default_const: None,
        state: None,
        marker: None,
        slot: String::new(),
        label_local: String::new(),
        docs: traits
            .documentation
            .as_ref()
            .or(target_traits.documentation.as_ref())
            .cloned()
            .unwrap_or_default(),
        value,
        // A required idempotency token may still be left unset by the caller: the client fills
        // it with a fresh one, as the AWS SDKs do.
        // A path label is always required: the request cannot be written without it.
        required: traits.required
            && (!traits.client_optional || location == Location::Label)
            && !traits.idempotency_token,
        required_header: false,
        default: None,
        location,
        boxed: false,
        idempotency_token: traits.idempotency_token,
        media_type: target_traits.media_type.clone(),
        variant: String::new(),
    })
}

/// An item of a list or map: `Option<item>` when the collection is sparse.
fn nullable(item: Value, sparse: bool) -> Value {
    if !sparse {
        return item;
    }
    Value {
        sensitive: item.sensitive,
        constraints: Constraints::default(),
        xml_name: item.xml_name.clone(),
        flattened: false,
        kind: Kind::Nullable(Box::new(item)),
    }
}

/// The value type of a member (or list item, map key or value) of `owner` targeting `target`.
pub(super) fn value(
    checked: &Checked<'_>,
    owner: &str,
    member: Option<&str>,
    target: &str,
    member_traits: &Traits,
    default_time: TimestampFormat,
) -> Option<Value> {
    let traits = checked.traits(target);
    let kind = match checked.type_of(target)? {
        _ if checked.is_enum(target) => Kind::Enum(target.to_owned()),
        "string" => Kind::String,
        "boolean" => Kind::Boolean,
        "byte" => Kind::Int(IntWidth::Byte),
        "short" => Kind::Int(IntWidth::Short),
        "integer" => Kind::Int(IntWidth::Integer),
        "long" => Kind::Int(IntWidth::Long),
        "float" => Kind::Float,
        "double" => Kind::Double,
        "timestamp" => {
            let format = member_traits
                .timestamp_format
                .as_deref()
                .or(traits.timestamp_format.as_deref());
            Kind::Timestamp(match format {
                Some("date-time") => TimestampFormat::DateTime,
                Some("http-date") => TimestampFormat::HttpDate,
                Some(_) => TimestampFormat::EpochSeconds,
                None => default_time,
            })
        }
        "blob" => Kind::Blob,
        "document" => Kind::Document,
        "structure" if target == "smithy.api#Unit" => Kind::Unit,
        "structure" | "union" => Kind::Structure(target.to_owned()),
        "list" => {
            let item = checked.shape(target)?.member.as_ref()?;
            let item_traits = checked.member(target, "member");
            let item = value(
                checked,
                target,
                Some("member"),
                &item.target,
                item_traits,
                default_time,
            )?;
            Kind::List(Box::new(nullable(item, traits.sparse)))
        }
        "map" => {
            let shape = checked.shape(target)?;
            let (key, value_member) = (shape.key.as_ref()?, shape.value.as_ref()?);
            let key = value(
                checked,
                target,
                Some("key"),
                &key.target,
                checked.member(target, "key"),
                default_time,
            )?;
            let entry = value(
                checked,
                target,
                Some("value"),
                &value_member.target,
                checked.member(target, "value"),
                default_time,
            )?;
            Kind::Map(Box::new(key), Box::new(nullable(entry, traits.sparse)))
        }
        // The checker lets no other type through.
        _ => return None,
    };
    // Constraints on the text of an enum are not generated: its values are the model's own,
    // and a value the model does not know is the service's to judge.
    let text_constraints = !matches!(kind, Kind::Enum(_));
    let pattern = match (&member_traits.pattern, &traits.pattern) {
        _ if !text_constraints => None,
        (Some(regex), _) => Some((regex, owner, member)),
        (None, Some(regex)) => Some((regex, target, None)),
        (None, None) => None,
    }
    .map(|(regex, owner, member)| {
        // The checker translated and compiled every pattern already.
        let translated =
            crate::pattern::translate(regex).unwrap_or_else(|_| crate::pattern::Translated {
                regex: regex.clone(),
                lookaround: false,
            });
        Pattern {
            name: String::new(),
            regex: regex.clone(),
            engine: translated.regex,
            lookaround: translated.lookaround,
            owner: owner.to_owned(),
            member: member.map(str::to_owned),
        }
    });
    // The checker made sure an integer's bounds are whole.
    let range = member_traits.range.or(traits.range);
    let int_range = range
        .filter(|_| matches!(kind, Kind::Int(_)))
        .map(|r| crate::ir::Range {
            min: r.min.and_then(|b| b.whole),
            max: r.max.and_then(|b| b.whole),
        });
    let float_range = range
        .filter(|_| matches!(kind, Kind::Float | Kind::Double))
        .map(|r| crate::ir::FloatRange {
            min: r.min.map(|b| b.value),
            max: r.max.map(|b| b.value),
        });
    Some(Value {
        kind,
        constraints: Constraints {
            length: member_traits
                .length
                .or(traits.length)
                .filter(|_| text_constraints)
                .map(|l| crate::ir::Length {
                    min: l.min,
                    max: l.max,
                }),
            range: int_range,
            float_range,
            pattern,
            unique_items: member_traits.unique_items || traits.unique_items,
            utf8_size: member_traits.utf8_size.or(traits.utf8_size),
        },
        sensitive: member_traits.sensitive || traits.sensitive,
        xml_name: member_traits.xml_name.clone(),
        flattened: member_traits.xml_flattened,
    })
}

/// An enum, with each value's naming basis in its `name` (the `enum` shape's member name, or
/// the `smithy.api#enum` definition's name or value) for `names` to convert.
pub(super) fn enumeration(checked: &Checked<'_>, id: &str) -> Enum {
    let traits = checked.traits(id);
    let variants = match &traits.enum_definitions {
        Some(defs) => defs
            .iter()
            .map(|d| Variant {
                name: d.name.clone().unwrap_or_else(|| d.value.clone()),
                value: d.value.clone(),
                docs: d.documentation.clone().unwrap_or_default(),
            })
            .collect(),
        None => checked
            .shape(id)
            .map(|s| {
                s.members
                    .keys()
                    .map(|name| {
                        let t = checked.member(id, name);
                        Variant {
                            name: name.clone(),
                            value: t
                                .enum_value
                                .as_ref()
                                .and_then(serde_json::Value::as_str)
                                .map_or_else(|| name.clone(), str::to_owned),
                            docs: t.documentation.clone().unwrap_or_default(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default(),
    };
    Enum {
        shape_id: id.to_owned(),
        name: String::new(),
        file: String::new(),
        docs: traits.documentation.clone().unwrap_or_default(),
        variants,
        unknown_variant: String::new(),
    }
}

/// Every structure and enum the service reaches that is not an operation's input or output
/// (those are made with their operation), by shape id.
pub(super) fn rest(
    checked: &Checked<'_>,
    roles: &BTreeMap<String, Role>,
    structures: &mut BTreeMap<String, Structure>,
    enums: &mut BTreeMap<String, Enum>,
) {
    // Shapes some member or operation refers to other than as an input or output: an input or
    // output shape that is also one of these is generated again, as a shape or an error.
    let mut referred = std::collections::BTreeSet::new();
    for id in checked.shape_traits.keys() {
        if let Some(shape) = checked.shape(id) {
            referred.extend(crate::check::members(shape).map(|(_, m)| m.target.as_str()));
            referred.extend(shape.errors.iter().map(|e| e.target.as_str()));
        }
    }
    for id in checked.shape_traits.keys() {
        let Some(shape) = checked.shape(id) else {
            continue;
        };
        if checked.is_enum(id) {
            enums.insert(id.clone(), enumeration(checked, id));
        } else if shape.kind == "structure" || shape.kind == "union" {
            let role = match roles.get(id) {
                Some(Role::Input { .. } | Role::Output { .. })
                    if !referred.contains(id.as_str()) =>
                {
                    continue;
                }
                Some(role @ Role::Error { .. }) => role.clone(),
                _ => Role::Shape,
            };
            structures.insert(id.clone(), structure(checked, id, role));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lower::tests::checked_model;

    #[test]
    fn members_get_their_wire_names_locations_and_constraints() {
        let model = checked_model(serde_json::json!({
            "t#Thing": {"type": "structure", "members": {
                "id": {"target": "t#Id", "traits": {"smithy.api#required": {}, "smithy.api#jsonName": "ID"}},
                "tags": {"target": "t#Tags", "traits": {"smithy.api#length": {"max": 3}}},
                "when": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "date-time"}}
            }},
            "t#Id": {"type": "string", "traits": {"smithy.api#pattern": "^[a-z]+$"}},
            "t#Tags": {"type": "list", "member": {"target": "t#Id"}}
        }));
        let checked = crate::check::check(&model, false).unwrap();
        let s = structure(&checked, "t#Thing", Role::Shape);
        let names: Vec<(&str, &str)> = s
            .fields
            .iter()
            .map(|f| (f.member_name.as_str(), f.wire_name.as_str()))
            .collect();
        assert_eq!(names, [("id", "ID"), ("tags", "tags"), ("when", "when")]);
        assert!(s.fields[0].required);
        let pattern = s.fields[0].value.constraints.pattern.as_ref().unwrap();
        assert_eq!(
            (pattern.owner.as_str(), pattern.member.as_deref()),
            ("t#Id", None)
        );
        assert_eq!(s.fields[1].value.constraints.length.unwrap().max, Some(3));
        let Kind::List(item) = &s.fields[1].value.kind else {
            panic!("{:?}", s.fields[1].value.kind)
        };
        assert_eq!(item.kind, Kind::String);
        assert_eq!(
            s.fields[2].value.kind,
            Kind::Timestamp(TimestampFormat::DateTime)
        );
    }

    #[test]
    fn enum_values_keep_their_naming_basis() {
        let model = checked_model(serde_json::json!({
            "t#Thing": {"type": "structure", "members": {
                "a": {"target": "t#New"}, "b": {"target": "t#Old"}
            }},
            "t#New": {"type": "enum", "members": {
                "AUDIO_ONLY": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "audio"}}
            }},
            "t#Old": {"type": "string", "traits": {"smithy.api#enum": [{"value": "x-1", "name": "X_ONE"}, {"value": "y"}]}}
        }));
        let checked = crate::check::check(&model, false).unwrap();
        let new = enumeration(&checked, "t#New");
        assert_eq!(
            (
                new.variants[0].name.as_str(),
                new.variants[0].value.as_str()
            ),
            ("AUDIO_ONLY", "audio")
        );
        let old = enumeration(&checked, "t#Old");
        let pairs: Vec<(&str, &str)> = old
            .variants
            .iter()
            .map(|v| (v.name.as_str(), v.value.as_str()))
            .collect();
        assert_eq!(pairs, [("X_ONE", "x-1"), ("y", "y")]);
    }
}
