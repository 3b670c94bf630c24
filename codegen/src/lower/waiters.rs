//! Waiters (`smithy.waiters#waitable`): each waiter's acceptors, with their JMESPath queries
//! parsed and typed against the shapes they read, so that emission writes plain Rust over the
//! generated types and nothing is interpreted when a crate runs.
//!
//! A waiter that cannot be compiled (a JMESPath feature no AWS waiter uses, or a query that
//! names a member its shape does not have) is left out with a warning: waiters change nothing on
//! the wire, so the operation stays.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value as Json;

use crate::check::Checked;
use crate::error::Diagnostic;
use crate::ir::{
    Acceptor, Comparator, CompareOp, EndpointParam, EndpointValue, Ir, Kind, LeftOutWaiter,
    Matcher, Query, QueryExpr, QueryMatch, QueryType, Structure, Waiter, WaiterState, shape_name,
};
use crate::rules::ParamType;

/// The waiters of every operation, or why one is left out.
pub(super) fn lower(checked: &Checked<'_>, ir: &mut Ir) {
    let mut left_out = Vec::new();
    for op in &mut ir.operations {
        let Some(waitable) = checked.traits(&op.shape_id).waitable.as_ref() else {
            continue;
        };
        let operation = shape_name(&op.shape_id).to_owned();
        let waiters: BTreeMap<String, Json> = match serde_json::from_value(waitable.clone()) {
            Ok(waiters) => waiters,
            Err(e) => {
                left_out.push(LeftOutWaiter {
                    operation,
                    waiter: String::new(),
                    reason: format!("`smithy.waiters#waitable` cannot be read: {e}"),
                });
                continue;
            }
        };
        let shapes = Shapes {
            structures: &ir.structures,
            input: &op.input,
            output: &op.output,
        };
        for (name, value) in waiters {
            match waiter(&shapes, &name, value) {
                Ok(w) => op.waiters.push(w),
                Err(reason) => left_out.push(LeftOutWaiter {
                    operation: operation.clone(),
                    waiter: name,
                    reason,
                }),
            }
        }
    }
    ir.waiters_left_out = left_out;
}

/// The rule-set parameters each operation sets from its input
/// (`smithy.rules#operationContextParams`), their JMESPath paths compiled against the input:
/// a string parameter from a path that gives a string, a `stringArray` one from a path that
/// gives a list of strings. A path that cannot be compiled is a problem of the model's.
pub(super) fn operation_context_params(checked: &Checked<'_>, ir: &mut Ir) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let Some(rules) = &checked.rules else {
        return problems;
    };
    for op in &mut ir.operations {
        let Some(params) = &checked.traits(&op.shape_id).operation_context_params else {
            continue;
        };
        let shapes = Shapes {
            structures: &ir.structures,
            input: &op.input,
            output: &op.output,
        };
        for (name, value) in params {
            let Some(param) = rules.params.iter().find(|p| &p.name == name) else {
                problems.push(Diagnostic::new(
                    &op.shape_id,
                    None,
                    format!(
                        "`smithy.rules#operationContextParams` sets `{}`, which is no parameter \
                         of the endpoint rule set",
                        name.escape_debug()
                    ),
                ));
                continue;
            };
            let wanted = match param.ty {
                ParamType::String => QueryType::Str,
                ParamType::StringArray => QueryType::List(Box::new(QueryType::Str)),
                ParamType::Boolean => QueryType::Bool,
            };
            let root = Query {
                expr: QueryExpr::Input,
                ty: QueryType::Structure(op.input.clone()),
            };
            let compiled = Parser::parse(&value.path)
                .and_then(|ast| compile(&shapes, &ast, &root))
                .and_then(|q| {
                    if q.ty == wanted {
                        Ok(q)
                    } else {
                        Err(format!(
                            "it gives {}, not the {} of the parameter",
                            type_name(&q.ty),
                            param.ty.name()
                        ))
                    }
                });
            match compiled {
                // Static values and members' `contextParam`s win.
                Ok(query) if !op.endpoint_params.iter().any(|p| p.field == param.field) => {
                    op.endpoint_params.push(EndpointParam {
                        field: param.field.clone(),
                        optional: param.is_optional(),
                        value: EndpointValue::Query(query),
                    });
                }
                Ok(_) => {}
                Err(e) => problems.push(Diagnostic::new(
                    &op.shape_id,
                    None,
                    format!(
                        "`smithy.rules#operationContextParams` path `{}` of `{}` cannot be \
                         compiled: {e}",
                        value.path.escape_debug(),
                        name.escape_debug()
                    ),
                )),
            }
        }
    }
    problems
}

/// A waiter as the model writes it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct WaiterValue {
    documentation: Option<String>,
    acceptors: Vec<AcceptorValue>,
    min_delay: Option<u64>,
    max_delay: Option<u64>,
    #[serde(default)]
    deprecated: bool,
}

#[derive(Deserialize)]
struct AcceptorValue {
    state: String,
    matcher: BTreeMap<String, Json>,
}

#[derive(Deserialize)]
struct PathMatcherValue {
    path: String,
    expected: String,
    comparator: String,
}

/// What queries can read: the structures, and the operation's input and output keys.
struct Shapes<'a> {
    structures: &'a BTreeMap<String, Structure>,
    input: &'a str,
    output: &'a str,
}

fn waiter(shapes: &Shapes<'_>, name: &str, value: Json) -> Result<Waiter, String> {
    let value: WaiterValue =
        serde_json::from_value(value).map_err(|e| format!("it cannot be read: {e}"))?;
    // The defaults and limits of the Smithy specification.
    let min_delay = value.min_delay.unwrap_or(2);
    let max_delay = value.max_delay.unwrap_or(120);
    if min_delay == 0 || max_delay < min_delay {
        return Err(format!(
            "its delays are not 1 <= minDelay ({min_delay}) <= maxDelay ({max_delay})"
        ));
    }
    if value.acceptors.is_empty() {
        return Err("it has no acceptors".to_owned());
    }
    let acceptors = value
        .acceptors
        .into_iter()
        .enumerate()
        .map(|(i, a)| acceptor(shapes, a).map_err(|e| format!("acceptor {}: {e}", i + 1)))
        .collect::<Result<_, _>>()?;
    Ok(Waiter {
        name: name.to_owned(),
        method: String::new(),
        classify: String::new(),
        docs: value.documentation.unwrap_or_default(),
        deprecated: value.deprecated,
        min_delay,
        max_delay,
        acceptors,
    })
}

fn acceptor(shapes: &Shapes<'_>, value: AcceptorValue) -> Result<Acceptor, String> {
    let state = match value.state.as_str() {
        "success" => WaiterState::Success,
        "failure" => WaiterState::Failure,
        "retry" => WaiterState::Retry,
        other => return Err(format!("unknown state `{other}`")),
    };
    let mut matchers = value.matcher.into_iter();
    let (Some((kind, matcher)), None) = (matchers.next(), matchers.next()) else {
        return Err("a matcher has exactly one member".to_owned());
    };
    let matcher = match kind.as_str() {
        "success" => Matcher::Success(
            matcher
                .as_bool()
                .ok_or("the `success` matcher is a boolean")?,
        ),
        "errorType" => {
            let code = matcher
                .as_str()
                .ok_or("the `errorType` matcher is a string")?;
            // An absolute shape id or a bare name: the code on the wire is the name.
            Matcher::ErrorType(shape_name(code).to_owned())
        }
        "output" => {
            let root = Query {
                expr: QueryExpr::Output,
                ty: QueryType::Structure(shapes.output.to_owned()),
            };
            Matcher::Output(query_match(shapes, &root, matcher)?)
        }
        "inputOutput" => {
            let root = Query {
                expr: QueryExpr::InputOutput,
                ty: QueryType::InputOutput,
            };
            Matcher::InputOutput(query_match(shapes, &root, matcher)?)
        }
        other => return Err(format!("unknown matcher `{other}`")),
    };
    Ok(Acceptor { state, matcher })
}

fn query_match(shapes: &Shapes<'_>, root: &Query, value: Json) -> Result<QueryMatch, String> {
    let value: PathMatcherValue =
        serde_json::from_value(value).map_err(|e| format!("the matcher cannot be read: {e}"))?;
    let ast = Parser::parse(&value.path).map_err(|e| format!("path `{}`: {e}", value.path))?;
    let query = compile(shapes, &ast, root).map_err(|e| format!("path `{}`: {e}", value.path))?;
    let list_of_strings = matches!(&query.ty, QueryType::List(item) if **item == QueryType::Str);
    let comparator = match value.comparator.as_str() {
        "stringEquals" if query.ty == QueryType::Str => Comparator::StringEquals,
        "booleanEquals" if query.ty == QueryType::Bool => {
            if value.expected != "true" && value.expected != "false" {
                return Err(format!(
                    "`booleanEquals` expects `true` or `false`, not `{}`",
                    value.expected
                ));
            }
            Comparator::BooleanEquals
        }
        "allStringEquals" if list_of_strings => Comparator::AllStringEquals,
        "anyStringEquals" if list_of_strings => Comparator::AnyStringEquals,
        "stringEquals" | "booleanEquals" | "allStringEquals" | "anyStringEquals" => {
            return Err(format!(
                "path `{}` gives {}, which `{}` cannot compare",
                value.path,
                type_name(&query.ty),
                value.comparator
            ));
        }
        other => return Err(format!("unknown comparator `{other}`")),
    };
    Ok(QueryMatch {
        query,
        comparator,
        expected: value.expected,
    })
}

fn type_name(ty: &QueryType) -> &'static str {
    match ty {
        QueryType::Str => "a string",
        QueryType::Bool => "a boolean",
        QueryType::Num => "a number",
        QueryType::Structure(_) => "a structure",
        QueryType::List(_) => "a list",
        QueryType::Map => "a map",
        QueryType::Other => "a timestamp, blob or document",
        QueryType::Null => "null",
        QueryType::Truth => "the value of `&&` or `||` over values that are not booleans",
        QueryType::InputOutput => "the input and output",
    }
}

/// The query type of a member's values.
fn kind_type(kind: &Kind) -> QueryType {
    match kind {
        Kind::String | Kind::Enum(_) => QueryType::Str,
        Kind::Boolean => QueryType::Bool,
        Kind::Int(_) | Kind::Float | Kind::Double => QueryType::Num,
        Kind::Structure(id) => QueryType::Structure(id.clone()),
        Kind::List(item) => QueryType::List(Box::new(kind_type(&item.kind))),
        Kind::Nullable(item) => kind_type(&item.kind),
        Kind::Map(..) => QueryType::Map,
        Kind::Timestamp(_) | Kind::Blob | Kind::Document | Kind::Unit => QueryType::Other,
    }
}

/// Types `ast` evaluated at `at`.
fn compile(shapes: &Shapes<'_>, ast: &Ast, at: &Query) -> Result<Query, String> {
    let node = |expr, ty| Ok(Query { expr, ty });
    let boxed = |ast: &Ast, at: &Query| compile(shapes, ast, at).map(Box::new);
    match ast {
        Ast::Current => Ok(at.clone()),
        Ast::Field(name) => field(shapes, at, name),
        Ast::Sub(a, b) => compile(shapes, b, &compile(shapes, a, at)?),
        Ast::Pipe(a, b) => compile(shapes, b, &compile(shapes, a, at)?),
        Ast::Index(a, n) => {
            let list = boxed(a, at)?;
            let QueryType::List(item) = list.ty.clone() else {
                return Err(format!("`[{n}]` indexes {}", type_name(&list.ty)));
            };
            node(QueryExpr::Index(list, *n), *item)
        }
        Ast::Flatten(a) => {
            let list = boxed(a, at)?;
            let ty = match &list.ty {
                QueryType::List(item) => match &**item {
                    QueryType::List(inner) => QueryType::List(inner.clone()),
                    _ => list.ty.clone(),
                },
                other => return Err(format!("`[]` flattens {}", type_name(other))),
            };
            node(QueryExpr::Flatten(list), ty)
        }
        Ast::Project(a, each) => project(shapes, boxed(a, at)?, None, each),
        Ast::Filter(a, cond, each) => project(shapes, boxed(a, at)?, Some(cond), each),
        Ast::And(a, b) | Ast::Or(a, b) => {
            let (a, b) = (boxed(a, at)?, boxed(b, at)?);
            let ty = if a.ty == QueryType::Bool && b.ty == QueryType::Bool {
                QueryType::Bool
            } else {
                QueryType::Truth
            };
            let expr = if matches!(ast, Ast::And(..)) {
                QueryExpr::And(a, b)
            } else {
                QueryExpr::Or(a, b)
            };
            node(expr, ty)
        }
        Ast::Not(a) => node(QueryExpr::Not(boxed(a, at)?), QueryType::Bool),
        Ast::Compare(op, a, b) => {
            let (a, b) = (boxed(a, at)?, boxed(b, at)?);
            let comparable = match op {
                CompareOp::Eq | CompareOp::Ne => {
                    (a.ty == b.ty
                        && matches!(a.ty, QueryType::Str | QueryType::Bool | QueryType::Num))
                        || ((a.ty == QueryType::Null) != (b.ty == QueryType::Null))
                }
                _ => a.ty == QueryType::Num && b.ty == QueryType::Num,
            };
            if !comparable {
                return Err(format!(
                    "it compares {} with {}",
                    type_name(&a.ty),
                    type_name(&b.ty)
                ));
            }
            node(QueryExpr::Compare(*op, a, b), QueryType::Bool)
        }
        Ast::Literal(value) => match value {
            Json::String(s) => node(QueryExpr::Str(s.clone()), QueryType::Str),
            Json::Bool(b) => node(QueryExpr::Bool(*b), QueryType::Bool),
            Json::Number(n) => node(
                QueryExpr::Num(n.as_f64().ok_or("a number out of range")?),
                QueryType::Num,
            ),
            Json::Null => node(QueryExpr::Null, QueryType::Null),
            Json::Array(_) | Json::Object(_) => {
                Err("array and object literals are not supported".to_owned())
            }
        },
        Ast::Function(name, args) => {
            let args = args
                .iter()
                .map(|a| boxed(a, at))
                .collect::<Result<Vec<_>, _>>()?;
            let mut args = args.into_iter();
            match (name.as_str(), args.next(), args.next(), args.next()) {
                ("length", Some(x), None, None) => {
                    if !matches!(x.ty, QueryType::Str | QueryType::List(_) | QueryType::Map) {
                        return Err(format!("`length` of {}", type_name(&x.ty)));
                    }
                    node(QueryExpr::Length(x), QueryType::Num)
                }
                ("contains", Some(subject), Some(search), None) => {
                    let fits = match &subject.ty {
                        QueryType::List(item) => {
                            **item == search.ty
                                && matches!(
                                    search.ty,
                                    QueryType::Str | QueryType::Bool | QueryType::Num
                                )
                        }
                        QueryType::Str => search.ty == QueryType::Str,
                        _ => false,
                    };
                    if !fits {
                        return Err(format!(
                            "`contains` looks for {} in {}",
                            type_name(&search.ty),
                            type_name(&subject.ty)
                        ));
                    }
                    node(QueryExpr::Contains(subject, search), QueryType::Bool)
                }
                ("keys", Some(x), None, None) => {
                    if x.ty != QueryType::Map || !matches!(x.expr, QueryExpr::Field { .. }) {
                        return Err(format!("`keys` of {}", type_name(&x.ty)));
                    }
                    node(
                        QueryExpr::Keys(x),
                        QueryType::List(Box::new(QueryType::Str)),
                    )
                }
                ("length" | "contains" | "keys", ..) => {
                    Err(format!("`{name}` is given the wrong number of arguments"))
                }
                _ => Err(format!("the function `{name}` is not supported")),
            }
        }
        Ast::List(items) => {
            let items = items
                .iter()
                .map(|a| compile(shapes, a, at))
                .collect::<Result<Vec<_>, _>>()?;
            let ty = items
                .first()
                .map(|q| q.ty.clone())
                .unwrap_or(QueryType::Null);
            if items.iter().any(|q| q.ty != ty) || matches!(ty, QueryType::Null | QueryType::Truth)
            {
                return Err("a multi-select list mixes types".to_owned());
            }
            node(QueryExpr::List(items), QueryType::List(Box::new(ty)))
        }
    }
}

/// A member read from the value at `at`.
fn field(shapes: &Shapes<'_>, at: &Query, name: &str) -> Result<Query, String> {
    match &at.ty {
        QueryType::InputOutput => match name {
            "input" => Ok(Query {
                expr: QueryExpr::Input,
                ty: QueryType::Structure(shapes.input.to_owned()),
            }),
            "output" => Ok(Query {
                expr: QueryExpr::Output,
                ty: QueryType::Structure(shapes.output.to_owned()),
            }),
            _ => Err(format!(
                "an `inputOutput` path starts with `input` or `output`, not `{name}`"
            )),
        },
        QueryType::Structure(key) => {
            let s = shapes
                .structures
                .get(key)
                .ok_or_else(|| format!("no structure `{key}`"))?;
            let index = s
                .fields
                .iter()
                .position(|f| f.member_name == name)
                .ok_or_else(|| {
                    format!(
                        "`{}` has no member `{name}`",
                        shape_name(&s.shape_id)
                            .trim_end_matches("$Input")
                            .trim_end_matches("$Output")
                    )
                })?;
            Ok(Query {
                expr: QueryExpr::Field {
                    of: Box::new(at.clone()),
                    structure: key.clone(),
                    field: index,
                },
                ty: kind_type(&s.fields[index].value.kind),
            })
        }
        other => Err(format!("`{name}` is read from {}", type_name(other))),
    }
}

/// A projection of `list`: `each` at every item that passes `filter`.
fn project(
    shapes: &Shapes<'_>,
    list: Box<Query>,
    filter: Option<&Ast>,
    each: &Ast,
) -> Result<Query, String> {
    let QueryType::List(item) = list.ty.clone() else {
        return Err(format!("it projects {}", type_name(&list.ty)));
    };
    let current = Query {
        expr: QueryExpr::Current,
        ty: *item,
    };
    let filter = match filter {
        Some(_) if matches!(current.ty, QueryType::List(_)) => {
            return Err("filters over lists of lists are not supported".to_owned());
        }
        Some(cond) => Some(Box::new(compile(shapes, cond, &current)?)),
        None => None,
    };
    let each = compile(shapes, each, &current)?;
    if matches!(
        each.ty,
        QueryType::Null | QueryType::Truth | QueryType::InputOutput
    ) {
        return Err(format!("a projection gives {}", type_name(&each.ty)));
    }
    let ty = QueryType::List(Box::new(each.ty.clone()));
    Ok(Query {
        expr: QueryExpr::Project {
            list,
            filter,
            each: Box::new(each),
        },
        ty,
    })
}

/// JMESPath as parsed, before typing.
#[derive(Debug, Clone, PartialEq)]
enum Ast {
    Current,
    Field(String),
    Sub(Box<Ast>, Box<Ast>),
    Pipe(Box<Ast>, Box<Ast>),
    Index(Box<Ast>, i64),
    Flatten(Box<Ast>),
    Project(Box<Ast>, Box<Ast>),
    Filter(Box<Ast>, Box<Ast>, Box<Ast>),
    And(Box<Ast>, Box<Ast>),
    Or(Box<Ast>, Box<Ast>),
    Not(Box<Ast>),
    Compare(CompareOp, Box<Ast>, Box<Ast>),
    Literal(Json),
    Function(String, Vec<Ast>),
    List(Vec<Ast>),
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Dot,
    Star,
    LBracket,
    RBracket,
    Flatten,
    Filter,
    LParen,
    RParen,
    Comma,
    Pipe,
    Or,
    And,
    Not,
    Compare(CompareOp),
    At,
    Literal(Json),
    Number(i64),
    /// `{`, `}`, `:`, `&` and `.*`-style forms no AWS waiter uses.
    Unsupported(char),
    End,
}

impl Token {
    /// Binding powers, as the JMESPath reference parser has them.
    fn power(&self) -> u8 {
        match self {
            Self::Pipe => 1,
            Self::Or => 2,
            Self::And => 3,
            Self::Compare(_) => 5,
            Self::Flatten => 9,
            Self::Star => 20,
            Self::Filter => 21,
            Self::Dot => 40,
            Self::Not => 45,
            Self::LBracket => 55,
            Self::LParen => 60,
            _ => 0,
        }
    }
}

/// Tokens below this power end a projection.
const PROJECTION_STOP: u8 = 10;

fn tokens(text: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let next_is = |i: usize, c: char| chars.get(i + 1) == Some(&c);
    while let Some(&c) = chars.get(i) {
        let token = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            '.' => Token::Dot,
            '*' => Token::Star,
            '@' => Token::At,
            ']' => Token::RBracket,
            '(' => Token::LParen,
            ')' => Token::RParen,
            ',' => Token::Comma,
            '[' if next_is(i, ']') => {
                i += 1;
                Token::Flatten
            }
            '[' if next_is(i, '?') => {
                i += 1;
                Token::Filter
            }
            '[' => Token::LBracket,
            '|' if next_is(i, '|') => {
                i += 1;
                Token::Or
            }
            '|' => Token::Pipe,
            '&' if next_is(i, '&') => {
                i += 1;
                Token::And
            }
            '!' if next_is(i, '=') => {
                i += 1;
                Token::Compare(CompareOp::Ne)
            }
            '!' => Token::Not,
            '=' if next_is(i, '=') => {
                i += 1;
                Token::Compare(CompareOp::Eq)
            }
            '<' | '>' => {
                let or_equal = next_is(i, '=');
                if or_equal {
                    i += 1;
                }
                Token::Compare(match (c, or_equal) {
                    ('<', false) => CompareOp::Lt,
                    ('<', true) => CompareOp::Le,
                    ('>', false) => CompareOp::Gt,
                    _ => CompareOp::Ge,
                })
            }
            '`' | '\'' | '"' => {
                let (body, end) = delimited(&chars, i)?;
                i = end;
                match c {
                    // A JSON literal, with `\`` for a backtick.
                    '`' => Token::Literal(
                        serde_json::from_str(body.replace("\\`", "`").trim())
                            .map_err(|e| format!("literal `{body}` is not JSON: {e}"))?,
                    ),
                    // A raw string: only `\'` is an escape.
                    '\'' => Token::Literal(Json::String(body.replace("\\'", "'"))),
                    // A quoted identifier, a JSON string.
                    _ => Token::Ident(
                        serde_json::from_str(&format!("\"{body}\""))
                            .map_err(|e| format!("identifier \"{body}\": {e}"))?,
                    ),
                }
            }
            '-' | '0'..='9' => {
                let start = i;
                i += 1;
                while chars.get(i).is_some_and(char::is_ascii_digit) {
                    i += 1;
                }
                let digits: String = chars[start..i].iter().collect();
                out.push(Token::Number(
                    digits
                        .parse()
                        .map_err(|_| format!("`{digits}` is not a number"))?,
                ));
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = i;
                while chars
                    .get(i)
                    .is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_')
                {
                    i += 1;
                }
                out.push(Token::Ident(chars[start..i].iter().collect()));
                continue;
            }
            '{' | '}' | ':' | '&' => Token::Unsupported(c),
            other => return Err(format!("unexpected `{other}`")),
        };
        out.push(token);
        i += 1;
    }
    out.push(Token::End);
    Ok(out)
}

/// The text between the quote at `start` and the next one not escaped with `\`, and the index
/// of the closing quote.
fn delimited(chars: &[char], start: usize) -> Result<(String, usize), String> {
    let quote = chars[start];
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        if c == '\\' {
            i += 2;
            continue;
        }
        if c == quote {
            return Ok((chars[start + 1..i].iter().collect(), i));
        }
        i += 1;
    }
    Err(format!("unclosed {quote}"))
}

/// A Pratt parser of the JMESPath grammar, following the binding powers of the reference
/// implementation.
struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

/// The most tokens an expression may have. Parsing, compiling and dropping an expression recurse
/// as deep as it nests, and it cannot nest deeper than it is long: the bound keeps a hostile
/// model from overflowing the stack. AWS waiters' expressions have a few dozen tokens.
const MAX_TOKENS: usize = 1_000;

impl Parser {
    fn parse(text: &str) -> Result<Ast, String> {
        let tokens = tokens(text)?;
        if tokens.len() > MAX_TOKENS {
            return Err(format!(
                "the expression has {} tokens, more than the {MAX_TOKENS} compiled",
                tokens.len()
            ));
        }
        let mut parser = Self { tokens, at: 0 };
        let ast = parser.expression(0)?;
        match parser.peek() {
            Token::End => Ok(ast),
            other => Err(format!("unexpected {other:?} after the expression")),
        }
    }

    fn peek(&self) -> &Token {
        self.tokens.get(self.at).unwrap_or(&Token::End)
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        self.tokens.get(self.at + ahead).unwrap_or(&Token::End)
    }

    fn next(&mut self) -> Token {
        let token = self.peek().clone();
        self.at += 1;
        token
    }

    fn expect(&mut self, token: &Token) -> Result<(), String> {
        let next = self.next();
        if &next == token {
            Ok(())
        } else {
            Err(format!("expected {token:?}, found {next:?}"))
        }
    }

    fn expression(&mut self, power: u8) -> Result<Ast, String> {
        let token = self.next();
        let mut left = self.prefix(token)?;
        while power < self.peek().power() {
            let token = self.next();
            left = self.infix(token, left)?;
        }
        Ok(left)
    }

    fn prefix(&mut self, token: Token) -> Result<Ast, String> {
        Ok(match token {
            Token::Literal(value) => Ast::Literal(value),
            Token::Ident(name) => Ast::Field(name),
            Token::At => Ast::Current,
            Token::Not => Ast::Not(Box::new(self.expression(Token::Not.power())?)),
            Token::LParen => {
                let inner = self.expression(0)?;
                self.expect(&Token::RParen)?;
                inner
            }
            Token::Flatten => self.flatten(Ast::Current)?,
            Token::Filter => self.filter(Ast::Current)?,
            Token::LBracket => match (self.peek().clone(), self.peek_at(1)) {
                (Token::Number(n), _) => {
                    self.next();
                    self.expect(&Token::RBracket)?;
                    Ast::Index(Box::new(Ast::Current), n)
                }
                (Token::Star, Token::RBracket) => {
                    self.next();
                    self.next();
                    Ast::Project(
                        Box::new(Ast::Current),
                        Box::new(self.projection_rhs(Token::Star.power())?),
                    )
                }
                _ => self.list()?,
            },
            Token::Star => return Err("object wildcards are not supported".to_owned()),
            Token::Unsupported(c) => return Err(format!("`{c}` is not supported")),
            other => return Err(format!("unexpected {other:?}")),
        })
    }

    fn infix(&mut self, token: Token, left: Ast) -> Result<Ast, String> {
        let boxed = Box::new(left);
        Ok(match token {
            Token::Dot => {
                if *self.peek() == Token::Star {
                    return Err("object wildcards are not supported".to_owned());
                }
                Ast::Sub(boxed, Box::new(self.dot_rhs(Token::Dot.power())?))
            }
            Token::Pipe => Ast::Pipe(boxed, Box::new(self.expression(Token::Pipe.power())?)),
            Token::Or => Ast::Or(boxed, Box::new(self.expression(Token::Or.power())?)),
            Token::And => Ast::And(boxed, Box::new(self.expression(Token::And.power())?)),
            Token::Compare(op) => Ast::Compare(op, boxed, Box::new(self.expression(5)?)),
            Token::Flatten => self.flatten(*boxed)?,
            Token::Filter => self.filter(*boxed)?,
            Token::LBracket => match self.next() {
                Token::Number(n) => {
                    self.expect(&Token::RBracket)?;
                    Ast::Index(boxed, n)
                }
                Token::Star => {
                    self.expect(&Token::RBracket)?;
                    Ast::Project(boxed, Box::new(self.projection_rhs(Token::Star.power())?))
                }
                other => return Err(format!("unexpected {other:?} after `[`")),
            },
            Token::LParen => {
                let Ast::Field(name) = *boxed else {
                    return Err("only a name can be called".to_owned());
                };
                let mut args = Vec::new();
                while *self.peek() != Token::RParen {
                    args.push(self.expression(0)?);
                    if *self.peek() == Token::Comma {
                        self.next();
                    }
                }
                self.next();
                Ast::Function(name, args)
            }
            other => return Err(format!("unexpected {other:?}")),
        })
    }

    fn flatten(&mut self, left: Ast) -> Result<Ast, String> {
        Ok(Ast::Project(
            Box::new(Ast::Flatten(Box::new(left))),
            Box::new(self.projection_rhs(Token::Flatten.power())?),
        ))
    }

    fn filter(&mut self, left: Ast) -> Result<Ast, String> {
        let condition = self.expression(0)?;
        self.expect(&Token::RBracket)?;
        Ok(Ast::Filter(
            Box::new(left),
            Box::new(condition),
            Box::new(self.projection_rhs(Token::Filter.power())?),
        ))
    }

    /// `[a, b, …]`, after its `[`.
    fn list(&mut self) -> Result<Ast, String> {
        let mut items = vec![self.expression(0)?];
        while *self.peek() == Token::Comma {
            self.next();
            items.push(self.expression(0)?);
        }
        self.expect(&Token::RBracket)?;
        Ok(Ast::List(items))
    }

    fn dot_rhs(&mut self, power: u8) -> Result<Ast, String> {
        match self.peek() {
            Token::Ident(_) => self.expression(power),
            Token::LBracket => {
                self.next();
                self.list()
            }
            other => Err(format!("unexpected {other:?} after `.`")),
        }
    }

    /// What a projection evaluates at each item: up to a token that ends it.
    fn projection_rhs(&mut self, power: u8) -> Result<Ast, String> {
        match self.peek() {
            t if t.power() < PROJECTION_STOP => Ok(Ast::Current),
            Token::LBracket | Token::Filter => self.expression(power),
            Token::Dot => {
                self.next();
                self.dot_rhs(power)
            }
            other => Err(format!("unexpected {other:?} after a projection")),
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The IR of an operation `t#Get` whose output has `status` (an enum), `items` (a list of
    /// structures with `name`) and `count`, with these waiters.
    fn with_waiters(waiters: Json) -> Ir {
        crate::lower::tests::lowered(json!({
            "t#Get": {
                "type": "operation",
                "input": {"target": "smithy.api#Unit"},
                "output": {"target": "t#GetOutput"},
                "traits": {
                    "smithy.api#http": {"method": "GET", "uri": "/get"},
                    "smithy.waiters#waitable": waiters
                }
            },
            "t#GetOutput": {"type": "structure", "members": {
                "status": {"target": "t#Status"},
                "items": {"target": "t#Items"},
                "count": {"target": "smithy.api#Integer"}
            }},
            "t#Status": {"type": "enum", "members": {
                "UP": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "up"}}
            }},
            "t#Items": {"type": "list", "member": {"target": "t#Item"}},
            "t#Item": {"type": "structure", "members": {
                "name": {"target": "smithy.api#String"}
            }}
        }))
    }

    fn output(path: &str, comparator: &str) -> Json {
        json!({"acceptors": [{"state": "success", "matcher": {"output": {
            "path": path, "expected": "x", "comparator": comparator
        }}}]})
    }

    #[test]
    fn waiters_are_typed_against_their_shapes() {
        let ir = with_waiters(json!({
            "Up": output("status", "stringEquals"),
            "Named": output("items[].name", "anyStringEquals"),
            "Counted": {"minDelay": 5, "maxDelay": 50, "deprecated": true, "acceptors": [
                {"state": "retry", "matcher": {"output": {
                    "path": "length(items) > count", "expected": "true",
                    "comparator": "booleanEquals"
                }}},
                {"state": "failure", "matcher": {"errorType": "t#Gone"}}
            ]}
        }));
        assert_eq!(ir.waiters_left_out, []);
        let waiters = &ir.operations[0].waiters;
        let names: Vec<(&str, &str, &str)> = waiters
            .iter()
            .map(|w| (w.name.as_str(), w.method.as_str(), w.classify.as_str()))
            .collect();
        assert_eq!(
            names,
            [
                ("Counted", "wait_until_counted", "counted_state"),
                ("Named", "wait_until_named", "named_state"),
                ("Up", "wait_until_up", "up_state"),
            ]
        );
        let counted = &waiters[0];
        assert_eq!(
            (counted.min_delay, counted.max_delay, counted.deprecated),
            (5, 50, true)
        );
        assert_eq!(
            counted.acceptors[1].matcher,
            Matcher::ErrorType("Gone".to_owned())
        );
        let Matcher::Output(named) = &waiters[1].acceptors[0].matcher else {
            panic!("{:?}", waiters[1].acceptors[0])
        };
        assert_eq!(named.query.ty, QueryType::List(Box::new(QueryType::Str)));
        // The defaults of the specification.
        assert_eq!((waiters[2].min_delay, waiters[2].max_delay), (2, 120));
    }

    #[test]
    fn a_waiter_that_cannot_be_compiled_is_left_out_with_its_reason() {
        let ir = with_waiters(json!({
            "Missing": output("state", "stringEquals"),
            "Mismatch": output("items[].name", "stringEquals"),
            "Hash": output("{a: status}", "stringEquals"),
            "Slow": {"minDelay": 10, "maxDelay": 5, "acceptors": []},
            "Fine": output("status", "stringEquals")
        }));
        let reasons: Vec<(&str, &str)> = ir
            .waiters_left_out
            .iter()
            .map(|w| (w.waiter.as_str(), w.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    "Hash",
                    "acceptor 1: path `{a: status}`: `{` is not supported"
                ),
                (
                    "Mismatch",
                    "acceptor 1: path `items[].name` gives a list, which `stringEquals` cannot \
                     compare"
                ),
                (
                    "Missing",
                    "acceptor 1: path `state`: `GetOutput` has no member `state`"
                ),
                (
                    "Slow",
                    "its delays are not 1 <= minDelay (10) <= maxDelay (5)"
                ),
            ]
        );
        // The operation stays, with the waiter that compiles.
        assert_eq!(ir.operations[0].waiters.len(), 1);
    }

    fn field(name: &str) -> Box<Ast> {
        Box::new(Ast::Field(name.to_owned()))
    }

    #[test]
    fn parses_the_forms_aws_waiters_use() {
        assert_eq!(
            Parser::parse("Configuration.LastUpdateStatus").unwrap(),
            Ast::Sub(field("Configuration"), field("LastUpdateStatus"))
        );
        assert_eq!(
            Parser::parse("Table.Items[].Status").unwrap(),
            Ast::Project(
                Box::new(Ast::Flatten(Box::new(Ast::Sub(
                    field("Table"),
                    field("Items")
                )))),
                field("Status")
            )
        );
        assert_eq!(
            Parser::parse("length(Items[?State == 'x' || State == `\"y\"`]) > `0`").unwrap(),
            Ast::Compare(
                CompareOp::Gt,
                Box::new(Ast::Function(
                    "length".to_owned(),
                    vec![Ast::Filter(
                        field("Items"),
                        Box::new(Ast::Or(
                            Box::new(Ast::Compare(
                                CompareOp::Eq,
                                field("State"),
                                Box::new(Ast::Literal(Json::from("x")))
                            )),
                            Box::new(Ast::Compare(
                                CompareOp::Eq,
                                field("State"),
                                Box::new(Ast::Literal(Json::from("y")))
                            ))
                        )),
                        Box::new(Ast::Current)
                    )]
                )),
                Box::new(Ast::Literal(Json::from(0)))
            )
        );
        // A projection stops at a pipe; a multi-select list with a flatten after it.
        assert_eq!(
            Parser::parse("Groups[].[length(Instances) >= Min][]").unwrap(),
            Ast::Project(
                Box::new(Ast::Flatten(Box::new(Ast::Project(
                    Box::new(Ast::Flatten(field("Groups"))),
                    Box::new(Ast::List(vec![Ast::Compare(
                        CompareOp::Ge,
                        Box::new(Ast::Function(
                            "length".to_owned(),
                            vec![Ast::Field("Instances".to_owned())]
                        )),
                        field("Min")
                    )]))
                )))),
                Box::new(Ast::Current)
            )
        );
        assert_eq!(
            Parser::parse("a[*].b | [0]").unwrap(),
            Ast::Pipe(
                Box::new(Ast::Project(field("a"), field("b"))),
                Box::new(Ast::Index(Box::new(Ast::Current), 0))
            )
        );
    }

    #[test]
    fn refuses_what_it_does_not_compile() {
        for (path, message) in [
            ("a.*", "object wildcards are not supported"),
            ("{a: b}", "`{` is not supported"),
            ("a[", "unexpected End after `[`"),
            ("a b", "unexpected Ident(\"b\") after the expression"),
            (
                "`{bad`",
                "literal `{bad` is not JSON: key must be a string at line 1 column 2",
            ),
            ("'open", "unclosed '"),
        ] {
            assert_eq!(Parser::parse(path).unwrap_err(), message, "{path}");
        }
        // Nesting as deep as the bound allows still parses; beyond it, a message, not a
        // stack overflow.
        let deep = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert!(Parser::parse(&deep(499)).is_ok());
        assert_eq!(
            Parser::parse(&deep(100_000)).unwrap_err(),
            "the expression has 200002 tokens, more than the 1000 compiled"
        );
    }
}
