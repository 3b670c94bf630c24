//! One enum: a variant per known value plus a variant that keeps unknown values, conversions
//! from and to strings, and JSON (de)serialization as a string.

use proc_macro2::TokenStream;
use quote::quote;

use super::{code, doc, ident};
use crate::ir::{Enum, Ir};

/// The whole file of an enum.
pub(crate) fn file(_ir: &Ir, e: &Enum) -> TokenStream {
    let name = ident(&e.name);
    let unknown = ident(&e.unknown_variant);
    let example = e.variants.first();
    let mut docs = if e.docs.is_empty() {
        format!("The `{}` enum.", e.name)
    } else {
        e.docs.clone()
    };
    docs.push_str(&format!(
        "\n\nValues newer than this version of the crate arrive as [`{0}::{1}`] and round-trip \
         unchanged. Match forward-compatibly with a wildcard arm, and compare unknown values with \
         [`as_str`](Self::as_str) rather than by constructing them:",
        e.name, e.unknown_variant
    ));
    if let Some(first) = example {
        docs.push_str(&format!(
            "\n\n```\n# use {crate_name}::types::{name};\nfn describe(value: &{name}) -> &str {{\n    match value {{\n        {name}::{variant} => {value:?},\n        other => other.as_str(),\n    }}\n}}\nassert_eq!(describe(&{name}::from({value:?})), {value:?});\n```",
            crate_name = _ir.service.lib_name,
            name = e.name,
            variant = first.name,
            value = first.value,
        ));
    }
    let docs = doc(&docs);
    let variants = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let text = if v.docs.is_empty() {
            format!("The value {}.", code(&v.value))
        } else {
            format!("{}\n\nOn the wire: {}.", v.docs, code(&v.value))
        };
        let docs = doc(&text);
        quote!(#docs #variant,)
    });
    let as_str_arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(Self::#variant => #value,)
    });
    let from_arms = e.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let value = &v.value;
        quote!(#value => Self::#variant,)
    });
    let from_arms_owned = from_arms.clone();
    let values = e.variants.iter().map(|v| &v.value);
    let unknown_doc = doc(
        "A value this version of the crate does not know, kept as received. It cannot be \
         constructed directly: converting an unknown string with [`From`] makes one.",
    );
    quote! {
        #docs
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            #unknown(crate::primitives::UnknownValue),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str_arms)*
                    Self::#unknown(value) => value.as_str(),
                }
            }

            /// Every value this version of the crate knows, in model order.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_arms)*
                    other => Self::#unknown(crate::primitives::UnknownValue::new(other.to_owned())),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #(#from_arms_owned)*
                    _ => Self::#unknown(crate::primitives::UnknownValue::new(value)),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::rustgen_runtime::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: ::rustgen_runtime::serde::Serializer,
            {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::rustgen_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::rustgen_runtime::serde::Deserializer<'de>,
            {
                let value = <::rustgen_runtime::wire::Key<'de> as ::rustgen_runtime::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}
