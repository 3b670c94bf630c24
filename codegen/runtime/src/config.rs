//! The configuration every client of every service is made from: region, credentials, endpoint,
//! timeouts, retries, validation and the HTTP client, set explicitly or loaded from the
//! environment and the shared AWS config files.
//!
//! A [`Config`] is cheap to clone and meant to be shared: the clients made from it (or from a
//! copy changed with [`Config::to_builder`]) share its credentials provider, with its cache, and
//! its HTTP client, with its connections.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::client::shown_url;
use crate::credentials::{
    ChainProvider, EnvironmentProvider, ProfileProvider, ProvideCredentials, ProvideToken,
    SharedCredentialsProvider,
};
pub use crate::credentials::{Credentials, Token};
use crate::transport::{HttpClient, HyperClient, SharedHttpClient};

/// How failed attempts are retried: the AWS SDKs' standard mode. Throttling errors, HTTP 5xx
/// answers and transient connection failures are retried after an exponential backoff with full
/// jitter; other errors, such as a `ValidationException`, never are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    quota: u32,
}

impl RetryConfig {
    /// Standard mode: 3 attempts in all, backoff up to 1 s × 2ⁿ, at most 20 s, and a retry
    /// quota of 500 tokens per client: a retry takes 5 (10 after a timeout), a success gives
    /// back what its last retry took (1 when it needed none), and when the quota is spent,
    /// failures are returned without retrying until successes refill it.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            quota: 500,
        }
    }

    /// One attempt, no retry.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::standard()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Upper bound of the first backoff; each retry doubles it.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// Largest backoff.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The size of the retry quota, in tokens (see [`RetryConfig::standard`]).
    pub fn with_quota(mut self, tokens: u32) -> Self {
        self.quota = tokens;
        self
    }

    /// Attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The size of the retry quota, in tokens.
    pub fn quota(&self) -> u32 {
        self.quota
    }

    /// The delay before retry number `retry` (1 for the first retry): a random fraction of
    /// `initial_backoff × 2^(retry - 1)`, capped at `max_backoff`.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let ceiling = self
            .initial_backoff
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_backoff);
        ceiling.mul_f64(fastrand::f64())
    }
}

impl Default for RetryConfig {
    fn default() -> Self {
        Self::standard()
    }
}

/// A snapshot of environment variables, read by [`Config::from_env_with`]. Empty values count
/// as unset, as the AWS SDKs treat them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    vars: BTreeMap<String, String>,
}

impl Environment {
    /// The process environment now (variables whose name or value is not UTF-8 are left out).
    pub fn process() -> Self {
        Self::from_vars(std::env::vars_os().filter_map(|(name, value)| {
            Some((name.into_string().ok()?, value.into_string().ok()?))
        }))
    }

    /// These variables.
    pub fn from_vars<K: Into<String>, V: Into<String>>(
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        Self {
            vars: vars
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        }
    }

    /// The value of a variable, when it is set and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str)
    }

    fn owned(&self, name: &str) -> Option<String> {
        self.get(name).map(str::to_owned)
    }

    fn flag(&self, name: &str) -> Option<bool> {
        self.get(name).map(|v| v.eq_ignore_ascii_case("true"))
    }
}

/// Endpoint URLs by service as `Debug` shows them: without user info, which may hold a
/// password.
fn shown_urls(urls: &BTreeMap<String, String>) -> BTreeMap<&str, std::borrow::Cow<'_, str>> {
    urls.iter()
        .map(|(service, url)| (service.as_str(), shown_url(url)))
        .collect()
}

/// The part of the variable `AWS_ENDPOINT_URL_<SERVICE>` that names a service.
const SERVICE_ENDPOINT_PREFIX: &str = "AWS_ENDPOINT_URL_";

/// Configuration of the clients of one or more services. Build it with [`Config::builder`], or
/// start from the environment with [`Config::from_env`]; make a service's client with its
/// crate's `Client::new(&config)`.
#[derive(Clone)]
pub struct Config {
    region: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    token: Option<Arc<dyn ProvideToken>>,
    endpoint_url: Option<String>,
    env_endpoint_url: Option<String>,
    service_endpoint_urls: BTreeMap<String, String>,
    client_context_params: BTreeMap<String, ContextParamValue>,
    use_fips: bool,
    use_dual_stack: bool,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    operation_timeout: Duration,
    retry: RetryConfig,
    validate: bool,
    signing_time: Option<SystemTime>,
    http_client: SharedHttpClient,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("token", &self.token)
            .field("endpoint_url", &self.endpoint_url.as_deref().map(shown_url))
            .field(
                "env_endpoint_url",
                &self.env_endpoint_url.as_deref().map(shown_url),
            )
            .field(
                "service_endpoint_urls",
                &shown_urls(&self.service_endpoint_urls),
            )
            .field("client_context_params", &self.client_context_params)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("validate", &self.validate)
            .field("signing_time", &self.signing_time)
            .field("http_client", &self.http_client)
            .finish()
    }
}

impl Config {
    /// Time allowed to open a connection, by default.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
    /// Time allowed for one attempt of a call, connecting included, by default.
    pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(10);
    /// Time allowed for a whole call, retries included, by default.
    pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(30);

    /// A builder with nothing set: defaults, no region, no credentials.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder filled from the process environment, as the AWS SDKs read it:
    ///
    /// - region: `AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region`;
    /// - credentials: `AWS_ACCESS_KEY_ID` with `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`),
    ///   else the profile's keys in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
    ///   else `~/.aws/credentials`) or config file (`AWS_CONFIG_FILE`, else `~/.aws/config`);
    ///   the profile is `AWS_PROFILE`, else `default`;
    /// - endpoint: a service's `AWS_ENDPOINT_URL_<SERVICE>` variable, else `AWS_ENDPOINT_URL`
    ///   (both ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`);
    /// - `AWS_USE_FIPS_ENDPOINT` and `AWS_USE_DUALSTACK_ENDPOINT`.
    ///
    /// Anything set on the returned builder overrides what was loaded.
    pub fn from_env() -> ConfigBuilder {
        Self::from_env_with(&Environment::process())
    }

    /// [`Config::from_env`] reading `env` instead of the process environment.
    pub fn from_env_with(env: &Environment) -> ConfigBuilder {
        let home = env
            .get("HOME")
            .or_else(|| env.get("USERPROFILE"))
            .map(PathBuf::from);
        let in_home = |file: &str| home.as_ref().map(|h| h.join(".aws").join(file));
        let profile_name = env
            .owned("AWS_PROFILE")
            .unwrap_or_else(|| "default".to_owned());
        let credentials_file = env
            .get("AWS_SHARED_CREDENTIALS_FILE")
            .map(PathBuf::from)
            .or_else(|| in_home("credentials"));
        let config_file = env
            .get("AWS_CONFIG_FILE")
            .map(PathBuf::from)
            .or_else(|| in_home("config"));
        let profile_region = config_file
            .as_ref()
            // A file that cannot be read leaves the region unset here; the profile provider
            // reports why when it reads the same file for credentials.
            .and_then(|path| {
                crate::profile::load(path, &profile_name, true)
                    .ok()
                    .flatten()
            })
            .and_then(|keys| keys.get("region").cloned())
            .filter(|region| !region.is_empty());
        let region = env
            .owned("AWS_REGION")
            .or_else(|| env.owned("AWS_DEFAULT_REGION"))
            .or(profile_region);
        let chain = ChainProvider::new(vec![
            Box::new(EnvironmentProvider::new(|name| env.owned(name))),
            Box::new(ProfileProvider::new(
                profile_name,
                credentials_file,
                config_file,
            )),
        ]);
        let ignore_endpoints = env.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") == Some(true);
        let (env_endpoint_url, service_endpoint_urls) = if ignore_endpoints {
            (None, BTreeMap::new())
        } else {
            let services = env
                .vars
                .iter()
                .filter_map(|(name, value)| {
                    let service = name.strip_prefix(SERVICE_ENDPOINT_PREFIX)?;
                    Some((service.to_owned(), value.clone()))
                })
                .collect();
            (env.owned("AWS_ENDPOINT_URL"), services)
        };
        ConfigBuilder {
            region,
            credentials: Some(SharedCredentialsProvider::new(chain)),
            env_endpoint_url,
            service_endpoint_urls,
            use_fips: env.flag("AWS_USE_FIPS_ENDPOINT"),
            use_dual_stack: env.flag("AWS_USE_DUALSTACK_ENDPOINT"),
            ..ConfigBuilder::default()
        }
    }

    /// A builder holding this configuration, to change some settings for one client. What it
    /// builds shares this configuration's credentials provider and HTTP client.
    pub fn to_builder(&self) -> ConfigBuilder {
        ConfigBuilder {
            region: self.region.clone(),
            credentials: self.credentials.clone(),
            token: self.token.clone(),
            endpoint_url: self.endpoint_url.clone(),
            env_endpoint_url: self.env_endpoint_url.clone(),
            service_endpoint_urls: self.service_endpoint_urls.clone(),
            client_context_params: self.client_context_params.clone(),
            use_fips: Some(self.use_fips),
            use_dual_stack: Some(self.use_dual_stack),
            connect_timeout: Some(self.connect_timeout),
            attempt_timeout: Some(self.attempt_timeout),
            operation_timeout: Some(self.operation_timeout),
            retry: Some(self.retry.clone()),
            validate: Some(self.validate),
            signing_time: self.signing_time,
            http_client: Some(self.http_client.clone()),
        }
    }

    /// The region requests are sent to and signed for.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The provider of the credentials requests are signed with, if one is configured.
    pub fn credentials_provider(&self) -> Option<&SharedCredentialsProvider> {
        self.credentials.as_ref()
    }

    /// The provider of the bearer tokens of services that take them, if one is configured.
    pub fn token_provider(&self) -> Option<&dyn ProvideToken> {
        self.token.as_deref()
    }

    /// The value of the endpoint rules' client parameter `name`, set with
    /// [`ConfigBuilder::client_context_param`].
    pub fn client_context_param(&self, name: &str) -> Option<&ContextParamValue> {
        self.client_context_params.get(name)
    }

    /// Every client parameter of endpoint rules set in the configuration, by name.
    pub fn client_context_params(&self) -> &BTreeMap<String, ContextParamValue> {
        &self.client_context_params
    }

    /// The endpoint set for every service: set with [`ConfigBuilder::endpoint_url`], else
    /// `AWS_ENDPOINT_URL`.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url
            .as_deref()
            .or(self.env_endpoint_url.as_deref())
    }

    /// The endpoint of the service whose part of `AWS_ENDPOINT_URL_<SERVICE>` is `service`
    /// (`IVS_REALTIME`): set with [`ConfigBuilder::endpoint_url`], else that variable, else
    /// `AWS_ENDPOINT_URL`.
    pub fn endpoint_url_for(&self, service: &str) -> Option<&str> {
        self.endpoint_url
            .as_deref()
            .or_else(|| self.service_endpoint_urls.get(service).map(String::as_str))
            .or(self.env_endpoint_url.as_deref())
    }

    /// Whether a FIPS endpoint is used.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether a dual-stack endpoint is used.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// Time allowed to open a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Time allowed for one attempt of a call, connecting included.
    pub fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }

    /// Time allowed for a whole call, retries included.
    pub fn operation_timeout(&self) -> Duration {
        self.operation_timeout
    }

    /// The retry policy.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }

    /// Whether inputs are validated against the model's constraints before sending.
    pub fn validate(&self) -> bool {
        self.validate
    }

    /// The fixed signing time, when one is set.
    pub fn signing_time(&self) -> Option<SystemTime> {
        self.signing_time
    }

    /// The HTTP client requests are sent with.
    pub fn http_client(&self) -> &SharedHttpClient {
        &self.http_client
    }
}

/// The value of an endpoint-rules parameter set in the configuration
/// ([`ConfigBuilder::client_context_param`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextParamValue {
    /// For a `string` parameter.
    String(String),
    /// For a `boolean` parameter.
    Bool(bool),
}

impl From<bool> for ContextParamValue {
    fn from(value: bool) -> Self {
        Self::Bool(value)
    }
}

impl From<String> for ContextParamValue {
    fn from(value: String) -> Self {
        Self::String(value)
    }
}

impl From<&str> for ContextParamValue {
    fn from(value: &str) -> Self {
        Self::String(value.to_owned())
    }
}

/// Builds a [`Config`]; every setting is optional.
#[derive(Clone, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<SharedCredentialsProvider>,
    token: Option<Arc<dyn ProvideToken>>,
    endpoint_url: Option<String>,
    env_endpoint_url: Option<String>,
    service_endpoint_urls: BTreeMap<String, String>,
    client_context_params: BTreeMap<String, ContextParamValue>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    connect_timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    retry: Option<RetryConfig>,
    validate: Option<bool>,
    signing_time: Option<SystemTime>,
    http_client: Option<SharedHttpClient>,
}

/// Shows what is set, endpoint URLs without their user info.
impl fmt::Debug for ConfigBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigBuilder")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("token", &self.token)
            .field("endpoint_url", &self.endpoint_url.as_deref().map(shown_url))
            .field(
                "env_endpoint_url",
                &self.env_endpoint_url.as_deref().map(shown_url),
            )
            .field(
                "service_endpoint_urls",
                &shown_urls(&self.service_endpoint_urls),
            )
            .field("client_context_params", &self.client_context_params)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("validate", &self.validate)
            .field("signing_time", &self.signing_time)
            .field("http_client", &self.http_client)
            .finish()
    }
}

impl ConfigBuilder {
    /// The region, e.g. `us-east-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Fixed credentials to sign with.
    pub fn credentials(self, credentials: Credentials) -> Self {
        self.credentials_provider(credentials)
    }

    /// A source of credentials to sign with; what it gives is cached until shortly before it
    /// expires, for every client made from the configuration.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(SharedCredentialsProvider::new(provider));
        self
    }

    /// A credentials provider already shared with other configurations, with its cache.
    pub fn shared_credentials_provider(mut self, provider: SharedCredentialsProvider) -> Self {
        self.credentials = Some(provider);
        self
    }

    /// A fixed bearer token, for the operations of services that authenticate with one
    /// (`smithy.api#httpBearerAuth`).
    pub fn token(self, token: Token) -> Self {
        self.token_provider(token)
    }

    /// A source of bearer tokens, asked for each call of an operation that takes one.
    pub fn token_provider(mut self, provider: impl ProvideToken + 'static) -> Self {
        self.token = Some(Arc::new(provider));
        self
    }

    /// An endpoint to use instead of the one the region gives, for every service, e.g.
    /// `http://127.0.0.1:8080`. Plain HTTP is only allowed to loopback addresses.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Use the FIPS endpoint of the region (default: no).
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }

    /// Use the dual-stack (IPv4 and IPv6) endpoint of the region (default: no).
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// Time allowed to open a connection (default [`Config::DEFAULT_CONNECT_TIMEOUT`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// Time allowed for one attempt, connecting included (default
    /// [`Config::DEFAULT_ATTEMPT_TIMEOUT`]). An attempt that takes longer is abandoned with its
    /// connection, and retried on another one if the operation is safe to repeat or the request
    /// had not been sent in full; otherwise the call ends with
    /// [`SdkError::Interrupted`](crate::SdkError::Interrupted).
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Time allowed for a whole call, retries included (default
    /// [`Config::DEFAULT_OPERATION_TIMEOUT`]).
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
        self
    }

    /// The retry policy (default [`RetryConfig::standard`]).
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Whether to check inputs against the model's constraints before sending (default: yes).
    /// Smithy advises clients not to, since a service may relax a constraint later; a generated
    /// crate tracks its model, and checking first reports every violation without a round
    /// trip. Turn it off to let the service be the only judge.
    pub fn validate(mut self, validate: bool) -> Self {
        self.validate = Some(validate);
        self
    }

    /// Signs every request as if made at `time`, for reproducible requests in tests.
    pub fn signing_time(mut self, time: SystemTime) -> Self {
        self.signing_time = Some(time);
        self
    }

    /// The HTTP client to send with (default: a new [`HyperClient`]).
    pub fn http_client(mut self, client: impl HttpClient + 'static) -> Self {
        self.http_client = Some(SharedHttpClient::new(client));
        self
    }

    /// Sets a parameter of the services' endpoint rules that a client's configuration gives
    /// (the model's `smithy.rules#clientContextParams`), by its name in the rules
    /// (`ForcePathStyle`): every service whose rules have a client parameter of that name and
    /// type reads it; the others ignore it. Each generated crate's documentation lists the
    /// parameters its service reads.
    pub fn client_context_param(
        mut self,
        name: impl Into<String>,
        value: impl Into<ContextParamValue>,
    ) -> Self {
        self.client_context_params.insert(name.into(), value.into());
        self
    }

    /// An HTTP client already shared with other configurations, with its connections.
    pub fn shared_http_client(mut self, client: SharedHttpClient) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        Config {
            region: self.region,
            credentials: self.credentials,
            token: self.token,
            endpoint_url: self.endpoint_url,
            env_endpoint_url: self.env_endpoint_url,
            service_endpoint_urls: self.service_endpoint_urls,
            client_context_params: self.client_context_params,
            use_fips: self.use_fips.unwrap_or(false),
            use_dual_stack: self.use_dual_stack.unwrap_or(false),
            connect_timeout: self
                .connect_timeout
                .unwrap_or(Config::DEFAULT_CONNECT_TIMEOUT),
            attempt_timeout: self
                .attempt_timeout
                .unwrap_or(Config::DEFAULT_ATTEMPT_TIMEOUT),
            operation_timeout: self
                .operation_timeout
                .unwrap_or(Config::DEFAULT_OPERATION_TIMEOUT),
            retry: self.retry.unwrap_or_default(),
            validate: self.validate.unwrap_or(true),
            signing_time: self.signing_time,
            http_client: self
                .http_client
                .unwrap_or_else(|| SharedHttpClient::new(HyperClient::new())),
        }
    }
}
