//! Which part of the page is the article, and which of its blocks to keep.
//!
//! Every block gets a weight: long, link-poor text counts for it, link lists
//! and short fragments against it. The article is the element whose blocks
//! weigh most in sum (a maximum-sum subtree, the tree form of the
//! maximum-subsequence idea in boilerplate detection): it grows to take in
//! sibling sections of prose, and stops before menus, teaser lists and
//! footers, which weigh against. Inside that element, blocks that are link
//! lists, page furniture or the headline are dropped.

use super::blocks::{self, Block, Kind, Layout, Strictness};
use super::cues;
use super::dom::{Dom, NodeId};
use crate::site::Repeated;

/// Below this many characters of body the class/id cues are distrusted and
/// the page is read again without them.
const MIN_BODY_CHARS: usize = 250;

/// What every block costs, so fragmented text (teasers, menus) sums low.
const BLOCK_COST: f64 = 40.0;

/// What a table row costs: rows are short by nature, and a table of
/// results can be the article.
const ROW_COST: f64 = 10.0;

/// What an element the page marks as the article's text (`entry-content`,
/// `itemprop="articleBody"`) weighs beyond its blocks: enough to win over a
/// slightly longer sidebar or teaser next to a short post, not over the
/// wrapper that adds a standfirst. Measured (sets_score example): 1000 lifts
/// dragnet to F1 0.882 but costs the benchmark's recall its floor, 150
/// keeps every floor.
const MARKED_BONUS: f64 = 150.0;

/// A block this long is a paragraph of prose.
const MIN_PROSE_CHARS: usize = 80;

/// A comment heading is short.
const MAX_COMMENT_HEAD_CHARS: usize = 80;

/// Blocks whose text is more than this share links are link lists.
const MAX_LINK_DENSITY: f64 = 0.5;

/// An element holding this many `<article>` elements is a list of stories
/// (the page's own and teasers of others), not the article.
const MAX_ARTICLES_INSIDE: usize = 2;

/// A teaser's headline link has at least this many characters…
const MIN_TEASER_LINK_CHARS: usize = 20;

/// …and this share of the teaser's text.
const MIN_TEASER_LINK_SHARE: f64 = 0.2;

/// The article text found on a page.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub(crate) paragraphs: Vec<String>,
    pub(crate) captions: Vec<String>,
}

impl Body {
    pub(crate) fn chars(&self) -> usize {
        self.paragraphs.iter().map(|p| p.len()).sum()
    }
}

/// Find the article body; `title` (the headline) is left out of it.
/// Blocks the site repeats on many pages (`repeated`) are furniture.
pub(crate) fn body(dom: &Dom, title: Option<&str>, repeated: Option<Repeated>) -> Option<Body> {
    let layout = |strictness| {
        let mut layout = blocks::layout(dom, strictness);
        if let Some(repeated) = repeated {
            for b in &mut layout.blocks {
                b.repeated = repeated.contains(&b.text);
            }
        }
        layout
    };
    let strict = pick(dom, &layout(Strictness::Strict), title);
    if strict.as_ref().is_some_and(|b| b.chars() >= MIN_BODY_CHARS) {
        return strict;
    }
    let lenient = pick(dom, &layout(Strictness::Lenient), title);
    match (strict, lenient) {
        (Some(s), Some(l)) => Some(if l.chars() > s.chars() { l } else { s }),
        (s, l) => s.or(l),
    }
    .filter(|b| !b.paragraphs.is_empty())
    .or_else(|| pick(dom, &layout(Strictness::Loose), title))
    .filter(|b| !b.paragraphs.is_empty())
}

fn pick(dom: &Dom, layout: &Layout, title: Option<&str>) -> Option<Body> {
    let root = best_root(layout)?;
    let blocks = with_twins(dom, layout, root);
    let mut kept = keep_blocks(&blocks, title);
    if kept.is_empty() {
        // The heaviest element held only furniture: fall back to the whole page.
        kept = keep_blocks(&layout.blocks, title);
    }
    // A `<br>` inside a block is a line of the same paragraph; as a line of
    // its own the plain-text rules would cut it as a short fragment.
    Some(Body {
        paragraphs: kept
            .into_iter()
            .map(|b| b.text.replace('\n', " "))
            .collect(),
        captions: captions(dom, layout, root),
    })
}

/// The blocks of `root`, and of its twins: siblings with the same tag and
/// class that weigh for being text, as when a page sets each section of an
/// article in a box of its own between boxes of something else.
fn with_twins(dom: &Dom, layout: &Layout, root: NodeId) -> Vec<Block> {
    let own = || layout.blocks[layout.block_range(root)].to_vec();
    let (Some(parent), Some(tag), Some(class)) = (
        dom.nodes[root].parent,
        dom.tag(root),
        dom.attr(root, "class").filter(|c| !c.trim().is_empty()),
    ) else {
        return own();
    };
    let mut out = Vec::new();
    for sibling in dom.children(parent) {
        let twin = sibling == root
            || (dom.tag(sibling) == Some(tag) && dom.attr(sibling, "class") == Some(class));
        if !twin || layout.pre[sibling] == 0 {
            continue;
        }
        let blocks = &layout.blocks[layout.block_range(sibling)];
        if sibling == root || blocks.iter().map(weight).sum::<f64>() > 0.0 {
            out.extend_from_slice(blocks);
        }
    }
    out
}

/// The weight of one block toward its element being the article.
fn weight(block: &Block) -> f64 {
    let chars = block.chars as f64;
    let density = block.link_density();
    if density > MAX_LINK_DENSITY || is_teaser(block) || block.repeated {
        return -chars;
    }
    let cost = if block.kind == Kind::Row {
        ROW_COST
    } else {
        BLOCK_COST
    };
    chars * (1.0 - density) - cost
}

/// A linked headline with its summary after it, as in lists of other
/// stories: the block opens with a link that is a fair share of its text.
/// Article paragraphs may open with a linked name, but a short one.
fn is_teaser(block: &Block) -> bool {
    block.lead_link_chars >= MIN_TEASER_LINK_CHARS
        && block.lead_link_chars < block.chars
        && block.lead_link_chars as f64 >= MIN_TEASER_LINK_SHARE * block.chars as f64
}

/// The candidate element whose blocks weigh most.
fn best_root(layout: &Layout) -> Option<NodeId> {
    let mut prefix = Vec::with_capacity(layout.blocks.len() + 1);
    prefix.push(0.0);
    let mut sum = 0.0;
    for b in &layout.blocks {
        sum += weight(b);
        prefix.push(sum);
    }
    let mut best: Option<(NodeId, f64)> = None;
    for &id in &layout.candidates {
        let range = layout.block_range(id);
        if range.is_empty() || layout.articles_inside(id) >= MAX_ARTICLES_INSIDE {
            continue;
        }
        let mut score = prefix[range.end] - prefix[range.start];
        if layout.marked.contains(&id) {
            score += MARKED_BONUS;
        }
        // `>=` prefers the later, deeper element when a wrapper adds nothing.
        if best.is_none_or(|(_, s)| score >= s) {
            best = Some((id, score));
        }
    }
    best.map(|(id, _)| id)
        .or_else(|| layout.candidates.first().copied())
}

/// The blocks of the article that are its text.
fn keep_blocks<'a>(blocks: &'a [Block], title: Option<&str>) -> Vec<&'a Block> {
    let blocks = until_comments(blocks);
    let kept: Vec<&Block> = blocks.iter().filter(|b| is_text(b, title)).collect();
    let substantial = |b: &&Block| b.chars >= 60 || ends_sentence(&b.text);
    let first = kept.iter().position(substantial).unwrap_or(kept.len());
    let last = kept.iter().rposition(substantial).map_or(first, |i| i + 1);
    kept[first..last.max(first)].to_vec()
}

/// The blocks before the reader comments: everything from a comment heading
/// on ("12 Comments") that follows some of the report's prose. Measured
/// (sets_score): dragnet F1 +0.0027, the benchmark +0.0006, readability unchanged.
fn until_comments(blocks: &[Block]) -> &[Block] {
    let Some(prose) = blocks.iter().position(|b| b.chars >= MIN_PROSE_CHARS) else {
        return blocks;
    };
    let cut = blocks[prose..]
        .iter()
        .position(|b| b.chars <= MAX_COMMENT_HEAD_CHARS && cues::is_comment_head(&b.text))
        .map_or(blocks.len(), |at| prose + at);
    &blocks[..cut]
}

fn is_text(block: &Block, title: Option<&str>) -> bool {
    if block.kind == Kind::Heading(1) || block.repeated || block.link_density() > MAX_LINK_DENSITY {
        return false;
    }
    if title.is_some_and(|t| t.eq_ignore_ascii_case(&block.text)) {
        return false;
    }
    !(block.chars < 200 && cues::is_boilerplate_line(&block.text))
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end_matches(['"', '\'', '”', '’', ')', '»'])
        .ends_with(['.', '!', '?', '…', ':', '。', '！', '？'])
}

/// Captions inside the article, or inside the `<article>`/`<main>` holding it
/// (the lead photo often sits above the body), each once.
fn captions(dom: &Dom, layout: &Layout, root: NodeId) -> Vec<String> {
    let scope = std::iter::once(root)
        .chain(dom.ancestors(root))
        .find(|&n| {
            dom.tag(n)
                .is_some_and(|t| matches!(&**t, "article" | "main"))
        })
        .unwrap_or(root);
    let mut out: Vec<String> = Vec::new();
    for c in &layout.captions {
        if layout.contains(scope, c.pos) && !out.contains(&c.text) {
            out.push(c.text.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::dom::parse;
    use super::*;

    const PARA: &str = "Police detained at least five people near the central square on Monday, \
                        witnesses said, as the crowd grew through the afternoon.";

    fn check(html: &str, expect: &[&str]) {
        let dom = parse(html);
        let body = body(&dom, Some("The Headline"), None).expect("a body");
        assert_eq!(body.paragraphs, expect);
    }

    #[test]
    fn picks_the_prose_not_the_menu() {
        let menu = "<ul><li><a href=/a>World news today</a></li><li><a href=/b>Sport and more</a></li>\
                    <li><a href=/c>Business and money</a></li></ul>";
        let html = format!(
            "<body><div>{menu}</div><div><h1>The Headline</h1><p>{PARA}</p><p>{PARA}</p></div>\
             <div>{menu}</div></body>"
        );
        check(&html, &[PARA, PARA]);
    }

    #[test]
    fn teaser_list_is_not_the_article() {
        let teaser = "<li><a href=/s>Court fines two students over a campus sit-in</a> \
                      <span>VELGRAD: A district court fined two students on Tuesday for a \
                      sit-in held on campus last month against a rise in fees...</span></li>";
        let html = format!(
            "<body><div><ul>{teaser}{teaser}{teaser}{teaser}</ul></div>\
             <div><p>{PARA}</p><p>{PARA}</p></div></body>"
        );
        check(&html, &[PARA, PARA]);
    }

    #[test]
    fn story_cards_around_the_article_are_left_out() {
        let card = "<article><header><h2><a href=/s>Students fined</a></h2></header>\
                    <p>A district court fined two students on Tuesday for a sit-in held on \
                    campus last month against a rise in fees.</p></article>";
        let html = format!(
            "<body><section><article><h1>The Headline</h1><p>{PARA}</p><p>{PARA}</p>\
             </article><div>{card}{card}{card}{card}</div></section></body>"
        );
        check(&html, &[PARA, PARA]);
    }

    #[test]
    fn joins_sibling_sections_of_prose() {
        let html = format!(
            "<div><div class=lede><p>{PARA}</p></div><div class=rest><p>{PARA}</p></div></div>"
        );
        check(&html, &[PARA, PARA]);
    }

    #[test]
    fn trims_short_lines_around_the_text() {
        let html = format!(
            "<article><p>By A. Writer</p><p>{PARA}</p><h2>What next</h2><p>{PARA}</p>\
             <p>Advertisement</p><p>Tagged: rights</p></article>"
        );
        check(&html, &[PARA, "What next", PARA]);
    }

    #[test]
    fn line_breaks_inside_a_block_become_spaces() {
        // A plain-text reading splits lines and trims short ones at the end;
        // a `<br>`-broken list at the foot of the article must not be lost.
        let html = format!(
            "<article><p>{PARA}</p><p>Hearings set:<br>May 2 -- Orlan court<br>\
             May 9 -- Velgrad court<br>May 16 -- Supreme court</p></article>"
        );
        check(
            &html,
            &[
                PARA,
                "Hearings set: May 2 -- Orlan court May 9 -- Velgrad court May 16 -- Supreme court",
            ],
        );
    }

    #[test]
    fn captions_come_once() {
        let html = format!(
            "<article><figure><figcaption>Riot police in the square.</figcaption></figure>\
             <div><p>{PARA}</p><p>{PARA}</p><figure><figcaption>Riot police in the square.\
             </figcaption></figure></div></article>"
        );
        let dom = parse(&html);
        let body = body(&dom, None, None).expect("a body");
        assert_eq!(body.captions, ["Riot police in the square."]);
        assert_eq!(body.paragraphs.len(), 2);
    }

    #[test]
    fn reader_comments_are_cut() {
        let comment = "I was in the square that day and saw the police take the students \
                       away in two buses, long before the crowd had grown.";
        let html = format!(
            "<article><p>{PARA}</p><p>{PARA}</p><h3>12 Comments</h3><p>{comment}</p>\
             <p>{comment}</p></article>"
        );
        check(&html, &[PARA, PARA]);
    }

    #[test]
    fn a_section_named_response_is_not_comments() {
        let html = format!("<article><p>{PARA}</p><h3>Response</h3><p>{PARA}</p></article>");
        check(&html, &[PARA, "Response", PARA]);
    }

    #[test]
    fn a_post_set_in_an_aside_is_read_when_nothing_else_is() {
        let html = format!(
            "<body><nav><a href=/>Home</a></nav><aside class=post><h1>The Headline</h1>\
             <p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></aside></body>"
        );
        check(&html, &[PARA, PARA, PARA]);
        let beside = format!(
            "<body><article><p>{PARA}</p></article><aside><p>{PARA} Also.</p>\
             <p>{PARA} Also.</p><p>{PARA} Also.</p></aside></body>"
        );
        check(&beside, &[PARA]);
    }

    #[test]
    fn no_text_no_body() {
        let dom = parse("<html><body><nav><a href=/>Home</a></nav></body></html>");
        assert!(body(&dom, None, None).is_none());
    }
}
