//! JSON request bodies written exactly as botocore writes them (Python's `json.dumps` defaults):
//! `", "` and `": "` separators, and every character outside printable ASCII escaped as
//! `\uXXXX` (UTF-16, lowercase hex). serde_json writes compact UTF-8, and no crate offers this
//! formatting, so it is written here as a serde_json `Formatter`. Matching byte for byte keeps
//! request bodies, and so their SigV4 signatures, identical to the AWS SDK for Python's.

use std::io::{self, Write};

/// Serializes `value` as a request body.
///
/// # Errors
///
/// Those of the value's `Serialize` implementation, e.g. a timestamp JSON cannot hold.
pub fn to_vec<T: serde::Serialize>(value: &T) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(1024);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, PythonFormatter);
    value.serialize(&mut serializer)?;
    Ok(out)
}

/// The formatting of Python's `json.dumps(value)`.
struct PythonFormatter;

impl serde_json::ser::Formatter for PythonFormatter {
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if first {
            Ok(())
        } else {
            writer.write_all(b", ")
        }
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }

    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // serde_json has already escaped `"`, `\` and the control characters below 0x20, as
        // Python does; what is left to escape is everything outside printable ASCII. Runs of
        // printable ASCII, nearly all of a typical body, are written as they are; a fragment
        // that is all ASCII without DEL (the common case, checked a word at a time) at once.
        if fragment.is_ascii() && !fragment.as_bytes().contains(&0x7f) {
            return writer.write_all(fragment.as_bytes());
        }
        let bytes = fragment.as_bytes();
        let mut start = 0;
        while let Some(offset) = bytes[start..]
            .iter()
            .position(|byte| !(b' '..=b'~').contains(byte))
        {
            let index = start + offset;
            writer.write_all(&bytes[start..index])?;
            // Whole characters are skipped below, so `index` starts one.
            let Some(c) = fragment[index..].chars().next() else {
                break;
            };
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                write!(writer, "\\u{unit:04x}")?;
            }
            start = index + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_like_python_json_dumps() {
        let value = serde_json::json!({"name": "é😀\u{7f}", "list": [1, 2], "nested": {"a": true, "b": null}});
        // serde_json's `json!` orders keys alphabetically.
        assert_eq!(
            String::from_utf8(to_vec(&value).unwrap()).unwrap(),
            r#"{"list": [1, 2], "name": "\u00e9\ud83d\ude00\u007f", "nested": {"a": true, "b": null}}"#
        );
    }

    #[test]
    fn escapes_quotes_backslashes_and_control_characters_like_python() {
        let value = serde_json::json!("a\"b\\c\nd\te\u{1}f\u{8}\u{c}\r");
        assert_eq!(
            String::from_utf8(to_vec(&value).unwrap()).unwrap(),
            r#""a\"b\\c\nd\te\u0001f\b\f\r""#
        );
    }

    #[test]
    fn empty_containers() {
        let value = serde_json::json!({"a": [], "b": {}});
        assert_eq!(
            String::from_utf8(to_vec(&value).unwrap()).unwrap(),
            r#"{"a": [], "b": {}}"#
        );
    }
}
