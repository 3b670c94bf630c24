//! Support for the wire code of generated types: object keys read without allocating,
//! timestamps in their wire formats, percent-encoding and idempotency tokens.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// The value of a path label as it goes into the path: percent-encoded as SigV4 encodes path
/// segments (slashes kept for a greedy label), with a segment that is `.` or `..` written as
/// `%2E` or `%2E%2E`, since a server or proxy would otherwise resolve it as a step along the
/// path and the request would reach another resource.
pub fn path_label(value: &str, greedy: bool) -> String {
    let encoded = crate::sigv4::uri_encode(value, greedy);
    if !encoded.split('/').any(|s| s == "." || s == "..") {
        return encoded;
    }
    encoded
        .split('/')
        .map(|segment| match segment {
            "." => "%2E",
            ".." => "%2E%2E",
            other => other,
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A fresh idempotency token: a random (version 4) UUID, as the AWS SDKs send. It only has to
/// be unique, not secret, so `fastrand` serves; formatting 16 bytes as a UUID is not worth a
/// dependency.
pub fn idempotency_token() -> String {
    let mut bytes = [0u8; 16];
    fastrand::fill(&mut bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The value of an answer's header `name` as text, if the answer has it.
///
/// # Errors
///
/// When the value is not UTF-8.
pub fn header_text<'a>(
    headers: &'a http::HeaderMap,
    name: &str,
) -> Result<Option<&'a str>, serde_json::Error> {
    headers
        .get(name)
        .map(|value| {
            std::str::from_utf8(value.as_bytes()).map_err(|_| {
                serde::de::Error::custom(format_args!("the header `{name}` is not UTF-8 text"))
            })
        })
        .transpose()
}

/// The value of an answer's header `name` read as a `T` (a number or a boolean), if the answer
/// has it.
///
/// # Errors
///
/// When the value is not text, or not a `T`.
pub fn header_value<T: std::str::FromStr>(
    headers: &http::HeaderMap,
    name: &str,
) -> Result<Option<T>, serde_json::Error>
where
    T::Err: fmt::Display,
{
    header_text(headers, name)?
        .map(|text| {
            text.trim().parse().map_err(|e| {
                serde::de::Error::custom(format_args!(
                    "the header `{name}` holds {:?}: {e}",
                    text.trim()
                ))
            })
        })
        .transpose()
}

/// The error of an answer without the header `name`, which the model requires.
pub fn missing_header(name: &str) -> serde_json::Error {
    serde::de::Error::custom(format_args!("the required header `{name}` is missing"))
}

/// A JSON object key, borrowed from the input when it has no escapes.
///
/// serde's `Cow<str>` always allocates; this avoids it for the common case.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Key<'de>;

            fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                formatter.write_str("a string")
            }

            fn visit_borrowed_str<E>(self, value: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(value)))
            }

            fn visit_str<E>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value.to_owned())))
            }

            fn visit_string<E>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(value)))
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

/// A timestamp in RFC 3339 `date-time` form (`2024-05-01T12:30:00Z`), always in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub OffsetDateTime);

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Smithy's date-time is written in UTC, with `Z`.
        let text = self
            .0
            .to_offset(time::UtcOffset::UTC)
            .format(&Rfc3339)
            .map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = Key::deserialize(deserializer)?;
        OffsetDateTime::parse(text.as_str(), &Rfc3339)
            // An offset is accepted and the value normalized to UTC, as Smithy specifies.
            .map(|time| DateTime(time.to_offset(time::UtcOffset::UTC)))
            .map_err(|e| {
                serde::de::Error::custom(format_args!("invalid date-time {:?}: {e}", text.as_str()))
            })
    }
}

/// A timestamp as seconds since the Unix epoch, with a fraction when it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EpochSeconds(pub OffsetDateTime);

impl Serialize for EpochSeconds {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0.nanosecond() == 0 {
            serializer.serialize_i64(self.0.unix_timestamp())
        } else {
            #[allow(
                clippy::cast_precision_loss,
                reason = "written with millisecond precision, as the AWS SDKs write it"
            )]
            let nanos = self.0.unix_timestamp_nanos() as f64;
            serializer.serialize_f64((nanos / 1e6).round() / 1e3)
        }
    }
}

impl<'de> Deserialize<'de> for EpochSeconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let seconds = f64::deserialize(deserializer)?;
        let nanos = (seconds * 1e9).round();
        if !nanos.is_finite() {
            return Err(serde::de::Error::custom("epoch seconds out of range"));
        }
        #[allow(
            clippy::cast_possible_truncation,
            reason = "finite, and any value beyond the range of `time` is refused below"
        )]
        let nanos = nanos as i128;
        OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .map(EpochSeconds)
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_read_as_text_or_values_and_bad_ones_refused() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-count", http::HeaderValue::from_static(" 42 "));
        headers.insert("x-flag", http::HeaderValue::from_static("maybe"));
        headers.insert(
            "x-name",
            http::HeaderValue::from_bytes("café".as_bytes()).unwrap(),
        );
        headers.insert(
            "x-latin1",
            http::HeaderValue::from_bytes(b"caf\xe9").unwrap(),
        );
        assert_eq!(header_value::<i32>(&headers, "x-count").unwrap(), Some(42));
        assert_eq!(header_value::<i32>(&headers, "x-none").unwrap(), None);
        assert_eq!(header_text(&headers, "x-name").unwrap(), Some("café"));
        assert_eq!(
            header_value::<bool>(&headers, "x-flag")
                .unwrap_err()
                .to_string(),
            "the header `x-flag` holds \"maybe\": provided string was not `true` or `false`"
        );
        assert_eq!(
            header_text(&headers, "x-latin1").unwrap_err().to_string(),
            "the header `x-latin1` is not UTF-8 text"
        );
        assert_eq!(
            missing_header("x-id").to_string(),
            "the required header `x-id` is missing"
        );
    }

    #[test]
    fn dot_segments_of_labels_are_encoded() {
        assert_eq!(path_label(".", false), "%2E");
        assert_eq!(path_label("..", false), "%2E%2E");
        assert_eq!(path_label("a/../b", false), "a%2F..%2Fb");
        assert_eq!(path_label("a/../b/.", true), "a/%2E%2E/b/%2E");
        assert_eq!(path_label("../", true), "%2E%2E/");
        assert_eq!(path_label("...", false), "...");
        assert_eq!(path_label("a.b c", true), "a.b%20c");
    }

    #[test]
    fn idempotency_tokens_are_version_4_uuids() {
        let token = idempotency_token();
        let groups: Vec<usize> = token.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{token}");
        assert_eq!(&token[14..15], "4", "{token}");
        assert!("89ab".contains(&token[19..20]), "{token}");
        assert_ne!(token, idempotency_token());
    }

    #[test]
    fn date_times_are_written_in_utc_and_read_with_any_offset() {
        let time: DateTime = serde_json::from_str("\"2024-05-01T14:30:00+02:00\"").unwrap();
        assert_eq!(
            serde_json::to_string(&time).unwrap(),
            "\"2024-05-01T12:30:00Z\""
        );
        let error = serde_json::from_str::<DateTime>("\"yesterday\"").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("invalid date-time \"yesterday\"")
        );
    }

    #[test]
    fn epoch_seconds_keep_milliseconds() {
        let time: EpochSeconds = serde_json::from_str("1714566600.25").unwrap();
        assert_eq!(serde_json::to_string(&time).unwrap(), "1714566600.25");
        let whole: EpochSeconds = serde_json::from_str("1714566600").unwrap();
        assert_eq!(serde_json::to_string(&whole).unwrap(), "1714566600");
        assert!(serde_json::from_str::<EpochSeconds>("1e300").is_err());
    }
}
