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
fn push_hex(bytes: &[u8], out: &mut String) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    out.reserve(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0xf)]));
    }
}

/// Appends the SHA-256 of `data`, in hexadecimal, to `out`.
fn push_sha256(data: &[u8], out: &mut String) {
    push_hex(digest::digest(&digest::SHA256, data).as_ref(), out);
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> hmac::Tag {
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

fn amz_date(time: time::OffsetDateTime) -> String {
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
fn normalized_path(path: &str) -> Cow<'_, str> {
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

/// A header name in lowercase; most are already.
fn lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
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

    // The headers to sign, by lowercase name.
    let mut headers: Vec<(Cow<'_, str>, &str)> = Vec::with_capacity(request.headers.len() + 3);
    headers.extend(
        request
            .headers
            .iter()
            .map(|(name, value)| (lowercase(name), *value)),
    );
    headers.push((Cow::Borrowed("host"), request.host));
    headers.push((Cow::Borrowed("x-amz-date"), &amz_date));
    if let Some(token) = credentials.session_token() {
        headers.push((Cow::Borrowed("x-amz-security-token"), token));
    }
    headers.sort_unstable();

    let mut signed_headers = String::with_capacity(64);
    for (i, (name, _)) in headers.iter().enumerate() {
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
    for (name, value) in &headers {
        canonical.push_str(name);
        canonical.push(':');
        push_canonical_value(value, &mut canonical);
        canonical.push('\n');
    }
    canonical.push('\n');
    canonical.push_str(&signed_headers);
    canonical.push('\n');
    push_sha256(request.body, &mut canonical);

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
mod tests {
    use super::*;

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

    /// The request botocore 1.44 signs for `{"name": "é😀\u007f"}` to CreateStage with
    /// credentials AKID/SECRET/TOKEN in us-east-1 at 2024-05-01T12:30:00Z.
    #[test]
    fn matches_botocore() {
        let body = br#"{"name": "\u00e9\ud83d\ude00\u007f"}"#;
        let credentials = Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned()));
        let signature = sign(
            &Signable {
                method: "POST",
                path: "/CreateStage",
                query: &[],
                headers: &[("Content-Type", "application/json")],
                host: "ivsrealtime.us-east-1.amazonaws.com",
                body,
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
        assert_eq!(
            signature.authorization,
            "AWS4-HMAC-SHA256 Credential=AKID/20240501/us-east-1/ivs/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, \
             Signature=a927079824f1665583260befb9e577c754ce350ffe3fff9a4cf6e96c0d3867ce"
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
