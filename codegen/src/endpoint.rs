//! Endpoint resolution: a Smithy rules-engine rule set (`smithy.rules#endpointRuleSet`) becomes
//! the generated crate's `src/endpoint.rs`, and its test cases (`smithy.rules#endpointTests`)
//! become unit tests there.
//!
//! The rule tree is compiled, not interpreted: each rule becomes an `if` (consecutive conditions
//! joined with `&&`, `isSet` as `let Some(..)` in a `let` chain), each endpoint or error an early
//! `return`, and an `assign` a `let`. Constant conditions are folded away, a binding nothing reads
//! is not made, rules after one that always matches are left out, and a rule list that can run
//! out ends with the rules engine's exhaustion error, so the output has no dead code.
//!
//! Supported: `string` and `boolean` parameters that are optional or have a default; the
//! functions `isSet`, `not`, `booleanEquals`, `stringEquals`, `aws.partition` (through the
//! crate's `partition` module, which always finds a partition) and `getAttr` of a partition's
//! attribute, with `assign` of any of them; references and template strings; endpoint, error
//! and tree rules; endpoints with a URL only. Anything else is an error naming it.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::{Map, Value};

use crate::emit::{code, doc, ident, inner_doc};
use crate::naming;

/// The error message of a rule list that runs out without a match.
const NO_MATCH: &str = "no endpoint rule matched";

/// Generated Rust for a rule set: the contents of the generated crate's `src/endpoint.rs`.
///
/// `tests` is the value of `smithy.rules#endpointTests`, whose cases become unit tests. The
/// error names what is not supported, e.g. "endpoint rule set: function `aws.parseArn` is not
/// supported".
pub fn emit(rule_set: &Value, tests: Option<&Value>) -> Result<TokenStream, String> {
    let (params, resolve) =
        rule_set_items(rule_set).map_err(|e| format!("endpoint rule set: {e}"))?;
    let tests = match tests {
        Some(tests) => test_module(&params, tests).map_err(|e| format!("endpoint tests: {e}"))?,
        None => TokenStream::new(),
    };
    let module_doc = inner_doc(
        "Endpoint resolution: the service's endpoint rules, which pick the URL to send requests \
         to from the [`Params`].",
    );
    let params_struct = params_struct(&params);
    Ok(quote! {
        #module_doc

        #params_struct

        pub use ::rustgen_runtime::endpoint::{Endpoint, EndpointError};

        #resolve

        #tests
    })
}

/// The rule set's parameters, and `resolve`.
fn rule_set_items(rule_set: &Value) -> Result<(Vec<Param>, TokenStream), String> {
    let set = object(rule_set, "the rule set")?;
    let params = parameters(set)?;
    let rules = array(field(set, "rules", "the rule set")?, "`rules`")?;
    let resolver = Resolver {
        params_used: Rc::new(Cell::new(false)),
    };
    let scope = params
        .iter()
        .map(|p| Binding {
            name: p.name.clone(),
            source: Source::Param {
                field: p.field.clone(),
                ty: p.ty,
                optional: p.default.is_none(),
            },
            used: Rc::clone(&resolver.params_used),
        })
        .collect::<Vec<_>>();
    let body = resolver.rules(rules, &scope, Position::Tail)?;
    let params_arg = if resolver.params_used.get() {
        quote!(params)
    } else {
        quote!(_params)
    };
    let resolve = quote! {
        /// Resolves the endpoint for `params` with the service's endpoint rules.
        ///
        /// # Errors
        ///
        /// The message of the error rule that the parameters matched, or of the rules engine
        /// when no rule matched them.
        pub fn resolve(#params_arg: &Params) -> Result<Endpoint, EndpointError> {
            #(#body)*
        }
    };
    Ok((params, resolve))
}

// ---------------------------------------------------------------------------------------------
// Parameters

/// The type of a parameter or value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParamTy {
    Str,
    Bool,
}

/// One rule-set parameter.
struct Param {
    name: String,
    field: syn::Ident,
    ty: ParamTy,
    /// The default, as written and in Rust; a parameter without one is an `Option`.
    default: Option<(Value, TokenStream)>,
    documentation: String,
    built_in: Option<String>,
}

impl Param {
    /// The field's Rust type.
    fn rust_type(&self) -> TokenStream {
        let ty = match self.ty {
            ParamTy::Str => quote!(String),
            ParamTy::Bool => quote!(bool),
        };
        if self.default.is_some() {
            ty
        } else {
            quote!(Option<#ty>)
        }
    }

    /// A value of the field's type from a JSON value, e.g. `Some("us-east-1".to_owned())`.
    fn rust_value(&self, value: &Value) -> Result<TokenStream, String> {
        let inner = inner_value(&self.name, self.ty, value)?;
        Ok(if self.default.is_some() {
            inner
        } else {
            quote!(Some(#inner))
        })
    }
}

/// A JSON value as a `String` or `bool`, e.g. `"us-east-1".to_owned()`.
fn inner_value(name: &str, ty: ParamTy, value: &Value) -> Result<TokenStream, String> {
    match (ty, value) {
        (ParamTy::Str, Value::String(s)) => Ok(quote!(#s.to_owned())),
        (ParamTy::Bool, Value::Bool(b)) => Ok(quote!(#b)),
        _ => {
            let ty = match ty {
                ParamTy::Str => "a string",
                ParamTy::Bool => "a boolean",
            };
            Err(format!("parameter `{name}` is {ty}, not {value}"))
        }
    }
}

fn parameters(set: &Map<String, Value>) -> Result<Vec<Param>, String> {
    known_keys(set, &["version", "parameters", "rules"], "the rule set")?;
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
            "string" => ParamTy::Str,
            "boolean" => ParamTy::Bool,
            other => return Err(format!("{what} has type `{other}`, which is not supported")),
        };
        let required = match p.get("required") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => return Err(format!("{what} has `required` {other}, not a boolean")),
        };
        let default = p
            .get("default")
            .map(|d| {
                let tokens = inner_value(name, ty, d).map_err(|e| format!("the default of {e}"))?;
                Ok::<_, String>((d.clone(), tokens))
            })
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
            field: ident(&naming::snake(name)),
            ty,
            default,
            documentation,
            built_in,
        });
    }
    let names = params
        .iter()
        .map(|p| (p.name.clone(), p.field.to_string()))
        .collect::<Vec<_>>();
    naming::check_collisions(names.iter().map(|(m, r)| (m.as_str(), r.as_str()))).map_err(|c| {
        format!(
            "parameters {} are all named `{}` in Rust",
            c.model_names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
            c.rust_name
        )
    })?;
    if let Some(p) = params.iter().find(|p| p.field == "params") {
        return Err(format!(
            "parameter `{}` is named `params` in Rust, the name of `resolve`'s argument",
            p.name
        ));
    }
    Ok(params)
}

/// `pub struct Params` with its `Default`.
fn params_struct(params: &[Param]) -> TokenStream {
    let fields = params.iter().map(|p| {
        let mut text = p.documentation.trim().to_owned();
        if text.is_empty() {
            text = format!("The {} parameter.", code(&p.name));
        }
        let mut facts = Vec::new();
        if let Some(built_in) = &p.built_in {
            facts.push(format!("Built-in: {}.", code(built_in)));
        }
        if let Some((default, _)) = &p.default {
            facts.push(format!("Default: {}.", code(&default.to_string())));
        }
        if !facts.is_empty() {
            text.push_str("\n\n");
            text.push_str(&facts.join(" "));
        }
        let doc = doc(&text);
        let field = &p.field;
        let ty = p.rust_type();
        quote! {
            #doc
            pub #field: #ty,
        }
    });
    // A default that is the type's own (`false`, `""` or unset) is derived, as clippy asks.
    let derivable = params.iter().all(|p| match &p.default {
        None => true,
        Some((Value::Bool(b), _)) => !b,
        Some((Value::String(s), _)) => s.is_empty(),
        Some(_) => false,
    });
    let (derive_default, default_impl) = if derivable {
        (quote!(Default,), TokenStream::new())
    } else {
        let values = params.iter().map(|p| {
            let field = &p.field;
            let value = match &p.default {
                Some((_, tokens)) => tokens.clone(),
                None => quote!(None),
            };
            quote!(#field: #value,)
        });
        (
            TokenStream::new(),
            quote! {
                impl Default for Params {
                    fn default() -> Self {
                        Params { #(#values)* }
                    }
                }
            },
        )
    };
    quote! {
        /// What the endpoint rules decide from. `Params::default()` has every parameter's
        /// default and leaves the others unset.
        #[derive(Debug, Clone, PartialEq, Eq, #derive_default)]
        pub struct Params {
            #(#fields)*
        }

        #default_impl
    }
}

// ---------------------------------------------------------------------------------------------
// Scopes and values

/// Whether a binding was read by the code that is emitted.
type Used = Rc<Cell<bool>>;

/// A name in scope: a parameter or an assigned variable.
#[derive(Clone)]
struct Binding {
    name: String,
    source: Source,
    used: Used,
}

#[derive(Clone)]
enum Source {
    /// A field of `params`; an `Option` when `optional`.
    Param {
        field: syn::Ident,
        ty: ParamTy,
        optional: bool,
    },
    /// A local variable.
    Local { ident: syn::Ident, ty: Ty },
    /// A value known where the name is in scope: an assigned condition that held.
    Known(bool),
}

/// The type of a local variable or a compiled expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Bool,
    Str(StrKind),
    Partition,
}

/// How a string value is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StrKind {
    /// A `&String`, e.g. a parameter that `isSet` bound.
    Borrowed,
    /// A `&'static str`, e.g. a partition's DNS suffix.
    Static,
    /// A `String` place, e.g. `params.x`.
    Place,
    /// A new `String`, e.g. `format!(..)`.
    Temporary,
}

/// A compiled expression, with the bindings it reads (marked used only once it is emitted).
struct Expr {
    kind: ExprKind,
    uses: Vec<Used>,
}

enum ExprKind {
    Bool(BoolExpr),
    Str(StrExpr),
    /// A `::rustgen_runtime::endpoint::Partition` value.
    Partition(TokenStream),
    /// A parameter that may be unset, which only `isSet` takes.
    Optional {
        name: String,
        field: syn::Ident,
    },
}

enum BoolExpr {
    Const(bool),
    /// A `bool` place, possibly negated: `params.use_fips`, `!x`.
    Atom {
        tokens: TokenStream,
        negated: bool,
    },
    /// `lhs == rhs` or `lhs != rhs`.
    Cmp {
        lhs: TokenStream,
        rhs: TokenStream,
        equal: bool,
    },
    /// `x.is_some()` or `x.is_none()`.
    IsSome {
        option: TokenStream,
        some: bool,
    },
}

impl BoolExpr {
    fn not(self) -> Self {
        match self {
            BoolExpr::Const(b) => BoolExpr::Const(!b),
            BoolExpr::Atom { tokens, negated } => BoolExpr::Atom {
                tokens,
                negated: !negated,
            },
            BoolExpr::Cmp { lhs, rhs, equal } => BoolExpr::Cmp {
                lhs,
                rhs,
                equal: !equal,
            },
            BoolExpr::IsSome { option, some } => BoolExpr::IsSome {
                option,
                some: !some,
            },
        }
    }

    /// The expression, which binds at least as tightly as `==`.
    fn tokens(&self) -> TokenStream {
        match self {
            BoolExpr::Const(b) => quote!(#b),
            BoolExpr::Atom {
                tokens,
                negated: false,
            } => tokens.clone(),
            BoolExpr::Atom {
                tokens,
                negated: true,
            } => quote!(!#tokens),
            BoolExpr::Cmp {
                lhs,
                rhs,
                equal: true,
            } => quote!(#lhs == #rhs),
            BoolExpr::Cmp {
                lhs,
                rhs,
                equal: false,
            } => quote!(#lhs != #rhs),
            BoolExpr::IsSome { option, some: true } => quote!(#option.is_some()),
            BoolExpr::IsSome {
                option,
                some: false,
            } => quote!(#option.is_none()),
        }
    }

    /// The expression as an operand of `==`.
    fn operand(&self) -> TokenStream {
        let tokens = self.tokens();
        match self {
            BoolExpr::Cmp { .. } => quote!((#tokens)),
            _ => tokens,
        }
    }
}

enum StrExpr {
    Lit(String),
    Value {
        tokens: TokenStream,
        kind: StrKind,
        /// The local variable's name, when the value is one (for inline `format!` arguments).
        local: Option<String>,
    },
}

impl StrExpr {
    /// The value as a `String`.
    fn owned(&self) -> TokenStream {
        match self {
            StrExpr::Lit(s) => quote!(#s.to_owned()),
            StrExpr::Value { tokens, kind, .. } => match kind {
                StrKind::Borrowed | StrKind::Place => quote!(#tokens.clone()),
                StrKind::Static => quote!(#tokens.to_owned()),
                StrKind::Temporary => tokens.clone(),
            },
        }
    }

    /// The value as a function argument that coerces to `&str`.
    fn argument(&self) -> TokenStream {
        match self {
            StrExpr::Lit(s) => quote!(#s),
            StrExpr::Value { tokens, kind, .. } => match kind {
                StrKind::Borrowed | StrKind::Static => tokens.clone(),
                StrKind::Place | StrKind::Temporary => quote!(&#tokens),
            },
        }
    }

    /// The value as it is, as an operand of `==` against a literal: `&String == &str`,
    /// `String == &str` and `&str == &str` all compile.
    fn argument_or_place(&self) -> TokenStream {
        match self {
            StrExpr::Lit(s) => quote!(#s),
            StrExpr::Value { tokens, .. } => tokens.clone(),
        }
    }

    /// Whether the value is a reference (`&String` or `&str`, which compare with each other).
    fn is_reference(&self) -> bool {
        matches!(
            self,
            StrExpr::Lit(_)
                | StrExpr::Value {
                    kind: StrKind::Borrowed | StrKind::Static,
                    ..
                }
        )
    }

    /// The value as an operand of `==` against a non-reference: a `String` or `str` place.
    fn dereferenced(&self) -> TokenStream {
        match self {
            StrExpr::Lit(s) => quote!(*#s),
            StrExpr::Value { tokens, kind, .. } => match kind {
                StrKind::Borrowed | StrKind::Static => quote!(*#tokens),
                StrKind::Place | StrKind::Temporary => tokens.clone(),
            },
        }
    }
}

/// Whether a rule list's code is the function's tail or nested in an `if`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    /// The last expression of `resolve`: results are values.
    Tail,
    /// Inside a block that must not complete: results are `return`ed.
    Nested,
}

/// One condition of a rule, compiled.
enum Step {
    /// Holds whatever the values: nothing to emit.
    Always,
    /// Never holds: the rule is dead.
    Never,
    /// A `bool` test in the rule's `if`.
    Test { test: TokenStream, uses: Vec<Used> },
    /// `let Some(x) = &params.x` in the rule's `if`, or `params.x.is_some()` if `x` is not read.
    Narrow {
        field: syn::Ident,
        local: syn::Ident,
        ty: ParamTy,
        used: Used,
    },
    /// `let x = ..;`, left out if `x` is not read.
    Let {
        local: syn::Ident,
        value: TokenStream,
        uses: Vec<Used>,
        used: Used,
    },
}

/// What a rule compiles to.
enum Emitted {
    /// Statements that return only if the rule's conditions hold.
    Conditional(Vec<TokenStream>),
    /// Statements that always end the rule list.
    Unconditional(Vec<TokenStream>),
    /// Nothing: the rule can never match.
    Dead,
}

// ---------------------------------------------------------------------------------------------
// The resolver

struct Resolver {
    /// Whether any code reads `params`.
    params_used: Used,
}

fn commit(uses: &[Used]) {
    for used in uses {
        used.set(true);
    }
}

impl Resolver {
    /// A rule list: its rules in order, then the exhaustion error if none always matches.
    fn rules(
        &self,
        rules: &[Value],
        scope: &[Binding],
        position: Position,
    ) -> Result<Vec<TokenStream>, String> {
        let mut out = Vec::new();
        for rule in rules {
            match self.rule(rule, scope, position)? {
                Emitted::Conditional(stmts) => out.extend(stmts),
                // The rules after one that always matches are never reached.
                Emitted::Unconditional(stmts) => {
                    out.extend(stmts);
                    return Ok(out);
                }
                Emitted::Dead => {}
            }
        }
        out.push(result(quote!(Err(EndpointError::new(#NO_MATCH))), position));
        Ok(out)
    }

    fn rule(&self, rule: &Value, scope: &[Binding], position: Position) -> Result<Emitted, String> {
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
        let mut steps = Vec::new();
        for condition in conditions {
            let step = self.condition(condition, &mut scope)?;
            if let Step::Never = step {
                return Ok(Emitted::Dead);
            }
            steps.push(step);
        }
        let conditional = steps
            .iter()
            .any(|s| matches!(s, Step::Test { .. } | Step::Narrow { .. }));
        let position = if conditional {
            Position::Nested
        } else {
            position
        };

        let body_value = field(r, body_key, &format!("{kind} rule"))?;
        let body = match kind {
            "endpoint" => {
                let url = self.endpoint_url(body_value, &scope)?;
                vec![result(quote!(Ok(Endpoint::new(#url))), position)]
            }
            "error" => {
                let message = self.string_value(body_value, &scope, "an error message")?;
                vec![result(quote!(Err(EndpointError::new(#message))), position)]
            }
            _ => self.rules(
                array(body_value, "a tree rule's `rules`")?,
                &scope,
                position,
            )?,
        };

        let stmts = assemble(steps, body, &self.params_used);
        Ok(if conditional {
            Emitted::Conditional(stmts)
        } else {
            Emitted::Unconditional(stmts)
        })
    }

    /// An endpoint object's URL, as a `String` expression.
    fn endpoint_url(&self, endpoint: &Value, scope: &[Binding]) -> Result<TokenStream, String> {
        let e = object(endpoint, "an endpoint")?;
        known_keys(e, &["url", "properties", "headers"], "an endpoint")?;
        for key in ["properties", "headers"] {
            match e.get(key) {
                None | Some(Value::Null) => {}
                Some(Value::Object(m)) if m.is_empty() => {}
                Some(Value::Object(m)) => {
                    let names = m.keys().map(|k| code(k)).collect::<Vec<_>>().join(", ");
                    return Err(format!("endpoint {key} ({names}) are not supported"));
                }
                Some(other) => return Err(format!("endpoint {key} {other} are not supported")),
            }
        }
        self.string_value(field(e, "url", "an endpoint")?, scope, "an endpoint URL")
    }

    /// A value that must be a string (a URL or an error message), as a `String` expression.
    fn string_value(
        &self,
        value: &Value,
        scope: &[Binding],
        what: &str,
    ) -> Result<TokenStream, String> {
        let expr = self.expr(value, scope)?;
        match expr.kind {
            ExprKind::Str(s) => {
                commit(&expr.uses);
                Ok(s.owned())
            }
            _ => Err(format!("{what} is not a string: {value}")),
        }
    }

    /// One condition: adds what it binds to `scope`.
    fn condition(&self, condition: &Value, scope: &mut Vec<Binding>) -> Result<Step, String> {
        let c = object(condition, "a condition")?;
        known_keys(c, &["fn", "argv", "assign", "documentation"], "a condition")?;
        let assign = c
            .get("assign")
            .map(|a| string(a, "`assign`").map(str::to_owned))
            .transpose()?;
        if let Some(name) = &assign
            && scope.iter().any(|b| &b.name == name)
        {
            return Err(format!("`assign` to `{name}`, which is already in scope"));
        }

        // `isSet` of an optional parameter binds its value for the rest of the rule.
        if c.get("fn").and_then(Value::as_str) == Some("isSet") {
            let argv = array(field(c, "argv", "a condition")?, "`argv`")?;
            if let [arg] = argv.as_slice()
                && let Some(name) = arg.get("ref").and_then(Value::as_str)
                && let Some(binding) = lookup(scope, name)
                && let Source::Param {
                    field,
                    ty,
                    optional: true,
                } = &binding.source
            {
                let local = local_ident(name, scope)?;
                let used = Rc::new(Cell::new(false));
                let step = Step::Narrow {
                    field: field.clone(),
                    local: local.clone(),
                    ty: *ty,
                    used: Rc::clone(&used),
                };
                let local_ty = match ty {
                    ParamTy::Str => Ty::Str(StrKind::Borrowed),
                    ParamTy::Bool => Ty::Bool,
                };
                scope.push(Binding {
                    name: name.to_owned(),
                    source: Source::Local {
                        ident: local,
                        ty: local_ty,
                    },
                    used,
                });
                if let Some(assign) = assign {
                    scope.push(known(assign));
                }
                return Ok(step);
            }
        }

        let expr = self.expr(condition, scope)?;
        let uses = expr.uses;
        // Strings and partitions are always set: all that is left is the assignment, if any.
        // `let x = "..";` is a `&'static str`, `let x = &params.x;` a `&String`,
        // `let x = format!(..);` a `String`; references stay as they are.
        let (value, ty) = match expr.kind {
            ExprKind::Bool(b) => {
                let step = match b {
                    BoolExpr::Const(true) => Step::Always,
                    BoolExpr::Const(false) => return Ok(Step::Never),
                    b => Step::Test {
                        test: b.tokens(),
                        uses,
                    },
                };
                // An assigned condition that held is `true` wherever its name is in scope.
                if let Some(name) = assign {
                    scope.push(known(name));
                }
                return Ok(step);
            }
            ExprKind::Optional { name, .. } => return Err(unset(&name)),
            ExprKind::Str(StrExpr::Lit(s)) => (quote!(#s), Ty::Str(StrKind::Static)),
            ExprKind::Str(s @ StrExpr::Value { kind, .. }) => match kind {
                StrKind::Place => (s.argument(), Ty::Str(StrKind::Borrowed)),
                StrKind::Temporary => (s.owned(), Ty::Str(StrKind::Place)),
                StrKind::Borrowed | StrKind::Static => (s.argument(), Ty::Str(kind)),
            },
            ExprKind::Partition(tokens) => (tokens, Ty::Partition),
        };
        let Some(name) = assign else {
            return Ok(Step::Always);
        };
        let local = local_ident(&name, scope)?;
        let used = Rc::new(Cell::new(false));
        scope.push(Binding {
            name,
            source: Source::Local {
                ident: local.clone(),
                ty,
            },
            used: Rc::clone(&used),
        });
        Ok(Step::Let {
            local,
            value,
            uses,
            used,
        })
    }

    /// An expression: a literal, a reference or a function call.
    fn expr(&self, value: &Value, scope: &[Binding]) -> Result<Expr, String> {
        match value {
            Value::Bool(b) => Ok(Expr {
                kind: ExprKind::Bool(BoolExpr::Const(*b)),
                uses: Vec::new(),
            }),
            Value::String(s) => self.template(s, scope),
            Value::Object(o) if o.contains_key("ref") => {
                known_keys(o, &["ref"], "a reference")?;
                reference(string(&o["ref"], "a reference")?, scope)
            }
            Value::Object(o) if o.contains_key("fn") => self.call(o, scope),
            other => Err(format!("value {other} is not supported")),
        }
    }

    fn call(&self, call: &Map<String, Value>, scope: &[Binding]) -> Result<Expr, String> {
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
        match name {
            "isSet" => {
                arity(1)?;
                let arg = self.expr(&argv[0], scope)?;
                Ok(match arg.kind {
                    ExprKind::Optional { field, .. } => Expr {
                        kind: ExprKind::Bool(BoolExpr::IsSome {
                            option: quote!(params.#field),
                            some: true,
                        }),
                        uses: arg.uses,
                    },
                    // Every other value is set.
                    _ => constant(true),
                })
            }
            "not" => {
                arity(1)?;
                let arg = self.expr(&argv[0], scope)?;
                let uses = arg.uses;
                match arg.kind {
                    ExprKind::Bool(b) => Ok(Expr {
                        kind: ExprKind::Bool(b.not()),
                        uses,
                    }),
                    ExprKind::Optional { name, .. } => Err(unset(&name)),
                    _ => Err(format!("function `not` takes a boolean: {}", argv[0])),
                }
            }
            "booleanEquals" => {
                arity(2)?;
                let (a, b) = (self.expr(&argv[0], scope)?, self.expr(&argv[1], scope)?);
                let uses = [a.uses, b.uses].concat();
                let (a, b) = match (a.kind, b.kind) {
                    (ExprKind::Bool(a), ExprKind::Bool(b)) => (a, b),
                    (ExprKind::Optional { name, .. }, _) | (_, ExprKind::Optional { name, .. }) => {
                        return Err(unset(&name));
                    }
                    _ => {
                        return Err(format!(
                            "function `booleanEquals` takes booleans: {}, {}",
                            argv[0], argv[1]
                        ));
                    }
                };
                let kind = ExprKind::Bool(match (a, b) {
                    (BoolExpr::Const(a), BoolExpr::Const(b)) => BoolExpr::Const(a == b),
                    (BoolExpr::Const(c), x) | (x, BoolExpr::Const(c)) => {
                        if c {
                            x
                        } else {
                            x.not()
                        }
                    }
                    // `!a == b` is `a != b`.
                    (
                        BoolExpr::Atom {
                            tokens: a,
                            negated: na,
                        },
                        BoolExpr::Atom {
                            tokens: b,
                            negated: nb,
                        },
                    ) => BoolExpr::Cmp {
                        lhs: a,
                        rhs: b,
                        equal: na == nb,
                    },
                    (a, b) => BoolExpr::Cmp {
                        lhs: a.operand(),
                        rhs: b.operand(),
                        equal: true,
                    },
                });
                Ok(Expr { kind, uses })
            }
            "stringEquals" => {
                arity(2)?;
                let (a, b) = (self.expr(&argv[0], scope)?, self.expr(&argv[1], scope)?);
                let uses = [a.uses, b.uses].concat();
                let (a, b) = match (a.kind, b.kind) {
                    (ExprKind::Str(a), ExprKind::Str(b)) => (a, b),
                    (ExprKind::Optional { name, .. }, _) | (_, ExprKind::Optional { name, .. }) => {
                        return Err(unset(&name));
                    }
                    _ => {
                        return Err(format!(
                            "function `stringEquals` takes strings: {}, {}",
                            argv[0], argv[1]
                        ));
                    }
                };
                let kind = ExprKind::Bool(match (&a, &b) {
                    (StrExpr::Lit(a), StrExpr::Lit(b)) => BoolExpr::Const(a == b),
                    (StrExpr::Lit(_), _) | (_, StrExpr::Lit(_)) => BoolExpr::Cmp {
                        lhs: a.argument_or_place(),
                        rhs: b.argument_or_place(),
                        equal: true,
                    },
                    _ if a.is_reference() && b.is_reference() => BoolExpr::Cmp {
                        lhs: a.argument(),
                        rhs: b.argument(),
                        equal: true,
                    },
                    // A `String` or `str` place compares with either.
                    _ => BoolExpr::Cmp {
                        lhs: a.dereferenced(),
                        rhs: b.dereferenced(),
                        equal: true,
                    },
                });
                Ok(Expr { kind, uses })
            }
            "aws.partition" => {
                arity(1)?;
                let region = self.expr(&argv[0], scope)?;
                match region.kind {
                    ExprKind::Str(s) => {
                        let arg = s.argument();
                        Ok(Expr {
                            kind: ExprKind::Partition(
                                quote!(::rustgen_runtime::endpoint::partition(#arg)),
                            ),
                            uses: region.uses,
                        })
                    }
                    ExprKind::Optional { name, .. } => Err(unset(&name)),
                    _ => Err(format!(
                        "function `aws.partition` takes a string: {}",
                        argv[0]
                    )),
                }
            }
            "getAttr" => {
                arity(2)?;
                let object = self.expr(&argv[0], scope)?;
                let Value::String(path) = &argv[1] else {
                    return Err(format!("`getAttr` path {} is not a string", argv[1]));
                };
                get_attr(object, path, &argv[0])
            }
            other => Err(format!("function `{other}` is not supported")),
        }
    }

    /// A string literal, which may be a template such as `https://x.{Region}.{P#dnsSuffix}`.
    fn template(&self, text: &str, scope: &[Binding]) -> Result<Expr, String> {
        let mut literal = String::new();
        let mut format = String::new();
        let mut args = Vec::new();
        let mut uses = Vec::new();
        let mut parts = 0;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                    format.push_str("{{");
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                    format.push_str("}}");
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
                            get_attr(reference(name, scope)?, path, &Value::String(name.into()))?
                        }
                        None => reference(&name, scope)?,
                    };
                    let s = match value.kind {
                        ExprKind::Str(s) => s,
                        ExprKind::Optional { name, .. } => return Err(unset(&name)),
                        _ => {
                            return Err(format!(
                                "template {text:?} inserts `{name}`, which is not a string"
                            ));
                        }
                    };
                    uses.extend(value.uses);
                    parts += 1;
                    match &s {
                        StrExpr::Lit(l) => {
                            literal.push_str(l);
                            format.push_str(&l.replace('{', "{{").replace('}', "}}"));
                        }
                        StrExpr::Value {
                            local: Some(local), ..
                        } => {
                            format.push('{');
                            format.push_str(local);
                            format.push('}');
                            args.push(None);
                        }
                        StrExpr::Value { tokens, .. } => {
                            format.push_str("{}");
                            args.push(Some(tokens.clone()));
                        }
                    }
                    if parts == 1 && literal.is_empty() && chars.peek().is_none() {
                        // The whole template is one value.
                        return Ok(Expr {
                            kind: ExprKind::Str(s),
                            uses,
                        });
                    }
                }
                c => {
                    literal.push(c);
                    format.push(c);
                }
            }
        }
        if args.is_empty() {
            return Ok(Expr {
                kind: ExprKind::Str(StrExpr::Lit(literal)),
                uses,
            });
        }
        let args = args.into_iter().flatten();
        Ok(Expr {
            kind: ExprKind::Str(StrExpr::Value {
                tokens: quote!(format!(#format #(, #args)*)),
                kind: StrKind::Temporary,
                local: None,
            }),
            uses,
        })
    }
}

/// `getAttr` of a partition: one of its attributes.
fn get_attr(object: Expr, path: &str, source: &Value) -> Result<Expr, String> {
    let tokens = match object.kind {
        ExprKind::Partition(tokens) => tokens,
        ExprKind::Optional { name, .. } => return Err(unset(&name)),
        _ => {
            return Err(format!(
                "`getAttr` of {source} is not supported (only a partition's attributes are)"
            ));
        }
    };
    let (field, ty) = match path {
        "name" => (quote!(name), ParamTy::Str),
        "dnsSuffix" => (quote!(dns_suffix), ParamTy::Str),
        "dualStackDnsSuffix" => (quote!(dual_stack_dns_suffix), ParamTy::Str),
        "implicitGlobalRegion" => (quote!(implicit_global_region), ParamTy::Str),
        "supportsFIPS" => (quote!(supports_fips), ParamTy::Bool),
        "supportsDualStack" => (quote!(supports_dual_stack), ParamTy::Bool),
        other => return Err(format!("partition attribute `{other}` is not supported")),
    };
    let tokens = quote!(#tokens.#field);
    let kind = match ty {
        ParamTy::Str => ExprKind::Str(StrExpr::Value {
            tokens,
            kind: StrKind::Static,
            local: None,
        }),
        ParamTy::Bool => ExprKind::Bool(BoolExpr::Atom {
            tokens,
            negated: false,
        }),
    };
    Ok(Expr {
        kind,
        uses: object.uses,
    })
}

/// A reference to a parameter or variable.
fn reference(name: &str, scope: &[Binding]) -> Result<Expr, String> {
    let binding = lookup(scope, name).ok_or_else(|| format!("reference to unknown `{name}`"))?;
    let uses = vec![Rc::clone(&binding.used)];
    let kind = match &binding.source {
        Source::Known(b) => {
            return Ok(constant(*b));
        }
        Source::Param {
            field,
            optional: true,
            ..
        } => ExprKind::Optional {
            name: name.to_owned(),
            field: field.clone(),
        },
        Source::Param {
            field,
            ty: ParamTy::Str,
            optional: false,
        } => ExprKind::Str(StrExpr::Value {
            tokens: quote!(params.#field),
            kind: StrKind::Place,
            local: None,
        }),
        Source::Param {
            field,
            ty: ParamTy::Bool,
            optional: false,
        } => ExprKind::Bool(BoolExpr::Atom {
            tokens: quote!(params.#field),
            negated: false,
        }),
        Source::Local { ident, ty } => match ty {
            Ty::Bool => ExprKind::Bool(BoolExpr::Atom {
                tokens: quote!(#ident),
                negated: false,
            }),
            Ty::Str(kind) => ExprKind::Str(StrExpr::Value {
                tokens: quote!(#ident),
                kind: *kind,
                // A raw identifier cannot be a `format!` argument.
                local: Some(ident.to_string()).filter(|s| !s.starts_with("r#")),
            }),
            Ty::Partition => ExprKind::Partition(quote!(#ident)),
        },
    };
    Ok(Expr { kind, uses })
}

fn lookup<'a>(scope: &'a [Binding], name: &str) -> Option<&'a Binding> {
    scope.iter().rev().find(|b| b.name == name)
}

/// The Rust name of a local variable for `name`, which no other name in scope may share.
fn local_ident(name: &str, scope: &[Binding]) -> Result<syn::Ident, String> {
    let local = naming::snake(name);
    if local == "params" {
        return Err(format!(
            "`{name}` is named `params` in Rust, the name of `resolve`'s argument"
        ));
    }
    let rust_name = |b: &Binding| match &b.source {
        Source::Param { field, .. } => Some(field.to_string()),
        Source::Local { ident, .. } => Some(ident.to_string()),
        Source::Known(_) => None,
    };
    if let Some(other) = scope
        .iter()
        .find(|b| b.name != name && rust_name(b).as_deref() == Some(local.as_str()))
    {
        return Err(format!(
            "`{name}` and `{}` are both named `{local}` in Rust",
            other.name
        ));
    }
    Ok(ident(&local))
}

fn known(name: String) -> Binding {
    Binding {
        name,
        source: Source::Known(true),
        used: Rc::new(Cell::new(false)),
    }
}

fn constant(b: bool) -> Expr {
    Expr {
        kind: ExprKind::Bool(BoolExpr::Const(b)),
        uses: Vec::new(),
    }
}

fn unset(name: &str) -> String {
    format!("`{name}` may be unset where it is used (check it with `isSet` first)")
}

/// A result in `position`: the tail value, or a `return`.
fn result(value: TokenStream, position: Position) -> TokenStream {
    match position {
        Position::Tail => value,
        Position::Nested => quote!(return #value;),
    }
}

/// A rule's code from its compiled conditions and body: runs of tests become one `if` with a
/// `&&` chain, assignments `let`s. Works from the innermost step out, so that a binding is
/// known to be read (or not) before it is made.
fn assemble(steps: Vec<Step>, body: Vec<TokenStream>, params_used: &Used) -> Vec<TokenStream> {
    let mut inner = body;
    let mut chain: Vec<TokenStream> = Vec::new();
    let close = |chain: &mut Vec<TokenStream>, inner: Vec<TokenStream>| -> Vec<TokenStream> {
        if chain.is_empty() {
            return inner;
        }
        chain.reverse();
        let tests = std::mem::take(chain);
        vec![quote!(if #(#tests)&&* { #(#inner)* })]
    };
    for step in steps.into_iter().rev() {
        match step {
            Step::Always | Step::Never => {}
            Step::Test { test, uses } => {
                commit(&uses);
                chain.push(test);
            }
            Step::Narrow {
                field,
                local,
                ty,
                used,
            } => {
                params_used.set(true);
                chain.push(match (used.get(), ty) {
                    (true, ParamTy::Str) => quote!(let Some(#local) = &params.#field),
                    (true, ParamTy::Bool) => quote!(let Some(#local) = params.#field),
                    (false, _) => quote!(params.#field.is_some()),
                });
            }
            // A value nothing reads is not computed (every supported function is pure).
            Step::Let { used, .. } if !used.get() => {}
            Step::Let {
                local, value, uses, ..
            } => {
                commit(&uses);
                let mut block = close(&mut chain, inner);
                block.insert(0, quote!(let #local = #value;));
                inner = block;
            }
        }
    }
    close(&mut chain, inner)
}

// ---------------------------------------------------------------------------------------------
// Tests

/// `#[cfg(test)] mod tests` with a test per test case.
fn test_module(params: &[Param], tests: &Value) -> Result<TokenStream, String> {
    let t = object(tests, "the tests")?;
    known_keys(t, &["version", "testCases"], "the tests")?;
    let cases = match t.get("testCases") {
        Some(cases) => array(cases, "`testCases`")?.as_slice(),
        None => &[],
    };
    if cases.is_empty() {
        return Ok(TokenStream::new());
    }
    // `resolve` is imported into the module, so no test may take its name.
    let mut names = BTreeSet::from(["resolve".to_owned()]);
    let mut fns = Vec::new();
    for (index, case) in cases.iter().enumerate() {
        let what = format!("test case {}", index + 1);
        fns.push(test_fn(params, case, index + 1, &mut names).map_err(|e| format!("{what}: {e}"))?);
    }
    Ok(quote! {
        #[cfg(test)]
        mod tests {
            use super::{Params, resolve};

            #(#fns)*
        }
    })
}

fn test_fn(
    params: &[Param],
    case: &Value,
    number: usize,
    names: &mut BTreeSet<String>,
) -> Result<TokenStream, String> {
    let c = object(case, "a test case")?;
    if c.contains_key("operationInputs") {
        return Err("`operationInputs` are not supported".to_owned());
    }
    known_keys(c, &["documentation", "params", "expect"], "a test case")?;
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
    let name = ident(&name);

    let mut values: Vec<(usize, TokenStream)> = Vec::new();
    if let Some(given) = c.get("params") {
        for (key, value) in object(given, "`params`")? {
            let index = params
                .iter()
                .position(|p| &p.name == key || p.built_in.as_deref() == Some(key.as_str()))
                .ok_or_else(|| format!("parameter `{key}` is not declared by the rule set"))?;
            if values.iter().any(|(i, _)| *i == index) {
                return Err(format!("parameter `{}` is given twice", params[index].name));
            }
            values.push((index, params[index].rust_value(value)?));
        }
    }
    values.sort_by_key(|(i, _)| *i);
    let params_value = if values.is_empty() {
        quote!(Params::default())
    } else {
        let fields = values.iter().map(|(i, value)| {
            let field = &params[*i].field;
            quote!(#field: #value,)
        });
        let rest = if values.len() < params.len() {
            quote!(..Params::default())
        } else {
            TokenStream::new()
        };
        quote!(Params { #(#fields)* #rest })
    };

    let expect = object(field(c, "expect", "a test case")?, "`expect`")?;
    let check = match (expect.get("endpoint"), expect.get("error")) {
        (Some(endpoint), None) => {
            let e = object(endpoint, "the expected endpoint")?;
            known_keys(
                e,
                &["url", "headers", "properties"],
                "the expected endpoint",
            )?;
            for key in ["headers", "properties"] {
                if e.get(key)
                    .is_some_and(|v| v.as_object().is_none_or(|m| !m.is_empty()))
                {
                    return Err(format!("expected endpoint {key} are not supported"));
                }
            }
            let url = string(field(e, "url", "the expected endpoint")?, "`url`")?;
            quote! {
                let endpoint = resolve(&params).expect("an endpoint");
                assert_eq!(endpoint.url(), #url);
            }
        }
        (None, Some(error)) => {
            let message = string(error, "the expected error")?;
            quote! {
                let error = resolve(&params).expect_err("an error");
                assert_eq!(error.message(), #message);
            }
        }
        _ => return Err("`expect` must have either `endpoint` or `error`".to_owned()),
    };
    let doc = doc(documentation);
    Ok(quote! {
        #doc
        #[test]
        fn #name() {
            let params = #params_value;
            #check
        }
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

    fn service_traits(path: &str) -> Value {
        let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let model: Value = serde_json::from_str(&text).unwrap();
        let service = model["shapes"]
            .as_object()
            .unwrap()
            .values()
            .find(|shape| shape["type"] == "service")
            .unwrap();
        service["traits"].clone()
    }

    fn generate(rule_set: &Value, tests: Option<&Value>) -> String {
        let tokens = emit(rule_set, tests).unwrap();
        crate::emit::format_rust(&tokens, "src/endpoint.rs")
    }

    /// The text of `resolve`.
    fn resolver(rule_set: Value) -> String {
        let text = generate(&rule_set, None);
        let start = text.find("pub fn resolve").unwrap();
        let end = start + text[start..].find("\n}\n").unwrap() + 3;
        text[start..end].to_owned()
    }

    fn error(rule_set: Value, tests: Option<Value>) -> String {
        emit(&rule_set, tests.as_ref()).unwrap_err()
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
    fn official_rule_set_and_tests() {
        // Beside this repository, not part of it; `.ci/run` requires it.
        let official = "../../shared/models/ivs-realtime-2020-07-14.json";
        if !std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(official)
            .exists()
        {
            // Straight to stderr: the test harness would hide a `println!` of a passing test.
            use std::io::Write as _;
            let _ = writeln!(
                std::io::stderr(),
                "skipped official_rule_set_and_tests: {official} is absent"
            );
            return;
        }
        let traits = service_traits(official);
        let text = generate(
            &traits["smithy.rules#endpointRuleSet"],
            Some(&traits["smithy.rules#endpointTests"]),
        );
        assert_eq!(text.matches("#[test]").count(), 21);
        for line in [
            "#[derive(Debug, Clone, PartialEq, Eq, Default)]",
            "    pub use_fips: bool,",
            "    pub region: Option<String>,",
            "    /// Built-in: `AWS::UseFIPS`. Default: `false`.",
            "pub fn resolve(params: &Params) -> Result<Endpoint, EndpointError> {",
            "    if let Some(endpoint) = &params.endpoint {",
            "        return Ok(Endpoint::new(endpoint.clone()));",
            "        let partition_result = ::rustgen_runtime::endpoint::partition(region);",
            "        if params.use_fips && params.use_dual_stack {",
            "            if partition_result.supports_fips && partition_result.supports_dual_stack {",
            "    Err(EndpointError::new(\"Invalid Configuration: Missing Region\".to_owned()))",
            "    fn for_region_us_east_1_with_fips_enabled_and_dual_stack_enabled() {",
            "    fn missing_region() {",
            "        let params = Params::default();",
        ] {
            assert!(text.contains(&format!("{line}\n")), "{line}\n\n{text}");
        }
        // Every tree of the official rule set ends in a rule without conditions.
        assert!(!text.contains(NO_MATCH), "{text}");
    }

    #[test]
    fn model_rule_set_and_tests() {
        let traits = service_traits("../model/ivs-realtime.json");
        let tests = &traits["smithy.rules#endpointTests"];
        let text = generate(&traits["smithy.rules#endpointRuleSet"], Some(tests));
        let cases = tests["testCases"].as_array().unwrap().len();
        assert!(cases >= 21);
        assert_eq!(text.matches("#[test]").count(), cases);
        assert!(
            text.contains(
                "let partition_result = ::rustgen_runtime::endpoint::partition(region);\n"
            )
        );
    }

    #[test]
    fn unsupported_function() {
        let rule_set = with_rules(json!([
            {
                "conditions": [{"fn": "aws.parseArn", "argv": [{"ref": "Region"}], "assign": "Arn"}],
                "endpoint": {"url": "https://example.com"},
                "type": "endpoint"
            },
            {"conditions": [], "error": "No ARN", "type": "error"}
        ]));
        assert_eq!(
            error(rule_set, None),
            "endpoint rule set: function `aws.parseArn` is not supported"
        );
    }

    #[test]
    fn unsupported_rule_sets_are_named() {
        let endpoint = |endpoint: Value| {
            with_rules(json!([{"conditions": [], "endpoint": endpoint, "type": "endpoint"}]))
        };
        let cases = [
            (
                endpoint(
                    json!({"url": "https://x", "properties": {"authSchemes": [{"name": "sigv4"}]}}),
                ),
                "endpoint rule set: endpoint properties (`authSchemes`) are not supported",
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
                    "Names": {"type": "stringArray", "documentation": "Names."}
                }}),
                "endpoint rule set: parameter `Names` has type `stringArray`, which is not supported",
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
                json!({"operationInputs": [{"operationName": "CreateStage"}], "expect": {"error": "No"}}),
                "endpoint tests: test case 1: `operationInputs` are not supported",
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
                json!({"expect": {"endpoint": {"url": "https://x", "properties": {"a": 1}}}}),
                "endpoint tests: test case 1: expected endpoint properties are not supported",
            ),
        ];
        for (case, expected) in cases {
            let tests = json!({"version": "1.0", "testCases": [case]});
            assert_eq!(error(rule_set.clone(), Some(tests)), expected);
        }
    }

    #[test]
    fn unread_bindings_are_not_made() {
        let text = resolver(with_rules(json!([
            {
                "conditions": [
                    {"fn": "isSet", "argv": [{"ref": "Endpoint"}]},
                    {"fn": "isSet", "argv": [{"ref": "Region"}]},
                    {"fn": "aws.partition", "argv": [{"ref": "Region"}], "assign": "Unread"}
                ],
                "error": "Both",
                "type": "error"
            },
            {"conditions": [], "error": "Neither", "type": "error"}
        ])));
        assert_eq!(
            text,
            "pub fn resolve(params: &Params) -> Result<Endpoint, EndpointError> {\n\
             \x20   if params.endpoint.is_some() && params.region.is_some() {\n\
             \x20       return Err(EndpointError::new(\"Both\".to_owned()));\n\
             \x20   }\n\
             \x20   Err(EndpointError::new(\"Neither\".to_owned()))\n\
             }\n"
        );
    }

    #[test]
    fn rule_lists_that_can_run_out_end_in_an_error() {
        let text = resolver(with_rules(json!([
            {
                "conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
                "rules": [{
                    "conditions": [{"fn": "stringEquals", "argv": [{"ref": "Region"}, "local"]}],
                    "endpoint": {"url": "http://localhost:8080"},
                    "type": "endpoint"
                }],
                "type": "tree"
            },
            {
                "conditions": [{"fn": "not", "argv": [{"ref": "UseFIPS"}]}],
                "error": "No region",
                "type": "error"
            }
        ])));
        assert_eq!(
            text,
            "pub fn resolve(params: &Params) -> Result<Endpoint, EndpointError> {\n\
             \x20   if let Some(region) = &params.region {\n\
             \x20       if region == \"local\" {\n\
             \x20           return Ok(Endpoint::new(\"http://localhost:8080\".to_owned()));\n\
             \x20       }\n\
             \x20       return Err(EndpointError::new(\"no endpoint rule matched\"));\n\
             \x20   }\n\
             \x20   if !params.use_fips {\n\
             \x20       return Err(EndpointError::new(\"No region\".to_owned()));\n\
             \x20   }\n\
             \x20   Err(EndpointError::new(\"no endpoint rule matched\"))\n\
             }\n"
        );
    }

    #[test]
    fn constant_and_unreachable_rules_are_left_out() {
        let text = resolver(with_rules(json!([
            {
                "conditions": [{"fn": "booleanEquals", "argv": [true, false]}],
                "error": "Never",
                "type": "error"
            },
            {
                "conditions": [{"fn": "isSet", "argv": ["always set"]}],
                "endpoint": {"url": "https://example.com"},
                "type": "endpoint"
            },
            {"conditions": [], "error": "Unreachable", "type": "error"}
        ])));
        // Nothing reads the parameters.
        assert_eq!(
            text,
            "pub fn resolve(_params: &Params) -> Result<Endpoint, EndpointError> {\n\
             \x20   Ok(Endpoint::new(\"https://example.com\".to_owned()))\n\
             }\n"
        );
    }

    #[test]
    fn test_names_are_unique() {
        let rule_set = with_rules(json!([{"conditions": [], "error": "No", "type": "error"}]));
        let case = |doc: &str| json!({"documentation": doc, "expect": {"error": "No"}});
        let tests = json!({"version": "1.0", "testCases": [
            case("Same name"), case("same name"), case("resolve"), case(""), case("Same name")
        ]});
        let text = generate(&rule_set, Some(&tests));
        let names = text
            .lines()
            .filter_map(|line| line.trim().strip_prefix("fn "))
            .filter_map(|rest| rest.strip_suffix("() {"))
            .collect::<Vec<_>>();
        assert_eq!(
            names,
            [
                "same_name",
                "same_name_2",
                "resolve_2",
                "case_4",
                "same_name_3"
            ]
        );
    }

    #[test]
    fn defaults_that_are_not_the_types_own_are_written_out() {
        let rule_set = json!({"version": "1.0", "rules": [], "parameters": {
            "Stage": {"type": "string", "required": true, "default": "prod", "documentation": "Stage."},
            "UseDualStack": {"type": "boolean", "required": true, "default": true, "documentation": "DS."}
        }});
        let text = generate(&rule_set, None);
        assert!(text.contains("#[derive(Debug, Clone, PartialEq, Eq)]\npub struct Params {"));
        assert!(text.contains(
            "impl Default for Params {\n    fn default() -> Self {\n        Params {\n            \
             stage: \"prod\".to_owned(),\n            use_dual_stack: true,\n        }\n    }\n}\n"
        ));
    }
}
