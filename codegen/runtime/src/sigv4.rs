//! AWS Signature Version 4 for requests with a body held in memory, as the AWS SDKs compute it
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html>).
//! Hashing and HMAC come from `ring`, which the TLS stack already uses.

use std::borrow::Cow;

use ring::{digest, hmac};

use crate::credentials::Credentials;

/// What a signature covers, besides the headers.
pub(crate) struct Signable<'a> {
    /// HTTP method.
    pub method: &'a str,
    /// Path as sent on the wire (already percent-encoded once).
    pub path: &'a str,
    /// Query parameters as sent, decoded.
    pub query: &'a [(Cow<'static, str>, String)],
    /// Headers to sign, other than `host` and `x-amz-date`, which are added here.
    pub headers: &'a [(&'a str, &'a str)],
    /// Host (with port, when not the scheme's default).
    pub host: &'a str,
    /// The body.
    pub body: &'a [u8],
}

/// The headers a signature adds to a request.
pub(crate) struct Signature {
    /// Value of `X-Amz-Date`.
    pub amz_date: String,
    /// Value of `Authorization`.
    pub authorization: String,
}

/// Where and when a signature is made.
pub(crate) struct Scope<'a> {
    /// Signing region.
    pub region: &'a str,
    /// Signing name of the service (the model's `aws.auth#sigv4` name).
    pub service: &'a str,
    /// Signing time.
    pub time: time::OffsetDateTime,
}

/// Appends `bytes` in lowercase hexadecimal to `out`; a few lines here are not worth a
/// dependency.
pub(crate) fn push_hex(bytes: &[u8], out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
}

/// Appends the SHA-256 of `data`, in hexadecimal, to `out`.
pub(crate) fn push_sha256(data: &[u8], out: &mut String) {
    push_hex(digest::digest(&digest::SHA256, data).as_ref(), out);
}

pub(crate) fn hmac_sha256(key: &[u8], data: &[u8]) -> hmac::Tag {
    hmac::sign(&hmac::Key::new(hmac::HMAC_SHA256, key), data)
}

/// RFC 3986 percent-encoding of everything but unreserved characters (and `/` if `keep_slash`),
/// as SigV4 and the AWS protocols encode path segments and query parameters.
pub fn uri_encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(text.len());
    push_uri_encoded(text, keep_slash, &mut out);
    out
}

/// [`uri_encode`], appending to `out`.
pub(crate) fn push_uri_encoded(text: &str, keep_slash: bool, out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b'/' if keep_slash => out.push('/'),
            _ => {
                out.push('%');
                out.push(char::from(DIGITS[usize::from(byte >> 4)]));
                out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
            }
        }
    }
}

/// Appends `value` with runs of spaces collapsed and the ends trimmed, as the canonical form of
/// a header value requires.
fn push_canonical_value(value: &str, out: &mut String) {
    for (i, word) in value.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
}

pub(crate) fn amz_date(time: time::OffsetDateTime) -> String {
    let t = time.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}{:02}{:02}T{:02}{:02}{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// The signing key of the last date signed for. A key is derived from the secret key, the date,
/// the region and the service with four HMACs, which cost more than the rest of a signature;
/// it only changes with the date.
///
/// The key is kept with the access key it was derived for, so credentials that change (a
/// refresh) get a key of their own.
#[derive(Default)]
pub(crate) struct KeyCache(std::sync::Mutex<Option<CachedKey>>);

struct CachedKey {
    access_key_id: String,
    secret_access_key: String,
    date: String,
    region: String,
    service: String,
    key: hmac::Key,
}

impl KeyCache {
    fn key(&self, credentials: &Credentials, date: &str, scope: &Scope<'_>) -> hmac::Key {
        let mut cached = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(cached) = cached.as_ref().filter(|c| {
            c.date == date
                && c.region == scope.region
                && c.service == scope.service
                && c.access_key_id == credentials.access_key_id()
                && c.secret_access_key == credentials.secret_access_key()
        }) {
            return cached.key.clone();
        }
        let secret = format!("AWS4{}", credentials.secret_access_key());
        let key = hmac_sha256(secret.as_bytes(), date.as_bytes());
        let key = hmac_sha256(key.as_ref(), scope.region.as_bytes());
        let key = hmac_sha256(key.as_ref(), scope.service.as_bytes());
        let key = hmac_sha256(key.as_ref(), b"aws4_request");
        let key = hmac::Key::new(hmac::HMAC_SHA256, key.as_ref());
        *cached = Some(CachedKey {
            access_key_id: credentials.access_key_id().to_owned(),
            secret_access_key: credentials.secret_access_key().to_owned(),
            date: date.to_owned(),
            region: scope.region.to_owned(),
            service: scope.service.to_owned(),
            key: key.clone(),
        });
        key
    }
}

/// The path as services other than S3 sign it, as botocore and the services normalize it: no
/// empty or `.` segments, each `..` segment removing the one before (RFC 3986, section 5.2.4,
/// with repeated slashes collapsed), a trailing slash kept. A path from a label holding `//`
/// is signed as `/`.
pub(crate) fn normalized_path(path: &str) -> Cow<'_, str> {
    let plain = path.starts_with('/')
        && !path.contains("//")
        && !path
            .split('/')
            .any(|segment| segment == "." || segment == "..");
    if plain {
        return Cow::Borrowed(path);
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            segment => segments.push(segment),
        }
    }
    let mut out = String::with_capacity(path.len() + 1);
    out.push('/');
    out.push_str(&segments.join("/"));
    if path.ends_with('/') && !segments.is_empty() {
        out.push('/');
    }
    Cow::Owned(out)
}

/// Headers left out of the signature, as botocore leaves them out: hop-by-hop headers, which a
/// proxy may change or drop, and tracing headers, which tracing layers add or rewrite after
/// signing. A server would otherwise find a signature that no longer matches.
const UNSIGNED_HEADERS: &[&str] = &[
    "baggage",
    "connection",
    "expect",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "traceparent",
    "tracestate",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "user-agent",
    "x-amzn-trace-id",
];

/// A header name in lowercase; most are already.
fn lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The canonical request of SigV4 and its signed-header list, for a request signed at
/// `amz_date` with `token` as its session token (and, for SigV4a, `region_set` as its
/// `X-Amz-Region-Set`).
pub(crate) fn canonical_request(
    request: &Signable<'_>,
    amz_date: &str,
    token: Option<&str>,
    region_set: Option<&str>,
) -> (String, String) {
    // The headers to sign, by lowercase name; a name given more than once keeps its values in
    // their order (the sort is stable), joined by commas.
    let mut headers: Vec<(Cow<'_, str>, &str)> = Vec::with_capacity(request.headers.len() + 3);
    headers.extend(
        request
            .headers
            .iter()
            .map(|(name, value)| (lowercase(name), *value))
            .filter(|(name, _)| !UNSIGNED_HEADERS.contains(&name.as_ref())),
    );
    headers.push((Cow::Borrowed("host"), request.host));
    headers.push((Cow::Borrowed("x-amz-date"), amz_date));
    if let Some(region_set) = region_set {
        headers.push((Cow::Borrowed("x-amz-region-set"), region_set));
    }
    if let Some(token) = token {
        headers.push((Cow::Borrowed("x-amz-security-token"), token));
    }
    headers.sort_by(|a, b| a.0.cmp(&b.0));

    let mut signed_headers = String::with_capacity(64);
    for (i, (name, _)) in headers.iter().enumerate() {
        if i > 0 && headers[i - 1].0 == *name {
            continue;
        }
        if i > 0 {
            signed_headers.push(';');
        }
        signed_headers.push_str(name);
    }

    let mut canonical = String::with_capacity(512);
    canonical.push_str(request.method);
    canonical.push('\n');
    // Services other than S3 sign the path normalized, and encode the already-encoded path
    // once more.
    push_uri_encoded(&normalized_path(request.path), true, &mut canonical);
    canonical.push('\n');
    if !request.query.is_empty() {
        let mut query: Vec<(String, String)> = request
            .query
            .iter()
            .map(|(k, v)| (uri_encode(k, false), uri_encode(v, false)))
            .collect();
        query.sort_unstable();
        for (i, (k, v)) in query.iter().enumerate() {
            if i > 0 {
                canonical.push('&');
            }
            canonical.push_str(k);
            canonical.push('=');
            canonical.push_str(v);
        }
    }
    canonical.push('\n');
    for (i, (name, value)) in headers.iter().enumerate() {
        if i > 0 && headers[i - 1].0 == *name {
            canonical.pop();
            canonical.push(',');
        } else {
            canonical.push_str(name);
            canonical.push(':');
        }
        push_canonical_value(value, &mut canonical);
        canonical.push('\n');
    }
    canonical.push('\n');
    canonical.push_str(&signed_headers);
    canonical.push('\n');
    // A payload hash the request carries stands for its body, as botocore signs it: an
    // operation with `aws.auth#unsignedPayload` sends `UNSIGNED-PAYLOAD`.
    match headers
        .iter()
        .find(|(name, _)| name == "x-amz-content-sha256")
    {
        Some((_, hash)) => canonical.push_str(hash.trim()),
        None => push_sha256(request.body, &mut canonical),
    }
    (canonical, signed_headers)
}

/// Signs a request, with the signing key from `keys`.
pub(crate) fn sign(
    request: &Signable<'_>,
    credentials: &Credentials,
    scope: &Scope<'_>,
    keys: &KeyCache,
) -> Signature {
    let amz_date = amz_date(scope.time);
    let date = &amz_date[..8];
    let (canonical, signed_headers) =
        canonical_request(request, &amz_date, credentials.session_token(), None);

    let mut string_to_sign = String::with_capacity(160);
    string_to_sign.push_str("AWS4-HMAC-SHA256\n");
    string_to_sign.push_str(&amz_date);
    string_to_sign.push('\n');
    let scope_start = string_to_sign.len();
    string_to_sign.push_str(date);
    string_to_sign.push('/');
    string_to_sign.push_str(scope.region);
    string_to_sign.push('/');
    string_to_sign.push_str(scope.service);
    string_to_sign.push_str("/aws4_request");
    let scope_end = string_to_sign.len();
    string_to_sign.push('\n');
    push_sha256(canonical.as_bytes(), &mut string_to_sign);

    let key = keys.key(credentials, date, scope);
    let signature = hmac::sign(&key, string_to_sign.as_bytes());

    let mut authorization = String::with_capacity(256);
    authorization.push_str("AWS4-HMAC-SHA256 Credential=");
    authorization.push_str(credentials.access_key_id());
    authorization.push('/');
    authorization.push_str(&string_to_sign[scope_start..scope_end]);
    authorization.push_str(", SignedHeaders=");
    authorization.push_str(&signed_headers);
    authorization.push_str(", Signature=");
    push_hex(signature.as_ref(), &mut authorization);
    Signature {
        authorization,
        amz_date,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A request of the signing test suite (`request.txt`): method, path, decoded query,
    /// headers (a value continued on the lines after it joined with a newline), body.
    pub(crate) struct SuiteRequest {
        method: String,
        path: String,
        query: Vec<(Cow<'static, str>, String)>,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    }

    fn percent_decode(text: &str) -> String {
        let bytes = text.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok());
            match (bytes[i], hex) {
                (b'%', Some(byte)) => {
                    out.push(byte);
                    i += 3;
                }
                (byte, _) => {
                    out.push(byte);
                    i += 1;
                }
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }

    fn suite_request(text: &str) -> SuiteRequest {
        let (head, body) = text.split_once("\n\n").unwrap_or((text, ""));
        let mut lines = head.lines();
        let first = lines.next().unwrap_or_default();
        // `METHOD TARGET HTTP/1.1`, the target possibly holding spaces.
        let (method, rest) = first.split_once(' ').unwrap_or((first, ""));
        let method = method.to_owned();
        let target = rest.rsplit_once(' ').map_or(rest, |(target, _)| target);
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                (Cow::Owned(percent_decode(k)), percent_decode(v))
            })
            .collect();
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            match (line.starts_with([' ', '\t']), headers.last_mut()) {
                (true, Some((_, value))) => {
                    value.push('\n');
                    value.push_str(line);
                }
                _ => {
                    let (name, value) = line.split_once(':').unwrap_or((line, ""));
                    headers.push((name.to_owned(), value.to_owned()));
                }
            }
        }
        SuiteRequest {
            method,
            path: path.to_owned(),
            query,
            headers,
            body: body.as_bytes().to_vec(),
        }
    }

    /// What a case asks for that this signer does not do, read from the case itself: the
    /// forms of S3 and of services that add the session token after signing, which no service
    /// of the protocols this project generates uses.
    pub(crate) fn not_offered(
        context: &serde_json::Value,
        request: &SuiteRequest,
    ) -> Option<&'static str> {
        if context["sign_body"] == true {
            return Some("the payload's hash sent in x-amz-content-sha256 (S3's form)");
        }
        if context["omit_session_token"] == true {
            return Some("a session token added after signing");
        }
        if context["normalize"] == false && normalized_path(&request.path) != request.path {
            return Some("a path signed without normalizing it (S3's form)");
        }
        if request.path.contains('%') {
            // The cases with a context sign an encoded path as it is; services other than S3
            // encode it once more, as the two cases without a context expect.
            return Some("an encoded path signed without encoding it again (S3's form)");
        }
        None
    }

    /// One case folder of the AWS signing test suite, read.
    pub(crate) struct SuiteCase {
        pub name: String,
        pub dir: std::path::PathBuf,
        pub request: SuiteRequest,
        /// `context.json`, or null for the cases without one.
        pub context: serde_json::Value,
        /// The signing time: the context's, else the request's own `X-Amz-Date`.
        pub amz_date: String,
    }

    impl SuiteCase {
        /// The case folders of one version of the suite (`v4`, `v4a`), beside the
        /// repository, in name order; `None` when the suite is absent.
        pub fn all(version: &str) -> Option<Vec<Self>> {
            let suite = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/peer-tests/aws-signing-test-suite")
                .join(version);
            let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(&suite)
                .ok()?
                .filter_map(|e| Some(e.ok()?.path()))
                .filter(|p| p.join("request.txt").is_file())
                .collect();
            dirs.sort();
            Some(dirs.into_iter().map(Self::read).collect())
        }

        fn read(dir: std::path::PathBuf) -> Self {
            let name = dir
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            let request = suite_request(&std::fs::read_to_string(dir.join("request.txt")).unwrap());
            let context: serde_json::Value = std::fs::read_to_string(dir.join("context.json"))
                .ok()
                .and_then(|text| serde_json::from_str(&text).ok())
                .unwrap_or(serde_json::Value::Null);
            let amz_date = match context["timestamp"].as_str() {
                Some(_) => super::amz_date(Self::time_of(&context)),
                None => request
                    .headers
                    .iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case("x-amz-date"))
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
            };
            Self {
                name,
                dir,
                request,
                context,
                amz_date,
            }
        }

        fn time_of(context: &serde_json::Value) -> time::OffsetDateTime {
            time::OffsetDateTime::parse(
                context["timestamp"].as_str().unwrap_or_default(),
                &time::format_description::well_known::Rfc3339,
            )
            .unwrap()
        }

        /// A file of the case folder, or empty.
        pub fn file(&self, name: &str) -> String {
            std::fs::read_to_string(self.dir.join(name)).unwrap_or_default()
        }

        /// What the case's request signs, given to `f`.
        pub fn with_signable<R>(&self, f: impl FnOnce(&Signable<'_>) -> R) -> R {
            let request = &self.request;
            let host = request
                .headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("host"))
                .map(|(_, v)| v.as_str())
                .unwrap_or_default();
            let headers: Vec<(&str, &str)> = request
                .headers
                .iter()
                .filter(|(n, _)| {
                    !n.eq_ignore_ascii_case("host") && !n.eq_ignore_ascii_case("x-amz-date")
                })
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            f(&Signable {
                method: &request.method,
                path: &request.path,
                query: &request.query,
                headers: &headers,
                host,
                body: &request.body,
            })
        }

        pub fn token(&self) -> Option<&str> {
            self.context["credentials"]["token"].as_str()
        }

        /// The case's credentials, when it gives the secret key.
        pub fn credentials(&self) -> Option<Credentials> {
            let credentials = &self.context["credentials"];
            Some(Credentials::new(
                credentials["access_key_id"].as_str().unwrap_or_default(),
                credentials["secret_access_key"].as_str()?,
                self.token().map(str::to_owned),
            ))
        }

        pub fn scope(&self) -> Scope<'_> {
            Scope {
                region: self.context["region"].as_str().unwrap_or_default(),
                service: self.context["service"].as_str().unwrap_or_default(),
                time: Self::time_of(&self.context),
            }
        }

        /// The `Authorization` header of `header-signed-request.txt`.
        pub fn authorization(&self) -> String {
            self.file("header-signed-request.txt")
                .lines()
                .find_map(|line| line.strip_prefix("Authorization:"))
                .unwrap_or_default()
                .to_owned()
        }
    }

    /// Every case of the AWS SigV4 test suite (`../shared/peer-tests/aws-signing-test-suite/v4`,
    /// beside the repository): the canonical request, and the `Authorization` header where the
    /// case gives the secret key, equal the suite's. A case that asks for a form this signer does
    /// not offer is named with the form; every other case must match.
    #[test]
    fn the_aws_signing_test_suite() {
        let Some(cases) = SuiteCase::all("v4") else {
            println!("skipped the signing test suite: it is absent");
            return;
        };
        let (mut compared, mut signatures) = (0, 0);
        let mut skipped = Vec::new();
        let mut failures = Vec::new();
        for case in &cases {
            let name = &case.name;
            if !case.context.is_null()
                && let Some(reason) = not_offered(&case.context, &case.request)
            {
                skipped.push(format!("{name}: {reason}"));
                continue;
            }
            let expected = case.file("header-canonical-request.txt");
            let (canonical, _) = case.with_signable(|signable| {
                canonical_request(signable, &case.amz_date, case.token(), None)
            });
            compared += 1;
            // The two cases without a context (no credentials, no time) are about the path:
            // their method and path lines are compared.
            let (canonical, expected) = if case.context.is_null() {
                let head = |text: &str| text.lines().take(2).collect::<Vec<_>>().join("\n");
                (head(&canonical), head(&expected))
            } else {
                (canonical, expected)
            };
            if canonical != expected {
                failures.push(format!(
                    "{name}: canonical request\n{canonical}\n!=\n{expected}"
                ));
                continue;
            }
            let Some(credentials) = case.credentials() else {
                continue;
            };
            let signature = case.with_signable(|signable| {
                sign(signable, &credentials, &case.scope(), &KeyCache::default())
            });
            let authorization = case.authorization();
            signatures += 1;
            if signature.authorization != authorization {
                failures.push(format!(
                    "{name}: {} != {authorization}",
                    signature.authorization
                ));
            }
        }
        let summary = format!("{compared} canonical requests and {signatures} signatures compared");
        finish_suite(
            "signing test suite",
            &summary,
            cases.len(),
            compared,
            &skipped,
            &failures,
        );
    }

    /// Prints what a run of a suite compared and left out, and fails on any failure or on a
    /// case neither compared nor named as left out.
    pub(crate) fn finish_suite(
        suite: &str,
        summary: &str,
        cases: usize,
        compared: usize,
        skipped: &[String],
        failures: &[String],
    ) {
        println!(
            "{suite}: {cases} cases, {summary}; not offered:\n  {}",
            skipped.join("\n  ")
        );
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
        assert_eq!(compared + skipped.len(), cases);
        assert!(compared > 0);
    }

    #[test]
    fn paths_are_signed_normalized() {
        for (path, signed) in [
            ("/", "/"),
            ("", "/"),
            ("/a/b", "/a/b"),
            ("/a//b//", "/a/b/"),
            ("//", "/"),
            ("/a/./b/../c", "/a/c"),
            ("/../a/", "/a/"),
            ("/a/%2E/b", "/a/%2E/b"),
        ] {
            assert_eq!(normalized_path(path), signed, "{path}");
        }
    }

    /// The `Authorization` header of the request botocore 1.44 signs for
    /// `{"name": "é😀\u007f"}` to CreateStage with credentials AKID/SECRET/TOKEN in us-east-1 at
    /// 2024-05-01T12:30:00Z, with `headers` besides `Content-Type`.
    fn create_stage_authorization(headers: &[(&str, &str)]) -> String {
        let credentials = Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned()));
        let mut all = vec![("Content-Type", "application/json")];
        all.extend_from_slice(headers);
        let signature = sign(
            &Signable {
                method: "POST",
                path: "/CreateStage",
                query: &[],
                headers: &all,
                host: "ivsrealtime.us-east-1.amazonaws.com",
                body: br#"{"name": "\u00e9\ud83d\ude00\u007f"}"#,
            },
            &credentials,
            &Scope {
                region: "us-east-1",
                service: "ivs",
                time: time::OffsetDateTime::from_unix_timestamp(1_714_566_600).unwrap(),
            },
            &KeyCache::default(),
        );
        assert_eq!(signature.amz_date, "20240501T123000Z");
        signature.authorization
    }

    #[test]
    fn matches_botocore() {
        assert_eq!(
            create_stage_authorization(&[]),
            "AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1/ivs/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, \
             Signature=a927079824f1665583260befb9e577c754ce350ffe3fff9a4cf6e96c0d3867ce"
        );
    }

    /// Hop-by-hop and tracing headers are sent but not signed, as botocore signs: the same
    /// signature as without them.
    #[test]
    fn hop_by_hop_and_tracing_headers_are_not_signed() {
        let unsigned: Vec<(&str, &str)> = UNSIGNED_HEADERS
            .iter()
            .map(|name| (*name, "value"))
            .chain([(
                "X-Amzn-Trace-Id",
                "Root=1-5759e988-bd862e3fe1be46a994272793",
            )])
            .collect();
        assert_eq!(
            create_stage_authorization(&unsigned),
            create_stage_authorization(&[])
        );
    }

    /// With `X-Amz-Content-SHA256: UNSIGNED-PAYLOAD`, as botocore 1.44 signs an operation with
    /// `aws.auth#unsignedPayload`: the header's value in place of the body's hash.
    #[test]
    fn an_unsigned_payload_matches_botocore() {
        assert_eq!(
            create_stage_authorization(&[("X-Amz-Content-SHA256", "UNSIGNED-PAYLOAD")]),
            "AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1/ivs/aws4_request, \
             SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;\
             x-amz-security-token, \
             Signature=d13af23388ebad637e02d47c9da0e83a3f487c13f8b14173ad0b2cc63c587759"
        );
    }

    #[test]
    fn a_cached_key_is_only_used_for_its_date_and_scope() {
        let credentials = Credentials::new("AKID", "SECRET", None);
        let request = Signable {
            method: "POST",
            path: "/CreateStage",
            query: &[],
            headers: &[],
            host: "example.com",
            body: b"{}",
        };
        let scope = |region, seconds| Scope {
            region,
            service: "ivs",
            time: time::OffsetDateTime::from_unix_timestamp(seconds).unwrap(),
        };
        let shared = KeyCache::default();
        // A day apart, then another region on the second day.
        for (region, seconds) in [
            ("us-east-1", 1_714_566_600),
            ("us-east-1", 1_714_653_000),
            ("eu-west-1", 1_714_653_000),
            ("us-east-1", 1_714_653_000),
        ] {
            let with_shared = sign(&request, &credentials, &scope(region, seconds), &shared);
            let fresh = sign(
                &request,
                &credentials,
                &scope(region, seconds),
                &KeyCache::default(),
            );
            assert_eq!(with_shared.authorization, fresh.authorization);
        }
    }

    #[test]
    fn encodes_like_the_specification() {
        assert_eq!(uri_encode("/a b/ç~", true), "/a%20b/%C3%A7~");
        assert_eq!(uri_encode("a/b", false), "a%2Fb");
        let mut value = String::new();
        push_canonical_value("  a   b  c ", &mut value);
        assert_eq!(value, "a b c");
    }
}
