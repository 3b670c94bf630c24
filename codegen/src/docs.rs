//! Conversion of Smithy model documentation (HTML, as carried by the
//! `smithy.api#documentation` trait) into rustdoc-flavoured Markdown.
//!
//! The input is tokenized with [`html5gum`] (a WHATWG-compliant tokenizer) and
//! assembled into a small, forgiving element tree: mis-nested and unclosed tags
//! are repaired the simple way (an end tag closes everything opened after its
//! start tag; stray end tags are ignored; everything is closed at the end).
//! The tree is then lowered into Markdown blocks (paragraphs, lists, fenced
//! code) and serialized.
//!
//! The output is meant for `#[doc = "..."]` attributes, so it never contains
//! raw HTML, escapes everything in plain text that Markdown would otherwise
//! interpret, and avoids the constructs that trigger rustdoc lints
//! (`rustdoc::invalid_html_tags`, `rustdoc::broken_intra_doc_links`,
//! `rustdoc::bare_urls`) or that rustdoc items should not carry (headings).

use html5gum::{Token, Tokenizer};

/// How `<a>Name</a>` references (no href) to other model shapes are resolved.
pub trait LinkResolver {
    /// Returns the rustdoc path (e.g. `crate::types::Stage`) for a shape name, or None if unknown.
    fn resolve(&self, name: &str) -> Option<String>;
}

/// Converts model documentation HTML to Markdown suitable for `#[doc = "..."]`.
///
/// The result has its lines joined with `\n`, carries no trailing whitespace,
/// no trailing newline and never two blank lines in a row. A document without
/// any text (such as `<p/>`) yields an empty string. The conversion never
/// panics, whatever the input.
pub fn html_to_markdown(html: &str, links: &dyn LinkResolver) -> String {
    let nodes = parse(html);
    let mut builder = BlockBuilder::new(links);
    builder.collect(&nodes);
    let blocks = builder.finish();
    let mut lines = Vec::new();
    write_blocks(&blocks, false, &mut lines);
    join_lines(&lines)
}

// ---------------------------------------------------------------------------
// Element tree
// ---------------------------------------------------------------------------

/// Deepest element nesting that is kept; start tags beyond it are dropped
/// (their text is kept) so that recursion stays bounded on hostile input.
const MAX_DEPTH: usize = 100;

/// A node of the forgiving element tree built from the token stream.
#[derive(Debug)]
enum Node {
    Text(String),
    Element(Element),
}

/// An element with the few attributes the conversion cares about.
#[derive(Debug, Default)]
struct Element {
    /// Lower-case tag name (the tokenizer lower-cases it).
    name: String,
    /// The `href` attribute of `<a>`.
    href: Option<String>,
    /// The `start` attribute of `<ol>`.
    start: Option<u64>,
    children: Vec<Node>,
}

impl Element {
    fn is(&self, name: &str) -> bool {
        self.name == name
    }
}

/// Elements that never have content.
fn is_void(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Elements that end tags of other (inline) elements do not reach through.
fn is_scope(name: &str) -> bool {
    matches!(
        name,
        "ul" | "ol"
            | "li"
            | "note"
            | "important"
            | "div"
            | "pre"
            | "blockquote"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "dl"
            | "dt"
            | "dd"
    )
}

/// Elements whose content is dropped entirely.
fn is_skipped(name: &str) -> bool {
    matches!(name, "script" | "style" | "template")
}

/// Elements that are rendered as paragraphs.
fn is_paragraph(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "blockquote"
            | "section"
            | "article"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "main"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "address"
            | "center"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "tr"
            | "caption"
    )
}

/// Elements rendered as bold paragraphs.
fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "title")
}

/// Elements that produce Markdown blocks rather than inline content.
fn is_block(name: &str) -> bool {
    is_paragraph(name)
        || is_heading(name)
        || matches!(
            name,
            "ul" | "ol" | "li" | "pre" | "note" | "important" | "hr"
        )
}

/// Whether any descendant of `nodes` is a block-level element.
fn contains_block(nodes: &[Node]) -> bool {
    nodes.iter().any(|node| match node {
        Node::Text(_) => false,
        Node::Element(el) => {
            !is_skipped(&el.name) && (is_block(&el.name) || contains_block(&el.children))
        }
    })
}

/// Builds the element tree from tokens, repairing bad nesting on the way.
#[derive(Default)]
struct TreeBuilder {
    root: Element,
    /// Currently open elements, outermost first.
    open: Vec<Element>,
}

impl TreeBuilder {
    fn top(&mut self) -> &mut Element {
        match self.open.last_mut() {
            Some(el) => el,
            None => &mut self.root,
        }
    }

    /// Closes open elements until only `len` remain.
    fn close_to(&mut self, len: usize) {
        while self.open.len() > len {
            if let Some(el) = self.open.pop() {
                self.top().children.push(Node::Element(el));
            }
        }
    }

    fn text(&mut self, text: &str) {
        let top = self.top();
        if let Some(Node::Text(prev)) = top.children.last_mut() {
            prev.push_str(text);
        } else {
            top.children.push(Node::Text(text.to_owned()));
        }
    }

    fn start(&mut self, element: Element, self_closing: bool) {
        if element.is("li") {
            // A new item implicitly closes the previous one of the same list.
            let open_li = self
                .open
                .iter()
                .rposition(|el| el.is("li") || el.is("ul") || el.is("ol"))
                .filter(|&i| self.open[i].is("li"));
            if let Some(i) = open_li {
                self.close_to(i);
            }
        }
        if self_closing || is_void(&element.name) || self.open.len() >= MAX_DEPTH {
            self.top().children.push(Node::Element(element));
        } else {
            self.open.push(element);
        }
    }

    fn end(&mut self, name: &str) {
        if name == "br" {
            // Per the HTML spec, `</br>` is treated as `<br>`.
            self.start(element_named(name), true);
            return;
        }
        let crosses_scopes = is_scope(name);
        for i in (0..self.open.len()).rev() {
            let el_name = self.open[i].name.as_str();
            if el_name == name {
                self.close_to(i);
                return;
            }
            if !crosses_scopes && is_scope(el_name) {
                return;
            }
        }
    }

    fn finish(mut self) -> Vec<Node> {
        self.close_to(0);
        self.root.children
    }
}

fn element_named(name: &str) -> Element {
    Element {
        name: name.to_owned(),
        ..Element::default()
    }
}

/// Tokenizes `html` and builds the element tree.
fn parse(html: &str) -> Vec<Node> {
    let mut tree = TreeBuilder::default();
    for Ok(token) in Tokenizer::new(html) {
        match token {
            Token::StartTag(tag) => {
                let mut element = element_named(&String::from_utf8_lossy(&tag.name));
                let attr = |name: &[u8]| {
                    tag.attributes
                        .get(name)
                        .map(|value| String::from_utf8_lossy(value).into_owned())
                };
                if element.is("a") {
                    element.href = attr(b"href").filter(|href| !href.trim().is_empty());
                } else if element.is("ol") {
                    element.start = attr(b"start")
                        .and_then(|start| start.trim().parse::<u64>().ok())
                        .filter(|&start| start < 100_000_000);
                }
                tree.start(element, tag.self_closing);
            }
            Token::EndTag(tag) => tree.end(&String::from_utf8_lossy(&tag.name)),
            Token::String(text) => tree.text(&String::from_utf8_lossy(&text)),
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    tree.finish()
}

/// Appends the text of `nodes` to `out`, replacing `<br>` with `br`.
fn text_content(nodes: &[Node], br: &str, out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Element(el) if el.is("br") => out.push_str(br),
            Node::Element(el) if is_skipped(&el.name) => {}
            Node::Element(el) => text_content(&el.children, br, out),
        }
    }
}

/// HTML whitespace (not including U+00A0, which browsers do not collapse).
fn is_html_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C')
}

/// Collapses runs of HTML whitespace into single spaces.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if is_html_space(c) {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Inline content
// ---------------------------------------------------------------------------

/// A piece of inline Markdown; whitespace is kept apart so that it can be
/// collapsed across element boundaries and moved out of emphasis markers.
#[derive(Debug, Clone)]
enum Piece {
    /// Markdown without whitespace at its edges.
    Raw(String),
    /// A collapsible space.
    Space,
    /// A hard line break.
    Break,
}

impl Piece {
    fn is_edge(&self) -> bool {
        matches!(self, Piece::Space | Piece::Break)
    }
}

/// Formatting already in effect, so nested duplicates are not re-emitted.
#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    bold: bool,
    italic: bool,
    link: bool,
}

/// Accumulates the inline content of one paragraph (or of one span in it).
#[derive(Debug, Default)]
struct Inline {
    pieces: Vec<Piece>,
}

impl Inline {
    fn push_raw(&mut self, raw: String) {
        if !raw.is_empty() {
            self.pieces.push(Piece::Raw(raw));
        }
    }

    fn push_space(&mut self) {
        if matches!(self.pieces.last(), None | Some(Piece::Raw(_))) {
            self.pieces.push(Piece::Space);
        }
    }

    fn push_break(&mut self) {
        while matches!(self.pieces.last(), Some(Piece::Space)) {
            self.pieces.pop();
        }
        if matches!(self.pieces.last(), None | Some(Piece::Raw(_))) {
            self.pieces.push(Piece::Break);
        }
    }

    fn push_edge(&mut self, piece: Piece) {
        match piece {
            Piece::Space => self.push_space(),
            Piece::Break => self.push_break(),
            Piece::Raw(raw) => self.push_raw(raw),
        }
    }

    /// Pushes plain text, collapsing whitespace and escaping Markdown.
    fn push_text(&mut self, text: &str, ctx: Ctx) {
        let mut words = text.split(is_html_space).peekable();
        while let Some(word) = words.next() {
            if !word.is_empty() {
                let mut escaped = String::with_capacity(word.len());
                escape_word(word, !ctx.link, &mut escaped);
                self.push_raw(escaped);
            }
            if words.peek().is_some() {
                self.push_space();
            }
        }
    }

    /// Appends `inner` wrapped in `open`/`close`, with its leading and
    /// trailing whitespace moved outside; empty content gets no markers.
    fn push_wrapped(&mut self, inner: Inline, open: &str, close: &str) {
        let (lead, core, trail) = split_edges(inner.pieces);
        lead.into_iter().for_each(|piece| self.push_edge(piece));
        if !core.is_empty() {
            self.push_raw(open.to_owned());
            self.pieces.extend(core);
            self.push_raw(close.to_owned());
        }
        trail.into_iter().for_each(|piece| self.push_edge(piece));
    }

    /// Appends a single Markdown atom computed from collapsed text whose edge
    /// whitespace is kept outside.
    fn push_atom(&mut self, collapsed: &str, atom: impl FnOnce(&str) -> String) {
        let core = collapsed.trim_matches(' ');
        if collapsed.starts_with(' ') {
            self.push_space();
        }
        if !core.is_empty() {
            self.push_raw(atom(core));
            if collapsed.ends_with(' ') {
                self.push_space();
            }
        }
    }

    fn is_blank(&self) -> bool {
        self.pieces.iter().all(Piece::is_edge)
    }

    /// Renders the paragraph: edges trimmed, hard breaks as `\` + newline,
    /// and characters that would start a block at a line start escaped.
    fn finish(self) -> String {
        let (_, core, _) = split_edges(self.pieces);
        let mut out = String::new();
        let mut line_start = true;
        for piece in core {
            match piece {
                Piece::Raw(raw) => {
                    if line_start {
                        escape_line_start(&raw, &mut out);
                    } else {
                        out.push_str(&raw);
                    }
                    line_start = false;
                }
                Piece::Space => out.push(' '),
                Piece::Break => {
                    out.push_str("\\\n");
                    line_start = true;
                }
            }
        }
        out
    }
}

/// Splits pieces into leading whitespace, core, and trailing whitespace.
fn split_edges(mut pieces: Vec<Piece>) -> (Vec<Piece>, Vec<Piece>, Vec<Piece>) {
    let lead_len = pieces.iter().take_while(|p| p.is_edge()).count();
    let core_end = pieces
        .iter()
        .rposition(|p| !p.is_edge())
        .map_or(lead_len, |i| i + 1);
    let trail = pieces.split_off(core_end);
    let core = pieces.split_off(lead_len);
    (pieces, core, trail)
}

/// Escapes what would start a block construct at the start of a line.
fn escape_line_start(raw: &str, out: &mut String) {
    match raw.chars().next() {
        Some('#' | '-' | '+' | '=') => {
            out.push('\\');
            out.push_str(raw);
        }
        Some(c) if c.is_ascii_digit() => {
            let digits = raw.find(|c: char| !c.is_ascii_digit()).unwrap_or(raw.len());
            let (number, rest) = raw.split_at(digits);
            out.push_str(number);
            if rest.starts_with(['.', ')']) {
                out.push('\\');
            }
            out.push_str(rest);
        }
        _ => out.push_str(raw),
    }
}

/// Escapes one whitespace-free word of plain text; with `autolink`, bare
/// `http://` and `https://` URLs are wrapped as `<URL>`.
fn escape_word(word: &str, autolink: bool, out: &mut String) {
    let mut rest = word;
    let find_url = |text: &str| {
        ["http://", "https://"]
            .iter()
            .filter_map(|scheme| text.find(scheme))
            .min()
    };
    while let Some(start) = find_url(rest).filter(|_| autolink) {
        let url_len = url_length(&rest[start..]);
        let scheme_len = if rest[start..].starts_with("https") {
            8
        } else {
            7
        };
        if url_len <= scheme_len {
            // Only a scheme: keep it as text and look further.
            escape_plain(&rest[..start + scheme_len], out);
        } else {
            escape_plain(&rest[..start], out);
            out.push('<');
            out.push_str(&rest[start..start + url_len]);
            out.push('>');
        }
        rest = &rest[start + url_len.max(scheme_len)..];
    }
    escape_plain(rest, out);
}

/// Length of the URL at the start of `text`, without trailing punctuation
/// (and without an unbalanced closing parenthesis or bracket).
fn url_length(text: &str) -> usize {
    let mut url = text
        .find(|c: char| matches!(c, '<' | '>' | '"' | '`') || c.is_control())
        .map_or(text, |end| &text[..end]);
    loop {
        let unbalanced = |open: char, close: char| {
            url.ends_with(close) && url.matches(open).count() < url.matches(close).count()
        };
        if url.ends_with(['.', ',', ':', ';', '!', '?', '\'', '*', '_', '~'])
            || unbalanced('(', ')')
            || unbalanced('[', ']')
        {
            let mut chars = url.chars();
            chars.next_back();
            url = chars.as_str();
        } else {
            return url.len();
        }
    }
}

/// Escapes the characters of plain text that Markdown would interpret.
fn escape_plain(text: &str, out: &mut String) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '[' | ']' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '_' => {
                let alnum_before = i > 0 && chars[i - 1].is_alphanumeric();
                let alnum_after = chars.get(i + 1).is_some_and(|c| c.is_alphanumeric());
                if !(alnum_before && alnum_after) {
                    out.push('\\');
                }
                out.push('_');
            }
            '&' if starts_entity(&chars[i + 1..]) => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
}

/// Whether the text after an `&` would be read as a character reference.
fn starts_entity(after: &[char]) -> bool {
    let (body, valid): (&[char], fn(&char) -> bool) = match after {
        ['#', 'x' | 'X', rest @ ..] => (rest, char::is_ascii_hexdigit),
        ['#', rest @ ..] => (rest, char::is_ascii_digit),
        [c, ..] if c.is_ascii_alphabetic() => (after, char::is_ascii_alphanumeric),
        _ => return false,
    };
    let len = body.iter().take_while(|c| valid(c)).count();
    len > 0 && body.get(len) == Some(&';')
}

/// Wraps `code` (non-empty, no edge whitespace) in a code span whose
/// backtick fence is longer than any backtick run inside it.
fn code_span(code: &str) -> String {
    let fence = "`".repeat(longest_run(code, '`') + 1);
    let pad = if code.starts_with('`') || code.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{code}{pad}{fence}")
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        run = if ch == c { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest
}

/// Whether `url` can be written as a CommonMark autolink `<url>`.
fn is_autolinkable(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    (2..=32).contains(&scheme.len())
        && scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !rest.is_empty()
        && !rest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

/// Makes `href` safe as a Markdown link destination.
fn link_destination(href: &str) -> String {
    let mut out = String::with_capacity(href.len());
    for c in href.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() || c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Renders inline-only `nodes` into `inline`.
fn render_inline(nodes: &[Node], inline: &mut Inline, ctx: Ctx, links: &dyn LinkResolver) {
    for node in nodes {
        match node {
            Node::Text(text) => inline.push_text(text, ctx),
            Node::Element(el) => render_inline_element(el, inline, ctx, links),
        }
    }
}

fn render_inline_element(el: &Element, inline: &mut Inline, ctx: Ctx, links: &dyn LinkResolver) {
    match el.name.as_str() {
        "br" => inline.push_break(),
        "b" | "strong" if !ctx.bold => {
            let mut inner = Inline::default();
            let ctx = Ctx { bold: true, ..ctx };
            render_inline(&el.children, &mut inner, ctx, links);
            inline.push_wrapped(inner, "**", "**");
        }
        "i" | "em" if !ctx.italic => {
            let mut inner = Inline::default();
            let ctx = Ctx {
                italic: true,
                ..ctx
            };
            render_inline(&el.children, &mut inner, ctx, links);
            inline.push_wrapped(inner, "*", "*");
        }
        "code" | "tt" | "kbd" | "samp" => render_code(el, inline, ctx, links),
        "a" => render_link(el, inline, ctx, links),
        name if is_skipped(name) => {}
        // Unknown and redundant tags: keep the content, drop the tag.
        _ => render_inline(&el.children, inline, ctx, links),
    }
}

fn render_code(el: &Element, inline: &mut Inline, ctx: Ctx, links: &dyn LinkResolver) {
    // `<code><a>Shape</a></code>`: the reference renders as code already.
    let mut significant = el.children.iter().filter(|node| match node {
        Node::Text(text) => !text.chars().all(is_html_space),
        Node::Element(_) => true,
    });
    if let (Some(Node::Element(a)), None) = (significant.next(), significant.next())
        && a.is("a")
        && a.href.is_none()
    {
        render_link(a, inline, ctx, links);
        return;
    }
    let mut text = String::new();
    text_content(&el.children, " ", &mut text);
    inline.push_atom(&collapse_whitespace(&text), code_span);
}

/// Whether a link may point there: `http`, `https` and `mailto` URLs, and relative ones. A
/// `javascript:`, `file:` or `data:` link (or any other scheme) is not made; its text stays.
fn is_allowed_destination(href: &str) -> bool {
    let end = href.find([':', '/', '?', '#']).unwrap_or(href.len());
    match href[end..].starts_with(':') {
        false => true,
        true => {
            let scheme = href[..end].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

fn render_link(el: &Element, inline: &mut Inline, ctx: Ctx, links: &dyn LinkResolver) {
    let mut text = String::new();
    text_content(&el.children, " ", &mut text);
    let text = collapse_whitespace(&text);
    match el.href.as_deref().map(str::trim) {
        Some(href) if !is_allowed_destination(href) => {
            render_inline(&el.children, inline, ctx, links);
        }
        Some(href) if !ctx.link => {
            let dest = link_destination(href);
            let autolink = is_autolinkable(href);
            let mut inner = Inline::default();
            render_inline(&el.children, &mut inner, Ctx { link: true, ..ctx }, links);
            let (lead, core, trail) = split_edges(inner.pieces);
            lead.into_iter().for_each(|piece| inline.push_edge(piece));
            if autolink && (core.is_empty() || text.trim_matches(' ') == href) {
                inline.push_raw(format!("<{href}>"));
            } else if core.is_empty() {
                let mut label = String::new();
                escape_plain(href, &mut label);
                inline.push_raw(format!("[{label}]({dest})"));
            } else {
                inline.push_raw("[".to_owned());
                inline.pieces.extend(core);
                inline.push_raw(format!("]({dest})"));
            }
            trail.into_iter().for_each(|piece| inline.push_edge(piece));
        }
        // A link inside a link cannot be expressed: keep its content.
        Some(_) => render_inline(&el.children, inline, ctx, links),
        None => inline.push_atom(&text, |name| match links.resolve(name) {
            Some(path) if !ctx.link => format!("[{}]({path})", code_span(name)),
            _ => code_span(name),
        }),
    }
}

// ---------------------------------------------------------------------------
// Blocks
// ---------------------------------------------------------------------------

/// A Markdown block.
#[derive(Debug)]
enum Block {
    /// A paragraph; lines are separated by hard breaks (`\` + newline).
    Para(String),
    /// A fenced code block with verbatim content.
    Code(String),
    /// A list; `start` is `None` for bullets, the first number otherwise.
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
}

/// Lowers element trees into blocks, gathering inline content into
/// paragraphs between block-level elements.
struct BlockBuilder<'a> {
    links: &'a dyn LinkResolver,
    blocks: Vec<Block>,
    inline: Inline,
    /// Whether the last block is a list made of `<li>` outside any list, so
    /// that following stray items join it.
    orphan_list: bool,
}

impl<'a> BlockBuilder<'a> {
    fn new(links: &'a dyn LinkResolver) -> Self {
        Self {
            links,
            blocks: Vec::new(),
            inline: Inline::default(),
            orphan_list: false,
        }
    }

    fn push_block(&mut self, block: Block) {
        self.flush();
        self.blocks.push(block);
        self.orphan_list = false;
    }

    /// Ends the current paragraph, if any.
    fn flush(&mut self) {
        let inline = std::mem::take(&mut self.inline);
        if !inline.is_blank() {
            self.blocks.push(Block::Para(inline.finish()));
            self.orphan_list = false;
        }
    }

    fn finish(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }

    /// Lowers `nodes` (as one sub-builder) into blocks.
    fn sub_blocks(&self, nodes: &[Node]) -> Vec<Block> {
        let mut builder = BlockBuilder::new(self.links);
        builder.collect(nodes);
        builder.finish()
    }

    fn collect(&mut self, nodes: &[Node]) {
        for node in nodes {
            match node {
                Node::Text(text) => self.inline.push_text(text, Ctx::default()),
                Node::Element(el) => self.element(el),
            }
        }
    }

    fn element(&mut self, el: &Element) {
        let name = el.name.as_str();
        match name {
            _ if is_skipped(name) => {}
            "ul" | "ol" => self.list(el),
            "li" => self.orphan_item(el),
            "pre" => self.pre(el),
            "note" => self.admonition(el, "**Note:**"),
            "important" => self.admonition(el, "**Important:**"),
            "hr" => self.flush(),
            "td" | "th" => {
                self.collect(&el.children);
                self.inline.push_space();
            }
            _ if is_heading(name) && !contains_block(&el.children) => {
                self.flush();
                let mut inner = Inline::default();
                let ctx = Ctx {
                    bold: true,
                    ..Ctx::default()
                };
                render_inline(&el.children, &mut inner, ctx, self.links);
                self.inline.push_wrapped(inner, "**", "**");
                self.flush();
            }
            _ if is_paragraph(name) || is_heading(name) => {
                self.flush();
                self.collect(&el.children);
                self.flush();
            }
            // Inline elements that (mis)contain blocks lose their formatting.
            _ if contains_block(&el.children) => self.collect(&el.children),
            _ => render_inline_element(el, &mut self.inline, Ctx::default(), self.links),
        }
    }

    fn list(&mut self, el: &Element) {
        let start = if el.is("ol") {
            Some(el.start.unwrap_or(1))
        } else {
            None
        };
        let mut items: Vec<Vec<Block>> = Vec::new();
        let mut stray: Vec<&Node> = Vec::new();
        for node in &el.children {
            match node {
                Node::Element(li) if li.is("li") => {
                    self.continue_items(&mut stray, &mut items);
                    let blocks = self.sub_blocks(&li.children);
                    if !blocks.is_empty() {
                        items.push(blocks);
                    }
                }
                _ => stray.push(node),
            }
        }
        self.continue_items(&mut stray, &mut items);
        if !items.is_empty() {
            self.push_block(Block::List { start, items });
        }
    }

    /// Lowers content found between list items; it continues the previous
    /// item (as in `<ul><li>a</li><ul>...</ul></ul>`), or starts one.
    fn continue_items(&self, stray: &mut Vec<&Node>, items: &mut Vec<Vec<Block>>) {
        let mut builder = BlockBuilder::new(self.links);
        for node in stray.drain(..) {
            builder.collect(std::slice::from_ref(node));
        }
        let blocks = builder.finish();
        if blocks.is_empty() {
            return;
        }
        match items.last_mut() {
            Some(last) => last.extend(blocks),
            None => items.push(blocks),
        }
    }

    /// An `<li>` outside any list becomes (or extends) a bullet list.
    fn orphan_item(&mut self, el: &Element) {
        let blocks = self.sub_blocks(&el.children);
        if blocks.is_empty() {
            return;
        }
        self.flush();
        if self.orphan_list
            && let Some(Block::List { items, .. }) = self.blocks.last_mut()
        {
            items.push(blocks);
            return;
        }
        self.push_block(Block::List {
            start: None,
            items: vec![blocks],
        });
        self.orphan_list = true;
    }

    fn pre(&mut self, el: &Element) {
        let mut text = String::new();
        text_content(&el.children, "\n", &mut text);
        let mut lines: Vec<&str> = Vec::new();
        for line in text.lines().map(str::trim_end) {
            let blank = line.is_empty();
            let after_blank = lines.last().is_none_or(|last| last.is_empty());
            if !(blank && after_blank) {
                lines.push(line);
            }
        }
        while lines.last().is_some_and(|line| line.is_empty()) {
            lines.pop();
        }
        if !lines.is_empty() {
            self.push_block(Block::Code(lines.join("\n")));
        }
    }

    fn admonition(&mut self, el: &Element, label: &str) {
        let mut blocks = self.sub_blocks(&el.children);
        match blocks.first_mut() {
            None => return,
            Some(Block::Para(text)) => *text = format!("{label} {text}"),
            Some(_) => blocks.insert(0, Block::Para(label.to_owned())),
        }
        for block in blocks {
            self.push_block(block);
        }
    }
}

// ---------------------------------------------------------------------------
// Serialization
// ---------------------------------------------------------------------------

/// Appends the lines of `blocks`; inside a list item a list directly after a
/// paragraph is not separated by a blank line (it may interrupt it).
fn write_blocks(blocks: &[Block], in_item: bool, lines: &mut Vec<String>) {
    for (i, block) in blocks.iter().enumerate() {
        if i > 0 {
            let tight = in_item
                && matches!(blocks[i - 1], Block::Para(_))
                && matches!(
                    block,
                    Block::List {
                        start: None | Some(1),
                        ..
                    }
                );
            if !tight {
                lines.push(String::new());
            }
        }
        match block {
            Block::Para(text) => lines.extend(text.lines().map(str::to_owned)),
            Block::Code(code) => {
                let fence = "`".repeat(longest_run(code, '`').max(2) + 1);
                lines.push(format!("{fence}text"));
                lines.extend(code.lines().map(str::to_owned));
                lines.push(fence);
            }
            Block::List { start, items } => {
                for (n, item) in (0u64..).zip(items) {
                    let marker = match start {
                        Some(first) => format!("{}. ", first.saturating_add(n)),
                        None => "- ".to_owned(),
                    };
                    let mut item_lines = Vec::new();
                    write_blocks(item, true, &mut item_lines);
                    let indent = " ".repeat(marker.len());
                    for (j, line) in item_lines.into_iter().enumerate() {
                        lines.push(match j {
                            0 => format!("{marker}{line}"),
                            _ if line.is_empty() => line,
                            _ => format!("{indent}{line}"),
                        });
                    }
                }
            }
        }
    }
}

/// Joins lines without trailing whitespace, edge blank lines or runs of
/// blank lines.
fn join_lines(lines: &[String]) -> String {
    let mut out = String::new();
    let mut pending_blank = false;
    for line in lines.iter().map(|line| line.trim_end()) {
        if line.is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if pending_blank {
                out.push('\n');
            }
        }
        pending_blank = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Resolves a fixed set of shape names into `crate::types`.
    struct Shapes;

    impl LinkResolver for Shapes {
        fn resolve(&self, name: &str) -> Option<String> {
            matches!(name, "Known" | "Stage" | "StorageConfiguration")
                .then(|| format!("crate::types::{name}"))
        }
    }

    fn md(html: &str) -> String {
        html_to_markdown(html, &Shapes)
    }

    #[test]
    fn plain_paragraph() {
        assert_eq!(md("<p>Hello world.</p>"), "Hello world.");
        assert_eq!(md("Just text"), "Just text");
    }

    #[test]
    fn two_paragraphs() {
        assert_eq!(md("<p>One.</p> <p>Two.</p>"), "One.\n\nTwo.");
        assert_eq!(md("<div>One.</div><div>Two.</div>"), "One.\n\nTwo.");
    }

    #[test]
    fn whitespace_collapses_like_a_browser() {
        assert_eq!(
            md(
                "<p>ARN of the <a>StorageConfiguration</a> resource to use for individual\n         participant recording. Default: <code>\"\"</code> (empty string)</p>"
            ),
            "ARN of the [`StorageConfiguration`](crate::types::StorageConfiguration) resource to use \
             for individual participant recording. Default: `\"\"` (empty string)"
        );
        assert_eq!(md("<p>\n\t  a \n\n b\t</p>"), "a b");
    }

    #[test]
    fn empty_documents() {
        assert_eq!(md("<p/>"), "");
        assert_eq!(md(""), "");
        assert_eq!(md("  \n "), "");
        assert_eq!(md("<p></p><p> </p>"), "");
        assert_eq!(md("<p/><p>Text</p>"), "Text");
    }

    #[test]
    fn code_spans() {
        assert_eq!(md("<p>Use <code>x</code>.</p>"), "Use `x`.");
        assert_eq!(md("<code>a`b</code>"), "``a`b``");
        assert_eq!(md("<code>`a`</code>"), "`` `a` ``");
        assert_eq!(md("<code> a \n b </code>x"), "`a b` x");
        assert_eq!(md("a<code> </code>b"), "a b");
        assert_eq!(md("<code>&lt;T&gt; *x*</code>"), "`<T> *x*`");
    }

    #[test]
    fn emphasis_moves_spaces_outside() {
        assert_eq!(md("<p>a<i> b </i>c</p>"), "a *b* c");
        assert_eq!(md("<p>a<b> b </b>c</p>"), "a **b** c");
        assert_eq!(md("<p>a <strong>b</strong> <em>c</em></p>"), "a **b** *c*");
        assert_eq!(md("<p>a<b> </b>b<i></i>c</p>"), "a bc");
        assert_eq!(md("<b><b>x</b></b>"), "**x**");
        assert_eq!(md("<b><i>x</i></b>"), "***x***");
    }

    #[test]
    fn italic_notice() {
        assert_eq!(
            md(
                "<p>The maximum length of this field is 1 KB total. <i>This field is exposed to \
                all stage participants and should not be used for personally identifying, \
                confidential, or sensitive information.</i> </p>"
            ),
            "The maximum length of this field is 1 KB total. *This field is exposed to all stage \
             participants and should not be used for personally identifying, confidential, or \
             sensitive information.*"
        );
    }

    #[test]
    fn links_go_only_to_the_web_or_relative_places() {
        assert_eq!(
            md(
                r#"<p>Click <a href="javascript:alert(1)">here</a> or <a href=" FILE:///etc/passwd">there</a>.</p>"#
            ),
            "Click here or there."
        );
        assert_eq!(
            md(r#"<a href="data:text/html,x">x</a> <a href="mailto:a@b.c">mail</a>"#),
            "x [mail](mailto:a@b.c)"
        );
        assert_eq!(
            md(r#"<a href="guide.html#a:b">guide</a>"#),
            "[guide](guide.html#a:b)"
        );
    }

    #[test]
    fn links_with_href() {
        assert_eq!(
            md(r#"<p>See <a href="https://example.com/a b">the guide</a>.</p>"#),
            "See [the guide](https://example.com/a%20b)."
        );
        assert_eq!(
            md(r#"<a href="https://example.com"></a>"#),
            "<https://example.com>"
        );
        assert_eq!(
            md(r#"<a href="https://example.com"> https://example.com </a>"#),
            "<https://example.com>"
        );
        assert_eq!(
            md(r#"<a href="https://x.com"><code>Foo</code> [v2]</a>"#),
            "[`Foo` \\[v2\\]](https://x.com)"
        );
        assert_eq!(md(r#"<a href="/rel_path"></a>"#), "[/rel_path](/rel_path)");
    }

    #[test]
    fn shape_references() {
        assert_eq!(
            md("<p>See <a>Known</a> and <a>Unknown</a>.</p>"),
            "See [`Known`](crate::types::Known) and `Unknown`."
        );
        assert_eq!(
            md("<p><code><a>Stage</a></code> or <a><code>Stage</code></a></p>"),
            "[`Stage`](crate::types::Stage) or [`Stage`](crate::types::Stage)"
        );
        assert_eq!(md("<a> </a>x"), "x");
    }

    #[test]
    fn nested_unordered_lists() {
        assert_eq!(
            md("<ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>"),
            "- a\n  - b\n  - c\n- d"
        );
        // A sub-list directly inside the list belongs to the previous item.
        assert_eq!(md("<ul><li>a</li><ul><li>b</li></ul></ul>"), "- a\n  - b");
    }

    #[test]
    fn ordered_lists() {
        assert_eq!(
            md("<p>Steps:</p><ol><li>One</li><li>Two<ol><li>Sub</li></ol></li></ol><p>Done.</p>"),
            "Steps:\n\n1. One\n2. Two\n   1. Sub\n\nDone."
        );
        assert_eq!(
            md(r#"<ol start="9"><li>a</li><li>b<ul><li>c</li></ul></li></ol>"#),
            "9. a\n10. b\n    - c"
        );
    }

    #[test]
    fn list_items_with_paragraphs() {
        assert_eq!(
            md("<ul> <li> <p>First</p> </li> <li> <p>Second</p> <p>More</p> </li> </ul>"),
            "- First\n- Second\n\n  More"
        );
        assert_eq!(md("<ul><li></li><li> </li></ul>"), "");
    }

    #[test]
    fn notes_and_important() {
        assert_eq!(
            md("<note><p>Be careful.</p></note>"),
            "**Note:** Be careful."
        );
        assert_eq!(
            md("<p>Intro.</p><important> Do <b>not</b> do this. </important>"),
            "Intro.\n\n**Important:** Do **not** do this."
        );
        assert_eq!(md("<note><ul><li>x</li></ul></note>"), "**Note:**\n\n- x");
        assert_eq!(md("<note> </note>"), "");
    }

    #[test]
    fn line_breaks() {
        assert_eq!(md("<p>a <br> b<br/>c<br></p>"), "a\\\nb\\\nc");
        assert_eq!(md("<p>x<br>- y<br>1. z</p>"), "x\\\n\\- y\\\n1\\. z");
    }

    #[test]
    fn preformatted() {
        assert_eq!(
            md("<p>Example:</p><pre>\n{\n  \"a\": [1, 2]  \n}\n</pre>"),
            "Example:\n\n```text\n{\n  \"a\": [1, 2]\n}\n```"
        );
        assert_eq!(
            md("<pre><code>let x = &lt;T&gt;;\n```</code></pre>"),
            "````text\nlet x = <T>;\n```\n````"
        );
        assert_eq!(
            md("<ul><li>See:<pre>x\n y</pre></li></ul>"),
            "- See:\n\n  ```text\n  x\n   y\n  ```"
        );
    }

    #[test]
    fn headings_become_bold_paragraphs() {
        assert_eq!(md("<h1>Title</h1><p>Body</p>"), "**Title**\n\nBody");
        assert_eq!(
            md("<title> Key <b>Concepts</b> </title>"),
            "**Key Concepts**"
        );
        assert_eq!(md("<h3> </h3>"), "");
    }

    #[test]
    fn entities_are_decoded_and_reescaped() {
        assert_eq!(
            md("<p>Use &lt;tag&gt; &amp; more &#x2014; &quot;quoted&quot;&nbsp;x</p>"),
            "Use &lt;tag&gt; & more \u{2014} \"quoted\"\u{a0}x"
        );
        assert_eq!(
            md("<p>&amp;lt; and &amp;#42;</p>"),
            "&amp;lt; and &amp;#42;"
        );
    }

    #[test]
    fn markdown_specials_in_text() {
        assert_eq!(
            md("<p>Use [brackets] and * or **bold** and `tick` \\ ~x~</p>"),
            "Use \\[brackets\\] and \\* or \\*\\*bold\\*\\* and \\`tick\\` \\\\ \\~x\\~"
        );
        assert_eq!(
            md("<p>snake_case _private __dunder__</p>"),
            "snake_case \\_private \\_\\_dunder\\_\\_"
        );
        assert_eq!(md("<p># not a heading</p>"), "\\# not a heading");
        assert_eq!(
            md("<p>- not a list</p><p>2024. A year</p>"),
            "\\- not a list\n\n2024\\. A year"
        );
        assert_eq!(md("<p>+ plus</p>"), "\\+ plus");
    }

    #[test]
    fn bare_urls_are_autolinked() {
        assert_eq!(
            md(
                "<p>See https://docs.aws.amazon.com/ivs/latest/userguide_x.html. Or (http://a.b/c_(d)).</p>"
            ),
            "See <https://docs.aws.amazon.com/ivs/latest/userguide_x.html>. Or (<http://a.b/c_(d)>)."
        );
        assert_eq!(md("<p>https:// alone</p>"), "https:// alone");
        assert_eq!(
            md(r#"<p><a href="https://a.b">at https://a.b</a></p>"#),
            "[at https://a.b](https://a.b)"
        );
    }

    #[test]
    fn unknown_tags_keep_text() {
        assert_eq!(
            md(r#"<p>Some <span class="x">spanned</span> <foo>text</foo><!-- c --></p>"#),
            "Some spanned text"
        );
        assert_eq!(md("<p>a<script>alert(1)</script>b</p>"), "ab");
    }

    #[test]
    fn service_documentation() {
        let html = "<p>The Amazon Interactive Video Service (IVS) real-time API is REST \
            compatible, using a standard HTTP API and an AWS EventBridge event stream for \
            responses.</p> <p> <b>Key Concepts</b> </p> <ul> <li> <p> <b>Stage</b> \u{2014} A \
            virtual space where participants can exchange video in real time.</p> </li> <li> \
            <p> <b>Participant token</b> \u{2014} A token that authenticates a participant \
            when they join a stage.</p> </li> </ul> <p>For more information, see <a \
            href=\"https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/what-is.html\">What \
            Is IVS Real-Time Streaming?</a>.</p>";
        assert_eq!(
            md(html),
            "The Amazon Interactive Video Service (IVS) real-time API is REST compatible, using \
             a standard HTTP API and an AWS EventBridge event stream for responses.\n\
             \n\
             **Key Concepts**\n\
             \n\
             - **Stage** \u{2014} A virtual space where participants can exchange video in real \
             time.\n\
             - **Participant token** \u{2014} A token that authenticates a participant when they \
             join a stage.\n\
             \n\
             For more information, see [What Is IVS Real-Time \
             Streaming?](https://docs.aws.amazon.com/ivs/latest/RealTimeUserGuide/what-is.html)."
        );
    }

    #[test]
    fn malformed_html_never_panics() {
        assert_eq!(md("<p><b>x</p></i><ul><li>y"), "**x**\n\n- y");
        assert_eq!(md("<ul><li>a<li>b</ul>"), "- a\n- b");
        assert_eq!(md("<li>a</li><li>b</li>"), "- a\n- b");
        assert_eq!(md("<p>unclosed <i>italic"), "unclosed *italic*");
        assert_eq!(md("<b>x<p>y</p>"), "x\n\ny");
        assert_eq!(md("a < b > c"), "a &lt; b &gt; c");
        assert_eq!(md("</p></ul></li>text"), "text");

        let inputs = [
            "<",
            "<a",
            "<a href=",
            "<a href='x",
            "</",
            "<!--",
            "<![CDATA[x",
            "<!DOCTYPE html><html><body>x",
            "&",
            "&#",
            "&#x110000;",
            "&#0;",
            "<ol start=99999999999999999999><li>x",
            "<ol start=99999999><li>a<li>b",
            "<pre>",
            "<code>",
            "<a></a><a href></a>",
            "\u{0}\u{fffd}<p\u{0}>",
            "<b><i><code><a href=x><note><pre>x",
            "<ul><ul><ul><li></ol></p>",
        ];
        for input in inputs {
            let _ = md(input);
        }
        let deep = "<b><i><span><ul><li>x".repeat(5_000);
        let out = md(&deep);
        assert!(out.starts_with("- x\n  - x\n    - x"), "{out}");
        let _ = md(&"</b></ul></li>".repeat(1_000));
    }

    #[test]
    fn output_is_clean() {
        let out = md("<p>a</p>\n\n<p> </p><p>b  </p><ul><li>c  </li></ul>");
        assert_eq!(out, "a\n\nb\n\n- c");
        assert!(!out.ends_with('\n'));
    }
}
