//! What the runtime needs to know of an operation: a generated crate describes each operation
//! by implementing [`Operation`] on a type of its own.

use std::borrow::Cow;

use bytes::Bytes;

use crate::error::SdkError;
use crate::service::Service;
use crate::validation::ValidationError;

/// An error reading an answer, from the deserializer.
pub type ReadError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An operation, as its generated crate describes it.
pub trait Operation {
    /// The service the operation belongs to.
    type Service: Service;
    /// What the caller gives.
    type Input;
    /// What a success gives.
    type Output;
    /// The errors of the model the service may answer with.
    type Error;

    /// The operation's name in the model, e.g. `CreateStage`.
    const NAME: &'static str;

    /// Whether the operation may be sent again after the service may have carried it out:
    /// it is `@idempotent` or `@readonly` in the model, or has an idempotency token (sent
    /// unchanged on every attempt). An operation that is not is never retried once its request
    /// has been sent in full, except after an answer that says it was not carried out
    /// (throttling, a 5xx status).
    const IDEMPOTENT: bool;

    /// How requests are authenticated.
    const AUTH: Auth;

    /// Error codes the model marks `@retryable`: answers with one are retried, as throttling
    /// and transient errors are.
    const RETRYABLE_ERRORS: &'static [&'static str];

    /// Checks the input against the model's constraints.
    ///
    /// # Errors
    ///
    /// Every violation found.
    fn validate(input: &Self::Input) -> Result<(), ValidationError>;

    /// Writes the input as an HTTP request, before the endpoint and signature are added.
    ///
    /// # Errors
    ///
    /// [`SdkError::Validation`] for an input the request cannot be written from (an empty path
    /// label), [`SdkError::Serialization`] for a value the protocol cannot hold.
    fn request(input: &Self::Input) -> Result<Request, SdkError<Self::Error>>;

    /// The endpoint of a call, for an operation whose endpoint rules read its input
    /// (`smithy.rules#contextParam`, `smithy.rules#staticContextParams`): resolved for each
    /// call from the configuration's parameters and the operation's. `None`, the default, for an
    /// operation whose calls all go to the service's endpoint, resolved once per client.
    fn endpoint(
        _input: &Self::Input,
        _built_ins: &crate::endpoint::BuiltIns<'_>,
    ) -> Option<Result<crate::endpoint::Endpoint, crate::endpoint::EndpointError>> {
        None
    }

    /// Reads a successful answer with HTTP status `status`.
    ///
    /// # Errors
    ///
    /// When the answer does not have the output's shape.
    fn output(
        status: u16,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<Self::Output, ReadError>;

    /// Reads an error answer with this code, or `None` if the model has no such error.
    fn error(
        code: &str,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Option<Result<Self::Error, ReadError>>;

    /// Wraps an error answer the model does not describe.
    fn unhandled(error: crate::error::UnhandledError) -> Self::Error;
}

/// How an operation's requests are authenticated, as its model says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Auth {
    /// Signed with SigV4; a call without credentials fails before sending.
    SigV4,
    /// Signed with SigV4 when the configuration gives credentials, else sent unsigned.
    Optional,
    /// Never signed: the operation needs no credentials.
    None,
    /// A bearer token (`smithy.api#httpBearerAuth`) from the configuration's token provider,
    /// sent as `Authorization: Bearer …`; a call without one fails before sending.
    Bearer,
}

/// An operation's HTTP request, before the endpoint and signature are added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub(crate) method: http::Method,
    pub(crate) path: String,
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    /// Indexes of the query parameters sent as a bare key (`?delete`), without `=`.
    pub(crate) bare_keys: Vec<usize>,
    pub(crate) headers: Vec<(Cow<'static, str>, String)>,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) body: Bytes,
    pub(crate) host_prefix: Option<String>,
}

impl Request {
    /// A request with this method and path (percent-encoded, from the endpoint's path on), with
    /// no query, headers or body yet.
    pub fn new(method: http::Method, path: impl Into<String>) -> Self {
        Self {
            method,
            path: path.into(),
            query: Vec::new(),
            bare_keys: Vec::new(),
            headers: Vec::new(),
            content_type: None,
            body: Bytes::new(),
            host_prefix: None,
        }
    }

    /// Puts `prefix` (`data-`, `123456789012.`) before the endpoint's host name, as the
    /// operation's `smithy.api#endpoint` trait says. The generated code has checked that its
    /// labels are host labels. It is not put before an IP address or `localhost`, whose names
    /// it would break.
    pub fn host_prefix(&mut self, prefix: impl Into<String>) {
        self.host_prefix = Some(prefix.into());
    }

    /// Adds a query parameter (not encoded: the runtime encodes it).
    pub fn query(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        self.query.push((name.into(), value.into()));
    }

    /// Adds a query key without a value, as a URI pattern writes it (`/vaults/{name}?delete`):
    /// sent without `=`, and signed as a key with an empty value.
    pub fn query_key(&mut self, name: impl Into<Cow<'static, str>>) {
        self.bare_keys.push(self.query.len());
        self.query.push((name.into(), String::new()));
    }

    /// Adds a header.
    pub fn header(&mut self, name: impl Into<Cow<'static, str>>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }

    /// Sets the body and its `Content-Type`.
    pub fn body(&mut self, content_type: &'static str, body: impl Into<Bytes>) {
        self.content_type = Some(content_type);
        self.body = body.into();
    }

    /// Sets the body without a `Content-Type`: the bytes of a blob or text payload, whose type
    /// only a member bound to the `Content-Type` header gives (as botocore sends them).
    pub fn raw_body(&mut self, body: impl Into<Bytes>) {
        self.content_type = None;
        self.body = body.into();
    }
}
