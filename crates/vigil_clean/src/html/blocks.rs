//! The page as a flat list of text blocks in document order.
//!
//! One walk over the DOM drops what is never article text (scripts, forms,
//! navigation, hidden and boilerplate-named elements), sets figure captions
//! apart, and cuts the rest into blocks at block-level element boundaries
//! and double `<br>`s. Each block remembers its position in a pre-order
//! numbering of the nodes, so "the blocks under element E" is the range of
//! blocks with `pre[E] <= pos < end[E]`.

use super::cues;
use super::dom::{Dom, NodeData, NodeId, ROOT};

/// What block-level element holds a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `<p>`.
    Para,
    /// `<h1>`…`<h6>`, with the level.
    Heading(u8),
    /// `<li>`, `<dt>`, `<dd>`.
    Item,
    /// `<blockquote>`.
    Quote,
    /// `<pre>`.
    Pre,
    /// A table row whose cells hold only inline text.
    Row,
    /// Text straight inside a `<div>`, `<section>` and the like.
    Plain,
}

/// A run of text between block boundaries.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    /// White space collapsed; a single `<br>` kept as a newline.
    pub(crate) text: String,
    /// Non-space characters.
    pub(crate) chars: usize,
    /// Non-space characters inside links.
    pub(crate) link_chars: usize,
    /// Non-space characters of the links the block opens with, before any
    /// text outside a link.
    pub(crate) lead_link_chars: usize,
    /// Pre-order number of the block's first text node.
    pub(crate) pos: u32,
    pub(crate) kind: Kind,
    /// Seen on many pages of the page's site ([`crate::site`]).
    pub(crate) repeated: bool,
}

impl Block {
    /// Share of the block's characters that are link text.
    pub(crate) fn link_density(&self) -> f64 {
        if self.chars == 0 {
            return 0.0;
        }
        self.link_chars as f64 / self.chars as f64
    }
}

/// A figure caption and where it sits.
#[derive(Debug, Clone)]
pub(crate) struct Caption {
    pub(crate) pos: u32,
    pub(crate) text: String,
}

/// The walk's result.
#[derive(Debug, Default)]
pub(crate) struct Layout {
    /// Pre-order number of each node (0 for nodes the walk never entered).
    pub(crate) pre: Vec<u32>,
    /// One past the last pre-order number inside each node.
    pub(crate) end: Vec<u32>,
    /// Elements in pre-order that may hold an article.
    pub(crate) candidates: Vec<NodeId>,
    /// Pre-order numbers of the `<article>` elements, rising.
    pub(crate) articles: Vec<u32>,
    /// Candidates the page marks as the article's text
    /// (`itemprop="articleBody"`, a content name such as `entry-content`).
    pub(crate) marked: Vec<NodeId>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) captions: Vec<Caption>,
}

impl Layout {
    /// The range of `blocks` inside element `id`.
    pub(crate) fn block_range(&self, id: NodeId) -> std::ops::Range<usize> {
        let (lo, hi) = (self.pre[id], self.end[id]);
        let start = self.blocks.partition_point(|b| b.pos < lo);
        let stop = self.blocks.partition_point(|b| b.pos < hi);
        start..stop
    }

    /// How many `<article>` elements lie inside element `id`, not counting itself.
    pub(crate) fn articles_inside(&self, id: NodeId) -> usize {
        let (lo, hi) = (self.pre[id], self.end[id]);
        let start = self.articles.partition_point(|&a| a <= lo);
        let stop = self.articles.partition_point(|&a| a < hi);
        stop.saturating_sub(start)
    }

    /// Whether the node numbered `pos` lies inside element `id`.
    pub(crate) fn contains(&self, id: NodeId, pos: u32) -> bool {
        self.pre[id] <= pos && pos < self.end[id]
    }
}

/// How the walk treats an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Skip,
    Caption,
    Figure,
    Link,
    Br,
    Block(Kind),
    /// A block-level element that may hold a whole article.
    Section,
    /// `<td>`, `<th>`: a section when it holds blocks (layout tables), else
    /// inline text of its row.
    Cell,
    Inline,
}

/// A paragraph of prose has at least this many characters…
const PROSE_PARAGRAPH_CHARS: usize = 80;

/// …and an element holding this many of them holds an article.
const PROSE_PARAGRAPHS: usize = 3;

/// ARIA roles of page furniture.
const SKIP_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
    "toolbar",
];

/// Whether the walk may drop elements for their class or id (turned off in
/// the second try on pages where that left too little text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strictness {
    Strict,
    Lenient,
    /// As `Lenient`, and an `<aside>` that holds paragraphs of prose is read
    /// (tried only when nothing else gave a body).
    Loose,
}

fn role(dom: &Dom, id: NodeId, strictness: Strictness) -> Role {
    let Some(tag) = dom.tag(id) else {
        return Role::Inline;
    };
    let role = tag_role(tag);
    if is_hidden(dom, id) {
        return Role::Skip;
    }
    if role == Role::Skip {
        // On the last try, an `<aside>` holding paragraphs of prose is read:
        // some templates set the whole post in one.
        let misused_aside =
            strictness == Strictness::Loose && tag == "aside" && holds_prose(dom, id);
        if !misused_aside {
            return Role::Skip;
        }
        return Role::Section;
    }
    if dom
        .attr(id, "role")
        .is_some_and(|r| SKIP_ROLES.contains(&r.trim()))
    {
        return Role::Skip;
    }
    let is_page = matches!(&**tag, "body" | "html" | "main" | "article");
    if tag == "figcaption" || (!is_page && is_caption_named(dom, id)) {
        return Role::Caption;
    }
    if tag == "figure" {
        return Role::Figure;
    }
    if strictness == Strictness::Strict
        && tag != "body"
        && tag != "html"
        && is_boilerplate(dom, id)
        && !is_marked(dom, id)
        && !(is_widget(dom, id) && holds_prose(dom, id))
    {
        return Role::Skip;
    }
    if role == Role::Cell && holds_blocks(dom, id) {
        return Role::Section;
    }
    role
}

/// Whether any child of `id` is a block-level element.
fn holds_blocks(dom: &Dom, id: NodeId) -> bool {
    dom.children(id).any(|c| {
        dom.tag(c)
            .is_some_and(|t| matches!(tag_role(t), Role::Block(_) | Role::Section | Role::Cell))
    })
}

fn tag_role(tag: &str) -> Role {
    match tag {
        // Never article text.
        "head" | "script" | "style" | "noscript" | "template" | "svg" | "math" | "iframe"
        | "object" | "embed" | "canvas" | "video" | "audio" | "map" | "button" | "input"
        | "select" | "option" | "textarea" | "label" | "nav" | "aside" | "footer" | "header"
        | "dialog" | "menu" | "title" | "meta" | "link" => Role::Skip,
        "a" => Role::Link,
        "br" => Role::Br,
        "p" => Role::Block(Kind::Para),
        "h1" => Role::Block(Kind::Heading(1)),
        "h2" => Role::Block(Kind::Heading(2)),
        "h3" => Role::Block(Kind::Heading(3)),
        "h4" => Role::Block(Kind::Heading(4)),
        "h5" => Role::Block(Kind::Heading(5)),
        "h6" => Role::Block(Kind::Heading(6)),
        "li" | "dt" | "dd" => Role::Block(Kind::Item),
        "blockquote" => Role::Block(Kind::Quote),
        "pre" => Role::Block(Kind::Pre),
        "div" | "section" | "article" | "main" | "body" | "center" | "form" | "fieldset"
        | "details" | "address" | "hgroup" => Role::Section,
        "tr" => Role::Block(Kind::Row),
        "td" | "th" => Role::Cell,
        "ul" | "ol" | "dl" | "table" | "tbody" | "thead" | "tfoot" | "caption" | "hr"
        | "summary" | "html" | "legend" => Role::Block(Kind::Plain),
        _ => Role::Inline,
    }
}

fn is_hidden(dom: &Dom, id: NodeId) -> bool {
    if dom.attr(id, "hidden").is_some() {
        return true;
    }
    if dom
        .attr(id, "aria-hidden")
        .is_some_and(|v| v.trim() == "true")
    {
        return true;
    }
    dom.attr(id, "style").is_some_and(|s| {
        if !(s.contains("none") || s.contains("hidden")) {
            return false;
        }
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let s = s.to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

fn is_boilerplate(dom: &Dom, id: NodeId) -> bool {
    ["class", "id"]
        .iter()
        .any(|a| dom.attr(id, a).is_some_and(cues::is_boilerplate_name))
}

fn is_widget(dom: &Dom, id: NodeId) -> bool {
    ["class", "id"]
        .iter()
        .all(|a| dom.attr(id, a).is_none_or(cues::is_widget_name))
}

/// Whether an element holds the paragraphs of an article, so that a
/// boilerplate word in its class (`share-wrapper`) names a widget somewhere
/// inside it, not the element itself.
fn holds_prose(dom: &Dom, id: NodeId) -> bool {
    let mut found = 0;
    let mut at = dom.nodes[id].first_child;
    while let Some(n) = at {
        if dom.tag(n).is_some_and(|t| &**t == "p") {
            if dom.text_chars(n) >= PROSE_PARAGRAPH_CHARS {
                found += 1;
                if found >= PROSE_PARAGRAPHS {
                    return true;
                }
            }
            at = dom.skip_subtree(n, id);
        } else {
            at = dom.next_in(n, id);
        }
    }
    false
}

/// Whether the page marks the element as the article's text.
pub(crate) fn is_marked(dom: &Dom, id: NodeId) -> bool {
    dom.attr(id, "itemprop").is_some_and(|v| {
        v.split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("articleBody"))
    }) || ["class", "id"]
        .iter()
        .any(|a| dom.attr(id, a).is_some_and(cues::is_content_name))
}

fn is_caption_named(dom: &Dom, id: NodeId) -> bool {
    dom.attr(id, "class").is_some_and(cues::is_caption_name)
        || dom
            .attr(id, "itemprop")
            .is_some_and(|v| v.eq_ignore_ascii_case("caption"))
}

/// Walk the page and cut it into blocks.
pub(crate) fn layout(dom: &Dom, strictness: Strictness) -> Layout {
    let mut walk = Walk {
        dom,
        strictness,
        out: Layout {
            pre: vec![0; dom.nodes.len()],
            end: vec![0; dom.nodes.len()],
            ..Layout::default()
        },
        counter: 0,
        buf: String::new(),
        chars: 0,
        link_chars: 0,
        lead_link_chars: 0,
        pos: None,
        links: 0,
        containers: vec![(ROOT, Kind::Plain)],
    };
    walk.run();
    walk.out
}

/// State of the walk.
struct Walk<'a> {
    dom: &'a Dom,
    strictness: Strictness,
    out: Layout,
    counter: u32,
    buf: String,
    chars: usize,
    link_chars: usize,
    lead_link_chars: usize,
    pos: Option<u32>,
    /// How many links the walk is inside.
    links: usize,
    /// Open block-level elements, innermost last.
    containers: Vec<(NodeId, Kind)>,
}

impl Walk<'_> {
    fn run(&mut self) {
        // (node, entered): entered nodes are being left.
        let mut stack: Vec<(NodeId, Option<Role>)> = vec![(ROOT, None)];
        while let Some((id, entered)) = stack.pop() {
            if let Some(role) = entered {
                self.leave(id, role);
                continue;
            }
            self.counter += 1;
            self.out.pre[id] = self.counter;
            let role = self.enter(id);
            let descend = !matches!(role, Role::Skip | Role::Caption | Role::Figure);
            stack.push((id, Some(role)));
            if descend {
                let mut child = self.dom.nodes[id].last_child;
                while let Some(c) = child {
                    stack.push((c, None));
                    child = self.dom.nodes[c].prev;
                }
            }
        }
        self.flush();
    }

    fn enter(&mut self, id: NodeId) -> Role {
        match &self.dom.nodes[id].data {
            NodeData::Text(t) => {
                self.push_text(t);
                return Role::Inline;
            }
            NodeData::Element { .. } => {}
            _ => return Role::Inline,
        }
        let role = role(self.dom, id, self.strictness);
        match role {
            Role::Link => self.links += 1,
            Role::Br => self.line_break(),
            Role::Block(kind) => {
                self.flush();
                self.containers.push((id, kind));
            }
            Role::Section => {
                self.flush();
                self.containers.push((id, Kind::Plain));
                self.out.candidates.push(id);
                if is_marked(self.dom, id) {
                    self.out.marked.push(id);
                }
                if self.dom.tag(id).is_some_and(|t| &**t == "article") {
                    self.out.articles.push(self.counter);
                }
            }
            Role::Caption => {
                self.flush();
                self.caption(id);
            }
            Role::Figure => {
                self.flush();
                self.figure_captions(id);
            }
            Role::Skip => self.flush(),
            Role::Cell => self.push_text(" "),
            Role::Inline => {}
        }
        role
    }

    fn leave(&mut self, id: NodeId, role: Role) {
        match role {
            Role::Link => self.links = self.links.saturating_sub(1),
            Role::Cell => self.push_text(" "),
            Role::Block(_) | Role::Section => {
                self.flush();
                self.containers.pop();
            }
            _ => {}
        }
        self.out.end[id] = self.counter + 1;
    }

    fn push_text(&mut self, text: &str) {
        let mut space = self.buf.ends_with(' ');
        for c in text.chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if matches!(c, '\u{200b}' | '\u{feff}' | '\u{ad}') {
                continue;
            }
            if space && !self.buf.is_empty() && !self.buf.ends_with(['\n', ' ']) {
                self.buf.push(' ');
            }
            space = false;
            if self.pos.is_none() {
                self.pos = Some(self.counter);
            }
            self.buf.push(c);
            self.chars += 1;
            if self.links > 0 {
                if self.link_chars == self.lead_link_chars && self.lead_link_chars + 1 == self.chars
                {
                    self.lead_link_chars += 1;
                }
                self.link_chars += 1;
            }
        }
        if space && !self.buf.is_empty() && !self.buf.ends_with(['\n', ' ']) {
            self.buf.push(' ');
        }
    }

    fn line_break(&mut self) {
        let trimmed = self.buf.trim_end_matches(' ');
        if trimmed.ends_with('\n') {
            self.flush();
        } else if !trimmed.is_empty() {
            self.buf.truncate(trimmed.len());
            self.buf.push('\n');
        }
    }

    fn flush(&mut self) {
        let text = tidy(&self.buf);
        if let (false, Some(pos)) = (text.is_empty(), self.pos) {
            let kind = self.containers.last().map_or(Kind::Plain, |&(_, k)| k);
            self.out.blocks.push(Block {
                text,
                chars: self.chars,
                link_chars: self.link_chars,
                lead_link_chars: self.lead_link_chars,
                pos,
                kind,
                repeated: false,
            });
        }
        self.buf.clear();
        self.chars = 0;
        self.link_chars = 0;
        self.lead_link_chars = 0;
        self.pos = None;
    }

    fn caption(&mut self, id: NodeId) {
        let text = tidy(&collapse(&self.dom.text_of(id)));
        if !text.is_empty() {
            self.out.captions.push(Caption {
                pos: self.counter,
                text,
            });
        }
    }

    /// A figure's own text is its caption: `<figcaption>` or a caption-named
    /// element inside it; anything else in a figure (credits, embeds) is dropped.
    fn figure_captions(&mut self, figure: NodeId) {
        let dom = self.dom;
        let mut at = dom.nodes[figure].first_child;
        while let Some(id) = at {
            let is_caption =
                dom.tag(id).is_some_and(|t| &**t == "figcaption") || is_caption_named(dom, id);
            if is_caption {
                self.caption(id);
                at = dom.skip_subtree(id, figure);
            } else {
                at = dom.next_in(id, figure);
            }
        }
    }
}

/// Collapse every run of white space to one space.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Trim each line and drop empty ones.
fn tidy(buf: &str) -> String {
    let mut out = String::with_capacity(buf.len());
    for line in buf.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::dom::parse;
    use super::*;

    fn texts(html: &str) -> Vec<String> {
        let dom = parse(html);
        layout(&dom, Strictness::Strict)
            .blocks
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    #[test]
    fn cuts_at_block_elements_and_double_breaks() {
        assert_eq!(
            texts("<div>Lead <b>bold</b><p>One\n  two</p>tail<br>line<br><br>next</div>"),
            ["Lead bold", "One two", "tail\nline", "next"]
        );
    }

    #[test]
    fn drops_furniture() {
        let html = "<nav>Home News</nav><div class='share-tools'>Share</div>\
                    <p style='display: none'>hidden</p><script>var x;</script><p>Kept.</p>";
        assert_eq!(texts(html), ["Kept."]);
    }

    #[test]
    fn captions_are_set_apart() {
        let dom = parse(
            "<p>Before.</p><figure><img><figcaption>A crowd in the square.</figcaption>\
             <span>Credit</span></figure><p>After.</p>",
        );
        let l = layout(&dom, Strictness::Strict);
        let t: Vec<_> = l.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(t, ["Before.", "After."]);
        assert_eq!(l.captions.len(), 1);
        assert_eq!(l.captions[0].text, "A crowd in the square.");
    }

    #[test]
    fn counts_link_text() {
        let dom =
            parse("<p>abc <a href=x>defg</a></p><p><a>Head</a> <a>line</a> text <a>x</a></p>");
        let l = layout(&dom, Strictness::Strict);
        assert_eq!((l.blocks[0].chars, l.blocks[0].link_chars), (7, 4));
        assert_eq!(l.blocks[0].lead_link_chars, 0);
        assert_eq!(
            (l.blocks[1].link_chars, l.blocks[1].lead_link_chars),
            (9, 8)
        );
    }

    #[test]
    fn lenient_keeps_boilerplate_named_elements() {
        let dom = parse("<div class=sidebar><p>Side text.</p></div>");
        assert!(layout(&dom, Strictness::Strict).blocks.is_empty());
        assert_eq!(layout(&dom, Strictness::Lenient).blocks.len(), 1);
    }

    #[test]
    fn block_ranges_follow_nesting() {
        let dom = parse("<div id=a><p>one</p><div id=b><p>two</p></div></div><p>three</p>");
        let l = layout(&dom, Strictness::Strict);
        let find = |v: &str| {
            dom.descendants(ROOT)
                .find(|&n| dom.attr(n, "id") == Some(v))
                .expect("element")
        };
        assert_eq!(l.block_range(find("a")), 0..2);
        assert_eq!(l.block_range(find("b")), 1..2);
    }
}
