//! Client configuration: region, credentials, endpoint, timeouts, retries and validation, set
//! explicitly or loaded from the environment and the shared AWS config files.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// AWS credentials. `Debug` never shows the secret key or the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Credentials from an access key pair and, for temporary credentials, a session token.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
        }
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &crate::sensitive::Redacted)
            .field(
                "session_token",
                &self
                    .session_token
                    .as_ref()
                    .map(|_| crate::sensitive::Redacted),
            )
            .finish()
    }
}

/// How failed attempts are retried: the AWS SDKs' standard mode. Throttling errors, HTTP 5xx
/// answers and transient connection failures are retried after an exponential backoff with full
/// jitter; other errors, such as a `ValidationException`, never are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryConfig {
    /// Standard mode: 3 attempts in all, backoff up to 1 s × 2ⁿ, at most 20 s.
    pub fn standard() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
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

    /// Attempts in all.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
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

/// Configuration of a [`Client`](crate::Client). Build it with [`Config::builder`], or start
/// from the environment with [`Config::from_env`].
#[derive(Debug, Clone)]
pub struct Config {
    region: Option<String>,
    credentials: Option<Credentials>,
    credentials_sources: String,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    connect_timeout: Duration,
    operation_timeout: Duration,
    retry: RetryConfig,
    validate: bool,
    signing_time: Option<SystemTime>,
}

impl Config {
    /// Time allowed to open a connection, by default.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);
    /// Time allowed for a whole call, retries included, by default.
    pub const DEFAULT_OPERATION_TIMEOUT: Duration = Duration::from_secs(30);

    /// A builder with nothing set: defaults, no region, no credentials.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// A builder filled from the environment, as the AWS SDKs read it:
    ///
    /// - region: `AWS_REGION`, `AWS_DEFAULT_REGION`, or the profile's `region`;
    /// - credentials: `AWS_ACCESS_KEY_ID` with `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`),
    ///   or the profile's keys in the shared credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
    ///   else `~/.aws/credentials`) or config file (`AWS_CONFIG_FILE`, else `~/.aws/config`);
    ///   the profile is `AWS_PROFILE`, else `default`;
    /// - endpoint: the service's `AWS_ENDPOINT_URL_<SERVICE>` variable, else `AWS_ENDPOINT_URL`
    ///   (both ignored when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`);
    /// - `AWS_USE_FIPS_ENDPOINT` and `AWS_USE_DUALSTACK_ENDPOINT`.
    ///
    /// Anything set on the returned builder overrides what was loaded.
    pub fn from_env() -> ConfigBuilder {
        Self::from_env_with(|name| std::env::var(name).ok())
    }

    /// [`Config::from_env`] reading variables through `var` instead of the process environment.
    pub fn from_env_with(var: impl Fn(&str) -> Option<String>) -> ConfigBuilder {
        let var = |name: &str| var(name).filter(|value| !value.is_empty());
        let home = var("HOME")
            .or_else(|| var("USERPROFILE"))
            .map(PathBuf::from);
        let in_home = |file: &str| home.as_ref().map(|h| h.join(".aws").join(file));
        let profile_name = var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());
        let credentials_file = var("AWS_SHARED_CREDENTIALS_FILE")
            .map(PathBuf::from)
            .or_else(|| in_home("credentials"));
        let config_file = var("AWS_CONFIG_FILE")
            .map(PathBuf::from)
            .or_else(|| in_home("config"));
        let from_credentials_file = credentials_file
            .as_ref()
            .and_then(|path| profile::load(path, &profile_name, false))
            .unwrap_or_default();
        let from_config_file = config_file
            .as_ref()
            .and_then(|path| profile::load(path, &profile_name, true))
            .unwrap_or_default();

        let region = var("AWS_REGION")
            .or_else(|| var("AWS_DEFAULT_REGION"))
            .or_else(|| from_config_file.get("region").cloned());
        let credentials = match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            (Some(id), Some(secret)) => {
                Some(Credentials::new(id, secret, var("AWS_SESSION_TOKEN")))
            }
            _ => [&from_credentials_file, &from_config_file]
                .into_iter()
                .find_map(|keys| {
                    Some(Credentials::new(
                        keys.get("aws_access_key_id")?.clone(),
                        keys.get("aws_secret_access_key")?.clone(),
                        keys.get("aws_session_token").cloned(),
                    ))
                }),
        };
        let credentials_sources = format!(
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or profile `{profile_name}` in {} or {}",
            shown(credentials_file.as_ref()),
            shown(config_file.as_ref())
        );
        let endpoint_url = if var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS").as_deref() == Some("true")
        {
            None
        } else {
            var(&format!("AWS_ENDPOINT_URL_{}", crate::service::ENV_ID))
                .or_else(|| var("AWS_ENDPOINT_URL"))
        };
        ConfigBuilder {
            region,
            credentials,
            credentials_sources,
            endpoint_url,
            use_fips: var("AWS_USE_FIPS_ENDPOINT").map(|v| v.eq_ignore_ascii_case("true")),
            use_dual_stack: var("AWS_USE_DUALSTACK_ENDPOINT")
                .map(|v| v.eq_ignore_ascii_case("true")),
            ..ConfigBuilder::default()
        }
    }

    /// The region requests are sent to and signed for.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The credentials requests are signed with.
    pub fn credentials(&self) -> Option<&Credentials> {
        self.credentials.as_ref()
    }

    /// Where credentials were looked for, for the error when there are none.
    pub(crate) fn credentials_sources(&self) -> &str {
        &self.credentials_sources
    }

    /// An endpoint that replaces the one the region gives.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
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
}

fn shown(path: Option<&PathBuf>) -> String {
    path.map_or_else(
        || "(no home folder)".to_owned(),
        |p| p.display().to_string(),
    )
}

/// Builds a [`Config`]; every setting is optional.
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<Credentials>,
    credentials_sources: String,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    connect_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    retry: Option<RetryConfig>,
    validate: Option<bool>,
    signing_time: Option<SystemTime>,
}

impl ConfigBuilder {
    /// The region, e.g. `us-east-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The credentials to sign with.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// An endpoint to use instead of the region's, e.g. `http://127.0.0.1:8080`. Plain HTTP is
    /// only allowed to loopback addresses.
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
    /// See the crate documentation for the trade-off.
    pub fn validate(mut self, validate: bool) -> Self {
        self.validate = Some(validate);
        self
    }

    /// Signs every request as if made at `time`, for reproducible requests in tests.
    pub fn signing_time(mut self, time: SystemTime) -> Self {
        self.signing_time = Some(time);
        self
    }

    /// The configuration.
    pub fn build(self) -> Config {
        Config {
            region: self.region,
            credentials: self.credentials,
            credentials_sources: if self.credentials_sources.is_empty() {
                "no credentials were given to the config builder".to_owned()
            } else {
                self.credentials_sources
            },
            endpoint_url: self.endpoint_url,
            use_fips: self.use_fips.unwrap_or(false),
            use_dual_stack: self.use_dual_stack.unwrap_or(false),
            connect_timeout: self
                .connect_timeout
                .unwrap_or(Config::DEFAULT_CONNECT_TIMEOUT),
            operation_timeout: self
                .operation_timeout
                .unwrap_or(Config::DEFAULT_OPERATION_TIMEOUT),
            retry: self.retry.unwrap_or_default(),
            validate: self.validate.unwrap_or(true),
            signing_time: self.signing_time,
        }
    }
}

/// The shared config and credentials files: INI-like sections of `key = value` lines. The AWS
/// SDKs' parsers are not published as standalone crates, so the subset they agree on is read
/// here: `[name]` sections (`[profile name]` in the config file, where `[default]` also works),
/// `#` and `;` comments, and indented sub-properties, which are skipped.
mod profile {
    use super::*;

    /// The keys of one profile, or `None` when the file cannot be read.
    pub(super) fn load(
        path: &std::path::Path,
        profile: &str,
        config_file: bool,
    ) -> Option<BTreeMap<String, String>> {
        let text = std::fs::read_to_string(path).ok()?;
        Some(parse(&text, profile, config_file))
    }

    pub(super) fn parse(text: &str, profile: &str, config_file: bool) -> BTreeMap<String, String> {
        let mut keys = BTreeMap::new();
        let mut in_profile = false;
        for line in text.lines() {
            if line.starts_with([' ', '\t']) {
                continue;
            }
            let line = line.trim();
            if line.is_empty() || line.starts_with(['#', ';']) {
                continue;
            }
            if let Some(section) = line.strip_prefix('[').and_then(|l| l.split(']').next()) {
                let section = section.trim();
                let name = if config_file {
                    section
                        .strip_prefix("profile")
                        .filter(|rest| rest.starts_with([' ', '\t']))
                        .map(str::trim)
                        .or((section == "default").then_some("default"))
                } else {
                    Some(section)
                };
                in_profile = name == Some(profile);
                continue;
            }
            if !in_profile {
                continue;
            }
            if let Some((key, value)) = line.split_once('=') {
                let value = strip_comment(value.trim());
                keys.insert(key.trim().to_ascii_lowercase(), value.to_owned());
            }
        }
        keys
    }

    /// Drops an inline comment: ` #…` or ` ;…` after the value.
    fn strip_comment(value: &str) -> &str {
        let cut = [" #", " ;", "\t#", "\t;"]
            .iter()
            .filter_map(|m| value.find(m))
            .min();
        cut.map_or(value, |i| value[..i].trim_end())
    }

    #[cfg(test)]
    mod tests {
        use super::parse;

        const CONFIG: &str = "\
# comment
[default]
region = us-west-2

[profile dev]
region=eu-west-1 ; inline comment
aws_access_key_id = AKIDDEV
aws_secret_access_key = SECRETDEV
s3 =
  max_concurrent_requests = 10
[profiledev]
region = wrong
";

        #[test]
        fn reads_config_file_profiles() {
            let dev = parse(CONFIG, "dev", true);
            assert_eq!(dev.get("region").map(String::as_str), Some("eu-west-1"));
            assert_eq!(
                dev.get("aws_access_key_id").map(String::as_str),
                Some("AKIDDEV")
            );
            assert_eq!(dev.get("max_concurrent_requests"), None);
            assert_eq!(
                parse(CONFIG, "default", true)
                    .get("region")
                    .map(String::as_str),
                Some("us-west-2")
            );
            assert!(parse(CONFIG, "missing", true).is_empty());
        }

        #[test]
        fn credentials_file_sections_have_no_prefix() {
            let text = "[dev]\naws_access_key_id = A\n[profile dev]\naws_access_key_id = B\n";
            assert_eq!(
                parse(text, "dev", false)
                    .get("aws_access_key_id")
                    .map(String::as_str),
                Some("A")
            );
            assert_eq!(
                parse(text, "dev", true)
                    .get("aws_access_key_id")
                    .map(String::as_str),
                Some("B")
            );
        }
    }
}
