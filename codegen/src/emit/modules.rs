//! Module files: the crate root, `types`, `types::builders`, `types::error`, `operation`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, ident, inner_doc};
use crate::ir::{Ir, Kind, Operation, Role, Structure};

/// True for error structures.
pub(crate) fn is_error(s: &Structure) -> bool {
    matches!(s.role, Role::Error { .. })
}

fn in_types(s: &Structure) -> bool {
    s.role == Role::Shape
}

pub(crate) fn lib_rs(ir: &Ir) -> TokenStream {
    let service = &ir.service;
    let crate_ident = &service.lib_name;
    let mut docs = format!(
        "Client types for {} (API version {}).",
        super::markdown_text(service.title.as_deref().unwrap_or(&service.sdk_id)),
        super::markdown_text(&service.version)
    );
    if !service.docs.is_empty() {
        docs.push_str("\n\n");
        docs.push_str(&service.docs);
    }
    let errors = if ir.structures.values().any(is_error) {
        " errors the service returns in [`types::error`],"
    } else {
        ""
    };
    docs.push_str(&format!(
        "\n\n**Layout.** Shapes of the model are in [`types`],{errors} and each operation's input \
         and output in [`operation`]. Every structure is built with a builder whose `build()` \
         only compiles once every required member is set, and checked against the model's \
         constraints with `validate()`, which reports every violation with its JSON path."
    ));
    if let Some(op) = ir.operations.first()
        && let Some(input) = ir.structures.get(&op.input)
        && input.fields.iter().all(|f| !f.required)
    {
        docs.push_str(&format!(
            "\n\n```\nuse {crate_ident}::operation::{module}::{name};\n\nlet input = {name}::builder().build();\nassert!(input.validate().is_ok());\n```",
            module = op.module,
            name = input.name,
        ));
    }
    if !ir.left_out.is_empty() {
        docs.push_str(
            "\n\n**Not in this crate.** These operations of the model need features that the \
             generator does not support yet:\n",
        );
        for left in &ir.left_out {
            docs.push_str(&format!(
                "\n- {}: {}",
                super::markdown_text(&left.operation),
                super::markdown_text(&left.reason)
            ));
        }
    }
    if !ir.waiters_left_out.is_empty() {
        docs.push_str(
            "\n\n**Waiters not in this crate.** These waiters of the model cannot be generated \
             yet; their operations are here:\n",
        );
        for left in &ir.waiters_left_out {
            docs.push_str(&format!(
                "\n- {} of {}: {}",
                super::markdown_text(&left.waiter),
                super::markdown_text(&left.operation),
                super::markdown_text(&left.reason)
            ));
        }
    }
    if !ir.unchecked.is_empty() {
        docs.push_str(
            "\n\n**Constraints not checked.** `validate()` does not check these constraints of \
             the model, which the service still applies:\n",
        );
        for unchecked in &ir.unchecked {
            docs.push_str(&format!("\n- {}", super::markdown_text(unchecked)));
        }
    }
    docs.push_str(
        "\n\n**Runtime.** Configuration, credentials, errors and validation are those of \
         [`rustgen_runtime`], re-exported here as [`config`], [`error`] and [`validation`] (and \
         the whole crate as [`runtime`]): one [`Config`] serves the clients of every generated \
         service in a program.",
    );
    let docs = inner_doc(&docs);
    let primitives = (!ir.enums.is_empty()).then(|| {
        quote!(
            pub mod primitives;
        )
    });
    let patterns = (!ir.patterns.is_empty()).then(|| {
        quote!(
            mod patterns;
        )
    });
    let time = super::support::uses_timestamps(ir).then(|| {
        quote! {
            /// The `time` crate, whose `OffsetDateTime` holds every timestamp of the model.
            pub use ::rustgen_runtime::time;
        }
    });
    let document = super::support::uses(ir, &|k| *k == Kind::Document).then(|| {
        quote! {
            /// The document type, which holds the model's untyped JSON values.
            pub use ::rustgen_runtime::document;
        }
    });
    let waiter = ir
        .operations
        .iter()
        .any(|op| !op.waiters.is_empty())
        .then(|| {
            quote! {
                /// What the `wait_until_…` methods of the fluent builders answer and fail with.
                pub use ::rustgen_runtime::waiter;
            }
        });
    let (major, minor) = crate::options::RUNTIME_VERSION_PARTS;
    let major = proc_macro2::Literal::u64_unsuffixed(major);
    let minor = proc_macro2::Literal::u64_unsuffixed(minor);
    quote! {
        #docs
        #![deny(missing_docs)]
        #![forbid(unsafe_code)]

        mod client;
        pub mod endpoint;
        pub mod operation;
        #patterns
        #primitives
        pub mod types;

        pub use self::client::{Client, Service};
        pub use ::rustgen_runtime as runtime;
        pub use ::rustgen_runtime::{config, error, validation, Config};

        /// The `http` crate, whose `Request` and `Response` a call's signed request and answer are.
        pub use ::rustgen_runtime::http;
        /// The `bytes` crate, whose `Bytes` holds request and response bodies.
        pub use ::rustgen_runtime::bytes;

        #time
        #document
        #waiter

        /// The runtime version this crate was generated for: another one stops the build here,
        /// with a message that says so.
        const _: () = ::rustgen_runtime::require_version(#major, #minor);
    }
}

pub(crate) fn types_rs(ir: &Ir) -> TokenStream {
    let mut mods = Vec::new();
    let mut uses = Vec::new();
    for s in ir.structures.values().filter(|s| in_types(s)) {
        let m = ident(&s.file);
        let n = ident(&s.name);
        mods.push(quote!(mod #m;));
        uses.push(quote!(pub use self::#m::#n;));
    }
    for e in ir.enums.values() {
        let m = ident(&e.file);
        let n = ident(&e.name);
        mods.push(quote!(mod #m;));
        uses.push(quote!(pub use self::#m::#n;));
    }
    let error = ir.structures.values().any(is_error).then(|| {
        quote!(
            pub mod error;
        )
    });
    let docs = inner_doc("Shapes of the model: structures and enums shared by the operations.");
    quote! {
        #docs

        pub mod builders;
        #error
        #(#mods)*

        #(#uses)*
    }
}

pub(crate) fn type_builders_rs(ir: &Ir) -> TokenStream {
    let builders = ir
        .structures
        .values()
        .filter(|s| in_types(s) && !s.union)
        .map(|s| {
            let m = ident(&s.file);
            let b = ident(&s.builder);
            quote!(pub use super::#m::#b;)
        });
    let mut markers: Vec<(String, Vec<String>)> = Vec::new();
    for s in ir.structures.values() {
        for f in &s.fields {
            let Some(name) = f.marker.clone() else {
                continue;
            };
            let used_by = format!("[`{}::{}`]", super::ty::struct_doc_path(s), f.bare_name());
            match markers.iter_mut().find(|(n, _)| *n == name) {
                Some((_, users)) => users.push(used_by),
                None => markers.push((name, vec![used_by])),
            }
        }
    }
    markers.sort();
    let provided = (!markers.is_empty()).then(|| {
        quote! {
            /// The state of a required member once it is set: the value itself. `build()` needs
            /// every required member in this state, so leaving one out does not compile.
            #[diagnostic::on_unimplemented(
                message = "a required member is not set: `{Self}`",
                label = "`build()` needs every required member set first",
                note = "call the builder method named after the member before `build()`"
            )]
            pub trait Provided<T> {
                /// The member's value.
                fn into_value(self) -> T;
            }

            impl<T> Provided<T> for T {
                fn into_value(self) -> T {
                    self
                }
            }
        }
    });
    let markers = markers.iter().map(|(name, users)| {
        let ident = ident(name);
        let docs = doc(&format!(
            "Marks a required member that is not set yet in a builder: {}.",
            users.join(", ")
        ));
        quote! {
            #docs
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
            pub struct #ident;
        }
    });
    let docs = inner_doc(
        "Builders of the types in [`crate::types`], and the markers that keep `build()` from \
         compiling while a required member is missing.",
    );
    quote! {
        #docs

        #(#builders)*

        #provided
        #(#markers)*
    }
}

pub(crate) fn errors_rs(ir: &Ir) -> TokenStream {
    let mut mods = Vec::new();
    let mut uses = Vec::new();
    let mut builders = Vec::new();
    for s in ir.structures.values().filter(|s| is_error(s)) {
        let m = ident(&s.file);
        let n = ident(&s.name);
        let b = ident(&s.builder);
        mods.push(quote!(mod #m;));
        uses.push(quote!(pub use self::#m::#n;));
        builders.push(quote!(pub use super::#m::#b;));
    }
    let docs = inner_doc("Errors the service returns, one structure per modeled error.");
    quote! {
        #docs

        #(#mods)*

        #(#uses)*

        /// Builders of the error structures.
        pub mod builders {
            #(#builders)*
        }
    }
}

pub(crate) fn operation_rs(ir: &Ir) -> TokenStream {
    let mods = ir.operations.iter().map(|op| {
        let m = ident(&op.module);
        let docs = doc(&op_summary(op));
        quote!(#docs pub mod #m;)
    });
    let docs = inner_doc("The operations of the service: each one's input and output.");
    quote! {
        #docs
        #(#mods)*
    }
}

fn op_summary(op: &Operation) -> String {
    let first = op.docs.split("\n\n").next().unwrap_or_default();
    if first.is_empty() {
        format!("The `{}` operation.", op.name)
    } else {
        first.to_owned()
    }
}

pub(crate) fn operation_module_rs(ir: &Ir, op: &Operation) -> TokenStream {
    let input = ir.structures.get(&op.input);
    let output = ir.structures.get(&op.output);
    let mut docs = if op.docs.is_empty() {
        format!("The `{}` operation.", op.name)
    } else {
        op.docs.clone()
    };
    docs.push_str(&format!(
        "\n\nSent as `{} {}`; a success answers HTTP {}.",
        op.http.method, op.http.uri, op.http.code
    ));
    if !op.errors.is_empty() {
        let errors: Vec<String> = op
            .errors
            .iter()
            .filter_map(|case| ir.structures.get(&case.structure))
            .map(|s| format!("[`{}`]({})", s.name, super::ty::struct_doc_path(s)))
            .collect();
        docs.push_str(&format!("\n\nErrors: {}.", errors.join(", ")));
    }
    let docs = inner_doc(&docs);
    let mut uses = Vec::new();
    let mut builders = Vec::new();
    for s in [input, output].into_iter().flatten() {
        let m = ident(&s.file);
        let n = ident(&s.name);
        let b = ident(&s.builder);
        uses.push(quote!(pub use self::#m::#n;));
        builders.push(quote!(pub use super::#m::#b;));
    }
    let error = ident(&op.error);
    let fluent = ident(&op.fluent);
    let op_type = ident(&op.name);
    let paginator = op.paginator.as_ref().map(|name| {
        let name = ident(name);
        quote!(pub use self::client::#name;)
    });
    quote! {
        #docs

        mod client;
        mod error;
        mod input;
        mod output;

        pub use self::client::#op_type;
        pub use self::error::#error;
        #paginator
        #(#uses)*

        /// Builders of the operation's input and output, and of a call.
        pub mod builders {
            pub use super::client::#fluent;
            #(#builders)*
        }
    }
}
