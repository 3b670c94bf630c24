//! The client runtime of the AWS service crates that `cargo xtask codegen` generates from Smithy
//! models. A generated crate holds only what its model gives (shapes, their wire forms,
//! operations, errors, the endpoint rules); everything else is here, compiled once however many
//! services a program uses:
//!
//! - [`Config`]: one configuration for every service — region, credentials, endpoint, retries,
//!   timeouts and one pool of connections — set explicitly or read from the environment and the
//!   shared AWS files ([`Config::from_env`]);
//! - [`credentials`]: the credentials-provider interface, with a cache that refreshes before
//!   expiry, one refresh at a time;
//! - [`transport`]: the HTTP client interface, and the default client (HTTP/1.1 over rustls,
//!   plain HTTP to loopback only);
//! - [`client::Client`]: what a generated client calls to send an operation: endpoint, SigV4
//!   (SigV4a with the `sigv4a` feature) or a bearer token, retries and timeouts;
//! - [`error`], [`validation`]: the errors every call and every `validate()` return;
//! - [`waiter`]: calling an operation until a resource reaches a state, for the `wait_until_…`
//!   methods generated from a model's waiters.
//!
//! ```
//! use rustgen_runtime::{Config, Credentials};
//!
//! // One configuration, shared by the clients of several services:
//! // `ivs_realtime::Client::new(&shared)`, `eks_auth::Client::new(&shared)`.
//! let shared = Config::builder()
//!     .region("eu-west-1")
//!     .credentials(Credentials::new("AKID", "SECRET", None))
//!     .build();
//! // A service that needs something else starts from the shared one, and still shares its
//! // credentials cache and connections.
//! let other = shared.to_builder().region("us-east-1").build();
//! assert_eq!(other.region(), Some("us-east-1"));
//! ```
//!
//! The modules [`json`], [`operation`], [`sensitive`], [`service`] and [`wire`] are the
//! interface generated code is written against; applications rarely need them.

#![forbid(unsafe_code)]

pub mod client;
pub mod config;
pub mod credentials;
pub mod document;
pub mod endpoint;
pub mod error;
pub mod json;
pub mod operation;
#[cfg(feature = "query")]
pub mod query;
pub mod sensitive;
pub mod service;
pub mod transport;
pub mod validation;
pub mod waiter;
pub mod wire;

mod profile;
mod retry;
mod sigv4;
#[cfg(feature = "sigv4a")]
mod sigv4a;

pub use self::config::Config;
pub use self::credentials::Credentials;
pub use self::error::SdkError;

/// The `bytes` crate, whose `Bytes` holds request and response bodies.
pub use ::bytes;
/// The `http` crate, whose `Request` and `Response` a call's request and answer are.
pub use ::http;
/// The `serde` crate, which generated types implement.
pub use ::serde;
/// The `serde_json` crate, which reads and writes generated types as JSON.
pub use ::serde_json;
/// The `time` crate, whose `OffsetDateTime` holds every timestamp.
pub use ::time;

/// This crate's version.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A whole number from the digits of a version part.
const fn number(digits: &str) -> u64 {
    let bytes = digits.as_bytes();
    let mut value = 0;
    let mut i = 0;
    while i < bytes.len() {
        value = value * 10 + (bytes[i] - b'0') as u64;
        i += 1;
    }
    value
}

const MAJOR: u64 = number(env!("CARGO_PKG_VERSION_MAJOR"));
const MINOR: u64 = number(env!("CARGO_PKG_VERSION_MINOR"));

/// Whether this runtime serves a crate generated for runtime version `major.minor`: the same
/// minor version before 1.0 (where a minor version may break), else the same major version and
/// at least that minor version.
pub const fn is_compatible(major: u64, minor: u64) -> bool {
    if MAJOR == 0 {
        major == 0 && minor == MINOR
    } else {
        major == MAJOR && minor <= MINOR
    }
}

/// Stops the build of a crate generated for another version of this runtime, with a message
/// that says so, instead of type errors. Generated crates call it in a constant:
///
/// ```
/// const _: () = rustgen_runtime::require_version(0, 1);
/// ```
///
/// A crate generated for another version does not build:
///
/// ```compile_fail
/// const _: () = rustgen_runtime::require_version(0, 999);
/// ```
pub const fn require_version(major: u64, minor: u64) {
    assert!(
        is_compatible(major, minor),
        "this crate was generated for another version of rustgen-runtime: regenerate it with \
         the `cargo xtask codegen` of this runtime's version, or depend on the runtime version \
         it names"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_before_one_must_match_in_their_minor_part() {
        assert_eq!(
            VERSION,
            format!("{MAJOR}.{MINOR}.{}", env!("CARGO_PKG_VERSION_PATCH"))
        );
        assert!(is_compatible(MAJOR, MINOR));
        assert!(!is_compatible(MAJOR, MINOR + 1));
        assert!(!is_compatible(MAJOR + 1, MINOR));
        if MAJOR == 0 && MINOR > 0 {
            assert!(!is_compatible(0, MINOR - 1));
        }
    }
}
