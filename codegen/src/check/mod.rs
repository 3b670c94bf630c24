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
pub(crate) use self::operations::members;
use crate::error::{Diagnostic, LeftOut};
use crate::model::{Member, Model, Shape};
use crate::rules::RuleSet;
use crate::traits::Traits;

/// Shape types a generated client can represent.
const SUPPORTED_TYPES: &[&str] = &[
    "service",
    "resource",
    "operation",
    "structure",
    "union",
    "list",
    "map",
    "enum",
    "string",
    "boolean",
    "byte",
    "short",
    "integer",
    "intEnum",
    "long",
    "float",
    "double",
    "timestamp",
    "blob",
    "document",
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
    /// The service's wire protocol (restJson1 when it declares none the generator supports,
    /// which is a problem reported on the service).
    pub protocol: crate::ir::Protocol,
    /// The operations of the crate: those of the service and of its resources (at any
    /// depth), in model order, without those left out.
    pub operations: Vec<String>,
    /// Operations left out, because a shape they reach needs a feature this generator does
    /// not implement yet.
    pub left_out: Vec<LeftOut>,
    /// Constraints of the model that the crate does not check, and why.
    pub unchecked: Vec<Diagnostic>,
}

impl Checked<'_> {
    /// The shape with this id; only called for ids the checker resolved.
    pub fn shape(&self, id: &str) -> Option<&Shape> {
        self.model.shapes.get(id)
    }

    /// The type of a shape id, whether defined in the model or in the prelude. An `intEnum`
    /// is an `integer`: its values travel as numbers, and a client must take values it does
    /// not know.
    pub fn type_of(&self, id: &str) -> Option<&str> {
        match self.model.shapes.get(id) {
            Some(shape) if shape.kind == "intEnum" => Some("integer"),
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

    /// The crate's operations, in model order.
    pub fn operations(&self) -> &[String] {
        &self.operations
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
    /// What is generated otherwise than the model says (a pattern left unchecked).
    warnings: Vec<Diagnostic>,
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
            Some(kind) => self.unsupported(
                from,
                member,
                format!("targets `{target}`, a {kind} shape, which is not supported yet"),
            ),
            None => self.problem(from, member, format!("target `{target}` does not exist")),
        }
    }

    fn unsupported(&mut self, shape: &str, member: Option<&str>, message: impl Into<String>) {
        self.problems
            .push(Diagnostic::unsupported(shape, member, message));
    }

    /// Parses traits of a shape or member, recording what cannot be read.
    fn traits(
        &mut self,
        id: &str,
        member: Option<&str>,
        traits: &BTreeMap<String, serde_json::Value>,
    ) -> Traits {
        let (traits, problems) = Traits::parse(traits);
        for problem in problems {
            self.problems.push(if problem.unsupported {
                Diagnostic::unsupported(id, member, problem.message)
            } else {
                Diagnostic::new(id, member, problem.message)
            });
        }
        let mut traits = traits;
        if let Some(pattern) = traits.pattern.take()
            && self.check_pattern(id, member, &pattern)
        {
            traits.pattern = Some(pattern);
        }
        traits
    }

    fn member(&mut self, id: &str, name: &str, member: &Member) {
        let traits = self.traits(id, Some(name), &member.traits);
        self.member_traits
            .entry(id.to_owned())
            .or_default()
            .insert(name.to_owned(), traits);
        self.follow(id, Some(name), &member.target);
    }

    /// Whether a pattern is an ECMAScript regular expression that the runtime's engine compiles
    /// once translated. One that is not cannot be checked: AWS models hold a few patterns
    /// that are not valid ECMAScript (`${2,64}`, `?+`), and the service, not the model, is the
    /// judge of values. It is left unchecked with a warning, rather than failing the service.
    fn check_pattern(&mut self, id: &str, member: Option<&str>, pattern: &str) -> bool {
        let reason = match crate::pattern::translate(pattern) {
            Err(reason) => format!("it is not a valid ECMAScript regular expression: {reason}"),
            Ok(translated) => match crate::pattern::compile(&translated) {
                Ok(()) => return true,
                Err(e) => format!(
                    "its translation `{}` does not compile: {e}",
                    translated.regex
                ),
            },
        };
        let reason = reason.replace('\n', " ");
        self.warnings.push(Diagnostic::unsupported(
            id,
            member,
            format!("pattern `{pattern}` is not checked: {reason}"),
        ));
        false
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
            self.unsupported(
                id,
                None,
                format!("shape type `{}` is not supported yet", shape.kind),
            );
            return;
        }
        if !shape.mixins.is_empty() {
            self.unsupported(
                id,
                None,
                "mixins are not supported; flatten the model first",
            );
        }
        let traits = self.traits(id, None, &shape.traits);
        self.shape_traits.insert(id.to_owned(), traits);
        match shape.kind.as_str() {
            "service" | "resource" => {
                for op in shape.bound_operations() {
                    self.follow(id, None, &op.target);
                }
                for resource in &shape.resources {
                    self.follow(id, None, &resource.target);
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
            "structure" | "union" | "enum" => {
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

/// The operations of a service: its own, then those of its resources and their resources, in
/// model order, each once. A target that is not an operation (or a resource, in `resources`)
/// is a problem.
fn all_operations(model: &Model, service: &str, problems: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut operations = Vec::new();
    let mut pending = vec![service.to_owned()];
    let mut seen = BTreeSet::new();
    while let Some(id) = pending.pop() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let Some(shape) = model.shapes.get(&id) else {
            continue;
        };
        for op in shape.bound_operations() {
            match model.shapes.get(&op.target).map(|s| s.kind.as_str()) {
                Some("operation") if operations.contains(&op.target) => {}
                Some("operation") => operations.push(op.target.clone()),
                Some(kind) => problems.push(Diagnostic::new(
                    &id,
                    None,
                    format!("binds `{}`, a {kind} shape, as an operation", op.target),
                )),
                None => {}
            }
        }
        // Nested resources after this one's operations, in model order.
        for resource in shape.resources.iter().rev() {
            match model.shapes.get(&resource.target).map(|s| s.kind.as_str()) {
                Some("resource") => pending.push(resource.target.clone()),
                Some(kind) => problems.push(Diagnostic::new(
                    &id,
                    None,
                    format!("binds `{}`, a {kind} shape, as a resource", resource.target),
                )),
                None => {}
            }
        }
    }
    operations
}

/// The shapes `roots` reach through members, operation inputs, outputs and errors.
fn reach(model: &Model, roots: impl IntoIterator<Item = String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut pending: Vec<String> = roots.into_iter().collect();
    while let Some(id) = pending.pop() {
        let Some(shape) = model.shapes.get(&id) else {
            continue;
        };
        if !seen.insert(id) {
            continue;
        }
        let members = shape
            .members
            .values()
            .chain(&shape.member)
            .chain(&shape.key)
            .chain(&shape.value)
            .map(|m| &m.target);
        let links = [&shape.input, &shape.output]
            .into_iter()
            .flatten()
            .chain(&shape.errors)
            .map(|t| &t.target);
        pending.extend(members.chain(links).filter(|t| !seen.contains(*t)).cloned());
    }
    seen
}

/// Leaves out the operations that reach a shape with an unsupported feature, and the shapes
/// only they reach. Unsupported features of the service itself, or of its errors, concern
/// every operation, and are errors, as is leaving out every operation.
fn leave_out(
    checked: &mut Checked<'_>,
    unsupported: Vec<Diagnostic>,
    strict: bool,
) -> Result<(), Vec<Diagnostic>> {
    if unsupported.is_empty() {
        return Ok(());
    }
    if strict {
        return Err(unsupported);
    }
    let model = checked.model;
    let service_errors: Vec<String> = model
        .shapes
        .get(&checked.service)
        .map(|s| s.errors.iter().map(|t| t.target.clone()).collect())
        .unwrap_or_default();
    let shared = reach(model, service_errors.iter().cloned());
    let fatal: Vec<Diagnostic> = unsupported
        .iter()
        .filter(|d| d.shape.is_empty() || d.shape == checked.service || shared.contains(&d.shape))
        .cloned()
        .collect();
    if !fatal.is_empty() {
        return Err(fatal);
    }
    let mut kept = Vec::new();
    for op in &checked.operations {
        let reached = reach(model, [op.clone()]);
        match unsupported.iter().find(|d| reached.contains(&d.shape)) {
            Some(because) => checked.left_out.push(LeftOut {
                operation: op.clone(),
                because: because.clone(),
            }),
            None => kept.push(op.clone()),
        }
    }
    // A service whose every operation is left out still gets its crate (its client, endpoint
    // rules and shared types), which lists them all with the reasons.
    // Only what the kept operations (and the service's errors) reach is generated.
    let reached = reach(model, kept.iter().cloned().chain(service_errors));
    let service = checked.service.clone();
    checked
        .shape_traits
        .retain(|id, _| reached.contains(id) || *id == service);
    checked.member_traits.retain(|id, _| reached.contains(id));
    checked.operations = kept;
    Ok(())
}

/// Checks everything the service of `model` reaches. Operations that need a feature this
/// generator does not implement yet are left out of the result (see [`Checked::left_out`]),
/// unless `strict`, which makes them errors.
pub fn check(model: &Model, strict: bool) -> Result<Checked<'_>, Vec<Diagnostic>> {
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
        warnings: Vec::new(),
    };
    walker.visit(&service);
    let mut problems = walker.problems;
    let unchecked = walker.warnings;
    let operations = all_operations(model, &service, &mut problems);
    if operations.is_empty() {
        problems.push(Diagnostic::new(
            &service,
            None,
            "the service has no operations",
        ));
    }
    let mut checked = Checked {
        model,
        service,
        shape_traits: walker.shape_traits,
        member_traits: walker.member_traits,
        rules: None,
        protocol: crate::ir::Protocol::default(),
        operations,
        left_out: Vec::new(),
        unchecked: Vec::new(),
    };
    // What the traits say, of every shape whose traits could be read.
    checked.protocol = service::protocol_of(checked.traits(&checked.service)).unwrap_or_default();
    checked.rules = service::check(&checked, &mut problems);
    // awsQuery has no form for unions and documents yet: the operations that use one are left out.
    if checked.protocol == crate::ir::Protocol::AwsQuery {
        for id in checked.shape_traits.keys() {
            if let Some(shape) = model.shapes.get(id)
                && matches!(shape.kind.as_str(), "union" | "document")
            {
                problems.push(Diagnostic::unsupported(
                    id,
                    None,
                    format!("a {} under awsQuery is not supported yet", shape.kind),
                ));
            }
        }
    }
    operations::check(&checked, &mut problems);
    members::check(&checked, &mut problems);
    let (unsupported, broken): (Vec<Diagnostic>, Vec<Diagnostic>) =
        problems.into_iter().partition(|d| d.unsupported);
    if !broken.is_empty() {
        return Err(broken);
    }
    if strict && !unchecked.is_empty() {
        return Err(unchecked.into_iter().chain(unsupported).collect());
    }
    leave_out(&mut checked, unsupported, strict)?;
    let reached: BTreeSet<&String> = checked.shape_traits.keys().collect();
    checked.unchecked = unchecked
        .into_iter()
        .filter(|d| reached.contains(&d.shape))
        .collect();
    Ok(checked)
}
