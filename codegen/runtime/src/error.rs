//! The error every operation returns, with one case per way a call can fail.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

pub use crate::credentials::CredentialsError;
use crate::validation::ValidationError;

type Source = Box<dyn StdError + Send + Sync + 'static>;

/// Why a call failed. `E` is the operation's error type (`<Operation>Error` in the operation's
/// module of a generated crate), holding the errors the service may answer with.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The input breaks a constraint of the model; nothing was sent.
    Validation(ValidationError),
    /// No credentials were found, or their source failed; nothing was sent.
    Credentials(CredentialsError),
    /// The configuration gives no usable endpoint (no region, a rejected endpoint URL, or an
    /// endpoint rule that does not allow the combination); nothing was sent.
    Config(ConfigError),
    /// The call took longer than the operation timeout, or its last attempt longer than the
    /// attempt timeout.
    Timeout(TimeoutError),
    /// The connection failed or broke (after every retry allowed).
    Connection(ConnectionError),
    /// The request was sent in full, then the connection failed, or the attempt timed out,
    /// before a whole answer came: **the service may have carried out the operation.** It is
    /// not sent again, because the operation is not safe to repeat (it has no idempotency
    /// token and is neither `@idempotent` nor `@readonly` in the model); whether to send it
    /// again, perhaps after checking its effect, is the caller's decision.
    Interrupted(InterruptedError),
    /// The service answered something that cannot be read.
    Response(ResponseError),
    /// The input cannot be written in the protocol's form (e.g. a timestamp past the year
    /// 9999); nothing was sent.
    Serialization(SerializationError),
    /// The service answered with an error (boxed: error structures can be large, and every
    /// `Result` of a call would otherwise be as large as the largest).
    Service(Box<ServiceError<E>>),
}

impl<E> SdkError<E> {
    /// The service's error, if the service answered with one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::Service(e) => Some(&e.error),
            _ => None,
        }
    }

    /// The service's error, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            Self::Service(e) => Some(e.error),
            _ => None,
        }
    }

    /// The request id of the answer (`x-amzn-RequestId`), when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(e) => e.request_id(),
            Self::Response(e) => e.request_id(),
            _ => None,
        }
    }

    /// True when nothing was sent because the input broke a constraint.
    pub fn is_validation(&self) -> bool {
        matches!(self, Self::Validation(_))
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Validation(e) => write!(f, "invalid input, not sent: {e}"),
            Self::Credentials(e) => e.fmt(f),
            Self::Config(e) => e.fmt(f),
            Self::Timeout(e) => e.fmt(f),
            Self::Connection(e) => e.fmt(f),
            Self::Interrupted(e) => e.fmt(f),
            Self::Response(e) => e.fmt(f),
            Self::Serialization(e) => e.fmt(f),
            Self::Service(e) => e.fmt(f),
        }
    }
}

/// `SdkError` is a transparent wrapper: it displays its case and continues the chain with that
/// case's own source, so no message appears twice when the chain is printed.
impl<E: StdError + 'static> StdError for SdkError<E> {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            Self::Validation(e) => e.source(),
            Self::Credentials(e) => e.source(),
            Self::Config(e) => e.source(),
            Self::Timeout(e) => e.source(),
            Self::Connection(e) => e.source(),
            Self::Interrupted(e) => e.source(),
            Self::Response(e) => e.source(),
            Self::Serialization(e) => e.source(),
            Self::Service(e) => e.error.source(),
        }
    }
}

/// An error answer of the service, with its status and request id.
#[derive(Debug)]
pub struct ServiceError<E> {
    pub(crate) error: E,
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
}

impl<E> ServiceError<E> {
    /// The operation's error.
    pub fn err(&self) -> &E {
        &self.error
    }

    /// The operation's error.
    pub fn into_err(self) -> E {
        self.error
    }

    /// HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// `x-amzn-RequestId` of the answer.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl<E: fmt::Display> fmt::Display for ServiceError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}", self.error, self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        f.write_str(")")
    }
}

/// An error answer that the model does not describe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnhandledError {
    pub(crate) status: u16,
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
}

impl UnhandledError {
    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// Error code, from `X-Amzn-ErrorType` or the body's `__type` / `code`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// Error message from the body, when it has one.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// `x-amzn-RequestId` of the answer.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for UnhandledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => Escaped(code).fmt(f)?,
            None => f.write_str("unknown error")?,
        }
        if let Some(message) = &self.message {
            write!(f, ": {}", Escaped(message))?;
        }
        Ok(())
    }
}

/// Text from a server, displayed with its control characters (and the invisible characters
/// that reorder text) escaped as `\u{…}`, `\n`, `\r` or `\t`, so that a message cannot forge
/// lines of a log or terminal output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Escaped<'a>(pub &'a str);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reorders = |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        let mut rest = self.0;
        while let Some(at) = rest.find(|c: char| c.is_control() || reorders(c)) {
            f.write_str(&rest[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(f, "{}", c.escape_default())?;
            rest = &rest[at + c.len_utf8()..];
        }
        f.write_str(rest)
    }
}

impl StdError for UnhandledError {}

/// The configuration gives no usable endpoint.
#[derive(Debug)]
pub struct ConfigError {
    pub(crate) message: String,
    pub(crate) source: Option<Source>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid configuration: {}", self.message)
    }
}

impl StdError for ConfigError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

/// The call took longer than the operation timeout, or its last attempt longer than the
/// attempt timeout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeoutError {
    pub(crate) timeout: Duration,
    pub(crate) attempt: bool,
}

impl TimeoutError {
    /// The timeout that ran out.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Whether it is the attempt timeout (else the operation timeout).
    pub fn is_attempt_timeout(&self) -> bool {
        self.attempt
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.attempt {
            write!(
                f,
                "no answer within the attempt timeout of {:?}",
                self.timeout
            )
        } else {
            write!(f, "timed out after {:?}", self.timeout)
        }
    }
}

/// The request was sent in full and no whole answer came: the service may have carried out
/// the operation (see [`SdkError::Interrupted`]).
#[derive(Debug)]
pub struct InterruptedError {
    pub(crate) status: Option<u16>,
    pub(crate) source: Source,
}

impl InterruptedError {
    /// The status of the answer, when its head arrived before its body broke off (a success
    /// status means the service did carry out the operation).
    pub fn status(&self) -> Option<u16> {
        self.status
    }
}

impl fmt::Display for InterruptedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request was sent but no whole answer came, ")?;
        match self.status {
            Some(status) => write!(f, "after HTTP {status}: ")?,
            None => f.write_str("so ")?,
        }
        f.write_str(
            "the operation may have been carried out; it is not safe to repeat, so it was \
             not retried",
        )
    }
}

impl StdError for InterruptedError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

impl StdError for TimeoutError {}

/// The connection failed or broke.
#[derive(Debug)]
pub struct ConnectionError {
    pub(crate) source: Source,
}

impl fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection failed")
    }
}

impl StdError for ConnectionError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

/// The answer cannot be read: malformed, truncated, of the wrong shape, or too large.
#[derive(Debug)]
pub struct ResponseError {
    pub(crate) status: u16,
    pub(crate) request_id: Option<String>,
    pub(crate) message: String,
    pub(crate) source: Option<Source>,
}

impl ResponseError {
    /// HTTP status of the answer.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// `x-amzn-RequestId` of the answer.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unreadable response (HTTP {}", self.status)?;
        if let Some(id) = &self.request_id {
            write!(f, ", request id {id}")?;
        }
        write!(f, "): {}", self.message)
    }
}

impl StdError for ResponseError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn StdError + 'static))
    }
}

/// The input cannot be written in the protocol's form.
#[derive(Debug)]
pub struct SerializationError {
    source: Source,
}

impl SerializationError {
    /// The error of the serializer that refused the input.
    pub fn new(source: impl Into<Source>) -> Self {
        Self {
            source: source.into(),
        }
    }
}

impl fmt::Display for SerializationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot write the input")
    }
}

impl StdError for SerializationError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&*self.source)
    }
}

#[cfg(test)]
mod tests {
    use super::Escaped;

    #[test]
    fn control_and_reordering_characters_are_escaped() {
        assert_eq!(
            Escaped("bad\r\nINFO forged line\u{1b}[31m\u{202e}txt.exe\tend").to_string(),
            "bad\\r\\nINFO forged line\\u{1b}[31m\\u{202e}txt.exe\\tend"
        );
        assert_eq!(Escaped("plain: ünïcödé").to_string(), "plain: ünïcödé");
    }
}
