//! The site's shape, computed once the pages are known: sections and their ordered children,
//! neighbours, and which pages link to each content file.

use crate::model::{Page, PageKind, Tree};
use std::collections::HashMap;

/// For each content file, the markdown pages that link to it or embed it, in page order.
pub(crate) fn build_backlinks(pages: &[Page]) -> HashMap<String, Vec<usize>> {
    let mut backlinks: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, page) in pages.iter().enumerate() {
        let mut seen = std::collections::HashSet::new();
        for target in page.references.iter().filter(|t| **t != page.rel) {
            if seen.insert(target) {
                backlinks.entry(target.clone()).or_default().push(i);
            }
        }
    }
    backlinks
}

/// Computes the tree from the pages' source paths; `pages` must contain a home page.
pub(crate) fn build_tree(pages: &[Page]) -> Tree {
    let section_by_dir: HashMap<&str, usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.kind != PageKind::Page)
        .map(|(i, p)| (p.rel.rsplit_once('/').map_or("", |(dir, _)| dir), i))
        .collect();
    let home = section_by_dir.get("").copied().unwrap_or(0);
    let n = pages.len();
    let mut tree = Tree {
        parent: vec![None; n],
        pages: vec![Vec::new(); n],
        sections: vec![Vec::new(); n],
        children: vec![Vec::new(); n],
        neighbours: vec![(None, None); n],
    };
    for (i, page) in pages.iter().enumerate() {
        if page.kind == PageKind::Home {
            continue;
        }
        let parent = parent_section(page, &section_by_dir).unwrap_or(home);
        tree.parent[i] = Some(parent);
        tree.children[parent].push(i);
        match page.kind {
            PageKind::Section => tree.sections[parent].push(i),
            _ => tree.pages[parent].push(i),
        }
    }
    let order = |a: &usize, b: &usize| reading_order(&pages[*a], &pages[*b]);
    for list in tree.pages.iter_mut().chain(tree.sections.iter_mut()).chain(tree.children.iter_mut()) {
        list.sort_by(order);
    }
    for siblings in &tree.pages {
        for (pos, &page) in siblings.iter().enumerate() {
            let prev = pos.checked_sub(1).map(|p| siblings[p]);
            tree.neighbours[page] = (prev, siblings.get(pos + 1).copied());
        }
    }
    tree
}

/// Weight first (pages without one last), then title, then path for a stable order.
fn reading_order(a: &Page, b: &Page) -> std::cmp::Ordering {
    let key = |p: &Page| (p.meta.weight.unwrap_or(i64::MAX), p.meta.title.to_lowercase());
    key(a).cmp(&key(b)).then_with(|| a.rel.cmp(&b.rel))
}

/// The nearest enclosing directory that has an `_index.md`.
fn parent_section(page: &Page, section_by_dir: &HashMap<&str, usize>) -> Option<usize> {
    // A page's own directory counts unless the page is that directory's index.
    let own_dir = page.rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let file = page.rel.rsplit('/').next().unwrap_or("");
    let mut dir = if file == "_index.md" || file == "index.md" { parent_dir(own_dir)? } else { own_dir };
    loop {
        if let Some(&section) = section_by_dir.get(dir) {
            return Some(section);
        }
        dir = parent_dir(dir)?;
    }
}

fn parent_dir(dir: &str) -> Option<&str> {
    if dir.is_empty() {
        return None;
    }
    Some(dir.rsplit_once('/').map_or("", |(parent, _)| parent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FrontMatter, page_kind_and_path};

    fn page(rel: &str, title: &str, weight: Option<i64>) -> Page {
        let (kind, path) = page_kind_and_path(rel);
        Page {
            rel: rel.into(),
            display: rel.into(),
            kind,
            path,
            meta: FrontMatter { title: title.into(), weight, ..Default::default() },
            html: Default::default(),
            toc: Vec::new(),
            heading_ids: Default::default(),
            words: 0,
            source_text: String::new(),
            data: None,
            components: Vec::new(),
            references: Vec::new(),
            links: Vec::new(),
            body_links: Default::default(),
            search_words: String::new(),
        }
    }

    #[test]
    fn sections_order_children_by_weight_then_title() {
        let pages = vec![
            page("_index.md", "Home", None),
            page("guide/_index.md", "Guide", Some(1)),
            page("guide/b.md", "Bravo", Some(2)),
            page("guide/a.md", "Alpha", None),
            page("guide/c.md", "Charlie", Some(1)),
            page("guide/deep/x.md", "X", None),
            page("about.md", "About", Some(5)),
        ];
        let tree = build_tree(&pages);
        let titles = |list: &[usize]| list.iter().map(|&i| pages[i].meta.title.as_str()).collect::<Vec<_>>();
        assert_eq!(titles(&tree.pages[1]), ["Charlie", "Bravo", "Alpha", "X"]);
        assert_eq!(titles(&tree.children[0]), ["Guide", "About"]);
        assert_eq!(tree.neighbours[2], (Some(4), Some(3)));
        assert_eq!(tree.ancestors(5), [0, 1]);
    }
}
