//! Documented defaults, typed: `smithy.api#default` of a member (or of its target) and this
//! generator's `rustgen.traits#serviceDefault`. (The checker made sure each fits its member.)
//! An enum default's Rust variant is filled in by `names`.

use serde_json::Value as Json;

use crate::check::Checked;
use crate::ir::{DefaultValue, Ir, Kind, Value};

/// Gives every member its default, if it has one.
pub(super) fn assign(checked: &Checked<'_>, ir: &mut Ir) {
    for structure in ir.structures.values_mut() {
        let id = &structure.shape_id;
        for field in &mut structure.fields {
            let traits = checked.member(id, &field.member_name);
            let target_default = checked
                .shape(id)
                .and_then(|s| s.members.get(&field.member_name))
                .and_then(|m| checked.shape_traits.get(&m.target))
                .and_then(|t| t.default.clone());
            let json = match (&traits.default, &traits.service_default) {
                (Some(Json::Null), None) => None,
                (Some(d), None) | (None, Some(d)) => Some(d.clone()),
                (None, None) => target_default.filter(|d| !d.is_null()),
                (Some(_), Some(_)) => None,
            };
            field.default = json.and_then(|json| typed(&json, &field.value));
        }
    }
}

/// `json` as a default of `value`'s type.
fn typed(json: &Json, value: &Value) -> Option<DefaultValue> {
    Some(match (&value.kind, json) {
        (Kind::Boolean, Json::Bool(b)) => DefaultValue::Bool(*b),
        (Kind::Int(_), Json::Number(n)) => DefaultValue::Int(n.as_i64()?),
        (Kind::Float | Kind::Double, Json::Number(n)) => DefaultValue::Float(n.as_f64()?),
        (Kind::String, Json::String(s)) => DefaultValue::String(s.clone()),
        (Kind::Enum(_), Json::String(s)) => DefaultValue::Enum {
            variant: String::new(),
            value: s.clone(),
        },
        (Kind::List(item), Json::Array(items)) => DefaultValue::List(
            items
                .iter()
                .map(|i| typed(i, item))
                .collect::<Option<_>>()?,
        ),
        (Kind::Map(..), Json::Object(o)) if o.is_empty() => DefaultValue::EmptyMap,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Constraints, IntWidth};

    fn value(kind: Kind) -> Value {
        Value {
            kind,
            constraints: Constraints::default(),
            sensitive: false,
            xml_name: None,
            flattened: false,
        }
    }

    #[test]
    fn defaults_take_their_member_s_type() {
        assert_eq!(
            typed(
                &serde_json::json!(720),
                &value(Kind::Int(IntWidth::Integer))
            ),
            Some(DefaultValue::Int(720))
        );
        assert_eq!(
            typed(&serde_json::json!(0.5), &value(Kind::Double)),
            Some(DefaultValue::Float(0.5))
        );
        assert_eq!(
            typed(
                &serde_json::json!(["A"]),
                &value(Kind::List(Box::new(value(Kind::Enum("t#E".into())))))
            ),
            Some(DefaultValue::List(vec![DefaultValue::Enum {
                variant: String::new(),
                value: "A".into()
            }]))
        );
        let map = Kind::Map(Box::new(value(Kind::String)), Box::new(value(Kind::String)));
        assert_eq!(
            typed(&serde_json::json!({}), &value(map)),
            Some(DefaultValue::EmptyMap)
        );
        assert_eq!(typed(&serde_json::json!("x"), &value(Kind::Boolean)), None);
    }
}
