//! `src/endpoint.rs`: a checked rule set ([`crate::rules`]) compiled to Rust, with its test
//! cases as unit tests.
//!
//! The rule tree is compiled, not interpreted: each rule becomes an `if` (consecutive conditions
//! joined with `&&`, a narrowing `isSet` as `let Some(..)` in a `let` chain), each endpoint or
//! error an early `return`, and a bound value a `let`. Constant conditions are folded away, a
//! binding nothing reads is not made, rules after one that always matches are left out, and a
//! rule list that can run out ends with the rules engine's exhaustion error, so the output has
//! no dead code.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::rc::Rc;

use proc_macro2::TokenStream;
use quote::quote;

use super::{code, doc, ident, inner_doc};
use crate::rules::{
    ArnAttr, AuthScheme, Body, Condition, Expect, ExpectedAuth, Expr, Literal, Param, ParamType,
    Part, Rule, RuleSet, TestCase, Type, UrlAttr,
};

/// The error message of a rule list that runs out without a match.
const NO_MATCH: &str = "no endpoint rule matched";

/// The whole module.
pub(crate) fn module(rules: &RuleSet) -> TokenStream {
    let module_doc = inner_doc(
        "Endpoint resolution: the service's endpoint rules, which pick the URL to send requests \
         to from the [`Params`].",
    );
    let params_struct = params_struct(&rules.params);
    let resolve = resolve_fn(rules);
    let tests = test_module(&rules.params, &rules.tests);
    quote! {
        #module_doc

        #params_struct

        pub use ::rustgen_runtime::endpoint::{Endpoint, EndpointError};

        #resolve

        #tests
    }
}

// ---------------------------------------------------------------------------------------------
// Parameters

/// A literal as a value of the parameter's field type: `Some(..)` for a parameter without a
/// default.
fn field_value(param: &Param, value: &Literal) -> TokenStream {
    let inner = literal(value);
    if param.is_optional() {
        quote!(Some(#inner))
    } else {
        inner
    }
}

fn literal(value: &Literal) -> TokenStream {
    match value {
        Literal::String(s) => quote!(#s.to_owned()),
        Literal::Bool(b) => quote!(#b),
        Literal::Strings(items) if items.is_empty() => quote!(Vec::new()),
        Literal::Strings(items) => quote!(vec![#(#items.to_owned()),*]),
    }
}

fn literal_json(value: &Literal) -> String {
    match value {
        Literal::String(s) => serde_json::Value::from(s.as_str()).to_string(),
        Literal::Bool(b) => b.to_string(),
        Literal::Strings(items) => serde_json::Value::from(items.clone()).to_string(),
    }
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
        if let Some(default) = &p.default {
            facts.push(format!("Default: {}.", code(&literal_json(default))));
        }
        if !facts.is_empty() {
            text.push_str("\n\n");
            text.push_str(&facts.join(" "));
        }
        let doc = doc(&text);
        let field = ident(&p.field);
        let ty = match p.ty {
            ParamType::String => quote!(String),
            ParamType::Boolean => quote!(bool),
            ParamType::StringArray => quote!(Vec<String>),
        };
        let ty = if p.is_optional() {
            quote!(Option<#ty>)
        } else {
            ty
        };
        quote! {
            #doc
            pub #field: #ty,
        }
    });
    // A default that is the type's own (`false`, `""` or unset) is derived, as clippy asks.
    let derivable = params.iter().all(|p| match &p.default {
        None => true,
        Some(Literal::Bool(b)) => !b,
        Some(Literal::String(s)) => s.is_empty(),
        Some(Literal::Strings(items)) => items.is_empty(),
    });
    let (derive_default, default_impl) = if derivable {
        (quote!(Default,), TokenStream::new())
    } else {
        let values = params.iter().map(|p| {
            let field = ident(&p.field);
            let value = match &p.default {
                Some(default) => literal(default),
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
// Values

/// Whether a binding was read by the code that is emitted.
type Used = Rc<Cell<bool>>;

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

/// How a local variable holds its value.
#[derive(Debug, Clone, Copy)]
enum Held {
    Bool,
    Str(StrKind),
    Partition,
    /// A runtime `Arn`, or a reference to one.
    Arn,
    /// A runtime `Url`, or a reference to one.
    Url,
    /// A `Vec<String>`, or a reference to one.
    Array,
}

/// A local variable in scope, by the id of its binding.
struct Variable {
    ident: syn::Ident,
    held: Held,
    used: Used,
}

/// A compiled expression, with the bindings it reads (marked used only once it is emitted).
struct Compiled {
    kind: Kind,
    uses: Vec<Used>,
}

enum Kind {
    Bool(BoolExpr),
    Str(StrExpr),
    /// A `::rustgen_runtime::endpoint::Partition` value.
    Partition(TokenStream),
    /// A `::rustgen_runtime::endpoint::Arn` place.
    Arn(TokenStream),
    /// A `::rustgen_runtime::endpoint::Url` place.
    Url(TokenStream),
    /// A `Vec<String>` place, or a reference to one.
    Array(TokenStream),
    /// A function that may have no value: an `Option` of a value held as `held` says.
    Maybe {
        tokens: TokenStream,
        held: Held,
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
    /// The value as something `Into<String>`: a literal as it is, a value owned.
    fn string_like(&self) -> TokenStream {
        match self {
            StrExpr::Lit(s) => quote!(#s),
            StrExpr::Value { tokens, kind, .. } => match kind {
                StrKind::Borrowed | StrKind::Place => quote!(#tokens.clone()),
                StrKind::Static | StrKind::Temporary => tokens.clone(),
            },
        }
    }

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
        ty: ParamType,
        used: Used,
    },
    /// `let Some(x) = ..` in the rule's `if`, or `(..).is_some()` if `x` is not read.
    Bind {
        local: syn::Ident,
        value: TokenStream,
        uses: Vec<Used>,
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

fn commit(uses: &[Used]) {
    for used in uses {
        used.set(true);
    }
}

/// A `String` place read as it is (a field of an ARN or URL).
fn str_place(tokens: TokenStream) -> Kind {
    Kind::Str(StrExpr::Value {
        tokens,
        kind: StrKind::Place,
        local: None,
    })
}

fn constant(b: bool) -> Compiled {
    Compiled {
        kind: Kind::Bool(BoolExpr::Const(b)),
        uses: Vec::new(),
    }
}

/// `resolve`.
fn resolve_fn(rules: &RuleSet) -> TokenStream {
    let compiler = Compiler {
        params: &rules.params,
        params_used: Rc::new(Cell::new(false)),
    };
    let body = compiler.rules(&rules.rules, &mut BTreeMap::new(), Position::Tail);
    let params_arg = if compiler.params_used.get() {
        quote!(params)
    } else {
        quote!(_params)
    };
    quote! {
        /// Resolves the endpoint for `params` with the service's endpoint rules.
        ///
        /// # Errors
        ///
        /// The message of the error rule that the parameters matched, or of the rules engine
        /// when no rule matched them.
        pub fn resolve(#params_arg: &Params) -> Result<Endpoint, EndpointError> {
            #(#body)*
        }
    }
}

struct Compiler<'r> {
    params: &'r [Param],
    /// Whether any code reads `params`.
    params_used: Used,
}

impl Compiler<'_> {
    /// A rule list: its rules in order, then the exhaustion error if none always matches.
    fn rules(
        &self,
        rules: &[Rule],
        scope: &mut BTreeMap<usize, Variable>,
        position: Position,
    ) -> Vec<TokenStream> {
        let mut out = Vec::new();
        for rule in rules {
            match self.rule(rule, scope, position) {
                Emitted::Conditional(stmts) => out.extend(stmts),
                // The rules after one that always matches are never reached.
                Emitted::Unconditional(stmts) => {
                    out.extend(stmts);
                    return out;
                }
                Emitted::Dead => {}
            }
        }
        out.push(result(quote!(Err(EndpointError::new(#NO_MATCH))), position));
        out
    }

    fn rule(
        &self,
        rule: &Rule,
        scope: &mut BTreeMap<usize, Variable>,
        position: Position,
    ) -> Emitted {
        let mut added = Vec::new();
        let mut steps = Vec::new();
        let mut dead = false;
        for condition in &rule.conditions {
            let step = self.condition(condition, scope, &mut added);
            if let Step::Never = step {
                dead = true;
                break;
            }
            steps.push(step);
        }
        let emitted = if dead {
            Emitted::Dead
        } else {
            let conditional = steps.iter().any(|s| {
                matches!(
                    s,
                    Step::Test { .. } | Step::Narrow { .. } | Step::Bind { .. }
                )
            });
            let position = if conditional {
                Position::Nested
            } else {
                position
            };
            let body = match &rule.body {
                Body::Endpoint { url, auth } => {
                    let url = self.string_value(url, scope);
                    let auth = match auth {
                        None => quote!(),
                        Some(AuthScheme::SigV4 { name, region }) => {
                            let name = name.as_ref().map(|name| {
                                let name = self.string_value(name, scope);
                                quote!(.with_signing_name(#name))
                            });
                            let region = region.as_ref().map(|region| {
                                let region = self.string_value(region, scope);
                                quote!(.with_signing_region(#region))
                            });
                            quote!(#name #region)
                        }
                        Some(AuthScheme::SigV4a { name, region_set }) => {
                            let name = name.as_ref().map(|name| {
                                let name = self.string_value(name, scope);
                                quote!(.with_signing_name(#name))
                            });
                            let regions = region_set.iter().map(|region| {
                                let region = self.string_value(region, scope);
                                quote!(.with_sigv4a_region(#region))
                            });
                            quote!(.with_sigv4a() #name #(#regions)*)
                        }
                        Some(AuthScheme::Unsupported(scheme)) => {
                            quote!(.with_unsupported_auth(#scheme))
                        }
                    };
                    vec![result(quote!(Ok(Endpoint::new(#url) #auth)), position)]
                }
                Body::Error { message } => {
                    let message = self.string_value(message, scope);
                    vec![result(quote!(Err(EndpointError::new(#message))), position)]
                }
                Body::Tree(rules) => self.rules(rules, scope, position),
            };
            let stmts = assemble(steps, body, &self.params_used);
            if conditional {
                Emitted::Conditional(stmts)
            } else {
                Emitted::Unconditional(stmts)
            }
        };
        for id in added {
            scope.remove(&id);
        }
        emitted
    }

    /// A string value (a URL or an error message) as something `Into<String>`.
    fn string_value(&self, expr: &Expr, scope: &BTreeMap<usize, Variable>) -> TokenStream {
        let compiled = self.expr(expr, scope);
        commit(&compiled.uses);
        match compiled.kind {
            Kind::Str(s) => s.string_like(),
            // The rule set's checks let only strings through.
            _ => quote!(""),
        }
    }

    /// One condition: adds what it binds to `scope` (and their ids to `added`).
    fn condition(
        &self,
        condition: &Condition,
        scope: &mut BTreeMap<usize, Variable>,
        added: &mut Vec<usize>,
    ) -> Step {
        match condition {
            Condition::Narrow { param, local } => {
                let p = &self.params[*param];
                let ident = ident(&local.rust);
                let used = Rc::new(Cell::new(false));
                let held = match p.ty {
                    ParamType::String => Held::Str(StrKind::Borrowed),
                    ParamType::Boolean => Held::Bool,
                    ParamType::StringArray => Held::Array,
                };
                scope.insert(
                    local.id,
                    Variable {
                        ident: ident.clone(),
                        held,
                        used: Rc::clone(&used),
                    },
                );
                added.push(local.id);
                Step::Narrow {
                    field: super::ident(&p.field),
                    local: ident,
                    ty: p.ty,
                    used,
                }
            }
            Condition::Test(expr) => {
                let compiled = self.expr(expr, scope);
                match compiled.kind {
                    Kind::Bool(BoolExpr::Const(true)) => Step::Always,
                    Kind::Bool(BoolExpr::Const(false)) => Step::Never,
                    Kind::Bool(b) => Step::Test {
                        test: b.tokens(),
                        uses: compiled.uses,
                    },
                    // The rule set's checks make every test a boolean.
                    _ => Step::Always,
                }
            }
            Condition::Bind { local, value } => {
                let compiled = self.expr(value, scope);
                let Kind::Maybe { tokens, held } = compiled.kind else {
                    // The rule set's checks bind only functions that may have no value.
                    return Step::Always;
                };
                let ident = ident(&local.rust);
                let used = Rc::new(Cell::new(false));
                scope.insert(
                    local.id,
                    Variable {
                        ident: ident.clone(),
                        held,
                        used: Rc::clone(&used),
                    },
                );
                added.push(local.id);
                Step::Bind {
                    local: ident,
                    value: tokens,
                    uses: compiled.uses,
                    used,
                }
            }
            Condition::Let { local, value } => {
                let compiled = self.expr(value, scope);
                // `let x = "..";` is a `&'static str`, `let x = &params.x;` a `&String`,
                // `let x = format!(..);` a `String`; references stay as they are.
                let (value, held) = match compiled.kind {
                    Kind::Bool(b) => (b.tokens(), Held::Bool),
                    Kind::Str(StrExpr::Lit(s)) => (quote!(#s), Held::Str(StrKind::Static)),
                    Kind::Str(s @ StrExpr::Value { kind, .. }) => match kind {
                        StrKind::Place => (s.argument(), Held::Str(StrKind::Borrowed)),
                        StrKind::Temporary => (s.owned(), Held::Str(StrKind::Place)),
                        StrKind::Borrowed | StrKind::Static => (s.argument(), Held::Str(kind)),
                    },
                    Kind::Partition(tokens) => (tokens, Held::Partition),
                    Kind::Arn(tokens) => (quote!(&#tokens), Held::Arn),
                    Kind::Url(tokens) => (quote!(&#tokens), Held::Url),
                    Kind::Array(tokens) => (quote!(&#tokens), Held::Array),
                    // The rule set's checks make these conditions of their own (`Bind`).
                    Kind::Maybe { tokens, held } => (tokens, held),
                };
                let ident = ident(&local.rust);
                let used = Rc::new(Cell::new(false));
                scope.insert(
                    local.id,
                    Variable {
                        ident: ident.clone(),
                        held,
                        used: Rc::clone(&used),
                    },
                );
                added.push(local.id);
                Step::Let {
                    local: ident,
                    value,
                    uses: compiled.uses,
                    used,
                }
            }
        }
    }

    fn expr(&self, expr: &Expr, scope: &BTreeMap<usize, Variable>) -> Compiled {
        match expr {
            Expr::Bool(b) => constant(*b),
            Expr::Str(parts) => self.template(parts, scope),
            Expr::Param { index, ty } => {
                let field = ident(&self.params[*index].field);
                let tokens = quote!(params.#field);
                Compiled {
                    kind: match ty {
                        Type::Bool => Kind::Bool(BoolExpr::Atom {
                            tokens,
                            negated: false,
                        }),
                        Type::StrArray => Kind::Array(tokens),
                        // Only string, boolean and array parameters exist.
                        _ => Kind::Str(StrExpr::Value {
                            tokens,
                            kind: StrKind::Place,
                            local: None,
                        }),
                    },
                    uses: vec![Rc::clone(&self.params_used)],
                }
            }
            Expr::IsSet(index) => {
                let field = ident(&self.params[*index].field);
                Compiled {
                    kind: Kind::Bool(BoolExpr::IsSome {
                        option: quote!(params.#field),
                        some: true,
                    }),
                    uses: vec![Rc::clone(&self.params_used)],
                }
            }
            Expr::Local(local) => match scope.get(&local.id) {
                Some(variable) => {
                    let ident = &variable.ident;
                    let kind = match variable.held {
                        Held::Bool => Kind::Bool(BoolExpr::Atom {
                            tokens: quote!(#ident),
                            negated: false,
                        }),
                        Held::Str(kind) => Kind::Str(StrExpr::Value {
                            tokens: quote!(#ident),
                            kind,
                            // A raw identifier cannot be a `format!` argument.
                            local: Some(ident.to_string()).filter(|s| !s.starts_with("r#")),
                        }),
                        Held::Partition => Kind::Partition(quote!(#ident)),
                        Held::Arn => Kind::Arn(quote!(#ident)),
                        Held::Url => Kind::Url(quote!(#ident)),
                        Held::Array => Kind::Array(quote!(#ident)),
                    };
                    Compiled {
                        kind,
                        uses: vec![Rc::clone(&variable.used)],
                    }
                }
                // The rule set's checks resolve every reference to a binding in scope.
                None => constant(false),
            },
            Expr::Not(arg) => {
                let compiled = self.expr(arg, scope);
                match compiled.kind {
                    Kind::Bool(b) => Compiled {
                        kind: Kind::Bool(b.not()),
                        uses: compiled.uses,
                    },
                    _ => constant(false),
                }
            }
            Expr::IsValidHostLabel(value, allow_subdomains) => {
                let (arg, uses) = self.str_argument(value, scope);
                Compiled {
                    kind: Kind::Bool(BoolExpr::Atom {
                        tokens: quote!(::rustgen_runtime::endpoint::is_valid_host_label(#arg, #allow_subdomains)),
                        negated: false,
                    }),
                    uses,
                }
            }
            Expr::IsVirtualHostableS3Bucket(value, allow_subdomains) => {
                let (arg, uses) = self.str_argument(value, scope);
                Compiled {
                    kind: Kind::Bool(BoolExpr::Atom {
                        tokens: quote!(::rustgen_runtime::endpoint::is_virtual_hostable_s3_bucket(#arg, #allow_subdomains)),
                        negated: false,
                    }),
                    uses,
                }
            }
            Expr::ParseArn(value) => {
                let (arg, uses) = self.str_argument(value, scope);
                Compiled {
                    kind: Kind::Maybe {
                        tokens: quote!(::rustgen_runtime::endpoint::parse_arn(#arg)),
                        held: Held::Arn,
                    },
                    uses,
                }
            }
            Expr::ParseUrl(value) => {
                let (arg, uses) = self.str_argument(value, scope);
                Compiled {
                    kind: Kind::Maybe {
                        tokens: quote!(::rustgen_runtime::endpoint::parse_url(#arg)),
                        held: Held::Url,
                    },
                    uses,
                }
            }
            Expr::Substring {
                value,
                start,
                stop,
                reverse,
            } => {
                let (arg, uses) = self.str_argument(value, scope);
                let (start, stop) = (
                    proc_macro2::Literal::usize_unsuffixed(*start),
                    proc_macro2::Literal::usize_unsuffixed(*stop),
                );
                Compiled {
                    kind: Kind::Maybe {
                        tokens: quote!(::rustgen_runtime::endpoint::substring(#arg, #start, #stop, #reverse)),
                        held: Held::Str(StrKind::Place),
                    },
                    uses,
                }
            }
            Expr::UriEncode(value) => {
                let (arg, uses) = self.str_argument(value, scope);
                Compiled {
                    kind: Kind::Str(StrExpr::Value {
                        tokens: quote!(::rustgen_runtime::endpoint::uri_encode(#arg)),
                        kind: StrKind::Temporary,
                        local: None,
                    }),
                    uses,
                }
            }
            Expr::ArnAttr(arn, attr) => {
                let compiled = self.expr(arn, scope);
                let Kind::Arn(tokens) = compiled.kind else {
                    return constant(false);
                };
                let field = ident(attr.field());
                let tokens = quote!(#tokens.#field);
                let kind = match attr {
                    ArnAttr::ResourceId => Kind::Array(tokens),
                    _ => str_place(tokens),
                };
                Compiled {
                    kind,
                    uses: compiled.uses,
                }
            }
            Expr::UrlAttr(url, attr) => {
                let compiled = self.expr(url, scope);
                let Kind::Url(tokens) = compiled.kind else {
                    return constant(false);
                };
                let field = ident(attr.field());
                let tokens = quote!(#tokens.#field);
                let kind = match attr {
                    UrlAttr::IsIp => Kind::Bool(BoolExpr::Atom {
                        tokens,
                        negated: false,
                    }),
                    _ => str_place(tokens),
                };
                Compiled {
                    kind,
                    uses: compiled.uses,
                }
            }
            Expr::Index(array, index) => {
                let compiled = self.expr(array, scope);
                let Kind::Array(tokens) = compiled.kind else {
                    return constant(false);
                };
                let element = if *index == 0 {
                    quote!(#tokens.first())
                } else {
                    let index = proc_macro2::Literal::usize_unsuffixed(*index);
                    quote!(#tokens.get(#index))
                };
                Compiled {
                    kind: Kind::Maybe {
                        tokens: element,
                        held: Held::Str(StrKind::Borrowed),
                    },
                    uses: compiled.uses,
                }
            }
            Expr::HasValue(value) => {
                let compiled = self.expr(value, scope);
                let Kind::Maybe { tokens, .. } = compiled.kind else {
                    return constant(true);
                };
                Compiled {
                    kind: Kind::Bool(BoolExpr::IsSome {
                        option: tokens,
                        some: true,
                    }),
                    uses: compiled.uses,
                }
            }
            Expr::BooleanEquals(a, b) => self.boolean_equals(a, b, scope),
            Expr::StringEquals(a, b) => self.string_equals(a, b, scope),
            Expr::Partition(region) => {
                let (arg, uses) = self.str_argument(region, scope);
                Compiled {
                    kind: Kind::Partition(quote!(::rustgen_runtime::endpoint::partition(#arg))),
                    uses,
                }
            }
            Expr::PartitionAttr(partition, attr) => {
                let compiled = self.expr(partition, scope);
                let Kind::Partition(tokens) = compiled.kind else {
                    return constant(false);
                };
                let field = ident(attr.field());
                let tokens = quote!(#tokens.#field);
                let kind = match attr.ty() {
                    Type::Bool => Kind::Bool(BoolExpr::Atom {
                        tokens,
                        negated: false,
                    }),
                    _ => Kind::Str(StrExpr::Value {
                        tokens,
                        kind: StrKind::Static,
                        local: None,
                    }),
                };
                Compiled {
                    kind,
                    uses: compiled.uses,
                }
            }
        }
    }

    /// A string operand as a function argument that coerces to `&str`, with what it reads.
    fn str_argument(
        &self,
        value: &Expr,
        scope: &BTreeMap<usize, Variable>,
    ) -> (TokenStream, Vec<Used>) {
        let compiled = self.expr(value, scope);
        let arg = match &compiled.kind {
            Kind::Str(s) => s.argument(),
            // The rule set's checks give these functions strings only.
            _ => quote!(""),
        };
        (arg, compiled.uses)
    }

    fn boolean_equals(&self, a: &Expr, b: &Expr, scope: &BTreeMap<usize, Variable>) -> Compiled {
        let (a, b) = (self.expr(a, scope), self.expr(b, scope));
        let uses = [a.uses, b.uses].concat();
        let (Kind::Bool(a), Kind::Bool(b)) = (a.kind, b.kind) else {
            return constant(false);
        };
        let kind = Kind::Bool(match (a, b) {
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
        Compiled { kind, uses }
    }

    fn string_equals(&self, a: &Expr, b: &Expr, scope: &BTreeMap<usize, Variable>) -> Compiled {
        let (a, b) = (self.expr(a, scope), self.expr(b, scope));
        let uses = [a.uses, b.uses].concat();
        let (Kind::Str(a), Kind::Str(b)) = (a.kind, b.kind) else {
            return constant(false);
        };
        let kind = Kind::Bool(match (&a, &b) {
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
        Compiled { kind, uses }
    }

    /// A template: a literal, one value as it is, or a `format!`.
    fn template(&self, parts: &[Part], scope: &BTreeMap<usize, Variable>) -> Compiled {
        let mut literal = String::new();
        let mut format = String::new();
        let mut args = Vec::new();
        let mut uses = Vec::new();
        let mut values = Vec::new();
        for part in parts {
            match part {
                Part::Text(text) => {
                    literal.push_str(text);
                    format.push_str(&text.replace('{', "{{").replace('}', "}}"));
                }
                Part::Value(expr) => {
                    let compiled = self.expr(expr, scope);
                    uses.extend(compiled.uses);
                    let Kind::Str(s) = compiled.kind else {
                        continue;
                    };
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
                    values.push(s);
                }
            }
        }
        // The whole template is one value.
        if let ([Part::Value(_)], [_]) = (parts, values.as_slice())
            && let Some(value) = values.pop()
        {
            return Compiled {
                kind: Kind::Str(value),
                uses,
            };
        }
        if args.is_empty() {
            return Compiled {
                kind: Kind::Str(StrExpr::Lit(literal)),
                uses,
            };
        }
        let args = args.into_iter().flatten();
        Compiled {
            kind: Kind::Str(StrExpr::Value {
                tokens: quote!(format!(#format #(, #args)*)),
                kind: StrKind::Temporary,
                local: None,
            }),
            uses,
        }
    }
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
                    (true, ParamType::Boolean) => quote!(let Some(#local) = params.#field),
                    (true, _) => quote!(let Some(#local) = &params.#field),
                    (false, _) => quote!(params.#field.is_some()),
                });
            }
            Step::Bind {
                local,
                value,
                uses,
                used,
            } => {
                commit(&uses);
                chain.push(if used.get() {
                    quote!(let Some(#local) = #value)
                } else {
                    quote!(#value.is_some())
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
fn test_module(params: &[Param], tests: &[TestCase]) -> TokenStream {
    if tests.is_empty() {
        return TokenStream::new();
    }
    let fns = tests.iter().map(|case| test_fn(params, case));
    quote! {
        #[cfg(test)]
        mod tests {
            use super::{Params, resolve};

            #(#fns)*
        }
    }
}

fn test_fn(params: &[Param], case: &TestCase) -> TokenStream {
    let name = ident(&case.name);
    let params_value = if case.params.is_empty() {
        quote!(Params::default())
    } else {
        let fields = case.params.iter().map(|(i, value)| {
            let param = &params[*i];
            let field = ident(&param.field);
            let value = field_value(param, value);
            quote!(#field: #value,)
        });
        let rest = if case.params.len() < params.len() {
            quote!(..Params::default())
        } else {
            TokenStream::new()
        };
        quote!(Params { #(#fields)* #rest })
    };
    let check = match &case.expect {
        Expect::Endpoint { url, auth } => {
            let auth = match auth {
                None => quote!(),
                Some(ExpectedAuth::SigV4 { name, region }) => {
                    let name = name
                        .as_ref()
                        .map(|name| quote!(assert_eq!(endpoint.signing_name(), Some(#name));));
                    let region = region.as_ref().map(
                        |region| quote!(assert_eq!(endpoint.signing_region(), Some(#region));),
                    );
                    quote!(#name #region)
                }
                Some(ExpectedAuth::SigV4a { name, region_set }) => {
                    let name = name
                        .as_ref()
                        .map(|name| quote!(assert_eq!(endpoint.signing_name(), Some(#name));));
                    let joined = region_set.join(",");
                    quote! {
                        #name
                        assert_eq!(
                            endpoint.sigv4a_region_set().map(|set| set.join(",")).as_deref(),
                            Some(#joined)
                        );
                    }
                }
                Some(ExpectedAuth::Unsupported(scheme)) => {
                    quote!(assert_eq!(endpoint.unsupported_auth(), Some(#scheme));)
                }
            };
            quote! {
                let endpoint = resolve(&params).expect("an endpoint");
                assert_eq!(endpoint.url(), #url);
                #auth
            }
        }
        Expect::Error(message) => quote! {
            let error = resolve(&params).expect_err("an error");
            assert_eq!(error.message(), #message);
        },
    };
    let doc = doc(&case.documentation);
    quote! {
        #doc
        #[test]
        fn #name() {
            let params = #params_value;
            #check
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

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
        let rules = RuleSet::parse(rule_set, tests).unwrap();
        super::super::format_rust(module(&rules), "src/endpoint.rs")
    }

    /// The text of `resolve`.
    fn resolver(rule_set: Value) -> String {
        let text = generate(&rule_set, None);
        let start = text.find("pub fn resolve").unwrap();
        let end = start + text[start..].find("\n}\n").unwrap() + 3;
        text[start..end].to_owned()
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
            "    Err(EndpointError::new(\"Invalid Configuration: Missing Region\"))",
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
             \x20       return Err(EndpointError::new(\"Both\"));\n\
             \x20   }\n\
             \x20   Err(EndpointError::new(\"Neither\"))\n\
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
             \x20           return Ok(Endpoint::new(\"http://localhost:8080\"));\n\
             \x20       }\n\
             \x20       return Err(EndpointError::new(\"no endpoint rule matched\"));\n\
             \x20   }\n\
             \x20   if !params.use_fips {\n\
             \x20       return Err(EndpointError::new(\"No region\"));\n\
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
             \x20   Ok(Endpoint::new(\"https://example.com\"))\n\
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
