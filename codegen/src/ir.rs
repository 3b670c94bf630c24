//! The intermediate representation: every generated type with its Rust names, wire names, docs as
//! Markdown, constraints and defaults, resolved from a checked model. Emission reads only this.

use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::check::Checked;
use crate::docs::{LinkResolver, html_to_markdown};
use crate::error::Diagnostic;
use crate::model::Shape;
use crate::naming;
use crate::traits::{Http, Length, Range, Traits};

/// The methods the generated `Client` has besides one per operation (`emit/service.rs`).
const CLIENT_METHODS: [&str; 3] = ["new", "config", "runtime"];

/// HTTP methods an operation may use: those the `http` crate names with a constant.
const HTTP_METHODS: [&str; 9] = [
    "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE",
];

/// Everything the emitter needs to write one crate.
#[derive(Debug, Clone, PartialEq)]
pub struct Ir {
    /// The service.
    pub service: Service,
    /// Operations, in model order.
    pub operations: Vec<Operation>,
    /// Structures by shape id (synthesized ids for `smithy.api#Unit` inputs and outputs).
    pub structures: BTreeMap<String, Structure>,
    /// Enums by shape id.
    pub enums: BTreeMap<String, Enum>,
    /// Regular expressions by the name of the static that holds them.
    pub patterns: BTreeMap<String, String>,
}

/// The service shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// Shape id.
    pub shape_id: String,
    /// API version.
    pub version: String,
    /// Title, when the model gives one.
    pub title: Option<String>,
    /// Documentation as Markdown.
    pub docs: String,
    /// The AWS SDK id (`IVS RealTime`).
    pub sdk_id: String,
    /// SigV4 signing name.
    pub signing_name: Option<String>,
    /// Endpoint prefix.
    pub endpoint_prefix: Option<String>,
    /// Cargo package name of the generated crate (`ivs-realtime`).
    pub crate_name: String,
    /// The service's part of `AWS_ENDPOINT_URL_<SERVICE>` (`IVS_REALTIME`).
    pub env_id: String,
    /// The endpoint rule set with its test cases, when the model has one.
    pub endpoint_rules: Option<crate::rules::RuleSet>,
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Shape id.
    pub shape_id: String,
    /// Shape name (`CreateStage`).
    pub name: String,
    /// Module name (`create_stage`).
    pub module: String,
    /// Documentation as Markdown.
    pub docs: String,
    /// HTTP binding.
    pub http: Http,
    /// The request path, from the URI pattern.
    pub path: Vec<PathPart>,
    /// Query parameters written in the URI pattern itself.
    pub constant_query: Vec<(String, String)>,
    /// How results are paged, for paginated operations.
    pub pagination: Option<Pagination>,
    /// Key of the input structure in [`Ir::structures`].
    pub input: String,
    /// Key of the output structure in [`Ir::structures`].
    pub output: String,
    /// Shape ids of the errors it can return.
    pub errors: Vec<String>,
}

/// How a paginated operation pages: members are indexes of fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pagination {
    /// Input member taking the token.
    pub input_token: usize,
    /// Output member giving the next token.
    pub output_token: usize,
    /// Output member holding the items of a page, if the model names one.
    pub items: Option<usize>,
}

/// A piece of a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as is.
    Literal(String),
    /// The value of a label member, percent-encoded; a greedy label keeps its `/`.
    Label {
        /// Index of the member in the input structure.
        field: usize,
        /// `{name+}`.
        greedy: bool,
    },
}

/// What a structure is for, which decides where it is generated.
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    /// A shape in `types`.
    Shape,
    /// The input of an operation, in `operation::<module>`.
    Input {
        /// Operation module name.
        operation: String,
    },
    /// The output of an operation, in `operation::<module>`.
    Output {
        /// Operation module name.
        operation: String,
    },
    /// An error, in `types::error`.
    Error {
        /// `client` or `server`.
        fault: String,
        /// The HTTP status, when the model binds one.
        status: Option<u16>,
    },
}

/// A generated struct.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    /// Shape id as written in the model.
    pub shape_id: String,
    /// Rust type name.
    pub name: String,
    /// Module path from the crate root, e.g. `["types"]`.
    pub module: Vec<String>,
    /// File stem inside the module folder.
    pub file: String,
    /// Documentation as Markdown.
    pub docs: String,
    /// Members in model order.
    pub fields: Vec<Field>,
    /// Where the struct belongs.
    pub role: Role,
    /// The whole structure is sensitive.
    pub sensitive: bool,
    /// Some member, at any depth, has a constraint to check.
    pub has_constraints: bool,
    /// Index of the member holding the error message, for errors.
    pub message_field: Option<usize>,
}

/// A structure member.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Member name in the model.
    pub member_name: String,
    /// Name on the wire (JSON key or header name).
    pub wire_name: String,
    /// Rust identifier (possibly raw, `r#type`).
    pub name: String,
    /// Documentation as Markdown.
    pub docs: String,
    /// Type and constraints.
    pub value: Value,
    /// Must be set: enforced by the builder's type.
    pub required: bool,
    /// Documented default.
    pub default: Option<DefaultValue>,
    /// Where the member travels.
    pub location: Location,
    /// Held in a `Box`: the member leads back to its own structure without passing through a
    /// list or map, so the type would otherwise have infinite size.
    pub boxed: bool,
    /// Filled with a fresh UUID when the caller leaves it unset (`smithy.api#idempotencyToken`).
    pub idempotency_token: bool,
}

/// Where a member travels in an HTTP message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A key of the JSON body.
    Body,
    /// An HTTP header of this name.
    Header(String),
    /// A label of the request path (`{name}` in the URI pattern).
    Label,
    /// A query parameter of this name.
    Query(String),
}

/// A value type with the constraints on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// The type.
    pub kind: Kind,
    /// Constraints that apply to values of this type at this place.
    pub constraints: Constraints,
    /// Values must never be printed.
    pub sensitive: bool,
}

/// Integer widths.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntWidth {
    /// `i8`
    Byte,
    /// `i16`
    Short,
    /// `i32`
    Integer,
    /// `i64`
    Long,
}

/// Wire formats of timestamps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimestampFormat {
    /// RFC 3339 `date-time`.
    DateTime,
    /// Seconds since the Unix epoch, possibly fractional.
    EpochSeconds,
    /// RFC 7231 IMF-fixdate.
    HttpDate,
}

/// The kinds of values.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// `String`
    String,
    /// `bool`
    Boolean,
    /// A signed integer.
    Int(IntWidth),
    /// `f32`
    Float,
    /// `f64`
    Double,
    /// A timestamp.
    Timestamp(TimestampFormat),
    /// A generated enum, by shape id.
    Enum(String),
    /// A generated struct, by shape id.
    Structure(String),
    /// `Vec<item>`
    List(Box<Value>),
    /// `BTreeMap<key, value>`
    Map(Box<Value>, Box<Value>),
}

/// The checks `validate()` makes on a value.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// Length in code points (strings), items (lists) or entries (maps).
    pub length: Option<Length>,
    /// Numeric range.
    pub range: Option<Range>,
    /// Pattern: the name of its static and the expression.
    pub pattern: Option<(String, String)>,
    /// Items must be distinct.
    pub unique_items: bool,
    /// Most UTF-8 bytes a map's keys and values may total.
    pub utf8_size: Option<u64>,
}

impl Constraints {
    /// True if nothing is checked here.
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A documented default, typed.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    String(String),
    /// An enum variant: Rust variant name and wire value.
    Enum {
        /// Variant name.
        variant: String,
        /// Wire value.
        value: String,
    },
    /// A list of defaults.
    List(Vec<DefaultValue>),
    /// An empty map.
    EmptyMap,
}

/// A generated enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    /// Shape id.
    pub shape_id: String,
    /// Rust type name.
    pub name: String,
    /// File stem in `types`.
    pub file: String,
    /// Documentation as Markdown.
    pub docs: String,
    /// Known values in model order.
    pub variants: Vec<Variant>,
    /// Name of the variant that keeps values newer than the model.
    pub unknown_variant: String,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// Wire value.
    pub value: String,
    /// Documentation as Markdown.
    pub docs: String,
}

/// The part of a shape id after `#`.
pub fn shape_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, name)| name)
}

struct Links(BTreeMap<String, String>);

impl LinkResolver for Links {
    fn resolve(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

struct Lowering<'c, 'm> {
    checked: &'c Checked<'m>,
    links: Links,
    problems: Vec<Diagnostic>,
    roles: BTreeMap<String, Role>,
    patterns: BTreeMap<String, String>,
}

/// Lowers a checked model to the IR.
pub fn lower(checked: &Checked<'_>) -> Result<Ir, Vec<Diagnostic>> {
    let mut lowering = Lowering {
        checked,
        links: Links(BTreeMap::new()),
        problems: Vec::new(),
        roles: BTreeMap::new(),
        patterns: BTreeMap::new(),
    };
    let ir = lowering.run();
    if lowering.problems.is_empty() {
        Ok(ir)
    } else {
        Err(lowering.problems)
    }
}

impl Lowering<'_, '_> {
    fn problem(&mut self, shape: &str, member: Option<&str>, message: impl Into<String>) {
        self.problems.push(Diagnostic::new(shape, member, message));
    }

    fn shape(&self, id: &str) -> Option<&Shape> {
        self.checked.shape(id)
    }

    fn docs(&self, html: Option<&str>) -> String {
        html.map(|h| html_to_markdown(h, &self.links))
            .unwrap_or_default()
    }

    fn run(&mut self) -> Ir {
        let checked = self.checked;
        let service_id = checked.service.clone();
        let service_traits = checked.traits(&service_id);
        let service_shape = self.shape(&service_id).cloned();
        let operation_ids: Vec<String> = service_shape
            .iter()
            .flat_map(|s| s.operations.iter().map(|t| t.target.clone()))
            .collect();

        self.assign_roles(&operation_ids);
        self.build_links(&operation_ids);

        let service = self.service(&service_id, &service_traits, service_shape.as_ref());
        let mut structures = BTreeMap::new();
        let mut enums = BTreeMap::new();
        let mut operations = Vec::new();

        for op_id in &operation_ids {
            if let Some(op) = self.operation(op_id, &mut structures) {
                operations.push(op);
            }
        }
        let ids: Vec<String> = checked.shape_traits.keys().cloned().collect();
        for id in ids {
            let Some(shape) = self.shape(&id) else {
                continue;
            };
            match shape.kind.as_str() {
                "structure" if !structures.contains_key(&id) => {
                    let role = self.roles.get(&id).cloned().unwrap_or(Role::Shape);
                    let name = naming::pascal(shape_name(&id));
                    let s = self.structure(&id, name, role);
                    structures.insert(id, s);
                }
                "enum" => {
                    let e = self.enumeration(&id);
                    enums.insert(id, e);
                }
                "string" if checked.traits(&id).enum_definitions.is_some() => {
                    let e = self.enumeration(&id);
                    enums.insert(id, e);
                }
                _ => {}
            }
        }
        let mut ir = Ir {
            service,
            operations,
            structures,
            enums,
            patterns: std::mem::take(&mut self.patterns),
        };
        mark_recursion(&mut ir);
        self.mark_constraints(&mut ir);
        self.check_type_names(&ir);
        self.check_client_methods(&ir);
        ir
    }

    /// Decides which structures are operation inputs, outputs and errors.
    fn assign_roles(&mut self, operation_ids: &[String]) {
        for op_id in operation_ids {
            let Some(op) = self.shape(op_id).cloned() else {
                continue;
            };
            let module = naming::snake(shape_name(op_id));
            for (target, role) in [
                (
                    op.input.as_ref(),
                    Role::Input {
                        operation: module.clone(),
                    },
                ),
                (
                    op.output.as_ref(),
                    Role::Output {
                        operation: module.clone(),
                    },
                ),
            ] {
                let Some(target) = target.map(|t| t.target.clone()) else {
                    continue;
                };
                if target == "smithy.api#Unit" {
                    continue;
                }
                if let Some(previous) = self.roles.insert(target.clone(), role) {
                    self.problem(
                        &target,
                        None,
                        format!(
                            "used as the input or output of more than one operation \
                             ({previous:?} and `{op_id}`); each operation needs its own"
                        ),
                    );
                }
            }
        }
        for (id, traits) in &self.checked.shape_traits {
            if let Some(fault) = &traits.error {
                let role = Role::Error {
                    fault: fault.clone(),
                    status: traits.http_error,
                };
                if self.roles.insert(id.clone(), role).is_some() {
                    self.problems.push(Diagnostic::new(
                        id,
                        None,
                        "an error structure cannot also be an operation input or output",
                    ));
                }
            }
        }
        // Inputs, outputs and errors are generated once, in their own module: they cannot also be
        // the target of a member.
        for (id, shape) in &self.checked.model.shapes {
            if !self.checked.shape_traits.contains_key(id) {
                continue;
            }
            let members = shape
                .members
                .iter()
                .map(|(n, m)| (n.as_str(), m))
                .chain(shape.member.iter().map(|m| ("member", m)))
                .chain(shape.key.iter().map(|m| ("key", m)))
                .chain(shape.value.iter().map(|m| ("value", m)));
            for (name, member) in members {
                if matches!(
                    self.roles.get(&member.target),
                    Some(Role::Input { .. } | Role::Output { .. })
                ) {
                    self.problems.push(Diagnostic::new(
                        id,
                        Some(name),
                        format!(
                            "targets `{}`, which is an operation input or output",
                            member.target
                        ),
                    ));
                }
            }
        }
    }

    fn rust_path(&self, id: &str) -> Option<String> {
        let kind = self.checked.type_of(id)?;
        let name = naming::pascal(shape_name(id));
        let traits = self.checked.traits(id);
        let is_enum = kind == "enum" || (kind == "string" && traits.enum_definitions.is_some());
        if !(kind == "structure" || is_enum) {
            return None;
        }
        Some(match self.roles.get(id) {
            Some(Role::Input { operation }) => {
                format!("crate::operation::{operation}::{}Input", op_name(operation))
            }
            Some(Role::Output { operation }) => {
                format!(
                    "crate::operation::{operation}::{}Output",
                    op_name(operation)
                )
            }
            Some(Role::Error { .. }) => format!("crate::types::error::{name}"),
            _ => format!("crate::types::{name}"),
        })
    }

    fn build_links(&mut self, operation_ids: &[String]) {
        let mut links = BTreeMap::new();
        for id in self.checked.shape_traits.keys() {
            if let Some(path) = self.rust_path(id) {
                links.insert(shape_name(id).to_owned(), path);
            }
        }
        for op_id in operation_ids {
            let module = naming::snake(shape_name(op_id));
            links.insert(
                shape_name(op_id).to_owned(),
                format!("crate::operation::{module}"),
            );
        }
        self.links = Links(links);
    }

    fn service(&mut self, id: &str, traits: &Traits, shape: Option<&Shape>) -> Service {
        if !traits.rest_json1 {
            self.problem(
                id,
                None,
                "the service does not use `aws.protocols#restJson1`, the only protocol supported",
            );
        }
        let sdk_id = match &traits.aws_service {
            Some(s) => s.sdk_id.clone(),
            None => shape_name(id).to_owned(),
        };
        // The words of the SDK id: what the AWS SDKs build package names and the
        // `AWS_ENDPOINT_URL_<SERVICE>` variable from, and nothing that could not be in them.
        let mut words: Vec<&str> = sdk_id
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        if words.is_empty() {
            words.push("service");
        }
        let crate_name = words
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .collect::<Vec<_>>()
            .join("-");
        let env_id = words
            .iter()
            .map(|w| w.to_ascii_uppercase())
            .collect::<Vec<_>>()
            .join("_");
        if traits.sigv4.is_none() {
            self.problem(
                id,
                None,
                "the service has no `aws.auth#sigv4` trait; SigV4 is the only authentication supported",
            );
        }
        let endpoint_rules = match &traits.endpoint_rule_set {
            Some(rules) => {
                match crate::rules::RuleSet::parse(rules, traits.endpoint_tests.as_ref()) {
                    Ok(rules) => Some(rules),
                    Err(problem) => {
                        self.problem(id, None, problem);
                        None
                    }
                }
            }
            None => None,
        };
        Service {
            shape_id: id.to_owned(),
            version: shape.and_then(|s| s.version.clone()).unwrap_or_default(),
            title: self
                .checked
                .model
                .shapes
                .get(id)
                .and_then(|s| s.traits.get("smithy.api#title"))
                .and_then(Json::as_str)
                .map(str::to_owned),
            docs: self.docs(traits.documentation.as_deref()),
            sdk_id,
            signing_name: traits.sigv4.clone(),
            endpoint_prefix: traits
                .aws_service
                .as_ref()
                .and_then(|s| s.endpoint_prefix.clone()),
            crate_name,
            env_id,
            endpoint_rules,
        }
    }

    fn operation(
        &mut self,
        id: &str,
        structures: &mut BTreeMap<String, Structure>,
    ) -> Option<Operation> {
        let shape = self.shape(id)?.clone();
        let traits = self.checked.traits(id);
        let name = naming::pascal(shape_name(id));
        let module = naming::snake(shape_name(id));
        let Some(http) = traits.http.clone() else {
            self.problem(id, None, "the operation has no `smithy.api#http` trait");
            return None;
        };
        if !HTTP_METHODS.contains(&http.method.as_str()) {
            self.problem(
                id,
                None,
                format!(
                    "HTTP method `{}` is not supported; use one of {}",
                    http.method.escape_debug(),
                    HTTP_METHODS.join(", ")
                ),
            );
            return None;
        }
        let mut keys = Vec::new();
        for (target, suffix) in [(&shape.input, "Input"), (&shape.output, "Output")] {
            let target = target.as_ref()?.target.clone();
            let role = if suffix == "Input" {
                Role::Input {
                    operation: module.clone(),
                }
            } else {
                Role::Output {
                    operation: module.clone(),
                }
            };
            let key = if target == "smithy.api#Unit" {
                format!("{id}${suffix}")
            } else {
                target.clone()
            };
            let s = self.structure(&target, format!("{name}{suffix}"), role);
            structures.insert(key.clone(), s);
            keys.push(key);
        }
        let [input, output] = <[String; 2]>::try_from(keys).ok()?;
        let fields = structures
            .get(&input)
            .map(|s| s.fields.clone())
            .unwrap_or_default();
        let (path, constant_query) = self.uri(id, &http.uri, &fields);
        let output_fields = structures
            .get(&output)
            .map(|s| s.fields.clone())
            .unwrap_or_default();
        let pagination = self.pagination(id, traits.paginated.as_ref(), &fields, &output_fields);
        Some(Operation {
            shape_id: id.to_owned(),
            name,
            module,
            docs: self.docs(traits.documentation.as_deref()),
            http,
            path,
            constant_query,
            pagination,
            input,
            output,
            errors: shape.errors.iter().map(|t| t.target.clone()).collect(),
        })
    }

    /// The pagination of an operation: its own `paginated` trait over the service's defaults.
    fn pagination(
        &mut self,
        id: &str,
        own: Option<&crate::traits::Paginated>,
        input: &[Field],
        output: &[Field],
    ) -> Option<Pagination> {
        let own = own?;
        let defaults = self
            .checked
            .traits(&self.checked.service)
            .paginated
            .unwrap_or_default();
        let pick = |a: &Option<String>, b: &Option<String>| a.clone().or_else(|| b.clone());
        let input_token = pick(&own.input_token, &defaults.input_token);
        let output_token = pick(&own.output_token, &defaults.output_token);
        let items = pick(&own.items, &defaults.items);
        let find = |fields: &[Field], name: &str, kind: fn(&Kind) -> bool| {
            fields.iter().position(|f| {
                f.member_name == name && f.location == Location::Body && kind(&f.value.kind)
            })
        };
        let (Some(input_token), Some(output_token)) = (input_token, output_token) else {
            self.problem(
                id,
                None,
                "`paginated` needs an `inputToken` and an `outputToken`",
            );
            return None;
        };
        let is_string = |k: &Kind| *k == Kind::String;
        let Some(input_index) = find(input, &input_token, is_string) else {
            self.problem(
                id,
                None,
                format!("`paginated` input token `{input_token}` is no string member of the input"),
            );
            return None;
        };
        if input[input_index].required {
            // The paginator leaves it unset for the first page, as Smithy requires.
            self.problem(
                id,
                None,
                format!("`paginated` input token `{input_token}` must not be required"),
            );
            return None;
        }
        let Some(output_index) = find(output, &output_token, is_string) else {
            self.problem(
                id,
                None,
                format!("`paginated` output token `{output_token}` is no top-level string member of the output"),
            );
            return None;
        };
        let items = match items {
            Some(items) => {
                match find(output, &items, |k| matches!(k, Kind::List(_))) {
                    Some(index) => Some(index),
                    None => {
                        self.problem(id, None, format!("`paginated` items `{items}` is no top-level list member of the output"));
                        return None;
                    }
                }
            }
            None => None,
        };
        Some(Pagination {
            input_token: input_index,
            output_token: output_index,
            items,
        })
    }

    /// Parses a URI pattern (`/tags/{resourceArn}?x=y`) against the input's label members.
    fn uri(
        &mut self,
        id: &str,
        uri: &str,
        fields: &[Field],
    ) -> (Vec<PathPart>, Vec<(String, String)>) {
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let constant_query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (k.to_owned(), v.to_owned())
            })
            .collect();
        let mut parts = Vec::new();
        let mut used = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.problem(
                    id,
                    None,
                    format!("the URI pattern `{uri}` has an unclosed `{{`"),
                );
                return (parts, constant_query);
            };
            let label = &rest[open + 1..open + close];
            let (name, greedy) = match label.strip_suffix('+') {
                Some(name) => (name, true),
                None => (label, false),
            };
            match fields.iter().position(|f| f.member_name == name && f.location == Location::Label) {
                Some(field) => {
                    used.push(field);
                    parts.push(PathPart::Label { field, greedy });
                }
                None => self.problem(
                    id,
                    None,
                    format!("the URI pattern `{uri}` names `{name}`, which is no `httpLabel` member of the input"),
                ),
            }
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        for (index, f) in fields.iter().enumerate() {
            if f.location == Location::Label && !used.contains(&index) {
                self.problem(
                    id,
                    Some(&f.member_name),
                    format!("the `httpLabel` member is not in the URI pattern `{uri}`"),
                );
            }
        }
        (parts, constant_query)
    }

    fn structure(&mut self, id: &str, name: String, role: Role) -> Structure {
        let traits = self.checked.traits(id);
        let shape = self.shape(id).cloned();
        let (module, file) = match &role {
            Role::Shape => (vec!["types".to_owned()], naming::snake(shape_name(id))),
            Role::Error { .. } => (
                vec!["types".to_owned(), "error".to_owned()],
                naming::snake(shape_name(id)),
            ),
            Role::Input { operation } => (
                vec!["operation".to_owned(), operation.clone()],
                "input".to_owned(),
            ),
            Role::Output { operation } => (
                vec!["operation".to_owned(), operation.clone()],
                "output".to_owned(),
            ),
        };
        let mut fields = Vec::new();
        for (member_name, member) in shape.iter().flat_map(|s| s.members.iter()) {
            if let Some(field) = self.field(id, member_name, &member.target) {
                fields.push(field);
            }
        }
        self.check_member_names(id, &name, &role, &fields);
        let docs = match traits.documentation.as_deref() {
            Some(html) => self.docs(Some(html)),
            None => String::new(),
        };
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
            name,
            module,
            file,
            docs,
            fields,
            role,
            sensitive: traits.sensitive,
            has_constraints: false,
            message_field,
        }
    }

    fn field(&mut self, id: &str, member_name: &str, target: &str) -> Option<Field> {
        let traits = self.checked.member(id, member_name);
        let target_traits = self.checked.traits(target);
        let value = self.value(id, Some(member_name), target, &traits)?;
        let html = traits
            .documentation
            .as_deref()
            .or(target_traits.documentation.as_deref());
        let default = self.default(id, member_name, &traits, &target_traits, &value);
        let location = match (&traits.http_header, traits.http_label, &traits.http_query) {
            (Some(header), false, None) => Location::Header(header.clone()),
            (None, true, None) => Location::Label,
            (None, false, Some(name)) => Location::Query(name.clone()),
            (None, false, None) => Location::Body,
            _ => {
                self.problem(
                    id,
                    Some(member_name),
                    "a member can be bound to only one of a header, a label and a query parameter",
                );
                Location::Body
            }
        };
        let scalar = |kind: &Kind| {
            matches!(
                kind,
                Kind::String | Kind::Boolean | Kind::Int(_) | Kind::Enum(_)
            )
        };
        let bindable = match &location {
            Location::Body => true,
            Location::Header(_) | Location::Label => scalar(&value.kind),
            Location::Query(_) => match &value.kind {
                Kind::List(item) => scalar(&item.kind),
                kind => scalar(kind),
            },
        };
        if !bindable {
            self.problem(
                id,
                Some(member_name),
                "only strings, enums, booleans and integers (and, for query parameters, lists of \
                 them) can be bound to headers, labels and query parameters",
            );
        }
        if location == Location::Label && !traits.required {
            self.problem(
                id,
                Some(member_name),
                "a path label must be `smithy.api#required`",
            );
        }
        if traits.idempotency_token && (value.kind != Kind::String || traits.required) {
            self.problem(
                id,
                Some(member_name),
                "an idempotency token must be an optional string",
            );
        }
        Some(Field {
            member_name: member_name.to_owned(),
            wire_name: match (&location, &traits.json_name) {
                (Location::Header(name) | Location::Query(name), _) => name.clone(),
                (Location::Body, Some(json_name)) => json_name.clone(),
                (Location::Body | Location::Label, _) => member_name.to_owned(),
            },
            name: naming::snake(member_name),
            docs: self.docs(html),
            value,
            required: traits.required && !traits.client_optional,
            default,
            location,
            boxed: false,
            idempotency_token: traits.idempotency_token,
        })
    }

    /// The value type of a member (or list item, map key or value) targeting `target`.
    fn value(
        &mut self,
        owner: &str,
        member: Option<&str>,
        target: &str,
        member_traits: &Traits,
    ) -> Option<Value> {
        let kind_name = self.checked.type_of(target)?.to_owned();
        let traits = self.checked.traits(target);
        let kind = match kind_name.as_str() {
            "string" if traits.enum_definitions.is_some() => Kind::Enum(target.to_owned()),
            "string" => Kind::String,
            "enum" => Kind::Enum(target.to_owned()),
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
                    None | Some("epoch-seconds") => TimestampFormat::EpochSeconds,
                    Some("date-time") => TimestampFormat::DateTime,
                    Some("http-date") => TimestampFormat::HttpDate,
                    Some(other) => {
                        self.problem(owner, member, format!("unknown timestamp format `{other}`"));
                        return None;
                    }
                })
            }
            "structure" => Kind::Structure(target.to_owned()),
            "list" => {
                let item = self.shape(target)?.member.clone()?;
                let item_traits = self.checked.member(target, "member");
                let item = self.value(target, Some("member"), &item.target, &item_traits)?;
                if matches!(
                    item.kind,
                    Kind::Timestamp(_) | Kind::List(_) | Kind::Map(..)
                ) {
                    self.problem(
                        target,
                        Some("member"),
                        "lists of timestamps, lists or maps are not supported",
                    );
                }
                Kind::List(Box::new(item))
            }
            "map" => {
                let shape = self.shape(target)?.clone();
                let (key, value) = (shape.key?, shape.value?);
                let key_traits = self.checked.member(target, "key");
                let value_traits = self.checked.member(target, "value");
                let key = self.value(target, Some("key"), &key.target, &key_traits)?;
                let value = self.value(target, Some("value"), &value.target, &value_traits)?;
                if matches!(
                    value.kind,
                    Kind::Timestamp(_) | Kind::List(_) | Kind::Map(..)
                ) {
                    self.problem(
                        target,
                        Some("value"),
                        "maps of timestamps, lists or maps are not supported",
                    );
                }
                Kind::Map(Box::new(key), Box::new(value))
            }
            other => {
                self.problem(owner, member, format!("unsupported target type `{other}`"));
                return None;
            }
        };
        let pattern = match (&member_traits.pattern, &traits.pattern) {
            (Some(p), _) => Some((
                format!(
                    "{}_{}",
                    naming::shouty(shape_name(owner)),
                    naming::shouty(member.unwrap_or_default())
                ),
                p.clone(),
            )),
            (None, Some(p)) => Some((naming::shouty(shape_name(target)), p.clone())),
            (None, None) => None,
        };
        if let Some((name, regex)) = &pattern {
            self.patterns.insert(name.clone(), regex.clone());
        }
        let constraints = Constraints {
            length: member_traits.length.or(traits.length),
            range: member_traits.range.or(traits.range),
            pattern,
            unique_items: member_traits.unique_items || traits.unique_items,
            utf8_size: member_traits.utf8_size.or(traits.utf8_size),
        };
        self.check_constraint_kinds(owner, member, &kind, &constraints);
        Some(Value {
            kind,
            constraints,
            sensitive: member_traits.sensitive || traits.sensitive,
        })
    }

    fn check_constraint_kinds(
        &mut self,
        owner: &str,
        member: Option<&str>,
        kind: &Kind,
        c: &Constraints,
    ) {
        let is_number = matches!(kind, Kind::Int(_) | Kind::Float | Kind::Double);
        let has_length = matches!(kind, Kind::String | Kind::List(_) | Kind::Map(..));
        let checks = [
            (
                c.length.is_some() && !has_length,
                "`length` applies only to strings, lists and maps",
            ),
            (
                c.range.is_some() && !is_number,
                "`range` applies only to numbers",
            ),
            (
                c.pattern.is_some() && *kind != Kind::String,
                "`pattern` applies only to strings",
            ),
            (
                c.unique_items && !matches!(kind, Kind::List(_)),
                "`uniqueItems` applies only to lists",
            ),
            (
                c.utf8_size.is_some() && !matches!(kind, Kind::Map(..)),
                "`utf8Size` applies only to maps",
            ),
        ];
        for (bad, message) in checks {
            if bad {
                self.problem(owner, member, message);
            }
        }
    }

    fn default(
        &mut self,
        id: &str,
        member: &str,
        traits: &Traits,
        target_traits: &Traits,
        value: &Value,
    ) -> Option<DefaultValue> {
        let json = match (&traits.default, &traits.service_default) {
            (Some(_), Some(_)) => {
                self.problem(
                    id,
                    Some(member),
                    "has both `smithy.api#default` and `rustgen.traits#serviceDefault`; keep one",
                );
                return None;
            }
            (Some(Json::Null), None) => return None,
            (Some(d), None) | (None, Some(d)) => d.clone(),
            (None, None) => match &target_traits.default {
                Some(Json::Null) | None => return None,
                Some(d) => d.clone(),
            },
        };
        match self.typed_default(&json, value) {
            Ok(d) => Some(d),
            Err(why) => {
                self.problem(id, Some(member), format!("default `{json}` {why}"));
                None
            }
        }
    }

    fn typed_default(&self, json: &Json, value: &Value) -> Result<DefaultValue, String> {
        let d = match (&value.kind, json) {
            (Kind::Boolean, Json::Bool(b)) => DefaultValue::Bool(*b),
            (Kind::Int(width), Json::Number(n)) => {
                let i = n.as_i64().ok_or("is not a whole number")?;
                let (min, max) = match width {
                    IntWidth::Byte => (i8::MIN.into(), i8::MAX.into()),
                    IntWidth::Short => (i16::MIN.into(), i16::MAX.into()),
                    IntWidth::Integer => (i32::MIN.into(), i32::MAX.into()),
                    IntWidth::Long => (i64::MIN, i64::MAX),
                };
                if i < min || i > max {
                    return Err("does not fit the member's integer type".into());
                }
                if let Some(range) = value.constraints.range
                    && (range.min.is_some_and(|m| i < m) || range.max.is_some_and(|m| i > m))
                {
                    return Err("is outside the member's range".into());
                }
                DefaultValue::Int(i)
            }
            (Kind::Float | Kind::Double, Json::Number(n)) => {
                DefaultValue::Float(n.as_f64().ok_or("is not a number")?)
            }
            (Kind::String, Json::String(s)) => {
                if let Some(length) = value.constraints.length {
                    let n = s.chars().count() as u64;
                    if length.min.is_some_and(|m| n < m) || length.max.is_some_and(|m| n > m) {
                        return Err("is outside the member's length".into());
                    }
                }
                DefaultValue::String(s.clone())
            }
            (Kind::Enum(enum_id), Json::String(s)) => {
                let variant = self
                    .enum_values(enum_id)
                    .into_iter()
                    .find(|(_, v)| v == s)
                    .ok_or("is not one of the enum's values")?;
                DefaultValue::Enum {
                    variant: variant.0,
                    value: s.clone(),
                }
            }
            (Kind::List(item), Json::Array(items)) => DefaultValue::List(
                items
                    .iter()
                    .map(|i| self.typed_default(i, item))
                    .collect::<Result<_, _>>()?,
            ),
            (Kind::Map(..), Json::Object(o)) if o.is_empty() => DefaultValue::EmptyMap,
            _ => return Err("does not match the member's type".into()),
        };
        Ok(d)
    }

    /// (Rust variant name, wire value) of every known value of an enum.
    fn enum_values(&self, id: &str) -> Vec<(String, String)> {
        let traits = self.checked.traits(id);
        if let Some(defs) = traits.enum_definitions {
            return defs
                .into_iter()
                .map(|d| {
                    (
                        naming::pascal(d.name.as_deref().unwrap_or(&d.value)),
                        d.value,
                    )
                })
                .collect();
        }
        let Some(shape) = self.shape(id) else {
            return Vec::new();
        };
        shape
            .members
            .keys()
            .map(|name| {
                let value = self
                    .checked
                    .member(id, name)
                    .enum_value
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| name.clone());
                (naming::pascal(name), value)
            })
            .collect()
    }

    fn enumeration(&mut self, id: &str) -> Enum {
        let traits = self.checked.traits(id);
        let docs_by_value: BTreeMap<String, Option<String>> = match &traits.enum_definitions {
            Some(defs) => defs
                .iter()
                .map(|d| (d.value.clone(), d.documentation.clone()))
                .collect(),
            None => self
                .shape(id)
                .map(|s| {
                    s.members
                        .keys()
                        .map(|name| {
                            let t = self.checked.member(id, name);
                            let value = t
                                .enum_value
                                .as_ref()
                                .and_then(Json::as_str)
                                .map_or_else(|| name.clone(), str::to_owned);
                            (value, t.documentation)
                        })
                        .collect()
                })
                .unwrap_or_default(),
        };
        if let Some(shape) = self.shape(id).cloned() {
            for name in shape.members.keys() {
                let t = self.checked.member(id, name);
                if t.enum_value.as_ref().is_some_and(|v| !v.is_string()) {
                    self.problem(id, Some(name), "`enumValue` must be a string");
                }
            }
        }
        let variants: Vec<Variant> = self
            .enum_values(id)
            .into_iter()
            .map(|(name, value)| {
                let html = docs_by_value.get(&value).cloned().flatten();
                Variant {
                    docs: self.docs(html.as_deref()),
                    name,
                    value,
                }
            })
            .collect();
        if let Err(c) = naming::check_collisions(
            self.enum_values(id)
                .iter()
                .zip(&variants)
                .map(|((_, value), v)| (value.as_str(), v.name.as_str()))
                .collect::<Vec<_>>(),
        ) {
            self.problem(
                id,
                None,
                format!(
                    "enum values {} all become the variant `{}`",
                    quoted(&c.model_names),
                    c.rust_name
                ),
            );
        }
        let taken: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        let unknown_variant = naming::first_free(&["Unknown", "UnknownValue"], &taken);
        Enum {
            shape_id: id.to_owned(),
            name: naming::pascal(shape_name(id)),
            file: naming::snake(shape_name(id)),
            docs: self.docs(traits.documentation.as_deref()),
            variants,
            unknown_variant,
        }
    }

    /// Member names must stay distinct after conversion, and must not clash with the methods
    /// generated beside them.
    fn check_member_names(&mut self, id: &str, type_name: &str, role: &Role, fields: &[Field]) {
        let mut methods: Vec<(String, String)> = vec![
            ("(the builder constructor)".into(), "builder".into()),
            ("(the validator)".into(), "validate".into()),
        ];
        match role {
            Role::Output { .. } | Role::Error { .. } => {
                methods.push(("(the answer reader)".into(), "from_http".into()));
            }
            Role::Input { .. } => {
                methods.push((
                    "(the idempotency-token filler)".into(),
                    "with_idempotency_tokens".into(),
                ));
                methods.push((
                    "(the paginator's token setter)".into(),
                    "set_pagination_token".into(),
                ));
            }
            Role::Shape => {}
        }
        let mut setters: Vec<(String, String)> = Vec::new();
        for f in fields {
            let plain = naming::unraw(&f.name).to_owned();
            methods.push((f.member_name.clone(), f.name.clone()));
            setters.push((f.member_name.clone(), f.name.clone()));
            setters.push((f.member_name.clone(), format!("set_{plain}")));
            if f.default.is_some() {
                methods.push((f.member_name.clone(), format!("{plain}_or_default")));
            }
        }
        let named = |extra: &[(&str, &str)]| {
            let mut names = setters.clone();
            names.extend(
                extra
                    .iter()
                    .map(|(m, r)| ((*m).to_owned(), (*r).to_owned())),
            );
            names
        };
        let mut scopes = vec![
            (type_name.to_owned(), methods),
            (
                format!("{type_name}Builder"),
                named(&[("(the build method)", "build")]),
            ),
        ];
        if matches!(role, Role::Input { .. }) {
            scopes.push((
                format!(
                    "{}FluentBuilder",
                    type_name.strip_suffix("Input").unwrap_or(type_name)
                ),
                named(&[
                    ("(the send method)", "send"),
                    ("(the signed-request method)", "signed_request"),
                    ("(the paginator)", "into_paginator"),
                ]),
            ));
        }
        for (scope, names) in scopes {
            let pairs: Vec<(&str, &str)> = names
                .iter()
                .map(|(m, r)| (m.as_str(), r.as_str()))
                .collect();
            if let Err(c) = naming::check_collisions(pairs) {
                self.problem(
                    id,
                    c.model_names
                        .iter()
                        .find(|m| !m.starts_with('('))
                        .map(String::as_str),
                    format!(
                        "{} would all generate the method `{}` on `{scope}`",
                        quoted(&c.model_names),
                        c.rust_name
                    ),
                );
                // The builder would repeat the same clash; one message says it.
                break;
            }
        }
    }

    /// Each operation adds a method to `Client`, named as its module; they must not clash with
    /// each other or with the other methods of `Client`.
    fn check_client_methods(&mut self, ir: &Ir) {
        let mut names: Vec<(String, String)> = CLIENT_METHODS
            .iter()
            .map(|m| ("(the client itself)".to_owned(), (*m).to_owned()))
            .collect();
        for op in &ir.operations {
            names.push((op.shape_id.clone(), op.module.clone()));
        }
        let pairs: Vec<(&str, &str)> = names
            .iter()
            .map(|(m, r)| (m.as_str(), r.as_str()))
            .collect();
        if let Err(c) = naming::check_collisions(pairs) {
            let shape = c
                .model_names
                .iter()
                .find(|m| !m.starts_with('('))
                .cloned()
                .unwrap_or_default();
            self.problem(
                &shape,
                None,
                format!(
                    "{} would all generate the method `{}` on `Client`",
                    quoted(&c.model_names),
                    c.rust_name
                ),
            );
        }
    }

    /// Type names must be distinct within each module they are generated into.
    fn check_type_names(&mut self, ir: &Ir) {
        let mut scopes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for s in ir.structures.values() {
            let scope = s.module.join("::");
            let entry = scopes.entry(scope).or_default();
            entry.push((s.shape_id.clone(), s.name.clone()));
            entry.push((s.shape_id.clone(), format!("{}Builder", s.name)));
            for f in s.fields.iter().filter(|f| f.required) {
                let marker = format!("Missing{}", naming::pascal(&f.member_name));
                scopes
                    .entry("types::builders".into())
                    .or_default()
                    .push((f.member_name.clone(), marker));
            }
        }
        for e in ir.enums.values() {
            scopes
                .entry("types".into())
                .or_default()
                .push((e.shape_id.clone(), e.name.clone()));
        }
        for (scope, mut names) in scopes {
            names.sort();
            names.dedup();
            let pairs: Vec<(&str, &str)> = names
                .iter()
                .map(|(m, r)| (m.as_str(), r.as_str()))
                .collect();
            if let Err(c) = naming::check_collisions(pairs) {
                let shape = c.model_names.first().cloned().unwrap_or_default();
                self.problem(
                    &shape,
                    None,
                    format!(
                        "{} would all generate the type `{}` in `{scope}`",
                        quoted(&c.model_names),
                        c.rust_name
                    ),
                );
            }
        }
    }

    /// Marks the structures that have something to validate at any depth.
    fn mark_constraints(&self, ir: &mut Ir) {
        fn value_has(v: &Value, ir: &Ir, seen: &mut Vec<String>) -> bool {
            !v.constraints.is_empty()
                || match &v.kind {
                    Kind::Structure(id) => struct_has(id, ir, seen),
                    Kind::List(item) => value_has(item, ir, seen),
                    Kind::Map(k, v) => value_has(k, ir, seen) || value_has(v, ir, seen),
                    _ => false,
                }
        }
        fn struct_has(id: &str, ir: &Ir, seen: &mut Vec<String>) -> bool {
            if seen.iter().any(|s| s == id) {
                return false;
            }
            seen.push(id.to_owned());
            ir.structures
                .get(id)
                .is_some_and(|s| s.fields.iter().any(|f| value_has(&f.value, ir, seen)))
        }
        let flags: Vec<(String, bool)> = ir
            .structures
            .iter()
            .map(|(key, s)| {
                (
                    key.clone(),
                    s.fields
                        .iter()
                        .any(|f| value_has(&f.value, ir, &mut Vec::new())),
                )
            })
            .collect();
        for (key, flag) in flags {
            if let Some(s) = ir.structures.get_mut(&key) {
                s.has_constraints = flag;
            }
        }
    }
}

/// Boxes every structure member through which a structure contains itself directly.
fn mark_recursion(ir: &mut Ir) {
    fn reaches(ir: &Ir, from: &str, goal: &str, seen: &mut Vec<String>) -> bool {
        if from == goal {
            return true;
        }
        if seen.iter().any(|s| s == from) {
            return false;
        }
        seen.push(from.to_owned());
        ir.structures.get(from).is_some_and(|s| {
            s.fields.iter().any(|f| match &f.value.kind {
                Kind::Structure(next) => reaches(ir, next, goal, seen),
                _ => false,
            })
        })
    }
    let mut boxed = Vec::new();
    for (key, s) in &ir.structures {
        for (index, f) in s.fields.iter().enumerate() {
            if let Kind::Structure(target) = &f.value.kind
                && reaches(ir, target, key, &mut Vec::new())
            {
                boxed.push((key.clone(), index));
            }
        }
    }
    for (key, index) in boxed {
        if let Some(field) = ir
            .structures
            .get_mut(&key)
            .and_then(|s| s.fields.get_mut(index))
        {
            field.boxed = true;
        }
    }
}

/// `CreateStage` from `create_stage`.
fn op_name(module: &str) -> String {
    naming::pascal(module)
}

fn quoted(names: &[String]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    quoted.join(", ")
}
