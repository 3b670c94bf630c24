//! The intermediate representation: every generated item with its Rust names, wire names, docs
//! as Markdown, constraints and defaults, resolved from a checked model by [`crate::lower`].
//! Emission reads only this. Every Rust name the emitter writes is a field here, decided once
//! (in `lower::names`, which also checks that no two clash).

use std::collections::BTreeMap;

use crate::rules::RuleSet;

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
    /// The model's patterns by the name of the static that holds them.
    pub patterns: BTreeMap<String, PatternStatic>,
    /// Operations of the model left out of the crate, and why.
    pub left_out: Vec<LeftOut>,
    /// Constraints of the model that the crate does not check, and why.
    pub unchecked: Vec<String>,
    /// Waiters of the model left out of the crate, and why.
    pub waiters_left_out: Vec<LeftOutWaiter>,
}

/// A waiter of the model that is not in the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOutWaiter {
    /// The operation's name in the model.
    pub operation: String,
    /// The waiter's name in the model.
    pub waiter: String,
    /// Why: what in its acceptors cannot be compiled.
    pub reason: String,
}

/// An operation of the model that is not in the crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    /// The operation's name in the model.
    pub operation: String,
    /// Why: the unsupported feature, and where it is.
    pub reason: String,
}

/// A pattern as the generated crate holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternStatic {
    /// The expression as the model writes it (ECMAScript), for messages.
    pub source: String,
    /// The expression in the runtime engine's syntax, with ECMAScript's meaning.
    pub engine: String,
    /// Whether it needs the engine with look-around (`fancy-regex`).
    pub lookaround: bool,
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
    pub signing_name: String,
    /// Cargo package name of the generated crate (`ivs-realtime`).
    pub crate_name: String,
    /// Rust name of the generated library (`ivs_realtime`).
    pub lib_name: String,
    /// The service's part of `AWS_ENDPOINT_URL_<SERVICE>` (`IVS_REALTIME`).
    pub env_id: String,
    /// The endpoint rule set with its test cases, when the model has one.
    pub endpoint_rules: Option<RuleSet>,
    /// The wire protocol.
    pub protocol: Protocol,
    /// Whether errors carry their awsQuery codes (`aws.protocols#awsQueryCompatible`).
    pub query_compatible: bool,
    /// The rule-set parameters the configuration sets (`smithy.rules#clientContextParams`),
    /// by name, with their documentation.
    pub client_params: BTreeMap<String, String>,
}

/// The wire protocol of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protocol {
    /// `aws.protocols#restJson1`: HTTP bindings, JSON bodies.
    #[default]
    RestJson1,
    /// `aws.protocols#awsJson1_0`: `POST /`, the operation in `X-Amz-Target`, JSON bodies.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`: as 1.0, with its own media type.
    AwsJson1_1,
    /// `aws.protocols#awsQuery`: `POST /` with a form-encoded body naming the operation, XML
    /// answers.
    AwsQuery,
}

impl Protocol {
    /// Whether it is awsJson, whose members are all in the body under their member names.
    pub fn is_aws_json(self) -> bool {
        matches!(self, Self::AwsJson1_0 | Self::AwsJson1_1)
    }

    /// Whether members are bound to HTTP headers, the path and the query (restJson1); the
    /// other protocols put every member in the body.
    pub fn has_http_bindings(self) -> bool {
        self == Self::RestJson1
    }

    /// The media type of request bodies.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::RestJson1 => "application/json",
            Self::AwsJson1_0 => "application/x-amz-json-1.0",
            Self::AwsJson1_1 => "application/x-amz-json-1.1",
            Self::AwsQuery => "application/x-www-form-urlencoded; charset=utf-8",
        }
    }

    /// The variant of the runtime's `service::Protocol`.
    pub fn runtime_variant(self) -> &'static str {
        match self {
            Self::RestJson1 => "RestJson1",
            Self::AwsJson1_0 => "AwsJson1_0",
            Self::AwsJson1_1 => "AwsJson1_1",
            Self::AwsQuery => "AwsQuery",
        }
    }
}

/// One operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Shape id.
    pub shape_id: String,
    /// Name of the operation's type (`CreateStage`).
    pub name: String,
    /// Module name (`create_stage`, possibly raw: `r#do`), also the name of its `Client`
    /// method.
    pub module: String,
    /// The module's file stem (`do` for `r#do`).
    pub file: String,
    /// Name of its error enum (`CreateStageError`).
    pub error: String,
    /// Name of its fluent builder (`CreateStageFluentBuilder`).
    pub fluent: String,
    /// Name of its paginator, for paginated operations (`ListStagesPaginator`).
    pub paginator: Option<String>,
    /// Name of the error enum's variant for errors the model does not describe.
    pub unhandled: String,
    /// Documentation as Markdown.
    pub docs: String,
    /// HTTP binding.
    pub http: Http,
    /// The request path, from the URI pattern.
    pub path: Vec<PathPart>,
    /// Query parameters written in the URI pattern itself; a key written without `=`
    /// (`?delete`) has no value.
    pub constant_query: Vec<(String, Option<String>)>,
    /// Headers with fixed values that every request sends (see
    /// `lower::customizations`), in order; none that an input member binds.
    pub constant_headers: Vec<(String, String)>,
    /// The text put before the endpoint's host (`smithy.api#endpoint`): literal text, and
    /// labels naming the input's `hostLabel` members (never greedy).
    pub host_prefix: Vec<PathPart>,
    /// How results are paged, for paginated operations.
    pub pagination: Option<Pagination>,
    /// Key of the input structure in [`Ir::structures`].
    pub input: String,
    /// Key of the output structure in [`Ir::structures`].
    pub output: String,
    /// The errors it can return, in model order.
    pub errors: Vec<ErrorCase>,
    /// Safe to send again after the service may have carried it out: `@idempotent`,
    /// `@readonly`, or an input with an idempotency token.
    pub idempotent: bool,
    /// How requests are authenticated.
    pub auth: Auth,
    /// Signed without hashing the body (`aws.auth#unsignedPayload`): the request carries
    /// `X-Amz-Content-SHA256: UNSIGNED-PAYLOAD`, which is signed in the body's place.
    pub unsigned_payload: bool,
    /// Error codes the model marks `@retryable`, in model order.
    pub retryable_errors: Vec<String>,
    /// Endpoint rule-set parameters the operation sets (`smithy.rules#contextParam` on input
    /// members, `smithy.rules#staticContextParams`), in rule-set order: when there are any,
    /// the endpoint is resolved for each call.
    pub endpoint_params: Vec<EndpointParam>,
    /// Its waiters (`smithy.waiters#waitable`), in name order.
    pub waiters: Vec<Waiter>,
}

/// A waiter: the operation called until an acceptor matches success or failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// Its name in the model (`FunctionActive`).
    pub name: String,
    /// The fluent builder's method that waits (`wait_until_function_active`).
    pub method: String,
    /// The private function that matches an answer with the acceptors
    /// (`function_active_state`).
    pub classify: String,
    /// Documentation as Markdown.
    pub docs: String,
    /// Marked deprecated in the model.
    pub deprecated: bool,
    /// Shortest delay between calls, in seconds.
    pub min_delay: u64,
    /// Longest delay between calls, in seconds.
    pub max_delay: u64,
    /// The acceptors, in model order: the first that matches an answer decides.
    pub acceptors: Vec<Acceptor>,
}

/// One acceptor of a waiter.
#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    /// The state an answer it matches leads to.
    pub state: WaiterState,
    /// What it matches.
    pub matcher: Matcher,
}

/// The states of a waiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaiterState {
    /// Done: the state waited for.
    Success,
    /// Done: the state waited for cannot be reached.
    Failure,
    /// Call again.
    Retry,
}

/// What an acceptor matches.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// A query over the output of a success.
    Output(QueryMatch),
    /// A query over `{input, output}` of a success.
    InputOutput(QueryMatch),
    /// Any success (`true`) or any error (`false`).
    Success(bool),
    /// An error with this code.
    ErrorType(String),
}

/// A query compared with an expected value.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryMatch {
    /// The compiled query.
    pub query: Query,
    /// The comparison.
    pub comparator: Comparator,
    /// The expected value as the model writes it.
    pub expected: String,
}

/// How a query's result is compared with the expected value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// A string equal to the expected one.
    StringEquals,
    /// A boolean equal to the expected one.
    BooleanEquals,
    /// A non-empty list of strings, all equal to the expected one.
    AllStringEquals,
    /// A list of strings of which one equals the expected one.
    AnyStringEquals,
}

/// A JMESPath expression of a waiter, compiled against the shapes it reads: every node with
/// its type.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The node.
    pub expr: QueryExpr,
    /// What it evaluates to.
    pub ty: QueryType,
}

/// The types of query values.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryType {
    /// A string or an enum's value.
    Str,
    /// A boolean.
    Bool,
    /// A number (every width, as `f64`).
    Num,
    /// A structure or union, by key in [`Ir::structures`].
    Structure(String),
    /// A list.
    List(Box<QueryType>),
    /// A map, of which queries only read the size.
    Map,
    /// A timestamp, blob or document, of which queries only read presence.
    Other,
    /// Always null.
    Null,
    /// A truth value of `&&` or `||` over values that are not all booleans: good for
    /// filters and other truth tests, not for comparisons.
    Truth,
    /// The `{input, output}` root of an `inputOutput` matcher.
    InputOutput,
}

/// The nodes of a compiled query.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryExpr {
    /// The operation's input.
    Input,
    /// The operation's output.
    Output,
    /// `{input, output}`, for an `inputOutput` matcher.
    InputOutput,
    /// The element a projection is at (`@`).
    Current,
    /// A member of a structure or union: the structure's key and the member's index.
    Field {
        /// The structure or union read.
        of: Box<Query>,
        /// Its key in [`Ir::structures`].
        structure: String,
        /// The member's index.
        field: usize,
    },
    /// `list[]`: a list with the items of its list items spliced in.
    Flatten(Box<Query>),
    /// A projection: `each` evaluated at every item of `list` (that passes `filter`), nulls
    /// dropped.
    Project {
        /// The list projected.
        list: Box<Query>,
        /// `[? … ]`: the truth test an item must pass.
        filter: Option<Box<Query>>,
        /// Evaluated at each item (`@`).
        each: Box<Query>,
    },
    /// `list[n]`, from the end when negative.
    Index(Box<Query>, i64),
    /// `keys(x)` of a map member (a `Field`), as strings.
    Keys(Box<Query>),
    /// `length(x)` of a string (characters), list or map.
    Length(Box<Query>),
    /// `contains(subject, search)` of a list or string.
    Contains(Box<Query>, Box<Query>),
    /// A comparison.
    Compare(CompareOp, Box<Query>, Box<Query>),
    /// `a && b`.
    And(Box<Query>, Box<Query>),
    /// `a || b`.
    Or(Box<Query>, Box<Query>),
    /// `!a`.
    Not(Box<Query>),
    /// A string literal.
    Str(String),
    /// A number literal.
    Num(f64),
    /// A boolean literal.
    Bool(bool),
    /// `null`.
    Null,
    /// `[a, b, …]` evaluated at the current node: the values, nulls dropped.
    List(Vec<Query>),
}

/// JMESPath comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A rule-set parameter an operation sets.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointParam {
    /// The field of the rule set's `Params`.
    pub field: String,
    /// The field is an `Option` (the parameter has no default).
    pub optional: bool,
    /// What it is set to.
    pub value: EndpointValue,
}

/// The value an operation gives a rule-set parameter.
#[derive(Debug, Clone, PartialEq)]
pub enum EndpointValue {
    /// The value of an input member, by index: when the member is unset, the parameter keeps
    /// the value the configuration gives it.
    Member(usize),
    /// A value of the model's.
    Literal(crate::rules::Literal),
    /// The value at a path of the input (`smithy.rules#operationContextParams`): when it has
    /// none, the parameter keeps the value the configuration gives it.
    Query(Query),
}

/// The authentication schemes the generator supports, by shape id: SigV4 and bearer tokens.
pub const AUTH_SCHEMES: &[&str] = &["aws.auth#sigv4", "smithy.api#httpBearerAuth"];

/// How an operation's requests are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Signed with SigV4.
    SigV4,
    /// Signed with SigV4 when credentials are available, else sent unsigned
    /// (`smithy.api#optionalAuth`).
    Optional,
    /// Never signed (`smithy.api#auth` with no scheme).
    None,
    /// A bearer token (`smithy.api#httpBearerAuth`), when it comes before SigV4 in the
    /// operation's schemes.
    Bearer,
}

/// An operation's HTTP binding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Http {
    /// HTTP method, one the `http` crate names with a constant.
    pub method: String,
    /// URI pattern.
    pub uri: String,
    /// Status of a success.
    pub code: u16,
}

/// Inclusive bounds of a length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Length {
    /// Minimum.
    pub min: Option<u64>,
    /// Maximum.
    pub max: Option<u64>,
}

/// Inclusive bounds of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    /// Minimum.
    pub min: Option<i64>,
    /// Maximum.
    pub max: Option<i64>,
}

/// Inclusive bounds of a float or double.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FloatRange {
    /// Minimum.
    pub min: Option<f64>,
    /// Maximum.
    pub max: Option<f64>,
}

/// One modeled error of an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorCase {
    /// Key of the error structure in [`Ir::structures`].
    pub structure: String,
    /// Its error code on the wire (the shape's name).
    pub code: String,
    /// Its awsQuery code (`aws.protocols#awsQueryError`), for a service whose errors carry
    /// them (`awsQueryCompatible`), when it differs from `code`.
    pub query_code: Option<String>,
    /// Name of its variant in the operation's error enum.
    pub variant: String,
    /// Name of the enum's method that tests for it (`is_validation_exception`).
    pub predicate: String,
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
        /// Shape id of the operation.
        operation: String,
    },
    /// The output of an operation, in `operation::<module>`.
    Output {
        /// Shape id of the operation.
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
    /// Name of its builder type.
    pub builder: String,
    /// Module path from the crate root, e.g. `["types"]`.
    pub module: Vec<String>,
    /// The folders of its file from `src/`: the module path without raw prefixes.
    pub dir: Vec<String>,
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
    /// A union (`smithy.api#union` shape): generated as an enum with a variant per member,
    /// exactly one of which is set.
    pub union: bool,
    /// For a union, the name of the variant that keeps a member newer than the model.
    pub unknown_variant: String,
}

/// A structure member.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Member name in the model.
    pub member_name: String,
    /// Name on the wire (JSON key or header name).
    pub wire_name: String,
    /// Rust name of the field, its accessor and its setters (possibly raw, `r#type`).
    pub name: String,
    /// Name of the setter that takes an `Option` (`set_name`).
    pub set_name: String,
    /// Name of the accessor that falls back to the default, for optional members with one.
    pub or_default: Option<String>,
    /// Name of the associated constant holding the default, for members with one.
    pub default_const: Option<String>,
    /// Name of the builder's type parameter that tracks it, for required members.
    pub state: Option<String>,
    /// Name of the marker type of its unset state, for required members (`MissingArn`).
    pub marker: Option<String>,
    /// Name of the local variable that collects it while deserializing.
    pub slot: String,
    /// Name of the local variable holding its text, for path labels.
    pub label_local: String,
    /// Documentation as Markdown.
    pub docs: String,
    /// Type and constraints.
    pub value: Value,
    /// Must be set: enforced by the builder's type.
    pub required: bool,
    /// Bound to a header or the payload of an answer (output or error) and required by the
    /// model: the field is an `Option`, as the body's deserializer cannot fill it, but an
    /// answer without it is refused.
    pub required_header: bool,
    /// Documented default.
    pub default: Option<DefaultValue>,
    /// Where the member travels.
    pub location: Location,
    /// Held in a `Box`: the member leads back to its own structure without passing through a
    /// list or map, so the type would otherwise have infinite size.
    pub boxed: bool,
    /// Filled with a fresh UUID when the caller leaves it unset (`smithy.api#idempotencyToken`).
    pub idempotency_token: bool,
    /// The media type of its string or blob (`smithy.api#mediaType`): a string with one
    /// travels in a header as base64.
    pub media_type: Option<String>,
    /// For a member of a union, the name of its variant.
    pub variant: String,
}

impl Field {
    /// The field's name without the raw-identifier prefix, for use in text and in other names.
    pub fn bare_name(&self) -> &str {
        self.name.strip_prefix("r#").unwrap_or(&self.name)
    }
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
    /// The whole body (`smithy.api#httpPayload`): JSON for a structure, union or document,
    /// the bytes of a blob, the text of a string or enum.
    Payload,
    /// The HTTP status code of an answer (`smithy.api#httpResponseCode`); not sent.
    ResponseCode,
    /// A map of query parameters (`smithy.api#httpQueryParams`), after the named ones.
    QueryParams,
    /// A map of headers whose names start with this prefix (`smithy.api#httpPrefixHeaders`).
    PrefixHeaders(String),
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
    /// The place's `smithy.api#xmlName`: the element and query key name of a member, list
    /// item, map key or map value, when the model gives one.
    pub xml_name: Option<String>,
    /// A list or map member written without its wrapper (`smithy.api#xmlFlattened`).
    pub flattened: bool,
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
    /// Bytes (`Vec<u8>`): base64 in JSON bodies and headers.
    Blob,
    /// An untyped JSON value (the runtime's `Document`).
    Document,
    /// No value: a union member that targets `smithy.api#Unit`.
    Unit,
    /// `Option<item>`: an item of a `smithy.api#sparse` list or map, which may be null.
    Nullable(Box<Value>),
    /// A generated enum, by shape id.
    Enum(String),
    /// A generated struct (or union, as an enum), by shape id.
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
    /// Range of an integer.
    pub range: Option<Range>,
    /// Range of a float or double.
    pub float_range: Option<FloatRange>,
    /// Pattern.
    pub pattern: Option<Pattern>,
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

/// A pattern constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// Name of the static that holds it.
    pub name: String,
    /// The expression, as the model writes it.
    pub regex: String,
    /// The expression in the runtime engine's syntax ([`crate::pattern::translate`]).
    pub engine: String,
    /// Whether the engine needs look-around.
    pub lookaround: bool,
    /// Where the model gives it: the member's own trait (`Some(member)` of `owner`), or the
    /// target shape's (`None`), which decides the static's name.
    pub owner: String,
    /// The member, when the pattern is the member's own.
    pub member: Option<String>,
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
