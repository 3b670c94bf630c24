//! One structure: the struct, its accessors and defaults, `validate()`, JSON (de)serialization,
//! `Debug` (redacting sensitive members) and its builder.

use proc_macro2::TokenStream;
use quote::quote;

use super::ty::{
    accessor, codec, default_const, default_doc, rust_type, setter_param, struct_path,
};
use super::{code, doc, ident, validate};
use crate::ir::{Field, Ir, Kind, Location, Role, Structure, Value};

/// The whole file of a structure.
pub(crate) fn file(ir: &Ir, s: &Structure) -> TokenStream {
    let definition = definition(ir, s);
    let methods = methods(ir, s);
    let error_impls = error_impls(s);
    let debug = debug_impl(s, &ident(&s.name), quote!(), &quote!(self));
    let serialize = serialize(s);
    let deserialize = deserialize(ir, s);
    let builder = builder(ir, s);
    let from_http = if ir.service.protocol == crate::ir::Protocol::AwsQuery {
        Some(super::query::impls(ir, s))
    } else {
        matches!(s.role, Role::Output { .. } | Role::Error { .. })
            .then(|| super::operation::from_http(ir, s))
    };
    let tokens = idempotency_tokens(s);
    let pagination = super::operation::pagination_setter(ir, s);
    quote! {
        #definition
        #methods
        #error_impls
        #debug
        #serialize
        #deserialize
        #from_http
        #tokens
        #pagination
        #builder
    }
}

fn struct_docs(s: &Structure) -> String {
    let mut docs = if s.docs.is_empty() {
        match &s.role {
            Role::Input { .. } => "The input of the operation.".to_owned(),
            Role::Output { .. } => "The output of the operation.".to_owned(),
            _ => format!("The `{}` structure.", s.name),
        }
    } else {
        s.docs.clone()
    };
    if let Role::Error {
        status: Some(status),
        fault,
    } = &s.role
    {
        docs.push_str(&format!(
            "\n\nReturned with HTTP status {status}; a {fault}-side error."
        ));
    }
    docs.push_str(&format!(
        "\n\nBuild one with [`{0}::builder`]; check it against the model's constraints with \
         [`{0}::validate`].",
        s.name
    ));
    docs
}

/// `with_idempotency_tokens`, for inputs with idempotency-token members: a copy with every unset
/// token filled, or the input itself when none is unset.
fn idempotency_tokens(s: &Structure) -> Option<TokenStream> {
    let tokens: Vec<&Field> = s.fields.iter().filter(|f| f.idempotency_token).collect();
    if tokens.is_empty() {
        return None;
    }
    let name = ident(&s.name);
    let set = tokens.iter().map(|f| {
        let field = ident(&f.name);
        quote!(self.#field.is_some())
    });
    let fills = tokens.iter().map(|f| {
        let field = ident(&f.name);
        quote! {
            if filled.#field.is_none() {
                filled.#field = Some(::rustgen_runtime::wire::idempotency_token());
            }
        }
    });
    Some(quote! {
        impl #name {
            /// The input with every unset idempotency token filled with a fresh one.
            pub(crate) fn with_idempotency_tokens(&self) -> ::std::borrow::Cow<'_, Self> {
                if #(#set)&&* {
                    return ::std::borrow::Cow::Borrowed(self);
                }
                let mut filled = self.clone();
                #(#fills)*
                ::std::borrow::Cow::Owned(filled)
            }
        }
    })
}

/// For a builder with many required members, whose type has a parameter per member: the lint
/// against complex types is allowed on the items that name the whole type.
pub(crate) fn many_states(s: &Structure) -> Option<TokenStream> {
    (s.fields.iter().filter(|f| f.required).count() > 4).then(|| {
        quote! {
            #[allow(
                clippy::type_complexity,
                reason = "the builder's type has a parameter per required member, to track which are set"
            )]
        }
    })
}

/// Whether `Debug` must be written by hand to redact something.
pub(crate) fn redacts(s: &Structure) -> bool {
    s.sensitive || s.fields.iter().any(|f| f.value.sensitive)
}

fn field_type(ir: &Ir, f: &Field) -> TokenStream {
    let mut t = rust_type(ir, &f.value);
    if f.boxed {
        t = quote!(::std::boxed::Box<#t>);
    }
    if f.required {
        t
    } else {
        quote!(::std::option::Option<#t>)
    }
}

fn definition(ir: &Ir, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let docs = doc(&struct_docs(s));
    let derive_debug = (!redacts(s)).then(|| quote!(Debug,));
    let fields = s.fields.iter().map(|f| {
        let name = ident(&f.name);
        let ty = field_type(ir, f);
        quote!(#name: #ty,)
    });
    quote! {
        #docs
        #[derive(Clone, PartialEq, #derive_debug)]
        pub struct #name {
            #(#fields)*
        }
    }
}

/// Docs of a member: its documentation, then its constraints and default.
pub(crate) fn member_docs(s: &Structure, f: &Field) -> String {
    let mut docs = if f.docs.is_empty() {
        format!("The {} member.", code(&f.wire_name))
    } else {
        f.docs.clone()
    };
    let mut notes = Vec::new();
    if f.required {
        notes.push("**Required.**".to_owned());
    }
    if let Location::Header(header) = &f.location {
        notes.push(format!("Sent in the `{header}` HTTP header."));
    }
    let constraints = constraint_words(&f.value);
    if !constraints.is_empty() {
        notes.push(format!("**Constraints:** {}.", constraints.join("; ")));
    }
    if let (Some(default), Some(constant)) = (&f.default, &f.default_const) {
        notes.push(format!(
            "**Default:** {} (see [`{}::{constant}`]({}::{constant})).",
            default_doc(default),
            s.name,
            super::ty::struct_doc_path(s),
        ));
    }
    if f.value.sensitive {
        notes.push("**Sensitive:** redacted in `Debug` output.".to_owned());
    }
    if !notes.is_empty() {
        docs.push_str("\n\n");
        docs.push_str(&notes.join(" "));
    }
    docs
}

fn constraint_words(value: &Value) -> Vec<String> {
    let c = &value.constraints;
    let mut words = Vec::new();
    let bounds = |min: Option<String>, max: Option<String>| match (min, max) {
        (Some(a), Some(b)) if a == b => format!("exactly {a}"),
        (Some(a), Some(b)) => format!("{a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "any".to_owned(),
    };
    if let Some(l) = c.length {
        let unit = match value.kind {
            Kind::String => "characters",
            Kind::Blob => "bytes",
            Kind::List(_) => "items",
            _ => "entries",
        };
        words.push(format!(
            "{} {unit}",
            bounds(l.min.map(|v| v.to_string()), l.max.map(|v| v.to_string()))
        ));
    }
    if let Some(r) = c.range {
        words.push(format!(
            "value {}",
            bounds(r.min.map(|v| v.to_string()), r.max.map(|v| v.to_string()))
        ));
    }
    if let Some(r) = c.float_range {
        words.push(format!(
            "value {}",
            bounds(r.min.map(|v| v.to_string()), r.max.map(|v| v.to_string()))
        ));
    }
    if let Some(p) = &c.pattern {
        words.push(format!("matches {}", code(&p.regex)));
    }
    if c.unique_items {
        words.push("items are unique".to_owned());
    }
    if let Some(max) = c.utf8_size {
        words.push(format!(
            "keys and values total at most {max} bytes of UTF-8"
        ));
    }
    words
}

fn methods(ir: &Ir, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let mut consts = Vec::new();
    let mut accessors = Vec::new();
    for f in &s.fields {
        let field = ident(&f.name);
        let field_ts = quote!(#field);
        let docs = doc(&member_docs(s, f));
        let (ty, expr) = if f.boxed {
            let t = rust_type(ir, &f.value);
            if f.required {
                (quote!(&#t), quote!(&self.#field))
            } else {
                (
                    quote!(::std::option::Option<&#t>),
                    quote!(self.#field.as_deref()),
                )
            }
        } else {
            accessor(ir, &f.value, &field_ts, f.required)
        };
        accessors.push(quote! {
            #docs
            pub fn #field(&self) -> #ty {
                #expr
            }
        });
        let (Some(default), Some(const_name)) = (&f.default, &f.default_const) else {
            continue;
        };
        let Some((const_ty, const_value)) = default_const(ir, &f.value, default) else {
            continue;
        };
        let const_name = ident(const_name);
        let const_doc = doc(&format!(
            "Documented default of [`{0}`](Self::{0}): {1}.",
            f.bare_name(),
            default_doc(default)
        ));
        consts.push(quote! {
            #const_doc
            pub const #const_name: #const_ty = #const_value;
        });
        let Some(or_default) = &f.or_default else {
            continue;
        };
        let or_default = ident(or_default);
        let or_doc = doc(&format!(
            "[`{0}`](Self::{0}), or its documented default ({1}) when it is not set.",
            f.bare_name(),
            default_doc(default)
        ));
        let (ret, body) = match &f.value.kind {
            Kind::String => (
                quote!(&str),
                quote!(self.#field.as_deref().unwrap_or(Self::#const_name)),
            ),
            Kind::List(item) => {
                let item = rust_type(ir, item);
                (
                    quote!(&[#item]),
                    quote!(self.#field.as_deref().unwrap_or(Self::#const_name)),
                )
            }
            Kind::Enum(_) => (
                quote!(&#const_ty),
                quote!(self.#field.as_ref().unwrap_or(&Self::#const_name)),
            ),
            _ => (
                const_ty.clone(),
                quote!(self.#field.unwrap_or(Self::#const_name)),
            ),
        };
        accessors.push(quote! {
            #or_doc
            pub fn #or_default(&self) -> #ret {
                #body
            }
        });
    }
    let builder_name = ident(&s.builder);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let builder_ty = if required.is_empty() {
        quote!(#builder_name)
    } else {
        let markers = required
            .iter()
            .filter_map(|f| f.marker.as_deref().map(ident));
        quote!(#builder_name<#(crate::types::builders::#markers),*>)
    };
    let builder_init = builder_init(s);
    let builder_doc = doc(&if required.is_empty() {
        format!("A builder for [`{}`]; every member starts unset.", s.name)
    } else {
        let names: Vec<String> = required
            .iter()
            .map(|f| format!("`{}`", f.bare_name()))
            .collect();
        format!(
            "A builder for [`{}`]; every member starts unset. `build()` becomes available once the \
             required {} {} set.",
            s.name,
            names.join(", "),
            if names.len() == 1 { "is" } else { "are" }
        )
    });
    let validate = validate_methods(ir, s);
    let allow = many_states(s);
    quote! {
        #allow
        impl #name {
            #(#consts)*

            #builder_doc
            pub fn builder() -> #builder_ty {
                #builder_init
            }

            #(#accessors)*

            #validate
        }
    }
}

fn builder_init(s: &Structure) -> TokenStream {
    let builder_name = ident(&s.builder);
    if s.fields.iter().all(|f| !f.required) {
        return quote!(#builder_name::default());
    }
    let inits = s.fields.iter().map(|f| {
        let name = ident(&f.name);
        match f.marker.as_deref() {
            Some(marker) => {
                let marker = ident(marker);
                quote!(#name: crate::types::builders::#marker)
            }
            None => quote!(#name: None),
        }
    });
    quote!(#builder_name { #(#inits),* })
}

fn validate_methods(ir: &Ir, s: &Structure) -> TokenStream {
    if !s.has_constraints {
        return quote! {
            /// Checks the value against the model's constraints. This structure has none, at any
            /// depth, so it is always valid.
            pub fn validate(&self) -> ::std::result::Result<(), ::rustgen_runtime::validation::ValidationError> {
                Ok(())
            }
        };
    }
    let checks = s.fields.iter().filter_map(|f| validate::field(ir, f));
    quote! {
        /// Checks the value against every constraint of the model (lengths, ranges, patterns,
        /// unique items, sizes) at any depth, and reports every violation at once.
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
            #(#checks)*
        }
    }
}

fn error_impls(s: &Structure) -> Option<TokenStream> {
    let Role::Error { .. } = s.role else {
        return None;
    };
    let name = ident(&s.name);
    let type_name = &s.name;
    let message = s.message_field.and_then(|i| s.fields.get(i));
    let (message_method, display) = match message {
        Some(f) => {
            let field = ident(&f.name);
            let method = (f.bare_name() != "message").then(|| {
                let member = f.bare_name();
                let docs = doc(&format!(
                    "The error message (the [`{member}`](Self::{member}) member)."
                ));
                let expr = if f.required {
                    quote!(Some(self.#field.as_str()))
                } else {
                    quote!(self.#field.as_deref())
                };
                quote! {
                    #docs
                    pub fn message(&self) -> ::std::option::Option<&str> {
                        #expr
                    }
                }
            });
            let format = format!("{type_name}: {{}}");
            // The message comes from the server: its control characters are escaped.
            let display = if f.required {
                quote!(write!(f, #format, ::rustgen_runtime::error::Escaped(&self.#field)))
            } else {
                quote! {
                    match &self.#field {
                        Some(message) => write!(f, #format, ::rustgen_runtime::error::Escaped(message)),
                        None => f.write_str(#type_name),
                    }
                }
            };
            (method, display)
        }
        None => (None, quote!(f.write_str(#type_name))),
    };
    let message_impl = message_method.map(|m| quote!(impl #name { #m }));
    Some(quote! {
        #message_impl

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
            }
        }

        impl ::std::error::Error for #name {}
    })
}

/// A hand-written `Debug` that redacts sensitive members, when the structure has any.
fn debug_impl(
    s: &Structure,
    name: &syn::Ident,
    generics: TokenStream,
    this: &TokenStream,
) -> Option<TokenStream> {
    if !redacts(s) {
        return None;
    }
    let label = name.to_string();
    let body = if s.sensitive {
        quote! {
            f.debug_tuple(#label).field(&::rustgen_runtime::sensitive::Redacted).finish()
        }
    } else {
        let fields = s.fields.iter().map(|f| {
            let field = ident(&f.name);
            let label = f.bare_name();
            if !f.value.sensitive {
                quote!(.field(#label, &#this.#field))
            } else if f.required {
                quote!(.field(#label, &::rustgen_runtime::sensitive::Redacted))
            } else {
                quote!(.field(#label, &#this.#field.as_ref().map(|_| ::rustgen_runtime::sensitive::Redacted)))
            }
        });
        quote!(f.debug_struct(#label) #(#fields)* .finish())
    };
    let (impl_generics, bounds) = if generics.is_empty() {
        (quote!(), quote!())
    } else {
        let params: Vec<syn::Ident> = syn::parse2::<syn::Generics>(quote!(<#generics>))
            .map(|g| g.type_params().map(|p| p.ident.clone()).collect())
            .unwrap_or_default();
        (
            quote!(<#generics>),
            quote!(where #(#params: ::std::fmt::Debug,)*),
        )
    };
    let ty_generics = if generics.is_empty() {
        quote!()
    } else {
        quote!(<#generics>)
    };
    Some(quote! {
        impl #impl_generics ::std::fmt::Debug for #name #ty_generics #bounds {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    })
}

fn body_fields(s: &Structure) -> impl Iterator<Item = &Field> {
    s.fields.iter().filter(|f| f.location == Location::Body)
}

fn serialize(s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let label = &s.name;
    let fields: Vec<&Field> = body_fields(s).collect();
    let count = proc_macro2::Literal::usize_unsuffixed(fields.len());
    let entries = fields.iter().map(|f| {
        let field = ident(&f.name);
        let wire = &f.wire_name;
        let value = |v: TokenStream| match codec(&f.value) {
            Some(codec) => quote!(&::rustgen_runtime::wire::ser::<#codec, _>(#v)),
            None => v,
        };
        if f.required {
            let v = value(quote!(&self.#field));
            quote!(object.serialize_field(#wire, #v)?;)
        } else {
            let v = value(quote!(value));
            quote! {
                if let Some(value) = &self.#field {
                    object.serialize_field(#wire, #v)?;
                }
            }
        }
    });
    let object_binding = if fields.is_empty() {
        quote!(object)
    } else {
        quote!(mut object)
    };
    quote! {
        impl ::rustgen_runtime::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: ::rustgen_runtime::serde::Serializer,
            {
                use ::rustgen_runtime::serde::ser::SerializeStruct as _;
                let #object_binding = serializer.serialize_struct(#label, #count)?;
                #(#entries)*
                object.end()
            }
        }
    }
}

/// The local variable that collects a member while deserializing.
fn slot(f: &Field) -> syn::Ident {
    ident(&f.slot)
}

fn deserialize(ir: &Ir, s: &Structure) -> TokenStream {
    let name = ident(&s.name);
    let expecting = format!("a JSON object for {}", s.name);
    // An input is read from the JSON of all its members (as a test or a tool writes the
    // parameters of a call), the ones bound to the path, query or headers by their member names;
    // an answer from its body only, the rest coming from its headers.
    let input = matches!(s.role, Role::Input { .. });
    // A body member whose wire name is the member name of a member bound elsewhere (API
    // Gateway's `integrationHttpMethod`, sent as `httpMethod` beside the `httpMethod` label) is
    // read by its member name, so that both can be read.
    let elsewhere: Vec<&str> = s
        .fields
        .iter()
        .filter(|f| input && f.location != Location::Body)
        .map(|f| f.member_name.as_str())
        .collect();
    let key = |f: &Field| {
        if f.location == Location::Body && !elsewhere.contains(&f.wire_name.as_str()) {
            f.wire_name.clone()
        } else {
            f.member_name.clone()
        }
    };
    let fields: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| input || f.location == Location::Body)
        .collect();
    let slots = fields.iter().map(|f| {
        let field = slot(f);
        let ty = match codec(&f.value) {
            // The value's type is inferred from the field it fills.
            Some(codec) => quote!(::rustgen_runtime::wire::De<_, #codec>),
            None if f.boxed => {
                let t = rust_type(ir, &f.value);
                quote!(::std::boxed::Box<#t>)
            }
            None => rust_type(ir, &f.value),
        };
        quote!(let mut #field: ::std::option::Option<#ty> = None;)
    });
    let arms = fields.iter().map(|f| {
        let field = slot(f);
        let wire = key(f);
        quote!(#wire => #field = map.next_value()?,)
    });
    let inits = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        let local = slot(f);
        let wire = key(f);
        if f.location != Location::Body && !input {
            // Bound to an HTTP header: filled from the response headers, not from the body.
            return if f.required {
                quote!(#field: ::std::default::Default::default())
            } else {
                quote!(#field: None)
            };
        }
        let unwrap_time =
            codec(&f.value).map(|_| quote!(.map(::rustgen_runtime::wire::De::into_inner)));
        if f.required {
            quote! {
                #field: #local #unwrap_time .ok_or_else(|| <A::Error as ::rustgen_runtime::serde::de::Error>::missing_field(#wire))?
            }
        } else if unwrap_time.is_some() || local != field {
            quote!(#field: #local #unwrap_time)
        } else {
            quote!(#field)
        }
    });
    let read = if fields.is_empty() {
        quote! {
            while map.next_key::<::rustgen_runtime::serde::de::IgnoredAny>()?.is_some() {
                map.next_value::<::rustgen_runtime::serde::de::IgnoredAny>()?;
            }
        }
    } else {
        quote! {
            while let Some(key) = map.next_key::<::rustgen_runtime::wire::Key<'de>>()? {
                match key.as_str() {
                    #(#arms)*
                    _ => {
                        map.next_value::<::rustgen_runtime::serde::de::IgnoredAny>()?;
                    }
                }
            }
        }
    };
    map_deserializer(
        &name,
        &expecting,
        &quote! {
            #(#slots)*
            #read
            Ok(#name {
                #(#inits,)*
            })
        },
    )
}

/// `Deserialize` for `name`, read from a JSON object by `visit_map`'s `body` (which has the
/// `MapAccess` as `map`): the shell shared by structures and unions.
pub(crate) fn map_deserializer(
    name: &syn::Ident,
    expecting: &str,
    body: &TokenStream,
) -> TokenStream {
    quote! {
        impl<'de> ::rustgen_runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::rustgen_runtime::serde::Deserializer<'de>,
            {
                struct Visitor;

                impl<'de> ::rustgen_runtime::serde::de::Visitor<'de> for Visitor {
                    type Value = #name;

                    fn expecting(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        formatter.write_str(#expecting)
                    }

                    fn visit_map<A>(self, mut map: A) -> ::std::result::Result<#name, A::Error>
                    where
                        A: ::rustgen_runtime::serde::de::MapAccess<'de>,
                    {
                        #body
                    }
                }

                deserializer.deserialize_map(Visitor)
            }
        }
    }
}

fn builder(ir: &Ir, s: &Structure) -> TokenStream {
    let target_path = struct_path(s);
    let name = ident(&s.builder);
    let required: Vec<&Field> = s.fields.iter().filter(|f| f.required).collect();
    let params: Vec<syn::Ident> = required
        .iter()
        .filter_map(|f| f.state.as_deref().map(ident))
        .collect();
    let generics = if params.is_empty() {
        quote!()
    } else {
        quote!(<#(#params),*>)
    };
    let docs = doc(&if params.is_empty() {
        format!("Builds a [`{0}`]; start from [`{0}::builder`].", s.name)
    } else {
        format!(
            "Builds a [`{0}`]; start from [`{0}::builder`].\n\nEach type parameter tracks one \
             required member: it is a `Missing…` marker until the member is set, so `build()` \
             does not compile while a required member is missing.",
            s.name
        )
    });
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        if let Some(state) = &f.state {
            let param = ident(state);
            quote!(#field: #param,)
        } else {
            let ty = field_type(ir, f);
            quote!(#field: #ty,)
        }
    });
    let derive_default = params.is_empty().then(|| quote!(Default,));
    let derive_debug = (!redacts(s)).then(|| quote!(Debug,));
    let setters = s.fields.iter().map(|f| setter(ir, s, f, &params, &name));
    let build_bounds = required.iter().zip(&params).map(|(f, p)| {
        let ty = rust_type(ir, &f.value);
        quote!(#p: crate::types::builders::Provided<#ty>,)
    });
    let build_inits = s.fields.iter().map(|f| {
        let field = ident(&f.name);
        if f.required && f.boxed {
            // The builder's state holds the value itself; the structure boxes it (recursion).
            quote!(#field: ::std::boxed::Box::new(self.#field.into_value()))
        } else if f.required {
            quote!(#field: self.#field.into_value())
        } else {
            quote!(#field: self.#field)
        }
    });
    let where_clause = if params.is_empty() {
        quote!()
    } else {
        quote!(where #(#build_bounds)*)
    };
    let build_doc = doc(&format!("Builds the [`{}`].", s.name));
    let debug = debug_impl(s, &name, quote!(#(#params),*), &quote!(self));
    let allow = many_states(s);
    quote! {
        #docs
        #[derive(Clone, PartialEq, #derive_default #derive_debug)]
        pub struct #name #generics {
            #(#fields)*
        }

        #allow
        impl #generics #name #generics {
            #(#setters)*

            #build_doc
            pub fn build(self) -> #target_path
            #where_clause
            {
                #target_path {
                    #(#build_inits,)*
                }
            }
        }

        #debug
    }
}

fn setter(
    ir: &Ir,
    s: &Structure,
    f: &Field,
    params: &[syn::Ident],
    builder: &syn::Ident,
) -> TokenStream {
    let field = ident(&f.name);
    let member = f.bare_name();
    let set_field = ident(&f.set_name);
    let ty = rust_type(ir, &f.value);
    let docs = member_docs(s, f);
    let (param_ty, convert) = setter_param(ir, &f.value, "value");
    if let Some(state) = &f.state {
        let this = ident(state);
        let new_params = params
            .iter()
            .map(|p| if *p == this { quote!(#ty) } else { quote!(#p) });
        let moves = s.fields.iter().map(|other| {
            let name = ident(&other.name);
            if other.name == f.name && convert.to_string() == other.name {
                // A member named like the argument: `value`, not `value: value`.
                quote!(#name)
            } else if other.name == f.name {
                quote!(#name: #convert)
            } else {
                quote!(#name: self.#name)
            }
        });
        let docs = doc(&format!(
            "Sets [`{}`]({}::{member}).\n\n{docs}",
            member, s.name
        ));
        return quote! {
            #docs
            pub fn #field(self, value: #param_ty) -> #builder<#(#new_params),*> {
                #builder {
                    #(#moves,)*
                }
            }
        };
    }
    let set_doc = doc(&format!(
        "Sets or clears [`{member}`]({}::{member}): `None` leaves it unset, so it is not sent.",
        s.name
    ));
    let boxing = f.boxed.then(|| quote!(.map(::std::boxed::Box::new)));
    let set = quote! {
        #set_doc
        pub fn #set_field(mut self, value: ::std::option::Option<#ty>) -> Self {
            self.#field = value #boxing;
            self
        }
    };
    let add = match &f.value.kind {
        Kind::List(item) => {
            let (item_param, item_convert) = setter_param(ir, item, "item");
            let docs = doc(&format!(
                "Appends one item to [`{member}`]({}::{member}); call it once per item. Use \
                 [`{set_field}`](Self::{set_field}) to set the whole list, including an empty one.\n\n{docs}",
                s.name
            ));
            quote! {
                #docs
                pub fn #field(mut self, item: #item_param) -> Self {
                    self.#field.get_or_insert_with(::std::vec::Vec::new).push(#item_convert);
                    self
                }
            }
        }
        Kind::Map(key, value) => {
            let (key_param, key_convert) = setter_param(ir, key, "key");
            let (value_param, value_convert) = setter_param(ir, value, "value");
            let docs = doc(&format!(
                "Inserts one entry into [`{member}`]({}::{member}), replacing any entry with the \
                 same key. Use [`{set_field}`](Self::{set_field}) to set the whole map, including \
                 an empty one.\n\n{docs}",
                s.name
            ));
            quote! {
                #docs
                pub fn #field(mut self, key: #key_param, value: #value_param) -> Self {
                    self.#field
                        .get_or_insert_with(::std::collections::BTreeMap::new)
                        .insert(#key_convert, #value_convert);
                    self
                }
            }
        }
        _ => {
            let docs = doc(&format!(
                "Sets [`{member}`]({}::{member}); a set value is always sent, even when it equals \
                 the default.\n\n{docs}",
                s.name
            ));
            let convert = if f.boxed {
                quote!(::std::boxed::Box::new(#convert))
            } else {
                convert
            };
            quote! {
                #docs
                pub fn #field(mut self, value: #param_ty) -> Self {
                    self.#field = Some(#convert);
                    self
                }
            }
        }
    };
    quote! {
        #add
        #set
    }
}
