//! What the runtime needs to know of a service: a generated crate describes its service by
//! implementing [`Service`] on a type of its own.

use crate::endpoint::{BuiltIns, Endpoint, EndpointError};

/// The wire protocol of a service, from its model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#restJson1`: HTTP bindings with JSON bodies.
    RestJson1,
    /// `aws.protocols#awsJson1_0`: `POST /` with the operation in `X-Amz-Target`, JSON bodies.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`: as 1.0, with its own media type.
    AwsJson1_1,
    /// `aws.protocols#awsQuery`: `POST /` with a form-encoded body naming the operation, XML
    /// answers.
    #[cfg(feature = "query")]
    AwsQuery,
}

/// A service, as its generated crate describes it.
pub trait Service {
    /// The SigV4 signing name (the model's `aws.auth#sigv4` name), e.g. `ivs`.
    const SIGNING_NAME: &'static str;
    /// The service's part of the `AWS_ENDPOINT_URL_<SERVICE>` environment variable, from its
    /// SDK id, e.g. `IVS_REALTIME`.
    const ENV_ID: &'static str;
    /// The generated crate's name and version, for the `User-Agent` header, e.g.
    /// `ivs-realtime/0.1.0`.
    const USER_AGENT: &'static str;
    /// The wire protocol.
    const PROTOCOL: Protocol;
    /// Whether error answers carry their awsQuery code in the `x-amzn-query-error` header
    /// (`aws.protocols#awsQueryCompatible`), which then names the error.
    const QUERY_COMPATIBLE: bool = false;

    /// The endpoint the service's rules give for these configuration values.
    ///
    /// # Errors
    ///
    /// The rules' error when they reject the values.
    fn resolve_endpoint(built_ins: &BuiltIns<'_>) -> Result<Endpoint, EndpointError>;
}
