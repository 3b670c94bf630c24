//! Checks a model before anything is generated, so that lowering and emission never meet a
//! model they cannot handle: the service and its operations are complete, every target
//! resolves, every shape type and trait is supported, every pattern compiles
//! (this module); the protocol, authentication and endpoint rules ([`service`]); the HTTP
//! bindings, URI patterns, pagination and roles of the operations ([`operations`]); the
//! members and their values ([`members`]). All problems are collected, each naming its shape
//! and member.

mod members;
mod operations;
mod service;

use std::collections::{BTreeMap, BTreeSet};

pub use self::operations::HTTP_METHODS;
use crate::error::Diagnostic;
use crate::model::{Member, Model, Shape};
use crate::rules::RuleSet;
use crate::traits::Traits;

/// Shape types a generated client can represent.
const SUPPORTED_TYPES: &[&str] = &[
    "service",
    "operation",
    "structure",
    "list",
    "map",
    "enum",
    "string",
    "boolean",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "timestamp",
];

/// The simple shapes of the Smithy prelude, by shape id, with their type.
pub fn prelude_type(id: &str) -> Option<&'static str> {
    Some(match id.strip_prefix("smithy.api#")? {
        "String" => "string",
        "Boolean" | "PrimitiveBoolean" => "boolean",
        "Byte" | "PrimitiveByte" => "byte",
        "Short" | "PrimitiveShort" => "short",
        "Integer" | "PrimitiveInteger" => "integer",
        "Long" | "PrimitiveLong" => "long",
        "Float" | "PrimitiveFloat" => "float",
        "Double" | "PrimitiveDouble" => "double",
        "Timestamp" => "timestamp",
        "Unit" => "structure",
        "Blob" => "blob",
        "Document" => "document",
        "BigInteger" => "bigInteger",
        "BigDecimal" => "bigDecimal",
        _ => return None,
    })
}

/// The traits of a shape or member that has none.
static NO_TRAITS: std::sync::LazyLock<Traits> = std::sync::LazyLock::new(Traits::default);

/// A model that passed every check, with the traits of each reachable shape and member parsed.
#[derive(Debug)]
pub struct Checked<'m> {
    /// The model as written.
    pub model: &'m Model,
    /// Shape id of the service.
    pub service: String,
    /// Traits of every reachable shape defined in the model.
    pub shape_traits: BTreeMap<String, Traits>,
    /// Traits of every member of a reachable shape, by shape id, then member name.
    pub member_traits: BTreeMap<String, BTreeMap<String, Traits>>,
    /// The service's endpoint rule set, checked.
    pub rules: Option<RuleSet>,
}

impl Checked<'_> {
    /// The shape with this id; only called for ids the checker resolved.
    pub fn shape(&self, id: &str) -> Option<&Shape> {
        self.model.shapes.get(id)
    }

    /// The type of a shape id, whether defined in the model or in the prelude.
    pub fn type_of(&self, id: &str) -> Option<&str> {
        match self.model.shapes.get(id) {
            Some(shape) => Some(shape.kind.as_str()),
            None => prelude_type(id),
        }
    }

    /// Parsed traits of a shape (empty for prelude shapes).
    pub fn traits(&self, id: &str) -> &Traits {
        self.shape_traits.get(id).unwrap_or(&NO_TRAITS)
    }

    /// Parsed traits of a member.
    pub fn member(&self, id: &str, member: &str) -> &Traits {
        self.member_traits
            .get(id)
            .and_then(|members| members.get(member))
            .unwrap_or(&NO_TRAITS)
    }

    /// The service's operations, in model order.
    pub fn operations(&self) -> Vec<String> {
        self.shape(&self.service)
            .map(|s| s.operations.iter().map(|t| t.target.clone()).collect())
            .unwrap_or_default()
    }

    /// Whether a shape is an enum: an `enum` shape, or a string with the `smithy.api#enum`
    /// trait.
    pub fn is_enum(&self, id: &str) -> bool {
        match self.type_of(id) {
            Some("enum") => true,
            Some("string") => self
                .shape_traits
                .get(id)
                .is_some_and(|t| t.enum_definitions.is_some()),
            _ => false,
        }
    }

    /// Whether a shape is a string that is not an enum.
    pub fn is_plain_string(&self, id: &str) -> bool {
        self.type_of(id) == Some("string") && !self.is_enum(id)
    }

    /// Whether a shape is a scalar an HTTP header, label or query parameter can carry: a
    /// string, an enum, a boolean or an integer.
    pub fn is_scalar(&self, id: &str) -> bool {
        matches!(
            self.type_of(id),
            Some("string" | "enum" | "boolean" | "byte" | "short" | "integer" | "long")
        )
    }

    /// The wire values of an enum, in model order.
    pub fn enum_values(&self, id: &str) -> Vec<String> {
        if let Some(defs) = self
            .shape_traits
            .get(id)
            .and_then(|t| t.enum_definitions.as_ref())
        {
            return defs.iter().map(|d| d.value.clone()).collect();
        }
        let Some(shape) = self.shape(id) else {
            return Vec::new();
        };
        shape
            .members
            .keys()
            .map(|name| {
                self.member(id, name)
                    .enum_value
                    .as_ref()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| name.clone())
            })
            .collect()
    }
}

struct Walker<'m> {
    model: &'m Model,
    seen: BTreeSet<String>,
    shape_traits: BTreeMap<String, Traits>,
    member_traits: BTreeMap<String, BTreeMap<String, Traits>>,
    problems: Vec<Diagnostic>,
}

impl<'m> Walker<'m> {
    fn problem(&mut self, shape: &str, member: Option<&str>, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(shape, member, message));
    }

    /// Follows a reference from `from` (and its member, if any) to `target`.
    fn follow(&mut self, from: &str, member: Option<&str>, target: &str) {
        if self.model.shapes.contains_key(target) {
            self.visit(target);
            return;
        }
        match prelude_type(target) {
            Some(kind) if SUPPORTED_TYPES.contains(&kind) => {}
            Some(kind) => self.problem(
                from,
                member,
                format!(
                    "targets `{target}`, a {kind} shape, which this generator does not support"
                ),
            ),
            None => self.problem(from, member, format!("target `{target}` does not exist")),
        }
    }

    fn member(&mut self, id: &str, name: &str, member: &Member) {
        match Traits::parse(&member.traits) {
            Ok(traits) => {
                if let Some(pattern) = &traits.pattern {
                    self.check_pattern(id, Some(name), pattern);
                }
                self.member_traits
                    .entry(id.to_owned())
                    .or_default()
                    .insert(name.to_owned(), traits);
            }
            Err(problems) => {
                for problem in problems {
                    self.problem(id, Some(name), problem);
                }
            }
        }
        self.follow(id, Some(name), &member.target);
    }

    /// A pattern must be an ECMAScript regular expression that the runtime's engine compiles
    /// once translated.
    fn check_pattern(&mut self, id: &str, member: Option<&str>, pattern: &str) {
        let checked = crate::pattern::translate(pattern).and_then(|translated| {
            crate::pattern::compile(&translated).map_err(|e| {
                format!(
                    "its translation `{}` does not compile: {e}",
                    translated.regex
                )
            })
        });
        if let Err(reason) = checked {
            let reason = reason.replace('\n', " ");
            self.problem(
                id,
                member,
                format!("pattern `{pattern}` does not compile: {reason}"),
            );
        }
    }

    fn visit(&mut self, id: &str) {
        if !self.seen.insert(id.to_owned()) {
            return;
        }
        let model = self.model;
        let Some(shape) = model.shapes.get(id) else {
            return;
        };
        if !SUPPORTED_TYPES.contains(&shape.kind.as_str()) {
            self.problem(
                id,
                None,
                format!(
                    "shape type `{}` is not supported by this generator",
                    shape.kind
                ),
            );
            return;
        }
        if !shape.mixins.is_empty() {
            self.problem(
                id,
                None,
                "mixins are not supported; flatten the model first",
            );
        }
        match Traits::parse(&shape.traits) {
            Ok(traits) => {
                if let Some(pattern) = &traits.pattern {
                    self.check_pattern(id, None, pattern);
                }
                self.shape_traits.insert(id.to_owned(), traits);
            }
            Err(problems) => {
                for problem in problems {
                    self.problem(id, None, problem);
                }
            }
        }
        match shape.kind.as_str() {
            "service" => {
                if !shape.resources.is_empty() {
                    self.problem(id, None, "service resources are not supported");
                }
                if shape.operations.is_empty() {
                    self.problem(id, None, "the service has no operations");
                }
                for op in &shape.operations {
                    self.follow(id, None, &op.target);
                }
                for error in &shape.errors {
                    self.follow(id, None, &error.target);
                }
            }
            "operation" => {
                for (field, target) in [("input", &shape.input), ("output", &shape.output)] {
                    match target {
                        Some(t) => self.follow(id, None, &t.target),
                        None => self.problem(
                            id,
                            None,
                            format!(
                                "the operation has no `{field}`; use `smithy.api#Unit` for an \
                                 operation without one"
                            ),
                        ),
                    }
                }
                for error in &shape.errors {
                    self.follow(id, None, &error.target);
                }
            }
            "structure" | "enum" => {
                for (name, member) in &shape.members {
                    self.member(id, name, member);
                }
            }
            "list" => match &shape.member {
                Some(member) => self.member(id, "member", member),
                None => self.problem(id, None, "a list needs a `member`"),
            },
            "map" => {
                for (name, part) in [("key", &shape.key), ("value", &shape.value)] {
                    match part {
                        Some(member) => self.member(id, name, member),
                        None => self.problem(id, None, format!("a map needs a `{name}`")),
                    }
                }
                if let Some(key) = &shape.key {
                    let key_type = model
                        .shapes
                        .get(&key.target)
                        .map(|s| s.kind.as_str())
                        .or_else(|| prelude_type(&key.target));
                    if !matches!(key_type, Some("string" | "enum") | None) {
                        self.problem(id, Some("key"), "map keys must target a string shape");
                    }
                }
            }
            _ => {}
        }
    }
}

/// Checks everything the service of `model` reaches.
pub fn check(model: &Model) -> Result<Checked<'_>, Vec<Diagnostic>> {
    if model.smithy != "2.0" && model.smithy != "2" {
        return Err(vec![Diagnostic::model(format!(
            "unsupported Smithy IDL version `{}`; expected `2.0`",
            model.smithy
        ))]);
    }
    let services: Vec<&String> = model
        .shapes
        .iter()
        .filter(|(_, s)| s.kind == "service")
        .map(|(id, _)| id)
        .collect();
    let service = match services.as_slice() {
        [one] => (*one).clone(),
        [] => return Err(vec![Diagnostic::model("the model has no service shape")]),
        many => {
            let ids: Vec<&str> = many.iter().map(|s| s.as_str()).collect();
            return Err(vec![Diagnostic::model(format!(
                "the model has {} service shapes ({}); expected one",
                ids.len(),
                ids.join(", ")
            ))]);
        }
    };
    let mut walker = Walker {
        model,
        seen: BTreeSet::new(),
        shape_traits: BTreeMap::new(),
        member_traits: BTreeMap::new(),
        problems: Vec::new(),
    };
    walker.visit(&service);
    if !walker.problems.is_empty() {
        return Err(walker.problems);
    }
    let mut checked = Checked {
        model,
        service,
        shape_traits: walker.shape_traits,
        member_traits: walker.member_traits,
        rules: None,
    };
    // Every shape resolved and its traits parsed: now what they say.
    let mut problems = Vec::new();
    checked.rules = service::check(&checked, &mut problems);
    operations::check(&checked, &mut problems);
    members::check(&checked, &mut problems);
    if problems.is_empty() {
        Ok(checked)
    } else {
        Err(problems)
    }
}
