//! Waiters: a `wait_until_…` method per waiter on the operation's fluent builder, and the
//! function that matches an answer with the waiter's acceptors, its JMESPath queries written
//! out as Rust over the generated types' accessors.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::operation::FluentType;
use super::ty::struct_path;
use super::{doc, ident};
use crate::ir::{
    Acceptor, Comparator, CompareOp, IntWidth, Ir, Kind, Matcher, Operation, Query, QueryExpr,
    QueryMatch, QueryType, Structure, Value, Waiter, WaiterState,
};

/// The waiters' methods on the fluent builder, and their acceptor functions.
pub(crate) fn waiters(
    ir: &Ir,
    op: &Operation,
    input: &Structure,
    output: &Structure,
    fluent_type: &FluentType<'_>,
) -> TokenStream {
    if op.waiters.is_empty() {
        return quote!();
    }
    let FluentType {
        name: fluent,
        generics,
        where_clause,
    } = fluent_type;
    let allow = super::structure::many_states(input);
    let input_path = struct_path(input);
    let output_path = struct_path(output);
    let error = ident(&op.error);
    let op_type = ident(&op.name);
    let answer_ty = quote! {
        ::std::result::Result<#output_path, ::rustgen_runtime::error::SdkError<#error>>
    };
    let methods = op.waiters.iter().map(|w| {
        let method = ident(&w.method);
        let classify = ident(&w.classify);
        let name = &w.name;
        let (min, max) = (w.min_delay, w.max_delay);
        let (min_secs, max_secs) = (Literal::u64_unsuffixed(min), Literal::u64_unsuffixed(max));
        let mut text = w.docs.trim().to_owned();
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&format!(
            "Sends `{}` with this input until the answer matches one of the model's acceptors \
             for the waiter `{name}`: the first call at once, then after delays from {min} s, \
             doubling up to {max} s, each drawn at random from {min} s up, for at most \
             `max_wait`. Ends with the answer that matched success: an output, or the error \
             that the waiter counts as success.\n\n# Errors\n\n\
             [`WaitError`](::rustgen_runtime::waiter::WaitError): an answer that matched \
             failure, an error that no acceptor expects, `max_wait` run out, or a `max_wait` \
             not longer than {min} s.",
            op.name
        ));
        let docs = doc(&text);
        let deprecated = w.deprecated.then(|| quote!(#[deprecated]));
        let classify = if uses_input(w) {
            quote!(|answer| #classify(&input, answer))
        } else {
            quote!(#classify)
        };
        quote! {
            #docs
            #deprecated
            pub async fn #method(
                self,
                max_wait: ::std::time::Duration,
            ) -> ::std::result::Result<
                ::rustgen_runtime::waiter::FinalPoll<#output_path, #error>,
                ::rustgen_runtime::waiter::WaitError<#output_path, #error>,
            >
            #where_clause
            {
                const WAITER: ::rustgen_runtime::waiter::Waiter = ::rustgen_runtime::waiter::Waiter {
                    name: #name,
                    min_delay: ::std::time::Duration::from_secs(#min_secs),
                    max_delay: ::std::time::Duration::from_secs(#max_secs),
                };
                let client = self.client;
                let input = self.input.build();
                ::rustgen_runtime::waiter::wait(
                    &WAITER,
                    max_wait,
                    || #op_type::send(&client, input.clone()),
                    #classify,
                )
                .await
            }
        }
    });
    let classifiers = op.waiters.iter().map(|w| {
        let classify = ident(&w.classify);
        let input_param = uses_input(w).then(|| quote!(input: &#input_path,));
        let doc = doc(&format!(
            "The state the first acceptor of the waiter `{}` that matches `answer` gives it.",
            w.name
        ));
        let acceptors = w.acceptors.iter().map(|a| acceptor(ir, op, a));
        quote! {
            #doc
            fn #classify(
                #input_param
                answer: &#answer_ty,
            ) -> ::std::option::Option<::rustgen_runtime::waiter::State> {
                #(#acceptors)*
                None
            }
        }
    });
    quote! {
        #allow
        impl #generics #fluent #generics {
            #(#methods)*
        }

        #(#classifiers)*
    }
}

fn uses_input(w: &Waiter) -> bool {
    w.acceptors
        .iter()
        .any(|a| matches!(a.matcher, Matcher::InputOutput(_)))
}

fn acceptor(ir: &Ir, op: &Operation, a: &Acceptor) -> TokenStream {
    let state = ident(match a.state {
        WaiterState::Success => "Success",
        WaiterState::Failure => "Failure",
        WaiterState::Retry => "Retry",
    });
    let test = match &a.matcher {
        Matcher::Success(true) => quote!(answer.is_ok()),
        Matcher::Success(false) => quote!(answer.is_err()),
        Matcher::ErrorType(code) => {
            let error = ident(&op.error);
            quote! {
                answer
                    .as_ref()
                    .err()
                    .and_then(::rustgen_runtime::error::SdkError::as_service_error)
                    .and_then(#error::code)
                    == Some(#code)
            }
        }
        Matcher::Output(m) | Matcher::InputOutput(m) => {
            // A let chain takes `&&` but not a bare `||`.
            let test = query_match(ir, m).operand(Prec::And);
            quote!(let Ok(output) = answer && #test)
        }
    };
    quote! {
        if #test {
            return Some(::rustgen_runtime::waiter::State::#state);
        }
    }
}

fn query_match(ir: &Ir, m: &QueryMatch) -> Code {
    let value = query(ir, &m.query);
    let expected = &m.expected;
    match m.comparator {
        Comparator::StringEquals => equals(value, quote!(#expected)),
        Comparator::BooleanEquals => match (value.optional, expected == "true") {
            (true, expected) => equals(value, quote!(#expected)),
            (false, true) => value,
            (false, false) => negate(ir, &m.query),
        },
        Comparator::AnyStringEquals => {
            let optional = value.optional;
            let values = value.receiver();
            if optional {
                Code::atom(quote!(#values.is_some_and(|values| values.contains(&#expected))))
            } else {
                Code::atom(quote!(#values.contains(&#expected)))
            }
        }
        Comparator::AllStringEquals => {
            let optional = value.optional;
            let values = value.receiver();
            let all = quote!(!values.is_empty() && values.iter().all(|value| *value == #expected));
            if optional {
                Code::atom(quote!(#values.is_some_and(|values| #all)))
            } else {
                Code::atom(quote!({
                    let values = #values;
                    #all
                }))
            }
        }
    }
}

/// `value == expected`, through `Some` when the value may be null.
fn equals(value: Code, expected: TokenStream) -> Code {
    let optional = value.optional;
    let ts = value.operand(Prec::Unary);
    if optional {
        Code::new(quote!(#ts == Some(#expected)), false, Prec::Compare)
    } else {
        Code::new(quote!(#ts == #expected), false, Prec::Compare)
    }
}

/// The query's truth negated: `!x`, or `x != y` for `x == y`.
fn negate(ir: &Ir, q: &Query) -> Code {
    if let QueryExpr::Compare(op @ (CompareOp::Eq | CompareOp::Ne), x, y) = &q.expr {
        let flipped = if *op == CompareOp::Eq {
            CompareOp::Ne
        } else {
            CompareOp::Eq
        };
        return compare(ir, flipped, x, y);
    }
    let ts = truthy(query(ir, q), &q.ty).operand(Prec::Unary);
    Code::new(quote!(!#ts), false, Prec::Unary)
}

/// How tightly an expression binds, loosest last: an operand looser than its operator needs
/// parentheses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    /// A path, call, literal or block.
    Atom,
    /// `!x`
    Unary,
    /// `x == y`, `x < y`
    Compare,
    /// `x && y`
    And,
    /// `x || y`
    Or,
}

/// A query value in Rust: an expression, whether it is an `Option` (JMESPath's null), and how
/// tightly it binds.
struct Code {
    ts: TokenStream,
    optional: bool,
    prec: Prec,
}

impl Code {
    fn new(ts: TokenStream, optional: bool, prec: Prec) -> Self {
        Self { ts, optional, prec }
    }

    fn atom(ts: TokenStream) -> Self {
        Self::new(ts, false, Prec::Atom)
    }

    fn optional(ts: TokenStream) -> Self {
        Self::new(ts, true, Prec::Atom)
    }

    /// The expression as the operand of an operator that binds as `prec`.
    fn operand(self, prec: Prec) -> TokenStream {
        let ts = self.ts;
        if self.prec > prec { quote!((#ts)) } else { ts }
    }

    /// The expression as the receiver of a method call.
    fn receiver(self) -> TokenStream {
        self.operand(Prec::Atom)
    }

    /// The value as an `Option`.
    fn some(self) -> TokenStream {
        if self.optional {
            self.receiver()
        } else {
            let ts = self.ts;
            quote!(Some(#ts))
        }
    }

    /// `f` applied to the value (bound to `v`), `f` giving a value that is not null.
    fn map(self, f: TokenStream) -> Self {
        let optional = self.optional;
        let ts = self.receiver();
        if optional {
            Self::optional(quote!(#ts.map(|v| #f)))
        } else {
            Self::atom(quote!({ let v = #ts; #f }))
        }
    }
}

/// A query over the operation's input (bound to `input`): `&str` for a string, a `Vec` of
/// them for a list of strings; wrapped in an `Option` when the second value is `true`.
pub(crate) fn input_query(ir: &Ir, q: &Query) -> (TokenStream, bool) {
    let code = query(ir, q);
    (code.ts, code.optional)
}

/// The Rust for a compiled query, as the values the types of [`QueryType`] stand for: `&str`
/// for strings and enums, `bool`, `f64` for numbers, references to structures, `Vec`s for lists,
/// a map's size, and the accessor's own value for timestamps, blobs and documents.
fn query(ir: &Ir, q: &Query) -> Code {
    match &q.expr {
        QueryExpr::Output => Code::atom(quote!(output)),
        QueryExpr::Input => Code::atom(quote!(input)),
        QueryExpr::Current => Code::atom(quote!(item)),
        // Reached only through its members, which lowering resolves to the two roots.
        QueryExpr::InputOutput | QueryExpr::Null => {
            Code::optional(quote!(::std::option::Option::<()>::None))
        }
        QueryExpr::Str(s) => Code::atom(quote!(#s)),
        QueryExpr::Num(n) => {
            let n = Literal::f64_suffixed(*n);
            Code::atom(quote!(#n))
        }
        QueryExpr::Bool(b) => Code::atom(quote!(#b)),
        QueryExpr::Field {
            of,
            structure,
            field,
        } => member(ir, query(ir, of), structure, *field, false),
        QueryExpr::Keys(map) => match &map.expr {
            QueryExpr::Field {
                of,
                structure,
                field,
            } => member(ir, query(ir, of), structure, *field, true),
            // Lowering gives `keys` only a member.
            _ => Code::optional(quote!(::std::option::Option::<()>::None)),
        },
        QueryExpr::Flatten(list) => {
            let code = query(ir, list);
            if matches!(&list.ty, QueryType::List(item) if matches!(**item, QueryType::List(_))) {
                lift(
                    code,
                    |l| quote!(#l.into_iter().flatten().collect::<::std::vec::Vec<_>>()),
                )
            } else {
                code
            }
        }
        QueryExpr::Project { list, filter, each } => {
            let code = query(ir, list);
            let filter = filter.as_ref().map(|f| truthy(query(ir, f), &f.ty).ts);
            let each_code = (each.expr != QueryExpr::Current).then(|| query(ir, each));
            if filter.is_none() && each_code.is_none() {
                return code;
            }
            let filter = filter.map(|f| quote!(.filter(|&item| #f)));
            let each = each_code.map(|e| {
                let optional = e.optional;
                let ts = e.ts;
                if optional {
                    quote!(.filter_map(|item| #ts))
                } else {
                    quote!(.map(|item| #ts))
                }
            });
            lift(
                code,
                |l| quote!(#l.into_iter() #filter #each .collect::<::std::vec::Vec<_>>()),
            )
        }
        QueryExpr::Index(list, n) => {
            let code = query(ir, list);
            let nth = match *n {
                0 => quote!(l.into_iter().next()),
                n if n > 0 => {
                    let n = Literal::usize_unsuffixed(usize::try_from(n).unwrap_or(usize::MAX));
                    quote!(l.into_iter().nth(#n))
                }
                n => {
                    let back = Literal::usize_unsuffixed(
                        usize::try_from(n.unsigned_abs()).unwrap_or(usize::MAX),
                    );
                    quote!(l.len().checked_sub(#back).and_then(|i| l.into_iter().nth(i)))
                }
            };
            let optional = code.optional;
            let ts = code.receiver();
            if optional {
                Code::optional(quote!(#ts.and_then(|l| #nth)))
            } else {
                Code::optional(quote!({ let l = #ts; #nth }))
            }
        }
        QueryExpr::Length(x) => {
            let size = match x.ty {
                QueryType::Str => quote!(v.chars().count() as f64),
                QueryType::List(_) => quote!(v.len() as f64),
                _ => quote!(v as f64),
            };
            query(ir, x).map(size)
        }
        QueryExpr::Contains(subject, search) => {
            let (subject, search) = (query(ir, subject), query(ir, search));
            if !subject.optional && !search.optional {
                let (l, s) = (subject.receiver(), search.ts);
                return Code::atom(quote!(#l.contains(&#s)));
            }
            let (l, s) = (subject.some(), search.some());
            Code::atom(quote!(#l.zip(#s).is_some_and(|(l, s)| l.contains(&s))))
        }
        QueryExpr::Compare(op, a, b) => compare(ir, *op, a, b),
        QueryExpr::And(a, b) => {
            let ta = truthy(query(ir, a), &a.ty).operand(Prec::And);
            let tb = truthy(query(ir, b), &b.ty).operand(Prec::And);
            Code::new(quote!(#ta && #tb), false, Prec::And)
        }
        QueryExpr::Or(a, b) => {
            let ta = truthy(query(ir, a), &a.ty).operand(Prec::Or);
            let tb = truthy(query(ir, b), &b.ty).operand(Prec::Or);
            Code::new(quote!(#ta || #tb), false, Prec::Or)
        }
        QueryExpr::Not(a) => negate(ir, a),
        QueryExpr::List(items) => {
            let codes: Vec<Code> = items.iter().map(|i| query(ir, i)).collect();
            if codes.iter().all(|c| !c.optional) {
                let items = codes.into_iter().map(|c| c.ts);
                Code::atom(quote!(::std::vec![#(#items),*]))
            } else {
                let items = codes.into_iter().map(Code::some);
                Code::atom(
                    quote!([#(#items),*].into_iter().flatten().collect::<::std::vec::Vec<_>>()),
                )
            }
        }
    }
}

/// `f` applied to a value bound to `l`, through `map` when it may be null.
fn lift(code: Code, f: impl Fn(TokenStream) -> TokenStream) -> Code {
    let optional = code.optional;
    let ts = code.receiver();
    if optional {
        let body = f(quote!(l));
        Code::optional(quote!(#ts.map(|l| #body)))
    } else {
        Code::atom(f(ts))
    }
}

/// A conversion of an accessor's value to its query value (none when it is already one).
enum Conv {
    /// A function of it (`f64::from`).
    Function(TokenStream),
    /// An expression of it, bound to `v`.
    Expr(TokenStream),
}

impl Conv {
    /// The conversion as the argument of `map`.
    fn closure(&self) -> TokenStream {
        match self {
            Self::Function(f) => f.clone(),
            Self::Expr(e) => quote!(|v| #e),
        }
    }
}

/// A member of the structure or union `of`, through its accessor; with `keys`, a map member's
/// keys as strings.
fn member(ir: &Ir, of: Code, structure: &str, index: usize, keys: bool) -> Code {
    let Some((s, f)) = ir
        .structures
        .get(structure)
        .and_then(|s| Some((s, s.fields.get(index)?)))
    else {
        return Code::optional(quote!(::std::option::Option::<()>::None));
    };
    let of_optional = of.optional;
    let base = of.receiver();
    // The accessor, and whether it gives an `Option`.
    let (call, optional) = if s.union {
        let bare = f.bare_name();
        if f.value.kind == Kind::Unit {
            let predicate = quote::format_ident!("is_{}", bare);
            (quote!(.#predicate().then_some(())), true)
        } else {
            let accessor = quote::format_ident!("as_{}", bare);
            (quote!(.#accessor()), true)
        }
    } else {
        let name = ident(&f.name);
        (quote!(.#name()), !f.required)
    };
    let conv = if keys {
        Some(Conv::Expr(quote!(
            v.keys().map(|k| k.as_str()).collect::<::std::vec::Vec<_>>()
        )))
    } else if f.boxed {
        None
    } else {
        convert_borrowed(ir, &f.value)
    };
    match (of_optional, optional, conv) {
        (false, false, None) => Code::atom(quote!(#base #call)),
        (false, false, Some(Conv::Function(f))) => Code::atom(quote!(#f(#base #call))),
        (false, false, Some(Conv::Expr(e))) => Code::atom(quote!({ let v = #base #call; #e })),
        (false, true, None) => Code::optional(quote!(#base #call)),
        (false, true, Some(conv)) => {
            let map = conv.closure();
            Code::optional(quote!(#base #call.map(#map)))
        }
        (true, false, None) => Code::optional(quote!(#base.map(|v| v #call))),
        (true, false, Some(conv)) => {
            let map = conv.closure();
            Code::optional(quote!(#base.map(|v| v #call).map(#map)))
        }
        (true, true, None) => Code::optional(quote!(#base.and_then(|v| v #call))),
        (true, true, Some(conv)) => {
            let map = conv.closure();
            Code::optional(quote!(#base.and_then(|v| v #call).map(#map)))
        }
    }
}

/// The query value of an accessor's value `v` (see [`crate::emit::ty::accessor`]: text as
/// `&str`, lists as slices, copy types by value, the rest by reference).
fn convert_borrowed(ir: &Ir, value: &Value) -> Option<Conv> {
    Some(match &value.kind {
        Kind::Enum(_) => Conv::Expr(quote!(v.as_str())),
        Kind::Int(IntWidth::Long) => Conv::Expr(quote!(v as f64)),
        Kind::Int(_) | Kind::Float => Conv::Function(quote!(f64::from)),
        Kind::List(item) => Conv::Expr(list(ir, item, &quote!(v))),
        Kind::Map(..) => Conv::Expr(quote!(v.len())),
        _ => return None,
    })
}

/// The query value of a list item `x` (a reference), or `None` when it is already one.
fn convert_item(ir: &Ir, value: &Value, x: &TokenStream) -> Option<TokenStream> {
    match &value.kind {
        Kind::String | Kind::Enum(_) => Some(quote!(#x.as_str())),
        Kind::Boolean | Kind::Double => Some(quote!(*#x)),
        Kind::Int(IntWidth::Long) => Some(quote!(*#x as f64)),
        Kind::Int(_) | Kind::Float => Some(quote!(f64::from(*#x))),
        Kind::List(item) => Some(list(ir, item, x)),
        Kind::Map(..) => Some(quote!(#x.len())),
        _ => None,
    }
}

/// A list's items as query values, in a `Vec`; the nulls of a sparse list dropped.
fn list(ir: &Ir, item: &Value, l: &TokenStream) -> TokenStream {
    let (iter, item) = match &item.kind {
        Kind::Nullable(inner) => (quote!(#l.iter().flatten()), &**inner),
        _ => (quote!(#l.iter()), item),
    };
    match convert_item(ir, item, &quote!(x)) {
        Some(conv) => quote!(#iter.map(|x| #conv).collect::<::std::vec::Vec<_>>()),
        None => quote!(#iter.collect::<::std::vec::Vec<_>>()),
    }
}

/// JMESPath truth, as a `bool`: false for null, `false`, empty strings and lists, and empty
/// maps.
fn truthy(code: Code, ty: &QueryType) -> Code {
    let optional = code.optional;
    match (ty, optional) {
        (QueryType::Null, _) => Code::atom(quote!(false)),
        (QueryType::Bool | QueryType::Truth, true) => equals(code, quote!(true)),
        (QueryType::Bool | QueryType::Truth, false) => code,
        (QueryType::Str | QueryType::List(_), true) => {
            let ts = code.receiver();
            Code::atom(quote!(#ts.is_some_and(|v| !v.is_empty())))
        }
        (QueryType::Str | QueryType::List(_), false) => {
            let ts = code.receiver();
            Code::new(quote!(!#ts.is_empty()), false, Prec::Unary)
        }
        (QueryType::Map, true) => {
            let ts = code.receiver();
            Code::atom(quote!(#ts.is_some_and(|n| n > 0)))
        }
        (QueryType::Map, false) => {
            let ts = code.operand(Prec::Unary);
            Code::new(quote!(#ts > 0), false, Prec::Compare)
        }
        (_, true) => {
            let ts = code.receiver();
            Code::atom(quote!(#ts.is_some()))
        }
        (_, false) => Code::atom(quote!(true)),
    }
}

fn compare(ir: &Ir, op: CompareOp, a: &Query, b: &Query) -> Code {
    let (ca, cb) = (query(ir, a), query(ir, b));
    // `x == null`: whether `x` is null.
    if a.ty == QueryType::Null || b.ty == QueryType::Null {
        let other = if a.ty == QueryType::Null { cb } else { ca };
        let both_null = a.ty == b.ty;
        let eq = op != CompareOp::Ne;
        return if other.optional && !both_null {
            let ts = other.receiver();
            if eq {
                Code::atom(quote!(#ts.is_none()))
            } else {
                Code::atom(quote!(#ts.is_some()))
            }
        } else {
            let same = both_null == eq;
            Code::atom(quote!(#same))
        };
    }
    let symbol = match op {
        CompareOp::Eq => quote!(==),
        CompareOp::Ne => quote!(!=),
        CompareOp::Lt => quote!(<),
        CompareOp::Le => quote!(<=),
        CompareOp::Gt => quote!(>),
        CompareOp::Ge => quote!(>=),
    };
    let numbers = a.ty == QueryType::Num;
    let plain = !ca.optional && !cb.optional;
    match op {
        // Null equals null; numbers are compared as `Option`s, never as bare floats.
        CompareOp::Eq | CompareOp::Ne if plain && !numbers => {
            let (x, y) = (ca.operand(Prec::Unary), cb.operand(Prec::Unary));
            Code::new(quote!(#x #symbol #y), false, Prec::Compare)
        }
        CompareOp::Eq | CompareOp::Ne => {
            let (x, y) = (ca.some(), cb.some());
            Code::new(quote!(#x #symbol #y), false, Prec::Compare)
        }
        // An order between numbers only; null when either is null.
        _ if plain => {
            let (x, y) = (ca.operand(Prec::Unary), cb.operand(Prec::Unary));
            Code::new(quote!(#x #symbol #y), false, Prec::Compare)
        }
        _ => {
            let (x, y) = (ca.some(), cb.some());
            Code::optional(quote!(#x.zip(#y).map(|(x, y)| x #symbol y)))
        }
    }
}
