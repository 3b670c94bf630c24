//! Smithy patterns (`smithy.api#pattern`) are ECMAScript regular expressions. The runtime
//! matches them with the `regex` crate (or, for the few that need look-around or
//! back-references, `fancy-regex`), whose syntax and meaning differ: `\d` and `\w` are
//! Unicode-aware there and ASCII-only in ECMAScript, `.` excludes only `\n` there, `[a&&b]` is an
//! intersection there and three characters in ECMAScript, and so on. So every pattern is
//! parsed here, at generation time, with ECMAScript's grammar, and written again in the
//! engine's syntax with ECMAScript's meaning:
//!
//! - `\d`, `\w` and `\s` (and `\D`, `\W`, `\S`) become the explicit ASCII sets (for `\s`, the
//!   ECMAScript white space and line terminators), inside and outside classes;
//! - `.` becomes "anything but a line terminator" (`\n`, `\r`, U+2028, U+2029);
//! - `\p{..}` and `\P{..}` become the explicit ranges of the Unicode general category, script
//!   or property, from `regex-syntax`'s tables at generation time, so the runtime carries no
//!   Unicode tables; the POSIX names of Java (`\p{Alnum}`, `\p{Punct}`, …) their ASCII sets;
//! - every literal character is escaped as the engine needs; classes are rebuilt from their
//!   ranges;
//! - `\b` and `\B` become the equivalent look-arounds over the ASCII word characters;
//! - capturing and named groups become non-capturing ones (nothing reads the captures), except
//!   where a back-reference needs them;
//! - `\A`, `\z` and `\Z`, which ECMAScript reads as the letters, are anchors, as in the Java
//!   regular expressions the services check with: taken as letters they would reject every
//!   valid value.
//!
//! A pattern that does not parse is reported with the reason; the result is compiled by the
//! generator with the engine the runtime uses, so a crate never holds a pattern that does not
//! compile.

use std::fmt::Write as _;

/// A pattern in the runtime engine's syntax.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// The expression, in `regex` (or `fancy-regex`) syntax.
    pub regex: String,
    /// Whether it needs `fancy-regex` (look-around or back-references).
    pub lookaround: bool,
}

/// Translates an ECMAScript pattern.
///
/// # Errors
///
/// Why the pattern is not a valid ECMAScript regular expression (or uses a property this
/// generator does not know).
pub fn translate(pattern: &str) -> Result<Translated, String> {
    let mut parser = Parser {
        chars: pattern.chars().collect(),
        at: 0,
        groups: 0,
        backreferences: false,
    };
    let node = parser.disjunction()?;
    if parser.at < parser.chars.len() {
        return Err(format!(
            "unexpected `{}` at position {}",
            parser.chars[parser.at], parser.at
        ));
    }
    let mut out = String::with_capacity(pattern.len() * 2);
    let capture = parser.backreferences;
    write_node(&node, capture, &mut out);
    Ok(Translated {
        regex: out,
        lookaround: node.needs_fancy(),
    })
}

/// Compiles a translated pattern with the engine the runtime uses for it.
///
/// # Errors
///
/// The engine's message when it refuses the expression.
pub fn compile(translated: &Translated) -> Result<(), String> {
    if translated.lookaround {
        fancy_regex::Regex::new(&translated.regex)
            .map(|_| ())
            .map_err(|e| e.to_string())
    } else {
        regex::Regex::new(&translated.regex)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// The ECMAScript regular expression, parsed.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Alternatives.
    Alternation(Vec<Node>),
    /// A sequence.
    Concat(Vec<Node>),
    /// One character.
    Char(char),
    /// A set of characters: ranges, and sets it excludes (from `\D`, `\P{..}` inside a
    /// class).
    Class(Class),
    /// `^`, `\A`.
    Start,
    /// `$`, `\z`, `\Z`.
    End,
    /// `\b` (`true`) or `\B`.
    WordBoundary(bool),
    /// A group; `capturing` for `(..)` and `(?<name>..)`.
    Group { node: Box<Node>, capturing: bool },
    /// `(?=..)`, `(?!..)`, `(?<=..)`, `(?<!..)`.
    Look {
        node: Box<Node>,
        ahead: bool,
        negated: bool,
    },
    /// A repetition.
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        lazy: bool,
    },
    /// `\1`…
    Backreference(u32),
}

/// A character class: included ranges (inclusive), and excluded sets.
#[derive(Debug, Clone, PartialEq, Default)]
struct Class {
    negated: bool,
    ranges: Vec<(char, char)>,
    /// Nested negated sets (`[^…]` inside the class), from `\D`, `\W`, `\S`, `\P{..}`.
    excluded: Vec<Vec<(char, char)>>,
}

impl Node {
    fn needs_fancy(&self) -> bool {
        match self {
            Node::Look { .. } | Node::Backreference(_) | Node::WordBoundary(_) => true,
            Node::Alternation(nodes) | Node::Concat(nodes) => nodes.iter().any(Node::needs_fancy),
            Node::Group { node, .. } | Node::Repeat { node, .. } => node.needs_fancy(),
            Node::Char(_) | Node::Class(_) | Node::Start | Node::End => false,
        }
    }
}

/// ECMAScript's white space and line terminators (`\s`).
const SPACE: &[(char, char)] = &[
    ('\t', '\r'),
    (' ', ' '),
    ('\u{a0}', '\u{a0}'),
    ('\u{1680}', '\u{1680}'),
    ('\u{2000}', '\u{200a}'),
    ('\u{2028}', '\u{2029}'),
    ('\u{202f}', '\u{202f}'),
    ('\u{205f}', '\u{205f}'),
    ('\u{3000}', '\u{3000}'),
    ('\u{feff}', '\u{feff}'),
];
const DIGIT: &[(char, char)] = &[('0', '9')];
const WORD: &[(char, char)] = &[('0', '9'), ('A', 'Z'), ('_', '_'), ('a', 'z')];
/// What `.` matches: everything but the line terminators.
const NOT_LINE_TERMINATOR: &[(char, char)] = &[
    ('\0', '\t'),
    ('\u{b}', '\u{c}'),
    ('\u{e}', '\u{2027}'),
    ('\u{202a}', '\u{d7ff}'),
    ('\u{e000}', '\u{10ffff}'),
];

struct Parser {
    chars: Vec<char>,
    at: usize,
    groups: u32,
    backreferences: bool,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.at + offset).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn disjunction(&mut self) -> Result<Node, String> {
        let mut alternatives = vec![self.alternative()?];
        while self.eat('|') {
            alternatives.push(self.alternative()?);
        }
        Ok(if alternatives.len() == 1 {
            alternatives.remove(0)
        } else {
            Node::Alternation(alternatives)
        })
    }

    fn alternative(&mut self) -> Result<Node, String> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            terms.push(self.term()?);
        }
        Ok(Node::Concat(terms))
    }

    fn term(&mut self) -> Result<Node, String> {
        let start = self.at;
        let atom = match self.peek() {
            Some('^') => {
                self.at += 1;
                return Ok(Node::Start);
            }
            Some('$') => {
                self.at += 1;
                return Ok(Node::End);
            }
            Some('(') if self.peek_at(1) == Some('?') => {
                let look = match (self.peek_at(2), self.peek_at(3)) {
                    (Some('='), _) => Some((true, false, 3)),
                    (Some('!'), _) => Some((true, true, 3)),
                    (Some('<'), Some('=')) => Some((false, false, 4)),
                    (Some('<'), Some('!')) => Some((false, true, 4)),
                    _ => None,
                };
                if let Some((ahead, negated, skip)) = look {
                    self.at += skip;
                    let node = self.disjunction()?;
                    self.close(start)?;
                    let look = Node::Look {
                        node: Box::new(node),
                        ahead,
                        negated,
                    };
                    // Annex B: a look-ahead may take a quantifier; it changes nothing.
                    if ahead {
                        self.quantifier()?;
                    }
                    return Ok(look);
                }
                self.group()?
            }
            Some('(') => self.group()?,
            Some(')') => return Err(format!("unmatched `)` at position {}", self.at)),
            Some('[') => Node::Class(self.class()?),
            Some('.') => {
                self.at += 1;
                Node::Class(Class {
                    ranges: NOT_LINE_TERMINATOR.to_vec(),
                    ..Class::default()
                })
            }
            Some('\\') => {
                self.at += 1;
                match self.atom_escape()? {
                    Escaped::Node(node) => {
                        if matches!(node, Node::Start | Node::End | Node::WordBoundary(_)) {
                            return Ok(node);
                        }
                        node
                    }
                    Escaped::Class(class) => Node::Class(class),
                    Escaped::Char(c) => Node::Char(c),
                }
            }
            Some(c @ ('*' | '+' | '?')) => {
                return Err(format!(
                    "nothing to repeat with `{c}` at position {}",
                    self.at
                ));
            }
            Some('{') if self.is_quantifier_brace() => {
                return Err(format!(
                    "nothing to repeat with `{{` at position {}",
                    self.at
                ));
            }
            Some(c) => {
                self.at += 1;
                Node::Char(c)
            }
            None => return Err("unexpected end of pattern".to_owned()),
        };
        match self.quantifier()? {
            Some((min, max, lazy)) => Ok(Node::Repeat {
                node: Box::new(atom),
                min,
                max,
                lazy,
            }),
            None => Ok(atom),
        }
    }

    fn close(&mut self, start: usize) -> Result<(), String> {
        if self.eat(')') {
            Ok(())
        } else {
            Err(format!("the group at position {start} is not closed"))
        }
    }

    fn group(&mut self) -> Result<Node, String> {
        let start = self.at;
        self.at += 1;
        let capturing = if self.peek() == Some('?') {
            match self.peek_at(1) {
                Some(':') => {
                    self.at += 2;
                    false
                }
                Some('<') => {
                    // A named group: its name, up to `>`.
                    self.at += 2;
                    while let Some(c) = self.peek() {
                        self.at += 1;
                        if c == '>' {
                            break;
                        }
                        if !(c.is_alphanumeric() || c == '_' || c == '$') {
                            return Err(format!("invalid group name at position {start}"));
                        }
                    }
                    true
                }
                _ => return Err(format!("invalid group at position {start}")),
            }
        } else {
            true
        };
        if capturing {
            self.groups += 1;
        }
        let node = self.disjunction()?;
        self.close(start)?;
        Ok(Node::Group {
            node: Box::new(node),
            capturing,
        })
    }

    /// Whether a `{` here starts a valid `{n}`, `{n,}` or `{n,m}` (else Annex B reads it as a
    /// literal).
    fn is_quantifier_brace(&self) -> bool {
        let mut i = self.at + 1;
        let digits = |i: &mut usize| {
            let start = *i;
            while self.chars.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            *i > start
        };
        if !digits(&mut i) {
            return false;
        }
        if self.chars.get(i) == Some(&',') {
            i += 1;
            digits(&mut i);
        }
        self.chars.get(i) == Some(&'}')
    }

    fn number(&mut self) -> Result<u32, String> {
        let start = self.at;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        text.parse()
            .map_err(|_| format!("repetition count {text} is too large"))
    }

    fn quantifier(&mut self) -> Result<Option<(u32, Option<u32>, bool)>, String> {
        let (min, max) = match self.peek() {
            Some('*') => {
                self.at += 1;
                (0, None)
            }
            Some('+') => {
                self.at += 1;
                (1, None)
            }
            Some('?') => {
                self.at += 1;
                (0, Some(1))
            }
            Some('{') if self.is_quantifier_brace() => {
                self.at += 1;
                let min = self.number()?;
                let max = if self.eat(',') {
                    if self.peek() == Some('}') {
                        None
                    } else {
                        Some(self.number()?)
                    }
                } else {
                    Some(min)
                };
                self.at += 1; // `}`
                if max.is_some_and(|max| max < min) {
                    return Err(format!(
                        "repetition {{{min},..}} has its bounds out of order"
                    ));
                }
                (min, max)
            }
            _ => return Ok(None),
        };
        let lazy = self.eat('?');
        Ok(Some((min, max, lazy)))
    }

    fn atom_escape(&mut self) -> Result<Escaped, String> {
        let c = self
            .peek()
            .ok_or("the pattern ends with a lone backslash")?;
        match c {
            'b' => {
                self.at += 1;
                Ok(Escaped::Node(Node::WordBoundary(true)))
            }
            'B' => {
                self.at += 1;
                Ok(Escaped::Node(Node::WordBoundary(false)))
            }
            'A' => {
                self.at += 1;
                Ok(Escaped::Node(Node::Start))
            }
            'z' | 'Z' => {
                self.at += 1;
                Ok(Escaped::Node(Node::End))
            }
            '1'..='9' => {
                let n = self.number()?;
                self.backreferences = true;
                Ok(Escaped::Node(Node::Backreference(n)))
            }
            _ => self.class_or_char_escape(false),
        }
    }

    /// An escape that is a set (`\d`, `\p{..}`) or a character, in a class (`in_class`) or
    /// outside.
    fn class_or_char_escape(&mut self, in_class: bool) -> Result<Escaped, String> {
        let c = self
            .peek()
            .ok_or("the pattern ends with a lone backslash")?;
        self.at += 1;
        let set = |ranges: &[(char, char)], negated: bool| {
            Escaped::Class(Class {
                negated,
                ranges: ranges.to_vec(),
                excluded: Vec::new(),
            })
        };
        Ok(match c {
            'd' => set(DIGIT, false),
            'D' => set(DIGIT, true),
            'w' => set(WORD, false),
            'W' => set(WORD, true),
            's' => set(SPACE, false),
            'S' => set(SPACE, true),
            'p' | 'P' if self.peek() == Some('{') => {
                let start = self.at;
                let end = self.chars[start..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or_else(|| format!("`\\{c}{{` at position {start} is not closed"))?;
                let name: String = self.chars[start + 1..start + end].iter().collect();
                self.at = start + end + 1;
                set(&property(&name)?, c == 'P')
            }
            'b' if in_class => Escaped::Char('\u{8}'),
            'f' => Escaped::Char('\u{c}'),
            'n' => Escaped::Char('\n'),
            'r' => Escaped::Char('\r'),
            't' => Escaped::Char('\t'),
            'v' => Escaped::Char('\u{b}'),
            '0' if !self.peek().is_some_and(|c| c.is_ascii_digit()) => Escaped::Char('\0'),
            'c' if self.peek().is_some_and(|c| c.is_ascii_alphabetic()) => {
                let letter = self.peek().unwrap_or('@');
                self.at += 1;
                Escaped::Char(char::from((letter as u8) % 32))
            }
            'x' if self.hex_digits(2).is_some() => {
                let value = self.hex_digits(2).unwrap_or_default();
                self.at += 2;
                Escaped::Char(char::from_u32(value).unwrap_or('\0'))
            }
            'u' if self.peek() == Some('{') => {
                let start = self.at;
                let end = self.chars[start..]
                    .iter()
                    .position(|&c| c == '}')
                    .ok_or_else(|| format!("`\\u{{` at position {start} is not closed"))?;
                let digits: String = self.chars[start + 1..start + end].iter().collect();
                self.at = start + end + 1;
                let value = u32::from_str_radix(&digits, 16)
                    .ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("`\\u{{{digits}}}` is not a character"))?;
                Escaped::Char(value)
            }
            'u' if self.hex_digits(4).is_some() => {
                let value = self.hex_digits(4).unwrap_or_default();
                self.at += 4;
                // A surrogate pair written as two escapes is one character.
                if (0xd800..0xdc00).contains(&value)
                    && self.peek() == Some('\\')
                    && self.peek_at(1) == Some('u')
                {
                    let saved = self.at;
                    self.at += 2;
                    if let Some(low) = self.hex_digits(4).filter(|l| (0xdc00..0xe000).contains(l)) {
                        self.at += 4;
                        let c = 0x10000 + ((value - 0xd800) << 10) + (low - 0xdc00);
                        return Ok(Escaped::Char(char::from_u32(c).unwrap_or('\u{fffd}')));
                    }
                    self.at = saved;
                }
                // A lone surrogate cannot occur in a Rust string: it matches nothing there.
                Escaped::Char(char::from_u32(value).unwrap_or('\u{fffd}'))
            }
            // Annex B: any other escaped character is itself.
            other => Escaped::Char(other),
        })
    }

    fn hex_digits(&self, n: usize) -> Option<u32> {
        let digits: String = self.chars.get(self.at..self.at + n)?.iter().collect();
        if digits.chars().all(|c| c.is_ascii_hexdigit()) && digits.len() == n {
            u32::from_str_radix(&digits, 16).ok()
        } else {
            None
        }
    }

    fn class(&mut self) -> Result<Class, String> {
        let start = self.at;
        self.at += 1;
        let mut class = Class {
            negated: self.eat('^'),
            ..Class::default()
        };
        loop {
            let atom = match self.peek() {
                None => return Err(format!("the class at position {start} is not closed")),
                Some(']') => {
                    self.at += 1;
                    return Ok(class);
                }
                Some('\\') => {
                    self.at += 1;
                    self.class_or_char_escape(true)?
                }
                Some(c) => {
                    self.at += 1;
                    Escaped::Char(c)
                }
            };
            match atom {
                Escaped::Char(low)
                    if self.peek() == Some('-') && self.peek_at(1).is_some_and(|c| c != ']') =>
                {
                    // A range, unless its end is a set (then `-` is itself, as in Annex B).
                    let saved = self.at;
                    self.at += 1;
                    let high = match self.peek() {
                        Some('\\') => {
                            self.at += 1;
                            self.class_or_char_escape(true)?
                        }
                        Some(c) => {
                            self.at += 1;
                            Escaped::Char(c)
                        }
                        None => return Err(format!("the class at position {start} is not closed")),
                    };
                    match high {
                        Escaped::Char(high) if high >= low => class.ranges.push((low, high)),
                        Escaped::Char(high) => {
                            return Err(format!(
                                "range {low:?}-{high:?} in the class at position {start} is out of order"
                            ));
                        }
                        _ => {
                            self.at = saved;
                            class.ranges.push((low, low));
                        }
                    }
                }
                Escaped::Char(c) => class.ranges.push((c, c)),
                Escaped::Class(set) if set.negated => class.excluded.push(set.ranges),
                Escaped::Class(set) => class.ranges.extend(set.ranges),
                Escaped::Node(_) => {}
            }
        }
    }
}

enum Escaped {
    Node(Node),
    Class(Class),
    Char(char),
}

/// The ranges of a Unicode property (`L`, `Letter`, `Zs`, `Greek`, `White_Space`, …), or of a
/// POSIX class as Java names it (`Alnum`, `Punct`, …, which are ASCII there).
fn property(name: &str) -> Result<Vec<(char, char)>, String> {
    let ascii: Option<&[(char, char)]> = match name {
        "ASCII" => Some(&[('\0', '\u{7f}')]),
        "Alnum" => Some(&[('0', '9'), ('A', 'Z'), ('a', 'z')]),
        "Alpha" => Some(&[('A', 'Z'), ('a', 'z')]),
        "Blank" => Some(&[('\t', '\t'), (' ', ' ')]),
        "Cntrl" => Some(&[('\0', '\u{1f}'), ('\u{7f}', '\u{7f}')]),
        "Digit" => Some(DIGIT),
        "Graph" => Some(&[('!', '~')]),
        "Lower" => Some(&[('a', 'z')]),
        "Print" => Some(&[(' ', '~')]),
        "Punct" => Some(&[('!', '/'), (':', '@'), ('[', '`'), ('{', '~')]),
        "Space" => Some(&[('\t', '\r'), (' ', ' ')]),
        "Upper" => Some(&[('A', 'Z')]),
        "XDigit" => Some(&[('0', '9'), ('A', 'F'), ('a', 'f')]),
        _ => None,
    };
    if let Some(ranges) = ascii {
        return Ok(ranges.to_vec());
    }
    let name = name.strip_prefix("Is").unwrap_or(name);
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(&format!("\\p{{{name}}}"))
        .map_err(|_| format!("Unicode property `{name}` is not known"))?;
    match hir.kind() {
        regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(class)) => Ok(class
            .ranges()
            .iter()
            .map(|r| (r.start(), r.end()))
            .collect()),
        _ => Err(format!(
            "Unicode property `{name}` is not a set of characters"
        )),
    }
}

/// Writes a node in `regex` syntax. Groups capture only when `capture` (a back-reference
/// reads them).
fn write_node(node: &Node, capture: bool, out: &mut String) {
    match node {
        Node::Alternation(nodes) => {
            for (i, node) in nodes.iter().enumerate() {
                if i > 0 {
                    out.push('|');
                }
                write_node(node, capture, out);
            }
        }
        Node::Concat(nodes) => {
            for node in nodes {
                write_node(node, capture, out);
            }
        }
        Node::Char(c) => write_char(*c, out),
        Node::Class(class) => write_class(class, out),
        Node::Start => out.push('^'),
        Node::End => out.push('$'),
        Node::WordBoundary(boundary) => {
            let word = "[0-9A-Z_a-z]";
            if *boundary {
                let _ = write!(out, "(?:(?<={word})(?!{word})|(?<!{word})(?={word}))");
            } else {
                let _ = write!(out, "(?:(?<={word})(?={word})|(?<!{word})(?!{word}))");
            }
        }
        Node::Group { node, capturing } => {
            out.push_str(if *capturing && capture { "(" } else { "(?:" });
            write_node(node, capture, out);
            out.push(')');
        }
        Node::Look {
            node,
            ahead,
            negated,
        } => {
            out.push_str(match (ahead, negated) {
                (true, false) => "(?=",
                (true, true) => "(?!",
                (false, false) => "(?<=",
                (false, true) => "(?<!",
            });
            write_node(node, capture, out);
            out.push(')');
        }
        Node::Repeat {
            node,
            min,
            max,
            lazy,
        } => {
            // The repeated part as one atom.
            if matches!(**node, Node::Char(_) | Node::Class(_) | Node::Group { .. }) {
                write_node(node, capture, out);
            } else {
                out.push_str("(?:");
                write_node(node, capture, out);
                out.push(')');
            }
            match (min, max) {
                (0, None) => out.push('*'),
                (1, None) => out.push('+'),
                (0, Some(1)) => out.push('?'),
                (min, None) => {
                    let _ = write!(out, "{{{min},}}");
                }
                (min, Some(max)) if min == max => {
                    let _ = write!(out, "{{{min}}}");
                }
                (min, Some(max)) => {
                    let _ = write!(out, "{{{min},{max}}}");
                }
            }
            if *lazy {
                out.push('?');
            }
        }
        Node::Backreference(n) => {
            let _ = write!(out, "\\{n}");
        }
    }
}

/// A character as a literal: the engine's meta characters escaped, other printable ASCII as
/// it is, everything else as a hexadecimal escape.
fn write_char(c: char, out: &mut String) {
    if matches!(
        c,
        '\\' | '.' | '+' | '*' | '?' | '(' | ')' | '|' | '[' | ']' | '{' | '}' | '^' | '$' | '#'
    ) {
        out.push('\\');
        out.push(c);
    } else if c.is_ascii_graphic() || c == ' ' {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:x}}}", u32::from(c));
    }
}

fn write_class(class: &Class, out: &mut String) {
    let ranges = normalize(&class.ranges);
    if ranges.is_empty() && class.excluded.is_empty() {
        // `[]` matches nothing, `[^]` anything.
        out.push_str(if class.negated {
            "[\\x{0}-\\x{10ffff}]"
        } else {
            "[^\\x{0}-\\x{10ffff}]"
        });
        return;
    }
    out.push('[');
    if class.negated {
        out.push('^');
    }
    for (low, high) in ranges {
        write_class_char(low, out);
        if high != low {
            out.push('-');
            write_class_char(high, out);
        }
    }
    for excluded in &class.excluded {
        out.push_str("[^");
        for (low, high) in normalize(excluded) {
            write_class_char(low, out);
            if high != low {
                out.push('-');
                write_class_char(high, out);
            }
        }
        out.push(']');
    }
    out.push(']');
}

/// A character inside a class: the characters that could read as a class operator (`-`,
/// `&&`, `~~`, `[`, `^`) escaped, other printable ASCII as it is, everything else as a
/// hexadecimal escape.
fn write_class_char(c: char, out: &mut String) {
    if matches!(c, '\\' | '[' | ']' | '^' | '-' | '&' | '~' | '#') {
        out.push('\\');
        out.push(c);
    } else if c.is_ascii_graphic() {
        out.push(c);
    } else {
        let _ = write!(out, "\\x{{{:x}}}", u32::from(c));
    }
}

/// Ranges sorted and merged.
fn normalize(ranges: &[(char, char)]) -> Vec<(char, char)> {
    let mut sorted = ranges.to_vec();
    sorted.sort();
    let mut merged: Vec<(char, char)> = Vec::new();
    for (low, high) in sorted {
        if let Some(last) = merged.last_mut()
            && u32::from(low) <= u32::from(last.1).saturating_add(1)
        {
            last.1 = last.1.max(high);
            continue;
        }
        merged.push((low, high));
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether the translated `pattern` matches `text`, with the runtime's engines.
    fn matches(pattern: &str, text: &str) -> bool {
        let t = translate(pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
        compile(&t).unwrap_or_else(|e| panic!("{pattern} → {}: {e}", t.regex));
        if t.lookaround {
            fancy_regex::Regex::new(&t.regex)
                .unwrap()
                .is_match(text)
                .unwrap()
        } else {
            regex::Regex::new(&t.regex).unwrap().is_match(text)
        }
    }

    #[test]
    fn perl_classes_are_ascii_as_in_ecmascript() {
        assert!(matches(r"^\d+$", "0123456789"));
        assert!(!matches(r"^\d$", "٣"));
        assert!(matches(r"^\w+$", "a_Z9"));
        assert!(!matches(r"^\w$", "é"));
        assert!(matches(r"^\s$", "\u{a0}"));
        assert!(matches(r"^\s$", "\u{feff}"));
        assert!(!matches(r"^\S$", " "));
        assert!(matches(r"^[\d\w-]+$", "a-1"));
        assert!(matches(r"^[^\d]+$", "abc"));
        assert!(!matches(r"^[\D]$", "5"));
        assert!(matches(r"^[\s\S]+$", "any\nthing"));
    }

    #[test]
    fn the_dot_stops_at_line_terminators() {
        assert!(matches(r"^.$", "é"));
        assert!(!matches(r"^.$", "\n"));
        assert!(!matches(r"^.$", "\r"));
        assert!(!matches(r"^.$", "\u{2028}"));
    }

    #[test]
    fn classes_read_as_ecmascript_reads_them() {
        // A `-` after a range is itself; `&&` is two characters, not an intersection.
        assert!(matches(r"^[a-z0-9-.]+$", "a-b.c9"));
        assert!(matches(r"^[a-zA-Z0-9-_.,:;\s]*$", "a_b-c;d e"));
        assert!(matches(r"^[a&&b]$", "&"));
        assert!(matches(r"^[\]\[]+$", "]["));
        assert!(matches(r"^[\w-]$", "-"));
        assert!(!matches(r"^[]$", "a"));
        assert!(matches(r"^[^]$", "a"));
        assert!(translate("[z-a]").is_err());
    }

    #[test]
    fn escapes_of_characters() {
        assert!(matches(r"^\x41\u00e9\u{1F600}$", "Aé😀"));
        assert!(matches(r"^\ud83d\ude00$", "😀"));
        assert!(matches(r"^\/\.\-$", "/.-"));
        assert!(matches(r"^\cJ$", "\n"));
        assert!(matches(r"^a\{1}$", "a{1}"));
        assert!(matches(r"^a{2}$", "aa"));
        assert!(matches(r"^a{,2}$", "a{,2}"));
    }

    #[test]
    fn unicode_properties_become_ranges() {
        let t = translate(r"^[\p{L}\p{N}]+$").unwrap();
        assert!(!t.regex.contains("\\p"), "{}", t.regex);
        assert!(matches(r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$", "Zoë 42"));
        assert!(!matches(r"^\p{L}$", "4"));
        assert!(matches(r"^\P{L}$", "4"));
        assert!(matches(r"^[\p{Punct}]$", "!"));
        assert!(!matches(r"^\p{Alnum}$", "é"));
        assert!(translate(r"\p{NoSuchProperty}").is_err());
    }

    #[test]
    fn look_around_and_java_anchors() {
        let t = translate(r"^(?!aws:)[a-zA-Z+-=._:/]+$").unwrap();
        assert!(t.lookaround);
        assert!(!matches(r"^(?!aws:)[a-zA-Z+-=._:/]+$", "aws:x"));
        assert!(matches(r"^(?!aws:)[a-zA-Z+-=._:/]+$", "a:x"));
        assert!(!matches(r"^[0-9a-z\.\-]*(?<!\.)$", "ab."));
        assert!(matches(r"^\A[a-zA-Z0-9_]+\z$", "abc"));
        assert!(!translate(r"^\A[a-z]+\z$").unwrap().lookaround);
        assert!(matches(r"\bTSTALIASID\b", "x TSTALIASID"));
        assert!(!matches(r"\bTSTALIASID\b", "xTSTALIASID"));
    }

    #[test]
    fn groups_and_repetition() {
        assert!(matches(r"^(ab|cd)+$", "abcd"));
        assert!(matches(r"^(?<name>x)\1$", "xx"));
        assert!(!matches(r"^(?<name>x)\1$", "xy"));
        assert!(matches(r"^a+?b$", "aab"));
        assert_eq!(translate(r"^(ab|c)$").unwrap().regex, "^(?:ab|c)$",);
        for bad in ["(", ")", "a**", "*", "[a", "(?x)", r"\"] {
            assert!(translate(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_pattern_of_the_project_s_models_translates_and_compiles() {
        for pattern in [
            r"^arn:aws:ivs:[a-z0-9-]+:[0-9]+:storage-configuration/[a-zA-Z0-9-]+$",
            r"^^$|^arn:aws:ivs:[a-z0-9-]+:[0-9]+:stage/[a-zA-Z0-9-]+$$",
            r"-----BEGIN PUBLIC KEY-----\r?\n([a-zA-Z0-9+/=\r\n]+)\r?\n-----END PUBLIC KEY-----(\r?\n)?",
            r"^rt_[0-9]+_[a-z0-9-]+_[a-zA-Z0-9-]+_.+$",
        ] {
            let t = translate(pattern).unwrap();
            compile(&t).unwrap();
        }
        assert!(matches(
            r"^^$|^arn:aws:ivs:[a-z0-9-]+:[0-9]+:stage/[a-zA-Z0-9-]+$$",
            ""
        ));
    }
}
