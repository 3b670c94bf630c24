//! The Smithy 2.0 JSON AST, deserialized as it is written (no resolution, no checks).
//!
//! Fields are kept loose (`type` as a string, traits as JSON values) so that the checker, not
//! serde, reports what is wrong, naming the shape and member.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::Value;

/// A whole model file.
#[derive(Debug, Deserialize)]
pub struct Model {
    /// The IDL version, `"2.0"` (or `"2"`).
    pub smithy: String,
    /// Shapes keyed by absolute shape id.
    #[serde(default)]
    pub shapes: BTreeMap<String, Shape>,
}

/// A reference to another shape: `{"target": "ns#Name"}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Target {
    /// Absolute shape id of the target.
    pub target: String,
}

/// A member of a structure, union, enum, list or map, in declaration order.
#[derive(Debug, Clone, Deserialize)]
pub struct Member {
    /// Absolute shape id of the member's target.
    pub target: String,
    /// Traits applied to the member.
    #[serde(default)]
    pub traits: BTreeMap<String, Value>,
}

/// One shape of any type.
#[derive(Debug, Clone, Deserialize)]
pub struct Shape {
    /// `structure`, `string`, `list`, `service`, …
    #[serde(rename = "type")]
    pub kind: String,
    /// Traits applied to the shape.
    #[serde(default)]
    pub traits: BTreeMap<String, Value>,
    /// Members of a structure, union or enum, in declaration order.
    #[serde(default)]
    pub members: IndexMap<String, Member>,
    /// The member of a list.
    pub member: Option<Member>,
    /// The key of a map.
    pub key: Option<Member>,
    /// The value of a map.
    pub value: Option<Member>,
    /// Mixins the shape applies (not supported by this generator).
    #[serde(default)]
    pub mixins: Vec<Target>,
    /// Operation input.
    pub input: Option<Target>,
    /// Operation output.
    pub output: Option<Target>,
    /// Operation or service errors.
    #[serde(default)]
    pub errors: Vec<Target>,
    /// Service version.
    pub version: Option<String>,
    /// Service operations.
    #[serde(default)]
    pub operations: Vec<Target>,
    /// Service resources (not supported by this generator).
    #[serde(default)]
    pub resources: Vec<Target>,
}

/// Where a JSON document failed to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// What serde_json says.
    pub message: String,
}

impl Model {
    /// Parses a JSON AST document.
    pub fn from_json(text: &str) -> Result<Self, ParseError> {
        serde_json::from_str(text).map_err(|e| ParseError {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }
}
