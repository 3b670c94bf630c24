//! The awsQuery protocol: requests as `application/x-www-form-urlencoded` bodies with
//! flattened keys (`Tags.member.1.Key`), answers and errors as XML, written and read as
//! botocore writes and reads them.
//!
//! XML is parsed with roxmltree: a small read-only DOM with no dependencies of its own, strict
//! about well-formedness and with limits on entity expansion. Answers are read by looking
//! elements up by name among their siblings, which a tree does simply; nothing here writes XML.

use std::collections::BTreeMap;
use std::fmt;

use crate::operation::ReadError;
use crate::wire::{Base64, TimeFormat};

/// A node of a parsed answer.
pub type Node<'a, 'input> = roxmltree::Node<'a, 'input>;

/// A request body being written: `Action=…&Version=…` and then the input's keys.
#[derive(Debug, Clone)]
pub struct QueryWriter {
    body: String,
}

impl QueryWriter {
    /// A body for the operation `action` of the API version `version`.
    pub fn new(action: &str, version: &str) -> Self {
        let mut writer = Self {
            body: String::with_capacity(256),
        };
        writer.text("Action", action);
        writer.text("Version", version);
        writer
    }

    /// Writes `key=value`, both form-encoded.
    pub fn text(&mut self, key: &str, value: &str) {
        if !self.body.is_empty() {
            self.body.push('&');
        }
        form_encode(&mut self.body, key);
        self.body.push('=');
        form_encode(&mut self.body, value);
    }

    /// Writes a boolean as `true` or `false`.
    pub fn boolean(&mut self, key: &str, value: bool) {
        self.text(key, if value { "true" } else { "false" });
    }

    /// Writes a number: integers in decimal, floats as Python prints them.
    pub fn number<N: Number>(&mut self, key: &str, value: N) {
        self.text(key, &value.text());
    }

    /// Writes a timestamp in `format`.
    pub fn timestamp(&mut self, key: &str, value: time::OffsetDateTime, format: TimeFormat) {
        self.text(key, &crate::wire::time_text(value, format));
    }

    /// Writes bytes as base64.
    pub fn blob(&mut self, key: &str, value: &[u8]) {
        self.text(key, &Base64::encode(value));
    }

    /// Writes a list: `key.member.N` (or `key.{item_name}.N`), or `key.N` for a flattened one
    /// (whose last part is then `item_name` when the model names the items); an empty list as
    /// `key=` so that the service sees it set.
    pub fn list<T>(
        &mut self,
        key: &str,
        item_name: Option<&str>,
        flattened: bool,
        items: &[T],
        mut write: impl FnMut(&mut Self, &str, &T),
    ) {
        if items.is_empty() {
            self.text(key, "");
            return;
        }
        let base = match (flattened, item_name) {
            (false, name) => format!("{key}.{}", name.unwrap_or("member")),
            (true, None) => key.to_owned(),
            (true, Some(name)) => match key.rsplit_once('.') {
                Some((parent, _)) => format!("{parent}.{name}"),
                None => name.to_owned(),
            },
        };
        for (index, item) in items.iter().enumerate() {
            write(self, &format!("{base}.{}", index + 1), item);
        }
    }

    /// Writes a map: `key.entry.N.key` and `key.entry.N.value` (or the model's names for the
    /// two), without `entry` for a flattened one; an empty map writes nothing.
    pub fn map<K, V>(
        &mut self,
        key: &str,
        names: (&str, &str),
        flattened: bool,
        entries: &BTreeMap<K, V>,
        mut write_key: impl FnMut(&mut Self, &str, &K),
        mut write_value: impl FnMut(&mut Self, &str, &V),
    ) {
        let base = if flattened {
            key.to_owned()
        } else {
            format!("{key}.entry")
        };
        for (index, (k, v)) in entries.iter().enumerate() {
            let number = index + 1;
            write_key(self, &format!("{base}.{number}.{}", names.0), k);
            write_value(self, &format!("{base}.{number}.{}", names.1), v);
        }
    }

    /// The body's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.body.into_bytes()
    }
}

/// The key of a member `name` under `prefix` (the empty prefix is the top level).
pub fn key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() {
        name.to_owned()
    } else {
        format!("{prefix}.{name}")
    }
}

/// Python's `urllib.parse.quote_plus`, which botocore's form bodies go through: letters,
/// digits and `_.-~` as they are, a space as `+`, every other byte as `%XX`.
fn form_encode(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
        }
    }
}

/// A structure or union written as query keys under a prefix.
pub trait ToQuery {
    /// Writes every set member under `prefix`.
    fn write_query(&self, writer: &mut QueryWriter, prefix: &str);
}

/// A structure read from an XML element.
pub trait FromXml: Sized {
    /// Reads the value from `node`'s children.
    ///
    /// # Errors
    ///
    /// A child that does not hold a value of its member's type, or a missing required member.
    fn from_xml(node: Node<'_, '_>) -> Result<Self, ReadError>;
}

/// Numbers as text.
pub trait Number: Copy {
    /// The number as botocore writes it.
    fn text(self) -> String;
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Number for $t {
            fn text(self) -> String {
                self.to_string()
            }
        }
    )*};
}

integers!(i8, i16, i32, i64);

impl Number for f64 {
    fn text(self) -> String {
        crate::wire::float_text(self)
    }
}

impl Number for f32 {
    /// The shortest digits of the 32-bit value, as Python prints the number they read as.
    fn text(self) -> String {
        crate::wire::float_text(self.to_string().parse().unwrap_or(f64::NAN))
    }
}

/// An answer that cannot be read as XML of its operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    message: String,
}

impl XmlError {
    fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for XmlError {}

/// Parses an answer's body.
///
/// # Errors
///
/// A body that is not UTF-8 or not well-formed XML.
pub fn parse(body: &[u8]) -> Result<roxmltree::Document<'_>, ReadError> {
    let text = std::str::from_utf8(body).map_err(|_| XmlError::new("the body is not UTF-8"))?;
    roxmltree::Document::parse(text)
        .map_err(|e| Box::new(XmlError::new(format!("invalid XML: {e}"))) as ReadError)
}

/// The element holding an output's members: the root's child `<{Operation}Result>`; `None`
/// when the answer has none (an output with nothing set).
pub fn result<'a, 'input>(
    document: &'a roxmltree::Document<'input>,
    wrapper: &str,
) -> Option<Node<'a, 'input>> {
    child(document.root_element(), wrapper)
}

/// The element holding an error's members: `<Error>` under `<ErrorResponse>` (or under its
/// `<Errors>`), else the root.
pub fn error_element<'a, 'input>(document: &'a roxmltree::Document<'input>) -> Node<'a, 'input> {
    let root = document.root_element();
    child(root, "Error")
        .or_else(|| child(root, "Errors").and_then(|errors| child(errors, "Error")))
        .unwrap_or(root)
}

/// What an error answer says of itself: its code, message and request id.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ErrorFields {
    /// `<Code>`.
    pub code: Option<String>,
    /// `<Message>`.
    pub message: Option<String>,
    /// `<RequestId>`, beside the error or in `<ResponseMetadata>`.
    pub request_id: Option<String>,
}

/// Reads the code, message and request id of an error answer; all `None` for a body that is
/// not XML.
pub fn error_fields(body: &[u8]) -> ErrorFields {
    let Ok(document) = parse(body) else {
        return ErrorFields::default();
    };
    let error = error_element(&document);
    let root = document.root_element();
    let text_of = |node: Option<Node<'_, '_>>| node.map(|n| text(n).to_owned());
    ErrorFields {
        code: text_of(child(error, "Code")),
        message: text_of(child(error, "Message")),
        request_id: text_of(
            child(root, "RequestId")
                .or_else(|| child(root, "ResponseMetadata").and_then(|m| child(m, "RequestId"))),
        ),
    }
}

/// The first child element named `name` (namespaces aside).
pub fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// Every child element named `name`, in order.
pub fn children<'a, 'input: 'a>(
    node: Node<'a, 'input>,
    name: &'a str,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// Every child element, in order.
pub fn elements<'a, 'input: 'a>(
    node: Node<'a, 'input>,
) -> impl Iterator<Item = Node<'a, 'input>> + 'a {
    node.children().filter(Node::is_element)
}

/// The text of an element before its first child element; empty when it has none.
pub fn text<'a>(node: Node<'a, '_>) -> &'a str {
    node.text().unwrap_or_default()
}

/// A string: the element's text. Never fails; a `Result` like the other readers'.
///
/// # Errors
///
/// None.
pub fn string(node: Node<'_, '_>) -> Result<String, ReadError> {
    Ok(text(node).to_owned())
}

/// An enum's value: the element's text, a value the model does not know included.
///
/// # Errors
///
/// None.
pub fn enumeration<E: for<'a> From<&'a str>>(node: Node<'_, '_>) -> Result<E, ReadError> {
    Ok(E::from(text(node)))
}

fn invalid(node: Node<'_, '_>, what: &str) -> ReadError {
    Box::new(XmlError::new(format!(
        "<{}>: {:?} is not {what}",
        node.tag_name().name(),
        text(node)
    )))
}

/// A boolean: `true` or `false`.
///
/// # Errors
///
/// Any other text.
pub fn boolean(node: Node<'_, '_>) -> Result<bool, ReadError> {
    match text(node).trim() {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid(node, "a boolean")),
    }
}

/// A number (integers in decimal; floats also as `NaN`, `Infinity` and `-Infinity`).
///
/// # Errors
///
/// Text that is not a number of the type, or out of its range.
pub fn number<N: std::str::FromStr>(node: Node<'_, '_>) -> Result<N, ReadError> {
    text(node)
        .trim()
        .parse()
        .map_err(|_| invalid(node, "a number of the member's type"))
}

/// A timestamp in `format`, or in any other of Smithy's formats (as botocore reads any).
///
/// # Errors
///
/// Text that is a timestamp in no format.
pub fn timestamp(
    node: Node<'_, '_>,
    format: TimeFormat,
) -> Result<time::OffsetDateTime, ReadError> {
    let value = text(node);
    [
        format,
        TimeFormat::DateTime,
        TimeFormat::EpochSeconds,
        TimeFormat::HttpDate,
    ]
    .into_iter()
    .find_map(|format| crate::wire::parse_time(value, format).ok())
    .ok_or_else(|| invalid(node, "a timestamp"))
}

/// Bytes written as base64.
///
/// # Errors
///
/// Text that is not base64.
pub fn blob(node: Node<'_, '_>) -> Result<Vec<u8>, ReadError> {
    Base64::decode(text(node).trim()).map_err(|_| invalid(node, "base64"))
}

/// The items of a list element (every child element, as botocore reads them whatever their
/// names).
///
/// # Errors
///
/// The first item that `read` refuses.
pub fn list<T>(
    node: Node<'_, '_>,
    read: impl FnMut(Node<'_, '_>) -> Result<T, ReadError>,
) -> Result<Vec<T>, ReadError> {
    elements(node).map(read).collect()
}

/// The entries of map entry elements: in each, the children named `names.0` and `names.1`.
///
/// # Errors
///
/// An entry without its key or value, or one that `read_key` or `read_value` refuses.
pub fn map<'a, 'input: 'a, K: Ord, V>(
    entries: impl Iterator<Item = Node<'a, 'input>>,
    names: (&str, &str),
    mut read_key: impl FnMut(Node<'_, '_>) -> Result<K, ReadError>,
    mut read_value: impl FnMut(Node<'_, '_>) -> Result<V, ReadError>,
) -> Result<BTreeMap<K, V>, ReadError> {
    let mut map = BTreeMap::new();
    for entry in entries {
        let missing = |what: &str| -> ReadError {
            Box::new(XmlError::new(format!(
                "<{}>: an entry without its <{what}>",
                entry.tag_name().name()
            )))
        };
        let key = child(entry, names.0).ok_or_else(|| missing(names.0))?;
        let value = child(entry, names.1).ok_or_else(|| missing(names.1))?;
        map.insert(read_key(key)?, read_value(value)?);
    }
    Ok(map)
}

/// The error of a required member the answer lacks.
pub fn missing(name: &str) -> ReadError {
    Box::new(XmlError::new(format!(
        "the answer lacks the required member <{name}>"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_form_bodies_as_botocore() {
        let mut writer = QueryWriter::new("AssumeRole", "2011-06-15");
        writer.text(&key("", "RoleArn"), "arn:aws:iam::1:role/a b+c é");
        writer.list(&key("", "Tags"), None, false, &["x", "y"], |w, k, v| {
            w.text(&key(k, "Key"), v);
        });
        writer.list("Empty", None, false, &[] as &[&str], |w, k, v| w.text(k, v));
        writer.list("Parent.Flat", Some("Item"), true, &[1], |w, k, v| {
            w.number(k, *v);
        });
        writer.number("F", 1.5f32);
        writer.number("G", 0.1f32);
        writer.boolean("B", false);
        let map = BTreeMap::from([("a".to_owned(), "1".to_owned())]);
        writer.map(
            "M",
            ("key", "value"),
            false,
            &map,
            |w, k, v| w.text(k, v),
            |w, k, v| {
                w.text(k, v);
            },
        );
        assert_eq!(
            String::from_utf8(writer.finish()).unwrap(),
            "Action=AssumeRole&Version=2011-06-15\
             &RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa+b%2Bc+%C3%A9\
             &Tags.member.1.Key=x&Tags.member.2.Key=y&Empty=&Parent.Item.1=1\
             &F=1.5&G=0.1&B=false&M.entry.1.key=a&M.entry.1.value=1"
        );
    }

    #[test]
    fn reads_results_lists_and_maps() {
        let body = br#"<AResponse xmlns="https://example.com/"><AResult>
            <Name>x &amp; y</Name><Empty/><N> 300 </N><On>true</On>
            <L><member>1</member><member>2</member></L>
            <F>a</F><F>b</F>
            <M><entry><key>k</key><value>v</value></entry></M>
            <T>2024-05-01T12:30:00Z</T><Blob>aGk=</Blob>
            </AResult><ResponseMetadata><RequestId>id-1</RequestId></ResponseMetadata></AResponse>"#;
        let document = parse(body).unwrap();
        let node = result(&document, "AResult").unwrap();
        assert_eq!(text(child(node, "Name").unwrap()), "x & y");
        assert_eq!(text(child(node, "Empty").unwrap()), "");
        assert_eq!(number::<i32>(child(node, "N").unwrap()).unwrap(), 300);
        assert!(boolean(child(node, "On").unwrap()).unwrap());
        let items = list(child(node, "L").unwrap(), number::<i64>).unwrap();
        assert_eq!(items, [1, 2]);
        let flat: Vec<&str> = children(node, "F").map(text).collect();
        assert_eq!(flat, ["a", "b"]);
        let map = map(
            elements(child(node, "M").unwrap()),
            ("key", "value"),
            |n| Ok(text(n).to_owned()),
            |n| Ok(text(n).to_owned()),
        )
        .unwrap();
        assert_eq!(map, BTreeMap::from([("k".to_owned(), "v".to_owned())]));
        let time = timestamp(child(node, "T").unwrap(), TimeFormat::DateTime).unwrap();
        assert_eq!(time.unix_timestamp(), 1_714_566_600);
        assert_eq!(blob(child(node, "Blob").unwrap()).unwrap(), b"hi");
        let error = number::<i8>(child(node, "N").unwrap()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "<N>: \" 300 \" is not a number of the member's type"
        );
        assert!(result(&document, "BResult").is_none());
    }

    #[test]
    fn reads_error_fields() {
        let body = b"<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code>\
            <Message>Rate exceeded</Message></Error><RequestId>r-1</RequestId></ErrorResponse>";
        assert_eq!(
            error_fields(body),
            ErrorFields {
                code: Some("Throttling".to_owned()),
                message: Some("Rate exceeded".to_owned()),
                request_id: Some("r-1".to_owned()),
            }
        );
        let nested = b"<Response><Errors><Error><Code>X</Code></Error></Errors></Response>";
        assert_eq!(error_fields(nested).code.as_deref(), Some("X"));
        assert_eq!(error_fields(b"not xml"), ErrorFields::default());
        assert!(
            parse(b"<a><b></a>")
                .unwrap_err()
                .to_string()
                .starts_with("invalid XML")
        );
    }
}
