//! Support for the wire code of generated types: object keys read without allocating,
//! timestamps and blobs in their wire forms ([`Codec`]), header, query and label text,
//! percent-encoding and idempotency tokens.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

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

/// The headers of an answer whose names start with `prefix` (lower case), by the rest of their
/// names; the empty prefix takes them all.
///
/// # Errors
///
/// When a value is not UTF-8 text.
pub fn prefixed_headers(
    headers: &http::HeaderMap,
    prefix: &str,
) -> Result<BTreeMap<String, String>, serde_json::Error> {
    let mut found = BTreeMap::new();
    for (name, value) in headers {
        if let Some(rest) = name.as_str().strip_prefix(prefix) {
            let text = std::str::from_utf8(value.as_bytes()).map_err(|_| {
                serde::de::Error::custom(format_args!("the header `{name}` is not UTF-8 text"))
            })?;
            found.insert(rest.to_owned(), text.to_owned());
        }
    }
    Ok(found)
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
        match fractional_seconds(self.0) {
            None => serializer.serialize_i64(self.0.unix_timestamp()),
            Some(seconds) => serializer.serialize_f64(seconds),
        }
    }
}

impl<'de> Deserialize<'de> for EpochSeconds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let seconds = f64::deserialize(deserializer)?;
        epoch_seconds(seconds)
            .map(EpochSeconds)
            .map_err(serde::de::Error::custom)
    }
}

/// A floating-point number as text in a header, query parameter or label, as Python's `str`
/// writes it (botocore's form): `1.0`, `0.1`, `1e+16`, `1.5e-07`; `NaN`, `Infinity` and
/// `-Infinity` as Smithy names them.
pub fn float_text(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    // The shortest digits that read back as `value`, then Python's layout: positional for
    // exponents from -4 to 15, scientific with a signed two-digit exponent otherwise.
    let scientific = format!("{value:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    if (-4..16).contains(&exponent) {
        let point = exponent + 1;
        let text = match usize::try_from(point) {
            Err(_) | Ok(0) => format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize)),
            Ok(point) if digits.len() <= point => {
                format!("{digits}{}.0", "0".repeat(point - digits.len()))
            }
            Ok(point) => format!("{}.{}", &digits[..point], &digits[point..]),
        };
        format!("{sign}{text}")
    } else {
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let exponent_sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{sign}{first}{fraction}e{exponent_sign}{:02}",
            exponent.unsigned_abs()
        )
    }
}

/// A timestamp as text in a header, query parameter or label, in `format`.
pub fn time_text(time: OffsetDateTime, format: TimeFormat) -> String {
    match format {
        TimeFormat::DateTime => date_time_text(time),
        TimeFormat::HttpDate => HttpDate::format(time),
        TimeFormat::EpochSeconds => epoch_seconds_text(time),
    }
}

/// Reads a timestamp written in `format`.
///
/// # Errors
///
/// Text that is not a timestamp in that format.
pub fn parse_time(text: &str, format: TimeFormat) -> Result<OffsetDateTime, String> {
    let text = text.trim();
    match format {
        TimeFormat::DateTime => OffsetDateTime::parse(text, &Rfc3339)
            .map(|time| time.to_offset(time::UtcOffset::UTC))
            .map_err(|e| format!("invalid date-time {text:?}: {e}")),
        TimeFormat::HttpDate => HttpDate::parse(text),
        TimeFormat::EpochSeconds => {
            exact_epoch_seconds(text).ok_or_else(|| format!("invalid epoch seconds {text:?}"))
        }
    }
}

/// The timestamp formats of Smithy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeFormat {
    /// RFC 3339 `date-time`.
    DateTime,
    /// RFC 7231 IMF-fixdate.
    HttpDate,
    /// Seconds since the Unix epoch.
    EpochSeconds,
}

/// RFC 3339 in UTC as botocore writes it: whole seconds, or microseconds when there is a
/// fraction (`2024-05-01T12:30:00Z`, `2024-05-01T12:30:00.250000Z`).
fn date_time_text(time: OffsetDateTime) -> String {
    let time = time.to_offset(time::UtcOffset::UTC);
    let base = format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
        time.year(),
        u8::from(time.month()),
        time.day(),
        time.hour(),
        time.minute(),
        time.second()
    );
    match time.microsecond() {
        0 => format!("{base}Z"),
        micros => format!("{base}.{micros:06}Z"),
    }
}

fn epoch_seconds_text(time: OffsetDateTime) -> String {
    match fractional_seconds(time) {
        None => time.unix_timestamp().to_string(),
        Some(seconds) => float_text(seconds),
    }
}

/// Seconds since the epoch with milliseconds, for a time with a fraction of a second; `None`
/// for a whole second, which is written as an integer.
fn fractional_seconds(time: OffsetDateTime) -> Option<f64> {
    if time.nanosecond() == 0 {
        return None;
    }
    #[allow(
        clippy::cast_precision_loss,
        reason = "written with millisecond precision, as the AWS SDKs write it"
    )]
    let nanos = time.unix_timestamp_nanos() as f64;
    Some((nanos / 1e6).round() / 1e3)
}

/// Epoch seconds read from their text without going through `f64`, so a fraction is exact.
fn exact_epoch_seconds(text: &str) -> Option<OffsetDateTime> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || fraction.len() > 9
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        // Exponents and the like: read as a number.
        return text.parse::<f64>().ok().and_then(|s| epoch_seconds(s).ok());
    }
    let whole: i128 = whole.parse().ok()?;
    let fraction: i128 = format!("{fraction:0<9}").parse().ok()?;
    // Checked: a server may send any number of digits.
    let nanos = whole.checked_mul(1_000_000_000)?.checked_add(fraction)?;
    OffsetDateTime::from_unix_timestamp_nanos(if negative { -nanos } else { nanos }).ok()
}

fn epoch_seconds(seconds: f64) -> Result<OffsetDateTime, String> {
    let nanos = (seconds * 1e9).round();
    if !nanos.is_finite() {
        return Err("epoch seconds out of range".to_owned());
    }
    #[allow(
        clippy::cast_possible_truncation,
        reason = "finite, and any value beyond the range of `time` is refused below"
    )]
    let nanos = nanos as i128;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|e| e.to_string())
}

/// A list header's value: the items joined by `,`, a string item quoted (with `"` and `\`
/// escaped) when it holds a comma or a double quote, as Smithy's `httpHeader` specifies.
pub fn header_list<I: AsRef<str>>(items: impl IntoIterator<Item = I>, quote: bool) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let item = item.as_ref();
        if quote && item.contains([',', '"']) {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// The items of a list header: split at commas outside double quotes, each trimmed and
/// unquoted. HTTP dates hold a comma of their own, so a list of them splits at every second
/// comma (`http_dates`).
pub fn split_header_list(text: &str, http_dates: bool) -> Vec<String> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    if http_dates {
        let parts: Vec<&str> = text.split(',').collect();
        return parts
            .chunks(2)
            .map(|pair| pair.join(",").trim().to_owned())
            .collect();
    }
    let mut items = Vec::new();
    let mut item = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => quoted = false,
            '"' if item.trim().is_empty() => {
                quoted = true;
                was_quoted = true;
                item.clear();
            }
            '\\' if quoted => item.extend(chars.next()),
            ',' if !quoted => {
                items.push(finish(&item, was_quoted));
                item.clear();
                was_quoted = false;
            }
            c => item.push(c),
        }
    }
    items.push(finish(&item, was_quoted));
    items
}

fn finish(item: &str, quoted: bool) -> String {
    if quoted {
        item.to_owned()
    } else {
        item.trim().to_owned()
    }
}

/// The value of an answer's header `name` read with `parse`, if the answer has it.
///
/// # Errors
///
/// When the value is not text, or `parse` refuses it.
pub fn header_with<T>(
    headers: &http::HeaderMap,
    name: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, serde_json::Error> {
    header_text(headers, name)?
        .map(|text| {
            parse(text).map_err(|e| {
                serde::de::Error::custom(format_args!(
                    "the header `{name}` holds {:?}: {e}",
                    text.trim()
                ))
            })
        })
        .transpose()
}

/// The items of an answer's list header `name`, each read with `parse`, if the answer has it.
///
/// # Errors
///
/// When the value is not text, or `parse` refuses an item.
pub fn header_items<T>(
    headers: &http::HeaderMap,
    name: &str,
    http_dates: bool,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<Vec<T>>, serde_json::Error> {
    // A list may come as several header lines too.
    let mut items = Vec::new();
    let mut found = false;
    for value in headers.get_all(name) {
        found = true;
        let text = std::str::from_utf8(value.as_bytes()).map_err(|_| {
            serde::de::Error::custom(format_args!("the header `{name}` is not UTF-8 text"))
        })?;
        for item in split_header_list(text, http_dates) {
            items.push(parse(&item).map_err(|e| {
                serde::de::Error::custom(format_args!("the header `{name}` holds {item:?}: {e}"))
            })?);
        }
    }
    Ok(found.then_some(items))
}

/// Reads text as a `T` (a number or a boolean), for [`header_with`].
///
/// # Errors
///
/// Text that is not a `T`.
pub fn parse_value<T: std::str::FromStr>(text: &str) -> Result<T, String>
where
    T::Err: fmt::Display,
{
    text.trim().parse().map_err(|e: T::Err| e.to_string())
}

/// How values of type `T` are written in and read from a JSON body, when the wire form is not
/// serde's form of the Rust type: a timestamp in its format, a blob in base64, and lists and maps
/// of those. Generated serializers name the codec of each such member, e.g. `ListOf<DateTime>`
/// for a list of date-time timestamps.
pub trait Codec<T> {
    /// Writes `value`.
    ///
    /// # Errors
    ///
    /// Those of the serializer, or a value the wire form cannot hold.
    fn write<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;

    /// Reads a value.
    ///
    /// # Errors
    ///
    /// Those of the deserializer, or text that is not in the wire form.
    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// A value to write with codec `C`.
pub struct Ser<'a, T, C>(&'a T, PhantomData<C>);

/// `value`, to be written with codec `C`.
pub fn ser<C: Codec<T>, T>(value: &T) -> Ser<'_, T, C> {
    Ser(value, PhantomData)
}

impl<T, C: Codec<T>> Serialize for Ser<'_, T, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        C::write(self.0, serializer)
    }
}

/// A value read with codec `C`.
pub struct De<T, C>(T, PhantomData<C>);

impl<T, C> De<T, C> {
    /// The value read.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<'de, T, C: Codec<T>> Deserialize<'de> for De<T, C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        C::read(deserializer).map(|value| De(value, PhantomData))
    }
}

impl Codec<OffsetDateTime> for DateTime {
    fn write<S: Serializer>(value: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        DateTime(*value).serialize(serializer)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
        DateTime::deserialize(deserializer).map(|time| time.0)
    }
}

impl Codec<OffsetDateTime> for EpochSeconds {
    fn write<S: Serializer>(value: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        EpochSeconds(*value).serialize(serializer)
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
        EpochSeconds::deserialize(deserializer).map(|time| time.0)
    }
}

/// A timestamp as an HTTP date (RFC 7231 IMF-fixdate, `Wed, 01 May 2024 12:30:00 GMT`), in
/// a body member or a header.
pub struct HttpDate;

const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl HttpDate {
    /// `time` as an IMF-fixdate, in UTC, whole seconds (as the AWS SDKs write it).
    pub fn format(time: OffsetDateTime) -> String {
        // `time`'s well-known RFC 2822 format writes `+0000`, not `GMT`, so the few fields are
        // written here.
        let time = time.to_offset(time::UtcOffset::UTC);
        format!(
            "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
            WEEKDAYS[usize::from(time.weekday().number_days_from_monday())],
            time.day(),
            MONTHS[usize::from(u8::from(time.month()) - 1)],
            time.year(),
            time.hour(),
            time.minute(),
            time.second()
        )
    }

    /// Reads an IMF-fixdate in GMT; a fraction of a second is kept.
    ///
    /// # Errors
    ///
    /// Text that is not an HTTP date.
    pub fn parse(text: &str) -> Result<OffsetDateTime, String> {
        let invalid = || format!("invalid http-date {text:?}");
        let (_weekday, rest) = text.trim().split_once(", ").ok_or_else(invalid)?;
        let parts: Vec<&str> = rest.split(' ').collect();
        let [day, month, year, clock, "GMT"] = parts.as_slice() else {
            return Err(invalid());
        };
        let day: u8 = day.parse().map_err(|_| invalid())?;
        let month = MONTHS
            .iter()
            .position(|m| m.eq_ignore_ascii_case(month))
            .and_then(|i| u8::try_from(i + 1).ok())
            .and_then(|m| time::Month::try_from(m).ok())
            .ok_or_else(invalid)?;
        let year: i32 = year.parse().map_err(|_| invalid())?;
        let clock: Vec<&str> = clock.split(':').collect();
        let [hour, minute, seconds] = clock.as_slice() else {
            return Err(invalid());
        };
        let hour: u8 = hour.parse().map_err(|_| invalid())?;
        let minute: u8 = minute.parse().map_err(|_| invalid())?;
        let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
        let second: u8 = whole.parse().map_err(|_| invalid())?;
        let nanos: u32 = if fraction.is_empty() {
            0
        } else if fraction.len() <= 9 && fraction.bytes().all(|b| b.is_ascii_digit()) {
            format!("{fraction:0<9}").parse().map_err(|_| invalid())?
        } else {
            return Err(invalid());
        };
        let date = time::Date::from_calendar_date(year, month, day).map_err(|_| invalid())?;
        let clock =
            time::Time::from_hms_nano(hour, minute, second, nanos).map_err(|_| invalid())?;
        Ok(time::PrimitiveDateTime::new(date, clock).assume_utc())
    }
}

impl Codec<OffsetDateTime> for HttpDate {
    fn write<S: Serializer>(value: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&HttpDate::format(*value))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
        let text = Key::deserialize(deserializer)?;
        HttpDate::parse(text.as_str()).map_err(serde::de::Error::custom)
    }
}

/// A blob as base64 text (standard alphabet, padded), as JSON bodies and headers carry it.
pub struct Base64;

impl Base64 {
    /// `bytes` in base64.
    pub fn encode(bytes: &[u8]) -> String {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD.encode(bytes)
    }

    /// The bytes of base64 `text`.
    ///
    /// # Errors
    ///
    /// Text that is not base64.
    pub fn decode(text: &str) -> Result<Vec<u8>, String> {
        use base64::Engine as _;
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map_err(|e| format!("invalid base64: {e}"))
    }
}

impl Base64 {
    /// The UTF-8 text whose bytes base64 `text` holds (a header of a string with a media type).
    ///
    /// # Errors
    ///
    /// Text that is not base64, or bytes that are not UTF-8.
    pub fn decode_text(text: &str) -> Result<String, String> {
        String::from_utf8(Base64::decode(text)?)
            .map_err(|_| "the decoded bytes are not UTF-8 text".to_owned())
    }
}

impl Codec<Vec<u8>> for Base64 {
    fn write<S: Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&Base64::encode(value))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = Key::deserialize(deserializer)?;
        Base64::decode(text.as_str()).map_err(serde::de::Error::custom)
    }
}

/// An empty JSON object, `{}`: the value of a union member that targets `smithy.api#Unit`.
pub struct EmptyObject;

impl Serialize for EmptyObject {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer
            .serialize_map(Some(0))
            .and_then(serde::ser::SerializeMap::end)
    }
}

/// A value that may be null (an item of a sparse list or map), written with codec `C` when it
/// is not.
pub struct Nullable<C>(PhantomData<C>);

impl<T, C: Codec<T>> Codec<Option<T>> for Nullable<C> {
    fn write<S: Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => C::write(value, serializer),
            None => serializer.serialize_none(),
        }
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
        let value: Option<De<T, C>> = Option::deserialize(deserializer)?;
        Ok(value.map(De::into_inner))
    }
}

/// A list whose items are written with codec `C`.
pub struct ListOf<C>(PhantomData<C>);

impl<T, C: Codec<T>> Codec<Vec<T>> for ListOf<C> {
    fn write<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(value.iter().map(ser::<C, T>))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        let items: Vec<De<T, C>> = Vec::deserialize(deserializer)?;
        Ok(items.into_iter().map(De::into_inner).collect())
    }
}

/// A map whose values are written with codec `C` (keys are strings or enums).
pub struct MapOf<C>(PhantomData<C>);

impl<K, T, C> Codec<BTreeMap<K, T>> for MapOf<C>
where
    K: Serialize + for<'de> Deserialize<'de> + Ord,
    C: Codec<T>,
{
    fn write<S: Serializer>(value: &BTreeMap<K, T>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(value.iter().map(|(k, v)| (k, ser::<C, T>(v))))
    }

    fn read<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, T>, D::Error> {
        let entries: BTreeMap<K, De<T, C>> = BTreeMap::deserialize(deserializer)?;
        Ok(entries
            .into_iter()
            .map(|(k, v)| (k, v.into_inner()))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_are_written_as_python_writes_them() {
        let cases = [
            (1.0, "1.0"),
            (0.1, "0.1"),
            (-2.5, "-2.5"),
            (1e16, "1e+16"),
            (123_456_789_012_345.6, "123456789012345.6"),
            (1.5e-7, "1.5e-07"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (100.0, "100.0"),
            (f64::NAN, "NaN"),
            (f64::NEG_INFINITY, "-Infinity"),
        ];
        for (value, text) in cases {
            assert_eq!(float_text(value), text, "{value}");
        }
    }

    #[test]
    fn list_headers_are_quoted_and_split_as_smithy_says() {
        let text = header_list(["a", "b,c", r#"say "hi""#], true);
        assert_eq!(text, r#"a,"b,c","say \"hi\"""#);
        assert_eq!(split_header_list(&text, false), ["a", "b,c", r#"say "hi""#]);
        assert_eq!(split_header_list(" 1, 2 ,3", false), ["1", "2", "3"]);
        assert!(split_header_list("", false).is_empty());
        let dates = "Wed, 01 May 2024 12:30:00 GMT, Thu, 02 May 2024 12:30:00 GMT";
        assert_eq!(
            split_header_list(dates, true),
            [
                "Wed, 01 May 2024 12:30:00 GMT",
                "Thu, 02 May 2024 12:30:00 GMT"
            ]
        );
    }

    #[test]
    fn timestamps_as_text_in_each_format() {
        let time = OffsetDateTime::from_unix_timestamp_nanos(1_714_566_600_250_000_000).unwrap();
        assert_eq!(
            time_text(time, TimeFormat::DateTime),
            "2024-05-01T12:30:00.250000Z"
        );
        assert_eq!(time_text(time, TimeFormat::EpochSeconds), "1714566600.25");
        assert_eq!(
            time_text(time, TimeFormat::HttpDate),
            "Wed, 01 May 2024 12:30:00 GMT"
        );
        for format in [TimeFormat::DateTime, TimeFormat::EpochSeconds] {
            assert_eq!(parse_time(&time_text(time, format), format).unwrap(), time);
        }
        assert!(parse_time("soon", TimeFormat::EpochSeconds).is_err());
        assert!(parse_time(&"9".repeat(38), TimeFormat::EpochSeconds).is_err());
    }

    #[test]
    fn http_dates_are_written_in_gmt_and_read_back() {
        let time = OffsetDateTime::from_unix_timestamp(1_714_566_600).unwrap();
        assert_eq!(HttpDate::format(time), "Wed, 01 May 2024 12:30:00 GMT");
        assert_eq!(
            HttpDate::parse("Wed, 01 May 2024 12:30:00 GMT").unwrap(),
            time
        );
        assert_eq!(
            HttpDate::parse("Wed, 01 May 2024 12:30:00.250 GMT")
                .unwrap()
                .unix_timestamp_nanos(),
            1_714_566_600_250_000_000
        );
        assert_eq!(
            HttpDate::parse("2024-05-01").unwrap_err(),
            r#"invalid http-date "2024-05-01""#
        );
        assert!(HttpDate::parse("Wed, 31 Feb 2024 12:30:00 GMT").is_err());
        assert!(HttpDate::parse("Wed, 01 May 2024 12:30:00 PST").is_err());
    }

    #[test]
    fn codecs_compose_over_lists_and_maps() {
        let time = OffsetDateTime::from_unix_timestamp(1_714_566_600).unwrap();
        let times = vec![time, time];
        let json = serde_json::to_string(&ser::<ListOf<DateTime>, _>(&times)).unwrap();
        assert_eq!(json, r#"["2024-05-01T12:30:00Z","2024-05-01T12:30:00Z"]"#);
        let back: De<Vec<OffsetDateTime>, ListOf<DateTime>> = serde_json::from_str(&json).unwrap();
        assert_eq!(back.into_inner(), times);
        let blobs: BTreeMap<String, Vec<Vec<u8>>> =
            BTreeMap::from([("a".to_owned(), vec![b"hi".to_vec(), Vec::new()])]);
        let json = serde_json::to_string(&ser::<MapOf<ListOf<Base64>>, _>(&blobs)).unwrap();
        assert_eq!(json, r#"{"a":["aGk=",""]}"#);
        let back: De<_, MapOf<ListOf<Base64>>> = serde_json::from_str(&json).unwrap();
        assert_eq!(back.into_inner(), blobs);
        let error = serde_json::from_str::<De<Vec<u8>, Base64>>(r#""***""#)
            .err()
            .unwrap()
            .to_string();
        assert!(error.starts_with("invalid base64"), "{error}");
        let dates: De<Vec<OffsetDateTime>, ListOf<HttpDate>> =
            serde_json::from_str(r#"["Wed, 01 May 2024 12:30:00 GMT"]"#).unwrap();
        assert_eq!(dates.into_inner(), [time]);
    }

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
        assert_eq!(
            header_with(&headers, "x-count", parse_value::<i32>).unwrap(),
            Some(42)
        );
        assert_eq!(
            header_with(&headers, "x-none", parse_value::<i32>).unwrap(),
            None
        );
        assert_eq!(header_text(&headers, "x-name").unwrap(), Some("café"));
        assert_eq!(
            header_with(&headers, "x-flag", parse_value::<bool>)
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
