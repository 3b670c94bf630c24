//! The service's client (`src/client.rs`): the `Client` type and the description of the service
//! the runtime reads; and the endpoint resolver (`src/endpoint.rs`), generated from the model's
//! rule set, or, for a model without one, the runtime's resolver that requires a configured
//! endpoint URL.

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc, inner_doc};
use crate::ir::Ir;

/// `src/client.rs`.
pub(crate) fn client_rs(ir: &Ir) -> TokenStream {
    let service = &ir.service;
    let signing_name = &service.signing_name;
    let env_id = &service.env_id;
    let title = super::markdown_text(service.title.as_deref().unwrap_or(&service.sdk_id));
    let (resolve, params_fn) = if let Some(rules) = &service.endpoint_rules {
        let fields: Vec<TokenStream> = rules
            .params
            .iter()
            .filter_map(|param| {
                let field = super::ident(&param.field);
                let value = match param.built_in.as_deref() {
                    Some("AWS::Region") => {
                        quote!(built_ins.region.map(::std::borrow::ToOwned::to_owned))
                    }
                    Some("AWS::UseFIPS") => quote!(built_ins.use_fips),
                    Some("AWS::UseDualStack") => quote!(built_ins.use_dual_stack),
                    Some("SDK::Endpoint") => {
                        quote!(built_ins.endpoint.map(::std::borrow::ToOwned::to_owned))
                    }
                    None if service.client_params.contains_key(&param.name) => client_param(param)?,
                    _ => return None,
                };
                Some(quote!(#field: #value,))
            })
            .collect();
        let covered = fields.len();
        let rest =
            (covered < rules.params.len()).then(|| quote!(..crate::endpoint::Params::default()));
        let binding = if covered == 0 {
            quote!(_built_ins)
        } else {
            quote!(built_ins)
        };
        (
            quote! {
                fn resolve_endpoint(
                    built_ins: &::rustgen_runtime::endpoint::BuiltIns<'_>,
                ) -> ::std::result::Result<::rustgen_runtime::endpoint::Endpoint, ::rustgen_runtime::endpoint::EndpointError> {
                    crate::endpoint::resolve(&endpoint_params(built_ins))
                }
            },
            quote! {
                /// The endpoint rules' parameters that the configuration gives.
                pub(crate) fn endpoint_params(
                    #binding: &::rustgen_runtime::endpoint::BuiltIns<'_>,
                ) -> crate::endpoint::Params {
                    crate::endpoint::Params {
                        #(#fields)*
                        #rest
                    }
                }
            },
        )
    } else {
        (
            quote! {
                fn resolve_endpoint(
                    built_ins: &::rustgen_runtime::endpoint::BuiltIns<'_>,
                ) -> ::std::result::Result<::rustgen_runtime::endpoint::Endpoint, ::rustgen_runtime::endpoint::EndpointError> {
                    ::rustgen_runtime::endpoint::configured_only(built_ins)
                }
            },
            TokenStream::new(),
        )
    };
    let protocol = super::ident(service.protocol.runtime_variant());
    let query_compatible = service.query_compatible.then(|| {
        quote!(
            const QUERY_COMPATIBLE: bool = true;
        )
    });
    let unused = ir.operations.is_empty().then(|| {
        quote!(#[allow(dead_code, reason = "every operation of the service is left out of this crate")])
    });
    let docs = inner_doc("The client of the service.");
    let client_params_doc = if service.client_params.is_empty() {
        String::new()
    } else {
        let lines: Vec<String> = service
            .client_params
            .iter()
            .map(|(name, docs)| {
                let docs = docs.trim();
                if docs.is_empty() {
                    format!("- `{name}`")
                } else {
                    format!("- `{name}`: {}", super::markdown_text(docs))
                }
            })
            .collect();
        format!(
            "\n\nThe service's endpoint rules read these parameters of the configuration, set \
             with [`ConfigBuilder::client_context_param`](::rustgen_runtime::config::ConfigBuilder::client_context_param):\n\n{}",
            lines.join("\n")
        )
    };
    let client_doc = doc(&format!(
        "A client of {title}: one method per operation, each starting a call to send.\n\n\
         Make it from a configuration shared with the clients of other services, which share its \
         credentials and connections. It is cheap to clone, and clones can be used from many \
         tasks at once.\n\n```no_run\n# async fn run() {{\nlet config = {lib}::Config::from_env().build();\n\
         let client = {lib}::Client::new(&config);\n# }}\n```{client_params_doc}",
        lib = service.lib_name
    ));
    quote! {
        #docs

        #client_doc
        #[derive(Clone, Debug)]
        pub struct Client {
            runtime: ::rustgen_runtime::client::Client,
        }

        impl Client {
            /// A client with this configuration. The endpoint is resolved here, once: a
            /// configuration that gives none (no region, a rejected endpoint URL) makes every
            /// call fail with [`SdkError::Config`](::rustgen_runtime::SdkError::Config).
            pub fn new(config: &::rustgen_runtime::Config) -> Self {
                Self {
                    runtime: ::rustgen_runtime::client::Client::new::<Service>(config),
                }
            }

            /// The configuration.
            pub fn config(&self) -> &::rustgen_runtime::Config {
                self.runtime.config()
            }

            /// The runtime's client, which sends the calls.
            #unused
            pub(crate) fn runtime(&self) -> &::rustgen_runtime::client::Client {
                &self.runtime
            }
        }

        /// The service as the runtime sees it: its signing name, endpoint rules and protocol.
        #[derive(Debug, Clone, Copy)]
        pub struct Service;

        impl ::rustgen_runtime::service::Service for Service {
            const SIGNING_NAME: &'static str = #signing_name;
            const ENV_ID: &'static str = #env_id;
            const USER_AGENT: &'static str = ::std::concat!(::std::env!("CARGO_PKG_NAME"), "/", ::std::env!("CARGO_PKG_VERSION"));
            const PROTOCOL: ::rustgen_runtime::service::Protocol = ::rustgen_runtime::service::Protocol::#protocol;
            #query_compatible

            #resolve
        }

        #params_fn
    }
}

/// The value of a client parameter of the rules: the configuration's, else the parameter's
/// default.
fn client_param(param: &crate::rules::Param) -> Option<TokenStream> {
    use crate::rules::{Literal, ParamType};
    let name = &param.name;
    Some(match (param.ty, &param.default) {
        (ParamType::String, None) => {
            quote!(built_ins.string_param(#name).map(::std::borrow::ToOwned::to_owned))
        }
        (ParamType::String, Some(Literal::String(default))) => quote!(
            ::std::borrow::ToOwned::to_owned(built_ins.string_param(#name).unwrap_or(#default))
        ),
        (ParamType::Boolean, None) => quote!(built_ins.bool_param(#name)),
        (ParamType::Boolean, Some(Literal::Bool(default))) => {
            quote!(built_ins.bool_param(#name).unwrap_or(#default))
        }
        // The checker gives client parameters only these types.
        _ => return None,
    })
}

/// `src/endpoint.rs`.
pub(crate) fn endpoint_rs(ir: &Ir) -> TokenStream {
    if let Some(rules) = &ir.service.endpoint_rules {
        return super::endpoint::module(rules);
    }
    quote! {
        //! Endpoint resolution. The model has no endpoint rules, so the endpoint URL must be
        //! configured (`Config::builder().endpoint_url(…)` or `AWS_ENDPOINT_URL`).

        pub use ::rustgen_runtime::endpoint::{Endpoint, EndpointError};
    }
}
