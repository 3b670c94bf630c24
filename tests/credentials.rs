//! Configuration from the environment and the shared AWS files: credentials, region and endpoint
//! come from where the AWS SDKs look for them, in the same order; no credentials is a clear error
//! before any network I/O; secrets never show in `Debug`.

use std::path::Path;

use integration_tests::server::{Action, Server};
use ivs_realtime::Config;
use ivs_realtime::config::{Credentials, Environment};
use ivs_realtime::error::SdkError;

fn env(pairs: &[(&str, &str)]) -> Environment {
    Environment::from_vars(pairs.iter().copied())
}

/// The credentials the configuration's provider gives, if any.
async fn provided(config: &Config) -> Option<Credentials> {
    let provider = config.credentials_provider()?;
    provider.credentials().await.ok().map(|c| (*c).clone())
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_owned()
}

#[tokio::test]
async fn credentials_and_region_from_environment_variables() {
    let config = Config::from_env_with(&env(&[
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "SECRETENV"),
        ("AWS_SESSION_TOKEN", "TOKENENV"),
        ("AWS_REGION", "eu-central-1"),
        ("AWS_DEFAULT_REGION", "us-east-2"),
        ("HOME", "/nonexistent"),
    ]))
    .build();
    assert_eq!(
        provided(&config).await,
        Some(Credentials::new(
            "AKIDENV",
            "SECRETENV",
            Some("TOKENENV".into())
        ))
    );
    assert_eq!(config.region(), Some("eu-central-1"));
    let config = Config::from_env_with(&env(&[
        ("AWS_DEFAULT_REGION", "us-east-2"),
        ("HOME", "/nonexistent"),
    ]))
    .build();
    assert_eq!(config.region(), Some("us-east-2"));
    assert_eq!(provided(&config).await, None);
}

#[tokio::test]
async fn credentials_from_a_profile_in_the_shared_files() {
    let dir = tempfile::tempdir().unwrap();
    let credentials = write(
        dir.path(),
        "credentials",
        "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = SECRETDEFAULT\n\n\
         [dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = SECRETDEV\naws_session_token = TOKENDEV\n",
    );
    let config_file = write(
        dir.path(),
        "config",
        "[default]\nregion = us-west-1\n[profile dev]\nregion = ap-south-1\n\
         [profile only-config]\naws_access_key_id = AKIDCFG\naws_secret_access_key = SECRETCFG\n",
    );
    let files = [
        ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str()),
        ("AWS_CONFIG_FILE", config_file.as_str()),
    ];

    let config = Config::from_env_with(&env(&files)).build();
    assert_eq!(
        provided(&config).await,
        Some(Credentials::new("AKIDDEFAULT", "SECRETDEFAULT", None))
    );
    assert_eq!(config.region(), Some("us-west-1"));

    let mut dev = files.to_vec();
    dev.push(("AWS_PROFILE", "dev"));
    let config = Config::from_env_with(&env(&dev)).build();
    assert_eq!(
        provided(&config).await,
        Some(Credentials::new(
            "AKIDDEV",
            "SECRETDEV",
            Some("TOKENDEV".into())
        ))
    );
    assert_eq!(config.region(), Some("ap-south-1"));

    let mut only_config = files.to_vec();
    only_config.push(("AWS_PROFILE", "only-config"));
    let config = Config::from_env_with(&env(&only_config)).build();
    assert_eq!(
        provided(&config).await,
        Some(Credentials::new("AKIDCFG", "SECRETCFG", None))
    );

    // Environment variables win over the files.
    let mut both = dev.clone();
    both.extend([
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SECRET_ACCESS_KEY", "SECRETENV"),
    ]);
    let config = Config::from_env_with(&env(&both)).build();
    assert_eq!(
        provided(&config).await,
        Some(Credentials::new("AKIDENV", "SECRETENV", None))
    );
}

#[tokio::test]
async fn the_files_default_to_the_home_folder() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir(home.path().join(".aws")).unwrap();
    write(
        &home.path().join(".aws"),
        "credentials",
        "[default]\naws_access_key_id=A\naws_secret_access_key=S\n",
    );
    let config = Config::from_env_with(&env(&[("HOME", home.path().to_str().unwrap())])).build();
    assert_eq!(
        provided(&config).await,
        Some(Credentials::new("A", "S", None))
    );
}

#[test]
fn endpoint_from_the_service_variable_then_the_global_one() {
    let config = Config::from_env_with(&env(&[
        ("AWS_ENDPOINT_URL_IVS_REALTIME", "http://127.0.0.1:1"),
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:2"),
    ]))
    .build();
    assert_eq!(
        config.endpoint_url_for("IVS_REALTIME"),
        Some("http://127.0.0.1:1")
    );
    // Another service reads its own variable, else the global one.
    assert_eq!(
        config.endpoint_url_for("EKS_AUTH"),
        Some("http://127.0.0.1:2")
    );
    assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:2"));
    let config = Config::from_env_with(&env(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:2")])).build();
    assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:2"));
    let config = Config::from_env_with(&env(&[
        ("AWS_ENDPOINT_URL", "http://127.0.0.1:2"),
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
    ]))
    .build();
    assert_eq!(config.endpoint_url(), None);
}

#[test]
fn builder_settings_override_the_environment_and_defaults_are_documented() {
    let config = Config::from_env_with(&env(&[
        ("AWS_REGION", "us-east-1"),
        ("AWS_USE_FIPS_ENDPOINT", "true"),
    ]))
    .region("sa-east-1")
    .build();
    assert_eq!(config.region(), Some("sa-east-1"));
    assert!(config.use_fips());
    assert!(!config.use_dual_stack());
    assert!(config.validate());
    assert_eq!(config.connect_timeout(), Config::DEFAULT_CONNECT_TIMEOUT);
    assert_eq!(
        config.operation_timeout(),
        Config::DEFAULT_OPERATION_TIMEOUT
    );
    assert_eq!(config.retry().max_attempts(), 3);
}

#[tokio::test]
async fn no_credentials_is_an_error_naming_where_they_were_looked_for() {
    let server = Server::start(vec![Action::json(200, "{}")]).await;
    let config = Config::from_env_with(&env(&[
        ("HOME", "/home/nobody"),
        ("AWS_PROFILE", "ci"),
        ("AWS_REGION", "us-east-1"),
        ("AWS_ENDPOINT_URL", &server.url()),
    ]))
    .build();
    let error = ivs_realtime::Client::new(&config)
        .create_stage()
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, SdkError::Credentials(_)));
    assert_eq!(
        error.to_string(),
        "no credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set; profile `ci` \
         has no keys in /home/nobody/.aws/credentials or /home/nobody/.aws/config"
    );
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn half_a_key_pair_in_the_environment_is_an_error_not_a_fall_through() {
    let dir = tempfile::tempdir().unwrap();
    let credentials_file = write(
        dir.path(),
        "credentials",
        "[default]\naws_access_key_id = OTHER\naws_secret_access_key = ACCOUNT\n",
    );
    let config = Config::from_env_with(&env(&[
        ("AWS_ACCESS_KEY_ID", "AKIDENV"),
        ("AWS_SHARED_CREDENTIALS_FILE", &credentials_file),
    ]))
    .build();
    let error = config
        .credentials_provider()
        .unwrap()
        .credentials()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "cannot load credentials: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"
    );
}

#[test]
fn secrets_never_show_in_debug() {
    let credentials = Credentials::new("AKIDVISIBLE", "TOPSECRETKEY", Some("SESSIONSECRET".into()));
    let config = Config::builder().credentials(credentials.clone()).build();
    for text in [
        format!("{credentials:?}"),
        format!("{config:?}"),
        format!("{:?}", ivs_realtime::Client::new(&config)),
    ] {
        assert!(text.contains("AKIDVISIBLE"), "{text}");
        assert!(!text.contains("TOPSECRETKEY"), "{text}");
        assert!(!text.contains("SESSIONSECRET"), "{text}");
        assert!(text.contains("*** Sensitive Data Redacted ***"), "{text}");
    }
}
