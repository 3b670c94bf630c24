//! The runtime side of a generated client: sends an operation over HTTPS (plain HTTP to
//! loopback only) with endpoint resolution, SigV4 signing, retries and timeouts.

use std::borrow::Cow;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};

use bytes::Bytes;

use crate::config::Config;
use crate::credentials::Credentials;
use crate::endpoint::{BuiltIns, EndpointError};
use crate::error::{
    ConfigError, ConnectionError, CredentialsError, InterruptedError, ResponseError, SdkError,
    ServiceError, TimeoutError, UnhandledError,
};
use crate::operation::{Auth, Operation, Request};
use crate::service::{Protocol, Service};
use crate::transport::{HttpError, SendOptions};

/// Largest response body read; a longer one is a [`ResponseError`].
const RESPONSE_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// What sends the operations of one service: a generated client wraps one. Cheap to clone:
/// clones share it, and it shares its configuration's credentials and connections.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    config: Config,
    signing_name: &'static str,
    user_agent: http::HeaderValue,
    target: Result<Target, TargetError>,
    /// Signing keys for the region, from the credentials last signed with.
    keys: crate::sigv4::KeyCache,
    /// The SigV4a key of the credentials last signed with.
    #[cfg(feature = "sigv4a")]
    keys_v4a: crate::sigv4a::KeyCache,
    /// The retry quota of standard mode.
    quota: RetryQuota,
    /// How far the service's clock is ahead of this machine's, in milliseconds, as learnt
    /// from the `Date` of an answer that refused a request for its time.
    clock_offset_ms: AtomicI64,
}

/// The token bucket of the AWS SDKs' standard retry mode: each retry takes tokens (more after a
/// timeout), each success gives some back, and an empty bucket means no more retries, so that
/// a service in trouble is not sent three times the calls while it recovers.
#[derive(Debug)]
struct RetryQuota {
    capacity: u32,
    available: AtomicU32,
}

/// Tokens a retry takes, and a retry after a timeout.
const RETRY_COST: u32 = 5;
const TIMEOUT_RETRY_COST: u32 = 10;
/// Tokens a success on the first attempt gives back.
const NO_RETRY_INCREMENT: u32 = 1;

impl RetryQuota {
    fn new(capacity: u32) -> Self {
        Self {
            capacity,
            available: AtomicU32::new(capacity),
        }
    }

    /// Takes `cost` tokens, if there are as many.
    fn take(&self, cost: u32) -> bool {
        self.available
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                n.checked_sub(cost)
            })
            .is_ok()
    }

    /// Gives back what the last retry of a successful call took, or the increment of a success
    /// at the first attempt, up to the capacity.
    fn succeeded(&self, last_retry_cost: Option<u32>) {
        let refund = last_retry_cost.unwrap_or(NO_RETRY_INCREMENT);
        let _ = self
            .available
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
                (n < self.capacity).then(|| n.saturating_add(refund).min(self.capacity))
            });
    }
}

/// Error codes of answers that refuse a request for the time it was signed at.
const CLOCK_SKEW_ERRORS: &[&str] = &[
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
];

/// A skew smaller than this cannot be why a request was refused (SigV4 allows minutes), so it
/// is not corrected: the refusal has another cause, such as a wrong secret key.
const MIN_CLOCK_CORRECTION_MS: i64 = 60_000;

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.signing_name)
            .field("config", &self.inner.config)
            .finish_non_exhaustive()
    }
}

/// Where requests go, from the endpoint and the region.
#[derive(Clone)]
struct Target {
    /// `scheme://authority` of the endpoint.
    origin: String,
    /// Path of the endpoint, without a trailing `/`.
    base_path: String,
    /// `Host` header: the authority.
    host: String,
    /// The same, as a header value.
    host_value: http::HeaderValue,
    /// The region requests are signed for: the endpoint's signing region, else the configured
    /// one.
    region: String,
    /// The service name requests are signed for, when the endpoint gives one.
    signing_name: Option<String>,
    /// For an endpoint signed with SigV4a, the value of `X-Amz-Region-Set`.
    #[cfg(feature = "sigv4a")]
    region_set: Option<String>,
}

/// The endpoint's host with an operation's host prefix before it.
struct Prefixed {
    origin: String,
    host: String,
    host_value: http::HeaderValue,
}

impl Target {
    /// The target's host with `prefix` before it, or `None` when the host is an IP address or
    /// `localhost`, whose names a prefix would break.
    fn prefixed(&self, prefix: &str) -> Result<Option<Prefixed>, String> {
        let name = if self.host.starts_with('[') {
            return Ok(None);
        } else {
            self.host.split(':').next().unwrap_or_default()
        };
        if name.eq_ignore_ascii_case("localhost") || name.parse::<std::net::IpAddr>().is_ok() {
            return Ok(None);
        }
        let host = format!("{prefix}{}", self.host);
        let (scheme, _) = self.origin.split_once("://").unwrap_or(("https", ""));
        let host_value = http::HeaderValue::from_str(&host)
            .map_err(|_| format!("the host {host:?} is not a valid header value"))?;
        Ok(Some(Prefixed {
            origin: format!("{scheme}://{host}"),
            host,
            host_value,
        }))
    }
}

/// Why the configuration gives no target, kept to be reported by every call.
#[derive(Debug, Clone)]
struct TargetError {
    message: String,
    source: Option<EndpointError>,
}

impl TargetError {
    fn to_sdk<E>(&self) -> SdkError<E> {
        SdkError::Config(ConfigError {
            message: self.message.clone(),
            source: self.source.clone().map(|e| Box::new(e) as _),
        })
    }
}

/// A URL as it may be shown in messages: without its user info, which may hold a password.
pub(crate) fn shown_url(url: &str) -> Cow<'_, str> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Cow::Borrowed(url);
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => Cow::Owned(format!("{scheme}://***@{}", &rest[at + 1..])),
        None => Cow::Borrowed(url),
    }
}

/// Checks an endpoint URL, configured or resolved: `http` or `https` with a host and no user
/// info, query or fragment, plain HTTP to loopback addresses only, and a host that is an IP
/// address or a name made of valid host labels.
fn check_endpoint_url(url: &str, what: &str) -> Result<http::Uri, String> {
    if url.contains(['#', '\\']) || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "{what} {:?} holds a character that cannot be in a URL",
            shown_url(url)
        ));
    }
    let uri: http::Uri = url
        .parse()
        .map_err(|e| format!("{what} {:?} is not a valid URL: {e}", shown_url(url)))?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(format!("{what} {:?} has no scheme or host", shown_url(url)));
    };
    if authority.as_str().contains('@') {
        return Err(format!(
            "{what} {:?} holds user info; credentials are never sent in a URL",
            shown_url(url)
        ));
    }
    if uri.query().is_some() {
        return Err(format!(
            "{what} {url:?} has a query, which an endpoint cannot carry"
        ));
    }
    let host = authority.host();
    let ip = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .parse::<std::net::IpAddr>()
        .ok();
    let name = host.strip_suffix('.').unwrap_or(host);
    if ip.is_none() && !crate::endpoint::is_valid_host_label(name, true) {
        return Err(format!(
            "{what} {url:?} has the host {host:?}, which is not a valid host name"
        ));
    }
    match scheme {
        "https" => Ok(uri),
        "http" if is_loopback(host) => Ok(uri),
        "http" => Err(format!(
            "{what} {url:?} uses plain HTTP, which is only allowed to loopback addresses"
        )),
        other => Err(format!("{what} scheme {other:?} is not supported")),
    }
}

/// Where requests go: the endpoint the rules give for the configuration, checked once.
fn resolve_target<S: Service>(config: &Config) -> Result<Target, TargetError> {
    let config_error = |message: String| TargetError {
        message,
        source: None,
    };
    let region = config.region().ok_or_else(|| {
        config_error(
            "no region: set one with `Config::builder().region(…)` or AWS_REGION".to_owned(),
        )
    })?;
    // The region becomes part of the host name: one that is not a host label could send the
    // signed request elsewhere (`attacker.example#`).
    if !crate::endpoint::is_valid_host_label(region, false) {
        return Err(config_error(format!(
            "the region {region:?} is not a valid host label (1 to 63 letters, digits and \
             hyphens, not starting or ending with a hyphen)"
        )));
    }
    if let Some(url) = config.endpoint_url_for(S::ENV_ID) {
        check_endpoint_url(url, "the endpoint URL").map_err(config_error)?;
    }
    target_of(
        S::resolve_endpoint(&BuiltIns::of(config, S::ENV_ID)),
        region,
    )
}

/// Where requests go for an endpoint the rules gave (or refused), signed for `region` unless
/// the endpoint names its own.
fn target_of(
    endpoint: Result<crate::endpoint::Endpoint, crate::endpoint::EndpointError>,
    region: &str,
) -> Result<Target, TargetError> {
    let config_error = |message: String| TargetError {
        message,
        source: None,
    };
    let endpoint = endpoint.map_err(|e| TargetError {
        message: "no endpoint for this configuration".to_owned(),
        source: Some(e),
    })?;
    if let Some(scheme) = endpoint.unsupported_auth() {
        return Err(config_error(format!(
            "the endpoint {} takes only requests signed with `{scheme}`, which this client \
             does not support",
            shown_url(endpoint.url())
        )));
    }
    let region_set = endpoint.sigv4a_region_set().map(|set| {
        if set.is_empty() {
            region.to_owned()
        } else {
            set.join(",")
        }
    });
    if region_set.is_some() && !cfg!(feature = "sigv4a") {
        return Err(config_error(format!(
            "the endpoint {} takes only requests signed with SigV4a, which this build of the \
             runtime leaves out (its `sigv4a` feature)",
            shown_url(endpoint.url())
        )));
    }
    let uri = check_endpoint_url(endpoint.url(), "the resolved endpoint").map_err(config_error)?;
    let (Some(scheme), Some(authority)) = (uri.scheme_str(), uri.authority()) else {
        return Err(config_error("the resolved endpoint has no host".to_owned()));
    };
    let host_value = http::HeaderValue::from_str(authority.as_str())
        .map_err(|_| config_error("the endpoint's host is not a valid header value".to_owned()))?;
    Ok(Target {
        origin: format!("{scheme}://{authority}"),
        base_path: uri.path().trim_end_matches('/').to_owned(),
        host: authority.as_str().to_owned(),
        host_value,
        region: endpoint.signing_region().unwrap_or(region).to_owned(),
        signing_name: endpoint.signing_name().map(str::to_owned),
        #[cfg(feature = "sigv4a")]
        region_set,
    })
}

/// A call ready to be signed and sent: everything but the signature, made once for all its
/// attempts.
struct Prepared<'a> {
    target: Cow<'a, Target>,
    /// The host with the operation's host prefix, when it has one.
    prefixed: Option<Prefixed>,
    request: Request,
    /// The path from the endpoint's, percent-encoded.
    path: String,
    /// The whole URI, query included.
    uri: http::Uri,
    /// The headers of the request's members.
    headers: Vec<(http::HeaderName, http::HeaderValue)>,
    /// What to sign with; `None` for a request sent unsigned.
    credentials: Option<Arc<Credentials>>,
    /// `Authorization: Bearer …`, for an operation that takes a bearer token.
    bearer: Option<http::HeaderValue>,
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

/// What one attempt came to.
enum Attempt<T> {
    /// The call's result.
    Done(T),
    /// A failure another attempt may cure, which takes this many tokens of the retry quota.
    Retryable(T, u32),
    /// Refused for the time it was signed at, and the clock has been corrected: worth one
    /// immediate attempt more.
    Skewed(T),
}

/// The `Authorization` header of a bearer token from the configuration, marked sensitive so
/// that `Debug` of the request does not show it.
async fn bearer_header(config: &Config) -> Result<http::HeaderValue, CredentialsError> {
    let provider = config.token_provider().ok_or_else(|| {
        CredentialsError::not_found(
            "the operation takes a bearer token, and none was given to the configuration \
             (`ConfigBuilder::token` or `token_provider`)",
        )
    })?;
    let token = provider.provide_token().await?;
    if token
        .expiry()
        .is_some_and(|expiry| expiry <= std::time::SystemTime::now())
    {
        return Err(CredentialsError::failed(
            "the bearer token the configuration gives has expired",
        ));
    }
    let mut value = http::HeaderValue::from_str(&format!("Bearer {}", token.token()))
        .map_err(|_| CredentialsError::failed("the bearer token cannot be sent in a header"))?;
    value.set_sensitive(true);
    Ok(value)
}

impl Client {
    /// The client of service `S` with this configuration. The endpoint is resolved here, once;
    /// a configuration that gives none makes every call fail with [`SdkError::Config`].
    pub fn new<S: Service>(config: &Config) -> Self {
        Self {
            inner: Arc::new(Inner {
                target: resolve_target::<S>(config),
                config: config.clone(),
                signing_name: S::SIGNING_NAME,
                user_agent: http::HeaderValue::from_str(&format!(
                    "{} rustgen-runtime/{}",
                    S::USER_AGENT,
                    crate::VERSION
                ))
                .unwrap_or_else(|_| http::HeaderValue::from_static("rustgen-runtime")),
                keys: crate::sigv4::KeyCache::default(),
                #[cfg(feature = "sigv4a")]
                keys_v4a: crate::sigv4a::KeyCache::default(),
                quota: RetryQuota::new(config.retry().quota()),
                clock_offset_ms: AtomicI64::new(0),
            }),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Everything a call needs before its first byte is sent: the input checked, credentials
    /// found, the endpoint resolved and the request written.
    async fn prepare<O: Operation>(
        &self,
        input: &O::Input,
    ) -> Result<Prepared<'_>, SdkError<O::Error>> {
        let config = &self.inner.config;
        if config.validate() {
            O::validate(input).map_err(SdkError::Validation)?;
        }
        let cached = self.inner.target.as_ref().map_err(TargetError::to_sdk)?;
        let built_ins = BuiltIns::of(config, <O::Service as Service>::ENV_ID);
        let target = match O::endpoint(input, &built_ins) {
            None => Cow::Borrowed(cached),
            // The configuration's region passed the checks of the cached target.
            Some(endpoint) => Cow::Owned(
                target_of(endpoint, config.region().unwrap_or_default()).map_err(|e| e.to_sdk())?,
            ),
        };
        let bearer = if O::AUTH == Auth::Bearer {
            Some(bearer_header(config).await.map_err(SdkError::Credentials)?)
        } else {
            None
        };
        let credentials = match (O::AUTH, config.credentials_provider()) {
            (Auth::None | Auth::Bearer, _) => None,
            (_, Some(provider)) => match provider.credentials().await {
                Ok(credentials) => Some(credentials),
                // Only a source that has none lets an operation with optional auth go unsigned:
                // one that failed is reported.
                Err(e) if O::AUTH == Auth::Optional && e.is_not_found() => None,
                Err(e) => return Err(SdkError::Credentials(e)),
            },
            (Auth::Optional, None) => None,
            (_, None) => {
                return Err(SdkError::Credentials(CredentialsError::not_found(
                    "none were given to the configuration",
                )));
            }
        };
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
        let prefixed = match &request.host_prefix {
            Some(prefix) => target.prefixed(prefix).map_err(|message| {
                SdkError::Config(ConfigError {
                    message,
                    source: None,
                })
            })?,
            None => None,
        };
        let origin = prefixed.as_ref().map_or(&target.origin, |p| &p.origin);
        let path = format!("{}{}", target.base_path, request.path);
        let mut uri = String::with_capacity(origin.len() + path.len() + 64);
        uri.push_str(origin);
        uri.push_str(&path);
        if !request.query.is_empty() {
            uri.push('?');
            push_query(&request.query, &request.bare_keys, &mut uri);
        }
        let uri = uri.parse::<http::Uri>().map_err(|e| {
            SdkError::Config(ConfigError {
                message: "the request's URI is not valid".to_owned(),
                source: Some(Box::new(e)),
            })
        })?;
        let headers = request
            .headers
            .iter()
            .map(|(name, value)| {
                match (
                    http::HeaderName::from_bytes(name.as_bytes()),
                    http::HeaderValue::from_str(value),
                ) {
                    (Ok(name), Ok(value)) => Ok((name, value)),
                    _ => Err(SdkError::Config(ConfigError {
                        message: format!(
                            "the value of header `{name}` cannot be sent in an HTTP header"
                        ),
                        source: None,
                    })),
                }
            })
            .collect::<Result<_, _>>()?;
        Ok(Prepared {
            target,
            prefixed,
            request,
            path,
            uri,
            headers,
            credentials,
            bearer,
            signing_time,
        })
    }

    /// The signed request of one attempt, signed now (or at the configured signing time).
    fn sign(&self, prepared: &Prepared<'_>) -> Result<http::Request<Bytes>, http::Error> {
        let Prepared {
            target,
            prefixed,
            request,
            path,
            uri,
            headers,
            credentials,
            bearer,
            signing_time,
        } = prepared;
        let mut signed = http::Request::new(request.body.clone());
        *signed.method_mut() = request.method.clone();
        *signed.uri_mut() = uri.clone();
        let map = signed.headers_mut();
        map.reserve(headers.len() + 8);
        let (host, host_value) = match prefixed {
            Some(p) => (&p.host, &p.host_value),
            None => (&target.host, &target.host_value),
        };
        map.insert(http::header::HOST, host_value.clone());
        if let Some(content_type) = request.content_type {
            map.insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static(content_type),
            );
        }
        for (name, value) in headers {
            map.append(name.clone(), value.clone());
        }
        if let Some(credentials) = credentials {
            let time = signing_time.unwrap_or_else(|| {
                let offset = self.inner.clock_offset_ms.load(Ordering::Relaxed);
                time::OffsetDateTime::now_utc() + time::Duration::milliseconds(offset)
            });
            let signed_headers: Vec<(&str, &str)> = request
                .content_type
                .iter()
                .map(|value| ("Content-Type", *value))
                .chain(
                    request
                        .headers
                        .iter()
                        .map(|(name, value)| (name.as_ref(), value.as_str())),
                )
                .collect();
            let signable = crate::sigv4::Signable {
                method: request.method.as_str(),
                path,
                query: &request.query,
                headers: &signed_headers,
                host,
                body: &request.body,
            };
            let scope = crate::sigv4::Scope {
                region: &target.region,
                service: target
                    .signing_name
                    .as_deref()
                    .unwrap_or(self.inner.signing_name),
                time,
            };
            // An endpoint that takes only SigV4a has a region set; without the feature, no
            // target has one.
            #[cfg(feature = "sigv4a")]
            let signature = if let Some(region_set) = &target.region_set {
                map.insert(
                    http::HeaderName::from_static("x-amz-region-set"),
                    http::HeaderValue::from_str(region_set)?,
                );
                crate::sigv4a::sign(
                    &signable,
                    credentials,
                    region_set,
                    &scope,
                    &self.inner.keys_v4a,
                )
            } else {
                crate::sigv4::sign(&signable, credentials, &scope, &self.inner.keys)
            };
            #[cfg(not(feature = "sigv4a"))]
            let signature = crate::sigv4::sign(&signable, credentials, &scope, &self.inner.keys);
            map.insert(
                http::HeaderName::from_static("x-amz-date"),
                http::HeaderValue::from_str(&signature.amz_date)?,
            );
            // Marked sensitive, so that `Debug` of the request shows neither.
            let sensitive = |value: Bytes| {
                http::HeaderValue::from_maybe_shared(value).map(|mut value| {
                    value.set_sensitive(true);
                    value
                })
            };
            if let Some(token) = credentials.session_token() {
                map.insert(
                    http::HeaderName::from_static("x-amz-security-token"),
                    sensitive(Bytes::copy_from_slice(token.as_bytes()))?,
                );
            }
            map.insert(
                http::header::AUTHORIZATION,
                sensitive(Bytes::from(signature.authorization))?,
            );
        }
        if let Some(bearer) = bearer {
            map.insert(http::header::AUTHORIZATION, bearer.clone());
        }
        map.insert(http::header::USER_AGENT, self.inner.user_agent.clone());
        map.insert(
            http::header::CONTENT_LENGTH,
            http::HeaderValue::from(request.body.len()),
        );
        Ok(signed)
    }

    /// The signed request a call of `O` would send first, without sending it: to inspect or
    /// log it, or to send it with another HTTP stack.
    ///
    /// # Errors
    ///
    /// Those of [`call`](Self::call) that happen before sending: validation, credentials,
    /// configuration and serialization.
    pub async fn signed_request<O: Operation>(
        &self,
        input: &O::Input,
    ) -> Result<http::Request<Bytes>, SdkError<O::Error>> {
        let prepared = self.prepare::<O>(input).await?;
        self.sign(&prepared).map_err(request_error)
    }

    /// Sends one operation: validate, resolve the endpoint, then sign and send with retries,
    /// all within the operation timeout.
    ///
    /// # Errors
    ///
    /// Every way a call can fail, each its own case of [`SdkError`].
    pub async fn call<O: Operation>(
        &self,
        input: &O::Input,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let timeout = self.inner.config.operation_timeout();
        let call = async {
            let prepared = self.prepare::<O>(input).await?;
            self.attempts::<O>(&prepared).await
        };
        match tokio::time::timeout(timeout, call).await {
            Ok(result) => result,
            Err(_) => Err(SdkError::Timeout(TimeoutError {
                timeout,
                attempt: false,
            })),
        }
    }

    async fn attempts<O: Operation>(
        &self,
        prepared: &Prepared<'_>,
    ) -> Result<O::Output, SdkError<O::Error>> {
        let retry = self.inner.config.retry();
        let quota = &self.inner.quota;
        let mut attempt = 1;
        let mut clock_corrected = false;
        let mut last_retry_cost = None;
        loop {
            match self.attempt::<O>(prepared).await {
                Attempt::Done(result) => {
                    if result.is_ok() {
                        quota.succeeded(last_retry_cost);
                    }
                    return result;
                }
                // Once per call, at once: the service refused the request before acting on it.
                Attempt::Skewed(_) if !clock_corrected => clock_corrected = true,
                Attempt::Skewed(result) => return result,
                Attempt::Retryable(result, cost) => {
                    if attempt >= retry.max_attempts() || !quota.take(cost) {
                        return result;
                    }
                    last_retry_cost = Some(cost);
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
        let http_request = match self.sign(prepared) {
            Ok(request) => request,
            Err(e) => return Attempt::Done(Err(request_error(e))),
        };
        let config = &self.inner.config;
        let options = SendOptions::new(
            config.connect_timeout(),
            config.attempt_timeout(),
            RESPONSE_BODY_LIMIT,
        );
        let error = match config.http_client().send(http_request, options).await {
            Ok(answer) => {
                let attempt = read_answer::<O>(answer.status(), answer.headers(), answer.body());
                return match attempt {
                    Attempt::Skewed(result) if self.correct_clock(answer.headers()) => {
                        Attempt::Skewed(result)
                    }
                    Attempt::Skewed(result) => Attempt::Done(result),
                    other => other,
                };
            }
            Err(error) => error,
        };
        let received = error.may_have_been_received();
        match error {
            HttpError::BodyTooLarge { head, limit } => {
                Attempt::Done(Err(SdkError::Response(ResponseError {
                    status: head.status.as_u16(),
                    request_id: request_id(&head.headers),
                    message: format!("the body is larger than {limit} bytes"),
                    source: None,
                })))
            }
            // An error answer whose body broke: retried as its status says.
            HttpError::BodyBroken { head, source } if !head.status.is_success() => {
                let status = head.status.as_u16();
                let result = Err(SdkError::Connection(ConnectionError { source }));
                if crate::retry::is_retryable(status, None) {
                    Attempt::Retryable(result, RETRY_COST)
                } else {
                    Attempt::Done(result)
                }
            }
            HttpError::TimedOut { timeout, .. } if !received || O::IDEMPOTENT => {
                Attempt::Retryable(
                    Err(SdkError::Timeout(TimeoutError {
                        timeout,
                        attempt: true,
                    })),
                    TIMEOUT_RETRY_COST,
                )
            }
            // The service may have carried out the operation: only one that is safe to repeat
            // is sent again.
            error if received && !O::IDEMPOTENT => {
                let status = match &error {
                    HttpError::BodyBroken { head, .. } => Some(head.status.as_u16()),
                    _ => None,
                };
                Attempt::Done(Err(SdkError::Interrupted(InterruptedError {
                    status,
                    source: Box::new(error),
                })))
            }
            HttpError::Connect(source)
            | HttpError::Exchange(source)
            | HttpError::Interrupted(source)
            | HttpError::BodyBroken { source, .. } => Attempt::Retryable(
                Err(SdkError::Connection(ConnectionError { source })),
                RETRY_COST,
            ),
            other => Attempt::Retryable(
                Err(SdkError::Connection(ConnectionError {
                    source: Box::new(other),
                })),
                RETRY_COST,
            ),
        }
    }

    /// Learns the service's clock from the `Date` of an answer that refused a request for its
    /// time, so that later requests are signed at the service's time. Whether the correction
    /// is large enough to explain the refusal (and so worth another attempt). A configured
    /// signing time is never corrected.
    fn correct_clock(&self, headers: &http::HeaderMap) -> bool {
        if self.inner.config.signing_time().is_some() {
            return false;
        }
        let Some(server) = headers
            .get(http::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                time::OffsetDateTime::parse(v, &time::format_description::well_known::Rfc2822).ok()
            })
        else {
            return false;
        };
        let offset = server - time::OffsetDateTime::now_utc();
        let Ok(offset_ms) = i64::try_from(offset.whole_milliseconds()) else {
            return false;
        };
        let previous = self.inner.clock_offset_ms.load(Ordering::Relaxed);
        if (offset_ms - previous).abs() < MIN_CLOCK_CORRECTION_MS {
            return false;
        }
        self.inner
            .clock_offset_ms
            .store(offset_ms, Ordering::Relaxed);
        true
    }
}

/// Reads an answer to `O` received by other means, as a call reads its own: the output of a
/// success, else the error.
///
/// # Errors
///
/// [`SdkError::Service`] when the service answered with an error, [`SdkError::Response`] when
/// the answer cannot be read.
pub fn read_response<O: Operation>(
    response: &http::Response<Bytes>,
) -> Result<O::Output, SdkError<O::Error>> {
    match read_answer::<O>(response.status(), response.headers(), response.body()) {
        Attempt::Done(result) | Attempt::Retryable(result, _) | Attempt::Skewed(result) => result,
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
    if status_code.is_success() {
        let output = O::output(status, headers, body).map_err(|e| {
            SdkError::Response(ResponseError {
                status,
                request_id: request_id(headers),
                message: "cannot read the output".to_owned(),
                source: Some(e),
            })
        });
        return Attempt::Done(output);
    }
    let (code, message, body_request_id) = match <O::Service as Service>::PROTOCOL {
        Protocol::RestJson1 => (error_code(headers, body), error_message(body), None),
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => (
            aws_json_error_code(headers, body),
            error_message(body),
            None,
        ),
        // The code, message and request id are in the XML of the answer.
        #[cfg(feature = "query")]
        Protocol::AwsQuery => {
            let fields = crate::query::error_fields(body);
            (fields.code, fields.message, fields.request_id)
        }
    };
    let request_id = request_id(headers).or(body_request_id);
    let code = if <O::Service as Service>::QUERY_COMPATIBLE {
        query_error_code(headers).or(code)
    } else {
        code
    };
    let retryable = crate::retry::is_retryable(status, code.as_deref())
        || code
            .as_deref()
            .is_some_and(|code| O::RETRYABLE_ERRORS.contains(&code));
    let skewed = code
        .as_deref()
        .is_some_and(|code| CLOCK_SKEW_ERRORS.contains(&code));
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
            source: Some(e),
        }),
        None => SdkError::Service(Box::new(ServiceError {
            error: O::unhandled(UnhandledError {
                status,
                message,
                code,
                request_id: request_id.clone(),
            }),
            status,
            request_id,
        })),
    };
    if skewed {
        Attempt::Skewed(Err(error))
    } else if retryable {
        Attempt::Retryable(Err(error), RETRY_COST)
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

/// Appends the query, percent-encoded, to `out`.
fn push_query(query: &[(Cow<'static, str>, String)], bare_keys: &[usize], out: &mut String) {
    for (i, (k, v)) in query.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        crate::sigv4::push_uri_encoded(k, false, out);
        if !bare_keys.contains(&i) {
            out.push('=');
            crate::sigv4::push_uri_encoded(v, false, out);
        }
    }
}

/// The error code of an error answer, as restJson1 defines it and botocore reads it: the
/// `X-Amzn-ErrorType` header, else the body's `code` (or `Code`), else its `__type`; without a
/// namespace prefix (`ns#`) or a `:…` suffix.
fn error_code(headers: &http::HeaderMap, body: &[u8]) -> Option<String> {
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

/// The error code of an awsJson error answer, as botocore reads it: the body's `__type`, else
/// (as the Smithy specification adds) the `X-Amzn-ErrorType` header, else the body's `code`;
/// without a namespace prefix (`ns#`) or a `:…` suffix.
fn aws_json_error_code(headers: &http::HeaderMap, body: &[u8]) -> Option<String> {
    let body: Option<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(body).ok();
    let field = |key: &str| {
        body.as_ref()
            .and_then(|b| b.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let raw = field("__type")
        .or_else(|| {
            headers
                .get("x-amzn-errortype")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        })
        .or_else(|| field("code"))?;
    let code = raw.split(':').next().unwrap_or_default();
    let code = code.rsplit('#').next().unwrap_or_default().trim();
    (!code.is_empty()).then(|| code.to_owned())
}

/// The awsQuery code of an error answer of an `awsQueryCompatible` service: the first part of
/// `x-amzn-query-error: Code;Sender`, when the header has exactly those two parts.
fn query_error_code(headers: &http::HeaderMap) -> Option<String> {
    let value = headers.get("x-amzn-query-error")?.to_str().ok()?;
    match value.split(';').collect::<Vec<_>>().as_slice() {
        [code, _] if !code.is_empty() => Some((*code).to_owned()),
        _ => None,
    }
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
    fn aws_json_error_codes_come_from_the_body_first() {
        let none = http::HeaderMap::new();
        let h = headers(&[("X-Amzn-ErrorType", "FromHeader:http://internal.amazon.com/")]);
        assert_eq!(
            aws_json_error_code(&h, br#"{"__type": "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException", "message": "m"}"#)
                .as_deref(),
            Some("ResourceNotFoundException")
        );
        assert_eq!(
            aws_json_error_code(&h, b"{}").as_deref(),
            Some("FromHeader")
        );
        assert_eq!(aws_json_error_code(&h, b"").as_deref(), Some("FromHeader"));
        assert_eq!(
            aws_json_error_code(&none, br#"{"code": "Throttling"}"#).as_deref(),
            Some("Throttling")
        );
        assert_eq!(
            aws_json_error_code(&none, br#"{"__type": "a#B:c"}"#).as_deref(),
            Some("B")
        );
        assert_eq!(aws_json_error_code(&none, b"{}"), None);
    }

    #[test]
    fn query_error_codes_need_both_parts() {
        let code = |v: &str| query_error_code(&headers(&[("x-amzn-query-error", v)]));
        assert_eq!(
            code("AWS.SimpleQueueService.NonExistentQueue;Sender").as_deref(),
            Some("AWS.SimpleQueueService.NonExistentQueue")
        );
        assert_eq!(code("OnlyOne"), None);
        assert_eq!(code(";Sender"), None);
        assert_eq!(code("a;b;c"), None);
        assert_eq!(query_error_code(&http::HeaderMap::new()), None);
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
