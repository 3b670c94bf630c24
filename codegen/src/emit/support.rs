//! The crate's small support modules, each emitted only when the model needs it: `primitives`
//! (the holder of unknown enum values) and `patterns` (the model's regular expressions).

use proc_macro2::TokenStream;
use quote::quote;

use super::inner_doc;
use crate::ir::{Ir, Kind};

/// Whether some member of the model holds a timestamp, so the crate re-exports `time`.
pub(crate) fn uses_timestamps(ir: &Ir) -> bool {
    uses(ir, &|k| matches!(k, Kind::Timestamp(_)))
}

/// Whether some member of the model holds a value of a kind `wanted` accepts, at any depth of
/// lists and maps.
pub(crate) fn uses(ir: &Ir, wanted: &dyn Fn(&Kind) -> bool) -> bool {
    fn has(kind: &Kind, wanted: &dyn Fn(&Kind) -> bool) -> bool {
        wanted(kind)
            || match kind {
                Kind::List(item) | Kind::Nullable(item) => has(&item.kind, wanted),
                Kind::Map(key, value) => has(&key.kind, wanted) || has(&value.kind, wanted),
                _ => false,
            }
    }
    ir.structures
        .values()
        .any(|s| s.fields.iter().any(|f| has(&f.value.kind, wanted)))
}

/// The support files the model needs.
pub(crate) fn files(ir: &Ir) -> Vec<(String, TokenStream)> {
    let mut files = Vec::new();
    if !ir.enums.is_empty() {
        files.push(("src/primitives.rs".to_owned(), primitives()));
    }
    if !ir.patterns.is_empty() {
        files.push(("src/patterns.rs".to_owned(), patterns(ir)));
    }
    files
}

fn primitives() -> TokenStream {
    let doc = inner_doc("Small types the generated enums share.");
    quote! {
        #doc

        /// A value of an enum that this version of the crate does not know.
        ///
        /// It is kept exactly as received, so it round-trips. It can only be made by converting
        /// a string that is not a known value, so a known value never lands here.
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct UnknownValue(::std::string::String);

        impl UnknownValue {
            pub(crate) fn new(value: ::std::string::String) -> Self {
                Self(value)
            }

            /// The value as received.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for UnknownValue {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    }
}

/// `src/patterns.rs`: a static per pattern of the model, compiled on first use.
fn patterns(ir: &Ir) -> TokenStream {
    let statics = ir.patterns.iter().map(|(name, pattern)| {
        let name = super::ident(name);
        let doc = super::doc(&format!("Pattern {}.", super::code(&pattern.source)));
        let (source, engine) = (&pattern.source, &pattern.engine);
        let constructor = if pattern.lookaround {
            quote!(with_lookaround)
        } else {
            quote!(new)
        };
        quote! {
            #doc
            pub(crate) static #name: ::rustgen_runtime::validation::Pattern =
                ::rustgen_runtime::validation::Pattern::#constructor(#source, #engine);
        }
    });
    let doc = inner_doc("The model's patterns, by the shape or member they constrain.");
    quote! {
        #doc

        #(#statics)*
    }
}
