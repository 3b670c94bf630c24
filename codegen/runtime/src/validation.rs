//! Constraint checking: the error every generated `validate()` returns, listing each violation
//! with its JSON path, the constraint and the value, and the checks generated code calls.
//!
//! Paths are built on the stack while validating and rendered only for a violation, so a valid
//! value costs no allocation.

use std::fmt;
use std::sync::OnceLock;

use crate::sensitive::REDACTED;

/// Every constraint a value breaks, found by a `validate()` method.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    violations: Vec<Violation>,
}

impl ValidationError {
    /// The violations, in the order of the members in the model.
    pub fn violations(&self) -> &[Violation] {
        &self.violations
    }

    /// `Ok` when nothing was found, else the error listing what was.
    pub fn check(violations: Vec<Violation>) -> Result<(), Self> {
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Self { violations })
        }
    }

    /// The error for a path label left empty: the request cannot be written without it, so
    /// this holds even when validation is off.
    pub fn empty_label(member: &'static str) -> Self {
        Self {
            violations: vec![Violation {
                path: member.to_owned(),
                constraint: Constraint::Label,
                value: Some("\"\"".to_owned()),
            }],
        }
    }
}

impl ValidationError {
    /// The error for a `hostLabel` member whose value is not a host label: it goes into the
    /// host name, where it could otherwise send the request to another host. This holds even
    /// when validation is off.
    pub fn invalid_host_label(member: &'static str, value: &str) -> Self {
        Self {
            violations: vec![Violation {
                path: member.to_owned(),
                constraint: Constraint::HostLabel,
                value: Some(format!("{value:?}")),
            }],
        }
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.violations.len();
        write!(
            f,
            "{n} constraint violation{}: ",
            if n == 1 { "" } else { "s" }
        )?;
        for (i, violation) in self.violations.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationError {}

/// One broken constraint.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    path: String,
    constraint: Constraint,
    value: Option<String>,
}

impl Violation {
    /// Where the value is, as a JSON path from the validated value, e.g.
    /// `participantTokenConfigurations[1].duration`. Map entries read `tags["key"]`, map keys
    /// `tags[key "key"]`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The constraint that was broken.
    pub fn constraint(&self) -> &Constraint {
        &self.constraint
    }

    /// The offending value as text (strings quoted, long ones shortened, sensitive ones
    /// redacted); `None` for lists and maps.
    pub fn value(&self) -> Option<&str> {
        self.value.as_deref()
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.path)?;
        let value = self.value.as_deref().unwrap_or_default();
        match &self.constraint {
            Constraint::Length {
                min,
                max,
                unit: LengthUnit::Characters,
                actual,
            } => write!(
                f,
                "must be {} characters long, but is {actual} characters long: {value}",
                Bounds(*min, *max)
            ),
            Constraint::Length {
                min,
                max,
                unit: LengthUnit::Items,
                actual,
            } => write!(
                f,
                "must have {} items, but has {actual}",
                Bounds(*min, *max)
            ),
            Constraint::Length {
                min,
                max,
                unit: LengthUnit::Entries,
                actual,
            } => write!(
                f,
                "must have {} entries, but has {actual}",
                Bounds(*min, *max)
            ),
            Constraint::Length {
                min,
                max,
                unit: LengthUnit::Bytes,
                actual,
            } => write!(
                f,
                "must be {} bytes long, but is {actual} bytes long",
                Bounds(*min, *max)
            ),
            Constraint::FloatRange { min, max } => {
                write!(f, "must be {}, but is {value}", Bounds(*min, *max))
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
            Constraint::HostLabel => write!(
                f,
                "must be a host label (letters, digits and hyphens, dot-separated parts of 1 to \
                 63, no part starting or ending with a hyphen): it is part of the host name, but \
                 is {value}"
            ),
            Constraint::Utf8Size { max, actual } => write!(
                f,
                "keys and values must total at most {max} bytes of UTF-8, but total {actual} bytes"
            ),
        }
    }
}

/// A constraint from the model, with what was found where it helps.
// Not `Eq`: a float range holds `f64` bounds.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Constraint {
    /// Length of a string (in Unicode code points), list (items) or map (entries).
    Length {
        /// Inclusive minimum.
        min: Option<u64>,
        /// Inclusive maximum.
        max: Option<u64>,
        /// What was counted.
        unit: LengthUnit,
        /// The length found.
        actual: u64,
    },
    /// Range of a number.
    Range {
        /// Inclusive minimum.
        min: Option<i64>,
        /// Inclusive maximum.
        max: Option<i64>,
    },
    /// Range of a floating-point number.
    FloatRange {
        /// Inclusive minimum.
        min: Option<f64>,
        /// Inclusive maximum.
        max: Option<f64>,
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
    /// A `hostLabel` member that is not a host label.
    HostLabel,
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
    /// Bytes of a blob.
    Bytes,
}

/// Inclusive bounds in words.
struct Bounds<T>(Option<T>, Option<T>);

impl<T: fmt::Display + PartialEq> fmt::Display for Bounds<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.0, &self.1) {
            (Some(min), Some(max)) if min == max => write!(f, "exactly {min}"),
            (Some(min), Some(max)) => write!(f, "between {min} and {max}"),
            (Some(min), None) => write!(f, "at least {min}"),
            (None, Some(max)) => write!(f, "at most {max}"),
            (None, None) => f.write_str("of any size"),
        }
    }
}

/// Where a value sits in the validated value: a chain of segments on the stack.
#[derive(Clone, Copy)]
pub struct Path<'a> {
    parent: Option<&'a Path<'a>>,
    segment: Segment<'a>,
}

#[derive(Clone, Copy)]
enum Segment<'a> {
    Root,
    Member(&'static str),
    Index(usize),
    Entry(&'a str),
    Key(&'a str),
}

impl Path<'_> {
    /// The validated value itself.
    pub const ROOT: Path<'static> = Path {
        parent: None,
        segment: Segment::Root,
    };

    /// The member `name` (its JSON name) of the structure here.
    pub fn member(&self, name: &'static str) -> Path<'_> {
        Path {
            parent: Some(self),
            segment: Segment::Member(name),
        }
    }

    /// The item at `index` of the list here.
    pub fn index(&self, index: usize) -> Path<'_> {
        Path {
            parent: Some(self),
            segment: Segment::Index(index),
        }
    }

    /// The value under `key` of the map here.
    pub fn entry<'k>(&'k self, key: &'k str) -> Path<'k> {
        Path {
            parent: Some(self),
            segment: Segment::Entry(key),
        }
    }

    /// The key `key` itself of the map here.
    pub fn key<'k>(&'k self, key: &'k str) -> Path<'k> {
        Path {
            parent: Some(self),
            segment: Segment::Key(key),
        }
    }

    fn render(&self) -> String {
        use std::fmt::Write as _;
        let mut segments = Vec::new();
        let mut at = Some(self);
        while let Some(path) = at {
            segments.push(path.segment);
            at = path.parent;
        }
        let mut out = String::new();
        for segment in segments.iter().rev() {
            // Writing to a String cannot fail.
            let _ = match segment {
                Segment::Root => Ok(()),
                Segment::Member(name) if out.is_empty() => out.write_str(name),
                Segment::Member(name) => write!(out, ".{name}"),
                Segment::Index(index) => write!(out, "[{index}]"),
                Segment::Entry(key) => write!(out, "[{key:?}]"),
                Segment::Key(key) => write!(out, "[key {key:?}]"),
            };
        }
        out
    }
}

fn outside<T: PartialOrd>(value: T, min: Option<T>, max: Option<T>) -> bool {
    min.is_some_and(|min| value < min) || max.is_some_and(|max| value > max)
}

/// A string for an error message: quoted, shortened past 64 characters, or redacted.
fn show_str(value: &str, sensitive: bool) -> String {
    const SHOWN: usize = 64;
    if sensitive {
        return REDACTED.to_owned();
    }
    match value.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{:?}…", &value[..cut]),
        None => format!("{value:?}"),
    }
}

/// Checks the length of a string in Unicode code points, as Smithy counts it.
pub fn string_length(
    value: &str,
    min: Option<u64>,
    max: Option<u64>,
    sensitive: bool,
    path: &Path<'_>,
    violations: &mut Vec<Violation>,
) {
    let actual = value.chars().count() as u64;
    if outside(actual, min, max) {
        violations.push(Violation {
            path: path.render(),
            constraint: Constraint::Length {
                min,
                max,
                unit: LengthUnit::Characters,
                actual,
            },
            value: Some(show_str(value, sensitive)),
        });
    }
}

/// Checks the number of items of a list or entries of a map.
pub fn count(
    actual: usize,
    min: Option<u64>,
    max: Option<u64>,
    unit: LengthUnit,
    path: &Path<'_>,
    violations: &mut Vec<Violation>,
) {
    let actual = actual as u64;
    if outside(actual, min, max) {
        violations.push(Violation {
            path: path.render(),
            constraint: Constraint::Length {
                min,
                max,
                unit,
                actual,
            },
            value: None,
        });
    }
}

/// Checks the range of a whole number.
pub fn range(
    value: i64,
    min: Option<i64>,
    max: Option<i64>,
    path: &Path<'_>,
    violations: &mut Vec<Violation>,
) {
    if outside(value, min, max) {
        violations.push(Violation {
            path: path.render(),
            constraint: Constraint::Range { min, max },
            value: Some(value.to_string()),
        });
    }
}

/// Checks the range of a floating-point number; NaN is never in range.
pub fn range_float(
    value: f64,
    min: Option<f64>,
    max: Option<f64>,
    path: &Path<'_>,
    violations: &mut Vec<Violation>,
) {
    if value.is_nan() || outside(value, min, max) {
        violations.push(Violation {
            path: path.render(),
            constraint: Constraint::FloatRange { min, max },
            value: Some(value.to_string()),
        });
    }
}

/// A model pattern, compiled on first use.
///
/// A pattern is an ECMAScript regular expression in the model; the generator translates it
/// into the syntax of the engine that matches it here, keeping ECMAScript's meaning (ASCII
/// `\d` and `\w`, no Unicode tables needed), and checks that it compiles. Most patterns are
/// matched with the `regex` crate; the few with look-around or back-references with
/// `fancy-regex`, which the `lookaround` feature adds.
pub struct Pattern {
    source: &'static str,
    engine: &'static str,
    compiled: OnceLock<Option<Engine>>,
    lookaround: bool,
}

enum Engine {
    Regex(regex::Regex),
    #[cfg(feature = "lookaround")]
    Fancy(fancy_regex::Regex),
}

impl Pattern {
    /// A pattern written `source` in the model and `engine` in the `regex` crate's syntax.
    pub const fn new(source: &'static str, engine: &'static str) -> Self {
        Self {
            source,
            engine,
            compiled: OnceLock::new(),
            lookaround: false,
        }
    }

    /// A pattern written `source` in the model and `engine` in `fancy-regex`'s syntax, for the
    /// patterns with look-around or back-references.
    #[cfg(feature = "lookaround")]
    pub const fn with_lookaround(source: &'static str, engine: &'static str) -> Self {
        Self {
            source,
            engine,
            compiled: OnceLock::new(),
            lookaround: true,
        }
    }

    /// The expression, as the model writes it.
    pub fn source(&self) -> &'static str {
        self.source
    }

    /// Whether the expression matches anywhere in `value`. A pattern that does not compile
    /// (which the generator does not let through) matches nothing.
    pub fn is_match(&self, value: &str) -> bool {
        let compiled = self.compiled.get_or_init(|| {
            if self.lookaround {
                #[cfg(feature = "lookaround")]
                return fancy_regex::Regex::new(self.engine).ok().map(Engine::Fancy);
            }
            regex::Regex::new(self.engine).ok().map(Engine::Regex)
        });
        match compiled {
            Some(Engine::Regex(regex)) => regex.is_match(value),
            // A search that gives up (it backtracked too much) does not match.
            #[cfg(feature = "lookaround")]
            Some(Engine::Fancy(regex)) => regex.is_match(value).unwrap_or(false),
            None => false,
        }
    }
}

/// Checks that a string matches a pattern anywhere in it.
pub fn pattern(
    value: &str,
    pattern: &Pattern,
    sensitive: bool,
    path: &Path<'_>,
    violations: &mut Vec<Violation>,
) {
    if !pattern.is_match(value) {
        violations.push(Violation {
            path: path.render(),
            constraint: Constraint::Pattern {
                pattern: pattern.source,
            },
            value: Some(show_str(value, sensitive)),
        });
    }
}

/// Checks that no item equals an earlier one.
pub fn unique_items<T: PartialEq>(items: &[T], path: &Path<'_>, violations: &mut Vec<Violation>) {
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

/// Checks the combined UTF-8 size of a map's keys and values.
pub fn utf8_size(actual: usize, max: u64, path: &Path<'_>, violations: &mut Vec<Violation>) {
    let actual = actual as u64;
    if actual > max {
        violations.push(Violation {
            path: path.render(),
            constraint: Constraint::Utf8Size { max, actual },
            value: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_as_json_paths() {
        let mut violations = Vec::new();
        let root = Path::ROOT;
        let tokens = root.member("tokens");
        let first = tokens.index(1);
        let attributes = first.member("attributes");
        string_length(
            "abc",
            None,
            Some(2),
            false,
            &attributes.entry("k"),
            &mut violations,
        );
        string_length(
            "abc",
            Some(5),
            None,
            false,
            &attributes.key("abc"),
            &mut violations,
        );
        let error = ValidationError::check(violations).unwrap_err();
        assert_eq!(
            error.to_string(),
            "2 constraint violations: tokens[1].attributes[\"k\"]: must be at most 2 characters \
             long, but is 3 characters long: \"abc\"; tokens[1].attributes[key \"abc\"]: must be \
             at least 5 characters long, but is 3 characters long: \"abc\""
        );
    }

    #[test]
    fn sensitive_and_long_values_are_not_shown_whole() {
        let mut violations = Vec::new();
        let at = Path::ROOT.member("token");
        pattern(
            "secret",
            &Pattern::new("^x$", "^x$"),
            true,
            &at,
            &mut violations,
        );
        let long = "x".repeat(70);
        string_length(&long, None, Some(1), false, &at, &mut violations);
        assert_eq!(violations[0].value(), Some(REDACTED));
        assert_eq!(
            violations[1].value(),
            Some(format!("{:?}…", "x".repeat(64)).as_str())
        );
        assert!(ValidationError::check(Vec::new()).is_ok());
    }

    #[cfg(feature = "lookaround")]
    #[test]
    fn look_around_patterns_match_with_their_engine() {
        let pattern = Pattern::with_lookaround("^(?!aws:).+$", "^(?!aws:).+$");
        assert!(pattern.is_match("a:b"));
        assert!(!pattern.is_match("aws:b"));
    }

    #[test]
    fn a_pattern_matches_anywhere_and_nan_is_out_of_range() {
        assert!(Pattern::new("b", "b").is_match("abc"));
        assert!(!Pattern::new("(", "(").is_match("("));
        let mut violations = Vec::new();
        range_float(f64::NAN, None, None, &Path::ROOT, &mut violations);
        range(5, Some(1), Some(4), &Path::ROOT, &mut violations);
        unique_items(&[1, 2, 1], &Path::ROOT, &mut violations);
        utf8_size(10, 4, &Path::ROOT, &mut violations);
        count(
            3,
            Some(4),
            None,
            LengthUnit::Items,
            &Path::ROOT,
            &mut violations,
        );
        let shown: Vec<String> = violations.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                ": must be of any size, but is NaN",
                ": must be between 1 and 4, but is 5",
                ": must not repeat an item, but item [2] repeats item [0]",
                ": keys and values must total at most 4 bytes of UTF-8, but total 10 bytes",
                ": must have at least 4 items, but has 3",
            ]
        );
    }
}
