//! Support for the wire code of generated types: object keys read without allocating,
//! timestamps in their wire formats, percent-encoding and idempotency tokens.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub use crate::sigv4::uri_encode;

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
