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
    /// Operations of a service or resource.
    #[serde(default)]
    pub operations: Vec<Target>,
    /// Resources of a service or resource.
    #[serde(default)]
    pub resources: Vec<Target>,
    /// A resource's lifecycle operation that creates an instance with an id the service picks.
    pub create: Option<Target>,
    /// A resource's lifecycle operation that creates or replaces an instance with an id the
    /// client picks.
    pub put: Option<Target>,
    /// A resource's lifecycle operation that reads an instance.
    pub read: Option<Target>,
    /// A resource's lifecycle operation that updates an instance.
    pub update: Option<Target>,
    /// A resource's lifecycle operation that deletes an instance.
    pub delete: Option<Target>,
    /// A resource's lifecycle operation that lists instances.
    pub list: Option<Target>,
    /// Operations of a resource that act on the collection rather than an instance.
    #[serde(default, rename = "collectionOperations")]
    pub collection_operations: Vec<Target>,
}

impl Shape {
    /// The operations bound directly to a service or resource: for a resource its lifecycle
    /// operations (create, put, read, update, delete, list), then its other instance and
    /// collection operations, in that order.
    pub fn bound_operations(&self) -> impl Iterator<Item = &Target> {
        [
            &self.create,
            &self.put,
            &self.read,
            &self.update,
            &self.delete,
            &self.list,
        ]
        .into_iter()
        .flatten()
        .chain(&self.operations)
        .chain(&self.collection_operations)
    }
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
