//! One union: an enum with a variant per member and a variant that keeps members newer than the
//! model, accessors, `validate()`, and JSON (de)serialization as an object with exactly one
//! member.

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::redacts;
use super::ty::{codec, rust_type};
use super::{code, doc, ident, validate};
use crate::ir::{Field, Ir, Kind, Structure};

/// The whole file of a union.
pub(crate) fn file(ir: &Ir, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let unknown = ident(&s.unknown_variant);
    let mut docs = if s.docs.is_empty() {
        format!("The `{}` union.", s.name)
    } else {
        s.docs.clone()
    };
    docs.push_str(&format!(
        "\n\nExactly one member is set. A member newer than this version of the crate arrives as \
         [`{0}::{1}`] with its name; it can be read, not sent. Match with a wildcard arm to stay \
         forward-compatible.",
        s.name, s.unknown_variant
    ));
    let docs = doc(&docs);
    let derive_debug = (!redacts(s)).then(|| quote!(Debug,));
    let variants = s.fields.iter().map(|f| {
        let variant = ident(&f.variant);
        let docs = doc(&variant_docs(f));
        match payload_type(ir, f) {
            Some(ty) => quote!(#docs #variant(#ty),),
            None => quote!(#docs #variant,),
        }
    });
    let unknown_doc = doc(&format!(
        "A member this version of the crate does not know, by its name on the wire. It is read \
         from answers; sending it is refused with a serialization error. Use \
         [`is_{}`](Self::is_{}) to test for it.",
        naming_unknown(s),
        naming_unknown(s)
    ));
    let methods = methods(ir, s);
    let debug = debug_impl(s);
    let serialize = serialize(s);
    let deserialize = deserialize(ir, s);
    quote! {
        #docs
        #[derive(Clone, PartialEq, #derive_debug)]
        #[non_exhaustive]
        #[allow(
            clippy::large_enum_variant,
            reason = "each member is held as the model gives it; a caller matches on the values, not on boxes"
        )]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            #unknown(::std::string::String),
        }

        #methods
        #debug
        #serialize
        #deserialize
    }
}

/// The snake-case name of the unknown variant, for its predicate (`is_unknown`).
fn naming_unknown(s: &Structure) -> String {
    crate::naming::snake(&s.unknown_variant)
}

fn variant_docs(f: &Field) -> String {
    let mut docs = if f.docs.is_empty() {
        format!("The `{}` member.", f.member_name)
    } else {
        f.docs.clone()
    };
    if f.member_name != f.wire_name {
        docs.push_str(&format!("\n\nOn the wire: {}.", code(&f.wire_name)));
    }
    docs
}

/// The type a variant holds, or `None` for a member without a value (`smithy.api#Unit`).
fn payload_type(ir: &Ir, f: &Field) -> Option<TokenStream> {
    if f.value.kind == Kind::Unit {
        return None;
    }
    let ty = rust_type(ir, &f.value);
    Some(if f.boxed {
        quote!(::std::boxed::Box<#ty>)
    } else {
        ty
    })
}

/// `as_<member>` and `is_<member>` per variant, and `validate()`.
fn methods(ir: &Ir, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let unknown = ident(&s.unknown_variant);
    let unknown_predicate = quote::format_ident!("is_{}", naming_unknown(s));
    let accessors = s.fields.iter().map(|f| {
        let variant = ident(&f.variant);
        let bare = f.bare_name();
        let predicate = quote::format_ident!("is_{}", bare);
        let predicate_doc = doc(&format!(
            "True when the union holds [`{0}`](Self::{0}).",
            f.variant
        ));
        if f.value.kind == Kind::Unit {
            return quote! {
                #predicate_doc
                pub fn #predicate(&self) -> bool {
                    matches!(self, Self::#variant)
                }
            };
        }
        let accessor = quote::format_ident!("as_{}", bare);
        let accessor_doc = doc(&format!(
            "The value of [`{0}`](Self::{0}), if the union holds that member.",
            f.variant
        ));
        // The value as a member accessor gives it: copy types by value, text as `&str`.
        let (ty, value) = match &f.value.kind {
            Kind::String => (quote!(&str), quote!(value.as_str())),
            Kind::Blob => (quote!(&[u8]), quote!(value.as_slice())),
            Kind::List(item) => {
                let item = rust_type(ir, item);
                (quote!(&[#item]), quote!(value.as_slice()))
            }
            _ if super::ty::is_copy(&f.value) => (rust_type(ir, &f.value), quote!(*value)),
            _ => {
                let ty = rust_type(ir, &f.value);
                let value = if f.boxed {
                    quote!(&**value)
                } else {
                    quote!(value)
                };
                (quote!(&#ty), value)
            }
        };
        quote! {
            #accessor_doc
            pub fn #accessor(&self) -> ::std::option::Option<#ty> {
                match self {
                    Self::#variant(value) => Some(#value),
                    _ => None,
                }
            }

            #predicate_doc
            pub fn #predicate(&self) -> bool {
                matches!(self, Self::#variant(_))
            }
        }
    });
    let unknown_doc = doc(&format!(
        "True when the union holds a member this version of the crate does not know \
         ([`{0}`](Self::{0})).",
        s.unknown_variant
    ));
    let validate = if s.has_constraints {
        let arms: Vec<(syn::Ident, &str, TokenStream)> = s
            .fields
            .iter()
            .filter_map(|f| {
                Some((
                    ident(&f.variant),
                    f.wire_name.as_str(),
                    validate::variant(ir, f)?,
                ))
            })
            .collect();
        let checks = if let [(variant, wire, body)] = arms.as_slice() {
            quote! {
                if let Self::#variant(value) = self {
                    let path = path.member(#wire);
                    #body
                }
            }
        } else {
            let arms = arms.iter().map(|(variant, wire, body)| {
                quote! {
                    Self::#variant(value) => {
                        let path = path.member(#wire);
                        #body
                    }
                }
            });
            quote! {
                match self {
                    #(#arms)*
                    _ => {}
                }
            }
        };
        quote! {
            /// Checks the value against every constraint of the model at any depth, and reports
            /// every violation at once.
            pub fn validate(&self) -> ::std::result::Result<(), ::rustgen_runtime::validation::ValidationError> {
                let mut violations = ::std::vec::Vec::new();
                self.validate_at(&::rustgen_runtime::validation::Path::ROOT, &mut violations);
                ::rustgen_runtime::validation::ValidationError::check(violations)
            }

            pub(crate) fn validate_at(
                &self,
                path: &::rustgen_runtime::validation::Path<'_>,
                violations: &mut ::std::vec::Vec<::rustgen_runtime::validation::Violation>,
            ) {
                #checks
            }
        }
    } else {
        quote! {
            /// Checks the value against the model's constraints. This union has none, at any
            /// depth, so it is always valid.
            pub fn validate(&self) -> ::std::result::Result<(), ::rustgen_runtime::validation::ValidationError> {
                Ok(())
            }
        }
    };
    quote! {
        impl #name {
            #(#accessors)*

            #unknown_doc
            pub fn #unknown_predicate(&self) -> bool {
                matches!(self, Self::#unknown(_))
            }

            #validate
        }
    }
}

/// A hand-written `Debug` that redacts sensitive members, when the union has any.
fn debug_impl(s: &Structure) -> Option<TokenStream> {
    if !redacts(s) {
        return None;
    }
    let name = ident(&s.name);
    let unknown = ident(&s.unknown_variant);
    let unknown_label = &s.unknown_variant;
    let arms = s.fields.iter().map(|f| {
        let variant = ident(&f.variant);
        let label = &f.variant;
        if f.value.kind == Kind::Unit {
            quote!(Self::#variant => f.write_str(#label),)
        } else if s.sensitive || f.value.sensitive {
            quote!(Self::#variant(_) => f.debug_tuple(#label).field(&::rustgen_runtime::sensitive::Redacted).finish(),)
        } else {
            quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),)
        }
    });
    Some(quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#arms)*
                    Self::#unknown(tag) => f.debug_tuple(#unknown_label).field(tag).finish(),
                }
            }
        }
    })
}

fn serialize(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let unknown = ident(&s.unknown_variant);
    let message = format!(
        "the union `{}` holds a member this crate does not know (`{{tag}}`), which cannot be sent",
        s.name
    );
    let arms = s.fields.iter().map(|f| {
        let variant = ident(&f.variant);
        let wire = &f.wire_name;
        if f.value.kind == Kind::Unit {
            return quote! {
                Self::#variant => object.serialize_entry(#wire, &::rustgen_runtime::wire::EmptyObject)?,
            };
        }
        let value = match codec(&f.value) {
            Some(codec) => quote!(&::rustgen_runtime::wire::ser::<#codec, _>(value)),
            None => quote!(value),
        };
        quote!(Self::#variant(value) => object.serialize_entry(#wire, #value)?,)
    });
    quote! {
        impl ::rustgen_runtime::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: ::rustgen_runtime::serde::Serializer,
            {
                use ::rustgen_runtime::serde::ser::SerializeMap as _;
                let mut object = serializer.serialize_map(Some(1))?;
                match self {
                    #(#arms)*
                    Self::#unknown(tag) => {
                        return Err(<S::Error as ::rustgen_runtime::serde::ser::Error>::custom(
                            format_args!(#message),
                        ));
                    }
                }
                object.end()
            }
        }
    }
}

fn deserialize(ir: &Ir, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let unknown = ident(&s.unknown_variant);
    let expecting = format!("a JSON object with one member of {}", s.name);
    let several = format!("the union `{}` holds more than one member", s.name);
    let none = format!("the union `{}` holds no member", s.name);
    let arms = s.fields.iter().map(|f| {
        let variant = ident(&f.variant);
        let wire = &f.wire_name;
        if f.value.kind == Kind::Unit {
            return quote! {
                #wire => map
                    .next_value::<::std::option::Option<::rustgen_runtime::serde::de::IgnoredAny>>()?
                    .map(|_| #name::#variant),
            };
        }
        let ty = rust_type(ir, &f.value);
        let boxing = if f.boxed {
            quote!(|value| #name::#variant(::std::boxed::Box::new(value)))
        } else {
            quote!(#name::#variant)
        };
        match codec(&f.value) {
            Some(codec) => quote! {
                #wire => map
                    .next_value::<::std::option::Option<::rustgen_runtime::wire::De<#ty, #codec>>>()?
                    .map(::rustgen_runtime::wire::De::into_inner)
                    .map(#boxing),
            },
            None => quote! {
                #wire => map.next_value::<::std::option::Option<#ty>>()?.map(#boxing),
            },
        }
    });
    let body = quote! {
        let mut value = None;
        while let Some(key) = map.next_key::<::rustgen_runtime::wire::Key<'de>>()? {
            // A member set to null counts as unset; `__type` names the shape, not a member.
            let member = match key.as_str() {
                "__type" => {
                    map.next_value::<::rustgen_runtime::serde::de::IgnoredAny>()?;
                    continue;
                }
                #(#arms)*
                other => {
                    let tag = other.to_owned();
                    map.next_value::<::std::option::Option<::rustgen_runtime::serde::de::IgnoredAny>>()?
                        .map(|_| #name::#unknown(tag))
                }
            };
            if let Some(member) = member {
                if value.is_some() {
                    return Err(<A::Error as ::rustgen_runtime::serde::de::Error>::custom(#several));
                }
                value = Some(member);
            }
        }
        value.ok_or_else(|| <A::Error as ::rustgen_runtime::serde::de::Error>::custom(#none))
    };
    super::structure::map_deserializer(&name, &expecting, &body)
}
