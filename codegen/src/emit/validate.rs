//! The body of each structure's `validate_at`: one block per member with something to check.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{Field, IntWidth, Ir, Kind, Value};

/// True if a value of this type has anything to check, at any depth.
pub(crate) fn has_checks(ir: &Ir, value: &Value) -> bool {
    !value.constraints.is_empty()
        || match &value.kind {
            Kind::Structure(id) => ir.structures.get(id).is_some_and(|s| s.has_constraints),
            Kind::List(item) | Kind::Nullable(item) => has_checks(ir, item),
            Kind::Map(key, value) => has_checks(ir, key) || has_checks(ir, value),
            _ => false,
        }
}

/// `Some(n)` or `None`, with an unsuffixed literal (`Some(128)`, not `Some(128u64)`).
fn bound<T: Into<i128>>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => {
            let literal = proc_macro2::Literal::i128_unsuffixed(v.into());
            quote!(Some(#literal))
        }
        None => quote!(None),
    }
}

/// Statements checking `value` (an expression of type `&T`) at `path` (a `Path` in scope).
fn checks(ir: &Ir, value: &Value, expr: &TokenStream) -> TokenStream {
    let c = &value.constraints;
    let sensitive = value.sensitive;
    let mut out = Vec::new();
    match &value.kind {
        Kind::String => {
            if let Some(length) = c.length {
                let (min, max) = (bound(length.min), bound(length.max));
                out.push(quote! {
                    ::rustgen_runtime::validation::string_length(#expr, #min, #max, #sensitive, &path, violations);
                });
            }
            if let Some(crate::ir::Pattern { name, .. }) = &c.pattern {
                let name = quote::format_ident!("{}", name);
                out.push(quote! {
                    ::rustgen_runtime::validation::pattern(#expr, &crate::patterns::#name, #sensitive, &path, violations);
                });
            }
        }
        Kind::Nullable(item) => {
            let inner = checks(ir, item, &quote!(value));
            out.push(quote! {
                if let Some(value) = #expr {
                    #inner
                }
            });
        }
        Kind::Blob => {
            if let Some(length) = c.length {
                let (min, max) = (bound(length.min), bound(length.max));
                out.push(quote! {
                    ::rustgen_runtime::validation::count(#expr.len(), #min, #max, ::rustgen_runtime::validation::LengthUnit::Bytes, &path, violations);
                });
            }
        }
        Kind::Int(width) => {
            if let Some(range) = c.range {
                let (min, max) = (bound(range.min), bound(range.max));
                let wide = match width {
                    IntWidth::Long => quote!(*#expr),
                    _ => quote!(i64::from(*#expr)),
                };
                out.push(quote! {
                    ::rustgen_runtime::validation::range(#wide, #min, #max, &path, violations);
                });
            }
        }
        Kind::Float | Kind::Double => {
            if let Some(range) = c.float_range {
                let float_bound = |b: Option<f64>| match b {
                    Some(v) => {
                        let literal = proc_macro2::Literal::f64_unsuffixed(v);
                        quote!(Some(#literal))
                    }
                    None => quote!(None),
                };
                let (min, max) = (float_bound(range.min), float_bound(range.max));
                let wide = if value.kind == Kind::Float {
                    quote!(f64::from(*#expr))
                } else {
                    quote!(*#expr)
                };
                out.push(quote! {
                    ::rustgen_runtime::validation::range_float(#wide, #min, #max, &path, violations);
                });
            }
        }
        Kind::Structure(id) if ir.structures.get(id).is_some_and(|s| s.has_constraints) => {
            out.push(quote!(#expr.validate_at(&path, violations);));
        }
        Kind::List(item) => {
            if let Some(length) = c.length {
                let (min, max) = (bound(length.min), bound(length.max));
                out.push(quote! {
                    ::rustgen_runtime::validation::count(#expr.len(), #min, #max, ::rustgen_runtime::validation::LengthUnit::Items, &path, violations);
                });
            }
            if c.unique_items {
                out.push(
                    quote!(::rustgen_runtime::validation::unique_items(#expr, &path, violations);),
                );
            }
            if has_checks(ir, item) {
                let inner = checks(ir, item, &quote!(item));
                out.push(quote! {
                    for (index, item) in #expr.iter().enumerate() {
                        let path = path.index(index);
                        #inner
                    }
                });
            }
        }
        Kind::Map(key, entry) => {
            if let Some(length) = c.length {
                let (min, max) = (bound(length.min), bound(length.max));
                out.push(quote! {
                    ::rustgen_runtime::validation::count(#expr.len(), #min, #max, ::rustgen_runtime::validation::LengthUnit::Entries, &path, violations);
                });
            }
            if let Some(max) = c.utf8_size {
                let max = proc_macro2::Literal::u64_unsuffixed(max);
                let key_len = str_len(key, quote!(key));
                let value_len = str_len(entry, quote!(value));
                out.push(quote! {
                    let size = #expr.iter().map(|(key, value)| #key_len + #value_len).sum();
                    ::rustgen_runtime::validation::utf8_size(size, #max, &path, violations);
                });
            }
            let key_checks = has_checks(ir, key).then(|| {
                let inner = checks(ir, key, &quote!(key));
                let key_str = as_str(key, quote!(key));
                quote! {
                    {
                        let path = path.key(#key_str);
                        #inner
                    }
                }
            });
            let value_checks = has_checks(ir, entry).then(|| {
                let inner = checks(ir, entry, &quote!(value));
                let key_str = as_str(key, quote!(key));
                quote! {
                    {
                        let path = path.entry(#key_str);
                        #inner
                    }
                }
            });
            match (key_checks, value_checks) {
                (None, None) => {}
                (Some(key_checks), None) => out.push(quote! {
                    for key in #expr.keys() {
                        #key_checks
                    }
                }),
                (key_checks, Some(value_checks)) => out.push(quote! {
                    for (key, value) in #expr {
                        #key_checks
                        #value_checks
                    }
                }),
            }
        }
        _ => {}
    }
    quote!(#(#out)*)
}

fn as_str(value: &Value, expr: TokenStream) -> TokenStream {
    match value.kind {
        Kind::Enum(_) => quote!(#expr.as_str()),
        _ => quote!(#expr),
    }
}

fn str_len(value: &Value, expr: TokenStream) -> TokenStream {
    match value.kind {
        Kind::Enum(_) => quote!(#expr.as_str().len()),
        _ => quote!(#expr.len()),
    }
}

/// The check of one member, or nothing when it has nothing to check.
pub(crate) fn field(ir: &Ir, field: &Field) -> Option<TokenStream> {
    if !has_checks(ir, &field.value) {
        return None;
    }
    let name = ident(&field.name);
    let wire = &field.wire_name;
    let body = checks(ir, &field.value, &quote!(value));
    Some(if field.required {
        quote! {
            {
                let value = &self.#name;
                let path = path.member(#wire);
                #body
            }
        }
    } else {
        quote! {
            if let Some(value) = &self.#name {
                let path = path.member(#wire);
                #body
            }
        }
    })
}

/// The checks of a union member's value, bound as `value`, or nothing when it has nothing to
/// check.
pub(crate) fn variant(ir: &Ir, field: &Field) -> Option<TokenStream> {
    has_checks(ir, &field.value).then(|| checks(ir, &field.value, &quote!(value)))
}
