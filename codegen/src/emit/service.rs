//! The service's facts the client runtime reads (`src/service.rs`), and the endpoint resolver
//! (`src/endpoint.rs`): generated from the model's rule set, or, for a model without one, a
//! resolver that requires a configured endpoint URL.

use proc_macro2::TokenStream;
use quote::quote;

use super::inner_doc;
use crate::ir::Ir;
use crate::naming;

/// `src/service.rs`.
pub(crate) fn service_rs(ir: &Ir) -> TokenStream {
    let signing_name = ir.service.signing_name.as_deref().unwrap_or_default();
    let env_id = &ir.service.env_id;
    let mut covered = 0;
    let fields: Vec<TokenStream> = ir
        .service
        .endpoint_params
        .iter()
        .filter_map(|(name, built_in)| {
            let field = super::ident(&naming::snake(name));
            let value = match built_in.as_deref()? {
                "AWS::Region" => quote!(config.region().map(::std::borrow::ToOwned::to_owned)),
                "AWS::UseFIPS" => quote!(config.use_fips()),
                "AWS::UseDualStack" => quote!(config.use_dual_stack()),
                "SDK::Endpoint" => {
                    quote!(config.endpoint_url().map(::std::borrow::ToOwned::to_owned))
                }
                _ => return None,
            };
            covered += 1;
            Some(quote!(#field: #value,))
        })
        .collect();
    let rest = (covered < ir.service.endpoint_params.len())
        .then(|| quote!(..crate::endpoint::Params::default()));
    let docs = inner_doc("Facts of the service model that the client runtime needs.");
    let uses_tokens = ir
        .structures
        .values()
        .any(|s| s.fields.iter().any(|f| f.idempotency_token));
    let token = uses_tokens.then(|| {
        quote! {
            /// A fresh idempotency token: a random (version 4) UUID, as the AWS SDKs send. It only
            /// has to be unique, not secret, so `fastrand` serves; formatting 16 bytes as a UUID
            /// is not worth a dependency.
            pub(crate) fn idempotency_token() -> ::std::string::String {
                let mut bytes = [0u8; 16];
                fastrand::fill(&mut bytes);
                bytes[6] = (bytes[6] & 0x0f) | 0x40;
                bytes[8] = (bytes[8] & 0x3f) | 0x80;
                let hex: ::std::string::String = bytes.iter().map(|b| format!("{b:02x}")).collect();
                format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
            }
        }
    });
    quote! {
        #docs

        /// The SigV4 signing name (`aws.auth#sigv4`).
        pub(crate) const SIGNING_NAME: &str = #signing_name;

        /// The service's part of the `AWS_ENDPOINT_URL_<SERVICE>` environment variable.
        pub(crate) const ENV_ID: &str = #env_id;

        #token

        /// The endpoint rule set's parameters, from the configuration's built-in values.
        pub(crate) fn endpoint_params(config: &crate::Config) -> crate::endpoint::Params {
            crate::endpoint::Params {
                #(#fields)*
                #rest
            }
        }
    }
}

/// `src/endpoint.rs`.
pub(crate) fn endpoint_rs(ir: &Ir) -> TokenStream {
    if let Some(rules) = &ir.service.endpoint_rules {
        return match crate::endpoint::emit(rules, ir.service.endpoint_tests.as_ref()) {
            Ok(tokens) => tokens,
            // Lowering already ran `emit` and reported any error as a model problem.
            Err(e) => {
                let message = format!("endpoint rules: {e}");
                quote!(compile_error!(#message);)
            }
        };
    }
    quote! {
        //! Endpoint resolution. The model has no endpoint rules, so the endpoint URL must be
        //! configured (`Config::builder().endpoint_url(…)` or `AWS_ENDPOINT_URL`).

        /// What the endpoint depends on.
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct Params {
            /// The configured endpoint URL (built-in `SDK::Endpoint`).
            pub endpoint: ::std::option::Option<::std::string::String>,
        }

        /// A resolved endpoint.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Endpoint {
            url: ::std::string::String,
        }

        impl Endpoint {
            /// The URL requests are sent to.
            pub fn url(&self) -> &str {
                &self.url
            }
        }

        /// No endpoint could be resolved.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct EndpointError(::std::string::String);

        impl EndpointError {
            /// Why.
            pub fn message(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for EndpointError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::error::Error for EndpointError {}

        /// The configured endpoint, or an error when there is none.
        pub fn resolve(params: &Params) -> ::std::result::Result<Endpoint, EndpointError> {
            match &params.endpoint {
                Some(url) => Ok(Endpoint { url: url.clone() }),
                None => Err(EndpointError(
                    "the model has no endpoint rules, so an endpoint URL must be configured".to_owned(),
                )),
            }
        }
    }
}
