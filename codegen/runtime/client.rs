//! The client: sends operations over HTTPS (plain HTTP to loopback only), with endpoint
//! resolution, SigV4 signing, retries and timeouts. Clones share one connection pool.

use std::sync::Arc;

use bytes::Bytes;
use http_body_util::Full;

use crate::config::{Config, Credentials};
use crate::error::{
    ConfigError, ConnectionError, CredentialsError, ResponseError, SdkError, ServiceError,
    TimeoutError, UnhandledError,
};
use crate::transport::{BodyError, Transport};
use crate::validation::ValidationError;

/// Largest response body read; a longer one is a [`ResponseError`].
const RESPONSE_BODY_LIMIT: usize = 8 * 1024 * 1024;

const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// A client of the service. Cheap to clone: clones share the configuration and one pool of
/// connections, and can be used from many tasks at once.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    target: Result<Target, TargetError>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// An HTTP request of an operation, before the endpoint and signature are added.
pub(crate) struct HttpRequest {
    pub(crate) method: http::Method,
    /// Path, percent-encoded.
    pub(crate) path: String,
    /// Query parameters, decoded.
    pub(crate) query: Vec<(String, String)>,
    /// Headers bound to input members.
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) body: Bytes,
}

/// What the client needs to know of an operation; implemented by generated code.
pub(crate) trait Operation {
    type Input;
    type Output;
    type Error;

    /// Checks the input against the model's constraints.
    fn validate(input: &Self::Input) -> Result<(), ValidationError>;
    /// Writes the input as an HTTP request: a validation error for an empty path label, a
    /// serialization error for a value JSON cannot hold.
    fn request(input: &Self::Input) -> Result<HttpRequest, SdkError<Self::Error>>;
    /// Reads a successful answer.
    fn output(headers: &http::HeaderMap, body: &[u8]) -> Result<Self::Output, serde_json::Error>;
    /// Reads an error answer with this code, or `None` if the model has no such error.
    fn error(
        code: &str,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Option<Result<Self::Error, serde_json::Error>>;
    /// Wraps an error answer the model does not describe.
    fn unhandled(error: UnhandledError) -> Self::Error;
}

/// Where requests go, from the endpoint and the region.
struct Target {
    /// `scheme://authority` of the endpoint.
    origin: String,
    /// Path of the endpoint, without a trailing `/`.
    base_path: String,
    /// `Host` header: the authority.
    host: String,
    region: String,
    /// The connections to the endpoint.
    transport: Transport,
    /// Signing keys for the region, from the configuration's credentials.
    keys: crate::sigv4::KeyCache,
}

/// Why the configuration gives no target, kept to be reported by every call.
#[derive(Debug, Clone)]
struct TargetError {
    message: String,
    source: Option<crate::endpoint::EndpointError>,
}

impl TargetError {
    fn to_sdk<E>(&self) -> SdkError<E> {
        SdkError::Config(ConfigError {
            message: self.message.clone(),
            source: self.source.clone().map(|e| Box::new(e) as _),
        })
    }
}

/// Where requests go: the endpoint the rules give for the configuration, checked once.
fn resolve_target(config: &Config) -> Result<Target, TargetError> {
    let config_error = |message: String| TargetError {
        message,
        source: None,
    };
    let endpoint =
        crate::endpoint::resolve(&crate::service::endpoint_params(config)).map_err(|e| {
            TargetError {
                message: "no endpoint for this configuration".to_owned(),
                source: Some(e),
            }
        })?;
    let uri: http::Uri = endpoint.url().parse().map_err(|e| {
        config_error(format!(
            "endpoint `{}` is not a valid URL: {e}",
            endpoint.url()
        ))
    })?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(config_error(format!(
            "endpoint `{}` has no scheme or host",
            endpoint.url()
        )));
    };
    match scheme {
        "https" => {}
        "http" if is_loopback(authority.host()) => {}
        "http" => {
            return Err(config_error(format!(
                "endpoint `{}` uses plain HTTP, which is only allowed to loopback addresses",
                endpoint.url()
            )));
        }
        other => {
            return Err(config_error(format!(
                "endpoint scheme `{other}` is not supported"
            )));
        }
    }
    let region = config.region().ok_or_else(|| {
        config_error(
            "no region: set one with `Config::builder().region(…)` or AWS_REGION".to_owned(),
        )
    })?;
    let https = scheme == "https";
    let port = authority.port_u16().unwrap_or(if https { 443 } else { 80 });
    let transport = Transport::new(https, authority.host(), port, config.connect_timeout())
        .map_err(config_error)?;
    Ok(Target {
        origin: format!("{scheme}://{authority}"),
        base_path: uri.path().trim_end_matches('/').to_owned(),
        host: authority.as_str().to_owned(),
        region: region.to_owned(),
        transport,
        keys: crate::sigv4::KeyCache::default(),
    })
}

/// A call ready to be signed and sent.
struct Prepared<'a> {
    target: &'a Target,
    request: HttpRequest,
    credentials: &'a Credentials,
    /// The configured signing time; without one, each attempt is signed at its own time.
    signing_time: Option<time::OffsetDateTime>,
}

/// `time` as a date and time, if it is within the years -9999 to 9999.
fn date_time(time: std::time::SystemTime) -> Option<time::OffsetDateTime> {
    let nanos = match time.duration_since(std::time::UNIX_EPOCH) {
        Ok(after) => i128::try_from(after.as_nanos()).ok()?,
        Err(before) => -i128::try_from(before.duration().as_nanos()).ok()?,
    };
    time::OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()
}

/// The request could not be assembled (a header value the `http` crate refuses).
fn request_error<E>(e: http::Error) -> SdkError<E> {
    SdkError::Config(ConfigError {
        message: "cannot build the request".to_owned(),
        source: Some(Box::new(e)),
    })
}

/// How a request names its target: `https://host/path?query` for users to see, `/path?query`
/// on an HTTP/1.1 connection to the host.
#[derive(Clone, Copy)]
enum UriForm {
    Absolute,
    Origin,
}

enum Attempt<T> {
    Done(T),
    Retryable(T),
}

impl Client {
    /// A client with this configuration.
    pub fn new(config: Config) -> Self {
        Self {
            inner: Arc::new(Inner {
                target: resolve_target(&config),
                config,
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Everything a call needs before its first byte is sent: the input checked, credentials
    /// found, the endpoint resolved and the request written.
    fn prepare<'a, O: Operation>(
        &'a self,
        input: &O::Input,
    ) -> Result<Prepared<'a>, SdkError<O::Error>> {
        let config = &self.inner.config;
        if config.validate() {
            O::validate(input).map_err(SdkError::Validation)?;
        }
        let credentials = config.credentials().ok_or_else(|| {
            SdkError::Credentials(CredentialsError {
                searched: config.credentials_sources().to_owned(),
            })
        })?;
        let target = self.inner.target.as_ref().map_err(TargetError::to_sdk)?;
        let signing_time = match config.signing_time() {
            Some(time) => Some(date_time(time).ok_or_else(|| {
                SdkError::Config(ConfigError {
                    message: "the signing time is outside the years -9999 to 9999".to_owned(),
                    source: None,
                })
            })?),
            None => None,
        };
        let request = O::request(input)?;
        Ok(Prepared {
            target,
            request,
            credentials,
            signing_time,
        })
    }

    /// The signed request of one attempt, signed now (or at the configured signing time).
    fn sign(
        &self,
        prepared: &Prepared<'_>,
        form: UriForm,
    ) -> Result<http::Request<Bytes>, http::Error> {
        let Prepared {
            target,
            request,
            credentials,
            signing_time,
        } = prepared;
        let path = format!("{}{}", target.base_path, request.path);
        let time = signing_time.unwrap_or_else(time::OffsetDateTime::now_utc);
        let signed_headers: Vec<(&str, &str)> = request
            .content_type
            .iter()
            .map(|value| ("Content-Type", *value))
            .chain(
                request
                    .headers
                    .iter()
                    .map(|(name, value)| (*name, value.as_str())),
            )
            .collect();
        let signature = crate::sigv4::sign(
            &crate::sigv4::Signable {
                method: request.method.as_str(),
                path: &path,
                query: &request.query,
                headers: &signed_headers,
                host: &target.host,
                body: &request.body,
            },
            credentials,
            &crate::sigv4::Scope {
                region: &target.region,
                service: crate::service::SIGNING_NAME,
                time,
            },
            &target.keys,
        );

        let mut uri = match form {
            UriForm::Absolute => format!("{}{path}", target.origin),
            UriForm::Origin => path,
        };
        if !request.query.is_empty() {
            uri.push('?');
            uri.push_str(&encode_query(&request.query));
        }
        let mut builder = http::Request::builder()
            .method(request.method.clone())
            .uri(uri)
            .header(http::header::HOST, &target.host);
        if let Some(content_type) = request.content_type {
            builder = builder.header(http::header::CONTENT_TYPE, content_type);
        }
        for (name, value) in &request.headers {
            builder = builder.header(*name, value);
        }
        builder = builder.header("x-amz-date", &signature.amz_date);
        // Marked sensitive, so that `Debug` of the request shows neither.
        let sensitive = |value: &str| {
            http::HeaderValue::from_str(value).map(|mut value| {
                value.set_sensitive(true);
                value
            })
        };
        if let Some(token) = credentials.session_token() {
            builder = builder.header("x-amz-security-token", sensitive(token)?);
        }
        builder
            .header(
                http::header::AUTHORIZATION,
                sensitive(&signature.authorization)?,
            )
            .header(http::header::USER_AGENT, USER_AGENT)
            .header(http::header::CONTENT_LENGTH, request.body.len())
            .body(request.body.clone())
    }

    /// The signed request a call would send first, without sending it.
    pub(crate) fn signed_request<O: Operation>(
        &self,
        input: &O::Input,
    ) -> Result<http::Request<Bytes>, SdkError<O::Error>> {
        let prepared = self.prepare::<O>(input)?;
        self.sign(&prepared, UriForm::Absolute)
            .map_err(request_error)
    }

    /// Sends one operation: validate, resolve the endpoint, then sign and send with retries,
    /// all within the operation timeout.
    pub(crate) async fn invoke<O: Operation>(
        &self,
        input: &O::Input,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let prepared = self.prepare::<O>(input)?;
        let timeout = self.inner.config.operation_timeout();
        match tokio::time::timeout(timeout, self.attempts::<O>(&prepared)).await {
            Ok(result) => result,
            Err(_) => Err(SdkError::Timeout(TimeoutError { timeout })),
        }
    }

    async fn attempts<O: Operation>(
        &self,
        prepared: &Prepared<'_>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let retry = self.inner.config.retry();
        let mut attempt = 1;
        loop {
            match self.attempt::<O>(prepared).await {
                Attempt::Done(result) => return result,
                Attempt::Retryable(result) if attempt >= retry.max_attempts() => return result,
                Attempt::Retryable(_) => {
                    tokio::time::sleep(retry.backoff(attempt)).await;
                    attempt += 1;
                }
            }
        }
    }

    async fn attempt<O: Operation>(
        &self,
        prepared: &Prepared<'_>,
    ) -> Attempt<Result<O::Output, SdkError<O::Error>>> {
        let http_request = match self.sign(prepared, UriForm::Origin) {
            Ok(request) => request.map(Full::new),
            Err(e) => return Attempt::Done(Err(request_error(e))),
        };
        let answer = match prepared
            .target
            .transport
            .send(http_request, RESPONSE_BODY_LIMIT)
            .await
        {
            Ok(answer) => answer,
            Err(source) => {
                return Attempt::Retryable(Err(SdkError::Connection(ConnectionError { source })));
            }
        };
        let parts = answer.parts;
        let body = match answer.body {
            Ok(body) => body,
            Err(BodyError::TooLarge) => {
                return Attempt::Done(Err(SdkError::Response(ResponseError {
                    status: parts.status.as_u16(),
                    request_id: request_id(&parts.headers),
                    message: format!("the body is larger than {RESPONSE_BODY_LIMIT} bytes"),
                    source: None,
                })));
            }
            Err(BodyError::Broken(source)) => {
                return Attempt::Retryable(Err(SdkError::Connection(ConnectionError { source })));
            }
        };
        read_answer::<O>(parts.status, &parts.headers, &body)
    }
}

/// Reads an answer to `O` received by other means, as a call reads its own.
pub(crate) fn read_response<O: Operation>(
    response: &http::Response<Bytes>,
) -> Result<O::Output, SdkError<O::Error>> {
    match read_answer::<O>(response.status(), response.headers(), response.body()) {
        Attempt::Done(result) | Attempt::Retryable(result) => result,
    }
}

/// The `x-amzn-RequestId` of an answer.
fn request_id(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get("x-amzn-requestid")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Reads a whole answer to `O`: its output, or its error and whether to try again.
fn read_answer<O: Operation>(
    status_code: http::StatusCode,
    headers: &http::HeaderMap,
    body: &[u8],
) -> Attempt<Result<O::Output, SdkError<O::Error>>> {
    let status = status_code.as_u16();
    let request_id = request_id(headers);
    if status_code.is_success() {
        let output = O::output(headers, body).map_err(|e| {
            SdkError::Response(ResponseError {
                status,
                request_id,
                message: "cannot read the output".to_owned(),
                source: Some(Box::new(e)),
            })
        });
        return Attempt::Done(output);
    }
    let code = error_code(headers, body);
    let retryable = crate::retry::is_retryable(status, code.as_deref());
    let error = match code.as_deref().and_then(|c| O::error(c, headers, body)) {
        Some(Ok(error)) => SdkError::Service(Box::new(ServiceError {
            error,
            status,
            request_id,
        })),
        Some(Err(e)) => SdkError::Response(ResponseError {
            status,
            request_id,
            message: format!(
                "cannot read the {} error",
                code.as_deref().unwrap_or_default()
            ),
            source: Some(Box::new(e)),
        }),
        None => SdkError::Service(Box::new(ServiceError {
            error: O::unhandled(UnhandledError {
                status,
                message: error_message(body),
                code,
                request_id: request_id.clone(),
            }),
            status,
            request_id,
        })),
    };
    if retryable {
        Attempt::Retryable(Err(error))
    } else {
        Attempt::Done(Err(error))
    }
}

fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn encode_query(query: &[(String, String)]) -> String {
    query
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                crate::sigv4::uri_encode(k, false),
                crate::sigv4::uri_encode(v, false)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// The error code of an error answer, as restJson1 defines it and botocore reads it: the
/// `X-Amzn-ErrorType` header, else the body's `code` (or `Code`), else its `__type`; without a
/// namespace prefix (`ns#`) or a `:…` suffix.
pub(crate) fn error_code(headers: &http::HeaderMap, body: &[u8]) -> Option<String> {
    let from_header = headers
        .get("x-amzn-errortype")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let raw = from_header.or_else(|| {
        let body: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body).ok()?;
        ["code", "Code", "__type"]
            .iter()
            .find_map(|key| body.get(*key).and_then(|v| v.as_str()).map(str::to_owned))
    })?;
    let code = raw.split(':').next().unwrap_or_default();
    let code = code.rsplit('#').next().unwrap_or_default().trim();
    (!code.is_empty()).then(|| code.to_owned())
}

/// The message of an error answer the model does not describe.
fn error_message(body: &[u8]) -> Option<String> {
    let body: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body).ok()?;
    ["message", "Message", "errorMessage"]
        .iter()
        .find_map(|key| body.get(*key).and_then(|v| v.as_str()).map(str::to_owned))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> http::HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| {
                (
                    http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                    http::HeaderValue::from_str(v).unwrap(),
                )
            })
            .collect()
    }

    #[test]
    fn error_code_prefers_the_header_and_strips_decorations() {
        let h = headers(&[(
            "X-Amzn-ErrorType",
            "ValidationException:http://internal.amazon.com/coral/",
        )]);
        assert_eq!(
            error_code(&h, br#"{"__type": "Other"}"#).as_deref(),
            Some("ValidationException")
        );
        let none = http::HeaderMap::new();
        assert_eq!(
            error_code(&none, br#"{"code": "aws.x#Throttling"}"#).as_deref(),
            Some("Throttling")
        );
        assert_eq!(
            error_code(&none, br#"{"__type": "ns#AccessDeniedException:extra"}"#).as_deref(),
            Some("AccessDeniedException")
        );
        assert_eq!(error_code(&none, b"not json"), None);
        assert_eq!(error_code(&none, b""), None);
    }

    #[test]
    fn loopback_hosts() {
        for host in ["127.0.0.1", "127.1.2.3", "[::1]", "localhost", "LOCALHOST"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["10.0.0.1", "example.com", "[::2]"] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
