//! Documentation: the model's HTML, as Markdown, with references to other shapes
//! (`<a>Stage</a>`) turned into intra-doc links to the items generated for them. Runs after
//! `names`, which decides where each item is.

use std::collections::BTreeMap;

use crate::docs::{LinkResolver, html_to_markdown};
use crate::ir::{Ir, shape_name};

struct Links(BTreeMap<String, String>);

impl LinkResolver for Links {
    fn resolve(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
}

/// Converts every documentation text of `ir` from HTML to Markdown.
pub(super) fn convert(ir: &mut Ir) {
    let mut links = BTreeMap::new();
    for s in ir.structures.values() {
        links.insert(
            shape_name(&s.shape_id).to_owned(),
            format!(
                "crate::{}::{}",
                s.dir.join("::"),
                s.name.strip_prefix("r#").unwrap_or(&s.name)
            ),
        );
    }
    for e in ir.enums.values() {
        links.insert(
            shape_name(&e.shape_id).to_owned(),
            format!("crate::types::{}", e.name),
        );
    }
    for op in &ir.operations {
        links.insert(
            shape_name(&op.shape_id).to_owned(),
            format!("crate::operation::{}", op.file),
        );
    }
    let links = Links(links);
    let md = |html: &mut String| *html = html_to_markdown(html, &links);
    md(&mut ir.service.docs);
    for op in &mut ir.operations {
        md(&mut op.docs);
        for waiter in &mut op.waiters {
            md(&mut waiter.docs);
        }
    }
    for s in ir.structures.values_mut() {
        md(&mut s.docs);
        for f in &mut s.fields {
            md(&mut f.docs);
        }
    }
    for e in ir.enums.values_mut() {
        md(&mut e.docs);
        for v in &mut e.variants {
            md(&mut v.docs);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::lower::tests::lowered;

    #[test]
    fn references_to_shapes_become_links_to_their_items() {
        let ir = lowered(serde_json::json!({
            "t#Thing": {
                "type": "structure",
                "members": {"mode": {"target": "t#Mode", "traits": {"smithy.api#documentation": "<p>See <a>Mode</a> and <a>Op</a>.</p>"}}},
                "traits": {"smithy.api#documentation": "<p>A <b>thing</b>.</p>"}
            },
            "t#Mode": {"type": "enum", "members": {"A": {"target": "smithy.api#Unit"}}}
        }));
        let thing = &ir.structures["t#Thing"];
        assert_eq!(thing.docs, "A **thing**.");
        assert_eq!(
            thing.fields[0].docs,
            "See [`Mode`](crate::types::Mode) and [`Op`](crate::operation::op)."
        );
    }
}
