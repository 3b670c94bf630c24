//! Endpoints: what a generated crate's endpoint rules resolve to, the configuration values they
//! read (the rules engine's built-ins), and the functions of the rules engine's library that
//! the generated rules call.

use std::fmt;

use crate::config::ContextParamValue;

mod functions;
pub mod partition;

pub use self::functions::{
    Arn, Url, is_virtual_hostable_s3_bucket, parse_arn, parse_url, substring, uri_encode,
};
pub use self::partition::{Partition, partition};

/// A resolved endpoint: where to send requests, and how to sign them when the rules say
/// (their `authSchemes` property).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    url: String,
    signing_name: Option<String>,
    signing_region: Option<String>,
    sigv4a_region_set: Option<Vec<String>>,
    unsupported_auth: Option<String>,
}

impl Endpoint {
    /// An endpoint at `url`, signed with the service's signing name and the configured region.
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            signing_name: None,
            signing_region: None,
            sigv4a_region_set: None,
            unsupported_auth: None,
        }
    }

    /// The same endpoint, signed with SigV4 under this service name.
    #[must_use]
    pub fn with_signing_name(mut self, name: impl Into<String>) -> Self {
        self.signing_name = Some(name.into());
        self
    }

    /// The same endpoint, signed with SigV4 for this region.
    #[must_use]
    pub fn with_signing_region(mut self, region: impl Into<String>) -> Self {
        self.signing_region = Some(region.into());
        self
    }

    /// The same endpoint, signed with SigV4a (its `authSchemes` give no SigV4 scheme): for the
    /// regions added with [`with_sigv4a_region`](Self::with_sigv4a_region), else for the
    /// configured region.
    #[must_use]
    pub fn with_sigv4a(mut self) -> Self {
        self.sigv4a_region_set.get_or_insert_with(Vec::new);
        self
    }

    /// The same endpoint, signed with SigV4a for this region too (`signingRegionSet`).
    #[must_use]
    pub fn with_sigv4a_region(mut self, region: impl Into<String>) -> Self {
        self.sigv4a_region_set
            .get_or_insert_with(Vec::new)
            .push(region.into());
        self
    }

    /// The same endpoint, which only takes requests signed with a scheme this runtime does not
    /// implement (`sigv4a`): a call to it fails before anything is sent.
    #[must_use]
    pub fn with_unsupported_auth(mut self, scheme: impl Into<String>) -> Self {
        self.unsupported_auth = Some(scheme.into());
        self
    }

    /// The endpoint's URL.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The SigV4 service name the rules give, if they give one.
    pub fn signing_name(&self) -> Option<&str> {
        self.signing_name.as_deref()
    }

    /// The SigV4 region the rules give, if they give one.
    pub fn signing_region(&self) -> Option<&str> {
        self.signing_region.as_deref()
    }

    /// The regions of SigV4a signatures, for an endpoint signed with SigV4a (empty: the
    /// configured region).
    pub fn sigv4a_region_set(&self) -> Option<&[String]> {
        self.sigv4a_region_set.as_deref()
    }

    /// The signing scheme the endpoint needs, when it is one this runtime does not implement.
    pub fn unsupported_auth(&self) -> Option<&str> {
        self.unsupported_auth.as_deref()
    }
}

/// Why no endpoint could be resolved, as the rules put it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError(String);

impl EndpointError {
    /// An error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }

    /// The message of the rule that rejected the parameters, or of the rules engine when no
    /// rule matched them.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EndpointError {}

/// The configuration's values that endpoint rules may read, each under the name of its
/// rules-engine built-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct BuiltIns<'a> {
    /// `AWS::Region`.
    pub region: Option<&'a str>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`: the endpoint URL configured for the service.
    pub endpoint: Option<&'a str>,
    /// The client parameters of the rules
    /// ([`ConfigBuilder::client_context_param`](crate::config::ConfigBuilder::client_context_param)).
    client_params: Option<&'a std::collections::BTreeMap<String, ContextParamValue>>,
}

impl<'a> BuiltIns<'a> {
    /// The built-ins of a configuration, for the service whose part of
    /// `AWS_ENDPOINT_URL_<SERVICE>` is `service`.
    pub fn of(config: &'a crate::Config, service: &str) -> Self {
        Self {
            region: config.region(),
            use_fips: config.use_fips(),
            use_dual_stack: config.use_dual_stack(),
            endpoint: config.endpoint_url_for(service),
            client_params: Some(config.client_context_params()),
        }
    }

    /// Built-ins with these values and no client parameters (for tests of endpoint rules).
    pub fn new(
        region: Option<&'a str>,
        use_fips: bool,
        use_dual_stack: bool,
        endpoint: Option<&'a str>,
    ) -> Self {
        Self {
            region,
            use_fips,
            use_dual_stack,
            endpoint,
            client_params: None,
        }
    }

    /// The configuration's value of the `string` client parameter `name`; none when it is
    /// unset or set to a boolean.
    pub fn string_param(&self, name: &str) -> Option<&'a str> {
        match self.client_params?.get(name)? {
            ContextParamValue::String(s) => Some(s),
            ContextParamValue::Bool(_) => None,
        }
    }

    /// The configuration's value of the `boolean` client parameter `name`; none when it is
    /// unset or set to a string.
    pub fn bool_param(&self, name: &str) -> Option<bool> {
        match self.client_params?.get(name)? {
            ContextParamValue::Bool(b) => Some(*b),
            ContextParamValue::String(_) => None,
        }
    }
}

/// The rules engine's `isValidHostLabel`: 1 to 63 ASCII letters, digits and hyphens, not
/// starting or ending with a hyphen; with `allow_subdomains`, several such labels joined by
/// dots. Every value that goes into a host name is checked with it, so that none can turn the
/// host into another one (`attacker.example#`, `a@b`, `a/b`).
pub fn is_valid_host_label(value: &str, allow_subdomains: bool) -> bool {
    let label = |label: &str| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if allow_subdomains {
        value.split('.').all(label)
    } else {
        label(value)
    }
}

/// Resolves the endpoint of a service whose model has no endpoint rules: the configured
/// endpoint URL, which such a service cannot do without.
///
/// # Errors
///
/// When no endpoint URL is configured.
pub fn configured_only(built_ins: &BuiltIns<'_>) -> Result<Endpoint, EndpointError> {
    match built_ins.endpoint {
        Some(url) => Ok(Endpoint::new(url)),
        None => Err(EndpointError::new(
            "the service's model has no endpoint rules, so an endpoint URL must be configured",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::is_valid_host_label;

    #[test]
    fn host_labels() {
        for good in ["us-east-1", "a", "A1", &"x".repeat(63)] {
            assert!(is_valid_host_label(good, false), "{good}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "a.b",
            "attacker.example#",
            "a@b",
            "a/b",
            "a b",
            "a\nb",
            "é",
            &"x".repeat(64),
        ] {
            assert!(!is_valid_host_label(bad, false), "{bad:?}");
        }
        assert!(is_valid_host_label("a.b-c.d", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a.b.", true));
    }
}
