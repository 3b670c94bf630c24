//! Endpoint rule sets (`smithy.rules#endpointRuleSet`) and their test cases
//! (`smithy.rules#endpointTests`), parsed and checked once into a typed tree that the emitter
//! compiles to Rust.
//!
//! Every reference is resolved here: a parameter that may be unset is only read through
//! `isSet`, or after an `isSet` condition of the same rule narrowed it to a local value; an
//! assigned condition that held reads as `true` in the rest of its rule; every expression has a
//! type, every function the right arguments. Every Rust name the resolver uses (parameter
//! fields, local variables, test functions) is decided here too, distinct in its scope.
//!
//! Supported: `string`, `boolean` and `stringArray` parameters that are optional or have a
//! default; the functions `isSet`, `not`, `booleanEquals`, `stringEquals`, `isValidHostLabel`,
//! `aws.partition`, `aws.parseArn`, `parseURL`, `substring`, `uriEncode`,
//! `aws.isVirtualHostableS3Bucket` and `getAttr` (of a partition, an ARN, a URL, and an index
//! of an array), with `assign` of any of them; references and template strings; endpoint,
//! error and tree rules; endpoints with a URL and `authSchemes` (their other properties, such
//! as `metricValues`, say nothing about the request). A function that may have no value
//! (`aws.parseArn`, `parseURL`, `substring`, an array index) is a condition of its own, which
//! holds when it has one. Anything else is an error naming it.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use crate::naming;

/// A checked rule set, with its test cases.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleSet {
    /// The parameters, in the rule set's order.
    pub params: Vec<Param>,
    /// The rules, tried in order.
    pub rules: Vec<Rule>,
    /// The test cases, when the model has them.
    pub tests: Vec<TestCase>,
}

/// One parameter of the rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name in the rule set (`UseFIPS`).
    pub name: String,
    /// Rust field of `Params` (`use_fips`).
    pub field: String,
    /// Its type.
    pub ty: ParamType,
    /// The default: a parameter without one may be unset.
    pub default: Option<Literal>,
    /// Documentation as written.
    pub documentation: String,
    /// The built-in value it takes (`AWS::Region`), if any.
    pub built_in: Option<String>,
}

impl Param {
    /// Whether the parameter may be unset (it has no default).
    pub fn is_optional(&self) -> bool {
        self.default.is_none()
    }
}

/// The type of a parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// `string`
    String,
    /// `boolean`
    Boolean,
    /// `stringArray`
    StringArray,
}

impl ParamType {
    /// The type's name in rule sets.
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Boolean => "boolean",
            Self::StringArray => "stringArray",
        }
    }

    /// The type of the parameter's value in expressions.
    fn expr_type(self) -> Type {
        match self {
            Self::String => Type::Str,
            Self::Boolean => Type::Bool,
            Self::StringArray => Type::StrArray,
        }
    }
}

/// A literal value of a parameter: a default, or a test case's input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Literal {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An array of strings.
    Strings(Vec<String>),
}

/// One rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Conditions, all of which must hold, in order.
    pub conditions: Vec<Condition>,
    /// What the rule gives when they hold.
    pub body: Body,
}

/// What a rule gives.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// An endpoint at this URL (a string expression).
    Endpoint {
        /// The URL.
        url: Expr,
        /// How requests to it are signed, when its `authSchemes` property says.
        auth: Option<AuthScheme>,
    },
    /// An error with this message (a string expression).
    Error {
        /// The message.
        message: Expr,
    },
    /// More rules, tried in order; when none matches, the rules engine's exhaustion error.
    Tree(Vec<Rule>),
}

/// The signing an endpoint's `authSchemes` property asks for: its first SigV4 scheme, else its
/// first SigV4a scheme, else the first scheme, which the runtime does not implement.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthScheme {
    /// SigV4, with the service name and region to sign for when the endpoint gives them.
    SigV4 {
        /// `signingName`.
        name: Option<Expr>,
        /// `signingRegion`.
        region: Option<Expr>,
    },
    /// SigV4a, with the service name and the regions to sign for when the endpoint gives them.
    SigV4a {
        /// `signingName`.
        name: Option<Expr>,
        /// `signingRegionSet`.
        region_set: Vec<Expr>,
    },
    /// A scheme by this name (`sigv4a`) that requests cannot be signed with here.
    Unsupported(String),
}

/// One condition of a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `isSet` of a parameter that may be unset: the rest of the rule reads its value as
    /// `local`.
    Narrow {
        /// Index of the parameter.
        param: usize,
        /// The local value.
        local: Local,
    },
    /// A boolean that must hold.
    Test(Expr),
    /// A value the rest of the rule reads as `local`; computing it always succeeds, so the
    /// condition always holds.
    Let {
        /// The local value.
        local: Local,
        /// Its value.
        value: Expr,
    },
    /// A function that may have no value ([`Expr::is_optional`]): the condition holds when it
    /// has one, which the rest of the rule reads as `local`.
    Bind {
        /// The local value.
        local: Local,
        /// The function.
        value: Expr,
    },
}

/// A value bound by a condition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Local {
    /// Unique in the rule set.
    pub id: usize,
    /// Name in the rule set.
    pub name: String,
    /// Rust name, distinct from every other name in its scope.
    pub rust: String,
    /// Its type.
    pub ty: Type,
}

/// The type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// A boolean.
    Bool,
    /// A string.
    Str,
    /// A partition (the result of `aws.partition`).
    Partition,
    /// An ARN (the result of `aws.parseArn`).
    Arn,
    /// A URL (the result of `parseURL`).
    Url,
    /// An array of strings.
    StrArray,
}

/// A typed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A boolean constant.
    Bool(bool),
    /// A string: literal text and string values, in order (a template).
    Str(Vec<Part>),
    /// A parameter that is always set (one with a default).
    Param {
        /// Index of the parameter.
        index: usize,
        /// Its type.
        ty: Type,
    },
    /// Whether a parameter that may be unset is set (`isSet` that does not narrow).
    IsSet(usize),
    /// A local value.
    Local(Local),
    /// `not`.
    Not(Box<Expr>),
    /// `booleanEquals`.
    BooleanEquals(Box<Expr>, Box<Expr>),
    /// `stringEquals`.
    StringEquals(Box<Expr>, Box<Expr>),
    /// `aws.partition` of a region.
    Partition(Box<Expr>),
    /// `getAttr` of a partition's attribute.
    PartitionAttr(Box<Expr>, PartitionAttr),
    /// `isValidHostLabel` of a string, allowing dot-separated labels when `true`.
    IsValidHostLabel(Box<Expr>, bool),
    /// `aws.isVirtualHostableS3Bucket` of a string, allowing dot-separated labels when `true`.
    IsVirtualHostableS3Bucket(Box<Expr>, bool),
    /// `aws.parseArn` of a string (may have no value).
    ParseArn(Box<Expr>),
    /// `getAttr` of an ARN's attribute.
    ArnAttr(Box<Expr>, ArnAttr),
    /// `parseURL` of a string (may have no value).
    ParseUrl(Box<Expr>),
    /// `getAttr` of a URL's attribute.
    UrlAttr(Box<Expr>, UrlAttr),
    /// `getAttr` of an array's element at an index (may have no value).
    Index(Box<Expr>, usize),
    /// `substring` of a string (may have no value).
    Substring {
        /// The string.
        value: Box<Expr>,
        /// First index.
        start: usize,
        /// Index past the last.
        stop: usize,
        /// Whether the indexes count from the end.
        reverse: bool,
    },
    /// `uriEncode` of a string.
    UriEncode(Box<Expr>),
    /// Whether a function that may have no value has one (it is a condition without `assign`,
    /// or the argument of `isSet`).
    HasValue(Box<Expr>),
}

/// A piece of a template string.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Literal text.
    Text(String),
    /// A string value.
    Value(Expr),
}

/// The attributes of a partition that `getAttr` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartitionAttr {
    /// `name`
    Name,
    /// `dnsSuffix`
    DnsSuffix,
    /// `dualStackDnsSuffix`
    DualStackDnsSuffix,
    /// `implicitGlobalRegion`
    ImplicitGlobalRegion,
    /// `supportsFIPS`
    SupportsFips,
    /// `supportsDualStack`
    SupportsDualStack,
}

/// The attributes of an ARN that `getAttr` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArnAttr {
    /// `partition`
    Partition,
    /// `service`
    Service,
    /// `region`
    Region,
    /// `accountId`
    AccountId,
    /// `resourceId`, an array.
    ResourceId,
}

impl ArnAttr {
    fn parse(path: &str) -> Option<Self> {
        Some(match path {
            "partition" => Self::Partition,
            "service" => Self::Service,
            "region" => Self::Region,
            "accountId" => Self::AccountId,
            "resourceId" => Self::ResourceId,
            _ => return None,
        })
    }

    /// The field of the runtime's `Arn`.
    pub fn field(self) -> &'static str {
        match self {
            Self::Partition => "partition",
            Self::Service => "service",
            Self::Region => "region",
            Self::AccountId => "account_id",
            Self::ResourceId => "resource_id",
        }
    }
}

/// The attributes of a URL that `getAttr` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlAttr {
    /// `scheme`
    Scheme,
    /// `authority`
    Authority,
    /// `path`
    Path,
    /// `normalizedPath`
    NormalizedPath,
    /// `isIp`, a boolean.
    IsIp,
}

impl UrlAttr {
    fn parse(path: &str) -> Option<Self> {
        Some(match path {
            "scheme" => Self::Scheme,
            "authority" => Self::Authority,
            "path" => Self::Path,
            "normalizedPath" => Self::NormalizedPath,
            "isIp" => Self::IsIp,
            _ => return None,
        })
    }

    /// The field of the runtime's `Url`.
    pub fn field(self) -> &'static str {
        match self {
            Self::Scheme => "scheme",
            Self::Authority => "authority",
            Self::Path => "path",
            Self::NormalizedPath => "normalized_path",
            Self::IsIp => "is_ip",
        }
    }
}

impl PartitionAttr {
    fn parse(path: &str) -> Option<Self> {
        Some(match path {
            "name" => Self::Name,
            "dnsSuffix" => Self::DnsSuffix,
            "dualStackDnsSuffix" => Self::DualStackDnsSuffix,
            "implicitGlobalRegion" => Self::ImplicitGlobalRegion,
            "supportsFIPS" => Self::SupportsFips,
            "supportsDualStack" => Self::SupportsDualStack,
            _ => return None,
        })
    }

    /// The field of the runtime's `Partition`.
    pub fn field(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::DnsSuffix => "dns_suffix",
            Self::DualStackDnsSuffix => "dual_stack_dns_suffix",
            Self::ImplicitGlobalRegion => "implicit_global_region",
            Self::SupportsFips => "supports_fips",
            Self::SupportsDualStack => "supports_dual_stack",
        }
    }

    /// The attribute's type.
    pub fn ty(self) -> Type {
        match self {
            Self::SupportsFips | Self::SupportsDualStack => Type::Bool,
            _ => Type::Str,
        }
    }
}

impl Expr {
    /// The expression's type (for one that may have no value, the type of its value).
    pub fn ty(&self) -> Type {
        match self {
            Expr::Bool(_)
            | Expr::IsSet(_)
            | Expr::Not(_)
            | Expr::BooleanEquals(..)
            | Expr::StringEquals(..)
            | Expr::IsValidHostLabel(..)
            | Expr::IsVirtualHostableS3Bucket(..)
            | Expr::HasValue(_)
            | Expr::UrlAttr(_, UrlAttr::IsIp) => Type::Bool,
            Expr::Str(_)
            | Expr::Substring { .. }
            | Expr::UriEncode(_)
            | Expr::Index(..)
            | Expr::UrlAttr(..) => Type::Str,
            Expr::ArnAttr(_, ArnAttr::ResourceId) => Type::StrArray,
            Expr::ArnAttr(..) => Type::Str,
            Expr::Param { ty, .. } => *ty,
            Expr::Local(local) => local.ty,
            Expr::Partition(_) => Type::Partition,
            Expr::PartitionAttr(_, attr) => attr.ty(),
            Expr::ParseArn(_) => Type::Arn,
            Expr::ParseUrl(_) => Type::Url,
        }
    }

    /// Whether the expression is a function that may have no value, which only a condition
    /// (or `isSet`) can hold.
    pub fn is_optional(&self) -> bool {
        matches!(
            self,
            Expr::ParseArn(_) | Expr::ParseUrl(_) | Expr::Substring { .. } | Expr::Index(..)
        )
    }

    /// The expressions this one is computed from.
    pub fn operands(&self) -> Vec<&Expr> {
        match self {
            Expr::Str(parts) => parts
                .iter()
                .filter_map(|p| match p {
                    Part::Value(e) => Some(e),
                    Part::Text(_) => None,
                })
                .collect(),
            Expr::Not(a)
            | Expr::Partition(a)
            | Expr::PartitionAttr(a, _)
            | Expr::IsValidHostLabel(a, _)
            | Expr::IsVirtualHostableS3Bucket(a, _)
            | Expr::ParseArn(a)
            | Expr::ArnAttr(a, _)
            | Expr::ParseUrl(a)
            | Expr::UrlAttr(a, _)
            | Expr::Index(a, _)
            | Expr::Substring { value: a, .. }
            | Expr::UriEncode(a)
            | Expr::HasValue(a) => vec![a],
            Expr::BooleanEquals(a, b) | Expr::StringEquals(a, b) => vec![a, b],
            Expr::Bool(_) | Expr::Param { .. } | Expr::IsSet(_) | Expr::Local(_) => Vec::new(),
        }
    }
}

/// One test case.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    /// Rust name of its test function, distinct among the cases.
    pub name: String,
    /// Documentation as written.
    pub documentation: String,
    /// The parameters it sets: index and value, in parameter order.
    pub params: Vec<(usize, Literal)>,
    /// What resolving them must give.
    pub expect: Expect,
}

/// The expected result of a test case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expect {
    /// An endpoint at this URL, signed as its `authSchemes` say when they are given.
    Endpoint {
        /// The URL.
        url: String,
        /// The signing expected.
        auth: Option<ExpectedAuth>,
    },
    /// An error with this message.
    Error(String),
}

/// The signing a test case expects of an endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpectedAuth {
    /// SigV4 with these overrides.
    SigV4 {
        /// `signingName`.
        name: Option<String>,
        /// `signingRegion`.
        region: Option<String>,
    },
    /// SigV4a with these overrides.
    SigV4a {
        /// `signingName`.
        name: Option<String>,
        /// `signingRegionSet`.
        region_set: Vec<String>,
    },
    /// A scheme the runtime does not implement.
    Unsupported(String),
}

/// The scheme an `authSchemes` list asks for, read with `text` (which parses a value): its
/// first SigV4 scheme, else its first SigV4a scheme, else the name of its first; `None` for an
/// empty list.
fn auth_scheme<T>(
    schemes: &Value,
    mut text: impl FnMut(&Value) -> Result<T, String>,
) -> Result<Option<Scheme<T>>, String> {
    let schemes = array(schemes, "`authSchemes`")?;
    let mut first = None;
    let mut sigv4a = None;
    for scheme in schemes {
        let scheme = object(scheme, "an auth scheme")?;
        known_keys(
            scheme,
            &[
                "name",
                "signingName",
                "signingRegion",
                "signingRegionSet",
                "disableDoubleEncoding",
            ],
            "an auth scheme",
        )?;
        let name = string(
            field(scheme, "name", "an auth scheme")?,
            "an auth scheme's name",
        )?;
        if name == "sigv4" {
            if scheme.get("disableDoubleEncoding") == Some(&Value::Bool(true)) {
                return Err("an auth scheme with `disableDoubleEncoding` is not supported".into());
            }
            return Ok(Some(Scheme::SigV4 {
                name: scheme.get("signingName").map(&mut text).transpose()?,
                region: scheme.get("signingRegion").map(&mut text).transpose()?,
            }));
        }
        if name == "sigv4a" && sigv4a.is_none() {
            let region_set = match scheme.get("signingRegionSet") {
                None => Vec::new(),
                Some(set) => array(set, "`signingRegionSet`")?
                    .iter()
                    .map(&mut text)
                    .collect::<Result<_, _>>()?,
            };
            sigv4a = Some(Scheme::SigV4a {
                name: scheme.get("signingName").map(&mut text).transpose()?,
                region_set,
            });
        }
        first.get_or_insert_with(|| name.to_owned());
    }
    Ok(sigv4a.or(first.map(Scheme::Unsupported)))
}

/// An auth scheme, with its values parsed as `T`.
enum Scheme<T> {
    SigV4 { name: Option<T>, region: Option<T> },
    SigV4a { name: Option<T>, region_set: Vec<T> },
    Unsupported(String),
}

/// The `properties` of an endpoint, or of an expected one: only `authSchemes` is understood.
fn properties<'a>(
    endpoint: &'a Map<String, Value>,
    what: &str,
) -> Result<Option<&'a Value>, String> {
    match endpoint.get("properties") {
        None | Some(Value::Null) => Ok(None),
        // The other properties (`metricValues`, …) say nothing about the request.
        Some(Value::Object(m)) => Ok(m.get("authSchemes")),
        Some(other) => Err(format!("{what} properties {other} are not supported")),
    }
}

impl RuleSet {
    /// Parses and checks a rule set and, when given, its test cases. The error names what is
    /// wrong or not supported, e.g. "endpoint rule set: function `aws.parseArn` is not
    /// supported".
    pub fn parse(rule_set: &Value, tests: Option<&Value>) -> Result<Self, String> {
        let set = object(rule_set, "the rule set").map_err(in_rules)?;
        known_keys(set, &["version", "parameters", "rules"], "the rule set").map_err(in_rules)?;
        let params = parameters(set).map_err(in_rules)?;
        let rules = array(
            field(set, "rules", "the rule set").map_err(in_rules)?,
            "`rules`",
        )
        .map_err(in_rules)?;
        let mut checker = Checker {
            params: &params,
            next_local: 0,
        };
        let scope: Vec<Entry> = params
            .iter()
            .enumerate()
            .map(|(index, p)| Entry {
                name: p.name.clone(),
                rust: Some(p.field.clone()),
                meaning: Meaning::Param(index),
            })
            .collect();
        let rules = checker.rules(rules, &scope).map_err(in_rules)?;
        let tests = match tests {
            Some(tests) => {
                test_cases(&params, tests).map_err(|e| format!("endpoint tests: {e}"))?
            }
            None => Vec::new(),
        };
        Ok(Self {
            params,
            rules,
            tests,
        })
    }

    /// Whether some endpoint of the rules is signed with SigV4a.
    pub fn uses_sigv4a(&self) -> bool {
        fn rule(r: &Rule) -> bool {
            match &r.body {
                Body::Endpoint { auth, .. } => matches!(auth, Some(AuthScheme::SigV4a { .. })),
                Body::Error { .. } => false,
                Body::Tree(rules) => rules.iter().any(rule),
            }
        }
        self.rules.iter().any(rule)
    }

    /// Whether some rule calls `aws.partition`.
    pub fn uses_partitions(&self) -> bool {
        fn expr(e: &Expr) -> bool {
            matches!(e, Expr::Partition(_)) || e.operands().into_iter().any(expr)
        }
        fn rule(r: &Rule) -> bool {
            r.conditions.iter().any(|c| match c {
                Condition::Test(e)
                | Condition::Let { value: e, .. }
                | Condition::Bind { value: e, .. } => expr(e),
                Condition::Narrow { .. } => false,
            }) || match &r.body {
                Body::Endpoint { url, auth } => {
                    expr(url)
                        || match auth {
                            Some(AuthScheme::SigV4 { name, region }) => {
                                name.iter().chain(region).any(expr)
                            }
                            Some(AuthScheme::SigV4a { name, region_set }) => {
                                name.iter().chain(region_set).any(expr)
                            }
                            Some(AuthScheme::Unsupported(_)) | None => false,
                        }
                }
                Body::Error { message: e } => expr(e),
                Body::Tree(rules) => rules.iter().any(rule),
            }
        }
        self.rules.iter().any(rule)
    }
}

fn in_rules(e: String) -> String {
    format!("endpoint rule set: {e}")
}

fn parameters(set: &Map<String, Value>) -> Result<Vec<Param>, String> {
    let mut params = Vec::new();
    for (name, value) in object(field(set, "parameters", "the rule set")?, "`parameters`")? {
        let what = format!("parameter `{name}`");
        let p = object(value, &what)?;
        known_keys(
            p,
            &["type", "builtIn", "required", "default", "documentation"],
            &what,
        )?;
        let ty = match string(field(p, "type", &what)?, &what)? {
            "string" => ParamType::String,
            "boolean" => ParamType::Boolean,
            "stringArray" => ParamType::StringArray,
            other => return Err(format!("{what} has type `{other}`, which is not supported")),
        };
        let required = match p.get("required") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => return Err(format!("{what} has `required` {other}, not a boolean")),
        };
        let default = p
            .get("default")
            .map(|d| literal(name, ty, d).map_err(|e| format!("the default of {e}")))
            .transpose()?;
        if required && default.is_none() {
            return Err(format!(
                "{what} is required without a default, which is not supported"
            ));
        }
        let built_in = p
            .get("builtIn")
            .map(|b| string(b, &what).map(str::to_owned))
            .transpose()?;
        let documentation = p
            .get("documentation")
            .map(|d| string(d, &what).map(str::to_owned))
            .transpose()?
            .unwrap_or_default();
        params.push(Param {
            name: name.clone(),
            field: naming::snake(name),
            ty,
            default,
            documentation,
            built_in,
        });
    }
    naming::check_collisions(params.iter().map(|p| (p.name.as_str(), p.field.as_str()))).map_err(
        |c| {
            format!(
                "parameters {} are all named `{}` in Rust",
                c.model_names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                c.rust_name
            )
        },
    )?;
    if let Some(p) = params.iter().find(|p| p.field == "params") {
        return Err(format!(
            "parameter `{}` is named `params` in Rust, the name of `resolve`'s argument",
            p.name
        ));
    }
    Ok(params)
}

/// A JSON value as a literal of type `ty`.
fn literal(name: &str, ty: ParamType, value: &Value) -> Result<Literal, String> {
    match (ty, value) {
        (ParamType::String, Value::String(s)) => Ok(Literal::String(s.clone())),
        (ParamType::Boolean, Value::Bool(b)) => Ok(Literal::Bool(*b)),
        (ParamType::StringArray, Value::Array(items)) if items.iter().all(Value::is_string) => {
            Ok(Literal::Strings(
                items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
            ))
        }
        _ => {
            let ty = match ty {
                ParamType::String => "a string",
                ParamType::Boolean => "a boolean",
                ParamType::StringArray => "an array of strings",
            };
            Err(format!("parameter `{name}` is {ty}, not {value}"))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rules and expressions

/// A name in scope.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    /// The Rust name it takes, if any (a known condition takes none).
    rust: Option<String>,
    meaning: Meaning,
}

#[derive(Debug, Clone)]
enum Meaning {
    /// A parameter.
    Param(usize),
    /// A local value.
    Local(Local),
    /// An assigned condition that held.
    Known(bool),
}

/// A checked expression before its use is known: a parameter that may be unset can only be
/// the argument of `isSet`.
enum Checked {
    Value(Expr),
    Unset { param: usize, name: String },
}

struct Checker<'p> {
    params: &'p [Param],
    next_local: usize,
}

impl Checker<'_> {
    fn rules(&mut self, rules: &[Value], scope: &[Entry]) -> Result<Vec<Rule>, String> {
        rules.iter().map(|rule| self.rule(rule, scope)).collect()
    }

    fn rule(&mut self, rule: &Value, scope: &[Entry]) -> Result<Rule, String> {
        let r = object(rule, "a rule")?;
        let kind = string(field(r, "type", "a rule")?, "a rule's `type`")?;
        let body_key = match kind {
            "endpoint" => "endpoint",
            "error" => "error",
            "tree" => "rules",
            other => return Err(format!("rule type `{other}` is not supported")),
        };
        known_keys(
            r,
            &["type", "conditions", "documentation", body_key],
            &format!("{kind} rule"),
        )?;
        let conditions = match r.get("conditions") {
            Some(c) => array(c, "`conditions`")?.as_slice(),
            None => &[],
        };
        let mut scope = scope.to_vec();
        let mut checked = Vec::new();
        for condition in conditions {
            if let Some(c) = self.condition(condition, &mut scope)? {
                checked.push(c);
            }
        }
        let body_value = field(r, body_key, &format!("{kind} rule"))?;
        let body = match kind {
            "endpoint" => {
                let (url, auth) = self.endpoint(body_value, &scope)?;
                Body::Endpoint { url, auth }
            }
            "error" => Body::Error {
                message: self.string_value(body_value, &scope, "an error message")?,
            },
            _ => Body::Tree(self.rules(array(body_value, "a tree rule's `rules`")?, &scope)?),
        };
        Ok(Rule {
            conditions: checked,
            body,
        })
    }

    fn endpoint(
        &mut self,
        endpoint: &Value,
        scope: &[Entry],
    ) -> Result<(Expr, Option<AuthScheme>), String> {
        let e = object(endpoint, "an endpoint")?;
        known_keys(e, &["url", "properties", "headers"], "an endpoint")?;
        match e.get("headers") {
            None | Some(Value::Null) => {}
            Some(Value::Object(m)) if m.is_empty() => {}
            Some(Value::Object(m)) => {
                let names = m
                    .keys()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(format!("endpoint headers ({names}) are not supported"));
            }
            Some(other) => return Err(format!("endpoint headers {other} are not supported")),
        }
        let auth = match properties(e, "endpoint")? {
            None => None,
            Some(schemes) => {
                auth_scheme(schemes, |v| self.string_value(v, scope, "a signing value"))?.map(
                    |scheme| match scheme {
                        Scheme::SigV4 { name, region } => AuthScheme::SigV4 { name, region },
                        Scheme::SigV4a { name, region_set } => {
                            AuthScheme::SigV4a { name, region_set }
                        }
                        Scheme::Unsupported(name) => AuthScheme::Unsupported(name),
                    },
                )
            }
        };
        let url = self.string_value(field(e, "url", "an endpoint")?, scope, "an endpoint URL")?;
        Ok((url, auth))
    }

    /// A value that must be a string (a URL or an error message).
    fn string_value(&mut self, value: &Value, scope: &[Entry], what: &str) -> Result<Expr, String> {
        let expr = self.value(value, scope)?;
        if expr.ty() == Type::Str {
            Ok(expr)
        } else {
            Err(format!("{what} is not a string: {value}"))
        }
    }

    /// A local value named `name`, with a Rust name no other name in scope has.
    fn local(&mut self, name: &str, ty: Type, scope: &[Entry]) -> Result<Local, String> {
        let rust = naming::snake(name);
        if rust == "params" {
            return Err(format!(
                "`{name}` is named `params` in Rust, the name of `resolve`'s argument"
            ));
        }
        if let Some(other) = scope
            .iter()
            .find(|e| e.name != name && e.rust.as_deref() == Some(rust.as_str()))
        {
            return Err(format!(
                "`{name}` and `{}` are both named `{rust}` in Rust",
                other.name
            ));
        }
        let id = self.next_local;
        self.next_local += 1;
        Ok(Local {
            id,
            name: name.to_owned(),
            rust,
            ty,
        })
    }

    /// One condition: adds what it binds to `scope`. `None` for a condition that always holds
    /// and binds nothing.
    fn condition(
        &mut self,
        condition: &Value,
        scope: &mut Vec<Entry>,
    ) -> Result<Option<Condition>, String> {
        let c = object(condition, "a condition")?;
        known_keys(c, &["fn", "argv", "assign", "documentation"], "a condition")?;
        let assign = c
            .get("assign")
            .map(|a| string(a, "`assign`").map(str::to_owned))
            .transpose()?;
        if let Some(name) = &assign
            && scope.iter().any(|e| &e.name == name)
        {
            return Err(format!("`assign` to `{name}`, which is already in scope"));
        }
        let known = |scope: &mut Vec<Entry>, assign: Option<String>| {
            if let Some(name) = assign {
                scope.push(Entry {
                    name,
                    rust: None,
                    meaning: Meaning::Known(true),
                });
            }
        };

        // `isSet` of a parameter that may be unset narrows it for the rest of the rule.
        if c.get("fn").and_then(Value::as_str) == Some("isSet") {
            let argv = array(field(c, "argv", "a condition")?, "`argv`")?;
            if let [arg] = argv.as_slice()
                && let Some(name) = arg.get("ref").and_then(Value::as_str)
                && let Some(Entry {
                    meaning: Meaning::Param(index),
                    ..
                }) = lookup(scope, name)
                && self.params[*index].is_optional()
            {
                let index = *index;
                let ty = self.params[index].ty.expr_type();
                let local = self.local(name, ty, scope)?;
                scope.push(Entry {
                    name: name.to_owned(),
                    rust: Some(local.rust.clone()),
                    meaning: Meaning::Local(local.clone()),
                });
                known(scope, assign);
                return Ok(Some(Condition::Narrow {
                    param: index,
                    local,
                }));
            }
        }

        let expr = match self.expr(condition, scope)? {
            Checked::Value(expr) => expr,
            Checked::Unset { name, .. } => return Err(unset(&name)),
        };
        if expr.is_optional() {
            let Some(name) = assign else {
                return Ok(Some(Condition::Test(Expr::HasValue(Box::new(expr)))));
            };
            let local = self.local(&name, expr.ty(), scope)?;
            scope.push(Entry {
                name,
                rust: Some(local.rust.clone()),
                meaning: Meaning::Local(local.clone()),
            });
            return Ok(Some(Condition::Bind { local, value: expr }));
        }
        if expr.ty() == Type::Bool {
            // An assigned condition that held is `true` wherever its name is in scope.
            known(scope, assign);
            return Ok(Some(Condition::Test(expr)));
        }
        // Strings and partitions are always set: all that is left is the assignment, if any.
        let Some(name) = assign else {
            return Ok(None);
        };
        let local = self.local(&name, expr.ty(), scope)?;
        scope.push(Entry {
            name,
            rust: Some(local.rust.clone()),
            meaning: Meaning::Local(local.clone()),
        });
        Ok(Some(Condition::Let { local, value: expr }))
    }

    /// An expression that must have a value (not a parameter that may be unset, nor a
    /// function that may have no value).
    fn value(&mut self, value: &Value, scope: &[Entry]) -> Result<Expr, String> {
        match self.expr(value, scope)? {
            Checked::Value(expr) if expr.is_optional() => Err(no_value(value)),
            Checked::Value(expr) => Ok(expr),
            Checked::Unset { name, .. } => Err(unset(&name)),
        }
    }

    /// An expression: a literal, a reference or a function call.
    fn expr(&mut self, value: &Value, scope: &[Entry]) -> Result<Checked, String> {
        match value {
            Value::Bool(b) => Ok(Checked::Value(Expr::Bool(*b))),
            Value::String(s) => self.template(s, scope).map(Checked::Value),
            Value::Object(o) if o.contains_key("ref") => {
                known_keys(o, &["ref"], "a reference")?;
                reference(string(&o["ref"], "a reference")?, scope, self.params)
            }
            Value::Object(o) if o.contains_key("fn") => self.call(o, scope).map(Checked::Value),
            other => Err(format!("value {other} is not supported")),
        }
    }

    fn call(&mut self, call: &Map<String, Value>, scope: &[Entry]) -> Result<Expr, String> {
        let name = string(field(call, "fn", "a function")?, "`fn`")?;
        let argv = array(field(call, "argv", "a function")?, "`argv`")?;
        let arity = |n: usize| {
            if argv.len() == n {
                Ok(())
            } else {
                Err(format!(
                    "function `{name}` takes {n} argument(s), not {}",
                    argv.len()
                ))
            }
        };
        let typed = |expr: Expr, ty: Type, what: &str, arg: &Value| {
            if expr.ty() == ty {
                Ok(expr)
            } else {
                Err(format!("function `{name}` takes {what}: {arg}"))
            }
        };
        match name {
            "isSet" => {
                arity(1)?;
                Ok(match self.expr(&argv[0], scope)? {
                    Checked::Unset { param, .. } => Expr::IsSet(param),
                    Checked::Value(e) if e.is_optional() => Expr::HasValue(Box::new(e)),
                    // Every other value is set.
                    Checked::Value(_) => Expr::Bool(true),
                })
            }
            "not" => {
                arity(1)?;
                let arg = self.value(&argv[0], scope)?;
                Ok(Expr::Not(Box::new(typed(
                    arg,
                    Type::Bool,
                    "a boolean",
                    &argv[0],
                )?)))
            }
            "booleanEquals" | "stringEquals" => {
                arity(2)?;
                let (ty, what) = if name == "booleanEquals" {
                    (Type::Bool, "booleans")
                } else {
                    (Type::Str, "strings")
                };
                let (a, b) = (self.value(&argv[0], scope)?, self.value(&argv[1], scope)?);
                if a.ty() != ty || b.ty() != ty {
                    return Err(format!(
                        "function `{name}` takes {what}: {}, {}",
                        argv[0], argv[1]
                    ));
                }
                Ok(if ty == Type::Bool {
                    Expr::BooleanEquals(Box::new(a), Box::new(b))
                } else {
                    Expr::StringEquals(Box::new(a), Box::new(b))
                })
            }
            "isValidHostLabel" | "aws.isVirtualHostableS3Bucket" => {
                arity(2)?;
                let value = self.value(&argv[0], scope)?;
                let Value::Bool(allow_subdomains) = argv[1] else {
                    return Err(format!(
                        "`{name}` with {} for `allowSubDomains` is not supported (only `true` \
                         or `false`)",
                        argv[1]
                    ));
                };
                let value = Box::new(typed(value, Type::Str, "a string", &argv[0])?);
                Ok(if name == "isValidHostLabel" {
                    Expr::IsValidHostLabel(value, allow_subdomains)
                } else {
                    Expr::IsVirtualHostableS3Bucket(value, allow_subdomains)
                })
            }
            "aws.parseArn" | "parseURL" | "uriEncode" => {
                arity(1)?;
                let value = self.value(&argv[0], scope)?;
                let value = Box::new(typed(value, Type::Str, "a string", &argv[0])?);
                Ok(match name {
                    "aws.parseArn" => Expr::ParseArn(value),
                    "parseURL" => Expr::ParseUrl(value),
                    _ => Expr::UriEncode(value),
                })
            }
            "substring" => {
                arity(4)?;
                let value = self.value(&argv[0], scope)?;
                let index = |arg: &Value| {
                    arg.as_u64()
                        .and_then(|n| usize::try_from(n).ok())
                        .ok_or_else(|| {
                            format!("`substring` takes an index that is a whole number: {arg}")
                        })
                };
                let (start, stop) = (index(&argv[1])?, index(&argv[2])?);
                let Value::Bool(reverse) = argv[3] else {
                    return Err(format!(
                        "`substring` with {} for `reverse` is not supported (only `true` or \
                         `false`)",
                        argv[3]
                    ));
                };
                Ok(Expr::Substring {
                    value: Box::new(typed(value, Type::Str, "a string", &argv[0])?),
                    start,
                    stop,
                    reverse,
                })
            }
            "aws.partition" => {
                arity(1)?;
                let region = self.value(&argv[0], scope)?;
                Ok(Expr::Partition(Box::new(typed(
                    region,
                    Type::Str,
                    "a string",
                    &argv[0],
                )?)))
            }
            "getAttr" => {
                arity(2)?;
                let object = self.value(&argv[0], scope)?;
                let Value::String(path) = &argv[1] else {
                    return Err(format!("`getAttr` path {} is not a string", argv[1]));
                };
                get_attr(object, path, &argv[0])
            }
            other => Err(format!("function `{other}` is not supported")),
        }
    }

    /// A string literal, which may be a template such as `https://x.{Region}.{P#dnsSuffix}`.
    fn template(&mut self, text: &str, scope: &[Entry]) -> Result<Expr, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '}' => return Err(format!("template {text:?} has an unmatched `}}`")),
                '{' => {
                    let mut name = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => name.push(c),
                            None => return Err(format!("template {text:?} has an unclosed `{{`")),
                        }
                    }
                    let value = match name.split_once('#') {
                        Some((name, path)) => {
                            let object = match reference(name, scope, self.params)? {
                                Checked::Value(e) => e,
                                Checked::Unset { name, .. } => return Err(unset(&name)),
                            };
                            get_attr(object, path, &Value::String(name.into()))?
                        }
                        None => match reference(&name, scope, self.params)? {
                            Checked::Value(e) => e,
                            Checked::Unset { name, .. } => return Err(unset(&name)),
                        },
                    };
                    if value.is_optional() {
                        return Err(no_value(&Value::String(format!("{{{name}}}"))));
                    }
                    if value.ty() != Type::Str {
                        return Err(format!(
                            "template {text:?} inserts `{name}`, which is not a string"
                        ));
                    }
                    if !literal.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Value(value));
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Expr::Str(parts))
    }
}

/// `getAttr`: an attribute of a partition, an ARN or a URL, then an index when the path ends
/// with one (`resourceId[1]`, `[0]` of an array).
fn get_attr(object: Expr, path: &str, source: &Value) -> Result<Expr, String> {
    let (name, index) = match path.split_once('[') {
        Some((name, rest)) => {
            let index = rest
                .strip_suffix(']')
                .and_then(|i| i.parse::<usize>().ok())
                .ok_or_else(|| format!("`getAttr` path `{path}` has an invalid index"))?;
            (name, Some(index))
        }
        None => (path, None),
    };
    let unknown = |what: &str| format!("{what} attribute `{name}` is not supported");
    let value = match (object.ty(), name) {
        (Type::StrArray, "") => object,
        (Type::Partition, _) => Expr::PartitionAttr(
            Box::new(object),
            PartitionAttr::parse(name).ok_or_else(|| unknown("partition"))?,
        ),
        (Type::Arn, _) => Expr::ArnAttr(
            Box::new(object),
            ArnAttr::parse(name).ok_or_else(|| unknown("ARN"))?,
        ),
        (Type::Url, _) => Expr::UrlAttr(
            Box::new(object),
            UrlAttr::parse(name).ok_or_else(|| unknown("URL"))?,
        ),
        _ => {
            return Err(format!(
                "`getAttr` of {source} with path `{path}` is not supported (only of a \
                 partition, an ARN, a URL or an array)"
            ));
        }
    };
    match index {
        None => Ok(value),
        Some(i) if value.ty() == Type::StrArray => Ok(Expr::Index(Box::new(value), i)),
        Some(_) => Err(format!(
            "`getAttr` path `{path}` indexes a value that is not an array"
        )),
    }
}

/// A reference to a parameter or local value.
fn reference(name: &str, scope: &[Entry], params: &[Param]) -> Result<Checked, String> {
    let entry = lookup(scope, name).ok_or_else(|| format!("reference to unknown `{name}`"))?;
    Ok(match &entry.meaning {
        Meaning::Known(b) => Checked::Value(Expr::Bool(*b)),
        Meaning::Param(index) if params[*index].is_optional() => Checked::Unset {
            param: *index,
            name: name.to_owned(),
        },
        Meaning::Param(index) => Checked::Value(Expr::Param {
            index: *index,
            ty: params[*index].ty.expr_type(),
        }),
        Meaning::Local(local) => Checked::Value(Expr::Local(local.clone())),
    })
}

fn lookup<'a>(scope: &'a [Entry], name: &str) -> Option<&'a Entry> {
    scope.iter().rev().find(|e| e.name == name)
}

fn unset(name: &str) -> String {
    format!("`{name}` may be unset where it is used (check it with `isSet` first)")
}

fn no_value(value: &Value) -> String {
    format!("{value} may have no value where it is used (assign it in a condition first)")
}

// ---------------------------------------------------------------------------------------------
// Test cases

fn test_cases(params: &[Param], tests: &Value) -> Result<Vec<TestCase>, String> {
    let t = object(tests, "the tests")?;
    known_keys(t, &["version", "testCases"], "the tests")?;
    let cases = match t.get("testCases") {
        Some(cases) => array(cases, "`testCases`")?.as_slice(),
        None => &[],
    };
    // `resolve` is imported into the tests' module, so no test may take its name.
    let mut names = BTreeSet::from(["resolve".to_owned()]);
    cases
        .iter()
        .enumerate()
        .map(|(index, case)| {
            test_case(params, case, index + 1, &mut names)
                .map_err(|e| format!("test case {}: {e}", index + 1))
        })
        .collect()
}

fn test_case(
    params: &[Param],
    case: &Value,
    number: usize,
    names: &mut BTreeSet<String>,
) -> Result<TestCase, String> {
    let c = object(case, "a test case")?;
    // `operationInputs` say which operation input gives the case's `params`; the rules are
    // tested with the `params`, and how inputs set parameters by the operations' own tests.
    known_keys(
        c,
        &["documentation", "params", "expect", "operationInputs"],
        "a test case",
    )?;
    let documentation = match c.get("documentation") {
        Some(d) => string(d, "`documentation`")?,
        None => "",
    };

    // The function's name: the documentation in snake case, made unique.
    let base = if documentation.trim().is_empty() {
        format!("case_{number}")
    } else {
        naming::snake(documentation)
    };
    let mut name = base.clone();
    let mut n = 2;
    while !names.insert(naming::unraw(&name).to_owned()) {
        name = format!("{}_{n}", naming::unraw(&base));
        n += 1;
    }

    let mut values: Vec<(usize, Literal)> = Vec::new();
    if let Some(given) = c.get("params") {
        for (key, value) in object(given, "`params`")? {
            let index = params
                .iter()
                .position(|p| &p.name == key || p.built_in.as_deref() == Some(key.as_str()))
                .ok_or_else(|| format!("parameter `{key}` is not declared by the rule set"))?;
            if values.iter().any(|(i, _)| *i == index) {
                return Err(format!("parameter `{}` is given twice", params[index].name));
            }
            values.push((
                index,
                literal(&params[index].name, params[index].ty, value)?,
            ));
        }
    }
    values.sort_by_key(|(i, _)| *i);

    let expect = object(field(c, "expect", "a test case")?, "`expect`")?;
    let expect = match (expect.get("endpoint"), expect.get("error")) {
        (Some(endpoint), None) => {
            let e = object(endpoint, "the expected endpoint")?;
            known_keys(
                e,
                &["url", "headers", "properties"],
                "the expected endpoint",
            )?;
            if e.get("headers")
                .is_some_and(|v| v.as_object().is_none_or(|m| !m.is_empty()))
            {
                return Err("expected endpoint headers are not supported".to_owned());
            }
            let auth = match properties(e, "expected endpoint")? {
                None => None,
                Some(schemes) => {
                    auth_scheme(schemes, |v| string(v, "a signing value").map(str::to_owned))?.map(
                        |scheme| match scheme {
                            Scheme::SigV4 { name, region } => ExpectedAuth::SigV4 { name, region },
                            Scheme::SigV4a { name, region_set } => {
                                ExpectedAuth::SigV4a { name, region_set }
                            }
                            Scheme::Unsupported(name) => ExpectedAuth::Unsupported(name),
                        },
                    )
                }
            };
            Expect::Endpoint {
                url: string(field(e, "url", "the expected endpoint")?, "`url`")?.to_owned(),
                auth,
            }
        }
        (None, Some(error)) => Expect::Error(string(error, "the expected error")?.to_owned()),
        _ => return Err("`expect` must have either `endpoint` or `error`".to_owned()),
    };
    Ok(TestCase {
        name,
        documentation: documentation.to_owned(),
        params: values,
        expect,
    })
}

// ---------------------------------------------------------------------------------------------
// JSON access

fn object<'a>(value: &'a Value, what: &str) -> Result<&'a Map<String, Value>, String> {
    value
        .as_object()
        .ok_or_else(|| format!("{what} is not an object: {value}"))
}

fn array<'a>(value: &'a Value, what: &str) -> Result<&'a Vec<Value>, String> {
    value
        .as_array()
        .ok_or_else(|| format!("{what} is not an array: {value}"))
}

fn string<'a>(value: &'a Value, what: &str) -> Result<&'a str, String> {
    value
        .as_str()
        .ok_or_else(|| format!("{what} is not a string: {value}"))
}

fn field<'a>(map: &'a Map<String, Value>, key: &str, what: &str) -> Result<&'a Value, String> {
    map.get(key).ok_or_else(|| format!("{what} has no `{key}`"))
}

/// Rejects any key not in `known`, so nothing the rule set says is silently dropped.
fn known_keys(map: &Map<String, Value>, known: &[&str], what: &str) -> Result<(), String> {
    match map.keys().find(|k| !known.contains(&k.as_str())) {
        Some(key) => Err(format!("{what} has `{key}`, which is not supported")),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn error(rule_set: Value, tests: Option<Value>) -> String {
        RuleSet::parse(&rule_set, tests.as_ref()).unwrap_err()
    }

    /// A rule set with the official parameters and `rules`.
    fn with_rules(rules: Value) -> Value {
        json!({
            "version": "1.0",
            "parameters": {
                "Region": {"builtIn": "AWS::Region", "required": false, "documentation": "The region.", "type": "string"},
                "UseFIPS": {"builtIn": "AWS::UseFIPS", "required": true, "default": false, "documentation": "FIPS.", "type": "boolean"},
                "Endpoint": {"builtIn": "SDK::Endpoint", "required": false, "documentation": "A custom endpoint.", "type": "string"}
            },
            "rules": rules
        })
    }

    #[test]
    fn unsupported_function() {
        let rule_set = with_rules(json!([
            {
                "conditions": [{"fn": "coalesce", "argv": [{"ref": "Region"}, "x"], "assign": "R"}],
                "endpoint": {"url": "https://example.com"},
                "type": "endpoint"
            },
            {"conditions": [], "error": "No region", "type": "error"}
        ]));
        assert_eq!(
            error(rule_set, None),
            "endpoint rule set: function `coalesce` is not supported"
        );
    }

    #[test]
    fn unsupported_rule_sets_are_named() {
        let endpoint = |endpoint: Value| {
            with_rules(json!([{"conditions": [], "endpoint": endpoint, "type": "endpoint"}]))
        };
        let cases = [
            (
                with_rules(json!([{
                    "conditions": [
                        {"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "stringEquals", "argv": [
                            {"fn": "substring", "argv": ["{Region}", 0, 2, false]}, "us"
                        ]}
                    ],
                    "endpoint": {"url": "https://x"},
                    "type": "endpoint"
                }])),
                "endpoint rule set: {\"argv\":[\"{Region}\",0,2,false],\"fn\":\"substring\"} may \
                 have no value where it is used (assign it in a condition first)",
            ),
            (
                with_rules(json!([{
                    "conditions": [
                        {"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "aws.parseArn", "argv": ["{Region}"], "assign": "Arn"}
                    ],
                    "endpoint": {"url": "https://{Arn#resourceId[0]}.x"},
                    "type": "endpoint"
                }])),
                "endpoint rule set: \"{Arn#resourceId[0]}\" may have no value where it is used \
                 (assign it in a condition first)",
            ),
            (
                with_rules(json!([{
                    "conditions": [
                        {"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "getAttr", "argv": [{"ref": "Region"}, "[0]"], "assign": "First"}
                    ],
                    "endpoint": {"url": "https://x"},
                    "type": "endpoint"
                }])),
                "endpoint rule set: `getAttr` of {\"ref\":\"Region\"} with path `[0]` is not \
                 supported (only of a partition, an ARN, a URL or an array)",
            ),
            (
                endpoint(json!({"url": "https://x", "headers": {"x-amz-a": ["b"]}})),
                "endpoint rule set: endpoint headers (`x-amz-a`) are not supported",
            ),
            (
                endpoint(json!({"url": "https://{Region}.example.com"})),
                "endpoint rule set: `Region` may be unset where it is used (check it with `isSet` first)",
            ),
            (
                endpoint(json!({"url": "https://{Nope}.example.com"})),
                "endpoint rule set: reference to unknown `Nope`",
            ),
            (
                with_rules(json!([{
                    "conditions": [
                        {"fn": "isSet", "argv": [{"ref": "Region"}]},
                        {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "P"}
                    ],
                    "endpoint": {"url": "https://{P#region}"},
                    "type": "endpoint"
                }])),
                "endpoint rule set: partition attribute `region` is not supported",
            ),
            (
                with_rules(json!([{"conditions": [], "type": "bdd"}])),
                "endpoint rule set: rule type `bdd` is not supported",
            ),
            (
                json!({"version": "1.0", "rules": [], "parameters": {
                    "Names": {"type": "stringArray", "documentation": "Names.", "default": ["a", 1]}
                }}),
                "endpoint rule set: the default of parameter `Names` is an array of strings, not [\"a\",1]",
            ),
            (
                json!({"version": "1.0", "rules": [], "parameters": {
                    "Bucket": {"type": "string", "required": true, "documentation": "Bucket."}
                }}),
                "endpoint rule set: parameter `Bucket` is required without a default, which is not supported",
            ),
        ];
        for (rule_set, expected) in cases {
            assert_eq!(error(rule_set, None), expected);
        }
    }

    #[test]
    fn unsupported_tests_are_named() {
        let rule_set = with_rules(json!([{"conditions": [], "error": "No", "type": "error"}]));
        let cases = [
            (
                json!({"expect": {"endpoint": {"url": "https://x", "headers": {"a": ["b"]}}}}),
                "endpoint tests: test case 1: expected endpoint headers are not supported",
            ),
            (
                json!({"params": {"Bucket": "b"}, "expect": {"error": "No"}}),
                "endpoint tests: test case 1: parameter `Bucket` is not declared by the rule set",
            ),
            (
                json!({"params": {"UseFIPS": "yes"}, "expect": {"error": "No"}}),
                "endpoint tests: test case 1: parameter `UseFIPS` is a boolean, not \"yes\"",
            ),
            (
                json!({"expect": {"url": "https://x"}}),
                "endpoint tests: test case 1: `expect` must have either `endpoint` or `error`",
            ),
        ];
        for (case, expected) in cases {
            let tests = json!({"version": "1.0", "testCases": [case]});
            assert_eq!(error(rule_set.clone(), Some(tests)), expected);
        }
    }
}
