//! A compact arena DOM built straight from html5ever's tree builder.
//!
//! Nodes live in one `Vec` and point at each other by index, so building a
//! page costs one allocation per node and no reference counting; walking it
//! is iterative (sibling and parent links), so no nesting depth can overflow
//! the stack.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

/// Index of a node in [`Dom::nodes`].
pub(crate) type NodeId = usize;

/// The document node is always the first.
pub(crate) const ROOT: NodeId = 0;

/// What a node holds.
#[derive(Debug)]
pub(crate) enum NodeData {
    /// The document itself.
    Document,
    /// An element with its tag name and attributes.
    Element {
        name: QualName,
        attrs: Vec<Attribute>,
    },
    /// A run of character data.
    Text(StrTendril),
    /// Comments, processing instructions: kept only as placeholders.
    Other,
}

/// One node and its links.
#[derive(Debug)]
pub(crate) struct Node {
    pub(crate) parent: Option<NodeId>,
    pub(crate) first_child: Option<NodeId>,
    pub(crate) last_child: Option<NodeId>,
    pub(crate) prev: Option<NodeId>,
    pub(crate) next: Option<NodeId>,
    pub(crate) data: NodeData,
}

impl Node {
    fn new(data: NodeData) -> Self {
        Self {
            parent: None,
            first_child: None,
            last_child: None,
            prev: None,
            next: None,
            data,
        }
    }
}

/// A parsed page.
#[derive(Debug)]
pub(crate) struct Dom {
    pub(crate) nodes: Vec<Node>,
    /// Answer for `elem_name` on a node that is not an element (never asked
    /// by the tree builder, but the sink must not panic).
    placeholder: QualName,
}

/// Parse `html` into a [`Dom`].
pub(crate) fn parse(html: &str) -> Dom {
    let sink = Sink {
        dom: RefCell::new(Dom {
            nodes: vec![Node::new(NodeData::Document)],
            placeholder: QualName::new(None, ns!(html), local_name!("div")),
        }),
    };
    html5ever::parse_document(sink, Default::default()).one(html)
}

impl Dom {
    /// The element's local tag name, or `None` for other nodes.
    pub(crate) fn tag(&self, id: NodeId) -> Option<&LocalName> {
        match &self.nodes[id].data {
            NodeData::Element { name, .. } => Some(&name.local),
            _ => None,
        }
    }

    /// The value of attribute `name` on element `id`.
    pub(crate) fn attr(&self, id: NodeId, name: &str) -> Option<&str> {
        match &self.nodes[id].data {
            NodeData::Element { attrs, .. } => attrs
                .iter()
                .find(|a| &*a.name.local == name)
                .map(|a| a.value.as_ref()),
            _ => None,
        }
    }

    /// The children of `id`, in order.
    pub(crate) fn children(&self, id: NodeId) -> Children<'_> {
        Children {
            dom: self,
            next: self.nodes[id].first_child,
        }
    }

    /// `id` and everything under it, in document order.
    pub(crate) fn descendants(&self, id: NodeId) -> Descendants<'_> {
        Descendants {
            dom: self,
            root: id,
            next: Some(id),
        }
    }

    /// The next node after `id` in document order that is not inside `id`,
    /// staying within `root`.
    pub(crate) fn skip_subtree(&self, id: NodeId, root: NodeId) -> Option<NodeId> {
        let mut at = id;
        loop {
            if at == root {
                return None;
            }
            if let Some(next) = self.nodes[at].next {
                return Some(next);
            }
            at = self.nodes[at].parent?;
        }
    }

    /// The next node after `id` in document order, within `root`.
    pub(crate) fn next_in(&self, id: NodeId, root: NodeId) -> Option<NodeId> {
        match self.nodes[id].first_child {
            Some(child) => Some(child),
            None => self.skip_subtree(id, root),
        }
    }

    /// All text under `id`, concatenated as is.
    pub(crate) fn text_of(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.descendants(id) {
            if let NodeData::Text(t) = &self.nodes[n].data {
                out.push_str(t);
            }
        }
        out
    }

    /// Non-space characters of the text under `id`.
    pub(crate) fn text_chars(&self, id: NodeId) -> usize {
        self.descendants(id)
            .map(|n| match &self.nodes[n].data {
                NodeData::Text(t) => t.chars().filter(|c| !c.is_whitespace()).count(),
                _ => 0,
            })
            .sum()
    }

    /// The ancestors of `id`, nearest first, not including `id`.
    pub(crate) fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.nodes[id].parent, |&p| self.nodes[p].parent)
    }

    fn push(&mut self, data: NodeData) -> NodeId {
        self.nodes.push(Node::new(data));
        self.nodes.len() - 1
    }

    fn detach(&mut self, id: NodeId) {
        let (parent, prev, next) = {
            let n = &self.nodes[id];
            (n.parent, n.prev, n.next)
        };
        let Some(parent) = parent else { return };
        match prev {
            Some(p) => self.nodes[p].next = next,
            None => self.nodes[parent].first_child = next,
        }
        match next {
            Some(n) => self.nodes[n].prev = prev,
            None => self.nodes[parent].last_child = prev,
        }
        let n = &mut self.nodes[id];
        n.parent = None;
        n.prev = None;
        n.next = None;
    }

    fn append_node(&mut self, parent: NodeId, child: NodeId) {
        self.detach(child);
        let last = self.nodes[parent].last_child;
        {
            let c = &mut self.nodes[child];
            c.parent = Some(parent);
            c.prev = last;
        }
        match last {
            Some(l) => self.nodes[l].next = Some(child),
            None => self.nodes[parent].first_child = Some(child),
        }
        self.nodes[parent].last_child = Some(child);
    }

    fn insert_before(&mut self, sibling: NodeId, child: NodeId) {
        self.detach(child);
        let Some(parent) = self.nodes[sibling].parent else {
            return;
        };
        let prev = self.nodes[sibling].prev;
        {
            let c = &mut self.nodes[child];
            c.parent = Some(parent);
            c.prev = prev;
            c.next = Some(sibling);
        }
        self.nodes[sibling].prev = Some(child);
        match prev {
            Some(p) => self.nodes[p].next = Some(child),
            None => self.nodes[parent].first_child = Some(child),
        }
    }

    /// Append text to the text node `id` if it is one.
    fn extend_text(&mut self, id: Option<NodeId>, text: &str) -> bool {
        if let Some(id) = id
            && let NodeData::Text(t) = &mut self.nodes[id].data
        {
            t.push_slice(text);
            return true;
        }
        false
    }
}

/// Iterator over a node's children.
pub(crate) struct Children<'a> {
    dom: &'a Dom,
    next: Option<NodeId>,
}

impl Iterator for Children<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        self.next = self.dom.nodes[id].next;
        Some(id)
    }
}

/// Iterator over a subtree in document order.
pub(crate) struct Descendants<'a> {
    dom: &'a Dom,
    root: NodeId,
    next: Option<NodeId>,
}

impl Iterator for Descendants<'_> {
    type Item = NodeId;
    fn next(&mut self) -> Option<NodeId> {
        let id = self.next?;
        self.next = self.dom.next_in(id, self.root);
        Some(id)
    }
}

/// html5ever's view of the arena while it is being built.
struct Sink {
    dom: RefCell<Dom>,
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Dom;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Dom {
        self.dom.into_inner()
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        ROOT
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        Ref::map(self.dom.borrow(), |dom| match &dom.nodes[*target].data {
            NodeData::Element { name, .. } => name,
            _ => &dom.placeholder,
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> NodeId {
        self.dom
            .borrow_mut()
            .push(NodeData::Element { name, attrs })
    }

    fn create_comment(&self, _text: StrTendril) -> NodeId {
        self.dom.borrow_mut().push(NodeData::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.dom.borrow_mut().push(NodeData::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        let mut dom = self.dom.borrow_mut();
        match child {
            NodeOrText::AppendNode(node) => dom.append_node(*parent, node),
            NodeOrText::AppendText(text) => {
                let last = dom.nodes[*parent].last_child;
                if !dom.extend_text(last, &text) {
                    let node = dom.push(NodeData::Text(text));
                    dom.append_node(*parent, node);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        let has_parent = self.dom.borrow().nodes[*element].parent.is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    // Template contents stay inside the template element; the extractor
    // never reads templates, so a separate fragment buys nothing.
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        *target
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let mut dom = self.dom.borrow_mut();
        match new_node {
            NodeOrText::AppendNode(node) => dom.insert_before(*sibling, node),
            NodeOrText::AppendText(text) => {
                let prev = dom.nodes[*sibling].prev;
                if !dom.extend_text(prev, &text) {
                    let node = dom.push(NodeData::Text(text));
                    dom.insert_before(*sibling, node);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &NodeId, new: Vec<Attribute>) {
        let mut dom = self.dom.borrow_mut();
        if let NodeData::Element { attrs, .. } = &mut dom.nodes[*target].data {
            for attr in new {
                if !attrs.iter().any(|a| a.name == attr.name) {
                    attrs.push(attr);
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.dom.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let mut dom = self.dom.borrow_mut();
        while let Some(child) = dom.nodes[*node].first_child {
            dom.append_node(*new_parent, child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(dom: &Dom) -> Vec<String> {
        dom.descendants(ROOT)
            .filter_map(|n| dom.tag(n).map(|t| t.to_string()))
            .collect()
    }

    #[test]
    fn builds_tree_in_document_order() {
        let dom = parse("<p class=a>one <b>two</b></p><p>three</p>");
        assert_eq!(tags(&dom), ["html", "head", "body", "p", "b", "p"]);
        assert_eq!(dom.text_of(ROOT), "one twothree");
    }

    #[test]
    fn reads_attributes() {
        let dom = parse("<div id=main class='x y'>t</div>");
        let div = dom
            .descendants(ROOT)
            .find(|&n| dom.tag(n).is_some_and(|t| &**t == "div"))
            .expect("a div");
        assert_eq!(dom.attr(div, "class"), Some("x y"));
        assert_eq!(dom.attr(div, "id"), Some("main"));
        assert_eq!(dom.attr(div, "style"), None);
    }

    #[test]
    fn misnested_markup_is_repaired() {
        // The adoption agency algorithm moves nodes around: links must stay consistent.
        let dom = parse("<b>1<p>2</b>3</p><table><tr><td>4</td></tr>x</table>");
        // "x" is foster-parented before the table.
        assert_eq!(dom.text_of(ROOT), "123x4");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(3_000) + "deep" + &"</div>".repeat(3_000);
        let dom = parse(&html);
        assert!(dom.text_of(ROOT).contains("deep"));
        assert!(dom.descendants(ROOT).count() > 3_000);
    }
}
