//! Credentials and where they come from.
//!
//! A source of credentials implements [`ProvideCredentials`]; the configuration holds it in a
//! [`SharedCredentialsProvider`], which caches what it gave until shortly before it expires and
//! lets one caller refresh it while concurrent callers wait for that refresh, so however many
//! calls (to however many services) run at once, a provider is asked once. [`Credentials`]
//! themselves are a provider (fixed credentials); [`EnvironmentProvider`], [`ProfileProvider`]
//! and [`ChainProvider`] are the sources [`Config::from_env`](crate::Config::from_env) uses.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use crate::sensitive::Redacted;

/// AWS credentials. `Debug` never shows the secret key or the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Credentials from an access key pair and, for temporary credentials, a session token
    /// (an empty token counts as none).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Self {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: session_token.filter(|token| !token.is_empty()),
            expiry: None,
        }
    }

    /// The same credentials, valid until `expiry`.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
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

    /// When the credentials stop being valid, for temporary ones.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &Redacted)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| Redacted),
            )
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// Why no credentials came from a source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    not_found: bool,
    message: String,
}

impl CredentialsError {
    /// The source has no credentials to give (a variable is not set, a profile does not
    /// exist): a chain goes on to its next source.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self {
            not_found: true,
            message: message.into(),
        }
    }

    /// The source has credentials but could not give them (a file is broken, a service
    /// refused): a chain stops here, rather than use another source the user did not mean.
    pub fn failed(message: impl Into<String>) -> Self {
        Self {
            not_found: false,
            message: message.into(),
        }
    }

    /// Whether the source simply had none, rather than failed.
    pub fn is_not_found(&self) -> bool {
        self.not_found
    }

    /// What happened.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.not_found {
            write!(f, "no credentials: {}", self.message)
        } else {
            write!(f, "cannot load credentials: {}", self.message)
        }
    }
}

impl std::error::Error for CredentialsError {}

/// What [`ProvideCredentials::provide_credentials`] returns.
pub type ProvideFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. It may do I/O (read files, call a service) and may give temporary
/// credentials; [`SharedCredentialsProvider`] caches them, so a provider need not.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Credentials, or why there are none.
    fn provide_credentials(&self) -> ProvideFuture<'_>;
}

/// Fixed credentials.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// A bearer token, for services that authenticate with `smithy.api#httpBearerAuth`: sent as
/// `Authorization: Bearer …`. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token {
    token: String,
    expiry: Option<SystemTime>,
}

impl Token {
    /// A token that does not expire (or whose expiry is not known).
    pub fn new(token: impl Into<String>) -> Self {
        Self {
            token: token.into(),
            expiry: None,
        }
    }

    /// The same token, expiring at `expiry`: an expired token is refused before sending.
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// When it expires, if known.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token")
            .field("token", &"** redacted **")
            .field("expiry", &self.expiry)
            .finish()
    }
}

/// What [`ProvideToken::provide_token`] returns.
pub type TokenFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Token, CredentialsError>> + Send + 'a>>;

/// A source of bearer tokens. It is asked for each call; a provider whose tokens are costly to
/// get caches them itself.
pub trait ProvideToken: Send + Sync + fmt::Debug {
    /// A token, or why there is none.
    fn provide_token(&self) -> TokenFuture<'_>;
}

/// A fixed token.
impl ProvideToken for Token {
    fn provide_token(&self) -> TokenFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// Credentials are refreshed this long before they expire, so that a request signed with them
/// does not reach the service after they have.
const REFRESH_BEFORE_EXPIRY: Duration = Duration::from_secs(5 * 60);

/// A provider shared by every client made from one configuration: clones share the provider
/// and its cache.
///
/// The credentials last given are reused until five minutes before they expire. Then the first
/// caller asks the provider again while others wait for its answer; if that fails while the old
/// credentials are still valid, they are used meanwhile.
#[derive(Clone)]
pub struct SharedCredentialsProvider {
    inner: Arc<Cache>,
}

struct Cache {
    provider: Box<dyn ProvideCredentials>,
    current: Mutex<Option<Arc<Credentials>>>,
    refresh: tokio::sync::Mutex<()>,
}

impl fmt::Debug for SharedCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SharedCredentialsProvider")
            .field(&self.inner.provider)
            .finish()
    }
}

impl SharedCredentialsProvider {
    /// Caches what `provider` gives.
    pub fn new(provider: impl ProvideCredentials + 'static) -> Self {
        Self {
            inner: Arc::new(Cache {
                provider: Box::new(provider),
                current: Mutex::new(None),
                refresh: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The cached credentials, or fresh ones from the provider when there are none yet or they
    /// expire within five minutes.
    pub async fn credentials(&self) -> Result<Arc<Credentials>, CredentialsError> {
        let now = SystemTime::now();
        let cached = self.cached();
        if let Some(credentials) = &cached
            && !needs_refresh(credentials, now)
        {
            return Ok(Arc::clone(credentials));
        }
        let _one_at_a_time = self.inner.refresh.lock().await;
        // Another caller may have refreshed them while this one waited.
        let cached = self.cached();
        if let Some(credentials) = &cached
            && !needs_refresh(credentials, SystemTime::now())
        {
            return Ok(Arc::clone(credentials));
        }
        match self.inner.provider.provide_credentials().await {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                *self.lock() = Some(Arc::clone(&fresh));
                Ok(fresh)
            }
            // Not expired yet: better than nothing until the provider answers again.
            Err(error) => match cached.filter(|c| !is_expired(c, SystemTime::now())) {
                Some(still_valid) => Ok(still_valid),
                None => Err(error),
            },
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<Credentials>>> {
        self.inner
            .current
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn cached(&self) -> Option<Arc<Credentials>> {
        self.lock().clone()
    }
}

fn needs_refresh(credentials: &Credentials, now: SystemTime) -> bool {
    credentials
        .expiry
        .is_some_and(|expiry| expiry <= now + REFRESH_BEFORE_EXPIRY)
}

fn is_expired(credentials: &Credentials, now: SystemTime) -> bool {
    credentials.expiry.is_some_and(|expiry| expiry <= now)
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, as
/// they were when the provider was made.
#[derive(Debug)]
pub struct EnvironmentProvider {
    found: Result<Credentials, CredentialsError>,
}

impl EnvironmentProvider {
    /// Reads the variables through `var` (`None` for an unset or empty one). Both keys or
    /// neither must be set: one without the other is an error, not a reason to look elsewhere.
    pub fn new(var: impl Fn(&str) -> Option<String>) -> Self {
        let found = match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
            (Some(id), Some(secret)) => Ok(Credentials::new(id, secret, var("AWS_SESSION_TOKEN"))),
            (None, None) => Err(CredentialsError::not_found(
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set",
            )),
            (Some(_), None) => Err(CredentialsError::failed(
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            )),
            (None, Some(_)) => Err(CredentialsError::failed(
                "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not",
            )),
        };
        Self { found }
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(self.found.clone()))
    }
}

/// The keys of a profile in the shared credentials file, else in the shared config file:
/// `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token`. The files are read
/// each time credentials are asked for (the cache asks once).
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    profile: String,
    credentials_file: Option<PathBuf>,
    config_file: Option<PathBuf>,
}

impl ProfileProvider {
    /// The profile `profile` of these files (`None` where there is no home folder to find
    /// one in).
    pub fn new(
        profile: impl Into<String>,
        credentials_file: Option<PathBuf>,
        config_file: Option<PathBuf>,
    ) -> Self {
        Self {
            profile: profile.into(),
            credentials_file,
            config_file,
        }
    }

    fn find(&self) -> Result<Credentials, CredentialsError> {
        let files = [(&self.credentials_file, false), (&self.config_file, true)];
        for (path, config_file) in files {
            let Some(path) = path else { continue };
            let Some(keys) = crate::profile::load(path, &self.profile, config_file)
                .map_err(CredentialsError::failed)?
            else {
                continue;
            };
            if let Some(credentials) = keys_of(&keys) {
                return Ok(credentials);
            }
        }
        Err(CredentialsError::not_found(format!(
            "profile `{}` has no keys in {} or {}",
            self.profile,
            shown(self.credentials_file.as_ref()),
            shown(self.config_file.as_ref())
        )))
    }
}

fn keys_of(keys: &BTreeMap<String, String>) -> Option<Credentials> {
    let id = keys.get("aws_access_key_id").filter(|v| !v.is_empty())?;
    let secret = keys
        .get("aws_secret_access_key")
        .filter(|v| !v.is_empty())?;
    Some(Credentials::new(
        id.clone(),
        secret.clone(),
        keys.get("aws_session_token").cloned(),
    ))
}

fn shown(path: Option<&PathBuf>) -> String {
    path.map_or_else(
        || "(no home folder)".to_owned(),
        |p| p.display().to_string(),
    )
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(std::future::ready(self.find()))
    }
}

/// Asks each provider in turn: the first credentials win, and the first failure (as opposed to
/// having none) ends the search; when none has credentials, the error says what each said.
#[derive(Debug)]
pub struct ChainProvider {
    providers: Vec<Box<dyn ProvideCredentials>>,
}

impl ChainProvider {
    /// A chain of these providers, asked in order.
    pub fn new(providers: Vec<Box<dyn ProvideCredentials>>) -> Self {
        Self { providers }
    }
}

impl ProvideCredentials for ChainProvider {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let mut tried = Vec::new();
            for provider in &self.providers {
                match provider.provide_credentials().await {
                    Ok(credentials) => return Ok(credentials),
                    Err(error) if error.is_not_found() => tried.push(error.message),
                    Err(error) => return Err(error),
                }
            }
            Err(CredentialsError::not_found(if tried.is_empty() {
                "no source of credentials was configured".to_owned()
            } else {
                tried.join("; ")
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_token_is_never_shown() {
        let token = Token::new("secret-token").with_expiry(SystemTime::UNIX_EPOCH);
        let shown = format!("{token:?}");
        assert!(!shown.contains("secret-token"), "{shown}");
        assert!(shown.contains("redacted"), "{shown}");
        assert_eq!(token.provide_token().await.unwrap().token(), "secret-token");
        assert_eq!(token.expiry(), Some(SystemTime::UNIX_EPOCH));
    }
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug)]
    struct Counting {
        calls: Arc<AtomicUsize>,
        lifetime: Duration,
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> ProvideFuture<'_> {
            Box::pin(async move {
                let n = self.calls.fetch_add(1, Ordering::SeqCst);
                // Slow enough for the concurrent callers to queue behind this one.
                tokio::time::sleep(Duration::from_millis(20)).await;
                Ok(Credentials::new(format!("AKID{n}"), "SECRET", None)
                    .with_expiry(SystemTime::now() + self.lifetime))
            })
        }
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_refresh() {
        let calls = Arc::new(AtomicUsize::new(0));
        let shared = SharedCredentialsProvider::new(Counting {
            calls: Arc::clone(&calls),
            lifetime: Duration::from_secs(3600),
        });
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let shared = shared.clone();
                tokio::spawn(async move { shared.credentials().await.unwrap() })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().access_key_id(), "AKID0");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn credentials_near_their_expiry_are_refreshed() {
        let calls = Arc::new(AtomicUsize::new(0));
        // Each lasts less than the refresh margin, so every call refreshes.
        let shared = SharedCredentialsProvider::new(Counting {
            calls: Arc::clone(&calls),
            lifetime: Duration::from_secs(60),
        });
        assert_eq!(shared.credentials().await.unwrap().access_key_id(), "AKID0");
        assert_eq!(shared.credentials().await.unwrap().access_key_id(), "AKID1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_chain_says_what_each_source_said() {
        let chain = ChainProvider::new(vec![
            Box::new(EnvironmentProvider::new(|_| None)),
            Box::new(ProfileProvider::new("dev", None, None)),
        ]);
        let error = chain.provide_credentials().await.unwrap_err();
        assert!(error.is_not_found());
        assert_eq!(
            error.to_string(),
            "no credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; profile \
             `dev` has no keys in (no home folder) or (no home folder)"
        );
    }

    #[tokio::test]
    async fn half_a_key_pair_in_the_environment_stops_the_chain() {
        let chain = ChainProvider::new(vec![
            Box::new(EnvironmentProvider::new(|name| {
                (name == "AWS_ACCESS_KEY_ID").then(|| "AKID".to_owned())
            })),
            Box::new(Credentials::new("OTHER", "ACCOUNT", None)),
        ]);
        let error = chain.provide_credentials().await.unwrap_err();
        assert!(!error.is_not_found());
        assert_eq!(
            error.to_string(),
            "cannot load credentials: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
        );
    }

    #[test]
    fn an_empty_session_token_is_none() {
        assert_eq!(
            Credentials::new("A", "S", Some(String::new())).session_token(),
            None
        );
    }
}
