//! Documents (`smithy.api#Document`): untyped JSON values that a model leaves open, held as
//! they came and written back unchanged.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A JSON value of a document member.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Document>),
    /// An object, its keys in order.
    Object(BTreeMap<String, Document>),
}

/// A document's number, kept as JSON wrote it: a whole number stays whole.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A whole number of zero or more.
    PosInt(u64),
    /// A negative whole number.
    NegInt(i64),
    /// A number with a fraction or an exponent (or too large for 64 bits).
    Float(f64),
}

impl From<bool> for Document {
    fn from(value: bool) -> Self {
        Document::Bool(value)
    }
}

impl From<&str> for Document {
    fn from(value: &str) -> Self {
        Document::String(value.to_owned())
    }
}

impl From<String> for Document {
    fn from(value: String) -> Self {
        Document::String(value)
    }
}

impl From<i64> for Document {
    fn from(value: i64) -> Self {
        Document::Number(match u64::try_from(value) {
            Ok(positive) => Number::PosInt(positive),
            Err(_) => Number::NegInt(value),
        })
    }
}

impl From<u64> for Document {
    fn from(value: u64) -> Self {
        Document::Number(Number::PosInt(value))
    }
}

impl From<f64> for Document {
    fn from(value: f64) -> Self {
        Document::Number(Number::Float(value))
    }
}

impl From<Vec<Document>> for Document {
    fn from(value: Vec<Document>) -> Self {
        Document::Array(value)
    }
}

impl From<BTreeMap<String, Document>> for Document {
    fn from(value: BTreeMap<String, Document>) -> Self {
        Document::Object(value)
    }
}

impl Serialize for Document {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Document::Null => serializer.serialize_unit(),
            Document::Bool(b) => serializer.serialize_bool(*b),
            Document::Number(Number::PosInt(n)) => serializer.serialize_u64(*n),
            Document::Number(Number::NegInt(n)) => serializer.serialize_i64(*n),
            Document::Number(Number::Float(n)) => serializer.serialize_f64(*n),
            Document::String(s) => serializer.serialize_str(s),
            Document::Array(items) => serializer.collect_seq(items),
            Document::Object(entries) => serializer.collect_map(entries),
        }
    }
}

impl<'de> Deserialize<'de> for Document {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DocumentVisitor;

        impl<'de> Visitor<'de> for DocumentVisitor {
            type Value = Document;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a JSON value")
            }

            fn visit_unit<E>(self) -> Result<Document, E> {
                Ok(Document::Null)
            }

            fn visit_none<E>(self) -> Result<Document, E> {
                Ok(Document::Null)
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
                Document::deserialize(d)
            }

            fn visit_bool<E>(self, value: bool) -> Result<Document, E> {
                Ok(Document::Bool(value))
            }

            fn visit_u64<E>(self, value: u64) -> Result<Document, E> {
                Ok(Document::Number(Number::PosInt(value)))
            }

            fn visit_i64<E>(self, value: i64) -> Result<Document, E> {
                Ok(Document::from(value))
            }

            fn visit_f64<E>(self, value: f64) -> Result<Document, E> {
                Ok(Document::Number(Number::Float(value)))
            }

            fn visit_str<E>(self, value: &str) -> Result<Document, E> {
                Ok(Document::String(value.to_owned()))
            }

            fn visit_string<E>(self, value: String) -> Result<Document, E> {
                Ok(Document::String(value))
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Document, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Document::Array(items))
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
                let mut entries = BTreeMap::new();
                while let Some((key, value)) = map.next_entry::<String, Document>()? {
                    entries.insert(key, value);
                }
                Ok(Document::Object(entries))
            }
        }

        deserializer.deserialize_any(DocumentVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_round_trip_through_json() {
        let text = r#"{"a":[1,-2,2.5,true,null,"x"],"b":{"c":18446744073709551615}}"#;
        let document: Document = serde_json::from_str(text).unwrap();
        let Document::Object(entries) = &document else {
            panic!("{document:?}")
        };
        assert_eq!(
            entries["a"],
            Document::Array(vec![
                Document::from(1_u64),
                Document::from(-2_i64),
                Document::from(2.5),
                Document::from(true),
                Document::Null,
                Document::from("x"),
            ])
        );
        assert_eq!(serde_json::to_string(&document).unwrap(), text);
    }
}
