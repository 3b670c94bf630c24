//! One operation's client side: its error enum, the `Client` methods (fluent builder and plain
//! call), and the wire glue the client runtime calls (request, output and error reading).

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::member_docs;
use super::ty::{rust_type, struct_path};
use super::{doc, ident};
use crate::ir::{ErrorCase, Field, Ir, Kind, Location, Operation, PathPart, Structure, Value};

/// The type a setter takes for a value.
fn param(ir: &Ir, value: &Value) -> TokenStream {
    super::ty::setter_param(ir, value, "value").0
}

/// The modeled errors of an operation, each with its structure.
fn error_variants<'a>(ir: &'a Ir, op: &'a Operation) -> Vec<(&'a ErrorCase, &'a Structure)> {
    op.errors
        .iter()
        .filter_map(|case| Some((case, ir.structures.get(&case.structure)?)))
        .collect()
}

/// `src/operation/<op>/error.rs`: the error enum.
pub(crate) fn error_file(ir: &Ir, op: &Operation) -> TokenStream {
    let name = ident(&op.error);
    let errors = error_variants(ir, op);
    let unhandled = ident(&op.unhandled);
    let variants = errors.iter().map(|(case, s)| {
        let variant = ident(&case.variant);
        let path = struct_path(s);
        let first = s.docs.split("\n\n").next().unwrap_or_default();
        let docs = doc(if first.is_empty() {
            "An error of the model."
        } else {
            first
        });
        quote!(#docs #variant(#path),)
    });
    let predicates = errors.iter().map(|(case, _)| {
        let variant = ident(&case.variant);
        let method = ident(&case.predicate);
        let docs = doc(&format!("True for [`{0}`](Self::{0}).", case.variant));
        quote! {
            #docs
            pub fn #method(&self) -> bool {
                matches!(self, Self::#variant(_))
            }
        }
    });
    let codes = errors.iter().map(|(case, _)| {
        let variant = ident(&case.variant);
        let code = &case.code;
        quote!(Self::#variant(_) => Some(#code),)
    });
    let messages = errors.iter().map(|(case, s)| {
        let variant = ident(&case.variant);
        match s.message_field.and_then(|i| s.fields.get(i)) {
            // A required `message` member's own accessor gives the text itself.
            Some(f) if f.required && f.bare_name() == "message" => {
                quote!(Self::#variant(error) => Some(error.message()),)
            }
            Some(_) => quote!(Self::#variant(error) => error.message(),),
            None => quote!(Self::#variant(_) => None,),
        }
    });
    let displays = errors.iter().map(|(case, _)| {
        let variant = ident(&case.variant);
        quote!(Self::#variant(error) => error.fmt(f),)
    });
    let sources = errors.iter().map(|(case, _)| {
        let variant = ident(&case.variant);
        quote!(Self::#variant(error) => error.source(),)
    });
    let docs = doc(&format!(
        "The errors `{}` can answer with: one variant per error of the model, and \
         [`{unhandled}`](Self::{unhandled}) for any other.",
        op.name
    ));
    quote! {
        #docs
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe, with its status, code, message and request id.
            #unhandled(::rustgen_runtime::error::UnhandledError),
        }

        impl #name {
            #(#predicates)*

            /// The error code, e.g. `ValidationException`.
            pub fn code(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#codes)*
                    Self::#unhandled(error) => error.code(),
                }
            }

            /// The error message, when the service sent one.
            pub fn message(&self) -> ::std::option::Option<&str> {
                match self {
                    #(#messages)*
                    Self::#unhandled(error) => error.message(),
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#displays)*
                    Self::#unhandled(error) => error.fmt(f),
                }
            }
        }

        /// Transparent: displays the error it holds, and continues the chain with that error's
        /// own source.
        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(#sources)*
                    Self::#unhandled(error) => error.source(),
                }
            }
        }
    }
}

/// `src/operation/<op>/client.rs`: the `Client` method, the fluent builder, the operation's
/// type with the wire glue the runtime calls, and the paginator.
pub(crate) fn client_file(ir: &Ir, op: &Operation) -> TokenStream {
    let Some(input) = ir.structures.get(&op.input) else {
        return quote!();
    };
    let Some(output) = ir.structures.get(&op.output) else {
        return quote!();
    };
    let input_path = struct_path(input);
    let output_path = struct_path(output);
    let input_builder = ident(&input.builder);
    let error = ident(&op.error);
    let op_type = ident(&op.name);
    let op_name = crate::ir::shape_name(&op.shape_id);
    let idempotent = op.idempotent;
    let auth = ident(match op.auth {
        crate::ir::Auth::SigV4 => "SigV4",
        crate::ir::Auth::Optional => "Optional",
        crate::ir::Auth::None => "None",
        crate::ir::Auth::Bearer => "Bearer",
    });
    let retryable_errors = &op.retryable_errors;
    let fluent = ident(&op.fluent);
    let method = ident(&op.module);
    let unhandled = ident(&op.unhandled);
    let result = |ok: TokenStream| quote!(::std::result::Result<#ok, ::rustgen_runtime::error::SdkError<#error>>);
    let output_result = result(output_path.clone());
    let request_result = result(quote!(
        ::rustgen_runtime::http::Request<::rustgen_runtime::bytes::Bytes>
    ));

    let required: Vec<&Field> = input.fields.iter().filter(|f| f.required).collect();
    let params: Vec<syn::Ident> = required
        .iter()
        .filter_map(|f| f.state.as_deref().map(ident))
        .collect();
    let generics = if params.is_empty() {
        quote!()
    } else {
        quote!(<#(#params),*>)
    };
    let initial = if required.is_empty() {
        quote!()
    } else {
        let markers = required
            .iter()
            .filter_map(|f| f.marker.as_deref().map(ident));
        quote!(<#(crate::types::builders::#markers),*>)
    };

    let setters = input
        .fields
        .iter()
        .map(|f| fluent_setter(ir, input, f, &params, &fluent));
    let bounds = required.iter().zip(&params).map(|(f, p)| {
        let ty = rust_type(ir, &f.value);
        quote!(#p: crate::types::builders::Provided<#ty>,)
    });
    let where_clause = if params.is_empty() {
        quote!()
    } else {
        quote!(where #(#bounds)*)
    };

    let summary = op.docs.split("\n\n").next().unwrap_or_default();
    let method_doc = doc(&format!(
        "{summary}\n\nStarts a `{} {}` call: set the input's members on the returned builder, \
         then [`send`]({fluent}::send) it.",
        op.http.method, op.http.uri
    ));
    let fluent_doc = doc(&format!(
        "Builds and sends a {1} call; start from [`Client::{0}`](crate::Client::{0}).",
        op.file,
        super::code(op_name)
    ));
    let errors_doc = format!(
        "[`SdkError::Validation`](::rustgen_runtime::SdkError::Validation) before sending when \
         the input breaks a constraint (unless validation is off), \
         [`SdkError::Service`](::rustgen_runtime::SdkError::Service) with a [`{error}`] when the \
         service answers with an error, and the other [`SdkError`](::rustgen_runtime::SdkError) \
         cases for credentials, configuration, time-outs, connections and unreadable answers."
    );
    let before_sending_doc = "The errors of a call that happen before sending: validation, \
         credentials, configuration and serialization.";
    let send_doc = doc(&format!(
        "Builds the input and sends the call.\n\n# Errors\n\n{errors_doc}"
    ));
    let fluent_request_doc = doc(&format!(
        "Builds the input and returns the signed HTTP request that [`send`](Self::send) would \
         send first, without sending it: to inspect or log it, or to send it with another HTTP \
         stack; read the answer with [`{}::read_response`]. It is signed now, or at the \
         configured signing time.\n\n# Errors\n\n{before_sending_doc}",
        op.name
    ));
    let type_doc = doc(&format!(
        "The `{op_name}` operation (`{} {}`): calls with an input built beforehand, and answers \
         received by other means. Most calls start from [`Client::{}`](crate::Client::{}) \
         instead.",
        op.http.method, op.http.uri, op.file, op.file
    ));
    let type_send_doc = doc(&format!(
        "Sends the operation with `client`.\n\n# Errors\n\n{errors_doc}"
    ));
    let type_request_doc = doc(&format!(
        "The signed HTTP request that [`send`](Self::send) would send first, without sending \
         it.\n\n# Errors\n\n{before_sending_doc}"
    ));
    let read_doc = doc(&format!(
        "Reads an answer to a request of [`signed_request`](Self::signed_request) received by \
         other means, as a call reads its own: the output of a success, else the error.\n\n\
         # Errors\n\n[`SdkError::Service`](::rustgen_runtime::SdkError::Service) with a \
         [`{error}`] when the service answered with an error, or \
         [`SdkError::Response`](::rustgen_runtime::SdkError::Response) when the answer cannot be \
         read."
    ));
    let endpoint_fn = endpoint_fn(ir, op);
    let request_fn = request_fn(op, input, &error, &ir.service);
    // Only an output with an `httpResponseCode` member reads the status.
    let (status_param, status_arg) = if takes_status(output) {
        (quote!(status), quote!(status,))
    } else {
        (quote!(_status), quote!())
    };
    let allow = super::structure::many_states(input);
    let fluent_type = FluentType {
        name: &fluent,
        generics: &generics,
        where_clause: &where_clause,
    };
    let paginator = paginator(ir, op, input, output, &fluent_type);
    let waiters = super::waiter::waiters(ir, op, input, output, &fluent_type);
    // awsQuery's readers already give the runtime's error type; serde_json's is converted.
    let convert = (ir.service.protocol != crate::ir::Protocol::AwsQuery)
        .then(|| quote!(.map_err(::std::convert::Into::into)));
    let error_arms = error_variants(ir, op).into_iter().map(|(case, s)| {
        let code = &case.code;
        let codes = match &case.query_code {
            Some(query) => quote!(#code | #query),
            None => quote!(#code),
        };
        let variant = ident(&case.variant);
        let path = struct_path(s);
        quote! {
            #codes => #path::from_http(headers, body)
                .map(#error::#variant)
                #convert,
        }
    });
    let error_fn = if op.errors.is_empty() {
        quote! {
            fn error(
                _code: &str,
                _headers: &::rustgen_runtime::http::HeaderMap,
                _body: &[u8],
            ) -> ::std::option::Option<::std::result::Result<#error, ::rustgen_runtime::operation::ReadError>> {
                None
            }
        }
    } else {
        quote! {
            fn error(
                code: &str,
                headers: &::rustgen_runtime::http::HeaderMap,
                body: &[u8],
            ) -> ::std::option::Option<::std::result::Result<#error, ::rustgen_runtime::operation::ReadError>> {
                Some(match code {
                    #(#error_arms)*
                    _ => return None,
                })
            }
        }
    };

    quote! {
        use crate::operation::#method::#error;

        impl crate::Client {
            #method_doc
            pub fn #method(&self) -> #fluent #initial {
                #fluent {
                    client: self.clone(),
                    input: #input_path::builder(),
                }
            }
        }

        #fluent_doc
        #[derive(Debug, Clone)]
        pub struct #fluent #generics {
            client: crate::Client,
            input: crate::operation::#method::builders::#input_builder #generics,
        }

        #allow
        impl #generics #fluent #generics {
            #(#setters)*

            #send_doc
            pub async fn send(self) -> #output_result
            #where_clause
            {
                #op_type::send(&self.client, self.input.build()).await
            }

            #fluent_request_doc
            pub async fn signed_request(self) -> #request_result
            #where_clause
            {
                #op_type::signed_request(&self.client, &self.input.build()).await
            }
        }

        #paginator

        #waiters

        #type_doc
        #[derive(Debug, Clone, Copy)]
        pub struct #op_type;

        impl #op_type {
            #type_send_doc
            pub async fn send(client: &crate::Client, input: #input_path) -> #output_result {
                client.runtime().call::<Self>(&input).await
            }

            #type_request_doc
            pub async fn signed_request(client: &crate::Client, input: &#input_path) -> #request_result {
                client.runtime().signed_request::<Self>(input).await
            }

            #read_doc
            pub fn read_response(
                response: &::rustgen_runtime::http::Response<::rustgen_runtime::bytes::Bytes>,
            ) -> #output_result {
                ::rustgen_runtime::client::read_response::<Self>(response)
            }
        }

        impl ::rustgen_runtime::operation::Operation for #op_type {
            type Service = crate::client::Service;
            type Input = #input_path;
            type Output = #output_path;
            type Error = #error;

            const NAME: &'static str = #op_name;
            const IDEMPOTENT: bool = #idempotent;
            const AUTH: ::rustgen_runtime::operation::Auth = ::rustgen_runtime::operation::Auth::#auth;
            const RETRYABLE_ERRORS: &'static [&'static str] = &[#(#retryable_errors),*];

            fn validate(input: &#input_path) -> ::std::result::Result<(), ::rustgen_runtime::validation::ValidationError> {
                input.validate()
            }

            #request_fn

            #endpoint_fn

            fn output(
                #status_param: u16,
                headers: &::rustgen_runtime::http::HeaderMap,
                body: &[u8],
            ) -> ::std::result::Result<#output_path, ::rustgen_runtime::operation::ReadError> {
                #output_path::from_http(#status_arg headers, body) #convert
            }

            #error_fn

            fn unhandled(error: ::rustgen_runtime::error::UnhandledError) -> #error {
                #error::#unhandled(error)
            }
        }
    }
}

fn fluent_setter(
    ir: &Ir,
    s: &Structure,
    f: &Field,
    params: &[syn::Ident],
    fluent: &syn::Ident,
) -> TokenStream {
    let field = ident(&f.name);
    let member = f.bare_name();
    let set_field = ident(&f.set_name);
    let docs = doc(&member_docs(s, f));
    let ty = rust_type(ir, &f.value);
    if let Some(state) = &f.state {
        let this = ident(state);
        let new_params = params
            .iter()
            .map(|p| if *p == this { quote!(#ty) } else { quote!(#p) });
        let value_ty = param(ir, &f.value);
        return quote! {
            #docs
            pub fn #field(self, value: #value_ty) -> #fluent<#(#new_params),*> {
                #fluent {
                    client: self.client,
                    input: self.input.#field(value),
                }
            }
        };
    }
    let set_doc = doc(&format!(
        "Sets or clears [`{member}`]({}::{member}): `None` leaves it unset, so it is not sent.",
        super::ty::struct_doc_path(s)
    ));
    let add = match &f.value.kind {
        Kind::List(item) => {
            let item_ty = param(ir, item);
            quote! {
                #docs
                pub fn #field(mut self, item: #item_ty) -> Self {
                    self.input = self.input.#field(item);
                    self
                }
            }
        }
        Kind::Map(key, value) => {
            let key_ty = param(ir, key);
            let value_ty = param(ir, value);
            quote! {
                #docs
                pub fn #field(mut self, key: #key_ty, value: #value_ty) -> Self {
                    self.input = self.input.#field(key, value);
                    self
                }
            }
        }
        _ => {
            let value_ty = param(ir, &f.value);
            quote! {
                #docs
                pub fn #field(mut self, value: #value_ty) -> Self {
                    self.input = self.input.#field(value);
                    self
                }
            }
        }
    };
    quote! {
        #add

        #set_doc
        pub fn #set_field(mut self, value: ::std::option::Option<#ty>) -> Self {
            self.input = self.input.#set_field(value);
            self
        }
    }
}

/// Whether a structure has a member that holds the answer's HTTP status.
fn takes_status(s: &Structure) -> bool {
    s.fields
        .iter()
        .any(|f| f.location == Location::ResponseCode)
}

/// `from_http` of an output or error structure: the JSON body, then the header-bound members
/// and the status.
pub(crate) fn from_http(ir: &Ir, s: &Structure) -> TokenStream {
    let headers: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| matches!(f.location, Location::Header(_) | Location::PrefixHeaders(_)))
        .collect();
    let assignments = headers.iter().map(|f| {
        let field = ident(&f.name);
        let name = match &f.location {
            Location::Header(name) => name,
            // Every header whose name starts with the prefix, by the rest of its name.
            Location::PrefixHeaders(prefix) => {
                let prefix = prefix.to_ascii_lowercase();
                return quote! {
                    value.#field = Some(::rustgen_runtime::wire::prefixed_headers(headers, #prefix)?);
                };
            }
            _ => return quote!(),
        };
        let name = name.to_ascii_lowercase();
        let text = quote!(::rustgen_runtime::wire::header_text(headers, #name)?);
        let value = match &f.value.kind {
            Kind::String if f.media_type.is_some() => quote! {
                ::rustgen_runtime::wire::header_with(headers, #name, ::rustgen_runtime::wire::Base64::decode_text)?
            },
            Kind::String => quote!(#text.map(::std::borrow::ToOwned::to_owned)),
            Kind::Enum(_) => {
                let ty = rust_type(ir, &f.value);
                quote!(#text.map(#ty::from))
            }
            Kind::List(item) => {
                let parse = header_parser(ir, item);
                let http_dates = item.kind == Kind::Timestamp(crate::ir::TimestampFormat::HttpDate);
                quote!(::rustgen_runtime::wire::header_items(headers, #name, #http_dates, #parse)?)
            }
            _ => {
                let parse = header_parser(ir, &f.value);
                quote!(::rustgen_runtime::wire::header_with(headers, #name, #parse)?)
            }
        };
        if f.required_header {
            quote! {
                value.#field = Some(
                    #value.ok_or_else(|| ::rustgen_runtime::wire::missing_header(#name))?,
                );
            }
        } else {
            quote!(value.#field = #value;)
        }
    });
    let payload = s.fields.iter().find(|f| f.location == Location::Payload);
    let (binding, headers_param) = if headers.is_empty() && payload.is_none() && !takes_status(s) {
        (quote!(value), quote!(_headers))
    } else if headers.is_empty() {
        (quote!(mut value), quote!(_headers))
    } else {
        (quote!(mut value), quote!(headers))
    };
    let name = ident(&s.name);
    let (read, docs) = match payload {
        None => (
            quote! {
                let body = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
                let #binding: Self = ::rustgen_runtime::serde_json::from_slice(body)?;
            },
            "Reads the value from an HTTP answer: the JSON body (empty means `{}`), then the\n\
             members bound to headers.",
        ),
        Some(f) => {
            let field = ident(&f.name);
            let member = &f.member_name;
            let value = match &f.value.kind {
                Kind::Blob => quote!(Some(body.to_vec())),
                Kind::String | Kind::Enum(_) => {
                    let text = quote! {
                        ::std::str::from_utf8(body).map_err(|_| {
                            <::rustgen_runtime::serde_json::Error as ::rustgen_runtime::serde::de::Error>::custom("the body is not UTF-8 text")
                        })?
                    };
                    if f.value.kind == Kind::String {
                        quote!(Some(#text.to_owned()))
                    } else {
                        let ty = rust_type(ir, &f.value);
                        quote!(Some(#ty::from(#text)))
                    }
                }
                _ => quote! {
                    if body.iter().all(u8::is_ascii_whitespace) {
                        None
                    } else {
                        Some(::rustgen_runtime::serde_json::from_slice(body)?)
                    }
                },
            };
            let check = f.required_header.then(|| {
                let message = format!("the answer has no body, which holds the required member `{member}`");
                quote! {
                    if value.#field.is_none() {
                        return Err(<::rustgen_runtime::serde_json::Error as ::rustgen_runtime::serde::de::Error>::custom(#message));
                    }
                }
            });
            (
                quote! {
                    // Every other member is bound to a header: none is in the body.
                    let #binding: Self = ::rustgen_runtime::serde_json::from_slice(b"{}")?;
                    value.#field = #value;
                    #check
                },
                "Reads the value from an HTTP answer: the body is the payload member, the other\n\
                 members are bound to headers.",
            )
        }
    };
    let docs = doc(docs);
    let (status_param, status) = match s
        .fields
        .iter()
        .find(|f| f.location == Location::ResponseCode)
    {
        Some(f) => {
            let field = ident(&f.name);
            (
                quote!(status: u16,),
                quote!(value.#field = Some(i32::from(status));),
            )
        }
        None => (quote!(), quote!()),
    };
    quote! {
        impl #name {
            #docs
            pub(crate) fn from_http(
                #status_param
                #headers_param: &::rustgen_runtime::http::HeaderMap,
                body: &[u8],
            ) -> ::std::result::Result<Self, ::rustgen_runtime::serde_json::Error> {
                #read
                #(#assignments)*
                #status
                Ok(value)
            }
        }
    }
}

/// The value of a scalar member as text for a path label, query parameter or header. `expr` is
/// the value itself for copy types (numbers, booleans, timestamps), else a reference to it.
fn scalar_text(value: &Value, expr: TokenStream) -> TokenStream {
    match &value.kind {
        Kind::String => quote!(#expr.to_owned()),
        Kind::Enum(_) => quote!(#expr.as_str().to_owned()),
        Kind::Float => quote!(::rustgen_runtime::wire::float_text(f64::from(#expr))),
        Kind::Double => quote!(::rustgen_runtime::wire::float_text(#expr)),
        Kind::Timestamp(format) => {
            let format = time_format(*format);
            quote!(::rustgen_runtime::wire::time_text(#expr, #format))
        }
        _ => quote!(#expr.to_string()),
    }
}

/// The runtime's name of a timestamp format.
pub(crate) fn time_format(format: crate::ir::TimestampFormat) -> TokenStream {
    match format {
        crate::ir::TimestampFormat::DateTime => {
            quote!(::rustgen_runtime::wire::TimeFormat::DateTime)
        }
        crate::ir::TimestampFormat::HttpDate => {
            quote!(::rustgen_runtime::wire::TimeFormat::HttpDate)
        }
        crate::ir::TimestampFormat::EpochSeconds => {
            quote!(::rustgen_runtime::wire::TimeFormat::EpochSeconds)
        }
    }
}

/// The pattern that binds an item of a list in a loop: by value for copy types, which
/// [`scalar_text`] takes by value.
fn item_pattern(item: &Value) -> TokenStream {
    if super::ty::is_copy(item) {
        quote!(&value)
    } else {
        quote!(value)
    }
}

/// A function from header text to a value of `value`'s type, for reading an answer's headers.
fn header_parser(ir: &Ir, value: &Value) -> TokenStream {
    match &value.kind {
        Kind::String => quote!(
            |text: &str| ::std::result::Result::<_, ::std::string::String>::Ok(text.to_owned())
        ),
        Kind::Enum(_) => {
            let ty = rust_type(ir, value);
            quote!(|text: &str| ::std::result::Result::<_, ::std::string::String>::Ok(#ty::from(text)))
        }
        Kind::Timestamp(format) => {
            let format = time_format(*format);
            quote!(|text: &str| ::rustgen_runtime::wire::parse_time(text, #format))
        }
        _ => quote!(::rustgen_runtime::wire::parse_value),
    }
}

/// `Operation::request`: the path with its labels, the query, the headers and the JSON body.
fn request_fn(
    op: &Operation,
    input: &Structure,
    error: &syn::Ident,
    service: &crate::ir::Service,
) -> TokenStream {
    let protocol = service.protocol;
    let input_path = struct_path(input);
    let method = ident(&op.http.method);
    // awsJson always sends a body, `{}` for an input without members, as botocore does;
    // awsQuery always names the operation and version in its body.
    let has_body =
        !protocol.has_http_bindings() || input.fields.iter().any(|f| f.location == Location::Body);
    let uses_input = has_body || !input.fields.is_empty();
    let mut statements = Vec::new();
    if input.fields.iter().any(|f| f.idempotency_token) {
        // An unset idempotency token gets a fresh one, as the AWS SDKs do.
        statements.push(quote! {
            let input = input.with_idempotency_tokens();
        });
    }

    // Path: literal text and percent-encoded labels.
    let mut format_text = String::new();
    let mut format_args = Vec::new();
    for part in &op.path {
        match part {
            PathPart::Literal(text) => {
                format_text.push_str(&text.replace('{', "{{").replace('}', "}}"))
            }
            PathPart::Label { field, greedy } => {
                let Some(f) = input.fields.get(*field) else {
                    continue;
                };
                let accessor = ident(&f.name);
                let local = ident(&f.label_local);
                let wire = &f.member_name;
                let text = scalar_text(&f.value, quote!(input.#accessor()));
                statements.push(quote!(let #local = #text;));
                // Only text can be empty; a path with an empty segment would reach another
                // resource.
                if matches!(f.value.kind, Kind::String | Kind::Enum(_)) {
                    statements.push(quote! {
                        if #local.is_empty() {
                            return Err(::rustgen_runtime::error::SdkError::Validation(
                                ::rustgen_runtime::validation::ValidationError::empty_label(#wire),
                            ));
                        }
                    });
                }
                format_text.push_str("{}");
                format_args.push(quote!(::rustgen_runtime::wire::path_label(&#local, #greedy)));
            }
        }
    }
    let path = if format_args.is_empty() {
        quote!(#format_text)
    } else {
        quote!(format!(#format_text, #(#format_args),*))
    };

    // Query: constants of the URI pattern, then members; then headers and the body.
    let mut additions: Vec<TokenStream> = op
        .constant_query
        .iter()
        .map(|(k, v)| match v {
            Some(v) => quote!(request.query(#k, #v);),
            None => quote!(request.query_key(#k);),
        })
        .collect();
    if !op.host_prefix.is_empty() {
        additions.push(host_prefix(op, input));
    }
    additions.extend(
        op.constant_headers
            .iter()
            .map(|(name, value)| quote!(request.header(#name, #value);)),
    );
    for f in &input.fields {
        let accessor = ident(&f.name);
        match &f.location {
            Location::Query(name) => {
                let push = match &f.value.kind {
                    Kind::List(item) => {
                        let text = scalar_text(item, quote!(value));
                        let pattern = item_pattern(item);
                        quote!(for #pattern in values { request.query(#name, #text); })
                    }
                    _ => {
                        let text = scalar_text(&f.value, quote!(values));
                        quote!(request.query(#name, #text);)
                    }
                };
                additions.push(if f.required {
                    quote! { let values = input.#accessor(); #push }
                } else {
                    quote! { if let Some(values) = input.#accessor() { #push } }
                });
            }
            Location::Header(name) => {
                let set = match &f.value.kind {
                    // A list is one header, its items joined by commas; an empty list is not
                    // sent, as botocore does.
                    Kind::List(item) => {
                        let items = if item.kind == Kind::String {
                            quote!(value)
                        } else {
                            let text = scalar_text(item, quote!(value));
                            let pattern = item_pattern(item);
                            quote!(value.iter().map(|#pattern| #text))
                        };
                        let quoted = item.kind == Kind::String;
                        let set = quote! {
                            request.header(
                                #name,
                                ::rustgen_runtime::wire::header_list(#items, #quoted),
                            );
                        };
                        additions.push(if f.required {
                            quote! {
                                let value = input.#accessor();
                                if !value.is_empty() { #set }
                            }
                        } else {
                            quote! {
                                if let Some(value) = input.#accessor() && !value.is_empty() { #set }
                            }
                        });
                        continue;
                    }
                    // A string with a media type travels in a header as base64.
                    Kind::String if f.media_type.is_some() => quote! {
                        request.header(#name, ::rustgen_runtime::wire::Base64::encode(value.as_bytes()));
                    },
                    _ => {
                        let text = scalar_text(&f.value, quote!(value));
                        quote!(request.header(#name, #text);)
                    }
                };
                additions.push(if f.required {
                    quote! { let value = input.#accessor(); #set }
                } else {
                    quote! { if let Some(value) = input.#accessor() { #set } }
                });
            }
            Location::PrefixHeaders(prefix) => {
                let prefix_format =
                    format!("{}{{name}}", prefix.replace('{', "{{").replace('}', "}}"));
                let set = quote! {
                    for (name, value) in headers {
                        request.header(format!(#prefix_format), value.clone());
                    }
                };
                additions.push(if f.required {
                    quote! { let headers = input.#accessor(); #set }
                } else {
                    quote! { if let Some(headers) = input.#accessor() { #set } }
                });
            }
            Location::QueryParams => additions.push(query_params(input, f)),
            _ => {}
        }
    }
    if let Some(f) = input
        .fields
        .iter()
        .find(|f| f.location == Location::Payload)
    {
        additions.push(payload(f));
    }
    if op.unsigned_payload {
        // Signed in the body's place, as botocore signs `v4-unsigned-body` operations.
        additions.push(quote! {
            request.header("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD");
        });
    }
    let input_ref = if input.fields.iter().any(|f| f.idempotency_token) {
        quote!(&*input)
    } else {
        quote!(input)
    };
    let content_type = protocol.content_type();
    if protocol == crate::ir::Protocol::AwsQuery {
        let action = crate::ir::shape_name(&op.shape_id);
        let version = &service.version;
        additions.push(quote! {
            let mut writer = ::rustgen_runtime::query::QueryWriter::new(#action, #version);
            ::rustgen_runtime::query::ToQuery::write_query(#input_ref, &mut writer, "");
            request.body(#content_type, writer.finish());
        });
    } else if has_body {
        additions.push(quote! {
            let body = ::rustgen_runtime::json::to_vec(#input_ref).map_err(|source| {
                ::rustgen_runtime::error::SdkError::Serialization(
                    ::rustgen_runtime::error::SerializationError::new(source),
                )
            })?;
            request.body(#content_type, body);
        });
    }
    let binding = if uses_input {
        quote!(input)
    } else {
        quote!(_input)
    };
    let request_binding = if additions.is_empty() {
        quote!(request)
    } else {
        quote!(mut request)
    };
    quote! {
        fn request(
            #binding: &#input_path,
        ) -> ::std::result::Result<::rustgen_runtime::operation::Request, ::rustgen_runtime::error::SdkError<#error>> {
            #(#statements)*
            let #request_binding = ::rustgen_runtime::operation::Request::new(
                ::rustgen_runtime::http::Method::#method,
                #path,
            );
            #(#additions)*
            Ok(request)
        }
    }
}

/// The entries of an `httpQueryParams` map, sent where the member stands among the input's
/// query members (as botocore orders them), but for the names of `httpQuery` members, which
/// take precedence.
fn query_params(input: &Structure, f: &Field) -> TokenStream {
    let accessor = ident(&f.name);
    let named: Vec<&str> = input
        .fields
        .iter()
        .filter_map(|f| match &f.location {
            Location::Query(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    let push = match &f.value.kind {
        Kind::Map(_, entry) if matches!(entry.kind, Kind::List(_)) => quote! {
            for value in values {
                request.query(name.clone(), value.clone());
            }
        },
        _ => quote!(request.query(name.clone(), values.clone());),
    };
    let body = if named.is_empty() {
        quote!(for (name, values) in params { #push })
    } else {
        quote! {
            for (name, values) in params {
                if ![#(#named),*].contains(&name.as_str()) {
                    #push
                }
            }
        }
    };
    if f.required {
        quote! { let params = input.#accessor(); #body }
    } else {
        quote! { if let Some(params) = input.#accessor() { #body } }
    }
}

/// `Operation::endpoint`, for an operation that sets endpoint rule-set parameters: the rules
/// resolved for each call, from the configuration's parameters and the operation's.
fn endpoint_fn(ir: &Ir, op: &Operation) -> TokenStream {
    if op.endpoint_params.is_empty() {
        return TokenStream::new();
    }
    let Some(input) = ir.structures.get(&op.input) else {
        return TokenStream::new();
    };
    let input_path = struct_path(input);
    let mut uses_input = false;
    let sets = op.endpoint_params.iter().map(|param| {
        let field = ident(&param.field);
        let wrap = |value: TokenStream| {
            if param.optional {
                quote!(Some(#value))
            } else {
                value
            }
        };
        match &param.value {
            crate::ir::EndpointValue::Literal(crate::rules::Literal::Bool(b)) => {
                let value = wrap(quote!(#b));
                quote!(params.#field = #value;)
            }
            crate::ir::EndpointValue::Literal(crate::rules::Literal::String(text)) => {
                let value = wrap(quote!(::std::borrow::ToOwned::to_owned(#text)));
                quote!(params.#field = #value;)
            }
            crate::ir::EndpointValue::Literal(crate::rules::Literal::Strings(items)) => {
                let value = wrap(quote!(
                    ::std::vec![#(::std::borrow::ToOwned::to_owned(#items)),*]
                ));
                quote!(params.#field = #value;)
            }
            crate::ir::EndpointValue::Query(q) => {
                uses_input = true;
                let (found, optional) = super::waiter::input_query(ir, q);
                let owned = if q.ty == crate::ir::QueryType::Str {
                    quote!(::std::borrow::ToOwned::to_owned(value))
                } else {
                    quote!(
                        value
                            .into_iter()
                            .map(::std::borrow::ToOwned::to_owned)
                            .collect()
                    )
                };
                let value = wrap(owned);
                if optional {
                    quote! {
                        if let Some(value) = #found {
                            params.#field = #value;
                        }
                    }
                } else {
                    quote! {
                        let value = #found;
                        params.#field = #value;
                    }
                }
            }
            crate::ir::EndpointValue::Member(index) => {
                uses_input = true;
                let Some(f) = input.fields.get(*index) else {
                    return TokenStream::new();
                };
                let accessor = ident(&f.name);
                let owned = match &f.value.kind {
                    Kind::Enum(_) => quote!(::std::borrow::ToOwned::to_owned(value.as_str())),
                    Kind::Boolean => quote!(value),
                    _ => quote!(::std::borrow::ToOwned::to_owned(value)),
                };
                let value = wrap(owned);
                if f.required {
                    quote! {
                        let value = input.#accessor();
                        params.#field = #value;
                    }
                } else {
                    quote! {
                        if let Some(value) = input.#accessor() {
                            params.#field = #value;
                        }
                    }
                }
            }
        }
    });
    let sets: Vec<TokenStream> = sets.collect();
    let input_binding = if uses_input {
        quote!(input)
    } else {
        quote!(_input)
    };
    quote! {
        fn endpoint(
            #input_binding: &#input_path,
            built_ins: &::rustgen_runtime::endpoint::BuiltIns<'_>,
        ) -> ::std::option::Option<::std::result::Result<::rustgen_runtime::endpoint::Endpoint, ::rustgen_runtime::endpoint::EndpointError>> {
            let mut params = crate::client::endpoint_params(built_ins);
            #(#sets)*
            Some(crate::endpoint::resolve(&params))
        }
    }
}

/// The body of an input with a payload member: the member's JSON for a structure, union or
/// document (`{}` when unset, as botocore sends), its bytes for a blob, its text for a string
/// or enum (nothing when unset). Like botocore, a blob or text payload gets no `Content-Type`
/// of its own: a member bound to that header gives it.
fn payload(f: &Field) -> TokenStream {
    let accessor = ident(&f.name);
    let (set, unset) = match &f.value.kind {
        Kind::Blob => (quote!(request.raw_body(value.to_vec());), None),
        Kind::String => (quote!(request.raw_body(value.to_owned());), None),
        Kind::Enum(_) => (quote!(request.raw_body(value.as_str().to_owned());), None),
        _ => (
            quote! {
                let body = ::rustgen_runtime::json::to_vec(value).map_err(|source| {
                    ::rustgen_runtime::error::SdkError::Serialization(
                        ::rustgen_runtime::error::SerializationError::new(source),
                    )
                })?;
                request.body("application/json", body);
            },
            Some(quote!(request.body("application/json", &b"{}"[..]);)),
        ),
    };
    if f.required {
        return quote! {
            let value = input.#accessor();
            #set
        };
    }
    match unset {
        Some(unset) => quote! {
            match input.#accessor() {
                Some(value) => { #set }
                None => { #unset }
            }
        },
        None => quote! {
            if let Some(value) = input.#accessor() { #set }
        },
    }
}

/// The host prefix of an operation with `smithy.api#endpoint`: each `hostLabel` member must be
/// a host label (or several, joined by dots), so that it cannot move the request to another
/// host.
fn host_prefix(op: &Operation, input: &Structure) -> TokenStream {
    let mut format_text = String::new();
    let mut args = Vec::new();
    let mut checks = Vec::new();
    for part in &op.host_prefix {
        match part {
            PathPart::Literal(text) => {
                format_text.push_str(&text.replace('{', "{{").replace('}', "}}"));
            }
            PathPart::Label { field, .. } => {
                let Some(f) = input.fields.get(*field) else {
                    continue;
                };
                let accessor = ident(&f.name);
                let member = &f.member_name;
                format_text.push_str("{}");
                args.push(quote!(input.#accessor()));
                checks.push(quote! {
                    if !::rustgen_runtime::endpoint::is_valid_host_label(input.#accessor(), true) {
                        return Err(::rustgen_runtime::error::SdkError::Validation(
                            ::rustgen_runtime::validation::ValidationError::invalid_host_label(
                                #member,
                                input.#accessor(),
                            ),
                        ));
                    }
                });
            }
        }
    }
    let prefix = if args.is_empty() {
        quote!(#format_text)
    } else {
        quote!(format!(#format_text, #(#args),*))
    };
    quote! {
        #(#checks)*
        request.host_prefix(#prefix);
    }
}

/// `set_pagination_token` on the input of a paginated operation.
pub(crate) fn pagination_setter(ir: &Ir, s: &Structure) -> Option<TokenStream> {
    let crate::ir::Role::Input { operation } = &s.role else {
        return None;
    };
    let op = ir.operations.iter().find(|op| &op.shape_id == operation)?;
    let field = s.fields.get(op.pagination.as_ref()?.input_token)?;
    let name = ident(&s.name);
    let member = ident(&field.name);
    let ty = rust_type(ir, &field.value);
    Some(quote! {
        impl #name {
            /// Sets the pagination token, for the paginator.
            pub(crate) fn set_pagination_token(&mut self, token: #ty) {
                self.#member = Some(token);
            }
        }
    })
}

/// An operation's fluent builder, as the methods other files add to it name it: its type, its
/// type parameters (one per required member) and their bounds.
pub(crate) struct FluentType<'a> {
    pub(crate) name: &'a syn::Ident,
    pub(crate) generics: &'a TokenStream,
    pub(crate) where_clause: &'a TokenStream,
}

/// `into_paginator` on the fluent builder, and the paginator.
fn paginator(
    ir: &Ir,
    op: &Operation,
    input: &Structure,
    output: &Structure,
    fluent_type: &FluentType<'_>,
) -> Option<TokenStream> {
    let FluentType {
        name: fluent,
        generics,
        where_clause,
    } = fluent_type;
    let allow = super::structure::many_states(input);
    let pagination = op.pagination.as_ref()?;
    let input_token = ident(&input.fields.get(pagination.input_token)?.name);
    let output_token_field = output.fields.get(pagination.output_token)?;
    let output_token = ident(&output_token_field.name);
    let next_token = if output_token_field.required {
        quote!(Some(page.#output_token()))
    } else {
        quote!(page.#output_token())
    };
    let input_path = struct_path(input);
    let output_path = struct_path(output);
    let error = ident(&op.error);
    let paginator = ident(op.paginator.as_ref()?);
    let op_type = ident(&op.name);
    let into_doc = doc(&format!(
        "Pages through the results: each call of [`next_page`]({paginator}::next_page) sends \
         `{}` with the token of the previous page, until the service returns no token or the \
         same token again.",
        op.name
    ));
    // The type of one item, and the items of a page (`page`) as owned values: the entries of
    // a map, as key and value.
    let page_items = pagination
        .items
        .and_then(|index| output.fields.get(index))
        .and_then(|field| {
            let member = ident(&field.name);
            let all = if field.required {
                quote!(page.#member().iter())
            } else {
                quote!(page.#member().into_iter().flatten())
            };
            match &field.value.kind {
                Kind::List(item) => Some((rust_type(ir, item), quote!(#all.cloned()))),
                Kind::Map(key, value) => {
                    let own = |v: &Value, name: TokenStream| {
                        if super::ty::is_copy(v) {
                            quote!(*#name)
                        } else {
                            quote!(#name.clone())
                        }
                    };
                    let (own_key, own_value) = (own(key, quote!(key)), own(value, quote!(value)));
                    let (key, value) = (rust_type(ir, key), rust_type(ir, value));
                    Some((
                        quote!((#key, #value)),
                        quote!(#all.map(|(key, value)| (#own_key, #own_value))),
                    ))
                }
                _ => None,
            }
        });
    let items = page_items.as_ref().map(|(item_ty, page_items)| {
        quote! {
            /// The next item of the pages, fetching pages as needed; `None` after the last.
            pub async fn next_item(
                &mut self,
            ) -> ::std::option::Option<::std::result::Result<#item_ty, ::rustgen_runtime::error::SdkError<#error>>> {
                loop {
                    if let Some(item) = self.items.pop_front() {
                        return Some(Ok(item));
                    }
                    match self.next_page().await? {
                        Ok(page) => self.items.extend(#page_items),
                        Err(error) => return Some(Err(error)),
                    }
                }
            }
        }
    });
    let (items_field, items_init) = match &page_items {
        Some((item_ty, _)) => (
            quote!(items: ::std::collections::VecDeque<#item_ty>,),
            quote!(items: ::std::collections::VecDeque::new(),),
        ),
        None => (quote!(), quote!()),
    };
    let struct_doc = doc(&format!(
        "Pages through the results of `{}`; made by [`{fluent}::into_paginator`].",
        op.name
    ));
    Some(quote! {
        #allow
        impl #generics #fluent #generics {
            #into_doc
            pub fn into_paginator(self) -> #paginator
            #where_clause
            {
                #paginator {
                    client: self.client,
                    input: self.input.build(),
                    done: false,
                    #items_init
                }
            }
        }

        #struct_doc
        #[derive(Debug)]
        pub struct #paginator {
            client: crate::Client,
            input: #input_path,
            done: bool,
            #items_field
        }

        impl #paginator {
            /// The next page, or `None` after the last one (or after an error).
            pub async fn next_page(
                &mut self,
            ) -> ::std::option::Option<::std::result::Result<#output_path, ::rustgen_runtime::error::SdkError<#error>>> {
                if self.done {
                    return None;
                }
                let result = #op_type::send(&self.client, self.input.clone()).await;
                match &result {
                    Ok(page) => match #next_token {
                        Some(token) if !token.is_empty() && Some(token) != self.input.#input_token() => {
                            self.input.set_pagination_token(token.to_owned());
                        }
                        _ => self.done = true,
                    },
                    Err(_) => self.done = true,
                }
                Some(result)
            }

            #items
        }
    })
}
