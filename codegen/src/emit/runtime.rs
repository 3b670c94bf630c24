//! The crate's fixed support modules (validation, wire helpers, redaction, unknown enum values),
//! each emitted only with the pieces the model uses, so the crate has no dead code.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::inner_doc;
use crate::ir::{Ir, Kind, TimestampFormat, Value};

/// What the model needs from the support modules.
#[derive(Debug, Default)]
pub(crate) struct Usage {
    /// Timestamp formats of body members.
    pub timestamps: BTreeSet<TimestampFormat>,
    /// The model has enums.
    pub enums: bool,
    /// Some structure has constraints to check.
    pub validation: bool,
    /// Checks used, by helper name.
    pub checks: BTreeSet<&'static str>,
    /// Path segments used, by constructor name.
    pub segments: BTreeSet<&'static str>,
    /// Some operation has a path label.
    pub labels: bool,
}

impl Usage {
    /// Scans the IR.
    pub(crate) fn of(ir: &Ir) -> Self {
        let mut usage = Usage {
            enums: !ir.enums.is_empty(),
            validation: ir.structures.values().any(|s| s.has_constraints),
            ..Usage::default()
        };
        for s in ir.structures.values() {
            usage.labels |= s
                .fields
                .iter()
                .any(|f| f.location == crate::ir::Location::Label);
            for f in &s.fields {
                if f.location == crate::ir::Location::Body {
                    usage.value(ir, &f.value, true);
                } else {
                    usage.value(ir, &f.value, false);
                }
            }
        }
        usage
    }

    fn value(&mut self, ir: &Ir, value: &Value, body: bool) {
        let c = &value.constraints;
        let checked = |v: &Value| {
            !v.constraints.is_empty()
                || matches!(&v.kind, Kind::Structure(id) if ir.structures.get(id).is_some_and(|s| s.has_constraints))
        };
        if c.length.is_some() {
            self.checks.insert(if value.kind == Kind::String {
                "string_length"
            } else {
                "count"
            });
        }
        if c.range.is_some() {
            self.checks
                .insert(if matches!(value.kind, Kind::Float | Kind::Double) {
                    "range_float"
                } else {
                    "range"
                });
        }
        if c.pattern.is_some() {
            self.checks.insert("pattern");
        }
        if c.unique_items {
            self.checks.insert("unique_items");
        }
        if c.utf8_size.is_some() {
            self.checks.insert("utf8_size");
        }
        match &value.kind {
            Kind::Timestamp(format) if body => {
                self.timestamps.insert(*format);
            }
            Kind::List(item) => {
                if checked(item) {
                    self.segments.insert("index");
                }
                self.value(ir, item, body);
            }
            Kind::Map(key, v) => {
                if checked(key) {
                    self.segments.insert("key");
                }
                if checked(v) {
                    self.segments.insert("entry");
                }
                self.value(ir, key, body);
                self.value(ir, v, body);
            }
            _ => {}
        }
    }
}

/// The hand-written client runtime (`codegen/runtime/`), copied into the crate unchanged.
const RUNTIME: &[(&str, &str)] = &[
    ("src/client.rs", include_str!("../../runtime/client.rs")),
    ("src/config.rs", include_str!("../../runtime/config.rs")),
    ("src/error.rs", include_str!("../../runtime/error.rs")),
    ("src/retry.rs", include_str!("../../runtime/retry.rs")),
    ("src/sigv4.rs", include_str!("../../runtime/sigv4.rs")),
    (
        "src/transport.rs",
        include_str!("../../runtime/transport.rs"),
    ),
];

/// The JSON body writer, needed when some operation input has body members.
const JSON: (&str, &str) = ("src/json.rs", include_str!("../../runtime/json.rs"));

/// Whether some operation sends a JSON body.
pub(crate) fn sends_json(ir: &Ir) -> bool {
    ir.operations.iter().any(|op| {
        ir.structures.get(&op.input).is_some_and(|s| {
            s.fields
                .iter()
                .any(|f| f.location == crate::ir::Location::Body)
        })
    })
}

/// The runtime's partition table, needed when the endpoint rules call `aws.partition`.
const PARTITION: (&str, &str) = (
    "src/partition.rs",
    include_str!("../../runtime/partition.rs"),
);

/// Whether the generated resolver calls `aws.partition`.
pub(crate) fn uses_partitions(ir: &Ir) -> bool {
    ir.service
        .endpoint_rules
        .as_ref()
        .is_some_and(|rules| rules.to_string().contains("\"aws.partition\""))
}

/// The runtime files the crate needs, with their paths.
pub(crate) fn copied(ir: &Ir) -> Vec<(String, &'static str)> {
    let mut files: Vec<(String, &'static str)> = RUNTIME
        .iter()
        .map(|(path, source)| ((*path).to_owned(), *source))
        .collect();
    if uses_partitions(ir) {
        files.push((PARTITION.0.to_owned(), PARTITION.1));
    }
    if sends_json(ir) {
        files.push((JSON.0.to_owned(), JSON.1));
    }
    files
}

/// The support files the model needs.
pub(crate) fn files(ir: &Ir, usage: &Usage) -> Vec<(String, TokenStream)> {
    let mut files = vec![
        ("src/validation.rs".to_owned(), validation(ir, usage)),
        ("src/wire.rs".to_owned(), wire(usage)),
    ];
    files.push(("src/sensitive.rs".to_owned(), sensitive()));
    if usage.enums {
        files.push(("src/primitives.rs".to_owned(), primitives()));
    }
    files
}

/// `src/sensitive.rs`, in every crate: the client configuration's `Debug` redacts the secret key.
fn sensitive() -> TokenStream {
    quote! {
        //! Keeps sensitive values out of `Debug` output and error messages.

        /// What is printed in place of a sensitive value.
        pub(crate) const REDACTED: &str = "*** Sensitive Data Redacted ***";

        /// Stands in for a sensitive value in `Debug` output.
        pub(crate) struct Redacted;

        impl ::std::fmt::Debug for Redacted {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(REDACTED)
            }
        }
    }
}

fn primitives() -> TokenStream {
    let doc = inner_doc("Small types the generated enums share.");
    quote! {
        #doc

        /// A value of an enum that this version of the crate does not know.
        ///
        /// It is kept exactly as received, so it round-trips. It can only be made by converting
        /// a string that is not a known value, so a known value never lands here.
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct UnknownValue(::std::string::String);

        impl UnknownValue {
            pub(crate) fn new(value: ::std::string::String) -> Self {
                Self(value)
            }

            /// The value as received.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl ::std::fmt::Display for UnknownValue {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    }
}

fn wire(usage: &Usage) -> TokenStream {
    let date_time = usage
        .timestamps
        .contains(&TimestampFormat::DateTime)
        .then(|| {
            quote! {
                /// A timestamp in RFC 3339 `date-time` form (`2024-05-01T12:30:00Z`), always in UTC.
                pub(crate) struct DateTime(pub(crate) ::time::OffsetDateTime);

                impl ::serde::Serialize for DateTime {
                    fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
                    where
                        S: ::serde::Serializer,
                    {
                        // Smithy's date-time is written in UTC, with `Z`.
                        let text = self
                            .0
                            .to_offset(::time::UtcOffset::UTC)
                            .format(&::time::format_description::well_known::Rfc3339)
                            .map_err(::serde::ser::Error::custom)?;
                        serializer.serialize_str(&text)
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for DateTime {
                    fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
                    where
                        D: ::serde::Deserializer<'de>,
                    {
                        let text = <Key<'de> as ::serde::Deserialize>::deserialize(deserializer)?;
                        ::time::OffsetDateTime::parse(
                            text.as_str(),
                            &::time::format_description::well_known::Rfc3339,
                        )
                        // An offset is accepted and the value normalized to UTC, as Smithy specifies.
                        .map(|time| DateTime(time.to_offset(::time::UtcOffset::UTC)))
                        .map_err(|e| {
                            ::serde::de::Error::custom(::std::format_args!(
                                "invalid date-time {:?}: {e}",
                                text.as_str()
                            ))
                        })
                    }
                }
            }
        });
    let epoch_seconds = usage
        .timestamps
        .contains(&TimestampFormat::EpochSeconds)
        .then(|| {
            quote! {
                /// A timestamp as seconds since the Unix epoch, with a fraction when it has one.
                pub(crate) struct EpochSeconds(pub(crate) ::time::OffsetDateTime);

                impl ::serde::Serialize for EpochSeconds {
                    fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
                    where
                        S: ::serde::Serializer,
                    {
                        if self.0.nanosecond() == 0 {
                            serializer.serialize_i64(self.0.unix_timestamp())
                        } else {
                            let nanos = self.0.unix_timestamp_nanos() as f64;
                            serializer.serialize_f64((nanos / 1e6).round() / 1e3)
                        }
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for EpochSeconds {
                    fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
                    where
                        D: ::serde::Deserializer<'de>,
                    {
                        let seconds = <f64 as ::serde::Deserialize>::deserialize(deserializer)?;
                        let nanos = (seconds * 1e9).round();
                        if !nanos.is_finite() {
                            return Err(::serde::de::Error::custom("epoch seconds out of range"));
                        }
                        ::time::OffsetDateTime::from_unix_timestamp_nanos(nanos as i128)
                            .map(EpochSeconds)
                            .map_err(::serde::de::Error::custom)
                    }
                }
            }
        });
    quote! {
        //! Serde support shared by the generated JSON (de)serializers.

        /// A JSON object key, borrowed from the input when it has no escapes.
        ///
        /// serde's `Cow<str>` always allocates; this avoids it for the common case.
        pub(crate) struct Key<'de>(::std::borrow::Cow<'de, str>);

        impl Key<'_> {
            /// The key text.
            pub(crate) fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl<'de> ::serde::Deserialize<'de> for Key<'de> {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: ::serde::Deserializer<'de>,
            {
                struct Visitor;

                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = Key<'de>;

                    fn expecting(&self, formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        formatter.write_str("a string")
                    }

                    fn visit_borrowed_str<E>(self, value: &'de str) -> ::std::result::Result<Key<'de>, E> {
                        Ok(Key(::std::borrow::Cow::Borrowed(value)))
                    }

                    fn visit_str<E>(self, value: &str) -> ::std::result::Result<Key<'de>, E> {
                        Ok(Key(::std::borrow::Cow::Owned(value.to_owned())))
                    }

                    fn visit_string<E>(self, value: ::std::string::String) -> ::std::result::Result<Key<'de>, E> {
                        Ok(Key(::std::borrow::Cow::Owned(value)))
                    }
                }

                deserializer.deserialize_str(Visitor)
            }
        }

        #date_time
        #epoch_seconds
    }
}

fn validation(ir: &Ir, usage: &Usage) -> TokenStream {
    let doc = inner_doc(
        "Constraint checking: the error every `validate()` returns, listing each violation with \
         its JSON path, the constraint and the value.",
    );
    let internals = usage.validation.then(|| validation_internals(ir, usage));
    let empty_label = usage.labels.then(|| {
        quote! {
            impl ValidationError {
                /// The error for a path label left empty.
                pub(crate) fn empty_label(member: &'static str) -> Self {
                    Self {
                        violations: vec![Violation {
                            path: member.to_owned(),
                            constraint: Constraint::Label,
                            value: Some("\"\"".to_owned()),
                        }],
                    }
                }
            }
        }
    });
    quote! {
        #doc

        /// Every constraint a value breaks, found by a `validate()` method.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct ValidationError {
            violations: ::std::vec::Vec<Violation>,
        }

        impl ValidationError {
            /// The violations, in the order of the members in the model.
            pub fn violations(&self) -> &[Violation] {
                &self.violations
            }
        }

        impl ::std::fmt::Display for ValidationError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let n = self.violations.len();
                write!(f, "{n} constraint violation{}: ", if n == 1 { "" } else { "s" })?;
                for (i, violation) in self.violations.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{violation}")?;
                }
                Ok(())
            }
        }

        impl ::std::error::Error for ValidationError {}

        /// One broken constraint.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Violation {
            path: ::std::string::String,
            constraint: Constraint,
            value: ::std::option::Option<::std::string::String>,
        }

        impl Violation {
            /// Where the value is, as a JSON path from the validated value, e.g.
            /// `participantTokenConfigurations[1].duration`. Map entries read `tags["key"]`,
            /// map keys `tags[key "key"]`.
            pub fn path(&self) -> &str {
                &self.path
            }

            /// The constraint that was broken.
            pub fn constraint(&self) -> &Constraint {
                &self.constraint
            }

            /// The offending value as text (strings quoted, long ones shortened, sensitive ones
            /// redacted); `None` for lists and maps.
            pub fn value(&self) -> ::std::option::Option<&str> {
                self.value.as_deref()
            }
        }

        impl ::std::fmt::Display for Violation {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "{}: ", self.path)?;
                let value = self.value.as_deref().unwrap_or_default();
                match &self.constraint {
                    Constraint::Length { min, max, unit: LengthUnit::Characters, actual } => write!(
                        f,
                        "must be {} characters long, but is {actual} characters long: {value}",
                        Bounds(*min, *max)
                    ),
                    Constraint::Length { min, max, unit: LengthUnit::Items, actual } => {
                        write!(f, "must have {} items, but has {actual}", Bounds(*min, *max))
                    }
                    Constraint::Length { min, max, unit: LengthUnit::Entries, actual } => {
                        write!(f, "must have {} entries, but has {actual}", Bounds(*min, *max))
                    }
                    Constraint::Range { min, max } => {
                        write!(f, "must be {}, but is {value}", Bounds(*min, *max))
                    }
                    Constraint::Pattern { pattern } => {
                        write!(f, "must match the pattern {pattern}, but is {value}")
                    }
                    Constraint::UniqueItems { first, repeated } => write!(
                        f,
                        "must not repeat an item, but item [{repeated}] repeats item [{first}]"
                    ),
                    Constraint::Label => {
                        write!(f, "must not be empty: it is a segment of the request path")
                    }
                    Constraint::Utf8Size { max, actual } => write!(
                        f,
                        "keys and values must total at most {max} bytes of UTF-8, but total {actual} bytes"
                    ),
                }
            }
        }

        /// A constraint from the model, with what was found where it helps.
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Constraint {
            /// Length of a string (in Unicode code points), list (items) or map (entries).
            Length {
                /// Inclusive minimum.
                min: ::std::option::Option<u64>,
                /// Inclusive maximum.
                max: ::std::option::Option<u64>,
                /// What was counted.
                unit: LengthUnit,
                /// The length found.
                actual: u64,
            },
            /// Range of a number.
            Range {
                /// Inclusive minimum.
                min: ::std::option::Option<i64>,
                /// Inclusive maximum.
                max: ::std::option::Option<i64>,
            },
            /// A regular expression the string must match (anywhere, as Smithy defines it).
            Pattern {
                /// The expression.
                pattern: &'static str,
            },
            /// No two items of a list may be equal.
            UniqueItems {
                /// Index of the first occurrence.
                first: usize,
                /// Index of the repetition.
                repeated: usize,
            },
            /// A member bound to a path label must not be empty.
            Label,
            /// Combined UTF-8 size of a map's keys and values.
            Utf8Size {
                /// Most bytes allowed.
                max: u64,
                /// Bytes found.
                actual: u64,
            },
        }

        /// What a [`Constraint::Length`] counts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum LengthUnit {
            /// Unicode code points of a string.
            Characters,
            /// Items of a list.
            Items,
            /// Entries of a map.
            Entries,
        }

        /// Inclusive bounds in words.
        struct Bounds<T>(::std::option::Option<T>, ::std::option::Option<T>);

        impl<T: ::std::fmt::Display + PartialEq> ::std::fmt::Display for Bounds<T> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match (&self.0, &self.1) {
                    (Some(min), Some(max)) if min == max => write!(f, "exactly {min}"),
                    (Some(min), Some(max)) => write!(f, "between {min} and {max}"),
                    (Some(min), None) => write!(f, "at least {min}"),
                    (None, Some(max)) => write!(f, "at most {max}"),
                    (None, None) => f.write_str("of any size"),
                }
            }
        }

        #internals
        #empty_label
    }
}

fn validation_internals(ir: &Ir, usage: &Usage) -> TokenStream {
    let has = |name: &str| usage.checks.contains(name);
    let seg = |name: &str| usage.segments.contains(name);

    let mut segments = vec![quote!(Root), quote!(Member(&'static str))];
    let mut constructors = Vec::new();
    let mut renders = Vec::new();
    if seg("index") {
        segments.push(quote!(Index(usize)));
        constructors.push(quote! {
            /// The item at `index` of the list here.
            pub(crate) fn index(&self, index: usize) -> Path<'_> {
                Path { parent: Some(self), segment: Segment::Index(index) }
            }
        });
        renders.push(quote!(Segment::Index(index) => write!(out, "[{index}]"),));
    }
    if seg("entry") {
        segments.push(quote!(Entry(&'a str)));
        constructors.push(quote! {
            /// The value under `key` of the map here.
            pub(crate) fn entry<'k>(&'k self, key: &'k str) -> Path<'k> {
                Path { parent: Some(self), segment: Segment::Entry(key) }
            }
        });
        renders.push(quote!(Segment::Entry(key) => write!(out, "[{key:?}]"),));
    }
    if seg("key") {
        segments.push(quote!(Key(&'a str)));
        constructors.push(quote! {
            /// The key `key` itself of the map here.
            pub(crate) fn key<'k>(&'k self, key: &'k str) -> Path<'k> {
                Path { parent: Some(self), segment: Segment::Key(key) }
            }
        });
        renders.push(quote!(Segment::Key(key) => write!(out, "[key {key:?}]"),));
    }
    let segment_lifetime = (seg("entry") || seg("key")).then(|| quote!(<'a>));
    let show_str = (has("string_length") || has("pattern")).then(|| {
        quote! {
            /// A string for an error message: quoted, shortened past 64 characters, or redacted.
            fn show_str(value: &str, sensitive: bool) -> ::std::string::String {
                const SHOWN: usize = 64;
                if sensitive {
                    return crate::sensitive::REDACTED.to_owned();
                }
                match value.char_indices().nth(SHOWN) {
                    Some((cut, _)) => format!("{:?}…", &value[..cut]),
                    None => format!("{value:?}"),
                }
            }
        }
    });
    let bounds_check = (has("string_length") || has("count") || has("range") || has("range_float")).then(|| {
        quote! {
            fn outside<T: PartialOrd>(value: T, min: ::std::option::Option<T>, max: ::std::option::Option<T>) -> bool {
                min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max)
            }
        }
    });
    let string_length = has("string_length").then(|| {
        quote! {
            /// Length of a string in Unicode code points, as Smithy counts it.
            pub(crate) fn string_length(
                value: &str,
                min: ::std::option::Option<u64>,
                max: ::std::option::Option<u64>,
                sensitive: bool,
                path: &Path<'_>,
                violations: &mut ::std::vec::Vec<Violation>,
            ) {
                let actual = value.chars().count() as u64;
                if outside(actual, min, max) {
                    violations.push(Violation {
                        path: path.render(),
                        constraint: Constraint::Length { min, max, unit: LengthUnit::Characters, actual },
                        value: Some(show_str(value, sensitive)),
                    });
                }
            }
        }
    });
    let count = has("count").then(|| {
        quote! {
            /// Number of items of a list or entries of a map.
            pub(crate) fn count(
                actual: usize,
                min: ::std::option::Option<u64>,
                max: ::std::option::Option<u64>,
                unit: LengthUnit,
                path: &Path<'_>,
                violations: &mut ::std::vec::Vec<Violation>,
            ) {
                let actual = actual as u64;
                if outside(actual, min, max) {
                    violations.push(Violation {
                        path: path.render(),
                        constraint: Constraint::Length { min, max, unit, actual },
                        value: None,
                    });
                }
            }
        }
    });
    let range = has("range").then(|| {
        quote! {
            /// Range of a whole number.
            pub(crate) fn range(
                value: i64,
                min: ::std::option::Option<i64>,
                max: ::std::option::Option<i64>,
                path: &Path<'_>,
                violations: &mut ::std::vec::Vec<Violation>,
            ) {
                if outside(value, min, max) {
                    violations.push(Violation {
                        path: path.render(),
                        constraint: Constraint::Range { min, max },
                        value: Some(value.to_string()),
                    });
                }
            }
        }
    });
    let range_float = has("range_float").then(|| {
        quote! {
            /// Range of a floating-point number (the model's bounds are whole numbers).
            pub(crate) fn range_float(
                value: f64,
                min: ::std::option::Option<i64>,
                max: ::std::option::Option<i64>,
                path: &Path<'_>,
                violations: &mut ::std::vec::Vec<Violation>,
            ) {
                #[allow(clippy::cast_precision_loss, reason = "model bounds are small whole numbers")]
                let (low, high) = (min.map(|m| m as f64), max.map(|m| m as f64));
                if value.is_nan() || outside(value, low, high) {
                    violations.push(Violation {
                        path: path.render(),
                        constraint: Constraint::Range { min, max },
                        value: Some(value.to_string()),
                    });
                }
            }
        }
    });
    let pattern = has("pattern").then(|| {
        let statics = ir.patterns.iter().map(|(name, regex)| {
            let name = format_ident!("{}", name);
            let doc = super::doc(&format!("Pattern {}.", super::code(regex)));
            quote! {
                #doc
                pub(crate) static #name: Pattern = Pattern::new(#regex);
            }
        });
        quote! {
            /// A model pattern, compiled on first use.
            pub(crate) struct Pattern {
                source: &'static str,
                compiled: ::std::sync::OnceLock<::regex_lite::Regex>,
            }

            impl Pattern {
                const fn new(source: &'static str) -> Self {
                    Self { source, compiled: ::std::sync::OnceLock::new() }
                }

                fn is_match(&self, value: &str) -> bool {
                    self.compiled
                        .get_or_init(|| {
                            // The generator compiled every pattern with this same engine before
                            // writing it here, so this cannot fail.
                            ::regex_lite::Regex::new(self.source).expect("pattern checked by the generator")
                        })
                        .is_match(value)
                }
            }

            /// Patterns of the model, by shape.
            pub(crate) mod patterns {
                use super::Pattern;

                #(#statics)*
            }

            /// A string must match a pattern anywhere in it.
            pub(crate) fn pattern(
                value: &str,
                pattern: &Pattern,
                sensitive: bool,
                path: &Path<'_>,
                violations: &mut ::std::vec::Vec<Violation>,
            ) {
                if !pattern.is_match(value) {
                    violations.push(Violation {
                        path: path.render(),
                        constraint: Constraint::Pattern { pattern: pattern.source },
                        value: Some(show_str(value, sensitive)),
                    });
                }
            }
        }
    });
    let unique = has("unique_items").then(|| {
        quote! {
            /// No item may equal an earlier one.
            pub(crate) fn unique_items<T: PartialEq>(
                items: &[T],
                path: &Path<'_>,
                violations: &mut ::std::vec::Vec<Violation>,
            ) {
                for (repeated, item) in items.iter().enumerate() {
                    if let Some(first) = items[..repeated].iter().position(|earlier| earlier == item) {
                        violations.push(Violation {
                            path: path.render(),
                            constraint: Constraint::UniqueItems { first, repeated },
                            value: None,
                        });
                    }
                }
            }
        }
    });
    let utf8 = has("utf8_size").then(|| {
        quote! {
            /// Combined UTF-8 size of a map's keys and values.
            pub(crate) fn utf8_size(
                actual: usize,
                max: u64,
                path: &Path<'_>,
                violations: &mut ::std::vec::Vec<Violation>,
            ) {
                let actual = actual as u64;
                if actual > max {
                    violations.push(Violation {
                        path: path.render(),
                        constraint: Constraint::Utf8Size { max, actual },
                        value: None,
                    });
                }
            }
        }
    });
    quote! {
        impl ValidationError {
            /// `Ok` when nothing was found.
            pub(crate) fn check(violations: ::std::vec::Vec<Violation>) -> ::std::result::Result<(), Self> {
                if violations.is_empty() {
                    Ok(())
                } else {
                    Err(Self { violations })
                }
            }
        }

        /// Where a value sits, built on the stack while validating and rendered only for a
        /// violation, so a valid value costs no allocation.
        #[derive(Clone, Copy)]
        pub(crate) struct Path<'a> {
            parent: ::std::option::Option<&'a Path<'a>>,
            segment: Segment #segment_lifetime,
        }

        #[derive(Clone, Copy)]
        enum Segment #segment_lifetime {
            #(#segments,)*
        }

        impl Path<'_> {
            /// The validated value itself.
            pub(crate) const ROOT: Path<'static> = Path { parent: None, segment: Segment::Root };

            /// The member `name` (its JSON name) of the structure here.
            pub(crate) fn member(&self, name: &'static str) -> Path<'_> {
                Path { parent: Some(self), segment: Segment::Member(name) }
            }

            #(#constructors)*

            fn render(&self) -> ::std::string::String {
                use ::std::fmt::Write as _;
                let mut segments = ::std::vec::Vec::new();
                let mut at = Some(self);
                while let Some(path) = at {
                    segments.push(path.segment);
                    at = path.parent;
                }
                let mut out = ::std::string::String::new();
                for segment in segments.iter().rev() {
                    // Writing to a String cannot fail.
                    let _ = match segment {
                        Segment::Root => Ok(()),
                        Segment::Member(name) if out.is_empty() => out.write_str(name),
                        Segment::Member(name) => write!(out, ".{name}"),
                        #(#renders)*
                    };
                }
                out
            }
        }

        #bounds_check
        #show_str
        #string_length
        #count
        #range
        #range_float
        #pattern
        #unique
        #utf8
    }
}
