//! Rust types of IR values, and paths of generated items.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{DefaultValue, IntWidth, Ir, Kind, Structure, Value};

/// Path of a generated structure from the crate root, e.g. `crate::types::Stage`.
pub(crate) fn struct_path(s: &Structure) -> TokenStream {
    let modules = s.module.iter().map(|m| ident(m));
    let name = ident(&s.name);
    quote!(crate #(::#modules)* :: #name)
}

/// Path of a generated structure as text, for doc links: `crate::types::Stage`.
/// (Intra-doc links do not take raw identifiers: the path uses the names without `r#`,
/// which rustdoc resolves.)
pub(crate) fn struct_doc_path(s: &Structure) -> String {
    let name = s.name.strip_prefix("r#").unwrap_or(&s.name);
    format!("crate::{}::{name}", s.dir.join("::"))
}

/// Path of the generated type for a structure or enum shape id.
pub(crate) fn shape_path(ir: &Ir, id: &str) -> TokenStream {
    if let Some(s) = ir.structures.get(id) {
        return struct_path(s);
    }
    let name = ir.enums.get(id).map_or("UnknownShape", |e| e.name.as_str());
    let name = ident(name);
    quote!(crate::types::#name)
}

/// The Rust type that holds a value.
pub(crate) fn rust_type(ir: &Ir, value: &Value) -> TokenStream {
    match &value.kind {
        Kind::String => quote!(::std::string::String),
        Kind::Boolean => quote!(bool),
        Kind::Int(IntWidth::Byte) => quote!(i8),
        Kind::Int(IntWidth::Short) => quote!(i16),
        Kind::Int(IntWidth::Integer) => quote!(i32),
        Kind::Int(IntWidth::Long) => quote!(i64),
        Kind::Float => quote!(f32),
        Kind::Double => quote!(f64),
        Kind::Timestamp(_) => quote!(::rustgen_runtime::time::OffsetDateTime),
        Kind::Blob => quote!(::std::vec::Vec<u8>),
        Kind::Document => quote!(::rustgen_runtime::document::Document),
        Kind::Unit => quote!(()),
        Kind::Nullable(item) => {
            let item = rust_type(ir, item);
            quote!(::std::option::Option<#item>)
        }
        Kind::Enum(id) | Kind::Structure(id) => shape_path(ir, id),
        Kind::List(item) => {
            let item = rust_type(ir, item);
            quote!(::std::vec::Vec<#item>)
        }
        Kind::Map(key, value) => {
            let key = rust_type(ir, key);
            let value = rust_type(ir, value);
            quote!(::std::collections::BTreeMap<#key, #value>)
        }
    }
}

/// The type a setter takes for a value, and the conversion of the argument named `arg` into the
/// stored value: strings take anything `Into<String>`, other types themselves.
pub(crate) fn setter_param(ir: &Ir, value: &Value, arg: &str) -> (TokenStream, TokenStream) {
    let arg = super::ident(arg);
    match value.kind {
        Kind::String => (
            quote!(impl ::std::convert::Into<::std::string::String>),
            quote!(#arg.into()),
        ),
        Kind::Blob => (
            quote!(impl ::std::convert::Into<::std::vec::Vec<u8>>),
            quote!(#arg.into()),
        ),
        _ => (rust_type(ir, value), quote!(#arg)),
    }
}

/// The codec (`rustgen_runtime::wire::Codec`) a value is written and read with in a JSON body,
/// when serde's form of its Rust type is not the wire form: timestamps, blobs, and lists and
/// maps of them.
pub(crate) fn codec(value: &Value) -> Option<TokenStream> {
    match &value.kind {
        Kind::Timestamp(crate::ir::TimestampFormat::DateTime) => {
            Some(quote!(::rustgen_runtime::wire::DateTime))
        }
        Kind::Timestamp(crate::ir::TimestampFormat::EpochSeconds) => {
            Some(quote!(::rustgen_runtime::wire::EpochSeconds))
        }
        Kind::Timestamp(crate::ir::TimestampFormat::HttpDate) => {
            Some(quote!(::rustgen_runtime::wire::HttpDate))
        }
        Kind::Blob => Some(quote!(::rustgen_runtime::wire::Base64)),
        Kind::List(item) => codec(item).map(|c| quote!(::rustgen_runtime::wire::ListOf<#c>)),
        Kind::Nullable(item) => codec(item).map(|c| quote!(::rustgen_runtime::wire::Nullable<#c>)),
        Kind::Map(_, entry) => codec(entry).map(|c| quote!(::rustgen_runtime::wire::MapOf<#c>)),
        _ => None,
    }
}

/// True for types accessors return by value.
pub(crate) fn is_copy(value: &Value) -> bool {
    matches!(
        value.kind,
        Kind::Boolean | Kind::Int(_) | Kind::Float | Kind::Double | Kind::Timestamp(_)
    )
}

/// The type a `&self` accessor returns for a present value, and the expression producing it from
/// `self.<field>` (`required`) or from the `Option` field.
pub(crate) fn accessor(
    ir: &Ir,
    value: &Value,
    field: &TokenStream,
    required: bool,
) -> (TokenStream, TokenStream) {
    let (borrowed, from_ref, from_option) = match &value.kind {
        Kind::String => (
            quote!(&str),
            quote!(self.#field.as_str()),
            quote!(self.#field.as_deref()),
        ),
        Kind::List(item) => {
            let item = rust_type(ir, item);
            (
                quote!(&[#item]),
                quote!(self.#field.as_slice()),
                quote!(self.#field.as_deref()),
            )
        }
        Kind::Blob => (
            quote!(&[u8]),
            quote!(self.#field.as_slice()),
            quote!(self.#field.as_deref()),
        ),
        _ if is_copy(value) => {
            let t = rust_type(ir, value);
            (t, quote!(self.#field), quote!(self.#field))
        }
        _ => {
            let t = rust_type(ir, value);
            (
                quote!(&#t),
                quote!(&self.#field),
                quote!(self.#field.as_ref()),
            )
        }
    };
    if required {
        (borrowed, from_ref)
    } else {
        (quote!(::std::option::Option<#borrowed>), from_option)
    }
}

/// The type of the associated constant holding a default, and its value.
pub(crate) fn default_const(
    ir: &Ir,
    value: &Value,
    default: &DefaultValue,
) -> Option<(TokenStream, TokenStream)> {
    let expr = default_expr(ir, value, default)?;
    let ty = match (&value.kind, default) {
        (Kind::String, _) => quote!(&'static str),
        (Kind::List(item), _) => {
            let item = rust_type(ir, item);
            quote!(&'static [#item])
        }
        (Kind::Map(..), _) => return None,
        _ => rust_type(ir, value),
    };
    Some((ty, expr))
}

fn default_expr(ir: &Ir, value: &Value, default: &DefaultValue) -> Option<TokenStream> {
    Some(match (default, &value.kind) {
        (DefaultValue::Bool(b), _) => quote!(#b),
        (DefaultValue::Int(i), Kind::Int(width)) => {
            let lit = match width {
                IntWidth::Byte => proc_macro2::Literal::i8_unsuffixed(i8::try_from(*i).ok()?),
                IntWidth::Short => proc_macro2::Literal::i16_unsuffixed(i16::try_from(*i).ok()?),
                IntWidth::Integer => proc_macro2::Literal::i32_unsuffixed(i32::try_from(*i).ok()?),
                IntWidth::Long => proc_macro2::Literal::i64_unsuffixed(*i),
            };
            quote!(#lit)
        }
        (DefaultValue::Float(f), Kind::Float) => {
            let lit = proc_macro2::Literal::f32_unsuffixed(*f as f32);
            quote!(#lit)
        }
        (DefaultValue::Float(f), _) => {
            let lit = proc_macro2::Literal::f64_unsuffixed(*f);
            quote!(#lit)
        }
        (DefaultValue::String(s), _) => quote!(#s),
        (DefaultValue::Enum { variant, .. }, Kind::Enum(id)) => {
            let path = shape_path(ir, id);
            let variant = ident(variant);
            quote!(#path::#variant)
        }
        (DefaultValue::List(items), Kind::List(item)) => {
            let items = items
                .iter()
                .map(|d| default_expr(ir, item, d))
                .collect::<Option<Vec<_>>>()?;
            quote!(&[#(#items),*])
        }
        _ => return None,
    })
}

/// Markdown rendering of a default, for docs.
pub(crate) fn default_doc(default: &DefaultValue) -> String {
    match default {
        DefaultValue::Bool(b) => format!("`{b}`"),
        DefaultValue::Int(i) => format!("`{i}`"),
        DefaultValue::Float(f) => format!("`{f}`"),
        DefaultValue::String(s) => super::code(&format!("{s:?}")),
        DefaultValue::Enum { value, .. } => super::code(value),
        DefaultValue::List(items) => {
            let items: Vec<String> = items.iter().map(default_doc).collect();
            format!("\\[{}\\]", items.join(", "))
        }
        DefaultValue::EmptyMap => "an empty map".to_owned(),
    }
}
